//! Drawing the triage screen from the model: pure, no clock, files or environment.

mod detail;
mod list;
mod overlay;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, TableState};

use super::model::{Focus, Model};
use super::theme::Theme;
use crate::sanitize::clean;

/// Widget state that must survive between frames, and where things were drawn (for the mouse).
#[derive(Debug, Default)]
pub struct ViewState {
    pub table: TableState,
    /// Index into the visible secrets of the first row on screen.
    pub offset: usize,
    /// The screen rows of the list body, for mouse clicks.
    pub list_rows: (u16, u16),
    /// Rows of secrets the list showed at the last draw: what a page is.
    pub page: usize,
    /// How far the open help or playbook can scroll at this size.
    pub scroll_max: u16,
}

/// Draws `m`. The model is only read; what the layout learns (page height, scroll limits) goes
/// into `view`, which the app feeds back to `update` as [`super::update::Action::Layout`].
pub fn render(frame: &mut Frame<'_>, view: &mut ViewState, m: &Model, theme: &Theme) {
    let area = frame.area();
    frame.render_widget(Paragraph::new("").style(theme.base), area);
    if area.height < 4 || area.width < 20 {
        frame.render_widget(
            Paragraph::new("leakdesk: enlarge the window").style(theme.base),
            area,
        );
        return;
    }
    let [header, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(frame, header, m, theme);
    if m.groups.is_empty() {
        let text = vec![
            Line::from(""),
            Line::from("  No findings in these reports.").style(theme.title),
            Line::from(""),
            Line::from(
                "  Nothing leaked, or the scanner found nothing to report. Press q to quit.",
            )
            .style(theme.muted),
        ];
        frame.render_widget(Paragraph::new(text), body);
    } else if body.height < 12 || body.width < 60 {
        // Too small for the detail: the list alone, the selected secret's place in the status line.
        list::render(frame, body, view, m, theme);
    } else if body.width >= 110 {
        let [top, bottom] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Fill(1)]).areas(body);
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(bottom);
        list::render(frame, top, view, m, theme);
        detail::render_detail(frame, left, m, theme);
        detail::render_checklist(frame, right, m, theme);
    } else {
        let [top, mid, bottom] = Layout::vertical([
            Constraint::Percentage(38),
            Constraint::Percentage(32),
            Constraint::Fill(1),
        ])
        .areas(body);
        list::render(frame, top, view, m, theme);
        detail::render_detail(frame, mid, m, theme);
        detail::render_checklist(frame, bottom, m, theme);
    }
    render_status(frame, status, m, theme);
    overlay::render(frame, area, view, m, theme);
}

fn render_header(frame: &mut Frame<'_>, area: Rect, m: &Model, theme: &Theme) {
    let total = m.groups.len();
    let position = if m.visible.is_empty() {
        0
    } else {
        m.selected + 1
    };
    let mut spans = vec![
        Span::styled(" leakdesk ", theme.title),
        Span::styled(
            format!(
                " {} of {} · {} open",
                thousands(position),
                thousands(m.visible.len()),
                thousands(m.open_count())
            ),
            theme.base,
        ),
    ];
    if m.open_live_count() > 0 {
        spans.push(Span::styled(
            format!(" · {} LIVE", thousands(m.open_live_count())),
            theme.live,
        ));
    }
    if m.visible.len() != total {
        spans.push(Span::styled(
            format!(" ({} secrets in all)", thousands(total)),
            theme.muted,
        ));
    }
    if let Some(note) = &m.note {
        spans.push(Span::styled("  note: ", theme.muted));
        spans.push(Span::styled(clean(note).into_owned(), theme.key));
        spans.push(Span::styled("▏ (enter saves, esc drops)", theme.key));
    }
    if m.filtering || !m.filter.is_empty() {
        spans.push(Span::styled("  filter: ", theme.muted));
        spans.push(Span::styled(clean(&m.filter).into_owned(), theme.key));
        if m.filtering {
            spans.push(Span::styled("▏", theme.key));
        }
    }
    if !m.marked.is_empty() {
        spans.push(Span::styled(
            format!("  {} marked", m.marked.len()),
            theme.marked,
        ));
    }
    for (field, value) in &m.facets {
        spans.push(Span::styled(
            format!("  {}={}", field.label(), clean(value)),
            theme.key,
        ));
    }
    if m.sort != super::model::Sort::Place {
        spans.push(Span::styled(
            format!("  sorted by {}", m.sort.label()),
            theme.muted,
        ));
    }
    if m.show_allowlisted {
        spans.push(Span::styled("  +allowlisted", theme.muted));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_status(frame: &mut Frame<'_>, area: Rect, m: &Model, theme: &Theme) {
    let line = match &m.notice {
        Some(n) => Line::from(Span::styled(
            format!(" {}", clean(&n.text)),
            if n.error { theme.error } else { theme.ok },
        )),
        None => {
            // The keys as bound now (keys.json may have changed them).
            let hints: &[(&[&str], &str)] = match (m.focus, m.filtering) {
                (_, true) => &[
                    (&["filter_keep"], "keep filter"),
                    (&["filter_clear"], "clear"),
                ],
                (Focus::Checklist, _) => &[
                    (&["toggle_step"], "tick"),
                    (&["step_next", "step_previous"], "step"),
                    (&["to_list"], "list"),
                    (&["toggle_help"], "help"),
                ],
                (Focus::List, _) => &[
                    (&["select_next", "select_previous"], "move"),
                    (&["filter"], "filter"),
                    (&["to_checklist"], "checklist"),
                    (&["decide_false_positive"], "false positive"),
                    (&["copy_remediation"], "copy"),
                    (&["toggle_help"], "help"),
                    (&["quit"], "quit"),
                ],
            };
            let hints: Vec<(String, &str)> = hints
                .iter()
                .map(|(names, what)| {
                    let keys: Vec<String> = names.iter().map(|n| m.first_key(n)).collect();
                    (keys.join("/"), *what)
                })
                .collect();
            let mut spans = vec![Span::raw(" ")];
            for (k, what) in hints {
                spans.push(Span::styled(k, theme.key));
                spans.push(Span::styled(format!(" {what}  "), theme.muted));
            }
            Line::from(spans)
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// A bordered pane whose border shows whether it has the keys.
pub(super) fn pane<'a>(title: String, focused: bool, theme: &Theme) -> ratatui::widgets::Block<'a> {
    ratatui::widgets::Block::default()
        .borders(ratatui::widgets::Borders::ALL)
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        })
        .title(Span::styled(title, theme.title))
}

/// `1,729`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
