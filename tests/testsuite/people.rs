//! People, proposals and votes (contract, section 9): the pages a portal
//! with people.yaml gets, their figures checked against tallies computed
//! here from the content itself, confidential paragraphs kept out, the
//! demo's own proposals, and the preview.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::util::{shared, visible_text, Portal};

/// A generated portal with people, of `paragraphs` paragraphs.
fn people_portal(paragraphs: usize) -> Portal {
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("python3")
        .arg(shared().join("tools/gen-corpus.py"))
        .arg("--out")
        .arg(dir.path().join("content"))
        .args(["--paragraphs", &paragraphs.to_string(), "--seed", "11"])
        .args(["--pdf-ratio", "0.02", "--people"])
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    Portal { dir }
}

fn paragraph_files(content: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(content.join("meetings"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("index.md"))
        .collect();
    files.sort();
    files
}

fn front_matter(file: &Path) -> serde_yaml::Value {
    let text = std::fs::read_to_string(file).unwrap();
    let yaml = text.split("---\n").nth(1).unwrap();
    serde_yaml::from_str(yaml).unwrap()
}

fn names(value: Option<&serde_yaml::Value>) -> Vec<String> {
    match value.and_then(serde_yaml::Value::as_sequence) {
        Some(list) => list
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect(),
        None => Vec::new(),
    }
}

/// A person's figures, counted from the paragraph files.
#[derive(Default, Debug, PartialEq, Clone)]
struct Record {
    raised: usize,
    proposals: usize,
    adopted: usize,
    yes: usize,
    no: usize,
    abstain: usize,
    reservations: usize,
}

/// Each person's figures and each party's (votes with named voters and an
/// outcome in which its people voted yes or no, and those in which most
/// of them took the winning side), counted from the content alone.
fn tallies(content: &Path) -> (BTreeMap<String, Record>, BTreeMap<String, (usize, usize)>) {
    let people: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(content.join("people.yaml")).unwrap())
            .unwrap();
    let party_of: BTreeMap<String, String> = people["people"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|p| {
            let party = p["party"].as_str().unwrap_or("").to_owned();
            (p["id"].as_str().unwrap().to_owned(), party)
        })
        .collect();
    let mut records: BTreeMap<String, Record> = BTreeMap::new();
    let mut parties: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for file in paragraph_files(content) {
        let fm = front_matter(&file);
        if fm["confidential"].as_bool() == Some(true) {
            continue;
        }
        for id in names(fm.get("raised_by")) {
            records.entry(id).or_default().raised += 1;
        }
        for p in fm["proposals"].as_sequence().into_iter().flatten() {
            let r = records
                .entry(p["by"].as_str().unwrap().to_owned())
                .or_default();
            r.proposals += 1;
            r.adopted += usize::from(p["adopted"].as_bool() == Some(true));
        }
        for r in fm["reservations"].as_sequence().into_iter().flatten() {
            for id in names(r.get("by")) {
                records.entry(id).or_default().reservations += 1;
            }
        }
        let Some(vote) = fm.get("vote") else { continue };
        let (yes, no, abstain) = (
            names(vote.get("for")),
            names(vote.get("against")),
            names(vote.get("abstain")),
        );
        for id in &yes {
            records.entry(id.clone()).or_default().yes += 1;
        }
        for id in &no {
            records.entry(id.clone()).or_default().no += 1;
        }
        for id in &abstain {
            records.entry(id.clone()).or_default().abstain += 1;
        }
        if yes.len() == no.len() {
            continue;
        }
        let yes_won = yes.len() > no.len();
        let all_parties: std::collections::BTreeSet<&String> = party_of.values().collect();
        for party in all_parties.into_iter().filter(|p| !p.is_empty()) {
            let count = |side: &[String]| side.iter().filter(|id| &party_of[*id] == party).count();
            let (py, pn) = (count(&yes), count(&no));
            if py + pn == 0 {
                continue;
            }
            let record = parties.entry(party.clone()).or_default();
            record.0 += 1;
            if (yes_won && py > pn) || (!yes_won && pn > py) {
                record.1 += 1;
            }
        }
    }
    (records, parties)
}

