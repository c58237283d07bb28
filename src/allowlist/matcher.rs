//! Matching findings against allowlist entries with each entry's path scope compiled once, so a
//! run over many findings neither recompiles globs nor scans every entry per finding.

use std::collections::HashMap;

use globset::{Glob, GlobBuilder, GlobMatcher};

use super::{AllowlistFile, Entry};
use crate::finding::Finding;

/// How scopes are read: `*` stays within a folder, `**` crosses folders.
pub(super) fn glob(pattern: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(pattern).literal_separator(true).build()
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
    /// A pattern that is not a valid glob only matches itself.
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
