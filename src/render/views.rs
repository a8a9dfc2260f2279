//! What each page template sees: small serialisable views of the model,
//! with links (relative to the site root), labels in the site's language and
//! dates already written out.

use chrono::Datelike;
use serde::Serialize;
use tera::Context;

use super::charts;
use super::paths::{self, encode_path, href, CaseFilter, CaseScope, Output};
use super::{CaseLists, CASES_PER_PAGE};
use crate::i18n::I18n;
use crate::markdown;
use crate::model::vocabulary::CaseStatus;
use crate::model::{RelatedCase, Site};
use crate::opendata::fragments::Fragments;

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
    webcast: Option<&'a str>,
    /// With links from the site root; the meeting's page renders it again
    /// for its own place ([`markdown::ContentHtml::for_root`]).
    notes_html: std::borrow::Cow<'a, str>,
    paragraph_count: usize,
}

fn meeting_view<'a>(site: &'a Site, t: &I18n, i: usize) -> MeetingView<'a> {
    let m = &site.meetings[i];
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
        webcast: m.webcast.as_deref(),
        notes_html: std::borrow::Cow::Borrowed(m.notes_html.as_str()),
        paragraph_count: m.paragraphs.len(),
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

fn case_link<'a>(site: &'a Site, t: &I18n, ci: usize, written: &'a str) -> CaseLink<'a> {
    let c = &site.cases[ci];
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
}

fn document_views<'a>(site: &'a Site, t: &I18n, pi: usize) -> Vec<DocumentView<'a>> {
    let p = &site.paragraphs[pi];
    let meeting = paths::meeting_dir(site, p.meeting);
    p.documents
        .iter()
        .enumerate()
        .map(|(di, d)| {
            let pdf = site.pdf(pi, di);
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
                format: d
                    .file
                    .as_ref()
                    .and_then(|f| f.rsplit_once('.'))
                    .map(|(_, ext)| ext.to_uppercase()),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct BudgetLineView<'a> {
    name: &'a str,
    amount: String,
    per_hundred: String,
    change: Option<String>,
}

#[derive(Serialize)]
struct BudgetView<'a> {
    year: i32,
    url: String,
    unit: &'a str,
    total: String,
    /// `100,0 kr`: the per-hundred column's total.
    hundred: String,
    tax_rate: Option<String>,
    previous_year: Option<i32>,
    lines: Vec<BudgetLineView<'a>>,
    /// The SVG bar chart of what each 100 kronor funds.
    chart: String,
}

/// One year's budget: each line's amount, its share of every 100 kronor,
/// and its change from the year before.
fn budget_view<'a>(site: &'a Site, t: &I18n, i: usize) -> BudgetView<'a> {
    let budget = &site.budgets[i];
    let total: f64 = budget.expenses.iter().map(|(_, amount)| amount).sum();
    let share = |amount: f64| {
        if total > 0.0 {
            amount / total * 100.0
        } else {
            0.0
        }
    };
    let previous = i.checked_sub(1).map(|p| &site.budgets[p]);
    let unit = budget.unit.as_str();
    let lines: Vec<BudgetLineView> = budget
        .expenses
        .iter()
        .map(|(name, amount)| BudgetLineView {
            name,
            amount: format!("{} {unit}", t.number(*amount, 0)),
            per_hundred: format!("{} kr", t.number(share(*amount), 1)),
            change: previous.map(|p| match p.expenses.iter().find(|(n, _)| n == name) {
                Some((_, before)) => change_text(t, *amount - before, *before, &p.unit, unit),
                None => t.get("budget_new_line").to_owned(),
            }),
        })
        .collect();
    let bars: Vec<charts::Bar> = budget
        .expenses
        .iter()
        .zip(&lines)
        .map(|((name, amount), line)| charts::Bar {
            label: name.clone(),
            value: share(*amount),
            value_text: line.per_hundred.clone(),
        })
        .collect();
    let title = format!(
        "{} {} {}",
        t.get("per_hundred"),
        t.get("budget").to_lowercase(),
        budget.year
    );
    let description = format!(
        "{} {}: {}",
        t.get("per_hundred_sentence"),
        budget.year,
        bars.iter()
            .map(|b| format!("{} {} {}", b.value_text, t.get("per_hundred_to"), b.label))
            .collect::<Vec<_>>()
            .join(", ")
    );
    BudgetView {
        year: budget.year,
        url: href(&format!("ekonomi/{}/", budget.year)),
        unit,
        total: format!("{} {unit}", t.number(total, 0)),
        hundred: format!("{} kr", t.number(100.0, 1)),
        tax_rate: budget.tax_rate.map(|r| format!("{} %", t.number(r, 2))),
        previous_year: previous.map(|p| p.year),
        lines,
        chart: charts::bar_chart(
            &format!("budget-{}", budget.year),
            &title,
            &description,
            &bars,
        ),
    }
}

