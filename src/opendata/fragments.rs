//! The largest open data outputs kept as one serialized piece per model
//! item: the rows of the bulk tables (a paragraph's row of `beslut.csv`, a
//! case's of `arenden.csv` and `arenden.json`, a meeting's entry in
//! `sammantraden.json`, kept joined in runs: [`super::rows`]), each OParl
//! meeting, which the meeting files and the meeting lists embed whole, and
//! each OParl consultation, which the consultation lists embed (an edit
//! that adds or removes one shifts every later list page), and each
//! meeting's calendar event, which the calendars join.
//!
//! A build serializes every piece once (in parallel) and joins them into
//! the files; the /data/ page takes the files' sizes from the pieces
//! without writing the files again. After an edit the preview serializes
//! again only the pieces of the paragraphs, meetings and cases it patched,
//! and learns which files changed from which pieces did.

use std::collections::{BTreeMap, BTreeSet};

use super::rows::Rows;
use super::tables::{self, Table, CSV_SEPARATOR, JSON_SEPARATOR};
use super::{calendar, oparl, DataFile};
use crate::model::ix::{ByIx, Ix};
use crate::model::patch::{Patch, Renumbering};
use crate::model::{Meeting, MeetingIx, Paragraph, ParagraphIx, Site};

#[derive(Default)]
pub struct Fragments {
    /// The bulk tables' rows: by paragraph, case, case, meeting.
    decisions: Rows,
    case_rows: Rows,
    case_entries: Rows,
    meeting_entries: Rows,
    oparl_meetings: ByIx<Meeting, String>,
    calendar_events: ByIx<Meeting, String>,
    consultations: ByIx<Paragraph, Vec<String>>,
    /// `ledamoter.csv`, which only people.yaml (a whole build) changes,
    /// and `voteringar.csv`, made again when a patch changes acts
    /// ([`super::people`]).
    people_csv: Vec<u8>,
    votes_csv: Vec<u8>,
}

/// What [`Fragments::update`] found changed.
#[derive(Debug, Default)]
pub struct Changed {
    /// The bulk tables whose bytes differ now (rows changed, or cases came
    /// or went), each with its first piece (row or entry) that differs: the
    /// pieces before it, and so the file's bytes before it, are as they
    /// were; and `voteringar.csv` (written whole) when its bytes differ.
    pub tables: BTreeMap<DataFile, usize>,
    /// The meetings whose OParl object differs now.
    pub oparl_meetings: BTreeSet<MeetingIx>,
}

impl Fragments {
    pub fn new(site: &Site) -> Fragments {
        Fragments {
            decisions: Rows::par_from_fn(site.paragraphs.len(), CSV_SEPARATOR, |pi| {
                tables::decision_record(site, Ix::new(pi))
            }),
            case_rows: Rows::par_from_fn(site.cases.len(), CSV_SEPARATOR, |ci| {
                tables::case_record(site, Ix::new(ci))
            }),
            case_entries: Rows::par_from_fn(site.cases.len(), JSON_SEPARATOR, |ci| {
                tables::case_entry(site, Ix::new(ci))
            }),
            meeting_entries: Rows::par_from_fn(site.meetings.len(), JSON_SEPARATOR, |mi| {
                tables::meeting_entry(site, Ix::new(mi))
            }),
            oparl_meetings: ByIx::par_from_fn(site.meetings.len(), |mi| {
                oparl::meeting_json(site, mi)
            }),
            calendar_events: ByIx::par_from_fn(site.meetings.len(), |mi| calendar::event(site, mi)),
            consultations: ByIx::par_from_fn(site.paragraphs.len(), |pi| {
                oparl::consultations_json(site, pi)
            }),
            people_csv: super::people::people_csv(site),
            votes_csv: super::people::votes_csv(site),
        }
    }

