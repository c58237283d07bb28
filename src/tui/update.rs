//! Actions change the model here and nowhere else; anything that touches the world (files,
//! clipboard) comes back as an [`Effect`] for the app to run. No I/O, so every transition is
//! testable without a terminal.

use crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::model::{Focus, Form, FormField, Model, Notice, Overlay, Undo};
use crate::allowlist::{Entry, Kind};
use crate::finding::Status;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Quit,
    ToggleHelp,
    /// Show (or hide) every start-up warning in full.
    ShowWarnings,
    /// Show (or hide) the provider's whole playbook.
    ShowPlaybook,
    Up,
    Down,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    Top,
    Bottom,
    /// A click on the list row at this index of the visible rows.
    SelectRow(usize),
    /// A click on a checklist step: select it, and tick it when the click was on its box.
    ClickStep {
        step: usize,
        tick: bool,
    },
    /// A click on a line of the detail.
    ClickDetail(usize),
    /// A click on a value of the narrowing popup: toggle it.
    ClickFacet(usize),
    StartFilter,
    FilterChar(char),
    FilterBackspace,
    FilterDone,
    /// Esc: close what is open, else clear the filter.
    Back,
    ToggleReveal,
    /// Tab: list, then detail, then checklist.
    NextPane,
    PreviousPane,
    ToggleStep,
    SetStatus(Status),
    /// Open the decision form for the selected (or marked) secrets with this outcome.
    Decide(Kind),
    FormKey(KeyEvent),
    FormNextField,
    FormPrevField,
    FormSave,
    ToggleMark,
    MarkVisible,
    Undo,
    ToggleAllowlisted,
    /// The selected finding's file, at its line, in the user's editor.
    OpenEditor,
    /// Start typing a note on the selected secret.
    StartNote,
    NoteChar(char),
    NoteBackspace,
    NoteSave,
    Copy,
    ShowAllowlist,
    /// The fix view for the selected secret.
    ShowFix,
    /// The next (true) or previous method in the fix view.
    FixMethod(bool),
    FixLang(bool),
    CopyFix,
    /// Write the incident record of the marked secrets, else of those shown.
    WriteReport,
    CycleSort,
    ShowFacets,
    ToggleFacet,
    RemoveEntry,
    EditEntry,
    /// Text pasted into the terminal: goes to the field being typed in.
    Paste(String),
    /// What the last draw learnt of the layout: rows in a page of the list, and how far the
    /// open help or playbook can scroll.
    Layout {
        page: usize,
        scroll_max: u16,
        detail_places: Vec<Option<usize>>,
    },
    /// What running an effect gave, fed back by the app.
    Done(Outcome),
}

/// The result of an [`Effect`], as the app reports it back: every change that follows a write
/// or a copy goes through [`update`] like any other.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The allowlist was written; `file` is what it now holds.
    AllowlistSaved {
        file: crate::allowlist::AllowlistFile,
        message: String,
    },
    /// Nothing was written; the undo prepared for it is dropped when `drop_undo`.
    AllowlistNotSaved {
        error: String,
        drop_undo: bool,
    },
    TriageSaved {
        file: crate::triage::TriageFile,
        message: String,
    },
    TriageNotSaved {
        error: String,
    },
    /// The editor ran (or could not be started): what to say.
    Edited {
        message: String,
        error: bool,
    },
    Copied {
        /// The status line's sentence.
        how: String,
        /// The copy went nowhere: said as a warning.
        lost: bool,
    },
    NotCopied {
        error: String,
    },
    /// A preference could not be written: said, the screen goes on.
    NotRemembered {
        error: String,
    },
    /// Done, with nothing to say.
    Quiet,
    /// The files changed on disk (a checkout, another leakdesk): what was read again.
    ChangedOnDisk {
        allowlist: Option<crate::allowlist::AllowlistFile>,
        triage: Option<crate::triage::TriageFile>,
        message: String,
    },
}

