//! `leakdesk allowlist`: add, remove, list and prune the decisions a team reviews and commits.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::Failure;
use super::{EXIT_CLEAN, EXIT_ERROR, InputArgs, emit, load};
use crate::allowlist::{self, AllowlistFile, Entry, Health, Kind};
use crate::finding::Finding;
use crate::sanitize::{clean, clean_lines};
use crate::store::{self, UpdateError};
use crate::validate::quote;

#[derive(Debug, Args)]
pub struct AllowlistArgs {
    #[command(subcommand)]
    pub command: AllowlistCommand,
}

#[derive(Debug, Subcommand)]
pub enum AllowlistCommand {
    /// List the entries, and with reports given, how many findings each hides and which are stale.
    List(ListArgs),
    /// Record a decision for a secret (by fingerprint, or by FILE:LINE in the given reports).
    #[command(
        after_help = "Examples:\n  leakdesk allowlist add --finding tests/fixtures/keys.py:12 gitleaks.json \\\n      --kind test-credential --reason \"Fake key used by the fixture; never valid\"\n  leakdesk allowlist add d6ae31f5 gitleaks.json --kind revoked --reason \"Revoked 2026-11-20, INC-231\"\n  \
        leakdesk allowlist add .env:5 gitleaks.json --kind accepted-risk --expires 2027-01-31 --reason \"Sandbox key\""
    )]
    Add(AddArgs),
    /// Remove the entries for a fingerprint (12 or more characters are enough).
    Remove(RemoveArgs),
    /// Remove expired entries, and with reports given, entries that hide nothing.
    Prune(PruneArgs),
    /// What changed since a git ref: the entries added, changed and removed, for a reviewer.
    #[command(
        after_help = "Example (in a pull request):\n  leakdesk allowlist review --since origin/main gitleaks.json"
    )]
    Review(ReviewArgs),
    /// Write the decisions in another tool's format, so it stays quiet about them too.
    #[command(
        after_help = "Each tool keys its ignores by its own ids, so give that tool's reports:\n  \
        leakdesk allowlist export --to gitleaks gitleaks.json > .gitleaksignore\n  \
        leakdesk allowlist export --to sarif gitleaks.json trufflehog.jsonl > leaks.sarif"
    )]
    Export(ExportArgs),
    /// Turn another tool's decisions into allowlist entries: `.gitleaksignore`, `.gitguardian.yaml`,
    /// a detect-secrets baseline audited `is_secret: false`, a Kingfisher baseline, or GitHub
    /// secret-scanning alerts GitHub resolved.
    #[command(
        after_help = "Examples:\n  leakdesk allowlist import .gitleaksignore gitleaks.json\n  \
        leakdesk allowlist import .secrets.baseline\n  leakdesk allowlist import .gitguardian.yaml ggshield.json\n  \
        leakdesk allowlist import kingfisher-baseline.yaml kingfisher.json\n  \
        gh api repos/OWNER/REPO/secret-scanning/alerts --paginate > alerts.json && leakdesk allowlist import alerts.json"
    )]
    Import(ImportArgs),
    /// Let git merge `.leakdesk/*.json` by entry, so two branches' additions never conflict:
    /// writes `.gitattributes` and registers the merge driver in this clone's git config.
    GitSetup(GitSetupArgs),
    /// The merge driver git runs (`%O %A %B`); writes the merge into OURS.
    #[command(hide = true)]
    MergeDriver(MergeDriverArgs),
}

#[derive(Debug, Args)]
pub struct GitSetupArgs {
    /// The repository (default: the current directory).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    pub base: PathBuf,
    pub ours: PathBuf,
    pub theirs: PathBuf,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The tool to write for.
    #[arg(long, value_parser = super::args::choice::<allowlist::export::Target>())]
    pub to: allowlist::export::Target,
    /// With `--to detect-secrets`: the team's baseline to update in place (its plugins, filters
    /// and audits are kept), instead of printing a new one.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The other tool's file: `.gitleaksignore`, `.gitguardian.yaml`, a detect-secrets or
    /// Kingfisher baseline, or GitHub's secret-scanning alerts. Recognised from its content.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Read FILE as this tool's file, when its content does not say (`--from` is for the reports).
    #[arg(long = "as", value_name = "TOOL", value_parser = super::args::choice::<allowlist::import::Origin>())]
    pub origin: Option<allowlist::import::Origin>,
    /// Import decisions that call a secret verified live harmless.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub input: InputArgs,
    /// How to record the imported decisions.
    #[arg(long, default_value = "false-positive", value_parser = super::args::choice::<Kind>())]
    pub kind: Kind,
    /// Show what would be added, change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The git ref to compare with (a branch, tag or commit).
    #[arg(long, value_name = "GIT-REF", default_value = "HEAD")]
    pub since: String,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Clone, Args)]
