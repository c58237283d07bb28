//! `leakdesk playbook [ID]`: the known providers, or one provider's playbook.

use super::{EXIT_CLEAN, EXIT_ERROR, PlaybookArgs, PlaybookFormat, emit};
use crate::playbook::{self, Library, render};
use crate::sanitize::clean;

pub fn run(args: &PlaybookArgs) -> u8 {
    // The repository's playbooks are found from --root, as the screen and scans find them.
    let repo = playbook::repo_dir(&args.root);
    let (lib, warnings) = Library::load(playbook::user_dir().as_deref(), repo.as_deref());
    for w in &warnings {
        errln!("warning: {w}\n  (this playbook file was skipped; the others are loaded)");
    }
    let written = match &args.id {
        None => emit(|out| {
            let rows: Vec<(&str, &str, &str)> = lib
                .iter()
                .map(|(p, s)| (p.id.as_str(), p.name.as_str(), s.label()))
                .collect();
            let id_w = rows
                .iter()
                .map(|r| r.0.chars().count())
                .max()
                .unwrap_or(0)
                .max(2);
            let name_w = rows
                .iter()
                .map(|r| r.1.chars().count())
                .max()
                .unwrap_or(0)
                .max(4);
            writeln!(out, "{:id_w$}  {:name_w$}  SOURCE", "ID", "NAME")?;
            for (id, name, source) in rows {
                writeln!(
                    out,
                    "{:id_w$}  {:name_w$}  {source}",
                    clean(id),
                    clean(name)
                )?;
            }
            Ok(())
        }),
        Some(id) => {
            let Some((p, source)) = lib.get(id) else {
                let closest = lib.closest(id);
                let hint = if closest.is_empty() {
                    String::new()
                } else {
                    format!(" Closest: {}.", closest.join(", "))
                };
                errln!(
                    "error: no playbook `{}`.{hint} `leakdesk playbook` lists every provider.",
                    clean(id)
                );
                return EXIT_ERROR;
            };
            emit(|out| match args.format {
                PlaybookFormat::Text => out.write_all(render::text(p, source).as_bytes()),
                PlaybookFormat::Markdown => out.write_all(render::markdown(p).as_bytes()),
                PlaybookFormat::Json => {
                    let mut v = serde_json::to_value(p).unwrap_or_default();
                    v["source"] = source.label().into();
                    crate::safe_json::to_writer_pretty(&mut *out, &v)?;
                    out.write_all(b"\n")
                }
            })
        }
    };
    match written {
        Ok(()) => EXIT_CLEAN,
        Err(e) => {
            errln!("error: {e}");
            EXIT_ERROR
        }
    }
}
