//! `cargo bench --bench list_json`: generates a gitleaks report of 100,000 findings (set
//! `LEAKDESK_BENCH_FINDINGS` for another size), runs the release binary's `list --format json` over
//! it five times (after a warm-up run), and prints findings per second and peak memory against the report's size.
//! `LEAKDESK_BENCH_KEEP=FILE` also saves the generated report there.

mod common;

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let count: usize = std::env::var("LEAKDESK_BENCH_FINDINGS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temporary directory");
    let report = dir.path().join("gitleaks-report.json");
    let bytes = generate(count);
    std::fs::write(&report, &bytes).expect("write the report");
    // Flush it to disk now, or the kernel does it during the timed runs.
    std::fs::File::open(&report)
        .and_then(|f| f.sync_all())
        .expect("sync the report");
    // Keep a copy to profile or to compare other tools on the same input.
    if let Ok(keep) = std::env::var("LEAKDESK_BENCH_KEEP") {
        std::fs::write(&keep, &bytes).expect("write the kept report");
    }
    let size_mb = bytes.len() as f64 / 1e6;
    drop(bytes);

    // A warm-up run puts the report in the page cache, as a real second look would find it,
    // and its output (to a file) gives the output's size.
    let out = dir.path().join("out.json");
    run(&report, Some(&out));
    let out_bytes = std::fs::metadata(&out).map_or(0, |m| m.len());
    let mut times: Vec<Duration> = (0..RUNS).map(|_| run(&report, None)).collect();
    times.sort();
    let best = times[0].as_secs_f64();
    let median = times[RUNS / 2].as_secs_f64();
    let peak_mb = common::peak_child_rss_kb() as f64 / 1e3;
    let out_mb = out_bytes as f64 / 1e6;
    println!("leakdesk list --format json over a generated gitleaks report");
    println!("  findings:      {count}");
    println!("  report size:   {size_mb:.1} MB (output {out_mb:.1} MB)");
    println!("  time:          best {best:.3} s, median {median:.3} s of {RUNS} runs");
    println!(
        "  throughput:    {:.0} findings/s (median)",
        count as f64 / median
    );
    println!(
        "  peak memory:   {peak_mb:.1} MB = {:.2}x the report",
        peak_mb / size_mb
    );
}

const RUNS: usize = 5;

/// One run; output to `out`, or to /dev/null as hyperfine does, so that neither a reader nor disk
/// writeback competes with leakdesk for the two cores.
fn run(report: &Path, out: Option<&Path>) -> Duration {
    let stdout = match out {
        Some(path) => Stdio::from(std::fs::File::create(path).expect("output file")),
        None => Stdio::null(),
    };
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_leakdesk"))
        .args(["list", "--format", "json", "--root", "/srv/app"])
        .arg(report)
        .stdout(stdout)
        .status()
        .expect("run leakdesk");
    let elapsed = start.elapsed();
    assert!(status.success(), "leakdesk failed: {status}");
    elapsed
}

/// A report shaped like gitleaks 8.x writes it, with a fifth of the secrets repeated in other
/// files (the duplicates a real history scan has). Fake values only.
fn generate(count: usize) -> Vec<u8> {
    let mut rng = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    const B62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let rules = [
        ("github-pat", "ghp_", 36),
        ("aws-access-token", "AKIA", 16),
        ("slack-bot-token", "xoxb-", 40),
        ("generic-api-key", "", 32),
    ];
    let mut secrets: Vec<String> = Vec::new();
    let mut s = String::with_capacity(count * 700);
    s.push('[');
    for i in 0..count {
        let (rule, prefix, len) = rules[i % rules.len()];
        let secret = if i % 5 == 4 && !secrets.is_empty() {
            secrets[(next() as usize) % secrets.len()].clone()
        } else {
            let body: String = (0..len)
                .map(|_| B62[(next() % 62) as usize] as char)
                .collect();
            let v = format!("{prefix}{body}");
            secrets.push(v.clone());
            v
        };
        let line = next() % 400 + 1;
        let commit: String = (0..40)
            .map(|_| B62[(next() % 16) as usize] as char)
            .collect::<String>()
            .to_lowercase();
        let file = format!(
            "/srv/app/services/svc{}/src/module{}/config_{}.py",
            i % 97,
            i % 13,
            i
        );
        if i > 0 {
            s.push(',');
        }
        let _ = write!(
            s,
            "\n {{\n  \"RuleID\": \"{rule}\",\n  \"Description\": \"Detected a {rule}, potentially exposing access.\",\n  \"StartLine\": {line},\n  \"EndLine\": {line},\n  \"StartColumn\": 12,\n  \"EndColumn\": {},\n  \"Match\": \"TOKEN = \\\"{secret}\\\"\",\n  \"Secret\": \"{secret}\",\n  \"File\": \"{file}\",\n  \"SymlinkFile\": \"\",\n  \"Commit\": \"{commit}\",\n  \"Entropy\": 4.52,\n  \"Author\": \"Dana Whitfield\",\n  \"Email\": \"dana@acme-shop.example\",\n  \"Date\": \"2026-10-02T09:14:27Z\",\n  \"Message\": \"Wire up the notification service\",\n  \"Tags\": [],\n  \"Fingerprint\": \"{commit}:{file}:{rule}:{line}\"\n }}",
            12 + secret.len()
        );
    }
    s.push_str("\n]\n");
    s.into_bytes()
}
