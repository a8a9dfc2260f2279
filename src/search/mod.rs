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
//!   the number of its postings file;
//! - `p/<n>.js`: the postings (the best [`MAX_POSTINGS`]) of neighbouring
//!   frequent terms of one dictionary shard, with the results of each
//!   term's best [`BEST_DOCUMENTS`], so that a one-word query needs two
//!   round trips: its dictionary shard, then one or two of these;
//! - `d/<n>.js`: what a result shows, for [`DOC_SHARD`] documents;
//! - `f/<facet>.js`: a bitmap of the documents of one type, body, year or
//!   status, for filters;
//! - `i/…js`: diarienummer by year, § numbers by body and hundred, for
//!   exact look-ups;
//! - `meta.js`: what exists, and the labels.
//!
//! Terms are words (`W`), their Snowball stems (`S`) and their forms without
//! å, ä and ö (`F`). Documents are numbered newest first, so lower numbers
//! win ties.

pub mod text;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::Datelike;
use rayon::prelude::*;
use serde_json::{json, Value};

use crate::i18n::I18n;
use crate::model::vocabulary::CaseStatus;
use crate::model::Site;
use crate::render::paths::{self, href};

/// Documents per result shard.
pub const DOC_SHARD: usize = 16;
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

/// The index's files: path relative to the output folder, and contents.
pub struct SearchIndex {
    pub files: Vec<(String, String)>,
}

/// One searchable thing.
struct Doc {
    kind: &'static str,
    title: String,
    url: String,
    date: Option<chrono::NaiveDate>,
    bodies: Vec<usize>,
    status: Option<CaseStatus>,
    text: String,
    case: Option<(u16, String)>,
    paragraph: Option<(usize, u32)>,
}

/// Postings of neighbouring frequent terms, packed into one file with what
/// their best documents show.
#[derive(Default)]
struct Chunk {
    postings: BTreeMap<String, String>,
    best: BTreeSet<u32>,
    bytes: usize,
}

impl Chunk {
    fn push(&mut self, term: String, list: Postings) {
        self.best.extend(best_documents(&list));
        let encoded = encode_postings(list);
        self.bytes += encoded.len();
        self.postings.insert(term, encoded);
    }

    fn is_empty(&self) -> bool {
        self.postings.is_empty()
    }

    fn is_full(&self) -> bool {
        self.bytes >= CHUNK_BYTES
    }

    /// `{"p": {term: postings}, "d": {document: summary}}`.
    fn into_json(self, summaries: &[Value]) -> Value {
        let docs: BTreeMap<String, &Value> = self
            .best
            .iter()
            .map(|id| (id.to_string(), &summaries[*id as usize]))
            .collect();
        json!({"p": self.postings, "d": docs})
    }
}

/// A term's first page of results on its own: title matches, then newest.
/// The first page of a one-word query is among its terms' best documents
/// (any document ranked below ten others of its best term is ranked below
/// them overall), so it shows without loading result shards.
fn best_documents(list: &[(u32, bool)]) -> Vec<u32> {
    let mut ranked = list.to_vec();
    ranked.sort_by_key(|(id, title)| (!title, *id));
    ranked
        .into_iter()
        .take(BEST_DOCUMENTS)
        .map(|(id, _)| id)
        .collect()
}

impl SearchIndex {
    pub fn build(site: &Site, t: &I18n) -> SearchIndex {
        let docs = documents(site, t);
        let mut files = Vec::new();
        let mut add = |name: String, data: Value| {
            let script = format!("__insynSearch.add({},{});\n", json!(name), data);
            files.push((format!("sok/index/{name}.js"), script));
        };

        let summaries: Vec<Value> = docs.par_iter().map(|d| doc_summary(site, d)).collect();
        let shard_keys = write_dictionary(terms_by_shard(&docs), &summaries, &mut add);

        for (n, shard) in summaries.chunks(DOC_SHARD).enumerate() {
            add(format!("d/{n}"), Value::Array(shard.to_vec()));
        }

        let facets = facets(site, &docs);
        let facet_names: Vec<String> = facets.keys().cloned().collect();
        for (name, bits) in facets {
            add(format!("f/{name}"), json!(base64(&bits)));
        }

        let (case_ids, paragraph_ids) = identifiers(&docs);
        let case_years: Vec<u16> = case_ids.keys().copied().collect();
        for (year, map) in case_ids {
            add(format!("i/case-{year}"), json!(map));
        }
        // § numbers by body, a file per hundred (`i/p-ks-2` holds § 200–299).
        let mut paragraph_files = Vec::new();
        for (body, map) in paragraph_ids {
            let mut hundreds: BTreeMap<u32, BTreeMap<u32, Vec<u32>>> = BTreeMap::new();
            for (number, ids) in map {
                hundreds
                    .entry(number / 100)
                    .or_default()
                    .insert(number, ids);
            }
            for (hundred, part) in hundreds {
                let name = format!("p-{}-{hundred}", site.bodies[body].id);
                add(format!("i/{name}"), json!(part));
                paragraph_files.push(name);
            }
        }

        add(
            "meta".to_owned(),
            meta(
                site,
                t,
                &docs,
                &shard_keys,
                &facet_names,
                &case_years,
                &paragraph_files,
            ),
        );
        files.sort();
        SearchIndex { files }
    }
}

