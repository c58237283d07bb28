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
//! - a file that cannot be read or parsed, or holds an entry that cannot be read, is never
//!   replaced (rewriting it would drop that entry);
//! - nothing in the repository can redirect the write: the temporary file is created
//!   exclusively and never through a symbolic link, and a linked target or `.leakdesk/` folder is
//!   refused with a message (git stores symlinks, so a cloned repository can plant them);
//! - temporary files left by a writer that was killed are removed by the next write.
//!
//! Reading is entry by entry ([`Document`]): a bad entry is reported with its line and the rest
//! still loads, for the commands that only read.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::InputError;

/// A file leakdesk writes, read entry by entry.
pub trait Document: Serialize + Default + Sized {
    /// Parses `text` (the file `name`). A malformed document is an error; a malformed entry is
    /// left out and reported in the second value, with its line.
    fn parse(name: &str, text: &str) -> Result<(Self, Vec<InputError>), InputError>;
}

/// A document as read, and the entries that were left out.
#[derive(Debug)]
pub struct Loaded<T> {
    pub doc: T,
    pub problems: Vec<InputError>,
}

/// Reads `path` for a command that only reads: bad entries are reported in `problems` and the
/// rest is kept. A missing file is the default (empty) document.
pub fn read<T: Document>(path: &Path) -> Result<Loaded<T>, InputError> {
    let name = path.display().to_string();
    // Read as written: a planted link is refused here too, with the same words.
    refuse_links(path, &parent(path)).map_err(|m| InputError::new(&name, m.to_string()))?;
    match fs::read(path) {
        Ok(bytes) => parse_bytes(&name, &bytes).map(|(doc, problems)| Loaded { doc, problems }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Loaded {
            doc: T::default(),
            problems: Vec::new(),
        }),
        Err(e) => Err(InputError::new(&name, format!("cannot read: {e}"))
            .hint("check the file's permissions")),
    }
}

/// Reads `path` whole: any entry that cannot be read is an error (what a writer needs, since
/// rewriting the file would drop it).
pub fn load<T: Document>(path: &Path) -> Result<T, InputError> {
    let Loaded { doc, mut problems } = read(path)?;
    if problems.is_empty() {
        return Ok(doc);
    }
    let more = problems.len() - 1;
    let mut first = problems.swap_remove(0);
    if more > 0 {
        first.message.push_str(&format!(
            " (and {more} more entr{})",
            if more == 1 { "y" } else { "ies" }
        ));
    }
    Err(first.hint(
        "fix the entry by hand (git can show what changed: `git diff -- <file>`); leakdesk will \
         not rewrite a file with an entry it cannot read, since that would drop it",
    ))
}

fn parse_bytes<T: Document>(name: &str, bytes: &[u8]) -> Result<(T, Vec<InputError>), InputError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok((T::default(), Vec::new()));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
        let column = at
            - bytes[..at]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1)
            + 1;
        InputError::new(name, format!("not UTF-8 text (byte {at})"))
            .at(line, column)
            .hint("fix the file by hand; leakdesk will not overwrite a file it cannot read")
    })?;
    T::parse(name, text)
}

/// Parses the whole `text` as `T`, the error naming the field and its place.
pub fn parse_json<T: DeserializeOwned>(name: &str, text: &str) -> Result<T, InputError> {
    parse_part(name, text, text)
}

/// Parses `part`, a slice of the file's `text`, as `T`; the error's line and column are in the
/// whole file.
pub fn parse_part<T: DeserializeOwned>(
    name: &str,
    text: &str,
    part: &str,
) -> Result<T, InputError> {
    let mut de = serde_json::Deserializer::from_str(part);
    let mut track = serde_path_to_error::Track::new();
    let result = T::deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track))
        .and_then(|v| de.end().map(|()| v));
    result.map_err(|e| {
        let mut err = InputError::from_json(name, &e, Some(&track.path().to_string()))
            .hint("fix the file by hand (git can show what changed: `git diff -- <file>`); leakdesk will not overwrite a file it cannot read");
        let (line, column) = position(text, part);
        if e.line() > 0 {
            let l = line + e.line() - 1;
            let c = if e.line() == 1 { column + e.column().max(1) - 1 } else { e.column().max(1) };
            err = err.at(l, c);
        }
        err
    })
}

/// A decision file's top level: its `version` (or `default` when absent) and the fields other
/// than `version` and the `collection` of entries, kept as they are.
pub fn header(
    name: &str,
    text: &str,
    collection: &str,
    default: u32,
) -> Result<(u32, serde_json::Map<String, serde_json::Value>), InputError> {
    let mut extra: serde_json::Map<String, serde_json::Value> = parse_json(name, text)?;
    let version = match extra.remove("version") {
        None => default,
        Some(v) => v
            .as_u64()
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| {
                InputError::new(name, "`version` is not a whole number")
                    .hint(format!("leakdesk writes `\"version\": {default}`"))
            })?,
    };
    extra.remove(collection);
    Ok((version, extra))
}

