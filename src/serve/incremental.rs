//! An edit applied to the last good site without building it again: the
//! edited meeting folders, case files or free pages are patched into the
//! kept model ([`crate::model::patch`], [`crate::model::file_edits`]), the
//! outputs the edit affects are worked out (those that read what changed,
//! [`crate::render::reads`], and those that come, go or have no template,
//! [`crate::render::affected`]), and only those are rendered and written,
//! in place, into the output folder (with the copies of attachments that
//! came or were saved again). Cases that come or go with the edit are
//! renumbered in what the preview keeps by position (the case lists, the
//! open data rows, the search index), and so are paragraphs that come or
//! go in a meeting, meetings that come or go (or move to another date),
//! and published PDFs that come or go. The reverse map of what pages read
//! holds its outputs by name, and needs none. A saved
//! theme renders again only the outputs made with the templates that
//! changed and copies only its static files that changed (`apply_theme`).
//! Edits this cannot take go through a whole build instead, for a reason
//! ([`Whole`]); either way the output folder ends up byte for byte what
//! `insyn build` writes.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::content::settings::Language;
use crate::content::{Folder, Sources};
use crate::error::{BuildError, Diagnostic};
use crate::i18n::I18n;
use crate::model::patch::{Attachment, MeetingEdit, Patch, Unpatchable};
use crate::model::people::Activity;
use crate::model::{CaseIx, Positions, Site};
use crate::opendata::oparl::{Listed, ListsChanged};
use crate::opendata::DataFile;
use crate::output::{prune, remove_file, replace_file, replace_file_streamed};
use crate::pipeline::{timed, timing, timing_of, timings_asked, Generation};
use crate::render::affected::affected;
use crate::render::paths::Output;
use crate::render::reads;
use crate::render::{CaseLists, Kept, Printed, Renderer};
use crate::search::{DocRef, SearchIndex};
use crate::theme::Theme;

/// What an applied edit did.
#[derive(Debug)]
pub struct Applied {
    /// Outputs rendered again (pages, feed, sitemap).
    pub rendered: usize,
    /// Files whose bytes changed, search index files included.
    pub written: usize,
    /// Files removed.
    pub removed: usize,
    /// Whether the search index was built again, rather than updated (see
    /// [`SearchIndex::update`]).
    pub search_built_again: bool,
}

/// What updating the search index wrote and removed, and whether it built
/// the index again.
struct SearchWritten {
    written: usize,
    removed: usize,
    built_again: bool,
}

/// Why an edit builds the whole site rather than being patched in: the
/// preview says it in one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whole {
    /// There is no good build to patch: the last one failed, or a write
    /// into the output folder did.
    NoGoodBuild,
    /// A text links to the portal's pages or files.
    PortalLinks,
    /// The content reads a file through a symbolic link.
    SymbolicLinks,
    /// The theme does not load, or a changed template fails.
    Theme,
    /// A change outside the meeting folders, case files and free pages
    /// (settings, budget, statistics, a new year's folder…).
    Elsewhere,
    /// Files of more than one of `meetings/`, `cases/` and `pages/`
    /// changed together.
    Mixed,
    /// A changed file has errors: the build reports them.
    ContentErrors,
    /// A meeting folder is misnamed, or folders came or went unseen.
    MeetingFolders,
    /// The model's shape changes in a way a patch does not follow.
    Model(Unpatchable),
    /// The patch stopped on a fault of Insyn's own (a panic), leaving the
    /// kept site half patched.
    Fault,
}

impl Whole {
    /// Every reason, the model's last.
    pub fn all() -> impl Iterator<Item = Whole> {
        let own = [
            Whole::NoGoodBuild,
            Whole::PortalLinks,
            Whole::SymbolicLinks,
            Whole::Theme,
            Whole::Elsewhere,
            Whole::Mixed,
            Whole::ContentErrors,
            Whole::MeetingFolders,
            Whole::Fault,
        ];
        own.into_iter()
            .chain(Unpatchable::ALL.into_iter().map(Whole::Model))
    }

    /// May the whole build fail on a content error (a § number used
    /// twice, a template that fails)? Then the preview keeps the last
    /// good generation while it builds, and patches the fix into it when
    /// the build fails. A change elsewhere (settings, budget) or of several
    /// kinds together builds whole even once fixed: keeping the old site
    /// through it would only double the memory.
    pub fn may_fail_on_content(self) -> bool {
        matches!(
            self,
            Whole::Model(_) | Whole::ContentErrors | Whole::MeetingFolders | Whole::Theme
        )
    }

