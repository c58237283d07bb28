//! Findings that carry no secret value take the identity of a value another tool found, so one
//! secret has one fingerprint, whichever tools reported it, and one decision covers it.
//!
//! - detect-secrets keeps SHA-1 of what its plugin captured. For most plugins that is the
//!   secret (for JWTs, `header.payload.` without the signature): matched to a raw value
//!   anywhere, it is that secret everywhere. For the GitHub, GitLab and private-key plugins it is
//!   a hash of the token prefix or key header, equal for every secret of the kind: matched only
//!   at the finding's own place, and only to a value with that prefix or header.
//! - A finding with nothing of the value (a `--redact`ed gitleaks report, a detect-secrets
//!   prefix hash) takes the value found at its file and line when the place holds exactly one.
//!
//! A hash that stands for two different values (two JWTs with the same claims) is no identity:
//! such a finding is identified by its place instead.

use std::collections::HashMap;

use sha1::{Digest, Sha1};

use super::detect_secrets::{HASHES_NO_SECRET, TOOL as DETECT_SECRETS};
use crate::finding::{Basis, Finding, hex};

/// One finding, or several with different secrets (then no identity can be taken from it).
#[derive(Clone, Copy)]
enum Distinct {
    One(usize),
    Many,
}

struct Index<'a, K> {
    map: HashMap<K, Distinct>,
    findings: &'a [Finding],
}

impl<'a, K: std::hash::Hash + Eq> Index<'a, K> {
    fn new(findings: &'a [Finding]) -> Self {
        Self {
            map: HashMap::new(),
            findings,
        }
    }

    fn add(&mut self, key: K, i: usize) {
        let findings = self.findings;
        self.map
            .entry(key)
            .and_modify(|d| {
                if let Distinct::One(j) = *d
                    && findings[j].fingerprint != findings[i].fingerprint
                {
                    *d = Distinct::Many;
                }
            })
            .or_insert(Distinct::One(i));
    }

    fn get(&self, key: &K) -> Option<Distinct> {
        self.map.get(key).copied()
    }
}

/// What a finding without a value adopts: the index of the finding whose identity it takes,
/// whether to take that finding's line too (the report had none), or that its own hash is no
/// identity.
enum Adopt {
    From { from: usize, take_line: bool },
    PlaceOnly,
}

pub fn adopt(findings: &mut [Finding]) {
    let needs = |f: &Finding| matches!(f.basis, Basis::ReportHash | Basis::Location);
    if !findings.iter().any(needs) || !findings.iter().any(|f| f.secret.is_some()) {
        return;
    }
    let decisions = {
        let all: &[Finding] = findings;
        // Every raw value under each hash detect-secrets may have stored for it, by place, by
        // file (a `--slim` baseline has no lines) and anywhere.
        let mut at_place = Index::new(all);
        let mut in_file = Index::new(all);
        let mut anywhere = Index::new(all);
        // Every raw value by place alone, for findings that know nothing of theirs.
        let mut values_at = Index::new(all);
        for (i, f) in all.iter().enumerate() {
            let Some(s) = &f.secret else { continue };
            let value = s.expose();
            values_at.add((f.file.as_str(), f.line), i);
            for h in value_hashes(value) {
                at_place.add((f.file.as_str(), f.line, h.clone()), i);
                in_file.add((f.file.as_str(), h.clone()), i);
                anywhere.add(h, i);
            }
            if let Some(h) = kind_hash(value) {
                at_place.add((f.file.as_str(), f.line, h.clone()), i);
                in_file.add((f.file.as_str(), h), i);
            }
        }
        let one = |d: Option<Distinct>| match d {
            Some(Distinct::One(j)) => Some(j),
            _ => None,
        };
        let mut decisions: Vec<(usize, Adopt)> = Vec::new();
        for (i, f) in all.iter().enumerate().filter(|(_, f)| needs(f)) {
            let ds = f
                .detections
                .iter()
                .find(|d| d.tool == DETECT_SECRETS)
                .and_then(|d| Some((d.rule.as_str(), d.native_id.clone()?)));
            let file = f.file.as_str();
            let found = match ds {
                Some((kind, hash)) => {
                    let place = match f.line {
                        Some(_) => at_place.get(&(file, f.line, hash.clone())),
                        None => in_file.get(&(file, hash.clone())),
                    };
                    if HASHES_NO_SECRET.contains(&kind) {
                        one(place).map(|j| (j, f.line.is_none()))
                    } else if let Some(j) = one(place) {
                        Some((j, f.line.is_none()))
                    } else {
                        match anywhere.get(&hash) {
                            Some(Distinct::One(j)) => {
                                Some((j, f.line.is_none() && all[j].file == f.file))
                            }
                            Some(Distinct::Many) => {
                                decisions.push((i, Adopt::PlaceOnly));
                                None
                            }
                            None => None,
                        }
                    }
                }
                None if f.basis == Basis::Location && f.line.is_some() => {
                    one(values_at.get(&(file, f.line)))
                        .filter(|&j| compatible(f, &all[j]))
                        .map(|j| (j, false))
                }
                None => None,
            };
            if let Some((from, take_line)) = found {
                decisions.push((i, Adopt::From { from, take_line }));
            }
        }
        decisions
    };
    for (i, what) in decisions {
        match what {
            Adopt::From { from, take_line } => {
                let (fingerprint, secret, redacted, line, column) = {
                    let j = &findings[from];
                    (
                        j.fingerprint.clone(),
                        j.secret.clone(),
                        j.redacted.clone(),
                        j.line,
                        j.column,
                    )
                };
                let f = &mut findings[i];
                f.fingerprint = fingerprint;
                f.basis = Basis::Secret;
                f.secret = secret;
                f.redacted = redacted;
                if take_line {
                    f.line = line;
                    f.column = f.column.or(column);
                }
            }
            Adopt::PlaceOnly => {
                let f = &mut findings[i];
                f.basis = Basis::Location;
                f.fingerprint.clear();
                *f = std::mem::take(f).finish();
            }
        }
    }
}

