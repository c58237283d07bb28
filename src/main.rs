//! The `leakdesk` binary: parse the command line, hand it to the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    leakdesk::cli::run(leakdesk::cli::Cli::parse())
}
