//! What a citizen reading a case needs: what was decided in words, the
//! words explained, the topics a case belongs to, and a way to ask for a
//! document that is not on the web.

use std::fs;

use crate::util::{visible_text, Portal};

/// The base portal with its Kf paragraph given a decision section, tags
/// and a third, tagged paragraph of its own, and a registry to ask.
fn portal() -> Portal {
    let portal = Portal::from_fixture("base");
    let content = portal.content();
    let site = content.join("site.yaml");
    let settings = fs::read_to_string(&site).unwrap();
    fs::write(
        &site,
        format!("{settings}registry: \"registrator@example.se\"\n"),
    )
    .unwrap();
    fs::write(
        content.join("meetings/2020/2020-02-24-kf/010-budget.md"),
        "---\nparagraph: 10\ntitle: \"Motion om budget 2021\"\ncase: \"2020/5\"\ndecision: rejected\ntags: [Ekonomi, budget]\n---\nBakgrund.\n\n### Beslut\n\nKommunfullmäktige avslår motionen.\n\n### Reservation\n\nM reserverar sig.\n",
    )
    .unwrap();
    fs::write(
        content.join("meetings/2020/2020-02-24-kf/011-information.md"),
        "---\nparagraph: 11\ntitle: \"Information om bokslutet\"\ndecision: noted\ntags: [ekonomi]\n---\nInformationen noteras.\n",
    )
    .unwrap();
    portal
}

#[test]
fn a_case_says_in_words_what_was_decided_and_explains_its_words() {
    let portal = portal();
    portal.build().success();
    let case = portal.read("arenden/2020-5/index.html");
    let text = visible_text(&case);
    // The case's sentence: its latest decision, the matter named by kind.
    let sentence = "Kommunfullmäktige avslog motionen den 24 februari 2020, Kf § 10.";
    assert!(text.contains(sentence), "{text}");
    // Each timeline entry: its own sentence, and the decision in the
    // minutes' words (the section "Beslut", not what follows it).
    assert!(
        text.contains("Kommunstyrelsen föreslog beslut i motionen den 3 februari 2020, Ks § 1."),
        "{text}"
    );
    assert!(
        text.contains("Kommunfullmäktige avslår motionen."),
        "{text}"
    );
    assert!(!text.contains("M reserverar sig"), "{text}");
    // The list rows say it too.
    let list_page = portal.read("arenden/index.html");
    let list = visible_text(&list_page);
    assert!(list.contains(sentence), "{list}");
    // A list's status badges are explained on the glossary it links.
    assert!(list_page.contains("<a href=\"../ordlista/index.html\">Vad betyder orden?</a>"));
    // The words link to their explanations.
    for (word, anchor) in [
        ("Avgjort", "status-decided"),
        ("Avslagen", "beslut-rejected"),
    ] {
        let link = format!("href=\"../../ordlista/index.html#{anchor}\">{word}</a>");
        assert!(case.contains(&link), "{link}");
    }
    let glossary = portal.read("ordlista/index.html");
    for anchor in [
        "status-decided",
        "beslut-rejected",
        "beslut-referred",
        "typ-motion",
        "public-access",
    ] {
        assert!(glossary.contains(&format!("id=\"{anchor}\"")), "{anchor}");
    }
    assert!(visible_text(&glossary).contains("Organet har sagt nej till förslaget"));
}

#[test]
fn tags_are_topics_with_their_cases_and_paragraphs_newest_first() {
    let portal = portal();
    portal.build().success();
    // "Ekonomi" and "ekonomi" are one topic; the case carries it through
    // its paragraph, and § 11 (no case) is listed on its own.
    let topic = portal.read("amnen/ekonomi/index.html");
    let text = visible_text(&topic);
    assert!(text.contains("Ekonomi"), "{text}");
    let case = text.find("Budget för 2021").expect("the case");
    let paragraph = text
        .find("Kf § 11 Information om bokslutet")
        .expect("the paragraph");
    assert!(case < paragraph, "same day: the case first: {text}");
    assert!(
        !text.contains("Kf § 10 Motion"),
        "a paragraph of a listed case is not listed again"
    );
    assert!(
        text.contains(
            "Kommunfullmäktige lade ärendet till handlingarna den 24 februari 2020, Kf § 11."
        ),
        "{text}"
    );
    let feed = portal.read("amnen/ekonomi/feed.xml");
    assert!(
        feed.contains("Kf § 11 Information om bokslutet")
            && feed.contains("Kf § 10 Motion om budget 2021"),
        "{feed}"
    );
    let index = visible_text(&portal.read("amnen/index.html"));
    assert!(
        index.contains("budget 1") && index.contains("Ekonomi 2"),
        "{index}"
    );
    // The tags of a case and a paragraph link to their topics.
    let case_page = portal.read("arenden/2020-5/index.html");
    assert!(
        case_page.contains("<a href=\"../../amnen/ekonomi/index.html\">Ekonomi</a>"),
        "{case_page}"
    );
    let paragraph_page = portal.read("sammantraden/2020-02-24-kf/p11/index.html");
    assert!(paragraph_page.contains("<a href=\"../../../amnen/ekonomi/index.html\">ekonomi</a>"));
    // A topic gone from the content is gone from the site.
    let eleven = portal
        .content()
        .join("meetings/2020/2020-02-24-kf/011-information.md");
    fs::write(
        &eleven,
        fs::read_to_string(&eleven)
            .unwrap()
            .replace("tags: [ekonomi]\n", ""),
    )
    .unwrap();
    let ten = portal
        .content()
        .join("meetings/2020/2020-02-24-kf/010-budget.md");
    fs::write(
        &ten,
        fs::read_to_string(&ten).unwrap().replace("Ekonomi, ", ""),
    )
    .unwrap();
    portal.build().success();
    assert!(!portal.output().join("amnen/ekonomi").exists());
    assert!(portal.output().join("amnen/budget/index.html").exists());
}

#[test]
fn a_document_not_on_the_web_can_be_asked_for_from_the_registry() {
    let portal = portal();
    portal.build().success();
    let paragraph = portal.read("sammantraden/2020-02-03-ks/p1/index.html");
    let start = paragraph
        .find("href=\"mailto:registrator@example.se?")
        .expect("a request link");
    let href = &paragraph[start + 6..];
    let href = &href[..href.find('"').unwrap()];
    let href = href.replace("&amp;", "&");
    let decoded = percent_encoding::percent_decode_str(&href)
        .decode_utf8()
        .unwrap();
    assert!(
        decoded
            .contains("subject=Begäran om allmän handling: Remissvar från nämnderna (2020/5-041)"),
        "{decoded}"
    );
    assert!(decoded.contains("Diarienummer: 2020/5-041"), "{decoded}");
    assert!(
        decoded.contains("Ks § 1, Kommunstyrelsen 3 februari 2020"),
        "{decoded}"
    );
    let text = visible_text(&paragraph);
    assert!(
        text.contains("Remissvar från nämnderna (publiceras inte på webben) – Begär ut handlingen"),
        "{text}"
    );
    assert!(
        text.contains("Alla har rätt att ta del av allmänna handlingar"),
        "{text}"
    );
    // Published documents offer no request.
    assert_eq!(paragraph.matches("?subject=").count(), 1);
}
