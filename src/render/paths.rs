//! The site map (contract, section 8): which outputs exist and where each
//! is written. Links between pages are relative and name `index.html`, so
//! the site works from any path prefix and opened from disk.

use super::CASES_PER_PAGE;
use crate::model::vocabulary::{CaseStatus, Kind};
use crate::model::{CaseIx, MeetingIx, ParagraphIx, PdfIx, Site};
use crate::opendata::oparl::OparlFile;
use crate::opendata::DataFile;

/// One rendered file of the site.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Output {
    Home,
    MeetingIndex,
    MeetingYear(i32),
    Meeting(MeetingIx),
    Paragraph(ParagraphIx),
    /// The text of a published PDF.
    Document(PdfIx),
    Body(usize),
    CaseList {
        filter: CaseFilter,
        page: usize,
    },
    Case(CaseIx),
    Page(usize),
    /// `/ekonomi/`: the budgets and the tax rate over the years.
    Economy,
    /// `/ekonomi/<year>/`: one budget (an index into `site.budgets`).
    Budget(usize),
    /// `/statistik/`: the groups of indicators.
    Statistics,
    /// `/statistik/<group>/`: one group's indicators as charts and tables.
    StatisticsGroup(usize),
    /// `/statistik/<group>/<KPI>.csv`: one indicator's values.
    StatisticsCsv {
        group: usize,
        indicator: usize,
    },
    Search,
    NotFound,
    /// `sitemap.xml`: the index of the sitemap's parts.
    Sitemap,
    SitemapPart(SitemapPart),
    Feed,
    /// `/arenden/<id>/feed.xml`: a case's timeline as Atom.
    CaseFeed(CaseIx),
    /// `/organ/<body>/feed.xml`: a body's latest decisions as Atom.
    BodyFeed(usize),
    /// `/sammantraden/kalender.ics` (`None`) or `/organ/<body>/kalender.ics`.
    Calendar(Option<usize>),
    /// `/data/`: the open data files, their sizes and licence.
    DataIndex,
    /// A file under `/data/`.
    Data(DataFile),
    /// An object or list page of the static OParl API under `/oparl/`.
    Oparl(OparlFile),
    /// `/ledamoter/`: the people, by party.
    People,
    /// `/ledamoter/<id>/`: a person's seats and acts, in pages.
    Person {
        person: usize,
        page: usize,
    },
    /// `/partier/<id>/`: a party's people, vote record, proposals and
    /// reservations, in pages.
    Party {
        party: usize,
        page: usize,
    },
    /// `/ledamoter/<id>/feed.xml`: what a person did, as Atom.
    PersonFeed(usize),
    /// `/partier/<id>/feed.xml`: a party's proposals and reservations, as
    /// Atom.
    PartyFeed(usize),
    /// `/anslagstavla/`: the notice board, its latest notices first.
    NoticeBoard,
    /// `/anslagstavla/<year>/`: the notices of a year's meetings.
    NoticeYear(i32),
    /// `/anslagstavla/feed.xml`: the announcements as Atom.
    NoticeFeed,
    /// `/anslagstavla/overklagande.ics`: the last days to appeal, as a
    /// calendar.
    AppealCalendar,
    /// `/delta/`: consultations, proposals, e-services and the next
    /// meetings: the ways to take part.
    TakePart,
    /// `/ordlista/`: what the decisions, statuses, kinds and terms mean.
    Glossary,
    /// `/amnen/`: every topic (tag), with how many items each has.
    Topics,
    /// `/amnen/<slug>/`: a topic's cases and paragraphs, newest first, in
    /// pages; named by its slug, which stays across edits.
    Topic {
        slug: String,
        page: usize,
    },
    /// `/amnen/<slug>/feed.xml`: a topic's latest decisions, as Atom.
    TopicFeed(String),
}

/// A part of the sitemap, at the site root (a sitemap may list only the
/// addresses under its own folder): the site's own pages, one year's
/// meetings with their paragraphs and documents, or one year's cases with
/// that year's case list pages. One file would pass the 50 000 addresses
/// a sitemap may hold, and change with every edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SitemapPart {
    Site,
    Meetings(i32),
    Cases(u16),
}

