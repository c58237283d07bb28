//! One finding, whatever tool reported it: location, redaction, fingerprint. No I/O.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The raw secret. It lives in memory only: it has no `Serialize`, and `Debug` hides it, so a
/// stray `{:?}` or a JSON dump can never leak it. Writers ask for it by name (`expose`).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Box<str>);

impl Secret {
    pub fn new(value: impl Into<Box<str>>) -> Self {
        Self(value.into())
    }

    /// The raw value. Call only where the user asked to see it (`--reveal`).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<hidden>)")
    }
}

/// Whether a tool checked the secret against its provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Verified {
    /// No tool said either way.
    #[default]
    Unknown,
    /// A tool reported it as not working (or not verified).
    No,
    /// A tool confirmed it works: treat as an incident.
    Yes,
}

impl Verified {
    /// Two tools' answers combined: a live confirmation wins, then a "no", then "unknown".
    pub fn combine(self, other: Self) -> Self {
        self.max(other)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Yes => "yes",
            Self::No => "no",
            Self::Unknown => "unknown",
        }
    }
}

/// What the fingerprint is a hash of. Only `Secret` means the raw value was in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// SHA-256 of the raw secret: equal across tools, files and commits.
    Secret,
    /// The report held only the tool's own hash of the secret (detect-secrets' SHA-1,
    /// GitGuardian's `ignore_sha`): equal across files for that tool.
    ReportHash,
    /// The report held nothing about the value: a hash of tool, rule and place.
    Location,
}

/// A tool's own verdict on a finding, carried over from its report (e.g. detect-secrets'
/// audited `is_secret`, a GitHub alert's resolution).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    TruePositive,
    FalsePositive,
    Revoked,
    UsedInTests,
    WontFix,
    Suppressed,
}

impl Label {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TruePositive => "true_positive",
            Self::FalsePositive => "false_positive",
            Self::Revoked => "revoked",
            Self::UsedInTests => "used_in_tests",
            Self::WontFix => "wont_fix",
            Self::Suppressed => "suppressed",
        }
    }
}

/// Triage status: from the allowlist entry that hides the finding, else from the triage state,
/// else `open`. A decision, so never part of a [`Finding`]: [`crate::verdicts`] computes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Nobody has decided yet.
    #[default]
    Open,
    /// Someone is working on it.
    Investigating,
    /// The secret was revoked.
    Revoked,
    /// Not a secret.
    FalsePositive,
    /// A credential that only works in tests.
    TestCredential,
    /// A live secret whose risk was accepted.
    AcceptedRisk,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Investigating => "investigating",
            Self::Revoked => "revoked",
            Self::FalsePositive => "false_positive",
            Self::TestCredential => "test_credential",
            Self::AcceptedRisk => "accepted_risk",
        }
    }

    /// The words the screen shows: `false positive`, not the file's `false_positive`.
    pub fn words(self) -> &'static str {
        match self {
            Self::FalsePositive => "false positive",
            Self::TestCredential => "test credential",
            Self::AcceptedRisk => "accepted risk",
            other => other.as_str(),
        }
    }
}

/// One tool's report of a finding: which tool, under which rule, with the tool's own id for it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Detection {
    pub tool: String,
    pub rule: String,
    /// The tool's own identifier (gitleaks `Fingerprint`, GitGuardian `ignore_sha`, ...), kept
    /// verbatim so an allowlist can be written back in that tool's terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub native_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// SHA-256 hex; see [`Basis`] for what it hashes.
    pub fingerprint: String,
    pub basis: Basis,
    /// Playbook id (`messagebird`, `aws`, ...), or none when the rule names no provider.
    pub provider: Option<String>,
    /// `/`-separated, relative to the root when it lies under it.
    pub file: String,
    /// 1-based.
    pub line: Option<u32>,
    /// 1-based, in characters when the tool's text allowed converting, else as the tool counted.
    pub column: Option<u32>,
    pub commit: Option<String>,
    pub author: Option<String>,
    pub email: Option<String>,
    pub date: Option<String>,
    pub secret: Option<Secret>,
    /// Display form: never more than a third of the value, at most four characters.
    pub redacted: String,
    /// The line of code around the match, when the report carries it (may hold the secret:
    /// show it through [`Finding::masked_context`]).
    pub context: Option<String>,
    /// The lines just before and after the context line, when known (a scan, Nosey Parker).
    pub around: Option<(String, String)>,
    pub detections: Vec<Detection>,
    pub verified: Verified,
    /// The tools that verified the secret live (sorted): who to name when a decision would call
    /// a working credential harmless.
    pub verified_by: Vec<String>,
    pub label: Option<Label>,
    /// For a finding in git history: how far the secret reaches (boxed: most findings have none).
    pub history: Option<Box<History>>,
}

