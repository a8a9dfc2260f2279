//! Documents: which files may be published as attachments, and the text
//! of every published PDF, page by page (lopdf), with the text it carries
//! besides its pages (document information, XMP metadata, annotations).
//!
//! Real-world PDFs are encrypted, scanned, damaged or enormous, and a
//! parser can panic, loop or allocate without end on them. So each file is
//! read by a child process (`insyn extract-pdf FILE`, hidden) with a time
//! bound and a memory bound; whatever goes wrong becomes a [`PdfText`] with
//! a `problem`, never a failed build. Results are cached by the file's
//! content hash under `<portal>/.insyn-cache/pdf/`, outside the output, so
//! a rebuild in which no PDF changed extracts nothing.

mod layout;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use rayon::prelude::*;

use crate::error::{Diagnostic, Diagnostics, ErrorKind, Location};
use crate::model::{ParagraphIx, Pdf, Site};
use crate::privacy;
use serde::{Deserialize, Serialize};
use wait_timeout::ChildExt;

/// The kinds of file an attachment may be, by the name's extension
/// (compared in lower case): documents and pictures that a browser shows
/// or downloads without running anything. HTML, SVG and XML can carry
/// script that would run on the portal's own pages; they are refused.
pub const ATTACHMENT_TYPES: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "odg", "rtf", "txt",
    "csv", "png", "jpg", "jpeg", "gif", "webp", "tif", "tiff",
];

/// Extensions refused because the file can run script in a browser.
const SCRIPTABLE: &[&str] = &[
    "html", "htm", "xhtml", "shtml", "svg", "svgz", "xml", "xsl", "xslt", "js", "mjs",
];

/// The attachments whose text the privacy guard reads line by line.
const TEXT_TYPES: &[&str] = &["txt", "csv"];

/// Why a file may not be published as an attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefusedType {
    /// It can run script (HTML, SVG…).
    Scriptable,
    /// Not a kind of document the portal publishes (or no extension).
    Unknown,
}

fn extension(file: &str) -> String {
    let name = file.rsplit('/').next().unwrap_or(file);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// May `file` be published as an attachment?
pub fn attachment_type(file: &str) -> Result<(), RefusedType> {
    let ext = extension(file);
    if ATTACHMENT_TYPES.contains(&ext.as_str()) {
        Ok(())
    } else if SCRIPTABLE.contains(&ext.as_str()) {
        Err(RefusedType::Scriptable)
    } else {
        Err(RefusedType::Unknown)
    }
}

/// Is `file` an attachment of plain text, read by the privacy guard?
pub fn is_text_attachment(file: &str) -> bool {
    TEXT_TYPES.contains(&extension(file).as_str())
}

/// What Insyn could read from one PDF.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PdfText {
    /// The text of each page, in order (empty strings for pages without).
    pub pages: Vec<String>,
    /// Why there is no text, when there is none.
    pub problem: Option<String>,
    /// Text the file carries besides its pages, which a reader of the
    /// published file can see: never shown by the portal, but read by the
    /// privacy guard.
    #[serde(default)]
    pub details: Vec<PdfDetail>,
    /// For each page, which of its paragraphs (its text split at blank
    /// lines, counted from 0) are headings ([`layout`]).
    #[serde(default)]
    pub headings: Vec<Vec<usize>>,
}

/// One piece of text a PDF carries besides its pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PdfDetail {
    pub place: PdfPlace,
    pub text: String,
}

/// Where in a PDF a [`PdfDetail`] is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PdfPlace {
    /// An entry of the document information (`Title`, `Author`…), as the
    /// word processor filled it in.
    Info(String),
    /// The XMP metadata.
    Metadata,
    /// A comment or other annotation on a page (1-based).
    Annotation(usize),
}

impl PdfText {
    fn failed(problem: impl Into<String>) -> Self {
        PdfText {
            pages: Vec::new(),
            problem: Some(problem.into()),
            details: Vec::new(),
            headings: Vec::new(),
        }
    }