impl SitemapPart {
    pub fn file(self) -> String {
        match self {
            SitemapPart::Site => "sitemap-webbplats.xml".to_owned(),
            SitemapPart::Meetings(y) => format!("sitemap-sammantraden-{y}.xml"),
            SitemapPart::Cases(y) => format!("sitemap-arenden-{y}.xml"),
        }
    }

    /// The part that lists a case list's pages.
    pub fn of_case_list(filter: &CaseFilter) -> SitemapPart {
        filter.year.map_or(SitemapPart::Site, SitemapPart::Cases)
    }
}

/// Which cases a case list shows: those of a scope (all cases, a status,
/// a body), either every year's (`year: None`: only the latest treated are
/// shown, on one page that links the years) or one diarienummer year's, in
/// pages. Splitting by year keeps a case that comes or goes from shifting
/// the pages of every other year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CaseFilter {
    pub scope: CaseScope,
    pub year: Option<u16>,
}

/// The cases a [`CaseFilter`] draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CaseScope {
    All,
    Status(CaseStatus),
    Body(usize),
    /// The cases of a kind (motions, citizens' proposals…).
    Kind(Kind),
}

impl CaseFilter {
    /// Every case: the first page of `/arenden/`.
    pub const ALL: CaseFilter = CaseFilter {
        scope: CaseScope::All,
        year: None,
    };

    pub fn every_year(scope: CaseScope) -> CaseFilter {
        CaseFilter { scope, year: None }
    }

    pub fn in_year(scope: CaseScope, year: u16) -> CaseFilter {
        CaseFilter {
            scope,
            year: Some(year),
        }
    }

    /// How many pages show the filter's `cases`: one for every year's (the
    /// latest treated), as many as they fill for one year's.
    pub fn page_count(&self, cases: usize) -> usize {
        match self.year {
            None => 1,
            Some(_) => cases.div_ceil(CASES_PER_PAGE).max(1),
        }
    }

    /// The cases a page shows.
    pub fn page_slice<'a>(&self, cases: &'a [CaseIx], page: usize) -> &'a [CaseIx] {
        if page > self.page_count(cases.len()) {
            return &[];
        }
        let start = ((page - 1) * CASES_PER_PAGE).min(cases.len());
        let end = (page * CASES_PER_PAGE).min(cases.len());
        &cases[start..end]
    }

    /// The folder of the filter's first page, relative to the site root.
    pub fn dir(&self, site: &Site) -> String {
        let scope = match self.scope {
            CaseScope::All => "arenden/".to_owned(),
            CaseScope::Status(s) => format!("arenden/status/{}/", status_slug(s)),
            CaseScope::Body(b) => format!("arenden/organ/{}/", site.bodies[b].id),
            CaseScope::Kind(k) => format!("arenden/typ/{}/", k.key()),
        };
        match self.year {
            None => scope,
            Some(y) => format!("{scope}ar/{y}/"),
        }
    }
}

pub fn status_slug(s: CaseStatus) -> &'static str {
    match s {
        CaseStatus::Open => "pagaende",
        CaseStatus::Decided => "avgjorda",
        CaseStatus::Withdrawn => "aterkallade",
    }
}

