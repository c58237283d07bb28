//! Scanning a repository's git history: every blob its commits introduced, each distinct blob
//! read and scanned once (on all cores), in-process with gitoxide (`gix`): no checkout, no `git`
//! program. A secret deleted from the code still lives in every clone; this finds it, with the
//! commit that introduced it, how far it reaches, and whether HEAD still has it.
//!
//! `gix` over `git2` (libgit2 bindings): pure Rust, so nothing to build in C and no system
//! library to match; its object database reads packs on all cores with per-thread caches, which
//! is where a history scan spends its time.

mod blobs;
mod changes;
mod diff;
pub mod memory;
mod places;
mod walk;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use gix::ObjectId;

use crate::finding::Finding;
use crate::scan::rules::RuleSet;

/// What to scan of the history.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only the history of this branch, tag or commit (default: every ref).
    pub branch: Option<String>,
    /// Only commits made on or after this day (`YYYY-MM-DD`).
    pub since: Option<String>,
    /// Only the commits of `A..B` (reachable from B, not from A).
    pub range: Option<String>,
    /// Blobs larger than this are skipped (and reported).
    pub max_blob_size: u64,
    /// Where to remember what was scanned, for the next scan to read only new commits.
    pub memory: Option<PathBuf>,
}

/// A history scan that could not start: what went wrong, in words for the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

impl Error {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a history scan read, skipped and could not read: every skip is counted and said.
#[derive(Debug, Default)]
pub struct Summary {
    pub commits: usize,
    /// Commits an earlier scan already read (left out this time).
    pub skipped_commits: usize,
    pub refs: usize,
    pub blobs: u64,
    pub bytes: u64,
    pub binary: u64,
    pub lfs: u64,
    pub submodules: u64,
    pub too_large: Vec<(String, u64)>,
    /// Objects that should be there and could not be read, by id: the scan is incomplete.
    pub missing: Vec<String>,
    pub shallow: bool,
    pub allowed_inline: u64,
    /// Why an earlier scan's memory was not used, when it was not.
    pub full_because: Option<String>,
    /// With `LEAKDESK_VERIFY_RESCAN`: blobs whose rescan around their change found something
    /// else than a whole scan (a leakdesk bug; the whole scan's findings were used).
    pub rescan_mismatches: Vec<String>,
    /// The repository's work tree (none for a bare repository): findings' paths are relative
    /// to it.
    pub workdir: Option<PathBuf>,
}

impl Summary {
    /// `20,000 commits (3 refs), 20,513 blobs (243.1 MB); skipped 2 binary, 1 Git LFS pointer`.
    pub fn describe(&self) -> String {
        let n = crate::tui::ui::thousands;
        let mut s = format!(
            "{} commit{} ({} ref{}), {} blob{} ({:.1} MB)",
            n(self.commits),
            if self.commits == 1 { "" } else { "s" },
            self.refs,
            if self.refs == 1 { "" } else { "s" },
            n(usize::try_from(self.blobs).unwrap_or(usize::MAX)),
            if self.blobs == 1 { "" } else { "s" },
            self.bytes as f64 / 1e6
        );
        if self.skipped_commits > 0 {
            s.push_str(&format!(
                "; {} commits already scanned were skipped",
                n(self.skipped_commits)
            ));
        }
        let mut skipped = Vec::new();
        if self.binary > 0 {
            skipped.push(format!("{} binary", self.binary));
        }
        if self.lfs > 0 {
            skipped.push(format!(
                "{} Git LFS pointer{} (the content is on the LFS server)",
                self.lfs,
                if self.lfs == 1 { "" } else { "s" }
            ));
        }
        if self.submodules > 0 {
            skipped.push(format!(
                "{} submodule entr{} (scan that repository itself)",
                self.submodules,
                if self.submodules == 1 { "y" } else { "ies" }
            ));
        }
        if !self.too_large.is_empty() {
            skipped.push(format!("{} over the size limit", self.too_large.len()));
        }
        if !skipped.is_empty() {
            s.push_str("; skipped ");
            s.push_str(&skipped.join(", "));
        }
        if self.shallow {
            s.push_str("; a shallow clone: history is scanned as far as it goes");
        }
        if !self.rescan_mismatches.is_empty() {
            s.push_str(&format!(
                "; {} blob{} rescanned differently from a whole scan (a leakdesk bug, please \
                 report it; the whole scan's findings are used): {}",
                self.rescan_mismatches.len(),
                if self.rescan_mismatches.len() == 1 {
                    ""
                } else {
                    "s"
                },
                self.rescan_mismatches.join(", ")
            ));
        }
        if !self.missing.is_empty() {
            s.push_str(&format!(
                "; {} object{} missing",
                self.missing.len(),
                if self.missing.len() == 1 { "" } else { "s" }
            ));
        }
        s
    }
}

/// The git directory's repository for `path` (a work tree, or a bare repository).
pub fn open(path: &Path) -> Result<gix::Repository, Error> {
    gix::discover(path).map_err(|e| {
        Error::new(format!(
            "{}: not a git repository ({e}); scan --git needs one",
            path.display()
        ))
    })
}

/// With `LEAKDESK_TIMING` set, how long each phase took (on standard error), for profiling.
struct Phases {
    on: bool,
    at: std::time::Instant,
}

impl Phases {
    fn new() -> Self {
        Self {
            on: std::env::var_os("LEAKDESK_TIMING").is_some(),
            at: std::time::Instant::now(),
        }
    }

