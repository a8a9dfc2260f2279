//! Open data: the model published as files other systems harvest, from the
//! same model and with the same confidentiality rules as the pages —
//! tables of decisions, cases and meetings as CSV and JSON (with a JSON
//! Schema for each JSON file), and with people.yaml the seats and the
//! votes ([`people`]), under `/data/`, a DCAT-AP catalogue of them
//! for dataportal.se, a static OParl 1.1 API under `/oparl/`, and the
//! meetings as iCalendar files.
//!
//! Every address in these files is absolute (`base_url`), and a confidential
//! paragraph appears only as its number, its date and the fixed notice.

pub mod calendar;
pub mod catalogue;
pub mod fragments;
pub mod oparl;
pub mod people;
pub mod rows;
pub mod tables;

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};

use crate::i18n::I18n;
use crate::model::{MeetingIx, Site};
use fragments::Fragments;

/// A data file under `/data/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DataFile {
    DecisionsCsv,
    CasesCsv,
    CasesJson,
    MeetingsJson,
    CasesSchema,
    MeetingsSchema,
    /// `ledamoter.csv`, with people.yaml only.
    PeopleCsv,
    PeopleSchema,
    /// `voteringar.csv`, with people.yaml only.
    VotesCsv,
    VotesSchema,
    Catalogue,
}

impl DataFile {
    /// Is it one of the tables with a row per paragraph, case or meeting?
    pub fn is_bulk_table(self) -> bool {
        matches!(
            self,
            DataFile::DecisionsCsv
                | DataFile::CasesCsv
                | DataFile::CasesJson
                | DataFile::MeetingsJson
        )
    }

    pub const ALL: [DataFile; 11] = [
        DataFile::DecisionsCsv,
        DataFile::CasesCsv,
        DataFile::CasesJson,
        DataFile::MeetingsJson,
        DataFile::CasesSchema,
        DataFile::MeetingsSchema,
        DataFile::PeopleCsv,
        DataFile::PeopleSchema,
        DataFile::VotesCsv,
        DataFile::VotesSchema,
        DataFile::Catalogue,
    ];

    /// Is it about people, and so published only with people.yaml?
    fn is_about_people(self) -> bool {
        matches!(
            self,
            DataFile::PeopleCsv
                | DataFile::PeopleSchema
                | DataFile::VotesCsv
                | DataFile::VotesSchema
        )
    }

    /// The data files a site publishes: the people's only with people.yaml.
    pub fn of(site: &Site) -> impl Iterator<Item = DataFile> {
        let people = !site.people.people.is_empty();
        DataFile::ALL
            .into_iter()
            .filter(move |f| people || !f.is_about_people())
    }

    /// The file, relative to the output folder.
    pub fn file(self) -> &'static str {
        match self {
            DataFile::DecisionsCsv => "data/beslut.csv",
            DataFile::CasesCsv => "data/arenden.csv",
            DataFile::CasesJson => "data/arenden.json",
            DataFile::MeetingsJson => "data/sammantraden.json",
            DataFile::CasesSchema => "data/arenden.schema.json",
            DataFile::MeetingsSchema => "data/sammantraden.schema.json",
            DataFile::PeopleCsv => "data/ledamoter.csv",
            DataFile::PeopleSchema => "data/ledamoter.schema.json",
            DataFile::VotesCsv => "data/voteringar.csv",
            DataFile::VotesSchema => "data/voteringar.schema.json",
            DataFile::Catalogue => "data/katalog.rdf",
        }
    }

    /// How the /data/ page names the file's format.
    pub fn format(self) -> &'static str {
        match self {
            DataFile::DecisionsCsv
            | DataFile::CasesCsv
            | DataFile::PeopleCsv
            | DataFile::VotesCsv => "CSV",
            DataFile::CasesJson | DataFile::MeetingsJson => "JSON",
            DataFile::CasesSchema
            | DataFile::MeetingsSchema
            | DataFile::PeopleSchema
            | DataFile::VotesSchema => "JSON Schema",
            DataFile::Catalogue => "RDF/XML (DCAT-AP)",
        }
    }

    /// The interface string that says what the file holds.
    pub fn description_key(self) -> &'static str {
        match self {
            DataFile::DecisionsCsv => "data_decisions_csv",
            DataFile::CasesCsv => "data_cases_csv",
            DataFile::CasesJson => "data_cases_json",
            DataFile::MeetingsJson => "data_meetings_json",
            DataFile::CasesSchema => "data_cases_schema",
            DataFile::MeetingsSchema => "data_meetings_schema",
            DataFile::PeopleCsv => "data_people_csv",
            DataFile::PeopleSchema => "data_people_schema",
            DataFile::VotesCsv => "data_votes_csv",
            DataFile::VotesSchema => "data_votes_schema",
            DataFile::Catalogue => "data_catalogue",
        }
    }

    /// Its bytes; the bulk tables are joined from `fragments`.
    pub fn render(self, site: &Site, fragments: &Fragments) -> Vec<u8> {
        match self {
            DataFile::CasesSchema => tables::CASES_SCHEMA.as_bytes().to_vec(),
            DataFile::MeetingsSchema => tables::MEETINGS_SCHEMA.as_bytes().to_vec(),
            DataFile::PeopleSchema => people::PEOPLE_SCHEMA.as_bytes().to_vec(),
            DataFile::VotesSchema => people::VOTES_SCHEMA.as_bytes().to_vec(),
            DataFile::Catalogue => catalogue::rdf(site),
            DataFile::PeopleCsv | DataFile::VotesCsv => {
                fragments.people_table(self).unwrap_or_default().to_vec()
            }
            table => fragments.table(site, table).unwrap_or_default(),
        }
    }
}

