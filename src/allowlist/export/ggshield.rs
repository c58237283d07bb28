//! `.gitguardian.yaml`: ggshield ignores a match by its ignore SHA (never the raw-value form:
//! that would write the secret to disk), in every file. So a secret is exported only when every
//! place ggshield reported it is decided; a path scope is named as lost.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::{Export, Source, expiry_note, hidden, natives, not_reported, one_line};

const TOOL: &str = "ggshield";

/// GitGuardian's ignore SHA is 64 hex digits; anything else would be written into YAML.
fn is_sha(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

pub fn export(src: &Source<'_>) -> Export {
    let mut out = Export::default();
    let open: BTreeSet<&str> = src
        .findings
        .iter()
        .zip(&src.verdicts.findings)
        .filter(|(_, v)| !v.hidden())
        .flat_map(|(f, _)| natives(f, TOOL).filter_map(|(_, id)| id))
        .collect();
    let mut matches = BTreeMap::new();
    let mut noted = BTreeSet::new();
    for (f, e) in hidden(src) {
        let Some((rule, sha)) = natives(f, TOOL).find_map(|(r, id)| Some((r, id?))) else {
            out.skipped.push(not_reported(f, TOOL));
            continue;
        };
        if !is_sha(sha) {
            out.skipped.push(not_reported(f, TOOL));
            continue;
        }
        if open.contains(sha) {
            out.skipped.push(format!(
                "{} ({}): ggshield would ignore this secret in every file, and it is still open elsewhere",
                f.place(),
                f.rule()
            ));
            continue;
        }
        matches.insert(
            sha.to_owned(),
            format!(
                "{} - {} ({}: {})",
                one_line(rule),
                one_line(&f.file),
                e.kind.as_str(),
                one_line(&e.reason)
            ),
        );
        if noted.insert(e.key()) {
            if let Some(p) = &e.path {
                out.notes.push(format!(
                    "{} is limited to `{}` here; ggshield ignores a match in every file",
                    super::super::short(&e.fingerprint),
                    one_line(p)
                ));
            }
            out.notes.extend(expiry_note(e, TOOL));
        }
    }
    out.text = String::from(
        "# Exported from the leakdesk allowlist: merge into .gitguardian.yaml.\nversion: 2\nsecret:\n  ignored_matches:\n",
    );
    if matches.is_empty() {
        out.text = out
            .text
            .replace("  ignored_matches:\n", "  ignored_matches: []\n");
    }
    for (sha, name) in matches {
        let _ = writeln!(
            out.text,
            "    - name: {}\n      match: {sha}",
            yaml_string(&name)
        );
    }
    out
}

fn yaml_string(s: &str) -> String {
    crate::safe_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}
