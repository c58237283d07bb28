//! The decision form: outcome, scope, expiry and reason for one secret, several, or an
//! allowlist entry being edited. The focused field and the chosen outcome are marked with
//! symbols (`›`, `[ ]`), not by colour or bold alone, so they read under `NO_COLOR`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{centered, clear, popup_block};
use crate::allowlist::Kind;
use crate::sanitize::clean;
use crate::tui::model::{Form, FormField, Model};
use crate::tui::theme::Theme;
use crate::tui::ui::wrap;

pub fn render(frame: &mut Frame<'_>, area: Rect, m: &Model, form: &Form, theme: &Theme) {
    let popup = centered(area, 80, 19);
    clear(frame, popup, theme);
    let block = popup_block(title(m, form), theme);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let width = usize::from(inner.width);
    let kind_lines = kinds(form, theme, width);
    let [kind, scope, expires, reason_label, reason, error, hint] = Layout::vertical([
        Constraint::Length(u16::try_from(kind_lines.len()).unwrap_or(1)),
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(kind_lines), kind);
    let mut scope_text = vec![label("Scope", form.field == FormField::Scope, theme)];
    match &form.scope {
        None => {
            let these = if form.targets.len() > 1 {
                "these secrets"
            } else {
                "this secret"
            };
            scope_text.push(Span::styled(format!("{these} everywhere"), theme.base));
            scope_text.push(Span::styled("  (↑↓: only under a path)", theme.muted));
        }
        Some(p) => {
            scope_text.push(Span::styled("only under ", theme.base));
            scope_text.push(Span::styled(clean(p).into_owned(), theme.key));
            scope_text.push(Span::styled("  (type a path or glob)", theme.muted));
        }
    }
    frame.render_widget(
        Paragraph::new(Line::from(scope_text)).wrap(Wrap { trim: false }),
        scope,
    );
    let exp = form.expires.lines().join("");
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            label("Expires", form.field == FormField::Expires, theme),
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
        Paragraph::new(Line::from(vec![
            label("Reason", form.field == FormField::Reason, theme),
            Span::styled("required; several lines allowed", theme.muted),
        ])),
        reason_label,
    );
    // The frame is drawn here, the text area (which has none) inside it.
    let frame_block =
        Block::default()
            .borders(Borders::ALL)
            .border_style(if form.field == FormField::Reason {
                theme.border_focused
            } else {
                theme.border
            });
    let inner = frame_block.inner(reason);
    frame.render_widget(frame_block, reason);
    frame.render_widget(&form.reason, inner);
    let message = match &form.error {
        Some(e) => Some(Span::styled(e.clone(), theme.invalid)),
        None => outside_warning(m, form).map(|w| Span::styled(w, theme.warn)),
    };
    if let Some(message) = message {
        frame.render_widget(
            Paragraph::new(Line::from(message)).wrap(Wrap { trim: true }),
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

/// What is being decided: the entry being edited, the one secret (provider, place, redacted
/// value), or how many secrets and places.
fn title(m: &Model, form: &Form) -> String {
    let places: usize = form
        .targets
        .iter()
        .map(|&g| m.groups[g].members.len())
        .sum();
    if let Some(e) = &form.editing {
        let at = m.allowlist.entries.iter().position(|x| x.key() == e.key());
        let hides = m
            .verdicts()
            .findings
            .iter()
            .filter(|v| v.entry.is_some() && v.entry == at)
            .count();
        return format!(
            " Edit entry {} ({}, hides {hides}) ",
            crate::allowlist::short(&e.fingerprint),
            clean(&e.rule)
        );
    }
    if let [only] = form.targets[..] {
        let f = &m.findings[m.groups[only].members[0]];
        let more = if places > 1 {
            format!(" +{} more", places - 1)
        } else {
            String::new()
        };
        return format!(
            " Decide {} {}{more} {} ",
            clean(f.provider.as_deref().unwrap_or("secret")),
            clean(&f.place()),
            clean(&f.redacted)
        );
    }
    let s = if places == 1 { "" } else { "s" };
    format!(
        " Decide {} secrets together ({places} place{s}) ",
        form.targets.len()
    )
}

/// The outcomes, the chosen one in brackets, wrapped to the width.
fn kinds(form: &Form, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let focused = form.field == FormField::Kind;
    let spans: Vec<Span> = [
        Kind::FalsePositive,
        Kind::TestCredential,
        Kind::Revoked,
        Kind::AcceptedRisk,
    ]
    .into_iter()
    .flat_map(|k| {
        let words = k.as_str().replace('_', "\u{a0}");
        let (text, style) = if k == form.kind {
            (format!("[{words}]"), theme.selected)
        } else {
            (format!("\u{a0}{words}\u{a0}"), theme.base)
        };
        [Span::styled(text, style), Span::raw(" ")]
    })
    .collect();
    let head = label("Kind", focused, theme);
    wrap::hanging(&head.content, head.style, &spans, width)
}

/// A field's name, with `›` when it has the keys.
fn label(name: &str, focused: bool, theme: &Theme) -> Span<'static> {
    let mark = if focused { "›" } else { " " };
    Span::styled(
        format!("{mark}{name:<8} "),
        if focused { theme.key } else { theme.muted },
    )
}

/// When the list is filtered but the decision covers every place of its secrets, how many
/// places that is: a decision should not hide more than the person looked at.
fn outside_warning(m: &Model, form: &Form) -> Option<String> {
    if form.scope.is_some()
        || form.editing.is_some()
        || (m.filter.is_empty() && m.facets.is_empty())
    {
        return None;
    }
    let places: usize = form
        .targets
        .iter()
        .map(|&g| m.groups[g].members.len())
        .sum();
    (places > form.targets.len()).then(|| {
        format!(
            "The list is filtered, but this decision covers all {places} places of {}; set a scope to limit it.",
            if form.targets.len() == 1 {
                "this secret"
            } else {
                "these secrets"
            }
        )
    })
}
