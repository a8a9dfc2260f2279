//! Markdown to safe HTML: pulldown-cmark (tables, footnotes, heading
//! anchors), then ammonia for a text with raw HTML, so nothing a clerk
//! pastes can run script. A text without any is escaped by pulldown-cmark
//! already, and its links checked here ([`needs_sanitizer`]).
//!
//! Ids are namespaced per document (`c-p63-…`) because several paragraphs
//! share one meeting page; ammonia keeps only ids of that form, so content
//! can never collide with the page's own ids such as `main`.
//!
//! A text that links to pages and files of the portal is a [`ContentHtml`]
//! that renders again for each page that shows it: its links are relative,
//! and a paragraph shows on its meeting's page and on its own, one folder
//! deeper.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::references::{Found, Reference};

/// Every id produced from content starts with this.
const ID_PREFIX: &str = "c-";

/// Where a link of content leads, once resolved ([`crate::model::links`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A page or file of the portal, from the site root, percent-encoded:
    /// `arenden/2018-71/index.html`, `sammantraden/…/index.html#p63`.
    Site(String),
    /// A heading of the same text, by its id (`c-p63-beslut`).
    Anchor(String),
    /// A page of the portal on the web, by its full address: in an
    /// archival package of some years, a page of another year.
    Web(String),
}

/// The resolved links of one text: each address as written, and its target.
pub type Links = BTreeMap<String, Target>;

/// A text rendered to HTML. One that links into the portal keeps what it
/// takes to render again for any page: the way back to the site root
/// differs from page to page (`../../`), and a feed needs full addresses.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContentHtml {
    /// With links from the site root: the text for search, and the HTML of
    /// a text without links into the portal.
    html: String,
    relink: Option<Arc<Relink>>,
}

#[derive(Debug, PartialEq)]
struct Relink {
    markdown: String,
    scope: String,
    top_level: u8,
    links: Links,
    /// The references to decisions and cases in its text, which become
    /// links where the portal has their target ([`crate::references`]).
    references: Vec<Found>,
}

impl ContentHtml {
    /// No text at all.
    pub const EMPTY: ContentHtml = ContentHtml {
        html: String::new(),
        relink: None,
    };

    /// Render `markdown` (see [`to_html`]) with its resolved `links`.
    pub fn new(markdown: &str, scope: &str, top_level: u8, links: Links) -> ContentHtml {
        let mut references = Vec::new();
        if links.is_empty() {
            let mut rendering = Rendering {
                found: Some(&mut references),
                ..Rendering::default()
            };
            let html = render(markdown, scope, top_level, &mut rendering);
            let relink = (!references.is_empty()).then(|| {
                Arc::new(Relink {
                    markdown: markdown.to_owned(),
                    scope: scope.to_owned(),
                    top_level,
                    links,
                    references,
                })
            });
            return ContentHtml {
                html: kept(html),
                relink,
            };
        }
        let mut relink = Relink {
            markdown: markdown.to_owned(),
            scope: scope.to_owned(),
            top_level,
            links,
            references: Vec::new(),
        };
        let html = relink.render("", &HashMap::new(), Some(&mut references));
        relink.references = references;
        ContentHtml {
            html: kept(html),
            relink: Some(Arc::new(relink)),
        }
    }

    /// The HTML with links from the site root: for reading its text.
    pub fn as_str(&self) -> &str {
        &self.html
    }

    /// The HTML as a page shows it whose way back to the site root is
    /// `root` (`../../`, or the portal's address in a feed).
    pub fn for_root(&self, root: &str) -> Cow<'_, str> {
        self.for_root_with(root, &HashMap::new())
    }

    /// [`ContentHtml::for_root`], each of its references that `resolved`
    /// holds a link to where it says (with `root` already before it).
    pub fn for_root_with(&self, root: &str, resolved: &HashMap<Reference, String>) -> Cow<'_, str> {
        match &self.relink {
            Some(relink)
                if !resolved.is_empty() || (!root.is_empty() && !relink.links.is_empty()) =>
            {
                Cow::Owned(relink.render(root, resolved, None))
            }
            _ => Cow::Borrowed(&self.html),
        }
    }

    /// Does the text link to pages or files of the portal?
    pub fn has_links(&self) -> bool {
        self.relink.as_ref().is_some_and(|r| !r.links.is_empty())
    }

    /// The references to decisions and cases its text makes.
    pub fn references(&self) -> &[Found] {
        self.relink.as_ref().map_or(&[], |r| &r.references)
    }
}

