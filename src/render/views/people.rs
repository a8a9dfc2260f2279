//! The people's pages (contract, section 9): `/ledamoter/` (people by
//! party, serving and former), a person's page (seats, and what they
//! raised, moved, voted and reserved, newest first, in pages), a party's
//! page (its people, how it voted against the outcome, its proposals and
//! reservations); and what other pages show of people: a paragraph's
//! proposals, vote and reservations, a meeting's attendance, a case's
//! authors.

use super::*;
use crate::content::acts::{Acts, Ballot, PersonIx, Proposal, Vote};
use crate::model::people::{page_count, page_of, Activity};

#[derive(Serialize)]
pub(super) struct PartyLink<'a> {
    id: &'a str,
    name: &'a str,
    abbreviation: &'a str,
    url: String,
}

fn party_link(site: &Site, party: usize) -> PartyLink<'_> {
    let p = &site.people.parties[party];
    PartyLink {
        id: &p.id,
        name: &p.name,
        abbreviation: &p.abbreviation,
        url: href(&paths::party_dir(site, party)),
    }
}

#[derive(Serialize)]
pub(super) struct PersonLink<'a> {
    id: &'a str,
    name: &'a str,
    url: String,
    party: Option<PartyLink<'a>>,
}

pub(super) fn person_link(site: &Site, person: PersonIx) -> PersonLink<'_> {
    let p = &site.people.people[person];
    PersonLink {
        id: &p.id,
        name: &p.name,
        url: href(&paths::person_dir(site, person)),
        party: p.party.map(|party| party_link(site, party)),
    }
}

fn person_links<'a>(site: &'a Site, people: &[PersonIx]) -> Vec<PersonLink<'a>> {
    people.iter().map(|p| person_link(site, *p)).collect()
}

#[derive(Serialize)]
struct ProposalView<'a> {
    by: PersonLink<'a>,
    supported_by: Vec<PersonLink<'a>>,
    text: &'a str,
    adopted: bool,
}

#[derive(Serialize)]
struct VoterRow<'a> {
    person: PersonLink<'a>,
    ballot: &'static str,
    ballot_label: &'static str,
}

#[derive(Serialize)]
struct PartyRow<'a> {
    party: Option<PartyLink<'a>>,
    label: &'a str,
    yes: usize,
    no: usize,
    abstain: usize,
}

#[derive(Serialize)]
struct VoteView<'a> {
    question: Option<&'a str>,
    /// Were the voters named (or only counted)?
    named: bool,
    yes: usize,
    no: usize,
    abstain: usize,
    total: usize,
    outcome_label: &'static str,
    voters: Vec<VoterRow<'a>>,
    parties: Vec<PartyRow<'a>>,
}

#[derive(Serialize)]
struct ReservationView<'a> {
    by: Vec<PersonLink<'a>>,
    text: Option<&'a str>,
}

/// What a paragraph records of people, for its page and its meeting's.
#[derive(Serialize)]
pub(super) struct ActsView<'a> {
    raised_by: Vec<PersonLink<'a>>,
    proposals: Vec<ProposalView<'a>>,
    vote: Option<VoteView<'a>>,
    reservations: Vec<ReservationView<'a>>,
}

/// A paragraph's acts, `None` when it records none.
pub(super) fn acts_view<'a>(
    site: &'a Site,
    t: &I18n,
    acts: &'a Acts<PersonIx>,
) -> Option<ActsView<'a>> {
    if acts.is_empty() {
        return None;
    }
    let proposals = (acts.proposals.iter())
        .map(|p| ProposalView {
            by: person_link(site, p.by),
            supported_by: person_links(site, &p.supported_by),
            text: &p.text,
            adopted: p.adopted,
        })
        .collect();
    let reservations = (acts.reservations.iter())
        .map(|r| ReservationView {
            by: person_links(site, &r.by),
            text: r.text.as_deref(),
        })
        .collect();
    Some(ActsView {
        raised_by: person_links(site, &acts.raised_by),
        proposals,
        vote: acts.vote.as_ref().map(|v| vote_view(site, t, v)),
        reservations,
    })
}

