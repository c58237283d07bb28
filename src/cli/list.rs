//! `leakdesk list`: the findings, as text, JSON or SARIF.

use super::{EXIT_CLEAN, EXIT_ERROR, ListArgs, emit, load};
use crate::output::{self, WriteOptions};

pub fn run(args: &ListArgs) -> u8 {
    let Some(load::Triaged {
        mut findings,
        allowlisted,
        hidden,
        unreadable,
    }) = load::triaged(&args.input, "listed")
    else {
        return EXIT_ERROR;
    };
    if !args.all {
        let mut keep = allowlisted.iter().map(|a| !a);
        findings.retain(|_| keep.next().unwrap_or(true));
        if hidden > 0 {
            errln!(
                "leakdesk: {hidden} allowlisted finding{} not shown (--all shows them)",
                if hidden == 1 { "" } else { "s" }
            );
        }
    }
    let opts = WriteOptions {
        reveal: args.reveal,
    };
    let incomplete = load::Inputs {
        findings: Vec::new(),
        unreadable,
    };
    match emit(|out| output::write(out, args.format, &findings, opts)) {
        Ok(()) if incomplete.report_incomplete("the list above may miss secrets (exit 2)") => {
            EXIT_ERROR
        }
        Ok(()) => EXIT_CLEAN,
        Err(e) => {
            errln!("error: {e}");
            EXIT_ERROR
        }
    }
}
