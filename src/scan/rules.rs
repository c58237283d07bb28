//! Detection rules as data: the bundled `rules.json`, plus `*.json` rule files in the user's
//! config directory (`rules/`) and the repository's `.leakdesk/rules/`; a later file replaces a
//! rule with the same id. A rule that does not compile is reported by file and id, and the
//! others still run.

use std::collections::BTreeMap;
use std::path::Path;

use aho_corasick::AhoCorasick;
use regex::bytes::Regex;
use serde::Deserialize;

const BUNDLED: &str = include_str!("rules.json");

#[derive(Debug, Deserialize)]
struct RuleFile {
    #[serde(default)]
    placeholders: Vec<String>,
    /// Values published as documentation samples (the jwt.io token, RFC examples): never
    /// findings, whichever rule matches them.
    #[serde(default)]
    known_samples: Vec<String>,
    /// Prefixes of keys that are public by design (Stripe's `pk_live_`): never findings.
    #[serde(default)]
    public_prefixes: Vec<String>,
    #[serde(default)]
    rules: Vec<RuleSpec>,
}

/// What no rule reports, from every rule file.
#[derive(Debug, Default)]
struct NeverSecret {
    samples: std::collections::HashSet<Vec<u8>>,
    public_prefixes: Vec<Vec<u8>>,
}

impl NeverSecret {
    fn covers(&self, value: &[u8]) -> bool {
        self.samples.contains(value) || self.public_prefixes.iter().any(|p| value.starts_with(p))
    }
}

/// One rule as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    /// Playbook id, or empty for a generic rule.
    #[serde(default)]
    pub provider: String,
    pub name: String,
    /// The secret is the named group `secret`. Empty for a rule that finds values by `context`.
    #[serde(default)]
    pub regex: String,
    /// Words that name the provider where they appear around a value: in the section or block
    /// it is under, the call it is an argument of, or its name (see `scan/context.rs`). Such a
    /// rule takes every value whose whole text matches `value`.
    #[serde(default)]
    pub context: Vec<String>,
    #[serde(default)]
    pub value: Option<String>,
    /// Lowercase words one of which must appear in a file for the rule to run.
    pub keywords: Vec<String>,
    #[serde(default)]
    pub min_entropy: Option<f64>,
    /// At least this many of: lower case, upper case, digits, other characters (a password
    /// short enough to fall under an entropy bar still mixes them).
    #[serde(default)]
    pub min_char_classes: Option<u8>,
    /// Values containing one of these (case-insensitive) are not secrets.
    #[serde(default)]
    pub placeholders: Vec<String>,
    /// The whole match containing one of these (case-insensitive) is not a secret: key names
    /// like `hashed_secret` or `checksum` that a generic pattern would otherwise take.
    #[serde(default)]
    pub skip_if_match_contains: Vec<String>,
    /// Names that hold no secret though they contain a secret word: the last words of the name
    /// the value is assigned to (`id`, `arn`, `next token`, `object key`).
    #[serde(default)]
    pub skip_names_ending: Vec<String>,
    /// Values that are code (references, calls, identifiers, comparisons) are not secrets:
    /// for rules that take any value assigned to a secret-sounding name.
    #[serde(default)]
    pub reject_code: bool,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub negatives: Vec<String>,
}

pub struct Rule {
    pub spec: RuleSpec,
    kind: Kind,
    /// The most newlines one match can hold (`None`: unbounded, or a contextual rule).
    reach: Option<usize>,
    placeholders: Vec<String>,
    never: std::sync::Arc<NeverSecret>,
}

/// The compiled rules and the keyword prefilter.
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// `None` if the automaton could not be built: then every rule runs on every file.
    prefilter: Option<AhoCorasick>,
    /// Keyword index → the rules it enables.
    keyword_rules: Vec<Vec<usize>>,
    /// Whether every keyword is one line long (so a text's counts are its lines' sums).
    keywords_one_line: bool,
}

/// How a rule finds values.
enum Kind {
    /// Its regex over the text; the secret is the `secret` group.
    Line(Regex),
    /// Each candidate value whose context holds one of the words and whose whole text matches.
    Context { value: Regex, words: Vec<String> },
}

