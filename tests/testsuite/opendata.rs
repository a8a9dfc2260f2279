//! Open data: the tables under /data/ against their published JSON Schemas
//! and as CSV, the static OParl API against the OParl 1.1 schemas in
//! ../shared/standards (every address it names exists), the DCAT-AP
//! catalogue against the SHACL shapes (pyshacl), the Atom feeds as RFC 4287
//! documents, the calendars through an iCalendar parser, and what a
//! confidential paragraph leaves in them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::build::percent_decode;
use crate::util::{corpus_2000, shared, visible_text, Portal};

const BASE: &str = "https://insyn.example.se/";
const OPARL: &str = "https://schema.oparl.org/1.1/";

pub(crate) fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn files_under(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
}

/// The file an absolute address of the portal names.
pub(crate) fn file_of(site: &Path, url: &str) -> PathBuf {
    let rel = url.strip_prefix(BASE).unwrap();
    let rel = percent_decode(rel.split('#').next().unwrap());
    if rel.is_empty() || rel.ends_with('/') {
        site.join(rel).join("index.html")
    } else {
        site.join(rel)
    }
}

/// Every string in a JSON value.
fn strings<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::String(s) => out.push(s),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// Every object in a JSON value that is an OParl object (has an OParl type).
fn oparl_objects<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    match value {
        Value::Object(map) => {
            if map
                .get("type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.starts_with(OPARL))
            {
                out.push(value);
            }
            map.values().for_each(|v| oparl_objects(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| oparl_objects(v, out)),
        _ => {}
    }
}

/// Checks every file under /oparl/ and returns the objects by type.
pub(crate) fn check_oparl(site: &Path) -> BTreeMap<String, usize> {
    let dir = shared().join("standards/oparl-1.1");
    let mut validators = BTreeMap::new();
    for schema in files_under(&dir, "json") {
        let name = schema.file_stem().unwrap().to_string_lossy().into_owned();
        let validator = jsonschema::validator_for(&read_json(&schema))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        validators.insert(name, validator);
    }
    let files = files_under(&site.join("oparl"), "json");
    assert!(!files.is_empty(), "no OParl files");
    let mut kinds = BTreeMap::new();
    // The ids of the objects each file holds, for the addresses with an
    // anchor (an object embedded in another: an agenda item in its meeting).
    let mut embedded: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let value = read_json(file);
        let mut objects = Vec::new();
        oparl_objects(&value, &mut objects);
        if let Some(data) = value.get("data") {
            let pagination = &value["pagination"];
            assert!(pagination.is_object(), "{}", file.display());
            assert!(data.as_array().unwrap().len() <= 100, "{}", file.display());
            if let Some(per_page) = pagination.get("elementsPerPage") {
                assert!(data.as_array().unwrap().len() as u64 <= per_page.as_u64().unwrap());
                for key in ["totalElements", "currentPage", "totalPages"] {
                    assert!(pagination[key].is_u64(), "{}: {key}", file.display());
                }
            }
            assert!(value["links"]["first"].is_string(), "{}", file.display());
        } else {
            let id = value["id"].as_str().unwrap();
            assert_eq!(file_of(site, id), *file, "an object's id is its address");
        }
        for object in objects {
            let kind = object["type"].as_str().unwrap().trim_start_matches(OPARL);
            let validator = &validators[kind];
            let errors: Vec<String> = validator
                .iter_errors(object)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{}: {kind}: {errors:?}", file.display());
            *kinds.entry(kind.to_owned()).or_insert(0) += 1;
        }
        let mut named = Vec::new();
        strings(&value, &mut named);
        for url in named.into_iter().filter(|s| s.starts_with(BASE)) {
            let target = file_of(site, url);
            assert!(
                target.is_file(),
                "{} names {url}, which does not exist",
                file.display()
            );
            if url.contains('#') && target.extension().is_some_and(|e| e == "json") {
                let ids = embedded.entry(target.clone()).or_insert_with(|| {
                    let mut objects = Vec::new();
                    let value = read_json(&target);
                    oparl_objects(&value, &mut objects);
                    objects
                        .iter()
                        .map(|o| o["id"].as_str().unwrap().to_owned())
                        .collect()
                });
                assert!(
                    ids.contains(url),
                    "{} names {url}, which its file does not embed",
                    file.display()
                );
            }
        }
    }
    kinds
}

/// Follows a list from its first page through `next`: every object once.
pub(crate) fn list_ids(site: &Path, first: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut url = Some(first.to_owned());
    while let Some(page) = url {
        let value = read_json(&file_of(site, &page));
        for item in value["data"].as_array().unwrap() {
            ids.push(item["id"].as_str().unwrap().to_owned());
        }
        if let Some(total) = value["pagination"].get("totalElements") {
            assert!(ids.len() as u64 <= total.as_u64().unwrap());
        }
        url = value["links"]["next"].as_str().map(str::to_owned);
    }
    ids
}

fn paragraph_pages(site: &Path) -> usize {
    walkdir::WalkDir::new(site.join("sammantraden"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| {
            p.file_name().is_some_and(|n| n == "index.html")
                && p.parent()
                    .and_then(|d| d.file_name())
                    .is_some_and(|n| n.to_string_lossy().starts_with('p'))
        })
        .count()
}

fn check_oparl_counts(site: &Path) -> BTreeMap<String, usize> {
    let kinds = check_oparl(site);
    let system = read_json(&site.join("oparl/system.json"));
    let bodies = list_ids(site, system["body"].as_str().unwrap());
    assert_eq!(bodies.len(), 1);
    let body = read_json(&file_of(site, &bodies[0]));
    let items = list_ids(site, body["agendaItem"].as_str().unwrap());
    assert_eq!(
        items.len(),
        paragraph_pages(site),
        "an agenda item per paragraph"
    );
    assert_eq!(
        items.iter().collect::<BTreeSet<_>>().len(),
        items.len(),
        "ids are unique"
    );
    let papers = list_ids(site, body["paper"].as_str().unwrap());
    // A case's page is a folder of its own; the lists are under ar/,
    // status/, organ/ and typ/.
    let lists = ["ar", "status", "organ", "typ"];
    let case_pages = std::fs::read_dir(site.join("arenden"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| !lists.contains(&e.file_name().to_string_lossy().as_ref()))
        .filter(|e| e.path().join("index.html").is_file())
        .count();
    assert_eq!(papers.len(), case_pages, "a paper per case");
    let unique = |ids: &[String]| ids.iter().collect::<BTreeSet<_>>().len();
    assert_eq!(unique(&papers), papers.len(), "each paper listed once");
    let consultations = list_ids(site, body["consultation"].as_str().unwrap());
    let in_papers: usize = files_under(&site.join("oparl/paper"), "json")
        .iter()
        .map(|f| read_json(f)["consultation"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        consultations.len(),
        in_papers,
        "every consultation a paper embeds listed"
    );
    for id in items.iter().chain(&consultations) {
        assert!(id.contains('#'), "{id}: embedded, at its anchor");
    }
    assert_eq!(unique(&consultations), consultations.len());
    let meetings = list_ids(site, body["meeting"].as_str().unwrap());
    let meeting_pages = std::fs::read_dir(site.join("sammantraden"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().len() > 10 && e.path().is_dir())
        .count();
    assert_eq!(meetings.len(), meeting_pages, "a meeting per meeting");
    for kind in [
        "System",
        "Body",
        "Organization",
        "Meeting",
        "AgendaItem",
        "Paper",
        "Consultation",
    ] {
        assert!(kinds.contains_key(kind), "no {kind} objects: {kinds:?}");
    }
    kinds
}

#[test]
fn oparl_objects_of_the_demo_validate_and_every_address_they_name_exists() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = crate::util::insyn()
        .current_dir(root)
        .args(["build", "--output"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let kinds = check_oparl_counts(&site);
    assert!(
        kinds.contains_key("File"),
        "the demo's PDFs are OParl files"
    );
    for kind in ["Person", "Membership"] {
        assert!(kinds.contains_key(kind), "the demo's people: {kinds:?}");
    }
    // The motion's author is the case's originator.
    let paper = read_json(&site.join("oparl/paper/2018-71.json"));
    assert_eq!(
        paper["originatorPerson"],
        serde_json::json!([format!("{BASE}oparl/person/jon-sjolander.json")])
    );
}

#[test]
fn oparl_objects_of_a_generated_corpus_validate_and_every_address_they_name_exists() {
    let site = corpus_2000().portal.output();
    check_oparl_counts(&site);
    // Papers and consultations are paged year by year, without totals, so
    // that one coming or going shifts its year's pages only.
    let first = read_json(&site.join("oparl/papers.json"));
    let next = first["links"]["next"].as_str().unwrap();
    assert!(next.ends_with("/oparl/papers-2024-2.json"), "{next}");
    assert!(first["pagination"].get("totalElements").is_none());
    let year = read_json(&site.join("oparl/consultations-2025.json"));
    assert!(year["links"]["prev"]
        .as_str()
        .unwrap()
        .contains("/oparl/consultations-2024-"));
}

/// A portal whose paragraph title needs quoting everywhere, and an upcoming
/// meeting with a time and a place.
fn escaping_portal_with_an_agenda() -> Portal {
    let portal = Portal::with_overlay("escaping");
    portal.apply_overlay("agenda-and-overrides");
    let index = portal
        .content()
        .join("meetings/2020/2020-12-14-kf/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        text.replace(
            "status: agenda",
            "status: agenda\nlocation: \"Stadshuset, sal 1; plan 2 – en mycket lång beskrivning av var i huset salen ligger\"",
        ),
    )
    .unwrap();
    portal.build().success();
    portal
}

#[test]
fn tables_follow_their_published_schemas_and_the_csv_files_read_back_exactly() {
    let portal = escaping_portal_with_an_agenda();
    let site = portal.output();
    for name in ["arenden", "sammantraden"] {
        let schema = read_json(&site.join(format!("data/{name}.schema.json")));
        let validator = jsonschema::validator_for(&schema).unwrap();
        let data = read_json(&site.join(format!("data/{name}.json")));
        let errors: Vec<String> = validator
            .iter_errors(&data)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}.json: {errors:?}");
        // The schema is not a formality: it rejects a changed record.
        let mut broken = data.clone();
        let list = if name == "arenden" {
            "cases"
        } else {
            "meetings"
        };
        broken[list][0]["date_of_birth"] = Value::from("x");
        broken[list][0]["url"] = Value::from(1);
        assert!(
            !validator.is_valid(&broken),
            "{name}.schema.json accepts anything"
        );
    }

    let meetings = read_json(&site.join("data/sammantraden.json"));
    let mut titles = BTreeMap::new();
    for m in meetings["meetings"].as_array().unwrap() {
        for p in m["paragraphs"].as_array().unwrap() {
            let title = p.get("title").or(p.get("notice")).unwrap();
            titles.insert(
                p["url"].as_str().unwrap().to_owned(),
                title.as_str().unwrap().to_owned(),
            );
        }
    }
    let bytes = std::fs::read(site.join("data/beslut.csv")).unwrap();
    assert!(
        !bytes.starts_with(b"\xEF\xBB\xBF"),
        "RFC 4180: no byte order mark"
    );
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "date",
            "meeting_status",
            "body",
            "body_name",
            "paragraph",
            "confidential",
            "title",
            "cases",
            "decision",
            "decision_label",
            "url",
            "kind",
            "announced",
            "appeal_until"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), paragraph_pages(&site), "a row per paragraph");
    assert_eq!(rows.len(), titles.len());
    for row in &rows {
        assert_eq!(
            titles[&row[10]], row[6],
            "the title reads back from the CSV"
        );
    }
    let quoted = rows
        .iter()
        .find(|r| r[6].contains("\"citat\""))
        .expect("the title with quotes and a comma");
    assert_eq!(&quoted[3], "Kommunstyrelsen");
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.contains("\"\"citat\"\""),
        "quotes are doubled inside quotes"
    );
    assert!(text.contains("Kommunfullmäktige"), "å, ä and ö as UTF-8");
    assert!(rows
        .iter()
        .any(|r| &r[1] == "agenda" && r[0] == *"2020-12-14"));

    let cases = read_json(&site.join("data/arenden.json"));
    let mut reader = csv::Reader::from_path(site.join("data/arenden.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let cases = cases["cases"].as_array().unwrap();
    assert_eq!(rows.len(), cases.len());
    for (row, case) in rows.iter().zip(cases) {
        assert_eq!(&row[0], case["id"].as_str().unwrap());
        assert_eq!(&row[1], case["diarienummer"].as_str().unwrap());
        assert_eq!(&row[2], case["title"].as_str().unwrap());
        assert_eq!(
            row[8].parse::<usize>().unwrap(),
            case["timeline"].as_array().unwrap().len()
        );
        assert!(file_of(&site, &row[9]).is_file(), "{}", &row[9]);
    }
}

/// Runs pyshacl (installed by scripts/test.sh) with one shapes file.
fn pyshacl(shapes: &str, data: &Path) -> (bool, String) {
    let program = std::env::var("INSYN_PYSHACL").unwrap_or_else(|_| "pyshacl".into());
    let out = Command::new(&program)
        .arg("-s")
        .arg(shared().join("standards/dcat-ap-3.0.1").join(shapes))
        .args(["-df", "xml"])
        .arg(data)
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} cannot run ({e}): scripts/test.sh installs it (pip install pyshacl)")
        });
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn the_catalogue_conforms_to_the_dcat_ap_shapes() {
    // The demo portal: it has statistics.
    let portal = Portal {
        dir: tempfile::tempdir().unwrap(),
    };
    crate::util::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &portal.content(),
    );
    std::fs::write(
        portal.content().join("site.yaml"),
        std::fs::read_to_string(portal.content().join("site.yaml")).unwrap()
            + "data_licence: CC-BY-4.0\n",
    )
    .unwrap();
    portal.build().success();
    let catalogue = portal.output().join("data/katalog.rdf");
    let rdf = std::fs::read_to_string(&catalogue).unwrap();
    roxmltree::Document::parse(&rdf).expect("well-formed XML");
    for shapes in ["shapes.ttl", "range.ttl"] {
        let (conforms, report) = pyshacl(shapes, &catalogue);
        assert!(conforms, "{shapes}:\n{report}");
    }
    for dataset in [
        "#beslut",
        "#arenden",
        "#sammantraden",
        "#oparl",
        "#statistik",
    ] {
        assert!(rdf.contains(&format!("data/{dataset}\"")), "{dataset}");
    }
    assert!(rdf.contains("https://creativecommons.org/licenses/by/4.0/"));
    assert!(rdf.contains("xml:lang=\"en\""));
    // The shapes are not a formality: a dataset without a description fails.
    let broken = portal.root().join("broken.rdf");
    let without: Vec<&str> = rdf
        .lines()
        .filter(|l| !l.contains("dct:description"))
        .collect();
    std::fs::write(&broken, without.join("\n")).unwrap();
    let (conforms, _) = pyshacl("shapes.ttl", &broken);
    assert!(!conforms, "a catalogue without descriptions passed");
}