    /// The line the preview prints before it builds whole.
    pub fn message(self, language: Language) -> String {
        let why = self.reason(language);
        match language {
            Language::En => format!("Building the whole site: {why}."),
            Language::Sv => format!("Bygger hela webbplatsen: {why}."),
        }
    }

    /// Why, in a few words.
    fn reason(self, language: Language) -> &'static str {
        match (self, language) {
            (Whole::NoGoodBuild, Language::En) => "the last build did not finish",
            (Whole::NoGoodBuild, Language::Sv) => "förra bygget blev inte klart",
            (Whole::PortalLinks, Language::En) => "a text links to the portal's pages or files",
            (Whole::PortalLinks, Language::Sv) => "en text länkar till portalens sidor eller filer",
            (Whole::SymbolicLinks, Language::En) => "the content is read through symbolic links",
            (Whole::SymbolicLinks, Language::Sv) => "innehållet läses genom symboliska länkar",
            (Whole::Theme, Language::En) => "the theme does not load, or a template fails",
            (Whole::Theme, Language::Sv) => "temat går inte att läsa, eller en mall fallerar",
            (Whole::Elsewhere, Language::En) => {
                "a change outside meeting folders, case files and free pages"
            }
            (Whole::Elsewhere, Language::Sv) => {
                "en ändring utanför sammanträdesmappar, ärendefiler och sidor"
            }
            (Whole::Mixed, Language::En) => "meetings, case files or pages changed together",
            (Whole::Mixed, Language::Sv) => {
                "sammanträden, ärendefiler eller sidor ändrades samtidigt"
            }
            (Whole::ContentErrors, Language::En) => "a changed file has errors",
            (Whole::ContentErrors, Language::Sv) => "en ändrad fil har fel",
            (Whole::MeetingFolders, Language::En) => "meeting folders came, went or are misnamed",
            (Whole::MeetingFolders, Language::Sv) => {
                "sammanträdesmappar kom, försvann eller har fel namn"
            }
            (Whole::Fault, Language::En) => {
                "the update stopped on a fault in Insyn (please report it)"
            }
            (Whole::Fault, Language::Sv) => {
                "uppdateringen stoppades av ett fel i Insyn (rapportera det gärna)"
            }
            (Whole::Model(why), language) => why.message(language),
        }
    }
}

impl From<Unpatchable> for Whole {
    fn from(why: Unpatchable) -> Whole {
        Whole::Model(why)
    }
}

/// [`apply`], with a panic on the way caught as [`Whole::Fault`]: the
/// preview builds whole and goes on, rather than stop rebuilding. The
/// generation may be half patched then, and must not be kept.
pub fn apply_caught(
    generation: &mut Generation,
    sources: &Sources,
    changed: &[PathBuf],
    output: &Path,
) -> Result<Result<Applied, BuildError>, Whole> {
    caught(|| apply(generation, sources, changed, output))
}

/// What `patch` returns, or [`Whole::Fault`] when it panics.
fn caught<T>(patch: impl FnOnce() -> Result<T, Whole>) -> Result<T, Whole> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(patch)).unwrap_or(Err(Whole::Fault))
}

/// Apply the changed paths to `generation` and write what they affect into
/// `output`; why not, with `generation` untouched, when the edit is not
/// one a patch can take. After a write error the generation no longer
/// matches the output folder, and must be built again.
pub fn apply(
    generation: &mut Generation,
    sources: &Sources,
    changed: &[PathBuf],
    output: &Path,
) -> Result<Result<Applied, BuildError>, Whole> {
    // A link into the portal may lead to what any edit changes (a theme's
    // file, a paragraph made confidential): such a site is built whole.
    if generation.links_into_portal || sources.touched_have_links(changed) {
        return Err(Whole::PortalLinks);
    }
    if sources.follows_links() {
        return Err(Whole::SymbolicLinks);
    }
    if only_theme(&generation.theme, changed) {
        return apply_theme(generation, output).ok_or(Whole::Theme);
    }
    let started = std::time::Instant::now();
    let patch = patch_model(&mut generation.site, sources, changed)?;
    timing("patch", started);
    Ok(write_affected(generation, &patch, output))
}

