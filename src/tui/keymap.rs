//! Keys to actions, as data. Every command has a snake_case name, a description, the layer it
//! works in (the list, the checklist, the filter, the decision form, an overlay) and its keys.
//! The help overlay, the status-line hints and the README's key table are made from this table,
//! so a key that works is listed and a listed key works. `keys.json` in the config directory
//! gives commands other keys: `{"quit": ["x", "ctrl-c"], "decide_false_positive": "F"}`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};

use super::keyspec::KeySpec;
use super::model::{Focus, FormField, Model, Overlay};
use super::update::Action;
use crate::allowlist::Kind;
use crate::finding::Status;

/// Where a key is pressed. A key is looked up in the current layer, then in the layers it
/// falls back to ([`Layer::fallback`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layer {
    Anywhere,
    List,
    Detail,
    Checklist,
    Filter,
    /// Typing a note on the selected secret.
    Note,
    Form,
    Facets,
    Allowlist,
    /// The help, the playbook and the warnings: text to read and scroll.
    Reader,
    /// The fix view: a snippet to read, switch and copy (and scroll like the others).
    Fix,
}

impl Layer {
    /// The heading in the help and the README.
    pub fn title(self) -> &'static str {
        match self {
            Self::Anywhere => "anywhere",
            Self::List => "list",
            Self::Detail => "detail",
            Self::Checklist => "checklist",
            Self::Filter => "filter",
            Self::Note => "note",
            Self::Form => "decision form",
            Self::Facets => "narrow",
            Self::Allowlist => "allowlist",
            Self::Reader => "help, playbook, warnings, fix",
            Self::Fix => "fix",
        }
    }

    /// Layers whose keys also work here, nearest first. Typing layers (filter, form) fall back
    /// to nothing: their other keys are text.
    fn fallback(self) -> &'static [Layer] {
        match self {
            Self::Checklist | Self::Detail => &[Self::List, Self::Anywhere],
            Self::List => &[Self::Anywhere],
            Self::Facets | Self::Allowlist | Self::Reader => &[Self::Anywhere],
            Self::Fix => &[Self::Reader, Self::Anywhere],
            Self::Anywhere | Self::Filter | Self::Note | Self::Form => &[],
        }
    }

    /// Whether unbound keys are text typed into a field.
    fn typing(self) -> bool {
        matches!(self, Self::Filter | Self::Note | Self::Form)
    }
}

/// One command: its name in `keys.json`, what it does (for the help), where it works, its
/// default keys, and the action it sends.
pub struct Command {
    pub name: &'static str,
    pub describe: &'static str,
    pub layer: Layer,
    pub keys: &'static [&'static str],
    action: fn(&Model) -> Action,
}

macro_rules! commands {
    ($( $layer:ident $name:literal [$($key:literal),*] $describe:literal => $action:expr ;)*) => {
        &[$(Command {
            name: $name,
            describe: $describe,
            layer: Layer::$layer,
            keys: &[$($key),*],
            action: $action,
        }),*]
    };
}

