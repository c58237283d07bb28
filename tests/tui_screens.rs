//! The triage screen drawn into ratatui's TestBackend (insta snapshots), and its state
//! transitions driven by actions, with no terminal.

// A panic is how a test fails.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use leakdesk::allowlist::{AllowlistFile, Kind};
use leakdesk::finding::{Finding, Status};
use leakdesk::playbook::Library;
use leakdesk::report::{self, Root, merge::merge};
use leakdesk::triage::TriageFile;
use leakdesk::tui::keymap::route_key;
use leakdesk::tui::model::{Focus, Model, Overlay};
use leakdesk::tui::theme::Theme;
use leakdesk::tui::ui::{ViewState, render};
use leakdesk::tui::update::{Action, Effect, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn example_findings() -> Vec<Finding> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/reports");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let root = Root::new(Path::new("/nonexistent-root"));
    let mut all = Vec::new();
    for p in names {
        let bytes = std::fs::read(&p).unwrap();
        all.extend(
            report::parse(&p.display().to_string(), &bytes, None, &root)
                .unwrap()
                .findings,
        );
    }
    merge(all)
}

/// A model in file order (most tests walk the examples as they are laid out); the default
/// order, live first, has its own test.
fn model_with(findings: Vec<Finding>) -> Model {
    let mut m = live_first(findings);
    m.set_sort(leakdesk::tui::model::Sort::Place);
    m.selected = 0;
    m
}

fn live_first(findings: Vec<Finding>) -> Model {
    Model::new(
        findings,
        AllowlistFile::default(),
        TriageFile::default(),
        Library::bundled(),
        "2026-11-23".into(),
    )
}

fn model() -> Model {
    model_with(example_findings())
}

fn draw(m: &mut Model, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let mut view = ViewState::default();
    let theme = Theme::plain();
    terminal.draw(|f| render(f, &mut view, m, &theme)).unwrap();
    terminal.backend().to_string()
}

/// Presses keys through the real keymap, as a person would: "j j tab space".
fn press(m: &mut Model, keys: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for k in keys.split(' ') {
        // The keys.json notation, so a test reads like a binding.
        let spec: leakdesk::tui::keyspec::KeySpec =
            k.parse().unwrap_or_else(|e| panic!("unknown key {k}: {e}"));
        let event = spec.to_event();
        if let Some(action) = route_key(m, event) {
            effects.extend(update(m, action));
        }
    }
    effects
}

fn type_text(m: &mut Model, text: &str) {
    for c in text.chars() {
        if let Some(a) = route_key(m, KeyEvent::from(KeyCode::Char(c))) {
            update(m, a);
        }
    }
}

#[test]
fn list_and_detail_at_80x24() {
    let mut m = model();
    insta::assert_snapshot!("list__examples_80x24", draw(&mut m, 80, 24));
}

#[test]
fn wide_layout_puts_detail_and_checklist_side_by_side() {
    let mut m = model();
    press(&mut m, "j j tab");
    insta::assert_snapshot!("detail__checklist_focused_120x30", draw(&mut m, 120, 30));
}

