//! Published PDFs: their text pages, the cache, the bounds that keep bad
//! files from holding up a build, and personal identity numbers inside them.

use std::fs;
use std::path::{Path, PathBuf};

use crate::util::{pdf_with_details, pdf_with_pages, shared, snapshot, visible_text, Portal};

const MEETING: &str = "meetings/2020/2020-02-03-ks";

/// A paragraph (§ 5 of the base portal's Ks meeting) whose documents are
/// the given files, put in the meeting folder.
fn paragraph_with_files(portal: &Portal, files: &[(String, Vec<u8>)], allow: &str) {
    let dir = portal.content().join(MEETING);
    let mut entries = String::new();
    for (name, bytes) in files {
        fs::write(dir.join(name), bytes).unwrap();
        entries.push_str(&format!(
            "  - file: \"{name}\"\n    title: \"Handling {name}\"\n{allow}"
        ));
    }
    fs::write(
        dir.join("005-handlingar.md"),
        format!("---\nparagraph: 5\ntitle: \"Handlingar\"\ndecision: noted\ndocuments:\n{entries}---\nHandlingarna läggs till handlingarna.\n"),
    )
    .unwrap();
}

/// Every real-world sample of ../shared/pdf-samples, and damaged copies.
fn samples_and_damaged_copies() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(shared().join("pdf-samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .map(|p| (file_name(&p), fs::read(&p).unwrap()))
        .collect();
    files.sort();
    assert!(files.len() >= 30, "only {} samples", files.len());
    let four_pages = fs::read(shared().join("pdf-samples/pdflatex-4-pages.pdf")).unwrap();
    files.push((
        "truncated.pdf".into(),
        four_pages[..four_pages.len() / 2].to_vec(),
    ));
    files.push(("zero-bytes.pdf".into(), Vec::new()));
    files.push(("not-a-pdf.pdf".into(), b"<html>oops</html>".to_vec()));
    let mut enormous = b"%PDF-1.7\n".to_vec();
    enormous.resize(40 * 1024 * 1024, b'0');
    files.push(("enormous.pdf".into(), enormous));
    files
}

/// The message line of the diagnostic located at `location`.
fn warning_for<'a>(stderr: &'a str, location: &str) -> &'a str {
    let lines: Vec<&str> = stderr.lines().collect();
    lines
        .iter()
        .position(|l| l.trim_start() == format!("--> {location}"))
        .and_then(|i| i.checked_sub(1))
        .map_or("(none)", |i| lines[i])
}

fn file_name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

fn page_of(name: &str) -> String {
    format!(
        "sammantraden/2020-02-03-ks/{}.html",
        name.trim_end_matches(".pdf")
    )
}

