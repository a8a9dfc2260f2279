//! The people as open data (contract, section 9): `ledamoter.csv`, one row
//! per seat (a person without seats has one row without them), and
//! `voteringar.csv`, one row per person in each vote whose voters are named,
//! and one row with only the counts for a vote whose voters were not
//! recorded. Each has a JSON Schema for its rows beside it. A confidential
//! paragraph holds no acts in the model, so it has no row.
//!
//! `ledamoter.csv` reads only people.yaml, which the preview builds whole;
//! `voteringar.csv` reads the votes and names a paragraph only by its
//! meeting's date and body and its number, so the preview makes it again
//! only after an edit that changed acts ([`crate::model::patch::Patch::people`]);
//! [`super::fragments::Fragments`] keeps both.

use serde::Serialize;

use super::tables::{csv_header, csv_record};
use super::{absolute, spreadsheet_text};
use crate::model::Site;
use crate::render::paths;

pub const PEOPLE_SCHEMA: &str = include_str!("schemas/ledamoter.schema.json");
pub const VOTES_SCHEMA: &str = include_str!("schemas/voteringar.schema.json");

/// One row of `ledamoter.csv`: a person's seat.
#[derive(Serialize, Default)]
struct SeatRow<'a> {
    person: &'a str,
    name: std::borrow::Cow<'a, str>,
    party: &'a str,
    party_name: std::borrow::Cow<'a, str>,
    body: &'a str,
    body_name: std::borrow::Cow<'a, str>,
    role: &'static str,
    from: String,
    to: String,
    url: String,
}

/// `ledamoter.csv`, whole.
pub fn people_csv(site: &Site) -> Vec<u8> {
    let mut out = csv_header(&SeatRow::default());
    for (i, p) in site.people.people.iter().enumerate() {
        let party = p.party.map(|k| &site.people.parties[k]);
        let row = SeatRow {
            person: &p.id,
            name: spreadsheet_text(&p.name),
            party: party.map_or("", |p| p.id.as_str()),
            party_name: spreadsheet_text(party.map_or("", |p| p.name.as_str())),
            url: absolute(site, &paths::person_dir(site, i)),
            ..SeatRow::default()
        };
        if p.memberships.is_empty() {
            out.push_str(&csv_record(&row));
        }
        for m in &p.memberships {
            let body = &site.bodies[m.body];
            out.push_str(&csv_record(&SeatRow {
                body: &body.id,
                body_name: spreadsheet_text(&body.name),
                role: m.role.key(),
                from: m.from.to_string(),
                to: m.to.map(|d| d.to_string()).unwrap_or_default(),
                url: row.url.clone(),
                name: row.name.clone(),
                party_name: row.party_name.clone(),
                ..row
            }));
        }
    }
    out.into_bytes()
}

/// One row of `voteringar.csv`: a person's vote, or a vote's counts.
#[derive(Serialize, Default)]
struct VoteRow<'a> {
    date: String,
    body: &'a str,
    paragraph: u32,
    url: String,
    question: std::borrow::Cow<'a, str>,
    person: &'a str,
    name: std::borrow::Cow<'a, str>,
    party: &'a str,
    vote: &'static str,
    yes: usize,
    no: usize,
    abstain: usize,
}

/// `voteringar.csv`, whole: the votes in model order (by meeting, then
/// §), each one's voters as the minutes list them (yes, no, abstain).
pub fn votes_csv(site: &Site) -> Vec<u8> {
    let mut out = csv_header(&VoteRow::default());
    for (pi, p) in site.published_paragraphs() {
        let Some(vote) = &p.acts.vote else { continue };
        let m = site.meeting_of(p);
        let row = VoteRow {
            date: m.date.to_string(),
            body: &site.bodies[m.body].id,
            paragraph: p.number,
            url: absolute(site, &paths::paragraph_dir(site, pi)),
            question: spreadsheet_text(vote.question.as_deref().unwrap_or("")),
            yes: vote.yes.count(),
            no: vote.no.count(),
            abstain: vote.abstain.count(),
            ..VoteRow::default()
        };
        if !vote.is_named() {
            out.push_str(&csv_record(&row));
            continue;
        }
        for (ballot, tally) in vote.sides() {
            for person in tally.names() {
                let who = &site.people.people[*person];
                let party = who.party.map_or("", |k| site.people.parties[k].id.as_str());
                out.push_str(&csv_record(&VoteRow {
                    date: row.date.clone(),
                    url: row.url.clone(),
                    question: row.question.clone(),
                    person: &who.id,
                    name: spreadsheet_text(&who.name),
                    party,
                    vote: ballot.key(),
                    ..row
                }));
            }
        }
    }
    out.into_bytes()
}
