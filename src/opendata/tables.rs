//! The bulk tables under `/data/`: every paragraph of the minutes
//! (`beslut.csv`), every case (`arenden.csv`, `arenden.json`) and every
//! meeting with its paragraphs (`sammantraden.json`). CSV files are UTF-8
//! with a header row and RFC 4180 quoting; JSON files follow the schemas
//! published beside them.

use serde::Serialize;

use super::{absolute, swedish};
use crate::model::Site;
use crate::render::paths;

pub const CASES_SCHEMA: &str = include_str!("schemas/arenden.schema.json");
pub const MEETINGS_SCHEMA: &str = include_str!("schemas/sammantraden.schema.json");

/// One row of `beslut.csv`: a paragraph, or for a confidential one only
/// its number, date and the notice.
#[derive(Serialize)]
struct DecisionRow<'a> {
    date: String,
    meeting_status: &'static str,
    body: &'a str,
    body_name: &'a str,
    paragraph: u32,
    confidential: bool,
    title: &'a str,
    cases: String,
    decision: &'static str,
    decision_label: &'static str,
    url: String,
}

pub fn decisions_csv(site: &Site) -> Vec<u8> {
    let sv = swedish();
    let notice = sv.get("confidential_notice");
    let mut out = csv::Writer::from_writer(Vec::new());
    for (pi, p) in site.paragraphs.iter().enumerate() {
        let m = site.meeting_of(p);
        let body = site.body_of(m);
        let row = DecisionRow {
            date: m.date.to_string(),
            meeting_status: m.status.key(),
            body: &body.id,
            body_name: &body.name,
            paragraph: p.number,
            confidential: p.confidential,
            title: if p.confidential { notice } else { &p.title },
            cases: case_ids(site, pi).join(" "),
            decision: p.decision.map_or("", |d| d.key()),
            decision_label: p.decision.map_or("", |d| sv.decision(d)),
            url: absolute(site, &paths::paragraph_dir(site, pi)),
        };
        let _ = out.serialize(row);
    }
    out.into_inner().unwrap_or_default()
}

fn case_ids(site: &Site, pi: usize) -> Vec<&str> {
    site.paragraphs[pi]
        .cases
        .iter()
        .map(|c| site.cases[c.case].slug.as_str())
        .collect()
}

/// One row of `arenden.csv`.
#[derive(Serialize)]
struct CaseRow<'a> {
    id: &'a str,
    diarienummer: &'a str,
    title: &'a str,
    status: &'static str,
    status_label: &'static str,
    first_treated: String,
    latest_treated: String,
    bodies: String,
    paragraphs: usize,
    url: String,
}

pub fn cases_csv(site: &Site) -> Vec<u8> {
    let sv = swedish();
    let mut out = csv::Writer::from_writer(Vec::new());
    for (ci, c) in site.cases.iter().enumerate() {
        let bodies: Vec<&str> = site
            .case_bodies(ci)
            .into_iter()
            .map(|b| site.bodies[b].id.as_str())
            .collect();
        let row = CaseRow {
            id: &c.slug,
            diarienummer: &c.diarienummer,
            title: &c.title,
            status: c.status.key(),
            status_label: sv.case_status(c.status),
            first_treated: first_treated(site, ci).to_string(),
            latest_treated: site.latest_treated(ci).to_string(),
            bodies: bodies.join(" "),
            paragraphs: c.timeline.len(),
            url: absolute(site, &paths::case_dir(site, ci)),
        };
        let _ = out.serialize(row);
    }
    out.into_inner().unwrap_or_default()
}

pub fn first_treated(site: &Site, ci: usize) -> chrono::NaiveDate {
    let first = site.cases[ci].timeline[0];
    site.meeting_of(&site.paragraphs[first]).date
}

#[derive(Serialize)]
struct CasesFile<'a> {
    licence: &'a str,
    cases: Vec<CaseEntry<'a>>,
}

#[derive(Serialize)]
struct CaseEntry<'a> {
    id: &'a str,
    diarienummer: &'a str,
    title: &'a str,
    status: &'static str,
    status_label: &'static str,
    first_treated: String,
    latest_treated: String,
    bodies: Vec<&'a str>,
    tags: &'a [String],
    related: Vec<&'a str>,
    url: String,
    timeline: Vec<TimelineEntry<'a>>,
}

#[derive(Serialize)]
struct TimelineEntry<'a> {
    date: String,
    body: &'a str,
    paragraph: u32,
    title: &'a str,
    decision: &'static str,
    decision_label: &'static str,
    url: String,
}

