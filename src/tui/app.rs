//! The loop: draw, read an event, route it to an action, update, run the effects. The only
//! module that touches the terminal, files and the clipboard.

use std::path::PathBuf;

use crossterm::event::{self, Event, KeyEventKind};

use super::keymap::{self, Keymap};
use super::model::{Model, Notice};
use super::theme::Theme;
use super::ui::{self, ViewState};
use super::update::{Action, Effect, Outcome, update};
use crate::allowlist::AllowlistFile;
use crate::clipboard::{Clipboard, SystemClipboard};
use crate::store;
use crate::triage::{Stamp, TriageFile};
use crate::workspace::Workspace;

pub struct Options {
    pub theme: String,
    pub mouse: bool,
}

/// Everything the loop needs besides the model.
pub struct App<C: Clipboard> {
    pub model: Model,
    pub view: ViewState,
    pub theme: Theme,
    pub clipboard: C,
    keymap: Keymap,
    allowlist_path: PathBuf,
    /// Effects of the last key, run by the loop (after a "Saving…" frame when slow).
    pending: std::collections::VecDeque<Effect>,
    state_path: PathBuf,
    decider: String,
    /// The allowlist and triage state as last read or written.
    files: [super::disk::Watched; 2],
    /// The repository the findings' paths are relative to.
    root: PathBuf,
    /// A file to open in the editor once the loop can hand it the terminal.
    pub editor_request: Option<(PathBuf, Option<u32>)>,
}

impl<C: Clipboard> App<C> {
    /// The screen over `ws` (findings, decisions and playbooks, loaded once by the command
    /// line), with the theme and key remaps from the config directory.
    pub fn new(ws: Workspace, opts: &Options, clipboard: C) -> Self {
        let mut warnings = ws.warnings.clone();
        if ws.unreadable > 0 {
            warnings.insert(
                0,
                format!(
                    "{} path{} could not be read: the list may miss secrets (see the messages after you quit)",
                    ws.unreadable,
                    if ws.unreadable == 1 { "" } else { "s" }
                ),
            );
        }
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let (theme, theme_warnings) = Theme::load(
            &opts.theme,
            crate::config::dir().map(|d| d.join("themes")).as_deref(),
            no_color,
        );
        warnings.extend(theme_warnings);
        // Terminals that do not announce 24-bit colour get the nearest of the 256 colours.
        let theme = if super::theme::truecolor(std::env::var("COLORTERM").ok().as_deref()) {
            theme
        } else {
            theme.in_256_colours()
        };
        let (keymap, keymap_warnings) = Keymap::load(crate::config::dir().as_deref());
        warnings.extend(keymap_warnings);
        let paths = ws.paths.clone();
        let mut model = Model::from_workspace(ws);
        if let Some(sort) = super::prefs::sort(crate::config::dir().as_deref()) {
            model.set_sort(sort);
            model.selected = 0;
        }
        model.help = keymap.help();
        // Fix templates: the user's and the repository's replace the bundled sections they have.
        let (fixes, fix_warnings) = crate::fix::Library::for_root(&paths.root);
        model.fixes = fixes;
        warnings.extend(fix_warnings);
        model.allowlist_file = paths
            .allowlist
            .strip_prefix(&paths.root)
            .unwrap_or(&paths.allowlist)
            .display()
            .to_string();
        if let Some(w) = warnings.first() {
            let more = match warnings.len() {
                1 => " (! shows it in full)".to_owned(),
                n => format!(" (+{} more: ! shows them all)", n - 1),
            };
            model.notice = Some(Notice::error(format!(
                "warning: {}{more}",
                w.replace('\n', " ")
            )));
        }
        model.warnings = warnings;
        Self {
            model,
            view: ViewState::default(),
            theme,
            clipboard,
            keymap,
            files: [
                super::disk::Watched::new(&paths.allowlist),
                super::disk::Watched::new(&paths.state),
            ],
            decider: crate::git::identity(&paths.root),
            root: paths.root.clone(),
            editor_request: None,
            pending: std::collections::VecDeque::new(),
            allowlist_path: paths.allowlist,
            state_path: paths.state,
        }
    }

