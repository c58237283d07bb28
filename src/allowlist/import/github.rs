//! GitHub secret-scanning alerts GitHub already resolved: `false_positive`, `revoked`,
//! `used_in_tests` and `wont_fix` become entries of the matching kind, decided by who resolved
//! the alert, when, and with their comment. Open alerts, and alerts closed because their
//! pattern changed, decide nothing.

use serde::Deserialize;

use super::{Candidate, Imported};
use crate::allowlist::Kind;
use crate::finding::Finding;

#[derive(Deserialize)]
struct Alert {
    number: Option<i64>,
    state: Option<String>,
    resolution: Option<String>,
    resolved_by: Option<User>,
    resolved_at: Option<String>,
    resolution_comment: Option<String>,
}

#[derive(Deserialize)]
struct User {
    login: Option<String>,
}

/// `alerts` are the findings the GitHub importer made of the same file, in its order.
pub fn github(text: &str, name: &str, alerts: &[Finding]) -> Result<Imported, String> {
    // `gh api --paginate` writes one array per page, back to back.
    let mut raw: Vec<Alert> = Vec::new();
    for page in serde_json::Deserializer::from_str(text).into_iter::<Vec<Alert>>() {
        raw.extend(page.map_err(|e| {
            // serde's message may quote a value from the file, which may be a secret.
            let what = match e.classify() {
                serde_json::error::Category::Data => "a field has the wrong type",
                serde_json::error::Category::Eof => "the file ends early",
                _ => "not JSON",
            };
            format!(
                "{name}:{}:{}: not a list of GitHub alerts: {what}",
                e.line(),
                e.column()
            )
        })?);
    }
    let mut out = Imported::default();
    for (a, f) in raw.iter().zip(alerts) {
        let number = a.number.map_or_else(|| "?".into(), |n| n.to_string());
        let kind = match (a.state.as_deref(), a.resolution.as_deref()) {
            (Some("resolved"), Some("false_positive")) => Kind::FalsePositive,
            (Some("resolved"), Some("revoked")) => Kind::Revoked,
            (Some("resolved"), Some("used_in_tests")) => Kind::TestCredential,
            (Some("resolved"), Some("wont_fix")) => Kind::AcceptedRisk,
            _ => continue,
        };
        if !f.secret_in_report() {
            out.unmatched.push(format!(
                "alert #{number}: the alert list holds no secret value (exported with hide_secret?), so it cannot be matched to a secret"
            ));
            continue;
        }
        let resolution = a.resolution.as_deref().unwrap_or_default();
        let reason = match a.resolution_comment.as_deref().map(str::trim) {
            Some(c) if !c.is_empty() => {
                format!("{c} (GitHub alert #{number}, resolved as {resolution})")
            }
            _ => format!("Resolved on GitHub as {resolution} (alert #{number})"),
        };
        let by = a
            .resolved_by
            .as_ref()
            .and_then(|u| u.login.clone())
            .map(|l| format!("{l} (on GitHub)"));
        out.candidates.push(Candidate {
            fingerprint: f.fingerprint.clone(),
            rule: f.rule().to_owned(),
            provider: f.provider.clone(),
            path: None,
            reason,
            kind: Some(kind),
            decided: by.zip(a.resolved_at.clone()),
        });
    }
    Ok(out)
}
