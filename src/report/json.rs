//! Reading JSON the way scanners write it: one document, JSON lines, or several documents back to
//! back (kingfisher 1.x prints a report and then a summary). Errors keep file, line and column.

use std::fmt;

use serde::Deserialize;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_json::value::RawValue;

use crate::error::InputError;

/// One top-level JSON document of an input, unparsed.
pub struct Doc<'a> {
    pub raw: &'a str,
    /// 1-based line and column where the document starts in the input.
    line: usize,
    column: usize,
}

/// Splits an input into its top-level documents. Empty (or whitespace-only) input has none.
pub fn documents<'a>(input: &str, text: &'a str) -> Result<Vec<Doc<'a>>, InputError> {
    let start = skip_whitespace(text, 0);
    if text[start..].starts_with('[') {
        // One array (gitleaks, Nosey Parker, secretlint, GitHub): splitting would cost a full
        // pass over what may be 100 MB. The import's own pass finds any syntax error.
        let mut at = Position::default();
        at.advance(text, start);
        return Ok(vec![Doc {
            raw: text[start..].trim_end(),
            line: at.line,
            column: at.column,
        }]);
    }
    let mut docs = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<&RawValue>();
    let mut scanned = Position::default();
    loop {
        let start = skip_whitespace(text, stream.byte_offset());
        match stream.next() {
            None => break,
            Some(Ok(raw)) => {
                scanned.advance(text, start);
                docs.push(Doc {
                    raw: raw.get(),
                    line: scanned.line,
                    column: scanned.column,
                });
            }
            Some(Err(err)) => return Err(InputError::from_json(input, &err, None)),
        }
    }
    Ok(docs)
}

fn skip_whitespace(text: &str, offset: usize) -> usize {
    let rest = &text[offset..];
    offset + (rest.len() - rest.trim_start().len())
}

/// Incremental line/column counting, so locating 100,000 JSON lines stays linear.
#[derive(Default)]
struct Position {
    offset: usize,
    line: usize,
    column: usize,
}

