//! The findings table: one row per secret, with the number of places it appears.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table, TableState};

use super::ViewState;
use crate::finding::Status;
use crate::sanitize::clean;
use crate::tui::model::{Focus, Model};
use crate::tui::theme::Theme;

pub fn render(frame: &mut Frame<'_>, area: Rect, view: &mut ViewState, m: &Model, theme: &Theme) {
    let focused = m.focus == Focus::List;
    let block = super::pane(" Secrets ".into(), focused, theme);
    let inner_height = area.height.saturating_sub(3);
    view.page = usize::from(inner_height).max(1);
    // Columns from the real width: the place keeps its end (file name and line) when shortened,
    // and tools (also in the detail) only show when there is room.
    let inner = usize::from(area.width.saturating_sub(3));
    let show_tools = inner >= 100;
    // The status column widens for "· 1 of 3 places allowlisted" on wide terminals only.
    let partly = inner >= 100 && m.any_partly();
    // Only the rows on screen are built: with a million secrets, building all of them would take
    // longer than a frame. The window follows the selection.
    let height = usize::from(inner_height);
    if m.selected < view.offset {
        view.offset = m.selected;
    } else if m.selected >= view.offset + height {
        view.offset = m.selected + 1 - height.max(1);
    }
    view.offset = view.offset.min(m.visible.len().saturating_sub(height));
    let window =
        &m.visible[view.offset.min(m.visible.len())..(view.offset + height).min(m.visible.len())];
    // The status column is as wide as what the rows on screen show (`LIVE investigating`), so
    // the path keeps the room.
    let status_w = if partly {
        44
    } else {
        window
            .iter()
            .map(|&g| {
                let v = m.verdict(g);
                usize::from(m.groups[g].live) * 5
                    + m.status(g).as_str().len()
                    + if v.partly().is_some() { 6 } else { 0 }
            })
            .max()
            .unwrap_or(0)
            .max(6)
    };
    let fixed = 1 + 11 + 14 + status_w + if show_tools { 18 } else { 0 } + 6;
    let rest = inner.saturating_sub(fixed).max(10);
    let rule_w = (rest / 3).max(6);
    let where_w = rest - rule_w;
    let mut titles = vec!["", "PROVIDER", "RULE", "WHERE", "MATCH"];
    if show_tools {
        titles.push("TOOLS");
    }
    titles.push("STATUS");
    let header = Row::new(titles).style(theme.header);
    let rows: Vec<Row> = window
        .iter()
        .map(|&g| {
            let group = &m.groups[g];
            let f = &m.findings[group.members[0]];
            let place = if group.members.len() > 1 {
                format!("{} +{}", f.place(), group.members.len() - 1)
            } else {
                f.place()
            };
            let shown = match (&m.revealed, &f.secret) {
                (Some(fp), Some(s)) if *fp == group.fingerprint => {
                    Span::styled(clean(s.expose()).into_owned(), theme.revealed)
                }
                _ => Span::styled(clean(&f.redacted).into_owned(), theme.redacted),
            };
            let status = m.status(g);
            // LIVE is its own badge: a status never hides that a tool verified the key works.
            let mut status_cell = Vec::new();
            if group.live {
                status_cell.push(Span::styled("LIVE", theme.live));
                status_cell.push(Span::raw(" "));
            }
            status_cell.push(match status {
                Status::Open => Span::styled("open", theme.base),
                s => Span::styled(s.as_str().replace('_', " "), theme.ok),
            });
            // Open while any place is: say how many an entry already hides (in a word where
            // the terminal is narrow; the detail pane says it in full).
            if let Some(text) = m.verdict(g).partly() {
                let v = m.verdict(g);
                let text = if partly {
                    format!(" · {text}")
                } else {
                    format!(" {}/{}", v.allowlisted, v.places)
                };
                status_cell.push(Span::styled(text, theme.muted));
            }
            let marker = if m.marked.contains(&g) {
                Span::styled("●", theme.marked)
            } else {
                Span::raw(" ")
            };
            let mut cells = vec![
                Cell::from(marker),
                Cell::from(f.provider.as_deref().unwrap_or("-").to_owned()),
                Cell::from(clean(f.rule()).into_owned()),
                Cell::from(keep_end(&clean(&place), where_w)),
                Cell::from(Line::from(shown)),
            ];
            if show_tools {
                cells.push(Cell::from(f.tools().join(",")));
            }
            cells.push(Cell::from(Line::from(status_cell)));
            Row::new(cells)
        })
        .collect();
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(11),
        Constraint::Length(rule_w as u16),
        Constraint::Length(where_w as u16),
        Constraint::Length(14),
    ];
    if show_tools {
        widths.push(Constraint::Length(18));
    }
    widths.push(Constraint::Length(status_w as u16));
    let table = Table::new(rows, widths)
        .header(header)
        .block(block)
        .row_highlight_style(theme.selected)
        .highlight_symbol("›")
        .column_spacing(1);
    view.table = TableState::default()
        .with_selected((!m.visible.is_empty()).then_some(m.selected - view.offset));
    frame.render_stateful_widget(table, area, &mut view.table);
    view.list_rows = (area.y + 2, area.y + area.height.saturating_sub(1));
}

/// Shortens to `width` characters from the left, so the file name and line stay.
fn keep_end(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count <= width || width < 2 {
        return text.to_owned();
    }
    format!(
        "…{}",
        text.chars().skip(count - (width - 1)).collect::<String>()
    )
}
