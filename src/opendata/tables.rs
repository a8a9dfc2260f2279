//! The bulk tables under `/data/`: every paragraph of the minutes
//! (`beslut.csv`), every case (`arenden.csv`, `arenden.json`) and every
//! meeting with its paragraphs (`sammantraden.json`). CSV files are UTF-8
//! with a header row and RFC 4180 quoting; JSON files follow the schemas
//! published beside them.
//!
//! Each file is a header and one row per item, serialized here one item at
//! a time: [`super::fragments`] keeps the rows, joins them into the files,
//! and serializes again only the rows an edit changes.

use serde::Serialize;

use super::rows::Rows;
use super::spreadsheet_text;
use super::{absolute, swedish};
use crate::model::{CaseIx, MeetingIx, ParagraphIx, Site};
use crate::render::paths;
use std::borrow::Cow;

pub const CASES_SCHEMA: &str = include_str!("schemas/arenden.schema.json");
pub const MEETINGS_SCHEMA: &str = include_str!("schemas/sammantraden.schema.json");

// Text cells go through `spreadsheet_text`: the files are opened in
// spreadsheet programs.

/// One row of `beslut.csv`: a paragraph, or for a confidential one only
/// its number, date and the notice.
#[derive(Serialize, Default)]
struct DecisionRow<'a> {
    date: String,
    meeting_status: &'static str,
    body: &'a str,
    body_name: Cow<'a, str>,
    paragraph: u32,
    confidential: bool,
    title: Cow<'a, str>,
    cases: String,
    decision: &'static str,
    decision_label: &'static str,
    url: String,
    /// What kind of matter (`motion`, `medborgarforslag`…), if known.
    kind: &'static str,
    /// The day the meeting's certification was announced, and the last day
    /// to appeal; empty until announced, for a confidential paragraph, and
    /// (the last day) for a decision that only prepares another.
    announced: String,
    appeal_until: String,
}

/// The header row of `beslut.csv`.
pub fn decisions_header() -> String {
    csv_header(&DecisionRow::default())
}

/// A paragraph's row of `beslut.csv`.
pub fn decision_record(site: &Site, pi: ParagraphIx) -> String {
    let sv = swedish();
    let p = &site.paragraphs[pi];
    let m = site.meeting_of(p);
    let body = site.body_of(m);
    csv_record(&DecisionRow {
        date: m.date.to_string(),
        meeting_status: m.status.key(),
        body: &body.id,
        body_name: spreadsheet_text(&body.name),
        paragraph: p.number,
        confidential: p.confidential,
        title: spreadsheet_text(if p.confidential {
            sv.get("confidential_notice")
        } else {
            &p.title
        }),
        cases: case_ids(site, pi).join(" "),
        decision: p.decision.map_or("", |d| d.key()),
        decision_label: p.decision.map_or("", |d| sv.decision(d)),
        url: absolute(site, &paths::paragraph_dir(site, pi)),
        kind: p.kind.map_or("", |k| k.key()),
        announced: date_cell(m.announced.filter(|_| !p.confidential)),
        appeal_until: date_cell(m.appeal_until().filter(|_| p.is_appealable())),
    })
}

/// A date's cell: `2019-06-26`, or empty.
fn date_cell(date: Option<chrono::NaiveDate>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

fn case_ids(site: &Site, pi: ParagraphIx) -> Vec<&str> {
    site.paragraphs[pi]
        .cases
        .iter()
        .map(|c| site.cases[c.case].slug.as_str())
        .collect()
}

/// One row of `arenden.csv`.
#[derive(Serialize, Default)]
struct CaseRow<'a> {
    id: &'a str,
    diarienummer: Cow<'a, str>,
    title: Cow<'a, str>,
    status: &'static str,
    status_label: &'static str,
    first_treated: String,
    latest_treated: String,
    bodies: String,
    paragraphs: usize,
    url: String,
    kind: &'static str,
}

/// The header row of `arenden.csv`.
pub fn cases_header() -> String {
    csv_header(&CaseRow::default())
}

/// A case's row of `arenden.csv`.
pub fn case_record(site: &Site, ci: CaseIx) -> String {
    let c = &site.cases[ci];
    csv_record(&CaseRow {
        id: &c.slug,
        diarienummer: spreadsheet_text(&c.diarienummer),
        title: spreadsheet_text(&c.title),
        status: c.status.key(),
        status_label: swedish().case_status(c.status),
        first_treated: first_treated(site, ci).to_string(),
        latest_treated: site.latest_treated(ci).to_string(),
        bodies: case_body_ids(site, ci).join(" "),
        paragraphs: c.timeline.len(),
        url: absolute(site, &paths::case_dir(site, ci)),
        kind: c.kind.map_or("", |k| k.key()),
    })
}

