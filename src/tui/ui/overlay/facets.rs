//! The narrowing popup: each field's values with how many shown secrets have them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{centered, clear, popup_block};
use crate::sanitize::clean;
use crate::tui::model::{Field, Model};
use crate::tui::theme::Theme;
use crate::tui::ui::{ViewState, columns, thousands};

pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    view: &mut ViewState,
    m: &Model,
    (cursor, items): (usize, &[(Field, String, usize)]),
    theme: &Theme,
) {
    let popup = centered(area, 64, area.height.saturating_sub(2));
    clear(frame, popup, theme);
    let block = popup_block(" Narrow by (space toggles, esc back) ".into(), theme);
    let value_w = usize::from(popup.width).saturating_sub(18).max(8);
    let mut lines = Vec::new();
    let mut item_lines = Vec::new();
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
        let on = m.facets.iter().any(|(f, v)| f == field && v == value);
        let here = i == cursor;
        let style = if here {
            theme.selected
        } else if on {
            theme.key
        } else {
            theme.base
        };
        if here {
            cursor_line = lines.len();
        }
        item_lines.push((lines.len(), i));
        // The cursor is a `›` and a chosen value an `x`: both readable without colour.
        lines.push(Line::from(Span::styled(
            format!(
                "{}[{}] {:<value_w$}{:>8}",
                if here { "› " } else { "  " },
                if on { "x" } else { " " },
                columns::clip(&clean(value), value_w.saturating_sub(1)),
                thousands(*count)
            ),
            style,
        )));
    }
    let rows = usize::from(popup.height.saturating_sub(2));
    let scroll = cursor_line.saturating_sub(rows.saturating_sub(2));
    // Where each value is on screen, for a click to toggle it.
    view.facet_rows = item_lines
        .into_iter()
        .filter(|&(line, _)| line >= scroll && line < scroll + rows)
        .map(|(line, item)| (popup.y + 1 + (line - scroll) as u16, item))
        .collect();
    let scroll = scroll as u16;
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((scroll, 0)),
        popup,
    );
}
