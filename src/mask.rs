//! Every secret the run knows of, masked in every text that is shown or written. A finding's
//! code line and the lines around it can hold other secrets than its own (two keys on one
//! line, a key block next to a token, a Nosey Parker snippet spanning several matches): each
//! finding masks its own secret when displayed ([`Finding::masked_context`]), and [`mask_others`]
//! masks everyone else's, once, when the findings are loaded.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::finding::{Finding, redact};

/// Shorter values are not searched for in other findings' text: they would mask ordinary words.
/// A finding's own secret is masked whatever its length.
pub const MIN_LEN: usize = 6;

/// The known secrets, searched for all at once.
pub struct Masker {
    ac: Option<AhoCorasick>,
    /// For each pattern: which secret it belongs to, and that secret's redacted form.
    owner: Vec<usize>,
    redaction: Vec<String>,
    /// Secret value → its number.
    ids: HashMap<Box<str>, usize>,
}

impl Masker {
    /// Every raw secret among `findings` (and, for a secret spanning lines such as a key block,
    /// each of its lines of 8 characters or more).
    pub fn new(findings: &[Finding]) -> Self {
        let mut ids: HashMap<Box<str>, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut owner = Vec::new();
        let mut redaction = Vec::new();
        for f in findings {
            let Some(secret) = f.secret.as_ref().map(|s| s.expose()) else {
                continue;
            };
            if secret.len() < MIN_LEN || ids.contains_key(secret) {
                continue;
            }
            let id = ids.len();
            ids.insert(secret.into(), id);
            let mut add = |p: &str| {
                patterns.push(p.to_owned());
                owner.push(id);
                redaction.push(redact(secret));
            };
            add(secret);
            if secret.contains('\n') {
                for line in secret.lines().map(str::trim).filter(|l| l.len() >= 8) {
                    add(line);
                }
            }
        }
        let ac = (!patterns.is_empty())
            .then(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&patterns)
                    .ok()
            })
            .flatten();
        Self {
            ac,
            owner,
            redaction,
            ids,
        }
    }

    /// `text` with every known secret but `own` replaced by its redaction.
    pub fn mask(&self, text: &str, own: Option<&str>) -> Option<String> {
        let ac = self.ac.as_ref()?;
        let own = own.and_then(|s| self.ids.get(s)).copied();
        let mut out = String::new();
        let mut copied = 0;
        for m in ac.find_iter(text) {
            let p = m.pattern().as_usize();
            if Some(self.owner[p]) == own {
                continue;
            }
            out.push_str(&text[copied..m.start()]);
            out.push_str(&self.redaction[p]);
            copied = m.end();
        }
        if copied == 0 {
            return None;
        }
        out.push_str(&text[copied..]);
        Some(out)
    }
}

/// Masks, in every finding's code line and surrounding lines, the secrets of all the others.
pub fn mask_others(findings: &mut [Finding]) {
    let masker = Masker::new(findings);
    if masker.ac.is_none() {
        return;
    }
    for f in findings.iter_mut() {
        let own = f.secret.as_ref().map(|s| s.expose().to_owned());
        let own = own.as_deref();
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
    }
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
    fn short_values_and_no_secrets_change_nothing() {
        let mut fs = vec![finding("abc", "abc abc"), finding("hunter22", "x")];
        mask_others(&mut fs);
        assert_eq!(fs[0].context.as_deref(), Some("abc abc"));
    }
}
