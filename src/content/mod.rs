//! Content loading: reads a portal's content folder (contract, section 1)
//! into checked, typed sources, and reports every problem it finds at once.
//!
//! Each file is checked on its own here. Rules that span files (duplicate §,
//! case identity across meetings) are checked when the model is built
//! ([`crate::model`]).

pub mod acts;
pub mod budget;
pub mod cases;
pub mod lint;
pub mod meetings;
mod notices;
pub mod pages;
pub mod people;
pub mod settings;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Diagnostic, Diagnostics, ErrorKind, Location};
use crate::privacy;
use crate::statistics::{self, Statistics};
use budget::BudgetSource;
use cases::CaseFileSource;
use meetings::MeetingSource;
use pages::PageSource;
use people::{People, Roster};
use settings::{Body, SiteConfig};

/// Everything a portal's content folder says, each file checked.
#[derive(Debug, Clone)]
pub struct Content {
    /// The content folder.
    pub root: PathBuf,
    pub site: SiteConfig,
    pub bodies: Vec<Body>,
    /// people.yaml, when the portal has one.
    pub people: Option<People>,
    pub meetings: Vec<MeetingSource>,
    pub case_files: Vec<CaseFileSource>,
    pub pages: Vec<PageSource>,
    /// By year.
    pub budgets: Vec<BudgetSource>,
    /// The Kolada indicators and their cached values, when the portal has them.
    pub statistics: Option<Statistics>,
    /// The years the content was narrowed to (`insyn archive --year`), its
    /// meetings being those years' only; `None` for the whole portal.
    pub years: Option<BTreeSet<i32>>,
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
    let path = content.join(rel);
    let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link && inside(content, &path).is_none() {
        return Err(vec![Diagnostic::error(
            Location::file(rel),
            ErrorKind::LinkLeadsOutOfContent,
        )]);
    }
    let bytes = std::fs::read(&path).map_err(|e| {
        vec![Diagnostic::error(
            Location::file(rel),
            ErrorKind::Io(e.to_string()),
        )]
    })?;
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            // A byte-order mark, as Windows editors write one, is not text.
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            let refused = refused_chars(rel, &text);
            if !refused.is_empty() {
                return Err(refused);
            }
            Ok(FileText {
                rel: rel.to_path_buf(),
                text,
            })
        }
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

/// An error at each line's first character that no feed or calendar can
/// carry ([`crate::error::is_refused_char`]).
fn refused_chars(rel: &Path, text: &str) -> Vec<Diagnostic> {
    if !text.contains(crate::error::is_refused_char) {
        return Vec::new();
    }
    let lines = text.split('\n').enumerate();
    lines
        .filter_map(|(i, line)| {
            let (column, c) = line
                .chars()
                .enumerate()
                .find(|(_, c)| crate::error::is_refused_char(*c))?;
            let at = Location::at(rel, i + 1, column + 1);
            Some(Diagnostic::error(at, ErrorKind::ControlCharacter(c)).with_source(text))
        })
        .collect()
}

/// How a run treats what is fine to look at but not to publish, such as
/// the text `insyn new` writes for a clerk to replace: an error when
/// building, a warning in the preview, where the clerk is still writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Publish,
    Preview,
}

/// The optional file of parties and people (contract, section 9).
pub const PEOPLE_FILE: &str = "people.yaml";

/// Load and check the whole content folder. `None` when any file has an
/// error; the diagnostics then hold every error found.
pub fn load(root: &Path) -> (Option<Content>, Diagnostics) {
    Sources::read(root).into_content()
}

type Parsed<T> = Result<T, Vec<Diagnostic>>;

/// Every file of a content folder, each read and checked on its own. A
/// preview keeps them and, after a change, reads again only the files that
/// changed ([`Sources::update`]); [`Sources::into_content`] then gives what
/// a whole [`load`] would.
#[derive(Clone)]
pub struct Sources {
    root: PathBuf,
    purpose: Purpose,
    missing_root: bool,
    site: Parsed<SiteConfig>,
    bodies: Parsed<Vec<Body>>,
    /// people.yaml (`None`: the portal has none).
    people: Option<Parsed<People>>,
    /// Problems with the folders under `meetings/` themselves.
    folder_errors: Vec<Diagnostic>,
    meetings: BTreeMap<PathBuf, Parsed<MeetingSource>>,
    case_files: BTreeMap<PathBuf, Parsed<CaseFileSource>>,
    pages: BTreeMap<PathBuf, Parsed<PageSource>>,
    budgets: BTreeMap<PathBuf, Parsed<BudgetSource>>,
    /// Symbolic links that lead out of the content folder, not read.
    link_warnings: Vec<Diagnostic>,
    /// Whether a symbolic link inside the content folder is read.
    follows_links: bool,
    /// The years whose meetings are read (all when `None`): `insyn
    /// archive --year`.
    years: Option<BTreeSet<i32>>,
}