/// Work for the app: it runs these and reports back with [`Action::Done`].
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    AddEntries {
        entries: Vec<Entry>,
        label: String,
    },
    RemoveEntries {
        keys: Vec<(String, Option<String>)>,
        /// What the status line says once it is saved (what was actually done).
        label: String,
    },
    /// Replace the entry with this key by `entry` (an edit, or putting back a removed one).
    ReplaceEntry {
        key: Option<(String, Option<String>)>,
        entry: Box<Entry>,
        /// What the status line says once it is saved.
        label: String,
    },
    Tick {
        fingerprint: String,
        step: String,
        done: bool,
    },
    SetStatus {
        fingerprint: String,
        status: Status,
        /// The status this change replaces: someone else's change meanwhile is not overwritten.
        expected: Status,
    },
    /// Suspend the screen and run the editor on `file` (relative to the repository) at `line`.
    OpenEditor {
        file: String,
        line: Option<u32>,
    },
    /// Append a note to the secret's triage record.
    AddNote {
        fingerprint: String,
        text: String,
    },
    Copy {
        text: String,
    },
    /// Remember the list's order for the next run.
    RememberSort(super::model::Sort),
    /// Record in the triage state which fix was taken for a secret.
    RecordFix {
        fingerprint: String,
        method: crate::fix::Method,
        lang: crate::fix::Lang,
    },
    /// Write an incident record (Markdown) beside the triage state.
    WriteReport {
        text: String,
        secrets: usize,
    },
}

pub fn update(m: &mut Model, action: Action) -> Vec<Effect> {
    if !matches!(action, Action::Done(_) | Action::Layout { .. }) {
        m.notice = None;
    }
    let before = m.selected_group();
    let effects = apply(m, action);
    if m.selected_group() != before {
        m.revealed = None;
        m.checklist_cursor = 0;
        m.detail_cursor = 0;
    }
    effects
}

