//! The incident record as one self-contained HTML file: no script, no font, no image, no
//! network; inline styles that print well. Every value is HTML-escaped.

use std::fmt::Write as _;

use super::Incident;
use crate::sanitize::one_line;

/// Text safe inside HTML elements and attributes.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f2328}\
code{font:13px ui-monospace,monospace;background:#f6f8fa;padding:0 .2rem}\
h2{border-top:1px solid #d1d9e0;padding-top:1rem}table{border-collapse:collapse}\
td,th{border:1px solid #d1d9e0;padding:.2rem .5rem;text-align:left;vertical-align:top}\
.live{color:#cf222e;font-weight:bold}.done{color:#1a7f37}\
@media print{body{margin:0;max-width:none}h2{break-before:auto;break-inside:avoid}}";

pub fn write(r: &Incident) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <title>Leaked secrets: incident record</title><style>{STYLE}</style></head><body>\n"
    );
    let _ = writeln!(out, "<h1>Leaked secrets: incident record</h1>");
    let _ = writeln!(
        out,
        "<p>Generated {} by leakdesk for {} ({} secret{}). Values are redacted; no secret is in this record.</p>",
        esc(&r.generated_at),
        esc(&r.selection),
        r.secrets.len(),
        if r.secrets.len() == 1 { "" } else { "s" }
    );
    for s in &r.secrets {
        let _ = writeln!(
            out,
            "<h2>{} <code>{}</code></h2>",
            esc(&s.name),
            esc(&s.redacted)
        );
        let _ = writeln!(out, "<table>");
        let row = |out: &mut String, k: &str, v: String| {
            let _ = writeln!(out, "<tr><th>{k}</th><td>{v}</td></tr>");
        };
        row(&mut out, "Rule", format!("<code>{}</code>", esc(&s.rule)));
        row(
            &mut out,
            "Fingerprint",
            format!("<code>{}</code>", esc(&s.fingerprint)),
        );
        row(&mut out, "Found by", esc(&s.tools.join(", ")));
        row(
            &mut out,
            "Verified live",
            match &s.verified_live_by {
                Some(by) => format!("<span class=\"live\">yes, by {}</span>", esc(by)),
                None => "no tool verified it (it may still work)".into(),
            },
        );
        let mut status = esc(&s.status);
        if let Some(st) = &s.status_set {
            status.push_str(&format!(" (set by {}, {})", esc(&st.by), esc(&st.at)));
        }
        row(&mut out, "Status", status);
        if let Some(first) = &s.first_seen {
            row(&mut out, "First seen", esc(first));
        }
        let _ = writeln!(out, "</table>\n<h3>Where</h3>\n<ul>");
        for p in &s.places {
            let at = match p.line {
                Some(l) => format!("{}:{l}", p.file),
                None => p.file.clone(),
            };
            let _ = write!(out, "<li><code>{}</code>", esc(&at));
            if let Some(c) = &p.commit {
                let _ = write!(
                    out,
                    " in commit <code>{}</code>",
                    esc(c.get(..12).unwrap_or(c))
                );
            }
            if let Some(a) = &p.author {
                let _ = write!(out, " by {}", esc(a));
            }
            if let Some(d) = &p.date {
                let _ = write!(out, " on {}", esc(d));
            }
            if let Some(h) = &p.history {
                let _ = write!(out, "; {}", esc(h));
            }
            if let Some(line) = &p.code {
                let _ = write!(out, "<br><code>{}</code>", esc(line));
            }
            let _ = writeln!(out, "</li>");
        }
        let _ = writeln!(out, "</ul>");
        if !s.decisions.is_empty() {
            let _ = writeln!(out, "<h3>Decisions</h3>\n<ul>");
            for d in &s.decisions {
                let _ = writeln!(
                    out,
                    "<li>{} ({}) by {} on {}: {}{}</li>",
                    esc(&d.kind),
                    esc(&d.scope),
                    esc(&d.decided_by),
                    esc(&d.decided_at),
                    esc(&d.reason),
                    d.expires
                        .as_deref()
                        .map(|e| format!(" (until {})", esc(e)))
                        .unwrap_or_default()
                );
            }
            let _ = writeln!(out, "</ul>");
        }
        if !s.checklist.is_empty() {
            let _ = writeln!(out, "<h3>Revocation checklist</h3>\n<ul>");
            for step in &s.checklist {
                match &step.done {
                    Some(t) => {
                        let _ = writeln!(
                            out,
                            "<li class=\"done\">☑ {} ({}, {})</li>",
                            esc(&step.title),
                            esc(&t.by),
                            esc(&t.at)
                        );
                    }
                    None => {
                        let _ = writeln!(out, "<li>☐ {}</li>", esc(&step.title));
                    }
                }
            }
            let _ = writeln!(out, "</ul>");
        }
        if !s.notes.is_empty() {
            let _ = writeln!(out, "<h3>Notes</h3>\n<ul>");
            for n in &s.notes {
                let _ = writeln!(
                    out,
                    "<li>{} ({}, {})</li>",
                    esc(&n.text),
                    esc(&n.by),
                    esc(&n.at)
                );
            }
            let _ = writeln!(out, "</ul>");
        }
        let fix = match &s.fix {
            Some(x) => format!(
                "The {} snippet for {} was taken by {} on {}; the change itself (commit or pull request) belongs in a note.",
                esc(&x.method),
                esc(&x.lang),
                esc(&x.by),
                esc(&x.at)
            ),
            None => {
                "None recorded: take one in the screen (x, then y), and name the change in a note."
                    .to_owned()
            }
        };
        let _ = writeln!(out, "<h3>Fix applied</h3>\n<p>{fix}</p>");
    }
    let _ = writeln!(out, "</body></html>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_values_is_escaped() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }
}
