//! The Atom feeds (the latest decisions, each case's timeline, each body's
//! latest decisions, what each person and party did) and the sitemap (`sitemap.xml`, the index of its
//! parts): outputs that use absolute addresses from `base_url`.

use std::cmp::Reverse;

use serde::Serialize;
use tera::Context;

use super::paths::{self, Output, SitemapPart};
use super::reads::{self, Key};
use crate::i18n::I18n;
use crate::model::people::Activity;
use crate::model::{CaseIx, ParagraphIx, Site};
use crate::theme::push_escaped_html;

/// How many decisions the feed carries.
pub const FEED_ENTRIES: usize = 50;

/// The sitemap's index (sitemaps.org format): its parts.
pub fn sitemap_index(site: &Site, parts: impl Iterator<Item = SitemapPart>) -> Vec<u8> {
    let base = &site.config.base_url;
    let mut xml = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n",
        "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
    ));
    for part in parts {
        xml.push_str("\n  <sitemap><loc>");
        push_escaped_html(&mut xml, base);
        push_escaped_html(&mut xml, &paths::encode_path(&part.file()));
        xml.push_str("</loc></sitemap>");
    }
    xml.push_str("\n</sitemapindex>\n");
    xml.into_bytes()
}

/// A part of the sitemap, its pages in site order, written without a
/// template (a template's loop over the 165 000 pages of a 100 000
/// paragraph archive took 0.4 s). A confidential paragraph's page (only
/// its notice) is left out.
pub fn sitemap_part(site: &Site, pages: &[Output]) -> Vec<u8> {
    use std::fmt::Write;
    let base = &site.config.base_url;
    let mut xml = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n",
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
    ));
    // A confidential paragraph's page is not listed.
    let listed = |o: &&Output| match o {
        Output::Paragraph(i) => {
            let p = &site.paragraphs[*i];
            reads::record(Key::ParagraphPublic(&site.meeting_of(p).id, p.number));
            !p.confidential
        }
        _ => true,
    };
    for o in pages.iter().filter(listed) {
        xml.push_str("\n  <url><loc>");
        push_escaped_html(&mut xml, base);
        push_escaped_html(&mut xml, &o.address(site));
        xml.push_str("</loc>");
        if let Some(date) = lastmod(site, o) {
            let _ = write!(xml, "<lastmod>{date}</lastmod>");
        }
        xml.push_str("</url>");
    }
    xml.push_str("\n</urlset>\n");
    xml.into_bytes()
}

fn lastmod(site: &Site, output: &Output) -> Option<chrono::NaiveDate> {
    match output {
        Output::Meeting(i) => Some(site.meetings[*i].date),
        Output::Paragraph(i) => Some(site.meeting_of(&site.paragraphs[*i]).date),
        Output::Document(i) => lastmod(site, &Output::Paragraph(site.pdfs[*i].paragraph)),
        Output::Case(ci) => {
            reads::record(Key::CaseTreated(&site.cases[*ci].slug));
            Some(site.latest_treated(*ci))
        }
        _ => None,
    }
}

#[derive(Serialize)]
struct FeedEntry<'a> {
    id: String,
    url: String,
    title: String,
    updated: String,
    summary: String,
    html: std::borrow::Cow<'a, str>,
}

/// A decision's place in a feed: newest first. A § number is used once per
/// body and year, so no two keys tie.
fn newest_first(site: &Site, i: ParagraphIx) -> (Reverse<chrono::NaiveDate>, usize, Reverse<u32>) {
    let p = &site.paragraphs[i];
    let m = site.meeting_of(p);
    (Reverse(m.date), m.body, Reverse(p.number))
}

/// The latest `count` of some paragraphs, newest first.
fn latest(site: &Site, mut paragraphs: Vec<ParagraphIx>, count: usize) -> Vec<ParagraphIx> {
    if paragraphs.len() > count {
        paragraphs.select_nth_unstable_by_key(count, |&i| newest_first(site, i));
        paragraphs.truncate(count);
    }
    paragraphs.sort_by_key(|&i| newest_first(site, i));
    paragraphs
}

/// The latest `count` published paragraphs of held meetings (of one body,
/// or of all), newest first. Meetings are kept in date order, so
/// only the newest are looked at: back from the last, until enough
/// paragraphs are found and an older day begins (a meeting of the same day
/// may be of a body that comes first). What it reads is recorded as it
/// reads it: the meetings (their days and whether held), and of those
/// looked at which paragraphs they have and which are published, so that
/// an edit to an older meeting leaves the feed alone.
fn latest_decisions(site: &Site, body: Option<usize>, count: usize) -> Vec<ParagraphIx> {
    reads::record(body.map_or(Key::Meetings, Key::MeetingsOfBody));
    let mut found = Vec::new();
    let mut oldest_day = None;
    for m in site.meetings.iter().rev() {
        if found.len() >= count && oldest_day.is_some_and(|day| m.date < day) {
            break;
        }
        if !m.is_held() || body.is_some_and(|b| m.body != b) {
            continue;
        }
        reads::record(Key::MeetingParagraphs(&m.id));
        let published = m.paragraph_ixs().filter(|&pi| {
            let p = &site.paragraphs[pi];
            reads::record(Key::ParagraphPublic(&m.id, p.number));
            !p.confidential
        });
        found.extend(published);
        oldest_day = Some(m.date);
    }
    latest(site, found, count)
}

