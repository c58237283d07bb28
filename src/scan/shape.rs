//! Values that are code, not secrets. A generic "name = value" rule reads type annotations,
//! struct fields, references, calls, comparisons and identifiers as secrets; on third-party code
//! that was every one of its findings. A rule with `reject_code` drops a value when:
//!
//! - the assignment is a comparison (`==`, `!=`, `===`);
//! - the value continues as code: a call `(`, a path `::`, a member `.x`, an index `[`, a cast
//!   ` as `, an operator (`|`, `+`, `&&`);
//! - the value is a dotted reference (`self.api_key`, `settings.SECRET`, `winreg.KEY_READ`);
//! - the value is an identifier: single-case words joined by `_` or `-` (`bare_quoted_string`,
//!   `NL80211_KEY_DEFAULT_BEACON`), or camelCase words without digits (`userToken`).
//!
//! A real key is none of these: random characters mix case and digits without word structure.

/// Whether `value`, found by a name-and-value rule after `before` (the text before it on its
/// line) and followed by `after`, is code rather than a secret.
pub fn is_code(before: &[u8], value: &[u8], after: &[u8]) -> bool {
    // `oauth_consumer_key=` in a header's parameters is a name, not base64 padding.
    let value = value.strip_suffix(b"=").unwrap_or(value);
    is_comparison(before)
        || name_inside_a_path(before)
        || continues_as_code(after)
        || is_dotted_reference(value)
        || is_identifier(value)
        || is_word_path(value)
}

/// `Request/ApiKeyRequired`, `config/secrets/api`: words joined by `/` (a random base64 value's
/// parts mix case and digits without word structure).
fn is_word_path(value: &[u8]) -> bool {
    value.contains(&b'/')
        && value
            .split(|&b| b == b'/')
            .filter(|p| !p.is_empty())
            .all(wordlike)
}

/// `x == "y"`, `x != 'y'`: the operator just before the value holds two `=` or a `!`.
fn is_comparison(before: &[u8]) -> bool {
    // The operator is the last run of `=!<>:` characters before the value's opening quote.
    let op: Vec<u8> = before
        .iter()
        .rev()
        .skip_while(|b| matches!(b, b' ' | b'\t' | b'"' | b'\'' | b'`'))
        .take_while(|b| matches!(b, b'=' | b'!' | b'<' | b'>'))
        .copied()
        .collect();
    op.iter().filter(|&&b| b == b'=').count() >= 2 || op.contains(&b'!')
}

/// The "name" is a segment of an ARN, URL or path (`arn:aws:secretsmanager:...:secret:MyDb`):
/// it is preceded by `:` or `/`, not by the start of a line or a quote.
fn name_inside_a_path(before: &[u8]) -> bool {
    name_span(before)
        .and_then(|(start, _)| start.checked_sub(1))
        .is_some_and(|i| matches!(before[i], b':' | b'/'))
}

