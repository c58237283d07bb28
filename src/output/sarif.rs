//! SARIF 2.1.0 as GitHub code scanning accepts it: one run, one rule per distinct rule id, one
//! result per finding with a stable `partialFingerprints` entry. No raw secret unless `--reveal`.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Row, WriteOptions};
use crate::finding::{Finding, Status};
use crate::report::leakdesk::Record;

pub const FINGERPRINT_KEY: &str = "leakdesk/v1";

pub fn write(out: &mut dyn Write, rows: &[Row<'_>], opts: WriteOptions<'_>) -> io::Result<()> {
    // Each rule with the provider of its first finding, for its description.
    let mut rule_index: BTreeMap<&str, (usize, Option<&str>)> = BTreeMap::new();
    for r in rows {
        rule_index
            .entry(r.finding.rule())
            .or_insert((0, r.finding.provider.as_deref()));
    }
    for (i, slot) in rule_index.values_mut().enumerate() {
        slot.0 = i;
    }
    let rules: Vec<Value> = rule_index
        .iter()
        .map(|(id, (_, provider))| {
            let playbook = provider
                .zip(opts.playbooks)
                .and_then(|(p, lib)| lib.get(p))
                .map(|(p, _)| p);
            let text = super::rule_text::describe(id, playbook);
            json!({
                "id": id,
                "name": id,
                "shortDescription": { "text": text.short },
                "fullDescription": { "text": text.full },
                "help": { "text": text.help, "markdown": text.help_markdown },
                "defaultConfiguration": { "level": "error" },
                "properties": { "tags": ["security", "secret"], "security-severity": "9.0" },
            })
        })
        .collect();
    let results: Vec<Value> = rows
        .iter()
        .map(|r| result(r.finding, r.status, rule_index[r.finding.rule()].0, opts))
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "leakdesk",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/leakdesk/leakdesk",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    crate::safe_json::to_writer_pretty(&mut out, &log)?;
    out.write_all(b"\n")?;
    out.flush()
}

fn result(f: &Finding, status: Status, rule_index: usize, opts: WriteOptions<'_>) -> Value {
    // GitHub code scanning rejects a result without `region.startLine` (its SARIF rule GH1003):
    // a finding with no known line is placed on line 1, and its message says so.
    let mut region = json!({ "startLine": f.line.unwrap_or(1) });
    if let (Some(_), Some(column)) = (f.line, f.column) {
        region["startColumn"] = column.into();
    }
    let physical = json!({ "artifactLocation": { "uri": uri(&f.file) }, "region": region });
    let provider = f.provider.as_deref().unwrap_or("unknown provider");
    let record = serde_json::to_value(Record::new(f, status, opts.reveal)).unwrap_or(Value::Null);
    json!({
        "ruleId": f.rule(),
        "ruleIndex": rule_index,
        "level": "error",
        "message": { "text": format!(
            "Possible {provider} secret {} reported by {}{}.{}",
            f.redacted,
            f.tools().join(", "),
            if f.verified == crate::finding::Verified::Yes { " and verified live" } else { "" },
            if f.line.is_none() { " The report gave no line; shown on line 1." } else { "" },
        )},
        "locations": [{ "physicalLocation": physical }],
        "partialFingerprints": { FINGERPRINT_KEY: f.fingerprint },
        "properties": { "leakdesk": record },
    })
}

/// A relative path as a URI reference (percent-encoded), an absolute one as a `file://` URI.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_result_has_a_start_line() {
        let f = crate::finding::Finding::new(
            "ggshield",
            "r",
            "a.py".into(),
            crate::finding::Evidence::secret("x-secret-1"),
        )
        .finish();
        let mut out = Vec::new();
        write(
            &mut out,
            &Row::open(std::slice::from_ref(&f)),
            WriteOptions::default(),
        )
        .unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        let result = &v["runs"][0]["results"][0];
        assert_eq!(
            result["locations"][0]["physicalLocation"]["region"]["startLine"],
            1
        );
        assert!(
            result["message"]["text"]
                .as_str()
                .unwrap()
                .contains("no line")
        );
        assert_eq!(result["properties"]["leakdesk"]["line"], Value::Null);
    }

    #[test]
    fn uris_are_encoded() {
        assert_eq!(uri("src/my file.py"), "src/my%20file.py");
        assert_eq!(uri("/abs/x#1"), "file:///abs/x%231");
    }
}
