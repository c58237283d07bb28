//! The fix templates: one file per method, a section per language:
//!
//! ```text
//! ## python
//! package: pip install boto3
//! expr: secret("[[SECRET_ID]]")
//! code:
//! import boto3
//! ...
//! ```
//!
//! `expr` replaces the secret in the leaked line; `code` is the snippet. Bundled files are
//! embedded; `fixes/<method>.txt` in the config directory, then in the repository's
//! `.leakdesk/`, replace the sections they have (the repository's win). Template files from a
//! repository are hostile text like its code: shown cleaned, never run.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Lang, Method};

const BUNDLED: [(Method, &str); 4] = [
    (Method::Env, include_str!("templates/env.txt")),
    (Method::Aws, include_str!("templates/aws.txt")),
    (Method::Vault, include_str!("templates/vault.txt")),
    (Method::Conjur, include_str!("templates/conjur.txt")),
];

/// One language's template.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    pub package: String,
    pub expr: String,
    pub code: String,
}

/// Every method's templates.
#[derive(Debug, Clone, Default)]
pub struct Library {
    sections: BTreeMap<(Method, Lang), Section>,
}

impl Library {
    /// The bundled templates only.
    pub fn bundled() -> Self {
        let mut lib = Self::default();
        for (method, text) in BUNDLED {
            for (lang, section) in parse(text).0 {
                lib.sections.insert((method, lang), section);
            }
        }
        lib
    }

    /// The bundled templates with the config directory's and the repository's on top, and the
    /// problems found in those (unknown sections, files that cannot be read).
    pub fn load(dirs: &[&Path]) -> (Self, Vec<String>) {
        let mut lib = Self::bundled();
        let mut warnings = Vec::new();
        for dir in dirs {
            for method in Method::ALL {
                let path = dir.join(format!("{}.txt", method.id()));
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let (sections, unknown) = parse(&text);
                for name in unknown {
                    warnings.push(format!(
                        "{}: `## {}` is not a language leakdesk writes fixes for",
                        path.display(),
                        crate::sanitize::clean(&name)
                    ));
                }
                for (lang, section) in sections {
                    lib.sections.insert((method, lang), section);
                }
            }
        }
        (lib, warnings)
    }

    /// The templates for the repository at `root`: bundled, then the config directory's
    /// `fixes/`, then the repository's `.leakdesk/fixes/`.
    pub fn for_root(root: &Path) -> (Self, Vec<String>) {
        let dirs: Vec<std::path::PathBuf> = [
            crate::config::dir().map(|d| d.join("fixes")),
            crate::config::repo_dir(root).map(|d| d.join("fixes")),
        ]
        .into_iter()
        .flatten()
        .collect();
        let refs: Vec<&Path> = dirs.iter().map(std::path::PathBuf::as_path).collect();
        Self::load(&refs)
    }

    pub fn section(&self, method: Method, lang: Lang) -> Option<&Section> {
        self.sections.get(&(method, lang))
    }
}

/// The sections of one template file, and the names of sections that are no language.
fn parse(text: &str) -> (Vec<(Lang, Section)>, Vec<String>) {
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    let mut current: Option<(Lang, Section, bool)> = None;
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("## ") {
            if let Some((lang, section, _)) = current.take() {
                out.push((lang, finish(section)));
            }
            match Lang::named(name.trim()) {
                Some(lang) => current = Some((lang, Section::default(), false)),
                None => unknown.push(name.trim().to_owned()),
            }
            continue;
        }
        let Some((_, section, in_code)) = current.as_mut() else {
            continue;
        };
        if *in_code {
            section.code.push_str(line);
            section.code.push('\n');
        } else if let Some(v) = line.strip_prefix("package:") {
            section.package = v.trim().to_owned();
        } else if let Some(v) = line.strip_prefix("expr:") {
            section.expr = v.trim().to_owned();
        } else if line.trim() == "code:" {
            *in_code = true;
        }
    }
    if let Some((lang, section, _)) = current {
        out.push((lang, finish(section)));
    }
    (out, unknown)
}

fn finish(mut s: Section) -> Section {
    let trimmed = s.code.trim_end().len();
    s.code.truncate(trimmed);
    s.code.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_has_every_language() {
        let lib = Library::bundled();
        for method in Method::ALL {
            for lang in Lang::ALL {
                let s = lib
                    .section(method, lang)
                    .unwrap_or_else(|| panic!("{} {}", method.id(), lang.id()));
                assert!(!s.code.trim().is_empty(), "{} {}", method.id(), lang.id());
                assert!(!s.package.is_empty(), "{} {}", method.id(), lang.id());
            }
        }
    }

    #[test]
    fn a_repository_file_replaces_only_its_sections() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("env.txt"),
            "## python\npackage: ours\nexpr: cfg.key\ncode:\nkey = cfg.key\n## cobol\n",
        )
        .unwrap();
        let (lib, warnings) = Library::load(&[dir.path()]);
        let py = lib.section(Method::Env, Lang::Python).unwrap();
        assert_eq!(py.package, "ours");
        assert_eq!(py.code, "key = cfg.key\n");
        assert!(lib.section(Method::Env, Lang::Go).is_some());
        assert!(warnings.iter().any(|w| w.contains("cobol")), "{warnings:?}");
    }
}
