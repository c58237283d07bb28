//! How many lines a rule's match can span: the most newlines one match can hold, read from the
//! regex's syntax tree. A rule whose matches hold at most `n` newlines decides what it finds on a
//! line from that line and the `n` after it, which is what lets a changed copy of a scanned text
//! be rescanned only around its change (see `delta.rs`).

use regex_syntax::hir::{Class, Hir, HirKind};

/// Beyond this many newlines a rule is treated as unbounded: a window that large is no cheaper
/// than scanning the whole text.
const MAX: usize = 64;

/// What the syntax of a rule's regex says about its matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// The most newlines one match can hold; `None` when unbounded (`\s*`, `[\s\S]+`).
    pub newlines: Option<usize>,
    /// Whether the regex can match an empty string (such a rule is refused: it would match
    /// everywhere).
    pub can_be_empty: bool,
}

/// The shape of `pattern`, parsed as the scanner compiles it (bytes, no Unicode classes).
pub fn shape(pattern: &str) -> Result<Shape, String> {
    let hir = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .map_err(|e| e.to_string())?;
    Ok(Shape {
        newlines: newlines(&hir).filter(|&n| n <= MAX),
        can_be_empty: hir.properties().minimum_len() == Some(0),
    })
}

fn newlines(h: &Hir) -> Option<usize> {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(0),
        HirKind::Literal(l) => Some(l.0.iter().filter(|&&b| b == b'\n').count()),
        HirKind::Class(Class::Unicode(c)) => Some(usize::from(
            c.ranges()
                .iter()
                .any(|r| r.start() <= '\n' && '\n' <= r.end()),
        )),
        HirKind::Class(Class::Bytes(c)) => Some(usize::from(
            c.ranges()
                .iter()
                .any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
        )),
        HirKind::Repetition(r) => match newlines(&r.sub)? {
            0 => Some(0),
            n => r.max.map(|m| n.saturating_mul(m as usize)),
        },
        HirKind::Capture(c) => newlines(&c.sub),
        HirKind::Concat(hs) => hs
            .iter()
            .try_fold(0usize, |a, h| Some(a.saturating_add(newlines(h)?))),
        HirKind::Alternation(hs) => hs.iter().try_fold(0usize, |a, h| Some(a.max(newlines(h)?))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(p: &str) -> Option<usize> {
        shape(p).unwrap().newlines
    }

    #[test]
    fn newlines_a_match_can_hold() {
        assert_eq!(n(r"\bghp_[0-9a-zA-Z]{36}\b"), Some(0));
        assert_eq!(n(r"[^\n]{0,300}"), Some(0));
        assert_eq!(n(r"(?i)key[\s'\x22]{0,3}="), Some(3));
        assert_eq!(n(r"a\nb|c"), Some(1));
        assert_eq!(n(r"(?:.|[\n\r]){0,32}?x"), Some(32));
        assert_eq!(n(r"(?s)a.{0,5}b"), Some(5));
        assert_eq!(n(r"key\s*=\s*(?P<secret>\w+)"), None);
        assert_eq!(n(r"[\s\S-]{64,}?"), None);
        assert_eq!(n(r"\s{0,1000}"), None, "past the cap");
    }

    #[test]
    fn empty_matches_are_noticed() {
        assert!(shape(r"(?P<secret>a*)").unwrap().can_be_empty);
        assert!(!shape(r"(?P<secret>a+)").unwrap().can_be_empty);
    }
}
