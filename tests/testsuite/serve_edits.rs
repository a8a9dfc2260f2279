//! The preview is exact: random sequences of edits to a generated corpus
//! (paragraphs, meetings, documents, case files, free pages, site.yaml,
//! bodies.yaml and a template),
//! saved while `insyn serve` runs, leave the output folder byte for byte
//! what a clean `insyn build` of the same content writes.
//!
//! Edits inside paragraphs (text, title, case, decision, confidentiality,
//! a document's title, a PDF attached, saved again or removed), § files added,
//! removed or renamed in a meeting, meetings added, removed or moved, a
//! meeting's header, case files, the text of free pages and templates
//! are patched in rather than built again; a second
//! property test saves them one at a time, checks that the preview took
//! that path, and compares the output after each.
//!
//! `INSYN_EDIT_SEED` picks the sequences (printed on failure);
//! `INSYN_EDIT_ROUNDS` how many (default 6).

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::util::{insyn, shared, snapshot};

/// A small deterministic random source (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }
}

/// A generated portal: `content/` and a theme override in `themes/default/`.
fn portal(dir: &Path) {
    portal_of(dir, 150);
}

/// A generated portal of this many paragraphs, with a template of its own.
fn portal_of(dir: &Path, paragraphs: usize) {
    let status = std::process::Command::new("python3")
        .arg(shared().join("tools/gen-corpus.py"))
        .args(["--out"])
        .arg(dir.join("content"))
        .args(["--paragraphs", &paragraphs.to_string()])
        .args(["--pdf-ratio", "0.05", "--seed", "7"])
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let templates = dir.join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("page.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ title }}</h1>\n<div class=\"prose\">{{ html | safe }}</div>\n{% endblock content %}\n",
    )
    .unwrap();
}

fn paragraph_files(content: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(content.join("meetings"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                && p.file_name().is_some_and(|n| n != "index.md")
        })
        .collect();
    files.sort();
    files
}

fn meeting_folders(content: &Path) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = walkdir::WalkDir::new(content.join("meetings"))
        .min_depth(2)
        .max_depth(2)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect();
    folders.sort();
    folders
}

/// Replace the front matter line that starts with `key:` (or add it).
fn set_key(file: &Path, key: &str, value: Option<&str>) {
    let text = std::fs::read_to_string(file).unwrap();
    let (front, body) = text[4..].split_once("\n---\n").unwrap();
    let mut lines: Vec<String> = front
        .lines()
        .filter(|l| !l.starts_with(&format!("{key}:")))
        .map(str::to_owned)
        .collect();
    if let Some(v) = value {
        lines.push(format!("{key}: {v}"));
    }
    std::fs::write(file, format!("---\n{}\n---\n{body}", lines.join("\n"))).unwrap();
}

fn key_of(file: &Path, key: &str) -> Option<String> {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key}: ")).map(str::to_owned))
}

/// A December day (the `n`-th) of `year`, or of the meeting folder `m`'s
/// year, and the folder a meeting of `m`'s body would have that day.
fn december_folder(m: &Path, n: u32, year: Option<i32>) -> (String, PathBuf) {
    let name = m.file_name().unwrap().to_string_lossy().into_owned();
    let year = year.map_or(name[..4].to_owned(), |y| y.to_string());
    let date = format!("{year}-12-{:02}", 1 + (n % 28));
    let years = m.parent().unwrap();
    let to = years
        .with_file_name(&year)
        .join(format!("{date}-{}", &name[11..]));
    (date, to)
}

/// The year after the portal's newest meetings (`n` % 3 == 1), the year
/// before its oldest (2), or `None`: the meeting's own.
fn another_year(content: &Path, n: u32) -> Option<i32> {
    let years: Vec<i32> = meeting_folders(content)
        .iter()
        .map(|m| {
            m.file_name().unwrap().to_string_lossy()[..4]
                .parse()
                .unwrap()
        })
        .collect();
    match n % 3 {
        1 => years.iter().max().map(|y| y + 1),
        2 => years.iter().min().map(|y| y - 1),
        _ => None,
    }
}

/// A new meeting of the same body as the meeting folder `from`, in `year`
/// (its own when `None`), on a December day, with its header and
/// `paragraphs` new § files (numbered from 900 + `n`, naming a new case
/// and one of `from`'s); `None` when the body meets that day already.
fn add_meeting(from: &Path, n: u32, paragraphs: u32, year: Option<i32>) -> Option<PathBuf> {
    let (date, to) = december_folder(from, n, year);
    if to.exists() {
        return None;
    }
    std::fs::create_dir_all(&to).unwrap();
    let index = std::fs::read_to_string(from.join("index.md")).unwrap();
    let index: String = index
        .lines()
        .map(|l| {
            if l.starts_with("date:") {
                format!("date: {date}")
            } else if ["certified:", "announced:", "agenda_announced:"]
                .iter()
                .any(|k| l.starts_with(k))
            {
                String::new()
            } else {
                l.to_owned()
            }
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(to.join("index.md"), index + "\n").unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(from)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|f| f.extension().is_some_and(|e| e == "md") && !f.ends_with("index.md"))
        .collect();
    files.sort();
    let old_case = files.iter().find_map(|f| key_of(f, "case"));
    for k in 0..paragraphs {
        let number = 900 + n * 4 + k;
        let case = match (k, &old_case) {
            (1, Some(case)) => case.clone(),
            _ => format!("\"2031/{number}\""),
        };
        std::fs::write(
            to.join(format!("{number}-nytt-arende.md")),
            format!("---\nparagraph: {number}\ntitle: \"Nytt ärende {n}\"\ncase: {case}\ndecision: approved\n---\nNy text {n}.\n"),
        )
        .unwrap();
    }
    Some(to)
}

/// Move a meeting folder to a December day of `year` (its own when
/// `None`): its folder renamed and its date changed; `None` when its body
/// meets that day already.
fn move_meeting(m: &Path, n: u32, year: Option<i32>) -> Option<PathBuf> {
    let (date, to) = december_folder(m, n, year);
    if to.exists() {
        return None;
    }
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::rename(m, &to).unwrap();
    set_key(&to.join("index.md"), "date", Some(&date));
    set_key(&to.join("index.md"), "certified", None);
    set_key(&to.join("index.md"), "announced", None);
    set_key(&to.join("index.md"), "agenda_announced", None);
    Some(to)
}

/// Announce a meeting on the notice board, or take its announcement back:
/// held minutes get `announced:` (a few days after certification), a
/// coming meeting `agenda_announced:` (some days before it).
fn toggle_announcement(index: &Path, n: u32) -> String {
    let day = |key| key_of(index, key).and_then(|d| d.parse::<chrono::NaiveDate>().ok());
    let date = day("date").expect("a meeting has a date");
    let held = key_of(index, "status").as_deref() != Some("agenda");
    let (key, value) = if held {
        let from = day("certified").unwrap_or(date);
        ("announced", from + chrono::Days::new(u64::from(n % 4)))
    } else {
        (
            "agenda_announced",
            date - chrono::Days::new(u64::from(1 + n % 10)),
        )
    };
    if key_of(index, key).is_some() {
        set_key(index, key, None);
        format!("take back {key} of {}", index.display())
    } else {
        set_key(index, key, Some(&value.to_string()));
        format!("set {key}: {value} on {}", index.display())
    }
}

/// One random edit of the kinds a clerk makes; returns what it did.
fn edit(rng: &mut Rng, root: &Path, serial: &mut u32) -> String {
    let content = root.join("content");
    let paragraphs = paragraph_files(&content);
    let meetings = meeting_folders(&content);
    *serial += 1;
    let n = *serial;
    let Some(p) = rng.pick(&paragraphs).cloned() else {
        return "nothing to edit".into();
    };
    match rng.below(18) {
        0 => {
            let mut text = std::fs::read_to_string(&p).unwrap();
            text.push_str(&format!("\nTillägg nummer {n} om gatubelysning.\n"));
            std::fs::write(&p, text).unwrap();
            format!("edit the text of {}", p.display())
        }
        1 => {
            set_key(&p, "title", Some(&format!("\"Ändrad rubrik {n}\"")));
            format!("retitle {}", p.display())
        }
        2 => {
            let cases: Vec<String> = paragraphs
                .iter()
                .filter_map(|f| key_of(f, "case"))
                .collect();
            let case = if rng.below(2) == 0 {
                rng.pick(&cases)
                    .cloned()
                    .unwrap_or_else(|| "\"2031/1\"".into())
            } else {
                format!("\"2031/{n}\"")
            };
            set_key(&p, "case", Some(&case));
            format!("set case {case} on {}", p.display())
        }
        3 => {
            let decision = ["approved", "rejected", "noted", "referred", "proposed"][rng.below(5)];
            set_key(&p, "decision", Some(decision));
            format!("set decision {decision} on {}", p.display())
        }
        4 => {
            let confidential = key_of(&p, "confidential").is_some();
            set_key(&p, "confidential", (!confidential).then_some("true"));
            format!("toggle confidential on {}", p.display())
        }
        5 => {
            let folder = p.parent().unwrap();
            let number = 800 + n;
            let text = std::fs::read_to_string(&p).unwrap().replacen(
                &format!("paragraph: {}", key_of(&p, "paragraph").unwrap()),
                &format!("paragraph: {number}"),
                1,
            );
            std::fs::write(folder.join(format!("{number}-ny-paragraf.md")), text).unwrap();
            format!("add § {number} to {}", folder.display())
        }
        6 => {
            std::fs::remove_file(&p).unwrap();
            format!("delete {}", p.display())
        }
        7 => {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let renamed = p.with_file_name(name.replacen(".md", &format!("-{n}.md"), 1));
            std::fs::rename(&p, &renamed).unwrap();
            format!("rename {} to {}", p.display(), renamed.display())
        }
        8 => {
            let from = rng.pick(&meetings).unwrap().clone();
            match add_meeting(&from, n, 1, None) {
                Some(to) => format!("add meeting {}", to.display()),
                None => "no new meeting (date taken)".into(),
            }
        }
        9 => {
            let m = rng.pick(&meetings).unwrap().clone();
            std::fs::remove_dir_all(&m).unwrap();
            format!("delete meeting {}", m.display())
        }
        10 => {
            let m = rng.pick(&meetings).unwrap().clone();
            match move_meeting(&m, n, None) {
                Some(to) => format!("move meeting {} to {}", m.display(), to.display()),
                None => "no meeting moved (date taken)".into(),
            }
        }
        11 => {
            let folder = p.parent().unwrap();
            let pdf = walkdir::WalkDir::new(content.join("meetings"))
                .into_iter()
                .filter_map(Result::ok)
                .find(|e| e.path().extension().is_some_and(|x| x == "pdf"));
            let text = std::fs::read_to_string(&p).unwrap();
            let entry = match pdf {
                Some(pdf) => {
                    std::fs::copy(pdf.path(), folder.join(format!("bilaga-{n}.pdf"))).unwrap();
                    format!("  - file: bilaga-{n}.pdf\n    title: \"Bilaga {n}\"\n")
                }
                None => format!("  - title: \"Bilaga {n}\"\n"),
            };
            let text = if text.contains("\ndocuments:\n") {
                text.replacen("\ndocuments:\n", &format!("\ndocuments:\n{entry}"), 1)
            } else {
                text.replacen("\n---\n", &format!("\ndocuments:\n{entry}---\n"), 1)
            };
            std::fs::write(&p, text).unwrap();
            format!("add a document to {}", p.display())
        }
        12 => {
            let text = std::fs::read_to_string(&p).unwrap();
            let mut kept = Vec::new();
            let mut in_documents = false;
            for line in text.lines() {
                if line == "documents:" {
                    in_documents = true;
                    continue;
                }
                if in_documents && line.starts_with("  ") {
                    continue;
                }
                in_documents = false;
                kept.push(line);
            }
            std::fs::write(&p, kept.join("\n") + "\n").unwrap();
            format!("remove the documents of {}", p.display())
        }
        13 => edit_case_file(rng, &content, n).0,
        14 => {
            if rng.below(2) == 0 {
                set_site_title(&content, n);
                "edit site.yaml".into()
            } else {
                let bodies = std::fs::read_to_string(content.join("bodies.yaml")).unwrap();
                let bodies = bodies.replacen("name: \"", &format!("name: \"Nya {n} "), 1);
                std::fs::write(content.join("bodies.yaml"), bodies).unwrap();
                "edit bodies.yaml".into()
            }
        }
        15 => {
            let pages = content.join("pages");
            match rng.below(3) {
                0 => {
                    std::fs::write(
                        pages.join(format!("ny-sida-{n}.md")),
                        format!("---\ntitle: \"Ny sida {n}\"\n---\nText {n}.\n"),
                    )
                    .unwrap();
                    format!("add the page ny-sida-{n}")
                }
                1 => {
                    let page = pages.join("om-portalen.md");
                    if page.exists() {
                        let text = std::fs::read_to_string(&page).unwrap();
                        std::fs::write(&page, format!("{text}\nÄndrad {n}.\n")).unwrap();
                    }
                    "edit a page".into()
                }
                _ => {
                    let extra: Vec<PathBuf> = std::fs::read_dir(&pages)
                        .unwrap()
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| p.to_string_lossy().contains("ny-sida-"))
                        .collect();
                    match rng.pick(&extra) {
                        Some(page) => {
                            std::fs::remove_file(page).unwrap();
                            format!("delete the page {}", page.display())
                        }
                        None => "no page to delete".into(),
                    }
                }
            }
        }
        16 => toggle_announcement(&p.with_file_name("index.md"), n),
        _ => {
            let template = root.join("themes/default/templates/page.html");
            let text = std::fs::read_to_string(&template).unwrap();
            std::fs::write(
                &template,
                text.replace("<h1>", &format!("<h1 data-v=\"{n}\">"))
                    .replace(&format!("data-v=\"{}\" ", n - 1), ""),
            )
            .unwrap();
            "edit a template".into()
        }
    }
}

