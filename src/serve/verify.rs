//! `insyn serve --verify`: after each patched edit, build the whole site
//! from the same content into a temporary folder and compare it with the
//! output folder byte for byte, so that a theme author (and the tests)
//! can trust the preview. Differences are printed by file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::content::Sources;
use crate::pipeline;

/// How a file of the preview's output differs from a clean build's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Difference {
    /// Both have it, with other bytes.
    Bytes,
    /// Only the clean build has it.
    Missing,
    /// Only the preview has it.
    Extra,
}

impl Difference {
    fn label(self) -> &'static str {
        match self {
            Difference::Bytes => "differs",
            Difference::Missing => "missing",
            Difference::Extra => "extra",
        }
    }
}

/// The files that differ between the output folder and a clean build of
/// `sources`, in path order; `None` when the clean build fails.
pub fn differences(sources: &Sources, output: &Path) -> Option<Vec<(String, Difference)>> {
    let clean = scratch_folder();
    let report = pipeline::build_sources_only(sources, &clean);
    let found = report
        .result
        .is_ok()
        .then(|| compare(&files_of(output), &files_of(&clean)));
    let _ = std::fs::remove_dir_all(&clean);
    found
}

/// The lines `--verify` prints after a patch.
pub fn report(sources: &Sources, output: &Path) -> Vec<String> {
    /// Differences listed before the rest are counted.
    const SHOWN: usize = 20;
    let Some(found) = differences(sources, output) else {
        return vec!["Verify: the clean build failed; nothing compared.".to_owned()];
    };
    if found.is_empty() {
        return vec!["Verified: the output equals a clean build.".to_owned()];
    }
    let mut lines = vec![format!(
        "Verify: {} file{} differ from a clean build:",
        found.len(),
        pipeline::plural(found.len())
    )];
    for (file, difference) in found.iter().take(SHOWN) {
        lines.push(format!("  {}: {file}", difference.label()));
    }
    if found.len() > SHOWN {
        lines.push(format!("  … and {} more", found.len() - SHOWN));
    }
    lines
}

/// A new folder for the clean build, beside no one's files.
fn scratch_folder() -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    std::env::temp_dir().join(format!("insyn-verify-{}-{nanos}", std::process::id()))
}

/// Every file under `root` (links are not followed), by its path inside
/// it, `/`-separated, with its bytes' hash.
fn files_of(root: &Path) -> BTreeMap<String, blake3::Hash> {
    let files = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok);
    files
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(root).ok()?;
            let rel = rel
                .to_string_lossy()
                .replace(std::path::MAIN_SEPARATOR, "/");
            let bytes = std::fs::read(e.path()).ok()?;
            Some((rel, blake3::hash(&bytes)))
        })
        .collect()
}

/// The differences between the preview's files and a clean build's.
fn compare(
    preview: &BTreeMap<String, blake3::Hash>,
    clean: &BTreeMap<String, blake3::Hash>,
) -> Vec<(String, Difference)> {
    let mut found: Vec<(String, Difference)> = Vec::new();
    for (file, hash) in clean {
        match preview.get(file) {
            None => found.push((file.clone(), Difference::Missing)),
            Some(other) if other != hash => found.push((file.clone(), Difference::Bytes)),
            Some(_) => {}
        }
    }
    let extra = preview.keys().filter(|f| !clean.contains_key(*f));
    found.extend(extra.map(|f| (f.clone(), Difference::Extra)));
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_are_named_by_file_and_kind() {
        let hash = |s: &str| blake3::hash(s.as_bytes());
        let preview = BTreeMap::from([
            ("a.html".to_owned(), hash("a")),
            ("b.html".to_owned(), hash("old")),
            ("gone.html".to_owned(), hash("x")),
        ]);
        let clean = BTreeMap::from([
            ("a.html".to_owned(), hash("a")),
            ("b.html".to_owned(), hash("new")),
            ("c.html".to_owned(), hash("c")),
        ]);
        assert_eq!(
            compare(&preview, &clean),
            vec![
                ("b.html".to_owned(), Difference::Bytes),
                ("c.html".to_owned(), Difference::Missing),
                ("gone.html".to_owned(), Difference::Extra),
            ]
        );
    }
}