/// Documents containing a term, in order, each with whether its title does.
type Postings = Vec<(u32, bool)>;

/// Every term (kind letter, then the term) with its postings, grouped by
/// dictionary shard.
fn terms_by_shard(docs: &[Doc]) -> BTreeMap<String, Vec<(String, Postings)>> {
    let per_doc: Vec<Vec<(String, bool)>> = docs.par_iter().map(doc_terms).collect();
    let mut postings: HashMap<String, Postings> = HashMap::new();
    for (id, terms) in per_doc.into_iter().enumerate() {
        for (term, title) in terms {
            postings.entry(term).or_default().push((id as u32, title));
        }
    }
    let mut shards: BTreeMap<String, Vec<(String, Postings)>> = BTreeMap::new();
    for (term, list) in postings {
        shards
            .entry(text::shard_key(&term[1..]))
            .or_default()
            .push((term, list));
    }
    shards
}

/// Writes the dictionary shards (`t/`) and the postings chunks (`p/`);
/// returns the shards' keys.
fn write_dictionary(
    shards: BTreeMap<String, Vec<(String, Postings)>>,
    summaries: &[Value],
    add: &mut impl FnMut(String, Value),
) -> Vec<String> {
    let keys: Vec<String> = shards.keys().cloned().collect();
    let mut chunk_number = 0;
    for (key, mut terms) in shards {
        // Word, then kind: a word's forms and its prefix neighbours sit side
        // by side, so one query's postings share few chunks.
        terms.sort_by(|a, b| (&a.0[1..], &a.0[..1]).cmp(&(&b.0[1..], &b.0[..1])));
        let mut chunk = Chunk::default();
        let mut entries = Vec::new();
        for (term, list) in terms {
            let (kind, word) = term.split_at(1);
            let count = list.len();
            let where_ = if count <= INLINE_POSTINGS {
                json!(encode_postings(list))
            } else {
                if chunk.is_full() {
                    add(format!("p/{chunk_number}"), chunk.into_json(summaries));
                    chunk = Chunk::default();
                    chunk_number += 1;
                }
                chunk.push(term.clone(), list);
                json!(chunk_number)
            };
            let mut entry = vec![json!(kind), json!(word), json!(count), where_];
            // A word's stem, so a query can find the word's other forms.
            let stem = text::stem(word);
            if kind == "W" && stem != word {
                entry.push(json!(stem));
            }
            entries.push(Value::Array(entry));
        }
        if !chunk.is_empty() {
            add(format!("p/{chunk_number}"), chunk.into_json(summaries));
            chunk_number += 1;
        }
        add(format!("t/{key}"), Value::Array(entries));
    }
    keys
}

/// Every case, meeting, published paragraph, published PDF and free page,
/// newest first.
fn documents(site: &Site, t: &I18n) -> Vec<Doc> {
    let mut docs = Vec::new();
    for (ci, c) in site.cases.iter().enumerate() {
        let titles: Vec<&str> = c
            .timeline
            .iter()
            .map(|pi| site.paragraphs[*pi].title.as_str())
            .collect();
        docs.push(Doc {
            kind: "case",
            title: c.title.clone(),
            url: href(&paths::case_dir(site, ci)),
            date: Some(site.latest_treated(ci)),
            bodies: site.case_bodies(ci),
            status: Some(c.status),
            text: format!(
                "{} {} {} {}",
                c.diarienummer,
                html_to_text(&c.summary_html),
                titles.join(" "),
                c.tags.join(" ")
            ),
            case: Some((c.id.year, c.slug.clone())),
            paragraph: None,
        });
    }
    for (mi, m) in site.meetings.iter().enumerate() {
        let titles: Vec<&str> = m
            .paragraphs
            .clone()
            .map(|pi| site.paragraphs[pi].title.as_str())
            .collect();
        docs.push(Doc {
            kind: "meeting",
            title: format!("{} {}", site.bodies[m.body].name, t.date(m.date)),
            url: href(&paths::meeting_dir(site, mi)),
            date: Some(m.date),
            bodies: vec![m.body],
            status: None,
            text: format!("{} {}", html_to_text(&m.notes_html), titles.join(" ")),
            case: None,
            paragraph: None,
        });
    }
    for (pi, p) in site.published_paragraphs() {
        let m = site.meeting_of(p);
        let cases: Vec<&str> = p.cases.iter().map(|c| c.written.as_str()).collect();
        let documents: Vec<&str> = p.documents.iter().map(|d| d.title.as_str()).collect();
        docs.push(Doc {
            kind: "paragraph",
            title: format!(
                "{} § {} {}",
                site.bodies[m.body].abbreviation, p.number, p.title
            ),
            url: href(&paths::paragraph_dir(site, pi)),
            date: Some(m.date),
            bodies: vec![m.body],
            status: None,
            text: format!(
                "{} {} {} {}",
                cases.join(" "),
                html_to_text(&p.html),
                documents.join(" "),
                p.tags.join(" ")
            ),
            case: None,
            paragraph: Some((m.body, p.number)),
        });
    }
    for (i, pdf) in site.pdfs.iter().enumerate() {
        let p = &site.paragraphs[pdf.paragraph];
        let m = site.meeting_of(p);
        docs.push(Doc {
            kind: "document",
            title: p.documents[pdf.document].title.clone(),
            url: paths::encode_path(&paths::document_page(site, i)),
            date: Some(m.date),
            bodies: vec![m.body],
            status: None,
            text: format!(
                "{} § {} {}",
                site.bodies[m.body].abbreviation,
                p.number,
                pdf.text.all_text()
            ),
            case: None,
            paragraph: None,
        });
    }
    for p in &site.pages {
        docs.push(Doc {
            kind: "page",
            title: p.title.clone(),
            url: href(&format!("{}/", p.slug)),
            date: None,
            bodies: Vec::new(),
            status: None,
            text: html_to_text(&p.html),
            case: None,
            paragraph: None,
        });
    }
    const ORDER: [&str; 5] = ["case", "paragraph", "document", "meeting", "page"];
    docs.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| {
                ORDER
                    .iter()
                    .position(|k| *k == a.kind)
                    .cmp(&ORDER.iter().position(|k| *k == b.kind))
            })
            .then_with(|| a.url.cmp(&b.url))
    });
    docs
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
fn encode_postings(mut list: Postings) -> String {
    if list.len() > MAX_POSTINGS {
        list.sort_by_key(|(id, title)| (!title, *id));
        list.truncate(MAX_POSTINGS);
        list.sort_by_key(|(id, _)| *id);
    }
    let mut previous = 0;
    let mut out = String::with_capacity(list.len() * 4);
    for (i, (id, title)) in list.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&base36((id - previous) * 2 + u32::from(title)));
        previous = id;
    }
    out
}

