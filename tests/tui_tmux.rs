//! End to end: the real binary in tmux, driven with send-keys and read with capture-pane, the
//! way a person uses it. Skipped (and saying so) where tmux is missing, unless
//! LEAKDESK_REQUIRE_TMUX is set, as CI sets it, so that CI never skips it.

// A panic is how a test fails.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn available() -> bool {
        let ok = Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            assert!(
                std::env::var_os("LEAKDESK_REQUIRE_TMUX").is_none(),
                "tmux is required here (LEAKDESK_REQUIRE_TMUX is set) but not installed"
            );
            eprintln!(
                "SKIPPED: tmux is not installed, so the end-to-end terminal tests did not run"
            );
        }
        ok
    }

    fn new(name: &str) -> Self {
        Self {
            socket: format!("leakdesk-test-{name}-{}", std::process::id()),
        }
    }

    fn tmux(&self, args: &[&str]) -> String {
        let o = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    /// Starts leakdesk in a fresh 100x30 session; the shell then prints its exit code.
    fn open(&self, dir: &Path, config: &Path) {
        self.open_then(dir, config, "");
    }

    /// Like `open`, and after leakdesk ends the shell runs `after` (before sleeping).
    fn open_then(&self, dir: &Path, config: &Path, after: &str) {
        self.open_full(dir, config, "", after);
    }

    /// Like `open_then`, with `env` (`NAME='value' ...`) set for leakdesk.
    fn open_full(&self, dir: &Path, config: &Path, env: &str, after: &str) {
        let cmd = format!(
            "cd '{}' && {env} LEAKDESK_CONFIG_DIR='{}' '{}' reports/detect-secrets.baseline.json reports/ggshield.json reports/gitleaks.json reports/trufflehog.jsonl; echo EXITED-$?; {after} sleep 30",
            dir.display(),
            config.display(),
            env!("CARGO_BIN_EXE_leakdesk")
        );
        // A session that outlives the others keeps the server up: killing the only session
        // stops the server, and a new session started while it shuts down can fail (seen under
        // load as a blank screen).
        self.tmux(&["new-session", "-d", "-s", "keeper", "sleep 600"]);
        self.tmux(&["kill-session", "-t", "t"]);
        self.tmux(&[
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            "100",
            "-y",
            "30",
            &cmd,
        ]);
        self.wait_for("leakdesk ");
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", "t", k]);
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    fn text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "t", "-l", text]);
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "t"])
    }

    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "waited for {needle:?}; the screen is:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

fn repo() -> tempfile::TempDir {
    common::example_repo()
}

#[test]
fn a_person_decides_ticks_quits_and_finds_it_all_again() {
    if !Tmux::available() {
        return;
    }
    let repo = repo();
    let config = tempfile::tempdir().unwrap();
    // The user's keys.json: x decides a false positive too.
    std::fs::write(
        config.path().join("keys.json"),
        r#"{"decide_false_positive": ["f", "x"]}"#,
    )
    .unwrap();
    let t = Tmux::new("session");
    t.open(repo.path(), config.path());
    // Live keys come first: the Customer.io key two tools verified, then the AWS key.
    let first = t.wait_for("1 of 7 · 7 open · 2 LIVE");
    assert!(first.contains("›  customerio"), "{first}");

    // Mark the Customer.io key a false positive with a reason.
    t.keys(&["x"]);
    t.wait_for("Decide customerio .env:5");
    t.text("Sandbox key from the onboarding docs; never valid");
    // ggshield verified this key live: the form asks before calling it harmless.
    t.keys(&["C-s"]);
    t.wait_for("verified LIVE by ggshield");
    t.keys(&["C-s"]);
    t.wait_for("Marked 1 secret (1 place) as a false positive");
    let allowlist = std::fs::read_to_string(repo.path().join(".leakdesk/allowlist.json")).unwrap();
    assert!(
        allowlist.contains("\"reason\": \"Sandbox key from the onboarding docs; never valid\""),
        "{allowlist}"
    );
    assert!(allowlist.contains("Dana Whitfield <dana@acme-shop.example>"));
    let after = t.wait_for("· 6 open");
    assert!(
        !after.contains("customerio"),
        "the decided secret left the list:\n{after}"
    );

    // Filter to the MessageBird key and tick the first step of its checklist.
    t.keys(&["/"]);
    t.text("messagebird");
    t.keys(&["Enter"]);
    t.wait_for("1 of 1");
    t.keys(&["Tab", "Tab", "Space"]);
    t.wait_for("Ticked `decide-order` (saved)");
    t.wait_for("[x] 1. Decide: revoke now");

    // Quit: the terminal is handed back to the shell.
    t.keys(&["q"]);
    let done = t.wait_for("EXITED-0");
    assert!(
        !done.contains("Secrets"),
        "the screen was not restored:\n{done}"
    );

    // Reopen: the decision and the tick are still there.
    t.open(repo.path(), config.path());
    let again = t.wait_for("· 6 open");
    assert!(!again.contains("customerio"), "{again}");
    t.keys(&["/"]);
    t.text("messagebird");
    t.keys(&["Enter", "Tab", "Tab"]);
    t.wait_for("[x] 1. Decide: revoke now");
    t.keys(&["C-c"]);
    t.wait_for("EXITED-0");
}

