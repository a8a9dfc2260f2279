//! A static OParl 1.1 API under `/oparl/`: the System, one Body (the
//! municipality), an Organization per body, a Meeting per meeting, an
//! AgendaItem per paragraph (a confidential one as `public: false` with
//! only its number and the notice), a Paper per case with a Consultation
//! for each paragraph that treats it, a File per published PDF, and the
//! paginated lists that join them. Each object is a file whose address is
//! its `id`.

use chrono::Datelike;
use serde_json::{json, Map, Value};

use super::fragments::Fragments;
use super::{absolute, meeting_time, stockholm_offset, swedish};
use crate::model::{Meeting, RelatedCase, Site};
use crate::render::paths;

/// Objects per page of an OParl list.
pub const PER_PAGE: usize = 100;
const SCHEMA: &str = "https://schema.oparl.org/1.1/";

/// One file of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OparlFile {
    System,
    Body,
    Organization(usize),
    Meeting(usize),
    AgendaItem(usize),
    Paper(usize),
    /// A paragraph's consultation of the case it names `k`-th.
    Consultation {
        paragraph: usize,
        k: usize,
    },
    File(usize),
    List(OparlList, ListPage),
}

/// A list of the API (`page` counts from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OparlList {
    Bodies,
    Organizations,
    People,
    Meetings,
    Papers,
    AgendaItems,
    Consultations,
    Files,
    /// The meetings of one organization (body).
    OrganizationMeetings(usize),
}

/// A page of a list, counting from 1: of the objects of one `year` in a
/// list split by year ([`OparlList::by_year`]), of all of them otherwise
/// (`year: None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ListPage {
    pub year: Option<i32>,
    pub page: usize,
}

impl ListPage {
    /// The page of a list not split by year that its `position`-th object
    /// stands on.
    pub fn holding(position: usize) -> ListPage {
        ListPage {
            year: None,
            page: position / PER_PAGE + 1,
        }
    }
}

/// The objects of the lists that a build orders once: every consultation,
/// in paragraph order, and every paper, by its case's year, then in case
/// order.
pub struct Listed {
    pub consultations: Vec<(usize, usize)>,
    papers: Vec<usize>,
}

impl Listed {
    pub fn new(site: &Site) -> Self {
        let mut papers: Vec<usize> = (0..site.cases.len()).collect();
        papers.sort_by_key(|&ci| (site.cases[ci].id.year, ci));
        Listed {
            consultations: consultations(site),
            papers,
        }
    }

    /// Where a paper stands in its list.
    pub fn paper_position(&self, site: &Site, ci: usize) -> usize {
        let key = (site.cases[ci].id.year, ci);
        self.papers
            .partition_point(|&other| (site.cases[other].id.year, other) < key)
    }

    /// Where a paragraph's first consultation stands (or would stand).
    pub fn consultation_position(&self, pi: usize) -> usize {
        self.consultations.partition_point(|&(p, _)| p < pi)
    }
}

/// Every consultation, in paragraph order: (paragraph, k).
pub fn consultations(site: &Site) -> Vec<(usize, usize)> {
    site.published_paragraphs()
        .flat_map(|(pi, p)| (0..p.cases.len()).map(move |k| (pi, k)))
        .collect()
}

/// A run of a list's objects that its pages divide: one year's, or all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub year: Option<i32>,
    pub objects: std::ops::Range<usize>,
}

impl Section {
    pub fn pages(&self) -> usize {
        page_count(self.objects.len())
    }
}