fn vote_view<'a>(site: &'a Site, t: &I18n, vote: &'a Vote<PersonIx>) -> VoteView<'a> {
    let mut voters = Vec::new();
    for (ballot, tally) in vote.sides() {
        voters.extend(tally.names().iter().map(|p| VoterRow {
            person: person_link(site, *p),
            ballot: ballot_key(ballot),
            ballot_label: t.get(ballot_key(ballot)),
        }));
    }
    let outcome_label = match vote.yes_won() {
        Some(true) => t.get("vote_yes_won"),
        Some(false) => t.get("vote_no_won"),
        None => t.get("vote_tied"),
    };
    let (yes, no, abstain) = (vote.yes.count(), vote.no.count(), vote.abstain.count());
    VoteView {
        question: vote.question.as_deref(),
        named: vote.is_named(),
        yes,
        no,
        abstain,
        total: yes + no + abstain,
        outcome_label,
        voters,
        parties: party_rows(site, t, vote),
    }
}

/// A named vote by party, in people.yaml's order of parties, those
/// without a party last.
fn party_rows<'a>(site: &'a Site, t: &I18n, vote: &Vote<PersonIx>) -> Vec<PartyRow<'a>> {
    let parties = site.people.parties.len();
    let mut counts = vec![[0usize; 3]; parties + 1];
    for (k, (_, tally)) in vote.sides().into_iter().enumerate() {
        for p in tally.names() {
            let party = site.people.people[*p].party.unwrap_or(parties);
            counts[party][k] += 1;
        }
    }
    let rows = counts.into_iter().enumerate();
    rows.filter(|(_, c)| c.iter().sum::<usize>() > 0)
        .map(|(party, [yes, no, abstain])| {
            let link = (party < parties).then(|| party_link(site, party));
            let label = link.as_ref().map_or(t.get("independent"), |l| l.name);
            PartyRow {
                party: link,
                label,
                yes,
                no,
                abstain,
            }
        })
        .collect()
}

/// The interface string that names a ballot.
fn ballot_key(ballot: Ballot) -> &'static str {
    match ballot {
        Ballot::Yes => "vote_yes",
        Ballot::No => "vote_no",
        Ballot::Abstain => "vote_abstain",
    }
}

#[derive(Serialize)]
pub(super) struct AttendanceView<'a> {
    present: Vec<PersonLink<'a>>,
    chair: Option<PersonLink<'a>>,
    adjusters: Vec<PersonLink<'a>>,
}

/// A meeting's attendance, `None` when it records none.
pub(super) fn attendance_view(site: &Site, mi: MeetingIx) -> Option<AttendanceView<'_>> {
    let a = &site.meetings[mi].attendance;
    (!a.is_empty()).then(|| AttendanceView {
        present: person_links(site, &a.present),
        chair: a.chair.map(|c| person_link(site, c)),
        adjusters: person_links(site, &a.adjusters),
    })
}

/// Everyone, by name (for the search page's person filter).
pub(super) fn people_by_name(site: &Site) -> Vec<PersonLink<'_>> {
    let mut people: Vec<PersonIx> = (0..site.people.people.len()).collect();
    people.sort_by(|a, b| {
        let name = |p: &PersonIx| &site.people.people[*p].name;
        name(a).cmp(name(b)).then(a.cmp(b))
    });
    person_links(site, &people)
}

/// Who raised a case (see [`crate::model::people::raised_by`]).
pub(super) fn raised_by<'a>(site: &'a Site, timeline: &[ParagraphIx]) -> Vec<PersonLink<'a>> {
    person_links(site, &crate::model::people::raised_by(site, timeline))
}

/// The day the people list calls "now": the latest meeting's (the build
/// never reads the clock). A person is serving when a seat of theirs holds
/// on or after it.
fn reference_day(site: &Site) -> Option<chrono::NaiveDate> {
    reads::record(Key::LatestDay);
    // Meetings are in date order.
    site.meetings.last().map(|m| m.date)
}

/// Does a seat still hold on the reference day (`None`: there are no
/// meetings, and a seat holds while it has no end)?
fn holds_now(seat: &crate::content::people::Membership, day: Option<chrono::NaiveDate>) -> bool {
    match day {
        Some(day) => seat.to.is_none_or(|to| to >= day),
        None => seat.to.is_none(),
    }
}

fn is_serving(site: &Site, person: PersonIx) -> bool {
    let day = reference_day(site);
    let seats = &site.people.people[person].memberships;
    seats.iter().any(|m| holds_now(m, day))
}

