//! `leakdesk fix FINGERPRINT|FILE:LINE [INPUT]...`: the code that takes the key out of the file,
//! for the finding's language, by one of four methods.

use super::{EXIT_CLEAN, EXIT_ERROR, FixArgs, emit, load};
use crate::finding::Finding;
use crate::fix::{self, Lang, Method};
use crate::sanitize::clean;

pub fn run(args: &FixArgs) -> u8 {
    match execute(args) {
        Ok(()) => EXIT_CLEAN,
        Err(Some(e)) => {
            errln!("error: {}", crate::sanitize::clean_lines(&e));
            EXIT_ERROR
        }
        Err(None) => EXIT_ERROR,
    }
}

fn execute(args: &FixArgs) -> Result<(), Option<String>> {
    let method = Method::named(&args.method).ok_or_else(|| {
        Some(format!(
            "--method {}: choose env, aws, vault or conjur",
            clean(&args.method)
        ))
    })?;
    let forced = match args.lang.as_deref() {
        Some(l) => Some(Lang::named(l).ok_or_else(|| {
            Some(format!(
                "--lang {}: choose one of {}",
                clean(l),
                Lang::ALL.map(Lang::id).join(", ")
            ))
        })?),
        None => None,
    };
    // The errors of unreadable inputs are printed already.
    let inputs = load::load(&args.input).map_err(|errors| {
        for e in errors {
            errln!("{e}");
        }
        None
    })?;
    let f = target(&args.target, &inputs.findings, &args.input.root).map_err(Some)?;
    let first_line = std::fs::read_to_string(args.input.root.join(&f.file))
        .ok()
        .and_then(|t| t.lines().next().map(str::to_owned));
    let lang = forced
        .or_else(|| Lang::detect(&f.file, first_line.as_deref()))
        .unwrap_or(Lang::Shell);
    let (library, warnings) = fix::Library::for_root(&args.input.root);
    for w in warnings {
        errln!("warning: {w}");
    }
    let fix = fix::render(f, method, lang, &library).map_err(Some)?;
    emit(|out| {
        writeln!(
            out,
            "# {} {} in {} ({}): keep it in {}",
            clean(f.provider.as_deref().unwrap_or("secret")),
            clean(&f.redacted),
            clean(&f.place()),
            lang.id(),
            method.title()
        )?;
        writeln!(out, "# install: {}", clean(&fix.package))?;
        if let (Some(before), Some(after)) = (&fix.before, &fix.after) {
            writeln!(out, "# before: {}", clean(before))?;
            writeln!(out, "# after:  {}", clean(after))?;
        }
        writeln!(out)?;
        out.write_all(crate::sanitize::clean_lines(&fix.code).as_bytes())?;
        Ok(())
    })
    .map_err(|_| None)?;
    if lang == Lang::Shell && forced.is_none() && Lang::detect(&f.file, None).is_none() {
        errln!(
            "leakdesk: {} has no language leakdesk recognises; showing shell (choose with --lang)",
            clean(&f.file)
        );
    }
    Ok(())
}

/// The finding a fingerprint prefix or `FILE:LINE` names.
fn target<'a>(
    given: &str,
    found: &'a [Finding],
    root: &std::path::Path,
) -> Result<&'a Finding, String> {
    if let Some((file, line)) = load::parse_place(given) {
        return load::finding_at(found, root, file, line);
    }
    let fp = crate::fingerprint::resolve(given, found.iter().map(|f| f.fingerprint.as_str()))
        .map_err(|e| e.to_string())?;
    found
        .iter()
        .find(|f| f.fingerprint == fp.fingerprint())
        .ok_or_else(|| {
            format!(
                "no finding with fingerprint {} in these inputs",
                crate::allowlist::short(fp.fingerprint())
            )
        })
}
