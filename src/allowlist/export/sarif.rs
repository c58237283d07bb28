//! SARIF: every finding, the allowlisted ones with a suppression giving the decision, and every
//! rule described from its provider's playbook.

use serde_json::{Value, json};

use super::{Export, Source};
use crate::output::Row;

pub fn export(src: &Source<'_>) -> Export {
    let rows: Vec<Row<'_>> = src
        .findings
        .iter()
        .zip(&src.verdicts.findings)
        .map(|(finding, v)| Row {
            finding,
            status: v.status,
        })
        .collect();
    let mut out = Vec::new();
    let opts = crate::output::WriteOptions {
        playbooks: src.playbooks,
        ..crate::output::WriteOptions::default()
    };
    let _ = crate::output::sarif::write(&mut out, &rows, opts);
    let Ok(mut log) = serde_json::from_slice::<Value>(&out) else {
        return Export {
            text: String::from_utf8_lossy(&out).into_owned(),
            ..Export::default()
        };
    };
    if let Some(results) = log["runs"][0]["results"].as_array_mut() {
        for (result, v) in results.iter_mut().zip(&src.verdicts.findings) {
            if let Some(e) = v.entry.map(|i| &src.list.entries[i]) {
                result["suppressions"] = json!([{
                    "kind": "external",
                    "status": "accepted",
                    "justification": format!(
                        "{}: {} ({}, {}{})",
                        e.kind.as_str(),
                        e.reason,
                        e.decided_by,
                        e.decided_at,
                        e.expires.as_deref().map(|d| format!(", until {d}")).unwrap_or_default()
                    ),
                }]);
            }
        }
    }
    Export {
        text: crate::safe_json::to_string_pretty(&log).unwrap_or_default() + "\n",
        ..Export::default()
    }
}
