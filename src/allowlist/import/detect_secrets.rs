//! A detect-secrets baseline's audited false positives (`is_secret: false`), scoped to their
//! file (detect-secrets knows a secret by file, hash and type).

use super::{Imported, from_finding};
use crate::finding::{Finding, Label};

/// `baseline` are the baseline's own findings; `merged`, all findings after merging with the
/// other reports, so that an entry takes the raw secret's fingerprint where another tool
/// reported the same secret.
pub fn detect_secrets(baseline: &[Finding], merged: &[Finding], name: &str) -> Imported {
    let mut out = Imported::default();
    for f in baseline
        .iter()
        .filter(|f| f.label == Some(Label::FalsePositive))
    {
        let hash = f.detections.first().and_then(|d| d.native_id.clone());
        let same = merged.iter().find(|m| {
            m.file == f.file
                && m.line == f.line
                && m.detections
                    .iter()
                    .any(|d| d.tool == "detect-secrets" && d.native_id == hash)
        });
        let reason = format!("Audited as not a secret in {name}");
        out.candidates.push(from_finding(
            same.unwrap_or(f),
            Some(f.file.clone()),
            reason,
        ));
    }
    out
}
