//! Content diagnostics: what went wrong, in which file and on which line,
//! and what the clerk should change.
//!
//! Every check in Insyn reports through [`Diagnostic`], so a run collects all
//! problems at once and prints them in one consistent shape:
//!
//! ```text
//! error: unknown key `dnr`
//!   --> meetings/2018/2018-03-26-kf/063-motion.md:5:1
//!    |
//!  5 | dnr: "2018/71"
//!    |
//!    = help: did you mean `case`? A paragraph may have: paragraph, title, …
//! ```
//!
//! Each message and help is in English (the `#[error]` lines and
//! `help_en`) and in Swedish ([`svenska`]), and [`Diagnostic::render`]
//! prints it in the portal's language with every personal identity number
//! masked.

mod svenska;

use std::fmt;
use std::path::{Path, PathBuf};

pub use crate::content::settings::Language;
use crate::external::Answer;

/// Where a problem is: a file relative to the content folder, and a line and
/// column when one is known (both 1-based).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// For a PDF: the page (1-based).
    pub page: Option<usize>,
}

impl Location {
    pub fn file(file: impl AsRef<Path>) -> Self {
        Location {
            file: file.as_ref().to_path_buf(),
            line: None,
            column: None,
            page: None,
        }
    }

    /// A page of a PDF.
    pub fn page(file: impl AsRef<Path>, page: usize) -> Self {
        Location {
            page: Some(page),
            ..Location::file(file)
        }
    }

    /// The located line of the file's `text`, as a message quotes it.
    pub fn source_line(&self, text: &str) -> Option<String> {
        let line = self.line?;
        text.lines().nth(line.checked_sub(1)?).map(visible)
    }

    /// The line and column of byte `offset` of the file's `text`.
    pub fn at_offset(file: impl AsRef<Path>, text: &str, offset: usize) -> Self {
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Location::at(file, line, before[line_start..].chars().count() + 1)
    }

