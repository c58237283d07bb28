//! Reading and scanning each distinct blob once, on all cores, in the order the packs store
//! them. Each worker has its own handle on the object database (with its own cache of decoded
//! objects) and takes runs of consecutive blobs, so the base a delta needs was usually decoded
//! just before it. Measured on a 20,000-commit repository as a clone has it: 1.07 s in pack
//! order, 1.48 s in the order history introduced the blobs, 10.8 s in path order. Binary blobs,
//! Git LFS pointers and blobs over the size limit are counted and skipped, never silently.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use gix::ObjectId;
use gix::prelude::{Find, Header};

use crate::finding::Finding;
use crate::scan::rules::RuleSet;

/// What scanning the blobs gave and passed over.
#[derive(Debug, Default)]
pub struct Scanned {
    /// Per blob with findings, what was found in it (paths as the blob's first path).
    pub found: HashMap<ObjectId, Vec<Finding>>,
    pub blobs: u64,
    pub bytes: u64,
    pub binary: u64,
    pub lfs: u64,
    pub too_large: Vec<(String, u64)>,
    /// Blobs that could not be read, by id.
    pub missing: Vec<String>,
    pub allowed_inline: u64,
}

/// Blobs a worker takes at a time.
const BATCH: usize = 64;

/// `blobs` in the order the object database stores them (pack, then offset; loose objects
/// first): decoding in this order finds a delta's base already decoded.
pub fn in_pack_order(repo: &gix::Repository, blobs: &mut [(ObjectId, String)]) {
    use gix::odb::pack::Find as _;
    let mut handle = repo.objects.clone().into_inner().into_inner();
    handle.prevent_pack_unload();
    handle.ignore_replacements = true;
    let mut buf = Vec::new();
    blobs.sort_by_cached_key(|(id, _)| {
        handle
            .location_by_oid(id, &mut buf)
            .ok()
            .flatten()
            .map_or((0, 0), |l| (u64::from(l.pack_id) + 1, l.pack_offset))
    });
}

/// The start of a Git LFS pointer file: the content lives on an LFS server, not in git.
const LFS: &[u8] = b"version https://git-lfs.github.com/spec/v1";

/// How much is read to tell binary from text, as git decides (a NUL in it).
const SNIFF: usize = 8000;

/// Scans `blobs` (each with the path it is scanned as).
pub fn scan(
    repo: &gix::ThreadSafeRepository,
    blobs: &[(ObjectId, String)],
    rules: &RuleSet,
    max_size: u64,
) -> Scanned {
    let out = Mutex::new(Scanned::default());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    // Runs of consecutive blobs: in pack order a delta's base was decoded just before it.
    let batch = BATCH;
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..workers {
            let (out, next) = (&out, &next);
            s.spawn(move || {
                let repo = repo.to_thread_local();
                let mut mine = Scanned::default();
                let mut buf = Vec::new();
                loop {
                    let start = next.fetch_add(batch, Ordering::Relaxed);
                    if start >= blobs.len() {
                        break;
                    }
                    for (id, path) in &blobs[start..(start + batch).min(blobs.len())] {
                        one(&repo, *id, path, rules, max_size, &mut buf, &mut mine);
                    }
                }
                let mut all = out
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                all.found.extend(mine.found);
                all.blobs += mine.blobs;
                all.bytes += mine.bytes;
                all.binary += mine.binary;
                all.lfs += mine.lfs;
                all.allowed_inline += mine.allowed_inline;
                all.too_large.extend(mine.too_large);
                all.missing.extend(mine.missing);
            });
        }
    });
    let mut out = out
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    out.too_large.sort();
    out.missing.sort();
    out
}

fn one(
    repo: &gix::Repository,
    id: ObjectId,
    path: &str,
    rules: &RuleSet,
    max_size: u64,
    buf: &mut Vec<u8>,
    out: &mut Scanned,
) {
    // The size from the header first: an oversized blob is never inflated.
    match repo.objects.try_header(&id) {
        Ok(Some(h)) if h.size() > max_size => {
            out.too_large.push((path.to_owned(), h.size()));
            return;
        }
        Ok(Some(_)) => {}
        Ok(None) | Err(_) => {
            out.missing.push(format!("blob {id} ({path})"));
            return;
        }
    }
    let data = match repo.objects.try_find(&id, buf) {
        Ok(Some(d)) if d.kind == gix::object::Kind::Blob => d.data,
        _ => {
            out.missing.push(format!("blob {id} ({path})"));
            return;
        }
    };
    if memchr::memchr(0, &data[..data.len().min(SNIFF)]).is_some() {
        out.binary += 1;
        return;
    }
    if data.starts_with(LFS) {
        out.lfs += 1;
        return;
    }
    let (found, allowed) = crate::scan::scan_bytes_counted(data, path, rules);
    out.blobs += 1;
    out.bytes += data.len() as u64;
    out.allowed_inline += allowed;
    if !found.is_empty() {
        out.found.insert(id, found);
    }
}
