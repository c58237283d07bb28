//! `cargo bench --bench scan`: generates a tree of source-like text (`LEAKDESK_BENCH_MB`, default
//! 200 MB) with a secret of every rule planted in it, runs the release binary's `scan` over it
//! and prints MB/s, findings, planted secrets found and peak memory. Where `rg` (ripgrep) and
//! `detect-secrets` are installed, they run over the same tree (ripgrep with the same patterns;
//! detect-secrets over a 20 MB sample, it being much slower) for comparison.

mod common;

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let mb: usize = std::env::var("LEAKDESK_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().expect("temporary directory");
    let rules: serde_json::Value =
        serde_json::from_str(include_str!("../src/scan/rules.json")).expect("rules");
    let examples: Vec<(String, String)> = rules["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .flat_map(|r| {
            r["examples"]
                .as_array()
                .into_iter()
                .flatten()
                .map(move |e| {
                    (
                        r["id"].as_str().unwrap_or("").to_owned(),
                        e.as_str().unwrap_or("").to_owned(),
                    )
                })
        })
        .collect();
    let (bytes, planted) = generate(dir.path(), mb, &examples);
    let size_mb = bytes as f64 / 1e6;

    // Warm the page cache, then time.
    let _ = scan(dir.path());
    let (time, found) = scan(dir.path());
    let peak = common::peak_child_rss_kb() as f64 / 1e3;
    let mbs = size_mb / time.as_secs_f64();
    let mut planted_found = 0;
    // A planted example spans `span` lines (a key block, a section and its key).
    for (file, line, span) in &planted {
        if found
            .iter()
            .any(|(f, l)| f == file && (*line..line + span).contains(l))
        {
            planted_found += 1;
        }
    }
    println!("leakdesk scan over a generated tree");
    println!(
        "  tree:            {size_mb:.0} MB in {} files, {} secrets planted",
        count_files(dir.path()),
        planted.len()
    );
    println!(
        "  leakdesk:        {:.2} s = {mbs:.0} MB/s, {} findings, planted found {planted_found}/{}",
        time.as_secs_f64(),
        found.len(),
        planted.len()
    );
    println!("  peak memory:     {peak:.0} MB");

    let patterns = dir.path().join("patterns.txt");
    // One alternation for ripgrep: the named groups become plain groups (names must be unique).
    let list: String = rules["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter_map(|r| r["regex"].as_str().filter(|p| !p.is_empty()))
        // `\"` as the older regex syntax of Debian's ripgrep 13 wants it.
        .map(|p| {
            format!(
                "{}\n",
                p.replace("(?P<secret>", "(?:").replace("\\\"", "\"")
            )
        })
        .collect();
    std::fs::write(&patterns, list).expect("patterns");
    // --no-unicode: the patterns are ASCII, as leakdesk compiles them.
    match time_command(
        Command::new("rg")
            .args(["--no-config", "--no-unicode", "-c", "--hidden", "-f"])
            .arg(&patterns)
            .arg(dir.path().join("src")),
    ) {
        Some(t) => println!(
            "  ripgrep:         {:.2} s = {:.0} MB/s (same patterns, `rg --no-unicode -c --hidden -f`); leakdesk at {:.0}% of its speed",
            t.as_secs_f64(),
            size_mb / t.as_secs_f64(),
            100.0 * t.as_secs_f64() / time.as_secs_f64()
        ),
        None => println!(
            "  ripgrep:         not installed or failed (`cargo install ripgrep` to compare)"
        ),
    }
    // detect-secrets decides what to scan from the git repository it runs in (outside one, given
    // an absolute path elsewhere, it scans nothing): so it runs inside a copied 5 MB sample, and
    // only a run that found the sample's planted secrets counts.
    let sample = dir.path().join("sample");
    std::fs::create_dir_all(&sample).expect("sample");
    let mut files: Vec<_> = walk(&dir.path().join("src/d000"));
    files.sort();
    for f in files.iter().take(50) {
        std::fs::copy(f, sample.join(f.file_name().expect("name"))).expect("copy");
    }
    let sample_mb = dir_bytes(&sample) as f64 / 1e6;
    let start = Instant::now();
    let ds = Command::new("detect-secrets")
        .args(["scan", "--all-files", "."])
        .current_dir(&sample)
        .stderr(Stdio::null())
        .output();
    let ds_time = start.elapsed();
    let found_any = ds
        .as_ref()
        .ok()
        .and_then(|o| serde_json::from_slice::<serde_json::Value>(&o.stdout).ok())
        .is_some_and(|v| v["results"].as_object().is_some_and(|r| !r.is_empty()));
    if found_any {
        let rate = sample_mb / ds_time.as_secs_f64();
        println!(
            "  detect-secrets:  {rate:.2} MB/s on a {sample_mb:.0} MB sample (`detect-secrets scan --all-files`); leakdesk is {:.0}x faster",
            mbs / rate
        );
    } else {
        println!(
            "  detect-secrets:  not installed or found nothing (`pip install detect-secrets==1.5.0` to compare)"
        );
    }
}

