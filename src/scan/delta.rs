//! Rescanning a changed copy of a scanned text around its change only, with the result a full
//! scan would give. A history holds thousands of versions of each file, each a few lines away
//! from the one before; scanning each whole reads the same lines again and again.
//!
//! Why the result is exact. The copy differs from the base in runs of whole lines (hunks, from
//! a line diff; the lines between are the same in both). The keyword counts of the copy are the
//! base's, minus the removed lines' and plus the added lines' (keywords hold no newline), so
//! the same rules run, or the copy is scanned whole. A rule's regex is searched leftmost-first, each search
//! resuming where the last match ended. A match holds at most `n` newlines (`reach.rs`), so
//! whether a match starts at a place, and where it ends, depends only on that line, the `n`
//! after it and one byte around: matches starting `n + 1` lines above a hunk are the base's
//! (shifted by the hunks before). From there the copy is searched until, below the hunk, a
//! line start `e` is reached where neither text has a match running across it; the copy's next
//! match is then the leftmost one from `e`, which is the base's from the same line, so the
//! base's matches follow, shifted, up to the next hunk (a hunk too close to have such a line
//! before it is searched through). The rules' filters and the findings are then computed from the
//! copy's own bytes, as a full scan computes them. A rule whose matches can span any number of
//! lines, or one that reads a value's enclosing sections (the contextual rules), makes the copy
//! be scanned whole.

use super::rules::{Hit, Memo, Raw, RuleSet};

/// One run of lines that differ: `base[a0..a1]` became `text[b0..b1]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hunk {
    pub a0: usize,
    pub a1: usize,
    pub b0: usize,
    pub b1: usize,
}

impl Hunk {
    /// How far positions after this hunk moved from the base to the copy.
    fn shift(&self) -> isize {
        self.b1 as isize - self.a1 as isize
    }
}

/// The secrets in `text`, a changed copy of `base` whose scan left `memo`, and `text`'s memo;
/// `None` when the copy must be scanned whole.
pub fn rescan(rules: &RuleSet, base: &[u8], memo: &Memo, text: &[u8]) -> Option<(Vec<Hit>, Memo)> {
    if !memo.local || !rules.keywords_within_lines() {
        return None;
    }
    // Sizes beyond isize never come from git, but the shifts below are signed.
    isize::try_from(base.len().max(text.len())).ok()?;
    let hunks = hunks(base, text)?;
    let mut counts = memo.counts.clone();
    let mut removed = vec![0u32; counts.len()];
    for h in &hunks {
        rules.count_keywords(&base[h.a0..h.a1], &mut removed)?;
        rules.count_keywords(&text[h.b0..h.b1], &mut counts)?;
    }
    for (c, r) in counts.iter_mut().zip(&removed) {
        *c = c.checked_sub(*r)?;
    }
    let enabled = rules.enabled(&counts);
    let ran = memo.raw.iter().map(|(r, _)| *r);
    if !ran.eq((0..enabled.len()).filter(|&r| enabled[r])) {
        return None;
    }
    let mut raw = Vec::with_capacity(memo.raw.len());
    for (r, before) in &memo.raw {
        let rule = &rules.rules[*r];
        let n = rule.reach()?;
        raw.push((
            *r,
            rematch(
                |hay, from| rule.next_raw(hay, from),
                n,
                before,
                text,
                &hunks,
            ),
        ));
    }
    let hits = rules.hits_from(text, &mut raw);
    Some((
        hits,
        Memo {
            counts,
            raw,
            local: true,
        },
    ))
}

