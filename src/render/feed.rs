//! feed.xml (Atom, the latest decisions) and sitemap.xml: the two outputs
//! that use absolute addresses from `base_url`.

use serde::Serialize;
use tera::Context;

use super::paths::{self, Output};
use super::CaseLists;
use crate::i18n::I18n;
use crate::model::Site;

/// How many decisions the feed carries.
pub const FEED_ENTRIES: usize = 50;

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

pub fn sitemap_context(site: &Site, lists: &CaseLists) -> Context {
    let base = &site.config.base_url;
    let urls: Vec<SitemapUrl> = super::outputs(site, lists)
        .iter()
        .filter(|o| {
            !matches!(
                o,
                Output::NotFound | Output::Sitemap | Output::Feed | Output::StatisticsCsv { .. }
            )
        })
        .filter(|o| !matches!(o, Output::Paragraph(i) if site.paragraphs[*i].confidential))
        .map(|o| SitemapUrl {
            loc: format!("{base}{}", o.address(site)),
            lastmod: lastmod(site, o).map(|d| d.to_string()),
        })
        .collect();
    let mut ctx = Context::new();
    ctx.insert("urls", &urls);
    ctx
}

fn lastmod(site: &Site, output: &Output) -> Option<chrono::NaiveDate> {
    match output {
        Output::Meeting(i) => Some(site.meetings[*i].date),
        Output::Paragraph(i) => Some(site.meeting_of(&site.paragraphs[*i]).date),
        Output::Document(i) => lastmod(site, &Output::Paragraph(site.pdfs[*i].paragraph)),
        Output::Case(ci) => Some(site.latest_treated(*ci)),
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
    html: &'a str,
}

/// The latest decisions: published paragraphs of held meetings, newest first.
pub fn feed_context(site: &Site, t: &I18n) -> Context {
    let base = &site.config.base_url;
    let mut decided: Vec<usize> = site
        .published_paragraphs()
        .filter(|(_, p)| site.meeting_of(p).is_held())
        .map(|(i, _)| i)
        .collect();
    // A § number is used once per body and year, so no two keys tie.
    let newest_first = |&i: &usize| {
        let p = &site.paragraphs[i];
        let m = site.meeting_of(p);
        (
            std::cmp::Reverse(m.date),
            m.body,
            std::cmp::Reverse(p.number),
        )
    };
    if decided.len() > FEED_ENTRIES {
        decided.select_nth_unstable_by_key(FEED_ENTRIES, newest_first);
        decided.truncate(FEED_ENTRIES);
    }
    decided.sort_by_key(newest_first);
    let entries: Vec<FeedEntry> = decided
        .into_iter()
        .take(FEED_ENTRIES)
        .map(|i| {
            let p = &site.paragraphs[i];
            let m = site.meeting_of(p);
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
            if !cases.is_empty() {
                summary.push_str(&format!(" {} {}.", t.get("case_number"), cases.join(", ")));
            }
            FeedEntry {
                id: url.clone(),
                url,
                title: format!("{} § {} {}", body.abbreviation, p.number, p.title),
                updated: format!("{}T00:00:00Z", m.date),
                summary,
                html: &p.html,
            }
        })
        .collect();
    let updated = entries
        .first()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |e| e.updated.clone());
    let mut ctx = Context::new();
    ctx.insert("site", &super::views::SiteView::new(site));
    ctx.insert(
        "feed_title",
        &format!("{} – {}", site.config.title, t.get("feed_title")),
    );
    ctx.insert("feed_url", &format!("{base}feed.xml"));
    ctx.insert("lang", t.language.code());
    ctx.insert("updated", &updated);
    ctx.insert("entries", &entries);
    ctx
}
