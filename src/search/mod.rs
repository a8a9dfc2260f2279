//! Search: an index made from the model in the same build (never by reading
//! the HTML), written as small static files under `/sok/index/` that the
//! search page's script loads on demand.
//!
//! Every file is a script (`__insynSearch.add(name, data)`) rather than JSON,
//! because Chromium cannot fetch files from a folder opened from disk but can
//! always load scripts. A query loads only what it needs:
//!
//! - `t/<xy>.js`: the dictionary for terms starting with `xy` (folded): each
//!   term with its document count and either its postings (when short) or
//!   the number of its postings file within the shard;
//! - `p/<xy>-<n>.js`: the postings (the best [`MAX_POSTINGS`]) of
//!   neighbouring frequent terms of one dictionary shard, numbered within
//!   the shard (so an edit renumbers no other shard), with the results of each
//!   term's best [`BEST_DOCUMENTS`], so that a one-word query needs two
//!   round trips: its dictionary shard, then one or two of these;
//! - `d/<n>.js`: what a result shows, for [`DOC_SHARD`] numbers (none
//!   where all of them are free);
//! - `f/<facet>.js`: a bitmap of the documents of one type, body, year or
//!   status, for filters;
//! - `i/…js`: diarienummer by year, § numbers by body and hundred, for
//!   exact look-ups;
//! - `meta.js`: what exists, and the labels.
//!
//! Terms are words (`W`), their Snowball stems (`S`) and their forms without
//! å, ä and ö (`F`). Documents are numbered oldest first, so higher numbers
//! win ties and a new day's documents take new numbers after all others,
//! with room on each day for cases and paragraphs that come or go
//! ([`layout`]).

pub mod docs;
pub mod layout;
pub mod text;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde_json::{json, Value};

use crate::i18n::I18n;
use crate::model::patch::Renumbering;
use crate::model::vocabulary::CaseStatus;
use crate::model::Site;
pub use docs::DocRef;
use docs::{doc_of, documents, Doc};
use layout::{block_slots, Block, Day, Layout};

/// Documents per result shard.
pub const DOC_SHARD: usize = 16;
/// Numbers of days that stay that an edit may give other documents (as
/// days come, go or grow before them) rather than build the index again.
const MAX_RENUMBERED: usize = 4096;
/// Postings kept per term: the best, title matches and newest first.
pub const MAX_POSTINGS: usize = 2000;
/// Postings this short stay inside the dictionary shard.
const INLINE_POSTINGS: usize = 24;
/// Postings characters after which a chunk of postings is closed.
const CHUNK_BYTES: usize = 12 * 1024;
/// Documents whose results ship with each frequent term's postings: a page.
const BEST_DOCUMENTS: usize = 10;
/// Characters of a document's text kept for its snippet.
const EXCERPT: usize = 280;

/// The index's files, and what updating them after an edit needs.
#[derive(Default)]
pub struct SearchIndex {
    /// Every file: path relative to the output folder, and contents. A
    /// build writes them and may then drop them ([`SearchIndex::take_files`]).
    pub files: Vec<(String, String)>,
    state: State,
}

/// A term's postings: documents containing it, in order, each with whether
/// its title does.
type Postings = Vec<(u32, bool)>;

/// What the index was made of, kept so that an edit to a few documents
/// rewrites only the files they are in.
#[derive(Default)]
struct State {
    /// How many numbers there are (documents and free numbers).
    slots: usize,
    /// Each model item's number.
    numbers: Numbers,
    /// Each number's case: its address, year and slug.
    case_at: HashMap<u32, CaseKey>,
    /// Each day's blocks of numbers.
    days: BTreeMap<chrono::NaiveDate, Day>,
    /// The numbers of documents whose item was removed from the model and
    /// that are still in the index (see [`SearchIndex::renumber`]).
    removed: Vec<u32>,
    /// The numbers of the paragraphs by body and § (the look-up of §
    /// numbers), and each paragraph number's body and §; the bodies' ids.
    paragraphs: BTreeMap<(usize, u32), BTreeSet<u32>>,
    paragraph_of: HashMap<u32, (usize, u32)>,
    body_ids: Vec<String>,
    /// Each number's date and terms (term id × 2, plus one for a title
    /// match).
    dates: Vec<Option<chrono::NaiveDate>>,
    doc_terms: Vec<Vec<u32>>,
    /// What each number's result shows, as compact JSON (`null` for a
    /// free number).
    summaries: Vec<String>,
    /// The filters each document is in, as facet ids.
    doc_facets: Vec<Vec<u16>>,
    facet_names: Vec<String>,
    facet_ids: HashMap<String, u16>,
    facet_bits: Vec<Vec<u8>>,
    /// Terms (kind letter, then the word) by id, and their postings.
    terms: Vec<String>,
    term_ids: HashMap<String, u32>,
    postings: Vec<Postings>,
    /// Each term's postings encoded, and its best documents (see
    /// [`State::encode`]), and the terms whose postings changed since.
    encoded: Vec<Option<(String, Vec<u32>)>>,
    stale: HashSet<u32>,
    /// Each dictionary shard's terms, and the terms of each of its postings
    /// chunks as last written.
    shards: BTreeMap<String, BTreeSet<u32>>,
    chunks: HashMap<String, Vec<Vec<u32>>>,
    /// The shards whose chunks show a document among their best results.
    best_in: HashMap<u32, BTreeSet<String>>,
    /// `meta.js` less its lists of shards, facets and case years.
    meta: Value,
}

/// The number of each model item, by kind and index (`None` for an item
/// not numbered yet).
#[derive(Default)]
struct Numbers {
    cases: Vec<Option<u32>>,
    meetings: Vec<Option<u32>>,
    paragraphs: Vec<Option<u32>>,
    pdfs: Vec<Option<u32>>,
    pages: Vec<Option<u32>>,
}

impl Numbers {
    fn sized(site: &Site) -> Numbers {
        Numbers {
            cases: vec![None; site.cases.len()],
            meetings: vec![None; site.meetings.len()],
            paragraphs: vec![None; site.paragraphs.len()],
            pdfs: vec![None; site.pdfs.len()],
            pages: vec![None; site.pages.len()],
        }
    }

