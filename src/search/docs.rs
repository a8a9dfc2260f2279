//! What is searchable: every case, meeting, paragraph, published PDF and
//! free page, each made from the model as one [`Doc`], listed newest first
//! (and numbered oldest first, see [`super::layout`]). A confidential paragraph is found by its body and number only,
//! and shows the confidentiality notice: whether it is confidential or not,
//! a paragraph keeps its number, so making it confidential rewrites only
//! the index files it is in.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;

use super::build::html_to_text;
use crate::i18n::I18n;
use crate::model::vocabulary::CaseStatus;
use crate::model::{CaseIx, MeetingIx, ParagraphIx, PdfIx, Positions, Site};
use crate::render::paths::{self, href};

/// Which model item a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocRef {
    Case(CaseIx),
    Meeting(MeetingIx),
    Paragraph(ParagraphIx),
    Pdf(PdfIx),
    Page(usize),
}

/// One searchable thing.
pub struct Doc {
    pub kind: &'static str,
    pub title: String,
    pub url: String,
    pub date: Option<NaiveDate>,
    pub bodies: Vec<usize>,
    pub status: Option<CaseStatus>,
    pub text: String,
    pub case: Option<(u16, String)>,
    pub paragraph: Option<(usize, u32)>,
}

/// Every document, newest first; on one day by kind, then by address.
pub fn documents(site: &Site, t: &I18n) -> Vec<(DocRef, Doc)> {
    let refs = CaseIx::all(site.cases.len())
        .map(DocRef::Case)
        .chain(MeetingIx::all(site.meetings.len()).map(DocRef::Meeting))
        .chain(ParagraphIx::all(site.paragraphs.len()).map(DocRef::Paragraph))
        .chain(PdfIx::all(site.pdfs.len()).map(DocRef::Pdf))
        .chain((0..site.pages.len()).map(DocRef::Page));
    let mut docs: Vec<(DocRef, Doc)> = refs.map(|r| (r, doc_of(site, t, r))).collect();
    docs.sort_by(|(_, a), (_, b)| b.date.cmp(&a.date).then_with(|| day_order(a, b)));
    docs
}

/// The order of one day's documents: by kind, then by address.
pub fn day_order(a: &Doc, b: &Doc) -> std::cmp::Ordering {
    const ORDER: [&str; 5] = ["case", "paragraph", "document", "meeting", "page"];
    let rank = |kind: &str| ORDER.iter().position(|k| *k == kind);
    rank(a.kind)
        .cmp(&rank(b.kind))
        .then_with(|| a.url.cmp(&b.url))
}

/// The documents of one day other than cases: its meetings, their
/// paragraphs and their PDFs.
pub fn day_documents(site: &Site, day: NaiveDate) -> Vec<DocRef> {
    let meetings = meetings_on(site, day);
    let mut refs: Vec<DocRef> = MeetingIx::each(meetings.clone())
        .map(DocRef::Meeting)
        .collect();
    for m in site.meetings.run(meetings.clone()) {
        refs.extend(m.paragraph_ixs().map(DocRef::Paragraph));
    }
    refs.extend(PdfIx::each(site.pdfs_of_meetings(meetings)).map(DocRef::Pdf));
    refs
}

/// The meetings of one day (the model keeps them by date).
fn meetings_on(site: &Site, day: NaiveDate) -> Range<MeetingIx> {
    let start = site.meetings.partition_point(|m| m.date < day);
    let end = site.meetings.partition_point(|m| m.date <= day);
    MeetingIx::new(start)..MeetingIx::new(end)
}

/// How many cases the paragraphs of one day name, each once: the room the
/// day keeps for the cases it is the latest day of (see [`super::layout`]).
pub fn cases_named_on(site: &Site, day: NaiveDate) -> usize {
    let mut cases: Vec<CaseIx> = site
        .meetings
        .run(meetings_on(site, day))
        .iter()
        .flat_map(|m| m.paragraph_ixs())
        .flat_map(|pi| site.paragraphs[pi].cases.iter().map(|r| r.case))
        .collect();
    cases.sort_unstable();
    cases.dedup();
    cases.len()
}

