//! What a well-formed field of a decision file looks like. The allowlist and the triage state
//! are committed files, so a cloned repository may hold anything in them: each field that
//! identifies, dates or scopes a decision is checked when read, and an entry that fails is
//! reported and left out (it then hides nothing: a gate fails closed).

use std::fmt;

/// A field of a decision file that is not what it must be: which field, the value found, and
/// what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub value: String,
    pub expected: &'static str,
}

impl FieldError {
    fn new(field: &str, value: &str, expected: &'static str) -> Self {
        Self {
            field: field.to_owned(),
            value: value.to_owned(),
            expected,
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} is not {}",
            self.field,
            quote(&self.value),
            self.expected
        )
    }
}

impl std::error::Error for FieldError {}

impl From<FieldError> for String {
    fn from(e: FieldError) -> Self {
        e.to_string()
    }
}

/// A fingerprint: SHA-256 as 64 lowercase hex digits.
pub fn fingerprint(s: &str) -> Result<(), FieldError> {
    if s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        Ok(())
    } else {
        Err(FieldError::new(
            "fingerprint",
            s,
            "64 lowercase hex digits (a SHA-256)",
        ))
    }
}

/// An RFC 3339 time as leakdesk writes them (`2026-11-23T13:30:05Z`), or with an offset or
/// fractions as other tools and people write them.
pub fn timestamp(field: &str, s: &str) -> Result<(), FieldError> {
    let ok = s.len() >= 10
        && s.len() <= 40
        && crate::time::is_date(&s[..10])
        && s[10..]
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'T' | b'Z' | b':' | b'+' | b'-' | b'.'));
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(
            &format!("`{field}`"),
            s,
            "a date and time (2026-11-23T13:30:05Z)",
        ))
    }
}

/// A `YYYY-MM-DD` date.
pub fn date(field: &str, s: &str) -> Result<(), FieldError> {
    if crate::time::is_date(s) {
        Ok(())
    } else {
        Err(FieldError::new(
            &format!("`{field}`"),
            s,
            "a date on the calendar (YYYY-MM-DD)",
        ))
    }
}

/// A checklist step id, as playbooks write them: lowercase letters, digits and `-`.
pub fn step_id(s: &str) -> Result<(), FieldError> {
    if !s.is_empty()
        && s.len() <= 100
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        Ok(())
    } else {
        Err(FieldError::new(
            "step id",
            s,
            "lowercase letters, digits and `-`",
        ))
    }
}

/// A value quoted in a message: cleaned, and cut at 80 characters.
pub fn quote(s: &str) -> String {
    let clean = crate::sanitize::clean(s);
    let mut out: String = clean.chars().take(80).collect();
    if clean.chars().count() > 80 {
        out.push('…');
    }
    format!("`{out}`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        assert!(fingerprint(&"a1".repeat(32)).is_ok());
        assert!(fingerprint(&"A1".repeat(32)).is_err());
        assert!(fingerprint(&"é".repeat(32)).is_err());
        assert!(fingerprint("").is_err());
        assert!(timestamp("at", "2026-11-23T13:30:05Z").is_ok());
        assert!(timestamp("at", "2026-11-23T13:30:05.123+02:00").is_ok());
        assert!(timestamp("at", "2026-11-23\r\u{1b}[3A").is_err());
        assert!(timestamp("at", "é").is_err());
        assert!(date("expires", "2027-01-31").is_ok());
        assert!(date("expires", "2027-01-31\n").is_err());
        assert!(step_id("revoke-key-2").is_ok());
        assert!(step_id("Revoke").is_err());
        assert_eq!(quote("a\u{1b}[2Jb\nc"), "`ab\u{FFFD}c`");
    }
}