    fn of_kind(&mut self, r: DocRef) -> (&mut Vec<Option<u32>>, usize) {
        match r {
            DocRef::Case(i) => (&mut self.cases, i),
            DocRef::Meeting(i) => (&mut self.meetings, i),
            DocRef::Paragraph(i) => (&mut self.paragraphs, i),
            DocRef::Pdf(i) => (&mut self.pdfs, i),
            DocRef::Page(i) => (&mut self.pages, i),
        }
    }

    fn get(&self, r: DocRef) -> Option<u32> {
        let (list, i) = match r {
            DocRef::Case(i) => (&self.cases, i),
            DocRef::Meeting(i) => (&self.meetings, i),
            DocRef::Paragraph(i) => (&self.paragraphs, i),
            DocRef::Pdf(i) => (&self.pdfs, i),
            DocRef::Page(i) => (&self.pages, i),
        };
        list.get(i).copied().flatten()
    }

    fn set(&mut self, r: DocRef, n: u32) {
        let (list, i) = self.of_kind(r);
        list[i] = Some(n);
    }
}

/// What places a case in the index: its address (the order within its
/// day), and its year and slug (the look-up of case ids).
#[derive(Clone, Debug)]
struct CaseKey {
    url: String,
    year: u16,
    slug: String,
}

impl CaseKey {
    fn of(doc: &Doc) -> Option<CaseKey> {
        let (year, slug) = doc.case.clone()?;
        Some(CaseKey {
            url: doc.url.clone(),
            year,
            slug,
        })
    }
}

/// Postings of neighbouring frequent terms, packed into one file with what
/// their best documents show: the terms, by id, and their postings' length.
#[derive(Default)]
struct Chunk {
    terms: Vec<u32>,
    bytes: usize,
}

impl Chunk {
    fn is_full(&self) -> bool {
        self.bytes >= CHUNK_BYTES
    }
}

/// A term's first page of results on its own: title matches, then newest.
/// The first page of a one-word query is among its terms' best documents
/// (any document ranked below ten others of its best term is ranked below
/// them overall), so it shows without loading result shards.
fn best_documents(list: &[(u32, bool)]) -> Vec<u32> {
    ranked_first(list, BEST_DOCUMENTS)
        .map(|(id, _)| id)
        .collect()
}

/// The first `n` postings by rank: title matches, then the newest (the
/// highest numbers). The postings are in number order, so no sort is
/// needed.
fn ranked_first(list: &[(u32, bool)], n: usize) -> impl Iterator<Item = (u32, bool)> + '_ {
    let titled = list.iter().rev().filter(|(_, title)| *title);
    let others = list.iter().rev().filter(|(_, title)| !*title);
    titled.chain(others).take(n).copied()
}

/// One index file: `__insynSearch.add(name, data)`, `data` as JSON.
fn index_file(name: &str, data: &str) -> (String, String) {
    (
        format!("sok/index/{name}.js"),
        format!("__insynSearch.add({},{});\n", json!(name), data),
    )
}

/// Files an update wrote and removed, relative to the output folder.
#[derive(Default, Debug)]
pub struct Update {
    pub files: Vec<(String, String)>,
    pub removed: Vec<String>,
}

impl SearchIndex {
    pub fn build(site: &Site, t: &I18n) -> SearchIndex {
        let (refs, docs): (Vec<DocRef>, Vec<Doc>) = documents(site, t).into_iter().unzip();
        let layout = Layout::of(&docs, &docs::cases_named_by_day(site));
        let summaries: Vec<String> = docs
            .par_iter()
            .map(|d| doc_summary(site, d).to_string())
            .collect();
        let mut state = State::new(site, &refs, &docs, summaries, &layout);
        let mut files = Vec::new();
        let keys: Vec<String> = state.shards.keys().cloned().collect();
        for key in keys {
            files.extend(state.write_shard(&key, &BTreeSet::new()));
        }
        files.extend((0..state.slots.div_ceil(DOC_SHARD)).filter_map(|n| state.result_shard(n)));
        let mut add = |name: String, data: Value| files.push(index_file(&name, &data.to_string()));
        for name in state.facet_file_names() {
            let id = state.facet_ids[&name];
            add(
                format!("f/{name}"),
                json!(base64(&state.facet_bits[id as usize])),
            );
        }
        for (year, map) in state.case_ids(|_| true) {
            add(format!("i/case-{year}"), json!(map));
        }
        for hundred in state.paragraph_hundreds() {
            add(
                format!("i/{}", state.paragraph_file(hundred)),
                state.paragraph_ids(hundred),
            );
        }
        state.meta = meta(site, t, state.slots);
        add("meta".to_owned(), state.meta_json());
        files.sort();
        SearchIndex { files, state }
    }

    /// The files, leaving none behind (once written, a build needs only
    /// what an update needs).
    pub fn take_files(&mut self) -> Vec<(String, String)> {
        std::mem::take(&mut self.files)
    }

    /// Renumber the cases after cases came or went in the model; the
    /// removed cases leave the index at the next [`SearchIndex::update`].
    pub fn renumber(&mut self, r: &Renumbering) {
        renumber(&mut self.state.numbers.cases, &mut self.state.removed, r);
    }

    /// Renumber the paragraphs after paragraphs came or went in the model;
    /// the removed ones leave the index at the next
    /// [`SearchIndex::update`].
    pub fn renumber_paragraphs(&mut self, r: &Renumbering) {
        renumber(
            &mut self.state.numbers.paragraphs,
            &mut self.state.removed,
            r,
        );
    }

    /// Renumber the meetings after meetings came or went in the model; the
    /// removed ones leave the index at the next [`SearchIndex::update`].
    pub fn renumber_meetings(&mut self, r: &Renumbering) {
        renumber(&mut self.state.numbers.meetings, &mut self.state.removed, r);
    }

    /// Renumber the PDFs after PDFs came or went in the model; the removed
    /// ones leave the index at the next [`SearchIndex::update`].
    pub fn renumber_pdfs(&mut self, r: &Renumbering) {
        renumber(&mut self.state.numbers.pdfs, &mut self.state.removed, r);
    }

