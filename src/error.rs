//! User-facing errors: what was wrong, where (file, line, column), and what to do.

use std::fmt;

/// A problem with one input. Printed as `FILE:LINE:COLUMN: message` and an optional hint line,
/// the form editors and CI logs turn into links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub input: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// Lines under the message (indented), such as each format tried.
    pub details: Box<[String]>,
    pub hint: Option<String>,
}

impl InputError {
    pub fn new(input: &str, message: impl Into<String>) -> Self {
        Self {
            input: input.to_owned(),
            line: None,
            column: None,
            message: message.into(),
            details: Box::default(),
            hint: None,
        }
    }

    #[must_use]
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    #[must_use]
    pub fn details(mut self, details: Vec<String>) -> Self {
        self.details = details.into_boxed_slice();
        self
    }

    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// A serde_json error, told in the reader's terms: truncated, not JSON, or a field of the
    /// wrong type (with the field's path when known).
    pub fn from_json(input: &str, err: &serde_json::Error, path: Option<&str>) -> Self {
        use serde_json::error::Category;
        let raw = err.to_string();
        // serde_json appends " at line L column C"; we print the position our own way.
        let text = raw
            .rsplit_once(" at line ")
            .map_or(raw.as_str(), |(head, _)| head);
        let text = friendly_types(text);
        let text = text.as_str();
        let (message, hint) = match err.classify() {
            Category::Eof => (
                format!("the report ends too early ({text})"),
                "the file looks truncated: was the scanner stopped before it finished writing?",
            ),
            Category::Syntax => (
                format!("not valid JSON: {text}"),
                "leakdesk reads JSON, JSON lines and SARIF reports; check the file is one of those",
            ),
            Category::Data => (
                match path.filter(|p| !p.is_empty() && *p != ".") {
                    Some(p) => format!("field `{p}`: {text}"),
                    None => text.to_owned(),
                },
                "the report does not have the shape its format requires; if leakdesk guessed the \
                 wrong format, name the right one with --from",
            ),
            Category::Io => (
                format!("could not read: {text}"),
                "check the file is readable",
            ),
        };
        let mut e = Self::new(input, message).hint(hint);
        if err.line() > 0 {
            // serde_json says column 0 for "before the first character" of a line.
            e = e.at(err.line(), err.column().max(1));
        }
        e
    }
}

/// serde names Rust types; a report's reader thinks in JSON's.
fn friendly_types(text: &str) -> String {
    let mut out = text.to_owned();
    for (rust, json) in [
        ("expected i64", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected usize", "expected a whole number"),
        ("expected a string", "expected a string (in quotes)"),
        ("expected a boolean", "expected true or false"),
        ("invalid type: map", "invalid type: object"),
        ("invalid type: sequence", "invalid type: array"),
    ] {
        out = out.replace(rust, json);
    }
    out
}

/// Messages quote report and repository text (serde quotes the offending value), so each part
/// is cleaned here, once for every caller, as one line: a line break in a quoted value cannot
/// start a line of its own (such as a CI annotation, `::error ::...`). The hint alone goes on
/// the next line.
impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::sanitize::clean;
        f.write_str(&clean(&self.input))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", clean(&self.message))?;
        for d in &self.details {
            write!(f, "\n    {}", clean(d))?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", clean(hint))?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_column_and_hint() {
        let e = InputError::new("a.json", "bad").at(3, 7).hint("fix it");
        assert_eq!(e.to_string(), "a.json:3:7: bad\n  hint: fix it");
    }

    #[test]
    fn display_strips_escape_sequences_quoted_from_reports() {
        let e = InputError::new("r.json", "invalid type: string \"\u{1b}]0;pwned\u{7}x\"");
        assert_eq!(e.to_string(), "r.json: invalid type: string \"x\"");
    }

    #[test]
    fn a_line_break_in_a_quoted_value_cannot_start_a_line() {
        let e = InputError::new("r.json", "bad value \"x\n::error ::forged\"").hint("fix\nit");
        let text = e.to_string();
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(!text.lines().any(|l| l.starts_with("::")), "{text}");
    }

    #[test]
    fn truncated_json_is_called_truncated() {
        let err = serde_json::from_str::<serde_json::Value>("[{\"a\": 1").unwrap_err();
        let e = InputError::from_json("r.json", &err, None);
        assert!(e.message.starts_with("the report ends too early"), "{e}");
        assert_eq!(e.line, Some(1));
    }
}
