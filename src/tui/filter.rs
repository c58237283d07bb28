//! The list's filter: words typed after `/`. A word is fuzzy by default, `'exact`, `!negated`.
//! The words the screen shows mean what they show: `live` keeps the secrets verified live,
//! `revoked` (or any status) those with that status. Fields narrow precisely: `is:live`,
//! `status:NAME`, `provider:NAME`, `tool:NAME`, `path:GLOB`, each negated with a leading `!`.

use crate::allowlist::matcher::Scope;
use crate::finding::{Finding, Status};

/// One word of the filter.
pub enum Term {
    Fuzzy(String),
    Exact(String),
    Not(String),
    /// Verified live by a tool (or not, when negated).
    Live(bool),
    Status(Status, bool),
    Provider(String, bool),
    Tool(String, bool),
    Path(Scope, bool),
}

/// What a term is matched against: one secret as the list shows it. Its places are read only
/// by the field terms (a keystroke over a million secrets allocates nothing).
pub struct Subject<'a> {
    pub haystack: &'a str,
    pub live: bool,
    pub status: Status,
    /// The secret's places: indices into `findings`.
    pub members: &'a [usize],
    pub findings: &'a [Finding],
}

impl Subject<'_> {
    fn places(&self) -> impl Iterator<Item = &Finding> {
        self.members.iter().map(|&i| &self.findings[i])
    }
}

impl Term {
    pub fn matches(&self, s: &Subject<'_>) -> bool {
        match self {
            Self::Exact(w) => s.haystack.contains(w.as_str()),
            Self::Not(w) => !s.haystack.contains(w.as_str()),
            Self::Fuzzy(w) => fuzzy(w, s.haystack),
            Self::Live(want) => s.live == *want,
            Self::Status(status, want) => (s.status == *status) == *want,
            Self::Provider(p, want) => {
                s.places().any(|f| {
                    f.provider
                        .as_deref()
                        .is_some_and(|x| x.eq_ignore_ascii_case(p))
                }) == *want
            }
            Self::Tool(t, want) => {
                s.places()
                    .any(|f| f.detections.iter().any(|d| d.tool.eq_ignore_ascii_case(t)))
                    == *want
            }
            Self::Path(scope, want) => s.places().any(|f| scope.covers(&f.file)) == *want,
        }
    }

    /// Whether a longer version of this word can only keep fewer secrets (the filter may then
    /// search the rows already shown).
    pub fn narrows_as_typed(&self) -> bool {
        matches!(self, Self::Fuzzy(_) | Self::Exact(_))
    }
}

/// A word's letters in order, close together within one field of the line (no space between
/// them, spread over at most twice the word's length and a few more): `svc996` finds
/// `services/svc996/`, not an `s`, a `v` and a `c` scattered over a path, a rule and a tool.
fn fuzzy(word: &str, haystack: &str) -> bool {
    if haystack.contains(word) {
        return true;
    }
    if word.is_ascii() && haystack.is_ascii() {
        near(word.as_bytes(), haystack.as_bytes(), b' ')
    } else {
        let w: Vec<char> = word.chars().collect();
        let h: Vec<char> = haystack.chars().collect();
        near(&w, &h, ' ')
    }
}

/// Whether `word` is a subsequence of `hay` starting at some occurrence of its first item,
/// within `2 × len + 4` items and without crossing `space`.
fn near<T: Copy + Eq>(word: &[T], hay: &[T], space: T) -> bool {
    let Some((&first, rest)) = word.split_first() else {
        return true;
    };
    let span = word.len() * 2 + 4;
    (0..hay.len()).filter(|&i| hay[i] == first).any(|start| {
        let end = (start + span).min(hay.len());
        let mut at = start + 1;
        rest.iter().all(|&c| {
            while at < end && hay[at] != c {
                if hay[at] == space {
                    return false;
                }
                at += 1;
            }
            at += 1;
            at <= end
        })
    })
}

/// The glob of the filter's `path:` word, if it has one (not negated): the scope a decision
/// taken on the narrowed list defaults to.
pub fn path_scope(text: &str) -> Option<String> {
    text.split_whitespace()
        .find_map(|w| w.strip_prefix("path:").filter(|v| !v.is_empty()))
        .map(str::to_owned)
}

