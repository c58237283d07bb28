//! `leakdesk list`: the findings, as text, JSON or SARIF.

use super::{EXIT_CLEAN, EXIT_ERROR, ListArgs, emit, load};
use crate::output::{self, WriteOptions};

pub fn run(args: &ListArgs) -> u8 {
    let findings = match load::load(&args.input) {
        Ok(f) => f,
        Err(errors) => {
            load::report_errors(&errors, args.input.inputs.len(), "listed");
            return EXIT_ERROR;
        }
    };
    let opts = WriteOptions {
        reveal: args.reveal,
    };
    match emit(|out| output::write(out, args.format, &findings, opts)) {
        Ok(()) => EXIT_CLEAN,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_ERROR
        }
    }
}
