//! Which outputs a patched edit makes, removes, or changes without
//! recording what they read ([`crate::model::patch`]). The pages, feeds,
//! calendars, sitemap parts and OParl files that stay are rendered again
//! from what they read ([`super::reads`]); this adds:
//!
//! - the pages that may be new: a patched paragraph's and its PDFs', a
//!   new case's page and feed, a new meeting's page, a new year's meeting
//!   list, notice board page and sitemap part, the case list pages a list gained, and the
//!   pages a person's or party's acts came to fill; the
//!   files of those that went (a removed paragraph's, case's, meeting's or
//!   attachment's, a year's, the pages a case list lost) are removed;
//! - open data: the OParl objects that may be new (a patched paragraph's
//!   agenda item, files and consultations, a new case's paper, a new
//!   meeting's object), the OParl list pages that came or moved to another
//!   file ([`crate::opendata::oparl::Listed::compare`]), the bulk tables
//!   whose rows changed
//!   ([`crate::opendata::fragments::Fragments::update`] tells) and the
//!   data catalogue (the latest meeting's date); the files of the objects
//!   and list pages that went are removed.

use std::collections::BTreeSet;

use super::paths::{self, CaseFilter, CaseScope, Output, SitemapPart};
use super::CaseLists;
use crate::model::patch::{Patch, RemovedMeeting};
use crate::model::people::Activity;
use crate::model::{Case, Paragraph, Site};
use crate::opendata::fragments::Changed;
use crate::opendata::oparl::{self, ListsChanged, OparlFile};
use crate::opendata::DataFile;

/// The outputs to render again, and the files of outputs that are gone.
pub struct Affected {
    pub outputs: BTreeSet<Output>,
    pub removed: Vec<String>,
}

pub fn affected(
    site: &Site,
    patch: &Patch,
    (before, after): (&CaseLists, &CaseLists),
    activities: (&Activity, &Activity),
    oparl_lists: &ListsChanged,
    fragments: &Changed,
) -> Affected {
    let mut outputs = BTreeSet::new();
    // Pages that may be new: a paragraph's, its PDFs', a case's and its
    // feed, a meeting's.
    for (pi, _) in &patch.paragraphs {
        outputs.insert(Output::Paragraph(*pi));
        outputs.extend(site.pdfs_of(*pi).map(Output::Document));
    }
    let new_cases = patch.cases.iter().filter(|(_, old)| old.is_none());
    for (ci, _) in new_cases {
        outputs.insert(Output::Case(*ci));
        if site.config.case_feeds {
            outputs.insert(Output::CaseFeed(*ci));
        }
    }
    outputs.extend(patch.meetings_added.iter().map(|mi| Output::Meeting(*mi)));
    let years_gone = meeting_years_outputs(site, patch, &mut outputs);
    let mut removed = case_list_outputs(site, before, after, &mut outputs);
    case_years_outputs((before, after), &mut outputs, &mut removed);
    removed.extend(years_gone);
    people_pages_outputs(site, patch, activities, &mut outputs, &mut removed);
    topic_outputs(site, (before, after), &mut outputs, &mut removed);
    let mut affected = Affected { outputs, removed };
    open_data_outputs(site, patch, oparl_lists, fragments, &mut affected);
    affected
}

/// The pages of a person's or party's acts that came as the patch gave
/// them more, and the files of those that went (the pages that stay are
/// rendered again from what they read).
fn people_pages_outputs(
    site: &Site,
    patch: &Patch,
    (before, after): (&Activity, &Activity),
    outputs: &mut BTreeSet<Output>,
    removed: &mut Vec<String>,
) {
    let mut parties = BTreeSet::new();
    for &person in &patch.people {
        parties.extend(site.people.people[person].party);
        let (then, now) = (before.person_pages(person), after.person_pages(person));
        outputs.extend((then + 1..=now).map(|page| Output::Person { person, page }));
        removed.extend((now + 1..=then).map(|page| Output::Person { person, page }.file(site)));
    }
    for party in parties {
        let (then, now) = (before.party_pages(party), after.party_pages(party));
        outputs.extend((then + 1..=now).map(|page| Output::Party { party, page }));
        removed.extend((now + 1..=then).map(|page| Output::Party { party, page }.file(site)));
    }
}

/// The topic pages and feeds that came, and the files of those that went
/// (a topic's pages and feed that stay are rendered again from what they
/// read).
fn topic_outputs(
    site: &Site,
    (before, after): (&CaseLists, &CaseLists),
    outputs: &mut BTreeSet<Output>,
    removed: &mut Vec<String>,
) {
    let (before, after) = (&before.topics, &after.topics);
    for topic in after.iter() {
        let slug = &topic.slug;
        let then = before.pages_of(slug);
        if then == 0 {
            outputs.insert(Output::TopicFeed(slug.clone()));
        }
        outputs.extend((then + 1..=topic.pages()).map(|page| Output::Topic {
            slug: slug.clone(),
            page,
        }));
    }
    for topic in before.iter() {
        let (slug, now) = (&topic.slug, after.pages_of(&topic.slug));
        if now == 0 {
            removed.push(Output::TopicFeed(slug.clone()).file(site));
        }
        removed.extend((now + 1..=topic.pages()).map(|page| {
            Output::Topic {
                slug: slug.clone(),
                page,
            }
            .file(site)
        }));
    }
}

