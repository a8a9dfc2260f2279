//! Building the index: each document's terms, facets and summary, and the
//! whole index made from the model.

use super::*;
use crate::pipeline::timed;

/// A document's terms, each with whether it occurs in the title: each word
/// (`W`, for the dictionary: which words there are, how common, and their
/// stems) and each word's stem (`S`, whose postings a query loads: every
/// document with a word of that stem).
/// And each pair of stems one after the other in the title or the text
/// (`P`: for phrases and nearness).
///
/// The terms the index already numbers (`ids`) come by number, so that
/// reading documents on every core leaves little for the one core that
/// adds them to the index; the others by text, for it to number.
pub(super) fn doc_terms(doc: &Doc, ids: &FxHashMap<String, u32>) -> DocTerms {
    let mut known: FxHashMap<u32, bool> = FxHashMap::default();
    let mut new: FxHashMap<String, bool> = FxHashMap::default();
    each_term(doc, |term, in_title| match ids.get(term) {
        Some(&id) => *known.entry(id).or_default() |= in_title,
        None => match new.get_mut(term) {
            Some(seen) => *seen |= in_title,
            None => {
                new.insert(term.to_owned(), in_title);
            }
        },
    });
    let mut new: Vec<(String, bool)> = new.into_iter().collect();
    new.sort_unstable();
    DocTerms {
        known: (known.into_iter())
            .map(|(id, title)| id * 2 + u32::from(title))
            .collect(),
        new,
    }
}

/// A document's terms as [`doc_terms`] reads them.
#[derive(Default)]
pub(super) struct DocTerms {
    /// Terms the index numbers, as `number * 2 + 1 if in the title`.
    pub known: Vec<u32>,
    /// Terms new to the index, in order (the order in which it numbers
    /// them).
    pub new: Vec<(String, bool)>,
}

/// Each term of a document as it occurs (see [`doc_terms`]), and whether
/// that occurrence is in the title.
fn each_term(doc: &Doc, mut note: impl FnMut(&str, bool)) {
    let (mut term, mut previous) = (String::new(), String::new());
    for (source, in_title) in [(doc.text.as_str(), false), (doc.title.as_str(), true)] {
        let mut first = true;
        text::each_word(source, |word, stem| {
            note(spell(&mut term, 'W', &[word]), in_title);
            note(spell(&mut term, 'S', &[stem]), in_title);
            if !first {
                note(spell(&mut term, 'P', &[&previous, stem]), in_title);
            }
            previous.clear();
            previous.push_str(stem);
            first = false;
        });
    }
}

/// `term` spelt anew as a term of `kind` made of `parts`, a space between
/// two (one buffer serves every term of a document).
fn spell<'a>(term: &'a mut String, kind: char, parts: &[&str]) -> &'a str {
    term.clear();
    term.push(kind);
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            term.push(' ');
        }
        term.push_str(part);
    }
    term
}

/// The terms of a batch of documents, read on every core; their texts
/// are let go of.
fn read_terms(batch: &mut [(u32, Doc)], ids: &FxHashMap<String, u32>) -> Vec<(u32, DocTerms)> {
    (batch.par_iter_mut())
        .map(|(number, doc)| {
            let terms = doc_terms(doc, ids);
            doc.text = String::new();
            (*number, terms)
        })
        .collect()
}

/// Add documents' numbered terms (see [`State::numbered`]) to the
/// postings, each document numbered after every one added before (so each
/// posting goes at its list's end), and keep them by document where the
/// index keeps them (for [`Use::Update`]).
fn add_postings(postings: &mut [Vec<Posting>], kept: &mut [Vec<u32>], docs: Vec<(u32, Vec<u32>)>) {
    for (number, packed) in docs {
        for &p in &packed {
            let list = &mut postings[(p / 2) as usize];
            debug_assert!(list.last().is_none_or(|p| p.number() < number));
            list.push(Posting::new(number, p % 2 == 1));
        }
        if let Some(slot) = kept.get_mut(number as usize) {
            *slot = packed;
        }
    }
}