/// Patch the edit into the model: case files, free pages or meeting
/// folders, one kind at a time.
fn patch_model(site: &mut Site, sources: &Sources, changed: &[PathBuf]) -> Result<Patch, Whole> {
    let inside = |folder| {
        changed
            .iter()
            .filter(|p| in_folder(sources, p, folder))
            .count()
    };
    let (cases, pages) = (inside(Folder::Cases), inside(Folder::Pages));
    if cases == changed.len() {
        let edited = edited_files(sources, changed, Folder::Cases, Sources::case_file)
            .ok_or(Whole::ContentErrors)?;
        return Ok(site.patch_case_files(&edited, sources.case_files())?);
    }
    if pages == changed.len() {
        let edited = edited_files(sources, changed, Folder::Pages, Sources::page)
            .ok_or(Whole::ContentErrors)?;
        return Ok(site.patch_pages(&edited)?);
    }
    if cases + pages > 0 {
        return Err(Whole::Mixed);
    }
    if sources.people_unreadable() {
        return Err(Whole::ContentErrors);
    }
    let edit = edited_meetings(sources, site, changed)?;
    let content = site.content_root.clone();
    let read_pdf = |source: &Path, allowed: &[String]| {
        crate::documents::read_without_problems(&content, source, allowed)
    };
    let in_case_file = |id: &_| sources.case_file_mentions(id);
    Ok(site.patch_meetings(edit, in_case_file, &read_pdf)?)
}

/// Does every changed path lie in the portal's theme folder?
fn only_theme(theme: &Theme, changed: &[PathBuf]) -> bool {
    let Some(folder) = &theme.folder else {
        return false;
    };
    changed.iter().all(|path| {
        let path = std::path::absolute(path).unwrap_or(path.clone());
        path.starts_with(folder)
    })
}

/// Load the theme again, copy its `static/` files whose bytes changed
/// (removing those that went), and render the outputs whose templates
/// changed, or use one that did (see [`Theme::templates_using`]), with
/// the 404 page when the style sheet it carries changed; the model, the
/// search index and the data files stay. `None`, with nothing written,
/// when the theme does not load or a changed template fails on the first
/// output it renders: a whole build then reports the error.
fn apply_theme(generation: &mut Generation, output: &Path) -> Option<Result<Applied, BuildError>> {
    let started = std::time::Instant::now();
    let site = &generation.site;
    let portal = crate::content::portal_root(&site.content_root);
    let theme = Theme::load(&portal, &site.config.theme).ok()?;
    let assets = AssetChanges::between(&generation.theme, &theme, output)?;
    let using = theme.templates_using(&generation.theme.templates_changed_in(&theme));
    // The templates whose pages now read otherwise (see `render::Printed`).
    let reading_otherwise: BTreeSet<&str> = (using.iter())
        .filter(|t| Printed::differs(&generation.theme, &theme, t))
        .map(String::as_str)
        .collect();
    let kept = &mut generation.kept;
    let parts = Kept {
        lists: kept.lists.clone(),
        search: std::mem::take(&mut kept.search),
        fragments: std::mem::take(&mut kept.fragments),
        listed: std::mem::take(&mut kept.listed),
        activity: std::mem::take(&mut kept.activity),
    };
    let renderer = Renderer::from_parts(site, &theme, parts);
    let mut outputs: Vec<Output> = renderer
        .templated()
        .into_iter()
        .filter(|o| o.template().is_some_and(|t| using.contains(t)))
        .collect();
    let inlined_changed = crate::render::INLINED_IN_404
        .iter()
        .any(|a| assets.copied.contains_key(*a));
    if inlined_changed && !outputs.contains(&Output::NotFound) {
        outputs.push(Output::NotFound);
    }
    let first_of_each = using
        .iter()
        .filter_map(|t| outputs.iter().find(|o| o.template() == Some(t.as_str())));
    let renders = first_of_each.map(|o| renderer.render(o)).all(|r| r.is_ok());
    timing("templates", started);
    let outputs: Vec<&Output> = outputs.iter().collect();
    let written = renders.then(|| {
        let copied = assets.write(output)?;
        let (rendered, reads) =
            render_and_write(&renderer, site, &outputs, &BTreeMap::new(), output)?;
        Ok((copied + rendered, reads))
    });
    let kept = renderer.into_parts();
    generation.kept.search = kept.search;
    generation.kept.fragments = kept.fragments;
    generation.kept.listed = kept.listed;
    generation.kept.activity = kept.activity;
    let written = written?.map(|(written, reads)| {
        // What such a page reads now is noted beside what it read (a key
        // noted too many renders it again needlessly, never too few).
        let reads_otherwise =
            |o: &Output| o.template().is_some_and(|t| reading_otherwise.contains(t));
        for (o, keys) in reads.into_iter().filter(|(o, _)| reads_otherwise(o)) {
            generation.readers.add(site, o, &keys);
        }
        written
    });
    generation.theme = theme;
    Some(written.map(|written| Applied {
        rendered: outputs.len(),
        written,
        removed: assets.removed.len(),
        search_built_again: false,
    }))
}

