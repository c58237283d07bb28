//! SARIF 2.1.0 from any tool. Secret scanners differ in what they put where (see the research
//! notes): the driver name decides whether `snippet` is the secret and how columns count.

use serde::Deserialize;
use std::collections::BTreeMap;

use super::json::{Doc, Shape};
use super::leakdesk::Record;
use super::{Cx, non_empty, positive};
use crate::error::InputError;
use crate::finding::{Evidence, Finding, Label, Verified};

pub fn recognise(docs: &[Shape]) -> Result<(), String> {
    let Some(first) = docs.first().filter(|d| d.is_object()) else {
        return Err("not a JSON object".into());
    };
    if !first.get("runs").is_some_and(Shape::is_array) {
        return Err("no `runs` array".into());
    }
    let version = first
        .get("version")
        .and_then(Shape::as_str)
        .unwrap_or_default();
    let schema = first
        .get("$schema")
        .and_then(Shape::as_str)
        .unwrap_or_default();
    if version.starts_with("2.1") || schema.contains("sarif") {
        Ok(())
    } else {
        Err(format!("`version` is {version:?}, not 2.1.0"))
    }
}

#[derive(Deserialize)]
struct Log {
    #[serde(default)]
    runs: Vec<Run>,
}

#[derive(Deserialize)]
struct Run {
    tool: Tool,
    #[serde(default)]
    results: Vec<SarifResult>,
}

#[derive(Deserialize)]
struct Tool {
    driver: Driver,
}

#[derive(Deserialize)]
struct Driver {
    name: String,
    #[serde(default)]
    rules: Vec<RuleDescriptor>,
}

#[derive(Deserialize)]
struct RuleDescriptor {
    id: String,
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: Option<String>,
    rule_index: Option<usize>,
    level: Option<String>,
    #[serde(default)]
    locations: Vec<SarifLocation>,
    #[serde(default)]
    partial_fingerprints: BTreeMap<String, String>,
    #[serde(default)]
    suppressions: Vec<serde::de::IgnoredAny>,
    #[serde(default)]
    properties: Properties,
}

#[derive(Deserialize, Default)]
struct Properties {
    /// leakdesk's own SARIF carries its whole finding record, so it reads back without loss.
    leakdesk: Option<Record<'static>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    physical_location: Option<PhysicalLocation>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: Option<ArtifactLocation>,
    region: Option<Region>,
}

#[derive(Deserialize)]
struct ArtifactLocation {
    uri: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: Option<i64>,
    start_column: Option<i64>,
    snippet: Option<Snippet>,
}

#[derive(Deserialize)]
struct Snippet {
    text: Option<String>,
}

/// How one producer fills SARIF.
struct Dialect {
    tool: String,
    snippet_is_secret: bool,
    /// Added to `startColumn` to make it 1-based (kingfisher writes 0-based).
    column_shift: i64,
    gitleaks_columns: bool,
    /// The `partialFingerprints` key holding a hash of the secret, and whose hash it is.
    secret_hash: Option<(&'static str, &'static str)>,
}

fn dialect(driver: &str) -> Dialect {
    let d = |tool: &str, snippet_is_secret| Dialect {
        tool: tool.to_owned(),
        snippet_is_secret,
        column_shift: 0,
        gitleaks_columns: false,
        secret_hash: None,
    };
    match driver.to_ascii_lowercase().as_str() {
        "gitleaks" => Dialect {
            gitleaks_columns: true,
            ..d("gitleaks", true)
        },
        "noseyparker-cli" | "noseyparker" => d("noseyparker", true),
        "kingfisher" => Dialect {
            column_shift: 1,
            ..d("kingfisher", true)
        },
        "ggshield" => Dialect {
            secret_hash: Some(("secret/v1", "ggshield")),
            ..d("ggshield", false)
        },
        "leakdesk" => Dialect {
            secret_hash: Some(("leakdesk/v1", "")),
            ..d("leakdesk", false)
        },
        "trufflehog" => d("trufflehog", false),
        "secretlint" => d("secretlint", false),
        other => d(other, false),
    }
}

pub fn import(docs: &[Doc<'_>], cx: &Cx<'_>) -> Result<Vec<Finding>, InputError> {
    let mut out = Vec::new();
    for doc in docs {
        let log: Log = doc.parse(cx.input)?;
        for run in log.runs {
            let dialect = dialect(&run.tool.driver.name);
            for r in run.results {
                out.extend(convert(r, &run.tool.driver.rules, &dialect, cx));
            }
        }
    }
    Ok(out)
}

fn convert(r: SarifResult, rules: &[RuleDescriptor], d: &Dialect, cx: &Cx<'_>) -> Option<Finding> {
    if let Some(record) = r.properties.leakdesk {
        return Some(record.into_finding());
    }
    let descriptor = r.rule_index.and_then(|i| rules.get(i));
    let rule = non_empty(r.rule_id)
        .or_else(|| descriptor.map(|x| x.id.clone()))
        .unwrap_or_else(|| "unknown".into());
    let physical = r.locations.into_iter().find_map(|l| l.physical_location);
    let uri = physical
        .as_ref()
        .and_then(|p| p.artifact_location.as_ref())
        .and_then(|a| a.uri.clone());
    let region = physical.and_then(|p| p.region);
    let snippet = region
        .as_ref()
        .and_then(|r| r.snippet.as_ref())
        .and_then(|s| non_empty(s.text.clone()));
    let hash = d
        .secret_hash
        .and_then(|(key, tool)| r.partial_fingerprints.get(key).map(|h| (tool, h.clone())));

    let mut evidence = Evidence::default();
    if d.snippet_is_secret {
        evidence = Evidence::maybe_masked(&snippet.clone().unwrap_or_default());
    } else if let Some((tool, h)) = &hash
        && !tool.is_empty()
    {
        evidence.report_hash = Some(h.clone());
    }
    let mut f = Finding::new(&d.tool, &rule, cx.path(&uri.unwrap_or_default()), evidence);
    let region = region.as_ref();
    f.line = region.and_then(|r| positive(r.start_line));
    f.column = region
        .and_then(|r| r.start_column)
        .and_then(|c| positive(Some(c + d.column_shift)));
    if d.gitleaks_columns
        && let (Some(c), Some(l)) = (f.column, f.line)
        && l > 1
        && c > 1
    {
        f.column = Some(c - 1);
    }
    if !d.snippet_is_secret {
        f.context = snippet;
    }
    // gitleaks carries the commit and its author in partialFingerprints (as in its JSON): the
    // same finding then has the same identity from either report, redacted or not.
    if d.tool == "gitleaks" {
        let get = |k: &str| non_empty(r.partial_fingerprints.get(k).cloned());
        f.commit = get("commitSha");
        f.author = get("author");
        f.email = get("email");
        f.date = get("date");
    }
    if d.tool == "trufflehog" {
        f.verified = if r.level.as_deref() == Some("error") {
            Verified::Yes
        } else {
            Verified::Unknown
        };
    }
    if !r.suppressions.is_empty() {
        f.label = Some(Label::Suppressed);
    }
    f.provider = f.provider.or_else(|| {
        descriptor
            .and_then(|x| x.name.as_deref())
            .and_then(crate::provider::lookup)
            .map(str::to_owned)
    });
    let mut f = f.finish();
    // leakdesk's own SARIF carries the fingerprint itself: keep it, so both exports agree.
    if let Some(("", h)) = hash.as_ref().map(|(t, h)| (*t, h)) {
        f.fingerprint.clone_from(h);
    }
    Some(f)
}