/// The figures a person's page shows, read from its text.
fn record_on_page(text: &str) -> Record {
    let number_after = |label: &str| -> usize {
        let rest = text
            .split(label)
            .nth(1)
            .unwrap_or_else(|| panic!("{label} in {text}"));
        let digits: String = rest
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().unwrap()
    };
    Record {
        raised: number_after("Väckta ärenden"),
        proposals: number_after("Yrkanden"),
        adopted: number_after("varav bifallna"),
        yes: number_after("(ja"),
        no: number_after(", nej"),
        abstain: number_after(", avstår"),
        reservations: number_after("Reservationer"),
    }
}

#[test]
fn every_person_and_party_page_shows_the_figures_counted_from_the_content() {
    let portal = people_portal(600);
    let root = portal.root();
    portal.build().success();
    let (records, parties) = tallies(&root.join("content"));
    assert!(
        records.values().any(|r| r.yes + r.no > 0),
        "the corpus has named votes"
    );
    let people: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root.join("content/people.yaml")).unwrap())
            .unwrap();
    for p in people["people"].as_sequence().unwrap() {
        let id = p["id"].as_str().unwrap();
        let page = std::fs::read_to_string(root.join(format!("output/ledamoter/{id}/index.html")))
            .unwrap();
        let expected = records.get(id).cloned().unwrap_or_default();
        assert_eq!(record_on_page(&visible_text(&page)), expected, "{id}");
    }
    for (party, (votes, with)) in &parties {
        let page = std::fs::read_to_string(root.join(format!("output/partier/{party}/index.html")))
            .unwrap();
        let text = visible_text(&page);
        let said = format!("I {votes} omröstningar där partiets ledamöter röstade ja eller nej röstade de flesta av dem med utfallet i {with} (");
        assert!(text.contains(&said), "{party}: {said} in {text}");
    }
}

#[test]
fn a_person_s_acts_are_paged_fifty_at_a_time_newest_first() {
    let portal = people_portal(2000);
    let root = portal.root();
    portal.build().success();
    let out = root.join("output/ledamoter");
    let paged: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("sida-2/index.html").is_file())
        .collect();
    let person = paged
        .first()
        .expect("someone acted in more than 50 paragraphs");
    let first = std::fs::read_to_string(person.join("index.html")).unwrap();
    let entries = |html: &str| html.matches("<li class=\"item\"><a href=").count();
    assert_eq!(entries(&first), 50);
    let acts = first.split("id=\"acts-h\"").nth(1).unwrap();
    let dates: Vec<&str> = crate::util::attribute_values(acts, "datetime");
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    let second = std::fs::read_to_string(person.join("sida-2/index.html")).unwrap();
    assert!(entries(&second) > 0);
    assert!(second.contains("rel=\"prev\""));
}

#[test]
fn a_confidential_paragraph_publishes_none_of_its_people() {
    let portal = people_portal(300);
    let root = portal.root();
    let content = root.join("content");
    let voted = paragraph_files(&content)
        .into_iter()
        .find(|f| {
            std::fs::read_to_string(f)
                .unwrap()
                .contains("\nreservations:")
        })
        .expect("a paragraph with a reservation");
    let text = std::fs::read_to_string(&voted).unwrap();
    std::fs::write(
        &voted,
        text.replacen("---\n", "---\nconfidential: true\n", 1),
    )
    .unwrap();
    // The texts of its proposals and reservations that no other
    // paragraph has.
    let others: Vec<String> = paragraph_files(&content)
        .iter()
        .filter(|f| **f != voted)
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    let reserved_text: Vec<String> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("text:"))
        .map(|l| {
            l.split_once(':')
                .unwrap()
                .1
                .trim()
                .trim_matches('"')
                .to_owned()
        })
        .filter(|t| !others.iter().any(|o| o.contains(t.as_str())))
        .collect();
    assert!(!reserved_text.is_empty());
    portal.build().success();
    let folder = voted
        .parent()
        .unwrap()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let number: u32 = front_matter(&voted)["paragraph"].as_u64().unwrap() as u32;
    let page = std::fs::read_to_string(
        root.join(format!("output/sammantraden/{folder}/p{number}/index.html")),
    )
    .unwrap();
    let main = page.split("<main").nth(1).unwrap();
    for needle in [
        "ledamoter/",
        "partier/",
        "Omröstning",
        "Reservationer",
        "Yrkanden",
    ] {
        assert!(!main.contains(needle), "{needle} on the confidential page");
    }
    let link = format!("sammantraden/{folder}/p{number}/index.html");
    for entry in walkdir::WalkDir::new(root.join("output/ledamoter"))
        .into_iter()
        .chain(walkdir::WalkDir::new(root.join("output/partier")))
    {
        let path = entry.unwrap().into_path();
        if path.extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(&path).unwrap();
            assert!(
                !html.contains(&link),
                "{} links to the confidential paragraph",
                path.display()
            );
            for t in &reserved_text {
                assert!(!html.contains(t.as_str()), "{} shows `{t}`", path.display());
            }
        }
    }
}