/// `+12 000 tkr (+1,7 %)`; amounts in another unit than last year's are
/// compared only in percent.
fn change_text(t: &I18n, diff: f64, before: f64, before_unit: &str, unit: &str) -> String {
    let percent = (before > 0.0).then(|| diff / before * 100.0);
    let percent_text = percent
        .map(|p| format!("{} %", signed(t, p, 1)))
        .unwrap_or_default();
    if before_unit != unit {
        return percent_text;
    }
    match percent {
        Some(_) => format!("{} {unit} ({percent_text})", signed(t, diff, 0)),
        None => format!("{} {unit}", signed(t, diff, 0)),
    }
}

/// A change: `+` before a rise (a fall has its minus already).
fn signed(t: &I18n, value: f64, decimals: usize) -> String {
    let sign = if value > 0.0 { "+" } else { "" };
    format!("{sign}{}", t.number(value, decimals))
}

fn budget_year_links(site: &Site) -> Vec<Link> {
    site.budgets
        .iter()
        .rev()
        .map(|b| link(b.year.to_string(), &format!("ekonomi/{}/", b.year)))
        .collect()
}

#[derive(Serialize)]
struct TaxRateView {
    year: i32,
    rate: String,
    change: Option<String>,
}

/// The tax rate of every budget year that gives one, newest first, with
/// its change in percentage points.
fn tax_rate_history(site: &Site, t: &I18n) -> Vec<TaxRateView> {
    let rates: Vec<(i32, f64)> = site
        .budgets
        .iter()
        .filter_map(|b| b.tax_rate.map(|r| (b.year, r)))
        .collect();
    let mut out: Vec<TaxRateView> = rates
        .iter()
        .enumerate()
        .map(|(i, (year, rate))| TaxRateView {
            year: *year,
            rate: format!("{} %", t.number(*rate, 2)),
            change: i.checked_sub(1).map(|p| {
                format!(
                    "{} {}",
                    signed(t, rate - rates[p].1, 2),
                    t.get("percentage_points")
                )
            }),
        })
        .collect();
    out.reverse();
    out
}

/// A PDF's pages as paragraphs of text: lines joined (the PDF's line
/// breaks are its layout, not the text's), blank lines between paragraphs.
fn text_pages(text: &crate::documents::PdfText) -> Vec<Vec<String>> {
    text.pages
        .iter()
        .map(|page| {
            page.split("\n\n")
                .map(|block| block.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|block| !block.is_empty())
                .collect()
        })
        .collect()
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
    html: std::borrow::Cow<'a, str>,
}

fn paragraph_view<'a>(site: &'a Site, t: &I18n, pi: usize) -> ParagraphView<'a> {
    let p = &site.paragraphs[pi];
    let on_agenda = !site.meeting_of(p).is_held();
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
        html: std::borrow::Cow::Borrowed(p.html.as_str()),
    }
}

#[derive(Serialize)]
struct TimelineEntry<'a> {
    date: String,
    date_text: String,
    body: BodyView<'a>,
    meeting_title: String,
    meeting_url: String,
    number: u32,
    title: &'a str,
    decision_label: Option<&'static str>,
    on_agenda: bool,
    url: String,
    documents: Vec<DocumentView<'a>>,
}

#[derive(Serialize)]
struct RelatedView<'a> {
    url: Option<String>,
    diarienummer: &'a str,
    title: Option<&'a str>,
}

