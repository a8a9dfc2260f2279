//! `insyn serve`: a live preview. Builds the portal, serves the output
//! folder over HTTP ([`http`]), watches the content and the themes
//! ([`watch`]), builds again after every batch of changes, and tells open
//! pages to reload. While the content has errors the last good site stays
//! on disk and every page shows the errors; the changes since it was made
//! are kept, and patched in with the save that fixes them. A whole build
//! is preceded by one line saying why ([`incremental::Whole`]);
//! `--verify` compares each patched result with a clean build
//! ([`verify`]).
//!
//! Each rebuild reads again only the content files that changed
//! ([`crate::content::Sources::update`]). An edit inside an existing
//! meeting's folder (its paragraphs, § files, attachments, its header) is
//! then patched into the kept model and only the outputs it affects are
//! rendered and written ([`incremental`]); any other change builds through
//! the same pipeline as `insyn build`. Either way the files on disk are exactly what
//! `insyn build` writes (`tests/testsuite/serve_edits.rs` checks both).

pub mod connections;
pub mod http;
pub mod incremental;
pub mod verify;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use tokio::sync::broadcast;

use crate::content::settings::{language_of, Language};
use crate::error::BuildError;
use crate::pipeline::{self, Report, Summary};
use http::Shared;

/// The port tried first when none is given; the next free one is used when
/// it is taken.
pub const DEFAULT_PORT: u16 = 8000;

pub struct Options {
    pub content: PathBuf,
    pub output: PathBuf,
    pub bind: IpAddr,
    /// `None`: [`DEFAULT_PORT`] or the next free one. `Some(0)`: any free port.
    pub port: Option<u16>,
    pub open: bool,
    /// The language of messages; `None`: the portal's (see
    /// [`crate::content::settings::language_of`]).
    pub language: Option<crate::content::settings::Language>,
    /// After each patched edit, compare the output folder with a clean
    /// build and print any difference ([`verify`]).
    pub verify: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("the port {port} on {bind} is in use: choose another with --port, or stop the program that uses it")]
    PortInUse { bind: IpAddr, port: u16 },
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot watch {folder} for changes: {source}")]
    Watch {
        folder: PathBuf,
        source: notify::Error,
    },
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
    #[error("{0}")]
    Output(#[from] crate::error::BuildError),
}

