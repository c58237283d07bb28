//! Colours by meaning. Themes are JSON files (`themes/*.json`, embedded; user ones in the config
//! directory's `themes/`), each naming a palette and styles for semantic slots; a theme may
//! inherit another and override only what it changes. Problems are returned as warnings for the
//! status line, never swallowed. With `NO_COLOR`, only modifiers remain: status shows by word.

use std::collections::BTreeMap;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

const BUNDLED: &[(&str, &str)] = &[
    ("default", include_str!("../../themes/default.json")),
    ("dark", include_str!("../../themes/dark.json")),
    ("light", include_str!("../../themes/light.json")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.json"),
    ),
];

#[derive(Debug, Deserialize, Default, Clone)]
struct Spec {
    #[serde(default)]
    inherits: Option<String>,
    #[serde(default)]
    palette: BTreeMap<String, String>,
    #[serde(default)]
    styles: BTreeMap<String, StyleSpec>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
struct StyleSpec {
    fg: Option<String>,
    bg: Option<String>,
    #[serde(default)]
    modifiers: Vec<String>,
}

/// Resolved styles for every slot the screens use.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub base: Style,
    pub muted: Style,
    pub title: Style,
    pub border: Style,
    pub border_focused: Style,
    pub header: Style,
    pub selected: Style,
    pub marked: Style,
    pub live: Style,
    pub redacted: Style,
    pub revealed: Style,
    pub done: Style,
    pub todo: Style,
    pub ok: Style,
    pub warn: Style,
    pub error: Style,
    pub key: Style,
    pub invalid: Style,
}

