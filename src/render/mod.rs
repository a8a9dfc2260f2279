//! Rendering: every output of the site as a pure function of the model.
//!
//! [`outputs`] lists everything a build writes: pages, the feed, the
//! sitemap, theme assets and published attachments. [`render`] turns one
//! [`Output`] into bytes. Nothing here reads another output.

pub mod affected;
pub mod charts;
pub mod feed;
pub mod outcome;
pub mod paths;
pub mod reads;
pub mod statistics;
pub mod topics;
pub mod views;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use tera::Context;

use crate::error::BuildError;
use crate::i18n::I18n;
use crate::model::patch::Renumbering;
use crate::model::people::Activity;
use crate::model::{Case, CaseIx, MeetingIx, ParagraphIx, PdfIx, Positions, Site};
use crate::opendata::fragments::Fragments;
use crate::opendata::{calendar, oparl, DataFile};
use crate::search::SearchIndex;
use crate::theme::{template_error, Asset, Theme};
pub use paths::Output;
use paths::{depth_prefix, CaseFilter, CaseScope, SitemapPart};
use reads::Key;

/// Cases per page on the case lists.
pub const CASES_PER_PAGE: usize = 50;

/// A file copied as it is: a theme asset or a published attachment.
#[derive(Debug, Clone)]
pub struct Copy {
    pub from: CopySource,
    /// Relative to the output folder, `/`-separated.
    pub to: String,
}

#[derive(Debug, Clone)]
pub enum CopySource {
    Asset(Asset),
    File(PathBuf),
}

/// Every rendered output of the site, in a stable order: the pages first.
pub fn outputs(
    site: &Site,
    lists: &CaseLists,
    activity: &Activity,
    listed: &oparl::Listed,
) -> Vec<Output> {
    let mut out = pages(site, lists, activity);
    if let Some(stats) = &site.statistics {
        for (g, group) in stats.groups.iter().enumerate() {
            out.extend(
                (0..group.indicators.len()).map(|indicator| Output::StatisticsCsv {
                    group: g,
                    indicator,
                }),
            );
        }
    }
    out.push(Output::Sitemap);
    out.extend(sitemap_parts(site, lists).map(Output::SitemapPart));
    out.push(Output::Feed);
    out.extend(case_feeds(site));
    out.extend((0..site.bodies.len()).map(Output::BodyFeed));
    out.extend(topic_feeds(lists));
    out.extend(people_feeds(site));
    out.push(Output::NoticeFeed);
    out.push(Output::Calendar(None));
    out.extend((0..site.bodies.len()).map(|b| Output::Calendar(Some(b))));
    out.push(Output::AppealCalendar);
    out.extend(DataFile::of(site).map(Output::Data));
    out.extend(oparl::files(site, listed).into_iter().map(Output::Oparl));
    out
}

/// Every output made with a theme template ([`Output::template`]): the
/// pages and the feeds.
pub fn templated(site: &Site, lists: &CaseLists, activity: &Activity) -> Vec<Output> {
    let mut out = pages(site, lists, activity);
    out.push(Output::Feed);
    out.extend(case_feeds(site));
    out.extend((0..site.bodies.len()).map(Output::BodyFeed));
    out.extend(topic_feeds(lists));
    out.extend(people_feeds(site));
    out.push(Output::NoticeFeed);
    out
}

/// Each case's feed, unless site.yaml says `case_feeds: false`.
fn case_feeds(site: &Site) -> impl Iterator<Item = Output> {
    let cases = if site.config.case_feeds {
        site.cases.len()
    } else {
        0
    };
    CaseIx::all(cases).map(Output::CaseFeed)
}

/// Each topic's feed.
fn topic_feeds(lists: &CaseLists) -> impl Iterator<Item = Output> + '_ {
    (lists.topics.iter()).map(|t| Output::TopicFeed(t.slug.clone()))
}

