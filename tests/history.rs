//! `leakdesk scan --git` on small repositories built with git: a key added then deleted, the
//! same key on two branches, a merge, a rename, binary and LFS blobs, a shallow clone, a
//! missing object, and a second scan that reads only new commits.

// A panic is how a test fails.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};

use common::{leakdesk, stderr};
use serde_json::Value;

/// Fake keys that look real (the Stripe rule takes them).
const KEY: &str = "sk_live_51HqLyjWDarjtT1zdp7dcXYZabcdEFGH12345";
const OTHER: &str = "sk_live_51Zz9yXWvUtSrQpOnMlKjIhGfEdCbA98765";

/// Runs git with a fixed identity and a clock that moves a minute per call, so commits made in
/// one second still have an order in time.
fn git(dir: &Path, args: &[&str]) -> String {
    static CLOCK: AtomicU64 = AtomicU64::new(0);
    let minute = CLOCK.fetch_add(1, Ordering::Relaxed);
    let date = format!("{} +0000", 1_780_000_000 + minute * 60);
    let o = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date)
        .env("GIT_AUTHOR_NAME", "Dana Whitfield")
        .env("GIT_AUTHOR_EMAIL", "dana@acme-shop.example")
        .env("GIT_COMMITTER_NAME", "Dana Whitfield")
        .env("GIT_COMMITTER_EMAIL", "dana@acme-shop.example")
        .output()
        .unwrap();
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
    String::from_utf8(o.stdout).unwrap().trim().to_owned()
}

fn repo() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    git(t.path(), &["init", "-q", "-b", "main"]);
    write(t.path(), "README.md", "# shop\n");
    commit(t.path(), "init");
    t
}

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Commits everything; returns the commit id.
fn commit(dir: &Path, message: &str) -> String {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
    git(dir, &["rev-parse", "HEAD"])
}

fn scan(dir: &Path) -> (Vec<Value>, String) {
    let o = leakdesk(dir, &["scan", "--git", ".", "--format", "json"]);
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(2),
        "{}",
        stderr(&o)
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or(Value::Null);
    let found = v["findings"].as_array().cloned().unwrap_or_default();
    (found, stderr(&o))
}

/// The history findings only (a working-tree finding has no `history`).
fn history(found: &[Value]) -> Vec<&Value> {
    found.iter().filter(|f| !f["history"].is_null()).collect()
}

