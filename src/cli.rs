//! The command line: arguments (clap) and one module per command. Only this layer prints, and
//! all it prints passes the sanitizer: standard output through `emit`, standard error through
//! `errln!`.

/// `eprintln!` through [`crate::sanitize::SafeWriter`]: no escape sequence, control, bidi or
/// invisible character reaches the terminal, whatever a message quotes. Values that may hold a
/// line break are still to be [`crate::sanitize::clean`]ed where they are quoted, so that they
/// cannot start a line of their own.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::sanitize::eprint_line(&format!($($arg)*))
    };
}

pub mod allowlist;
pub mod args;
pub mod check;
pub mod fix;
pub mod list;
pub mod load;
pub mod playbook;
pub mod report;
pub mod triage;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::output::OutputFormat;
use crate::report::Format;

/// Exit codes shared by every command, so CI can tell "leaks" from "broken".
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "leakdesk",
    version,
    about = "Triage leaked-secret findings from any scanner",
    long_about = "Triage leaked-secret findings from any scanner.\n\n\
        leakdesk reads the reports of gitleaks, trufflehog, detect-secrets, ggshield, Nosey Parker, \
        Kingfisher, secretlint, GitHub secret scanning and any SARIF 2.1.0 producer, merges them, \
        and lists the leaks with the secret redacted.\n\n\
        `leakdesk INPUT...` (no command) opens the triage screen over the reports or directories \
        given (the current directory when none): page through the secrets, read each provider's \
        playbook, tick its revocation checklist, and record decisions in the allowlist.",
    after_help = "Examples:\n  leakdesk gitleaks.json trufflehog.jsonl     the triage screen\n  \
        leakdesk list --format json gitleaks.json  the findings, for scripts\n  \
        leakdesk check .                           a CI gate over a scan of this directory\n\n\
        Exit codes: 0 no findings, 1 findings (check), 2 error."
)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Without a command: open the triage screen over these reports.
    #[command(flatten)]
    pub open: OpenArgs,
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub history: HistoryArgs,
    /// Colour theme: `default`, `light`, `high-contrast`, or one in the config directory's `themes/`.
    #[arg(long, value_name = "NAME", default_value = "default")]
    pub theme: String,
    /// Leave the mouse to the terminal, so text can be selected with it.
    #[arg(long)]
    pub no_mouse: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the findings of one or more scanner reports.
    #[command(
        after_help = "Example:\n  leakdesk list gitleaks.json trufflehog.jsonl --format json"
    )]
    List(ListArgs),
    /// Scan directories (default: the current one) and list what is found, like `list`.
    #[command(
        after_help = "Examples:\n  leakdesk scan\n  leakdesk scan src/ config/ --format sarif > leaks.sarif\n  leakdesk check .   # the same as a CI or pre-commit gate"
    )]
    Scan(ListArgs),
    /// Fail (exit 1) when the reports hold any finding: a CI and pre-commit gate.
    #[command(after_help = "Exit codes: 0 no findings, 1 findings, 2 error.\n\n\
        Example (CI):\n  gitleaks dir -f json -r leaks.json . ; leakdesk check leaks.json")]
    Check(CheckArgs),
    /// Show what to do about a leaked secret of one provider, or list the providers.
    #[command(
        after_help = "Playbooks are bundled; JSON files in the user's config directory \
        (`~/.config/leakdesk/playbooks/` on Linux, or $LEAKDESK_CONFIG_DIR/playbooks) and in the \
        repository's `.leakdesk/playbooks/` add to them or override them by id.\n\n\
        Examples:\n  leakdesk playbook\n  leakdesk playbook messagebird --format markdown > runbook.md"
    )]
    Playbook(PlaybookArgs),
    /// Print the code that takes a leaked key out of its file: the snippet for the file's
    /// language, by environment variable, AWS Secrets Manager, HashiCorp Vault or CyberArk
    /// Conjur, with the package to install and the leaked line before and after (redacted).
    #[command(
        after_help = "Examples:\n  leakdesk fix src/notify.py:3\n  leakdesk fix 3f9a1c27 gitleaks.json --method vault\n  leakdesk fix .env:5 --method aws --lang python"
    )]
    Fix(FixArgs),
    /// Write the incident record of the secrets (all, or those --filter keeps): what leaked,
    /// where and since when, who found and verified it, every decision, the checklist with who
    /// ticked each step, and the notes. Markdown, JSON or one self-contained HTML file; values
    /// redacted, never a raw secret.
    #[command(
        after_help = "Examples:\n  leakdesk report gitleaks.json > incident.md\n  leakdesk report --format html --output incident.html --filter 'is:live'"
    )]
    Report(ReportArgs),
    /// Review and change the allowlist: the team's decisions about findings.
    #[command(
        after_help = "The allowlist is `.leakdesk/allowlist.json` at the repository root (found by walking up \
        from --root), or --allowlist FILE. Commit it: reviewers read it in pull requests."
    )]
    Allowlist(allowlist::AllowlistArgs),
    /// Record progress on a secret: status, ticked checklist steps, notes.
    Triage(triage::TriageArgs),
}