fn apply(m: &mut Model, action: Action) -> Vec<Effect> {
    let len = m.visible.len();
    let mv = |m: &mut Model, to: usize| m.selected = to.min(len.saturating_sub(1));
    match action {
        Action::Quit => m.should_quit = true,
        Action::ToggleHelp => {
            m.overlay = match m.overlay {
                Some(Overlay::Help { .. }) => None,
                _ => Some(Overlay::Help { scroll: 0 }),
            }
        }
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Top
        | Action::Bottom
            if matches!(
                m.overlay,
                Some(
                    Overlay::Help { .. }
                        | Overlay::Playbook { .. }
                        | Overlay::Warnings { .. }
                        | Overlay::Fix { .. }
                )
            ) =>
        {
            if let Some(
                Overlay::Help { scroll }
                | Overlay::Playbook { scroll }
                | Overlay::Warnings { scroll }
                | Overlay::Fix { scroll, .. },
            ) = &mut m.overlay
            {
                *scroll = match action {
                    Action::Up => scroll.saturating_sub(1),
                    Action::Down => scroll.saturating_add(1),
                    Action::PageUp => scroll.saturating_sub(10),
                    Action::Top => 0,
                    Action::Bottom => u16::MAX,
                    _ => scroll.saturating_add(10),
                }
                .min(m.scroll_max);
            }
        }
        Action::ShowWarnings => {
            m.overlay = match &m.overlay {
                Some(Overlay::Warnings { .. }) => None,
                _ if m.warnings.is_empty() => {
                    m.notice = Some(Notice::ok("No start-up warnings."));
                    None
                }
                _ => Some(Overlay::Warnings { scroll: 0 }),
            }
        }
        Action::ShowPlaybook => {
            m.overlay = match (&m.overlay, m.playbook()) {
                (Some(Overlay::Playbook { .. }), _) | (_, None) => None,
                _ => Some(Overlay::Playbook { scroll: 0 }),
            }
        }
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Top
        | Action::Bottom
            if matches!(m.overlay, Some(Overlay::Facets { .. })) =>
        {
            let page = m.page.max(2);
            if let Some(Overlay::Facets { cursor, items }) = &mut m.overlay {
                let last = items.len().saturating_sub(1);
                *cursor = match action {
                    Action::Up => cursor.saturating_sub(1),
                    Action::Down => *cursor + 1,
                    Action::PageUp => cursor.saturating_sub(page),
                    Action::PageDown => *cursor + page,
                    Action::Top => 0,
                    _ => last,
                }
                .min(last);
            }
        }
        Action::Up | Action::Down if matches!(m.overlay, Some(Overlay::Allowlist { .. })) => {
            let len = m.allowlist.entries.len();
            if let Some(Overlay::Allowlist { cursor, .. }) = &mut m.overlay {
                *cursor = if action == Action::Up {
                    cursor.saturating_sub(1)
                } else {
                    (*cursor + 1).min(len.saturating_sub(1))
                };
            }
        }
        Action::Up if m.focus == Focus::Checklist => {
            m.checklist_cursor = m.checklist_cursor.saturating_sub(1)
        }
        Action::Down if m.focus == Focus::Checklist => {
            let steps = m.playbook().map_or(0, |p| p.checklist.len());
            m.checklist_cursor = (m.checklist_cursor + 1).min(steps.saturating_sub(1));
        }
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::HalfPageUp
        | Action::HalfPageDown
        | Action::Top
        | Action::Bottom
            if m.focus == Focus::Detail =>
        {
            let last = m.detail_places.len().saturating_sub(1);
            let page = m.page.max(2) / 2;
            let c = m.detail_cursor.min(last);
            m.detail_cursor = match action {
                Action::Up => c.saturating_sub(1),
                Action::Down => c + 1,
                Action::PageUp | Action::HalfPageUp => c.saturating_sub(page),
                Action::PageDown | Action::HalfPageDown => c + page,
                Action::Top => 0,
                _ => last,
            }
            .min(last);
        }
        Action::Up => mv(m, m.selected.saturating_sub(1)),
        Action::Down => mv(m, m.selected + 1),
        Action::PageUp => mv(m, m.selected.saturating_sub(m.page.max(1))),
        Action::PageDown => mv(m, m.selected + m.page.max(1)),
        Action::HalfPageUp => mv(m, m.selected.saturating_sub((m.page / 2).max(1))),
        Action::HalfPageDown => mv(m, m.selected + (m.page / 2).max(1)),
        Action::Top => mv(m, 0),
        Action::Bottom => mv(m, len.saturating_sub(1)),
        Action::ClickStep { step, tick } => {
            m.focus = Focus::Checklist;
            m.checklist_cursor = step;
            if tick {
                return toggle_step(m);
            }
        }
        Action::ClickFacet(item) => {
            if let Some(Overlay::Facets { cursor, .. }) = &mut m.overlay {
                *cursor = item;
            }
            return apply(m, Action::ToggleFacet);
        }
        Action::ClickDetail(line) => {
            m.focus = Focus::Detail;
            m.detail_cursor = line.min(m.detail_places.len().saturating_sub(1));
        }
        Action::SelectRow(row) => {
            mv(m, row);
            m.focus = Focus::List;
        }
        Action::StartFilter => m.filtering = true,
        Action::FilterChar(c) => {
            m.filter.push(c);
            m.refresh();
        }
        Action::FilterBackspace => {
            m.filter.pop();
            m.refresh();
        }
        Action::FilterDone => m.filtering = false,
        Action::Back => match () {
            () if m.note.is_some() => m.note = None,
            () if m.overlay.is_some() => m.overlay = None,
            () if m.focus != Focus::List => m.focus = Focus::List,
            () if !m.marked.is_empty() => m.marked.clear(),
            () if !m.facets.is_empty() && m.filter.is_empty() => {
                m.facets.clear();
                m.refresh();
            }
            () => {
                m.filtering = false;
                m.filter.clear();
                m.refresh();
            }
        },
        Action::ToggleReveal => {
            let fp = m.selected_group().map(|g| m.groups[g].fingerprint.clone());
            m.revealed = if m.revealed == fp { None } else { fp };
            if m.revealed.is_some() && m.selected_finding().is_some_and(|f| f.secret.is_none()) {
                m.notice = Some(Notice::error(
                    "the report did not carry this secret's value",
                ));
            }
        }
        Action::NextPane | Action::PreviousPane => {
            m.focus = if m.selected_group().is_none() {
                Focus::List
            } else if action == Action::NextPane {
                m.focus.next()
            } else {
                m.focus.previous()
            };
            // Without a playbook there is no checklist to go to.
            if m.focus == Focus::Checklist && m.playbook().is_none() {
                m.focus = if action == Action::NextPane {
                    Focus::List
                } else {
                    Focus::Detail
                };
            }
        }
        Action::ToggleStep => return toggle_step(m),
        Action::SetStatus(status) => {
            let Some(g) = m.selected_group() else {
                return Vec::new();
            };
            if m.allowlisted(g).is_some() {
                m.notice = Some(Notice::error(
                    "this secret is decided in the allowlist; undo or remove that entry to change it",
                ));
                return Vec::new();
            }
            let fingerprint = m.groups[g].fingerprint.clone();
            let expected = m
                .triage
                .get(&fingerprint)
                .map_or(Status::Open, |r| r.status);
            return vec![Effect::SetStatus {
                fingerprint,
                status,
                expected,
            }];
        }
        Action::Decide(kind) => open_form(m, kind),
        Action::FormKey(key) => form_key(m, key),
        Action::FormNextField | Action::FormPrevField => {
            if let Some(Overlay::Form(f)) = &mut m.overlay {
                use FormField::{Expires, Kind as K, Reason, Scope};
                let order = [K, Scope, Expires, Reason];
                let at = order.iter().position(|x| *x == f.field).unwrap_or(0);
                let next = if action == Action::FormNextField {
                    (at + 1) % 4
                } else {
                    (at + 3) % 4
                };
                f.field = order[next];
            }
        }
        Action::FormSave => return save_form(m),
        Action::ToggleMark => {
            if let Some(g) = m.selected_group()
                && !m.marked.remove(&g)
            {
                m.marked.insert(g);
            }
            mv(m, m.selected + 1);
        }
        Action::MarkVisible => {
            // A second M unmarks: the key toggles like m does.
            if !m.visible.is_empty() && m.visible.iter().all(|g| m.marked.contains(g)) {
                m.marked.clear();
                m.notice = Some(Notice::ok("unmarked every shown secret"));
            } else {
                m.marked = m.visible.iter().copied().collect();
                m.notice = Some(Notice::ok(format!(
                    "marked all {} shown secrets; choose an outcome (f t R A) to decide them together (M again unmarks)",
                    m.marked.len()
                )));
            }
        }
        Action::Undo => {
            return match m.undo.take() {
                None => {
                    m.notice = Some(Notice::error("nothing to undo"));
                    Vec::new()
                }
                Some(Undo::Added { keys, label }) => {
                    // Back onto the secret the undo brings back.
                    let fingerprint = keys.first().map(|(fp, _)| fp.as_str());
                    m.after_save = Some(After {
                        row: m.selected,
                        keep: m
                            .groups
                            .iter()
                            .position(|g| Some(g.fingerprint.as_str()) == fingerprint),
                    });
                    vec![Effect::RemoveEntries {
                        keys,
                        label: format!("Undone: marking {label}"),
                    }]
                }
                Some(Undo::Removed {
                    entries,
                    replaced_by,
                    label,
                }) => entries
                    .into_iter()
                    .map(|e| Effect::ReplaceEntry {
                        key: replaced_by.clone(),
                        entry: Box::new(e),
                        label: format!("Undone: {label} (the entry is back)"),
                    })
                    .collect(),
            };
        }
        Action::ShowFacets => {
            m.overlay = match m.overlay {
                Some(Overlay::Facets { .. }) => None,
                _ => Some(Overlay::Facets {
                    cursor: 0,
                    items: m.facet_counts(),
                }),
            }
        }
        Action::ToggleFacet => {
            let Some(Overlay::Facets { cursor, items }) = &m.overlay else {
                return Vec::new();
            };
            let Some((field, value, _)) = items.get(*cursor).cloned() else {
                return Vec::new();
            };
            let cursor = *cursor;
            match m
                .facets
                .iter()
                .position(|(f, v)| *f == field && *v == value)
            {
                Some(i) => {
                    m.facets.remove(i);
                }
                None => m.facets.push((field, value.clone())),
            }
            m.refresh();
            let items = m.facet_counts();
            // The cursor stays on the value just toggled.
            let at = items
                .iter()
                .position(|(f, v, _)| *f == field && *v == value)
                .unwrap_or(cursor)
                .min(items.len().saturating_sub(1));
            m.overlay = Some(Overlay::Facets { cursor: at, items });
        }
        Action::CycleSort => {
            let next = m.sort.next();
            m.set_sort(next);
            m.notice = Some(Notice::ok(format!(
                "sorted by {} (remembered)",
                next.label()
            )));
            return vec![Effect::RememberSort(next)];
        }
        Action::ShowFix => {
            let Some(f) = m.selected_finding() else {
                return Vec::new();
            };
            let lang = crate::fix::Lang::detect(&f.file, None).unwrap_or(crate::fix::Lang::Shell);
            m.overlay = Some(Overlay::Fix {
                method: crate::fix::Method::Env,
                lang,
                scroll: 0,
            });
        }
        Action::FixMethod(forward) | Action::FixLang(forward) => {
            if let Some(Overlay::Fix {
                method,
                lang,
                scroll,
            }) = &mut m.overlay
            {
                let step = |i: usize, n: usize| {
                    if forward {
                        (i + 1) % n
                    } else {
                        (i + n - 1) % n
                    }
                };
                if matches!(action, Action::FixMethod(_)) {
                    let all = crate::fix::Method::ALL;
                    let at = all.iter().position(|x| x == method).unwrap_or(0);
                    *method = all[step(at, all.len())];
                } else {
                    let all = crate::fix::Lang::ALL;
                    let at = all.iter().position(|x| x == lang).unwrap_or(0);
                    *lang = all[step(at, all.len())];
                }
                *scroll = 0;
            }
        }
        Action::CopyFix => {
            let (Some(Overlay::Fix { method, lang, .. }), Some(f)) =
                (&m.overlay, m.selected_finding())
            else {
                return Vec::new();
            };
            let fingerprint = m
                .selected_group()
                .map(|g| m.groups[g].fingerprint.clone())
                .unwrap_or_default();
            return match crate::fix::render(f, *method, *lang, &m.fixes) {
                // Recorded first, so the status line ends with how the copy went.
                Ok(fix) => vec![
                    Effect::RecordFix {
                        fingerprint,
                        method: *method,
                        lang: *lang,
                    },
                    Effect::Copy {
                        text: super::ui::fix_text(&fix),
                    },
                ],
                Err(e) => {
                    m.notice = Some(Notice::error(e));
                    Vec::new()
                }
            };
        }
        Action::WriteReport => {
            let mut groups: Vec<usize> = if m.marked.is_empty() {
                m.visible.clone()
            } else {
                m.marked.iter().copied().collect()
            };
            groups.sort_unstable();
            if groups.is_empty() {
                m.notice = Some(Notice::error("no secret shown to write a record of"));
                return Vec::new();
            }
            let selection = match (m.marked.is_empty(), m.filter.is_empty()) {
                (false, _) => format!("{} marked secrets", groups.len()),
                (true, true) => "every secret shown".to_owned(),
                (true, false) => format!("the filter `{}`", m.filter),
            };
            let record = crate::incident::gather(m, &groups, &selection, &m.now);
            return vec![Effect::WriteReport {
                text: crate::incident::write(&record, crate::incident::Format::Markdown),
                secrets: groups.len(),
            }];
        }
        Action::ShowAllowlist => {
            m.overlay = match m.overlay {
                Some(Overlay::Allowlist { .. }) => None,
                _ => Some(allowlist_view(m, 0)),
            }
        }
        Action::RemoveEntry => {
            let Some(Overlay::Allowlist { cursor, .. }) = &m.overlay else {
                return Vec::new();
            };
            let Some(e) = m.allowlist.entries.get(*cursor).cloned() else {
                return Vec::new();
            };
            let label = format!(
                "removal of the {} entry for {}",
                e.kind.words(),
                crate::allowlist::short(&e.fingerprint)
            );
            m.undo = Some(Undo::Removed {
                entries: vec![e.clone()],
                replaced_by: None,
                label: label.clone(),
            });
            let done = format!(
                "Removed the {} entry for {} · u puts it back",
                e.kind.words(),
                crate::allowlist::short(&e.fingerprint)
            );
            return vec![Effect::RemoveEntries {
                keys: vec![(e.fingerprint, e.path)],
                label: done,
            }];
        }
        Action::EditEntry => {
            let Some(Overlay::Allowlist { cursor, .. }) = &m.overlay else {
                return Vec::new();
            };
            let Some(e) = m.allowlist.entries.get(*cursor).cloned() else {
                return Vec::new();
            };
            m.overlay = Some(Overlay::Form(Box::new(Form {
                kind: e.kind,
                scope: e.path.clone(),
                scope_input: text_area(e.path.as_deref().unwrap_or_default()),
                expires: text_area(e.expires.as_deref().unwrap_or_default()),
                reason: text_area(&e.reason),
                field: FormField::Reason,
                error: None,
                targets: Vec::new(),
                editing: Some(e),
                live_confirmed: false,
            })));
        }
        Action::ToggleAllowlisted => {
            m.show_allowlisted = !m.show_allowlisted;
            m.refresh();
            m.notice = Some(Notice::ok(if m.show_allowlisted {
                "showing allowlisted secrets too"
            } else {
                "hiding allowlisted secrets"
            }));
        }
        Action::StartNote => {
            if m.selected_group().is_some() {
                m.note = Some(String::new());
            }
        }
        Action::NoteChar(c) => {
            if let Some(n) = &mut m.note
                && n.chars().count() < 2000
            {
                n.push(c);
            }
        }
        Action::NoteBackspace => {
            if let Some(n) = &mut m.note {
                n.pop();
            }
        }
        Action::NoteSave => {
            let text = m.note.take().unwrap_or_default();
            let text = crate::sanitize::clean(text.trim()).into_owned();
            let Some(g) = m.selected_group() else {
                return Vec::new();
            };
            if text.is_empty() {
                m.notice = Some(Notice::error("an empty note is not saved"));
                return Vec::new();
            }
            return vec![Effect::AddNote {
                fingerprint: m.groups[g].fingerprint.clone(),
                text,
            }];
        }
        Action::OpenEditor => {
            // In the detail, the place under the cursor; elsewhere the secret's first place.
            let place = (m.focus == Focus::Detail)
                .then(|| m.detail_places.get(m.detail_cursor).copied().flatten())
                .flatten();
            if m.focus == Focus::Detail && place.is_none() {
                m.notice = Some(Notice::error(
                    "this line is not a place: move to `where`, `code` or an `also in` line",
                ));
                return Vec::new();
            }
            let Some(f) = place
                .and_then(|i| m.findings.get(i))
                .or_else(|| m.selected_finding())
            else {
                return Vec::new();
            };
            return vec![Effect::OpenEditor {
                file: f.file.clone(),
                line: f.line,
            }];
        }
        Action::Copy => {
            let Some(g) = m.selected_group() else {
                return Vec::new();
            };
            return vec![Effect::Copy {
                text: super::remediation::markdown(m, g),
            }];
        }
        Action::Paste(text) => paste(m, &text),
        Action::Layout {
            page,
            scroll_max,
            detail_places,
        } => {
            m.page = page.max(1);
            m.scroll_max = scroll_max;
            m.detail_places = detail_places;
            m.detail_cursor = m.detail_cursor.min(m.detail_places.len().saturating_sub(1));
            if let Some(
                Overlay::Help { scroll }
                | Overlay::Playbook { scroll }
                | Overlay::Warnings { scroll }
                | Overlay::Fix { scroll, .. },
            ) = &mut m.overlay
            {
                *scroll = (*scroll).min(scroll_max);
            }
        }
        Action::Done(outcome) => done(m, outcome),
    }
    Vec::new()
}

