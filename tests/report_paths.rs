//! Reports of one repository made from another directory or on another machine meet: their
//! paths are made relative to the repository, and the prefix removed from each is said.

// A panic is how a test fails.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

const AWS: &str = "DVwB1fXgT7rQ9kLmN3pZs8YcVb2HjKd5WqEr6TyU";
const NPM: &str = "npm_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zA7bC";

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leakdesk"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// A gitleaks report whose files carry `prefix`.
fn gitleaks(prefix: &str) -> String {
    let one = |file: &str, rule: &str, secret: &str, line: u32| {
        format!(
            r#"{{"RuleID": "{rule}", "Description": "", "StartLine": {line}, "EndLine": {line}, "StartColumn": 1, "EndColumn": 40, "Match": "{secret}", "Secret": "{secret}", "File": "{prefix}{file}", "SymlinkFile": "", "Commit": "", "Entropy": 4.5, "Author": "", "Email": "", "Date": "", "Message": "", "Tags": [], "Fingerprint": "{prefix}{file}:{rule}:{line}"}}"#
        )
    };
    format!(
        "[{}, {}]",
        one("aws.py", "aws-secret-access-key", AWS, 1),
        one(".npmrc", "npm-access-token", NPM, 1)
    )
}

/// Each secret's places and the tools that found it there, from `list --format json`.
fn places(o: &Output) -> Vec<(String, Vec<String>)> {
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_owned(),
                f["tools"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t.as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect()
}

fn secretlint() -> String {
    // Real secretlint 12 output, made on a machine where the repository was /src/acme.
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/secretlint-12-key-ranges.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn three_reports_from_three_places_meet_without_the_tree() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("parent.json"), gitleaks("repo/")).unwrap();
    std::fs::write(dir.join("here.json"), gitleaks("")).unwrap();
    std::fs::write(dir.join("secretlint.json"), secretlint()).unwrap();
    let o = run(
        dir,
        &[
            "list",
            "--format",
            "json",
            "parent.json",
            "secretlint.json",
            "here.json",
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("parent.json: removed `repo/` from 2 paths"),
        "{err}"
    );
    assert!(
        err.contains("secretlint.json: removed `/src/acme/`"),
        "{err}"
    );
    let got = places(&o);
    let aws = got.iter().find(|(f, _)| f == "aws.py").unwrap();
    assert_eq!(aws.1, ["gitleaks", "secretlint"], "{got:?}");
    let npmrc = got.iter().find(|(f, _)| f == ".npmrc").unwrap();
    assert_eq!(npmrc.1, ["gitleaks", "secretlint"], "{got:?}");
    assert!(
        got.iter()
            .all(|(f, _)| !f.starts_with("repo/") && !f.starts_with('/')),
        "{got:?}"
    );
}

#[test]
fn the_tree_on_disk_places_reports_made_elsewhere() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for f in ["aws.py", ".npmrc", "package.json"] {
        std::fs::write(dir.join(f), "leaked here\n").unwrap();
    }
    let reports = tempfile::tempdir().unwrap();
    let parent = reports.path().join("parent.json");
    let sl = reports.path().join("secretlint.json");
    std::fs::write(&parent, gitleaks("repo/")).unwrap();
    std::fs::write(&sl, secretlint()).unwrap();
    let o = run(
        dir,
        &[
            "list",
            "--format",
            "json",
            parent.to_str().unwrap(),
            sl.to_str().unwrap(),
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("the files are there without it"), "{err}");
    let got = places(&o);
    let aws = got.iter().find(|(f, _)| f == "aws.py").unwrap();
    assert_eq!(aws.1, ["gitleaks", "secretlint"], "{got:?}");

    // --report-root overrides: `.` keeps the paths as written.
    let keep = format!("{}=.", parent.to_str().unwrap());
    let o = run(
        dir,
        &[
            "list",
            "--format",
            "json",
            "--report-root",
            &keep,
            parent.to_str().unwrap(),
            sl.to_str().unwrap(),
        ],
    );
    assert!(places(&o).iter().any(|(f, _)| f == "repo/aws.py"));
    let o = run(
        dir,
        &[
            "list",
            "--report-root",
            "nope.json=x",
            parent.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not one of the inputs"));
}
