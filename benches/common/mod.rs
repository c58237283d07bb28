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