    pub fn at(file: impl AsRef<Path>, line: usize, column: usize) -> Self {
        Location {
            file: file.as_ref().to_path_buf(),
            line: Some(line),
            column: Some(column),
            page: None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Forward slashes on every platform, so messages match the docs.
        let file = self.file.to_string_lossy().replace('\\', "/");
        match (self.line, self.column, self.page) {
            (Some(l), Some(c), _) => write!(f, "{file}:{l}:{c}"),
            (Some(l), None, _) => write!(f, "{file}:{l}"),
            (None, _, Some(p)) => write!(f, "{file}, page {p}"),
            _ => write!(f, "{file}"),
        }
    }
}

/// Every kind of content problem Insyn knows. The message says what is wrong;
/// [`ErrorKind::help`] says what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ErrorKind {
    #[error("the content folder `{0}` does not exist")]
    NoContentFolder(String),
    #[error("{file} is missing")]
    MissingRequiredFile {
        file: &'static str,
        example: &'static str,
    },
    #[error("the file is not valid UTF-8 text")]
    NotUtf8,
    #[error("the file has no front matter")]
    MissingFrontMatter,
    #[error("the front matter is not closed")]
    UnclosedFrontMatter,
    #[error("the YAML cannot be read: {}", .0.english())]
    Yaml(YamlProblem),
    #[error("the key `{key}` is written twice (first on line {first_line})")]
    DuplicateKey { key: String, first_line: usize },
    #[error("unknown key `{key}`")]
    UnknownKey { key: String, allowed: Vec<String> },
    #[error("the required key `{key}` is missing")]
    MissingKey {
        key: &'static str,
        example: &'static str,
    },
    #[error("`{key}` has a value of the wrong kind: found {found}, but {} is expected", wanted.english())]
    WrongType {
        key: String,
        /// What YAML read, as serde names it: `string "x"`, `integer 5`.
        found: String,
        wanted: Wanted,
        example: &'static str,
    },
    #[error("`{key}: {value}` is not a valid date")]
    InvalidDate { key: &'static str, value: String },
    #[error("`{key}: {value}` is not one of the allowed values")]
    NotInVocabulary {
        key: &'static str,
        value: String,
        allowed: Vec<&'static str>,
    },
    #[error("the body `{id}` is not in bodies.yaml")]
    UnknownBody { id: String, known: Vec<String> },
    #[error("the body id `{0}` may only use a–z, 0–9 and -")]
    InvalidBodyId(String),
    #[error("the body `{id}` is listed twice in bodies.yaml (first at line {first_line})")]
    DuplicateBody { id: String, first_line: usize },
    #[error("`{key}: {front_matter}` does not match the folder name `{folder}`")]
    FolderMismatch {
        key: &'static str,
        front_matter: String,
        folder: String,
    },
    #[error("the folder name `{0}` is not of the form YYYY-MM-DD-<body>")]
    BadMeetingFolder(String),
    #[error("the meeting folder `{0}` has no index.md")]
    MeetingWithoutIndex(String),
    #[error("the file name `{0}` does not start with the § number (like `063-budget.md`)")]
    BadParagraphFileName(String),
    #[error(
        "the file name says § {file_number} but the front matter says `paragraph: {paragraph}`"
    )]
    ParagraphNumberMismatch { file_number: u32, paragraph: u32 },
    #[error("§ {number} of {body} in {year} is used twice (also in {other})")]
    DuplicateParagraph {
        number: u32,
        body: String,
        year: i32,
        other: String,
    },
    #[error("`{0}` is not a diarienummer")]
    MalformedDiarienummer(String),
    #[error("a personal identity number would be published: {masked}")]
    PersonalNumber { masked: String, can_allow: bool },
    #[error(
        "a personal identity number would be published in the PDF's {}: {masked}",
        pdf_place_en(place)
    )]
    PersonalNumberInPdfDetails {
        masked: String,
        place: crate::documents::PdfPlace,
    },
    #[error("`{0}` in allow_personnummer is not a valid personal identity number")]
    NotAPersonalNumber(String),
    #[error("the file name `{file_id}.md` does not match `case: {written}`, the case {case_id}")]
    CaseFileMismatch {
        file_id: String,
        written: String,
        case_id: String,
    },
    #[error("the meeting of {date} is in the folder for the year {year}")]
    MeetingInWrongYear { date: String, year: String },
    #[error("the document file `{0}` does not exist in the meeting folder")]
    MissingDocument(String),
    #[error(
        "the text lies quotes, lists or HTML elements in one another more than {0} levels deep"
    )]
    NestedTooDeep(usize),
    #[error("this symbolic link leads out of the content folder (or nowhere), so what it names is not published")]
    LinkLeadsOutOfContent,
    #[error("the document path `{0}` leads outside the meeting folder")]
    DocumentOutsideMeeting(String),
    #[error("`{file}` can run script in the browser (HTML, SVG, XML), so it is not published{}", replaces.as_ref().map(|r| format!("; it would also replace {}", generated_page_en(r))).unwrap_or_default())]
    ScriptableDocument {
        file: String,
        replaces: Option<GeneratedPage>,
    },
    #[error("`{file}` is not a kind of file the portal publishes")]
    DocumentTypeNotAllowed { file: String },
    #[error("`{key}: {value}` must be a web address starting with https:// or http://")]
    NotAWebAddress { key: &'static str, value: String },
    #[error("`registry: {0}` must be an e-mail address or a web address starting with https://")]
    NotARegistryAddress(String),
    #[error("the theme `{0}` is not the name of a folder in themes/")]
    ThemeNotAName(String),
    #[error("the theme `{name}` has no folder themes/{name}/ beside the content folder")]
    UnknownTheme { name: String, known: Vec<String> },
    #[error("`{0}` is not a licence Insyn knows")]
    UnknownLicence(String),
    #[error("the free page name `{0}` is used by a section of the site")]
    ReservedPageSlug(String),
    #[error("`{0}` is not named after a year")]
    BadBudgetFileName(String),
    #[error("the budget says `year: {year}` but the file is named {file_year}.yaml")]
    BudgetYearMismatch { file_year: i32, year: i32 },
    #[error("the amount of `{0}` is negative")]
    NegativeAmount(String),
    #[error("the tax rate {0} is not a percentage")]
    BadTaxRate(String),
    #[error("the free page name `{0}` may only use a–z, 0–9 and -")]
    BadPageSlug(String),
    #[error("the related case `{0}` is not named by any published paragraph, so it is shown without a link")]
    UnknownRelatedCase(String),
    #[error("no text could be read from this PDF: {0}")]
    PdfWithoutText(String),
    #[error("no published paragraph names the case {0}, so its case file is not published")]
    CaseFileWithoutParagraphs(String),
    #[error("`{0}` is not a Kolada municipality id")]
    BadMunicipalityId(String),
    #[error("the statistics group id `{0}` may only use a–z, 0–9 and -")]
    BadStatsGroupId(String),
    #[error("the statistics group `{id}` is listed twice (first at line {first_line})")]
    DuplicateStatsGroup { id: String, first_line: usize },
    #[error("the statistics group `{0}` lists no indicators")]
    EmptyStatsGroup(String),
    #[error("`{0}` is not a Kolada indicator id")]
    BadKpiId(String),
    #[error("the indicator {kpi} is listed twice in the group `{group}`")]
    KpiListedTwice { kpi: String, group: String },
    #[error("the indicators are not shown: site.yaml has no `kolada:` section")]
    StatsWithoutKolada,
    #[error("the indicators are not shown yet: there are no values from Kolada in stats/kolada/")]
    KoladaCacheMissing,
    #[error("the indicator {0} is not shown: stats/kolada/ has no values for it")]
    KpiNotCached(String),
    #[error("the Kolada cache cannot be read: {0}")]
    BadKoladaCache(String),
    #[error("`time: {0}` is not a time of day")]
    InvalidTime(String),
    #[error("the minutes are certified on {certified}, before the meeting on {date}")]
    CertifiedBeforeMeeting { certified: String, date: String },
    #[error("a meeting not yet held (`status: agenda`) has no minutes whose certification could be announced")]
    AnnouncedBeforeHeld,
    #[error(
        "the certification is announced {announced}, before the minutes were certified {certified}"
    )]
    AnnouncedBeforeCertified {
        announced: String,
        certified: String,
    },
    #[error("the minutes are announced {announced}, before the meeting on {date}")]
    AnnouncedBeforeMeeting { announced: String, date: String },
    #[error("the certification was announced {0} days after it; the law asks for the second day at the latest")]
    AnnouncedLate(i64),
    #[error("the meeting is announced {announced}, after it was held on {date}")]
    AgendaAnnouncedAfterMeeting { announced: String, date: String },
    #[error(
        "the council's meeting was announced {0} days ahead; the law asks for at least a week"
    )]
    AgendaAnnouncedLate(i64),
    #[error("the meeting is dated {date}, more than a year from today or before 1900")]
    DateOutOfRange { date: String },
    #[error("the text `{0}` that `insyn new` wrote is still here")]
    PlaceholderLeft(String),
    #[error("the text holds the invisible control character {}, which feeds, calendars and data files cannot carry", char_name(*.0))]
    ControlCharacter(char),
    #[error("a character reference writes the control character {}, which is removed from the page", char_name(*.0))]
    ControlCharacterRemoved(char),
    #[error("the image has no text alternative")]
    ImageWithoutAlt,
    #[error("the heading jumps from level {previous} to level {level}")]
    HeadingSkipsLevel { previous: u8, level: u8 },
    #[error("`{written}` is not linked: {}", unresolved_en(why))]
    UnresolvedReference {
        written: String,
        why: crate::references::Unresolved,
    },
    #[error("{}", over_host_en(*host, over))]
    OverHostLimit {
        host: crate::hosting::Host,
        over: crate::hosting::Over,
    },
    #[error("the link has no text")]
    EmptyLinkText,
    #[error("the table has no header row")]
    TableWithoutHeader,
    #[error("the address `{0}` is not published: the link is shown as plain text")]
    AddressRemoved(String),
    #[error("the address `{0}` cannot be published")]
    UnsafeAddress(String),
    #[error("the link `{address}` leads to nothing in the portal")]
    LinkLeadsNowhere {
        address: String,
        closest: Option<String>,
    },
    #[error("the link `{0}` leads to a file that is not published")]
    LinkToUnpublished(String),
    #[error("the link `{0}` leads to a confidential paragraph")]
    LinkToConfidential(String),
    #[error("the link `{address}` does not work: {}", answer.problem(Language::En))]
    ExternalLinkBroken { address: String, answer: Answer },
    #[error("the person `{id}` is not in people.yaml")]
    UnknownPerson { id: String, closest: Option<String> },
    #[error("the party `{id}` is not among the parties of people.yaml")]
    UnknownParty { id: String, known: Vec<String> },
    #[error("the id `{0}` may only use a–z, 0–9 and -")]
    InvalidPeopleId(String),
    #[error("the id `{id}` is used twice in people.yaml (first at line {first_line})")]
    DuplicatePeopleId { id: String, first_line: usize },
    #[error("`{key}` is about people, but the portal has no people.yaml")]
    PeopleWithoutFile { key: &'static str },
    #[error("`{id}` is named in `{key}` but is not among the meeting's `present`")]
    NotPresent { id: String, key: &'static str },
    #[error("{name} holds no seat in {body} on {date}")]
    NoSeat {
        name: String,
        body: String,
        date: String,
    },
    #[error("`{id}` is named twice in `{key}` (first on line {first_line})")]
    NamedTwice {
        id: String,
        key: &'static str,
        first_line: usize,
    },
    #[error("`{key}: {count}` is a negative number of votes")]
    NegativeCount { key: &'static str, count: i64 },
    #[error("more than one proposal is adopted (the first on line {first_line})")]
    SeveralAdopted { first_line: usize },
    #[error("the seat ends on {to}, before it starts on {from}")]
    SeatEndsBeforeItStarts { from: String, to: String },
    #[error("the file cannot be read: {0}")]
    Io(String),
}

/// What is wrong with YAML that cannot be read, in plain words rather than
/// the parser's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YamlProblem {
    UnclosedQuote,
    Tab,
    ColonInValue,
    ReservedCharacter,
    UnclosedList,
    UnclosedBraces,
    DuplicateKey,
    NoColon,
    NotClosed,
    Indentation,
    /// A front matter or settings file that is not keys with values.
    NotKeys,
    /// bodies.yaml that is not a list.
    BodiesNotAList,
    /// What the parser said, when it is none of the above.
    Parser(String),
}

impl YamlProblem {
    fn english(&self) -> String {
        use YamlProblem::*;
        match self {
            UnclosedQuote => "a quote `\"` is opened on this line and not closed",
            Tab => "a tab stands where YAML needs spaces: indent with spaces",
            ColonInValue => "a value holds `: ` and must then be put in quotes",
            ReservedCharacter => "a value starts with a character YAML keeps for itself (like `@`, `%` or `` ` ``) and must be put in quotes",
            UnclosedList => "a list in brackets `[…]` is not closed with `]`",
            UnclosedBraces => "a value in braces `{…}` is not closed with `}`",
            DuplicateKey => "a key is written twice",
            NoColon => "a key has no `:` after it",
            NotClosed => "a quote or a bracket is opened and never closed",
            Indentation => "this line is not indented like the keys around it, or a value above it is not closed",
            NotKeys => "expected keys with values, like `title: …`",
            BodiesNotAList => "bodies.yaml must be a list of bodies, each starting with `- id:`",
            Parser(said) => return format!("the parser says: {said}"),
        }
        .to_owned()
    }
}

/// The kind of value a key wants, when YAML read another kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    WholeNumber,
    Number,
    List,
    TrueOrFalse,
    Text,
    Keys,
    Other,
}

