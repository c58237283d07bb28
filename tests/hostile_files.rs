//! Decision files from a hostile clone: planted symlinks, malformed and crafted entries, and
//! merges of sides leakdesk cannot read. Nothing may crash, be clobbered, or be lost.

// A panic is how a test fails.
#![allow(clippy::unwrap_used)]

mod common;

use common::{stderr, with_reports};

use std::path::Path;

use common::leakdesk as run;

/// An allowlist holding one good entry (for `.env:3`) and then the given raw entries.
fn allowlist_with(dir: &Path, hostile: &[&str]) -> String {
    let o = run(
        dir,
        &with_reports(&[
            "allowlist",
            "add",
            "--finding",
            ".env:3",
            "--reason",
            "fixture",
        ]),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let path = dir.join(".leakdesk/allowlist.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let good = v["entries"][0].clone();
    let mut text = String::from("{\n  \"version\": 1,\n  \"entries\": [\n    ");
    text.push_str(&serde_json::to_string(&good).unwrap());
    for h in hostile {
        text.push_str(",\n    ");
        text.push_str(h);
    }
    text.push_str("\n  ]\n}\n");
    v["entries"] = serde_json::Value::Null;
    std::fs::write(&path, &text).unwrap();
    text
}

fn entry(fingerprint: &str, extra: &str) -> String {
    format!(
        r#"{{"fingerprint": "{fingerprint}", "rule": "r", "provider": null, "kind": "false_positive", "reason": "x", "decided_by": "d", "decided_at": "2026-11-01T00:00:00Z"{extra}}}"#
    )
}

#[test]
fn crafted_entries_are_reported_by_line_and_the_rest_still_loads() {
    let repo = common::example_repo();
    let dir = repo.path();
    let all_a = "a".repeat(64);
    let text = allowlist_with(
        dir,
        &[
            // A non-ASCII fingerprint once panicked `allowlist list` (byte slicing).
            &entry(&"é".repeat(40), ""),
            // Nested braces once panicked the glob library inside `list` and `check`.
            &entry(
                &all_a,
                &format!(r#", "path": "{}a{}""#, "{".repeat(300), "}".repeat(300)),
            ),
            // An escape sequence in `expires` once erased lines of the reviewer's terminal.
            &entry(&all_a, r#", "expires": "2099-01-01\r\u001b[3A\u001b[J""#),
            r#"{"fingerprint": 5}"#,
        ],
    );
    for args in [
        with_reports(&["allowlist", "list"]),
        vec!["allowlist", "list"],
        with_reports(&["allowlist", "prune", "--dry-run"]),
        with_reports(&["list"]),
        vec!["triage", "show"],
    ] {
        let o = run(dir, &args);
        let err = stderr(&o);
        assert_ne!(o.status.code(), Some(101), "{args:?} panicked: {err}");
        assert!(!err.contains('\u{1b}'), "{args:?}: {err}");
        if args[0] != "triage" {
            assert_eq!(o.status.code(), Some(0), "{args:?}: {err}");
            for line in [5, 6, 7, 8] {
                assert!(
                    err.contains(&format!("allowlist.json:{line}:")),
                    "{args:?} names line {line}: {err}"
                );
            }
        }
    }
    // The good entry still hides its finding; the others hide nothing.
    let o = run(dir, &with_reports(&["list"]));
    assert!(
        !String::from_utf8_lossy(&o.stdout).contains(".env:3 "),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    // A writer refuses the file rather than drop the entries it cannot read.
    let o = run(
        dir,
        &with_reports(&[
            "allowlist",
            "add",
            "--finding",
            ".env:5",
            "--kind",
            "revoked",
            "--reason",
            "r",
        ]),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("will not rewrite"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(dir.join(".leakdesk/allowlist.json")).unwrap(),
        text
    );
    // And `--path` refuses the pattern up front.
    let deep = format!("{}a{}", "{".repeat(300), "}".repeat(300));
    let o = run(
        dir,
        &with_reports(&[
            "allowlist",
            "add",
            "--finding",
            ".env:5",
            "--reason",
            "r",
            "--path",
            &deep,
        ]),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn crafted_triage_records_are_left_out() {
    let repo = common::example_repo();
    let dir = repo.path();
    std::fs::create_dir_all(dir.join(".leakdesk")).unwrap();
    let good = "b".repeat(64);
    std::fs::write(
        dir.join(".leakdesk/triage.json"),
        format!(
            "{{\"version\": 1, \"findings\": {{\n\"{good}\": {{\"status\": \"investigating\", \"notes\": [{{\"at\": \"2026-11-01T00:00:00Z\", \"by\": \"d\", \"text\": \"t\"}}]}},\n\"ééééé\": {{\"status\": \"revoked\"}},\n\"{}\": {{\"checklist\": {{\"x\": {{\"at\": \"\\u001b]52;c;cHduZWQ=\\u0007\", \"by\": \"d\"}}}}}}\n}}}}\n",
            "c".repeat(64)
        ),
    )
    .unwrap();
    let o = run(dir, &["triage", "show"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.contains("bbbbbbbbbbbb  investigating"), "{out}");
    assert!(!out.contains('\u{1b}') && !stderr(&o).contains('\u{1b}'));
    assert!(stderr(&o).contains("triage.json:3:"), "{}", stderr(&o));
    assert!(stderr(&o).contains("triage.json:4:"), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn a_planted_symlink_never_redirects_allowlist_add() {
    let repo = common::example_repo();
    let dir = repo.path();
    let victim = dir.join("bashrc");
    std::fs::write(&victim, "export PATH=/usr/bin\n").unwrap();
    std::fs::create_dir_all(dir.join(".leakdesk")).unwrap();
    std::os::unix::fs::symlink(&victim, dir.join(".leakdesk/allowlist.json")).unwrap();
    let o = run(
        dir,
        &with_reports(&["allowlist", "add", "--finding", ".env:3", "--reason", "x"]),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "export PATH=/usr/bin\n"
    );
}

#[test]
fn the_merge_driver_refuses_sides_it_cannot_read() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let good = format!(
        "{{\"version\": 1, \"entries\": [{}]}}\n",
        entry(&"a".repeat(64), "")
    );
    let cases: [(&str, &[u8]); 4] = [
        ("not UTF-8", b"{\"version\": 1, \"entries\": [\xff]}"),
        ("an array", b"[1, 2]"),
        ("a string", b"\"x\""),
        (
            "a bad entry",
            b"{\"version\": 1, \"entries\": [{\"fingerprint\": \"zz\"}]}",
        ),
    ];
    for (what, theirs) in cases {
        std::fs::write(dir.join("base"), &good).unwrap();
        std::fs::write(dir.join("ours"), &good).unwrap();
        std::fs::write(dir.join("theirs"), theirs).unwrap();
        let o = run(
            dir,
            &["allowlist", "merge-driver", "base", "ours", "theirs"],
        );
        assert!(
            matches!(o.status.code(), Some(c) if c != 0 && c != 101),
            "{what}: {:?} {}",
            o.status,
            stderr(&o)
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("ours")).unwrap(),
            good,
            "{what}: ours must be left as it was"
        );
    }
}

#[cfg(unix)]
#[test]
fn git_setup_never_appends_through_a_planted_gitattributes_link() {
    let repo = common::example_repo();
    let dir = repo.path();
    let victim = dir.join("victim");
    std::fs::write(&victim, "precious\n").unwrap();
    std::os::unix::fs::symlink(&victim, dir.join(".gitattributes")).unwrap();
    let o = run(dir, &["allowlist", "git-setup"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
}
