//! Reading every input, reporting every bad one, merging the rest.

use std::io::Read;

use super::InputArgs;
use crate::allowlist::{self, AllowlistFile};
use crate::error::InputError;
use crate::finding::Finding;
use crate::report::{self, Root, merge::merge};

/// The merged findings of all inputs, or every input's error (one bad file is never skipped).
pub fn load(args: &InputArgs) -> Result<Vec<Finding>, Vec<InputError>> {
    let root = Root::new(&args.root);
    let mut findings = Vec::new();
    let mut errors = Vec::new();
    for input in &args.inputs {
        let result = read(input)
            .and_then(|bytes| report::parse(display_name(input), &bytes, args.from, &root));
        match result {
            Ok(r) => findings.extend(r.findings),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(merge(findings))
    } else {
        Err(errors)
    }
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
pub fn load_or_report(args: &InputArgs, what: &str) -> Option<Vec<Finding>> {
    load(args)
        .map_err(|errors| {
            for e in &errors {
                eprintln!("error: {e}");
            }
            let total = args.inputs.len();
            eprintln!(
                "leakdesk: {} of {total} input{} could not be read; nothing was {what}. Fix or leave out the file{} above.",
                errors.len(),
                if total == 1 { "" } else { "s" },
                if errors.len() == 1 { "" } else { "s" },
            );
        })
        .ok()
}

/// Findings with their status from the allowlist, and how many it hides.
pub struct Triaged {
    pub findings: Vec<Finding>,
    /// `allowlisted[i]` for `findings[i]`.
    pub allowlisted: Vec<bool>,
    pub hidden: usize,
}

/// Loads the inputs and applies the allowlist; prints problems and returns `None` on an error.
/// Entries that have expired but would still hide a finding are pointed out.
pub fn triaged(args: &InputArgs, what: &str) -> Option<Triaged> {
    if args.inputs.is_empty() {
        eprintln!(
            "error: no input: give a scanner report (JSON, JSON lines or SARIF), or `-` to read one from standard input"
        );
        return None;
    }
    let mut findings = load_or_report(args, what)?;
    let path = args.allowlist_path();
    let list: AllowlistFile = match crate::store::load(&path) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("leakdesk: the allowlist could not be read; nothing was {what}.");
            return None;
        }
    };
    let today = crate::time::today();
    let hidden = allowlist::apply(&list, &mut findings, &today);
    let allowlisted: Vec<bool> = findings
        .iter()
        .map(|f| list.matching(f, &today).is_some())
        .collect();
    // Progress is shown, but only the reviewed allowlist hides findings or passes `check`.
    match crate::store::load::<crate::triage::TriageFile>(&args.state_path()) {
        Ok(state) => {
            for (f, hidden) in findings.iter_mut().zip(&allowlisted) {
                if let (false, Some(r)) = (*hidden, state.get(&f.fingerprint)) {
                    f.status = r.status;
                }
            }
        }
        Err(e) => eprintln!("warning: {e}\n  (triage statuses are not shown)"),
    }
    for e in list.entries.iter().filter(|e| e.is_expired(&today)) {
        let would_hide = findings
            .iter()
            .filter(|f| f.fingerprint == e.fingerprint && e.covers(&f.file))
            .count();
        if would_hide > 0 {
            eprintln!(
                "note: allowlist entry {} ({}: {}) expired on {}; the {would_hide} finding{} it hid {} open again.",
                allowlist::short(&e.fingerprint),
                e.kind.as_str(),
                crate::sanitize::clean(&e.reason),
                e.expires.as_deref().unwrap_or_default(),
                if would_hide == 1 { "" } else { "s" },
                if would_hide == 1 { "is" } else { "are" },
            );
        }
    }
    Some(Triaged {
        findings,
        allowlisted,
        hidden,
    })
}
