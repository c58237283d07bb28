//! Provider playbooks: what a leaked secret grants, its risks, how to check for abuse, and the
//! revocation checklist a responder ticks off. Bundled ones are embedded; users add or override
//! them with JSON files in their config directory and in the repository's `.leakdesk/playbooks/`.

pub mod bundled;
pub mod render;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::InputError;

/// The playbook used when a finding names no provider or one without a playbook.
pub const GENERIC: &str = "generic";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Playbook {
    /// Provider id, as the detector table produces it (`messagebird`, `aws`).
    pub id: String,
    /// Display name (`MessageBird (Bird)`).
    pub name: String,
    /// What the provider calls the secret(s): `App API Key`, `access key ID + secret access key`.
    pub secrets: Vec<String>,
    /// Other names a person might type for it (`bird`, `google-cloud`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What holding the secret lets someone do.
    pub grants: String,
    /// What the secret is typically used for.
    pub uses: Vec<String>,
    /// How such secrets usually leak.
    pub leak_causes: Vec<String>,
    /// What an attacker can do with it: the reasons to act now.
    pub risks: Vec<String>,
    /// How to tell whether someone else used it.
    pub abuse_checks: Vec<String>,
    /// Revocation, in the order to follow. Step ids are stable: saved progress refers to them.
    pub checklist: Vec<Step>,
    /// How to find the services that stop working once the secret is revoked.
    pub dependents: Vec<String>,
    /// How to keep it from happening again.
    pub prevention: Vec<String>,
    /// How to issue the replacement.
    pub replacement: String,
    /// Provider documentation worth opening.
    #[serde(default)]
    pub links: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Stable, lowercase words joined by `-` (`create-replacement`).
    pub id: String,
    pub title: String,
    pub detail: String,
    /// Where in the provider's dashboard (or which command), when there is one place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// Where a playbook came from; a later source overrides an earlier one with the same id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Bundled,
    User(PathBuf),
    Repo(PathBuf),
}

impl Source {
    pub fn label(&self) -> &'static str {
        match self {
            Self::Bundled => "bundled",
            Self::User(_) => "user",
            Self::Repo(_) => "repo",
        }
    }

    pub fn path(&self) -> Option<&Path> {
        match self {
            Self::Bundled => None,
            Self::User(p) | Self::Repo(p) => Some(p),
        }
    }
}

