//! Keys to actions. The bindings are one table, so the help overlay and the README show exactly
//! the keys that work.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};

use super::model::{Focus, FormField, Model, Overlay};
use super::update::Action;
use crate::allowlist::Kind;
use crate::finding::Status;

/// `(where, keys, what)` for the help overlay, in the order shown.
pub const HELP: &[(&str, &str, &str)] = &[
    ("anywhere", "q  ctrl-c", "quit"),
    ("anywhere", "?", "show or hide this help"),
    (
        "anywhere",
        "!",
        "every start-up warning in full (theme, keys, playbooks, files)",
    ),
    ("list", "j k  ↓ ↑", "next / previous secret"),
    (
        "list",
        "pgdn pgup  ctrl-d ctrl-u",
        "page / half page down and up",
    ),
    ("list", "g G  home end", "first / last secret"),
    (
        "list",
        "/",
        "filter: fuzzy words, 'exact, !not; enter keeps it, esc clears it",
    ),
    (
        "list",
        "r",
        "reveal this secret's value (hidden again when you move)",
    ),
    ("list", "tab", "go to the revocation checklist (and back)"),
    (
        "list",
        "p",
        "the provider's whole playbook: grants, risks, abuse checks, what breaks",
    ),
    ("list", "f", "decide: false positive (asks for the reason)"),
    ("list", "t", "decide: test credential"),
    ("list", "R", "decide: revoked"),
    ("list", "A", "decide: accepted risk"),
    ("list", "i  o", "set status: investigating / open"),
    (
        "list",
        "m  M",
        "mark this secret / mark all shown, for one decision",
    ),
    ("list", "u", "undo the last decision"),
    ("list", "h", "show or hide allowlisted secrets"),
    (
        "list",
        "s",
        "sort by file, provider, status, or verified live first",
    ),
    (
        "list",
        "n",
        "narrow by provider, rule, tool, status or verified, with counts",
    ),
    ("narrow", "j k", "next / previous value"),
    (
        "narrow",
        "space  enter",
        "narrow to the value, or stop narrowing by it",
    ),
    (
        "narrow",
        "esc  n",
        "back to the list (esc there clears the narrowing)",
    ),
    (
        "list",
        "y",
        "copy the remediation steps (Markdown, secret redacted)",
    ),
    (
        "list",
        "a",
        "the allowlist: every decision, what it hides, stale ones",
    ),
    ("allowlist", "j k", "next / previous entry"),
    (
        "allowlist",
        "e  enter",
        "edit the entry (kind, scope, expiry, reason)",
    ),
    ("allowlist", "d", "remove the entry (u puts it back)"),
    ("allowlist", "esc  a", "back to the list"),
    ("checklist", "j k", "next / previous step"),
    (
        "checklist",
        "space",
        "tick or untick the step (saved at once)",
    ),
    ("checklist", "esc  tab", "back to the list"),
    ("decision form", "tab  shift-tab", "next / previous field"),
    (
        "decision form",
        "← →",
        "change the kind; ↑ ↓ on scope: everywhere or a path",
    ),
    (
        "decision form",
        "ctrl-s",
        "save the decision to the allowlist",
    ),
    ("decision form", "esc", "cancel"),
];

