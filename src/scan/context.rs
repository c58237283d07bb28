//! Where a value sits, for rules that recognise a provider by what encloses its key rather than
//! by the key's own line: the section or block it is under (an INI/TOML `[twilio]` section, a
//! YAML parent key `messagebird:`, a Terraform `provider "datadog" {` block, a JSON object
//! `"cloudsight": {`), the call it is an argument of (`messagebird.initClient('...')`,
//! `Customerio::Client.new(site, key)`, `new Stripe("...")`), and the name it is assigned to.
//!
//! One pass over the file's lines keeps a stack of open headers; each quoted string, and each
//! unquoted value after `=` or `:`, is a candidate with the text of its context. Bounded: at
//! most 32 open headers of 120 bytes each, and lines over 4 KB are not read for candidates
//! (minified code names no sections).

/// A value and the words around it that name what it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub start: usize,
    pub end: usize,
    /// The enclosing headers, the call and the name, lower-cased, separated by `\n`.
    pub context: String,
}

const MAX_HEADERS: usize = 32;
const MAX_HEADER: usize = 120;
const MAX_LINE: usize = 4096;

struct Header {
    /// Indentation for YAML keys; `None` for a brace block or an INI section.
    indent: Option<usize>,
    brace: bool,
    text: String,
}

/// Every candidate value in `text`.
pub fn candidates(text: &[u8]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut headers: Vec<Header> = Vec::new();
    let mut offset = 0;
    for raw in text.split(|&b| b == b'\n') {
        let line_start = offset;
        offset += raw.len() + 1;
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        if line.len() > MAX_LINE {
            continue;
        }
        let indent = line
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        let body = &line[indent..];
        if body.is_empty() || body.starts_with(b"#") || body.starts_with(b"//") {
            continue;
        }
        // A line at or left of an open YAML key closes it.
        while headers
            .last()
            .is_some_and(|h| h.indent.is_some_and(|i| indent <= i))
        {
            headers.pop();
        }
        // INI/TOML sections replace each other (and every YAML key from before).
        if let Some(name) = section(body) {
            headers.retain(|h| h.brace);
            push(&mut headers, None, false, name);
            continue;
        }
        let trimmed = trim_end(strip_comment(body));
        let closes = trimmed.iter().filter(|&&b| b == b'}').count();
        let opens = trimmed.iter().filter(|&&b| b == b'{').count();
        let name = assigned_name(trimmed);
        for (start, end) in values(trimmed) {
            let abs = line_start + indent + start;
            let mut context = String::new();
            for h in &headers {
                context.push_str(&h.text);
                context.push('\n');
            }
            if let Some(call) = call_before(trimmed, start) {
                context.push_str(&call);
                context.push('\n');
            }
            if let Some(n) = &name {
                context.push_str(n);
            }
            out.push(Candidate {
                start: abs,
                end: line_start + indent + end,
                context,
            });
        }
        // Brace blocks: `provider "datadog" {`, `"messagebird": {`, `messagebird = {`.
        for _ in 0..closes.saturating_sub(opens) {
            if let Some(i) = headers.iter().rposition(|h| h.brace) {
                headers.truncate(i);
            }
        }
        if opens > closes && trimmed.ends_with(b"{") {
            let head = trim_end(&trimmed[..trimmed.len() - 1]);
            push(&mut headers, None, true, head);
        } else if trimmed.ends_with(b":") && !trimmed.ends_with(b"::") {
            // A YAML key with its value on the lines below.
            push(
                &mut headers,
                Some(indent),
                false,
                &trimmed[..trimmed.len() - 1],
            );
        }
    }
    out
}

fn push(headers: &mut Vec<Header>, indent: Option<usize>, brace: bool, text: &[u8]) {
    // Full (unbalanced braces pile up in code that is not a config file): the oldest goes, the
    // nearest enclosing headers are the ones that name a value's provider.
    if headers.len() >= MAX_HEADERS {
        headers.remove(0);
    }
    let text = String::from_utf8_lossy(&text[..text.len().min(MAX_HEADER)]).to_ascii_lowercase();
    headers.push(Header {
        indent,
        brace,
        text,
    });
}

