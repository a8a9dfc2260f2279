//! What the model says of each person and party, gathered from every
//! published paragraph and meeting: the paragraphs a person raised, moved,
//! supported, voted in or reserved against, the meetings they attended, and
//! how a party's members voted against each vote's outcome. Confidential
//! paragraphs hold no acts (the model blanks them), so nothing here comes
//! from one.

use crate::content::acts::{PersonIx, Tally};
use crate::model::{ParagraphIx, Positions, Site};

/// What people and parties did, by person and by party.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Activity {
    /// For each person, the paragraphs they acted in, newest first.
    pub by_person: Vec<Vec<ParagraphIx>>,
    /// For each person, how many meetings list them as present.
    pub attended: Vec<usize>,
    /// For each party, the paragraphs in which one of its people moved,
    /// supported a proposal or reserved, newest first.
    pub by_party: Vec<Vec<ParagraphIx>>,
    /// For each party, its record in the votes whose voters are named.
    pub party_votes: Vec<PartyVotes>,
}

/// How a party's people voted in the named votes that had an outcome (no
/// tie) and in which at least one of them voted yes or no.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PartyVotes {
    pub votes: usize,
    /// Votes in which most of its people who voted yes or no took the
    /// winning side.
    pub with_outcome: usize,
}

impl Activity {
    pub fn new(site: &Site) -> Activity {
        let (people, parties) = (site.people.people.len(), site.people.parties.len());
        let mut activity = Activity {
            by_person: vec![Vec::new(); people],
            attended: vec![0; people],
            by_party: vec![Vec::new(); parties],
            party_votes: vec![PartyVotes::default(); parties],
        };
        if people == 0 {
            return activity;
        }
        for m in &site.meetings {
            for p in &m.attendance.present {
                activity.attended[*p] += 1;
            }
        }
        let party_of = |p: PersonIx| site.people.people[p].party;
        // Newest first; a confidential paragraph has no acts.
        for (pi, p) in site.paragraphs.positioned().rev() {
            if p.acts.is_empty() {
                continue;
            }
            let mut acted: Vec<PersonIx> = p.acts.everyone().copied().collect();
            acted.sort_unstable();
            acted.dedup();
            for person in acted {
                activity.by_person[person].push(pi);
            }
            let movers = p.acts.movers().copied();
            let mut parties: Vec<usize> = movers.filter_map(party_of).collect();
            parties.sort_unstable();
            parties.dedup();
            for party in parties {
                activity.by_party[party].push(pi);
            }
            if let Some(vote) = &p.acts.vote {
                let Some(yes_won) = vote.yes_won() else {
                    continue;
                };
                for (party, record) in activity.party_votes.iter_mut().enumerate() {
                    let count = |t: &Tally<PersonIx>| {
                        let members = t.names().iter().filter(|v| party_of(**v) == Some(party));
                        members.count()
                    };
                    let (yes, no) = (count(&vote.yes), count(&vote.no));
                    if yes + no == 0 {
                        continue;
                    }
                    record.votes += 1;
                    if (yes_won && yes > no) || (!yes_won && no > yes) {
                        record.with_outcome += 1;
                    }
                }
            }
        }
        activity
    }

    /// How many pages a person's acts fill.
    pub fn person_pages(&self, person: PersonIx) -> usize {
        page_count(&self.by_person[person])
    }

    /// How many pages a party's proposals and reservations fill.
    pub fn party_pages(&self, party: usize) -> usize {
        page_count(&self.by_party[party])
    }
}

/// Entries per page on a person's and a party's page.
pub const ACTS_PER_PAGE: usize = 50;

/// How many pages entries fill (one when there are none).
pub fn page_count(entries: &[ParagraphIx]) -> usize {
    entries.len().div_ceil(ACTS_PER_PAGE).max(1)
}

/// The `page`-th (1-based) page of entries.
pub fn page_of(entries: &[ParagraphIx], page: usize) -> &[ParagraphIx] {
    let start = ((page - 1) * ACTS_PER_PAGE).min(entries.len());
    let end = (page * ACTS_PER_PAGE).min(entries.len());
    &entries[start..end]
}

/// Who raised the matter of any paragraph of a case's timeline, each once,
/// in the order they first appear.
pub fn raised_by(site: &Site, timeline: &[ParagraphIx]) -> Vec<PersonIx> {
    let mut people: Vec<PersonIx> = Vec::new();
    for pi in timeline {
        for p in &site.paragraphs[*pi].acts.raised_by {
            if !people.contains(p) {
                people.push(*p);
            }
        }
    }
    people
}
