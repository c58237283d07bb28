//! Every fix snippet renders with nothing left unfilled, and parses: with the language's own
//! checker where it is on the machine (`python3 -m py_compile`, `node --check`, `ruby -c`,
//! `php -l`, `bash -n`, `gofmt -e`; skipped with a message where it is not), and in-process for
//! the configuration forms (YAML, .env, HCL's brackets).

// A panic is how a test fails.
#![allow(clippy::unwrap_used)]

mod common;

use std::process::Command;

use leakdesk::finding::{Evidence, Finding};
use leakdesk::fix::{self, Lang, Library, Method};

fn finding(file: &str, line: &str) -> Finding {
    let mut f = Finding::new(
        "leakdesk",
        "messagebird-api-key",
        file.to_owned(),
        Evidence::secret("H0s6w9S0eDmKAShGQgtTl3ENL".to_owned()),
    );
    f.provider = Some("messagebird".into());
    f.line = Some(3);
    f.context = Some(line.to_owned());
    f.finish()
}

/// The checker for a language: program and arguments before the file, and the extension.
fn checker(lang: Lang) -> Option<(&'static str, &'static [&'static str], &'static str)> {
    Some(match lang {
        Lang::Python => ("python3", &["-m", "py_compile"], "py"),
        Lang::JavaScript => ("node", &["--check"], "js"),
        Lang::Ruby => ("ruby", &["-c"], "rb"),
        Lang::Php => ("php", &["-l"], "php"),
        Lang::Shell => ("bash", &["-n"], "sh"),
        Lang::Go => ("gofmt", &["-e", "-l"], "go"),
        _ => return None,
    })
}

fn available(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn every_snippet_renders_and_parses() {
    let lib = Library::bundled();
    let dir = tempfile::tempdir().unwrap();
    let mut skipped = std::collections::BTreeSet::new();
    for method in Method::ALL {
        for lang in Lang::ALL {
            let f = finding("app.txt", "KEY = \"H0s6w9S0eDmKAShGQgtTl3ENL\"");
            let fix = fix::render(&f, method, lang, &lib)
                .unwrap_or_else(|e| panic!("{} {}: {e}", method.id(), lang.id()));
            let what = format!("{} {}", method.id(), lang.id());
            assert!(fix::unfilled(&fix.code).is_none(), "{what}:\n{}", fix.code);
            assert!(!fix.code.contains("H0s6w9S0eDmKAShGQgtTl3ENL"), "{what}");
            assert!(
                fix.code.contains(&fix.names.var)
                    || fix.code.contains(&fix.names.var.to_ascii_lowercase())
                    || method != Method::Env,
                "{what} uses the variable name"
            );
            match lang {
                Lang::Yaml | Lang::Compose | Lang::GithubActions => {
                    yaml_rust2::YamlLoader::load_from_str(&fix.code)
                        .unwrap_or_else(|e| panic!("{what}: not YAML: {e}\n{}", fix.code));
                }
                Lang::Dotenv => dotenv_shaped(&what, &fix.code),
                Lang::Terraform => balanced(&what, &fix.code),
                _ => {}
            }
            if matches!(
                lang,
                Lang::Yaml | Lang::Compose | Lang::GithubActions | Lang::Dotenv | Lang::Terraform
            ) {
                continue;
            }
            let Some((program, args, ext)) = checker(lang) else {
                skipped.insert(lang.id());
                continue;
            };
            if !available(program) {
                skipped.insert(lang.id());
                continue;
            }
            let file = dir.path().join(format!(
                "{}_{}.{ext}",
                method.id(),
                lang.id().replace('-', "_")
            ));
            std::fs::write(&file, &fix.code).unwrap();
            let o = Command::new(program)
                .args(args)
                .arg(&file)
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&o.stderr);
            // gofmt -l prints nothing on success and errors on stderr.
            assert!(
                o.status.success() && (lang != Lang::Go || err.is_empty()),
                "{what} does not parse with {program}: {err}{}\n{}",
                String::from_utf8_lossy(&o.stdout),
                fix.code
            );
        }
    }
    if !skipped.is_empty() {
        eprintln!(
            "not parsed here (no checker on this machine, or none without the packages): {}",
            skipped.into_iter().collect::<Vec<_>>().join(", ")
        );
    }
}

/// Comments, blank lines, `NAME=value`, or (Summon's secrets.yml) `NAME: !var id`.
fn dotenv_shaped(what: &str, text: &str) {
    for line in text.lines() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let name = l.split(['=', ':']).next().unwrap_or("");
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
            "{what}: `{line}` is not NAME=value"
        );
    }
}

/// Braces, brackets and quotes that close: what a Terraform block needs at least.
fn balanced(what: &str, text: &str) {
    let mut depth = 0i32;
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '{' | '[' if !quoted => depth += 1,
            '}' | ']' if !quoted => depth -= 1,
            _ => {}
        }
        assert!(depth >= 0, "{what}: a bracket closes too early");
    }
    assert!(
        depth == 0 && !quoted,
        "{what}: brackets or quotes left open"
    );
}

#[test]
fn the_leaked_line_is_shown_before_and_after_with_the_secret_redacted() {
    let lib = Library::bundled();
    let f = finding(
        "src/notify.py",
        "client = messagebird.Client(\"H0s6w9S0eDmKAShGQgtTl3ENL\")",
    );
    let lang = Lang::detect(&f.file, None).unwrap();
    let fix = fix::render(&f, Method::Env, lang, &lib).unwrap();
    assert_eq!(fix.names.var, "MESSAGEBIRD_API_KEY");
    assert_eq!(
        fix.after.as_deref(),
        Some("client = messagebird.Client(os.environ[\"MESSAGEBIRD_API_KEY\"])")
    );
    let before = fix.before.unwrap();
    assert!(
        before.contains("H0s6") && !before.contains("H0s6w9S0eDm"),
        "{before}"
    );
    let aws = fix::render(&f, Method::Aws, lang, &lib).unwrap();
    assert_eq!(aws.names.secret_id, "prod/messagebird/api-key");
    assert!(aws.package.contains("boto3"));
    assert!(aws.code.contains("get_secret_value"));
}

#[test]
fn fix_prints_the_snippet_for_a_place_without_the_secret() {
    let repo = common::example_repo();
    let dir = repo.path();
    let o = common::leakdesk(
        dir,
        &[
            "fix",
            ".env:3",
            "reports/gitleaks.json",
            "--method",
            "vault",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("vault kv get -mount=secret -field=api_key messagebird"),
        "{out}"
    );
    assert!(out.contains("# after:  MESSAGEBIRD_API_KEY="), "{out}");
    assert!(!out.contains("H0s6w9S0eDmKAShGQgtTl3ENL"), "{out}");
    let o = common::leakdesk(
        dir,
        &[
            "fix",
            ".env:3",
            "reports/gitleaks.json",
            "--lang",
            "python",
            "--method",
            "aws",
        ],
    );
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("# install: pip install boto3"), "{out}");
    let o = common::leakdesk(dir, &["fix", "nope.py:1", "reports/gitleaks.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        common::stderr(&o).contains("no finding at nope.py:1"),
        "{}",
        common::stderr(&o)
    );
}