/// Every command, in the order the help lists them.
pub const COMMANDS: &[Command] = commands! {
    Anywhere "quit" ["q", "ctrl-c"] "quit" => |_| Action::Quit;
    Anywhere "toggle_help" ["?", "f1"] "show or hide this help" => |_| Action::ToggleHelp;
    Anywhere "show_warnings" ["!"] "every start-up warning in full (theme, keys, playbooks, files)" => |_| Action::ShowWarnings;
    List "select_next" ["j", "down"] "next secret" => |_| Action::Down;
    List "select_previous" ["k", "up"] "previous secret" => |_| Action::Up;
    List "page_down" ["pagedown"] "a page down" => |_| Action::PageDown;
    List "page_up" ["pageup"] "a page up" => |_| Action::PageUp;
    List "half_page_down" ["ctrl-d"] "half a page down" => |_| Action::HalfPageDown;
    List "half_page_up" ["ctrl-u"] "half a page up" => |_| Action::HalfPageUp;
    List "select_first" ["g", "home"] "first secret" => |_| Action::Top;
    List "select_last" ["G", "end"] "last secret" => |_| Action::Bottom;
    List "filter" ["/"] "filter: words, 'exact, !not, live, is:live, status:, tool:, path:" => |_| Action::StartFilter;
    List "back" ["esc"] "clear the marks, the narrowing, then the filter" => |_| Action::Back;
    List "reveal" ["r"] "reveal this secret's value (hidden again when you move)" => |_| Action::ToggleReveal;
    List "next_pane" ["tab"] "next pane: list, detail, checklist" => |_| Action::NextPane;
    List "previous_pane" ["backtab"] "previous pane" => |_| Action::PreviousPane;
    List "show_playbook" ["p"] "the provider's whole playbook: grants, risks, abuse checks, what breaks" => |_| Action::ShowPlaybook;
    List "decide_false_positive" ["f"] "decide: false positive (asks for the reason)" => |_| Action::Decide(Kind::FalsePositive);
    List "decide_test_credential" ["t"] "decide: test credential" => |_| Action::Decide(Kind::TestCredential);
    List "decide_revoked" ["R"] "decide: revoked" => |_| Action::Decide(Kind::Revoked);
    List "decide_accepted_risk" ["A"] "decide: accepted risk" => |_| Action::Decide(Kind::AcceptedRisk);
    List "set_investigating" ["i"] "set status: investigating" => |_| Action::SetStatus(Status::Investigating);
    List "set_open" ["O"] "set status: open" => |_| Action::SetStatus(Status::Open);
    List "open_in_editor" ["o"] "open the file at its line in $VISUAL or $EDITOR" => |_| Action::OpenEditor;
    List "add_note" ["N"] "add a note for the next responder (saved with who and when)" => |_| Action::StartNote;
    List "toggle_mark" ["m"] "mark this secret, for one decision over several" => |_| Action::ToggleMark;
    List "mark_all_shown" ["M"] "mark every secret shown (again: unmark them)" => |_| Action::MarkVisible;
    List "undo" ["u"] "undo the last decision" => |_| Action::Undo;
    List "toggle_allowlisted" ["h"] "show or hide allowlisted secrets" => |_| Action::ToggleAllowlisted;
    List "cycle_sort" ["s"] "sort by file, provider, status, or verified live first" => |_| Action::CycleSort;
    List "show_facets" ["n"] "narrow by provider, rule, tool, status, verified or folder, with counts" => |_| Action::ShowFacets;
    List "show_fix" ["x"] "the code that takes this key out of its file (env, AWS, Vault, Conjur)" => |_| Action::ShowFix;
    List "write_report" ["E"] "write the incident record of the marked (else shown) secrets to a file" => |_| Action::WriteReport;
    List "copy_remediation" ["y"] "copy the remediation steps (Markdown, secret redacted)" => |_| Action::Copy;
    List "show_allowlist" ["a"] "the allowlist: every decision, what it hides, stale ones" => |_| Action::ShowAllowlist;
    Detail "detail_down" ["j", "down"] "next line of the detail (all places, a revealed value)" => |_| Action::Down;
    Detail "detail_up" ["k", "up"] "previous line" => |_| Action::Up;
    Detail "detail_page_down" ["pagedown", "ctrl-d", "space"] "half a pane down" => |_| Action::PageDown;
    Detail "detail_page_up" ["pageup", "ctrl-u"] "half a pane up" => |_| Action::PageUp;
    Detail "detail_top" ["g", "home"] "first line" => |_| Action::Top;
    Detail "detail_bottom" ["G", "end"] "last line" => |_| Action::Bottom;
    Detail "open_place" ["enter", "o"] "open the place under the cursor in $VISUAL or $EDITOR" => |_| Action::OpenEditor;
    Detail "detail_to_list" ["esc"] "back to the list" => |_| Action::Back;
    Checklist "step_next" ["j", "down"] "next step" => |_| Action::Down;
    Checklist "step_previous" ["k", "up"] "previous step" => |_| Action::Up;
    Checklist "toggle_step" ["space", "enter"] "tick or untick the step (saved at once)" => |_| Action::ToggleStep;
    Checklist "to_list" ["esc"] "back to the list" => |_| Action::Back;
    Filter "filter_keep" ["enter", "down", "up"] "keep the filter and go back to the list" => |_| Action::FilterDone;
    Filter "filter_clear" ["esc"] "clear the filter" => |_| Action::Back;
    Filter "filter_delete" ["backspace"] "delete the last character" => |_| Action::FilterBackspace;
    Note "note_save" ["enter"] "save the note (with who and when) in the triage state" => |_| Action::NoteSave;
    Note "note_cancel" ["esc"] "drop the note" => |_| Action::Back;
    Note "note_delete" ["backspace"] "delete the last character" => |_| Action::NoteBackspace;
    Form "form_save" ["ctrl-s"] "save the decision to the allowlist" => |_| Action::FormSave;
    Form "form_next_field" ["tab"] "next field (enter too, outside the reason)" => |_| Action::FormNextField;
    Form "form_previous_field" ["backtab"] "previous field" => |_| Action::FormPrevField;
    Form "form_cancel" ["esc"] "cancel" => |_| Action::Back;
    Facets "facet_next" ["j", "down"] "next value" => |_| Action::Down;
    Facets "facet_previous" ["k", "up"] "previous value" => |_| Action::Up;
    Facets "facet_page_down" ["pagedown"] "a page down" => |_| Action::PageDown;
    Facets "facet_page_up" ["pageup"] "a page up" => |_| Action::PageUp;
    Facets "facet_first" ["g", "home"] "first value" => |_| Action::Top;
    Facets "facet_last" ["G", "end"] "last value" => |_| Action::Bottom;
    Facets "toggle_facet" ["space", "enter"] "narrow to the value, or stop narrowing by it" => |_| Action::ToggleFacet;
    Facets "close_facets" ["esc", "n", "q"] "back to the list (esc there clears the narrowing)" => |_| Action::ShowFacets;
    Allowlist "entry_next" ["j", "down"] "next entry" => |_| Action::Down;
    Allowlist "entry_previous" ["k", "up"] "previous entry" => |_| Action::Up;
    Allowlist "edit_entry" ["e", "enter"] "edit the entry (kind, scope, expiry, reason)" => |_| Action::EditEntry;
    Allowlist "remove_entry" ["d", "delete"] "remove the entry (u puts it back)" => |_| Action::RemoveEntry;
    Allowlist "undo_removal" ["u"] "put back the entry just removed" => |_| Action::Undo;
    Allowlist "close_allowlist" ["esc", "a", "q"] "back to the list" => |_| Action::ShowAllowlist;
    Reader "scroll_down" ["j", "down"] "scroll down" => |_| Action::Down;
    Reader "scroll_up" ["k", "up"] "scroll up" => |_| Action::Up;
    Reader "scroll_page_down" ["pagedown", "space"] "a page down" => |_| Action::PageDown;
    Reader "scroll_page_up" ["pageup"] "a page up" => |_| Action::PageUp;
    Reader "scroll_top" ["g", "home"] "the top" => |_| Action::Top;
    Reader "scroll_bottom" ["G", "end"] "the end" => |_| Action::Bottom;
    Reader "close" ["esc", "q", "?", "p", "!", "x"] "close it" => |_| Action::Back;
    Fix "fix_next_method" ["right", "l"] "next method: env, AWS Secrets Manager, Vault, Conjur" => |_| Action::FixMethod(true);
    Fix "fix_previous_method" ["left", "h"] "previous method" => |_| Action::FixMethod(false);
    Fix "fix_next_language" ["tab"] "next language or configuration form" => |_| Action::FixLang(true);
    Fix "fix_previous_language" ["backtab"] "previous language" => |_| Action::FixLang(false);
    Fix "fix_copy" ["y"] "copy the snippet (the same way as the remediation steps)" => |_| Action::CopyFix;
};

