//! Each importer against real sample reports (tests/fixtures/, copied from shared/formats), one
//! test per quirk the research notes record.

// A panic is how a test fails.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use leakdesk::finding::{Basis, Finding, Label, Verified, sha256_hex};
use leakdesk::report::{self, Format, Root, merge::merge};

fn root() -> Root {
    Root::new(Path::new("/scan"))
}

fn read(name: &str) -> (Option<Format>, Vec<Finding>) {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap();
    let r = report::parse(name, &bytes, None, &root()).unwrap_or_else(|e| panic!("{e}"));
    (r.format, r.findings)
}

fn only(name: &str) -> Finding {
    let (_, mut f) = read(name);
    assert_eq!(f.len(), 1, "{name}: {f:#?}");
    f.remove(0)
}

#[test]
fn every_fixture_is_recognised_as_its_format() {
    let cases = [
        ("gitleaks-report-json_simple.json", Format::Gitleaks),
        ("gitleaks-v8-many.defectdojo.json", Format::Gitleaks),
        ("gitleaks-v7.5.0.defectdojo.json", Format::Gitleaks),
        ("gitleaks-baseline.json", Format::Gitleaks),
        ("gitleaks-report-sarif_simple.sarif", Format::Sarif),
        ("trufflehog-readme-git.jsonl", Format::Trufflehog),
        (
            "trufflehog-v3-git-2022-base64raw.defectdojo.jsonl",
            Format::Trufflehog,
        ),
        (
            "trufflehog-v3-github-2022-base64raw.defectdojo.jsonl",
            Format::Trufflehog,
        ),
        (
            "detect-secrets-repo.secrets.baseline.json",
            Format::DetectSecrets,
        ),
        (
            "detect-secrets-baseline-many.defectdojo.json",
            Format::DetectSecrets,
        ),
        (
            "ggshield-path-scan.gitguardian-vscode-fixture.json",
            Format::Ggshield,
        ),
        ("ggshield-one_finding.defectdojo.json", Format::Ggshield),
        ("ggshield-many_findings.defectdojo.json", Format::Ggshield),
        ("noseyparker-report-fs.snapshot.json", Format::Noseyparker),
        ("noseyparker-report-git.snapshot.json", Format::Noseyparker),
        ("noseyparker-0.22-git.defectdojo.jsonl", Format::Noseyparker),
        (
            "noseyparker-pre0.17-one.defectdojo.jsonl",
            Format::Noseyparker,
        ),
        ("kingfisher-1.110-one.defectdojo.json", Format::Kingfisher),
        (
            "kingfisher-1.110-findings.defectdojo.jsonl",
            Format::Kingfisher,
        ),
        (
            "secretlint-cli-format-json.snapshot.json",
            Format::Secretlint,
        ),
        ("secretlint-many.defectdojo.json", Format::Secretlint),
        ("secretlint-12-key-ranges.json", Format::Secretlint),
        (
            "github-secret-scanning-alert-list.openapi-example.json",
            Format::Github,
        ),
        (
            "github-org-secret-scanning-alert-list.openapi-example.json",
            Format::Github,
        ),
        (
            "github-secret-scanning-alerts-many.defectdojo.json",
            Format::Github,
        ),
    ];
    for (name, want) in cases {
        let (format, findings) = read(name);
        assert_eq!(format, Some(want), "{name}");
        assert!(!findings.is_empty(), "{name}: no findings");
        for f in &findings {
            assert_eq!(f.fingerprint.len(), 64, "{name}");
            assert!(
                f.line.is_none_or(|l| l >= 1) && f.column.is_none_or(|c| c >= 1),
                "{name}"
            );
        }
    }
}

#[test]
fn gitleaks_v8_fields_and_fingerprint() {
    let f = only("gitleaks-report-json_simple.json");
    assert_eq!(f.rule(), "test-rule");
    assert_eq!(
        (f.file.as_str(), f.line, f.column),
        ("auth.py", Some(1), Some(1))
    );
    assert_eq!(f.fingerprint, sha256_hex(b"a secret"));
    assert_eq!(f.basis, Basis::Secret);
    assert_eq!(f.author.as_deref(), Some("John Doe"));
    assert_eq!(f.commit.as_deref(), Some("0000000000000000"));
    assert_eq!(f.context.as_deref(), Some("line containing secret"));
}

#[test]
fn gitleaks_columns_past_the_first_line_are_one_too_large() {
    let (_, findings) = read("gitleaks-v8-many.defectdojo.json");
    let aws = findings
        .iter()
        .find(|f| f.rule() == "aws-access-token")
        .unwrap();
    // StartLine 2, StartColumn 24038 in the report.
    assert_eq!((aws.line, aws.column), (Some(2), Some(24037)));
}

#[test]
fn gitleaks_redacted_reports_have_no_secret() {
    let (_, findings) = read("gitleaks-baseline.json");
    assert!(
        findings
            .iter()
            .all(|f| f.secret.is_none() && f.basis == Basis::Location)
    );
    let (_, v7) = read("gitleaks-v7-redacted.defectdojo.json");
    assert!(
        v7.iter()
            .all(|f| f.secret.is_none() && f.redacted == "(not in report)")
    );
}

