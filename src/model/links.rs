//! Links in content to pages and files of the portal, each resolved to what
//! it leads to, or an error at its file, line and column that names the
//! closest address that exists.
//!
//! An address is read as GitHub shows the Markdown file: relative to the
//! file's own folder in the content folder (`bilaga.pdf`, `064-svar.md`,
//! `../2018-02-12-ks/`, `../../../cases/2018-71.md`). One that starts with
//! `/` is an address of the built site (`/arenden/2018-71/`, contract
//! section 8). `#p63` is § 63 of the same meeting, `#beslut` a heading of
//! the same text. A link to a file that is not published, or to a
//! confidential paragraph, is an error too: the site would link to nothing.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use chrono::Datelike;

use crate::content::lint::WrittenLink;
use crate::content::meetings::{MeetingSource, ParagraphSource};
use crate::content::Content;
use crate::error::{closest, Diagnostics, ErrorKind, Severity};
use crate::markdown::{self, Links, Target};
use crate::render::paths::encode_path;

/// The resolved links of every text of the content that has any, by the
/// file it is written in (a meeting's notes by its index.md).
#[derive(Debug, Default)]
pub struct Resolved(HashMap<PathBuf, Links>);

impl Resolved {
    /// The links of the text in `file` (none for a text without links).
    pub fn of(&self, file: &Path) -> Links {
        self.0.get(file).cloned().unwrap_or_default()
    }
}

/// Resolve the links of every text of `content`: paragraphs that are not
/// confidential, meetings' notes, case files and free pages. Each that
/// leads nowhere is an error in `diags`.
pub fn resolve_all(content: &Content, diags: &mut Diagnostics) -> Resolved {
    let index = LinkIndex::new(content);
    let mut resolved = HashMap::new();
    let mut resolve = |doc: Doc, links: &[WrittenLink]| {
        if !links.is_empty() {
            let targets = index.resolve(&doc, links, diags);
            resolved.insert(doc.file.to_path_buf(), targets);
        }
    };
    for m in &content.meetings {
        let index_md = m.dir.join("index.md");
        let notes = Doc {
            file: &index_md,
            meeting: Some(m),
            scope: "",
            markdown: &m.notes,
        };
        resolve(notes, &m.links);
        for p in m.paragraphs.iter().filter(|p| !p.confidential) {
            let scope = format!("p{}", p.number);
            let doc = Doc {
                file: &p.file,
                meeting: Some(m),
                scope: &scope,
                markdown: &p.markdown,
            };
            resolve(doc, &p.links);
        }
    }
    // Case files and free pages: texts of their own, outside the meetings.
    let case_files = content
        .case_files
        .iter()
        .map(|f| (&f.file, &f.markdown, &f.links));
    let pages = content
        .pages
        .iter()
        .map(|p| (&p.file, &p.markdown, &p.links));
    for (file, markdown, links) in case_files.chain(pages) {
        let doc = Doc {
            file,
            meeting: None,
            scope: "",
            markdown,
        };
        resolve(doc, links);
    }
    Resolved(resolved)
}

/// What links may lead to: the meetings, their published paragraphs and
/// files, the cases, the free pages and the sections of the site.
pub struct LinkIndex<'a> {
    content: &'a Content,
    meetings: HashMap<&'a Path, &'a MeetingSource>,
    by_id: HashMap<&'a str, &'a MeetingSource>,
    /// The files each meeting's published paragraphs name.
    published: HashMap<&'a str, HashSet<&'a str>>,
    /// The ids of the cases a published paragraph names (those with a page).
    cases: HashSet<String>,
}

/// One text whose links are resolved: its file, its meeting (for a
/// paragraph or a meeting's notes), the scope of its ids and its Markdown.
pub struct Doc<'a> {
    pub file: &'a Path,
    pub meeting: Option<&'a MeetingSource>,
    pub scope: &'a str,
    pub markdown: &'a str,
}

