//! The screen and `check` read the same verdicts: a secret is open while any of its places is,
//! so the screen's open count is zero exactly when `check` passes. The case that once split
//! them: an entry scoped to `tests/**` for a secret that also sits in `src/app.py`.

// A panic is how a test fails.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use leakdesk::allowlist::AllowlistFile;
use leakdesk::playbook::Library;
use leakdesk::report::{self, Root};
use leakdesk::triage::TriageFile;
use leakdesk::tui::model::Model;

use common::leakdesk;

/// The screen's model over `report.json` and the repository's allowlist, as the screen loads it.
fn screen(dir: &Path) -> Model {
    let bytes = std::fs::read(dir.join("report.json")).unwrap();
    let findings = report::parse("report.json", &bytes, None, &Root::new(dir))
        .unwrap()
        .findings;
    let allowlist = leakdesk::store::read::<AllowlistFile>(&dir.join(".leakdesk/allowlist.json"))
        .unwrap()
        .doc;
    Model::new(
        leakdesk::report::merge::merge(findings),
        allowlist,
        TriageFile::default(),
        Library::bundled(),
        leakdesk::time::today(),
    )
}

#[test]
fn the_screen_open_count_and_check_agree_on_scoped_entries() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let line = b"STRIPE_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc\n";
    for file in ["src/app.py", "tests/fixture.py", "tests/unit/other.py"] {
        std::fs::create_dir_all(dir.join(file).parent().unwrap()).unwrap();
        std::fs::write(dir.join(file), line).unwrap();
    }
    let o = leakdesk(dir, &["scan", ".", "--format", "json"]);
    std::fs::write(dir.join("report.json"), &o.stdout).unwrap();
    let o = leakdesk(
        dir,
        &[
            "allowlist",
            "add",
            "--finding",
            "tests/fixture.py:1",
            "--path",
            "tests/**",
            "--reason",
            "test fixture",
            "report.json",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    // Scoped: two of three places hidden, src/app.py open. Both say so.
    let check = leakdesk(dir, &["check", "report.json"]);
    let m = screen(dir);
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(m.open_count(), 1, "the secret is still open in src/app.py");
    assert!(String::from_utf8_lossy(&check.stdout).contains("src/app.py:1"));
    assert_eq!(
        m.verdict(m.visible[0]).partly().as_deref(),
        Some("2 of 3 places allowlisted")
    );

    // Everywhere: nothing open, check passes.
    let o = leakdesk(
        dir,
        &[
            "allowlist",
            "add",
            "--finding",
            "src/app.py:1",
            "--reason",
            "rotated, dead key",
            "--kind",
            "revoked",
            "report.json",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let check = leakdesk(dir, &["check", "report.json"]);
    let m = screen(dir);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert_eq!(m.open_count(), 0);
}

/// `allowlist add` and the screen's form refuse the same decisions in the same words.
#[test]
fn the_command_line_and_the_form_refuse_a_decision_alike() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use leakdesk::decision::DecisionError;
    use leakdesk::tui::model::Overlay;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("app.env"),
        b"STRIPE_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc\n",
    )
    .unwrap();
    let o = leakdesk(dir, &["scan", ".", "--format", "json"]);
    std::fs::write(dir.join("report.json"), &o.stdout).unwrap();
    let wanted = DecisionError::NotADate("2027-02-30".into()).to_string();

    let o = leakdesk(
        dir,
        &[
            "allowlist",
            "add",
            "--finding",
            "app.env:1",
            "--reason",
            "fixture",
            "--expires",
            "2027-02-30",
            "report.json",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(&wanted),
        "{o:?}"
    );

    let mut m = screen(dir);
    let press = |m: &mut Model, key: KeyEvent| {
        if let Some(a) = leakdesk::tui::keymap::route_key(m, key) {
            leakdesk::tui::update::update(m, a);
        }
    };
    press(&mut m, KeyEvent::from(KeyCode::Char('f')));
    // The form opens on the reason; the expiry is the field before it.
    for c in "fixture".chars() {
        press(&mut m, KeyEvent::from(KeyCode::Char(c)));
    }
    press(&mut m, KeyEvent::from(KeyCode::BackTab));
    for c in "2027-02-30".chars() {
        press(&mut m, KeyEvent::from(KeyCode::Char(c)));
    }
    press(
        &mut m,
        KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
    );
    let Some(Overlay::Form(form)) = &m.overlay else {
        panic!("the form closed: the decision was accepted");
    };
    assert_eq!(form.error.as_deref(), Some(wanted.as_str()));
}
