//! Cases (ärenden), derived from the paragraphs that name them (contract,
//! section 6): one timeline across bodies and meetings, a status from the
//! latest decision unless the case file overrides it, and related cases
//! linked both ways.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use rayon::prelude::*;

use super::vocabulary::{CaseStatus, Kind};
use super::{CaseIx, CaseRef, Meeting, Paragraph, ParagraphIx, Positions};
use crate::content::cases::CaseFileSource;
pub use crate::content::cases::Consultation;
use crate::diarienummer::CaseId;
use crate::error::{Diagnostic, Diagnostics, ErrorKind, Location};
use crate::markdown;

#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub id: CaseId,
    /// `2018-71`: the URL segment and case file name.
    pub slug: String,
    /// The diarienummer as written: in the case file, else where first named.
    pub diarienummer: String,
    pub title: String,
    pub status: CaseStatus,
    /// The case file set the status rather than the latest decision.
    pub status_overridden: bool,
    /// Paragraph indices, by meeting date and then § number.
    pub timeline: Vec<ParagraphIx>,
    pub related: Vec<RelatedCase>,
    pub tags: Vec<String>,
    /// What kind of matter it is: as its case file says, else as its
    /// first paragraph that names a kind.
    pub kind: Option<Kind>,
    /// What the case file says, if the case has one.
    pub file: Option<CaseFile>,
}

/// What a case file says about its case.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseFile {
    pub title: Option<String>,
    pub status: Option<CaseStatus>,
    pub tags: Vec<String>,
    pub kind: Option<Kind>,
    /// A consultation citizens may answer.
    pub consultation: Option<Consultation>,
    /// The diarienummer as written in the file.
    pub written: String,
    pub summary_html: markdown::ContentHtml,
    /// The file, relative to the content folder.
    pub source: PathBuf,
}

/// Related cases as a case file declares them: as written, their id and
/// the line naming them.
pub type Related = Vec<(String, CaseId, usize)>;

impl CaseFile {
    /// What the model keeps of a case file (its summary rendered with its
    /// resolved links), and the related cases it declares.
    pub fn from_source(f: CaseFileSource, links: markdown::Links) -> (CaseFile, Related) {
        let file = CaseFile {
            title: f.title,
            status: f.status,
            tags: f.tags,
            kind: f.kind,
            consultation: f.consultation,
            written: f.written,
            // Under the case page's "Summary" h2.
            summary_html: markdown::ContentHtml::new(&f.markdown, "", 3, links),
            source: f.file,
        };
        (file, f.related)
    }
}

impl Case {
    /// A case as named before its timeline is known.
    pub fn new(id: CaseId, file: Option<CaseFile>) -> Case {
        Case {
            slug: id.slug(),
            id,
            diarienummer: String::new(),
            title: String::new(),
            status: CaseStatus::Open,
            status_overridden: false,
            timeline: Vec::new(),
            related: Vec::new(),
            tags: Vec::new(),
            kind: None,
            file,
        }
    }

    /// The summary from the case file (empty without one).
    pub fn summary_html(&self) -> &markdown::ContentHtml {
        static NONE: markdown::ContentHtml = markdown::ContentHtml::EMPTY;
        self.file.as_ref().map_or(&NONE, |f| &f.summary_html)
    }

    pub fn source(&self) -> Option<&PathBuf> {
        self.file.as_ref().map(|f| &f.source)
    }