/// The theme's `static/` files whose bytes differ from their copies in
/// the output folder, and those that went from it.
struct AssetChanges {
    /// Bytes to write, by path in the site.
    copied: BTreeMap<String, std::borrow::Cow<'static, [u8]>>,
    removed: Vec<String>,
}

impl AssetChanges {
    /// `None` when a file cannot be read: a whole build reports it.
    fn between(old: &Theme, new: &Theme, output: &Path) -> Option<AssetChanges> {
        let mut copied = BTreeMap::new();
        for (to, asset) in &new.assets {
            let bytes = asset.bytes().ok()?;
            if std::fs::read(output.join(to)).ok().as_deref() != Some(&bytes[..]) {
                copied.insert(to.clone(), bytes);
            }
        }
        let gone = old.assets.keys().filter(|k| !new.assets.contains_key(*k));
        Some(AssetChanges {
            copied,
            removed: gone.cloned().collect(),
        })
    }

    /// Write the changed files and remove those that went; returns how
    /// many were written.
    fn write(&self, output: &Path) -> Result<usize, BuildError> {
        for (to, bytes) in &self.copied {
            replace_file(output, to, bytes)?;
        }
        for file in &self.removed {
            remove_file(output, file)?;
        }
        Ok(self.copied.len())
    }
}

/// Does the changed path lie inside the folder (`cases/` or `pages/`)?
fn in_folder(sources: &Sources, path: &Path, folder: Folder) -> bool {
    let rel = sources.relative(path);
    rel.is_some_and(|rel| rel.starts_with(folder.name()) && rel != Path::new(folder.name()))
}

/// The folder's source files among the changed paths (all inside it),
/// each as read now (`None` when gone); other files there are not read
/// by a build. `None` when one has errors: a whole build reports them.
type EditedFiles<'a, T> = Vec<(PathBuf, Option<&'a T>)>;

fn edited_files<'a, T>(
    sources: &'a Sources,
    changed: &[PathBuf],
    folder: Folder,
    read: impl Fn(&'a Sources, &Path) -> Result<Option<&'a T>, &'a [Diagnostic]>,
) -> Option<EditedFiles<'a, T>> {
    let paths = changed.iter().filter_map(|p| sources.relative(p));
    let files: BTreeSet<PathBuf> = paths.filter(|rel| folder.holds(rel)).collect();
    let read = files
        .into_iter()
        .map(|rel| read(sources, &rel).ok().map(|now| (rel, now)));
    read.collect()
}

/// The meeting folders the changed paths lie in, as read again (new
/// folders among them), the model's meeting folders that are gone, and
/// the attachments the site publishes that were saved again; why not
/// when a path lies elsewhere or a folder has an error. A file saved
/// beside the minutes that no published paragraph names yet is read when
/// one names it.
fn edited_meetings(
    sources: &Sources,
    site: &Site,
    changed: &[PathBuf],
) -> Result<MeetingEdit, Whole> {
    let (folders, well_named) = sources.meeting_folders();
    if !well_named {
        return Err(Whole::MeetingFolders);
    }
    let rels: Vec<PathBuf> = changed
        .iter()
        .map(|p| sources.relative(p))
        .collect::<Option<_>>()
        .ok_or(Whole::Elsewhere)?;
    // Only a meeting folder that a changed path lies in, is or holds (a
    // year's folder) can be gone: looking up every folder of a large
    // archive took milliseconds.
    let touched = |dir: &Path| rels.iter().any(|rel| within(rel, dir) || within(dir, rel));
    let gone: Vec<PathBuf> = site
        .meetings
        .iter()
        .filter(|m| touched(&m.dir) && !sources.has_meeting(&m.dir))
        .map(|m| m.dir.clone())
        .collect();
    // The folders are listed afresh, so one removed whose events are still
    // to come is missing from them while no changed path names it yet.
    let new_folders = (folders + gone.len())
        .checked_sub(site.meetings.len())
        .ok_or(Whole::MeetingFolders)?;
    let mut dirs = BTreeSet::new();
    let mut gone_seen = BTreeSet::new();
    let mut replaced = BTreeSet::new();
    for (path, rel) in changed.iter().zip(rels) {
        if let Some(dir) = gone.iter().find(|d| rel.starts_with(d)) {
            gone_seen.insert(dir);
            continue;
        }
        let Some(dir) = sources.meeting_folder_of(&rel) else {
            // A year's folder (or `meetings/` itself) made or removed: the
            // meeting folders in it came or went with it.
            if !rel.starts_with("meetings") {
                return Err(Whole::Elsewhere);
            }
            let inside = sources.meeting_folders_in(&rel);
            dirs.extend(
                inside
                    .filter(|d| !site.meetings.iter().any(|m| m.dir == *d))
                    .map(Path::to_path_buf),
            );
            gone_seen.extend(gone.iter().filter(|d| within(d, &rel)));
            continue;
        };
        let markdown = rel.extension().is_some_and(|e| e == "md");
        // An editor's temporary file, already renamed or removed, changes
        // nothing; an attachment that is gone makes its folder an error.
        let is_gone = !path.exists();
        let dir = dir.to_path_buf();
        if rel != dir && !markdown && !is_gone && is_published_attachment(site, &rel) {
            replaced.insert(rel);
        }
        dirs.insert(dir);
    }
    // Every new folder and every gone one is among the changed paths'.
    let new_edited = dirs
        .iter()
        .filter(|d| !site.meetings.iter().any(|m| m.dir == **d));
    if new_edited.count() != new_folders || gone_seen.len() != gone.len() {
        return Err(Whole::MeetingFolders);
    }
    let edited = dirs.iter().map(|d| sources.meeting(d).cloned());
    Ok(MeetingEdit {
        edited: edited.collect::<Option<_>>().ok_or(Whole::ContentErrors)?,
        gone,
        replaced,
    })
}

