//! The one place that decides what is open. For every finding: the allowlist entry hiding it
//! (or an expired one that no longer does) and its status; for every secret, over all its
//! places: how many are allowlisted and whether it is still open. `list`, `check`, the
//! `allowlist` and `triage` commands and the triage screen all read these, so the screen's open
//! count and `check`'s exit code cannot disagree.
//!
//! A secret is open while any of its places is open: an entry scoped to `tests/**` hides the
//! copy in `tests/` and leaves the one in `src/app.py` open, on the screen as in CI.
//!
//! Pure: findings and decisions in, verdicts out. Decisions are values of their own; nothing
//! is written into the findings.

use std::collections::HashMap;

use crate::allowlist::AllowlistFile;
use crate::finding::{Finding, Status};
use crate::triage::TriageFile;

/// The findings grouped by secret (fingerprint), in order of first appearance. Computed once
/// per set of findings; the verdicts are recomputed whenever decisions change.
#[derive(Debug, Clone, Default)]
pub struct Secrets {
    /// Per finding: its secret's index.
    pub of: Vec<usize>,
    /// Per secret: its first finding.
    pub first: Vec<usize>,
}

impl Secrets {
    pub fn group(findings: &[Finding]) -> Self {
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(findings.len());
        let mut first = Vec::new();
        let of = findings
            .iter()
            .enumerate()
            .map(|(i, f)| {
                *index.entry(f.fingerprint.as_str()).or_insert_with(|| {
                    first.push(i);
                    first.len() - 1
                })
            })
            .collect();
        Self { of, first }
    }

    pub fn len(&self) -> usize {
        self.first.len()
    }

    pub fn is_empty(&self) -> bool {
        self.first.is_empty()
    }

    /// Per secret, the indices of its findings (its places), in input order.
    pub fn members(&self) -> Vec<Vec<usize>> {
        let mut members = vec![Vec::new(); self.len()];
        for (i, &s) in self.of.iter().enumerate() {
            members[s].push(i);
        }
        members
    }
}

/// What was decided about one finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// The live allowlist entry hiding this place (its index in the allowlist).
    pub entry: Option<usize>,
    /// An entry that would hide this place but expired.
    pub expired: Option<usize>,
    /// The entry's kind when hidden; else the secret's triage status; else open.
    pub status: Status,
}

impl Verdict {
    pub fn hidden(&self) -> bool {
        self.entry.is_some()
    }
}

/// What was decided about one secret, over all its places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecretVerdict {
    /// Places an allowlist entry hides.
    pub allowlisted: usize,
    /// Places in all.
    pub places: usize,
    /// Shown as the secret's status: while a place is open, its triage status (or open);
    /// once every place is hidden, the kind of the entry hiding the first.
    pub status: Status,
}

impl SecretVerdict {
    /// Open while any place is.
    pub fn open(&self) -> bool {
        self.allowlisted < self.places
    }

    /// Some places allowlisted, others still open.
    pub fn is_partly(&self) -> bool {
        self.allowlisted > 0 && self.open()
    }

    /// `1 of 3 places allowlisted`, when some but not all are.
    pub fn partly(&self) -> Option<String> {
        self.is_partly()
            .then(|| format!("{} of {} places allowlisted", self.allowlisted, self.places))
    }
}

/// Every finding's and every secret's verdict.
#[derive(Debug, Clone, Default)]
pub struct Verdicts {
    /// Per finding, in the findings' order.
    pub findings: Vec<Verdict>,
    /// Per secret, in [`Secrets`] order.
    pub secrets: Vec<SecretVerdict>,
}