impl Sources {
    /// Read every file of the content folder, to publish it.
    pub fn read(root: &Path) -> Sources {
        Sources::read_for(root, Purpose::Publish)
    }

    /// Read every file of the content folder, for `purpose`.
    pub fn read_for(root: &Path, purpose: Purpose) -> Sources {
        Sources::read_years(root, purpose, None)
    }

    /// Read the content folder with only the meetings of `years` (every
    /// meeting when `None`).
    pub fn read_years(root: &Path, purpose: Purpose, years: Option<BTreeSet<i32>>) -> Sources {
        let mut sources = Sources {
            root: root.to_path_buf(),
            purpose,
            missing_root: !root.is_dir(),
            site: Err(Vec::new()),
            bodies: Err(Vec::new()),
            people: None,
            folder_errors: Vec::new(),
            meetings: BTreeMap::new(),
            case_files: BTreeMap::new(),
            pages: BTreeMap::new(),
            budgets: BTreeMap::new(),
            link_warnings: Vec::new(),
            follows_links: false,
            years,
        };
        if sources.missing_root {
            return sources;
        }
        (sources.link_warnings, sources.follows_links) = links_leading_out(root);
        sources.site = read_required(root, "site.yaml", settings::SITE_EXAMPLE, |t| {
            settings::parse_site(&t.source(), &portal_root(root))
        });
        sources.bodies = read_required(root, "bodies.yaml", settings::BODIES_EXAMPLE, |t| {
            settings::parse_bodies(&t.source())
        });
        sources.people = root.join(PEOPLE_FILE).is_file().then(|| {
            let bodies = sources.bodies.as_ref().ok().map(Vec::as_slice);
            read_guarded(root, Path::new(PEOPLE_FILE), |t| {
                people::parse_people(&t.source(), bodies)
            })
        });
        sources.read_meetings(None);
        for folder in [Folder::Cases, Folder::Pages, Folder::Budget] {
            sources.read_folder(folder, None);
        }
        sources
    }

    /// Read again what the changed paths (absolute, or relative to the
    /// working folder) touch: site.yaml, bodies.yaml or people.yaml means
    /// everything; a
    /// meeting folder, case file, page or budget means that one.
    pub fn update(&mut self, changed: &[PathBuf]) {
        let relative: Vec<PathBuf> = changed.iter().filter_map(|p| self.relative(p)).collect();
        let everything = self.missing_root
            || !self.root.is_dir()
            || relative.iter().any(|r| {
                r.as_os_str().is_empty()
                    || r == Path::new("site.yaml")
                    || r == Path::new("bodies.yaml")
                    || r == Path::new(PEOPLE_FILE)
            });
        if everything {
            *self = Sources::read_years(&self.root, self.purpose, self.years.clone());
            return;
        }
        let under = |folder: &str| -> Vec<&PathBuf> {
            relative.iter().filter(|r| r.starts_with(folder)).collect()
        };
        let meetings = under("meetings");
        if !meetings.is_empty() {
            self.read_meetings(Some(&meetings));
        }
        for folder in [Folder::Cases, Folder::Pages, Folder::Budget] {
            let touched = under(folder.name());
            if !touched.is_empty() {
                self.read_folder(folder, Some(&touched));
            }
        }
    }

    /// A changed path (absolute, or relative to the working folder) as a
    /// path inside the content folder; `None` outside it.
    pub fn relative(&self, path: &Path) -> Option<PathBuf> {
        let root = std::path::absolute(&self.root).unwrap_or(self.root.clone());
        let path = std::path::absolute(path).unwrap_or(path.to_path_buf());
        path.strip_prefix(&root).ok().map(Path::to_path_buf)
    }

