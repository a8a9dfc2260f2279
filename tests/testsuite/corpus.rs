//! A generated corpus of 2 000 paragraphs (../shared/tools/gen-corpus.py):
//! seven bodies, cases climbing from committees to Kf, confidential
//! paragraphs and PDFs. The expectations are computed here from the source
//! files, independently of Insyn's model.

use std::collections::BTreeMap;
use std::path::Path;

use insyn::diarienummer::CaseId;

use crate::build::assert_links_resolve;
use crate::util::{corpus_2000, snapshot, Run};

/// What a paragraph file says, read with serde_yaml directly.
struct Source {
    meeting: String,
    date: String,
    body_order: usize,
    number: u32,
    cases: Vec<String>,
    decision: String,
    confidential: bool,
    held: bool,
    title: String,
}

fn sources(content: &Path) -> Vec<Source> {
    let bodies: Vec<serde_yaml::Value> =
        serde_yaml::from_str(&std::fs::read_to_string(content.join("bodies.yaml")).unwrap())
            .unwrap();
    let order = |id: &str| {
        bodies
            .iter()
            .position(|b| b["id"].as_str() == Some(id))
            .unwrap()
    };
    let front = |path: &Path| -> serde_yaml::Value {
        let text = std::fs::read_to_string(path).unwrap();
        serde_yaml::from_str(text.split("---\n").nth(1).unwrap()).unwrap()
    };
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(content.join("meetings"))
        .min_depth(3)
        .max_depth(3)
    {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".md") || name == "index.md" {
            continue;
        }
        let dir = entry.path().parent().unwrap();
        let meeting = front(&dir.join("index.md"));
        let p = front(entry.path());
        let cases = match &p["case"] {
            serde_yaml::Value::String(s) => vec![s.clone()],
            serde_yaml::Value::Sequence(v) => {
                v.iter().map(|s| s.as_str().unwrap().to_owned()).collect()
            }
            _ => vec![],
        };
        out.push(Source {
            meeting: dir.file_name().unwrap().to_string_lossy().into_owned(),
            date: meeting["date"].as_str().unwrap().to_owned(),
            body_order: order(meeting["body"].as_str().unwrap()),
            number: p["paragraph"].as_u64().unwrap() as u32,
            cases,
            decision: p["decision"].as_str().unwrap().to_owned(),
            confidential: p["confidential"].as_bool().unwrap_or(false),
            held: meeting["status"].as_str() == Some("minutes"),
            title: p["title"].as_str().unwrap().to_owned(),
        });
    }
    out
}

