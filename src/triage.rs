//! Triage progress per secret: a status, the ticked checklist steps, notes. Kept in
//! `.leakdesk/triage.json` beside the allowlist (no secrets in it), written through
//! [`crate::store`] so it survives crashes and concurrent edits.
//!
//! It records work in progress; the reviewed decisions that CI honours are the allowlist's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::InputError;
use crate::finding::Status;

pub const FILE_NAME: &str = "triage.json";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TriageFile {
    #[serde(default = "version")]
    pub version: u32,
    /// By fingerprint: sorted, so the file diffs well.
    #[serde(default)]
    pub findings: BTreeMap<String, Record>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn version() -> u32 {
    VERSION
}

impl Default for TriageFile {
    fn default() -> Self {
        Self {
            version: VERSION,
            findings: BTreeMap::new(),
            extra: Map::new(),
        }
    }
}

impl crate::store::Document for TriageFile {
    /// Record by record: a record whose fingerprint, stamps or step ids are malformed is reported
    /// with its line and left out.
    fn parse(name: &str, text: &str) -> Result<(Self, Vec<InputError>), InputError> {
        use serde_json::value::RawValue;
        #[derive(Deserialize)]
        struct Shape<'a> {
            #[serde(borrow, default)]
            findings: Option<BTreeMap<String, &'a RawValue>>,
        }
        let (version, extra) = crate::store::header(name, text, "findings", VERSION)?;
        let shape: Shape<'_> = crate::store::parse_borrowed(name, text)?;
        let mut file = Self {
            version,
            findings: BTreeMap::new(),
            extra,
        };
        let mut problems = Vec::new();
        for (fingerprint, raw) in shape.findings.unwrap_or_default() {
            let checked = crate::store::parse_part::<Record>(name, text, raw.get()).and_then(|r| {
                crate::validate::fingerprint(&fingerprint)
                    .and_then(|()| r.validate())
                    .map(|()| r)
                    .map_err(|m| {
                        let m = m.to_string();
                        let (line, column) = crate::store::position(text, raw.get());
                        InputError::new(name, m).at(line, column)
                    })
            });
            match checked {
                Ok(r) => {
                    file.findings.insert(fingerprint, r);
                }
                Err(mut e) => {
                    e.message = format!("triage record left out: {}", e.message);
                    problems.push(e);
                }
            }
        }
        Ok((file, problems))
    }
}

impl Record {
    /// Checks the stamps and step ids.
    pub fn validate(&self) -> Result<(), crate::validate::FieldError> {
        if let Some(s) = &self.status_changed {
            crate::validate::timestamp("status_changed.at", &s.at)?;
        }
        for (step, s) in &self.checklist {
            crate::validate::step_id(step)?;
            crate::validate::timestamp("checklist.at", &s.at)?;
        }
        for n in &self.notes {
            crate::validate::timestamp("notes.at", &n.at)?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    #[serde(default)]
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_changed: Option<Stamp>,
    /// Ticked checklist steps by step id (the playbook's stable ids).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub checklist: BTreeMap<String, Stamp>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// The fix snippet taken for it (from the screen's fix view), for the incident record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<FixTaken>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// When and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub at: String,
    pub by: String,
}

/// Which fix was taken, by whom and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixTaken {
    /// `env`, `aws`, `vault` or `conjur`.
    pub method: String,
    pub lang: String,
    pub at: String,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub at: String,
    pub by: String,
    pub text: String,
}

impl TriageFile {
    pub fn get(&self, fingerprint: &str) -> Option<&Record> {
        self.findings.get(fingerprint)
    }

    /// Sets the status. `expected` is the status the caller last saw: when someone else changed it
    /// since, the change is refused rather than lost.
    pub fn set_status(
        &mut self,
        fingerprint: &str,
        status: Status,
        expected: Option<Status>,
        stamp: Stamp,
    ) -> Result<(), StatusConflict> {
        let record = self.findings.entry(fingerprint.to_owned()).or_default();
        if let Some(expected) = expected
            && record.status != expected
        {
            return Err(StatusConflict {
                status: record.status,
                changed: record.status_changed.clone(),
            });
        }
        record.status = status;
        record.status_changed = Some(stamp);
        Ok(())
    }