/// The cases published paragraphs name, each as written (one id, without
/// a body prefix) with the slug of its case file, in a stable order.
fn published_cases(content: &Path) -> Vec<(String, String)> {
    let mut cases: Vec<(String, String)> = paragraph_files(content)
        .iter()
        .filter(|p| key_of(p, "confidential").is_none())
        .filter_map(|p| key_of(p, "case"))
        .filter(|c| c.starts_with("\"2") && !c.contains(','))
        .map(|c| {
            let id = c.trim_matches('"').split('-').next().unwrap().to_owned();
            (c.clone(), id.replace('/', "-"))
        })
        .collect();
    cases.sort();
    cases.dedup_by(|a, b| a.1 == b.1);
    cases
}

/// An edit of a case file: its title, status, related cases, summary or
/// tags, the file removed, or a new one for a case without. Returns what
/// it did, and whether it must be patched (every edit a build does not
/// warn about).
fn edit_case_file(rng: &mut Rng, content: &Path, n: u32) -> (String, bool) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(content.join("cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let cases = published_cases(content);
    let named = |file: &Path| {
        let slug = file.file_stem().unwrap().to_string_lossy();
        cases.iter().any(|(_, s)| *s == slug)
    };
    let Some(file) = rng.pick(&files).cloned() else {
        return ("no case file".into(), false);
    };
    // Only a file about a published case is patched: the build warns
    // about the others.
    let must = named(&file);
    let what = match rng.below(7) {
        0 => {
            set_key(
                &file,
                "title",
                Some(&format!("\"Ärendets nya rubrik {n}\"")),
            );
            "retitle"
        }
        1 => {
            let status = ["open", "decided", "withdrawn", ""][rng.below(4)];
            set_key(&file, "status", (!status.is_empty()).then_some(status));
            "set the status of"
        }
        2 => {
            let related = match rng.pick(&cases) {
                Some((written, _)) if rng.below(3) > 0 => Some(format!("[{written}]")),
                _ => None,
            };
            set_key(&file, "related", related.as_deref());
            "relate"
        }
        3 => {
            let text = std::fs::read_to_string(&file).unwrap();
            std::fs::write(
                &file,
                format!("{text}\nSammanfattning {n} om **skolskjuts**.\n"),
            )
            .unwrap();
            "add to the summary of"
        }
        4 => {
            set_key(
                &file,
                "tags",
                Some(&format!("[\"tagg{}\", \"skola\"]", n % 3)),
            );
            "tag"
        }
        5 => {
            std::fs::remove_file(&file).unwrap();
            "remove"
        }
        _ => {
            let without = cases
                .iter()
                .filter(|(_, slug)| !content.join(format!("cases/{slug}.md")).exists())
                .collect::<Vec<_>>();
            let Some((written, slug)) = rng.pick(&without).cloned() else {
                return ("no case without a case file".into(), false);
            };
            let new = content.join(format!("cases/{slug}.md"));
            let text =
                format!("---\ncase: {written}\ntitle: \"Nytt ärende {n}\"\n---\nOm ärendet {n}.\n");
            std::fs::write(&new, text).unwrap();
            return (format!("add the case file {}", new.display()), true);
        }
    };
    (format!("{what} the case file {}", file.display()), must)
}

/// An edit inside one paragraph file, or of one § file, as the patch path
/// takes them.
/// Returns what it did, and whether it must be patched (it can change no
/// case, paragraph or attachment set).
fn edit_in_place(rng: &mut Rng, root: &Path, n: u32) -> (String, bool) {
    let paragraphs = paragraph_files(&root.join("content"));
    let p = rng.pick(&paragraphs).unwrap().clone();
    // A new case, or another case, is patched in when the paragraph's case
    // keeps another paragraph (a case left without any goes, and is
    // patched out too unless it has a case file: then the model is built
    // again, for the file's warning).
    let case_stays = || {
        let case = key_of(&p, "case");
        key_of(&p, "confidential").is_none()
            && case.is_some()
            && paragraphs
                .iter()
                .filter(|f| **f != p)
                .any(|f| key_of(f, "case") == case)
    };
    match rng.below(22) {
        21 => {
            // The theme's style sheet saved, or a picture added or removed.
            let static_dir = root.join("themes/default/static");
            std::fs::create_dir_all(&static_dir).unwrap();
            let picture = static_dir.join("bild.svg");
            if n % 2 == 0 {
                let built_in =
                    Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/style.css");
                let css = std::fs::read_to_string(built_in).unwrap();
                std::fs::write(static_dir.join("style.css"), format!("{css}\n/* {n} */\n"))
                    .unwrap();
                ("save the theme's style.css".into(), true)
            } else if picture.exists() {
                std::fs::remove_file(&picture).unwrap();
                ("remove the theme's bild.svg".into(), true)
            } else {
                std::fs::write(&picture, format!("<svg><title>{n}</title></svg>")).unwrap();
                ("add the theme's bild.svg".into(), true)
            }
        }
        20 => {
            // A new version of an attachment saved over it: another of the
            // corpus's PDFs, whose text differs.
            let mut pdfs: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content/meetings"))
                .into_iter()
                .filter_map(Result::ok)
                .map(walkdir::DirEntry::into_path)
                .filter(|path| path.extension().is_some_and(|x| x == "pdf"))
                .collect();
            pdfs.sort();
            let target = rng.pick(&pdfs).cloned();
            let others: Vec<&PathBuf> = pdfs
                .iter()
                .filter(|o| Some(*o) != target.as_ref())
                .collect();
            let (Some(target), Some(other)) = (target, rng.pick(&others)) else {
                return ("no PDF to save over".into(), false);
            };
            std::fs::copy(other, &target).unwrap();
            let what = format!("save {} over {}", other.display(), target.display());
            (what, true)
        }
        19 => {
            let template = root.join("themes/default/templates/page.html");
            let text = std::fs::read_to_string(&template).unwrap();
            let marked = format!("<div data-v=\"{n}\">");
            std::fs::write(
                &template,
                text.replacen("<div", &marked[..marked.len() - 1], 1),
            )
            .unwrap();
            ("edit the free pages' template".into(), true)
        }
        18 => {
            let page = root.join("content/pages/om-portalen.md");
            let text = std::fs::read_to_string(&page).unwrap();
            std::fs::write(&page, format!("{text}\nÄndrad {n} om *öppna data*.\n")).unwrap();
            (format!("edit the text of {}", page.display()), true)
        }
        17 => edit_case_file(rng, &root.join("content"), n),
        15 => {
            // A meeting deleted (perhaps its year's last): patched unless a
            // case that goes with it has a case file or related cases.
            let folder = p.parent().unwrap().to_path_buf();
            std::fs::remove_dir_all(&folder).unwrap();
            (format!("delete meeting {}", folder.display()), false)
        }
        16 => {
            // To a December day of its year, of a new year after every
            // other, or of one before.
            let folder = p.parent().unwrap().to_path_buf();
            let year = another_year(&root.join("content"), n);
            match move_meeting(&folder, n, year) {
                Some(to) => (
                    format!("move meeting {} to {}", folder.display(), to.display()),
                    false,
                ),
                None => ("no meeting moved (date taken)".into(), false),
            }
        }
        14 => {
            // A new meeting in a year that has meetings, in a new year
            // after every other or before: without §, with a new case, or
            // also with one of another meeting's cases.
            let from = p.parent().unwrap();
            let year = another_year(&root.join("content"), n / 3);
            match add_meeting(from, n, n % 3, year) {
                Some(to) => (
                    format!("add meeting {} with {} §", to.display(), n % 3),
                    true,
                ),
                None => ("no new meeting (date taken)".into(), false),
            }
        }
        13 => {
            // The meeting's header: its place, its time, or whether it is
            // announced or held (which its cases' status follows).
            let index = p.with_file_name("index.md");
            match rng.below(4) {
                0 => set_key(&index, "location", Some(&format!("\"Sal {n}\""))),
                1 => set_key(&index, "time", Some(&format!("\"18:{:02}\"", n % 60))),
                2 => {
                    let held = key_of(&index, "status").as_deref() != Some("agenda");
                    set_key(
                        &index,
                        "status",
                        Some(if held { "agenda" } else { "minutes" }),
                    );
                    // Minutes not yet held are not announced.
                    set_key(&index, "announced", None);
                }
                _ => {
                    toggle_announcement(&index, n);
                }
            }
            (format!("edit the header of {}", index.display()), true)
        }
        11 => {
            // A PDF saved beside the minutes, then named by the paragraph.
            let pdf = walkdir::WalkDir::new(root.join("content/meetings"))
                .into_iter()
                .filter_map(Result::ok)
                .find(|e| e.path().extension().is_some_and(|x| x == "pdf"));
            let Some(pdf) = pdf else {
                return ("no PDF to copy".into(), false);
            };
            let file = format!("bilaga-{n}.pdf");
            std::fs::copy(pdf.path(), p.with_file_name(&file)).unwrap();
            let entry = format!("  - file: {file}\n    title: \"Bilaga {n}\"\n");
            let text = std::fs::read_to_string(&p).unwrap();
            let text = if text.contains("\ndocuments:\n") {
                text.replacen("\ndocuments:\n", &format!("\ndocuments:\n{entry}"), 1)
            } else {
                text.replacen("\n---\n", &format!("\ndocuments:\n{entry}---\n"), 1)
            };
            std::fs::write(&p, text).unwrap();
            (format!("attach {file} to {}", p.display()), true)
        }
        12 => {
            let text = std::fs::read_to_string(&p).unwrap();
            if !text.contains("\ndocuments:\n") {
                return (format!("no document in {}", p.display()), false);
            }
            let mut in_documents = false;
            let lines: Vec<&str> = text
                .lines()
                .filter(|l| {
                    in_documents = *l == "documents:" || (in_documents && l.starts_with("  "));
                    !in_documents
                })
                .collect();
            std::fs::write(&p, lines.join("\n") + "\n").unwrap();
            (format!("remove the documents of {}", p.display()), true)
        }
        8 => {
            // A new § in the same meeting, naming the same case, without
            // the documents (two paragraphs naming one attachment are
            // built again).
            let text = std::fs::read_to_string(&p).unwrap();
            let number = 700 + n;
            let mut in_documents = false;
            let lines: Vec<String> = text
                .lines()
                .filter(|l| {
                    in_documents = *l == "documents:" || (in_documents && l.starts_with("  "));
                    !in_documents
                })
                .map(|l| match l {
                    l if l.starts_with("paragraph:") => format!("paragraph: {number}"),
                    l if l.starts_with("title:") => format!("title: \"Ny paragraf {n}\""),
                    l => l.to_owned(),
                })
                .collect();
            let file = p.with_file_name(format!("{number}-ny.md"));
            std::fs::write(&file, lines.join("\n") + "\n").unwrap();
            (format!("add {}", file.display()), true)
        }
        9 => {
            let named_alone = key_of(&p, "confidential").is_none()
                && key_of(&p, "case").is_some()
                && !case_stays();
            std::fs::remove_file(&p).unwrap();
            // A case that goes with it may be related to another (then the
            // model is built again).
            (format!("remove {}", p.display()), !named_alone)
        }
        10 => {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let renamed = p.with_file_name(name.replacen(".md", &format!("-{n}.md"), 1));
            std::fs::rename(&p, &renamed).unwrap();
            (
                format!("rename {} to {}", p.display(), renamed.display()),
                true,
            )
        }
        0 => {
            let mut text = std::fs::read_to_string(&p).unwrap();
            text.push_str(&format!(
                "\nTillägg {n} om **gatubelysning** i [parken](https://example.org/).\n"
            ));
            std::fs::write(&p, text).unwrap();
            (format!("edit the text of {}", p.display()), true)
        }
        1 => {
            set_key(&p, "title", Some(&format!("\"Ändrad rubrik {n}\"")));
            (format!("retitle {}", p.display()), true)
        }
        2 => {
            let decision = ["approved", "rejected", "noted", "referred", "proposed"][rng.below(5)];
            set_key(&p, "decision", Some(decision));
            (format!("set decision {decision} on {}", p.display()), true)
        }
        3 => {
            let cases: Vec<String> = paragraphs
                .iter()
                .filter_map(|f| key_of(f, "case"))
                .collect();
            let Some(case) = rng.pick(&cases).cloned() else {
                return ("no case to name".into(), false);
            };
            let stays = case_stays();
            set_key(&p, "case", Some(&case));
            (format!("set case {case} on {}", p.display()), stays)
        }
        7 => {
            // A year before every other (the paper list's first page
            // changes), one that has cases, one after every other.
            let year = [1990, 2024, 2030][n as usize % 3];
            let case = format!("\"KS {year}/{}\"", 9000 + n);
            let stays = case_stays();
            set_key(&p, "case", Some(&case));
            (format!("set the new case {case} on {}", p.display()), stays)
        }
        4 => {
            // Its PDFs go or come with it; so may its case (a case coming
            // that a case file names, or going that is related to another,
            // is built again).
            let confidential = key_of(&p, "confidential").is_some();
            let must = key_of(&p, "case").is_none() || (!confidential && case_stays());
            set_key(&p, "confidential", (!confidential).then_some("true"));
            (format!("toggle confidential on {}", p.display()), must)
        }
        5 => {
            let tags = format!("[\"tagg{}\", \"belysning\"]", n % 3);
            set_key(&p, "tags", Some(&tags));
            (format!("set tags {tags} on {}", p.display()), true)
        }
        _ => {
            let text = std::fs::read_to_string(&p).unwrap();
            if !text.contains("\ndocuments:\n") {
                return (format!("no document in {}", p.display()), false);
            }
            let edited = text.replacen("    title: \"", &format!("    title: \"Omdöpt {n} "), 1);
            std::fs::write(&p, edited).unwrap();
            (format!("retitle a document of {}", p.display()), false)
        }
    }
}

/// The next rebuild patched the edit in, rather than building again, and
/// updated the search index rather than building it again, and left what a
/// clean build writes. Returns how many files it wrote.
pub(crate) fn assert_patched(serve: &crate::serve::Serve, root: &Path, what: &str) -> usize {
    assert_patched_line(&serve.next_rebuild(), root, what)
}

/// [`assert_patched`], for a rebuild printed as `line`.
fn assert_patched_line(line: &str, root: &Path, what: &str) -> usize {
    assert!(
        line.contains("pages rendered"),
        "{what}: patched, not built again: {line}"
    );
    assert!(
        !line.contains("search index built again"),
        "{what}: search index updated, not built again: {line}"
    );
    compare_with_fresh_build(root, what);
    let written = line.split(" files written").next().unwrap();
    written.rsplit(' ').next().unwrap().parse().unwrap()
}

/// How many outputs the patched rebuild printed as `line` rendered.
fn pages_rendered(line: &str) -> usize {
    let rendered = line.split(" pages rendered").next().unwrap();
    rendered.rsplit('(').next().unwrap().parse().unwrap()
}

/// The rebuild printed as `line` built the whole site (the edit was not
/// one a patch takes), and left what a clean build writes.
fn assert_built_whole(line: &str, root: &Path, what: &str) {
    assert!(
        !line.contains("pages rendered"),
        "{what}: built whole, not patched: {line}"
    );
    compare_with_fresh_build(root, what);
}

/// The output folder of a serving portal differs from a fresh build's?
pub(crate) fn compare_with_fresh_build(root: &Path, what: &str) {
    let fresh = fresh_build(root);
    let served = snapshot(&root.join("output"));
    let built = snapshot(&fresh.path().join("output"));
    if served == built {
        return;
    }
    let names = |s: &[(String, Vec<u8>)]| {
        s.iter()
            .map(|(n, _)| n.clone())
            .collect::<std::collections::BTreeSet<_>>()
    };
    let (a, b) = (names(&served), names(&built));
    let differing: Vec<&String> = served
        .iter()
        .filter(|(n, bytes)| built.iter().any(|(m, other)| m == n && other != bytes))
        .map(|(n, _)| n)
        .take(10)
        .collect();
    panic!(
        "{what}\nonly served: {:?}\nonly built: {:?}\ndiffering: {differing:?}",
        a.difference(&b).take(10).collect::<Vec<_>>(),
        b.difference(&a).take(10).collect::<Vec<_>>()
    );
}

fn set_site_title(content: &Path, n: u32) {
    let site = std::fs::read_to_string(content.join("site.yaml")).unwrap();
    let site: String = site
        .lines()
        .map(|l| {
            if l.starts_with("title:") {
                format!("title: \"Insyn – version {n}\"")
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(content.join("site.yaml"), site + "\n").unwrap();
}

/// Copy a portal's content and themes and build it from scratch.
fn fresh_build(root: &Path) -> tempfile::TempDir {
    let fresh = tempfile::tempdir().unwrap();
    for folder in ["content", "themes"] {
        for entry in walkdir::WalkDir::new(root.join(folder))
            .into_iter()
            .filter_map(Result::ok)
        {
            let rel = entry.path().strip_prefix(root).unwrap();
            let to = fresh.path().join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
    }
    let out = insyn()
        .arg("build")
        .current_dir(fresh.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    fresh
}

/// A number from the environment, or the default.
fn from_env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

#[test]
fn random_edits_while_serving_leave_exactly_what_a_clean_build_writes() {
    let seed = from_env("INSYN_EDIT_SEED", 0x1_2345_6789);
    random_edits_while_serving(seed, |_| {});
}

/// A theme whose every page and feed prints its whole context: whatever a
/// portal's theme may print of what docs/themes.md documents, this one
/// prints, so an output the preview leaves stale shows.
pub(crate) fn print_every_variable(root: &Path) {
    let templates = root.join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    let default = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    for entry in std::fs::read_dir(default).unwrap() {
        let name = entry.unwrap().file_name();
        if name != "base.html" && name != "macros.html" {
            std::fs::write(templates.join(name), "{{ __tera_context }}\n").unwrap();
        }
    }
}

#[test]
fn random_edits_with_a_theme_that_prints_every_variable_leave_what_a_clean_build_writes() {
    let seed = from_env("INSYN_EDIT_SEED", 0x5eed_0031);
    random_edits_while_serving(seed, print_every_variable);
}

/// Rounds of random edits to a generated portal (`theme` changes its
/// theme first) while serving; after each, the output folder is what a
/// clean build writes.
fn random_edits_while_serving(seed: u64, theme: impl Fn(&Path)) {
    let rounds = from_env("INSYN_EDIT_ROUNDS", 6) as usize;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    portal(root);
    theme(root);
    let serve = crate::serve::Serve::start_in(root, &[]);
    let mut rng = Rng(seed);
    let mut serial = 0;
    for round in 0..rounds {
        let count = 1 + rng.below(5);
        let done: Vec<String> = (0..count)
            .map(|_| edit(&mut rng, root, &mut serial))
            .collect();
        if done.iter().all(|d| d.starts_with("no")) {
            continue; // nothing changed, so nothing is rebuilt
        }
        serve.wait_until_quiet(Duration::from_secs(60));
        compare_with_fresh_build(
            root,
            &format!("seed {seed}, round {round}: after {done:#?}"),
        );
    }
}

#[test]
fn edits_inside_paragraphs_are_patched_in_and_leave_exactly_what_a_clean_build_writes() {
    let seed = from_env("INSYN_EDIT_SEED", 0x9876_5432);
    let rounds = from_env("INSYN_EDIT_ROUNDS", 6) as u32 * 3;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    portal(root);
    let serve = crate::serve::Serve::start_in(root, &[]);
    let mut rng = Rng(seed);
    let mut patched = 0;
    for n in 1..=rounds {
        let (done, must_patch) = edit_in_place(&mut rng, root, n);
        if done.starts_with("no ") {
            continue;
        }
        let line = serve.next_rebuild();
        let was_patched = line.contains("pages rendered");
        assert!(
            was_patched || !must_patch,
            "seed {seed}: {done} was built again rather than patched: {line}"
        );
        patched += usize::from(was_patched);
        compare_with_fresh_build(root, &format!("seed {seed}, edit {n}: {done} ({line})"));
    }
    assert!(patched > 0, "seed {seed}: no edit was patched");
}

#[test]
fn a_paragraph_moved_to_a_new_case_is_patched_in_and_its_emptied_case_goes() {
    move_a_case_s_only_paragraph_to_a_new_case(false);
}

#[test]
fn a_case_with_a_case_file_that_loses_its_last_paragraph_is_patched_out() {
    move_a_case_s_only_paragraph_to_a_new_case(true);
}

/// Set the case of a paragraph that is the only one of its case (one with
/// a case file or one without) to a new case: the edit is patched in, and
/// the old case's pages and files go.
fn move_a_case_s_only_paragraph_to_a_new_case(with_case_file: bool) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    portal(root);
    let content = root.join("content");
    let paragraphs = paragraph_files(&content);
    // The case a paragraph names, as its slug: `"2025/52-109"` is case
    // 2025/52 (what follows the dash is a document number).
    let named = |f: &PathBuf| {
        let written = key_of(f, "case")?;
        let id = written.trim_matches('"').split('-').next()?.to_owned();
        Some(id.replace('/', "-"))
    };
    let related: String = std::fs::read_dir(content.join("cases"))
        .unwrap()
        .filter_map(|e| key_of(&e.unwrap().path(), "related"))
        .collect();
    // A published paragraph whose case no other paragraph names, with a
    // case file or without, as asked.
    let (p, old) = paragraphs
        .iter()
        .filter(|p| key_of(p, "confidential").is_none())
        .find_map(|p| {
            let slug = named(p)?;
            let alone = paragraphs
                .iter()
                .filter(|f| named(f).as_ref() == Some(&slug))
                .count()
                == 1;
            let file = content.join(format!("cases/{slug}.md")).exists();
            // A case related to another (either way) does not go by a patch.
            let unrelated = !related.contains(&slug.replacen('-', "/", 1));
            (alone && unrelated && file == with_case_file).then(|| (p.clone(), slug))
        })
        .expect("the corpus has a case named once, with and without a case file");
    let title = key_of(&p, "title").unwrap().trim_matches('"').to_owned();
    let serve = crate::serve::Serve::start_in(root, &[]);
    let output = root.join("output");
    assert!(output.join(format!("arenden/{old}/index.html")).exists());

    set_key(&p, "case", Some("\"KS 2030/9001\""));
    let line = serve.next_rebuild();
    assert!(
        line.contains("pages rendered"),
        "patched, not built again: {line}"
    );
    let page = std::fs::read_to_string(output.join("arenden/ks-2030-9001/index.html")).unwrap();
    assert!(
        page.contains(&title),
        "the new case's page shows its paragraph"
    );
    assert!(output.join("oparl/paper/ks-2030-9001.json").exists());
    for gone in [
        format!("arenden/{old}/index.html"),
        format!("arenden/{old}/feed.xml"),
        format!("oparl/paper/{old}.json"),
    ] {
        assert!(!output.join(&gone).exists(), "{gone} is removed");
    }
    let ids = std::fs::read_to_string(output.join("sok/index/i/case-2030.js")).unwrap();
    assert!(
        ids.contains("\"ks-2030-9001\""),
        "search finds the new case by its number"
    );
    compare_with_fresh_build(
        root,
        &format!("case of {} set to KS 2030/9001", p.display()),
    );
}

/// A clerk edits a case file: its title, status, summary, tags and
/// related cases, then removes it and writes one for another case. Each
/// save is patched in (not built again), the case pages show it, and the
/// output stays what a clean build writes; a case file about a case no
/// paragraph names is built whole, and the preview prints the build's
/// warning, naming the file.
#[test]
fn case_file_edits_are_patched_into_the_pages_that_show_the_case() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    portal(root);
    let content = root.join("content");
    let has_file = |slug: &str| content.join(format!("cases/{slug}.md")).exists();
    let cases = published_cases(&content);
    let (_, slug) = cases
        .iter()
        .find(|(_, slug)| has_file(slug))
        .cloned()
        .expect("a published case with a case file");
    let (other_written, other) = cases
        .iter()
        .find(|(_, s)| !has_file(s))
        .cloned()
        .expect("a published case without a case file");
    let file = content.join(format!("cases/{slug}.md"));
    let serve = crate::serve::Serve::start_in(root, &[]);
    let output = root.join("output");
    let page = |slug: &str| {
        std::fs::read_to_string(output.join(format!("arenden/{slug}/index.html"))).unwrap()
    };
    let links = |from: &str, to: &str| page(from).contains(&format!("/{to}/index.html"));
    assert!(
        !links(&other, &slug),
        "{other} is not related to {slug} yet"
    );

    set_key(&file, "title", Some("\"Skolskjuts på landsbygden\""));
    assert_patched(&serve, root, "a case file's title");
    assert!(page(&slug).contains("Skolskjuts på landsbygden"));

    set_key(&file, "status", Some("withdrawn"));
    assert_patched(&serve, root, "a case file's status");
    assert!(page(&slug).contains("Återkallat"));

    set_key(&file, "related", Some(&format!("[{other_written}]")));
    assert_patched(&serve, root, "a case file's related cases");
    assert!(
        links(&slug, &other) && links(&other, &slug),
        "linked both ways"
    );

    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\nBeslutet om **busskort** gäller.\n")).unwrap();
    assert_patched(&serve, root, "a case file's summary");
    assert!(page(&slug).contains("<strong>busskort</strong>"));

    set_key(&file, "tags", Some("[skolskjuts]"));
    assert_patched(&serve, root, "a case file's tags");
    assert!(page(&slug).contains("skolskjuts"));

    std::fs::remove_file(&file).unwrap();
    assert_patched(&serve, root, "a case file removed");
    assert!(!page(&slug).contains("Skolskjuts på landsbygden"));
    assert!(!links(&other, &slug), "the link back went with the file");

    let new = content.join(format!("cases/{other}.md"));
    let case = format!("---\ncase: {other_written}\n---\nEn sammanfattning om **vägar**.\n");
    std::fs::write(&new, case).unwrap();
    assert_patched(&serve, root, "a case file added");
    assert!(page(&other).contains("<strong>vägar</strong>"));

    std::fs::write(
        content.join("cases/2031-1.md"),
        "---\ncase: \"2031/1\"\n---\nInget beslut än.\n",
    )
    .unwrap();
    let line = serve.next_rebuild_printing(&[
        "varning: ingen publicerad paragraf nämner ärendet 2031/1",
        "--> cases/2031-1.md",
    ]);
    assert_built_whole(&line, root, "a case file about a case no paragraph names");
}

/// A communicator edits the text of a free page: patched in (its page
/// alone, and its search document); retitling it changes the footer of
/// every page, and is built whole. Both leave what a clean build writes.
#[test]
fn a_free_page_s_text_is_patched_in_and_its_title_built_whole() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    portal(root);
    let page = root.join("content/pages/om-portalen.md");
    let serve = crate::serve::Serve::start_in(root, &[]);
    let built = root.join("output/om-portalen/index.html");

    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        format!("{text}\nPortalen visar **nämndernas protokoll**.\n"),
    )
    .unwrap();
    let written = assert_patched(&serve, root, "a free page's text");
    let html = std::fs::read_to_string(&built).unwrap();
    assert!(html.contains("<strong>nämndernas protokoll</strong>"));
    assert!(
        written < 10,
        "the page and a few search files: {written} written"
    );

    set_key(&page, "title", Some("\"Om Insyn\""));
    assert_built_whole(&serve.next_rebuild(), root, "a free page retitled");
    let elsewhere = std::fs::read_to_string(root.join("output/sammantraden/index.html")).unwrap();
    assert!(
        elsewhere.contains("Om Insyn"),
        "every page's footer links it"
    );
}

/// A designer edits the theme: a template renders again only the pages
/// made with it, and a macro file every page template imports renders
/// those pages again; both leave what a clean build writes.
#[test]
fn a_template_edit_renders_again_only_the_pages_that_use_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    portal(root);
    let templates = root.join("themes/default/templates");
    let serve = crate::serve::Serve::start_in(root, &[]);
    let output = root.join("output");
    let pages = std::fs::read_dir(root.join("content/pages"))
        .unwrap()
        .count();

    let page = templates.join("page.html");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("<h1>", "<h1 class=\"sidrubrik\">")).unwrap();
    assert_patched(&serve, root, "a page template");
    let about = std::fs::read_to_string(output.join("om-portalen/index.html")).unwrap();
    assert!(about.contains("<h1 class=\"sidrubrik\">"));

    // macros.html, copied from the default theme into the portal's.
    let macros = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/macros.html"),
    )
    .unwrap();
    let marked = macros.replacen(
        "<ul class=\"documents\">",
        "<ul class=\"documents handlingar\">",
        1,
    );
    assert_ne!(marked, macros, "macros.html lists documents");
    std::fs::write(templates.join("macros.html"), &marked).unwrap();
    // The pages that list documents are written again.
    let written = assert_patched(&serve, root, "a macro file");
    assert!(written > pages, "{written} files written");

    std::fs::write(&page, text.replace("<h1>", "<h1 class=\"ny\">")).unwrap();
    let line = serve.next_rebuild();
    assert_eq!(pages_rendered(&line), pages, "only the free pages: {line}");
    compare_with_fresh_build(root, "a page template edited again");
}

