//! How each allowlist entry relates to the current findings, for `allowlist list`, `prune`,
//! `review` and the screen's allowlist view alike: read from the verdicts, so "hides" means what
//! `check` and the screen count.

use std::collections::HashMap;

use super::AllowlistFile;
use crate::finding::Finding;
use crate::verdicts::Verdicts;

/// How an entry relates to the current findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    /// Hides at least one finding.
    Active,
    /// Matches findings, but an earlier entry in the file hides them first. Kept by `prune`: it
    /// takes over if that entry expires or is removed.
    Shadowed,
    /// Past its expiry date: it hides nothing and should be renewed or removed.
    Expired,
    /// Matches no current finding (the secret is gone, or never was in these inputs).
    Unmatched,
    /// Scoped to a path that now holds a different secret, but not this one.
    Replaced,
}

impl Health {
    /// The words `allowlist list` prints.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Shadowed => "shadowed by an earlier entry",
            Self::Expired => "expired",
            Self::Unmatched => "stale: matches nothing",
            Self::Replaced => "stale: path holds another secret",
        }
    }

    /// The same, for the screen's narrower column.
    pub fn short(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Shadowed => "shadowed",
            Self::Expired => "expired",
            Self::Unmatched => "stale: no match",
            Self::Replaced => "stale: replaced",
        }
    }

    /// What `prune` removes.
    pub fn is_stale(self) -> bool {
        matches!(self, Self::Expired | Self::Unmatched | Self::Replaced)
    }
}

/// Every entry's health and how many findings it hides, under `verdicts` (computed from `list`
/// for `findings`).
pub fn assess(
    list: &AllowlistFile,
    findings: &[Finding],
    verdicts: &Verdicts,
    today: &str,
) -> Vec<(Health, usize)> {
    let mut hides = vec![0usize; list.entries.len()];
    for v in &verdicts.findings {
        if let Some(e) = v.entry {
            hides[e] += 1;
        }
    }
    let mut by_fingerprint: HashMap<&str, Vec<&Finding>> = HashMap::new();
    for f in findings {
        by_fingerprint
            .entry(f.fingerprint.as_str())
            .or_default()
            .push(f);
    }
    list.entries
        .iter()
        .zip(hides)
        .map(|(e, n)| {
            if e.is_expired(today) {
                return (Health::Expired, 0);
            }
            if n > 0 {
                return (Health::Active, n);
            }
            let scope = e.scope();
            let covers = by_fingerprint
                .get(e.fingerprint.as_str())
                .is_some_and(|fs| fs.iter().any(|f| scope.covers(&f.file)));
            if covers {
                return (Health::Shadowed, 0);
            }
            let elsewhere = e.path.is_some() && findings.iter().any(|f| scope.covers(&f.file));
            (
                if elsewhere {
                    Health::Replaced
                } else {
                    Health::Unmatched
                },
                0,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::allowlist::{Entry, Kind};
    use crate::finding::Evidence;
    use crate::triage::TriageFile;
    use crate::verdicts::Secrets;

    fn finding(secret: &str, file: &str) -> Finding {
        Finding::new("gitleaks", "r", file.into(), Evidence::secret(secret)).finish()
    }

    fn entry(f: &Finding, path: Option<&str>, expires: Option<&str>) -> Entry {
        Entry {
            fingerprint: f.fingerprint.clone(),
            rule: "r".into(),
            provider: None,
            path: path.map(str::to_owned),
            kind: Kind::FalsePositive,
            reason: "x".into(),
            decided_by: "d".into(),
            decided_at: "2026-11-01T00:00:00Z".into(),
            expires: expires.map(str::to_owned),
            extra: serde_json::Map::new(),
        }
    }

    fn health(entries: Vec<Entry>, findings: &[Finding]) -> Vec<(Health, usize)> {
        let list = AllowlistFile {
            entries,
            ..AllowlistFile::default()
        };
        let secrets = Secrets::group(findings);
        let v = Verdicts::compute(
            findings,
            &secrets,
            &list,
            &TriageFile::default(),
            "2026-11-23",
        );
        assess(&list, findings, &v, "2026-11-23")
    }

    #[test]
    fn every_kind_of_health() {
        let f = finding("S3CRET-one-abc", "config/app.env");
        let replaced = finding("NEW-secret-xyz", "config/app.env");
        assert_eq!(
            health(
                vec![entry(&f, Some("config/app.env"), None)],
                std::slice::from_ref(&replaced)
            ),
            [(Health::Replaced, 0)]
        );
        assert_eq!(
            health(vec![entry(&f, None, None)], &[]),
            [(Health::Unmatched, 0)]
        );
        assert_eq!(
            health(vec![entry(&f, None, None)], &[f.clone(), f.clone()]),
            [(Health::Active, 2)]
        );
        assert_eq!(
            health(
                vec![entry(&f, None, Some("2026-11-22"))],
                std::slice::from_ref(&f)
            ),
            [(Health::Expired, 0)]
        );
        // An unscoped entry first hides what a scoped one after it covers: kept, not stale.
        let h = health(
            vec![
                entry(&f, None, Some("2027-01-31")),
                entry(&f, Some("config/**"), None),
            ],
            std::slice::from_ref(&f),
        );
        assert_eq!(h, [(Health::Active, 1), (Health::Shadowed, 0)]);
        assert!(!Health::Shadowed.is_stale());
    }
}
