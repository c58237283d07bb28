//! Which language a finding's file is in: from its name (extension, or the names of
//! configuration files), then from its first line (`#!/usr/bin/env python3`), else a default the
//! person picks (`--lang`).

/// A language or configuration form the snippets are written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lang {
    Python,
    JavaScript,
    TypeScript,
    Go,
    Java,
    Ruby,
    Rust,
    Php,
    CSharp,
    Shell,
    Dotenv,
    /// Kubernetes manifests and other YAML.
    Yaml,
    /// docker compose.
    Compose,
    Terraform,
    GithubActions,
}

impl Lang {
    pub const ALL: [Lang; 15] = [
        Self::Python,
        Self::JavaScript,
        Self::TypeScript,
        Self::Go,
        Self::Java,
        Self::Ruby,
        Self::Rust,
        Self::Php,
        Self::CSharp,
        Self::Shell,
        Self::Dotenv,
        Self::Yaml,
        Self::Compose,
        Self::Terraform,
        Self::GithubActions,
    ];

    /// The name in templates and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Self::Python => "python",
            Self::JavaScript => "javascript",
            Self::TypeScript => "typescript",
            Self::Go => "go",
            Self::Java => "java",
            Self::Ruby => "ruby",
            Self::Rust => "rust",
            Self::Php => "php",
            Self::CSharp => "csharp",
            Self::Shell => "shell",
            Self::Dotenv => "dotenv",
            Self::Yaml => "yaml",
            Self::Compose => "compose",
            Self::Terraform => "terraform",
            Self::GithubActions => "github-actions",
        }
    }

    pub fn named(name: &str) -> Option<Self> {
        let name = name.to_ascii_lowercase();
        let alias = match name.as_str() {
            "py" => "python",
            "js" | "node" => "javascript",
            "ts" => "typescript",
            "golang" => "go",
            "rb" => "ruby",
            "rs" => "rust",
            "c#" | "cs" | "dotnet" => "csharp",
            "sh" | "bash" => "shell",
            ".env" | "env" => "dotenv",
            "kubernetes" | "k8s" | "yml" => "yaml",
            "docker-compose" => "compose",
            "tf" | "hcl" => "terraform",
            "actions" | "github" => "github-actions",
            other => other,
        };
        Self::ALL.into_iter().find(|l| l.id() == alias)
    }

    /// The language of `path`, from its name, then from `first_line` (a shebang).
    pub fn detect(path: &str, first_line: Option<&str>) -> Option<Self> {
        let lower = path.to_ascii_lowercase();
        let name = lower.rsplit('/').next().unwrap_or(&lower);
        if lower.contains(".github/workflows/")
            && (name.ends_with(".yml") || name.ends_with(".yaml"))
        {
            return Some(Self::GithubActions);
        }
        if (name.starts_with("docker-compose") || name.starts_with("compose"))
            && (name.ends_with(".yml") || name.ends_with(".yaml"))
        {
            return Some(Self::Compose);
        }
        if name == ".env" || name.starts_with(".env.") || name.ends_with(".env") {
            return Some(Self::Dotenv);
        }
        let ext = name.rsplit_once('.').map(|(_, e)| e);
        let by_ext = match ext {
            Some("py") => Some(Self::Python),
            Some("js" | "mjs" | "cjs" | "jsx") => Some(Self::JavaScript),
            Some("ts" | "tsx" | "mts" | "cts") => Some(Self::TypeScript),
            Some("go") => Some(Self::Go),
            Some("java" | "kt" | "scala") => Some(Self::Java),
            Some("rb") => Some(Self::Ruby),
            Some("rs") => Some(Self::Rust),
            Some("php") => Some(Self::Php),
            Some("cs") => Some(Self::CSharp),
            Some("sh" | "bash" | "zsh" | "ksh") => Some(Self::Shell),
            Some("yml" | "yaml") => Some(Self::Yaml),
            Some("tf" | "tfvars" | "hcl") => Some(Self::Terraform),
            _ => None,
        };
        by_ext.or_else(|| {
            let line = first_line?.strip_prefix("#!")?;
            let interp = line.split_whitespace().find(|w| !w.ends_with("/env"))?;
            let interp = interp.rsplit('/').next().unwrap_or(interp);
            match interp {
                i if i.starts_with("python") => Some(Self::Python),
                "node" | "deno" | "bun" => Some(Self::JavaScript),
                "ruby" => Some(Self::Ruby),
                "php" => Some(Self::Php),
                "sh" | "bash" | "zsh" | "dash" | "ksh" => Some(Self::Shell),
                _ => None,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_come_from_names_then_shebangs() {
        assert_eq!(Lang::detect("src/app.py", None), Some(Lang::Python));
        assert_eq!(Lang::detect(".env.production", None), Some(Lang::Dotenv));
        assert_eq!(
            Lang::detect(".github/workflows/ci.yml", None),
            Some(Lang::GithubActions)
        );
        assert_eq!(
            Lang::detect("deploy/docker-compose.yml", None),
            Some(Lang::Compose)
        );
        assert_eq!(Lang::detect("k8s/deploy.yaml", None), Some(Lang::Yaml));
        assert_eq!(Lang::detect("infra/main.tf", None), Some(Lang::Terraform));
        assert_eq!(
            Lang::detect("bin/deploy", Some("#!/usr/bin/env bash")),
            Some(Lang::Shell)
        );
        assert_eq!(
            Lang::detect("tools/sync", Some("#!/usr/bin/python3 -u")),
            Some(Lang::Python)
        );
        assert_eq!(Lang::detect("README", Some("hello")), None);
        assert_eq!(Lang::named("k8s"), Some(Lang::Yaml));
    }
}
