//! Topics: the tags of cases and paragraphs as pages of their own
//! (`/amnen/`, `/amnen/<tag>/`, paged, with an Atom feed). A topic lists
//! the cases that carry its tag, and the tagged paragraphs that belong to
//! none of those cases (an information item, a question), newest first.
//! Tags that differ only in case or accents ("Öppna data", "öppna data")
//! are one topic, named by the first spelling in sort order.

use std::cmp::Reverse;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;

use super::CASES_PER_PAGE;
use crate::markdown::slugify;
use crate::model::patch::Patch;
use crate::model::{CaseIx, ParagraphIx, Site};

/// The topics' folder: `amnen/<slug>/`.
pub const TOPICS: &str = "amnen/";

/// Items per topic page (as many as a case list's).
pub const ITEMS_PER_PAGE: usize = CASES_PER_PAGE;

/// What a topic lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicItem {
    Case(CaseIx),
    Paragraph(ParagraphIx),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    /// Its folder name: the tag slugified (`oppna-data`).
    pub slug: String,
    /// The tag as written (the first spelling in sort order).
    pub name: String,
    /// Newest first.
    pub items: Vec<TopicItem>,
}

impl Topic {
    /// How many pages its items fill (at least one).
    pub fn pages(&self) -> usize {
        self.items.len().div_ceil(ITEMS_PER_PAGE).max(1)
    }

    /// The items on page `page` (from 1).
    pub fn page(&self, page: usize) -> &[TopicItem] {
        let from = ((page - 1) * ITEMS_PER_PAGE).min(self.items.len());
        let to = (from + ITEMS_PER_PAGE).min(self.items.len());
        &self.items[from..to]
    }
}

/// Every topic, by slug.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Topics {
    /// Shared with the topics before an edit, where it left them alone.
    topics: Vec<Arc<Topic>>,
    index: HashMap<String, usize>,
}

impl Topics {
    pub fn new(site: &Site) -> Topics {
        let cases = (0..site.cases.len()).map(CaseIx::new);
        let paragraphs = site.published_paragraphs().map(|(pi, _)| pi);
        let topics = gather(site, cases, paragraphs, |_| true);
        Topics::of(topics.into_iter().map(Arc::new).collect())
    }

    /// The topics after `patch`, gathered again only where it may have
    /// changed them: the topics of the tags its paragraphs and cases have
    /// or had (a case that lost a removed paragraph is among them, and the
    /// paragraphs and cases that went), from
    /// their items before (at their positions after it, those that went
    /// left out) and the items it changed.
    pub fn patched(&self, site: &Site, patch: &Patch) -> Topics {
        let moved;
        let before = match positions_moved(patch) {
            true => {
                moved = self.moved(patch);
                &moved
            }
            false => self,
        };
        // The changed items, and the paragraphs of changed cases, whose
        // tags may now list or hide them.
        let mut cases = BTreeSet::new();
        let mut paragraphs = BTreeSet::new();
        let mut slugs = BTreeSet::new();
        for (pi, old) in &patch.paragraphs {
            paragraphs.insert(*pi);
            let old_tags = old.iter().flat_map(|old| &old.tags);
            slugs.extend(
                site.paragraphs[*pi]
                    .tags
                    .iter()
                    .chain(old_tags)
                    .map(|t| slugify(t)),
            );
        }
        // The topics of items that went: one may have gone with its last
        // item, or with the spelling that named it.
        let removed_meetings = patch.meetings_removed.iter().flat_map(|m| &m.paragraphs);
        let removed_paragraphs = patch.removed_paragraphs.iter().chain(removed_meetings);
        let removed_tags = (removed_paragraphs.flat_map(|(p, _)| &p.tags))
            .chain(patch.removed.iter().flat_map(|c| &c.tags));
        slugs.extend(removed_tags.map(|t| slugify(t)));
        for (ci, old) in &patch.cases {
            cases.insert(*ci);
            let case = &site.cases[*ci];
            let old_tags = old.iter().flat_map(|old| &old.tags);
            slugs.extend(case.tags.iter().chain(old_tags).map(|t| slugify(t)));
            let old_timeline = old.iter().flat_map(|old| &old.timeline);
            paragraphs.extend(case.timeline.iter().chain(old_timeline).copied());
        }
        // Every item the touched topics had.
        for topic in slugs.iter().filter_map(|slug| before.get(slug)) {
            for item in &topic.items {
                match *item {
                    TopicItem::Case(ci) => cases.insert(ci),
                    TopicItem::Paragraph(pi) => paragraphs.insert(pi),
                };
            }
        }
        let published = paragraphs
            .into_iter()
            .filter(|pi| !site.paragraphs[*pi].confidential);
        let gathered = gather(site, cases.into_iter(), published, |slug| {
            slugs.contains(slug)
        });
        let untouched = before.topics.iter().filter(|t| !slugs.contains(&t.slug));
        let gathered = gathered.into_iter().map(Arc::new);
        Topics::of(untouched.cloned().chain(gathered).collect())
    }