pub fn cases_json(site: &Site) -> Vec<u8> {
    let sv = swedish();
    let cases = site
        .cases
        .iter()
        .enumerate()
        .map(|(ci, c)| CaseEntry {
            id: &c.slug,
            diarienummer: &c.diarienummer,
            title: &c.title,
            status: c.status.key(),
            status_label: sv.case_status(c.status),
            first_treated: first_treated(site, ci).to_string(),
            latest_treated: site.latest_treated(ci).to_string(),
            bodies: site
                .case_bodies(ci)
                .into_iter()
                .map(|b| site.bodies[b].id.as_str())
                .collect(),
            tags: &c.tags,
            related: c
                .related
                .iter()
                .filter_map(|r| match r {
                    crate::model::RelatedCase::Published(other) => {
                        Some(site.cases[*other].slug.as_str())
                    }
                    _ => None,
                })
                .collect(),
            url: absolute(site, &paths::case_dir(site, ci)),
            timeline: c
                .timeline
                .iter()
                .map(|&pi| {
                    let p = &site.paragraphs[pi];
                    let m = site.meeting_of(p);
                    TimelineEntry {
                        date: m.date.to_string(),
                        body: &site.body_of(m).id,
                        paragraph: p.number,
                        title: &p.title,
                        decision: p.decision.map_or("", |d| d.key()),
                        decision_label: p.decision.map_or("", |d| sv.decision(d)),
                        url: absolute(site, &paths::paragraph_dir(site, pi)),
                    }
                })
                .collect(),
        })
        .collect();
    to_json(&CasesFile {
        licence: &site.config.data_licence.url,
        cases,
    })
}

#[derive(Serialize)]
struct MeetingsFile<'a> {
    licence: &'a str,
    meetings: Vec<MeetingEntry<'a>>,
}

#[derive(Serialize)]
struct MeetingEntry<'a> {
    id: &'a str,
    date: String,
    time: Option<&'a str>,
    location: Option<&'a str>,
    status: &'static str,
    body: &'a str,
    body_name: &'a str,
    certified: Option<String>,
    url: String,
    paragraphs: Vec<ParagraphEntry<'a>>,
}

/// A paragraph of a meeting; a confidential one has only its number, the
/// notice and its address.
#[derive(Serialize)]
#[serde(untagged)]
enum ParagraphEntry<'a> {
    Confidential {
        paragraph: u32,
        confidential: bool,
        notice: &'static str,
        url: String,
    },
    Published {
        paragraph: u32,
        confidential: bool,
        title: &'a str,
        cases: Vec<&'a str>,
        decision: &'static str,
        decision_label: &'static str,
        documents: Vec<DocumentEntry<'a>>,
        tags: &'a [String],
        url: String,
    },
}

#[derive(Serialize)]
struct DocumentEntry<'a> {
    title: &'a str,
    /// The published file, or `null` for a document that is only listed.
    url: Option<String>,
}

pub fn meetings_json(site: &Site) -> Vec<u8> {
    let sv = swedish();
    let meetings = site
        .meetings
        .iter()
        .enumerate()
        .map(|(mi, m)| {
            let body = site.body_of(m);
            MeetingEntry {
                id: &m.id,
                date: m.date.to_string(),
                time: m.time.as_deref(),
                location: m.location.as_deref(),
                status: m.status.key(),
                body: &body.id,
                body_name: &body.name,
                certified: m.certified.map(|d| d.to_string()),
                url: absolute(site, &paths::meeting_dir(site, mi)),
                paragraphs: m
                    .paragraphs
                    .clone()
                    .map(|pi| paragraph_entry(site, sv, pi))
                    .collect(),
            }
        })
        .collect();
    to_json(&MeetingsFile {
        licence: &site.config.data_licence.url,
        meetings,
    })
}

fn paragraph_entry<'a>(site: &'a Site, sv: &crate::i18n::I18n, pi: usize) -> ParagraphEntry<'a> {
    let p = &site.paragraphs[pi];
    let url = absolute(site, &paths::paragraph_dir(site, pi));
    if p.confidential {
        return ParagraphEntry::Confidential {
            paragraph: p.number,
            confidential: true,
            notice: sv.get("confidential_notice"),
            url,
        };
    }
    ParagraphEntry::Published {
        paragraph: p.number,
        confidential: false,
        title: &p.title,
        cases: case_ids(site, pi),
        decision: p.decision.map_or("", |d| d.key()),
        decision_label: p.decision.map_or("", |d| sv.decision(d)),
        documents: p
            .documents
            .iter()
            .enumerate()
            .map(|(di, d)| DocumentEntry {
                title: &d.title,
                url: d.file.as_ref().map(|_| {
                    absolute(
                        site,
                        &paths::encode_path(&paths::document_file(site, pi, di)),
                    )
                }),
            })
            .collect(),
        tags: &p.tags,
        url,
    }
}

/// Compact JSON and a final newline.
fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