/// A designer changes the portal's style sheet, adds a logo and takes
/// both away again: each file is copied (or removed) alone, and the 404
/// page, which carries the style sheet itself, follows it.
#[test]
fn a_theme_s_static_files_are_copied_alone() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    portal(root);
    let static_dir = root.join("themes/default/static");
    std::fs::create_dir_all(&static_dir).unwrap();
    let serve = crate::serve::Serve::start_in(root, &[]);
    let output = root.join("output");
    let read = |file: &str| std::fs::read_to_string(output.join(file)).unwrap();

    let css = read("style.css") + "\n.sidfot { border-top: 4px solid #005a9c; }\n";
    std::fs::write(static_dir.join("style.css"), &css).unwrap();
    let line = serve.next_rebuild();
    assert_eq!(pages_rendered(&line), 1, "only the 404 page: {line}");
    assert_patched_line(&line, root, "a style sheet saved");
    assert_eq!(read("style.css"), css);
    assert!(
        read("404.html").contains("#005a9c"),
        "the 404 page's styles"
    );

    let logo = "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>Staden</title></svg>\n";
    std::fs::create_dir_all(static_dir.join("bilder")).unwrap();
    std::fs::write(static_dir.join("bilder/logo.svg"), logo).unwrap();
    let line = serve.next_rebuild();
    assert_eq!(pages_rendered(&line), 0, "no page: {line}");
    assert_patched_line(&line, root, "a logo added");
    assert_eq!(read("bilder/logo.svg"), logo);

    std::fs::remove_dir_all(static_dir.join("bilder")).unwrap();
    assert_patched(&serve, root, "the logo removed");
    assert!(
        !output.join("bilder").exists(),
        "the logo and its folder go"
    );

    std::fs::remove_file(static_dir.join("style.css")).unwrap();
    assert_patched(&serve, root, "the style sheet override removed");
    assert!(
        !read("404.html").contains("#005a9c"),
        "the built-in styles again"
    );
}

