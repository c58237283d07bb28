//! Round trips with the real tools: what `allowlist export` writes, gitleaks, detect-secrets and
//! ggshield must obey, and their reports of one secret must merge into one. Each test skips
//! (saying so) where its tool is not installed; with LEAKDESK_REQUIRE_PEERS=1 (CI installs them
//! from the Python registry: detect-secrets 1.5.0, gitleaks 8.30.1, ggshield 1.56.1) a missing
//! tool fails the test.

// A panic is how a test fails.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

/// Fake GitHub tokens, shaped like real ones.
const TOKEN_A: &str = "ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zA7bC";
const TOKEN_B: &str = "ghp_Zy3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zA7bD";
const TOKEN_NEW: &str = "ghp_Qq3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zA7bE";

/// Whether `program --version` runs; a missing tool fails the test under LEAKDESK_REQUIRE_PEERS.
fn have(program: &str, version_args: &[&str]) -> bool {
    let ok = Command::new(program)
        .args(version_args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("LEAKDESK_REQUIRE_PEERS").is_none(),
            "{program} is required (LEAKDESK_REQUIRE_PEERS) but does not run"
        );
        eprintln!("skipped: {program} is not installed");
    }
    ok
}

fn run(dir: &Path, program: &str, args: &[&str]) -> Output {
    let o = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert_ne!(o.status.code(), None, "{program} {args:?} was killed");
    o
}

fn leakdesk(dir: &Path, args: &[&str]) -> Output {
    run(dir, env!("CARGO_BIN_EXE_leakdesk"), args)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A git repository with a token in `a.py` and another in `b.py`, committed.
fn repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("a.py"), format!("token = \"{TOKEN_A}\"\n")).unwrap();
    std::fs::write(dir.join("b.py"), format!("token = \"{TOKEN_B}\"\n")).unwrap();
    for args in [
        &["init", "-q"][..],
        &["config", "user.name", "Dana Whitfield"],
        &["config", "user.email", "dana@acme-shop.example"],
        &["add", "-A"],
        &["commit", "-qm", "tokens"],
    ] {
        assert!(run(dir, "git", args).status.success());
    }
    tmp
}

/// The files gitleaks reports, from its JSON report.
fn gitleaks_files(report: &Path) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(report).unwrap()).unwrap();
    let mut files: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["File"].as_str().unwrap().to_owned())
        .collect();
    files.sort();
    files
}

/// `gitleaks git` and `gitleaks dir` over the repository, reports written outside it.
fn gitleaks(
    dir: &Path,
    out: &Path,
    suffix: &str,
    ignore: Option<&Path>,
) -> [std::path::PathBuf; 2] {
    ["git", "dir"].map(|mode| {
        let report = out.join(format!("gitleaks-{mode}{suffix}.json"));
        let mut args = vec![
            mode,
            ".",
            "--no-banner",
            "--exit-code",
            "0",
            "--report-format",
            "json",
            "--report-path",
            report.to_str().unwrap(),
        ];
        let ignore_path = ignore.map(|p| p.to_str().unwrap().to_owned());
        if let Some(p) = &ignore_path {
            args.extend(["--gitleaks-ignore-path", p]);
        }
        let o = run(dir, "gitleaks", &args);
        assert!(o.status.success(), "gitleaks {mode}: {}", text(&o.stderr));
        report
    })
}

/// A decision on one token, exported to `.gitleaksignore`, silences exactly that token in both
/// `gitleaks git` and `gitleaks dir`, with the `git` report given first (its ids carry commits).
#[test]
fn gitleaks_obeys_the_exported_ignore_file() {
    if !have("gitleaks", &["version"]) {
        return;
    }
    let repo = repo();
    let dir = repo.path();
    let out = tempfile::tempdir().unwrap();
    let [git, plain] = gitleaks(dir, out.path(), "", None);
    assert_eq!(gitleaks_files(&git), ["a.py", "b.py"]);
    let reports = [git.to_str().unwrap(), plain.to_str().unwrap()];
    let mut args = vec![
        "allowlist",
        "add",
        "--finding",
        "a.py:1",
        "--reason",
        "documentation example",
    ];
    args.extend(reports);
    let o = leakdesk(dir, &args);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let mut args = vec!["allowlist", "export", "--to", "gitleaks"];
    args.extend(reports);
    let o = leakdesk(dir, &args);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let ignore = out.path().join(".gitleaksignore");
    std::fs::write(&ignore, &o.stdout).unwrap();
    let [git, plain] = gitleaks(dir, out.path(), "-after", Some(&ignore));
    let ignore_text = text(&o.stdout);
    assert_eq!(gitleaks_files(&git), ["b.py"], "git:\n{ignore_text}");
    assert_eq!(gitleaks_files(&plain), ["b.py"], "dir:\n{ignore_text}");
}

