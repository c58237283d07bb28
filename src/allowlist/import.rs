//! Other tools' ignore files into allowlist entries: `.gitleaksignore`, the ignored matches of
//! `.gitguardian.yaml`, and detect-secrets baselines audited `is_secret: false`.

use super::{Entry, Kind};
use crate::finding::{Finding, Label, sha256_hex};

/// An entry to add, before who and when are filled in.
pub struct Candidate {
    pub fingerprint: String,
    pub rule: String,
    pub provider: Option<String>,
    pub path: Option<String>,
    pub reason: String,
}

impl Candidate {
    pub fn into_entry(self, kind: Kind, decided_by: &str, decided_at: &str) -> Entry {
        // Built the way every decision is (the other tool's file already made it).
        crate::decision::Draft {
            kind,
            scope: self.path,
            expires: None,
            reason: self.reason,
        }
        .entry(
            &self.fingerprint,
            &self.rule,
            self.provider.as_deref(),
            decided_by,
            decided_at,
        )
    }
}

/// What an import found: entries, and lines it could not map to a finding.
#[derive(Default)]
pub struct Imported {
    pub candidates: Vec<Candidate>,
    pub unmatched: Vec<String>,
}

fn from_finding(f: &Finding, path: Option<String>, reason: String) -> Candidate {
    Candidate {
        fingerprint: f.fingerprint.clone(),
        rule: f.rule().to_owned(),
        provider: f.provider.clone(),
        path,
        reason,
    }
}

/// `.gitleaksignore`: each line is a gitleaks fingerprint, `commit:file:rule:line` or the global
/// `file:rule:line`. Mapped through the gitleaks findings of the given reports; the global form
/// becomes an entry scoped to that file, the commit form an unscoped one for that secret.
pub fn gitleaksignore(text: &str, name: &str, findings: &[Finding]) -> Imported {
    let mut out = Imported::default();
    let mut comment = String::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if let Some(c) = line.strip_prefix('#') {
            comment = c.trim().to_owned();
            continue;
        }
        if line.is_empty() {
            comment.clear();
            continue;
        }
        let ignored = line.replace('\\', "/");
        let parts: Vec<&str> = ignored.split(':').collect();
        let hit = findings.iter().find(|f| {
            f.detections.iter().any(|d| {
                d.tool == "gitleaks"
                    && (d.native_id.as_deref() == Some(ignored.as_str())
                        || (parts.len() == 3
                            && f.file == parts[0]
                            && d.rule == parts[1]
                            && f.line.map(|l| l.to_string()).as_deref() == Some(parts[2])))
            })
        });
        let reason = if comment.is_empty() {
            format!("Imported from {name} line {}", n + 1)
        } else {
            format!("{comment} (imported from {name} line {})", n + 1)
        };
        match hit {
            Some(f) => out.candidates.push(from_finding(
                f,
                (parts.len() == 3).then(|| parts[0].to_owned()),
                reason,
            )),
            None => out.unmatched.push(format!(
                "{name}:{}: `{line}` matches no gitleaks finding in these reports",
                n + 1
            )),
        }
        comment.clear();
    }
    out
}

/// `.gitguardian.yaml` (v2 `secret.ignored_matches`, v1 `matches-ignore`): a `match` is a
/// GitGuardian ignore SHA (mapped through ggshield findings) or the raw secret itself (hashed
/// into our fingerprint at once; the value is not kept).
pub fn gitguardian(text: &str, name: &str, findings: &[Finding]) -> Imported {
    let mut out = Imported::default();
    for (n, item_name, value) in ignored_matches(text) {
        let reason = match &item_name {
            Some(label) => format!("{label} (imported from {name} line {n})"),
            None => format!("Imported from {name} line {n}"),
        };
        let is_sha = value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit());
        if is_sha {
            let hit = findings.iter().find(|f| {
                f.detections
                    .iter()
                    .any(|d| d.tool == "ggshield" && d.native_id.as_deref() == Some(value.as_str()))
            });
            match hit {
                Some(f) => out.candidates.push(from_finding(f, None, reason)),
                None => out.unmatched.push(format!(
                    "{name}:{n}: ignore SHA {}… matches no ggshield finding in these reports",
                    &value[..12]
                )),
            }
        } else {
            let fingerprint = sha256_hex(value.as_bytes());
            let hit = findings.iter().find(|f| f.fingerprint == fingerprint);
            out.candidates.push(match hit {
                Some(f) => from_finding(f, None, reason),
                None => Candidate {
                    fingerprint,
                    rule: item_name.unwrap_or_else(|| "unknown".into()),
                    provider: None,
                    path: None,
                    reason,
                },
            });
        }
    }
    out
}