impl Output {
    /// The folder of a page (or `""` for the site root and root files).
    pub fn dir(&self, site: &Site) -> String {
        match self {
            Output::Home
            | Output::NotFound
            | Output::Sitemap
            | Output::SitemapPart(_)
            | Output::Feed => String::new(),
            Output::MeetingIndex => "sammantraden/".to_owned(),
            Output::MeetingYear(y) => format!("sammantraden/{y}/"),
            Output::Meeting(i) => meeting_dir(site, *i),
            Output::Paragraph(i) => paragraph_dir(site, *i),
            Output::Document(i) => {
                let page = document_page(site, *i);
                page[..page.rfind('/').map_or(0, |s| s + 1)].to_owned()
            }
            Output::Body(i) => format!("organ/{}/", site.bodies[*i].id),
            Output::CaseList { filter, page } => page_dir(&filter.dir(site), *page),
            Output::Case(i) => case_dir(site, *i),
            Output::Page(i) => format!("{}/", site.pages[*i].slug),
            Output::Economy => "ekonomi/".to_owned(),
            Output::Budget(i) => format!("ekonomi/{}/", site.budgets[*i].year),
            Output::Statistics => "statistik/".to_owned(),
            Output::StatisticsGroup(g) | Output::StatisticsCsv { group: g, .. } => {
                format!("statistik/{}/", statistics(site).groups[*g].id)
            }
            Output::Search => "sok/".to_owned(),
            Output::CaseFeed(i) => case_dir(site, *i),
            Output::BodyFeed(b) | Output::Calendar(Some(b)) => {
                format!("organ/{}/", site.bodies[*b].id)
            }
            Output::Calendar(None) => "sammantraden/".to_owned(),
            Output::DataIndex | Output::Data(_) => "data/".to_owned(),
            Output::Oparl(o) => {
                let file = o.file(site);
                file[..file.rfind('/').map_or(0, |s| s + 1)].to_owned()
            }
            Output::People => "ledamoter/".to_owned(),
            Output::Person { person, page } => page_dir(&person_dir(site, *person), *page),
            Output::Party { party, page } => page_dir(&party_dir(site, *party), *page),
            Output::PersonFeed(person) => person_dir(site, *person),
            Output::PartyFeed(party) => party_dir(site, *party),
            Output::NoticeBoard | Output::NoticeFeed | Output::AppealCalendar => {
                NOTICE_BOARD.to_owned()
            }
            Output::NoticeYear(y) => format!("{NOTICE_BOARD}{y}/"),
            Output::TakePart => "delta/".to_owned(),
            Output::Glossary => GLOSSARY.to_owned(),
            Output::Topics => super::topics::TOPICS.to_owned(),
            Output::Topic { slug, page } => super::topics::topic_dir(slug, *page),
            Output::TopicFeed(slug) => super::topics::topic_dir(slug, 1),
        }
    }

    /// The file written, relative to the output folder.
    pub fn file(&self, site: &Site) -> String {
        match self {
            Output::NotFound => "404.html".to_owned(),
            Output::Sitemap => "sitemap.xml".to_owned(),
            Output::SitemapPart(part) => part.file(),
            Output::Feed => "feed.xml".to_owned(),
            Output::Document(i) => document_page(site, *i),
            Output::StatisticsCsv { group, indicator } => statistics_csv(site, *group, *indicator),
            Output::CaseFeed(_)
            | Output::BodyFeed(_)
            | Output::PersonFeed(_)
            | Output::PartyFeed(_)
            | Output::TopicFeed(_)
            | Output::NoticeFeed => format!("{}feed.xml", self.dir(site)),
            Output::Calendar(_) => format!("{}kalender.ics", self.dir(site)),
            Output::AppealCalendar => format!("{NOTICE_BOARD}overklagande.ics"),
            Output::Data(f) => f.file().to_owned(),
            Output::Oparl(o) => o.file(site),
            _ => format!("{}index.html", self.dir(site)),
        }
    }

    /// Its address relative to the site root, as a sitemap lists it: the
    /// folder, or the file for a page that is not a folder's index.
    pub fn address(&self, site: &Site) -> String {
        match self {
            Output::Document(i) => encode_path(&document_page(site, *i)),
            Output::StatisticsCsv { .. }
            | Output::CaseFeed(_)
            | Output::BodyFeed(_)
            | Output::PersonFeed(_)
            | Output::PartyFeed(_)
            | Output::TopicFeed(_)
            | Output::NoticeFeed
            | Output::AppealCalendar
            | Output::Calendar(_)
            | Output::Data(_)
            | Output::Sitemap
            | Output::SitemapPart(_)
            | Output::Oparl(_) => encode_path(&self.file(site)),
            _ => self.dir(site),
        }
    }

    /// Is it an HTML page (rather than a feed, a calendar, the sitemap or a
    /// data file)?
    pub fn is_page(&self) -> bool {
        !matches!(
            self,
            Output::Sitemap
                | Output::SitemapPart(_)
                | Output::Feed
                | Output::StatisticsCsv { .. }
                | Output::CaseFeed(_)
                | Output::BodyFeed(_)
                | Output::PersonFeed(_)
                | Output::PartyFeed(_)
                | Output::TopicFeed(_)
                | Output::NoticeFeed
                | Output::AppealCalendar
                | Output::Calendar(_)
                | Output::Data(_)
                | Output::Oparl(_)
        )
    }

