//! The allowlist in other tools' formats, so the same decisions silence them too. Each format
//! keys entries its own way (see the research notes), so an export needs the reports: it writes
//! an entry for each allowlisted finding that tool reported, and says which it could not.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{AllowlistFile, Entry};
use crate::finding::Finding;
use crate::output::Row;
use crate::verdicts::Verdicts;

/// The tools the allowlist exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `.gitleaksignore`: gitleaks' finding fingerprints.
    Gitleaks,
    /// `.gitguardian.yaml`: `secret.ignored_matches` by ignore SHA.
    Ggshield,
    /// A detect-secrets baseline with the entries audited `is_secret: false`.
    DetectSecrets,
    /// SARIF 2.1.0 with `suppressions` (kind external, status accepted, the reason as justification).
    Sarif,
}

/// The exported text, and the allowlisted findings it could not express.
pub struct Export {
    pub text: String,
    pub skipped: Vec<String>,
}

/// Pairs each allowlisted finding with the entry hiding it, as the verdicts decided.
fn hidden<'a>(
    list: &'a AllowlistFile,
    findings: &'a [Finding],
    verdicts: &Verdicts,
) -> Vec<(&'a Finding, &'a Entry)> {
    findings
        .iter()
        .zip(&verdicts.findings)
        .filter_map(|(f, v)| v.entry.map(|e| (f, &list.entries[e])))
        .collect()
}

fn native<'a>(f: &'a Finding, tool: &str) -> Option<(&'a str, Option<&'a str>)> {
    f.detections
        .iter()
        .find(|d| d.tool == tool)
        .map(|d| (d.rule.as_str(), d.native_id.as_deref()))
}

/// One line, for comments and YAML names: no line breaks or control characters.
fn one_line(s: &str) -> String {
    crate::sanitize::clean(s).replace('\u{FFFD}', " ")
}

/// The allowlist in `target`'s terms, for `findings` under their `verdicts` (computed from
/// `list`).
pub fn export(
    target: Target,
    list: &AllowlistFile,
    findings: &[Finding],
    verdicts: &Verdicts,
) -> Export {
    let pairs = hidden(list, findings, verdicts);
    match target {
        Target::Gitleaks => gitleaks(&pairs),
        Target::Ggshield => ggshield(&pairs),
        Target::DetectSecrets => detect_secrets(&pairs),
        Target::Sarif => sarif(findings, list, verdicts),
    }
}

fn skipped(f: &Finding, tool: &str) -> String {
    format!(
        "{} ({}): not reported by {tool}, so {tool} has no id for it",
        f.place(),
        f.rule()
    )
}

/// gitleaks matches `.gitleaksignore` lines against its own `Fingerprint`
/// (`commit:file:rule:line`, or `file:rule:line` for a scan without git).
fn gitleaks(pairs: &[(&Finding, &Entry)]) -> Export {
    let mut text = String::from(
        "# Exported from the leakdesk allowlist. One gitleaks fingerprint per line.\n",
    );
    let mut skipped_list = Vec::new();
    let mut lines = BTreeMap::new();
    for (f, e) in pairs {
        let Some((rule, id)) = native(f, "gitleaks") else {
            skipped_list.push(skipped(f, "gitleaks"));
            continue;
        };
        let fingerprint = match (id, f.line) {
            (Some(id), _) => id.to_owned(),
            (None, Some(line)) => match &f.commit {
                Some(c) => format!("{c}:{}:{rule}:{line}", f.file),
                None => format!("{}:{rule}:{line}", f.file),
            },
            (None, None) => {
                skipped_list.push(format!(
                    "{} ({}): gitleaks gave no line",
                    f.place(),
                    f.rule()
                ));
                continue;
            }
        };
        // A line break in a report's fingerprint would add lines of the attacker's choosing.
        if fingerprint.chars().any(crate::sanitize::is_hazard) {
            skipped_list.push(format!(
                "{} ({}): gitleaks' fingerprint holds a line break or control character",
                f.place(),
                f.rule()
            ));
            continue;
        }
        lines.insert(
            fingerprint,
            format!("# {}: {}", e.kind.as_str(), one_line(&e.reason)),
        );
    }
    for (line, comment) in lines {
        let _ = writeln!(text, "{comment}\n{line}");
    }
    Export {
        text,
        skipped: skipped_list,
    }
}