impl Playbook {
    /// Parses and checks one playbook file's text.
    pub fn parse(name: &str, text: &str) -> Result<Self, InputError> {
        let mut de = serde_json::Deserializer::from_str(text);
        let mut track = serde_path_to_error::Track::new();
        let result = Self::deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track))
            .and_then(|p| de.end().map(|()| p));
        let playbook = result.map_err(|e| {
            InputError::from_json(name, &e, Some(&track.path().to_string())).hint(
                "see `leakdesk playbook aws --format json` for a complete playbook to copy from",
            )
        })?;
        playbook.validate().map_err(|(field, problem)| {
            InputError::new(name, format!("field `{field}`: {problem}"))
                .hint("every text field needs content; step ids are lowercase words joined by `-` and unique")
        })?;
        Ok(playbook)
    }

    /// Schema checks serde cannot express: no empty text, well-formed and unique ids.
    pub fn validate(&self) -> Result<(), (String, String)> {
        let bad = |field: &str, problem: &str| Err((field.to_owned(), problem.to_owned()));
        if !is_slug(&self.id) {
            return bad("id", "must be lowercase letters, digits and `-`");
        }
        for (field, text) in [
            ("name", &self.name),
            ("grants", &self.grants),
            ("replacement", &self.replacement),
        ] {
            if text.trim().is_empty() {
                return bad(field, "is empty");
            }
        }
        for (field, list) in [
            ("secrets", &self.secrets),
            ("uses", &self.uses),
            ("leak_causes", &self.leak_causes),
            ("risks", &self.risks),
            ("abuse_checks", &self.abuse_checks),
            ("dependents", &self.dependents),
            ("prevention", &self.prevention),
        ] {
            if list.is_empty() {
                return bad(field, "has no entries");
            }
            if let Some(i) = list.iter().position(|s| s.trim().is_empty()) {
                return bad(&format!("{field}[{i}]"), "is empty");
            }
        }
        if self.checklist.is_empty() {
            return bad("checklist", "has no steps");
        }
        let mut seen = std::collections::BTreeSet::new();
        for (i, step) in self.checklist.iter().enumerate() {
            if !is_slug(&step.id) {
                return bad(
                    &format!("checklist[{i}].id"),
                    "must be lowercase letters, digits and `-`",
                );
            }
            if !seen.insert(step.id.as_str()) {
                return bad(
                    &format!("checklist[{i}].id"),
                    &format!("`{}` is used by an earlier step", step.id),
                );
            }
            if step.title.trim().is_empty() || step.detail.trim().is_empty() {
                return bad(&format!("checklist[{i}]"), "needs a title and a detail");
            }
        }
        Ok(())
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// Every known playbook, with its source; looked up by id or alias.
#[derive(Debug, Default)]
pub struct Library {
    playbooks: BTreeMap<String, (Playbook, Source)>,
}

/// A user or repository playbook file that could not be used; the others still load.
pub type Warning = InputError;

impl Library {
    /// The bundled playbooks, then `*.json` in each directory in order (user, then repo).
    pub fn load(user_dir: Option<&Path>, repo_dir: Option<&Path>) -> (Self, Vec<Warning>) {
        let mut lib = Self::bundled();
        let mut warnings = Vec::new();
        for (dir, make) in [
            (user_dir, Source::User as fn(PathBuf) -> Source),
            (repo_dir, Source::Repo as fn(PathBuf) -> Source),
        ] {
            if let Some(dir) = dir {
                lib.add_dir(dir, make, &mut warnings);
            }
        }
        (lib, warnings)
    }

    pub fn bundled() -> Self {
        let mut lib = Self::default();
        for (file, text) in bundled::FILES {
            // A broken bundled playbook fails the test suite; at run time it is skipped, not fatal.
            if let Ok(p) = Playbook::parse(file, text) {
                lib.playbooks.insert(p.id.clone(), (p, Source::Bundled));
            }
        }
        lib
    }

    fn add_dir(&mut self, dir: &Path, source: fn(PathBuf) -> Source, warnings: &mut Vec<Warning>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        // Sorted so that two files with one id resolve the same way on every machine.
        files.sort();
        for path in files {
            let name = path.display().to_string();
            let parsed = std::fs::read_to_string(&path)
                .map_err(|e| InputError::new(&name, format!("cannot read: {e}")))
                .and_then(|text| Playbook::parse(&name, &text));
            match parsed {
                Ok(p) => {
                    self.playbooks.insert(p.id.clone(), (p, source(path)));
                }
                Err(e) => warnings.push(e),
            }
        }
    }

    /// By id, then by alias (case-insensitive).
    pub fn get(&self, key: &str) -> Option<(&Playbook, &Source)> {
        let key = key.trim().to_ascii_lowercase();
        self.playbooks.get(&key).map(|(p, s)| (p, s)).or_else(|| {
            self.playbooks
                .values()
                .find(|(p, _)| p.aliases.iter().any(|a| a.eq_ignore_ascii_case(&key)))
                .map(|(p, s)| (p, s))
        })
    }

    /// The playbook for a finding's provider: its own, or the generic one.
    pub fn for_provider(&self, provider: Option<&str>) -> Option<&Playbook> {
        provider
            .and_then(|p| self.get(p))
            .or_else(|| self.get(GENERIC))
            .map(|(p, _)| p)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Playbook, &Source)> {
        self.playbooks.values().map(|(p, s)| (p, s))
    }

    /// Up to three playbook ids whose id or an alias is closest to `key`, for "did you mean".
    pub fn closest(&self, key: &str) -> Vec<&str> {
        let key = key.to_ascii_lowercase();
        let score = |name: &str| {
            let related =
                name.contains(key.as_str()) || key.starts_with(name) || key.ends_with(name);
            if related && key.len() >= 3 {
                0
            } else {
                crate::nearest::edit_distance(&key, name)
            }
        };
        let mut scored: Vec<(usize, &str)> = self
            .playbooks
            .values()
            .map(|(p, _)| {
                let best = std::iter::once(p.id.as_str())
                    .chain(p.aliases.iter().map(String::as_str))
                    .map(score)
                    .min();
                (best.unwrap_or(usize::MAX), p.id.as_str())
            })
            .collect();
        scored.sort();
        scored
            .into_iter()
            .filter(|(d, _)| *d <= 3)
            .take(3)
            .map(|(_, id)| id)
            .collect()
    }
}

/// The user's playbook directory: `$LEAKDESK_CONFIG_DIR/playbooks`, else the platform config
/// directory's `leakdesk/playbooks` (`~/.config/leakdesk/playbooks` on Linux).
pub fn user_dir() -> Option<PathBuf> {
    crate::config::dir().map(|d| d.join("playbooks"))
}

/// The triaged repository's `.leakdesk/playbooks`, found by walking up from `start`.
pub fn repo_dir(start: &Path) -> Option<PathBuf> {
    crate::config::repo_dir(start).map(|d| d.join("playbooks"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_playbook_parses_and_passes_the_schema() {
        for (file, text) in bundled::FILES {
            let p = Playbook::parse(file, text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(format!("{}.json", p.id), *file, "file name must be the id");
        }
    }

    #[test]
    fn every_provider_in_the_detector_table_has_its_own_playbook() {
        let lib = Library::bundled();
        for id in crate::provider::all_ids() {
            let (p, _) = lib
                .get(id)
                .unwrap_or_else(|| panic!("no playbook for provider `{id}`"));
            assert_eq!(p.id, id, "`{id}` resolves only through an alias");
        }
        assert!(lib.get(GENERIC).is_some());
    }

    #[test]
    fn at_least_twenty_common_providers_besides_the_seeds() {
        let lib = Library::bundled();
        let seeds = [
            "customerio",
            "chiefapp",
            "cloudsight",
            "messagebird",
            "freshchat",
        ];
        for s in seeds {
            assert!(lib.get(s).is_some(), "{s}");
        }
        assert!(
            lib.iter()
                .filter(|(p, _)| !seeds.contains(&p.id.as_str()) && p.id != GENERIC)
                .count()
                >= 20
        );
    }

    #[test]
    fn playbooks_are_specific_not_copies_of_each_other() {
        let lib = Library::bundled();
        let mut grants = std::collections::BTreeSet::new();
        for (p, _) in lib.iter() {
            assert!(
                grants.insert(p.grants.clone()),
                "{} repeats another playbook's `grants`",
                p.id
            );
            assert!(p.checklist.len() >= 3, "{} has a thin checklist", p.id);
        }
    }

    #[test]
    fn schema_errors_name_the_field() {
        let good = bundled::FILES
            .iter()
            .find(|(f, _)| *f == "aws.json")
            .unwrap()
            .1;
        let mut v: serde_json::Value = serde_json::from_str(good).unwrap();
        v["checklist"][1]["id"] = v["checklist"][0]["id"].clone();
        let e = Playbook::parse("x.json", &v.to_string()).unwrap_err();
        assert!(e.message.starts_with("field `checklist[1].id`"), "{e}");
        v["risks"] = serde_json::json!("one string");
        let e = Playbook::parse("x.json", &v.to_string()).unwrap_err();
        assert!(
            e.message.contains("field `risks`") && e.line.is_some(),
            "{e}"
        );
        let e = Playbook::parse("x.json", r#"{"id":"x","nmae":"typo"}"#).unwrap_err();
        assert!(e.message.contains("nmae"), "{e}");
    }

    #[test]
    fn lookup_by_alias_and_suggestions() {
        let lib = Library::bundled();
        assert_eq!(
            lib.get("Bird").map(|(p, _)| p.id.as_str()),
            Some("messagebird")
        );
        assert_eq!(lib.get("AWS").map(|(p, _)| p.id.as_str()), Some("aws"));
        assert!(lib.closest("githb").contains(&"github"));
        assert!(lib.closest("messagebrd").contains(&"messagebird"));
        assert_eq!(lib.for_provider(None).map(|p| p.id.as_str()), Some(GENERIC));
        assert_eq!(
            lib.for_provider(Some("nope")).map(|p| p.id.as_str()),
            Some(GENERIC)
        );
    }
}
