//! The selected secret: where it is (every place), what reported it, the code around it; and the
//! provider's playbook with its revocation checklist.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::finding::Verified;
use crate::sanitize::clean;
use crate::tui::model::{Focus, Model};
use crate::tui::theme::Theme;

pub fn render_detail(frame: &mut Frame<'_>, area: Rect, m: &Model, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(Span::styled(" Detail ", theme.title));
    let Some(g) = m.selected_group() else {
        frame.render_widget(
            Paragraph::new("No secret matches the filter. Esc clears it.")
                .style(theme.muted)
                .block(block),
            area,
        );
        return;
    };
    let group = &m.groups[g];
    let f = &m.findings[group.members[0]];
    let label = |s: &str| Span::styled(format!("{s:<9}"), theme.muted);
    let mut lines = Vec::new();
    let revealed = m.revealed.as_deref() == Some(group.fingerprint.as_str());
    let secret = match (&f.secret, revealed) {
        (Some(s), true) => Span::styled(clean(s.expose()).into_owned(), theme.revealed),
        _ => Span::styled(
            format!("{}  (r reveals)", clean(&f.redacted)),
            theme.redacted,
        ),
    };
    lines.push(Line::from(vec![label("secret"), secret]));
    let mut where_ = format!("{}", clean(&f.file));
    if let Some(l) = f.line {
        where_.push_str(&format!(" line {l}"));
    }
    if let Some(c) = f.column {
        where_.push_str(&format!(" column {c}"));
    }
    lines.push(Line::from(vec![label("where"), Span::raw(where_)]));
    if let Some(c) = &f.commit {
        let who = [
            f.author.as_deref(),
            f.email.as_deref().map(|e| e.trim_matches(['<', '>'])),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        lines.push(Line::from(vec![
            label("commit"),
            Span::raw(
                clean(&format!(
                    "{} {} {}",
                    &c[..c.len().min(12)],
                    who,
                    f.date.as_deref().unwrap_or("")
                ))
                .into_owned(),
            ),
        ]));
    }
    let verified = match f.verified {
        Verified::Yes => Span::styled("verified LIVE by a tool: treat as an incident", theme.live),
        // trufflehog's `Verified: false` also means "not checked": never read it as dead.
        Verified::No => Span::styled(
            "not verified: a tool could not confirm it works (it may still)",
            theme.base,
        ),
        Verified::Unknown => Span::styled("not verified", theme.muted),
    };
    lines.push(Line::from(vec![
        label("tools"),
        Span::raw(format!("{}  ", f.tools().join(", "))),
        verified,
    ]));
    // The handoff: who set the status and when, and the latest notes.
    if let Some(r) = m.triage.get(&group.fingerprint) {
        if let Some(st) = &r.status_changed {
            lines.push(Line::from(vec![
                label("status"),
                Span::raw(
                    clean(&format!(
                        "{} (by {}, {})",
                        r.status.as_str().replace('_', " "),
                        st.by,
                        st.at.get(..16).unwrap_or(&st.at).replace('T', " ")
                    ))
                    .into_owned(),
                ),
            ]));
        }
        const SHOWN: usize = 3;
        for n in r.notes.iter().rev().take(SHOWN) {
            lines.push(Line::from(vec![
                label("note"),
                Span::raw(clean(&n.text).into_owned()),
                Span::styled(
                    clean(&format!(
                        "  ({}, {})",
                        n.by,
                        n.at.get(..16).unwrap_or(&n.at).replace('T', " ")
                    ))
                    .into_owned(),
                    theme.muted,
                ),
            ]));
        }
        if r.notes.len() > SHOWN {
            lines.push(Line::from(vec![
                label(""),
                Span::styled(
                    format!(
                        "{} older notes: leakdesk triage show {}",
                        r.notes.len() - SHOWN,
                        crate::allowlist::short(&group.fingerprint)
                    ),
                    theme.muted,
                ),
            ]));
        }
    }
    if let Some(context) = f.context.as_deref() {
        let shown = if revealed {
            context.to_owned()
        } else {
            f.masked_context().unwrap_or_default()
        };
        let around = if revealed {
            f.around.clone()
        } else {
            f.masked_around()
        };
        let dim = |t: &str| Span::styled(clean(t.trim_end()).into_owned(), theme.muted);
        if let Some((before, _)) = &around
            && !before.trim().is_empty()
        {
            lines.push(Line::from(vec![label("code"), dim(before)]));
        }
        let tag = if around.as_ref().is_some_and(|(b, _)| !b.trim().is_empty()) {
            ""
        } else {
            "code"
        };
        lines.push(Line::from(vec![
            label(tag),
            Span::styled(clean(shown.trim_end()).into_owned(), theme.base),
        ]));
        if let Some((_, after)) = &around
            && !after.trim().is_empty()
        {
            lines.push(Line::from(vec![label(""), dim(after)]));
        }
    }

    if let Some(e) = m.allowlisted(g) {
        lines.push(Line::from(vec![
            label("allowed"),
            Span::styled(
                format!(
                    "{}: {} ({}, {})",
                    e.kind.as_str(),
                    clean(&e.reason),
                    clean(&e.decided_by),
                    e.decided_at.get(..10).unwrap_or("")
                ),
                theme.ok,
            ),
        ]));
    } else if let Some(partly) = m.verdict(g).partly() {
        lines.push(Line::from(vec![
            label("allowed"),
            Span::styled(
                format!("{partly}; still open where no entry reaches"),
                theme.muted,
            ),
        ]));
    }
    if let Some(p) = m.playbook() {
        lines.push(Line::from(vec![
            label("grants"),
            Span::styled(clean(&p.grants).into_owned(), theme.muted),
        ]));
    }
    if group.members.len() > 1 {
        lines.push(Line::from(vec![
            label("also in"),
            Span::styled(
                format!("{} more places:", group.members.len() - 1),
                theme.muted,
            ),
        ]));
        for &i in group.members.iter().skip(1) {
            let other = &m.findings[i];
            let allowed = m
                .place_entry(i)
                .map(|e| format!("  [allowlisted: {}]", e.kind.as_str()))
                .unwrap_or_default();
            lines.push(Line::from(format!(
                "         {}  ({}){allowed}",
                clean(&other.place()),
                other.tools().join(", ")
            )));
        }
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

pub fn render_checklist(frame: &mut Frame<'_>, area: Rect, m: &Model, theme: &Theme) {
    let focused = m.focus == Focus::Checklist;
    let Some(p) = m.playbook() else {
        frame.render_widget(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border),
            area,
        );
        return;
    };
    let title = format!(" {}: revocation checklist ", clean(&p.name));
    let block = super::pane(title, focused, theme);
    let fp = m
        .selected_group()
        .map(|g| m.groups[g].fingerprint.as_str())
        .unwrap_or_default();
    let ticks = m.triage.get(fp).map(|r| &r.checklist);
    let mut lines: Vec<Line> = Vec::new();
    for (i, step) in p.checklist.iter().enumerate() {
        let done = ticks.is_some_and(|t| t.contains_key(&step.id));
        let cursor = focused && i == m.checklist_cursor;
        let mark = if done { "[x]" } else { "[ ]" };
        let style = match (cursor, done) {
            (true, _) => theme.selected,
            (false, true) => theme.done,
            (false, false) => theme.todo,
        };
        lines.push(Line::from(Span::styled(
            format!("{mark} {}. {}", i + 1, clean(&step.title)),
            style,
        )));
        if cursor {
            lines.push(Line::from(Span::styled(
                format!("    {}", clean(&step.detail)),
                theme.base,
            )));
            if let Some(loc) = &step.location {
                lines.push(Line::from(Span::styled(
                    format!("    where: {}", clean(loc)),
                    theme.muted,
                )));
            }
        }
    }
    // Keep the cursor in view: scroll so that its line is on screen.
    let cursor_line = m.checklist_cursor as u16;
    let inner = area.height.saturating_sub(2);
    let scroll = (cursor_line + 3).saturating_sub(inner);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}
