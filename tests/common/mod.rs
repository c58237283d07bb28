//! Shared by the integration tests: a fake repository holding the example reports.

use std::path::Path;
use std::process::{Command, Output};

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
