//! The JSON of each OParl object. Each records what it reads of the
//! model ([`crate::render::reads`]).

use serde_json::{json, Map, Value};

use super::{agenda_item_id, consultation_id, file_id, ListPage, OparlFile, OparlList, SCHEMA};
use crate::model::{CaseIx, MeetingIx, ParagraphIx, PdfIx, RelatedCase, Site};
use crate::opendata::{absolute, meeting_time, stockholm_offset, swedish};
use crate::render::paths;
use crate::render::reads::{record, Key};

/// The address of a list's first page.
fn list_url(site: &Site, list: OparlList) -> String {
    let first = ListPage {
        year: list.first_year(site),
        page: 1,
    };
    OparlFile::List(list, first).id(site)
}

fn kind(name: &str) -> String {
    format!("{SCHEMA}{name}")
}

fn web(site: &Site, dir: &str) -> String {
    absolute(site, &paths::encode_path(dir))
}

pub(super) fn system(site: &Site) -> Value {
    let mut o = object(OparlFile::System.id(site), "System");
    o.insert("oparlVersion".into(), json!(SCHEMA));
    o.insert("body".into(), json!(list_url(site, OparlList::Bodies)));
    o.insert("name".into(), json!(site.config.title));
    o.insert("license".into(), json!(site.config.data_licence.url));
    o.insert("website".into(), json!(site.config.base_url));
    o.insert("web".into(), json!(site.config.base_url));
    contact(site, &mut o);
    Value::Object(o)
}

pub(super) fn body(site: &Site) -> Value {
    let mut o = object(OparlFile::Body.id(site), "Body");
    o.insert("system".into(), json!(OparlFile::System.id(site)));
    o.insert("name".into(), json!(site.config.organisation));
    o.insert("website".into(), json!(site.config.base_url));
    o.insert("license".into(), json!(site.config.data_licence.url));
    for (key, list) in [
        ("organization", OparlList::Organizations),
        ("person", OparlList::People),
        ("meeting", OparlList::Meetings),
        ("paper", OparlList::Papers),
        ("agendaItem", OparlList::AgendaItems),
        ("consultation", OparlList::Consultations),
        ("file", OparlList::Files),
    ] {
        o.insert(key.into(), json!(list_url(site, list)));
    }
    o.insert("legislativeTerm".into(), json!([]));
    o.insert("web".into(), json!(site.config.base_url));
    contact(site, &mut o);
    Value::Object(o)
}

fn contact(site: &Site, o: &mut Map<String, Value>) {
    if let Some(c) = site.config.contact.as_deref().filter(|c| c.contains('@')) {
        o.insert("contactEmail".into(), json!(c));
    }
}

pub(super) fn organization(site: &Site, b: usize) -> Value {
    let body = &site.bodies[b];
    let mut o = object(OparlFile::Organization(b).id(site), "Organization");
    o.insert("body".into(), json!(OparlFile::Body.id(site)));
    o.insert("name".into(), json!(body.name));
    o.insert("shortName".into(), json!(body.abbreviation));
    o.insert("organizationType".into(), json!("Gremium"));
    let seats = member_ids(site, |m| matches!(m, Held::Seat(seat) if seat.body == b));
    if !seats.is_empty() {
        o.insert("membership".into(), json!(seats));
    }
    o.insert(
        "meeting".into(),
        json!(list_url(site, OparlList::OrganizationMeetings(b))),
    );
    o.insert(
        "web".into(),
        json!(web(site, &format!("organ/{}/", body.id))),
    );
    Value::Object(o)
}

/// What a membership holds: a seat, or a person's party.
enum Held<'a> {
    Seat(&'a crate::content::people::Membership),
    Party(usize),
}

/// A person's `k`-th membership: their seats, then their party.
fn held(site: &Site, person: usize, k: usize) -> Held<'_> {
    let p = &site.people.people[person];
    match p.memberships.get(k) {
        Some(seat) => Held::Seat(seat),
        None => Held::Party(p.party.expect("a membership past the seats is the party's")),
    }
}

/// The ids of the memberships that `keep` picks, in people order.
fn member_ids(site: &Site, keep: impl Fn(&Held) -> bool) -> Vec<String> {
    super::memberships(site)
        .filter(|f| match *f {
            OparlFile::Membership { person, k } => keep(&held(site, person, k)),
            _ => false,
        })
        .map(|f| f.id(site))
        .collect()
}

