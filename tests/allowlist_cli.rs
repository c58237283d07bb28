//! `leakdesk allowlist` and the allowlist in `list`/`check`, as a team would use them, including
//! a writer killed mid-save and two writers at once.

// A panic is how a test fails.
#![allow(clippy::unwrap_used)]

mod common;

use common::{stderr, with_reports};

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A fake repository holding the example reports, with a git identity.
fn repo() -> tempfile::TempDir {
    common::example_repo()
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_leakdesk"));
    c.args(args).current_dir(dir);
    c
}

fn run(dir: &Path, args: &[&str]) -> Output {
    command(dir, args).output().unwrap()
}

/// `leakdesk allowlist add --finding PLACE --reason REASON [EXTRA...] REPORTS...`.
fn add(dir: &Path, place: &str, reason: &str, extra: &[&str]) -> Output {
    let mut args = vec!["allowlist", "add", "--finding", place, "--reason", reason];
    args.extend_from_slice(extra);
    run(dir, &with_reports(&args))
}

fn allowlist(dir: &Path) -> PathBuf {
    dir.join(".leakdesk/allowlist.json")
}

fn entries(dir: &Path) -> serde_json::Value {
    serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(allowlist(dir)).unwrap())
        .unwrap()["entries"]
        .clone()
}

/// Every finding of the examples by place, so each can be allowlisted.
const PLACES: [&str; 7] = [
    ".env:3",
    ".env:5",
    "config/support.yml:9",
    "deploy/chief.sh:7",
    "src/vision/client.py:14",
    "src/vision/fixtures.py:2",
    "terraform/main.tf:12",
];