impl Position {
    fn advance(&mut self, text: &str, to: usize) {
        if self.line == 0 {
            self.line = 1;
            self.column = 1;
        }
        for c in text[self.offset..to].chars() {
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.offset = to;
    }
}

impl<'a> Doc<'a> {
    /// Parses the whole document as `T`; a wrong field names its path, line and column.
    pub fn parse<T: DeserializeOwned>(&self, input: &str) -> Result<T, InputError> {
        // Tracking the path costs an allocation per field, so it runs only to explain a failure.
        serde_json::from_str(self.raw).or_else(|_| {
            let mut de = serde_json::Deserializer::from_str(self.raw);
            let mut track = serde_path_to_error::Track::new();
            let result =
                T::deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track));
            result.map_err(|err| self.error(input, &err, Some(&track.path().to_string())))
        })
    }

    /// Calls `each` with every item of a top-level array without holding them all in memory.
    /// Items may borrow from the input (`Cow<'a, str>` fields) to spare an allocation each.
    pub fn for_each_item<T, F>(&self, input: &str, each: F) -> Result<(), InputError>
    where
        T: Deserialize<'a>,
        F: FnMut(usize, T) -> Result<(), InputError>,
    {
        let mut de = serde_json::Deserializer::from_str(self.raw);
        let mut track = serde_path_to_error::Track::new();
        let mut seed = EachItem {
            each,
            failure: None,
            _item: std::marker::PhantomData,
        };
        let result =
            (&mut seed).deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track));
        if let Some(failure) = seed.failure {
            return Err(failure);
        }
        result.map_err(|err| self.error(input, &err, Some(&track.path().to_string())))
    }

    /// `convert` applied to every item of a top-level array, in order. Large arrays are parsed
    /// and converted on all cores: a quick scan finds each item's bytes, and workers take
    /// contiguous ranges. Anything unexpected (or any error) goes the sequential way, which
    /// reports errors with their field path, line and column.
    pub fn map_items<T, U, C>(&self, input: &str, convert: C) -> Result<Vec<U>, InputError>
    where
        T: Deserialize<'a>,
        U: Send + Default,
        C: Fn(T) -> U + Sync,
    {
        const PARALLEL_FROM: usize = 4096;
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        if let Some(spans) =
            item_spans(self.raw).filter(|s| s.len() >= PARALLEL_FROM && workers > 1)
        {
            // The results are written in place into one buffer of placeholders (which allocate
            // nothing): gathering them into a second one held every finding twice, a fifth of
            // the peak memory of `list` over a large report.
            let mut slots: Vec<U> = std::iter::repeat_with(U::default)
                .take(spans.len())
                .collect();
            let per = spans.len().div_ceil(workers);
            let raw = self.raw;
            let convert = &convert;
            let all_parsed = std::thread::scope(|scope| {
                let jobs: Vec<_> = spans
                    .chunks(per)
                    .zip(slots.chunks_mut(per))
                    .map(|(spans, slots)| {
                        scope.spawn(move || {
                            spans.iter().zip(slots).all(|(&(start, end), slot)| {
                                serde_json::from_str::<T>(&raw[start..end])
                                    .map(|item| *slot = convert(item))
                                    .is_ok()
                            })
                        })
                    })
                    .collect();
                jobs.into_iter().all(|job| job.join().unwrap_or(false))
            });
            if all_parsed {
                return Ok(slots);
            }
        }
        let mut out = Vec::new();
        self.for_each_item::<T, _>(input, |_, item| {
            out.push(convert(item));
            Ok(())
        })?;
        Ok(out)
    }

    /// A shallow outline (three levels) used to recognise the format. Of a top-level array only
    /// the first item is read: the import reads the rest.
    pub fn shape(&self, input: &str) -> Result<Shape, InputError> {
        let mut de = serde_json::Deserializer::from_str(self.raw);
        let fail = |err: serde_json::Error| self.error(input, &err, None);
        if !self.raw.starts_with('[') {
            return ShapeSeed { depth: 3 }.deserialize(&mut de).map_err(fail);
        }
        let mut probe = FirstItem { first: None };
        match (&mut probe).deserialize(&mut de) {
            Ok(()) => {
                de.end().map_err(fail)?;
                Ok(Shape::Array {
                    len: 0,
                    first: None,
                })
            }
            Err(_) if probe.first.is_some() => Ok(Shape::Array {
                len: 1,
                first: probe.first.map(Box::new),
            }),
            Err(err) => Err(fail(err)),
        }
    }

    fn error(&self, input: &str, err: &serde_json::Error, path: Option<&str>) -> InputError {
        let mut e = InputError::from_json(input, err, path);
        if let (Some(line), Some(column)) = (e.line, e.column) {
            let column = if line == 1 {
                column + self.column - 1
            } else {
                column
            };
            e = e.at(line + self.line - 1, column);
        }
        e
    }
}

struct EachItem<T, F> {
    each: F,
    failure: Option<InputError>,
    _item: std::marker::PhantomData<fn() -> T>,
}

impl<'de, T, F> DeserializeSeed<'de> for &mut EachItem<T, F>
where
    T: Deserialize<'de>,
    F: FnMut(usize, T) -> Result<(), InputError>,
{
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T, F> Visitor<'de> for &mut EachItem<T, F>
where
    T: Deserialize<'de>,
    F: FnMut(usize, T) -> Result<(), InputError>,
{
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of findings")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(item) = seq.next_element::<T>()? {
            if let Err(e) = (self.each)(index, item) {
                self.failure = Some(e);
                return Err(de::Error::custom("stopped"));
            }
            index += 1;
        }
        Ok(())
    }
}

