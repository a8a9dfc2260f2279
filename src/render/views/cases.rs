//! The case pages: the case lists with their filters and pagination, and
//! one case with its timeline.

use super::*;

#[derive(Serialize)]
struct TimelineEntry<'a> {
    date: String,
    date_text: String,
    body: BodyView<'a>,
    meeting_title: String,
    meeting_url: String,
    number: u32,
    title: &'a str,
    /// The decision's key (`referred`), which its glossary entry is named by.
    decision: Option<&'static str>,
    decision_label: Option<&'static str>,
    /// The decision in the minutes' words (its section "Beslut"), if any.
    decision_html: std::borrow::Cow<'a, str>,
    /// What was decided, in one sentence.
    outcome: String,
    on_agenda: bool,
    url: String,
    documents: Vec<DocumentView<'a>>,
    /// The last day to appeal the decision, once announced (none for one
    /// that only prepares another).
    appeal: Option<super::notice::AppealView>,
}

#[derive(Serialize)]
struct RelatedView<'a> {
    url: Option<String>,
    diarienummer: &'a str,
    title: Option<&'a str>,
}

#[derive(Serialize)]
struct FilterOption {
    label: String,
    url: String,
    /// On the every-year pages only: a count on every page would make
    /// every one of the thousands of list pages change with each count.
    count: Option<usize>,
    current: bool,
}

#[derive(Serialize)]
struct FilterGroup {
    label: &'static str,
    options: Vec<FilterOption>,
}

fn scope_label(site: &Site, t: &I18n, scope: CaseScope) -> String {
    match scope {
        CaseScope::All => t.get("filter_all").to_owned(),
        CaseScope::Status(s) => t.case_status(s).to_owned(),
        CaseScope::Body(b) => site.bodies[b].name.clone(),
        CaseScope::Kind(k) => t.kinds(k).to_owned(),
    }
}

/// The filters a case list links: the statuses and the bodies in the
/// list's year (or every year), and the list's scope in each year.
fn filter_groups(
    site: &Site,
    t: &I18n,
    lists: &CaseLists,
    filter: &CaseFilter,
) -> Vec<FilterGroup> {
    reads::record(Key::FiltersOfYear(None));
    reads::record(Key::FiltersOfYear(filter.year));
    reads::record(Key::YearsOfScope(filter.scope));
    if filter.year.is_none() {
        reads::record(Key::CaseCounts);
    }
    let option = |f: CaseFilter, label: String, current: bool| FilterOption {
        label,
        url: href(&f.dir(site)),
        count: filter.year.is_none().then(|| lists.get(&f).len()),
        current,
    };
    let mut statuses = Vec::new();
    let mut bodies = Vec::new();
    let mut kinds = Vec::new();
    for scope in lists.scopes() {
        let f = CaseFilter {
            scope,
            year: filter.year,
        };
        if !lists.has(&f) {
            continue;
        }
        let o = option(f, scope_label(site, t, scope), scope == filter.scope);
        match scope {
            CaseScope::Body(_) => bodies.push(o),
            CaseScope::Kind(_) => kinds.push(o),
            _ => statuses.push(o),
        }
    }
    let every_year = CaseFilter::every_year(filter.scope);
    let mut years = vec![option(
        every_year,
        t.get("filter_all_years").to_owned(),
        filter.year.is_none(),
    )];
    years.extend(lists.years(filter.scope).map(|y| {
        option(
            CaseFilter::in_year(filter.scope, y),
            y.to_string(),
            filter.year == Some(y),
        )
    }));
    vec![
        FilterGroup {
            label: t.get("filter_status"),
            options: statuses,
        },
        FilterGroup {
            label: t.get("filter_year"),
            options: years,
        },
        FilterGroup {
            label: t.get("filter_body"),
            options: bodies,
        },
        FilterGroup {
            label: t.get("filter_kind"),
            options: kinds,
        },
    ]
}

fn case_list_title(
    site: &Site,
    t: &I18n,
    filter: &CaseFilter,
    page: usize,
    pages: usize,
) -> String {
    let mut title = t.get("cases").to_owned();
    let mut parts = Vec::new();
    if filter.scope != CaseScope::All {
        parts.push(scope_label(site, t, filter.scope));
    }
    parts.extend(filter.year.map(|y| y.to_string()));
    if !parts.is_empty() {
        title = format!("{title}: {}", parts.join(", "));
    }
    if page > 1 {
        title = format!(
            "{title} ({} {page} {} {pages})",
            t.get("page").to_lowercase(),
            t.get("of")
        );
    }
    title
}

pub(super) fn case_list_context(
    site: &Site,
    t: &I18n,
    lists: &CaseLists,
    filter: &CaseFilter,
    page: usize,
    ctx: &mut Context,
) {
    reads::record(Key::CaseListPage(*filter, page));
    let list = lists.get(filter);
    let pages = filter.page_count(list.len());
    let rows: Vec<CaseRow> = filter
        .page_slice(list, page)
        .iter()
        .map(|ci| case_row(site, t, *ci))
        .collect();
    let first_shown = (page - 1) * CASES_PER_PAGE + usize::from(!rows.is_empty());
    ctx.insert("title", &case_list_title(site, t, filter, page, pages));
    ctx.insert("filters", &filter_groups(site, t, lists, filter));
    ctx.insert(
        "latest_only",
        &(filter.year.is_none() && rows.len() < list.len()),
    );
    ctx.insert("cases", &rows);
    ctx.insert("total", &list.len());
    ctx.insert("first_shown", &first_shown);
    ctx.insert("last_shown", &((page - 1) * CASES_PER_PAGE + rows.len()));
    ctx.insert("pagination", &pagination(&filter.dir(site), page, pages));
}

