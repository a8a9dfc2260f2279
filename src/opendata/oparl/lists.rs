//! The OParl lists: which objects each holds and in which order, how its
//! pages divide them (year by year for the lists whose objects come and go
//! with an edit), each page's file and JSON.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::Hasher;

use chrono::Datelike;
use rayon::prelude::*;
use serde_json::{json, Map, Value};

use super::objects::{agenda_item, body, file, organization, paper, party, person};
use super::{consultation_fragment, meeting_fragment, OparlFile, PER_PAGE};
use crate::model::ix::ByIx;
use crate::model::patch::Patch;
use crate::model::{
    Case, CaseIx, Meeting, MeetingIx, Paragraph, ParagraphIx, PdfIx, Positions, Site,
};
use crate::opendata::absolute;
use crate::opendata::fragments::Fragments;
use crate::render::paths;
use crate::render::reads::{record, Key};

/// A list of the API (`page` counts from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OparlList {
    Bodies,
    Organizations,
    People,
    Meetings,
    Papers,
    AgendaItems,
    Consultations,
    Files,
    /// The meetings of one organization (body).
    OrganizationMeetings(usize),
}

/// A page of a list, counting from 1: of the objects of one `year` in a
/// list split by year ([`OparlList::by_year`]), of all of them otherwise
/// (`year: None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ListPage {
    pub year: Option<i32>,
    pub page: usize,
}

/// What every list holds, in order, and its sections, worked out once per
/// build and again after each edit. Each section carries a fingerprint of
/// which objects it holds, named as they stay across edits (a meeting by
/// its folder, a paragraph by meeting and §, a case by its slug, a PDF by
/// meeting and file): two `Listed` compared ([`Listed::compare`]) tell
/// which pages came, went or moved to another file, and which sections'
/// objects changed.
#[derive(Default, Debug, PartialEq)]
pub struct Listed {
    /// Every consultation, in paragraph order: (paragraph, k).
    pub consultations: Vec<(ParagraphIx, usize)>,
    /// Every case, by its year, then in case order.
    papers: Vec<CaseIx>,
    /// Each body's meetings, in meeting order.
    body_meetings: Vec<Vec<MeetingIx>>,
    sections: BTreeMap<OparlList, Vec<Section>>,
}

impl Listed {
    pub fn new(site: &Site) -> Self {
        let mut listed = Listed {
            consultations: consultations(site),
            papers: papers(site),
            body_meetings: body_meetings(site),
            sections: BTreeMap::new(),
        };
        listed.sections = listed.sections_all(site, &Names::of(site), &Reuse::none());
        listed
    }

    /// These lists after `patch`, from them before it. What the patch
    /// cannot have moved is kept: the consultations of the paragraphs it
    /// left alone, the cases when none came or went, each body's meetings
    /// when none did. Only the sections of the years it touched are
    /// fingerprinted again, and any other whose count changed (which
    /// costs time, never correctness).
    pub fn patched(&self, site: &Site, patch: &Patch) -> Listed {
        let meetings_moved = patch.meeting_renumbering.is_some();
        let mut listed = Listed {
            consultations: match patch.paragraph_renumbering {
                None => patch_consultations(&self.consultations, site, patch),
                Some(_) => consultations(site),
            },
            papers: match patch.renumbering {
                None => self.papers.clone(),
                Some(_) => papers(site),
            },
            body_meetings: match meetings_moved {
                false => self.body_meetings.clone(),
                true => body_meetings(site),
            },
            sections: BTreeMap::new(),
        };
        let reuse = Reuse {
            before: &self.sections,
            touched: touched_years(site, patch),
            meetings_moved,
        };
        listed.sections = listed.sections_all(site, &Names::OnDemand, &reuse);
        listed
    }

    /// Every list's sections.
    fn sections_all(
        &self,
        site: &Site,
        names: &Names,
        reuse: &Reuse,
    ) -> BTreeMap<OparlList, Vec<Section>> {
        let lists: Vec<OparlList> = OparlList::all(site).collect();
        let sections = lists
            .into_par_iter()
            .map(|list| (list, self.sections_of(site, names, reuse, list)));
        sections.collect()
    }

    /// A list's sections, in list order.
    pub fn sections(&self, list: OparlList) -> &[Section] {
        &self.sections[&list]
    }

