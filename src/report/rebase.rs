//! Reports made in another directory or on another machine name the repository's files with a
//! prefix: `gitleaks dir repo` run from the parent writes `repo/.env`, secretlint on a build
//! machine `/src/acme/.env`, Kingfisher in the repository `.env`. Findings meet only when they
//! name the same file, so each report's prefix is found and removed:
//!
//! 1. given: `--report-root REPORT=DIR` says which prefix a report's paths carry;
//! 2. the tree: with the repository on disk under `--root`, the prefix whose removal leaves the
//!    longest path that exists there;
//! 3. the other inputs: with no tree, the prefix that makes the report's paths meet the paths
//!    of the other inputs (the longest common suffix, by vote over the report's paths).
//!
//! A prefix is a run of whole leading path components, and it is removed from every path of
//! the report that starts with it. Each removal is said, so nothing moves silently.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use crate::finding::Finding;

/// One input's findings, as parsed.
pub struct Input {
    /// As given on the command line.
    pub name: String,
    pub findings: Vec<Finding>,
    /// leakdesk's own scan of a directory: its paths are the repository's already.
    pub scanned: bool,
}

/// How a prefix was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    Given,
    Tree,
    OtherInputs,
}

/// A prefix removed from one input's paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    pub input: String,
    /// Without the trailing `/`: `repo`, `/src/acme`.
    pub prefix: String,
    pub paths: usize,
    pub how: How,
}

impl Removed {
    /// The line `list` and the other commands print.
    pub fn describe(&self) -> String {
        let why = match self.how {
            How::Given => "as --report-root says",
            How::Tree => "the files are there without it",
            How::OtherInputs => "so they meet the other reports' paths",
        };
        format!(
            "{}: removed `{}/` from {} path{} ({why}); --report-root {}=DIR chooses another",
            crate::sanitize::clean(&self.input),
            crate::sanitize::clean(&self.prefix),
            self.paths,
            if self.paths == 1 { "" } else { "s" },
            crate::sanitize::clean(&self.input),
        )
    }
}

/// Paths looked at per input to choose its prefix: enough for a clear majority, bounded for
/// reports of a hundred thousand findings.
const SAMPLE: usize = 4096;

/// Removes each input's prefix from its paths, and says which.
pub fn rebase(inputs: &mut [Input], tree: &Path, given: &[(String, String)]) -> Vec<Removed> {
    let mut chosen: Vec<Option<(String, How)>> = inputs
        .iter()
        .map(|i| {
            given
                .iter()
                .find(|(name, _)| *name == i.name)
                .map(|(_, dir)| (normal_prefix(dir), How::Given))
        })
        .collect();
    for (i, input) in inputs.iter().enumerate() {
        if chosen[i].is_some() || input.scanned {
            continue;
        }
        if let Some(p) = from_tree(input, tree) {
            chosen[i] = Some((p, How::Tree));
        }
    }
    let pending: Vec<usize> = (0..inputs.len())
        .filter(|&i| chosen[i].is_none() && !inputs[i].scanned)
        .collect();
    if !pending.is_empty() && inputs.len() > 1 {
        for (i, p) in from_other_inputs(inputs, &pending) {
            chosen[i] = Some((p, How::OtherInputs));
        }
    }
    let mut removed = Vec::new();
    for (input, choice) in inputs.iter_mut().zip(chosen) {
        let Some((prefix, how)) = choice.filter(|(p, _)| !p.is_empty()) else {
            continue;
        };
        let mut paths = 0;
        for f in &mut input.findings {
            if let Some(rest) = strip(&f.file, &prefix) {
                f.file = rest.to_owned();
                paths += 1;
            }
        }
        if paths > 0 {
            removed.push(Removed {
                input: input.name.clone(),
                prefix,
                paths,
                how,
            });
        }
    }
    removed
}