/// Is `path` the `folder` or inside it? Compared byte by byte, as both
/// are spelled alike (relative to the content folder), which is much
/// faster than comparing their components.
fn within(path: &Path, folder: &Path) -> bool {
    let path = path.as_os_str().as_encoded_bytes();
    let folder = folder.as_os_str().as_encoded_bytes();
    path.starts_with(folder)
        && path
            .get(folder.len())
            .is_none_or(|c| *c == std::path::MAIN_SEPARATOR as u8)
}

/// Is the file (relative to the content folder) an attachment of a
/// published paragraph?
fn is_published_attachment(site: &Site, rel: &Path) -> bool {
    let meetings = site.meetings.positioned();
    meetings
        .filter(|(_, m)| within(rel, &m.dir))
        .any(|(mi, m)| {
            let mut paragraphs = site.paragraphs.run(m.paragraphs.clone()).iter();
            paragraphs.any(|p| site.publishes(mi, p, |f| f == rel))
        })
}

/// Render and write the outputs a patch affects, and the search index
/// files that changed; remove the files of outputs that are gone.
fn write_affected(
    generation: &mut Generation,
    patch: &Patch,
    output: &Path,
) -> Result<Applied, BuildError> {
    if patch.is_empty() {
        return Ok(Applied {
            rendered: 0,
            written: 0,
            removed: 0,
            search_built_again: false,
        });
    }
    let started = std::time::Instant::now();
    let site = &generation.site;
    let kept = &mut generation.kept;
    let t = I18n::shared(site.config.language);
    if let Some(r) = &patch.renumbering {
        kept.lists = kept.lists.renumbered(r, site.cases.len());
        kept.search.renumber(r);
    }
    if let Some(r) = &patch.paragraph_renumbering {
        kept.search.renumber_paragraphs(r);
    }
    if let Some(r) = &patch.pdf_renumbering {
        kept.search.renumber_pdfs(r);
    }
    if let Some(r) = &patch.meeting_renumbering {
        kept.search.renumber_meetings(r);
    }
    kept.fragments.renumber(patch);
    let mut search_index = std::mem::take(&mut kept.search);
    // The search index needs only the patch: it is updated beside
    // everything else, from working out what the patch affects on.
    let (searched, rendered) = rayon::join(
        || {
            timed("search index", || {
                update_search(&mut search_index, site, t, patch, output)
            })
        },
        || {
            let readers = &mut generation.readers;
            let (renderer, plan) = plan_outputs(site, &generation.theme, kept, patch, readers);
            timing("affected outputs", started);
            let outputs: Vec<_> = plan.outputs.iter().collect();
            let written = timed("render and write", || {
                render_and_write(&renderer, site, &outputs, &plan.tables, output)
            });
            let written = written.map(|(written, reads)| {
                for (o, keys) in reads {
                    readers.add(site, o, &keys);
                }
                written
            });
            (renderer, plan, written)
        },
    );
    let (renderer, plan, written) = rendered;
    let (search, written) = (searched?, written?);
    let new_bytes = patch
        .attachments_added
        .iter()
        .chain(&patch.attachments_replaced);
    let copied = copy_attachments(site, new_bytes, output)?;
    for file in &plan.removed {
        remove_file(output, file)?;
    }
    timing("search index, render and write together", started);
    generation.kept = renderer.into_parts();
    generation.kept.search = search_index;
    Ok(Applied {
        rendered: plan.outputs.len(),
        written: written + search.written + copied,
        removed: plan.removed.len() + search.removed,
        search_built_again: search.built_again,
    })
}

