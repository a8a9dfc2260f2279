//! Which outputs a patched edit affects ([`crate::model::patch`]): each
//! output is a pure function of the model, so an output needs rendering
//! again only when something it shows changed. This is the map from a
//! paragraph to everything that shows it:
//!
//! - a changed paragraph: its page, its meeting's page, the pages of its
//!   PDFs, and every case it names, before and after (their timelines);
//! - a case whose title or status changed: also every page that links it
//!   with that title and status (its paragraphs, their meetings and PDFs),
//!   and, when its title or diarienummer changed, its related cases;
//! - the case lists: a page whose slice of cases changed or shows a changed
//!   row, every page of a list whose length changed (each shows its total
//!   and page count), every list's first page when a filter's count
//!   changed (first pages show them all), and every page when a filter
//!   came or went (each links them all); the bodies whose case count
//!   changed;
//! - a case that came or went: its page, feed and OParl paper, and the
//!   pages of the OParl paper list it shifts;
//! - the start page and the feed, always (both are small); the sitemap when
//!   a case's date moved or a paragraph became (or stopped being)
//!   confidential;
//! - open data: the feeds of its body and its cases; its OParl agenda item,
//!   files and consultations (a consultation of a case it no longer names
//!   is removed), its cases' papers, and the list pages that embed them;
//!   its OParl meeting and the meeting lists when the meeting's object
//!   changed, and the bulk tables (with the /data/ page, which gives their
//!   sizes) whose rows changed: [`crate::opendata::fragments::Fragments::update`]
//!   tells both.

use std::collections::{BTreeSet, HashSet};

use super::paths::{self, CaseFilter, Output};
use super::{CaseLists, CASES_PER_PAGE};
use crate::model::patch::Patch;
use crate::model::{Case, RelatedCase, Site};
use crate::opendata::fragments::Changed;
use crate::opendata::oparl::{self, OparlFile, OparlList};
use crate::opendata::DataFile;

/// The outputs to render again, and the files of outputs that are gone.
pub struct Affected {
    pub outputs: BTreeSet<Output>,
    pub removed: Vec<String>,
}

pub fn affected(
    site: &Site,
    patch: &Patch,
    before: &CaseLists,
    after: &CaseLists,
    fragments: &Changed,
) -> Affected {
    let mut outputs = BTreeSet::from([Output::Home, Output::Feed]);
    for (pi, _) in &patch.paragraphs {
        paragraph_outputs(site, *pi, &mut outputs);
    }
    for (ci, old) in &patch.cases {
        let now = &site.cases[*ci];
        outputs.insert(Output::Case(*ci));
        let Some(old) = old else {
            // A new case: the pages that name it link it now.
            for pi in &now.timeline {
                paragraph_outputs(site, *pi, &mut outputs);
            }
            continue;
        };
        if old.title != now.title || old.status != now.status {
            for pi in old.timeline.iter().chain(&now.timeline) {
                paragraph_outputs(site, *pi, &mut outputs);
            }
        }
        if old.title != now.title || old.diarienummer != now.diarienummer {
            for r in &now.related {
                if let RelatedCase::Published(other) = r {
                    outputs.insert(Output::Case(*other));
                }
            }
        }
    }
    let dates_moved = patch.cases.iter().any(|(ci, old)| {
        old.as_ref()
            .is_none_or(|old| site.timeline_latest(&old.timeline) != site.latest_treated(*ci))
    });
    let cases_came_or_went = patch.renumbering.is_some();
    let flipped = patch
        .paragraphs
        .iter()
        .any(|(pi, old)| old.confidential != site.paragraphs[*pi].confidential);
    if dates_moved || flipped || cases_came_or_went {
        outputs.insert(Output::Sitemap);
    }
    let rows_changed: HashSet<usize> = patch
        .cases
        .iter()
        .filter(|(ci, old)| old.as_ref().is_none_or(|old| row_changed(site, *ci, old)))
        .map(|(ci, _)| *ci)
        .collect();
    let removed = case_list_outputs(site, before, after, &rows_changed, &mut outputs);
    for b in 0..site.bodies.len() {
        let filter = CaseFilter::Body(b);
        if before.get(&filter).len() != after.get(&filter).len() {
            outputs.insert(Output::Body(b));
        }
    }
    let mut affected = Affected { outputs, removed };
    open_data_outputs(site, patch, fragments, &mut affected);
    affected
}

