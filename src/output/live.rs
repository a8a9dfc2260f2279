//! The preview's writes into the live output folder. A file of ours (a
//! regular file with no other hard link) is written again in place: cut
//! and written on from its first changed byte (a bulk data table that
//! changed from a row on) or from its start (a page). That costs a tenth
//! to a twentieth of writing a new file beside it and exchanging the two,
//! as a new file's blocks are allocated anew and the old one's freed and
//! discarded: a change to the base template that every page extends wrote
//! 164 000 pages in 16 s where the exchanges took 45 s. The preview's own
//! web server reads each file through [`read_file`], which waits for a
//! write to that file to end, so it serves the old file or the new one,
//! never half of one; another program reading the folder in those
//! microseconds may, and the browser's reload follows. Any other file
//! (a link, a file with another hard link, as a deploy folder made with
//! `cp -al` leaves) is written whole beside itself and exchanged into
//! place, so what it links to keeps its bytes. Nothing is written through
//! a symbolic link: a link where a file or folder goes is removed.

use std::io::{Read, Seek, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use super::known::{self, Verdict};
use super::{prepare, unchanged, write_error, NO_FOLLOW};
use crate::error::BuildError;

/// Write one file of a live output folder, unless it already holds these
/// bytes; returns whether the file changed.
pub fn replace_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<bool, BuildError> {
    let path = dir.join(rel);
    let hash = known::hash(bytes);
    let is_unchanged = match known::verdict(&path, hash) {
        // Known already, and left alone.
        Verdict::Same => return Ok(false),
        Verdict::Differs => false,
        Verdict::Unknown => unchanged(&path, bytes),
    };
    if !is_unchanged {
        remove_links_between(dir, &path)?;
        let write =
            |file: &mut std::fs::File, _| file.write_all(bytes).map(|()| bytes.len() as u64);
        match open_ours(&path, 0) {
            Some(ours) => write_in_place(&path, ours, 0, write)?,
            None => write_whole(&path, 0, write)?,
        }
    }
    known::remember(&path, hash);
    Ok(!is_unchanged)
}

/// A file of the live output folder as the preview's web server reads it:
/// never while [`replace_file`] or [`replace_file_streamed`] writes it in
/// place.
pub fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    let _reading = shard(path).read().unwrap_or_else(|e| e.into_inner());
    std::fs::read(path)
}

/// The lock that a file's writes in place and its reads by the preview's
/// web server share: one of a few dozen, chosen by the path's components
/// (the writer's `dir.join(rel)` and the server's folder-by-folder path
/// name a file alike).
fn shard(path: &Path) -> &'static std::sync::RwLock<()> {
    const SHARDS: usize = 64;
    static LOCKS: [std::sync::RwLock<()>; SHARDS] = [const { std::sync::RwLock::new(()) }; SHARDS];
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    for part in path.components() {
        part.hash(&mut hasher);
    }
    &LOCKS[(hasher.finish() % SHARDS as u64) as usize]
}

/// Write a file of the live output folder from its pieces, as
/// [`replace_file`] does whole: for the bulk data tables, tens of megabytes
/// of rows that are written from where they are kept, never joined in
/// memory first. The caller knows that the file's first `kept` bytes are
/// right already (the rows before the first that changed): when the file
/// there is ours and that long, it is cut after them and written on in
/// place; otherwise it is written whole beside and exchanged into place.
/// Either way `pieces` are the whole file, and only the bytes from `kept`
/// on are written.
pub fn replace_file_streamed<'a>(
    dir: &Path,
    rel: &str,
    kept: u64,
    pieces: impl Iterator<Item = &'a [u8]>,
) -> Result<(), BuildError> {
    let path = dir.join(rel);
    known::forget(&path);
    remove_links_between(dir, &path)?;
    let write = |file: &mut std::fs::File, there| write_on(file, there, pieces);
    match open_ours(&path, kept) {
        Some(ours) => write_in_place(&path, ours, kept, write),
        None => write_whole(&path, kept, write),
    }
}

