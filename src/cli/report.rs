//! `leakdesk report [INPUT]...`: the incident record of the secrets (all, or those the screen's
//! filter words keep), as Markdown, JSON or one HTML file. No raw secret, ever.

use super::{EXIT_CLEAN, EXIT_ERROR, ReportArgs, emit, load};
use crate::incident::{self, Format};
use crate::sanitize::clean;
use crate::tui::model::Model;

pub fn run(args: &ReportArgs) -> u8 {
    let Some(format) = Format::named(&args.format) else {
        errln!(
            "error: --format {}: choose markdown, json or html",
            clean(&args.format)
        );
        return EXIT_ERROR;
    };
    let Some(ws) = load::workspace(&args.input, "reported") else {
        return EXIT_ERROR;
    };
    let incomplete = load::report_incomplete(ws.unreadable, "the record may miss secrets");
    let mut m = Model::from_workspace(ws);
    // Decided secrets belong in the record too: who decided what is part of it.
    m.show_allowlisted = true;
    m.filter = args.filter.clone().unwrap_or_default();
    m.refresh();
    let selection = match &args.filter {
        Some(f) => format!("the filter `{}`", clean(f)),
        None => "every secret".to_owned(),
    };
    let record = incident::gather(&m, &m.visible, &selection, &crate::time::now_rfc3339());
    let text = incident::write(&record, format);
    let written = match &args.output {
        Some(path) => crate::store::replace_file(path, text.as_bytes()).map(|()| {
            errln!(
                "leakdesk: wrote the record of {} secret{} to {}",
                record.secrets.len(),
                if record.secrets.len() == 1 { "" } else { "s" },
                path.display()
            );
        }),
        None => emit(|out| out.write_all(text.as_bytes())),
    };
    match written {
        Ok(()) if incomplete => EXIT_ERROR,
        Ok(()) => EXIT_CLEAN,
        Err(e) => {
            errln!("error: {e}");
            EXIT_ERROR
        }
    }
}
