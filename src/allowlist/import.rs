//! Other tools' decisions into allowlist entries: `.gitleaksignore`, `.gitguardian.yaml`,
//! detect-secrets baselines audited `is_secret: false`, Kingfisher baselines and GitHub
//! secret-scanning alerts GitHub already resolved. The format is recognised from the content
//! (`--from` overrides), and each entry keeps the scope the other tool meant, never wider.

mod detect_secrets;
mod gitguardian;
mod github;
mod gitleaks;
mod kingfisher;
mod sniff;

pub use detect_secrets::detect_secrets;
pub use gitguardian::gitguardian;
pub use github::github;
pub use gitleaks::gitleaksignore;
pub use kingfisher::kingfisher;
pub use sniff::{Origin, sniff};

use super::{Entry, Kind};
use crate::finding::Finding;

/// An entry to add, before who and when are filled in (unless the other tool recorded them).
pub struct Candidate {
    pub fingerprint: String,
    pub rule: String,
    pub provider: Option<String>,
    pub path: Option<String>,
    pub reason: String,
    /// The other tool's own kind of decision (a GitHub resolution), over `--kind`.
    pub kind: Option<Kind>,
    /// Who decided and when, where the other tool recorded it.
    pub decided: Option<(String, String)>,
}

impl Candidate {
    pub fn into_entry(self, kind: Kind, decided_by: &str, decided_at: &str) -> Entry {
        let (by, at) = self
            .decided
            .unwrap_or_else(|| (decided_by.to_owned(), decided_at.to_owned()));
        // Built the way every decision is (the other tool's file already made it).
        crate::decision::Draft {
            kind: self.kind.unwrap_or(kind),
            scope: self.path,
            expires: None,
            reason: self.reason,
        }
        .entry(
            &self.fingerprint,
            &self.rule,
            self.provider.as_deref(),
            &by,
            &at,
        )
    }
}

/// What an import found: entries, lines it could not map to a finding, and what the other
/// tool's file holds that leakdesk does not import (path and detector ignores).
#[derive(Default)]
pub struct Imported {
    pub candidates: Vec<Candidate>,
    pub unmatched: Vec<String>,
    pub not_imported: Vec<String>,
}

fn from_finding(f: &Finding, path: Option<String>, reason: String) -> Candidate {
    Candidate {
        fingerprint: f.fingerprint.clone(),
        rule: f.rule().to_owned(),
        provider: f.provider.clone(),
        path,
        reason,
        kind: None,
        decided: None,
    }
}

/// A YAML document, or why it is not one (with its line and column).
fn yaml(text: &str, name: &str) -> Result<yaml_rust2::Yaml, String> {
    let docs = yaml_rust2::YamlLoader::load_from_str(text).map_err(|e| {
        format!(
            "{name}:{}:{}: not YAML: {}",
            e.marker().line(),
            e.marker().col() + 1,
            crate::sanitize::clean(e.info())
        )
    })?;
    Ok(docs.into_iter().next().unwrap_or(yaml_rust2::Yaml::Null))
}

/// A scalar as text (YAML reads `123` as a number and `yes` as a boolean).
fn scalar(y: &yaml_rust2::Yaml) -> Option<String> {
    use yaml_rust2::Yaml;
    match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}
