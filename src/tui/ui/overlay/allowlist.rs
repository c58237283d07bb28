//! The allowlist view, over the whole screen: every entry with its kind, rule, scope, expiry,
//! how many findings it hides and whether it is stale; under them, the selected entry in full
//! (reason, who decided and when) and where the findings it hides are, so a reviewer sees what
//! a decision hides and whether a tool verified that secret live.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{clear, popup_block};
use crate::allowlist::{Health, table};
use crate::sanitize::one_line;
use crate::tui::model::Model;
use crate::tui::theme::Theme;
use crate::tui::ui::{columns, wrap};

/// What the view computed when it opened: each entry's health and count, who verified its
/// secret live, and the findings it hides.
pub type Judged<'a> = (
    &'a [(Health, usize)],
    &'a [Option<String>],
    &'a [Vec<usize>],
);

pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    m: &Model,
    cursor: usize,
    (health, live, hidden): Judged<'_>,
    theme: &Theme,
) {
    clear(frame, area, theme);
    let entries = &m.allowlist.entries;
    let title = format!(
        " Allowlist {}: {} entr{} · e edit · d remove · u undo · esc back ",
        crate::sanitize::clean(&m.allowlist_file),
        entries.len(),
        if entries.len() == 1 { "y" } else { "ies" }
    );
    let block = popup_block(title, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if entries.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                "No decisions yet: f, t, R or A on a secret records one.",
                theme.muted,
            )),
            inner,
        );
        return;
    }
    let table_rows = u16::try_from(entries.len() + 1).unwrap_or(u16::MAX);
    let [top, rule, bottom] = Layout::vertical([
        Constraint::Length(table_rows.min(inner.height / 2).max(2)),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    let rows = table::rows(&m.allowlist, Some(health), Some(live), &m.today);
    let cells: Vec<[String; 7]> = rows
        .iter()
        .zip(entries)
        .map(|(r, e)| {
            [
                r.fingerprint.clone(),
                r.kind.replace('_', " "),
                one_line(&e.rule),
                r.scope.clone(),
                e.expires
                    .as_deref()
                    .map_or_else(|| "never".into(), one_line),
                r.hides.map_or_else(|| "-".into(), |n| n.to_string()),
                if r.live.is_some() {
                    "LIVE!".to_owned()
                } else {
                    r.state.map_or("-", Health::short).to_owned()
                },
            ]
        })
        .collect();
    let header = [
        "FINGERPRINT",
        "KIND",
        "RULE",
        "SCOPE",
        "EXPIRES",
        "HIDES",
        "STATE",
    ];
    let wanted: Vec<usize> = (0..header.len())
        .map(|c| {
            cells
                .iter()
                .map(|r| r[c].chars().count())
                .chain([header[c].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let floor = [12, 8, 8, 10, 10, 5, 8];
    let widths = columns::fit(
        &wanted,
        &floor,
        usize::from(inner.width).saturating_sub(2),
        2,
    );
    let line_of = |values: Vec<String>| -> String {
        values
            .iter()
            .zip(&widths)
            .map(|(v, &w)| format!("{:<w$}", columns::clip(v, w)))
            .collect::<Vec<_>>()
            .join("  ")
    };
    let visible = usize::from(top.height.saturating_sub(1)).max(1);
    let offset = cursor.saturating_sub(visible - 1);
    let mut lines = vec![Line::from(Span::styled(
        format!("  {}", line_of(header.map(str::to_owned).to_vec())),
        theme.header,
    ))];
    for (i, (row, r)) in cells
        .iter()
        .zip(&rows)
        .enumerate()
        .skip(offset)
        .take(visible)
    {
        let here = i == cursor;
        let stale = r.state.is_some_and(Health::is_stale);
        let style = match (here, r.live.is_some() || stale) {
            (true, _) => theme.selected,
            (false, true) => theme.warn,
            (false, false) => theme.base,
        };
        lines.push(Line::from(Span::styled(
            format!(
                "{}{}",
                if here { "› " } else { "  " },
                line_of(row.to_vec())
            ),
            style,
        )));
    }
    frame.render_widget(Paragraph::new(lines), top);
    frame.render_widget(
        Paragraph::new(Span::styled(
            "─".repeat(usize::from(rule.width)),
            theme.border,
        )),
        rule,
    );
    let (Some(e), Some(r)) = (entries.get(cursor), rows.get(cursor)) else {
        return;
    };
    let width = usize::from(bottom.width);
    let mut detail = Vec::new();
    let field = |label: &str, text: String, style| {
        wrap::plain(
            &format!("{label:<10}"),
            &" ".repeat(10),
            &text,
            style,
            width,
        )
    };
    detail.extend(field(
        "reason",
        crate::sanitize::clean_lines(&e.reason).replace('\n', " / "),
        theme.base,
    ));
    detail.extend(field(
        "decided",
        format!("by {} on {}", r.decided_by, r.on),
        theme.muted,
    ));
    if let Some(by) = &r.live {
        detail.extend(field(
            "LIVE",
            format!(
                "hides a secret verified LIVE by {by}: revoke it and decide `revoked`, or accept the risk until a date"
            ),
            theme.live,
        ));
    }
    if let Some(state) = r.state {
        detail.extend(field("state", state.as_str().to_owned(), theme.muted));
    }
    let places = hidden.get(cursor).map(Vec::as_slice).unwrap_or_default();
    let room = usize::from(bottom.height)
        .saturating_sub(detail.len() + 1)
        .max(1);
    let described = crate::allowlist::hidden::lines(&m.findings, places, room);
    if described.is_empty() {
        detail.extend(field(
            "hides",
            "nothing in these reports".to_owned(),
            theme.muted,
        ));
    }
    for (i, d) in described.into_iter().enumerate() {
        let style = if d.contains("verified LIVE") {
            theme.live
        } else {
            theme.base
        };
        detail.extend(field(if i == 0 { "hides" } else { "" }, d, style));
    }
    frame.render_widget(Paragraph::new(detail), bottom);
}
