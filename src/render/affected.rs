//! Which outputs a patched edit makes, removes, or changes without a
//! template ([`crate::model::patch`]). The pages and feeds that stay are
//! rendered again from what they read ([`super::reads`]); this adds:
//!
//! - the pages that may be new: a patched paragraph's and its PDFs', a
//!   new case's page and feed, a new meeting's page, a new year's meeting
//!   list, and the case list pages a list gained; the files of those that
//!   went (a removed paragraph's, case's, meeting's or attachment's, a
//!   year's, the pages a case list lost) are removed;
//! - the calendars of a meeting that came, went, changed its header or its
//!   number of paragraphs;
//! - the parts of the sitemap that list a page that came or went (a
//!   paragraph that became or stopped being confidential, a case, a case
//!   list page) or whose date moved, and its index when a part came or
//!   went;
//! - open data: a patched paragraph's OParl agenda item, files and
//!   consultations (a consultation of a case it no longer names is
//!   removed), its cases' papers, and the list pages that embed them; its
//!   OParl meeting and the meeting lists when the meeting's object
//!   changed, and for a meeting that came or went every page of the OParl
//!   meeting lists (which give totals), its year's pages of the OParl
//!   lists paged by year, and the data catalogue (the latest meeting's
//!   date); a case that came or went shifts the pages of the OParl paper
//!   list; the copies, pages and OParl files of attachments that came or
//!   went, with the file list's pages of their year; and the bulk tables
//!   whose rows changed: [`crate::opendata::fragments::Fragments::update`]
//!   tells.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::Datelike;

use super::paths::{self, CaseFilter, CaseScope, Output, SitemapPart};
use super::CaseLists;
use crate::model::patch::{Patch, RemovedMeeting};
use crate::model::{Case, Paragraph, Site};
use crate::opendata::fragments::Changed;
use crate::opendata::oparl::{self, ListPage, Listed, OparlFile, OparlList, Section};
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
    listed: &Listed,
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
    outputs.extend(new_cases.flat_map(|(ci, _)| [Output::Case(*ci), Output::CaseFeed(*ci)]));
    outputs.extend(patch.meetings_added.iter().map(|mi| Output::Meeting(*mi)));
    let mut parts = BTreeSet::new();
    for (pi, old) in &patch.paragraphs {
        if old
            .as_ref()
            .is_none_or(|old| old.confidential != site.paragraphs[*pi].confidential)
        {
            parts.extend(Output::Paragraph(*pi).sitemap_part(site));
        }
    }
    let relisted = meetings_resized(patch, site).into_iter();
    let added = patch.meetings_added.iter().copied();
    for meeting in relisted
        .chain(patch.meetings_changed.iter().copied())
        .chain(added)
    {
        calendars_of(site.meetings[meeting].body, &mut outputs);
        parts.extend(Output::Meeting(meeting).sitemap_part(site));
    }
    for gone in &patch.meetings_removed {
        calendars_of(gone.meeting.body, &mut outputs);
        parts.insert(SitemapPart::Meetings(gone.meeting.date.year()));
    }
    // A PDF's page is listed in its meeting's part.
    for (mi, _) in patch.added_pdfs().chain(patch.removed_pdfs()) {
        parts.extend(Output::Meeting(*mi).sitemap_part(site));
    }
    for (ci, old) in &patch.cases {
        let dates_moved = patch.cases_losing_paragraphs.contains(ci)
            || old
                .as_ref()
                .is_none_or(|old| site.timeline_latest(&old.timeline) != site.latest_treated(*ci));
        if dates_moved {
            parts.extend(Output::Case(*ci).sitemap_part(site));
        }
    }
    parts.extend(patch.removed.iter().map(|c| SitemapPart::Cases(c.id.year)));
    let years_gone = meeting_years_outputs(site, patch, &mut outputs, &mut parts);
    let mut removed = case_list_outputs(site, before, after, &mut outputs, &mut parts);
    sitemap_outputs(before, after, parts, &mut outputs, &mut removed);
    removed.extend(years_gone);
    let mut affected = Affected { outputs, removed };
    open_data_outputs(site, patch, listed, fragments, &mut affected);
    affected
}

