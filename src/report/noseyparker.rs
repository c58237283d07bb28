//! Nosey Parker `report --format json|jsonl` (v0.17+), and the older JSON lines (`type: finding`,
//! `match_content`). Each match can have several provenances (a file, a commit); each is a place.

use base64::Engine;
use serde::Deserialize;

use super::json::{Doc, Shape};
use super::{Cx, date, first_record, non_empty, positive};
use crate::error::InputError;
use crate::finding::{Evidence, Finding, Label};

pub const TOOL: &str = "noseyparker";

pub fn recognise(docs: &[Shape]) -> Result<(), String> {
    let Some(record) = first_record(docs).filter(|r| r.is_object()) else {
        return Err("no finding objects".into());
    };
    if record.has_all(&["finding_id", "rule_text_id", "matches"])
        || (record.get("type").and_then(Shape::as_str) == Some("finding")
            && record.has("match_content"))
    {
        Ok(())
    } else {
        Err("findings lack `finding_id`, `rule_text_id` and `matches`".into())
    }
}

#[derive(Deserialize)]
struct NpFinding {
    finding_id: Option<String>,
    rule_name: Option<String>,
    rule_text_id: Option<String>,
    #[serde(default)]
    statuses: Vec<String>,
    #[serde(default)]
    matches: Vec<Match>,
}

#[derive(Deserialize)]
struct Match {
    #[serde(default)]
    provenance: Vec<Provenance>,
    location: Option<Location>,
    #[serde(default)]
    groups: Vec<String>,
    /// Before v0.17: the secret in clear.
    match_content: Option<String>,
    snippet: Option<Snippet>,
    status: Option<String>,
}

#[derive(Deserialize)]
struct Provenance {
    kind: Option<String>,
    path: Option<String>,
    repo_path: Option<String>,
    first_commit: Option<CommitProvenance>,
    /// Before v0.17.
    commit_provenance: Option<CommitProvenance>,
}

#[derive(Deserialize)]
struct CommitProvenance {
    blob_path: Option<String>,
    commit_metadata: Option<CommitMetadata>,
}

#[derive(Deserialize)]
struct CommitMetadata {
    commit_id: Option<String>,
    author_name: Option<String>,
    author_email: Option<String>,
    author_timestamp: Option<String>,
}

#[derive(Deserialize)]
struct Location {
    source_span: Option<Span>,
}

#[derive(Deserialize)]
struct Span {
    start: Point,
}

#[derive(Deserialize)]
struct Point {
    line: Option<i64>,
    column: Option<i64>,
}

#[derive(Deserialize)]
struct Snippet {
    #[serde(default)]
    before: String,
    #[serde(default)]
    matching: String,
    #[serde(default)]
    after: String,
}

pub fn import(docs: &[Doc<'_>], cx: &Cx<'_>) -> Result<Vec<Finding>, InputError> {
    let mut out = Vec::new();
    for doc in docs {
        if doc.raw.starts_with('[') {
            doc.for_each_item::<NpFinding, _>(cx.input, |_, f| {
                convert(f, cx, &mut out);
                Ok(())
            })?;
        } else {
            convert(doc.parse(cx.input)?, cx, &mut out);
        }
    }
    Ok(out)
}

fn convert(finding: NpFinding, cx: &Cx<'_>, out: &mut Vec<Finding>) {
    let rule = non_empty(finding.rule_text_id)
        .or_else(|| finding.rule_name.clone())
        .unwrap_or_else(|| "unknown".into());
    let finding_label = finding.statuses.first().and_then(|s| label(s));
    for m in finding.matches {
        // The first capture group is the secret (for AWS, the key id, as other tools report it).
        let secret = m
            .groups
            .first()
            .and_then(|g| decode(g))
            .or(m.match_content.clone())
            .unwrap_or_default();
        let start = m
            .location
            .as_ref()
            .and_then(|l| l.source_span.as_ref())
            .map(|s| &s.start);
        let line = start.and_then(|p| positive(p.line));
        let mut column = start.and_then(|p| positive(p.column));
        let mut context = None;
        if let Some(snippet) = &m.snippet {
            let (ctx, col) = context_line(snippet);
            context = Some(ctx).filter(|c| !c.trim().is_empty());
            column = col.or(column);
        }
        for prov in &m.provenance {
            let commit = prov
                .first_commit
                .as_ref()
                .or(prov.commit_provenance.as_ref());
            let path = match prov.kind.as_deref() {
                Some("file") => prov.path.clone(),
                _ => commit
                    .and_then(|c| c.blob_path.clone())
                    .or_else(|| prov.repo_path.clone()),
            };
            let Some(path) = non_empty(path) else {
                continue;
            };
            let mut f = Finding::new(
                TOOL,
                &rule,
                cx.path(&path),
                Evidence::secret(secret.as_str()),
            );
            f.line = line;
            f.column = column;
            f.context.clone_from(&context);
            if let Some(snippet) = &m.snippet {
                f.around = surrounding(snippet);
            }
            if prov.kind.as_deref() != Some("file")
                && let Some(meta) = commit.and_then(|c| c.commit_metadata.as_ref())
            {
                f.commit = non_empty(meta.commit_id.clone());
                f.author = non_empty(meta.author_name.clone());
                f.email = non_empty(meta.author_email.clone());
                f.date = non_empty(meta.author_timestamp.clone())
                    .map(|t| date::from_unix_with_offset(&t));
            }
            f.detections[0].native_id.clone_from(&finding.finding_id);
            f.label = m.status.as_deref().and_then(label).or(finding_label);
            f.provider = finding
                .rule_name
                .as_deref()
                .and_then(crate::provider::lookup)
                .map(str::to_owned);
            out.push(f.finish());
        }
    }
}

/// The snippet's line before the match's line and after it, when the snippet reaches them.
fn surrounding(s: &Snippet) -> Option<(String, String)> {
    let mut before_lines = s.before.rsplit('\n');
    before_lines.next();
    let before = before_lines.next().unwrap_or_default().to_owned();
    let after = s.after.split('\n').nth(1).unwrap_or_default().to_owned();
    (!before.is_empty() || !after.is_empty()).then_some((before, after))
}

fn decode(group: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(group)
        .ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

fn label(status: &str) -> Option<Label> {
    match status {
        "accept" => Some(Label::TruePositive),
        "reject" => Some(Label::FalsePositive),
        _ => None,
    }
}

/// The source line holding the match, and the match's 1-based character column when the snippet
/// reaches back to the start of that line (Nosey Parker counts bytes; we count characters).
fn context_line(s: &Snippet) -> (String, Option<u32>) {
    let (line_start, column) = match s.before.rfind('\n') {
        Some(nl) => (
            &s.before[nl + 1..],
            u32::try_from(s.before[nl + 1..].chars().count() + 1).ok(),
        ),
        None => (s.before.as_str(), None),
    };
    let matching = s.matching.split('\n').next().unwrap_or_default();
    let rest = if s.matching.contains('\n') {
        ""
    } else {
        s.after.split('\n').next().unwrap_or_default()
    };
    (format!("{line_start}{matching}{rest}"), column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_line_and_character_column() {
        let s = Snippet {
            before: "# x\nKEY=".into(),
            matching: "ghp_abc".into(),
            after: "\nnext".into(),
        };
        assert_eq!(context_line(&s), ("KEY=ghp_abc".into(), Some(5)));
        let cut = Snippet {
            before: "EY=".into(),
            matching: "ghp_abc".into(),
            after: String::new(),
        };
        assert_eq!(context_line(&cut).1, None);
    }
}
