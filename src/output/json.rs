//! leakdesk JSON: see [`crate::report::leakdesk`] for the record both directions share.
//!
//! One finding per line inside `{"version":1,"findings":[...]}`: a valid JSON document whose
//! diffs and greps work a finding at a time. Lines are independent, so they are serialised on
//! all cores, a bounded chunk at a time, and written in order.

use std::io::{self, Write};

use super::{Row, WriteOptions};
use crate::report::leakdesk::{Record, VERSION};

/// Findings per worker per round: keeps the buffers around a megabyte each.
const CHUNK: usize = 2048;

pub fn write(out: &mut dyn Write, findings: &[Row<'_>], opts: WriteOptions<'_>) -> io::Result<()> {
    write!(out, "{{\"version\":{VERSION},\"findings\":[")?;
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let mut buffers: Vec<Vec<u8>> = vec![Vec::new(); workers];
    let mut first = true;
    for round in findings.chunks(CHUNK * workers) {
        let parts: Vec<&[Row<'_>]> = round.chunks(CHUNK).collect();
        std::thread::scope(|scope| {
            for (part, buf) in parts.iter().zip(buffers.iter_mut()) {
                scope.spawn(move || lines(buf, part, opts));
            }
        });
        for buf in buffers.iter().take(parts.len()) {
            if !first {
                out.write_all(b",")?;
            }
            first = false;
            out.write_all(buf)?;
        }
    }
    out.write_all(b"\n]}\n")
}

/// `\n{record},\n{record}` for one part (the separator before its first line is the caller's).
fn lines(buf: &mut Vec<u8>, part: &[Row<'_>], opts: WriteOptions<'_>) {
    buf.clear();
    for (i, f) in part.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        buf.push(b'\n');
        // Writing into a Vec cannot fail, and a Record has only string keys.
        let _ =
            crate::safe_json::to_writer(&mut *buf, &Record::new(f.finding, f.status, opts.reveal));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Evidence, Finding};

    fn finding(i: usize) -> Finding {
        let mut f = Finding::new(
            "gitleaks",
            "r",
            format!("f{i}.py"),
            Evidence::secret(format!("SECRET-{i}")),
        );
        f.line = Some(1);
        f.finish()
    }

    #[test]
    fn one_finding_per_line_in_order_across_chunks() {
        let findings: Vec<Finding> = (0..CHUNK * 3 + 5).map(finding).collect();
        let mut out = Vec::new();
        write(&mut out, &Row::open(&findings), WriteOptions::default()).unwrap();
        let text = String::from_utf8(out).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let list = v["findings"].as_array().unwrap();
        assert_eq!(list.len(), findings.len());
        assert_eq!(list[CHUNK + 1]["file"], format!("f{}.py", CHUNK + 1));
        assert_eq!(text.lines().count(), findings.len() + 2);
    }

    #[test]
    fn empty_list_is_valid_json() {
        let mut out = Vec::new();
        write(&mut out, &[], WriteOptions::default()).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["findings"].as_array().map(Vec::len), Some(0));
    }
}
