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
use std::io::{Seek, Write};
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

/// Write one file of a live output folder, unless it already holds these
/// bytes; returns whether the file changed.
///
/// A regular file is overwritten in place (then cut to its new length):
/// that reuses its blocks, seven times cheaper than a new file renamed over
/// it, which matters when an edit rewrites thousands of pages or the 30 MB
/// data tables. The server reads files through [`read_live`], which waits
/// while a file is being overwritten, so a request still gets the old page
/// or the new one, whole. Anything else in the way (a symbolic link, a
/// folder) is replaced, never written through.
pub fn replace_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<bool, BuildError> {
    let path = dir.join(rel);
    if unchanged(&path, bytes) {
        return Ok(false);
    }
    write_live(&path, 0, |file, _| file.write_all(bytes))?;
    Ok(true)
}

/// Write a file of the live output folder piece by piece through a buffer,
/// as [`replace_file`] does whole: for the bulk data tables, tens of
/// megabytes that need not be joined in memory first. The caller knows
/// that the file's first `kept` bytes are right already (the rows before
/// the first that changed): when the file is there and that long, `write`
/// still writes everything, but only what comes after them reaches the
/// disk.
pub fn replace_file_streamed(
    dir: &Path,
    rel: &str,
    kept: u64,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), BuildError> {
    write_live(&dir.join(rel), kept, |file, start| {
        let mut out = Skipping {
            skip: start,
            inner: std::io::BufWriter::with_capacity(1 << 20, file),
        };
        write(&mut out)?;
        out.inner.flush()
    })
}

/// A writer that drops the first `skip` bytes written to it.
struct Skipping<W> {
    skip: u64,
    inner: W,
}

impl<W: Write> Write for Skipping<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let skipped = buf
            .len()
            .min(usize::try_from(self.skip).unwrap_or(usize::MAX));
        self.skip -= skipped as u64;
        if skipped == buf.len() {
            return Ok(skipped);
        }
        Ok(skipped + self.inner.write(&buf[skipped..])?)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Write a file in place, or through a temporary file renamed over it when
/// it is not a regular file yet. `write` gets the file and the position to
/// write from: `kept` when the file is in place and at least that long,
/// else 0.
fn write_live(
    path: &Path,
    kept: u64,
    write: impl FnOnce(&mut std::fs::File, u64) -> std::io::Result<()>,
) -> Result<(), BuildError> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) {
        let _writing = live_lock(path).write();
        let long_enough = std::fs::metadata(path).is_ok_and(|m| m.len() >= kept);
        let start = if long_enough { kept } else { 0 };
        return overwrite(path, start, write).map_err(write_error(path));
    }
    prepare(path)?;
    let temporary = path.with_file_name(format!(
        ".{}.insyn-tmp",
        path.file_name().unwrap_or_default().to_string_lossy()
    ));
    overwrite(&temporary, 0, write).map_err(write_error(&temporary))?;
    std::fs::rename(&temporary, path).map_err(write_error(path))
}

/// A file of the live output folder, whole: never one that
/// [`replace_file`] is halfway through overwriting.
pub fn read_live(path: &Path) -> std::io::Result<Vec<u8>> {
    let _reading = live_lock(path).read();
    std::fs::read(path)
}

/// Write `path` from `start` and cut it where the writing ended.
fn overwrite(
    path: &Path,
    start: u64,
    write: impl FnOnce(&mut std::fs::File, u64) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    file.seek(std::io::SeekFrom::Start(start))?;
    write(&mut file, start)?;
    let end = file.stream_position()?;
    file.set_len(end)
}

/// One of a few locks shared by the files of the live output folder,
/// chosen by the file's path: the preview writes and the server reads by
/// the same absolute path.
fn live_lock(path: &Path) -> &'static std::sync::RwLock<()> {
    use std::hash::{Hash, Hasher};
    static LOCKS: [std::sync::RwLock<()>; 64] = [const { std::sync::RwLock::new(()) }; 64];
    let mut hasher = std::hash::DefaultHasher::new();
    path.hash(&mut hasher);
    &LOCKS[(hasher.finish() % 64) as usize]
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

#[cfg(test)]
mod tests {
    use std::os::unix::fs::MetadataExt;

    use super::*;

