//! Shared by the integration tests: a fake repository holding the example reports.

use std::path::Path;
use std::process::{Command, Output};

/// The example reports as the example repository holds them.
#[allow(dead_code)] // not every test crate reads the example reports
pub const REPORTS: [&str; 4] = [
    "reports/detect-secrets.baseline.json",
    "reports/ggshield.json",
    "reports/gitleaks.json",
    "reports/trufflehog.jsonl",
];

/// `args` followed by the example reports.
#[allow(dead_code)]
pub fn with_reports<'a>(args: &[&'a str]) -> Vec<&'a str> {
    args.iter().copied().chain(REPORTS).collect()
}

/// A command's standard error, as text.
#[allow(dead_code)]
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs the real binary in `dir`, with a config folder of its own (so the user's is never read).
#[allow(dead_code)] // not every test crate runs the binary this way
pub fn leakdesk(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leakdesk"))
        .args(args)
        .current_dir(dir)
        .env("LEAKDESK_CONFIG_DIR", dir.join(".no-config"))
        .output()
        .expect("run leakdesk")
}

/// The example reports under `reports/`, in a git repository with a fixed identity.
#[allow(dead_code)] // not every test crate needs the example repository
pub fn example_repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temporary directory");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/reports");
    std::fs::create_dir_all(tmp.path().join("reports")).expect("reports folder");
    for entry in std::fs::read_dir(examples).expect("examples") {
        let entry = entry.expect("example");
        std::fs::copy(
            entry.path(),
            tmp.path().join("reports").join(entry.file_name()),
        )
        .expect("copy");
    }
    for args in [
        &["init", "-q"][..],
        &["config", "user.name", "Dana Whitfield"],
        &["config", "user.email", "dana@acme-shop.example"],
    ] {
        Command::new("git")
            .args(args)
            .current_dir(tmp.path())
            .status()
            .expect("git");
    }
    tmp
}
