//! Reports in: recognise the format from the content, import it into [`Finding`]s, merge inputs.

pub mod date;
pub mod detect_secrets;
pub mod ggshield;
pub mod github;
pub mod gitleaks;
pub mod identity;
pub mod json;
pub mod kingfisher;
pub mod leakdesk;
pub mod merge;
pub mod noseyparker;
pub mod path;
pub mod rebase;
pub mod sarif;
pub mod secretlint;
pub mod trufflehog;

use std::collections::HashMap;

use crate::error::InputError;
use crate::finding::Finding;
use crate::provider;
use json::{Doc, Shape};
pub use path::Root;

/// Every report format leakdesk reads, in the order recognition tries them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// leakdesk's own `list --format json`.
    Leakdesk,
    /// SARIF 2.1.0 from any tool (gitleaks, trufflehog, noseyparker, kingfisher, ggshield, ...).
    Sarif,
    /// detect-secrets baseline (v1.x).
    DetectSecrets,
    /// ggshield `secret scan --json`.
    Ggshield,
    /// Kingfisher JSON or JSON lines.
    Kingfisher,
    /// Nosey Parker `report` JSON or JSON lines.
    Noseyparker,
    /// gitleaks JSON (v8; v7 is read too).
    Gitleaks,
    /// secretlint `--format json`.
    Secretlint,
    /// GitHub secret-scanning alerts (REST API JSON).
    Github,
    /// trufflehog v3 `--json` (JSON lines).
    Trufflehog,
}

impl Format {
    pub const ALL: [Format; 10] = [
        Self::Leakdesk,
        Self::Sarif,
        Self::DetectSecrets,
        Self::Ggshield,
        Self::Kingfisher,
        Self::Noseyparker,
        Self::Gitleaks,
        Self::Secretlint,
        Self::Github,
        Self::Trufflehog,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Leakdesk => "leakdesk",
            Self::Sarif => "sarif",
            Self::DetectSecrets => "detect-secrets",
            Self::Ggshield => "ggshield",
            Self::Kingfisher => "kingfisher",
            Self::Noseyparker => "noseyparker",
            Self::Gitleaks => "gitleaks",
            Self::Secretlint => "secretlint",
            Self::Github => "github",
            Self::Trufflehog => "trufflehog",
        }
    }

    /// Whether the documents look like this format; if not, why not (shown when nothing fits).
    fn recognise(self, docs: &[Shape]) -> Result<(), String> {
        match self {
            Self::Leakdesk => leakdesk::recognise(docs),
            Self::Sarif => sarif::recognise(docs),
            Self::DetectSecrets => detect_secrets::recognise(docs),
            Self::Ggshield => ggshield::recognise(docs),
            Self::Kingfisher => kingfisher::recognise(docs),
            Self::Noseyparker => noseyparker::recognise(docs),
            Self::Gitleaks => gitleaks::recognise(docs),
            Self::Secretlint => secretlint::recognise(docs),
            Self::Github => github::recognise(docs),
            Self::Trufflehog => trufflehog::recognise(docs),
        }
    }

    fn import(self, docs: &[Doc<'_>], cx: &Cx<'_>) -> Result<Vec<Finding>, InputError> {
        match self {
            Self::Leakdesk => leakdesk::import(docs, cx),
            Self::Sarif => sarif::import(docs, cx),
            Self::DetectSecrets => detect_secrets::import(docs, cx),
            Self::Ggshield => ggshield::import(docs, cx),
            Self::Kingfisher => kingfisher::import(docs, cx),
            Self::Noseyparker => noseyparker::import(docs, cx),
            Self::Gitleaks => gitleaks::import(docs, cx),
            Self::Secretlint => secretlint::import(docs, cx),
            Self::Github => github::import(docs, cx),
            Self::Trufflehog => trufflehog::import(docs, cx),
        }
    }
}

/// What an importer needs besides the documents: the input's name for errors, the root for paths.
pub struct Cx<'a> {
    pub input: &'a str,
    pub root: &'a Root,
}

impl Cx<'_> {
    pub fn path(&self, raw: &str) -> String {
        self.root.normalise(raw)
    }

    pub fn error(&self, message: impl Into<String>) -> InputError {
        InputError::new(self.input, message)
    }
}

/// One input's findings and the format they were read as (`None` for an empty report).
#[derive(Debug)]
pub struct Report {
    pub format: Option<Format>,
    pub findings: Vec<Finding>,
}

