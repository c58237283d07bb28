//! Every secret the run knows of, masked in every text that is shown or written. A finding's
//! code line and the lines around it can hold other secrets than its own (two keys on one
//! line, a key block next to a token, a Nosey Parker snippet spanning several matches): each
//! finding masks its own secret when displayed ([`Finding::masked_context`]), and [`mask_others`]
//! masks everyone else's, once, when the findings are loaded.

use std::collections::HashMap;

use crate::finding::Finding;

/// Shorter values are not searched for in other findings' text: they would mask ordinary words.
/// A finding's own secret is masked whatever its length.
pub const MIN_LEN: usize = 6;

/// Bits in the filter that rules out most text positions with one memory read.
const FILTER_BITS: u32 = 20;

/// Patterns at least this long are indexed by this many first bytes: secrets of one kind share
/// their first bytes (`sk_live_`, `github_pat_11`), and a shorter key would chain thousands.
const LONG: usize = 16;

/// Candidate bytes compared per byte of text before a text counts as crafted (see [`Masker::mask`]).
const BUDGET_PER_BYTE: usize = 64;

/// The known secrets, found by their first [`MIN_LEN`] bytes. An Aho-Corasick automaton over
/// 100,000 secrets took 1.3 s to build; this index takes milliseconds, and a search reads one
/// bit per text position and compares only where a known secret could start.
pub struct Masker {
    /// Every pattern's bytes, back to back.
    arena: String,
    /// Per pattern: its range in `arena` and its secret's number.
    patterns: Vec<(usize, usize, u32)>,
    /// First [`MIN_LEN`] bytes (short patterns) or [`LONG`] bytes (the others) → the first
    /// pattern starting with them; `next` chains the others.
    short: HashMap<u64, u32>,
    long: HashMap<u128, u32>,
    next: Vec<u32>,
    filter: Vec<u64>,
    /// Per secret: its redacted form.
    redaction: Vec<String>,
}

const NONE: u32 = u32::MAX;

fn window(bytes: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w[..MIN_LEN].copy_from_slice(&bytes[..MIN_LEN]);
    u64::from_le_bytes(w)
}

fn slot(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - FILTER_BITS)) as usize
}

impl Masker {
    /// Every raw secret among `findings` (and, for a secret spanning lines such as a key block,
    /// each of its lines of 8 characters or more), with, per finding, its own secret's number.
    pub fn new(findings: &[Finding]) -> (Self, Vec<Option<u32>>) {
        let mut m = Self {
            arena: String::new(),
            patterns: Vec::new(),
            short: HashMap::new(),
            long: HashMap::new(),
            next: Vec::new(),
            filter: vec![0; 1 << (FILTER_BITS - 6)],
            redaction: Vec::new(),
        };
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut own = Vec::with_capacity(findings.len());
        for f in findings {
            let Some(secret) = f.secret.as_ref().map(|s| s.expose()) else {
                own.push(None);
                continue;
            };
            if let Some(&id) = ids.get(secret) {
                own.push(Some(id));
                continue;
            }
            let id = u32::try_from(m.redaction.len()).unwrap_or(NONE);
            ids.insert(secret, id);
            own.push(Some(id));
            m.redaction.push(f.redacted.clone());
            if secret.len() < MIN_LEN {
                continue;
            }
            m.add(secret, id);
            if secret.contains('\n') {
                // A key block's armour lines (`-----BEGIN ...`) are the same in every block.
                for line in secret
                    .lines()
                    .map(str::trim)
                    .filter(|l| l.len() >= 8 && !l.starts_with("-----"))
                {
                    m.add(line, id);
                }
            }
        }
        (m, own)
    }

    fn add(&mut self, pattern: &str, id: u32) {
        let start = self.arena.len();
        self.arena.push_str(pattern);
        let index = u32::try_from(self.patterns.len()).unwrap_or(NONE);
        self.patterns.push((start, pattern.len(), id));
        let bytes = pattern.as_bytes();
        let previous = if bytes.len() >= LONG {
            self.long.insert(long_key(bytes), index)
        } else {
            self.short.insert(window(bytes), index)
        };
        self.next.push(previous.unwrap_or(NONE));
        let s = slot(window(bytes));
        self.filter[s >> 6] |= 1 << (s & 63);
    }

