//! Case files: `cases/<case id>.md`, a clerk's notes on one case (contract,
//! section 6): a title, a status override, related cases and a summary.

use serde::Deserialize;

use super::yaml::{
    key, parse_mapping, split_front_matter, texts, KeyLines, KeySpec, OneOrMany, Scalar,
};
use super::FileText;
use crate::diarienummer::CaseId;
use crate::error::{Diagnostic, ErrorKind};
use crate::model::vocabulary::CaseStatus;

#[derive(Debug, Clone)]
pub struct CaseFileSource {
    pub file: std::path::PathBuf,
    pub id: CaseId,
    pub written: String,
    pub title: Option<String>,
    pub status: Option<CaseStatus>,
    /// Related cases as written, their identity and the line naming them.
    pub related: Vec<(String, CaseId, usize)>,
    pub tags: Vec<String>,
    pub markdown: String,
    /// What is worth saying but publishes all the same.
    pub warnings: Vec<Diagnostic>,
    /// The summary's links to pages and files of the portal.
    pub links: Vec<super::lint::WrittenLink>,
}

#[derive(Deserialize)]
struct CaseFile {
    case: Option<Scalar>,
    title: Option<String>,
    status: Option<String>,
    related: Option<OneOrMany>,
    tags: Option<Vec<Scalar>>,
}

const CASE_KEYS: &[KeySpec] = &[
    key("case", true, "case: \"2018/71\""),
    key("title", false, "title: \"Digital medborgarportal\""),
    key("status", false, "status: decided"),
    key("related", false, "related: [\"2017/137\"]"),
    key("tags", false, "tags: [digitalisering]"),
];

pub fn parse_case_file(text: &FileText) -> Result<CaseFileSource, Vec<Diagnostic>> {
    let src = text.source();
    let fm = split_front_matter(&text.text).map_err(|k| vec![src.error_at(Some(1), k)])?;
    let (file, lines): (CaseFile, KeyLines) =
        parse_mapping(&src, fm.yaml, fm.yaml_line, CASE_KEYS)?;
    let mut errors = Vec::new();
    let written = file.case.map(|c| c.to_string()).unwrap_or_default();
    let id = CaseId::parse(&written);
    let file_id = text
        .rel
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    match &id {
        None => errors.push(src.error_at(
            lines.line("case"),
            ErrorKind::MalformedDiarienummer(written.clone()),
        )),
        Some(id) if id.slug() != file_id => errors.push(src.error_at(
            lines.line("case"),
            ErrorKind::CaseFileMismatch {
                file_id,
                written: written.trim().to_owned(),
                case_id: id.slug(),
            },
        )),
        Some(_) => {}
    }
    let status = file.status.as_deref().and_then(|s| {
        let parsed = CaseStatus::from_key(s);
        if parsed.is_none() {
            errors.push(src.error_at(
                lines.line("status"),
                ErrorKind::NotInVocabulary {
                    key: "status",
                    value: s.to_owned(),
                    allowed: CaseStatus::KEYS.to_vec(),
                },
            ));
        }
        parsed
    });
    let mut related = Vec::new();
    for r in file.related.map(OneOrMany::into_vec).unwrap_or_default() {
        let line = src
            .line_from(lines.line("related").unwrap_or(1), r.trim())
            .or(lines.line("related"));
        match CaseId::parse(&r) {
            Some(rid) => related.push((
                crate::diarienummer::without_label(&r).to_owned(),
                rid,
                line.unwrap_or(1),
            )),
            None => errors.push(src.error_at(line, ErrorKind::MalformedDiarienummer(r))),
        }
    }
    let mut warnings = Vec::new();
    let body_start = text.text.len() - fm.body.len();
    let links = super::lint::check_source(&src, body_start, &mut errors, &mut warnings);
    match id {
        Some(id) if errors.is_empty() => Ok(CaseFileSource {
            file: text.rel.clone(),
            id,
            written: written.trim().to_owned(),
            title: file.title.filter(|t| !t.trim().is_empty()),
            status,
            related,
            tags: texts(file.tags),
            markdown: fm.body.to_owned(),
            warnings,
            links,
        }),
        _ => {
            errors.extend(warnings);
            Err(errors)
        }
    }
}
