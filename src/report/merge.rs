//! Several inputs become one list: the same secret at the same place, reported by several tools,
//! is one finding that names them all.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::finding::Finding;

/// Merges findings of one secret at one place (fingerprint, file, line; commits must not
/// disagree), then sorts by place so output is stable and diff-friendly.
pub fn merge(mut findings: Vec<Finding>) -> Vec<Finding> {
    super::identity::adopt(&mut findings);
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    // Keyed by a hash of the place, so no strings are copied. Findings whose places hash alike
    // are chained through `next` and compared in full.
    let mut first: HashMap<u64, usize, BuildHasherDefault<PassThrough>> =
        HashMap::with_capacity_and_hasher(findings.len(), BuildHasherDefault::default());
    let mut next: Vec<usize> = Vec::with_capacity(findings.len());
    for f in findings {
        let hash = place_hash(&f);
        let mut at = first.get(&hash).copied();
        let mut last = None;
        while let Some(i) = at {
            if same_place(&out[i], &f) {
                break;
            }
            last = Some(i);
            at = Some(next[i]).filter(|&n| n != NONE);
        }
        match at {
            Some(i) => absorb(&mut out[i], f),
            None => {
                let i = out.len();
                match last {
                    Some(l) => next[l] = i,
                    None => {
                        first.insert(hash, i);
                    }
                }
                next.push(NONE);
                out.push(f);
            }
        }
    }
    for f in &mut out {
        if f.detections.len() > 1 {
            order_detections(f);
        }
    }
    sort_by_place(out)
}

/// Sorts indices, not the findings (a finding is a few hundred bytes to move), in two halves on
/// two threads, then merges the halves. Ties are impossible: the fingerprint is in the key.
fn sort_by_place(mut findings: Vec<Finding>) -> Vec<Finding> {
    let by_place = |&a: &usize, &b: &usize| {
        let (a, b) = (&findings[a], &findings[b]);
        (&a.file, a.line, a.column, a.rule(), &a.fingerprint).cmp(&(
            &b.file,
            b.line,
            b.column,
            b.rule(),
            &b.fingerprint,
        ))
    };
    let mut order: Vec<usize> = (0..findings.len()).collect();
    let (left, right) = order.split_at_mut(findings.len() / 2);
    if findings.len() < 4096 {
        order.sort_unstable_by(by_place);
    } else {
        std::thread::scope(|scope| {
            scope.spawn(|| left.sort_unstable_by(by_place));
            right.sort_unstable_by(by_place);
        });
        order = merge_runs(
            &order[..findings.len() / 2],
            &order[findings.len() / 2..],
            by_place,
        );
    }
    permute(&mut findings, order);
    findings
}

