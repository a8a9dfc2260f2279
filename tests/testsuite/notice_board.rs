//! The notice board, the right to appeal and taking part (issue 34): the
//! last day to appeal as the law counts it, where the pages show it, the
//! notice board with its feed and calendar, the kinds of matter, the page
//! on taking part, and the open data that carries all of it.

use insyn::appeal::appeal_deadline;

use crate::util::{visible_text, Portal};

/// The last day to appeal, worked out by hand from kommunallagen 13 kap.
/// (three weeks from the announcement) and lag 1930:173 (a last day on a
/// Saturday, Sunday, public holiday, midsummer eve, Christmas eve or New
/// Year's eve moves to the next working day), with a wall calendar.
const DEADLINES: &[(&str, &str, &str)] = &[
    ("2019-06-26", "2019-07-17", "a Wednesday stays"),
    ("2018-09-22", "2018-10-15", "Saturday 13 October: Monday"),
    ("2019-06-09", "2019-07-01", "Sunday 30 June: Monday"),
    (
        "2019-03-29",
        "2019-04-23",
        "Good Friday 19 April, Easter to Monday: Tuesday",
    ),
    (
        "2019-04-01",
        "2019-04-23",
        "Easter Monday 22 April: Tuesday",
    ),
    (
        "2024-03-08",
        "2024-04-02",
        "Good Friday 29 March 2024, Easter Monday 1 April: Tuesday",
    ),
    (
        "2024-03-07",
        "2024-03-28",
        "Maundy Thursday is a working day",
    ),
    ("2019-05-09", "2019-05-31", "Ascension day 30 May: Friday"),
    (
        "2025-05-08",
        "2025-05-30",
        "Ascension day 29 May 2025: Friday",
    ),
    (
        "2019-05-20",
        "2019-06-10",
        "Whit Monday is a working day since 2005",
    ),
    (
        "2019-05-16",
        "2019-06-07",
        "the National day, Thursday 6 June: Friday",
    ),
    (
        "2020-05-16",
        "2020-06-08",
        "the National day on a Saturday: Monday",
    ),
    (
        "2019-05-31",
        "2019-06-24",
        "midsummer eve 21 June, midsummer day: Monday",
    ),
    (
        "2026-05-29",
        "2026-06-22",
        "midsummer eve 19 June 2026: Monday",
    ),
    (
        "2026-05-28",
        "2026-06-18",
        "the Thursday before midsummer eve stays",
    ),
    (
        "2019-12-03",
        "2019-12-27",
        "Christmas eve, Christmas day, Boxing day: Friday",
    ),
    ("2019-12-04", "2019-12-27", "Christmas day 2019: Friday"),
    (
        "2019-12-10",
        "2020-01-02",
        "New Year's eve and day: Thursday",
    ),
    (
        "2019-12-16",
        "2020-01-07",
        "Epiphany, Monday 6 January: Tuesday",
    ),
    (
        "2020-12-11",
        "2021-01-04",
        "New Year's day on a Friday, then a weekend: Monday",
    ),
    (
        "2021-12-03",
        "2021-12-27",
        "Christmas eve on a Friday, Christmas on a weekend: Monday",
    ),
    (
        "2021-12-10",
        "2022-01-03",
        "New Year's eve on a Friday: Monday",
    ),
    ("2019-04-10", "2019-05-02", "May Day, Wednesday: Thursday"),
    (
        "2019-10-12",
        "2019-11-04",
        "All Saints' day, Saturday 2 November: Monday",
    ),
    (
        "2019-10-11",
        "2019-11-01",
        "All Saints' eve is a working day",
    ),
    (
        "2018-12-20",
        "2019-01-10",
        "across the year: a Thursday stays",
    ),
    (
        "2020-02-08",
        "2020-03-02",
        "29 February 2020, a Saturday: Monday",
    ),
];

#[test]
fn the_last_day_to_appeal_is_three_weeks_on_moved_past_days_off() {
    for (announced, expected, why) in DEADLINES {
        let got = appeal_deadline(announced.parse().unwrap());
        assert_eq!(got.to_string(), *expected, "announced {announced}: {why}");
    }
    assert!(DEADLINES.len() >= 20);
}