#[derive(Serialize)]
struct CaseRow<'a> {
    url: String,
    diarienummer: &'a str,
    title: &'a str,
    status: &'static str,
    status_label: &'static str,
    bodies: String,
    latest_date: String,
    latest_date_text: String,
}

fn case_row<'a>(site: &'a Site, t: &I18n, ci: usize) -> CaseRow<'a> {
    let c = &site.cases[ci];
    let latest = site.latest_treated(ci);
    CaseRow {
        url: href(&paths::case_dir(site, ci)),
        diarienummer: &c.diarienummer,
        title: &c.title,
        status: c.status.key(),
        status_label: t.case_status(c.status),
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

/// A case status as a search filter choice.
#[derive(Serialize)]
struct StatusOption {
    key: &'static str,
    label: &'static str,
}

/// What a shared link to a paragraph says: its decision (or, for a
/// confidential one, the secrecy notice and nothing of its content), and
/// the meeting.
fn paragraph_description(t: &I18n, p: &ParagraphView, m: &MeetingView) -> String {
    let what = match (p.confidential, p.decision_label) {
        (false, Some(decision)) => format!("{}: {decision}", t.get("decision")),
        _ => t
            .get("confidential_notice")
            .trim_end_matches('.')
            .to_owned(),
    };
    format!("{what}. {} {}, {}.", m.body.name, p.heading, m.date_text)
}

/// Fill `ctx` for a page (its template is [`Output::template`]).
pub fn page_context(site: &Site, t: &I18n, lists: &CaseLists, output: &Output, ctx: &mut Context) {
    let home = link(t.get("home"), "");
    // The way back to the site root, for content that links into the portal.
    let root = paths::depth_prefix(&output.dir(site));
    match output {
        Output::Home => {
            ctx.insert("title", &site.config.title);
            home_context(site, t, lists, ctx);
        }
        Output::MeetingIndex => {
            ctx.insert("title", t.get("meetings"));
            ctx.insert("breadcrumbs", &[home]);
            meetings_index_context(site, t, ctx);
        }
        Output::MeetingYear(y) => {
            ctx.insert("title", &format!("{} {y}", t.get("meetings_of_year")));
            ctx.insert(
                "breadcrumbs",
                &[home, link(t.get("meetings"), "sammantraden/")],
            );
            ctx.insert("year", y);
            ctx.insert(
                "groups",
                &meetings_by_body(site, t, |m| m.date.year() == *y),
            );
            ctx.insert("years", &year_links(site));
        }
        Output::Meeting(i) => {
            let mut m = meeting_view(site, t, *i);
            m.notes_html = site.meetings[*i].notes_html.for_root(&root);
            ctx.insert("title", &m.title);
            ctx.insert("description", &format!("{}: {}.", m.status_label, m.title));
            ctx.insert(
                "breadcrumbs",
                &[
                    home,
                    link(t.get("meetings"), "sammantraden/"),
                    link(m.year.to_string(), &format!("sammantraden/{}/", m.year)),
                ],
            );
            ctx.insert("meeting", &m);
            let paragraphs: Vec<ParagraphView> = site.meetings[*i]
                .paragraphs
                .clone()
                .map(|pi| {
                    let mut p = paragraph_view(site, t, pi);
                    p.html = site.paragraphs[pi].html.for_root(&root);
                    p
                })
                .collect();
            ctx.insert("paragraphs", &paragraphs);
        }
        Output::Paragraph(pi) => {
            let mut p = paragraph_view(site, t, *pi);
            // Here the text sits right under the page's h1, not under an h2.
            let html = site.paragraphs[*pi].html.for_root(&root);
            p.html = markdown::raise_headings(&html).into();
            let m = meeting_view(site, t, site.paragraphs[*pi].meeting);
            ctx.insert(
                "title",
                &format!("{} {}, {}", m.body.abbreviation, p.heading, m.date_text),
            );
            ctx.insert("breadcrumbs", &meeting_trail(home, t, &m));
            ctx.insert("description", &paragraph_description(t, &p, &m));
            ctx.insert("og_type", "article");
            ctx.insert("paragraph", &p);
            ctx.insert("meeting", &m);
        }
        Output::Document(i) => {
            let pdf = &site.pdfs[*i];
            let p = paragraph_view(site, t, pdf.paragraph);
            let m = meeting_view(site, t, site.paragraphs[pdf.paragraph].meeting);
            let d = &document_views(site, t, pdf.paragraph)[pdf.document];
            ctx.insert(
                "title",
                &format!("{} – {} {}", d.title, m.body.abbreviation, p.heading),
            );
            let mut trail = meeting_trail(home, t, &m);
            trail.push(Link {
                label: format!("{} {}", m.body.abbreviation, p.heading),
                url: p.url.clone(),
            });
            ctx.insert("breadcrumbs", &trail);
            ctx.insert("document", d);
            ctx.insert("text_pages", &text_pages(&pdf.text));
            ctx.insert("problem", &pdf.text.problem);
            ctx.insert("paragraph", &p);
            ctx.insert("meeting", &m);
        }
        Output::Economy => {
            ctx.insert("title", t.get("economy"));
            ctx.insert("breadcrumbs", &[home]);
            let latest = site.budgets.len() - 1;
            ctx.insert("budget", &budget_view(site, t, latest));
            ctx.insert("years", &budget_year_links(site));
            ctx.insert("tax_rates", &tax_rate_history(site, t));
        }
        Output::Budget(i) => {
            let budget = budget_view(site, t, *i);
            ctx.insert("title", &format!("{} {}", t.get("budget"), budget.year));
            ctx.insert("breadcrumbs", &[home, link(t.get("economy"), "ekonomi/")]);
            ctx.insert("budget", &budget);
            ctx.insert("years", &budget_year_links(site));
        }
        Output::Body(b) => {
            let body = body_view(site, *b);
            ctx.insert("title", body.name);
            ctx.insert("breadcrumbs", &[home]);
            ctx.insert("body", &body);
            let mut years = Vec::new();
            for y in site.years() {
                let meetings: Vec<MeetingView> = (0..site.meetings.len())
                    .rev()
                    .filter(|&i| site.meetings[i].body == *b && site.meetings[i].date.year() == y)
                    .map(|i| meeting_view(site, t, i))
                    .collect();
                if !meetings.is_empty() {
                    years.push(serde_json::json!({ "year": y, "meetings": meetings }));
                }
            }
            ctx.insert("years", &years);
            let filter = CaseFilter::every_year(CaseScope::Body(*b));
            ctx.insert("case_count", &lists.get(&filter).len());
            ctx.insert("cases_url", &href(&filter.dir(site)));
            ctx.insert(
                "page_feed",
                &FeedLink {
                    href: "feed.xml",
                    title: t.get("follow_body_feed"),
                },
            );
        }
        Output::CaseList { filter, page } => {
            case_list_context(site, t, lists, filter, *page, ctx);
            ctx.insert("breadcrumbs", &[home]);
        }
        Output::Case(ci) => {
            let mut case = case_view(site, t, *ci);
            let summary = site.cases[*ci].summary_html();
            case.summary_html = summary.for_root(&root);
            ctx.insert("title", &format!("{} {}", case.title, case.diarienummer));
            let description = format!(
                "{} {}: {}. {}: {}.",
                t.get("case"),
                case.diarienummer,
                case.title,
                t.get("status"),
                case.status_label
            );
            ctx.insert("description", &description);
            ctx.insert("og_type", "article");
            ctx.insert("breadcrumbs", &[home, link(t.get("cases"), "arenden/")]);
            ctx.insert("case", &case);
            ctx.insert(
                "page_feed",
                &FeedLink {
                    href: "feed.xml",
                    title: t.get("follow_case_feed"),
                },
            );
        }
        Output::Page(i) => {
            let p = &site.pages[*i];
            ctx.insert("title", &p.title);
            ctx.insert("breadcrumbs", &[home]);
            ctx.insert("html", &p.html.for_root(&root));
        }
        Output::Search => {
            ctx.insert("title", t.get("search"));
            ctx.insert("breadcrumbs", &[home]);
            ctx.insert(
                "bodies",
                &(0..site.bodies.len())
                    .map(|b| body_view(site, b))
                    .collect::<Vec<_>>(),
            );
            ctx.insert("years", &site.years());
            let statuses: Vec<StatusOption> = CaseStatus::ALL
                .iter()
                .map(|s| StatusOption {
                    key: s.key(),
                    label: t.case_status(*s),
                })
                .collect();
            ctx.insert("statuses", &statuses);
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
        | Output::StatisticsCsv { .. }
        | Output::Calendar(_)
        | Output::DataIndex
        | Output::Data(_)
        | Output::Oparl(_) => unreachable!("not a page of views.rs: see render()"),
    }
}

fn home_context(site: &Site, t: &I18n, lists: &CaseLists, ctx: &mut Context) {
    let upcoming: Vec<MeetingView> = (0..site.meetings.len())
        .filter(|&i| !site.meetings[i].is_held())
        .take(10)
        .map(|i| meeting_view(site, t, i))
        .collect();
    let latest: Vec<MeetingView> = (0..site.meetings.len())
        .rev()
        .filter(|&i| site.meetings[i].is_held())
        .take(8)
        .map(|i| meeting_view(site, t, i))
        .collect();
    let decided: Vec<CaseRow> = lists
        .get(&CaseFilter::every_year(CaseScope::Status(
            CaseStatus::Decided,
        )))
        .iter()
        .copied()
        .take(8)
        .map(|ci| case_row(site, t, ci))
        .collect();
    let bodies: Vec<BodyView> = (0..site.bodies.len()).map(|b| body_view(site, b)).collect();
    ctx.insert("upcoming", &upcoming);
    ctx.insert("latest", &latest);
    ctx.insert("decided", &decided);
    ctx.insert("bodies", &bodies);
    ctx.insert("meeting_count", &site.meetings.len());
    ctx.insert("case_count", &site.cases.len());
}

#[derive(Serialize)]
struct BodyGroup<'a> {
    body: BodyView<'a>,
    meetings: Vec<MeetingView<'a>>,
}

fn meetings_by_body<'a>(
    site: &'a Site,
    t: &I18n,
    keep: impl Fn(&crate::model::Meeting) -> bool,
) -> Vec<BodyGroup<'a>> {
    (0..site.bodies.len())
        .filter_map(|b| {
            let meetings: Vec<MeetingView> = (0..site.meetings.len())
                .filter(|&i| site.meetings[i].body == b && keep(&site.meetings[i]))
                .map(|i| meeting_view(site, t, i))
                .collect();
            (!meetings.is_empty()).then(|| BodyGroup {
                body: body_view(site, b),
                meetings,
            })
        })
        .collect()
}

