//! Watching the content folder and the themes with `notify`, and coalescing
//! a burst of changes (an editor's save-by-rename, a `git checkout` of
//! hundreds of files) into one batch that the next build sees whole.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

/// A batch of changes to one file ends this soon after the file was
/// closed after writing or renamed into place (a save is whole then)…
pub const QUIET_SAVED: Duration = Duration::from_millis(2);
/// …a batch of changes to one file still being written (a save in place)
/// when nothing has changed for this long…
pub const QUIET_ONE: Duration = Duration::from_millis(10);
/// …a batch of changes to several files (a save by rename, a checkout)
/// when nothing has changed for this long…
pub const QUIET: Duration = Duration::from_millis(40);
/// …or when it has been gathering for this long.
pub const LONGEST: Duration = Duration::from_secs(2);
/// A change that reads with errors waits this long for more changes
/// before the errors are reported: a batch ended 2 ms after one file was
/// saved may have caught the next file of a checkout half written, and the
/// batch of the rest ends [`QUIET`] after its last change.
pub const SETTLE: Duration = Duration::from_millis(2 * QUIET.as_millis() as u64);

/// The watcher (keep it alive) and the batches of changed paths.
pub fn watch(
    folders: &[PathBuf],
) -> notify::Result<(notify::RecommendedWatcher, Receiver<Vec<PathBuf>>)> {
    let (events, raw) = channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(events)?;
    for folder in folders.iter().filter(|f| f.is_dir()) {
        watcher.watch(folder, RecursiveMode::Recursive)?;
    }
    let (batches, receiver) = channel();
    std::thread::spawn(move || {
        while let Some(batch) = next_batch(&raw) {
            if !batch.is_empty() && batches.send(batch).is_err() {
                return;
            }
        }
    });
    Ok((watcher, receiver))
}

/// Wait for a change, then gather every change until things are quiet.
/// `None` when the watcher is gone.
fn next_batch(raw: &Receiver<notify::Result<notify::Event>>) -> Option<Vec<PathBuf>> {
    let mut paths = Vec::new();
    let first = raw.recv().ok()?;
    let mut saved = collect(first, &mut paths).unwrap_or(false);
    let started = Instant::now();
    loop {
        match raw.recv_timeout(quiet_after(&paths, saved)) {
            Ok(event) => saved = collect(event, &mut paths).unwrap_or(saved),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => break,
        }
        if started.elapsed() > LONGEST {
            break;
        }
    }
    paths.sort();
    paths.dedup();
    Some(paths)
}

/// How long a batch of changes to `paths` waits for more, when the last
/// change `saved` a file whole (or not).
fn quiet_after(paths: &[PathBuf], saved: bool) -> Duration {
    let one_file = paths.iter().all(|p| *p == paths[0]);
    match (one_file, saved) {
        (true, true) => QUIET_SAVED,
        (true, false) => QUIET_ONE,
        (false, _) => QUIET,
    }
}

/// Add the paths an event changed; returns whether the event ends a save
/// (a file closed after writing, or renamed into place), or `None` for an
/// event that changes nothing (a file or folder opened or read, as the
/// watcher itself opens a folder renamed in), which leaves the batch as
/// it was.
fn collect(event: notify::Result<notify::Event>, paths: &mut Vec<PathBuf>) -> Option<bool> {
    use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
    use notify::EventKind;
    let event = event.ok()?;
    let saved = matches!(
        event.kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(RenameMode::To))
    );
    if matches!(event.kind, EventKind::Access(_)) && !saved {
        return None;
    }
    paths.extend(event.paths.into_iter().filter(|p| matters(p)));
    Some(saved)
}

/// Editors' swap and backup files and Insyn's own caches change nothing a
/// build reads.
fn matters(path: &Path) -> bool {
    !path.components().any(|c| {
        let name = c.as_os_str().to_string_lossy();
        name == ".insyn-cache" || name == ".git"
    }) && path.file_name().is_some_and(|n| {
        let n = n.to_string_lossy();
        !(n.ends_with('~') || n.ends_with(".swp") || n.ends_with(".swx") || n.starts_with(".#"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: notify::EventKind, path: &str) -> notify::Result<notify::Event> {
        Ok(notify::Event::new(kind).add_path(PathBuf::from(path)))
    }

    #[test]
    fn a_file_closed_after_writing_or_renamed_in_is_built_at_once() {
        use notify::event::{AccessKind, AccessMode, DataChange, ModifyKind, RenameMode};
        use notify::EventKind;
        let a = "content/meetings/2020/x/001-a.md";
        let written = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        let renamed_in = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        let opened = EventKind::Access(AccessKind::Open(AccessMode::Any));
        let mut paths = Vec::new();
        assert_eq!(collect(event(written, a), &mut paths), Some(false));
        assert_eq!(quiet_after(&paths, false), QUIET_ONE);
        assert_eq!(collect(event(closed, a), &mut paths), Some(true));
        assert_eq!(quiet_after(&paths, true), QUIET_SAVED);
        // Opening or reading a file, or the watcher opening a folder
        // renamed in, changes nothing, nor whether the batch was saved.
        assert_eq!(collect(event(read, "content/b.md"), &mut paths), None);
        assert_eq!(collect(event(opened, "content/b.md"), &mut paths), None);
        let y = "content/meetings/2020/y";
        assert_eq!(collect(event(renamed_in, y), &mut paths), Some(true));
        // Two files: the batch waits for the rest of a checkout.
        assert_eq!(quiet_after(&paths, true), QUIET);
        assert_eq!(paths.len(), 3);
    }

    #[test]
    fn changes_queued_together_are_one_batch_even_after_a_save() {
        use notify::event::{AccessKind, AccessMode, CreateKind};
        use notify::EventKind;
        let (send, raw) = channel();
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        for path in ["content/a.md", "content/b.md"] {
            send.send(event(EventKind::Create(CreateKind::File), path))
                .unwrap();
            send.send(event(closed, path)).unwrap();
        }
        let batch = next_batch(&raw).unwrap();
        assert_eq!(
            batch,
            [PathBuf::from("content/a.md"), PathBuf::from("content/b.md")]
        );
    }

    #[test]
    fn ignores_editor_files_and_caches() {
        assert!(matters(Path::new("content/meetings/2020/x/001-a.md")));
        assert!(!matters(Path::new("content/meetings/2020/x/001-a.md~")));
        assert!(!matters(Path::new("content/.001-a.md.swp")));
        assert!(!matters(Path::new(".insyn-cache/pdf/ab.json")));
    }
}