#[test]
fn gitleaks_sarif_snippet_is_the_raw_secret_and_merges_with_the_json() {
    let sarif = only("gitleaks-report-sarif_simple.sarif");
    assert_eq!(sarif.fingerprint, sha256_hex(b"a secret"));
    assert_eq!(sarif.tools(), ["gitleaks"]);
    let json = only("gitleaks-report-json_simple.json");
    assert_eq!(merge(vec![sarif, json]).len(), 1);
}

/// gitleaks SARIF carries the commit and author in `partialFingerprints`: read, a redacted
/// finding has the same identity from the SARIF as from the JSON.
#[test]
fn gitleaks_sarif_commit_and_author_are_read_so_redacted_reports_agree() {
    let sarif = only("gitleaks-report-sarif_simple.sarif");
    assert_eq!(sarif.commit.as_deref(), Some("0000000000000000"));
    assert_eq!(sarif.author.as_deref(), Some("John Doe"));
    assert_eq!(sarif.email.as_deref(), Some("johndoe@gmail.com"));
    let redact = |name: &str, from: &str| {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path)
            .unwrap()
            .replace(from, "\"REDACTED\"");
        let r = report::parse(name, text.as_bytes(), None, &root()).unwrap();
        r.findings.into_iter().next().unwrap()
    };
    let sarif = redact("gitleaks-report-sarif_simple.sarif", "\"a secret\"");
    let json = redact("gitleaks-report-json_simple.json", "\"a secret\"");
    assert_eq!(sarif.basis, Basis::Location);
    assert_eq!(sarif.fingerprint, json.fingerprint);
}

#[test]
fn trufflehog_old_base64_raw_is_decoded() {
    let (_, old) = read("trufflehog-v3-git-2022-base64raw.defectdojo.jsonl");
    let aws = old.iter().find(|f| f.rule() == "AWS").unwrap();
    assert_eq!(aws.fingerprint, sha256_hex(b"AKIAYVP4CIPPERUVIFXG"));
    assert_eq!(aws.verified, Verified::Yes);
    let uri = old.iter().find(|f| f.rule() == "URI").unwrap();
    assert!(
        uri.secret
            .as_ref()
            .unwrap()
            .expose()
            .starts_with("https://admin:admin@")
    );
    // The same key from the current plain-Raw output is the same secret at the same place.
    let current = only("trufflehog-readme-git.jsonl");
    assert_eq!(current.fingerprint, aws.fingerprint);
    assert_eq!((current.file.as_str(), current.line), ("keys", Some(4)));
    assert_eq!(current.author.as_deref(), Some("counter"));
    assert_eq!(
        current.email.as_deref(),
        Some("counter@counters-MacBook-Air.local")
    );
    assert_eq!(current.date.as_deref(), Some("2022-06-16T10:17:40-07:00"));
}

#[test]
fn detect_secrets_keeps_hash_and_audit_labels() {
    let (_, findings) = read("detect-secrets-baseline-many.defectdojo.json");
    assert!(
        findings
            .iter()
            .all(|f| f.basis == Basis::ReportHash && f.secret.is_none())
    );
    assert!(
        findings
            .iter()
            .any(|f| f.label == Some(Label::TruePositive))
    );
    assert!(
        findings
            .iter()
            .any(|f| f.label == Some(Label::FalsePositive))
    );
    // The same hash in two files is the same secret.
    let (_, repo) = read("detect-secrets-repo.secrets.baseline.json");
    let audit: Vec<&Finding> = repo
        .iter()
        .filter(|f| f.file == "docs/audit.md" && f.line == Some(25))
        .collect();
    assert_eq!(audit.len(), 2, "two plugins, one line");
    assert_eq!(audit[0].fingerprint, audit[1].fingerprint);
    assert_eq!(merge(audit.into_iter().cloned().collect()).len(), 1);
}

#[test]
fn ggshield_columns_are_zero_based_and_multimatch_is_one_finding() {
    let f = only("ggshield-path-scan-multimatch.gitguardian-vscode-fixture.json");
    assert_eq!(f.rule(), "PostgreSQL Credentials");
    assert_eq!((f.line, f.column), (Some(1), Some(17)));
    assert_eq!(
        f.basis,
        Basis::ReportHash,
        "censored match: the ignore_sha identifies it"
    );
    assert_eq!(f.redacted, "post********");
    assert_eq!(f.provider.as_deref(), Some("database"));
    assert_eq!(
        f.detections[0].native_id.as_deref(),
        Some("981de92451ea2b27f7a163d39c92b566de7cdcc52280fdd9cf7b331d6d53ad86")
    );
}