    /// `text` with every known secret but secret number `own` replaced by its redaction; `None`
    /// when there is nothing to mask.
    pub fn mask(&self, text: &str, own: Option<u32>) -> Option<String> {
        let bytes = text.as_bytes();
        if self.patterns.is_empty() || bytes.len() < MIN_LEN {
            return None;
        }
        let mut out = String::new();
        let (mut copied, mut i) = (0, 0);
        // Bytes compared against candidates, bounded so that a report crafted with thousands
        // of secrets sharing their first bytes cannot make this quadratic.
        let mut budget = bytes
            .len()
            .saturating_mul(BUDGET_PER_BYTE)
            .saturating_add(4096);
        while i + MIN_LEN <= bytes.len() {
            let key = window(&bytes[i..]);
            let s = slot(key);
            if self.filter[s >> 6] & (1 << (s & 63)) != 0
                && let Some((len, id)) = self.longest_at(bytes, i, key, &mut budget)
            {
                // The finding's own secret is left whole for it to mask (or reveal) itself: a
                // secret inside it must not break it up.
                if Some(id) != own {
                    out.push_str(&text[copied..i]);
                    out.push_str(&self.redaction[id as usize]);
                    copied = i + len;
                }
                i += len;
                continue;
            }
            i += 1;
            if budget == 0 {
                // Fail closed: what could not be checked is not shown.
                return Some(format!(
                    "[{} bytes hidden: too many known secrets start alike to check them]",
                    bytes.len()
                ));
            }
        }
        if copied == 0 {
            return None;
        }
        out.push_str(&text[copied..]);
        Some(out)
    }

    /// The longest pattern starting at `at`: its length and secret.
    fn longest_at(
        &self,
        bytes: &[u8],
        at: usize,
        key: u64,
        budget: &mut usize,
    ) -> Option<(usize, u32)> {
        let mut best: Option<(usize, u32)> = None;
        let heads = [
            (bytes.len() - at >= LONG)
                .then(|| self.long.get(&long_key(&bytes[at..])).copied())
                .flatten(),
            self.short.get(&key).copied(),
        ];
        for head in heads.into_iter().flatten() {
            let mut p = head;
            while p != NONE {
                let (start, len, id) = self.patterns[p as usize];
                *budget = budget.saturating_sub(len.min(bytes.len() - at));
                if best.is_none_or(|(l, _)| len > l)
                    && bytes[at..].starts_with(&self.arena.as_bytes()[start..start + len])
                {
                    best = Some((len, id));
                }
                p = self.next[p as usize];
            }
        }
        best
    }
}

fn long_key(bytes: &[u8]) -> u128 {
    let mut w = [0u8; LONG];
    w.copy_from_slice(&bytes[..LONG]);
    u128::from_le_bytes(w)
}

