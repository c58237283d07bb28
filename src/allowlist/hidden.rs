//! What each allowlist entry hides, place by place: for a reviewer, "hides 3 findings" is not
//! enough; they need to see which file and line, which secret (redacted) and whether a tool
//! verified it live. Read from the verdicts, so it agrees with `check` and the screen.

use crate::finding::{Finding, Verified};
use crate::sanitize::one_line;
use crate::verdicts::Verdicts;

/// Per entry (by index), the findings it hides, in report order.
pub fn by_entry(entries: usize, verdicts: &Verdicts) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); entries];
    for (i, v) in verdicts.findings.iter().enumerate() {
        if let Some(slot) = v.entry.and_then(|e| out.get_mut(e)) {
            slot.push(i);
        }
    }
    out
}

/// `.env:5  658b****  Customer.io  verified LIVE by gitleaks`: one hidden place on one line.
pub fn describe(f: &Finding) -> String {
    let live = match f.verified {
        Verified::Yes => format!(
            "  verified LIVE by {}",
            crate::live::verified_by([f]).unwrap_or_else(|| "a tool".into())
        ),
        _ => "  not verified".to_owned(),
    };
    format!(
        "{}  {}  {}{live}",
        one_line(&f.place()),
        one_line(&f.redacted),
        one_line(f.provider.as_deref().unwrap_or(f.rule()))
    )
}

/// Up to `most` places of `hidden`, then how many more: what a listing prints under an entry.
pub fn lines(findings: &[Finding], hidden: &[usize], most: usize) -> Vec<String> {
    let mut out: Vec<String> = hidden
        .iter()
        .take(most)
        .filter_map(|&i| findings.get(i))
        .map(describe)
        .collect();
    if hidden.len() > most {
        out.push(format!("… and {} more", hidden.len() - most));
    }
    out
}
