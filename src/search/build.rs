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

impl SearchIndex {
    pub fn build(site: &Site, t: &I18n) -> SearchIndex {
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
        let mut state = State::new(site, &refs, &docs, summaries, &layout);
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
        SearchIndex { files, state }
    }

    /// The files, leaving none behind (once written, a build needs only
    /// what an update needs).
    pub fn take_files(&mut self) -> Vec<(String, String)> {
        std::mem::take(&mut self.files)
    }
}

impl State {
    pub(super) fn new(
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
        // In the order of the numbers (oldest first, but a day's cases by
        // their places): each posting goes at the end of its list.
        let mut numbered: Vec<(u32, Vec<(String, bool)>)> =
            layout.numbers.iter().copied().zip(per_doc).collect();
        numbered.sort_unstable_by_key(|(number, _)| *number);
        for (number, terms) in numbered {
            state.add_terms(number, terms);
        }
        state.derive_compounds();
        state.place_all_terms();
        for (&number, doc) in layout.numbers.iter().zip(docs) {
            state.set_facets(number, facet_names(site, doc));
        }
        state.encoded = (state.terms.par_iter().zip(&state.postings))
            .map(|(term, list)| encode_term(term, list))
            .collect();
        // Every term is encoded: none is stale (the compounds' parts were).
        state.stale.clear();
        state
    }
}
