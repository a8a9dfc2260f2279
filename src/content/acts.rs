//! What a meeting and a paragraph say of people (contract, section 9): who
//! was present, chaired and adjusted the minutes; who raised the matter,
//! what was moved (yrkanden), how a vote went and who entered a
//! reservation. Read from the front matter with each name's line, then
//! checked against people.yaml once the meeting folder is read
//! ([`check_meeting`]): every rule of section 9, every problem at once.

use serde::Deserialize;

use super::meetings::MeetingSource;
use super::people::People;
use super::yaml::{Scalar, Source};
use crate::error::{Diagnostic, ErrorKind, Location};

/// A person as a front matter names them: their id and its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub id: String,
    pub line: usize,
    /// Where on the line the name starts (1-based, in characters).
    pub column: usize,
}

impl Named {
    fn at(&self, file: &std::path::Path) -> Location {
        Location::at(file, self.line, self.column)
    }
}

/// A person in the model: an index into [`People::people`].
pub type PersonIx = usize;

/// Who took part in a meeting (`present`, `chair`, `adjusters`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendance<P> {
    pub present: Vec<P>,
    pub chair: Option<P>,
    pub adjusters: Vec<P>,
}

impl<P> Default for Attendance<P> {
    fn default() -> Self {
        Attendance {
            present: Vec::new(),
            chair: None,
            adjusters: Vec::new(),
        }
    }
}

impl<P> Attendance<P> {
    pub fn is_empty(&self) -> bool {
        self.present.is_empty() && self.chair.is_none() && self.adjusters.is_empty()
    }
}

impl<P: Copy> Attendance<P> {
    /// Everyone it names (with repeats).
    pub fn everyone(&self) -> impl Iterator<Item = P> + '_ {
        let named = self
            .present
            .iter()
            .chain(&self.chair)
            .chain(&self.adjusters);
        named.copied()
    }
}

/// What a paragraph records of people's acts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acts<P> {
    /// Väckt av: the authors of a motion, interpellation or question.
    pub raised_by: Vec<P>,
    /// Yrkanden, in the order made.
    pub proposals: Vec<Proposal<P>>,
    pub vote: Option<Vote<P>>,
    pub reservations: Vec<Reservation<P>>,
}

impl<P> Default for Acts<P> {
    fn default() -> Self {
        Acts {
            raised_by: Vec::new(),
            proposals: Vec::new(),
            vote: None,
            reservations: Vec::new(),
        }
    }
}

impl<P> Acts<P> {
    pub fn is_empty(&self) -> bool {
        self.raised_by.is_empty()
            && self.proposals.is_empty()
            && self.vote.is_none()
            && self.reservations.is_empty()
    }

    /// Who moved or supported a proposal, or reserved (with repeats): what
    /// a party's page lists of its people.
    pub fn movers(&self) -> impl Iterator<Item = &P> {
        let proposals =
            (self.proposals.iter()).flat_map(|p| std::iter::once(&p.by).chain(&p.supported_by));
        proposals.chain(self.reservations.iter().flat_map(|r| &r.by))
    }

    /// Who raised the matter, moved, supported or reserved (with
    /// repeats): whom search finds the paragraph by.
    pub fn actors(&self) -> impl Iterator<Item = &P> {
        self.raised_by.iter().chain(self.movers())
    }

    /// Everyone it names: the actors and the voters (with repeats).
    pub fn everyone(&self) -> impl Iterator<Item = &P> {
        self.actors().chain(self.vote.iter().flat_map(Vote::voters))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal<P> {
    pub by: P,
    /// Med instämmande av.
    pub supported_by: Vec<P>,
    pub text: String,
    /// The proposal the body adopted (at most one is).
    pub adopted: bool,
}

/// An omröstning: its question and how each side was counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vote<P> {
    pub question: Option<String>,
    /// Ja.
    pub yes: Tally<P>,
    /// Nej.
    pub no: Tally<P>,
    /// Avstår.
    pub abstain: Tally<P>,
}

/// One side of a vote: the people who voted so, or only how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tally<P> {
    Names(Vec<P>),
    Count(u32),
}

impl<P> Tally<P> {
    pub fn count(&self) -> usize {
        match self {
            Tally::Names(names) => names.len(),
            Tally::Count(n) => *n as usize,
        }
    }

    /// The people named (none for a count).
    pub fn names(&self) -> &[P] {
        match self {
            Tally::Names(names) => names,
            Tally::Count(_) => &[],
        }
    }
}

/// How a person voted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ballot {
    Yes,
    No,
    Abstain,
}

impl Ballot {
    /// Its key in a paragraph's `vote:` (and in `voteringar.csv`).
    pub fn key(self) -> &'static str {
        match self {
            Ballot::Yes => "for",
            Ballot::No => "against",
            Ballot::Abstain => "abstain",
        }
    }
}