/// Where a secret found in git history is, beyond the commit that introduced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// How many commits hold it at this path.
    pub commits: usize,
    /// The refs (branches, tags, remotes) whose history holds the commit that introduced it.
    pub refs: Vec<String>,
    pub in_head: InHead,
}

/// Whether HEAD still has the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "where", content = "commit")]
pub enum InHead {
    /// In the same file.
    File,
    /// Not in this file, but in another one.
    Elsewhere,
    /// Not in HEAD: removed in this commit (when the scan saw the removal). Every clone and
    /// fork made before still has it.
    Removed(Option<String>),
}

/// A blank finding: a placeholder that allocates nothing, for buffers filled in place (the
/// parallel import). Never a finding of its own: it has no tool and no place.
impl Default for Finding {
    fn default() -> Self {
        Self {
            fingerprint: String::new(),
            basis: Basis::Location,
            provider: None,
            file: String::new(),
            line: None,
            column: None,
            commit: None,
            author: None,
            email: None,
            date: None,
            secret: None,
            redacted: String::new(),
            context: None,
            around: None,
            detections: Vec::new(),
            verified: Verified::Unknown,
            verified_by: Vec::new(),
            label: None,
            history: None,
        }
    }
}

/// What `redacted` shows when the report did not carry the value.
pub const NOT_IN_REPORT: &str = "(not in report)";
const MASK: &str = "********";

impl Finding {
    /// A finding as one tool reported it. The fingerprint and redaction follow from `secret`
    /// (or, without it, from `report_hash` / the place).
    pub fn new(tool: &str, rule: &str, file: String, evidence: Evidence) -> Self {
        let Evidence {
            secret,
            report_hash,
            tool_redacted,
        } = evidence;
        let (fingerprint, basis, redacted) = match (&secret, report_hash) {
            (Some(s), _) => (
                sha256_hex(s.expose().as_bytes()),
                Basis::Secret,
                redact(s.expose()),
            ),
            (None, Some(hash)) => (
                derived_fingerprint(&["report-hash", tool, &hash]),
                Basis::ReportHash,
                redact_masked(tool_redacted.as_deref()),
            ),
            (None, None) => (
                String::new(),
                Basis::Location,
                redact_masked(tool_redacted.as_deref()),
            ),
        };
        Self {
            fingerprint,
            basis,
            provider: None,
            file,
            line: None,
            column: None,
            commit: None,
            author: None,
            email: None,
            date: None,
            secret,
            redacted,
            context: None,
            around: None,
            detections: vec![Detection {
                tool: tool.to_owned(),
                rule: rule.to_owned(),
                native_id: None,
            }],
            verified: Verified::Unknown,
            verified_by: Vec::new(),
            label: None,
            history: None,
        }
    }

    /// Fills in a location-based fingerprint once the place is known, and names the tool as the
    /// one that verified it when it did. Importers call it last.
    pub fn finish(mut self) -> Self {
        if self.verified == Verified::Yes
            && self.verified_by.is_empty()
            && let Some(d) = self.detections.first()
        {
            self.verified_by.push(d.tool.clone());
        }
        if self.basis == Basis::Location && self.fingerprint.is_empty() {
            let d = &self.detections[0];
            let line = self.line.map(|l| l.to_string()).unwrap_or_default();
            self.fingerprint = derived_fingerprint(&[
                "location",
                &d.tool,
                &d.rule,
                &self.file,
                &line,
                self.commit.as_deref().unwrap_or(""),
            ]);
        }
        self
    }

    /// The first detection's rule: what a one-line view shows.
    pub fn rule(&self) -> &str {
        self.detections.first().map_or("", |d| d.rule.as_str())
    }

    /// Distinct tool names, sorted.
    pub fn tools(&self) -> Vec<&str> {
        let mut tools: Vec<&str> = self.detections.iter().map(|d| d.tool.as_str()).collect();
        tools.sort_unstable();
        tools.dedup();
        tools
    }