    /// The meetings of a body, in meeting order.
    pub fn body_meetings(&self, body: usize) -> &[MeetingIx] {
        &self.body_meetings[body]
    }

    /// Is this page one of its list's?
    pub fn has_page(&self, list: OparlList, page: ListPage) -> bool {
        let sections = self.sections(list);
        let section = sections.iter().find(|s| s.year == page.year);
        section.is_some_and(|s| (1..=s.pages()).contains(&page.page))
    }

    /// Every page of every list.
    pub fn pages(&self) -> impl Iterator<Item = (OparlList, ListPage)> + '_ {
        self.sections.iter().flat_map(|(list, sections)| {
            let list = *list;
            list.pages(sections).into_iter().map(move |p| (list, p))
        })
    }

    /// The runs of a list's objects that its pages divide, with their
    /// fingerprints (those `reuse` has kept where it may).
    fn sections_of(
        &self,
        site: &Site,
        names: &Names,
        reuse: &Reuse,
        list: OparlList,
    ) -> Vec<Section> {
        let meeting_year = |mi: MeetingIx| site.meetings[mi].date.year();
        let paragraph = |pi: ParagraphIx| {
            let p = &site.paragraphs[pi];
            (p.meeting, u64::from(p.number))
        };
        let kept = |year: i32, objects: usize| reuse.fingerprint(list, year, objects);
        match list {
            OparlList::Papers => by_year(
                self.papers.len(),
                |i| i32::from(site.cases[self.papers[i]].id.year),
                |i| names.case(site, self.papers[i]),
                kept,
            ),
            OparlList::AgendaItems => by_year(
                site.paragraphs.len(),
                |pi| meeting_year(site.paragraphs[ParagraphIx::new(pi)].meeting),
                |pi| {
                    let (mi, number) = paragraph(ParagraphIx::new(pi));
                    names.meeting(site, mi) ^ number.rotate_left(40)
                },
                kept,
            ),
            OparlList::Consultations => by_year(
                self.consultations.len(),
                |i| meeting_year(site.paragraphs[self.consultations[i].0].meeting),
                |i| {
                    let (pi, k) = self.consultations[i];
                    let (mi, number) = paragraph(pi);
                    let case = site.paragraphs[pi].cases[k].case;
                    names.meeting(site, mi)
                        ^ number.rotate_left(40)
                        ^ names.case(site, case).rotate_left(7)
                },
                kept,
            ),
            OparlList::Files => by_year(
                site.pdfs.len(),
                |i| meeting_year(site.paragraphs[site.pdfs[i].paragraph].meeting),
                |i| {
                    let (mi, file) = site.pdf_file(PdfIx::new(i));
                    names.meeting(site, mi) ^ hash_of(file).rotate_left(13)
                },
                kept,
            ),
            _ if !reuse.meetings_moved && reuse.before.contains_key(&list) => {
                // Lists of meetings and bodies change only when meetings
                // come or go.
                reuse.before[&list].clone()
            }
            OparlList::Meetings => whole(
                site.meetings
                    .positioned()
                    .map(|(mi, _)| names.meeting(site, mi)),
            ),
            OparlList::OrganizationMeetings(b) => whole(
                self.body_meetings[b]
                    .iter()
                    .map(|&mi| names.meeting(site, mi)),
            ),
            OparlList::Bodies => whole(std::iter::once(0)),
            OparlList::Organizations => {
                let parties = site.people.parties.len();
                whole((0..site.bodies.len() + parties).map(|b| b as u64))
            }
            OparlList::People => whole((0..site.people.people.len()).map(|p| p as u64)),
        }
    }

    /// Does a patch of `site` leave every list holding the objects it
    /// held? The lists hold meetings, paragraphs, cases and PDFs, whose
    /// places move only when some come or go, and a consultation for each
    /// case a published paragraph names. Then the lists are the same, and
    /// need not be made again to be compared.
    pub fn unchanged_by(patch: &Patch, site: &Site) -> bool {
        let nothing_came_or_went = patch.paragraph_renumbering.is_none()
            && patch.renumbering.is_none()
            && patch.pdf_renumbering.is_none()
            && patch.meeting_renumbering.is_none();
        let same_consultations = patch.paragraphs.iter().all(|(pi, before)| {
            let now = &site.paragraphs[*pi];
            before.as_ref().is_some_and(|before| {
                let cases = |p: &Paragraph| p.cases.iter().map(|r| r.case).collect::<Vec<_>>();
                before.confidential == now.confidential && cases(before) == cases(now)
            })
        });
        nothing_came_or_went && same_consultations
    }

    /// What differs between the lists `before` an edit and these (of the
    /// same bodies).
    pub fn compare(&self, before: &Listed, site: &Site) -> ListsChanged {
        let mut changed = ListsChanged::default();
        for (list, now) in &self.sections {
            let name = list.name(site);
            let file = |page, first_year| file_named(&name, page, first_year);
            compare_sections(*list, before.sections(*list), now, file, &mut changed);
        }
        changed
    }
}