/// A place-only finding takes a value found at its place only where the two could be the same
/// secret: commits do not disagree and neither names a different provider.
fn compatible(f: &Finding, with: &Finding) -> bool {
    let commits = match (&f.commit, &with.commit) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    };
    let named = |x: &Finding| {
        x.provider
            .clone()
            .filter(|p| !crate::provider::is_format_only(p))
    };
    let providers = match (named(f), named(with)) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    };
    commits && providers
}

/// SHA-1 of the value, and for a JWT of what detect-secrets captures of it (`header.payload.`;
/// without the dot too, for other versions).
fn value_hashes(value: &str) -> Vec<String> {
    let sha1 = |s: &str| hex(&Sha1::digest(s.as_bytes()));
    let mut out = vec![sha1(value)];
    if value.starts_with("eyJ") {
        let mut parts = value.splitn(3, '.');
        if let (Some(h), Some(p), Some(_)) = (parts.next(), parts.next(), parts.next()) {
            out.push(sha1(&format!("{h}.{p}.")));
            out.push(sha1(&format!("{h}.{p}")));
        }
    }
    out
}

/// The hash detect-secrets' GitHub, GitLab and private-key plugins store for a value of their
/// kind: SHA-1 of the token prefix (`ghp`, `glpat`) or of the key header (`BEGIN RSA PRIVATE
/// KEY`).
fn kind_hash(value: &str) -> Option<String> {
    let sha1 = |s: &str| hex(&Sha1::digest(s.as_bytes()));
    const GITHUB: [&str; 5] = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"];
    const GITLAB: [&str; 5] = ["glpat-", "gldt-", "glft-", "glsoat-", "glrt-"];
    if let Some(p) = GITHUB.iter().chain(&GITLAB).find(|p| value.starts_with(*p)) {
        return Some(sha1(&p[..p.len() - 1]));
    }
    let header = value.trim_start().strip_prefix("-----")?;
    let header = &header[..header.find("-----")?];
    header
        .starts_with("BEGIN")
        .then(|| header.contains("PRIVATE KEY"))
        .filter(|&k| k)
        .map(|_| sha1(header))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Evidence;

    const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFjbWUgQm90IiwiaWF0IjoxNzAwMDAwMDAwfQ.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLXRva2VuLXh5eg";

    fn raw(secret: &str, file: &str, line: u32) -> Finding {
        let mut f = Finding::new("gitleaks", "rule", file.into(), Evidence::secret(secret));
        f.line = Some(line);
        f.finish()
    }

    fn ds(kind: &str, hash: &str, file: &str, line: Option<u32>) -> Finding {
        let evidence = if HASHES_NO_SECRET.contains(&kind) {
            Evidence::default()
        } else {
            Evidence {
                report_hash: Some(format!("sha1:{hash}")),
                ..Evidence::default()
            }
        };
        let mut f = Finding::new(DETECT_SECRETS, kind, file.into(), evidence);
        f.line = line;
        f.detections[0].native_id = Some(hash.into());
        f.finish()
    }

    #[test]
    fn kind_hashes_are_what_detect_secrets_1_5_stores() {
        // Read off detect-secrets 1.5.0 baselines.
        let h = |v: &str| kind_hash(v).unwrap();
        assert_eq!(
            h("ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zA7bC"),
            "e175c6f5f2a92e8623bd9a4820edb4e8c1b0fd10"
        );
        assert_eq!(
            h("glpat-Ab3dEf6hIj9kLm2nOp5q"),
            "f68bd4ab942f012db29f09bbcc991e17768aaafa"
        );
        assert_eq!(
            h("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----"),
            "be4fc4886bd949b369d5e092eb87494f12e57e5b"
        );
        assert_eq!(kind_hash("AKIAIOSFODNN7EXAMPLE"), None);
        assert_eq!(kind_hash("-----BEGIN CERTIFICATE-----"), None);
        assert!(value_hashes(JWT).contains(&"44ce7b13ff6433f5e3da64b746eccbb609671d3d".into()));
    }

    #[test]
    fn a_jwt_hash_of_header_and_payload_merges() {
        let mut all = vec![
            raw(JWT, "a.py", 1),
            ds(
                "JSON Web Token",
                "44ce7b13ff6433f5e3da64b746eccbb609671d3d",
                "b.py",
                Some(4),
            ),
        ];
        adopt(&mut all);
        assert_eq!(all[1].fingerprint, all[0].fingerprint);
        assert_eq!(all[1].basis, Basis::Secret);
    }

    #[test]
    fn a_jwt_hash_shared_by_two_tokens_is_no_identity() {
        let other = format!("{}.b3RoZXItc2lnbmF0dXJlLXZhbHVlLWZvci10aGlz", {
            let mut p = JWT.rsplitn(2, '.');
            p.next();
            p.next().unwrap().to_owned()
        });
        let mut all = vec![
            raw(JWT, "a.py", 1),
            raw(&other, "b.py", 1),
            ds(
                "JSON Web Token",
                "44ce7b13ff6433f5e3da64b746eccbb609671d3d",
                "c.py",
                Some(4),
            ),
        ];
        adopt(&mut all);
        assert_eq!(all[2].basis, Basis::Location);
        assert_ne!(all[2].fingerprint, all[0].fingerprint);
        assert_ne!(all[2].fingerprint, all[1].fingerprint);
    }

    #[test]
    fn a_slim_baseline_entry_takes_the_line_in_its_file() {
        // sha1("hello")
        let mut all = vec![
            raw("hello", "a.py", 3),
            ds(
                "Secret Keyword",
                "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d",
                "a.py",
                None,
            ),
            ds(
                "GitHub Token",
                "e175c6f5f2a92e8623bd9a4820edb4e8c1b0fd10",
                "b.py",
                None,
            ),
            raw("ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zA7bC", "b.py", 7),
        ];
        adopt(&mut all);
        assert_eq!((all[1].line, all[1].basis), (Some(3), Basis::Secret));
        assert_eq!(all[2].fingerprint, all[3].fingerprint);
        assert_eq!(all[2].line, Some(7));
    }

    #[test]
    fn a_prefix_hash_takes_only_a_token_of_its_kind_at_its_place() {
        let token = "ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zA7bC";
        let mut all = vec![
            // Another kind of value on the line is not the GitHub token.
            raw("AKIAIOSFODNN7EXAMPLE", "a.py", 1),
            ds(
                "GitHub Token",
                "e175c6f5f2a92e8623bd9a4820edb4e8c1b0fd10",
                "a.py",
                Some(1),
            ),
            // The same token elsewhere says nothing about this place.
            raw(token, "z.py", 1),
        ];
        adopt(&mut all);
        assert_eq!(all[1].basis, Basis::Location);
    }

    #[test]
    fn a_redacted_finding_takes_the_one_value_at_its_place() {
        let mut redacted = Finding::new(
            "gitleaks",
            "github-pat",
            "a.py".into(),
            Evidence::maybe_masked("REDACTED"),
        );
        redacted.line = Some(2);
        redacted.commit = Some("c1".into());
        let redacted = redacted.finish();
        assert_eq!(redacted.basis, Basis::Location);
        let mut value = raw("ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zA7bC", "a.py", 2);
        value.commit = Some("c1".into());
        let mut other_commit = redacted.clone();
        other_commit.commit = Some("c2".into());
        let mut two_values = redacted.clone();
        two_values.file = "b.py".into();
        let mut all = vec![
            redacted,
            value,
            other_commit,
            two_values,
            raw("one-value-here", "b.py", 2),
            raw("another-value-here", "b.py", 2),
        ];
        adopt(&mut all);
        assert_eq!(all[0].fingerprint, all[1].fingerprint);
        assert_eq!(all[2].basis, Basis::Location, "another commit");
        assert_eq!(all[3].basis, Basis::Location, "which of two is unknown");
    }
}
