//! `.gitleaksignore`: gitleaks matches each line against its own `Fingerprint`
//! (`commit:file:rule:line` in a history scan) and against `file:rule:line` in any scan (its
//! "global" form, honoured by `gitleaks git` and `gitleaks dir` alike).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::{Export, Source, expiry_note, hidden, natives, not_reported, one_line};
use crate::sanitize::is_hazard;

const TOOL: &str = "gitleaks";

pub fn export(src: &Source<'_>) -> Export {
    let mut out = Export::default();
    // A `file:rule:line` line ignores every commit's finding there: written only when no
    // gitleaks finding at that place is left open (another commit's secret on the same line).
    let open_places: BTreeSet<(&str, &str, u32)> = src
        .findings
        .iter()
        .zip(&src.verdicts.findings)
        .filter(|(_, v)| !v.hidden())
        .flat_map(|(f, _)| {
            natives(f, TOOL).filter_map(move |(rule, _)| Some((f.file.as_str(), rule, f.line?)))
        })
        .collect();
    let mut lines: BTreeMap<String, String> = BTreeMap::new();
    let mut noted = BTreeSet::new();
    for (f, e) in hidden(src) {
        let comment = format!("# {}: {}", e.kind.as_str(), one_line(&e.reason));
        let mut any = false;
        for (rule, id) in natives(f, TOOL) {
            any = true;
            let mut ids: Vec<String> = id.map(str::to_owned).into_iter().collect();
            if let Some(line) = f.line {
                if !open_places.contains(&(f.file.as_str(), rule, line)) {
                    ids.push(format!("{}:{rule}:{line}", f.file));
                }
                if id.is_none()
                    && let Some(c) = &f.commit
                {
                    ids.push(format!("{c}:{}:{rule}:{line}", f.file));
                }
            }
            if ids.is_empty() {
                out.skipped.push(format!(
                    "{} ({}): gitleaks gave neither an id nor a line",
                    f.place(),
                    f.rule()
                ));
            }
            for id in ids {
                // A line break in a report's id would add lines of the attacker's choosing.
                if id.chars().any(is_hazard) {
                    out.skipped.push(format!(
                        "{} ({}): gitleaks' fingerprint holds a line break or control character",
                        f.place(),
                        f.rule()
                    ));
                    continue;
                }
                lines.entry(id).or_insert_with(|| comment.clone());
            }
        }
        if !any {
            out.skipped.push(not_reported(f, TOOL));
        } else if noted.insert(e.key())
            && let Some(note) = expiry_note(e, TOOL)
        {
            out.notes.push(note);
        }
    }
    out.text = String::from(
        "# Exported from the leakdesk allowlist. One gitleaks fingerprint per line:\n\
         # commit:file:rule:line (a history scan) and file:rule:line (any scan).\n",
    );
    for (line, comment) in lines {
        let _ = writeln!(out.text, "{comment}\n{line}");
    }
    out
}