#[test]
fn the_demo_records_the_seeds_proposals_and_who_raised_the_motion() {
    let portal = Portal::from_fixture("base");
    std::fs::remove_dir_all(portal.content()).unwrap();
    crate::util::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &portal.content(),
    );
    portal.build().success();
    let ks = visible_text(&portal.read("sammantraden/2018-09-17-ks/p302/index.html"));
    assert!(ks.contains("Jon Sjölander ( M ), med instämmande av Tommy Ivarsson ( SD ): bifall till motionen med tilläggsyrkande"), "{ks}");
    assert!(ks.contains("Kommunstyrelsens ordförande , med instämmande av Sverker Thorén ( L ): bifall till kommunstyrelsens förvaltnings förslag och Jon Sjölanders (M) tilläggsyrkande bifölls"), "{ks}");
    assert!(ks.contains("Väckt av Jon Sjölander ( M )"), "{ks}");
    let case = visible_text(&portal.read("arenden/2018-71/index.html"));
    assert!(case.contains("Väckt av Jon Sjölander ( M )"), "{case}");
    let jon = visible_text(&portal.read("ledamoter/jon-sjolander/index.html"));
    assert!(jon.contains("Yrkanden 2 (varav bifallna 0)"), "{jon}");
    let feed = portal.output().join("ledamoter/jon-sjolander/feed.xml");
    let entries = crate::opendata::check_atom(&feed);
    assert_eq!(entries.len(), 3, "Kf § 63, Ks § 302, Kf § 178: {entries:?}");
    let party_feed = portal.output().join("partier/m/feed.xml");
    assert!(!crate::opendata::check_atom(&party_feed).is_empty());
    assert!(portal
        .read("ledamoter/jon-sjolander/index.html")
        .contains("href=\"feed.xml\""));
    let m = visible_text(&portal.read("partier/m/index.html"));
    assert!(m.contains("Jon Sjölander"), "{m}");
    let people = visible_text(&portal.read("ledamoter/index.html"));
    for name in [
        "Moderaterna",
        "Sverigedemokraterna",
        "Liberalerna",
        "Harald Hjalmarsson",
    ] {
        assert!(people.contains(name), "{name} in {people}");
    }
}

/// A front matter line replaced: the first line starting with `from`.
fn replace_line(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    let mut done = false;
    let lines: Vec<String> = text
        .lines()
        .map(|l| match !done && l.starts_with(from) {
            true => {
                done = true;
                to.to_owned()
            }
            false => l.to_owned(),
        })
        .collect();
    assert!(done, "{from} in {}", file.display());
    std::fs::write(file, lines.join("\n") + "\n").unwrap();
}

/// A meeting's `present`, as its index.md lists it.
fn present_of(meeting: &Path) -> Vec<String> {
    names(front_matter(&meeting.join("index.md")).get("present"))
}

