//! Meeting folders: `meetings/<YYYY>/<YYYY-MM-DD>-<body>/` with index.md and
//! one file per paragraph (contract, sections 4 and 5). Each file is checked
//! on its own here; rules across files (duplicate §) belong to the model.

use std::path::{Component, Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Deserialize;

use super::acts::{self, Acts, ActsKeys, Attendance, AttendanceKeys, Named};
use super::lint::{self, WrittenLink};
use super::notices;
use super::people::Roster;
use super::settings::{is_web_address, Body};
use super::yaml::{
    key, parse_mapping, split_front_matter, texts, KeyLines, KeySpec, OneOrMany, Scalar, Source,
};
use super::Purpose;
use super::{guarded, is_file_inside, read_text, FileText};
use crate::diarienummer::{self, CaseId};
use crate::documents::RefusedType;
use crate::error::{Diagnostic, ErrorKind, GeneratedPage};
use crate::model::vocabulary::{Decision, Kind, MeetingStatus};
use crate::privacy;

/// A meeting as written, checked on its own.
#[derive(Debug, Clone)]
pub struct MeetingSource {
    /// `2018-03-26-kf`: the folder name, also the meeting's URL segment.
    pub id: String,
    /// The folder, relative to the content folder.
    pub dir: PathBuf,
    pub body: String,
    pub date: NaiveDate,
    pub time: Option<String>,
    pub location: Option<String>,
    pub status: MeetingStatus,
    pub certified: Option<NaiveDate>,
    /// The day the certification was put on the notice board, from which
    /// the right to appeal runs.
    pub announced: Option<NaiveDate>,
    /// The day the meeting (its agenda) was put on the notice board.
    pub agenda_announced: Option<NaiveDate>,
    pub webcast: Option<String>,
    pub notes: String,
    /// Who was present, chaired and adjusted (checked against people.yaml
    /// when the folder is read).
    pub attendance: Attendance<Named>,
    /// The people keys its index.md uses, with their lines.
    pub people_keys: Vec<(&'static str, usize)>,
    pub paragraphs: Vec<ParagraphSource>,
    /// What is worth saying but publishes all the same (a date far ahead),
    /// for the meeting and its paragraphs.
    pub warnings: Vec<Diagnostic>,
    /// The notes' links to pages and files of the portal.
    pub links: Vec<WrittenLink>,
}

/// A paragraph (§) as written, checked on its own.
#[derive(Debug, Clone)]
pub struct ParagraphSource {
    pub file: PathBuf,
    pub number: u32,
    /// The file line of `paragraph:`, for errors found across files.
    pub number_line: usize,
    pub title: String,
    /// Each named case: as written, its identity, and the line naming it.
    pub cases: Vec<(String, CaseId)>,
    pub decision: Decision,
    pub documents: Vec<DocumentSource>,
    pub sent_to: Vec<String>,
    pub confidential: bool,
    pub tags: Vec<String>,
    /// What kind of matter it is, when the file says so (`kind:`).
    pub kind: Option<Kind>,
    /// How the decision can also be appealed (`appeal_note:`).
    pub appeal_note: Option<String>,
    /// Who raised the matter, moved, voted and reserved (checked against
    /// people.yaml when the folder is read).
    pub acts: Acts<Named>,
    /// The people keys it uses, with their lines.
    pub people_keys: Vec<(&'static str, usize)>,
    pub markdown: String,
    /// See [`MeetingSource::warnings`]; moved there when the meeting is read.
    pub warnings: Vec<Diagnostic>,
    /// The text's links to pages and files of the portal.
    pub links: Vec<WrittenLink>,
}

/// A handling (document) of a paragraph. Only one with `file` is published.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentSource {
    pub title: String,
    /// Relative to the meeting folder, `/`-separated, inside it.
    pub file: Option<String>,
    pub size: Option<u64>,
    /// Personal identity numbers the clerk allowed in this document's text
    /// (ten digits each, see [`privacy`]).
    pub allowed: Vec<String>,
}

#[derive(Deserialize)]
struct MeetingFile {
    body: Option<Scalar>,
    date: Option<Scalar>,
    time: Option<Scalar>,
    location: Option<String>,
    status: Option<String>,
    certified: Option<Scalar>,
    announced: Option<Scalar>,
    agenda_announced: Option<Scalar>,
    webcast: Option<String>,
    present: Option<Vec<Scalar>>,
    chair: Option<Scalar>,
    adjusters: Option<Vec<Scalar>>,
}

const MEETING_KEYS: &[KeySpec] = &[
    key("body", true, "body: kf"),
    key("date", true, "date: 2018-03-26"),
    key("time", false, "time: \"18:30\""),
    key("location", false, "location: \"Stadshuset\""),
    key("status", true, "status: minutes"),
    key("certified", false, "certified: 2018-04-03"),
    key("announced", false, "announced: 2018-04-04"),
    key("agenda_announced", false, "agenda_announced: 2018-03-15"),
    key("webcast", false, "webcast: \"https://play.example.se/kf\""),
    key("present", false, "present: [anna-andersson, jon-sjolander]"),
    key("chair", false, "chair: anna-andersson"),
    key("adjusters", false, "adjusters: [jon-sjolander]"),
];

#[derive(Deserialize)]
struct ParagraphFile {
    paragraph: Option<u32>,
    title: Option<String>,
    case: Option<OneOrMany>,
    decision: Option<String>,
    documents: Option<Vec<DocumentEntry>>,
    sent_to: Option<Vec<String>>,
    confidential: Option<bool>,
    tags: Option<Vec<Scalar>>,
    kind: Option<String>,
    appeal_note: Option<String>,
    allow_personnummer: Option<OneOrMany>,
    raised_by: Option<Vec<Scalar>>,
    proposals: Option<Vec<acts::ProposalEntry>>,
    vote: Option<acts::VoteEntry>,
    reservations: Option<Vec<acts::ReservationEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentEntry {
    file: Option<String>,
    title: String,
    allow_personnummer: Option<OneOrMany>,
}

const PARAGRAPH_KEYS: &[KeySpec] = &[
    key("paragraph", true, "paragraph: 63"),
    key(
        "title",
        true,
        "title: \"Motion om en digital medborgarportal\"",
    ),
    key("case", false, "case: \"2018/71-109\""),
    key("decision", true, "decision: approved"),
    key(
        "documents",
        false,
        "documents:\n  - file: motion.pdf\n    title: \"Motion\"",
    ),
    key("sent_to", false, "sent_to: [Kommunstyrelsen]"),
    key("confidential", false, "confidential: true"),
    key("tags", false, "tags: [digitalisering]"),
    key("kind", false, "kind: motion"),
    key(
        "appeal_note",
        false,
        "appeal_note: \"Beslutet kan också överklagas enligt plan- och bygglagen.\"",
    ),
    key(
        "allow_personnummer",
        false,
        "allow_personnummer: [\"19121212-1212\"]",
    ),
    key("raised_by", false, "raised_by: [jon-sjolander]"),
    key(
        "proposals",
        false,
        "proposals:\n  - by: jon-sjolander\n    text: \"bifall till motionen\"",
    ),
    key(
        "vote",
        false,
        "vote:\n  for: [anna-andersson]\n  against: [jon-sjolander]\n  abstain: 0",
    ),
    key(
        "reservations",
        false,
        "reservations:\n  - by: [jon-sjolander]",
    ),
];

/// Load one meeting folder: `dir` is relative to `content`.
pub fn load_meeting(
    content: &Path,
    dir: &Path,
    bodies: Option<&[Body]>,
    people: Roster,
    purpose: Purpose,
) -> Result<MeetingSource, Vec<Diagnostic>> {
    let folder = dir
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let year_folder = dir
        .parent()
        .and_then(Path::file_name)
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let index_rel = dir.join("index.md");
    let folder_error = |kind| vec![Diagnostic::error(crate::error::Location::file(dir), kind)];
    let Some((folder_date, folder_body)) = parse_meeting_folder(&folder) else {
        return Err(folder_error(ErrorKind::BadMeetingFolder(folder)));
    };
    if !content.join(&index_rel).is_file() {
        return Err(folder_error(ErrorKind::MeetingWithoutIndex(
            dir.to_string_lossy().into_owned(),
        )));
    }
    let mut errors = Vec::new();
    if folder_date.year().to_string() != year_folder {
        errors.push(Diagnostic::error(
            crate::error::Location::file(dir),
            ErrorKind::MeetingInWrongYear {
                date: folder_date.to_string(),
                year: year_folder.clone(),
            },
        ));
    }
    let meeting = read_text(content, &index_rel).and_then(|text| {
        guarded(
            &text,
            parse_meeting_index(&text, &folder, folder_date, &folder_body, bodies, purpose),
        )
    });
    let paragraphs = load_paragraph_files(content, dir, purpose);
    let mut meeting = match meeting {
        Ok(m) => Some(m),
        Err(es) => {
            errors.extend(es);
            None
        }
    };
    let mut warnings = Vec::new();
    for p in paragraphs {
        match p {
            Ok(mut p) => {
                warnings.append(&mut p.warnings);
                if let Some(m) = meeting.as_mut() {
                    m.paragraphs.push(p);
                }
            }
            Err(es) => errors.extend(es),
        }
    }
    if let Some(m) = meeting.as_mut() {
        warnings.append(&mut m.warnings);
        m.dir = dir.to_path_buf();
        let body = bodies.and_then(|bs| {
            let at = bs.iter().position(|b| b.id == m.body)?;
            Some((at, bs[at].name.as_str()))
        });
        match people {
            Roster::Absent => errors.extend(acts::check_meeting(content, m, body, None)),
            Roster::Read(people) => {
                errors.extend(acts::check_meeting(content, m, body, Some(people)))
            }
            Roster::Unreadable => {}
        }
    }
    // Without an error the warnings go with the meeting; with one, with
    // the errors, so that `insyn check` still shows every problem.
    match meeting {
        Some(mut m) if errors.is_empty() => {
            m.warnings = warnings;
            m.paragraphs.sort_by_key(|p| p.number);
            Ok(m)
        }
        _ => {
            errors.extend(warnings);
            Err(errors)
        }
    }
}

/// `2018-03-26-kf` → (2018-03-26, "kf").
fn parse_meeting_folder(name: &str) -> Option<(NaiveDate, String)> {
    let date = NaiveDate::parse_from_str(name.get(..10)?, "%Y-%m-%d").ok()?;
    let body = name.get(10..)?.strip_prefix('-')?;
    (!body.is_empty()).then(|| (date, body.to_owned()))
}

fn parse_meeting_index(
    text: &FileText,
    folder: &str,
    folder_date: NaiveDate,
    folder_body: &str,
    bodies: Option<&[Body]>,
    purpose: Purpose,
) -> Result<MeetingSource, Vec<Diagnostic>> {
    let src = text.source();
    let fm = split_front_matter(&text.text).map_err(|k| vec![src.error_at(Some(1), k)])?;
    let (file, lines): (MeetingFile, KeyLines) =
        parse_mapping(&src, fm.yaml, fm.yaml_line, MEETING_KEYS)?;
    let mut errors = Vec::new();
    let body = file.body.map(|b| b.to_string()).unwrap_or_default();
    // Without a readable bodies.yaml, its own errors say enough.
    if bodies.is_some_and(|bs| !bs.iter().any(|b| b.id == body)) {
        let known = bodies.unwrap_or_default().iter().map(|b| b.id.clone());
        let kind = ErrorKind::UnknownBody {
            id: body.clone(),
            known: known.collect(),
        };
        errors.push(src.error_at(lines.line("body"), kind));
    } else if body != folder_body {
        errors.push(src.error_at(
            lines.line("body"),
            ErrorKind::FolderMismatch {
                key: "body",
                front_matter: body.clone(),
                folder: folder.to_owned(),
            },
        ));
    }
    let date = parse_date(&src, &lines, "date", file.date.as_ref(), &mut errors);
    if let Some(d) = date {
        if d != folder_date {
            errors.push(src.error_at(
                lines.line("date"),
                ErrorKind::FolderMismatch {
                    key: "date",
                    front_matter: d.to_string(),
                    folder: folder.to_owned(),
                },
            ));
        }
    }
    let mut warnings = Vec::new();
    if let Some(warning) = date_out_of_range(&src, &lines, folder_date) {
        warnings.push(warning);
    }
    let certified = parse_date(
        &src,
        &lines,
        "certified",
        file.certified.as_ref(),
        &mut errors,
    );
    if let Some(c) = certified.filter(|c| *c < folder_date) {
        errors.push(src.error_at(
            lines.line("certified"),
            ErrorKind::CertifiedBeforeMeeting {
                certified: c.to_string(),
                date: folder_date.to_string(),
            },
        ));
    }
    let announced = parse_date(
        &src,
        &lines,
        "announced",
        file.announced.as_ref(),
        &mut errors,
    );
    let agenda_announced = parse_date(
        &src,
        &lines,
        "agenda_announced",
        file.agenda_announced.as_ref(),
        &mut errors,
    );
    let time = file
        .time
        .is_some()
        .then(|| parse_time(&src, &lines, &mut errors))
        .flatten();
    let notes_start = text.text.len() - fm.body.len();
    placeholders(&src, notes_start, purpose, &mut errors, &mut warnings);
    let links = lint::check_source(&src, notes_start, &mut errors, &mut warnings);
    let attendance_keys = AttendanceKeys {
        present: file.present,
        chair: file.chair,
        adjusters: file.adjusters,
    };
    let attendance = acts::read_attendance(&src, &attendance_keys, |k| lines.line(k));
    let status_key = file.status.unwrap_or_default();
    let status = MeetingStatus::from_key(&status_key);
    if status.is_none() {
        errors.push(src.error_at(
            lines.line("status"),
            ErrorKind::NotInVocabulary {
                key: "status",
                value: status_key,
                allowed: MeetingStatus::KEYS.to_vec(),
            },
        ));
    }
    let dates = notices::Announcements {
        date: folder_date,
        held: status != Some(MeetingStatus::Agenda),
        fullmaktige: notices::is_fullmaktige(&body, bodies),
        certified,
        announced,
        agenda_announced,
    };
    notices::check(&src, &lines, &dates, &mut errors, &mut warnings);
    if let Some(w) = file.webcast.as_deref() {
        if !is_web_address(w) {
            errors.push(src.error_at(
                lines.line("webcast"),
                ErrorKind::NotAWebAddress {
                    key: "webcast",
                    value: w.to_owned(),
                },
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(MeetingSource {
        id: folder.to_owned(),
        dir: PathBuf::new(),
        body,
        date: folder_date,
        time,
        location: file.location,
        status: status.unwrap_or(MeetingStatus::Minutes),
        certified,
        announced,
        agenda_announced,
        webcast: file.webcast,
        notes: fm.body.to_owned(),
        attendance,
        people_keys: acts::keys_used(&acts::MEETING_KEYS, |k| lines.line(k)),
        paragraphs: Vec::new(),
        warnings,
        links,
    })
}

/// A meeting more than a year ahead, or before 1900, is most likely a
/// mistyped year: a warning at its `date:`.
fn date_out_of_range(src: &Source, lines: &KeyLines, date: NaiveDate) -> Option<Diagnostic> {
    let today = chrono::Utc::now().date_naive();
    let a_year_ahead = today.checked_add_months(chrono::Months::new(12))?;
    let oldest = NaiveDate::from_ymd_opt(1900, 1, 1)?;
    (date > a_year_ahead || date < oldest).then(|| {
        src.warning_at(
            lines.line("date"),
            ErrorKind::DateOutOfRange {
                date: date.to_string(),
            },
        )
    })
}

/// `time:` as the clerk wrote it (YAML reads `13.00` as the number 13):
/// `13:00`, `13.00` and `9.30` are times, written `HH:MM`; anything else
/// is an error rather than a guess.
fn parse_time(src: &Source, lines: &KeyLines, errors: &mut Vec<Diagnostic>) -> Option<String> {
    let line = lines.line("time")?;
    let written = src.value_on_line(line);
    let time = written
        .split_once([':', '.'])
        .filter(|(h, m)| {
            (1..=2).contains(&h.len())
                && m.len() == 2
                && h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit())
        })
        .and_then(|(h, m)| chrono::NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0));
    if time.is_none() {
        errors.push(src.error_at(Some(line), ErrorKind::InvalidTime(written.to_owned())));
    }
    time.map(|t| t.format("%H:%M").to_string())
}

/// The text `insyn new` writes for a clerk to replace, left in place from
/// `body_start` (the byte where the Markdown starts): an error when
/// publishing, a warning in the preview (where the clerk is still writing).
fn placeholders(
    src: &Source,
    body_start: usize,
    purpose: Purpose,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) {
    for placeholder in crate::scaffold::PLACEHOLDERS {
        let Some(at) = src.text[body_start..].find(placeholder) else {
            continue;
        };
        let line = src.text[..body_start + at].matches('\n').count() + 1;
        let kind = ErrorKind::PlaceholderLeft((*placeholder).to_owned());
        match purpose {
            Purpose::Publish => errors.push(src.error_at(Some(line), kind)),
            Purpose::Preview => warnings.push(src.warning_at(Some(line), kind)),
        }
    }
}

/// A date key, checked: `None` (and an error) when it is not YYYY-MM-DD.
fn parse_date(
    src: &Source,
    lines: &KeyLines,
    key: &'static str,
    value: Option<&Scalar>,
    errors: &mut Vec<Diagnostic>,
) -> Option<NaiveDate> {
    let written = value?.to_string();
    let parsed = (written.len() == 10)
        .then(|| NaiveDate::parse_from_str(&written, "%Y-%m-%d").ok())
        .flatten();
    if parsed.is_none() {
        errors.push(src.error_at(
            lines.line(key),
            ErrorKind::InvalidDate {
                key,
                value: written,
            },
        ));
    }
    parsed
}

/// Every `.md` file of the meeting folder but index.md, in name order.
fn load_paragraph_files(
    content: &Path,
    dir: &Path,
    purpose: Purpose,
) -> Vec<Result<ParagraphSource, Vec<Diagnostic>>> {
    let mut names: Vec<String> = std::fs::read_dir(content.join(dir))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| is_file_inside(content, e))
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".md") && n != "index.md")
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    // Read on every core: the preview reads one meeting at a time.
    names
        .into_par_iter()
        .map(|name| {
            let rel = dir.join(&name);
            let text = read_text(content, &rel)?;
            parse_paragraph(content, dir, &name, &text, purpose)
        })
        .collect()
}

/// The § number a paragraph file name starts with: `063-budget.md` → 63.
fn number_in_file_name(name: &str) -> Option<u32> {
    let stem = name.strip_suffix(".md")?;
    let digits: String = stem.chars().take_while(char::is_ascii_digit).collect();
    let rest = &stem[digits.len()..];
    if digits.is_empty() || !(rest.is_empty() || rest.starts_with('-')) {
        return None;
    }
    digits.parse().ok()
}

fn parse_paragraph(
    content: &Path,
    dir: &Path,
    name: &str,
    text: &FileText,
    purpose: Purpose,
) -> Result<ParagraphSource, Vec<Diagnostic>> {
    let src = text.source();
    let Some(file_number) = number_in_file_name(name) else {
        return Err(vec![
            src.error_at(None, ErrorKind::BadParagraphFileName(name.to_owned()))
        ]);
    };
    let fm = split_front_matter(&text.text).map_err(|k| vec![src.error_at(Some(1), k)])?;
    let (file, lines): (ParagraphFile, KeyLines) =
        parse_mapping(&src, fm.yaml, fm.yaml_line, PARAGRAPH_KEYS)?;
    let mut errors = Vec::new();
    let number = file.paragraph.unwrap_or_default();
    if number != file_number {
        errors.push(src.error_at(
            lines.line("paragraph"),
            ErrorKind::ParagraphNumberMismatch {
                file_number,
                paragraph: number,
            },
        ));
    }
    let mut cases = Vec::new();
    for written in file.case.map(OneOrMany::into_vec).unwrap_or_default() {
        match CaseId::parse(&written) {
            Some(id) => cases.push((diarienummer::without_label(&written).to_owned(), id)),
            None => errors.push(src.error_at(
                src.line_from(1, written.trim()).or(lines.line("case")),
                ErrorKind::MalformedDiarienummer(written),
            )),
        }
    }
    let decision_key = file.decision.unwrap_or_default();
    let decision = Decision::from_key(&decision_key);
    if decision.is_none() {
        errors.push(src.error_at(
            lines.line("decision"),
            ErrorKind::NotInVocabulary {
                key: "decision",
                value: decision_key,
                allowed: Decision::KEYS.to_vec(),
            },
        ));
    }
    let kind = parse_kind(&src, lines.line("kind"), file.kind, &mut errors);
    let allowed = allowed_numbers(
        &src,
        file.allow_personnummer,
        lines.line("allow_personnummer"),
        &mut errors,
    );
    let confidential = file.confidential.unwrap_or(false);
    let acts_keys = ActsKeys {
        raised_by: file.raised_by,
        proposals: file.proposals,
        vote: file.vote,
        reservations: file.reservations,
    };
    let acts = acts::read_acts(&src, acts_keys, |k| lines.line(k), &mut errors);
    let mut warnings = Vec::new();
    let body_start = text.text.len() - fm.body.len();
    placeholders(&src, body_start, purpose, &mut errors, &mut warnings);
    let mut links = Vec::new();
    if !confidential {
        links = lint::check_source(&src, body_start, &mut errors, &mut warnings);
        // The allow keys' own lines name the numbers they allow, for this
        // paragraph or for one of its documents.
        let allow_lines = allow_key_lines(&text.text);
        errors.extend(
            privacy::scan(&text.rel, &text.text, Some(&allowed))
                .into_iter()
                .filter(|d| !d.location.line.is_some_and(|l| allow_lines.contains(&l))),
        );
    }
    let mut documents = Vec::new();
    for entry in file.documents.unwrap_or_default() {
        let allowed = allowed_numbers(
            &src,
            entry.allow_personnummer,
            lines.line("documents"),
            &mut errors,
        );
        let Some(path) = entry.file else {
            documents.push(DocumentSource {
                title: entry.title,
                file: None,
                size: None,
                allowed,
            });
            continue;
        };
        let line = src
            .line_from(1, format!("file: {path}").trim())
            .or_else(|| src.line_from(1, path.trim()))
            .or(lines.line("documents"));
        let checked = check_document_path(content, dir, &path)
            .and_then(|(normalised, size)| check_document_type(content, dir, normalised, size));
        match checked {
            Ok((normalised, size)) => documents.push(DocumentSource {
                title: entry.title,
                file: Some(normalised),
                size: Some(size),
                allowed,
            }),
            Err(kind) => errors.push(src.error_at(line, kind)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ParagraphSource {
        file: text.rel.clone(),
        number,
        number_line: lines.line("paragraph").unwrap_or(1),
        title: file.title.unwrap_or_default(),
        cases,
        decision: decision.unwrap_or(Decision::Noted),
        documents,
        sent_to: file.sent_to.unwrap_or_default(),
        confidential,
        tags: texts(file.tags),
        kind,
        appeal_note: file.appeal_note.filter(|n| !n.trim().is_empty()),
        acts,
        people_keys: acts::keys_used(&acts::PARAGRAPH_KEYS, |k| lines.line(k)),
        markdown: fm.body.to_owned(),
        warnings,
        links,
    })
}

/// A `kind:` as written, checked against the vocabulary.
pub(super) fn parse_kind(
    src: &Source,
    line: Option<usize>,
    written: Option<String>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Kind> {
    src.vocabulary(line, "kind", written?, Kind::from_key, Kind::KEYS, errors)
}

/// The numbers of an `allow_personnummer` key, as ten identifying digits;
/// one that is not a valid number is an error on its line.
fn allowed_numbers(
    src: &Source,
    written: Option<OneOrMany>,
    key_line: Option<usize>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut allowed = Vec::new();
    for number in written.map(OneOrMany::into_vec).unwrap_or_default() {
        match privacy::identity_digits(number.trim()) {
            Some(digits) => allowed.push(digits),
            None => errors.push(src.error_at(
                src.line_from(1, number.trim()).or(key_line),
                ErrorKind::NotAPersonalNumber(number),
            )),
        }
    }
    allowed
}

/// The lines of `allow_personnummer:` keys and of their list items.
fn allow_key_lines(text: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut key_indent = None;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        let item = line.trim_start().trim_start_matches("- ");
        if item.starts_with("allow_personnummer:") {
            lines.push(i + 1);
            key_indent = Some(indent);
        } else if key_indent.is_some_and(|k| indent > k && line.trim_start().starts_with('-')) {
            lines.push(i + 1);
        } else {
            key_indent = None;
        }
    }
    lines
}

/// A document path must name an existing file inside the meeting folder.
/// Returns it `/`-separated, with its size.
fn check_document_path(content: &Path, dir: &Path, path: &str) -> Result<(String, u64), ErrorKind> {
    let rel = Path::new(path);
    let inside = !path.contains('\\')
        && rel
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !inside || path.trim().is_empty() {
        return Err(ErrorKind::DocumentOutsideMeeting(path.to_owned()));
    }
    let meeting_dir = content.join(dir);
    let full = meeting_dir.join(rel);
    let meta = std::fs::metadata(&full)
        .ok()
        .filter(|m| m.is_file())
        .ok_or_else(|| ErrorKind::MissingDocument(path.to_owned()))?;
    // A link inside the folder must not lead out of it either.
    let (Ok(real), Ok(real_dir)) = (full.canonicalize(), meeting_dir.canonicalize()) else {
        return Err(ErrorKind::MissingDocument(path.to_owned()));
    };
    if !real.starts_with(&real_dir) {
        return Err(ErrorKind::DocumentOutsideMeeting(path.to_owned()));
    }
    let normalised: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    Ok((normalised.join("/"), meta.len()))
}

/// A document must be a kind of file the portal publishes: never one that
/// can run script on its pages (and, named so, would replace one of them).
fn check_document_type(
    content: &Path,
    dir: &Path,
    file: String,
    size: u64,
) -> Result<(String, u64), ErrorKind> {
    match crate::documents::attachment_type(&file) {
        Ok(()) => Ok((file, size)),
        Err(RefusedType::Unknown) => Err(ErrorKind::DocumentTypeNotAllowed { file }),
        Err(RefusedType::Scriptable) => Err(ErrorKind::ScriptableDocument {
            replaces: generated_page_named(content, dir, &file),
            file,
        }),
    }
}

/// The page Insyn makes in a meeting's folder under this name, if any: the
/// meeting's page, a paragraph's, or the text page of a PDF beside it.
fn generated_page_named(content: &Path, dir: &Path, file: &str) -> Option<GeneratedPage> {
    if file == "index.html" {
        return Some(GeneratedPage::Meeting);
    }
    if let Some(number) = file
        .strip_suffix("/index.html")
        .and_then(|folder| folder.strip_prefix('p'))
        .and_then(|n| n.parse().ok())
    {
        return Some(GeneratedPage::Paragraph(number));
    }
    let pdf = format!("{}.pdf", file.strip_suffix(".html")?);
    content
        .join(dir)
        .join(&pdf)
        .is_file()
        .then_some(GeneratedPage::PdfText(pdf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_numbers_from_paragraph_file_names() {
        assert_eq!(number_in_file_name("063-budget.md"), Some(63));
        assert_eq!(number_in_file_name("7.md"), Some(7));
        assert_eq!(number_in_file_name("budget.md"), None);
        assert_eq!(number_in_file_name("063budget.md"), None);
    }

    #[test]
    fn reads_meeting_folder_names() {
        let (d, b) = parse_meeting_folder("2018-03-26-kf").unwrap();
        assert_eq!((d.to_string().as_str(), b.as_str()), ("2018-03-26", "kf"));
        assert!(parse_meeting_folder("2018-02-30-kf").is_none());
        assert!(parse_meeting_folder("2018-03-26").is_none());
    }
}