    /// Bring the index up to date after the documents of `changed` changed
    /// in `site` (new ones, and cases moved to another day, among them;
    /// removed ones since [`SearchIndex::renumber`]): returns the files
    /// that may differ now and those that are gone. Days that come, go or
    /// outgrow their blocks shift the numbers of the days after them, whose
    /// documents take their new numbers. `None`, with the index untouched,
    /// when a document other than a case moved to another day, or when
    /// more than [`MAX_RENUMBERED`] numbers would shift: the index must
    /// then be built again.
    pub fn update(&mut self, site: &Site, t: &I18n, changed: &[DocRef]) -> Option<Update> {
        let mut docs: Vec<(u32, Doc)> = Vec::new();
        let mut placed: Vec<(DocRef, Doc)> = Vec::new();
        for r in changed {
            let doc = doc_of(site, t, *r);
            match (self.state.numbers.get(*r), r) {
                (Some(n), _) if doc.date == self.state.dates[n as usize] => {
                    if !docs.iter().any(|(m, _)| *m == n) {
                        docs.push((n, doc));
                    }
                }
                (None, _) | (_, DocRef::Case(_)) => {
                    if !placed.iter().any(|(p, _)| p == r) {
                        placed.push((*r, doc));
                    }
                }
                _ => return None,
            }
        }
        let touched = self.state.touched_days(&docs, &placed);
        let days = self.state.days_coming_and_going(site, &placed, &touched)?;
        let moves = self.state.moves(site, t, &placed, &days)?;
        placed.extend(moves.made);
        // A document that moves within its day is made again at its new
        // number.
        docs.retain(|(n, _)| moves.vacated.binary_search(n).is_err());
        let state = &mut self.state;
        let mut dirty_shards = BTreeSet::new();
        let mut dirty_results = BTreeSet::new();
        let mut dirty_facets = BTreeSet::new();
        let mut case_years = BTreeSet::new();
        // The numbers whose results show something else now.
        let mut resummarized = BTreeSet::new();
        let mut hundreds = BTreeSet::new();
        // Numbers left first (a document may take another's old number),
        // then numbers taken.
        for &n in &moves.vacated {
            for id in state.set_terms(n, Vec::new()) {
                dirty_shards.insert(state.shard_of(id));
            }
            dirty_facets.extend(state.set_facets(n, Vec::new()));
            state.summaries[n as usize] = "null".to_owned();
            resummarized.insert(n);
            state.dates[n as usize] = None;
            if let Some(key) = state.case_at.remove(&n) {
                case_years.insert(key.year);
            }
            if let Some(hundred) = state.forget_paragraph(n) {
                hundreds.insert(hundred);
            }
            dirty_results.insert(n as usize / DOC_SHARD);
        }
        state.removed.clear();
        if let Some((before, after)) = state.resize_days(days) {
            // Every filter's bitmap has another length, and the result
            // shards between the two ends show other numbers.
            dirty_facets.extend(state.facet_ids.values().copied());
            let (low, high) = (before.min(after), before.max(after));
            dirty_results.extend(low / DOC_SHARD..high.div_ceil(DOC_SHARD));
        }
        for (r, n) in moves.numbered {
            let doc = match placed.iter().position(|(p, _)| *p == r) {
                Some(i) => placed.swap_remove(i).1,
                None => doc_of(site, t, r),
            };
            state.numbers.set(r, n);
            if let Some(key) = CaseKey::of(&doc) {
                case_years.insert(key.year);
                state.case_at.insert(n, key);
            }
            if let Some(paragraph) = doc.paragraph {
                hundreds.insert(state.note_paragraph(n, paragraph));
            }
            state.dates[n as usize] = doc.date;
            docs.push((n, doc));
        }
        for (number, doc) in &docs {
            for id in state.set_terms(*number, doc_terms(doc)) {
                dirty_shards.insert(state.shard_of(id));
            }
            let summary = doc_summary(site, doc).to_string();
            if summary != state.summaries[*number as usize] {
                state.summaries[*number as usize] = summary;
                resummarized.insert(*number);
                dirty_results.insert(*number as usize / DOC_SHARD);
                if let Some(shards) = state.best_in.get(number) {
                    dirty_shards.extend(shards.iter().cloned());
                }
            }
            dirty_facets.extend(state.set_facets(*number, facet_names(site, doc)));
        }

        let mut update = Update::default();
        let mut removed = Vec::new();
        for key in &dirty_shards {
            let before = state.chunks.get(key).map_or(0, Vec::len);
            if state.shards.contains_key(key) {
                update.files.extend(state.write_shard(key, &resummarized));
            } else {
                state.chunks.remove(key);
                removed.push(format!("t/{key}"));
            }
            let after = state.chunks.get(key).map_or(0, Vec::len);
            removed.extend((after..before).map(|n| format!("p/{key}-{n}")));
        }
        for n in dirty_results {
            match state.result_shard(n) {
                Some(file) => update.files.push(file),
                None => removed.push(format!("d/{n}")),
            }
        }
        let mut add =
            |name: String, data: Value| update.files.push(index_file(&name, &data.to_string()));
        for id in dirty_facets {
            let name = state.facet_names[id as usize].clone();
            let bits = &state.facet_bits[id as usize];
            if bits.iter().all(|b| *b == 0) {
                removed.push(format!("f/{name}"));
            } else {
                add(format!("f/{name}"), json!(base64(bits)));
            }
        }
        let mut ids = state.case_ids(|year| case_years.contains(&year));
        for year in case_years {
            match ids.remove(&year) {
                Some(map) => add(format!("i/case-{year}"), json!(map)),
                None => removed.push(format!("i/case-{year}")),
            }
        }
        let present = state.paragraph_hundreds();
        for hundred in hundreds {
            let name = state.paragraph_file(hundred);
            if present.contains(&hundred) {
                add(format!("i/{name}"), state.paragraph_ids(hundred));
            } else {
                removed.push(format!("i/{name}"));
            }
        }
        state.meta["years"] = meta_years(site);
        add("meta".to_owned(), state.meta_json());
        update.removed = removed
            .into_iter()
            .map(|name| format!("sok/index/{name}.js"))
            .collect();
        Some(update)
    }
}

/// The days an edit takes out of the layout and those it lays out again
/// (new ones, and those whose blocks move, grow or shrink), and the number
/// after the last day once it is made.
struct DayChanges {
    gone: BTreeSet<NaiveDate>,
    new: BTreeMap<NaiveDate, Day>,
    end: usize,
}