pub fn route_key(m: &Model, key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    match &m.overlay {
        Some(Overlay::Form(form)) => {
            return Some(match key.code {
                KeyCode::Esc => Action::Back,
                KeyCode::Char('s') if ctrl => Action::FormSave,
                KeyCode::Tab => Action::FormNextField,
                KeyCode::BackTab => Action::FormPrevField,
                KeyCode::Enter if form.field != FormField::Reason => Action::FormNextField,
                _ => Action::FormKey(key),
            });
        }
        Some(Overlay::Facets { .. }) => {
            return match key.code {
                KeyCode::Esc | KeyCode::Char('n' | 'q') => Some(Action::ShowFacets),
                KeyCode::Char('j') | KeyCode::Down => Some(Action::Down),
                KeyCode::Char('k') | KeyCode::Up => Some(Action::Up),
                KeyCode::Char(' ') | KeyCode::Enter => Some(Action::ToggleFacet),
                _ => None,
            };
        }
        Some(Overlay::Allowlist { .. }) => {
            return match key.code {
                KeyCode::Esc | KeyCode::Char('a' | 'q') => Some(Action::ShowAllowlist),
                KeyCode::Char('j') | KeyCode::Down => Some(Action::Down),
                KeyCode::Char('k') | KeyCode::Up => Some(Action::Up),
                KeyCode::Char('d') | KeyCode::Delete => Some(Action::RemoveEntry),
                KeyCode::Char('e') | KeyCode::Enter => Some(Action::EditEntry),
                KeyCode::Char('u') => Some(Action::Undo),
                _ => None,
            };
        }
        Some(
            overlay @ (Overlay::Help { .. } | Overlay::Playbook { .. } | Overlay::Warnings { .. }),
        ) => {
            let close = match overlay {
                Overlay::Help { .. } => Action::ToggleHelp,
                Overlay::Warnings { .. } => Action::ShowWarnings,
                _ => Action::ShowPlaybook,
            };
            return match key.code {
                KeyCode::Esc | KeyCode::Char('?' | 'q' | 'p' | '!') => Some(close),
                KeyCode::Char('j') | KeyCode::Down => Some(Action::Down),
                KeyCode::Char('k') | KeyCode::Up => Some(Action::Up),
                KeyCode::PageDown | KeyCode::Char(' ') => Some(Action::PageDown),
                KeyCode::PageUp => Some(Action::PageUp),
                _ => None,
            };
        }
        None => {}
    }
    if m.filtering {
        return Some(match key.code {
            KeyCode::Esc => Action::Back,
            KeyCode::Enter | KeyCode::Down | KeyCode::Up => Action::FilterDone,
            KeyCode::Backspace => Action::FilterBackspace,
            KeyCode::Char(c) if !ctrl => Action::FilterChar(c),
            _ => return None,
        });
    }
    let action = match key.code {
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Char('?') | KeyCode::F(1) => Action::ToggleHelp,
        KeyCode::Char('!') => Action::ShowWarnings,
        KeyCode::Char('j') | KeyCode::Down => Action::Down,
        KeyCode::Char('k') | KeyCode::Up => Action::Up,
        KeyCode::Char('d') if ctrl => Action::HalfPageDown,
        KeyCode::Char('u') if ctrl => Action::HalfPageUp,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::Char('g') | KeyCode::Home => Action::Top,
        KeyCode::Char('G') | KeyCode::End => Action::Bottom,
        KeyCode::Esc => Action::Back,
        KeyCode::Tab | KeyCode::BackTab => Action::SwitchFocus,
        KeyCode::Char(' ') if m.focus == Focus::Checklist => Action::ToggleStep,
        KeyCode::Enter if m.focus == Focus::Checklist => Action::ToggleStep,
        KeyCode::Char('/') => Action::StartFilter,
        KeyCode::Char('r') => Action::ToggleReveal,
        KeyCode::Char('f') => Action::Decide(Kind::FalsePositive),
        KeyCode::Char('t') => Action::Decide(Kind::TestCredential),
        KeyCode::Char('R') => Action::Decide(Kind::Revoked),
        KeyCode::Char('A') => Action::Decide(Kind::AcceptedRisk),
        KeyCode::Char('i') => Action::SetStatus(Status::Investigating),
        KeyCode::Char('o') => Action::SetStatus(Status::Open),
        KeyCode::Char('m') => Action::ToggleMark,
        KeyCode::Char('M') => Action::MarkVisible,
        KeyCode::Char('u') => Action::Undo,
        KeyCode::Char('h') => Action::ToggleAllowlisted,
        KeyCode::Char('y') => Action::Copy,
        KeyCode::Char('p') => Action::ShowPlaybook,
        KeyCode::Char('a') => Action::ShowAllowlist,
        KeyCode::Char('s') => Action::CycleSort,
        KeyCode::Char('n') => Action::ShowFacets,
        _ => return None,
    };
    Some(action)
}

/// The wheel moves the selection; a click on a list row selects it (`list_top` is the screen row
/// of the first list row, `offset` the first row shown).
pub fn route_mouse(
    m: &Model,
    mouse: MouseEvent,
    list_top: u16,
    list_bottom: u16,
    offset: usize,
) -> Option<Action> {
    if m.overlay.is_some() {
        return None;
    }
    match mouse.kind {
        MouseEventKind::ScrollDown => Some(Action::Down),
        MouseEventKind::ScrollUp => Some(Action::Up),
        MouseEventKind::Down(_) if mouse.row >= list_top && mouse.row < list_bottom => Some(
            Action::SelectRow(offset + usize::from(mouse.row - list_top)),
        ),
        _ => None,
    }
}