/// When a year of meetings came or went: its page, when it came, and the
/// sitemap's index and its site part (they list the years' parts and
/// pages); a year that went loses its page and sitemap part, whose files
/// are returned.
fn meeting_years_outputs(
    site: &Site,
    patch: &Patch,
    outputs: &mut BTreeSet<Output>,
    parts: &mut BTreeSet<SitemapPart>,
) -> Vec<String> {
    let (came, went) = patch.meeting_years_changed(site);
    if came.is_empty() && went.is_empty() {
        return Vec::new();
    }
    outputs.extend(came.into_iter().map(Output::MeetingYear));
    outputs.extend([Output::Sitemap, Output::SitemapPart(SitemapPart::Site)]);
    let mut files = Vec::new();
    for year in went {
        parts.remove(&SitemapPart::Meetings(year));
        files.push(Output::MeetingYear(year).file(site));
        files.push(SitemapPart::Meetings(year).file());
    }
    files
}

/// The meetings whose number of paragraphs changed (paragraphs came or
/// went).
fn meetings_resized(patch: &Patch, site: &Site) -> BTreeSet<usize> {
    let added = patch.paragraphs.iter().filter(|(_, old)| old.is_none());
    let added = added.map(|(pi, _)| site.paragraphs[*pi].meeting);
    let removed = patch.removed_paragraphs.iter().map(|(p, _)| p.meeting);
    added.chain(removed).collect()
}

/// The calendars, which show a meeting's header and its number of
/// paragraphs: all bodies' and its body's.
fn calendars_of(body: usize, outputs: &mut BTreeSet<Output>) {
    outputs.extend([Output::Calendar(None), Output::Calendar(Some(body))]);
}