/// Reads one report. `forced` skips recognition (`--from`).
pub fn parse(
    input: &str,
    bytes: &[u8],
    forced: Option<Format>,
    root: &Root,
) -> Result<Report, InputError> {
    let text = as_text(input, bytes)?;
    let docs = json::documents(input, text)?;
    let mut shapes = Vec::new();
    for doc in docs.iter().take(8) {
        let shape = doc.shape(input)?;
        if !is_log_record(&shape) && shapes.len() < 4 {
            shapes.push(shape);
        }
    }
    if shapes.is_empty()
        || shapes
            .iter()
            .all(|s| matches!(s, Shape::Array { len: 0, .. }))
    {
        // An empty report (no output, or `[]`) is valid: the scan found nothing.
        if forced.is_none() || docs.is_empty() {
            return Ok(Report {
                format: forced,
                findings: Vec::new(),
            });
        }
    }
    let format = match forced {
        Some(f) => f,
        None => recognise(input, &shapes)?,
    };
    let cx = Cx { input, root };
    let mut findings = format.import(&docs, &cx).map_err(|e| match forced {
        Some(f) => e.hint(format!(
            "--from {} made leakdesk read it as that format; leave --from out to have the format recognised",
            f.name()
        )),
        None => e,
    })?;
    // Reports repeat a handful of rule ids many times: look each one up once.
    let mut known: HashMap<String, Option<&'static str>> = HashMap::new();
    for f in &mut findings {
        if f.provider.is_none() {
            f.provider = f
                .detections
                .iter()
                .find_map(|d| match known.get(&d.rule) {
                    Some(hit) => *hit,
                    None => *known
                        .entry(d.rule.clone())
                        .or_insert(provider::lookup(&d.rule)),
                })
                .map(str::to_owned);
        }
    }
    Ok(Report {
        format: Some(format),
        findings,
    })
}

fn recognise(input: &str, shapes: &[Shape]) -> Result<Format, InputError> {
    let mut reasons = Vec::new();
    for format in Format::ALL {
        match format.recognise(shapes) {
            Ok(()) => return Ok(format),
            Err(why) => reasons.push(format!("{}: {why}", format.name())),
        }
    }
    let what = shapes.first().map_or("nothing", Shape::describe);
    Err(InputError::new(
        input,
        format!("not a report leakdesk knows (it holds {what}); tried:"),
    )
    .details(reasons)
    .hint("if it is one of these formats, force it with --from NAME to see what does not fit"))
}

/// trufflehog (and others) can interleave JSON log lines with results on one stream.
fn is_log_record(shape: &Shape) -> bool {
    shape.has("level") && (shape.has("msg") || shape.has("logger"))
}

/// Reports are UTF-8 JSON; say where the first bad byte is, not just that there is one.
fn as_text<'a>(input: &str, bytes: &'a [u8]) -> Result<&'a str, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        InputError::new(input, "not UTF-8 text, so not a JSON report")
            .at(line, column)
            .hint("is this a binary file? pass the scanner's JSON or SARIF output")
    })
}

/// The first shape that is an object, or the first item of the first array: where a format's
/// record keys are.
pub(crate) fn first_record(shapes: &[Shape]) -> Option<&Shape> {
    let first = shapes.first()?;
    match first {
        Shape::Array { .. } => first.first(),
        _ => Some(first),
    }
}

/// `Err` with a reason naming the keys a record lacks.
pub(crate) fn require(record: Option<&Shape>, keys: &[&str], what: &str) -> Result<(), String> {
    let Some(record) = record else {
        return Err(format!("no {what} found"));
    };
    if !record.is_object() {
        return Err(format!(
            "expected {what} objects, found {}",
            record.describe()
        ));
    }
    let missing: Vec<&str> = keys.iter().copied().filter(|k| !record.has(k)).collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{what} lack {}",
            missing
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

/// Lenient numbers: scanners write lines as numbers, sometimes as strings, sometimes null or 0.
pub(crate) fn positive(n: Option<i64>) -> Option<u32> {
    n.filter(|&n| n > 0).and_then(|n| u32::try_from(n).ok())
}

/// Empty strings mean "absent" in most scanners' output.
pub(crate) fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> Root {
        Root::new(std::path::Path::new("/work/repo"))
    }

    #[test]
    fn empty_inputs_are_valid_and_empty() {
        for text in ["", "  \n", "[]", "[]\n"] {
            let r = parse("x", text.as_bytes(), None, &root()).unwrap();
            assert!(r.findings.is_empty(), "{text:?}");
        }
    }

    #[test]
    fn unknown_json_lists_every_format_tried() {
        let err = parse("x.json", br#"{"hello": "world"}"#, None, &root()).unwrap_err();
        for f in Format::ALL {
            assert!(
                err.to_string().contains(&format!("{}:", f.name())),
                "{}: {err}",
                f.name()
            );
        }
    }

    #[test]
    fn invalid_utf8_names_the_position() {
        let err = parse("x", b"[\n {\"a\xff", None, &root()).unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(5)), "{err}");
    }
}
