//! gitleaks JSON: v8 (`RuleID`, `StartLine`, `Secret`, ...) and legacy v7 (`offender`, `lineNumber`).

use std::borrow::Cow;

use serde::Deserialize;

use super::json::{Doc, Shape};
use super::{Cx, first_record, positive, require};
use crate::error::InputError;
use crate::finding::{Evidence, Finding};

pub const TOOL: &str = "gitleaks";

pub fn recognise(docs: &[Shape]) -> Result<(), String> {
    if !docs.first().is_some_and(Shape::is_array) {
        return Err("not an array of findings".into());
    }
    let record = first_record(docs);
    if record.is_some_and(|r| r.has_all(&["offender", "lineNumber", "rule"])) {
        return Ok(());
    }
    require(record, &["RuleID"], "records")?;
    if record.is_some_and(|r| r.has("StartLine") || r.has("Secret") || r.has("Fingerprint")) {
        Ok(())
    } else {
        Err("records lack `StartLine`, `Secret` and `Fingerprint`".into())
    }
}

/// One record, v8 or v7 keys. Strings borrow from the report where they can: a 100,000-finding
/// report has a million of them.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct V8<'a> {
    #[serde(rename = "RuleID", borrow)]
    rule_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    description: Option<Cow<'a, str>>,
    start_line: Option<i64>,
    start_column: Option<i64>,
    #[serde(rename = "Match", borrow)]
    matched: Option<Cow<'a, str>>,
    #[serde(borrow)]
    secret: Option<Cow<'a, str>>,
    #[serde(borrow)]
    file: Option<Cow<'a, str>>,
    #[serde(borrow)]
    symlink_file: Option<Cow<'a, str>>,
    #[serde(borrow)]
    commit: Option<Cow<'a, str>>,
    #[serde(borrow)]
    author: Option<Cow<'a, str>>,
    #[serde(borrow)]
    email: Option<Cow<'a, str>>,
    #[serde(borrow)]
    date: Option<Cow<'a, str>>,
    #[serde(borrow)]
    fingerprint: Option<Cow<'a, str>>,
    // v7 keys, read from the same record so one pass handles both.
    #[serde(rename = "offender", borrow)]
    v7_offender: Option<Cow<'a, str>>,
    #[serde(rename = "line", borrow)]
    v7_line: Option<Cow<'a, str>>,
    #[serde(rename = "lineNumber")]
    v7_line_number: Option<i64>,
    #[serde(rename = "rule", borrow)]
    v7_rule: Option<Cow<'a, str>>,
    #[serde(rename = "file", borrow)]
    v7_file: Option<Cow<'a, str>>,
    #[serde(rename = "commit", borrow)]
    v7_commit: Option<Cow<'a, str>>,
    #[serde(rename = "author", borrow)]
    v7_author: Option<Cow<'a, str>>,
    #[serde(rename = "email", borrow)]
    v7_email: Option<Cow<'a, str>>,
    #[serde(rename = "date", borrow)]
    v7_date: Option<Cow<'a, str>>,
}

pub fn import(docs: &[Doc<'_>], cx: &Cx<'_>) -> Result<Vec<Finding>, InputError> {
    let mut out = Vec::new();
    for doc in docs {
        let items = doc.map_items(cx.input, |r: V8<'_>| {
            if r.v7_offender.is_some() {
                from_v7(r, cx)
            } else {
                from_v8(r, cx)
            }
        })?;
        // The usual single document is moved, not copied into a second buffer.
        if out.is_empty() {
            out = items;
        } else {
            out.extend(items);
        }
    }
    Ok(out)
}

/// An owned copy of a present, non-blank string.
fn own(s: Option<&Cow<'_, str>>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty()).map(|s| s.to_string())
}

fn from_v8(r: V8<'_>, cx: &Cx<'_>) -> Finding {
    let secret = r
        .secret
        .as_ref()
        .or(r.matched.as_ref())
        .map_or("", |s| s.as_ref());
    let rule = own(r.rule_id.as_ref())
        .or_else(|| own(r.description.as_ref()))
        .unwrap_or_else(|| "unknown".into());
    let file = r
        .symlink_file
        .as_ref()
        .filter(|s| !s.is_empty())
        .or(r.file.as_ref())
        .map_or("", |s| s.as_ref());
    let mut f = Finding::new(TOOL, &rule, cx.path(file), Evidence::maybe_masked(secret));
    f.line = positive(r.start_line);
    f.column = positive(r.start_column).map(|c| column_fix(c, f.line));
    f.commit = own(r.commit.as_ref());
    f.author = own(r.author.as_ref());
    f.email = own(r.email.as_ref());
    f.date = own(r.date.as_ref());
    // `Match` is the whole regex match (e.g. `KEY = "..."`): the closest thing to a code line.
    f.context = own(r.matched.as_ref()).filter(|m| m != secret);
    f.detections[0].native_id = own(r.fingerprint.as_ref());
    f.finish()
}

/// gitleaks counts columns from the previous newline on every line but a fragment's first, so
/// they come out one too large there (gitleaks issue #1424). A fragment starts at line 1 of a
/// file scan; that is the case we can know.
fn column_fix(column: u32, line: Option<u32>) -> u32 {
    match line {
        Some(l) if l > 1 && column > 1 => column - 1,
        _ => column,
    }
}

fn from_v7(r: V8<'_>, cx: &Cx<'_>) -> Finding {
    let secret = r.v7_offender.as_deref().unwrap_or_default();
    let rule = own(r.v7_rule.as_ref()).unwrap_or_else(|| "unknown".into());
    let file = r.v7_file.as_deref().unwrap_or_default();
    let mut f = Finding::new(TOOL, &rule, cx.path(file), Evidence::maybe_masked(secret));
    f.line = positive(r.v7_line_number);
    f.commit = own(r.v7_commit.as_ref());
    f.author = own(r.v7_author.as_ref());
    f.email = own(r.v7_email.as_ref());
    f.date = own(r.v7_date.as_ref());
    f.context = own(r.v7_line.as_ref());
    if let (Some(context), Some(s)) = (&f.context, &f.secret) {
        f.column = context_column(context, s.expose());
    }
    f.finish()
}

/// 1-based character column of `secret` in `line`, when it is there.
pub(crate) fn context_column(line: &str, secret: &str) -> Option<u32> {
    let at = line.find(secret)?;
    u32::try_from(line[..at].chars().count() + 1).ok()
}
