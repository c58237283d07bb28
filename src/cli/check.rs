//! `leakdesk check`: the text list, and an exit code a CI job or pre-commit hook can use as is.

use super::{CheckArgs, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, emit, load};
use crate::finding::Finding;
use crate::output::{self, OutputFormat, WriteOptions};

pub fn run(args: &CheckArgs) -> u8 {
    let Some(load::Triaged {
        mut findings,
        allowlisted,
        hidden,
        unreadable,
    }) = load::triaged(&args.input, "checked")
    else {
        return EXIT_ERROR;
    };
    let mut keep = allowlisted.iter().map(|a| !a);
    findings.retain(|_| keep.next().unwrap_or(true));
    if let Err(e) =
        emit(|out| output::write(out, OutputFormat::Text, &findings, WriteOptions::default()))
    {
        errln!("error: {e}");
        return EXIT_ERROR;
    }
    let allowlisted = match hidden {
        0 => String::new(),
        1 => "; 1 allowlisted".into(),
        n => format!("; {n} allowlisted"),
    };
    errln!("leakdesk: {}{allowlisted}", summary(&findings));
    // A gate that could not read everything fails closed, after listing what it did read.
    let incomplete = load::Inputs {
        findings: Vec::new(),
        unreadable,
    };
    if incomplete
        .report_incomplete("check fails (exit 2) until every path can be read or is left out")
    {
        return EXIT_ERROR;
    }
    if findings.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_FINDINGS
    }
}

/// `3 findings (2 distinct secrets, 1 verified live) in 2 files`, or `no findings`.
pub fn summary(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "no findings".into();
    }
    let mut secrets: Vec<&str> = findings.iter().map(|f| f.fingerprint.as_str()).collect();
    secrets.sort_unstable();
    secrets.dedup();
    let mut files: Vec<&str> = findings.iter().map(|f| f.file.as_str()).collect();
    files.sort_unstable();
    files.dedup();
    let live = findings
        .iter()
        .filter(|f| f.verified == crate::finding::Verified::Yes)
        .count();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut detail = plural(secrets.len(), "distinct secret", "distinct secrets");
    if live > 0 {
        detail.push_str(&format!(", {live} verified live"));
    }
    format!(
        "{} ({detail}) in {}",
        plural(findings.len(), "finding", "findings"),
        plural(files.len(), "file", "files")
    )
}
