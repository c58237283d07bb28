//! Safe updates of the JSON files leakdesk writes (allowlist, triage state).
//!
//! An update takes an exclusive lock (a `.lock` file beside the target, released by the kernel
//! if the process dies), reads the file as it is *now*, applies the caller's change to that,
//! writes a temporary file in the same folder, fsyncs it, and renames it over the target. So:
//! - a crash or kill at any point leaves the old file or the new one, never half of one;
//! - a change made by someone else since the caller first read the file is kept, because the
//!   caller's change is applied to the current content, not to its old copy (a keyed union);
//! - when both changed the same entry, the change function reports a conflict and nothing is
//!   written;
//! - a file that cannot be read or parsed is never replaced.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::InputError;

/// Reads `path`; a missing file is the default (empty) document.
pub fn load<T: DeserializeOwned + Default>(path: &Path) -> Result<T, InputError> {
    let name = path.display().to_string();
    match fs::read(path) {
        Ok(bytes) => parse(&name, &bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(T::default()),
        Err(e) => Err(InputError::new(&name, format!("cannot read: {e}"))
            .hint("check the file's permissions")),
    }
}

fn parse<T: DeserializeOwned + Default>(name: &str, bytes: &[u8]) -> Result<T, InputError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let mut track = serde_path_to_error::Track::new();
    let result = T::deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track))
        .and_then(|v| de.end().map(|()| v));
    result.map_err(|e| {
        InputError::from_json(name, &e, Some(&track.path().to_string()))
            .hint("fix the file by hand (git can show what changed: `git diff -- <file>`); leakdesk will not overwrite a file it cannot read")
    })
}

/// Why an update did not happen.
#[derive(Debug)]
pub enum UpdateError {
    /// The file is unreadable or malformed: it was left as it is.
    Unreadable(InputError),
    /// The change collides with someone else's: nothing was written.
    Conflict(String),
    /// Writing failed: the old file is intact.
    Write(String),
}

impl std::fmt::Display for UpdateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unreadable(e) => write!(f, "{e}"),
            // A conflict quotes the existing entry's reason, which comes from a repository file.
            Self::Conflict(m) | Self::Write(m) => f.write_str(&crate::sanitize::clean_lines(m)),
        }
    }
}

impl std::error::Error for UpdateError {}

/// Applies `change` to the current content of `path` under an exclusive lock, and writes the
/// result atomically. `change` returns `Err(message)` for a conflict. Returns what `change`
/// returned.
pub fn update<T, R>(
    path: &Path,
    change: impl FnOnce(&mut T) -> Result<R, String>,
) -> Result<R, UpdateError>
where
    T: DeserializeOwned + Serialize + Default,
{
    let dir = parent(path);
    fs::create_dir_all(&dir)
        .map_err(|e| UpdateError::Write(format!("cannot create {}: {e}", dir.display())))?;
    ignore_our_scratch_files(&dir);
    let lock = lock(path)?;
    let mut doc: T = load(path).map_err(UpdateError::Unreadable)?;
    let result = change(&mut doc).map_err(UpdateError::Conflict)?;
    let mut text =
        serde_json::to_string_pretty(&doc).map_err(|e| UpdateError::Write(e.to_string()))?;
    text.push('\n');
    write_atomically(path, text.as_bytes()).map_err(|e| {
        UpdateError::Write(format!(
            "cannot write {}: {e}; the old file is intact",
            path.display()
        ))
    })?;
    drop(lock);
    Ok(result)
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// In a `.leakdesk/` folder, a `.gitignore` keeps the lock and temporary files out of commits
/// (the lock file stays: deleting it would let two writers lock different files).
fn ignore_our_scratch_files(dir: &Path) {
    let ignore = dir.join(".gitignore");
    if dir.file_name().is_some_and(|n| n == ".leakdesk") && !ignore.exists() {
        let _ = fs::write(
            ignore,
            "# Written by leakdesk: its lock and temporary files.\n*.lock\n.*.tmp-*\n",
        );
    }
}

/// Held for the duration of a read-modify-write; the kernel releases it if we die.
fn lock(path: &Path) -> Result<File, UpdateError> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    let lock_path = path.with_file_name(name);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| {
            UpdateError::Write(format!(
                "cannot create the lock {}: {e}",
                lock_path.display()
            ))
        })?;
    file.lock()
        .map_err(|e| UpdateError::Write(format!("cannot lock {}: {e}", lock_path.display())))?;
    Ok(file)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = parent(path);
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(path.file_name().unwrap_or_default());
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = dir.join(tmp_name);
    let written = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        pause_for_tests();
        fs::rename(&tmp, path)?;
        // The rename itself is durable only once the directory is synced.
        File::open(&dir).and_then(|d| d.sync_all())
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// `LEAKDESK_TEST_PAUSE_BEFORE_RENAME=<ms>` holds a writer between writing the temporary file and
/// renaming it, so a test can kill it there and check the old file survives.
fn pause_for_tests() {
    if let Some(ms) = std::env::var("LEAKDESK_TEST_PAUSE_BEFORE_RENAME")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    type Doc = BTreeMap<String, String>;

    #[test]
    fn update_creates_then_changes_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(".leakdesk/state.json");
        update::<Doc, _>(&path, |d| {
            d.insert("a".into(), "1".into());
            Ok(())
        })
        .unwrap();
        update::<Doc, _>(&path, |d| {
            d.insert("b".into(), "2".into());
            Ok(())
        })
        .unwrap();
        let doc: Doc = load(&path).unwrap();
        assert_eq!(doc.len(), 2);
        assert!(fs::read_to_string(&path).unwrap().ends_with("}\n"));
    }

    #[test]
    fn a_corrupt_file_is_never_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.json");
        fs::write(&path, "{\"a\": ").unwrap();
        let err = update::<Doc, _>(&path, |_| Ok(())).unwrap_err();
        assert!(
            matches!(err, UpdateError::Unreadable(ref e) if e.line == Some(1)),
            "{err}"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "{\"a\": ");
    }

    #[test]
    fn a_conflict_writes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.json");
        fs::write(&path, "{\"a\": \"1\"}").unwrap();
        let err = update::<Doc, ()>(&path, |_| Err("both changed `a`".into())).unwrap_err();
        assert!(matches!(err, UpdateError::Conflict(_)));
        assert_eq!(fs::read_to_string(&path).unwrap(), "{\"a\": \"1\"}");
    }

    #[test]
    fn concurrent_updates_in_threads_keep_every_change() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.json");
        std::thread::scope(|s| {
            for i in 0..8 {
                let path = &path;
                s.spawn(move || {
                    update::<Doc, _>(path, |d| {
                        d.insert(format!("k{i}"), "v".into());
                        Ok(())
                    })
                    .unwrap();
                });
            }
        });
        assert_eq!(load::<Doc>(&path).unwrap().len(), 8);
    }
}
