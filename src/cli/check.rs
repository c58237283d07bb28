//! `leakdesk check`: the text list, and an exit code a CI job or pre-commit hook can use as is.

use super::{CheckArgs, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, emit, load};
use crate::finding::Finding;
use crate::output::{self, OutputFormat, WriteOptions};

pub fn run(args: &CheckArgs) -> u8 {
    let Some(triaged) = load::workspace(&args.input, "checked") else {
        return EXIT_ERROR;
    };
    let hidden = triaged.verdicts.hidden_findings();
    let unreadable = triaged.unreadable;
    // The open places: what the screen's open count counts, secret by secret.
    let rows = triaged.rows(false);
    let opts = WriteOptions {
        terminal: std::io::IsTerminal::is_terminal(&std::io::stdout()),
        ..WriteOptions::default()
    };
    if let Err(e) = emit(|out| output::write(out, OutputFormat::Text, &rows, opts)) {
        errln!("error: {e}");
        return EXIT_ERROR;
    }
    let allowlisted = match hidden {
        0 => String::new(),
        1 => "; 1 allowlisted".into(),
        n => format!("; {n} allowlisted"),
    };
    let open: Vec<&Finding> = rows.iter().map(|r| r.finding).collect();
    errln!(
        "leakdesk: {}{allowlisted}",
        summary(&open, triaged.verdicts.open_secrets())
    );
    // A gate that could not read everything fails closed, after listing what it did read.
    if load::report_incomplete(
        unreadable,
        "check fails (exit 2) until every path can be read or is left out",
    ) {
        return EXIT_ERROR;
    }
    // The same verdicts as the screen's "N open": no open secret, no open place.
    if triaged.verdicts.open_secrets() == 0 {
        EXIT_CLEAN
    } else {
        EXIT_FINDINGS
    }
}

/// `3 findings (2 distinct secrets, 1 verified live) in 2 files`, or `no findings`, for the
/// open places of `open_secrets` secrets.
pub fn summary(findings: &[&Finding], open_secrets: usize) -> String {
    if findings.is_empty() {
        return "no findings".into();
    }
    let mut files: Vec<&str> = findings.iter().map(|f| f.file.as_str()).collect();
    files.sort_unstable();
    files.dedup();
    let live = findings
        .iter()
        .filter(|f| f.verified == crate::finding::Verified::Yes)
        .count();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut detail = plural(open_secrets, "distinct secret", "distinct secrets");
    if live > 0 {
        detail.push_str(&format!(", {live} verified live"));
    }
    format!(
        "{} ({detail}) in {}",
        plural(findings.len(), "finding", "findings"),
        plural(files.len(), "file", "files")
    )
}