impl Relink {
    fn render(
        &self,
        root: &str,
        references: &HashMap<Reference, String>,
        found: Option<&mut Vec<Found>>,
    ) -> String {
        let address = |target: &Target| match target {
            Target::Site(path) => format!("{root}{path}"),
            Target::Anchor(id) => format!("#{id}"),
            Target::Web(url) => url.clone(),
        };
        let relinked: HashMap<&str, String> = (self.links.iter())
            .map(|(written, target)| (written.as_str(), address(target)))
            .collect();
        let mut rendering = Rendering {
            relinked: Some(&relinked),
            references: Some(references),
            found,
        };
        render(&self.markdown, &self.scope, self.top_level, &mut rendering)
    }
}

/// `html` in an allocation of about its own length, for a text kept as
/// long as the model: rendering makes room for half as much again as its
/// Markdown, which raised a 100 000 § build's peak memory by 25–45 MB.
fn kept(html: String) -> String {
    match html.capacity() - html.len() > html.len() / 8 {
        true => html.as_str().to_owned(),
        false => html,
    }
}

thread_local! {
    /// The addresses the sanitiser replaces in raw HTML while one text
    /// with links into the portal is sanitised ([`sanitize`]).
    static RELINKED: RefCell<Option<HashMap<String, String>>> = const { RefCell::new(None) };
}

/// Render `markdown` to sanitised HTML. Headings are shifted so the first
/// level is `top_level` (the page's own headings come above it); `scope` keeps
/// ids unique on a page that shows several documents (`p63`).
pub fn to_html(markdown: &str, scope: &str, top_level: u8) -> String {
    render(markdown, scope, top_level, &mut Rendering::default())
}

/// The text under a heading "Beslut" (or "Decision"), up to the next
/// heading of its level or above: the decision as the minutes word it.
pub fn decision_section(markdown: &str) -> Option<&str> {
    if !markdown.contains('#') {
        return None;
    }
    let mut start: Option<(usize, HeadingLevel)> = None;
    let mut in_heading: Option<(HeadingLevel, String)> = None;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                if let Some((from, found)) = start {
                    if level <= found {
                        return Some(markdown[from..range.start].trim()).filter(|s| !s.is_empty());
                    }
                }
                in_heading = Some((level, String::new()));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, words)) = in_heading.as_mut() {
                    words.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, words)) = in_heading.take() {
                    let words = words.trim().to_lowercase();
                    if start.is_none() && (words == "beslut" || words == "decision") {
                        start = Some((range.end, level));
                    }
                }
            }
            _ => {}
        }
    }
    let (from, _) = start?;
    Some(markdown[from..].trim()).filter(|s| !s.is_empty())
}

/// The ids the headings of `markdown` get, without their scope's prefix
/// (`beslut`, `beslut-2`): what a link to `#beslut` may name.
pub fn heading_ids(markdown: &str) -> Vec<String> {
    let events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
    let events = anchor_headings(events, "", 0);
    let ids = events.into_iter().filter_map(|e| match e {
        Event::Start(Tag::Heading { id, .. }) => id.map(|id| id.to_string()),
        _ => None,
    });
    ids.collect()
}

/// The id a heading's `id` (from [`heading_ids`]) gets in a text of
/// `scope` (`p63`): `c-p63-beslut`.
pub fn scoped_id(scope: &str, id: &str) -> String {
    format!("{}{id}", id_prefix(scope))
}

fn id_prefix(scope: &str) -> String {
    match scope {
        "" => ID_PREFIX.to_owned(),
        scope => format!("{ID_PREFIX}{scope}-"),
    }
}

