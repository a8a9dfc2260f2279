//! `insyn archive`: packages of the demo portal and of one year of a
//! generated corpus, checked by real validators (bagit-python and the
//! E-ARK validator, which scripts/test.sh installs) and by `insyn archive
//! --verify`; what goes in, what never does, and bad input.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{copy_tree, corpus_2000, insyn, shared, snapshot, Portal, Run};

/// `bagit.py --validate`: does the bag validate? With its report.
fn bagit_validates(bag: &Path) -> (bool, String) {
    let program = std::env::var("INSYN_BAGIT").unwrap_or_else(|_| "bagit.py".into());
    let out = Command::new(&program)
        .arg("--validate")
        .arg(bag)
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} cannot run ({e}): scripts/test.sh installs it (pip install bagit)")
        });
    let report = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.success(), report)
}

/// The E-ARK validator, offline (../shared/tools/eark-validate.py): does
/// the information package conform (structure `WellFormed`, schema and
/// schematron `VALID`)? With the rules that failed.
fn eark_conforms(package: &Path) -> (bool, String) {
    let python = std::env::var("INSYN_EARK_PYTHON").unwrap_or_else(|_| "python3".into());
    let out = Command::new(&python)
        .arg(shared().join("tools/eark-validate.py"))
        .arg(package)
        .output()
        .unwrap_or_else(|e| panic!("{python} cannot run the E-ARK validator ({e})"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let json = stdout.find('{').map(|i| &stdout[i..]).unwrap_or_else(|| {
        panic!(
            "no report from the E-ARK validator (scripts/test.sh installs it: pip install eark-validator):\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let report: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
    let status = |pointer: &str| {
        report
            .pointer(pointer)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_owned()
    };
    let structure = status("/structure/status");
    let schema = status("/metadata/schema_results/status");
    let schematron = status("/metadata/schematron_results/status");
    let mut failed = Vec::new();
    for list in [
        "/structure/messages",
        "/metadata/schema_results/messages",
        "/metadata/schematron_results/messages",
    ] {
        for m in report
            .pointer(list)
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
        {
            if m["severity"] == "Error" {
                failed.push(format!("{}: {}", m["rule_id"], m["message"]));
            }
        }
    }
    let conforms = structure == "WellFormed" && schema == "VALID" && schematron == "VALID";
    (
        conforms,
        format!(
            "structure {structure}, schema {schema}, schematron {schematron}\n{}",
            failed.join("\n")
        ),
    )
}

/// `insyn archive <args>` in `dir`.
fn archive(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["archive"];
    all.extend_from_slice(args);
    Run::new(insyn().args(&all).current_dir(dir).output().unwrap())
}

fn verify(package: &Path) -> Run {
    Run::new(
        insyn()
            .arg("archive")
            .arg("--verify")
            .arg(package)
            .output()
            .unwrap(),
    )
}

/// The demo portal's content, copied into a fresh folder.
fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &dir.path().join("content"),
    );
    dir
}

/// Change one byte of a file (its first `from` into `to`).
fn change_one_byte(file: &Path, from: &str, to: &str) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let before = std::fs::read(file).unwrap();
    let text = String::from_utf8(before.clone()).unwrap();
    assert!(text.contains(from), "{} has no {from}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
    before
}

#[test]
fn the_demo_portal_s_package_passes_bagit_and_the_eark_validator_and_fails_both_with_one_byte_changed(
) {
    let dir = demo();
    let run = archive(dir.path(), &["--out", "paket"]).success();
    assert!(
        run.stdout
            .contains("Arkivpaketet paket (2017–2019) är skrivet"),
        "{}",
        run.stdout
    );
    let bag = dir.path().join("paket");
    let package = bag.join("data");
    let (valid, report) = bagit_validates(&bag);
    assert!(valid, "bagit.py rejects the package:\n{report}");
    let (conforms, report) = eark_conforms(&package);
    assert!(
        conforms,
        "the E-ARK validator rejects the package:\n{report}"
    );
    let run = verify(&bag).success();
    assert!(run.stdout.contains("är helt"), "{}", run.stdout);

    // One byte of a page: bagit.py and --verify both name it.
    let page = package.join("representations/site/data/index.html");
    let before = change_one_byte(&page, "<html", "<htmL");
    let (valid, report) = bagit_validates(&bag);
    assert!(!valid, "bagit.py accepts a changed page:\n{report}");
    assert!(report.contains("index.html"), "{report}");
    let run = verify(&bag);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "ändrad: data/representations/site/data/index.html\n"
    );
    std::fs::write(&page, before).unwrap();

    // One byte of the METS file: both validators refuse it.
    change_one_byte(
        &package.join("METS.xml"),
        "TYPE=\"Websites\"",
        "TYPE=\"Websitez\"",
    );
    let (conforms, report) = eark_conforms(&package);
    assert!(
        !conforms,
        "the E-ARK validator accepts a package of no known content category:\n{report}"
    );
    let (valid, _) = bagit_validates(&bag);
    assert!(!valid, "bagit.py accepts a changed METS.xml");
}

/// The year of the corpus with the most confidential paragraphs, and the
/// case numbers that only confidential paragraphs name, of all the corpus.
fn year_with_secrets(content: &Path) -> (String, Vec<String>, Vec<PathBuf>) {
    let mut confidential_files = Vec::new();
    let mut open_cases = std::collections::BTreeSet::new();
    let mut secret_cases = std::collections::BTreeSet::new();
    for entry in walkdir::WalkDir::new(content.join("meetings")) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy();
        if !name.ends_with(".md") || name == "index.md" {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let case = text
            .lines()
            .find_map(|l| l.strip_prefix("case: \""))
            .map(|c| c.split(['-', '"']).next().unwrap().to_owned());
        let secret = text.lines().any(|l| l == "confidential: true");
        if secret {
            confidential_files.push(entry.path().strip_prefix(content).unwrap().to_path_buf());
        }
        match (case, secret) {
            (Some(c), true) => secret_cases.insert(c),
            (Some(c), false) => open_cases.insert(c),
            _ => false,
        };
    }
    let mut by_year = std::collections::BTreeMap::<String, usize>::new();
    for f in &confidential_files {
        *by_year
            .entry(f.iter().nth(1).unwrap().to_string_lossy().into_owned())
            .or_default() += 1;
    }
    let year = by_year.iter().max_by_key(|(_, n)| **n).unwrap().0.clone();
    let only_secret = secret_cases.difference(&open_cases).cloned().collect();
    let in_year = confidential_files
        .into_iter()
        .filter(|f| f.iter().nth(1).unwrap().to_string_lossy() == year)
        .collect();
    (year, only_secret, in_year)
}

#[test]
fn a_year_of_a_generated_corpus_holds_that_year_s_meetings_and_cases_and_nothing_confidential() {
    let corpus = corpus_2000();
    let content = corpus.portal.content();
    let (year, secret_cases, secret_files) = year_with_secrets(&content);
    assert!(!secret_files.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let bag = dir.path().join("arsleverans");
    let run = archive(
        dir.path(),
        &[
            "--content",
            content.to_str().unwrap(),
            "--year",
            &year,
            "--out",
            "arsleverans",
        ],
    )
    .success();
    assert!(run.stdout.contains(&format!("({year})")), "{}", run.stdout);
    let (valid, report) = bagit_validates(&bag);
    assert!(valid, "bagit.py rejects the year's package:\n{report}");
    let (conforms, report) = eark_conforms(&bag.join("data"));
    assert!(
        conforms,
        "the E-ARK validator rejects the year's package:\n{report}"
    );

    // The year's meetings, and only those, in the portal and in its source.
    let site = bag.join("data/representations/site/data");
    let source = bag.join("data/representations/source/data");
    let meetings: Vec<String> = std::fs::read_dir(site.join("sammantraden"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.len() > 10 && n.as_bytes()[4] == b'-' && !n.ends_with(".ics"))
        .collect();
    let in_content = std::fs::read_dir(content.join("meetings").join(&year))
        .unwrap()
        .count();
    assert_eq!(meetings.len(), in_content, "{meetings:?}");
    assert!(
        meetings.iter().all(|m| m.starts_with(&format!("{year}-"))),
        "{meetings:?}"
    );
    let source_years: Vec<_> = std::fs::read_dir(source.join("meetings"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(source_years, vec![std::ffi::OsString::from(&year)]);
    // Every case a published paragraph of the year names has its page.
    let case_pages = std::fs::read_dir(site.join("arenden")).unwrap().count();
    assert!(case_pages > 10, "{case_pages} case pages");

    // No confidential paragraph's file in the source, and no case that
    // only confidential paragraphs name anywhere in the package.
    for f in &secret_files {
        assert!(
            !source.join(f).exists(),
            "{} is in the package",
            f.display()
        );
    }
    let everything = snapshot(&bag);
    for case in &secret_cases {
        let needle = case.as_bytes();
        for (file, bytes) in &everything {
            // `2024/33`, not the start of `2024/331`.
            let named = bytes
                .windows(needle.len() + 1)
                .any(|w| w.starts_with(needle) && !w[needle.len()].is_ascii_digit());
            assert!(
                !named,
                "{file} names {case}, which only confidential paragraphs name"
            );
        }
    }
}

#[test]
fn confidential_paragraphs_and_unpublished_files_never_reach_a_package_or_its_zip() {
    let portal = Portal::with_overlay("confidential");
    archive(portal.root(), &["--out", "paket"]).success();
    archive(portal.root(), &["--out", "paket.zip", "--zip"]).success();
    let mut files = snapshot(&portal.root().join("paket"));
    files.push((
        "paket.zip".into(),
        std::fs::read(portal.root().join("paket.zip")).unwrap(),
    ));
    let zip_text = unzip_all(&portal.root().join("paket.zip"));
    files.extend(zip_text);
    for (file, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for secret in [
            "HEMLIG",
            "hemlig",
            "2020/999",
            "intern-promemoria",
            "utkast.docx",
            "personalarende",
        ] {
            assert!(!text.contains(secret), "{file} holds {secret}");
        }
    }
}

/// Every entry of a zip file, by name, uncompressed.
fn unzip_all(path: &Path) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().to_owned(), bytes)
        })
        .collect()
}

#[test]
fn the_same_content_gives_the_same_package_and_the_same_zip_and_its_source_builds_the_same_portal()
{
    let portal = Portal::from_fixture("base");
    let root = portal.root();
    archive(root, &["--out", "a"]).success();
    archive(root, &["--out", "b"]).success();
    assert_eq!(
        snapshot(&root.join("a")),
        snapshot(&root.join("b")),
        "two packages of the same content differ"
    );
    let run = archive(root, &["--zip"]).success();
    let first_zip = root.join("provkommun-2020.zip");
    assert!(first_zip.is_file(), "{}", run.stdout);
    // The same name elsewhere: the folder in the zip is named after it.
    std::fs::create_dir(root.join("again")).unwrap();
    archive(root, &["--zip", "--out", "again/provkommun-2020.zip"]).success();
    let again = root.join("again/provkommun-2020.zip");
    let (one, two) = (
        std::fs::read(&first_zip).unwrap(),
        std::fs::read(again).unwrap(),
    );
    assert!(one == two, "two zips of the same content differ");
    let names: Vec<String> = unzip_all(&first_zip).into_iter().map(|(n, _)| n).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "the zip's entries are not in path order");
    assert!(
        names.iter().all(|n| n.starts_with("provkommun-2020/")),
        "{names:?}"
    );
    let run = verify(&first_zip).success();
    assert!(run.stdout.contains("är helt"), "{}", run.stdout);

    // The source in the package builds the portal in it, byte for byte.
    let source = root.join("a/data/representations/source/data");
    let rebuilt = root.join("rebuilt");
    Run::new(
        insyn()
            .args(["build", "--content"])
            .arg(&source)
            .arg("--output")
            .arg(&rebuilt)
            .output()
            .unwrap(),
    )
    .success();
    // (A build marks its output folder as its own; the package does not.)
    std::fs::remove_file(rebuilt.join(".insyn-output")).unwrap();
    assert_eq!(
        snapshot(&rebuilt),
        snapshot(&root.join("a/data/representations/site/data"))
    );
}

#[test]
fn verify_names_each_changed_missing_and_added_file_and_fails() {
    let portal = Portal::from_fixture("base");
    let root = portal.root();
    archive(root, &["--out", "paket"]).success();
    let package = root.join("paket");
    let site = package.join("data/representations/site/data");
    change_one_byte(&site.join("arenden/index.html"), "<html", "<htmL");
    std::fs::remove_file(package.join("data/representations/source/data/site.yaml")).unwrap();
    std::fs::write(site.join("extra.html"), "<p>tillagd</p>").unwrap();
    std::fs::write(
        package.join("bag-info.txt"),
        "Source-Organization: Någon annan\n",
    )
    .unwrap();
    let run = verify(&package);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        run.stdout,
        "ändrad: bag-info.txt\n\
         ändrad: data/representations/site/data/arenden/index.html\n\
         tillagd: data/representations/site/data/extra.html\n\
         saknas: data/representations/source/data/site.yaml\n"
    );
    assert!(
        run.stderr.contains("paket är inte helt: 4 filer av"),
        "{}",
        run.stderr
    );
    let english = Run::new(
        insyn()
            .args(["--lang", "en", "archive", "--verify"])
            .arg(&package)
            .output()
            .unwrap(),
    );
    assert!(
        english.stdout.starts_with("changed: bag-info.txt\n"),
        "{}",
        english.stdout
    );

    // Without its payload manifest nothing under data/ can be checked: the
    // manifest is named, not every file it would have listed.
    archive(root, &["--out", "utan-manifest"]).success();
    std::fs::remove_file(root.join("utan-manifest/manifest-sha256.txt")).unwrap();
    let run = verify(&root.join("utan-manifest"));
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "saknas: manifest-sha256.txt\n");

    let run = verify(&root.join("content"));
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content är inget arkivpaket: det saknar bagit.txt"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_year_an_existing_package_and_content_errors_write_nothing() {
    let portal = Portal::from_fixture("base");
    let root = portal.root();
    let before = snapshot(root);
    let run = archive(root, &["--year", "2019"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "fel: portalen har inga sammanträden från 2019\n  = hjälp: menade du 2020? Portalen har sammanträden från 2020\nInget paket skrevs.\n"
    );
    assert_eq!(snapshot(root), before, "an unknown year wrote something");

    archive(root, &["--out", "paket"]).success();
    let package = snapshot(&root.join("paket"));
    let run = archive(root, &["--out", "paket"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("fel: paket finns redan\n  = hjälp: ett paket skrivs aldrig över"),
        "{}",
        run.stderr
    );
    assert_eq!(
        snapshot(&root.join("paket")),
        package,
        "an existing package was changed"
    );

    // A content error: reported at its file and line, and nothing written.
    let index = root.join("content/meetings/2020/2020-02-03-ks/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        text.replacen("status: minutes", "status: protokol", 1),
    )
    .unwrap();
    let run = archive(root, &["--out", "trasigt"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("meetings/2020/2020-02-03-ks/index.md:"),
        "{}",
        run.stderr
    );
    let left: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!left.iter().any(|n| n.contains("trasigt")), "{left:?}");
}

#[test]
fn in_a_year_s_package_a_link_to_another_year_leads_to_the_portal_on_the_web() {
    let dir = demo();
    let paragraph = dir
        .path()
        .join("content/meetings/2019/2019-06-17-kf/117-digital-strategi.md");
    let mut text = std::fs::read_to_string(&paragraph).unwrap();
    text.push_str(
        "\nSe [motionen](../../2018/2018-03-26-kf/063-motion-digital-medborgarportal.md) \
         och [mötet](/sammantraden/2018-03-26-kf/#p63).\n",
    );
    std::fs::write(&paragraph, text).unwrap();
    archive(dir.path(), &["--year", "2019", "--out", "2019"]).success();
    archive(dir.path(), &["--out", "alla"]).success();
    let page = |package: &str| {
        let rel = "data/representations/site/data/sammantraden/2019-06-17-kf/p117/index.html";
        std::fs::read_to_string(dir.path().join(package).join(rel)).unwrap()
    };
    let year = page("2019");
    assert!(
        year.contains(r#"href="https://insyn.example.se/sammantraden/2018-03-26-kf/p63/""#),
        "{year}"
    );
    assert!(
        year.contains(r#"href="https://insyn.example.se/sammantraden/2018-03-26-kf/#p63""#),
        "{year}"
    );
    // The whole portal has the paragraph: the links stay inside it.
    let whole = page("alla");
    assert!(
        whole.contains(r#"href="../../../sammantraden/2018-03-26-kf/p63/index.html""#),
        "{whole}"
    );
    assert!(
        !whole.contains("https://insyn.example.se/sammantraden/2018"),
        "{whole}"
    );
}
