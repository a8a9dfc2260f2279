//! people.yaml: the portal's parties and elected representatives, with
//! their seats by body and period (contract, section 9). Each entry is
//! checked here; what meetings and paragraphs say of people is checked
//! against it in [`super::acts`].

use std::collections::HashMap;
use std::ops::Range;

use chrono::NaiveDate;
use serde::Deserialize;

use super::settings::{is_slug, Body};
use super::yaml::{key, parse_mapping, KeyLines, KeySpec, Scalar, Source};
use crate::error::{Diagnostic, ErrorKind};

/// A political party, as people.yaml lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Party {
    /// `[a-z0-9-]+`, its page's address: `/partier/<id>/`.
    pub id: String,
    pub name: String,
    pub abbreviation: String,
}

/// An elected representative (or substitute).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// `[a-z0-9-]+`, its page's address: `/ledamoter/<id>/`.
    pub id: String,
    pub name: String,
    /// An index into [`People::parties`]; `None`: independent.
    pub party: Option<usize>,
    /// In the order people.yaml gives them.
    pub memberships: Vec<Membership>,
}

/// A seat in a body for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    /// An index into bodies.yaml.
    pub body: usize,
    pub role: Role,
    pub from: NaiveDate,
    /// `None`: still serving.
    pub to: Option<NaiveDate>,
}

impl Membership {
    /// Does the seat hold on this day?
    pub fn holds_on(&self, date: NaiveDate) -> bool {
        self.from <= date && self.to.is_none_or(|to| date <= to)
    }
}

/// A seat's role, as Swedish minutes name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Chair,
    ViceChair,
    Member,
    Substitute,
}

impl Role {
    pub const KEYS: [&'static str; 4] = ["ordförande", "vice ordförande", "ledamot", "ersättare"];
    const ALL: [Role; 4] = [Role::Chair, Role::ViceChair, Role::Member, Role::Substitute];

    pub fn from_key(key: &str) -> Option<Role> {
        let at = Role::KEYS.iter().position(|k| *k == key.trim())?;
        Some(Role::ALL[at])
    }

    /// The word people.yaml uses, which is also the page's.
    pub fn key(self) -> &'static str {
        Role::KEYS[Role::ALL.iter().position(|r| *r == self).unwrap_or(2)]
    }
}

/// What the meetings' and paragraphs' people are checked against.
#[derive(Clone, Copy)]
pub enum Roster<'a> {
    /// The portal has no people.yaml: the people keys are errors.
    Absent,
    /// people.yaml has errors, which say enough: names are not checked.
    Unreadable,
    Read(&'a People),
}

/// Everything people.yaml says, checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct People {
    pub parties: Vec<Party>,
    pub people: Vec<Person>,
    index: HashMap<String, usize>,
}

impl People {
    fn new(parties: Vec<Party>, people: Vec<Person>) -> People {
        let index = people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        People {
            parties,
            people,
            index,
        }
    }