pub struct AddArgs {
    /// The secret: its fingerprint (a prefix of 8+ characters when reports are given) or
    /// FILE:LINE of a finding in the reports. (`--fingerprint` and `--finding` say which.)
    #[arg(value_name = "FINGERPRINT|FILE:LINE")]
    pub target: Option<String>,
    #[command(flatten)]
    pub input: InputArgs,
    /// The secret's fingerprint (as `list --format json` shows it; a prefix of 8+ characters works
    /// when reports are given).
    #[arg(long, value_name = "SHA256", conflicts_with = "finding")]
    pub fingerprint: Option<String>,
    /// The finding at FILE:LINE in the given reports.
    #[arg(long, value_name = "FILE:LINE")]
    pub finding: Option<String>,
    /// Why: what a reviewer needs to approve it. Required.
    #[arg(long, required = true)]
    pub reason: String,
    #[arg(long, default_value = "false-positive", value_parser = super::args::choice::<Kind>())]
    pub kind: Kind,
    /// Limit the decision to a path or glob (`tests/**`); without it, the secret is allowed everywhere.
    #[arg(long, value_name = "GLOB")]
    pub path: Option<String>,
    /// Stop matching after this day (YYYY-MM-DD). Advisable for accepted risks.
    #[arg(long, value_name = "DATE")]
    pub expires: Option<String>,
    /// Decide false-positive or test-credential even though a tool verified the secret live.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The entry's fingerprint, or its first 8+ characters.
    #[arg(value_name = "FINGERPRINT")]
    pub fingerprint: String,
    /// The repository whose allowlist to change (default: the current directory).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: std::path::PathBuf,
    /// The allowlist file, instead of the repository's.
    #[arg(long, value_name = "FILE")]
    pub allowlist: Option<std::path::PathBuf>,
    /// Only the entry with this scope.
    #[arg(long, value_name = "GLOB")]
    pub path: Option<String>,
}

#[derive(Debug, Args)]
pub struct PruneArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Show what would be removed, change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(args: &AllowlistArgs) -> u8 {
    let result = match &args.command {
        AllowlistCommand::List(a) => list(a),
        AllowlistCommand::Add(a) => add(a),
        AllowlistCommand::Remove(a) => remove(a),
        AllowlistCommand::Prune(a) => prune(a),
        AllowlistCommand::Review(a) => review(a),
        AllowlistCommand::Export(a) => export(a),
        AllowlistCommand::Import(a) => import(a),
        AllowlistCommand::GitSetup(a) => git_setup(a),
        AllowlistCommand::MergeDriver(a) => merge_driver(a),
    };
    match result {
        Ok(()) => EXIT_CLEAN,
        Err(Failure::Reported) => EXIT_ERROR,
        Err(Failure::Message(message)) => {
            errln!("error: {}", clean_lines(&message));
            EXIT_ERROR
        }
    }
}

/// The reports' findings judged against the allowlist (the same verdicts `check` and the
/// screen use), or none when no report was given.
fn judged(input: &InputArgs) -> Result<Option<crate::workspace::Workspace>, Failure> {
    if input.inputs.is_empty() {
        return Ok(None);
    }
    // The errors are printed already: an empty message adds nothing to them.
    let triaged = load::workspace(input, "read").ok_or(Failure::Reported)?;
    // Judging entries against an incomplete scan would call live entries stale (and prune them).
    if load::report_incomplete(
        triaged.unreadable,
        "leakdesk will not judge allowlist entries against it",
    ) {
        return Err(Failure::Reported);
    }
    Ok(Some(triaged))
}

/// Each entry's health and how many findings it hides.
type Healths = Vec<(Health, usize)>;

/// For each entry, who verified the secret it hides live.
type Live = Vec<Option<String>>;

/// The allowlist, and each entry's health, count and live verification when the reports were
/// given.
fn with_health(
    path: &Path,
    judged: Option<crate::workspace::Workspace>,
    today: &str,
) -> Result<Judged, Failure> {
    Ok(match judged {
        Some(t) => {
            let health = allowlist::health::assess(&t.allowlist, &t.findings, &t.verdicts, today);
            let live = crate::live::by_entry(&t.allowlist, &t.findings);
            let places = allowlist::hidden::by_entry(t.allowlist.entries.len(), &t.verdicts)
                .iter()
                .map(|hidden| allowlist::hidden::lines(&t.findings, hidden, PLACES_SHOWN))
                .collect();
            Judged {
                file: t.allowlist,
                health: Some(health),
                live: Some(live),
                places: Some(places),
            }
        }
        None => Judged {
            file: read_list(path)?,
            health: None,
            live: None,
            places: None,
        },
    })
}

