//! Where leakdesk's own files live: the user's config directory and the triaged repository's
//! `.leakdesk/` folder.

use std::path::{Path, PathBuf};

/// `$LEAKDESK_CONFIG_DIR` when set (tests, portable setups), else the platform's config
/// directory for leakdesk (`~/.config/leakdesk` on Linux, found with `directories`).
pub fn dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("LEAKDESK_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "leakdesk").map(|p| p.config_dir().to_path_buf())
}

/// The nearest `.leakdesk` directory at or above `start`, found the way git finds `.git`.
pub fn repo_dir(start: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start).ok()?;
    start
        .ancestors()
        .map(|d| d.join(".leakdesk"))
        .find(|d| d.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repo_dir_is_found_from_a_subdirectory() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join(".leakdesk")).unwrap();
        std::fs::create_dir_all(tmp.path().join("src/deep")).unwrap();
        assert_eq!(
            repo_dir(&tmp.path().join("src/deep")),
            Some(tmp.path().join(".leakdesk"))
        );
    }
}