/// Every HTML page, in the sitemap's order, the 404 page last.
pub fn pages(site: &Site, lists: &CaseLists, activity: &Activity) -> Vec<Output> {
    pages_of(site, lists, activity, None)
}

/// The pages one part of the sitemap lists, in site order: worked out
/// from the part's meetings and cases alone, so that an edit's part is
/// written without listing the other 160 000 pages of a large archive.
pub fn sitemap_pages(
    site: &Site,
    lists: &CaseLists,
    activity: &Activity,
    part: SitemapPart,
) -> Vec<Output> {
    pages_of(site, lists, activity, Some(part))
}

/// The sitemap's parts: the site's own, and one for each year of meetings
/// and of cases (what each lists: [`sitemap_pages`]). It reads the years
/// of meetings and of cases.
pub fn sitemap_parts<'a>(
    site: &Site,
    lists: &'a CaseLists,
) -> impl Iterator<Item = SitemapPart> + 'a {
    reads::record(Key::Years);
    reads::record(Key::YearsOfScope(CaseScope::All));
    let meeting_years = site.years().into_iter().rev().map(SitemapPart::Meetings);
    let case_years = lists.years(CaseScope::All).collect::<Vec<_>>();
    std::iter::once(SitemapPart::Site)
        .chain(meeting_years)
        .chain(case_years.into_iter().rev().map(SitemapPart::Cases))
}

/// The pages of the sitemap part `part` (every page, the 404 page
/// included, for `None`), in site order. A part records what it reads:
/// the years (the site's part), a year's meetings and each one's
/// paragraphs and PDFs, and which case lists it has and their lengths; a
/// page's own reads (whether a paragraph is listed, a case's date) are
/// recorded where the sitemap reads them ([`feed::sitemap_part`]).
fn pages_of(
    site: &Site,
    lists: &CaseLists,
    activity: &Activity,
    part: Option<SitemapPart>,
) -> Vec<Output> {
    let whole = part.is_none();
    let site_part = whole || part == Some(SitemapPart::Site);
    let note = |key: Key| {
        if !whole {
            reads::record(key);
        }
    };
    let meetings = match part {
        None => MeetingIx::new(0)..MeetingIx::new(site.meetings.len()),
        Some(SitemapPart::Meetings(year)) => site.meetings_of_year(year),
        Some(_) => MeetingIx::new(0)..MeetingIx::new(0),
    };
    let cases: Vec<CaseIx> = match part {
        None => CaseIx::all(site.cases.len()).collect(),
        Some(SitemapPart::Cases(year)) => {
            let mut cases = lists
                .get(&CaseFilter::in_year(CaseScope::All, year))
                .to_vec();
            cases.sort_unstable();
            cases
        }
        Some(_) => Vec::new(),
    };
    let mut out = Vec::new();
    if site_part {
        note(Key::Years);
        out.extend([Output::Home, Output::MeetingIndex]);
        out.extend(site.years().into_iter().map(Output::MeetingYear));
        out.extend(site.years().into_iter().map(Output::NoticeYear));
    }
    if let Some(SitemapPart::Meetings(year)) = part {
        note(Key::MeetingsOfYear(year));
        for m in site.meetings.run(meetings.clone()) {
            note(Key::MeetingParagraphs(&m.id));
            note(Key::MeetingPdfs(&m.id));
        }
    }
    if !meetings.is_empty() {
        let meetings_run = site.meetings.run(meetings.clone());
        let first = meetings_run.first().expect("not empty").paragraphs.start;
        let end = meetings_run.last().expect("not empty").paragraphs.end;
        let pdfs = site.pdfs_of_meetings(meetings.clone());
        out.extend(MeetingIx::each(meetings).map(Output::Meeting));
        out.extend(ParagraphIx::each(first..end).map(Output::Paragraph));
        out.extend(PdfIx::each(pdfs).map(Output::Document));
    }
    if site_part {
        out.extend((0..site.bodies.len()).map(Output::Body));
    }
    let listed_here = |f: &CaseFilter| whole || part == Some(SitemapPart::of_case_list(f));
    match part {
        Some(SitemapPart::Site) => note(Key::FiltersOfYear(None)),
        Some(SitemapPart::Cases(year)) => note(Key::FiltersOfYear(Some(year))),
        _ => {}
    }
    for (filter, cases) in lists.iter().filter(|(f, _)| listed_here(f)) {
        note(Key::CaseCount(*filter));
        let pages = filter.page_count(cases.len());
        out.extend((1..=pages).map(|page| Output::CaseList {
            filter: *filter,
            page,
        }));
    }
    out.extend(cases.into_iter().map(Output::Case));
    if site_part {
        out.extend((0..site.pages.len()).map(Output::Page));
        if !site.budgets.is_empty() {
            out.push(Output::Economy);
            out.extend((0..site.budgets.len()).map(Output::Budget));
        }
        if let Some(stats) = &site.statistics {
            out.push(Output::Statistics);
            out.extend((0..stats.groups.len()).map(Output::StatisticsGroup));
        }
        out.extend([
            Output::Search,
            Output::DataIndex,
            Output::NoticeBoard,
            Output::TakePart,
            Output::Glossary,
            Output::Topics,
        ]);
        note(Key::Topics);
        for topic in lists.topics.iter() {
            let slug = &topic.slug;
            out.extend((1..=topic.pages()).map(|page| Output::Topic {
                slug: slug.clone(),
                page,
            }));
        }
        if !whole {
            // How many pages each person's and party's acts fill.
            for p in &site.people.people {
                reads::record(Key::Person(&p.id));
            }
            for p in &site.people.parties {
                reads::record(Key::Party(&p.id));
            }
        }
        out.extend(people_pages(site, activity));
    }
    if whole {
        out.push(Output::NotFound);
    }
    out
}

