//! `insyn archive`: the portal as an archival package that outlives the
//! web site, and the check that a package is still whole.
//!
//! A package is a BagIt bag (RFC 8493, SHA-256 manifests) whose payload
//! `data/` is an E-ARK CSIP information package: a root `METS.xml` with
//! the package's identity, Dublin Core and PREMIS metadata, the package's
//! documentation and schemas, and two representations, `site` (the built
//! portal, which opens from disk with its search) and `source` (the
//! content it was built from), each with its own `METS.xml` and PREMIS
//! fixity for every file. Nothing confidential or unpublished goes in:
//! the site is built as `insyn build` builds it, and the source holds only
//! the files that site publishes from ([`select`]).
//!
//! The same content gives the same bytes: every date in the package is a
//! date of the content ([`select::Identity`]), never the clock's, and files
//! are listed in path order. The package is written beside its place and
//! renamed into it when whole, as a build does.

mod bag;
mod mets;
mod select;
mod verify;
mod zipped;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::content::settings::Language;
use crate::error::BuildError;
use crate::error::Diagnostic;
use crate::pipeline;

pub use select::Identity;
pub use verify::{verify, Problem, Verified};

/// What `insyn archive` was asked for.
pub struct Options {
    /// The content folder.
    pub content: PathBuf,
    /// Where the package goes; [`Identity::id`] in the working folder
    /// when `None` (with `.zip` for a zip file).
    pub out: Option<PathBuf>,
    /// The years whose meetings go in (the whole portal when empty).
    pub years: Vec<i32>,
    /// One zip file instead of a folder.
    pub zip: bool,
}

/// A finished package, for the command's summary line.
#[derive(Debug)]
pub struct Made {
    pub path: PathBuf,
    pub identity: Identity,
    /// Files of the built portal and of its source.
    pub site_files: usize,
    pub source_files: usize,
    /// Every file of the package, with the bag's own, and their bytes.
    pub files: usize,
    pub bytes: u64,
    pub elapsed: Duration,
}

/// Why no package was made. Content errors are reported one by one, as
/// diagnostics, before this.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{count} content error(s)")]
    Content { count: usize },
    #[error("{0}")]
    Build(BuildError),
    #[error("the portal has no meetings from {year}")]
    UnknownYear {
        year: i32,
        /// The years it has meetings from.
        years: Vec<i32>,
    },
    #[error("{} already exists", .0.display())]
    Exists(PathBuf),
    #[error("{} is not an archival package: it has no bagit.txt", .0.display())]
    NotAPackage(PathBuf),
}

impl ArchiveError {
    /// What went wrong and how to put it right, in the clerk's language:
    /// an `error:` line and perhaps a `= help:` line.
    pub fn report(&self, language: Language) -> String {
        let sv = language == Language::Sv;
        let (message, help) = match self {
            ArchiveError::Build(e) => return e.report(language),
            ArchiveError::Content { .. } => (String::new(), None),
            ArchiveError::UnknownYear { year, years } => {
                let closest = years.iter().min_by_key(|y| (y.abs_diff(*year), **y));
                let list = years_text(years);
                match sv {
                    true => (
                        format!("portalen har inga sammanträden från {year}"),
                        Some(match closest {
                            Some(c) => format!("menade du {c}? Portalen har sammanträden från {list}"),
                            None => "portalen har inga sammanträden ännu".into(),
                        }),
                    ),
                    false => (
                        self.to_string(),
                        Some(match closest {
                            Some(c) => format!("did you mean {c}? The portal has meetings from {list}"),
                            None => "the portal has no meetings yet".into(),
                        }),
                    ),
                }
            }
            ArchiveError::Exists(path) => match sv {
                true => (
                    format!("{} finns redan", path.display()),
                    Some("ett paket skrivs aldrig över: välj ett annat namn med --out, eller flytta bort det gamla".into()),
                ),
                false => (
                    self.to_string(),
                    Some("a package is never written over: choose another name with --out, or move the old one away".into()),
                ),
            },
            ArchiveError::NotAPackage(path) => match sv {
                true => (
                    format!("{} är inget arkivpaket: det saknar bagit.txt", path.display()),
                    Some("ange mappen eller zip-filen som `insyn archive` gjorde".into()),
                ),
                false => (
                    self.to_string(),
                    Some("name the folder or zip file `insyn archive` made".into()),
                ),
            },
        };
        let mut text = format!("{}: {message}\n", if sv { "fel" } else { "error" });
        if let Some(help) = help {
            text.push_str(&format!(
                "  = {}: {help}\n",
                if sv { "hjälp" } else { "help" }
            ));
        }
        text
    }
}

