//! What is searchable: every case, meeting, paragraph, published PDF and
//! free page, and every body, person, budget year and statistics
//! indicator, each
//! made from the model as one [`Doc`] of its [`KINDS`], listed newest first
//! (and numbered oldest first, see [`super::layout`]). A confidential paragraph is found by its body and number only,
//! and shows the confidentiality notice: whether it is confidential or not,
//! a paragraph keeps its number, so making it confidential rewrites only
//! the index files it is in.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::build::html_to_text;
use crate::i18n::I18n;
use crate::model::vocabulary::CaseStatus;
use crate::model::{CaseIx, MeetingIx, ParagraphIx, PdfIx, Positions, Site};
use crate::render::paths::{self, href, Output};

/// Which model item a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocRef {
    Case(CaseIx),
    Meeting(MeetingIx),
    Paragraph(ParagraphIx),
    Pdf(PdfIx),
    Page(usize),
    Body(usize),
    Person(usize),
    Budget(usize),
    Indicator { group: usize, indicator: usize },
}

/// A kind of document: its key (in the index and the `typ` filter) and
/// the interface text that names it.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Kind {
    pub key: &'static str,
    pub label: &'static str,
}

/// Every kind of document, in the order the documents of one day (or the
/// undated ones) are listed, which loses ties to which (see
/// [`super::layout`]).
pub const KINDS: [Kind; 9] = [
    Kind {
        key: "case",
        label: "type_case",
    },
    Kind {
        key: "paragraph",
        label: "type_paragraph",
    },
    Kind {
        key: "document",
        label: "type_document",
    },
    Kind {
        key: "meeting",
        label: "type_meeting",
    },
    Kind {
        key: "page",
        label: "type_page",
    },
    Kind {
        key: "body",
        label: "type_body",
    },
    Kind {
        key: "person",
        label: "type_person",
    },
    Kind {
        key: "budget",
        label: "type_budget",
    },
    Kind {
        key: "statistics",
        label: "type_statistics",
    },
];

/// The kinds a search of this site can be narrowed to, labelled in its
/// language: budgets and statistics where the portal has them (only a
/// whole build changes that), every other kind always.
pub fn kinds_of(site: &Site, t: &I18n) -> Vec<Kind> {
    let has = |key: &str| match key {
        "budget" => !site.budgets.is_empty(),
        "statistics" => site.statistics.is_some(),
        "person" => !site.people.people.is_empty(),
        _ => true,
    };
    KINDS
        .iter()
        .filter(|k| has(k.key))
        .map(|k| Kind {
            key: k.key,
            label: t.get(k.label),
        })
        .collect()
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
    /// Those who raised it, moved (or supported a proposal) or reserved:
    /// the person filter.
    pub people: Vec<usize>,
}

/// Every document, newest first; on one day by kind, then by address.
pub fn documents(site: &Site, t: &I18n) -> Vec<(DocRef, Doc)> {
    let refs = CaseIx::all(site.cases.len())
        .map(DocRef::Case)
        .chain(MeetingIx::all(site.meetings.len()).map(DocRef::Meeting))
        .chain(ParagraphIx::all(site.paragraphs.len()).map(DocRef::Paragraph))
        .chain(PdfIx::all(site.pdfs.len()).map(DocRef::Pdf))
        .chain((0..site.pages.len()).map(DocRef::Page))
        .chain((0..site.bodies.len()).map(DocRef::Body))
        .chain((0..site.people.people.len()).map(DocRef::Person))
        .chain((0..site.budgets.len()).map(DocRef::Budget))
        .chain(indicators(site));
    let refs: Vec<DocRef> = refs.collect();
    let mut docs: Vec<(DocRef, Doc)> = refs
        .into_par_iter()
        .map(|r| (r, doc_of(site, t, r)))
        .collect();
    docs.sort_by(|(_, a), (_, b)| b.date.cmp(&a.date).then_with(|| day_order(a, b)));
    docs
}

/// Every statistics indicator, by group.
fn indicators(site: &Site) -> impl Iterator<Item = DocRef> + '_ {
    let groups = site
        .statistics
        .iter()
        .flat_map(|s| s.groups.iter().enumerate());
    groups.flat_map(|(group, g)| {
        (0..g.indicators.len()).map(move |indicator| DocRef::Indicator { group, indicator })
    })
}

/// The order of one day's documents: by kind, then by address.
pub fn day_order(a: &Doc, b: &Doc) -> std::cmp::Ordering {
    let rank = |kind: &str| KINDS.iter().position(|k| k.key == kind);
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

/// The cases the paragraphs of one day name, each once, in the order
/// they are first named: the room the day keeps for the cases it is the
/// latest day of, each in its own place (see [`super::layout`]).
pub fn cases_named_on(site: &Site, day: NaiveDate) -> Vec<CaseIx> {
    let mut seen = HashSet::new();
    (site.meetings.run(meetings_on(site, day)).iter())
        .flat_map(|m| m.paragraph_ixs())
        .flat_map(|pi| site.paragraphs[pi].cases.iter().map(|r| r.case))
        .filter(|ci| seen.insert(*ci))
        .collect()
}

/// [`cases_named_on`] for every day with meetings.
pub fn cases_named_by_day(site: &Site) -> BTreeMap<NaiveDate, Vec<CaseIx>> {
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
        DocRef::Body(b) => body_doc(site, b),
        DocRef::Person(p) => person_doc(site, p),
        DocRef::Budget(i) => budget_doc(site, t, i),
        DocRef::Indicator { group, indicator } => indicator_doc(site, group, indicator),
    }
}