    fn done(&mut self, what: &str) {
        if self.on {
            eprintln!("  history {what}: {:.3} s", self.at.elapsed().as_secs_f64());
        }
        self.at = std::time::Instant::now();
    }
}

/// Scans the history of the repository at `path`; findings' paths are the repository's.
pub fn scan(
    path: &Path,
    rules: &RuleSet,
    opts: &Options,
) -> Result<(Vec<Finding>, Summary), Error> {
    let mut phases = Phases::new();
    let mut repo = open(path)?;
    // The object cache speeds up re-reading trees and commits across the walk.
    repo.object_cache_size_if_unset(64 * 1024 * 1024);
    let mut summary = Summary {
        workdir: repo.workdir().map(Path::to_path_buf),
        ..Summary::default()
    };
    let since = match opts.since.as_deref() {
        Some(d) => Some(
            walk::day_start(d)
                .ok_or_else(|| Error::new(format!("--since `{d}` is not a date (YYYY-MM-DD)")))?,
        ),
        None => None,
    };
    let tips = walk::tips(&repo, opts)?;
    summary.refs = tips.len();
    phases.done("refs");
    let mut hidden: Vec<ObjectId> = Vec::new();
    if let Some((from, _)) = opts.range.as_deref().and_then(|r| r.split_once("..")) {
        hidden.push(walk::resolve(&repo, from)?);
    }
    // An earlier scan of the same history with the same rules: only newer commits are read.
    let key = memory::Key::new(&repo, rules, opts);
    let remembered = opts
        .memory
        .as_deref()
        .map(|p| memory::load(p, &key))
        .transpose()
        .map_err(Error::new)?
        .flatten();
    let mut earlier = None;
    if let Some(m) = remembered {
        hidden.extend(m.tips.iter().copied());
        earlier = Some(m);
    }
    let mut graph = walk::walk(&repo, &tips, &hidden, since);
    if let Some(why) = earlier.as_ref().and_then(|m| m.unusable(&graph)) {
        // History was rewritten (or the memory is damaged): start over, and say why.
        summary.full_because = Some(why);
        if let Some(m) = earlier.take() {
            hidden.retain(|h| !m.tips.contains(h));
        }
        graph = walk::walk(&repo, &tips, &hidden, since);
    }
    phases.done("walk");
    summary.shallow = graph.shallow;
    summary.missing.extend(graph.missing.iter().cloned());
    summary.commits = graph.commits.iter().filter(|c| c.in_scope).count();
    if earlier.is_some() {
        summary.skipped_commits = graph.commits.iter().filter(|c| !c.in_scope).count();
    }

    // What each scanned commit introduced, and how it changed each path (first parent).
    let sync = repo.clone().into_sync();
    let collected = changes::collect(&sync, &graph);
    let mut introduced = collected.introduced;
    let mut events = collected.events;
    summary.submodules = collected.submodules;
    summary
        .missing
        .extend(collected.missing.iter().map(|t| format!("tree {t}")));
    phases.done("diffs");
    // What the earlier scan found, put back: its blobs are read again for their secrets.
    let mut known: Vec<bool> = graph.commits.iter().map(|c| c.in_scope).collect();
    if let Some(m) = &earlier {
        m.restore(&graph, &mut introduced, &mut events, &mut known);
    }

    // Each distinct blob once, scanned as the first path it appeared at (in commit order, so a
    // scan that remembers gives what a full one gives).
    introduced.sort_by(|a, b| (a.commit, &a.path, a.blob).cmp(&(b.commit, &b.path, b.blob)));
    introduced.dedup();
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut to_scan: Vec<(ObjectId, String)> = introduced
        .iter()
        .filter(|i| seen.insert(i.blob))
        .map(|i| (i.blob, i.path.clone()))
        .collect();
    // Each path's versions together, oldest first: each is rescanned around its change from the
    // one before (stable sort: commit order within a path).
    to_scan.sort_by(|a, b| a.1.cmp(&b.1));
    let mut scanned = blobs::scan(&sync, &to_scan, rules, opts.max_blob_size);
    phases.done(&format!(
        "blobs ({} of {} rescanned around their change)",
        scanned.rescanned, scanned.blobs
    ));
    summary.rescan_mismatches = std::mem::take(&mut scanned.mismatched);
    summary.blobs = scanned.blobs;
    summary.bytes = scanned.bytes;
    summary.binary = scanned.binary;
    summary.lfs = scanned.lfs;
    summary.too_large = scanned.too_large;
    summary.allowed_inline = scanned.allowed_inline;
    summary.missing.extend(scanned.missing);
    let mut trees = diff::Trees::new(&repo);
    let findings = places::findings(
        &places::Inputs {
            graph: &graph,
            introduced: &introduced,
            found: &scanned.found,
            events: &events,
            known: &known,
        },
        &mut trees,
    );
    phases.done("places");
    summary
        .missing
        .extend(trees.missing.iter().map(|t| format!("tree {t}")));
    summary.missing.sort();
    summary.missing.dedup();
    if let Some(p) = &opts.memory {
        let with_findings: HashSet<ObjectId> = scanned.found.keys().copied().collect();
        memory::save(p, &key, &graph, &introduced, &events, &with_findings).map_err(Error::new)?;
    }
    Ok((findings, summary))
}
