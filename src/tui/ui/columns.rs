//! Column widths from what the rows hold: each column asks for its widest value, and when they
//! do not all fit, the widest give up room first, down to a floor; a value cut to fit ends with
//! `…` so a cut never looks like the whole value.

use unicode_width::UnicodeWidthStr;

/// Widths for columns wanting `wanted` cells (floors in `floor`), fitting `avail` cells with
/// `gap` cells between columns.
pub fn fit(wanted: &[usize], floor: &[usize], avail: usize, gap: usize) -> Vec<usize> {
    let mut widths: Vec<usize> = wanted
        .iter()
        .zip(floor)
        .map(|(&w, &f)| w.max(f.min(w)))
        .collect();
    let room = avail.saturating_sub(gap * wanted.len().saturating_sub(1));
    loop {
        let total: usize = widths.iter().sum();
        if total <= room {
            return widths;
        }
        // Take one cell from the widest column still above its floor.
        let Some((i, _)) = widths
            .iter()
            .enumerate()
            .filter(|&(i, &w)| w > floor[i])
            .max_by_key(|&(_, &w)| w)
        else {
            return widths;
        };
        let over = total - room;
        let second = widths
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, &w)| w)
            .max()
            .unwrap_or(0);
        // Shrink in one step down to the next widest (or as much as needed).
        let step = widths[i]
            .saturating_sub(second.max(floor[i]))
            .clamp(1, over);
        widths[i] -= step;
    }
}

/// `text` cut to `width` cells, ending with `…` when cut.
pub fn clip(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `text` cut to `width` cells from the left, so a path keeps its file name and line.
pub fn keep_end(text: &str, width: usize) -> String {
    if text.width() <= width || width < 2 {
        return text.to_owned();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut used = 0;
    for c in text.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        kept.push(c);
        used += w;
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_fit_when_there_is_room() {
        assert_eq!(fit(&[5, 10, 3], &[3, 3, 3], 40, 1), vec![5, 10, 3]);
    }

    #[test]
    fn the_widest_gives_way_first() {
        let w = fit(&[8, 40, 12], &[4, 10, 6], 50, 1);
        assert_eq!(w.iter().sum::<usize>(), 48);
        assert_eq!(w[0], 8, "{w:?}");
        assert_eq!(w[2], 12, "{w:?}");
    }

    #[test]
    fn floors_hold_when_nothing_fits() {
        let w = fit(&[30, 30], &[10, 12], 10, 1);
        assert_eq!(w, vec![10, 12]);
    }

    #[test]
    fn cuts_end_with_an_ellipsis() {
        assert_eq!(clip("Customer.io App Keys", 10), "Customer.…");
        assert_eq!(clip("short", 10), "short");
        assert_eq!(keep_end("src/app/settings.py:12", 12), "…tings.py:12");
        assert_eq!(keep_end("src/app/settings.py:12", 12).chars().count(), 12);
    }
}