#[test]
fn a_key_added_then_deleted_is_found_with_its_commit_and_removal() {
    let t = repo();
    let d = t.path();
    write(d, "config.py", &format!("STRIPE_KEY = \"{KEY}\"\n"));
    let added = commit(d, "add key");
    std::fs::remove_file(d.join("config.py")).unwrap();
    let removed = commit(d, "remove key");
    let (found, err) = scan(d);
    let h = history(&found);
    assert_eq!(h.len(), 1, "{found:?}\n{err}");
    let f = h[0];
    assert_eq!(f["file"], "config.py");
    assert_eq!(f["line"], 1);
    assert_eq!(f["commit"], added.as_str());
    assert_eq!(f["author"], "Dana Whitfield");
    assert_eq!(f["email"], "dana@acme-shop.example");
    assert_eq!(f["history"]["commits"], 1);
    assert_eq!(f["history"]["in_head"]["where"], "removed");
    assert_eq!(f["history"]["in_head"]["commit"], removed.as_str());
    assert!(
        f["history"]["refs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "refs/heads/main")
    );
    assert!(
        !String::from_utf8(std::fs::read(d.join(".leakdesk/history.json")).unwrap())
            .unwrap()
            .contains(KEY),
        "the memory holds no secret"
    );
    // The text form says it too.
    let o = leakdesk(d, &["scan", "--git", "."]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains(&format!("removed in {}", &removed[..8])),
        "{text}"
    );
}

#[test]
fn one_key_on_two_branches_and_many_commits_is_one_finding() {
    let t = repo();
    let d = t.path();
    git(d, &["checkout", "-q", "-b", "feature"]);
    write(d, "config.py", &format!("STRIPE_KEY = \"{KEY}\"\n"));
    let first = commit(d, "key on feature");
    // The same line through several more commits that edit other lines.
    for i in 0..3 {
        write(
            d,
            "config.py",
            &format!("STRIPE_KEY = \"{KEY}\"\nRETRIES = {i}\n"),
        );
        commit(d, "tune");
    }
    git(d, &["checkout", "-q", "main"]);
    write(d, "config.py", &format!("STRIPE_KEY = \"{KEY}\"\n"));
    commit(d, "same key on main");
    let (found, err) = scan(d);
    let h: Vec<&Value> = history(&found)
        .into_iter()
        .filter(|f| f["file"] == "config.py")
        .collect();
    assert_eq!(h.len(), 1, "one secret at one path: {found:#?}\n{err}");
    let f = h[0];
    assert_eq!(f["commit"], first.as_str(), "the oldest introduction");
    assert_eq!(f["history"]["commits"], 5, "four on feature, one on main");
    let refs: Vec<&str> = f["history"]["refs"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(refs.contains(&"refs/heads/feature"), "{refs:?}");
    assert_eq!(f["history"]["in_head"]["where"], "file");
    // The working tree and history findings of the key are one secret in `list`.
    let o = leakdesk(d, &["list", "--git", "."]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        text.lines().filter(|l| l.contains("config.py:1")).count(),
        1,
        "{text}"
    );
}

#[test]
fn a_merge_introduces_nothing_of_its_own_and_a_rename_is_a_new_place() {
    let t = repo();
    let d = t.path();
    git(d, &["checkout", "-q", "-b", "feature"]);
    write(d, "app/config.py", &format!("STRIPE_KEY = \"{KEY}\"\n"));
    let on_branch = commit(d, "key on feature");
    git(d, &["checkout", "-q", "main"]);
    write(d, "docs.md", "docs\n");
    commit(d, "docs");
    git(
        d,
        &["merge", "-q", "--no-ff", "-m", "merge feature", "feature"],
    );
    git(d, &["mv", "app/config.py", "app/settings.py"]);
    let renamed = commit(d, "rename");
    let (found, err) = scan(d);
    let h = history(&found);
    let at = |file: &str| h.iter().find(|f| f["file"] == file).copied();
    let old = at("app/config.py").unwrap_or_else(|| panic!("{found:#?}\n{err}"));
    assert_eq!(
        old["commit"],
        on_branch.as_str(),
        "the merge did not introduce it"
    );
    assert_eq!(
        old["history"]["in_head"]["where"], "elsewhere",
        "HEAD has it, under the new name"
    );
    let _ = renamed;
    assert_eq!(
        old["history"]["commits"], 2,
        "the branch commit and the merge"
    );
    let new = at("app/settings.py").unwrap();
    assert_eq!(new["commit"], renamed.as_str());
    assert_eq!(new["history"]["in_head"]["where"], "file");
    assert_eq!(
        old["fingerprint"], new["fingerprint"],
        "one secret, two places"
    );
}

#[test]
fn binary_lfs_and_submodule_entries_are_skipped_and_said() {
    let t = repo();
    let d = t.path();
    let mut binary = format!("STRIPE_KEY = \"{KEY}\"\n").into_bytes();
    binary.extend([0u8, 1, 2, 3]);
    std::fs::write(d.join("blob.bin"), binary).unwrap();
    write(
        d,
        "model.onnx",
        "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a2146\nsize 12345\n",
    );
    commit(d, "assets");
    // A submodule entry (a commit in another repository), added without cloning it.
    let head = git(d, &["rev-parse", "HEAD"]);
    git(
        d,
        &[
            "update-index",
            "--add",
            "--cacheinfo",
            &format!("160000,{head},vendor/lib"),
        ],
    );
    git(d, &["commit", "-q", "-m", "submodule"]);
    let (found, err) = scan(d);
    assert!(history(&found).is_empty(), "{found:#?}");
    assert!(err.contains("1 binary"), "{err}");
    assert!(err.contains("1 Git LFS pointer"), "{err}");
    assert!(err.contains("1 submodule entry"), "{err}");
}

#[test]
fn a_shallow_clone_is_scanned_as_far_as_it_goes() {
    let t = repo();
    let d = t.path();
    write(d, "old.py", &format!("KEY = \"{OTHER}\"\n"));
    commit(d, "old key");
    std::fs::remove_file(d.join("old.py")).unwrap();
    commit(d, "remove old key");
    write(d, "config.py", &format!("STRIPE_KEY = \"{KEY}\"\n"));
    commit(d, "new key");
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", d.display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let c = clone.path().join("shallow");
    let (found, err) = scan(&c);
    let h = history(&found);
    assert_eq!(h.len(), 1, "only what the clone holds: {found:#?}");
    assert_eq!(h[0]["file"], "config.py");
    assert!(err.contains("shallow clone"), "{err}");
}

#[test]
fn a_missing_object_is_reported_by_id_and_the_rest_still_scanned() {
    let t = repo();
    let d = t.path();
    write(d, "config.py", &format!("STRIPE_KEY = \"{KEY}\"\n"));
    commit(d, "key");
    write(d, "other.py", &format!("STRIPE_KEY = \"{OTHER}\"\n"));
    commit(d, "other key");
    let blob = git(d, &["rev-parse", "HEAD:config.py"]);
    std::fs::remove_file(d.join(".git/objects").join(&blob[..2]).join(&blob[2..])).unwrap();
    let (found, err) = scan(d);
    assert!(
        err.contains(&format!("missing from the repository: blob {blob}")),
        "{err}"
    );
    assert!(
        history(&found).iter().any(|f| f["file"] == "other.py"),
        "{found:#?}"
    );
    // A gate never passes on a history it could not read whole.
    let o = leakdesk(d, &["check", "--git", "."]);
    assert_ne!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_second_scan_reads_only_new_commits_and_finds_what_a_full_scan_finds() {
    let t = repo();
    let d = t.path();
    write(d, "config.py", &format!("STRIPE_KEY = \"{KEY}\"\n"));
    commit(d, "key");
    for i in 0..3 {
        write(
            d,
            "config.py",
            &format!("STRIPE_KEY = \"{KEY}\"\nN = {i}\n"),
        );
        commit(d, "edit");
    }
    let (first, _) = scan(d);
    assert_eq!(history(&first).len(), 1);
    // New work: the key removed, another added on a branch.
    std::fs::remove_file(d.join("config.py")).unwrap();
    commit(d, "remove");
    git(d, &["checkout", "-q", "-b", "topic"]);
    write(d, "deploy/env.sh", &format!("export STRIPE={OTHER}\n"));
    commit(d, "other");
    git(d, &["checkout", "-q", "main"]);
    let (again, err) = scan(d);
    assert!(
        err.contains("5 commits already scanned were skipped"),
        "{err}"
    );
    std::fs::remove_file(d.join(".leakdesk/history.json")).unwrap();
    let (full, err_full) = scan(d);
    assert!(!err_full.contains("skipped"), "{err_full}");
    let strip = |v: Vec<&Value>| -> Vec<String> { v.iter().map(|f| f.to_string()).collect() };
    assert_eq!(strip(history(&again)), strip(history(&full)));
    assert_eq!(history(&full).len(), 2);
}

#[test]
fn rewritten_history_is_scanned_again_and_said() {
    let t = repo();
    let d = t.path();
    write(d, "config.py", &format!("STRIPE_KEY = \"{KEY}\"\n"));
    commit(d, "key");
    scan(d);
    git(d, &["commit", "-q", "--amend", "-m", "reworded"]);
    git(d, &["reflog", "expire", "--expire=now", "--all"]);
    git(d, &["gc", "-q", "--prune=now"]);
    let (found, err) = scan(d);
    assert!(err.contains("history was rewritten"), "{err}");
    assert_eq!(history(&found).len(), 1);
}

#[test]
fn a_bare_repository_is_scanned_for_its_history_only() {
    let t = repo();
    let d = t.path();
    write(d, "config.py", &format!("STRIPE_KEY = \"{KEY}\"\n"));
    commit(d, "key");
    let bare = tempfile::tempdir().unwrap();
    let url = format!("file://{}", d.display());
    git(bare.path(), &["clone", "-q", "--bare", &url, "mirror.git"]);
    let (found, err) = scan(&bare.path().join("mirror.git"));
    assert_eq!(history(&found).len(), 1, "{found:#?}\n{err}");
    assert!(
        !err.contains("scanned"),
        "git's own files are not scanned as a tree: {err}"
    );
}

/// A file edited over many commits: each version is rescanned around its change from the one
/// before, and every rescan is checked against a whole scan (`LEAKDESK_VERIFY_RESCAN`).
#[test]
fn versions_rescanned_around_their_change_find_what_whole_scans_find() {
    let t = repo();
    let d = t.path();
    let mut lines: Vec<String> = (0..80)
        .map(|i| format!("    total_{i} = compute(order, {i})"))
        .collect();
    let mut introduced = String::new();
    for round in 0..40 {
        // Edits spread over the file: a few lines changed, one inserted, one removed.
        for k in 0..3 {
            let at = (round * 17 + k * 29) % lines.len();
            lines[at] = format!("    step_{round}_{k} = apply(order)");
        }
        let at = (round * 7) % lines.len();
        lines.insert(at, format!("    note_{round} = 'v{round}'"));
        lines.remove((round * 13 + 5) % lines.len());
        match round {
            10 => lines.insert(40, format!("STRIPE_KEY = \"{KEY}\"")),
            // A value on the line after its name: the generic rule spans two lines.
            15 => {
                lines.insert(20, "api_key =".to_owned());
                lines.insert(21, "  \"k8Jx2Lq9Vz4Rt7Wm1Np5Hs3Gd6Fb0Yc\"".to_owned());
            }
            25 => lines.retain(|l| !l.contains(KEY)),
            30 => lines.insert(5, format!("other = '{OTHER}'")),
            _ => {}
        }
        write(d, "app/settings.py", &(lines.join("\n") + "\n"));
        let id = commit(d, &format!("round {round}"));
        if round == 10 {
            introduced = id;
        }
    }
    let o = Command::new(env!("CARGO_BIN_EXE_leakdesk"))
        .args(["scan", "--git", ".", "--format", "json"])
        .current_dir(d)
        .env("LEAKDESK_CONFIG_DIR", d.join(".no-config"))
        .env("LEAKDESK_VERIFY_RESCAN", "1")
        .env("LEAKDESK_TIMING", "1")
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(!err.contains("rescanned differently"), "{err}");
    // The rescans happened (most of the 40 versions).
    let rescanned: u64 = err
        .split("blobs (")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(rescanned >= 30, "{err}");
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let found = v["findings"].as_array().cloned().unwrap_or_default();
    let h = history(&found);
    let context = |f: &Value, what: &str| f["context"].as_str().is_some_and(|c| c.contains(what));
    let key = h.iter().find(|f| context(f, "STRIPE_KEY")).copied();
    let key = key.unwrap_or_else(|| panic!("{h:?}"));
    assert_eq!(key["commit"].as_str(), Some(introduced.as_str()));
    assert_eq!(key["history"]["in_head"]["where"].as_str(), Some("removed"));
    assert!(
        h.iter()
            .any(|f| f["rule"].as_str() == Some("generic-api-key")),
        "{h:?}"
    );
    assert!(h.iter().any(|f| context(f, "other = ")), "{h:?}");
}
