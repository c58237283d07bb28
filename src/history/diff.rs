//! What a commit changed, from its tree and its parent's: the files added, changed or deleted,
//! found by comparing trees entry by entry and descending only into subtrees whose ids differ
//! (an unchanged folder costs one comparison, however large). Decoded trees are cached: a
//! commit's tree is its child's parent tree.

use std::rc::Rc;

use gix::ObjectId;
use gix::objs::tree::EntryKind;
use gix::prelude::Find;

/// What kind of entry a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Link,
    /// A submodule's commit: its content lives in another repository.
    Submodule,
}

/// One file whose content differs: `blob` is the new content, `None` when it was deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub path: String,
    pub blob: Option<ObjectId>,
    pub kind: Kind,
}

/// A decoded tree: its bytes once, and its entries pointing into them (one allocation for the
/// names, not one per entry).
#[derive(Debug, Default)]
struct Tree {
    raw: Vec<u8>,
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Where the name is in the tree's bytes.
    name: (usize, usize),
    kind: EntryKind,
    id: ObjectId,
}

impl Tree {
    fn name(&self, e: &Entry) -> &[u8] {
        &self.raw[e.name.0..e.name.1]
    }
}

/// Reads trees with a reused buffer and a cache of decoded ones.
pub struct Trees<'r> {
    repo: &'r gix::Repository,
    buf: Vec<u8>,
    cache: gix::hashtable::HashMap<ObjectId, Rc<Tree>>,
    /// Trees that could not be read, by id.
    pub missing: Vec<ObjectId>,
}

/// Decoded trees kept before the cache starts over (a few MB).
const CACHE: usize = 4096;

impl<'r> Trees<'r> {
    pub fn new(repo: &'r gix::Repository) -> Self {
        Self {
            repo,
            buf: Vec::new(),
            cache: gix::hashtable::HashMap::default(),
            missing: Vec::new(),
        }
    }

    fn entries(&mut self, id: ObjectId) -> Rc<Tree> {
        if let Some(e) = self.cache.get(&id) {
            return Rc::clone(e);
        }
        let decoded: Rc<Tree> = match self.repo.objects.try_find(&id, &mut self.buf) {
            Ok(Some(data)) if data.kind == gix::object::Kind::Tree => {
                let raw = data.data.to_vec();
                let at = raw.as_ptr() as usize;
                let entries = gix::objs::TreeRefIter::from_bytes(&raw, id.kind())
                    .filter_map(Result::ok)
                    .map(|e| {
                        // The name is a slice of `raw`: its offset, without unsafe code.
                        let start = (e.filename.as_ptr() as usize).wrapping_sub(at);
                        Entry {
                            name: (start, start + e.filename.len()),
                            kind: e.mode.kind(),
                            id: e.oid.to_owned(),
                        }
                    })
                    .filter(|e| e.name.1 <= raw.len())
                    .collect();
                Rc::new(Tree { raw, entries })
            }
            _ => {
                self.missing.push(id);
                Rc::default()
            }
        };
        if self.cache.len() >= CACHE {
            self.cache.clear();
        }
        self.cache.insert(id, Rc::clone(&decoded));
        decoded
    }

    /// Every change from tree `old` (none: an empty tree) to tree `new`.
    pub fn diff(&mut self, old: Option<ObjectId>, new: Option<ObjectId>) -> Vec<Change> {
        let mut out = Vec::new();
        self.diff_into(old, new, "", &mut out);
        out
    }

    fn diff_into(
        &mut self,
        old: Option<ObjectId>,
        new: Option<ObjectId>,
        prefix: &str,
        out: &mut Vec<Change>,
    ) {
        if old == new {
            return;
        }
        let old_tree = old.map(|id| self.entries(id)).unwrap_or_default();
        let new_tree = new.map(|id| self.entries(id)).unwrap_or_default();
        let before: foldhash::HashMap<&[u8], &Entry> = old_tree
            .entries
            .iter()
            .map(|e| (old_tree.name(e), e))
            .collect();
        for e in &new_tree.entries {
            let name = new_tree.name(e);
            let was = before.get(name).copied();
            if was.is_some_and(|o| o.id == e.id && o.kind == e.kind) {
                continue;
            }
            let path = join(prefix, name);
            let was_tree = was.is_some_and(|o| o.kind == EntryKind::Tree);
            if e.kind == EntryKind::Tree {
                self.diff_into(
                    was.filter(|_| was_tree).map(|o| o.id),
                    Some(e.id),
                    &path,
                    out,
                );
                if let Some(o) = was.filter(|_| !was_tree) {
                    out.push(Change {
                        path: path.clone(),
                        blob: None,
                        kind: kind(o.kind),
                    });
                }
                continue;
            }
            if let Some(o) = was.filter(|_| was_tree) {
                self.diff_into(Some(o.id), None, &path, out);
            }
            out.push(Change {
                path,
                blob: Some(e.id),
                kind: kind(e.kind),
            });
        }
        let after: foldhash::HashSet<&[u8]> =
            new_tree.entries.iter().map(|e| new_tree.name(e)).collect();
        for o in &old_tree.entries {
            let name = old_tree.name(o);
            if after.contains(name) {
                continue;
            }
            let path = join(prefix, name);
            if o.kind == EntryKind::Tree {
                self.diff_into(Some(o.id), None, &path, out);
            } else {
                out.push(Change {
                    path,
                    blob: None,
                    kind: kind(o.kind),
                });
            }
        }
    }

    /// The blob at `path` in tree `root`, if there is a file there.
    pub fn at(&mut self, root: ObjectId, path: &str) -> Option<ObjectId> {
        let mut tree = root;
        let mut parts = path.split('/').peekable();
        while let Some(part) = parts.next() {
            let t = self.entries(tree);
            let e = t.entries.iter().find(|e| t.name(e) == part.as_bytes())?;
            if parts.peek().is_none() {
                return (e.kind != EntryKind::Tree).then_some(e.id);
            }
            if e.kind != EntryKind::Tree {
                return None;
            }
            tree = e.id;
        }
        None
    }

    /// Every file blob in tree `root` (for "is it still anywhere at HEAD").
    pub fn all_blobs(&mut self, root: ObjectId) -> std::collections::HashSet<ObjectId> {
        let mut out = std::collections::HashSet::new();
        let mut stack = vec![root];
        while let Some(t) = stack.pop() {
            for e in &self.entries(t).entries {
                match e.kind {
                    EntryKind::Tree => stack.push(e.id),
                    EntryKind::Blob | EntryKind::BlobExecutable => {
                        out.insert(e.id);
                    }
                    _ => {}
                }
            }
        }
        out
    }
}

fn kind(k: EntryKind) -> Kind {
    match k {
        EntryKind::Link => Kind::Link,
        EntryKind::Commit => Kind::Submodule,
        _ => Kind::File,
    }
}

/// `prefix/name`, with bytes that are not UTF-8 written `\xNN` (as the scanner writes paths).
fn join(prefix: &str, name: &[u8]) -> String {
    let mut out = String::with_capacity(prefix.len() + name.len() + 1);
    out.push_str(prefix);
    if !prefix.is_empty() {
        out.push('/');
    }
    for chunk in name.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}
