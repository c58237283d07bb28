//! The allowlist in other tools' formats, so the same decisions silence them too. Each format
//! keys entries its own way (see the research notes), so an export needs the reports: it writes
//! an entry for each allowlisted finding that tool reported, says which it could not, and names
//! what the target cannot express (an expiry, a path scope) rather than widen a decision.

mod detect_secrets;
mod ggshield;
mod gitleaks;
mod sarif;

use super::{AllowlistFile, Entry};
use crate::finding::Finding;
use crate::playbook::Library;
use crate::verdicts::Verdicts;

/// The tools the allowlist exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `.gitleaksignore`: gitleaks' finding fingerprints.
    Gitleaks,
    /// `.gitguardian.yaml`: `secret.ignored_matches` by ignore SHA.
    Ggshield,
    /// A detect-secrets baseline with the entries audited `is_secret: false`.
    DetectSecrets,
    /// SARIF 2.1.0 with `suppressions` (kind external, status accepted, the reason as justification).
    Sarif,
}

/// What an export reads: the decisions, the findings they were judged against, and for the
/// targets that need them the playbooks (SARIF rule help) and the baseline to update.
pub struct Source<'a> {
    pub list: &'a AllowlistFile,
    pub findings: &'a [Finding],
    pub verdicts: &'a Verdicts,
    pub playbooks: Option<&'a Library>,
    /// An existing detect-secrets baseline (its name and text): updated, not replaced.
    pub baseline: Option<(&'a str, &'a str)>,
    /// What the findings' paths are relative to, to match a baseline's file names to them.
    pub root: &'a crate::report::Root,
}

/// The exported text, the allowlisted findings it could not express, and what the target
/// cannot say of the decisions it did export.
#[derive(Debug, Default)]
pub struct Export {
    pub text: String,
    pub skipped: Vec<String>,
    pub notes: Vec<String>,
}

/// The allowlist in `target`'s terms. Fails only on a baseline that cannot be read.
pub fn export(target: Target, src: &Source<'_>) -> Result<Export, String> {
    Ok(match target {
        Target::Gitleaks => gitleaks::export(src),
        Target::Ggshield => ggshield::export(src),
        Target::DetectSecrets => detect_secrets::export(src)?,
        Target::Sarif => sarif::export(src),
    })
}

/// Each allowlisted finding with the entry hiding it, as the verdicts decided.
fn hidden<'a>(src: &Source<'a>) -> Vec<(&'a Finding, &'a Entry)> {
    src.findings
        .iter()
        .zip(&src.verdicts.findings)
        .filter_map(|(f, v)| v.entry.map(|e| (f, &src.list.entries[e])))
        .collect()
}

/// Every detection of `f` by `tool`: its rule and own id.
fn natives<'a>(f: &'a Finding, tool: &'a str) -> impl Iterator<Item = (&'a str, Option<&'a str>)> {
    f.detections
        .iter()
        .filter(move |d| d.tool == tool)
        .map(|d| (d.rule.as_str(), d.native_id.as_deref()))
}

/// One line, for comments and YAML names: no line breaks or control characters.
fn one_line(s: &str) -> String {
    crate::sanitize::one_line(s)
}

fn not_reported(f: &Finding, tool: &str) -> String {
    format!(
        "{} ({}): not reported by {tool}, so {tool} has no id for it",
        f.place(),
        f.rule()
    )
}

/// The note for an entry with an expiry, which none of the ignore files can hold.
fn expiry_note(e: &Entry, tool: &str) -> Option<String> {
    e.expires.as_deref().map(|d| {
        format!(
            "{} ({}) expires {}: {tool} has no expiry, so it stays ignored there until you remove it",
            super::short(&e.fingerprint),
            e.kind.as_str(),
            one_line(d)
        )
    })
}

#[cfg(test)]
mod tests;