/// `./repo/` → `repo`; `/src/acme/` → `/src/acme`; `.` → nothing.
fn normal_prefix(dir: &str) -> String {
    let d = dir.trim().replace('\\', "/");
    let d = d.trim_start_matches("./").trim_end_matches('/');
    if d == "." {
        String::new()
    } else {
        d.to_owned()
    }
}

/// `path` without `prefix/`, when it starts with it (whole components only).
fn strip<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    path.strip_prefix(prefix)?
        .strip_prefix('/')
        .filter(|r| !r.is_empty())
}

/// Every way to cut `path` into a prefix of whole components and the rest, the shortest prefix
/// first (the longest rest).
fn cuts(path: &str) -> impl Iterator<Item = (&str, &str)> {
    path.match_indices('/')
        .map(move |(at, _)| (&path[..at], &path[at + 1..]))
        .filter(|(p, r)| !p.is_empty() && !r.is_empty())
}

/// The distinct paths of an input, at most [`SAMPLE`].
fn sample(input: &Input) -> Vec<&str> {
    let mut seen = HashSet::new();
    input
        .findings
        .iter()
        .map(|f| f.file.as_str())
        .filter(|p| seen.insert(*p))
        .take(SAMPLE)
        .collect()
}

/// The prefix most of the input's missing paths lose to exist under `tree`; `None` when its
/// paths are there as they are, or the tree holds none of them.
fn from_tree(input: &Input, tree: &Path) -> Option<String> {
    if !tree.is_dir() {
        return None;
    }
    let exists = |rel: &str| {
        !rel.starts_with('/')
            && !rel.split('/').any(|s| s == "..")
            && tree.join(rel).symlink_metadata().is_ok()
    };
    let mut as_is = 0;
    let mut votes: BTreeMap<&str, usize> = BTreeMap::new();
    let paths = sample(input);
    for &path in &paths {
        if exists(path) {
            as_is += 1;
            continue;
        }
        if let Some((prefix, _)) = cuts(path).find(|(_, rest)| exists(rest)) {
            *votes.entry(prefix).or_default() += 1;
        }
    }
    let (prefix, n) = votes.into_iter().max_by_key(|(p, n)| (*n, p.len()))?;
    // Most of its paths, not a coincidence of one file name in an unrelated directory.
    (n > as_is && 2 * n > paths.len()).then(|| prefix.to_owned())
}