/// Edits of acts and attendance, each patched in and leaving what a clean
/// build writes (with `theme` laid over the portal first); a change of
/// people.yaml is built whole.
fn acts_and_attendance_edits_are_patched(theme: impl Fn(&Path)) {
    use crate::serve_edits::{assert_patched, compare_with_fresh_build};
    let portal = people_portal(150);
    let root = portal.root();
    theme(root);
    let serve = crate::serve::Serve::start_in(root, &[]);
    let content = root.join("content");
    let files = paragraph_files(&content);
    let with = |key: &str| {
        let key = format!("\n{key}:");
        files
            .iter()
            .find(|f| std::fs::read_to_string(f).unwrap().contains(&key))
            .unwrap()
            .clone()
    };
    let acted = with("proposals");
    let meeting = acted.parent().unwrap().to_path_buf();
    let present = present_of(&meeting);

    replace_line(&acted, "title:", "title: \"Ny rubrik om gatubelysning\"");
    assert_patched(&serve, root, "a paragraph with proposals retitled");

    let proposer = front_matter(&acted)["proposals"][0]["by"]
        .as_str()
        .unwrap()
        .to_owned();
    let other = present.iter().find(|id| **id != proposer).unwrap();
    replace_line(
        &acted,
        &format!("  - by: {proposer}"),
        &format!("  - by: {other}"),
    );
    assert_patched(&serve, root, "another proposer");

    let quiet = files
        .iter()
        .find(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            f.parent() == Some(meeting.as_path())
                && !text.contains("\nvote:")
                && !text.contains("confidential:")
        })
        .unwrap();
    let vote = format!(
        "vote:\n  for: [{}, {}]\n  against: [{}]\n  abstain: 0\n",
        present[0], present[1], present[2]
    );
    let text = std::fs::read_to_string(quiet).unwrap();
    // Before the line that closes the front matter.
    let close = text[4..].find("\n---\n").unwrap() + 5;
    std::fs::write(quiet, format!("{}{vote}{}", &text[..close], &text[close..])).unwrap();
    assert_patched(&serve, root, "a named vote added");

    let voted = with("vote");
    let text = std::fs::read_to_string(&voted).unwrap();
    std::fs::write(
        &voted,
        text.replacen("---\n", "---\nconfidential: true\n", 1),
    )
    .unwrap();
    assert_patched(&serve, root, "a paragraph with a vote made confidential");

    // Someone with a seat in the meeting's body who was not present comes.
    let index = front_matter(&meeting.join("index.md"));
    let (body, date) = (
        index["body"].as_str().unwrap(),
        index["date"].as_str().unwrap(),
    );
    let roster: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(content.join("people.yaml")).unwrap())
            .unwrap();
    let seated = |p: &serde_yaml::Value| {
        p["memberships"].as_sequence().unwrap().iter().any(|m| {
            let to = m["to"].as_str().unwrap_or("9999-12-31");
            m["body"] == body && m["from"].as_str().unwrap() <= date && date <= to
        })
    };
    let newcomer = roster["people"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter(|p| seated(p))
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .find(|id| !present.contains(id))
        .expect("someone with a seat who was not present");
    let mut more = present.clone();
    more.push(newcomer);
    replace_line(
        &meeting.join("index.md"),
        "present:",
        &format!("present: [{}]", more.join(", ")),
    );
    assert_patched(&serve, root, "one more present");

    // A new § with a proposal, then gone again.
    let new = meeting.join("990-nytt-yrkande.md");
    std::fs::write(
        &new,
        format!("---\nparagraph: 990\ntitle: \"Nytt yrkande\"\ndecision: approved\nproposals:\n  - by: {}\n    text: \"bifall\"\n    adopted: true\n---\nText.\n", present[0]),
    )
    .unwrap();
    assert_patched(&serve, root, "a new paragraph with a proposal");
    std::fs::remove_file(&new).unwrap();
    assert_patched(&serve, root, "the paragraph with a proposal removed");

    // Fifty new motions by one person fill a second page of their acts,
    // which goes again with them.
    let author = &present[1];
    let motions: Vec<PathBuf> = (0..50)
        .map(|k| {
            let file = meeting.join(format!("{}-motion.md", 900 + k));
            std::fs::write(
                &file,
                format!("---\nparagraph: {}\ntitle: \"Motion {k}\"\ndecision: referred\nraised_by: [{author}]\n---\nText.\n", 900 + k),
            )
            .unwrap();
            file
        })
        .collect();
    assert_patched(&serve, root, "fifty motions by one person");
    let second = root.join(format!("output/ledamoter/{author}/sida-2/index.html"));
    assert!(second.is_file(), "a second page of acts");
    for file in &motions {
        std::fs::remove_file(file).unwrap();
    }
    assert_patched(&serve, root, "the fifty motions gone");
    assert!(!second.exists(), "the second page went");

    // people.yaml: a new name, everywhere, built whole.
    let people = std::fs::read_to_string(content.join("people.yaml")).unwrap();
    let first_name = people
        .lines()
        .skip_while(|l| !l.starts_with("people:"))
        .find_map(|l| l.strip_prefix("    name: "))
        .unwrap()
        .to_owned();
    std::fs::write(
        content.join("people.yaml"),
        people.replacen(&first_name, "\"Åsa Nyberg-Öhman\"", 1),
    )
    .unwrap();
    let why = serve.wait_for("hela webbplatsen");
    assert!(
        why.contains("en ändring utanför sammanträdesmappar"),
        "{why}"
    );
    serve.wait_until_quiet(Duration::from_secs(60));
    compare_with_fresh_build(root, "a name changed in people.yaml");
}

