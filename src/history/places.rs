//! From what each blob holds to one finding per secret and path: the commit that introduced it
//! there (the oldest), how many commits carry it, which refs reach it, and whether HEAD still
//! has it in that file, elsewhere, or which commit removed it. The state of a path is followed
//! along first parents, from the changes each commit made to it.

use std::collections::{HashMap, HashSet};

use gix::ObjectId;

use super::diff::Trees;
use super::walk::Graph;
use crate::finding::{Finding, History, InHead};

/// A file's content changing in a commit (relative to its first parent): the new blob, or
/// `None` when it was deleted.
pub type Events = HashMap<String, Vec<(usize, Option<ObjectId>)>>;

/// A blob first appearing at a path in a commit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Introduced {
    pub blob: ObjectId,
    pub path: String,
    pub commit: usize,
}

/// Everything the findings are made from.
pub struct Inputs<'a> {
    pub graph: &'a Graph,
    pub introduced: &'a [Introduced],
    /// Per blob, what scanning it found (as found at some path of it).
    pub found: &'a HashMap<ObjectId, Vec<Finding>>,
    pub events: &'a Events,
    /// Per commit, whether its content at any path is known (scanned now, or followed from an
    /// earlier scan): the commits counted as carrying a secret.
    pub known: &'a [bool],
}

/// One finding per secret and path, in path order.
pub fn findings(inputs: &Inputs<'_>, trees: &mut Trees<'_>) -> Vec<Finding> {
    let Inputs {
        graph,
        introduced,
        found,
        events,
        known,
    } = inputs;
    // (fingerprint, path) -> the blobs holding it there, the earliest introduction.
    struct Group {
        blobs: HashSet<ObjectId>,
        first: (usize, ObjectId, usize),
    }
    let mut groups: HashMap<(String, String), Group> = HashMap::new();
    for intro in introduced.iter() {
        let Some(in_blob) = found.get(&intro.blob) else {
            continue;
        };
        for (n, f) in in_blob.iter().enumerate() {
            let key = (f.fingerprint.clone(), intro.path.clone());
            let g = groups.entry(key).or_insert_with(|| Group {
                blobs: HashSet::new(),
                first: (intro.commit, intro.blob, n),
            });
            g.blobs.insert(intro.blob);
            // The oldest introduction: by commit time, then by place in the graph.
            let age = |c: usize| (graph.commits[c].time, c);
            if age(intro.commit) < age(g.first.0) {
                g.first = (intro.commit, intro.blob, n);
            }
        }
    }
    let reach = super::walk::reaching_refs(graph);
    let head_blobs = graph
        .head
        .map(|h| trees.all_blobs(graph.commits[h].tree))
        .unwrap_or_default();
    // A fingerprint is "elsewhere at HEAD" when any of its blobs is in HEAD's tree.
    let mut in_head_blobs: HashSet<&str> = HashSet::new();
    for ((fp, _), g) in &groups {
        if g.blobs.iter().any(|b| head_blobs.contains(b)) {
            in_head_blobs.insert(fp);
        }
    }
    // Groups by path: a path's states are followed once for all its secrets.
    let mut by_path: HashMap<&str, Vec<(&String, &Group)>> = HashMap::new();
    for ((fp, path), g) in &groups {
        by_path.entry(path.as_str()).or_default().push((fp, g));
    }
    let mut out = Vec::with_capacity(groups.len());
    for (path, secrets) in by_path {
        let (state, blobs) = follow(graph, events.get(path), known, path, trees);
        for (fp, g) in secrets {
            let (commit, blob, n) = g.first;
            let Some(template) = found.get(&blob).and_then(|v| v.get(n)) else {
                continue;
            };
            // Which of the path's blobs hold this secret.
            let holding: Vec<bool> = blobs.iter().map(|b| g.blobs.contains(b)).collect();
            let holds = |c: usize| state[c] != NONE && holding[state[c] as usize];
            let mut carrying = 0;
            let mut removed = None;
            for c in 0..graph.commits.len() {
                if !known[c] {
                    continue;
                }
                if holds(c) {
                    carrying += 1;
                } else if removed.is_none()
                    && graph.commits[c].parents.first().is_some_and(|&p| holds(p))
                {
                    removed = Some(c);
                }
            }
            let in_head = match graph.head {
                Some(h) if holds(h) => InHead::File,
                _ if in_head_blobs.contains(fp.as_str()) => InHead::Elsewhere,
                _ => InHead::Removed(removed.map(|c| graph.commits[c].id.to_string())),
            };
            let refs = graph
                .tips
                .iter()
                .enumerate()
                .filter(|(i, _)| reach[commit][i / 64] & (1 << (i % 64)) != 0)
                .map(|(_, (name, _))| name.clone())
                .collect();
            let c = &graph.commits[commit];
            let mut f = template.clone();
            f.file = path.to_owned();
            f.commit = Some(c.id.to_string());
            f.author = (!c.author.is_empty()).then(|| c.author.clone());
            f.email = (!c.email.is_empty()).then(|| c.email.clone());
            f.date = Some(c.date()).filter(|d| !d.is_empty());
            f.history = Some(Box::new(History {
                commits: carrying,
                refs,
                in_head,
            }));
            out.push(f);
        }
    }
    out.sort_by(|a, b| (&a.file, a.line, &a.fingerprint).cmp(&(&b.file, b.line, &b.fingerprint)));
    out
}

/// No blob at the path (or one not followed).
const NONE: u32 = u32::MAX;

/// The blob at `path` in every commit, as an index into the returned blobs: a commit has its
/// first parent's unless it changed the path. A commit whose content is not known (outside
/// `--since`/`--range`) is read from its tree when a known child needs it as a base.
fn follow(
    graph: &Graph,
    events: Option<&Vec<(usize, Option<ObjectId>)>>,
    known: &[bool],
    path: &str,
    trees: &mut Trees<'_>,
) -> (Vec<u32>, Vec<ObjectId>) {
    let mut blobs: Vec<ObjectId> = Vec::new();
    let mut index: HashMap<ObjectId, u32> = HashMap::new();
    let mut intern = |b: Option<ObjectId>| match b {
        None => NONE,
        Some(b) => *index.entry(b).or_insert_with(|| {
            blobs.push(b);
            (blobs.len() - 1) as u32
        }),
    };
    let mut changes: Vec<(usize, u32)> = events
        .into_iter()
        .flatten()
        .map(|&(c, b)| (c, intern(b)))
        .collect();
    changes.sort_unstable();
    let n = graph.commits.len();
    let mut state: Vec<u32> = vec![NONE; n];
    let mut looked: Vec<bool> = vec![false; n];
    let mut next = 0;
    for c in 0..n {
        while next < changes.len() && changes[next].0 < c {
            next += 1;
        }
        if !known[c] {
            continue;
        }
        let base = match graph.commits[c].parents.first() {
            Some(&p) if known[p] => state[p],
            Some(&p) => {
                if !looked[p] {
                    let at = trees.at(graph.commits[p].tree, path);
                    state[p] = intern(at);
                    looked[p] = true;
                }
                state[p]
            }
            None => NONE,
        };
        state[c] = match changes.get(next) {
            Some(&(e, b)) if e == c => b,
            _ => base,
        };
    }
    (state, blobs)
}