/// Runs the release binary; returns the time and the (file, line) of each finding.
fn scan(dir: &Path) -> (Duration, Vec<(String, u64)>) {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_leakdesk"))
        .args(["scan", "--format", "json", "--root"])
        .arg(dir)
        .arg(dir.join("src"))
        .env("LEAKDESK_CONFIG_DIR", dir.join("no-config"))
        .stderr(Stdio::null())
        .output()
        .expect("run leakdesk");
    let time = start.elapsed();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("leakdesk JSON");
    let found = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap_or("").to_owned(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    (time, found)
}

/// The time of a run that succeeded (exit 0, or 1 for "found nothing"); `None` if it could not
/// run or failed, so a failure is never reported as a speed.
fn time_command(cmd: &mut Command) -> Option<Duration> {
    let start = Instant::now();
    let status = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    matches!(status.code(), Some(0 | 1)).then(|| start.elapsed())
}

/// Source-like files of about 100 KB; one planted secret (a rule's example line) in every
/// 10th file (so each rule example is planted at least once in 200 MB). Returns the bytes written and where each secret was planted.
fn generate(
    root: &Path,
    mb: usize,
    examples: &[(String, String)],
) -> (usize, Vec<(String, u64, u64)>) {
    const LINES: [&str; 8] = [
        "    let config = load_config(&path)?; // read the settings once",
        "    if user.is_admin() && request.method == Method::Post {",
        "def handle(request, token_store):  # token lookup happens in the store",
        "        return Response(status=401, body=\"missing api key header\")",
        "const DEFAULT_TIMEOUT_MS = 30000; export function retry(fn, attempts) {",
        "  <input type=\"password\" name=\"password\" placeholder=\"Your password\">",
        "SELECT id, name, created_at FROM accounts WHERE org_id = $1 ORDER BY id;",
        "    logger.info(\"refreshing access credentials for %s\", account_id)",
    ];
    let target = mb * 1_000_000;
    let (mut written, mut planted, mut n) = (0usize, Vec::new(), 0usize);
    while written < target {
        let rel = format!("src/d{:03}/module_{n:05}.py", n / 200);
        let mut text = String::with_capacity(110_000);
        let mut line = 1u64;
        while text.len() < 100_000 {
            let _ = writeln!(
                text,
                "{} # {n}:{line}",
                LINES[(n + line as usize) % LINES.len()]
            );
            line += 1;
            if n % 10 == 0 && line == 700 {
                let (_, example) = &examples[(n / 10) % examples.len()];
                // A rule example can span lines (a private key); it is found at its first line.
                let span = example.lines().count().max(1) as u64;
                planted.push((rel.clone(), line, span));
                line += span;
                text.push_str(example);
                text.push('\n');
            }
        }
        let path = root.join(&rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, &text).expect("write");
        written += text.len();
        n += 1;
    }
    (written, planted)
}

fn count_files(dir: &Path) -> usize {
    walk(dir).len()
}

fn dir_bytes(dir: &Path) -> u64 {
    walk(dir)
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else if p.extension().is_some_and(|x| x == "py") {
                out.push(p);
            }
        }
    }
    out
}