/// One match of a rule's regex, before the rule's filters: the whole match and the secret in it
/// (`None` when the group is in a branch the match did not take). Matches, not secrets, decide
/// where the search resumes, so a rescan must know them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Raw {
    pub start: usize,
    pub end: usize,
    pub secret: Option<(usize, usize)>,
    /// Whether the rule's filters keep its secret, once decided. The filters read the match's
    /// line from its start and 8 bytes past its end, so a match carried over from a base text
    /// whose lines did not change keeps the base's decision.
    pub kept: Option<bool>,
}

impl Raw {
    fn from_captures(caps: &regex::bytes::Captures<'_>) -> Option<Self> {
        let whole = caps.get(0)?;
        Some(Self {
            start: whole.start(),
            end: whole.end(),
            secret: caps.name("secret").map(|m| (m.start(), m.end())),
            kept: None,
        })
    }

    pub fn shifted(self, by: isize) -> Self {
        let at = |x: usize| x.saturating_add_signed(by);
        Self {
            start: at(self.start),
            end: at(self.end),
            secret: self.secret.map(|(s, e)| (at(s), at(e))),
            kept: self.kept,
        }
    }
}

/// What a scan of one text leaves behind for rescanning a changed copy of it (`delta.rs`):
/// how often each keyword occurs, and every match of each rule that ran.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Memo {
    pub counts: Vec<u32>,
    /// Per rule that ran (by index, in order), its matches in order.
    pub raw: Vec<(usize, Vec<Raw>)>,
    /// Whether a changed copy can be rescanned around its change: no rule ran whose findings
    /// depend on text further away than a bounded number of lines (a contextual rule reads the
    /// sections above its value; a regex with `\s*` can span any number of lines).
    pub local: bool,
}

/// A secret found: which rule, and its byte span in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub rule: usize,
    pub start: usize,
    pub end: usize,
}

impl Rule {
    fn compile(
        spec: RuleSpec,
        global_placeholders: &[String],
        never: std::sync::Arc<NeverSecret>,
    ) -> Result<Self, String> {
        if spec.keywords.is_empty() {
            return Err("has no keywords (one must appear in a file for the rule to run)".into());
        }
        // ASCII classes: secrets are ASCII, and Unicode `\w` in long repetitions is huge.
        let build = |pattern: &str, what: &str| {
            regex::bytes::RegexBuilder::new(pattern)
                .unicode(false)
                .size_limit(1 << 24)
                .dfa_size_limit(16 << 20)
                .build()
                .map_err(|e| {
                    format!(
                        "its {what} does not compile: {}",
                        e.to_string().lines().last().unwrap_or_default()
                    )
                })
        };
        let mut reach = None;
        let kind = if spec.context.is_empty() {
            let regex = build(&spec.regex, "regex")?;
            if !regex.capture_names().any(|n| n == Some("secret")) {
                return Err("its regex has no `(?P<secret>...)` group".into());
            }
            let shape = super::reach::shape(&spec.regex)?;
            if shape.can_be_empty {
                return Err(
                    "its regex can match an empty string (it would match everywhere)".into(),
                );
            }
            reach = shape.newlines;
            Kind::Line(regex)
        } else {
            let value = spec
                .value
                .as_deref()
                .ok_or("has `context` words but no `value` pattern for the values it takes")?;
            Kind::Context {
                value: build(&format!("^(?:{value})$"), "value pattern")?,
                words: spec
                    .context
                    .iter()
                    .map(|w| w.to_ascii_lowercase())
                    .collect(),
            }
        };
        let placeholders = spec
            .placeholders
            .iter()
            .chain(global_placeholders)
            .map(|p| p.to_lowercase())
            .collect();
        Ok(Self {
            spec,
            kind,
            reach,
            placeholders,
            never,
        })
    }

    fn is_contextual(&self) -> bool {
        matches!(self.kind, Kind::Context { .. })
    }

    /// The most newlines one of this rule's matches can hold, when bounded.
    pub fn reach(&self) -> Option<usize> {
        self.reach
    }

    /// Every match of this (regex) rule in `text`, in order.
    fn raw_matches(&self, text: &[u8]) -> Vec<Raw> {
        match &self.kind {
            Kind::Line(regex) => regex
                .captures_iter(text)
                .filter_map(|c| Raw::from_captures(&c))
                .collect(),
            Kind::Context { .. } => Vec::new(),
        }
    }

    /// The leftmost match starting at or after `from` in `hay` (bytes before `from` are still
    /// seen by `\b` and `^`).
    pub fn next_raw(&self, hay: &[u8], from: usize) -> Option<Raw> {
        match &self.kind {
            Kind::Line(regex) => regex
                .captures_at(hay, from)
                .and_then(|c| Raw::from_captures(&c)),
            Kind::Context { .. } => None,
        }
    }