/// Must what people did be gathered again? When acts or attendance
/// changed, and when paragraphs or meetings moved (it names paragraphs by
/// their place).
fn needs_new_activity(patch: &Patch) -> bool {
    !patch.people.is_empty()
        || patch.paragraph_renumbering.is_some()
        || patch.meeting_renumbering.is_some()
}

/// The outputs a patch affects and a renderer for them, made from the
/// parts the preview keeps (all but the search index, taken out).
fn plan_outputs<'a>(
    site: &'a Site,
    theme: &'a Theme,
    kept: &mut Kept,
    patch: &Patch,
    readers: &reads::Readers,
) -> (Renderer<'a>, Plan) {
    let cases: Vec<CaseIx> = patch.cases.iter().map(|(ci, _)| *ci).collect();
    // Lists made anew have their topics; patched ones keep theirs unless
    // the patch touched them.
    let lists = match kept.lists.patched(site, &cases) {
        Some(mut lists) if crate::render::topics::touched_by(site, patch) => {
            lists.topics = std::sync::Arc::new(lists.topics.patched(site, patch));
            // The tests' builds check the patched topics against topics
            // gathered anew.
            debug_assert_eq!(*lists.topics, crate::render::topics::Topics::new(site));
            lists
        }
        Some(lists) => lists,
        None => CaseLists::new(site),
    };
    let changed = kept.fragments.update(site, patch);
    let (listed, oparl_lists) = timed("  OParl lists compared", || {
        if Listed::unchanged_by(patch, site) {
            return (std::mem::take(&mut kept.listed), ListsChanged::default());
        }
        let listed = kept.listed.patched(site, patch);
        // The tests' builds check the patched lists against lists made anew.
        debug_assert_eq!(listed, Listed::new(site), "the OParl lists, patched");
        let differences = listed.compare(&kept.listed, site);
        (listed, differences)
    });
    let (before, activity) = match needs_new_activity(patch) {
        true => (
            Some(std::mem::take(&mut kept.activity)),
            Activity::new(site),
        ),
        false => (None, std::mem::take(&mut kept.activity)),
    };
    let case_lists = (&kept.lists, &lists);
    let activities = (before.as_ref().unwrap_or(&activity), &activity);
    let mut affected = affected(site, patch, case_lists, activities, &oparl_lists, &changed);
    let keys = reads::changed(
        site,
        patch,
        case_lists,
        &changed.oparl_meetings,
        &oparl_lists,
    );
    let readers = readers.of(site, &keys).into_iter();
    affected
        .outputs
        .extend(readers.filter(|o| reads::still_made(site, &lists, &listed, &activity, o)));
    let parts = Kept {
        lists,
        search: SearchIndex::default(),
        fragments: std::mem::take(&mut kept.fragments),
        listed,
        activity,
    };
    let plan = Plan {
        outputs: affected.outputs,
        removed: affected.removed,
        tables: changed.tables,
    };
    (Renderer::from_parts(site, theme, parts), plan)
}

/// What a patch renders again, removes, and where the bulk tables it
/// changed first differ.
struct Plan {
    outputs: BTreeSet<Output>,
    removed: Vec<String>,
    tables: BTreeMap<DataFile, usize>,
}

/// Copy the attachments that came or were replaced beside their
/// meetings' pages; returns how many files changed.
fn copy_attachments<'a>(
    site: &Site,
    attachments: impl Iterator<Item = &'a Attachment>,
    output: &Path,
) -> Result<usize, BuildError> {
    let mut written = 0;
    for (mi, file) in attachments {
        let from = site.content_root.join(&site.meetings[*mi].dir).join(file);
        let bytes = std::fs::read(&from).map_err(|source| BuildError::Read {
            path: from.clone(),
            source,
        })?;
        let to = crate::render::paths::attachment_file(site, *mi, file);
        written += usize::from(replace_file(output, &to, &bytes)?);
    }
    Ok(written)
}