/// detect-secrets and gitleaks reports of the same tokens merge into one secret each, and a
/// decision on one, exported into the team's baseline, is read by detect-secrets as audited
/// false for every type it reported; the baseline's plugins still catch a new token.
#[test]
fn detect_secrets_obeys_the_updated_baseline() {
    if !have("detect-secrets", &["--version"]) || !have("gitleaks", &["version"]) {
        return;
    }
    let repo = repo();
    let dir = repo.path();
    let out = tempfile::tempdir().unwrap();
    // gitleaks first: the baseline's hashes would be findings of its own.
    let [_, plain] = gitleaks(dir, out.path(), "", None);
    let o = run(dir, "detect-secrets", &["scan"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    std::fs::write(dir.join(".secrets.baseline"), &o.stdout).unwrap();
    let reports = [".secrets.baseline", plain.to_str().unwrap()];

    // One secret per token, whichever tool found it.
    let mut args = vec!["list", "--format", "json"];
    args.extend(reports);
    let o = leakdesk(dir, &args);
    let listed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let findings = listed["findings"].as_array().unwrap();
    let mut fingerprints: Vec<&str> = findings
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), 2, "{findings:#?}");

    let mut args = vec![
        "allowlist",
        "add",
        "--finding",
        "a.py:1",
        "--reason",
        "documentation example",
    ];
    args.extend(reports);
    assert!(leakdesk(dir, &args).status.success());
    let before = std::fs::read_to_string(dir.join(".secrets.baseline")).unwrap();
    let mut args = vec![
        "allowlist",
        "export",
        "--to",
        "detect-secrets",
        "--baseline",
        ".secrets.baseline",
    ];
    args.extend(reports);
    let o = leakdesk(dir, &args);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let after = std::fs::read_to_string(dir.join(".secrets.baseline")).unwrap();
    assert_ne!(before, after);
    let plugins =
        |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap()["plugins_used"].clone();
    assert_eq!(plugins(&before), plugins(&after), "plugins kept");

    let o = run(
        dir,
        "detect-secrets",
        &["audit", "--report", "--json", ".secrets.baseline"],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for r in report["results"].as_array().unwrap() {
        let want = if r["filename"] == "a.py" {
            "VERIFIED_FALSE"
        } else {
            "UNVERIFIED"
        };
        assert_eq!(r["category"], want, "{} {}", r["filename"], r["types"]);
    }
    // A new token is still caught by the hook with the updated baseline.
    std::fs::write(dir.join("c.py"), format!("token = \"{TOKEN_NEW}\"\n")).unwrap();
    let o = run(
        dir,
        "detect-secrets-hook",
        &["--baseline", ".secrets.baseline", "a.py", "b.py", "c.py"],
    );
    let said = text(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{said}");
    assert!(
        said.contains("GitHub Token") && said.contains("c.py:1"),
        "{said}"
    );
    assert!(
        !said.contains("a.py:1") && !said.contains("b.py:1"),
        "{said}"
    );

    // A new baseline (no --baseline) has every plugin: the hook still finds the new token.
    let mut args = vec!["allowlist", "export", "--to", "detect-secrets"];
    args.extend(reports);
    let o = leakdesk(dir, &args);
    assert!(o.status.success(), "{}", text(&o.stderr));
    std::fs::write(out.path().join("fresh.baseline"), &o.stdout).unwrap();
    let fresh = out.path().join("fresh.baseline");
    let o = run(
        dir,
        "detect-secrets-hook",
        &["--baseline", fresh.to_str().unwrap(), "c.py"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
    assert!(text(&o.stdout).contains("GitHub Token"));
}

/// ggshield's own configuration loader reads the exported `.gitguardian.yaml` and finds the
/// decided match.
#[test]
fn ggshield_loads_the_exported_config() {
    let probe = Command::new("python3")
        .args(["-c", "import ggshield.core.config"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        assert!(
            std::env::var_os("LEAKDESK_REQUIRE_PEERS").is_none(),
            "ggshield is required (LEAKDESK_REQUIRE_PEERS) but python3 cannot import it"
        );
        eprintln!("skipped: ggshield is not installed");
        return;
    }
    let repo = repo();
    let dir = repo.path();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/reports/ggshield.json");
    let report = examples.to_str().unwrap();
    let o = leakdesk(
        dir,
        &[
            "allowlist",
            "add",
            "--finding",
            "deploy/chief.sh:7",
            "--kind",
            "revoked",
            "--reason",
            "rotated in INC-231",
            report,
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = leakdesk(dir, &["allowlist", "export", "--to", "ggshield", report]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    std::fs::write(dir.join(".gitguardian.yaml"), &o.stdout).unwrap();
    let home = tempfile::tempdir().unwrap();
    let o = Command::new("python3")
        .args([
            "-c",
            "from ggshield.core.config import Config\n\
             c = Config()\n\
             for m in c.user_config.secret.ignored_matches: print(m.match, m.name)",
        ])
        .current_dir(dir)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .output()
        .unwrap();
    let said = text(&o.stdout);
    assert!(o.status.success(), "{said}{}", text(&o.stderr));
    let exported = text(&std::fs::read(dir.join(".gitguardian.yaml")).unwrap());
    let sha = exported
        .lines()
        .find_map(|l| l.trim().strip_prefix("match: "))
        .unwrap();
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(said.starts_with(sha), "{said}\n{exported}");
    assert!(said.contains("revoked: rotated in INC-231"), "{said}");
}

/// Fingerprints of `list --format json` over `reports`, one per distinct secret.
fn secrets(dir: &Path, reports: &[&str]) -> (Vec<String>, serde_json::Value) {
    let mut args = vec!["list", "--format", "json"];
    args.extend_from_slice(reports);
    let o = leakdesk(dir, &args);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let listed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut fps: Vec<String> = listed["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap().to_owned())
        .collect();
    fps.sort();
    fps.dedup();
    (fps, listed)
}

/// detect-secrets hashes a JWT's `header.payload.` and a `--slim` baseline has no lines; gitleaks
/// `--redact` SARIF has no values. Each still names the same secrets as gitleaks' plain report.
#[test]
fn jwt_slim_and_redacted_reports_merge_into_one_secret_each() {
    if !have("detect-secrets", &["--version"]) || !have("gitleaks", &["version"]) {
        return;
    }
    let repo = repo();
    let dir = repo.path();
    // A JWT as gitleaks and detect-secrets both detect it (fake claims, fake signature).
    let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhY21lLWJvdCIsImlhdCI6MTcwMDAwMDAwMCwic2NvcGUiOiJhZG1pbiJ9.Qm9ndXMtc2lnbmF0dXJlLWZvci10ZXN0cy0wMTIzNDU2Nzg";
    std::fs::write(dir.join("jwt.py"), format!("session = \"{jwt}\"\n")).unwrap();
    assert!(run(dir, "git", &["add", "-A"]).status.success());
    assert!(run(dir, "git", &["commit", "-qm", "jwt"]).status.success());
    let out = tempfile::tempdir().unwrap();
    let [git, _] = gitleaks(dir, out.path(), "", None);
    let redacted = out.path().join("redacted.sarif");
    let o = run(
        dir,
        "gitleaks",
        &[
            "git",
            ".",
            "--no-banner",
            "--exit-code",
            "0",
            "--redact",
            "--report-format",
            "sarif",
            "--report-path",
            redacted.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let slim = out.path().join("slim.baseline");
    let o = run(dir, "detect-secrets", &["scan", "--slim"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    std::fs::write(&slim, &o.stdout).unwrap();
    assert!(
        text(&o.stdout).contains("JSON Web Token"),
        "{}",
        text(&o.stdout)
    );

    let (plain, _) = secrets(dir, &[git.to_str().unwrap()]);
    assert_eq!(plain.len(), 3, "two tokens and the JWT");
    let (all, listed) = secrets(
        dir,
        &[
            git.to_str().unwrap(),
            redacted.to_str().unwrap(),
            slim.to_str().unwrap(),
        ],
    );
    assert_eq!(all, plain, "{listed:#}");
    // One finding per place, found by all three.
    let findings = listed["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 3, "{listed:#}");
    for f in findings {
        assert_eq!(
            f["tools"],
            serde_json::json!(["detect-secrets", "gitleaks"]),
            "{f:#}"
        );
        assert!(f["detections"].as_array().unwrap().len() >= 3, "{f:#}");
    }
}