    /// Title, diarienummer, status and tags from the timeline (sorted, not
    /// empty) and the case file: the file wins where it says something.
    /// `first_written` is how the timeline's first paragraph writes the id.
    pub fn derive_from_timeline(
        &mut self,
        meetings: &[Meeting],
        paragraphs: &[Paragraph],
        first_written: String,
    ) {
        let first = &paragraphs[self.timeline[0]];
        let derived = latest_decided_status(meetings, paragraphs, &self.timeline);
        let mut tags: BTreeSet<String> = self
            .timeline
            .iter()
            .flat_map(|pi| paragraphs[*pi].tags.iter().cloned())
            .collect();
        match &self.file {
            Some(f) => {
                tags.extend(f.tags.iter().cloned());
                self.title = f.title.clone().unwrap_or_else(|| first.title.clone());
                self.status = f.status.unwrap_or(derived);
                self.status_overridden = f.status.is_some();
                self.diarienummer = f.written.clone();
            }
            None => {
                self.title = first.title.clone();
                self.status = derived;
                self.status_overridden = false;
                self.diarienummer = first_written;
            }
        }
        self.tags = tags.into_iter().collect();
        let from_timeline = self.timeline.iter().find_map(|pi| paragraphs[*pi].kind);
        self.kind = self.file.as_ref().and_then(|f| f.kind).or(from_timeline);
    }

    /// The consultation its case file invites answers to, if any.
    pub fn consultation(&self) -> Option<&Consultation> {
        self.file.as_ref()?.consultation.as_ref()
    }
}

/// Paragraph indices in timeline order: by meeting date, § number and
/// body; paragraphs that tie keep their model order.
pub fn sort_timeline(meetings: &[Meeting], paragraphs: &[Paragraph], timeline: &mut [ParagraphIx]) {
    timeline.sort_unstable();
    timeline.sort_by_key(|pi| {
        let p = &paragraphs[*pi];
        (meetings[p.meeting].date, p.number, meetings[p.meeting].body)
    });
}

/// A related case: published ones link to their page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum RelatedCase {
    Published(CaseIx),
    Unpublished(String),
}

pub fn derive(
    meetings: &[Meeting],
    paragraphs: &mut [Paragraph],
    named: &[Vec<(String, CaseId)>],
    case_files: Vec<CaseFileSource>,
    links: &super::links::Resolved,
    diags: &mut Diagnostics,
) -> Vec<Case> {
    // Which paragraphs name each case; confidential ones name none.
    let mut naming: BTreeMap<CaseId, Vec<(ParagraphIx, String)>> = BTreeMap::new();
    for (pi, refs) in named.iter().enumerate() {
        let pi = ParagraphIx::new(pi);
        for (written, id) in refs {
            let entries = naming.entry(id.clone()).or_default();
            if !entries.iter().any(|(p, _)| *p == pi) {
                entries.push((pi, written.clone()));
            }
        }
    }
    let index: HashMap<CaseId, CaseIx> = naming
        .keys()
        .cloned()
        .enumerate()
        .map(|(i, id)| (id, CaseIx::new(i)))
        .collect();
    let (named_files, unnamed): (Vec<_>, Vec<_>) = case_files
        .into_iter()
        .partition(|f| index.contains_key(&f.id));
    for f in unnamed {
        diags.push(Diagnostic::warning(
            Location::file(&f.file),
            ErrorKind::CaseFileWithoutParagraphs(f.written.clone()),
        ));
    }
    // Each case file with its summary rendered.
    let mut files: HashMap<CaseId, (CaseFile, Related)> = named_files
        .into_par_iter()
        .map(|f| {
            let resolved = links.of(&f.file);
            (f.id.clone(), CaseFile::from_source(f, resolved))
        })
        .collect();

    let (mut cases, declared): (Vec<Case>, Vec<Related>) = naming
        .into_iter()
        .map(|(id, entries)| {
            let (file, related) = match files.remove(&id) {
                Some((file, related)) => (Some(file), related),
                None => (None, Vec::new()),
            };
            let mut timeline: Vec<ParagraphIx> = entries.iter().map(|(pi, _)| *pi).collect();
            sort_timeline(meetings, paragraphs, &mut timeline);
            let first_written = entries
                .iter()
                .find(|(pi, _)| *pi == timeline[0])
                .map(|(_, w)| w.clone())
                .unwrap_or_default();
            let mut case = Case::new(id, file);
            case.timeline = timeline;
            case.derive_from_timeline(meetings, paragraphs, first_written);
            (case, related)
        })
        .unzip();

    link_related(&mut cases, declared, &index, diags);
    for (ci, case) in cases.positioned() {
        for pi in &case.timeline {
            let written = named[pi.get()]
                .iter()
                .find(|(_, id)| *id == case.id)
                .map(|(w, _)| w.clone())
                .unwrap_or_default();
            paragraphs[*pi].cases.push(CaseRef { written, case: ci });
        }
    }
    for p in paragraphs.iter_mut() {
        p.cases.sort_by_key(|r| r.case);
    }
    cases
}