impl Wanted {
    fn english(self) -> &'static str {
        match self {
            Wanted::WholeNumber => "a whole number",
            Wanted::Number => "a number, like 712000 or 22.21",
            Wanted::List => "a list, like [a, b]",
            Wanted::TrueOrFalse => "true or false",
            Wanted::Text => "text",
            Wanted::Keys => "keys with values",
            Wanted::Other => "another kind of value",
        }
    }
}

/// `U+0001`: how a message names an invisible character.
fn char_name(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

impl ErrorKind {
    /// What is wrong, in the clerk's language.
    pub fn message(&self, language: Language) -> String {
        match language {
            Language::En => self.to_string(),
            Language::Sv => svenska::message(self),
        }
    }

    /// Plain words on how to fix it, for clerks rather than programmers, in
    /// their language, after the closest allowed value when one is close.
    pub fn help_in(&self, language: Language) -> Option<String> {
        let text = match language {
            Language::En => self.help_en()?,
            Language::Sv => svenska::help(self)?,
        };
        let asked = match language {
            Language::En => "did you mean",
            Language::Sv => "menade du",
        };
        Some(match self.suggestion() {
            Some(closest) => format!("{asked} `{closest}`? {text}"),
            None => text,
        })
    }

    /// [`ErrorKind::help_in`] English.
    pub fn help(&self) -> Option<String> {
        self.help_in(Language::En)
    }

    /// The allowed value (key, body, address) closest to a refused one,
    /// when one is close enough to be what the clerk meant.
    fn suggestion(&self) -> Option<String> {
        use ErrorKind::*;
        fn strs(v: &[String]) -> Vec<&str> {
            v.iter().map(String::as_str).collect()
        }
        match self {
            UnknownKey { key, allowed } => closest(key, &strs(allowed)).map(str::to_owned),
            NotInVocabulary { value, allowed, .. } => {
                closest_value(value, allowed).map(str::to_owned)
            }
            UnknownBody { id, known } => closest(id, &strs(known)).map(str::to_owned),
            UnknownTheme { name, known } => closest(name, &strs(known)).map(str::to_owned),
            UnknownParty { id, known } => closest(id, &strs(known)).map(str::to_owned),
            UnknownPerson { closest, .. } => closest.clone(),
            LinkLeadsNowhere { closest, .. } => closest.clone(),
            _ => None,
        }
    }

    fn help_en(&self) -> Option<String> {
        use ErrorKind::*;
        Some(match self {
            NoContentFolder(_) => "give the folder that holds site.yaml with --content DIR".into(),
            MissingRequiredFile { file, example } => {
                format!("create {file} in the content folder, for example:\n{example}")
            }
            NotUtf8 => "save the file as UTF-8 (in most editors: Save as… → Encoding: UTF-8)".into(),
            MissingFrontMatter => "start the file with a line `---`, the keys (such as `title: …`), and another line `---`".into(),
            UnclosedFrontMatter => "add a line with only `---` after the last key".into(),
            DuplicateKey { .. } => "keep one of the two lines: the one with the value you mean".into(),
            Yaml(_) => "check this line and the one above it: the indentation, a quote that is opened but not closed; quote values that contain `:` or `#`, like `title: \"A: B\"`".into(),
            UnknownKey { allowed, .. } => {
                format!("the keys allowed here are: {}", allowed.join(", "))
            }
            MissingKey { key: "base_url", example } => format!("add a line such as `{example}`: the feeds, the sitemap, the OParl files and the data catalogue give every address in full, so they need the portal's address"),
            MissingKey { example, .. } => format!("add a line such as `{example}`"),
            WrongType { example, .. } => format!("write it like `{example}`"),
            InvalidDate { key, .. } => format!("write the date as YYYY-MM-DD, like `{key}: 2018-03-26`"),
            NotInVocabulary { key, allowed, .. } => {
                format!("`{key}` must be one of: {}", allowed.join(", "))
            }
            UnknownBody { known, .. } => {
                format!("use an `id` from bodies.yaml ({}), or add the body there", known.join(", "))
            }
            InvalidBodyId(_) => "use lower-case letters, digits and dashes, like `ks` or `bygg-namnd`".into(),
            DuplicateBody { .. } => "remove one of the two entries, or give it another id".into(),
            FolderMismatch { .. } => "make the folder name and the front matter agree: the folder is meetings/<YYYY>/<YYYY-MM-DD>-<body>/".into(),
            BadMeetingFolder(_) => "name the folder after the meeting's date and body, like `2018-03-26-kf`, inside the folder of its year".into(),
            MeetingWithoutIndex(_) => "add index.md with the meeting's body, date and status (`insyn new meeting` writes one)".into(),
            BadParagraphFileName(_) => "name paragraph files `<NNN>-<slug>.md`, like `063-medborgarportal.md`".into(),
            ParagraphNumberMismatch { .. } => "rename the file or correct `paragraph:` so that both give the same §".into(),
            DuplicateParagraph { .. } => "each § number is used once per body and year: correct `paragraph:` in one of the files".into(),
            PersonalNumber { can_allow: true, .. } => "remove the number, or keep only its date (`YYYYMMDD-****`). If you have checked that publishing it is lawful, allow this one number for this paragraph with a front matter line `allow_personnummer: [\"YYYYMMDD-NNNN\"]` (for a PDF, under its entry in `documents:`)".into(),
            PersonalNumber { can_allow: false, .. } => "remove the number, or keep only its date (`YYYYMMDD-****`). Only a paragraph or a document can allow a number, so a number that must be published belongs in one".into(),
            PersonalNumberInPdfDetails { place: crate::documents::PdfPlace::Annotation(_), .. } => "delete the comment in the PDF and save it again, or, if publishing the number is lawful, allow it under the file's entry in `documents:` with `allow_personnummer: [\"YYYYMMDD-NNNN\"]`".into(),
            PersonalNumberInPdfDetails { .. } => "clear the field in the file's properties (in Word: File > Info > Properties; when exporting a PDF, untick document properties) and save the PDF again, or, if publishing the number is lawful, allow it under the file's entry in `documents:` with `allow_personnummer: [\"YYYYMMDD-NNNN\"]`".into(),
            NestedTooDeep(_) => "write the text flatter: a quote in a quote in a quote is hard to read too (a stray run of `>` or of indented list markers can cause this)".into(),
            LinkLeadsOutOfContent => "copy the file or folder into the content folder instead of linking to it, or remove the link".into(),
            ScriptableDocument { .. } => format!("save it as PDF and publish that; the portal publishes {}", crate::documents::ATTACHMENT_TYPES.join(", ")),
            DocumentTypeNotAllowed { .. } => format!("publish it as one of {}, or list the document without `file:`", crate::documents::ATTACHMENT_TYPES.join(", ")),
            NotAPersonalNumber(_) => "write the number as it appears in the text, like `YYYYMMDD-NNNN`; only a number that is really a personal identity number needs allowing".into(),
            MalformedDiarienummer(_) => "write the diarienummer as [registry] YEAR/NUMBER, like `2018/71-109` or `KS 2018/71`".into(),
            CaseFileMismatch { case_id, .. } => format!("rename the file to cases/{case_id}.md, or correct `case:`"),
            MeetingInWrongYear { date, .. } => format!("move the meeting folder into meetings/{}/", &date[..4]),
            MissingDocument(_) => "add the file to the meeting folder, correct the name (it is case-sensitive), or remove `file:` to list the document without publishing it".into(),
            DocumentOutsideMeeting(_) => "put the file in the meeting folder and name it relative to it, like `file: motion.pdf`".into(),
            NotAWebAddress { key: "base_url", .. } => "write the portal's full address, like `https://insyn.example.se/`".into(),
            NotAWebAddress { key: "webcast", .. } => "write the full address, like `webcast: \"https://play.example.se/kf-2018-03-26\"`".into(),
            NotAWebAddress { key, .. } => format!("write the full address, like `{key}: \"https://www.example.se/delta\"`"),
            NotARegistryAddress(_) => "write the registry's e-mail address, like `registry: \"registrator@example.se\"`, or the address of its web form, like `registry: \"https://www.example.se/begar-ut-handling\"`".into(),
            ThemeNotAName(_) => "put the theme in a folder of themes/ beside the content folder and write its name, like `theme: kommunen`: a theme's files are published, so it cannot be a folder elsewhere".into(),
            UnknownTheme { known, .. } => format!("create the theme folder, or name one that exists: {}", known.join(", ")),
            UnknownLicence(_) => "write `data_licence: CC0-1.0` (the default), `CC-BY-4.0` or `CC-BY-SA-4.0`, or the full address of the licence, like `data_licence: \"https://creativecommons.org/licenses/by/4.0/\"`".into(),
            ReservedPageSlug(_) => "rename the file in pages/, for example to `om-portalen.md`".into(),
            BadBudgetFileName(_) => "name each budget file after its year, like `budget/2019.yaml`".into(),
            BudgetYearMismatch { .. } => "make the file name and `year:` agree: budget/<YYYY>.yaml holds `year: YYYY`".into(),
            NegativeAmount(_) => "write what the line is budgeted as a positive number in the file's unit, like `amount: 712000`".into(),
            BadTaxRate(_) => "write the kommunal skattesats in percent, like `tax_rate: 22.21`".into(),
            BadPageSlug(_) => "rename the file in pages/ with lower-case letters, digits and dashes".into(),
            UnknownRelatedCase(_) => "check the diarienummer in `related:`".into(),
            PdfWithoutText(_) => "the PDF is published all the same, and its page says that its text could not be read; for readers who cannot use the PDF, publish a version with text (export it from the original document, or run text recognition on a scan)".into(),
            CaseFileWithoutParagraphs(_) => "check the diarienummer in `case:`, or remove the case file".into(),
            BadMunicipalityId(_) => "write the four-digit municipality code in quotes, like `municipality: \"0883\"` (`\"0000\"` is the whole country); kolada.se lists every code".into(),
            BadStatsGroupId(_) => "use lower-case letters, digits and dashes, like `id: skola-omsorg`; the id is the page's address, /statistik/<id>/".into(),
            DuplicateStatsGroup { .. } => "give each group its own id, or merge the two groups".into(),
            EmptyStatsGroup(_) => "list the group's Kolada indicators, like `indicators: [N00900, N00002]`, or remove the group".into(),
            BadKpiId(_) => "write the indicator's id as Kolada does, a capital letter and five digits, like `N00900` (search for the indicator on kolada.se to find it)".into(),
            KpiListedTwice { .. } => "list each indicator once in a group (it may stand in other groups too)".into(),
            StatsWithoutKolada => "add to site.yaml:\nkolada:\n  municipality: \"0883\"\n  compare: [\"0000\"]".into(),
            KoladaCacheMissing | KpiNotCached(_) => "run `insyn fetch` to fetch the values from Kolada, then build again".into(),
            BadKoladaCache(_) => "the files in stats/kolada/ are written by `insyn fetch`: run it again rather than editing them".into(),
            InvalidTime(_) => "write the time as HH:MM in quotes, like `time: \"13:00\"` (13.00 is read the same way)".into(),
            CertifiedBeforeMeeting { date, .. } => format!("minutes are certified (justerade) on or after the meeting day: correct `certified:` (or the meeting's date), like `certified: {date}`"),
            DateOutOfRange { .. } => "check the year in the folder name and in `date:`; the meeting is published all the same".into(),
            AnnouncedBeforeHeld => "remove `announced:` until the minutes are certified; the day the meeting itself was announced is `agenda_announced:`".into(),
            AnnouncedBeforeCertified { certified, .. } => format!("the right to appeal runs from the day the certified minutes were put on the notice board: correct `announced:` (or `certified:`), like `announced: {certified}`"),
            AnnouncedBeforeMeeting { date, .. } => format!("minutes are announced after the meeting: correct `announced:`, like `announced: {date}`"),
            AnnouncedLate(_) => "check the date in `announced:`; the appeal deadline is counted from it all the same".into(),
            AgendaAnnouncedAfterMeeting { date, .. } => format!("a meeting is announced before it is held: correct `agenda_announced:` (or the meeting's date), a day before `{date}`"),
            AgendaAnnouncedLate(_) => "check the date in `agenda_announced:`; the meeting is published all the same".into(),
            PlaceholderLeft(_) => "replace it with the meeting's own text, or delete it".into(),
            ControlCharacter(_) => "delete it: it is invisible in most editors, so delete the character before and after the place named above and type them again (it usually comes from text copied out of another program); between quotes, an escape such as `\\x01` writes one too".into(),
            ControlCharacterRemoved(c) => format!("delete the reference (`&#{};`): feeds and data files cannot carry the character", u32::from(*c)),
            ImageWithoutAlt => "describe what the image shows for readers who cannot see it, like `![Karta över Gamleby centrum](karta.png)`; an image that only decorates is written in HTML with an empty alternative, like `<img src=\"linje.png\" alt=\"\">`".into(),
            UnresolvedReference { why, .. } => unresolved_help_en(why),
            OverHostLimit { .. } => "docs/hosting.md says what each part of the output costs: leave out the feed of each case (`case_feeds: false`) or the compressed copies (`precompress: false`), or choose a larger plan or another host".into(),
            HeadingSkipsLevel { previous, .. } => format!("screen reader users move by headings: make it a level {} heading (`{}`), or add the heading that is missing above it", previous + 1, "#".repeat(usize::from(*previous) + 1)),
            EmptyLinkText => "write what the link leads to between the brackets, like `[Beslutet i kommunfullmäktige](…)`".into(),
            TableWithoutHeader => "give the table a first row of column names: in Markdown the row above `|---|`, in HTML `<th>` cells".into(),
            AddressRemoved(_) | UnsafeAddress(_) => "link to a web page (`https://…`), an e-mail address (`mailto:…`), a telephone number (`tel:…`), or a page or file of the portal".into(),
            LinkLeadsNowhere { .. } => "link to a file in the meeting's folder (`bilaga.pdf`), a paragraph by its file (`064-svar.md`), another meeting by its folder (`../2018-02-12-ks/`), a case file or free page by its file (`../../../cases/2018-71.md`), a paragraph of the same meeting (`#p63`), or a page by its address in the portal (`/arenden/2018-71/`)".into(),
            LinkToUnpublished(_) => "a file is published when a paragraph that is not confidential names it under `documents:`: name it there, or remove the link".into(),
            LinkToConfidential(_) => "a confidential paragraph publishes only its number and date: remove the link".into(),
            ExternalLinkBroken {
                answer: Answer::MovedPermanently { to },
                ..
            } => format!("link to `{to}` instead"),
            ExternalLinkBroken { .. } => "find where the page is now and link there, or remove the link (the answer is kept for a day in .insyn-cache/external-links.json; delete it to ask again)".into(),
            UnknownPerson { .. } => "use a person's `id` from people.yaml, or add the person there".into(),
            UnknownParty { known, .. } => format!("use a party's `id` from `parties:` ({}), add the party there, or leave out `party:` for an independent", known.join(", ")),
            InvalidPeopleId(_) => "use lower-case letters, digits and dashes, like `jon-sjolander` or `m`: the id is the page's address".into(),
            DuplicatePeopleId { .. } => "give each person and each party an id of their own (two people of the same name: `anna-andersson-2`)".into(),
            PeopleWithoutFile { .. } => "add people.yaml to the content folder with the parties and people (see the content guide), or remove the key".into(),
            NotPresent { .. } => "add the person to `present:` in the meeting's index.md, or correct the name".into(),
            NoSeat { .. } => "add the seat (`memberships:`) in people.yaml, correct its dates, or remove the person from `present:`".into(),
            NamedTwice { .. } => "name each person once: keep the line that is right".into(),
            NegativeCount { key, .. } => format!("write how many voted so, like `{key}: 0`, or list their names"),
            SeveralAdopted { .. } => "write `adopted: true` on the one proposal the body adopted".into(),
            SeatEndsBeforeItStarts { .. } => "correct `from:` or `to:`, or leave out `to:` for a seat still held".into(),
            Io(_) => return None,
        })
    }
}

/// The allowed word closest to a misspelt one, if any is close enough to be
/// a likely typo.
pub(crate) fn closest<'a>(word: &str, allowed: &[&'a str]) -> Option<&'a str> {
    // `dnr` and `diarienummer` are what clerks call a case's number.
    if matches!(word, "dnr" | "diarienummer" | "arende" | "ärende") && allowed.contains(&"case") {
        return Some("case");
    }
    allowed
        .iter()
        .map(|a| (edit_distance(word, a), *a))
        // Two letters apart is a typo in a long word, another word in a
        // short one (`bn` is not `kf`).
        .filter(|(d, a)| {
            *d <= if a.chars().count() <= 3 {
                1
            } else {
                2.max(a.len() / 3)
            }
        })
        .min()
        .map(|(_, a)| a)
}

