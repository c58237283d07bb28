//! ggshield `secret scan --json`: scans (possibly nested per commit) hold entities (files), which
//! hold incidents (one secret), which hold occurrences (its matches, censored by default).

use serde::Deserialize;

use super::json::{Doc, Shape};
use super::{Cx, date, non_empty, positive};
use crate::error::InputError;
use crate::finding::{Evidence, Finding, Verified, looks_masked};

pub const TOOL: &str = "ggshield";

pub fn recognise(docs: &[Shape]) -> Result<(), String> {
    let Some(first) = docs.first().filter(|d| d.is_object()) else {
        return Err("not a JSON object".into());
    };
    if first.has("entities_with_incidents")
        || (first.has("scans") && first.has("total_incidents"))
        || first.has("secrets_engine_version")
    {
        Ok(())
    } else {
        Err("no `entities_with_incidents`, `scans` or `secrets_engine_version`".into())
    }
}

#[derive(Deserialize)]
struct Scan {
    id: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    entities_with_incidents: Vec<Entity>,
    #[serde(default)]
    scans: Vec<Scan>,
    extra_info: Option<ExtraInfo>,
}

#[derive(Deserialize)]
struct ExtraInfo {
    author: Option<String>,
    email: Option<String>,
    date: Option<String>,
}

#[derive(Deserialize)]
struct Entity {
    filename: String,
    #[serde(default)]
    incidents: Vec<Incident>,
}

#[derive(Deserialize)]
struct Incident {
    #[serde(rename = "type")]
    detector: String,
    validity: Option<String>,
    ignore_sha: Option<String>,
    #[serde(default)]
    occurrences: Vec<Occurrence>,
}

#[derive(Deserialize)]
struct Occurrence {
    #[serde(rename = "match")]
    matched: String,
    line_start: Option<i64>,
    index_start: Option<i64>,
}

pub fn import(docs: &[Doc<'_>], cx: &Cx<'_>) -> Result<Vec<Finding>, InputError> {
    let mut out = Vec::new();
    for doc in docs {
        let scan: Scan = doc.parse(cx.input)?;
        walk(&scan, cx, &mut out);
    }
    Ok(out)
}

fn walk(scan: &Scan, cx: &Cx<'_>, out: &mut Vec<Finding>) {
    let commit = (scan.kind.as_deref() == Some("commit"))
        .then(|| scan.id.clone())
        .flatten();
    for entity in &scan.entities_with_incidents {
        for incident in &entity.incidents {
            // One incident can occur on several lines; the longest match on a line is the secret
            // (a connection URI rather than its scheme).
            let mut lines: Vec<Option<i64>> =
                incident.occurrences.iter().map(|o| o.line_start).collect();
            lines.sort_unstable();
            lines.dedup();
            for line in lines {
                let Some(primary) = incident
                    .occurrences
                    .iter()
                    .filter(|o| o.line_start == line)
                    .max_by_key(|o| o.matched.chars().count())
                else {
                    continue;
                };
                let evidence = if looks_masked(&primary.matched) {
                    Evidence {
                        secret: None,
                        report_hash: incident.ignore_sha.clone(),
                        tool_redacted: Some(primary.matched.clone()),
                    }
                } else {
                    Evidence::secret(primary.matched.as_str())
                };
                let mut f = Finding::new(
                    TOOL,
                    &incident.detector,
                    cx.path(&entity.filename),
                    evidence,
                );
                f.line = positive(line);
                f.column = primary.index_start.and_then(|i| positive(Some(i + 1)));
                f.commit.clone_from(&commit);
                if let Some(info) = &scan.extra_info {
                    f.author = non_empty(info.author.clone());
                    f.email = non_empty(info.email.clone());
                    f.date = non_empty(info.date.clone()).map(|d| date::from_git(&d));
                }
                f.detections[0].native_id.clone_from(&incident.ignore_sha);
                f.verified = match incident.validity.as_deref() {
                    Some("valid") => Verified::Yes,
                    Some("invalid") => Verified::No,
                    _ => Verified::Unknown,
                };
                out.push(f.finish());
            }
        }
    }
    for sub in &scan.scans {
        walk(sub, cx, out);
    }
}