    /// The person with this id, as an index into [`People::people`].
    pub fn find(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The person id closest to a mistyped one, if one is close enough.
    pub fn closest(&self, id: &str) -> Option<String> {
        let ids: Vec<&str> = self.people.iter().map(|p| p.id.as_str()).collect();
        crate::error::closest(id, &ids).map(str::to_owned)
    }

    /// Does the person hold a seat in the body on this day?
    pub fn has_seat(&self, person: usize, body: usize, date: NaiveDate) -> bool {
        let seats = &self.people[person].memberships;
        seats.iter().any(|m| m.body == body && m.holds_on(date))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeopleFile {
    parties: Option<Vec<PartyEntry>>,
    people: Option<Vec<PersonEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartyEntry {
    id: Option<Scalar>,
    name: Option<String>,
    abbreviation: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonEntry {
    id: Option<Scalar>,
    name: Option<String>,
    party: Option<Scalar>,
    #[serde(default)]
    memberships: Vec<MembershipEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MembershipEntry {
    body: Option<Scalar>,
    role: Option<String>,
    from: Option<Scalar>,
    to: Option<Scalar>,
}

pub const PEOPLE_EXAMPLE: &str = "parties:\n  - id: m\n    name: Moderaterna\n    abbreviation: M\npeople:\n  - id: jon-sjolander\n    name: \"Jon Sjölander\"\n    party: m\n    memberships:\n      - body: kf\n        role: ledamot\n        from: 2015-01-01";

const PEOPLE_KEYS: &[KeySpec] = &[
    key("parties", false, "parties:\n  - id: m\n    name: Moderaterna\n    abbreviation: M"),
    key("people", false, "people:\n  - id: jon-sjolander\n    name: \"Jon Sjölander\"\n    party: m\n    memberships:\n      - body: kf\n        role: ledamot\n        from: 2015-01-01"),
];

/// Read people.yaml. `bodies` are bodies.yaml's, when it could be read
/// (without them, seats are not checked against them: its own errors say
/// enough).
pub fn parse_people(src: &Source, bodies: Option<&[Body]>) -> Result<People, Vec<Diagnostic>> {
    let (file, lines): (PeopleFile, KeyLines) = parse_mapping(src, src.text, 1, PEOPLE_KEYS)?;
    let mut errors = Vec::new();
    let party_items = Items::under(src.text, lines.line("parties"));
    let person_items = Items::under(src.text, lines.line("people"));
    let parties = parties(
        src,
        file.parties.unwrap_or_default(),
        &party_items,
        &mut errors,
    );
    let mut people = Vec::new();
    let mut first: HashMap<String, usize> = HashMap::new();
    for (i, entry) in file.people.unwrap_or_default().into_iter().enumerate() {
        let item = person_items.item(i);
        let checked = person(src, entry, &item, &parties, bodies, &mut errors);
        if let Some(p) = checked {
            if let Some(first_line) = first.get(&p.id) {
                let kind = ErrorKind::DuplicatePeopleId {
                    id: p.id.clone(),
                    first_line: *first_line,
                };
                errors.push(src.error_at(Some(item.start), kind));
            }
            first.entry(p.id.clone()).or_insert(item.start);
            people.push(p);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(People::new(parties, people))
}

/// The parties, each checked on its lines.
fn parties(
    src: &Source,
    entries: Vec<PartyEntry>,
    items: &Items,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Party> {
    let mut parties: Vec<Party> = Vec::new();
    let mut first_lines: Vec<usize> = Vec::new();
    for (i, entry) in entries.into_iter().enumerate() {
        let item = items.item(i);
        let id = entry.id.map(|s| s.to_string()).unwrap_or_default();
        for (key, value, example) in [
            ("id", id.as_str(), "- id: m"),
            (
                "name",
                entry.name.as_deref().unwrap_or(""),
                "name: Moderaterna",
            ),
            (
                "abbreviation",
                entry.abbreviation.as_deref().unwrap_or(""),
                "abbreviation: M",
            ),
        ] {
            if value.trim().is_empty() {
                let kind = ErrorKind::MissingKey { key, example };
                errors.push(src.error_at(Some(item.start), kind));
            }
        }
        if !id.is_empty() && !is_slug(&id) {
            let line = item.line_of(src, "id:");
            errors.push(src.error_at(Some(line), ErrorKind::InvalidPeopleId(id.clone())));
        }
        if let Some(k) = parties.iter().position(|p| p.id == id) {
            let kind = ErrorKind::DuplicatePeopleId {
                id: id.clone(),
                first_line: first_lines[k],
            };
            errors.push(src.error_at(Some(item.start), kind));
        }
        first_lines.push(item.start);
        parties.push(Party {
            id,
            name: entry.name.unwrap_or_default(),
            abbreviation: entry.abbreviation.unwrap_or_default(),
        });
    }
    parties
}

/// A person, checked on their lines; `None` when the entry has no id.
fn person(
    src: &Source,
    entry: PersonEntry,
    item: &Item,
    parties: &[Party],
    bodies: Option<&[Body]>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Person> {
    let id = entry.id.map(|s| s.to_string()).unwrap_or_default();
    if id.trim().is_empty() {
        let kind = ErrorKind::MissingKey {
            key: "id",
            example: "- id: jon-sjolander",
        };
        errors.push(src.error_at(Some(item.start), kind));
        return None;
    }
    if !is_slug(&id) {
        let line = item.line_of(src, "id:");
        errors.push(src.error_at(Some(line), ErrorKind::InvalidPeopleId(id.clone())));
    }
    let name = entry.name.unwrap_or_default();
    if name.trim().is_empty() {
        let kind = ErrorKind::MissingKey {
            key: "name",
            example: "name: \"Jon Sjölander\"",
        };
        errors.push(src.error_at(Some(item.start), kind));
    }
    let party = entry.party.map(|p| p.to_string());
    let party = party.and_then(|written| {
        let found = parties.iter().position(|p| p.id == written);
        if found.is_none() {
            let kind = ErrorKind::UnknownParty {
                id: written,
                known: parties.iter().map(|p| p.id.clone()).collect(),
            };
            errors.push(src.error_at(Some(item.line_of(src, "party:")), kind));
        }
        found
    });
    let seats = Items::nested(src.text, item);
    let memberships = (entry.memberships.into_iter().enumerate())
        .filter_map(|(k, m)| membership(src, m, &seats.item(k), bodies, errors))
        .collect();
    Some(Person {
        id,
        name,
        party,
        memberships,
    })
}

/// A seat, checked on its lines; `None` when it has an error.
fn membership(
    src: &Source,
    entry: MembershipEntry,
    item: &Item,
    bodies: Option<&[Body]>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Membership> {
    let before = errors.len();
    let body_id = entry.body.map(|b| b.to_string()).unwrap_or_default();
    let body = bodies.and_then(|bs| bs.iter().position(|b| b.id == body_id));
    if body.is_none() && bodies.is_some() {
        let kind = ErrorKind::UnknownBody {
            id: body_id,
            known: bodies
                .unwrap_or_default()
                .iter()
                .map(|b| b.id.clone())
                .collect(),
        };
        errors.push(src.error_at(Some(item.line_of(src, "body:")), kind));
    }
    let role_key = entry.role.unwrap_or_default();
    let role = Role::from_key(&role_key);
    if role.is_none() {
        let kind = ErrorKind::NotInVocabulary {
            key: "role",
            value: role_key,
            allowed: Role::KEYS.to_vec(),
        };
        errors.push(src.error_at(Some(item.line_of(src, "role:")), kind));
    }
    let mut date = |key: &'static str, value: Option<Scalar>, required: bool| {
        let Some(written) = value.map(|v| v.to_string()) else {
            if required {
                let kind = ErrorKind::MissingKey {
                    key,
                    example: "from: 2019-01-01",
                };
                errors.push(src.error_at(Some(item.start), kind));
            }
            return None;
        };
        let parsed = NaiveDate::parse_from_str(&written, "%Y-%m-%d").ok();
        if parsed.is_none() || written.len() != 10 {
            let kind = ErrorKind::InvalidDate {
                key,
                value: written,
            };
            errors.push(src.error_at(Some(item.line_of(src, &format!("{key}:"))), kind));
        }
        parsed
    };
    let from = date("from", entry.from, true);
    let to = date("to", entry.to, false);
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            let kind = ErrorKind::SeatEndsBeforeItStarts {
                from: from.to_string(),
                to: to.to_string(),
            };
            errors.push(src.error_at(Some(item.line_of(src, "to:")), kind));
        }
    }
    if errors.len() > before {
        return None;
    }
    Some(Membership {
        body: body?,
        role: role?,
        from: from?,
        to,
    })
}

/// Where the items of a block list stand in the file: the line each starts
/// on, so that a problem in the third person is shown on its lines.
struct Items {
    starts: Vec<usize>,
    /// The line after the block (or past the file's end).
    end: usize,
}

/// One item's lines: from `start` up to (not including) `end`.
struct Item {
    start: usize,
    end: usize,
}

impl Item {
    /// The first line of the item that holds `needle` (such as `party:`),
    /// or its first line.
    fn line_of(&self, src: &Source, needle: &str) -> usize {
        src.line_from(self.start, needle)
            .filter(|l| *l < self.end)
            .unwrap_or(self.start)
    }
}

impl Items {
    /// The items of the list under the top-level key on `key_line`.
    fn under(text: &str, key_line: Option<usize>) -> Items {
        let Some(key_line) = key_line else {
            return Items {
                starts: Vec::new(),
                end: 1,
            };
        };
        let block_end = text
            .lines()
            .enumerate()
            .skip(key_line)
            .find(|(_, l)| !l.is_empty() && !l.starts_with([' ', '-', '#']))
            .map_or(text.lines().count() + 1, |(i, _)| i + 1);
        Items::between(text, key_line + 1..block_end)
    }

    /// The items of the list nested in `item` (a person's memberships).
    fn nested(text: &str, item: &Item) -> Items {
        let key = text
            .lines()
            .enumerate()
            .skip(item.start)
            .take(item.end.saturating_sub(item.start + 1))
            .find(|(_, l)| l.trim_start().starts_with("memberships:"));
        match key {
            Some((i, _)) => Items::between(text, i + 2..item.end),
            None => Items {
                starts: Vec::new(),
                end: item.end,
            },
        }
    }

    /// The items whose `- ` stands at the first item's indentation, on
    /// the lines `range`.
    fn between(text: &str, range: Range<usize>) -> Items {
        let mut indent = None;
        let mut starts = Vec::new();
        let lines = text.lines().enumerate().skip(range.start - 1);
        for (i, line) in lines.take(range.end.saturating_sub(range.start)) {
            let trimmed = line.trim_start();
            if !(trimmed.starts_with("- ") || trimmed == "-") {
                continue;
            }
            let at = line.len() - trimmed.len();
            if *indent.get_or_insert(at) == at {
                starts.push(i + 1);
            }
        }
        Items {
            starts,
            end: range.end,
        }
    }

    /// The `k`-th item's lines (the block's when the file is written in
    /// another style, such as `[{…}]`).
    fn item(&self, k: usize) -> Item {
        match self.starts.get(k) {
            Some(&start) => Item {
                start,
                end: self.starts.get(k + 1).copied().unwrap_or(self.end),
            },
            None => Item {
                start: self.starts.first().copied().unwrap_or(1).max(1),
                end: self.end,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn bodies() -> Vec<Body> {
        ["kf", "ks"]
            .iter()
            .map(|id| Body {
                id: (*id).to_owned(),
                name: id.to_uppercase(),
                abbreviation: id.to_uppercase(),
            })
            .collect()
    }

    fn parse(text: &str) -> Result<People, Vec<Diagnostic>> {
        let src = Source {
            rel: Path::new("people.yaml"),
            text,
        };
        parse_people(&src, Some(&bodies()))
    }

    const GOOD: &str = "parties:\n  - id: m\n    name: Moderaterna\n    abbreviation: M\npeople:\n  - id: jon-sjolander\n    name: \"Jon Sjölander\"\n    party: m\n    memberships:\n      - body: kf\n        role: ledamot\n        from: 2015-01-01\n        to: 2018-12-31\n      - body: ks\n        role: ersättare\n        from: 2019-01-01\n  - id: anna-andersson\n    name: Anna Andersson\n";

    #[test]
    fn reads_parties_people_and_seats() {
        let people = parse(GOOD).unwrap();
        assert_eq!(people.parties[0].abbreviation, "M");
        let jon = people.find("jon-sjolander").unwrap();
        assert_eq!(people.people[jon].party, Some(0));
        let date = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(people.has_seat(jon, 0, date("2018-03-26")));
        assert!(!people.has_seat(jon, 0, date("2019-03-26")));
        assert!(people.has_seat(jon, 1, date("2026-03-26")));
        let anna = people.find("anna-andersson").unwrap();
        assert_eq!(people.people[anna].party, None);
    }

    #[test]
    fn locates_each_problem_on_its_item() {
        let bad = GOOD
            .replace("party: m", "party: mm")
            .replace("role: ersättare", "role: suppleant");
        let errors = parse(&bad).unwrap_err();
        let lines: Vec<Option<usize>> = errors.iter().map(|e| e.location.line).collect();
        assert_eq!(lines, vec![Some(8), Some(15)], "{errors:?}");
    }
}
