//! leakdesk's own JSON, `{"version":1,"findings":[...]}`: written by `list --format json` and read
//! back without loss. One record type serves both directions so they cannot drift apart.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::json::{Doc, Shape};
use super::{Cx, first_record};
use crate::error::InputError;
use crate::finding::{Basis, Detection, Finding, Label, Secret, Status, Verified};

pub const VERSION: u32 = 1;

pub fn recognise(docs: &[Shape]) -> Result<(), String> {
    let Some(first) = docs.first().filter(|d| d.is_object()) else {
        return Err("not a JSON object".into());
    };
    if !first.has("version") || !first.get("findings").is_some_and(Shape::is_array) {
        return Err("no `version` and `findings` array".into());
    }
    match first.get("findings").and_then(Shape::first) {
        None => Ok(()),
        Some(item) => super::require(Some(item), &["fingerprint", "rule", "file"], "findings")
            .or_else(|e| {
                if first_record(docs).is_some() {
                    Err(e)
                } else {
                    Ok(())
                }
            }),
    }
}

/// The file: written with any serialisable list of records, read with a `Vec`.
#[derive(Serialize, Deserialize)]
pub struct Document<F> {
    pub version: u32,
    pub findings: F,
}

/// One finding as written. Field order is the order in the file.
#[derive(Serialize, Deserialize)]
pub struct Record<'a> {
    pub fingerprint: Cow<'a, str>,
    pub provider: Option<Cow<'a, str>>,
    pub rule: Cow<'a, str>,
    pub file: Cow<'a, str>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub commit: Option<Cow<'a, str>>,
    pub author: Option<Cow<'a, str>>,
    pub email: Option<Cow<'a, str>>,
    pub date: Option<Cow<'a, str>>,
    pub tools: Vec<Cow<'a, str>>,
    pub verified: Verified,
    /// The tools that verified it live.
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    pub verified_by: Cow<'a, [String]>,
    pub redacted: Cow<'a, str>,
    pub status: Status,
    /// What the fingerprint hashes: `secret`, `report-hash` or `location`.
    pub fingerprint_basis: Basis,
    pub secret_in_report: bool,
    /// The code line, with the secret masked unless `--reveal`.
    pub context: Option<Cow<'a, str>>,
    /// The lines before and after `context`, masked like it; absent when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_before: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_after: Option<Cow<'a, str>>,
    pub label: Option<Label>,
    pub detections: Cow<'a, [Detection]>,
    /// The raw secret: written only with `--reveal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<Cow<'a, str>>,
    /// For a finding in git history: commits carrying it, refs reaching it, whether HEAD has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<Cow<'a, crate::finding::History>>,
}

impl<'a> Record<'a> {
    /// `status` is the finding's verdict (a decision, not part of what the tools reported).
    pub fn new(f: &'a Finding, status: Status, reveal: bool) -> Self {
        let b = |s: &'a Option<String>| s.as_deref().map(Cow::Borrowed);
        let secret = f
            .secret
            .as_ref()
            .filter(|_| reveal)
            .map(|s| Cow::Borrowed(s.expose()));
        let around = if reveal {
            f.around.clone()
        } else {
            f.masked_around()
        };
        let context = if reveal {
            b(&f.context)
        } else {
            f.masked_context().map(Cow::Owned)
        };
        Self {
            fingerprint: Cow::Borrowed(&f.fingerprint),
            provider: b(&f.provider),
            rule: Cow::Borrowed(f.rule()),
            file: Cow::Borrowed(&f.file),
            line: f.line,
            column: f.column,
            commit: b(&f.commit),
            author: b(&f.author),
            email: b(&f.email),
            date: b(&f.date),
            tools: f.tools().into_iter().map(Cow::Borrowed).collect(),
            verified: f.verified,
            verified_by: Cow::Borrowed(&f.verified_by),
            redacted: Cow::Borrowed(&f.redacted),
            status,
            fingerprint_basis: f.basis,
            secret_in_report: f.secret_in_report(),
            context,
            context_before: around.as_ref().map(|(b, _)| Cow::Owned(b.clone())),
            context_after: around.map(|(_, a)| Cow::Owned(a)),
            label: f.label,
            detections: Cow::Borrowed(&f.detections),
            secret,
            history: f.history.as_deref().map(Cow::Borrowed),
        }
    }

    pub fn into_finding(self) -> Finding {
        let own = |s: Option<Cow<'_, str>>| s.map(Cow::into_owned);
        let mut detections = self.detections.into_owned();
        if detections.is_empty() {
            // Hand-written files may list only `tools` and `rule`.
            detections = self
                .tools
                .iter()
                .map(|t| Detection {
                    tool: t.to_string(),
                    rule: self.rule.to_string(),
                    native_id: None,
                })
                .collect();
        }
        Finding {
            fingerprint: self.fingerprint.into_owned(),
            basis: self.fingerprint_basis,
            provider: own(self.provider),
            file: self.file.into_owned(),
            line: self.line,
            column: self.column,
            commit: own(self.commit),
            author: own(self.author),
            email: own(self.email),
            date: own(self.date),
            secret: self.secret.map(|s| Secret::new(s.into_owned())),
            redacted: self.redacted.into_owned(),
            context: own(self.context),
            around: match (self.context_before, self.context_after) {
                (None, None) => None,
                (b, a) => Some((
                    b.map(Cow::into_owned).unwrap_or_default(),
                    a.map(Cow::into_owned).unwrap_or_default(),
                )),
            },
            detections,
            verified: self.verified,
            verified_by: self.verified_by.into_owned(),
            label: self.label,
            history: self.history.map(|h| Box::new(h.into_owned())),
        }
    }
}

pub fn import(docs: &[Doc<'_>], cx: &Cx<'_>) -> Result<Vec<Finding>, InputError> {
    let mut out = Vec::new();
    for doc in docs {
        #[derive(Deserialize)]
        struct Version {
            version: u32,
        }
        let v: Version = doc.parse(cx.input)?;
        if v.version != VERSION {
            return Err(cx
                .error(format!("written by a leakdesk with report version {}; this one reads version {VERSION}", v.version))
                .hint("use the leakdesk that wrote it, or upgrade this one"));
        }
        let d: Document<Vec<Record<'static>>> = doc.parse(cx.input)?;
        out.extend(d.findings.into_iter().map(Record::into_finding));
    }
    Ok(out)
}
