//! A detect-secrets baseline with every decided secret audited `is_secret: false`, under every
//! type detect-secrets reported it as. detect-secrets knows a secret by (file, hashed secret,
//! type). Given the team's baseline, that baseline is updated: its plugins, filters, other
//! results and audits are kept, since its plugin list drives the next scan. Without one, a new
//! baseline lists every plugin of detect-secrets 1.5.0, so nobody's undecided GitHub token goes
//! undetected because the export left its plugin out.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Export, Source, expiry_note, hidden, natives, not_reported};
use crate::report::detect_secrets::{HASHES_NO_SECRET, TOOL};

/// detect-secrets 1.5.0's plugins, as `detect-secrets scan` writes them (and in its order).
const PLUGINS_1_5_0: &str = r#"[{"name": "ArtifactoryDetector"}, {"name": "AWSKeyDetector"}, {"name": "AzureStorageKeyDetector"}, {"name": "Base64HighEntropyString", "limit": 4.5}, {"name": "BasicAuthDetector"}, {"name": "CloudantDetector"}, {"name": "DiscordBotTokenDetector"}, {"name": "GitHubTokenDetector"}, {"name": "GitLabTokenDetector"}, {"name": "HexHighEntropyString", "limit": 3.0}, {"name": "IbmCloudIamDetector"}, {"name": "IbmCosHmacDetector"}, {"name": "IPPublicDetector"}, {"name": "JwtTokenDetector"}, {"name": "KeywordDetector", "keyword_exclude": ""}, {"name": "MailchimpDetector"}, {"name": "NpmDetector"}, {"name": "OpenAIDetector"}, {"name": "PrivateKeyDetector"}, {"name": "PypiTokenDetector"}, {"name": "SendGridDetector"}, {"name": "SlackDetector"}, {"name": "SoftlayerDetector"}, {"name": "SquareOAuthDetector"}, {"name": "StripeDetector"}, {"name": "TelegramBotTokenDetector"}, {"name": "TwilioKeyDetector"}]"#;

/// Its default filters, likewise.
const FILTERS_1_5_0: &str = r#"[{"path": "detect_secrets.filters.allowlist.is_line_allowlisted"}, {"path": "detect_secrets.filters.common.is_ignored_due_to_verification_policies", "min_level": 2}, {"path": "detect_secrets.filters.heuristic.is_indirect_reference"}, {"path": "detect_secrets.filters.heuristic.is_likely_id_string"}, {"path": "detect_secrets.filters.heuristic.is_lock_file"}, {"path": "detect_secrets.filters.heuristic.is_not_alphanumeric_string"}, {"path": "detect_secrets.filters.heuristic.is_potential_uuid"}, {"path": "detect_secrets.filters.heuristic.is_prefixed_with_dollar_sign"}, {"path": "detect_secrets.filters.heuristic.is_sequential_string"}, {"path": "detect_secrets.filters.heuristic.is_swagger_file"}, {"path": "detect_secrets.filters.heuristic.is_templated_secret"}]"#;

/// A baseline, its fields in detect-secrets' order; anything else it holds is kept.
#[derive(Serialize, Deserialize)]
struct Baseline {
    version: Value,
    plugins_used: Value,
    filters_used: Value,
    results: BTreeMap<String, Vec<Result>>,
    #[serde(flatten)]
    other: BTreeMap<String, Value>,
}

#[derive(Serialize, Deserialize)]
struct Result {
    #[serde(rename = "type")]
    kind: String,
    filename: String,
    hashed_secret: String,
    is_verified: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    line_number: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    is_secret: Option<bool>,
    #[serde(flatten)]
    other: BTreeMap<String, Value>,
}

fn fresh() -> Baseline {
    Baseline {
        version: Value::from("1.5.0"),
        plugins_used: serde_json::from_str(PLUGINS_1_5_0).unwrap_or(Value::Null),
        filters_used: serde_json::from_str(FILTERS_1_5_0).unwrap_or(Value::Null),
        results: BTreeMap::new(),
        other: BTreeMap::new(),
    }
}

pub fn export(src: &Source<'_>) -> std::result::Result<Export, String> {
    let mut baseline = match src.baseline {
        Some((name, text)) => {
            let b: Baseline = crate::store::parse_json(name, text).map_err(|e| {
                format!("{e}\n  (--baseline takes a detect-secrets baseline, as `detect-secrets scan` writes it)")
            })?;
            b
        }
        None => fresh(),
    };
    let mut out = Export::default();
    let mut noted = BTreeSet::new();
    let mut added = false;
    for (f, e) in hidden(src) {
        let mut any = false;
        for (kind, hash) in natives(f, TOOL) {
            let Some(hash) = hash else { continue };
            any = true;
            // The baseline names files as detect-secrets was run; the findings, relative to the
            // repository. The report's own name for the file is the one to use.
            let key = baseline
                .results
                .keys()
                .find(|k| src.root.normalise(k) == f.file)
                .cloned()
                .unwrap_or_else(|| f.file.clone());
            let entries = baseline.results.entry(key.clone()).or_default();
            let mut found = false;
            for r in entries
                .iter_mut()
                .filter(|r| r.kind == kind && r.hashed_secret.eq_ignore_ascii_case(hash))
            {
                r.is_secret = Some(false);
                found = true;
            }
            if !found {
                entries.push(Result {
                    kind: kind.to_owned(),
                    filename: key.clone(),
                    hashed_secret: hash.to_owned(),
                    is_verified: false,
                    line_number: f.line,
                    is_secret: Some(false),
                    other: BTreeMap::new(),
                });
                added = true;
            }
            if HASHES_NO_SECRET.contains(&kind) && noted.insert((key.clone(), kind.to_owned())) {
                out.notes.push(format!(
                    "detect-secrets stores the same hash for every {kind} (its prefix or header): \
                     another {kind} added to {} would pass its hook as already known",
                    super::one_line(&key)
                ));
            }
        }
        if !any {
            out.skipped.push(not_reported(f, TOOL));
        } else if noted.insert((e.fingerprint.clone(), e.path.clone().unwrap_or_default()))
            && let Some(note) = expiry_note(e, TOOL)
        {
            out.notes.push(note);
        }
    }
    if added {
        // detect-secrets' own order: by line, then hash, then type.
        for entries in baseline.results.values_mut() {
            entries.sort_by(|a, b| {
                (a.line_number, &a.hashed_secret, &a.kind).cmp(&(
                    b.line_number,
                    &b.hashed_secret,
                    &b.kind,
                ))
            });
        }
    }
    out.text = crate::safe_json::to_string_pretty(&baseline)
        .map_err(|e| format!("cannot write the baseline: {e}"))?
        + "\n";
    Ok(out)
}