/// The base portal with the notice board's overlay: Ks 3 February 2020
/// announced on 8 February (appeal until 2 March), Kf 24 February not
/// announced, Kf 16 March 2020 on the agenda with a citizens' proposal,
/// and a consultation on case 2020/5.
fn notice_portal() -> Portal {
    let portal = Portal::with_overlay("notice-board");
    let run = portal.build().success();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    portal
}

fn page_text(portal: &Portal, rel: &str) -> String {
    visible_text(&portal.read(rel))
}

#[test]
fn the_last_day_to_appeal_shows_on_the_meeting_its_decisions_and_their_cases() {
    let portal = notice_portal();
    let deadline = "Sista dag att överklaga: 2 mars 2020";
    let court = "Skicka överklagandet till Förvaltningsrätten i Provstad, Box 1, 111 11 Provstad.";
    for page in [
        "sammantraden/2020-02-03-ks/index.html",
        "sammantraden/2020-02-03-ks/p2/index.html",
        "arenden/2020-7/index.html",
    ] {
        let text = page_text(&portal, page);
        assert!(text.contains(deadline), "{page}: {text}");
        assert!(text.contains("laglighetsprövning"), "{page}");
        assert!(text.contains(court), "{page}");
    }
    // The case page names the decision the deadline is for.
    let case = page_text(&portal, "arenden/2020-7/index.html");
    assert!(case.contains("Sista dag att överklaga (Ks § 2, 3 februari 2020): 2 mars 2020"));
    // Ks § 1 only proposes a decision to Kf (13 kap. 2 §): it cannot be
    // appealed, and its page and case say so rather than give a day.
    let proposal = page_text(&portal, "sammantraden/2020-02-03-ks/p1/index.html");
    assert!(!proposal.contains("Sista dag att överklaga"), "{proposal}");
    assert!(
        proposal.contains("kan inte överklagas genom laglighetsprövning"),
        "{proposal}"
    );
    let budget = page_text(&portal, "arenden/2020-5/index.html");
    assert!(!budget.contains("Sista dag att överklaga"), "{budget}");
    // A meeting whose certification was not announced gives no deadline.
    for page in [
        "sammantraden/2020-02-24-kf/index.html",
        "sammantraden/2020-02-24-kf/p10/index.html",
    ] {
        let text = page_text(&portal, page);
        assert!(!text.contains("överklaga"), "{page}: {text}");
    }
    // Nor does a meeting on the agenda.
    let p20 = page_text(&portal, "sammantraden/2020-03-16-kf/p20/index.html");
    assert!(
        !p20.contains("Sista dag att överklaga"),
        "on the agenda: {p20}"
    );
    // The data say the same: the last day only for the decision.
    let table = portal.read("data/beslut.csv");
    let mut reader = csv::Reader::from_reader(table.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let days = |number: &str| {
        let row = rows
            .iter()
            .find(|r| &r[0] == "2020-02-03" && &r[4] == number)
            .unwrap();
        (row[12].to_owned(), row[13].to_owned())
    };
    assert_eq!(days("1"), ("2020-02-08".to_owned(), String::new()));
    assert_eq!(
        days("2"),
        ("2020-02-08".to_owned(), "2020-03-02".to_owned())
    );
}

#[test]
fn a_confidential_paragraph_shows_no_appeal_guidance() {
    let portal = Portal::with_overlay("confidential");
    portal.build().success();
    let meeting = page_text(&portal, "sammantraden/2020-02-03-ks/index.html");
    assert!(
        meeting.contains("Sista dag att överklaga: 2 mars 2020"),
        "{meeting}"
    );
    let secret = page_text(&portal, "sammantraden/2020-02-03-ks/p2/index.html");
    assert!(!secret.contains("överklaga"), "{secret}");
}

#[test]
fn the_notice_board_lists_every_notice_newest_first_with_its_feed_and_calendar() {
    let portal = notice_portal();
    let board = page_text(&portal, "anslagstavla/index.html");
    // The coming meeting (announced 5 March), then the certified minutes
    // (announced 8 February); the Kf meeting of 24 February has no notice.
    let agenda = board.find("Kungörelse av sammanträde Kommunfullmäktige 16 mars 2020");
    let minutes = board.find("Justerat protokoll Kommunstyrelsen 3 februari 2020");
    assert!(agenda.is_some() && minutes.is_some(), "{board}");
    assert!(agenda < minutes, "newest first: {board}");
    assert!(board.contains("Anslaget 8 februari 2020"), "{board}");
    assert!(
        board.contains("Sista dag att överklaga 2 mars 2020"),
        "{board}"
    );
    assert!(board.contains("Kungjort 5 mars 2020"), "{board}");
    assert!(!board.contains("24 februari 2020"), "{board}");
    // Each notice carries its last day for the reader's clock.
    let html = portal.read("anslagstavla/index.html");
    assert!(html.contains("data-until=\"2020-03-02\""));
    assert!(html.contains("data-until=\"2020-03-16\""));
    assert!(html.contains("<script src=\"../anslagstavla.js\"></script>"));

    // Each year's page has the notices of that year's meetings.
    let year = page_text(&portal, "anslagstavla/2020/index.html");
    assert!(
        year.contains("Justerat protokoll Kommunstyrelsen 3 februari 2020"),
        "{year}"
    );

    let feed = portal.read("anslagstavla/feed.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|e| e.children().find(|c| c.has_tag_name("title")))
        .filter_map(|t| t.text())
        .collect();
    assert_eq!(
        titles,
        [
            "Kungörelse av sammanträde: Kommunfullmäktige 16 mars 2020",
            "Justerat protokoll: Kommunstyrelsen 3 februari 2020"
        ]
    );

    let ics = portal.read("anslagstavla/overklagande.ics");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1, "{ics}");
    assert!(ics.contains("DTSTART;VALUE=DATE:20200302\r\n"), "{ics}");
    assert!(ics.contains("UID:overklagande-2020-02-03-ks@insyn.example.se\r\n"));
    assert!(ics.contains("SUMMARY:Sista dag att överklaga: Kommunstyrelsen 3 februari 2020"));
}

#[test]
fn kinds_of_matter_come_from_the_file_or_the_title_and_list_their_cases() {
    let portal = notice_portal();
    // 2020/9 is a citizens' proposal by its title; 2020/5 a consultation
    // by its case file.
    let list = page_text(&portal, "arenden/typ/medborgarforslag/index.html");
    assert!(
        list.contains("Medborgarförslag om fler parkbänkar"),
        "{list}"
    );
    assert!(!list.contains("Budget för 2021"), "{list}");
    let remisser = page_text(&portal, "arenden/typ/remiss/index.html");
    assert!(remisser.contains("Budget för 2021"), "{remisser}");
    let all = page_text(&portal, "arenden/index.html");
    assert!(all.contains("Typ Medborgarförslag"), "the filters: {all}");
    let paragraph = page_text(&portal, "sammantraden/2020-03-16-kf/p20/index.html");
    assert!(
        paragraph.contains("Typ av ärende Medborgarförslag"),
        "{paragraph}"
    );

    let cases: serde_json::Value = serde_json::from_str(&portal.read("data/arenden.json")).unwrap();
    let kind_of = |id: &str| {
        let case = cases["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id);
        case.unwrap()["kind"].clone()
    };
    assert_eq!(kind_of("2020-9"), "medborgarforslag");
    assert_eq!(kind_of("2020-5"), "remiss");
    let paper: serde_json::Value =
        serde_json::from_str(&portal.read("oparl/paper/2020-9.json")).unwrap();
    assert_eq!(paper["paperType"], "Medborgarförslag");
    let meetings: serde_json::Value =
        serde_json::from_str(&portal.read("data/sammantraden.json")).unwrap();
    let ks = meetings["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "2020-02-03-ks")
        .unwrap();
    assert_eq!(ks["announced"], "2020-02-08");
    assert_eq!(ks["appeal_until"], "2020-03-02");
    assert_eq!(ks["agenda_announced"], "2020-01-27");
}

#[test]
fn taking_part_gathers_consultations_proposals_channels_and_coming_meetings() {
    let portal = notice_portal();
    let text = page_text(&portal, "delta/index.html");
    for expected in [
        "Budget för 2021",
        "Sista dag att svara: 20 februari 2020",
        "Lämna synpunkter via e-tjänsten.",
        "Lämna ett medborgarförslag",
        "Alla som är folkbokförda i kommunen kan lämna förslag.",
        "Provkommun på Mastodon",
        "Kommunfullmäktige 16 mars 2020",
        "Kungjort 5 mars 2020.",
        "Dagordning § 20 Medborgarförslag om fler parkbänkar",
        "Direktsändning",
    ] {
        assert!(text.contains(expected), "`{expected}` in: {text}");
    }
    let html = portal.read("delta/index.html");
    assert!(html.contains("href=\"https://www.example.se/budgetsamrad\""));
    assert!(html.contains("href=\"../arenden/typ/medborgarforslag/index.html\""));
    // The webcast is a live broadcast before the meeting, a recording after.
    let coming = page_text(&portal, "sammantraden/2020-03-16-kf/index.html");
    assert!(
        coming.contains("Direktsändning https://play.example.se/kf-2020-03-16"),
        "{coming}"
    );
    let held = page_text(&portal, "sammantraden/2020-02-24-kf/index.html");
    assert!(
        held.contains("Inspelning https://play.example.se/kf-2020-02-24"),
        "{held}"
    );
    // The case page shows its consultation.
    let case = page_text(&portal, "arenden/2020-5/index.html");
    assert!(
        case.contains("Sista dag att svara: 20 februari 2020"),
        "{case}"
    );
}

#[test]
fn late_announcements_publish_with_a_warning_naming_the_line() {
    let portal = Portal::with_overlay("notice-board");
    let index = portal
        .content()
        .join("meetings/2020/2020-03-16-kf/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        text.replace(
            "agenda_announced: 2020-03-05",
            "agenda_announced: 2020-03-12",
        ),
    )
    .unwrap();
    let ks = portal
        .content()
        .join("meetings/2020/2020-02-03-ks/index.md");
    let text = std::fs::read_to_string(&ks).unwrap();
    std::fs::write(
        &ks,
        text.replace("announced: 2020-02-08", "announced: 2020-02-14"),
    )
    .unwrap();
    let run = portal.build().success();
    assert!(
        run.stderr.contains("varning: fullmäktiges sammanträde anslogs 4 dagar i förväg; lagen kräver minst en vecka\n --> meetings/2020/2020-03-16-kf/index.md:6:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("varning: justeringen anslogs 7 dagar efter justeringen; lagen kräver senast andra dagen\n --> meetings/2020/2020-02-03-ks/index.md:9:1"),
        "{}",
        run.stderr
    );
    // The deadline still runs from the day written: 14 February + 21 days.
    let text = page_text(&portal, "sammantraden/2020-02-03-ks/index.html");
    assert!(
        text.contains("Sista dag att överklaga 6 mars 2020"),
        "{text}"
    );
}

#[test]
fn the_board_shows_the_latest_fifty_and_each_year_all_of_its_own() {
    let portal = Portal::with_overlay("notice-board");
    // 55 coming meetings of 2021, each a notice.
    for day in 0..55u32 {
        let date = chrono::NaiveDate::from_ymd_opt(2021, 1, 4).unwrap()
            + chrono::Days::new(u64::from(day));
        let dir = portal.content().join(format!("meetings/2021/{date}-ks"));
        std::fs::create_dir_all(&dir).unwrap();
        let index = format!("---\nbody: ks\ndate: {date}\nstatus: agenda\n---\n");
        std::fs::write(dir.join("index.md"), index).unwrap();
    }
    portal.build().success();
    let notices = |rel: &str| {
        portal
            .read(rel)
            .matches("class=\"item notice-item\"")
            .count()
    };
    assert_eq!(notices("anslagstavla/index.html"), 50);
    assert_eq!(notices("anslagstavla/2021/index.html"), 55);
    assert_eq!(notices("anslagstavla/2020/index.html"), 2);
    // The latest first: the last meeting of the 55 leads the board.
    let board = page_text(&portal, "anslagstavla/index.html");
    let first = board.find("Kungörelse av sammanträde Kommunstyrelsen 27 februari 2021");
    assert!(first.is_some(), "{board}");
    assert!(
        !board.contains("3 februari 2020"),
        "older notices are on their year's page"
    );
}