#[derive(Serialize)]
struct CaseView<'a> {
    url: String,
    slug: &'a str,
    diarienummer: &'a str,
    title: &'a str,
    status: &'static str,
    status_label: &'static str,
    status_overridden: bool,
    /// Its latest decision (and coming treatment) in one sentence.
    outcome: String,
    kind: Option<super::notice::KindView>,
    /// A consultation the case file invites answers to.
    consultation: Option<super::notice::ConsultationView<'a>>,
    summary_html: std::borrow::Cow<'a, str>,
    tags: &'a [String],
    /// Its tags, each linking to its topic's page.
    topics: Vec<Link>,
    timeline: Vec<TimelineEntry<'a>>,
    documents: Vec<DocumentView<'a>>,
    related: Vec<RelatedView<'a>>,
    bodies: Vec<BodyView<'a>>,
    first_date_text: String,
    latest_date_text: String,
}

fn case_view<'a>(site: &'a Site, t: &I18n, ci: CaseIx, root: &str) -> CaseView<'a> {
    let c = &site.cases[ci];
    reads::record(Key::Case(&c.slug));
    let timeline: Vec<TimelineEntry> = c
        .timeline
        .iter()
        .map(|&pi| {
            let p = &site.paragraphs[pi];
            let m = site.meeting_of(p);
            reads::record(Key::Meeting(&m.id));
            reads::record(Key::Paragraph(&m.id, p.number));
            TimelineEntry {
                date: m.date.to_string(),
                date_text: t.date(m.date),
                body: body_view(site, m.body),
                meeting_title: format!("{} {}", site.bodies[m.body].name, t.date(m.date)),
                meeting_url: href(&paths::meeting_dir(site, p.meeting)),
                number: p.number,
                title: &p.title,
                decision: p.decision.map(|d| d.key()),
                decision_label: p.decision.map(|d| t.decision(d)),
                decision_html: references::html(
                    site,
                    &p.decision_html,
                    root,
                    Some((m.date, m.body)),
                ),
                outcome: super::super::outcome::of_paragraph(site, t, pi, c.kind.or(p.kind)),
                on_agenda: !m.is_held(),
                url: href(&paths::paragraph_dir(site, pi)),
                documents: document_views(site, t, pi),
                appeal: (p.is_appealable())
                    .then(|| super::notice::appeal_view(t, m))
                    .flatten(),
            }
        })
        .collect();
    let documents = c
        .timeline
        .iter()
        .flat_map(|&pi| document_views(site, t, pi))
        .collect();
    let related = c
        .related
        .iter()
        .map(|r| match r {
            RelatedCase::Published(other) => {
                let o = &site.cases[*other];
                reads::record(Key::Case(&o.slug));
                RelatedView {
                    url: Some(href(&paths::case_dir(site, *other))),
                    diarienummer: &o.diarienummer,
                    title: Some(&o.title),
                }
            }
            RelatedCase::Unpublished(written) => RelatedView {
                url: None,
                diarienummer: written,
                title: None,
            },
        })
        .collect();
    let first = site.meeting_of(&site.paragraphs[c.timeline[0]]).date;
    CaseView {
        url: href(&paths::case_dir(site, ci)),
        slug: &c.slug,
        diarienummer: &c.diarienummer,
        title: &c.title,
        status: c.status.key(),
        status_label: t.case_status(c.status),
        status_overridden: c.status_overridden,
        outcome: super::super::outcome::of_case(site, t, ci),
        kind: c.kind.map(|k| super::notice::kind_view(site, t, k)),
        consultation: c
            .consultation()
            .map(|k| super::notice::consultation_view(t, k)),
        summary_html: std::borrow::Cow::Borrowed(c.summary_html().as_str()),
        tags: &c.tags,
        topics: super::topics::topic_links(&c.tags),
        timeline,
        documents,
        related,
        bodies: site
            .case_bodies(ci)
            .into_iter()
            .map(|b| body_view(site, b))
            .collect(),
        first_date_text: t.date(first),
        latest_date_text: t.date(site.latest_treated(ci)),
    }
}

/// One case's page: its timeline, documents and related cases.
pub(super) fn case_context(
    site: &Site,
    t: &I18n,
    ci: CaseIx,
    root: &str,
    home: Link,
    ctx: &mut Context,
) {
    let mut case = case_view(site, t, ci, root);
    let summary = site.cases[ci].summary_html();
    case.summary_html = references::html(site, summary, root, None);
    ctx.insert("title", &format!("{} {}", case.title, case.diarienummer));
    let description = format!(
        "{} {}: {}. {}: {}.",
        t.get("case"),
        case.diarienummer,
        case.title,
        t.get("status"),
        case.status_label
    );
    ctx.insert("description", &description);
    ctx.insert("og_type", "article");
    ctx.insert("breadcrumbs", &[home, link(t.get("cases"), "arenden/")]);
    ctx.insert("case", &case);
    let raised_by = super::people::raised_by(site, &site.cases[ci].timeline);
    ctx.insert("raised_by", &raised_by);
    if site.config.case_feeds {
        ctx.insert(
            "page_feed",
            &FeedLink {
                href: "feed.xml",
                title: t.get("follow_case_feed"),
            },
        );
    }
}
