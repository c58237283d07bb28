//! The built-in scanner: walks a tree on all cores (honouring `.gitignore`, scanning hidden
//! files, never entering `.git`), skips binary and oversized files (and says so), prefilters
//! each file by the rules' keywords, and turns every secret found into a [`Finding`].

mod context;
pub mod delta;
mod reach;
pub mod rules;
mod shape;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::finding::{Evidence, Finding};
use crate::report::Root;
use rules::RuleSet;

pub const TOOL: &str = "leakdesk";

/// How a scan walks.
#[derive(Debug, Clone)]
pub struct Options {
    /// Files larger than this are skipped (and reported).
    pub max_file_size: u64,
    /// Scan what `.gitignore` and `.ignore` files exclude, too.
    pub no_ignore: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            max_file_size: 5 * 1024 * 1024,
            no_ignore: false,
        }
    }
}

/// What a scan looked at and what it passed over; every skip is counted, never silent.
#[derive(Debug, Default)]
pub struct Summary {
    pub files: u64,
    pub bytes: u64,
    pub too_large: Vec<(String, u64)>,
    pub binary: u64,
    pub symlinks: u64,
    /// FIFOs, sockets and devices: never opened (reading one can block or never end).
    pub special: u64,
    /// Paths that could not be read (permissions, a name longer than the system allows, I/O
    /// errors): a scan with any is incomplete, and `check` fails on it.
    pub unreadable: Vec<String>,
    /// Matches left out because their line (or the line before) holds an inline allow comment.
    pub allowed_inline: u64,
}

impl Summary {
    /// `scanned 1,204 files (38.2 MB); skipped 2 over 5 MB (--max-file-size), 31 binary, 1 unreadable`.
    pub fn describe(&self, max: u64) -> String {
        let mut s = format!(
            "scanned {} file{} ({:.1} MB)",
            self.files,
            if self.files == 1 { "" } else { "s" },
            self.bytes as f64 / 1e6
        );
        let mut skipped = Vec::new();
        if !self.too_large.is_empty() {
            skipped.push(format!(
                "{} over {} (--max-file-size)",
                self.too_large.len(),
                human(max)
            ));
        }
        if self.binary > 0 {
            skipped.push(format!("{} binary", self.binary));
        }
        if self.symlinks > 0 {
            skipped.push(format!("{} symlinks (not followed)", self.symlinks));
        }
        if self.special > 0 {
            skipped.push(format!(
                "{} special file{} (FIFO, socket or device)",
                self.special,
                if self.special == 1 { "" } else { "s" }
            ));
        }
        if !self.unreadable.is_empty() {
            skipped.push(format!("{} unreadable", self.unreadable.len()));
        }
        if !skipped.is_empty() {
            s.push_str("; skipped ");
            s.push_str(&skipped.join(", "));
        }
        if self.allowed_inline > 0 {
            s.push_str(&format!(
                "; left out {} match{} allowed by an inline comment (`{}` and the like)",
                self.allowed_inline,
                if self.allowed_inline == 1 { "" } else { "es" },
                ALLOW_COMMENTS[0]
            ));
        }
        s
    }
}

/// `5 MB`, `100 KB`, `512 B` (binary units, as `--max-file-size` takes them).
pub fn human(bytes: u64) -> String {
    let b = bytes as f64;
    let (v, unit) = if bytes >= 1 << 30 {
        (b / f64::from(1u32 << 30), "GB")
    } else if bytes >= 1 << 20 {
        (b / f64::from(1u32 << 20), "MB")
    } else if bytes >= 1 << 10 {
        (b / 1024.0, "KB")
    } else {
        (b, "B")
    };
    if (v - v.round()).abs() < 0.05 {
        format!("{v:.0} {unit}")
    } else {
        format!("{v:.1} {unit}")
    }
}

/// Live counters, for the progress line.
#[derive(Debug, Default)]
pub struct Progress {
    pub files: AtomicU64,
    pub bytes: AtomicU64,
    pub findings: AtomicU64,
    pub allowed_inline: AtomicU64,
}

