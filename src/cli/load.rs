//! Reading every input, reporting every bad one, merging the rest.

use std::io::Read;

use super::InputArgs;
use crate::allowlist::{self, AllowlistFile};
use crate::error::InputError;
use crate::finding::Finding;
use crate::report::{self, Root, merge::merge};
use crate::workspace::Workspace;

/// What the inputs gave: the merged findings, and how many paths of the scanned directories
/// could not be read (each already printed). A scan with any is incomplete.
pub struct Inputs {
    pub findings: Vec<Finding>,
    pub unreadable: usize,
}

/// Says that a scan was incomplete (`unreadable` paths could not be read), when it was, and what
/// follows from it; returns whether it was.
pub fn report_incomplete(unreadable: usize, consequence: &str) -> bool {
    if unreadable > 0 {
        errln!(
            "leakdesk: {unreadable} path{} could not be read (listed above), so the scan is incomplete; {consequence}",
            if unreadable == 1 { "" } else { "s" },
        );
    }
    unreadable > 0
}

/// The merged findings of all inputs, or every input's error (one bad file is never skipped).
pub fn load(args: &InputArgs) -> Result<Inputs, Vec<InputError>> {
    let root = Root::new(&args.root);
    let mut parsed: Vec<report::rebase::Input> = Vec::new();
    let mut errors = Vec::new();
    // No input: scan the current directory.
    let here = [".".to_owned()];
    let inputs = if args.inputs.is_empty() {
        &here[..]
    } else {
        &args.inputs[..]
    };
    let mut rules = None;
    let mut unreadable = 0;
    for input in inputs {
        if input != "-" && std::path::Path::new(input).is_dir() {
            let rules = rules.get_or_insert_with(|| load_rules(&args.root));
            // A bare repository has no working tree: only its history is scanned (its folder
            // holds git's own files).
            let bare = args.history.git
                && crate::history::open(std::path::Path::new(input))
                    .is_ok_and(|r| r.workdir().is_none());
            let (mut found, missed) = if bare {
                (Vec::new(), 0)
            } else {
                scan_dir(input, &root, rules, args)
            };
            unreadable += missed;
            if args.history.git {
                match scan_history(input, rules, args) {
                    Ok((history, incomplete)) => {
                        found.extend(history);
                        unreadable += incomplete;
                    }
                    Err(e) => {
                        errors.push(InputError::new(input, e.to_string()));
                        continue;
                    }
                }
            }
            parsed.push(report::rebase::Input {
                name: input.clone(),
                findings: found,
                scanned: true,
            });
            continue;
        }
        let result = read(input)
            .and_then(|bytes| report::parse(display_name(input), &bytes, args.from, &root));
        match result {
            Ok(r) => parsed.push(report::rebase::Input {
                name: input.clone(),
                findings: r.findings,
                scanned: false,
            }),
            Err(e) => errors.push(e),
        }
    }
    for (name, _) in &args.report_root {
        if !parsed.iter().any(|p| p.name == *name) {
            errors.push(InputError::new(
                name,
                format!("--report-root names `{name}`, which is not one of the inputs"),
            ));
        }
    }
    if errors.is_empty() {
        // Reports made elsewhere name the repository's files with a prefix: removed, and said.
        for r in report::rebase::rebase(&mut parsed, &args.root, &args.report_root) {
            errln!("leakdesk: {}", r.describe());
        }
        let findings: Vec<Finding> = parsed.into_iter().flat_map(|p| p.findings).collect();
        let mut findings = merge(findings);
        // Before anything is shown or written: one finding's text may hold another's secret.
        crate::mask::mask_others(&mut findings);
        Ok(Inputs {
            findings,
            unreadable,
        })
    } else {
        Err(errors)
    }
}

fn load_rules(root: &std::path::Path) -> crate::scan::rules::RuleSet {
    let dirs = crate::scan::rule_dirs(root);
    let refs: Vec<&std::path::Path> = dirs.iter().map(std::path::PathBuf::as_path).collect();
    let (rules, warnings) = crate::scan::rules::RuleSet::load(&refs);
    // Rule files come from the repository: their errors are hostile text too.
    for w in warnings {
        errln!("warning: {}", crate::sanitize::clean_lines(&w));
    }
    rules
}

