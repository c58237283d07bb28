//! Findings out: aligned text for people, JSON for leakdesk and scripts, SARIF for code scanning.

pub mod json;
pub mod sarif;
pub mod text;

use std::io::{self, Write};

use crate::finding::Finding;

/// How `list` writes findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// One aligned line per finding: provider, rule, file:line, redacted match, tools.
    Text,
    /// `{"version":1,"findings":[...]}`; leakdesk reads it back.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
}

/// Options every writer honours.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Include the raw secret (only when the user asked with `--reveal`).
    pub reveal: bool,
}

pub fn write(
    out: &mut dyn Write,
    format: OutputFormat,
    findings: &[Finding],
    opts: WriteOptions,
) -> io::Result<()> {
    match format {
        OutputFormat::Text => text::write(out, findings, opts),
        OutputFormat::Json => json::write(out, findings, opts),
        OutputFormat::Sarif => sarif::write(out, findings, opts),
    }
}
