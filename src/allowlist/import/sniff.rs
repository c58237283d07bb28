//! Which tool wrote a file, from what it holds: a file named `.gitleaksignore` may hold
//! anything, and a Kingfisher baseline is YAML like `.gitguardian.yaml`.

/// The formats `allowlist import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Gitleaksignore,
    Gitguardian,
    DetectSecrets,
    Kingfisher,
    Github,
}

impl Origin {
    pub const ALL: [Self; 5] = [
        Self::Gitleaksignore,
        Self::Gitguardian,
        Self::DetectSecrets,
        Self::Kingfisher,
        Self::Github,
    ];

    pub fn describe(self) -> &'static str {
        match self {
            Self::Gitleaksignore => ".gitleaksignore (gitleaks fingerprints)",
            Self::Gitguardian => ".gitguardian.yaml (ggshield ignored matches)",
            Self::DetectSecrets => "a detect-secrets baseline",
            Self::Kingfisher => "a Kingfisher baseline (YAML)",
            Self::Github => "GitHub secret-scanning alerts (JSON from the API)",
        }
    }
}

/// The format of `text`, or why none fits.
pub fn sniff(text: &str) -> Result<Origin, String> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let v: serde_json::Value =
            serde_json::from_str(trimmed).map_err(|e| format!("JSON that cannot be read ({e})"))?;
        if v.get("plugins_used").is_some() && v.get("results").is_some_and(|r| r.is_object()) {
            return Ok(Origin::DetectSecrets);
        }
        let first = v.as_array().and_then(|a| a.first());
        if first.is_some_and(|a| a.get("secret_type").is_some() && a.get("state").is_some()) {
            return Ok(Origin::Github);
        }
        return Err("JSON, but neither a detect-secrets baseline nor GitHub alerts".into());
    }
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    if lines.is_empty() {
        return Err("nothing but comments and blank lines".into());
    }
    if lines.iter().all(|l| is_gitleaks_fingerprint(l)) {
        return Ok(Origin::Gitleaksignore);
    }
    let doc = super::yaml(text, "")?;
    if !doc["repositories"].is_badvalue() || !doc["fingerprint_algorithm"].is_badvalue() {
        return Ok(Origin::Kingfisher);
    }
    let v1 = [
        "matches-ignore",
        "matches_ignore",
        "paths-ignore",
        "banlisted-detectors",
    ];
    if !doc["secret"].is_badvalue() || v1.iter().any(|k| !doc[*k].is_badvalue()) {
        return Ok(Origin::Gitguardian);
    }
    Err("YAML, but neither a .gitguardian.yaml nor a Kingfisher baseline".into())
}

/// `file:rule:line` or `commit:file:rule:line`: a rule id and a line number at the end.
fn is_gitleaks_fingerprint(line: &str) -> bool {
    let mut parts = line.rsplitn(3, ':');
    let (Some(number), Some(rule), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
        && !rule.is_empty()
        && rule
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        && !rest.is_empty()
        && !line.contains(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_is_known_by_its_content() {
        let cases = [
            (
                "# why\nabc123:src/a.py:github-pat:4\nsrc/b.py:aws-access-token:9\n",
                Origin::Gitleaksignore,
            ),
            (
                "version: 2\nsecret:\n  ignored_matches: []\n",
                Origin::Gitguardian,
            ),
            ("matches-ignore:\n  - abc\n", Origin::Gitguardian),
            (
                "version: 2\nfingerprint_algorithm: kingfisher-v1\nrepositories: []\n",
                Origin::Kingfisher,
            ),
            (
                r#"{"version": "1.5.0", "plugins_used": [], "results": {}}"#,
                Origin::DetectSecrets,
            ),
            (
                r#"[{"number": 2, "state": "resolved", "secret_type": "x"}]"#,
                Origin::Github,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(sniff(text), Ok(want), "{text}");
        }
        assert!(sniff("").is_err());
        assert!(sniff("just: yaml\n").is_err());
        assert!(sniff("[1, 2]").is_err());
    }
}