/// The people's pages, when the portal has people.yaml: the list, each
/// person's and each party's, in as many pages as their acts fill.
fn people_pages(site: &Site, activity: &Activity) -> Vec<Output> {
    if site.people.people.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Output::People];
    for person in 0..site.people.people.len() {
        let pages = activity.person_pages(person);
        out.extend((1..=pages).map(|page| Output::Person { person, page }));
    }
    for party in 0..site.people.parties.len() {
        let pages = activity.party_pages(party);
        out.extend((1..=pages).map(|page| Output::Party { party, page }));
    }
    out
}

/// Each person's and each party's Atom feed, with people.yaml.
fn people_feeds(site: &Site) -> impl Iterator<Item = Output> {
    let people = (0..site.people.people.len()).map(Output::PersonFeed);
    people.chain((0..site.people.parties.len()).map(Output::PartyFeed))
}

/// The order of the case lists: latest treated first, then by case.
fn latest_first(site: &Site, ci: CaseIx) -> (std::cmp::Reverse<chrono::NaiveDate>, CaseIx) {
    (std::cmp::Reverse(site.latest_treated(ci)), ci)
}

/// The order of the lists themselves: by scope, each scope's every-year
/// list first, then its years, latest first.
fn list_order(f: &CaseFilter) -> (CaseScope, Option<std::cmp::Reverse<u16>>) {
    (f.scope, f.year.map(std::cmp::Reverse))
}

/// The filters whose lists show a case treated by `bodies`.
fn filters_of(site: &Site, ci: CaseIx, bodies: &[usize]) -> Vec<CaseFilter> {
    let year = site.cases[ci].id.year;
    let mut scopes = vec![CaseScope::All, CaseScope::Status(site.cases[ci].status)];
    scopes.extend(bodies.iter().map(|&b| CaseScope::Body(b)));
    scopes.extend(site.cases[ci].kind.map(CaseScope::Kind));
    scopes
        .into_iter()
        .flat_map(|scope| {
            [
                CaseFilter::every_year(scope),
                CaseFilter::in_year(scope, year),
            ]
        })
        .collect()
}