    /// The warnings of the sources the changed paths (as [`Sources::update`]
    /// takes them) were read into: what a patched edit prints, as a whole
    /// build would.
    pub fn warnings_of(&self, changed: &[PathBuf]) -> Vec<&Diagnostic> {
        let touched = self.touched(changed).into_iter();
        touched.flat_map(|t| t.warnings).collect()
    }

    /// Does the content read a file through a symbolic link? A save to it
    /// shows under another name, so the preview builds whole.
    pub fn follows_links(&self) -> bool {
        self.follows_links
    }

    /// Does a text the changed paths were read into link to pages or
    /// files of the portal?
    pub fn touched_have_links(&self, changed: &[PathBuf]) -> bool {
        self.touched(changed).iter().any(|t| t.has_links)
    }

    /// The meetings, case files and pages the changed paths were read into.
    fn touched(&self, changed: &[PathBuf]) -> Vec<Touched<'_>> {
        let mut dirs: Vec<&Path> = Vec::new();
        let mut found = Vec::new();
        for rel in changed.iter().filter_map(|p| self.relative(p)) {
            if let Some(dir) = self.meeting_folder_of(&rel).filter(|d| !dirs.contains(d)) {
                dirs.push(dir);
                found.extend(self.meeting(dir).map(|m| Touched {
                    warnings: &m.warnings,
                    has_links: !m.links.is_empty()
                        || m.paragraphs.iter().any(|p| !p.links.is_empty()),
                }));
            }
            if let Ok(Some(case_file)) = self.case_file(&rel) {
                found.push(Touched {
                    warnings: &case_file.warnings,
                    has_links: !case_file.links.is_empty(),
                });
            }
            if let Ok(Some(page)) = self.page(&rel) {
                found.push(Touched {
                    warnings: &page.warnings,
                    has_links: !page.links.is_empty(),
                });
            }
        }
        found
    }

    /// The meeting folder a path inside the content folder lies in (or is).
    pub fn meeting_folder_of(&self, rel: &Path) -> Option<&Path> {
        let dir = rel.ancestors().find(|a| self.meetings.contains_key(*a))?;
        self.meetings.get_key_value(dir).map(|(k, _)| k.as_path())
    }

    /// The meeting folders inside a folder of the content folder (a
    /// year's folder, say).
    pub fn meeting_folders_in<'a>(&'a self, rel: &'a Path) -> impl Iterator<Item = &'a Path> {
        let dirs = self.meetings.keys().filter(move |dir| dir.starts_with(rel));
        dirs.map(PathBuf::as_path)
    }

    /// A meeting folder as last read, when it read without errors.
    pub fn meeting(&self, dir: &Path) -> Option<&MeetingSource> {
        self.meetings.get(dir)?.as_ref().ok()
    }

    /// Is a case file about this case, or does one relate to it?
    pub fn case_file_mentions(&self, id: &crate::diarienummer::CaseId) -> bool {
        self.case_files
            .values()
            .flatten()
            .any(|f| f.id == *id || f.related.iter().any(|(_, related, _)| related == id))
    }

    /// The case file at a path inside the content folder as last read
    /// (`None` when there is none), or its errors.
    pub fn case_file(&self, rel: &Path) -> Result<Option<&CaseFileSource>, &[Diagnostic]> {
        source_at(&self.case_files, rel)
    }

    /// The free page at a path inside the content folder as last read
    /// (`None` when there is none), or its errors.
    pub fn page(&self, rel: &Path) -> Result<Option<&PageSource>, &[Diagnostic]> {
        source_at(&self.pages, rel)
    }

    /// The case files that read without errors.
    pub fn case_files(&self) -> impl Iterator<Item = &CaseFileSource> {
        self.case_files.values().flatten()
    }

    /// Does a file read with errors? A build of these sources then stops
    /// before making the model, with the errors of every file.
    pub fn has_errors(&self) -> bool {
        self.missing_root
            || self.site.is_err()
            || self.bodies.is_err()
            || self.people_unreadable()
            || !self.folder_errors.is_empty()
            || self.meetings.values().any(Result::is_err)
            || self.case_files.values().any(Result::is_err)
            || self.pages.values().any(Result::is_err)
            || self.budgets.values().any(Result::is_err)
    }

    /// Does people.yaml have errors? Names cannot be checked against it
    /// then, so no edit is patched: a build reports its errors.
    pub fn people_unreadable(&self) -> bool {
        self.people.as_ref().is_some_and(Result::is_err)
    }

    /// Is there a meeting folder here (read with or without errors)?
    pub fn has_meeting(&self, dir: &Path) -> bool {
        self.meetings.contains_key(dir)
    }

    /// How many meeting folders there are, and whether the folders under
    /// `meetings/` themselves are all well named.
    pub fn meeting_folders(&self) -> (usize, bool) {
        (self.meetings.len(), self.folder_errors.is_empty())
    }

    /// The meeting folders, each read when new or when `touched` (all when
    /// `None`) names a path inside it; folders that are gone are dropped.
    fn read_meetings(&mut self, touched: Option<&[&PathBuf]>) {
        let roster = roster_of(&self.people);
        if let Some(dirs) = touched.and_then(|t| self.known_folders_around(t)) {
            let bodies = self.bodies.as_ref().ok().map(Vec::as_slice);
            let read: Vec<(PathBuf, Parsed<MeetingSource>)> = dirs
                .par_iter()
                .map(|dir| {
                    let read =
                        meetings::load_meeting(&self.root, dir, bodies, roster, self.purpose);
                    (dir.clone(), read)
                })
                .collect();
            self.meetings.extend(read);
            return;
        }
        let folders = match touched.and_then(|t| self.folders_with_years_listed_again(t)) {
            Some(folders) => folders,
            None => {
                let mut diags = Diagnostics::default();
                let mut folders = meeting_folders(&self.root, &mut diags);
                if let Some(years) = &self.years {
                    folders.retain(|f| year_of_folder(f).is_some_and(|y| years.contains(&y)));
                }
                self.folder_errors = diags.sorted();
                folders
            }
        };
        let (root, bodies) = (&self.root, self.bodies.as_ref().ok().map(Vec::as_slice));
        let purpose = self.purpose;
        let roster = roster_of(&self.people);
        refresh(&mut self.meetings, &folders, touched, |dir| {
            meetings::load_meeting(root, dir, bodies, roster, purpose)
        });
    }

    /// The known meeting folders that are or hold the touched paths, when
    /// each is one that still exists: the list of folders is then unchanged
    /// and need not be read again (a folder made, removed or renamed is
    /// itself among the touched paths, and is not a known one that exists).
    fn known_folders_around(&self, touched: &[&PathBuf]) -> Option<Vec<PathBuf>> {
        let mut dirs: Vec<PathBuf> = touched
            .iter()
            .map(|path| {
                let dir = path.ancestors().find(|a| self.meetings.contains_key(*a))?;
                self.root.join(dir).is_dir().then(|| dir.to_path_buf())
            })
            .collect::<Option<_>>()?;
        dirs.sort();
        dirs.dedup();
        Some(dirs)
    }

    /// The meeting folders when the touched paths all lie inside year
    /// folders that were and are there (`meetings/2025/…`, a meeting folder
    /// made, removed or renamed in its year): those years' folders listed
    /// again, the other years' as known. Listing every year's folders of a
    /// large archive took milliseconds. `None` when a path is a year's
    /// folder itself or lies elsewhere, or only some years are read: list
    /// them all. A year folder's name is all [`meeting_folders`] finds
    /// wrong, so the folder errors stay as they are.
    fn folders_with_years_listed_again(&self, touched: &[&PathBuf]) -> Option<Vec<PathBuf>> {
        if self.years.is_some() {
            return None;
        }
        let known_year = |year: &PathBuf| {
            let first = self.meetings.range(year.clone()..).next();
            first.is_some_and(|(dir, _)| dir.starts_with(year))
        };
        let mut years: Vec<PathBuf> = touched
            .iter()
            .map(|path| {
                let year: PathBuf = path.iter().take(2).collect();
                let in_a_year = path.iter().count() > 2 && year_of_folder(&year).is_some();
                (in_a_year && known_year(&year) && self.root.join(&year).is_dir()).then_some(year)
            })
            .collect::<Option<_>>()?;
        years.sort();
        years.dedup();
        let listed_again = |dir: &&PathBuf| years.iter().any(|year| dir.starts_with(year));
        let mut folders: Vec<PathBuf> = self
            .meetings
            .keys()
            .filter(|d| !listed_again(d))
            .cloned()
            .collect();
        for year in &years {
            let inside = subfolders(&self.root, &self.root.join(year)).into_iter();
            folders.extend(inside.map(|f| year.join(f)));
        }
        folders.sort();
        Some(folders)
    }

    /// The files of `cases/`, `pages/` or `budget/`, each read when new or
    /// named in `touched` (all when `None`); files that are gone are dropped.
    fn read_folder(&mut self, folder: Folder, touched: Option<&[&PathBuf]>) {
        let root = &self.root;
        match folder {
            Folder::Cases => reread(
                &mut self.case_files,
                root,
                folder,
                touched,
                cases::parse_case_file,
            ),
            Folder::Pages => reread(&mut self.pages, root, folder, touched, pages::parse_page),
            Folder::Budget => reread(
                &mut self.budgets,
                root,
                folder,
                touched,
                budget::parse_budget,
            ),
        }
    }

    /// The checked content, as [`load`] gives it.
    pub fn into_content(self) -> (Option<Content>, Diagnostics) {
        let mut diags = Diagnostics::default();
        let root = self.root;
        if self.missing_root {
            diags.push(Diagnostic::error(
                Location::file(&root),
                ErrorKind::NoContentFolder(root.to_string_lossy().into_owned()),
            ));
            return (None, diags);
        }
        let site = collect(&mut diags, [self.site]).pop();
        let bodies = collect(&mut diags, [self.bodies]).pop();
        let people = self.people.map(|p| collect(&mut diags, [p]).pop());
        diags.extend(self.folder_errors);
        diags.extend(self.link_warnings);
        let meetings = collect(&mut diags, self.meetings.into_values());
        let case_files = collect(&mut diags, self.case_files.into_values());
        let pages = collect(&mut diags, self.pages.into_values());
        let warnings = (meetings.iter().flat_map(|m| &m.warnings))
            .chain(case_files.iter().flat_map(|c| &c.warnings))
            .chain(pages.iter().flat_map(|p| &p.warnings));
        diags.extend(warnings.cloned());
        let budgets = collect(&mut diags, self.budgets.into_values());
        let indicators = match statistics::indicators::load(&root) {
            Some(Ok(source)) => Some(source),
            Some(Err(errors)) => {
                diags.extend(errors);
                None
            }
            None => None,
        };
        let stats = site
            .as_ref()
            .and_then(|site| statistics::load(&root, site, indicators.as_ref(), &mut diags));
        let content = match (site, bodies) {
            (Some(site), Some(bodies)) if !diags.has_errors() => Some(Content {
                root,
                site,
                bodies,
                people: people.flatten(),
                meetings,
                case_files,
                pages,
                budgets,
                statistics: stats,
                years: self.years,
            }),
            _ => None,
        };
        (content, diags)
    }
}