/// [`cases_named_on`] for every day with meetings.
pub fn cases_named_by_day(site: &Site) -> BTreeMap<NaiveDate, usize> {
    let mut named = BTreeMap::new();
    for m in &site.meetings {
        named
            .entry(m.date)
            .or_insert_with(|| cases_named_on(site, m.date));
    }
    named
}

/// The document of one model item.
pub fn doc_of(site: &Site, t: &I18n, r: DocRef) -> Doc {
    match r {
        DocRef::Case(ci) => case_doc(site, ci),
        DocRef::Meeting(mi) => meeting_doc(site, t, mi),
        DocRef::Paragraph(pi) => paragraph_doc(site, t, pi),
        DocRef::Pdf(i) => pdf_doc(site, i),
        DocRef::Page(i) => page_doc(site, i),
    }
}

fn case_doc(site: &Site, ci: CaseIx) -> Doc {
    let c = &site.cases[ci];
    let titles: Vec<&str> = c
        .timeline
        .iter()
        .map(|pi| site.paragraphs[*pi].title.as_str())
        .collect();
    Doc {
        kind: "case",
        title: c.title.clone(),
        url: href(&paths::case_dir(site, ci)),
        date: Some(site.latest_treated(ci)),
        bodies: site.case_bodies(ci),
        status: Some(c.status),
        text: format!(
            "{} {} {} {}",
            c.diarienummer,
            html_to_text(c.summary_html().as_str()),
            titles.join(" "),
            c.tags.join(" ")
        ),
        case: Some((c.id.year, c.slug.clone())),
        paragraph: None,
    }
}

fn meeting_doc(site: &Site, t: &I18n, mi: MeetingIx) -> Doc {
    let m = &site.meetings[mi];
    let titles: Vec<&str> = m
        .paragraph_ixs()
        .map(|pi| site.paragraphs[pi].title.as_str())
        .collect();
    Doc {
        kind: "meeting",
        title: format!("{} {}", site.bodies[m.body].name, t.date(m.date)),
        url: href(&paths::meeting_dir(site, mi)),
        date: Some(m.date),
        bodies: vec![m.body],
        status: None,
        text: format!(
            "{} {}",
            html_to_text(m.notes_html.as_str()),
            titles.join(" ")
        ),
        case: None,
        paragraph: None,
    }
}

fn paragraph_doc(site: &Site, t: &I18n, pi: ParagraphIx) -> Doc {
    let p = &site.paragraphs[pi];
    let m = site.meeting_of(p);
    if p.confidential {
        return Doc {
            kind: "paragraph",
            title: format!("{} § {}", site.bodies[m.body].abbreviation, p.number),
            url: href(&paths::paragraph_dir(site, pi)),
            date: Some(m.date),
            bodies: vec![m.body],
            status: None,
            text: t.get("confidential_notice").to_owned(),
            case: None,
            paragraph: Some((m.body, p.number)),
        };
    }
    let cases: Vec<&str> = p.cases.iter().map(|c| c.written.as_str()).collect();
    let documents: Vec<&str> = p.documents.iter().map(|d| d.title.as_str()).collect();
    Doc {
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
            html_to_text(p.html.as_str()),
            documents.join(" "),
            p.tags.join(" ")
        ),
        case: None,
        paragraph: Some((m.body, p.number)),
    }
}

fn pdf_doc(site: &Site, i: PdfIx) -> Doc {
    let pdf = &site.pdfs[i];
    let p = &site.paragraphs[pdf.paragraph];
    let m = site.meeting_of(p);
    Doc {
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
    }
}

fn page_doc(site: &Site, i: usize) -> Doc {
    let p = &site.pages[i];
    Doc {
        kind: "page",
        title: p.title.clone(),
        url: href(&format!("{}/", p.slug)),
        date: None,
        bodies: Vec::new(),
        status: None,
        text: html_to_text(p.html.as_str()),
        case: None,
        paragraph: None,
    }
}