/// The case lists, computed once per build: for each filter that has cases
/// (and [`CaseFilter::ALL`], always), its cases, latest treated first.
///
/// The lists and the topics are shared between copies (a patch keeps the
/// lists before it beside those after, and changes few of them): each is
/// copied when it changes.
#[derive(Clone)]
pub struct CaseLists {
    lists: Vec<(CaseFilter, Arc<Vec<CaseIx>>)>,
    index: Arc<HashMap<CaseFilter, usize>>,
    /// The topics: the cases and paragraphs of each tag.
    pub topics: Arc<topics::Topics>,
}

impl CaseLists {
    pub fn new(site: &Site) -> Self {
        let mut by_latest: Vec<CaseIx> = CaseIx::all(site.cases.len()).collect();
        by_latest.sort_by_cached_key(|&ci| latest_first(site, ci));
        let mut lists: HashMap<CaseFilter, Vec<CaseIx>> =
            HashMap::from([(CaseFilter::ALL, Vec::new())]);
        for ci in by_latest {
            for filter in filters_of(site, ci, &site.case_bodies(ci)) {
                lists.entry(filter).or_default().push(ci);
            }
        }
        Self::from_lists(lists.into_iter().collect(), topics::Topics::new(site))
    }

    fn from_lists(mut lists: Vec<(CaseFilter, Vec<CaseIx>)>, topics: topics::Topics) -> Self {
        lists.sort_by_key(|(f, _)| list_order(f));
        let index = lists
            .iter()
            .enumerate()
            .map(|(i, (f, _))| (*f, i))
            .collect();
        CaseLists {
            lists: (lists.into_iter())
                .map(|(f, cases)| (f, Arc::new(cases)))
                .collect(),
            index: Arc::new(index),
            topics: Arc::new(topics),
        }
    }

    /// The lists once the `changed` cases (and only they) changed status,
    /// dates or bodies, without sorting every case again; `None` when a
    /// filter would gain its first case or lose its last (then use
    /// [`CaseLists::new`]).
    pub fn patched(&self, site: &Site, changed: &[CaseIx]) -> Option<CaseLists> {
        let mut patched = self.clone();
        // Removed cases (see `renumbered`) go too.
        let stays = |ci: &CaseIx| !changed.contains(ci) && ci.get() < site.cases.len();
        for (_, cases) in patched.lists.iter_mut() {
            if !cases.iter().all(stays) {
                Arc::make_mut(cases).retain(stays);
            }
        }
        for &ci in changed {
            let key = latest_first(site, ci);
            for filter in filters_of(site, ci, &site.case_bodies(ci)) {
                let cases = Arc::make_mut(&mut patched.lists[*patched.index.get(&filter)?].1);
                let at = cases.partition_point(|&other| latest_first(site, other) < key);
                cases.insert(at, ci);
            }
        }
        let emptied = patched
            .lists
            .iter()
            .any(|(f, cases)| cases.is_empty() && *f != CaseFilter::ALL);
        (!emptied).then_some(patched)
    }

    /// The lists with their cases renumbered after cases came or went: a
    /// removed case keeps its place under a number past the last case
    /// (`cases.len() + its old index`), so that the lists still compare
    /// with the new ones page by page; [`CaseLists::patched`] drops it.
    pub fn renumbered(&self, r: &Renumbering<Case>, cases: usize) -> CaseLists {
        let mut renumbered = self.clone();
        for (_, list) in renumbered.lists.iter_mut() {
            for ci in Arc::make_mut(list).iter_mut() {
                *ci = r.new_index(*ci).unwrap_or(CaseIx::new(cases + ci.get()));
            }
        }
        renumbered
    }

    /// Each filter that has cases, with its cases, in list order.
    pub fn iter(&self) -> impl Iterator<Item = (&CaseFilter, &[CaseIx])> {
        self.lists.iter().map(|(f, cases)| (f, cases.as_slice()))
    }