/// What each page and feed rendered again read of the model.
type Reads = Vec<(Output, Vec<u64>)>;

/// Render the outputs and write those whose bytes changed; returns how
/// many did, and what the pages and feeds read.
fn render_and_write(
    renderer: &Renderer,
    site: &Site,
    outputs: &[&Output],
    tables: &BTreeMap<DataFile, usize>,
    output: &Path,
) -> Result<(usize, Reads), BuildError> {
    // Each output's time, for INSYN_TIMINGS only.
    let times = timings_asked().then(|| std::sync::Mutex::new(Vec::new()));
    // Handed out one at a time, the longest first, so that none of them
    // starts last and ends after the others.
    let mut longest_first: Vec<usize> = (0..outputs.len()).collect();
    longest_first.sort_by_key(|&i| std::cmp::Reverse(takes_long(outputs[i])));
    let mut done: Vec<_> = (longest_first.into_iter().par_bridge())
        .map(|i| {
            let o = outputs[i];
            let started = std::time::Instant::now();
            let done = reads::recorded(|| render_and_write_one(renderer, site, o, tables, output));
            if let Some(times) = &times {
                let mut times = times.lock().unwrap_or_else(|e| e.into_inner());
                times.push((started.elapsed(), o.file(site)));
            }
            let (written, keys) = done;
            (i, written.map(|w| (w, keys)))
        })
        .collect();
    done.sort_unstable_by_key(|(i, _)| *i);
    let done: Vec<(usize, Vec<u64>)> = (done.into_iter())
        .map(|(_, done)| done)
        .collect::<Result<_, _>>()?;
    if let Some(times) = times {
        let mut times = times.into_inner().unwrap_or_else(|e| e.into_inner());
        times.sort_by(|a, b| b.cmp(a));
        for (took, file) in times.iter().take(5) {
            timing_of(&format!("  slowest: {file}"), *took);
        }
        // The outputs' times added up by their first two folders.
        let mut by_folder: BTreeMap<String, (usize, std::time::Duration)> = BTreeMap::new();
        for (took, file) in &times {
            let folder: Vec<&str> = file.split('/').take(2).collect();
            let entry = by_folder.entry(folder.join("/")).or_default();
            entry.0 += 1;
            entry.1 += *took;
        }
        let mut by_folder: Vec<_> = by_folder.into_iter().collect();
        by_folder.sort_by_key(|(_, (_, took))| std::cmp::Reverse(*took));
        for (folder, (count, took)) in by_folder.iter().take(8) {
            timing_of(&format!("  {count} under {folder}"), *took);
        }
    }
    let written = done.iter().map(|(w, _)| w).sum();
    let reads = outputs
        .iter()
        .zip(done)
        .filter(|(_, (_, keys))| !keys.is_empty());
    let reads = reads.map(|(o, (_, keys))| ((*o).clone(), keys)).collect();
    Ok((written, reads))
}

/// How long an output takes, roughly: a bulk table (written from its
/// first changed row on, megabytes) longest, then a body's page (every
/// meeting of the body), then any other.
fn takes_long(o: &Output) -> u8 {
    match o {
        Output::Data(file) if file.is_bulk_table() => 2,
        Output::Body(_) => 1,
        _ => 0,
    }
}

/// Render one output and write it when its bytes changed; a bulk table
/// from its first row that changed (`tables`).
fn render_and_write_one(
    renderer: &Renderer,
    site: &Site,
    o: &Output,
    tables: &BTreeMap<DataFile, usize>,
    output: &Path,
) -> Result<usize, BuildError> {
    match o {
        Output::Data(file) if file.is_bulk_table() => {
            let table = renderer.fragments.layout(site, *file);
            let table = table.expect("the fragments hold every bulk table's rows");
            let kept = tables.get(file).map_or(0, |&first| table.len_before(first));
            // Written piece by piece from the kept rows, never joined.
            replace_file_streamed(output, &o.file(site), kept as u64, table.pieces())?;
            Ok(1)
        }
        _ => {
            let bytes = renderer.render(o)?;
            replace_file(output, &o.file(site), &bytes).map(usize::from)
        }
    }
}