    /// Applies an action, runs its effects, and feeds each result back through `update`.
    pub fn dispatch(&mut self, action: Action) {
        self.model.now = crate::time::now_rfc3339();
        let mut queue = std::collections::VecDeque::from([action]);
        while let Some(action) = queue.pop_front() {
            for effect in update(&mut self.model, action) {
                let outcome = self.run(effect);
                // What we wrote is what the model will hold (a write merges others' changes).
                self.files.iter_mut().for_each(super::disk::Watched::saw);
                queue.push_back(Action::Done(outcome));
            }
        }
    }

    /// Reads the allowlist and triage state again when they changed on disk, and hands them
    /// to `update`, which says so. Returns whether anything changed.
    pub fn check_files(&mut self) -> bool {
        use super::disk::Change;
        let mut said = Vec::new();
        let (mut allowlist, mut triage) = (None, None);
        for i in 0..self.files.len() {
            let Some(change) = self.files[i].changed() else {
                continue;
            };
            let name = self.files[i].name();
            let loaded = if i == 0 {
                store::read::<AllowlistFile>(&self.allowlist_path).map(|l| {
                    let counts = (l.doc.entries.len(), l.problems.len());
                    allowlist = Some(l.doc);
                    counts
                })
            } else {
                store::read::<TriageFile>(&self.state_path).map(|l| {
                    let counts = (l.doc.findings.len(), l.problems.len());
                    triage = Some(l.doc);
                    counts
                })
            };
            said.push(match (change, loaded) {
                (Change::Deleted, _) => format!(
                    "{name} was deleted on disk: its {} no longer apply here (a new decision re-creates the file)",
                    if i == 0 { "decisions" } else { "ticks and statuses" },
                ),
                (_, Ok((n, 0))) => format!("{name} changed on disk: reloaded ({n} entries)"),
                (_, Ok((n, bad))) => format!(
                    "{name} changed on disk: reloaded {n} entries, {bad} unreadable left out (run `leakdesk allowlist list` for details)"
                ),
                (_, Err(e)) => format!(
                    "{name} changed on disk and cannot be read ({}); showing what was read before",
                    e.to_string().replace('\n', " ")
                ),
            });
        }
        if said.is_empty() {
            return false;
        }
        self.dispatch(Action::Done(Outcome::ChangedOnDisk {
            allowlist,
            triage,
            message: said.join(" · "),
        }));
        true
    }

    fn stamp(&self) -> Stamp {
        Stamp {
            at: crate::time::now_rfc3339(),
            by: self.decider.clone(),
        }
    }

    /// Runs one effect (files, clipboard) and says what happened; the model is left to
    /// `update`.
    /// Applies `change` to the allowlist on disk; the file as written.
    fn save_allowlist(
        &self,
        change: impl FnOnce(&mut AllowlistFile) -> Result<(), String>,
    ) -> Result<AllowlistFile, store::UpdateError> {
        store::update(&self.allowlist_path, |file: &mut AllowlistFile| {
            change(file)?;
            Ok(file.clone())
        })
    }

