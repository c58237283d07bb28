//! Overlays drawn over the screen: the key help and the decision form.

use ratatui::Frame;

use super::ViewState;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::allowlist::Kind;
use crate::tui::model::{FormField, Model, Overlay};
use crate::tui::theme::Theme;

pub fn render(frame: &mut Frame<'_>, area: Rect, view: &mut ViewState, m: &Model, theme: &Theme) {
    let playbook_text = match &m.overlay {
        Some(Overlay::Playbook { .. }) => m
            .playbook()
            .map(|p| crate::playbook::render::text(p, &crate::playbook::Source::Bundled)),
        _ => None,
    };
    let groups = &m.groups;
    let (list, today) = (&m.allowlist, m.today.as_str());
    let entries = &list.entries;
    let facets = &m.facets;
    let allowlist_len = entries.len();
    match &m.overlay {
        Some(Overlay::Facets { cursor, items }) => {
            let popup = centered(area, 64, area.height.saturating_sub(2));
            frame.render_widget(Clear, popup);
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border_focused)
                .title(Span::styled(
                    " Narrow by (space toggles, esc back) ",
                    theme.title,
                ));
            let mut lines = Vec::new();
            let mut cursor_line = 0;
            let mut last = None;
            for (i, (field, value, count)) in items.iter().enumerate() {
                if last != Some(*field) {
                    lines.push(Line::from(Span::styled(
                        format!("{}:", field.label()),
                        theme.title,
                    )));
                    last = Some(*field);
                }
                let on = facets.iter().any(|(f, v)| f == field && v == value);
                let style = if i == *cursor {
                    theme.selected
                } else if on {
                    theme.key
                } else {
                    theme.base
                };
                if i == *cursor {
                    cursor_line = lines.len();
                }
                lines.push(Line::from(Span::styled(
                    format!(
                        "  [{}] {:<44}{:>8}",
                        if on { "x" } else { " " },
                        clip(&crate::sanitize::clean(value), 43),
                        super::thousands(*count)
                    ),
                    style,
                )));
            }
            let rows = usize::from(popup.height.saturating_sub(2));
            let scroll = cursor_line.saturating_sub(rows.saturating_sub(2)) as u16;
            frame.render_widget(
                Paragraph::new(lines).block(block).scroll((scroll, 0)),
                popup,
            );
        }
        Some(Overlay::Allowlist {
            cursor,
            health,
            live,
        }) => {
            let popup = centered(
                area,
                area.width.saturating_sub(2),
                area.height.saturating_sub(2),
            );
            frame.render_widget(Clear, popup);
            let title = format!(
                " Allowlist: {} entries (e edit, d remove, esc back) ",
                allowlist_len
            );
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border_focused)
                .title(Span::styled(title, theme.title));
            let mut lines = vec![Line::from(Span::styled(
                format!(
                    "{:<13}{:<16}{:<20}{:>5}  {:<17}{}",
                    "FINGERPRINT", "KIND", "SCOPE", "HIDES", "STATE", "REASON · DECIDED BY · ON"
                ),
                theme.header,
            ))];
            if allowlist_len == 0 {
                lines.push(Line::from(Span::styled(
                    "No decisions yet: f, t, R or A on a secret records one.",
                    theme.muted,
                )));
            }
            let rows = crate::allowlist::table::rows(list, Some(health), Some(live), today);
            for (i, r) in rows.iter().enumerate() {
                let stale = r.state.is_some_and(crate::allowlist::Health::is_stale);
                let state_style = if stale { theme.warn } else { theme.ok };
                let style = if i == *cursor {
                    theme.selected
                } else {
                    theme.base
                };
                lines.push(Line::from(vec![
                    Span::styled(
                        format!(
                            "{:<13}{:<16}{:<20}{:>5}  ",
                            r.fingerprint,
                            r.kind,
                            clip(&r.scope, 19),
                            r.hides.map_or_else(|| "-".into(), |n| n.to_string())
                        ),
                        style,
                    ),
                    Span::styled(
                        format!(
                            "{:<17}",
                            if r.live.is_some() {
                                "LIVE!"
                            } else {
                                r.state.map_or("-", crate::allowlist::Health::short)
                            }
                        ),
                        if i == *cursor {
                            theme.selected
                        } else if r.live.is_some() {
                            theme.warn
                        } else {
                            state_style
                        },
                    ),
                    Span::styled(
                        match &r.live {
                            Some(by) => format!(
                                "hides a secret verified LIVE by {by} · {} · {} · {}",
                                r.reason, r.decided_by, r.on
                            ),
                            None => format!("{} · {} · {}", r.reason, r.decided_by, r.on),
                        },
                        style,
                    ),
                ]));
            }
            let visible_rows = popup.height.saturating_sub(3) as usize;
            let scroll = cursor.saturating_sub(visible_rows.saturating_sub(1)) as u16;
            frame.render_widget(
                Paragraph::new(lines).block(block).scroll((scroll, 0)),
                popup,
            );
        }
        Some(Overlay::Warnings { scroll }) => {
            let popup = centered(
                area,
                area.width.saturating_sub(4).min(100),
                area.height.saturating_sub(2),
            );
            frame.render_widget(Clear, popup);
            let mut lines = Vec::new();
            for w in &m.warnings {
                for (i, part) in w.split('\n').enumerate() {
                    let text = crate::sanitize::clean(part).into_owned();
                    lines.push(Line::from(Span::styled(
                        if i == 0 {
                            format!("• {text}")
                        } else {
                            format!("  {text}")
                        },
                        if i == 0 { theme.warn } else { theme.muted },
                    )));
                }
            }
            view.scroll_max = (lines.len() as u16).saturating_sub(popup.height.saturating_sub(2));
            let scroll = (*scroll).min(view.scroll_max);
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border_focused)
                .title(Span::styled(
                    format!(
                        " Start-up warnings: {} (j/k scroll, esc closes) ",
                        m.warnings.len()
                    ),
                    theme.title,
                ));
            frame.render_widget(
                Paragraph::new(lines)
                    .block(block)
                    .wrap(Wrap { trim: false })
                    .scroll((scroll, 0)),
                popup,
            );
        }
        Some(Overlay::Playbook { scroll }) => {
            let text = playbook_text.unwrap_or_default();
            let popup = centered(
                area,
                area.width.saturating_sub(4).min(100),
                area.height.saturating_sub(2),
            );
            frame.render_widget(Clear, popup);
            let lines = text.lines().count() as u16;
            view.scroll_max = lines.saturating_sub(popup.height.saturating_sub(2));
            let scroll = (*scroll).min(view.scroll_max);
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border_focused)
                .title(Span::styled(
                    " Playbook (j/k scroll, esc closes) ",
                    theme.title,
                ));
            frame.render_widget(
                Paragraph::new(text)
                    .style(theme.base)
                    .block(block)
                    .scroll((scroll, 0)),
                popup,
            );
        }
        None => {}
        Some(Overlay::Help { scroll }) => {
            // From the keymap in force: every command, under its layer, with its keys now.
            let mut lines = Vec::new();
            let mut last = None;
            for row in &m.help {
                if last != Some(row.layer) {
                    lines.push(Line::from(Span::styled(
                        format!("{}:", row.layer.title()),
                        theme.title,
                    )));
                    last = Some(row.layer);
                }
                let keys = if row.keys.is_empty() {
                    "(unbound)".to_owned()
                } else {
                    row.keys.clone()
                };
                lines.push(Line::from(vec![
                    Span::styled(format!("  {keys:<26}"), theme.key),
                    Span::styled(row.describe, theme.base),
                ]));
            }
            // As wide as the longest line where the terminal allows (it was cut at 76).
            let popup = centered(
                area,
                area.width.saturating_sub(4).clamp(76, 104),
                (lines.len() + 2) as u16,
            );
            // Keep the scroll within the text when the window is too short for all of it.
            view.scroll_max = (lines.len() + 2).saturating_sub(usize::from(popup.height)) as u16;
            let scroll = (*scroll).min(view.scroll_max);
            frame.render_widget(Clear, popup);
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border_focused)
                .title(Span::styled(
                    " Keys (j/k scroll, esc or ? closes) ",
                    theme.title,
                ));
            frame.render_widget(
                Paragraph::new(lines).block(block).scroll((scroll, 0)),
                popup,
            );
        }
        Some(Overlay::Form(form)) => {
            let popup = centered(area, 76, 18);
            frame.render_widget(Clear, popup);
            let count = form.targets.len();
            let places: usize = form.targets.iter().map(|&g| groups[g].members.len()).sum();
            let s = if places == 1 { "" } else { "s" };
            let title = if let Some(e) = &form.editing {
                format!(
                    " Edit the allowlist entry for {} ({}) ",
                    crate::allowlist::short(&e.fingerprint),
                    crate::sanitize::clean(&e.rule)
                )
            } else if count == 1 {
                // Name the secret being decided: provider, where, and its redacted value.
                let f = &m.findings[groups[form.targets[0]].members[0]];
                let more = if places > 1 {
                    format!(" +{} more", places - 1)
                } else {
                    String::new()
                };
                format!(
                    " Decide {} {}{more} {} ",
                    f.provider.as_deref().unwrap_or("secret"),
                    crate::sanitize::clean(&f.place()),
                    crate::sanitize::clean(&f.redacted)
                )
            } else {
                format!(" Decide {count} secrets together: this covers {places} finding{s} ")
            };
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border_focused)
                .title(Span::styled(title, theme.title));
            let inner = block.inner(popup);
            frame.render_widget(block, popup);
            let [kind, scope, expires, reason_label, reason, error, hint] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(2),
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Fill(1),
                Constraint::Length(1),
                Constraint::Length(1),
            ])
            .areas(inner);
            let focus = |f: FormField| {
                if form.field == f {
                    theme.key
                } else {
                    theme.muted
                }
            };
            let kinds: Vec<Span> = [
                Kind::FalsePositive,
                Kind::TestCredential,
                Kind::Revoked,
                Kind::AcceptedRisk,
            ]
            .into_iter()
            .flat_map(|k| {
                let label = k.as_str().replace('_', " ");
                let style = if k == form.kind {
                    theme.selected
                } else {
                    theme.base
                };
                [Span::styled(format!(" {label} "), style), Span::raw(" ")]
            })
            .collect();
            frame.render_widget(
                Paragraph::new(Line::from(
                    [
                        vec![Span::styled("Kind     ", focus(FormField::Kind))],
                        kinds,
                    ]
                    .concat(),
                )),
                kind,
            );
            let scope_text = match &form.scope {
                None => vec![
                    Span::styled("Scope    ", focus(FormField::Scope)),
                    Span::styled("this secret everywhere", theme.base),
                    Span::styled("  (↑↓: only under a path)", theme.muted),
                ],
                Some(p) => vec![
                    Span::styled("Scope    ", focus(FormField::Scope)),
                    Span::styled("only under ", theme.base),
                    Span::styled(crate::sanitize::clean(p).into_owned(), theme.key),
                    Span::styled("  (type a path or glob)", theme.muted),
                ],
            };
            frame.render_widget(Paragraph::new(Line::from(scope_text)), scope);
            let exp = form.expires.lines().join("");
            frame.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled("Expires  ", focus(FormField::Expires)),
                    Span::styled(
                        if exp.is_empty() {
                            "never (or YYYY-MM-DD)".to_owned()
                        } else {
                            exp
                        },
                        theme.base,
                    ),
                ])),
                expires,
            );
            frame.render_widget(
                Paragraph::new(Span::styled(
                    "Reason (required, several lines allowed)",
                    focus(FormField::Reason),
                )),
                reason_label,
            );
            // The frame is drawn here, the text area (which has none) inside it.
            let frame_block = Block::default().borders(Borders::ALL).border_style(
                if form.field == FormField::Reason {
                    theme.border_focused
                } else {
                    theme.border
                },
            );
            let inner = frame_block.inner(reason);
            frame.render_widget(frame_block, reason);
            frame.render_widget(&form.reason, inner);
            if let Some(e) = &form.error {
                frame.render_widget(
                    Paragraph::new(Span::styled(e.as_str(), theme.invalid))
                        .wrap(Wrap { trim: true }),
                    error,
                );
            }
            frame.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled("ctrl-s", theme.key),
                    Span::styled(" save to the allowlist  ", theme.muted),
                    Span::styled("tab", theme.key),
                    Span::styled(" next field  ", theme.muted),
                    Span::styled("esc", theme.key),
                    Span::styled(" cancel", theme.muted),
                ])),
                hint,
            );
        }
    }
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn clip(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_owned()
    } else {
        s.chars()
            .take(width.saturating_sub(1))
            .chain(['…'])
            .collect()
    }
}