/// In January the clerk adds the new year's first meeting: it is patched
/// in, and the year comes with it (its page, linked from every year's
/// page, its sitemap part, its place in the search filters). Removed
/// again, the year goes with it.
#[test]
fn the_first_meeting_of_a_new_year_brings_its_year_and_takes_it_away() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    portal(root);
    let content = root.join("content");
    let newest = meeting_folders(&content).pop().unwrap();
    let name = newest.file_name().unwrap().to_string_lossy().into_owned();
    let year: i32 = name[..4].parse::<i32>().unwrap() + 1;
    let serve = crate::serve::Serve::start_in(root, &[]);
    let output = root.join("output");
    let read = |file: &str| std::fs::read_to_string(output.join(file)).unwrap();
    let year_page = format!("sammantraden/{year}/index.html");
    let sitemap_part = format!("sitemap-sammantraden-{year}.xml");
    let searchable = format!("<option value=\"{year}\">");

    let new = add_meeting(&newest, 4, 2, Some(year)).expect("a new year");
    assert_patched(&serve, root, "the first meeting of a new year");
    assert!(read(&year_page).contains(new.file_name().unwrap().to_str().unwrap()));
    let last_year = read(&format!("sammantraden/{}/index.html", year - 1));
    assert!(
        last_year.contains(&format!(">{year}</a>")),
        "linked from last year"
    );
    assert!(read("sitemap.xml").contains(&sitemap_part));
    assert!(read("sok/index.html").contains(&searchable));

    std::fs::remove_dir_all(new.parent().unwrap()).unwrap();
    assert_patched(&serve, root, "the new year's only meeting removed");
    assert!(!output.join(&year_page).exists(), "the year's page goes");
    assert!(
        !output.join(&sitemap_part).exists(),
        "its sitemap part goes"
    );
    assert!(!read("sok/index.html").contains(&searchable));
}