#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Scanner reports to read (`-`: standard input; the format is recognised from the content),
    /// or directories to scan. Without any, the current directory is scanned.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Read every input as this format instead of recognising it.
    #[arg(long, value_name = "NAME", value_parser = args::choice::<Format>())]
    pub from: Option<Format>,
    /// Directory that reported paths are made relative to, so tools that write absolute,
    /// `./`-prefixed or relative paths agree.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// The allowlist to apply (default: `.leakdesk/allowlist.json`, found by walking up from the
    /// root the way git finds `.git`).
    #[arg(long, value_name = "FILE")]
    pub allowlist: Option<PathBuf>,
    /// The directory REPORT's paths start with (`gitleaks.json=repo`, `secretlint.json=/src/acme`,
    /// `x.json=.` for none), where finding it from the tree or the other reports gets it wrong.
    #[arg(long, value_name = "REPORT=DIR", value_parser = parse_report_root)]
    pub report_root: Vec<(String, String)>,
    /// When scanning: also scan what `.gitignore` and `.ignore` files exclude.
    #[arg(long)]
    pub no_ignore: bool,
    /// When scanning: skip (and report) files larger than this many bytes (`5M`, `512K` work).
    #[arg(long, value_name = "SIZE", default_value = "5M", value_parser = parse_size)]
    pub max_file_size: u64,
    /// The triage state whose statuses `list` shows (default: `triage.json` beside the allowlist).
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// The history options of the commands that scan (`list`, `scan`, `check`, the screen).
    #[arg(skip)]
    pub history: HistoryArgs,
}

/// Scanning git history, for the commands that scan.
#[derive(Debug, Clone, Default, Args)]
pub struct HistoryArgs {
    /// Scan each directory's git history too: every blob its commits introduced, on every ref.
    /// A second scan reads only new commits (remembered in `.leakdesk/history.json`).
    #[arg(long)]
    pub git: bool,
    /// With --git: only the history of this branch, tag or commit.
    #[arg(long, value_name = "REF", requires = "git", conflicts_with = "range")]
    pub branch: Option<String>,
    /// With --git: only commits made on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", requires = "git")]
    pub since: Option<String>,
    /// With --git: only the commits of A..B (reachable from B, not from A).
    #[arg(long, value_name = "A..B", requires = "git")]
    pub range: Option<String>,
}

impl InputArgs {
    /// The allowlist file these arguments point at.
    pub fn allowlist_path(&self) -> PathBuf {
        self.allowlist
            .clone()
            .unwrap_or_else(|| crate::allowlist::locate(&self.root))
    }

    /// The triage state file these arguments point at.
    pub fn state_path(&self) -> PathBuf {
        self.state
            .clone()
            .unwrap_or_else(|| crate::triage::locate(&self.allowlist_path()))
    }
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub history: HistoryArgs,
    /// Output format.
    #[arg(long, short, default_value = "text", value_parser = args::choice::<OutputFormat>())]
    pub format: OutputFormat,
    /// Show the raw secrets instead of the redacted form. They are never shown otherwise.
    #[arg(long)]
    pub reveal: bool,
    /// Also show the findings the allowlist hides, with their status.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct PlaybookArgs {
    /// Provider id or alias (`messagebird`, `aws`, `bird`); without it, the list of providers.
    pub id: Option<String>,
    /// Output format for one playbook.
    #[arg(long, short, value_enum, default_value = "text")]
    pub format: PlaybookFormat,
    /// The repository whose `.leakdesk/playbooks/` add to the bundled ones (found by walking up
    /// from here, as for the allowlist).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: std::path::PathBuf,
}

/// How `playbook ID` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PlaybookFormat {
    /// Sections and a numbered checklist, wrapped for the terminal.
    Text,
    /// Markdown with the checklist as a task list, for a ticket or a chat.
    Markdown,
    /// The playbook file itself, with its source.
    Json,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// markdown, json or html.
    #[arg(long, short, value_name = "FORMAT", default_value = "markdown")]
    pub format: String,
    /// Only the secrets these words keep, as the screen's filter reads them (`is:live`,
    /// `provider:aws`, `path:src/**`, fuzzy words).
    #[arg(long, value_name = "WORDS")]
    pub filter: Option<String>,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// The secret: a fingerprint (or its first 8+ characters) or FILE:LINE.
    #[arg(value_name = "FINGERPRINT|FILE:LINE")]
    pub target: String,
    #[command(flatten)]
    pub input: InputArgs,
    /// Where the key goes: env, aws, vault or conjur.
    #[arg(long, value_name = "METHOD", default_value = "env")]
    pub method: String,
    /// The language or configuration form (default: from the file's name, then its first
    /// line): python, javascript, typescript, go, java, ruby, rust, php, csharp, shell, dotenv,
    /// yaml, compose, terraform, github-actions.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub history: HistoryArgs,
}