/// ggshield ignores a match listed by its ignore SHA (never the raw-value form: that would
/// write the secret to disk).
fn ggshield(pairs: &[(&Finding, &Entry)]) -> Export {
    let mut skipped_list = Vec::new();
    let mut matches = BTreeMap::new();
    for (f, e) in pairs {
        match native(f, "ggshield") {
            // GitGuardian's ignore SHA is 64 hex digits; anything else would be written into YAML.
            Some((rule, Some(sha)))
                if sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit()) =>
            {
                matches.insert(
                    sha.to_owned(),
                    format!(
                        "{} - {} ({}: {})",
                        one_line(rule),
                        one_line(&f.file),
                        e.kind.as_str(),
                        one_line(&e.reason)
                    ),
                );
            }
            _ => skipped_list.push(skipped(f, "ggshield")),
        }
    }
    let mut text = String::from(
        "# Exported from the leakdesk allowlist: merge into .gitguardian.yaml.\nversion: 2\nsecret:\n  ignored_matches:\n",
    );
    if matches.is_empty() {
        text = text.replace("  ignored_matches:\n", "  ignored_matches: []\n");
    }
    for (sha, name) in matches {
        let _ = writeln!(
            text,
            "    - name: {}\n      match: {sha}",
            yaml_string(&name)
        );
    }
    Export {
        text,
        skipped: skipped_list,
    }
}