fn toggle_step(m: &mut Model) -> Vec<Effect> {
    let (Some(g), Some(p)) = (m.selected_group(), m.playbook()) else {
        return Vec::new();
    };
    let Some(step) = p.checklist.get(m.checklist_cursor) else {
        return Vec::new();
    };
    let fp = m.groups[g].fingerprint.clone();
    let done = !m
        .triage
        .get(&fp)
        .is_some_and(|r| r.checklist.contains_key(&step.id));
    vec![Effect::Tick {
        fingerprint: fp,
        step: step.id.clone(),
        done,
    }]
}

fn text_area(text: &str) -> TextArea<'static> {
    let mut t = TextArea::from(text.lines().map(str::to_owned).collect::<Vec<_>>());
    t.move_cursor(ratatui_textarea::CursorMove::End);
    t
}

fn open_form(m: &mut Model, kind: Kind) {
    let targets: Vec<usize> = if m.marked.is_empty() {
        m.selected_group().into_iter().collect()
    } else {
        m.marked.iter().copied().collect()
    };
    if targets.is_empty() {
        m.notice = Some(Notice::error("no finding selected"));
        return;
    }
    let mut reason = TextArea::default();
    reason.set_placeholder_text("Why: what a reviewer needs to approve this (required)");
    // A list narrowed by `path:` decides under that path, not everywhere: a decision should
    // not hide places the person did not look at.
    let scope = super::filter::path_scope(&m.filter);
    let scope_text = scope.clone().unwrap_or_else(|| {
        m.selected_finding()
            .map(|f| f.file.clone())
            .unwrap_or_default()
    });
    m.overlay = Some(Overlay::Form(Box::new(Form {
        kind,
        scope,
        scope_input: text_area(&scope_text),
        expires: TextArea::default(),
        reason,
        field: FormField::Reason,
        error: None,
        targets,
        editing: None,
        live_confirmed: false,
    })));
}

