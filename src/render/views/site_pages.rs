//! The site's own pages: the start page, the search page, the free pages
//! and the /data/ page.

use super::*;

/// A case status as a search filter choice.
#[derive(Serialize)]
struct StatusOption {
    key: &'static str,
    label: &'static str,
}

/// The start page: upcoming and latest meetings, the latest decided cases.
pub(super) fn home_context(site: &Site, t: &I18n, lists: &CaseLists, ctx: &mut Context) {
    reads::record(Key::Everything);
    ctx.insert("title", &site.config.title);
    let upcoming: Vec<MeetingView> = MeetingIx::all(site.meetings.len())
        .filter(|&i| !site.meetings[i].is_held())
        .take(10)
        .map(|i| meeting_view(site, t, i))
        .collect();
    let latest: Vec<MeetingView> = MeetingIx::all(site.meetings.len())
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
    reads::record(Key::Everything);
    use crate::opendata::DataFile;
    let files: Vec<DataFileRow> = DataFile::of(site)
        .map(|f| {
            let name = f.file().trim_start_matches("data/").to_owned();
            DataFileRow {
                href: name.clone(),
                name,
                format: f.format(),
                size: t.size(fragments.size(site, f) as u64),
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

/// A free page (`pages/`).
pub(super) fn free_page_context(site: &Site, i: usize, root: &str, home: Link, ctx: &mut Context) {
    let p = &site.pages[i];
    reads::record(Key::Page(&p.slug));
    ctx.insert("title", &p.title);
    ctx.insert("breadcrumbs", &[home]);
    ctx.insert("html", &references::html(site, &p.html, root, None));
}

/// `/sok/`: the search page and its filters.
pub(super) fn search_context(site: &Site, t: &I18n, home: Link, ctx: &mut Context) {
    reads::record(Key::Years);
    ctx.insert("title", t.get("search"));
    ctx.insert("breadcrumbs", &[home]);
    ctx.insert(
        "bodies",
        &(0..site.bodies.len())
            .map(|b| body_view(site, b))
            .collect::<Vec<_>>(),
    );
    ctx.insert("years", &site.years());
    ctx.insert("kinds", &crate::search::docs::kinds_of(site, t));
    let statuses: Vec<StatusOption> = CaseStatus::ALL
        .iter()
        .map(|s| StatusOption {
            key: s.key(),
            label: t.case_status(*s),
        })
        .collect();
    ctx.insert("statuses", &statuses);
    ctx.insert("people", &super::people::people_by_name(site));
}