/// A day's blocks as a build lays them out from number `start`.
fn day_laid_out(site: &Site, day: NaiveDate, start: usize) -> Day {
    let others = docs::day_documents(site, day).len();
    Day::at(start, others, docs::cases_named_on(site, day))
}

/// How documents coming, going or moving to another day change numbers:
/// the numbers they and the other documents of their days' blocks leave,
/// the numbers they take, and the documents made to find them.
#[derive(Default)]
struct Moves {
    vacated: Vec<u32>,
    numbered: Vec<(DocRef, u32)>,
    made: Vec<(DocRef, Doc)>,
}

impl State {
    fn new(
        site: &Site,
        refs: &[DocRef],
        docs: &[Doc],
        summaries: Vec<String>,
        layout: &Layout,
    ) -> State {
        let slots = layout.slots;
        let mut state = State {
            slots,
            numbers: Numbers::sized(site),
            days: layout.days.clone(),
            dates: vec![None; slots],
            summaries: vec!["null".to_owned(); slots],
            doc_terms: vec![Vec::new(); slots],
            doc_facets: vec![Vec::new(); slots],
            body_ids: site.bodies.iter().map(|b| b.id.clone()).collect(),
            ..State::default()
        };
        for ((r, doc), (&n, summary)) in refs
            .iter()
            .zip(docs)
            .zip(layout.numbers.iter().zip(summaries))
        {
            state.numbers.set(*r, n);
            if let Some(key) = CaseKey::of(doc) {
                state.case_at.insert(n, key);
            }
            if let Some(paragraph) = doc.paragraph {
                state.note_paragraph(n, paragraph);
            }
            state.dates[n as usize] = doc.date;
            state.summaries[n as usize] = summary;
        }
        let per_doc: Vec<Vec<(String, bool)>> = docs.par_iter().map(doc_terms).collect();
        // Oldest first, in the order of the numbers: each posting goes at
        // the end of its list.
        for (&number, terms) in layout.numbers.iter().zip(per_doc).rev() {
            state.set_terms(number, terms);
        }
        for (&number, doc) in layout.numbers.iter().zip(docs) {
            state.set_facets(number, facet_names(site, doc));
        }
        state.encoded = state
            .postings
            .par_iter()
            .map(|list| Some((encode_postings(list), best_documents(list))))
            .collect();
        state.stale.clear();
        state
    }

    /// The days an edit takes out of the layout (those left without
    /// documents) and the blocks of the days it lays out again: those it
    /// brings (of `placed` documents that the index has none for), those
    /// of the `touched` days that grow or shrink, and every day after the
    /// first of these, whose numbers shift; laid out as a build lays them
    /// out. `None` when more than [`MAX_RENUMBERED`] documents of days that
    /// stay would take other numbers (building the index again is then as
    /// quick).
    fn days_coming_and_going(
        &self,
        site: &Site,
        placed: &[(DocRef, Doc)],
        touched: &BTreeSet<NaiveDate>,
    ) -> Option<DayChanges> {
        let gone: BTreeSet<NaiveDate> = self
            .removed
            .iter()
            .filter(|n| !self.case_at.contains_key(n))
            .filter_map(|n| self.dates[*n as usize])
            .filter(|day| docs::day_documents(site, *day).is_empty())
            .collect();
        let came: BTreeSet<NaiveDate> = placed
            .iter()
            .filter_map(|(_, d)| d.date)
            .filter(|d| !self.days.contains_key(d))
            .collect();
        let resized = touched.iter().copied().find(|d| {
            let was = self.days.get(d).filter(|_| !gone.contains(d));
            was.is_some_and(|was| day_laid_out(site, *d, was.others.start as usize) != *was)
        });
        let first = [gone.first().copied(), came.first().copied(), resized];
        let Some(first) = first.into_iter().flatten().min() else {
            return Some(DayChanges {
                gone,
                new: BTreeMap::new(),
                end: self.slots,
            });
        };
        // The days before the first stay: lay out from the end of the last
        // of them (or from where the oldest day starts, after the pages).
        let before = self.days.range(..first).next_back();
        let mut next = match before {
            Some((_, day)) => day.cases.end(),
            None => self
                .days
                .values()
                .next()
                .map_or(self.slots, |d| d.others.start as usize),
        };
        let mut year = before.map(|(d, _)| d.year());
        // From a day laid out as it was on, past every edited day, the
        // rest is as it was.
        let last_edited = [gone.last(), came.last(), touched.last()];
        let last_edited = last_edited.into_iter().flatten().max().copied();
        let staying = self.days.range(first..).map(|(d, _)| *d);
        let days: BTreeSet<NaiveDate> = staying.filter(|d| !gone.contains(d)).chain(came).collect();
        let mut new = BTreeMap::new();
        let mut renumbered = 0;
        for date in days {
            let start = layout::day_start(next, year, date.year());
            let day = day_laid_out(site, date, start);
            (next, year) = (day.cases.end(), Some(date.year()));
            match self.days.get(&date) {
                Some(was) if *was == day && last_edited.is_none_or(|last| date >= last) => {
                    return Some(DayChanges {
                        gone,
                        new,
                        end: self.slots,
                    });
                }
                Some(was) if *was == day => continue,
                Some(was) => renumbered += (was.others.slots + was.cases.slots) as usize,
                None => {}
            }
            if renumbered > MAX_RENUMBERED {
                return None;
            }
            new.insert(date, day);
        }
        Some(DayChanges {
            gone,
            new,
            end: next,
        })
    }

    /// The days whose documents an edit changes: those of the changed
    /// documents (`docs` keep their day; `placed` ones are new or come
    /// from another day) and of the removed ones.
    fn touched_days(&self, docs: &[(u32, Doc)], placed: &[(DocRef, Doc)]) -> BTreeSet<NaiveDate> {
        let was = placed
            .iter()
            .filter_map(|(r, _)| self.numbers.get(*r))
            .chain(self.removed.iter().copied())
            .filter_map(|n| self.dates[n as usize]);
        docs.iter()
            .map(|(_, d)| d)
            .chain(placed.iter().map(|(_, d)| d))
            .filter_map(|d| d.date)
            .chain(was)
            .collect()
    }