    #[test]
    fn a_live_file_is_overwritten_in_place_and_cut_to_its_new_length() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("arenden/index.html");
        std::fs::create_dir_all(page.parent().unwrap()).unwrap();
        std::fs::write(&page, "<p>a longer page than the new one</p>").unwrap();
        let inode = std::fs::metadata(&page).unwrap().ino();

        assert!(replace_file(dir.path(), "arenden/index.html", b"<p>new</p>").unwrap());
        assert_eq!(std::fs::read_to_string(&page).unwrap(), "<p>new</p>");
        assert_eq!(
            std::fs::metadata(&page).unwrap().ino(),
            inode,
            "the same file"
        );
        assert!(
            !replace_file(dir.path(), "arenden/index.html", b"<p>new</p>").unwrap(),
            "the same bytes again are not a change"
        );
        assert_eq!(read_live(&page).unwrap(), b"<p>new</p>");
    }

    #[test]
    fn a_reader_gets_the_old_file_or_the_new_one_never_half_of_one() {
        let dir = tempfile::tempdir().unwrap();
        let short = vec![b'a'; 1 << 20];
        let long = vec![b'b'; 2 << 20];
        replace_file(dir.path(), "arenden.json", &short).unwrap();
        let path = dir.path().join("arenden.json");
        let done = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                for round in 0..100 {
                    let bytes = if round % 2 == 0 { &long } else { &short };
                    replace_file(dir.path(), "arenden.json", bytes).unwrap();
                }
                done.store(true, std::sync::atomic::Ordering::SeqCst);
            });
            let mut reads = 0;
            while !done.load(std::sync::atomic::Ordering::SeqCst) || reads == 0 {
                let read = read_live(&path).unwrap();
                assert!(
                    read == short || read == long,
                    "a read of {} bytes",
                    read.len()
                );
                reads += 1;
            }
        });
    }

    #[test]
    fn a_table_streamed_in_pieces_replaces_a_longer_one_whole() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("beslut.csv"), "a,b\n1,2\n3,4\n5,6\n").unwrap();
        replace_file_streamed(dir.path(), "beslut.csv", 0, |out| {
            out.write_all(b"a,b\n")?;
            out.write_all(b"7,8\n")
        })
        .unwrap();
        replace_file_streamed(dir.path(), "ny.csv", 0, |out| out.write_all(b"a,b\n")).unwrap();
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert_eq!(read("beslut.csv"), "a,b\n7,8\n");
        assert_eq!(read("ny.csv"), "a,b\n");
    }

    #[test]
    fn a_table_streamed_again_is_written_from_its_first_changed_row() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("beslut.csv");
        std::fs::write(&path, "a,b\n1,2\n3,4\n5,6\n").unwrap();
        // The first 8 bytes are kept as they are on disk: what the writer
        // says they are is not written (here, on purpose, something else).
        replace_file_streamed(dir.path(), "beslut.csv", 8, |out| {
            out.write_all(b"x,y\n9,9\n")?;
            out.write_all(b"7,8\n")
        })
        .unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\n1,2\n7,8\n");
        // A file shorter than the bytes to keep, or a new one, is written
        // whole.
        std::fs::write(&path, "a,b\n").unwrap();
        replace_file_streamed(dir.path(), "beslut.csv", 8, |out| {
            out.write_all(b"a,b\n1,2\n7,8\n")
        })
        .unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\n1,2\n7,8\n");
        replace_file_streamed(dir.path(), "ny.csv", 8, |out| out.write_all(b"a,b\n1,2\n")).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("ny.csv")).unwrap(),
            "a,b\n1,2\n"
        );
    }

    #[test]
    fn a_symbolic_link_in_the_way_is_replaced_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret.txt");
        std::fs::write(&secret, "outside the output folder").unwrap();
        std::os::unix::fs::symlink(&secret, dir.path().join("index.html")).unwrap();

        assert!(replace_file(dir.path(), "index.html", b"<p>page</p>").unwrap());
        let page = dir.path().join("index.html");
        assert!(std::fs::symlink_metadata(&page).unwrap().is_file());
        assert_eq!(std::fs::read_to_string(&page).unwrap(), "<p>page</p>");
        assert_eq!(
            std::fs::read_to_string(&secret).unwrap(),
            "outside the output folder"
        );
    }
}
