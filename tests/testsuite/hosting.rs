//! Fitting a host: how many files and bytes a build writes, the limits of
//! the host site.yaml names, and rebuilds that leave unchanged files
//! untouched so that a deploy sends only what changed.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

use crate::util::{copy_tree, corpus_2000, Portal};

/// The goal: a portal of 30 000 paragraphs fits in 100 000 files and 1 GB
/// (GitLab Pages' and GitHub Pages' sizes, a paid Cloudflare plan's files).
const GOAL_PARAGRAPHS: u64 = 30_000;
const GOAL_FILES: u64 = 100_000;
const GOAL_BYTES: u64 = 1_000_000_000;

/// Every file below `dir`, relative, with its size and modification time.
fn stamps(dir: &Path) -> BTreeMap<String, (u64, SystemTime)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let meta = e.metadata().unwrap();
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel = rel.to_string_lossy().into_owned();
            (rel, (meta.len(), meta.modified().unwrap()))
        })
        .collect()
}

/// The summary's `The output holds N files, X; M changed.`, as numbers.
fn summary_counts(stdout: &str) -> (u64, u64) {
    let (_, said) = stdout
        .split_once("The output holds ")
        .unwrap_or_else(|| panic!("no output size in {stdout}"));
    let said = said.lines().next().unwrap();
    let number = |text: &str| text.replace(' ', "").parse::<u64>().unwrap();
    let files = said.split(" files").next().unwrap();
    let changed = said.rsplit("; ").next().unwrap();
    (number(files), number(changed.trim_end_matches(" changed.")))
}

#[test]
fn a_generated_portal_keeps_within_the_files_and_bytes_per_paragraph_of_the_goal() {
    let corpus = corpus_2000();
    let site = corpus.portal.output();
    let files = stamps(&site);
    let count = files.len() as u64;
    let bytes: u64 = files.values().map(|(len, _)| len).sum();
    let paragraphs = 2000;
    let budget = GOAL_FILES * paragraphs / GOAL_PARAGRAPHS;
    assert!(
        count <= budget,
        "{count} files for {paragraphs} paragraphs: more than the goal's {budget}"
    );
    let byte_budget = GOAL_BYTES * paragraphs / GOAL_PARAGRAPHS;
    assert!(
        bytes <= byte_budget,
        "{bytes} bytes: more than {byte_budget}"
    );
    // Agenda items, consultations and PDFs' File objects are embedded in
    // their meetings and papers, not files of their own; a case's feed is
    // a choice (`case_feeds: true`), off by default.
    for gone in ["oparl/agendaitem", "oparl/consultation", "oparl/file"] {
        assert!(!site.join(gone).exists(), "{gone}");
    }
    assert!(!files
        .keys()
        .any(|f| f.starts_with("arenden/") && f.ends_with("/feed.xml")));
    // The summary says what is on disk.
    let again = tempfile::tempdir().unwrap();
    let run = crate::util::insyn()
        .arg("build")
        .arg("--content")
        .arg(corpus.portal.content())
        .arg("--output")
        .arg(again.path().join("site"))
        .output()
        .unwrap();
    let run = crate::util::Run::new(run).success();
    let (said, changed) = summary_counts(&run.stdout);
    assert_eq!((said, changed), (count, count), "{}", run.stdout);
    let megabytes = format!("{} MB", (bytes as f64 / 1e6).round());
    assert!(
        run.stdout.contains(&megabytes),
        "{megabytes}: {}",
        run.stdout
    );
}