    fn run(&mut self, effect: Effect) -> Outcome {
        match effect {
            Effect::AddEntries { mut entries, label } => {
                // Who and when: facts of this machine, filled in as the entries are written.
                let now = crate::time::now_rfc3339();
                for e in &mut entries {
                    e.decided_by.clone_from(&self.decider);
                    e.decided_at.clone_from(&now);
                }
                match self.save_allowlist(|file| {
                    entries
                        .into_iter()
                        .try_for_each(|e| file.add(e).map_err(String::from))
                }) {
                    Ok(file) => Outcome::AllowlistSaved {
                        file,
                        // Short enough for 80 columns; the allowlist view (a) shows the file.
                        message: format!("Marked {label} · u undoes"),
                    },
                    Err(e) => Outcome::AllowlistNotSaved {
                        error: format!("not saved: {e}"),
                        drop_undo: true,
                    },
                }
            }
            Effect::RemoveEntries { keys, label } => saved(
                self.save_allowlist(|file| {
                    file.entries.retain(|e| {
                        !keys
                            .iter()
                            .any(|(fp, path)| e.fingerprint == *fp && e.path == *path)
                    });
                    Ok(())
                }),
                label,
            ),
            Effect::ReplaceEntry { key, entry, label } => {
                let mut entry = *entry;
                if entry.decided_by.is_empty() {
                    entry.decided_by.clone_from(&self.decider);
                    entry.decided_at = crate::time::now_rfc3339();
                }
                let result = self.save_allowlist(|file| {
                    if let Some((fp, path)) = &key {
                        file.entries
                            .retain(|e| !(e.fingerprint == *fp && e.path == *path));
                    }
                    file.add(entry).map_err(String::from)
                });
                saved(result, label)
            }
            Effect::Tick {
                fingerprint,
                step,
                done,
            } => {
                let stamp = self.stamp();
                match store::update(&self.state_path, |t: &mut TriageFile| {
                    t.tick(&fingerprint, &step, done, stamp);
                    Ok(t.clone())
                }) {
                    Ok(file) => Outcome::TriageSaved {
                        file,
                        message: format!(
                            "{} `{step}` (saved)",
                            if done { "Ticked" } else { "Unticked" }
                        ),
                    },
                    Err(e) => Outcome::TriageNotSaved {
                        error: format!("not saved: {e}"),
                    },
                }
            }
            Effect::AddNote { fingerprint, text } => {
                let stamp = self.stamp();
                match store::update(&self.state_path, |t: &mut TriageFile| {
                    t.add_note(&fingerprint, &text, stamp);
                    Ok(t.clone())
                }) {
                    Ok(file) => Outcome::TriageSaved {
                        file,
                        message: format!(
                            "Noted for {} (saved with who and when; y copies it too)",
                            crate::allowlist::short(&fingerprint)
                        ),
                    },
                    Err(e) => Outcome::TriageNotSaved {
                        error: format!("note not saved: {e}"),
                    },
                }
            }
            Effect::SetStatus {
                fingerprint,
                status,
                expected,
            } => {
                let stamp = self.stamp();
                match store::update(&self.state_path, |t: &mut TriageFile| {
                    t.set_status(&fingerprint, status, Some(expected), stamp)?;
                    Ok(t.clone())
                }) {
                    Ok(file) => Outcome::TriageSaved {
                        file,
                        message: format!("Status: {}", status.as_str()),
                    },
                    Err(e) => Outcome::TriageNotSaved {
                        error: format!("not saved: {e}"),
                    },
                }
            }
            Effect::OpenEditor { file, line } => {
                let path = self.root.join(&file);
                if path.is_file() {
                    self.editor_request = Some((path, line));
                    Outcome::Edited {
                        message: format!(
                            "Opening {} in {}…",
                            crate::sanitize::clean(&file),
                            super::editor::chosen().join(" ")
                        ),
                        error: false,
                    }
                } else {
                    Outcome::Edited {
                        message: format!(
                            "{} is not in this checkout (was the report made elsewhere? --root sets where)",
                            crate::sanitize::clean(&file)
                        ),
                        error: true,
                    }
                }
            }
            Effect::RecordFix {
                fingerprint,
                method,
                lang,
            } => {
                let stamp = self.stamp();
                match store::update(&self.state_path, |t: &mut TriageFile| {
                    t.take_fix(&fingerprint, method.id(), lang.id(), stamp);
                    Ok(t.clone())
                }) {
                    Ok(file) => Outcome::TriageSaved {
                        file,
                        message: "Recorded the fix taken".to_owned(),
                    },
                    Err(e) => Outcome::TriageNotSaved {
                        error: format!("the fix taken was not recorded: {e}"),
                    },
                }
            }
            Effect::WriteReport { text, secrets } => {
                let dir = self
                    .state_path
                    .parent()
                    .map_or_else(|| PathBuf::from("."), std::path::Path::to_path_buf)
                    .join("reports");
                let stamp = crate::time::now_rfc3339().replace([':', '-'], "");
                let path = dir.join(format!("incident-{stamp}.md"));
                let written = std::fs::create_dir_all(&dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))
                    .and_then(|()| crate::store::replace_file(&path, text.as_bytes()));
                match written {
                    Ok(()) => Outcome::Edited {
                        message: format!(
                            "Wrote the record of {secrets} secret{} to {}",
                            if secrets == 1 { "" } else { "s" },
                            path.strip_prefix(&self.root).unwrap_or(&path).display()
                        ),
                        error: false,
                    },
                    Err(e) => Outcome::Edited {
                        message: format!("record not written: {e}"),
                        error: true,
                    },
                }
            }
            Effect::RememberSort(sort) => match crate::config::dir() {
                Some(dir) => match super::prefs::remember_sort(&dir, sort) {
                    Ok(()) => Outcome::Quiet,
                    Err(e) => Outcome::NotRemembered {
                        error: format!("sorted, but the order is not remembered: {e}"),
                    },
                },
                None => Outcome::Quiet,
            },
            Effect::Copy { text } => match self.clipboard.copy(&text) {
                Ok(how) => Outcome::Copied {
                    lost: how.lost(),
                    how: how.describe(),
                },
                Err(e) => Outcome::NotCopied {
                    error: format!("could not copy: {e}"),
                },
            },
        }
    }

    fn handle(&mut self, event: Event) {
        let action = match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                self.keymap.route(&self.model, key)
            }
            Event::Mouse(mouse) => keymap::route_mouse(&self.model, mouse, &self.view),
            Event::Paste(text) => Some(Action::Paste(text)),
            _ => None,
        };
        // The effects wait for the loop, which can say "Saving…" before a long write.
        if let Some(a) = action {
            self.model.now = crate::time::now_rfc3339();
            self.pending.extend(update(&mut self.model, a));
        }
    }

    /// What to show while the waiting effects run, when they may take a noticeable time (a
    /// bulk decision over a large list re-judges every finding).
    fn slow_pending(&self) -> Option<String> {
        self.pending.iter().find_map(|e| match e {
            Effect::AddEntries { entries, .. }
                if entries.len() > 1 || self.model.findings.len() > 50_000 =>
            {
                Some(format!(
                    "Saving {} decision{}…",
                    entries.len(),
                    if entries.len() == 1 { "" } else { "s" }
                ))
            }
            _ => None,
        })
    }

    /// Runs the effects `handle` left, feeding each result back through `update`.
    fn run_pending(&mut self) {
        while let Some(effect) = self.pending.pop_front() {
            let outcome = self.run(effect);
            self.files.iter_mut().for_each(super::disk::Watched::saw);
            self.dispatch(Action::Done(outcome));
        }
    }
}