/// One row of the help: where, the keys as bound now, what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpRow {
    pub layer: Layer,
    pub name: &'static str,
    pub keys: String,
    pub describe: &'static str,
}

/// The bindings in force: the defaults, with the user's `keys.json` applied.
#[derive(Debug, Clone)]
pub struct Keymap {
    /// Per command (index into [`COMMANDS`]), its keys.
    keys: Vec<Vec<KeySpec>>,
    lookup: BTreeMap<(Layer, KeySpec), usize>,
}

impl Default for Keymap {
    fn default() -> Self {
        let keys = COMMANDS
            .iter()
            .map(|c| c.keys.iter().filter_map(|k| k.parse().ok()).collect())
            .collect();
        Self::with_keys(keys)
    }
}

/// The default bindings, built once.
pub fn defaults() -> &'static Keymap {
    static DEFAULTS: OnceLock<Keymap> = OnceLock::new();
    DEFAULTS.get_or_init(Keymap::default)
}

impl Keymap {
    fn with_keys(keys: Vec<Vec<KeySpec>>) -> Self {
        let mut lookup = BTreeMap::new();
        for (i, ks) in keys.iter().enumerate() {
            for k in ks {
                lookup.entry((COMMANDS[i].layer, *k)).or_insert(i);
            }
        }
        Self { keys, lookup }
    }