/// What the meetings' people are checked against, as people.yaml read.
fn roster_of(people: &Option<Parsed<People>>) -> Roster<'_> {
    match people {
        None => Roster::Absent,
        Some(Err(_)) => Roster::Unreadable,
        Some(Ok(people)) => Roster::Read(people),
    }
}

/// What a changed path was read into: its warnings, and whether it links
/// into the portal.
struct Touched<'a> {
    warnings: &'a [Diagnostic],
    has_links: bool,
}

/// A source read from one file, as last read (`None` when there is
/// none), or its errors.
fn source_at<'a, T>(
    sources: &'a BTreeMap<PathBuf, Parsed<T>>,
    rel: &Path,
) -> Result<Option<&'a T>, &'a [Diagnostic]> {
    let read = sources.get(rel);
    read.map(|r| r.as_ref().map_err(Vec::as_slice)).transpose()
}

/// The folders of single files, each file a source of its own.
#[derive(Clone, Copy)]
pub enum Folder {
    Cases,
    Pages,
    Budget,
}

impl Folder {
    pub fn name(self) -> &'static str {
        match self {
            Folder::Cases => "cases",
            Folder::Pages => "pages",
            Folder::Budget => "budget",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Folder::Budget => ".yaml",
            _ => ".md",
        }
    }

    /// The folder's source files, as it lists them, in name order.
    fn files(self, root: &Path) -> Vec<PathBuf> {
        let names = entries(root, &root.join(self.name()), Kind::File);
        let files = names.into_iter().map(|n| Path::new(self.name()).join(n));
        files.filter(|rel| self.holds(rel)).collect()
    }

    /// Is the path (inside the content folder) one of this folder's
    /// sources is read from: a visible file of its extension right inside
    /// it?
    pub fn holds(self, rel: &Path) -> bool {
        let name = rel.file_name().unwrap_or_default().to_string_lossy();
        rel.parent() == Some(Path::new(self.name()))
            && name.ends_with(self.extension())
            && !is_hidden(&name)
    }
}

