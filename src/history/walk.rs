//! The commit graph of a repository: which commits the scan covers (every ref by default, or a
//! branch, a range, a date), in an order where parents come before children, with the refs
//! that reach each. Commits are read from the object database directly (packed or loose); a
//! missing commit is reported by id and the rest is still walked; a shallow clone's graph ends
//! where its `shallow` file says.

use std::collections::{HashMap, HashSet};

use gix::ObjectId;
use gix::prelude::Find;

use super::{Error, Options};

/// One commit as the scan needs it.
#[derive(Debug, Clone)]
pub struct Commit {
    pub id: ObjectId,
    pub tree: ObjectId,
    /// Indices of the parents that are in the graph, first parent first.
    pub parents: Vec<usize>,
    /// Seconds since the epoch (the committer's time).
    pub time: i64,
    /// The author's time and offset (seconds east of UTC); see [`Commit::date`].
    pub authored: Option<(i64, i32)>,
    pub author: String,
    pub email: String,
    /// Whether the scan reads what it introduced (outside `--since`/`--range`, or seen by an
    /// earlier scan, it is only a base to compare with).
    pub in_scope: bool,
}

/// The graph, parents before children.
pub struct Graph {
    pub commits: Vec<Commit>,
    pub index: HashMap<ObjectId, usize>,
    /// The refs scanned, each with the commit it points at.
    pub tips: Vec<(String, usize)>,
    /// The commit HEAD points at, when it is in the graph.
    pub head: Option<usize>,
    /// Objects that should be there and are not (or cannot be read), with what they are.
    pub missing: Vec<String>,
    /// Whether the clone is shallow (its history is cut short).
    pub shallow: bool,
}