    /// The topics with their items at the positions they have after
    /// `patch`, those that went left out: the others keep their order (a
    /// case's place among cases of a day is its position, and positions
    /// keep their order).
    fn moved(&self, patch: &Patch) -> Topics {
        let case = |ci: CaseIx| {
            patch
                .renumbering
                .as_ref()
                .map_or(Some(ci), |r| r.new_index(ci))
        };
        let paragraph = |pi: ParagraphIx| {
            let r = patch.paragraph_renumbering.as_ref();
            r.map_or(Some(pi), |r| r.new_index(pi))
        };
        let moved = |item: &TopicItem| match *item {
            TopicItem::Case(ci) => case(ci).map(TopicItem::Case),
            TopicItem::Paragraph(pi) => paragraph(pi).map(TopicItem::Paragraph),
        };
        let topics = self.topics.iter().map(|t| {
            Arc::new(Topic {
                slug: t.slug.clone(),
                name: t.name.clone(),
                items: t.items.iter().filter_map(moved).collect(),
            })
        });
        Topics {
            topics: topics.collect(),
            index: self.index.clone(),
        }
    }

    /// Topics in slug order, with their index.
    fn of(mut topics: Vec<Arc<Topic>>) -> Topics {
        topics.sort_by(|a, b| a.slug.cmp(&b.slug));
        let index = topics
            .iter()
            .enumerate()
            .map(|(i, t)| (t.slug.clone(), i))
            .collect();
        Topics { topics, index }
    }

    /// Every topic, by slug.
    pub fn iter(&self) -> impl Iterator<Item = &Topic> {
        self.topics.iter().map(|t| &**t)
    }

    pub fn get(&self, slug: &str) -> Option<&Topic> {
        self.shared(slug).map(|t| &**t)
    }

    fn shared(&self, slug: &str) -> Option<&Arc<Topic>> {
        self.index.get(slug).map(|i| &self.topics[*i])
    }

    /// How many pages the topic `slug` has (none when it has no items).
    pub fn pages_of(&self, slug: &str) -> usize {
        self.get(slug).map_or(0, Topic::pages)
    }
}

/// The topics of `cases` and `paragraphs` (published ones, each in index
/// order) whose slug is `wanted`: each case under its tags, each paragraph
/// under those of its tags that none of its cases has.
fn gather(
    site: &Site,
    cases: impl Iterator<Item = CaseIx>,
    paragraphs: impl Iterator<Item = ParagraphIx>,
    wanted: impl Fn(&str) -> bool,
) -> Vec<Topic> {
    let mut gathered = Gathered::default();
    for ci in cases {
        for tag in &site.cases[ci].tags {
            gathered.add(tag, TopicItem::Case(ci), &wanted);
        }
    }
    for pi in paragraphs {
        let p = &site.paragraphs[pi];
        for tag in &p.tags {
            let in_a_listed_case = p
                .cases
                .iter()
                .any(|c| site.cases[c.case].tags.contains(tag));
            if !in_a_listed_case {
                gathered.add(tag, TopicItem::Paragraph(pi), &wanted);
            }
        }
    }
    (gathered.topics.into_iter())
        .map(|(slug, spellings, mut items)| {
            items.sort_by_cached_key(|item| newest_first(site, *item));
            items.dedup();
            let name = spellings.first().copied().unwrap_or_default().to_owned();
            Topic { slug, name, items }
        })
        .collect()
}

/// Topics as they are gathered: each spelling's topic found once.
#[derive(Default)]
struct Gathered<'s> {
    /// Each topic's slug, spellings and items.
    topics: Vec<(String, BTreeSet<&'s str>, Vec<TopicItem>)>,
    by_slug: HashMap<String, usize>,
    /// Each spelling's topic (none for a tag of only punctuation).
    by_spelling: HashMap<&'s str, Option<usize>>,
}