#[test]
fn every_real_world_pdf_is_published_with_a_text_page_and_none_stops_the_build() {
    let portal = Portal::from_fixture("base");
    let files = samples_and_damaged_copies();
    paragraph_with_files(&portal, &files, "");
    let run = portal.build();
    assert_eq!(run.code, 0, "{}", run.stderr);

    for (name, bytes) in &files {
        let copied = portal
            .output()
            .join("sammantraden/2020-02-03-ks")
            .join(name);
        assert_eq!(
            &fs::read(&copied).unwrap(),
            bytes,
            "{name} is published as it is"
        );
        let page = visible_text(&portal.read(&page_of(name)));
        assert!(page.contains(&format!("Handling {name}")), "{name}: {page}");
        assert!(page.contains("Ladda ner originalet"), "{name}");
    }
    // What could not be read is named in a warning and said on its page.
    for (name, why) in [
        (
            "libreoffice-writer-password.pdf",
            "encrypted with a password",
        ),
        ("cmyk-image.pdf", "no text, only images"),
        ("truncated.pdf", "damaged or truncated"),
        ("zero-bytes.pdf", "empty (0 bytes)"),
        ("not-a-pdf.pdf", "not a PDF"),
        ("enormous.pdf", "damaged or truncated"),
    ] {
        let warning = warning_for(&run.stderr, &format!("{MEETING}/{name}"));
        assert!(
            warning.starts_with("varning: ingen text gick att läsa ur den här PDF-filen: ")
                && warning.contains(why),
            "{name}: {warning}\n{}",
            run.stderr
        );
        let page = visible_text(&portal.read(&page_of(name)));
        assert!(
            page.contains("Ingen text kunde läsas ur filen"),
            "{name}: {page}"
        );
        assert!(page.contains(why), "{name}: {page}");
    }
    // Text, page by page.
    let four = visible_text(&portal.read(&page_of("pdflatex-4-pages.pdf")));
    for n in 1..=4 {
        assert!(four.contains(&format!("Sida {n}")), "{four}");
    }
    assert!(!four.contains("Sida 5"));
    let google = visible_text(&portal.read(&page_of("google-doc-document.pdf")));
    assert!(
        google.contains("Beautiful is better than ugly."),
        "{google}"
    );
    // The paragraph links to both the PDF and its text, with its page count.
    let paragraph = portal.read("sammantraden/2020-02-03-ks/p5/index.html");
    for link in ["google-doc-document.pdf", "google-doc-document.html"] {
        let href = format!("href=\"../../../sammantraden/2020-02-03-ks/{link}\"");
        assert!(paragraph.contains(&href), "{href} in {paragraph}");
    }
    assert!(visible_text(&paragraph).contains("4 sidor"), "{paragraph}");
    // The text is searchable: the document is in the index.
    let index: String = snapshot(&portal.output().join("sok/index/d"))
        .into_iter()
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect();
    assert!(index.contains("\"document\",\"Handling google-doc-document.pdf\""));
    assert!(index.contains("Beautiful is better than ugly."));
}

#[test]
fn a_rebuild_reads_only_the_pdfs_that_changed() {
    let portal = Portal::from_fixture("base");
    let first = portal.build().success();
    assert!(
        first.stdout.contains("2 PDFs: 2 read, 0 from the cache"),
        "{}",
        first.stdout
    );
    let second = portal.build().success();
    assert!(
        second.stdout.contains("2 PDFs: 0 read, 2 from the cache"),
        "{}",
        second.stdout
    );
    fs::write(
        portal.content().join(MEETING).join("budgetforslag.pdf"),
        pdf_with_pages(&["Reviderat budgetförslag"]),
    )
    .unwrap();
    let third = portal.build().success();
    assert!(
        third.stdout.contains("2 PDFs: 1 read, 1 from the cache"),
        "{}",
        third.stdout
    );
    assert!(
        visible_text(&portal.read("sammantraden/2020-02-03-ks/budgetforslag.html"))
            .contains("Reviderat budgetförslag")
    );
    // The cache lives beside the content, never in the output.
    assert!(portal.root().join(".insyn-cache/pdf").is_dir());
    assert!(!snapshot(&portal.output())
        .iter()
        .any(|(n, _)| n.contains("insyn-cache")));
}

#[test]
fn a_pdf_over_its_time_or_memory_bound_is_stopped_and_still_published() {
    let portal = Portal::from_fixture("base");
    let slow = portal.insyn_with_env(&["build"], &[("INSYN_PDF_TIMEOUT", "0")]);
    assert_eq!(slow.code, 0, "{}", slow.stderr);
    assert!(
        slow.stderr
            .contains("took longer than 0 s, so it was stopped"),
        "{}",
        slow.stderr
    );
    assert!(portal
        .output()
        .join("sammantraden/2020-02-03-ks/budgetforslag.pdf")
        .is_file());
    // A time-out is not cached: the next build reads the files again (a
    // file may finish even within a zero time-out, and then it is cached).
    let stopped = slow.stderr.matches("so it was stopped").count();
    let next = portal.build().success();
    assert!(
        next.stdout.contains(&format!("{stopped} read")),
        "{stopped} stopped, then: {}",
        next.stdout
    );

    let portal = Portal::from_fixture("base");
    let big = fs::read(shared().join("pdf-samples/GeoTopo-komprimiert.pdf")).unwrap();
    paragraph_with_files(&portal, &[("geotopo.pdf".into(), big)], "");
    let hungry = portal.insyn_with_env(&["build"], &[("INSYN_PDF_MEMORY_MB", "8")]);
    assert_eq!(hungry.code, 0, "{}", hungry.stderr);
    assert!(
        hungry.stderr.contains("needs more than 8 MiB of memory"),
        "{}",
        hungry.stderr
    );
}

