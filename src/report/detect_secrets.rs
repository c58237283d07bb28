//! detect-secrets baseline (v1.x): `results` maps each file to the secrets found in it. There is
//! no raw secret, only a SHA-1 of what the plugin captured, and an optional human `is_secret`.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::json::{Doc, Shape};
use super::{Cx, positive};
use crate::error::InputError;
use crate::finding::{Evidence, Finding, Label, Verified};

pub const TOOL: &str = "detect-secrets";

pub fn recognise(docs: &[Shape]) -> Result<(), String> {
    let Some(first) = docs.first().filter(|d| d.is_object()) else {
        return Err("not a JSON object".into());
    };
    match first.get("results") {
        Some(Shape::Object(_)) if first.has("plugins_used") => Ok(()),
        Some(Shape::Object(_)) => Err("no `plugins_used`".into()),
        Some(_) => Err("`results` is not an object of files".into()),
        None => Err("no `results`".into()),
    }
}

/// detect-secrets 1.5.0 types whose `hashed_secret` is not the secret's: the GitHub and GitLab
/// detectors hash the token's prefix (`ghp`, `glpat`; Yelp/detect-secrets#858) and the private
/// key detector the header line, so every secret of the type has the same hash.
pub const HASHES_NO_SECRET: [&str; 3] = ["GitHub Token", "GitLab Token", "Private Key"];

#[derive(Deserialize)]
struct Baseline {
    results: BTreeMap<String, Vec<Entry>>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(rename = "type")]
    kind: String,
    filename: Option<String>,
    hashed_secret: String,
    is_verified: Option<bool>,
    line_number: Option<i64>,
    is_secret: Option<bool>,
}

pub fn import(docs: &[Doc<'_>], cx: &Cx<'_>) -> Result<Vec<Finding>, InputError> {
    let mut out = Vec::new();
    for doc in docs {
        let baseline: Baseline = doc.parse(cx.input)?;
        for (file, entries) in baseline.results {
            for e in entries {
                let hash = e.hashed_secret.to_ascii_lowercase();
                // A hash of a token's prefix or a key's header is the same for every secret of
                // that kind: as an identity, one decision would hide them all. Those findings
                // are identified by place instead (and adopt a value found there by another tool).
                let evidence = if HASHES_NO_SECRET.contains(&e.kind.as_str()) {
                    Evidence::default()
                } else {
                    Evidence {
                        report_hash: Some(format!("sha1:{hash}")),
                        ..Evidence::default()
                    }
                };
                let file = e.filename.unwrap_or_else(|| file.clone());
                let mut f = Finding::new(TOOL, &e.kind, cx.path(&file), evidence);
                f.line = positive(e.line_number);
                f.detections[0].native_id = Some(hash);
                f.verified = if e.is_verified == Some(true) {
                    Verified::Yes
                } else {
                    Verified::Unknown
                };
                // An audit's answer to "is this a secret?"; absent until someone audits it.
                f.label = e.is_secret.map(|s| {
                    if s {
                        Label::TruePositive
                    } else {
                        Label::FalsePositive
                    }
                });
                out.push(f.finish());
            }
        }
    }
    Ok(out)
}