/// Puts `items[order[k]]` at `k` for every `k`, in place (following cycles), so sorting needs
/// no second copy of the findings.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..items.len() {
        let mut at = start;
        while order[at] != DONE {
            let from = order[at];
            order[at] = DONE;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

/// Merges two sorted runs into one.
fn merge_runs(
    a: &[usize],
    b: &[usize],
    cmp: impl Fn(&usize, &usize) -> std::cmp::Ordering,
) -> Vec<usize> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if cmp(&b[j], &a[i]).is_lt() {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(a[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

const NONE: usize = usize::MAX;

/// FNV-1a over the fingerprint's first 16 characters (already a hash), the file and the line:
/// cheaper than SipHash over all of them, and the table is ours alone.
fn place_hash(f: &Finding) -> u64 {
    let fp = f.fingerprint.as_bytes();
    let line = f.line.unwrap_or(0).to_le_bytes();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in fp[..fp.len().min(16)]
        .iter()
        .chain(f.file.as_bytes())
        .chain(&line)
    {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The key is already a hash: use it as is.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

fn same_place(a: &Finding, b: &Finding) -> bool {
    a.fingerprint == b.fingerprint && a.file == b.file && a.line == b.line && commits_agree(a, b)
}

/// A working-tree scan has no commit; it still names the same leak as a history scan.
fn commits_agree(a: &Finding, b: &Finding) -> bool {
    match (&a.commit, &b.commit) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

fn absorb(into: &mut Finding, from: Finding) {
    for d in from.detections {
        if !into.detections.contains(&d) {
            into.detections.push(d);
        }
    }
    into.verified = into.verified.combine(from.verified);
    for tool in from.verified_by {
        if let Err(at) = into.verified_by.binary_search(&tool) {
            into.verified_by.insert(at, tool);
        }
    }
    // A token's format (a JWT, a PEM block) says less than a tool that knows whose token it is.
    if into
        .provider
        .as_deref()
        .is_none_or(crate::provider::is_format_only)
    {
        into.provider = from.provider.or(into.provider.take());
    }
    fill(&mut into.column, from.column);
    fill(&mut into.commit, from.commit);
    fill(&mut into.author, from.author);
    fill(&mut into.email, from.email);
    fill(&mut into.date, from.date);
    fill(&mut into.context, from.context);
    fill(&mut into.around, from.around);
    fill(&mut into.label, from.label);
    fill(&mut into.history, from.history);
    if into.secret.is_none() && from.secret.is_some() {
        into.secret = from.secret;
        into.redacted = from.redacted;
    }
}

/// The detection whose rule names the finding's provider comes first: it is the one a one-line
/// view shows. Otherwise by tool and rule, for a stable order.
fn order_detections(f: &mut Finding) {
    let provider = f.provider.clone();
    f.detections.sort_by_cached_key(|d| {
        let names_provider =
            provider.is_some() && crate::provider::lookup(&d.rule) == provider.as_deref();
        (!names_provider, d.tool.clone(), d.rule.clone())
    });
}

fn fill<T>(slot: &mut Option<T>, other: Option<T>) {
    if slot.is_none() {
        *slot = other;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Basis, Evidence, Verified};

    fn at(tool: &str, secret: &str, file: &str, line: u32) -> Finding {
        let mut f = Finding::new(tool, "rule", file.into(), Evidence::secret(secret));
        f.line = Some(line);
        f.finish()
    }

    #[test]
    fn same_secret_same_place_two_tools_is_one_finding() {
        let mut a = at("gitleaks", "S3CR3T-value-1", "a.py", 3);
        a.commit = Some("abc".into());
        let mut b = at("trufflehog", "S3CR3T-value-1", "a.py", 3);
        b.verified = Verified::Yes;
        let merged = merge(vec![a, b]);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].tools(), ["gitleaks", "trufflehog"]);
        assert_eq!(merged[0].verified, Verified::Yes);
        assert_eq!(merged[0].commit.as_deref(), Some("abc"));
    }

    #[test]
    fn same_secret_elsewhere_stays_separate_but_shares_the_fingerprint() {
        let merged = merge(vec![
            at("gitleaks", "S3CR3T", "a.py", 3),
            at("gitleaks", "S3CR3T", "b.py", 3),
        ]);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].fingerprint, merged[1].fingerprint);
    }

    #[test]
    fn permute_applies_the_order() {
        for order in [
            vec![2, 0, 1],
            vec![0, 1, 2],
            vec![1, 0, 3, 2],
            vec![3, 2, 1, 0],
            vec![],
        ] {
            let mut items: Vec<usize> = (0..order.len()).map(|i| i * 10).collect();
            let want: Vec<usize> = order.iter().map(|&i| i * 10).collect();
            permute(&mut items, order.clone());
            assert_eq!(items, want, "{order:?}");
        }
    }

    #[test]
    fn large_inputs_come_out_sorted_by_place() {
        let findings: Vec<Finding> = (0..10_000u32)
            .rev()
            .map(|i| at("t", &format!("S-{i}"), &format!("f{:05}.py", i % 977), i))
            .collect();
        let sorted = merge(findings);
        assert_eq!(sorted.len(), 10_000);
        assert!(
            sorted
                .windows(2)
                .all(|w| (&w[0].file, w[0].line) < (&w[1].file, w[1].line))
        );
    }

    #[test]
    fn different_commits_are_different_findings() {
        let mut a = at("gitleaks", "S3CR3T", "a.py", 3);
        a.commit = Some("c1".into());
        let mut b = at("gitleaks", "S3CR3T", "a.py", 3);
        b.commit = Some("c2".into());
        assert_eq!(merge(vec![a, b]).len(), 2);
    }

    #[test]
    fn detect_secrets_joins_by_sha1() {
        let g = at("gitleaks", "hello", "a.py", 3);
        let ev = Evidence {
            report_hash: Some("sha1:x".into()),
            ..Evidence::default()
        };
        let mut d = Finding::new("detect-secrets", "Secret Keyword", "a.py".into(), ev);
        d.line = Some(3);
        // sha1("hello")
        d.detections[0].native_id = Some("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d".into());
        let merged = merge(vec![g, d.finish()]);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].tools(), ["detect-secrets", "gitleaks"]);
        assert_eq!(merged[0].basis, Basis::Secret);
    }

    #[test]
    fn a_detect_secrets_hash_matched_anywhere_is_that_secret_everywhere() {
        let g = at("gitleaks", "hello", "a.py", 3);
        let ev = Evidence {
            report_hash: Some("sha1:x".into()),
            ..Evidence::default()
        };
        let mut d = Finding::new("detect-secrets", "Secret Keyword", "other.py".into(), ev);
        d.line = Some(9);
        d.detections[0].native_id = Some("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d".into());
        let merged = merge(vec![g.clone(), d.finish()]);
        assert_eq!(merged.len(), 2, "two places");
        assert!(
            merged.iter().all(|f| f.fingerprint == g.fingerprint),
            "one secret"
        );
    }
}
