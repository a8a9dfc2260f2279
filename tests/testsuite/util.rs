//! Test helpers: a portal in a fresh temporary folder, made from a fixture
//! folder (and overlays on it), and the real `insyn` binary run on it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// `../shared`, beside the repository (as on CI).
/// The text of a page as a reader sees it: tags removed, entities decoded,
/// white space folded.
pub fn visible_text(html: &str) -> String {
    insyn::search::html_to_text(html)
}

pub fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// A portal repository in a temporary folder: `content/`, maybe `themes/`,
/// and `output/` once built.
pub struct Portal {
    pub dir: tempfile::TempDir,
}

impl Portal {
    /// A copy of `tests/fixtures/<name>`.
    pub fn from_fixture(name: &str) -> Portal {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&fixtures().join(name), dir.path());
        Portal { dir }
    }

    /// The base fixture with `tests/fixtures/<overlay>` copied over it. A
    /// file `REMOVE` in the overlay lists paths to delete, one a line.
    pub fn with_overlay(overlay: &str) -> Portal {
        let portal = Portal::from_fixture("base");
        portal.apply_overlay(overlay);
        portal
    }

    /// Copy `tests/fixtures/<overlay>` over the portal, then delete what its
    /// `REMOVE` file lists.
    pub fn apply_overlay(&self, overlay: &str) {
        let src = fixtures().join(overlay);
        copy_tree(&src, self.root());
        if let Ok(list) = std::fs::read_to_string(src.join("REMOVE")) {
            for line in list.lines().filter(|l| !l.trim().is_empty()) {
                let p = self.root().join(line.trim());
                if p.is_dir() {
                    std::fs::remove_dir_all(p).unwrap();
                } else {
                    std::fs::remove_file(p).unwrap();
                }
            }
            std::fs::remove_file(self.root().join("REMOVE")).unwrap();
        }
        let _ = std::fs::remove_file(self.root().join("expected-stderr.txt"));
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn content(&self) -> PathBuf {
        self.root().join("content")
    }

    pub fn output(&self) -> PathBuf {
        self.root().join("output")
    }

    /// Run `insyn <args>` in the portal's folder.
    pub fn insyn(&self, args: &[&str]) -> Run {
        self.insyn_with_env(args, &[])
    }

    /// Run `insyn <args>` in the portal's folder with environment variables.
    pub fn insyn_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        Run::new(
            insyn()
                .args(args)
                .envs(env.iter().copied())
                .current_dir(self.root())
                .output()
                .unwrap(),
        )
    }

    pub fn build(&self) -> Run {
        self.insyn(&["build"])
    }

    /// A built file's text.
    pub fn read(&self, rel: &str) -> String {
        let p = self.output().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    /// Every part of the sitemap, joined.
    pub fn sitemap(&self) -> String {
        sitemap_of(&self.output())
    }
}

pub fn insyn() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_insyn"));
    cmd.env_remove("CI");
    cmd
}

/// A finished run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn new(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    pub fn success(self) -> Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file below `dir`, relative and sorted, with its bytes.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Every HTML file below `dir`, relative.
pub fn html_files(dir: &Path) -> Vec<PathBuf> {
    snapshot_names(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

pub fn snapshot_names(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect()
}

/// The values of every `attr="…"` in an HTML text.
pub fn attribute_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// A generated corpus (../shared/tools/gen-corpus.py), made once per run.
pub struct Corpus {
    pub portal: Portal,
}

pub fn corpus_2000() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let portal = Portal {
            dir: tempfile::tempdir().unwrap(),
        };
        let status = Command::new("python3")
            .arg(shared().join("tools/gen-corpus.py"))
            .args(["--out"])
            .arg(portal.content())
            .args(["--paragraphs", "2000", "--pdf-ratio", "0.05"])
            .status()
            .expect("python3 runs gen-corpus.py");
        assert!(status.success());
        portal.build().success();
        Corpus { portal }
    })
}

/// A small valid PDF with one text page per string (Helvetica, WinAnsi, so
/// Swedish letters work; lines split at `\n`).
pub fn pdf_with_pages(pages: &[&str]) -> Vec<u8> {
    pdf_with_details(pages, None, None)
}

/// [`pdf_with_pages`], with an author in the document information and a
/// comment on the last page, as a word processor leaves them.
pub fn pdf_with_details(pages: &[&str], author: Option<&str>, comment: Option<&str>) -> Vec<u8> {
    let n = pages.len();
    let font = 3 + 2 * n;
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 3 + 2 * i)).collect();
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes(),
    ];
    for (i, text) in pages.iter().enumerate() {
        let lines: Vec<String> = text
            .lines()
            .map(|l| {
                format!(
                    "({}) '",
                    l.replace('\\', "\\\\")
                        .replace('(', "\\(")
                        .replace(')', "\\)")
                )
            })
            .collect();
        // WinAnsi: Latin-1 for the letters used in Swedish.
        let stream: Vec<u8> = format!("BT /F1 12 Tf 72 720 Td 14 TL {} ET", lines.join(" "))
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect();
        let annotations = match comment {
            Some(text) if i + 1 == n => format!(
                " /Annots [<< /Type /Annot /Subtype /Text /Rect [72 72 92 92] /Contents ({text}) >>]"
            ),
            _ => String::new(),
        };
        objects.push(format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 {font} 0 R >> >> /Contents {} 0 R{annotations} >>", 4 + 2 * i).into_bytes());
        let mut object = format!("<< /Length {} >>\nstream\n", stream.len()).into_bytes();
        object.extend(stream);
        object.extend(b"\nendstream");
        objects.push(object);
    }
    objects.push(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    );
    let info = author.map(|author| {
        objects.push(format!("<< /Title (Ansokan) /Author ({author}) >>").into_bytes());
        format!(" /Info {} 0 R", objects.len())
    });
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).into_bytes());
        out.extend(object);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").into_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R{} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1,
            info.unwrap_or_default()
        )
        .into_bytes(),
    );
    out
}

/// The parts of a site's sitemap, joined: `sitemap.xml` is their index,
/// and each part lies beside it.
pub fn sitemap_of(site: &Path) -> String {
    let index = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert!(index.contains("<sitemapindex "), "{index}");
    index
        .split("<loc>")
        .skip(1)
        .map(|rest| {
            let url = rest.split('<').next().unwrap();
            let file = url.rsplit('/').next().unwrap();
            std::fs::read_to_string(site.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
        })
        .collect()
}
