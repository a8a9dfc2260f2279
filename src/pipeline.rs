//! One build, start to end: load and check the content, build the model,
//! render every output in parallel, and put the new site in place.

use std::io::IsTerminal;
use std::path::Path;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::content;
use crate::documents;
use crate::error::{BuildError, Diagnostic, ErrorKind};
use crate::model::Site;
use crate::opendata::fragments::Fragments;
use crate::output::Staging;
use crate::render::paths::Output;
use crate::render::reads::{self, Readers};
use crate::render::{Kept, Renderer};
use crate::theme::Theme;

/// What a finished build did, for its one summary line.
#[derive(Debug)]
pub struct Summary {
    pub pages: usize,
    /// Feeds, calendars, the sitemap and the open data files.
    pub data_files: usize,
    pub search_files: usize,
    pub files_copied: usize,
    pub meetings: usize,
    pub paragraphs: usize,
    pub cases: usize,
    /// PDFs whose text was read in this run, and PDFs whose text came from
    /// the cache.
    pub pdfs_extracted: usize,
    pub pdfs_cached: usize,
    pub elapsed: Duration,
    /// What the output holds, and how many of its files changed.
    pub output: crate::output::Written,
}

/// `, 12 PDFs: 3 read, 9 from the cache`, or nothing without PDFs.
pub fn pdf_counts(extracted: usize, cached: usize) -> String {
    let total = extracted + cached;
    if total == 0 {
        return String::new();
    }
    format!(
        ", {total} PDF{}: {extracted} read, {cached} from the cache",
        plural(total)
    )
}

/// The one line a finished build prints.
pub fn summary_line(s: &Summary, output: &Path) -> String {
    format!(
        "Built {} pages and {} data files ({} meeting{}, {} paragraph{}, {} case{}{}) and a search index of {} files, and copied {} file{} into {} in {:.2} s.",
        s.pages,
        s.data_files,
        s.meetings,
        plural(s.meetings),
        s.paragraphs,
        plural(s.paragraphs),
        s.cases,
        plural(s.cases),
        pdf_counts(s.pdfs_extracted, s.pdfs_cached),
        s.search_files,
        s.files_copied,
        plural(s.files_copied),
        output.display(),
        s.elapsed.as_secs_f64()
    ) + &output_size(&s.output)
}

/// ` The output holds 91 035 files, 802 MB; 25 changed.`: what a host
/// stores and a deploy sends.
fn output_size(written: &crate::output::Written) -> String {
    use crate::content::settings::Language;
    use crate::hosting::count_text;
    format!(
        " The output holds {} files, {}; {} changed.",
        count_text(written.size.files),
        crate::i18n::size_text(written.size.bytes, Language::En),
        count_text(written.changed)
    )
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// With `INSYN_TIMINGS` set, how long a step took, on standard error.
pub fn timing(step: &str, started: Instant) {
    timing_of(step, started.elapsed());
}

/// `f()`, its time reported under `step` (see [`timing`]).
pub fn timed<T>(step: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let result = f();
    timing(step, started);
    result
}

/// Is `INSYN_TIMINGS` set?
pub fn timings_asked() -> bool {
    std::env::var_os("INSYN_TIMINGS").is_some()
}

/// [`timing`] for a time already measured.
pub fn timing_of(step: &str, took: std::time::Duration) {
    if timings_asked() {
        eprintln!(
            "timing: {step} {:.1} ms (resident {} MiB)",
            took.as_secs_f64() * 1000.0,
            resident_mib()
        );
    }
}

/// The process's resident memory now, in MiB (Linux; 0 elsewhere).
fn resident_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
    kib.unwrap_or(0) / 1024
}

/// Checked content: the model, with its PDFs read.
pub struct Checked {
    pub site: Site,
    pub pdfs_extracted: usize,
    pub pdfs_cached: usize,
}

/// The outcome of a run: every diagnostic (warnings too), and the model or
/// summary when there were no errors.
pub struct Report<T> {
    pub diagnostics: Vec<Diagnostic>,
    pub result: Result<T, BuildError>,
}

/// Load, check and model the content, and read its published PDFs, whose
/// text is kept in the cache when `cache` says so; write nothing else.
pub fn check(content_dir: &Path, cache: documents::Cache) -> Report<Checked> {
    let started = Instant::now();
    let loaded = content::load(content_dir);
    check_loaded(loaded, started, cache)
}