    /// Is there a list for the filter (does it have cases)?
    pub fn has(&self, filter: &CaseFilter) -> bool {
        self.index.contains_key(filter)
    }

    /// The cases of a filter; empty for a filter without cases.
    pub fn get(&self, filter: &CaseFilter) -> &[CaseIx] {
        self.index
            .get(filter)
            .map_or(&[], |&i| self.lists[i].1.as_slice())
    }

    /// The scopes that have cases, in list order.
    pub fn scopes(&self) -> impl Iterator<Item = CaseScope> + '_ {
        self.lists
            .iter()
            .filter(|(f, _)| f.year.is_none())
            .map(|(f, _)| f.scope)
    }

    /// The years of a scope's cases, latest first.
    pub fn years(&self, scope: CaseScope) -> impl Iterator<Item = u16> + '_ {
        self.lists
            .iter()
            .filter(move |(f, _)| f.scope == scope)
            .filter_map(|(f, _)| f.year)
    }
}

/// Theme assets and published attachments.
pub fn copies(site: &Site, theme: &Theme) -> Vec<Copy> {
    let mut out: Vec<Copy> = theme
        .assets
        .iter()
        .map(|(to, asset)| Copy {
            from: CopySource::Asset(asset.clone()),
            to: to.clone(),
        })
        .collect();
    let mut attachments = std::collections::BTreeMap::new();
    for (_, p) in site.published_paragraphs() {
        let m = site.meeting_of(p);
        for file in p.documents.iter().filter_map(|d| d.file.as_ref()) {
            attachments.insert(
                format!("sammantraden/{}/{file}", m.id),
                site.content_root.join(&m.dir).join(file),
            );
        }
    }
    out.extend(attachments.into_iter().map(|(to, from)| Copy {
        from: CopySource::File(from),
        to,
    }));
    out
}

/// What rendering needs besides the output: the model, the theme, the
/// language, and what is computed once per build.
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub t: I18n,
    pub lists: CaseLists,
    pub search: SearchIndex,
    pub fragments: Fragments,
    /// The objects of the OParl lists split by year.
    pub listed: oparl::Listed,
    /// What each person and party did (made again after an edit that
    /// moves paragraphs or changes acts: it names paragraphs by their
    /// place).
    pub activity: Activity,
    /// What every page's context holds alike ([`shared_context`]).
    shared: Context,
    /// Which renderer this is, among all made by this process: threads
    /// keep a copy of [`Renderer::shared`] by it.
    id: u64,
}

/// What the preview keeps of a build besides the model and the theme, and
/// updates after each edit.
pub struct Kept {
    pub lists: CaseLists,
    pub search: SearchIndex,
    pub fragments: Fragments,
    pub listed: oparl::Listed,
    pub activity: Activity,
}

impl<'a> Renderer<'a> {
    /// The renderer of a new build. Its search index and open data pieces
    /// are empty: a build makes the index beside the outputs that read
    /// neither ([`Renderer::build_search_index`], [`reads_fragments`]), and
    /// then the pieces, so that the index and the pieces are not in memory
    /// at once.
    pub fn new(site: &'a Site, theme: &'a Theme) -> Self {
        let started = std::time::Instant::now();
        let lists = CaseLists::new(site);
        crate::pipeline::timing("case lists", started);
        let kept = Kept {
            lists,
            search: SearchIndex::default(),
            fragments: Fragments::default(),
            listed: oparl::Listed::new(site),
            activity: Activity::new(site),
        };
        Renderer::from_parts(site, theme, kept)
    }

    /// The site's search index, kept to be updated when `usage` says so
    /// (the preview's).
    pub fn build_search_index(&self, usage: crate::search::Use) -> SearchIndex {
        let started = std::time::Instant::now();
        let search = SearchIndex::build(self.site, &self.t, usage);
        if crate::pipeline::timings_asked() {
            let bytes: usize = search.files.iter().map(|(_, f)| f.len()).sum();
            let files = search.files.len();
            let step = format!("search index ({files} files, {bytes} bytes)");
            crate::pipeline::timing(&step, started);
        }
        search
    }