    /// All pages' text, for the search index.
    pub fn all_text(&self) -> String {
        self.pages.join("\n")
    }
}

/// Bumped when extraction changes, so cached results are made again.
const EXTRACTOR_VERSION: &str = "insyn-pdf-3";

/// The bounds one file gets.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub time: Duration,
    pub memory_mb: u64,
}

impl Limits {
    /// 30 s and 1 024 MiB per file, or `INSYN_PDF_TIMEOUT` (seconds) and
    /// `INSYN_PDF_MEMORY_MB` from the environment.
    pub fn from_env() -> Self {
        let number = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<f64>().ok());
        Limits {
            time: Duration::from_secs_f64(number("INSYN_PDF_TIMEOUT").unwrap_or(30.0).max(0.0)),
            memory_mb: number("INSYN_PDF_MEMORY_MB").unwrap_or(1024.0).max(1.0) as u64,
        }
    }
}

/// Read a PDF's text in this process. Used by the child process; never
/// panics (a panic inside lopdf becomes a problem).
pub fn extract(bytes: &[u8]) -> PdfText {
    if bytes.is_empty() {
        return PdfText::failed("the file is empty (0 bytes)");
    }
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return PdfText::failed("the file is not a PDF (no %PDF header)");
    }
    std::panic::catch_unwind(|| extract_pages(bytes))
        .unwrap_or_else(|_| PdfText::failed("the PDF is damaged (the reader gave up on it)"))
}

fn extract_pages(bytes: &[u8]) -> PdfText {
    let doc = match lopdf::Document::load_mem(bytes) {
        Ok(doc) => doc,
        Err(lopdf::Error::Decryption(_)) | Err(lopdf::Error::InvalidPassword) => {
            return PdfText::failed("the PDF is encrypted with a password")
        }
        Err(e) => return PdfText::failed(format!("the PDF is damaged or truncated ({e})")),
    };
    if doc.is_encrypted() {
        return PdfText::failed("the PDF is encrypted with a password");
    }
    let page_ids = doc.get_pages();
    let numbers: Vec<u32> = page_ids.keys().copied().collect();
    if numbers.is_empty() {
        return PdfText::failed("the PDF has no pages");
    }
    let mut headings = Vec::with_capacity(numbers.len());
    let pages: Vec<String> = numbers
        .iter()
        .map(|n| {
            let blocks =
                layout::page_blocks(&doc, page_ids[n], lopdf::DEFAULT_MAX_DECOMPRESSED_SIZE)
                    .filter(|blocks| !blocks.is_empty());
            let Some(blocks) = blocks else {
                headings.push(Vec::new());
                return doc
                    .extract_text(&[*n])
                    .map(|t| tidy(&t))
                    .unwrap_or_default();
            };
            let kept: Vec<(String, bool)> = (blocks.iter())
                .map(|b| (tidy(&b.text), b.heading))
                .filter(|(text, _)| !text.is_empty())
                .collect();
            let page_headings = kept.iter().enumerate().filter(|(_, (_, h))| *h);
            headings.push(page_headings.map(|(i, _)| i).collect());
            kept.into_iter()
                .map(|(text, _)| text)
                .collect::<Vec<_>>()
                .join("\n\n")
        })
        .collect();
    let problem = pages
        .iter()
        .all(|p| p.trim().is_empty())
        .then(|| "the PDF has no text, only images (a scan?)".to_owned());
    let details = details(&doc, &page_ids);
    PdfText {
        pages,
        problem,
        details,
        headings,
    }
}

