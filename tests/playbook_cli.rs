//! `leakdesk playbook`, run as a person would, with user and repository playbooks.

// A panic is how a test fails.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs in `cwd` with `config` as the user's config directory.
fn leakdesk(args: &[&str], cwd: &Path, config: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leakdesk"))
        .args(args)
        .current_dir(cwd)
        .env("LEAKDESK_CONFIG_DIR", config)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// A valid playbook file: the bundled one for `base`, renamed and retitled.
fn playbook_json(base: &str, id: &str, name: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let o = leakdesk(
        &["playbook", base, "--format", "json"],
        tmp.path(),
        tmp.path(),
    );
    let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v.as_object_mut().unwrap().remove("source");
    v["id"] = id.into();
    v["name"] = name.into();
    v.to_string()
}

#[test]
fn lists_every_bundled_provider_with_its_source() {
    let tmp = tempfile::tempdir().unwrap();
    let o = leakdesk(&["playbook"], tmp.path(), tmp.path());
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o.stdout);
    assert!(out.starts_with("ID "), "{out}");
    for id in [
        "customerio",
        "chiefapp",
        "cloudsight",
        "messagebird",
        "freshchat",
        "aws",
        "github",
        "generic",
    ] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(&format!("{id} ")) && l.ends_with("bundled")),
            "{id}: {out}"
        );
    }
}

#[test]
fn one_playbook_as_text_markdown_and_json() {
    let tmp = tempfile::tempdir().unwrap();
    let o = leakdesk(&["playbook", "messagebird"], tmp.path(), tmp.path());
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o.stdout);
    assert!(
        out.contains("Revocation checklist")
            && out.contains("[ ] Delete the leaked key (delete-old-key)"),
        "{out}"
    );

    let o = leakdesk(
        &["playbook", "bird", "--format", "markdown"],
        tmp.path(),
        tmp.path(),
    );
    insta::assert_snapshot!("playbook_messagebird_markdown", text(&o.stdout));

    let o = leakdesk(
        &["playbook", "messagebird", "--format", "json"],
        tmp.path(),
        tmp.path(),
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["source"], "bundled");
    assert_eq!(v["checklist"][0]["id"], "decide-order");
    assert_eq!(v["checklist"][2]["id"], "identify-key-type");
}

#[test]
fn unknown_id_suggests_the_closest() {
    let tmp = tempfile::tempdir().unwrap();
    let o = leakdesk(&["playbook", "messagebrid"], tmp.path(), tmp.path());
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("no playbook `messagebrid`") && err.contains("Closest: messagebird"),
        "{err}"
    );
}

#[test]
fn user_and_repo_playbooks_add_and_override_by_id() {
    let config = tempfile::tempdir().unwrap();
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(config.path().join("playbooks")).unwrap();
    std::fs::create_dir_all(repo.path().join(".leakdesk/playbooks")).unwrap();
    std::fs::create_dir_all(repo.path().join("src/app")).unwrap();
    // The user adds an internal provider and overrides AWS; the repository overrides AWS again.
    std::fs::write(
        config.path().join("playbooks/acme-vault.json"),
        playbook_json("vault", "acme-vault", "ACME internal vault"),
    )
    .unwrap();
    std::fs::write(
        config.path().join("playbooks/aws.json"),
        playbook_json("aws", "aws", "AWS (user runbook)"),
    )
    .unwrap();
    std::fs::write(
        repo.path().join(".leakdesk/playbooks/aws.json"),
        playbook_json("aws", "aws", "AWS (repo runbook)"),
    )
    .unwrap();

    let o = leakdesk(&["playbook"], &repo.path().join("src/app"), config.path());
    let out = text(&o.stdout);
    assert!(
        out.lines()
            .any(|l| l.starts_with("acme-vault ") && l.ends_with("user")),
        "{out}"
    );
    assert!(
        out.lines().any(|l| l.starts_with("aws ")
            && l.contains("AWS (repo runbook)")
            && l.ends_with("repo")),
        "{out}"
    );

    let o = leakdesk(
        &["playbook", "aws"],
        &repo.path().join("src/app"),
        config.path(),
    );
    assert!(text(&o.stdout).starts_with("AWS (repo runbook) (aws)\n"));
}

#[test]
fn a_malformed_user_playbook_is_named_and_the_rest_still_load() {
    let config = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(config.path().join("playbooks")).unwrap();
    let mut broken: serde_json::Value =
        serde_json::from_str(&playbook_json("aws", "acme", "ACME")).unwrap();
    broken["checklist"][0]["id"] = "Not A Slug".into();
    std::fs::write(
        config.path().join("playbooks/acme.json"),
        broken.to_string(),
    )
    .unwrap();
    std::fs::write(
        config.path().join("playbooks/typo.json"),
        "{\n  \"id\": \"typo\",\n  \"risks\": 3\n}\n",
    )
    .unwrap();
    let o = leakdesk(&["playbook"], config.path(), config.path());
    assert_eq!(o.status.code(), Some(0));
    let err = text(&o.stderr);
    assert!(err.contains("acme.json: field `checklist[0].id`"), "{err}");
    assert!(err.contains("typo.json:3:"), "{err}");
    assert!(text(&o.stdout).contains("messagebird"));
}