/// Inline comments that mark a line's match as allowed, as each tool writes them; leakdesk's own
/// first. The `nextline` form marks the line after it.
pub const ALLOW_COMMENTS: [&str; 5] = [
    "leakdesk:allow",
    "gitleaks:allow",
    "pragma: allowlist secret",
    "trufflehog:ignore",
    "kingfisher:ignore",
];
const ALLOW_NEXT_LINE: [&str; 2] = [
    "pragma: allowlist nextline secret",
    "leakdesk:allow-next-line",
];

/// Scans `path` (a directory or a file); paths in findings are relative to `root`.
pub fn scan(
    path: &Path,
    root: &Root,
    rules: &RuleSet,
    opts: &Options,
    progress: &Progress,
) -> (Vec<Finding>, Summary) {
    let findings = Mutex::new(Vec::new());
    // Skips are rare and go through the lock; every scanned file only touches the counters.
    let summary = Mutex::new(Summary::default());
    let (files_before, bytes_before, allowed_before) = (
        progress.files.load(Ordering::Relaxed),
        progress.bytes.load(Ordering::Relaxed),
        progress.allowed_inline.load(Ordering::Relaxed),
    );
    let walker = ignore::WalkBuilder::new(path)
        .hidden(false)
        .git_ignore(!opts.no_ignore)
        .git_global(!opts.no_ignore)
        .git_exclude(!opts.no_ignore)
        .ignore(!opts.no_ignore)
        .parents(!opts.no_ignore)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|e| e.file_name() != ".git")
        .threads(std::thread::available_parallelism().map_or(2, |n| n.get()))
        .build_parallel();
    walker.run(|| {
        let (findings, summary) = (&findings, &summary);
        Box::new(move |entry| {
            let note = |f: &dyn Fn(&mut Summary)| {
                // A poisoned lock still holds every skip counted so far: never drop them.
                f(&mut summary.lock().unwrap_or_else(PoisonError::into_inner));
            };
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    let msg = crate::sanitize::clean(&err.to_string()).into_owned();
                    note(&|s| s.unreadable.push(msg.clone()));
                    return ignore::WalkState::Continue;
                }
            };
            let Some(kind) = entry.file_type() else {
                return ignore::WalkState::Continue;
            };
            if kind.is_symlink() {
                note(&|s| s.symlinks += 1);
                return ignore::WalkState::Continue;
            }
            if kind.is_dir() {
                return ignore::WalkState::Continue;
            }
            if !kind.is_file() {
                note(&|s| s.special += 1);
                return ignore::WalkState::Continue;
            }
            let p = entry.path();
            let bytes = match read_text_file(p, opts.max_file_size) {
                Read::Text(b) => b,
                Read::TooLarge(size) => {
                    let name = relative_path(root, p);
                    note(&|s| s.too_large.push((name.clone(), size)));
                    return ignore::WalkState::Continue;
                }
                Read::Binary => {
                    note(&|s| s.binary += 1);
                    return ignore::WalkState::Continue;
                }
                Read::Special => {
                    note(&|s| s.special += 1);
                    return ignore::WalkState::Continue;
                }
                Read::Failed(e) => {
                    let msg = format!("{}: {e}", display_path(p));
                    note(&|s| s.unreadable.push(msg.clone()));
                    return ignore::WalkState::Continue;
                }
            };
            let file = relative_path(root, p);
            let (found, allowed) = scan_bytes_counted(&bytes, &file, rules);
            if allowed > 0 {
                progress
                    .allowed_inline
                    .fetch_add(allowed, Ordering::Relaxed);
            }
            progress.files.fetch_add(1, Ordering::Relaxed);
            progress
                .bytes
                .fetch_add(bytes.len() as u64, Ordering::Relaxed);
            progress
                .findings
                .fetch_add(found.len() as u64, Ordering::Relaxed);

            if !found.is_empty() {
                findings
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .extend(found);
            }
            ignore::WalkState::Continue
        })
    });
    // Fail closed: a worker's panic never turns into fewer findings or uncounted skips.
    let mut summary = summary.into_inner().unwrap_or_else(PoisonError::into_inner);
    // The walk has joined its threads, so the counters are final.
    summary.files = progress.files.load(Ordering::Relaxed) - files_before;
    summary.bytes = progress.bytes.load(Ordering::Relaxed) - bytes_before;
    summary.allowed_inline = progress.allowed_inline.load(Ordering::Relaxed) - allowed_before;
    summary.too_large.sort();
    summary.unreadable.sort();
    (
        findings
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner),
        summary,
    )
}