/// Which commits a scan starts from: every ref (branches, tags, remotes, HEAD) unless a branch
/// or range names others. Refs that are not commits (a tag of a tree) are left out.
pub fn tips(repo: &gix::Repository, opts: &Options) -> Result<Vec<(String, ObjectId)>, Error> {
    if let Some(spec) = opts.branch.as_deref() {
        return Ok(vec![(spec.to_owned(), resolve(repo, spec)?)]);
    }
    if let Some((_, to)) = opts.range.as_deref().and_then(|r| r.split_once("..")) {
        let to = if to.is_empty() { "HEAD" } else { to };
        return Ok(vec![(to.to_owned(), resolve(repo, to)?)]);
    }
    let mut out = Vec::new();
    let refs = repo
        .references()
        .map_err(|e| Error::new(format!("cannot list refs: {e}")))?;
    let all = refs
        .all()
        .map_err(|e| Error::new(format!("cannot list refs: {e}")))?;
    for r in all {
        let Ok(mut r) = r else { continue };
        let name = r.name().as_bstr().to_string();
        if let Ok(commit) = r.peel_to_kind(gix::object::Kind::Commit) {
            out.push((name, commit.id));
        }
    }
    if let Ok(head) = repo.head_id() {
        out.push(("HEAD".to_owned(), head.detach()));
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// A branch, tag, `HEAD~2` or commit id as the commit it names.
pub fn resolve(repo: &gix::Repository, spec: &str) -> Result<ObjectId, Error> {
    let id = repo
        .rev_parse_single(spec)
        .map_err(|e| Error::new(format!("`{spec}` names no commit of this repository: {e}")))?;
    let object = id
        .object()
        .map_err(|e| Error::new(format!("`{spec}`: {e}")))?;
    let commit = object
        .peel_to_kind(gix::object::Kind::Commit)
        .map_err(|_| Error::new(format!("`{spec}` is not a commit")))?;
    Ok(commit.id)
}

/// Walks every commit reachable from `tips`, leaving out those reachable from `hidden` (they
/// are read as bases only when a scanned commit has one as a parent).
pub fn walk(
    repo: &gix::Repository,
    tips: &[(String, ObjectId)],
    hidden: &[ObjectId],
    since: Option<i64>,
) -> Graph {
    let shallow: HashSet<ObjectId> = repo
        .shallow_commits()
        .ok()
        .flatten()
        .map(|c| c.iter().copied().collect())
        .unwrap_or_default();
    // Commits are stored whole, never as deltas: a cache of delta bases only costs lookups here
    // (measured: 0.27 s with it, 0.20 s without, for 20,000 commits).
    let mut uncached = repo.clone();
    uncached.objects.unset_pack_cache();
    uncached.objects.unset_object_cache();
    let repo = &uncached;
    let mut missing = Vec::new();
    let mut read = Reader::default();
    // What `hidden` reaches: never scanned, only compared with.
    let mut excluded: gix::hashtable::HashSet<ObjectId> = Default::default();
    let mut stack: Vec<ObjectId> = hidden.to_vec();
    while let Some(id) = stack.pop() {
        if !excluded.insert(id) {
            continue;
        }
        if shallow.contains(&id) {
            continue;
        }
        if let Some(c) = read.commit(repo, id) {
            stack.extend(c.parents);
        }
    }
    // Depth-first from the tips, emitting a commit once all its parents are out: parents
    // before children, without recursion (histories are deep).
    let mut raw: gix::hashtable::HashMap<ObjectId, RawCommit> = Default::default();
    let mut order: Vec<ObjectId> = Vec::new();
    let mut done: gix::hashtable::HashSet<ObjectId> = Default::default();
    let mut stack: Vec<(ObjectId, bool)> = tips.iter().rev().map(|(_, id)| (*id, false)).collect();
    while let Some((id, expanded)) = stack.pop() {
        if done.contains(&id) {
            continue;
        }
        if expanded {
            done.insert(id);
            order.push(id);
            continue;
        }
        if let gix::hashtable::hash_map::Entry::Vacant(slot) = raw.entry(id) {
            match read.commit(repo, id) {
                Some(c) => {
                    slot.insert(c);
                }
                None => {
                    missing.push(format!("commit {id}"));
                    done.insert(id);
                    continue;
                }
            }
        }
        stack.push((id, true));
        // A shallow clone's graph ends here: its parents are not in the repository. Commits an
        // earlier scan (or the range's start) reaches are walked too, but not scanned: the refs
        // and the commits carrying a secret are counted over the whole history.
        if shallow.contains(&id) {
            continue;
        }
        for p in raw[&id].parents.iter().rev() {
            if !done.contains(p) {
                stack.push((*p, false));
            }
        }
    }
    let mut index = HashMap::with_capacity(order.len());
    let mut commits = Vec::with_capacity(order.len());
    for id in order {
        let Some(c) = raw.remove(&id) else { continue };
        let parents = c
            .parents
            .iter()
            .filter_map(|p| index.get(p).copied())
            .collect();
        index.insert(id, commits.len());
        commits.push(Commit {
            id,
            tree: c.tree,
            parents,
            in_scope: !excluded.contains(&id) && since.is_none_or(|s| c.time >= s),
            time: c.time,
            authored: c.authored,
            author: c.author,
            email: c.email,
        });
    }
    let tips = tips
        .iter()
        .filter_map(|(name, id)| index.get(id).map(|&i| (name.clone(), i)))
        .collect();
    let head = repo
        .head_id()
        .ok()
        .and_then(|h| index.get(&h.detach()).copied());
    missing.sort();
    missing.dedup();
    Graph {
        commits,
        index,
        tips,
        head,
        missing,
        shallow: !shallow.is_empty(),
    }
}

struct RawCommit {
    tree: ObjectId,
    parents: Vec<ObjectId>,
    time: i64,
    authored: Option<(i64, i32)>,
    author: String,
    email: String,
}

/// Reads commits with one reused buffer.
#[derive(Default)]
struct Reader {
    buf: Vec<u8>,
}

impl Reader {
    /// One pass over the commit's headers (they end with the committer); the message is never
    /// read.
    fn commit(&mut self, repo: &gix::Repository, id: ObjectId) -> Option<RawCommit> {
        use gix::objs::commit::ref_iter::Token;
        let data = repo.objects.try_find(&id, &mut self.buf).ok().flatten()?;
        if data.kind != gix::object::Kind::Commit {
            return None;
        }
        let (mut tree, mut parents, mut author, mut committer) = (None, Vec::new(), None, None);
        for token in gix::objs::CommitRefIter::from_bytes(data.data, id.kind()) {
            match token {
                Ok(Token::Tree { id }) => tree = Some(id),
                Ok(Token::Parent { id }) => parents.push(id),
                Ok(Token::Author { signature }) => author = Some(signature),
                Ok(Token::Committer { signature }) => {
                    committer = Some(signature);
                    break;
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
        let time = committer
            .as_ref()
            .or(author.as_ref())
            .map_or(0, |s| s.seconds());
        let (name, email, authored) = match &author {
            Some(a) => (
                a.name.to_string(),
                a.email.to_string(),
                a.time().ok().map(|t| (t.seconds, t.offset)),
            ),
            None => Default::default(),
        };
        Some(RawCommit {
            tree: tree?,
            parents,
            time,
            authored,
            author: name.trim().to_owned(),
            email: email.trim().to_owned(),
        })
    }
}

impl Commit {
    /// When the author made it, as RFC 3339 with the author's offset (empty when unknown).
    /// Formatted only for the commits a finding names.
    pub fn date(&self) -> String {
        self.authored.map_or_else(String::new, |(seconds, offset)| {
            crate::report::date::from_unix_with_offset(&format!(
                "{} {}{:02}{:02}",
                seconds,
                if offset < 0 { '-' } else { '+' },
                offset.abs() / 3600,
                offset.abs() % 3600 / 60
            ))
        })
    }
}

/// For each commit, the refs whose history holds it (a bit per ref, from the tips down).
pub fn reaching_refs(graph: &Graph) -> Vec<Vec<u64>> {
    let words = graph.tips.len().div_ceil(64).max(1);
    let mut bits = vec![vec![0u64; words]; graph.commits.len()];
    for (n, (_, c)) in graph.tips.iter().enumerate() {
        bits[*c][n / 64] |= 1 << (n % 64);
    }
    for c in (0..graph.commits.len()).rev() {
        let mine = bits[c].clone();
        for &p in &graph.commits[c].parents {
            for (w, m) in bits[p].iter_mut().zip(&mine) {
                *w |= m;
            }
        }
    }
    bits
}

/// `2026-11-23` as seconds since the epoch (midnight UTC).
pub fn day_start(date: &str) -> Option<i64> {
    if !crate::time::is_date(date) {
        return None;
    }
    let y: i64 = date[..4].parse().ok()?;
    let m: i64 = date[5..7].parse().ok()?;
    let d: i64 = date[8..10].parse().ok()?;
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_start_counts_from_the_epoch() {
        assert_eq!(day_start("1970-01-01"), Some(0));
        assert_eq!(day_start("2026-12-03"), Some(1_796_256_000));
        assert_eq!(day_start("2026-02-30"), None);
    }
}