/// Bring the sources of `cases/`, `pages/` or `budget/` up to date (see
/// [`Sources::update`]). The known files stand for the folder's list when
/// every touched source file is known and still there (a file that came
/// or went is itself touched, so the list is unchanged): saving one of
/// 5 000 case files lists no folder.
fn reread<T: Send>(
    sources: &mut BTreeMap<PathBuf, Parsed<T>>,
    root: &Path,
    folder: Folder,
    touched: Option<&[&PathBuf]>,
    parse: fn(&FileText) -> Parsed<T>,
) {
    // Other files right inside the folder (an editor's temporary file)
    // change nothing; the folder itself may have gone.
    let known_or_other = |p: &Path| match folder.holds(p) {
        true => sources.contains_key(p) && root.join(p).is_file(),
        false => p.parent() == Some(Path::new(folder.name())),
    };
    let unchanged = touched.is_some_and(|t| t.iter().all(|p| known_or_other(p)));
    let files = match unchanged {
        true => sources.keys().cloned().collect(),
        false => folder.files(root),
    };
    refresh(sources, &files, touched, |rel| {
        read_guarded(root, rel, parse)
    });
}

/// Keep `sources` to the paths in `keys`, (re)reading in parallel each path
/// that is new or inside one of the `touched` paths (every path when
/// `None`). The sources and the keys are walked through once, side by side
/// in path order: a lookup of each key compared paths component by
/// component a dozen times, 7 ms for 4 600 meeting folders.
fn refresh<T: Send>(
    sources: &mut BTreeMap<PathBuf, Parsed<T>>,
    keys: &[PathBuf],
    touched: Option<&[&PathBuf]>,
    read: impl Fn(&Path) -> Parsed<T> + Sync,
) {
    let sorted: Vec<PathBuf>;
    let keys = match keys.is_sorted() {
        true => keys,
        false => {
            sorted = keys
                .iter()
                .cloned()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            &sorted
        }
    };
    let is_touched = |key: &Path| touched.is_none_or(|t| t.iter().any(|p| p.starts_with(key)));
    let mut known = std::mem::take(sources).into_iter().peekable();
    let mut kept = Vec::with_capacity(keys.len());
    let mut stale: Vec<&PathBuf> = Vec::new();
    for key in keys {
        while known.next_if(|(k, _)| k < key).is_some() {}
        match known.next_if(|(k, _)| k == key) {
            Some(source) if !is_touched(key) => kept.push(source),
            _ => stale.push(key),
        }
    }
    let read: Vec<(PathBuf, Parsed<T>)> = stale
        .par_iter()
        .map(|key| ((*key).clone(), read(key)))
        .collect();
    *sources = kept.into_iter().collect();
    sources.extend(read);
}

