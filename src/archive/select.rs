//! What a package holds: the years asked for, the content narrowed to
//! them, the source files its site publishes from, and the package's
//! identity, every date of which comes from the content.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::ArchiveError;
use crate::content::{self, Content, Purpose, Sources};
use crate::error::Diagnostics;
use crate::model::Site;

/// The years asked for, each one the portal has meetings from; `None`
/// (the whole portal) when none are asked for.
pub fn years(content: &Path, asked: &[i32]) -> Result<Option<BTreeSet<i32>>, ArchiveError> {
    let known = content::meeting_years(content);
    if known.is_empty() && content.join("site.yaml").is_file() {
        let year = asked.first().copied().unwrap_or(0);
        return Err(ArchiveError::UnknownYear { year, years: known });
    }
    if let Some(&year) = asked.iter().find(|y| !known.contains(y)) {
        return Err(ArchiveError::UnknownYear { year, years: known });
    }
    Ok((!asked.is_empty()).then(|| asked.iter().copied().collect()))
}

/// Load the content, with only the meetings of `years` when given, and
/// what belongs with them ([`narrow`]).
pub fn load(root: &Path, years: Option<&BTreeSet<i32>>) -> (Option<Content>, Diagnostics) {
    let (content, diags) =
        Sources::read_years(root, Purpose::Publish, years.cloned()).into_content();
    match years {
        Some(years) => (content.map(|c| narrow(c, years)), diags),
        None => (content, diags),
    }
}

/// The content of a year's package: its meetings (already the only ones
/// read), the case files of the cases they name, the budgets of its years,
/// no statistics (Kolada's figures are not the municipality's records).
/// A case stands as its paragraphs of those years leave it: a case file's
/// `status:` is the clerk's word on the case now, so it is left out, and
/// so are its related cases that no paragraph of those years names.
fn narrow(mut content: Content, years: &BTreeSet<i32>) -> Content {
    let named: BTreeSet<String> = content
        .meetings
        .iter()
        .flat_map(|m| &m.paragraphs)
        .filter(|p| !p.confidential)
        .flat_map(|p| p.cases.iter().map(|(_, id)| id.slug()))
        .collect();
    content.case_files.retain(|f| named.contains(&f.id.slug()));
    for file in &mut content.case_files {
        file.status = None;
        file.related.retain(|(_, id, _)| named.contains(&id.slug()));
    }
    content.budgets.retain(|b| years.contains(&b.year));
    content.statistics = None;
    content
}

/// The files of the content folder the site was built from, relative to
/// it, in path order: the settings, each meeting's index.md, the files of
/// its published paragraphs and the attachments they publish, the case
/// files, free pages and budgets, and the statistics cache. Never a
/// confidential paragraph's file, nor a file no published paragraph names.
pub fn source_files(site: &Site) -> Vec<PathBuf> {
    let root = &site.content_root;
    let mut files: BTreeSet<PathBuf> = ["site.yaml", "bodies.yaml", content::PEOPLE_FILE]
        .iter()
        .map(PathBuf::from)
        .filter(|f| root.join(f).is_file())
        .collect();
    for m in &site.meetings {
        files.insert(m.dir.join("index.md"));
    }
    for (_, p) in site.published_paragraphs() {
        let dir = &site.meeting_of(p).dir;
        files.insert(p.source.clone());
        for file in p.documents.iter().filter_map(|d| d.file.as_ref()) {
            files.insert(dir.join(file));
        }
    }
    files.extend(site.cases.iter().filter_map(|c| c.source().cloned()));
    files.extend(site.pages.iter().map(|p| p.source.clone()));
    files.extend(site.budgets.iter().map(|b| b.file.clone()));
    if site.statistics.is_some() {
        let stats = walkdir::WalkDir::new(root.join("stats")).sort_by_file_name();
        files.extend(
            stats
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() && !is_hidden(e.path()))
                .filter_map(|e| e.path().strip_prefix(root).ok().map(Path::to_path_buf)),
        );
    }
    files.into_iter().collect()
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// Who made a package, of what, covering when.
#[derive(Debug, Clone)]
pub struct Identity {
    /// `vasterviks-kommun-2019`: the organisation and the years; the
    /// package's METS OBJID and its default name.
    pub id: String,
    pub organisation: String,
    /// The portal's title.
    pub title: String,
    pub language: content::settings::Language,
    pub base_url: String,
    pub contact: Option<String>,
    /// The years of the package; every year of the portal when `whole`.
    pub years: Vec<i32>,
    pub whole: bool,
    /// The first and the last meeting.
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// The package's date: the latest day a meeting was held or its
    /// minutes certified or put on the notice board. Every date the
    /// package records is this one.
    pub date: NaiveDate,
    /// The bodies with meetings in the package, in bodies.yaml order.
    pub bodies: Vec<String>,
    pub meetings: usize,
    pub paragraphs: usize,
    pub cases: usize,
}

impl Identity {
    pub fn of(site: &Site, years: Option<&BTreeSet<i32>>) -> Identity {
        let dates = site.meetings.iter().map(|m| m.date);
        let (first, last) = (dates.clone().min(), dates.max());
        let epoch = NaiveDate::default();
        let whole = years.is_none();
        let later = site
            .meetings
            .iter()
            .flat_map(|m| [Some(m.date), m.certified, m.announced]);
        let date = later.flatten().max().unwrap_or(epoch);
        let years: Vec<i32> = match years {
            Some(years) => years.iter().copied().collect(),
            None => {
                let mut all = site.years();
                all.sort_unstable();
                all
            }
        };
        let mut bodies: Vec<usize> = site.meetings.iter().map(|m| m.body).collect();
        bodies.sort_unstable();
        bodies.dedup();
        let config = &site.config;
        let period = match (years.first(), years.last()) {
            (Some(a), Some(b)) if a != b => format!("{a}-{b}"),
            (Some(a), _) => a.to_string(),
            _ => String::new(),
        };
        let slug = crate::markdown::slugify(&config.organisation);
        Identity {
            id: [slug.as_str(), period.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("-"),
            organisation: config.organisation.clone(),
            title: config.title.clone(),
            language: config.language,
            base_url: config.base_url.clone(),
            contact: config.contact.clone(),
            years,
            whole,
            first: first.unwrap_or(epoch),
            last: last.unwrap_or(epoch),
            date,
            bodies: bodies
                .into_iter()
                .map(|b| site.bodies[b].name.clone())
                .collect(),
            meetings: site.meetings.len(),
            paragraphs: site.paragraphs.len(),
            cases: site.cases.len(),
        }
    }

    /// The package's date and time, as METS and PREMIS write it.
    pub fn timestamp(&self) -> String {
        format!("{}T00:00:00Z", self.date.format("%Y-%m-%d"))
    }

    /// `2019`, or `2017–2019` for a run of years.
    pub fn period(&self) -> String {
        super::years_text(&self.years)
    }

    /// The year of the package's date, for the zip's times.
    pub fn year(&self) -> i32 {
        self.date.year()
    }
}
