//! Overlays drawn over the screen: the readers (help, playbook, warnings), the narrowing
//! facets, the allowlist view and the decision form. Each clears what is under it and paints
//! the theme's background, so a popup never shows the panes beneath or another background.

mod allowlist;
mod facets;
mod fix;
mod form;
mod reader;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear};

use super::ViewState;
use crate::tui::model::{Model, Overlay};
use crate::tui::theme::Theme;

pub fn render(frame: &mut Frame<'_>, area: Rect, view: &mut ViewState, m: &Model, theme: &Theme) {
    match &m.overlay {
        None => {}
        Some(Overlay::Facets { cursor, items }) => {
            facets::render(frame, area, view, m, (*cursor, items), theme);
        }
        Some(Overlay::Allowlist {
            cursor,
            health,
            live,
            hidden,
        }) => allowlist::render(frame, area, m, *cursor, (health, live, hidden), theme),
        Some(Overlay::Warnings { scroll }) => {
            reader::warnings(frame, area, view, m, *scroll, theme)
        }
        Some(Overlay::Playbook { scroll }) => {
            reader::playbook(frame, area, view, m, *scroll, theme)
        }
        Some(Overlay::Help { scroll }) => reader::help(frame, area, view, m, *scroll, theme),
        Some(Overlay::Form(form)) => form::render(frame, area, m, form, theme),
        Some(Overlay::Fix {
            method,
            lang,
            scroll,
        }) => fix::render(frame, area, view, m, (*method, *lang, *scroll), theme),
    }
}

/// The fix as the clipboard gets it.
pub fn fix_text(fix: &crate::fix::Fix) -> String {
    fix::text(fix)
}

/// A `width` × `height` rectangle in the middle of `area` (smaller when `area` is).
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

/// Clears `rect` and paints the theme's background over it.
fn clear(frame: &mut Frame<'_>, rect: Rect, theme: &Theme) {
    frame.render_widget(Clear, rect);
    frame.render_widget(Block::default().style(theme.base), rect);
}

/// The frame of a popup that has the keys.
fn popup_block<'a>(title: String, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .style(theme.base)
        .title(Span::styled(title, theme.title))
}
