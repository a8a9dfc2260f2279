//! What the preview knows of the files it wrote into the live output
//! folder: for each file it last wrote, or found to hold the bytes it
//! rendered, a hash of those bytes and the file's stamp then (size,
//! modification time, inode). A file whose stamp is still that one holds
//! those bytes, so a page rendered again is known unchanged, or changed,
//! from its hash alone, without reading the file back: after a new meeting
//! at 100 000 paragraphs that was a tenth of the preview's time, megabytes
//! of OParl pages read back to be compared. A file whose stamp differs
//! (written by another program, removed) is compared byte by byte as
//! before.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::sync::{LazyLock, Mutex};

/// What is known of a file's bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// It holds these bytes.
    Same,
    /// It holds other bytes.
    Differs,
    /// Nothing known: read it to tell.
    Unknown,
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: (i64, i64),
    inode: (u64, u64),
}

struct Known {
    stamp: Stamp,
    hash: u128,
}

/// Every file known, by a hash of its path (two paths of one hash are told
/// apart by their inodes).
static KNOWN: LazyLock<Mutex<HashMap<u64, Known>>> = LazyLock::new(Default::default);

/// The hash of a file's bytes: XXH3, 128 bits (a tenth of the time of a
/// cryptographic hash, and no one but the preview writes what is hashed).
pub fn hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// Whether the file at `path` holds bytes of hash `hash`, as far as is
/// known without reading it.
pub fn verdict(path: &Path, hash: u128) -> Verdict {
    let Some(stamp) = stamp_of(path) else {
        return Verdict::Unknown;
    };
    let known = KNOWN.lock().unwrap_or_else(|e| e.into_inner());
    match known.get(&key(path)) {
        Some(k) if k.stamp == stamp && k.hash == hash => Verdict::Same,
        Some(k) if k.stamp == stamp => Verdict::Differs,
        _ => Verdict::Unknown,
    }
}

/// The file at `path` holds bytes of hash `hash` now.
pub fn remember(path: &Path, hash: u128) {
    let stamp = stamp_of(path);
    let mut known = KNOWN.lock().unwrap_or_else(|e| e.into_inner());
    match stamp {
        Some(stamp) => known.insert(key(path), Known { stamp, hash }),
        None => known.remove(&key(path)),
    };
}

/// The file at `path` was written or removed without its bytes being
/// hashed: nothing is known of it.
pub fn forget(path: &Path) {
    KNOWN
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&key(path));
}

fn key(path: &Path) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    path.hash(&mut hasher);
    hasher.finish()
}

/// A regular file's stamp; `None` for anything else or nothing.
fn stamp_of(path: &Path) -> Option<Stamp> {
    let m = std::fs::symlink_metadata(path)
        .ok()
        .filter(|m| m.is_file())?;
    Some(Stamp {
        len: m.len(),
        modified: (m.mtime(), m.mtime_nsec()),
        inode: (m.dev(), m.ino()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_known_until_its_stamp_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.html");
        let (a, b) = (hash(b"<p>a</p>"), hash(b"<p>b</p>"));
        assert_eq!(verdict(&path, a), Verdict::Unknown, "no file");
        std::fs::write(&path, "<p>a</p>").unwrap();
        assert_eq!(verdict(&path, a), Verdict::Unknown, "not written here");
        remember(&path, a);
        assert_eq!(verdict(&path, a), Verdict::Same);
        assert_eq!(verdict(&path, b), Verdict::Differs);
        // Written by another program: a new size, or time.
        std::fs::write(&path, "<p>bb</p>").unwrap();
        assert_eq!(verdict(&path, a), Verdict::Unknown);
        remember(&path, hash(b"<p>bb</p>"));
        let earlier = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(earlier).unwrap();
        assert_eq!(verdict(&path, b), Verdict::Unknown);
        let bb = hash(b"<p>bb</p>");
        remember(&path, bb);
        assert_eq!(verdict(&path, bb), Verdict::Same);
        forget(&path);
        assert_eq!(verdict(&path, bb), Verdict::Unknown);
        std::fs::remove_file(&path).unwrap();
        assert_eq!(verdict(&path, b), Verdict::Unknown);
    }
}
