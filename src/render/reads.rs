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
use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

use chrono::Datelike;

use super::paths::{CaseFilter, CaseScope, Output};
use super::CaseLists;
use crate::model::patch::{moved, Patch};
use crate::model::Site;
use crate::opendata::oparl::{Listed, ListsChanged, OparlFile, OparlList};

/// Something an output's context reads of the model.
#[derive(Hash)]
pub enum Key<'a> {
    /// Reads across the whole model (the start page, the feed of every
    /// decision, the /data/ page): rendered again after every change.
    Everything,
    /// A meeting's header (its `index.md`), by its folder id.
    Meeting(&'a str),
    /// Which paragraphs a meeting has (their number).
    MeetingParagraphs(&'a str),
    /// A paragraph's text, fields and documents: its meeting and §.
    Paragraph(&'a str, u32),
    /// A published PDF's text: its meeting and file.
    Document(&'a str, &'a str),
    /// Everything derived of a case, by its slug.
    Case(&'a str),
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
    /// A body's paragraphs (its feed of decisions).
    ParagraphsOfBody(usize),
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
}

impl Key<'_> {
    /// The key as the reverse map holds it.
    pub fn hashed(&self) -> u64 {
        // SipHash with fixed keys: the same hash in every run.
        let mut hasher = std::hash::DefaultHasher::new();
        self.hash(&mut hasher);
        hasher.finish()
    }
}

thread_local! {
    /// The keys recorded on this thread while an output is rendered.
    static RECORDING: RefCell<Option<Vec<u64>>> = const { RefCell::new(None) };
}

/// Does an output record what it reads? Those made with a template and
/// the OParl files do; the others (sitemaps, calendars, data files…) are
/// listed by [`super::affected`].
pub fn is_recorded(output: &Output) -> bool {
    output.template().is_some() || matches!(output, Output::Oparl(_))
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

/// The reverse map the preview keeps: for each key, the outputs that read
/// it. Outputs are held by their place in the model, moved as a patch
/// renumbers the model ([`Readers::renumber`]); an output that is gone is
/// dropped. An output rendered again adds what it reads now; what it no
/// longer reads stays, which can only make more outputs render.
#[derive(Default)]
pub struct Readers {
    outputs: Vec<Option<Output>>,
    by_key: HashMap<u64, Vec<u32>>,
}

impl Readers {
    /// Note that `output` reads `keys`.
    pub fn add(&mut self, output: Output, keys: &[u64]) {
        let id = u32::try_from(self.outputs.len()).expect("fewer than 4 billion outputs");
        self.outputs.push(Some(output));
        for key in keys {
            self.by_key.entry(*key).or_default().push(id);
        }
    }

    /// The outputs that read any of `keys` (some may be gone: see
    /// [`still_made`]).
    pub fn of(&self, keys: &[u64]) -> BTreeSet<Output> {
        let ids = keys.iter().filter_map(|k| self.by_key.get(k)).flatten();
        ids.filter_map(|id| self.outputs[*id as usize].clone())
            .collect()
    }

    /// Move the outputs held by model place as the patch moved meetings,
    /// paragraphs, PDFs and cases; drop those that went.
    pub fn renumber(&mut self, patch: &Patch) {
        let meetings = patch.meeting_renumbering.as_ref();
        let paragraphs = patch.paragraph_renumbering.as_ref();
        let pdfs = patch.pdf_renumbering.as_ref();
        let cases = patch.renumbering.as_ref();
        for slot in &mut self.outputs {
            let Some(output) = slot.take() else { continue };
            *slot = match output {
                Output::Meeting(i) => moved(meetings, i).map(Output::Meeting),
                Output::Paragraph(i) => moved(paragraphs, i).map(Output::Paragraph),
                Output::Document(i) => moved(pdfs, i).map(Output::Document),
                Output::Case(i) => moved(cases, i).map(Output::Case),
                Output::CaseFeed(i) => moved(cases, i).map(Output::CaseFeed),
                Output::Oparl(file) => oparl_moved(file, patch).map(Output::Oparl),
                other => Some(other),
            };
        }
    }

    /// How many outputs and links between keys and outputs it holds.
    pub fn size(&self) -> (usize, usize) {
        let links = self.by_key.values().map(Vec::len).sum();
        (self.outputs.len(), links)
    }

    /// About how many bytes of memory it takes (for `INSYN_TIMINGS`).
    pub fn bytes(&self) -> usize {
        let outputs = self.outputs.capacity() * std::mem::size_of::<Option<Output>>();
        let lists: usize = self.by_key.values().map(|v| v.capacity() * 4).sum();
        // Each entry: its key, its list's pointer, length and capacity,
        // and a control byte.
        let table = self.by_key.capacity() * (8 + 24 + 1);
        outputs + lists + table
    }
}

/// An OParl object held by model place, moved as the patch moved the
/// model; `None` when it went.
fn oparl_moved(file: OparlFile, patch: &Patch) -> Option<OparlFile> {
    let paragraphs = patch.paragraph_renumbering.as_ref();
    Some(match file {
        OparlFile::Meeting(i) => OparlFile::Meeting(moved(patch.meeting_renumbering.as_ref(), i)?),
        OparlFile::AgendaItem(i) => OparlFile::AgendaItem(moved(paragraphs, i)?),
        OparlFile::Paper(i) => OparlFile::Paper(moved(patch.renumbering.as_ref(), i)?),
        OparlFile::File(i) => OparlFile::File(moved(patch.pdf_renumbering.as_ref(), i)?),
        OparlFile::Consultation { paragraph, k } => OparlFile::Consultation {
            paragraph: moved(paragraphs, paragraph)?,
            k,
        },
        other => other,
    })
}

/// Is an output that stays in place (not renumbered) still made? A case
/// list page, a year's meeting list, a consultation (its paragraph may
/// name fewer cases) or an OParl list page may be gone.
pub fn still_made(site: &Site, lists: &CaseLists, listed: &Listed, output: &Output) -> bool {
    match output {
        Output::Oparl(OparlFile::Consultation { paragraph, k }) => {
            *k < site.paragraphs[*paragraph].cases.len()
        }
        Output::Oparl(OparlFile::List(list, page)) => listed.has_page(*list, *page),
        Output::CaseList { filter, page } => {
            (lists.has(filter) || *filter == CaseFilter::ALL)
                && *page <= filter.page_count(lists.get(filter).len())
        }
        Output::MeetingYear(year) => !site.meetings_of_year(*year).is_empty(),
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
    oparl_meetings: &BTreeSet<usize>,
    oparl_lists: &ListsChanged,
) -> Vec<u64> {
    let mut keys = vec![Key::Everything.hashed()];
    let id = |mi: usize| site.meetings[mi].id.as_str();
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
        keys.push(Key::Paragraph(m, p.number).hashed());
        keys.push(Key::ParagraphsOfBody(site.meetings[p.meeting].body).hashed());
        match old {
            Some(old) if old.number != p.number => {
                keys.push(Key::Paragraph(m, old.number).hashed());
                keys.push(Key::MeetingParagraphs(m).hashed());
            }
            Some(_) => {}
            None => keys.push(Key::MeetingParagraphs(m).hashed()),
        }
    }
    for (p, _) in &patch.removed_paragraphs {
        let m = id(p.meeting);
        keys.push(Key::Paragraph(m, p.number).hashed());
        keys.push(Key::MeetingParagraphs(m).hashed());
        keys.push(Key::ParagraphsOfBody(site.meetings[p.meeting].body).hashed());
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
                Key::ParagraphsOfBody(m.body),
                Key::Meetings,
            ]
            .map(|k| k.hashed()),
        );
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
    // A case derived again may read as before.
    let cases = patch.cases.iter().filter(|(ci, old)| {
        patch.cases_losing_paragraphs.contains(ci) || old.as_ref() != Some(&site.cases[*ci])
    });
    keys.extend(cases.map(|(ci, _)| Key::Case(&site.cases[*ci].slug).hashed()));
    keys.extend(patch.removed.iter().map(|c| Key::Case(&c.slug).hashed()));
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

    #[test]
    fn the_reverse_map_gives_every_reader_of_a_key() {
        let mut readers = Readers::default();
        let meeting = Key::MeetingParagraphs("m").hashed();
        let paragraph = Key::Paragraph("m", 1).hashed();
        readers.add(Output::Paragraph(0), &[meeting, paragraph]);
        readers.add(Output::Paragraph(1), &[meeting]);
        readers.add(Output::Meeting(0), &[meeting, paragraph]);
        assert_eq!(
            readers.of(&[paragraph]),
            BTreeSet::from([Output::Paragraph(0), Output::Meeting(0)])
        );
        assert_eq!(readers.of(&[meeting]).len(), 3);
        assert_eq!(readers.size(), (3, 5));
    }
}
