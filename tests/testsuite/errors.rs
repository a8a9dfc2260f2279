//! One test per kind of content error. Each fixture in
//! `tests/fixtures/errors/<name>/` is laid over a built copy of the base
//! portal; the build must fail with exit code 1, print exactly the message
//! in its `expected-stderr.txt` (file, line, what to change), and leave the
//! previous output folder exactly as it was.

use crate::util::{fixtures, snapshot, Portal};

fn assert_content_error(name: &str) {
    let portal = Portal::from_fixture("base");
    portal.build().success();
    let before = snapshot(&portal.output());
    assert!(!before.is_empty());

    portal.apply_overlay(&format!("errors/{name}"));
    let run = portal.build();

    let expected_path = fixtures().join(format!("errors/{name}/expected-stderr.txt"));
    if std::env::var_os("INSYN_BLESS").is_some() {
        std::fs::write(&expected_path, &run.stderr).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| {
        panic!(
            "{} is missing; run with INSYN_BLESS=1 and review it",
            expected_path.display()
        )
    });
    assert_eq!(run.code, 1, "exit code\nstderr:\n{}", run.stderr);
    assert_eq!(run.stderr, expected, "the message for {name} changed");
    assert_eq!(
        snapshot(&portal.output()),
        before,
        "the previous output was changed"
    );
    let leftovers: Vec<_> = std::fs::read_dir(portal.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("insyn-") && n != ".insyn-cache")
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );

    // `insyn check` reports the same problems and writes nothing either.
    let check = portal.insyn(&["check"]);
    assert_eq!(check.code, 1);
    let first_error = expected.lines().next().unwrap();
    assert!(check.stderr.contains(first_error), "{}", check.stderr);
}

macro_rules! content_errors {
    ($($test:ident => $fixture:literal,)+) => {
        $(#[test] fn $test() { assert_content_error($fixture); })+
    };
}

content_errors! {
    people_key_without_people_yaml => "people-key-without-people-yaml",
    unknown_person_gets_the_closest_id => "unknown-person",
    person_without_a_seat_on_the_day => "person-without-seat",
    voter_not_present => "voter-not-present",
    person_votes_twice => "person-votes-twice",
    negative_vote_count => "negative-vote-count",
    two_proposals_adopted => "two-proposals-adopted",
    unknown_party => "unknown-party",
    unknown_seat_role => "unknown-seat-role",
    seat_ends_before_it_starts => "seat-ends-before-it-starts",
    person_listed_twice => "person-listed-twice",
    invalid_person_id => "invalid-person-id",
    unknown_key => "unknown-key",
    unknown_body => "unknown-body",
    invalid_date => "invalid-date",
    date_does_not_match_folder => "date-does-not-match-folder",
    body_does_not_match_folder => "body-does-not-match-folder",
    year_folder_does_not_match_date => "year-folder-does-not-match-date",
    duplicate_paragraph_in_body_and_year => "duplicate-paragraph",
    malformed_diarienummer => "malformed-diarienummer",
    unknown_decision => "unknown-decision",
    unknown_meeting_status => "unknown-meeting-status",
    missing_document => "missing-document",
    document_outside_meeting => "document-outside-meeting",
    missing_front_matter => "missing-front-matter",
    unclosed_front_matter => "unclosed-front-matter",
    missing_required_key => "missing-required-key",
    yaml_syntax_error => "yaml-syntax-error",
    wrong_value_type => "wrong-value-type",
    not_utf8 => "not-utf8",
    missing_site_yaml => "missing-site-yaml",
    missing_bodies_yaml => "missing-bodies-yaml",
    paragraph_number_does_not_match_file_name => "paragraph-number-does-not-match-file-name",
    paragraph_file_without_number => "paragraph-file-without-number",
    meeting_without_index => "meeting-without-index",
    case_file_name_does_not_match => "case-file-name-does-not-match",
    base_url_is_not_a_web_address => "base-url-is-not-a-web-address",
    base_url_is_missing => "base-url-missing",
    data_licence_is_unknown => "data-licence-unknown",
    webcast_is_not_a_web_address => "webcast-is-not-a-web-address",
    unknown_theme => "unknown-theme",
    invalid_body_id => "invalid-body-id",
    reserved_page_name => "reserved-page-name",
    all_errors_of_a_run_are_reported_together => "many-errors-in-many-files",
    personnummer_in_a_paragraph_masked_each_century_and_samordningsnummer => "personnummer-in-paragraph",
    personnummer_in_a_free_page => "personnummer-in-free-page",
    allow_personnummer_that_is_not_a_number => "allow-personnummer-is-not-a-number",
    personnummer_other_than_the_allowed_one => "personnummer-other-than-the-allowed-one",
    budget_amount_is_negative => "budget-amount-is-negative",
    budget_amount_is_not_a_number => "budget-amount-is-not-a-number",
    budget_year_does_not_match_file_name => "budget-year-does-not-match-file-name",
    budget_unknown_key => "budget-unknown-key",
    budget_file_not_named_after_a_year => "budget-file-not-named-after-a-year",
    stats_indicator_id_is_invalid => "stats-indicator-id-is-invalid",
    stats_group_id_is_invalid => "stats-group-id-is-invalid",
    stats_indicator_listed_twice_in_a_group => "stats-indicator-listed-twice-in-a-group",
    stats_group_listed_twice => "stats-group-listed-twice",
    stats_group_without_indicators => "stats-group-without-indicators",
    kolada_municipality_id_is_invalid => "kolada-municipality-id-is-invalid",
    kolada_cache_is_not_json => "kolada-cache-is-not-json",
    time_that_is_not_a_time_of_day => "invalid-time",
    minutes_certified_before_the_meeting => "certified-before-meeting",
    certification_announced_before_it_was_made => "announced-before-certified",
    minutes_announced_for_a_meeting_not_yet_held => "announced-before-the-meeting-is-held",
    meeting_announced_after_it_was_held => "agenda-announced-after-meeting",
    unknown_kind_of_matter_suggests_the_closest => "unknown-kind",
    consultation_without_a_date => "consultation-without-a-date",
    consultation_without_its_last_day => "consultation-without-respond-by",
    take_part_without_a_title => "take-part-without-a-title",
    take_part_unknown_kind_suggests_the_closest => "take-part-unknown-kind",
    take_part_address_is_not_a_web_address => "take-part-address-is-not-a-web-address",
    registry_is_neither_an_email_nor_a_web_address => "registry-is-not-an-address",
    host_not_known_gets_the_closest_name => "unknown-host",
    case_feeds_is_true_or_false => "case-feeds-not-a-yes-or-no",
    placeholder_text_of_insyn_new_left_in_place => "placeholder-text-left",
    control_characters_that_feeds_cannot_carry => "control-character",
    image_without_a_text_alternative => "image-without-text-alternative",
    script_address_in_raw_html => "script-address-in-html",
    misspelt_decision_suggests_the_closest => "misspelt-decision",
    swedish_decision_word_suggests_its_key => "swedish-decision",
    links_that_lead_nowhere_in_the_portal => "broken-content-links",
    a_key_written_twice_at_the_second => "duplicate-key",
    text_nested_too_deep => "text-nested-too-deep",
    a_theme_given_as_a_path => "theme-is-a-path",
    an_attachment_that_can_run_script_and_would_replace_a_page => "attachment-can-run-script",
}

#[test]
fn every_error_fixture_has_a_test() {
    let source = include_str!("errors.rs");
    for entry in std::fs::read_dir(fixtures().join("errors")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            source.contains(&format!("=> \"{name}\"")),
            "fixture errors/{name} has no test"
        );
    }
}