/// The runs of equal years of `n` objects in year order.
fn runs(n: usize, year_of: impl Fn(usize) -> i32) -> Vec<Section> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < n {
        let year = year_of(start);
        // Years ascend: the run is the prefix of `start..n` of this year.
        let (mut low, mut high) = (start + 1, n);
        while low < high {
            let mid = low + (high - low) / 2;
            if year_of(mid) == year {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        let end = low;
        out.push(Section {
            year: Some(year),
            objects: start..end,
        });
        start = end;
    }
    if out.is_empty() {
        out.push(Section {
            year: None,
            objects: 0..0,
        });
    }
    out
}

/// Every file of the API, in a stable order.
pub fn files(site: &Site, listed: &Listed) -> Vec<OparlFile> {
    let mut out = vec![OparlFile::System, OparlFile::Body];
    out.extend((0..site.bodies.len()).map(OparlFile::Organization));
    out.extend((0..site.meetings.len()).map(OparlFile::Meeting));
    out.extend((0..site.paragraphs.len()).map(OparlFile::AgendaItem));
    out.extend((0..site.cases.len()).map(OparlFile::Paper));
    out.extend(
        listed
            .consultations
            .iter()
            .map(|&(paragraph, k)| OparlFile::Consultation { paragraph, k }),
    );
    out.extend((0..site.pdfs.len()).map(OparlFile::File));
    let mut lists = vec![
        OparlList::Bodies,
        OparlList::Organizations,
        OparlList::People,
        OparlList::Meetings,
        OparlList::Papers,
        OparlList::AgendaItems,
        OparlList::Consultations,
        OparlList::Files,
    ];
    lists.extend((0..site.bodies.len()).map(OparlList::OrganizationMeetings));
    for list in lists {
        out.extend(
            list.pages(&list.sections(site, listed))
                .into_iter()
                .map(|page| OparlFile::List(list, page)),
        );
    }
    out
}

pub fn page_count(items: usize) -> usize {
    items.div_ceil(PER_PAGE).max(1)
}

impl OparlList {
    fn name(self, site: &Site) -> String {
        match self {
            OparlList::Bodies => "bodies".into(),
            OparlList::Organizations => "organizations".into(),
            OparlList::People => "people".into(),
            OparlList::Meetings => "meetings".into(),
            OparlList::Papers => "papers".into(),
            OparlList::AgendaItems => "agendaitems".into(),
            OparlList::Consultations => "consultations".into(),
            OparlList::Files => "files".into(),
            OparlList::OrganizationMeetings(b) => {
                format!("organization/{}-meetings", site.bodies[b].id)
            }
        }
    }

    /// Is the list paged year by year? The papers (by their case's year),
    /// the agenda items, the consultations and the files (by their
    /// meeting's) are: the lists whose objects come and go with an edit,
    /// which then shifts only its year's pages. Their pages are of unequal length, so they give no
    /// totals (all optional in OParl 1.1).
    pub fn by_year(self) -> bool {
        matches!(
            self,
            OparlList::Papers
                | OparlList::AgendaItems
                | OparlList::Consultations
                | OparlList::Files
        )
    }

    /// The runs of objects its pages divide, in list order.
    pub fn sections(self, site: &Site, listed: &Listed) -> Vec<Section> {
        match self {
            OparlList::Papers => runs(listed.papers.len(), |i| {
                i32::from(site.cases[listed.papers[i]].id.year)
            }),
            OparlList::AgendaItems => runs(site.paragraphs.len(), |pi| {
                site.meeting_of(&site.paragraphs[pi]).date.year()
            }),
            OparlList::Consultations => runs(listed.consultations.len(), |i| {
                let pi = listed.consultations[i].0;
                site.meeting_of(&site.paragraphs[pi]).date.year()
            }),
            OparlList::Files => runs(site.pdfs.len(), |i| {
                site.meeting_of(&site.paragraphs[site.pdfs[i].paragraph])
                    .date
                    .year()
            }),
            _ => vec![Section {
                year: None,
                objects: 0..self.len(site),
            }],
        }
    }

    /// Its pages in order, from its sections.
    pub fn pages(self, sections: &[Section]) -> Vec<ListPage> {
        sections
            .iter()
            .flat_map(|s| (1..=s.pages()).map(|page| ListPage { year: s.year, page }))
            .collect()
    }

    /// The page the `position`-th object stands on.
    pub fn page_of(sections: &[Section], position: usize) -> ListPage {
        let s = sections
            .iter()
            .rfind(|s| s.objects.start <= position)
            .unwrap_or(&sections[0]);
        ListPage {
            year: s.year,
            page: (position.saturating_sub(s.objects.start)).min(s.objects.len().saturating_sub(1))
                / PER_PAGE
                + 1,
        }
    }

    /// How many objects a list not split by year has.
    fn len(self, site: &Site) -> usize {
        match self {
            OparlList::Bodies => 1,
            OparlList::Organizations => site.bodies.len(),
            OparlList::People => 0,
            OparlList::Meetings => site.meetings.len(),
            OparlList::Papers
            | OparlList::AgendaItems
            | OparlList::Consultations
            | OparlList::Files => {
                unreachable!("split by year: see OparlList::sections")
            }
            OparlList::OrganizationMeetings(b) => body_meetings(site, b).len(),
        }
    }

    /// The year of its first page: the list's own file (`papers.json`)
    /// rather than the year's.
    fn first_year(self, site: &Site) -> Option<i32> {
        match self {
            OparlList::Papers => site.cases.iter().map(|c| i32::from(c.id.year)).min(),
            OparlList::AgendaItems => site
                .paragraphs
                .first()
                .map(|p| site.meeting_of(p).date.year()),
            OparlList::Consultations => site
                .published_paragraphs()
                .find(|(_, p)| !p.cases.is_empty())
                .map(|(_, p)| site.meeting_of(p).date.year()),
            OparlList::Files => site
                .pdfs
                .first()
                .map(|pdf| site.meeting_of(&site.paragraphs[pdf.paragraph]).date.year()),
            _ => None,
        }
    }

    /// The file of one of its pages.
    pub fn file(self, site: &Site, page: ListPage) -> String {
        self.file_after(site, page, self.first_year(site))
    }

    /// The file of one of its pages, its first page being of `first_year`.
    pub fn file_after(self, site: &Site, page: ListPage, first_year: Option<i32>) -> String {
        let name = self.name(site);
        match (page.year, page.page) {
            (year, 1) if year == first_year => format!("oparl/{name}.json"),
            (None, n) => format!("oparl/{name}-{n}.json"),
            (Some(y), 1) => format!("oparl/{name}-{y}.json"),
            (Some(y), n) => format!("oparl/{name}-{y}-{n}.json"),
        }
    }
}

/// The meetings of a body, in meeting order.
pub fn body_meetings(site: &Site, b: usize) -> Vec<usize> {
    (0..site.meetings.len())
        .filter(|&mi| site.meetings[mi].body == b)
        .collect()
}

impl OparlFile {
    /// The file, relative to the output folder.
    pub fn file(&self, site: &Site) -> String {
        match *self {
            OparlFile::System => "oparl/system.json".into(),
            OparlFile::Body => "oparl/body.json".into(),
            OparlFile::Organization(b) => format!("oparl/organization/{}.json", site.bodies[b].id),
            OparlFile::Meeting(mi) => meeting_file_of(&site.meetings[mi]),
            OparlFile::AgendaItem(pi) => agenda_item_file_at(site, &site.paragraphs[pi]),
            OparlFile::Paper(ci) => paper_file(&site.cases[ci].slug),
            OparlFile::Consultation { paragraph, k } => {
                consultation_file(site, paragraph, site.paragraphs[paragraph].cases[k].case)
            }
            OparlFile::File(i) => {
                let (meeting, name) = site.pdf_file(i);
                file_file_at(site, meeting, name)
            }
            OparlFile::List(list, page) => list.file(site, page),
        }
    }

    /// Its `id`: its absolute address.
    pub fn id(&self, site: &Site) -> String {
        absolute(site, &paths::encode_path(&self.file(site)))
    }

    /// Its JSON. Meetings, the largest objects, and consultations, which
    /// their lists embed, come serialized from `fragments`.
    pub fn render(&self, site: &Site, listed: &Listed, fragments: &Fragments) -> Vec<u8> {
        let value = match *self {
            OparlFile::System => system(site),
            OparlFile::Body => body(site),
            OparlFile::Organization(b) => organization(site, b),
            OparlFile::Meeting(mi) => return with_newline(fragments.oparl_meeting(mi)),
            OparlFile::AgendaItem(pi) => agenda_item(site, pi),
            OparlFile::Paper(ci) => paper(site, ci),
            OparlFile::Consultation { paragraph, k } => {
                return with_newline(fragments.consultation(paragraph, k))
            }
            OparlFile::File(i) => file(site, i),
            OparlFile::List(list, page) => return list_page(site, listed, fragments, list, page),
        };
        with_newline(&value.to_string())
    }
}

fn with_newline(json: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(json.len() + 1);
    bytes.extend_from_slice(json.as_bytes());
    bytes.push(b'\n');
    bytes
}

/// The file of a paragraph's consultation of a case (by case index).
pub fn consultation_file(site: &Site, paragraph: usize, case: usize) -> String {
    consultation_file_of(site, paragraph, &site.cases[case].slug)
}

/// The file of a paragraph's consultation of the case with this slug.
pub fn consultation_file_of(site: &Site, paragraph: usize, slug: &str) -> String {
    consultation_file_at(site, &site.paragraphs[paragraph], slug)
}

/// The OParl File of a meeting's PDF attachment.
pub fn file_file_at(site: &Site, meeting: usize, file: &str) -> String {
    file_file_in(&site.meetings[meeting], file)
}

/// The OParl File of a meeting's PDF attachment (also of a meeting no
/// longer in the model).
pub fn file_file_in(m: &Meeting, file: &str) -> String {
    format!("oparl/file/{}/{file}.json", m.id)
}

/// The file of a meeting's OParl object (also of one no longer in the
/// model).
pub fn meeting_file_of(m: &Meeting) -> String {
    format!("oparl/meeting/{}.json", m.id)
}

/// The file of a paragraph's agenda item, as its meeting and § number place
/// it (also of one no longer in the model).
pub fn agenda_item_file_at(site: &Site, p: &crate::model::Paragraph) -> String {
    agenda_item_file_in(&site.meetings[p.meeting], p.number)
}

/// The file of the agenda item of a meeting's paragraph with this § number.
pub fn agenda_item_file_in(m: &Meeting, number: u32) -> String {
    format!("oparl/agendaitem/{}-p{number}.json", m.id)
}

/// The file of a paragraph's consultation of the case with this slug, as
/// its meeting and § number place it (also of one no longer in the model).
pub fn consultation_file_at(site: &Site, p: &crate::model::Paragraph, slug: &str) -> String {
    consultation_file_in(&site.meetings[p.meeting], p.number, slug)
}

/// The file of the consultation of the case with this slug by a meeting's
/// paragraph with this § number.
pub fn consultation_file_in(m: &Meeting, number: u32, slug: &str) -> String {
    format!("oparl/consultation/{}-p{number}-{slug}.json", m.id)
}

/// The file of the paper of the case with this slug.
pub fn paper_file(slug: &str) -> String {
    format!("oparl/paper/{slug}.json")
}

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

fn system(site: &Site) -> Value {
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

fn body(site: &Site) -> Value {
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

fn organization(site: &Site, b: usize) -> Value {
    let body = &site.bodies[b];
    let mut o = object(OparlFile::Organization(b).id(site), "Organization");
    o.insert("body".into(), json!(OparlFile::Body.id(site)));
    o.insert("name".into(), json!(body.name));
    o.insert("shortName".into(), json!(body.abbreviation));
    o.insert("organizationType".into(), json!("Gremium"));
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

/// A meeting's object, with its agenda items, as compact JSON.
pub fn meeting_json(site: &Site, mi: usize) -> String {
    meeting(site, mi).to_string()
}

fn meeting(site: &Site, mi: usize) -> Value {
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
    let items: Vec<Value> = m
        .paragraphs
        .clone()
        .map(|pi| agenda_item(site, pi))
        .collect();
    o.insert("agendaItem".into(), Value::Array(items));
    o.insert(
        "web".into(),
        json!(web(site, &paths::meeting_dir(site, mi))),
    );
    Value::Object(o)
}

fn agenda_item(site: &Site, pi: usize) -> Value {
    let p = &site.paragraphs[pi];
    let m = site.meeting_of(p);
    let mut o = object(OparlFile::AgendaItem(pi).id(site), "AgendaItem");
    o.insert(
        "meeting".into(),
        json!(OparlFile::Meeting(p.meeting).id(site)),
    );
    o.insert("number".into(), json!(p.number.to_string()));
    o.insert("order".into(), json!(pi - m.paragraphs.start + 1));
    o.insert("public".into(), json!(!p.confidential));
    if p.confidential {
        o.insert("name".into(), json!(swedish().get("confidential_notice")));
    } else {
        o.insert("name".into(), json!(p.title));
        if !p.cases.is_empty() {
            o.insert(
                "consultation".into(),
                json!(OparlFile::Consultation {
                    paragraph: pi,
                    k: 0
                }
                .id(site)),
            );
        }
        if let Some(d) = p.decision {
            o.insert("result".into(), json!(swedish().decision(d)));
        }
        let files: Vec<Value> = site.pdfs_of(pi).map(|i| file(site, i)).collect();
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

fn paper(site: &Site, ci: usize) -> Value {
    let c = &site.cases[ci];
    let mut o = object(OparlFile::Paper(ci).id(site), "Paper");
    o.insert("body".into(), json!(OparlFile::Body.id(site)));
    o.insert("name".into(), json!(c.title));
    o.insert("reference".into(), json!(c.diarienummer));
    o.insert(
        "date".into(),
        json!(super::tables::first_treated(site, ci).to_string()),
    );
    o.insert("paperType".into(), json!("Ärende"));
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
        .map(|i| file(site, i))
        .collect();
    if !files.is_empty() {
        o.insert("auxiliaryFile".into(), Value::Array(files));
    }
    if !c.tags.is_empty() {
        o.insert("keyword".into(), json!(c.tags));
    }
    o.insert("web".into(), json!(web(site, &paths::case_dir(site, ci))));
    Value::Object(o)
}

/// A paragraph's consultations (one per case it names; a confidential
/// paragraph names none), as compact JSON.
pub fn consultations_json(site: &Site, pi: usize) -> Vec<String> {
    (0..site.paragraphs[pi].cases.len())
        .map(|k| consultation(site, pi, k).to_string())
        .collect()
}

fn consultation(site: &Site, pi: usize, k: usize) -> Value {
    let p = &site.paragraphs[pi];
    let ci = p.cases[k].case;
    let id = absolute(site, &paths::encode_path(&consultation_file(site, pi, ci)));
    let mut o = object(id, "Consultation");
    o.insert("paper".into(), json!(OparlFile::Paper(ci).id(site)));
    o.insert(
        "agendaItem".into(),
        json!(OparlFile::AgendaItem(pi).id(site)),
    );
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

fn file(site: &Site, i: usize) -> Value {
    let pdf = &site.pdfs[i];
    let p = &site.paragraphs[pdf.paragraph];
    let m = site.meeting_of(p);
    let document = &p.documents[pdf.document];
    let name = document.file.as_deref().unwrap_or_default();
    let access = absolute(
        site,
        &paths::encode_path(&paths::document_file(site, pdf.paragraph, pdf.document)),
    );
    let mut o = object(OparlFile::File(i).id(site), "File");
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
        json!([OparlFile::AgendaItem(pdf.paragraph).id(site)]),
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

/// A page of a list: `{"data": [...], "links": ..., "pagination": ...}`
/// (keys in the order `serde_json` writes an object's).
fn list_page(
    site: &Site,
    listed: &Listed,
    fragments: &Fragments,
    list: OparlList,
    page: ListPage,
) -> Vec<u8> {
    use std::borrow::Cow;
    let sections = list.sections(site, listed);
    let pages = list.pages(&sections);
    let at = pages
        .iter()
        .position(|p| *p == page)
        .expect("a list page renders one of its list's pages");
    let section = sections
        .iter()
        .find(|s| s.year == page.year)
        .expect("a page's year has a section");
    let start = section.objects.start + (page.page - 1) * PER_PAGE;
    let range = start..(start + PER_PAGE).min(section.objects.end);
    let value = |v: Value| Cow::Owned(v.to_string());
    let data: Vec<Cow<str>> = match list {
        OparlList::Bodies => vec![value(body(site))],
        OparlList::Organizations => range.map(|b| value(organization(site, b))).collect(),
        OparlList::People => Vec::new(),
        OparlList::Meetings => range
            .map(|mi| Cow::Borrowed(fragments.oparl_meeting(mi)))
            .collect(),
        OparlList::Papers => listed.papers[range]
            .iter()
            .map(|&ci| value(paper(site, ci)))
            .collect(),
        OparlList::AgendaItems => range.map(|pi| value(agenda_item(site, pi))).collect(),
        OparlList::Consultations => listed.consultations[range]
            .iter()
            .map(|&(pi, k)| Cow::Borrowed(fragments.consultation(pi, k)))
            .collect(),
        OparlList::Files => range.map(|i| value(file(site, i))).collect(),
        OparlList::OrganizationMeetings(b) => body_meetings(site, b)[range]
            .iter()
            .map(|&mi| Cow::Borrowed(fragments.oparl_meeting(mi)))
            .collect(),
    };
    let first_year = sections[0].year;
    let url = |p: ListPage| {
        absolute(
            site,
            &paths::encode_path(&list.file_after(site, p, first_year)),
        )
    };
    let mut links = Map::new();
    links.insert("first".into(), json!(url(pages[0])));
    if at > 0 {
        links.insert("prev".into(), json!(url(pages[at - 1])));
    }
    if at + 1 < pages.len() {
        links.insert("next".into(), json!(url(pages[at + 1])));
    }
    let pagination = if list.by_year() {
        // Pages of unequal length: no totals, so that an object coming or
        // going changes its year's pages only.
        json!({})
    } else {
        links.insert("last".into(), json!(url(pages[pages.len() - 1])));
        json!({
            "totalElements": section.objects.len(),
            "elementsPerPage": PER_PAGE,
            "currentPage": page.page,
            "totalPages": pages.len(),
        })
    };
    with_newline(&format!(
        "{{\"data\":[{}],\"links\":{},\"pagination\":{}}}",
        data.join(","),
        Value::Object(links),
        pagination
    ))
}

fn object(id: String, kind_name: &str) -> Map<String, Value> {
    let mut o = Map::new();
    o.insert("id".into(), json!(id));
    o.insert("type".into(), json!(kind(kind_name)));
    o
}