/// Notes in `changed` what differs between a list's sections `then` and
/// `now`, its pages' files given by `file` (of a page and the list's first
/// year).
fn compare_sections(
    list: OparlList,
    then: &[Section],
    now: &[Section],
    file: impl Fn(ListPage, Option<i32>) -> String,
    changed: &mut ListsChanged,
) {
    let held = |sections: &[Section]| sections.iter().map(Section::held).collect::<Vec<_>>();
    if held(then) == held(now) {
        return;
    }
    let years = |sections: &[Section]| sections.iter().map(|s| s.year).collect::<Vec<_>>();
    if years(then) != years(now) {
        changed.years.push(list);
    }
    let section = |sections: &[Section], year| {
        let section = sections.iter().find(|s| s.year == year);
        section.map(Section::held)
    };
    let all_years: BTreeSet<Option<i32>> = years(then).into_iter().chain(years(now)).collect();
    for year in all_years {
        if section(then, year) != section(now, year) {
            changed.sections.push((list, year));
        }
    }
    let files = |sections: &[Section]| -> BTreeMap<String, ListPage> {
        let first = sections[0].year;
        let pages = list.pages(sections).into_iter();
        pages.map(|p| (file(p, first), p)).collect()
    };
    let (files_then, files_now) = (files(then), files(now));
    for (file, page) in &files_now {
        if files_then.get(file) != Some(page) {
            changed.pages.push(OparlFile::List(list, *page));
        }
    }
    let gone = files_then
        .into_keys()
        .filter(|f| !files_now.contains_key(f));
    changed.gone.extend(gone);
}

/// What differs between two [`Listed`].
#[derive(Debug, Default, PartialEq)]
pub struct ListsChanged {
    /// The sections whose objects changed: came, went or moved (with the
    /// sections that came or went).
    pub sections: Vec<(OparlList, Option<i32>)>,
    /// The lists whose years changed.
    pub years: Vec<OparlList>,
    /// The pages that came, or are written to another file now.
    pub pages: Vec<OparlFile>,
    /// The files of pages that went.
    pub gone: Vec<String>,
}

/// Every consultation, in paragraph order: (paragraph, k).
fn consultations(site: &Site) -> Vec<(ParagraphIx, usize)> {
    site.published_paragraphs()
        .flat_map(|(pi, p)| (0..p.cases.len()).map(move |k| (pi, k)))
        .collect()
}

/// The consultations `before` a patch that left the paragraphs where they
/// were, with those of the paragraphs it changed as they are now.
fn patch_consultations(
    before: &[(ParagraphIx, usize)],
    site: &Site,
    patch: &Patch,
) -> Vec<(ParagraphIx, usize)> {
    let mut now = Vec::with_capacity(before.len() + patch.paragraphs.len());
    let mut rest = before;
    // The patched paragraphs are in model order, as the consultations.
    for (pi, _) in &patch.paragraphs {
        let earlier = rest.partition_point(|(p, _)| p < pi);
        now.extend_from_slice(&rest[..earlier]);
        rest = &rest[earlier..];
        rest = &rest[rest.partition_point(|(p, _)| p == pi)..];
        let p = &site.paragraphs[*pi];
        if !p.confidential {
            now.extend((0..p.cases.len()).map(|k| (*pi, k)));
        }
    }
    now.extend_from_slice(rest);
    now
}

/// Every case, by its year, then in case order.
fn papers(site: &Site) -> Vec<CaseIx> {
    let mut papers: Vec<CaseIx> = CaseIx::all(site.cases.len()).collect();
    // Stable: in case order within a year. Cases are mostly in year
    // order already, which a stable sort takes in one pass.
    papers.sort_by_key(|&ci| site.cases[ci].id.year);
    papers
}