fn form_key(m: &mut Model, key: KeyEvent) {
    use crossterm::event::KeyCode;
    let Some(Overlay::Form(f)) = &mut m.overlay else {
        return;
    };
    f.error = None;
    match f.field {
        FormField::Kind => {
            let kinds = [
                Kind::FalsePositive,
                Kind::TestCredential,
                Kind::Revoked,
                Kind::AcceptedRisk,
            ];
            let at = kinds.iter().position(|k| *k == f.kind).unwrap_or(0);
            f.live_confirmed = false;
            match key.code {
                KeyCode::Left | KeyCode::Up => f.kind = kinds[(at + 3) % 4],
                KeyCode::Right | KeyCode::Down | KeyCode::Char(' ') => f.kind = kinds[(at + 1) % 4],
                _ => {}
            }
        }
        FormField::Scope => match key.code {
            KeyCode::Char(' ') if f.scope.is_none() => {
                f.scope = Some(f.scope_input.lines().join(""))
            }
            KeyCode::Char(' ') if f.scope_input.lines().join("").is_empty() => f.scope = None,
            KeyCode::Up | KeyCode::Down => {
                f.scope = if f.scope.is_some() {
                    None
                } else {
                    Some(f.scope_input.lines().join(""))
                };
            }
            KeyCode::Enter => {}
            _ if f.scope.is_some() => {
                f.scope_input.input(key);
                f.scope = Some(f.scope_input.lines().join(""));
            }
            _ => {}
        },
        FormField::Expires => {
            if key.code != KeyCode::Enter {
                f.expires.input(key);
            }
        }
        FormField::Reason => {
            f.reason.input(key);
        }
    }
}

