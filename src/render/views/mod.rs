//! What each page template sees: small serialisable views of the model,
//! with links (relative to the site root), labels in the site's language and
//! dates already written out. The views several pages share are here;
//! each family of pages fills its context in its own module.

use super::charts;
use super::paths::{self, encode_path, href, CaseFilter, CaseScope, Output};
use super::reads::{self, Key};
use super::{CaseLists, Printed, CASES_PER_PAGE};
use crate::i18n::I18n;
use crate::markdown;
use crate::model::people::Activity;
use crate::model::vocabulary::CaseStatus;
use crate::model::{CaseIx, MeetingIx, ParagraphIx, PdfIx, RelatedCase, Site};
use crate::opendata::fragments::Fragments;
use crate::references;
use chrono::Datelike;
use serde::Serialize;
use tera::Context;

mod cases;
mod economy;
pub mod glossary;
mod meetings;
mod notice;
mod people;
mod site_pages;
mod topics;

pub use site_pages::data_context;

#[derive(Serialize)]
pub struct SiteView<'a> {
    title: &'a str,
    organisation: &'a str,
    base_url: &'a str,
    contact: Option<&'a str>,
    language: &'static str,
    /// Whether there are budgets, and so an economy section.
    has_economy: bool,
    /// Whether there are Kolada statistics, and so a statistics section.
    has_statistics: bool,
    /// Whether there is people.yaml, and so the people's pages.
    has_people: bool,
    /// The court that hears appeals (`appeal_court:`).
    appeal_court: Option<CourtView<'a>>,
}

#[derive(Serialize)]
struct CourtView<'a> {
    name: &'a str,
    address: Option<&'a str>,
    url: Option<&'a str>,
}

impl<'a> SiteView<'a> {
    pub fn new(site: &'a Site) -> Self {
        SiteView {
            title: &site.config.title,
            organisation: &site.config.organisation,
            base_url: &site.config.base_url,
            contact: site.config.contact.as_deref(),
            language: site.config.language.code(),
            has_economy: !site.budgets.is_empty(),
            has_statistics: site.statistics.is_some(),
            has_people: !site.people.people.is_empty(),
            appeal_court: site.config.appeal_court.as_ref().map(|c| CourtView {
                name: &c.name,
                address: c.address.as_deref(),
                url: c.url.as_deref(),
            }),
        }
    }
}

#[derive(Serialize, Clone)]
pub struct Link {
    label: String,
    url: String,
}

fn link(label: impl Into<String>, dir: &str) -> Link {
    Link {
        label: label.into(),
        url: href(dir),
    }
}

/// Home, the meetings, and one meeting: the way to a paragraph or document.
fn meeting_trail(home: Link, t: &I18n, m: &MeetingView) -> Vec<Link> {
    vec![
        home,
        link(t.get("meetings"), "sammantraden/"),
        Link {
            label: m.title.clone(),
            url: m.url.clone(),
        },
    ]
}

pub fn footer_pages(site: &Site) -> Vec<Link> {
    site.pages
        .iter()
        .map(|p| link(&p.title, &format!("{}/", p.slug)))
        .collect()
}

#[derive(Serialize)]
struct BodyView<'a> {
    id: &'a str,
    name: &'a str,
    abbreviation: &'a str,
    url: String,
}

fn body_view(site: &Site, b: usize) -> BodyView<'_> {
    let body = &site.bodies[b];
    BodyView {
        id: &body.id,
        name: &body.name,
        abbreviation: &body.abbreviation,
        url: href(&format!("organ/{}/", body.id)),
    }
}

#[derive(Serialize)]
struct MeetingView<'a> {
    id: &'a str,
    url: String,
    title: String,
    body: BodyView<'a>,
    date: String,
    date_text: String,
    year: i32,
    time: Option<&'a str>,
    location: Option<&'a str>,
    status: &'static str,
    status_label: &'static str,
    held: bool,
    certified_text: Option<String>,
    /// The certification's announcement and the last day to appeal.
    appeal: Option<notice::AppealView>,
    /// The day the meeting was announced.
    agenda_announced_text: Option<String>,
    webcast: Option<&'a str>,
    /// "Live broadcast" before the meeting is held, "Recording" after.
    webcast_label: &'static str,
    /// With links from the site root; the meeting's page renders it again
    /// for its own place ([`markdown::ContentHtml::for_root`]).
    notes_html: std::borrow::Cow<'a, str>,
    paragraph_count: usize,
}

