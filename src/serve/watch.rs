//! Watching the content folder and the themes with `notify`, and coalescing
//! a burst of changes (an editor's save-by-rename, a `git checkout` of
//! hundreds of files) into one batch that the next build sees whole.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

/// A batch of changes to one file (a save in place) ends when nothing has
/// changed for this long…
pub const QUIET_ONE: Duration = Duration::from_millis(10);
/// …a batch of changes to several files (a save by rename, a checkout)
/// when nothing has changed for this long…
pub const QUIET: Duration = Duration::from_millis(40);
/// …or when it has been gathering for this long.
pub const LONGEST: Duration = Duration::from_secs(2);

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
    collect(first, &mut paths);
    let started = Instant::now();
    loop {
        let one_file = paths.iter().all(|p| *p == paths[0]);
        let quiet = if one_file { QUIET_ONE } else { QUIET };
        match raw.recv_timeout(quiet) {
            Ok(event) => collect(event, &mut paths),
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

fn collect(event: notify::Result<notify::Event>, paths: &mut Vec<PathBuf>) {
    let Ok(event) = event else { return };
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return;
    }
    paths.extend(event.paths.into_iter().filter(|p| matters(p)));
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

    #[test]
    fn ignores_editor_files_and_caches() {
        assert!(matters(Path::new("content/meetings/2020/x/001-a.md")));
        assert!(!matters(Path::new("content/meetings/2020/x/001-a.md~")));
        assert!(!matters(Path::new("content/.001-a.md.swp")));
        assert!(!matters(Path::new(".insyn-cache/pdf/ab.json")));
    }
}
