//! `.gitleaksignore`: each line is a gitleaks fingerprint, `commit:file:rule:line` or the global
//! `file:rule:line`, mapped through the gitleaks findings of the given reports. Either form
//! names one file, so the entry is scoped to that file: the secret elsewhere stays open.

use super::{Imported, from_finding};
use crate::finding::Finding;

pub fn gitleaksignore(text: &str, name: &str, findings: &[Finding]) -> Imported {
    let mut out = Imported::default();
    let mut comment = String::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if let Some(c) = line.strip_prefix('#') {
            comment = c.trim().to_owned();
            continue;
        }
        if line.is_empty() {
            comment.clear();
            continue;
        }
        let ignored = line.replace('\\', "/");
        let Some((commit, file, rule, number)) = split(&ignored) else {
            out.unmatched.push(format!(
                "{name}:{}: `{line}` is not a gitleaks fingerprint (commit:file:rule:line or file:rule:line)",
                n + 1
            ));
            comment.clear();
            continue;
        };
        let hit = findings.iter().find(|f| {
            f.file == file
                && f.line == Some(number)
                && commit.is_none_or(|c| f.commit.as_deref() == Some(c))
                && f.detections.iter().any(|d| {
                    d.tool == "gitleaks"
                        && (d.native_id.as_deref() == Some(ignored.as_str()) || d.rule == rule)
                })
        });
        let reason = if comment.is_empty() {
            format!("Imported from {name} line {}", n + 1)
        } else {
            format!("{comment} (imported from {name} line {})", n + 1)
        };
        match hit {
            Some(f) => out
                .candidates
                .push(from_finding(f, Some(f.file.clone()), reason)),
            None => out.unmatched.push(format!(
                "{name}:{}: `{line}` matches no gitleaks finding in these reports",
                n + 1
            )),
        }
        comment.clear();
    }
    out
}

/// `(commit, file, rule, line)`; the file may hold `:`, so the parts are taken from the ends.
fn split(id: &str) -> Option<(Option<&str>, &str, &str, u32)> {
    let mut parts = id.rsplitn(3, ':');
    let number: u32 = parts.next()?.parse().ok()?;
    let rule = parts.next()?;
    let rest = parts.next()?;
    let (commit, file) = match rest.split_once(':') {
        Some((c, f)) if c.len() >= 7 && c.bytes().all(|b| b.is_ascii_hexdigit()) => (Some(c), f),
        _ => (None, rest),
    };
    (!file.is_empty() && !rule.is_empty()).then_some((commit, file, rule, number))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Evidence;

    fn gitleaks(file: &str, commit: Option<&str>) -> Finding {
        let mut f = Finding::new(
            "gitleaks",
            "github-pat",
            file.into(),
            Evidence::secret("ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zA7bC"),
        );
        f.line = Some(4);
        f.commit = commit.map(str::to_owned);
        f.detections[0].native_id = Some(match commit {
            Some(c) => format!("{c}:{file}:github-pat:4"),
            None => format!("{file}:github-pat:4"),
        });
        f.finish()
    }

    #[test]
    fn both_forms_stay_on_their_file() {
        let findings = [
            gitleaks("src/a.py", Some("75a4e67f6b824d8715e703cbb0de3b36d06b146f")),
            gitleaks("src/b.py", None),
        ];
        let text = "# docs example\n75a4e67f6b824d8715e703cbb0de3b36d06b146f:src/a.py:github-pat:4\nsrc/b.py:github-pat:4\nnot an id\n";
        let got = gitleaksignore(text, ".gitleaksignore", &findings);
        let paths: Vec<_> = got.candidates.iter().map(|c| c.path.as_deref()).collect();
        assert_eq!(paths, [Some("src/a.py"), Some("src/b.py")]);
        assert!(got.candidates[0].reason.starts_with("docs example"));
        assert_eq!(got.unmatched.len(), 1);
    }

    #[test]
    fn a_commit_form_line_needs_that_commit() {
        let findings = [gitleaks(
            "src/a.py",
            Some("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        )];
        let got = gitleaksignore(
            "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb:src/a.py:github-pat:4\n",
            "x",
            &findings,
        );
        assert!(got.candidates.is_empty());
    }
}