#[derive(Serialize)]
struct PersonRow<'a> {
    person: PersonLink<'a>,
    /// Their seats now (serving) or their last ones (former), as
    /// `Kf ledamot, Ks ersättare`.
    seats: String,
}

fn person_row(site: &Site, person: PersonIx, serving: bool) -> PersonRow<'_> {
    let seats = &site.people.people[person].memberships;
    let day = reference_day(site);
    let last_end = seats.iter().filter_map(|m| m.to).max();
    let shown = seats.iter().filter(|m| match serving {
        true => holds_now(m, day),
        false => m.to == last_end,
    });
    let words: Vec<String> = shown
        .map(|m| format!("{} {}", site.bodies[m.body].abbreviation, m.role.key()))
        .collect();
    PersonRow {
        person: person_link(site, person),
        seats: words.join(", "),
    }
}

#[derive(Serialize)]
struct PeopleGroup<'a> {
    party: Option<PartyLink<'a>>,
    heading: &'a str,
    serving: Vec<PersonRow<'a>>,
    former: Vec<PersonRow<'a>>,
}

/// The people of a party (`None`: without one), by name, serving first.
fn people_of(site: &Site, party: Option<usize>) -> (Vec<PersonRow<'_>>, Vec<PersonRow<'_>>) {
    let mut people: Vec<PersonIx> = (0..site.people.people.len())
        .filter(|p| site.people.people[*p].party == party)
        .collect();
    people.sort_by(|a, b| {
        let name = |p: &PersonIx| &site.people.people[*p].name;
        name(a).cmp(name(b)).then(a.cmp(b))
    });
    let (serving, former): (Vec<PersonIx>, Vec<PersonIx>) =
        people.into_iter().partition(|p| is_serving(site, *p));
    let rows = |people: Vec<PersonIx>, serving| {
        people
            .into_iter()
            .map(|p| person_row(site, p, serving))
            .collect()
    };
    (rows(serving, true), rows(former, false))
}

/// `/ledamoter/`: the people by party, serving and former.
pub(super) fn people_context(site: &Site, t: &I18n, home: Link, ctx: &mut Context) {
    let mut groups: Vec<PeopleGroup> = Vec::new();
    let parties = (0..site.people.parties.len()).map(Some).chain([None]);
    for party in parties {
        let (serving, former) = people_of(site, party);
        if serving.is_empty() && former.is_empty() {
            continue;
        }
        let link = party.map(|p| party_link(site, p));
        let heading = link.as_ref().map_or(t.get("independents"), |l| l.name);
        groups.push(PeopleGroup {
            party: link,
            heading,
            serving,
            former,
        });
    }
    ctx.insert("title", t.get("people"));
    ctx.insert("breadcrumbs", &[home]);
    ctx.insert("groups", &groups);
}

#[derive(Serialize)]
struct SeatView<'a> {
    body: BodyView<'a>,
    role: &'static str,
    from: String,
    from_text: String,
    to_text: Option<String>,
}

/// One paragraph on a person's or party's page, with what they did in it.
#[derive(Serialize)]
struct EntryView<'a> {
    url: String,
    heading: String,
    title: &'a str,
    meeting_url: String,
    meeting_title: String,
    date: String,
    date_text: String,
    decision_label: Option<&'static str>,
    acts: Vec<String>,
}

fn entry_view<'a>(site: &'a Site, t: &I18n, pi: ParagraphIx, acts: Vec<String>) -> EntryView<'a> {
    let p = &site.paragraphs[pi];
    let m = site.meeting_of(p);
    reads::record(Key::Paragraph(&m.id, p.number));
    let body = &site.bodies[m.body];
    EntryView {
        url: href(&paths::paragraph_dir(site, pi)),
        heading: format!("{} § {}", body.abbreviation, p.number),
        title: &p.title,
        meeting_url: href(&paths::meeting_dir(site, p.meeting)),
        meeting_title: format!("{} {}", body.name, t.date(m.date)),
        date: m.date.to_string(),
        date_text: t.date(m.date),
        decision_label: p.decision.filter(|_| m.is_held()).map(|d| t.decision(d)),
        acts,
    }
}

