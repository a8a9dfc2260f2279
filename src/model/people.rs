//! What the model says of each person and party, gathered from every
//! published paragraph and meeting: the paragraphs a person raised, moved,
//! supported, voted in or reserved against, the meetings they attended, and
//! how a party's members voted against each vote's outcome. Confidential
//! paragraphs hold no acts (the model blanks them), so nothing here comes
//! from one.

use crate::content::acts::{Acts, PersonIx, Tally};
use crate::model::{ParagraphIx, Site};

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

/// How a person voted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ballot {
    Yes,
    No,
    Abstain,
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
        for (pi, p) in site
            .published_paragraphs()
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
        {
            if p.acts.is_empty() {
                continue;
            }
            let mut acted = acting_people(&p.acts);
            acted.sort_unstable();
            acted.dedup();
            for person in acted {
                activity.by_person[person].push(pi);
            }
            let mut parties: Vec<usize> = party_actors(&p.acts).filter_map(party_of).collect();
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
        self.by_person[person].len().div_ceil(ACTS_PER_PAGE).max(1)
    }

    /// How many pages a party's proposals and reservations fill.
    pub fn party_pages(&self, party: usize) -> usize {
        self.by_party[party].len().div_ceil(ACTS_PER_PAGE).max(1)
    }
}

/// Entries per page on a person's and a party's page.
pub const ACTS_PER_PAGE: usize = 50;

/// The `page`-th (1-based) page of entries.
pub fn page_of(entries: &[ParagraphIx], page: usize) -> &[ParagraphIx] {
    let start = ((page - 1) * ACTS_PER_PAGE).min(entries.len());
    let end = (page * ACTS_PER_PAGE).min(entries.len());
    &entries[start..end]
}

/// Everyone a paragraph names as acting (with repeats).
pub(crate) fn acting_people(acts: &Acts<PersonIx>) -> Vec<PersonIx> {
    let mut people = acts.raised_by.clone();
    for p in &acts.proposals {
        people.push(p.by);
        people.extend(&p.supported_by);
    }
    if let Some(vote) = &acts.vote {
        for tally in [&vote.yes, &vote.no, &vote.abstain] {
            people.extend(tally.names());
        }
    }
    people.extend(acts.reservations.iter().flat_map(|r| &r.by));
    people
}

/// Those whose acts a party's page lists: who moved, supported a
/// proposal or reserved.
fn party_actors(acts: &Acts<PersonIx>) -> impl Iterator<Item = PersonIx> + '_ {
    let proposals = acts
        .proposals
        .iter()
        .flat_map(|p| std::iter::once(p.by).chain(p.supported_by.iter().copied()));
    proposals.chain(acts.reservations.iter().flat_map(|r| r.by.iter().copied()))
}

/// How a person voted in a paragraph's vote, if they are named in it.
pub fn ballot_of(acts: &Acts<PersonIx>, person: PersonIx) -> Option<Ballot> {
    let vote = acts.vote.as_ref()?;
    let named = |t: &Tally<PersonIx>| t.names().contains(&person);
    if named(&vote.yes) {
        Some(Ballot::Yes)
    } else if named(&vote.no) {
        Some(Ballot::No)
    } else if named(&vote.abstain) {
        Some(Ballot::Abstain)
    } else {
        None
    }
}
