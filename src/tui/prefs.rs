//! What the screen remembers between runs for this user: the list's order. Kept in the config
//! directory's `ui.json` (`{"sort": "live"}`), never in the repository, and written atomically.

use std::path::{Path, PathBuf};

use super::model::Sort;

const FILE: &str = "ui.json";

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Prefs {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sort: Option<String>,
}

fn path(dir: &Path) -> PathBuf {
    dir.join(FILE)
}

/// The order remembered in `dir`, if any (an unreadable or unknown value is the default).
pub fn sort(dir: Option<&Path>) -> Option<Sort> {
    let text = std::fs::read_to_string(path(dir?)).ok()?;
    let prefs: Prefs = serde_json::from_str(&text).ok()?;
    Sort::named(prefs.sort.as_deref()?)
}

/// Remembers `sort` in `dir`.
pub fn remember_sort(dir: &Path, sort: Sort) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let prefs = Prefs {
        sort: Some(sort.name().to_owned()),
    };
    let mut bytes = serde_json::to_vec_pretty(&prefs).map_err(|e| e.to_string())?;
    bytes.push(b'\n');
    crate::store::replace_file(&path(dir), &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sort_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(sort(Some(dir.path())), None);
        remember_sort(dir.path(), Sort::Provider).unwrap();
        assert_eq!(sort(Some(dir.path())), Some(Sort::Provider));
        std::fs::write(dir.path().join(FILE), "{not json").unwrap();
        assert_eq!(sort(Some(dir.path())), None, "a broken file is the default");
    }
}