#[test]
fn every_case_page_shows_its_whole_timeline_in_order_with_its_status() {
    let corpus = corpus_2000();
    let mut expected: BTreeMap<String, Vec<&Source>> = BTreeMap::new();
    let all = sources(&corpus.portal.content());
    for s in all.iter().filter(|s| !s.confidential) {
        for c in &s.cases {
            expected
                .entry(CaseId::parse(c).unwrap().slug())
                .or_default()
                .push(s);
        }
    }
    assert!(expected.len() > 500, "the corpus has many cases");
    let mut across_bodies = 0;
    for (slug, mut entries) in expected {
        entries.sort_by(|a, b| {
            (&a.date, a.number, a.body_order).cmp(&(&b.date, b.number, b.body_order))
        });
        let html = corpus.portal.read(&format!("arenden/{slug}/index.html"));
        let start = html.find(r#"<ol class="timeline">"#).unwrap();
        let timeline = &html[start..start + html[start..].find("</ol>").unwrap()];
        // Each entry's heading links its paragraph (its decision text may
        // link others it refers to).
        let shown: Vec<&str> = timeline
            .split("<h3><a href=\"")
            .skip(1)
            .map(|h| &h[..h.find('"').unwrap()])
            .collect();
        let wanted: Vec<String> = entries
            .iter()
            .map(|s| format!("../../sammantraden/{}/p{}/index.html", s.meeting, s.number))
            .collect();
        assert_eq!(shown, wanted, "timeline of {slug}");
        let last_held = entries.iter().rev().find(|s| s.held);
        let status = match last_held.map(|s| s.decision.as_str()) {
            Some("approved" | "rejected" | "answered" | "noted" | "elected") => "decided",
            _ => "open",
        };
        assert!(
            html.contains(&format!(
                r#"class="badge badge-{status}" href="../../ordlista/index.html#status-{status}">"#
            )),
            "status of {slug}: {status}"
        );
        if entries
            .iter()
            .map(|s| s.body_order)
            .collect::<std::collections::HashSet<_>>()
            .len()
            > 1
        {
            across_bodies += 1;
        }
    }
    assert!(
        across_bodies > 100,
        "many cases span bodies ({across_bodies})"
    );
}

#[test]
fn confidential_paragraphs_keep_their_secrets_at_scale() {
    let corpus = corpus_2000();
    let all = sources(&corpus.portal.content());
    let secret: Vec<&Source> = all.iter().filter(|s| s.confidential).collect();
    assert!(!secret.is_empty());
    for s in &secret {
        let page = corpus.portal.read(&format!(
            "sammantraden/{}/p{}/index.html",
            s.meeting, s.number
        ));
        assert!(page.contains("Paragrafen omfattas av sekretess"));
        assert!(
            !page.contains(&s.title),
            "the title of a confidential paragraph is on its page"
        );
        for c in &s.cases {
            assert!(!page.contains(c.as_str()), "{c} is on a confidential page");
        }
    }
    // A case that only confidential paragraphs name has no page anywhere.
    let published: std::collections::HashSet<String> = all
        .iter()
        .filter(|s| !s.confidential)
        .flat_map(|s| s.cases.iter().map(|c| CaseId::parse(c).unwrap().slug()))
        .collect();
    for s in &secret {
        for c in &s.cases {
            let slug = CaseId::parse(c).unwrap().slug();
            if !published.contains(&slug) {
                assert!(
                    !corpus.portal.output().join("arenden").join(&slug).exists(),
                    "{slug} is published"
                );
                let sitemap = corpus.portal.sitemap();
                assert!(!sitemap.contains(&format!("/arenden/{slug}/")));
            }
        }
    }
}

#[test]
fn corpus_links_resolve() {
    assert_links_resolve(&corpus_2000().portal.output());
}

#[test]
fn corpus_builds_byte_identical_twice() {
    let corpus = corpus_2000();
    let again = tempfile::tempdir().unwrap();
    let out = again.path().join("site");
    Run::new(
        crate::util::insyn()
            .args(["build", "--content"])
            .arg(corpus.portal.content())
            .arg("--output")
            .arg(&out)
            .output()
            .unwrap(),
    )
    .success();
    let a = snapshot(&corpus.portal.output());
    let b = snapshot(&out);
    assert_eq!(a.len(), b.len());
    for ((na, ba), (nb, bb)) in a.iter().zip(&b) {
        assert_eq!(na, nb);
        assert!(ba == bb, "{na} differs between two builds");
    }
}

#[test]
fn case_lists_are_paged_by_year_and_filterable_without_javascript() {
    let corpus = corpus_2000();
    let first = corpus.portal.read("arenden/index.html");
    assert_eq!(
        first.matches(r#"<li class="item">"#).count(),
        insyn::render::CASES_PER_PAGE,
        "the first page shows the latest treated cases"
    );
    assert!(
        first.contains("Välj ett år för att se alla ärenden från det året."),
        "and says where the others are"
    );
    assert!(!first.contains("sida-2"), "every year's list has one page");
    for (link, what) in [
        (
            r#"href="../arenden/status/pagaende/index.html""#,
            "a status filter",
        ),
        (r#"href="../arenden/ar/2024/index.html""#, "a year filter"),
        (r#"href="../arenden/organ/bun/index.html""#, "a body filter"),
    ] {
        assert!(first.contains(link), "{what}");
    }
    let open_2024 = corpus
        .portal
        .read("arenden/status/pagaende/ar/2024/index.html");
    assert!(
        !open_2024.contains("badge-decided"),
        "the open cases of 2024 are all open"
    );
    assert!(
        open_2024
            .contains(r#"href="../../../../../arenden/status/pagaende/ar/2024/sida-2/index.html""#),
        "a year's list is paged"
    );
    assert!(
        open_2024.contains(r#"href="../../../../../arenden/organ/bun/ar/2024/index.html""#),
        "a year's page filters by body in the same year"
    );
    assert!(
        open_2024.contains(r#"href="../../../../../arenden/status/pagaende/index.html""#),
        "and links the status's every-year page"
    );
    let second = corpus
        .portal
        .read("arenden/status/pagaende/ar/2024/sida-2/index.html");
    assert!(
        second.contains("Ärenden: Pågående, 2024 (sida 2 av "),
        "{second}"
    );
}

#[test]
fn only_the_every_year_pages_give_the_filters_counts() {
    let corpus = corpus_2000();
    let count_after = |page: &str, link: &str| -> Option<usize> {
        let rest = &page[page.find(link)? + link.len()..];
        let rest = rest.split("</li>").next()?;
        let count = rest
            .split_once("<span class=\"meta\">(")?
            .1
            .split_once(')')?
            .0;
        Some(count.parse().expect("a count is a number"))
    };
    let total = |page: &str| -> usize {
        page.split_once("Visar ")
            .and_then(|(_, rest)| rest.split_once(" av "))
            .and_then(|(_, rest)| rest.split('<').next())
            .and_then(|n| n.trim().parse().ok())
            .expect("a list says how many cases it has")
    };
    let first = corpus.portal.read("arenden/index.html");
    let open_first = corpus.portal.read("arenden/status/pagaende/index.html");
    assert_eq!(
        count_after(&first, r#"href="../arenden/status/pagaende/index.html">"#),
        Some(total(&open_first)),
        "the first page gives the open cases' count"
    );
    let in_2024 = corpus.portal.read("arenden/ar/2024/index.html");
    assert_eq!(
        count_after(&first, r#"href="../arenden/ar/2024/index.html">"#),
        Some(total(&in_2024)),
        "and each year's"
    );
    let link = r#"href="../../../arenden/status/pagaende/ar/2024/index.html">"#;
    assert!(in_2024.contains(link), "a year's page keeps the filters");
    assert_eq!(
        count_after(&in_2024, link),
        None,
        "a year's page shows no counts, so that a count that changes does not change every page"
    );
}

#[test]
fn the_sitemap_lists_every_published_page_once_and_nothing_else() {
    let corpus = corpus_2000();
    let output = corpus.portal.output();
    let secret: std::collections::HashSet<String> = sources(&corpus.portal.content())
        .iter()
        .filter(|s| s.confidential)
        .map(|s| format!("sammantraden/{}/p{}/", s.meeting, s.number))
        .collect();
    let mut pages: Vec<String> = crate::util::html_files(&output)
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| p != "404.html")
        .map(|p| p.strip_suffix("index.html").unwrap_or(&p).to_owned())
        .filter(|address| !secret.contains(address))
        .collect();
    pages.sort();
    let sitemap = corpus.portal.sitemap();
    let mut listed: Vec<String> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap())
        .map(|url| {
            url.strip_prefix("https://insyn.example.se/")
                .unwrap()
                .to_owned()
        })
        .collect();
    listed.sort();
    assert!(pages.len() > 3000, "{} pages", pages.len());
    assert_eq!(listed, pages, "the sitemap's parts list each page once");
}