#[test]
fn a_personnummer_in_a_pdf_stops_the_build_with_the_page_unless_its_document_allows_it() {
    let portal = Portal::from_fixture("base");
    portal.build().success();
    let before = snapshot(&portal.output());
    let pdf = pdf_with_pages(&[
        "Ansökan om bidrag",
        "Sökande: Tolvan Tolvansson\n19121212-1212",
    ]);
    paragraph_with_files(&portal, &[("ansokan.pdf".into(), pdf.clone())], "");
    let run = portal.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(&format!(
            "fel: ett personnummer skulle publiceras: 19121212-****\n --> {MEETING}/ansokan.pdf, sidan 2\n"
        )),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("19121212-1212"),
        "the number is masked"
    );
    assert_eq!(
        snapshot(&portal.output()),
        before,
        "the output is unchanged"
    );
    assert_eq!(portal.insyn(&["check"]).code, 1, "check runs the same scan");

    paragraph_with_files(
        &portal,
        &[("ansokan.pdf".into(), pdf)],
        "    allow_personnummer: \"19121212-1212\"\n",
    );
    let allowed = portal.build();
    assert_eq!(allowed.code, 0, "{}", allowed.stderr);
    assert!(
        visible_text(&portal.read("sammantraden/2020-02-03-ks/ansokan.html"))
            .contains("19121212-1212")
    );
}