/// How many hidden places a listing prints under an entry before "and N more".
const PLACES_SHOWN: usize = 5;

/// The allowlist, and with the reports: each entry's health and count, who verified its secret
/// live, and the places it hides (described, one line each).
struct Judged {
    file: AllowlistFile,
    health: Option<Healths>,
    live: Option<Live>,
    places: Option<Vec<Vec<String>>>,
}

/// The allowlist for reading: entries that cannot be read are reported and left out.
fn read_list(path: &Path) -> Result<AllowlistFile, String> {
    let loaded = store::read(path).map_err(|e| e.to_string())?;
    load::warn_left_out(&loaded.problems);
    Ok(loaded.doc)
}

fn update(
    path: &Path,
    change: impl FnOnce(&mut AllowlistFile) -> Result<(), String>,
) -> Result<(), String> {
    store::update(path, change).map_err(|e| match e {
        UpdateError::Conflict(m) => format!("{}: {m}", path.display()),
        other => other.to_string(),
    })
}

fn list(a: &ListArgs) -> Result<(), Failure> {
    let path = a.input.allowlist_path();
    let today = crate::time::today();
    let Judged {
        file,
        health,
        live,
        places,
    } = with_health(&path, judged(&a.input)?, &today)?;
    if file.entries.is_empty() {
        errln!("{} has no entries.", path.display());
        return Ok(());
    }
    let rows = allowlist::table::rows(&file, health.as_deref(), live.as_deref(), &today);
    let flagged: Vec<String> = rows
        .iter()
        .filter_map(|r| {
            let by = r.live.as_deref()?;
            Some(format!(
                "  {}  {}  hides a secret verified LIVE by {by}",
                r.fingerprint, r.kind
            ))
        })
        .collect();
    let rows: Vec<[String; 10]> = rows
        .into_iter()
        .zip(&file.entries)
        .map(|(r, e)| {
            [
                r.fingerprint,
                r.kind.to_owned(),
                crate::sanitize::one_line(&e.rule),
                r.scope,
                e.expires
                    .as_deref()
                    .map_or_else(|| "never".into(), crate::sanitize::one_line),
                r.hides.map_or_else(|| "-".into(), |n| n.to_string()),
                r.state.map_or("-", Health::as_str).to_owned(),
                r.decided_by,
                r.on,
                r.reason,
            ]
        })
        .collect();
    let header = [
        "FINGERPRINT",
        "KIND",
        "RULE",
        "SCOPE",
        "EXPIRES",
        "HIDES",
        "STATE",
        "DECIDED BY",
        "ON",
        "REASON",
    ];
    let last = header.len() - 1;
    emit(|out| {
        // Whole values, never cut: this text is what people grep and paste into reviews.
        let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
        for r in &rows {
            for (w, c) in widths.iter_mut().zip(r.iter()) {
                *w = (*w).max(c.chars().count());
            }
        }
        let head = std::iter::once((header.map(str::to_owned), None));
        let body = rows
            .iter()
            .cloned()
            .enumerate()
            .map(|(i, r)| (r, places.as_ref().and_then(|p| p.get(i))));
        for (r, hidden) in head.chain(body) {
            let mut line = String::new();
            for (i, c) in r.iter().enumerate() {
                line.push_str(c);
                if i < last {
                    line.push_str(&" ".repeat(widths[i] - c.chars().count() + 2));
                }
            }
            writeln!(out, "{}", line.trim_end())?;
            for place in hidden.into_iter().flatten() {
                writeln!(out, "    hides {place}")?;
            }
        }
        if !flagged.is_empty() {
            writeln!(
                out,
                "\nLIVE: {} entr{} hide a secret a tool verified as working; revoke it or re-decide:",
                flagged.len(),
                if flagged.len() == 1 {
                    "y would"
                } else {
                    "ies would"
                }
            )?;
            for line in &flagged {
                writeln!(out, "{line}")?;
            }
        }
        Ok(())
    })?;
    if health.is_none() {
        errln!(
            "Give the scanner reports too (`leakdesk allowlist list REPORT...`) to see how many findings each entry hides."
        );
    }
    Ok(())
}