impl Theme {
    /// The theme `name` (bundled or the user's), and any problems met loading it.
    pub fn load(
        name: &str,
        user_dir: Option<&std::path::Path>,
        no_color: bool,
    ) -> (Self, Vec<String>) {
        let mut warnings = Vec::new();
        let mut specs: BTreeMap<String, Spec> = BTreeMap::new();
        for (n, text) in BUNDLED {
            if let Ok(s) = serde_json::from_str(text) {
                specs.insert((*n).to_owned(), s);
            }
        }
        if let Some(dir) = user_dir
            && let Ok(entries) = std::fs::read_dir(dir)
        {
            for path in entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
            {
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                match std::fs::read_to_string(&path)
                    .map_err(|e| e.to_string())
                    .and_then(|t| serde_json::from_str::<Spec>(&t).map_err(|e| e.to_string()))
                {
                    Ok(mut s) => {
                        // A user file named like a bundled theme overrides only what it changes.
                        if s.inherits.is_none() && specs.contains_key(&stem) {
                            s.inherits = Some(format!("bundled:{stem}"));
                            if let Some(b) = specs.remove(&stem) {
                                specs.insert(format!("bundled:{stem}"), b);
                            }
                        }
                        specs.insert(stem, s);
                    }
                    Err(e) => warnings.push(format!("theme {}: {e}", path.display())),
                }
            }
        }
        let chosen = if specs.contains_key(name) {
            name.to_owned()
        } else {
            warnings.push(format!(
                "no theme `{name}` (known: {}); using the default",
                specs
                    .keys()
                    .filter(|k| !k.starts_with("bundled:"))
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            "default".to_owned()
        };
        let (palette, styles) = flatten(&chosen, &specs, &mut warnings);
        let mut slot = |name: &str, fallback: Style| -> Style {
            let Some(spec) = styles.get(name).or_else(|| {
                name.split_once('.')
                    .and_then(|(parent, _)| styles.get(parent))
            }) else {
                return fallback;
            };
            let mut style = Style::default();
            if !no_color {
                for (value, set) in [(&spec.fg, true), (&spec.bg, false)] {
                    if let Some(v) = value {
                        match color(v, &palette) {
                            Ok(c) => style = if set { style.fg(c) } else { style.bg(c) },
                            Err(()) => warnings.push(format!(
                                "theme {chosen}: `{name}`: `{v}` is not a colour or palette name"
                            )),
                        }
                    }
                }
            }
            for m in &spec.modifiers {
                match modifier(m) {
                    Some(m) => style = style.add_modifier(m),
                    None => {
                        warnings.push(format!("theme {chosen}: `{name}`: `{m}` is not a modifier"))
                    }
                }
            }
            style
        };
        let reversed = Style::default().add_modifier(Modifier::REVERSED);
        let theme = Theme {
            base: slot("base", Style::default()),
            muted: slot("muted", Style::default()),
            title: slot("title", Style::default().add_modifier(Modifier::BOLD)),
            border: slot("border", Style::default()),
            border_focused: slot(
                "border.focused",
                Style::default().add_modifier(Modifier::BOLD),
            ),
            header: slot("list.header", Style::default().add_modifier(Modifier::BOLD)),
            selected: slot("list.selected", reversed),
            marked: slot("list.marked", Style::default().add_modifier(Modifier::BOLD)),
            live: slot(
                "verified.live",
                Style::default().add_modifier(Modifier::BOLD),
            ),
            redacted: slot("secret.redacted", Style::default()),
            revealed: slot(
                "secret.revealed",
                Style::default().add_modifier(Modifier::UNDERLINED),
            ),
            done: slot("check.done", Style::default()),
            todo: slot("check.todo", Style::default()),
            ok: slot("status.ok", Style::default()),
            warn: slot("status.warn", Style::default()),
            error: slot(
                "status.error",
                Style::default().add_modifier(Modifier::BOLD),
            ),
            key: slot("help.key", Style::default().add_modifier(Modifier::BOLD)),
            invalid: slot(
                "editor.invalid",
                Style::default().add_modifier(Modifier::BOLD),
            ),
        };
        warnings.sort();
        warnings.dedup();
        (theme, warnings)
    }

    /// The same theme in the 256 colours every modern terminal has, for terminals that do not
    /// say they show 24-bit colour (`COLORTERM=truecolor` or `24bit`).
    pub fn in_256_colours(self) -> Self {
        let d = |s: Style| Style {
            fg: s.fg.map(nearest_256),
            bg: s.bg.map(nearest_256),
            ..s
        };
        Self {
            base: d(self.base),
            muted: d(self.muted),
            title: d(self.title),
            border: d(self.border),
            border_focused: d(self.border_focused),
            header: d(self.header),
            selected: d(self.selected),
            marked: d(self.marked),
            live: d(self.live),
            redacted: d(self.redacted),
            revealed: d(self.revealed),
            done: d(self.done),
            todo: d(self.todo),
            ok: d(self.ok),
            warn: d(self.warn),
            error: d(self.error),
            key: d(self.key),
            invalid: d(self.invalid),
        }
    }

    /// A theme without colours, for tests and `NO_COLOR`.
    pub fn plain() -> Self {
        Self::load("default", None, true).0
    }
}

/// The palette and styles of `name` with everything it inherits (the child wins).
fn flatten(
    name: &str,
    specs: &BTreeMap<String, Spec>,
    warnings: &mut Vec<String>,
) -> (BTreeMap<String, String>, BTreeMap<String, StyleSpec>) {
    let mut chain = Vec::new();
    let mut at = Some(name.to_owned());
    while let Some(n) = at {
        if chain.contains(&n) {
            warnings.push(format!(
                "theme {name}: `inherits` goes round in a circle at `{n}`"
            ));
            break;
        }
        let Some(spec) = specs.get(&n) else {
            warnings.push(format!(
                "theme {name}: inherits `{n}`, which does not exist"
            ));
            break;
        };
        chain.push(n);
        at = spec.inherits.clone();
    }
    let (mut palette, mut styles) = (BTreeMap::new(), BTreeMap::new());
    for n in chain.iter().rev() {
        let spec = &specs[n];
        palette.extend(spec.palette.clone());
        styles.extend(spec.styles.clone());
    }
    (palette, styles)
}

fn color(value: &str, palette: &BTreeMap<String, String>) -> Result<Color, ()> {
    let resolved = palette.get(value).map_or(value, String::as_str);
    Color::from_str(resolved)
        .or_else(|_| Color::from_str(&resolved.replace('-', "")))
        .map_err(|_| ())
}

/// Whether the terminal says it shows 24-bit colour.
pub fn truecolor(colorterm: Option<&str>) -> bool {
    colorterm.is_some_and(|v| {
        let v = v.to_ascii_lowercase();
        v.contains("truecolor") || v.contains("24bit")
    })
}

/// The xterm-256 colour nearest an RGB one (the 6×6×6 cube or the grey ramp); other colours
/// are kept.
fn nearest_256(c: Color) -> Color {
    let Color::Rgb(r, g, b) = c else {
        return c;
    };
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    let level = |v: u8| {
        LEVELS
            .iter()
            .enumerate()
            .min_by_key(|(_, l)| (i32::from(**l) - i32::from(v)).abs())
            .map_or(0, |(i, _)| i)
    };
    let (ri, gi, bi) = (level(r), level(g), level(b));
    let cube = (LEVELS[ri], LEVELS[gi], LEVELS[bi]);
    let mean = (u16::from(r) + u16::from(g) + u16::from(b)) / 3;
    let grey_step = (mean.saturating_sub(8) / 10).min(23) as u8;
    let grey = 8 + 10 * grey_step;
    let distance = |(x, y, z): (u8, u8, u8)| {
        [(x, r), (y, g), (z, b)]
            .iter()
            .map(|&(a, b)| (i32::from(a) - i32::from(b)).pow(2))
            .sum::<i32>()
    };
    if distance((grey, grey, grey)) < distance(cube) {
        Color::Indexed(232 + grey_step)
    } else {
        Color::Indexed(16 + 36 * ri as u8 + 6 * gi as u8 + bi as u8)
    }
}

fn modifier(name: &str) -> Option<Modifier> {
    Some(match name {
        "bold" => Modifier::BOLD,
        "dim" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underlined" => Modifier::UNDERLINED,
        "reversed" => Modifier::REVERSED,
        "crossed-out" | "crossed_out" => Modifier::CROSSED_OUT,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_themes_load_without_warnings() {
        for (name, _) in BUNDLED {
            let (theme, warnings) = Theme::load(name, None, false);
            assert!(warnings.is_empty(), "{name}: {warnings:?}");
            assert_ne!(theme.selected, Style::default(), "{name}");
        }
    }

    #[test]
    fn without_truecolor_the_colours_come_from_the_256_palette() {
        assert!(truecolor(Some("truecolor")) && truecolor(Some("24bit")));
        assert!(!truecolor(None) && !truecolor(Some("")));
        assert_eq!(nearest_256(Color::Rgb(0, 0, 0)), Color::Indexed(16));
        assert_eq!(nearest_256(Color::Rgb(255, 0, 0)), Color::Indexed(196));
        assert_eq!(nearest_256(Color::Rgb(128, 128, 128)), Color::Indexed(244));
        assert_eq!(nearest_256(Color::Red), Color::Red);
        for (name, _) in BUNDLED {
            let t = Theme::load(name, None, false).0.in_256_colours();
            for s in [t.base, t.selected, t.live, t.muted, t.border] {
                for c in [s.fg, s.bg].into_iter().flatten() {
                    assert!(!matches!(c, Color::Rgb(..)), "{name}: {c:?}");
                }
            }
        }
    }

    #[test]
    fn no_color_keeps_only_modifiers() {
        let (t, _) = Theme::load("default", None, true);
        assert_eq!(t.live.fg, None);
        assert!(t.live.add_modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn a_user_override_changes_only_what_it_names_and_problems_are_warnings() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("default.json"),
            r##"{"styles": {"list.selected": {"fg": "#ff0000"}}}"##,
        )
        .unwrap();
        std::fs::write(dir.path().join("broken.json"), "{ not json").unwrap();
        std::fs::write(
            dir.path().join("typo.json"),
            r#"{"styles": {"base": {"fg": "not-a-colour"}}}"#,
        )
        .unwrap();
        let (t, warnings) = Theme::load("default", Some(dir.path()), false);
        assert_eq!(t.selected.fg, Some(Color::Rgb(255, 0, 0)));
        assert!(
            t.live.fg.is_some(),
            "the rest still comes from the bundled default"
        );
        assert!(
            warnings.iter().any(|w| w.contains("broken.json")),
            "{warnings:?}"
        );
        let (_, warnings) = Theme::load("typo", Some(dir.path()), false);
        assert!(
            warnings.iter().any(|w| w.contains("not-a-colour")),
            "{warnings:?}"
        );
        let (_, warnings) = Theme::load("nope", Some(dir.path()), false);
        assert!(
            warnings.iter().any(|w| w.contains("no theme `nope`")),
            "{warnings:?}"
        );
    }
}