/// `html` sanitised; the addresses of its raw HTML that `relinked` holds
/// lead where it says.
fn sanitize(html: &str, relinked: Option<&HashMap<&str, String>>) -> String {
    if let Some(relinked) = relinked {
        let owned = (relinked.iter()).map(|(k, v)| ((*k).to_owned(), v.clone()));
        RELINKED.with(|r| r.replace(Some(owned.collect())));
    }
    let clean = sanitizer().clean(html).to_string();
    RELINKED.with(|r| r.replace(None));
    without_refused_chars(clean)
}

/// Does HTML rendered from `events` need the sanitiser? Only raw HTML can
/// bring a tag, an attribute or an event handler of its own, and only a
/// table's column alignment brings a `style` and a fenced block's language
/// a `class` (both of which the sanitiser drops).
/// Everything else pulldown-cmark writes is escaped, and links and images
/// have been checked ([`without_unsafe_links`]): sanitising it would only
/// parse and write the same HTML again, which took 5.8 % of a 100 000 §
/// build's CPU time, more than the rendering of the Markdown itself.
fn needs_sanitizer(events: &[Event]) -> bool {
    events.iter().any(|e| {
        matches!(
            e,
            Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::Table(_))
        ) || matches!(e, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if !info.is_empty())
    })
}

/// What a rendering changes of the text and notes of it.
#[derive(Default)]
struct Rendering<'r, 'f> {
    /// Markdown links and images whose address it replaces.
    relinked: Option<&'r HashMap<&'r str, String>>,
    /// References that become links, to where they lead.
    references: Option<&'r HashMap<Reference, String>>,
    /// Where to note the references the text makes.
    found: Option<&'f mut Vec<Found>>,
}

/// `markdown` as safe HTML, each Markdown link or image whose address
/// `relinked` holds leading where it says, and each reference
/// `references` holds a link.
fn render(markdown: &str, scope: &str, top_level: u8, rendering: &mut Rendering) -> String {
    let events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
    let sanitized = needs_sanitizer(&events);
    let events = without_unsafe_links(events);
    let events = match rendering.relinked.filter(|r| !r.is_empty()) {
        None => events,
        Some(relinked) => events.into_iter().map(|e| relink(e, relinked)).collect(),
    };
    let events = with_references(events, rendering);
    let shift = heading_shift(&events, top_level);
    let prefix = id_prefix(scope);
    let events = anchor_headings(events, &prefix, shift);
    let events = wrap_tables(events);
    let events = events.into_iter().map(|e| scope_footnotes(e, &prefix));
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    match sanitized {
        true => sanitize(&html, rendering.relinked),
        false => without_refused_chars(html),
    }
}

/// The events with the references of running text noted (in
/// `rendering.found`) and, where `rendering.references` has them, made
/// links. Text inside links, code and headings is left as it is; a soft
/// line break inside a reference ("beslutade\n2018-03-26, § 63") is kept.
fn with_references<'a>(events: Vec<Event<'a>>, rendering: &mut Rendering) -> Vec<Event<'a>> {
    let no_references = HashMap::new();
    let references = rendering.references.unwrap_or(&no_references);
    let wanted = rendering.found.is_some() || !references.is_empty();
    let may_have = |e: &Event| matches!(e, Event::Text(t) if t.contains('§') || t.contains('/'));
    if !wanted || !events.iter().any(may_have) {
        return events;
    }
    let mut found = Vec::new();
    let mut out = Vec::with_capacity(events.len());
    let mut inside = 0usize;
    let mut text: Option<String> = None;
    let flush = |text: &mut Option<String>, out: &mut Vec<Event<'a>>, found: &mut Vec<Found>| {
        let Some(text) = text.take() else { return };
        let mut at = 0;
        for (range, f) in crate::references::find(&text) {
            if let Some(address) = references.get(&f.reference) {
                if range.start > at {
                    out.push(Event::Text(CowStr::from(text[at..range.start].to_owned())));
                }
                let link = Tag::Link {
                    link_type: pulldown_cmark::LinkType::Inline,
                    dest_url: CowStr::from(address.clone()),
                    title: CowStr::from(""),
                    id: CowStr::from(""),
                };
                out.push(Event::Start(link));
                out.push(Event::Text(CowStr::from(text[range.clone()].to_owned())));
                out.push(Event::End(TagEnd::Link));
                at = range.end;
            }
            found.push(f);
        }
        if at < text.len() {
            out.push(Event::Text(CowStr::from(text[at..].to_owned())));
        }
    };
    for event in events {
        match &event {
            Event::Start(
                Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_) | Tag::Heading { .. },
            ) => {
                flush(&mut text, &mut out, &mut found);
                inside += 1;
                out.push(event);
            }
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock | TagEnd::Heading(_)) => {
                flush(&mut text, &mut out, &mut found);
                inside = inside.saturating_sub(1);
                out.push(event);
            }
            Event::Text(t) if inside == 0 => text.get_or_insert_with(String::new).push_str(t),
            Event::SoftBreak if inside == 0 && text.is_some() => {
                text.get_or_insert_with(String::new).push('\n');
            }
            _ => {
                flush(&mut text, &mut out, &mut found);
                out.push(event);
            }
        }
    }
    flush(&mut text, &mut out, &mut found);
    if let Some(noted) = rendering.found.as_deref_mut() {
        noted.extend(found);
    }
    out
}

