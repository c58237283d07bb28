//! Kingfisher JSON (an envelope with `findings`; 1.x prints a summary document after it) and JSON
//! lines (one `{rule, finding}` per line, then an audit or summary line).

use serde::Deserialize;

use super::json::{Doc, Shape};
use super::{Cx, non_empty, positive};
use crate::error::InputError;
use crate::finding::{Evidence, Finding, Verified};

pub const TOOL: &str = "kingfisher";

pub fn recognise(docs: &[Shape]) -> Result<(), String> {
    let Some(first) = docs.first().filter(|d| d.is_object()) else {
        return Err("not a JSON object".into());
    };
    let item = first.get("findings").and_then(Shape::first);
    let version = first
        .get("metadata")
        .is_some_and(|m| m.has("kingfisher_version"));
    if first.has_all(&["rule", "finding"])
        || item.is_some_and(|i| i.has_all(&["rule", "finding"]))
        || version
    {
        Ok(())
    } else {
        Err("no `findings` of `{rule, finding}` and no `metadata.kingfisher_version`".into())
    }
}

#[derive(Deserialize)]
struct Envelope {
    findings: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    rule: Rule,
    finding: KfFinding,
}

#[derive(Deserialize)]
struct Rule {
    id: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
struct KfFinding {
    snippet: Option<String>,
    fingerprint: Option<String>,
    validation: Option<Validation>,
    line: Option<i64>,
    column_start: Option<i64>,
    path: Option<String>,
    git_metadata: Option<GitMetadata>,
}

#[derive(Deserialize)]
struct Validation {
    /// 2.x
    outcome: Option<String>,
    /// 1.x: `Active`, `Inactive`, `Not Attempted`.
    status: Option<String>,
}

#[derive(Deserialize)]
struct GitMetadata {
    commit: Option<Commit>,
    file: Option<GitFile>,
}

#[derive(Deserialize)]
struct Commit {
    id: Option<String>,
    date: Option<String>,
    author: Option<Person>,
}

#[derive(Deserialize)]
struct Person {
    name: Option<String>,
    email: Option<String>,
}

#[derive(Deserialize)]
struct GitFile {
    path: Option<String>,
}

pub fn import(docs: &[Doc<'_>], cx: &Cx<'_>) -> Result<Vec<Finding>, InputError> {
    let mut out = Vec::new();
    for doc in docs {
        // Summary and audit documents (where `findings` is a count) carry no findings.
        let shape = doc.shape(cx.input)?;
        if shape.has_all(&["rule", "finding"]) {
            out.push(convert(doc.parse(cx.input)?, cx));
        } else if shape.get("findings").is_some_and(Shape::is_array) {
            let env: Envelope = doc.parse(cx.input)?;
            out.extend(env.findings.into_iter().map(|i| convert(i, cx)));
        }
    }
    Ok(out)
}

fn convert(item: Item, cx: &Cx<'_>) -> Finding {
    let Item { rule, finding: k } = item;
    let rule = non_empty(rule.id)
        .or(rule.name)
        .unwrap_or_else(|| "unknown".into());
    let git = k.git_metadata.as_ref();
    let path = non_empty(k.path).or_else(|| {
        git.and_then(|g| g.file.as_ref())
            .and_then(|f| f.path.clone())
    });
    let mut f = Finding::new(
        TOOL,
        &rule,
        cx.path(&path.unwrap_or_default()),
        Evidence::maybe_masked(&k.snippet.unwrap_or_default()),
    );
    f.line = positive(k.line);
    // Kingfisher columns are 0-based.
    f.column = k.column_start.and_then(|c| positive(Some(c + 1)));
    if let Some(commit) = git.and_then(|g| g.commit.as_ref()) {
        f.commit = non_empty(commit.id.clone());
        f.date = non_empty(commit.date.clone());
        f.author = commit
            .author
            .as_ref()
            .and_then(|a| non_empty(a.name.clone()));
        f.email = commit
            .author
            .as_ref()
            .and_then(|a| non_empty(a.email.clone()));
    }
    f.detections[0].native_id = non_empty(k.fingerprint);
    let outcome = k
        .validation
        .and_then(|v| v.outcome.or(v.status))
        .unwrap_or_default()
        .to_ascii_lowercase();
    f.verified = match outcome.as_str() {
        "active" => Verified::Yes,
        "inactive" => Verified::No,
        _ => Verified::Unknown,
    };
    f.finish()
}
