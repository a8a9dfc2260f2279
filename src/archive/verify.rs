//! `insyn archive --verify`: is a package (folder or zip) still whole?
//! Every file its manifests name is there with the checksum they give, and
//! there is no file they do not name.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use super::bag::{self, DECLARATION, MANIFEST, PAYLOAD, TAG_MANIFEST};
use super::{fixity, read_error, slash_path, zipped, ArchiveError, Files};
use crate::content::settings::Language;

/// What is wrong with one file of a package.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Problem {
    /// Its bytes are not those its manifest's checksum was made from.
    Changed(String),
    /// A manifest names it, and it is not there.
    Missing(String),
    /// It is there, and no manifest names it.
    Added(String),
}

impl Problem {
    pub fn path(&self) -> &str {
        match self {
            Problem::Changed(p) | Problem::Missing(p) | Problem::Added(p) => p,
        }
    }

    /// `changed: data/METS.xml`, in the reader's language.
    pub fn line(&self, language: Language) -> String {
        let what = match (self, language) {
            (Problem::Changed(_), Language::Sv) => "ändrad",
            (Problem::Missing(_), Language::Sv) => "saknas",
            (Problem::Added(_), Language::Sv) => "tillagd",
            (Problem::Changed(_), Language::En) => "changed",
            (Problem::Missing(_), Language::En) => "missing",
            (Problem::Added(_), Language::En) => "added",
        };
        format!("{what}: {}", self.path())
    }
}

/// A package checked: its files and bytes, and what is wrong, by file.
#[derive(Debug)]
pub struct Verified {
    pub files: usize,
    pub bytes: u64,
    pub problems: Vec<Problem>,
}

/// Check the package at `path`, a folder or a zip file.
pub fn verify(path: &Path) -> Result<Verified, ArchiveError> {
    if path.is_dir() && !path.join(DECLARATION).is_file() {
        return Err(ArchiveError::NotAPackage(path.to_path_buf()));
    }
    let (files, texts) = match path.is_dir() {
        true => read_folder(path)?,
        false => zipped::read(path)?,
    };
    if !files.contains_key(DECLARATION) {
        return Err(ArchiveError::NotAPackage(path.to_path_buf()));
    }
    let payload = texts.get(MANIFEST).map(|t| read_manifest(t));
    let tags = texts.get(TAG_MANIFEST).map(|t| read_manifest(t));
    let mut problems = Vec::new();
    for name in [MANIFEST, TAG_MANIFEST] {
        if !files.contains_key(name) {
            problems.push(Problem::Missing(name.to_owned()));
        }
    }
    let listed: BTreeMap<&str, &str> = (payload.iter().chain(tags.iter()))
        .flatten()
        .map(|(p, sum)| (p.as_str(), sum.as_str()))
        .collect();
    for (path, sum) in &listed {
        match files.get(*path) {
            None => problems.push(Problem::Missing(path.to_string())),
            Some(f) if f.sha256 != *sum => problems.push(Problem::Changed(path.to_string())),
            Some(_) => {}
        }
    }
    let payload_prefix = format!("{PAYLOAD}/");
    for path in files.keys() {
        let is_tag_manifest = path == TAG_MANIFEST;
        let in_payload = path.starts_with(&payload_prefix);
        // Without its manifest a file cannot be checked (the missing
        // manifest is reported), but it is not an added file either.
        let unchecked = match in_payload {
            true => payload.is_none(),
            false => tags.is_none(),
        };
        if !listed.contains_key(path.as_str()) && !is_tag_manifest && !unchecked {
            problems.push(Problem::Added(path.clone()));
        }
    }
    problems.sort_by(|a, b| a.path().cmp(b.path()).then(a.cmp(b)));
    problems.dedup();
    Ok(Verified {
        files: files.len(),
        bytes: files.values().map(|f| f.size).sum(),
        problems,
    })
}

/// Every file in the folder with its fixity, by its path in it, and the
/// text of its manifests.
fn read_folder(dir: &Path) -> Result<(Files, BTreeMap<String, String>), ArchiveError> {
    let walk = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
    let entries: Vec<_> = walk
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .collect();
    let files: Files = entries
        .par_iter()
        .map(|entry| {
            let path = entry.path();
            let rel = slash_path(path.strip_prefix(dir).unwrap_or(path));
            // A symbolic link is not a file of the package: never read
            // through, it is there with no checksum (added, or changed).
            if !entry.file_type().is_file() {
                let empty = super::Fixity {
                    size: 0,
                    sha256: String::new(),
                };
                return Ok((rel, empty));
            }
            let bytes = std::fs::read(path).map_err(read_error(path.to_path_buf()))?;
            Ok((rel, fixity(&bytes)))
        })
        .collect::<Result<_, ArchiveError>>()?;
    let texts = [MANIFEST, TAG_MANIFEST]
        .iter()
        .filter_map(|name| {
            let text = std::fs::read(dir.join(name)).ok()?;
            Some((
                name.to_string(),
                String::from_utf8_lossy(&text).into_owned(),
            ))
        })
        .collect();
    Ok((files, texts))
}

/// A manifest's lines: each path with its checksum.
fn read_manifest(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| {
            let (sum, path) = line.split_once(char::is_whitespace)?;
            Some((bag::decode(path.trim_start()), sum.to_ascii_lowercase()))
        })
        .collect()
}