/// What reading one file gave.
enum Read {
    Text(Vec<u8>),
    TooLarge(u64),
    Binary,
    Special,
    Failed(std::io::Error),
}

/// How much is read to tell binary from text, as git and ripgrep decide (a NUL in it).
const SNIFF: usize = 8192;

/// Reads a regular file, deciding on size and binary content before reading it whole: a 2 GB
/// sparse file costs one `fstat` and 8 KB. Opened without following a link and without
/// blocking, so a file swapped for a link or a FIFO after the walk saw it is never followed or
/// waited on.
fn read_text_file(path: &Path, max: u64) -> Read {
    use std::io::Read as _;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        Err(e) => return Read::Failed(e),
    };
    let meta = match file.metadata() {
        Ok(m) => m,
        Err(e) => return Read::Failed(e),
    };
    if !meta.is_file() {
        return Read::Special;
    }
    if meta.len() > max {
        return Read::TooLarge(meta.len());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).min(SNIFF));
    // One more byte than allowed: a file that grew past the limit since the fstat is caught.
    let mut reader = file.take(max.saturating_add(1));
    if let Err(e) = (&mut reader).take(SNIFF as u64).read_to_end(&mut bytes) {
        return Read::Failed(e);
    }
    if memchr::memchr(0, &bytes).is_some() {
        return Read::Binary;
    }
    if let Err(e) = reader.read_to_end(&mut bytes) {
        return Read::Failed(e);
    }
    if bytes.len() as u64 > max {
        return Read::TooLarge(bytes.len() as u64);
    }
    Read::Text(bytes)
}

/// A path as text, with bytes that are not UTF-8 written `\\xNN` (not replaced: two files
/// whose names differ only there stay two files, and the name can be typed back).
pub fn display_path(path: &Path) -> String {
    unmark(&marked(path))
}

/// The path relative to the root, escaped like [`display_path`].
fn relative_path(root: &Root, path: &Path) -> String {
    // Normalising turns `\\` into `/`, so bytes are escaped only after it, from marks that
    // normalising leaves alone.
    unmark(&root.normalise(&marked(path)))
}

/// Each byte that is not UTF-8 as a private-use character (U+F700 + byte).
fn marked(path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        out.extend(
            chunk
                .invalid()
                .iter()
                .filter_map(|b| char::from_u32(0xF700 + u32::from(*b))),
        );
    }
    out
}

fn unmark(text: &str) -> String {
    if !text.chars().any(|c| ('\u{F780}'..='\u{F7FF}').contains(&c)) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| match u32::from(c) {
            m @ 0xF780..=0xF7FF => format!("\\x{:02x}", m - 0xF700),
            _ => c.to_string(),
        })
        .collect()
}

/// The findings in one file's bytes.
pub fn scan_bytes(bytes: &[u8], file: &str, rules: &RuleSet) -> Vec<Finding> {
    scan_bytes_counted(bytes, file, rules).0
}

/// Whether the line holding `line_start`, or the line before it (for the next-line forms), marks
/// its matches as allowed.
fn allowed_inline(bytes: &[u8], line_start: usize) -> bool {
    let line_end =
        memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |i| line_start + i);
    let line = &bytes[line_start..line_end];
    let has = |hay: &[u8], needle: &str| memchr::memmem::find(hay, needle.as_bytes()).is_some();
    if ALLOW_COMMENTS.iter().any(|c| has(line, c)) {
        return true;
    }
    if line_start == 0 {
        return false;
    }
    let prev_start = memchr::memrchr(b'\n', &bytes[..line_start - 1]).map_or(0, |i| i + 1);
    let prev = &bytes[prev_start..line_start - 1];
    ALLOW_NEXT_LINE.iter().any(|c| has(prev, c))
}

/// The findings in one file's bytes, and how many matches an inline allow comment left out.
pub fn scan_bytes_counted(bytes: &[u8], file: &str, rules: &RuleSet) -> (Vec<Finding>, u64) {
    findings_from_hits(bytes, file, rules, &rules.scan(bytes))
}