/// The latest decisions of the whole portal (`/feed.xml`).
pub fn feed_context(site: &Site, t: &I18n) -> Context {
    let title = format!("{} – {}", site.config.title, t.get("feed_title"));
    let entries = latest_decisions(site, None, FEED_ENTRIES);
    feed(site, t, &entries, &title, "feed.xml", "")
}

/// Every paragraph on a case's timeline, newest first (`/arenden/<id>/feed.xml`).
pub fn case_feed_context(site: &Site, t: &I18n, ci: CaseIx) -> Context {
    let c = &site.cases[ci];
    reads::record(Key::Case(&c.slug));
    let mut entries = c.timeline.clone();
    entries.sort_by_key(|&i| newest_first(site, i));
    let title = format!(
        "{} {} {} – {}",
        t.get("case_feed_title"),
        c.diarienummer,
        c.title,
        site.config.organisation
    );
    let dir = paths::case_dir(site, ci);
    feed(site, t, &entries, &title, &format!("{dir}feed.xml"), &dir)
}

/// A topic's latest decisions (`/amnen/<slug>/feed.xml`): its paragraphs
/// and those of its cases.
pub fn topic_feed_context(site: &Site, t: &I18n, lists: &super::CaseLists, slug: &str) -> Context {
    use super::topics::TopicItem;
    reads::record(Key::Topic(slug));
    let topic = lists.topics.get(slug);
    let items = topic.map_or(&[][..], |topic| &topic.items);
    let mut paragraphs: Vec<ParagraphIx> = Vec::new();
    for item in items {
        match *item {
            TopicItem::Case(ci) => {
                reads::record(Key::Case(&site.cases[ci].slug));
                paragraphs.extend(&site.cases[ci].timeline);
            }
            TopicItem::Paragraph(pi) => paragraphs.push(pi),
        }
    }
    paragraphs.sort_unstable();
    paragraphs.dedup();
    let entries = latest(site, paragraphs, FEED_ENTRIES);
    let name = topic.map_or(slug, |topic| topic.name.as_str());
    let title = format!(
        "{} {name} – {}",
        t.get("topic_feed_title"),
        site.config.organisation
    );
    let dir = super::topics::topic_dir(slug, 1);
    feed(site, t, &entries, &title, &format!("{dir}feed.xml"), &dir)
}

/// A body's latest decisions (`/organ/<body>/feed.xml`).
pub fn body_feed_context(site: &Site, t: &I18n, b: usize) -> Context {
    let body = &site.bodies[b];
    let entries = latest_decisions(site, Some(b), FEED_ENTRIES);
    let title = format!(
        "{} {} – {}",
        t.get("body_feed_title"),
        body.name,
        site.config.organisation
    );
    let dir = format!("organ/{}/", body.id);
    feed(site, t, &entries, &title, &format!("{dir}feed.xml"), &dir)
}

/// The latest paragraphs a person acted in (`/ledamoter/<id>/feed.xml`).
pub fn person_feed_context(site: &Site, t: &I18n, activity: &Activity, person: usize) -> Context {
    let p = &site.people.people[person];
    reads::record(Key::Person(&p.id));
    let entries = &activity.by_person[person];
    let entries = &entries[..entries.len().min(FEED_ENTRIES)];
    let title = format!("{} – {}", p.name, site.config.organisation);
    let dir = paths::person_dir(site, person);
    feed(site, t, entries, &title, &format!("{dir}feed.xml"), &dir)
}

/// The latest paragraphs in which a party's people moved or reserved
/// (`/partier/<id>/feed.xml`).
pub fn party_feed_context(site: &Site, t: &I18n, activity: &Activity, party: usize) -> Context {
    let name = &site.people.parties[party].name;
    reads::record(Key::Party(&site.people.parties[party].id));
    let entries = &activity.by_party[party];
    let entries = &entries[..entries.len().min(FEED_ENTRIES)];
    let title = format!("{name} – {}", site.config.organisation);
    let dir = paths::party_dir(site, party);
    feed(site, t, entries, &title, &format!("{dir}feed.xml"), &dir)
}

/// How many notices the notice board's feed carries.
pub const NOTICE_ENTRIES: usize = 50;