/// `[twilio]`, `[services.messagebird]`, `[[providers]]`.
fn section(body: &[u8]) -> Option<&[u8]> {
    let b = trim_end(strip_comment(body));
    let inner = b.strip_prefix(b"[")?.strip_suffix(b"]")?;
    let inner = inner
        .strip_prefix(b"[")
        .and_then(|i| i.strip_suffix(b"]"))
        .unwrap_or(inner);
    (!inner.is_empty()
        && inner
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || b"._- \"'".contains(c)))
    .then_some(inner)
}

/// The line without a trailing `#` or `//` comment (outside quotes).
fn strip_comment(line: &[u8]) -> &[u8] {
    let mut quote = None;
    for (i, &b) in line.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if matches!(b, b'"' | b'\'' | b'`') => quote = Some(b),
            None if b == b'#' && (i == 0 || line[i - 1] == b' ') => return &line[..i],
            None if b == b'/'
                && line.get(i + 1) == Some(&b'/')
                && (i == 0 || line[i - 1] == b' ') =>
            {
                return &line[..i];
            }
            None => {}
        }
    }
    line
}

fn trim_end(b: &[u8]) -> &[u8] {
    let n = b
        .iter()
        .rev()
        .take_while(|c| matches!(c, b' ' | b'\t' | b','))
        .count();
    &b[..b.len() - n]
}

/// The name before the line's first `=` or `:` (`api_key`, `"token"`, `secret:`), lower-cased.
fn assigned_name(line: &[u8]) -> Option<String> {
    let at = line.iter().position(|&b| b == b'=' || b == b':')?;
    let name = &line[..at];
    let name = name
        .iter()
        .rposition(|b| !(b.is_ascii_alphanumeric() || b"_-.\"'".contains(b)))
        .map_or(name, |i| &name[i + 1..]);
    let name: Vec<u8> = name
        .iter()
        .copied()
        .filter(|b| !b"\"'".contains(b))
        .collect();
    (!name.is_empty()).then(|| String::from_utf8_lossy(&name).to_ascii_lowercase())
}

/// The spans of the line's values: each quoted string's contents, or the unquoted value after
/// the first `=` or `: ` when the line has no quotes.
fn values(line: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut quoted = false;
    while i < line.len() {
        let b = line[i];
        if matches!(b, b'"' | b'\'' | b'`') {
            quoted = true;
            let end = line[i + 1..]
                .iter()
                .position(|&c| c == b)
                .map(|p| i + 1 + p);
            match end {
                Some(e) => {
                    if e > i + 1 {
                        out.push((i + 1, e));
                    }
                    i = e + 1;
                }
                None => break,
            }
        } else {
            i += 1;
        }
    }
    if !quoted
        && let Some(at) = line
            .windows(2)
            .position(|w| w[0] == b'=' || w == b": ")
            .or_else(|| line.iter().position(|&b| b == b'='))
    {
        let start = at
            + 1
            + line[at + 1..]
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t'))
                .count();
        let end = line.len()
            - line[start..]
                .iter()
                .rev()
                .take_while(|b| matches!(b, b' ' | b'\t' | b';' | b','))
                .count();
        if end > start && !line[start..end].contains(&b' ') {
            out.push((start, end));
        }
    }
    out
}

