//! The allowlist: reviewed decisions that a finding is not to be acted on (a false positive, a
//! test credential, a revoked secret, an accepted risk), in `.leakdesk/allowlist.json`.
//!
//! Entries are keyed by the secret's fingerprint and an optional path scope, never by line or
//! byte offset, so a decision survives the line moving, the file being renamed (when unscoped)
//! and squash merges. The file holds no secret, nothing volatile, and its entries are sorted, so
//! adding one is a small diff. Fields written by a newer leakdesk are kept on rewrite.

pub mod export;
pub mod health;
pub mod hidden;
pub mod import;
pub mod matcher;
pub mod merge;
pub mod table;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::InputError;
use crate::finding::{Finding, Status};
pub use health::Health;
pub use matcher::{Matcher, Scope};

/// Where the allowlist lives inside the repository's `.leakdesk/` folder.
pub const FILE_NAME: &str = "allowlist.json";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllowlistFile {
    #[serde(default = "version")]
    pub version: u32,
    #[serde(default)]
    pub entries: Vec<Entry>,
    /// Top-level fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn version() -> u32 {
    VERSION
}

impl Default for AllowlistFile {
    fn default() -> Self {
        Self {
            version: VERSION,
            entries: Vec::new(),
            extra: Map::new(),
        }
    }
}

impl crate::store::Document for AllowlistFile {
    /// Entry by entry: an entry that is not an object of the right shape, or whose fingerprint,
    /// scope or dates are malformed, is reported with its line and left out (so it hides
    /// nothing).
    fn parse(name: &str, text: &str) -> Result<(Self, Vec<InputError>), InputError> {
        use serde_json::value::RawValue;
        #[derive(Deserialize)]
        struct Shape<'a> {
            #[serde(borrow, default)]
            entries: Option<Vec<&'a RawValue>>,
        }
        let (version, extra) = crate::store::header(name, text, "entries", VERSION)?;
        let shape: Shape<'_> = crate::store::parse_borrowed(name, text)?;
        let mut file = Self {
            version,
            entries: Vec::new(),
            extra,
        };
        let mut problems = Vec::new();
        for raw in shape.entries.unwrap_or_default() {
            let checked = crate::store::parse_part::<Entry>(name, text, raw.get()).and_then(|e| {
                e.validate().map(|()| e).map_err(|m| {
                    let (line, column) = crate::store::position(text, raw.get());
                    InputError::new(name, m).at(line, column)
                })
            });
            match checked {
                Ok(e) => file.entries.push(e),
                Err(mut e) => {
                    e.message = format!("allowlist entry left out: {}", e.message);
                    problems.push(e);
                }
            }
        }
        Ok((file, problems))
    }
}

/// Why a finding is allowlisted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Not a secret (an example, a hash, a random id).
    FalsePositive,
    /// A real-looking credential that only works in tests or fixtures.
    TestCredential,
    /// It was a secret; it has been revoked and no longer works.
    Revoked,
    /// A live secret the owner decided to accept for now (set an expiry).
    AcceptedRisk,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FalsePositive => "false_positive",
            Self::TestCredential => "test_credential",
            Self::Revoked => "revoked",
            Self::AcceptedRisk => "accepted_risk",
        }
    }

    /// The words the screen and messages use: `false positive`.
    pub fn words(self) -> &'static str {
        self.status().words()
    }

    pub fn status(self) -> Status {
        match self {
            Self::FalsePositive => Status::FalsePositive,
            Self::TestCredential => Status::TestCredential,
            Self::Revoked => Status::Revoked,
            Self::AcceptedRisk => Status::AcceptedRisk,
        }
    }
}