/// A clerk writing minutes adds § files one at a time, removes one and
/// renames one: each is patched in (not built again), the new paragraph's
/// page and agenda item appear and go, search finds it by its §, and the
/// output stays what a clean build writes.
/// The newest meeting's folder, where minutes are being written, and a
/// case some paragraph names.
fn newest_meeting_and_a_case(content: &Path) -> (PathBuf, String) {
    let meeting = meeting_folders(content)
        .into_iter()
        .max_by_key(|m| m.file_name().unwrap().to_string_lossy()[..10].to_owned())
        .expect("the corpus has meetings");
    let case = paragraph_files(content)
        .iter()
        .find_map(|f| key_of(f, "case"))
        .expect("a paragraph names a case");
    (meeting, case)
}

#[test]
fn paragraphs_added_removed_and_renamed_in_a_meeting_are_patched() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    portal(root);
    let content = root.join("content");
    let (meeting, case) = newest_meeting_and_a_case(&content);
    let id = meeting.file_name().unwrap().to_string_lossy().into_owned();
    let body = &id[11..];
    let serve = crate::serve::Serve::start_in(root, &[]);
    let output = root.join("output");
    let patched = |what: &str| assert_patched(&serve, root, what);

    for number in [9901, 9902] {
        std::fs::write(
            meeting.join(format!("{number}-ny.md")),
            format!("---\nparagraph: {number}\ntitle: \"Belysning i parken {number}\"\ncase: {case}\ndecision: approved\n---\nNy text om gatubelysning.\n"),
        )
        .unwrap();
        patched(&format!("add § {number} to {id}"));
    }
    let page = output.join(format!("sammantraden/{id}/p9901/index.html"));
    assert!(std::fs::read_to_string(&page)
        .unwrap()
        .contains("Belysning i parken 9901"));
    let meeting_object = output.join(format!("oparl/meeting/{id}.json"));
    let agenda_item = format!("{id}.json#p9901\"");
    let on_agenda = || {
        std::fs::read_to_string(&meeting_object)
            .unwrap()
            .contains(&agenda_item)
    };
    assert!(
        on_agenda(),
        "the meeting's object embeds the new agenda item"
    );
    let lookup = output.join(format!("sok/index/i/p-{body}-99.js"));
    assert!(std::fs::read_to_string(&lookup)
        .unwrap()
        .contains("\"9901\""));

    std::fs::remove_file(meeting.join("9901-ny.md")).unwrap();
    patched(&format!("remove § 9901 from {id}"));
    assert!(!page.exists(), "the removed paragraph's page is gone");
    assert!(!on_agenda(), "its agenda item is gone");
    assert!(!std::fs::read_to_string(&lookup)
        .unwrap()
        .contains("\"9901\""));

    std::fs::rename(meeting.join("9902-ny.md"), meeting.join("9902-omdopt.md")).unwrap();
    patched(&format!("rename § 9902 of {id}"));
    std::fs::remove_file(meeting.join("9902-omdopt.md")).unwrap();
    patched(&format!("remove § 9902 from {id}"));
    assert!(!lookup.exists(), "no § of the hundred is left to look up");
}