/// The allowed value closest to a refused one: the key of a Swedish word
/// clerks write for it (`bifallen` → `approved`), or a near spelling.
fn closest_value<'a>(value: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let value = value.trim().to_lowercase();
    let swedish = match value.as_str() {
        "bifallen" | "bifall" | "bifallet" | "beslutad" | "beslutat" | "antagen" => "approved",
        "avslagen" | "avslag" | "avslaget" => "rejected",
        "remitterad" | "remiss" | "remitterat" => "referred",
        "återremitterad" | "återremiss" | "återremitterat" => "returned",
        "bordlagd" | "bordläggning" | "bordlagt" => "tabled",
        "besvarad" | "besvarat" => "answered",
        "lagd till handlingarna" | "lagt till handlingarna" | "noterad" => "noted",
        "val" | "vald" | "valt" | "val förrättat" => "elected",
        "förslag" | "förslag till beslut" => "proposed",
        "kallelse" | "dagordning" | "föredragningslista" => "agenda",
        "protokoll" => "minutes",
        "suppleant" | "ersattare" => "ersättare",
        "ledamöter" | "ledamoter" => "ledamot",
        "ordf" | "ordf." | "ordforande" => "ordförande",
        "vice ordf" | "vice ordf." | "vice ordforande" | "v ordförande" => "vice ordförande",
        "öppen" | "öppet" | "pågående" => "open",
        "avgjord" | "avgjort" | "avslutad" | "avslutat" => "decided",
        "återtagen" | "återkallad" | "återtaget" => "withdrawn",
        _ => "",
    };
    if let Some(key) = allowed.iter().find(|a| **a == swedish) {
        return Some(key);
    }
    closest(&value, allowed)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the content, with where it is and the line as the