/// Runs a parsed command line and returns the process's exit code.
pub fn run(cli: Cli) -> ExitCode {
    // The history options ride with the inputs they apply to.
    let code = match cli.command {
        None => {
            let mut args = cli.open;
            args.input.history = args.history.clone();
            open(&args)
        }
        Some(Command::List(mut args) | Command::Scan(mut args)) => {
            args.input.history = args.history.clone();
            list::run(&args)
        }
        Some(Command::Check(mut args)) => {
            args.input.history = args.history.clone();
            check::run(&args)
        }
        Some(Command::Playbook(args)) => playbook::run(&args),
        Some(Command::Fix(args)) => fix::run(&args),
        Some(Command::Report(args)) => report::run(&args),
        Some(Command::Allowlist(args)) => allowlist::run(&args),
        Some(Command::Triage(args)) => triage::run(&args),
    };
    ExitCode::from(code)
}

/// Why a subcommand failed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Its problems were already printed, each with its file and line (bad inputs).
    Reported,
    /// What to print.
    Message(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Self::Message(message)
    }
}

impl From<crate::git::GitError> for Failure {
    fn from(e: crate::git::GitError) -> Self {
        Self::Message(e.to_string())
    }
}

impl From<&str> for Failure {
    fn from(message: &str) -> Self {
        Self::Message(message.to_owned())
    }
}

/// `REPORT=DIR`.
fn parse_report_root(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .filter(|(r, d)| !r.is_empty() && !d.is_empty())
        .map(|(r, d)| (r.to_owned(), d.to_owned()))
        .ok_or_else(|| format!("`{s}`: expected REPORT=DIR, such as gitleaks.json=repo"))
}

/// `5M`, `512K`, `1G` or plain bytes.
fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, unit) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => s.split_at(i),
        None => (s, ""),
    };
    let n: u64 = digits.parse().map_err(|_| {
        format!(
            "{} is not a size (examples: 5M, 512K, 1000000)",
            crate::validate::quote(s)
        )
    })?;
    let factor = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" => 1024,
        "M" | "MB" => 1024 * 1024,
        "G" | "GB" => 1024 * 1024 * 1024,
        _ => {
            return Err(format!(
                "{}: unknown unit (use K, M or G)",
                crate::validate::quote(s)
            ));
        }
    };
    Ok(n.saturating_mul(factor))
}

/// `leakdesk [INPUT]...`: the triage screen.
fn open(args: &OpenArgs) -> u8 {
    let Some(ws) = load::workspace(&args.input, "opened") else {
        return EXIT_ERROR;
    };
    load::report_incomplete(ws.unreadable, "the screen's list may miss secrets");
    // No terminal (CI, cron, `ssh host leakdesk`, output redirected): the screen cannot be drawn.
    {
        use std::io::IsTerminal;
        if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
            errln!(
                "leakdesk: the triage screen needs a terminal, and standard input or output is not one. Use `leakdesk list INPUT...` or `leakdesk check INPUT...` instead."
            );
            return EXIT_ERROR;
        }
    }
    let opts = crate::tui::app::Options {
        theme: args.theme.clone(),
        mouse: !args.no_mouse,
    };
    match crate::tui::app::run(ws, &opts) {
        Ok(crate::tui::app::Ended::Quit) => EXIT_CLEAN,
        Ok(crate::tui::app::Ended::Signal(signal)) => {
            errln!(
                "leakdesk: stopped by {}; every decision made was already saved.",
                crate::tui::signals::name(signal)
            );
            u8::try_from(128 + signal).unwrap_or(EXIT_ERROR)
        }
        Err(e) => {
            errln!("error: {e}");
            EXIT_ERROR
        }
    }
}

/// Writes to stdout; a closed pipe (`leakdesk list ... | head`) is not an error.
pub(crate) fn emit(
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    let stdout = std::io::stdout();
    // Large writes: a 100,000-finding JSON list is about 100 MB.
    let mut out =
        std::io::BufWriter::with_capacity(1 << 20, crate::sanitize::SafeWriter::new(stdout.lock()));
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("could not write the output: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        // Catches clashing or misordered arguments in every subcommand before a user does.
        <Cli as clap::CommandFactory>::command().debug_assert();
    }
}
