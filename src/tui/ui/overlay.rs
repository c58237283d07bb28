//! Overlays drawn over the screen: the key help and the decision form.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::allowlist::Kind;
use crate::tui::keymap::HELP;
use crate::tui::model::{FormField, Model, Overlay};
use crate::tui::theme::Theme;

pub fn render(frame: &mut Frame<'_>, area: Rect, m: &mut Model, theme: &Theme) {
    match &mut m.overlay {
        None => {}
        Some(Overlay::Help { scroll }) => {
            let scopes = HELP.windows(2).filter(|w| w[0].0 != w[1].0).count() + 1;
            let popup = centered(area, 76, (HELP.len() + scopes + 2) as u16);
            // Keep the scroll within the text when the window is too short for all of it.
            let overflow =
                (HELP.len() + scopes + 2).saturating_sub(usize::from(popup.height)) as u16;
            *scroll = (*scroll).min(overflow);
            frame.render_widget(Clear, popup);
            let mut lines = Vec::new();
            let mut last = "";
            for (scope, keys, what) in HELP {
                if *scope != last {
                    lines.push(Line::from(Span::styled(format!("{scope}:"), theme.title)));
                    last = scope;
                }
                lines.push(Line::from(vec![
                    Span::styled(format!("  {keys:<26}"), theme.key),
                    Span::styled(*what, theme.base),
                ]));
            }
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border_focused)
                .title(Span::styled(
                    " Keys (j/k scroll, esc or ? closes) ",
                    theme.title,
                ));
            frame.render_widget(
                Paragraph::new(lines).block(block).scroll((*scroll, 0)),
                popup,
            );
        }
        Some(Overlay::Form(form)) => {
            let popup = centered(area, 76, 18);
            frame.render_widget(Clear, popup);
            let count = form.targets.len();
            let title = if count == 1 {
                " Decide this secret ".to_owned()
            } else {
                format!(" Decide {count} secrets together ")
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
            form.reason
                .set_block(Block::default().borders(Borders::ALL).border_style(
                    if form.field == FormField::Reason {
                        theme.border_focused
                    } else {
                        theme.border
                    },
                ));
            frame.render_widget(&form.reason, reason);
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