/// The document information, the XMP metadata and the annotations' texts.
/// `pages` maps each page's number to its object, in order.
fn details(
    doc: &lopdf::Document,
    pages: &std::collections::BTreeMap<u32, lopdf::ObjectId>,
) -> Vec<PdfDetail> {
    let mut out = Vec::new();
    let resolve = |object: &lopdf::Object| match object {
        lopdf::Object::Reference(id) => doc.get_object(*id).ok().cloned(),
        other => Some(other.clone()),
    };
    let info = doc.trailer.get(b"Info").ok().and_then(resolve);
    if let Some(lopdf::Object::Dictionary(info)) = info {
        for (key, value) in info.iter() {
            if let Some(text) = resolve(value).and_then(|v| lopdf::decode_text_string(&v).ok()) {
                out.push(PdfDetail {
                    place: PdfPlace::Info(String::from_utf8_lossy(key).into_owned()),
                    text: tidy(&text),
                });
            }
        }
    }
    let metadata = doc
        .catalog()
        .ok()
        .and_then(|catalog| catalog.get(b"Metadata").ok())
        .and_then(resolve);
    if let Some(lopdf::Object::Stream(stream)) = metadata {
        let bytes = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        out.push(PdfDetail {
            place: PdfPlace::Metadata,
            text: tidy(&String::from_utf8_lossy(&bytes)),
        });
    }
    for (n, id) in pages.values().enumerate() {
        for annotation in doc.get_page_annotations(*id).unwrap_or_default() {
            for key in [&b"Contents"[..], b"T", b"Subj", b"RC"] {
                let text = annotation
                    .get(key)
                    .ok()
                    .and_then(resolve)
                    .and_then(|v| lopdf::decode_text_string(&v).ok());
                if let Some(text) = text {
                    out.push(PdfDetail {
                        place: PdfPlace::Annotation(n + 1),
                        text: tidy(&text),
                    });
                }
            }
        }
    }
    out.retain(|d| !d.text.trim().is_empty());
    out
}

/// Text as lopdf gives it, with control characters dropped and runs of
/// blank lines made one.
fn tidy(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect();
    let mut out = String::with_capacity(cleaned.len());
    let mut blank = 0;
    for line in cleaned.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

/// The entry point of the child process: bound our own memory, read the
/// file, print its [`PdfText`] as JSON.
pub fn run_child(file: &Path, memory_mb: u64) -> String {
    #[cfg(unix)]
    {
        let bytes = memory_mb.saturating_mul(1024 * 1024);
        let _ = rlimit::setrlimit(rlimit::Resource::AS, bytes, bytes);
    }
    let text = match std::fs::read(file) {
        Ok(bytes) => extract(&bytes),
        Err(e) if e.kind() == std::io::ErrorKind::OutOfMemory => PdfText::failed(format!(
            "reading the PDF needs more than {memory_mb} MiB of memory"
        )),
        Err(e) => PdfText::failed(format!("the file cannot be read ({e})")),
    };
    serde_json::to_string(&text).unwrap_or_default()
}

/// What a child process gave for one file.
enum Reading {
    /// The file's own outcome: its text, or what is wrong with it.
    Finished(PdfText),
    /// Stopped at the time bound, or never started: that may be this
    /// machine's load rather than the file, so it is not cached.
    Interrupted(PdfText),
}

/// Read one PDF in a child process of `exe`, within `limits`.
fn extract_isolated(exe: &Path, file: &Path, limits: Limits) -> Reading {
    let started = std::time::Instant::now();
    let child = Command::new(exe)
        .arg("extract-pdf")
        .arg("--memory-mb")
        .arg(limits.memory_mb.to_string())
        .arg(file)
        // mimalloc reserves 1 GiB of address space up front, which the
        // child's memory bound (RLIMIT_AS, set once it runs) would not then
        // limit: no reserve, so every allocation meets the bound.
        .env("MIMALLOC_ARENA_RESERVE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            return Reading::Interrupted(PdfText::failed(format!(
                "the PDF reader could not start ({e})"
            )))
        }
    };
    // Read stdout on a thread, so a large output cannot block the child.
    let mut stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        if let Some(s) = stdout.as_mut() {
            let _ = s.read_to_string(&mut out);
        }
        out
    });
    // A reading that ended just as its time ran out is over time as well,
    // whichever the waiting saw first.
    let status = match child.wait_timeout(limits.time) {
        Ok(Some(status)) if started.elapsed() <= limits.time => status,
        Ok(_) | Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            let _ = reader.join();
            return Reading::Interrupted(PdfText::failed(format!(
                "reading the PDF took longer than {} s, so it was stopped",
                limits.time.as_secs_f64()
            )));
        }
    };
    let out = reader.join().unwrap_or_default();
    Reading::Finished(match serde_json::from_str(&out) {
        Ok(text) if status.success() => text,
        _ => PdfText::failed(format!(
            "the PDF reader stopped on this file (reading it needs more than {} MiB of memory, or the file is damaged)",
            limits.memory_mb
        )),
    })
}

