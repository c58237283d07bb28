//! The selected secret: where it is (every place), what reported it, the code around it; and the
//! provider's playbook with its revocation checklist.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{ViewState, wrap};
use crate::finding::Verified;
use crate::sanitize::clean;
use crate::tui::model::{Focus, Model};
use crate::tui::theme::Theme;

/// The detail of the selected secret as lines wrapped to `width`, each with the finding whose
/// place it shows (Enter opens that one in the editor).
pub fn lines(m: &Model, theme: &Theme, width: usize) -> Vec<(Line<'static>, Option<usize>)> {
    let Some(g) = m.selected_group() else {
        return Vec::new();
    };
    let group = &m.groups[g];
    let first = group.members[0];
    let f = &m.findings[first];
    let mut rows: Vec<(&str, Vec<Span<'static>>, Option<usize>)> = Vec::new();
    let revealed = m.revealed.as_deref() == Some(group.fingerprint.as_str());
    let secret = match (&f.secret, revealed) {
        (Some(s), true) => vec![Span::styled(clean(s.expose()).into_owned(), theme.revealed)],
        _ => vec![
            Span::styled(clean(&f.redacted).into_owned(), theme.redacted),
            Span::styled("  (r reveals)", theme.muted),
        ],
    };
    rows.push(("secret", secret, None));
    let mut where_ = clean(&f.file).into_owned();
    if let Some(l) = f.line {
        where_.push_str(&format!(" line {l}"));
    }
    if let Some(c) = f.column {
        where_.push_str(&format!(" column {c}"));
    }
    rows.push(("where", vec![Span::styled(where_, theme.base)], Some(first)));
    if let Some(c) = &f.commit {
        let who = [
            f.author.as_deref(),
            f.email.as_deref().map(|e| e.trim_matches(['<', '>'])),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        let text = format!(
            "{} {} {}",
            &c[..c.len().min(12)],
            who,
            f.date.as_deref().unwrap_or("")
        );
        rows.push((
            "commit",
            vec![Span::styled(clean(&text).into_owned(), theme.base)],
            None,
        ));
    }
    // The history of the secret, from whichever place has it (the working tree's has none).
    if let Some(h) = group
        .members
        .iter()
        .find_map(|&i| m.findings[i].history.as_deref())
    {
        let (text, style) = match &h.in_head {
            crate::finding::InHead::File => ("still in HEAD".to_owned(), theme.live),
            crate::finding::InHead::Elsewhere => {
                ("in HEAD, in another file".to_owned(), theme.live)
            }
            crate::finding::InHead::Removed(Some(c)) => (
                format!(
                    "removed in {}: every clone made before still has it",
                    c.get(..12).unwrap_or(c)
                ),
                theme.warn,
            ),
            crate::finding::InHead::Removed(None) => (
                "not in HEAD: every clone made before still has it".to_owned(),
                theme.warn,
            ),
        };
        rows.push((
            "history",
            vec![
                Span::styled(text, style),
                Span::styled(
                    format!(
                        "  (in {} commit{})",
                        h.commits,
                        if h.commits == 1 { "" } else { "s" }
                    ),
                    theme.muted,
                ),
            ],
            None,
        ));
        const REFS: usize = 6;
        let mut refs: Vec<String> = h
            .refs
            .iter()
            .take(REFS)
            .map(|r| clean(r).into_owned())
            .collect();
        if h.refs.len() > REFS {
            refs.push(format!("and {} more", h.refs.len() - REFS));
        }
        if !refs.is_empty() {
            rows.push((
                "refs",
                vec![Span::styled(refs.join(", "), theme.base)],
                None,
            ));
        }
    }
    let places = group.members.iter().map(|&i| &m.findings[i]);
    let verified = match f.verified {
        Verified::Yes => Span::styled(
            format!(
                "verified LIVE by {}: treat as an incident",
                crate::live::verified_by(places).unwrap_or_else(|| "a tool".into())
            ),
            theme.live,
        ),
        // trufflehog's `Verified: false` also means "not checked": never read it as dead.
        Verified::No => Span::styled(
            "not verified: a tool could not confirm it works (it may still)",
            theme.base,
        ),
        Verified::Unknown => Span::styled("not verified", theme.muted),
    };
    rows.push((
        "tools",
        vec![
            Span::styled(format!("{}  ", f.tools().join(", ")), theme.base),
            verified,
        ],
        None,
    ));
    // The handoff: who set the status and when, and the latest notes.
    if let Some(r) = m.triage.get(&group.fingerprint) {
        if let Some(st) = &r.status_changed {
            let text = format!("{} (by {}, {})", r.status.words(), st.by, when(&st.at));
            rows.push((
                "status",
                vec![Span::styled(clean(&text).into_owned(), theme.base)],
                None,
            ));
        }
        const SHOWN: usize = 3;
        for n in r.notes.iter().rev().take(SHOWN) {
            rows.push((
                "note",
                vec![
                    Span::styled(clean(&n.text).into_owned(), theme.base),
                    Span::styled(
                        clean(&format!("  ({}, {})", n.by, when(&n.at))).into_owned(),
                        theme.muted,
                    ),
                ],
                None,
            ));
        }
        if r.notes.len() > SHOWN {
            rows.push((
                "",
                vec![Span::styled(
                    format!(
                        "{} older notes: leakdesk triage show {}",
                        r.notes.len() - SHOWN,
                        crate::allowlist::short(&group.fingerprint)
                    ),
                    theme.muted,
                )],
                None,
            ));
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
        let dim = |t: &str| vec![Span::styled(clean(t.trim_end()).into_owned(), theme.muted)];
        let before = around
            .as_ref()
            .map(|(b, _)| b.as_str())
            .filter(|b| !b.trim().is_empty());
        if let Some(before) = before {
            rows.push(("code", dim(before), Some(first)));
        }
        rows.push((
            if before.is_some() { "" } else { "code" },
            vec![Span::styled(
                clean(shown.trim_end()).into_owned(),
                theme.base,
            )],
            Some(first),
        ));
        if let Some((_, after)) = &around
            && !after.trim().is_empty()
        {
            rows.push(("", dim(after), Some(first)));
        }
    }
    if let Some(e) = m.allowlisted(g) {
        let text = format!(
            "{}: {} ({}, {})",
            e.kind.words(),
            clean(&e.reason),
            clean(&e.decided_by),
            e.decided_at.get(..10).unwrap_or("")
        );
        rows.push(("allowed", vec![Span::styled(text, theme.ok)], None));
    } else if let Some(partly) = m.verdict(g).partly() {
        rows.push((
            "allowed",
            vec![Span::styled(
                format!("{partly}; still open where no entry reaches"),
                theme.muted,
            )],
            None,
        ));
    }
    if let Some(p) = m.playbook() {
        rows.push((
            "grants",
            vec![Span::styled(clean(&p.grants).into_owned(), theme.base)],
            None,
        ));
    }
    if group.members.len() > 1 {
        rows.push((
            "also in",
            vec![Span::styled(
                format!(
                    "{} more places (tab here, then enter opens one):",
                    group.members.len() - 1
                ),
                theme.muted,
            )],
            None,
        ));
        for &i in group.members.iter().skip(1) {
            let other = &m.findings[i];
            let mut spans = vec![
                Span::styled(clean(&other.place()).into_owned(), theme.base),
                Span::styled(format!("  ({})", other.tools().join(", ")), theme.muted),
            ];
            if let Some(e) = m.place_entry(i) {
                spans.push(Span::styled(
                    format!("  [allowlisted: {}]", e.kind.words()),
                    theme.ok,
                ));
            }
            rows.push(("", spans, Some(i)));
        }
    }
    rows.into_iter()
        .flat_map(|(label, spans, place)| {
            // The first column is the cursor's: ` secret   ` / `›secret   `.
            wrap::hanging(&format!(" {label:<8}"), theme.muted, &spans, width)
                .into_iter()
                .map(move |l| (l, place))
        })
        .collect()
}

/// `2026-12-03 03:12` from an RFC 3339 time.
fn when(at: &str) -> String {
    at.get(..16).unwrap_or(at).replace('T', " ")
}

pub fn render_detail(
    frame: &mut Frame<'_>,
    area: Rect,
    view: &mut ViewState,
    m: &Model,
    theme: &Theme,
) {
    let focused = m.focus == Focus::Detail;
    let block = super::pane(" Detail ".into(), focused, theme);
    if m.selected_group().is_none() {
        view.detail_places.clear();
        frame.render_widget(
            Paragraph::new("No secret matches the filter. Esc clears it.")
                .style(theme.muted)
                .block(block),
            area,
        );
        return;
    }
    let inner = block.inner(area);
    view.detail_area = Some((inner.y, inner.height, inner.x, inner.x + inner.width));
    let mut lines = lines(m, theme, usize::from(inner.width));
    view.detail_places = lines.iter().map(|(_, p)| *p).collect();
    let height = usize::from(inner.height).max(1);
    let cursor = m.detail_cursor.min(lines.len().saturating_sub(1));
    // The window follows the cursor; unfocused, the pane shows its top.
    if !focused {
        view.detail_offset = 0;
    } else if cursor < view.detail_offset {
        view.detail_offset = cursor;
    } else if cursor >= view.detail_offset + height {
        view.detail_offset = cursor + 1 - height;
    }
    view.detail_offset = view.detail_offset.min(lines.len().saturating_sub(height));
    if focused && let Some((line, _)) = lines.get_mut(cursor) {
        // The cursor line: a marker in the label column (visible without colour) and the
        // selection style.
        if let Some(first) = line.spans.first_mut() {
            let label = first.content.to_string();
            first.content = format!("›{}", label.get(1..).unwrap_or("")).into();
        }
        line.style = theme.selected;
    }
    let total = lines.len();
    let below = total.saturating_sub(view.detail_offset + height);
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(view.detail_offset)
        .take(height)
        .map(|(l, _)| l)
        .collect();
    let hint = match (view.detail_offset > 0, below > 0, focused) {
        (_, true, true) => Some(format!(" ↓ {below} more lines ")),
        (_, true, false) => Some(format!(" ↓ {below} more lines: tab reads them ")),
        (true, false, _) => Some(" ↑ more above ".to_owned()),
        (false, false, _) => None,
    };
    let block = match hint {
        Some(h) => block.title_bottom(Span::styled(h, theme.muted)),
        None => block,
    };
    frame.render_widget(Paragraph::new(shown).block(block), area);
}

pub fn render_checklist(
    frame: &mut Frame<'_>,
    area: Rect,
    view: &mut ViewState,
    m: &Model,
    theme: &Theme,
) {
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
    let fp = m
        .selected_group()
        .map(|g| m.groups[g].fingerprint.as_str())
        .unwrap_or_default();
    let ticks = m.triage.get(fp).map(|r| &r.checklist);
    let done_count = p
        .checklist
        .iter()
        .filter(|s| ticks.is_some_and(|t| t.contains_key(&s.id)))
        .count();
    // The count is in the title, so even a pane of one line says how far the revocation is.
    let title = format!(
        " {}: checklist {done_count}/{} done ",
        clean(&p.name),
        p.checklist.len()
    );
    let block = super::pane(title, focused, theme);
    let inner = block.inner(area);
    let width = usize::from(inner.width);
    let mut lines: Vec<Line> = Vec::new();
    let mut title_lines: Vec<(usize, usize)> = Vec::new();
    let mut cursor_line = 0;
    for (i, step) in p.checklist.iter().enumerate() {
        title_lines.push((lines.len(), i));
        let stamp = ticks.and_then(|t| t.get(&step.id));
        let cursor = focused && i == m.checklist_cursor;
        let mark = if stamp.is_some() { "[x]" } else { "[ ]" };
        let style = match (cursor, stamp.is_some()) {
            (true, _) => theme.selected,
            (false, true) => theme.done,
            (false, false) => theme.todo,
        };
        if cursor {
            cursor_line = lines.len();
        }
        let head = format!("{}{mark} {}. ", if cursor { "›" } else { " " }, i + 1);
        let mut spans = vec![Span::styled(clean(&step.title).into_owned(), style)];
        // The decision has an answer when a tool verified the key live.
        if step.id == "decide-order" && m.selected_group().is_some_and(|g| m.groups[g].live) {
            spans.push(Span::styled(" → LIVE: revoke now", theme.live));
        }
        if let Some(t) = stamp {
            spans.push(Span::styled(
                clean(&format!("  ({}, {})", t.by, when(&t.at))).into_owned(),
                theme.muted,
            ));
        }
        lines.extend(wrap::hanging(&head, style, &spans, width));
        if cursor {
            let pad = " ".repeat(head.chars().count());
            lines.extend(wrap::plain(
                &pad,
                &pad,
                &clean(&step.detail),
                theme.base,
                width,
            ));
            if let Some(loc) = &step.location {
                lines.extend(wrap::plain(
                    &pad,
                    &pad,
                    &format!("where: {}", clean(loc)),
                    theme.muted,
                    width,
                ));
            }
        }
    }
    // Keep the cursor's step and its detail in view.
    let height = usize::from(inner.height);
    let scroll = if focused {
        (cursor_line + 4).saturating_sub(height).min(cursor_line)
    } else {
        0
    };
    // Where each step's title is, for a click to select (or, on its box, tick) it.
    view.checklist_left = inner.x;
    view.checklist_rows = title_lines
        .into_iter()
        .filter(|&(line, _)| line >= scroll && line < scroll + height)
        .map(|(line, step)| (inner.y + (line - scroll) as u16, step))
        .collect();
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll as u16, 0)),
        area,
    );
}