/// The feeds, OParl files and data tables that show the patched
/// paragraphs and cases.
fn open_data_outputs(
    site: &Site,
    patch: &Patch,
    listed: &Listed,
    fragments: &Changed,
    affected: &mut Affected,
) {
    let outputs = &mut affected.outputs;
    let mut oparl_files = BTreeSet::new();
    for &m in &fragments.oparl_meetings {
        oparl_files.insert(OparlFile::Meeting(m));
        oparl_files.insert(OparlFile::List(OparlList::Meetings, ListPage::holding(m)));
        let body = site.meetings[m].body;
        let in_body = oparl::body_meetings(site, body)
            .binary_search(&m)
            .unwrap_or_default();
        oparl_files.insert(OparlFile::List(
            OparlList::OrganizationMeetings(body),
            ListPage::holding(in_body),
        ));
    }
    // The catalogue gives the latest meeting's date.
    if patch.meeting_renumbering.is_some() {
        outputs.insert(Output::Data(DataFile::Catalogue));
    }
    meeting_list_pages(site, patch, listed, &mut oparl_files, &mut affected.removed);
    // A meeting that came or went moves the objects after it in its year
    // of the lists paged by year, even when as many came as went.
    let years: BTreeSet<Option<i32>> = patch
        .meetings_added
        .iter()
        .map(|mi| Some(meeting_year(site, *mi)))
        .chain(
            patch
                .meetings_removed
                .iter()
                .map(|g| Some(g.meeting.date.year())),
        )
        .collect();
    for list in [
        OparlList::AgendaItems,
        OparlList::Consultations,
        OparlList::Files,
    ] {
        let pages = list.pages(&list.sections(site, listed));
        let in_years = pages.into_iter().filter(|p| years.contains(&p.year));
        oparl_files.extend(in_years.map(|p| OparlFile::List(list, p)));
    }
    for gone in &patch.meetings_removed {
        affected.removed.extend(removed_meeting_files(gone));
    }
    let agenda_items = OparlList::AgendaItems.sections(site, listed);
    let files = OparlList::Files.sections(site, listed);
    for (pi, old) in &patch.paragraphs {
        let p = &site.paragraphs[*pi];
        oparl_files.insert(OparlFile::AgendaItem(*pi));
        oparl_files.insert(OparlFile::List(
            OparlList::AgendaItems,
            OparlList::page_of(&agenda_items, *pi),
        ));
        for i in site.pdfs_of(*pi) {
            oparl_files.insert(OparlFile::File(i));
            oparl_files.insert(OparlFile::List(
                OparlList::Files,
                OparlList::page_of(&files, i),
            ));
        }
        for k in 0..p.cases.len() {
            oparl_files.insert(OparlFile::Consultation { paragraph: *pi, k });
        }
        let now: Vec<usize> = p.cases.iter().map(|r| r.case).collect();
        let before = old.iter().flat_map(|old| &old.cases);
        for r in before.filter(|r| !now.contains(&r.case)) {
            affected
                .removed
                .push(oparl::consultation_file(site, *pi, r.case));
        }
    }
    for (p, slugs) in &patch.removed_paragraphs {
        affected
            .removed
            .extend(removed_paragraph_files(site, p, slugs));
    }
    // An agenda item gives its order in its meeting.
    for mi in meetings_resized(patch, site) {
        let items = site.meetings[mi].paragraphs.clone();
        oparl_files.extend(items.map(OparlFile::AgendaItem));
    }
    for case in &patch.removed {
        affected.removed.extend(removed_case_files(site, case));
    }
    for (mi, file) in &patch.attachments_removed {
        affected
            .removed
            .push(paths::attachment_file(site, *mi, file));
    }
    for (mi, file) in patch.removed_pdfs() {
        affected.removed.extend([
            paths::document_page_at(site, *mi, file),
            oparl::file_file_at(site, *mi, file),
        ]);
    }
    file_pages(site, patch, &files, &mut oparl_files, &mut affected.removed);
    agenda_item_pages(
        site,
        patch,
        &agenda_items,
        &mut oparl_files,
        &mut affected.removed,
    );
    consultation_pages(site, patch, listed, &mut oparl_files, &mut affected.removed);
    let papers = OparlList::Papers.sections(site, listed);
    for (ci, _) in &patch.cases {
        oparl_files.insert(OparlFile::Paper(*ci));
        let at = listed.paper_position(site, *ci);
        oparl_files.insert(OparlFile::List(
            OparlList::Papers,
            OparlList::page_of(&papers, at),
        ));
    }
    paper_pages(
        site,
        patch,
        &papers,
        &mut oparl_files,
        &mut affected.removed,
    );
    outputs.extend(oparl_files.into_iter().map(Output::Oparl));
    outputs.extend(fragments.tables.keys().copied().map(Output::Data));
}

/// The pages of the OParl consultation list that show the patched
/// paragraphs' consultations, and, where their number changed, the pages
/// of their years ([`year_pages`]).
fn consultation_pages(
    site: &Site,
    patch: &Patch,
    listed: &Listed,
    files: &mut BTreeSet<OparlFile>,
    removed: &mut Vec<String>,
) {
    let list = OparlList::Consultations;
    let sections = list.sections(site, listed);
    let mut counts = YearCounts::of(&sections);
    for (p, slugs) in &patch.removed_paragraphs {
        counts.went(site.meetings[p.meeting].date.year(), slugs.len());
    }
    for gone in &patch.meetings_removed {
        let slugs = gone.paragraphs.iter().map(|(_, slugs)| slugs.len());
        counts.went(gone.meeting.date.year(), slugs.sum());
    }
    for (pi, old) in &patch.paragraphs {
        let now = site.paragraphs[*pi].cases.len();
        let then = patch.cases_named_before(*pi, old.as_ref());
        let year = site.meeting_of(&site.paragraphs[*pi]).date.year();
        counts.went(year, then.saturating_sub(now));
        counts.came(year, now.saturating_sub(then));
        let first = listed.consultation_position(*pi);
        for k in 0..now.max(1) {
            files.insert(OparlFile::List(
                list,
                OparlList::page_of(&sections, first + k),
            ));
        }
    }
    year_pages(site, list, &sections, counts, files, removed);
}