/// Each table in a scroll region of its own, named by its column headings
/// and reachable by keyboard: a wide table scrolls on a phone instead of
/// widening the page.
fn wrap_tables(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Start(Tag::Table(_))))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + 2);
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Table(_)) => {
                let mut headings = Vec::new();
                let mut cell = String::new();
                for e in &events[i + 1..] {
                    match e {
                        Event::Text(t) | Event::Code(t) => cell.push_str(t),
                        Event::End(TagEnd::TableCell) => headings.push(std::mem::take(&mut cell)),
                        Event::End(TagEnd::TableHead) => break,
                        _ => {}
                    }
                }
                let mut label = String::new();
                crate::theme::push_escaped_html(&mut label, headings.join(", ").trim());
                out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{label}\">"
                ))));
                out.push(event.clone());
            }
            Event::End(TagEnd::Table) => {
                out.push(event.clone());
                out.push(Event::Html(CowStr::from("</div>")));
            }
            _ => out.push(event.clone()),
        }
    }
    out
}

/// A link or image event with its address replaced when `relinked` has it.
fn relink<'a>(mut event: Event<'a>, relinked: &HashMap<&str, String>) -> Event<'a> {
    if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &mut event {
        if let Some(address) = relinked.get(dest_url.as_ref()) {
            *dest_url = CowStr::from(address.clone());
        }
    }
    event
}

/// The text without the characters no feed may carry: the content's files
/// cannot hold them (the loader refuses them), but a character reference
/// (`&#1;`) writes one, and the text is only displayed.
fn without_refused_chars(html: String) -> String {
    if !html.contains(crate::error::is_refused_char) {
        return html;
    }
    html.replace(crate::error::is_refused_char, "")
}

/// The Markdown Insyn reads: tables, footnotes, strikethrough and heading
/// ids (`{#id}`), for rendering and checking alike.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The schemes a link or image in content may use; an address without one
/// (a page or file of the portal) is fine too.
const SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// May a link or image lead here? Not to `javascript:`, `data:` or any
/// scheme but [`SCHEMES`].
pub fn is_safe_address(address: &str) -> bool {
    let address = address.trim();
    match scheme_end(address) {
        Some(end) => SCHEMES.contains(&address[..end].to_ascii_lowercase().as_str()),
        None => true,
    }
}

/// Is an address one of the web's (`http://`, `https://`)?
pub fn is_web_address(address: &str) -> bool {
    let address = address.trim_start().to_ascii_lowercase();
    address.starts_with("http://") || address.starts_with("https://")
}

/// Does an address lead out of the portal (a scheme, or `//host`)?
pub fn is_external(address: &str) -> bool {
    let address = address.trim();
    address.starts_with("//") || scheme_end(address).is_some()
}

/// The end of an address's scheme (`https` in `https://…`), if it has one.
fn scheme_end(address: &str) -> Option<usize> {
    let end = address.find(|c: char| !(c.is_ascii_alphanumeric() || "+-.".contains(c)))?;
    let starts_with_letter = address.starts_with(|c: char| c.is_ascii_alphabetic());
    (end > 0 && starts_with_letter && address[end..].starts_with(':')).then_some(end)
}

