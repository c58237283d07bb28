//! Text from reports and scanned files is hostile: it may carry ANSI/OSC escape sequences that
//! recolour, retitle or rewrite a terminal, bidi overrides and invisible characters that make
//! code read differently, or line breaks that forge lines of output. This module is the one
//! sanitizer: every value drawn to a terminal goes through [`clean`] (one line) or
//! [`clean_lines`] (a message of several lines), and the command line's standard output and
//! error pass through [`SafeWriter`] as a last guard.

use std::borrow::Cow;
use std::io::{self, Write};

/// What a removed character is shown as, so the reader sees something was there.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Drops escape sequences (CSI, OSC, DCS and friends, 7- and 8-bit) and replaces every other
/// hazard (control, line break, bidi, invisible character: see [`is_hazard`]) with U+FFFD. A
/// tab becomes a space. Borrowed when clean.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hazard) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' => out.push(' '),
            '\u{1b}' => match chars.next() {
                Some('[') => skip_csi(&mut chars),
                Some(']' | 'P' | 'X' | '^' | '_') => skip_string(&mut chars),
                // Two-character escapes (ESC c, ESC 7, ...): the second one is dropped too.
                Some(_) | None => {}
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if is_hazard(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// [`clean`], and the replacement marks of line breaks as spaces: one line of text for a
/// column, a comment or a YAML name.
pub fn one_line(text: &str) -> String {
    // A line break reads as a separator, not as a replacement character.
    let joined = text.replace("\r\n", "\n").replace('\n', " / ");
    clean(&joined).replace('\u{FFFD}', " ")
}

/// [`clean`] line by line, keeping the line breaks (`\n`; a `\r\n` counts as one): for
/// messages of several lines written by leakdesk itself. Values quoted inside them must be
/// [`clean`]ed first, or a line break in a value would start a line of its own.
pub fn clean_lines(text: &str) -> String {
    text.split('\n')
        .map(|l| clean(l.strip_suffix('\r').unwrap_or(l)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether `c` must not reach a terminal as it is: C0 and C1 controls and DEL (line breaks
/// included), bidi embeddings, overrides, isolates and marks (Trojan Source, CVE-2021-42574),
/// zero-width and invisible formatting characters, and the Unicode line and paragraph
/// separators.
pub fn is_hazard(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'                      // Arabic letter mark
            | '\u{180E}'                    // Mongolian vowel separator
            | '\u{200B}'..='\u{200F}'       // zero-width space/joiners, LRM, RLM
            | '\u{2028}'..='\u{202E}'       // line/paragraph separators, embeddings, overrides
            | '\u{2060}'..='\u{2064}'       // word joiner, invisible operators
            | '\u{2066}'..='\u{206F}'       // isolates, deprecated format controls
            | '\u{FEFF}'                    // zero-width no-break space (BOM)
            | '\u{FFF9}'..='\u{FFFB}' // interlinear annotations
        )
}

/// The last guard on the command line's standard output and error: a writer that lets text and
/// line breaks through and nothing else. Whatever a bug let slip (an escape sequence, a control
/// or bidi character) is cleaned here as [`clean_lines`] would; plain ASCII passes untouched.
pub struct SafeWriter<W: Write> {
    inner: W,
    /// Bytes held back until a line break (or a flush): a UTF-8 character or an escape
    /// sequence may arrive split across writes.
    pending: Vec<u8>,
}

impl<W: Write> SafeWriter<W> {
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            pending: Vec::new(),
        }
    }

    fn emit(&mut self, bytes: &[u8]) -> io::Result<()> {
        let text = String::from_utf8_lossy(bytes);
        self.inner.write_all(clean_lines(&text).as_bytes())
    }
}

/// Printable ASCII and line breaks: nothing to clean. Checked a block at a time without an
/// early exit, so the compiler vectorises it (the output of `list` can be 100 MB).
fn plain(bytes: &[u8]) -> bool {
    bytes.chunks(64).all(|block| {
        !block.iter().fold(false, |odd, &b| {
            odd | (b.wrapping_sub(0x20) >= 0x5f && b != b'\n')
        })
    })
}

impl<W: Write> Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.pending.is_empty() && plain(buf) {
            self.inner.write_all(buf)?;
            return Ok(buf.len());
        }
        self.pending.extend_from_slice(buf);
        if let Some(end) = memchr::memrchr(b'\n', &self.pending) {
            let lines: Vec<u8> = self.pending.drain(..=end).collect();
            self.emit(&lines)?;
        } else if self.pending.len() > 1 << 20 {
            // One huge line: pass what is whole so far, keeping a split character back.
            let whole = match std::str::from_utf8(&self.pending) {
                Err(e) if e.error_len().is_none() => e.valid_up_to(),
                _ => self.pending.len(),
            };
            let part: Vec<u8> = self.pending.drain(..whole).collect();
            self.emit(&part)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let rest = std::mem::take(&mut self.pending);
            self.emit(&rest)?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for SafeWriter<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// Writes one message to standard error through the sanitizer, with a line break.
pub fn eprint_line(message: &str) {
    let mut err = SafeWriter::new(io::stderr().lock());
    let _ = err.write_all(message.as_bytes());
    let _ = err.write_all(b"\n");
    let _ = err.flush();
}

/// CSI: parameters and intermediates up to a final byte in `@`..=`~`.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) {
            break;
        }
    }
}

/// OSC/DCS/SOS/PM/APC: up to BEL, ESC \ or the 8-bit ST.
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(clean("src/app.py"), Cow::Borrowed(_)));
    }

    #[test]
    fn strips_csi_and_osc() {
        assert_eq!(clean("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(clean("x\u{1b}]0;pwned\u{7}y"), "xy");
        assert_eq!(
            clean("x\u{1b}]8;;http://evil\u{1b}\\link\u{1b}]8;;\u{1b}\\y"),
            "xlinky"
        );
        assert_eq!(clean("x\u{9b}2Jy"), "xy");
    }

    #[test]
    fn replaces_other_controls_and_bidi() {
        assert_eq!(clean("a\rb\u{7}c\u{0}d"), "a\u{FFFD}b\u{FFFD}c\u{FFFD}d");
        assert_eq!(clean("if x\u{202E}y"), "if x\u{FFFD}y");
        assert_eq!(clean("a\tb"), "a b");
        assert_eq!(clean("line\n"), "line\u{FFFD}");
    }

    #[test]
    fn invisible_and_separator_characters_are_hazards() {
        for c in [
            '\u{061C}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{2028}',
            '\u{2029}', '\u{7f}', '\u{85}', '\u{9c}', '\u{2066}', '\u{2069}', '\u{180E}',
        ] {
            assert!(is_hazard(c), "{:04X}", u32::from(c));
            assert_eq!(
                clean(&format!("a{c}b")),
                "a\u{FFFD}b",
                "{:04X}",
                u32::from(c)
            );
        }
        for c in ['é', '€', '日', '🔑', ' ', '…'] {
            assert!(!is_hazard(c), "{c}");
        }
    }

    #[test]
    fn clean_lines_keeps_line_breaks() {
        assert_eq!(
            clean_lines("a\u{1b}[2Jb\r\n  hint: c\u{7}"),
            "ab\n  hint: c\u{FFFD}"
        );
    }

    #[test]
    fn unterminated_sequences_do_not_hang() {
        assert_eq!(clean("a\u{1b}[12;"), "a");
        assert_eq!(clean("a\u{1b}]never ends"), "a");
        assert_eq!(clean("a\u{1b}"), "a");
    }

    fn through_safe_writer(parts: &[&[u8]]) -> String {
        let mut out = Vec::new();
        {
            let mut w = SafeWriter::new(&mut out);
            for p in parts {
                w.write_all(p).unwrap();
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn safe_writer_passes_text_and_cleans_the_rest() {
        assert_eq!(through_safe_writer(&[b"plain\n", b"text"]), "plain\ntext");
        assert_eq!(
            through_safe_writer(&[b"a\x1b[3A\x1b[J", b"b\n\xe2\x80\xaec\n"]),
            "ab\n\u{FFFD}c\n"
        );
        // A character and an escape split across writes.
        assert_eq!(
            through_safe_writer(&[b"caf\xc3", b"\xa9 \x1b]0;t", b"itle\x07!\n"]),
            "café !\n"
        );
        assert_eq!(through_safe_writer(&[b"\xff\xfe\n"]), "\u{FFFD}\u{FFFD}\n");
    }
}
