//! Keys written as text, for the keymap and the user's `keys.json`: `f`, `G`, `ctrl-n`, `alt-x`, `enter`,
//! `esc`, `tab`, `backtab`, `space`, `up`, `pagedown`, `f1`, ...

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

/// Text that names no key, as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAKey(pub String);

impl fmt::Display for NotAKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is not a key (examples: x, G, ctrl-n, alt-x, enter, space, pagedown, f1)",
            crate::validate::quote(&self.0)
        )
    }
}

impl std::error::Error for NotAKey {}

impl FromStr for KeySpec {
    type Err = NotAKey;
    fn from_str(s: &str) -> Result<Self, NotAKey> {
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
            // A control or invisible character is no key a person types (and would be drawn in
            // the help as it is).
            (Some(c), None) if !crate::sanitize::is_hazard(c) => {
                KeyCodeOrd::Char(if shift { c.to_ascii_uppercase() } else { c })
            }
            _ if rest == "space" => KeyCodeOrd::Char(' '),
            _ if rest.starts_with('f')
                && rest[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
            {
                KeyCodeOrd::F(rest[1..].parse().unwrap_or(1))
            }
            _ => match NAMED.iter().position(|(n, _)| *n == rest) {
                Some(i) => KeyCodeOrd::Named(u8::try_from(i).map_err(|_| NotAKey(s.to_owned()))?),
                None => return Err(NotAKey(s.to_owned())),
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
        assert!("\u{1b}".parse::<KeySpec>().is_err());
        assert!("\u{202e}".parse::<KeySpec>().is_err());
    }
}