/// The status that the latest decision of a held meeting gives; a case only
/// on agendas so far is open.
fn latest_decided_status(
    meetings: &[Meeting],
    paragraphs: &[Paragraph],
    timeline: &[ParagraphIx],
) -> CaseStatus {
    timeline
        .iter()
        .rev()
        .map(|pi| &paragraphs[*pi])
        .find(|p| meetings[p.meeting].is_held())
        .and_then(|p| p.decision)
        .map_or(CaseStatus::Open, |d| d.case_status())
}

/// `related:` in a case file links both cases to each other.
fn link_related(
    cases: &mut [Case],
    declared: Vec<Related>,
    index: &HashMap<CaseId, CaseIx>,
    diags: &mut Diagnostics,
) {
    let mut declared_by: Vec<Vec<CaseIx>> = vec![Vec::new(); cases.len()];
    for (ci, list) in declared.iter().enumerate() {
        let ci = CaseIx::new(ci);
        for (written, id, line) in list {
            match (index.get(id), cases[ci].source()) {
                (Some(&other), _) => declared_by[other.get()].push(ci),
                (None, Some(source)) => diags.push(Diagnostic::warning(
                    Location::at(source, *line, 1),
                    ErrorKind::UnknownRelatedCase(written.clone()),
                )),
                (None, None) => {}
            }
        }
    }
    for (ci, (own, by)) in declared.iter().zip(&declared_by).enumerate() {
        let ci = CaseIx::new(ci);
        cases[ci].related = related_of(ci, own, by, |id| index.get(id).copied());
    }
}

/// The related cases of case `ci`: those its own file declares (`own`;
/// those no paragraph names are unpublished) and those whose files
/// declare it (`declared_by`), each once, never the case itself.
pub fn related_of(
    ci: CaseIx,
    own: &[(String, CaseId, usize)],
    declared_by: &[CaseIx],
    index: impl Fn(&CaseId) -> Option<CaseIx>,
) -> Vec<RelatedCase> {
    let mut related = BTreeSet::new();
    for (written, id, _) in own {
        match index(id) {
            Some(other) if other != ci => {
                related.insert(RelatedCase::Published(other));
            }
            Some(_) => {}
            None => {
                related.insert(RelatedCase::Unpublished(written.clone()));
            }
        }
    }
    let declaring = declared_by.iter().filter(|d| **d != ci);
    related.extend(declaring.map(|d| RelatedCase::Published(*d)));
    related.into_iter().collect()
}

/// The year of the earliest case id among cases in id order, without a
/// pass over every case: ids order by registry first, so each registry's
/// first case is its earliest.
pub fn earliest_year(cases: &[Case]) -> Option<u16> {
    let mut rest = cases;
    let mut earliest: Option<u16> = None;
    while let Some(first) = rest.first() {
        let year = first.id.year;
        earliest = Some(earliest.map_or(year, |e| e.min(year)));
        let registry = &first.id.registry;
        rest = &rest[rest.partition_point(|c| c.id.registry <= *registry)..];
    }
    earliest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_earliest_year_is_found_among_every_registry() {
        let mut ids: Vec<CaseId> = ["2019/4", "2020/1", "ks 2021/9", "ks 2017/3", "bun 2018/2"]
            .iter()
            .map(|w| CaseId::parse(w).unwrap())
            .collect();
        ids.sort();
        let cases: Vec<Case> = ids.iter().map(|id| Case::new(id.clone(), None)).collect();
        let every = ids.iter().map(|id| id.year).min();
        assert_eq!(earliest_year(&cases), every);
        assert_eq!(every, Some(2017));
        assert_eq!(earliest_year(&cases[..2]), Some(2019));
        assert_eq!(earliest_year(&[]), None);
    }
}
