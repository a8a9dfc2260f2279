//! The Markdown a clerk writes, checked as readers will meet it (WCAG 2.1
//! AA, the portal's legal bar) and as the sanitiser will treat it:
//!
//! - an image without a text alternative is an error (`![](karta.png)`,
//!   `<img src=…>`); raw HTML says an image is decorative with `alt=""`;
//! - a heading that skips a level, a link without text and a table
//!   without a header row are warnings;
//! - text nested more than [`MAX_NESTING`] levels deep (quotes in quotes,
//!   lists in lists, HTML elements in elements) is an error: no minutes
//!   need it, and the sanitiser's time grows with the square of the depth;
//! - a Markdown link or image to an address no page may link to
//!   (`javascript:`, `data:`) is published as its plain text, with a
//!   warning; in raw HTML, where it can only be deliberate, it is an error.
//!
//! The same walk gathers the links and images that lead to pages and files
//! of the portal, for [`crate::model::links`] to resolve once every file is
//! read.
//!
//! One walk over pulldown-cmark's events (raw HTML through html5ever's
//! tokenizer), each finding located at its file, line and column.

use std::cell::RefCell;
use std::path::Path;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::yaml::Source;
use crate::error::{Diagnostic, ErrorKind, Location, Severity};
use crate::markdown;

/// How deep quotes, lists and HTML elements may lie in one another.
pub const MAX_NESTING: usize = 40;

/// A link or image to a page or file of the portal, as written, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenLink {
    pub address: String,
    pub location: Location,
    /// The line it stands on, for a message about it.
    pub source_line: Option<String>,
}

impl WrittenLink {
    /// A diagnostic about the link, at its place.
    pub fn diagnostic(&self, severity: Severity, kind: ErrorKind) -> Diagnostic {
        Diagnostic {
            severity,
            location: self.location.clone(),
            kind,
            source_line: self.source_line.clone(),
        }
    }
}

/// What the walk found: problems, the links into the portal, and the links
/// to other web sites (for `insyn check --external`).
#[derive(Debug, Default)]
pub struct Linted {
    pub found: Vec<Diagnostic>,
    pub links: Vec<WrittenLink>,
    pub external: Vec<WrittenLink>,
}

/// The findings in `text`, whose Markdown starts at byte `body_start`
/// (after the front matter).
pub fn check(rel: &Path, text: &str, body_start: usize) -> Linted {
    let mut lint = Lint {
        rel,
        text,
        linted: Linted::default(),
        last_heading: None,
    };
    lint.walk(body_start);
    lint.linted
}

/// [`check`] a source file's Markdown from `body_start`, each finding into
/// the errors or the warnings; returns the links into the portal.
pub fn check_source(
    src: &Source,
    body_start: usize,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<WrittenLink> {
    let linted = check(src.rel, src.text, body_start);
    for d in linted.found {
        match d.is_error() {
            true => errors.push(d),
            false => warnings.push(d),
        }
    }
    linted.links
}

struct Lint<'a> {
    rel: &'a Path,
    text: &'a str,
    linted: Linted,
    /// The level of the text's last heading.
    last_heading: Option<u8>,
}

/// A link or image being read: where it starts, and whether any text (or
/// image alternative) stood inside it.
struct Open {
    at: usize,
    has_text: bool,
}