    /// The defaults with `keys.json` in `dir` applied; problems are warnings that name the
    /// closest valid command or say what a key looks like.
    pub fn load(dir: Option<&std::path::Path>) -> (Self, Vec<String>) {
        let mut map = Self::default();
        let Some(path) = dir.map(|d| d.join("keys.json")) else {
            return (map, Vec::new());
        };
        let Ok(text) = std::fs::read_to_string(&path) else {
            return (map, Vec::new());
        };
        let name = path.display().to_string();
        let entries: BTreeMap<String, serde_json::Value> = match serde_json::from_str(&text) {
            Ok(m) => m,
            Err(e) => {
                return (
                    map,
                    vec![format!(
                        "{name}: {e} (expected {{\"quit\": [\"x\", \"ctrl-c\"], \"decide_false_positive\": \"F\"}}); the default keys are used"
                    )],
                );
            }
        };
        let mut warnings = Vec::new();
        let mut keys = map.keys.clone();
        let mut legacy = Vec::new();
        for (command, value) in entries {
            let given: Vec<String> = match &value {
                serde_json::Value::String(s) => vec![s.clone()],
                serde_json::Value::Array(a) => a
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
                _ => {
                    warnings.push(format!(
                        "{name}: `{}`: give a key or a list of keys",
                        crate::sanitize::clean(&command)
                    ));
                    continue;
                }
            };
            let Some(index) = COMMANDS.iter().position(|c| c.name == command) else {
                // The old form mapped a key to a key (`{"x": "f"}`): still honoured.
                if let (Ok(from), [to]) = (command.parse::<KeySpec>(), given.as_slice()) {
                    legacy.push((from, to.clone()));
                    continue;
                }
                warnings.push(format!(
                    "{name}: `{}` is not a command{}",
                    crate::sanitize::clean(&command),
                    closest(&command)
                        .map(|c| format!("; did you mean `{c}`?"))
                        .unwrap_or_default()
                ));
                continue;
            };
            let mut parsed = Vec::new();
            for k in &given {
                match k.parse::<KeySpec>() {
                    Ok(k) => parsed.push(k),
                    Err(e) => warnings.push(format!("{name}: `{command}`: {e}")),
                }
            }
            keys[index] = parsed;
        }
        if !legacy.is_empty() {
            warnings.push(format!(
                "{name}: maps keys to keys (the old form); name the commands instead, e.g. {{\"decide_false_positive\": [\"f\", \"x\"]}} (`?` lists them)"
            ));
            for (from, to) in legacy {
                if to == "none" {
                    keys.iter_mut().for_each(|ks| ks.retain(|k| *k != from));
                    continue;
                }
                match to.parse::<KeySpec>() {
                    Ok(to) => {
                        for ks in &mut keys {
                            if ks.contains(&to) && !ks.contains(&from) {
                                ks.push(from);
                            }
                        }
                    }
                    Err(e) => warnings.push(format!("{name}: {e}")),
                }
            }
        }
        map = Self::with_keys(keys);
        (map, warnings)
    }