/// Write the file of ours at `path` (`ours`: the file opened, and its
/// length) again from byte `kept` on (`write` writes there, and says how
/// many bytes it wrote) and cut it where that ends if it was longer, while
/// the preview's server waits to read it ([`read_file`]). Written over
/// rather than cut first: a file cut to nothing and written again is put
/// on disk at once by ext4 (its `auto_da_alloc`), as one renamed over
/// another is. No more system calls than needed: a page is written again
/// on every edit that shows on it.
fn write_in_place(
    path: &Path,
    (mut file, len): (std::fs::File, u64),
    kept: u64,
    write: impl FnOnce(&mut std::fs::File, u64) -> std::io::Result<u64>,
) -> Result<(), BuildError> {
    let _writing = shard(path).write().unwrap_or_else(|e| e.into_inner());
    // A file opened stands at its start.
    let at_kept = match kept {
        0 => Ok(0),
        _ => file.seek(std::io::SeekFrom::Start(kept)),
    };
    at_kept
        .and_then(|_| write(&mut file, kept))
        .and_then(|written| match kept + written {
            end if end < len => file.set_len(end),
            _ => Ok(()),
        })
        .map_err(write_error(path))
}

/// Write the pieces of a whole file into `file`, which holds its first
/// `there` bytes already and stands after them: the pieces' bytes before
/// that are dropped. Returns how many bytes it wrote. Each piece is handed
/// to the kernel as it is, not copied into a buffer first: a table's rows
/// come in runs of a hundred kilobytes or more
/// ([`crate::opendata::rows`]).
fn write_on<'a>(
    file: &mut std::fs::File,
    there: u64,
    pieces: impl Iterator<Item = &'a [u8]>,
) -> std::io::Result<u64> {
    let (mut skip, mut written) = (there, 0);
    for piece in pieces {
        let skipped = piece.len().min(usize::try_from(skip).unwrap_or(usize::MAX));
        skip -= skipped as u64;
        if skipped < piece.len() {
            file.write_all(&piece[skipped..])?;
            written += (piece.len() - skipped) as u64;
        }
    }
    Ok(written)
}

/// The regular file at `path` opened to be written again in place from
/// byte `kept` on, and its length, when it is one, at least that long,
/// with no other hard link; `None` otherwise.
fn open_ours(path: &Path, kept: u64) -> Option<(std::fs::File, u64)> {
    use std::os::unix::fs::MetadataExt;
    let ours = |m: &std::fs::Metadata| m.is_file() && m.nlink() == 1 && m.len() >= kept;
    let before = std::fs::symlink_metadata(path).ok().filter(ours)?;
    let file = std::fs::OpenOptions::new()
        .write(true)
        .custom_flags(NO_FOLLOW)
        .open(path)
        .ok()?;
    // The file opened is the one looked at, and still ours.
    let now = file.metadata().ok().filter(ours)?;
    (now.ino() == before.ino() && now.dev() == before.dev()).then_some((file, now.len()))
}

/// Write `path` through a temporary file beside it, exchanged into place
/// ([`swap_into_place`]); the folders on the way are free of links
/// ([`remove_links_between`]) already. The temporary file starts with the
/// first `kept` bytes of the file there (none when it is shorter, or not a
/// regular file); `write` adds the rest after the bytes copied.
fn write_whole(
    path: &Path,
    kept: u64,
    write: impl FnOnce(&mut std::fs::File, u64) -> std::io::Result<u64>,
) -> Result<(), BuildError> {
    prepare(path)?;
    let temporary = path.with_file_name(format!(
        ".{}.insyn-tmp",
        path.file_name().unwrap_or_default().to_string_lossy()
    ));
    if std::fs::symlink_metadata(&temporary).is_ok() {
        std::fs::remove_file(&temporary).map_err(write_error(&temporary))?;
    }
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .and_then(|mut file| {
            let copied = copy_kept(path, kept, &mut file)?;
            write(&mut file, copied)
        });
    if let Err(source) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(write_error(&temporary)(source));
    }
    swap_into_place(&temporary, path).map_err(write_error(path))
}

/// Put the file written at `temporary` at `path`, atomically. A regular
/// file there is exchanged with it (`renameat2` with `RENAME_EXCHANGE`) and
/// then removed: renaming over it makes ext4 write the new file's data to
/// disk at once (its `auto_da_alloc`), a seventh more time per file (10 000
/// files of 20 KB: 2.69 s renamed over, 2.33 s exchanged), which a change
/// to a base template pays for every page. File systems without the
/// exchange get a plain rename.
fn swap_into_place(temporary: &Path, path: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    let is_file = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file());
    if is_file && renameat_with(CWD, temporary, CWD, path, RenameFlags::EXCHANGE).is_ok() {
        // The old file now has the temporary name.
        return std::fs::remove_file(temporary);
    }
    std::fs::rename(temporary, path)
}

