//! Tools write the same file as `/abs/repo/a.py`, `./a.py`, `a.py` or `file:///abs/repo/a.py`.
//! Normalising against one root makes the same file the same place.

use std::path::{Component, Path};

/// The directory paths are made relative to (`--root`, by default the current directory).
#[derive(Debug, Clone)]
pub struct Root {
    /// Absolute, lexically cleaned, `/`-separated.
    given: String,
    /// The same after resolving symlinks, when the directory exists.
    canonical: Option<String>,
}

impl Root {
    pub fn new(dir: &Path) -> Self {
        let absolute = if dir.is_absolute() {
            dir.to_path_buf()
        } else {
            std::env::current_dir().map_or_else(|_| dir.to_path_buf(), |cwd| cwd.join(dir))
        };
        let given = clean(&to_slashes(&absolute));
        let canonical = std::fs::canonicalize(&absolute)
            .ok()
            .map(|p| clean(&to_slashes(&p)))
            .filter(|c| *c != given);
        Self { given, canonical }
    }

    /// `/`-separated, relative to the root when under it, without `.`/`..` segments.
    pub fn normalise(&self, raw: &str) -> String {
        let raw = raw.trim();
        if is_plain_relative(raw) {
            return raw.to_owned();
        }
        // Most absolute paths in a report sit under the root: strip it without rebuilding.
        if let Some(rest) = raw
            .strip_prefix(self.given.as_str())
            .and_then(|r| r.strip_prefix('/'))
            && is_plain_relative(rest)
        {
            return rest.to_owned();
        }
        let decoded;
        let raw = if let Some(rest) = raw.strip_prefix("file://") {
            decoded = percent_decode(rest);
            &decoded
        } else {
            raw
        };
        let path = clean(&raw.replace('\\', "/"));
        if path.starts_with('/') {
            for root in std::iter::once(&self.given).chain(self.canonical.as_ref()) {
                if let Some(rest) = strip_dir(&path, root) {
                    return rest;
                }
            }
        }
        path
    }
}

/// Already in normal form: relative, `/`-separated, no empty, `.` or `..` segments.
fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.starts_with("file:")
        && path.split('/').all(|seg| !matches!(seg, "" | "." | ".."))
}

fn to_slashes(p: &Path) -> String {
    p.components()
        .map(|c| match c {
            Component::RootDir => String::new(),
            other => other.as_os_str().to_string_lossy().into_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
        .replace("//", "/")
}

fn strip_dir(path: &str, dir: &str) -> Option<String> {
    if dir == "/" {
        return Some(path.trim_start_matches('/').to_owned()).filter(|p| !p.is_empty());
    }
    let rest = path.strip_prefix(dir)?;
    let rest = rest.strip_prefix('/')?;
    (!rest.is_empty()).then(|| rest.to_owned())
}

/// Lexical clean-up: drops empty and `.` segments, folds `dir/..`. Keeps a leading `/`.
fn clean(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            ".." if absolute => {}
            seg => parts.push(seg),
        }
    }
    let joined = parts.join("/");
    match (absolute, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

/// `%20` and friends in SARIF URIs; malformed escapes are kept as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> Root {
        Root {
            given: "/work/repo".into(),
            canonical: Some("/private/work/repo".into()),
        }
    }

    #[test]
    fn same_file_written_four_ways_is_one_path() {
        let r = root();
        for raw in [
            "src/a.py",
            "./src/a.py",
            "/work/repo/src/a.py",
            "file:///work/repo/src/a.py",
            "src//./b/../a.py",
        ] {
            assert_eq!(r.normalise(raw), "src/a.py", "{raw}");
        }
        assert_eq!(r.normalise("/private/work/repo/src/a.py"), "src/a.py");
        assert_eq!(r.normalise("src\\a.py"), "src/a.py");
    }

    #[test]
    fn paths_outside_the_root_stay_absolute() {
        assert_eq!(root().normalise("/conf/aws.tf"), "/conf/aws.tf");
        assert_eq!(root().normalise("/work/repository/x"), "/work/repository/x");
        assert_eq!(root().normalise("../other/x"), "../other/x");
    }

    #[test]
    fn uris_are_percent_decoded() {
        assert_eq!(
            root().normalise("file:///work/repo/my%20dir/a.py"),
            "my dir/a.py"
        );
        assert_eq!(root().normalise("file:///work/repo/100%"), "100%");
    }

    #[test]
    fn relative_root_is_made_absolute() {
        let r = Root::new(Path::new("."));
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(r.normalise(&format!("{}/x/y", cwd.display())), "x/y");
    }
}
