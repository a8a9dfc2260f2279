//! Search: an index made from the model in the same build (never by reading
//! the HTML), written as small static files under `/sok/index/` that the
//! search page's script loads on demand.
//!
//! Every file is a script (`__insynSearch.add(name, data)`) rather than JSON,
//! because Chromium cannot fetch files from a folder opened from disk but can
//! always load scripts. A query loads only what it needs:
//!
//! - `t/<xy>.js`: the dictionary for terms starting with `xy` (folded): each
//!   word with its document count and its stem (when it is not the word),
//!   each stem with its count and either its postings (when short) or the
//!   number of its postings file within the shard;
//! - `p/<xy>-<n>.js`: all the postings (as gaps, or as a set of runs,
//!   Rice-coded gaps or a bitmap where that is shorter, a long set in
//!   segments: [`format::encode_postings`], [`segments`]) of neighbouring frequent terms of one
//!   dictionary shard, up to [`CHUNK_BYTES`] with their results, numbered
//!   within the shard (so an edit renumbers no other shard), with the
//!   results of each term's best [`BEST_DOCUMENTS`], so that a one-word
//!   query needs two round trips: its dictionary shard, then one or two of
//!   these;
//! - `d/<n>.js`: what a result shows, for [`DOC_SHARD`] numbers (none
//!   where all of them are free);
//! - `f/<facet>.js`: the set of the documents of one type, body, year or
//!   status (in the same forms), for filters;
//! - `i/…js`: diarienummer by year, § numbers by body and hundred, for
//!   exact look-ups;
//! - `meta.js`: what exists, and the labels.
//!
//! Terms are words (`W`: listed in the dictionary with their counts and
//! stems, for prefixes and spellings without å, ä and ö), their Snowball
//! stems (`S`: with the postings of every document that has a word of that
//! stem, the word itself included, so a word's forms are one list) and
//! pairs of stems one after the other, stop words skipped (`P`, as
//! `Pöppn dat`: for quoted phrases and for ranking documents that hold a
//! query's words side by side first). A pair is in a dictionary shard of
//! pairs, `t/<first stem's key>.<group of the second stem's first letter>`
//! (`t/op.a` for `Pöppn dat`, `t/op.0` for `Pöppn 2019`, but `t/19.3` for
//! a year and a number, `P1984 347`: [`text::pair_group`]), which
//! only a query of several words loads (the shard of words `t/op` ends
//! with `["N", "a…"]`, the groups of its pair shards); its postings ship
//! without results. A compound's parts are terms too (`C`,
//! as `Cstrategi`: every document with a word that has that part,
//! [`compound`]), beside the stem in its shard, shipped without results; a
//! compound's `W` entry lists its parts. Documents are numbered oldest first, so higher numbers
//! win ties and a new day's documents take new numbers after all others,
//! with room on each day for cases and paragraphs that come or go
//! ([`layout`]).
//!
//! [`build`] makes the index from the model, [`update`] patches it after
//! an edit the preview patched in, and [`format`] writes its files; what
//! both keep of the index (terms, facets, § numbers) is here.

mod build;
mod compound;
mod dictionary;
pub mod docs;
mod format;
pub mod layout;
mod segments;
pub mod text;
mod update;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::{json, Value};

use crate::i18n::I18n;
use crate::model::ix::ByIx;
use crate::model::patch::Renumbering;
use crate::model::vocabulary::CaseStatus;
use crate::model::{Case, Meeting, Paragraph, Pdf, Site};
use build::*;
pub use build::{html_to_text, Use};
pub use docs::DocRef;
use docs::{doc_of, documents, Doc, KINDS};
use format::*;
use layout::{block_slots, Block, Day, Layout};
use segments::{Segments, Stale};
pub use update::Update;

/// Does a term have postings in the index's files? Stems and pairs do;
/// words are listed in the dictionary only.
fn has_postings_file(term: &str) -> bool {
    term.starts_with(['S', 'P', 'C'])
}