/// clerk wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    pub kind: ErrorKind,
    /// The offending source line, shown under the location.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(location: Location, kind: ErrorKind) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            kind,
            source_line: None,
        }
    }

    pub fn warning(location: Location, kind: ErrorKind) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(location, kind)
        }
    }

    /// Attach the text of the located line, taken from the file's text.
    pub fn with_source(mut self, text: &str) -> Self {
        self.source_line = self.location.source_line(text);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// [`Diagnostic::render`] in English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Language::En))
    }
}

impl Diagnostic {
    /// The diagnostic as a clerk reads it, in the clerk's language, every
    /// personal identity number in it masked ([`crate::privacy::mask`]):
    /// the message, the source line and the help may all quote content.
    pub fn render(&self, language: Language) -> String {
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = self.write_unmasked(&mut text, language);
        crate::privacy::mask(&text).into_owned()
    }

    fn write_unmasked(&self, f: &mut impl fmt::Write, language: Language) -> fmt::Result {
        let sv = language == Language::Sv;
        let label = match (self.severity, sv) {
            (Severity::Error, false) => "error",
            (Severity::Warning, false) => "warning",
            (Severity::Error, true) => "fel",
            (Severity::Warning, true) => "varning",
        };
        writeln!(f, "{label}: {}", self.kind.message(language))?;
        let gutter = self.location.line.map_or(1, |l| l.to_string().len());
        let pad = " ".repeat(gutter);
        let location = match (self.location.page, self.location.line, sv) {
            (Some(page), None, true) => {
                let file = self.location.file.to_string_lossy().replace('\\', "/");
                format!("{file}, sidan {page}")
            }
            _ => self.location.to_string(),
        };
        writeln!(f, "{pad}--> {location}")?;
        if let (Some(line), Some(text)) = (self.location.line, &self.source_line) {
            writeln!(f, "{pad} |")?;
            writeln!(f, "{line} | {text}")?;
            writeln!(f, "{pad} |")?;
        }
        if let Some(help) = self.kind.help_in(language) {
            let help_label = if sv { "hjälp" } else { "help" };
            let indent = " ".repeat(help_label.chars().count() + 5);
            let help = help.replace('\n', &format!("\n{pad}{indent}"));
            writeln!(f, "{pad} = {help_label}: {help}")?;
        }
        Ok(())
    }
}

