//! A playbook as text for the terminal and as Markdown for tickets and chat. Playbooks can come
//! from the triaged repository, so their text is treated as hostile like any report's.

use std::fmt::Write as _;

use super::{Playbook, Source};
use crate::sanitize::clean;

/// The width of the command line's text (the screen passes its own).
pub const WIDTH: usize = 96;

pub fn text(p: &Playbook, source: &Source) -> String {
    text_width(p, source, WIDTH)
}

/// The playbook word-wrapped to `width` columns.
pub fn text_width(p: &Playbook, source: &Source, width: usize) -> String {
    let width = width.max(20);
    let wrap = |out: &mut String, text: &str, first: &str, rest: &str| {
        wrap(out, text, first, rest, width);
    };
    let list = |out: &mut String, title: &str, items: &[String]| list(out, title, items, width);
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", clean(&p.name), clean(&p.id));
    wrap(&mut out, &p.secrets.join("; "), "Secret: ", "        ");
    if let Some(path) = source.path() {
        let _ = writeln!(
            out,
            "Source: {} ({})",
            source.label(),
            clean(&path.display().to_string())
        );
    }
    section(&mut out, "What it grants");
    wrap(&mut out, &p.grants, "  ", "  ");
    list(&mut out, "Used for", &p.uses);
    list(&mut out, "How it leaks", &p.leak_causes);
    list(&mut out, "Risks", &p.risks);
    list(&mut out, "Check whether it was abused", &p.abuse_checks);
    section(&mut out, "Revocation checklist");
    for (i, step) in p.checklist.iter().enumerate() {
        let head = format!("  {:>2}. [ ] ", i + 1);
        wrap(
            &mut out,
            &format!("{} ({})", step.title, step.id),
            &head,
            &" ".repeat(head.len()),
        );
        let pad = " ".repeat(head.len());
        wrap(&mut out, &step.detail, &pad, &pad);
        if let Some(location) = &step.location {
            wrap(&mut out, &format!("Where: {location}"), &pad, &pad);
        }
    }
    list(&mut out, "What will stop working", &p.dependents);
    section(&mut out, "Issuing the replacement");
    wrap(&mut out, &p.replacement, "  ", "  ");
    list(&mut out, "Prevention", &p.prevention);
    if !p.links.is_empty() {
        list(&mut out, "Links", &p.links);
    }
    out
}

pub fn markdown(p: &Playbook) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} leaked: what to do\n", clean(&p.name));
    let _ = writeln!(out, "**Secret:** {}\n", clean(&p.secrets.join("; ")));
    let _ = writeln!(out, "## What it grants\n\n{}\n", clean(&p.grants));
    md_list(&mut out, "Used for", &p.uses);
    md_list(&mut out, "How it leaks", &p.leak_causes);
    md_list(&mut out, "Risks", &p.risks);
    md_list(&mut out, "Check whether it was abused", &p.abuse_checks);
    let _ = writeln!(out, "## Revocation checklist\n");
    for step in &p.checklist {
        checklist_item(&mut out, step, false);
        let _ = writeln!(out, " <!-- step: {} -->", clean(&step.id));
    }
    out.push('\n');
    md_list(&mut out, "What will stop working", &p.dependents);
    let _ = writeln!(
        out,
        "## Issuing the replacement\n\n{}\n",
        clean(&p.replacement)
    );
    md_list(&mut out, "Prevention", &p.prevention);
    if !p.links.is_empty() {
        md_list(&mut out, "Links", &p.links);
    }
    out.trim_end().to_owned() + "\n"
}

fn section(out: &mut String, title: &str) {
    let _ = writeln!(out, "\n{title}");
}

fn list(out: &mut String, title: &str, items: &[String], width: usize) {
    section(out, title);
    for item in items {
        wrap(out, item, "  - ", "    ", width);
    }
}

fn md_list(out: &mut String, title: &str, items: &[String]) {
    let _ = writeln!(out, "## {title}\n");
    for item in items {
        let _ = writeln!(out, "- {}", clean(item));
    }
    out.push('\n');
}

/// Word-wraps `text` to `width` columns: `first` before the first line, `rest` before the others.
/// A word longer than a line is cut, never lost.
fn wrap(out: &mut String, text: &str, first: &str, rest: &str, width: usize) {
    let text = clean(text);
    let mut line = String::from(first);
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(rest);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
        // A word wider than a line (a long URL) is cut at the width.
        while line.chars().count() > width && line.chars().count() > rest.chars().count() + 1 {
            let head: String = line.chars().take(width).collect();
            let tail: String = line.chars().skip(width).collect();
            out.push_str(&head);
            out.push('\n');
            line = format!("{rest}{tail}");
        }
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

/// One checklist step as a Markdown task (`- [x] **Title**: detail Where: ...`), without the
/// line break: the playbook's Markdown and the screen's remediation copy both write steps so.
pub fn checklist_item(out: &mut String, step: &crate::playbook::Step, done: bool) {
    let _ = write!(
        out,
        "- [{}] **{}**: {}",
        if done { "x" } else { " " },
        clean(&step.title),
        clean(&step.detail)
    );
    if let Some(location) = &step.location {
        let _ = write!(out, " Where: {}.", clean(location).trim_end_matches('.'));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_lines_within_width_with_hanging_indent() {
        let mut out = String::new();
        wrap(&mut out, &"word ".repeat(60), "  - ", "    ", WIDTH);
        assert!(out.lines().all(|l| l.chars().count() <= WIDTH));
        assert!(out.lines().skip(1).all(|l| l.starts_with("    word")));
        let mut long = String::new();
        wrap(&mut long, &"x".repeat(250), "  - ", "    ", 40);
        assert!(long.lines().all(|l| l.chars().count() <= 40), "{long}");
        assert_eq!(long.matches('x').count(), 250, "nothing lost");
    }

    #[test]
    fn hostile_playbook_text_is_cleaned() {
        let mut out = String::new();
        wrap(&mut out, "rotate \u{1b}]0;pwned\u{7}now", "", "", WIDTH);
        assert_eq!(out, "rotate now\n");
    }
}
