//! Content loading: reads a portal's content folder (contract, section 1)
//! into checked, typed sources, and reports every problem it finds at once.
//!
//! Each file is checked on its own here. Rules that span files (duplicate §,
//! case identity across meetings) are checked when the model is built
//! ([`crate::model`]).

pub mod budget;
pub mod cases;
pub mod meetings;
pub mod pages;
pub mod settings;
pub mod yaml;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Diagnostic, Diagnostics, ErrorKind, Location};
use crate::privacy;
use crate::statistics::{self, Statistics};
use budget::BudgetSource;
use cases::CaseFileSource;
use meetings::MeetingSource;
use pages::PageSource;
use settings::{Body, SiteConfig};

/// Everything a portal's content folder says, each file checked.
#[derive(Debug, Clone)]
pub struct Content {
    /// The content folder.
    pub root: PathBuf,
    pub site: SiteConfig,
    pub bodies: Vec<Body>,
    pub meetings: Vec<MeetingSource>,
    pub case_files: Vec<CaseFileSource>,
    pub pages: Vec<PageSource>,
    /// By year.
    pub budgets: Vec<BudgetSource>,
    /// The Kolada indicators and their cached values, when the portal has them.
    pub statistics: Option<Statistics>,
}

impl Content {
    /// The folder that holds the content folder and `themes/`.
    pub fn portal_root(&self) -> PathBuf {
        portal_root(&self.root)
    }
}

pub fn portal_root(content: &Path) -> PathBuf {
    let abs = std::path::absolute(content).unwrap_or_else(|_| content.to_path_buf());
    abs.parent().map(Path::to_path_buf).unwrap_or(abs)
}

/// A text file, read and known to be UTF-8.
pub struct FileText {
    /// Relative to the content folder.
    pub rel: PathBuf,
    pub text: String,
}

impl FileText {
    pub fn source(&self) -> yaml::Source<'_> {
        yaml::Source {
            rel: &self.rel,
            text: &self.text,
        }
    }
}

/// Read a text file, reporting non-UTF-8 bytes on their line.
pub fn read_text(content: &Path, rel: &Path) -> Result<FileText, Vec<Diagnostic>> {
    let bytes = std::fs::read(content.join(rel)).map_err(|e| {
        vec![Diagnostic::error(
            Location::file(rel),
            ErrorKind::Io(e.to_string()),
        )]
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(FileText {
            rel: rel.to_path_buf(),
            text,
        }),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            let column =
                valid.len() - valid.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1) + 1;
            Err(vec![Diagnostic::error(
                Location::at(rel, line, column),
                ErrorKind::NotUtf8,
            )])
        }
    }
}

/// Load and check the whole content folder. `None` when any file has an
/// error; the diagnostics then hold every error found.
pub fn load(root: &Path) -> (Option<Content>, Diagnostics) {
    let mut diags = Diagnostics::default();
    if !root.is_dir() {
        diags.push(Diagnostic::error(
            Location::file(root),
            ErrorKind::NoContentFolder(root.to_string_lossy().into_owned()),
        ));
        return (None, diags);
    }
    let site = load_required(root, "site.yaml", settings::SITE_EXAMPLE, &mut diags, |t| {
        settings::parse_site(&t.source(), &portal_root(root))
    });
    let bodies = load_required(
        root,
        "bodies.yaml",
        settings::BODIES_EXAMPLE,
        &mut diags,
        |t| settings::parse_bodies(&t.source()),
    );
    let folders = meeting_folders(root, &mut diags);
    let meetings = collect(
        &mut diags,
        folders
            .par_iter()
            .map(|dir| meetings::load_meeting(root, dir, bodies.as_deref()))
            .collect(),
    );
    let case_files = collect(
        &mut diags,
        markdown_files(root, "cases")
            .par_iter()
            .map(|rel| read_text(root, rel).and_then(|t| guarded(&t, cases::parse_case_file(&t))))
            .collect(),
    );
    let pages = collect(
        &mut diags,
        markdown_files(root, "pages")
            .par_iter()
            .map(|rel| read_text(root, rel).and_then(|t| guarded(&t, pages::parse_page(&t))))
            .collect(),
    );
    let budgets = collect(
        &mut diags,
        files_in(root, "budget", ".yaml")
            .par_iter()
            .map(|rel| read_text(root, rel).and_then(|t| guarded(&t, budget::parse_budget(&t))))
            .collect(),
    );
    let indicators = match statistics::indicators::load(root) {
        Some(Ok(source)) => Some(source),
        Some(Err(errors)) => {
            diags.extend(errors);
            None
        }
        None => None,
    };
    let stats = site
        .as_ref()
        .and_then(|site| statistics::load(root, site, indicators.as_ref(), &mut diags));
    let content = match (site, bodies) {
        (Some(site), Some(bodies)) if !diags.has_errors() => Some(Content {
            root: root.to_path_buf(),
            site,
            bodies,
            meetings,
            case_files,
            pages,
            budgets,
            statistics: stats,
        }),
        _ => None,
    };
    (content, diags)
}