/// Content that publishes, with a warning for what a careful publisher
/// would fix, and what the clerk meant rather than what YAML read: the
/// exact messages in `content-warnings/expected-stderr.txt`.
#[test]
fn warnings_publish_and_input_keeps_its_meaning() {
    let portal = Portal::with_overlay("content-warnings");
    let run = portal.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected_path = fixtures().join("content-warnings/expected-stderr.txt");
    if std::env::var_os("INSYN_BLESS").is_some() {
        std::fs::write(&expected_path, &run.stderr).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap();
    assert_eq!(run.stderr, expected, "the warnings changed");

    // `time: 13.00`, which YAML reads as the number 13, is 13:00.
    let meeting = portal.read("sammantraden/2020-02-03-ks/index.html");
    assert!(meeting.contains("13:00"), "the meeting's time");
    let calendar = portal.read("organ/ks/kalender.ics");
    assert!(calendar.contains("T130000"), "a timed event:\n{calendar}");
    // `Dnr 2020/5-041` is the case 2020/5, not a case of a registry `Dnr`.
    let case = portal.read("arenden/2020-5/index.html");
    assert!(
        case.contains("§ 2"),
        "the paragraph joins its case's timeline"
    );
    assert!(!portal.output().join("arenden/dnr-2020-5").exists());
    // A link to `javascript:` is its plain text.
    let paragraph = portal.read("sammantraden/2020-02-03-ks/p2/index.html");
    assert!(paragraph.contains("och klicka här."), "{paragraph}");
    assert!(!paragraph.contains("javascript"), "{paragraph}");
}

/// Messages come in the portal's language (`language:` in site.yaml,
/// Swedish by default), or in the one `--lang` asks for.
#[test]
fn messages_follow_the_portal_s_language_or_lang() {
    let portal = Portal::with_overlay("errors/misspelt-decision");
    let swedish = "fel: `decision: aproved` är inte ett av de tillåtna värdena";
    let english = "error: `decision: aproved` is not one of the allowed values";
    for (args, language, help, last) in [
        (
            &["check"][..],
            swedish,
            "= hjälp: menade du `approved`?",
            "1 fel hittades. Rätta det och kör igen.",
        ),
        (
            &["check", "--lang", "en"],
            english,
            "= help: did you mean `approved`?",
            "1 error found. Fix it and run again.",
        ),
    ] {
        let run = portal.insyn(args);
        assert_eq!(run.code, 1);
        assert!(
            run.stderr.starts_with(language),
            "{args:?}:\n{}",
            run.stderr
        );
        assert!(run.stderr.contains(help), "{args:?}:\n{}", run.stderr);
        assert!(
            run.stderr.ends_with(&format!("{last}\n")),
            "{args:?}:\n{}",
            run.stderr
        );
    }
    portal.apply_overlay("english");
    let run = portal.insyn(&["build"]);
    assert!(run.stderr.starts_with(english), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("Nothing was written; output is unchanged."),
        "{}",
        run.stderr
    );
    let run = portal.insyn(&["build", "--lang", "sv"]);
    assert!(run.stderr.starts_with(swedish), "{}", run.stderr);
    assert!(
        run.stderr.contains("Inget skrevs; output är oförändrad."),
        "{}",
        run.stderr
    );
}
