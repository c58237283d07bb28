//! Secrets a tool verified live. Calling one a false positive or a test credential would hide a
//! working credential, so such a decision is confirmed in the screen and refused on the command
//! line without `--force`; reviews flag the entries that hide one.

use crate::allowlist::Kind;
use crate::finding::{Finding, Verified};

/// The kinds that say "this is harmless": wrong for a key a tool just used successfully.
pub fn guarded(kind: Kind) -> bool {
    matches!(kind, Kind::FalsePositive | Kind::TestCredential)
}

/// Who verified any of `places` live, as words (`trufflehog and kingfisher`), or `None` when no
/// tool did. A report that says verified without naming the tool reads "a scanner".
pub fn verified_by<'a>(places: impl IntoIterator<Item = &'a Finding>) -> Option<String> {
    let mut tools: Vec<&str> = Vec::new();
    let mut any = false;
    for f in places {
        if f.verified != Verified::Yes {
            continue;
        }
        any = true;
        for t in &f.verified_by {
            if !tools.contains(&t.as_str()) {
                tools.push(t);
            }
        }
    }
    if !any {
        return None;
    }
    tools.sort_unstable();
    Some(match tools.as_slice() {
        [] => "a scanner".to_owned(),
        [one] => crate::sanitize::clean(one).into_owned(),
        [init @ .., last] => format!(
            "{} and {}",
            init.iter()
                .map(|t| crate::sanitize::clean(t))
                .collect::<Vec<_>>()
                .join(", "),
            crate::sanitize::clean(last).into_owned()
        ),
    })
}

/// For each allowlist entry (other than an accepted risk, which means to hide a live key), who
/// verified the secret it hides live, wherever it sits: a reviewer must see that an entry calls
/// a working credential harmless, or revoked.
pub fn by_entry(
    list: &crate::allowlist::AllowlistFile,
    findings: &[Finding],
) -> Vec<Option<String>> {
    let mut live: std::collections::HashMap<&str, Vec<&Finding>> = std::collections::HashMap::new();
    for f in findings.iter().filter(|f| f.verified == Verified::Yes) {
        live.entry(f.fingerprint.as_str()).or_default().push(f);
    }
    list.entries
        .iter()
        .map(|e| {
            if e.kind == Kind::AcceptedRisk {
                return None;
            }
            verified_by(live.get(e.fingerprint.as_str())?.iter().copied())
        })
        .collect()
}

/// Why a decision is refused, and what to do instead.
pub fn refusal(kind: Kind, by: &str) -> String {
    format!(
        "refused: this secret was verified LIVE by {by}; deciding {} would hide a working credential.\n\
         Revoke it and record `--kind revoked`, or accept the risk for a while with `--kind accepted-risk --expires DATE`.\n\
         If {by} is wrong about it, repeat with --force.",
        kind.as_str()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Evidence;

    fn found(tool: &str, verified: Verified) -> Finding {
        let mut f = Finding::new(tool, "r", "a.py".into(), Evidence::secret("S3cr3t-v4lue"));
        f.verified = verified;
        f.finish()
    }

    #[test]
    fn names_every_tool_that_verified_it() {
        let a = found("trufflehog", Verified::Yes);
        let b = found("kingfisher", Verified::Yes);
        let c = found("gitleaks", Verified::Unknown);
        assert_eq!(verified_by([&c]), None);
        assert_eq!(verified_by([&a, &c]).as_deref(), Some("trufflehog"));
        assert_eq!(
            verified_by([&a, &b, &c]).as_deref(),
            Some("kingfisher and trufflehog")
        );
        let mut anonymous = found("x", Verified::Yes);
        anonymous.verified_by.clear();
        assert_eq!(verified_by([&anonymous]).as_deref(), Some("a scanner"));
    }

    #[test]
    fn only_harmless_kinds_are_guarded() {
        assert!(guarded(Kind::FalsePositive) && guarded(Kind::TestCredential));
        assert!(!guarded(Kind::Revoked) && !guarded(Kind::AcceptedRisk));
    }
}
