//! `leakdesk scan` / `check DIR` on a tree made to look like a real repository's.

// A panic is how a test fails.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::leakdesk;

fn write(dir: &Path, path: &str, bytes: &[u8]) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// Secrets where they leak (hidden files, CI config), and what a scanner must not trip on.
fn tree() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, ".env", b"MESSAGEBIRD_API_KEY=\"H0s6w9S0eDmKAShGQgtTl3ENL\"\nCUSTOMERIO_APP_API_KEY=\"658b113e64963d04500f8a4081411f71\"\n");
    write(
        d,
        ".github/workflows/ci.yml",
        b"env:\n  TOKEN: ghp_Xy7Lm2Qp9Rs4Tu6Vw8Za1Bc3De5Fg7Hi9Jk0\n",
    );
    write(d, ".gitignore", b"vendor/\n");
    write(d, "vendor/lib.js", b"aws = \"AKIAQYLPMN5HFAKE7KEY\"\n");
    write(
        d,
        ".git/config",
        b"[remote]\n url = https://x:ghp_Ab7Lm2Qp9Rs4Tu6Vw8Za1Bc3De5Fg7Hi9Jk1@github.com/a/b\n",
    );
    write(
        d,
        "src/deploy.sh",
        b"export CHIEF_TOKEN=ctp_D9qD4bcK2YB7b9vnfcZ8LmtyF5li5N3jzdB8\n",
    );
    write(
        d,
        "src/latin1.txt",
        b"caf\xe9 \xff\xfe key\nSTRIPE=sk_live_4eC39HqLyjWDarjtT1zdp7dc\n",
    );
    write(
        d,
        "img/logo.png",
        b"\x89PNG\r\n\x1a\n\x00\x00 sk_live_4eC39HqLyjWDarjtT1zdp7dc",
    );
    write(d, "big/data.csv", &vec![b'x'; 200_000]);
    std::os::unix::fs::symlink("..", d.join("src/loop")).unwrap();
    std::os::unix::fs::symlink("missing-target", d.join("src/broken")).unwrap();
    t
}

fn places(o: &Output) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}:{}", f["file"].as_str().unwrap(), f["line"]))
        .collect()
}

#[test]
fn scan_finds_what_leaks_and_skips_what_it_must() {
    let t = tree();
    let o = leakdesk(
        t.path(),
        &["scan", "--format", "json", "--max-file-size", "100K"],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        places(&o),
        [
            ".env:1",
            ".env:2",
            ".github/workflows/ci.yml:2",
            "src/deploy.sh:1",
            "src/latin1.txt:2"
        ]
    );
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains(
            "skipped 1 over 100 KB (--max-file-size), 1 binary, 2 symlinks (not followed)"
        ),
        "{err}"
    );
    assert!(
        err.contains("skipped (larger than --max-file-size): big/data.csv"),
        "{err}"
    );
    // --no-ignore: the ignored vendor file too; .git is never entered.
    let o = leakdesk(t.path(), &["scan", "--format", "json", "--no-ignore"]);
    let found = places(&o);
    assert!(
        found.contains(&"vendor/lib.js:1".to_owned())
            && !found.iter().any(|p| p.starts_with(".git/")),
        "{found:?}"
    );
}