fn case_body_ids(site: &Site, ci: CaseIx) -> Vec<&str> {
    site.case_bodies(ci)
        .into_iter()
        .map(|b| site.bodies[b].id.as_str())
        .collect()
}

pub fn first_treated(site: &Site, ci: CaseIx) -> chrono::NaiveDate {
    let first = site.cases[ci].timeline[0];
    site.meeting_of(&site.paragraphs[first]).date
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
    kind: Option<&'static str>,
    consultation: Option<ConsultationEntry<'a>>,
    timeline: Vec<TimelineEntry<'a>>,
}

#[derive(Serialize)]
struct ConsultationEntry<'a> {
    respond_by: String,
    url: Option<&'a str>,
    how: Option<&'a str>,
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

/// A case's entry in `arenden.json`.
pub fn case_entry(site: &Site, ci: CaseIx) -> String {
    let sv = swedish();
    let c = &site.cases[ci];
    let entry = CaseEntry {
        id: &c.slug,
        diarienummer: &c.diarienummer,
        title: &c.title,
        status: c.status.key(),
        status_label: sv.case_status(c.status),
        first_treated: first_treated(site, ci).to_string(),
        latest_treated: site.latest_treated(ci).to_string(),
        bodies: case_body_ids(site, ci),
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
        kind: c.kind.map(|k| k.key()),
        consultation: c.consultation().map(|k| ConsultationEntry {
            respond_by: k.respond_by.to_string(),
            url: k.url.as_deref(),
            how: k.how.as_deref(),
        }),
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
    };
    serde_json::to_string(&entry).unwrap_or_default()
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
    /// The day the certification was put on the notice board, and the last
    /// day to appeal the meeting's decisions.
    announced: Option<String>,
    appeal_until: Option<String>,
    /// The day the meeting was announced.
    agenda_announced: Option<String>,
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
        kind: Option<&'static str>,
        url: String,
    },
}

#[derive(Serialize)]
struct DocumentEntry<'a> {
    title: &'a str,
    /// The published file, or `null` for a document that is only listed.
    url: Option<String>,
}

/// A meeting's entry, with its paragraphs, in `sammantraden.json`.
pub fn meeting_entry(site: &Site, mi: MeetingIx) -> String {
    let m = &site.meetings[mi];
    let body = site.body_of(m);
    let entry = MeetingEntry {
        id: &m.id,
        date: m.date.to_string(),
        time: m.time.as_deref(),
        location: m.location.as_deref(),
        status: m.status.key(),
        body: &body.id,
        body_name: &body.name,
        certified: m.certified.map(|d| d.to_string()),
        announced: m.announced.map(|d| d.to_string()),
        appeal_until: m.appeal_until().map(|d| d.to_string()),
        agenda_announced: m.agenda_announced.map(|d| d.to_string()),
        url: absolute(site, &paths::meeting_dir(site, mi)),
        paragraphs: m
            .paragraph_ixs()
            .map(|pi| paragraph_entry(site, swedish(), pi))
            .collect(),
    };
    serde_json::to_string(&entry).unwrap_or_default()
}

fn paragraph_entry<'a>(
    site: &'a Site,
    sv: &crate::i18n::I18n,
    pi: ParagraphIx,
) -> ParagraphEntry<'a> {
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
        kind: p.kind.map(|k| k.key()),
        url,
    }
}

/// A bulk table laid out as pieces of bytes: its head, its rows (or
/// entries) in order, joined by a separator, and its tail. The file's
/// bytes, its size and the bytes before a row all come from this one
/// layout.
pub struct Table<'a> {
    head: String,
    rows: &'a Rows,
    tail: &'static [u8],
}

/// What follows each CSV record: nothing (a record ends in its newline).
pub const CSV_SEPARATOR: &str = "";
/// What joins the entries of a JSON table.
pub const JSON_SEPARATOR: &str = ",";

