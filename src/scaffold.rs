//! `insyn new meeting`: a new meeting folder with index.md and an example
//! paragraph, numbered after the body's last § of the year, so a clerk
//! never starts from a blank file.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::content::{self, settings};

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("{0}")]
    Content(String),
    #[error("the body `{body}` is not in bodies.yaml (known bodies: {known})")]
    UnknownBody { body: String, known: String },
    #[error("{0} already exists; edit the files in it instead")]
    Exists(String),
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

/// Create the meeting folder; returns the files written, relative to `content_dir`.
pub fn new_meeting(
    content_dir: &Path,
    body: &str,
    date: NaiveDate,
) -> Result<Vec<PathBuf>, ScaffoldError> {
    let language = settings::language_of(content_dir);
    let report = |ds: Vec<crate::error::Diagnostic>| {
        ScaffoldError::Content(ds.iter().map(|d| d.render(language)).collect::<String>())
    };
    let text = content::read_text(content_dir, Path::new("bodies.yaml")).map_err(report)?;
    let bodies = settings::parse_bodies(&text.source()).map_err(report)?;
    let Some(the_body) = bodies.iter().find(|b| b.id == body) else {
        return Err(ScaffoldError::UnknownBody {
            body: body.to_owned(),
            known: bodies
                .iter()
                .map(|b| b.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        });
    };
    let dir = Path::new("meetings")
        .join(date.year().to_string())
        .join(format!("{date}-{body}"));
    let full = content_dir.join(&dir);
    if full.exists() {
        return Err(ScaffoldError::Exists(dir.to_string_lossy().into_owned()));
    }
    let number = last_paragraph_number(content_dir, body, date.year()) + 1;
    let index = dir.join("index.md");
    let paragraph = dir.join(format!("{number:03}-val-av-justerare.md"));
    let write = |rel: &Path, text: String| {
        let path = content_dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap_or(content_dir))
            .and_then(|_| std::fs::write(&path, text))
            .map_err(|source| ScaffoldError::Write {
                path: rel.to_string_lossy().into_owned(),
                source,
            })
    };
    write(&index, index_text(body, date))?;
    write(&paragraph, paragraph_text(number, &the_body.name))?;
    Ok(vec![index, paragraph])
}

/// The highest § the body has used in `year`, from file names (0 if none).
fn last_paragraph_number(content_dir: &Path, body: &str, year: i32) -> u32 {
    let year_dir = content_dir.join("meetings").join(year.to_string());
    let suffix = format!("-{body}");
    walkdir::WalkDir::new(year_dir)
        .min_depth(2)
        .max_depth(2)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.path()
                .parent()
                .and_then(Path::file_name)
                .is_some_and(|f| f.to_string_lossy().ends_with(&suffix))
        })
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u32>().ok()
        })
        .max()
        .unwrap_or(0)
}

/// The text the new files hold for a clerk to replace. Left in place, it
/// stops `insyn build` (the preview only warns, while the clerk writes).
pub const PLACEHOLDERS: &[&str] = &[INDEX_PLACEHOLDER, ADJUSTERS_PLACEHOLDER];
const INDEX_PLACEHOLDER: &str = "Närvarande ledamöter, ersättare och tjänstepersoner skrivs här.";
const ADJUSTERS_PLACEHOLDER: &str = "(namn och namn)";

fn index_text(body: &str, date: NaiveDate) -> String {
    format!(
        "---\n\
         body: {body}\n\
         date: {date}\n\
         time: \"13:00\"\n\
         location: \"Stadshuset\"\n\
         # agenda while the meeting is announced (kallelse); minutes once it is held\n\
         status: agenda\n\
         # certified: {date}   # the day the minutes are certified (justerade)\n\
         ---\n\
         {INDEX_PLACEHOLDER}\n"
    )
}

fn paragraph_text(number: u32, body_name: &str) -> String {
    format!(
        "---\n\
         paragraph: {number}\n\
         title: \"Val av justerare\"\n\
         # case: \"2025/12-109\"      # the diarienummer, when the paragraph belongs to a case\n\
         # one of: proposed, referred, returned, tabled, approved, rejected, answered, noted, elected\n\
         decision: elected\n\
         # documents:\n\
         #   - file: tjansteskrivelse.pdf   # a file in this folder: published\n\
         #     title: \"Tjänsteskrivelse\"\n\
         #   - title: \"Remissvar\"          # no file: listed, not published\n\
         # sent_to: [Kommunstyrelsen]\n\
         # confidential: true          # publishes only the § number and date\n\
         ---\n\
         {body_name} utser två ledamöter att justera protokollet.\n\n\
         ### Beslut\n\n\
         **{body_name} beslutar** att utse {ADJUSTERS_PLACEHOLDER} att justera protokollet.\n"
    )
}