/// A status by the words the screen shows for it (`false positive`, `false_positive`,
/// `false-positive`).
fn status_named(word: &str) -> Option<Status> {
    let w = word.replace(['-', ' '], "_");
    [
        Status::Open,
        Status::Investigating,
        Status::Revoked,
        Status::FalsePositive,
        Status::TestCredential,
        Status::AcceptedRisk,
    ]
    .into_iter()
    .find(|s| s.as_str() == w)
}

pub fn parse(text: &str) -> Vec<Term> {
    text.split_whitespace()
        .filter_map(|original| {
            // Paths keep their case (files are case-sensitive); every other word is lowered.
            if let Some(glob) = original.strip_prefix("path:").filter(|v| !v.is_empty()) {
                return Some(Term::Path(Scope::new(Some(glob)), true));
            }
            if let Some(glob) = original.strip_prefix("!path:").filter(|v| !v.is_empty()) {
                return Some(Term::Path(Scope::new(Some(glob)), false));
            }
            let w = original.to_lowercase();
            let (negated, word) = match w.strip_prefix('!') {
                Some(rest) => (true, rest.to_owned()),
                None => (false, w.clone()),
            };
            if word.is_empty() {
                return None;
            }
            let want = !negated;
            if let Some((key, value)) = word.split_once(':')
                && !value.is_empty()
            {
                let field = match key {
                    "is" if value == "live" => Some(Term::Live(want)),
                    "status" => status_named(value).map(|s| Term::Status(s, want)),
                    "provider" => Some(Term::Provider(value.to_owned(), want)),
                    "tool" => Some(Term::Tool(value.to_owned(), want)),
                    _ => None,
                };
                if field.is_some() {
                    return field;
                }
            }
            // The words the screen shows.
            if word == "live" {
                return Some(Term::Live(want));
            }
            if let Some(s) = status_named(&word) {
                return Some(Term::Status(s, want));
            }
            Some(if negated {
                Term::Not(word)
            } else if let Some(rest) = word.strip_prefix('\'') {
                if rest.is_empty() {
                    return None;
                }
                Term::Exact(rest.to_owned())
            } else {
                Term::Fuzzy(word)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Evidence, Verified};

    fn subject<'a>(findings: &'a [Finding], live: bool, status: Status) -> Subject<'a> {
        Subject {
            haystack: "messagebird messagebird-api-key src/app/.env gitleaks trufflehog",
            live,
            status,
            members: &[0],
            findings,
        }
    }

    #[test]
    fn words_fields_and_negation() {
        let mut f = Finding::new(
            "trufflehog",
            "MessageBird",
            "src/app/.env".into(),
            Evidence::secret("H0s6w9S0eDmKAShGQgtTl3ENL"),
        );
        f.provider = Some("messagebird".into());
        f.verified = Verified::Yes;
        let places = [f];
        let live_open = subject(&places, true, Status::Open);
        let revoked = subject(&places, false, Status::Revoked);
        let all = |text: &str, s: &Subject<'_>| parse(text).iter().all(|t| t.matches(s));
        assert!(all("live", &live_open) && !all("live", &revoked));
        assert!(all("is:live", &live_open) && all("!live", &revoked));
        assert!(all("revoked", &revoked) && !all("revoked", &live_open));
        assert!(
            all("!revoked", &live_open)
                && all(
                    "status:false-positive",
                    &subject(&places, false, Status::FalsePositive)
                )
        );
        assert!(all("provider:messagebird tool:trufflehog", &live_open));
        assert!(!all("tool:ggshield", &live_open) && all("!tool:ggshield", &live_open));
        assert!(all("path:src/**", &live_open) && !all("path:tests/**", &live_open));
        assert!(all("msgbrd 'gitleaks !ggshield", &live_open));
        assert!(!all("zz", &live_open));
        // An unknown field is an ordinary word.
        assert!(matches!(parse("color:red")[0], Term::Fuzzy(_)));
    }
}
