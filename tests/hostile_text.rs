//! Hostile text never reaches the terminal. A value carrying an OSC 52 clipboard write, a screen
//! clear, cursor movement, C0 and C1 controls, DEL, bidi overrides and marks, zero-width and
//! invisible characters, Unicode line separators and a line break followed by a forged CI
//! annotation is put into every field of every input (every scanner report's every field, the
//! allowlist, the triage state, a playbook, a theme, a keys file, a file name), and every
//! command that prints it is run: nothing of it may come out, on standard output or error.

// A panic is how a test fails.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const HOSTILE: &str = "x\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\r\u{1b}[3A\u{9b}31m\u{202e}\u{2028}\u{2029}\u{200b}\u{200d}\u{2060}\u{feff}\u{61c}\u{7f}\u{85}\u{0}\t\n::error ::forged";

/// What must never be written to a terminal. Written out here rather than taken from the
/// library, so the test does not trust the code it tests.
fn is_hazard(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206F}'
                | '\u{FEFF}'
        )
}

fn assert_clean(what: &str, o: &Output) {
    for (stream, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        assert_ne!(o.status.code(), Some(101), "{what} panicked: {text}");
        let bad: Vec<String> = text
            .chars()
            .filter(|c| is_hazard(*c))
            .map(|c| format!("U+{:04X}", u32::from(c)))
            .collect();
        assert!(bad.is_empty(), "{what}: {stream} holds {bad:?}:\n{text}");
        assert!(
            !text.lines().any(|l| l.trim_start().starts_with("::error")),
            "{what}: {stream} has a forged line:\n{text}"
        );
    }
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leakdesk"))
        .args(args)
        .current_dir(dir)
        .env("LEAKDESK_CONFIG_DIR", dir.join(".config"))
        .output()
        .unwrap()
}