/// A party, as an Organization of the body: its people's memberships.
pub(super) fn party(site: &Site, party: usize) -> Value {
    let p = &site.people.parties[party];
    let mut o = object(OparlFile::Party(party).id(site), "Organization");
    o.insert("body".into(), json!(OparlFile::Body.id(site)));
    o.insert("name".into(), json!(p.name));
    o.insert("shortName".into(), json!(p.abbreviation));
    o.insert("organizationType".into(), json!("Partei"));
    o.insert("classification".into(), json!("Parti"));
    let members = member_ids(site, |m| matches!(m, Held::Party(of) if *of == party));
    o.insert("membership".into(), json!(members));
    o.insert(
        "web".into(),
        json!(web(site, &paths::party_dir(site, party))),
    );
    Value::Object(o)
}

/// A person, with their memberships embedded.
pub(super) fn person(site: &Site, person: usize) -> Value {
    let p = &site.people.people[person];
    let mut o = object(OparlFile::Person(person).id(site), "Person");
    o.insert("body".into(), json!(OparlFile::Body.id(site)));
    o.insert("name".into(), json!(p.name));
    let memberships: Vec<Value> = (0..super::membership_count(p))
        .map(|k| membership(site, person, k))
        .collect();
    o.insert("membership".into(), Value::Array(memberships));
    o.insert(
        "web".into(),
        json!(web(site, &paths::person_dir(site, person))),
    );
    Value::Object(o)
}

/// A person's `k`-th membership: a seat in a body (on behalf of their
/// party, with its role and dates), or their party's.
pub(super) fn membership(site: &Site, person: usize, k: usize) -> Value {
    let p = &site.people.people[person];
    let mut o = object(OparlFile::Membership { person, k }.id(site), "Membership");
    o.insert("person".into(), json!(OparlFile::Person(person).id(site)));
    match held(site, person, k) {
        Held::Seat(seat) => {
            let body = OparlFile::Organization(seat.body).id(site);
            o.insert("organization".into(), json!(body));
            o.insert("role".into(), json!(seat.role.key()));
            let votes = seat.role != crate::content::people::Role::Substitute;
            o.insert("votingRight".into(), json!(votes));
            o.insert("startDate".into(), json!(seat.from.to_string()));
            if let Some(to) = seat.to {
                o.insert("endDate".into(), json!(to.to_string()));
            }
            if let Some(party) = p.party {
                o.insert("onBehalfOf".into(), json!(OparlFile::Party(party).id(site)));
            }
        }
        Held::Party(party) => {
            o.insert(
                "organization".into(),
                json!(OparlFile::Party(party).id(site)),
            );
            o.insert("role".into(), json!("medlem"));
        }
    }
    Value::Object(o)
}

/// The OParl ids of people.
fn person_ids(site: &Site, people: impl IntoIterator<Item = usize>) -> Vec<String> {
    people
        .into_iter()
        .map(|p| OparlFile::Person(p).id(site))
        .collect()
}

/// A meeting's object, with its agenda items, as compact JSON.
pub fn meeting_json(site: &Site, mi: MeetingIx) -> String {
    meeting(site, mi).to_string()
}

fn meeting(site: &Site, mi: MeetingIx) -> Value {
    let m = &site.meetings[mi];
    let body = site.body_of(m);
    let mut o = object(OparlFile::Meeting(mi).id(site), "Meeting");
    o.insert(
        "name".into(),
        json!(format!("{} {}", body.name, swedish().date(m.date))),
    );
    o.insert(
        "meetingState".into(),
        json!(if m.is_held() {
            "completed"
        } else {
            "scheduled"
        }),
    );
    o.insert("cancelled".into(), json!(false));
    if let Some(time) = meeting_time(site, mi) {
        o.insert(
            "start".into(),
            json!(format!(
                "{}T{}{}",
                m.date,
                time.format("%H:%M:%S"),
                stockholm_offset(m.date)
            )),
        );
    }
    o.insert(
        "organization".into(),
        json!([OparlFile::Organization(m.body).id(site)]),
    );
    if !m.attendance.present.is_empty() {
        let present = m.attendance.present.iter().copied();
        o.insert("participant".into(), json!(person_ids(site, present)));
    }
    let items: Vec<Value> = m.paragraph_ixs().map(|pi| agenda_item(site, pi)).collect();
    o.insert("agendaItem".into(), Value::Array(items));
    o.insert(
        "web".into(),
        json!(web(site, &paths::meeting_dir(site, mi))),
    );
    Value::Object(o)
}

