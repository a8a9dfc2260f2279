//! A static OParl 1.1 API under `/oparl/`: the System, one Body (the
//! municipality), an Organization per body (and, with people.yaml, per
//! party), a Person per person with a Membership per seat (on behalf of
//! their party) and one in their party, a Meeting per meeting (with its
//! participants and its agenda items), a Paper per case (with its
//! consultations), and the paginated lists that join them. Each of these
//! objects is a file whose address is its `id`.
//!
//! An AgendaItem per paragraph (a confidential one as `public: false` with
//! only its number and the notice) lives embedded in its Meeting, with a
//! File per published PDF, and a Consultation for each paragraph that
//! treats a case embedded in the case's Paper, as OParl's schema embeds
//! them: their `id` is their Meeting's or Paper's address with a fragment
//! (`…/meeting/<m>.json#p63`, `…/meeting/<m>.json#fil-motion.pdf`,
//! `…/paper/<case>.json#<m>-p63`), so fetching it gives the object they
//! are in, and they cost no file of their own (two files per paragraph,
//! two thirds of the API's files, before). The agenda item, consultation
//! and file lists hold them too.
//!
//! What each object and list page reads of the model is recorded as it is
//! made ([`crate::render::reads`]), as for the pages: the preview renders
//! again the files whose objects changed, and compares the lists' sections
//! ([`Listed::compare`]) for the list pages that came, went or shifted.

mod lists;
mod objects;

use super::absolute;
use super::fragments::Fragments;
use crate::model::{CaseIx, Meeting, MeetingIx, ParagraphIx, PdfIx, Site};
use crate::render::paths;
use crate::render::reads::{record, Key};
pub use lists::{ListPage, Listed, ListsChanged, OparlList};
pub use objects::{consultations_json, meeting_json};

/// Objects per page of an OParl list.
pub const PER_PAGE: usize = 100;
const SCHEMA: &str = "https://schema.oparl.org/1.1/";

/// One file of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OparlFile {
    System,
    Body,
    Organization(usize),
    Meeting(MeetingIx),
    Paper(CaseIx),
    /// A party, as an Organization.
    Party(usize),
    Person(usize),
    /// A person's `k`-th seat, or, for `k` past their seats, their
    /// membership of their party.
    Membership {
        person: usize,
        k: usize,
    },
    List(OparlList, ListPage),
}

/// Every file of the API, in a stable order.
pub fn files(site: &Site, listed: &Listed) -> Vec<OparlFile> {
    let mut out = vec![OparlFile::System, OparlFile::Body];
    out.extend((0..site.bodies.len()).map(OparlFile::Organization));
    out.extend(MeetingIx::all(site.meetings.len()).map(OparlFile::Meeting));
    out.extend(CaseIx::all(site.cases.len()).map(OparlFile::Paper));
    out.extend((0..site.people.parties.len()).map(OparlFile::Party));
    out.extend((0..site.people.people.len()).map(OparlFile::Person));
    out.extend(memberships(site));
    out.extend(
        listed
            .pages()
            .map(|(list, page)| OparlFile::List(list, page)),
    );
    out
}

/// Every person's memberships: their seats, then their party's.
pub fn memberships(site: &Site) -> impl Iterator<Item = OparlFile> + '_ {
    let people = site.people.people.iter().enumerate();
    people.flat_map(|(person, p)| {
        (0..membership_count(p)).map(move |k| OparlFile::Membership { person, k })
    })
}

/// How many memberships a person has: one per seat, and one in their
/// party (if any).
fn membership_count(p: &crate::content::people::Person) -> usize {
    p.memberships.len() + usize::from(p.party.is_some())
}