/// A Markdown link or image to an address no page may link to becomes its
/// text: an `<a>` without its address would be an empty shell, and an
/// `<img>` without `src` invalid HTML ([`crate::content::lint`] warns).
fn without_unsafe_links(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    if !events.iter().any(|e| is_unsafe_link(e)) {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut unsafe_open = Vec::new();
    for event in events {
        match event {
            Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }) => {
                let dropped = !is_safe_address(dest_url);
                unsafe_open.push(dropped);
                if !dropped {
                    out.push(event);
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if !unsafe_open.pop().unwrap_or(false) {
                    out.push(event);
                }
            }
            e => out.push(e),
        }
    }
    out
}

fn is_unsafe_link(event: &Event) -> bool {
    matches!(event, Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) if !is_safe_address(dest_url))
}

/// Move every heading of rendered content one level up (h3 → h2, …), for a
/// page that shows the content right under its h1 rather than under an h2.
/// Only for HTML from [`to_html`]: its tags are exactly `<hN …>` and `</hN>`,
/// and text never holds a raw `<`.
pub fn raise_headings(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    for (i, _) in html.match_indices('<') {
        // The tag's name after `<` or `</`: `h` and a level from 2 to 6.
        let name = i + 1 + usize::from(bytes.get(i + 1) == Some(&b'/'));
        let level = bytes.get(name + 1).copied().unwrap_or_default();
        if bytes.get(name) == Some(&b'h') && (b'2'..=b'6').contains(&level) {
            out.push_str(&html[copied..name + 1]);
            out.push(char::from(level - 1));
            copied = name + 2;
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// How many levels to push headings down so the shallowest is `top_level`.
fn heading_shift(events: &[Event], top_level: u8) -> u8 {
    let shallowest = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
            _ => None,
        })
        .min()
        .unwrap_or(top_level);
    top_level.saturating_sub(shallowest)
}

/// Give every heading an id from its text (or its `{#id}`), unique within
/// the document, and shift its level.
fn anchor_headings<'a>(mut events: Vec<Event<'a>>, prefix: &str, shift: u8) -> Vec<Event<'a>> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for i in 0..events.len() {
        let Event::Start(Tag::Heading { level, id, .. }) = &events[i] else {
            continue;
        };
        let text: String = events[i + 1..]
            .iter()
            .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let base = slugify(id.as_deref().unwrap_or(&text));
        let base = if base.is_empty() {
            "rubrik".to_owned()
        } else {
            base
        };
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        let unique = if *n == 1 { base } else { format!("{base}-{n}") };
        let new_level = shifted(*level, shift);
        events[i] = Event::Start(Tag::Heading {
            level: new_level,
            id: Some(CowStr::from(format!("{prefix}{unique}"))),
            classes: Vec::new(),
            attrs: Vec::new(),
        });
        if let Some(end) = events[i..]
            .iter()
            .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
        {
            events[i + end] = Event::End(TagEnd::Heading(new_level));
        }
    }
    events
}

fn shifted(level: HeadingLevel, shift: u8) -> HeadingLevel {
    match (level as u8 + shift).min(6) {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

fn scope_footnotes<'a>(event: Event<'a>, prefix: &str) -> Event<'a> {
    let scoped = |label: &str| CowStr::from(format!("{prefix}fn-{}", slugify(label)));
    match event {
        Event::FootnoteReference(label) => Event::FootnoteReference(scoped(&label)),
        Event::Start(Tag::FootnoteDefinition(label)) => {
            Event::Start(Tag::FootnoteDefinition(scoped(&label)))
        }
        e => e,
    }
}

