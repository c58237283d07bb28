//! A Kingfisher baseline (`--baseline-file`, YAML): the findings a team accepted, each with its
//! path, line, rule and Kingfisher fingerprint. Kingfisher's fingerprint hashes the secret with
//! its byte offsets, so it is mapped through the Kingfisher findings of the given reports (by
//! fingerprint, else by path, line and rule); each entry is scoped to its file.

use super::{Imported, from_finding, scalar};
use crate::finding::Finding;

pub fn kingfisher(
    text: &str,
    name: &str,
    findings: &[Finding],
    root: &crate::report::Root,
) -> Result<Imported, String> {
    let doc = super::yaml(text, name)?;
    let mut out = Imported::default();
    let repositories = doc["repositories"].as_vec().cloned().unwrap_or_default();
    let mut n = 0;
    for repo in &repositories {
        for item in repo["findings"].as_vec().cloned().unwrap_or_default() {
            n += 1;
            let at = format!("{name}, finding {n}");
            let fingerprint = scalar(&item["fingerprint"]);
            let path = scalar(&item["path"]).map(|p| root.normalise(&p));
            let rule = scalar(&item["rule_id"]);
            let line = item["line"].as_i64().and_then(|l| u32::try_from(l).ok());
            let Some(path) = path else {
                out.unmatched.push(format!("{at}: no `path`"));
                continue;
            };
            let kingfisher = |f: &&Finding| f.detections.iter().any(|d| d.tool == "kingfisher");
            let by_id = fingerprint.as_deref().and_then(|id| {
                findings.iter().filter(kingfisher).find(|f| {
                    f.file == path
                        && f.detections
                            .iter()
                            .any(|d| d.tool == "kingfisher" && d.native_id.as_deref() == Some(id))
                })
            });
            let hit = by_id.or_else(|| {
                findings.iter().filter(kingfisher).find(|f| {
                    f.file == path
                        && line.is_some()
                        && f.line == line
                        && rule.as_deref().is_some_and(|r| {
                            f.detections
                                .iter()
                                .any(|d| d.tool == "kingfisher" && d.rule.eq_ignore_ascii_case(r))
                        })
                })
            });
            let reason = format!("Accepted in the Kingfisher baseline {at}");
            match hit {
                Some(f) => out
                    .candidates
                    .push(from_finding(f, Some(f.file.clone()), reason)),
                None => out.unmatched.push(format!(
                    "{at} ({}:{}, {}): matches no Kingfisher finding in these reports (give the Kingfisher reports too)",
                    crate::sanitize::clean(&path),
                    line.map_or_else(|| "?".into(), |l| l.to_string()),
                    crate::sanitize::clean(rule.as_deref().unwrap_or("no rule"))
                )),
            }
        }
    }
    Ok(out)
}
