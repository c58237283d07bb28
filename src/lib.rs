//! leakdesk: triage leaked-secret findings from any scanner.
//!
//! Data flows one way: inputs → [`report`] (recognise, import, merge) or [`scan`] →
//! [`finding::Finding`]s → [`verdicts`] (with the allowlist and triage state) → the [`output`]
//! writers, the `allowlist` commands or the triage screen ([`tui`]).
//!
//! Where the world is touched: the terminal in `cli` and `tui::app`; files in `store` (the
//! decision files), `scan` (the walk), `config`, and the loaders of playbooks, rules, themes and
//! `keys.json`; processes in `git` only; the clipboard in `clipboard`. The rest (findings,
//! verdicts, decisions, masking, importers, writers, the screen's model, update and drawing) is
//! pure and tested without them. No clap below `cli`.
//!
//! ```text
//! main.rs          parse arguments (clap), call cli::run
//! cli.rs           arguments, exit codes; cli/{list,check,playbook,allowlist,triage}.rs one per
//!                  command, cli/load.rs reading inputs and computing the verdicts,
//!                  cli/args.rs the command line's names for the domain's choices
//! finding.rs       Finding, Secret, fingerprint, redaction: no I/O
//! fingerprint.rs   a typed fingerprint or prefix resolved against the known ones
//! mask.rs          every known secret masked in every finding's code and context lines
//! nearest.rs       edit distance, for "did you mean" (playbook ids, key commands)
//! provider.rs      detector id -> provider (playbook) id, for every tool
//! playbook.rs      playbook schema, library (bundled + user + repo), lookup; playbook/bundled/
//!                  the embedded JSON files, playbook/render.rs text and Markdown
//! config.rs        the user's config directory and the repository's `.leakdesk/`
//! decision.rs      a decision as entered (CLI or form): checked once, in one set of words
//! allowlist.rs     the allowlist file: entries, scopes, expiry, matching;
//!                  allowlist/{export,import}.rs other tools' ignore formats, merge.rs git merges,
//!                  health.rs what each entry hides, table.rs the table CLI and screen show
//! store.rs         locked, atomic, change-merging updates of the files leakdesk writes
//! git.rs           the one place that runs git: identity, a file at a ref, merge-driver set-up
//! time.rs          UTC timestamps and dates
//! triage.rs        per-secret status, ticked checklist steps and notes
//! validate.rs      what a well-formed fingerprint, date, step id looks like in those files
//! verdicts.rs      the one engine deciding what is open: per finding and per secret
//! workspace.rs     what a run works on: findings, decisions, playbooks, paths, verdicts
//! tui.rs           the triage screen: tui/{model,update,keymap,keyspec,theme,remediation,app,
//!                  signals,disk}.rs and tui/ui/ (list, detail and checklist, overlays)
//! clipboard.rs     system clipboard, OSC 52 (tmux-wrapped), memory for tests
//! scan.rs          the built-in scanner: parallel walk, skips, findings; scan/rules.rs the
//!                  rule set (scan/rules.json) and keyword prefilter
//! report.rs        format recognition and dispatch; report/ one importer per format,
//!                  json.rs (documents, shapes, positions), path.rs (root-relative paths),
//!                  merge.rs (one finding per secret and place), date.rs (RFC 3339 dates)
//! output.rs        writers: output/{text,json,sarif}.rs
//! sanitize.rs      the one sanitizer: hazards out of hostile text, SafeWriter for stdio
//! safe_json.rs     JSON and SARIF with every control, bidi and invisible character escaped
//! error.rs         InputError: file, line, column, message, hint
//! ```

pub mod allowlist;
pub mod cli;
pub mod clipboard;
pub mod config;
pub mod decision;
pub mod error;
pub mod finding;
pub mod fingerprint;
pub mod fix;
pub mod git;
pub mod history;
pub mod incident;
pub mod live;
pub mod mask;
pub mod nearest;
pub mod output;
pub mod playbook;
pub mod provider;
pub mod report;
pub mod safe_json;
pub mod sanitize;
pub mod scan;
pub mod store;
pub mod time;
pub mod triage;
pub mod tui;
pub mod validate;
pub mod verdicts;
pub mod workspace;