/// The findings the rules' `hits` in one file's bytes make, and how many matches an inline
/// allow comment left out.
pub fn findings_from_hits(
    bytes: &[u8],
    file: &str,
    rules: &RuleSet,
    hits: &[rules::Hit],
) -> (Vec<Finding>, u64) {
    let mut allowed = 0;
    let mut out = Vec::with_capacity(hits.len());
    let mut lines = LineIndex::default();
    // One finding per span: the rule naming a provider wins, the others are further detections.
    let mut spans: Vec<((usize, usize), Vec<usize>)> = Vec::new();
    for h in hits {
        match spans.last_mut() {
            Some((span, rs)) if *span == (h.start, h.end) => rs.push(h.rule),
            _ => spans.push(((h.start, h.end), vec![h.rule])),
        }
    }
    for ((start, end), mut rs) in spans {
        rs.sort_by_key(|&r| (rules.rules[r].spec.provider.is_empty(), r));
        let h = rules::Hit {
            rule: rs[0],
            start,
            end,
        };
        let rule = &rules.rules[h.rule].spec;
        let secret = String::from_utf8_lossy(&bytes[h.start..h.end]).into_owned();
        let (line, line_start) = lines.locate(bytes, h.start);
        if allowed_inline(bytes, line_start) {
            allowed += 1;
            continue;
        }
        let mut f = Finding::new(TOOL, &rule.id, file.to_owned(), Evidence::secret(secret));
        f.line = u32::try_from(line).ok();
        f.column = u32::try_from(
            String::from_utf8_lossy(&bytes[line_start..h.start])
                .chars()
                .count()
                + 1,
        )
        .ok();
        f.context = Some(context(bytes, line_start, h.start, h.end));
        f.around = Some(neighbours(bytes, line_start, h.end));
        f.provider = (!rule.provider.is_empty()).then(|| rule.provider.clone());
        for &other in &rs[1..] {
            f.detections.push(crate::finding::Detection {
                tool: TOOL.into(),
                rule: rules.rules[other].spec.id.clone(),
                native_id: None,
            });
        }
        out.push(f.finish());
    }
    (out, allowed)
}

/// Line numbers by offset, counting newlines forward only once per file (hits come sorted).
#[derive(Default)]
struct LineIndex {
    offset: usize,
    line: usize,
    line_start: usize,
}

impl LineIndex {
    fn locate(&mut self, bytes: &[u8], at: usize) -> (usize, usize) {
        if at < self.offset {
            *self = Self::default();
        }
        for nl in memchr::memchr_iter(b'\n', &bytes[self.offset..at]) {
            self.line += 1;
            self.line_start = self.offset + nl + 1;
        }
        self.offset = at;
        (self.line + 1, self.line_start)
    }
}

/// The line holding the match, cut to a window around it on very long lines (minified files).
fn context(bytes: &[u8], line_start: usize, start: usize, end: usize) -> String {
    let line_end =
        memchr::memchr(b'\n', &bytes[end.min(bytes.len())..]).map_or(bytes.len(), |i| end + i);
    let (from, to) = (
        line_start.max(start.saturating_sub(120)),
        line_end.min(end + 120),
    );
    let mut s = String::from_utf8_lossy(&bytes[from..to])
        .trim_end_matches('\r')
        .to_owned();
    if from > line_start {
        s.insert(0, '…');
    }
    if to < line_end {
        s.push('…');
    }
    s
}

/// The lines before and after the match's line (each cut to 200 bytes): the surrounding code.
fn neighbours(bytes: &[u8], line_start: usize, end: usize) -> (String, String) {
    let cut = |b: &[u8]| {
        let s = String::from_utf8_lossy(&b[..b.len().min(200)])
            .trim_end_matches('\r')
            .to_owned();
        if b.len() > 200 { s + "…" } else { s }
    };
    let before = if line_start == 0 {
        String::new()
    } else {
        let prev_end = line_start - 1;
        let prev_start = memchr::memrchr(b'\n', &bytes[..prev_end]).map_or(0, |i| i + 1);
        cut(&bytes[prev_start..prev_end])
    };
    let after = match memchr::memchr(b'\n', &bytes[end.min(bytes.len())..]) {
        Some(i) => {
            let next_start = end + i + 1;
            let next_end =
                memchr::memchr(b'\n', &bytes[next_start..]).map_or(bytes.len(), |j| next_start + j);
            cut(&bytes[next_start..next_end])
        }
        None => String::new(),
    };
    (before, after)
}

