//! The one place that runs the `git` program: who is deciding (`user.name`/`user.email`), a
//! file as it was at a ref (for `allowlist review`), and the merge driver's registration. The
//! rest of leakdesk never starts a process.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::validate::quote;

/// What went wrong asking git, with the value concerned.
#[derive(Debug)]
pub enum GitError {
    /// The `git` program could not be started.
    Run(std::io::Error),
    /// The folder is not inside a git repository.
    NotARepository(PathBuf),
    /// The file lies outside the repository it was looked up in.
    Outside { path: PathBuf, top: PathBuf },
    /// The ref names no commit.
    NotACommit(String),
    /// git refused, saying this.
    Refused(String),
}

impl fmt::Display for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Run(e) => write!(f, "cannot run git: {e}; is it installed and on PATH?"),
            Self::NotARepository(dir) => {
                write!(f, "{} is not inside a git repository", dir.display())
            }
            Self::Outside { path, top } => write!(
                f,
                "{} is outside the repository at {}",
                path.display(),
                top.display()
            ),
            Self::NotACommit(r) => {
                write!(
                    f,
                    "{} is not a commit, branch or tag of this repository",
                    quote(r)
                )
            }
            Self::Refused(said) => write!(f, "git: {}", crate::sanitize::clean(said)),
        }
    }
}

impl std::error::Error for GitError {}

fn run(dir: &Path, args: &[&str]) -> Result<Output, GitError> {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(GitError::Run)
}

/// Who is deciding: `Name <email>` from git's configuration in `dir`, else the OS user.
pub fn identity(dir: &Path) -> String {
    let get = |key: &str| {
        run(dir, &["config", "--get", key])
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    };
    match (get("user.name"), get("user.email")) {
        (Some(name), Some(email)) => format!("{name} <{email}>"),
        (Some(name), None) => name,
        (None, Some(email)) => email,
        (None, None) => std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "unknown".into()),
    }
}

/// The top folder of the repository holding `dir`.
pub fn toplevel(dir: &Path) -> Result<PathBuf, GitError> {
    let top = run(dir, &["rev-parse", "--show-toplevel"])?;
    if !top.status.success() {
        return Err(GitError::NotARepository(dir.to_path_buf()));
    }
    Ok(PathBuf::from(String::from_utf8_lossy(&top.stdout).trim()))
}

/// `path` as it was at `git_ref`: its name (`REF:path`) and bytes, or `None` when the file
/// did not exist there.
pub fn show_at(path: &Path, git_ref: &str) -> Result<(String, Option<Vec<u8>>), GitError> {
    let abs = std::path::absolute(path).map_err(GitError::Run)?;
    // git runs in the nearest folder that exists: the file (and `.leakdesk/`) may not yet.
    let mut dir = abs.parent().unwrap_or(Path::new("."));
    while !dir.is_dir() {
        dir = dir.parent().unwrap_or(Path::new("/"));
    }
    let top = toplevel(dir)?;
    // Compare resolved paths: the temp or home folder may be reached through a symlink.
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let below = abs.strip_prefix(dir).unwrap_or(&abs);
    let file = canonical(dir).join(below);
    let rel = file
        .strip_prefix(canonical(&top))
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .map_err(|_| GitError::Outside {
            path: path.to_path_buf(),
            top: top.clone(),
        })?;
    let verify = run(
        dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{git_ref}^{{commit}}"),
        ],
    )?;
    if !verify.status.success() {
        return Err(GitError::NotACommit(git_ref.to_owned()));
    }
    let name = format!("{git_ref}:{rel}");
    let shown = run(dir, &["show", &name])?;
    Ok((name, shown.status.success().then_some(shown.stdout)))
}

/// Sets `key` to `value` in the git configuration of the repository at `dir`.
pub fn set_config(dir: &Path, key: &str, value: &str) -> Result<(), GitError> {
    let o = run(dir, &["config", key, value])?;
    if o.status.success() {
        Ok(())
    } else {
        Err(GitError::Refused(
            String::from_utf8_lossy(&o.stderr).trim().to_owned(),
        ))
    }
}