fn load_required<T>(
    root: &Path,
    name: &'static str,
    example: &'static str,
    diags: &mut Diagnostics,
    parse: impl FnOnce(&FileText) -> Result<T, Vec<Diagnostic>>,
) -> Option<T> {
    if !root.join(name).is_file() {
        diags.push(Diagnostic::error(
            Location::file(name),
            ErrorKind::MissingRequiredFile {
                file: name,
                example,
            },
        ));
        return None;
    }
    match read_text(root, Path::new(name)).and_then(|t| guarded(&t, parse(&t))) {
        Ok(v) => Some(v),
        Err(es) => {
            diags.extend(es);
            None
        }
    }
}

/// A parsed file that is published whole, after the privacy guard read it:
/// personal identity numbers in it join the file's other errors.
pub(crate) fn guarded<T>(
    text: &FileText,
    parsed: Result<T, Vec<Diagnostic>>,
) -> Result<T, Vec<Diagnostic>> {
    let found = privacy::scan(&text.rel, &text.text, None);
    match parsed {
        Ok(value) if found.is_empty() => Ok(value),
        Ok(_) => Err(found),
        Err(mut errors) => {
            errors.extend(found);
            Err(errors)
        }
    }
}

fn collect<T>(diags: &mut Diagnostics, results: Vec<Result<T, Vec<Diagnostic>>>) -> Vec<T> {
    let mut ok = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(v) => ok.push(v),
            Err(es) => diags.extend(es),
        }
    }
    ok
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

/// `meetings/<YYYY>/<folder>` for every meeting folder, sorted; a year folder
/// that is not four digits is an error.
fn meeting_folders(root: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("meetings"))
        .min_depth(1)
        .max_depth(2)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(&e.file_name().to_string_lossy()))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
    {
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        let name = entry.file_name().to_string_lossy();
        if entry.depth() == 1 {
            if !(name.len() == 4 && name.chars().all(|c| c.is_ascii_digit())) {
                diags.push(Diagnostic::error(
                    Location::file(&rel),
                    ErrorKind::BadMeetingFolder(name.into_owned()),
                ));
            }
        } else if rel.parent().and_then(Path::file_name).is_some_and(|y| {
            let y = y.to_string_lossy();
            y.len() == 4 && y.chars().all(|c| c.is_ascii_digit())
        }) {
            out.push(rel);
        }
    }
    out
}

/// The `.md` files directly in `root/<folder>`, sorted.
fn markdown_files(root: &Path, folder: &str) -> Vec<PathBuf> {
    files_in(root, folder, ".md")
}

/// The files of `folder` whose names end in `extension`, in name order.
fn files_in(root: &Path, folder: &str, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(folder))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(extension) && !is_hidden(n))
                .map(|n| Path::new(folder).join(n))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}
