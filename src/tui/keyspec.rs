//! Keys written as text, for the user's remap file: `f`, `G`, `ctrl-n`, `alt-x`, `enter`,
//! `esc`, `tab`, `backtab`, `space`, `up`, `pagedown`, `f1`, ...

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeySpec {
    code: KeyCodeOrd,
    ctrl: bool,
    alt: bool,
}

/// `KeyCode` has no `Ord`; this is the part of it a remap can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum KeyCodeOrd {
    Char(char),
    F(u8),
    Named(u8),
}

const NAMED: [(&str, KeyCode); 14] = [
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
];

impl KeySpec {
    pub fn from_event(e: &KeyEvent) -> Option<Self> {
        let code = match e.code {
            KeyCode::Char(c) => KeyCodeOrd::Char(c),
            KeyCode::F(n) => KeyCodeOrd::F(n),
            other => {
                KeyCodeOrd::Named(u8::try_from(NAMED.iter().position(|(_, k)| *k == other)?).ok()?)
            }
        };
        Some(Self {
            code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
            alt: e.modifiers.contains(KeyModifiers::ALT),
        })
    }

    pub fn to_event(self) -> KeyEvent {
        let code = match self.code {
            KeyCodeOrd::Char(c) => KeyCode::Char(c),
            KeyCodeOrd::F(n) => KeyCode::F(n),
            KeyCodeOrd::Named(i) => NAMED[usize::from(i)].1,
        };
        let mut mods = KeyModifiers::NONE;
        if self.ctrl {
            mods |= KeyModifiers::CONTROL;
        }
        if self.alt {
            mods |= KeyModifiers::ALT;
        }
        KeyEvent::new(code, mods)
    }
}

impl FromStr for KeySpec {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        let mut rest = s;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                (ctrl, rest) = (true, r);
            } else if let Some(r) = rest.strip_prefix("alt-") {
                (alt, rest) = (true, r);
            } else if let Some(r) = rest.strip_prefix("shift-") {
                (shift, rest) = (true, r);
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCodeOrd::Char(if shift { c.to_ascii_uppercase() } else { c }),
            _ if rest == "space" => KeyCodeOrd::Char(' '),
            _ if rest.starts_with('f')
                && rest[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
            {
                KeyCodeOrd::F(rest[1..].parse().unwrap_or(1))
            }
            _ => match NAMED.iter().position(|(n, _)| *n == rest) {
                Some(i) => KeyCodeOrd::Named(u8::try_from(i).map_err(|e| e.to_string())?),
                None => {
                    return Err(format!(
                        "`{s}` is not a key (examples: x, G, ctrl-n, alt-x, enter, space, pagedown, f1)"
                    ));
                }
            },
        };
        Ok(Self { code, ctrl, alt })
    }
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.code {
            KeyCodeOrd::Char(' ') => f.write_str("space"),
            KeyCodeOrd::Char(c) => write!(f, "{c}"),
            KeyCodeOrd::F(n) => write!(f, "f{n}"),
            KeyCodeOrd::Named(i) => f.write_str(NAMED[usize::from(i)].0),
        }
    }
}

/// The user's remaps: a pressed key acts as another (built-in) key, or as nothing.
#[derive(Debug, Clone, Default)]
pub struct Remap {
    pub keys: BTreeMap<KeySpec, Option<KeySpec>>,
}

impl Remap {
    /// `keys.json` in the config directory; a missing file is no remap, problems are warnings.
    pub fn load(dir: Option<&std::path::Path>) -> (Self, Vec<String>) {
        let Some(path) = dir.map(|d| d.join("keys.json")) else {
            return (Self::default(), Vec::new());
        };
        let Ok(text) = std::fs::read_to_string(&path) else {
            return (Self::default(), Vec::new());
        };
        let name = path.display().to_string();
        let map: BTreeMap<String, String> = match serde_json::from_str(&text) {
            Ok(m) => m,
            Err(e) => {
                return (
                    Self::default(),
                    vec![format!(
                        "{name}: {e} (expected {{\"x\": \"f\", \"q\": \"none\"}}); no keys remapped"
                    )],
                );
            }
        };
        let (mut remap, mut warnings) = (Self::default(), Vec::new());
        for (from, to) in map {
            let target = if to == "none" {
                Ok(None)
            } else {
                to.parse::<KeySpec>().map(Some)
            };
            match (from.parse::<KeySpec>(), target) {
                (Ok(f), Ok(t)) => {
                    remap.keys.insert(f, t);
                }
                (Err(e), _) | (_, Err(e)) => warnings.push(format!("{name}: {e}")),
            }
        }
        (remap, warnings)
    }

    /// The key to act on: the remapped one, the same one, or none.
    pub fn apply(&self, key: KeyEvent) -> Option<KeyEvent> {
        match KeySpec::from_event(&key).and_then(|k| self.keys.get(&k)) {
            Some(Some(to)) => Some(to.to_event()),
            Some(None) => None,
            None => Some(key),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notation_round_trips() {
        for s in [
            "f",
            "G",
            "ctrl-n",
            "alt-x",
            "enter",
            "space",
            "pagedown",
            "f5",
            "ctrl-alt-d",
        ] {
            assert_eq!(s.parse::<KeySpec>().unwrap().to_string(), s, "{s}");
        }
        assert_eq!("shift-g".parse::<KeySpec>().unwrap(), "G".parse().unwrap());
        assert!("ctrl-".parse::<KeySpec>().is_err());
        assert!("hyper-x".parse::<KeySpec>().is_err());
    }

    #[test]
    fn remaps_load_and_apply() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("keys.json"),
            r#"{"x": "f", "ctrl-n": "j", "q": "none", "bad key": "j"}"#,
        )
        .unwrap();
        let (remap, warnings) = Remap::load(Some(dir.path()));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(
            remap
                .apply(KeyEvent::from(KeyCode::Char('x')))
                .map(|e| e.code),
            Some(KeyCode::Char('f'))
        );
        assert_eq!(
            remap
                .apply(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL))
                .map(|e| e.code),
            Some(KeyCode::Char('j'))
        );
        assert_eq!(remap.apply(KeyEvent::from(KeyCode::Char('q'))), None);
        assert_eq!(
            remap
                .apply(KeyEvent::from(KeyCode::Char('k')))
                .map(|e| e.code),
            Some(KeyCode::Char('k'))
        );
    }
}