#[test]
fn edits_of_acts_and_attendance_are_patched_and_leave_what_a_clean_build_writes() {
    acts_and_attendance_edits_are_patched(|_| {});
}

#[test]
fn edits_of_acts_and_attendance_are_patched_right_for_a_theme_that_prints_every_variable() {
    acts_and_attendance_edits_are_patched(crate::serve_edits::print_every_variable);
}

/// A CSV file's rows as JSON objects (its columns as properties; those
/// named in `numbers` as integers), for checking them against their schema.
fn csv_objects(file: &Path, numbers: &[&str]) -> Vec<serde_json::Value> {
    let mut reader = csv::Reader::from_path(file).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let object = header.iter().zip(r.iter()).map(|(k, v)| {
                let value = match numbers.contains(&k.as_str()) {
                    true => serde_json::Value::from(v.parse::<u64>().unwrap()),
                    false => serde_json::Value::from(v),
                };
                (k.clone(), value)
            });
            serde_json::Value::Object(object.collect())
        })
        .collect()
}

#[test]
fn the_seats_and_votes_files_follow_their_schemas_and_hold_every_named_vote() {
    let portal = people_portal(400);
    let root = portal.root();
    portal.build().success();
    let data = root.join("output/data");
    let (records, _) = tallies(&root.join("content"));
    for (name, numbers) in [
        ("ledamoter", &[][..]),
        ("voteringar", &["paragraph", "yes", "no", "abstain"][..]),
    ] {
        let schema: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(data.join(format!("{name}.schema.json"))).unwrap(),
        )
        .unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let rows = csv_objects(&data.join(format!("{name}.csv")), numbers);
        assert!(!rows.is_empty());
        for row in &rows {
            let errors: Vec<String> = validator.iter_errors(row).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{name}: {row} {errors:?}");
        }
        let mut broken = rows[0].clone();
        broken["url"] = serde_json::Value::from(1);
        assert!(
            !validator.is_valid(&broken),
            "{name}.schema.json accepts anything"
        );
        if name == "voteringar" {
            let named = rows.iter().filter(|r| r["person"] != "").count();
            let voted: usize = records.values().map(|r| r.yes + r.no + r.abstain).sum();
            assert_eq!(named, voted, "a row per person in each named vote");
            assert!(
                rows.iter().any(|r| r["person"] == ""),
                "counts-only votes have a row"
            );
        }
    }
    let page = std::fs::read_to_string(data.join("index.html")).unwrap();
    for file in [
        "ledamoter.csv",
        "voteringar.csv",
        "ledamoter.schema.json",
        "voteringar.schema.json",
    ] {
        assert!(
            page.contains(&format!("href=\"{file}\"")),
            "{file} on /data/"
        );
    }
}

#[test]
fn a_portal_without_people_has_no_people_pages_files_or_menu_item() {
    let portal = Portal::from_fixture("base");
    portal.build().success();
    for gone in [
        "ledamoter",
        "partier",
        "data/ledamoter.csv",
        "data/voteringar.csv",
    ] {
        assert!(!portal.output().join(gone).exists(), "{gone}");
    }
    assert!(!portal.read("index.html").contains("ledamoter/index.html"));
}