    /// The layer the keys go to now.
    pub fn layer(m: &Model) -> Layer {
        match &m.overlay {
            Some(Overlay::Form(_)) => Layer::Form,
            Some(Overlay::Facets { .. }) => Layer::Facets,
            Some(Overlay::Allowlist { .. }) => Layer::Allowlist,
            Some(Overlay::Help { .. } | Overlay::Playbook { .. } | Overlay::Warnings { .. }) => {
                Layer::Reader
            }
            Some(Overlay::Fix { .. }) => Layer::Fix,
            None if m.note.is_some() => Layer::Note,
            None if m.filtering => Layer::Filter,
            None if m.focus == Focus::Checklist => Layer::Checklist,
            None if m.focus == Focus::Detail => Layer::Detail,
            None => Layer::List,
        }
    }

    /// The action for `key` in the model's current layer, if any.
    pub fn route(&self, m: &Model, key: KeyEvent) -> Option<Action> {
        let layer = Self::layer(m);
        let spec = KeySpec::from_event(&key);
        if let Some(spec) = spec {
            for l in std::iter::once(layer).chain(layer.fallback().iter().copied()) {
                if let Some(&i) = self.lookup.get(&(l, spec)) {
                    return Some((COMMANDS[i].action)(m));
                }
            }
            // Quitting works while typing too.
            if layer.typing()
                && self.keys[0].contains(&spec)
                && key.modifiers.contains(KeyModifiers::CONTROL)
            {
                return Some(Action::Quit);
            }
        }
        match layer {
            Layer::Filter => match key.code {
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    Some(Action::FilterChar(c))
                }
                _ => None,
            },
            Layer::Note => match key.code {
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    Some(Action::NoteChar(c))
                }
                _ => None,
            },
            Layer::Form => match (&m.overlay, key.code) {
                (Some(Overlay::Form(f)), KeyCode::Enter) if f.field != FormField::Reason => {
                    Some(Action::FormNextField)
                }
                _ => Some(Action::FormKey(key)),
            },
            _ => None,
        }
    }

    /// Every command with its keys as bound now, in the help's order.
    pub fn help(&self) -> Vec<HelpRow> {
        COMMANDS
            .iter()
            .zip(&self.keys)
            .map(|(c, ks)| HelpRow {
                layer: c.layer,
                name: c.name,
                keys: ks
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("  "),
                describe: c.describe,
            })
            .collect()
    }
}

/// The help rows as the README's Markdown table (a test keeps the README's equal to it).
pub fn markdown_table(rows: &[HelpRow]) -> String {
    let mut out =
        String::from("| where | keys | what | command (keys.json) |\n|---|---|---|---|\n");
    for r in rows {
        let keys = if r.keys.is_empty() {
            "(none)".to_owned()
        } else {
            format!("`{}`", r.keys)
        };
        out.push_str(&format!(
            "| {} | {keys} | {} | `{}` |\n",
            r.layer.title(),
            r.describe,
            r.name
        ));
    }
    out
}

/// The action for `key` under the default bindings (for tests and tools).
pub fn route_key(m: &Model, key: KeyEvent) -> Option<Action> {
    defaults().route(m, key)
}

/// The command name nearest to `given` (by edit distance), when one is near.
fn closest(given: &str) -> Option<&'static str> {
    COMMANDS
        .iter()
        .map(|c| (crate::nearest::edit_distance(given, c.name), c.name))
        .filter(|(d, name)| *d <= name.len() / 2)
        .min()
        .map(|(_, name)| name)
}

