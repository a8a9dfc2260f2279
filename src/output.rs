//! Writing the output folder so that a failed build leaves the previous one
//! exactly as it was: everything goes into a staging folder beside it, which
//! replaces the output folder only when the whole build has succeeded.
//!
//! The staging folder is the generation before the current one, kept beside
//! it (`.output.insyn-old`) and recycled: files whose bytes are unchanged are
//! left alone, and files no output names any more are removed before the
//! swap. A large archive thus rebuilds without deleting and re-creating
//! hundreds of thousands of folders, and the result is byte for byte what a
//! build into an empty folder gives.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::error::BuildError;
use crate::render::CopySource;
use crate::theme::Asset;

pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
}

impl Staging {
    /// The staging folder beside `target` (`.output.insyn-new`): a failed
    /// build's leftovers, else the previous generation, else a new folder.
    pub fn new(target: &Path) -> Result<Staging, BuildError> {
        let dir = sibling(target, "insyn-new");
        let old = sibling(target, "insyn-old");
        if !dir.is_dir() && old.is_dir() {
            std::fs::rename(&old, &dir).map_err(write_error(&old))?;
        }
        std::fs::create_dir_all(&dir).map_err(write_error(&dir))?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
        })
    }

    /// Write a file, unless it already holds exactly these bytes.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), BuildError> {
        let path = self.dir.join(rel);
        if unchanged(&path, bytes) {
            return Ok(());
        }
        prepare(&path)?;
        std::fs::write(&path, bytes).map_err(write_error(&path))
    }

    pub fn copy(&self, rel: &str, from: &CopySource) -> Result<(), BuildError> {
        match from {
            CopySource::Asset(Asset::Embedded(bytes)) => self.write(rel, bytes),
            CopySource::Asset(Asset::Disk(src)) | CopySource::File(src) => {
                let bytes = std::fs::read(src).map_err(write_error(src))?;
                self.write(rel, &bytes)
            }
        }
    }

    /// Remove what no output wrote, then put the staging folder in place of
    /// the output folder, which is kept as the next build's staging folder.
    /// `written` holds every file path of this build, relative.
    pub fn commit(self, written: &HashSet<String>) -> Result<(), BuildError> {
        prune(&self.dir, written)?;
        let old = sibling(&self.target, "insyn-old");
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(write_error(&old))?;
        }
        if self.target.exists() {
            std::fs::rename(&self.target, &old).map_err(write_error(&self.target))?;
        }
        std::fs::rename(&self.dir, &self.target).map_err(write_error(&self.target))
    }
}

/// Write one file of a live output folder in place, unless it already
/// holds these bytes: into a temporary file beside it, then renamed over
/// it, so a page requested meanwhile is the old one or the new one, whole.
/// Returns whether the file changed.
pub fn replace_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<bool, BuildError> {
    let path = dir.join(rel);
    if unchanged(&path, bytes) {
        return Ok(false);
    }
    prepare(&path)?;
    let temporary = path.with_file_name(format!(
        ".{}.insyn-tmp",
        path.file_name().unwrap_or_default().to_string_lossy()
    ));
    std::fs::write(&temporary, bytes).map_err(write_error(&temporary))?;
    std::fs::rename(&temporary, &path).map_err(write_error(&path))?;
    Ok(true)
}

/// Remove one file of a live output folder, and the folders it leaves
/// empty (never `dir` itself).
pub fn remove_file(dir: &Path, rel: &str) -> Result<(), BuildError> {
    let path = dir.join(rel);
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => return Err(BuildError::Write { path, source }),
    }
    for folder in path.ancestors().skip(1) {
        if folder == dir || !folder.starts_with(dir) || std::fs::remove_dir(folder).is_err() {
            break;
        }
    }
    Ok(())
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
/// `dir`), and the folders left empty; returns how many files went.
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
        let rel = path
            .strip_prefix(dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        if !keep.contains(&rel) {
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