/// A text that links to a page of the portal makes every edit build the
/// whole site, as the preview cannot tell what the link's target shows:
/// the save that adds the link, an edit elsewhere while it is there (the
/// preview notes the links once per build, not at each save), and the save
/// that takes it away. The next edit is patched again.
#[test]
fn a_link_into_the_portal_builds_every_edit_whole_until_it_goes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    portal(root);
    let content = root.join("content");
    let (meeting, _) = newest_meeting_and_a_case(&content);
    let mut files = paragraph_files(&content)
        .into_iter()
        .filter(|f| f.starts_with(&meeting) && key_of(f, "confidential").is_none());
    let (linking, linked) = (files.next().unwrap(), files.next().unwrap());
    let elsewhere = paragraph_files(&content)
        .into_iter()
        .find(|f| !f.starts_with(&meeting) && key_of(f, "confidential").is_none())
        .unwrap();
    let number = key_of(&linked, "paragraph").unwrap();
    let serve = crate::serve::Serve::start_in(root, &[]);
    let reason = "en text länkar till portalens sidor eller filer";
    let whole = |what: &str| {
        let line = serve.next_rebuild_printing(&[reason]);
        assert_built_whole(&line, root, what);
    };

    let text = std::fs::read_to_string(&linking).unwrap();
    std::fs::write(&linking, format!("{text}\nSe [§ {number}](#p{number}).\n")).unwrap();
    whole("a link to another § of the meeting added");
    set_key(&elsewhere, "title", Some("\"Omdöpt medan länken finns\""));
    whole("another meeting's § retitled while the link is there");
    std::fs::write(&linking, &text).unwrap();
    whole("the link taken away");
    set_key(&elsewhere, "title", Some("\"Omdöpt utan länk\""));
    assert_patched(&serve, root, "a § retitled once no text links");
}

/// A § whose tag no other item has brings its topic; removing the § takes
/// the topic away (its page, its feed) by a patch, as does removing the §
/// that gave a topic its name, which then takes the spelling of the items
/// left. (The patched topics once kept an emptied topic: the tests' check
/// of them panicked, and the preview built the whole site instead.)
#[test]
fn a_topic_goes_with_its_last_paragraph_and_its_name_with_the_one_that_gave_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    portal(root);
    let content = root.join("content");
    let (meeting, case) = newest_meeting_and_a_case(&content);
    let serve = crate::serve::Serve::start_in(root, &[]);
    let output = root.join("output");
    let patched = |what: &str| assert_patched(&serve, root, what);
    let paragraph = |number: u32, tag: &str| {
        let file = meeting.join(format!("{number}-amne.md"));
        let text = format!("---\nparagraph: {number}\ntitle: \"Information om ängarna\"\ndecision: noted\ntags: [{tag}]\n---\nInformationen noteras.\n");
        std::fs::write(&file, text).unwrap();
        file
    };
    let topic = output.join("amnen/angsmark/index.html");
    let alone = paragraph(9911, "Ängsmark");
    patched("a § with a tag of its own");
    assert!(std::fs::read_to_string(&topic)
        .unwrap()
        .contains("Information om ängarna"));
    std::fs::remove_file(&alone).unwrap();
    patched("the topic's only § removed");
    assert!(!topic.exists(), "the emptied topic's page is gone");
    assert!(!output.join("amnen/angsmark/feed.xml").exists());

    // "Ängsmark" sorts before "ängsmark": the topic is named by the first
    // spelling, until the § that has it goes.
    let first = paragraph(9912, "Ängsmark");
    paragraph(9913, "ängsmark");
    let with_case = meeting.join("9914-amne.md");
    std::fs::write(&with_case, format!("---\nparagraph: 9914\ntitle: \"Ängarnas skötsel\"\ncase: {case}\ndecision: approved\ntags: [ängsmark]\n---\nBeslut.\n")).unwrap();
    serve.wait_until_quiet(Duration::from_secs(60));
    let name = |page: &str| page.split("<h1").nth(1).unwrap_or_default().to_owned();
    assert!(name(&std::fs::read_to_string(&topic).unwrap()).contains("Ängsmark"));
    std::fs::remove_file(&first).unwrap();
    patched("the § that named the topic removed");
    let page = std::fs::read_to_string(&topic).unwrap();
    assert!(name(&page).contains("ängsmark"), "{}", name(&page));
}

/// The feeds of the latest decisions (the portal's, and its body's) read
/// only the newest meetings, as they record: a retitled § of the newest
/// meeting shows its new title, made confidential it leaves both feeds
/// and made public again comes back, and a new § saved confidential comes
/// into both once made public; each edit patched in, equal to a clean build.
/// An older § of another body retitled leaves both feeds' bytes alone.
#[test]
fn the_feeds_of_latest_decisions_follow_edits_to_the_newest_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    portal(root);
    let content = root.join("content");
    let (meeting, _) = newest_meeting_and_a_case(&content);
    let id = meeting.file_name().unwrap().to_string_lossy().into_owned();
    let body = id[11..].to_owned();
    let serve = crate::serve::Serve::start_in(root, &[]);
    let output = root.join("output");
    let feeds = [
        output.join("feed.xml"),
        output.join(format!("organ/{body}/feed.xml")),
    ];
    let in_feeds = |text: &str| {
        (feeds.iter())
            .map(|f| std::fs::read_to_string(f).unwrap().contains(text))
            .collect::<Vec<_>>()
    };
    let paragraphs = paragraph_files(&content);
    let newest = paragraphs
        .iter()
        .find(|p| p.starts_with(&meeting) && key_of(p, "confidential").is_none())
        .expect("the newest meeting has a published §")
        .clone();
    set_key(&newest, "title", Some("\"Flaggning vid kommunhuset\""));
    assert_patched(&serve, root, "retitle a § of the newest meeting");
    assert_eq!(in_feeds("Flaggning vid kommunhuset"), [true, true]);
    set_key(&newest, "confidential", Some("true"));
    assert_patched(&serve, root, "make it confidential");
    assert_eq!(in_feeds("Flaggning vid kommunhuset"), [false, false]);
    set_key(&newest, "confidential", None);
    assert_patched(&serve, root, "make it public again");
    assert_eq!(in_feeds("Flaggning vid kommunhuset"), [true, true]);
    // A new § saved confidential, then made public: the feeds never
    // listed it, and take it in as they read which § are public.
    let added = meeting.join("9921-ny.md");
    std::fs::write(
        &added,
        "---\nparagraph: 9921\ntitle: \"Belysning vid badplatsen\"\ndecision: approved\nconfidential: true\n---\nBeslut.\n",
    )
    .unwrap();
    assert_patched(&serve, root, "add a confidential § to the newest meeting");
    assert_eq!(in_feeds("Belysning vid badplatsen"), [false, false]);
    set_key(&added, "confidential", None);
    assert_patched(&serve, root, "make the new § public");
    assert_eq!(in_feeds("Belysning vid badplatsen"), [true, true]);
    let feed_bytes = || {
        feeds
            .iter()
            .map(|f| std::fs::read(f).unwrap())
            .collect::<Vec<_>>()
    };
    let before = feed_bytes();
    // A § of another body that the portal's feed does not list.
    let portal_feed = std::fs::read_to_string(&feeds[0]).unwrap();
    let of_body = |p: &Path| {
        let folder = p.parent().unwrap().file_name().unwrap().to_string_lossy();
        folder.ends_with(&format!("-{body}"))
    };
    let oldest = paragraphs
        .iter()
        .find(|p| {
            let title = key_of(p, "title").unwrap_or_default();
            key_of(p, "confidential").is_none()
                && !of_body(p)
                && !portal_feed.contains(title.trim_matches('"'))
        })
        .expect("a § of another body, older than the feed's");
    set_key(oldest, "title", Some("\"Ett äldre ärende\""));
    assert_patched(&serve, root, "retitle an older § of another body");
    assert_eq!(in_feeds("Ett äldre ärende"), [false, false]);
    assert!(
        feed_bytes() == before,
        "the feeds changed: {}",
        oldest.display()
    );
}

/// A clerk saves sixty § files into the year's newest meeting at once,
/// then removes them: the year's OParl agenda items and consultations
/// outgrow their pages, so a page comes (found by comparing the lists
/// before and after), and goes again. Both are patched in, and the output
/// stays what a clean build writes.
#[test]
fn oparl_list_pages_that_new_paragraphs_bring_come_and_go_with_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    portal(root);
    let content = root.join("content");
    let (meeting, case) = newest_meeting_and_a_case(&content);
    let year = &meeting.file_name().unwrap().to_string_lossy()[..4].to_owned();
    let serve = crate::serve::Serve::start_in(root, &[]);
    let page = |n: usize| root.join(format!("output/oparl/agendaitems-{year}-{n}.json"));
    let last = (1..).find(|n| !page(*n + 1).exists()).unwrap();
    assert!(last >= 2, "the year's agenda items fill more than a page");

    // Each file saved whole (written beside the portal and renamed in, as
    // an editor saves): a file caught half written on a loaded machine is
    // another test's case.
    for number in 9801..9861 {
        let saved = root.join(format!("{number}-ny.md"));
        std::fs::write(
            &saved,
            format!("---\nparagraph: {number}\ntitle: \"Belysning {number}\"\ncase: {case}\ndecision: approved\n---\nNy text om gatubelysning.\n"),
        )
        .unwrap();
        std::fs::rename(&saved, meeting.join(format!("{number}-ny.md"))).unwrap();
    }
    assert_patched(&serve, root, "add sixty §§ to the newest meeting");
    assert!(
        page(last + 1).exists(),
        "the year's agenda items got a page"
    );

    for number in 9801..9861 {
        std::fs::remove_file(meeting.join(format!("{number}-ny.md"))).unwrap();
    }
    assert_patched(&serve, root, "remove the sixty §§ again");
    assert!(!page(last + 1).exists(), "the page went with them");
}

