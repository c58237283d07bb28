//! JSON that is safe to print: serde_json escapes only `"`, `\` and C0 controls, so DEL, C1
//! controls, bidi overrides, zero-width characters and U+2028/U+2029 from hostile reports would
//! otherwise pass into a file that someone `cat`s, a SARIF upload, or a CI log. Every JSON and
//! SARIF document leakdesk writes goes through here, which writes each of them as `\uXXXX`.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter, Serializer};

use crate::sanitize::is_hazard;

/// A formatter that escapes every [`is_hazard`] character inside strings and otherwise does
/// what `F` does.
struct Escaping<F>(F);

macro_rules! delegate {
    ($($name:ident),*) => {
        $(fn $name<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.$name(w)
        })*
    };
}

macro_rules! delegate_first {
    ($($name:ident),*) => {
        $(fn $name<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
            self.0.$name(w, first)
        })*
    };
}

impl<F: Formatter> Formatter for Escaping<F> {
    delegate!(
        begin_array,
        end_array,
        end_array_value,
        begin_object,
        end_object,
        begin_object_value,
        end_object_value
    );
    delegate_first!(begin_array_value, begin_object_key);

    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Every hazard serde_json leaves alone is DEL or beyond ASCII.
        if fragment.is_ascii() && memchr::memchr(0x7f, fragment.as_bytes()).is_none() {
            return w.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if is_hazard(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                // Every hazard lies in the Basic Multilingual Plane: one \u escape each.
                write!(w, "\\u{:04x}", u32::from(c))?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
}

/// Compact JSON, hazards escaped.
pub fn to_writer<W: Write, T: Serialize + ?Sized>(w: W, value: &T) -> serde_json::Result<()> {
    value.serialize(&mut Serializer::with_formatter(
        w,
        Escaping(CompactFormatter),
    ))
}

/// Indented JSON, hazards escaped.
pub fn to_writer_pretty<W: Write, T: Serialize + ?Sized>(
    w: W,
    value: &T,
) -> serde_json::Result<()> {
    value.serialize(&mut Serializer::with_formatter(
        w,
        Escaping(PrettyFormatter::new()),
    ))
}

/// Compact JSON text, hazards escaped.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    to_writer(&mut out, value)?;
    // The serializer writes UTF-8 only.
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Indented JSON text, hazards escaped.
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    to_writer_pretty(&mut out, value)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hazards_are_escaped_and_read_back_the_same() {
        let hostile = "a\u{7f}b\u{9b}c\u{202e}d\u{2028}e\u{200b}f\u{feff}g\u{1b}[2Jh é日🔑";
        let v = json!({ "k\u{202e}": hostile, "list": [hostile] });
        for text in [to_string(&v).unwrap(), to_string_pretty(&v).unwrap()] {
            assert!(!text.chars().any(|c| is_hazard(c) && c != '\n'), "{text}");
            assert!(
                text.contains("\\u202e") && text.contains("\\u007f"),
                "{text}"
            );
            assert!(text.contains("é日🔑"), "{text}");
            let back: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(back, v);
        }
    }

    #[test]
    fn pretty_output_matches_serde_json_when_clean() {
        let v = json!({"version": 1, "entries": [{"a": "b", "n": [1, 2]}], "empty": {}});
        assert_eq!(
            to_string_pretty(&v).unwrap(),
            serde_json::to_string_pretty(&v).unwrap()
        );
        assert_eq!(to_string(&v).unwrap(), serde_json::to_string(&v).unwrap());
    }
}