/// A source line as a terminal can show it: control characters as their
/// pictures (U+0001 as `␁`), so a message never sends them to a terminal.
fn visible(line: &str) -> String {
    line.chars()
        .map(|c| match c {
            '\t' => c,
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('?'),
            '\u{7f}' => '␡',
            c if is_refused_char(c) => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// A character that no XML 1.0 document (a feed, the sitemap, OParl's
/// neighbours), calendar or data file may carry: the C0 controls but tab,
/// line feed and carriage return, and the non-characters U+FFFE and U+FFFF.
pub fn is_refused_char(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// All diagnostics of one run, kept in a stable order (by file, then line)
/// so that the same content always prints the same report.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Sorted by file, line and column, errors before warnings on a line.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.location, a.severity, a.kind.to_string()).cmp(&(
                &b.location,
                b.severity,
                b.kind.to_string(),
            ))
        });
        self.items.dedup();
        self.items
    }
}

/// A failure that is not about the content: the output folder cannot be
/// written, or a template is broken.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{count} content error(s); nothing was written")]
    Content { count: usize },
    #[error("the theme's template `{template}` failed: {message}")]
    Template { template: String, message: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", refusal_en(path, why))]
    OutputRefused {
        path: PathBuf,
        why: crate::output::guard::Refusal,
    },
}

