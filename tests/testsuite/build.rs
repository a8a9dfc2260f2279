//! Building portals: the demo and feature fixtures, checked page by page as
//! a reader would find them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::util::{attribute_values, html_files, insyn, snapshot, visible_text, Portal, Run};

/// The demo portal in `content/`, built into a temporary folder.
fn build_demo() -> (tempfile::TempDir, Run) {
    let out = tempfile::tempdir().unwrap();
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let run = Run::new(
        insyn()
            .args(["build", "--content"])
            .arg(&content)
            .arg("--output")
            .arg(out.path().join("site"))
            .output()
            .unwrap(),
    );
    (out, run)
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Assert that `needles` appear in `haystack` in this order.
fn assert_in_order(haystack: &str, needles: &[&str]) {
    let mut from = 0;
    for n in needles {
        match haystack[from..].find(n) {
            Some(i) => from += i + n.len(),
            None => panic!("`{n}` missing or out of order in:\n{haystack}"),
        }
    }
}

#[test]
fn demo_builds_quietly_with_every_page_type() {
    let (out, run) = build_demo();
    let run = run.success();
    assert_eq!(
        run.stderr, "",
        "the demo builds with no warnings and no progress noise in a pipe"
    );
    assert!(run.stdout.starts_with("Built "), "{}", run.stdout);
    assert!(run.stdout.contains("3 cases"), "{}", run.stdout);
    let site = out.path().join("site");
    for page in [
        "index.html",
        "sammantraden/index.html",
        "sammantraden/2018/index.html",
        "sammantraden/2018-03-26-kf/index.html",
        "sammantraden/2018-03-26-kf/p63/index.html",
        "sammantraden/2018-03-26-kf/motion-2018-02-28.pdf",
        "organ/kf/index.html",
        "organ/ks/index.html",
        "arenden/index.html",
        "arenden/status/avgjorda/index.html",
        "arenden/ar/2018/index.html",
        "arenden/organ/ks/index.html",
        "arenden/2018-71/index.html",
        "om-portalen/index.html",
        "tillganglighet/index.html",
        "404.html",
        "sitemap.xml",
        "feed.xml",
        "style.css",
    ] {
        assert!(site.join(page).is_file(), "{page} was not built");
    }
    let meeting = read(&site, "sammantraden/2018-03-26-kf/index.html");
    assert!(meeting.contains(r#"<section class="paragraph" id="p63""#));
    assert!(meeting.contains(r#"<section class="paragraph" id="p62""#));
}

#[test]
fn demo_cases_follow_their_paragraphs_across_bodies() {
    let (out, run) = build_demo();
    run.success();
    let site = out.path().join("site");
    let case = |slug: &str| visible_text(&read(&site, &format!("arenden/{slug}/index.html")));

    let portal = case("2018-71");
    assert!(portal.contains("Digital medborgarportal"));
    assert!(portal.contains("Status Avgjort"), "{portal}");
    assert_in_order(
        &portal,
        &[
            "26 mars 2018",
            "Kf § 63",
            "Remitterad",
            "17 september 2018",
            "Ks § 302",
            "Förslag till beslut",
            "29 oktober 2018",
            "Kf § 178",
            "Avslagen",
        ],
    );
    // Every document of the case, published or not.
    assert_in_order(
        &portal,
        &[
            "Handlingar",
            "Jon Sjölanders (M) motion",
            "Kommunstyrelsens förvaltnings skrivelse 17 augusti 2018",
        ],
    );

    let strategy_motion = case("2017-137");
    assert_in_order(
        &strategy_motion,
        &[
            "Kf § 95",
            "Remitterad",
            "Ks § 332",
            "Förslag till beslut",
            "Kf § 241",
            "Bifallen / beslutad",
        ],
    );
    let strategy = case("2019-196");
    assert_in_order(
        &strategy,
        &[
            "Ks § 166",
            "Förslag till beslut",
            "Kf § 117",
            "Bifallen / beslutad",
        ],
    );
}

#[test]
fn related_cases_link_both_ways() {
    let (out, run) = build_demo();
    run.success();
    let site = out.path().join("site");
    let links = |slug: &str| {
        let html = read(&site, &format!("arenden/{slug}/index.html"));
        let related = &html[html.find(r#"id="related""#).expect("a related section")..];
        attribute_values(related, "href")
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    // 2019/196's case file names no related case; 2017/137 and 2018/71 name it.
    let from_strategy = links("2019-196");
    assert!(
        from_strategy.contains(&"../../arenden/2017-137/index.html".to_owned()),
        "{from_strategy:?}"
    );
    assert!(
        from_strategy.contains(&"../../arenden/2018-71/index.html".to_owned()),
        "{from_strategy:?}"
    );
    // 2018/71 names 2017/137, so 2017/137 links back.
    assert!(links("2017-137").contains(&"../../arenden/2018-71/index.html".to_owned()));
}

/// Every relative link and source resolves to a file, and every fragment to
/// an id on its page; no link is root-relative.
pub fn assert_links_resolve(site: &Path) {
    let problems = broken_links(site);
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
}

/// The links of a built site that lead nowhere, one line each.
pub fn broken_links(site: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let mut ids_cache: std::collections::HashMap<PathBuf, HashSet<String>> = Default::default();
    for page in html_files(site) {
        if page == Path::new("404.html") {
            continue; // served at any depth, so it links with base_url
        }
        let html = std::fs::read_to_string(site.join(&page)).unwrap();
        let dir = page.parent().unwrap_or(Path::new(""));
        let here = page.display();
        for link in attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"))
        {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
            {
                continue;
            }
            if link.starts_with('/') {
                problems.push(format!("{here}: root-relative link {link}"));
                continue;
            }
            let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
            let target = if path.is_empty() {
                Some(page.clone())
            } else {
                normalise(&dir.join(percent_decode(path)))
            };
            let Some(target) = target.filter(|t| site.join(t).is_file()) else {
                problems.push(format!("{here}: {link} leads nowhere"));
                continue;
            };
            if !fragment.is_empty() {
                let ids = ids_cache.entry(target.clone()).or_insert_with(|| {
                    let text = std::fs::read_to_string(site.join(&target)).unwrap_or_default();
                    attribute_values(&text, "id")
                        .into_iter()
                        .map(str::to_owned)
                        .collect()
                });
                if !ids.contains(fragment) {
                    problems.push(format!(
                        "{here}: no id `{fragment}` in {}",
                        target.display()
                    ));
                }
            }
        }
    }
    problems
}

#[test]
fn the_link_check_finds_broken_links() {
    let problems = broken_links(&crate::util::fixtures().join("broken-links"));
    assert_eq!(
        problems,
        [
            "index.html: saknas/index.html leads nowhere",
            "index.html: no id `finns-inte` in sub/index.html",
            "index.html: root-relative link /rotrelativ/index.html",
            "index.html: bild-som-saknas.png leads nowhere",
            "sub/index.html: no id `rubrik-saknas` in index.html",
        ]
    );
}

/// Resolve `..`; `None` when the path leaves the site.
fn normalise(p: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir if !out.pop() => return None,
            std::path::Component::Normal(s) => out.push(s),
            _ => {}
        }
    }
    Some(out)
}

pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() + 1 {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn demo_links_are_relative_and_resolve() {
    let (out, run) = build_demo();
    run.success();
    assert_links_resolve(&out.path().join("site"));
}

#[test]
fn pages_are_accessible_by_construction() {
    let (out, run) = build_demo();
    run.success();
    let site = out.path().join("site");
    for page in html_files(&site) {
        let html = std::fs::read_to_string(site.join(&page)).unwrap();
        let name = page.display();
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"),
            "{name}: doctype and lang"
        );
        assert_eq!(html.matches("<h1").count(), 1, "{name}: exactly one h1");
        assert_eq!(
            html.matches("<main id=\"main\"").count(),
            1,
            "{name}: one main landmark"
        );
        let body = &html[html.find("<body>").unwrap()..];
        let first_link = attribute_values(body, "href")[0];
        assert_eq!(first_link, "#main", "{name}: the skip link comes first");
        assert!(
            html.contains("<header") && html.contains("<footer") && html.contains("<nav"),
            "{name}: landmarks"
        );
        assert!(html.contains("name=\"viewport\""), "{name}: viewport");
        let ids = attribute_values(&html, "id");
        let unique: HashSet<_> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{name}: duplicate ids");
        // Search needs JavaScript; the notice board and the consultations
        // use it only to mark what is still open by the reader's clock.
        let scripts = attribute_values(&html, "src")
            .into_iter()
            .filter(|src| src.ends_with(".js"))
            .map(|src| src.rsplit('/').next().unwrap_or_default().to_owned())
            .collect::<Vec<_>>();
        let rel = page.to_str().unwrap_or_default();
        let allowed: &[&str] = match rel {
            "sok/index.html" => &["search.js"],
            _ if rel.starts_with("anslagstavla/") || rel == "delta/index.html" => {
                &["anslagstavla.js"]
            }
            _ => &[],
        };
        assert_eq!(
            html.matches("<script").count(),
            scripts.len(),
            "{name}: every script is a file of the theme"
        );
        assert!(
            scripts.iter().all(|s| allowed.contains(&s.as_str())),
            "{name}: no page but search, the notice board and taking part loads a script: {scripts:?}"
        );
    }
    let css = read(&site, "style.css");
    assert!(
        css.contains("@media print"),
        "a print stylesheet for minutes"
    );
    assert!(css.contains(":focus-visible"), "a visible focus style");
}

#[test]
fn markdown_gets_tables_and_heading_anchors() {
    let (out, run) = build_demo();
    run.success();
    let p = read(
        &out.path().join("site"),
        "sammantraden/2019-06-17-kf/p117/index.html",
    );
    assert!(p.contains("<table>"), "tables");
    assert!(
        p.contains(r#"<h2 id="c-p117-beslut">Beslut</h2>"#),
        "heading anchors, right below the extract's h1"
    );
    let meeting = read(
        &out.path().join("site"),
        "sammantraden/2019-06-17-kf/index.html",
    );
    assert!(
        meeting.contains(r#"<h3 id="c-p117-beslut">Beslut</h3>"#),
        "on the meeting page, below the paragraph's h2"
    );
}

#[test]
fn the_same_content_gives_the_same_bytes() {
    let (a, run_a) = build_demo();
    let (b, run_b) = build_demo();
    run_a.success();
    run_b.success();
    assert_eq!(
        snapshot(&a.path().join("site")),
        snapshot(&b.path().join("site"))
    );
}

#[test]
fn feed_and_sitemap_use_base_url() {
    let (out, run) = build_demo();
    run.success();
    let site = out.path().join("site");
    let feed = read(&site, "feed.xml");
    assert!(feed.contains(r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="sv">"#));
    assert_eq!(
        feed.matches("<entry>").count(),
        13 - 1,
        "every published decision; not the confidential one"
    );
    assert!(feed.contains("<id>https://insyn.example.se/sammantraden/2019-06-17-kf/p117/</id>"));
    assert!(feed.contains("<updated>2019-06-17T00:00:00Z</updated>"));
    let index = read(&site, "sitemap.xml");
    for part in [
        "sitemap-webbplats.xml",
        "sitemap-sammantraden-2019.xml",
        "sitemap-arenden-2018.xml",
    ] {
        assert!(
            index.contains(&format!("<loc>https://insyn.example.se/{part}</loc>")),
            "the sitemap is an index of parts by year: {index}"
        );
    }
    let sitemap = crate::util::sitemap_of(&site);
    assert!(
        sitemap.contains("<loc>https://insyn.example.se/sammantraden/2019-06-17-kf/p117/</loc><lastmod>2019-06-17</lastmod>")
    );
    assert!(sitemap.contains("<loc>https://insyn.example.se/arenden/2018-71/</loc>"));
    assert!(!sitemap.contains("404"));
    assert!(
        !sitemap.contains("p303/"),
        "the confidential paragraph is not in the sitemap"
    );
}

#[test]
fn confidential_paragraphs_publish_only_number_date_and_notice() {
    let portal = Portal::with_overlay("confidential");
    portal.build().success();
    // Every file, the search index included (which keeps words in lower case).
    let files = snapshot(&portal.output());
    assert!(files.iter().any(|(n, _)| n.starts_with("sok/index/t/")));
    for (name, bytes) in files {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for secret in [
            "HEMLIGRUBRIK",
            "HEMLIGTEXT",
            "HEMLIGHANDLING",
            "HEMLIGMOTTAGARE",
            "hemligtagg",
            "HEMLIGPDF",
            "2020/999",
            "2020-999",
            "hemlig-utredning",
        ] {
            assert!(
                !text.contains(&secret.to_lowercase()),
                "{name} publishes `{secret}`"
            );
        }
    }
    let page = visible_text(&portal.read("sammantraden/2020-02-03-ks/p2/index.html"));
    assert!(page.contains("Ks § 2"), "{page}");
    assert!(page.contains("3 februari 2020"), "{page}");
    assert!(page.contains("Paragrafen omfattas av sekretess"), "{page}");
    let meeting = visible_text(&portal.read("sammantraden/2020-02-03-ks/index.html"));
    assert!(
        meeting.contains("§ 2 Paragrafen omfattas av sekretess"),
        "{meeting}"
    );
    assert!(
        !portal.output().join("arenden/2020-999").exists(),
        "no page for a case only confidential paragraphs name"
    );
    // A shared link to it says only what the page says.
    let head = portal.read("sammantraden/2020-02-03-ks/p2/index.html");
    assert!(head.contains(r#"<meta property="og:description" content="Paragrafen omfattas av sekretess. Endast dess nummer och datum publiceras. Kommunstyrelsen § 2, 3 februari 2020.">"#), "{head}");
}

/// Every page shares well: a description, an Open Graph card with the
/// portal's address and picture, and a site icon that exists.
#[test]
fn pages_carry_a_description_a_sharing_card_and_an_icon() {
    let (dir, _) = build_demo();
    let site = &dir.path().join("site");
    let meta = |page: &str, property: &str| -> String {
        let html = read(site, page);
        let start = html
            .find(&format!("property=\"{property}\" content=\""))
            .unwrap_or_else(|| panic!("{page}: no {property}"));
        let value = &html[start + property.len() + 21..];
        value[..value.find('"').unwrap()].to_owned()
    };
    let paragraph = "sammantraden/2018-03-26-kf/p63/index.html";
    assert_eq!(
        meta(paragraph, "og:description"),
        "Beslut: Remitterad. Kommunfullmäktige § 63 Motion om att utveckla en digital medborgarportal, 26 mars 2018."
    );
    assert_eq!(meta(paragraph, "og:type"), "article");
    assert_eq!(
        meta(paragraph, "og:url"),
        "https://insyn.example.se/sammantraden/2018-03-26-kf/p63/"
    );
    assert_eq!(meta(paragraph, "og:locale"), "sv_SE");
    assert_eq!(
        meta(paragraph, "og:image"),
        "https://insyn.example.se/delning.png"
    );
    assert_eq!(
        meta("arenden/2018-71/index.html", "og:description"),
        "Ärende 2018/71: Digital medborgarportal. Status: Avgjort."
    );
    assert_eq!(meta("index.html", "og:type"), "website");
    for page in [
        paragraph,
        "index.html",
        "arenden/index.html",
        "sok/index.html",
    ] {
        let html = read(site, page);
        assert!(
            html.contains(r#"<meta name="description" content=""#),
            "{page}"
        );
        assert!(
            html.contains(r#"<meta property="og:site_name" content="Insyn – Västerviks kommun">"#),
            "{page}"
        );
    }
    // The icons and the card are files of the site, the card a 1200 × 630 PNG.
    for file in ["favicon.svg", "favicon.ico", "delning.png"] {
        assert!(site.join(file).is_file(), "{file}");
    }
    let card = std::fs::read(site.join("delning.png")).unwrap();
    assert_eq!(&card[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(u32::from_be_bytes(card[16..20].try_into().unwrap()), 1200);
    assert_eq!(u32::from_be_bytes(card[20..24].try_into().unwrap()), 630);
    let ico = std::fs::read(site.join("favicon.ico")).unwrap();
    assert_eq!(&ico[..4], &[0, 0, 1, 0], "an ICO file");
    // The 404 page, served from any folder, carries its icon inside it.
    assert!(read(site, "404.html").contains(r#"<link rel="icon" href="data:image/svg+xml,"#));
}

#[test]
fn only_files_named_by_published_documents_are_copied() {
    let portal = Portal::with_overlay("confidential");
    portal.build().success();
    let meeting = portal.output().join("sammantraden/2020-02-03-ks");
    assert!(
        meeting.join("budgetforslag.pdf").is_file(),
        "a published document is copied"
    );
    for unpublished in [
        "utkast.docx",
        "intern-promemoria.pdf",
        "hemlig-utredning.pdf",
        "001-budget.md",
        "index.md",
    ] {
        assert!(
            !meeting.join(unpublished).exists(),
            "{unpublished} was published"
        );
    }
}

/// The tags of an HTML text: `<name attr…>`, without the brackets.
fn tags(html: &str) -> impl Iterator<Item = &str> {
    html.split('<').skip(1).filter_map(|rest| {
        let tag = rest.split('>').next()?;
        tag.starts_with(|c: char| c.is_ascii_alphabetic())
            .then_some(tag)
    })
}

#[test]
fn nothing_from_content_can_run_script() {
    let portal = Portal::with_overlay("escaping");
    portal.build().success();
    for (name, bytes) in snapshot(&portal.output()) {
        if !name.ends_with(".html") && !name.ends_with(".xml") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        // Markup that a reader's program renders: the pages' bodies (the
        // theme's own <head> inlines styles on the 404 page), and the feed's
        // HTML content, which is escaped inside <content type="html">.
        let html = if name.ends_with(".xml") {
            text.split("<content type=\"html\">")
                .skip(1)
                .filter_map(|c| c.split("</content>").next())
                .collect::<Vec<_>>()
                .join("\n")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&")
        } else {
            text[text.find("<body").unwrap_or(0)..].to_owned()
        };
        for tag in tags(&html) {
            let element = tag.split_whitespace().next().unwrap_or_default();
            // The theme's own search forms and search script are the only
            // forms and scripts (ammonia removes every form from content).
            let theme_search = (element == "form" && tag.contains("role=\"search\""))
                || (element == "script" && name == "sok/index.html" && tag.contains("search.js\""))
                || (element == "script"
                    && (name.starts_with("anslagstavla/") || name == "delta/index.html")
                    && tag.contains("/anslagstavla.js\""));
            assert!(
                theme_search
                    || !["script", "iframe", "object", "embed", "form", "svg", "style"]
                        .contains(&element),
                "{name}: element <{tag}>"
            );
            let attributes = tag.split_whitespace().skip(1);
            for attr in attributes {
                assert!(
                    !(attr.starts_with("on") && attr.contains('=')),
                    "{name}: event handler in <{tag}>"
                );
                assert!(
                    !attr.starts_with("style="),
                    "{name}: inline style in <{tag}>"
                );
            }
            for value in attribute_values(&format!("<{tag}>"), "href")
                .into_iter()
                .chain(attribute_values(&format!("<{tag}>"), "src"))
            {
                assert!(
                    !value.trim_start().starts_with("javascript:"),
                    "{name}: script link in <{tag}>"
                );
            }
        }
    }
    let page = portal.read("sammantraden/2020-02-03-ks/p2/index.html");
    assert!(
        page.contains(
            "&lt;script&gt;alert(&#39;rubrik&#39;)&lt;/script&gt; Motion &amp; &quot;citat&quot;"
        ),
        "titles are shown as text"
    );
    assert!(page.contains("<table>"), "safe Markdown still renders");
    assert_eq!(
        page.matches(r#"id="main""#).count(),
        1,
        "content cannot take the page's ids"
    );
    let case = portal.read("arenden/2020-7/index.html");
    assert!(
        case.contains(
            "<h1>&lt;/title&gt;&lt;script&gt;alert(&#39;ärende&#39;)&lt;/script&gt;</h1>"
        ),
        "case titles are shown as text"
    );
}

#[test]
fn english_interface_when_language_is_en() {
    let portal = Portal::with_overlay("english");
    portal.build().success();
    let home = portal.read("index.html");
    assert!(home.contains(r#"<html lang="en">"#));
    let case = visible_text(&portal.read("arenden/2020-5/index.html"));
    assert_in_order(
        &case,
        &[
            "Case history",
            "3 February 2020",
            "Proposal for decision",
            "24 February 2020",
            "Approved",
        ],
    );
    assert!(
        portal
            .read("feed.xml")
            .contains("<id>https://insyn.example.org/portal/sammantraden/2020-02-24-kf/p10/</id>"),
        "base_url gets its trailing slash"
    );
}

#[test]
fn a_theme_overrides_single_files_and_falls_back_to_the_default() {
    let portal = Portal::with_overlay("theme-override");
    // What editors and file browsers leave beside a theme's files is not
    // part of it: an editor's binary swap file is no template.
    let theme = portal.root().join("themes/stadens");
    std::fs::write(theme.join("templates/.page.html.swp"), [0xff, 0xfe, 0x00]).unwrap();
    std::fs::write(theme.join("static/.DS_Store"), [0xff, 0x00]).unwrap();
    portal.build().success();
    assert!(!portal.output().join(".DS_Store").exists());
    assert!(
        portal
            .read("om/index.html")
            .contains(r#"<div class="stadens-sida">"#),
        "the overridden template"
    );
    assert!(
        portal
            .read("arenden/2020-5/index.html")
            .contains(r#"class="timeline""#),
        "the default template"
    );
    assert!(
        portal
            .read("style.css")
            .starts_with("/* stadens egen stil */"),
        "the overridden asset"
    );
    assert!(
        portal.output().join("logo.svg").is_file(),
        "the theme's own asset"
    );
}

#[test]
fn case_status_follows_held_decisions_unless_the_case_file_says_otherwise() {
    let portal = Portal::with_overlay("agenda-and-overrides");
    portal.build().success();
    // On an agenda only: still open, and marked as not yet decided.
    let harbour = visible_text(&portal.read("arenden/ks-2020-44/index.html"));
    assert!(harbour.contains("Status Pågående"), "{harbour}");
    assert!(harbour.contains("På dagordningen"), "{harbour}");
    assert!(
        !harbour.contains("Bifallen"),
        "an agenda item is not a decision: {harbour}"
    );
    // The case file's override wins over the latest decision.
    let budget = visible_text(&portal.read("arenden/2020-5/index.html"));
    assert!(budget.contains("Status Återkallat"), "{budget}");
    let meeting = visible_text(&portal.read("sammantraden/2020-12-14-kf/index.html"));
    assert!(meeting.contains("Kallelse"), "{meeting}");
    assert!(
        !portal.read("feed.xml").contains("Detaljplan"),
        "the feed carries decisions, not agenda items"
    );
}

#[test]
fn a_rebuild_equals_a_fresh_build_of_the_same_content() {
    let portal = Portal::from_fixture("base");
    portal.build().success();
    // The second build's staging folder is new; the third recycles the first
    // build's folder, with pages that must now disappear.
    portal.apply_overlay("english");
    portal.build().success();
    portal.apply_overlay("confidential");
    std::fs::remove_dir_all(portal.content().join("meetings/2020/2020-02-24-kf")).unwrap();
    std::fs::rename(
        portal.content().join("pages/om.md"),
        portal.content().join("pages/om-oss.md"),
    )
    .unwrap();
    let run = portal.build().success();
    assert!(
        run.stdout
            .contains("(1 meeting, 2 paragraphs, 1 case, 2 PDFs: 0 read, 2 from the cache)"),
        "{}",
        run.stdout
    );
    assert!(
        portal.root().join(".output.insyn-old").is_dir(),
        "the previous generation is kept for the next build"
    );

    let fresh = tempfile::tempdir().unwrap();
    Run::new(
        insyn()
            .args(["build", "--content"])
            .arg(portal.content())
            .arg("--output")
            .arg(fresh.path().join("site"))
            .output()
            .unwrap(),
    )
    .success();
    let rebuilt = snapshot(&portal.output());
    let names: Vec<&str> = rebuilt.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        !names
            .iter()
            .any(|n| n.starts_with("om/") || n.contains("2020-02-24-kf")),
        "{names:?}"
    );
    assert_eq!(rebuilt, snapshot(&fresh.path().join("site")));
    let empty_dirs: Vec<PathBuf> = walkdir::WalkDir::new(portal.output())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir() && std::fs::read_dir(e.path()).unwrap().next().is_none())
        .map(|e| e.path().to_path_buf())
        .collect();
    assert!(empty_dirs.is_empty(), "empty folders left: {empty_dirs:?}");
}

#[test]
fn counts_are_singular_or_plural_as_in_swedish() {
    let (out, run) = build_demo();
    run.success();
    let home = visible_text(&read(&out.path().join("site"), "index.html"));
    assert!(
        home.contains("1 paragraf") && home.contains("2 paragrafer"),
        "{home}"
    );
    assert!(!home.contains("1 paragrafer"), "{home}");
}

#[test]
fn a_broken_template_is_reported_and_changes_nothing() {
    let portal = Portal::from_fixture("base");
    portal.build().success();
    let before = snapshot(&portal.output());
    portal.apply_overlay("broken-template");
    let run = portal.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("fel: temats mall `case.html` gick inte att använda"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("no_such_filter"),
        "says what is wrong: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("Inget skrevs; output är oförändrad."),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&portal.output()), before);
}

#[test]
fn an_allowed_personnummer_is_published_only_where_allowed_and_confidential_text_is_not_scanned() {
    let portal = Portal::with_overlay("personnummer-allowed");
    let run = portal.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = visible_text(&portal.read("sammantraden/2020-02-03-ks/p1/index.html"));
    assert!(page.contains("19121212-1212"), "{page}");
    assert!(
        page.contains("1212121212"),
        "the same number written another way"
    );
    // The confidential paragraph's number stops nothing and reaches nothing.
    for (name, bytes) in snapshot(&portal.output()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("19121272"),
            "{name} publishes the confidential number"
        );
    }
    // `insyn check` agrees.
    assert_eq!(portal.insyn(&["check"]).code, 0);
}

/// Links in content lead where the clerk pointed, from every page that
/// shows the text: relative to the Markdown file (as GitHub shows it), or
/// by the portal's own address, and in feeds by the full address.
#[test]
fn content_links_resolve_from_every_page_that_shows_them() {
    let portal = Portal::with_overlay("content-links");
    let run = portal.build().success();
    assert_eq!(run.stderr, "", "no warnings");
    assert_links_resolve(&portal.output());
    let pdf = "sammantraden/2020-02-03-ks/budgetforslag.pdf";
    let paragraph = portal.read("sammantraden/2020-02-24-kf/p10/index.html");
    for href in [
        format!("../../../{pdf}"),
        "../../../sammantraden/2020-02-03-ks/Bilaga%201%20%28karta%29%20%232.pdf".to_owned(),
        "../../../sammantraden/2020-02-03-ks/p1/index.html".to_owned(),
        "../../../sammantraden/2020-02-03-ks/index.html".to_owned(),
        "../../../arenden/2020-5/index.html".to_owned(),
        "#c-p10-beslut".to_owned(),
        "../../../sammantraden/2020-02-24-kf/index.html#p10".to_owned(),
        "../../../om/index.html".to_owned(),
    ] {
        assert!(
            paragraph.contains(&format!("href=\"{href}\"")),
            "{href}:\n{paragraph}"
        );
    }
    let meeting = portal.read("sammantraden/2020-02-24-kf/index.html");
    assert_eq!(
        meeting.matches(&format!("href=\"../../{pdf}\"")).count(),
        2,
        "Markdown and raw HTML"
    );
    let feed = portal.read("feed.xml");
    assert!(
        feed.contains(&format!("href=&quot;https://insyn.example.se/{pdf}&quot;")),
        "{feed}"
    );
    let page = portal.read("om/index.html");
    assert!(
        page.contains("href=\"../sammantraden/2020-02-24-kf/p10/index.html\""),
        "{page}"
    );
    assert!(page.contains("href=\"../favicon.svg\""), "{page}");
}

#[test]
fn a_byte_order_mark_is_read_as_nothing() {
    let portal = Portal::with_overlay("budget");
    portal.build().success();
    let before = snapshot(&portal.output());
    for file in [
        "site.yaml",
        "bodies.yaml",
        "budget/2020.yaml",
        "meetings/2020/2020-02-03-ks/001-budget.md",
    ] {
        let path = portal.content().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
    }
    let run = portal.build().success();
    assert_eq!(run.stderr, "");
    assert_eq!(snapshot(&portal.output()), before);
}
