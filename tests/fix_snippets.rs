//! Every fix snippet renders with nothing left unfilled, and parses: with the language's own
//! checker where it is on the machine (`python3 -m py_compile`, `node --check`, `ruby -c`,
//! `php -l`, `bash -n`, `rustfmt`, `gofmt -e`; skipped with a message where it is not), and in-process for
//! the configuration forms (YAML, .env, HCL).

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
        // rustfmt parses without resolving crates (rustc would need the packages).
        Lang::Rust => ("rustfmt", &["--edition", "2021", "--check"], "rs"),
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
                Lang::Terraform => {
                    balanced(&what, &fix.code);
                    hcl::from_str::<hcl::Body>(&fix.code)
                        .unwrap_or_else(|e| panic!("{what}: not HCL: {e}\n{}", fix.code));
                }
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
            // gofmt -l prints nothing on success and errors on stderr; rustfmt --check exits 1
            // when it would only reformat (still parsed) and prints `error` when it cannot parse.
            let parsed = match lang {
                Lang::Rust => !err.contains("error"),
                Lang::Go => o.status.success() && err.is_empty(),
                _ => o.status.success(),
            };
            assert!(
                parsed,
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

#[test]
fn the_incident_record_names_places_decisions_and_ticks_in_every_format() {
    let repo = common::example_repo();
    let dir = repo.path();
    let with = |args: &[&str]| -> Vec<String> {
        args.iter()
            .map(|a| (*a).to_owned())
            .chain(common::REPORTS.iter().map(|r| (*r).to_owned()))
            .collect()
    };
    let run = |args: Vec<String>| {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        common::leakdesk(dir, &refs)
    };
    let o = run(with(&[
        "allowlist",
        "add",
        ".env:3",
        "--kind",
        "revoked",
        "--reason",
        "Rotated in INC-42",
    ]));
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let v: serde_json::Value =
        serde_json::from_slice(&run(with(&["list", "--all", "--format", "json"])).stdout).unwrap();
    let fp = v["findings"][0]["fingerprint"].as_str().unwrap().to_owned();
    for args in [
        vec!["triage", "tick", fp.as_str(), "identify-key-type"],
        vec![
            "triage",
            "note",
            fp.as_str(),
            "Paged the SMS team <b>now</b>",
        ],
    ] {
        let o = common::leakdesk(dir, &args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", common::stderr(&o));
    }
    let md = String::from_utf8(run(with(&["report"])).stdout).unwrap();
    assert!(md.contains("revoked (everywhere) by"), "{md}");
    assert!(md.contains("Rotated in INC-42"), "{md}");
    assert!(
        md.contains("- [x] Identify which kind of key leaked (Dana Whitfield"),
        "{md}"
    );
    assert!(md.contains("Paged the SMS team"), "{md}");
    assert!(md.contains("`.env:3` in commit `3f9a1c27d84e`"), "{md}");
    let json: serde_json::Value = serde_json::from_slice(
        &run(with(&["report", "--format", "json", "--filter", "is:live"])).stdout,
    )
    .unwrap();
    let live = json["secrets"].as_array().unwrap();
    assert_eq!(live.len(), 2, "{json}");
    assert!(live.iter().all(|s| !s["verified_live_by"].is_null()));
    let out = dir.join("incident.html");
    let o = run(with(&[
        "report",
        "--format",
        "html",
        "--output",
        out.to_str().unwrap(),
    ]));
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert!(
        html.contains("Paged the SMS team &lt;b&gt;now&lt;/b&gt;"),
        "escaped"
    );
    for outside in [
        "<script", "<link", "<img", "src=", "href=", "@import", "url(",
    ] {
        assert!(!html.contains(outside), "self-contained: {outside}");
    }
}
