//! GitHub secret-scanning alerts (`GET /repos/{owner}/{repo}/secret-scanning/alerts`, and the
//! organisation list, which adds `repository`).

use serde::Deserialize;

use super::json::{Doc, Shape};
use super::{Cx, first_record, non_empty, positive};
use crate::error::InputError;
use crate::finding::{Evidence, Finding, Label, Verified};

pub const TOOL: &str = "github";

pub fn recognise(docs: &[Shape]) -> Result<(), String> {
    if !docs.first().is_some_and(Shape::is_array) {
        return Err("not an array of alerts".into());
    }
    let record = first_record(docs);
    if record.is_some_and(|r| r.has_all(&["type", "details"])) {
        return Err(
            "this is an alert's locations list, which does not say what the secret is: \
                    export the alerts list instead"
                .into(),
        );
    }
    super::require(record, &["number", "secret_type", "state"], "alerts")
}

#[derive(Deserialize)]
struct Alert {
    number: Option<i64>,
    html_url: Option<String>,
    state: Option<String>,
    resolution: Option<String>,
    secret_type: String,
    secret_type_display_name: Option<String>,
    provider_slug: Option<String>,
    provider: Option<String>,
    secret: Option<String>,
    validity: Option<String>,
    first_location_detected: Option<LocationDetails>,
    repository: Option<Repository>,
}

#[derive(Deserialize)]
struct LocationDetails {
    path: Option<String>,
    start_line: Option<i64>,
    start_column: Option<i64>,
    commit_sha: Option<String>,
}

#[derive(Deserialize)]
struct Repository {
    full_name: Option<String>,
}

pub fn import(docs: &[Doc<'_>], cx: &Cx<'_>) -> Result<Vec<Finding>, InputError> {
    let mut out = Vec::new();
    for doc in docs {
        doc.for_each_item::<Alert, _>(cx.input, |_, a| {
            out.push(convert(a, cx));
            Ok(())
        })?;
    }
    Ok(out)
}

fn convert(a: Alert, cx: &Cx<'_>) -> Finding {
    let loc = a.first_location_detected.as_ref();
    // GitHub writes repository paths with a leading `/`: they are relative to the repository.
    let path = loc
        .and_then(|l| non_empty(l.path.clone()))
        .map(|p| p.trim_start_matches('/').to_owned())
        .unwrap_or_else(|| format!("<github alert {}>", a.number.unwrap_or_default()));
    let evidence = a
        .secret
        .as_deref()
        .map(Evidence::maybe_masked)
        .unwrap_or_default();
    let mut f = Finding::new(TOOL, &a.secret_type, cx.path(&path), evidence);
    f.line = loc.and_then(|l| positive(l.start_line));
    f.column = loc.and_then(|l| positive(l.start_column));
    f.commit = loc.and_then(|l| non_empty(l.commit_sha.clone()));
    let repo = a.repository.and_then(|r| r.full_name);
    f.detections[0].native_id = non_empty(a.html_url).or_else(|| {
        a.number
            .map(|n| format!("{}#{n}", repo.unwrap_or_default()))
    });
    f.verified = match a.validity.as_deref() {
        Some("active") => Verified::Yes,
        Some("inactive") => Verified::No,
        _ => Verified::Unknown,
    };
    f.label = match (a.state.as_deref(), a.resolution.as_deref()) {
        (Some("resolved"), Some("false_positive")) => Some(Label::FalsePositive),
        (Some("resolved"), Some("revoked")) => Some(Label::Revoked),
        (Some("resolved"), Some("used_in_tests")) => Some(Label::UsedInTests),
        (Some("resolved"), Some("wont_fix")) => Some(Label::WontFix),
        _ => None,
    };
    f.provider = [
        a.provider_slug.as_deref(),
        a.provider.as_deref(),
        a.secret_type_display_name.as_deref(),
    ]
    .into_iter()
    .flatten()
    .find_map(crate::provider::lookup)
    .map(str::to_owned);
    f.finish()
}