/// `allowlist add TARGET REPORT...`: the first argument names the secret unless `--fingerprint`
/// or `--finding` does, in which case it is the first report.
fn positional(a: &AddArgs) -> Result<AddArgs, Failure> {
    let mut a = a.clone();
    let Some(target) = a.target.take() else {
        if a.fingerprint.is_none() && a.finding.is_none() {
            return Err("name the secret: its fingerprint (8+ characters) or FILE:LINE, as the first argument".into());
        }
        return Ok(a);
    };
    if a.fingerprint.is_some() || a.finding.is_some() {
        a.input.inputs.insert(0, target);
        return Ok(a);
    }
    // A report given first, with no secret named, is not a fingerprint.
    if target == "-" || std::path::Path::new(&target).exists() {
        return Err(format!(
            "name the secret first: `leakdesk allowlist add FINGERPRINT|FILE:LINE {} ...` (`{}` is a file, not a secret)",
            clean(&target),
            clean(&target)
        )
        .into());
    }
    let is_place = target.rsplit_once(':').is_some_and(|(f, l)| {
        !f.is_empty() && !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit())
    });
    if is_place {
        a.finding = Some(target);
    } else {
        a.fingerprint = Some(target);
    }
    Ok(a)
}

fn add(a: &AddArgs) -> Result<(), Failure> {
    let a = &positional(a)?;
    let today = crate::time::today();
    // The same checks, in the same words, as the screen's decision form.
    let draft = crate::decision::Draft {
        kind: a.kind,
        scope: a.path.clone(),
        expires: a.expires.clone(),
        reason: a.reason.clone(),
    }
    .checked(&today)
    .map_err(|e| e.to_string())?;
    let found = judged(&a.input)?.map(|t| t.findings);
    let target = resolve(a, found.as_deref())?;
    // Every place of the secret: one verified live anywhere is a working credential everywhere.
    let live = crate::live::verified_by(
        found
            .iter()
            .flatten()
            .filter(|f| f.fingerprint == target.fingerprint),
    );
    if let Some(by) = &live
        && crate::live::guarded(a.kind)
    {
        if !a.force {
            return Err(Failure::Message(crate::live::refusal(a.kind, by)));
        }
        errln!(
            "Warning: deciding {} on a secret verified LIVE by {by} (--force).",
            a.kind.as_str()
        );
    }
    let path = a.input.allowlist_path();
    let entry = draft.entry(
        &target.fingerprint,
        &target.rule,
        target.provider.as_deref(),
        &crate::git::identity(&a.input.root),
        &crate::time::now_rfc3339(),
    );
    let hides = found.as_ref().map(|f| {
        let hides = entry.hides(&today);
        f.iter().filter(|x| hides(x)).count()
    });
    let summary = format!(
        "{} ({}) as {}{}",
        allowlist::short(&entry.fingerprint),
        clean(&entry.rule),
        entry.kind.as_str(),
        entry
            .path
            .as_deref()
            .map(|p| format!(" under `{}`", clean(p)))
            .unwrap_or_else(|| ", everywhere".into()),
    );
    update(&path, |file| Ok(file.add(entry)?))?;
    errln!("Added to {}: {summary}.", path.display());
    if let Some(n) = hides {
        errln!(
            "It hides {n} finding{} of these reports.",
            if n == 1 { "" } else { "s" }
        );
    }
    Ok(())
}

/// What is being allowlisted: rule and provider come from the reports when they are given.
struct Target {
    fingerprint: String,
    rule: String,
    provider: Option<String>,
}

fn resolve(a: &AddArgs, found: Option<&[Finding]>) -> Result<Target, String> {
    let from = |f: &Finding| Target {
        fingerprint: f.fingerprint.clone(),
        rule: f.rule().to_owned(),
        provider: f.provider.clone(),
    };
    if let Some(spec) = &a.finding {
        let found = found
            .ok_or("--finding needs the scanner reports that hold it: add them as arguments")?;
        let (file, line) = load::parse_place(spec)
            .ok_or_else(|| format!("--finding {}: expected FILE:LINE", quote(spec)))?;
        return load::finding_at(found, &a.input.root, file, line).map(from);
    }
    let given = a.fingerprint.as_deref().unwrap_or_default();
    let known = found.unwrap_or_default();
    let given =
        match crate::fingerprint::resolve(given, known.iter().map(|f| f.fingerprint.as_str())) {
            Ok(crate::fingerprint::Resolved::Known(fp)) => {
                if let Some(f) = known.iter().find(|f| f.fingerprint == fp) {
                    return Ok(from(f));
                }
                fp
            }
            Ok(crate::fingerprint::Resolved::Unknown(fp)) => fp,
            Err(e) => return Err(format!("--fingerprint: {e}")),
        };
    Ok(Target {
        fingerprint: given,
        rule: "unknown".into(),
        provider: None,
    })
}

fn remove(a: &RemoveArgs) -> Result<(), Failure> {
    let path = a
        .allowlist
        .clone()
        .unwrap_or_else(|| allowlist::locate(&a.root));
    let mut removed = Vec::new();
    update(&path, |file| {
        removed = file.remove(&a.fingerprint, a.path.as_deref())?;
        Ok(())
    })?;
    for e in &removed {
        errln!(
            "Removed from {}: {} ({}, {}: {}).",
            path.display(),
            allowlist::short(&e.fingerprint),
            clean(&e.rule),
            e.kind.as_str(),
            clean(&e.reason)
        );
    }
    Ok(())
}