/// Does a term's postings ship without results, as a query finds its
/// documents among other terms' (a pair, a compound's part)?
fn ships_without_results(term: &str) -> bool {
    term.starts_with(['P', 'C'])
}

/// Is a term a pair of stems, one word after the other (stop words
/// skipped): `Pöppn dat`?
fn is_pair(term: &str) -> bool {
    term.starts_with('P')
}

/// Documents per result shard.
pub const DOC_SHARD: usize = 32;

/// Numbers of days that stay that an edit may give other documents (as
/// days come, go or grow before them) rather than build the index again.
const MAX_RENUMBERED: usize = 4096;

/// Postings this short stay inside the dictionary shard.
const INLINE_POSTINGS: usize = 24;

/// A pair's postings this short stay inside its pair shard: a pair ships
/// without results, and a query of several words loads its pair shard
/// anyway, so a chunk file of its own would cost a file and a round trip
/// for a few hundred bytes.
const INLINE_PAIR_POSTINGS: usize = 96;

/// How many postings a term keeps inside its dictionary shard.
fn inline_postings(term: &str) -> usize {
    match is_pair(term) {
        true => INLINE_PAIR_POSTINGS,
        false => INLINE_POSTINGS,
    }
}

/// Characters (postings and results) a chunk of postings holds at most,
/// unless a single term takes more.
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
type Postings = Vec<Posting>;

/// A document's number, and whether its title has the term, in four
/// bytes (the highest bit): a 100 000-paragraph archive has some 30
/// million postings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Posting(u32);

impl Posting {
    const TITLE: u32 = 1 << 31;

    fn new(number: u32, in_title: bool) -> Posting {
        debug_assert!(number < Posting::TITLE);
        Posting(number | if in_title { Posting::TITLE } else { 0 })
    }

    fn number(self) -> u32 {
        self.0 & !Posting::TITLE
    }

    fn in_title(self) -> bool {
        self.0 & Posting::TITLE != 0
    }

    /// As a number and whether it matches in the title.
    fn parts(self) -> (u32, bool) {
        (self.number(), self.in_title())
    }
}

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
    /// Fx rather than SipHash: a build looks up millions of terms, and
    /// none comes from a visitor (10.7 against 11.2–12.5 s at 100 000 §).
    term_ids: FxHashMap<String, u32>,
    postings: Vec<Postings>,
    /// Each term's postings encoded, and its best documents (see
    /// [`State::encode_stale`]); a long term's segments as written (for
    /// [`Use::Update`]); and the terms whose postings changed since, with
    /// the segments they changed in.
    encoded: Vec<Option<format::Encoded>>,
    segments: HashMap<u32, Segments>,
    stale: Stale,
    /// Each dictionary shard's terms, in the dictionary's order
    /// ([`State::dictionary_order`]), and the terms of each of its postings
    /// chunks as last written.
    shards: BTreeMap<String, Vec<u32>>,
    chunks: HashMap<String, Vec<Vec<u32>>>,
    /// Each dictionary shard as last written, its entries found by term.
    dictionaries: HashMap<String, dictionary::Written>,
    /// The shards whose chunks show a document among their best results.
    best_in: HashMap<u32, BTreeSet<String>>,
    /// `meta.js` less its lists of shards, facets and case years.
    meta: Value,
    /// Which words are compounds of which parts.
    compounds: compound::Compounds,
}

/// The number of each model item, by kind and index (`None` for an item
/// not numbered yet).
#[derive(Default)]
struct Numbers {
    cases: ByIx<Case, Option<u32>>,
    meetings: ByIx<Meeting, Option<u32>>,
    paragraphs: ByIx<Paragraph, Option<u32>>,
    pdfs: ByIx<Pdf, Option<u32>>,
    pages: Vec<Option<u32>>,
    /// Bodies, budget years and indicators: few, and changed only by a
    /// whole build.
    others: HashMap<DocRef, u32>,
}