    /// The context line with every occurrence of the secret replaced by its redaction.
    pub fn masked_context(&self) -> Option<String> {
        let context = self.context.as_deref()?;
        Some(match &self.secret {
            Some(s) if !s.expose().is_empty() => replace_all(context, s.expose(), &self.redacted),
            _ => context.to_owned(),
        })
    }

    /// The lines around the context line, with the secret masked (a secret spanning lines, such
    /// as a key block, is masked line by line).
    pub fn masked_around(&self) -> Option<(String, String)> {
        let (before, after) = self.around.as_ref()?;
        let mask = |line: &str| match &self.secret {
            Some(s) => s
                .expose()
                .lines()
                .filter(|l| l.len() >= 8)
                .fold(line.to_owned(), |acc, part| {
                    replace_all(&acc, part, &self.redacted)
                }),
            None => line.to_owned(),
        };
        Some((mask(before), mask(after)))
    }

    /// `file:line`, or just the file when the line is unknown.
    pub fn place(&self) -> String {
        match self.line {
            Some(line) => format!("{}:{line}", self.file),
            None => self.file.clone(),
        }
    }

    /// Whether the raw value was in the report (it may since have been left out of a
    /// re-exported report; the basis remembers).
    pub fn secret_in_report(&self) -> bool {
        self.basis == Basis::Secret
    }
}

/// What a report said about the value itself.
#[derive(Debug, Default)]
pub struct Evidence {
    pub secret: Option<Secret>,
    /// The tool's own hash of the secret, prefixed with its kind (e.g. `sha1:...`).
    pub report_hash: Option<String>,
    /// The tool's masked display form, used when there is no raw value.
    pub tool_redacted: Option<String>,
}

impl Evidence {
    pub fn secret(value: impl Into<Box<str>>) -> Self {
        Self {
            secret: Some(Secret::new(value)),
            ..Self::default()
        }
    }

    /// A raw value unless the tool masked it (then only its display form is kept).
    pub fn maybe_masked(value: &str) -> Self {
        if looks_masked(value) {
            Self {
                tool_redacted: Some(value.to_owned()),
                ..Self::default()
            }
        } else {
            Self::secret(value)
        }
    }
}