/// Masks, in every finding's code line and surrounding lines, the secrets of all the others.
pub fn mask_others(findings: &mut [Finding]) {
    let (masker, own) = Masker::new(findings);
    if masker.patterns.is_empty() {
        return;
    }
    let mask_one = |f: &mut Finding, own: Option<u32>| {
        if let Some(c) = f.context.as_deref().and_then(|c| masker.mask(c, own)) {
            f.context = Some(c);
        }
        if let Some((before, after)) = &mut f.around {
            if let Some(b) = masker.mask(before, own) {
                *before = b;
            }
            if let Some(a) = masker.mask(after, own) {
                *after = a;
            }
        }
    };
    // Independent per finding: on all cores.
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let chunk = findings.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        for (part, owns) in findings.chunks_mut(chunk).zip(own.chunks(chunk)) {
            let mask_one = &mask_one;
            scope.spawn(move || {
                for (f, o) in part.iter_mut().zip(owns) {
                    mask_one(f, *o);
                }
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Evidence;

    fn finding(secret: &str, context: &str) -> Finding {
        let mut f = Finding::new("t", "r", "a.env".into(), Evidence::secret(secret));
        f.context = Some(context.into());
        f.around = Some((format!("before {secret}"), "after".into()));
        f.finish()
    }

    #[test]
    fn each_finding_keeps_its_own_secret_and_masks_the_others() {
        let line = "A=ghp_Xy7Lm2Qp9Rs4Tu6Vw8Za1Bc3De5Fg7Hi9Jk0 B=sk_live_4eC39HqLyjWDarjtT1zdp7dc";
        let mut fs = vec![
            finding("ghp_Xy7Lm2Qp9Rs4Tu6Vw8Za1Bc3De5Fg7Hi9Jk0", line),
            finding("sk_live_4eC39HqLyjWDarjtT1zdp7dc", line),
        ];
        mask_others(&mut fs);
        assert_eq!(
            fs[0].context.as_deref(),
            Some("A=ghp_Xy7Lm2Qp9Rs4Tu6Vw8Za1Bc3De5Fg7Hi9Jk0 B=sk_l********")
        );
        assert_eq!(
            fs[0].masked_context().as_deref(),
            Some("A=ghp_******** B=sk_l********")
        );
        assert_eq!(
            fs[1].masked_context().as_deref(),
            Some("A=ghp_******** B=sk_l********")
        );
        // The other finding's surrounding line showed the first one's secret.
        assert!(fs[1].masked_around().unwrap().0.contains("sk_l********"));
    }

    #[test]
    fn key_blocks_are_masked_line_by_line() {
        let key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq98z\nQ1Zh3Kx9Lm2Np4Rs6Tu8Vw\n-----END RSA PRIVATE KEY-----";
        let mut fs = vec![
            finding(key, "k = '''"),
            finding(
                "AKIAQ3EGRXZ4LMWV9TDK",
                "Q1Zh3Kx9Lm2Np4Rs6Tu8Vw AKIAQ3EGRXZ4LMWV9TDK",
            ),
        ];
        mask_others(&mut fs);
        let c = fs[1].masked_context().unwrap();
        assert!(
            !c.contains("Q1Zh3Kx9Lm2Np4Rs6Tu8Vw") && !c.contains("AKIAQ3EGRXZ4LMWV9TDK"),
            "{c}"
        );
    }

    #[test]
    fn a_secret_inside_the_own_one_does_not_break_it_up() {
        let own = "AKIAXXXXsk_live_4eC39HqLyjWDarjtT1zdp7dcTAIL";
        let mut fs = vec![
            finding(own, &format!("k={own}")),
            finding("sk_live_4eC39HqLyjWDarjtT1zdp7dc", "x"),
        ];
        mask_others(&mut fs);
        assert_eq!(fs[0].masked_context().as_deref(), Some("k=AKIA********"));
    }

    #[test]
    fn secrets_crafted_to_start_alike_are_hidden_in_bounded_time() {
        let secrets: Vec<String> = (0..5_000)
            .map(|i| format!("AAAAAAAAAAAAAAAAAAAA{i:08}"))
            .collect();
        let line = "A".repeat(10_000);
        let mut fs: Vec<Finding> = secrets.iter().map(|s| finding(s, "x")).collect();
        fs.push(finding("B-own-secret-value", &line));
        mask_others(&mut fs);
        let c = fs.last().unwrap().context.clone().unwrap();
        assert!(
            c.starts_with("[10000 bytes hidden"),
            "{}",
            &c[..40.min(c.len())]
        );
    }

    #[test]
    fn short_values_and_no_secrets_change_nothing() {
        let mut fs = vec![finding("abc", "abc abc"), finding("hunter22", "x")];
        mask_others(&mut fs);
        assert_eq!(fs[0].context.as_deref(), Some("abc abc"));
    }
}