/// The runs of whole lines in which `base` and `text` differ, in order; the lines between them
/// are the same in both. The common head and tail are cut off first (memcmp), and only the
/// lines between are diffed.
pub fn hunks(base: &[u8], text: &[u8]) -> Option<Vec<Hunk>> {
    let (d0, a1, b1) = changed_lines(base, text);
    if a1 == d0 && b1 == d0 {
        return Some(Vec::new());
    }
    let (old, old_at) = lines(&base[d0..a1]);
    let (new, new_at) = lines(&text[d0..b1]);
    // Lines are compared by a hash (cheap); a deadline keeps a pathological pair cheap (the
    // diff is then coarser, still exact).
    let (old_h, new_h): (Vec<u64>, Vec<u64>) = (
        old.iter().map(|l| line_hash(l)).collect(),
        new.iter().map(|l| line_hash(l)).collect(),
    );
    let whole = Hunk {
        a0: d0,
        a1,
        b0: d0,
        b1,
    };
    if old.len() + new.len() < 16 {
        return Some(vec![whole]);
    }
    // Lines found on one side only cannot be common: they are left out of the diff (as git's
    // diff does), which keeps it small. Mostly new lines (a rewrite): rescan them all.
    let (old_set, new_set): (foldhash::HashSet<u64>, foldhash::HashSet<u64>) = (
        old_h.iter().copied().collect(),
        new_h.iter().copied().collect(),
    );
    let old_keep: Vec<usize> = (0..old.len())
        .filter(|&i| new_set.contains(&old_h[i]))
        .collect();
    let new_keep: Vec<usize> = (0..new.len())
        .filter(|&j| old_set.contains(&new_h[j]))
        .collect();
    if new_keep.len() * 2 < new.len() {
        return Some(vec![whole]);
    }
    let old_k: Vec<u64> = old_keep.iter().map(|&i| old_h[i]).collect();
    let new_k: Vec<u64> = new_keep.iter().map(|&j| new_h[j]).collect();
    let deadline = std::time::Instant::now() + std::time::Duration::from_micros(200);
    let ops = similar::capture_diff_slices_deadline(
        similar::Algorithm::Myers,
        &old_k,
        &new_k,
        Some(deadline),
    );
    // The lines the diff pairs up, in the texts' numbering. Each pair is checked byte for byte
    // and must move forward on both sides: the result rests on those lines being the same,
    // not on the diff library or the hash.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for op in ops {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for t in 0..len {
                let (i, j) = (*old_keep.get(old_index + t)?, *new_keep.get(new_index + t)?);
                let forward = pairs.last().is_none_or(|&(pi, pj)| i > pi && j > pj);
                if !forward || old[i] != new[j] {
                    return None;
                }
                pairs.push((i, j));
            }
        }
    }
    // The hunks are the gaps between paired lines.
    let mut out: Vec<Hunk> = Vec::new();
    let (mut o, mut n) = (0usize, 0usize);
    for (i, j) in pairs.into_iter().chain([(old.len(), new.len())]) {
        if i > o || j > n {
            out.push(Hunk {
                a0: d0 + old_at[o],
                a1: d0 + old_at[i],
                b0: d0 + new_at[n],
                b1: d0 + new_at[j],
            });
        }
        (o, n) = (i + 1, j + 1);
    }
    Some(out)
}

/// A fast hash of a line (FxHash's mixing, 8 bytes at a time); collisions only make a diff
/// coarser, since common lines are compared whole.
fn line_hash(line: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = line.len() as u64;
    let mut chunks = line.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    for &b in chunks.remainder() {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    }
    h
}

/// The lines of `text` (each with its newline), and where each starts (plus the end).
fn lines(text: &[u8]) -> (Vec<&[u8]>, Vec<usize>) {
    let mut list = Vec::new();
    let mut starts = vec![0];
    let mut at = 0;
    while at < text.len() {
        let end = memchr::memchr(b'\n', &text[at..]).map_or(text.len(), |i| at + i + 1);
        list.push(&text[at..end]);
        starts.push(end);
        at = end;
    }
    (list, starts)
}

/// The run of lines in which `base` and `text` differ: `base[d0..a1]` became `text[d0..b1]`;
/// the lines before `d0` and from `a1` / `b1` on are the same in both.
pub fn changed_lines(base: &[u8], text: &[u8]) -> (usize, usize, usize) {
    let same = common_prefix(base, text);
    let d0 = line_start(text, same);
    let most = base.len().min(text.len()) - d0;
    let tail = common_suffix(&base[base.len() - most..], &text[text.len() - most..]);
    // The common tail, cut to whole lines: it must start a line in both texts.
    let (mut a1, mut b1) = (base.len() - tail, text.len() - tail);
    let starts_line = |t: &[u8], at: usize| at == 0 || t[at - 1] == b'\n';
    if !(starts_line(text, b1) && starts_line(base, a1)) {
        let skip = memchr::memchr(b'\n', &text[b1..]).map_or(text.len() - b1, |i| i + 1);
        a1 += skip;
        b1 += skip;
    }
    (d0, a1, b1)
}

