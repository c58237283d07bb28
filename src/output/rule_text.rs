//! What SARIF says about a rule: a one-line summary, what the secret grants and the risk, and
//! the steps to take, from the provider's playbook (a general text for rules with none). Code
//! scanning shows these beside every alert, so the reader needs nothing else to act.

use crate::playbook::Playbook;

pub struct RuleText {
    pub short: String,
    pub full: String,
    pub help: String,
    pub help_markdown: String,
}

/// Playbook text is the team's own and may be overridden: one line each, no control characters.
fn line(s: &str) -> String {
    crate::sanitize::one_line(s)
}

pub fn describe(rule: &str, playbook: Option<&Playbook>) -> RuleText {
    let rule = line(rule);
    let Some(p) = playbook else {
        let steps = [
            "Find out whether the value is a real credential and what it opens.",
            "If it is, revoke it where it was issued, issue a replacement, and move it out of the code (into an environment variable or your secrets manager).",
            "If it is not, record the decision with a reason: `leakdesk allowlist add`.",
        ];
        return RuleText {
            short: format!("Possible secret (rule {rule})"),
            full: format!(
                "A value that rule {rule} reports as a credential. No playbook names its provider, so what it grants is unknown."
            ),
            help: steps.join("\n"),
            help_markdown: steps
                .iter()
                .enumerate()
                .map(|(i, s)| format!("{}. {s}", i + 1))
                .collect::<Vec<_>>()
                .join("\n"),
        };
    };
    let name = line(&p.name);
    let secret = p
        .secrets
        .first()
        .map_or_else(|| "secret".into(), |s| line(s));
    let risks: Vec<String> = p.risks.iter().map(|r| line(r)).collect();
    let steps: Vec<String> = p
        .checklist
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{}. {}", i + 1, line(&s.title)))
        .collect();
    let full = format!("{name} {secret} in the code. {}", line(&p.grants));
    let mut help = format!("{full}\n\nRisks:\n");
    let mut markdown = format!(
        "**{name} {secret} leaked.** {}\n\n**Risks**\n\n",
        line(&p.grants)
    );
    for r in &risks {
        help.push_str(&format!("- {r}\n"));
        markdown.push_str(&format!("- {r}\n"));
    }
    help.push_str("\nWhat to do:\n");
    markdown.push_str("\n**What to do**\n\n");
    for s in &steps {
        help.push_str(&format!("{s}\n"));
        markdown.push_str(&format!("{s}\n"));
    }
    if !p.links.is_empty() {
        markdown.push_str("\n**Sources**\n\n");
        for l in &p.links {
            markdown.push_str(&format!("- <{}>\n", line(l)));
        }
    }
    markdown.push_str(&format!(
        "\n`leakdesk playbook {}` shows the full playbook.\n",
        line(&p.id)
    ));
    RuleText {
        short: format!("{name} {secret} leaked"),
        full,
        help: help.trim_end().to_owned(),
        help_markdown: markdown.trim_end().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_playbook_rule_says_what_leaked_the_risk_and_the_steps() {
        let lib = crate::playbook::Library::bundled();
        let (aws, _) = lib.get("aws").unwrap();
        let t = describe("aws-access-token", Some(aws));
        assert!(t.short.contains("AWS"), "{}", t.short);
        assert!(
            t.help.contains("Risks:") && t.help.contains("1. "),
            "{}",
            t.help
        );
        assert!(t.help_markdown.contains("leakdesk playbook aws"));
        let g = describe("generic-api-key", None);
        assert!(g.short.contains("generic-api-key") && !g.help.is_empty());
    }
}
