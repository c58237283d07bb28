//! The code that takes a leaked key out of the file: for the finding's language, one of four
//! ways to keep it out of code (environment variables, AWS Secrets Manager, HashiCorp Vault,
//! CyberArk Conjur), with the package to install, and the leaked line before and after (the
//! secret redacted). Templates are data (`src/fix/templates/<method>.txt`, embedded), and a file
//! of the same name in the config directory's or the repository's `.leakdesk/fixes/` replaces
//! the sections it has.

pub mod lang;
mod templates;

use crate::finding::Finding;
pub use lang::Lang;

/// Where the key goes instead of the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    Env,
    Aws,
    Vault,
    Conjur,
}

impl Method {
    pub const ALL: [Method; 4] = [Self::Env, Self::Aws, Self::Vault, Self::Conjur];

    pub fn id(self) -> &'static str {
        match self {
            Self::Env => "env",
            Self::Aws => "aws",
            Self::Vault => "vault",
            Self::Conjur => "conjur",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Env => "an environment variable",
            Self::Aws => "AWS Secrets Manager",
            Self::Vault => "HashiCorp Vault",
            Self::Conjur => "CyberArk Conjur",
        }
    }

    pub fn named(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.id() == name)
    }
}

/// A fix, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub method: Method,
    pub lang: Lang,
    /// What to install (or `none (standard library)`).
    pub package: String,
    /// The snippet, every placeholder filled.
    pub code: String,
    /// The line that leaked, the secret redacted, and what it becomes; absent when the report
    /// did not carry the line.
    pub before: Option<String>,
    pub after: Option<String>,
    /// The names the snippet uses: the variable, and where the secret is stored.
    pub names: Names,
}

/// The names a provider's key goes by in the snippets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    /// `MESSAGEBIRD_API_KEY`.
    pub var: String,
    /// `prod/messagebird/api-key` (AWS Secrets Manager, Conjur).
    pub secret_id: String,
    /// Vault KV v2: mount, path and field.
    pub vault: (String, String, String),
}

/// The conventional variable for a provider's key: what its own documentation and SDKs read.
fn var_for(provider: Option<&str>, rule: &str) -> String {
    let known = match provider.unwrap_or("") {
        "customerio" => Some("CUSTOMERIO_APP_API_KEY"),
        "messagebird" => Some("MESSAGEBIRD_API_KEY"),
        "chiefapp" => Some("CHIEF_API_TOKEN"),
        "cloudsight" => Some("CLOUDSIGHT_API_KEY"),
        "freshchat" => Some("FRESHCHAT_API_TOKEN"),
        "aws" => Some("AWS_SECRET_ACCESS_KEY"),
        "github" => Some("GITHUB_TOKEN"),
        "gitlab" => Some("GITLAB_TOKEN"),
        "stripe" => Some("STRIPE_SECRET_KEY"),
        "slack" => Some("SLACK_BOT_TOKEN"),
        "openai" => Some("OPENAI_API_KEY"),
        "mapbox" => Some("MAPBOX_ACCESS_TOKEN"),
        "anthropic" => Some("ANTHROPIC_API_KEY"),
        "sendgrid" => Some("SENDGRID_API_KEY"),
        "twilio" => Some("TWILIO_AUTH_TOKEN"),
        "npm" => Some("NPM_TOKEN"),
        "pypi" => Some("PYPI_API_TOKEN"),
        "database" => Some("DATABASE_URL"),
        _ => None,
    };
    if let Some(v) = known {
        return v.to_owned();
    }
    let base = provider.unwrap_or(rule);
    let mut v: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    v = v.trim_matches('_').to_owned();
    if v.is_empty() || v.starts_with(|c: char| c.is_ascii_digit()) {
        v.insert_str(0, "APP_");
    }
    if !(v.ends_with("_KEY") || v.ends_with("_TOKEN") || v.ends_with("_SECRET")) {
        v.push_str("_API_KEY");
    }
    v
}

impl Names {
    pub fn for_finding(f: &Finding) -> Self {
        let var = var_for(f.provider.as_deref(), f.rule());
        let lower = var.to_ascii_lowercase();
        let (head, tail) = lower.split_once('_').unwrap_or((&lower, "key"));
        let dashed_tail = tail.replace('_', "-");
        Self {
            secret_id: format!("prod/{head}/{dashed_tail}"),
            vault: ("secret".into(), head.to_owned(), tail.to_owned()),
            var,
        }
    }
}