/// A clerk moves a § file from the year's last meeting to its first in one
/// save: as many agenda items came to the year as went, yet every item
/// between them moved one place in the year's pages of the OParl list. The
/// move is patched in, and the output stays what a clean build writes.
#[test]
fn a_paragraph_moved_to_an_earlier_meeting_of_its_year_is_patched_in() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    portal(root);
    let content = root.join("content");
    let mut meetings = meeting_folders(&content);
    meetings.sort_by_key(|m| m.file_name().unwrap().to_string_lossy()[..10].to_owned());
    let (first, last) = (&meetings[0], &meetings[meetings.len() - 1]);
    assert_eq!(
        first.parent(),
        last.parent(),
        "the corpus's meetings are of one year"
    );
    let moved = paragraph_files(&content)
        .into_iter()
        .find(|f| f.parent() == Some(last.as_path()))
        .expect("the last meeting has paragraphs");
    let serve = crate::serve::Serve::start_in(root, &[]);
    let agenda_items = root.join("output/oparl/agendaitems.json");
    let listed_first = std::fs::read_to_string(&agenda_items).unwrap();

    let text = std::fs::read_to_string(&moved).unwrap();
    let number = key_of(&moved, "paragraph").unwrap();
    let text = text.replacen(&format!("paragraph: {number}"), "paragraph: 9960", 1);
    std::fs::write(first.join("9960-flyttad.md"), text).unwrap();
    std::fs::remove_file(&moved).unwrap();
    assert_patched(&serve, root, "move a § to the year's first meeting");
    let first_id = first.file_name().unwrap().to_string_lossy();
    assert_ne!(
        std::fs::read_to_string(&agenda_items).unwrap(),
        listed_first,
        "the list's first page shows the moved item"
    );
    let meeting_object = root.join(format!("output/oparl/meeting/{first_id}.json"));
    assert!(std::fs::read_to_string(meeting_object)
        .unwrap()
        .contains(&format!("{first_id}.json#p9960\"")));
}

/// A clerk attaches a PDF to a paragraph, makes the paragraph confidential,
/// public again, and removes the attachment: each is patched in, the PDF,
/// its text page, its OParl file and its search result come and go with
/// it, and the output stays what a clean build writes.
#[test]
fn a_pdf_attached_replaced_made_confidential_and_removed_is_patched_in_and_out() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    portal(root);
    let content = root.join("content");
    let paragraphs = paragraph_files(&content);
    // A published paragraph whose case (if any) another paragraph names:
    // making it confidential takes no case away.
    let p = paragraphs
        .iter()
        .filter(|p| key_of(p, "confidential").is_none())
        .find(|p| match key_of(p, "case") {
            None => true,
            Some(case) => paragraphs
                .iter()
                .filter(|f| f != p && key_of(f, "confidential").is_none())
                .any(|f| key_of(f, "case") == Some(case.clone())),
        })
        .expect("a published paragraph whose case stays")
        .clone();
    let corpus_pdfs: Vec<PathBuf> = walkdir::WalkDir::new(content.join("meetings"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .map(walkdir::DirEntry::into_path)
        .take(2)
        .collect();
    let [source, new_version] = &corpus_pdfs[..] else {
        panic!("the corpus has two PDFs");
    };
    let folder = p.parent().unwrap();
    let id = folder.file_name().unwrap().to_string_lossy().into_owned();
    let serve = crate::serve::Serve::start_in(root, &[]);
    let output = root.join("output");
    let patched = |what: &str| assert_patched(&serve, root, what);
    // A new version is saved whole, as an editor saves: written beside
    // and renamed over, so the preview never reads half a PDF.
    let save_pdf = |from: &Path| {
        let incoming = root.join("bilaga-prov.pdf.part");
        std::fs::copy(from, &incoming).unwrap();
        std::fs::rename(&incoming, folder.join("bilaga-prov.pdf")).unwrap();
    };
    let published = [
        format!("sammantraden/{id}/bilaga-prov.pdf"),
        format!("sammantraden/{id}/bilaga-prov.html"),
    ];
    let in_oparl = || {
        std::fs::read_to_string(output.join(format!("oparl/meeting/{id}.json")))
            .unwrap()
            .contains(&format!("{id}.json#fil-bilaga-prov.pdf\""))
    };
    let found_by_search = || {
        std::fs::read_dir(output.join("sok/index/d"))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .any(|shard| shard.contains("bilaga-prov.html"))
    };
    let is_published = |yes: bool, what: &str| {
        for file in &published {
            assert_eq!(output.join(file).exists(), yes, "{what}: {file}");
        }
        assert_eq!(found_by_search(), yes, "{what}: its search result");
        assert_eq!(in_oparl(), yes, "{what}: its OParl File in its meeting");
    };

    std::fs::copy(source, folder.join("bilaga-prov.pdf")).unwrap();
    let text = std::fs::read_to_string(&p).unwrap();
    let entry = "  - file: bilaga-prov.pdf\n    title: \"Bilaga prov\"\n";
    let attached = if text.contains("\ndocuments:\n") {
        text.replacen("\ndocuments:\n", &format!("\ndocuments:\n{entry}"), 1)
    } else {
        text.replacen("\n---\n", &format!("\ndocuments:\n{entry}---\n"), 1)
    };
    std::fs::write(&p, &attached).unwrap();
    patched("attach bilaga-prov.pdf");
    is_published(true, "attached");
    assert_eq!(
        std::fs::read(output.join(&published[0])).unwrap(),
        std::fs::read(source).unwrap(),
        "the PDF is published as saved"
    );
    let text_page = || std::fs::read_to_string(output.join(&published[1])).unwrap();
    let first_text = text_page();

    // A new version saved over the file: its copy and text follow.
    save_pdf(new_version);
    patched("save a new version of bilaga-prov.pdf");
    assert_eq!(
        std::fs::read(output.join(&published[0])).unwrap(),
        std::fs::read(new_version).unwrap(),
        "the new version is published"
    );
    assert_ne!(text_page(), first_text, "the text page shows the new text");

    // A scan without text: the build's warning shows, so it is built whole.
    let scan = shared().join("pdf-samples/cmyk-image.pdf");
    save_pdf(&scan);
    let line = serve.next_rebuild_printing(&["ingen text gick att läsa", "bilaga-prov.pdf"]);
    assert_built_whole(&line, root, "save a scan over bilaga-prov.pdf");
    save_pdf(source);
    patched("save the first version back");
    assert_eq!(text_page(), first_text, "the first text is back");

    // A meeting before it goes in the same save as a new version: the new
    // version is still published beside its own meeting's pages.
    let oldest_year = meeting_folders(&content)
        .iter()
        .map(|m| {
            m.file_name().unwrap().to_string_lossy()[..4]
                .parse::<i32>()
                .unwrap()
        })
        .min()
        .unwrap();
    let earlier = add_meeting(folder, 1, 1, Some(oldest_year - 1)).unwrap();
    patched("add a meeting before all others");
    save_pdf(new_version);
    std::fs::remove_dir_all(&earlier).unwrap();
    std::fs::remove_dir(earlier.parent().unwrap()).unwrap();
    patched("remove the earlier meeting and save a new version");
    assert_ne!(text_page(), first_text, "the text page shows the new text");
    save_pdf(source);
    patched("save the first version back again");

    set_key(&p, "confidential", Some("true"));
    patched("make the paragraph confidential");
    is_published(false, "confidential");

    set_key(&p, "confidential", None);
    patched("make the paragraph public again");
    is_published(true, "public again");

    std::fs::write(&p, &text).unwrap();
    patched("remove the attachment");
    is_published(false, "removed");
}

/// A clerk moves a meeting to another room and then marks it as only
/// announced: each header edit is patched in, the meeting page and the
/// calendar show the new place, and the output stays what a clean build
/// writes (its paragraphs' cases follow the status).
#[test]
fn a_meeting_header_edit_is_patched_into_its_pages_and_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    portal(root);
    let content = root.join("content");
    let meeting = meeting_folders(&content)
        .into_iter()
        .find(|m| {
            std::fs::read_dir(m)
                .unwrap()
                .filter_map(Result::ok)
                .any(|e| e.file_name() != "index.md")
        })
        .expect("a meeting with paragraphs");
    let id = meeting.file_name().unwrap().to_string_lossy().into_owned();
    let index = meeting.join("index.md");
    let serve = crate::serve::Serve::start_in(root, &[]);
    let output = root.join("output");

    set_key(&index, "location", Some("\"Sal Prov\""));
    assert_patched(&serve, root, "move the meeting to Sal Prov");
    let page = std::fs::read_to_string(output.join(format!("sammantraden/{id}/index.html")));
    assert!(page.unwrap().contains("Sal Prov"), "the meeting page");
    let calendar = std::fs::read_to_string(output.join("sammantraden/kalender.ics")).unwrap();
    assert!(
        calendar.contains("Sal Prov"),
        "the calendar of all meetings"
    );

    set_key(&index, "status", Some("agenda"));
    set_key(&index, "certified", None);
    assert_patched(&serve, root, "mark the meeting as announced");
}

