//! The fix view: for the selected secret, the code that takes it out of its file, by the
//! method chosen with ←/→ in the language chosen with tab; `y` copies it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{centered, clear, popup_block};
use crate::fix::{Fix, Lang, Method};
use crate::sanitize::clean;
use crate::tui::model::Model;
use crate::tui::theme::Theme;
use crate::tui::ui::ViewState;

pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    view: &mut ViewState,
    m: &Model,
    (method, lang, scroll): (Method, Lang, u16),
    theme: &Theme,
) {
    let popup = centered(area, area.width, area.height.saturating_sub(2));
    clear(frame, popup, theme);
    let Some(f) = m.selected_finding() else {
        return;
    };
    // The methods, the chosen one in brackets (readable without colour).
    let mut tabs = vec![Span::styled(" ", theme.base)];
    for x in Method::ALL {
        let label = if x == method {
            format!("[{}]", x.title())
        } else {
            format!(" {} ", x.title())
        };
        tabs.push(Span::styled(
            label,
            if x == method {
                theme.selected
            } else {
                theme.muted
            },
        ));
        tabs.push(Span::raw(" "));
    }
    let title = format!(
        " Fix {} {} ({}) · ←/→ method · tab language · y copies · esc ",
        clean(f.provider.as_deref().unwrap_or("secret")),
        clean(&f.place()),
        lang.id()
    );
    let block = popup_block(title, theme);
    let mut lines = vec![Line::from(tabs), Line::from("")];
    match crate::fix::render(f, method, lang, &m.fixes) {
        Ok(fix) => {
            lines.push(Line::from(vec![
                Span::styled("install  ", theme.muted),
                Span::styled(clean(&fix.package).into_owned(), theme.base),
            ]));
            if let (Some(before), Some(after)) = (&fix.before, &fix.after) {
                lines.push(Line::from(vec![
                    Span::styled("before   ", theme.muted),
                    Span::styled(clean(before).into_owned(), theme.warn),
                ]));
                lines.push(Line::from(vec![
                    Span::styled("after    ", theme.muted),
                    Span::styled(clean(after).into_owned(), theme.ok),
                ]));
            }
            lines.push(Line::from(""));
            for l in fix.code.lines() {
                lines.push(Line::from(Span::styled(clean(l).into_owned(), theme.base)));
            }
        }
        Err(e) => lines.push(Line::from(Span::styled(e, theme.error))),
    }
    let rows = popup.height.saturating_sub(2);
    let total = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    view.scroll_max = total.saturating_sub(rows);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll.min(view.scroll_max), 0)),
        popup,
    );
}

/// The fix as copied: a comment header (where, what to install, the line before and after),
/// then the snippet. The secret is redacted in the header and absent from the snippet.
pub fn text(fix: &Fix) -> String {
    let mut out = format!(
        "# Keep the key in {} ({})\n# install: {}\n",
        fix.method.title(),
        fix.lang.id(),
        fix.package
    );
    if let (Some(before), Some(after)) = (&fix.before, &fix.after) {
        out.push_str(&format!("# before: {before}\n# after:  {after}\n"));
    }
    out.push('\n');
    out.push_str(&fix.code);
    out
}