    /// Take out the days that went and add the blocks of those that came
    /// ([`State::days_coming_and_going`]), once the documents of the days
    /// that went have left their numbers; returns how many numbers there
    /// were and are, if days came or went.
    fn resize_days(&mut self, days: DayChanges) -> Option<(usize, usize)> {
        if days.gone.is_empty() && days.new.is_empty() {
            return None;
        }
        for day in &days.gone {
            self.days.remove(day);
        }
        self.days.extend(days.new);
        let end = days.end;
        let before = std::mem::replace(&mut self.slots, end);
        self.dates.resize(end, None);
        self.summaries.resize(end, "null".to_owned());
        self.doc_terms.resize(end, Vec::new());
        self.doc_facets.resize(end, Vec::new());
        for bits in &mut self.facet_bits {
            bits.resize(end.div_ceil(8), 0);
        }
        self.meta["docs"] = json!(end);
        Some((before, end))
    }

    /// A day's blocks, among the new (or resized) days or of the index.
    fn day(&self, day: &NaiveDate, days: &DayChanges) -> Option<Day> {
        days.new.get(day).or_else(|| self.days.get(day)).copied()
    }

    /// Where the `placed` documents (new ones, cases moved to another day)
    /// and the removed ones take or leave numbers; `None` when a day's
    /// block would have to change size (the numbers after it would shift).
    fn moves(
        &self,
        site: &Site,
        t: &I18n,
        placed: &[(DocRef, Doc)],
        days_changed: &DayChanges,
    ) -> Option<Moves> {
        let cases: Vec<&(DocRef, Doc)> = placed.iter().filter(|(r, _)| is_case(r)).collect();
        let others: Vec<&(DocRef, Doc)> = placed.iter().filter(|(r, _)| !is_case(r)).collect();
        let mut moves = self.case_moves(site, &cases, days_changed)?;
        let removed_others: Vec<u32> = self
            .removed
            .iter()
            .copied()
            .filter(|n| !self.case_at.contains_key(n))
            .collect();
        let days: BTreeSet<chrono::NaiveDate> = removed_others
            .iter()
            .filter_map(|n| self.dates[*n as usize])
            .chain(others.iter().filter_map(|(_, d)| d.date))
            .chain(days_changed.new.keys().copied())
            .collect();
        // A day that goes keeps no documents: its removed ones leave.
        for day in days.difference(&days_changed.gone).copied() {
            let block = self.day(&day, days_changed)?.others;
            self.day_moves(site, t, (day, block), &others, &mut moves)?;
        }
        moves.vacated.extend(removed_others);
        moves.vacated.sort_unstable();
        moves.vacated.dedup();
        Some(moves)
    }