/// [`check`] from sources already read (the preview keeps them between
/// builds and reads again only what changed).
pub fn check_sources(sources: &content::Sources) -> Report<Checked> {
    let started = Instant::now();
    check_loaded(
        sources.clone().into_content(),
        started,
        documents::Cache::Keep,
    )
}

/// [`check`] from content already loaded (and perhaps narrowed: `insyn
/// archive --year`).
pub fn check_loaded(
    (content, mut diags): (Option<content::Content>, crate::error::Diagnostics),
    started: Instant,
    cache: documents::Cache,
) -> Report<Checked> {
    timing("content", started);
    let started = Instant::now();
    let site = content.and_then(|c| Site::build(c, &mut diags));
    if let Some(site) = &site {
        crate::references::check(site, &mut diags);
    }
    timing("model", started);
    let checked = site.map(|mut site| {
        let started = Instant::now();
        let (pdfs_extracted, pdfs_cached) =
            documents::read_published_pdfs(&mut site, &mut diags, cache);
        documents::scan_text_attachments(&site, &mut diags);
        timing("pdf text", started);
        Checked {
            site,
            pdfs_extracted,
            pdfs_cached,
        }
    });
    let errors = diags.error_count();
    let result = match checked {
        Some(checked) if errors == 0 => Ok(checked),
        _ => Err(BuildError::Content { count: errors }),
    };
    Report {
        diagnostics: diags.sorted(),
        result,
    }
}

/// Build the site from `content_dir` into `output_dir`.
pub fn build(content_dir: &Path, output_dir: &Path) -> Report<Summary> {
    let start = Instant::now();
    if let Err(refused) = crate::output::guard::may_write(output_dir, content_dir) {
        return Report {
            diagnostics: Vec::new(),
            result: Err(refused),
        };
    }
    let reading = progress_bar(None, "Reading content", "");
    let checked = check(content_dir, documents::Cache::Keep);
    reading.finish_and_clear();
    build_checked(checked, output_dir, start, Keep::Publish).0
}

/// [`build`] from sources already read (the preview's first build, and its
/// rebuilds when an edit cannot be patched in), keeping the built site so
/// that later edits can be patched into it.
pub fn build_sources(
    sources: &content::Sources,
    output_dir: &Path,
) -> (Report<Summary>, Option<Generation>) {
    let start = Instant::now();
    build_checked(check_sources(sources), output_dir, start, Keep::Generation)
}

/// [`build`] from sources already read, keeping nothing: the clean build
/// `insyn serve --verify` compares the preview's output with.
pub fn build_sources_only(sources: &content::Sources, output_dir: &Path) -> Report<Summary> {
    let start = Instant::now();
    build_checked(check_sources(sources), output_dir, start, Keep::Nothing).0
}

/// Build checked content into `output_dir`, keeping nothing and
/// precompressing nothing: the site of an archival package.
pub fn build_for_archive(checked: Report<Checked>, output_dir: &Path) -> Report<Summary> {
    build_checked(checked, output_dir, Instant::now(), Keep::Nothing).0
}

/// What a build keeps besides the files it writes, and whether it is for
/// publishing.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// Nothing, for publishing (`insyn build`): with `precompress:`'s
    /// copies, and checked against `hosting:`'s limits.
    Publish,
    /// Nothing: the clean build `insyn serve --verify` compares with, and
    /// an archival package's site.
    Nothing,
    /// The generation, with what each page reads, for the preview.
    Generation,
}

/// A built site as the preview keeps it: the model, the theme, and what was
/// derived from them for rendering.
pub struct Generation {
    pub site: Site,
    pub theme: Theme,
    pub kept: Kept,
    /// What each page and feed read of the model ([`crate::render::reads`]).
    pub readers: Readers,
    /// Does a text link to the portal's pages or files
    /// ([`Site::has_content_links`])? Noted once: a patch is applied only
    /// when the texts it reads have no such links, so it cannot change.
    pub links_into_portal: bool,
}