/// Checks an Atom feed as RFC 4287 asks (the parts a reader relies on) and
/// returns its entries' ids.
pub(crate) fn check_atom(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&text)
        .unwrap_or_else(|e| panic!("{}: not well-formed: {e}", path.display()));
    let atom = "http://www.w3.org/2005/Atom";
    let feed = doc.root_element();
    assert!(feed.has_tag_name((atom, "feed")), "{}", path.display());
    fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
        node.children()
            .find(|c| c.has_tag_name(("http://www.w3.org/2005/Atom", name)))
            .unwrap_or_else(|| panic!("no <{name}> in <{}>", node.tag_name().name()))
    }
    let absolute = |s: &str| {
        assert!(
            s.starts_with(BASE),
            "{}: {s} is not absolute",
            path.display()
        )
    };
    for name in ["title", "updated"] {
        assert!(!child(feed, name).text().unwrap_or_default().is_empty());
    }
    absolute(child(feed, "id").text().unwrap());
    assert!(child(child(feed, "author"), "name").text().is_some());
    let self_link = feed
        .children()
        .find(|c| c.has_tag_name((atom, "link")) && c.attribute("rel") == Some("self"))
        .expect("a self link");
    absolute(self_link.attribute("href").unwrap());
    let mut ids = Vec::new();
    for entry in feed.children().filter(|c| c.has_tag_name((atom, "entry"))) {
        let id = child(entry, "id").text().unwrap().to_owned();
        absolute(&id);
        chrono::DateTime::parse_from_rfc3339(child(entry, "updated").text().unwrap()).unwrap();
        assert!(!child(entry, "title").text().unwrap_or_default().is_empty());
        absolute(child(entry, "link").attribute("href").unwrap());
        ids.push(id);
    }
    ids
}