fn base36(mut n: u32) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    if n == 0 {
        return "0".to_owned();
    }
    let mut out = Vec::new();
    while n > 0 {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
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

/// A bitmap of documents for each filter value.
fn facets(site: &Site, docs: &[Doc]) -> BTreeMap<String, Vec<u8>> {
    let mut facets: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let bytes = docs.len().div_ceil(8);
    let mut set = |name: String, id: usize| {
        facets.entry(name).or_insert_with(|| vec![0; bytes])[id / 8] |= 1 << (id % 8);
    };
    for (id, d) in docs.iter().enumerate() {
        set(format!("type-{}", d.kind), id);
        for b in &d.bodies {
            set(format!("body-{}", site.bodies[*b].id), id);
        }
        if let Some(date) = d.date {
            set(format!("year-{}", date.year()), id);
        }
        if let Some(s) = d.status {
            set(format!("status-{}", s.key()), id);
        }
    }
    facets
}

type CaseIds = BTreeMap<u16, BTreeMap<String, u32>>;
type ParagraphIds = BTreeMap<usize, BTreeMap<u32, Vec<u32>>>;

/// Case ids by year, and paragraph numbers by body (newest first).
fn identifiers(docs: &[Doc]) -> (CaseIds, ParagraphIds) {
    let mut cases = CaseIds::new();
    let mut paragraphs = ParagraphIds::new();
    for (id, d) in docs.iter().enumerate() {
        if let Some((year, slug)) = &d.case {
            cases
                .entry(*year)
                .or_default()
                .insert(slug.clone(), id as u32);
        }
        if let Some((body, number)) = d.paragraph {
            paragraphs
                .entry(body)
                .or_default()
                .entry(number)
                .or_default()
                .push(id as u32);
        }
    }
    (cases, paragraphs)
}

fn meta(
    site: &Site,
    t: &I18n,
    docs: &[Doc],
    shards: &[String],
    facets: &[String],
    case_years: &[u16],
    paragraph_files: &[String],
) -> Value {
    let mut years: Vec<i32> = docs
        .iter()
        .filter_map(|d| d.date.map(|x| x.year()))
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    json!({
        "docs": docs.len(),
        "docShard": DOC_SHARD,
        "shards": shards,
        "facets": facets,
        "caseYears": case_years,
        "paragraphFiles": paragraph_files,
        "years": years,
        "bodies": site.bodies.iter().map(|b| json!({"id": b.id, "abbreviation": b.abbreviation, "name": b.name})).collect::<Vec<_>>(),
        "types": {
            "case": t.get("type_case"), "meeting": t.get("type_meeting"), "paragraph": t.get("type_paragraph"),
            "document": t.get("type_document"), "page": t.get("type_page"),
        },
        "statuses": CaseStatus::ALL.iter().map(|s| json!({"key": s.key(), "label": t.case_status(*s)})).collect::<Vec<_>>(),
    })
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
            encode_postings(vec![(3, true), (10, false), (46, true)]),
            "7,e,21"
        );
        let many: Vec<(u32, bool)> = (0..3000).map(|i| (i, i % 1000 == 0)).collect();
        let kept = encode_postings(many);
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
