//! `leakdesk triage`: record progress on a leaked secret (status, ticked checklist steps, notes)
//! in `.leakdesk/triage.json`. The triage screen will do the same from the keyboard.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{EXIT_CLEAN, EXIT_ERROR, Failure, emit};
use crate::finding::Status;
use crate::sanitize::clean;
use crate::store;
use crate::triage::{self, Stamp, TriageFile};

#[derive(Debug, Args)]
pub struct TriageArgs {
    #[command(subcommand)]
    pub command: TriageCommand,
    /// The repository (its `.leakdesk/` is found by walking up from here).
    #[arg(long, value_name = "DIR", default_value = ".", global = true)]
    pub root: PathBuf,
    /// The triage state file, instead of the repository's `.leakdesk/triage.json`.
    #[arg(long, value_name = "FILE", global = true)]
    pub state: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum TriageCommand {
    /// Show the recorded progress, for every secret or one.
    Show {
        /// A fingerprint or its first 8+ characters.
        fingerprint: Option<String>,
    },
    /// Set a secret's status.
    Status {
        fingerprint: String,
        #[arg(value_parser = super::args::choice::<Status>())]
        status: Status,
    },
    /// Tick a step of the provider's revocation checklist (its id, as `leakdesk playbook ID` shows).
    Tick {
        /// A fingerprint or its first 8+ characters.
        fingerprint: String,
        /// The step's id (`deactivate-key`), as `leakdesk playbook PROVIDER` shows in brackets.
        step: String,
        /// The provider whose checklist the step is in: the id is checked against its
        /// playbook (without it, against every playbook's steps).
        #[arg(long, value_name = "ID")]
        provider: Option<String>,
        /// Untick it instead.
        #[arg(long)]
        undo: bool,
    },
    /// Add a note.
    Note { fingerprint: String, text: String },
}

pub fn run(args: &TriageArgs) -> u8 {
    match execute(args) {
        Ok(()) => EXIT_CLEAN,
        Err(Failure::Reported) => EXIT_ERROR,
        Err(Failure::Message(e)) => {
            errln!("error: {e}");
            EXIT_ERROR
        }
    }
}

fn execute(args: &TriageArgs) -> Result<(), Failure> {
    let path = args
        .state
        .clone()
        .unwrap_or_else(|| triage::locate(&crate::allowlist::locate(&args.root)));
    let stamp = || Stamp {
        at: crate::time::now_rfc3339(),
        by: crate::git::identity(&args.root),
    };
    // Read the way every command reads the decision files, so a record shows the allowlist's
    // decision on the same secret too.
    let paths = crate::workspace::Paths {
        root: args.root.clone(),
        allowlist: crate::allowlist::locate(&args.root),
        state: path.clone(),
    };
    let Some(decisions) = super::load::decisions(&paths, "shown") else {
        return Err(Failure::Reported);
    };
    let (file, allowlist, playbooks) = (decisions.triage, decisions.allowlist, decisions.playbooks);
    let write = |change: &dyn Fn(&mut TriageFile) -> Result<(), String>| {
        store::update(&path, |f: &mut TriageFile| change(f))
            .map_err(|e| format!("{}: {e}", path.display()))
    };
    match &args.command {
        TriageCommand::Show { fingerprint } => {
            let key = fingerprint
                .as_deref()
                .map(|f| resolve(&file, f))
                .transpose()?;
            emit(|out| {
                for (fp, r) in file
                    .findings
                    .iter()
                    .filter(|(fp, _)| key.as_ref().is_none_or(|k| k == *fp))
                {
                    writeln!(
                        out,
                        "{}  {}",
                        clean(crate::allowlist::short(fp)),
                        r.status.as_str()
                    )?;
                    for e in allowlist.entries.iter().filter(|e| e.fingerprint == *fp) {
                        writeln!(
                            out,
                            "  allowlisted: {} {} ({}){}",
                            e.kind.as_str(),
                            e.path.as_deref().map_or_else(
                                || "everywhere".into(),
                                |p| format!("under `{}`", clean(p))
                            ),
                            clean(&e.reason),
                            if e.is_expired(&crate::time::today()) {
                                " [expired]"
                            } else {
                                ""
                            }
                        )?;
                    }
                    for (step, s) in &r.checklist {
                        writeln!(
                            out,
                            "  [x] {}  ({}, {})",
                            clean(step),
                            clean(&s.at),
                            clean(&s.by)
                        )?;
                    }
                    for n in &r.notes {
                        writeln!(
                            out,
                            "  note ({}, {}): {}",
                            clean(&n.at),
                            clean(&n.by),
                            clean(&n.text)
                        )?;
                    }
                }
                Ok(())
            })?;
        }
        TriageCommand::Status {
            fingerprint,
            status,
        } => {
            let fp = resolve(&file, fingerprint)?;
            // These say the secret needs no action: a decision, which belongs in the reviewed
            // allowlist with a reason (and the live-key guard), not in progress notes.
            if matches!(
                status,
                Status::FalsePositive | Status::TestCredential | Status::AcceptedRisk
            ) {
                let kind = super::args::Choice::name(*status);
                return Err(Failure::Message(format!(
                    "{kind} is a decision, not progress: record it in the allowlist (what hides a finding and lets `check` pass), with a reason a reviewer can check:\n  leakdesk allowlist add --fingerprint {} --kind {kind} --reason \"...\" REPORT...",
                    crate::allowlist::short(&fp)
                )));
            }
            write(&|f| Ok(f.set_status(&fp, *status, None, stamp())?))?;
            errln!(
                "{} is now {}.",
                crate::allowlist::short(&fp),
                status.as_str()
            );
        }
        TriageCommand::Tick {
            fingerprint,
            step,
            provider,
            undo,
        } => {
            let fp = resolve(&file, fingerprint)?;
            known_step(&playbooks, provider.as_deref(), step)?;
            write(&|f| {
                f.tick(&fp, step, !undo, stamp());
                Ok(())
            })?;
            errln!(
                "{} {} for {}.",
                if *undo { "Unticked" } else { "Ticked" },
                clean(step),
                crate::allowlist::short(&fp)
            );
        }
        TriageCommand::Note { fingerprint, text } => {
            let fp = resolve(&file, fingerprint)?;
            if text.trim().is_empty() {
                return Err("the note is empty".into());
            }
            write(&|f| {
                f.add_note(&fp, text.trim(), stamp());
                Ok(())
            })?;
        }
    }
    Ok(())
}

/// A full fingerprint, or a prefix (8+ characters) of one already in the file.
/// Refuses a step id that the provider's playbook (or, without a provider, every playbook)
/// does not have, naming the closest: a tick under a wrong id is saved but never shown.
fn known_step(
    playbooks: &crate::playbook::Library,
    provider: Option<&str>,
    step: &str,
) -> Result<(), String> {
    let ids: Vec<&str> = match provider {
        Some(p) => {
            let Some((book, _)) = playbooks.get(p) else {
                return Err(format!(
                    "no playbook `{}`; `leakdesk playbook` lists them",
                    clean(p)
                ));
            };
            book.checklist.iter().map(|s| s.id.as_str()).collect()
        }
        None => playbooks
            .iter()
            .flat_map(|(b, _)| b.checklist.iter().map(|s| s.id.as_str()))
            .collect(),
    };
    if ids.contains(&step) {
        return Ok(());
    }
    let closest = ids
        .iter()
        .map(|id| (crate::nearest::edit_distance(step, id), *id))
        .filter(|(d, id)| *d <= 4 || id.starts_with(step) || step.starts_with(id))
        .min();
    let whose = provider.map_or_else(
        || "any playbook".to_owned(),
        |p| format!("the `{}` playbook", clean(p)),
    );
    Err(format!(
        "`{}` is not a step of {whose}{}; `leakdesk playbook PROVIDER` shows the ids in brackets",
        clean(step),
        closest
            .map(|(_, id)| format!(" (did you mean `{id}`?)"))
            .unwrap_or_default()
    ))
}

fn resolve(file: &TriageFile, given: &str) -> Result<String, String> {
    crate::fingerprint::resolve(given, file.findings.keys().map(String::as_str))
        .map(|r| r.fingerprint().to_owned())
        .map_err(|e| e.to_string())
}
