//! `cargo bench --bench scan_real`: the scanner on real code that is on every machine of this
//! kind: the crate sources cargo downloaded for this project (`~/.cargo/registry/src`) and the
//! Python standard library (without `site-packages`). Both are copied into one temporary tree,
//! so every tool reads the same files. From one run it prints leakdesk's time, MB/s and
//! findings by rule, and, where installed, the same for ripgrep running the rules' patterns
//! (`--no-unicode`), Kingfisher (`scan --no-validate`) and gitleaks (`dir`), as ratios.
//! `LEAKDESK_REAL_SOURCES=dir1:dir2` scans other trees instead.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let corpus = tempfile::tempdir().expect("temporary directory");
    let sources = sources();
    if sources.is_empty() {
        println!("no real code found to scan (set LEAKDESK_REAL_SOURCES)");
        return;
    }
    for (i, src) in sources.iter().enumerate() {
        copy_tree(src, &corpus.path().join(format!("s{i}")));
    }
    let tree = corpus.path();
    let (files, bytes) = measure(tree);
    let mb = bytes as f64 / 1e6;
    println!("Real code: {mb:.0} MB in {files} files, from");
    for s in &sources {
        println!("  {}", s.display());
    }

    // Warm the page cache for every tool alike.
    let _ = leakdesk(tree);
    let (time, by_rule, total) = leakdesk(tree);
    let peak = common::peak_child_rss_kb() as f64 / 1e3;
    println!(
        "\nleakdesk scan:   {:6.2} s = {:4.0} MB/s, {total} findings, peak {peak:.0} MB",
        time.as_secs_f64(),
        mb / time.as_secs_f64()
    );
    for (rule, n) in &by_rule {
        println!("    {n:5}  {rule}");
    }

    let mut peers: Vec<(&str, Duration, Option<usize>)> = Vec::new();
    if let Some(t) = ripgrep(tree, false) {
        peers.push(("ripgrep, the rules' patterns", t.0, Some(t.1)));
    }
    if let Some(t) = ripgrep(tree, true) {
        peers.push(("ripgrep, only the keywords", t.0, Some(t.1)));
    }
    if let Some(t) = kingfisher(tree) {
        peers.push(("Kingfisher 2.14 --no-validate", t.0, t.1));
    }
    if let Some(t) = gitleaks(tree) {
        peers.push(("gitleaks dir", t.0, t.1));
    }
    if peers.is_empty() {
        println!("\n(no peer installed: rg, kingfisher, gitleaks)");
        return;
    }
    println!("\nPeers on the same tree (speed ratio > 1: leakdesk is faster):");
    for (name, t, n) in peers {
        println!(
            "  {name:32} {:6.2} s   leakdesk speed {:4.2}x   {}",
            t.as_secs_f64(),
            t.as_secs_f64() / time.as_secs_f64(),
            n.map_or_else(
                || "-".into(),
                |n| format!("{n} findings (ripgrep: matching lines)")
            )
            .replace(
                " (ripgrep: matching lines)",
                if name.starts_with("ripgrep") {
                    " matching lines"
                } else {
                    ""
                }
            )
        );
    }
}

/// The crate sources and the Python standard library, or `LEAKDESK_REAL_SOURCES`.
fn sources() -> Vec<PathBuf> {
    if let Ok(list) = std::env::var("LEAKDESK_REAL_SOURCES") {
        return list
            .split(':')
            .map(PathBuf::from)
            .filter(|p| p.is_dir())
            .collect();
    }
    let mut out = Vec::new();
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")));
    if let Some(c) = cargo_home {
        let src = c.join("registry/src");
        if src.is_dir() {
            out.push(src);
        }
    }
    let stdlib = Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    if let Some(s) = stdlib.filter(|s| s.is_dir()) {
        out.push(s);
    }
    out
}

/// Copies `from` into `to`: regular files only, without `site-packages` and `__pycache__`.
fn copy_tree(from: &Path, to: &Path) {
    let Ok(entries) = std::fs::read_dir(from) else {
        return;
    };
    std::fs::create_dir_all(to).expect("mkdir");
    for e in entries.flatten() {
        let name = e.file_name();
        if name == "site-packages" || name == "__pycache__" || name == ".git" {
            continue;
        }
        let Ok(kind) = e.file_type() else { continue };
        if kind.is_dir() {
            copy_tree(&e.path(), &to.join(&name));
        } else if kind.is_file() {
            let _ = std::fs::copy(e.path(), to.join(&name));
        }
    }
}

fn measure(dir: &Path) -> (usize, u64) {
    let mut files = 0;
    let mut bytes = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(e.path()),
                Ok(t) if t.is_file() => {
                    files += 1;
                    bytes += e.metadata().map_or(0, |m| m.len());
                }
                _ => {}
            }
        }
    }
    (files, bytes)
}

fn leakdesk(tree: &Path) -> (Duration, BTreeMap<String, usize>, usize) {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_leakdesk"))
        .args(["scan", "--format", "json", "--root"])
        .arg(tree)
        .arg(tree)
        .env("LEAKDESK_CONFIG_DIR", tree.join("no-config"))
        .stderr(Stdio::null())
        .output()
        .expect("run leakdesk");
    let time = start.elapsed();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("leakdesk JSON");
    let mut by_rule = BTreeMap::new();
    let findings = v["findings"].as_array().cloned().unwrap_or_default();
    for f in &findings {
        *by_rule
            .entry(f["rule"].as_str().unwrap_or("?").to_owned())
            .or_insert(0) += 1;
    }
    (time, by_rule, findings.len())
}

/// ripgrep with every line rule's pattern (a regex scanner's work without leakdesk's keyword
/// prefilter), or with only the rules' keywords, case-insensitive literals (reading every byte
/// and finding the keywords: the floor for any scanner that prefilters).
fn ripgrep(tree: &Path, keywords: bool) -> Option<(Duration, usize)> {
    let rules: serde_json::Value =
        serde_json::from_str(include_str!("../src/scan/rules.json")).ok()?;
    if keywords {
        let mut words: Vec<String> = rules["rules"]
            .as_array()?
            .iter()
            .flat_map(|r| r["keywords"].as_array().cloned().unwrap_or_default())
            .filter_map(|k| k.as_str().map(str::to_owned))
            .collect();
        words.sort();
        words.dedup();
        let file = tree.join("rg-keywords.txt");
        std::fs::write(&file, words.join("\n")).ok()?;
        return rg(tree, &file, &["-F", "-i"]);
    }
    rg(tree, &common::rule_patterns(tree)?, &[])
}

fn rg(tree: &Path, patterns: &Path, extra: &[&str]) -> Option<(Duration, usize)> {
    let run = || {
        let start = Instant::now();
        let out = Command::new("rg")
            .args([
                "--no-unicode",
                "--count-matches",
                "--no-filename",
                "--hidden",
            ])
            .args(extra)
            .arg("-f")
            .arg(patterns)
            .arg(tree)
            .stderr(Stdio::null())
            .output()
            .ok()?;
        let n = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.trim().parse::<usize>().ok())
            .sum();
        Some((start.elapsed(), n))
    };
    run()?;
    run()
}

fn kingfisher(tree: &Path) -> Option<(Duration, Option<usize>)> {
    // Kingfisher exits non-zero when it finds something: only "not found" (127) is a failure.
    common::peer(
        "kingfisher",
        &["scan", "--no-validate", "--format", "json", "--output"],
        tree,
        tree,
        true,
        |s| s.code() != Some(127),
    )
}

fn gitleaks(tree: &Path) -> Option<(Duration, Option<usize>)> {
    common::gitleaks("dir", tree, tree, true)
}