#[derive(Serialize)]
struct YearLink {
    year: i32,
    url: String,
    meetings: usize,
}

fn year_links(site: &Site) -> Vec<YearLink> {
    site.years()
        .into_iter()
        .map(|y| YearLink {
            year: y,
            url: href(&format!("sammantraden/{y}/")),
            meetings: site.meetings.iter().filter(|m| m.date.year() == y).count(),
        })
        .collect()
}

fn meetings_index_context(site: &Site, t: &I18n, ctx: &mut Context) {
    let upcoming: Vec<MeetingView> = (0..site.meetings.len())
        .filter(|&i| !site.meetings[i].is_held())
        .map(|i| meeting_view(site, t, i))
        .collect();
    let latest_year = site.years().first().copied();
    ctx.insert("upcoming", &upcoming);
    ctx.insert("years", &year_links(site));
    ctx.insert("latest_year", &latest_year);
    ctx.insert(
        "groups",
        &meetings_by_body(site, t, |m| Some(m.date.year()) == latest_year),
    );
}

#[derive(Serialize)]
struct FilterOption {
    label: String,
    url: String,
    /// On the every-year pages only: a count on every page would make
    /// every one of the thousands of list pages change with each count.
    count: Option<usize>,
    current: bool,
}

#[derive(Serialize)]
struct FilterGroup {
    label: &'static str,
    options: Vec<FilterOption>,
}