/// An undated document of one kind, found by its title and text.
fn undated(kind: &'static str, title: String, url: String, text: String) -> Doc {
    Doc {
        kind,
        title,
        url,
        date: None,
        bodies: Vec::new(),
        status: None,
        text,
        case: None,
        paragraph: None,
        people: Vec::new(),
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
        people: Vec::new(),
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
        people: Vec::new(),
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
            people: Vec::new(),
        };
    }
    let cases: Vec<&str> = p.cases.iter().map(|c| c.written.as_str()).collect();
    let documents: Vec<&str> = p.documents.iter().map(|d| d.title.as_str()).collect();
    let acts = acts_text(site, &p.acts);
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
            "{} {} {} {} {}",
            cases.join(" "),
            html_to_text(p.html.as_str()),
            documents.join(" "),
            p.tags.join(" "),
            acts
        ),
        case: None,
        paragraph: Some((m.body, p.number)),
        people: actors(&p.acts),
    }
}

/// Those who raised a paragraph's matter, moved (or supported a
/// proposal) or reserved, each once.
fn actors(acts: &crate::content::acts::Acts<usize>) -> Vec<usize> {
    let mut people: Vec<usize> = acts.actors().copied().collect();
    people.sort_unstable();
    people.dedup();
    people
}

/// What a paragraph's page says of people, as search finds it: the names
/// of those who raised it, moved or reserved (not every voter's), the
/// proposals' and reservations' texts and the question put to a vote.
fn acts_text(site: &Site, acts: &crate::content::acts::Acts<usize>) -> String {
    let mut names: Vec<&str> = (actors(acts).into_iter())
        .map(|i| site.people.people[i].name.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    let texts = (acts.proposals.iter().map(|p| p.text.as_str()))
        .chain(acts.reservations.iter().filter_map(|r| r.text.as_deref()))
        .chain(acts.vote.iter().filter_map(|v| v.question.as_deref()));
    names.into_iter().chain(texts).collect::<Vec<_>>().join(" ")
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
        people: Vec::new(),
    }
}

fn page_doc(site: &Site, i: usize) -> Doc {
    let p = &site.pages[i];
    let url = href(&Output::Page(i).dir(site));
    undated("page", p.title.clone(), url, html_to_text(p.html.as_str()))
}

/// A body's page: found by its name and abbreviation, and in its filter.
fn body_doc(site: &Site, b: usize) -> Doc {
    let body = &site.bodies[b];
    let url = href(&Output::Body(b).dir(site));
    let doc = undated("body", body.name.clone(), url, body.abbreviation.clone());
    Doc {
        bodies: vec![b],
        ..doc
    }
}

/// A person's page: found by their name, their party and the bodies
/// they sit in, and in those bodies' filters.
fn person_doc(site: &Site, person: usize) -> Doc {
    let p = &site.people.people[person];
    let party = p.party.map(|i| &site.people.parties[i]);
    let mut bodies: Vec<usize> = p.memberships.iter().map(|m| m.body).collect();
    bodies.sort_unstable();
    bodies.dedup();
    let seats: Vec<String> = (p.memberships.iter())
        .map(|m| format!("{} {}", m.role.key(), site.bodies[m.body].name))
        .collect();
    let text = format!(
        "{} {} {}",
        party.map_or("", |p| p.name.as_str()),
        party.map_or("", |p| p.abbreviation.as_str()),
        seats.join(", ")
    );
    let url = href(&paths::person_dir(site, person));
    Doc {
        bodies,
        ..undated("person", p.name.clone(), url, text)
    }
}

/// A budget year's page: its tax rate and where the money goes, as the
/// page says them.
fn budget_doc(site: &Site, t: &I18n, i: usize) -> Doc {
    let budget = &site.budgets[i];
    let rate = budget.tax_rate.map(|r| {
        let rate = t.number(r, 2);
        format!("{} {}: {rate} %. ", t.get("tax_rate"), budget.year)
    });
    let lines: Vec<&str> = budget
        .expenses
        .iter()
        .map(|(name, _)| name.as_str())
        .collect();
    let text = format!("{}{}", rate.unwrap_or_default(), lines.join(", "));
    let title = format!("{} {}", t.get("budget"), budget.year);
    undated("budget", title, href(&Output::Budget(i).dir(site)), text)
}

/// A statistics indicator, at its place on its group's page.
fn indicator_doc(site: &Site, group: usize, indicator: usize) -> Doc {
    let g = &paths::statistics(site).groups[group];
    let ind = &g.indicators[indicator];
    let url = format!(
        "{}#{}",
        href(&Output::StatisticsGroup(group).dir(site)),
        crate::render::statistics::anchor(ind)
    );
    let text = format!("{} {} {}", g.title, ind.id, ind.description);
    undated("statistics", ind.title.clone(), url, text)
}