impl Numbers {
    fn sized(site: &Site) -> Numbers {
        Numbers {
            cases: vec![None; site.cases.len()].into(),
            meetings: vec![None; site.meetings.len()].into(),
            paragraphs: vec![None; site.paragraphs.len()].into(),
            pdfs: vec![None; site.pdfs.len()].into(),
            pages: vec![None; site.pages.len()],
            others: HashMap::new(),
        }
    }

    fn get(&self, r: DocRef) -> Option<u32> {
        let (list, i) = match r {
            DocRef::Case(i) => (self.cases.as_slice(), i.get()),
            DocRef::Meeting(i) => (self.meetings.as_slice(), i.get()),
            DocRef::Paragraph(i) => (self.paragraphs.as_slice(), i.get()),
            DocRef::Pdf(i) => (self.pdfs.as_slice(), i.get()),
            DocRef::Page(i) => (self.pages.as_slice(), i),
            DocRef::Body(_) | DocRef::Person(_) | DocRef::Budget(_) | DocRef::Indicator { .. } => {
                return self.others.get(&r).copied()
            }
        };
        list.get(i).copied().flatten()
    }

    fn set(&mut self, r: DocRef, n: u32) {
        let slot = match r {
            DocRef::Case(i) => &mut self.cases[i],
            DocRef::Meeting(i) => &mut self.meetings[i],
            DocRef::Paragraph(i) => &mut self.paragraphs[i],
            DocRef::Pdf(i) => &mut self.pdfs[i],
            DocRef::Page(i) => &mut self.pages[i],
            DocRef::Body(_) | DocRef::Person(_) | DocRef::Budget(_) | DocRef::Indicator { .. } => {
                self.others.insert(r, n);
                return;
            }
        };
        *slot = Some(n);
    }
}

/// What the index keeps of a case: its year and slug (the look-up of
/// case ids).
#[derive(Clone, Debug)]
struct CaseKey {
    year: u16,
    slug: String,
}

impl CaseKey {
    fn of(doc: &Doc) -> Option<CaseKey> {
        let (year, slug) = doc.case.clone()?;
        Some(CaseKey { year, slug })
    }
}

/// Changes to terms' postings noted document by document, each a number
/// and its title match (`None`: no longer there), made together
/// ([`State::apply_postings`]): a day that outgrows its block renumbers a
/// thousand documents, each in a hundred long lists, and a change at a
/// time moved each list's tail a hundred thousand times.
#[derive(Default)]
struct PostingChanges(HashMap<u32, NumberChanges>);

/// A term's changes: each number, and its title match or `None`.
type NumberChanges = Vec<(u32, Option<bool>)>;

impl PostingChanges {
    fn note(&mut self, id: u32, number: u32, title: Option<bool>) {
        self.0.entry(id).or_default().push((number, title));
    }
}

/// A list with `changes` (by number, one each) made.
fn merged(list: &[Posting], changes: &[(u32, Option<bool>)]) -> Postings {
    let mut out = Vec::with_capacity(list.len() + changes.len());
    let mut old = list.iter().copied().peekable();
    for &(number, title) in changes {
        while let Some(p) = old.next_if(|p| p.number() < number) {
            out.push(p);
        }
        old.next_if(|p| p.number() == number);
        out.extend(title.map(|title| Posting::new(number, title)));
    }
    out.extend(old);
    out
}

/// Make `changes` (by number, one each) to a list: a few looked up one
/// by one, more in one pass.
fn change_list(list: &mut Postings, changes: &[(u32, Option<bool>)]) {
    if changes.len() > 8 {
        *list = merged(list, changes);
        return;
    }
    for &(number, title) in changes {
        let at = list.binary_search_by_key(&number, |p| p.number());
        match (at, title) {
            (Ok(at), Some(title)) => list[at] = Posting::new(number, title),
            (Ok(at), None) => drop(list.remove(at)),
            (Err(at), Some(title)) => list.insert(at, Posting::new(number, title)),
            (Err(_), None) => {}
        }
    }
}