/// The callee of the call whose argument list holds `at`: `messagebird.initClient`,
/// `customerio::client.new`, `new stripe`.
fn call_before(line: &[u8], at: usize) -> Option<String> {
    let mut depth = 0i32;
    let mut i = at;
    while i > 0 {
        i -= 1;
        match line[i] {
            b')' => depth += 1,
            b'(' if depth == 0 => {
                let end = i;
                let start = line[..end]
                    .iter()
                    .rposition(|b| !(b.is_ascii_alphanumeric() || b"_.:$>-".contains(b)))
                    .map_or(0, |p| p + 1);
                let callee = &line[start..end];
                if callee.is_empty() {
                    return None;
                }
                let new = line[..start].ends_with(b"new ");
                let mut s = String::from_utf8_lossy(callee).to_ascii_lowercase();
                if new {
                    s.insert_str(0, "new ");
                }
                return Some(s);
            }
            b'(' => depth -= 1,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The context of the candidate whose value is `value`.
    fn context_of(text: &str, value: &str) -> String {
        let start = text.rfind(value).unwrap();
        candidates(text.as_bytes())
            .into_iter()
            .find(|c| c.start == start && c.end == start + value.len())
            .unwrap_or_else(|| panic!("no candidate {value:?} in {text:?}"))
            .context
    }

    #[test]
    fn sections_blocks_parents_and_calls() {
        let ini = "[twilio]\naccount_sid = AC00\nauth_token = 54b1a4da25440ca9ec65d3b486830290\n[other]\nx = 1\n";
        assert!(context_of(ini, "54b1a4da25440ca9ec65d3b486830290").contains("twilio"));
        assert!(!context_of(ini, "1").contains("twilio"));
        let yaml = "services:\n  messagebird:\n    key: \"H0s6w9S0eDmKAShGQgtTl3ENL\"\n  other:\n    key: x1\n";
        assert!(context_of(yaml, "H0s6w9S0eDmKAShGQgtTl3ENL").contains("messagebird"));
        assert!(!context_of(yaml, "x1").contains("messagebird"));
        let hcl = "provider \"datadog\" {\n  api_key = \"qvd00qng0a6juafwq3hhzetc4iaez9te\"\n}\nresource \"x\" {\n  y = \"z\"\n}\n";
        assert!(
            context_of(hcl, "qvd00qng0a6juafwq3hhzetc4iaez9te").contains("provider \"datadog\"")
        );
        assert!(!context_of(hcl, "z").contains("datadog"));
        let js = "const client = messagebird.initClient('H0s6w9S0eDmKAShGQgtTl3ENL');";
        assert!(context_of(js, "H0s6w9S0eDmKAShGQgtTl3ENL").contains("messagebird.initclient"));
        let rb = "$customerio = Customerio::Client.new(\"edf0c71196e25c0d7507\", \"9a8b7c6d5e4f3a2b1c0d\")";
        assert!(context_of(rb, "9a8b7c6d5e4f3a2b1c0d").contains("customerio::client.new"));
        let ts = "const stripe = new Stripe(\"sk_live_4eC39HqLyjWDarjtT1zdp7dc\");";
        assert!(context_of(ts, "sk_live_4eC39HqLyjWDarjtT1zdp7dc").contains("new stripe"));
        let json = "{\n  \"cloudsight\": {\n    \"key\": \"9baZkxbCtLz78o0PlYki70\"\n  },\n  \"b\": \"c\"\n}\n";
        assert!(context_of(json, "9baZkxbCtLz78o0PlYki70").contains("cloudsight"));
        assert!(!context_of(json, "c").contains("cloudsight"));
    }

    #[test]
    fn a_section_after_unbalanced_code_still_counts() {
        let mut text = "    if ready {\n".repeat(100);
        text.push_str("[customerio]\napp_api_key = 2e28cd8e63559bd54b35015c23dc0a1b\n");
        assert!(context_of(&text, "2e28cd8e63559bd54b35015c23dc0a1b").contains("customerio"));
    }

    #[test]
    fn hostile_shapes_stay_bounded() {
        let deep = "{\n".repeat(10_000);
        assert!(candidates(deep.as_bytes()).is_empty());
        let long = format!("key = \"{}\"", "a".repeat(100_000));
        assert!(candidates(long.as_bytes()).is_empty());
        assert!(candidates(b"\xff\xfe'\xff'\n").len() == 1);
    }
}
