//! Shared by the benchmarks.

/// The largest resident set of any child waited for so far, in kilobytes (Linux units).
#[allow(unsafe_code)]
#[allow(dead_code)] // not every benchmark measures memory
pub fn peak_child_rss_kb() -> i64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a complete rusage into the pointer we own.
    let usage = unsafe {
        if libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()) != 0 {
            return 0;
        }
        usage.assume_init()
    };
    usage.ru_maxrss
}

/// The rules' patterns as one file for ripgrep (`rg -f`), written into `dir`: the same regexes
/// leakdesk runs, as one alternation (no repeated group name, and `\"` as ripgrep's older regex
/// syntax, Debian's ripgrep 13, wants it).
#[allow(dead_code)] // not every benchmark compares with ripgrep
pub fn rule_patterns(dir: &std::path::Path) -> Option<std::path::PathBuf> {
    let rules: serde_json::Value =
        serde_json::from_str(include_str!("../../src/scan/rules.json")).ok()?;
    let patterns: Vec<String> = rules["rules"]
        .as_array()?
        .iter()
        .filter_map(|r| r["regex"].as_str())
        .filter(|p| !p.is_empty())
        .map(|p| p.replace("(?P<secret>", "(").replace("\\\"", "\""))
        .collect();
    let file = dir.join("rg-patterns.txt");
    std::fs::write(&file, patterns.join("\n")).ok()?;
    Some(file)
}

/// Runs `program args REPORT TARGET` (after one warm-up run when `warm`) and times the last
/// run; `None` when it cannot run or `ok` rejects its exit status, so a failure is never a
/// speed. The report goes to `report_dir/<program>.json`; its findings are counted.
#[allow(dead_code)] // not every benchmark runs peers
pub fn peer(
    program: &str,
    args: &[&str],
    target: &std::path::Path,
    report_dir: &std::path::Path,
    warm: bool,
    ok: fn(&std::process::ExitStatus) -> bool,
) -> Option<(std::time::Duration, Option<usize>)> {
    use std::process::{Command, Stdio};
    let report = report_dir.join(format!("{program}.json"));
    let run = || {
        let start = std::time::Instant::now();
        let status = Command::new(program)
            .args(args)
            .arg(&report)
            .arg(target)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .ok()?;
        ok(&status).then(|| start.elapsed())
    };
    if warm {
        run()?;
    }
    let t = run()?;
    Some((t, count_json(&report)))
}

/// gitleaks 8.30 in `mode` (`git` for history, `dir` for a tree) over `target`, its JSON report
/// in `report_dir`, through [`peer`].
#[allow(dead_code)] // not every benchmark runs gitleaks
pub fn gitleaks(
    mode: &str,
    target: &std::path::Path,
    report_dir: &std::path::Path,
    warm: bool,
) -> Option<(std::time::Duration, Option<usize>)> {
    let args = [
        mode,
        "--no-banner",
        "--exit-code",
        "0",
        "--report-format",
        "json",
        "--report-path",
    ];
    peer(
        "gitleaks",
        &args,
        target,
        report_dir,
        warm,
        std::process::ExitStatus::success,
    )
}

/// Findings in a JSON array, a `{"findings": [...]}` document, or JSON lines.
#[allow(dead_code)]
pub fn count_json(path: &std::path::Path) -> Option<usize> {
    let text = std::fs::read_to_string(path).ok()?;
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
        if let Some(a) = v.as_array() {
            return Some(a.len());
        }
        if let Some(a) = v["findings"].as_array() {
            return Some(a.len());
        }
    }
    Some(
        text.lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v.get("rule").is_some() || v.get("finding").is_some())
            .count(),
    )
}
