//! Case files: `cases/<case id>.md`, a clerk's notes on one case (contract,
//! section 6): a title, a status override, related cases and a summary.

use chrono::NaiveDate;
use serde::Deserialize;

use super::yaml::{
    key, parse_mapping, split_front_matter, texts, KeyLines, KeySpec, OneOrMany, Scalar,
};
use super::FileText;
use crate::diarienummer::CaseId;
use crate::error::{Diagnostic, ErrorKind};
use crate::model::vocabulary::{CaseStatus, Kind};

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
    /// What kind of matter the case is (`kind:`), when the file says so.
    pub kind: Option<Kind>,
    /// A consultation citizens may answer (`consultation:`).
    pub consultation: Option<Consultation>,
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
    kind: Option<String>,
    consultation: Option<ConsultationEntry>,
}

/// A consultation (remiss, samråd) a case file invites answers to.
#[derive(Debug, Clone, PartialEq)]
pub struct Consultation {
    /// The last day to answer.
    pub respond_by: NaiveDate,
    /// Where to read more and answer.
    pub url: Option<String>,
    /// How to answer, in a sentence or two.
    pub how: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConsultationEntry {
    respond_by: Option<Scalar>,
    url: Option<String>,
    how: Option<String>,
}

const CASE_KEYS: &[KeySpec] = &[
    key("case", true, "case: \"2018/71\""),
    key("title", false, "title: \"Digital medborgarportal\""),
    key("status", false, "status: decided"),
    key("related", false, "related: [\"2017/137\"]"),
    key("tags", false, "tags: [digitalisering]"),
    key("kind", false, "kind: motion"),
    key(
        "consultation",
        false,
        "consultation:\n  respond_by: 2026-01-15\n  url: \"https://www.example.se/samrad\"\n  how: \"Svara via e-tjänsten.\"",
    ),
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
    let kind = super::meetings::parse_kind(&src, lines.line("kind"), file.kind, &mut errors);
    let consultation = file
        .consultation
        .and_then(|c| parse_consultation(&src, &lines, c, &mut errors));
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
            kind,
            consultation,
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

/// A consultation's last day (YYYY-MM-DD) and its address, checked on the
/// lines that write them.
fn parse_consultation(
    src: &super::yaml::Source,
    lines: &KeyLines,
    c: ConsultationEntry,
    errors: &mut Vec<Diagnostic>,
) -> Option<Consultation> {
    let from = lines.line("consultation").unwrap_or(1);
    let Some(written) = c.respond_by.map(|r| r.to_string()) else {
        let kind = ErrorKind::MissingKey {
            key: "respond_by",
            example: "  respond_by: 2026-01-15",
        };
        errors.push(src.error_at(Some(from), kind));
        return None;
    };
    let respond_by = (written.len() == 10)
        .then(|| NaiveDate::parse_from_str(&written, "%Y-%m-%d").ok())
        .flatten();
    if respond_by.is_none() {
        let line = src.line_from(from, "respond_by:").or(Some(from));
        let kind = ErrorKind::InvalidDate {
            key: "respond_by",
            value: written,
        };
        errors.push(src.error_at(line, kind));
    }
    super::settings::check_address(src, from, "url", c.url.as_deref(), errors);
    Some(Consultation {
        respond_by: respond_by?,
        url: c.url,
        how: c.how.filter(|h| !h.trim().is_empty()),
    })
}
