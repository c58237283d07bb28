//! Text to read and scroll: the key help, the provider's playbook and the start-up warnings.
//! Each is wrapped to the popup's real width, so no word is cut off at 80×24.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{centered, clear, popup_block};
use crate::sanitize::clean;
use crate::tui::model::Model;
use crate::tui::theme::Theme;
use crate::tui::ui::{ViewState, wrap};

/// Reading text wider than this is tiring; wider terminals get margins.
const MAX_WIDTH: u16 = 110;

pub fn help(
    frame: &mut Frame<'_>,
    area: Rect,
    view: &mut ViewState,
    m: &Model,
    scroll: u16,
    theme: &Theme,
) {
    let popup = reading_area(area);
    let width = usize::from(popup.width.saturating_sub(2));
    // From the keymap in force: every command under its layer (each layer once), its keys now.
    let mut rows: Vec<_> = m.help.iter().collect();
    rows.sort_by_key(|r| r.layer);
    let keys_w = rows
        .iter()
        .map(|r| r.keys.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(10, 22)
        .min(width / 3);
    let mut lines = Vec::new();
    let mut last = None;
    for row in rows {
        if last != Some(row.layer) {
            if last.is_some() {
                lines.push(Line::from(""));
            }
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
        let label = format!("  {keys:<keys_w$}  ");
        lines.extend(wrap::hanging(
            &label,
            theme.key,
            &[Span::styled(row.describe, theme.base)],
            width,
        ));
    }
    show(
        frame,
        popup,
        view,
        " Keys (j/k scroll, g/G ends, esc or ? closes) ",
        lines,
        scroll,
        theme,
    );
}

pub fn playbook(
    frame: &mut Frame<'_>,
    area: Rect,
    view: &mut ViewState,
    m: &Model,
    scroll: u16,
    theme: &Theme,
) {
    let popup = reading_area(area);
    let width = usize::from(popup.width.saturating_sub(2));
    let text = m
        .playbook()
        .map(|p| crate::playbook::render::text_width(p, &crate::playbook::Source::Bundled, width))
        .unwrap_or_default();
    let lines = text
        .lines()
        .map(|l| Line::from(Span::styled(l.to_owned(), theme.base)))
        .collect();
    show(
        frame,
        popup,
        view,
        " Playbook (j/k scroll, g/G ends, esc closes) ",
        lines,
        scroll,
        theme,
    );
}

pub fn warnings(
    frame: &mut Frame<'_>,
    area: Rect,
    view: &mut ViewState,
    m: &Model,
    scroll: u16,
    theme: &Theme,
) {
    let popup = reading_area(area);
    let width = usize::from(popup.width.saturating_sub(2));
    let mut lines = Vec::new();
    for w in &m.warnings {
        for (i, part) in w.split('\n').enumerate() {
            let text = clean(part).into_owned();
            let (lead, style) = if i == 0 {
                ("• ", theme.warn)
            } else {
                ("  ", theme.muted)
            };
            lines.extend(wrap::plain(lead, "  ", &text, style, width));
        }
    }
    let title = format!(
        " Start-up warnings: {} (j/k scroll, esc closes) ",
        m.warnings.len()
    );
    show(frame, popup, view, &title, lines, scroll, theme);
}

/// The whole body where the terminal is not much wider than a comfortable line (a margin of
/// one column would show the panes' borders beside the popup), else a centred column.
fn reading_area(area: Rect) -> Rect {
    let width = if area.width <= MAX_WIDTH + 4 {
        area.width
    } else {
        MAX_WIDTH
    };
    centered(area, width, area.height.saturating_sub(2))
}

/// Draws `lines` in `popup`, scrolled, and records how far they can scroll.
fn show(
    frame: &mut Frame<'_>,
    popup: Rect,
    view: &mut ViewState,
    title: &str,
    lines: Vec<Line<'static>>,
    scroll: u16,
    theme: &Theme,
) {
    clear(frame, popup, theme);
    let rows = popup.height.saturating_sub(2);
    let total = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    view.scroll_max = total.saturating_sub(rows);
    let scroll = scroll.min(view.scroll_max);
    let mut block = popup_block(title.to_owned(), theme);
    if view.scroll_max > 0 {
        block = block.title_bottom(Span::styled(
            format!(
                " lines {}–{} of {total} ",
                scroll + 1,
                (scroll + rows).min(total)
            ),
            theme.muted,
        ));
    }
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((scroll, 0)),
        popup,
    );
}
