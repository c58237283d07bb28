//! A decision about a secret, as a person makes it on the command line (`allowlist add`) or in
//! the screen's form: what kind, where (everywhere or a path scope), until when, and why. One
//! set of checks with one set of words, whichever way it was made.

use std::fmt;

use crate::allowlist::{Entry, Kind};

/// What the person entered, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub kind: Kind,
    /// A path or glob the decision is limited to; `None` is everywhere.
    pub scope: Option<String>,
    /// `YYYY-MM-DD`, or `None` for no expiry.
    pub expires: Option<String>,
    pub reason: String,
}

/// Why a draft cannot be saved. Each quotes the value that was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionError {
    NoReason,
    NotADate(String),
    InThePast(String),
    EmptyScope,
    BadScope {
        scope: String,
        why: crate::allowlist::matcher::ScopeError,
    },
}

impl fmt::Display for DecisionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::validate::quote;
        match self {
            Self::NoReason => f.write_str(
                "a reason is required: say why, for the reviewer who approves this decision",
            ),
            Self::NotADate(d) => write!(
                f,
                "expiry {} is not a date on the calendar (YYYY-MM-DD, such as 2027-06-30)",
                quote(d)
            ),
            Self::InThePast(d) => write!(f, "expiry {} is in the past", quote(d)),
            Self::EmptyScope => f.write_str(
                "the path scope is empty: give a path or glob (tests/**), or choose everywhere",
            ),
            Self::BadScope { scope, why } => write!(f, "path scope {}: {why}", quote(scope)),
        }
    }
}

impl std::error::Error for DecisionError {}

impl Draft {
    /// The draft trimmed and checked against `today` (`YYYY-MM-DD`): a reason, an expiry that is
    /// a real calendar date not before today, a scope that is a valid glob within limits.
    pub fn checked(mut self, today: &str) -> Result<Self, DecisionError> {
        self.reason = self.reason.trim().to_owned();
        if self.reason.is_empty() {
            return Err(DecisionError::NoReason);
        }
        self.expires = self
            .expires
            .map(|d| d.trim().to_owned())
            .filter(|d| !d.is_empty());
        if let Some(d) = &self.expires {
            if !crate::time::is_date(d) {
                return Err(DecisionError::NotADate(d.clone()));
            }
            if d.as_str() < today {
                return Err(DecisionError::InThePast(d.clone()));
            }
        }
        if let Some(scope) = &self.scope {
            if scope.trim().is_empty() {
                return Err(DecisionError::EmptyScope);
            }
            crate::allowlist::check_scope(scope).map_err(|why| DecisionError::BadScope {
                scope: scope.clone(),
                why,
            })?;
        }
        Ok(self)
    }

    /// The allowlist entry for the secret `fingerprint` (found by `rule`, of `provider`),
    /// decided by `by` at `at` (RFC 3339).
    pub fn entry(
        &self,
        fingerprint: &str,
        rule: &str,
        provider: Option<&str>,
        by: &str,
        at: &str,
    ) -> Entry {
        Entry {
            fingerprint: fingerprint.to_owned(),
            rule: rule.to_owned(),
            provider: provider.map(str::to_owned),
            path: self.scope.clone(),
            kind: self.kind,
            reason: self.reason.clone(),
            decided_by: by.to_owned(),
            decided_at: at.to_owned(),
            expires: self.expires.clone(),
            extra: serde_json::Map::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(expires: Option<&str>, scope: Option<&str>, reason: &str) -> Draft {
        Draft {
            kind: Kind::FalsePositive,
            scope: scope.map(str::to_owned),
            expires: expires.map(str::to_owned),
            reason: reason.into(),
        }
    }

    #[test]
    fn checks_in_one_set_of_words() {
        let today = "2026-12-03";
        assert_eq!(
            draft(None, None, "  ").checked(today),
            Err(DecisionError::NoReason)
        );
        assert_eq!(
            draft(Some("2027-02-30"), None, "r").checked(today),
            Err(DecisionError::NotADate("2027-02-30".into())),
            "an impossible calendar date"
        );
        assert!(draft(Some("2028-02-29"), None, "r").checked(today).is_ok());
        assert_eq!(
            draft(Some("2026-12-02"), None, "r").checked(today),
            Err(DecisionError::InThePast("2026-12-02".into()))
        );
        assert_eq!(
            draft(None, Some(" "), "r").checked(today),
            Err(DecisionError::EmptyScope)
        );
        assert!(matches!(
            draft(None, Some("a\nb"), "r").checked(today),
            Err(DecisionError::BadScope { .. })
        ));
        let ok = draft(Some(" "), Some("tests/**"), " why ")
            .checked(today)
            .unwrap();
        assert_eq!((ok.reason.as_str(), ok.expires), ("why", None));
        assert!(
            DecisionError::NotADate("2027-02-30".into())
                .to_string()
                .contains("`2027-02-30` is not a date on the calendar")
        );
    }
}
