//! The findings table: one row per secret, with the number of places it appears.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table, TableState};

use super::{ViewState, columns};
use crate::finding::Status;
use crate::sanitize::clean;
use crate::tui::model::{Focus, Model, Sort};
use crate::tui::theme::Theme;
use unicode_width::UnicodeWidthStr;

pub fn render(frame: &mut Frame<'_>, area: Rect, view: &mut ViewState, m: &Model, theme: &Theme) {
    let focused = m.focus == Focus::List;
    let block = super::pane(" Secrets ".into(), focused, theme);
    let inner_height = area.height.saturating_sub(3);
    view.page = usize::from(inner_height).max(1);
    let inner = usize::from(area.width.saturating_sub(3));
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
    // The cells as text first, so the columns can size to what is on screen.
    let wide = inner >= 100;
    let texts: Vec<[String; 5]> = window
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
                (Some(fp), Some(s)) if *fp == group.fingerprint => clean(s.expose()).into_owned(),
                _ => clean(&f.redacted).into_owned(),
            };
            [
                clean(f.provider.as_deref().unwrap_or("-")).into_owned(),
                clean(f.rule()).into_owned(),
                clean(&place).into_owned(),
                shown,
                f.tools().join(","),
            ]
        })
        .collect();
    let statuses: Vec<Vec<(String, ratatui::style::Style)>> = window
        .iter()
        .map(|&g| status_cell(m, g, wide, theme))
        .collect();
    let width_of = |col: usize| texts.iter().map(|t| t[col].width()).max().unwrap_or(0);
    let status_w = statuses
        .iter()
        .map(|c| c.iter().map(|(t, _)| t.width()).sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(6);
    // Tools (also in the detail) only when there is room.
    let show_tools = wide;
    // Where the terminal is narrow the rule goes (the detail names it): the place, the
    // value and the status matter more.
    let show_rule = inner >= 60;
    let mut wanted = vec![width_of(0).max(8)];
    let mut floor = vec![if show_rule { 8 } else { 6 }];
    if show_rule {
        wanted.push(width_of(1).max(4));
        floor.push(6);
    }
    wanted.extend([width_of(2).max(5), width_of(3).max(5)]);
    floor.extend([10, 6]);
    if show_tools {
        wanted.push(width_of(4).max(5));
        floor.push(5);
    }
    wanted.push(status_w);
    floor.push(status_w.min(18));
    let mut fitted = columns::fit(&wanted, &floor, inner.saturating_sub(2), 1);
    if !show_rule {
        fitted.insert(1, 0);
    }
    let mut titles = vec!["", "PROVIDER"];
    if show_rule {
        titles.push("RULE");
    }
    titles.extend(["WHERE", "MATCH"]);
    if show_tools {
        titles.push("TOOLS");
    }
    titles.push("STATUS");
    // The column the list is sorted by carries a ▾ (live first sorts by the LIVE badge).
    let sorted = match m.sort {
        Sort::Place => "WHERE",
        Sort::Provider => "PROVIDER",
        Sort::Status | Sort::Live => "STATUS",
    };
    let titles: Vec<String> = titles
        .into_iter()
        .map(|t| {
            if t == sorted {
                format!("{t}▾")
            } else {
                t.to_owned()
            }
        })
        .collect();
    let header = Row::new(titles).style(theme.header);
    let rows: Vec<Row> = window
        .iter()
        .zip(texts)
        .zip(statuses)
        .map(|((&g, t), status)| {
            let group = &m.groups[g];
            let revealed = m.revealed.as_deref() == Some(group.fingerprint.as_str());
            let marker = if m.marked.contains(&g) {
                Span::styled("●", theme.marked)
            } else {
                Span::raw(" ")
            };
            let [provider, rule, place, shown, tools] = t;
            let mut cells = vec![
                Cell::from(marker),
                Cell::from(columns::clip(&provider, fitted[0])),
            ];
            if show_rule {
                cells.push(Cell::from(columns::clip(&rule, fitted[1])));
            }
            cells.extend([
                Cell::from(columns::keep_end(&place, fitted[2])),
                Cell::from(Span::styled(
                    columns::clip(&shown, fitted[3]),
                    if revealed {
                        theme.revealed
                    } else {
                        theme.redacted
                    },
                )),
            ]);
            if show_tools {
                cells.push(Cell::from(columns::clip(&tools, fitted[4])));
            }
            cells.push(Cell::from(Line::from(
                status
                    .into_iter()
                    .map(|(t, st)| Span::styled(t, st))
                    .collect::<Vec<_>>(),
            )));
            Row::new(cells)
        })
        .collect();
    let mut widths = vec![Constraint::Length(1)];
    widths.extend(
        fitted
            .iter()
            .enumerate()
            .filter(|&(i, _)| show_rule || i != 1)
            .map(|(_, &w)| Constraint::Length(w as u16)),
    );
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

/// LIVE (its own badge: a status never hides that a tool verified the key works), the status in
/// words, and how many places an entry already hides (in full where the terminal is wide).
fn status_cell(
    m: &Model,
    g: usize,
    wide: bool,
    theme: &Theme,
) -> Vec<(String, ratatui::style::Style)> {
    let mut cell = Vec::new();
    if m.groups[g].live {
        cell.push(("LIVE ".to_owned(), theme.live));
    }
    cell.push(match m.status(g) {
        Status::Open => ("open".to_owned(), theme.base),
        s => (s.words().to_owned(), theme.ok),
    });
    let v = m.verdict(g);
    if let Some(text) = v.partly() {
        let text = if wide {
            format!(" · {text}")
        } else {
            format!(" {}/{}", v.allowlisted, v.places)
        };
        cell.push((text, theme.muted));
    }
    cell
}