/// The `page`-th page of a person's or party's acts (`all`, newest
/// first) in the context: its entries, each with what `said` makes of its
/// paragraph's acts, how many there are in all, the pagination under
/// `dir` and the Atom feed beside it (`feed` the string that names it).
fn insert_acts(
    ctx: &mut Context,
    site: &Site,
    t: &I18n,
    (all, page): (&[ParagraphIx], usize),
    (dir, feed): (&str, &'static str),
    said: impl Fn(&Acts<PersonIx>) -> Vec<String>,
) {
    let entries: Vec<EntryView> = (page_of(all, page).iter())
        .map(|pi| entry_view(site, t, *pi, said(&site.paragraphs[*pi].acts)))
        .collect();
    ctx.insert("entries", &entries);
    ctx.insert("entry_count", &all.len());
    ctx.insert("pagination", &pagination(dir, page, page_count(all)));
    ctx.insert("page_feed", &page_feed(t, page, feed));
}

/// A paged page's title: the name, with the page's number after the first.
fn paged_title(name: &str, t: &I18n, page: usize) -> String {
    match page {
        1 => name.to_owned(),
        n => format!("{name} – {} {n}", t.get("page")),
    }
}

/// ` (bifölls)` after an adopted proposal's text.
fn adopted_note(t: &I18n, p: &Proposal<PersonIx>) -> String {
    match p.adopted {
        true => format!(" ({})", t.get("adopted")),
        false => String::new(),
    }
}

/// What a person did in a paragraph, in words.
fn person_acts(site: &Site, t: &I18n, acts: &Acts<PersonIx>, person: PersonIx) -> Vec<String> {
    let mut said = Vec::new();
    if acts.raised_by.contains(&person) {
        said.push(t.get("act_raised").to_owned());
    }
    for p in &acts.proposals {
        let adopted = adopted_note(t, p);
        if p.by == person {
            said.push(format!("{}: {}{adopted}", t.get("act_moved"), p.text));
        } else if p.supported_by.contains(&person) {
            let by = &site.people.people[p.by].name;
            said.push(format!(
                "{} {by}: {}{adopted}",
                t.get("act_supported"),
                p.text
            ));
        }
    }
    if let Some(ballot) = acts.vote.as_ref().and_then(|v| v.ballot_of(&person)) {
        said.push(format!(
            "{}: {}",
            t.get("act_voted"),
            t.get(ballot_key(ballot)).to_lowercase()
        ));
    }
    for r in acts.reservations.iter().filter(|r| r.by.contains(&person)) {
        said.push(match &r.text {
            Some(text) => format!("{} {text}", t.get("act_reserved")),
            None => t.get("act_reserved").to_owned(),
        });
    }
    said
}

/// What a party's people moved, supported and reserved in a paragraph.
fn party_acts(site: &Site, t: &I18n, acts: &Acts<PersonIx>, party: usize) -> Vec<String> {
    let of_party = |p: &PersonIx| site.people.people[*p].party == Some(party);
    let name = |p: &PersonIx| site.people.people[*p].name.as_str();
    let mut said = Vec::new();
    for p in &acts.proposals {
        let adopted = adopted_note(t, p);
        let supporters: Vec<&str> = p
            .supported_by
            .iter()
            .filter(|s| of_party(s))
            .map(name)
            .collect();
        if of_party(&p.by) {
            said.push(format!(
                "{} {}: {}{adopted}",
                name(&p.by),
                t.get("act_moved").to_lowercase(),
                p.text
            ));
        } else if !supporters.is_empty() {
            let who = supporters.join(", ");
            said.push(format!(
                "{who} {} {}: {}{adopted}",
                t.get("act_supported").to_lowercase(),
                name(&p.by),
                p.text
            ));
        }
    }
    for r in &acts.reservations {
        let who: Vec<&str> = r.by.iter().filter(|p| of_party(p)).map(name).collect();
        if !who.is_empty() {
            said.push(format!(
                "{} {}",
                who.join(", "),
                t.get("act_reserved").to_lowercase()
            ));
        }
    }
    said
}

#[derive(Serialize, Default)]
struct VoteRecord {
    votes: usize,
    yes: usize,
    no: usize,
    abstain: usize,
    proposals: usize,
    adopted: usize,
    reservations: usize,
    raised: usize,
}

/// A person's acts counted across all their paragraphs.
fn person_record(site: &Site, person: PersonIx, entries: &[ParagraphIx]) -> VoteRecord {
    let mut record = VoteRecord::default();
    for pi in entries {
        let acts = &site.paragraphs[*pi].acts;
        match acts.vote.as_ref().and_then(|v| v.ballot_of(&person)) {
            Some(Ballot::Yes) => record.yes += 1,
            Some(Ballot::No) => record.no += 1,
            Some(Ballot::Abstain) => record.abstain += 1,
            None => {}
        }
        let moved = acts.proposals.iter().filter(|p| p.by == person);
        for p in moved {
            record.proposals += 1;
            record.adopted += usize::from(p.adopted);
        }
        let reserved = acts.reservations.iter().filter(|r| r.by.contains(&person));
        record.reservations += reserved.count();
        record.raised += usize::from(acts.raised_by.contains(&person));
    }
    record.votes = record.yes + record.no + record.abstain;
    record
}

/// A person's page: `page` of their acts.
pub(super) fn person_context(
    site: &Site,
    t: &I18n,
    activity: &Activity,
    (person, page): (PersonIx, usize),
    home: Link,
    ctx: &mut Context,
) {
    let p = &site.people.people[person];
    reads::record(Key::Person(&p.id));
    let seats: Vec<SeatView> = (p.memberships.iter())
        .map(|m| SeatView {
            body: body_view(site, m.body),
            role: m.role.key(),
            from: m.from.to_string(),
            from_text: t.date(m.from),
            to_text: m.to.map(|d| t.date(d)),
        })
        .collect();
    let all = &activity.by_person[person];
    let title = paged_title(&p.name, t, page);
    ctx.insert("title", &title);
    ctx.insert(
        "description",
        &format!("{}: {}.", t.get("person_intro"), p.name),
    );
    ctx.insert("breadcrumbs", &[home, link_to_people(t)]);
    ctx.insert("person", &person_link(site, person));
    ctx.insert("serving", &is_serving(site, person));
    ctx.insert("seats", &seats);
    ctx.insert("attended", &activity.attended[person]);
    ctx.insert("record", &person_record(site, person, all));
    let dir = paths::person_dir(site, person);
    insert_acts(
        ctx,
        site,
        t,
        (all, page),
        (&dir, "follow_person_feed"),
        |acts| person_acts(site, t, acts, person),
    );
}

/// A party's page: its people, its record in votes and `page` of its
/// people's proposals and reservations.
pub(super) fn party_context(
    site: &Site,
    t: &I18n,
    activity: &Activity,
    (party, page): (usize, usize),
    home: Link,
    ctx: &mut Context,
) {
    reads::record(Key::Party(&site.people.parties[party].id));
    let all = &activity.by_party[party];
    let (serving, former) = people_of(site, Some(party));
    let link = party_link(site, party);
    let title = paged_title(link.name, t, page);
    let votes = activity.party_votes[party];
    let votes_text = match votes.votes {
        0 => t.get("party_votes_none").to_owned(),
        n => {
            let percent = 100.0 * votes.with_outcome as f64 / n as f64;
            (t.get("party_votes_text"))
                .replace("{votes}", &n.to_string())
                .replace("{with}", &votes.with_outcome.to_string())
                .replace("{share}", &t.number(percent, 0))
        }
    };
    ctx.insert("title", &title);
    ctx.insert(
        "description",
        &format!("{}: {}.", t.get("party_intro"), link.name),
    );
    ctx.insert("breadcrumbs", &[home, link_to_people(t)]);
    ctx.insert("party", &link);
    ctx.insert("serving", &serving);
    ctx.insert("former", &former);
    ctx.insert("votes", &votes.votes);
    ctx.insert("votes_with_outcome", &votes.with_outcome);
    ctx.insert("votes_text", &votes_text);
    let dir = paths::party_dir(site, party);
    insert_acts(
        ctx,
        site,
        t,
        (all, page),
        (&dir, "follow_party_feed"),
        |acts| party_acts(site, t, acts, party),
    );
}

/// The page's Atom feed, beside its first page (`../feed.xml` from the
/// others).
fn page_feed(t: &I18n, page: usize, title: &'static str) -> FeedLink {
    FeedLink {
        href: if page == 1 { "feed.xml" } else { "../feed.xml" },
        title: t.get(title),
    }
}

fn link_to_people(t: &I18n) -> Link {
    link(t.get("people"), "ledamoter/")
}
