//! The incident record as Markdown, for a ticket or a post-incident review. Every value from a
//! report or the repository is cleaned of control characters and kept out of Markdown syntax
//! where it would change the layout (code spans for paths and values).

use std::fmt::Write as _;

use super::Incident;
use crate::sanitize::one_line;

/// `text` inside a code span that no backtick in it can close.
fn code(text: &str) -> String {
    let text = one_line(text);
    let fence = if text.contains('`') { "`` " } else { "`" };
    let close = if text.contains('`') { " ``" } else { "`" };
    format!("{fence}{text}{close}")
}

pub fn write(r: &Incident) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Leaked secrets: incident record\n");
    let _ = writeln!(
        out,
        "Generated {} by leakdesk for {} ({} secret{}). Values are redacted; no secret is in this record.\n",
        one_line(&r.generated_at),
        one_line(&r.selection),
        r.secrets.len(),
        if r.secrets.len() == 1 { "" } else { "s" }
    );
    for s in &r.secrets {
        let _ = writeln!(out, "## {} {}\n", one_line(&s.name), code(&s.redacted));
        let _ = writeln!(out, "- Rule: {}", code(&s.rule));
        let _ = writeln!(out, "- Fingerprint: {}", code(&s.fingerprint));
        let _ = writeln!(out, "- Found by: {}", one_line(&s.tools.join(", ")));
        let _ = writeln!(
            out,
            "- Verified live: {}",
            s.verified_live_by.as_deref().map_or_else(
                || "no tool verified it (it may still work)".to_owned(),
                |by| { format!("yes, by {}", one_line(by)) }
            )
        );
        let _ = write!(out, "- Status: {}", one_line(&s.status));
        if let Some(st) = &s.status_set {
            let _ = write!(out, " (set by {}, {})", one_line(&st.by), one_line(&st.at));
        }
        out.push('\n');
        if let Some(first) = &s.first_seen {
            let _ = writeln!(out, "- First seen: {}", one_line(first));
        }
        let _ = writeln!(out, "\n### Where\n");
        for p in &s.places {
            let at = match p.line {
                Some(l) => format!("{}:{l}", p.file),
                None => p.file.clone(),
            };
            let _ = write!(out, "- {}", code(&at));
            if let Some(c) = &p.commit {
                let _ = write!(out, " in commit {}", code(c.get(..12).unwrap_or(c)));
            }
            if let Some(a) = &p.author {
                let _ = write!(out, " by {}", one_line(a));
            }
            if let Some(d) = &p.date {
                let _ = write!(out, " on {}", one_line(d));
            }
            if let Some(h) = &p.history {
                let _ = write!(out, "; {}", one_line(h));
            }
            out.push('\n');
            if let Some(line) = &p.code {
                let _ = writeln!(out, "  - code: {}", code(line));
            }
        }
        if !s.decisions.is_empty() {
            let _ = writeln!(out, "\n### Decisions\n");
            for d in &s.decisions {
                let _ = write!(
                    out,
                    "- {} ({}) by {} on {}: {}",
                    one_line(&d.kind),
                    one_line(&d.scope),
                    one_line(&d.decided_by),
                    one_line(&d.decided_at),
                    one_line(&d.reason)
                );
                if let Some(e) = &d.expires {
                    let _ = write!(out, " (until {})", one_line(e));
                }
                out.push('\n');
            }
        }
        if !s.checklist.is_empty() {
            let _ = writeln!(out, "\n### Revocation checklist\n");
            for step in &s.checklist {
                match &step.done {
                    Some(t) => {
                        let _ = writeln!(
                            out,
                            "- [x] {} ({}, {})",
                            one_line(&step.title),
                            one_line(&t.by),
                            one_line(&t.at)
                        );
                    }
                    None => {
                        let _ = writeln!(out, "- [ ] {}", one_line(&step.title));
                    }
                }
            }
        }
        if !s.notes.is_empty() {
            let _ = writeln!(out, "\n### Notes\n");
            for n in &s.notes {
                let _ = writeln!(
                    out,
                    "- {} ({}, {})",
                    one_line(&n.text),
                    one_line(&n.by),
                    one_line(&n.at)
                );
            }
        }
        let _ = writeln!(out, "\n### Fix applied\n");
        let _ = match &s.fix {
            Some(x) => writeln!(
                out,
                "The {} snippet for {} was taken by {} on {}; the change itself (commit or pull request) belongs in a note.\n",
                one_line(&x.method),
                one_line(&x.lang),
                one_line(&x.by),
                one_line(&x.at)
            ),
            None => writeln!(
                out,
                "None recorded: take one in the screen (x, then y), and name the change in a note.\n"
            ),
        };
    }
    out
}