/// The pages of the OParl agenda item list of the years that paragraphs
/// came to or went from.
fn agenda_item_pages(
    site: &Site,
    patch: &Patch,
    sections: &[Section],
    files: &mut BTreeSet<OparlFile>,
    removed: &mut Vec<String>,
) {
    if patch.paragraph_renumbering.is_none() {
        return;
    }
    let new = patch.paragraphs.iter().filter(|(_, old)| old.is_none());
    let came = new.map(|(pi, _)| meeting_year(site, site.paragraphs[*pi].meeting));
    let went = patch
        .removed_paragraphs
        .iter()
        .map(|(p, _)| meeting_year(site, p.meeting));
    let went_with_meetings = patch
        .meetings_removed
        .iter()
        .flat_map(|g| g.paragraphs.iter().map(|_| g.meeting.date.year()));
    let went = went.chain(went_with_meetings);
    let list = OparlList::AgendaItems;
    meeting_year_pages(site, list, sections, came, went, files, removed);
}

/// The pages of the OParl file list of the years that PDFs came to or
/// went from.
fn file_pages(
    site: &Site,
    patch: &Patch,
    sections: &[Section],
    files: &mut BTreeSet<OparlFile>,
    removed: &mut Vec<String>,
) {
    if patch.pdf_renumbering.is_none() {
        return;
    }
    let came = patch.added_pdfs().map(|(mi, _)| meeting_year(site, *mi));
    let went = patch.removed_pdfs().map(|(mi, _)| meeting_year(site, *mi));
    let went_with_meetings = patch
        .meetings_removed
        .iter()
        .flat_map(|g| g.pdfs().map(|_| g.meeting.date.year()));
    let went = went.chain(went_with_meetings);
    let list = OparlList::Files;
    meeting_year_pages(site, list, sections, came, went, files, removed);
}

/// The year of a meeting of the model.
fn meeting_year(site: &Site, mi: usize) -> i32 {
    site.meetings[mi].date.year()
}

/// The pages of a list paged by its objects' meeting years
/// ([`year_pages`]) after objects came to meetings of the years `came` and
/// went from meetings of the years `went` (one each).
fn meeting_year_pages(
    site: &Site,
    list: OparlList,
    sections: &[Section],
    came: impl Iterator<Item = i32>,
    went: impl Iterator<Item = i32>,
    files: &mut BTreeSet<OparlFile>,
    removed: &mut Vec<String>,
) {
    let mut counts = YearCounts::of(sections);
    for year in came {
        counts.came(year, 1);
    }
    for year in went {
        counts.went(year, 1);
    }
    year_pages(site, list, sections, counts, files, removed);
}

/// Every page of the OParl meeting lists that meetings came to or went
/// from (each page gives its list's total), and the files of their pages
/// that are gone.
fn meeting_list_pages(
    site: &Site,
    patch: &Patch,
    listed: &Listed,
    files: &mut BTreeSet<OparlFile>,
    removed: &mut Vec<String>,
) {
    let mut came: BTreeMap<OparlList, isize> = BTreeMap::new();
    let bodies = patch
        .meetings_added
        .iter()
        .map(|mi| (site.meetings[*mi].body, 1));
    let gone = patch.meetings_removed.iter().map(|g| (g.meeting.body, -1));
    for (body, count) in bodies.chain(gone) {
        for list in [OparlList::Meetings, OparlList::OrganizationMeetings(body)] {
            *came.entry(list).or_default() += count;
        }
    }
    for (list, count) in came {
        let sections = list.sections(site, listed);
        files.extend(
            list.pages(&sections)
                .into_iter()
                .map(|p| OparlFile::List(list, p)),
        );
        let now = sections[0].objects.len();
        let before = now.checked_add_signed(-count).unwrap_or_default();
        for page in oparl::page_count(now) + 1..=oparl::page_count(before) {
            removed.push(list.file(site, ListPage { year: None, page }));
        }
    }
}

