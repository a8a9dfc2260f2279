//! Markdown to safe HTML: pulldown-cmark (tables, footnotes, heading
//! anchors), then ammonia, so nothing a clerk pastes can run script.
//!
//! Ids are namespaced per document (`c-p63-…`) because several paragraphs
//! share one meeting page; ammonia keeps only ids of that form, so content
//! can never collide with the page's own ids such as `main`.

use std::collections::HashMap;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Every id produced from content starts with this.
const ID_PREFIX: &str = "c-";

/// Render `markdown` to sanitised HTML. Headings are shifted so the first
/// level is `top_level` (the page's own headings come above it); `scope` keeps
/// ids unique on a page that shows several documents (`p63`).
pub fn to_html(markdown: &str, scope: &str, top_level: u8) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let events: Vec<Event> = Parser::new_ext(markdown, options).collect();
    let shift = heading_shift(&events, top_level);
    let prefix = if scope.is_empty() {
        ID_PREFIX.to_owned()
    } else {
        format!("{ID_PREFIX}{scope}-")
    };
    let events = anchor_headings(events, &prefix, shift);
    let events = events.into_iter().map(|e| scope_footnotes(e, &prefix));
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    sanitizer().clean(&html).to_string()
}

/// Move every heading of rendered content one level up (h3 → h2, …), for a
/// page that shows the content right under its h1 rather than under an h2.
/// Only for HTML from [`to_html`]: its tags are exactly `<hN …>` and `</hN>`,
/// and text never holds a raw `<`.
pub fn raise_headings(html: &str) -> String {
    let mut out = html.to_owned();
    for level in 2..=6 {
        out = out
            .replace(&format!("<h{level}"), &format!("<h{}", level - 1))
            .replace(&format!("</h{level}>"), &format!("</h{}>", level - 1));
    }
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
        b.add_generic_attributes(["id"])
            .attribute_filter(|_, attr, value| {
                if attr == "id" && !value.starts_with(ID_PREFIX) {
                    None
                } else {
                    Some(value.into())
                }
            })
            .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
            .add_allowed_classes("div", ["footnote-definition"])
            .add_allowed_classes("section", ["footnotes"]);
        b
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