impl State {
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

    /// A document's terms, each as `number * 2 + 1 if in the title`, in
    /// order; a term new to the index is given its number here.
    fn numbered(&mut self, terms: DocTerms) -> Vec<u32> {
        let mut packed = terms.known;
        for (term, title) in terms.new {
            packed.push(self.term_id(term) * 2 + u32::from(title));
        }
        packed.sort_unstable();
        packed
    }

    /// Put every term with postings in its shard (once every document's
    /// terms are added).
    fn place_all_terms(&mut self) {
        let mut shards: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for id in 0..self.terms.len() as u32 {
            if !self.postings[id as usize].is_empty() {
                shards.entry(self.shard_of(id)).or_default().push(id);
            }
        }
        for terms in shards.values_mut() {
            terms.sort_unstable_by(|a, b| self.dictionary_order(*a, *b));
        }
        self.shards = shards;
    }

    /// The order of a dictionary shard's terms: by word, then kind, so that
    /// a word's forms and its prefix neighbours sit side by side and one
    /// query's postings share few chunks.
    fn dictionary_order(&self, a: u32, b: u32) -> std::cmp::Ordering {
        let (a, b) = (&self.terms[a as usize], &self.terms[b as usize]);
        (&a[1..], &a[..1]).cmp(&(&b[1..], &b[..1]))
    }

    /// Give a document its (new) terms, noting how their postings change
    /// in `changes` (made by [`State::apply_postings`]).
    fn set_terms(&mut self, number: u32, terms: DocTerms, changes: &mut PostingChanges) {
        let new = self.numbered(terms);
        let old = std::mem::replace(&mut self.doc_terms[number as usize], new.clone());
        for packed in old.iter().filter(|p| new.binary_search(p).is_err()) {
            changes.note(packed / 2, number, None);
        }
        for packed in new.iter().filter(|p| old.binary_search(p).is_err()) {
            changes.note(packed / 2, number, Some(packed % 2 == 1));
        }
    }

    /// Make the changes to postings noted by [`State::set_terms`]: one
    /// pass over each term's list however many of its documents changed.
    /// A term no document has any more leaves its shard. Returns the terms
    /// changed, in order.
    fn apply_postings(&mut self, changes: PostingChanges) -> Vec<u32> {
        // Each list taken out and changed (on every core when many change:
        // a day's documents renumbered), then put back.
        let lists: Vec<(u32, NumberChanges, Postings)> = (changes.0.into_iter())
            .map(|(id, changed)| (id, changed, std::mem::take(&mut self.postings[id as usize])))
            .collect();
        let many = lists.len() > 2048;
        let lists: Vec<_> = (lists.into_par_iter())
            .with_min_len(if many { 1 } else { usize::MAX })
            .map(|(id, mut changed, mut list)| {
                // The last change to a number is the one that holds.
                changed.reverse();
                changed.sort_by_key(|(number, _)| *number);
                changed.dedup_by_key(|(number, _)| *number);
                let was_empty = list.is_empty();
                change_list(&mut list, &changed);
                (id, changed, list, was_empty)
            })
            .collect();
        let mut touched = Vec::with_capacity(lists.len());
        for (id, changed, list, was_empty) in lists {
            touched.push(id);
            let is_empty = list.is_empty();
            self.postings[id as usize] = list;
            for &(number, _) in &changed {
                self.stale.changed_at(id, number);
            }
            if was_empty != is_empty {
                self.place_term(id);
            }
        }
        touched.sort_unstable();
        touched
    }