fn meeting_view<'a>(site: &'a Site, t: &I18n, i: MeetingIx) -> MeetingView<'a> {
    let m = &site.meetings[i];
    reads::record(Key::Meeting(&m.id));
    reads::record(Key::MeetingParagraphs(&m.id));
    MeetingView {
        id: &m.id,
        url: href(&paths::meeting_dir(site, i)),
        title: format!("{} {}", site.bodies[m.body].name, t.date(m.date)),
        body: body_view(site, m.body),
        date: m.date.to_string(),
        date_text: t.date(m.date),
        year: m.date.year(),
        time: m.time.as_deref(),
        location: m.location.as_deref(),
        status: m.status.key(),
        status_label: t.meeting_status(m.status),
        held: m.is_held(),
        certified_text: m.certified.map(|d| t.date(d)),
        appeal: notice::appeal_view(t, m),
        agenda_announced_text: m.agenda_announced.map(|d| t.date(d)),
        webcast: m.webcast.as_deref(),
        webcast_label: notice::webcast_label(t, m),
        notes_html: std::borrow::Cow::Borrowed(m.notes_html.as_str()),
        paragraph_count: m.paragraph_count(),
    }
}

#[derive(Serialize)]
struct CaseLink<'a> {
    url: String,
    diarienummer: &'a str,
    title: &'a str,
    status: &'static str,
    status_label: &'static str,
}

fn case_link<'a>(site: &'a Site, t: &I18n, ci: CaseIx, written: &'a str) -> CaseLink<'a> {
    let c = &site.cases[ci];
    reads::record(Key::Case(&c.slug));
    CaseLink {
        url: href(&paths::case_dir(site, ci)),
        diarienummer: written,
        title: &c.title,
        status: c.status.key(),
        status_label: t.case_status(c.status),
    }
}

#[derive(Serialize)]
struct DocumentView<'a> {
    title: &'a str,
    url: Option<String>,
    size: Option<String>,
    format: Option<String>,
    /// The page with a PDF's text, and its number of pages.
    text_url: Option<String>,
    pages: Option<usize>,
    /// For a document not on the web: a request to the registry for it
    /// (`registry:`), its title and diarienummer filled in.
    request_url: Option<String>,
}

fn document_views<'a>(site: &'a Site, t: &I18n, pi: ParagraphIx) -> Vec<DocumentView<'a>> {
    let p = &site.paragraphs[pi];
    let m = site.meeting_of(p);
    reads::record(Key::Paragraph(&m.id, p.number));
    let meeting = paths::meeting_dir(site, p.meeting);
    p.documents
        .iter()
        .enumerate()
        .map(|(di, d)| {
            let pdf = site.pdf(pi, di);
            if let Some(file) = d.file.as_deref().filter(|_| pdf.is_some()) {
                reads::record(Key::Document(&m.id, file));
            }
            DocumentView {
                text_url: pdf.map(|i| encode_path(&paths::document_page(site, i))),
                pages: pdf
                    .map(|i| site.pdfs[i].text.pages.len())
                    .filter(|n| *n > 0),
                title: &d.title,
                url: d
                    .file
                    .as_ref()
                    .map(|f| format!("{meeting}{}", encode_path(f))),
                size: d.size.map(|s| t.size(s)),
                request_url: d
                    .file
                    .is_none()
                    .then(|| request_url(site, t, pi, &d.title))
                    .flatten(),
                format: d
                    .file
                    .as_ref()
                    .and_then(|f| f.rsplit_once('.'))
                    .map(|(_, ext)| ext.to_uppercase()),
            }
        })
        .collect()
}

/// Where to ask for a document of paragraph `pi` that is not on the web:
/// an e-mail to the registry with the document's title, diarienummer and
/// paragraph filled in, or the registry's web form.
fn request_url(site: &Site, t: &I18n, pi: ParagraphIx, title: &str) -> Option<String> {
    use crate::content::settings::Registry;
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    let address = match site.config.registry.as_ref()? {
        Registry::Form(url) => return Some(url.clone()),
        Registry::Email(address) => address,
    };
    let p = &site.paragraphs[pi];
    let m = site.meeting_of(p);
    let body = &site.bodies[m.body];
    let cases: Vec<&str> = p.cases.iter().map(|c| c.written.as_str()).collect();
    let mut lines = vec![t.get("request_greeting").to_owned(), String::new()];
    lines.push(title.to_owned());
    if !cases.is_empty() {
        lines.push(format!("{}: {}", t.get("case_number"), cases.join(", ")));
    }
    lines.push(format!(
        "{} § {}, {} {}",
        body.abbreviation,
        p.number,
        body.name,
        t.date(m.date)
    ));
    lines.extend([String::new(), t.get("request_delivery").to_owned()]);
    let subject = match cases.first() {
        Some(case) => format!("{}: {title} ({case})", t.get("request_subject")),
        None => format!("{}: {title}", t.get("request_subject")),
    };
    let encode = |s: &str| utf8_percent_encode(s, NON_ALPHANUMERIC).to_string();
    Some(format!(
        "mailto:{address}?subject={}&body={}",
        encode(&subject),
        encode(&lines.join("\n").replace('\n', "\r\n"))
    ))
}