impl<'a> Table<'a> {
    /// A CSV table: the header row, then one record per row (kept with
    /// [`CSV_SEPARATOR`]).
    pub fn csv(header: String, rows: &'a Rows) -> Table<'a> {
        Table {
            head: header,
            rows,
            tail: b"",
        }
    }

    /// A JSON table: `{"licence": …, "<key>": [entries]}` and a final
    /// newline, as compact JSON (the entries are compact JSON already,
    /// kept with [`JSON_SEPARATOR`]).
    pub fn json(licence: &str, key: &str, entries: &'a Rows) -> Table<'a> {
        Table {
            head: format!(
                "{{\"licence\":{},\"{key}\":[",
                serde_json::Value::from(licence)
            ),
            rows: entries,
            tail: b"]}\n",
        }
    }

    /// The file's bytes, piece by piece, none empty: the rows in runs.
    pub fn pieces(&self) -> impl Iterator<Item = &[u8]> {
        std::iter::once(self.head.as_bytes())
            .chain(self.rows.slices())
            .chain(std::iter::once(self.tail))
            .filter(|piece| !piece.is_empty())
    }

    /// The bytes before row `first`, and before the separator that joins
    /// it to the row before: what stays when the table changes from that
    /// row on.
    pub fn len_before(&self, first: usize) -> usize {
        let first = first.min(self.rows.len());
        let separator = if first > 0 { self.rows.separator() } else { "" };
        self.head.len() + self.rows.len_before(first) - separator.len()
    }

    /// The file's size in bytes.
    pub fn size(&self) -> usize {
        self.len_before(self.rows.len()) + self.tail.len()
    }

    /// The file's bytes, joined.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.size());
        self.pieces().for_each(|piece| out.extend_from_slice(piece));
        out
    }
}

/// The header row a CSV row type gives.
pub(super) fn csv_header<T: Serialize>(row: &T) -> String {
    let with_header = csv_bytes(row, true);
    let end = with_header.find('\n').map_or(0, |i| i + 1);
    with_header[..end].to_owned()
}

/// One CSV record (RFC 4180 quoting, `\n` line end).
pub(super) fn csv_record<T: Serialize>(row: &T) -> String {
    csv_bytes(row, false)
}

fn csv_bytes<T: Serialize>(row: &T, header: bool) -> String {
    let mut out = csv::WriterBuilder::new()
        .has_headers(header)
        .from_writer(Vec::new());
    let _ = out.serialize(row);
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_headers_name_every_column() {
        assert_eq!(
            decisions_header(),
            "date,meeting_status,body,body_name,paragraph,confidential,title,cases,decision,decision_label,url,kind,announced,appeal_until\n"
        );
        assert!(cases_header().starts_with("id,diarienummer,title,status,"));
    }

    fn rows(texts: &[&str], separator: &'static str) -> Rows {
        Rows::par_from_fn(texts.len(), separator, |i| texts[i].to_owned())
    }

    #[test]
    fn a_json_table_is_the_entries_in_an_object() {
        let entries = rows(&["{\"a\":1}", "{\"b\":\"\\\"\"}"], JSON_SEPARATOR);
        let table = Table::json("https://x/\"", "cases", &entries);
        let bytes = table.to_bytes();
        let parsed: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(parsed["licence"], "https://x/\"");
        assert_eq!(parsed["cases"][1]["b"], "\"");
        assert!(bytes.ends_with(b"]}\n"));
        assert_eq!(table.size(), bytes.len());
        let none = rows(&[], JSON_SEPARATOR);
        let empty = Table::json("l", "cases", &none).to_bytes();
        assert_eq!(empty, b"{\"licence\":\"l\",\"cases\":[]}\n");
    }

    #[test]
    fn the_bytes_before_a_row_are_the_table_up_to_the_separator_before_it() {
        let texts = ["{\"a\":1}", "{\"b\":2}", "{}"];
        let (json, csv) = (rows(&texts, JSON_SEPARATOR), rows(&texts, CSV_SEPARATOR));
        for (table, separator) in [
            (Table::json("l", "cases", &json), JSON_SEPARATOR),
            (Table::csv("h\n".to_owned(), &csv), CSV_SEPARATOR),
        ] {
            let bytes = table.to_bytes();
            for first in 0..=texts.len() {
                let rest = texts[first..].join(separator);
                let joined = if first == 0 || first == texts.len() {
                    ""
                } else {
                    separator
                };
                let tail = String::from_utf8(table.tail.to_vec()).unwrap();
                let kept = table.len_before(first);
                assert_eq!(
                    String::from_utf8(bytes[kept..].to_vec()).unwrap(),
                    [joined, &rest, &tail].concat(),
                    "row {first}"
                );
            }
        }
    }
}
