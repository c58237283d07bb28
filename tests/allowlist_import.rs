//! `leakdesk allowlist import` as a team moving from another tool would use it: the format comes
//! from the content, each decision keeps the scope the other tool meant, and what cannot be
//! imported is said.

// A panic is how a test fails.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Output;

use common::stderr;

fn run(dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_leakdesk"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn entries(dir: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(dir.join(".leakdesk/allowlist.json")).unwrap();
    serde_json::from_str::<serde_json::Value>(&text).unwrap()["entries"]
        .as_array()
        .unwrap()
        .clone()
}

/// A Kingfisher baseline is YAML like `.gitguardian.yaml`: it used to be read as one and import
/// nothing, with success.
#[test]
fn a_kingfisher_baseline_is_recognised_and_scoped_to_its_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let baseline = "version: 2\nfingerprint_algorithm: kingfisher-v1\nrepositories:\n- id: local:///scan\n  findings:\n  - path: deploy.env\n    fingerprint: '9651124012441020779'\n    rule_id: kingfisher.generic.2\n    line: 2\n    first_seen_at: 2026-10-01T00:00:00Z\n    last_updated_at: 2026-10-01T00:00:00Z\n  - path: gone.py\n    fingerprint: '42'\n    rule_id: kingfisher.aws.1\n    line: 9\n";
    std::fs::write(dir.join("baseline.yaml"), baseline).unwrap();
    let report = fixture("kingfisher-1.110-findings.defectdojo.jsonl");
    let allowlist = dir.join("allowlist.json");
    let o = run(
        dir,
        &[
            "allowlist",
            "import",
            "baseline.yaml",
            "--root",
            "/scan",
            "--allowlist",
            allowlist.to_str().unwrap(),
            &report,
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("gone.py") && err.contains("matches no Kingfisher finding"),
        "{err}"
    );
    let text = std::fs::read_to_string(&allowlist).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let e = v["entries"].as_array().unwrap();
    assert_eq!(e.len(), 1, "{text}");
    assert_eq!(e[0]["path"], "deploy.env");
    // Without the reports nothing can be matched: said, and not a success.
    let o = run(dir, &["allowlist", "import", "baseline.yaml"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("Kingfisher reports"), "{}", stderr(&o));
}

/// A commit-form `.gitleaksignore` line names one file: the entry stays on it.
#[test]
fn a_commit_form_gitleaks_line_stays_on_its_file() {
    let repo = common::example_repo();
    let dir = repo.path();
    std::fs::write(
        dir.join("ignores.txt"),
        "# rotated fixture\n3f9a1c27d84e5b60a2c19e7f40d8b3a6e15c2d94:terraform/main.tf:aws-access-token:12\n",
    )
    .unwrap();
    let o = run(
        dir,
        &[
            "allowlist",
            "import",
            "ignores.txt",
            "--kind",
            "revoked",
            "reports/gitleaks.json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let e = entries(dir);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0]["path"], "terraform/main.tf");
    assert!(
        e[0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("rotated fixture (imported from ignores.txt line 2)"),
        "{}",
        e[0]["reason"]
    );
    // A file from outside the repository is named by its file name, not a temporary path.
    let outside = tempfile::tempdir().unwrap();
    let elsewhere = outside.path().join("ignores.txt");
    std::fs::write(
        &elsewhere,
        "3f9a1c27d84e5b60a2c19e7f40d8b3a6e15c2d94:.env:messagebird-api-token:3\n",
    )
    .unwrap();
    let o = run(
        dir,
        &[
            "allowlist",
            "import",
            elsewhere.to_str().unwrap(),
            "--kind",
            "revoked",
            "reports/gitleaks.json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.join(".leakdesk/allowlist.json")).unwrap();
    assert!(
        !text.contains(&outside.path().display().to_string()),
        "{text}"
    );
}

/// `.gitguardian.yaml` read as YAML: a comment is not part of the value, and path or detector
/// ignores are named as not imported.
#[test]
fn gitguardian_yaml_comments_and_path_ignores() {
    let repo = common::example_repo();
    let dir = repo.path();
    std::fs::write(
        dir.join(".gitguardian.yaml"),
        "version: 2\nsecret:\n  ignored_paths: ['docs/**']\n  ignored_matches:\n    - match: H0s6w9S0eDmKAShGQgtTl3ENL   # the sandbox key\n      name: MessageBird sandbox\n",
    )
    .unwrap();
    let o = run(
        dir,
        &[
            "allowlist",
            "import",
            ".gitguardian.yaml",
            "reports/gitleaks.json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("not imported: ignored path `docs/**`"),
        "{}",
        stderr(&o)
    );
    let o = run(dir, &["check", "reports/gitleaks.json"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        !out.contains(".env:3"),
        "the sandbox key is decided:\n{out}"
    );
}

/// GitHub's resolved alerts carry who resolved them, when, why and how: each becomes an entry of
/// the matching kind with that record.
#[test]
fn github_resolved_alerts_import_with_resolver_comment_and_date() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let alerts = fixture("github-secret-scanning-alerts-many.defectdojo.json");
    // GitHub says alert #2's token is still active: resolving it false_positive is not enough
    // to call it harmless here without --force.
    let o = run(dir, &["allowlist", "import", &alerts]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("verified LIVE by github"),
        "{}",
        stderr(&o)
    );
    assert_eq!(entries(dir).len(), 1);
    let o = run(dir, &["allowlist", "import", &alerts, "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let e = entries(dir);
    let kinds: Vec<&str> = e.iter().map(|x| x["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.len(), 2, "{e:#?}");
    assert!(kinds.contains(&"false_positive") && kinds.contains(&"revoked"));
    let fp = e.iter().find(|x| x["kind"] == "false_positive").unwrap();
    assert_eq!(fp["decided_by"], "monalisa (on GitHub)");
    assert_eq!(fp["decided_at"], "2020-11-07T02:47:13Z");
    assert!(
        fp["reason"]
            .as_str()
            .unwrap()
            .starts_with("Example comment (GitHub alert #2"),
        "{fp}"
    );
}

/// The file name says nothing: a detect-secrets baseline saved as `.gitleaksignore` is read as a
/// baseline, and a file no tool wrote is refused with the choices.
#[test]
fn the_format_comes_from_the_content_not_the_name() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let baseline = std::fs::read(fixture("detect-secrets-repo.secrets.baseline.json")).unwrap();
    std::fs::write(dir.join(".gitleaksignore"), baseline).unwrap();
    let o = run(
        dir,
        &["allowlist", "import", ".gitleaksignore", "--dry-run"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::write(dir.join("notes.txt"), "hello: world\n").unwrap();
    let o = run(dir, &["allowlist", "import", "notes.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--as"), "{}", stderr(&o));
}