/// Scans a directory, with a progress line on a terminal for scans that take over a second.
fn scan_dir(
    dir: &str,
    root: &Root,
    rules: &crate::scan::rules::RuleSet,
    args: &InputArgs,
) -> (Vec<Finding>, usize) {
    use std::io::IsTerminal;
    use std::sync::atomic::Ordering;
    let opts = crate::scan::Options {
        max_file_size: args.max_file_size,
        no_ignore: args.no_ignore,
    };
    let progress = crate::scan::Progress::default();
    let done = std::sync::atomic::AtomicBool::new(false);
    let show = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    let (findings, summary) = std::thread::scope(|s| {
        if show {
            s.spawn(|| {
                let start = std::time::Instant::now();
                let mut shown = false;
                while !done.load(Ordering::Relaxed) {
                    std::thread::sleep(std::time::Duration::from_millis(200));
                    if start.elapsed().as_secs() >= 1 && !done.load(Ordering::Relaxed) {
                        eprint!(
                            "\rscanning {}: {} files, {:.0} MB, {} findings ",
                            crate::sanitize::clean(dir),
                            progress.files.load(Ordering::Relaxed),
                            progress.bytes.load(Ordering::Relaxed) as f64 / 1e6,
                            progress.findings.load(Ordering::Relaxed)
                        );
                        shown = true;
                    }
                }
                if shown {
                    eprint!("\r\x1b[2K");
                }
            });
        }
        let result = crate::scan::scan(std::path::Path::new(dir), root, rules, &opts, &progress);
        done.store(true, Ordering::Relaxed);
        result
    });
    errln!(
        "leakdesk: {dir}: {} finding{}; {}",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" },
        summary.describe(args.max_file_size)
    );
    for (file, size) in &summary.too_large {
        errln!(
            "  skipped (larger than --max-file-size): {} ({})",
            crate::sanitize::clean(file),
            crate::scan::human(*size)
        );
    }
    for e in &summary.unreadable {
        errln!("  unreadable: {}", crate::sanitize::clean(e));
    }
    (findings, summary.unreadable.len())
}

/// Scans a directory's git history; its findings' paths are made relative to the root like a
/// tree scan's. Returns them and how many objects could not be read (each printed).
fn scan_history(
    dir: &str,
    rules: &crate::scan::rules::RuleSet,
    args: &InputArgs,
) -> Result<(Vec<Finding>, usize), crate::history::Error> {
    let opts = crate::history::Options {
        branch: args.history.branch.clone(),
        since: args.history.since.clone(),
        range: args.history.range.clone(),
        max_blob_size: args.max_file_size,
        memory: Some(args.allowlist_path().with_file_name("history.json")),
    };
    let started = std::time::Instant::now();
    let (mut findings, summary) = crate::history::scan(std::path::Path::new(dir), rules, &opts)?;
    // Paths are the repository's; the root may be above it.
    if let Some(prefix) = summary
        .workdir
        .as_deref()
        .and_then(|t| under_root(t, &args.root))
    {
        for f in &mut findings {
            f.file = format!("{prefix}/{}", f.file);
        }
    }
    if let Some(why) = &summary.full_because {
        errln!("leakdesk: {}: {why}", crate::sanitize::clean(dir));
    }
    errln!(
        "leakdesk: {} history: {} finding{}; {} in {:.1} s",
        crate::sanitize::clean(dir),
        findings.len(),
        if findings.len() == 1 { "" } else { "s" },
        summary.describe(),
        started.elapsed().as_secs_f64()
    );
    for (file, size) in &summary.too_large {
        errln!(
            "  skipped (larger than --max-file-size): {} ({})",
            crate::sanitize::clean(file),
            crate::scan::human(*size)
        );
    }
    for m in &summary.missing {
        errln!(
            "  missing from the repository: {}",
            crate::sanitize::clean(m)
        );
    }
    Ok((findings, summary.missing.len()))
}

/// The path of `dir` below `root` (`services/api`), when it is below it and not the root itself.
fn under_root(dir: &std::path::Path, root: &std::path::Path) -> Option<String> {
    let canonical = |p: &std::path::Path| std::fs::canonicalize(p).ok();
    let (dir, root) = (canonical(dir)?, canonical(root)?);
    let rel = dir.strip_prefix(&root).ok()?;
    (!rel.as_os_str().is_empty()).then(|| rel.to_string_lossy().replace('\\', "/"))
}

fn display_name(input: &str) -> &str {
    if input == "-" { "<stdin>" } else { input }
}