impl<'s> Gathered<'s> {
    /// Add `item` to the topic of `tag`, if its slug is `wanted`.
    fn add(&mut self, tag: &'s str, item: TopicItem, wanted: impl Fn(&str) -> bool) {
        let topic = match self.by_spelling.get(tag) {
            Some(topic) => *topic,
            None => {
                let slug = slugify(tag);
                let topic = (!slug.is_empty() && wanted(&slug)).then(|| {
                    let topics = &mut self.topics;
                    let t = *self.by_slug.entry(slug.clone()).or_insert_with(|| {
                        topics.push((slug, BTreeSet::new(), Vec::new()));
                        topics.len() - 1
                    });
                    topics[t].1.insert(tag);
                    t
                });
                self.by_spelling.insert(tag, topic);
                topic
            }
        };
        if let Some(t) = topic {
            self.topics[t].2.push(item);
        }
    }
}

/// The folder of a topic's page `page`.
pub fn topic_dir(slug: &str, page: usize) -> String {
    super::paths::page_dir(&format!("{TOPICS}{slug}/"), page)
}

/// An item's place on its topic's pages: newest first; on one day, cases
/// before paragraphs, cases by id and paragraphs by body and §.
fn newest_first(site: &Site, item: TopicItem) -> (Reverse<NaiveDate>, u8, usize, Reverse<u32>) {
    match item {
        TopicItem::Case(ci) => (Reverse(site.latest_treated(ci)), 0, ci.get(), Reverse(0)),
        TopicItem::Paragraph(pi) => {
            let p = &site.paragraphs[pi];
            let m = site.meeting_of(p);
            (Reverse(m.date), 1, m.body, Reverse(p.number))
        }
    }
}

/// Must the topics be gathered again after `patch`? When a paragraph
/// came, went, or changed its tags, publicity or cases; when a case came,
/// went or changed (its tags, its latest date); and when positions moved
/// (the topics hold them).
pub fn touched_by(site: &Site, patch: &Patch) -> bool {
    let paragraph_changed = patch.paragraphs.iter().any(|(pi, old)| {
        let p = &site.paragraphs[*pi];
        old.as_ref().is_none_or(|old| {
            old.tags != p.tags || old.confidential != p.confidential || old.cases != p.cases
        })
    });
    let case_changed = (patch.cases.iter()).any(|(ci, old)| old.as_ref() != Some(&site.cases[*ci]))
        || !patch.cases_losing_paragraphs.is_empty();
    positions_moved(patch)
        || paragraph_changed
        || case_changed
        || !patch.removed_paragraphs.is_empty()
        || !patch.removed.is_empty()
}

/// Did `patch` move paragraphs, cases or meetings to other positions
/// (which the topics hold)?
fn positions_moved(patch: &Patch) -> bool {
    patch.paragraph_renumbering.is_some()
        || patch.renumbering.is_some()
        || patch.meeting_renumbering.is_some()
}

/// The slugs of the topics whose items or order differ between `before`
/// (positions as they were before `patch`) and `after`.
pub fn changed<'a>(before: &'a Topics, after: &'a Topics, patch: &Patch) -> BTreeSet<&'a str> {
    let now = |item: &TopicItem| match *item {
        TopicItem::Case(ci) => match &patch.renumbering {
            Some(r) => r.new_index(ci).map(TopicItem::Case),
            None => Some(*item),
        },
        TopicItem::Paragraph(pi) => match &patch.paragraph_renumbering {
            Some(r) => r.new_index(pi).map(TopicItem::Paragraph),
            None => Some(*item),
        },
    };
    let mut changed = BTreeSet::new();
    for topic in &before.topics {
        // A topic the patch left alone is the one it was.
        let same = after.shared(&topic.slug).is_some_and(|now_topic| {
            Arc::ptr_eq(topic, now_topic)
                || now_topic.name == topic.name
                    && now_topic.items.len() == topic.items.len()
                    && (topic.items.iter().map(now)).eq(now_topic.items.iter().map(|i| Some(*i)))
        });
        if !same {
            changed.insert(topic.slug.as_str());
        }
    }
    let came = after.iter().filter(|t| before.get(&t.slug).is_none());
    changed.extend(came.map(|t| t.slug.as_str()));
    changed
}