/// Copy the first `kept` bytes of the regular file at `path`, if it is that
/// long, into `to`; returns how many bytes were copied (`kept` or none).
fn copy_kept(path: &Path, kept: u64, to: &mut std::fs::File) -> std::io::Result<u64> {
    if kept == 0 {
        return Ok(0);
    }
    let Ok(old) = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(NO_FOLLOW)
        .open(path)
    else {
        return Ok(0);
    };
    let is_long_enough = old.metadata().is_ok_and(|m| m.is_file() && m.len() >= kept);
    match is_long_enough {
        true => std::io::copy(&mut old.take(kept), to),
        false => Ok(0),
    }
}

/// Remove every symbolic link among the folders between `dir` and `path`,
/// so that the folders made in their place are inside `dir`.
fn remove_links_between(dir: &Path, path: &Path) -> Result<(), BuildError> {
    let Ok(rel) = path.strip_prefix(dir) else {
        return Ok(());
    };
    let mut folder = dir.to_path_buf();
    for part in rel.parent().into_iter().flat_map(Path::components) {
        folder.push(part);
        match std::fs::symlink_metadata(&folder) {
            Ok(m) if m.file_type().is_symlink() => {
                std::fs::remove_file(&folder).map_err(write_error(&folder))?
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    Ok(())
}

/// Remove one file of a live output folder, and the folders it leaves
/// empty (never `dir` itself).
pub fn remove_file(dir: &Path, rel: &str) -> Result<(), BuildError> {
    let path = dir.join(rel);
    known::forget(&path);
    remove_links_between(dir, &path)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_file_is_replaced_whole_and_an_unchanged_one_keeps_its_time() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("arenden/index.html");
        std::fs::create_dir_all(page.parent().unwrap()).unwrap();
        std::fs::write(&page, "<p>a longer page than the new one</p>").unwrap();

        assert!(replace_file(dir.path(), "arenden/index.html", b"<p>new</p>").unwrap());
        assert_eq!(std::fs::read_to_string(&page).unwrap(), "<p>new</p>");
        let time = std::fs::metadata(&page).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(
            !replace_file(dir.path(), "arenden/index.html", b"<p>new</p>").unwrap(),
            "the same bytes again are not a change"
        );
        assert_eq!(std::fs::metadata(&page).unwrap().modified().unwrap(), time);
        let left: Vec<_> = std::fs::read_dir(page.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["index.html"], "no temporary file is left");
    }

    #[test]
    fn the_preview_server_reads_the_old_file_or_the_new_one_never_half_of_one() {
        let dir = tempfile::tempdir().unwrap();
        // Alike in their first 1 000 bytes, as two versions of a table are
        // before their first changed row.
        let (mut short, mut long) = (vec![b'h'; 1000], vec![b'h'; 1000]);
        short.extend(std::iter::repeat_n(b'a', 1 << 20));
        long.extend(std::iter::repeat_n(b'b', 2 << 20));
        replace_file(dir.path(), "data/arenden.json", &short).unwrap();
        // The server names the file folder by folder, the writer by its
        // path in the site.
        let path = dir.path().join("data").join("arenden.json");
        let done = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                for round in 0..100 {
                    let bytes = if round % 2 == 0 { &long } else { &short };
                    // Pages are written whole, tables from a row on.
                    if round % 4 < 2 {
                        replace_file(dir.path(), "data/arenden.json", bytes).unwrap();
                    } else {
                        replace_file_streamed(
                            dir.path(),
                            "data/arenden.json",
                            1000,
                            [&bytes[..]].into_iter(),
                        )
                        .unwrap();
                    }
                }
                done.store(true, std::sync::atomic::Ordering::SeqCst);
            });
            let mut reads = 0;
            while !done.load(std::sync::atomic::Ordering::SeqCst) || reads == 0 {
                let read = read_file(&path).unwrap();
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
    fn a_page_is_written_again_in_place_unless_hard_linked() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index.html");
        std::fs::write(&path, "<p>the first page, longer</p>").unwrap();
        let inode = std::fs::metadata(&path).unwrap().ino();
        assert!(replace_file(dir.path(), "index.html", b"<p>second</p>").unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "<p>second</p>");
        assert_eq!(std::fs::metadata(&path).unwrap().ino(), inode);

        // A deploy folder made with `cp -al` keeps its bytes.
        let copy = dir.path().join("deployed.html");
        std::fs::hard_link(&path, &copy).unwrap();
        assert!(replace_file(dir.path(), "index.html", b"<p>third</p>").unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "<p>third</p>");
        assert_eq!(std::fs::read_to_string(&copy).unwrap(), "<p>second</p>");
        assert_ne!(std::fs::metadata(&path).unwrap().ino(), inode);
    }

    #[test]
    fn a_table_streamed_in_pieces_replaces_a_longer_one_whole() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("beslut.csv"), "a,b\n1,2\n3,4\n5,6\n").unwrap();
        replace_file_streamed(dir.path(), "beslut.csv", 0, pieces(&["a,b\n", "7,8\n"])).unwrap();
        replace_file_streamed(dir.path(), "ny.csv", 0, pieces(&["a,b\n"])).unwrap();
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert_eq!(read("beslut.csv"), "a,b\n7,8\n");
        assert_eq!(read("ny.csv"), "a,b\n");
    }

    /// Text pieces as the byte pieces a table is written from.
    fn pieces<'a>(texts: &'a [&'a str]) -> impl Iterator<Item = &'a [u8]> {
        texts.iter().map(|t| t.as_bytes())
    }

    #[test]
    fn a_table_of_more_bytes_than_one_write_takes_is_written_whole() {
        let dir = tempfile::tempdir().unwrap();
        let rows: Vec<String> = (0..100_000).map(|i| format!("{i},x\n")).collect();
        let expected: String = rows.concat();
        std::fs::write(dir.path().join("beslut.csv"), &expected[..1000]).unwrap();
        let kept = 500;
        replace_file_streamed(
            dir.path(),
            "beslut.csv",
            kept,
            rows.iter().map(|r| r.as_bytes()),
        )
        .unwrap();
        let written = std::fs::read_to_string(dir.path().join("beslut.csv")).unwrap();
        assert_eq!(written, expected);
    }

    #[test]
    fn a_table_streamed_again_is_written_from_its_first_changed_row() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("beslut.csv");
        std::fs::write(&path, "a,b\n1,2\n3,4\n5,6\n").unwrap();
        // The first 8 bytes are copied from the file there: what the writer
        // says they are is not heard (here, on purpose, something else).
        // A piece that ends the kept bytes and one that starts in them.
        replace_file_streamed(
            dir.path(),
            "beslut.csv",
            8,
            pieces(&["x,y\n", "9,9\n", "7,8\n"]),
        )
        .unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\n1,2\n7,8\n");
        // A file shorter than the bytes to keep, or a new one, is written
        // whole.
        std::fs::write(&path, "a,b\n").unwrap();
        replace_file_streamed(dir.path(), "beslut.csv", 8, pieces(&["a,b\n1,2\n7,8\n"])).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\n1,2\n7,8\n");
        replace_file_streamed(dir.path(), "ny.csv", 8, pieces(&["a,b\n1,", "2\n"])).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("ny.csv")).unwrap(),
            "a,b\n1,2\n"
        );
    }

    #[test]
    fn a_table_changed_from_a_row_on_is_written_on_in_place_unless_hard_linked() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("beslut.csv");
        std::fs::write(&path, "a,b\n1,2\n3,4\n5,6\n").unwrap();
        let inode = std::fs::metadata(&path).unwrap().ino();
        replace_file_streamed(
            dir.path(),
            "beslut.csv",
            8,
            pieces(&["a,b\n1,2\n", "7,8\n"]),
        )
        .unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\n1,2\n7,8\n");
        assert_eq!(std::fs::metadata(&path).unwrap().ino(), inode);

        // A copy made with hard links (cp -al, a deploy folder) keeps its
        // bytes: the table is written beside and exchanged instead.
        let copy = dir.path().join("deployed.csv");
        std::fs::hard_link(&path, &copy).unwrap();
        replace_file_streamed(dir.path(), "beslut.csv", 8, pieces(&["a,b\n1,2\n9,9\n"])).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\n1,2\n9,9\n");
        assert_eq!(std::fs::read_to_string(&copy).unwrap(), "a,b\n1,2\n7,8\n");
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

    #[test]
    fn a_linked_folder_in_the_way_is_replaced_never_written_or_removed_through() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let theirs = outside.path().join("index.html");
        std::fs::write(&theirs, "theirs").unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("arenden")).unwrap();

        remove_file(dir.path(), "arenden/index.html").unwrap();
        assert!(theirs.exists(), "a file behind a link is not removed");
        std::os::unix::fs::symlink(outside.path(), dir.path().join("arenden")).unwrap();
        replace_file(dir.path(), "arenden/index.html", b"<p>ours</p>").unwrap();
        assert_eq!(std::fs::read_to_string(&theirs).unwrap(), "theirs");
        let ours = dir.path().join("arenden");
        assert!(std::fs::symlink_metadata(&ours).unwrap().is_dir());
        assert_eq!(
            std::fs::read_to_string(ours.join("index.html")).unwrap(),
            "<p>ours</p>"
        );
    }
}
