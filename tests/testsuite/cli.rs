//! The command line: help, exit codes, summaries, and `insyn new meeting`.

use crate::util::{insyn, Portal, Run};

#[test]
fn every_command_has_help() {
    for (args, mentions) in [
        (vec!["--help"], "build"),
        (vec!["build", "--help"], "--output"),
        (vec!["check", "--help"], "--content"),
        (vec!["new", "meeting", "--help"], "--date"),
    ] {
        let run = Run::new(insyn().args(&args).output().unwrap()).success();
        assert!(run.stdout.contains(mentions), "{args:?}: {}", run.stdout);
    }
}

#[test]
fn usage_errors_exit_with_2() {
    for args in [
        vec!["build", "--no-such-flag"],
        vec!["frobnicate"],
        vec!["new", "meeting", "--body", "ks", "--date", "2025-13-45"],
    ] {
        let run = Run::new(insyn().args(&args).output().unwrap());
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
    }
}

#[test]
fn check_writes_nothing_and_says_what_it_found() {
    let portal = Portal::from_fixture("base");
    let before = crate::util::snapshot(portal.root());
    for _ in 0..2 {
        let run = portal.insyn(&["check"]).success();
        assert_eq!(
            run.stdout,
            "Content OK: 2 meetings, 2 paragraphs, 1 case, 2 PDFs: 2 read, 0 from the cache.\n"
        );
    }
    assert_eq!(
        crate::util::snapshot(portal.root()),
        before,
        "not even a cache is written"
    );
    // What a build cached, a check reads.
    portal.build().success();
    let run = portal.insyn(&["check"]).success();
    assert!(
        run.stdout.contains("2 PDFs: 0 read, 2 from the cache"),
        "{}",
        run.stdout
    );
}

#[test]
fn build_ends_with_one_summary_line() {
    let portal = Portal::from_fixture("base");
    let run = portal.build().success();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert!(lines[0].starts_with("Built "), "{}", lines[0]);
    assert!(
        lines[0].starts_with(
            "Built 29 pages and 37 data files (2 meetings, 2 paragraphs, 1 case, 2 PDFs: 2 read, 0 from the cache) and a search index of 80 files, and copied 8 files into output in "
        ),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains(" s."), "the time it took: {}", lines[0]);
    assert_eq!(
        run.stderr, "",
        "no progress bar when stderr is not a terminal"
    );
}

#[test]
fn a_missing_content_folder_is_a_content_error() {
    let portal = Portal::from_fixture("base");
    let run = portal.insyn(&["build", "--content", "no-such-folder"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("fel: innehållsmappen `no-such-folder` finns inte\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn new_meeting_scaffolds_valid_content_with_the_next_number() {
    let portal = Portal::from_fixture("base");
    let run = portal
        .insyn(&["new", "meeting", "--body", "ks", "--date", "2020-03-02"])
        .success();
    assert!(
        run.stdout.contains("meetings/2020/2020-03-02-ks/index.md"),
        "{}",
        run.stdout
    );
    // Ks used § 1 in 2020, so the new meeting starts at § 2.
    assert!(
        run.stdout
            .contains("meetings/2020/2020-03-02-ks/002-val-av-justerare.md"),
        "{}",
        run.stdout
    );
    // The text written for the clerk to replace stops a build until replaced.
    let check = portal.insyn(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    for file in ["index.md:10:1", "002-val-av-justerare.md:18:1"] {
        let at = format!("--> meetings/2020/2020-03-02-ks/{file}");
        assert!(check.stderr.contains(&at), "{at}:\n{}", check.stderr);
    }
    assert!(check.stderr.contains("som `insyn new` skrev står kvar"));
    let dir = portal.content().join("meetings/2020/2020-03-02-ks");
    for (file, placeholder, text) in [
        (
            "index.md",
            "Närvarande ledamöter, ersättare och tjänstepersoner skrivs här.",
            "Närvarande: alla.",
        ),
        (
            "002-val-av-justerare.md",
            "(namn och namn)",
            "Anna Andersson och Jon Sjölander",
        ),
    ] {
        let written = std::fs::read_to_string(dir.join(file)).unwrap();
        std::fs::write(dir.join(file), written.replace(placeholder, text)).unwrap();
    }
    portal.insyn(&["check"]).success();
    portal.build().success();
    let page = portal.read("sammantraden/2020-03-02-ks/index.html");
    assert!(
        page.contains("Kallelse"),
        "a new meeting is announced, not yet held"
    );

    let again = portal.insyn(&["new", "meeting", "--body", "ks", "--date", "2020-03-02"]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);

    let unknown = portal.insyn(&["new", "meeting", "--body", "bun", "--date", "2020-03-02"]);
    assert_eq!(unknown.code, 1);
    assert_eq!(
        unknown.stderr,
        "error: the body `bun` is not in bodies.yaml (known bodies: kf, ks)\n"
    );
}