/// What a result shows: [type, title, url, date, bodies, status, excerpt].
pub(super) fn doc_summary(site: &Site, d: &Doc) -> Value {
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

/// The filters a document is in: its type, bodies, year, status and the
/// people who raised, moved or reserved in it.
pub(super) fn facet_names(site: &Site, d: &Doc) -> Vec<String> {
    let mut names = vec![format!("type-{}", d.kind)];
    let people = d.people.iter().map(|p| &site.people.people[*p].id);
    names.extend(people.map(|id| format!("person-{id}")));
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

/// The text of HTML we made: tags dropped (each a space), entities
/// decoded, every run of white space one space, in one pass.
pub fn html_to_text(html: &str) -> String {
    const ENTITIES: [(&str, char); 5] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&amp;", '&'),
    ];
    let mut out = String::with_capacity(html.len());
    let (mut gap, mut in_tag) = (false, false);
    let mut chars = html.char_indices();
    while let Some((at, c)) = chars.next() {
        let c = match c {
            '<' => {
                (in_tag, gap) = (true, true);
                continue;
            }
            '>' => {
                in_tag = false;
                continue;
            }
            _ if in_tag => continue,
            c if c.is_whitespace() => {
                gap = true;
                continue;
            }
            '&' => match ENTITIES.iter().find(|(e, _)| html[at..].starts_with(e)) {
                Some((entity, decoded)) => {
                    // The rest of the entity (ASCII: a byte a character).
                    chars.nth(entity.len() - 2);
                    *decoded
                }
                None => '&',
            },
            c => c,
        };
        if gap && !out.is_empty() {
            out.push(' ');
        }
        gap = false;
        out.push(c);
    }
    out
}

/// Documents whose terms are read at once, then added to the index.
const TERM_BATCH: usize = 2048;

/// Whether an index is kept to be updated after edits (the preview's),
/// which needs each document's terms, or only written (a build's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    Write,
    Update,
}

