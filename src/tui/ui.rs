//! Drawing the triage screen from the model: pure, no clock, files or environment.

mod columns;
mod detail;
mod list;
mod overlay;
mod wrap;

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
    /// Per line of the detail pane, the finding whose place it shows.
    pub detail_places: Vec<Option<usize>>,
    /// The first detail line on screen.
    pub detail_offset: usize,
    /// Where the detail's lines are on screen: (first row, rows, left, right), for clicks.
    pub detail_area: Option<(u16, u16, u16, u16)>,
    /// Each checklist step's title row on screen: (row, step), its box at the pane's left.
    pub checklist_rows: Vec<(u16, usize)>,
    /// The left edge of the checklist's text (the `[ ]` box follows one column in).
    pub checklist_left: u16,
    /// Each value of the narrowing popup on screen: (row, item).
    pub facet_rows: Vec<(u16, usize)>,
}

/// Draws `m`. The model is only read; what the layout learns (page height, scroll limits) goes
/// into `view`, which the app feeds back to `update` as [`super::update::Action::Layout`].
pub fn render(frame: &mut Frame<'_>, view: &mut ViewState, m: &Model, theme: &Theme) {
    let area = frame.area();
    // What was on screen last frame is not clickable now.
    view.detail_area = None;
    view.checklist_rows.clear();
    view.facet_rows.clear();
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
        // Too small for three panes: the focused one takes the body, and under the list one
        // line keeps the checklist's progress in sight.
        match m.focus {
            Focus::Detail => detail::render_detail(frame, body, view, m, theme),
            Focus::Checklist => detail::render_checklist(frame, body, view, m, theme),
            Focus::List => {
                let [list_area, summary] =
                    Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(body);
                list::render(frame, list_area, view, m, theme);
                render_summary(frame, summary, m, theme);
            }
        }
    } else if body.width >= 110 {
        let [top, bottom] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Fill(1)]).areas(body);
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(bottom);
        list::render(frame, top, view, m, theme);
        detail::render_detail(frame, left, view, m, theme);
        detail::render_checklist(frame, right, view, m, theme);
    } else {
        let [top, mid, bottom] = Layout::vertical([
            Constraint::Percentage(38),
            Constraint::Percentage(32),
            Constraint::Fill(1),
        ])
        .areas(body);
        list::render(frame, top, view, m, theme);
        detail::render_detail(frame, mid, view, m, theme);
        detail::render_checklist(frame, bottom, view, m, theme);
    }
    render_status(frame, status, m, theme);
    overlay::render(frame, area, view, m, theme);
}

/// One line for small terminals: where the selected secret is and how far its checklist is.
fn render_summary(frame: &mut Frame<'_>, area: Rect, m: &Model, theme: &Theme) {
    let (Some(g), Some(f)) = (m.selected_group(), m.selected_finding()) else {
        return;
    };
    let mut spans = vec![Span::styled(format!(" {}", clean(&f.place())), theme.base)];
    if let Some(p) = m.playbook() {
        let ticks = m.triage.get(&m.groups[g].fingerprint).map(|r| &r.checklist);
        let done = p
            .checklist
            .iter()
            .filter(|s| ticks.is_some_and(|t| t.contains_key(&s.id)))
            .count();
        spans.push(Span::styled(
            format!(" · checklist {done}/{} done", p.checklist.len()),
            theme.muted,
        ));
    }
    spans.push(Span::styled(" · tab: detail, checklist", theme.muted));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
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
                    (&["next_pane"], "next pane"),
                    (&["to_list"], "list"),
                    (&["toggle_help"], "help"),
                ],
                (Focus::Detail, _) => &[
                    (&["detail_down", "detail_up"], "scroll"),
                    (&["open_place"], "open place in editor"),
                    (&["next_pane"], "checklist"),
                    (&["detail_to_list"], "list"),
                    (&["toggle_help"], "help"),
                ],
                (Focus::List, _) => &[
                    (&["select_next", "select_previous"], "move"),
                    (&["filter"], "filter"),
                    (&["next_pane"], "detail"),
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

pub use overlay::fix_text;

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
