//! Fuzzing inside `cargo test`: a deterministic mutation fuzzer over every importer, the
//! allowlist and triage readers, and the merge driver's reader and merge. Seeds are the real
//! scanner reports in `tests/fixtures/` and the hostile inputs that once broke leakdesk. Each
//! target runs a fixed number of mutated inputs (`LEAKDESK_FUZZ_ITERS`, default 1500; a seed
//! from `LEAKDESK_FUZZ_SEED` explores further); an input that panics, hangs or breaks an
//! invariant fails the test and is written to `target/fuzz-failures/` to replay.
//!
//! (`cargo fuzz` needs a nightly toolchain, which this project's machines do not have; the
//! harness is plain Rust so it runs wherever the tests run.)

// A panic is how a test fails.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use leakdesk::allowlist::AllowlistFile;
use leakdesk::report::{self, Format, Root};
use leakdesk::store::Document;
use leakdesk::triage::TriageFile;
use serde_json::Value;

/// xorshift64*: small, fast, and the same sequence for the same seed everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap()
    }
}

fn iterations() -> usize {
    std::env::var("LEAKDESK_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1500)
}

fn seed() -> u64 {
    std::env::var("LEAKDESK_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x1eac_de5c)
}

/// Tokens that have broken parsers: escapes, bidi, invalid UTF-8, huge and odd numbers, deep
/// nesting, type changes.
const TOKENS: &[&[u8]] = &[
    b"\"",
    b"\\",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"null",
    b"true",
    b"-1",
    b"0",
    b"1e999",
    b"18446744073709551616",
    b"-9223372036854775809",
    b"\\u0000",
    b"\\u001b[2J",
    b"\\ud800",
    b"\xff\xfe",
    b"\xe2\x80\xae",
    b"\xc3",
    b"\x1b]52;c;cHduZWQ=\x07",
    b"\r\n",
    b"{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":",
    b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    b"\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"",
    b"\"{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{a}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}\"",
];

/// Hostile JSON values for structural mutations.
fn hostile_values() -> Vec<Value> {
    vec![
        Value::Null,
        Value::Bool(true),
        serde_json::json!(-1),
        serde_json::json!(0),
        serde_json::json!(4_294_967_296_u64),
        serde_json::json!(1.5e300),
        serde_json::json!(""),
        serde_json::json!("é".repeat(40)),
        serde_json::json!("x\u{1b}[3A\u{1b}[J\r\n::error ::forged\u{202e}"),
        serde_json::json!(format!("{}a{}", "{".repeat(300), "}".repeat(300))),
        serde_json::json!("a".repeat(100_000)),
        serde_json::json!([]),
        serde_json::json!({}),
        serde_json::json!([[[[[[[[1]]]]]]]]),
    ]
}

fn mutate_bytes(rng: &mut Rng, input: &[u8], seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                out.splice(at..at, t.iter().copied());
            }
            2 if !out.is_empty() => {
                let end = (at + rng.below(64)).min(out.len());
                out.drain(at.min(end)..end);
            }
            3 if !out.is_empty() => {
                let from = rng.below(out.len());
                let end = (from + rng.below(128)).min(out.len());
                let copy = out[from..end].to_vec();
                out.splice(at..at, copy);
            }
            4 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len() + 1);
                let end = (from + rng.below(256)).min(other.len());
                out.splice(at..at, other[from..end].iter().copied());
            }
            _ => out.truncate(at),
        }
    }
    out
}

/// Replaces one random node of a JSON document (or of one line of JSON lines).
fn mutate_json(rng: &mut Rng, input: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(input).ok()?;
    let mut v: Value = serde_json::from_str(text).ok()?;
    let mut nodes = 0;
    count(&v, &mut nodes);
    let target = rng.below(nodes);
    let values = hostile_values();
    let replacement = values[rng.below(values.len())].clone();
    let mut i = 0;
    replace(&mut v, target, &mut i, &replacement);
    serde_json::to_vec(&v).ok()
}

fn count(v: &Value, n: &mut usize) {
    *n += 1;
    match v {
        Value::Array(a) => a.iter().for_each(|x| count(x, n)),
        Value::Object(m) => m.values().for_each(|x| count(x, n)),
        _ => {}
    }
}

fn replace(v: &mut Value, target: usize, i: &mut usize, with: &Value) -> bool {
    if *i == target {
        *v = with.clone();
        return true;
    }
    *i += 1;
    match v {
        Value::Array(a) => a.iter_mut().any(|x| replace(x, target, i, with)),
        Value::Object(m) => m.values_mut().any(|x| replace(x, target, i, with)),
        _ => false,
    }
}

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Runs `check` on `iterations()` mutations of the seeds. A panic is caught, the input saved,
/// and the test failed with where to find it.
fn fuzz(target: &str, seeds: &[Vec<u8>], check: impl Fn(&[u8]) + std::panic::RefUnwindSafe) {
    let mut rng = Rng(seed()
        ^ target.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        }));
    let mut inputs: Vec<Vec<u8>> = seeds.to_vec();
    for _ in 0..iterations() {
        let base = &seeds[rng.below(seeds.len())];
        let input = if rng.below(3) == 0 {
            mutate_json(&mut rng, base).unwrap_or_else(|| mutate_bytes(&mut rng, base, seeds))
        } else {
            mutate_bytes(&mut rng, base, seeds)
        };
        inputs.push(input);
    }
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let failed = inputs
        .iter()
        .find(|input| std::panic::catch_unwind(|| check(input)).is_err())
        .cloned();
    std::panic::set_hook(hook);
    if let Some(input) = failed {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{target}.bin"));
        std::fs::write(&path, &input).unwrap();
        // Re-run outside catch_unwind for the real panic message.
        check(&input);
        panic!("{target}: failed on {}", path.display());
    }
}

