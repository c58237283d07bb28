//! Matching findings against allowlist entries with each entry's path scope compiled once, so a
//! run over many findings neither recompiles globs nor scans every entry per finding.

use std::collections::HashMap;

use globset::{Glob, GlobBuilder, GlobMatcher};

use super::{AllowlistFile, Entry};
use crate::finding::Finding;

/// The longest scope pattern, and the deepest and most `{...}` alternations in one: a scope
/// comes from a committed file, and the glob library recurses over nested alternations (300
/// levels exhausted its stack). Real scopes use one or two levels.
const MAX_PATTERN_LEN: usize = 1024;
const MAX_BRACE_DEPTH: usize = 4;
const MAX_BRACES: usize = 32;

/// What is wrong with a path scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeError {
    Empty,
    TooLong(usize),
    Hazard,
    TooNested {
        depth: usize,
        braces: usize,
    },
    /// The glob library's own complaint.
    Glob(String),
}

impl std::fmt::Display for ScopeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => f.write_str("the scope is empty (leave it out to mean everywhere)"),
            Self::TooLong(n) => write!(
                f,
                "the scope is {n} bytes long; at most {MAX_PATTERN_LEN} are allowed"
            ),
            Self::Hazard => {
                f.write_str("the scope holds a control, line-break or invisible character")
            }
            Self::TooNested { depth, braces } => write!(
                f,
                "the scope nests `{{...}}` {depth} deep with {braces} in all; at most \
                 {MAX_BRACE_DEPTH} deep and {MAX_BRACES} in all are allowed"
            ),
            Self::Glob(e) => f.write_str(&crate::sanitize::clean(e)),
        }
    }
}

impl std::error::Error for ScopeError {}

/// How scopes are read: `*` stays within a folder, `**` crosses folders.
pub(super) fn glob(pattern: &str) -> Result<Glob, ScopeError> {
    if pattern.is_empty() {
        return Err(ScopeError::Empty);
    }
    if pattern.len() > MAX_PATTERN_LEN {
        return Err(ScopeError::TooLong(pattern.len()));
    }
    if pattern.chars().any(crate::sanitize::is_hazard) {
        return Err(ScopeError::Hazard);
    }
    let (mut depth, mut deepest, mut braces) = (0usize, 0usize, 0usize);
    let mut escaped = false;
    for b in pattern.bytes() {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'{' => {
                depth += 1;
                braces += 1;
                deepest = deepest.max(depth);
            }
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if deepest > MAX_BRACE_DEPTH || braces > MAX_BRACES {
        return Err(ScopeError::TooNested {
            depth: deepest,
            braces,
        });
    }
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| ScopeError::Glob(e.to_string()))
}

/// A compiled path scope.
pub enum Scope {
    /// No scope: every file.
    Everywhere,
    /// A glob; one without `/` also matches a file name anywhere (as in `.gitignore`).
    Glob {
        matcher: GlobMatcher,
        name_only: bool,
    },
    /// A pattern that is not a valid glob (or is over the limits above) only matches itself.
    Exact(String),
}

impl Scope {
    pub fn new(pattern: Option<&str>) -> Self {
        match pattern {
            None => Self::Everywhere,
            Some(p) => match glob(p) {
                Ok(g) => Self::Glob {
                    matcher: g.compile_matcher(),
                    name_only: !p.contains('/'),
                },
                Err(_) => Self::Exact(p.to_owned()),
            },
        }
    }

    pub fn covers(&self, file: &str) -> bool {
        match self {
            Self::Everywhere => true,
            Self::Glob { matcher, name_only } => {
                matcher.is_match(file)
                    || (*name_only
                        && file
                            .rsplit('/')
                            .next()
                            .is_some_and(|name| matcher.is_match(name)))
            }
            Self::Exact(p) => p == file,
        }
    }
}

/// The live entries of an allowlist by fingerprint, in file order, each with its scope compiled.
pub struct Matcher<'a> {
    by_fingerprint: HashMap<&'a str, Vec<(usize, Scope)>>,
    entries: &'a [Entry],
}

impl<'a> Matcher<'a> {
    /// Entries expired before `today` are left out: they hide nothing.
    pub fn new(list: &'a AllowlistFile, today: &str) -> Self {
        let mut by_fingerprint: HashMap<&str, Vec<(usize, Scope)>> = HashMap::new();
        for (i, e) in list.entries.iter().enumerate() {
            if !e.is_expired(today) {
                by_fingerprint
                    .entry(e.fingerprint.as_str())
                    .or_default()
                    .push((i, Scope::new(e.path.as_deref())));
            }
        }
        Self {
            by_fingerprint,
            entries: &list.entries,
        }
    }

    /// The index of the first live entry hiding `f`.
    pub fn index_for(&self, f: &Finding) -> Option<usize> {
        self.by_fingerprint
            .get(f.fingerprint.as_str())?
            .iter()
            .find(|(_, scope)| scope.covers(&f.file))
            .map(|(i, _)| *i)
    }

    /// The first live entry hiding `f`.
    pub fn entry_for(&self, f: &Finding) -> Option<&'a Entry> {
        self.index_for(f).map(|i| &self.entries[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deeply_nested_alternations_are_refused_not_compiled() {
        let deep = format!("{}a{}", "{".repeat(300), "}".repeat(300));
        assert!(glob(&deep).unwrap_err().to_string().contains("300 deep"));
        assert!(matches!(Scope::new(Some(&deep)), Scope::Exact(_)));
        assert!(glob(&"{a,b}".repeat(40)).is_err());
        assert!(glob(&"a".repeat(2000)).is_err());
        assert!(glob("tests/{unit,{e2e,it}}/**").is_ok());
        assert!(glob(r"literal\{brace").is_ok());
        assert!(
            glob("a\nb").is_err(),
            "a line break would forge output lines"
        );
        assert!(glob("a\u{202e}b").is_err());
    }
}