/// What extracting a set of PDFs did.
#[derive(Debug, Default)]
pub struct Extraction {
    /// Each file's text, in the order given.
    pub texts: Vec<PdfText>,
    /// Files read now, and files whose text came from the cache.
    pub extracted: usize,
    pub cached: usize,
}

/// Whether a run keeps what it read in the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cache {
    /// Read from the cache and add to it (a build, the preview).
    Keep,
    /// Read from the cache, write nothing (`insyn check`).
    ReadOnly,
}

/// The text of every file (absolute paths), in parallel, each file read
/// once per content: from the cache in `cache_dir` when it is there.
pub fn extract_all(
    files: &[PathBuf],
    cache_dir: &Path,
    cache: Cache,
    exe: &Path,
    limits: Limits,
) -> Extraction {
    let results: Vec<(PdfText, bool)> = files
        .par_iter()
        .map(|file| {
            let Ok(bytes) = std::fs::read(file) else {
                return (PdfText::failed("the file cannot be read"), false);
            };
            let key = cache_key(&bytes);
            let cached = cache_dir.join(format!("{key}.json"));
            if let Some(text) = std::fs::read_to_string(&cached)
                .ok()
                .and_then(|s| serde_json::from_str(&s).ok())
            {
                return (text, true);
            }
            match extract_isolated(exe, file, limits) {
                Reading::Finished(text) => {
                    if cache == Cache::Keep {
                        store(&cached, &text);
                    }
                    (text, false)
                }
                Reading::Interrupted(text) => (text, false),
            }
        })
        .collect();
    let cached = results.iter().filter(|(_, c)| *c).count();
    Extraction {
        extracted: results.len() - cached,
        cached,
        texts: results.into_iter().map(|(t, _)| t).collect(),
    }
}

/// Read every published PDF of the site into `site.pdfs`: warnings for
/// files without text, errors for personal identity numbers in the text
/// that their document does not allow. Returns (extracted, from cache).
pub fn read_published_pdfs(
    site: &mut Site,
    diags: &mut Diagnostics,
    cache: Cache,
) -> (usize, usize) {
    let documents = site.published_pdf_documents();
    let sources: Vec<PathBuf> = documents
        .iter()
        .map(|&(pi, di)| document_source(site, pi, di))
        .collect();
    let files: Vec<PathBuf> = sources.iter().map(|s| site.content_root.join(s)).collect();
    let extraction = extract_all(
        &files,
        &cache_dir(&site.content_root),
        cache,
        &exe(),
        Limits::from_env(),
    );
    for (((pi, di), source), text) in documents.into_iter().zip(&sources).zip(extraction.texts) {
        if let Some(problem) = &text.problem {
            diags.push(Diagnostic::warning(
                Location::file(source),
                ErrorKind::PdfWithoutText(problem.clone()),
            ));
        }
        let allowed = &site.paragraphs[pi].documents[di].allowed;
        diags.extend(privacy::scan_pages(source, &text.pages, allowed));
        diags.extend(privacy::scan_pdf_details(source, &text.details, allowed));
        site.pdfs.push(Pdf {
            paragraph: pi,
            document: di,
            text,
        });
    }
    (extraction.extracted, extraction.cached)
}