/// The fix for `f` by `method` in `lang`, from `library` (the bundled templates with the
/// user's and the repository's on top).
pub fn render(f: &Finding, method: Method, lang: Lang, library: &Library) -> Result<Fix, String> {
    let names = Names::for_finding(f);
    let section = library.section(method, lang).ok_or_else(|| {
        format!(
            "no {} template for {}; the templates are in src/fix/templates and .leakdesk/fixes/",
            method.title(),
            lang.id()
        )
    })?;
    let provider = f.provider.clone().unwrap_or_else(|| f.rule().to_owned());
    let fill = |text: &str| fill(text, &names, &provider);
    let code = fill(&section.code);
    let expr = fill(&section.expr);
    let package = fill(&section.package);
    for part in [&code, &expr, &package] {
        if let Some(left) = unfilled(part) {
            return Err(format!(
                "the {} template for {} has a placeholder leakdesk does not know: {left}",
                method.title(),
                lang.id()
            ));
        }
    }
    let (before, after) = match f.masked_context() {
        Some(masked) => {
            let after = f
                .context
                .as_deref()
                .zip(f.secret.as_ref())
                .map(|(line, s)| replace_secret(line, s.expose(), &expr, &names.var, lang));
            (Some(masked.trim_end().to_owned()), after)
        }
        None => (None, None),
    };
    Ok(Fix {
        method,
        lang,
        package,
        code,
        before,
        after,
        names,
    })
}

fn fill(text: &str, names: &Names, provider: &str) -> String {
    let snake = names.var.to_ascii_lowercase();
    let camel = {
        let mut out = String::new();
        for (i, part) in snake.split('_').enumerate() {
            let mut chars = part.chars();
            if let Some(c) = chars.next() {
                if i == 0 {
                    out.push(c);
                } else {
                    out.push(c.to_ascii_uppercase());
                }
                out.push_str(chars.as_str());
            }
        }
        out
    };
    text.replace("[[VAR]]", &names.var)
        .replace("[[SNAKE]]", &snake)
        .replace("[[CAMEL]]", &camel)
        .replace("[[DASHED]]", &snake.replace('_', "-"))
        .replace("[[SECRET_ID]]", &names.secret_id)
        .replace("[[CONJUR_ID]]", &names.secret_id)
        .replace("[[VAULT_MOUNT]]", &names.vault.0)
        .replace("[[VAULT_PATH]]", &names.vault.1)
        .replace("[[VAULT_FIELD]]", &names.vault.2)
        .replace("[[PROVIDER]]", provider)
}

/// A `[[NAME]]` left in rendered text.
pub fn unfilled(text: &str) -> Option<String> {
    let start = text.find("[[")?;
    let rest = &text[start + 2..];
    let end = rest.find("]]")?;
    let name = &rest[..end];
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        .then(|| format!("[[{name}]]"))
}

/// The leaked line with the secret (and the quotes around it) replaced by `expr`; in forms
/// with no expression (`.env`), the value is emptied. The secret never survives.
fn replace_secret(line: &str, secret: &str, expr: &str, var: &str, lang: Lang) -> String {
    let line = line.trim_end();
    let Some(at) = line.find(secret) else {
        return hide(line, secret);
    };
    let (mut start, mut end) = (at, at + secret.len());
    let bytes = line.as_bytes();
    if start > 0
        && end < bytes.len()
        && matches!(bytes[start - 1], b'"' | b'\'' | b'`')
        && bytes[end] == bytes[start - 1]
    {
        start -= 1;
        end += 1;
    }
    let replacement = if expr.is_empty() {
        if lang == Lang::Dotenv {
            String::new()
        } else {
            format!("<{var} from the environment>")
        }
    } else {
        expr.to_owned()
    };
    let out = format!("{}{}{}", &line[..start], replacement, &line[end..]);
    hide(&out, secret)
}

/// `text` with every occurrence of `secret` masked.
fn hide(text: &str, secret: &str) -> String {
    if secret.is_empty() {
        return text.to_owned();
    }
    text.replace(secret, "********")
}

pub use templates::Library;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_provider() {
        assert_eq!(var_for(Some("messagebird"), "x"), "MESSAGEBIRD_API_KEY");
        assert_eq!(var_for(None, "generic-api-key"), "GENERIC_API_KEY");
        assert_eq!(var_for(Some("acme.io"), "x"), "ACME_IO_API_KEY");
        assert_eq!(var_for(Some("3scale"), "x"), "APP_3SCALE_API_KEY");
    }

    #[test]
    fn the_leaked_line_loses_the_secret_and_its_quotes() {
        let after = replace_secret(
            r#"client = Client("H0s6w9S0eDmKAShGQgtTl3ENL")"#,
            "H0s6w9S0eDmKAShGQgtTl3ENL",
            r#"os.environ["MESSAGEBIRD_API_KEY"]"#,
            "MESSAGEBIRD_API_KEY",
            Lang::Python,
        );
        assert_eq!(
            after,
            r#"client = Client(os.environ["MESSAGEBIRD_API_KEY"])"#
        );
        let env = replace_secret(
            "MESSAGEBIRD_API_KEY=H0s6w9S0eDmKAShGQgtTl3ENL",
            "H0s6w9S0eDmKAShGQgtTl3ENL",
            "",
            "MESSAGEBIRD_API_KEY",
            Lang::Dotenv,
        );
        assert_eq!(env, "MESSAGEBIRD_API_KEY=");
    }

    #[test]
    fn a_left_placeholder_is_found() {
        assert_eq!(unfilled("a [[NOPE]] b"), Some("[[NOPE]]".into()));
        assert_eq!(unfilled("x = [[1, 2]]"), None);
    }
}
