//! No output holds a raw secret unless `--reveal` asks for it. A file of every rule's examples,
//! one per line (so each code line and its neighbours hold other secrets), is scanned; every
//! value the scanner finds is then looked for in every output format, `check`, and every
//! allowlist export, without `--reveal`.

// A panic is how a test fails.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Output;

use common::leakdesk;

/// Every bundled rule's examples, one per line, in `examples/all.txt`, and each line also in a
/// file of its own (so findings sit next to each other in one file and alone in others).
fn tree() -> tempfile::TempDir {
    let rules: serde_json::Value =
        serde_json::from_str(include_str!("../src/scan/rules.json")).unwrap();
    let mut all = String::new();
    for r in rules["rules"].as_array().unwrap() {
        for ex in r["examples"].as_array().unwrap() {
            all.push_str(ex.as_str().unwrap());
            all.push('\n');
        }
    }
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(t.path().join("src")).unwrap();
    std::fs::write(t.path().join("src/all.txt"), &all).unwrap();
    t
}

/// The raw values the scanner finds, as `scan --reveal --format json` writes them.
fn revealed(dir: &Path) -> (String, Vec<String>) {
    let o = leakdesk(dir, &["scan", "src", "--format", "json", "--reveal"]);
    let report = String::from_utf8(o.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(&report).unwrap();
    let mut secrets: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["secret"].as_str().map(str::to_owned))
        .collect();
    secrets.sort();
    secrets.dedup();
    (report, secrets)
}

fn assert_no_secret(what: &str, o: &Output, secrets: &[String]) {
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_ne!(o.status.code(), Some(101), "{what} panicked: {err}");
    let shown: Vec<&String> = secrets
        .iter()
        .filter(|s| {
            // Multi-line secrets (key blocks) are checked line by line; the armour lines
            // (`-----BEGIN RSA PRIVATE KEY-----`) are the same in every key, not secret.
            s.lines()
                .filter(|l| l.trim().len() >= 8 && !l.starts_with("-----"))
                .chain(std::iter::once(s.as_str()))
                .any(|part| out.contains(part.trim()) || err.contains(part.trim()))
        })
        .collect();
    assert!(
        shown.is_empty(),
        "{what} printed {} of {} secrets unasked, e.g. {:?}",
        shown.len(),
        secrets.len(),
        shown.first()
    );
}

#[test]
fn no_output_or_export_holds_a_secret_without_reveal() {
    let t = tree();
    let dir = t.path();
    let (report, secrets) = revealed(dir);
    assert!(
        secrets.len() >= 60,
        "the examples should give a secret per rule, got {}",
        secrets.len()
    );
    std::fs::write(dir.join("report.json"), &report).unwrap();
    for format in ["text", "json", "sarif"] {
        for input in ["src", "report.json"] {
            let what = format!("scan/list {input} --format {format}");
            assert_no_secret(
                &what,
                &leakdesk(dir, &["list", input, "--format", format]),
                &secrets,
            );
        }
    }
    assert_no_secret("check", &leakdesk(dir, &["check", "src"]), &secrets);
    // Allowlist every other finding, then export to every format.
    let v: serde_json::Value = serde_json::from_str(&report).unwrap();
    for f in v["findings"].as_array().unwrap().iter().step_by(2) {
        let o = leakdesk(
            dir,
            &[
                "allowlist",
                "add",
                "--fingerprint",
                f["fingerprint"].as_str().unwrap(),
                "--reason",
                "example value from the rules' documentation",
            ],
        );
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    for target in ["sarif", "gitleaks", "ggshield", "detect-secrets"] {
        let o = leakdesk(dir, &["allowlist", "export", "--to", target, "report.json"]);
        assert_no_secret(&format!("allowlist export --to {target}"), &o, &secrets);
    }
    for args in [
        &["allowlist", "list", "report.json"][..],
        &["allowlist", "review", "report.json"],
        &["list", "--all", "src"],
        &["report", "src"],
        &["report", "src", "--format", "json"],
        &["report", "src", "--format", "html"],
    ] {
        assert_no_secret(&args.join(" "), &leakdesk(dir, args), &secrets);
    }
    // And the fix for every finding, in every method: the snippet never carries the value.
    for f in v["findings"].as_array().unwrap().iter().step_by(15) {
        let fp = f["fingerprint"].as_str().unwrap();
        for method in ["env", "aws", "vault", "conjur"] {
            let o = leakdesk(dir, &["fix", fp, "report.json", "--method", method]);
            assert_no_secret(&format!("fix {fp} --method {method}"), &o, &secrets);
        }
    }
    // The files leakdesk wrote hold fingerprints only.
    let written = std::fs::read_to_string(dir.join(".leakdesk/allowlist.json")).unwrap();
    assert!(!secrets.iter().any(|s| written.contains(s.as_str())));
    // And `--reveal` does show them: the check above can fail.
    let o = leakdesk(dir, &["list", "src", "--all", "--reveal"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains(secrets[0].lines().next().unwrap()));
}

/// Every real scanner report in `tests/fixtures/`: the values a report holds (as `--reveal`
/// shows them) appear in no output without it, whichever finding's snippet or line holds them.
#[test]
fn no_fixture_report_prints_a_secret_without_reveal() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    names.sort();
    let mut checked = 0;
    for path in names {
        let name = path.display().to_string();
        let o = leakdesk(&fixtures, &["list", "--format", "json", "--reveal", &name]);
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(&o.stdout) else {
            continue;
        };
        let mut secrets: Vec<String> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["secret"].as_str().map(str::to_owned))
            // Values this short are masked in their own finding only (see SECURITY.md).
            .filter(|s| s.len() >= 6)
            .collect();
        secrets.sort();
        secrets.dedup();
        checked += secrets.len();
        for format in ["text", "json", "sarif"] {
            let o = leakdesk(&fixtures, &["list", "--format", format, &name]);
            assert_no_secret(&format!("{name} as {format}"), &o, &secrets);
        }
    }
    assert!(checked >= 40, "only {checked} secrets in the fixtures");
}