/// Each body's meetings, in meeting order.
fn body_meetings(site: &Site) -> Vec<Vec<MeetingIx>> {
    let mut body_meetings = vec![Vec::new(); site.bodies.len()];
    for (mi, m) in site.meetings.positioned() {
        body_meetings[m.body].push(mi);
    }
    body_meetings
}

/// The years a patch touched: those of the meetings of the paragraphs,
/// attachments and meetings it changed, added or removed (for the lists
/// of agenda items, consultations and files), and those of the cases it
/// derived again or removed (for the papers).
#[derive(Default)]
struct Touched {
    meeting_years: BTreeSet<i32>,
    case_years: BTreeSet<i32>,
}

fn touched_years(site: &Site, patch: &Patch) -> Touched {
    let year = |mi: MeetingIx| site.meetings[mi].date.year();
    let mut meeting_years: BTreeSet<i32> = BTreeSet::new();
    meeting_years.extend(
        patch
            .paragraphs
            .iter()
            .map(|(pi, _)| year(site.paragraphs[*pi].meeting)),
    );
    meeting_years.extend(
        patch
            .removed_paragraphs
            .iter()
            .map(|(p, _)| year(p.meeting)),
    );
    let attachments = patch
        .attachments_added
        .iter()
        .chain(&patch.attachments_removed);
    meeting_years.extend(attachments.map(|(mi, _)| year(*mi)));
    let meetings = patch.meetings_changed.iter().chain(&patch.meetings_added);
    meeting_years.extend(meetings.map(|mi| year(*mi)));
    meeting_years.extend(patch.meetings_removed.iter().map(|m| m.meeting.date.year()));
    let mut case_years: BTreeSet<i32> = BTreeSet::new();
    case_years.extend(
        patch
            .cases
            .iter()
            .map(|(ci, _)| i32::from(site.cases[*ci].id.year)),
    );
    case_years.extend(patch.removed.iter().map(|c| i32::from(c.id.year)));
    Touched {
        meeting_years,
        case_years,
    }
}

/// What making sections again may keep from the lists before an edit.
struct Reuse<'a> {
    before: &'a BTreeMap<OparlList, Vec<Section>>,
    touched: Touched,
    /// Did meetings come or go?
    meetings_moved: bool,
}

impl Reuse<'_> {
    /// Nothing kept: every section is fingerprinted.
    fn none() -> Reuse<'static> {
        static NOTHING: BTreeMap<OparlList, Vec<Section>> = BTreeMap::new();
        Reuse {
            before: &NOTHING,
            touched: Touched::default(),
            meetings_moved: true,
        }
    }

    /// The fingerprint of a list's section of `year` before the edit, when
    /// the edit did not touch that year and it holds as many objects.
    fn fingerprint(&self, list: OparlList, year: i32, objects: usize) -> Option<u64> {
        let touched = match list {
            OparlList::Papers => &self.touched.case_years,
            _ => &self.touched.meeting_years,
        };
        if touched.contains(&year) {
            return None;
        }
        let before = self.before.get(&list)?;
        let section = before.iter().find(|s| s.year == Some(year))?;
        (section.objects.len() == objects).then_some(section.fingerprint)
    }
}

/// A hash of each meeting's folder and each case's slug, what names
/// them across edits: made for all at once, or one by one as asked.
enum Names {
    All {
        meetings: ByIx<Meeting, u64>,
        cases: ByIx<Case, u64>,
    },
    OnDemand,
}

impl Names {
    fn of(site: &Site) -> Names {
        Names::All {
            meetings: ByIx::par_from_fn(site.meetings.len(), |mi| hash_of(&site.meetings[mi].id)),
            cases: ByIx::par_from_fn(site.cases.len(), |ci| hash_of(&site.cases[ci].slug)),
        }
    }

    fn meeting(&self, site: &Site, mi: MeetingIx) -> u64 {
        match self {
            Names::All { meetings, .. } => meetings[mi],
            Names::OnDemand => hash_of(&site.meetings[mi].id),
        }
    }

    fn case(&self, site: &Site, ci: CaseIx) -> u64 {
        match self {
            Names::All { cases, .. } => cases[ci],
            Names::OnDemand => hash_of(&site.cases[ci].slug),
        }
    }
}

fn hash_of(s: &str) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(s.as_bytes());
    hasher.finish()
}

