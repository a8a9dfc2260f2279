//! Writing the output folder so that a failed build leaves the previous one
//! exactly as it was: everything goes into a staging folder beside it, which
//! takes the output folder's place in one step only when the whole build
//! has succeeded.
//!
//! The staging folder is the generation before the current one, kept beside
//! it (`.output.insyn-old`) and recycled: files whose bytes are unchanged are
//! left alone, and files no output names any more are removed before the
//! swap. A large archive thus rebuilds without deleting and re-creating
//! hundreds of thousands of folders, and the result is byte for byte what a
//! build into an empty folder gives.
//!
//! Insyn writes only into folders that are its own ([`guard`]), and never
//! through a symbolic link: links found in a recycled generation are
//! removed before anything is written, and files are opened without
//! following one. The preview's writes into the live folder are in [`live`],
//! which reads a file back only when [`known`] cannot tell from the file's
//! stamp whether it holds the bytes rendered.

pub mod discard;
pub mod guard;
mod known;
pub mod live;

use std::collections::HashSet;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

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
    pub fn new(target: &Path, expected: usize) -> Result<Staging, BuildError> {
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
        let staging = Staging {
            target: target.to_path_buf(),
            dir,
            found,
            discarding,
        };
        staging.write(guard::MARKER, guard::MARKER_TEXT.as_bytes())?;
        Ok(staging)
    }

    /// Write a file, unless it already holds exactly these bytes.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), BuildError> {
        let path = self.dir.join(rel);
        if unchanged(&path, bytes) {
            return Ok(());
        }
        prepare(&path)?;
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .custom_flags(NO_FOLLOW)
            .open(&path)
            .and_then(|mut file| file.write_all(bytes))
            .map_err(write_error(&path))
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
    /// `written` holds every file path of this build, relative.
    pub fn commit(self, written: &HashSet<String>) -> Result<(), BuildError> {
        for rel in &self.found.files {
            if rel != guard::MARKER && !written.contains(rel) {
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
        Ok(())
    }
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

/// Make room for a file at `path`: its folders exist, and nothing of an older
/// generation stands in the way (a folder where the file goes, or a file
/// where a folder goes).
fn prepare(path: &Path) -> Result<(), BuildError> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
        std::fs::remove_dir_all(path).map_err(write_error(path))?;
    }
    let Some(parent) = path.parent() else {
        return Ok(());
    };
    if std::fs::create_dir_all(parent).is_ok() {
        return Ok(());
    }
    for ancestor in parent.ancestors() {
        if std::fs::symlink_metadata(ancestor).is_ok_and(|m| !m.is_dir()) {
            std::fs::remove_file(ancestor).map_err(write_error(ancestor))?;
        }
    }
    std::fs::create_dir_all(parent).map_err(write_error(parent))
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
        let staging = Staging::new(&dir.path().join("output"), 10).unwrap();
        let missing = dir.path().join("content/motion.pdf");
        let error = staging
            .copy("motion.pdf", &CopySource::File(missing.clone()))
            .unwrap_err();
        assert!(matches!(&error, BuildError::Read { path, .. } if *path == missing));
        assert!(error
            .to_string()
            .starts_with(&format!("cannot read {}", missing.display())));
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
        let staging = Staging::new(&target, 5).unwrap();
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
