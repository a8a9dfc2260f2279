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
//!   row, and every page when a filter's count changed (each page shows
//!   them all); the bodies whose case count changed;
//! - the start page and the feed, always (both are small); the sitemap when
//!   a case's date moved or a paragraph became (or stopped being)
//!   confidential.

use std::collections::{BTreeSet, HashSet};

use super::paths::{CaseFilter, Output};
use super::{CaseLists, CASES_PER_PAGE};
use crate::model::patch::Patch;
use crate::model::{Case, RelatedCase, Site};

/// The outputs to render again, and the files of outputs that are gone.
pub struct Affected {
    pub outputs: BTreeSet<Output>,
    pub removed: Vec<String>,
}

pub fn affected(site: &Site, patch: &Patch, before: &CaseLists, after: &CaseLists) -> Affected {
    let mut outputs = BTreeSet::from([Output::Home, Output::Feed]);
    for (pi, _) in &patch.paragraphs {
        paragraph_outputs(site, *pi, &mut outputs);
    }
    for (ci, old) in &patch.cases {
        let now = &site.cases[*ci];
        outputs.insert(Output::Case(*ci));
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
    let dates_moved = patch
        .cases
        .iter()
        .any(|(ci, old)| site.timeline_latest(&old.timeline) != site.latest_treated(*ci));
    let flipped = patch
        .paragraphs
        .iter()
        .any(|(pi, old)| old.confidential != site.paragraphs[*pi].confidential);
    if dates_moved || flipped {
        outputs.insert(Output::Sitemap);
    }
    let rows_changed: HashSet<usize> = patch
        .cases
        .iter()
        .filter(|(ci, old)| row_changed(site, *ci, old))
        .map(|(ci, _)| *ci)
        .collect();
    let removed = case_list_outputs(site, before, after, &rows_changed, &mut outputs);
    for b in 0..site.bodies.len() {
        let filter = CaseFilter::Body(b);
        if before.get(&filter).len() != after.get(&filter).len() {
            outputs.insert(Output::Body(b));
        }
    }
    Affected { outputs, removed }
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
    let every_page = counts(before) != counts(after);
    for (filter, cases) in after.iter() {
        let old = before.get(filter);
        for page in 1..=page_count(cases.len()) {
            let slice = page_slice(cases, page);
            if every_page
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