impl SearchIndex {
    pub fn build(site: &Site, t: &I18n, usage: Use) -> SearchIndex {
        let started = std::time::Instant::now();
        let (refs, docs): (Vec<DocRef>, Vec<Doc>) = documents(site, t).into_iter().unzip();
        let named = docs::cases_named_by_day(site);
        let counts = named.iter().map(|(day, cases)| (*day, cases.len()));
        let place = |i: usize| match (refs[i], docs[i].date) {
            (DocRef::Case(ci), Some(day)) => (named[&day].iter())
                .position(|c| *c == ci)
                .expect("a case's latest day names it"),
            _ => unreachable!("only cases have places"),
        };
        let layout = Layout::of(&docs, &counts.collect(), place);
        let summaries: Vec<String> = docs
            .par_iter()
            .map(|d| doc_summary(site, d).to_string())
            .collect();
        crate::pipeline::timing("  documents and their summaries", started);
        let mut state = State::new(site, &refs, docs, summaries, &layout, usage);
        let started = std::time::Instant::now();
        let mut files = Vec::new();
        let keys: Vec<String> = state.shards.keys().cloned().collect();
        let nothing = ShardChanges {
            terms: &HashSet::new(),
            reencoded: &HashSet::new(),
            resummarized: &BTreeSet::new(),
        };
        files.extend(state.write_shards(&keys, &nothing));
        files.extend((0..state.slots.div_ceil(DOC_SHARD)).filter_map(|n| state.result_shard(n)));
        let mut add = |name: String, data: Value| files.push(index_file(&name, &data.to_string()));
        for name in state.facet_file_names() {
            let id = state.facet_ids[&name];
            add(
                format!("f/{name}"),
                json!(encode_facet(&state.facet_bits[id as usize])),
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
        crate::pipeline::timing("  files laid out", started);
        if usage == Use::Write {
            // Only the files are needed: let the rest go before the pages
            // are rendered.
            state = State::default();
        }
        SearchIndex { files, state }
    }

    /// The files, leaving none behind (once written, a build needs only
    /// what an update needs).
    pub fn take_files(&mut self) -> Vec<(String, String)> {
        std::mem::take(&mut self.files)
    }
}

impl State {
    /// The index of `docs`, whose texts it lets go of as it reads them;
    /// each document's terms are kept only for [`Use::Update`].
    pub(super) fn new(
        site: &Site,
        refs: &[DocRef],
        docs: Vec<Doc>,
        summaries: Vec<String>,
        layout: &Layout,
        usage: Use,
    ) -> State {
        let slots = layout.slots;
        let mut state = State {
            slots,
            numbers: Numbers::sized(site),
            days: layout.days.clone(),
            dates: vec![None; slots],
            summaries: vec!["null".to_owned(); slots],
            doc_terms: match usage {
                Use::Update => vec![Vec::new(); slots],
                Use::Write => Vec::new(),
            },
            doc_facets: vec![Vec::new(); slots],
            body_ids: site.bodies.iter().map(|b| b.id.clone()).collect(),
            ..State::default()
        };
        for ((r, doc), (&n, summary)) in refs
            .iter()
            .zip(&docs)
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
        for (&number, doc) in layout.numbers.iter().zip(&docs) {
            state.set_facets(number, facet_names(site, doc));
        }
        // In the order of the numbers (oldest first, but a day's cases by
        // their places): each posting goes at the end of its list. A batch
        // of documents' terms is read on every core, and their texts let go
        // of, then added: every document's terms at once would take
        // gigabytes at 100 000 paragraphs. (Adding a batch while the next
        // is read gained nothing: reading keeps both cores busy.)
        let mut numbered: Vec<(u32, Doc)> = layout.numbers.iter().copied().zip(docs).collect();
        numbered.sort_unstable_by_key(|(number, _)| *number);
        timed("  terms read and added", || {
            for batch in numbered.chunks_mut(TERM_BATCH) {
                let read = read_terms(batch, &state.term_ids);
                let read = (read.into_iter())
                    .map(|(number, terms)| (number, state.numbered(terms)))
                    .collect();
                add_postings(&mut state.postings, &mut state.doc_terms, read);
            }
        });
        timed("  compounds", || state.derive_compounds());
        timed("  terms placed", || state.place_all_terms());
        // A long term's segments are kept for updates only.
        let (encoded, segments): (Vec<_>, Vec<_>) = timed("  postings encoded", || {
            (state.terms.par_iter().zip(&state.postings))
                .map(|(term, list)| {
                    let mut kept = Segments::new();
                    let encoded = encode_term(term, list, &mut kept, &[]);
                    let kept = (usage == Use::Update && !kept.is_empty()).then_some(kept);
                    (encoded, kept)
                })
                .unzip()
        });
        state.encoded = encoded;
        state.segments = (segments.into_iter().enumerate())
            .filter_map(|(id, kept)| Some((id as u32, kept?)))
            .collect();
        // Every term is encoded: none is stale (the compounds' parts were).
        state.stale.clear();
        if crate::pipeline::timings_asked() {
            let count = |kind: char| state.terms.iter().filter(|t| t.starts_with(kind)).count();
            let entries: usize = state.postings.iter().map(Vec::len).sum();
            let capacity: usize = state.postings.iter().map(Vec::capacity).sum();
            let encoded: usize = (state.encoded.iter().flatten())
                .map(|(e, best)| e.capacity() + best.capacity() * 4)
                .sum();
            eprintln!(
                "timing:   terms W {} S {} P {} C {}; postings {entries} (capacity {capacity}); encoded {encoded} bytes",
                count('W'),
                count('S'),
                count('P'),
                count('C')
            );
        }
        state
    }
}