impl Lint<'_> {
    fn walk(&mut self, body_start: usize) {
        let body = &self.text[body_start..];
        let mut link: Option<Open> = None;
        let mut image: Option<Open> = None;
        let mut table_header_text = None;
        let mut raw = RawHtml::default();
        let mut depth = 0usize;
        for (event, range) in Parser::new_ext(body, markdown::options()).into_offset_iter() {
            let at = body_start + range.start;
            match &event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth + raw.depth > MAX_NESTING {
                self.error(at, ErrorKind::NestedTooDeep(MAX_NESTING));
                return;
            }
            match event {
                Event::Start(Tag::Heading { level, .. }) => self.heading(level as u8, at),
                Event::Start(Tag::Link { dest_url, .. }) => {
                    self.address(&dest_url, at, false);
                    link = Some(Open {
                        at,
                        has_text: false,
                    });
                }
                Event::End(TagEnd::Link) => {
                    if let Some(open) = link.take().filter(|l| !l.has_text) {
                        self.warn(open.at, ErrorKind::EmptyLinkText);
                    }
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    self.address(&dest_url, at, false);
                    image = Some(Open {
                        at,
                        has_text: false,
                    });
                }
                Event::End(TagEnd::Image) => {
                    if let Some(open) = image.take().filter(|i| !i.has_text) {
                        self.error(open.at, ErrorKind::ImageWithoutAlt);
                    }
                }
                Event::Start(Tag::TableHead) => table_header_text = Some((at, false)),
                Event::End(TagEnd::TableHead) => {
                    if let Some((at, false)) = table_header_text.take() {
                        self.warn(at, ErrorKind::TableWithoutHeader);
                    }
                }
                Event::Text(t) | Event::Code(t) => {
                    // The file cannot hold one (`read_text` refuses it), so a
                    // character reference wrote it; the page drops it.
                    if let Some(c) = t.chars().find(|c| crate::error::is_refused_char(*c)) {
                        self.warn(at, ErrorKind::ControlCharacterRemoved(c));
                    }
                    let has_text = !t.trim().is_empty();
                    for open in [&mut link, &mut image].into_iter().flatten() {
                        open.has_text |= has_text;
                    }
                    if let Some((_, seen)) = table_header_text.as_mut() {
                        *seen |= has_text;
                    }
                }
                Event::Html(html) | Event::InlineHtml(html) => {
                    if let Some(c) = refused_reference(&html) {
                        self.warn(at, ErrorKind::ControlCharacterRemoved(c));
                    }
                    for tag in raw.tags(&html, at) {
                        self.raw_tag(&tag, at);
                    }
                    for table in std::mem::take(&mut raw.tables_without_header) {
                        self.warn(table, ErrorKind::TableWithoutHeader);
                    }
                }
                _ => {}
            }
        }
    }

    /// A start tag written in raw HTML, in the chunk that starts at `at`.
    fn raw_tag(&mut self, tag: &RawTag, at: usize) {
        let attr = |name: &str| tag.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v);
        for (name, value) in &tag.attrs {
            if matches!(name.as_str(), "href" | "src") {
                self.address(value, at, true);
            }
        }
        match tag.name.as_str() {
            "img" if attr("alt").is_none() => self.error(at, ErrorKind::ImageWithoutAlt),
            name if name.len() == 2 && name.starts_with('h') => {
                if let Some(level) = name[1..].parse().ok().filter(|l| (1..=6).contains(l)) {
                    self.heading(level, at);
                }
            }
            _ => {}
        }
    }

    /// A link's or image's address at byte `at`: one no page may link to
    /// is removed from Markdown (a warning) and refused in raw HTML (an
    /// error); one into the portal is kept for resolving.
    fn address(&mut self, address: &str, at: usize, raw_html: bool) {
        match markdown::is_safe_address(address) {
            false if raw_html => self.error(at, ErrorKind::UnsafeAddress(address.to_owned())),
            false => self.warn(at, ErrorKind::AddressRemoved(address.to_owned())),
            true if markdown::is_web_address(address) => {
                let link = self.written(address, at);
                self.linted.external.push(link);
            }
            true if markdown::is_external(address) => {}
            true => {
                let link = self.written(address, at);
                self.linted.links.push(link);
            }
        }
    }

    fn written(&self, address: &str, at: usize) -> WrittenLink {
        let location = Location::at_offset(self.rel, self.text, at);
        WrittenLink {
            address: address.to_owned(),
            source_line: location.source_line(self.text),
            location,
        }
    }

    fn heading(&mut self, level: u8, at: usize) {
        if let Some(previous) = self.last_heading.filter(|p| level > p + 1) {
            self.warn(at, ErrorKind::HeadingSkipsLevel { previous, level });
        }
        self.last_heading = Some(level);
    }

    fn error(&mut self, at: usize, kind: ErrorKind) {
        let location = Location::at_offset(self.rel, self.text, at);
        let d = Diagnostic::error(location, kind).with_source(self.text);
        self.linted.found.push(d);
    }

    fn warn(&mut self, at: usize, kind: ErrorKind) {
        let location = Location::at_offset(self.rel, self.text, at);
        let d = Diagnostic::warning(location, kind).with_source(self.text);
        self.linted.found.push(d);
    }
}

/// A character no feed may carry that a numeric reference in raw HTML
/// writes (`&#1;`, `&#x10;`).
fn refused_reference(html: &str) -> Option<char> {
    html.split("&#").skip(1).find_map(|rest| {
        let number = rest.split(';').next()?;
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        char::from_u32(code).filter(|c| crate::error::is_refused_char(*c))
    })
}

/// A start tag of raw HTML: its name and attributes, lower-case names.
struct RawTag {
    name: String,
    attrs: Vec<(String, String)>,
    /// Written `<…/>`.
    self_closing: bool,
}

/// The raw HTML of one text, read chunk by chunk as pulldown-cmark hands
/// it over (a table may span several), by html5ever's tokenizer, so that
/// quoting and entities are read as a browser reads them.
#[derive(Default)]
struct RawHtml {
    /// Where an open `<table>` started, and whether a `<th>` stood in it.
    open_table: Option<(usize, bool)>,
    /// Where the tables that closed without a `<th>` started.
    tables_without_header: Vec<usize>,
    /// How many elements are open.
    depth: usize,
}

