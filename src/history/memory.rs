//! What a history scan remembers for the next one, in `.leakdesk/history.json` beside the
//! triage state: the tips it scanned, the (blob, path, commit) introductions whose blobs held
//! findings, and how those paths changed commit by commit. No secret: ids and paths only (the
//! next scan reads those blobs again for their values). The next scan of the same repository
//! with the same rules reads only commits the tips do not reach, and gives what a full scan
//! gives; when history was rewritten (a tip is gone) it scans everything again and says why.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use gix::ObjectId;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Options;
use super::places::{Events, Introduced};
use super::walk::Graph;
use crate::scan::rules::RuleSet;

const VERSION: u32 = 1;

/// Which scan a memory belongs to: the repository, and what would change the results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    repo: String,
    /// The rules, leakdesk's version and the blob size limit, hashed.
    setup: String,
    /// Whether remembering applies: a scan of one branch, a range or a date is not remembered.
    whole: bool,
}

impl Key {
    pub fn new(repo: &gix::Repository, rules: &RuleSet, opts: &Options) -> Self {
        let dir = repo.git_dir();
        let repo = std::fs::canonicalize(dir)
            .unwrap_or_else(|_| dir.to_path_buf())
            .display()
            .to_string();
        let mut h = Sha256::new();
        h.update(env!("CARGO_PKG_VERSION"));
        h.update(opts.max_blob_size.to_le_bytes());
        for r in &rules.rules {
            h.update(format!("{:?}", r.spec));
        }
        Self {
            repo,
            setup: format!("{:x}", h.finalize()),
            whole: opts.branch.is_none() && opts.range.is_none() && opts.since.is_none(),
        }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    version: u32,
    /// By repository (its git directory).
    #[serde(default)]
    repositories: BTreeMap<String, Stored>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Stored {
    setup: String,
    tips: Vec<String>,
    /// `[blob, path, commit]`.
    introduced: Vec<(String, String, String)>,
    /// Per path, `[commit, blob]` (an empty blob: deleted).
    changes: BTreeMap<String, Vec<(String, String)>>,
}

/// An earlier scan, ready to be built on.
pub struct Memory {
    pub tips: Vec<ObjectId>,
    introduced: Vec<(ObjectId, String, ObjectId)>,
    changes: HashMap<String, Vec<(ObjectId, Option<ObjectId>)>>,
}

/// The memory of this repository's last scan, when it was made with the same setup.
pub fn load(path: &Path, key: &Key) -> Result<Option<Memory>, String> {
    if !key.whole {
        return Ok(None);
    }
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{}: cannot read: {e}", path.display())),
    };
    // A damaged memory only costs a full scan.
    let Ok(file) = serde_json::from_str::<File>(&text) else {
        return Ok(None);
    };
    let Some(s) = file
        .repositories
        .get(&key.repo)
        .filter(|s| file.version == VERSION && s.setup == key.setup)
    else {
        return Ok(None);
    };
    let id = |t: &str| ObjectId::from_hex(t.as_bytes()).ok();
    let tips: Option<Vec<ObjectId>> = s.tips.iter().map(|t| id(t)).collect();
    let introduced: Option<Vec<_>> = s
        .introduced
        .iter()
        .map(|(b, p, c)| Some((id(b)?, p.clone(), id(c)?)))
        .collect();
    let mut changes = HashMap::new();
    for (path, list) in &s.changes {
        let mut out = Vec::with_capacity(list.len());
        for (c, b) in list {
            let Some(c) = id(c) else { return Ok(None) };
            out.push((c, if b.is_empty() { None } else { id(b) }));
        }
        changes.insert(path.clone(), out);
    }
    match (tips, introduced) {
        (Some(tips), Some(introduced)) => Ok(Some(Memory {
            tips,
            introduced,
            changes,
        })),
        _ => Ok(None),
    }
}

impl Memory {
    /// Why this memory cannot be built on, when history no longer holds what it saw.
    pub fn unusable(&self, graph: &Graph) -> Option<String> {
        let gone = self
            .tips
            .iter()
            .chain(self.introduced.iter().map(|(_, _, c)| c))
            .find(|c| !graph.index.contains_key(*c))?;
        Some(format!(
            "history was rewritten since the last scan (commit {} is gone): every commit is scanned again",
            &gone.to_string()[..12]
        ))
    }

    /// Puts the earlier scan's introductions and path changes back, and marks the commits it
    /// covered as known.
    pub fn restore(
        &self,
        graph: &Graph,
        introduced: &mut Vec<Introduced>,
        events: &mut Events,
        known: &mut [bool],
    ) {
        for (blob, path, commit) in &self.introduced {
            if let Some(&c) = graph.index.get(commit) {
                introduced.push(Introduced {
                    blob: *blob,
                    path: path.clone(),
                    commit: c,
                });
            }
        }
        for (path, list) in &self.changes {
            let slot = events.entry(path.clone()).or_default();
            for (commit, blob) in list {
                if let Some(&c) = graph.index.get(commit) {
                    slot.push((c, *blob));
                }
            }
        }
        // Every commit the scan did not read now was read before (no range or date applies).
        for k in known.iter_mut() {
            *k = true;
        }
    }
}

/// Remembers this scan: its tips, the introductions of blobs with findings, and how their
/// paths changed. Written atomically; other repositories' entries are kept.
pub fn save(
    path: &Path,
    key: &Key,
    graph: &Graph,
    introduced: &[Introduced],
    events: &Events,
    with_findings: &HashSet<ObjectId>,
) -> Result<(), String> {
    if !key.whole {
        return Ok(());
    }
    let mut file: File = std::fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .filter(|f: &File| f.version == VERSION)
        .unwrap_or_default();
    file.version = VERSION;
    let hex = |c: usize| graph.commits[c].id.to_string();
    let mut tips: Vec<String> = graph.tips.iter().map(|(_, c)| hex(*c)).collect();
    tips.sort();
    tips.dedup();
    let kept: Vec<&Introduced> = introduced
        .iter()
        .filter(|i| with_findings.contains(&i.blob))
        .collect();
    let paths: HashSet<&str> = kept.iter().map(|i| i.path.as_str()).collect();
    let mut changes = BTreeMap::new();
    for p in paths {
        let mut list: Vec<(String, String)> = events
            .get(p)
            .into_iter()
            .flatten()
            .map(|(c, b)| (hex(*c), b.map(|b| b.to_string()).unwrap_or_default()))
            .collect();
        list.sort();
        list.dedup();
        changes.insert(p.to_owned(), list);
    }
    let mut intro: Vec<(String, String, String)> = kept
        .iter()
        .map(|i| (i.blob.to_string(), i.path.clone(), hex(i.commit)))
        .collect();
    intro.sort();
    intro.dedup();
    file.repositories.insert(
        key.repo.clone(),
        Stored {
            setup: key.setup.clone(),
            tips,
            introduced: intro,
            changes,
        },
    );
    let mut bytes = serde_json::to_vec_pretty(&file).map_err(|e| e.to_string())?;
    bytes.push(b'\n');
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        crate::store::ignore_our_scratch_files(dir);
    }
    crate::store::replace_file(path, &bytes)
}
