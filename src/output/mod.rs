//! Writing the output folder so that a failed build leaves the previous one
//! exactly as it was: everything goes into a staging folder beside it, which
//! takes the output folder's place in one step only when the whole build
//! has succeeded.
//!
//! The staging folder is the generation before the current one, kept beside
//! it (`.output.insyn-old`) and recycled: files no output names any more are
//! removed before the swap, and folders stay. A large archive thus rebuilds
//! without deleting and re-creating hundreds of thousands of folders, and
//! the result is byte for byte what a build into an empty folder gives.
//!
//! A file whose bytes are those of the current output keeps that file's
//! modification time, so that a deploy that compares sizes and times
//! (`rsync -a`, `aws s3 sync`) sends only the files that changed; a staged
//! file with that size and time already is left alone, and one without is
//! written and given that time. Any other file is written anew. With
//! `precompress:`, each text file gets Gzip and Brotli copies beside it
//! ([`compress`]), made again only when the file changed.
//!
//! Insyn writes only into folders that are its own ([`guard`]), and never
//! through a symbolic link: links found in a recycled generation are
//! removed before anything is written, and files are opened without
//! following one. The preview's writes into the live folder are in [`live`],
//! which reads a file back only when [`known`] cannot tell from the file's
//! stamp whether it holds the bytes rendered.

mod compress;
pub mod discard;
pub mod guard;
mod known;
pub mod live;

use std::collections::HashSet;
use std::io::{Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::SystemTime;

use crate::error::BuildError;
use crate::render::CopySource;
use crate::theme::Asset;

pub use live::{remove_file, replace_file, replace_file_streamed};

pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    /// The files of the recycled generation, relative: those no output
    /// writes again are removed before the swap.
    found: Found,
    /// Generations much larger than this build, set aside and being
    /// removed.
    discarding: Vec<discard::Discarding>,
    /// Whether text files get `.gz` and `.br` copies beside them.
    precompress: bool,
    /// The precompressed copies written, which the build's list of files
    /// does not name.
    compressed: Mutex<Vec<String>>,
    /// Whether there is an output to compare with (none on a first build:
    /// every file is new).
    has_current: bool,
    /// Whether the staging folder was empty: nothing of an older
    /// generation can stand in a file's way.
    fresh: bool,
    /// The folders known to exist in the staging folder (the recycled
    /// generation's, links removed, and those made since), so that each
    /// is made once, not asked for again by every file in it.
    folders: Mutex<HashSet<PathBuf>>,
    tally: Tally,
}

/// What the staged output holds, counted as it is written.
#[derive(Default)]
struct Tally {
    files: AtomicU64,
    bytes: AtomicU64,
    /// Files whose bytes differ from the current output's (or that it
    /// lacks).
    changed: AtomicU64,
    /// The largest file's size, for a quick look before taking the lock.
    most: AtomicU64,
    largest: Mutex<Option<(String, u64)>>,
}

/// What a build wrote: the output's size, and how many of its files
/// changed.
#[derive(Debug, Clone, Default)]
pub struct Written {
    pub size: crate::hosting::Size,
    pub changed: u64,
}

/// The files and folders a walk of the staging folder found.
#[derive(Default)]
struct Found {
    files: Vec<String>,
    folders: Vec<PathBuf>,
}

impl Staging {
    /// The staging folder beside `target` (`.output.insyn-new`): a failed
    /// build's leftovers, else the previous generation, else a new folder.
    /// `expected` is about how many files the build writes: a generation
    /// more than twice as large is not recycled but removed aside, so that
    /// a small build after a large one does not wait for the pruning.
    pub fn new(target: &Path, expected: usize, precompress: bool) -> Result<Staging, BuildError> {
        let dir = sibling(target, "insyn-new");
        let old = sibling(target, "insyn-old");
        for folder in [target, &dir, &old] {
            guard::owned(folder)?;
        }
        if !dir.is_dir() && old.is_dir() {
            std::fs::rename(&old, &dir).map_err(write_error(&old))?;
        }
        std::fs::create_dir_all(&dir).map_err(write_error(&dir))?;
        let mut found = sweep(&dir)?;
        let mut discarding = Vec::new();
        if found.files.len() > 2 * expected + 1000 {
            discarding = discard::set_aside(target, &dir)?;
            std::fs::create_dir(&dir).map_err(write_error(&dir))?;
            found = Found::default();
        }
        let fresh = found.files.is_empty() && found.folders.is_empty();
        let folders = found.folders.iter().cloned().chain([dir.clone()]).collect();
        let staging = Staging {
            has_current: target.is_dir(),
            target: target.to_path_buf(),
            dir,
            found,
            discarding,
            precompress,
            compressed: Mutex::default(),
            fresh,
            folders: Mutex::new(folders),
            tally: Tally::default(),
        };
        staging.put(guard::MARKER, guard::MARKER_TEXT.as_bytes())?;
        Ok(staging)
    }