impl RawHtml {
    /// The start tags of a chunk of raw HTML that starts at byte `at`.
    fn tags(&mut self, chunk: &str, at: usize) -> Vec<RawTag> {
        let sink = Collect::default();
        let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
        let input = BufferQueue::default();
        input.push_back(StrTendril::from_slice(chunk));
        let _ = tokenizer.feed(&input);
        tokenizer.end();
        let tags = tokenizer.sink.tags.take();
        let mut starts = Vec::new();
        for (kind, tag) in tags {
            match (kind, tag.name.as_str()) {
                (TagKind::StartTag, "table") => self.open_table = Some((at, false)),
                (TagKind::StartTag, "th") => {
                    self.open_table.iter_mut().for_each(|(_, th)| *th = true);
                }
                (TagKind::EndTag, "table") => {
                    if let Some((start, false)) = self.open_table.take() {
                        self.tables_without_header.push(start);
                    }
                }
                _ => {}
            }
            match kind {
                TagKind::StartTag if !tag.self_closing && !is_void(&tag.name) => self.depth += 1,
                TagKind::EndTag => self.depth = self.depth.saturating_sub(1),
                TagKind::StartTag => {}
            }
            if kind == TagKind::StartTag {
                starts.push(tag);
            }
        }
        starts
    }
}

/// An element that has no end tag (`<br>`, `<img>`…).
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Collects the tags html5ever's tokenizer reads.
#[derive(Default)]
struct Collect {
    tags: RefCell<Vec<(TagKind, RawTag)>>,
}

impl TokenSink for Collect {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token {
            let attrs = tag.attrs.iter().map(|a| {
                let name = a.name.local.to_string();
                (name, a.value.to_string())
            });
            let raw = RawTag {
                name: tag.name.to_string(),
                attrs: attrs.collect(),
                self_closing: tag.self_closing,
            };
            self.tags.borrow_mut().push((tag.kind, raw));
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(markdown: &str) -> Vec<(String, String)> {
        check(Path::new("a.md"), markdown, 0)
            .found
            .into_iter()
            .map(|d| (d.location.to_string(), d.kind.to_string()))
            .collect()
    }

    #[test]
    fn text_nested_too_deep_is_refused_fast_and_ordinary_nesting_is_not() {
        let nested =
            "the text lies quotes, lists or HTML elements in one another more than 40 levels deep";
        let started = std::time::Instant::now();
        for deep in [
            format!("Text\n\n{} djupt\n", ">".repeat(100_000)),
            format!("Text\n\n{}\n", "<div>".repeat(100_000)),
            format!("Text\n\n{}\n", "> <div><blockquote>".repeat(50)),
        ] {
            let found = kinds(&deep);
            assert_eq!(found.len(), 1, "{found:?}");
            assert!(found[0].0.starts_with("a.md:3:"), "{found:?}");
            assert_eq!(found[0].1, nested);
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        let ordinary = "> Citat\n> > svar\n\n- a\n  - b\n    - c\n      - *d* [e](f.pdf)\n\n<div><p><br><img src=\"x.png\" alt=\"\"><br/></p></div>\n".repeat(30);
        assert!(kinds(&ordinary).is_empty(), "{:?}", kinds(&ordinary));
    }

    #[test]
    fn an_image_needs_a_text_alternative_unless_raw_html_calls_it_decorative() {
        assert_eq!(kinds("Text\n\n![](karta.png)\n").len(), 1);
        assert_eq!(kinds("<img src=\"karta.png\">\n").len(), 1);
        assert!(kinds("![Karta över Gamleby](karta.png)\n").is_empty());
        assert!(kinds("<img src=\"linje.png\" alt=\"\">\n").is_empty());
        let found = kinds("Rad\n\nSe <img src=x> här\n");
        assert_eq!(found[0].0, "a.md:3:4");
    }

    #[test]
    fn headings_links_and_tables_are_warned_about() {
        let found = kinds("# A\n\n### C\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.contains("level 3"), "{found:?}");
        assert!(kinds("# A\n\n## B\n\n### C\n\n# D\n").is_empty());
        assert_eq!(kinds("Se [](beslut.pdf)\n").len(), 1);
        assert!(kinds("Se [![Karta](k.png)](k.pdf)\n").is_empty());
        assert_eq!(kinds("|   |   |\n|---|---|\n| 1 | 2 |\n").len(), 1);
        assert!(kinds("| a | b |\n|---|---|\n| 1 | 2 |\n").is_empty());
        assert_eq!(kinds("<table><tr><td>1</td></tr></table>\n").len(), 1);
        assert!(kinds("<table><tr><th>a</th></tr><tr><td>1</td></tr></table>\n").is_empty());
    }

    #[test]
    fn character_references_to_control_characters_are_warned_about() {
        for text in [
            "Text &#1; här\n",
            "<b>&#x10;</b>\n",
            "Text <span>&#65534;</span>\n",
        ] {
            let found = kinds(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert!(found[0].1.contains("is removed from the page"), "{found:?}");
        }
        assert!(kinds("Text &#65; &amp; &#x2028;\n").is_empty());
    }

    #[test]
    fn script_addresses_are_removed_from_markdown_and_refused_in_html() {
        let found = check(Path::new("a.md"), "[klicka](javascript:alert(1))\n", 0).found;
        assert!(!found[0].is_error(), "{found:?}");
        let html = "<a href=\"javascript:alert(1)\">x</a>\n";
        let found = check(Path::new("a.md"), html, 0).found;
        assert!(found[0].is_error(), "{found:?}");
        assert!(
            kinds("[Beslut](https://example.se/) [e-post](mailto:a@b.se) [bilaga](b.pdf)\n")
                .is_empty()
        );
    }
}