    /// Serialize again the pieces of the paragraphs (and their meetings,
    /// and those of removed paragraphs) and cases a patch changed in
    /// `site`, once [`Fragments::renumber`] has renumbered what came or
    /// went.
    pub fn update(&mut self, site: &Site, patch: &Patch) -> Changed {
        let mut changed = Changed::default();
        let paragraphs = patch.paragraphs.iter().map(|(pi, _)| *pi);
        let removed = patch.removed_paragraphs.iter().map(|(p, _)| p.meeting);
        let meetings: BTreeSet<MeetingIx> = paragraphs
            .clone()
            .map(|pi| site.paragraphs[pi].meeting)
            .chain(removed)
            .chain(patch.meetings_changed.iter().copied())
            .chain(patch.meetings_added.iter().copied())
            .collect();
        if let Some(mi) = patch
            .meeting_renumbering
            .as_ref()
            .and_then(Renumbering::first_moved)
        {
            changed.table(DataFile::MeetingsJson, mi.get());
        }
        if let Some(pi) = patch
            .paragraph_renumbering
            .as_ref()
            .and_then(Renumbering::first_moved)
        {
            changed.table(DataFile::DecisionsCsv, pi.get());
        }
        for pi in paragraphs {
            if self
                .decisions
                .replace(pi.get(), &tables::decision_record(site, pi))
            {
                changed.table(DataFile::DecisionsCsv, pi.get());
            }
            self.consultations[pi] = oparl::consultations_json(site, pi);
        }
        for &mi in &meetings {
            if self
                .meeting_entries
                .replace(mi.get(), &tables::meeting_entry(site, mi))
            {
                changed.table(DataFile::MeetingsJson, mi.get());
            }
            if replace(&mut self.oparl_meetings[mi], oparl::meeting_json(site, mi)) {
                changed.oparl_meetings.insert(mi);
            }
            self.calendar_events[mi] = calendar::event(site, mi);
        }
        if let Some(ci) = patch
            .renumbering
            .as_ref()
            .and_then(Renumbering::first_moved)
        {
            changed.table(DataFile::CasesCsv, ci.get());
            changed.table(DataFile::CasesJson, ci.get());
        }
        if !patch.people.is_empty() {
            let votes = super::people::votes_csv(site);
            if votes != self.votes_csv {
                self.votes_csv = votes;
                changed.table(DataFile::VotesCsv, 0);
            }
        }
        for ci in patch.cases.iter().map(|(ci, _)| *ci) {
            if self
                .case_rows
                .replace(ci.get(), &tables::case_record(site, ci))
            {
                changed.table(DataFile::CasesCsv, ci.get());
            }
            if self
                .case_entries
                .replace(ci.get(), &tables::case_entry(site, ci))
            {
                changed.table(DataFile::CasesJson, ci.get());
            }
        }
        changed
    }

    /// Renumber the pieces kept by case, paragraph and meeting after cases
    /// or paragraphs came or went, or meetings came; a new one's are empty
    /// until
    /// [`Fragments::update`] makes them.
    pub fn renumber(&mut self, patch: &Patch) {
        if let Some(r) = &patch.renumbering {
            self.case_rows = std::mem::take(&mut self.case_rows).renumbered(r);
            self.case_entries = std::mem::take(&mut self.case_entries).renumbered(r);
        }
        if let Some(r) = &patch.paragraph_renumbering {
            self.decisions = std::mem::take(&mut self.decisions).renumbered(r);
            self.consultations = r.apply(std::mem::take(&mut self.consultations));
        }
        if let Some(r) = &patch.meeting_renumbering {
            self.meeting_entries = std::mem::take(&mut self.meeting_entries).renumbered(r);
            self.oparl_meetings = r.apply(std::mem::take(&mut self.oparl_meetings));
            self.calendar_events = r.apply(std::mem::take(&mut self.calendar_events));
        }
    }

    /// A bulk table's bytes; `None` for the other data files.
    pub fn table(&self, site: &Site, file: DataFile) -> Option<Vec<u8>> {
        Some(self.layout(site, file)?.to_bytes())
    }

    /// A bulk table laid out in pieces from the rows kept here; `None` for
    /// the other data files.
    pub fn layout(&self, site: &Site, file: DataFile) -> Option<Table<'_>> {
        let licence = site.config.data_licence.url.as_str();
        Some(match file {
            DataFile::DecisionsCsv => Table::csv(tables::decisions_header(), &self.decisions),
            DataFile::CasesCsv => Table::csv(tables::cases_header(), &self.case_rows),
            DataFile::CasesJson => Table::json(licence, "cases", &self.case_entries),
            DataFile::MeetingsJson => Table::json(licence, "meetings", &self.meeting_entries),
            _ => return None,
        })
    }

    /// A data file's size in bytes, without joining a bulk table.
    pub fn size(&self, site: &Site, file: DataFile) -> usize {
        match (self.layout(site, file), file) {
            (Some(table), _) => table.size(),
            (None, DataFile::PeopleCsv) => self.people_csv.len(),
            (None, DataFile::VotesCsv) => self.votes_csv.len(),
            (None, _) => file.render(site, self).len(),
        }
    }

    /// `ledamoter.csv` or `voteringar.csv`, as the build made it.
    pub fn people_table(&self, file: DataFile) -> Option<&[u8]> {
        match file {
            DataFile::PeopleCsv => Some(&self.people_csv),
            DataFile::VotesCsv => Some(&self.votes_csv),
            _ => None,
        }
    }

    /// A published paragraph's consultation of the case it names `k`-th,
    /// as compact JSON.
    pub fn consultation(&self, pi: ParagraphIx, k: usize) -> &str {
        &self.consultations[pi][k]
    }

    /// A meeting's calendar event.
    pub fn calendar_event(&self, mi: MeetingIx) -> &str {
        &self.calendar_events[mi]
    }

    /// A meeting's OParl object, as compact JSON.
    pub fn oparl_meeting(&self, mi: MeetingIx) -> &str {
        &self.oparl_meetings[mi]
    }
}

impl Changed {
    /// Note that a table's piece `i` changed.
    fn table(&mut self, file: DataFile, i: usize) {
        let first = self.tables.entry(file).or_insert(i);
        *first = (*first).min(i);
    }
}

/// Put `new` in `slot`; returns whether it differed.
fn replace(slot: &mut String, new: String) -> bool {
    if *slot == new {
        return false;
    }
    *slot = new;
    true
}
