//! Shared by the integration tests: a fake repository holding the example reports.

use std::path::Path;
use std::process::Command;

/// The example reports under `reports/`, in a git repository with a fixed identity.
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