fn scope_label(site: &Site, t: &I18n, scope: CaseScope) -> String {
    match scope {
        CaseScope::All => t.get("filter_all").to_owned(),
        CaseScope::Status(s) => t.case_status(s).to_owned(),
        CaseScope::Body(b) => site.bodies[b].name.clone(),
    }
}

/// The filters a case list links: the statuses and the bodies in the
/// list's year (or every year), and the list's scope in each year.
fn filter_groups(
    site: &Site,
    t: &I18n,
    lists: &CaseLists,
    filter: &CaseFilter,
) -> Vec<FilterGroup> {
    let option = |f: CaseFilter, label: String, current: bool| FilterOption {
        label,
        url: href(&f.dir(site)),
        count: filter.year.is_none().then(|| lists.get(&f).len()),
        current,
    };
    let mut statuses = Vec::new();
    let mut bodies = Vec::new();
    for scope in lists.scopes() {
        let f = CaseFilter {
            scope,
            year: filter.year,
        };
        if !lists.has(&f) {
            continue;
        }
        let o = option(f, scope_label(site, t, scope), scope == filter.scope);
        match scope {
            CaseScope::Body(_) => bodies.push(o),
            _ => statuses.push(o),
        }
    }
    let every_year = CaseFilter::every_year(filter.scope);
    let mut years = vec![option(
        every_year,
        t.get("filter_all_years").to_owned(),
        filter.year.is_none(),
    )];
    years.extend(lists.years(filter.scope).map(|y| {
        option(
            CaseFilter::in_year(filter.scope, y),
            y.to_string(),
            filter.year == Some(y),
        )
    }));
    vec![
        FilterGroup {
            label: t.get("filter_status"),
            options: statuses,
        },
        FilterGroup {
            label: t.get("filter_year"),
            options: years,
        },
        FilterGroup {
            label: t.get("filter_body"),
            options: bodies,
        },
    ]
}

