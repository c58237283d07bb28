//! The allowlist as a table, for `allowlist list` and the screen's allowlist view alike: one
//! row per entry, every value cleaned to one line, the state from [`super::health`].

use super::{AllowlistFile, Health};
use crate::sanitize::clean;

/// One entry, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub fingerprint: String,
    pub kind: &'static str,
    /// The path scope, or `everywhere`.
    pub scope: String,
    /// How many findings it hides, when the reports were given.
    pub hides: Option<usize>,
    /// Its health, when known (with the reports, or expired without them).
    pub state: Option<Health>,
    pub decided_by: String,
    /// `YYYY-MM-DD`.
    pub on: String,
    pub reason: String,
    /// Who verified the secret it hides live, when a tool did.
    pub live: Option<String>,
}

/// The rows of `list`, with each entry's health and count, and who verified its secret live,
/// when the reports were given.
pub fn rows(
    list: &AllowlistFile,
    health: Option<&[(Health, usize)]>,
    live: Option<&[Option<String>]>,
    today: &str,
) -> Vec<Row> {
    let one_line = crate::sanitize::one_line;
    list.entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let judged = health.and_then(|h| h.get(i)).copied();
            let state = match judged {
                Some((h, _)) => Some(h),
                None if e.is_expired(today) => Some(Health::Expired),
                None => None,
            };
            Row {
                fingerprint: clean(super::short(&e.fingerprint)).into_owned(),
                kind: e.kind.as_str(),
                scope: e
                    .path
                    .as_deref()
                    .map_or_else(|| "everywhere".into(), one_line),
                hides: judged.map(|(_, n)| n),
                state,
                decided_by: one_line(&e.decided_by),
                on: one_line(e.decided_at.get(..10).unwrap_or(&e.decided_at)),
                reason: one_line(&e.reason),
                live: live.and_then(|l| l.get(i)).cloned().flatten(),
            }
        })
        .collect()
}