/// Build, serve and rebuild until Ctrl-C.
pub fn run(options: &Options) -> Result<(), ServeError> {
    crate::output::guard::may_write(&options.output, &options.content)?;
    let listener = listen(options.bind, options.port)?;
    let address = listener.local_addr().map_err(ServeError::Runtime)?;
    let (reload, _) = broadcast::channel(16);
    let (stopping, _) = tokio::sync::watch::channel(false);
    let shared = Arc::new(Shared {
        output: std::path::absolute(&options.output).unwrap_or(options.output.clone()),
        bind: options.bind,
        errors: RwLock::new(None),
        reload,
        stopping,
    });
    // Watching starts before the first build, so that a save made while
    // it runs is rebuilt after it.
    let folders = watched_folders(&options.content);
    let (_watcher, batches) = watch::watch(&folders).map_err(|source| ServeError::Watch {
        folder: options.content.clone(),
        source,
    })?;
    let mut sources =
        crate::content::Sources::read_for(&options.content, crate::content::Purpose::Preview);
    let asked = options.language;
    let language = move |content: &Path| asked.unwrap_or_else(|| language_of(content));
    let mut generation = rebuild(
        &options.content,
        &options.output,
        &shared,
        &sources,
        None,
        language(&options.content),
    );
    // Held while a rebuild runs, so that stopping waits for the output
    // folder to be whole.
    let building = Arc::new(Mutex::new(()));
    let rebuilding = Arc::clone(&shared);
    let (content, output) = (options.content.clone(), shared.output.clone());
    let lock = Arc::clone(&building);
    let verify = options.verify;
    std::thread::spawn(move || {
        // The changes since the kept generation was made: after an error
        // they are patched in together with the fix.
        let mut pending: Vec<PathBuf> = Vec::new();
        while let Ok(mut batch) = batches.recv() {
            let _building = lock.lock();
            let started = Instant::now();
            sources.update(&batch);
            // A file caught half written (one of many a checkout writes)
            // reads with errors: the rest of its writes, if they come
            // soon, are read with it, before any error is reported.
            while sources.has_errors() {
                let Ok(more) = batches.recv_timeout(watch::SETTLE) else {
                    break;
                };
                sources.update(&more);
                batch.extend(more);
                batch.sort();
                batch.dedup();
            }
            pipeline::timing("read changed content", started);
            pending.extend(batch.iter().cloned());
            pending.sort();
            pending.dedup();
            let language = language(&content);
            let outcome = match generation.as_mut() {
                Some(g) => incremental::apply_caught(g, &sources, &pending, &output),
                None => Err(incremental::Whole::NoGoodBuild),
            };
            match outcome {
                Ok(Ok(applied)) => {
                    pending.clear();
                    for warning in sources.warnings_of(&batch) {
                        eprintln!("{}", warning.render(language));
                    }
                    report_patched(&content, &rebuilding, &batch, &applied, started);
                    if verify {
                        for line in verify::report(&sources, &output) {
                            println!("{line}");
                        }
                    }
                }
                Ok(Err(failed)) => {
                    // The output folder is no longer the kept generation's.
                    pending.clear();
                    drop(generation.take());
                    report_failed_write(&rebuilding, &failed, language);
                }
                Err(why) => {
                    // When the build may fail on the content, the last good
                    // generation stays through it, to patch the fix into;
                    // otherwise it is of no use to a whole build: freed first.
                    // A generation a fault left half patched is never kept.
                    let keep = generation.is_some()
                        && why != incremental::Whole::Fault
                        && (sources.has_errors() || why.may_fail_on_content());
                    // A changed file's errors are reported as a build
                    // reports them, with no reason before.
                    if !(keep && sources.has_errors()) {
                        println!("{}", why.message(language));
                    }
                    if !keep {
                        drop(generation.take());
                    }
                    let built = rebuild(
                        &content,
                        &output,
                        &rebuilding,
                        &sources,
                        Some(&batch),
                        language,
                    );
                    // A build that succeeds makes the output folder its own.
                    if built.is_some() || !keep {
                        generation = built;
                        pending.clear();
                    }
                }
            }
        }
    });

    let runtime = tokio::runtime::Runtime::new().map_err(ServeError::Runtime)?;
    runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(ServeError::Runtime)?;
        let listener = tokio::net::TcpListener::from_std(listener).map_err(ServeError::Runtime)?;
        // Ctrl-C is caught from here on, before the address is printed.
        let stop = stop_signal()?;
        let url = format!("http://{address}/");
        println!(
            "Serving {} at {url} (press Ctrl-C to stop). Watching {} for changes.",
            options.output.display(),
            folders
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(" and ")
        );
        if options.open && opener::open(&url).is_err() {
            println!("Open {url} in a web browser.");
        }
        let ending = Arc::clone(&shared);
        connections::serve(listener, http::router(shared), async move {
            stop.await;
            let _ = ending.stopping.send(true);
        })
        .await;
        Ok::<_, ServeError>(())
    })?;
    let _finished = building.lock();
    println!("Stopped.");
    Ok(())
}

/// Resolves at Ctrl-C (SIGINT) or SIGTERM; the handlers are installed when
/// this is called, not when it is first awaited.
fn stop_signal() -> Result<impl std::future::Future<Output = ()>, ServeError> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut interrupt = signal(SignalKind::interrupt()).map_err(ServeError::Runtime)?;
        let mut terminate = signal(SignalKind::terminate()).map_err(ServeError::Runtime)?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

/// The content folder, and the themes beside it.
fn watched_folders(content: &Path) -> Vec<PathBuf> {
    let themes = crate::content::portal_root(content).join("themes");
    let mut folders = vec![std::path::absolute(content).unwrap_or(content.to_path_buf())];
    if themes.is_dir() {
        folders.push(themes);
    }
    folders
}

/// A listener on the port asked for; without one, on the default port or
/// the next free one.
fn listen(bind: IpAddr, port: Option<u16>) -> Result<TcpListener, ServeError> {
    let try_port = |port: u16| {
        let addr = SocketAddr::new(bind, port);
        TcpListener::bind(addr).map_err(|source| match source.kind() {
            std::io::ErrorKind::AddrInUse => ServeError::PortInUse { bind, port },
            _ => ServeError::Listen { addr, source },
        })
    };
    match port {
        Some(port) => try_port(port),
        None => (DEFAULT_PORT..DEFAULT_PORT + 20)
            .map(try_port)
            .find(Result::is_ok)
            .unwrap_or_else(|| try_port(0)),
    }
}