/// Parses the whole `text` as a `T` that borrows from it (raw entries to parse one by one).
pub fn parse_borrowed<'a, T: serde::Deserialize<'a>>(
    name: &str,
    text: &'a str,
) -> Result<T, InputError> {
    serde_json::from_str(text).map_err(|e| {
        let mut err = InputError::from_json(name, &e, None).hint(
            "fix the file by hand (git can show what changed: `git diff -- <file>`); leakdesk will not overwrite a file it cannot read",
        );
        if e.line() > 0 {
            err = err.at(e.line(), e.column().max(1));
        }
        err
    })
}

/// The 1-based line and column where `part`, a slice of `text`, starts.
pub fn position(text: &str, part: &str) -> (usize, usize) {
    let offset = (part.as_ptr() as usize)
        .checked_sub(text.as_ptr() as usize)
        .filter(|o| *o <= text.len())
        .unwrap_or(0);
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = offset
        - before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1)
        + 1;
    (line, column)
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
    T: Document,
{
    let dir = parent(path);
    refuse_links(path, &dir).map_err(|e| UpdateError::Write(e.to_string()))?;
    fs::create_dir_all(&dir)
        .map_err(|e| UpdateError::Write(format!("cannot create {}: {e}", dir.display())))?;
    ignore_our_scratch_files(&dir);
    let lock = lock(path)?;
    remove_stale_temporaries(path, &dir);
    let mut doc: T = load(path).map_err(UpdateError::Unreadable)?;
    let result = change(&mut doc).map_err(UpdateError::Conflict)?;
    let mut text =
        crate::safe_json::to_string_pretty(&doc).map_err(|e| UpdateError::Write(e.to_string()))?;
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

/// Replaces `path` with `bytes` atomically (temporary file created exclusively, then renamed),
/// refusing a link at `path`: for files leakdesk writes into a clone outside `.leakdesk/`
/// (`.gitattributes`).
pub fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    refuse_links(path, &parent(path)).map_err(|e| e.to_string())?;
    write_atomically(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A symbolic link found where leakdesk reads or writes its files: where it is and where it
/// points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRefused {
    pub link: PathBuf,
    pub target: String,
    /// Whether the link is the folder (`.leakdesk`) rather than the file.
    pub folder: bool,
}

impl std::fmt::Display for LinkRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.folder {
            write!(
                f,
                "{} is a symbolic link (to {}); leakdesk does not write through links, which a cloned \
                 repository can plant. Replace it with a real folder, or point --allowlist/--state at a \
                 file elsewhere.",
                self.link.display(),
                self.target
            )
        } else {
            write!(
                f,
                "{} is a symbolic link (to {}); leakdesk does not write through links, which a cloned \
                 repository can plant to make it overwrite a file elsewhere. Replace the link with the \
                 file itself, or point --allowlist/--state at the real file.",
                self.link.display(),
                self.target
            )
        }
    }
}

impl std::error::Error for LinkRefused {}

/// A symbolic link where leakdesk writes is refused rather than followed: the file itself, or a
/// `.leakdesk` folder (both come with a clone).
fn refuse_links(path: &Path, dir: &Path) -> Result<(), LinkRefused> {
    let is_link = |p: &Path| fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
    let target = |p: &Path| {
        fs::read_link(p).map_or_else(
            |_| "?".into(),
            |t| crate::sanitize::clean(&t.to_string_lossy()).into_owned(),
        )
    };
    if is_link(path) {
        return Err(LinkRefused {
            link: path.to_path_buf(),
            target: target(path),
            folder: false,
        });
    }
    if dir.file_name().is_some_and(|n| n == ".leakdesk") && is_link(dir) {
        return Err(LinkRefused {
            link: dir.to_path_buf(),
            target: target(dir),
            folder: true,
        });
    }
    Ok(())
}

/// Opens for writing a file that must not exist yet, never through a symbolic link.
fn create_new(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    no_follow(&mut options);
    options.open(path)
}

#[cfg(unix)]
fn no_follow(options: &mut OpenOptions) {
    use std::os::unix::fs::OpenOptionsExt;
    options.custom_flags(libc::O_NOFOLLOW).mode(0o644);
}

#[cfg(not(unix))]
fn no_follow(_: &mut OpenOptions) {}

/// In a `.leakdesk/` folder, a `.gitignore` keeps the lock and temporary files, and the history
/// scan's memory, out of commits (the lock file stays: deleting it would let two writers lock
/// different files).
pub fn ignore_our_scratch_files(dir: &Path) {
    let ignore = dir.join(".gitignore");
    if dir.file_name().is_some_and(|n| n == ".leakdesk") && fs::symlink_metadata(&ignore).is_err() {
        // Created exclusively: an existing file or a planted link is left alone.
        if let Ok(mut f) = create_new(&ignore) {
            let _ = f.write_all(
                b"# Written by leakdesk: its lock and temporary files, and what the last history\n# scan read (a cache of this machine's).\n*.lock\n.*.tmp-*\nhistory.json\n",
            );
        }
    }
}