/// The feeds, OParl files and data tables that show the patched
/// paragraphs and cases.
fn open_data_outputs(site: &Site, patch: &Patch, fragments: &Changed, affected: &mut Affected) {
    let outputs = &mut affected.outputs;
    let mut oparl_files = BTreeSet::new();
    for &m in &fragments.oparl_meetings {
        oparl_files.insert(OparlFile::Meeting(m));
        oparl_files.insert(OparlFile::List(OparlList::Meetings, OparlList::page_of(m)));
        let body = site.meetings[m].body;
        let in_body = oparl::body_meetings(site, body)
            .binary_search(&m)
            .unwrap_or_default();
        oparl_files.insert(OparlFile::List(
            OparlList::OrganizationMeetings(body),
            OparlList::page_of(in_body),
        ));
    }
    for (pi, old) in &patch.paragraphs {
        let p = &site.paragraphs[*pi];
        outputs.insert(Output::BodyFeed(site.meetings[p.meeting].body));
        oparl_files.insert(OparlFile::AgendaItem(*pi));
        oparl_files.insert(OparlFile::List(
            OparlList::AgendaItems,
            OparlList::page_of(*pi),
        ));
        for i in site.pdfs_of(*pi) {
            oparl_files.insert(OparlFile::File(i));
            oparl_files.insert(OparlFile::List(OparlList::Files, OparlList::page_of(i)));
        }
        for k in 0..p.cases.len() {
            oparl_files.insert(OparlFile::Consultation { paragraph: *pi, k });
        }
        let now: Vec<usize> = p.cases.iter().map(|r| r.case).collect();
        for r in old.cases.iter().filter(|r| !now.contains(&r.case)) {
            affected
                .removed
                .push(oparl::consultation_file(site, *pi, r.case));
        }
    }
    for case in &patch.removed {
        affected.removed.extend(removed_case_files(site, case));
    }
    consultation_pages(site, patch, &mut oparl_files, &mut affected.removed);
    for (ci, _) in &patch.cases {
        outputs.insert(Output::CaseFeed(*ci));
        oparl_files.insert(OparlFile::Paper(*ci));
        oparl_files.insert(OparlFile::List(OparlList::Papers, OparlList::page_of(*ci)));
    }
    paper_pages(site, patch, &mut oparl_files, &mut affected.removed);
    if patch.renumbering.is_some() {
        // A case's rows came or went.
        outputs.insert(Output::Data(DataFile::CasesCsv));
        outputs.insert(Output::Data(DataFile::CasesJson));
        outputs.insert(Output::DataIndex);
    }
    outputs.extend(oparl_files.into_iter().map(Output::Oparl));
    if !fragments.tables.is_empty() {
        outputs.insert(Output::DataIndex);
        outputs.extend(fragments.tables.iter().copied().map(Output::Data));
    }
}

/// The pages of the OParl consultation list that show the patched
/// paragraphs' consultations: when their number changed, every page (each
/// gives the total; pages beyond the new end are removed).
fn consultation_pages(
    site: &Site,
    patch: &Patch,
    files: &mut BTreeSet<OparlFile>,
    removed: &mut Vec<String>,
) {
    let all = oparl::consultations(site);
    let now = all.len();
    let mut before = now;
    for (pi, old) in &patch.paragraphs {
        before = before + patch.cases_named_before(*pi, old) - site.paragraphs[*pi].cases.len();
        for k in 0..site.paragraphs[*pi].cases.len().max(1) {
            let at = all.partition_point(|&(p, _)| p < *pi) + k;
            files.insert(OparlFile::List(
                OparlList::Consultations,
                OparlList::page_of(at.min(now.saturating_sub(1))),
            ));
        }
    }
    if before != now {
        // Each page gives the total.
        let pages = oparl::page_count(now);
        for n in 1..=pages {
            files.insert(OparlFile::List(OparlList::Consultations, n));
        }
        for n in pages + 1..=oparl::page_count(before) {
            removed.push(OparlFile::List(OparlList::Consultations, n).file(site));
        }
    }
}

/// The files of a case no paragraph names any more: its page, its feed,
/// its OParl paper and the consultations of its paragraphs.
fn removed_case_files(site: &Site, case: &Case) -> Vec<String> {
    let page = paths::case_dir_of(&case.slug);
    let mut files = vec![
        format!("{page}index.html"),
        format!("{page}feed.xml"),
        oparl::paper_file(&case.slug),
    ];
    for pi in &case.timeline {
        files.push(oparl::consultation_file_of(site, *pi, &case.slug));
    }
    files
}