    /// Write a file of the output (and, with `precompress:`, its
    /// compressed copies).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), BuildError> {
        let as_before = self.put(rel, bytes)?;
        if !self.precompress || !compress::worth_it(rel, bytes) {
            return Ok(());
        }
        for (ext, compress) in compress::FORMATS {
            let name = format!("{rel}.{ext}");
            // An unchanged file's copies are the current output's, with
            // their times, unless it has none yet.
            let current = as_before
                .then(|| read_with_time(&self.target.join(&name)))
                .flatten();
            match current {
                Some((copy, time)) => self.stage(&name, &copy, Some(time))?,
                None => self.put(&name, &compress(bytes))?,
            };
            self.compressed.lock().unwrap().push(name);
        }
        Ok(())
    }

    /// Stage one file's bytes; returns whether the current output's file
    /// holds them already (and so keeps its time).
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<bool, BuildError> {
        let current = match self.has_current {
            true => stamp_if_same(&self.target.join(rel), bytes),
            false => None,
        };
        self.stage(rel, bytes, current)
    }

    /// [`Staging::put`], knowing the time of the current output's file
    /// when it holds these bytes (`current`).
    fn stage(
        &self,
        rel: &str,
        bytes: &[u8],
        current: Option<SystemTime>,
    ) -> Result<bool, BuildError> {
        self.tally.count(rel, bytes.len() as u64);
        let path = self.dir.join(rel);
        match current {
            Some(time) if has_stamp(&path, bytes.len() as u64, time) => return Ok(true),
            Some(_) => {}
            None => {
                self.tally.changed.fetch_add(1, Ordering::Relaxed);
            }
        }
        let before = self.prepare(&path)?;
        // A recycled generation's file is written over, and cut only where
        // it was longer: ext4 sends a file that was cut to nothing to the
        // disk as it is closed (`auto_da_alloc`), which made each file a
        // rebuild wrote wait for the disk.
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .custom_flags(NO_FOLLOW)
            .open(&path)
            .and_then(|mut file| {
                file.write_all(bytes)?;
                if before.is_some_and(|len| len > bytes.len() as u64) {
                    file.set_len(bytes.len() as u64)?;
                }
                match current {
                    Some(time) => file.set_modified(time),
                    None => Ok(()),
                }
            })
            .map_err(write_error(&path))?;
        Ok(current.is_some())
    }

    pub fn copy(&self, rel: &str, from: &CopySource) -> Result<(), BuildError> {
        match from {
            CopySource::Asset(Asset::Embedded(bytes)) => self.write(rel, bytes),
            CopySource::Asset(Asset::Disk(src)) | CopySource::File(src) => {
                let bytes = std::fs::read(src).map_err(|source| BuildError::Read {
                    path: src.clone(),
                    source,
                })?;
                self.write(rel, &bytes)
            }
        }
    }

    /// Remove what no output wrote, then put the staging folder in place of
    /// the output folder, which is kept as the next build's staging folder.
    /// `written` holds every file path of this build, relative. Returns
    /// what the output holds.
    pub fn commit(self, written: &HashSet<String>) -> Result<Written, BuildError> {
        let compressed: HashSet<String> = self.compressed.lock().unwrap().drain(..).collect();
        for rel in &self.found.files {
            let kept = written.contains(rel) || compressed.contains(rel);
            if rel != guard::MARKER && !kept {
                remove_stale(&self.dir.join(rel))?;
            }
        }
        // Deepest first; a folder that still holds kept files stays.
        for folder in self.found.folders.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
        let old = sibling(&self.target, "insyn-old");
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(write_error(&old))?;
        }
        swap(&self.dir, &self.target).map_err(write_error(&self.target))?;
        if self.dir.exists() {
            std::fs::rename(&self.dir, &old).map_err(write_error(&self.dir))?;
        }
        self.discarding
            .into_iter()
            .for_each(discard::Discarding::finish);
        Ok(self.tally.written())
    }
}