#[test]
fn announcing_minutes_and_meetings_is_patched_for_any_theme() {
    for theme in [(|_: &Path| {}) as fn(&Path), print_every_variable] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        portal(root);
        theme(root);
        let content = root.join("content");
        let folders = meeting_folders(&content);
        let serve = crate::serve::Serve::start_in(root, &[]);
        // Minutes announced: the notice board, its feed and calendar, the
        // meeting's, its paragraphs' and its cases' pages and the data.
        let index = folders[0].join("index.md");
        let what = toggle_announcement(&index, 1);
        assert_patched(&serve, root, &what);
        let board = std::fs::read_to_string(root.join("output/anslagstavla/overklagande.ics"));
        assert!(board.unwrap().contains("BEGIN:VEVENT"), "{what}");
        // A meeting put back on the agenda loses its announcement; then
        // its agenda is announced.
        set_key(&index, "status", Some("agenda"));
        set_key(&index, "announced", None);
        assert_patched(&serve, root, "put the meeting back on the agenda");
        let what = toggle_announcement(&index, 2);
        assert_patched(&serve, root, &what);
        // Taken back again.
        let what = toggle_announcement(&index, 3);
        assert_patched(&serve, root, &what);
    }
}

#[test]
fn a_new_meeting_is_patched_in_and_then_its_paragraphs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Over 100 meetings: the OParl meeting list has two pages, which both
    // give its total.
    portal_of(root, 2600);
    let content = root.join("content");
    let folders = meeting_folders(&content);
    // A meeting of the first year: the new one comes before every later
    // meeting, which all move one index on.
    let serve = crate::serve::Serve::start_in(root, &[]);
    let output = root.join("output");
    let new = add_meeting(&folders[0], 3, 0, None).expect("a free December day");
    let id = new.file_name().unwrap().to_string_lossy().into_owned();
    assert_patched(&serve, root, "add a meeting without paragraphs");
    assert!(output
        .join(format!("sammantraden/{id}/index.html"))
        .exists());
    assert!(output.join(format!("oparl/meeting/{id}.json")).exists());
    let calendar = std::fs::read_to_string(output.join("sammantraden/kalender.ics")).unwrap();
    let day = id[..10].replace('-', "");
    assert!(calendar.contains(&day), "the calendar has the new meeting");

    std::fs::write(
        new.join("950-belysning.md"),
        "---\nparagraph: 950\ntitle: \"Ny gatubelysning\"\ncase: \"2031/950\"\ndecision: approved\n---\nBeslut om belysning.\n",
    )
    .unwrap();
    assert_patched(&serve, root, "give the new meeting a paragraph");
    let page = output.join(format!("sammantraden/{id}/p950/index.html"));
    assert!(std::fs::read_to_string(page)
        .unwrap()
        .contains("Ny gatubelysning"));

    // The newest meeting of the last year, brought with its paragraphs at
    // once (as a `git pull` would).
    let last = folders.last().unwrap();
    let newest = add_meeting(last, 27, 2, None).expect("a free December day");
    let written = assert_patched(&serve, root, "add a meeting with two paragraphs");
    // Its day is the newest: its documents take search numbers after all
    // others, so the index files that show none of them stay as they were
    // (about 140 files written in all, where moving every number rewrites
    // nearly all of the index's 950).
    let index_files = walkdir::WalkDir::new(output.join("sok/index"))
        .into_iter()
        .count();
    let few = |written: usize, what: &str| {
        assert!(
            written * 4 < index_files,
            "{written} files written to {what}; the search index has {index_files}"
        );
    };
    few(written, "add the newest meeting");
    let id = newest.file_name().unwrap().to_string_lossy().into_owned();
    assert!(output
        .join(format!("sammantraden/{id}/p1008/index.html"))
        .exists());

    // Moved to another day, then deleted: its pages and files go.
    // Its day stays the newest: the day that goes and the one that comes
    // are laid out after all others.
    let moved = move_meeting(&newest, 9, None).expect("a free December day");
    let written = assert_patched(&serve, root, "move the new meeting to another day");
    few(written, "move the newest meeting");
    let moved_id = moved.file_name().unwrap().to_string_lossy().into_owned();
    assert!(!output.join(format!("sammantraden/{id}")).exists());
    assert!(output
        .join(format!("sammantraden/{moved_id}/p1008/index.html"))
        .exists());
    std::fs::remove_dir_all(&moved).unwrap();
    let written = assert_patched(&serve, root, "delete the new meeting");
    few(written, "delete the newest meeting");
    assert!(!output.join(format!("sammantraden/{moved_id}")).exists());
    assert!(!output
        .join(format!("oparl/meeting/{moved_id}.json"))
        .exists());
}

/// A clerk writes the minutes of a new newest meeting § by §, each § naming
/// a case treated at an earlier meeting: each is patched in, and the search
/// index rewrites only the files that show the new day, though its block
/// of numbers outgrows its room and the cases leave the blocks of their
/// older days. The output then is what a clean build writes. So it is when
/// the minutes of the day before come last.
#[test]
fn the_newest_meetings_written_paragraph_by_paragraph_rewrite_few_search_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    portal_of(root, 2600);
    let content = root.join("content");
    let folders = meeting_folders(&content);
    let mut cases: Vec<String> = paragraph_files(&content)
        .iter()
        .filter_map(|f| key_of(f, "case"))
        .collect();
    cases.sort();
    cases.dedup();
    let serve = crate::serve::Serve::start_in(root, &[]);
    let newest = add_meeting(folders.last().unwrap(), 27, 0, None).expect("a free December day");
    assert_patched(&serve, root, "add the newest meeting");
    let index = root.join("output/sok/index");
    let mut before = snapshot(&index);
    // More than a block of 16 numbers' worth of paragraphs and cases.
    let step = cases.len() / 20;
    for k in 0..20 {
        let number = 960 + k;
        let case = &cases[k * step];
        std::fs::write(
            newest.join(format!("{number}-uppfoljning.md")),
            format!("---\nparagraph: {number}\ntitle: \"Uppföljning {k}\"\ncase: {case}\ndecision: approved\n---\nÄrendet följs upp.\n"),
        )
        .unwrap();
        let line = serve.next_rebuild();
        assert!(line.contains("pages rendered"), "§ {number}: {line}");
        assert!(
            !line.contains("search index built again"),
            "§ {number}: {line}"
        );
        let after = snapshot(&index);
        let rewritten = after
            .iter()
            .filter(|f| before.binary_search(f).is_err())
            .count();
        assert!(
            rewritten * 4 < after.len(),
            "§ {number} rewrote {rewritten} of the search index's {} files",
            after.len()
        );
        before = after;
    }
    compare_with_fresh_build(root, "the newest meeting written § by §");

    // The minutes of the day before, committed late: the newest day's
    // numbers move on, the others stay.
    add_meeting(folders.last().unwrap(), 26, 2, None).expect("a free December day");
    assert_patched(&serve, root, "add a meeting the day before the newest");
    let after = snapshot(&index);
    let rewritten = after.iter().filter(|f| before.binary_search(f).is_err());
    let rewritten = rewritten.count();
    assert!(
        rewritten * 4 < after.len(),
        "the meeting before the newest rewrote {rewritten} of {} files",
        after.len()
    );
}

/// Each year's page links to every year; a theme may print how many
/// meetings each year has there (`years[].meetings`), the default theme
/// does not. A new meeting renders the other years' pages again only when
/// their template may print the counts: not with the default theme, and
/// after `meetings_year.html` is saved printing them, it does, and they
/// show the new count. Each time the output is what a clean build writes.
#[test]
fn a_new_meeting_renders_other_years_pages_again_only_when_their_template_prints_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    portal(root);
    let content = root.join("content");
    let output = root.join("output");
    let folders = meeting_folders(&content);
    let newest = folders.last().unwrap();
    // A meeting in each of the six years before.
    let year = |folder: &Path| -> i32 {
        let year = folder.parent().unwrap().file_name().unwrap();
        year.to_str().unwrap().parse().unwrap()
    };
    let first = year(&folders[0]);
    for (n, earlier) in (first - 6..first).enumerate() {
        add_meeting(newest, 10 + n as u32, 1, Some(earlier)).expect("a free December day");
    }
    let years = std::fs::read_dir(content.join("meetings")).unwrap().count();
    assert!(years > 6, "{years} years of meetings");
    let serve = crate::serve::Serve::start_in(root, &[]);

    add_meeting(newest, 3, 1, None).expect("a free December day");
    let line = serve.next_rebuild();
    assert_patched_line(&line, root, "a new meeting, with the default theme");
    let default_theme = pages_rendered(&line);

    // A year's page that prints each year's count.
    let year_page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/meetings_year.html"),
    )
    .unwrap();
    let counting = year_page.replacen("{{ y.year }}</a>", "{{ y.year }}</a> ({{ y.meetings }})", 2);
    assert_ne!(counting, year_page, "the year page links to the years");
    let templates = root.join("themes/default/templates");
    std::fs::write(templates.join("meetings_year.html"), counting).unwrap();
    assert_patched(&serve, root, "the year page prints the counts");
    let older_year = first - 1;
    let page = output.join(format!("sammantraden/{older_year}/index.html"));
    let count_before = std::fs::read_to_string(&page).unwrap();

    add_meeting(newest, 5, 1, None).expect("a free December day");
    let line = serve.next_rebuild();
    assert_patched_line(&line, root, "a new meeting, counts printed");
    let counting_theme = pages_rendered(&line);
    // Both meetings bring a case of their own; the other years' pages
    // make the difference.
    assert!(
        counting_theme > default_theme + years / 2,
        "the other years' pages render again: {counting_theme} pages against {default_theme}"
    );
    let count_after = std::fs::read_to_string(&page).unwrap();
    assert_ne!(
        count_before, count_after,
        "{older_year}'s page shows the new count"
    );
}
