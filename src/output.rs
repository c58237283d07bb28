//! Findings out: aligned text for people, JSON for leakdesk and scripts, SARIF for code scanning.

pub mod json;
mod rule_text;
pub mod sarif;
pub mod text;

use std::io::{self, Write};

use crate::finding::{Finding, Status};

/// One finding as listed: what the tools reported, and the status its verdict gives it.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub finding: &'a Finding,
    pub status: Status,
}

impl<'a> Row<'a> {
    /// Rows of findings nobody decided about (status open): for outputs with no decisions.
    pub fn open(findings: &'a [Finding]) -> Vec<Self> {
        findings
            .iter()
            .map(|finding| Self {
                finding,
                status: Status::Open,
            })
            .collect()
    }
}

/// How `list` writes findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
pub struct WriteOptions<'a> {
    /// Include the raw secret (only when the user asked with `--reveal`).
    pub reveal: bool,
    /// The playbooks, for what SARIF says about each rule (what leaked, the risk, what to do).
    pub playbooks: Option<&'a crate::playbook::Library>,
    /// Text is for a person at a terminal: long columns may be shortened with `…`. Otherwise
    /// (a pipe, a CI log) paths are written whole.
    pub terminal: bool,
}

pub fn write(
    out: &mut dyn Write,
    format: OutputFormat,
    rows: &[Row<'_>],
    opts: WriteOptions<'_>,
) -> io::Result<()> {
    match format {
        OutputFormat::Text => text::write(out, rows, opts),
        OutputFormat::Json => json::write(out, rows, opts),
        OutputFormat::Sarif => sarif::write(out, rows, opts),
    }
}