    /// The renderer of a kept generation.
    pub fn from_parts(site: &'a Site, theme: &'a Theme, kept: Kept) -> Self {
        let t = I18n::new(site.config.language);
        static MADE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        Renderer {
            site,
            theme,
            shared: shared_context(site, &t),
            id: MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            t,
            lists: kept.lists,
            search: kept.search,
            fragments: kept.fragments,
            listed: kept.listed,
            activity: kept.activity,
        }
    }

    /// What a generation keeps.
    pub fn into_parts(self) -> Kept {
        Kept {
            lists: self.lists,
            search: self.search,
            fragments: self.fragments,
            listed: self.listed,
            activity: self.activity,
        }
    }

    /// Every page, feed and sitemap (the search index's files are in
    /// [`Renderer::search`]).
    pub fn outputs(&self) -> Vec<Output> {
        let all = outputs(self.site, &self.lists, &self.activity, &self.listed);
        debug_assert_eq!(
            all.iter().filter(|o| o.template().is_some()).count(),
            self.templated().len(),
            "every output made with a template is among the templated ones"
        );
        all
    }

    /// Every output made with a theme template.
    pub fn templated(&self) -> Vec<Output> {
        templated(self.site, &self.lists, &self.activity)
    }

    /// The open data pieces, for an output that [`reads_fragments`] names
    /// (a build makes the pieces after the other outputs are rendered:
    /// one it does not name would be made of none).
    fn fragments_for(&self, output: &Output) -> &Fragments {
        debug_assert!(
            reads_fragments(output),
            "{output:?} reads the open data pieces"
        );
        &self.fragments
    }

    /// Render one output to bytes (those that [`reads_fragments`] names
    /// only once the pieces are made).
    pub fn render(&self, output: &Output) -> Result<Vec<u8>, BuildError> {
        let (site, theme, t, lists) = (self.site, self.theme, &self.t, &self.lists);
        let ctx = match output {
            Output::StatisticsCsv { group, indicator } => {
                return Ok(statistics::csv(site, t, *group, *indicator))
            }
            Output::Calendar(body) => {
                return Ok(calendar::ics(site, self.fragments_for(output), *body))
            }
            Output::AppealCalendar => return Ok(calendar::appeal_ics(site)),
            Output::Sitemap => return Ok(feed::sitemap_index(site, sitemap_parts(site, lists))),
            Output::SitemapPart(part) => {
                let pages = sitemap_pages(site, lists, &self.activity, *part);
                return Ok(feed::sitemap_part(site, &pages));
            }
            Output::Data(file) => return Ok(file.render(site, self.fragments_for(output))),
            Output::Oparl(file) => {
                return Ok(file.render(site, &self.listed, self.fragments_for(output)))
            }
            Output::Feed => feed::feed_context(site, t),
            Output::CaseFeed(ci) => feed::case_feed_context(site, t, *ci),
            Output::BodyFeed(b) => feed::body_feed_context(site, t, *b),
            Output::PersonFeed(p) => feed::person_feed_context(site, t, &self.activity, *p),
            Output::PartyFeed(p) => feed::party_feed_context(site, t, &self.activity, *p),
            Output::NoticeFeed => feed::notice_feed_context(site, t),
            Output::TopicFeed(slug) => feed::topic_feed_context(site, t, lists, slug),
            Output::DataIndex => {
                let mut page = page_basics(site, output);
                views::data_context(site, t, self.fragments_for(output), &mut page);
                return self.render_page(output, page);
            }
            _ => {
                let mut page = page_basics(site, output);
                if *output == Output::NotFound {
                    page.insert("inline_css", &inline_asset(theme, "style.css"));
                    page.insert("inline_icon", &icon_data_url(theme));
                }
                let printed = Printed::by(theme, output);
                views::page_context(site, t, lists, &self.activity, output, &printed, &mut page);
                return self.render_page(output, page);
            }
        };
        self.render_template(output, &ctx)
    }