    /// Number one day's documents other than cases again, as the model has
    /// them now (`placed`: those already made).
    fn day_moves(
        &self,
        site: &Site,
        t: &I18n,
        (day, block): (NaiveDate, Block),
        placed: &[&(DocRef, Doc)],
        moves: &mut Moves,
    ) -> Option<()> {
        let refs = docs::day_documents(site, day);
        // A day without documents leaves the layout, moving the days after
        // it.
        if refs.is_empty() || block_slots(refs.len()) != block.slots as usize {
            return None;
        }
        // Each document, made unless placed already (then by its place).
        let mut docs: Vec<(DocRef, Result<Doc, usize>)> = refs
            .into_iter()
            .map(|r| match placed.iter().position(|(p, _)| *p == r) {
                Some(i) => (r, Err(i)),
                None => (r, Ok(doc_of(site, t, r))),
            })
            .collect();
        fn doc<'a>(d: &'a Result<Doc, usize>, placed: &[&'a (DocRef, Doc)]) -> &'a Doc {
            match d {
                Ok(doc) => doc,
                Err(i) => &placed[*i].1,
            }
        }
        docs.sort_by(|(_, a), (_, b)| docs::day_order(doc(a, placed), doc(b, placed)));
        let count = docs.len();
        for (k, (r, doc)) in docs.into_iter().enumerate() {
            let n = block.number(k, count);
            match self.numbers.get(r) {
                Some(old) if old == n => continue,
                Some(old) => moves.vacated.push(old),
                None => {}
            }
            moves.numbered.push((r, n));
            moves.made.extend(doc.ok().map(|d| (r, d)));
        }
        Some(())
    }

    /// Where the `placed` cases (new, or moved to another day) and the
    /// removed ones take or leave numbers, in the blocks of
    /// `days_changed` (which has laid out again every day whose block
    /// changes size); `None` when a day that goes would keep a case.
    fn case_moves(
        &self,
        site: &Site,
        placed: &[&(DocRef, Doc)],
        days_changed: &DayChanges,
    ) -> Option<Moves> {
        let removed: Vec<u32> = self
            .removed
            .iter()
            .copied()
            .filter(|n| self.case_at.contains_key(n))
            .collect();
        let leaving: BTreeSet<u32> = placed
            .iter()
            .filter_map(|(r, _)| self.numbers.get(*r))
            .chain(removed.iter().copied())
            .collect();
        let mut days: BTreeSet<chrono::NaiveDate> = leaving
            .iter()
            .filter_map(|n| self.dates[*n as usize])
            .collect();
        days.extend(placed.iter().filter_map(|(_, d)| d.date));
        // A resized day's cases all move.
        days.extend(days_changed.new.keys());
        // The case of each number, looked up once cases move.
        let cases_by_number = std::cell::OnceCell::new();
        let case_of = |n: u32| {
            let by_number: &HashMap<u32, usize> = cases_by_number.get_or_init(|| {
                let numbered = self.numbers.cases.iter().enumerate();
                numbered.filter_map(|(ci, n)| Some(((*n)?, ci))).collect()
            });
            by_number.get(&n).map(|ci| DocRef::Case(*ci))
        };
        let mut moves = Moves {
            vacated: removed,
            ..Moves::default()
        };
        for day in days {
            let block = self.day(&day, days_changed)?.cases;
            let was = self
                .days
                .get(&day)
                .map_or(0..0, |d| d.cases.start..d.cases.end() as u32);
            // The day's cases once the edit is made, by address: those that
            // stay (by their number) and those that come (by their item).
            let mut cases: Vec<(&str, Result<u32, DocRef>)> = was
                .filter(|n| !leaving.contains(n))
                .filter_map(|n| self.case_at.get(&n).map(|k| (k.url.as_str(), Ok(n))))
                .collect();
            cases.extend(
                placed
                    .iter()
                    .filter(|(_, d)| d.date == Some(day))
                    .map(|(r, d)| (d.url.as_str(), Err(*r))),
            );
            // A day that goes keeps no case; one that stays has a block the
            // size a build gives it (`days_coming_and_going`).
            if days_changed.gone.contains(&day) {
                if !cases.is_empty() {
                    return None;
                }
            } else {
                debug_assert_eq!(
                    block_slots(docs::cases_named_on(site, day)),
                    block.slots as usize,
                    "{day}: a resized day is laid out again"
                );
            }
            cases.sort_by(|a, b| a.0.cmp(b.0));
            let count = cases.len();
            for (k, (_, was)) in cases.into_iter().enumerate() {
                let n = block.number(k, count);
                match was {
                    Ok(old) if old == n => {}
                    Ok(old) => {
                        let r = case_of(old)?;
                        moves.vacated.push(old);
                        moves.numbered.push((r, n));
                    }
                    Err(r) => moves.numbered.push((r, n)),
                }
            }
        }
        moves
            .vacated
            .extend(placed.iter().filter_map(|(r, _)| self.numbers.get(*r)));
        Some(moves)
    }

    /// Note that number `n` is the paragraph with this body and §; returns
    /// its hundred (the look-up file it is in).
    fn note_paragraph(&mut self, n: u32, paragraph: (usize, u32)) -> (usize, u32) {
        self.paragraphs.entry(paragraph).or_default().insert(n);
        self.paragraph_of.insert(n, paragraph);
        (paragraph.0, paragraph.1 / 100)
    }

    /// Forget the paragraph numbered `n`, if it is one; returns its hundred.
    fn forget_paragraph(&mut self, n: u32) -> Option<(usize, u32)> {
        let paragraph = self.paragraph_of.remove(&n)?;
        if let Some(numbers) = self.paragraphs.get_mut(&paragraph) {
            numbers.remove(&n);
            if numbers.is_empty() {
                self.paragraphs.remove(&paragraph);
            }
        }
        Some((paragraph.0, paragraph.1 / 100))
    }

    /// The bodies and hundreds of § numbers that have paragraphs, in order.
    fn paragraph_hundreds(&self) -> BTreeSet<(usize, u32)> {
        self.paragraphs
            .keys()
            .map(|(body, number)| (*body, number / 100))
            .collect()
    }

    /// The look-up file of a body's hundred of § numbers (`p-ks-2` holds
    /// § 200–299).
    fn paragraph_file(&self, (body, hundred): (usize, u32)) -> String {
        format!("p-{}-{hundred}", self.body_ids[body])
    }

    /// A hundred's § numbers, each with its paragraphs' document numbers
    /// (newest first).
    fn paragraph_ids(&self, (body, hundred): (usize, u32)) -> Value {
        let range = (body, hundred * 100)..(body, hundred * 100 + 100);
        let part: BTreeMap<u32, Vec<u32>> = self
            .paragraphs
            .range(range)
            .map(|((_, number), ids)| (*number, ids.iter().rev().copied().collect()))
            .collect();
        json!(part)
    }

    /// Case slugs and their numbers, by year, for the years asked for.
    fn case_ids(&self, asked: impl Fn(u16) -> bool) -> CaseIds {
        let mut ids = CaseIds::new();
        for (n, key) in self.case_at.iter().filter(|(_, k)| asked(k.year)) {
            ids.entry(key.year)
                .or_default()
                .insert(key.slug.clone(), *n);
        }
        ids
    }

    fn term_id(&mut self, term: String) -> u32 {
        if let Some(id) = self.term_ids.get(&term) {
            return *id;
        }
        let id = self.terms.len() as u32;
        self.term_ids.insert(term.clone(), id);
        self.terms.push(term);
        self.postings.push(Vec::new());
        self.encoded.push(None);
        id
    }

    /// Give a document its (new) terms; returns the terms whose postings
    /// changed. A term no document has any more leaves its shard.
    fn set_terms(&mut self, number: u32, terms: Vec<(String, bool)>) -> Vec<u32> {
        let mut new: Vec<u32> = terms
            .into_iter()
            .map(|(term, title)| self.term_id(term) * 2 + u32::from(title))
            .collect();
        new.sort_unstable();
        let old = std::mem::replace(&mut self.doc_terms[number as usize], new.clone());
        let mut touched = Vec::new();
        for packed in old.iter().filter(|p| new.binary_search(p).is_err()) {
            let id = packed / 2;
            let list = &mut self.postings[id as usize];
            if let Ok(at) = list.binary_search_by_key(&number, |(n, _)| *n) {
                list.remove(at);
            }
            touched.push(id);
        }
        for packed in new.iter().filter(|p| old.binary_search(p).is_err()) {
            let (id, title) = (packed / 2, packed % 2 == 1);
            let list = &mut self.postings[id as usize];
            match list.binary_search_by_key(&number, |(n, _)| *n) {
                Ok(at) => list[at].1 = title,
                Err(at) => list.insert(at, (number, title)),
            }
            touched.push(id);
        }
        touched.sort_unstable();
        touched.dedup();
        for &id in &touched {
            self.stale.insert(id);
            // Only a term's first posting or its last one moves it.
            if self.postings[id as usize].len() <= 1 {
                self.place_term(id);
            }
        }
        touched
    }

    /// Put a term in its dictionary shard when documents have it, or take
    /// it out (and an empty shard with it) when none has.
    fn place_term(&mut self, id: u32) {
        let key = self.shard_of(id);
        if self.postings[id as usize].is_empty() {
            if let Some(terms) = self.shards.get_mut(&key) {
                terms.remove(&id);
                if terms.is_empty() {
                    self.shards.remove(&key);
                }
            }
        } else {
            self.shards.entry(key).or_default().insert(id);
        }
    }

    fn shard_of(&self, id: u32) -> String {
        text::shard_key(&self.terms[id as usize][1..])
    }

    /// A term's postings encoded and its best documents, made once and kept
    /// until its postings change; returns whether they changed (postings
    /// cut to the best [`MAX_POSTINGS`] may encode as before).
    fn encode(&mut self, id: u32) -> bool {
        if !self.stale.remove(&id) && self.encoded[id as usize].is_some() {
            return false;
        }
        let list = &self.postings[id as usize];
        let encoded = Some((encode_postings(list), best_documents(list)));
        let changed = self.encoded[id as usize] != encoded;
        self.encoded[id as usize] = encoded;
        changed
    }

    /// Put a document in the filters named; returns the facets changed.
    fn set_facets(&mut self, number: u32, names: Vec<String>) -> BTreeSet<u16> {
        let bytes = self.slots.div_ceil(8);
        let mut new: Vec<u16> = names
            .into_iter()
            .map(|name| {
                if let Some(id) = self.facet_ids.get(&name) {
                    return *id;
                }
                let id = self.facet_names.len() as u16;
                self.facet_ids.insert(name.clone(), id);
                self.facet_names.push(name);
                self.facet_bits.push(vec![0; bytes]);
                id
            })
            .collect();
        new.sort_unstable();
        new.dedup();
        let old = std::mem::replace(&mut self.doc_facets[number as usize], new.clone());
        let (byte, bit) = (number as usize / 8, 1u8 << (number % 8));
        let mut changed = BTreeSet::new();
        for id in old.iter().filter(|f| !new.contains(f)) {
            self.facet_bits[*id as usize][byte] &= !bit;
            changed.insert(*id);
        }
        for id in new.iter().filter(|f| !old.contains(f)) {
            self.facet_bits[*id as usize][byte] |= bit;
            changed.insert(*id);
        }
        changed
    }

    /// The facets some document is in, by name.
    fn facet_file_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .facet_names
            .iter()
            .zip(&self.facet_bits)
            .filter(|(_, bits)| bits.iter().any(|b| *b != 0))
            .map(|(name, _)| name.clone())
            .collect();
        names.sort();
        names
    }