/// The pages of the OParl paper list that cases coming or going shift:
/// those between the first and the last of them, or, when the number of
/// cases changed, every page (each gives the total), and the pages beyond
/// the new end are removed.
fn paper_pages(
    site: &Site,
    patch: &Patch,
    files: &mut BTreeSet<OparlFile>,
    removed: &mut Vec<String>,
) {
    let Some(r) = &patch.renumbering else {
        return;
    };
    let now = site.cases.len();
    let before =
        now + patch.removed.len() - patch.cases.iter().filter(|(_, old)| old.is_none()).count();
    let moved: Vec<usize> = (0..now).filter(|&ci| r.old_index(ci) != Some(ci)).collect();
    let (first, last) = if before == now {
        match (moved.first(), moved.last()) {
            (Some(&first), Some(&last)) => (OparlList::page_of(first), OparlList::page_of(last)),
            _ => return,
        }
    } else {
        (1, oparl::page_count(now))
    };
    for n in first..=last.min(oparl::page_count(now)) {
        files.insert(OparlFile::List(OparlList::Papers, n));
    }
    for n in oparl::page_count(now) + 1..=oparl::page_count(before) {
        removed.push(OparlFile::List(OparlList::Papers, n).file(site));
    }
}

/// A paragraph's page, its meeting's page and its PDFs' pages.
fn paragraph_outputs(site: &Site, pi: usize, outputs: &mut BTreeSet<Output>) {
    outputs.insert(Output::Paragraph(pi));
    outputs.insert(Output::Meeting(site.paragraphs[pi].meeting));
    outputs.extend(site.pdfs_of(pi).map(Output::Document));
}

/// Does the case's row in the case lists read differently now?
fn row_changed(site: &Site, ci: usize, old: &Case) -> bool {
    let now = &site.cases[ci];
    old.title != now.title
        || old.status != now.status
        || old.diarienummer != now.diarienummer
        || site.timeline_latest(&old.timeline) != site.latest_treated(ci)
        || site.timeline_bodies(&old.timeline) != site.case_bodies(ci)
}

/// Adds the case-list pages to render again; returns the files of pages
/// that no longer exist.
fn case_list_outputs(
    site: &Site,
    before: &CaseLists,
    after: &CaseLists,
    rows_changed: &HashSet<usize>,
    outputs: &mut BTreeSet<Output>,
) -> Vec<String> {
    let counts = |lists: &CaseLists| -> Vec<(CaseFilter, usize)> {
        lists.iter().map(|(f, c)| (f.clone(), c.len())).collect()
    };
    let first_pages = counts(before) != counts(after);
    // Every page links every filter.
    let filters =
        |lists: &CaseLists| -> Vec<CaseFilter> { lists.iter().map(|(f, _)| f.clone()).collect() };
    let new_filters = filters(before) != filters(after);
    for (filter, cases) in after.iter() {
        let old = before.get(filter);
        let every_page = new_filters || old.len() != cases.len();
        for page in 1..=page_count(cases.len()) {
            let slice = page_slice(cases, page);
            if every_page
                || (first_pages && page == 1)
                || slice != page_slice(old, page)
                || slice.iter().any(|ci| rows_changed.contains(ci))
            {
                outputs.insert(Output::CaseList {
                    filter: filter.clone(),
                    page,
                });
            }
        }
    }
    let mut removed = Vec::new();
    for (filter, cases) in before.iter() {
        let now = after
            .iter()
            .find(|(f, _)| f == filter)
            .map_or(0, |(_, c)| page_count(c.len()));
        for page in now + 1..=page_count(cases.len()) {
            let gone = Output::CaseList {
                filter: filter.clone(),
                page,
            };
            removed.push(gone.file(site));
        }
    }
    removed
}

fn page_count(cases: usize) -> usize {
    cases.div_ceil(CASES_PER_PAGE).max(1)
}

fn page_slice(cases: &[usize], page: usize) -> &[usize] {
    let start = ((page - 1) * CASES_PER_PAGE).min(cases.len());
    let end = (page * CASES_PER_PAGE).min(cases.len());
    &cases[start..end]
}