/// `2017–2019` for a run of years, `2015, 2017, 2018` otherwise.
fn years_text(years: &[i32]) -> String {
    match (years.first(), years.last()) {
        (Some(first), Some(last))
            if (last - first) as usize + 1 == years.len() && first != last =>
        {
            format!("{first}–{last}")
        }
        _ => years
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// What a package records of one file: its size and its SHA-256.
#[derive(Debug, Clone)]
pub struct Fixity {
    pub size: u64,
    pub sha256: String,
}

/// Files by their path inside a folder, `/`-separated, in path order.
type Files = BTreeMap<String, Fixity>;

/// Make a package: check the content, build its site and copy its source
/// into a folder beside the package's place, describe and seal it, and
/// rename it into place (or zip it there). Warnings go to `diagnostics`.
pub fn make(options: &Options, diagnostics: &mut Vec<Diagnostic>) -> Result<Made, ArchiveError> {
    let started = Instant::now();
    let years = select::years(&options.content, &options.years)?;
    if let Some(out) = &options.out {
        refuse_existing(out)?;
    }
    let report = pipeline::check_loaded(
        select::load(&options.content, years.as_ref()),
        Instant::now(),
        crate::documents::Cache::Keep,
    );
    diagnostics.extend(report.diagnostics);
    let checked = report.result.map_err(|e| match e {
        BuildError::Content { count } => ArchiveError::Content { count },
        other => ArchiveError::Build(other),
    })?;
    let identity = Identity::of(&checked.site, years.as_ref());
    let out = match &options.out {
        Some(out) if options.zip && !out.to_string_lossy().ends_with(".zip") => {
            PathBuf::from(format!("{}.zip", out.display()))
        }
        Some(out) => out.clone(),
        None if options.zip => PathBuf::from(format!("{}.zip", identity.id)),
        None => PathBuf::from(&identity.id),
    };
    refuse_existing(&out)?;
    let sources = select::source_files(&checked.site);
    let stage = Stage::beside(&out)?;
    let (site_files, source_files, files) =
        fill(&stage.path, checked, &sources, &identity, started)?;
    let bytes = files.values().map(|f| f.size).sum();
    let file_count = files.len();
    match options.zip {
        true => stage.zip_into(&out, &package_name(&out), &identity)?,
        false => stage.rename_to(&out)?,
    }
    Ok(Made {
        path: out,
        identity,
        site_files,
        source_files,
        files: file_count,
        bytes,
        elapsed: started.elapsed(),
    })
}

/// The package's folder name: the file's name without `.zip`.
fn package_name(out: &Path) -> String {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.strip_suffix(".zip").unwrap_or(&name).to_owned()
}

fn refuse_existing(out: &Path) -> Result<(), ArchiveError> {
    match std::fs::symlink_metadata(out) {
        Ok(_) => Err(ArchiveError::Exists(out.to_path_buf())),
        Err(_) => Ok(()),
    }
}

/// Write the whole bag into `root`: the site, the source, the metadata
/// and the bag's manifests. Returns the files of the site and the source,
/// and every file of the bag.
fn fill(
    root: &Path,
    checked: pipeline::Checked,
    sources: &[PathBuf],
    identity: &Identity,
    started: Instant,
) -> Result<(usize, usize, Files), ArchiveError> {
    let package = root.join(bag::PAYLOAD);
    let content_root = checked.site.content_root.clone();
    let site_dir = package.join(mets::SITE).join("data");
    let report = pipeline::build_for_archive(
        pipeline::Report {
            diagnostics: Vec::new(),
            result: Ok(checked),
        },
        &site_dir,
    );
    report.result.map_err(ArchiveError::Build)?;
    // The mark that lets a build write into an output folder again: the
    // package's portal is never built into again.
    let marker = site_dir.join(crate::output::guard::MARKER);
    std::fs::remove_file(&marker).map_err(write_error(marker))?;
    pipeline::timing("archive: site built", started);
    // The portal's files are read back for their checksums while the
    // source is copied: the one waits on reading, the other on writing.
    let source_dir = package.join(mets::SOURCE).join("data");
    let (site, source) = rayon::join(
        || hash_tree(&site_dir),
        || copy_sources(&content_root, sources, &source_dir),
    );
    let (site, source) = (site?, source?);
    pipeline::timing("archive: site hashed and source copied", started);
    let (site_count, source_count) = (site.len(), source.len());
    let payload = mets::write_package(&package, identity, site, source)?;
    pipeline::timing("archive: metadata written", started);
    let bag = bag::write(root, identity, &payload)?;
    pipeline::timing("archive: bag written", started);
    Ok((site_count, source_count, bag))
}

/// An error writing `path`, as a build reports it.
fn write_error(path: PathBuf) -> impl FnOnce(std::io::Error) -> ArchiveError {
    move |source| ArchiveError::Build(BuildError::Write { path, source })
}

/// An error reading `path`, as a build reports it.
fn read_error(path: PathBuf) -> impl FnOnce(std::io::Error) -> ArchiveError {
    move |source| ArchiveError::Build(BuildError::Read { path, source })
}

/// The SHA-256 of `bytes`, in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Every file under `dir` with its fixity, read on every core.
fn hash_tree(dir: &Path) -> Result<Files, ArchiveError> {
    let paths: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    paths
        .par_iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(read_error(path.clone()))?;
            Ok((
                slash_path(path.strip_prefix(dir).unwrap_or(path)),
                fixity(&bytes),
            ))
        })
        .collect()
}