    /// The dictionary file of one shard (`t/<key>`) and those of its
    /// postings chunks (`p/<key>-<n>`) that differ from the files last
    /// written: a chunk whose terms are the same, with the same postings,
    /// whose best documents are not among the `resummarized`, is as it was.
    /// Notes the shard's chunks and which documents they show. Chunks are
    /// numbered within the shard, so that a change to one shard renumbers
    /// no other.
    fn write_shard(&mut self, key: &str, resummarized: &BTreeSet<u32>) -> Vec<(String, String)> {
        let terms: Vec<u32> = self.shards[key].iter().copied().collect();
        let reencoded: HashSet<u32> = terms.into_iter().filter(|&id| self.encode(id)).collect();
        let (dictionary, chunks) = self.shard_layout(key);
        let before = self.chunks.remove(key).unwrap_or_default();
        let mut files = Vec::new();
        for (n, terms) in chunks.iter().enumerate() {
            let best = self.chunk_best(terms);
            let same = before.get(n) == Some(terms)
                && !terms.iter().any(|id| reencoded.contains(id))
                && best.is_disjoint(resummarized);
            if !same {
                files.push(index_file(
                    &format!("p/{key}-{n}"),
                    &self.chunk_json(terms, &best),
                ));
            }
            for id in best {
                self.best_in.entry(id).or_default().insert(key.to_owned());
            }
        }
        files.push(index_file(&format!("t/{key}"), &dictionary));
        self.chunks.insert(key.to_owned(), chunks);
        files
    }

    /// A file of results (`d/<n>`): what [`DOC_SHARD`] numbers show;
    /// `None` when all of them are free (no result is looked up there).
    fn result_shard(&self, n: usize) -> Option<(String, String)> {
        if n * DOC_SHARD >= self.summaries.len() {
            return None;
        }
        let end = ((n + 1) * DOC_SHARD).min(self.summaries.len());
        let summaries = &self.summaries[n * DOC_SHARD..end];
        if summaries.iter().all(|s| s == "null") {
            return None;
        }
        let shard = summaries.join(",");
        Some(index_file(&format!("d/{n}"), &format!("[{shard}]")))
    }

    /// A shard's dictionary (JSON) and the terms of each of its chunks.
    fn shard_layout(&self, key: &str) -> (String, Vec<Vec<u32>>) {
        let mut terms: Vec<u32> = self.shards[key].iter().copied().collect();
        // Word, then kind: a word's forms and its prefix neighbours sit side
        // by side, so one query's postings share few chunks.
        terms.sort_by(|a, b| {
            let (a, b) = (&self.terms[*a as usize], &self.terms[*b as usize]);
            (&a[1..], &a[..1]).cmp(&(&b[1..], &b[..1]))
        });
        let mut chunks = Vec::new();
        let mut chunk = Chunk::default();
        let mut entries = Vec::new();
        for id in terms {
            let term = &self.terms[id as usize];
            let count = self.postings[id as usize].len();
            let Some((encoded, _)) = &self.encoded[id as usize] else {
                unreachable!("write_shard encodes every term of the shard first");
            };
            let (kind, word) = term.split_at(1);
            let where_ = if count <= INLINE_POSTINGS {
                json!(encoded)
            } else {
                if chunk.is_full() {
                    chunks.push(std::mem::take(&mut chunk).terms);
                }
                chunk.terms.push(id);
                chunk.bytes += encoded.len();
                json!(chunks.len())
            };
            let mut entry = vec![json!(kind), json!(word), json!(count), where_];
            // A word's stem, so a query can find the word's other forms.
            let stem = text::stem(word);
            if kind == "W" && stem != word {
                entry.push(json!(stem));
            }
            entries.push(Value::Array(entry));
        }
        if !chunk.terms.is_empty() {
            chunks.push(chunk.terms);
        }
        (Value::Array(entries).to_string(), chunks)
    }

    /// The documents whose results a chunk carries: its terms' best.
    fn chunk_best(&self, terms: &[u32]) -> BTreeSet<u32> {
        terms
            .iter()
            .filter_map(|id| self.encoded[*id as usize].as_ref())
            .flat_map(|(_, best)| best.iter().copied())
            .collect()
    }

