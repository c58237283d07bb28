//! Copying the remediation Markdown where on-call people are: the system clipboard on a desktop;
//! over SSH and in tmux, OSC 52 (the terminal sets its clipboard from an escape sequence).
//!
//! Inside tmux, the plain OSC 52 sequence is what tmux acts on: with `set -g set-clipboard on` it
//! becomes a tmux buffer and is passed to the outer terminal. tmux's default, `external`, ignores
//! programs' sequences, so leakdesk asks tmux for the option and says when it must change. The
//! passthrough form is sent as well, for `set -g allow-passthrough on`. Where a copy cannot be
//! confirmed (OSC 52 never answers), the Markdown is also saved to a file the status line names.

use std::io::Write;
use std::path::PathBuf;

use base64::Engine;

/// What tmux does with a program's OSC 52 (`set-clipboard`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TmuxClipboard {
    /// `on`: a tmux buffer, passed to the outer terminal.
    On,
    /// `external` (the default) or `off`: programs' sequences are ignored.
    Ignored,
    /// tmux could not be asked.
    Unknown,
}

/// How the text was copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Copied {
    System,
    /// OSC 52 to the terminal; inside tmux, what tmux does with it. `saved` is the file the
    /// text was also written to.
    Osc52 {
        tmux: Option<TmuxClipboard>,
        saved: Option<PathBuf>,
    },
}

impl Copied {
    /// What the status line says: which path the copy took, and what to change when it went
    /// nowhere.
    pub fn describe(&self) -> String {
        let saved = |s: &Option<PathBuf>| {
            s.as_ref()
                .map(|p| format!(" · saved to {}", p.display()))
                .unwrap_or_default()
        };
        match self {
            Self::System => "Copied the remediation steps to the clipboard".to_owned(),
            Self::Osc52 {
                tmux: None,
                saved: s,
            } => format!(
                "Sent the remediation steps to the terminal's clipboard (OSC 52, if it allows it){}",
                saved(s)
            ),
            Self::Osc52 {
                tmux: Some(TmuxClipboard::On),
                saved: s,
            } => format!(
                "Copied the remediation steps into a tmux buffer and on to the terminal{}",
                saved(s)
            ),
            Self::Osc52 {
                tmux: Some(TmuxClipboard::Ignored),
                saved: s,
            } => format!(
                "tmux ignored the copy (set -g set-clipboard on){}",
                saved(s)
            ),
            Self::Osc52 {
                tmux: Some(TmuxClipboard::Unknown),
                saved: s,
            } => format!(
                "Sent the remediation steps through tmux (needs `set -g set-clipboard on`){}",
                saved(s)
            ),
        }
    }

    /// Whether the copy went nowhere (tmux ignores programs' clipboard sequences).
    pub fn lost(&self) -> bool {
        matches!(
            self,
            Self::Osc52 {
                tmux: Some(TmuxClipboard::Ignored),
                ..
            }
        )
    }
}

#[derive(Debug)]
pub enum CopyError {
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

/// Where copied text goes; the screen's tests use [`MemoryClipboard`].
pub trait Clipboard {
    fn copy(&mut self, text: &str) -> Result<Copied, CopyError>;
}

/// The system clipboard when there is one and the session is local; OSC 52 otherwise.
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
        let tmux = std::env::var_os("TMUX").is_some().then(tmux_clipboard);
        let mut out = std::io::stdout();
        out.write_all(osc52(text).as_bytes())
            .and_then(|()| {
                if tmux.is_some() {
                    out.write_all(passthrough(&osc52(text)).as_bytes())
                } else {
                    Ok(())
                }
            })
            .and_then(|()| out.flush())
            .map_err(CopyError::Terminal)?;
        Ok(Copied::Osc52 {
            tmux,
            saved: save(text),
        })
    }
}

/// tmux's `set-clipboard`, asked of the tmux server this process runs under.
fn tmux_clipboard() -> TmuxClipboard {
    let out = std::process::Command::new("tmux")
        .args(["show-options", "-gv", "set-clipboard"])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output();
    match out {
        Ok(o) if o.status.success() => match String::from_utf8_lossy(&o.stdout).trim() {
            "on" => TmuxClipboard::On,
            "off" | "external" => TmuxClipboard::Ignored,
            _ => TmuxClipboard::Unknown,
        },
        _ => TmuxClipboard::Unknown,
    }
}

/// The text in a new file only this user can read (created exclusively, never through a
/// link), in the runtime or temporary directory: the fallback when a copy cannot be confirmed.
/// It holds what was copied (redacted values, never a raw secret unless one was revealed).
fn save(text: &str) -> Option<PathBuf> {
    use std::os::unix::fs::OpenOptionsExt;
    let dir = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|d| d.is_dir())
        .unwrap_or_else(std::env::temp_dir);
    // Short, so the status line shows it whole: the process and a count of its copies (a name
    // left by an earlier process with the same id is skipped, never reused).
    static COPIES: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let (path, mut f) = (0..100).find_map(|_| {
        let n = COPIES.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let path = dir.join(format!("leakdesk-{}-{n}.md", std::process::id()));
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&path)
            .ok()
            .map(|f| (path, f))
    })?;
    f.write_all(text.as_bytes()).ok()?;
    Some(path)
}

/// OSC 52: set the clipboard (`c`) to the base64 of `text`.
pub fn osc52(text: &str) -> String {
    let payload = base64::engine::general_purpose::STANDARD.encode(text);
    format!("\u{1b}]52;c;{payload}\u{7}")
}

/// The tmux passthrough form of a sequence (`allow-passthrough on`): ESC doubled inside a DCS.
pub fn passthrough(seq: &str) -> String {
    format!(
        "\u{1b}Ptmux;{}\u{1b}\\",
        seq.replace('\u{1b}', "\u{1b}\u{1b}")
    )
}

/// Keeps what was copied, for tests.
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
    fn osc52_plain_and_passed_through() {
        assert_eq!(osc52("hi"), "\u{1b}]52;c;aGk=\u{7}");
        assert_eq!(
            passthrough(&osc52("hi")),
            "\u{1b}Ptmux;\u{1b}\u{1b}]52;c;aGk=\u{7}\u{1b}\\"
        );
    }

    #[test]
    fn the_status_names_the_path_and_the_tmux_option() {
        let ignored = Copied::Osc52 {
            tmux: Some(TmuxClipboard::Ignored),
            saved: Some(PathBuf::from("/run/user/1000/x.md")),
        };
        let said = ignored.describe();
        assert!(said.contains("set -g set-clipboard on") && said.contains("/run/user/1000/x.md"));
        assert!(
            Copied::Osc52 {
                tmux: Some(TmuxClipboard::On),
                saved: None
            }
            .describe()
            .contains("tmux buffer")
        );
    }

    #[test]
    fn the_fallback_file_is_private_and_new() {
        use std::os::unix::fs::PermissionsExt;
        let path = save("# Remediation\n").unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "# Remediation\n");
        std::fs::remove_file(path).unwrap();
    }
}
