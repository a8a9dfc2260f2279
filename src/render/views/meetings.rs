//! The meeting pages: the meeting lists (all years and one), a meeting,
//! a paragraph, a PDF's text, and a body's page.

use super::*;
use crate::render::outcome;

/// One paragraph or heading of a PDF's text page.
#[derive(Serialize)]
struct TextBlock {
    text: String,
    heading: bool,
}

/// A PDF's pages as paragraphs and headings, as its layout shows them
/// ([`crate::documents`]): lines joined (the PDF's line breaks are its
/// layout, not the text's), blank lines between paragraphs.
fn text_pages(text: &crate::documents::PdfText) -> Vec<Vec<TextBlock>> {
    let no_headings = Vec::new();
    (text.pages.iter().enumerate())
        .map(|(n, page)| {
            let headings = text.headings.get(n).unwrap_or(&no_headings);
            let blocks = page.split("\n\n").enumerate();
            blocks
                .map(|(i, block)| TextBlock {
                    text: block.split_whitespace().collect::<Vec<_>>().join(" "),
                    heading: headings.contains(&i),
                })
                .filter(|block| !block.text.is_empty())
                .collect()
        })
        .collect()
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

#[derive(Serialize)]
struct BodyGroup<'a> {
    body: BodyView<'a>,
    meetings: Vec<MeetingView<'a>>,
}

/// A year's meetings, by body.
fn meetings_by_body<'a>(site: &'a Site, t: &I18n, year: i32) -> Vec<BodyGroup<'a>> {
    reads::record(Key::MeetingsOfYear(year));
    (0..site.bodies.len())
        .filter_map(|b| {
            let meetings: Vec<MeetingView> = MeetingIx::each(site.meetings_of_year(year))
                .filter(|&i| site.meetings[i].body == b)
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

/// The links to the years' pages, with how many meetings each year has:
/// read only when the template may print it.
fn year_links(site: &Site, printed: &Printed) -> Vec<YearLink> {
    reads::record(Key::Years);
    let counts_printed = printed.year_counts();
    site.years()
        .into_iter()
        .map(|y| {
            if counts_printed {
                reads::record(Key::MeetingsOfYear(y));
            }
            YearLink {
                year: y,
                url: href(&format!("sammantraden/{y}/")),
                meetings: MeetingIx::count(&site.meetings_of_year(y)),
            }
        })
        .collect()
}

fn meetings_index_context(site: &Site, t: &I18n, printed: &Printed, ctx: &mut Context) {
    reads::record(Key::Meetings);
    let upcoming: Vec<MeetingView> = MeetingIx::all(site.meetings.len())
        .filter(|&i| !site.meetings[i].is_held())
        .map(|i| meeting_view(site, t, i))
        .collect();
    let latest_year = site.years().first().copied();
    ctx.insert("upcoming", &upcoming);
    ctx.insert("years", &year_links(site, printed));
    ctx.insert("latest_year", &latest_year);
    let groups = latest_year.map(|y| meetings_by_body(site, t, y));
    ctx.insert("groups", &groups.unwrap_or_default());
}

/// `/sammantraden/`: the upcoming meetings, the years, and the latest
/// year's meetings by body.
pub(super) fn index_context(
    site: &Site,
    t: &I18n,
    home: Link,
    printed: &Printed,
    ctx: &mut Context,
) {
    ctx.insert("title", t.get("meetings"));
    ctx.insert("breadcrumbs", &[home]);
    meetings_index_context(site, t, printed, ctx);
}

/// `/sammantraden/<YYYY>/`: a year's meetings by body.
pub(super) fn year_context(
    site: &Site,
    t: &I18n,
    y: i32,
    home: Link,
    printed: &Printed,
    ctx: &mut Context,
) {
    ctx.insert("title", &format!("{} {y}", t.get("meetings_of_year")));
    ctx.insert(
        "breadcrumbs",
        &[home, link(t.get("meetings"), "sammantraden/")],
    );
    ctx.insert("year", &y);
    ctx.insert("groups", &meetings_by_body(site, t, y));
    ctx.insert("years", &year_links(site, printed));
}

/// One meeting's page: its header and its paragraphs.
pub(super) fn meeting_context(
    site: &Site,
    t: &I18n,
    i: MeetingIx,
    root: &str,
    home: Link,
    ctx: &mut Context,
) {
    let mut m = meeting_view(site, t, i);
    let meeting = &site.meetings[i];
    let context = Some((meeting.date, meeting.body));
    m.notes_html = references::html(site, &meeting.notes_html, root, context);
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
    ctx.insert("attendance", &super::people::attendance_view(site, i));
    let paragraphs: Vec<ParagraphView> = site.meetings[i]
        .paragraph_ixs()
        .map(|pi| {
            let mut p = paragraph_view(site, t, pi);
            p.html = references::html(site, &site.paragraphs[pi].html, root, context);
            p
        })
        .collect();
    ctx.insert("paragraphs", &paragraphs);
}

/// One paragraph's page.
pub(super) fn paragraph_context(
    site: &Site,
    t: &I18n,
    pi: ParagraphIx,
    root: &str,
    home: Link,
    ctx: &mut Context,
) {
    let mut p = paragraph_view(site, t, pi);
    let own = &site.paragraphs[pi];
    p.outcome = (!own.confidential).then(|| outcome::of_paragraph(site, t, pi, own.kind));
    // Here the text sits right under the page's h1, not under an h2.
    let paragraph = &site.paragraphs[pi];
    let meeting = site.meeting_of(paragraph);
    let context = Some((meeting.date, meeting.body));
    let html = references::html(site, &paragraph.html, root, context);
    p.html = markdown::raise_headings(&html).into();
    let m = meeting_view(site, t, site.paragraphs[pi].meeting);
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

/// The page with a published PDF's text.
pub(super) fn document_context(site: &Site, t: &I18n, i: PdfIx, home: Link, ctx: &mut Context) {
    let pdf = &site.pdfs[i];
    let (meeting, file) = site.pdf_file(i);
    reads::record(Key::Document(&site.meetings[meeting].id, file));
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

/// A year of a body's meetings, newest first.
#[derive(Serialize)]
struct YearOfMeetings<'a> {
    year: i32,
    meetings: Vec<MeetingView<'a>>,
}

/// A body's page: its meetings by year, and its cases' count.
pub(super) fn body_context(
    site: &Site,
    t: &I18n,
    lists: &CaseLists,
    b: usize,
    home: Link,
    ctx: &mut Context,
) {
    let body = body_view(site, b);
    ctx.insert("title", body.name);
    ctx.insert("breadcrumbs", &[home]);
    ctx.insert("body", &body);
    reads::record(Key::MeetingsOfBody(b));
    reads::record(Key::CaseCount(CaseFilter::every_year(CaseScope::Body(b))));
    // The meetings are in date order: newest first, a year's side by side.
    let mut years: Vec<YearOfMeetings> = Vec::new();
    for i in MeetingIx::all(site.meetings.len()).rev() {
        let m = &site.meetings[i];
        if m.body != b {
            continue;
        }
        let (year, view) = (m.date.year(), meeting_view(site, t, i));
        match years.last_mut() {
            Some(y) if y.year == year => y.meetings.push(view),
            _ => years.push(YearOfMeetings {
                year,
                meetings: vec![view],
            }),
        }
    }
    ctx.insert("years", &years);
    let filter = CaseFilter::every_year(CaseScope::Body(b));
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