#[test]
fn checklist_ticks_show_done() {
    let mut m = model();
    let effects = press(&mut m, "tab tab space");
    let [
        Effect::Tick {
            fingerprint,
            step,
            done: true,
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(step, "decide-order");
    m.triage.tick(
        fingerprint,
        step,
        true,
        leakdesk::triage::Stamp {
            at: "t".into(),
            by: "d".into(),
        },
    );
    press(&mut m, "j");
    insta::assert_snapshot!("checklist__one_ticked_80x24", draw(&mut m, 80, 24));
}

#[test]
fn decision_form_and_its_validation() {
    let mut m = model();
    press(&mut m, "f");
    assert!(matches!(m.overlay, Some(Overlay::Form(_))));
    // No reason: refused with a message, nothing to save.
    assert!(press(&mut m, "ctrl-s").is_empty());
    insta::assert_snapshot!("form__reason_required_80x24", draw(&mut m, 80, 24));
    type_text(&mut m, "Sandbox key, never valid in production");
    let effects = press(&mut m, "ctrl-s");
    let [Effect::AddEntries { entries, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(entries[0].kind, Kind::FalsePositive);
    assert_eq!(entries[0].reason, "Sandbox key, never valid in production");
    assert_eq!(entries[0].path, None);
    assert!(m.overlay.is_none());
}

#[test]
fn form_kind_scope_and_expiry_fields() {
    let mut m = model();
    press(&mut m, "R tab");
    // Kind: from revoked, right arrow moves to accepted risk.
    update(&mut m, Action::FormKey(KeyEvent::from(KeyCode::Right)));
    press(&mut m, "tab");
    update(&mut m, Action::FormKey(KeyEvent::from(KeyCode::Down)));
    press(&mut m, "tab");
    type_text(&mut m, "2027-01-31");
    press(&mut m, "tab");
    type_text(&mut m, "Accepted until the migration");
    let effects = press(&mut m, "ctrl-s");
    let [Effect::AddEntries { entries, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(entries[0].kind, Kind::AcceptedRisk);
    assert_eq!(entries[0].path.as_deref(), Some(".env"));
    assert_eq!(entries[0].expires.as_deref(), Some("2027-01-31"));
}

#[test]
fn help_lists_every_key() {
    let mut m = model();
    press(&mut m, "?");
    insta::assert_snapshot!("help__open_80x24", draw(&mut m, 80, 24));
    let screen = draw(&mut m, 120, 120);
    for row in leakdesk::tui::keymap::defaults().help() {
        // The keys, then the description, on one line (at 120 columns nothing wraps).
        assert!(
            screen.lines().any(|l| l
                .split_once(&format!("  {}  ", row.keys))
                .is_some_and(|(_, rest)| rest.trim_start().starts_with(row.describe))),
            "help lacks {} ({}): {}",
            row.name,
            row.keys,
            row.describe
        );
    }
    // In a short window it scrolls to its end.
    for _ in 0..80 {
        press(&mut m, "j");
    }
    assert!(!draw(&mut m, 80, 24).contains("the end"));
    press(&mut m, "G");
    assert!(draw(&mut m, 80, 24).contains("close it"));
    press(&mut m, "g");
    assert!(draw(&mut m, 80, 24).contains("anywhere:"));
}

/// The keymap against what help shows: in every layer, each key that does something is listed
/// in the help for that layer (or one it falls back to), and each listed key does something.
#[test]
fn every_key_that_works_is_in_the_help_and_every_listed_key_works() {
    use leakdesk::tui::keymap::{Keymap, Layer, defaults};
    use leakdesk::tui::keyspec::KeySpec;
    let help = defaults().help();
    let listed = |layer: Layer| -> Vec<String> {
        let layers: &[Layer] = match layer {
            Layer::Checklist | Layer::Detail => &[layer, Layer::List, Layer::Anywhere],
            Layer::Fix => &[Layer::Fix, Layer::Reader, Layer::Anywhere],
            Layer::List | Layer::Facets | Layer::Allowlist | Layer::Reader => {
                &[layer, Layer::Anywhere]
            }
            other => std::slice::from_ref(match other {
                Layer::Filter => &Layer::Filter,
                Layer::Form => &Layer::Form,
                _ => &Layer::Anywhere,
            }),
        };
        help.iter()
            .filter(|r| layers.contains(&r.layer))
            .flat_map(|r| r.keys.split("  ").map(str::to_owned).collect::<Vec<_>>())
            .collect()
    };
    let mut candidates: Vec<String> = (b'!'..=b'~').map(|b| char::from(b).to_string()).collect();
    candidates.extend(
        [
            "space",
            "enter",
            "esc",
            "tab",
            "backtab",
            "backspace",
            "delete",
            "up",
            "down",
            "left",
            "right",
            "home",
            "end",
            "pageup",
            "pagedown",
            "f1",
            "f2",
        ]
        .map(str::to_owned),
    );
    candidates.extend((b'a'..=b'z').map(|b| format!("ctrl-{}", char::from(b))));
    // A model in each layer, reached with the keys a person would press.
    for (keys, layer) in [
        ("", Layer::List),
        ("tab", Layer::Detail),
        ("tab tab", Layer::Checklist),
        ("?", Layer::Reader),
        ("n", Layer::Facets),
        ("a", Layer::Allowlist),
        ("x", Layer::Fix),
    ] {
        let mut m = model();
        if !keys.is_empty() {
            press(&mut m, keys);
        }
        assert_eq!(Keymap::layer(&m), layer, "{keys}");
        let listed = listed(layer);
        for c in &candidates {
            let spec: KeySpec = c.parse().unwrap();
            let works = route_key(&m, spec.to_event()).is_some();
            assert_eq!(
                works,
                listed.contains(c),
                "{layer:?}: `{c}` {} but the help {}",
                if works {
                    "does something"
                } else {
                    "does nothing"
                },
                if works {
                    "does not list it"
                } else {
                    "lists it"
                }
            );
        }
    }
}

#[test]
fn empty_input_has_a_friendly_state() {
    let mut m = model_with(Vec::new());
    insta::assert_snapshot!("empty__80x24", draw(&mut m, 80, 24));
    press(&mut m, "j k g G tab space f r y m u");
}

#[test]
fn narrow_terminal_keeps_the_list() {
    let mut m = model();
    insta::assert_snapshot!("list__narrow_40x12", draw(&mut m, 40, 12));
    // Tiny windows say so instead of drawing a broken screen (ratatui's TestBackend itself
    // cannot be 0x0).
    assert!(draw(&mut m, 30, 3).contains("enlarge the window"));
    draw(&mut m, 1, 1);
}

#[test]
fn filter_is_fuzzy_exact_and_negated() {
    let mut m = model();
    press(&mut m, "/");
    type_text(&mut m, "vision");
    assert_eq!(m.visible.len(), 2);
    insta::assert_snapshot!("list__filtered_80x24", draw(&mut m, 80, 24));
    press(&mut m, "enter");
    assert!(!m.filtering);
    press(&mut m, "/");
    type_text(&mut m, " !fixtures");
    assert_eq!(m.visible.len(), 1);
    // A negation that grows excludes less: `!fixtureZ` shows both again.
    type_text(&mut m, "Z");
    assert_eq!(m.visible.len(), 2);
    press(&mut m, "esc");
    press(&mut m, "/");
    // Fuzzy, but close together within one field: "vsn" finds `vision`; "vis" no longer
    // matches letters scattered over `.env … ggshield gitleaks` (D28).
    type_text(&mut m, "vis");
    assert_eq!(m.visible.len(), 2);
    type_text(&mut m, "i");
    assert_eq!(m.visible.len(), 2);
    for _ in 0..4 {
        update(&mut m, Action::FilterBackspace);
    }
    type_text(&mut m, "vsn");
    assert_eq!(
        m.visible.len(),
        2,
        "letters in order within a word still match"
    );
    for _ in 0..4 {
        update(&mut m, Action::FilterBackspace);
    }
    assert_eq!(m.visible.len(), 7, "deleting widens again");
    press(&mut m, "esc");
    assert_eq!(m.visible.len(), 7);
    press(&mut m, "/");
    type_text(&mut m, "'env");
    assert!(
        m.visible
            .iter()
            .all(|&g| m.groups[g].haystack.contains("env"))
    );
}

#[test]
fn reveal_is_for_one_secret_and_hides_again_on_move() {
    let mut m = model();
    press(&mut m, "r");
    let screen = draw(&mut m, 80, 24);
    assert!(screen.contains("H0s6w9S0eDmKAShGQgtTl3ENL"), "{screen}");
    press(&mut m, "j");
    assert!(m.revealed.is_none());
    assert!(!draw(&mut m, 80, 24).contains("H0s6w9S0eDmKAShGQgtTl3ENL"));
}

#[test]
fn navigation_stays_in_bounds() {
    let mut m = model();
    press(&mut m, "k k");
    assert_eq!(m.selected, 0);
    press(&mut m, "G");
    assert_eq!(m.selected, 6);
    press(&mut m, "j j");
    assert_eq!(m.selected, 6);
    press(&mut m, "g");
    assert_eq!(m.selected, 0);
    update(&mut m, Action::PageDown);
    assert_eq!(m.selected, 6);
}

#[test]
fn bulk_decision_covers_every_marked_secret_and_undo_removes_them() {
    let mut m = model();
    press(&mut m, "m m");
    assert_eq!(m.marked.len(), 2);
    press(&mut m, "t");
    type_text(&mut m, "Both are fixtures");
    // One of them is verified live (the list shows those first): the first save asks again.
    assert!(press(&mut m, "ctrl-s").is_empty());
    let screen = draw(&mut m, 100, 30);
    assert!(screen.contains("verified LIVE by"), "{screen}");
    let effects = press(&mut m, "ctrl-s");
    let [Effect::AddEntries { entries, label, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(entries.len(), 2);
    assert!(label.contains("2 secrets"), "{label}");
    let undo = press(&mut m, "u");
    let [Effect::RemoveEntries { keys, .. }] = undo.as_slice() else {
        panic!("{undo:?}")
    };
    assert_eq!(keys.len(), 2);
}

#[test]
fn status_keys_and_allowlisted_secrets() {
    let mut m = model();
    let e = press(&mut m, "i");
    assert!(matches!(
        e.as_slice(),
        [Effect::SetStatus {
            status: Status::Investigating,
            ..
        }]
    ));
    // An allowlisted secret is hidden; h shows it again with its decision.
    let fp = m.groups[m.selected_group().unwrap()].fingerprint.clone();
    m.allowlist
        .add(leakdesk::allowlist::Entry {
            fingerprint: fp,
            rule: "r".into(),
            provider: None,
            path: None,
            kind: Kind::Revoked,
            reason: "Revoked in INC-231".into(),
            decided_by: "Dana".into(),
            decided_at: "2026-11-20T10:00:00Z".into(),
            expires: None,
            extra: serde_json::Map::new(),
        })
        .unwrap();
    m.decisions_changed();
    assert_eq!(m.visible.len(), 6);
    press(&mut m, "h g");
    assert_eq!(m.visible.len(), 7);
    assert_eq!(m.status(m.selected_group().unwrap()), Status::Revoked);
    assert!(draw(&mut m, 100, 30).contains("revoked: Revoked in INC-231 (Dana, 2026-11-20)"));
    assert!(
        press(&mut m, "i").is_empty(),
        "an allowlisted secret's status is the allowlist's"
    );
}

#[test]
fn copy_is_markdown_with_the_secret_redacted() {
    let mut m = model();
    let e = press(&mut m, "tab tab space esc y");
    let Some(Effect::Copy { text }) = e.last() else {
        panic!("{e:?}")
    };
    assert!(
        text.starts_with("# Leaked MessageBird (Bird) secret"),
        "{text}"
    );
    assert!(text.contains("`.env:3` (commit 3f9a1c27d84e)"), "{text}");
    assert!(
        text.contains("- [ ] **Identify which kind of key leaked**"),
        "{text}"
    );
    assert!(!text.contains("H0s6w9S0eDmKAShGQgtTl3ENL"));
}

#[test]
fn quit_keys() {
    let mut m = model();
    press(&mut m, "q");
    assert!(m.should_quit);
    let mut m = model();
    press(&mut m, "ctrl-c");
    assert!(m.should_quit);
    assert_eq!(m.focus, Focus::List);
}

#[test]
fn hostile_report_text_is_cleaned_on_screen() {
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile-ansi.gitleaks.json"),
    )
    .unwrap();
    let findings = report::parse("h", &bytes, None, &Root::new(Path::new("/x")))
        .unwrap()
        .findings;
    let mut m = model_with(findings);
    let screen = draw(&mut m, 100, 30);
    assert!(
        !screen.contains('\u{1b}') && !screen.contains('\u{7}') && !screen.contains('\u{202e}')
    );
    press(&mut m, "r");
    assert!(!draw(&mut m, 100, 30).contains('\u{1b}'));
}

#[test]
fn the_readme_key_table_matches_the_keymap() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let table = leakdesk::tui::keymap::markdown_table(&leakdesk::tui::keymap::defaults().help());
    assert!(
        readme.contains(&table),
        "README's key table differs from the keymap; it should read:\n{table}"
    );
}

#[test]
fn the_list_window_follows_the_selection_through_many_rows() {
    let findings: Vec<Finding> = (0..200)
        .map(|i| {
            let mut f = Finding::new(
                "gitleaks",
                "generic-api-key",
                format!("src/m{i:03}.py"),
                leakdesk::finding::Evidence::secret(format!("SECRET-value-{i:04}")),
            );
            f.line = Some(1);
            f.finish()
        })
        .collect();
    let mut m = model_with(merge(findings));
    press(&mut m, "G");
    let screen = draw(&mut m, 80, 24);
    assert!(
        screen
            .lines()
            .any(|l| l.contains("›") && l.contains("src/m199.py:1")),
        "{screen}"
    );
    assert!(screen.contains("200 of 200"), "{screen}");
    press(&mut m, "g");
    assert!(draw(&mut m, 80, 24).contains("› ") && draw(&mut m, 80, 24).contains("src/m000.py:1"));
}

fn decided(m: &mut Model, reason: &str, expires: Option<&str>) -> String {
    let fp = m.groups[m.selected_group().unwrap()].fingerprint.clone();
    m.allowlist
        .add(leakdesk::allowlist::Entry {
            fingerprint: fp.clone(),
            rule: "MessageBird Key".into(),
            provider: Some("messagebird".into()),
            path: None,
            kind: Kind::TestCredential,
            reason: reason.into(),
            decided_by: "Dana Whitfield <dana@acme-shop.example>".into(),
            decided_at: "2026-11-20T10:00:00Z".into(),
            expires: expires.map(str::to_owned),
            extra: serde_json::Map::new(),
        })
        .unwrap();
    m.decisions_changed();
    fp
}

#[test]
fn allowlist_view_lists_decisions_and_removes_and_edits_them() {
    let mut m = model();
    let fp = decided(&mut m, "Fixture key used by the SMS tests", None);
    m.allowlist
        .add(leakdesk::allowlist::Entry {
            fingerprint: "0".repeat(64),
            rule: "generic-api-key".into(),
            provider: None,
            path: Some("old/**".into()),
            kind: Kind::FalsePositive,
            reason: "An example in the old docs".into(),
            decided_by: "Sam <sam@acme-shop.example>".into(),
            decided_at: "2025-01-02T10:00:00Z".into(),
            expires: Some("2025-06-30".into()),
            extra: serde_json::Map::new(),
        })
        .unwrap();
    m.decisions_changed();
    press(&mut m, "a");
    let screen = draw(&mut m, 120, 24);
    insta::assert_snapshot!("allowlist__two_entries_120x24", screen);
    assert!(
        screen.contains("expired") && screen.contains("active"),
        "{screen}"
    );

    // Remove the selected (first, sorted) entry; undo puts it back.
    let removed = press(&mut m, "d");
    let [Effect::RemoveEntries { keys, label }] = removed.as_slice() else {
        panic!("{removed:?}")
    };
    assert_eq!(keys[0].0, "0".repeat(64));
    // Each says what it did: `d` removed, `u` put it back (they used to say the opposite).
    assert!(
        label.starts_with("Removed the false positive entry"),
        "{label}"
    );
    let undo = press(&mut m, "u");
    let [
        Effect::ReplaceEntry {
            key: None, label, ..
        },
    ] = undo.as_slice()
    else {
        panic!("{undo:?}")
    };
    assert!(label.contains("the entry is back"), "{label}");

    // Edit the second: the form opens with its reason; saving replaces it under the same key.
    press(&mut m, "j e");
    let Some(Overlay::Form(form)) = &m.overlay else {
        panic!("no form")
    };
    assert_eq!(
        form.reason.lines().join("\n"),
        "Fixture key used by the SMS tests"
    );
    type_text(&mut m, " (rotated monthly)");
    let saved = press(&mut m, "ctrl-s");
    let [
        Effect::ReplaceEntry {
            key: Some((key_fp, None)),
            entry,
            ..
        },
    ] = saved.as_slice()
    else {
        panic!("{saved:?}")
    };
    assert_eq!(*key_fp, fp);
    assert_eq!(
        entry.reason,
        "Fixture key used by the SMS tests (rotated monthly)"
    );
    assert_eq!(
        entry.decided_by, "Dana Whitfield <dana@acme-shop.example>",
        "an edit keeps who decided"
    );
}

#[test]
fn the_whole_playbook_opens_over_the_screen() {
    let mut m = model();
    press(&mut m, "p");
    let screen = draw(&mut m, 100, 40);
    insta::assert_snapshot!("playbook__messagebird_100x40", screen);
    assert!(
        screen.contains("Risks") && screen.contains("SMS pumping"),
        "{screen}"
    );
    press(&mut m, "esc");
    assert!(m.overlay.is_none());
}

#[test]
fn a_bulk_decision_previews_how_many_findings_it_covers() {
    let mut m = model();
    press(&mut m, "M f");
    assert!(draw(&mut m, 100, 30).contains("Decide 7 secrets together (7 places)"));
}

#[test]
fn facets_narrow_with_counts() {
    let mut m = model();
    press(&mut m, "n");
    let screen = draw(&mut m, 80, 40);
    insta::assert_snapshot!("facets__open_80x40", screen);
    let Some(Overlay::Facets { items, .. }) = &m.overlay else {
        panic!("no facets")
    };
    let tools: Vec<(String, usize)> = items
        .iter()
        .filter(|i| i.0 == leakdesk::tui::model::Field::Tool)
        .map(|i| (i.1.clone(), i.2))
        .collect();
    assert_eq!(tools[0], ("ggshield".to_owned(), 5), "{tools:?}");
    // Narrow to the tool gitleaks: the cursor moves down to it.
    let at = items
        .iter()
        .position(|i| i.0 == leakdesk::tui::model::Field::Tool && i.1 == "gitleaks")
        .unwrap();
    for _ in 0..at {
        press(&mut m, "j");
    }
    press(&mut m, "space esc");
    assert_eq!(m.visible.len(), 4);
    assert!(draw(&mut m, 80, 24).contains("tool=gitleaks"));
    // Verified live only, on top of it.
    press(&mut m, "n");
    let Some(Overlay::Facets { items, .. }) = &m.overlay else {
        panic!()
    };
    let at = items
        .iter()
        .position(|i| i.0 == leakdesk::tui::model::Field::Verified && i.1 == "yes")
        .unwrap();
    for _ in 0..at {
        press(&mut m, "j");
    }
    press(&mut m, "enter esc");
    assert_eq!(m.visible.len(), 1);
    // Esc in the list clears the narrowing.
    press(&mut m, "esc");
    assert_eq!(m.visible.len(), 7);
}

#[test]
fn sort_cycles_and_keeps_the_selection() {
    let mut m = model();
    press(&mut m, "G");
    let selected = m.groups[m.selected_group().unwrap()].fingerprint.clone();
    press(&mut m, "s");
    assert_eq!(m.groups[m.selected_group().unwrap()].fingerprint, selected);
    let providers: Vec<String> = m
        .visible
        .iter()
        .map(|&g| m.values(g, leakdesk::tui::model::Field::Provider)[0].clone())
        .collect();
    let mut sorted = providers.clone();
    sorted.sort_by_key(|p| if p == "-" { "~".to_owned() } else { p.clone() });
    assert_eq!(providers, sorted);
    press(&mut m, "s s");
    assert!(
        m.findings[m.groups[m.visible[0]].members[0]].verified == leakdesk::finding::Verified::Yes,
        "verified live first"
    );
    press(&mut m, "s");
    let back: Vec<String> = m
        .visible
        .iter()
        .map(|&g| m.findings[m.groups[g].members[0]].place())
        .collect();
    assert_eq!(back[0], ".env:3", "{back:?}");
}

#[test]
fn mouse_wheel_and_clicks_select_rows_steps_and_detail_lines() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    use leakdesk::tui::keymap::route_mouse;
    let mut m = model();
    let mut view = ViewState::default();
    draw_fed(&mut m, &mut view, 80, 24);
    let at = |kind, column, row| MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    let click = |column, row| at(MouseEventKind::Down(MouseButton::Left), column, row);
    let a = route_mouse(&m, at(MouseEventKind::ScrollDown, 10, 5), &view).unwrap();
    update(&mut m, a);
    assert_eq!(m.selected, 1);
    // A click on the fourth list row.
    let (top, _) = view.list_rows;
    let a = route_mouse(&m, click(10, top + 3), &view).unwrap();
    update(&mut m, a);
    assert_eq!(m.selected, 3);
    draw_fed(&mut m, &mut view, 80, 24);
    // A click on a step's `[ ]` ticks it; on its title, selects it.
    let (row, step) = view.checklist_rows[1];
    let a = route_mouse(&m, click(view.checklist_left + 2, row), &view).unwrap();
    let effects = update(&mut m, a);
    assert_eq!(m.focus, Focus::Checklist);
    assert_eq!(m.checklist_cursor, step);
    assert!(
        matches!(effects.as_slice(), [Effect::Tick { done: true, .. }]),
        "{effects:?}"
    );
    let a = route_mouse(&m, click(view.checklist_left + 12, row), &view).unwrap();
    assert!(
        update(&mut m, a).is_empty(),
        "a click on the title only selects"
    );
    // A click in the detail focuses it on that line.
    let (detail_top, _, left, _) = view.detail_area.unwrap();
    let a = route_mouse(&m, click(left + 3, detail_top + 1), &view).unwrap();
    update(&mut m, a);
    assert_eq!((m.focus, m.detail_cursor), (Focus::Detail, 1));
    assert!(
        route_mouse(&m, click(10, 23), &view).is_none(),
        "the status line is not clickable"
    );
    // In the narrowing popup a click toggles the value under it.
    press(&mut m, "esc n");
    draw_fed(&mut m, &mut view, 80, 24);
    let &(row, item) = view.facet_rows.get(1).unwrap();
    let a = route_mouse(&m, click(20, row), &view).unwrap();
    update(&mut m, a);
    assert!(
        matches!(m.overlay, Some(Overlay::Facets { .. })),
        "the popup stays open"
    );
    assert_eq!(
        m.facets.len(),
        1,
        "the clicked value narrows the list (item {item})"
    );
}

#[test]
fn every_start_up_warning_can_be_read_in_full() {
    let mut m = model();
    m.warnings = vec![
        "themes/mine.json:3:14: field `accent`: unknown colour `blu`\n  hint: use a name (blue) or #rrggbb".into(),
        "keys.json: `ctrl-q` acts as `x`, which is not a key leakdesk binds".into(),
    ];
    press(&mut m, "!");
    let screen = draw(&mut m, 80, 24);
    assert!(screen.contains("Start-up warnings: 2"), "{screen}");
    insta::assert_snapshot!("warnings__open_80x24", screen);
    press(&mut m, "esc");
    assert!(m.overlay.is_none());
    m.warnings.clear();
    press(&mut m, "!");
    assert!(m.overlay.is_none());
    assert_eq!(
        m.notice.as_ref().map(|n| n.text.as_str()),
        Some("No start-up warnings.")
    );
}

/// The main screen with its styles (colours, bold, reverse), in each bundled theme: a change of
/// style shows here, where the plain snapshots see only text.
#[test]
fn main_screen_in_colour_in_every_bundled_theme() {
    for name in ["default", "dark", "light", "high-contrast"] {
        let (theme, warnings) = Theme::load(name, None, false);
        assert!(warnings.is_empty(), "{name}: {warnings:?}");
        let mut m = model();
        press(&mut m, "j");
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        let mut view = ViewState::default();
        terminal.draw(|f| render(f, &mut view, &m, &theme)).unwrap();
        insta::assert_debug_snapshot!(
            format!("colour__{name}_100x30"),
            terminal.backend().buffer()
        );
    }
}

#[test]
fn edit_form_status_notices_and_help_when_small() {
    let mut m = model();
    decided(
        &mut m,
        "Fixture key from the onboarding docs",
        Some("2027-06-30"),
    );
    press(&mut m, "a e");
    insta::assert_snapshot!("form__edit_entry_80x24", draw(&mut m, 80, 24));
    press(&mut m, "esc esc");
    m.notice = Some(leakdesk::tui::model::Notice::ok(
        "Marked 1 secret (1 place) as a false positive · u undoes",
    ));
    insta::assert_snapshot!("notice__ok_80x24", draw(&mut m, 80, 24));
    m.notice = Some(leakdesk::tui::model::Notice::error(
        "not saved: .leakdesk/allowlist.json is a symbolic link (to /home/dana/.bashrc)",
    ));
    insta::assert_snapshot!("notice__error_80x24", draw(&mut m, 80, 24));
    m.notice = None;
    press(&mut m, "?");
    insta::assert_snapshot!("help__open_40x12", draw(&mut m, 40, 12));
}

/// Verified live is the organising signal: live secrets first by default, counted in the
/// header, and a LIVE badge that a status never hides; the filter reads the screen's words.
#[test]
fn live_secrets_come_first_and_keep_their_badge() {
    let mut m = live_first(example_findings());
    let first: Vec<String> = m.visible[..2]
        .iter()
        .map(|&g| m.values(g, leakdesk::tui::model::Field::Provider)[0].clone())
        .collect();
    assert_eq!(first, ["customerio", "aws"]);
    let screen = draw(&mut m, 100, 30);
    assert!(screen.contains("7 open · 2 LIVE"), "{screen}");
    let fp = m.groups[m.visible[0]].fingerprint.clone();
    m.triage
        .set_status(
            &fp,
            Status::Investigating,
            None,
            leakdesk::triage::Stamp {
                at: "2026-11-23T03:00:00Z".into(),
                by: "Dana".into(),
            },
        )
        .unwrap();
    m.triage_changed();
    let screen = draw(&mut m, 100, 30);
    assert!(screen.contains("LIVE investigating"), "{screen}");
    press(&mut m, "/ l i v e enter");
    assert_eq!(m.visible.len(), 2, "/live keeps the live ones");
    press(
        &mut m,
        "esc / i s : l i v e space ! t o o l : g g s h i e l d enter",
    );
    assert_eq!(m.visible.len(), 1, "is:live !tool:ggshield: the AWS key");
    press(&mut m, "esc / i n v e s t i g a t i n g enter");
    assert_eq!(m.visible.len(), 1);
}

/// The handoff: the Detail pane shows who set the status and when, and the latest notes; the
/// copied Markdown carries them too.
#[test]
fn detail_and_copy_show_status_by_whom_and_notes() {
    let mut m = model();
    let fp = m.groups[m.visible[0]].fingerprint.clone();
    let stamp = || leakdesk::triage::Stamp {
        at: "2026-12-03T03:12:00Z".into(),
        by: "Dana".into(),
    };
    m.triage
        .set_status(&fp, Status::Investigating, None, stamp())
        .unwrap();
    m.triage.add_note(
        &fp,
        "Paged INC-77; Dana deactivated the key at 03:12",
        stamp(),
    );
    m.triage_changed();
    let screen = draw(&mut m, 120, 40);
    assert!(
        screen.contains("investigating (by Dana, 2026-12-03 03:12)"),
        "{screen}"
    );
    assert!(screen.contains("Paged INC-77"), "{screen}");
    let md = leakdesk::tui::remediation::markdown(&m, m.visible[0]);
    assert!(
        md.contains("## Notes") && md.contains("at 03:12 (Dana, 2026-12-03"),
        "{md}"
    );
    assert!(md.contains("- Status: investigating (set by Dana"), "{md}");
}

/// `N` types a note for the selected secret; enter saves it through the triage state.
#[test]
fn n_adds_a_note() {
    let mut m = model();
    let fp = m.groups[m.visible[0]].fingerprint.clone();
    press(&mut m, "N");
    type_text(&mut m, "Paged INC-77");
    assert!(draw(&mut m, 100, 30).contains("note: Paged INC-77"));
    let effects = press(&mut m, "enter");
    assert_eq!(
        effects,
        [Effect::AddNote {
            fingerprint: fp,
            text: "Paged INC-77".into()
        }]
    );
    assert!(m.note.is_none());
    // esc drops a note being typed.
    press(&mut m, "N x esc");
    assert!(m.note.is_none());
}

/// Draws with a view kept between frames and feeds what the layout learnt back to the model,
/// as the app does after every draw.
fn draw_fed(m: &mut Model, view: &mut ViewState, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let theme = Theme::plain();
    terminal.draw(|f| render(f, view, m, &theme)).unwrap();
    update(
        m,
        Action::Layout {
            page: view.page,
            scroll_max: view.scroll_max,
            detail_places: view.detail_places.clone(),
        },
    );
    terminal.backend().to_string()
}

#[test]
fn the_detail_takes_focus_scrolls_to_every_place_and_opens_one() {
    let findings: Vec<Finding> = (0..8)
        .map(|i| {
            let mut f = Finding::new(
                "gitleaks",
                "generic-api-key",
                format!("services/svc{i}/settings.py"),
                leakdesk::finding::Evidence::secret("Zq8vT2mWc4Lr9xYb7NfH3kP1".to_owned()),
            );
            f.line = Some(10 + i);
            f.finish()
        })
        .collect();
    let mut m = model_with(merge(findings));
    let mut view = ViewState::default();
    let first = draw_fed(&mut m, &mut view, 80, 24);
    assert!(first.contains("more lines: tab reads them"), "{first}");
    assert!(!first.contains("svc7/settings.py:17"), "{first}");
    press(&mut m, "tab");
    assert_eq!(m.focus, Focus::Detail);
    draw_fed(&mut m, &mut view, 80, 24);
    press(&mut m, "G");
    let end = draw_fed(&mut m, &mut view, 80, 24);
    assert!(
        end.lines()
            .any(|l| l.contains("›") && l.contains("services/svc7/settings.py:17")),
        "{end}"
    );
    let effects = press(&mut m, "enter");
    assert!(
        matches!(effects.as_slice(), [Effect::OpenEditor { file, line: Some(17) }] if file == "services/svc7/settings.py"),
        "{effects:?}"
    );
    // Tab goes on to the checklist, then back to the list; esc also returns to the list.
    press(&mut m, "tab");
    assert_eq!(m.focus, Focus::Checklist);
    press(&mut m, "tab");
    assert_eq!(m.focus, Focus::List);
    press(&mut m, "backtab");
    assert_eq!(m.focus, Focus::Checklist);
    press(&mut m, "esc");
    assert_eq!(m.focus, Focus::List);
}

#[test]
fn small_terminals_keep_the_checklist_in_sight() {
    let mut m = model();
    let screen = draw(&mut m, 60, 15);
    assert!(screen.contains("checklist 0/9 done"), "{screen}");
    press(&mut m, "tab tab");
    let checklist = draw(&mut m, 60, 15);
    assert!(checklist.contains("1. Decide: revoke now"), "{checklist}");
}

#[test]
fn the_playbook_reflows_to_80_columns_without_losing_a_word() {
    let mut m = model();
    press(&mut m, "p");
    let mut view = ViewState::default();
    let mut seen = String::new();
    for _ in 0..20 {
        let screen = draw_fed(&mut m, &mut view, 80, 24);
        seen.push_str(&screen);
        press(&mut m, "pagedown");
    }
    let p = m.playbook().unwrap();
    // Every word of what the key grants is on screen somewhere (wrapped, never clipped).
    let text: String = seen
        .lines()
        .map(|l| l.trim_matches(|c| c == '"' || c == '│' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ");
    for word in p.grants.split_whitespace() {
        assert!(text.contains(word), "`{word}` lost: {text}");
    }
}

/// What the app does with an effect on the allowlist, without a file: applied to the model's
/// copy and reported back as saved.
fn saved(m: &mut Model, effects: Vec<Effect>) {
    let mut file = m.allowlist.clone();
    for e in effects {
        match e {
            Effect::AddEntries { entries, .. } => {
                for mut entry in entries {
                    entry.decided_by = "Dana".into();
                    entry.decided_at = "2026-11-23T03:12:00Z".into();
                    file.add(entry).unwrap();
                }
            }
            Effect::RemoveEntries { keys, .. } => file.entries.retain(|e| {
                !keys
                    .iter()
                    .any(|(fp, p)| e.fingerprint == *fp && e.path == *p)
            }),
            other => panic!("{other:?}"),
        }
    }
    update(
        m,
        Action::Done(leakdesk::tui::update::Outcome::AllowlistSaved {
            file,
            message: "saved".into(),
        }),
    );
}

fn provider_selected(m: &Model) -> String {
    m.selected_finding()
        .and_then(|f| f.provider.clone())
        .unwrap_or_default()
}

#[test]
fn a_bulk_decision_keeps_the_cursor_on_its_secret_and_undo_returns_to_the_restored_one() {
    let mut m = model();
    // Mark rows 1 and 3 (m moves down), leaving the cursor on row 4.
    press(&mut m, "m j m");
    let here = provider_selected(&m);
    assert_eq!(here, "chiefapp");
    press(&mut m, "R");
    type_text(&mut m, "Rotated in INC-42");
    let effects = press(&mut m, "ctrl-s");
    saved(&mut m, effects);
    assert_eq!(
        provider_selected(&m),
        "chiefapp",
        "the cursor stayed on its secret"
    );
    let effects = press(&mut m, "u");
    saved(&mut m, effects);
    assert_eq!(
        provider_selected(&m),
        "messagebird",
        "undo returns to the secret it brings back"
    );
}

#[test]
fn a_list_narrowed_by_path_decides_under_that_path() {
    let mut m = model();
    press(&mut m, "/");
    type_text(&mut m, "path:src/**");
    press(&mut m, "enter f");
    let Some(Overlay::Form(form)) = &m.overlay else {
        panic!("no form")
    };
    assert_eq!(form.scope.as_deref(), Some("src/**"));
    assert!(draw(&mut m, 80, 24).contains("only under src/**"));
}

#[test]
fn saving_an_edited_entry_returns_to_the_allowlist_view() {
    let mut m = model();
    press(&mut m, "f");
    type_text(&mut m, "An example key");
    let effects = press(&mut m, "ctrl-s");
    saved(&mut m, effects);
    press(&mut m, "a e");
    assert!(matches!(m.overlay, Some(Overlay::Form(_))));
    assert!(
        draw(&mut m, 100, 30).contains("Edit entry"),
        "names the entry"
    );
    press(&mut m, "ctrl-s");
    assert!(
        matches!(m.overlay, Some(Overlay::Allowlist { .. })),
        "back in the allowlist view"
    );
}

/// A theme that paints a background paints it under popups too (a light terminal showed a
/// white box inside the dark screen); the default paints none, anywhere.
#[test]
fn popups_share_the_screen_background() {
    use ratatui::style::Color;
    for (name, painted) in [("dark", true), ("light", true), ("default", false)] {
        let (theme, _) = Theme::load(name, None, false);
        for keys in ["f", "?", "a", "n", "p"] {
            let mut m = model();
            press(&mut m, keys);
            let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
            let mut view = ViewState::default();
            terminal.draw(|f| render(f, &mut view, &m, &theme)).unwrap();
            let buffer = terminal.backend().buffer();
            let unpainted = buffer
                .content()
                .iter()
                .filter(|c| c.bg == Color::Reset)
                .count();
            if painted {
                assert_eq!(
                    unpainted, 0,
                    "{name} {keys}: cells left on the terminal's background"
                );
            } else {
                assert!(
                    unpainted > buffer.content().len() / 2,
                    "{name} {keys}: the default follows the terminal's background"
                );
            }
        }
    }
}

#[test]
fn the_fix_view_switches_method_and_language_and_copies_the_snippet() {
    let mut m = model();
    press(&mut m, "x");
    let screen = draw(&mut m, 100, 30);
    insta::assert_snapshot!("fix__env_dotenv_100x30", screen);
    assert!(screen.contains("[an environment variable]"), "{screen}");
    assert!(
        !screen.contains("H0s6w9S0eDmKAShGQgtTl3ENL"),
        "no secret on screen"
    );
    press(&mut m, "right");
    assert!(draw(&mut m, 100, 30).contains("[AWS Secrets Manager]"));
    // Tab walks the languages and forms round to Python.
    for _ in 0..15 {
        if draw(&mut m, 100, 30).contains("(python)") {
            break;
        }
        press(&mut m, "tab");
    }
    let python = draw(&mut m, 100, 30);
    assert!(
        python.contains("(python)") && python.contains("boto3"),
        "{python}"
    );
    let effects = press(&mut m, "y");
    let [
        Effect::RecordFix { method, lang, .. },
        Effect::Copy { text },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(
        (method.id(), lang.id()),
        ("aws", "python"),
        "the fix taken is recorded"
    );
    assert!(
        text.contains("pip install boto3") && text.contains("get_secret_value"),
        "{text}"
    );
    assert!(
        !text.contains("H0s6w9S0eDmKAShGQgtTl3ENL"),
        "no secret copied"
    );
    press(&mut m, "esc");
    assert!(m.overlay.is_none());
}

#[test]
fn e_writes_the_incident_record_of_the_secrets_shown() {
    let mut m = model();
    m.now = "2026-12-03T03:12:00Z".into();
    press(&mut m, "/");
    type_text(&mut m, "is:live");
    press(&mut m, "enter");
    let effects = press(&mut m, "E");
    let [Effect::WriteReport { text, secrets }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(*secrets, 2);
    assert!(
        text.contains("for the filter `is:live` (2 secrets)"),
        "{text}"
    );
    assert!(text.contains("Verified live: yes"), "{text}");
    assert!(
        !text.contains("658b113e64963d04500f8a4081411f71"),
        "no secret"
    );
}

#[test]
fn a_live_secret_answers_the_decision_step() {
    let mut m = live_first(example_findings());
    let live = draw(&mut m, 120, 40);
    assert!(live.contains("→ LIVE: revoke now"), "{live}");
    // A secret no tool verified keeps the question open.
    let mut m = model();
    let not_live = draw(&mut m, 120, 40);
    assert!(!not_live.contains("LIVE: revoke now"), "{not_live}");
}
