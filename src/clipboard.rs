//! Copying text out: the system clipboard when there is one, else the terminal's OSC 52
//! (which also works over SSH, wrapped for tmux when inside it). The caller is told which way
//! it went, so the status line can say so.

use std::io::Write;

use base64::Engine;

/// How a copy reached (or was sent towards) the clipboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Copied {
    System,
    /// Sent as OSC 52: it arrives only if the terminal (and tmux) allow it.
    Osc52 {
        tmux: bool,
    },
}

impl Copied {
    pub fn describe(&self) -> &'static str {
        match self {
            Self::System => "to the clipboard",
            Self::Osc52 { tmux: false } => {
                "through the terminal (OSC 52; the terminal must allow clipboard access)"
            }
            Self::Osc52 { tmux: true } => {
                "through tmux and the terminal (OSC 52; needs `set -g set-clipboard on` and a terminal that allows it)"
            }
        }
    }
}

/// Why nothing was copied.
#[derive(Debug)]
pub enum CopyError {
    /// Writing the OSC 52 sequence to the terminal failed.
    Terminal(std::io::Error),
}

impl std::fmt::Display for CopyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Terminal(e) => write!(f, "could not write to the terminal: {e}"),
        }
    }
}

impl std::error::Error for CopyError {}

pub trait Clipboard {
    fn copy(&mut self, text: &str) -> Result<Copied, CopyError>;
}

/// The system clipboard (one handle for the whole run: on X11 and Wayland the copying process
/// serves the contents), with OSC 52 when there is no display or the session is remote.
pub struct SystemClipboard {
    handle: Option<arboard::Clipboard>,
    remote: bool,
}

impl SystemClipboard {
    pub fn new() -> Self {
        let remote =
            std::env::var_os("SSH_CONNECTION").is_some() || std::env::var_os("SSH_TTY").is_some();
        let display = std::env::var_os("DISPLAY").is_some()
            || std::env::var_os("WAYLAND_DISPLAY").is_some()
            || cfg!(any(target_os = "macos", windows));
        let handle = if remote || !display {
            None
        } else {
            arboard::Clipboard::new().ok()
        };
        Self { handle, remote }
    }
}

impl Default for SystemClipboard {
    fn default() -> Self {
        Self::new()
    }
}

impl Clipboard for SystemClipboard {
    fn copy(&mut self, text: &str) -> Result<Copied, CopyError> {
        if let Some(h) = &mut self.handle
            && !self.remote
            && h.set_text(text.to_owned()).is_ok()
        {
            return Ok(Copied::System);
        }
        let tmux = std::env::var_os("TMUX").is_some();
        let mut out = std::io::stdout();
        out.write_all(osc52(text, tmux).as_bytes())
            .and_then(|()| out.flush())
            .map_err(CopyError::Terminal)?;
        Ok(Copied::Osc52 { tmux })
    }
}

/// The OSC 52 sequence that sets the clipboard; inside tmux, wrapped in a DCS passthrough with
/// its escapes doubled.
pub fn osc52(text: &str, tmux: bool) -> String {
    let payload = base64::engine::general_purpose::STANDARD.encode(text);
    let seq = format!("\u{1b}]52;c;{payload}\u{7}");
    if tmux {
        format!(
            "\u{1b}Ptmux;{}\u{1b}\\",
            seq.replace('\u{1b}', "\u{1b}\u{1b}")
        )
    } else {
        seq
    }
}

/// For tests: remembers what was copied.
#[derive(Default)]
pub struct MemoryClipboard {
    pub copied: Vec<String>,
}

impl Clipboard for MemoryClipboard {
    fn copy(&mut self, text: &str) -> Result<Copied, CopyError> {
        self.copied.push(text.to_owned());
        Ok(Copied::System)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_plain_and_in_tmux() {
        assert_eq!(osc52("hi", false), "\u{1b}]52;c;aGk=\u{7}");
        assert_eq!(
            osc52("hi", true),
            "\u{1b}Ptmux;\u{1b}\u{1b}]52;c;aGk=\u{7}\u{1b}\\"
        );
    }
}