#[test]
fn every_termination_signal_hands_the_terminal_back_restored() {
    if !Tmux::available() {
        return;
    }
    let repo = repo();
    let config = tempfile::tempdir().unwrap();
    let t = Tmux::new("signals");
    // After leakdesk ends, the shell prints the terminal modes raw mode turns off.
    let modes = "stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo|isig|icrnl|opost)$' | tr '\\n' ' '; echo MODES;";
    for (signal, code) in [("TERM", 143), ("HUP", 129), ("INT", 130), ("QUIT", 131)] {
        t.open_then(repo.path(), config.path(), modes);
        t.wait_for("1 of 7");
        let flags = t.tmux(&[
            "display",
            "-p",
            "-t",
            "t",
            "#{alternate_on} #{mouse_any_flag}",
        ]);
        assert_eq!(flags.trim(), "1 1", "the screen is up, with the mouse");
        let shell = t.tmux(&["display", "-p", "-t", "t", "#{pane_pid}"]);
        let child = Command::new("pgrep")
            .args(["-P", shell.trim()])
            .output()
            .unwrap();
        let pids = String::from_utf8_lossy(&child.stdout).into_owned();
        let pid = pids.lines().next().unwrap_or_default().trim().to_owned();
        assert!(
            !pid.is_empty(),
            "leakdesk's pid under the pane's shell {shell}"
        );
        let sent = Command::new("kill")
            .args(["-s", signal, &pid])
            .status()
            .unwrap();
        assert!(
            sent.success(),
            "kill -s {signal} {pid} failed (children: {pids:?})"
        );
        let screen = t.wait_for("MODES");
        assert!(
            screen.contains(&format!("EXITED-{code}")),
            "SIG{signal}:\n{screen}"
        );
        assert!(
            screen.contains("icanon") && !screen.contains("-icanon") && !screen.contains("-echo "),
            "SIG{signal} left the terminal in raw mode:\n{screen}"
        );
        assert!(
            !screen.contains("Secrets"),
            "SIG{signal}: the screen is still up:\n{screen}"
        );
        let flags = t.tmux(&[
            "display",
            "-p",
            "-t",
            "t",
            "#{alternate_on} #{mouse_any_flag} #{cursor_flag}",
        ]);
        assert_eq!(
            flags.trim(),
            "0 0 1",
            "SIG{signal}: alternate screen, mouse reporting and cursor (want off, off, shown)"
        );
    }
}

/// `y` inside tmux: with `set-clipboard on` the Markdown lands in a tmux buffer (what tmux
/// passes on to the outer terminal), read back with `show-buffer`; with tmux's default
/// (`external`) the status line says which option to set and where the text was saved.
#[test]
fn copy_in_tmux_lands_in_a_tmux_buffer_or_says_why_not() {
    if !Tmux::available() {
        return;
    }
    let repo = repo();
    let config = tempfile::tempdir().unwrap();
    let t = Tmux::new("copy");
    t.open(repo.path(), config.path());
    t.wait_for("1 of 7");
    t.tmux(&["set", "-g", "set-clipboard", "on"]);
    t.keys(&["y"]);
    t.wait_for("tmux buffer");
    let buffer = t.tmux(&["show-buffer"]);
    assert!(
        buffer.contains("Customer.io"),
        "the copied Markdown is in tmux's buffer:\n{buffer}"
    );
    assert!(!buffer.contains("658b113e"), "no raw secret");

    t.tmux(&["set", "-g", "set-clipboard", "external"]);
    t.keys(&["j", "y"]);
    let screen = t.wait_for("set-clipboard on");
    let saved = screen
        .split("saved to ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .map(|p| p.trim_end_matches(['│', '.']))
        .unwrap_or_default()
        .to_owned();
    let text = std::fs::read_to_string(&saved).unwrap_or_default();
    assert!(text.contains("AWS"), "saved to {saved:?}:\n{screen}");
    let _ = std::fs::remove_file(saved);
    t.keys(&["q"]);
    t.wait_for("EXITED-0");
}

/// `o` opens the finding's file at its line in $EDITOR, and the screen comes back with the same
/// secret selected.
#[test]
fn o_opens_the_editor_at_the_line_and_comes_back() {
    if !Tmux::available() {
        return;
    }
    let repo = repo();
    let dir = repo.path();
    std::fs::write(
        dir.join(".env"),
        "A=1\nB=2\nMESSAGEBIRD=x\nC=3\nCUSTOMERIO=y\n",
    )
    .unwrap();
    // An "editor" named vim that records how it was called.
    let log = dir.join("editor.log");
    std::fs::create_dir_all(dir.join("bin")).unwrap();
    let editor = dir.join("bin/vim");
    std::fs::write(
        &editor,
        format!("#!/bin/sh\necho \"$@\" > '{}'\n", log.display()),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .args(["+x", editor.to_str().unwrap()])
        .status()
        .unwrap();
    let config = tempfile::tempdir().unwrap();
    let t = Tmux::new("editor");
    t.open_full(
        dir,
        config.path(),
        &format!("EDITOR='{}' VISUAL=", editor.display()),
        "",
    );
    t.wait_for("›  customerio");
    t.keys(&["o"]);
    let back = t.wait_for("Back from");
    assert!(back.contains("›  customerio"), "{back}");
    let called = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        called.trim(),
        "+5 ./.env",
        "vim gets the line, then the file"
    );
    t.keys(&["q"]);
    t.wait_for("EXITED-0");
}