fn case_list_title(
    site: &Site,
    t: &I18n,
    filter: &CaseFilter,
    page: usize,
    pages: usize,
) -> String {
    let mut title = t.get("cases").to_owned();
    let mut parts = Vec::new();
    if filter.scope != CaseScope::All {
        parts.push(scope_label(site, t, filter.scope));
    }
    parts.extend(filter.year.map(|y| y.to_string()));
    if !parts.is_empty() {
        title = format!("{title}: {}", parts.join(", "));
    }
    if page > 1 {
        title = format!(
            "{title} ({} {page} {} {pages})",
            t.get("page").to_lowercase(),
            t.get("of")
        );
    }
    title
}

fn case_list_context(
    site: &Site,
    t: &I18n,
    lists: &CaseLists,
    filter: &CaseFilter,
    page: usize,
    ctx: &mut Context,
) {
    let list = lists.get(filter);
    let pages = filter.page_count(list.len());
    let rows: Vec<CaseRow> = filter
        .page_slice(list, page)
        .iter()
        .map(|ci| case_row(site, t, *ci))
        .collect();
    let first_shown = (page - 1) * CASES_PER_PAGE + usize::from(!rows.is_empty());
    ctx.insert("title", &case_list_title(site, t, filter, page, pages));
    ctx.insert("filters", &filter_groups(site, t, lists, filter));
    ctx.insert(
        "latest_only",
        &(filter.year.is_none() && rows.len() < list.len()),
    );
    ctx.insert("cases", &rows);
    ctx.insert("total", &list.len());
    ctx.insert("first_shown", &first_shown);
    ctx.insert("last_shown", &((page - 1) * CASES_PER_PAGE + rows.len()));
    ctx.insert("pagination", &pagination(&filter.dir(site), page, pages));
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
    gap_before: bool,
}

#[derive(Serialize)]
struct Pagination {
    page: usize,
    pages: usize,
    previous: Option<String>,
    next: Option<String>,
    links: Vec<PageLink>,
}

