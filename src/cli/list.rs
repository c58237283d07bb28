//! `leakdesk list`: the findings, as text, JSON or SARIF.

use super::{EXIT_CLEAN, EXIT_ERROR, ListArgs, emit, load};
use crate::output::{self, WriteOptions};

pub fn run(args: &ListArgs) -> u8 {
    let Some(findings) = load::load_or_report(&args.input, "listed") else {
        return EXIT_ERROR;
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