impl OparlFile {
    /// The file, relative to the output folder.
    pub fn file(&self, site: &Site) -> String {
        match *self {
            OparlFile::System => "oparl/system.json".into(),
            OparlFile::Body => "oparl/body.json".into(),
            OparlFile::Organization(b) => format!("oparl/organization/{}.json", site.bodies[b].id),
            OparlFile::Meeting(mi) => meeting_file_of(&site.meetings[mi]),
            OparlFile::Paper(ci) => paper_file(&site.cases[ci].slug),
            OparlFile::Party(i) => format!(
                "oparl/organization/parti-{}.json",
                site.people.parties[i].id
            ),
            OparlFile::Person(i) => format!("oparl/person/{}.json", site.people.people[i].id),
            OparlFile::Membership { person, k } => format!(
                "oparl/membership/{}-{}.json",
                site.people.people[person].id,
                k + 1
            ),
            OparlFile::List(list, page) => list.file(site, page),
        }
    }

    /// Its `id`: its absolute address.
    pub fn id(&self, site: &Site) -> String {
        absolute(site, &paths::encode_path(&self.file(site)))
    }

    /// Its JSON. Meetings, the largest objects, come serialized from
    /// `fragments`.
    pub fn render(&self, site: &Site, listed: &Listed, fragments: &Fragments) -> Vec<u8> {
        let value = match *self {
            OparlFile::System => objects::system(site),
            OparlFile::Body => objects::body(site),
            OparlFile::Organization(b) => objects::organization(site, b),
            OparlFile::Meeting(mi) => return with_newline(meeting_fragment(site, fragments, mi)),
            OparlFile::Paper(ci) => objects::paper(site, ci),
            OparlFile::Party(i) => objects::party(site, i),
            OparlFile::Person(i) => objects::person(site, i),
            OparlFile::Membership { person, k } => objects::membership(site, person, k),
            OparlFile::List(list, page) => {
                return lists::list_page(site, listed, fragments, list, page)
            }
        };
        with_newline(&value.to_string())
    }
}

/// A meeting's object as [`Fragments`] keeps it: it reads the meeting,
/// its paragraphs and their files.
fn meeting_fragment<'a>(site: &Site, fragments: &'a Fragments, mi: MeetingIx) -> &'a str {
    record(Key::OparlMeeting(&site.meetings[mi].id));
    fragments.oparl_meeting(mi)
}

/// A consultation as [`Fragments`] keeps it, for the consultation
/// lists: it reads its paragraph.
fn consultation_fragment<'a>(
    site: &Site,
    fragments: &'a Fragments,
    pi: ParagraphIx,
    k: usize,
) -> &'a str {
    let p = &site.paragraphs[pi];
    record(Key::Paragraph(&site.meetings[p.meeting].id, p.number));
    fragments.consultation(pi, k)
}

fn with_newline(json: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(json.len() + 1);
    bytes.extend_from_slice(json.as_bytes());
    bytes.push(b'\n');
    bytes
}

/// The `id` of a paragraph's agenda item: its meeting's, with the
/// paragraph's anchor.
pub fn agenda_item_id(site: &Site, pi: ParagraphIx) -> String {
    let p = &site.paragraphs[pi];
    format!("{}#p{}", OparlFile::Meeting(p.meeting).id(site), p.number)
}

/// The `id` of a paragraph's consultation of a case: the case's paper's,
/// with the paragraph's meeting and § as anchor.
pub fn consultation_id(site: &Site, pi: ParagraphIx, case: CaseIx) -> String {
    let p = &site.paragraphs[pi];
    let m = &site.meetings[p.meeting];
    let paper = OparlFile::Paper(case).id(site);
    format!("{paper}#{}-p{}", m.id, p.number)
}

/// The `id` of a published PDF's File: its meeting's, with the file's
/// name as anchor.
pub fn file_id(site: &Site, i: PdfIx) -> String {
    let (mi, name) = site.pdf_file(i);
    let meeting = OparlFile::Meeting(mi).id(site);
    format!("{meeting}#fil-{}", paths::encode_path(name))
}

/// The file of a meeting's OParl object (also of one no longer in the
/// model).
pub fn meeting_file_of(m: &Meeting) -> String {
    format!("oparl/meeting/{}.json", m.id)
}

/// The file of the paper of the case with this slug.
pub fn paper_file(slug: &str) -> String {
    format!("oparl/paper/{slug}.json")
}
