//! The remediation steps for a leaked secret as Markdown, for a ticket or a chat: where it
//! leaked, the provider's checklist with what is done ticked, the secret redacted.

use std::fmt::Write as _;

use super::model::Model;
use crate::sanitize::clean;

/// What a secret in git history adds to the checklist: rewriting history does not un-leak a
/// key that was pushed, so revocation comes first, and a purge is optional and costly.
pub const HISTORY_STEPS: &str = "
## It is in git history

- [ ] **Rotate first.** Revoke or rotate the key as the checklist below says, even if it is no
  longer in the code: every clone, fork, CI cache and mirror made since the commit holds it, and
  rewriting history does not reach them.
- [ ] **Then, if wanted, purge it from history.** With the key revoked this is hygiene, not
  containment. `git filter-repo --replace-text expressions.txt` (a line `literal:THE-KEY==>REDACTED`
  in a file outside the repository), or `--invert-paths --path FILE` to drop the file; then
  `git push --force --all` and `--tags`. It rewrites every later commit id: every clone and fork
  must re-clone (merging an old clone brings the key back), open pull requests must be recreated,
  signed commits lose their signatures, and the hosting service may keep the old commits
  reachable by id until it garbage-collects them (GitHub: ask support to purge cached views).
";

pub fn markdown(m: &Model, group: usize) -> String {
    let g = &m.groups[group];
    let first = &m.findings[g.members[0]];
    let playbook = m.playbooks.for_provider(first.provider.as_deref());
    let name = playbook.map_or("Secret", |p| p.name.as_str());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Leaked {} secret: {}\n",
        clean(name),
        clean(first.rule())
    );
    let _ = writeln!(
        out,
        "- Secret: `{}` (redacted; fingerprint `{}`)",
        clean(&first.redacted),
        crate::allowlist::short(&g.fingerprint)
    );
    // `no` from a scanner means it could not confirm the key works, not that it is dead.
    let verified = match first.verified {
        crate::finding::Verified::Yes => "yes: treat it as an incident",
        crate::finding::Verified::No => {
            "not verified (a tool could not confirm it works; it may still)"
        }
        crate::finding::Verified::Unknown => "not checked",
    };
    let _ = writeln!(out, "- Verified live: {verified}");
    let _ = writeln!(out, "- Reported by: {}", first.tools().join(", "));
    let _ = writeln!(
        out,
        "- Found in {} place{}:",
        g.members.len(),
        if g.members.len() == 1 { "" } else { "s" }
    );
    for &i in &g.members {
        let f = &m.findings[i];
        let commit = f
            .commit
            .as_deref()
            .map(|c| format!(" (commit {})", c.chars().take(12).collect::<String>()))
            .unwrap_or_default();
        let history = f
            .history
            .as_deref()
            .map(|h| {
                format!(
                    "; {}",
                    crate::output::text::history_note(f.commit.as_deref(), h)
                )
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  - `{}`{}{}",
            clean(&f.place()),
            clean(&commit),
            clean(&history)
        );
    }
    if let Some(r) = m.triage.get(&g.fingerprint) {
        if let Some(st) = &r.status_changed {
            let _ = writeln!(
                out,
                "- Status: {} (set by {}, {})",
                r.status.words(),
                clean(&st.by),
                clean(&st.at)
            );
        }
        if !r.notes.is_empty() {
            let _ = writeln!(out, "\n## Notes\n");
            for n in &r.notes {
                let _ = writeln!(
                    out,
                    "- {} ({}, {})",
                    clean(&n.text),
                    clean(&n.by),
                    clean(&n.at)
                );
            }
        }
    }
    if g.members.iter().any(|&i| m.findings[i].history.is_some()) {
        out.push_str(HISTORY_STEPS);
    }
    if let Some(p) = playbook {
        let ticks = m.triage.get(&g.fingerprint).map(|r| &r.checklist);
        let _ = writeln!(
            out,
            "\n## What it grants\n\n{}\n\n## Revocation checklist\n",
            clean(&p.grants)
        );
        for step in &p.checklist {
            let done = ticks.is_some_and(|t| t.contains_key(&step.id));
            crate::playbook::render::checklist_item(&mut out, step, done);
            out.push('\n');
        }
        let _ = writeln!(out, "\n## Check whether it was abused\n");
        for c in &p.abuse_checks {
            let _ = writeln!(out, "- {}", clean(c));
        }
    }
    out
}
