//! Free pages: `pages/<slug>.md`, published at `/<slug>/` (about the portal,
//! the accessibility statement).

use serde::Deserialize;

use super::settings::is_slug;
use super::yaml::{key, parse_mapping, split_front_matter, KeySpec};
use super::FileText;
use crate::error::{Diagnostic, ErrorKind};

#[derive(Debug, Clone)]
pub struct PageSource {
    pub file: std::path::PathBuf,
    pub slug: String,
    pub title: String,
    pub markdown: String,
    /// What is worth saying but publishes all the same.
    pub warnings: Vec<Diagnostic>,
    /// The text's links to pages and files of the portal.
    pub links: Vec<super::lint::WrittenLink>,
}

#[derive(Deserialize)]
struct PageFile {
    title: Option<String>,
}

const PAGE_KEYS: &[KeySpec] = &[key("title", true, "title: \"Om portalen\"")];

/// Top-level folders and files of the built site that a free page must not
/// replace.
pub const RESERVED_SLUGS: &[&str] = &[
    "sammantraden",
    "organ",
    "arenden",
    "statistik",
    "ekonomi",
    "sok",
    "data",
    "oparl",
    "ledamoter",
    "partier",
    "static",
    "feed",
    "sitemap",
    "404",
    "index",
];

pub fn parse_page(text: &FileText) -> Result<PageSource, Vec<Diagnostic>> {
    let src = text.source();
    let slug = text
        .rel
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let fm = split_front_matter(&text.text).map_err(|k| vec![src.error_at(Some(1), k)])?;
    let (file, _) = parse_mapping::<PageFile>(&src, fm.yaml, fm.yaml_line, PAGE_KEYS)?;
    if !is_slug(&slug) {
        return Err(vec![src.error_at(None, ErrorKind::BadPageSlug(slug))]);
    }
    if RESERVED_SLUGS.contains(&slug.as_str()) {
        return Err(vec![src.error_at(None, ErrorKind::ReservedPageSlug(slug))]);
    }
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    let body_start = text.text.len() - fm.body.len();
    let links = super::lint::check_source(&src, body_start, &mut errors, &mut warnings);
    if !errors.is_empty() {
        errors.extend(warnings);
        return Err(errors);
    }
    Ok(PageSource {
        file: text.rel.clone(),
        slug,
        title: file.title.unwrap_or_default(),
        markdown: fm.body.to_owned(),
        warnings,
        links,
    })
}
