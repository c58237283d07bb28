//! The incident record: for each selected secret, what leaked (provider, kind, redacted value,
//! fingerprint), where and since when (every place, with the commit and date where known), which
//! tools found it and whether one verified it live, who decided what and when (allowlist
//! entries), the checklist with who ticked each step and when, and the notes. Written as
//! Markdown, JSON or one self-contained HTML file. Never a raw secret: values are redacted and
//! code lines masked.

mod html;
mod markdown;

use serde::Serialize;

use crate::finding::{Finding, Verified};
use crate::tui::model::Model;

/// The whole record.
#[derive(Debug, Serialize)]
pub struct Incident {
    pub generated_at: String,
    /// How the secrets were chosen (the filter words, or "all").
    pub selection: String,
    pub secrets: Vec<Secret>,
}

#[derive(Debug, Serialize)]
pub struct Secret {
    pub provider: Option<String>,
    /// The provider's name from its playbook (`MessageBird (Bird)`), else the rule.
    pub name: String,
    pub rule: String,
    pub redacted: String,
    pub fingerprint: String,
    pub tools: Vec<String>,
    /// Who verified it live, when a tool did.
    pub verified_live_by: Option<String>,
    pub status: String,
    pub status_set: Option<Stamp>,
    pub places: Vec<Place>,
    /// The earliest commit date among the places, where known.
    pub first_seen: Option<String>,
    pub decisions: Vec<Decision>,
    pub checklist: Vec<Step>,
    pub notes: Vec<Note>,
    /// The fix snippet taken for it in the screen, when one was.
    pub fix: Option<FixTaken>,
}

#[derive(Debug, Serialize)]
pub struct FixTaken {
    /// The method in words (`HashiCorp Vault`).
    pub method: String,
    pub lang: String,
    pub by: String,
    pub at: String,
}

#[derive(Debug, Serialize)]
pub struct Place {
    pub file: String,
    pub line: Option<u32>,
    pub commit: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    /// The code line, the secret masked.
    pub code: Option<String>,
    /// For history findings: `still in HEAD`, `removed in 8b27e4f1`...
    pub history: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Stamp {
    pub by: String,
    pub at: String,
}

#[derive(Debug, Serialize)]
pub struct Decision {
    pub kind: String,
    pub scope: String,
    pub reason: String,
    pub decided_by: String,
    pub decided_at: String,
    pub expires: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Step {
    pub id: String,
    pub title: String,
    pub done: Option<Stamp>,
}

#[derive(Debug, Serialize)]
pub struct Note {
    pub text: String,
    pub by: String,
    pub at: String,
}

/// The output form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
    Html,
}

impl Format {
    pub fn named(name: &str) -> Option<Self> {
        match name {
            "markdown" | "md" => Some(Self::Markdown),
            "json" => Some(Self::Json),
            "html" => Some(Self::Html),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::Json => "json",
            Self::Html => "html",
        }
    }
}

/// The record of `groups` (indices into the model's secrets).
pub fn gather(m: &Model, groups: &[usize], selection: &str, now: &str) -> Incident {
    let secrets = groups.iter().map(|&g| secret(m, g)).collect();
    Incident {
        generated_at: now.to_owned(),
        selection: selection.to_owned(),
        secrets,
    }
}

fn secret(m: &Model, g: usize) -> Secret {
    let group = &m.groups[g];
    let places: Vec<&Finding> = group.members.iter().map(|&i| &m.findings[i]).collect();
    let first = places[0];
    let playbook = m.playbooks.for_provider(first.provider.as_deref());
    let record = m.triage.get(&group.fingerprint);
    let ticks = record.map(|r| &r.checklist);
    let verified_live_by = places.iter().any(|f| f.verified == Verified::Yes).then(|| {
        crate::live::verified_by(places.iter().copied()).unwrap_or_else(|| "a tool".into())
    });
    let mut tools: Vec<String> = places
        .iter()
        .flat_map(|f| f.tools())
        .map(str::to_owned)
        .collect();
    tools.sort();
    tools.dedup();
    Secret {
        provider: first.provider.clone(),
        name: playbook.map_or_else(|| first.rule().to_owned(), |p| p.name.clone()),
        rule: first.rule().to_owned(),
        redacted: first.redacted.clone(),
        fingerprint: group.fingerprint.clone(),
        tools,
        verified_live_by,
        status: m.status(g).words().to_owned(),
        status_set: record
            .and_then(|r| r.status_changed.as_ref())
            .map(|s| Stamp {
                by: s.by.clone(),
                at: s.at.clone(),
            }),
        first_seen: places.iter().filter_map(|f| f.date.clone()).min(),
        places: places
            .iter()
            .map(|f| Place {
                file: f.file.clone(),
                line: f.line,
                commit: f.commit.clone(),
                author: f.author.clone(),
                date: f.date.clone(),
                code: f.masked_context().map(|c| c.trim().to_owned()),
                history: f
                    .history
                    .as_deref()
                    .map(|h| crate::output::text::history_note(f.commit.as_deref(), h)),
            })
            .collect(),
        decisions: m
            .allowlist
            .entries
            .iter()
            .filter(|e| e.fingerprint == group.fingerprint)
            .map(|e| Decision {
                kind: e.kind.words().to_owned(),
                scope: e.path.clone().unwrap_or_else(|| "everywhere".to_owned()),
                reason: e.reason.clone(),
                decided_by: e.decided_by.clone(),
                decided_at: e.decided_at.clone(),
                expires: e.expires.clone(),
            })
            .collect(),
        checklist: playbook
            .map(|p| {
                p.checklist
                    .iter()
                    .map(|s| Step {
                        id: s.id.clone(),
                        title: s.title.clone(),
                        done: ticks.and_then(|t| t.get(&s.id)).map(|t| Stamp {
                            by: t.by.clone(),
                            at: t.at.clone(),
                        }),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        fix: record.and_then(|r| r.fix.as_ref()).map(|x| FixTaken {
            method: crate::fix::Method::named(&x.method)
                .map_or_else(|| x.method.clone(), |m| m.title().to_owned()),
            lang: x.lang.clone(),
            by: x.by.clone(),
            at: x.at.clone(),
        }),
        notes: record
            .map(|r| {
                r.notes
                    .iter()
                    .map(|n| Note {
                        text: n.text.clone(),
                        by: n.by.clone(),
                        at: n.at.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// The record in `format`.
pub fn write(incident: &Incident, format: Format) -> String {
    match format {
        Format::Markdown => markdown::write(incident),
        Format::Html => html::write(incident),
        Format::Json => {
            let mut out = Vec::new();
            let _ = crate::safe_json::to_writer_pretty(&mut out, incident);
            String::from_utf8_lossy(&out).into_owned() + "\n"
        }
    }
}