fn prune(a: &PruneArgs) -> Result<(), Failure> {
    let path = a.input.allowlist_path();
    let today = crate::time::today();
    let Judged {
        file,
        health: judged,
        ..
    } = with_health(&path, judged(&a.input)?, &today)?;
    let stale: Vec<(Entry, Health)> = file
        .entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let health = match &judged {
                Some(h) => h[i].0,
                None if e.is_expired(&today) => Health::Expired,
                None => Health::Active,
            };
            health.is_stale().then(|| (e.clone(), health))
        })
        .collect();
    if judged.is_none() {
        errln!(
            "No reports given: only expired entries are pruned. Give the scanner reports to prune entries that hide nothing."
        );
    }
    for (e, health) in &stale {
        errln!(
            "{} {} ({}, {}): {}",
            if a.dry_run {
                "Would remove"
            } else {
                "Removing"
            },
            allowlist::short(&e.fingerprint),
            clean(&e.rule),
            e.path.as_deref().map_or("everywhere".into(), clean),
            health.as_str()
        );
    }
    if stale.is_empty() {
        errln!("Nothing to prune in {}.", path.display());
        return Ok(());
    }
    if a.dry_run {
        return Ok(());
    }
    update(&path, |file| {
        file.entries
            .retain(|e| !stale.iter().any(|(s, _)| s.key() == e.key()));
        Ok(())
    })?;
    errln!(
        "Pruned {} entr{} from {}.",
        stale.len(),
        if stale.len() == 1 { "y" } else { "ies" },
        path.display()
    );
    Ok(())
}

fn review(a: &ReviewArgs) -> Result<(), Failure> {
    let path = a.input.allowlist_path();
    let before = at_ref(&path, &a.since)?;
    let today = crate::time::today();
    let found = judged(&a.input)?;
    let now = match &found {
        Some(t) => t.allowlist.clone(),
        None => read_list(&path)?,
    };
    let health = found
        .as_ref()
        .map(|t| allowlist::health::assess(&t.allowlist, &t.findings, &t.verdicts, &today));
    let live = found
        .as_ref()
        .map(|t| crate::live::by_entry(&t.allowlist, &t.findings));
    let hidden = found.as_ref().map(|t| {
        allowlist::hidden::by_entry(t.allowlist.entries.len(), &t.verdicts)
            .iter()
            .map(|h| allowlist::hidden::lines(&t.findings, h, PLACES_SHOWN))
            .collect::<Vec<_>>()
    });
    let places_of = |e: &Entry| {
        let i = now.entries.iter().position(|x| x.key() == e.key())?;
        let lines = hidden.as_ref()?.get(i)?;
        Some(
            lines
                .iter()
                .map(|l| format!("\n    hides {l}"))
                .collect::<String>(),
        )
    };
    let live_of = |e: &Entry| {
        let i = now.entries.iter().position(|x| x.key() == e.key())?;
        let by = live.as_ref()?.get(i)?.as_deref()?;
        Some(format!("\n    ! hides a secret verified LIVE by {by}"))
    };
    let key = |e: &Entry| (e.fingerprint.clone(), e.path.clone());
    let old: std::collections::BTreeMap<_, &Entry> =
        before.entries.iter().map(|e| (key(e), e)).collect();
    let new: std::collections::BTreeMap<_, &Entry> =
        now.entries.iter().map(|e| (key(e), e)).collect();
    let hides = |e: &Entry, removed: bool| match (&found, &health) {
        (Some(t), Some(health)) => {
            let n = if removed {
                // What it hid that no current entry hides: open again.
                let hid = e.hides(&today);
                t.findings
                    .iter()
                    .zip(&t.verdicts.findings)
                    .filter(|(f, v)| !v.hidden() && hid(f))
                    .count()
            } else {
                now.entries
                    .iter()
                    .position(|x| x.key() == e.key())
                    .map_or(0, |i| health[i].1)
            };
            let s = if n == 1 { "" } else { "s" };
            if removed {
                format!("removing it re-opens {n} finding{s}")
            } else {
                format!("hides {n} finding{s}")
            }
        }
        _ => "give the reports to count what it hides".into(),
    };
    let describe = |e: &Entry, removed: bool| {
        format!(
            "{} {} ({}) {}{}{}\n    reason: {}\n    by {} on {}; {}{}",
            allowlist::short(&e.fingerprint),
            e.kind.as_str(),
            clean(&e.rule),
            e.path
                .as_deref()
                .map_or("everywhere".into(), |p| format!("under `{}`", clean(p))),
            e.expires
                .as_deref()
                .map(|d| format!(", until {}", clean(d)))
                .unwrap_or_default(),
            if e.is_expired(&today) {
                " [expired]"
            } else {
                ""
            },
            clean(&e.reason),
            clean(&e.decided_by),
            clean(&e.decided_at),
            hides(e, removed),
            if removed {
                String::new()
            } else {
                live_of(e).unwrap_or_default() + &places_of(e).unwrap_or_default()
            },
        )
    };
    let mut lines = Vec::new();
    for (k, e) in &new {
        match old.get(k) {
            None => lines.push(format!("+ added   {}", describe(e, false))),
            Some(o) if o != e => lines.push(format!(
                "~ changed {}\n    was: {} ({}) by {}",
                describe(e, false),
                o.kind.as_str(),
                clean(&o.reason),
                clean(&o.decided_by)
            )),
            Some(_) => {}
        }
    }
    for (k, e) in &old {
        if !new.contains_key(k) {
            lines.push(format!("- removed {}", describe(e, true)));
        }
    }
    if lines.is_empty() {
        errln!("No allowlist changes since {}.", clean(&a.since));
        return Ok(());
    }
    emit(|out| {
        writeln!(
            out,
            "Allowlist changes since {} ({}):",
            clean(&a.since),
            path.display()
        )?;
        for l in &lines {
            writeln!(out, "{l}")?;
        }
        Ok(())
    })?;
    Ok(())
}