/// Links to the first, the last and the pages around the current one.
fn pagination(first: &str, page: usize, pages: usize) -> Pagination {
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

#[derive(Serialize)]
struct CaseView<'a> {
    url: String,
    slug: &'a str,
    diarienummer: &'a str,
    title: &'a str,
    status: &'static str,
    status_label: &'static str,
    status_overridden: bool,
    summary_html: std::borrow::Cow<'a, str>,
    tags: &'a [String],
    timeline: Vec<TimelineEntry<'a>>,
    documents: Vec<DocumentView<'a>>,
    related: Vec<RelatedView<'a>>,
    bodies: Vec<BodyView<'a>>,
    first_date_text: String,
    latest_date_text: String,
}

fn case_view<'a>(site: &'a Site, t: &I18n, ci: usize) -> CaseView<'a> {
    let c = &site.cases[ci];
    let timeline: Vec<TimelineEntry> = c
        .timeline
        .iter()
        .map(|&pi| {
            let p = &site.paragraphs[pi];
            let m = site.meeting_of(p);
            TimelineEntry {
                date: m.date.to_string(),
                date_text: t.date(m.date),
                body: body_view(site, m.body),
                meeting_title: format!("{} {}", site.bodies[m.body].name, t.date(m.date)),
                meeting_url: href(&paths::meeting_dir(site, p.meeting)),
                number: p.number,
                title: &p.title,
                decision_label: p.decision.map(|d| t.decision(d)),
                on_agenda: !m.is_held(),
                url: href(&paths::paragraph_dir(site, pi)),
                documents: document_views(site, t, pi),
            }
        })
        .collect();
    let documents = c
        .timeline
        .iter()
        .flat_map(|&pi| document_views(site, t, pi))
        .collect();
    let related = c
        .related
        .iter()
        .map(|r| match r {
            RelatedCase::Published(other) => {
                let o = &site.cases[*other];
                RelatedView {
                    url: Some(href(&paths::case_dir(site, *other))),
                    diarienummer: &o.diarienummer,
                    title: Some(&o.title),
                }
            }
            RelatedCase::Unpublished(written) => RelatedView {
                url: None,
                diarienummer: written,
                title: None,
            },
        })
        .collect();
    let first = site.meeting_of(&site.paragraphs[c.timeline[0]]).date;
    CaseView {
        url: href(&paths::case_dir(site, ci)),
        slug: &c.slug,
        diarienummer: &c.diarienummer,
        title: &c.title,
        status: c.status.key(),
        status_label: t.case_status(c.status),
        status_overridden: c.status_overridden,
        summary_html: std::borrow::Cow::Borrowed(c.summary_html().as_str()),
        tags: &c.tags,
        timeline,
        documents,
        related,
        bodies: site
            .case_bodies(ci)
            .into_iter()
            .map(|b| body_view(site, b))
            .collect(),
        first_date_text: t.date(first),
        latest_date_text: t.date(site.latest_treated(ci)),
    }
}

/// A page's own Atom feed, for `<link rel="alternate">` and its visible link.
#[derive(Serialize)]
struct FeedLink {
    href: &'static str,
    title: &'static str,
}

/// One file on the /data/ page.
#[derive(Serialize)]
struct DataFileRow {
    href: String,
    name: String,
    format: &'static str,
    size: String,
    contents: &'static str,
}

/// The /data/ page: every data file with its format, size and contents,
/// and the licence. Sizes are those of the files this build writes.
pub fn data_context(site: &Site, t: &I18n, fragments: &Fragments, ctx: &mut Context) {
    use crate::opendata::DataFile;
    let files: Vec<DataFileRow> = DataFile::ALL
        .iter()
        .map(|f| {
            let name = f.file().trim_start_matches("data/").to_owned();
            DataFileRow {
                href: name.clone(),
                name,
                format: f.format(),
                size: t.size(fragments.size(site, *f) as u64),
                contents: t.get(f.description_key()),
            }
        })
        .collect();
    ctx.insert("title", t.get("open_data"));
    ctx.insert("breadcrumbs", &[link(t.get("home"), "")]);
    ctx.insert("files", &files);
    ctx.insert("licence_name", &site.config.data_licence.name);
    ctx.insert("licence_url", &site.config.data_licence.url);
}