    /// The secret of a match, if the rule's filters keep it.
    pub fn kept(&self, text: &[u8], raw: &Raw) -> Option<(usize, usize)> {
        let (s, e) = raw.secret?;
        (!self.skips(&text[raw.start..raw.end]) && self.keeps(text, s, e)).then_some((s, e))
    }

    /// The secrets this rule finds in `text`, as byte spans; `candidates` are the file's values
    /// with their context (computed once per file, for the contextual rules).
    pub fn find(&self, text: &[u8]) -> Vec<(usize, usize)> {
        match &self.kind {
            Kind::Line(_) => self.find_in(text, &[]),
            Kind::Context { .. } => self.find_in(text, &super::context::candidates(text)),
        }
    }

    fn find_in(
        &self,
        text: &[u8],
        candidates: &[super::context::Candidate],
    ) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        match &self.kind {
            Kind::Line(_) => {
                out.extend(
                    self.raw_matches(text)
                        .iter()
                        .filter_map(|r| self.kept(text, r)),
                );
            }
            Kind::Context { value, words } => {
                for c in candidates {
                    if words.iter().any(|w| c.context.contains(w.as_str()))
                        && value.is_match(&text[c.start..c.end])
                        && self.keeps(text, c.start, c.end)
                    {
                        out.push((c.start, c.end));
                    }
                }
            }
        }
        out
    }

    /// Whether the value at `start..end` passes the rule's filters: its name, its shape, its
    /// entropy and the placeholders.
    fn keeps(&self, text: &[u8], start: usize, end: usize) -> bool {
        let value = &text[start..end];
        // The text before the value on its line (up to 96 bytes): the name and operator.
        let from = start.saturating_sub(96);
        let before = match memchr::memrchr(b'\n', &text[from..start]) {
            Some(nl) => &text[from + nl + 1..start],
            None => &text[from..start],
        };
        if !self.spec.skip_names_ending.is_empty()
            && super::shape::name_ends_with(
                &super::shape::name_words(before),
                &self.spec.skip_names_ending,
            )
        {
            return false;
        }
        if self.spec.reject_code
            && super::shape::is_code(before, value, &text[end..text.len().min(end + 8)])
        {
            return false;
        }
        self.accepts(value)
    }

    /// Whether the whole match names something that is not a secret (`hashed_secret = ...`).
    fn skips(&self, whole: &[u8]) -> bool {
        if self.spec.skip_if_match_contains.is_empty() {
            return false;
        }
        let whole = String::from_utf8_lossy(whole).to_lowercase();
        self.spec
            .skip_if_match_contains
            .iter()
            .any(|s| whole.contains(&s.to_lowercase()))
    }

    fn accepts(&self, secret: &[u8]) -> bool {
        if let Some(min) = self.spec.min_char_classes {
            let classes = [
                secret.iter().any(u8::is_ascii_lowercase),
                secret.iter().any(u8::is_ascii_uppercase),
                secret.iter().any(u8::is_ascii_digit),
                secret.iter().any(|b| !b.is_ascii_alphanumeric()),
            ];
            if classes.iter().filter(|&&c| c).count() < usize::from(min) {
                return false;
            }
        }
        if let Some(min) = self.spec.min_entropy
            && entropy(secret) < min
        {
            return false;
        }
        if self.never.covers(secret) {
            return false;
        }
        let lower = String::from_utf8_lossy(secret).to_lowercase();
        !self.placeholders.iter().any(|p| is_placeholder(&lower, p))
    }
}

/// Whether `placeholder` marks `value` (both lower case) as not a secret. A placeholder of one
/// repeated character (`aaaaaa`, `000000`) counts only where such a run is a third of the value
/// or more: the `AAAAAAAA` inside every OpenSSH private key is not a placeholder.
fn is_placeholder(value: &str, placeholder: &str) -> bool {
    let mut chars = placeholder.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !chars.all(|c| c == first) {
        return value.contains(placeholder);
    }
    let (mut run, mut longest) = (0usize, 0usize);
    for c in value.chars() {
        run = if c == first { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest >= placeholder.chars().count() && longest * 3 >= value.chars().count()
}

/// Shannon entropy in bits per byte.
pub fn entropy(bytes: &[u8]) -> f64 {
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0usize; 256];
    for &b in bytes {
        counts[usize::from(b)] += 1;
    }
    let n = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| c as f64 / n)
        .map(|p| -p * p.log2())
        .sum()
}

