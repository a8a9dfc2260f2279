//! Removing a previous generation too large to recycle (after a much
//! larger portal was built into the same folder) without making the build
//! wait for it: it is renamed aside at once (`.output.insyn-trash-<n>`)
//! and removed by a child process of its own (`insyn discard-generation`,
//! hidden), which goes on after the build has ended. A removal cut short
//! (the machine stopped, a CI job ended) is taken up by the next build.
//! Without the child process (the library alone, in tests) a thread
//! removes it and the build waits for it at its end.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use super::{guard, sibling, write_error};
use crate::error::BuildError;

/// Set by the `insyn` binary, which has the hidden subcommand.
static CHILD_PROCESS: AtomicBool = AtomicBool::new(false);

/// The subcommand of the `insyn` binary that removes a generation.
pub const SUBCOMMAND: &str = "discard-generation";

/// Let removals run in child processes of this binary.
pub fn use_child_process() {
    CHILD_PROCESS.store(true, Ordering::SeqCst);
}

/// A removal under way.
pub enum Discarding {
    /// In a child process, which need not be waited for.
    Child,
    /// On a thread of this process, waited for by [`Discarding::finish`].
    Thread(std::thread::JoinHandle<()>),
}

impl Discarding {
    pub fn finish(self) {
        if let Discarding::Thread(thread) = self {
            let _ = thread.join();
        }
    }
}

/// Rename `generation` aside and start removing it; also take up the
/// removals of earlier builds that were cut short.
pub fn set_aside(target: &Path, generation: &Path) -> Result<Vec<Discarding>, BuildError> {
    let mut removing = Vec::new();
    for leftover in leftovers(target) {
        guard::owned(&leftover)?;
        removing.push(start(leftover));
    }
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let trash = sibling(target, &format!("insyn-trash-{stamp}"));
    std::fs::rename(generation, &trash).map_err(write_error(generation))?;
    removing.push(start(trash));
    Ok(removing)
}

/// The generations set aside beside `target` and not yet removed.
fn leftovers(target: &Path) -> Vec<PathBuf> {
    let prefix = sibling(target, "insyn-trash-");
    let (Some(parent), Some(prefix)) = (prefix.parent(), prefix.file_name()) else {
        return Vec::new();
    };
    let prefix = prefix.to_string_lossy().into_owned();
    std::fs::read_dir(parent)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default()
}

fn start(trash: PathBuf) -> Discarding {
    if CHILD_PROCESS.load(Ordering::SeqCst) {
        let child = std::env::current_exe().and_then(|exe| {
            std::process::Command::new(exe)
                .arg(SUBCOMMAND)
                .arg(&trash)
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
        });
        if child.is_ok() {
            return Discarding::Child;
        }
    }
    Discarding::Thread(std::thread::spawn(move || {
        let _ = std::fs::remove_dir_all(&trash);
    }))
}

/// The child process's work: remove `trash`, if it is a generation Insyn
/// set aside (its name, and its marker); anything else is left alone.
pub fn remove(trash: &Path) -> bool {
    let named = trash
        .file_name()
        .is_some_and(|n| n.to_string_lossy().contains(".insyn-trash-"));
    named && guard::owned(trash).is_ok() && std::fs::remove_dir_all(trash).is_ok()
}
