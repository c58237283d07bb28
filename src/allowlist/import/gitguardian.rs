//! `.gitguardian.yaml`, read as YAML (v2 `secret.ignored_matches`, v1 `matches-ignore`, dash or
//! underscore keys): a `match` is a GitGuardian ignore SHA (mapped through ggshield findings)
//! or the raw secret itself (hashed into our fingerprint at once; the value is not kept). Path
//! and detector ignores decide no secret: they are named as not imported.

use yaml_rust2::Yaml;

use super::{Candidate, Imported, from_finding, scalar};
use crate::finding::{Finding, sha256_hex};

pub fn gitguardian(text: &str, name: &str, findings: &[Finding]) -> Result<Imported, String> {
    let doc = super::yaml(text, name)?;
    let mut out = Imported::default();
    let secret = &doc["secret"];
    let get = |keys: &[&str], at: &Yaml| -> Vec<Yaml> {
        keys.iter()
            .find_map(|k| at[*k].as_vec().cloned())
            .unwrap_or_default()
    };
    let matches = [
        get(&["ignored_matches", "ignored-matches"], secret),
        get(&["matches-ignore", "matches_ignore"], &doc),
    ]
    .concat();
    for (i, item) in matches.iter().enumerate() {
        let (label, value) = match item {
            Yaml::Hash(_) => (scalar(&item["name"]), scalar(&item["match"])),
            other => (None, scalar(other)),
        };
        let at = format!("{name}, ignored match {}", i + 1);
        let Some(value) = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) else {
            out.unmatched.push(format!("{at}: no `match` value"));
            continue;
        };
        let reason = match &label {
            Some(l) => format!("{} (imported from {at})", l.trim()),
            None => format!("Imported from {at}"),
        };
        let is_sha = value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit());
        if is_sha {
            let hit = findings.iter().find(|f| {
                f.detections.iter().any(|d| {
                    d.tool == "ggshield"
                        && d.native_id
                            .as_deref()
                            .is_some_and(|id| id.eq_ignore_ascii_case(&value))
                })
            });
            match hit {
                Some(f) => out.candidates.push(from_finding(f, None, reason)),
                None => out.unmatched.push(format!(
                    "{at}: ignore SHA {}… matches no ggshield finding in these reports (give the ggshield reports too)",
                    &value[..12]
                )),
            }
        } else {
            let fingerprint = sha256_hex(value.as_bytes());
            let hit = findings.iter().find(|f| f.fingerprint == fingerprint);
            out.candidates.push(match hit {
                Some(f) => from_finding(f, None, reason),
                None => Candidate {
                    fingerprint,
                    rule: label.unwrap_or_else(|| "unknown".into()),
                    provider: None,
                    path: None,
                    reason,
                    kind: None,
                    decided: None,
                },
            });
        }
    }
    for (keys, what) in [
        (&["ignored_paths", "ignored-paths"][..], "ignored path"),
        (
            &["ignored_detectors", "ignored-detectors"],
            "ignored detector",
        ),
    ] {
        for item in get(keys, secret) {
            if let Some(v) = scalar(&item) {
                out.not_imported
                    .push(format!("{what} `{}`", crate::sanitize::clean(&v)));
            }
        }
    }
    for (key, what) in [
        ("paths-ignore", "ignored path"),
        ("banlisted-detectors", "ignored detector"),
    ] {
        for item in get(&[key], &doc) {
            if let Some(v) = scalar(&item) {
                out.not_imported
                    .push(format!("{what} `{}`", crate::sanitize::clean(&v)));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_yaml_comments_order_and_both_versions() {
        let v2 = "# team config\nsecret:\n  ignored_paths:\n    - '**/README.md'\n  ignored_matches:\n    - match: 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 # the docs token\n      name: Slack token - notify.yaml\n    - {name: raw form, match: 'xoxb-1234-5678-abcdefghijkl'}\n  ignored_detectors: [Generic Password]\nversion: 2\n";
        let got = gitguardian(v2, ".gitguardian.yaml", &[]).unwrap();
        assert_eq!(got.candidates.len(), 2);
        // The comment is not part of the value.
        assert_eq!(
            got.candidates[0].fingerprint,
            sha256_hex(b"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")
        );
        assert!(
            got.candidates[0]
                .reason
                .starts_with("Slack token - notify.yaml")
        );
        assert_eq!(
            got.not_imported,
            [
                "ignored path `**/README.md`",
                "ignored detector `Generic Password`"
            ]
        );
        let v1 = "matches-ignore:\n  - 530e5a4a7ea00814db8845dd0cae5efaa4b974a3ce1c76d0384ba715248a5dc1\npaths-ignore:\n  - x\n";
        let got = gitguardian(v1, "g", &[]).unwrap();
        assert_eq!(got.unmatched.len(), 1, "a SHA needs the ggshield reports");
        assert_eq!(got.not_imported.len(), 1);
        assert!(gitguardian("secret: [unclosed", "g", &[]).is_err_and(|e| e.starts_with("g:")));
    }
}