/// Restores the terminal however the screen ends (quit, error, signal); panics are covered by
/// the hook `ratatui::init` installs.
struct Restore {
    mouse: bool,
}

impl Drop for Restore {
    fn drop(&mut self) {
        restore_terminal(self.mouse);
    }
}

/// Mouse reporting and bracketed paste off, then raw mode, the alternate screen and the hidden
/// cursor undone.
/// A removal or replacement's result: `message` when saved (the undo is kept either way).
fn saved(result: Result<AllowlistFile, store::UpdateError>, message: String) -> Outcome {
    match result {
        Ok(file) => Outcome::AllowlistSaved { file, message },
        Err(e) => Outcome::AllowlistNotSaved {
            error: format!("not saved: {e}"),
            drop_undo: false,
        },
    }
}

fn restore_terminal(mouse: bool) {
    let mut out = std::io::stdout();
    if mouse {
        let _ = crossterm::execute!(out, crossterm::event::DisableMouseCapture);
    }
    let _ = crossterm::execute!(out, crossterm::event::DisableBracketedPaste);
    ratatui::restore();
}

/// Why the screen could not go on, with the error underneath.
#[derive(Debug)]
pub enum ScreenError {
    /// Listening for termination signals could not be set up.
    Signals(std::io::Error),
    /// Drawing to the terminal failed.
    Draw(std::io::Error),
    /// Reading keys from the terminal failed.
    Read(std::io::Error),
}

impl std::fmt::Display for ScreenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Signals(e) => write!(f, "cannot listen for signals: {e}"),
            Self::Draw(e) => write!(f, "cannot draw on the terminal: {e}"),
            Self::Read(e) => write!(f, "cannot read the terminal: {e}"),
        }
    }
}

impl std::error::Error for ScreenError {}

/// How the screen ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// A termination signal (its number) arrived.
    Signal(i32),
}

/// How often the loop looks for signals while no key arrives.
const TICK: std::time::Duration = std::time::Duration::from_millis(100);
/// How often it looks whether its files changed on disk.
const FILE_LOOK: std::time::Duration = std::time::Duration::from_secs(1);