#[test]
fn every_importer_survives_mutated_reports() {
    let root = Root::new(Path::new("/work/repo"));
    let seeds: Vec<Vec<u8>> = fixtures().into_iter().map(|(_, b)| b).collect();
    for format in Format::ALL.map(Some).into_iter().chain([None]) {
        let name = format.map_or("auto", Format::name);
        fuzz(
            &format!("import-{name}"),
            &seeds,
            |input| match report::parse("fuzzed.json", input, format, &root) {
                Ok(r) => {
                    for f in &r.findings {
                        assert_eq!(f.fingerprint.len(), 64, "{f:?}");
                        let _ = (f.masked_context(), f.masked_around(), f.place());
                    }
                }
                Err(e) => assert_eq!(e.input, "fuzzed.json", "errors name the file"),
            },
        );
    }
}

fn allowlist_seeds() -> Vec<Vec<u8>> {
    let good = |fp: &str, extra: &str| {
        format!(
            r#"{{"fingerprint": "{fp}", "rule": "r", "provider": null, "kind": "false_positive", "reason": "x", "decided_by": "d", "decided_at": "2026-11-01T00:00:00Z"{extra}}}"#
        )
    };
    let a = "a".repeat(64);
    vec![
        format!("{{\"version\": 1, \"entries\": [{}]}}", good(&a, "")).into_bytes(),
        format!(
            "{{\"version\": 1, \"policy\": 2, \"entries\": [{}, {}, {}]}}",
            good(&a, r#", "path": "tests/**", "expires": "2027-01-31""#),
            good(&"é".repeat(40), ""),
            good(
                &a,
                &format!(r#", "path": "{}a{}""#, "{".repeat(300), "}".repeat(300))
            ),
        )
        .into_bytes(),
        format!(
            "{{\"entries\": [{}]}}",
            good(&a, r#", "expires": "2099-01-01\r\u001b[3A\u001b[J""#)
        )
        .into_bytes(),
        b"{\"version\": 1, \"entries\": [\xff]}".to_vec(),
        b"[1, 2]".to_vec(),
        b"".to_vec(),
    ]
}

fn triage_seeds() -> Vec<Vec<u8>> {
    let a = "a".repeat(64);
    vec![
        format!(
            r#"{{"version": 1, "findings": {{"{a}": {{"status": "investigating", "status_changed": {{"at": "2026-11-01T00:00:00Z", "by": "d"}}, "checklist": {{"rotate": {{"at": "2026-11-01T00:00:00Z", "by": "d"}}}}, "notes": [{{"at": "2026-11-01T00:00:00Z", "by": "d", "text": "t"}}]}}}}}}"#
        )
        .into_bytes(),
        "{\"findings\": {\"ééé\": {\"status\": \"revoked\"}}}".as_bytes().to_vec(),
        b"{\"findings\": []}".to_vec(),
    ]
}

#[test]
fn the_allowlist_reader_survives_mutated_files() {
    let seeds = allowlist_seeds();
    fuzz("allowlist", &seeds, |input| {
        let Ok(text) = std::str::from_utf8(input) else {
            return;
        };
        if let Ok((file, _)) = AllowlistFile::parse("allowlist.json", text) {
            // What loaded is usable: matched, listed, written.
            let matcher = file.matcher("2026-11-23");
            let mut f = leakdesk::finding::Finding::new(
                "t",
                "r",
                "tests/a.py".into(),
                leakdesk::finding::Evidence::secret("S3CRET-value"),
            );
            f.line = Some(1);
            let _ = matcher.entry_for(&f.finish());
            for e in &file.entries {
                let _ = leakdesk::allowlist::short(&e.fingerprint);
                assert!(e.validate().is_ok());
            }
            let out = leakdesk::safe_json::to_string_pretty(&file).unwrap();
            let (again, problems) = AllowlistFile::parse("again.json", &out).unwrap();
            assert!(problems.is_empty(), "what was written reads back whole");
            assert_eq!(again.entries, file.entries);
        }
    });
}

#[test]
fn the_triage_reader_survives_mutated_files() {
    let seeds = triage_seeds();
    fuzz("triage", &seeds, |input| {
        let Ok(text) = std::str::from_utf8(input) else {
            return;
        };
        if let Ok((file, _)) = TriageFile::parse("triage.json", text) {
            let out = leakdesk::safe_json::to_string_pretty(&file).unwrap();
            let (again, problems) = TriageFile::parse("again.json", &out).unwrap();
            assert!(problems.is_empty());
            assert_eq!(again.findings, file.findings);
        }
    });
}

#[test]
fn the_merge_driver_never_merges_what_it_cannot_read() {
    use leakdesk::allowlist::merge::{merge3, read_side};
    let mut seeds = allowlist_seeds();
    seeds.extend(triage_seeds());
    let base = read_side("base", &seeds[0]).unwrap();
    fuzz("merge-driver", &seeds, |input| {
        let Ok(theirs) = read_side("theirs", input) else {
            return;
        };
        // Read strictly, so every entry of each side is a readable entry.
        let merged = merge3(&base, &base, &theirs);
        if merged.conflicts.is_empty() {
            let text = leakdesk::safe_json::to_string_pretty(&merged.doc).unwrap();
            assert!(read_side("merged", text.as_bytes()).is_ok(), "{text}");
        }
    });
}