/// One decision. Field order is the order in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// SHA-256 of the secret (see the README's "Fingerprints"); never the secret itself.
    pub fingerprint: String,
    pub rule: String,
    /// Absent (not `null`) for a rule that names no provider: a file rewritten by leakdesk
    /// changes only the entries that changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// A path or glob (`tests/**`) the decision is limited to; absent means everywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub kind: Kind,
    pub reason: String,
    /// `Name <email>` from git's configuration, else the OS user.
    pub decided_by: String,
    /// RFC 3339, UTC.
    pub decided_at: String,
    /// `YYYY-MM-DD`: the entry stops matching after this day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Entry {
    /// Checks the fields that identify, scope and date the decision; the error says which
    /// field, the value, and what it should be.
    pub fn validate(&self) -> Result<(), String> {
        crate::validate::fingerprint(&self.fingerprint)?;
        if let Some(p) = &self.path {
            check_scope(p).map_err(|e| format!("scope {}: {e}", crate::validate::quote(p)))?;
        }
        crate::validate::timestamp("decided_at", &self.decided_at)?;
        if let Some(d) = &self.expires {
            crate::validate::date("expires", d)?;
        }
        Ok(())
    }

    /// The identity of a decision: one per secret and scope.
    pub fn key(&self) -> (&str, &str) {
        (&self.fingerprint, self.path.as_deref().unwrap_or(""))
    }

    pub fn is_expired(&self, today: &str) -> bool {
        self.expires.as_deref().is_some_and(|e| e < today)
    }

    /// The entry's path scope, compiled: build it once to test many files.
    pub fn scope(&self) -> Scope {
        Scope::new(self.path.as_deref())
    }

    /// A test of whether the entry hides a finding today, its scope compiled once.
    pub fn hides(&self, today: &str) -> impl Fn(&Finding) -> bool + '_ {
        let live = !self.is_expired(today);
        let scope = self.scope();
        move |f| live && self.fingerprint == f.fingerprint && scope.covers(&f.file)
    }

    /// Whether the entry hides `f` today.
    pub fn matches(&self, f: &Finding, today: &str) -> bool {
        self.hides(today)(f)
    }
}

/// Checks a scope pattern; the error says what is wrong with it.
pub fn check_scope(pattern: &str) -> Result<(), matcher::ScopeError> {
    matcher::glob(pattern).map(|_| ())
}

impl AllowlistFile {
    /// Sorted by fingerprint, then scope: a stable, diff-friendly order.
    pub fn sort(&mut self) {
        self.entries.sort_by(|a, b| a.key().cmp(&b.key()));
    }

    /// What tells, for each of many findings, the entry hiding it today.
    pub fn matcher(&self, today: &str) -> Matcher<'_> {
        Matcher::new(self, today)
    }

    /// Adds `entry`; an entry with the same key and a different decision is a conflict.
    pub fn add(&mut self, entry: Entry) -> Result<(), AllowlistError> {
        if let Some(existing) = self.entries.iter().find(|e| e.key() == entry.key()) {
            if same_decision(existing, &entry) {
                return Ok(());
            }
            return Err(AllowlistError::Conflict(Box::new(existing.clone())));
        }
        self.entries.push(entry);
        self.sort();
        Ok(())
    }

    /// Removes the entries for `fingerprint` (a prefix of at least 8 characters is enough), limited
    /// to `path` when given. Returns the removed entries.
    pub fn remove(
        &mut self,
        fingerprint: &str,
        path: Option<&str>,
    ) -> Result<Vec<Entry>, AllowlistError> {
        let no_entry = |fingerprint: String| AllowlistError::NoEntry {
            fingerprint,
            path: path.map(str::to_owned),
        };
        let fingerprint = match crate::fingerprint::resolve(
            fingerprint,
            self.entries.iter().map(|e| e.fingerprint.as_str()),
        ) {
            Ok(crate::fingerprint::Resolved::Known(f)) => f,
            Ok(crate::fingerprint::Resolved::Unknown(f))
            | Err(crate::fingerprint::PrefixError::NoMatch(f)) => return Err(no_entry(f)),
            Err(e) => return Err(AllowlistError::Prefix(e)),
        };
        let (removed, kept): (Vec<Entry>, Vec<Entry>) = std::mem::take(&mut self.entries)
            .into_iter()
            .partition(|e| {
                e.fingerprint == fingerprint && path.is_none_or(|p| e.path.as_deref() == Some(p))
            });
        self.entries = kept;
        if removed.is_empty() {
            return Err(no_entry(fingerprint));
        }
        Ok(removed)
    }
}