fn read(input: &str) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    if input == "-" {
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| {
                InputError::new("<stdin>", format!("could not read standard input: {e}"))
            })?;
        return Ok(bytes);
    }
    let path = std::path::Path::new(input);
    if path.is_dir() {
        return Err(InputError::new(input, "is a directory, not a report")
            .hint("pass the scanner's report file (JSON, JSON lines or SARIF)"));
    }
    std::fs::read(path).map_err(|e| {
        let hint = match e.kind() {
            std::io::ErrorKind::NotFound => {
                "check the path; `-` reads the report from standard input"
            }
            std::io::ErrorKind::PermissionDenied => "check the file's permissions",
            _ => "check the file is a readable report",
        };
        InputError::new(input, format!("cannot read: {e}")).hint(hint)
    })
}

/// The findings, or `None` after printing every input's error and a closing line saying that
/// nothing was `what` (listed, checked).
pub fn load_or_report(args: &InputArgs, what: &str) -> Option<Inputs> {
    load(args)
        .map_err(|errors| {
            for e in &errors {
                errln!("error: {e}");
            }
            let total = args.inputs.len();
            errln!(
                "leakdesk: {} of {total} input{} could not be read; nothing was {what}. Fix or leave out the file{} above.",
                errors.len(),
                if total == 1 { "" } else { "s" },
                if errors.len() == 1 { "" } else { "s" },
            );
        })
        .ok()
}

/// The decision files and playbooks of a workspace, and the problems met reading them.
pub struct Decisions {
    pub allowlist: AllowlistFile,
    pub triage: crate::triage::TriageFile,
    pub playbooks: crate::playbook::Library,
    pub warnings: Vec<String>,
}

/// Reads the allowlist, the triage state and the playbooks at `paths`, the one way every
/// command reads them; prints problems and returns `None` when the allowlist cannot be read.
pub fn decisions(paths: &crate::workspace::Paths, what: &str) -> Option<Decisions> {
    let mut warnings = Vec::new();
    let allowlist: AllowlistFile = match crate::store::read(&paths.allowlist) {
        Ok(l) => {
            warn_left_out(&l.problems);
            warnings.extend(l.problems.iter().map(ToString::to_string));
            l.doc
        }
        Err(e) => {
            errln!("error: {e}");
            errln!("leakdesk: the allowlist could not be read; nothing was {what}.");
            return None;
        }
    };
    // Progress is shown, but only the reviewed allowlist hides findings or passes `check`.
    let triage = match crate::store::read::<crate::triage::TriageFile>(&paths.state) {
        Ok(loaded) => {
            warn_left_out(&loaded.problems);
            warnings.extend(loaded.problems.iter().map(ToString::to_string));
            loaded.doc
        }
        Err(e) => {
            errln!("warning: {e}\n  (triage statuses are not shown)");
            warnings.push(format!("{e} (triage statuses are not shown)"));
            crate::triage::TriageFile::default()
        }
    };
    // Repository playbooks are found from the root, as every command finds them.
    let (playbooks, skipped) = crate::playbook::Library::load(
        crate::playbook::user_dir().as_deref(),
        crate::playbook::repo_dir(&paths.root).as_deref(),
    );
    warnings.extend(skipped.iter().map(ToString::to_string));
    Some(Decisions {
        allowlist,
        triage,
        playbooks,
        warnings,
    })
}

/// Loads the workspace: the inputs, the allowlist, the triage state and the playbooks, with the
/// verdicts computed; prints problems and returns `None` on an error. Entries that have expired
/// but would still hide a finding are pointed out.
pub fn workspace(args: &InputArgs, what: &str) -> Option<Workspace> {
    let Inputs {
        findings,
        unreadable,
    } = load_or_report(args, what)?;
    let paths = crate::workspace::Paths {
        root: args.root.clone(),
        allowlist: args.allowlist_path(),
        state: args.state_path(),
    };
    let Decisions {
        allowlist,
        triage,
        playbooks,
        warnings,
    } = decisions(&paths, what)?;
    let ws = Workspace::new(
        findings,
        allowlist,
        triage,
        playbooks,
        paths,
        crate::time::today(),
        unreadable,
        warnings,
    );
    let (allowlist, verdicts) = (&ws.allowlist, &ws.verdicts);
    let mut reopened: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for v in &verdicts.findings {
        if let (None, Some(e)) = (v.entry, v.expired) {
            *reopened.entry(e).or_default() += 1;
        }
    }
    for (i, n) in reopened {
        let e = &allowlist.entries[i];
        errln!(
            "note: allowlist entry {} ({}: {}) expired on {}; the {n} finding{} it hid {} open again.",
            allowlist::short(&e.fingerprint),
            e.kind.as_str(),
            crate::sanitize::clean(&e.reason),
            e.expires.as_deref().unwrap_or_default(),
            if n == 1 { "" } else { "s" },
            if n == 1 { "is" } else { "are" },
        );
    }
    Some(ws)
}