/// Held for the duration of a read-modify-write; the kernel releases it if we die.
fn lock(path: &Path) -> Result<File, UpdateError> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    let lock_path = path.with_file_name(name);
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    no_follow(&mut options);
    let file = options.open(&lock_path).map_err(|e| {
        UpdateError::Write(format!(
            "cannot create the lock {}: {e}{}",
            lock_path.display(),
            if fs::symlink_metadata(&lock_path).is_ok_and(|m| m.file_type().is_symlink()) {
                " (it is a symbolic link: remove it)"
            } else {
                ""
            }
        ))
    })?;
    file.lock()
        .map_err(|e| UpdateError::Write(format!("cannot lock {}: {e}", lock_path.display())))?;
    Ok(file)
}

/// `.allowlist.json.tmp-`: the prefix of this file's temporary files.
fn temp_prefix(path: &Path) -> std::ffi::OsString {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(".tmp-");
    name
}

/// Under the lock no other writer is between creating and renaming its temporary file, so any
/// left is from a writer that was killed there.
fn remove_stale_temporaries(path: &Path, dir: &Path) {
    let prefix = temp_prefix(path);
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name()
            .as_encoded_bytes()
            .starts_with(prefix.as_encoded_bytes())
        {
            // A link is removed, never followed.
            let _ = fs::remove_file(e.path());
        }
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = parent(path);
    let mut tmp_name = temp_prefix(path);
    tmp_name.push(format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos())
    ));
    let tmp = dir.join(tmp_name);
    let written = (|| {
        let mut f = create_new(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        pause_for_tests();
        fs::rename(&tmp, path)?;
        // The rename itself is durable only once the directory is synced.
        File::open(&dir).and_then(|d| d.sync_all())
    })();
    if written.is_err() && fs::symlink_metadata(&tmp).is_ok_and(|m| m.file_type().is_file()) {
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

    impl Document for Doc {
        fn parse(name: &str, text: &str) -> Result<(Self, Vec<InputError>), InputError> {
            parse_json(name, text).map(|d| (d, Vec::new()))
        }
    }

    #[cfg(unix)]
    #[test]
    fn planted_links_never_redirect_a_write() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let victim = tmp.path().join("victim");
        fs::write(&victim, "precious\n").unwrap();
        let repo = tmp.path().join("repo/.leakdesk");
        fs::create_dir_all(&repo).unwrap();
        // The target itself is a link: refused, the victim untouched.
        let path = repo.join("allowlist.json");
        symlink(&victim, &path).unwrap();
        let err = update::<Doc, _>(&path, |d| {
            d.insert("a".into(), "1".into());
            Ok(())
        })
        .unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious\n");
        fs::remove_file(&path).unwrap();
        // Links planted where the lock, the .gitignore and a stale temporary file go.
        let other = tmp.path().join("other");
        symlink(&other, repo.join("allowlist.json.lock")).unwrap();
        assert!(update::<Doc, _>(&path, |_| Ok(())).is_err());
        assert!(!other.exists(), "the lock was not created through the link");
        fs::remove_file(repo.join("allowlist.json.lock")).unwrap();
        fs::remove_file(repo.join(".gitignore")).unwrap();
        symlink(&victim, repo.join(".gitignore")).unwrap();
        for pid in [1, 2, std::process::id()] {
            symlink(&victim, repo.join(format!(".allowlist.json.tmp-{pid}"))).unwrap();
        }
        update::<Doc, _>(&path, |d| {
            d.insert("a".into(), "1".into());
            Ok(())
        })
        .unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious\n");
        assert!(
            !fs::symlink_metadata(&path)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        // The stale temporaries (links) were removed, not followed.
        let left: Vec<_> = fs::read_dir(&repo)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
        // A `.leakdesk` folder that is itself a link.
        let elsewhere = tmp.path().join("elsewhere");
        fs::create_dir_all(&elsewhere).unwrap();
        let linked = tmp.path().join("repo2/.leakdesk");
        fs::create_dir_all(linked.parent().unwrap()).unwrap();
        symlink(&elsewhere, &linked).unwrap();
        let err = update::<Doc, _>(&linked.join("allowlist.json"), |_| Ok(())).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
    }

    #[test]
    fn a_killed_writers_temporary_file_is_removed_by_the_next_write() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.json");
        fs::write(tmp.path().join(".a.json.tmp-99999"), "{\"half\":").unwrap();
        update::<Doc, _>(&path, |_| Ok(())).unwrap();
        assert!(!tmp.path().join(".a.json.tmp-99999").exists());
    }

    #[test]
    fn not_utf8_is_an_error_with_its_place() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.json");
        fs::write(&path, b"{\n\"a\": \"\xff\"}").unwrap();
        let err = load::<Doc>(&path).unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(7)), "{err}");
        assert!(update::<Doc, _>(&path, |_| Ok(())).is_err());
    }

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