    /// Render a page from what its context holds of its own (`page`) and
    /// what every page's holds alike ([`shared_context`]). The shared part
    /// is copied once per thread and renderer, not for each page: copying
    /// and dropping it (the interface strings alone are hundreds of
    /// entries) took a tenth of a build's CPU time. The page's own entries
    /// are put in for the page and taken out after it.
    fn render_page(&self, output: &Output, page: Context) -> Result<Vec<u8>, BuildError> {
        let serde_json::Value::Object(own) = page.into_json() else {
            unreachable!("a context is an object")
        };
        let keys: Vec<String> = own.keys().cloned().collect();
        let mut ctx = SHARED_CONTEXT
            .with_borrow_mut(Option::take)
            .filter(|(renderer, _)| *renderer == self.id)
            .map_or_else(|| self.shared.clone(), |(_, ctx)| ctx);
        ctx.extend(Context::from_value(serde_json::Value::Object(own)).expect("an object"));
        let rendered = self.render_template(output, &ctx);
        for key in keys {
            match self.shared.get(&key) {
                Some(shared) => ctx.insert(key, shared),
                None => drop(ctx.remove(&key)),
            }
        }
        // Put back only once whole again: a panic above leaves none, and
        // the next page copies the shared part anew.
        SHARED_CONTEXT.with_borrow_mut(|kept| *kept = Some((self.id, ctx)));
        rendered
    }

    /// The page's bytes as Tera writes them: its pieces are strings, so
    /// they are UTF-8 already, and are not checked again as a `String`
    /// (1.5 % of a build's CPU time).
    fn render_template(&self, output: &Output, ctx: &Context) -> Result<Vec<u8>, BuildError> {
        let template = output.template().expect("an output made with a template");
        let mut page = Vec::with_capacity(PAGE_BYTES);
        (self.theme.tera.render_to(template, ctx, &mut page))
            .map(|()| page)
            .map_err(|e| template_error(template, &e))
    }
}

/// Room made for a page before Tera writes it: most paragraph pages fit
/// (8 KB on average at 100 000 §), and a larger page grows it only a few
/// times.
const PAGE_BYTES: usize = 16 * 1024;

/// What the template of a page may print, asked of the theme only where
/// a view reads part of the model for one field alone: a page whose
/// template cannot print that field does not read it, and the preview
/// does not render it again when that part changes.
pub struct Printed<'a> {
    theme: &'a Theme,
    template: &'static str,
}

/// The fields of a context list's items that a view reads for that field
/// alone: each year's number of meetings.
const READ_FOR_ONE_FIELD: [(&str, &str); 1] = [("years", "meetings")];

