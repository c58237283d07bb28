//! trufflehog v3 `--json`: one JSON object per line, possibly mixed with JSON log lines.

use std::collections::BTreeMap;

use base64::Engine;
use serde::Deserialize;

use super::json::{Doc, Shape};
use super::{Cx, date, non_empty, positive};
use crate::error::InputError;
use crate::finding::{Evidence, Finding, Verified};

pub const TOOL: &str = "trufflehog";

pub fn recognise(docs: &[Shape]) -> Result<(), String> {
    let Some(first) = docs.first() else {
        return Err("no records".into());
    };
    if !first.is_object() {
        return Err(format!(
            "expected one JSON object per line, found {}",
            first.describe()
        ));
    }
    if first.has("SourceMetadata") && (first.has("DetectorName") || first.has("DetectorType")) {
        Ok(())
    } else {
        Err("lines lack `SourceMetadata` and `DetectorName`".into())
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Line {
    source_metadata: Option<SourceMetadata>,
    source_name: Option<String>,
    detector_name: Option<String>,
    decoder_name: Option<String>,
    verified: Option<bool>,
    verification_error: Option<String>,
    raw: Option<String>,
    redacted: Option<String>,
}

#[derive(Deserialize)]
struct SourceMetadata {
    #[serde(rename = "Data")]
    data: Option<BTreeMap<String, Source>>,
}

/// The fields the sources share (`Git`, `Github`, `Gitlab`, `Filesystem`, ...).
#[derive(Deserialize, Default)]
struct Source {
    file: Option<String>,
    line: Option<i64>,
    commit: Option<String>,
    email: Option<String>,
    timestamp: Option<String>,
    link: Option<String>,
    repository: Option<String>,
}

pub fn import(docs: &[Doc<'_>], cx: &Cx<'_>) -> Result<Vec<Finding>, InputError> {
    let mut out = Vec::new();
    for doc in docs {
        let line: Line = doc.parse(cx.input)?;
        // Log records and other noise on the stream have neither.
        let (Some(meta), Some(detector)) = (line.source_metadata, non_empty(line.detector_name))
        else {
            continue;
        };
        let (kind, source) = meta
            .data
            .and_then(|d| d.into_iter().next())
            .unwrap_or_default();
        let file = non_empty(source.file)
            .or_else(|| non_empty(source.link.clone()))
            .or_else(|| non_empty(source.repository.clone()))
            .or(non_empty(line.source_name))
            .unwrap_or_else(|| format!("<{}>", kind.to_lowercase()));
        let raw = line.raw.unwrap_or_default();
        let secret = if line.decoder_name.is_none() {
            decode_old_raw(&raw)
        } else {
            None
        }
        .unwrap_or(raw);
        let mut evidence = Evidence::maybe_masked(&secret);
        if evidence.secret.is_none() {
            evidence.tool_redacted = non_empty(line.redacted);
        }
        let mut f = Finding::new(TOOL, &detector, cx.path(&file), evidence);
        f.line = positive(source.line);
        f.commit = non_empty(source.commit);
        if let Some(email) = non_empty(source.email) {
            (f.author, f.email) = split_author(&email);
        }
        f.date = non_empty(source.timestamp).map(|t| date::from_trufflehog(&t));
        f.verified = match (line.verified, non_empty(line.verification_error)) {
            (Some(true), _) => Verified::Yes,
            (_, Some(_)) => Verified::Unknown,
            (Some(false), None) => Verified::No,
            (None, None) => Verified::Unknown,
        };
        out.push(f.finish());
    }
    Ok(out)
}

/// Before v3.14.0 `Raw` was base64 of the secret; `DecoderName` arrived just after, so its absence
/// plus a clean decode to printable text marks the old form.
fn decode_old_raw(raw: &str) -> Option<String> {
    if raw.len() < 8 || !raw.len().is_multiple_of(4) {
        return None;
    }
    let bytes = base64::engine::general_purpose::STANDARD.decode(raw).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let printable = text
        .chars()
        .all(|c| !c.is_control() || c == '\n' || c == '\r' || c == '\t');
    printable.then_some(text)
}

/// `Name <mail@example.com>` into its parts.
fn split_author(s: &str) -> (Option<String>, Option<String>) {
    match s.rsplit_once('<') {
        Some((name, rest)) => {
            let email = rest.trim_end_matches('>').trim();
            (
                non_empty(Some(name.trim().to_owned())),
                non_empty(Some(email.to_owned())),
            )
        }
        None if s.contains('@') => (None, Some(s.trim().to_owned())),
        None => (Some(s.trim().to_owned()), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_base64_raw_is_decoded_and_plain_raw_is_not() {
        assert_eq!(
            decode_old_raw("QUtJQVlWUDRDSVBQRVJVVklGWEc=").as_deref(),
            Some("AKIAYVP4CIPPERUVIFXG")
        );
        assert_eq!(decode_old_raw("AKIAYVP4CIPPERUVIFXG"), None);
    }

    #[test]
    fn author_is_split() {
        assert_eq!(
            split_author("counter <counter@example.com>"),
            (Some("counter".into()), Some("counter@example.com".into()))
        );
    }
}