impl<P> Vote<P> {
    /// Its sides in order: yes, no, abstain.
    pub fn sides(&self) -> [(Ballot, &Tally<P>); 3] {
        [
            (Ballot::Yes, &self.yes),
            (Ballot::No, &self.no),
            (Ballot::Abstain, &self.abstain),
        ]
    }

    /// Everyone named in it, the yes side first.
    pub fn voters(&self) -> impl Iterator<Item = &P> {
        self.sides().into_iter().flat_map(|(_, t)| t.names())
    }

    /// How a person voted, if they are named in it.
    pub fn ballot_of(&self, person: &P) -> Option<Ballot>
    where
        P: PartialEq,
    {
        let mut sides = self.sides().into_iter();
        sides
            .find(|(_, t)| t.names().contains(person))
            .map(|(b, _)| b)
    }

    /// Which side won: `Some(true)` for yes, `Some(false)` for no, `None`
    /// for a tie (which the chair's casting vote or lot decides, as the
    /// minutes then say).
    pub fn yes_won(&self) -> Option<bool> {
        let (yes, no) = (self.yes.count(), self.no.count());
        (yes != no).then_some(yes > no)
    }

    /// Were the voters named (rather than only counted)?
    pub fn is_named(&self) -> bool {
        self.voters().next().is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation<P> {
    pub by: Vec<P>,
    pub text: Option<String>,
}

/// The front matter keys of a meeting's people, as YAML reads them.
#[derive(Default)]
pub struct AttendanceKeys {
    pub present: Option<Vec<Scalar>>,
    pub chair: Option<Scalar>,
    pub adjusters: Option<Vec<Scalar>>,
}

/// The front matter keys of a paragraph's acts, as YAML reads them.
#[derive(Default)]
pub struct ActsKeys {
    pub raised_by: Option<Vec<Scalar>>,
    pub proposals: Option<Vec<ProposalEntry>>,
    pub vote: Option<VoteEntry>,
    pub reservations: Option<Vec<ReservationEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProposalEntry {
    by: Scalar,
    #[serde(default)]
    supported_by: Vec<Scalar>,
    text: String,
    #[serde(default)]
    adopted: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoteEntry {
    question: Option<String>,
    #[serde(rename = "for")]
    yes: Option<TallyEntry>,
    against: Option<TallyEntry>,
    abstain: Option<TallyEntry>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum TallyEntry {
    Count(i64),
    Names(Vec<Scalar>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReservationEntry {
    by: Vec<Scalar>,
    text: Option<String>,
}

/// The line and column of the `n`-th time (0-based) `id` stands as a
/// whole word at or after line `from`: where the clerk wrote that name.
fn place_of(src: &Source, from: usize, id: &str, n: usize) -> (usize, usize) {
    let is_id_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut seen = 0;
    for (i, line) in src.text.lines().enumerate().skip(from.saturating_sub(1)) {
        for (at, _) in line.match_indices(id) {
            let before = line[..at].chars().next_back();
            let after = line[at + id.len()..].chars().next();
            if before.is_some_and(is_id_char) || after.is_some_and(is_id_char) {
                continue;
            }
            if seen == n {
                return (i + 1, line[..at].chars().count() + 1);
            }
            seen += 1;
        }
    }
    (from.max(1), 1)
}

/// Names as written, each with its line: the `k`-th time a name stands
/// after `from` is its `k`-th mention.
struct Namer<'a> {
    src: &'a Source<'a>,
    from: usize,
    seen: std::collections::HashMap<String, usize>,
}

impl<'a> Namer<'a> {
    fn new(src: &'a Source<'a>, from: Option<usize>) -> Self {
        Namer {
            src,
            from: from.unwrap_or(1),
            seen: Default::default(),
        }
    }

    fn name(&mut self, written: &Scalar) -> Named {
        let id = written.to_string().trim().to_owned();
        let n = self.seen.entry(id.clone()).or_default();
        let (line, column) = place_of(self.src, self.from, &id, *n);
        *n += 1;
        Named { id, line, column }
    }

    fn names(&mut self, written: &[Scalar]) -> Vec<Named> {
        written.iter().map(|w| self.name(w)).collect()
    }
}

/// A meeting's people as written, located.
pub fn read_attendance(
    src: &Source,
    keys: &AttendanceKeys,
    line: impl Fn(&str) -> Option<usize>,
) -> Attendance<Named> {
    Attendance {
        present: Namer::new(src, line("present"))
            .names(keys.present.as_deref().unwrap_or_default()),
        chair: keys
            .chair
            .as_ref()
            .map(|c| Namer::new(src, line("chair")).name(c)),
        adjusters: Namer::new(src, line("adjusters"))
            .names(keys.adjusters.as_deref().unwrap_or_default()),
    }
}

/// A paragraph's acts as written, located; a negative count is an error.
pub fn read_acts(
    src: &Source,
    keys: ActsKeys,
    line: impl Fn(&str) -> Option<usize>,
    errors: &mut Vec<Diagnostic>,
) -> Acts<Named> {
    let raised_by = Namer::new(src, line("raised_by")).names(&keys.raised_by.unwrap_or_default());
    let mut namer = Namer::new(src, line("proposals"));
    let proposals = (keys.proposals.unwrap_or_default().into_iter())
        .map(|p| Proposal {
            by: namer.name(&p.by),
            supported_by: namer.names(&p.supported_by),
            text: p.text,
            adopted: p.adopted,
        })
        .collect();
    let vote_line = line("vote");
    let mut namer = Namer::new(src, vote_line);
    let mut tally = |entry: Option<TallyEntry>, key: &'static str| match entry {
        None => Tally::Count(0),
        Some(TallyEntry::Names(names)) => Tally::Names(namer.names(&names)),
        Some(TallyEntry::Count(n)) => Tally::Count(u32::try_from(n).unwrap_or_else(|_| {
            let at = vote_line.and_then(|l| src.line_from(l, &format!("{key}:")));
            errors.push(src.error_at(at.or(vote_line), ErrorKind::NegativeCount { key, count: n }));
            0
        })),
    };
    let vote = keys.vote.map(|v| Vote {
        question: v.question,
        yes: tally(v.yes, "for"),
        no: tally(v.against, "against"),
        abstain: tally(v.abstain, "abstain"),
    });
    let mut namer = Namer::new(src, line("reservations"));
    let reservations = (keys.reservations.unwrap_or_default().into_iter())
        .map(|r| Reservation {
            by: namer.names(&r.by),
            text: r.text,
        })
        .collect();
    Acts {
        raised_by,
        proposals,
        vote,
        reservations,
    }
}

/// The people keys of a meeting's index.md.
pub const MEETING_KEYS: [&str; 3] = ["present", "chair", "adjusters"];
/// The people keys of a paragraph.
pub const PARAGRAPH_KEYS: [&str; 4] = ["raised_by", "proposals", "vote", "reservations"];

/// Which of `keys` a front matter uses, each with its line: what a
/// portal without people.yaml may not use.
pub fn keys_used(
    keys: &[&'static str],
    line: impl Fn(&str) -> Option<usize>,
) -> Vec<(&'static str, usize)> {
    keys.iter().filter_map(|k| Some((*k, line(k)?))).collect()
}

/// Check what a meeting folder says of people against people.yaml
/// (`None`: the portal has none), and its presence and seats against its
/// body (its index and name, when bodies.yaml names it). Every problem is
/// an error located on the name's line.
pub fn check_meeting(
    content: &std::path::Path,
    meeting: &MeetingSource,
    body: Option<(usize, &str)>,
    people: Option<&People>,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let index_file = meeting.dir.join("index.md");
    let Some(people) = people else {
        let mut without = |file: &std::path::Path, used: Vec<(&'static str, usize)>| {
            for (key, line) in used {
                let at = Location::at(file, line, 1);
                errors.push(Diagnostic::error(at, ErrorKind::PeopleWithoutFile { key }));
            }
        };
        without(&index_file, meeting.people_keys.clone());
        for p in &meeting.paragraphs {
            without(&p.file, p.people_keys.clone());
        }
        return with_sources(content, errors);
    };
    let date = meeting.date;
    let present = &meeting.attendance.present;
    let listed = !present.is_empty();
    let is_present = |n: &Named| present.iter().any(|p| p.id == n.id);
    let mut check =
        |file: &std::path::Path, n: &Named, key: &'static str, must_be_present: bool| {
            let at = n.at(file);
            match people.find(&n.id) {
                None => errors.push(Diagnostic::error(
                    at,
                    ErrorKind::UnknownPerson {
                        id: n.id.clone(),
                        closest: people.closest(&n.id),
                    },
                )),
                Some(_) if must_be_present && listed && !is_present(n) => {
                    errors.push(Diagnostic::error(
                        at,
                        ErrorKind::NotPresent {
                            id: n.id.clone(),
                            key,
                        },
                    ))
                }
                Some(_) => {}
            }
        };
    let attendance = &meeting.attendance;
    for n in &attendance.present {
        check(&index_file, n, "present", false);
    }
    for n in attendance.chair.iter() {
        check(&index_file, n, "chair", true);
    }
    for n in &attendance.adjusters {
        check(&index_file, n, "adjusters", true);
    }
    for p in &meeting.paragraphs {
        let acts = &p.acts;
        for n in &acts.raised_by {
            check(&p.file, n, "raised_by", false);
        }
        for proposal in &acts.proposals {
            check(&p.file, &proposal.by, "proposals", true);
            for n in &proposal.supported_by {
                check(&p.file, n, "proposals", true);
            }
        }
        for n in acts.vote.iter().flat_map(Vote::voters) {
            check(&p.file, n, "vote", true);
        }
        for n in acts.reservations.iter().flat_map(|r| &r.by) {
            check(&p.file, n, "reservations", true);
        }
    }
    for p in &meeting.paragraphs {
        errors.extend(twice_and_adopted(&p.file, &p.acts));
    }
    errors.extend(twice_in(&index_file, &attendance.present, "present"));
    if let Some((body, body_name)) = body {
        for n in &attendance.present {
            let Some(person) = people.find(&n.id) else {
                continue;
            };
            if !people.has_seat(person, body, date) {
                let at = n.at(&index_file);
                let kind = ErrorKind::NoSeat {
                    name: people.people[person].name.clone(),
                    body: body_name.to_owned(),
                    date: date.to_string(),
                };
                errors.push(Diagnostic::error(at, kind));
            }
        }
    }
    with_sources(content, errors)
}

/// Nobody votes twice or is named twice in one list, and at most one
/// proposal is adopted.
fn twice_and_adopted(file: &std::path::Path, acts: &Acts<Named>) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    errors.extend(twice_in(file, &acts.raised_by, "raised_by"));
    if let Some(vote) = &acts.vote {
        let voters: Vec<Named> = vote.voters().cloned().collect();
        errors.extend(twice_in(file, &voters, "vote"));
    }
    let adopted: Vec<&Proposal<Named>> = acts.proposals.iter().filter(|p| p.adopted).collect();
    if let Some(second) = adopted.get(1) {
        let at = second.by.at(file);
        errors.push(Diagnostic::error(
            at,
            ErrorKind::SeveralAdopted {
                first_line: adopted[0].by.line,
            },
        ));
    }
    errors
}

/// A name that stands twice in one list (or one vote): an error at the
/// second.
fn twice_in(file: &std::path::Path, names: &[Named], key: &'static str) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (k, n) in names.iter().enumerate() {
        if let Some(first) = names[..k].iter().find(|m| m.id == n.id) {
            let at = n.at(file);
            let kind = ErrorKind::NamedTwice {
                id: n.id.clone(),
                key,
                first_line: first.line,
            };
            errors.push(Diagnostic::error(at, kind));
        }
    }
    errors
}

/// The diagnostics with the lines they point at quoted (their files are
/// read again: errors are rare).
fn with_sources(content: &std::path::Path, errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut texts: std::collections::HashMap<std::path::PathBuf, String> = Default::default();
    errors
        .into_iter()
        .map(|d| {
            let file = d.location.file.clone();
            let text = texts.entry(file.clone()).or_insert_with(|| {
                std::fs::read_to_string(content.join(&file)).unwrap_or_default()
            });
            d.with_source(text)
        })
        .collect()
}

impl Acts<Named> {
    /// The acts with each name as a person's index (every name is known:
    /// [`check_meeting`] passed).
    pub fn resolve(&self, people: &People) -> Acts<PersonIx> {
        let ix = |n: &Named| people.find(&n.id).expect("a checked name");
        let all = |names: &[Named]| names.iter().map(ix).collect();
        let tally = |t: &Tally<Named>| match t {
            Tally::Names(names) => Tally::Names(all(names)),
            Tally::Count(n) => Tally::Count(*n),
        };
        Acts {
            raised_by: all(&self.raised_by),
            proposals: (self.proposals.iter())
                .map(|p| Proposal {
                    by: ix(&p.by),
                    supported_by: all(&p.supported_by),
                    text: p.text.clone(),
                    adopted: p.adopted,
                })
                .collect(),
            vote: self.vote.as_ref().map(|v| Vote {
                question: v.question.clone(),
                yes: tally(&v.yes),
                no: tally(&v.no),
                abstain: tally(&v.abstain),
            }),
            reservations: (self.reservations.iter())
                .map(|r| Reservation {
                    by: all(&r.by),
                    text: r.text.clone(),
                })
                .collect(),
        }
    }
}

impl Attendance<Named> {
    /// The attendance with each name as a person's index.
    pub fn resolve(&self, people: &People) -> Attendance<PersonIx> {
        let ix = |n: &Named| people.find(&n.id).expect("a checked name");
        Attendance {
            present: self.present.iter().map(ix).collect(),
            chair: self.chair.as_ref().map(ix),
            adjusters: self.adjusters.iter().map(ix).collect(),
        }
    }
}