    /// Put a term in its dictionary shard when documents have it, or take
    /// it out (and an empty shard with it) when none has.
    fn place_term(&mut self, id: u32) {
        let key = self.shard_of(id);
        let terms = self.shards.get(&key).map_or(&[][..], Vec::as_slice);
        let at = terms.binary_search_by(|t| self.dictionary_order(*t, id));
        match (at, self.postings[id as usize].is_empty()) {
            (Ok(at), true) => {
                let terms = self.shards.get_mut(&key).expect("the term's shard");
                terms.remove(at);
                if terms.is_empty() {
                    self.shards.remove(&key);
                }
            }
            (Err(at), false) => self.shards.entry(key).or_default().insert(at, id),
            _ => {}
        }
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
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A term's postings as the index writes them.
    fn encoded(list: &[(u32, bool)]) -> String {
        let list: Vec<Posting> = list
            .iter()
            .map(|&(n, title)| Posting::new(n, title))
            .collect();
        encode_postings(&list, &format::title_matches(&list), None)
    }

    #[test]
    fn postings_are_gap_coded_with_a_title_bit_or_a_set_when_shorter() {
        // Gaps 3 (a title match), 7 and 36 (a title match), coded 7, 14 and
        // 73: `7`, `e`, and `y9` (2 × 32 + 9, the first digit going on).
        assert_eq!(encoded(&[(3, true), (10, false), (46, true)]), "7ey9");
        // 3 000 documents of 3 000 numbers from 800 on, three of them
        // title matches: as a set, 800 out and 3 000 in, then the title
        // matches' gaps.
        let many: Vec<(u32, bool)> = (800..3800).map(|i| (i, i % 1000 == 0)).collect();
        let kept = encoded(&many);
        let (set, titles) = kept.strip_prefix('~').unwrap().split_once('|').unwrap();
        assert_eq!(set, "=V0yZo", "800 (25 × 32) and 3 000 (93 × 32 + 24)");
        assert_eq!(titles, "_8_8_8", "1000 (31 × 32 + 8), three times");
    }

    #[test]
    fn numbers_take_a_character_per_five_bits() {
        let written = |n: u32| {
            let mut out = String::new();
            format::push_number(&mut out, n);
            out
        };
        assert_eq!(written(0), "0");
        assert_eq!(written(31), "v");
        assert_eq!(written(32), "x0");
        assert_eq!(written(1023), "_v");
        assert_eq!(written(1024), "xw0");
        assert_eq!(written(u32::MAX).len(), 7);
    }

    #[test]
    fn the_shortest_form_is_chosen() {
        // Three documents: gaps of 1, 17 and 18, coded 2, 35 (a title
        // match) and 36, in one, two and two characters.
        let list = [(1, false), (18, true), (36, false)];
        assert_eq!(encoded(&list), "2x3x4");
        let every = |n: u32| (0..400).map(|i| (i * n, false)).collect::<Vec<_>>();
        // Every other document: a bitmap.
        assert!(encoded(&every(2)).starts_with("~0:"));
        // One in five: Rice-coded gaps.
        assert!(encoded(&every(5)).starts_with("~^"));
        // 400 in a row from 100: runs of 100 out (3 × 32 + 4) and 400 in
        // (12 × 32 + 16).
        let row: Vec<(u32, bool)> = (100..500).map(|i| (i, false)).collect();
        assert_eq!(encoded(&row), "~=z4Ig|");
    }

    #[test]
    fn a_set_is_written_as_runs_or_as_a_bitmap_from_its_first_document() {
        // Documents 17 and 18 (byte 2, bits 1 and 2): 17 out, 2 in.
        assert_eq!(encode_facet(&[0, 0, 0b110, 0, 0]), "=h2");
        assert_eq!(encode_facet(&[0, 0]), "=");
        // Every other document of 16 from 40: runs of one, longer than
        // its two bytes from byte 5 as a bitmap.
        assert_eq!(encode_facet(&[0, 0, 0, 0, 0, 0x55, 0x55]), "5:VVU=");
        // 300 documents in a row from 1 000: 1 000 out (31 × 32 + 8), 300
        // in (9 × 32 + 12).
        let mut bits = vec![0u8; 200];
        (1000..1300).for_each(|n| bits[n / 8] |= 1 << (n % 8));
        assert_eq!(encode_facet(&bits), "=_8Fc");
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
    }

    #[test]
    fn postings_changed_together_are_what_changes_one_at_a_time_give() {
        // A long list (merged) and a short one (looked up), each changed
        // by many documents: the last change to a number holds.
        for many in [true, false] {
            let mut state = State::default();
            let id = state.term_id("Sbeslut".to_owned());
            state.postings[id as usize] =
                (0..100).map(|n| Posting::new(n * 2, n % 7 == 0)).collect();
            let mut changes = PostingChanges::default();
            let mut expected: BTreeMap<u32, bool> = state.postings[id as usize]
                .iter()
                .map(|p| (p.number(), p.in_title()))
                .collect();
            let edits: Vec<(u32, Option<bool>)> = match many {
                true => (0..60)
                    .map(|k| (k * 3, [None, Some(true), Some(false)][k as usize % 3]))
                    .collect(),
                false => vec![
                    (4, None),
                    (5, Some(true)),
                    (4, Some(false)),
                    (199, Some(true)),
                    (6, None),
                ],
            };
            for &(number, title) in &edits {
                changes.note(id, number, title);
                match title {
                    Some(title) => expected.insert(number, title),
                    None => expected.remove(&number),
                };
            }
            assert_eq!(state.apply_postings(changes), vec![id], "the term changed");
            let got: Vec<(u32, bool)> = state.postings[id as usize]
                .iter()
                .map(|p| p.parts())
                .collect();
            assert_eq!(
                got,
                expected.into_iter().collect::<Vec<_>>(),
                "many: {many}"
            );
            assert_eq!(state.stale.drain().len(), 1);
        }
    }

    #[test]
    fn a_document_has_the_pairs_of_its_neighbouring_stems_stop_words_skipped() {
        let doc = Doc {
            kind: "paragraph",
            title: "Öppna data".to_owned(),
            url: String::new(),
            date: None,
            bodies: Vec::new(),
            status: None,
            text: "Motionen om öppna data. Data".to_owned(),
            case: None,
            paragraph: None,
            people: Vec::new(),
        };
        let pairs: Vec<(String, bool)> = doc_terms(&doc, &Default::default())
            .new
            .into_iter()
            .filter(|(term, _)| is_pair(term))
            .collect();
        let pair = |t: &str, title| (t.to_owned(), title);
        // `om` is a stop word; the title's pair is a title match; a full
        // stop does not part words.
        assert_eq!(
            pairs,
            [
                pair("Pdat dat", false),
                pair("Pmotion öppn", false),
                pair("Pöppn dat", true)
            ]
        );
        // A pair's shard is its own; the shard of words of its first
        // stem lists it.
        let mut state = State::default();
        for term in ["Pöppn dat", "Pöppn kod", "Pöppn 2019", "Söppn", "Soper"] {
            let id = state.term_id(term.to_owned());
            state.postings[id as usize].push(Posting::new(0, false));
            state.place_term(id);
        }
        let keys: Vec<&String> = state.shards.keys().collect();
        assert_eq!(keys, ["op", "op.0", "op.a"], "dat and kod share one");
        assert_eq!(state.pair_shards_of("op").as_deref(), Some("0a"));
        assert_eq!(state.pair_shards_of("op.a"), None);
    }

    #[test]
    fn html_becomes_text() {
        assert_eq!(
            html_to_text("<p>A &amp; B</p><p>&lt;c&gt;</p>"),
            "A & B <c>"
        );
        // An entity's text stays text; unknown entities stay as written;
        // white space between tags and words is one space, none at the ends.
        assert_eq!(
            html_to_text("\n <p>\t x &amp;lt; &nbsp;  y&#39;s&quot;</p>b<br>c  "),
            "x &lt; &nbsp; y's\" b c"
        );
    }
}
