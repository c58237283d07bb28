//! The real `leakdesk` binary, run the way CI, a pre-commit hook or a person at a shell would.

// A panic is how a test fails.
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

const EXAMPLES: [&str; 4] = [
    "examples/reports/detect-secrets.baseline.json",
    "examples/reports/ggshield.json",
    "examples/reports/gitleaks.json",
    "examples/reports/trufflehog.jsonl",
];

fn leakdesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leakdesk"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run leakdesk")
}

fn with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_leakdesk"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run leakdesk");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn examples_and(extra: &[&'static str]) -> Vec<&'static str> {
    extra.iter().copied().chain(EXAMPLES).collect()
}

#[test]
fn list_merges_the_bundled_examples() {
    let o = leakdesk(&examples_and(&["list"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!("list_examples_text", stdout(&o));
}

#[test]
fn list_json_is_the_documented_shape_and_reads_back_losslessly() {
    let o = leakdesk(&examples_and(&["list", "--format", "json"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json = stdout(&o);
    insta::assert_snapshot!("list_examples_json", json);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["version"], 1);
    for key in [
        "fingerprint",
        "provider",
        "rule",
        "file",
        "line",
        "column",
        "commit",
        "tools",
        "verified",
        "redacted",
        "status",
    ] {
        assert!(v["findings"][0].get(key).is_some(), "missing {key}");
    }
    let again = with_stdin(&["list", "--format", "json", "-"], json.as_bytes());
    assert_eq!(stdout(&again), json, "{}", stderr(&again));
}

#[test]
fn list_sarif_reads_back_to_the_same_findings() {
    let json = stdout(&leakdesk(&examples_and(&["list", "--format", "json"])));
    let sarif = stdout(&leakdesk(&examples_and(&["list", "--format", "sarif"])));
    let v: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "leakdesk");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 7);
    for r in results {
        // What GitHub code scanning needs of each result.
        assert!(r["ruleId"].is_string() && r["message"]["text"].is_string());
        let loc = &r["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"].is_string());
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(r["partialFingerprints"]["leakdesk/v1"].is_string());
        let rule = &run["tool"]["driver"]["rules"][r["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], r["ruleId"]);
    }
    let back = with_stdin(&["list", "--format", "json", "-"], sarif.as_bytes());
    assert_eq!(stdout(&back), json, "{}", stderr(&back));
}

#[test]
fn raw_secrets_appear_only_with_reveal() {
    let secret = "H0s6w9S0eDmKAShGQgtTl3ENL";
    for format in ["text", "json", "sarif"] {
        let o = leakdesk(&examples_and(&["list", "--format", format]));
        assert!(!stdout(&o).contains(secret), "{format} leaked the secret");
        let o = leakdesk(&examples_and(&["list", "--reveal", "--format", format]));
        assert!(
            stdout(&o).contains(secret),
            "{format} --reveal did not show it"
        );
    }
    let o = leakdesk(&examples_and(&["check"]));
    assert!(!stdout(&o).contains(secret) && !stderr(&o).contains(secret));
}

#[test]
fn check_exit_codes() {
    let o = leakdesk(&examples_and(&["check"]));
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "leakdesk: 7 findings (7 distinct secrets, 2 verified live) in 6 files\n"
    );
    let o = leakdesk(&["check", "tests/fixtures/empty-report.json"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stderr(&o), "leakdesk: no findings\n");
    let o = with_stdin(&["check", "-"], b"[]");
    assert_eq!(o.status.code(), Some(0));
    let o = leakdesk(&["check", "tests/fixtures/bad/not-json.txt"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn bad_inputs_say_what_where_and_what_to_do() {
    for (name, file) in [
        ("error_not_json", "tests/fixtures/bad/not-json.txt"),
        ("error_truncated", "tests/fixtures/bad/truncated.json"),
        ("error_wrong_type", "tests/fixtures/bad/wrong-type.json"),
        ("error_unknown_format", "tests/fixtures/bad/unknown.json"),
        (
            "error_missing_file",
            "tests/fixtures/bad/no-such-report.json",
        ),
    ] {
        let o = leakdesk(&["list", file]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        assert!(o.stdout.is_empty(), "{name}");
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{name}: {err}");
        insta::assert_snapshot!(name, err);
    }
}

#[test]
fn one_bad_file_among_several_is_reported_and_fails_the_run() {
    let o = leakdesk(&[
        "check",
        "examples/reports/gitleaks.json",
        "tests/fixtures/bad/truncated.json",
        "tests/fixtures/bad/unknown.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("truncated.json:5:"), "{err}");
    assert!(err.contains("unknown.json: not a report"), "{err}");
    assert!(err.contains("2 of 3 inputs could not be read"), "{err}");
}

#[test]
fn from_forces_a_format_and_explains_a_mismatch() {
    let o = leakdesk(&[
        "list",
        "--from",
        "gitleaks",
        "examples/reports/ggshield.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("ggshield.json:1:1: invalid type: object"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("leave --from out"), "{}", stderr(&o));
    let o = leakdesk(&[
        "list",
        "--from",
        "ggshield",
        "examples/reports/ggshield.json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn escape_sequences_in_reports_never_reach_the_terminal() {
    let o = leakdesk(&["list", "tests/fixtures/hostile-ansi.gitleaks.json"]);
    let out = stdout(&o);
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{7}') && !out.contains('\u{202e}'),
        "{out:?}"
    );
    assert!(out.contains("src/evil/"), "{out:?}");
    let o = leakdesk(&["check", "tests/fixtures/hostile-ansi.gitleaks.json"]);
    assert!(!stdout(&o).contains('\u{1b}'));
    // JSON keeps the data but escapes control characters.
    let json = stdout(&leakdesk(&[
        "list",
        "--format",
        "json",
        "tests/fixtures/hostile-ansi.gitleaks.json",
    ]));
    assert!(
        !json.contains('\u{1b}') && json.contains("\\u001b"),
        "{json}"
    );
}

#[test]
fn root_makes_absolute_paths_relative() {
    let o = leakdesk(&[
        "list",
        "--root",
        "/src/generic-app",
        "tests/fixtures/secretlint-many.defectdojo.json",
    ]);
    let out = stdout(&o);
    assert!(
        out.contains(" ci.env:2 ") && !out.contains("/src/generic-app"),
        "{out}"
    );
}

#[test]
fn help_names_every_command_and_format() {
    let o = leakdesk(&["--help"]);
    let help = stdout(&o);
    assert!(help.contains("list") && help.contains("check"));
    let o = leakdesk(&["list", "--help"]);
    let help = stdout(&o);
    for f in [
        "gitleaks",
        "trufflehog",
        "detect-secrets",
        "ggshield",
        "noseyparker",
        "kingfisher",
        "secretlint",
        "sarif",
        "github",
        "leakdesk",
    ] {
        assert!(help.contains(f), "list --help lacks {f}");
    }
}

/// Without a terminal (CI, cron, `ssh host leakdesk`) the screen does not start: one line says
/// what to use instead, exit 2, no panic and no escape codes.
#[test]
fn the_screen_without_a_terminal_says_what_to_use() {
    let o = Command::new(env!("CARGO_BIN_EXE_leakdesk"))
        .args(EXAMPLES)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("needs a terminal") && err.contains("leakdesk list"),
        "{err}"
    );
    assert!(!err.contains('\u{1b}') && o.stdout.is_empty(), "{err}");
}

/// Piped text (a CI log) never shortens a path: the log must say which file.
#[test]
fn piped_text_keeps_long_paths_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let deep =
        "services/payments/internal/adapters/outbound/settings/production/settings_production.py";
    let report = format!(
        r#"[{{"RuleID": "github-pat", "Description": "", "StartLine": 1, "EndLine": 1, "StartColumn": 1, "EndColumn": 40, "Match": "ghp_Xy7Lm2Qp9Rs4Tu6Vw8Za1Bc3De5Fg7Hi9Jk0", "Secret": "ghp_Xy7Lm2Qp9Rs4Tu6Vw8Za1Bc3De5Fg7Hi9Jk0", "File": "{deep}", "SymlinkFile": "", "Commit": "", "Entropy": 4.5, "Author": "", "Email": "", "Date": "", "Message": "", "Tags": [], "Fingerprint": "{deep}:github-pat:1"}}]"#
    );
    let path = tmp.path().join("gitleaks.json");
    std::fs::write(&path, report).unwrap();
    for cmd in ["list", "check"] {
        let o = leakdesk(&[cmd, path.to_str().unwrap()]);
        assert!(
            stdout(&o).contains(&format!("{deep}:1")),
            "{cmd}: {}",
            stdout(&o)
        );
    }
}