#[test]
fn a_rebuild_after_a_title_edit_keeps_the_time_of_every_file_it_did_not_change() {
    let portal = Portal {
        dir: tempfile::tempdir().unwrap(),
    };
    copy_tree(&corpus_2000().portal.content(), &portal.content());
    portal.build().success();
    // The deploy copy, as `rsync -a` leaves it: every file's size and time.
    let deployed = stamps(&portal.output());
    let before = crate::util::snapshot(&portal.output());
    let meeting = std::fs::read_dir(portal.content().join("meetings/2025"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|m| m.is_dir())
        .unwrap();
    let paragraph = std::fs::read_dir(&meeting)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap() != "index.md" && p.extension().is_some_and(|e| e == "md"))
        .unwrap();
    let text = std::fs::read_to_string(&paragraph).unwrap();
    std::fs::write(
        &paragraph,
        text.replacen("title: \"", "title: \"Ändrad: ", 1),
    )
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let run = portal.build().success();

    let now = stamps(&portal.output());
    let after: BTreeMap<String, Vec<u8>> = crate::util::snapshot(&portal.output())
        .into_iter()
        .collect();
    let before: BTreeMap<String, Vec<u8>> = before.into_iter().collect();
    for (file, bytes) in &after {
        if before.get(file) == Some(bytes) {
            assert_eq!(
                now[file], deployed[file],
                "{file} is unchanged: so is its time"
            );
        }
    }
    // What `rsync -a` sends: files new, or whose size or time differ.
    let sent: Vec<&String> = now
        .iter()
        .filter(|(file, stamp)| deployed.get(*file) != Some(stamp))
        .map(|(file, _)| file)
        .collect();
    let page = format!(
        "sammantraden/{}/p",
        meeting.file_name().unwrap().to_string_lossy()
    );
    assert!(sent.iter().any(|f| f.starts_with(&page)), "{sent:?}");
    assert!(sent.len() <= 60, "{} files to send: {sent:?}", sent.len());
    let (_, changed) = summary_counts(&run.stdout);
    assert_eq!(changed as usize, sent.len(), "{}", run.stdout);
}

#[test]
fn a_named_host_whose_limit_the_output_passes_is_warned_of_at_its_line() {
    let portal = Portal::from_fixture("base");
    let site_yaml = portal.content().join("site.yaml");
    let text = std::fs::read_to_string(&site_yaml).unwrap();
    let text = format!("{}hosting: cloudflare-pages\n", text);
    std::fs::write(&site_yaml, &text).unwrap();
    let line = text.lines().count();
    // Within the limits: no warning.
    let run = portal.build().success();
    assert!(!run.stderr.contains("Cloudflare"), "{}", run.stderr);
    // A 26 MiB map attached to a paragraph: more than Cloudflare Pages
    // takes of one file (25 MiB).
    let meeting = portal.content().join("meetings/2020/2020-02-24-kf");
    std::fs::write(meeting.join("karta.tif"), vec![0u8; 26 * 1024 * 1024]).unwrap();
    let paragraph = meeting.join("010-budget.md");
    let text = std::fs::read_to_string(&paragraph).unwrap();
    let entry = "documents:\n  - file: karta.tif\n    title: \"Karta\"\n";
    assert!(
        !text.contains("\ndocuments:"),
        "the fixture's § has no documents"
    );
    std::fs::write(
        &paragraph,
        text.replacen("\n---\n", &format!("\n{entry}---\n"), 1),
    )
    .unwrap();
    let run = portal.build().success();
    let folder = "2020-02-24-kf";
    let expected = format!(
        "varning: `sammantraden/{folder}/karta.tif` är 27 MB, mer än Cloudflare Pages (Free) tar emot av en fil (26 MB)\n --> site.yaml:{line}:1\n"
    );
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
    assert!(
        run.stderr.contains("hosting: cloudflare-pages"),
        "the line is shown"
    );
    assert!(
        run.stderr.contains("case_feeds: false"),
        "how to make it smaller"
    );
    assert!(portal
        .output()
        .join(format!("sammantraden/{folder}/karta.tif"))
        .is_file());
}

#[test]
fn precompressed_copies_are_written_beside_text_files_when_asked_for() {
    let portal = Portal::from_fixture("base");
    let site_yaml = portal.content().join("site.yaml");
    let text = std::fs::read_to_string(&site_yaml).unwrap();
    std::fs::write(&site_yaml, format!("{text}precompress: true\n")).unwrap();
    portal.build().success();
    let site = portal.output();
    let page = std::fs::read(site.join("index.html")).unwrap();
    let mut unzipped = Vec::new();
    use std::io::Read;
    flate2::read::GzDecoder::new(std::fs::File::open(site.join("index.html.gz")).unwrap())
        .read_to_end(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, page);
    assert!(site.join("index.html.br").is_file());
    assert!(site.join("style.css.gz").is_file());
    assert!(!site.join("favicon.ico.gz").exists(), "not text");
    // Off again: the copies go.
    std::fs::write(&site_yaml, &text).unwrap();
    portal.build().success();
    assert!(!site.join("index.html.gz").exists());
}