/// `FILE:LINE` as its parts (`None` when it is not one: then it may be a fingerprint).
pub fn parse_place(spec: &str) -> Option<(&str, u32)> {
    spec.rsplit_once(':')
        .and_then(|(f, l)| l.parse::<u32>().ok().map(|l| (f, l)))
}

/// The secret at `FILE:LINE` among `found`, for commands that act on one secret: none there,
/// or several different secrets on that line, is an error that says so (with the choices).
pub fn finding_at<'a>(
    found: &'a [Finding],
    root: &std::path::Path,
    file: &str,
    line: u32,
) -> Result<&'a Finding, String> {
    let file = Root::new(root).normalise(file);
    let mut here: Vec<&Finding> = found
        .iter()
        .filter(|f| f.file == file && f.line == Some(line))
        .collect();
    here.dedup_by(|x, y| x.fingerprint == y.fingerprint);
    match here.as_slice() {
        [] => Err(format!(
            "no finding at {}:{line} in these inputs",
            crate::sanitize::clean(&file)
        )),
        [one] => Ok(one),
        many => Err(format!(
            "{} different secrets at {}:{line}; choose one by its fingerprint:\n{}",
            many.len(),
            crate::sanitize::clean(&file),
            many.iter()
                .map(|f| format!(
                    "  {}  {}  {}",
                    allowlist::short(&f.fingerprint),
                    crate::sanitize::clean(f.rule()),
                    f.redacted
                ))
                .collect::<Vec<_>>()
                .join("\n"),
        )),
    }
}

/// Reports the entries of a decision file that were left out because they could not be read.
/// They hide nothing, so what they would have hidden is listed (and fails `check`).
pub fn warn_left_out(problems: &[InputError]) {
    for p in problems {
        errln!("warning: {p}");
    }
    if !problems.is_empty() {
        errln!(
            "  ({} entr{} left out: what {} would hide is shown; fix the file to restore {})",
            problems.len(),
            if problems.len() == 1 { "y" } else { "ies" },
            if problems.len() == 1 { "it" } else { "they" },
            if problems.len() == 1 { "it" } else { "them" },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Evidence;

    fn at(file: &str, line: u32, secret: &str) -> Finding {
        let mut f = Finding::new(
            "leakdesk",
            "generic-api-key",
            file.to_owned(),
            Evidence::secret(secret),
        );
        f.line = Some(line);
        f.finish()
    }

    #[test]
    fn one_secret_at_a_place_or_an_error_that_names_the_choices() {
        let root = std::path::Path::new("/repo");
        let found = [
            at("app.py", 3, "k8Jx2Lq9Vz4Rt7Wm1Np5Hs3Gd6Fb0Yc"),
            at("app.py", 3, "k8Jx2Lq9Vz4Rt7Wm1Np5Hs3Gd6Fb0Yc"),
            at("app.py", 7, "Wk4Lq8Zx2Vb7Np3Rt6Hs1Gd9Fb5Yc0Ja"),
            at("app.py", 7, "Zq7Xw2Lk9Rv4Tm8Np1Hs5Gd3Fb6Yc0Ja"),
        ];
        // The same secret found twice at a place is one secret.
        assert_eq!(
            finding_at(&found, root, "app.py", 3).map(|f| f.line),
            Ok(Some(3))
        );
        let many = finding_at(&found, root, "app.py", 7).unwrap_err();
        assert!(
            many.starts_with("2 different secrets at app.py:7"),
            "{many}"
        );
        assert_eq!(many.lines().count(), 3, "{many}");
        let none = finding_at(&found, root, "app.py", 9).unwrap_err();
        assert!(none.contains("no finding at app.py:9"), "{none}");
        assert_eq!(parse_place("app.py:12"), Some(("app.py", 12)));
        assert_eq!(parse_place("c:/x/app.py:12"), Some(("c:/x/app.py", 12)));
        assert_eq!(parse_place("3f9c2b7a"), None);
    }
}