/// A paragraph's agenda item: it reads the paragraph and its order in
/// its meeting.
pub(super) fn agenda_item(site: &Site, pi: ParagraphIx) -> Value {
    let p = &site.paragraphs[pi];
    let m = site.meeting_of(p);
    record(Key::Paragraph(&m.id, p.number));
    record(Key::MeetingParagraphs(&m.id));
    let mut o = object(agenda_item_id(site, pi), "AgendaItem");
    o.insert(
        "meeting".into(),
        json!(OparlFile::Meeting(p.meeting).id(site)),
    );
    o.insert("number".into(), json!(p.number.to_string()));
    o.insert(
        "order".into(),
        json!(pi.get() - m.paragraphs.start.get() + 1),
    );
    o.insert("public".into(), json!(!p.confidential));
    if p.confidential {
        o.insert("name".into(), json!(swedish().get("confidential_notice")));
    } else {
        o.insert("name".into(), json!(p.title));
        if !p.cases.is_empty() {
            o.insert(
                "consultation".into(),
                json!(consultation_id(site, pi, p.cases[0].case)),
            );
        }
        if let Some(d) = p.decision {
            o.insert("result".into(), json!(result(d, &p.acts)));
        }
        let files: Vec<Value> = site.pdfs_of(pi).map(|i| embedded_file(site, i)).collect();
        if !files.is_empty() {
            o.insert("auxiliaryFile".into(), Value::Array(files));
        }
        if !p.tags.is_empty() {
            o.insert("keyword".into(), json!(p.tags));
        }
    }
    o.insert(
        "web".into(),
        json!(web(site, &paths::paragraph_dir(site, pi))),
    );
    Value::Object(o)
}

/// An agenda item's result: its decision, and the counts of a vote
/// (`Avslagen; omröstning: 12 ja, 1 nej, 0 avstår`).
fn result(
    decision: crate::model::vocabulary::Decision,
    acts: &crate::content::acts::Acts<usize>,
) -> String {
    let label = swedish().decision(decision);
    match &acts.vote {
        None => label.to_owned(),
        Some(v) => format!(
            "{label}; omröstning: {} ja, {} nej, {} avstår",
            v.yes.count(),
            v.no.count(),
            v.abstain.count()
        ),
    }
}

/// A case's paper: it reads the case, and its consultations and files
/// read its paragraphs.
pub(super) fn paper(site: &Site, ci: CaseIx) -> Value {
    let c = &site.cases[ci];
    record(Key::Case(&c.slug));
    let mut o = object(OparlFile::Paper(ci).id(site), "Paper");
    o.insert("body".into(), json!(OparlFile::Body.id(site)));
    o.insert("name".into(), json!(c.title));
    o.insert("reference".into(), json!(c.diarienummer));
    o.insert(
        "date".into(),
        json!(crate::opendata::tables::first_treated(site, ci).to_string()),
    );
    let t = crate::i18n::I18n::shared(site.config.language);
    let paper_type = c.kind.map_or(t.get("case"), |k| t.kind(k));
    o.insert("paperType".into(), json!(paper_type));
    let related: Vec<String> = c
        .related
        .iter()
        .filter_map(|r| match r {
            RelatedCase::Published(other) => Some(OparlFile::Paper(*other).id(site)),
            RelatedCase::Unpublished(_) => None,
        })
        .collect();
    if !related.is_empty() {
        o.insert("relatedPaper".into(), json!(related));
    }
    let consultations: Vec<Value> = c
        .timeline
        .iter()
        .filter_map(|&pi| {
            let k = site.paragraphs[pi]
                .cases
                .iter()
                .position(|r| r.case == ci)?;
            Some(consultation(site, pi, k))
        })
        .collect();
    o.insert("consultation".into(), Value::Array(consultations));
    let files: Vec<Value> = c
        .timeline
        .iter()
        .flat_map(|&pi| site.pdfs_of(pi))
        .map(|i| embedded_file(site, i))
        .collect();
    if !files.is_empty() {
        o.insert("auxiliaryFile".into(), Value::Array(files));
    }
    if !c.tags.is_empty() {
        o.insert("keyword".into(), json!(c.tags));
    }
    let raised_by = crate::model::people::raised_by(site, &c.timeline);
    if !raised_by.is_empty() {
        o.insert(
            "originatorPerson".into(),
            json!(person_ids(site, raised_by)),
        );
    }
    o.insert("web".into(), json!(web(site, &paths::case_dir(site, ci))));
    Value::Object(o)
}