/// The fingerprint of a run of objects, each named by its hash.
fn fingerprint(names: impl Iterator<Item = u64>) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    for name in names {
        hasher.write_u64(name);
    }
    hasher.finish()
}

/// A run of a list's objects that its pages divide: one year's, or all.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub year: Option<i32>,
    pub objects: std::ops::Range<usize>,
    /// Which objects it holds, in order ([`Listed`]).
    fingerprint: u64,
}

impl Section {
    pub fn pages(&self) -> usize {
        page_count(self.objects.len())
    }

    /// What it holds, not where in its list: its year, how many objects
    /// and which. A section keeps its pages when an earlier one grows.
    fn held(&self) -> (Option<i32>, usize, u64) {
        (self.year, self.objects.len(), self.fingerprint)
    }
}

/// The one section of a list not split by year, of objects named `names`.
fn whole(names: impl ExactSizeIterator<Item = u64>) -> Vec<Section> {
    vec![Section {
        year: None,
        objects: 0..names.len(),
        fingerprint: fingerprint(names),
    }]
}

/// The runs of equal years of `n` objects in year order, each object
/// named by `name_of`.
fn by_year(
    n: usize,
    year_of: impl Fn(usize) -> i32,
    name_of: impl Fn(usize) -> u64,
    kept: impl Fn(i32, usize) -> Option<u64>,
) -> Vec<Section> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < n {
        let year = year_of(start);
        // Years ascend: the run is the prefix of `start..n` of this year.
        let (mut low, mut high) = (start + 1, n);
        while low < high {
            let mid = low + (high - low) / 2;
            if year_of(mid) == year {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        let end = low;
        let fingerprint =
            kept(year, end - start).unwrap_or_else(|| fingerprint((start..end).map(&name_of)));
        out.push(Section {
            year: Some(year),
            objects: start..end,
            fingerprint,
        });
        start = end;
    }
    if out.is_empty() {
        out.push(Section {
            year: None,
            objects: 0..0,
            fingerprint: fingerprint(std::iter::empty()),
        });
    }
    out
}

fn page_count(items: usize) -> usize {
    items.div_ceil(PER_PAGE).max(1)
}

impl OparlList {
    fn name(self, site: &Site) -> String {
        match self {
            OparlList::Bodies => "bodies".into(),
            OparlList::Organizations => "organizations".into(),
            OparlList::People => "people".into(),
            OparlList::Meetings => "meetings".into(),
            OparlList::Papers => "papers".into(),
            OparlList::AgendaItems => "agendaitems".into(),
            OparlList::Consultations => "consultations".into(),
            OparlList::Files => "files".into(),
            OparlList::OrganizationMeetings(b) => {
                format!("organization/{}-meetings", site.bodies[b].id)
            }
        }
    }

    /// Is the list paged year by year? The papers (by their case's year),
    /// the agenda items, the consultations and the files (by their
    /// meeting's) are: the lists whose objects come and go with an edit,
    /// which then shifts only its year's pages. Their pages are of unequal length, so they give no
    /// totals (all optional in OParl 1.1).
    pub fn by_year(self) -> bool {
        matches!(
            self,
            OparlList::Papers
                | OparlList::AgendaItems
                | OparlList::Consultations
                | OparlList::Files
        )
    }

    /// Every list of the API.
    pub fn all(site: &Site) -> impl Iterator<Item = OparlList> {
        let lists = [
            OparlList::Bodies,
            OparlList::Organizations,
            OparlList::People,
            OparlList::Meetings,
            OparlList::Papers,
            OparlList::AgendaItems,
            OparlList::Consultations,
            OparlList::Files,
        ];
        lists
            .into_iter()
            .chain((0..site.bodies.len()).map(OparlList::OrganizationMeetings))
    }

    /// Its pages in order, from its sections.
    pub fn pages(self, sections: &[Section]) -> Vec<ListPage> {
        sections
            .iter()
            .flat_map(|s| (1..=s.pages()).map(|page| ListPage { year: s.year, page }))
            .collect()
    }

    /// The year of its first page: the list's own file (`papers.json`)
    /// rather than the year's.
    pub(super) fn first_year(self, site: &Site) -> Option<i32> {
        match self {
            OparlList::Papers => site.earliest_case_year().map(i32::from),
            OparlList::AgendaItems => site
                .paragraphs
                .first()
                .map(|p| site.meeting_of(p).date.year()),
            OparlList::Consultations => site
                .published_paragraphs()
                .find(|(_, p)| !p.cases.is_empty())
                .map(|(_, p)| site.meeting_of(p).date.year()),
            OparlList::Files => site
                .pdfs
                .first()
                .map(|pdf| site.meeting_of(&site.paragraphs[pdf.paragraph]).date.year()),
            _ => None,
        }
    }

    /// The file of one of its pages.
    pub fn file(self, site: &Site, page: ListPage) -> String {
        self.file_after(site, page, self.first_year(site))
    }

    /// The file of one of its pages, its first page being of `first_year`.
    pub fn file_after(self, site: &Site, page: ListPage, first_year: Option<i32>) -> String {
        file_named(&self.name(site), page, first_year)
    }
}

/// The file of a page of the list `name`, its first page being of
/// `first_year` (that page is the list's own file).
fn file_named(name: &str, page: ListPage, first_year: Option<i32>) -> String {
    match (page.year, page.page) {
        (year, 1) if year == first_year => format!("oparl/{name}.json"),
        (None, n) => format!("oparl/{name}-{n}.json"),
        (Some(y), 1) => format!("oparl/{name}-{y}.json"),
        (Some(y), n) => format!("oparl/{name}-{y}-{n}.json"),
    }
}

/// A page of a list: `{"data": [...], "links": ..., "pagination": ...}`
/// (keys in the order `serde_json` writes an object's). It reads which
/// objects its section holds, and, for its links into the sections beside
/// it, which years the list has and how long the section before is.
pub(super) fn list_page(
    site: &Site,
    listed: &Listed,
    fragments: &Fragments,
    list: OparlList,
    page: ListPage,
) -> Vec<u8> {
    use std::borrow::Cow;
    let sections = listed.sections(list);
    let pages = list.pages(sections);
    let at = pages
        .iter()
        .position(|p| *p == page)
        .expect("a list page renders one of its list's pages");
    let section = sections
        .iter()
        .find(|s| s.year == page.year)
        .expect("a page's year has a section");
    record(Key::OparlSection(list, page.year));
    // The first page of the first year is the list's own file: the first
    // two pages of a year link to it, or not; the last links to the next
    // year's.
    if page.page <= 2 || page.page == section.pages() {
        record(Key::OparlYears(list));
    }
    if let (1, Some(before)) = (page.page, at.checked_sub(1)) {
        record(Key::OparlSection(list, pages[before].year));
    }
    let start = section.objects.start + (page.page - 1) * PER_PAGE;
    let range = start..(start + PER_PAGE).min(section.objects.end);
    let value = |v: Value| Cow::Owned(v.to_string());
    let data: Vec<Cow<str>> = match list {
        OparlList::Bodies => vec![value(body(site))],
        // The bodies, then the parties.
        OparlList::Organizations => (range.map(|b| match b.checked_sub(site.bodies.len()) {
            None => value(organization(site, b)),
            Some(p) => value(party(site, p)),
        }))
        .collect(),
        OparlList::People => range.map(|p| value(person(site, p))).collect(),
        OparlList::Meetings => range
            .map(|mi| Cow::Borrowed(meeting_fragment(site, fragments, MeetingIx::new(mi))))
            .collect(),
        OparlList::Papers => listed.papers[range]
            .iter()
            .map(|&ci| value(paper(site, ci)))
            .collect(),
        OparlList::AgendaItems => range
            .map(|pi| value(agenda_item(site, ParagraphIx::new(pi))))
            .collect(),
        OparlList::Consultations => listed.consultations[range]
            .iter()
            .map(|&(pi, k)| Cow::Borrowed(consultation_fragment(site, fragments, pi, k)))
            .collect(),
        OparlList::Files => range.map(|i| value(file(site, PdfIx::new(i)))).collect(),
        OparlList::OrganizationMeetings(b) => listed.body_meetings(b)[range]
            .iter()
            .map(|&mi| Cow::Borrowed(meeting_fragment(site, fragments, mi)))
            .collect(),
    };
    let first_year = sections[0].year;
    let url = |p: ListPage| {
        absolute(
            site,
            &paths::encode_path(&list.file_after(site, p, first_year)),
        )
    };
    let mut links = Map::new();
    links.insert("first".into(), json!(url(pages[0])));
    if at > 0 {
        links.insert("prev".into(), json!(url(pages[at - 1])));
    }
    if at + 1 < pages.len() {
        links.insert("next".into(), json!(url(pages[at + 1])));
    }
    let pagination = if list.by_year() {
        // Pages of unequal length: no totals, so that an object coming or
        // going changes its year's pages only.
        json!({})
    } else {
        links.insert("last".into(), json!(url(pages[pages.len() - 1])));
        json!({
            "totalElements": section.objects.len(),
            "elementsPerPage": PER_PAGE,
            "currentPage": page.page,
            "totalPages": pages.len(),
        })
    };
    page_json(
        &data,
        &Value::Object(links).to_string(),
        &pagination.to_string(),
    )
}

/// A list page's JSON and a final newline, joined in one buffer made to
/// size: a page of meetings is a megabyte, and joining it in steps copied
/// it three times over.
fn page_json(data: &[impl AsRef<str>], links: &str, pagination: &str) -> Vec<u8> {
    let pieces: [&[u8]; 4] = [b"{\"data\":[", b"],\"links\":", b",\"pagination\":", b"}\n"];
    let data_len: usize = data.iter().map(|d| d.as_ref().len() + 1).sum();
    let len =
        data_len + links.len() + pagination.len() + pieces.iter().map(|p| p.len()).sum::<usize>();
    let mut out = Vec::with_capacity(len);
    out.extend_from_slice(pieces[0]);
    for (i, object) in data.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(object.as_ref().as_bytes());
    }
    out.extend_from_slice(pieces[1]);
    out.extend_from_slice(links.as_bytes());
    out.extend_from_slice(pieces[2]);
    out.extend_from_slice(pagination.as_bytes());
    out.extend_from_slice(pieces[3]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sections of the agenda item list: (year, objects, fingerprint).
    fn sections(runs: &[(i32, usize, u64)]) -> Vec<Section> {
        let mut start = 0;
        let mut out = Vec::new();
        for &(year, n, fingerprint) in runs {
            out.push(Section {
                year: Some(year),
                objects: start..start + n,
                fingerprint,
            });
            start += n;
        }
        out
    }

    fn compare(then: &[(i32, usize, u64)], now: &[(i32, usize, u64)]) -> ListsChanged {
        let mut changed = ListsChanged::default();
        let file = |page, first| file_named("agendaitems", page, first);
        let list = OparlList::AgendaItems;
        compare_sections(list, &sections(then), &sections(now), file, &mut changed);
        changed
    }

    fn page(year: i32, page: usize) -> OparlFile {
        OparlFile::List(
            OparlList::AgendaItems,
            ListPage {
                year: Some(year),
                page,
            },
        )
    }

    #[test]
    fn lists_compared_by_what_their_sections_hold_tell_the_pages_that_came_and_went() {
        let list = OparlList::AgendaItems;
        let then = [(2018, 1, 7), (2019, 101, 8), (2020, 40, 9)];
        assert_eq!(compare(&then, &then), ListsChanged::default());
        // As many objects came as went in 2019: its pages stay, its
        // objects changed.
        let swapped = compare(&then, &[(2018, 1, 7), (2019, 101, 80), (2020, 40, 9)]);
        assert_eq!(swapped.sections, [(list, Some(2019))]);
        assert!(swapped.pages.is_empty() && swapped.gone.is_empty() && swapped.years.is_empty());
        // One object went from 2019: its second page goes.
        let shorter = compare(&then, &[(2018, 1, 7), (2019, 100, 81), (2020, 40, 9)]);
        assert_eq!(shorter.sections, [(list, Some(2019))]);
        assert_eq!(shorter.gone, ["oparl/agendaitems-2019-2.json"]);
        assert!(shorter.pages.is_empty());
        // The first year went: 2019's first page is the list's own file now.
        let later = compare(&then, &[(2019, 101, 8), (2020, 40, 9)]);
        assert_eq!(later.years, [list]);
        assert_eq!(later.sections, [(list, Some(2018))]);
        assert_eq!(later.pages, [page(2019, 1)]);
        assert_eq!(later.gone, ["oparl/agendaitems-2019.json"]);
        // A year came between two: its page is new.
        let mut between = compare(&[(2018, 1, 7), (2020, 40, 9)], &then);
        between.pages.sort();
        assert_eq!(between.sections, [(list, Some(2019))]);
        assert_eq!(between.pages, [page(2019, 1), page(2019, 2)]);
        assert!(between.gone.is_empty());
    }
}