#[test]
fn oparl_people_parties_memberships_and_participants_validate_and_match_people_yaml() {
    use crate::opendata::{check_oparl, file_of, list_ids, read_json};
    let portal = people_portal(300);
    let root = portal.root();
    portal.build().success();
    let site = root.join("output");
    let kinds = check_oparl(&site);
    for kind in ["Person", "Membership", "Organization", "Meeting"] {
        assert!(kinds.contains_key(kind), "{kinds:?}");
    }
    let people: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root.join("content/people.yaml")).unwrap())
            .unwrap();
    let listed = people["people"].as_sequence().unwrap();
    let body = read_json(&site.join("oparl/body.json"));
    let persons = list_ids(&site, body["person"].as_str().unwrap());
    assert_eq!(persons.len(), listed.len(), "a Person per person");
    let organizations = list_ids(&site, body["organization"].as_str().unwrap());
    let parties = people["parties"].as_sequence().unwrap().len();
    let bodies = std::fs::read_dir(site.join("organ")).unwrap().count();
    assert_eq!(
        organizations.len(),
        bodies + parties,
        "an Organization per body and party"
    );
    // Each person's seats, on behalf of their party, with roles and dates.
    for (p, id) in listed.iter().zip(&persons) {
        let person = read_json(&file_of(&site, id));
        assert_eq!(person["name"], p["name"].as_str().unwrap());
        let seats = p["memberships"].as_sequence().unwrap();
        let memberships = person["membership"].as_array().unwrap();
        assert_eq!(memberships.len(), seats.len() + 1, "seats and the party");
        for (seat, m) in seats.iter().zip(memberships) {
            let body = seat["body"].as_str().unwrap();
            assert!(m["organization"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/organization/{body}.json")));
            assert_eq!(m["role"], seat["role"].as_str().unwrap());
            assert_eq!(m["startDate"], seat["from"].as_str().unwrap());
            let party = p["party"].as_str().unwrap();
            assert!(m["onBehalfOf"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/organization/parti-{party}.json")));
        }
    }
    // A meeting's participants are those present.
    let meeting_file = paragraph_files(&root.join("content"))
        .into_iter()
        .map(|f| f.parent().unwrap().to_path_buf())
        .find(|d| {
            std::fs::read_to_string(d.join("index.md"))
                .unwrap()
                .contains("present:")
        })
        .unwrap();
    let index = front_matter(&meeting_file.join("index.md"));
    let folder = meeting_file
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let meeting = read_json(&site.join(format!("oparl/meeting/{folder}.json")));
    let participants: Vec<String> = meeting["participant"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            v.as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .trim_end_matches(".json")
                .to_owned()
        })
        .collect();
    assert_eq!(participants, names(index.get("present")));
}

/// A designer saves a template, then a clerk retitles a paragraph with
/// proposals: the people's pages that show it are patched with every act
/// still on them (the template's save keeps what people did).
#[test]
fn a_template_saved_before_an_edit_of_acts_keeps_every_act_on_the_people_s_pages() {
    use crate::serve_edits::{assert_patched, compare_with_fresh_build};
    let portal = people_portal(150);
    let root = portal.root();
    let templates = root.join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    let page = "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ title }}</h1>\n{{ html | safe }}\n{% endblock content %}\n";
    std::fs::write(templates.join("page.html"), page).unwrap();
    let serve = crate::serve::Serve::start_in(root, &[]);
    std::fs::write(
        templates.join("page.html"),
        page.replace("<h1>", "<h1 class=\"ny\">"),
    )
    .unwrap();
    assert_patched(&serve, root, "the free pages' template");

    let files = paragraph_files(&root.join("content"));
    let acted = files
        .iter()
        .find(|f| std::fs::read_to_string(f).unwrap().contains("\nproposals:"))
        .unwrap();
    replace_line(acted, "title:", "title: \"Ny rubrik om gatubelysning\"");
    assert_patched(&serve, root, "a paragraph with proposals retitled");
    compare_with_fresh_build(root, "after both");
}