impl BuildError {
    /// What went wrong, in the clerk's language (content errors are
    /// reported one by one instead).
    pub fn message(&self, language: Language) -> String {
        match language {
            Language::En => self.to_string(),
            Language::Sv => svenska::build_error(self),
        }
    }

    /// The error as the terminal and the preview's error page show it: a
    /// `fel:` (`error:`) line and, where there is one, a `= hjälp:` line.
    pub fn report(&self, language: Language) -> String {
        let sv = language == Language::Sv;
        let mut text = format!(
            "{}: {}\n",
            if sv { "fel" } else { "error" },
            self.message(language)
        );
        if let Some(help) = self.help(language) {
            let label = if sv { "hjälp" } else { "help" };
            text.push_str(&format!("  = {label}: {help}\n"));
        }
        text
    }

    /// How to put it right, where there is something to say.
    pub fn help(&self, language: Language) -> Option<String> {
        let BuildError::OutputRefused { why, .. } = self else {
            return None;
        };
        Some(match language {
            Language::En => refusal_help_en(why).into(),
            Language::Sv => svenska::refusal_help(why).into(),
        })
    }
}

/// A page Insyn makes in a meeting's folder, which an attachment of the
/// same name would replace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GeneratedPage {
    Meeting,
    Paragraph(u32),
    PdfText(String),
}

