//! The topic pages: `/amnen/` (every topic and how many items it has)
//! and `/amnen/<slug>/` (a topic's cases and paragraphs, newest first, in
//! pages), and the links from a case's or paragraph's tags to them. The
//! listing is [`crate::render::topics`].

use super::*;
use crate::render::outcome;
use crate::render::topics::{self, TopicItem};

#[derive(Serialize)]
struct TopicLink<'a> {
    name: &'a str,
    url: String,
    count: usize,
}

/// A paragraph on a topic's page.
#[derive(Serialize)]
struct ParagraphRow<'a> {
    url: String,
    heading: String,
    title: &'a str,
    date: String,
    date_text: String,
    outcome: String,
}

/// One item of a topic's page: a case or a paragraph.
#[derive(Serialize)]
struct ItemRow<'a> {
    case: Option<CaseRow<'a>>,
    paragraph: Option<ParagraphRow<'a>>,
}

/// The links from `tags` to their topics' pages (a tag of only
/// punctuation has none).
pub(super) fn topic_links(tags: &[String]) -> Vec<Link> {
    let slugs = tags.iter().map(|tag| (tag, markdown::slugify(tag)));
    slugs
        .filter(|(_, slug)| !slug.is_empty())
        .map(|(tag, slug)| link(tag.as_str(), &topics::topic_dir(&slug, 1)))
        .collect()
}

pub(super) fn topics_context(t: &I18n, lists: &CaseLists, home: Link, ctx: &mut Context) {
    reads::record(Key::Topics);
    let all: Vec<TopicLink> = lists
        .topics
        .iter()
        .map(|topic| TopicLink {
            name: &topic.name,
            url: href(&topics::topic_dir(&topic.slug, 1)),
            count: topic.items.len(),
        })
        .collect();
    ctx.insert("title", t.get("topics"));
    ctx.insert("breadcrumbs", &[home]);
    ctx.insert("topics", &all);
}

pub(super) fn topic_context(
    site: &Site,
    t: &I18n,
    lists: &CaseLists,
    (slug, page): (&str, usize),
    home: Link,
    ctx: &mut Context,
) {
    reads::record(Key::Topic(slug));
    let Some(topic) = lists.topics.get(slug) else {
        return;
    };
    let items: Vec<ItemRow> = (topic.page(page).iter())
        .map(|item| match *item {
            TopicItem::Case(ci) => ItemRow {
                case: Some(case_row(site, t, ci)),
                paragraph: None,
            },
            TopicItem::Paragraph(pi) => ItemRow {
                case: None,
                paragraph: Some(paragraph_row(site, t, pi)),
            },
        })
        .collect();
    let pages = topic.pages();
    let mut title = format!("{}: {}", t.get("topic"), topic.name);
    if page > 1 {
        let of = t.get("of");
        title = format!(
            "{title} ({} {page} {of} {pages})",
            t.get("page").to_lowercase()
        );
    }
    ctx.insert("title", &title);
    ctx.insert("topic_name", &topic.name);
    ctx.insert(
        "breadcrumbs",
        &[home, link(t.get("topics"), topics::TOPICS)],
    );
    ctx.insert("items", &items);
    ctx.insert("total", &topic.items.len());
    let first = topics::topic_dir(slug, 1);
    ctx.insert("pagination", &pagination(&first, page, pages));
    ctx.insert(
        "page_feed",
        &FeedLink {
            href: if page > 1 { "../feed.xml" } else { "feed.xml" },
            title: t.get("follow_topic_feed"),
        },
    );
}

fn paragraph_row<'a>(site: &'a Site, t: &I18n, pi: ParagraphIx) -> ParagraphRow<'a> {
    let p = &site.paragraphs[pi];
    let m = site.meeting_of(p);
    ParagraphRow {
        url: href(&paths::paragraph_dir(site, pi)),
        heading: format!("{} § {}", site.bodies[m.body].abbreviation, p.number),
        title: &p.title,
        date: m.date.to_string(),
        date_text: t.date(m.date),
        outcome: outcome::of_paragraph(site, t, pi, p.kind),
    }
}
