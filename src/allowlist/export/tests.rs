//! Each target against findings made by hand; `tests/peers.rs` runs the real tools.

use serde_json::Value;

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
    export_with(target, list, findings, &verdicts, None).unwrap()
}

fn export_with(
    target: Target,
    list: &AllowlistFile,
    findings: &[Finding],
    verdicts: &Verdicts,
    baseline: Option<&str>,
) -> Result<Export, String> {
    let root = crate::report::Root::new(std::path::Path::new("/repo"));
    export(
        target,
        &Source {
            list,
            findings,
            verdicts,
            playbooks: None,
            baseline: baseline.map(|b| ("baseline.json", b)),
            root: &root,
        },
    )
}

fn verdicts(list: &AllowlistFile, findings: &[Finding]) -> Verdicts {
    let secrets = crate::verdicts::Secrets::group(findings);
    Verdicts::compute(
        findings,
        &secrets,
        list,
        &crate::triage::TriageFile::default(),
        "2026-11-23",
    )
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
            .contains("# false_positive: an example / with a newline\n"),
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

#[test]
fn gitleaks_gets_every_id_and_the_place_form() {
    let mut f = finding("gitleaks", "c1:src/a.py:rule-x:4");
    f.detections.push(Detection {
        tool: "gitleaks".into(),
        rule: "rule-x".into(),
        native_id: Some("src/a.py:rule-x:4".into()),
    });
    let e = run(Target::Gitleaks, &list_for(&f), std::slice::from_ref(&f));
    for line in ["\nc1:src/a.py:rule-x:4\n", "\nsrc/a.py:rule-x:4\n"] {
        assert!(e.text.contains(line), "{line:?} in\n{}", e.text);
    }
    // Another commit's different secret on the same line stays open: no place form.
    let mut other = finding("gitleaks", "c2:src/a.py:rule-x:4");
    other.secret = Some(crate::finding::Secret::new("another-S3CRET"));
    other.fingerprint = crate::finding::sha256_hex(b"another-S3CRET");
    other.commit = Some("c2".into());
    let mut first = finding("gitleaks", "c1:src/a.py:rule-x:4");
    first.commit = Some("c1".into());
    let e = run(Target::Gitleaks, &list_for(&first), &[first.clone(), other]);
    assert!(e.text.contains("\nc1:src/a.py:rule-x:4\n"), "{}", e.text);
    assert!(!e.text.contains("\nsrc/a.py:rule-x:4\n"), "{}", e.text);
}

#[test]
fn an_expiry_is_named_as_lost() {
    let f = finding("gitleaks", "c1:src/a.py:rule-x:4");
    let mut list = list_for(&f);
    list.entries[0].expires = Some("2027-01-31".into());
    let e = run(Target::Gitleaks, &list, std::slice::from_ref(&f));
    assert_eq!(e.notes.len(), 1, "{:?}", e.notes);
    assert!(e.notes[0].contains("2027-01-31"), "{:?}", e.notes);
}

#[test]
fn ggshield_skips_a_secret_still_open_elsewhere() {
    let sha = "ab".repeat(32);
    let f = finding("ggshield", &sha);
    let mut elsewhere = f.clone();
    elsewhere.file = "src/b.py".into();
    let mut list = list_for(&f);
    list.entries[0].path = Some("src/a.py".into());
    let e = run(Target::Ggshield, &list, &[f, elsewhere]);
    assert!(!e.text.contains(&sha), "{}", e.text);
    assert_eq!(e.skipped.len(), 1);
}

#[test]
fn a_given_detect_secrets_baseline_is_updated_not_replaced() {
    let hash = "0123456789abcdef0123456789abcdef01234567";
    let mut f = finding("detect-secrets", hash);
    f.detections.push(Detection {
        tool: "detect-secrets".into(),
        rule: "Secret Keyword".into(),
        native_id: Some(hash.into()),
    });
    let list = list_for(&f);
    let findings = std::slice::from_ref(&f);
    let v = verdicts(&list, findings);
    let baseline = format!(
        r#"{{"version": "1.4.0", "plugins_used": [{{"name": "AWSKeyDetector"}}], "filters_used": [], "results": {{
        "src/a.py": [{{"type": "rule-x", "filename": "src/a.py", "hashed_secret": "{hash}", "is_verified": false, "line_number": 4}}],
        "other.py": [{{"type": "Secret Keyword", "filename": "other.py", "hashed_secret": "ff", "is_verified": false, "line_number": 1, "is_secret": true}}]
        }}, "generated_at": "2026-01-01T00:00:00Z"}}"#
    );
    let e = export_with(Target::DetectSecrets, &list, findings, &v, Some(&baseline)).unwrap();
    let out: Value = serde_json::from_str(&e.text).unwrap();
    assert_eq!(out["version"], "1.4.0");
    assert_eq!(out["plugins_used"].as_array().unwrap().len(), 1, "kept");
    assert_eq!(out["generated_at"], "2026-01-01T00:00:00Z", "kept");
    assert_eq!(out["results"]["other.py"][0]["is_secret"], true, "kept");
    let a = out["results"]["src/a.py"].as_array().unwrap();
    assert_eq!(a.len(), 2, "every type: {a:?}");
    assert!(a.iter().all(|r| r["is_secret"] == false));
    // detect-secrets' field order.
    let text = &e.text;
    assert!(text.find("\"version\"") < text.find("\"plugins_used\""));
    assert!(text.find("\"plugins_used\"") < text.find("\"results\""));
    assert!(export_with(Target::DetectSecrets, &list, findings, &v, Some("{}")).is_err());
}

#[test]
fn a_new_detect_secrets_baseline_lists_every_plugin() {
    let f = finding("detect-secrets", "0123456789abcdef0123456789abcdef01234567");
    let e = run(
        Target::DetectSecrets,
        &list_for(&f),
        std::slice::from_ref(&f),
    );
    let v: Value = serde_json::from_str(&e.text).unwrap();
    let names: Vec<&str> = v["plugins_used"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 27);
    for name in [
        "GitHubTokenDetector",
        "GitLabTokenDetector",
        "OpenAIDetector",
        "PypiTokenDetector",
    ] {
        assert!(names.contains(&name), "{name}");
    }
}