fn yaml_string(s: &str) -> String {
    crate::safe_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// A detect-secrets baseline whose entries are audited as not secrets. detect-secrets keys
/// them by (file, SHA-1 of what its plugin captured, type), so only its own findings qualify.
fn detect_secrets(pairs: &[(&Finding, &Entry)]) -> Export {
    let mut skipped_list = Vec::new();
    let mut results: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for (f, _) in pairs {
        match native(f, "detect-secrets") {
            Some((kind, Some(hash))) => {
                let mut entry = json!({ "type": kind, "filename": f.file, "hashed_secret": hash, "is_verified": false });
                if let Some(line) = f.line {
                    entry["line_number"] = line.into();
                }
                entry["is_secret"] = false.into();
                results.entry(f.file.as_str()).or_default().push(entry);
            }
            _ => skipped_list.push(skipped(f, "detect-secrets")),
        }
    }
    // The plugin and filter lists of a real detect-secrets 1.5.0 baseline: a baseline's plugin
    // list drives the next scan, and an unknown plugin name would break it.
    let plain = [
        "ArtifactoryDetector",
        "AWSKeyDetector",
        "AzureStorageKeyDetector",
        "BasicAuthDetector",
        "CloudantDetector",
        "IbmCloudIamDetector",
        "IbmCosHmacDetector",
        "JwtTokenDetector",
        "MailchimpDetector",
        "NpmDetector",
        "PrivateKeyDetector",
        "SlackDetector",
        "SoftlayerDetector",
        "SquareOAuthDetector",
        "StripeDetector",
        "TwilioKeyDetector",
    ];
    let mut plugins: Vec<Value> = plain.iter().map(|name| json!({ "name": name })).collect();
    plugins.extend([
        json!({"name": "Base64HighEntropyString", "limit": 4.5}),
        json!({"name": "HexHighEntropyString", "limit": 3.0}),
        json!({"name": "KeywordDetector", "keyword_exclude": ""}),
    ]);
    plugins.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
    let filters: Vec<Value> = [
        "allowlist.is_line_allowlisted",
        "heuristic.is_indirect_reference",
        "heuristic.is_likely_id_string",
        "heuristic.is_lock_file",
        "heuristic.is_not_alphanumeric_string",
        "heuristic.is_potential_uuid",
        "heuristic.is_prefixed_with_dollar_sign",
        "heuristic.is_sequential_string",
        "heuristic.is_swagger_file",
        "heuristic.is_templated_secret",
    ]
    .iter()
    .map(|f| json!({ "path": format!("detect_secrets.filters.{f}") }))
    .chain([json!({"path": "detect_secrets.filters.common.is_ignored_due_to_verification_policies", "min_level": 2})])
    .collect();
    let baseline = json!({
        "version": "1.5.0",
        "plugins_used": plugins,
        "filters_used": filters,
        "results": results,
    });
    let text = crate::safe_json::to_string_pretty(&baseline).unwrap_or_default() + "\n";
    Export {
        text,
        skipped: skipped_list,
    }
}

/// Every finding, the allowlisted ones with a SARIF suppression giving the reason.
fn sarif(findings: &[Finding], list: &AllowlistFile, verdicts: &Verdicts) -> Export {
    let rows: Vec<Row<'_>> = findings
        .iter()
        .zip(&verdicts.findings)
        .map(|(finding, v)| Row {
            finding,
            status: v.status,
        })
        .collect();
    let mut out = Vec::new();
    let _ = crate::output::sarif::write(&mut out, &rows, crate::output::WriteOptions::default());
    let Ok(mut log) = serde_json::from_slice::<Value>(&out) else {
        return Export {
            text: String::from_utf8_lossy(&out).into_owned(),
            skipped: Vec::new(),
        };
    };
    if let Some(results) = log["runs"][0]["results"].as_array_mut() {
        for (result, v) in results.iter_mut().zip(&verdicts.findings) {
            if let Some(e) = v.entry.map(|i| &list.entries[i]) {
                result["suppressions"] = json!([{
                    "kind": "external",
                    "status": "accepted",
                    "justification": format!("{}: {} ({}, {})", e.kind.as_str(), e.reason, e.decided_by, e.decided_at),
                }]);
            }
        }
    }
    Export {
        text: crate::safe_json::to_string_pretty(&log).unwrap_or_default() + "\n",
        skipped: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::allowlist::Kind;
    use crate::finding::{Detection, Evidence};

    fn finding(tool: &str, native_id: &str) -> Finding {
        let mut f = Finding::new(
            tool,
            "rule-x",
            "src/a.py".into(),
            Evidence::secret("S3CRET-value-1"),
        );
        f.line = Some(4);
        f.detections = vec![Detection {
            tool: tool.into(),
            rule: "rule-x".into(),
            native_id: Some(native_id.into()),
        }];
        f.finish()
    }

    /// The export of `findings` under `list`, with their verdicts.
    fn run(target: Target, list: &AllowlistFile, findings: &[Finding]) -> Export {
        let secrets = crate::verdicts::Secrets::group(findings);
        let verdicts = Verdicts::compute(
            findings,
            &secrets,
            list,
            &crate::triage::TriageFile::default(),
            "2026-11-23",
        );
        export(target, list, findings, &verdicts)
    }

    fn list_for(f: &Finding) -> AllowlistFile {
        let mut list = AllowlistFile::default();
        list.add(Entry {
            fingerprint: f.fingerprint.clone(),
            rule: "rule-x".into(),
            provider: None,
            path: None,
            kind: Kind::FalsePositive,
            reason: "an example\nwith a newline".into(),
            decided_by: "Dana".into(),
            decided_at: "2026-11-01T00:00:00Z".into(),
            expires: None,
            extra: serde_json::Map::new(),
        })
        .unwrap();
        list
    }

    #[test]
    fn gitleaks_lines_are_its_own_fingerprints() {
        let f = finding("gitleaks", "abc123:src/a.py:rule-x:4");
        let e = run(Target::Gitleaks, &list_for(&f), std::slice::from_ref(&f));
        assert!(
            e.text.contains("\nabc123:src/a.py:rule-x:4\n"),
            "{}",
            e.text
        );
        assert!(
            e.text
                .contains("# false_positive: an example with a newline\n"),
            "{}",
            e.text
        );
        let other = finding("trufflehog", "x");
        assert_eq!(
            run(Target::Gitleaks, &list_for(&other), &[other])
                .skipped
                .len(),
            1
        );
    }

    #[test]
    fn ggshield_uses_the_ignore_sha_and_never_the_secret() {
        let f = finding("ggshield", &"ab".repeat(32));
        let e = run(Target::Ggshield, &list_for(&f), std::slice::from_ref(&f));
        assert!(
            e.text.contains(&format!("match: {}", "ab".repeat(32))),
            "{}",
            e.text
        );
        assert!(!e.text.contains("S3CRET-value-1"));
    }

    #[test]
    fn detect_secrets_entries_are_audited_false() {
        let f = finding("detect-secrets", "0123456789abcdef0123456789abcdef01234567");
        let e = run(
            Target::DetectSecrets,
            &list_for(&f),
            std::slice::from_ref(&f),
        );
        let v: Value = serde_json::from_str(&e.text).unwrap();
        let entry = &v["results"]["src/a.py"][0];
        assert_eq!(entry["is_secret"], false);
        assert_eq!(
            entry["hashed_secret"],
            "0123456789abcdef0123456789abcdef01234567"
        );
        assert_eq!(entry["line_number"], 4);
    }

    #[test]
    fn sarif_suppresses_with_the_reason() {
        let f = finding("gitleaks", "x");
        let e = run(Target::Sarif, &list_for(&f), std::slice::from_ref(&f));
        let v: Value = serde_json::from_str(&e.text).unwrap();
        let s = &v["runs"][0]["results"][0]["suppressions"][0];
        assert_eq!(s["kind"], "external");
        assert_eq!(s["status"], "accepted");
        assert!(s["justification"].as_str().unwrap().contains("an example"));
    }
}