/// How many bytes `a` and `b` share at their start (compared a block at a time: memcmp).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + BLOCK <= n && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    i + a[i..n]
        .iter()
        .zip(&b[i..n])
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many bytes `a` and `b` share at their end.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut i = 0;
    while i + BLOCK <= n && a[n - i - BLOCK..n - i] == b[n - i - BLOCK..n - i] {
        i += BLOCK;
    }
    i + a[..n - i]
        .iter()
        .rev()
        .zip(b[..n - i].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// The start of the line holding `at`.
fn line_start(text: &[u8], at: usize) -> usize {
    memchr::memrchr(b'\n', &text[..at]).map_or(0, |i| i + 1)
}

/// `at` if it starts a line, else the start of the next line (or the end).
fn line_at_or_after(text: &[u8], at: usize) -> usize {
    if at == 0 || at >= text.len() || text[at - 1] == b'\n' {
        return at.min(text.len());
    }
    memchr::memchr(b'\n', &text[at..]).map_or(text.len(), |i| at + i + 1)
}

/// The start of the line `lines` lines above the one starting at `at`.
fn lines_up(text: &[u8], mut at: usize, lines: usize) -> usize {
    for _ in 0..lines {
        if at == 0 {
            break;
        }
        at = line_start(text, at - 1);
    }
    at
}

/// The end (before its newline) of the line `lines` lines below the one starting at `at`.
fn end_of_line_below(text: &[u8], mut at: usize, lines: usize) -> usize {
    for i in 0..=lines {
        match memchr::memchr(b'\n', &text[at.min(text.len())..]) {
            Some(j) if i == lines => return at + j,
            Some(j) => at = at + j + 1,
            None => return text.len(),
        }
    }
    text.len()
}

/// Moves a base position past the hunks before it.
fn shifted(at: usize, by: isize) -> usize {
    at.saturating_add_signed(by)
}

/// One rule's matches in `text`, from the base's (`before`) and searches around each hunk.
/// `next(hay, from)` is the rule's leftmost match from `from` in `hay`; `n` the most newlines a
/// match holds.
fn rematch(
    next: impl Fn(&[u8], usize) -> Option<Raw>,
    n: usize,
    before: &[Raw],
    text: &[u8],
    hunks: &[Hunk],
) -> Vec<Raw> {
    let mut out: Vec<Raw> = Vec::new();
    // In step from here: the copy's matches from `synced` on are the base's, moved by `shift`.
    let (mut synced, mut shift, mut i) = (0usize, 0isize, 0usize);
    let mut k = 0;
    while k < hunks.len() {
        // Matches starting n + 1 lines above the hunk are decided by lines the texts share.
        let b = lines_up(text, hunks[k].b0, n + 1).max(synced);
        while i < before.len() && shifted(before[i].start, shift) < b {
            let mut m = before[i].shifted(shift);
            // The filters read up to 8 bytes past the match: decided again if that reaches
            // the hunk.
            if m.end + 8 > hunks[k].b0 {
                m.kept = None;
            }
            out.push(m);
            i += 1;
        }
        let mut from = out.last().map_or(b, |m| m.end.max(b));
        // One whole common line below the hunk, then where neither text has a match across.
        let mut j = k;
        let mut e = line_at_or_after(text, (hunks[j].b1 + 1).min(text.len()));
        loop {
            // A sync point must come before the next hunk's region; else search through it.
            if j + 1 < hunks.len() && e > lines_up(text, hunks[j + 1].b0, n + 1) {
                j += 1;
                e = e.max(line_at_or_after(text, (hunks[j].b1 + 1).min(text.len())));
                continue;
            }
            if from > e {
                e = line_at_or_after(text, from);
                continue;
            }
            if e >= text.len() {
                // No common text left below: search to the end.
                while let Some(m) = next(text, from) {
                    from = m.end;
                    out.push(m);
                }
                return out;
            }
            // Every match starting above `e` ends before the end of the line `n` lines below
            // it, and none can use that cut end: it would hold n + 1 newlines.
            let limit = end_of_line_below(text, e, n);
            if let Some(m) = next(&text[..limit], from).filter(|m| m.start < e) {
                from = m.end;
                out.push(m);
                if m.end > e {
                    e = line_at_or_after(text, m.end);
                }
                continue;
            }
            let s = hunks[j].shift();
            let Some(e_base) = e.checked_add_signed(-s) else {
                e = text.len();
                continue;
            };
            if let Some(across) = before.iter().find(|m| m.start < e_base && m.end > e_base) {
                e = line_at_or_after(text, shifted(across.end, s));
                continue;
            }
            (synced, shift) = (e, s);
            i = before.partition_point(|m| m.start < e_base);
            k = j + 1;
            break;
        }
    }
    out.extend(before[i..].iter().map(|m| m.shifted(shift)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> RuleSet {
        RuleSet::load(&[]).0
    }

    /// A small deterministic generator (xorshift), so failures replay.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    /// Lines that exercise the rules: tokens, assignments split over lines, keys, comments.
    const LINES: &[&str] = &[
        "def handler(event):",
        "    return compute(event)",
        "token = ghp_aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xY1zA3",
        "API_KEY = \"k8Jx2Lq9Vz4Rt7Wm1Np5Hs3Gd6Fb0Yc\"",
        "api_key =",
        "   \"Zq7Xw2Lk9Rv4Tm8Np1Hs5Gd3Fb6Yc0Ja\"",
        "password: 'Tr0ub4dor&3xQz!'",
        "# leakdesk:allow",
        "AKIAZ3MQ7Y4XK2LP9RTV",
        "",
        "url = \"postgres://admin:S3cr3tPa55w0rd@db.internal:5432/app\"",
        "curl -u admin:hunter2Xk9Lq https://example.org",
        "slack = \"xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx\"",
        "x = 1  # leakdesk:allow-next-line",
        "sk_live_4eC39HqLyjWDarjtT1zdp7dcQz8Rw2Lk",
        "  api_key: 3f9c2b7a1e4d8f6a0b5c3e2d1f4a7b9c",
        "\tsecret\t=\t\"Lm9Zx3Vb7Np4Rt6Wy1Ce5Hj0Ds8Ga2Qk\"",
        "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ012345678",
        "config = {",
        "  'key': 'Qx7Lm2Vb9Np4Rt6Wy1Ce5Hj'",
        "token: >",
        "   \"Wk4Lq8Zx2Vb7Np3Rt6Hs1Gd9Fb5Yc0Ja\"",
    ];

    /// Lines that make a text be scanned whole: a contextual rule's section, a key block.
    const RARE: &[&str] = &[
        "datadog:",
        "-----BEGIN RSA PRIVATE KEY-----",
        "curl -u admin:pw https://x",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYz9Kq2Lm8Np",
        "cloudsight = {",
    ];

    /// Code with no keyword, as most of a file is.
    const FILLER: &[&str] = &[
        "    for item in items:",
        "        total += item.price * item.count",
        "    return total",
        "class Order:",
        "    pass",
    ];

    fn line(rng: &mut Rng) -> String {
        if rng.below(60) == 0 {
            RARE[rng.below(RARE.len())].to_owned()
        } else if rng.below(3) > 0 {
            FILLER[rng.below(FILLER.len())].to_owned()
        } else {
            LINES[rng.below(LINES.len())].to_owned()
        }
    }

    fn text(rng: &mut Rng, lines: usize) -> Vec<String> {
        (0..lines).map(|_| line(rng)).collect()
    }

    fn join(lines: &[String], crlf: bool) -> Vec<u8> {
        let mut s = lines.join(if crlf { "\r\n" } else { "\n" });
        if !lines.is_empty() && !lines.len().is_multiple_of(3) {
            s.push('\n');
        }
        s.into_bytes()
    }

    #[test]
    fn a_rescan_finds_exactly_what_a_full_scan_finds() {
        let rules = rules();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let (mut rescanned, mut whole) = (0, 0);
        for round in 0..2000u32 {
            let count = 1 + rng.below(30);
            let mut lines = text(&mut rng, count);
            let crlf = round.is_multiple_of(7);
            let base = join(&lines, crlf);
            let (_, memo) = rules.scan_memo(&base);
            // Replace, insert or delete a few lines, or edit inside one.
            for _ in 0..1 + rng.below(6) {
                let at = rng.below(lines.len() + 1);
                match rng.below(4) {
                    0 if at < lines.len() => {
                        lines.remove(at);
                    }
                    1 if at < lines.len() => {
                        let l = &mut lines[at];
                        let cut = rng.below(l.len() + 1);
                        while !l.is_char_boundary(cut.min(l.len())) {
                            l.pop();
                        }
                        l.truncate(cut.min(l.len()));
                        l.push_str(&line(&mut rng));
                    }
                    _ => lines.insert(at, line(&mut rng)),
                }
            }
            let copy = join(&lines, crlf);
            let (full, full_memo) = rules.scan_memo(&copy);
            match rescan(&rules, &base, &memo, &copy) {
                Some((hits, m)) => {
                    rescanned += 1;
                    assert_eq!(
                        hits,
                        full,
                        "round {round}:\n--- base\n{}\n--- copy\n{}",
                        String::from_utf8_lossy(&base),
                        String::from_utf8_lossy(&copy)
                    );
                    assert_eq!(m, full_memo, "round {round}: the memo carries over");
                }
                None => whole += 1,
            }
        }
        // Both paths are exercised.
        assert!(rescanned > 800, "{rescanned} rescanned, {whole} whole");
        assert!(whole > 50, "{rescanned} rescanned, {whole} whole");
    }

    #[test]
    fn changed_lines_are_whole_lines() {
        assert_eq!(changed_lines(b"a\nb\nc\n", b"a\nX\nc\n"), (2, 4, 4));
        assert_eq!(changed_lines(b"a\nb\nc\n", b"a\nb\nc\n"), (6, 6, 6));
        assert_eq!(changed_lines(b"a\nbc\n", b"a\nbXc\n"), (2, 5, 6));
        assert_eq!(changed_lines(b"a\n", b"a\nb\n"), (2, 2, 4));
        assert_eq!(changed_lines(b"b\n", b"a\nb\n"), (0, 0, 2));
        assert_eq!(changed_lines(b"", b"x"), (0, 0, 1));
        assert_eq!(changed_lines(b"abc", b"abd"), (0, 3, 3));
        // A repeated line: the common head and tail do not overlap.
        assert_eq!(changed_lines(b"a\na\n", b"a\na\na\n"), (4, 4, 6));
    }
}