/// A paragraph's consultations (one per case it names; a confidential
/// paragraph names none), as compact JSON.
pub fn consultations_json(site: &Site, pi: ParagraphIx) -> Vec<String> {
    (0..site.paragraphs[pi].cases.len())
        .map(|k| consultation(site, pi, k).to_string())
        .collect()
}

/// A paragraph's consultation of the case it names `k`-th: it reads the
/// paragraph.
fn consultation(site: &Site, pi: ParagraphIx, k: usize) -> Value {
    let p = &site.paragraphs[pi];
    record(Key::Paragraph(&site.meetings[p.meeting].id, p.number));
    let ci = p.cases[k].case;
    let mut o = object(consultation_id(site, pi, ci), "Consultation");
    o.insert("paper".into(), json!(OparlFile::Paper(ci).id(site)));
    o.insert("agendaItem".into(), json!(agenda_item_id(site, pi)));
    o.insert(
        "meeting".into(),
        json!(OparlFile::Meeting(p.meeting).id(site)),
    );
    o.insert(
        "organization".into(),
        json!([OparlFile::Organization(site.meetings[p.meeting].body).id(site)]),
    );
    if let Some(d) = p.decision {
        o.insert("role".into(), json!(swedish().decision(d)));
        o.insert(
            "authoritative".into(),
            json!(d.case_status() == crate::model::vocabulary::CaseStatus::Decided),
        );
    }
    o.insert(
        "web".into(),
        json!(web(site, &paths::paragraph_dir(site, pi))),
    );
    Value::Object(o)
}

/// A published PDF's File as its agenda item and paper embed it: without
/// the references back to them, which OParl gives only outside them.
fn embedded_file(site: &Site, i: PdfIx) -> Value {
    let mut o = file(site, i);
    if let Value::Object(map) = &mut o {
        for back in ["meeting", "agendaItem", "paper"] {
            map.remove(back);
        }
    }
    o
}

/// A published PDF's File, as the file lists give it: it reads the
/// paragraph that first names it.
pub(super) fn file(site: &Site, i: PdfIx) -> Value {
    let pdf = &site.pdfs[i];
    let p = &site.paragraphs[pdf.paragraph];
    let m = site.meeting_of(p);
    record(Key::Paragraph(&m.id, p.number));
    let document = &p.documents[pdf.document];
    let name = document.file.as_deref().unwrap_or_default();
    let access = absolute(
        site,
        &paths::encode_path(&paths::document_file(site, pdf.paragraph, pdf.document)),
    );
    let mut o = object(file_id(site, i), "File");
    o.insert("name".into(), json!(document.title));
    o.insert("fileName".into(), json!(name));
    o.insert("mimeType".into(), json!("application/pdf"));
    o.insert("date".into(), json!(m.date.to_string()));
    o.insert("accessUrl".into(), json!(access));
    o.insert("downloadUrl".into(), json!(access));
    o.insert("fileLicense".into(), json!(site.config.data_licence.url));
    o.insert(
        "meeting".into(),
        json!([OparlFile::Meeting(p.meeting).id(site)]),
    );
    o.insert(
        "agendaItem".into(),
        json!([agenda_item_id(site, pdf.paragraph)]),
    );
    let papers: Vec<String> = p
        .cases
        .iter()
        .map(|r| OparlFile::Paper(r.case).id(site))
        .collect();
    if !papers.is_empty() {
        o.insert("paper".into(), json!(papers));
    }
    o.insert(
        "web".into(),
        json!(absolute(
            site,
            &paths::encode_path(&paths::document_page(site, i))
        )),
    );
    Value::Object(o)
}

fn object(id: String, kind_name: &str) -> Map<String, Value> {
    let mut o = Map::new();
    o.insert("id".into(), json!(id));
    o.insert("type".into(), json!(kind(kind_name)));
    o
}