fn fixity(bytes: &[u8]) -> Fixity {
    Fixity {
        size: bytes.len() as u64,
        sha256: sha256_hex(bytes),
    }
}

/// A relative path, `/`-separated.
fn slash_path(path: &Path) -> String {
    let parts: Vec<String> = path
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// Copy the source files (relative to the content folder) into `to`,
/// each read once for its copy and its fixity.
fn copy_sources(content: &Path, files: &[PathBuf], to: &Path) -> Result<Files, ArchiveError> {
    let folders: std::collections::BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| f.parent().map(|p| to.join(p)))
        .collect();
    for folder in folders.iter().chain([&to.to_path_buf()]) {
        std::fs::create_dir_all(folder).map_err(write_error(folder.clone()))?;
    }
    files
        .par_iter()
        .map(|rel| {
            let from = content.join(rel);
            let bytes = std::fs::read(&from).map_err(read_error(from))?;
            let dest = to.join(rel);
            std::fs::write(&dest, &bytes).map_err(write_error(dest))?;
            Ok((slash_path(rel), fixity(&bytes)))
        })
        .collect()
}

/// Write `bytes` to `root/rel` (making its folder) and give its fixity.
fn write_file(root: &Path, rel: &str, bytes: &[u8]) -> Result<(String, Fixity), ArchiveError> {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(write_error(parent.to_path_buf()))?;
    }
    std::fs::write(&path, bytes).map_err(write_error(path.clone()))?;
    Ok((rel.to_owned(), fixity(bytes)))
}

/// The folder a package is written in, beside its place, removed unless
/// renamed into place.
struct Stage {
    path: PathBuf,
    kept: bool,
}

impl Stage {
    /// `.<name>.insyn-partial` beside `out`; one left by a run that was
    /// stopped is Insyn's own, and goes.
    fn beside(out: &Path) -> Result<Stage, ArchiveError> {
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let path = parent.join(format!(".{name}.insyn-partial"));
        if path.is_dir() && !path.is_symlink() {
            let _ = std::fs::remove_dir_all(&path);
        }
        std::fs::create_dir_all(&path).map_err(write_error(path.clone()))?;
        Ok(Stage { path, kept: false })
    }

    fn rename_to(mut self, out: &Path) -> Result<(), ArchiveError> {
        refuse_existing(out)?;
        std::fs::rename(&self.path, out).map_err(write_error(out.to_path_buf()))?;
        self.kept = true;
        Ok(())
    }

    /// Zip the folder into a file beside `out`, then rename that to `out`.
    fn zip_into(self, out: &Path, name: &str, identity: &Identity) -> Result<(), ArchiveError> {
        let partial = self.path.with_extension("zip-partial");
        let written = zipped::write(&self.path, &partial, name, identity);
        let renamed = written.and_then(|()| {
            refuse_existing(out)?;
            std::fs::rename(&partial, out).map_err(write_error(out.to_path_buf()))
        });
        if renamed.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
        renamed
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}
