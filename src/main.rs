//! The `insyn` command line: build, check, serve, fetch and new.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use insyn::error::{BuildError, Diagnostic, Language};
use insyn::pipeline::{self, pdf_counts, plural};

/// mimalloc: a build allocates millions of small strings on every core, and
/// glibc's allocator spent a quarter of a build's time on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Insyn: council minutes in git → a static transparency portal.
#[derive(Parser)]
#[command(name = "insyn", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The language of messages: `sv` or `en` [default: the portal's
    /// `language:` in site.yaml, Swedish when it has none].
    #[arg(long, global = true, value_parser = ["sv", "en"])]
    lang: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the portal into the output folder.
    ///
    /// A build with content errors writes nothing and leaves the previous
    /// output folder exactly as it was.
    Build {
        /// The content folder (holds site.yaml and bodies.yaml).
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Where to write the site.
        #[arg(long, default_value = "output")]
        output: PathBuf,
        /// Open the built start page in a web browser.
        #[arg(long)]
        open: bool,
    },
    /// Check the content and report every problem; write nothing.
    ///
    /// PDFs are read from the cache a build keeps in .insyn-cache/ beside
    /// the content folder; those not in it are read, and not added.
    Check {
        /// The content folder (holds site.yaml and bodies.yaml).
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Also ask every web site the published texts link to whether the
        /// page still answers, and warn where it does not. Answers are kept
        /// for a day in .insyn-cache/external-links.json [env:
        /// INSYN_LINK_TIMEOUT, seconds per request; default: 10].
        #[arg(long)]
        external: bool,
    },
    /// Fetch the statistics in stats/indicators.yaml from Kolada into
    /// stats/kolada/, replacing the cache only when every answer is in.
    Fetch {
        /// The content folder (holds site.yaml and stats/).
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// The Kolada API's address [env: INSYN_KOLADA_API; default:
        /// https://api.kolada.se/v3].
        #[arg(long, value_name = "URL")]
        api: Option<String>,
    },
    /// Build, serve the output folder over HTTP, and rebuild on every saved
    /// change; open pages reload by themselves. Ctrl-C stops.
    Serve {
        /// The content folder (holds site.yaml and bodies.yaml).
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Where to write the site.
        #[arg(long, default_value = "output")]
        output: PathBuf,
        /// The port to listen on [default: 8000, or the next free one].
        #[arg(long)]
        port: Option<u16>,
        /// The address to listen on (0.0.0.0 for every network).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the start page in a web browser.
        #[arg(long)]
        open: bool,
        /// After each edit the preview patches in, build the whole site
        /// into a temporary folder and print every file that differs.
        #[arg(long)]
        verify: bool,
    },
    /// Write an archival package of the portal, or of some years of it: a
    /// BagIt bag holding an E-ARK CSIP information package with the built
    /// portal and the content it was built from, SHA-256 for every file.
    ///
    /// Nothing confidential or unpublished goes in; the same content gives
    /// the same bytes. The package is written beside its place and renamed
    /// into it when whole; one that exists is never written over.
    Archive {
        /// The content folder (holds site.yaml and bodies.yaml).
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Where to write the package [default: the organisation and the
        /// years, like vasterviks-kommun-2019, in the working folder].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Only the meetings of this year, their paragraphs, documents and
        /// cases (a year's delivery, årsleverans); give it again for more
        /// years in the same package.
        #[arg(long, value_name = "YYYY")]
        year: Vec<i32>,
        /// Write one zip file (the package's name with .zip) instead of a
        /// folder.
        #[arg(long)]
        zip: bool,
        /// Check a package (folder or zip) instead: every file there, every
        /// checksum right, nothing added. Exits with 1 when anything is
        /// wrong.
        #[arg(long, value_name = "PACKAGE", conflicts_with_all = ["out", "year", "zip"])]
        verify: Option<PathBuf>,
    },
    /// Start new content from a template.
    #[command(subcommand)]
    New(NewCommand),
    /// Remove a previous generation that a build set aside
    /// (`.output.insyn-trash-<n>`), after the build has ended.
    #[command(hide = true, name = insyn::output::discard::SUBCOMMAND)]
    DiscardGeneration { folder: PathBuf },
    /// Print one PDF's text as JSON: the child process a build reads each
    /// PDF in, so that no file can crash or stall the build.
    #[command(hide = true)]
    ExtractPdf {
        /// The memory this process may use, in MiB.
        #[arg(long, default_value_t = 1024)]
        memory_mb: u64,
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// A meeting folder with index.md and an example paragraph.
    Meeting {
        /// The body's id from bodies.yaml, like `ks`.
        #[arg(long)]
        body: String,
        /// The meeting's date, YYYY-MM-DD.
        #[arg(long)]
        date: NaiveDate,
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    insyn::output::discard::use_child_process();
    let asked = cli.lang.map(|l| match l.as_str() {
        "en" => Language::En,
        _ => Language::Sv,
    });
    // Messages in the language of the portal they are about.
    let reporter = |content: &Path| Reporter {
        language: asked.unwrap_or_else(|| insyn::content::settings::language_of(content)),
    };
    match cli.command {
        Command::Build {
            content,
            output,
            open,
        } => build(&content, &output, open, reporter(&content)),
        Command::Check { content, external } => check(&content, external, reporter(&content)),
        Command::Fetch { content, api } => fetch(&content, api, reporter(&content)),
        Command::Serve {
            content,
            output,
            port,
            bind,
            open,
            verify,
        } => {
            let reporter = reporter(&content);
            serve(
                insyn::serve::Options {
                    content,
                    output,
                    bind,
                    port,
                    open,
                    language: asked,
                    verify,
                },
                reporter,
            )
        }
        Command::Archive {
            verify: Some(package),
            ..
        } => verify_package(&package, asked.unwrap_or(Language::Sv)),
        Command::Archive {
            content,
            out,
            year,
            zip,
            verify: None,
        } => {
            let reporter = reporter(&content);
            let options = insyn::archive::Options {
                content,
                out,
                years: year,
                zip,
            };
            archive(&options, reporter)
        }
        Command::DiscardGeneration { folder } => match insyn::output::discard::remove(&folder) {
            true => ExitCode::SUCCESS,
            false => ExitCode::from(1),
        },
        Command::ExtractPdf { memory_mb, file } => {
            println!("{}", insyn::documents::run_child(&file, memory_mb));
            ExitCode::SUCCESS
        }
        Command::New(NewCommand::Meeting {
            body,
            date,
            content,
        }) => new_meeting(&content, &body, date),
    }
}

/// Prints diagnostics and the line that ends a failed run, in the clerk's
/// language.
#[derive(Clone, Copy)]
struct Reporter {
    language: Language,
}

impl Reporter {
    fn print(self, diags: &[Diagnostic]) {
        for d in diags {
            eprintln!("{}", d.render(self.language));
        }
    }

    /// Report a failed run. `output` is the folder a build would have written.
    fn failure(self, e: &BuildError, diags: &[Diagnostic], output: Option<&Path>) -> ExitCode {
        let sv = self.language == Language::Sv;
        let unchanged = match (output, sv) {
            (Some(o), false) => format!(" Nothing was written; {} is unchanged.", o.display()),
            (Some(o), true) => format!(" Inget skrevs; {} är oförändrad.", o.display()),
            (None, _) => String::new(),
        };
        match e {
            BuildError::Content { .. } => {
                let errors = diags.iter().filter(|d| d.is_error()).count();
                match sv {
                    false => eprintln!(
                        "{errors} error{} found.{unchanged} Fix {} and run again.",
                        plural(errors),
                        if errors == 1 { "it" } else { "them" }
                    ),
                    true => eprintln!(
                        "{errors} fel hittades.{unchanged} Rätta {} och kör igen.",
                        if errors == 1 { "det" } else { "dem" }
                    ),
                }
            }
            other => {
                eprint!("{}", insyn::privacy::mask(&other.report(self.language)));
                if !unchanged.is_empty() {
                    eprintln!("{}", unchanged.trim_start());
                }
            }
        }
        ExitCode::from(1)
    }
}

fn build(content: &Path, output: &Path, open: bool, reporter: Reporter) -> ExitCode {
    let report = pipeline::build(content, output);
    reporter.print(&report.diagnostics);
    match report.result {
        Ok(s) => {
            println!("{}", pipeline::summary_line(&s, output));
            if open {
                let index = output.join("index.html");
                if opener::open(&index).is_err() {
                    println!("Open {} in a web browser.", index.display());
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => reporter.failure(&e, &report.diagnostics, Some(output)),
    }
}

fn check(content: &Path, external: bool, reporter: Reporter) -> ExitCode {
    let report = pipeline::check(content, insyn::documents::Cache::ReadOnly);
    reporter.print(&report.diagnostics);
    match report.result {
        Ok(checked) => {
            let site = &checked.site;
            if external {
                check_external_links(site, reporter);
            }
            let warnings = report.diagnostics.len();
            println!(
                "Content OK: {} meeting{}, {} paragraph{}, {} case{}{}{}.",
                site.meetings.len(),
                plural(site.meetings.len()),
                site.paragraphs.len(),
                plural(site.paragraphs.len()),
                site.cases.len(),
                plural(site.cases.len()),
                pdf_counts(checked.pdfs_extracted, checked.pdfs_cached),
                if warnings > 0 {
                    format!(", {warnings} warning{}", plural(warnings))
                } else {
                    String::new()
                }
            );
            ExitCode::SUCCESS
        }
        Err(e) => reporter.failure(&e, &report.diagnostics, None),
    }
}

/// `insyn check --external`: a warning for each link to another web site
/// that does not work, and one line on what was asked.
fn check_external_links(site: &insyn::model::Site, reporter: Reporter) {
    let options = insyn::external::Options::from_env();
    let (warnings, s) = insyn::external::check(site, &options);
    reporter.print(&warnings);
    println!(
        "Checked {} link{} to other web sites ({} address{}, {} asked now, the others answered within the last day): {} {} not work.",
        s.links,
        plural(s.links),
        s.addresses,
        if s.addresses == 1 { "" } else { "es" },
        s.asked,
        s.broken,
        if s.broken == 1 { "does" } else { "do" },
    );
}

fn fetch(content: &Path, api: Option<String>, reporter: Reporter) -> ExitCode {
    use insyn::statistics::fetch::{self, FetchError, Options};
    let options = Options::from_env(api);
    let (diags, result) = fetch::fetch(content, &options);
    reporter.print(&diags);
    match result {
        Ok(s) => {
            println!(
                "Fetched {} indicator{} for {} area{} ({} value{}) in {} request{} to {} into {} in {:.2} s.",
                s.indicators,
                plural(s.indicators),
                s.areas,
                plural(s.areas),
                s.values,
                plural(s.values),
                s.requests,
                plural(s.requests),
                options.api,
                s.folder.display(),
                s.elapsed.as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(FetchError::Content { count }) => {
            eprintln!(
                "{count} error{} found. Nothing was fetched. Fix {} and run again.",
                plural(count),
                if count == 1 { "it" } else { "them" }
            );
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: {e}");
            if let Some(help) = e.help() {
                eprintln!("  = help: {}", help.replace('\n', "\n          "));
            }
            eprintln!(
                "The cache in {} is unchanged.",
                content.join(insyn::statistics::CACHE).display()
            );
            ExitCode::from(1)
        }
    }
}

fn serve(options: insyn::serve::Options, reporter: Reporter) -> ExitCode {
    match insyn::serve::run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(insyn::serve::ServeError::Output(e)) => {
            reporter.failure(&e, &[], Some(&options.output))
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn archive(options: &insyn::archive::Options, reporter: Reporter) -> ExitCode {
    let mut diagnostics = Vec::new();
    let made = insyn::archive::make(options, &mut diagnostics);
    reporter.print(&diagnostics);
    let sv = reporter.language == Language::Sv;
    match made {
        Ok(m) => {
            let size = insyn::i18n::size_text(m.bytes, reporter.language);
            let count = insyn::hosting::count_text(m.files as u64);
            let (site, source) = (
                insyn::hosting::count_text(m.site_files as u64),
                insyn::hosting::count_text(m.source_files as u64),
            );
            let what = m.identity.period();
            match sv {
                true => println!(
                    "Arkivpaketet {} ({what}) är skrivet: {count} filer, {size}; portalen {site} filer, källan {source} filer, på {:.2} s. Kontrollera det med `insyn archive --verify {}`.",
                    m.path.display(),
                    m.elapsed.as_secs_f64(),
                    m.path.display()
                ),
                false => println!(
                    "Wrote the archival package {} ({what}): {count} files, {size}; the portal {site} files, its source {source} files, in {:.2} s. Check it with `insyn archive --verify {}`.",
                    m.path.display(),
                    m.elapsed.as_secs_f64(),
                    m.path.display()
                ),
            }
            ExitCode::SUCCESS
        }
        Err(insyn::archive::ArchiveError::Content { count }) => {
            let e = BuildError::Content { count };
            reporter.failure(&e, &diagnostics, None)
        }
        Err(e) => {
            eprint!("{}", insyn::privacy::mask(&e.report(reporter.language)));
            match sv {
                true => eprintln!("Inget paket skrevs."),
                false => eprintln!("No package was written."),
            }
            ExitCode::from(1)
        }
    }
}

fn verify_package(package: &Path, language: Language) -> ExitCode {
    let sv = language == Language::Sv;
    match insyn::archive::verify(package) {
        Ok(v) if v.problems.is_empty() => {
            let size = insyn::i18n::size_text(v.bytes, language);
            let count = insyn::hosting::count_text(v.files as u64);
            match sv {
                true => println!(
                    "{} är helt: {count} filer, {size}, varje kontrollsumma stämmer.",
                    package.display()
                ),
                false => println!(
                    "{} is whole: {count} files, {size}, every checksum right.",
                    package.display()
                ),
            }
            ExitCode::SUCCESS
        }
        Ok(v) => {
            for p in &v.problems {
                println!("{}", p.line(language));
            }
            let n = v.problems.len();
            match sv {
                true => eprintln!(
                    "{} är inte helt: {n} {} av {} stämmer inte med paketets manifest.",
                    package.display(),
                    if n == 1 { "fil" } else { "filer" },
                    insyn::hosting::count_text(v.files as u64)
                ),
                false => eprintln!(
                    "{} is not whole: {n} file{} of {} do not match the package's manifests.",
                    package.display(),
                    plural(n),
                    insyn::hosting::count_text(v.files as u64)
                ),
            }
            ExitCode::from(1)
        }
        Err(e) => {
            eprint!("{}", e.report(language));
            ExitCode::from(1)
        }
    }
}

fn new_meeting(content: &Path, body: &str, date: NaiveDate) -> ExitCode {
    match insyn::scaffold::new_meeting(content, body, date) {
        Ok(files) => {
            for f in files {
                println!("Created {}", content.join(f).display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