/// Where the name a value is assigned to sits in `before` (the text before the value), or
/// `None` when the value is not assigned (an argument after another: `f(site_id, "…")`).
fn name_span(before: &[u8]) -> Option<(usize, usize)> {
    if !assigned(before) {
        return None;
    }
    // Back over the quote, operator and spaces, then over the name itself.
    let end = before
        .iter()
        .rposition(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .map_or(0, |i| i + 1);
    let start = before[..end]
        .iter()
        .rposition(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')))
        .map_or(0, |i| i + 1);
    Some((start, end))
}

/// The value is followed by a call, a path, a member access, an index, a cast or an operator.
fn continues_as_code(after: &[u8]) -> bool {
    let rest: &[u8] = match after.iter().position(|b| !matches!(b, b'"' | b'\'' | b'`')) {
        Some(0) => after,
        // A closing quote ends a string literal: only a concatenation makes it part of
        // something built in code (`'_threading_local._localimpl.' + str(id(self))`).
        Some(n) => {
            let next = trim_start(&after[n..]);
            return next.starts_with(b"+ ") || next.starts_with(b"% ") || next.starts_with(b"..");
        }
        None => return false,
    };
    match rest {
        [b'(', ..] | [b'[', ..] | [b':', b':', ..] => true,
        [b'.', c, ..] if c.is_ascii_alphabetic() || *c == b'_' => true,
        _ => {
            let trimmed = trim_start(rest);
            trimmed.starts_with(b"as ")
                || trimmed.starts_with(b"| ")
                || trimmed.starts_with(b"||")
                || trimmed.starts_with(b"&&")
                || trimmed.starts_with(b"+ ")
                || trimmed.starts_with(b"? ")
        }
    }
}

/// `self.api_key`, `settings.SECRET_KEY`, `win32con.HKEY_USERS`: identifiers joined by dots (a
/// JWT, whose parts are identifiers too, starts with `eyJ`).
fn is_dotted_reference(value: &[u8]) -> bool {
    value.contains(&b'.')
        && !value.starts_with(b"eyJ")
        && value
            .strip_suffix(b".")
            .unwrap_or(value)
            .split(|&b| b == b'.')
            .all(|part| {
                !part.is_empty()
                    && part.len() <= 40
                    && !part[0].is_ascii_digit()
                    && part.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
            })
}

/// A part of a reference or path: an identifier, a word (`Request`, `self`), or single-case
/// letters then digits (`OPENAPIV2`, `nl80211`).
fn wordlike(part: &[u8]) -> bool {
    if part.is_empty() {
        return false;
    }
    if is_identifier(part) {
        return true;
    }
    let letters = part
        .iter()
        .take_while(|b| b.is_ascii_alphabetic() || **b == b'_')
        .count();
    let (alpha, digits) = part.split_at(letters);
    let one_case =
        !alpha.iter().any(u8::is_ascii_uppercase) || !alpha.iter().any(u8::is_ascii_lowercase);
    let capitalised = alpha.first().is_some_and(u8::is_ascii_uppercase)
        && alpha[1..]
            .iter()
            .all(|b| b.is_ascii_lowercase() || *b == b'_');
    letters > 0 && digits.iter().all(u8::is_ascii_digit) && (one_case || capitalised)
}

/// Single-case words joined by `_`/`-`, each letters then digits (`nl80211`, `key`, `v2`), or
/// camelCase words with no digit at all.
pub fn is_identifier(value: &[u8]) -> bool {
    if value.is_empty() {
        return false;
    }
    let has_lower = value.iter().any(u8::is_ascii_lowercase);
    let has_upper = value.iter().any(u8::is_ascii_uppercase);
    let separators = value.iter().filter(|b| matches!(b, b'_' | b'-')).count();
    if has_lower != has_upper {
        // Single case: word structure needs a separator, or letters only.
        let parts_ok = value
            .split(|b| matches!(b, b'_' | b'-'))
            .filter(|p| !p.is_empty())
            .all(|p| {
                let letters = p.iter().take_while(|b| b.is_ascii_alphabetic()).count();
                let rest = &p[letters..];
                (letters > 0 && rest.iter().all(u8::is_ascii_digit))
                    || (letters == 0 && rest.iter().all(u8::is_ascii_digit))
            });
        let letters_only = value.iter().all(|b| b.is_ascii_alphabetic());
        return parts_ok && (separators > 0 || letters_only);
    }
    // Mixed case: camelCase or PascalCase words (`userAccessToken`, `PKCS7PrivateKeyTypes`,
    // `OAuth2AuthorizationGrant`): every word a capitalised or lower-case word of two letters
    // or more, or an acronym, digits only at a word's end.
    let words = camel_words(value);
    words.len() >= 2
        && words.iter().all(|w| {
            let letters = w.iter().take_while(|b| b.is_ascii_alphabetic()).count();
            let (alpha, digits) = w.split_at(letters);
            let shaped = match alpha {
                [first, rest @ ..] if first.is_ascii_uppercase() => {
                    rest.iter().all(u8::is_ascii_lowercase)
                        || rest.iter().all(u8::is_ascii_uppercase)
                        || {
                            // `OAuth`: capitals, then lower case.
                            let caps = rest.iter().take_while(|b| b.is_ascii_uppercase()).count();
                            rest[caps..].iter().all(u8::is_ascii_lowercase)
                        }
                }
                [_, ..] => alpha.iter().all(u8::is_ascii_lowercase),
                [] => false,
            };
            shaped && alpha.len() >= 2 && digits.iter().all(u8::is_ascii_digit)
        })
}

/// `getApiKey` → `get`, `Api`, `Key`; separators split too; `None`-like runs of capitals
/// (`HTTPServer`) stay together.
fn camel_words(value: &[u8]) -> Vec<&[u8]> {
    let mut words = Vec::new();
    let mut start = 0;
    for i in 1..value.len() {
        let (prev, here) = (value[i - 1], value[i]);
        if matches!(here, b'_' | b'-') {
            words.push(&value[start..i]);
            start = i + 1;
        } else if (prev.is_ascii_lowercase() || prev.is_ascii_digit()) && here.is_ascii_uppercase()
        {
            words.push(&value[start..i]);
            start = i;
        }
    }
    words.push(&value[start.min(value.len())..]);
    words.retain(|w| !w.is_empty());
    words
}

/// The words of the name a value is assigned to: `"VerifiedAccessGroupId": "..."` →
/// `verified access group id`; `self.next_token = ...` → `self next token`.
pub fn name_words(before: &[u8]) -> Vec<String> {
    let Some((start, end)) = name_span(before) else {
        return Vec::new();
    };
    camel_words(&before[start..end])
        .into_iter()
        .flat_map(|w| w.split(|b| *b == b'.'))
        .filter(|w| !w.is_empty())
        .map(|w| String::from_utf8_lossy(w).to_ascii_lowercase())
        .collect()
}

/// Whether the value after `before` is assigned (`=`, `:`, `=>` just before it, quotes aside).
fn assigned(before: &[u8]) -> bool {
    let operator = before
        .iter()
        .rev()
        .find(|b| !matches!(b, b' ' | b'\t' | b'"' | b'\'' | b'`'));
    matches!(operator, Some(b'=' | b':' | b'>'))
}

/// Whether the name ends with one of `endings` (each one or more words: `id`, `next token`; a
/// name written as one word counts too: `keyid`, `s3objectkey`), or is exactly an ending
/// written with a leading `=` (`=key`: the name `key` alone).
pub fn name_ends_with(words: &[String], endings: &[String]) -> bool {
    let joined: String = words.concat();
    endings.iter().any(|e| {
        if let Some(exact) = e.strip_prefix('=') {
            return words.join(" ") == exact;
        }
        let glued: String = e.split_whitespace().collect();
        if glued.len() >= 5 && joined.ends_with(&glued) {
            return true;
        }
        let tail: Vec<&str> = e.split_whitespace().collect();
        words.len() >= tail.len()
            && words[words.len() - tail.len()..]
                .iter()
                .zip(&tail)
                .all(|(w, t)| w == t)
    })
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| matches!(c, b' ' | b'\t')).count();
    &b[n..]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (the rule's whole match, the value, what follows) → code?
    fn code(line: &str, value: &str) -> bool {
        let at = line.rfind(value).unwrap();
        is_code(
            &line.as_bytes()[..at],
            value.as_bytes(),
            &line.as_bytes()[at + value.len()..],
        )
    }

    #[test]
    fn code_shapes_seen_on_real_code_are_rejected() {
        for (line, value) in [
            ("pub key: btrfs_disk_key,", "btrfs_disk_key"),
            (
                "pub const NL80211_KEY_MAX: nl80211_key_attributes = nl80211_key_attributes::NL80211_KEY_DEFAULT_BEACON;",
                "nl80211_key_attributes",
            ),
            (
                "let virtual_key_code = key_event.wVirtualKeyCode as u32;",
                "key_event.wVirtualKeyCode",
            ),
            ("brace_token: input.parse()?,", "input"),
            (
                "if x.token_type == 'bare-quoted-string':",
                "bare-quoted-string",
            ),
            (
                "self.password = self.distribution.password",
                "self.distribution.password",
            ),
            (
                "access = _winapi.GENERIC_READ | _winapi.GENERIC_WRITE",
                "_winapi.GENERIC_READ",
            ),
            (
                "cmp_to_key = c_functools.cmp_to_key",
                "c_functools.cmp_to_key",
            ),
            ("token = userAccessToken", "userAccessToken"),
            (
                "api_key = settings.STRIPE_API_KEY",
                "settings.STRIPE_API_KEY",
            ),
            ("token = get_token_from_vault(name)", "get_token_from_vault"),
            (
                "if (apiKey != 'placeholder-for-tests') {",
                "placeholder-for-tests",
            ),
            (
                "self.key = '_threading_local._localimpl.' + str(id(self))",
                "_threading_local._localimpl.",
            ),
            ("private_key: PKCS7PrivateKeyTypes,", "PKCS7PrivateKeyTypes"),
            (
                "auth_grant: OAuth2AuthorizationGrant",
                "OAuth2AuthorizationGrant",
            ),
            (
                "\"ARN\": \"arn:aws:secretsmanager:us-west-2:123456789012:secret:MyTestDatabaseSecret-a1b2c3\"",
                "MyTestDatabaseSecret-a1b2c3",
            ),
        ] {
            assert!(code(line, value), "{line}");
        }
    }

    #[test]
    fn names_split_into_words() {
        let words = |line: &str, value: &str| {
            let at = line.rfind(value).unwrap();
            name_words(&line.as_bytes()[..at])
        };
        assert_eq!(
            words("\"VerifiedAccessGroupId\": \"vagr-0dbe\"", "vagr-0dbe"),
            ["verified", "access", "group", "id"]
        );
        assert_eq!(
            words("self.next_token = 'abc'", "abc"),
            ["self", "next", "token"]
        );
        assert_eq!(words("API_KEY=xyz", "xyz"), ["api", "key"]);
        let ends = |w: &[&str], e: &[&str]| {
            name_ends_with(
                &w.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                &e.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            )
        };
        assert!(ends(&["next", "token"], &["next token"]));
        assert!(!ends(&["api", "token"], &["next token", "id"]));
    }

    #[test]
    fn secrets_are_not_code() {
        for (line, value) in [
            (
                "api_key = \"y9OZ8QfWsWlCKMXG9CG9u84Y5npy4cPI\"",
                "y9OZ8QfWsWlCKMXG9CG9u84Y5npy4cPI",
            ),
            (
                "client_secret: X7HRSqq5Mv27LkFRp2WFzxseaMj5hS7kQGJXmNyY",
                "X7HRSqq5Mv27LkFRp2WFzxseaMj5hS7kQGJXmNyY",
            ),
            (
                "token = 'a8f5f167f44f4964e6c998dee827110c'",
                "a8f5f167f44f4964e6c998dee827110c",
            ),
            ("password = \"Tr0ub4dor&3horse\"", "Tr0ub4dor&3horse"),
            (
                "aws_secret = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzKEY\"",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzKEY",
            ),
            (
                "secret=\"4f2b9c1e-77aa-4c3b-9d7e-0e5c1a2b3c4d\"",
                "4f2b9c1e-77aa-4c3b-9d7e-0e5c1a2b3c4d",
            ),
            (
                "key = \"sk_live_4eC39HqLyjWDarjtT1zdp7dc\".strip()",
                "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
            ),
            (
                "Authorization: Bearer eyJraWQiOiJhY21lIiwiYWxnIjoiUlMyNTYifQ.b3BzLXRva2Vu.c2lnLXZhbHVl",
                "eyJraWQiOiJhY21lIiwiYWxnIjoiUlMyNTYifQ.b3BzLXRva2Vu.c2lnLXZhbHVl",
            ),
            (
                "aws_secret = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzKEY\"",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzKEY",
            ),
        ] {
            assert!(!code(line, value), "{line}");
        }
    }
}