#[derive(Serialize)]
struct ParagraphView<'a> {
    number: u32,
    anchor: String,
    url: String,
    title: &'a str,
    heading: String,
    confidential: bool,
    decision: Option<&'static str>,
    decision_label: Option<&'static str>,
    on_agenda: bool,
    cases: Vec<CaseLink<'a>>,
    documents: Vec<DocumentView<'a>>,
    sent_to: &'a [String],
    tags: &'a [String],
    /// Its tags, each linking to its topic's page.
    topics: Vec<Link>,
    /// What kind of matter it is (`motion`…), and its name. (Its case
    /// has the link to the kind's list: a paragraph's kind may have none.)
    kind: Option<&'static str>,
    kind_label: Option<&'static str>,
    /// Can its decision be appealed (not one that only prepares another)?
    appealable: bool,
    /// How the decision can also be appealed, in the clerk's words.
    appeal_note: Option<&'a str>,
    /// Who raised it, moved, voted and reserved.
    acts: Option<people::ActsView<'a>>,
    /// What was decided, in one sentence: on the paragraph's own page
    /// (none for a confidential one).
    outcome: Option<String>,
    html: std::borrow::Cow<'a, str>,
}

fn paragraph_view<'a>(site: &'a Site, t: &I18n, pi: ParagraphIx) -> ParagraphView<'a> {
    let p = &site.paragraphs[pi];
    let m = site.meeting_of(p);
    reads::record(Key::Meeting(&m.id));
    reads::record(Key::Paragraph(&m.id, p.number));
    let on_agenda = !m.is_held();
    ParagraphView {
        number: p.number,
        anchor: format!("p{}", p.number),
        url: href(&paths::paragraph_dir(site, pi)),
        title: &p.title,
        heading: if p.confidential {
            format!("§ {}", p.number)
        } else {
            format!("§ {} {}", p.number, p.title)
        },
        confidential: p.confidential,
        decision: p.decision.map(|d| d.key()),
        decision_label: p.decision.map(|d| t.decision(d)),
        on_agenda,
        cases: p
            .cases
            .iter()
            .map(|r| case_link(site, t, r.case, &r.written))
            .collect(),
        documents: document_views(site, t, pi),
        sent_to: &p.sent_to,
        tags: &p.tags,
        topics: topics::topic_links(&p.tags),
        kind: p.kind.map(|k| k.key()),
        kind_label: p.kind.map(|k| t.kind(k)),
        appealable: p.is_appealable(),
        appeal_note: p.appeal_note.as_deref(),
        acts: people::acts_view(site, t, &p.acts),
        outcome: None,
        html: std::borrow::Cow::Borrowed(p.html.as_str()),
    }
}

#[derive(Serialize)]
struct CaseRow<'a> {
    url: String,
    diarienummer: &'a str,
    title: &'a str,
    status: &'static str,
    status_label: &'static str,
    /// Its latest decision in one sentence.
    outcome: String,
    bodies: String,
    latest_date: String,
    latest_date_text: String,
}

fn case_row<'a>(site: &'a Site, t: &I18n, ci: CaseIx) -> CaseRow<'a> {
    let c = &site.cases[ci];
    reads::record(Key::Case(&c.slug));
    let latest = site.latest_treated(ci);
    CaseRow {
        url: href(&paths::case_dir(site, ci)),
        diarienummer: &c.diarienummer,
        title: &c.title,
        status: c.status.key(),
        status_label: t.case_status(c.status),
        outcome: super::outcome::of_case(site, t, ci),
        bodies: site
            .case_bodies(ci)
            .into_iter()
            .map(|b| site.bodies[b].abbreviation.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        latest_date: latest.to_string(),
        latest_date_text: t.date(latest),
    }
}

#[derive(Serialize)]
pub(super) struct PageLink {
    number: usize,
    url: String,
    current: bool,
    gap_before: bool,
}

#[derive(Serialize)]
pub(super) struct Pagination {
    page: usize,
    pages: usize,
    previous: Option<String>,
    next: Option<String>,
    links: Vec<PageLink>,
}