#[test]
fn check_dir_is_a_gate_and_honours_the_allowlist() {
    let t = tree();
    let o = leakdesk(t.path(), &["check", "."]);
    assert_eq!(o.status.code(), Some(1));
    let json = leakdesk(t.path(), &["list", "--format", "json"]);
    for place in places(&json) {
        let o = leakdesk(
            t.path(),
            &[
                "allowlist",
                "add",
                "--finding",
                &place,
                ".",
                "--reason",
                "fixture tree",
            ],
        );
        assert_eq!(
            o.status.code(),
            Some(0),
            "{place}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    assert_eq!(leakdesk(t.path(), &["check"]).status.code(), Some(0));
}

#[test]
fn a_50_mb_single_line_file_is_scanned() {
    let t = tempfile::tempdir().unwrap();
    let mut line = vec![b'a'; 50 * 1024 * 1024];
    let secret = b" ghp_Xy7Lm2Qp9Rs4Tu6Vw8Za1Bc3De5Fg7Hi9Jk0 ";
    line[25_000_000..25_000_000 + secret.len()].copy_from_slice(secret);
    write(t.path(), "dist/app.min.js", &line);
    let o = leakdesk(
        t.path(),
        &["scan", "--format", "json", "--max-file-size", "64M"],
    );
    assert_eq!(places(&o), ["dist/app.min.js:1"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["findings"][0]["column"], 25_000_002);
    assert!(v["findings"][0]["context"].as_str().unwrap().len() < 400);
}

#[test]
fn surrounding_lines_are_reported_masked_and_read_back() {
    let t = tempfile::tempdir().unwrap();
    let body = "MIIEowIBAAKCAQEAxq3FAKEkeyMATERIALthatLOOKSrealButIsNotAtAll0123456789abcdefABCDEF";
    let pem = format!(
        "# deploy key\n-----BEGIN RSA PRIVATE KEY-----\n{body}\n{body}\n-----END RSA PRIVATE KEY-----\n"
    );
    write(t.path(), "deploy/id_rsa", pem.as_bytes());
    let o = leakdesk(t.path(), &["scan", "--format", "json"]);
    let text = String::from_utf8(o.stdout.clone()).unwrap();
    assert!(
        !text.contains(body),
        "key material leaked into the output:\n{text}"
    );
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let f = &v["findings"][0];
    assert_eq!(f["context_before"], "# deploy key");
    // A secret over several lines (a key block) is its own context, masked as a whole.
    assert_eq!(f["context"], "----********");
    // Read back: the same list.
    let mut child = Command::new(env!("CARGO_BIN_EXE_leakdesk"))
        .args(["list", "--format", "json", "-"])
        .current_dir(t.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), text.as_bytes()).unwrap();
    drop(child.stdin.take());
    assert_eq!(
        String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap(),
        text
    );
}

#[cfg(unix)]
#[test]
fn check_fails_closed_when_part_of_the_tree_cannot_be_read() {
    use std::os::unix::ffi::OsStrExt;
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(
        d,
        "app.env",
        b"TOKEN=ghp_Xy7Lm2Qp9Rs4Tu6Vw8Za1Bc3De5Fg7Hi9Jk0\n",
    );
    // A folder deeper than the system's path limit (root reads everything, so permissions
    // cannot make one unreadable here); made with relative `cd`s, as a clone could hold it.
    let component = "d".repeat(200);
    let script = format!(
        "cd '{}' && for i in $(seq 25); do mkdir {component} && cd {component} || exit 1; done; echo 'TOKEN=ghp_Ab7Lm2Qp9Rs4Tu6Vw8Za1Bc3De5Fg7Hi9Jk1' > deep.env",
        d.display()
    );
    assert!(
        Command::new("bash")
            .args(["-c", &script])
            .status()
            .unwrap()
            .success()
    );
    // A FIFO (opening one would block), a socket, and a file name that is not UTF-8.
    assert!(
        Command::new("mkfifo")
            .arg(d.join("pipe"))
            .status()
            .unwrap()
            .success()
    );
    let _socket = std::os::unix::net::UnixListener::bind(d.join("sock")).unwrap();
    std::fs::write(
        d.join(std::ffi::OsStr::from_bytes(b"caf\xe9.env")),
        b"TOKEN=ghp_Cd7Lm2Qp9Rs4Tu6Vw8Za1Bc3De5Fg7Hi9Jk2\n",
    )
    .unwrap();
    let o = leakdesk(d, &["check", "."]);
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "stdout:\n{out}\nstderr:\n{err}");
    // What it read is still listed, then why it fails.
    assert!(
        out.contains("app.env:1") && out.contains("caf\\xe9.env:1"),
        "{out}"
    );
    assert!(err.contains("unreadable:"), "{err}");
    assert!(
        err.contains("2 special files (FIFO, socket or device)"),
        "{err}"
    );
    assert!(err.contains("could not be read"), "{err}");
    // `list` says so too, and the allowlist will not judge entries against the partial scan.
    assert_eq!(leakdesk(d, &["list", "."]).status.code(), Some(2));
    assert_eq!(
        leakdesk(d, &["allowlist", "prune", "."]).status.code(),
        Some(2)
    );
}
