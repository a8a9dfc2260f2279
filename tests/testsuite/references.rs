//! References in running text (`Kf § 63`, `KS 2019-06-03 § 166`,
//! diarienummer) become links where the portal has their target; the
//! ambiguous ones stay text and the build says why, at their file and line.

use crate::serve_edits::assert_patched;
use crate::util::Portal;

const PARAGRAPH: &str = "sammantraden/2020-03-30-kf/p20/index.html";

/// The text of each link in `html` that leads to `href`.
fn linked(html: &str, href: &str) -> Vec<String> {
    let open = format!("<a href=\"{href}\">");
    html.match_indices(&open)
        .map(|(at, _)| {
            let rest = &html[at + open.len()..];
            rest[..rest.find("</a>").unwrap()].to_owned()
        })
        .collect()
}

#[test]
fn references_the_portal_has_become_links_and_the_rest_stay_text() {
    let portal = Portal::with_overlay("references");
    let run = portal.build().success();
    let html = portal.read(PARAGRAPH);
    let ks1 = "../../../sammantraden/2020-02-03-ks/p1/index.html";
    let kf10 = "../../../sammantraden/2020-02-24-kf/p10/index.html";
    assert_eq!(linked(&html, ks1), ["2020-02-03, § 1", "Ks § 1"], "{html}");
    assert_eq!(linked(&html, kf10), ["Kf § 10"], "{html}");
    assert_eq!(
        linked(&html, "../../../arenden/2020-5/index.html"),
        ["2020/5"]
    );
    // Missing from the portal, ambiguous, later, or in code and links:
    // text as written.
    for text in [
        "Kf 2019 § 4",
        "2019/99",
        "kf § 10 kan",
        "Kf § 30 är",
        "Ks 2020-02-03 § 7 finns",
        "<code>Kf § 10</code>",
        ">en länk om Kf § 10</a>",
    ] {
        assert!(html.contains(text), "{text} stays as written: {html}");
    }
    assert!(!html.contains("p30/index.html"), "no link to a later § 30");
    // The meeting page shows the same text one folder up; the feed with
    // full addresses.
    let meeting = portal.read("sammantraden/2020-03-30-kf/index.html");
    assert_eq!(
        linked(&meeting, "../../sammantraden/2020-02-24-kf/p10/index.html"),
        ["Kf § 10"]
    );
    let feed = portal.read("feed.xml");
    assert!(feed.contains("href=&quot;https://insyn.example.se/sammantraden/2020-02-24-kf/p10/index.html&quot;&gt;Kf § 10"), "{feed}");
    // A free page belongs to no meeting: a year written out links.
    let page = portal.read("referenser/index.html");
    assert_eq!(
        linked(&page, "../sammantraden/2020-02-24-kf/p10/index.html"),
        ["Kf 2020 § 10"]
    );

    // Each reference that stays text although it names a body is a
    // warning at its line, saying why and what to write.
    let file = "meetings/2020/2020-03-30-kf/020-uppfoljning.md";
    for (place, message, help) in [
        (format!("{file}:13"), "varning: `kf § 10` blir ingen länk: den kan betyda Kommunfullmäktige eller Kultur- och fritidsnämnden", "skriv organets förkortning som bodies.yaml anger den"),
        (format!("{file}:14"), "varning: `Kf § 30` blir ingen länk: läst i sammanträdets år är den en paragraf från ett senare sammanträde (2020-04-27)", "skriv ut året eller sammanträdets datum"),
        (format!("{file}:15"), "varning: `Ks 2020-02-03 § 7` blir ingen länk: sammanträdet har ingen paragraf med det numret", "rätta datumet eller paragrafnumret"),
        ("pages/referenser.md:4".to_owned(), "varning: `Kf § 10` blir ingen länk: texten hör inte till något sammanträde, så året är okänt", "skriv ut året eller sammanträdets datum"),
    ] {
        let at = run.stderr.find(&format!("--> {place}:")).unwrap_or_else(|| panic!("{place}:\n{}", run.stderr));
        let before = &run.stderr[..at];
        let message_line = before.trim_end().lines().last().unwrap();
        assert_eq!(message_line, message, "{}", run.stderr);
        let after = &run.stderr[at..];
        let help_line = after.lines().find(|l| l.contains("hjälp:")).unwrap();
        assert!(help_line.contains(help), "{help_line}");
    }
    assert_eq!(
        run.stderr.matches("blir ingen länk").count(),
        4,
        "{}",
        run.stderr
    );
}

#[test]
fn a_reference_follows_its_target_in_the_preview() {
    let portal = Portal::with_overlay("references");
    let root = portal.root();
    let serve = crate::serve::Serve::start_in(root, &[]);
    // § 7 of Ks 2020-02-03 comes: the reference to it becomes a link.
    let seventh = portal
        .content()
        .join("meetings/2020/2020-02-03-ks/007-tillagg.md");
    std::fs::write(
        &seventh,
        "---\nparagraph: 7\ntitle: \"Tillägg\"\ndecision: noted\n---\nTillägg.\n",
    )
    .unwrap();
    assert_patched(&serve, root, "a referenced § comes");
    let target = "../../../sammantraden/2020-02-03-ks/p7/index.html";
    assert_eq!(
        linked(&portal.read(PARAGRAPH), target),
        ["Ks 2020-02-03 § 7"]
    );
    // Made confidential, then gone: the link goes.
    let text = std::fs::read_to_string(&seventh).unwrap();
    std::fs::write(
        &seventh,
        text.replace("decision: noted\n", "decision: noted\nconfidential: true\n"),
    )
    .unwrap();
    assert_patched(&serve, root, "a referenced § made confidential");
    assert!(linked(&portal.read(PARAGRAPH), target).is_empty());
    std::fs::remove_file(&seventh).unwrap();
    assert_patched(&serve, root, "a referenced § goes");
    // The case it names goes from the portal: its diarienummer is text.
    let budget = portal
        .content()
        .join("meetings/2020/2020-02-24-kf/010-budget.md");
    let text = std::fs::read_to_string(&budget).unwrap();
    std::fs::write(
        &budget,
        text.replace("case: \"2020/5\"", "case: \"2020/6\""),
    )
    .unwrap();
    let ks = portal
        .content()
        .join("meetings/2020/2020-02-03-ks/001-budget.md");
    let text = std::fs::read_to_string(&ks).unwrap();
    std::fs::write(&ks, text.replace("2020/5", "2020/6")).unwrap();
    std::fs::remove_file(portal.content().join("cases/2020-5.md")).unwrap();
    serve.next_rebuild();
    assert!(linked(
        &portal.read(PARAGRAPH),
        "../../../arenden/2020-5/index.html"
    )
    .is_empty());
}
