//! `o`: the finding's file in the user's editor, at its line. `$VISUAL`, then `$EDITOR`, then
//! `vi`; each known editor gets its own way of naming a line, any other just the file.

use std::path::Path;
use std::process::Command;

/// The editor the user chose, as a program and its own arguments (`code --wait`).
pub fn chosen() -> Vec<String> {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|v| v.to_string_lossy().into_owned())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_owned())
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// The command that opens `file` at `line` with `editor` (program and arguments).
pub fn command(editor: &[String], file: &Path, line: Option<u32>) -> Option<Command> {
    let (program, args) = editor.split_first()?;
    let name = Path::new(program)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A report's file name may start with `-`: never read as an option.
    let path = if file.to_string_lossy().starts_with('-') {
        Path::new(".").join(file)
    } else {
        file.to_path_buf()
    };
    let shown = path.to_string_lossy().into_owned();
    let mut cmd = Command::new(program);
    cmd.args(args);
    match (name.as_str(), line) {
        (
            "vi" | "vim" | "nvim" | "view" | "nano" | "emacs" | "emacsclient" | "micro" | "kak"
            | "kakoune" | "mg" | "joe",
            Some(n),
        ) => {
            cmd.arg(format!("+{n}")).arg(&path);
        }
        ("hx" | "helix", Some(n)) => {
            cmd.arg(format!("{shown}:{n}"));
        }
        ("code" | "codium" | "code-insiders" | "cursor", Some(n)) => {
            cmd.arg("--goto").arg(format!("{shown}:{n}"));
        }
        ("subl" | "zed", Some(n)) => {
            cmd.arg(format!("{shown}:{n}"));
        }
        _ => {
            cmd.arg(&path);
        }
    }
    Some(cmd)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(editor: &str, file: &str, line: Option<u32>) -> Vec<String> {
        let editor: Vec<String> = editor.split_whitespace().map(str::to_owned).collect();
        let cmd = command(&editor, Path::new(file), line).unwrap();
        std::iter::once(cmd.get_program().to_string_lossy().into_owned())
            .chain(cmd.get_args().map(|a| a.to_string_lossy().into_owned()))
            .collect()
    }

    #[test]
    fn each_editor_gets_the_line_its_way() {
        assert_eq!(args("vim", ".env", Some(5)), ["vim", "+5", ".env"]);
        assert_eq!(
            args("/usr/bin/nvim", "a.py", Some(12)),
            ["/usr/bin/nvim", "+12", "a.py"]
        );
        assert_eq!(args("nano", "a.py", Some(3)), ["nano", "+3", "a.py"]);
        assert_eq!(args("hx", "a.py", Some(3)), ["hx", "a.py:3"]);
        assert_eq!(
            args("code --wait", "a.py", Some(3)),
            ["code", "--wait", "--goto", "a.py:3"]
        );
        assert_eq!(args("ed", "a.py", Some(3)), ["ed", "a.py"]);
        assert_eq!(args("vim", "a.py", None), ["vim", "a.py"]);
        // A name that looks like an option is a path.
        assert_eq!(args("vim", "-rf", Some(1)), ["vim", "+1", "./-rf"]);
    }
}
