//! What each page, feed and OParl file reads of the model, recorded while
//! its template context or its JSON is built, so that the preview renders
//! again every output a change touches, whatever the theme prints.
//!
//! The views ([`super::views`], [`super::feed`]) and the OParl objects and
//! lists ([`crate::opendata::oparl`]) call [`record`] as they turn a model
//! item into context or JSON: a meeting, a paragraph, a case, a PDF's
//! text, a free page, and what lists and counts read (a year's meetings,
//! the case list pages, the counts of the case filters, an OParl list's
//! section…). Each [`Key`]
//! names its item by what stays across edits (a meeting's folder id, a
//! paragraph's meeting and §, a case's slug), never by its place in the
//! model. A theme sees only what the context holds, so whatever it
//! prints is covered.
//!
//! The preview keeps the reverse map ([`Readers`]): key → the outputs that
//! read it. A patch names the keys it changed ([`changed`]) and renders
//! those outputs again, besides those `affected` lists. Keys are hashed:
//! two keys that share a hash only make more outputs render, never fewer.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};

use chrono::{Datelike, NaiveDate};

use super::paths::{CaseFilter, CaseScope, Output, SitemapPart};
use super::CaseLists;
use crate::diarienummer::CaseId;
use crate::model::patch::Patch;
use crate::model::people::Activity;
use crate::model::{CaseIx, MeetingIx, ParagraphIx, Site};
use crate::opendata::oparl::{Listed, ListsChanged, OparlFile, OparlList};