/// Links to the first, the last and the pages around the current one.
pub(super) fn pagination(first: &str, page: usize, pages: usize) -> Pagination {
    let url = |n| href(&paths::page_dir(first, n));
    let mut shown: Vec<usize> = (1..=pages)
        .filter(|n| *n == 1 || *n == pages || n.abs_diff(page) <= 2)
        .collect();
    shown.dedup();
    let mut links = Vec::new();
    let mut last = 0;
    for n in shown {
        links.push(PageLink {
            number: n,
            url: url(n),
            current: n == page,
            gap_before: n > last + 1,
        });
        last = n;
    }
    Pagination {
        page,
        pages,
        previous: (page > 1).then(|| url(page - 1)),
        next: (page < pages).then(|| url(page + 1)),
        links,
    }
}

/// A page's own Atom feed, for `<link rel="alternate">` and its visible link.
#[derive(Serialize)]
pub(super) struct FeedLink {
    href: &'static str,
    title: &'static str,
}

/// Fill `ctx` for a page (its template is [`Output::template`]).
pub fn page_context(
    site: &Site,
    t: &I18n,
    lists: &CaseLists,
    activity: &Activity,
    output: &Output,
    printed: &Printed,
    ctx: &mut Context,
) {
    let home = link(t.get("home"), "");
    // The way back to the site root, for content that links into the portal.
    let root = paths::depth_prefix(&output.dir(site));
    match output {
        Output::Home => site_pages::home_context(site, t, lists, ctx),
        Output::MeetingIndex => meetings::index_context(site, t, home, printed, ctx),
        Output::MeetingYear(y) => meetings::year_context(site, t, *y, home, printed, ctx),
        Output::Meeting(i) => meetings::meeting_context(site, t, *i, &root, home, ctx),
        Output::Paragraph(pi) => meetings::paragraph_context(site, t, *pi, &root, home, ctx),
        Output::Document(i) => meetings::document_context(site, t, *i, home, ctx),
        Output::Body(b) => meetings::body_context(site, t, lists, *b, home, ctx),
        Output::Economy => economy::economy_context(site, t, home, ctx),
        Output::Budget(i) => economy::budget_context(site, t, *i, home, ctx),
        Output::CaseList { filter, page } => {
            cases::case_list_context(site, t, lists, filter, *page, ctx);
            ctx.insert("breadcrumbs", &[home]);
        }
        Output::Case(ci) => cases::case_context(site, t, *ci, &root, home, ctx),
        Output::Page(i) => site_pages::free_page_context(site, *i, &root, home, ctx),
        Output::Search => site_pages::search_context(site, t, home, ctx),
        Output::People => people::people_context(site, t, home, ctx),
        Output::Person { person, page } => {
            people::person_context(site, t, activity, (*person, *page), home, ctx)
        }
        Output::Party { party, page } => {
            people::party_context(site, t, activity, (*party, *page), home, ctx)
        }
        Output::NoticeBoard => notice::notice_board_context(site, t, None, home, ctx),
        Output::NoticeYear(y) => notice::notice_board_context(site, t, Some(*y), home, ctx),
        Output::TakePart => notice::take_part_context(site, t, lists, home, ctx),
        Output::Glossary => glossary::glossary_context(t, home, ctx),
        Output::Topics => topics::topics_context(t, lists, home, ctx),
        Output::Topic { slug, page } => {
            topics::topic_context(site, t, lists, (slug, *page), home, ctx)
        }
        Output::NotFound => {
            ctx.insert("title", t.get("not_found_title"));
        }
        Output::Statistics => {
            ctx.insert("title", t.get("statistics"));
            ctx.insert("breadcrumbs", &[home]);
            super::statistics::index_context(site, t, ctx);
        }
        Output::StatisticsGroup(g) => {
            ctx.insert("title", &super::paths::statistics(site).groups[*g].title);
            ctx.insert(
                "breadcrumbs",
                &[home, link(t.get("statistics"), "statistik/")],
            );
            super::statistics::group_context(site, t, *g, ctx);
        }
        Output::Sitemap
        | Output::SitemapPart(_)
        | Output::Feed
        | Output::CaseFeed(_)
        | Output::BodyFeed(_)
        | Output::TopicFeed(_)
        | Output::PersonFeed(_)
        | Output::PartyFeed(_)
        | Output::NoticeFeed
        | Output::AppealCalendar
        | Output::StatisticsCsv { .. }
        | Output::Calendar(_)
        | Output::DataIndex
        | Output::Data(_)
        | Output::Oparl(_) => unreachable!("not a page of the views: see render()"),
    }
}