/// `(line number, name, match)` of each ignored match. A reader for this one list's shape, not
/// general YAML: items `- name: …` / `match: …`, or plain `- value` strings (v1).
fn ignored_matches(text: &str) -> Vec<(usize, Option<String>, String)> {
    let mut out = Vec::new();
    let mut in_list: Option<usize> = None;
    let mut name: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        let indent = raw.len() - raw.trim_start().len();
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let key = line.split(':').next().unwrap_or_default().trim();
        if matches!(
            key,
            "ignored_matches" | "ignored-matches" | "matches-ignore" | "matches_ignore"
        ) {
            in_list = Some(indent);
            continue;
        }
        let Some(list_indent) = in_list else { continue };
        if indent <= list_indent && !line.starts_with('-') {
            in_list = None;
            continue;
        }
        let item = line.strip_prefix('-').map(str::trim);
        let body = item.unwrap_or(line);
        if item.is_some() {
            name = None;
        }
        match body
            .split_once(':')
            .map(|(k, v)| (k.trim(), unquote(v.trim())))
        {
            Some(("name", v)) => name = Some(v),
            Some(("match", v)) => out.push((i + 1, name.take(), v)),
            _ if item.is_some() && !body.contains(": ") => out.push((i + 1, None, unquote(body))),
            _ => {}
        }
    }
    out
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner.to_owned();
        }
    }
    s.to_owned()
}

/// A detect-secrets baseline's audited false positives (`is_secret: false`), scoped to their
/// file. `merged` are the findings after merging with other reports, so that an entry takes the
/// raw secret's fingerprint where another tool reported the same secret.
pub fn detect_secrets(baseline: &[Finding], merged: &[Finding], name: &str) -> Imported {
    let mut out = Imported::default();
    for f in baseline
        .iter()
        .filter(|f| f.label == Some(Label::FalsePositive))
    {
        let hash = f.detections.first().and_then(|d| d.native_id.clone());
        let same = merged.iter().find(|m| {
            m.file == f.file
                && m.line == f.line
                && m.detections
                    .iter()
                    .any(|d| d.tool == "detect-secrets" && d.native_id == hash)
        });
        let reason = format!("Audited as not a secret in {name}");
        out.candidates.push(from_finding(
            same.unwrap_or(f),
            Some(f.file.clone()),
            reason,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_gitguardian_shapes() {
        let v2 = "version: 2\nsecret:\n  ignored_matches:\n    - name: Slack token - notify.yaml\n      match: 32d05f56ffeceafcac753f88dc2a4d4b0409cd8519004fac5fe3eae030436cba\n    - name: raw form\n      match: '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'\n  ignored_paths:\n    - '**/README.md'\n";
        let got = ignored_matches(v2);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].1.as_deref(), Some("Slack token - notify.yaml"));
        assert_eq!(got[1].2, "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");
        let v1 = "matches-ignore:\n  - 530e5a4a7ea00814db8845dd0cae5efaa4b974a3ce1c76d0384ba715248a5dc1\npaths-ignore:\n  - x\n";
        assert_eq!(ignored_matches(v1).len(), 1);
    }

    #[test]
    fn raw_values_become_fingerprints_without_reports() {
        let text = "secret:\n  ignored_matches:\n    - name: demo\n      match: 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\n";
        let got = gitguardian(text, ".gitguardian.yaml", &[]);
        assert_eq!(
            got.candidates[0].fingerprint,
            sha256_hex(b"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")
        );
        assert!(
            got.candidates[0]
                .reason
                .starts_with("demo (imported from .gitguardian.yaml line 4)")
        );
    }
}