impl Tally {
    fn count(&self, rel: &str, bytes: u64) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
        if bytes < self.most.fetch_max(bytes, Ordering::Relaxed) {
            return;
        }
        // The largest, and of two as large the first by name, whatever
        // order the files are written in.
        let mut largest = self.largest.lock().unwrap();
        let larger =
            |(name, most): &(String, u64)| bytes > *most || (bytes == *most && rel < name.as_str());
        if largest.as_ref().is_none_or(larger) {
            *largest = Some((rel.to_owned(), bytes));
        }
    }

    fn written(&self) -> Written {
        Written {
            size: crate::hosting::Size {
                files: self.files.load(Ordering::Relaxed),
                bytes: self.bytes.load(Ordering::Relaxed),
                largest: self.largest.lock().unwrap().clone(),
            },
            changed: self.changed.load(Ordering::Relaxed),
        }
    }
}

/// The modification time of the file at `path` when it holds exactly
/// `bytes` (sizes first: cheap); never read through a link.
fn stamp_if_same(path: &Path, bytes: &[u8]) -> Option<SystemTime> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() != bytes.len() as u64 {
        return None;
    }
    (read_no_follow(path)? == bytes).then(|| meta.modified().ok())?
}

/// Does the staged file at `path` have this size and time, as the file of
/// the current output it was given them from? (It then holds its bytes, as
/// `rsync -a` assumes of a file whose size and time match.)
fn has_stamp(path: &Path, len: u64, time: SystemTime) -> bool {
    std::fs::symlink_metadata(path)
        .is_ok_and(|m| m.is_file() && m.len() == len && m.modified().is_ok_and(|t| t == time))
}

/// A file's bytes and modification time, unless it is missing or a link.
fn read_with_time(path: &Path) -> Option<(Vec<u8>, SystemTime)> {
    let time = std::fs::symlink_metadata(path).ok()?.modified().ok()?;
    Some((read_no_follow(path)?, time))
}

/// A file's bytes, unless it is missing or a link.
fn read_no_follow(path: &Path) -> Option<Vec<u8>> {
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(NO_FOLLOW)
        .open(path)
        .ok()?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Remove a file of the recycled generation that no output wrote, unless a
/// write of this build has put a folder there or removed it already.
fn remove_stale(path: &Path) -> Result<(), BuildError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if !m.is_dir() => std::fs::remove_file(path).map_err(write_error(path)),
        _ => Ok(()),
    }
}

/// Open flags that refuse to open a symbolic link.
const NO_FOLLOW: i32 = rustix::fs::OFlags::NOFOLLOW.bits() as i32;

/// Walk a recycled generation: remove every symbolic link and anything
/// else that is neither a file nor a folder, never following one, and list
/// the files and folders that are left (folders parents first).
fn sweep(dir: &Path) -> Result<Found, BuildError> {
    let mut found = Found::default();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            write_error(&path)(e.into())
        })?;
        let path = entry.path();
        let kind = entry.file_type();
        if kind.is_dir() {
            found.folders.push(path.to_path_buf());
        } else if kind.is_file() {
            found.files.push(relative(dir, path));
        } else {
            std::fs::remove_file(path).map_err(write_error(path))?;
        }
    }
    Ok(found)
}