    /// Ticks (or unticks) a checklist step; ticking twice keeps the first tick.
    pub fn tick(&mut self, fingerprint: &str, step: &str, done: bool, stamp: Stamp) {
        let record = self.findings.entry(fingerprint.to_owned()).or_default();
        if done {
            record.checklist.entry(step.to_owned()).or_insert(stamp);
        } else {
            record.checklist.remove(step);
        }
        self.drop_if_empty(fingerprint);
    }

    /// Records the fix snippet taken for a secret (the last one taken counts).
    pub fn take_fix(&mut self, fingerprint: &str, method: &str, lang: &str, stamp: Stamp) {
        let record = self.findings.entry(fingerprint.to_owned()).or_default();
        record.fix = Some(FixTaken {
            method: method.to_owned(),
            lang: lang.to_owned(),
            at: stamp.at,
            by: stamp.by,
        });
    }

    pub fn add_note(&mut self, fingerprint: &str, text: &str, stamp: Stamp) {
        let record = self.findings.entry(fingerprint.to_owned()).or_default();
        record.notes.push(Note {
            at: stamp.at,
            by: stamp.by,
            text: text.to_owned(),
        });
    }

    fn drop_if_empty(&mut self, fingerprint: &str) {
        if self
            .findings
            .get(fingerprint)
            .is_some_and(|r| *r == Record::default())
        {
            self.findings.remove(fingerprint);
        }
    }
}

/// The status changed meanwhile: to this, by whom and when (when known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusConflict {
    pub status: Status,
    pub changed: Option<Stamp>,
}

impl std::fmt::Display for StatusConflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "its status was changed to {}", self.status.as_str())?;
        if let Some(s) = &self.changed {
            write!(
                f,
                " by {} at {}",
                crate::sanitize::clean(&s.by),
                crate::sanitize::clean(&s.at)
            )?;
        }
        f.write_str(" meanwhile")
    }
}

impl std::error::Error for StatusConflict {}

impl From<StatusConflict> for String {
    fn from(e: StatusConflict) -> Self {
        e.to_string()
    }
}

/// The state file for a repository: `triage.json` beside the allowlist.
pub fn locate(allowlist: &Path) -> PathBuf {
    allowlist.with_file_name(FILE_NAME)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(at: &str) -> Stamp {
        Stamp {
            at: at.into(),
            by: "Dana".into(),
        }
    }

    #[test]
    fn ticks_are_idempotent_and_untickable() {
        let mut t = TriageFile::default();
        t.tick("fp", "create-replacement", true, stamp("t1"));
        t.tick("fp", "create-replacement", true, stamp("t2"));
        assert_eq!(
            t.get("fp").unwrap().checklist["create-replacement"].at,
            "t1"
        );
        t.tick("fp", "create-replacement", false, stamp("t3"));
        assert!(t.get("fp").is_none(), "an empty record is not kept");
    }

    #[test]
    fn a_status_changed_meanwhile_is_a_conflict() {
        let mut t = TriageFile::default();
        t.set_status("fp", Status::Investigating, Some(Status::Open), stamp("t1"))
            .unwrap();
        let err = t
            .set_status("fp", Status::Revoked, Some(Status::Open), stamp("t2"))
            .unwrap_err();
        assert!(
            err.to_string().contains("investigating by Dana at t1"),
            "{err}"
        );
        t.set_status(
            "fp",
            Status::Revoked,
            Some(Status::Investigating),
            stamp("t3"),
        )
        .unwrap();
        assert_eq!(t.get("fp").unwrap().status, Status::Revoked);
    }

    #[test]
    fn round_trips_with_unknown_fields() {
        let text = r#"{"version":1,"findings":{"fp":{"status":"investigating","owner":"sec-team",
            "checklist":{"rotate":{"at":"t","by":"d"}}}},"x":true}"#;
        let t: TriageFile = serde_json::from_str(text).unwrap();
        let out = serde_json::to_string(&t).unwrap();
        assert!(
            out.contains("\"owner\":\"sec-team\"") && out.contains("\"x\":true"),
            "{out}"
        );
    }
}