fn save_form(m: &mut Model) -> Vec<Effect> {
    let save_key = m.first_key("form_save");
    let Some(Overlay::Form(f)) = &mut m.overlay else {
        return Vec::new();
    };
    // The same checks, in the same words, as `leakdesk allowlist add`.
    let draft = crate::decision::Draft {
        kind: f.kind,
        scope: f.scope.clone(),
        expires: Some(f.expires.lines().join("")),
        reason: f.reason.lines().join("\n"),
    }
    .checked(&m.today);
    let draft = match draft {
        Ok(d) => d,
        Err(e) => {
            f.error = Some(e.to_string());
            return Vec::new();
        }
    };
    let kind = draft.kind;
    if crate::live::guarded(kind) && !f.live_confirmed {
        let places = match &f.editing {
            Some(old) => m
                .findings
                .iter()
                .filter(|x| x.fingerprint == old.fingerprint)
                .collect::<Vec<_>>(),
            None => f
                .targets
                .iter()
                .flat_map(|&g| m.groups[g].members.iter().map(|&i| &m.findings[i]))
                .collect(),
        };
        if let Some(by) = crate::live::verified_by(places) {
            f.live_confirmed = true;
            f.error = Some(format!(
                "verified LIVE by {by}: {} hides a working credential. {save_key} again to save anyway, or choose revoked / accepted risk",
                kind.words()
            ));
            return Vec::new();
        }
    }
    if let Some(old) = f.editing.clone() {
        let entry = Entry {
            kind,
            path: draft.scope.clone(),
            reason: draft.reason.clone(),
            expires: draft.expires.clone(),
            ..old.clone()
        };
        let label = format!(
            "edit of the entry for {}",
            crate::allowlist::short(&old.fingerprint)
        );
        m.undo = Some(Undo::Removed {
            entries: vec![old.clone()],
            replaced_by: Some((entry.fingerprint.clone(), entry.path.clone())),
            label: label.clone(),
        });
        // Back to the allowlist view, on the entry just edited.
        let at = m
            .allowlist
            .entries
            .iter()
            .position(|e| e.key() == old.key())
            .unwrap_or(0);
        m.overlay = Some(allowlist_view(m, at));
        return vec![Effect::ReplaceEntry {
            key: Some((old.fingerprint, old.path)),
            entry: Box::new(entry),
            label: format!("Saved the {label} · u undoes"),
        }];
    }
    let targets = f.targets.clone();
    let entries: Vec<Entry> = targets
        .iter()
        .map(|&g| {
            let first = &m.findings[m.groups[g].members[0]];
            // Who and when are filled in when it is written.
            draft.entry(
                &m.groups[g].fingerprint,
                first.rule(),
                first.provider.as_deref(),
                "",
                "",
            )
        })
        .collect();
    let places: usize = targets.iter().map(|&g| m.groups[g].members.len()).sum();
    // "1 secret (1 place) as a false positive": what was decided, in words.
    let label = format!(
        "{} secret{} ({places} place{}) as {}",
        targets.len(),
        if targets.len() == 1 { "" } else { "s" },
        if places == 1 { "" } else { "s" },
        match kind {
            Kind::AcceptedRisk => "an accepted risk",
            Kind::FalsePositive => "a false positive",
            Kind::TestCredential => "a test credential",
            Kind::Revoked => "revoked",
        }
    );
    m.undo = Some(Undo::Added {
        keys: entries
            .iter()
            .map(|e| (e.fingerprint.clone(), e.path.clone()))
            .collect(),
        label: label.clone(),
    });
    m.overlay = None;
    m.marked.clear();
    m.after_save = Some(survivor(m, &targets));
    vec![Effect::AddEntries { entries, label }]
}

