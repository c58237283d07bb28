//! Text from reports and scanned files is hostile: it may carry ANSI/OSC escape sequences that
//! recolour, retitle or rewrite a terminal, or bidi overrides that make code read differently.
//! Everything drawn to a terminal goes through [`clean`].

use std::borrow::Cow;

/// What a removed control character is shown as, so the reader sees something was there.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Drops escape sequences (CSI, OSC, DCS and friends, 7- and 8-bit) and replaces every other
/// control or bidi-override character with U+FFFD. A tab becomes a space. Borrowed when clean.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_care) {
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
            c if needs_care(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// [`clean`] line by line, keeping the line breaks: for multi-line messages (errors, hints)
/// that quote text from reports and repository files.
pub fn clean_lines(text: &str) -> String {
    text.split('\n')
        .map(|l| clean(l.strip_suffix('\r').unwrap_or(l)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn needs_care(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// Trojan-Source style overrides and isolates (CVE-2021-42574).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
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
}