/// Byte spans of the items of a top-level array, found by tracking only strings and nesting.
/// `None` when the text is not a plain array of values (the caller then parses it properly).
fn item_spans(raw: &str) -> Option<Vec<(usize, usize)>> {
    let b = raw.as_bytes();
    let ws = |i: &mut usize| {
        while *i < b.len() && b[*i].is_ascii_whitespace() {
            *i += 1;
        }
    };
    let mut i = 1;
    ws(&mut i);
    let mut spans = Vec::new();
    if b.first() != Some(&b'[') {
        return None;
    }
    if b.get(i) == Some(&b']') {
        return (i + 1 == b.len()).then_some(spans);
    }
    loop {
        let start = i;
        let mut depth = 0usize;
        while i < b.len() {
            match b[i] {
                b'"' => {
                    // Most of a report is inside strings: jump to the next quote or backslash.
                    i += 1;
                    // An unterminated string ends the quick way: the parser will say where.
                    loop {
                        i += memchr::memchr2(b'"', b'\\', b.get(i..)?)?;
                        if b[i] == b'"' {
                            break;
                        }
                        i += 2;
                    }
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth == 0 => break,
                b'}' | b']' => depth -= 1,
                b',' if depth == 0 => break,
                _ => {}
            }
            i += 1;
        }
        let end = raw[..i.min(b.len())].trim_end().len();
        if end <= start || i >= b.len() {
            return None;
        }
        spans.push((start, end));
        match b[i] {
            b',' => {
                i += 1;
                ws(&mut i);
            }
            b']' => return (i + 1 == b.len()).then_some(spans),
            _ => return None,
        }
    }
}

/// Reads an array's first item's outline, then stops (by failing, which serde allows early).
struct FirstItem {
    first: Option<Shape>,
}

impl<'de> DeserializeSeed<'de> for &mut FirstItem {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for &mut FirstItem {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        match seq.next_element_seed(ShapeSeed { depth: 2 })? {
            None => Ok(()),
            Some(shape) => {
                self.first = Some(shape);
                Err(de::Error::custom("outline complete"))
            }
        }
    }
}

/// The outline of a JSON value: object keys with their outlines, an array's length and first
/// item, and short strings (for values like `"version": "2.1.0"`).
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Object(Vec<(String, Shape)>),
    Array {
        len: usize,
        first: Option<Box<Shape>>,
    },
    /// A string (first 100 characters) or, for other scalars, nothing.
    Scalar(Option<String>),
    /// Deeper than the outline goes.
    Unseen,
}

impl Shape {
    pub fn get(&self, key: &str) -> Option<&Shape> {
        match self {
            Self::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn has_all(&self, keys: &[&str]) -> bool {
        keys.iter().all(|k| self.has(k))
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Self::Object(_))
    }

    pub fn is_array(&self) -> bool {
        matches!(self, Self::Array { .. })
    }

    /// The first item of an array, if it has one.
    pub fn first(&self) -> Option<&Shape> {
        match self {
            Self::Array { first, .. } => first.as_deref(),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::Scalar(s) => s.as_deref(),
            _ => None,
        }
    }

    pub fn describe(&self) -> &'static str {
        match self {
            Self::Object(_) => "an object",
            Self::Array { len: 0, .. } => "an empty array",
            Self::Array { .. } => "an array",
            Self::Scalar(Some(_)) => "a string",
            Self::Scalar(None) => "a number, boolean or null",
            Self::Unseen => "a value",
        }
    }
}

struct ShapeSeed {
    depth: u8,
}