/// The searchable documents a patch may have changed: its paragraphs, their
/// meetings (and those of removed paragraphs) and PDFs, and its cases.
fn changed_documents(site: &Site, patch: &Patch) -> Vec<DocRef> {
    let mut refs = Vec::new();
    for (pi, _) in &patch.paragraphs {
        refs.push(DocRef::Paragraph(*pi));
        refs.push(DocRef::Meeting(site.paragraphs[*pi].meeting));
        refs.extend(site.pdfs_of(*pi).map(DocRef::Pdf));
    }
    for (p, _) in &patch.removed_paragraphs {
        refs.push(DocRef::Meeting(p.meeting));
    }
    let meetings = patch.meetings_changed.iter().chain(&patch.meetings_added);
    refs.extend(meetings.map(|mi| DocRef::Meeting(*mi)));
    refs.extend(patch.cases.iter().map(|(ci, _)| DocRef::Case(*ci)));
    refs.extend(patch.pages.iter().map(|i| DocRef::Page(*i)));
    refs
}

/// Update the search index for a patch and write the files that changed;
/// when the numbers of documents would shift (see
/// [`SearchIndex::update`]), build the index again and bring the whole
/// index folder in line with it.
fn update_search(
    search: &mut SearchIndex,
    site: &Site,
    t: &I18n,
    patch: &Patch,
    output: &Path,
) -> Result<SearchWritten, BuildError> {
    let updated = timed("  search index update", || {
        search.update(site, t, &changed_documents(site, patch))
    });
    if let Some(update) = updated {
        let written = timed("  search index files written", || {
            write_files(output, &update.files)
        })?;
        for file in &update.removed {
            remove_file(output, file)?;
        }
        return Ok(SearchWritten {
            written,
            removed: update.removed.len(),
            built_again: false,
        });
    }
    *search = SearchIndex::build(site, t, crate::search::Use::Update);
    let files = search.take_files();
    let written = write_files(output, &files)?;
    const INDEX: &str = "sok/index/";
    let kept: HashSet<String> = files
        .iter()
        .filter_map(|(f, _)| f.strip_prefix(INDEX).map(str::to_owned))
        .collect();
    let removed = prune(&output.join(INDEX), &kept)?;
    Ok(SearchWritten {
        written,
        removed,
        built_again: true,
    })
}

/// Write files whose bytes changed; returns how many did.
fn write_files(output: &Path, files: &[(String, String)]) -> Result<usize, BuildError> {
    files
        .par_iter()
        .map(|(f, s)| replace_file(output, f, s.as_bytes()).map(usize::from))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README lists why the preview builds whole: the list is the
    /// code's, no more and no less.
    #[test]
    fn the_readme_lists_every_reason_for_a_whole_build() {
        let readme = include_str!("../../README.md");
        let start = readme.find("<!-- whole-build reasons -->").unwrap();
        let end = readme.find("<!-- end of whole-build reasons -->").unwrap();
        let listed: Vec<&str> = readme[start..end]
            .lines()
            .filter_map(|l| l.strip_prefix("- "))
            .collect();
        let reasons: Vec<&str> = Whole::all().map(|w| w.reason(Language::En)).collect();
        assert_eq!(listed, reasons);
        for why in Whole::all() {
            assert!(why
                .message(Language::Sv)
                .starts_with("Bygger hela webbplatsen: "));
        }
    }

    /// A panic while patching (a fault of Insyn's) is a reason to build
    /// whole, not the end of the preview's rebuilds.
    #[test]
    fn a_patch_that_panics_is_a_fault_to_build_whole_after() {
        let outcome: Result<(), Whole> = caught(|| panic!("a fault"));
        assert_eq!(outcome, Err(Whole::Fault));
        assert!(!Whole::Fault.may_fail_on_content());
        assert_eq!(caught(|| Ok::<_, Whole>(7)), Ok(7));
    }

    /// A new year's folder makes the meeting folders be listed afresh; a
    /// meeting folder removed at the same time, whose events come in the
    /// next batch, is then missing though no changed path names it: the
    /// site is built whole (it once overflowed a count and stopped the
    /// preview).
    #[test]
    fn a_meeting_folder_gone_before_its_events_come_builds_the_whole_site() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        crate::testing::copy_dir(Path::new("tests/fixtures/base/content"), &content);
        let report = crate::pipeline::check(&content, crate::documents::Cache::ReadOnly);
        let Ok(checked) = report.result else {
            panic!("the base fixture builds: {:?}", report.diagnostics);
        };
        let site = checked.site;
        let mut sources = Sources::read(&content);
        std::fs::remove_dir_all(content.join("meetings/2020/2020-02-24-kf")).unwrap();
        let year = content.join("meetings/2021");
        std::fs::create_dir(&year).unwrap();
        sources.update(std::slice::from_ref(&year));
        let edit = edited_meetings(&sources, &site, &[year]);
        assert_eq!(edit.err(), Some(Whole::MeetingFolders));
    }
}