impl RuleSet {
    /// The bundled rules, then each directory's `*.json` in order. Problems come back as
    /// messages naming the file and the rule.
    pub fn load(dirs: &[&Path]) -> (Self, Vec<String>) {
        let mut warnings = Vec::new();
        let mut specs: BTreeMap<String, (RuleSpec, Vec<String>, String)> = BTreeMap::new();
        let mut never = NeverSecret::default();
        let mut sources = vec![("bundled rules.json".to_owned(), BUNDLED.to_owned())];
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            let mut files: Vec<_> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect();
            files.sort();
            for f in files {
                match std::fs::read_to_string(&f) {
                    Ok(t) => sources.push((f.display().to_string(), t)),
                    Err(e) => warnings.push(format!("{}: cannot read: {e}", f.display())),
                }
            }
        }
        for (name, text) in sources {
            match serde_json::from_str::<RuleFile>(&text) {
                Ok(file) => {
                    never
                        .samples
                        .extend(file.known_samples.iter().map(|s| s.as_bytes().to_vec()));
                    never
                        .public_prefixes
                        .extend(file.public_prefixes.iter().map(|s| s.as_bytes().to_vec()));
                    for spec in file.rules {
                        specs.insert(
                            spec.id.clone(),
                            (spec, file.placeholders.clone(), name.clone()),
                        );
                    }
                }
                Err(e) => warnings.push(format!(
                    "{name}:{}:{}: {e}; its rules were not loaded",
                    e.line(),
                    e.column()
                )),
            }
        }
        let bundled_placeholders = serde_json::from_str::<RuleFile>(BUNDLED)
            .map(|f| f.placeholders)
            .unwrap_or_default();
        let never = std::sync::Arc::new(never);
        let mut rules = Vec::new();
        for (id, (spec, placeholders, file)) in specs {
            let all: Vec<String> = placeholders
                .into_iter()
                .chain(bundled_placeholders.iter().cloned())
                .collect();
            match Rule::compile(spec, &all, never.clone()) {
                Ok(r) => rules.push(r),
                Err(e) => warnings.push(format!(
                    "{file}: rule `{id}` {e}; the other rules still run"
                )),
            }
        }
        (Self::from_rules(rules), warnings)
    }

    fn from_rules(rules: Vec<Rule>) -> Self {
        let mut keywords: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, r) in rules.iter().enumerate() {
            for k in &r.spec.keywords {
                keywords.entry(k.to_lowercase()).or_default().push(i);
            }
        }
        let (words, keyword_rules): (Vec<String>, Vec<Vec<usize>>) = keywords.into_iter().unzip();
        // A full DFA: every keyword is wanted (overlapping search), and a DFA's overlapping
        // search was 1.6x faster than the default NFA's on real code (the prefilter was 43% of
        // the scan's time).
        let prefilter = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&words)
            .ok();
        Self {
            rules,
            prefilter,
            keyword_rules,
            keywords_one_line: words.iter().all(|k| !k.contains('\n')),
        }
    }

    /// Every secret in `text`: only rules whose keywords occur run.
    pub fn scan(&self, text: &[u8]) -> Vec<Hit> {
        self.scan_memo(text).0
    }

    /// Every secret in `text`, and what a rescan of a changed copy needs (`delta.rs`).
    pub fn scan_memo(&self, text: &[u8]) -> (Vec<Hit>, Memo) {
        let Some(mut counts) = self.keyword_counts(text) else {
            let (hits, _) = self.run(text, &vec![true; self.rules.len()]);
            return (hits, Memo::default());
        };
        let enabled = self.enabled(&counts);
        let (hits, raw) = self.run(text, &enabled);
        let local = enabled
            .iter()
            .zip(&self.rules)
            .all(|(&on, r)| !on || r.reach.is_some());
        counts.shrink_to_fit();
        (hits, Memo { counts, raw, local })
    }

    /// How often each keyword occurs in `text` (`None` without a prefilter).
    pub fn keyword_counts(&self, text: &[u8]) -> Option<Vec<u32>> {
        let mut counts = vec![0u32; self.keyword_rules.len()];
        self.count_keywords(text, &mut counts)?;
        Some(counts)
    }

    /// Adds the keywords occurring in `text` to `counts`. Keywords hold no newline, so the
    /// counts of a text are the sums of its lines' counts.
    pub fn count_keywords(&self, text: &[u8], counts: &mut [u32]) -> Option<()> {
        let prefilter = self.prefilter.as_ref()?;
        for m in prefilter.find_overlapping_iter(text) {
            let c = &mut counts[m.pattern().as_usize()];
            *c = c.saturating_add(1);
        }
        Some(())
    }

    /// Which rules run, given the keyword counts of a text.
    pub fn enabled(&self, counts: &[u32]) -> Vec<bool> {
        let mut enabled = vec![false; self.rules.len()];
        for (k, &n) in counts.iter().enumerate() {
            if n > 0 {
                for &r in &self.keyword_rules[k] {
                    enabled[r] = true;
                }
            }
        }
        enabled
    }

    /// Whether a rescan around a change can be exact: every keyword is one line long.
    pub fn keywords_within_lines(&self) -> bool {
        self.keywords_one_line
    }

    /// The secrets the rules keep from their matches, sorted as a full scan sorts them.
    /// Decides every match not decided yet.
    pub fn hits_from(&self, text: &[u8], raw: &mut [(usize, Vec<Raw>)]) -> Vec<Hit> {
        let mut hits: Vec<Hit> = Vec::new();
        for (r, list) in raw.iter_mut() {
            let rule = &self.rules[*r];
            for m in list.iter_mut() {
                let kept = match m.kept {
                    Some(k) => k,
                    None => rule.kept(text, m).is_some(),
                };
                m.kept = Some(kept);
                if let (true, Some((start, end))) = (kept, m.secret) {
                    hits.push(Hit {
                        rule: *r,
                        start,
                        end,
                    });
                }
            }
        }
        hits.sort_by_key(|h| (h.start, h.end, h.rule));
        hits.dedup();
        hits
    }

    /// Runs the enabled rules; also returns each regex rule's matches.
    fn run(&self, text: &[u8], enabled: &[bool]) -> (Vec<Hit>, Vec<(usize, Vec<Raw>)>) {
        if !enabled.iter().any(|&e| e) {
            return (Vec::new(), Vec::new());
        }
        let mut hits = Vec::new();
        let mut raws = Vec::new();
        // The file's values with their context, once, when a contextual rule runs.
        let candidates = if self
            .rules
            .iter()
            .zip(enabled)
            .any(|(r, &on)| on && r.is_contextual())
        {
            super::context::candidates(text)
        } else {
            Vec::new()
        };
        for (i, rule) in self.rules.iter().enumerate().filter(|(i, _)| enabled[*i]) {
            if rule.is_contextual() {
                hits.extend(
                    rule.find_in(text, &candidates)
                        .into_iter()
                        .map(|(start, end)| Hit {
                            rule: i,
                            start,
                            end,
                        }),
                );
            } else {
                let mut raw = rule.raw_matches(text);
                for m in &mut raw {
                    let kept = rule.kept(text, m);
                    m.kept = Some(kept.is_some());
                    if let Some((start, end)) = kept {
                        hits.push(Hit {
                            rule: i,
                            start,
                            end,
                        });
                    }
                }
                raws.push((i, raw));
            }
        }
        hits.sort_by_key(|h| (h.start, h.end, h.rule));
        hits.dedup();
        (hits, raws)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_rule_compiles_and_its_examples_behave() {
        let (set, warnings) = RuleSet::load(&[]);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(set.rules.len() >= 65, "{} rules", set.rules.len());
        for r in &set.rules {
            assert!(!r.spec.examples.is_empty(), "{}: no example", r.spec.id);
            for ex in &r.spec.examples {
                assert!(
                    !r.find(ex.as_bytes()).is_empty(),
                    "{}: does not find its example {ex:?}",
                    r.spec.id
                );
                // Through the prefilter too: the keywords must be in the example.
                assert!(
                    set.scan(ex.as_bytes())
                        .iter()
                        .any(|h| set.rules[h.rule].spec.id == r.spec.id),
                    "{}: prefilter misses {ex:?}",
                    r.spec.id
                );
            }
            for neg in &r.spec.negatives {
                assert!(
                    r.find(neg.as_bytes()).is_empty(),
                    "{}: finds its negative {neg:?}",
                    r.spec.id
                );
            }
        }
    }

    #[test]
    fn the_five_seed_providers_and_every_rule_provider_have_playbooks() {
        let (set, _) = RuleSet::load(&[]);
        let lib = crate::playbook::Library::bundled();
        for seed in [
            "customerio",
            "chiefapp",
            "cloudsight",
            "messagebird",
            "freshchat",
        ] {
            assert!(
                set.rules.iter().any(|r| r.spec.provider == seed),
                "no rule for {seed}"
            );
        }
        for r in &set.rules {
            if !r.spec.provider.is_empty() {
                assert!(
                    lib.get(&r.spec.provider)
                        .is_some_and(|(p, _)| p.id == r.spec.provider),
                    "{}: no playbook `{}`",
                    r.spec.id,
                    r.spec.provider
                );
            }
        }
        let common: std::collections::BTreeSet<&str> = set
            .rules
            .iter()
            .filter(|r| {
                ![
                    "customerio",
                    "chiefapp",
                    "cloudsight",
                    "messagebird",
                    "freshchat",
                ]
                .contains(&r.spec.provider.as_str())
            })
            .map(|r| r.spec.id.as_str())
            .collect();
        assert!(common.len() >= 60, "{} common rules", common.len());
    }

    #[test]
    fn a_bad_user_rule_is_named_and_the_others_run() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("acme.json"),
            r#"{"rules": [
                {"id": "acme-token", "provider": "", "name": "ACME", "regex": "\\b(?P<secret>acme_[a-z0-9]{20})\\b", "keywords": ["acme_"]},
                {"id": "broken", "name": "Broken", "regex": "(?P<secret>[a-z", "keywords": ["x"]},
                {"id": "no-group", "name": "No group", "regex": "acme", "keywords": ["acme"]}
            ]}"#,
        )
        .unwrap();
        let (set, warnings) = RuleSet::load(&[dir.path()]);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("acme.json: rule `broken`") && w.contains("does not compile")),
            "{warnings:?}"
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("rule `no-group`") && w.contains("(?P<secret>")),
            "{warnings:?}"
        );
        let hits = set.scan(b"ACME_TOKEN=acme_0123456789abcdefghij");
        assert!(
            hits.iter()
                .any(|h| set.rules[h.rule].spec.id == "acme-token")
        );
    }

    /// Each shape the real-code runs showed, with the value a rule must (or must not) take.
    #[test]
    fn shapes_from_real_code() {
        let (set, _) = RuleSet::load(&[]);
        let found = |text: &str| -> Vec<String> {
            set.scan(text.as_bytes())
                .iter()
                .map(|h| String::from_utf8_lossy(&text.as_bytes()[h.start..h.end]).into_owned())
                .collect()
        };
        // A JWT in a JSON-escaped string: the `\` is not part of it.
        let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhY21lLWJvdCIsImlhdCI6MTcwMDAwMDAwMH0.Qm9ndXMtc2lnbmF0dXJlLWZvci10ZXN0cy0wMTIz";
        let escaped = format!("{{\\\"session\\\": \\\"{jwt}\\\"}}");
        assert_eq!(found(&escaped), [jwt]);
        // An unencrypted OpenSSH key holds runs of `A`: not the `aaaaaa` placeholder.
        let key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACDy3Jk9mQw0m7fQk1oK7rXbq1cW9q4Jv2n8y3pYlq0b8wAAAJi3v9Z7t7/W\n-----END OPENSSH PRIVATE KEY-----";
        assert_eq!(found(key).len(), 1, "{key}");
        assert!(found("password = \"aaaaaaaaaaaaaaaaaa\"").is_empty());
        // An IAM policy ARN is not an AWS secret key.
        assert!(
            found("\"PolicyArn\": \"arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly\"")
                .is_empty()
        );
        // Public by design, or a published sample.
        assert!(
            found("STRIPE_PUBLISHABLE_KEY=pk_live_51H8x2QJ4eZvKYlo2CbpQmYzT9xE3rW7u").is_empty()
        );
        assert!(found("aws_access_key_id = AKIAIOSFODNN7EXAMPLE").is_empty());
    }

    #[test]
    fn placeholders_and_low_entropy_are_not_secrets() {
        let (set, _) = RuleSet::load(&[]);
        for text in [
            "MESSAGEBIRD_API_KEY=\"xxxxxxxxxxxxxxxxxxxxxxxxx\"",
            "api_key = \"your_api_key_here_example\"",
            "AKIAIOSFODNN7EXAMPLE",
        ] {
            assert!(set.scan(text.as_bytes()).is_empty(), "{text}");
        }
        assert!(entropy(b"aaaa") < 0.1 && entropy(b"abcd") > 1.9);
    }
}