/// Build the site, print what happened, keep the errors for the pages, and
/// tell open pages to reload. Returns the built site, to patch later edits
/// into; `None` after errors, so that the next change builds everything
/// again (and so sees every error that is left).
fn rebuild(
    content: &Path,
    output: &Path,
    shared: &Shared,
    sources: &crate::content::Sources,
    changed: Option<&[PathBuf]>,
    language: Language,
) -> Option<pipeline::Generation> {
    let started = Instant::now();
    let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pipeline::build_sources(sources, output)
    }));
    let Ok((report, generation)) = built else {
        // A fault of Insyn's own: the next save builds again.
        eprintln!("{}", fault_message(language));
        return None;
    };
    let errors = report_text(&report, language);
    // The pages say what the terminal is about to say.
    if let Ok(mut slot) = shared.errors.write() {
        slot.clone_from(&errors);
    }
    if report.result.is_ok() {
        // Warnings, as `insyn build` prints them.
        for warning in &report.diagnostics {
            eprintln!("{}", warning.render(language));
        }
    }
    match (&report.result, changed) {
        (Ok(summary), None) => println!("{}", pipeline::summary_line(summary, output)),
        (Ok(summary), Some(changed)) => println!(
            "Rebuilt after {} in {} ms ({} pages).",
            describe(changed, content),
            started.elapsed().as_millis(),
            summary.pages
        ),
        (Err(_), _) => {
            eprint!("{}", errors.as_deref().unwrap_or_default());
            eprintln!("The last good site is still served. Save a fix to rebuild.");
        }
    }
    let _ = shared.reload.send(());
    generation
}

/// What the preview says when a build stops on a fault of Insyn's own (a
/// panic, whose message the terminal shows above).
fn fault_message(language: Language) -> &'static str {
    match language {
        Language::En => {
            "The build stopped on a fault in Insyn (please report it). The last good site is still served; save again to rebuild."
        }
        Language::Sv => {
            "Bygget stoppades av ett fel i Insyn (rapportera det gärna). Den senaste fungerande webbplatsen visas fortfarande; spara igen för att bygga om."
        }
    }
}

/// Print what a patched edit wrote and tell open pages to reload.
fn report_patched(
    content: &Path,
    shared: &Shared,
    changed: &[PathBuf],
    applied: &incremental::Applied,
    started: Instant,
) {
    if let Ok(mut slot) = shared.errors.write() {
        *slot = None;
    }
    println!(
        "Rebuilt after {} in {} ms ({} pages rendered, {} files written, {} removed{}).",
        describe(changed, content),
        started.elapsed().as_millis(),
        applied.rendered,
        applied.written,
        applied.removed,
        match applied.search_built_again {
            true => "; search index built again",
            false => "",
        }
    );
    let _ = shared.reload.send(());
}

/// Say that a write into the output folder failed during a patch: the
/// pages show it too, and the next change builds the whole site.
fn report_failed_write(shared: &Shared, failed: &BuildError, language: Language) {
    let text = crate::privacy::mask(&failed.report(language)).into_owned();
    // The pages say what the terminal is about to say.
    if let Ok(mut slot) = shared.errors.write() {
        *slot = Some(text.clone());
    }
    eprint!("{text}");
    let _ = shared.reload.send(());
}

/// The diagnostics of a failed build as the terminal shows them; `None`
/// when it succeeded.
fn report_text(report: &Report<Summary>, language: Language) -> Option<String> {
    let error = report.result.as_ref().err()?;
    let mut text: String = report
        .diagnostics
        .iter()
        .map(|d| d.render(language))
        .collect::<Vec<_>>()
        .join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    match (error, language) {
        (BuildError::Content { count }, Language::Sv) => {
            text.push_str(&format!("fel: {count} fel i innehållet; inget skrevs\n"))
        }
        _ => text.push_str(&error.report(language)),
    }
    Some(crate::privacy::mask(&text).into_owned())
}

/// "a change to meetings/2020/…/001-a.md" or "3 changes".
fn describe(changed: &[PathBuf], content: &Path) -> String {
    match changed {
        [one] => {
            // Inside the content folder, or else the portal's (a theme).
            let root = std::path::absolute(content).unwrap_or(content.to_path_buf());
            let portal = crate::content::portal_root(content);
            let shown = one.strip_prefix(&root).or(one.strip_prefix(&portal));
            format!("a change to {}", shown.unwrap_or(one).display())
        }
        many => format!("{} changes", many.len()),
    }
}
