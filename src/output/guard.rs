//! Which folders Insyn may fill and empty: only its own. Every output
//! folder it writes carries a marker file, [`MARKER`]; a build refuses,
//! before any work, a folder that holds other files without it, and the
//! folders no build should ever empty (the content folder, a folder that
//! holds it, the home folder, `/`), however they are named.

use std::path::{Component, Path, PathBuf};

use crate::error::BuildError;

/// The file that says an output folder is Insyn's, at its top.
pub const MARKER: &str = ".insyn-output";

/// What the marker says, to whoever opens the folder.
pub const MARKER_TEXT: &str = "Den här mappen skrivs av Insyn: varje bygge skriver om den helt.\n\
This folder is written by Insyn: every build rewrites it whole.\n";

/// Why a folder may not be an output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// `/`, or a drive's root.
    Root,
    /// The user's home folder.
    Home,
    /// The content folder itself.
    IsContent,
    /// A folder the content folder is inside.
    HoldsContent { content: PathBuf },
    /// A folder holding files, without Insyn's marker.
    NotInsyns,
    /// A symbolic link: writing there would write elsewhere.
    Link,
    /// A file, not a folder.
    NotAFolder,
}

/// May a build write its output into `output`, with its content in
/// `content`? Checked before any work, so that a mistyped `--output` costs
/// nothing.
pub fn may_write(output: &Path, content: &Path) -> Result<(), BuildError> {
    let refuse = |why| {
        Err(BuildError::OutputRefused {
            path: output.to_path_buf(),
            why,
        })
    };
    let target = absolute(output);
    if target.parent().is_none() {
        return refuse(Refusal::Root);
    }
    if home().is_some_and(|home| home == target) {
        return refuse(Refusal::Home);
    }
    let content = absolute(content);
    if content == target {
        return refuse(Refusal::IsContent);
    }
    if content.starts_with(&target) {
        return refuse(Refusal::HoldsContent {
            content: content.clone(),
        });
    }
    owned(output)
}

/// Is `folder` absent, empty, or marked as Insyn's? The output folder and
/// the staging and previous generations beside it are all checked so.
pub fn owned(folder: &Path) -> Result<(), BuildError> {
    let why = match std::fs::symlink_metadata(folder) {
        Err(_) => return Ok(()),
        Ok(m) if m.file_type().is_symlink() => Refusal::Link,
        Ok(m) if !m.is_dir() => Refusal::NotAFolder,
        Ok(_) if is_marked(folder) || is_empty(folder) => return Ok(()),
        Ok(_) => Refusal::NotInsyns,
    };
    Err(BuildError::OutputRefused {
        path: folder.to_path_buf(),
        why,
    })
}

/// Does `folder` carry Insyn's marker (a regular file, not a link)?
fn is_marked(folder: &Path) -> bool {
    std::fs::symlink_metadata(folder.join(MARKER)).is_ok_and(|m| m.is_file())
}

fn is_empty(folder: &Path) -> bool {
    std::fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_none())
}

/// The home folder, as the system resolves it.
fn home() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE"))?;
    Some(absolute(Path::new(&home)))
}

/// `path` made absolute and resolved: links followed as far as the path
/// exists, `..` and `.` taken away after that. Two names of one folder give
/// the same path.
pub fn absolute(path: &Path) -> PathBuf {
    let joined = match std::env::current_dir() {
        Ok(cwd) if path.is_relative() => cwd.join(path),
        _ => path.to_path_buf(),
    };
    let mut existing = joined.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(resolved) = existing.canonicalize() {
            let mut out = resolved;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::Normal(name) => out.push(name),
                    _ => {}
                }
            }
            return out;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return joined,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_names_of_one_folder_are_one_path() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("a");
        std::fs::create_dir(&real).unwrap();
        std::os::unix::fs::symlink(&real, dir.path().join("b")).unwrap();
        assert_eq!(
            absolute(&dir.path().join("b/x/../y")),
            absolute(&real.join("y"))
        );
        assert_eq!(absolute(&real.join("./z")), absolute(&real).join("z"));
    }

    #[test]
    fn the_content_folder_and_what_holds_it_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("portal/content");
        std::fs::create_dir_all(&content).unwrap();
        let why = |output: &Path| match may_write(output, &content) {
            Err(BuildError::OutputRefused { why, .. }) => Some(why),
            _ => None,
        };
        assert_eq!(why(&content), Some(Refusal::IsContent));
        assert_eq!(why(&content.join("../content")), Some(Refusal::IsContent));
        assert!(matches!(
            why(&dir.path().join("portal")),
            Some(Refusal::HoldsContent { .. })
        ));
        assert_eq!(why(Path::new("/")), Some(Refusal::Root));
        assert_eq!(why(&dir.path().join("portal/output")), None);
    }
}