impl<'a> Printed<'a> {
    fn by(theme: &'a Theme, output: &Output) -> Printed<'a> {
        let template = output.template().expect("a page made with a template");
        Printed { theme, template }
    }

    /// May it print how many meetings each year has (`years[].meetings`)?
    pub fn year_counts(&self) -> bool {
        let (list, field) = READ_FOR_ONE_FIELD[0];
        self.theme.may_print_item_field(self.template, list, field)
    }

    /// Does the template `name` of `new` print another of these fields
    /// than that of `old`? Its pages then read otherwise.
    pub fn differs(old: &Theme, new: &Theme, name: &str) -> bool {
        let may = |theme: &Theme, (list, field): (&str, &str)| {
            theme.may_print_item_field(name, list, field)
        };
        READ_FOR_ONE_FIELD
            .iter()
            .any(|f| may(old, *f) != may(new, *f))
    }
}

thread_local! {
    /// Each thread's copy of the shared context of the renderer it last
    /// rendered a page for (by [`Renderer::id`]); see
    /// [`Renderer::render_page`].
    static SHARED_CONTEXT: std::cell::RefCell<Option<(u64, Context)>> =
        const { std::cell::RefCell::new(None) };
}

/// What every page template sees alike: the site, the interface strings
/// and the footer links. Made once per renderer, and copied once per
/// thread ([`Renderer::render_page`]): the strings alone are hundreds of
/// entries, and putting them in each page's context one by one took a
/// seventh of a case or paragraph page's time.
fn shared_context(site: &Site, t: &I18n) -> Context {
    let mut ctx = Context::new();
    ctx.insert("site", &views::SiteView::new(site));
    ctx.insert("t", t.strings());
    ctx.insert("lang", t.language.code());
    // What a shared link shows unless the page says more (a paragraph's
    // decision, a case's status): `views::page_context` may replace both.
    let intro = format!("{} {}.", t.get("intro"), site.config.organisation);
    ctx.insert("description", &intro);
    ctx.insert("og_type", "website");
    ctx.insert("og_locale", t.language.og_locale());
    ctx.insert("footer_pages", &views::footer_pages(site));
    ctx
}

/// What every page template sees besides [`shared_context`]: the way back
/// to the site root, the page's address and its section.
fn page_basics(site: &Site, output: &Output) -> Context {
    let mut ctx = Context::new();
    // The 404 page is served at any depth, so its links are absolute.
    let root = if *output == Output::NotFound {
        site.config.base_url.clone()
    } else {
        depth_prefix(&output.dir(site))
    };
    ctx.insert("root", &root);
    ctx.insert(
        "canonical",
        &format!("{}{}", site.config.base_url, output.address(site)),
    );
    ctx.insert("section", output.section());
    ctx
}

/// The theme's files the 404 page carries inside it, as it is served from
/// any folder: its styles and its site icon. Saving one renders it again.
pub const INLINED_IN_404: &[&str] = &["style.css", "favicon.svg"];

/// A theme file the 404 page carries itself (one of [`INLINED_IN_404`]).
fn inline_asset(theme: &Theme, name: &str) -> String {
    debug_assert!(INLINED_IN_404.contains(&name));
    let bytes = theme.assets.get(name).and_then(|a| a.bytes().ok());
    bytes
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

/// Is this output made of the open data pieces ([`Fragments`]): the bulk
/// tables, OParl, the calendars of meetings and the open data page?
pub fn reads_fragments(output: &Output) -> bool {
    matches!(
        output,
        Output::Calendar(_) | Output::Data(_) | Output::Oparl(_) | Output::DataIndex
    )
}

/// The site icon as a `data:` address, for the 404 page.
fn icon_data_url(theme: &Theme) -> String {
    let svg = inline_asset(theme, "favicon.svg");
    let encoded = percent_encoding::utf8_percent_encode(&svg, percent_encoding::NON_ALPHANUMERIC);
    format!("data:image/svg+xml,{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page's own entries leave with it: a paragraph page gives the
    /// shared `description` its decision, and the home page rendered after
    /// it on the same thread is the home page a renderer of its own makes.
    #[test]
    fn a_page_s_own_context_leaves_with_it() {
        let site = crate::testing::demo_site(|_| {});
        let root = crate::content::portal_root(&site.content_root);
        let theme = Theme::load(&root, &site.config.theme).unwrap();
        let fresh = Renderer::new(&site, &theme);
        let home = fresh.render(&Output::Home).unwrap();
        let renderer = Renderer::new(&site, &theme);
        let paragraph = renderer
            .render(&Output::Paragraph(ParagraphIx::new(0)))
            .unwrap();
        let description = |page: &[u8]| {
            let page = String::from_utf8_lossy(page).into_owned();
            let at = page.find("name=\"description\" content=\"").unwrap();
            page[at..].split('"').nth(3).unwrap().to_owned()
        };
        assert_ne!(description(&paragraph), description(&home));
        assert_eq!(renderer.render(&Output::Home).unwrap(), home);
    }
}