fn generated_page_en(page: &GeneratedPage) -> String {
    match page {
        GeneratedPage::Meeting => "the meeting's page".into(),
        GeneratedPage::Paragraph(n) => format!("the page of § {n}"),
        GeneratedPage::PdfText(pdf) => format!("the text page of {pdf}"),
    }
}

fn pdf_place_en(place: &crate::documents::PdfPlace) -> String {
    use crate::documents::PdfPlace::*;
    match place {
        Info(key) => format!("document information (`{key}`)"),
        Metadata => "XMP metadata".into(),
        Annotation(_) => "comment or annotation".into(),
    }
}

fn refusal_en(path: &Path, why: &crate::output::guard::Refusal) -> String {
    use crate::output::guard::{Refusal::*, MARKER};
    let path = path.display();
    match why {
        Root => format!("will not write the site into {path}: it is the root of the file system"),
        Home => format!("will not write the site into {path}: it is your home folder"),
        IsContent => format!("will not write the site into {path}: it is the content folder"),
        HoldsContent { content } => format!(
            "will not write the site into {path}: it holds the content folder {}",
            content.display()
        ),
        NotInsyns => format!(
            "will not write the site into {path}: it holds files that Insyn did not write (it has no {MARKER} file)"
        ),
        Link => format!("will not write the site into {path}: it is a symbolic link"),
        NotAFolder => format!("will not write the site into {path}: it is a file, not a folder"),
    }
}

fn refusal_help_en(why: &crate::output::guard::Refusal) -> &'static str {
    use crate::output::guard::Refusal::*;
    match why {
        Link => "give the folder the link leads to with --output",
        NotInsyns => "a build empties its output folder: give a new or empty folder with --output, or empty this one yourself if nothing in it is needed",
        _ => "a build empties its output folder: give a folder of its own with --output, like `output` beside the content folder",
    }
}

/// The limit of a host an output passes, in English
/// ([`ErrorKind::OverHostLimit`]).
fn over_host_en(host: crate::hosting::Host, over: &crate::hosting::Over) -> String {
    use crate::hosting::{count_text, Over};
    let size = |bytes: &u64| crate::i18n::size_text(*bytes, Language::En);
    let name = host.name(Language::En);
    match over {
        Over::Files { files, limit } => format!(
            "the output has {} files, more than {name} takes ({})",
            count_text(*files),
            count_text(*limit)
        ),
        Over::Bytes { bytes, limit } => format!(
            "the output is {}, more than {name} takes ({})",
            size(bytes),
            size(limit)
        ),
        Over::File { file, bytes, limit } => format!(
            "`{file}` is {}, more than {name} takes of one file ({})",
            size(bytes),
            size(limit)
        ),
    }
}

/// Why a reference stays text, in English ([`ErrorKind::UnresolvedReference`]).
fn unresolved_en(why: &crate::references::Unresolved) -> String {
    use crate::references::Unresolved::*;
    match why {
        Absent => "the portal does not have it".into(),
        TwoBodies(names) => format!("it can name {}", names.join(" or ")),
        NoYear => "the text belongs to no meeting, so the year is unknown".into(),
        Later(date) => format!("read in this meeting's year it is a § of a later meeting ({date})"),
        NotInMeeting => "that meeting has no paragraph with that number".into(),
    }
}

fn unresolved_help_en(why: &crate::references::Unresolved) -> String {
    use crate::references::Unresolved::*;
    match why {
        TwoBodies(_) => {
            "write the body's abbreviation as bodies.yaml gives it, like `Ks § 166`".into()
        }
        NoYear | Later(_) => {
            "write the year or the meeting's date, like `Kf 2018 § 63` or `Kf 2018-03-26 § 63`"
                .into()
        }
        NotInMeeting => "correct the date or the § number".into(),
        Absent => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_case_for_dnr_and_near_misspellings() {
        let allowed = ["paragraph", "title", "case", "decision"];
        assert_eq!(closest("dnr", &allowed), Some("case"));
        assert_eq!(closest("titel", &allowed), Some("title"));
        assert_eq!(closest("desicion", &allowed), Some("decision"));
        assert_eq!(closest("zzzzzz", &allowed), None);
    }

    #[test]
    fn suggests_the_closest_allowed_value() {
        let decisions = crate::model::vocabulary::Decision::KEYS;
        assert_eq!(closest_value("aproved", decisions), Some("approved"));
        assert_eq!(closest_value("Bifallen", decisions), Some("approved"));
        assert_eq!(
            closest_value("lagd till handlingarna", decisions),
            Some("noted")
        );
        assert_eq!(closest_value("xyzzy", decisions), None);
    }

    #[test]
    fn prints_location_source_and_help() {
        let d = Diagnostic::error(
            Location::at("meetings/2018/2018-03-26-kf/063-x.md", 3, 1),
            ErrorKind::UnknownBody {
                id: "kx".into(),
                known: vec!["kf".into(), "ks".into()],
            },
        )
        .with_source("---\nparagraph: 1\nbody: kx\n---\n");
        let text = d.to_string();
        assert_eq!(
            text,
            "error: the body `kx` is not in bodies.yaml\n --> meetings/2018/2018-03-26-kf/063-x.md:3:1\n  |\n3 | body: kx\n  |\n  = help: did you mean `kf`? use an `id` from bodies.yaml (kf, ks), or add the body there\n"
        );
    }
}