/// When a year of meetings came: its page, its notice board page and its
/// sitemap part; when one went, the files of all three. (Those of the years that stay, and the
/// sitemap's index, are rendered again from what they read.)
fn meeting_years_outputs(
    site: &Site,
    patch: &Patch,
    outputs: &mut BTreeSet<Output>,
) -> Vec<String> {
    let (came, went) = patch.meeting_years_changed(site);
    for year in came {
        outputs.extend([
            Output::MeetingYear(year),
            Output::NoticeYear(year),
            Output::SitemapPart(SitemapPart::Meetings(year)),
        ]);
    }
    let went = went.into_iter();
    went.flat_map(|year| {
        [
            Output::MeetingYear(year).file(site),
            Output::NoticeYear(year).file(site),
            SitemapPart::Meetings(year).file(),
        ]
    })
    .collect()
}

/// The open data files that may be new or that a template does not make:
/// a new case's paper and a new meeting's object (those that stay are
/// rendered again from what they read), the OParl list pages that came or
/// moved to another file, the bulk tables whose rows changed and the
/// catalogue; and the files of those that went.
fn open_data_outputs(
    site: &Site,
    patch: &Patch,
    oparl_lists: &ListsChanged,
    fragments: &Changed,
    affected: &mut Affected,
) {
    let mut oparl_files: BTreeSet<OparlFile> = oparl_lists.pages.iter().copied().collect();
    affected.removed.extend(oparl_lists.gone.iter().cloned());
    let new_cases = patch.cases.iter().filter(|(_, old)| old.is_none());
    oparl_files.extend(new_cases.map(|(ci, _)| OparlFile::Paper(*ci)));
    oparl_files.extend(
        patch
            .meetings_added
            .iter()
            .map(|mi| OparlFile::Meeting(*mi)),
    );
    let outputs = &mut affected.outputs;
    outputs.extend(oparl_files.into_iter().map(Output::Oparl));
    outputs.extend(fragments.tables.keys().copied().map(Output::Data));
    // The catalogue gives the latest meeting's date.
    if patch.meeting_renumbering.is_some() {
        outputs.insert(Output::Data(DataFile::Catalogue));
    }
    let removed = &mut affected.removed;
    for gone in &patch.meetings_removed {
        removed.extend(removed_meeting_files(gone));
    }
    for (p, _) in &patch.removed_paragraphs {
        removed.push(removed_paragraph_file(site, p));
    }
    for case in &patch.removed {
        removed.extend(removed_case_files(case));
    }
    for (mi, file) in &patch.attachments_removed {
        removed.push(paths::attachment_file(site, *mi, file));
    }
    for (mi, file) in patch.removed_pdfs() {
        removed.push(paths::document_page_at(site, *mi, file));
    }
}

/// The files of a meeting whose folder went: its page and OParl object,
/// and those of its paragraphs, attachments and PDFs.
fn removed_meeting_files(gone: &RemovedMeeting) -> Vec<String> {
    let m = &gone.meeting;
    let mut files = vec![
        format!("{}index.html", paths::meeting_dir_of(m)),
        oparl::meeting_file_of(m),
    ];
    for (p, _) in &gone.paragraphs {
        files.push(format!(
            "{}index.html",
            paths::paragraph_dir_in(m, p.number)
        ));
    }
    files.extend(
        gone.attachments
            .iter()
            .map(|f| paths::attachment_file_in(m, f)),
    );
    for file in gone.pdfs() {
        files.push(paths::document_page_in(m, file));
    }
    files
}

/// The file of a paragraph that is gone: its page.
fn removed_paragraph_file(site: &Site, p: &Paragraph) -> String {
    format!("{}index.html", paths::paragraph_dir_at(site, p))
}

/// The files of a case no paragraph names any more: its page, its feed
/// and its OParl paper.
fn removed_case_files(case: &Case) -> Vec<String> {
    let page = paths::case_dir_of(&case.slug);
    vec![
        format!("{page}index.html"),
        format!("{page}feed.xml"),
        oparl::paper_file(&case.slug),
    ]
}

/// Adds the sitemap part of a year of cases that came; the file of one
/// that went is removed. (The parts that stay, and the sitemap's index,
/// are rendered again from what they read.)
fn case_years_outputs(
    (before, after): (&CaseLists, &CaseLists),
    outputs: &mut BTreeSet<Output>,
    removed: &mut Vec<String>,
) {
    let years = |lists: &CaseLists| lists.years(CaseScope::All).collect::<BTreeSet<u16>>();
    let (then, now) = (years(before), years(after));
    let came = now.difference(&then).map(|y| SitemapPart::Cases(*y));
    outputs.extend(came.map(Output::SitemapPart));
    removed.extend(then.difference(&now).map(|y| SitemapPart::Cases(*y).file()));
}

/// Adds the case-list pages that came (those that stay are rendered again
/// as what they read changed: [`super::reads`]); returns the files of
/// pages that no longer exist.
fn case_list_outputs(
    site: &Site,
    before: &CaseLists,
    after: &CaseLists,
    outputs: &mut BTreeSet<Output>,
) -> Vec<String> {
    let pages = |lists: &CaseLists, filter: &CaseFilter| match lists.has(filter) {
        true => filter.page_count(lists.get(filter).len()),
        false => 0,
    };
    let mut removed = Vec::new();
    let filters = before.iter().chain(after.iter()).map(|(f, _)| *f);
    for filter in filters.collect::<BTreeSet<_>>() {
        let (then, now) = (pages(before, &filter), pages(after, &filter));
        for page in then + 1..=now {
            outputs.insert(Output::CaseList { filter, page });
        }
        for page in now + 1..=then {
            removed.push(Output::CaseList { filter, page }.file(site));
        }
    }
    removed
}
