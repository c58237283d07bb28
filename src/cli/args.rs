//! The command line's names for the domain's choices (a decision's kind, a status, a report
//! format, an output format, an export target). clap learns them here, so the domain types
//! carry no command-line derives.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use crate::allowlist::Kind;
use crate::allowlist::export::Target;
use crate::finding::Status;
use crate::output::OutputFormat;
use crate::report::Format;

/// A domain enum offered by name on the command line.
pub trait Choice: Copy + Send + Sync + 'static {
    const ALL: &'static [Self];
    /// The name typed on the command line.
    fn name(self) -> &'static str;
    /// One line for `--help`.
    fn help(self) -> &'static str;
}

/// The value parser for `T`: its names, with their help, and nothing else.
pub fn choice<T: Choice>() -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(
        T::ALL
            .iter()
            .map(|v| PossibleValue::new(v.name()).help(v.help())),
    )
    // Only the names above get here, so the first choice is never the answer by default.
    .map(|name: String| {
        T::ALL
            .iter()
            .copied()
            .find(|v| v.name() == name)
            .unwrap_or(T::ALL[0])
    })
}

impl Choice for Kind {
    const ALL: &'static [Self] = &[
        Self::FalsePositive,
        Self::TestCredential,
        Self::Revoked,
        Self::AcceptedRisk,
    ];
    fn name(self) -> &'static str {
        match self {
            Self::FalsePositive => "false-positive",
            Self::TestCredential => "test-credential",
            Self::Revoked => "revoked",
            Self::AcceptedRisk => "accepted-risk",
        }
    }
    fn help(self) -> &'static str {
        match self {
            Self::FalsePositive => "Not a secret (an example, a hash, a random id)",
            Self::TestCredential => {
                "A real-looking credential that only works in tests or fixtures"
            }
            Self::Revoked => "It was a secret; it has been revoked and no longer works",
            Self::AcceptedRisk => {
                "A live secret the owner decided to accept for now (set an expiry)"
            }
        }
    }
}

impl Choice for crate::allowlist::import::Origin {
    const ALL: &'static [Self] = &Self::ALL;
    fn name(self) -> &'static str {
        match self {
            Self::Gitleaksignore => "gitleaksignore",
            Self::Gitguardian => "gitguardian",
            Self::DetectSecrets => "detect-secrets",
            Self::Kingfisher => "kingfisher",
            Self::Github => "github",
        }
    }
    fn help(self) -> &'static str {
        self.describe()
    }
}

impl Choice for Status {
    const ALL: &'static [Self] = &[
        Self::Open,
        Self::Investigating,
        Self::Revoked,
        Self::FalsePositive,
        Self::TestCredential,
        Self::AcceptedRisk,
    ];
    fn name(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Investigating => "investigating",
            Self::Revoked => "revoked",
            Self::FalsePositive => "false-positive",
            Self::TestCredential => "test-credential",
            Self::AcceptedRisk => "accepted-risk",
        }
    }
    fn help(self) -> &'static str {
        match self {
            Self::Open => "Nobody has decided yet",
            Self::Investigating => "Someone is working on it",
            Self::Revoked => "The secret was revoked",
            Self::FalsePositive => "Not a secret",
            Self::TestCredential => "A credential that only works in tests",
            Self::AcceptedRisk => "A live secret whose risk was accepted",
        }
    }
}

impl Choice for Format {
    const ALL: &'static [Self] = &Format::ALL;
    fn name(self) -> &'static str {
        Format::name(self)
    }
    fn help(self) -> &'static str {
        match self {
            Self::Leakdesk => "leakdesk's own `list --format json`",
            Self::Sarif => {
                "SARIF 2.1.0 from any tool (gitleaks, trufflehog, noseyparker, kingfisher, ggshield, ...)"
            }
            Self::DetectSecrets => "detect-secrets baseline (v1.x)",
            Self::Ggshield => "ggshield `secret scan --json`",
            Self::Kingfisher => "Kingfisher JSON or JSON lines",
            Self::Noseyparker => "Nosey Parker `report` JSON or JSON lines",
            Self::Gitleaks => "gitleaks JSON (v8; v7 is read too)",
            Self::Secretlint => "secretlint `--format json`",
            Self::Github => "GitHub secret-scanning alerts (REST API JSON)",
            Self::Trufflehog => "trufflehog v3 `--json` (JSON lines)",
        }
    }
}

impl Choice for OutputFormat {
    const ALL: &'static [Self] = &[Self::Text, Self::Json, Self::Sarif];
    fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Json => "json",
            Self::Sarif => "sarif",
        }
    }
    fn help(self) -> &'static str {
        match self {
            Self::Text => {
                "One aligned line per finding: provider, rule, file:line, redacted match, tools"
            }
            Self::Json => "{\"version\":1,\"findings\":[...]}; leakdesk reads it back",
            Self::Sarif => "SARIF 2.1.0, for GitHub code scanning and other SARIF viewers",
        }
    }
}

impl Choice for Target {
    const ALL: &'static [Self] = &[
        Self::Gitleaks,
        Self::Ggshield,
        Self::DetectSecrets,
        Self::Sarif,
    ];
    fn name(self) -> &'static str {
        match self {
            Self::Gitleaks => "gitleaks",
            Self::Ggshield => "ggshield",
            Self::DetectSecrets => "detect-secrets",
            Self::Sarif => "sarif",
        }
    }
    fn help(self) -> &'static str {
        match self {
            Self::Gitleaks => "`.gitleaksignore`: gitleaks' finding fingerprints",
            Self::Ggshield => "`.gitguardian.yaml`: `secret.ignored_matches` by ignore SHA",
            Self::DetectSecrets => {
                "A detect-secrets baseline with the entries audited `is_secret: false`"
            }
            Self::Sarif => {
                "SARIF 2.1.0 with `suppressions` (kind external, status accepted, the reason as justification)"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_are_distinct<T: Choice>() {
        let mut names: Vec<&str> = T::ALL.iter().map(|v| v.name()).collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n);
    }

    #[test]
    fn every_choice_has_a_distinct_name() {
        names_are_distinct::<Kind>();
        names_are_distinct::<Status>();
        names_are_distinct::<Format>();
        names_are_distinct::<OutputFormat>();
        names_are_distinct::<Target>();
    }
}