/// `Förslag till beslut` → `forslag-till-beslut`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// The one sanitiser: ammonia's safe defaults (no script, no event handlers,
/// no `javascript:` URLs) plus the ids and classes Markdown itself makes.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        // No `rel` on links: it is invalid on an `<a>` left without an
        // address, and no content link opens a new window.
        b.link_rel(None)
            .url_schemes(SCHEMES.iter().copied().collect())
            .add_generic_attributes(["id"])
            .attribute_filter(|_, attr, value| match attr {
                "id" if !value.starts_with(ID_PREFIX) => None,
                // Only the scroll region a table is wrapped in ([`wrap_tables`]).
                "role" if value != "region" => None,
                "tabindex" if value != "0" => None,
                "href" | "src" => {
                    let relinked = RELINKED
                        .with(|r| r.borrow().as_ref().and_then(|map| map.get(value).cloned()));
                    Some(relinked.map_or(Cow::Borrowed(value), Cow::Owned))
                }
                _ => Some(value.into()),
            })
            .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
            .add_allowed_classes("div", ["footnote-definition", "table-scroll"])
            .add_tag_attributes("div", ["role", "tabindex", "aria-label"])
            .add_allowed_classes("section", ["footnotes"]);
        b
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_scrolls_in_a_region_named_by_its_headings() {
        let html = to_html("| År | Belopp & `mer` |\n|---|---|\n| 2019 | 5 |\n", "", 2);
        assert!(
            html.starts_with(r#"<div class="table-scroll" role="region" tabindex="0" aria-label="År, Belopp &amp; mer"><table>"#),
            "{html}"
        );
        assert!(html.trim_end().ends_with("</table>\n</div>"), "{html}");
        let forged = to_html(
            r#"<div role="button" tabindex="-1" onclick="x()">a</div>"#,
            "",
            2,
        );
        assert_eq!(forged.trim(), "<div>a</div>");
    }

    #[test]
    fn the_decision_section_ends_at_the_next_heading_of_its_level() {
        let text = "Bakgrund.\n\n### Förslag till beslut\n\nAtt anta.\n\n### Beslut\n\nKommunfullmäktige beslutar\n\n#### Att\n\n- anta\n\n### Reservation\n\nM reserverar sig.";
        assert_eq!(
            decision_section(text),
            Some("Kommunfullmäktige beslutar\n\n#### Att\n\n- anta")
        );
        assert_eq!(
            decision_section("## Beslut\n\nAtt avslå."),
            Some("Att avslå.")
        );
        assert_eq!(
            decision_section("### Förslag till beslut\n\nAtt anta."),
            None
        );
        assert_eq!(decision_section("Inget beslut här."), None);
    }

    #[test]
    fn headings_get_scoped_anchors_and_are_shifted() {
        let html = to_html(
            "# Förslag till beslut\n\n## Beslut\n\n## Beslut\n",
            "p63",
            3,
        );
        assert!(
            html.contains(r#"<h3 id="c-p63-forslag-till-beslut">"#),
            "{html}"
        );
        assert!(html.contains(r#"<h4 id="c-p63-beslut">"#), "{html}");
        assert!(html.contains(r#"<h4 id="c-p63-beslut-2">"#), "{html}");
    }

    #[test]
    fn raising_headings_keeps_their_order() {
        let html = to_html("# A\n\n## B\n\n### C\n\ntext `<h3>`\n", "p1", 3);
        let raised = raise_headings(&html);
        assert!(raised.contains(r#"<h2 id="c-p1-a">A</h2>"#), "{raised}");
        assert!(raised.contains(r#"<h3 id="c-p1-b">B</h3>"#), "{raised}");
        assert!(raised.contains(r#"<h4 id="c-p1-c">C</h4>"#), "{raised}");
        assert!(raised.contains("text <code>&lt;h3&gt;</code>"), "{raised}");
        assert_eq!(
            raise_headings(r#"<h6 id="f">F</h6><hr><h2>B</h2><p>a<br>b</p>"#),
            r#"<h5 id="f">F</h5><hr><h1>B</h1><p>a<br>b</p>"#
        );
    }

    #[test]
    fn script_and_javascript_links_never_survive() {
        let html = to_html(
            "<script>alert(1)</script>\n\n[x](javascript:alert(2)) <a href=\"#\" onclick=\"alert(3)\">y</a> <b id=\"main\">z</b>",
            "",
            2,
        );
        assert!(!html.contains("script"), "{html}");
        assert!(!html.contains("javascript"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("id=\"main\""), "{html}");
    }

    #[test]
    fn a_stripped_link_is_plain_text_and_a_stripped_image_its_alternative() {
        let html = to_html(
            "[klicka](javascript:alert(1)) ![karta](data:image/svg+xml,x) [ok](https://a.se/) [e](mailto:a@b.se)",
            "",
            2,
        );
        assert_eq!(
            html,
            "<p>klicka karta <a href=\"https://a.se/\">ok</a> <a href=\"mailto:a@b.se\">e</a></p>\n"
        );
        let raw = to_html("<a href=\"vbscript:x\">y</a>", "", 2);
        assert!(!raw.contains("vbscript") && !raw.contains("rel="), "{raw}");
    }

    #[test]
    fn addresses_with_a_scheme_are_safe_only_for_the_web_mail_and_phone() {
        for safe in [
            "https://a.se",
            "HTTP://a.se",
            "mailto:a@b.se",
            "tel:+46",
            "bilaga.pdf",
            "/arenden/2018-71/",
            "#p63",
            "../x:y",
            "2018/71",
        ] {
            assert!(is_safe_address(safe), "{safe}");
        }
        for unsafe_ in [
            "javascript:alert(1)",
            " JavaScript:x",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(!is_safe_address(unsafe_), "{unsafe_}");
        }
    }

    #[test]
    fn character_references_to_control_characters_are_dropped() {
        let html = to_html("Text &#1; och <b>&#16;</b> &#xFFFE;.", "", 2);
        assert_eq!(html, "<p>Text  och <b></b> .</p>\n");
    }

    /// Markdown that [`needs_sanitizer`] lets through unsanitised: the
    /// sanitiser would keep every tag, attribute and address of it, and
    /// change only how the same HTML is written (`<br>` for `<br />`, a
    /// quote in text unescaped, `&nbsp;` for a no-break space).
    #[test]
    fn markdown_without_raw_html_is_left_as_the_sanitiser_would_leave_it() {
        let texts = [
            "Text med *kursiv*, **fet**, ~~struken~~ och `kod \"med\" <b>citat</b> & 'apostrof'`.",
            "Rad ett  \nrad två\\\nrad tre\n\n---\n\n> Citat med [länk](https://a.se/?a=1&b=\"2\" 'Titel \"x\"')",
            "[klicka](javascript:alert(1)) <javascript:alert(2)> <https://a.se/x?y=\"z\"&w> <a@b.se>",
            "![karta \"över\" 5 < 6 & 7 > 2](karta.png \"En titel\") ![x](data:image/svg+xml,x)",
            "# Rubrik {#main .klass data-x=y onclick=alert(1)}\n\n## Beslut\n\n### Beslut\n\nText.",
            "1. ett\n2. två\n\n3. tre\n\n5) fem\n   - a\n   - b\n\n```\n<script>alert(1)</script>\n```\n\n    indragen <kod>",
            "Fotnot[^a] och en till[^\"b c\"].\n\n[^a]: Not *a*.\n[^\"b c\"]: Not b.",
            "&lt;script&gt; &#60;b&#62; &amp; &quot; &nbsp;10\u{a0}000 kr &copy; &#x27;",
            "[ref]: https://a.se/\\\"onmouseover=alert(1)\n\n[länk][ref] [tom]() [rel](../bilaga.pdf#sida=2)",
        ];
        let as_written = |html: &str| {
            let html = html.replace(" />", ">").replace("&quot;", "\"");
            html.replace("&nbsp;", "\u{a0}")
        };
        for text in texts {
            let events: Vec<Event> = Parser::new_ext(text, options()).collect();
            assert!(!needs_sanitizer(&events), "{text}");
            let html = to_html(text, "p1", 2);
            assert!(
                !html.contains("script>") && !html.contains("onclick"),
                "{html}"
            );
            let sanitized = sanitize(&html, None);
            assert_eq!(as_written(&html), as_written(&sanitized), "{text}");
        }
    }

    #[test]
    fn tables_and_footnotes_render() {
        let html = to_html(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1].\n\n[^1]: Not.\n",
            "p1",
            3,
        );
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains(r##"href="#c-p1-fn-1""##), "{html}");
        assert!(html.contains(r#"id="c-p1-fn-1""#), "{html}");
    }
}
