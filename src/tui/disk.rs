//! The screen's files on disk (allowlist, triage state) can change under it: a `git pull` or
//! `checkout`, another leakdesk, an editor, or the `.leakdesk/` folder being deleted. The loop
//! looks every second; a change is reloaded and said in the status line, so decisions never
//! appear or vanish without a word.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// What a file looked like: missing, or its size and modification time.
type Seen = Option<(u64, SystemTime)>;

fn look(path: &Path) -> Seen {
    std::fs::metadata(path)
        .ok()
        .map(|m| (m.len(), m.modified().unwrap_or(SystemTime::UNIX_EPOCH)))
}

/// One watched file.
pub struct Watched {
    pub path: PathBuf,
    seen: Seen,
}

/// How a watched file changed since it was last seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Created,
    Modified,
    Deleted,
}

impl Watched {
    pub fn new(path: &Path) -> Self {
        Self {
            path: path.to_path_buf(),
            seen: look(path),
        }
    }

    /// The change since the last look (or since [`Watched::saw`]), if any.
    pub fn changed(&mut self) -> Option<Change> {
        let now = look(&self.path);
        let change = match (self.seen, now) {
            (a, b) if a == b => None,
            (None, Some(_)) => Some(Change::Created),
            (Some(_), None) => Some(Change::Deleted),
            _ => Some(Change::Modified),
        };
        self.seen = now;
        change
    }

    /// Records the file as it is now: after leakdesk wrote it itself.
    pub fn saw(&mut self) {
        self.seen = look(&self.path);
    }

    /// `allowlist.json`, for messages.
    pub fn name(&self) -> String {
        self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creation_change_and_deletion_are_seen_once() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("allowlist.json");
        let mut w = Watched::new(&path);
        assert_eq!(w.changed(), None);
        std::fs::write(&path, "{}").unwrap();
        assert_eq!(w.changed(), Some(Change::Created));
        assert_eq!(w.changed(), None);
        std::fs::write(&path, "{\"version\": 1}").unwrap();
        assert_eq!(w.changed(), Some(Change::Modified));
        std::fs::write(&path, "{}").unwrap();
        w.saw();
        assert_eq!(w.changed(), None, "our own write is not news");
        std::fs::remove_dir_all(tmp.path()).unwrap();
        assert_eq!(w.changed(), Some(Change::Deleted));
    }
}