/// Pasted text into the field being typed in: the filter, or the form's focused text field
/// (line breaks only where the field takes several lines: the reason).
fn paste(m: &mut Model, text: &str) {
    if m.filtering {
        m.filter
            .push_str(&crate::sanitize::clean(text).replace('\u{FFFD}', ""));
        m.refresh();
        return;
    }
    let Some(Overlay::Form(f)) = &mut m.overlay else {
        return;
    };
    let one_line = || crate::sanitize::clean(text).replace('\u{FFFD}', "");
    match f.field {
        super::model::FormField::Reason => {
            f.reason.insert_str(cleaned_lines(text));
        }
        super::model::FormField::Scope => {
            f.scope_input.insert_str(one_line());
            f.scope = Some(f.scope_input.lines().join(""));
        }
        super::model::FormField::Expires => {
            f.expires.insert_str(one_line());
        }
        super::model::FormField::Kind => {}
    }
}

/// Pasted text keeps its line breaks but loses control characters and escape sequences: the
/// clipboard may hold anything, and the text area draws what it is given.
pub fn cleaned_lines(text: &str) -> String {
    text.replace("\r\n", "\n")
        .split('\n')
        .map(|line| crate::sanitize::clean(line).replace('\u{FFFD}', ""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// An effect's result: the model takes what was written, and the notice says what happened.
fn done(m: &mut Model, outcome: Outcome) {
    let notice = match outcome {
        Outcome::Quiet => return,
        Outcome::NotRemembered { error } => Notice::error(error),
        Outcome::AllowlistSaved { file, message } => {
            m.allowlist = file;
            allowlist_changed(m);
            if let Some(after) = m.after_save.take() {
                reselect(m, after);
            }
            Notice::ok(message)
        }
        Outcome::ChangedOnDisk {
            allowlist,
            triage,
            message,
        } => {
            if let Some(t) = triage {
                m.triage = t;
            }
            match allowlist {
                Some(a) => {
                    m.allowlist = a;
                    allowlist_changed(m);
                }
                None => m.triage_changed(),
            }
            Notice::error(message)
        }
        Outcome::AllowlistNotSaved { error, drop_undo } => {
            m.after_save = None;
            if drop_undo {
                m.undo = None;
            }
            Notice::error(error)
        }
        Outcome::TriageSaved { file, message } => {
            m.triage = file;
            m.triage_changed();
            Notice::ok(message)
        }
        Outcome::TriageNotSaved { error } | Outcome::NotCopied { error } => Notice::error(error),
        Outcome::Edited {
            message,
            error: true,
        } => Notice::error(message),
        Outcome::Edited {
            message,
            error: false,
        } => Notice::ok(message),
        Outcome::Copied { how, lost: true } => Notice::error(how),
        Outcome::Copied { how, lost: false } => Notice::ok(how),
    };
    m.notice = Some(notice);
}

/// After the allowlist changed: the verdicts, and the allowlist view's counts.
fn allowlist_changed(m: &mut Model) {
    m.decisions_changed();
    // Only an open view needs its counts again (they cost a pass over every finding).
    if let Some(Overlay::Allowlist { cursor, .. }) = m.overlay {
        let cursor = cursor.min(m.allowlist.entries.len().saturating_sub(1));
        m.overlay = Some(allowlist_view(m, cursor));
    }
}

/// The allowlist view with each entry's health, live verification and hidden places.
fn allowlist_view(m: &Model, cursor: usize) -> Overlay {
    Overlay::Allowlist {
        cursor,
        health: allowlist_health(m),
        live: crate::live::by_entry(&m.allowlist, &m.findings),
        hidden: crate::allowlist::hidden::by_entry(m.allowlist.entries.len(), m.verdicts()),
    }
}

/// Where the cursor goes once a change to the allowlist is saved: onto `keep` (a secret that
/// stays, or one an undo brings back) when it is shown, else the same row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct After {
    pub row: usize,
    pub keep: Option<usize>,
}

fn reselect(m: &mut Model, after: After) {
    m.refresh();
    let at = after
        .keep
        .and_then(|g| m.visible.iter().position(|&v| v == g));
    m.selected = at
        .unwrap_or(after.row)
        .min(m.visible.len().saturating_sub(1));
}

/// The secret the cursor should stay on after deciding `targets`: the selected one if it is
/// not decided, else the next shown one that is not (a decided secret leaves the list).
fn survivor(m: &Model, targets: &[usize]) -> After {
    let keep = m
        .visible
        .iter()
        .skip(m.selected)
        .find(|g| !targets.contains(g))
        .copied();
    After {
        row: m.selected,
        keep,
    }
}

/// Each entry's health and how many loaded findings it hides, computed once when the view opens.
pub fn allowlist_health(m: &Model) -> Vec<(crate::allowlist::Health, usize)> {
    crate::allowlist::health::assess(&m.allowlist, &m.findings, m.verdicts(), &m.today)
}