/// Why a change to the allowlist was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum AllowlistError {
    /// The secret (in this scope) already has a different decision: this one.
    Conflict(Box<Entry>),
    /// No entry for this fingerprint (under this path).
    NoEntry {
        fingerprint: String,
        path: Option<String>,
    },
    Prefix(crate::fingerprint::PrefixError),
}

impl std::fmt::Display for AllowlistError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::sanitize::clean;
        use crate::validate::quote;
        match self {
            Self::Conflict(existing) => write!(
                f,
                "the allowlist already has a decision for this secret{}: {} by {} on {} ({}). Remove it first \
                 (`leakdesk allowlist remove {}`) if it should change.",
                existing
                    .path
                    .as_deref()
                    .map(|p| format!(" under `{}`", clean(p)))
                    .unwrap_or_default(),
                existing.kind.as_str(),
                clean(&existing.decided_by),
                clean(&existing.decided_at),
                clean(&existing.reason),
                short(&existing.fingerprint),
            ),
            Self::NoEntry { fingerprint, path } => write!(
                f,
                "no allowlist entry for {}{}",
                quote(fingerprint),
                path.as_deref()
                    .map(|p| format!(" under {}", quote(p)))
                    .unwrap_or_default()
            ),
            Self::Prefix(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for AllowlistError {}

impl From<AllowlistError> for String {
    fn from(e: AllowlistError) -> Self {
        e.to_string()
    }
}

fn same_decision(a: &Entry, b: &Entry) -> bool {
    a.kind == b.kind && a.reason == b.reason && a.expires == b.expires
}

/// The first 12 characters of a fingerprint: enough to tell entries apart when reading.
pub fn short(fingerprint: &str) -> &str {
    // A fingerprint from a hostile file may hold multi-byte characters: cut on a boundary.
    let end = fingerprint
        .char_indices()
        .nth(12)
        .map_or(fingerprint.len(), |(i, _)| i);
    &fingerprint[..end]
}

/// The allowlist for a repository: `.leakdesk/allowlist.json` in the nearest folder at or above
/// `start` that has a `.leakdesk/` (else in `start` itself, where a first entry will create it).
pub fn locate(start: &Path) -> PathBuf {
    crate::config::repo_dir(start)
        .unwrap_or_else(|| {
            std::path::absolute(start)
                .unwrap_or_else(|_| start.to_path_buf())
                .join(".leakdesk")
        })
        .join(FILE_NAME)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Evidence;

    fn finding(secret: &str, file: &str) -> Finding {
        let mut f = Finding::new(
            "gitleaks",
            "generic-api-key",
            file.into(),
            Evidence::secret(secret),
        );
        f.line = Some(3);
        f.finish()
    }

    fn entry(f: &Finding, path: Option<&str>) -> Entry {
        Entry {
            fingerprint: f.fingerprint.clone(),
            rule: f.rule().into(),
            provider: None,
            path: path.map(str::to_owned),
            kind: Kind::TestCredential,
            reason: "fixture".into(),
            decided_by: "Dana <dana@example.com>".into(),
            decided_at: "2026-11-01T10:00:00Z".into(),
            expires: None,
            extra: Map::new(),
        }
    }

    #[test]
    fn unscoped_entry_follows_the_secret_anywhere() {
        let a = finding("S3CRET-one-abc", "tests/a.py");
        let moved = finding("S3CRET-one-abc", "renamed/b.py");
        let e = entry(&a, None);
        assert!(e.matches(&a, "2026-11-23") && e.matches(&moved, "2026-11-23"));
        assert!(!e.matches(&finding("other-secret-1", "tests/a.py"), "2026-11-23"));
    }

    #[test]
    fn scoped_entry_only_under_its_glob() {
        let e = entry(&finding("S3CRET-one-abc", "x"), Some("tests/**"));
        assert!(e.matches(&finding("S3CRET-one-abc", "tests/unit/a.py"), "2026-11-23"));
        assert!(!e.matches(&finding("S3CRET-one-abc", "src/a.py"), "2026-11-23"));
        assert!(Scope::new(Some("*.md")).covers("docs/guide/README.md"));
        assert!(!Scope::new(Some("docs/*.md")).covers("docs/guide/README.md"));
    }

    #[test]
    fn expired_entries_stop_matching() {
        let f = finding("S3CRET-one-abc", "a.py");
        let mut e = entry(&f, None);
        e.expires = Some("2026-11-22".into());
        assert!(!e.matches(&f, "2026-11-23"));
        assert!(e.matches(&f, "2026-11-22"));
    }

    #[test]
    fn matcher_picks_the_first_live_entry_in_file_order() {
        let f = finding("S3CRET-one-abc", "tests/unit/a.py");
        let mut expired = entry(&f, Some("tests/**"));
        expired.expires = Some("2026-11-22".into());
        let mut list = AllowlistFile {
            entries: vec![expired, entry(&f, Some("*.py")), entry(&f, None)],
            ..AllowlistFile::default()
        };
        let m = list.matcher("2026-11-23");
        assert_eq!(m.index_for(&f), Some(1));
        assert_eq!(m.index_for(&finding("S3CRET-one-abc", "README")), Some(2));
        assert_eq!(m.index_for(&finding("other-secret-1", "a.py")), None);
        list.entries.truncate(1);
        assert_eq!(list.matcher("2026-11-23").index_for(&f), None);
        assert_eq!(list.matcher("2026-11-22").index_for(&f), Some(0));
    }

    #[test]
    fn add_sorts_and_detects_conflicts() {
        let mut list = AllowlistFile::default();
        let b = entry(&finding("bbbb-secret-1", "a"), None);
        let a = entry(&finding("aaaa-secret-2", "a"), None);
        list.add(b.clone()).unwrap();
        list.add(a.clone()).unwrap();
        assert!(list.entries.windows(2).all(|w| w[0].key() <= w[1].key()));
        list.add(b.clone()).unwrap();
        assert_eq!(
            list.entries.len(),
            2,
            "the same decision twice is one entry"
        );
        let mut changed = b;
        changed.kind = Kind::AcceptedRisk;
        assert!(
            list.add(changed)
                .unwrap_err()
                .to_string()
                .contains("already has a decision")
        );
    }

    #[test]
    fn unknown_fields_survive_a_rewrite() {
        let text = r#"{"version":1,"policy":"strict","entries":[{"fingerprint":"ab","rule":"r","provider":null,
            "kind":"revoked","reason":"x","decided_by":"d","decided_at":"t","ticket":"SEC-12"}]}"#;
        let list: AllowlistFile = serde_json::from_str(text).unwrap();
        let out = serde_json::to_string(&list).unwrap();
        assert!(
            out.contains("\"policy\":\"strict\"") && out.contains("\"ticket\":\"SEC-12\""),
            "{out}"
        );
    }

    #[test]
    fn remove_by_prefix() {
        let mut list = AllowlistFile::default();
        let e = entry(&finding("S3CRET-one-abc", "a"), None);
        list.add(e.clone()).unwrap();
        assert!(list.remove("abc", None).is_err(), "too short a prefix");
        assert_eq!(list.remove(&e.fingerprint[..10], None).unwrap().len(), 1);
        assert!(list.entries.is_empty());
    }
}