    /// `{"d": {document: summary}, "p": {term: postings}}`, the summaries
    /// as kept (compact JSON).
    fn chunk_json(&self, terms: &[u32], best: &BTreeSet<u32>) -> String {
        // Keyed by the number as a string, in the order of the strings.
        let mut docs: Vec<(String, &str)> = best
            .iter()
            .map(|id| (id.to_string(), self.summaries[*id as usize].as_str()))
            .collect();
        docs.sort_unstable();
        let docs: Vec<String> = docs
            .into_iter()
            .map(|(id, summary)| format!("\"{id}\":{summary}"))
            .collect();
        let postings: BTreeMap<&str, &str> = terms
            .iter()
            .filter_map(|id| {
                let (encoded, _) = self.encoded[*id as usize].as_ref()?;
                Some((self.terms[*id as usize].as_str(), encoded.as_str()))
            })
            .collect();
        format!("{{\"d\":{{{}}},\"p\":{}}}", docs.join(","), json!(postings))
    }

    /// `meta.js`: what exists, and the labels.
    fn meta_json(&self) -> Value {
        let mut meta = self.meta.clone();
        meta["shards"] = json!(self.shards.keys().collect::<Vec<_>>());
        meta["facets"] = json!(self.facet_file_names());
        let years: BTreeSet<u16> = self.case_at.values().map(|k| k.year).collect();
        meta["caseYears"] = json!(years);
        let files: Vec<String> = self
            .paragraph_hundreds()
            .into_iter()
            .map(|hundred| self.paragraph_file(hundred))
            .collect();
        meta["paragraphFiles"] = json!(files);
        meta
    }
}

/// A document's terms, each with whether it occurs in the title.
fn doc_terms(doc: &Doc) -> Vec<(String, bool)> {
    let mut terms: BTreeMap<String, bool> = BTreeMap::new();
    for (source, in_title) in [(doc.text.as_str(), false), (doc.title.as_str(), true)] {
        for word in text::words(source) {
            let stem = text::stem(&word);
            let folded = text::fold(&word);
            for term in [
                Some(format!("W{word}")),
                (stem != word).then(|| format!("S{stem}")),
                (folded != word).then(|| format!("F{folded}")),
            ]
            .into_iter()
            .flatten()
            {
                let entry = terms.entry(term).or_insert(false);
                *entry |= in_title;
            }
        }
    }
    terms.into_iter().collect()
}

/// The best postings, by document, as base-36 numbers: the gap to the
/// previous document times two, plus one for a title match.
fn encode_postings(list: &[(u32, bool)]) -> String {
    let kept;
    let list = if list.len() > MAX_POSTINGS {
        let mut best: Vec<(u32, bool)> = ranked_first(list, MAX_POSTINGS).collect();
        best.sort_unstable_by_key(|(id, _)| *id);
        kept = best;
        &kept
    } else {
        list
    };
    let mut previous = 0;
    let mut out = String::with_capacity(list.len() * 4);
    for (i, (id, title)) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_base36(&mut out, (id - previous) * 2 + u32::from(*title));
        previous = *id;
    }
    out
}

fn push_base36(out: &mut String, mut n: u32) {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut digits = [0u8; 7];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = DIGITS[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// What a result shows: [type, title, url, date, bodies, status, excerpt].
fn doc_summary(site: &Site, d: &Doc) -> Value {
    let bodies: Vec<&str> = d
        .bodies
        .iter()
        .map(|b| site.bodies[*b].abbreviation.as_str())
        .collect();
    let excerpt: String = d.text.chars().take(EXCERPT).collect();
    json!([
        d.kind,
        d.title,
        d.url,
        d.date.map(|x| x.to_string()).unwrap_or_default(),
        bodies.join(", "),
        d.status.map(|s| s.key()).unwrap_or_default(),
        excerpt,
    ])
}

/// The filters a document is in: its type, bodies, year and status.
fn facet_names(site: &Site, d: &Doc) -> Vec<String> {
    let mut names = vec![format!("type-{}", d.kind)];
    names.extend(
        d.bodies
            .iter()
            .map(|b| format!("body-{}", site.bodies[*b].id)),
    );
    if let Some(date) = d.date {
        names.push(format!("year-{}", date.year()));
    }
    if let Some(s) = d.status {
        names.push(format!("status-{}", s.key()));
    }
    names
}

type CaseIds = BTreeMap<u16, BTreeMap<String, u32>>;

fn is_case(r: &DocRef) -> bool {
    matches!(r, DocRef::Case(_))
}

/// Renumber numbers kept by model index after items came or went; the
/// numbers of the removed items join `removed`.
fn renumber(numbers: &mut Vec<Option<u32>>, removed: &mut Vec<u32>, r: &Renumbering) {
    removed.extend(r.removed().filter_map(|old| numbers[old]));
    *numbers = r.apply(std::mem::take(numbers));
}

/// `meta.js` less the shards, facets, case years and § files, which
/// [`State::meta_json`] adds.
fn meta(site: &Site, t: &I18n, slots: usize) -> Value {
    json!({
        "docs": slots,
        "docShard": DOC_SHARD,
        "shards": [],
        "facets": [],
        "caseYears": [],
        "paragraphFiles": [],
        "years": meta_years(site),
        "bodies": site.bodies.iter().map(|b| json!({"id": b.id, "abbreviation": b.abbreviation, "name": b.name})).collect::<Vec<_>>(),
        "types": {
            "case": t.get("type_case"), "meeting": t.get("type_meeting"), "paragraph": t.get("type_paragraph"),
            "document": t.get("type_document"), "page": t.get("type_page"),
        },
        "statuses": CaseStatus::ALL.iter().map(|s| json!({"key": s.key(), "label": t.case_status(*s)})).collect::<Vec<_>>(),
    })
}

/// The years a search can be narrowed to: those of the meetings, which
/// every dated document's date is one of.
fn meta_years(site: &Site) -> Value {
    json!(site.years())
}

/// The text of HTML we made: tags dropped, entities decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Standard base64, for the filter bitmaps (`atob` decodes it).
fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_are_gap_coded_with_a_title_bit() {
        assert_eq!(
            encode_postings(&[(3, true), (10, false), (46, true)]),
            "7,e,21"
        );
        let many: Vec<(u32, bool)> = (0..3000).map(|i| (i, i % 1000 == 0)).collect();
        let kept = encode_postings(&many);
        assert_eq!(kept.split(',').count(), MAX_POSTINGS);
        assert!(
            kept.starts_with('1'),
            "document 0, a title match, is kept first"
        );
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
    }

    #[test]
    fn html_becomes_text() {
        assert_eq!(
            html_to_text("<p>A &amp; B</p><p>&lt;c&gt;</p>"),
            "A & B <c>"
        );
    }
}