    /// The theme template it is rendered with; `None` for what is made
    /// without one (sitemap, calendars, CSV, data and OParl files).
    pub fn template(&self) -> Option<&'static str> {
        Some(match self {
            Output::Home => "home.html",
            Output::MeetingIndex => "meetings.html",
            Output::MeetingYear(_) => "meetings_year.html",
            Output::Meeting(_) => "meeting.html",
            Output::Paragraph(_) => "paragraph.html",
            Output::Document(_) => "document.html",
            Output::Body(_) => "body.html",
            Output::CaseList { .. } => "cases.html",
            Output::Case(_) => "case.html",
            Output::Page(_) => "page.html",
            Output::Economy => "economy.html",
            Output::Budget(_) => "budget.html",
            Output::Statistics => "statistics.html",
            Output::StatisticsGroup(_) => "statistics_group.html",
            Output::Search => "search.html",
            Output::NotFound => "404.html",
            Output::Feed
            | Output::CaseFeed(_)
            | Output::BodyFeed(_)
            | Output::PersonFeed(_)
            | Output::PartyFeed(_)
            | Output::TopicFeed(_)
            | Output::NoticeFeed => "feed.xml",
            Output::DataIndex => "data.html",
            Output::NoticeBoard | Output::NoticeYear(_) => "notice_board.html",
            Output::TakePart => "take_part.html",
            Output::Glossary => "glossary.html",
            Output::Topics => "topics.html",
            Output::Topic { .. } => "topic.html",
            Output::People => "people.html",
            Output::Person { .. } => "person.html",
            Output::Party { .. } => "party.html",
            Output::StatisticsCsv { .. }
            | Output::Sitemap
            | Output::SitemapPart(_)
            | Output::Calendar(_)
            | Output::AppealCalendar
            | Output::Data(_)
            | Output::Oparl(_) => return None,
        })
    }

    /// The part of the site the page belongs to, for marking the menu.
    pub fn section(&self) -> &'static str {
        match self {
            Output::Home => "home",
            Output::MeetingIndex
            | Output::MeetingYear(_)
            | Output::Meeting(_)
            | Output::Paragraph(_)
            | Output::Document(_) => "meetings",
            Output::Body(_) => "bodies",
            Output::CaseList { .. } | Output::Case(_) => "cases",
            Output::Topics | Output::Topic { .. } => "topics",
            Output::Economy | Output::Budget(_) => "economy",
            Output::Statistics | Output::StatisticsGroup(_) | Output::StatisticsCsv { .. } => {
                "statistics"
            }
            Output::Search => "search",
            Output::People | Output::Person { .. } | Output::Party { .. } => "people",
            Output::NoticeBoard | Output::NoticeYear(_) => "notice_board",
            Output::TakePart => "take_part",
            _ => "other",
        }
    }
}

/// The glossary's folder: terms link to `ordlista/#<id>` ([`super::views::glossary`]).
pub const GLOSSARY: &str = "ordlista/";

/// The notice board's folder.
pub const NOTICE_BOARD: &str = "anslagstavla/";

pub fn meeting_dir(site: &Site, i: MeetingIx) -> String {
    meeting_dir_of(&site.meetings[i])
}

/// A meeting's folder (also of one no longer in the model).
pub fn meeting_dir_of(m: &crate::model::Meeting) -> String {
    format!("sammantraden/{}/", m.id)
}

/// The folder of the page of a meeting's paragraph with this § number.
pub fn paragraph_dir_in(m: &crate::model::Meeting, number: u32) -> String {
    format!("{}p{number}/", meeting_dir_of(m))
}

pub fn paragraph_dir(site: &Site, i: ParagraphIx) -> String {
    paragraph_dir_at(site, &site.paragraphs[i])
}

