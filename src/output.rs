//! Writing the output folder so that a failed build leaves the previous one
//! exactly as it was: everything goes into a fresh folder beside it, which
//! replaces the old folder only when the whole build has succeeded.

use std::path::{Path, PathBuf};

use crate::error::BuildError;
use crate::render::CopySource;
use crate::theme::Asset;

pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
}

impl Staging {
    /// A new, empty folder beside `target` (`.output.insyn-new`).
    pub fn new(target: &Path) -> Result<Staging, BuildError> {
        let dir = sibling(target, "insyn-new");
        let write_err = |source| BuildError::Write {
            path: dir.clone(),
            source,
        };
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(write_err)?;
        }
        std::fs::create_dir_all(&dir).map_err(write_err)?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            committed: false,
        })
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), BuildError> {
        let path = self.dir.join(rel);
        create_parent(&path)?;
        std::fs::write(&path, bytes).map_err(|source| BuildError::Write { path, source })
    }

    pub fn copy(&self, rel: &str, from: &CopySource) -> Result<(), BuildError> {
        match from {
            CopySource::Asset(Asset::Embedded(bytes)) => self.write(rel, bytes),
            CopySource::Asset(Asset::Disk(src)) | CopySource::File(src) => {
                let path = self.dir.join(rel);
                create_parent(&path)?;
                std::fs::copy(src, &path)
                    .map(|_| ())
                    .map_err(|source| BuildError::Write { path, source })
            }
        }
    }

    /// Put the new folder in place of the old one.
    pub fn commit(mut self) -> Result<(), BuildError> {
        let old = sibling(&self.target, "insyn-old");
        let err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| BuildError::Write { path, source }
        };
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(err(&old))?;
        }
        if self.target.exists() {
            std::fs::rename(&self.target, &old).map_err(err(&self.target))?;
        }
        std::fs::rename(&self.dir, &self.target).map_err(err(&self.target))?;
        self.committed = true;
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(err(&old))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
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

fn create_parent(path: &Path) -> Result<(), BuildError> {
    match path.parent() {
        Some(parent) => std::fs::create_dir_all(parent).map_err(|source| BuildError::Write {
            path: parent.to_path_buf(),
            source,
        }),
        None => Ok(()),
    }
}