/// The allowlist as it was at a git ref (empty if the file did not exist there).
fn at_ref(path: &Path, git_ref: &str) -> Result<AllowlistFile, String> {
    let (name, shown) = crate::git::show_at(path, git_ref).map_err(|e| match e {
        crate::git::GitError::NotARepository(_) => {
            format!("{e}, so there is no history to review")
        }
        e => e.to_string(),
    })?;
    let Some(shown) = shown else {
        return Ok(AllowlistFile::default());
    };
    let text = String::from_utf8(shown).map_err(|e| {
        format!(
            "{name}: not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    // Entries the old version could not hold are reported like today's.
    let (file, problems) =
        <AllowlistFile as store::Document>::parse(&name, &text).map_err(|e| e.to_string())?;
    load::warn_left_out(&problems);
    Ok(file)
}

fn export(a: &ExportArgs) -> Result<(), Failure> {
    use allowlist::export::{Source, Target};
    if a.baseline.is_some() && a.to != Target::DetectSecrets {
        return Err(
            "--baseline is for --to detect-secrets: the other targets have no baseline to update"
                .into(),
        );
    }
    let t = judged(&a.input)?.ok_or("export needs the scanner reports: each tool ignores findings by its own ids, which only its reports carry")?;
    let read = match &a.baseline {
        Some(path) => Some(read_baseline(path)?),
        None => None,
    };
    let name = a
        .baseline
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let root = crate::report::Root::new(&a.input.root);
    let result = allowlist::export::export(
        a.to,
        &Source {
            list: &t.allowlist,
            findings: &t.findings,
            verdicts: &t.verdicts,
            playbooks: Some(&t.playbooks),
            baseline: read.as_ref().map(|text| (name.as_str(), text.as_str())),
            root: &root,
        },
    )?;
    match (&a.baseline, &read) {
        (Some(path), Some(before)) => {
            // Someone (or a pre-commit hook) may have rewritten it since: never overwrite that.
            if read_baseline(path)? != *before {
                return Err(format!(
                    "{}: changed while leakdesk was exporting; run the export again",
                    path.display()
                )
                .into());
            }
            if result.text == *before {
                errln!("{}: already up to date.", path.display());
            } else {
                store::replace_file(path, result.text.as_bytes())?;
                errln!(
                    "Updated {}: the decided secrets are audited `is_secret: false`; its plugins and filters are as they were.",
                    path.display()
                );
            }
        }
        _ => {
            emit(|out| out.write_all(result.text.as_bytes()))?;
            if a.to == Target::DetectSecrets {
                errln!(
                    "This is a new baseline listing every plugin of detect-secrets 1.5.0. To audit your team's baseline instead, give it: --baseline .secrets.baseline"
                );
            }
        }
    }
    if !result.skipped.is_empty() {
        errln!(
            "{} allowlisted finding{} could not be exported:",
            result.skipped.len(),
            if result.skipped.len() == 1 { "" } else { "s" }
        );
        for s in &result.skipped {
            errln!("  {}", clean(s));
        }
    }
    if !result.notes.is_empty() {
        errln!("What {} cannot express:", super::args::Choice::name(a.to));
        for n in &result.notes {
            errln!("  {}", clean(n));
        }
    }
    Ok(())
}

/// `'…'` for the shell git runs merge drivers with; a `'` inside becomes `'\''`.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// A baseline to update: read whole (baselines are small), as text.
fn read_baseline(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| {
        format!(
            "{}: cannot read the baseline: {e} (give the file `detect-secrets scan` wrote, such as .secrets.baseline)",
            path.display()
        )
    })?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: not UTF-8 text at byte {}: not a detect-secrets baseline",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

/// `path` relative to `root` when it is inside it, else its file name.
fn recorded_name(path: &Path, root: &Path) -> String {
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (file, root) = (canonical(path), canonical(root));
    match file.strip_prefix(&root) {
        Ok(rel) => rel.display().to_string(),
        Err(_) => file.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
    }
}

fn import(a: &ImportArgs) -> Result<(), Failure> {
    use allowlist::import::{self, Origin};
    let name = a.file.display().to_string();
    let bytes = std::fs::read(&a.file).map_err(|e| format!("{name}: cannot read: {e}"))?;
    let text = String::from_utf8_lossy(&bytes);
    let from = match a.origin {
        Some(f) => f,
        None => import::sniff(&text).map_err(|why| {
            format!(
                "{name}: cannot tell which tool wrote it: {why}.\n  Give --as: {}",
                Origin::ALL
                    .iter()
                    .map(|o| format!("{} ({})", super::args::Choice::name(*o), o.describe()))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })?,
    };
    let mut found = judged(&a.input)?.map(|t| t.findings).unwrap_or_default();
    // The reasons name the file as the team sees it (relative to the repository, or by its
    // name): an absolute temporary path does not belong in a committed allowlist.
    let name = recorded_name(&a.file, &a.input.root);
    let root = crate::report::Root::new(&a.input.root);
    let as_report = |format| {
        crate::report::parse(&name, &bytes, Some(format), &root)
            .map(|r| r.findings)
            .map_err(|e| e.to_string())
    };
    let needs_reports = |tool: &str| -> Result<(), Failure> {
        if found.is_empty() {
            return Err(format!("{name} holds {tool}'s own ids: give the {tool} reports too (`leakdesk allowlist import {name} REPORT...`)").into());
        }
        Ok(())
    };
    let imported = match from {
        Origin::Gitleaksignore => {
            needs_reports("gitleaks")?;
            import::gitleaksignore(&text, &name, &found)
        }
        Origin::Gitguardian => import::gitguardian(&text, &name, &found)?,
        Origin::Kingfisher => {
            needs_reports("Kingfisher")?;
            import::kingfisher(&text, &name, &found, &root)?
        }
        Origin::DetectSecrets => {
            let own = as_report(crate::report::Format::DetectSecrets)?;
            let mut all = found.clone();
            all.extend(own.iter().cloned());
            import::detect_secrets(&own, &crate::report::merge::merge(all), &name)
        }
        Origin::Github => {
            let own = as_report(crate::report::Format::Github)?;
            let imported = import::github(&text, &name, &own)?;
            // GitHub's own validity check counts for the live guard below.
            found.extend(own);
            imported
        }
    };
    for n in &imported.not_imported {
        errln!(
            "not imported: {} (leakdesk decides about secrets, not paths or detectors; keep it in {name})",
            clean(n)
        );
    }
    for u in &imported.unmatched {
        errln!("skipped: {}", clean(u));
    }
    if imported.candidates.is_empty() {
        if !imported.unmatched.is_empty() {
            // Decisions were there and none could be carried over: not a success.
            return Err(format!(
                "none of the {} decisions in {name} matched a finding of these reports; nothing imported",
                imported.unmatched.len()
            )
            .into());
        }
        errln!("Nothing to import from {name}.");
        return Ok(());
    }
    let who = crate::git::identity(&a.input.root);
    let when = crate::time::now_rfc3339();
    let mut entries: Vec<Entry> = imported
        .candidates
        .into_iter()
        .map(|c| c.into_entry(a.kind, &who, &when))
        .collect();
    // The same guard as `allowlist add`: a secret a tool verified live is not imported as harmless.
    entries.retain(|e| {
        let live = crate::live::verified_by(found.iter().filter(|f| f.fingerprint == e.fingerprint));
        match live {
            Some(by) if crate::live::guarded(e.kind) && !a.force => {
                errln!(
                    "skipped: {} ({}) as {}: verified LIVE by {by}; revoke it, or give --force to import it anyway",
                    allowlist::short(&e.fingerprint),
                    clean(&e.rule),
                    e.kind.as_str()
                );
                false
            }
            _ => true,
        }
    });
    for e in &entries {
        errln!(
            "{} {} ({}) {}: {}",
            if a.dry_run { "Would add" } else { "Adding" },
            allowlist::short(&e.fingerprint),
            clean(&e.rule),
            e.path
                .as_deref()
                .map_or("everywhere".into(), |p| format!("under `{}`", clean(p))),
            clean(&e.reason)
        );
    }
    if a.dry_run {
        return Ok(());
    }
    let path = a.input.allowlist_path();
    let mut already = Vec::new();
    update(&path, |file| {
        for e in entries {
            // A secret already decided on keeps its decision; the import only fills gaps.
            if file.entries.iter().any(|x| x.key() == e.key()) {
                already.push(format!(
                    "{} ({})",
                    allowlist::short(&e.fingerprint),
                    clean(&e.rule)
                ));
            } else {
                file.add(e)?;
            }
        }
        Ok(())
    })?;
    for a in &already {
        errln!("already in the allowlist, kept as it is: {a}");
    }
    errln!("Imported into {}.", path.display());
    Ok(())
}

/// One side of a merge, read whole (see [`allowlist::merge::read_side`]).
fn merge_side(p: &Path) -> Result<serde_json::Value, String> {
    let leave = |e: String| {
        format!("{e}; leaving the merge to you (resolve it by hand, then `git add` it)")
    };
    let bytes =
        std::fs::read(p).map_err(|e| leave(format!("{}: cannot read: {e}", p.display())))?;
    allowlist::merge::read_side(&p.display().to_string(), &bytes).map_err(leave)
}

/// The line `.gitattributes` needs, and the driver git config gets.
const ATTRIBUTES: &str = ".leakdesk/*.json merge=leakdesk";

fn git_setup(a: &GitSetupArgs) -> Result<(), Failure> {
    let top = crate::git::toplevel(&a.root)?;
    let attributes = top.join(".gitattributes");
    let current = std::fs::read_to_string(&attributes).unwrap_or_default();
    if !current.lines().any(|l| l.trim() == ATTRIBUTES) {
        let sep = if current.is_empty() || current.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        // A clone's .gitattributes may be a planted link: replaced atomically, never followed.
        store::replace_file(
            &attributes,
            format!("{current}{sep}# leakdesk merges its files by entry (`leakdesk allowlist git-setup`).\n{ATTRIBUTES}\n").as_bytes(),
        )?;
        errln!(
            "Added to {}: {ATTRIBUTES} (commit it).",
            attributes.display()
        );
    }
    crate::git::set_config(
        &top,
        "merge.leakdesk.name",
        "leakdesk: merge allowlist and triage entries by key",
    )?;
    // git runs the driver through the shell with its own PATH: the binary running now, by its
    // absolute path, is the one that is sure to be found (`cargo run` builds are not on PATH).
    let program = match std::env::current_exe() {
        Ok(exe) => shell_quote(&exe.to_string_lossy()),
        Err(e) => {
            errln!(
                "warning: cannot tell where this leakdesk binary is ({e}); the merge driver will run `leakdesk` from PATH"
            );
            "leakdesk".to_owned()
        }
    };
    crate::git::set_config(
        &top,
        "merge.leakdesk.driver",
        &format!("{program} allowlist merge-driver %O %A %B"),
    )?;
    errln!(
        "Registered the merge driver in this clone's git config. Each teammate runs `leakdesk allowlist git-setup` once;"
    );
    errln!("without it, git falls back to its line merge.");
    Ok(())
}

fn merge_driver(a: &MergeDriverArgs) -> Result<(), Failure> {
    // Each side is read strictly: anything leakdesk cannot read whole makes this a conflict
    // (a non-zero exit), never a merge of what it could read.
    let (base, ours, theirs) = (
        merge_side(&a.base)?,
        merge_side(&a.ours)?,
        merge_side(&a.theirs)?,
    );
    let merged = allowlist::merge::merge3(&base, &ours, &theirs);
    let mut text = crate::safe_json::to_string_pretty(&merged.doc).map_err(|e| e.to_string())?;
    text.push('\n');
    // Git's own temporary file, given by git: written in place, as git expects.
    std::fs::write(&a.ours, text).map_err(|e| format!("cannot write {}: {e}", a.ours.display()))?;
    if merged.conflicts.is_empty() {
        return Ok(());
    }
    Err(Failure::Message(format!(
        "both branches changed the same entr{} differently: {}. Ours is kept in the file; edit it to decide, then `git add` it.",
        if merged.conflicts.len() == 1 {
            "y"
        } else {
            "ies"
        },
        merged
            .conflicts
            .iter()
            .map(|c| allowlist::short(c))
            .collect::<Vec<_>>()
            .join(", ")
    )))
}