#[test]
fn ggshield_commit_scans_carry_commit_author_and_date() {
    let f = only("ggshield-one_finding.defectdojo.json");
    assert_eq!(
        f.commit.as_deref(),
        Some("8f388be3452f8d9f20ed788c94ebc11faa8ae7b6")
    );
    assert_eq!(f.author.as_deref(), Some("iamnihal"));
    assert_eq!(f.date.as_deref(), Some("2021-07-05T12:54:43+05:30"));
    assert_eq!(f.line, None, "line_start was null");
}

#[test]
fn noseyparker_decodes_groups_and_counts_columns_in_characters() {
    let f = only("noseyparker-report-fs.snapshot.json");
    assert_eq!(
        f.fingerprint,
        sha256_hex(b"ghp_XIxB7KMNdAr3zqWtQqhE94qglHqOzn1D1stg")
    );
    assert_eq!((f.line, f.column), (Some(3), Some(12)));
    assert_eq!(
        f.context.as_deref(),
        Some("GITHUB_KEY=ghp_XIxB7KMNdAr3zqWtQqhE94qglHqOzn1D1stg")
    );
    assert_eq!(f.provider.as_deref(), Some("github"));
    let (_, git) = read("noseyparker-0.22-git.defectdojo.jsonl");
    let c = &git[0];
    assert!(c.commit.is_some() && c.author.is_some());
    assert!(
        c.date.as_deref().is_some_and(|d| d.contains('T')),
        "{:?}",
        c.date
    );
    // One match with two provenances (the working file and the commit) for the same path.
    let (_, old) = read("noseyparker-pre0.17-one.defectdojo.jsonl");
    let merged = merge(old);
    assert_eq!(merged.len(), 1);
    assert_eq!(
        merged[0].fingerprint,
        sha256_hex(b"32ui1ffdasfhu239b4df2ac6609a9919")
    );
    assert_eq!(
        merged[0].commit.as_deref(),
        Some("0ee84b84c29924b210e3576fe9d1e8632948bedc")
    );
}

#[test]
fn kingfisher_json_with_trailing_summary_and_zero_based_columns() {
    let f = only("kingfisher-1.110-one.defectdojo.json");
    assert_eq!(
        (f.file.as_str(), f.line, f.column),
        ("deploy.env", Some(2), Some(16))
    );
    assert_eq!(
        f.detections[0].native_id.as_deref(),
        Some("9651124012441020779")
    );
    let (_, lines) = read("kingfisher-1.110-findings.defectdojo.jsonl");
    assert_eq!(lines.len(), 3);
    let v: Vec<Verified> = lines.iter().map(|f| f.verified).collect();
    assert_eq!(v, [Verified::Unknown, Verified::Yes, Verified::No]);
}

#[test]
fn secretlint_secret_comes_from_source_content() {
    let f = only("secretlint-cli-format-json.snapshot.json");
    assert_eq!(f.fingerprint, sha256_hex(b"SECRET"));
    assert_eq!((f.line, f.column), (Some(1), Some(9)));
    assert_eq!(f.context.as_deref(), Some("THIS IS SECRET DATA!!"));
    assert_eq!(
        f.masked_context().as_deref(),
        Some("THIS IS SE******** DATA!!")
    );
}

#[test]
fn secretlint_ranges_from_a_key_name_give_the_value() {
    // Real secretlint 12 output: three rules report a range starting at the key name.
    let (_, findings) = read("secretlint-12-key-ranges.json");
    let merged = merge(findings);
    let secret_of = |file: &str| -> Vec<String> {
        merged
            .iter()
            .filter(|f| f.file.ends_with(file))
            .map(|f| f.secret.as_ref().unwrap().expose().to_owned())
            .collect()
    };
    assert_eq!(
        secret_of("aws.py"),
        ["DVwB1fXgT7rQ9kLmN3pZs8YcVb2HjKd5WqEr6TyU"]
    );
    // `_authToken=` and the npm token rule found one token: one finding.
    assert_eq!(
        secret_of(".npmrc"),
        ["npm_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zA7bC"]
    );
    let pkg = secret_of("package.json");
    assert!(
        pkg.contains(&"ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zA7bC".to_owned()),
        "{pkg:?}"
    );
    assert!(
        merged
            .iter()
            .all(|f| !f.secret.as_ref().unwrap().expose().contains("_authToken")),
        "no key name in a secret"
    );
}

#[test]
fn github_alerts_paths_validity_and_resolution() {
    let (_, findings) = read("github-secret-scanning-alerts-many.defectdojo.json");
    assert!(findings.iter().all(|f| !f.file.starts_with('/')));
    let aws = findings
        .iter()
        .find(|f| f.provider.as_deref() == Some("aws"))
        .unwrap();
    assert_eq!(aws.verified, Verified::Yes);
    let (_, list) = read("github-secret-scanning-alert-list.openapi-example.json");
    assert!(list.iter().any(|f| f.label == Some(Label::FalsePositive)));
}

#[test]
fn absolute_paths_under_the_root_become_relative() {
    let (_, findings) = read("kingfisher-1.110-findings.defectdojo.jsonl");
    assert!(
        findings.iter().all(|f| !f.file.starts_with("/scan")),
        "{findings:#?}"
    );
}