/// The wheel moves the selection (or scrolls the focused pane); a click selects a list row, a
/// checklist step (ticking it when on its `[ ]`) or a detail line, from where the last frame
/// drew them.
pub fn route_mouse(
    m: &Model,
    mouse: MouseEvent,
    view: &crate::tui::ui::ViewState,
) -> Option<Action> {
    if let Some(Overlay::Facets { .. }) = m.overlay {
        return match mouse.kind {
            MouseEventKind::Down(_) => view
                .facet_rows
                .iter()
                .find(|(r, _)| *r == mouse.row)
                .map(|&(_, item)| Action::ClickFacet(item)),
            MouseEventKind::ScrollDown => Some(Action::Down),
            MouseEventKind::ScrollUp => Some(Action::Up),
            _ => None,
        };
    }
    if m.overlay.is_some() {
        return None;
    }
    let (list_top, list_bottom) = view.list_rows;
    match mouse.kind {
        MouseEventKind::ScrollDown => Some(Action::Down),
        MouseEventKind::ScrollUp => Some(Action::Up),
        MouseEventKind::Down(_) if mouse.row >= list_top && mouse.row < list_bottom => Some(
            Action::SelectRow(view.offset + usize::from(mouse.row - list_top)),
        ),
        MouseEventKind::Down(_) => {
            if let Some(&(_, step)) = view.checklist_rows.iter().find(|(r, _)| *r == mouse.row)
                && mouse.column >= view.checklist_left
            {
                // The box is `[ ]` after the cursor column.
                let left = view.checklist_left;
                let tick = (left + 1..left + 4).contains(&mouse.column);
                return Some(Action::ClickStep { step, tick });
            }
            let (top, rows, left, right) = view.detail_area?;
            let inside = mouse.row >= top
                && mouse.row < top + rows
                && mouse.column >= left
                && mouse.column < right;
            inside.then(|| Action::ClickDetail(view.detail_offset + usize::from(mouse.row - top)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_key_parses_and_names_are_unique() {
        let mut names: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n, "duplicate command names");
        for c in COMMANDS {
            for k in c.keys {
                assert!(k.parse::<KeySpec>().is_ok(), "{}: {k}", c.name);
            }
        }
        assert_eq!(
            COMMANDS[0].name, "quit",
            "route() relies on quit being first"
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_one_layer() {
        let mut seen = BTreeMap::new();
        for c in COMMANDS {
            for k in c.keys {
                let spec: KeySpec = k.parse().unwrap();
                if let Some(other) = seen.insert((c.layer, spec), c.name) {
                    panic!("{k} in {:?}: {other} and {}", c.layer, c.name);
                }
            }
        }
    }

    #[test]
    fn keys_json_names_commands_and_reports_the_closest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("keys.json"),
            r#"{"quit": ["x", "ctrl-c"], "decide_false_positve": "F", "select_next": "bad key"}"#,
        )
        .unwrap();
        let (map, warnings) = Keymap::load(Some(dir.path()));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].contains("did you mean `decide_false_positive`?"),
            "{warnings:?}"
        );
        assert!(warnings[1].contains("is not a key"), "{warnings:?}");
        let help = map.help();
        assert_eq!(help[0].keys, "x  ctrl-c");
        assert_eq!(
            help.iter()
                .find(|r| r.name == "select_next")
                .map(|r| r.keys.as_str()),
            Some(""),
            "a command given no valid key has none"
        );
    }

    #[test]
    fn the_old_key_to_key_form_still_works_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("keys.json"), r#"{"x": "f", "q": "none"}"#).unwrap();
        let (map, warnings) = Keymap::load(Some(dir.path()));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let help = map.help();
        let keys = |name: &str| help.iter().find(|r| r.name == name).map(|r| r.keys.clone());
        assert_eq!(keys("decide_false_positive").as_deref(), Some("f  x"));
        assert_eq!(keys("quit").as_deref(), Some("ctrl-c"));
    }
}