/// The files of a meeting whose folder went: its page and OParl object,
/// and those of its paragraphs, consultations, attachments and PDFs.
fn removed_meeting_files(gone: &RemovedMeeting) -> Vec<String> {
    let m = &gone.meeting;
    let mut files = vec![
        format!("{}index.html", paths::meeting_dir_of(m)),
        oparl::meeting_file_of(m),
    ];
    for (p, slugs) in &gone.paragraphs {
        files.push(format!(
            "{}index.html",
            paths::paragraph_dir_in(m, p.number)
        ));
        files.push(oparl::agenda_item_file_in(m, p.number));
        let consultations = slugs
            .iter()
            .map(|s| oparl::consultation_file_in(m, p.number, s));
        files.extend(consultations);
    }
    files.extend(
        gone.attachments
            .iter()
            .map(|f| paths::attachment_file_in(m, f)),
    );
    for file in gone.pdfs() {
        files.push(paths::document_page_in(m, file));
        files.push(oparl::file_file_in(m, file));
    }
    files
}

/// The lengths of a list's sections by year.
fn counts(sections: &[Section]) -> BTreeMap<Option<i32>, usize> {
    sections.iter().map(|s| (s.year, s.objects.len())).collect()
}

/// How many objects each year of a list split by year had before a patch,
/// counted back from its sections now, and the years objects came to or
/// went from: as many may have come as went, yet the objects between them
/// moved.
struct YearCounts {
    before: BTreeMap<Option<i32>, usize>,
    moved: BTreeSet<Option<i32>>,
}

impl YearCounts {
    fn of(sections: &[Section]) -> YearCounts {
        YearCounts {
            before: counts(sections),
            moved: BTreeSet::new(),
        }
    }

    /// `n` objects of the year are new.
    fn came(&mut self, year: i32, n: usize) {
        if n > 0 {
            *self.before.entry(Some(year)).or_default() -= n;
            self.moved.insert(Some(year));
        }
    }

    /// `n` objects of the year are gone.
    fn went(&mut self, year: i32, n: usize) {
        if n > 0 {
            *self.before.entry(Some(year)).or_default() += n;
            self.moved.insert(Some(year));
        }
    }
}

/// The pages of a list split by year to render again when objects came to
/// or went from some years ([`YearCounts`]): every page of those years
/// (the objects after the first that came or went moved), the pages whose
/// `prev` or `next` leads
/// into them, and, when the first year changed, every page (the first is
/// the list's own file, the others are named by year); the files of pages
/// that are gone are removed.
fn year_pages(
    site: &Site,
    list: OparlList,
    sections: &[Section],
    counts: YearCounts,
    files: &mut BTreeSet<OparlFile>,
    removed: &mut Vec<String>,
) {
    let YearCounts { mut before, moved } = counts;
    let changed: Vec<Option<i32>> = moved.into_iter().collect();
    if changed.is_empty() {
        return;
    }
    before.retain(|_, n| *n > 0);
    let before: Vec<Section> = if before.is_empty() {
        vec![Section {
            year: None,
            objects: 0..0,
        }]
    } else {
        before
            .into_iter()
            .map(|(year, n)| Section {
                year,
                objects: 0..n,
            })
            .collect()
    };
    let first_after = sections[0].year;
    let pages = list.pages(sections);
    let now: HashSet<String> = pages
        .iter()
        .map(|p| list.file_after(site, *p, first_after))
        .collect();
    for page in list.pages(&before) {
        let file = list.file_after(site, page, before[0].year);
        if !now.contains(&file) {
            removed.push(file);
        }
    }
    let changed_between =
        |from: Option<i32>, to: Option<i32>| changed.iter().any(|y| from <= *y && *y <= to);
    for (i, page) in pages.iter().enumerate() {
        let year_before = i.checked_sub(1).map(|j| pages[j].year);
        let year_after = pages.get(i + 1).map(|p| p.year);
        let starts_year = year_before != Some(page.year);
        let ends_year = year_after != Some(page.year);
        if before[0].year != first_after
            || changed.contains(&page.year)
            || (starts_year && changed_between(year_before.flatten(), page.year))
            || (ends_year && changed_between(page.year, year_after.unwrap_or(Some(i32::MAX))))
        {
            files.insert(OparlFile::List(list, *page));
        }
    }
}