/// `str::replace` for short texts: its searcher's setup cost more than the search itself here.
fn replace_all(text: &str, needle: &str, with: &str) -> String {
    let (hay, pat) = (text.as_bytes(), needle.as_bytes());
    let mut out = String::with_capacity(text.len());
    let (mut copied, mut i) = (0, 0);
    while i + pat.len() <= hay.len() {
        if hay[i] == pat[0] && &hay[i..i + pat.len()] == pat {
            out.push_str(&text[copied..i]);
            out.push_str(with);
            i += pat.len();
            copied = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&text[copied..]);
    out
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

/// SHA-256 of `leakdesk/v1` and the parts, each preceded by a NUL so that no two part lists
/// hash alike. Documented in the README ("Fingerprints").
pub fn derived_fingerprint(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"leakdesk/v1");
    for part in parts {
        hasher.update([0u8]);
        hasher.update(part.as_bytes());
    }
    hex(&hasher.finalize())
}

/// First characters of the secret (at most four, never more than a third) and a fixed mask,
/// so the display reveals neither the value nor its length.
pub fn redact(secret: &str) -> String {
    let count = secret.chars().count();
    let shown = (count / 3).min(4);
    let prefix: String = secret
        .chars()
        .take(shown)
        .filter(|c| !c.is_control())
        .collect();
    format!("{prefix}{MASK}")
}

/// A tool's own masked form, re-redacted by our rule: keep only the clear characters before the
/// first mask character, within the same limits.
fn redact_masked(tool_form: Option<&str>) -> String {
    let Some(form) = tool_form.filter(|f| !f.is_empty()) else {
        return NOT_IN_REPORT.to_owned();
    };
    let count = form.chars().count();
    let clear: String = form
        .chars()
        .take_while(|c| !matches!(c, '*' | '.' | '[' | '…'))
        .take((count / 3).min(4))
        .filter(|c| !c.is_control())
        .collect();
    if form.starts_with("REDACTED") || form.starts_with("[REDACTED") {
        return NOT_IN_REPORT.to_owned();
    }
    format!("{clear}{MASK}")
}

/// Whether a tool wrote a masked value where a secret would be: gitleaks `REDACTED` and
/// `abc...`, kingfisher `[REDACTED:...]`, runs of `*`, GitGuardian's `po****es`.
pub fn looks_masked(value: &str) -> bool {
    value.is_empty()
        || value.contains("REDACTED")
        || value.contains("****")
        || value.chars().all(|c| c == '*')
        || value.ends_with("...")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_never_shows_more_than_a_third_or_four_chars() {
        assert_eq!(
            redact("ghp_XIxB7KMNdAr3zqWtQqhE94qglHqOzn1D1stg"),
            "ghp_********"
        );
        assert_eq!(redact("abcdef"), "ab********");
        assert_eq!(redact("ab"), "********");
        assert_eq!(redact(""), "********");
        // Characters, not bytes: no panic on a multi-byte boundary.
        assert_eq!(redact("ééééééé"), "éé********");
    }

    #[test]
    fn redaction_drops_control_characters() {
        assert_eq!(redact("\u{1b}[31mAAAAAAAAAAAA"), "[31********");
    }

    #[test]
    fn fingerprint_is_sha256_of_the_raw_secret() {
        let f = Finding::new("t", "r", "a".into(), Evidence::secret("hello")).finish();
        assert_eq!(
            f.fingerprint,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        assert_eq!(f.basis, Basis::Secret);
    }

    #[test]
    fn masked_values_give_no_secret() {
        for masked in [
            "REDACTED",
            "********",
            "abc...",
            "[REDACTED:1a2b3c4d]",
            "po****es",
            "",
        ] {
            assert!(Evidence::maybe_masked(masked).secret.is_none(), "{masked}");
        }
        assert!(
            Evidence::maybe_masked("AKIAFAKE7X2LMWV9TDKR")
                .secret
                .is_some()
        );
    }

    #[test]
    fn report_hash_fingerprint_is_stable_and_says_so() {
        let ev = || Evidence {
            report_hash: Some("sha1:abc".into()),
            ..Evidence::default()
        };
        let a = Finding::new("detect-secrets", "Secret Keyword", "a".into(), ev()).finish();
        let b = Finding::new("detect-secrets", "Hex", "b".into(), ev()).finish();
        assert_eq!(a.fingerprint, b.fingerprint);
        assert_eq!(a.basis, Basis::ReportHash);
        assert_eq!(a.redacted, NOT_IN_REPORT);
        assert!(!a.secret_in_report());
    }

    #[test]
    fn location_fingerprint_differs_by_place() {
        let mk = |line| {
            let mut f = Finding::new(
                "kingfisher",
                "r",
                "a".into(),
                Evidence::maybe_masked("[REDACTED:00]"),
            );
            f.line = Some(line);
            f.finish()
        };
        assert_ne!(mk(1).fingerprint, mk(2).fingerprint);
        assert_eq!(mk(1).fingerprint.len(), 64);
        assert_eq!(mk(1).redacted, NOT_IN_REPORT);
    }

    #[test]
    fn tool_masked_form_is_cut_to_our_rule() {
        let f = Finding::new(
            "ggshield",
            "r",
            "a".into(),
            Evidence {
                tool_redacted: Some("po****es".into()),
                report_hash: Some("x".into()),
                secret: None,
            },
        );
        assert_eq!(f.redacted, "po********");
    }

    #[test]
    fn context_is_masked() {
        let mut f = Finding::new("t", "r", "a".into(), Evidence::secret("SECRETVALUE123"));
        f.context = Some("key = \"SECRETVALUE123\"".into());
        assert_eq!(
            f.masked_context().as_deref(),
            Some("key = \"SECR********\"")
        );
    }

    #[test]
    fn replace_all_matches_str_replace() {
        for (text, needle) in [
            ("aXbXXc", "X"),
            ("éXé", "X"),
            ("none", "zz"),
            ("XX", "XX"),
            ("", "a"),
            ("aaa", "aa"),
        ] {
            assert_eq!(
                replace_all(text, needle, "<>"),
                text.replace(needle, "<>"),
                "{text} {needle}"
            );
        }
    }

    #[test]
    fn debug_hides_the_secret() {
        let f = Finding::new("t", "r", "a".into(), Evidence::secret("SECRETVALUE123"));
        assert!(!format!("{f:?}").contains("SECRETVALUE123"));
    }
}