/// Read and parse a file that is published whole, the privacy guard reading
/// it too.
fn read_guarded<T>(
    root: &Path,
    rel: &Path,
    parse: impl FnOnce(&FileText) -> Parsed<T>,
) -> Parsed<T> {
    read_text(root, rel).and_then(|t| guarded(&t, parse(&t)))
}

/// site.yaml or bodies.yaml: required, so a missing one is an error with an
/// example.
fn read_required<T>(
    root: &Path,
    name: &'static str,
    example: &'static str,
    parse: impl FnOnce(&FileText) -> Parsed<T>,
) -> Parsed<T> {
    if !root.join(name).is_file() {
        return Err(vec![Diagnostic::error(
            Location::file(name),
            ErrorKind::MissingRequiredFile {
                file: name,
                example,
            },
        )]);
    }
    read_text(root, Path::new(name)).and_then(|t| guarded(&t, parse(&t)))
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

/// The values of the sources that parsed, their errors into `diags`.
fn collect<T>(diags: &mut Diagnostics, results: impl IntoIterator<Item = Parsed<T>>) -> Vec<T> {
    let mut ok = Vec::new();
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

/// The year a meeting folder (`meetings/<YYYY>/<folder>`) is filed under.
fn year_of_folder(folder: &Path) -> Option<i32> {
    folder.iter().nth(1)?.to_str()?.parse().ok()
}

/// The years under `meetings/` that hold at least one meeting folder, in
/// order.
pub fn meeting_years(root: &Path) -> Vec<i32> {
    let mut years: Vec<i32> = meeting_folders(root, &mut Diagnostics::default())
        .iter()
        .filter_map(|f| year_of_folder(f))
        .collect();
    years.dedup();
    years
}

/// `meetings/<YYYY>/<folder>` for every meeting folder, sorted; a year folder
/// that is not four digits is an error. Read two levels deep and no
/// deeper (walkdir opens the folders at its maximum depth too, which the
/// preview would pay for on every new meeting folder).
fn meeting_folders(root: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let meetings = Path::new("meetings");
    let mut out = Vec::new();
    for year in subfolders(root, &root.join(meetings)) {
        let rel = meetings.join(&year);
        let name = year.to_string_lossy();
        if !(name.len() == 4 && name.chars().all(|c| c.is_ascii_digit())) {
            diags.push(Diagnostic::error(
                Location::file(&rel),
                ErrorKind::BadMeetingFolder(name.into_owned()),
            ));
            continue;
        }
        out.extend(
            subfolders(root, &root.join(&rel))
                .into_iter()
                .map(|f| rel.join(f)),
        );
    }
    out
}

/// The names of the folders in `dir` (hidden ones left out), in name
/// order.
fn subfolders(root: &Path, dir: &Path) -> Vec<std::ffi::OsString> {
    entries(root, dir, Kind::Folder)
}

/// A file or a folder.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Folder,
}

/// The names of the entries of `dir` of the kind asked for (hidden names
/// left out), in name order. A symbolic link counts as what it leads to
/// when that is inside the content folder `root`; one that leads out of it
/// is skipped (and warned about by [`links_leading_out`]).
fn entries(root: &Path, dir: &Path, kind: Kind) -> Vec<std::ffi::OsString> {
    let is = |t: std::fs::FileType| match kind {
        Kind::File => t.is_file(),
        Kind::Folder => t.is_dir(),
    };
    let mut names: Vec<std::ffi::OsString> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| match e.file_type() {
                    Ok(t) if t.is_symlink() => {
                        inside(root, &e.path()).is_some_and(|m| is(m.file_type()))
                    }
                    Ok(t) => is(t),
                    Err(_) => false,
                })
                .map(|e| e.file_name())
                .filter(|n| !is_hidden(&n.to_string_lossy()))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Is the entry a file, or a link to a file inside the content folder?
pub(super) fn is_file_inside(root: &Path, entry: &std::fs::DirEntry) -> bool {
    match entry.file_type() {
        Ok(t) if t.is_symlink() => inside(root, &entry.path()).is_some_and(|m| m.is_file()),
        Ok(t) => t.is_file(),
        Err(_) => false,
    }
}

/// What the symbolic link at `path` leads to, when that is inside `root`.
fn inside(root: &Path, path: &Path) -> Option<std::fs::Metadata> {
    let target = path.canonicalize().ok()?;
    target
        .starts_with(root.canonicalize().ok()?)
        .then(|| std::fs::metadata(&target).ok())
        .flatten()
}

/// A warning for each symbolic link in the content folder that leads out
/// of it, or nowhere: what it names is not read, so not published. Also
/// says whether any link is followed (the preview then builds whole, as a
/// save to a linked file shows under another name).
fn links_leading_out(root: &Path) -> (Vec<Diagnostic>, bool) {
    let mut warnings = Vec::new();
    let mut followed = false;
    let walk = walkdir::WalkDir::new(root).min_depth(1).sort_by_file_name();
    for entry in walk.into_iter().filter_map(Result::ok) {
        if !entry.path_is_symlink() {
            continue;
        }
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        match inside(root, entry.path()) {
            Some(_) => followed = true,
            None => warnings.push(Diagnostic::warning(
                Location::file(rel),
                ErrorKind::LinkLeadsOutOfContent,
            )),
        }
    }
    (warnings, followed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refresh_reads_what_is_new_or_touched_and_drops_what_went() {
        let path = |p: &str| PathBuf::from(p);
        let mut sources: BTreeMap<PathBuf, Parsed<String>> = ["m/2020/a", "m/2020/b", "m/2021/c"]
            .iter()
            .map(|p| (path(p), Ok(format!("{p} as read before"))))
            .collect();
        let read_now = |p: &Path| Ok(format!("{} read now", p.display()));
        let touched = path("m/2021/c/001-x.md");
        for keys in [
            vec![path("m/2020/b"), path("m/2021/c"), path("m/2021/d")],
            // Out of order, as a listing may be.
            vec![path("m/2021/d"), path("m/2021/c"), path("m/2020/b")],
        ] {
            let mut sources = sources.clone();
            refresh(&mut sources, &keys, Some(&[&touched]), read_now);
            let now: Vec<(&str, &str)> = sources
                .iter()
                .map(|(k, v)| (k.to_str().unwrap(), v.as_deref().unwrap()))
                .collect();
            assert_eq!(
                now,
                [
                    ("m/2020/b", "m/2020/b as read before"),
                    ("m/2021/c", "m/2021/c read now"),
                    ("m/2021/d", "m/2021/d read now"),
                ]
            );
        }
        refresh(&mut sources, &[path("m/2020/a")], None, read_now);
        assert_eq!(
            sources[&path("m/2020/a")].as_deref(),
            Ok("m/2020/a read now")
        );
        assert_eq!(sources.len(), 1);
    }

    /// Meeting folders made, removed and renamed in a year, a year folder
    /// made and one badly named: the sources updated with the changed paths
    /// have the folders and the folder errors of the content read anew.
    #[test]
    fn an_update_lists_the_meeting_folders_as_a_new_reading_does() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("content");
        let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        for entry in walkdir::WalkDir::new(&demo) {
            let entry = entry.unwrap();
            let to = root.join(entry.path().strip_prefix(&demo).unwrap());
            match entry.file_type().is_dir() {
                true => std::fs::create_dir_all(&to).unwrap(),
                false => drop(std::fs::copy(entry.path(), &to).unwrap()),
            }
        }
        let mut sources = Sources::read_for(&root, Purpose::Preview);
        let listed = |s: &Sources| {
            (
                s.meetings.keys().cloned().collect::<Vec<_>>(),
                s.meeting_folders().1,
            )
        };
        let copy_meeting = |from: &str, to: &str| {
            std::fs::create_dir_all(root.join(to)).unwrap();
            let index = std::fs::read_to_string(root.join(from).join("index.md")).unwrap();
            let date = &to[to.rfind('/').unwrap() + 1..][..10];
            let index: Vec<String> = (index.lines())
                .map(|l| match l.starts_with("date:") {
                    true => format!("date: {date}"),
                    false => l.to_owned(),
                })
                .collect();
            std::fs::write(root.join(to).join("index.md"), index.join("\n") + "\n").unwrap();
        };
        let first = sources.meetings.keys().next().unwrap().clone();
        let first = first.to_str().unwrap().to_owned();
        let year = &first["meetings/".len()..][..4];
        let made = format!("meetings/{year}/{year}-12-30-kf");
        let renamed = format!("meetings/{year}/{year}-12-31-kf");
        let new_year = "meetings/1990/1990-12-30-kf".to_owned();
        let mut updated_as_read_anew = |changed: &[&String]| {
            let changed: Vec<PathBuf> = changed.iter().map(|c| root.join(c)).collect();
            sources.update(&changed);
            let anew = Sources::read_for(&root, Purpose::Preview);
            assert_eq!(listed(&sources), listed(&anew), "after {changed:?}");
            sources.meeting_folders().1
        };
        copy_meeting(&first, &made);
        updated_as_read_anew(&[&made]);
        std::fs::rename(root.join(&made), root.join(&renamed)).unwrap();
        updated_as_read_anew(&[&made, &renamed]);
        std::fs::remove_dir_all(root.join(&renamed)).unwrap();
        updated_as_read_anew(&[&renamed]);
        copy_meeting(&first, &new_year);
        updated_as_read_anew(&[&new_year]);
        let badly_named = "meetings/19x0/a".to_owned();
        std::fs::create_dir_all(root.join(&badly_named)).unwrap();
        let well_named = updated_as_read_anew(&[&badly_named]);
        assert!(!well_named, "the badly named year is found");
    }
}
