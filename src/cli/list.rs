//! `leakdesk list`: the findings, as text, JSON or SARIF.

use super::{EXIT_CLEAN, EXIT_ERROR, ListArgs, emit, load};
use crate::output::{self, WriteOptions};

pub fn run(args: &ListArgs) -> u8 {
    let Some(triaged) = load::workspace(&args.input, "listed") else {
        return EXIT_ERROR;
    };
    let hidden = triaged.verdicts.hidden_findings();
    let rows = triaged.rows(args.all);
    let unreadable = triaged.unreadable;
    if !args.all && hidden > 0 {
        errln!(
            "leakdesk: {hidden} allowlisted finding{} not shown (--all shows them)",
            if hidden == 1 { "" } else { "s" }
        );
    }
    let opts = WriteOptions {
        reveal: args.reveal,
        playbooks: Some(&triaged.playbooks),
        terminal: std::io::IsTerminal::is_terminal(&std::io::stdout()),
    };
    match emit(|out| output::write(out, args.format, &rows, opts)) {
        Ok(())
            if load::report_incomplete(unreadable, "the list above may miss secrets (exit 2)") =>
        {
            EXIT_ERROR
        }
        Ok(()) => EXIT_CLEAN,
        Err(e) => {
            errln!("error: {e}");
            EXIT_ERROR
        }
    }
}