/// The files of a paragraph that is gone: its page, its OParl agenda item
/// and its consultations (of the cases with these slugs).
fn removed_paragraph_files(site: &Site, p: &Paragraph, slugs: &[String]) -> Vec<String> {
    let mut files = vec![
        format!("{}index.html", paths::paragraph_dir_at(site, p)),
        oparl::agenda_item_file_at(site, p),
    ];
    for slug in slugs {
        files.push(oparl::consultation_file_at(site, p, slug));
    }
    files
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

/// The pages of the OParl paper list of the years that cases came to or
/// went from ([`year_pages`]).
fn paper_pages(
    site: &Site,
    patch: &Patch,
    sections: &[Section],
    files: &mut BTreeSet<OparlFile>,
    removed: &mut Vec<String>,
) {
    if patch.renumbering.is_none() {
        return;
    }
    let mut counts = YearCounts::of(sections);
    for (ci, old) in &patch.cases {
        if old.is_none() {
            counts.came(i32::from(site.cases[*ci].id.year), 1);
        }
    }
    for case in &patch.removed {
        counts.went(i32::from(case.id.year), 1);
    }
    let list = OparlList::Papers;
    year_pages(site, list, sections, counts, files, removed);
}

/// Adds the sitemap's parts that list pages that came or went or whose
/// date changed, and its index when a year's cases came or went.
fn sitemap_outputs(
    before: &CaseLists,
    after: &CaseLists,
    parts: BTreeSet<SitemapPart>,
    outputs: &mut BTreeSet<Output>,
    removed: &mut Vec<String>,
) {
    let has_cases = |lists: &CaseLists, part: &SitemapPart| match part {
        SitemapPart::Cases(y) => lists.has(&CaseFilter::in_year(CaseScope::All, *y)),
        _ => true,
    };
    for part in parts {
        match (has_cases(before, &part), has_cases(after, &part)) {
            (true, true) => {}
            (true, false) => {
                removed.push(part.file());
                outputs.insert(Output::Sitemap);
                continue;
            }
            _ => {
                outputs.insert(Output::Sitemap);
            }
        }
        outputs.insert(Output::SitemapPart(part));
    }
}

/// Adds the case-list pages that came (those that stay are rendered again
/// as what they read changed: [`super::reads`]); returns the files of
/// pages that no longer exist. A list whose pages came or went changes
/// its sitemap part.
fn case_list_outputs(
    site: &Site,
    before: &CaseLists,
    after: &CaseLists,
    outputs: &mut BTreeSet<Output>,
    parts: &mut BTreeSet<SitemapPart>,
) -> Vec<String> {
    let pages = |lists: &CaseLists, filter: &CaseFilter| match lists.has(filter) {
        true => filter.page_count(lists.get(filter).len()),
        false => 0,
    };
    let mut removed = Vec::new();
    let filters = before.iter().chain(after.iter()).map(|(f, _)| *f);
    for filter in filters.collect::<BTreeSet<_>>() {
        let (then, now) = (pages(before, &filter), pages(after, &filter));
        if then != now {
            parts.insert(SitemapPart::of_case_list(&filter));
        }
        for page in then + 1..=now {
            outputs.insert(Output::CaseList { filter, page });
        }
        for page in now + 1..=then {
            removed.push(Output::CaseList { filter, page }.file(site));
        }
    }
    removed
}