impl Verdicts {
    /// The verdicts of `findings` (grouped as `secrets`) under `allowlist` and `triage` on
    /// `today` (`YYYY-MM-DD`: entries expire after their day).
    pub fn compute(
        findings: &[Finding],
        secrets: &Secrets,
        allowlist: &AllowlistFile,
        triage: &TriageFile,
        today: &str,
    ) -> Self {
        let live = allowlist.matcher(today);
        // The expired entries alone, to say what they no longer hide.
        let expired_only = AllowlistFile {
            entries: allowlist
                .entries
                .iter()
                .filter(|e| e.is_expired(today))
                .cloned()
                .collect(),
            ..AllowlistFile::default()
        };
        let expired_index: Vec<usize> = allowlist
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.is_expired(today))
            .map(|(i, _)| i)
            .collect();
        // Matched as if not expired: the matcher leaves out entries expired before its day.
        let expired = (!expired_only.entries.is_empty()).then(|| expired_only.matcher(""));
        let triaged =
            |fingerprint: &str| triage.get(fingerprint).map_or(Status::Open, |r| r.status);
        let per_finding: Vec<Verdict> = findings
            .iter()
            .map(|f| {
                let entry = live.index_for(f);
                Verdict {
                    entry,
                    expired: expired
                        .as_ref()
                        .and_then(|m| m.index_for(f))
                        .map(|i| expired_index[i]),
                    status: match entry {
                        Some(e) => allowlist.entries[e].kind.status(),
                        None => triaged(&f.fingerprint),
                    },
                }
            })
            .collect();
        let mut per_secret: Vec<SecretVerdict> = secrets
            .first
            .iter()
            .map(|&first| SecretVerdict {
                allowlisted: 0,
                places: 0,
                status: triaged(&findings[first].fingerprint),
            })
            .collect();
        for (v, &s) in per_finding.iter().zip(&secrets.of) {
            let sv = &mut per_secret[s];
            sv.places += 1;
            sv.allowlisted += usize::from(v.hidden());
        }
        // Once every place is hidden, the secret shows the decision on its first place.
        for (sv, &first) in per_secret.iter_mut().zip(&secrets.first) {
            if !sv.open() {
                sv.status = per_finding[first].status;
            }
        }
        Self {
            findings: per_finding,
            secrets: per_secret,
        }
    }

    /// After only the triage state changed: the statuses again, without matching the allowlist
    /// (what is hidden depends on the allowlist alone).
    pub fn restatus(&mut self, findings: &[Finding], secrets: &Secrets, triage: &TriageFile) {
        let triaged =
            |fingerprint: &str| triage.get(fingerprint).map_or(Status::Open, |r| r.status);
        for (v, f) in self.findings.iter_mut().zip(findings) {
            if !v.hidden() {
                v.status = triaged(&f.fingerprint);
            }
        }
        for (sv, &first) in self.secrets.iter_mut().zip(&secrets.first) {
            if sv.open() {
                sv.status = triaged(&findings[first].fingerprint);
            }
        }
    }

    /// Secrets still open: what the screen counts and what makes `check` fail.
    pub fn open_secrets(&self) -> usize {
        self.secrets.iter().filter(|s| s.open()).count()
    }

    /// Findings an allowlist entry hides.
    pub fn hidden_findings(&self) -> usize {
        self.findings.iter().filter(|v| v.hidden()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::allowlist::{Entry, Kind};
    use crate::finding::Evidence;

    fn finding(secret: &str, file: &str) -> Finding {
        let mut f = Finding::new("gitleaks", "r", file.into(), Evidence::secret(secret));
        f.line = Some(1);
        f.finish()
    }

    fn entry(f: &Finding, path: Option<&str>, expires: Option<&str>) -> Entry {
        Entry {
            fingerprint: f.fingerprint.clone(),
            rule: "r".into(),
            provider: None,
            path: path.map(str::to_owned),
            kind: Kind::TestCredential,
            reason: "fixture".into(),
            decided_by: "d".into(),
            decided_at: "2026-11-01T00:00:00Z".into(),
            expires: expires.map(str::to_owned),
            extra: serde_json::Map::new(),
        }
    }

    #[test]
    fn a_scoped_entry_leaves_the_secret_open_where_it_does_not_reach() {
        let findings = vec![
            finding("S3CRET-one-abcdef", "tests/fixture.py"),
            finding("S3CRET-one-abcdef", "src/app.py"),
            finding("S3CRET-one-abcdef", "tests/other.py"),
        ];
        let secrets = Secrets::group(&findings);
        let list = AllowlistFile {
            entries: vec![entry(&findings[0], Some("tests/**"), None)],
            ..AllowlistFile::default()
        };
        let v = Verdicts::compute(
            &findings,
            &secrets,
            &list,
            &TriageFile::default(),
            "2026-12-01",
        );
        assert_eq!(secrets.len(), 1);
        assert_eq!(v.open_secrets(), 1, "src/app.py is still open");
        assert_eq!(
            v.secrets[0].partly().as_deref(),
            Some("2 of 3 places allowlisted")
        );
        assert_eq!(v.secrets[0].status, Status::Open);
        assert_eq!(v.findings[0].status, Status::TestCredential);
        assert_eq!(v.findings[1].status, Status::Open);
        assert_eq!(v.hidden_findings(), 2);
    }

    #[test]
    fn an_unscoped_entry_closes_the_secret_and_an_expired_one_is_named() {
        let findings = vec![
            finding("S3CRET-one-abcdef", "a.py"),
            finding("other-secret-1", "b.py"),
        ];
        let secrets = Secrets::group(&findings);
        let list = AllowlistFile {
            entries: vec![
                entry(&findings[0], None, None),
                entry(&findings[1], None, Some("2026-11-30")),
            ],
            ..AllowlistFile::default()
        };
        let v = Verdicts::compute(
            &findings,
            &secrets,
            &list,
            &TriageFile::default(),
            "2026-12-01",
        );
        assert!(!v.secrets[0].open());
        assert_eq!(v.secrets[0].status, Status::TestCredential);
        assert!(v.secrets[1].open());
        assert_eq!(v.findings[1].expired, Some(1));
        assert_eq!(v.findings[1].entry, None);
        assert_eq!(v.open_secrets(), 1);
    }

    #[test]
    fn triage_status_shows_while_open() {
        let findings = vec![finding("S3CRET-one-abcdef", "a.py")];
        let secrets = Secrets::group(&findings);
        let mut triage = TriageFile::default();
        triage
            .set_status(
                &findings[0].fingerprint,
                Status::Investigating,
                None,
                crate::triage::Stamp {
                    at: "2026-11-01T00:00:00Z".into(),
                    by: "d".into(),
                },
            )
            .unwrap();
        let v = Verdicts::compute(
            &findings,
            &secrets,
            &AllowlistFile::default(),
            &triage,
            "2026-12-01",
        );
        assert_eq!(v.secrets[0].status, Status::Investigating);
        assert!(v.secrets[0].open(), "only the allowlist closes a secret");
        // Restating after a triage change gives what a full computation gives.
        let mut again = Verdicts::compute(
            &findings,
            &secrets,
            &AllowlistFile::default(),
            &TriageFile::default(),
            "2026-12-01",
        );
        again.restatus(&findings, &secrets, &triage);
        assert_eq!(again.secrets, v.secrets);
        assert_eq!(again.findings, v.findings);
    }
}