fn build_checked(
    checked: Report<Checked>,
    output_dir: &Path,
    start: Instant,
    keep: Keep,
) -> (Report<Summary>, Option<Generation>) {
    let mut diagnostics = checked.diagnostics;
    let built = checked.result.and_then(|c| {
        let Checked {
            site,
            pdfs_extracted,
            pdfs_cached,
        } = c;
        let theme = Theme::load(
            &content::portal_root(&site.content_root),
            &site.config.theme,
        )?;
        let (written, kept, readers) = render_site(&site, &theme, output_dir, keep)?;
        if keep == Keep::Publish {
            hosting_warnings(&site, &written.output.size, &mut diagnostics);
        }
        let summary = Summary {
            pages: written.pages,
            data_files: written.data_files,
            search_files: written.search_files,
            files_copied: written.files_copied,
            meetings: site.meetings.len(),
            paragraphs: site.paragraphs.len(),
            cases: site.cases.len(),
            pdfs_extracted,
            pdfs_cached,
            elapsed: start.elapsed(),
            output: written.output,
        };
        let links_into_portal = keep == Keep::Generation && site.has_content_links();
        Ok((
            summary,
            Generation {
                site,
                theme,
                kept,
                readers,
                links_into_portal,
            },
        ))
    });
    let (result, generation) = match built {
        Ok((summary, generation)) => (Ok(summary), Some(generation)),
        Err(e) => (Err(e), None),
    };
    (
        Report {
            diagnostics,
            result,
        },
        generation,
    )
}

/// A warning, at site.yaml's `hosting:`, for each of the named host's
/// limits the output passes.
fn hosting_warnings(site: &Site, size: &crate::hosting::Size, diagnostics: &mut Vec<Diagnostic>) {
    let Some((host, line)) = site.config.hosting else {
        return;
    };
    let over = crate::hosting::check(host, size);
    if over.is_empty() {
        return;
    }
    // The line is shown as written.
    let text = std::fs::read_to_string(site.content_root.join("site.yaml")).unwrap_or_default();
    let at = crate::error::Location::at("site.yaml", line, 1);
    for over in over {
        let kind = ErrorKind::OverHostLimit { host, over };
        diagnostics.push(Diagnostic::warning(at.clone(), kind).with_source(&text));
    }
}

/// How many files a build rendered, indexed and copied, and what the
/// output holds.
struct Written {
    pages: usize,
    data_files: usize,
    search_files: usize,
    files_copied: usize,
    output: crate::output::Written,
}

