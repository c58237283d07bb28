//! A three-way merge of leakdesk's JSON files by key, for git's merge driver: two branches that
//! each add an allowlist entry (or tick steps of different secrets) merge cleanly, wherever the
//! entries sort. Entries are compared whole; only the same key changed two ways is a conflict.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

/// One side of a merge, read strictly: UTF-8, a JSON object, and every entry readable as an
/// allowlist (when it has `entries`) or triage entry. An empty file (git's base when both sides
/// added the file) is `{}`. Anything else is an error: the merge is left to a person rather
/// than made from what could be read.
pub fn read_side(name: &str, bytes: &[u8]) -> Result<Value, String> {
    use crate::store::Document;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|e| format!("{name}: not UTF-8 text (byte {})", e.valid_up_to()))?;
    let value: Value = crate::store::parse_json(name, text).map_err(|e| e.to_string())?;
    if !value.is_object() {
        return Err(format!("{name}: not a JSON object"));
    }
    let problems = if value.get("entries").is_some() {
        super::AllowlistFile::parse(name, text).map(|(_, p)| p)
    } else {
        crate::triage::TriageFile::parse(name, text).map(|(_, p)| p)
    }
    .map_err(|e| e.to_string())?;
    match problems.first() {
        Some(p) => Err(p.to_string()),
        None => Ok(value),
    }
}

/// The merged document and the keys both sides changed differently (ours is kept for those).
pub struct Merged {
    pub doc: Value,
    pub conflicts: Vec<String>,
}

/// Merges `ours` and `theirs` against `base`. Allowlists are keyed by (fingerprint, path);
/// triage files by fingerprint. Other top-level fields: ours wins where both changed them.
pub fn merge3(base: &Value, ours: &Value, theirs: &Value) -> Merged {
    let mut conflicts = Vec::new();
    // Only objects merge by key; anything else is for a person to resolve.
    if ![base, ours, theirs].iter().all(|v| v.is_object()) {
        return Merged {
            doc: ours.clone(),
            conflicts: vec!["(a side is not a JSON object)".into()],
        };
    }
    let mut doc = ours.clone();
    if ours.get("entries").is_some() || theirs.get("entries").is_some() {
        let key = |e: &Value| {
            format!(
                "{}|{}",
                e["fingerprint"].as_str().unwrap_or_default(),
                e["path"].as_str().unwrap_or_default()
            )
        };
        let index = |v: &Value| -> BTreeMap<String, Value> {
            v["entries"]
                .as_array()
                .map(|a| a.iter().map(|e| (key(e), e.clone())).collect())
                .unwrap_or_default()
        };
        let merged = merge_maps(&index(base), &index(ours), &index(theirs), &mut conflicts);
        doc["entries"] = Value::Array(merged.into_values().collect());
    }
    if ours.get("findings").is_some_and(Value::is_object)
        || theirs.get("findings").is_some_and(Value::is_object)
    {
        let index = |v: &Value| -> BTreeMap<String, Value> {
            v["findings"]
                .as_object()
                .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default()
        };
        let merged = merge_maps(&index(base), &index(ours), &index(theirs), &mut conflicts);
        doc["findings"] = Value::Object(merged.into_iter().collect::<Map<_, _>>());
    }
    // Top-level fields other than the keyed collections.
    if let (Some(d), Some(t)) = (doc.as_object_mut(), theirs.as_object()) {
        for (k, tv) in t {
            if k == "entries" || k == "findings" {
                continue;
            }
            let bv = base.get(k);
            if d.get(k) == bv && Some(tv) != bv {
                d.insert(k.clone(), tv.clone());
            }
        }
    }
    Merged { doc, conflicts }
}

fn merge_maps(
    base: &BTreeMap<String, Value>,
    ours: &BTreeMap<String, Value>,
    theirs: &BTreeMap<String, Value>,
    conflicts: &mut Vec<String>,
) -> BTreeMap<String, Value> {
    let keys: BTreeSet<&String> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .collect();
    let mut out = BTreeMap::new();
    for k in keys {
        let (b, o, t) = (base.get(k), ours.get(k), theirs.get(k));
        let pick = if o == t || t == b {
            o
        } else if o == b {
            t
        } else {
            conflicts.push(k.split('|').next().unwrap_or(k).to_owned());
            o
        };
        if let Some(v) = pick {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(fp: &str, reason: &str) -> Value {
        json!({"fingerprint": fp, "rule": "r", "provider": null, "kind": "false_positive", "reason": reason, "decided_by": "d", "decided_at": "t"})
    }

    #[test]
    fn both_additions_are_kept() {
        let base = json!({"version": 1, "entries": []});
        let ours = json!({"version": 1, "entries": [entry("aa", "ours")]});
        let theirs = json!({"version": 1, "entries": [entry("bb", "theirs")]});
        let m = merge3(&base, &ours, &theirs);
        assert!(m.conflicts.is_empty());
        assert_eq!(m.doc["entries"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn one_sided_change_and_removal_win() {
        let base = json!({"entries": [entry("aa", "old"), entry("bb", "keep")]});
        let ours = json!({"entries": [entry("aa", "old")]});
        let theirs = json!({"entries": [entry("aa", "new"), entry("bb", "keep")]});
        let m = merge3(&base, &ours, &theirs);
        assert_eq!(m.doc["entries"], json!([entry("aa", "new")]));
    }

    #[test]
    fn the_same_entry_changed_two_ways_is_a_conflict() {
        let base = json!({"entries": [entry("aa", "old")]});
        let m = merge3(
            &base,
            &json!({"entries": [entry("aa", "x")]}),
            &json!({"entries": [entry("aa", "y")]}),
        );
        assert_eq!(m.conflicts, ["aa"]);
    }

    #[test]
    fn a_side_that_is_not_an_object_is_a_conflict_not_a_panic() {
        for odd in [
            json!([1, 2]),
            json!("x"),
            json!(null),
            json!({"entries": 3}),
        ] {
            let m = merge3(&json!({}), &odd, &json!({"entries": []}));
            assert!(!m.conflicts.is_empty() || m.doc.is_object(), "{odd}");
        }
    }

    #[test]
    fn triage_records_merge_by_fingerprint() {
        let base = json!({"version": 1, "findings": {}});
        let ours = json!({"version": 1, "findings": {"aa": {"status": "revoked"}}});
        let theirs = json!({"version": 1, "findings": {"bb": {"status": "investigating"}}});
        let m = merge3(&base, &ours, &theirs);
        assert_eq!(m.doc["findings"].as_object().unwrap().len(), 2);
    }
}
