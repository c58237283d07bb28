//! Word-wrapping styled text to the pane's real width, continuation lines indented under the
//! value column (a hanging indent), and long unbroken values (a revealed JWT) cut by width.
//! ratatui's own wrap restarts continuation lines at column 0, which hides the label column.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

/// Wraps `spans` into lines of at most `width` cells: the first starts with `first` (a label,
/// in `first_style`), the others with as many spaces as `first` is wide.
pub fn hanging(
    first: &str,
    first_style: Style,
    spans: &[Span<'_>],
    width: usize,
) -> Vec<Line<'static>> {
    let indent = first.chars().count();
    let avail = width.saturating_sub(indent).max(8);
    let mut rows: Vec<Vec<(char, Style)>> = vec![Vec::new()];
    let mut col = 0usize;
    // Each word with the spaces before it: break before a word that does not fit, cut a word
    // longer than a whole line.
    let chars: Vec<(char, Style)> = spans
        .iter()
        .flat_map(|s| s.content.chars().map(move |c| (c, s.style)))
        .collect();
    let mut i = 0;
    while i < chars.len() {
        let space_start = i;
        while i < chars.len() && chars[i].0 == ' ' {
            i += 1;
        }
        let word_start = i;
        while i < chars.len() && chars[i].0 != ' ' {
            i += 1;
        }
        let spaces = &chars[space_start..word_start];
        let word = &chars[word_start..i];
        let w = |cs: &[(char, Style)]| cs.iter().map(|(c, _)| c.width().unwrap_or(0)).sum();
        let (sw, ww): (usize, usize) = (w(spaces), w(word));
        if col + sw + ww <= avail || (col == 0 && ww <= avail) {
            if col > 0 || rows.len() == 1 {
                push_to(&mut rows, |r| r.extend_from_slice(spaces));
                col += sw;
            }
            push_to(&mut rows, |r| r.extend_from_slice(word));
            col += ww;
            continue;
        }
        if ww <= avail {
            rows.push(word.to_vec());
            col = ww;
            continue;
        }
        // Longer than a line: fill what is left of this one, then whole lines.
        if col > 0 && col + sw < avail {
            push_to(&mut rows, |r| r.extend_from_slice(spaces));
            col += sw;
        } else if col > 0 {
            rows.push(Vec::new());
            col = 0;
        }
        for &(c, s) in word {
            let cw = c.width().unwrap_or(0);
            if col + cw > avail {
                rows.push(Vec::new());
                col = 0;
            }
            push_to(&mut rows, |r| r.push((c, s)));
            col += cw;
        }
    }
    let pad = " ".repeat(indent);
    rows.into_iter()
        .enumerate()
        .map(|(n, row)| {
            let mut out = vec![if n == 0 {
                Span::styled(first.to_owned(), first_style)
            } else {
                Span::raw(pad.clone())
            }];
            let mut run = String::new();
            let mut style = None;
            for (c, s) in row {
                if style.is_some_and(|st| st != s) {
                    out.push(Span::styled(std::mem::take(&mut run), style.unwrap_or(s)));
                }
                style = Some(s);
                run.push(c);
            }
            if let Some(s) = style {
                out.push(Span::styled(run, s));
            }
            Line::from(out)
        })
        .collect()
}

fn push_to(rows: &mut [Vec<(char, Style)>], add: impl FnOnce(&mut Vec<(char, Style)>)) {
    if let Some(r) = rows.last_mut() {
        add(r);
    }
}

/// Plain text wrapped the same way, one style throughout.
pub fn plain(
    first: &str,
    rest: &str,
    text: &str,
    style: Style,
    width: usize,
) -> Vec<Line<'static>> {
    let lines = hanging(first, style, &[Span::styled(text.to_owned(), style)], width);
    if rest.chars().count() == first.chars().count() {
        return lines;
    }
    lines
        .into_iter()
        .enumerate()
        .map(|(i, mut l)| {
            if i > 0
                && let Some(s) = l.spans.first_mut()
            {
                s.content = rest.to_owned().into();
            }
            l
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn continuation_lines_hang_under_the_value() {
        let lines = hanging(
            "grants   ",
            Style::default(),
            &[Span::raw("read and write every person in the workspace")],
            30,
        );
        let t = text(&lines);
        assert_eq!(t[0], "grants   read and write every");
        assert_eq!(t[1], "         person in the");
        assert!(t.iter().all(|l| l.chars().count() <= 30), "{t:?}");
        assert_eq!(t.join(" ").split_whitespace().count(), 9, "no word lost");
    }

    #[test]
    fn a_long_token_is_cut_by_width_not_lost() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.".repeat(5);
        let lines = hanging("secret   ", Style::default(), &[Span::raw(jwt.clone())], 30);
        let joined: String = text(&lines)
            .iter()
            .map(|l| l.chars().skip(9).collect::<String>())
            .collect();
        assert_eq!(joined, jwt);
        assert!(text(&lines).iter().all(|l| l.chars().count() <= 30));
    }

    #[test]
    fn styles_survive_the_wrap() {
        let a = Style::default().fg(ratatui::style::Color::Red);
        let lines = hanging(
            "x ",
            Style::default(),
            &[Span::styled("red words", a), Span::raw(" plain")],
            40,
        );
        assert_eq!(lines[0].spans[1].style, a);
        assert_eq!(lines[0].spans[1].content, "red words");
        assert_eq!(lines[0].spans[2].content, " plain");
    }

    #[test]
    fn a_tiny_width_still_terminates() {
        let lines = hanging("label ", Style::default(), &[Span::raw("a b c d e")], 3);
        assert!(!lines.is_empty());
    }
}