/// The rule directories: the user's config `rules/`, then the repository's `.leakdesk/rules/`.
pub fn rule_dirs(root: &Path) -> Vec<PathBuf> {
    crate::config::dir()
        .map(|d| d.join("rules"))
        .into_iter()
        .chain(crate::config::repo_dir(root).map(|d| d.join("rules")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> RuleSet {
        RuleSet::load(&[]).0
    }

    #[test]
    fn lines_columns_and_context() {
        let text = "# config\nname = \"demo\"\nMESSAGEBIRD_API_KEY=\"H0s6w9S0eDmKAShGQgtTl3ENL\"\n";
        let f = scan_bytes(text.as_bytes(), ".env", &rules());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].line, f[0].column), (Some(3), Some(22)));
        assert_eq!(
            f[0].rule(),
            "messagebird-api-key",
            "the specific rule wins over the generic one"
        );
        assert_eq!(f[0].provider.as_deref(), Some("messagebird"));
        assert_eq!(
            f[0].context.as_deref(),
            Some("MESSAGEBIRD_API_KEY=\"H0s6w9S0eDmKAShGQgtTl3ENL\"")
        );
    }

    #[test]
    fn inline_allow_comments_are_honoured_and_counted() {
        let token = "ghp_Xy7Lm2Qp9Rs4Tu6Vw8Za1Bc3De5Fg7Hi9Jk0";
        for (text, kept) in [
            (format!("t = \"{token}\"  # leakdesk:allow"), 0),
            (format!("t = \"{token}\"  // gitleaks:allow"), 0),
            (format!("t = \"{token}\"  # pragma: allowlist secret"), 0),
            (format!("t = \"{token}\"  # trufflehog:ignore"), 0),
            (format!("t = \"{token}\"  # kingfisher:ignore"), 0),
            (
                format!("# pragma: allowlist nextline secret\nt = \"{token}\""),
                0,
            ),
            (format!("# leakdesk:allow\nt = \"{token}\""), 1),
            (format!("t = \"{token}\"  # allowed by review"), 1),
        ] {
            let (found, allowed) = scan_bytes_counted(text.as_bytes(), "a.py", &rules());
            assert_eq!((found.len(), allowed), (kept, 1 - kept as u64), "{text}");
        }
    }

    #[test]
    fn file_names_that_are_not_utf8_are_escaped_not_replaced() {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let p = Path::new(std::ffi::OsStr::from_bytes(b"src/caf\xe9.py"));
            assert_eq!(display_path(p), "src/caf\\xe9.py");
        }
        assert_eq!(display_path(Path::new("src/café.py")), "src/café.py");
    }

    #[test]
    fn size_and_binary_content_are_decided_before_reading_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let sparse = tmp.path().join("sparse.img");
        let f = std::fs::File::create(&sparse).unwrap();
        f.set_len(1 << 31).unwrap();
        assert!(matches!(read_text_file(&sparse, 3 << 30), Read::Binary));
        assert!(matches!(read_text_file(&sparse, 1 << 20), Read::TooLarge(n) if n == 1 << 31));
        let text = tmp.path().join("a.txt");
        std::fs::write(&text, "x".repeat(10_000)).unwrap();
        assert!(matches!(read_text_file(&text, 20_000), Read::Text(b) if b.len() == 10_000));
        assert!(matches!(read_text_file(&text, 9_999), Read::TooLarge(_)));
    }

    #[test]
    fn invalid_utf8_and_huge_lines_are_fine() {
        let mut bytes = vec![0xff, 0xfe, b'\n'];
        bytes.extend(std::iter::repeat_n(b'a', 2_000_000));
        bytes.extend_from_slice(b" ghp_");
        bytes.extend_from_slice(b"Xy7Lm2Qp9Rs4Tu6Vw8Za1Bc3De5Fg7Hi9Jk0 ");
        bytes.extend(std::iter::repeat_n(b'b', 1_000_000));
        let f = scan_bytes(&bytes, "min.js", &rules());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].line, Some(2));
        assert!(
            f[0].context
                .as_ref()
                .is_some_and(|c| c.len() < 400 && c.starts_with('…'))
        );
    }
}