/// Something an output's context reads of the model.
#[derive(Hash)]
pub enum Key<'a> {
    /// Reads across the whole model (the start page, the /data/ page,
    /// the take-part page): rendered again after every change.
    Everything,
    /// A meeting's header (its `index.md`), by its folder id.
    Meeting(&'a str),
    /// Which paragraphs a meeting has (their number).
    MeetingParagraphs(&'a str),
    /// Which published PDFs a meeting has (their file).
    MeetingPdfs(&'a str),
    /// A paragraph's text, fields and documents: its meeting and §.
    Paragraph(&'a str, u32),
    /// Whether a paragraph is public (not confidential), which decides
    /// whether its page is listed: its meeting and §.
    ParagraphPublic(&'a str, u32),
    /// A published PDF's text: its meeting and file.
    Document(&'a str, &'a str),
    /// Everything derived of a case, by its slug.
    Case(&'a str),
    /// The date a case was last treated (its latest meeting's), by its
    /// slug.
    CaseTreated(&'a str),
    /// A free page, by its slug.
    Page(&'a str),
    /// Which meetings there are and their headers, across the years.
    Meetings,
    /// Which years have meetings.
    Years,
    /// Which meetings a year has.
    MeetingsOfYear(i32),
    /// Which meetings a body has, and their headers.
    MeetingsOfBody(usize),
    /// A case list page: which cases it shows, the list's total and its
    /// number of pages.
    CaseListPage(CaseFilter, usize),
    /// How many cases each filter has.
    CaseCounts,
    /// How many cases one filter has.
    CaseCount(CaseFilter),
    /// Which scopes have cases in a year (`None`: in any year).
    FiltersOfYear(Option<u16>),
    /// Which years a scope has cases in.
    YearsOfScope(CaseScope),
    /// A meeting's OParl object, which its files and lists embed whole
    /// as [`crate::opendata::fragments::Fragments`] keeps it.
    OparlMeeting(&'a str),
    /// Which objects a section of an OParl list holds (a year's, or all).
    OparlSection(OparlList, Option<i32>),
    /// Which years an OParl list has (which sections).
    OparlYears(OparlList),
    /// What a person did and how many meetings they attended, by their
    /// id (people.yaml itself changes only with a whole build).
    Person(&'a str),
    /// What a party's people did and how the party voted, by its id.
    Party(&'a str),
    /// The day of the latest meeting, which says who is still serving.
    LatestDay,
    /// Which topics there are, and how many items each has.
    Topics,
    /// Which items a topic has, in their order: by its slug.
    Topic(&'a str),
    /// Whether a body's year has a published § with this number, and in
    /// which meeting (what a reference like `Kf § 63` leads to).
    Numbered(usize, i32, u32),
}

impl Key<'_> {
    /// The key as the reverse map holds it.
    pub fn hashed(&self) -> u64 {
        // Fx: the same hash in every run, and quick on the thousands of
        // keys a page records.
        let mut hasher = rustc_hash::FxHasher::default();
        self.hash(&mut hasher);
        hasher.finish()
    }
}

thread_local! {
    /// The keys recorded on this thread while an output is rendered.
    static RECORDING: RefCell<Option<Vec<u64>>> = const { RefCell::new(None) };
}

/// Does an output record what it reads? Those made with a template, the
/// sitemap and its parts, the calendars and the OParl files do; the
/// others (the data files, the statistics CSV files) are listed by
/// [`super::affected`].
pub fn is_recorded(output: &Output) -> bool {
    output.template().is_some()
        || matches!(
            output,
            Output::Oparl(_)
                | Output::Sitemap
                | Output::SitemapPart(_)
                | Output::Calendar(_)
                | Output::AppealCalendar
        )
}

/// Note that the output being rendered on this thread reads `key`.
pub fn record(key: Key<'_>) {
    RECORDING.with(|r| {
        if let Some(keys) = r.borrow_mut().as_mut() {
            keys.push(key.hashed());
        }
    });
}

/// Run `render` (on this thread), recording what it reads.
pub fn recorded<T>(render: impl FnOnce() -> T) -> (T, Vec<u64>) {
    RECORDING.with(|r| *r.borrow_mut() = Some(Vec::new()));
    let result = render();
    let mut keys = RECORDING
        .with(|r| r.borrow_mut().take())
        .unwrap_or_default();
    keys.sort_unstable();
    keys.dedup();
    (result, keys)
}

/// The reverse map the preview keeps: for each key, the outputs that
/// read it. Outputs are held by name ([`Held`]), as they stay across
/// edits, and found in the model again when a key they read changes: an
/// edit that moves the model's positions changes nothing here, and an
/// output that went is no longer found. An output rendered again adds what
/// it reads now; what it no longer reads stays, which can only make more
/// outputs render.
#[derive(Default)]
pub struct Readers {
    outputs: Vec<Held>,
    by_key: rustc_hash::FxHashMap<u64, Vec<u32>>,
}

impl Readers {
    /// Note that `output` of `site` reads `keys`.
    pub fn add(&mut self, site: &Site, output: Output, keys: &[u64]) {
        let id = u32::try_from(self.outputs.len()).expect("fewer than 4 billion outputs");
        self.outputs.push(Held::of(site, output));
        for key in keys {
            self.by_key.entry(*key).or_default().push(id);
        }
    }

    /// The outputs of `site` that read any of `keys` (some may be gone:
    /// see [`still_made`]).
    pub fn of(&self, site: &Site, keys: &[u64]) -> BTreeSet<Output> {
        let ids = keys.iter().filter_map(|k| self.by_key.get(k)).flatten();
        ids.filter_map(|id| self.outputs[*id as usize].find(site))
            .collect()
    }

    /// How many outputs and links between keys and outputs it holds.
    pub fn size(&self) -> (usize, usize) {
        let links = self.by_key.values().map(Vec::len).sum();
        (self.outputs.len(), links)
    }

    /// About how many bytes of memory it takes (for `INSYN_TIMINGS`).
    pub fn bytes(&self) -> usize {
        let outputs = self.outputs.capacity() * std::mem::size_of::<Held>();
        let files: usize = self.outputs.iter().map(Held::heap_bytes).sum();
        let lists: usize = self.by_key.values().map(|v| v.capacity() * 4).sum();
        // Each entry: its key, its list's pointer, length and capacity,
        // and a control byte.
        let table = self.by_key.capacity() * (8 + 24 + 1);
        outputs + files + lists + table
    }
}

/// A meeting named as it stays across edits: its date and its body (its
/// folder names both, and a body meets once a day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct MeetingName {
    date: NaiveDate,
    body: usize,
}

impl MeetingName {
    fn of(site: &Site, mi: MeetingIx) -> MeetingName {
        let m = &site.meetings[mi];
        MeetingName {
            date: m.date,
            body: m.body,
        }
    }

    fn find(self, site: &Site) -> Option<MeetingIx> {
        site.meeting_on(self.date, self.body)
    }
}

/// An output as the reverse map holds it: one of a model item by the
/// item's name (a meeting's, a paragraph's meeting and §, a PDF's meeting
/// and file, a case's id), any other as it is.
#[derive(Debug)]
enum Held {
    Placeless(Output),
    Meeting(MeetingName),
    Paragraph(MeetingName, u32),
    Document(MeetingName, Box<str>),
    Case(CaseId),
    CaseFeed(CaseId),
    OparlMeeting(MeetingName),
    Paper(CaseId),
}

impl Held {
    fn of(site: &Site, output: Output) -> Held {
        let meeting = |mi| MeetingName::of(site, mi);
        let paragraph = |pi: ParagraphIx| {
            let p = &site.paragraphs[pi];
            (meeting(p.meeting), p.number)
        };
        let pdf = |i| {
            let (mi, file) = site.pdf_file(i);
            (meeting(mi), Box::from(file))
        };
        let case = |ci: CaseIx| site.cases[ci].id.clone();
        match output {
            Output::Meeting(mi) => Held::Meeting(meeting(mi)),
            Output::Paragraph(pi) => {
                let (m, number) = paragraph(pi);
                Held::Paragraph(m, number)
            }
            Output::Document(i) => {
                let (m, file) = pdf(i);
                Held::Document(m, file)
            }
            Output::Case(ci) => Held::Case(case(ci)),
            Output::CaseFeed(ci) => Held::CaseFeed(case(ci)),
            Output::Oparl(OparlFile::Meeting(mi)) => Held::OparlMeeting(meeting(mi)),
            Output::Oparl(OparlFile::Paper(ci)) => Held::Paper(case(ci)),
            other => Held::Placeless(other),
        }
    }

    /// The output in `site`; `None` when its item is gone.
    fn find(&self, site: &Site) -> Option<Output> {
        let paragraph = |m: &MeetingName, number| site.paragraph_numbered(m.find(site)?, number);
        let pdf = |m: &MeetingName, file: &str| site.pdf_at(m.find(site)?, file);
        let case = |id| site.case_index(id);
        Some(match self {
            Held::Placeless(output) => output.clone(),
            Held::Meeting(m) => Output::Meeting(m.find(site)?),
            Held::Paragraph(m, number) => Output::Paragraph(paragraph(m, *number)?),
            Held::Document(m, file) => Output::Document(pdf(m, file)?),
            Held::Case(id) => Output::Case(case(id)?),
            Held::CaseFeed(id) => Output::CaseFeed(case(id)?),
            Held::OparlMeeting(m) => Output::Oparl(OparlFile::Meeting(m.find(site)?)),
            Held::Paper(id) => Output::Oparl(OparlFile::Paper(case(id)?)),
        })
    }

    /// The bytes it holds outside itself (a file name, a case registry).
    fn heap_bytes(&self) -> usize {
        match self {
            Held::Document(_, file) => file.len(),
            Held::Case(id) | Held::CaseFeed(id) | Held::Paper(id) => {
                id.registry.as_ref().map_or(0, String::capacity)
            }
            _ => 0,
        }
    }
}

/// Is an output found by [`Readers::of`] still made? A case list page, a
/// year's meeting list or sitemap part, a consultation (its paragraph may
/// name fewer cases) or an OParl list page may be gone. (The output of a
/// model item that went is not found at all.)
pub fn still_made(
    site: &Site,
    lists: &CaseLists,
    listed: &Listed,
    activity: &Activity,
    output: &Output,
) -> bool {
    match output {
        Output::Person { person, page } => *page <= activity.person_pages(*person),
        Output::Party { party, page } => *page <= activity.party_pages(*party),
        Output::Oparl(OparlFile::List(list, page)) => listed.has_page(*list, *page),
        Output::CaseList { filter, page } => {
            (lists.has(filter) || *filter == CaseFilter::ALL)
                && *page <= filter.page_count(lists.get(filter).len())
        }
        Output::MeetingYear(year)
        | Output::NoticeYear(year)
        | Output::SitemapPart(SitemapPart::Meetings(year)) => {
            !site.meetings_of_year(*year).is_empty()
        }
        Output::SitemapPart(SitemapPart::Cases(year)) => {
            lists.has(&CaseFilter::in_year(CaseScope::All, *year))
        }
        Output::Topic { slug, page } => *page <= lists.topics.pages_of(slug),
        Output::TopicFeed(slug) => lists.topics.get(slug).is_some(),
        _ => true,
    }
}

/// The keys a patch changed (hashed), given the case lists before it
/// (renumbered as the patch renumbered the cases) and after, the OParl
/// meetings whose objects changed and what changed in the OParl lists.
pub fn changed(
    site: &Site,
    patch: &Patch,
    (before, after): (&CaseLists, &CaseLists),
    oparl_meetings: &BTreeSet<MeetingIx>,
    oparl_lists: &ListsChanged,
) -> Vec<u64> {
    let mut keys = vec![Key::Everything.hashed()];
    if super::topics::touched_by(site, patch) {
        let topics = super::topics::changed(&before.topics, &after.topics, patch);
        if !topics.is_empty() {
            keys.push(Key::Topics.hashed());
        }
        keys.extend(topics.into_iter().map(|slug| Key::Topic(slug).hashed()));
    }
    let id = |mi: MeetingIx| site.meetings[mi].id.as_str();
    keys.extend(
        oparl_meetings
            .iter()
            .map(|mi| Key::OparlMeeting(id(*mi)).hashed()),
    );
    let sections = oparl_lists.sections.iter();
    keys.extend(sections.map(|(list, year)| Key::OparlSection(*list, *year).hashed()));
    keys.extend(
        oparl_lists
            .years
            .iter()
            .map(|list| Key::OparlYears(*list).hashed()),
    );
    for (pi, old) in &patch.paragraphs {
        let p = &site.paragraphs[*pi];
        let m = id(p.meeting);
        let numbered = |number| {
            let meeting = &site.meetings[p.meeting];
            Key::Numbered(meeting.body, meeting.date.year(), number).hashed()
        };
        match old {
            Some(old) if old.number == p.number && old.confidential == p.confidential => {}
            Some(old) => keys.extend([numbered(old.number), numbered(p.number)]),
            None => keys.push(numbered(p.number)),
        }
        keys.push(Key::Paragraph(m, p.number).hashed());
        if old
            .as_ref()
            .is_none_or(|old| old.confidential != p.confidential)
        {
            keys.push(Key::ParagraphPublic(m, p.number).hashed());
        }
        match old {
            Some(old) if old.number != p.number => {
                keys.push(Key::Paragraph(m, old.number).hashed());
                keys.push(Key::ParagraphPublic(m, old.number).hashed());
                keys.push(Key::MeetingParagraphs(m).hashed());
            }
            Some(_) => {}
            None => keys.push(Key::MeetingParagraphs(m).hashed()),
        }
    }
    for (p, _) in &patch.removed_paragraphs {
        let m = id(p.meeting);
        let meeting = &site.meetings[p.meeting];
        keys.push(Key::Numbered(meeting.body, meeting.date.year(), p.number).hashed());
        keys.push(Key::Paragraph(m, p.number).hashed());
        keys.push(Key::ParagraphPublic(m, p.number).hashed());
        keys.push(Key::MeetingParagraphs(m).hashed());
    }
    for gone in &patch.meetings_removed {
        let (body, year) = (gone.meeting.body, gone.meeting.date.year());
        let numbers = gone.paragraphs.iter().map(|(p, _)| p.number);
        keys.extend(numbers.map(|n| Key::Numbered(body, year, n).hashed()));
    }
    let meetings_came = patch.meetings_added.iter().map(|mi| &site.meetings[*mi]);
    let meetings_went = patch.meetings_removed.iter().map(|g| &g.meeting);
    for m in meetings_came.chain(meetings_went) {
        keys.extend(
            [
                Key::Meeting(&m.id),
                Key::MeetingParagraphs(&m.id),
                Key::MeetingsOfYear(m.date.year()),
                Key::MeetingsOfBody(m.body),
                Key::Meetings,
            ]
            .map(|k| k.hashed()),
        );
    }
    for &p in &patch.people {
        let person = &site.people.people[p];
        keys.push(Key::Person(&person.id).hashed());
        if let Some(party) = person.party {
            keys.push(Key::Party(&site.people.parties[party].id).hashed());
        }
    }
    if patch.meeting_renumbering.is_some() {
        keys.push(Key::LatestDay.hashed());
    }
    let (years_came, years_went) = patch.meeting_years_changed(site);
    if !years_came.is_empty() || !years_went.is_empty() {
        keys.push(Key::Years.hashed());
    }
    for mi in &patch.meetings_changed {
        let m = &site.meetings[*mi];
        let changed = [
            Key::Meeting(&m.id),
            Key::MeetingsOfBody(m.body),
            Key::Meetings,
        ];
        keys.extend(changed.map(|k| k.hashed()));
    }
    let attachments = (patch.attachments_added.iter())
        .chain(&patch.attachments_removed)
        .chain(&patch.attachments_replaced);
    keys.extend(attachments.map(|(mi, file)| Key::Document(id(*mi), file).hashed()));
    let pdfs_came_or_went = patch.added_pdfs().chain(patch.removed_pdfs());
    keys.extend(pdfs_came_or_went.map(|(mi, _)| Key::MeetingPdfs(id(*mi)).hashed()));
    // A case derived again may read as before.
    let cases = patch.cases.iter().filter(|(ci, old)| {
        patch.cases_losing_paragraphs.contains(ci) || old.as_ref() != Some(&site.cases[*ci])
    });
    keys.extend(cases.map(|(ci, _)| Key::Case(&site.cases[*ci].slug).hashed()));
    let treated_moved = patch.cases.iter().filter(|(ci, old)| {
        patch.cases_losing_paragraphs.contains(ci)
            || old
                .as_ref()
                .is_none_or(|old| site.timeline_latest(&old.timeline) != site.latest_treated(*ci))
    });
    keys.extend(treated_moved.map(|(ci, _)| Key::CaseTreated(&site.cases[*ci].slug).hashed()));
    for case in &patch.removed {
        keys.push(Key::Case(&case.slug).hashed());
        keys.push(Key::CaseTreated(&case.slug).hashed());
    }
    keys.extend(
        patch
            .pages
            .iter()
            .map(|i| Key::Page(&site.pages[*i].slug).hashed()),
    );
    case_list_keys(before, after, &mut keys);
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The case list keys that differ between the lists before and after.
fn case_list_keys(before: &CaseLists, after: &CaseLists, keys: &mut Vec<u64>) {
    let filters: BTreeSet<CaseFilter> = (before.iter().map(|(f, _)| *f))
        .chain(after.iter().map(|(f, _)| *f))
        .collect();
    let scopes = |lists: &CaseLists| lists.scopes().collect::<BTreeSet<_>>();
    if scopes(before) != scopes(after) {
        keys.push(Key::FiltersOfYear(None).hashed());
    }
    for filter in filters {
        let (old, now) = (before.get(&filter), after.get(&filter));
        if before.has(&filter) != after.has(&filter) {
            keys.push(Key::FiltersOfYear(filter.year).hashed());
            keys.push(Key::YearsOfScope(filter.scope).hashed());
        }
        if old.len() != now.len() {
            keys.push(Key::CaseCounts.hashed());
            keys.push(Key::CaseCount(filter).hashed());
        }
        let pages = filter
            .page_count(old.len())
            .max(filter.page_count(now.len()));
        for page in 1..=pages {
            if old.len() != now.len()
                || filter.page_slice(old, page) != filter.page_slice(now, page)
            {
                keys.push(Key::CaseListPage(filter, page).hashed());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ParagraphIx;
    use crate::testing::demo_site;

    #[test]
    fn what_a_render_reads_is_recorded_on_its_own_thread_only() {
        let ((), keys) = recorded(|| {
            record(Key::Meeting("2020-02-03-ks"));
            record(Key::Paragraph("2020-02-03-ks", 1));
            record(Key::Meeting("2020-02-03-ks"));
            std::thread::spawn(|| record(Key::Years)).join().unwrap();
        });
        let mut expected = vec![
            Key::Meeting("2020-02-03-ks").hashed(),
            Key::Paragraph("2020-02-03-ks", 1).hashed(),
        ];
        expected.sort_unstable();
        assert_eq!(keys, expected);
        // Outside a recording nothing is kept.
        record(Key::Years);
        let ((), none) = recorded(|| {});
        assert!(none.is_empty());
    }

    #[test]
    fn keys_name_items_by_identity_not_by_place() {
        assert_eq!(
            Key::Paragraph("2017-10-30-kf", 242).hashed(),
            Key::Paragraph("2017-10-30-kf", 242).hashed()
        );
        assert_ne!(
            Key::Paragraph("2017-10-30-kf", 242).hashed(),
            Key::Paragraph("2017-10-30-kf", 241).hashed()
        );
        assert_ne!(
            Key::Meeting("2017-10-30-kf").hashed(),
            Key::MeetingParagraphs("2017-10-30-kf").hashed()
        );
    }

    /// A meeting earlier than every other, with a § that names a case
    /// before every other and publishes a PDF: every meeting, paragraph,
    /// case and PDF after it moves one place on.
    fn add_first_meeting(content: &std::path::Path) {
        let dir = content.join("meetings/2017/2017-01-16-kf");
        std::fs::create_dir_all(&dir).unwrap();
        let index = "---\nbody: kf\ndate: 2017-01-16\nstatus: minutes\n---\n";
        std::fs::write(dir.join("index.md"), index).unwrap();
        let pdf = "meetings/2017/2017-04-24-kf/motion-strategi-for-digitaliseringsarbete.pdf";
        std::fs::copy(content.join(pdf), dir.join("a.pdf")).unwrap();
        let paragraph = "---\nparagraph: 1\ntitle: \"Ett tidigt ärende\"\n\
            case: \"2016/1\"\ndecision: approved\ndocuments:\n  - file: a.pdf\n    \
            title: \"En bilaga\"\n---\nText.\n";
        std::fs::write(dir.join("001-ett-tidigt-arende.md"), paragraph).unwrap();
    }

    /// The demo's Kommunfullmäktige meeting of 24 April 2017.
    fn kf_2017_04_24(site: &Site) -> MeetingIx {
        let kf = site.bodies.iter().position(|b| b.id == "kf").unwrap();
        site.meeting_on("2017-04-24".parse().unwrap(), kf).unwrap()
    }

    /// The outputs of one meeting's § 95, its PDF and its case in `site`.
    fn outputs_of_95(site: &Site) -> Vec<Output> {
        let mi = kf_2017_04_24(site);
        let pi = site.paragraph_numbered(mi, 95).unwrap();
        let pdf = site.pdf_at(mi, "motion-strategi-for-digitaliseringsarbete.pdf");
        let pdf = pdf.unwrap();
        let ci = site
            .case_index(&CaseId::parse("2017/137").unwrap())
            .unwrap();
        vec![
            Output::Home,
            Output::Meeting(mi),
            Output::Paragraph(pi),
            Output::Document(pdf),
            Output::Case(ci),
            Output::CaseFeed(ci),
            Output::Oparl(OparlFile::Meeting(mi)),
            Output::Oparl(OparlFile::Paper(ci)),
        ]
    }

    #[test]
    fn outputs_held_by_name_are_found_where_an_edit_moved_them_and_not_once_gone() {
        let before = demo_site(|_| {});
        let mut readers = Readers::default();
        let key = Key::Case("2017-137").hashed();
        let held = outputs_of_95(&before);
        for output in &held {
            readers.add(&before, output.clone(), &[key]);
        }
        assert_eq!(
            readers.of(&before, &[key]),
            BTreeSet::from_iter(held.clone())
        );
        let after = demo_site(add_first_meeting);
        let moved = outputs_of_95(&after);
        // Everything but the start page moved one place on.
        let same = held.iter().zip(&moved).filter(|(a, b)| a == b);
        assert_eq!(same.count(), 1);
        assert_eq!(readers.of(&after, &[key]), BTreeSet::from_iter(moved));
        // With § 95 gone, only what is not its own is found.
        let gone = demo_site(|content| {
            let dir = content.join("meetings/2017/2017-04-24-kf");
            std::fs::remove_file(dir.join("095-motion-strategi-for-digitaliseringsarbete.md"))
                .unwrap();
            std::fs::remove_file(dir.join("motion-strategi-for-digitaliseringsarbete.pdf"))
                .unwrap();
        });
        let found = readers.of(&gone, &[key]);
        let mi = kf_2017_04_24(&gone);
        // The case is still named in 2017-10-30-kf § 241.
        let ci = gone
            .case_index(&CaseId::parse("2017/137").unwrap())
            .unwrap();
        let expected = [
            Output::Home,
            Output::Meeting(mi),
            Output::Case(ci),
            Output::CaseFeed(ci),
            Output::Oparl(OparlFile::Meeting(mi)),
            Output::Oparl(OparlFile::Paper(ci)),
        ];
        assert_eq!(found, BTreeSet::from(expected));
    }

    #[test]
    fn the_reverse_map_gives_every_reader_of_a_key() {
        let site = demo_site(|_| {});
        let mut readers = Readers::default();
        let meeting = Key::MeetingParagraphs("m").hashed();
        let paragraph = Key::Paragraph("m", 1).hashed();
        let (p0, p1) = (ParagraphIx::new(0), ParagraphIx::new(1));
        let m0 = MeetingIx::new(0);
        readers.add(&site, Output::Paragraph(p0), &[meeting, paragraph]);
        readers.add(&site, Output::Paragraph(p1), &[meeting]);
        readers.add(&site, Output::Meeting(m0), &[meeting, paragraph]);
        assert_eq!(
            readers.of(&site, &[paragraph]),
            BTreeSet::from([Output::Paragraph(p0), Output::Meeting(m0)])
        );
        assert_eq!(readers.of(&site, &[meeting]).len(), 3);
        assert_eq!(readers.size(), (3, 5));
    }
}
