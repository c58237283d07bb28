//! secretlint `--format json`: every linted file with its full text and messages. The message is
//! masked, but `sourceContent` is not: the secret is `sourceContent[range]` (UTF-16 offsets).

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::json::{Doc, Shape};
use super::{Cx, first_record, positive, require};
use crate::error::InputError;
use crate::finding::{Evidence, Finding};

pub const TOOL: &str = "secretlint";

pub fn recognise(docs: &[Shape]) -> Result<(), String> {
    if !docs.first().is_some_and(Shape::is_array) {
        return Err("not an array of files".into());
    }
    require(first_record(docs), &["filePath", "messages"], "entries")
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileResult {
    file_path: String,
    source_content: Option<String>,
    #[serde(default)]
    messages: Vec<Message>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Message {
    rule_id: Option<String>,
    message_id: Option<String>,
    range: Option<[i64; 2]>,
    loc: Option<Loc>,
}

#[derive(Deserialize)]
struct Loc {
    start: LineColumn,
}

#[derive(Deserialize)]
struct LineColumn {
    line: Option<i64>,
    column: Option<i64>,
}

pub fn import(docs: &[Doc<'_>], cx: &Cx<'_>) -> Result<Vec<Finding>, InputError> {
    let mut out = Vec::new();
    for doc in docs {
        doc.for_each_item::<FileResult, _>(cx.input, |_, file| {
            for m in &file.messages {
                out.push(convert(&file, m, cx));
            }
            Ok(())
        })?;
    }
    Ok(out)
}

fn convert(file: &FileResult, m: &Message, cx: &Cx<'_>) -> Finding {
    let rule = m.rule_id.clone().unwrap_or_else(|| "unknown".into());
    let located = file
        .source_content
        .as_deref()
        .zip(m.range)
        .and_then(|(text, [a, b])| locate(text, a, b));
    let evidence = match &located {
        Some(l) => Evidence::secret(l.secret.as_str()),
        None => Evidence::default(),
    };
    let mut f = Finding::new(TOOL, &rule, cx.path(&file.file_path), evidence);
    let start = m.loc.as_ref().map(|l| &l.start);
    f.line = located
        .as_ref()
        .map(|l| l.line)
        .or_else(|| start.and_then(|s| positive(s.line)));
    // secretlint columns are 0-based UTF-16 units; from the text we count characters instead.
    f.column = located.as_ref().map(|l| l.column).or_else(|| {
        start
            .and_then(|s| s.column)
            .and_then(|c| positive(Some(c + 1)))
    });
    f.context = located.map(|l| l.context);
    f.provider = m
        .message_id
        .as_deref()
        .and_then(crate::provider::lookup)
        .map(str::to_owned);
    f.finish()
}

struct Located {
    secret: String,
    line: u32,
    column: u32,
    context: String,
}

/// The secret and its place from UTF-16 offsets into `text`; `None` if they do not fit it.
fn locate(text: &str, start: i64, end: i64) -> Option<Located> {
    let (start, end) = (usize::try_from(start).ok()?, usize::try_from(end).ok()?);
    if end < start {
        return None;
    }
    let (mut units, mut byte_start, mut byte_end) = (0usize, None, None);
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), '\0')))
    {
        if units == start && byte_start.is_none() {
            byte_start = Some(i);
        }
        if units == end {
            byte_end = Some(i);
            break;
        }
        units += c.len_utf16();
    }
    let (mut a, mut b) = (byte_start?, byte_end?);
    let line_end = text[a..].find('\n').map_or(text.len(), |p| a + p);
    if let Some((va, vb)) = value_after_key(&text[a..line_end], &text[a..b]) {
        (a, b) = (a + va, a + vb);
    }
    let line_start = text[..a].rfind('\n').map_or(0, |p| p + 1);
    Some(Located {
        secret: text[a..b].to_owned(),
        line: u32::try_from(text[..a].matches('\n').count() + 1).ok()?,
        column: u32::try_from(text[line_start..a].chars().count() + 1).ok()?,
        context: text[line_start..line_end].trim_end_matches('\r').to_owned(),
    })
}