#[test]
fn a_confidential_paragraphs_documents_are_never_copied_read_or_cached() {
    let portal = Portal::with_overlay("confidential");
    portal.build().success();
    let cache: Vec<PathBuf> = fs::read_dir(portal.root().join(".insyn-cache/pdf"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let pages: Vec<String> = snapshot(&portal.output())
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| {
            n.ends_with(".html") && n.starts_with("sammantraden/") && !n.ends_with("index.html")
        })
        .collect();
    assert_eq!(cache.len(), pages.len(), "{cache:?} {pages:?}");
    for entry in cache {
        let text = fs::read_to_string(&entry).unwrap().to_lowercase();
        assert!(
            !text.contains("hemlig"),
            "{} holds a confidential document's text",
            entry.display()
        );
    }
}

#[test]
fn a_pdf_that_two_paragraphs_name_has_one_text_page_that_both_link_to() {
    let portal = Portal::from_fixture("base");
    let pdf = fs::read(portal.content().join(MEETING).join("budgetforslag.pdf")).unwrap();
    paragraph_with_files(&portal, &[("budgetforslag.pdf".into(), pdf)], "");
    let run = portal.build().success();
    assert!(run.stdout.contains("2 PDFs"), "{}", run.stdout);
    for paragraph in ["p1", "p5"] {
        let page = portal.read(&format!(
            "sammantraden/2020-02-03-ks/{paragraph}/index.html"
        ));
        assert!(
            page.contains("href=\"../../../sammantraden/2020-02-03-ks/budgetforslag.html\""),
            "{paragraph}: {page}"
        );
    }
}

#[test]
fn attachments_that_can_run_script_or_replace_a_page_are_refused_naming_both() {
    let portal = Portal::from_fixture("base");
    portal.build().success();
    let before = snapshot(&portal.output());
    fs::create_dir_all(portal.content().join(MEETING).join("p1")).unwrap();
    let files: Vec<(String, Vec<u8>)> = [
        (
            "karta.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
        ),
        ("bilaga.HTML", "<script>alert(1)</script>"),
        ("index.html", "<p>en annan sida</p>"),
        ("p1/index.html", "<p>en annan paragraf</p>"),
        ("budgetforslag.html", "<p>en annan text</p>"),
        ("program.exe", "MZ"),
    ]
    .into_iter()
    .map(|(name, text)| (name.to_string(), text.as_bytes().to_vec()))
    .collect();
    paragraph_with_files(&portal, &files, "");
    let run = portal.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let file = format!("{MEETING}/005-handlingar.md");
    for (line, message) in [
        (6, "fel: `karta.svg` kan köra skript i webbläsaren (HTML, SVG, XML) och publiceras därför inte"),
        (8, "fel: `bilaga.HTML` kan köra skript i webbläsaren (HTML, SVG, XML) och publiceras därför inte"),
        (10, "fel: `index.html` kan köra skript i webbläsaren (HTML, SVG, XML) och publiceras därför inte; den skulle dessutom ersätta sammanträdets sida"),
        (12, "fel: `p1/index.html` kan köra skript i webbläsaren (HTML, SVG, XML) och publiceras därför inte; den skulle dessutom ersätta sidan för § 1"),
        (14, "fel: `budgetforslag.html` kan köra skript i webbläsaren (HTML, SVG, XML) och publiceras därför inte; den skulle dessutom ersätta textsidan för budgetforslag.pdf"),
        (16, "fel: `program.exe` är inte en sorts fil som portalen publicerar"),
    ] {
        assert!(
            run.stderr.contains(&format!("{message}\n{} --> {file}:{line}:1\n", if line < 10 { "" } else { " " })),
            "{message}\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains(
            "= hjälp: spara den som PDF och publicera den; portalen publicerar pdf, doc, docx"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&portal.output()), before, "nothing was published");

    // Documents, spreadsheets and pictures are published as they are.
    let files: Vec<(String, Vec<u8>)> = ["yttrande.docx", "tabell.ODS", "karta.png", "data.csv"]
        .into_iter()
        .map(|name| (name.to_string(), b"PK\x03\x04".to_vec()))
        .collect();
    paragraph_with_files(&portal, &files, "");
    portal.build().success();
    for (name, bytes) in &files {
        assert_eq!(
            &fs::read(
                portal
                    .output()
                    .join("sammantraden/2020-02-03-ks")
                    .join(name)
            )
            .unwrap(),
            bytes
        );
    }
}

#[test]
fn a_personnummer_in_a_text_attachment_or_in_a_pdf_s_details_stops_the_build() {
    let portal = Portal::from_fixture("base");
    let number = "19121212-1212";
    let files = vec![
        (
            "intyg.txt".to_string(),
            format!("Intyg\n\nSökande: Tolvan Tolvansson, {number}\n").into_bytes(),
        ),
        (
            // Latin-1, as a spreadsheet program may save it.
            "lista.csv".to_string(),
            b"namn;nummer\nT\xf6lvan;191212121212\n".to_vec(),
        ),
        (
            "egenskaper.pdf".to_string(),
            pdf_with_details(&["Ansökan om bidrag"], Some(number), None),
        ),
        (
            "kommentar.pdf".to_string(),
            pdf_with_details(
                &["Ansökan", "Bilaga"],
                None,
                Some(&format!("Kolla {number}")),
            ),
        ),
    ];
    paragraph_with_files(&portal, &files, "");
    let run = portal.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (message, location) in [
        ("ett personnummer skulle publiceras: 19121212-****", format!("{MEETING}/intyg.txt:3:29")),
        ("ett personnummer skulle publiceras: 19121212****", format!("{MEETING}/lista.csv:2:8")),
        (
            "ett personnummer skulle publiceras i PDF-filens dokumentinformation (`Author`): 19121212-****",
            format!("{MEETING}/egenskaper.pdf"),
        ),
        (
            "ett personnummer skulle publiceras i PDF-filens kommentar eller anteckning: 19121212-****",
            format!("{MEETING}/kommentar.pdf, sidan 2"),
        ),
    ] {
        assert!(
            run.stderr.contains(&format!("fel: {message}\n --> {location}\n")),
            "{message} at {location}\n{}",
            run.stderr
        );
    }
    assert!(
        !run.stderr.contains("1212-1212") && !run.stderr.contains("121212121212"),
        "masked"
    );
    assert!(!portal.output().exists());

    paragraph_with_files(
        &portal,
        &files,
        &format!("    allow_personnummer: \"{number}\"\n"),
    );
    portal.build().success();
    assert!(portal
        .output()
        .join("sammantraden/2020-02-03-ks/intyg.txt")
        .is_file());
}

/// The headings (`<h4>`) and paragraphs (`<p>`) of a PDF's text page, as
/// (is a heading, text), page by page.
fn text_blocks(html: &str) -> Vec<Vec<(bool, String)>> {
    let start = html.find("id=\"document-text\"").expect("a text section");
    let pages = html[start..].split("<section class=\"pdf-page\"").skip(1);
    pages
        .map(|page| {
            let page = &page[..page.find("</section>").unwrap_or(page.len())];
            let mut blocks = Vec::new();
            for (open, close, heading) in [("<h4>", "</h4>", true), ("<p>", "</p>", false)] {
                let mut rest = page;
                while let Some(at) = rest.find(open) {
                    let after = &rest[at + open.len()..];
                    let end = after.find(close).unwrap();
                    blocks.push((
                        at + (page.len() - rest.len()),
                        heading,
                        after[..end].to_owned(),
                    ));
                    rest = &after[end..];
                }
            }
            blocks.sort();
            blocks.into_iter().map(|(_, h, t)| (h, t)).collect()
        })
        .collect()
}

#[test]
fn a_pdf_s_text_page_keeps_its_paragraphs_and_headings() {
    let portal = Portal::from_fixture("base");
    let names = [
        "multicolumn.pdf",
        "crazyones-pdfa.pdf",
        "google-doc-document.pdf",
        "pdflatex-4-pages.pdf",
        "pdflatex-outline.pdf",
    ];
    let files: Vec<(String, Vec<u8>)> = (names.iter())
        .map(|n| {
            (
                n.to_string(),
                fs::read(shared().join("pdf-samples").join(n)).unwrap(),
            )
        })
        .collect();
    paragraph_with_files(&portal, &files, "");
    portal.build().success();
    let blocks = |name: &str| text_blocks(&portal.read(&page_of(name)));

    // A two-column article: its title, abstract heading and paragraphs.
    let multicolumn = blocks("multicolumn.pdf");
    let first = &multicolumn[0];
    assert_eq!(
        first[0],
        (true, "Two-Column Document with Lorem Ipsum".into())
    );
    assert!(first.contains(&(true, "Abstract".into())), "{first:?}");
    let paragraphs = first.iter().filter(|(h, _)| !h).count();
    assert!(paragraphs >= 4, "{first:#?}");
    // A PDF/A poem: title, date, then its text.
    let crazy = &blocks("crazyones-pdfa.pdf")[0];
    assert_eq!(crazy[0], (true, "The Crazy Ones".into()));
    assert!(crazy[2].1.starts_with("Here"), "{crazy:?}");
    // Google Docs sets each glyph alone: the words stay whole.
    let google = &blocks("google-doc-document.pdf")[0];
    assert_eq!(google[0], (true, "Example document".into()));
    assert!(
        google[1]
            .1
            .starts_with("Beautiful is better than ugly. Explicit is better than implicit."),
        "{google:?}"
    );
    assert!(
        google.len() >= 10,
        "the table's rows stay apart: {google:#?}"
    );
    // pdflatex: one long paragraph a page, its page number apart.
    let four = blocks("pdflatex-4-pages.pdf");
    assert_eq!(four.len(), 4);
    for (n, page) in four.iter().enumerate() {
        assert_eq!(page.last().unwrap().1, (n + 1).to_string(), "{page:?}");
    }
    // Sections of a LaTeX document are headings with their text apart.
    let outline: Vec<(bool, String)> = blocks("pdflatex-outline.pdf").concat();
    let headings = outline.iter().filter(|(h, _)| *h).count();
    assert!(headings >= 2, "{outline:#?}");
}