fn keys(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                if v.is_string() || v.as_array().is_some_and(|a| a.iter().any(Value::is_string)) {
                    out.insert(k.clone());
                }
                keys(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

/// Puts the hostile value before every string under `key` (every key when `None`).
fn poison(v: &mut Value, key: Option<&str>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m.iter_mut() {
                if key.is_none_or(|key| key == k) {
                    match v {
                        Value::String(s) => *s = format!("{HOSTILE}{s}"),
                        Value::Array(a) => {
                            for s in a.iter_mut() {
                                if let Value::String(s) = s {
                                    *s = format!("{HOSTILE}{s}");
                                }
                            }
                        }
                        _ => {}
                    }
                }
                poison(v, key);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|v| poison(v, key)),
        _ => {}
    }
}

/// A report's documents: one, or one per line.
fn documents(text: &str) -> (Vec<Value>, bool) {
    match serde_json::from_str::<Value>(text) {
        Ok(v) => (vec![v], false),
        Err(_) => (
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .filter_map(|l| serde_json::from_str(l).ok())
                .collect(),
            true,
        ),
    }
}

fn write_documents(path: &Path, docs: &[Value], lines: bool) {
    let text = if lines {
        docs.iter()
            .map(|d| serde_json::to_string(d).unwrap())
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        serde_json::to_string_pretty(&docs[0]).unwrap()
    };
    std::fs::write(path, text).unwrap();
}

#[test]
fn every_field_of_every_report_is_cleaned_in_every_format() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut reached = 0;
    let mut names: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    names.sort();
    names.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/reports/gitleaks.json"));
    for path in names {
        let text = std::fs::read_to_string(&path).unwrap();
        let (docs, lines) = documents(&text);
        if docs.is_empty() {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let report = dir.join(&name);
        let mut fields = BTreeSet::new();
        docs.iter().for_each(|d| keys(d, &mut fields));
        // One field at a time, so that a field that breaks the import does not hide the others.
        for field in &fields {
            let mut docs = docs.clone();
            docs.iter_mut().for_each(|d| poison(d, Some(field)));
            write_documents(&report, &docs, lines);
            let o = run(dir, &["list", "--all", &name]);
            assert_clean(&format!("list {name} ({field})"), &o);
            reached += usize::from(String::from_utf8_lossy(&o.stdout).contains("::error"));
        }
        // Every field at once, in every format.
        let mut all = docs.clone();
        all.iter_mut().for_each(|d| poison(d, None));
        write_documents(&report, &all, lines);
        for args in [
            &["list", "--all", "--format", "json"][..],
            &["list", "--all", "--format", "sarif"],
            &["check"],
        ] {
            let mut args = args.to_vec();
            args.push(&name);
            assert_clean(&format!("{args:?}"), &run(dir, &args));
        }
    }
    // The values did reach the output (cleaned): the test exercises the printing.
    assert!(reached > 20, "only {reached} runs printed a hostile value");
}

#[test]
fn decision_files_playbooks_and_file_names_are_cleaned() {
    let repo = common::example_repo();
    let dir = repo.path();
    let reports = [
        "reports/detect-secrets.baseline.json",
        "reports/ggshield.json",
        "reports/gitleaks.json",
        "reports/trufflehog.jsonl",
    ];
    let with = |args: &[&'static str]| -> Vec<&'static str> {
        args.iter().copied().chain(reports).collect()
    };
    // A clean allowlist committed, so `review` has something to compare with.
    let o = run(
        dir,
        &with(&[
            "allowlist",
            "add",
            "--finding",
            ".env:3",
            "--reason",
            "fixture",
        ]),
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for args in [&["add", "-A"][..], &["commit", "-qm", "base"]] {
        Command::new("git")
            .args(args)
            .current_dir(dir)
            .status()
            .unwrap();
    }
    // Every field of an entry poisoned; the fingerprint kept valid in one copy so that entry
    // loads and is printed, and poisoned in another.
    let path = dir.join(".leakdesk/allowlist.json");
    let mut list: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let good = list["entries"][0].clone();
    let mut printed = good.clone();
    for k in ["rule", "provider", "reason", "decided_by"] {
        printed[k] = Value::String(format!("{HOSTILE}{}", printed[k].as_str().unwrap_or("")));
    }
    printed["path"] = Value::String(format!("{HOSTILE}*"));
    printed[format!("extra{HOSTILE}")] = Value::String(HOSTILE.into());
    let mut all = good.clone();
    poison(&mut all, None);
    all["expires"] = Value::String(HOSTILE.into());
    list["entries"] = Value::Array(vec![good.clone(), printed, all]);
    list[HOSTILE] = Value::String(HOSTILE.into());
    std::fs::write(&path, serde_json::to_string_pretty(&list).unwrap()).unwrap();
    // A triage state with every field poisoned.
    let fp = good["fingerprint"].as_str().unwrap();
    let stamp = serde_json::json!({"at": "2026-11-01T00:00:00Z", "by": HOSTILE});
    let state = serde_json::json!({
        "version": 1,
        HOSTILE: HOSTILE,
        "findings": {
            fp: {"status": "investigating", "status_changed": stamp, "notes": [{"at": "2026-11-01T00:00:00Z", "by": HOSTILE, "text": HOSTILE}], "checklist": {"rotate": stamp}, HOSTILE: HOSTILE},
            HOSTILE: {"status": "revoked", "notes": [{"at": HOSTILE, "by": HOSTILE, "text": HOSTILE}]}
        }
    });
    std::fs::write(dir.join(".leakdesk/triage.json"), state.to_string()).unwrap();
    // A repository playbook with every field poisoned, and one whose id is.
    let mut playbook: Value =
        serde_json::from_str(include_str!("../src/playbook/bundled/github.json")).unwrap();
    poison(&mut playbook, None);
    playbook["id"] = Value::String("evil".into());
    std::fs::create_dir_all(dir.join(".leakdesk/playbooks")).unwrap();
    std::fs::write(
        dir.join(".leakdesk/playbooks/evil.json"),
        playbook.to_string(),
    )
    .unwrap();
    playbook["id"] = Value::String(HOSTILE.into());
    std::fs::write(
        dir.join(".leakdesk/playbooks/worse.json"),
        playbook.to_string(),
    )
    .unwrap();
    // A scanned file whose name and content are hostile (no NUL: that would make it binary).
    let text = HOSTILE.replace('\0', "");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let evil_name = "app\u{1b}]0;title\u{7}\n::error ::forged\u{202e}.env";
    std::fs::write(
        dir.join("src").join(evil_name),
        format!("{text}\nTOKEN=ghp_Xy7Lm2Qp9Rs4Tu6Vw8Za1Bc3De5Fg7Hi9Jk0 {text}\n{text}\n"),
    )
    .unwrap();
    // Arguments cannot hold a NUL.
    let arg = HOSTILE.replace('\0', "");
    let arg = arg.as_str();
    let commands: Vec<Vec<&str>> = vec![
        with(&["allowlist", "list"]),
        vec!["allowlist", "list"],
        with(&["allowlist", "review", "--since", "HEAD"]),
        with(&["allowlist", "prune", "--dry-run"]),
        with(&["allowlist", "export", "--to", "gitleaks"]),
        with(&["allowlist", "export", "--to", "ggshield"]),
        with(&["allowlist", "export", "--to", "detect-secrets"]),
        with(&["allowlist", "export", "--to", "sarif"]),
        with(&[
            "allowlist",
            "add",
            "--finding",
            ".env:3",
            "--reason",
            "another",
        ]),
        vec!["allowlist", "remove", arg],
        vec!["allowlist", "add", "--fingerprint", arg, "--reason", arg],
        with(&["list", "--all"]),
        with(&["check"]),
        vec!["triage", "show"],
        vec!["triage", "status", arg, "revoked"],
        vec!["triage", "tick", fp, arg],
        vec!["playbook"],
        vec!["playbook", "evil"],
        vec!["playbook", "evil", "--format", "markdown"],
        vec!["playbook", "evil", "--format", "json"],
        vec!["playbook", arg],
        vec!["scan", "src"],
        vec!["scan", "src", "--format", "json"],
        vec!["scan", "src", "--format", "sarif"],
        vec!["check", "src"],
        vec!["list", arg],
        vec![arg],
    ];
    for args in &commands {
        assert_clean(&format!("{args:?}"), &run(dir, args));
    }
    // The scanned file is named as it is, escaped, in the list.
    let o = run(dir, &["scan", "src"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("ghp_"), "{o:?}");
    let o = run(dir, &["scan", "src", "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["findings"][0]["file"],
        format!("src/{evil_name}"),
        "JSON keeps the name, escaped"
    );
}

/// Everything the screen draws, drawn into a test terminal: findings with every field poisoned,
/// warnings from a hostile theme and keys file, the help, playbook, allowlist and form overlays.
#[test]
fn the_screen_draws_no_hostile_character() {
    use crossterm::event::{KeyCode, KeyEvent};
    use leakdesk::tui::model::{Model, Notice};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/reports/gitleaks.json"),
    )
    .unwrap();
    let mut report: Value = serde_json::from_str(&text).unwrap();
    for (i, f) in report.as_array_mut().unwrap().iter_mut().enumerate() {
        // Dates stay readable (the import checks them); every other text field is poisoned.
        for k in [
            "RuleID",
            "Description",
            "Match",
            "File",
            "Commit",
            "Author",
            "Email",
            "Message",
            "Fingerprint",
        ] {
            f[k] = Value::String(format!("{HOSTILE}{}{i}", f[k].as_str().unwrap_or("")));
        }
        f["Secret"] = Value::String(format!("{}{HOSTILE}", f["Secret"].as_str().unwrap_or("")));
    }
    let root = leakdesk::report::Root::new(dir);
    let findings = leakdesk::report::parse(
        "evil.json",
        serde_json::to_string(&report).unwrap().as_bytes(),
        None,
        &root,
    )
    .unwrap()
    .findings;
    assert!(!findings.is_empty());
    // A theme and a keys file with hostile names and values.
    std::fs::create_dir_all(dir.join("themes")).unwrap();
    std::fs::write(
        dir.join("themes/default.json"),
        serde_json::json!({ HOSTILE: HOSTILE, "accent": HOSTILE }).to_string(),
    )
    .unwrap();
    std::fs::write(
        dir.join("keys.json"),
        serde_json::json!({ HOSTILE: HOSTILE }).to_string(),
    )
    .unwrap();
    let (theme, mut warnings) =
        leakdesk::tui::theme::Theme::load("default", Some(&dir.join("themes")), false);
    let (_, remap_warnings) = leakdesk::tui::keymap::Keymap::load(Some(dir));
    warnings.extend(remap_warnings);
    assert!(!warnings.is_empty(), "{warnings:?}");
    let mut m = Model::new(
        leakdesk::report::merge::merge(findings),
        leakdesk::allowlist::AllowlistFile::default(),
        leakdesk::triage::TriageFile::default(),
        leakdesk::playbook::Library::bundled(),
        "2026-11-23".into(),
    );
    let mut screens = Vec::new();
    let mut draw = |m: &mut Model| {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
        let mut view = leakdesk::tui::ui::ViewState::default();
        terminal
            .draw(|f| leakdesk::tui::ui::render(f, &mut view, m, &theme))
            .unwrap();
        screens.push(terminal.backend().to_string());
    };
    for w in &warnings {
        m.notice = Some(Notice::error(w.clone()));
        draw(&mut m);
    }
    m.notice = None;
    for keys in ["", "r", "j", "tab", "p", "esc ?", "esc f", "esc a"] {
        for k in keys.split(' ').filter(|k| !k.is_empty()) {
            let event = match k {
                "tab" => KeyEvent::from(KeyCode::Tab),
                "esc" => KeyEvent::from(KeyCode::Esc),
                k => KeyEvent::from(KeyCode::Char(k.chars().next().unwrap())),
            };
            if let Some(a) = leakdesk::tui::keymap::route_key(&m, event) {
                leakdesk::tui::update::update(&mut m, a);
            }
        }
        draw(&mut m);
    }
    for screen in &screens {
        let bad: Vec<String> = screen
            .chars()
            .filter(|c| is_hazard(*c))
            .map(|c| format!("U+{:04X}", u32::from(c)))
            .collect();
        assert!(bad.is_empty(), "the screen holds {bad:?}:\n{screen}");
        assert!(!screen.lines().any(|l| l.contains("│::error")), "{screen}");
    }
}