/// The notice board's latest notices (`/anslagstavla/feed.xml`): each
/// certified minutes' announcement with its last day to appeal, and each
/// coming meeting.
pub fn notice_feed_context(site: &Site, t: &I18n) -> Context {
    use crate::model::notices::{notices, NoticeKind};
    reads::record(Key::Meetings);
    let base = &site.config.base_url;
    let entries: Vec<FeedEntry> = notices(site)
        .into_iter()
        .take(NOTICE_ENTRIES)
        .map(|n| {
            let m = &site.meetings[n.meeting];
            let body = &site.bodies[m.body].name;
            let url = format!("{base}{}", paths::meeting_dir(site, n.meeting));
            let (kind, summary) = match n.kind {
                NoticeKind::Minutes => (
                    t.get("notice_minutes"),
                    format!("{}: {}.", t.get("appeal_until"), t.date(n.until)),
                ),
                NoticeKind::Agenda => (
                    t.get("notice_agenda"),
                    t.meeting_status(m.status).to_owned(),
                ),
            };
            let day = n.posted.unwrap_or(m.date);
            let mut html = String::new();
            crate::theme::push_escaped_html(&mut html, &summary);
            FeedEntry {
                // A meeting's two notices are two entries.
                id: format!("{url}#{}", n.kind.key()),
                url,
                title: format!("{kind}: {body} {}", t.date(m.date)),
                updated: format!("{day}T00:00:00Z"),
                summary,
                html: format!("<p>{html}</p>").into(),
            }
        })
        .collect();
    let title = format!("{} – {}", t.get("notice_board"), site.config.organisation);
    let dir = paths::NOTICE_BOARD;
    feed_of(site, t, entries, &title, &format!("{dir}feed.xml"), dir)
}

/// An Atom feed of paragraphs (in the order given) at `path`, about the
/// page at `alternate` (both relative to the site root).
fn feed(
    site: &Site,
    t: &I18n,
    paragraphs: &[ParagraphIx],
    title: &str,
    path: &str,
    alternate: &str,
) -> Context {
    let base = &site.config.base_url;
    let entries: Vec<FeedEntry> = paragraphs
        .iter()
        .map(|&i| {
            let p = &site.paragraphs[i];
            let m = site.meeting_of(p);
            reads::record(Key::Meeting(&m.id));
            reads::record(Key::Paragraph(&m.id, p.number));
            let body = site.body_of(m);
            let url = format!("{base}{}", paths::paragraph_dir(site, i));
            let decision = p.decision.map(|d| t.decision(d)).unwrap_or_default();
            let cases: Vec<&str> = p.cases.iter().map(|c| c.written.as_str()).collect();
            let mut summary = format!(
                "{decision}. {} {}, § {}.",
                body.name,
                t.date(m.date),
                p.number
            );
            if !m.is_held() {
                summary = format!("{}. {summary}", t.get("on_agenda"));
            }
            if !cases.is_empty() {
                summary.push_str(&format!(" {} {}.", t.get("case_number"), cases.join(", ")));
            }
            FeedEntry {
                id: url.clone(),
                url,
                title: format!("{} § {} {}", body.abbreviation, p.number, p.title),
                updated: format!("{}T00:00:00Z", m.date),
                summary,
                html: crate::references::html(
                    site,
                    &p.html,
                    &site.config.base_url,
                    Some((m.date, m.body)),
                ),
            }
        })
        .collect();
    feed_of(site, t, entries, title, path, alternate)
}

/// An Atom feed of `entries` at `path`, about the page at `alternate`.
fn feed_of(
    site: &Site,
    t: &I18n,
    entries: Vec<FeedEntry>,
    title: &str,
    path: &str,
    alternate: &str,
) -> Context {
    let base = &site.config.base_url;
    let updated = entries
        .iter()
        .map(|e| e.updated.as_str())
        .max()
        .unwrap_or("1970-01-01T00:00:00Z")
        .to_owned();
    let mut ctx = Context::new();
    ctx.insert("site", &super::views::SiteView::new(site));
    ctx.insert("feed_title", title);
    ctx.insert("feed_url", &format!("{base}{}", paths::encode_path(path)));
    ctx.insert(
        "alternate_url",
        &format!("{base}{}", paths::encode_path(alternate)),
    );
    ctx.insert("lang", t.language.code());
    ctx.insert("updated", &updated);
    ctx.insert("entries", &entries);
    ctx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_decisions_are_those_of_every_meeting_sorted_newest_first() {
        let report = crate::pipeline::check(
            std::path::Path::new("content"),
            crate::documents::Cache::ReadOnly,
        );
        let site = report.result.expect("the demo content builds").site;
        let every = |body: Option<usize>| -> Vec<ParagraphIx> {
            let mut all: Vec<ParagraphIx> = site
                .published_paragraphs()
                .filter(|(_, p)| {
                    let m = site.meeting_of(p);
                    m.is_held() && body.is_none_or(|b| m.body == b)
                })
                .map(|(i, _)| i)
                .collect();
            all.sort_by_key(|&i| newest_first(&site, i));
            all
        };
        let bodies = (0..site.bodies.len()).map(Some);
        for body in std::iter::once(None).chain(bodies) {
            let all = every(body);
            for count in 1..=all.len() + 1 {
                let expected = &all[..count.min(all.len())];
                assert_eq!(
                    latest_decisions(&site, body, count),
                    expected,
                    "{body:?} {count}"
                );
            }
        }
    }
}