impl<'a> LinkIndex<'a> {
    pub fn new(content: &'a Content) -> LinkIndex<'a> {
        let mut published: HashMap<&str, HashSet<&str>> = HashMap::new();
        let mut cases = HashSet::new();
        for m in &content.meetings {
            let files = published.entry(m.id.as_str()).or_default();
            for p in m.paragraphs.iter().filter(|p| !p.confidential) {
                files.extend(p.documents.iter().filter_map(|d| d.file.as_deref()));
                cases.extend(p.cases.iter().map(|(_, id)| id.slug()));
            }
        }
        LinkIndex {
            content,
            meetings: content
                .meetings
                .iter()
                .map(|m| (m.dir.as_path(), m))
                .collect(),
            by_id: content
                .meetings
                .iter()
                .map(|m| (m.id.as_str(), m))
                .collect(),
            published,
            cases,
        }
    }

    /// The targets of a text's links; each that leads nowhere is an error
    /// in `diags`.
    pub fn resolve(&self, doc: &Doc, links: &[WrittenLink], diags: &mut Diagnostics) -> Links {
        let mut resolved = Links::new();
        for link in links {
            match self.target(doc, &link.address) {
                Ok(target) => {
                    resolved.insert(link.address.clone(), target);
                }
                Err(kind) => diags.push(link.diagnostic(Severity::Error, kind)),
            }
        }
        resolved
    }

    fn target(&self, doc: &Doc, address: &str) -> Result<Target, ErrorKind> {
        let address = address.trim();
        let (path, fragment) = address.split_once('#').unwrap_or((address, ""));
        let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let target = match path.strip_prefix('/') {
            _ if path.is_empty() => self.fragment(doc, fragment),
            Some(site_path) => self.site_page(site_path).map(Target::Site),
            None => {
                let base = doc.file.parent().unwrap_or(Path::new(""));
                let joined = normalise(&base.join(path.as_ref()));
                let page =
                    joined.map_or(Err(Problem::Nowhere(None)), |rel| self.content_page(&rel));
                page.map(Target::Site)
            }
        }
        .and_then(|page| match page {
            Target::Site(page) => self.with_fragment(page, fragment),
            other => Ok(other),
        })
        .or_else(|problem| match self.elsewhere(doc, &path) {
            Some(page) => Ok(self.on_the_web(&page, fragment)),
            None => Err(problem),
        });
        target.map_err(|problem| match problem {
            Problem::Nowhere(closest) => ErrorKind::LinkLeadsNowhere {
                address: address.to_owned(),
                closest,
            },
            Problem::Unpublished => ErrorKind::LinkToUnpublished(address.to_owned()),
            Problem::Confidential => ErrorKind::LinkToConfidential(address.to_owned()),
        })
    }

    /// In the content of some years only (`insyn archive --year`), the
    /// page of another year that a link leads to: a meeting folder of
    /// another year (its folder, index.md, a paragraph's file or an
    /// attachment) that exists, a case file of a case those years do not
    /// name, or an address of the site under another year's meeting or
    /// such a case. Not checked here: the whole portal's build checks it.
    fn elsewhere(&self, doc: &Doc, path: &str) -> Option<String> {
        let years = self.content.years.as_ref()?;
        let other_year = |name: &str| {
            let year: i32 = name.get(..4)?.parse().ok()?;
            (!years.contains(&year)).then_some(())
        };
        if let Some(site_path) = path.strip_prefix('/') {
            let parts: Vec<&str> = site_path.split('/').collect();
            return match parts.as_slice() {
                ["sammantraden", meeting, ..] => other_year(meeting).map(|()| site_path.to_owned()),
                ["arenden", slug, ..] if !self.cases.contains(*slug) => Some(site_path.to_owned()),
                _ => None,
            };
        }
        let base = doc.file.parent().unwrap_or(Path::new(""));
        let rel = normalise(&base.join(path))?;
        let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
        let root = &self.content.root;
        match parts.as_slice() {
            ["meetings", year, folder, rest @ ..] => {
                other_year(year)?;
                let dir = root.join("meetings").join(year).join(folder);
                let page = match rest {
                    [] | ["index.md"] => String::new(),
                    [name] if name.ends_with(".md") => {
                        let text = std::fs::read_to_string(dir.join(name)).ok()?;
                        let number = text.lines().find_map(|l| l.strip_prefix("paragraph:"))?;
                        format!("p{}/", number.trim().parse::<u32>().ok()?)
                    }
                    file => encode_path(&file.join("/")),
                };
                let exists = dir.join(rest.join("/")).exists();
                exists.then(|| format!("sammantraden/{folder}/{page}"))
            }
            ["cases", name] => {
                let slug = name.strip_suffix(".md")?;
                let outside = !self.cases.contains(slug) && root.join(&rel).is_file();
                outside.then(|| format!("arenden/{slug}/"))
            }
            _ => None,
        }
    }

    /// A page of the site as the portal on the web has it: its full
    /// address at `base_url`, without `index.html`.
    fn on_the_web(&self, page: &str, fragment: &str) -> Target {
        let base = self.content.site.base_url.trim_end_matches('/');
        let page = page.strip_suffix("index.html").unwrap_or(page);
        let fragment = match fragment {
            "" => String::new(),
            f => format!("#{f}"),
        };
        Target::Web(format!("{base}/{page}{fragment}"))
    }

    /// A page with the fragment of its link; `#p63` on a meeting's page
    /// must name a published § of that meeting.
    fn with_fragment(&self, page: String, fragment: &str) -> Result<Target, Problem> {
        if fragment.is_empty() {
            return Ok(Target::Site(page));
        }
        let meeting = (page.strip_prefix("sammantraden/"))
            .and_then(|p| p.strip_suffix("/index.html"))
            .and_then(|id| self.by_id.get(id));
        if let (Some(m), Some(number)) = (meeting, paragraph_number(fragment)) {
            published_paragraph(m, |p| p.number == number)?;
        }
        Ok(Target::Site(format!("{page}#{fragment}")))
    }

    /// `#p63` in a meeting's text (§ 63 of the meeting), or a heading of
    /// the same text; the closest heading when neither.
    fn fragment(&self, doc: &Doc, fragment: &str) -> Result<Target, Problem> {
        if let (Some(m), Some(_)) = (doc.meeting, paragraph_number(fragment)) {
            return Ok(Target::Site(meeting_page(m)));
        }
        let ids = markdown::heading_ids(doc.markdown);
        if ids.iter().any(|id| id == fragment) {
            return Ok(Target::Anchor(markdown::scoped_id(doc.scope, fragment)));
        }
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        Err(Problem::Nowhere(
            closest(fragment, &ids).map(|id| format!("#{id}")),
        ))
    }

    /// A path inside the content folder: a meeting (its folder or
    /// index.md), a paragraph's file, a published attachment, a case file
    /// or a free page.
    fn content_page(&self, rel: &Path) -> Result<String, Problem> {
        let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
        match parts.as_slice() {
            ["meetings", _, _, rest @ ..] => {
                let dir: PathBuf = parts[..3].iter().collect();
                let m = self
                    .meetings
                    .get(dir.as_path())
                    .ok_or(Problem::Nowhere(None))?;
                match rest {
                    [] | ["index.md"] => Ok(meeting_page(m)),
                    [name] if name.ends_with(".md") => {
                        paragraph_page(m, |p| p.file.file_name().is_some_and(|f| f == *name))
                    }
                    file => self.attachment(m, &file.join("/")),
                }
            }
            ["cases", name] => {
                let slug = name.strip_suffix(".md").ok_or(Problem::Nowhere(None))?;
                self.case_page(slug)
            }
            ["pages", name] => {
                let slug = name.strip_suffix(".md").ok_or(Problem::Nowhere(None))?;
                self.free_page(slug)
            }
            _ => Err(Problem::Nowhere(None)),
        }
    }

    /// An address of the built site, without its leading `/`.
    fn site_page(&self, path: &str) -> Result<String, Problem> {
        let folder = path.strip_suffix("index.html").unwrap_or(path);
        let parts: Vec<&str> = folder.trim_end_matches('/').split('/').collect();
        let section = |ok: bool| match ok {
            true => Ok(format!("{folder}index.html")),
            false => Err(Problem::Nowhere(None)),
        };
        let site = &self.content;
        let file = |ok: bool| match ok {
            true => Ok(path.to_owned()),
            false => Err(Problem::Nowhere(None)),
        };
        let body = |id: &str| site.bodies.iter().any(|b| b.id == id);
        match parts.as_slice() {
            [""] | ["sammantraden"] | ["arenden"] | ["sok"] | ["data"] => section(true),
            ["feed.xml"] | ["sitemap.xml"] | ["sammantraden", "kalender.ics"] => file(true),
            ["organ", id, "feed.xml" | "kalender.ics"] => file(body(id)),
            ["arenden", slug, "feed.xml"] => file(self.cases.contains(*slug)),
            ["ekonomi"] => section(!site.budgets.is_empty()),
            ["statistik"] => section(site.statistics.is_some()),
            ["sammantraden", year] if year.parse::<i32>().is_ok() => {
                let year: i32 = year.parse().unwrap_or_default();
                section(site.meetings.iter().any(|m| m.date.year() == year))
            }
            ["sammantraden", id, rest @ ..] => {
                let m = self.by_id.get(id).ok_or(Problem::Nowhere(None))?;
                let number = rest
                    .first()
                    .and_then(|p| p.strip_prefix('p'))
                    .and_then(|n| n.parse::<u32>().ok());
                match (rest, number) {
                    ([], _) => Ok(meeting_page(m)),
                    ([_], Some(n)) if path.ends_with('/') || path.ends_with("index.html") => {
                        paragraph_page(m, |p| p.number == n)
                    }
                    (file, _) => self.attachment(m, &file.join("/")),
                }
            }
            ["arenden", slug] => self.case_page(slug),
            ["organ", id] => section(body(id)),
            [slug] if path.ends_with('/') || path.ends_with("index.html") => self.free_page(slug),
            _ if crate::theme::has_asset(&site.portal_root(), &site.site.theme, path) => {
                Ok(path.to_owned())
            }
            _ => Err(Problem::Nowhere(None)),
        }
    }

    /// A file of a meeting folder, when a published paragraph names it.
    fn attachment(&self, m: &MeetingSource, file: &str) -> Result<String, Problem> {
        let published = self.published.get(m.id.as_str());
        if published.is_some_and(|files| files.contains(file)) {
            return Ok(format!("sammantraden/{}/{}", m.id, encode_path(file)));
        }
        if self.content.root.join(&m.dir).join(file).is_file() {
            return Err(Problem::Unpublished);
        }
        let mut names: Vec<&str> = published.into_iter().flatten().copied().collect();
        let paragraph_files = m.paragraphs.iter().filter(|p| !p.confidential);
        let paragraph_files = paragraph_files.filter_map(|p| p.file.file_name()?.to_str());
        names.extend(paragraph_files);
        Err(Problem::Nowhere(closest(file, &names).map(str::to_owned)))
    }

    fn case_page(&self, slug: &str) -> Result<String, Problem> {
        if self.cases.contains(slug) {
            return Ok(format!("arenden/{slug}/index.html"));
        }
        let slugs: Vec<&str> = self.cases.iter().map(String::as_str).collect();
        Err(Problem::Nowhere(
            closest(slug, &slugs).map(|s| format!("/arenden/{s}/")),
        ))
    }

    fn free_page(&self, slug: &str) -> Result<String, Problem> {
        let pages = &self.content.pages;
        if pages.iter().any(|p| p.slug == slug) {
            return Ok(format!("{slug}/index.html"));
        }
        let slugs: Vec<&str> = pages.iter().map(|p| p.slug.as_str()).collect();
        Err(Problem::Nowhere(
            closest(slug, &slugs).map(|s| format!("/{s}/")),
        ))
    }
}

/// Why a page or file cannot be linked to.
enum Problem {
    /// Nothing is there; the closest address that is, if any is close.
    Nowhere(Option<String>),
    Unpublished,
    Confidential,
}

fn meeting_page(m: &MeetingSource) -> String {
    format!("sammantraden/{}/index.html", m.id)
}

fn paragraph_page(
    m: &MeetingSource,
    is_it: impl Fn(&ParagraphSource) -> bool,
) -> Result<String, Problem> {
    let p = published_paragraph(m, is_it)?;
    Ok(format!("sammantraden/{}/p{}/index.html", m.id, p.number))
}

/// The meeting's paragraph `is_it` picks, when there is one and it is not
/// confidential.
fn published_paragraph(
    m: &MeetingSource,
    is_it: impl Fn(&ParagraphSource) -> bool,
) -> Result<&ParagraphSource, Problem> {
    match m.paragraphs.iter().find(|p| is_it(p)) {
        Some(p) if p.confidential => Err(Problem::Confidential),
        Some(p) => Ok(p),
        None => Err(Problem::Nowhere(None)),
    }
}

/// `p63` → 63: a fragment naming a § on a meeting's page.
fn paragraph_number(fragment: &str) -> Option<u32> {
    fragment.strip_prefix('p')?.parse().ok()
}

/// A path inside the content folder with `.` and `..` worked out; `None`
/// when it leads out of the folder.
fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_stay_inside_the_content_folder() {
        let base = Path::new("meetings/2018/2018-03-26-kf");
        assert_eq!(
            normalise(&base.join("../2018-02-12-ks/./index.md")),
            Some(PathBuf::from("meetings/2018/2018-02-12-ks/index.md"))
        );
        assert_eq!(
            normalise(&base.join("../../../cases/2018-71.md")),
            Some(PathBuf::from("cases/2018-71.md"))
        );
        assert_eq!(normalise(&base.join("../../../../etc/passwd")), None);
    }
}
