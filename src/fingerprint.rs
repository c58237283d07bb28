//! Finding a fingerprint from what a person typed: the full 64 hex digits, or the first 8 or
//! more of one that is known (in the reports, the allowlist or the triage state). Every command
//! that takes a fingerprint resolves it here, with the same rules and words.

use std::fmt;

/// The shortest prefix accepted: long enough that a collision among real secrets is unlikely.
pub const MIN_PREFIX: usize = 8;

/// What the typed text resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A known fingerprint it is the start of (or all of).
    Known(String),
    /// A full fingerprint that is not among the known ones.
    Unknown(String),
}

impl Resolved {
    pub fn fingerprint(&self) -> &str {
        match self {
            Self::Known(f) | Self::Unknown(f) => f,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrefixError {
    /// Not hex, or shorter than [`MIN_PREFIX`] and not known.
    Malformed(String),
    /// A prefix no known fingerprint starts with.
    NoMatch(String),
    /// A prefix several known fingerprints start with.
    Ambiguous { given: String, count: usize },
}

impl fmt::Display for PrefixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::validate::quote;
        match self {
            Self::Malformed(g) => write!(
                f,
                "{} is not a fingerprint: give its 64 hex digits, or the first {MIN_PREFIX} or more of one in these files (`leakdesk list --format json` shows them)",
                quote(g)
            ),
            Self::NoMatch(g) => write!(
                f,
                "no fingerprint starting with {} is known here; give all 64 hex digits",
                quote(g)
            ),
            Self::Ambiguous { given, count } => write!(
                f,
                "{} is the start of {count} fingerprints; give more characters",
                quote(given)
            ),
        }
    }
}

impl std::error::Error for PrefixError {}

/// Resolves `given` (any case) against the `known` fingerprints.
pub fn resolve<'a>(
    given: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Result<Resolved, PrefixError> {
    let given = given.trim().to_ascii_lowercase();
    if given.is_empty() || !given.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(PrefixError::Malformed(given));
    }
    let full = given.len() == 64;
    if given.len() < MIN_PREFIX {
        return Err(PrefixError::Malformed(given));
    }
    let mut hits: Vec<&str> = known
        .into_iter()
        .filter(|k| k.starts_with(&given))
        .collect();
    hits.sort_unstable();
    hits.dedup();
    match hits.as_slice() {
        [one] => Ok(Resolved::Known((*one).to_owned())),
        [] if full => Ok(Resolved::Unknown(given)),
        [] => Err(PrefixError::NoMatch(given)),
        many => Err(PrefixError::Ambiguous {
            given,
            count: many.len(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_full_and_bad_input() {
        let a = "a1".repeat(32);
        let b = format!("a1a1a1a1b{}", "0".repeat(55));
        let known = [a.as_str(), b.as_str(), a.as_str()];
        assert_eq!(resolve("A1A1A1A1A1", known), Ok(Resolved::Known(a.clone())));
        assert!(matches!(
            resolve("a1a1a1a1", known),
            Err(PrefixError::Ambiguous { count: 2, .. })
        ));
        assert_eq!(
            resolve(&"c".repeat(64), known),
            Ok(Resolved::Unknown("c".repeat(64)))
        );
        assert!(matches!(
            resolve("cccccccc", known),
            Err(PrefixError::NoMatch(_))
        ));
        assert!(matches!(
            resolve("a1a1", known),
            Err(PrefixError::Malformed(_))
        ));
        assert!(matches!(
            resolve("zz\n::error", known),
            Err(PrefixError::Malformed(_))
        ));
        assert!(
            !resolve("zz\nx", known)
                .unwrap_err()
                .to_string()
                .contains('\n')
        );
    }
}
