//! One aligned line per finding. Every field from a report is stripped of control characters
//! and escape sequences before it reaches the terminal.

use std::borrow::Cow;
use std::io::{self, Write};

use super::{Row, WriteOptions};
use crate::finding::{Status, Verified};
use crate::sanitize::clean;

/// Widest a column may grow before its text is shortened with `…`.
const CAPS: [usize; 4] = [16, 32, 72, 24];

pub fn write(out: &mut dyn Write, rows: &[Row<'_>], opts: WriteOptions<'_>) -> io::Result<()> {
    let rows: Vec<[String; 5]> = rows.iter().map(|r| row(r, opts)).collect();
    let mut widths = [0usize; 4];
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for (i, (w, cap)) in widths.iter_mut().zip(CAPS).enumerate() {
        // A revealed secret is shown whole: it was asked for to be copied; and a path is whole
        // wherever the text is read by something other than a person at a terminal.
        let whole = (opts.reveal && i == 3) || (!opts.terminal && i == 2);
        if !whole {
            *w = (*w).min(cap);
        }
    }
    for r in &rows {
        let mut line = String::new();
        for (i, w) in widths.iter().enumerate() {
            let cell = fit(&r[i], *w, i == 2);
            line.push_str(&cell);
            line.push_str(&" ".repeat(w - cell.chars().count() + 2));
        }
        line.push_str(&r[4]);
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn row(r: &Row<'_>, opts: WriteOptions<'_>) -> [String; 5] {
    let f = r.finding;
    let shown = match (&f.secret, opts.reveal) {
        (Some(s), true) => s.expose(),
        _ => f.redacted.as_str(),
    };
    let mut tools = f.tools().join(",");
    if f.verified == Verified::Yes {
        tools.push_str("  verified live");
    }
    if let Some(h) = &f.history {
        tools.push_str(&format!("  {}", history_note(f.commit.as_deref(), h)));
    }
    if r.status != Status::Open {
        tools.push_str(&format!("  [{}]", r.status.words()));
    }
    [
        clean(f.provider.as_deref().unwrap_or("-")).into_owned(),
        clean(f.rule()).into_owned(),
        clean(&f.place()).into_owned(),
        clean(shown).into_owned(),
        clean(&tools).into_owned(),
    ]
}

/// Shortens to `width` characters with `…`; paths keep their end (the file name and line).
fn fit(text: &str, width: usize, keep_end: bool) -> Cow<'_, str> {
    let count = text.chars().count();
    if count <= width {
        return Cow::Borrowed(text);
    }
    let keep = width.saturating_sub(1);
    if keep_end {
        Cow::Owned(format!(
            "…{}",
            text.chars().skip(count - keep).collect::<String>()
        ))
    } else {
        Cow::Owned(format!("{}…", text.chars().take(keep).collect::<String>()))
    }
}

/// `history: added in 3f9a1c27, removed in 8b27e4f1`: where a history finding stands.
pub fn history_note(commit: Option<&str>, h: &crate::finding::History) -> String {
    let short = |c: &str| c.get(..8).unwrap_or(c).to_owned();
    let added = commit
        .map(|c| format!("added in {}", short(c)))
        .unwrap_or_default();
    let now = match &h.in_head {
        crate::finding::InHead::File => "still in HEAD".to_owned(),
        crate::finding::InHead::Elsewhere => "in HEAD in another file".to_owned(),
        crate::finding::InHead::Removed(Some(c)) => format!("removed in {}", short(c)),
        crate::finding::InHead::Removed(None) => "not in HEAD".to_owned(),
    };
    format!("history: {added}, {now}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_paths_keep_their_end() {
        assert_eq!(fit("a/b/c/file.py:12", 10, true), "…ile.py:12");
        assert_eq!(fit("generic-api-key", 8, false), "generic…");
        assert_eq!(fit("short", 8, false), "short");
    }
}