/// For each pending input, the prefix that makes most of its paths end like a path of another
/// input (compared on whole components, the longest common ending first).
fn from_other_inputs(inputs: &[Input], pending: &[usize]) -> Vec<(usize, String)> {
    let samples: Vec<Vec<&str>> = inputs.iter().map(sample).collect();
    // Every ending of every path (the whole path too), with the inputs that have it.
    let mut endings: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut whole: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, paths) in samples.iter().enumerate() {
        for &p in paths {
            whole.entry(p).or_default().push(i);
            for ending in std::iter::once(p).chain(cuts(p).map(|(_, r)| r)) {
                let e = endings.entry(ending).or_default();
                if e.last() != Some(&i) {
                    e.push(i);
                }
            }
        }
    }
    let other = |v: Option<&Vec<usize>>, i: usize| v.is_some_and(|v| v.iter().any(|&j| j != i));
    // A bare file name would align any two files of that name: it counts only where another
    // input has it at its top level.
    let shared = |ending: &str, i: usize| {
        if ending.contains('/') {
            other(endings.get(ending), i)
        } else {
            other(whole.get(ending), i)
        }
    };
    let mut out = Vec::new();
    for &i in pending {
        let mut as_is = 0;
        let mut votes: BTreeMap<&str, usize> = BTreeMap::new();
        for &p in &samples[i] {
            if shared(p, i) {
                as_is += 1;
                continue;
            }
            if let Some((prefix, _)) = cuts(p).find(|(_, rest)| shared(rest, i)) {
                *votes.entry(prefix).or_default() += 1;
            }
        }
        if let Some((prefix, n)) = votes.into_iter().max_by_key(|(p, n)| (*n, p.len()))
            && n > as_is
            && 2 * n > samples[i].len()
        {
            out.push((i, prefix.to_owned()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Evidence;

    fn input(name: &str, files: &[&str]) -> Input {
        Input {
            name: name.into(),
            findings: files
                .iter()
                .map(|f| Finding::new("t", "r", (*f).into(), Evidence::secret("S3cr3t-v4lue")))
                .collect(),
            scanned: false,
        }
    }

    fn files(i: &Input) -> Vec<&str> {
        i.findings.iter().map(|f| f.file.as_str()).collect()
    }

    #[test]
    fn reports_from_three_places_meet_without_a_tree() {
        let mut inputs = vec![
            input("gitleaks.json", &["repo/.env", "repo/src/app.py"]),
            input(
                "secretlint.json",
                &["/src/acme/.env", "/src/acme/src/app.py"],
            ),
            input("kingfisher.json", &[".env", "src/app.py"]),
        ];
        let removed = rebase(&mut inputs, Path::new("/nonexistent-tree"), &[]);
        for i in &inputs {
            assert_eq!(files(i), [".env", "src/app.py"], "{}", i.name);
        }
        assert_eq!(removed.len(), 2);
        assert_eq!(removed[0].prefix, "repo");
        assert_eq!(removed[1].prefix, "/src/acme");
        assert!(
            removed[1]
                .describe()
                .contains("removed `/src/acme/` from 2 paths")
        );
    }

    #[test]
    fn the_tree_on_disk_decides() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("src")).unwrap();
        std::fs::write(tmp.path().join("src/app.py"), "x").unwrap();
        std::fs::write(tmp.path().join(".env"), "x").unwrap();
        let mut inputs = vec![
            input(
                "a.json",
                &["/home/ci/work/acme/src/app.py", "/home/ci/work/acme/.env"],
            ),
            input("b.json", &["src/app.py"]),
        ];
        let removed = rebase(&mut inputs, tmp.path(), &[]);
        assert_eq!(files(&inputs[0]), ["src/app.py", ".env"]);
        assert_eq!(removed.len(), 1);
        assert_eq!(removed[0].how, How::Tree);
    }

    #[test]
    fn a_given_root_wins_and_paths_that_meet_stay() {
        let mut inputs = vec![
            input("a.json", &["repo/src/app.py"]),
            input("b.json", &["src/app.py", "lib/x.py"]),
        ];
        let removed = rebase(
            &mut inputs,
            Path::new("/nonexistent-tree"),
            &[("a.json".into(), "./repo/".into())],
        );
        assert_eq!(files(&inputs[0]), ["src/app.py"]);
        assert_eq!(files(&inputs[1]), ["src/app.py", "lib/x.py"]);
        assert_eq!(removed[0].how, How::Given);
        // `.` keeps them as they are.
        let mut inputs = vec![input("a.json", &["repo/x.py"]), input("b.json", &["x.py"])];
        assert!(
            rebase(
                &mut inputs,
                Path::new("/nonexistent-tree"),
                &[("a.json".into(), ".".into())]
            )
            .is_empty()
        );
        assert_eq!(files(&inputs[0]), ["repo/x.py"]);
    }

    #[test]
    fn a_lone_report_and_unrelated_reports_are_left_alone() {
        let mut inputs = vec![input("a.json", &["/abs/app/x.py"])];
        assert!(rebase(&mut inputs, Path::new("/nonexistent-tree"), &[]).is_empty());
        let mut inputs = vec![
            input("a.json", &["services/api/main.go", "services/api/db.go"]),
            input("b.json", &["web/index.js"]),
        ];
        assert!(rebase(&mut inputs, Path::new("/nonexistent-tree"), &[]).is_empty());
        assert_eq!(
            files(&inputs[0]),
            ["services/api/main.go", "services/api/db.go"]
        );
    }
}
