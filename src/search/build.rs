//! Building the index: each document's terms, facets and summary, and the
//! whole index made from the model.

use super::*;

/// A document's terms, each with whether it occurs in the title: each word
/// (`W`, for the dictionary: which words there are, how common, and their
/// stems) and each word's stem (`S`, whose postings a query loads: every
/// document with a word of that stem).
/// And each pair of stems one after the other in the title or the text
/// (`P`: for phrases and nearness).
pub(super) fn doc_terms(doc: &Doc) -> Vec<(String, bool)> {
    let mut terms: BTreeMap<String, bool> = BTreeMap::new();
    for (source, in_title) in [(doc.text.as_str(), false), (doc.title.as_str(), true)] {
        let mut previous: Option<String> = None;
        for word in text::words(source) {
            let stem = text::stem(&word);
            let pair = previous.map(|before| format!("P{before} {stem}"));
            for term in [format!("W{word}"), format!("S{stem}")]
                .into_iter()
                .chain(pair)
            {
                let entry = terms.entry(term).or_insert(false);
                *entry |= in_title;
            }
            previous = Some(stem);
        }
    }
    terms.into_iter().collect()
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

/// Documents whose terms are read at once while the batch before is
/// added to the index.
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
        let mut state = State::new(site, &refs, docs, summaries, &layout, usage);
        let mut files = Vec::new();
        let keys: Vec<String> = state.shards.keys().cloned().collect();
        files.extend(state.write_shards(&keys, &BTreeSet::new(), &HashSet::new()));
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
        // of documents' terms is read (on the other cores), and their texts
        // let go of, while the one before is added: every document's terms
        // as text at once would take gigabytes at 100 000 paragraphs.
        let mut numbered: Vec<(u32, Doc)> = layout.numbers.iter().copied().zip(docs).collect();
        numbered.sort_unstable_by_key(|(number, _)| *number);
        let terms_of = |batch: &mut [(u32, Doc)]| -> Vec<(u32, Vec<(String, bool)>)> {
            (batch.par_iter_mut())
                .map(|(number, doc)| {
                    let terms = doc_terms(doc);
                    doc.text = String::new();
                    (*number, terms)
                })
                .collect()
        };
        let mut batches: Vec<&mut [(u32, Doc)]> = numbered.chunks_mut(TERM_BATCH).collect();
        let mut read = batches.first_mut().map(|b| terms_of(b)).unwrap_or_default();
        for k in 0..batches.len() {
            let current = std::mem::take(&mut read);
            let (ahead, ()) = rayon::join(
                || batches.get_mut(k + 1).map(|b| terms_of(b)),
                || {
                    for (number, terms) in current {
                        state.add_terms(number, terms);
                    }
                },
            );
            read = ahead.unwrap_or_default();
        }
        state.derive_compounds();
        state.place_all_terms();
        state.encoded = (state.terms.par_iter().zip(&state.postings))
            .map(|(term, list)| encode_term(term, list))
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