/// The folder of a paragraph's page, as its meeting and § number place it
/// (also of one no longer in the model).
pub fn paragraph_dir_at(site: &Site, p: &crate::model::Paragraph) -> String {
    paragraph_dir_in(&site.meetings[p.meeting], p.number)
}

/// A PDF's published path: beside its meeting page, as its paragraph names
/// it (`sammantraden/2018-03-26-kf/motion.pdf`).
pub fn document_file(site: &Site, paragraph: ParagraphIx, document: usize) -> String {
    let p = &site.paragraphs[paragraph];
    let file = p.documents[document].file.as_deref().unwrap_or_default();
    attachment_file(site, p.meeting, file)
}

/// A meeting's attachment's published path.
pub fn attachment_file(site: &Site, meeting: MeetingIx, file: &str) -> String {
    attachment_file_in(&site.meetings[meeting], file)
}

/// A meeting's attachment's published path (also of a meeting no longer
/// in the model).
pub fn attachment_file_in(m: &crate::model::Meeting, file: &str) -> String {
    format!("{}{file}", meeting_dir_of(m))
}

/// The HTML page with a PDF's text, next to it: `motion.pdf` → `motion.html`.
pub fn document_page(site: &Site, pdf: PdfIx) -> String {
    let (meeting, file) = site.pdf_file(pdf);
    document_page_at(site, meeting, file)
}

/// The HTML page with the text of a meeting's PDF attachment.
pub fn document_page_at(site: &Site, meeting: MeetingIx, file: &str) -> String {
    document_page_in(&site.meetings[meeting], file)
}

/// The HTML page with the text of a meeting's PDF attachment (also of a
/// meeting no longer in the model).
pub fn document_page_in(m: &crate::model::Meeting, file: &str) -> String {
    let file = attachment_file_in(m, file);
    let stem = file.len() - ".pdf".len();
    format!("{}.html", &file[..stem])
}

/// The statistics of a site that has statistics outputs.
pub fn statistics(site: &Site) -> &crate::statistics::Statistics {
    site.statistics
        .as_ref()
        .expect("statistics outputs exist only for a site with statistics")
}

/// An indicator's values as CSV, beside its group's page.
pub fn statistics_csv(site: &Site, group: usize, indicator: usize) -> String {
    let g = &statistics(site).groups[group];
    format!("statistik/{}/{}.csv", g.id, g.indicators[indicator].id)
}

/// A person's page: `ledamoter/<id>/`.
pub fn person_dir(site: &Site, person: usize) -> String {
    format!("ledamoter/{}/", site.people.people[person].id)
}

/// A party's page: `partier/<id>/`.
pub fn party_dir(site: &Site, party: usize) -> String {
    format!("partier/{}/", site.people.parties[party].id)
}

pub fn case_dir(site: &Site, i: CaseIx) -> String {
    case_dir_of(&site.cases[i].slug)
}

/// The folder of the case with this slug.
pub fn case_dir_of(slug: &str) -> String {
    format!("arenden/{slug}/")
}

/// Page 1 lives in the list's folder, page N in `sida-N/` below it.
pub fn page_dir(first: &str, page: usize) -> String {
    if page <= 1 {
        first.to_owned()
    } else {
        format!("{first}sida-{page}/")
    }
}

/// A link target for a page folder: `arenden/2018-71/index.html`.
pub fn href(dir: &str) -> String {
    format!("{dir}index.html")
}

/// `../` once per folder level: the way from a page back to the site root.
pub fn depth_prefix(dir: &str) -> String {
    "../".repeat(dir.matches('/').count())
}

/// Percent-encode a file path for use in a link, keeping `/`.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_prefixes_and_encoding() {
        assert_eq!(depth_prefix(""), "");
        assert_eq!(depth_prefix("sammantraden/2018-03-26-kf/p63/"), "../../../");
        assert_eq!(
            encode_path("bilagor/Motion 2018 #1.pdf"),
            "bilagor/Motion%202018%20%231.pdf"
        );
        assert_eq!(encode_path("å.pdf"), "%C3%A5.pdf");
        assert_eq!(page_dir("arenden/", 1), "arenden/");
        assert_eq!(page_dir("arenden/", 3), "arenden/sida-3/");
    }
}