/// Render every output into a staging folder, then swap it into place.
/// Returns the number of pages rendered, search index files and files
/// copied, and what the preview keeps of what was made on the way (with
/// what each page reads, when `keep` asks for it).
fn render_site(
    site: &Site,
    theme: &Theme,
    output_dir: &Path,
    keep: Keep,
) -> Result<(Written, Kept, Readers), BuildError> {
    let usage = match keep {
        Keep::Generation => crate::search::Use::Update,
        Keep::Publish | Keep::Nothing => crate::search::Use::Write,
    };
    let mut renderer = Renderer::new(site, theme);
    let outputs = renderer.outputs();
    let copies = crate::render::copies(site, theme);
    let precompress = keep == Keep::Publish && site.config.precompress;
    // About as many as there will be: the search index's files are not
    // counted until it is made.
    let expected = outputs.len() + copies.len();
    let staging = Staging::new(output_dir, expected, precompress)?;
    let progress = progress_bar(Some(expected as u64), "Writing", "files");
    let started = Instant::now();
    let files: Vec<String> = outputs.iter().map(|o| o.file(site)).collect();
    let record = |o: &Output| keep == Keep::Generation && reads::is_recorded(o);
    let render = |renderer: &Renderer, i: usize| {
        let o = &outputs[i];
        let (bytes, reads) = match record(o) {
            true => reads::recorded(|| renderer.render(o)),
            false => (renderer.render(o), Vec::new()),
        };
        staging.write(&files[i], &bytes?)?;
        progress.inc(1);
        Ok::<_, BuildError>(reads)
    };
    let (later, first): (Vec<usize>, Vec<usize>) =
        (0..outputs.len()).partition(|&i| crate::render::reads_fragments(&outputs[i]));
    // No page reads the search index: it is made and written beside the
    // outputs that read neither it nor the open data pieces, whose pages
    // fill the cores its one-core steps leave idle. Then the pieces are
    // made (the index's memory let go of), still beside those pages, for
    // the rest.
    let (search, first_reads) = rayon::join(
        || {
            let search = write_search_index(&renderer, usage, &staging, &progress)?;
            let fragments = timed("open data pieces", || Fragments::new(site));
            Ok::<_, BuildError>((search, fragments))
        },
        || {
            (first.par_iter())
                .map(|&i| render(&renderer, i))
                .collect::<Result<Vec<Vec<u64>>, _>>()
        },
    );
    let ((search, search_files), fragments) = search?;
    renderer.search = search;
    renderer.fragments = fragments;
    let later_reads = (later.par_iter())
        .map(|&i| render(&renderer, i))
        .collect::<Result<Vec<Vec<u64>>, _>>()?;
    let mut reads = vec![Vec::new(); outputs.len()];
    for (i, r) in (first.into_iter().zip(first_reads?)).chain(later.into_iter().zip(later_reads)) {
        reads[i] = r;
    }
    timing("search index, pages and data files written", started);
    if timings_asked() {
        // The notice board (its first page and each year's), its feed and
        // its calendar read every meeting: how long they take, rendered
        // again one after the other.
        let started = std::time::Instant::now();
        let board = [
            Output::NoticeBoard,
            Output::NoticeFeed,
            Output::AppealCalendar,
        ];
        let years = site.years().into_iter().map(Output::NoticeYear);
        for o in board.into_iter().chain(years) {
            renderer.render(&o)?;
        }
        eprintln!(
            "timing: notice board, its feed and calendar {:.1} ms",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    let mut readers = Readers::default();
    for (o, keys) in outputs.iter().zip(reads) {
        if !keys.is_empty() {
            readers.add(site, o.clone(), &keys);
        }
    }
    if keep == Keep::Generation && timings_asked() {
        let (outputs, links) = readers.size();
        eprintln!(
            "timing: what pages read: {outputs} outputs, {links} links, {:.1} MiB",
            readers.bytes() as f64 / (1024.0 * 1024.0)
        );
    }
    copies.par_iter().try_for_each(|c| {
        staging.copy(&c.to, &c.from)?;
        progress.inc(1);
        Ok::<_, BuildError>(())
    })?;
    progress.finish_and_clear();
    let written = files
        .into_iter()
        .chain(search_files.iter().cloned())
        .chain(copies.iter().map(|c| c.to.clone()))
        .collect();
    let output = staging.commit(&written)?;
    let counts = Written {
        pages: outputs.iter().filter(|o| o.is_page()).count(),
        data_files: outputs.iter().filter(|o| !o.is_page()).count(),
        search_files: search_files.len(),
        files_copied: copies.len(),
        output,
    };
    Ok((counts, renderer.into_parts(), readers))
}

/// Make the search index and write its files, letting them go once
/// written. Returns the index (what an update needs of it) and its files'
/// paths.
fn write_search_index(
    renderer: &Renderer,
    usage: crate::search::Use,
    staging: &Staging,
    progress: &ProgressBar,
) -> Result<(crate::search::SearchIndex, Vec<String>), BuildError> {
    let mut search = renderer.build_search_index(usage);
    let files = search.take_files();
    progress.inc_length(files.len() as u64);
    files.par_iter().try_for_each(|(file, script)| {
        staging.write(file, script.as_bytes())?;
        progress.inc(1);
        Ok::<_, BuildError>(())
    })?;
    let written = files.into_iter().map(|(file, _)| file).collect();
    Ok((search, written))
}

/// A progress bar counting `unit` (or, without a length, a spinner) on an
/// interactive terminal; nothing in CI or in a pipe.
pub fn progress_bar(len: Option<u64>, message: &'static str, unit: &str) -> ProgressBar {
    let interactive = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    if !interactive {
        return ProgressBar::with_draw_target(len, ProgressDrawTarget::hidden());
    }
    let bar = match len {
        Some(len) => {
            let bar = ProgressBar::new(len);
            if let Ok(style) = ProgressStyle::with_template(&format!(
                "{{spinner}} {{msg}} [{{bar:30}}] {{pos}}/{{len}} {unit}"
            )) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        }
        None => {
            let spinner = ProgressBar::new_spinner();
            spinner.enable_steady_tick(Duration::from_millis(100));
            spinner
        }
    };
    bar.set_message(message);
    bar
}