#[test]
fn every_case_and_body_has_an_atom_feed_that_its_page_links() {
    let portal = escaping_portal_with_an_agenda();
    let site = portal.output();
    let cases = read_json(&site.join("data/arenden.json"));
    for case in cases["cases"].as_array().unwrap() {
        let dir = site.join("arenden").join(case["id"].as_str().unwrap());
        let ids = check_atom(&dir.join("feed.xml"));
        let timeline: BTreeSet<String> = case["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["url"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            ids.iter().cloned().collect::<BTreeSet<_>>(),
            timeline,
            "an entry per paragraph of the timeline"
        );
        let page = std::fs::read_to_string(dir.join("index.html")).unwrap();
        assert!(page.contains(r#"<link rel="alternate" type="application/atom+xml" title="Atom-flöde med varje gång ärendet behandlas" href="feed.xml">"#), "{page}");
        assert!(visible_text(&page).contains("Följ ärendet"));
    }
    for body in ["kf", "ks"] {
        let dir = site.join("organ").join(body);
        check_atom(&dir.join("feed.xml"));
        let page = std::fs::read_to_string(dir.join("index.html")).unwrap();
        assert!(page.contains(r#"type="application/atom+xml" title="Atom-flöde med organets senaste beslut" href="feed.xml""#));
        assert!(visible_text(&page).contains("Följ organets beslut"));
    }
    let ks = check_atom(&site.join("organ/ks/feed.xml"));
    assert!(!ks.is_empty());
    assert!(
        ks.iter().all(|id| id.contains("-ks/")),
        "only the body's decisions: {ks:?}"
    );
    check_atom(&site.join("feed.xml"));
}

#[test]
fn calendars_parse_with_stable_uids_and_upcoming_meetings_have_time_and_place() {
    use icalendar::{Component, EventLike};
    let portal = escaping_portal_with_an_agenda();
    let site = portal.output();
    let read = |rel: &str| std::fs::read_to_string(site.join(rel)).unwrap();
    let events = |text: &str| -> Vec<icalendar::Event> {
        let calendar: icalendar::Calendar = text.parse().unwrap_or_else(|e| panic!("{e}"));
        calendar
            .components
            .into_iter()
            .filter_map(|c| match c {
                icalendar::CalendarComponent::Event(e) => Some(e),
                _ => None,
            })
            .collect()
    };
    let all = read("sammantraden/kalender.ics");
    for line in all.split("\r\n") {
        assert!(line.len() <= 75, "a line longer than 75 octets: {line}");
        assert!(!line.contains('\n'), "lines end with CRLF");
    }
    assert!(all.contains("\r\n "), "long lines are folded");
    let all_events = events(&all);
    let meetings = read_json(&site.join("data/sammantraden.json"));
    assert_eq!(
        all_events.len(),
        meetings["meetings"].as_array().unwrap().len()
    );
    let upcoming = all_events
        .iter()
        .find(|e| e.get_uid() == Some("2020-12-14-kf@insyn.example.se"))
        .expect("the upcoming meeting");
    assert_eq!(
        upcoming.get_location(),
        Some("Stadshuset, sal 1; plan 2 – en mycket lång beskrivning av var i huset salen ligger"),
        "escaped and folded, read back whole"
    );
    let start = upcoming.property_value("DTSTART").unwrap();
    assert_eq!(start, "20201214T183000");
    assert!(all.contains("DTSTART;TZID=Europe/Stockholm:20201214T183000"));
    assert!(upcoming.get_url().unwrap().starts_with(BASE));
    let kf = events(&read("organ/kf/kalender.ics"));
    assert!(kf.iter().all(|e| e.get_uid().unwrap().contains("-kf@")));
    assert!(kf.len() < all_events.len());

    // A new meeting adds an event and changes no other event's UID.
    let before: BTreeSet<String> = all_events
        .iter()
        .map(|e| e.get_uid().unwrap().to_owned())
        .collect();
    let dir = portal.content().join("meetings/2021/2021-01-25-kf");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.md"),
        "---\nbody: kf\ndate: 2021-01-25\nstatus: agenda\n---\n",
    )
    .unwrap();
    portal.build().success();
    let after: BTreeSet<String> = events(&read("sammantraden/kalender.ics"))
        .iter()
        .map(|e| e.get_uid().unwrap().to_owned())
        .collect();
    assert!(before.is_subset(&after));
    assert_eq!(after.len(), before.len() + 1);
}

#[test]
fn a_confidential_paragraph_is_only_number_date_and_notice_in_the_data() {
    let portal = Portal::with_overlay("confidential");
    portal.build().success();
    let site = portal.output();
    let notice = "Paragrafen omfattas av sekretess. Endast dess nummer och datum publiceras.";
    let url = format!("{BASE}sammantraden/2020-02-03-ks/p2/");
    let mut reader = csv::Reader::from_path(site.join("data/beslut.csv")).unwrap();
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| r[10] == url)
        .expect("a row for the confidential paragraph");
    assert_eq!(
        row.iter().collect::<Vec<_>>(),
        [
            "2020-02-03",
            "minutes",
            "ks",
            "Kommunstyrelsen",
            "2",
            "true",
            notice,
            "",
            "",
            "",
            url.as_str(),
            "",
            "",
            ""
        ]
    );
    // The meeting's published § 1 gives the announcement; it only proposes
    // a decision to Kf, so it has no last day to appeal (that of the
    // meeting's decisions, in sammantraden.json: 8 February 2020 + three
    // weeks is Saturday 29 February, so Monday 2 March).
    let mut reader = csv::Reader::from_path(site.join("data/beslut.csv")).unwrap();
    let first = format!("{BASE}sammantraden/2020-02-03-ks/p1/");
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| r[10] == first)
        .expect("a row for § 1");
    assert_eq!((&row[12], &row[13]), ("2020-02-08", ""));
    let meetings = read_json(&site.join("data/sammantraden.json"));
    let mut all = meetings["meetings"].as_array().unwrap().iter();
    let ks = all.find(|m| m["id"] == "2020-02-03-ks").unwrap();
    assert_eq!(ks["appeal_until"], "2020-03-02");
    let meetings = read_json(&site.join("data/sammantraden.json"));
    let entry = meetings["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["paragraphs"].as_array().unwrap())
        .find(|p| p["url"] == url.as_str())
        .unwrap();
    assert_eq!(
        entry,
        &serde_json::json!({"paragraph": 2, "confidential": true, "notice": notice, "url": url})
    );
    let meeting = read_json(&site.join("oparl/meeting/2020-02-03-ks.json"));
    let item = meeting["agendaItem"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["number"] == "2")
        .expect("the confidential § is on the agenda");
    assert_eq!(
        item["id"],
        format!("{BASE}oparl/meeting/2020-02-03-ks.json#p2")
    );
    assert_eq!(item["public"], false);
    assert_eq!(item["name"], notice);
    let keys: BTreeSet<&str> = item
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from(["id", "type", "meeting", "number", "order", "public", "name", "web"])
    );
    // (build.rs checks that no word of the paragraph reaches any file.)
}

#[test]
fn the_data_page_lists_every_file_with_its_size_format_and_licence() {
    let portal = Portal::from_fixture("base");
    portal.build().success();
    let site = portal.output();
    let page = visible_text(&portal.read("data/index.html"));
    let t = insyn::i18n::I18n::new(insyn::content::settings::Language::Sv);
    for (file, format) in [
        ("beslut.csv", "CSV"),
        ("arenden.csv", "CSV"),
        ("arenden.json", "JSON"),
        ("sammantraden.json", "JSON"),
        ("arenden.schema.json", "JSON Schema"),
        ("sammantraden.schema.json", "JSON Schema"),
        ("katalog.rdf", "RDF/XML (DCAT-AP)"),
    ] {
        let size = std::fs::metadata(site.join("data").join(file))
            .unwrap()
            .len();
        let row = format!("{file} {format} {}", t.size(size));
        assert!(page.contains(&row), "no `{row}` in: {page}");
    }
    assert!(page.contains("CC0 1.0 Universell"), "{page}");
    assert!(portal
        .read("data/index.html")
        .contains(r#"href="https://creativecommons.org/publicdomain/zero/1.0/""#));
    assert!(
        page.contains("Data › Från text/CSV"),
        "says how to open the CSV files in Excel"
    );
    assert!(
        portal
            .read("index.html")
            .contains(r#"href="data/index.html""#),
        "linked from every page"
    );

    let english = Portal::from_fixture("base");
    let site_yaml = english.content().join("site.yaml");
    let text = std::fs::read_to_string(&site_yaml)
        .unwrap()
        .replace("language: sv", "language: en");
    std::fs::write(
        &site_yaml,
        text + "data_licence: \"https://example.org/licens\"\n",
    )
    .unwrap();
    english.build().success();
    let page = visible_text(&english.read("data/index.html"));
    assert!(
        page.contains("Open data") && page.contains("Data files"),
        "{page}"
    );
    assert!(page.contains("https://example.org/licens"), "{page}");
    let system = read_json(&english.output().join("oparl/system.json"));
    assert_eq!(system["license"], "https://example.org/licens");
}

#[test]
fn data_files_carry_no_personal_identity_number_beyond_the_one_allowed_for_its_paragraph() {
    let portal = Portal::with_overlay("personnummer-allowed");
    portal.build().success();
    let site = portal.output();
    let data_files: Vec<PathBuf> = walkdir::WalkDir::new(&site)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| {
            p.extension().is_some_and(|e| {
                ["csv", "json", "xml", "ics", "rdf"].contains(&e.to_str().unwrap())
            })
        })
        .collect();
    assert!(data_files.len() > 20, "{data_files:?}");
    let mut found_in = Vec::new();
    for file in &data_files {
        let text = std::fs::read_to_string(file).unwrap();
        let numbers = insyn::privacy::find(&text);
        if numbers.is_empty() {
            continue;
        }
        // Only the number the clerk allowed, only where its paragraph is.
        assert!(
            numbers.iter().all(|n| n.digits == "1212121212"),
            "{}: {numbers:?}",
            file.display()
        );
        assert!(
            text.contains("2020-02-03-ks/p1"),
            "{} is not about § 1",
            file.display()
        );
        found_in.push(
            file.strip_prefix(&site)
                .unwrap()
                .to_string_lossy()
                .into_owned(),
        );
    }
    assert!(
        found_in
            .iter()
            .any(|f| f.starts_with("arenden/") && f.ends_with("/feed.xml")),
        "the guard's exception reaches the paragraph's own data: {found_in:?}"
    );
}

#[test]
fn csv_cells_a_spreadsheet_would_run_are_kept_as_text() {
    let portal = Portal::from_fixture("base");
    let file = portal
        .content()
        .join("meetings/2020/2020-02-03-ks/001-budget.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace(
            "title: \"Budget 2021\"",
            "title: \"=HYPERLINK(\\\"http://x.example/\\\",\\\"Budget\\\")\"",
        ),
    )
    .unwrap();
    portal.build().success();
    let decisions = portal.read("data/beslut.csv");
    let row = decisions
        .lines()
        .find(|l| l.contains("HYPERLINK"))
        .unwrap_or_else(|| panic!("{decisions}"));
    assert!(row.contains(",\"'=HYPERLINK("), "{row}");
    // A case's title too, in arenden.csv; arenden.json keeps it as written.
    let case_file = portal.content().join("cases/2020-5.md");
    let text = std::fs::read_to_string(&case_file).unwrap();
    std::fs::write(
        &case_file,
        text.replace("title: \"Budget för 2021\"", "title: \"=1+1\""),
    )
    .unwrap();
    portal.build().success();
    assert!(portal.read("data/arenden.csv").contains(",'=1+1,"));
    assert!(portal
        .read("data/arenden.json")
        .contains("\"title\":\"=1+1\""));
    // The JSON and the pages keep the title as written.
    assert!(portal
        .read("data/sammantraden.json")
        .contains("\"=HYPERLINK("));
}