/// Opens the screen over `findings` until the user quits or a signal ends it.
pub fn run(ws: Workspace, opts: &Options) -> Result<Ended, ScreenError> {
    let mut app = App::new(ws, opts, SystemClipboard::new());
    let mouse = opts.mouse;
    // Installed before the terminal changes, so no signal can leave it half set up.
    let signals = super::signals::Watch::install(move || restore_terminal(mouse))
        .map_err(ScreenError::Signals)?;
    let mut terminal = ratatui::init();
    let _restore = Restore { mouse };
    let mut out = std::io::stdout();
    let _ = crossterm::execute!(out, crossterm::event::EnableBracketedPaste);
    if mouse {
        let _ = crossterm::execute!(out, crossterm::event::EnableMouseCapture);
    }
    let mut dirty = true;
    let mut last_look = std::time::Instant::now();
    loop {
        if last_look.elapsed() >= FILE_LOOK {
            dirty |= app.check_files();
            last_look = std::time::Instant::now();
        }
        if dirty {
            terminal
                .draw(|frame| ui::render(frame, &mut app.view, &app.model, &app.theme))
                .map_err(ScreenError::Draw)?;
            dirty = false;
            // What the draw learnt of the layout goes to the model through update.
            let (page, scroll_max) = (app.view.page, app.view.scroll_max);
            if (page, scroll_max) != (app.model.page, app.model.scroll_max)
                || app.view.detail_places != app.model.detail_places
            {
                app.dispatch(Action::Layout {
                    page,
                    scroll_max,
                    detail_places: app.view.detail_places.clone(),
                });
            }
        }
        if app.model.should_quit {
            return Ok(Ended::Quit);
        }
        if let Some(signal) = signals.received() {
            return Ok(Ended::Signal(signal));
        }
        if event::poll(TICK).map_err(ScreenError::Read)? {
            let event = event::read().map_err(ScreenError::Read)?;
            app.handle(event);
            if let Some(saying) = app.slow_pending() {
                app.model.notice = Some(Notice::ok(saying));
                terminal
                    .draw(|frame| ui::render(frame, &mut app.view, &app.model, &app.theme))
                    .map_err(ScreenError::Draw)?;
            }
            app.run_pending();
            dirty = true;
        }
        if let Some((path, line)) = app.editor_request.take() {
            // The editor gets the terminal; the screen comes back as it was, same secret selected.
            restore_terminal(mouse);
            let editor = super::editor::chosen();
            let ran = super::editor::command(&editor, &path, line).map(|mut c| c.status());
            terminal = ratatui::init();
            let _ = crossterm::execute!(out, crossterm::event::EnableBracketedPaste);
            if mouse {
                let _ = crossterm::execute!(out, crossterm::event::EnableMouseCapture);
            }
            let _ = terminal.clear();
            let name = editor.first().cloned().unwrap_or_default();
            let outcome = match ran {
                Some(Ok(status)) if status.success() => Outcome::Edited {
                    message: format!("Back from {name}"),
                    error: false,
                },
                Some(Ok(status)) => Outcome::Edited {
                    message: format!("{name} ended with {status}"),
                    error: true,
                },
                Some(Err(e)) => Outcome::Edited {
                    message: format!("could not start {name}: {e} (set $VISUAL or $EDITOR)"),
                    error: true,
                },
                None => Outcome::Edited {
                    message: "no editor: set $VISUAL or $EDITOR".into(),
                    error: true,
                },
            };
            app.dispatch(Action::Done(outcome));
            dirty = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clipboard::MemoryClipboard;

    /// An app over the bundled example gitleaks report, with its files in a temporary folder.
    fn app_in(dir: &std::path::Path) -> App<MemoryClipboard> {
        let report = include_bytes!("../../examples/reports/gitleaks.json");
        let root = crate::report::Root::new(dir);
        let findings = crate::report::parse("gitleaks.json", report, None, &root)
            .unwrap()
            .findings;
        let ws = workspace(
            crate::report::merge::merge(findings),
            &dir.join(".leakdesk/allowlist.json"),
            &dir.join(".leakdesk/triage.json"),
            dir,
        );
        App::new(ws, &options(), MemoryClipboard::default())
    }

    fn options() -> Options {
        Options {
            theme: "default".into(),
            mouse: false,
        }
    }

    /// The workspace the command line would load from these files.
    fn workspace(
        findings: Vec<crate::finding::Finding>,
        allowlist: &std::path::Path,
        state: &std::path::Path,
        root: &std::path::Path,
    ) -> Workspace {
        Workspace::new(
            findings,
            store::read(allowlist).unwrap().doc,
            store::read(state).unwrap().doc,
            crate::playbook::Library::bundled(),
            crate::workspace::Paths {
                root: root.to_path_buf(),
                allowlist: allowlist.to_path_buf(),
                state: state.to_path_buf(),
            },
            "2026-12-01".into(),
            0,
            Vec::new(),
        )
    }

    #[test]
    fn a_decision_is_saved_and_comes_back_through_update() {
        let tmp = tempfile::tempdir().unwrap();
        let mut app = app_in(tmp.path());
        let open = app.model.open_count();
        app.dispatch(Action::Decide(crate::allowlist::Kind::FalsePositive));
        // Pasted text goes to the focused field: the reason, where the form opens.
        app.dispatch(Action::Paste("Sandbox key\u{1b}[2J from the docs".into()));
        app.dispatch(Action::FormSave);
        let written = std::fs::read_to_string(tmp.path().join(".leakdesk/allowlist.json")).unwrap();
        assert!(
            written.contains("\"reason\": \"Sandbox key from the docs\""),
            "{written}"
        );
        assert_eq!(
            app.model.allowlist.entries.len(),
            1,
            "update took the saved file"
        );
        assert_eq!(app.model.open_count(), open - 1);
        assert!(
            app.model
                .notice
                .as_ref()
                .is_some_and(|n| !n.error && n.text.starts_with("Marked 1 secret"))
        );
        assert!(app.model.undo.is_some());
    }

    #[test]
    fn a_live_secret_is_called_harmless_only_after_a_second_save() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let report = include_bytes!("../../examples/reports/gitleaks.json");
        let mut findings =
            crate::report::parse("g.json", report, None, &crate::report::Root::new(dir))
                .unwrap()
                .findings;
        for f in &mut findings {
            f.verified = crate::finding::Verified::Yes;
            f.verified_by = vec!["trufflehog".into()];
        }
        let ws = workspace(
            crate::report::merge::merge(findings),
            &dir.join(".leakdesk/allowlist.json"),
            &dir.join(".leakdesk/triage.json"),
            dir,
        );
        let mut app = App::new(ws, &options(), MemoryClipboard::default());
        app.dispatch(Action::Decide(crate::allowlist::Kind::FalsePositive));
        app.dispatch(Action::Paste("looks like an example".into()));
        app.dispatch(Action::FormSave);
        let Some(super::super::model::Overlay::Form(form)) = &app.model.overlay else {
            panic!("the form stays open to confirm");
        };
        let said = form.error.clone().unwrap_or_default();
        assert!(said.contains("verified LIVE by trufflehog"), "{said}");
        assert!(
            !dir.join(".leakdesk/allowlist.json").exists(),
            "nothing saved yet"
        );
        app.dispatch(Action::FormSave);
        assert_eq!(app.model.allowlist.entries.len(), 1, "saved when confirmed");
    }

    #[test]
    fn a_save_that_fails_is_said_and_leaves_nothing_to_undo() {
        let tmp = tempfile::tempdir().unwrap();
        let mut app = app_in(tmp.path());
        // `.leakdesk` becomes a file: the allowlist cannot be written under it.
        std::fs::write(tmp.path().join(".leakdesk"), "not a folder").unwrap();
        let open = app.model.open_count();
        app.dispatch(Action::Decide(crate::allowlist::Kind::TestCredential));
        app.dispatch(Action::Paste("fixture".into()));
        app.dispatch(Action::FormSave);
        let notice = app.model.notice.clone().unwrap();
        assert!(
            notice.error && notice.text.starts_with("not saved"),
            "{}",
            notice.text
        );
        assert!(app.model.undo.is_none());
        assert_eq!(app.model.open_count(), open);
    }

    #[test]
    fn a_tick_and_a_copy_go_through_update() {
        let tmp = tempfile::tempdir().unwrap();
        let mut app = app_in(tmp.path());
        app.dispatch(Action::NextPane);
        app.dispatch(Action::NextPane);
        app.dispatch(Action::ToggleStep);
        let state = std::fs::read_to_string(tmp.path().join(".leakdesk/triage.json")).unwrap();
        assert!(state.contains("checklist"), "{state}");
        assert_eq!(
            app.model.triage.findings.len(),
            1,
            "update took the saved state"
        );
        assert!(
            app.model
                .notice
                .as_ref()
                .is_some_and(|n| n.text.starts_with("Ticked"))
        );
        app.dispatch(Action::NextPane);
        app.dispatch(Action::Copy);
        assert_eq!(app.clipboard.copied.len(), 1);
        assert!(
            app.model
                .notice
                .as_ref()
                .is_some_and(|n| n.text.starts_with("Copied"))
        );
    }

    #[test]
    fn the_fix_taken_is_recorded_and_reaches_the_incident_record() {
        let tmp = tempfile::tempdir().unwrap();
        let mut app = app_in(tmp.path());
        app.dispatch(Action::ShowFix);
        app.dispatch(Action::FixMethod(true));
        app.dispatch(Action::CopyFix);
        assert_eq!(app.clipboard.copied.len(), 1);
        assert!(
            app.model
                .notice
                .as_ref()
                .is_some_and(|n| n.text.starts_with("Copied")),
            "the status line ends with how the copy went"
        );
        let state = std::fs::read_to_string(tmp.path().join(".leakdesk/triage.json")).unwrap();
        assert!(state.contains("\"method\": \"aws\""), "{state}");
        let groups: Vec<usize> = app.model.visible.clone();
        let record = crate::incident::gather(&app.model, &groups[..1], "test", "now");
        let text = crate::incident::write(&record, crate::incident::Format::Markdown);
        assert!(
            text.contains("The AWS Secrets Manager snippet for"),
            "{text}"
        );
    }

    #[test]
    fn paste_goes_to_the_focused_field() {
        let tmp = tempfile::tempdir().unwrap();
        let mut app = app_in(tmp.path());
        app.dispatch(Action::Decide(crate::allowlist::Kind::Revoked));
        app.dispatch(Action::FormPrevField);
        app.dispatch(Action::Paste("2027-01-31\n".into()));
        let Some(crate::tui::model::Overlay::Form(f)) = &app.model.overlay else {
            panic!("the form is open");
        };
        assert_eq!(f.expires.lines().join(""), "2027-01-31");
        assert!(f.reason.lines().join("").is_empty());
    }

    #[test]
    fn a_deleted_leakdesk_folder_is_said_not_silent() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(".leakdesk");
        std::fs::create_dir_all(&dir).unwrap();
        let allowlist = dir.join("allowlist.json");
        std::fs::write(
            &allowlist,
            format!(
                "{{\"version\": 1, \"entries\": [{{\"fingerprint\": \"{}\", \"rule\": \"r\", \"provider\": null, \"kind\": \"revoked\", \"reason\": \"x\", \"decided_by\": \"d\", \"decided_at\": \"2026-11-01T00:00:00Z\"}}]}}",
                "a".repeat(64)
            ),
        )
        .unwrap();
        let ws = workspace(Vec::new(), &allowlist, &dir.join("triage.json"), tmp.path());
        let mut app = App::new(ws, &options(), MemoryClipboard::default());
        assert_eq!(app.model.allowlist.entries.len(), 1);
        assert!(!app.check_files());
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(app.check_files());
        let notice = app.model.notice.clone().unwrap().text;
        assert!(
            notice.contains("allowlist.json was deleted on disk"),
            "{notice}"
        );
        assert!(app.model.allowlist.entries.is_empty());
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(&allowlist, "{\"version\": 1, \"entries\": []}").unwrap();
        assert!(app.check_files());
        assert!(
            app.model
                .notice
                .clone()
                .unwrap()
                .text
                .contains("changed on disk: reloaded (0 entries)")
        );
    }

    #[test]
    fn pasted_text_is_cleaned_but_keeps_lines() {
        assert_eq!(
            super::super::update::cleaned_lines("one\u{1b}[31m red\r\ntwo\u{7}"),
            "one red\ntwo"
        );
    }
}