/// secretlint 12's AWS secret key, `.npmrc` `_authToken` and package.json `x-oauth-basic` rules
/// report a range that starts at the key name (`AWS_SECRET_ACCESS_KEY = "DVwB...`, `_authToken=…`,
/// `https://TOKEN:x-oauth-basic@`) and is cut to the value's length. Taken as is, the secret
/// would be wrong: a wrong fingerprint, no merge with other tools, a wrong `--reveal`. From the
/// range's start to the end of its line, this finds the value's byte range, or `None` where the
/// range already is the value. The value must be as long as the range, or end where it ends, so
/// a value that merely contains `=` (base64 padding) is never cut.
fn value_after_key(rest: &str, range: &str) -> Option<(usize, usize)> {
    static KEYED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"^(?:https?://(?<user>[^\s:@/"']+):x-oauth-basic@|[A-Za-z_][A-Za-z0-9_.-]*["']?\s*[:=]\s*["']?(?<value>[^\s"'`,;]+))"#,
        )
        .expect("the key-name pattern compiles")
    });
    let caps = KEYED.captures(rest)?;
    let value = caps.name("user").or_else(|| caps.name("value"))?;
    // `https:` alone is a URL's scheme, not a key: those ranges are the credential URL.
    if value.as_str().starts_with("//") {
        return None;
    }
    let units = |s: &str| s.chars().map(char::len_utf16).sum::<usize>();
    let ends_with_range = value.end() == range.len() && value.len() >= 8;
    (units(value.as_str()) == units(range) || ends_with_range)
        .then_some((value.start(), value.end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_become_characters() {
        // "é" is one UTF-16 unit, "😀" two.
        let text = "a\né😀 KEY=secret1\n";
        let l = locate(text, 10, 17).unwrap();
        assert_eq!(l.secret, "secret1");
        assert_eq!((l.line, l.column), (2, 8));
        assert_eq!(l.context, "é😀 KEY=secret1");
        assert!(locate(text, 10, 99).is_none());
        assert!(locate(text, 5, 2).is_none());
    }

    #[test]
    fn ranges_that_start_at_a_key_name_yield_the_value() {
        // Ranges as secretlint 12 reports them: from the key name, as long as the value.
        let aws = "AWS_SECRET_ACCESS_KEY = \"DVwB1fXgT7rQ9kLmN3pZs8YcVb2HjKd5WqEr6TyU\"\n";
        let l = locate(aws, 0, 40).unwrap();
        assert_eq!(l.secret, "DVwB1fXgT7rQ9kLmN3pZs8YcVb2HjKd5WqEr6TyU");
        assert_eq!(l.column, 26);
        let npmrc = "//registry.npmjs.org/:_authToken=npm_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zA7bC\n";
        let l = locate(npmrc, 22, 62).unwrap();
        assert_eq!(l.secret, "npm_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zA7bC");
        let pkg = r#"{"x":"git+https://ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zA7bC:x-oauth-basic@github.com/a/x.git"}"#;
        let start = pkg.find("https").unwrap() as i64;
        let l = locate(pkg, start, start + 40).unwrap();
        assert_eq!(l.secret, "ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zA7bC");
        // A credential URL is the range secretlint meant: left as it is.
        let basic = "url = https://user:hunter2@example.com/x\n";
        let l = locate(basic, 6, 38).unwrap();
        assert_eq!(l.secret, "https://user:hunter2@example.com");
        // A range that is the value already is kept.
        let plain = "token: ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zA7bC\n";
        assert_eq!(locate(plain, 7, 47).unwrap().secret, &plain[7..47]);
        // Base64 padding is not an assignment.
        let padded = "k: dGVzdHZhbHVlMTIzNDU2Nzg5MA==\n";
        assert_eq!(locate(padded, 3, 31).unwrap().secret, &padded[3..31]);
    }
}