#[test]
fn check_passes_once_every_finding_is_allowlisted() {
    let repo = repo();
    let dir = repo.path();
    assert_eq!(run(dir, &with_reports(&["check"])).status.code(), Some(1));
    for place in PLACES {
        let o = run(
            dir,
            &with_reports(&[
                "allowlist",
                "add",
                "--finding",
                place,
                "--kind",
                "revoked",
                "--reason",
                "Revoked in INC-231",
            ]),
        );
        assert_eq!(o.status.code(), Some(0), "{place}: {}", stderr(&o));
    }
    let o = run(dir, &with_reports(&["check"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "leakdesk: no findings; 7 allowlisted\n");
    // list hides them, --all shows them with their status.
    let o = run(dir, &with_reports(&["list"]));
    assert!(o.stdout.is_empty());
    let o = run(dir, &with_reports(&["list", "--all", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["status"] == "revoked")
    );
    // The file: sorted, no secret, identity from git, a .gitignore for scratch files.
    let text = std::fs::read_to_string(allowlist(dir)).unwrap();
    assert!(!text.contains("H0s6w9S0eDmKAShGQgtTl3ENL"));
    assert!(text.contains("\"decided_by\": \"Dana Whitfield <dana@acme-shop.example>\""));
    let fps: Vec<String> = entries(dir)
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["fingerprint"].as_str().unwrap().to_owned())
        .collect();
    assert!(fps.windows(2).all(|w| w[0] < w[1]));
    assert!(
        std::fs::read_to_string(dir.join(".leakdesk/.gitignore"))
            .unwrap()
            .contains("*.lock")
    );
}

#[test]
fn reasons_are_required_and_conflicting_decisions_refused() {
    let repo = repo();
    let dir = repo.path();
    let o = run(
        dir,
        &with_reports(&["allowlist", "add", "--finding", ".env:3"]),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--reason"));
    let o = add(dir, ".env:3", "  ", &[]);
    assert!(
        stderr(&o).contains("a reason is required"),
        "{}",
        stderr(&o)
    );
    add(dir, ".env:3", "fixture", &[]);
    let o = run(
        dir,
        &with_reports(&[
            "allowlist",
            "add",
            "--finding",
            ".env:3",
            "--kind",
            "accepted-risk",
            "--reason",
            "other",
        ]),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("already has a decision"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn expired_entries_are_reported_and_pruned() {
    let repo = repo();
    let dir = repo.path();
    add(dir, ".env:3", "temporary", &["--expires", "2099-01-01"]);
    // Age the entry by editing the file, as time would.
    let text = std::fs::read_to_string(allowlist(dir))
        .unwrap()
        .replace("2099-01-01", "2020-01-01");
    std::fs::write(allowlist(dir), text).unwrap();
    let o = run(dir, &with_reports(&["check"]));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("expired on 2020-01-01; the 1 finding it hid is open again"),
        "{}",
        stderr(&o)
    );
    let o = run(dir, &["allowlist", "list"]);
    assert!(String::from_utf8(o.stdout).unwrap().contains("expired"));
    let o = run(dir, &["allowlist", "prune", "--dry-run"]);
    assert!(stderr(&o).contains("Would remove"), "{}", stderr(&o));
    assert_eq!(entries(dir).as_array().unwrap().len(), 1);
    run(dir, &["allowlist", "prune"]);
    assert_eq!(entries(dir).as_array().unwrap().len(), 0);
}

#[test]
fn stale_entries_are_flagged_with_the_reports() {
    let repo = repo();
    let dir = repo.path();
    let fp = "0".repeat(64);
    run(
        dir,
        &[
            "allowlist",
            "add",
            "--fingerprint",
            &fp,
            "--reason",
            "an old fixture",
            "--path",
            ".env",
        ],
    );
    let o = run(dir, &with_reports(&["allowlist", "list"]));
    assert!(
        String::from_utf8(o.stdout)
            .unwrap()
            .contains("stale: path holds another secret")
    );
    let o = run(dir, &with_reports(&["allowlist", "prune"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(entries(dir).as_array().unwrap().len(), 0);
}

#[test]
fn remove_takes_a_fingerprint_prefix() {
    let repo = repo();
    let dir = repo.path();
    add(dir, ".env:3", "fixture", &[]);
    let fp = entries(dir)[0]["fingerprint"].as_str().unwrap().to_owned();
    let o = run(dir, &["allowlist", "remove", &fp[..12]]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(entries(dir).as_array().unwrap().len(), 0);
    let o = run(dir, &["allowlist", "remove", &fp[..12]]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_corrupt_allowlist_is_reported_and_never_overwritten() {
    let repo = repo();
    let dir = repo.path();
    std::fs::create_dir_all(dir.join(".leakdesk")).unwrap();
    std::fs::write(
        allowlist(dir),
        "{\n  \"version\": 1,\n  \"entries\": [\n    {\"fingerprint\": \n",
    )
    .unwrap();
    let o = add(dir, ".env:3", "fixture", &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("allowlist.json:5:1"), "{}", stderr(&o));
    assert!(stderr(&o).contains("will not overwrite"), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(allowlist(dir))
            .unwrap()
            .ends_with("{\"fingerprint\": \n")
    );
    let o = run(dir, &with_reports(&["check"]));
    assert_eq!(
        o.status.code(),
        Some(2),
        "check must not pass on an unreadable allowlist"
    );
}

#[test]
fn a_writer_killed_before_its_rename_leaves_the_old_file_intact() {
    let repo = repo();
    let dir = repo.path();
    add(dir, ".env:3", "first", &[]);
    let before = std::fs::read_to_string(allowlist(dir)).unwrap();
    let mut writer = command(
        dir,
        &with_reports(&[
            "allowlist",
            "add",
            "--finding",
            "config/support.yml:9",
            "--reason",
            "second",
        ]),
    )
    .env("LEAKDESK_TEST_PAUSE_BEFORE_RENAME", "20000")
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    // Wait for the temporary file: the writer is now between writing it and renaming it.
    let started = std::time::Instant::now();
    while !std::fs::read_dir(dir.join(".leakdesk"))
        .unwrap()
        .any(|e| e.unwrap().file_name().to_string_lossy().contains(".tmp-"))
    {
        assert!(
            started.elapsed().as_secs() < 15,
            "the writer never wrote its temporary file"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    writer.kill().unwrap();
    writer.wait().unwrap();
    assert_eq!(std::fs::read_to_string(allowlist(dir)).unwrap(), before);
    // The killed writer's lock died with it: the next writer goes ahead.
    let o = add(dir, "config/support.yml:9", "second", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(entries(dir).as_array().unwrap().len(), 2);
}

#[test]
fn two_writers_at_once_keep_both_entries() {
    let repo = repo();
    let dir = repo.path();
    let mut writers: Vec<_> = PLACES
        .iter()
        .map(|place| {
            command(
                dir,
                &with_reports(&[
                    "allowlist",
                    "add",
                    "--finding",
                    place,
                    "--kind",
                    "revoked",
                    "--reason",
                    "parallel",
                ]),
            )
            .env("LEAKDESK_TEST_PAUSE_BEFORE_RENAME", "50")
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
        })
        .collect();
    for w in &mut writers {
        assert!(w.wait().unwrap().success());
    }
    assert_eq!(entries(dir).as_array().unwrap().len(), PLACES.len());
}

#[test]
fn triage_progress_is_saved_shown_by_list_and_not_a_pass_for_check() {
    let repo = repo();
    let dir = repo.path();
    let o = run(dir, &with_reports(&["list", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let fp = v["findings"][0]["fingerprint"].as_str().unwrap().to_owned();
    for args in [
        vec!["triage", "status", &fp, "investigating"],
        vec!["triage", "tick", &fp, "create-replacement"],
        vec!["triage", "tick", &fp[..12], "deploy-replacement"],
        vec!["triage", "note", &fp[..12], "Paged the SMS team"],
    ] {
        let o = run(dir, &args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    }
    // A new process (a restart) reads it back.
    let o = run(dir, &["triage", "show", &fp[..12]]);
    let shown = String::from_utf8(o.stdout).unwrap();
    assert!(
        shown.contains("investigating")
            && shown.contains("[x] create-replacement")
            && shown.contains("Paged the SMS team"),
        "{shown}"
    );
    let state = std::fs::read_to_string(dir.join(".leakdesk/triage.json")).unwrap();
    assert!(
        !state.contains("H0s6w9S0eDmKAShGQgtTl3ENL"),
        "no secret in the state file"
    );
    let o = run(dir, &with_reports(&["list"]));
    assert!(
        String::from_utf8(o.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .ends_with("[investigating]")
    );
    assert_eq!(run(dir, &with_reports(&["check"])).status.code(), Some(1));
    let o = run(dir, &["triage", "tick", &fp, "Not A Step"]);
    assert_eq!(o.status.code(), Some(2));
    // An id no playbook has is refused, with the closest one named.
    let o = run(dir, &["triage", "tick", &fp, "deactivate"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `deactivate-key`?"),
        "{}",
        stderr(&o)
    );
    // With the provider, the step must be in that playbook.
    let o = run(
        dir,
        &[
            "triage",
            "tick",
            &fp,
            "rotate-secret",
            "--provider",
            "messagebird",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the `messagebird` playbook"),
        "{}",
        stderr(&o)
    );
    // Once decided in the allowlist, the record says so.
    let o = run(
        dir,
        &with_reports(&[
            "allowlist",
            "add",
            "--finding",
            ".env:3",
            "--kind",
            "revoked",
            "--reason",
            "rotated",
        ]),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(dir, &["triage", "show", &fp[..12]]);
    let shown = String::from_utf8(o.stdout).unwrap();
    assert!(
        shown.contains("allowlisted: revoked everywhere (rotated)"),
        "{shown}"
    );
}

#[test]
fn review_shows_what_changed_since_a_ref() {
    let repo = repo();
    let dir = repo.path();
    add(dir, ".env:3", "first decision", &[]);
    for args in [&["add", "-A"][..], &["commit", "-qm", "base"]] {
        Command::new("git")
            .args(args)
            .current_dir(dir)
            .status()
            .unwrap();
    }
    let o = run(dir, &["allowlist", "review"]);
    assert!(
        stderr(&o).contains("No allowlist changes since HEAD"),
        "{}",
        stderr(&o)
    );
    run(
        dir,
        &with_reports(&[
            "allowlist",
            "add",
            "--finding",
            ".env:5",
            "--kind",
            "test-credential",
            "--reason",
            "fixture key",
            "--force",
        ]),
    );
    let o = run(
        dir,
        &with_reports(&["allowlist", "review", "--since", "HEAD"]),
    );
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("+ added")
            && out.contains("reason: fixture key")
            && out.contains("hides 1 finding"),
        "{out}"
    );
    assert!(
        out.contains("by Dana Whitfield <dana@acme-shop.example>"),
        "{out}"
    );
    assert!(
        out.contains("! hides a secret verified LIVE by ggshield"),
        "the review flags a live key called harmless:\n{out}"
    );
    // Where: the reviewer sees the place, the redacted value and the verification.
    assert!(
        out.lines()
            .any(|l| l.trim_start().starts_with("hides .env:5  658b")
                && l.contains("verified LIVE by ggshield")),
        "{out}"
    );
    let listed = String::from_utf8(run(dir, &with_reports(&["allowlist", "list"])).stdout).unwrap();
    for column in ["RULE", "EXPIRES", "never"] {
        assert!(listed.contains(column), "{column}: {listed}");
    }
    assert!(listed.contains("    hides .env:5  658b"), "{listed}");
    let all = entries(dir);
    let committed = all
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["reason"] == "first decision")
        .unwrap();
    let removed = committed["fingerprint"].as_str().unwrap().to_owned();
    run(dir, &["allowlist", "remove", &removed]);
    let out = String::from_utf8(run(dir, &with_reports(&["allowlist", "review"])).stdout).unwrap();
    assert!(
        out.contains("- removed") && out.contains("removing it re-opens 1 finding"),
        "{out}"
    );
    let o = run(dir, &["allowlist", "review", "--since", "no-such-branch"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not a commit, branch or tag"));
}

#[test]
fn export_then_import_restores_the_decisions_other_tools_can_express() {
    let from = repo();
    let places = [
        ".env:3",
        "config/support.yml:9",
        "src/vision/fixtures.py:2",
        ".env:5",
    ];
    for place in places {
        add(from.path(), place, "fixture", &["--force"]);
    }
    let exported: Vec<(&str, Vec<u8>)> = [
        ("gitleaks", ".gitleaksignore"),
        ("ggshield", ".gitguardian.yaml"),
        ("detect-secrets", ".secrets.baseline"),
    ]
    .into_iter()
    .map(|(tool, file)| {
        let o = run(
            from.path(),
            &with_reports(&["allowlist", "export", "--to", tool]),
        );
        assert_eq!(o.status.code(), Some(0), "{tool}: {}", stderr(&o));
        (file, o.stdout)
    })
    .collect();
    // gitleaks reported two of the four: the others are named, not silently dropped.
    let o = run(
        from.path(),
        &with_reports(&["allowlist", "export", "--to", "gitleaks"]),
    );
    assert!(
        stderr(&o).contains("2 allowlisted findings could not be exported"),
        "{}",
        stderr(&o)
    );
    assert!(
        !String::from_utf8(o.stdout)
            .unwrap()
            .contains("H0s6w9S0eDmKAShGQgtTl3ENL")
    );

    let to = repo();
    for (file, bytes) in &exported {
        std::fs::write(to.path().join(file), bytes).unwrap();
        // --force: one of them was verified live, and was decided with --force too.
        let o = run(
            to.path(),
            &with_reports(&["allowlist", "import", file, "--force"]),
        );
        assert_eq!(o.status.code(), Some(0), "{file}: {}", stderr(&o));
    }
    let o = run(to.path(), &with_reports(&["check"]));
    assert!(stderr(&o).ends_with("; 4 allowlisted\n"), "{}", stderr(&o));

    let sarif = run(
        from.path(),
        &with_reports(&["allowlist", "export", "--to", "sarif"]),
    );
    let v: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let suppressed = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["suppressions"][0]["justification"]
                .as_str()
                .is_some_and(|j| j.contains("fixture"))
        })
        .count();
    assert_eq!(suppressed, 4);
}

#[test]
fn two_branches_adding_entries_merge_without_conflict() {
    let repo = repo();
    let dir = repo.path();
    let git = |args: &[&str]| {
        let bin_dir = Path::new(env!("CARGO_BIN_EXE_leakdesk"))
            .parent()
            .unwrap()
            .to_owned();
        let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )))
        .unwrap();
        let o = Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("PATH", path)
            .output()
            .unwrap();
        (
            o.status.success(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let o = run(dir, &["allowlist", "git-setup"]);
    // git runs the driver by this binary's absolute path, found even when not on PATH.
    let driver = Command::new("git")
        .args(["config", "merge.leakdesk.driver"])
        .current_dir(dir)
        .output()
        .unwrap();
    let driver = String::from_utf8_lossy(&driver.stdout);
    assert!(
        driver.starts_with(&format!(
            "'{}' allowlist merge-driver",
            env!("CARGO_BIN_EXE_leakdesk")
        )),
        "{driver}"
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(dir.join(".gitattributes"))
            .unwrap()
            .contains(".leakdesk/*.json merge=leakdesk")
    );
    // An empty allowlist on main: any two additions land at the same place in the text.
    std::fs::create_dir_all(dir.join(".leakdesk")).unwrap();
    std::fs::write(
        allowlist(dir),
        "{\n  \"version\": 1,\n  \"entries\": []\n}\n",
    )
    .unwrap();
    git(&["add", "-A"]);
    git(&["commit", "-qm", "base"]);
    git(&["checkout", "-qb", "other"]);
    add(dir, ".env:3", "theirs", &[]);
    git(&["commit", "-qam", "theirs"]);
    git(&["checkout", "-q", "-"]);
    add(dir, "config/support.yml:9", "ours", &[]);
    git(&["commit", "-qam", "ours"]);
    let (merged, err) = git(&["merge", "-q", "--no-edit", "other"]);
    assert!(merged, "merge failed: {err}");
    let reasons: Vec<String> = entries(dir)
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["reason"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert_eq!(
        run(dir, &with_reports(&["allowlist", "list"]))
            .status
            .code(),
        Some(0)
    );
}

/// detect-secrets hashes a GitHub token's prefix and a private key's header, so every such
/// secret has the same `hashed_secret`: one decision must hide exactly the secret decided, and a
/// value another tool reported at the same place still merges with it.
#[test]
fn one_decision_hides_exactly_one_detect_secrets_token() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let prefix_hash = "e175c6f5f2a92e8623bd9a4820edb4e8c1b0fd10"; // SHA-1 of `ghp`: every token
    let header_hash = "be4fc4886bd949b369d5e092eb87494f12e57e5b"; // the RSA header: every key
    let entry = |file: &str, kind: &str, hash: &str, line: u32| {
        format!(
            r#"{{"type": "{kind}", "filename": "{file}", "hashed_secret": "{hash}", "is_verified": false, "line_number": {line}}}"#
        )
    };
    let baseline = format!(
        r#"{{"version": "1.5.0", "plugins_used": [], "filters_used": [], "results": {{
            "a/.env": [{}, {}], "b/.env": [{}, {}]}}}}"#,
        entry("a/.env", "GitHub Token", prefix_hash, 1),
        entry("a/.env", "Private Key", header_hash, 3),
        entry("b/.env", "GitHub Token", prefix_hash, 1),
        entry("b/.env", "Private Key", header_hash, 3),
    );
    std::fs::write(dir.join("baseline.json"), baseline).unwrap();
    let o = run(
        dir,
        &[
            "allowlist",
            "add",
            "--finding",
            "a/.env:1",
            "--reason",
            "fixture token",
            "baseline.json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(dir, &["check", "baseline.json"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert_eq!(out.lines().count(), 3, "only a/.env:1 is hidden:\n{out}");
    assert!(
        out.contains("b/.env:1") && out.contains("a/.env:3") && out.contains("b/.env:3"),
        "{out}"
    );

    // The token another tool reported at b/.env:1 is the same finding, with its value.
    let gitleaks = r#"[{"RuleID": "github-pat", "Description": "GitHub token", "StartLine": 1, "EndLine": 1,
        "StartColumn": 7, "EndColumn": 46, "Match": "TOKEN=ghp_Xy7Lm2Qp9Rs4Tu6Vw8Za1Bc3De5Fg7Hi9Jk0",
        "Secret": "ghp_Xy7Lm2Qp9Rs4Tu6Vw8Za1Bc3De5Fg7Hi9Jk0", "File": "b/.env", "SymlinkFile": "",
        "Commit": "", "Entropy": 4.5, "Author": "", "Email": "", "Date": "", "Message": "", "Tags": [],
        "Fingerprint": "b/.env:github-pat:1"}]"#;
    std::fs::write(dir.join("gitleaks.json"), gitleaks).unwrap();
    let o = run(dir, &["list", "baseline.json", "gitleaks.json"]);
    let out = String::from_utf8_lossy(&o.stdout);
    let b1: Vec<&str> = out.lines().filter(|l| l.contains("b/.env:1")).collect();
    assert_eq!(b1.len(), 1, "{out}");
    assert!(b1[0].contains("detect-secrets,gitleaks"), "{out}");
}

/// trufflehog verified the AWS key at terraform/main.tf:12 live: calling it harmless is refused
/// unless forced, and the entry is flagged wherever the allowlist is listed.
#[test]
fn a_key_verified_live_is_not_called_harmless_without_force() {
    let repo = repo();
    let dir = repo.path();
    for kind in ["false-positive", "test-credential"] {
        let o = add(dir, "terraform/main.tf:12", "ok", &["--kind", kind]);
        assert_eq!(o.status.code(), Some(2), "{kind}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("verified LIVE by trufflehog") && err.contains("--force"),
            "{err}"
        );
        assert!(!allowlist(dir).exists(), "nothing written");
    }
    // Deciding it revoked or an accepted risk is what a live key calls for: no guard.
    let o = add(
        dir,
        "terraform/main.tf:12",
        "accepted until the migration",
        &["--kind", "accepted-risk", "--expires", "2099-01-31"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let fp = entries(dir)[0]["fingerprint"].as_str().unwrap().to_owned();
    let o = run(dir, &["allowlist", "remove", &fp[..12]]);
    let o2 = add(dir, "terraform/main.tf:12", "ok", &["--force"]);
    assert_eq!(o2.status.code(), Some(0), "{} {}", stderr(&o), stderr(&o2));
    assert!(stderr(&o2).contains("verified LIVE by trufflehog"));
    let o = run(dir, &with_reports(&["allowlist", "list"]));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("hides a secret verified LIVE by trufflehog"),
        "{out}"
    );
    // A status that hides the secret is a decision for the allowlist, not triage progress.
    let fp = entries(dir)[0]["fingerprint"].as_str().unwrap().to_owned();
    let o = run(dir, &["triage", "status", &fp, "false-positive"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("leakdesk allowlist add"),
        "{}",
        stderr(&o)
    );
}

/// The secret is the first argument: a fingerprint prefix or FILE:LINE, as the help shows.
#[test]
fn the_secret_can_be_named_positionally() {
    let repo = repo();
    let dir = repo.path();
    let o = run(
        dir,
        &with_reports(&[
            "allowlist",
            "add",
            "terraform/main.tf:12",
            "--kind",
            "revoked",
            "--reason",
            "Revoked in INC-231",
        ]),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(
        dir,
        &with_reports(&[
            "allowlist",
            "add",
            "7ce09233",
            "--kind",
            "accepted-risk",
            "--expires",
            "2099-01-31",
            "--reason",
            "Sandbox key",
        ]),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let kinds: Vec<String> = entries(dir)
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kinds.len(), 2, "{kinds:?}");
    let o = run(dir, &with_reports(&["allowlist", "add", "--reason", "x"]));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("name the secret"), "{}", stderr(&o));
}