impl<'de> DeserializeSeed<'de> for ShapeSeed {
    type Value = Shape;
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Shape, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ShapeSeed {
    type Value = Shape;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Shape, E> {
        Ok(Shape::Scalar(None))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Shape, E> {
        Ok(Shape::Scalar(None))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Shape, E> {
        Ok(Shape::Scalar(None))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Shape, E> {
        Ok(Shape::Scalar(None))
    }
    fn visit_unit<E>(self) -> Result<Shape, E> {
        Ok(Shape::Scalar(None))
    }
    fn visit_str<E>(self, v: &str) -> Result<Shape, E> {
        Ok(Shape::Scalar(Some(v.chars().take(100).collect())))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
        if self.depth == 0 {
            let mut len = 0;
            while seq.next_element::<IgnoredAny>()?.is_some() {
                len += 1;
            }
            return Ok(Shape::Array { len, first: None });
        }
        let first = seq.next_element_seed(ShapeSeed {
            depth: self.depth - 1,
        })?;
        let mut len = usize::from(first.is_some());
        while seq.next_element::<IgnoredAny>()?.is_some() {
            len += 1;
        }
        Ok(Shape::Array {
            len,
            first: first.map(Box::new),
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
        let mut fields = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = if self.depth == 0 {
                map.next_value::<IgnoredAny>()?;
                Shape::Unseen
            } else {
                map.next_value_seed(ShapeSeed {
                    depth: self.depth - 1,
                })?
            };
            fields.push((key, value));
        }
        Ok(Shape::Object(fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_are_separate_documents_with_positions() {
        let text = "{\"a\":1}\n\n  {\"b\":2}\n";
        let docs = documents("x", text).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!((docs[1].line, docs[1].column), (3, 3));
    }

    #[test]
    fn empty_input_has_no_documents() {
        assert!(documents("x", "  \n").unwrap().is_empty());
    }

    #[test]
    fn shape_outlines_three_levels() {
        let docs = documents(
            "x",
            r#"{"runs":[{"tool":{"driver":{}}}],"version":"2.1.0"}"#,
        )
        .unwrap();
        let shape = docs[0].shape("x").unwrap();
        assert_eq!(shape.get("version").and_then(Shape::as_str), Some("2.1.0"));
        let run = shape.get("runs").and_then(Shape::first).unwrap();
        assert!(run.has("tool"));
    }

    #[test]
    fn top_level_array_outline_reads_only_the_first_item() {
        let docs = documents("x", " [{\"a\":1}, {\"b\":").unwrap();
        let shape = docs[0].shape("x").unwrap();
        assert!(shape.first().unwrap().has("a"));
        assert_eq!(
            documents("x", "[]").unwrap()[0].shape("x").unwrap(),
            Shape::Array {
                len: 0,
                first: None
            }
        );
        let err = documents("x", "[] junk").unwrap()[0]
            .shape("x")
            .unwrap_err();
        assert_eq!((err.line, err.column), (Some(1), Some(4)), "{err}");
        let err = documents("x", "[\n{\"a\" 1}]").unwrap()[0]
            .shape("x")
            .unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
    }

    #[test]
    fn item_spans_find_each_item() {
        let raw = r#"[ {"a":"x,]}\"{"}, [1,2] ,3,"s"]"#;
        let spans = item_spans(raw).unwrap();
        let items: Vec<&str> = spans.iter().map(|&(s, e)| &raw[s..e]).collect();
        assert_eq!(items, [r#"{"a":"x,]}\"{"}"#, "[1,2]", "3", r#""s""#]);
        assert_eq!(item_spans("[]").unwrap().len(), 0);
        for bad in [
            "[1,2", "[1,]", "[1] x", "{}", "[1 2]", r#"["abc"#, r#"["a\"#,
        ] {
            assert!(
                item_spans(bad).is_none_or(|s| s.is_empty() || bad == "[1 2]"),
                "{bad}"
            );
        }
    }

    #[test]
    fn map_items_in_parallel_keeps_order_and_falls_back_on_errors() {
        let text = format!(
            "[{}]",
            (0..10_000)
                .map(|i| format!("{{\"n\":{i}}}"))
                .collect::<Vec<_>>()
                .join(",\n")
        );
        #[derive(serde::Deserialize)]
        struct R {
            n: u32,
        }
        let docs = documents("x", &text).unwrap();
        let out = docs[0].map_items("x", |r: R| r.n).unwrap();
        assert_eq!(out, (0..10_000).collect::<Vec<u32>>());
        let bad = text.replacen("{\"n\":7000}", "{\"n\":\"x\"}", 1);
        let docs = documents("x", &bad).unwrap();
        let err = docs[0].map_items("x", |r: R| r.n).unwrap_err();
        assert!(err.message.contains("field `[7000].n`"), "{err}");
        assert_eq!(err.line, Some(7001), "{err}");
    }

    #[test]
    fn wrong_type_names_field_line_and_column() {
        #[derive(serde::Deserialize, Debug)]
        struct R {
            #[allow(dead_code)]
            n: u32,
        }
        let text = "{\"n\":1}\n{\"n\":\n \"two\"}";
        let docs = documents("in.jsonl", text).unwrap();
        let err = docs[1].parse::<R>("in.jsonl").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains("field `n`"), "{err}");
    }

    #[test]
    fn for_each_item_streams_and_reports_item_path() {
        let docs = documents("x", r#"[{"n":1},{"n":"x"}]"#).unwrap();
        #[derive(serde::Deserialize)]
        struct R {
            #[allow(dead_code)]
            n: u32,
        }
        let mut seen = 0;
        let err = docs[0].for_each_item::<R, _>("x", |_, _| {
            seen += 1;
            Ok(())
        });
        assert_eq!(seen, 1);
        let err = err.unwrap_err();
        assert!(err.message.contains("field `[1].n`"), "{err}");
    }
}