/// Data files name Swedish labels (the contract's vocabulary), whatever the
/// interface language. Made once: OParl asks for it per object.
fn swedish() -> &'static I18n {
    I18n::shared(crate::content::settings::Language::Sv)
}

/// A text cell of a CSV file, safe to open in a spreadsheet program: a
/// cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is
/// read there as a formula, which can run commands or send data away. Such
/// a cell gets a `'` in front, which spreadsheets show as text (OWASP's
/// advice); a number such as `-12.5` stays as it is.
pub fn spreadsheet_text(cell: &str) -> std::borrow::Cow<'_, str> {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && cell.trim().parse::<f64>().is_err() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// An address on the portal: `base_url` and a path relative to the root.
pub fn absolute(site: &Site, path: &str) -> String {
    format!("{}{path}", site.config.base_url)
}

/// A meeting's start as a local time, when its `time:` says one.
pub fn meeting_time(site: &Site, mi: MeetingIx) -> Option<NaiveTime> {
    let time = site.meetings[mi].time.as_deref()?.trim().replace('.', ":");
    NaiveTime::parse_from_str(&time, "%H:%M").ok()
}

/// Swedish time's offset from UTC on a day: summer time (`+02:00`) from the
/// last Sunday of March to the last Sunday of October, else `+01:00`.
/// Meetings are held in the daytime, so the hour of the change is ignored.
pub fn stockholm_offset(date: NaiveDate) -> &'static str {
    let last_sunday = |month: u32| {
        let first_next = NaiveDate::from_ymd_opt(date.year(), month + 1, 1).unwrap_or(date);
        let mut day = first_next.pred_opt().unwrap_or(date);
        while day.weekday() != Weekday::Sun {
            day = day.pred_opt().unwrap_or(day);
        }
        day
    };
    if date >= last_sunday(3) && date < last_sunday(10) {
        "+02:00"
    } else {
        "+01:00"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_a_spreadsheet_would_run_is_kept_as_text() {
        for formula in [
            "=HYPERLINK(\"http://x\")",
            "+1+1",
            "-2+3+cmd|' /C calc'!A0",
            "@SUM(A1)",
            "\t=1",
        ] {
            assert_eq!(spreadsheet_text(formula), format!("'{formula}"));
        }
        for text in ["Budget 2020", "-12.5", "+46", "2018/71", ""] {
            assert_eq!(spreadsheet_text(text), text);
        }
    }

    #[test]
    fn summer_time_starts_and_ends_on_the_last_sundays_of_march_and_october() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(stockholm_offset(d("2018-03-24")), "+01:00");
        assert_eq!(stockholm_offset(d("2018-03-25")), "+02:00");
        assert_eq!(stockholm_offset(d("2018-10-27")), "+02:00");
        assert_eq!(stockholm_offset(d("2018-10-28")), "+01:00");
        assert_eq!(stockholm_offset(d("2024-03-31")), "+02:00");
        assert_eq!(stockholm_offset(d("2024-01-15")), "+01:00");
    }
}