/// Read one PDF that a paragraph publishes (relative to the content
/// folder) as [`read_published_pdfs`] reads it, for the live preview;
/// `None` when the build would warn about it (no text) or stop on it (a
/// personal identity number its document does not allow).
pub fn read_without_problems(content: &Path, source: &Path, allowed: &[String]) -> Option<PdfText> {
    let files = [content.join(source)];
    let extraction = extract_all(
        &files,
        &cache_dir(content),
        Cache::Keep,
        &exe(),
        Limits::from_env(),
    );
    let text = extraction.texts.into_iter().next()?;
    let clean = text.problem.is_none()
        && privacy::scan_pages(source, &text.pages, allowed).is_empty()
        && privacy::scan_pdf_details(source, &text.details, allowed).is_empty();
    clean.then_some(text)
}

/// Read every published attachment of plain text (`.txt`, `.csv`) for
/// personal identity numbers its document does not allow: an error on the
/// line of each. A file that is not UTF-8 is read as Latin-1, as the
/// spreadsheet programs that write such files do.
pub fn scan_text_attachments(site: &Site, diags: &mut Diagnostics) {
    let mut seen = std::collections::BTreeSet::new();
    for (pi, p) in site.published_paragraphs() {
        for (di, d) in p.documents.iter().enumerate() {
            if !d.file.as_deref().is_some_and(is_text_attachment) {
                continue;
            }
            let source = document_source(site, pi, di);
            if !seen.insert((source.clone(), d.allowed.clone())) {
                continue;
            }
            let Ok(bytes) = std::fs::read(site.content_root.join(&source)) else {
                continue;
            };
            let text = match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(e) => e.into_bytes().iter().map(|&b| char::from(b)).collect(),
            };
            diags.extend(privacy::scan(&source, &text, Some(&d.allowed)));
        }
    }
}

/// Where extracted texts are cached: beside the content folder.
fn cache_dir(content: &Path) -> PathBuf {
    crate::content::portal_root(content).join(".insyn-cache/pdf")
}

/// The program that reads each PDF: this one.
fn exe() -> PathBuf {
    std::env::current_exe().unwrap_or_else(|_| PathBuf::from("insyn"))
}

/// A document's file, relative to the content folder.
fn document_source(site: &Site, paragraph: ParagraphIx, document: usize) -> PathBuf {
    let p = &site.paragraphs[paragraph];
    let file = p.documents[document].file.as_deref().unwrap_or_default();
    site.meetings[p.meeting].dir.join(file)
}

fn cache_key(bytes: &[u8]) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(EXTRACTOR_VERSION.as_bytes());
    hasher.update(bytes);
    hasher.finalize().to_hex().to_string()
}

/// Write a cache entry whole or not at all (a temporary file, renamed).
fn store(path: &Path, text: &PdfText) {
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let temporary = path.with_extension(format!("tmp{}", std::process::id()));
    let json = serde_json::to_string(text).unwrap_or_default();
    if std::fs::write(&temporary, json).is_ok() {
        let _ = std::fs::rename(&temporary, path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_non_pdf_files_have_a_problem() {
        assert_eq!(
            extract(b"").problem.as_deref(),
            Some("the file is empty (0 bytes)")
        );
        assert!(extract(b"hello").problem.unwrap().contains("not a PDF"));
        assert!(extract(b"%PDF-1.4\n garbage")
            .problem
            .unwrap()
            .contains("damaged"));
    }

    #[test]
    fn tidy_drops_control_characters_and_extra_blank_lines() {
        assert_eq!(tidy("a\u{0}b\n\n\n\nc  \nd"), "ab\n\nc\nd");
    }
}