/// Put `staging` where `target` is, in one step where the system can
/// exchange two folders: no reader ever finds `target` missing. The
/// previous generation is left at `staging`'s name.
fn swap(staging: &Path, target: &Path) -> std::io::Result<()> {
    if std::fs::symlink_metadata(target).is_err() {
        return std::fs::rename(staging, target);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, staging, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            // Not every file system can exchange: two renames then.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    let aside = sibling(target, "insyn-aside");
    std::fs::rename(target, &aside)?;
    std::fs::rename(staging, target)?;
    std::fs::rename(&aside, staging)
}

fn relative(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn write_error(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError {
    let path = path.to_path_buf();
    move |source| BuildError::Write { path, source }
}

/// Does the file at `path` hold exactly `bytes`? (Sizes first: cheap.)
fn unchanged(path: &Path, bytes: &[u8]) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == bytes)
}

impl Staging {
    /// Make room for a file at `path` in the staging folder: its folders
    /// exist, and nothing of an older generation stands in the way (a
    /// folder where the file goes, or a file where a folder goes). Returns
    /// the length of the older generation's file there, which is written
    /// over.
    fn prepare(&self, path: &Path) -> Result<Option<u64>, BuildError> {
        let there = match self.fresh {
            true => None,
            false => make_way(path)?,
        };
        let before = there.filter(|m| m.is_file()).map(|m| m.len());
        let Some(parent) = path.parent() else {
            return Ok(before);
        };
        if !self.folders.lock().unwrap().contains(parent) {
            make_folders(parent)?;
            self.folders.lock().unwrap().insert(parent.to_path_buf());
        }
        Ok(before)
    }
}

/// Make room for a file at `path`: its folders exist, and nothing of an older
/// generation stands in the way (a folder where the file goes, or a file
/// where a folder goes).
fn prepare(path: &Path) -> Result<(), BuildError> {
    make_way(path)?;
    match path.parent() {
        Some(parent) => make_folders(parent),
        None => Ok(()),
    }
}

/// Remove a folder of an older generation where the file at `path` goes;
/// returns what stood there (not followed, if a link).
fn make_way(path: &Path) -> Result<Option<std::fs::Metadata>, BuildError> {
    let there = std::fs::symlink_metadata(path).ok();
    if there.as_ref().is_some_and(|m| m.is_dir()) {
        std::fs::remove_dir_all(path).map_err(write_error(path))?;
    }
    Ok(there)
}

/// Make `folder` and those above it, removing a file of an older
/// generation where one of them goes.
fn make_folders(folder: &Path) -> Result<(), BuildError> {
    if std::fs::create_dir_all(folder).is_ok() {
        return Ok(());
    }
    for ancestor in folder.ancestors() {
        if std::fs::symlink_metadata(ancestor).is_ok_and(|m| !m.is_dir()) {
            std::fs::remove_file(ancestor).map_err(write_error(ancestor))?;
        }
    }
    std::fs::create_dir_all(folder).map_err(write_error(folder))
}

/// Delete every file below `dir` that is not in `keep` (paths relative to
/// `dir`), and the folders left empty; returns how many files went. Links
/// are removed, never followed.
pub fn prune(dir: &Path, keep: &HashSet<String>) -> Result<usize, BuildError> {
    let mut removed = 0;
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .contents_first(true)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if entry.file_type().is_dir() {
            // Fails, as it should, when the folder still holds kept files.
            let _ = std::fs::remove_dir(path);
            continue;
        }
        if !keep.contains(&relative(dir, path)) {
            std::fs::remove_file(path).map_err(write_error(path))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// `output` → `.output.<suffix>` in the same parent folder.
fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.{suffix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_cannot_be_read_is_reported_as_read_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new(&dir.path().join("output"), 10, false).unwrap();
        let missing = dir.path().join("content/motion.pdf");
        let error = staging
            .copy("motion.pdf", &CopySource::File(missing.clone()))
            .unwrap_err();
        assert!(matches!(&error, BuildError::Read { path, .. } if *path == missing));
        assert!(error
            .to_string()
            .starts_with(&format!("cannot read {}", missing.display())));
    }

    /// Build `files` into `target` as a build does; returns what it wrote.
    fn build(target: &Path, files: &[(&str, &[u8])], precompress: bool) -> Written {
        let staging = Staging::new(target, files.len(), precompress).unwrap();
        for (rel, bytes) in files {
            staging.write(rel, bytes).unwrap();
        }
        let names = files.iter().map(|(rel, _)| rel.to_string()).collect();
        staging.commit(&names).unwrap()
    }

    fn modified(path: &Path) -> SystemTime {
        std::fs::metadata(path).unwrap().modified().unwrap()
    }

    /// What an older generation holds where a file or folder now goes
    /// makes way, and a longer file written over is cut: the output is what
    /// a first build writes, whichever generation the build recycled.
    #[test]
    fn a_recycled_generation_makes_way_for_what_the_build_writes() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("output");
        let before: [(&str, &[u8]); 4] = [
            ("a", b"a file where a folder goes"),
            ("b/index.html", b"a folder where a file goes"),
            ("c.html", b"a longer text than the next"),
            ("d/e/f.html", b"a folder kept"),
        ];
        let after: [(&str, &[u8]); 5] = [
            ("a/index.html", b"A"),
            ("b", b"B"),
            ("c.html", b"C"),
            ("d/e/f.html", b"F"),
            ("d/e/g.html", b"G"),
        ];
        let fresh = dir.path().join("fresh");
        build(&fresh, &after, false);
        // The second build leaves the first's files as the generation the
        // third recycles.
        build(&target, &before, false);
        build(&target, &before, false);
        let recycled = dir.path().join(".output.insyn-old");
        assert!(recycled.join("a").is_file() && recycled.join("b/index.html").is_file());
        build(&target, &after, false);
        let files = |root: &Path| -> Vec<(String, Vec<u8>)> {
            let mut all: Vec<_> = walkdir::WalkDir::new(root)
                .min_depth(1)
                .into_iter()
                .map(|e| e.unwrap())
                .filter(|e| e.file_type().is_file())
                .map(|e| (relative(root, e.path()), std::fs::read(e.path()).unwrap()))
                .collect();
            all.sort();
            all
        };
        assert_eq!(files(&target), files(&fresh));
        assert_eq!(std::fs::read(target.join("c.html")).unwrap(), b"C");
    }

    #[test]
    fn an_unchanged_file_keeps_its_time_through_every_rebuild_and_a_changed_one_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("output");
        let page = b"<p>Beslut</p>".as_slice();
        let first = build(&target, &[("a.html", page), ("b.html", b"1")], false);
        assert_eq!((first.size.files, first.changed), (3, 3), "{first:?}");
        let a = modified(&target.join("a.html"));
        let b = modified(&target.join("b.html"));
        let mut b_before = b;
        for round in 2..6 {
            std::thread::sleep(std::time::Duration::from_millis(20));
            let b_text = round.to_string();
            let next = build(
                &target,
                &[("a.html", page), ("b.html", b_text.as_bytes())],
                false,
            );
            assert_eq!(next.changed, 1, "round {round}: b.html only");
            assert_eq!(modified(&target.join("a.html")), a, "round {round}");
            let b_now = modified(&target.join("b.html"));
            assert_ne!(b_now, b_before, "round {round}");
            b_before = b_now;
            assert_eq!(std::fs::read(target.join("a.html")).unwrap(), page);
            assert_eq!(
                std::fs::read(target.join("b.html")).unwrap(),
                b_text.as_bytes()
            );
        }
        // b.html unchanged twice: its time is that of the build that
        // changed it last.
        for _ in 0..2 {
            let next = build(&target, &[("a.html", page), ("b.html", b"5")], false);
            assert_eq!(next.changed, 0);
            assert_eq!(modified(&target.join("b.html")), b_before);
        }
    }

    #[test]
    fn precompressed_copies_come_with_their_file_and_go_when_asked_no_more() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("output");
        let page = "<p>Kommunfullmäktige beslutade.</p>\n".repeat(100);
        let files: [(&str, &[u8]); 2] = [("a.html", page.as_bytes()), ("b.pdf", &[7; 2000])];
        let written = build(&target, &files, true);
        assert!(target.join("a.html.gz").is_file() && target.join("a.html.br").is_file());
        assert!(!target.join("b.pdf.gz").exists(), "not a text file");
        let gz_bytes = std::fs::metadata(target.join("a.html.gz")).unwrap().len();
        assert_eq!(written.size.files, 5, "with the marker and the copies");
        let gz = modified(&target.join("a.html.gz"));
        std::thread::sleep(std::time::Duration::from_millis(20));
        build(&target, &files, true);
        assert_eq!(modified(&target.join("a.html.gz")), gz, "unchanged, kept");
        assert_eq!(
            std::fs::metadata(target.join("a.html.gz")).unwrap().len(),
            gz_bytes
        );
        build(&target, &files, false);
        assert!(!target.join("a.html.gz").exists() && !target.join("a.html.br").exists());
    }

    #[test]
    fn a_much_larger_generation_is_set_aside_not_pruned_file_by_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("output");
        let old = dir.path().join(".output.insyn-old");
        std::fs::create_dir_all(old.join("p")).unwrap();
        std::fs::write(old.join(guard::MARKER), guard::MARKER_TEXT).unwrap();
        for i in 0..1100 {
            std::fs::write(old.join(format!("p/{i}.html")), "x").unwrap();
        }
        let staging = Staging::new(&target, 5, false).unwrap();
        assert!(staging.found.files.is_empty(), "nothing left to prune");
        staging.write("index.html", b"<p>ny</p>").unwrap();
        staging
            .commit(&HashSet::from(["index.html".to_string()]))
            .unwrap();
        let names: Vec<String> = walkdir::WalkDir::new(&target)
            .min_depth(1)
            .into_iter()
            .map(|e| relative(&target, e.unwrap().path()))
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["output"], "the set-aside generation is gone");
    }
}
