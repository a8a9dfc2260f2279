//! The model (the portal's "library"): bodies, meetings, paragraphs, cases
//! and free pages, built once from checked content. Every renderer reads only
//! this; nothing reads the HTML another renderer wrote.
//!
//! Building the model applies the rules that span files: a § is used once per
//! body and year, a case gathers every paragraph that names it across bodies
//! and meetings, its status follows its latest decision, related cases link
//! both ways. Confidential paragraphs are blanked here, so no renderer can
//! publish what the contract keeps back.

pub mod cases;
pub mod file_edits;
pub mod ix;
pub mod links;
pub mod notices;
pub mod patch;
pub mod people;
pub mod vocabulary;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

use crate::content::acts::{Acts, Attendance, PersonIx};
use crate::content::meetings::ParagraphSource;
use crate::content::pages::PageSource;
use crate::content::people::People;
use crate::content::settings::{Body, SiteConfig};
use crate::content::Content;
use crate::diarienummer::CaseId;
use crate::error::{Diagnostic, Diagnostics, ErrorKind, Location};
use crate::markdown;
pub use cases::{Case, RelatedCase};
pub use ix::{CaseIx, MeetingIx, ParagraphIx, PdfIx, Positions};
use vocabulary::{Decision, Kind, MeetingStatus};

#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    pub bodies: Vec<Body>,
    /// people.yaml's parties and people (empty without one).
    pub people: People,
    /// In date order; on one day, in bodies.yaml order.
    pub meetings: Vec<Meeting>,
    /// Grouped by meeting in meeting order, then by § number.
    pub paragraphs: Vec<Paragraph>,
    /// In case id order.
    pub cases: Vec<Case>,
    /// In slug order.
    pub pages: Vec<Page>,
    /// The content folder, for copying published attachments.
    pub content_root: PathBuf,
    /// Budgets, by year.
    pub budgets: Vec<Budget>,
    /// The Kolada statistics, when the portal has indicators and a cache.
    pub statistics: Option<crate::statistics::Statistics>,
    /// Every published PDF with its text, by meeting then file. Empty until
    /// [`crate::documents::read_published_pdfs`] has read them.
    pub pdfs: Vec<Pdf>,
}

/// A published PDF (a paragraph's document with a `.pdf` file) and what
/// could be read from it.
#[derive(Debug)]
pub struct Pdf {
    pub paragraph: ParagraphIx,
    pub document: usize,
    pub text: crate::documents::PdfText,
}

/// Is an attachment a PDF (whose text the site publishes)?
pub fn is_pdf(file: &str) -> bool {
    file.to_lowercase().ends_with(".pdf")
}

#[derive(Debug)]
pub struct Meeting {
    /// `2018-03-26-kf`, its folder name and URL segment.
    pub id: String,
    /// The folder, relative to the content folder.
    pub dir: PathBuf,
    pub body: usize,
    pub date: NaiveDate,
    pub time: Option<String>,
    pub location: Option<String>,
    pub status: MeetingStatus,
    pub certified: Option<NaiveDate>,
    /// The day the certification was put on the notice board.
    pub announced: Option<NaiveDate>,
    /// The day the meeting was announced (its agenda put up).
    pub agenda_announced: Option<NaiveDate>,
    pub webcast: Option<String>,
    pub notes_html: markdown::ContentHtml,
    /// Who was present, chaired and adjusted the minutes.
    pub attendance: Attendance<PersonIx>,
    pub paragraphs: Range<ParagraphIx>,
}

impl Meeting {
    /// The model's meeting of a checked folder: `body` is its place in
    /// bodies.yaml, `paragraphs` where its paragraphs are in the model.
    pub(crate) fn from_source(
        m: &crate::content::meetings::MeetingSource,
        body: usize,
        notes_html: markdown::ContentHtml,
        people: &People,
        paragraphs: Range<ParagraphIx>,
    ) -> Meeting {
        Meeting {
            id: m.id.clone(),
            dir: m.dir.clone(),
            body,
            date: m.date,
            time: m.time.clone(),
            location: m.location.clone(),
            status: m.status,
            certified: m.certified,
            announced: m.announced,
            agenda_announced: m.agenda_announced,
            webcast: m.webcast.clone(),
            notes_html,
            attendance: m.attendance.resolve(people),
            paragraphs,
        }
    }

    pub fn is_held(&self) -> bool {
        self.status == MeetingStatus::Minutes
    }

    /// Its paragraphs' positions, in § order.
    pub fn paragraph_ixs(
        &self,
    ) -> impl DoubleEndedIterator<Item = ParagraphIx> + ExactSizeIterator {
        ParagraphIx::each(self.paragraphs.clone())
    }

    /// The last day to appeal its decisions, once it is held and the
    /// certification of its minutes has been announced ([`crate::appeal`]).
    pub fn appeal_until(&self) -> Option<NaiveDate> {
        let announced = self.announced.filter(|_| self.is_held())?;
        Some(crate::appeal::appeal_deadline(announced))
    }

    /// How many paragraphs it has (confidential ones too).
    pub fn paragraph_count(&self) -> usize {
        ParagraphIx::count(&self.paragraphs)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub meeting: MeetingIx,
    pub number: u32,
    /// The Markdown file, relative to the content folder.
    pub source: PathBuf,
    /// Confidential paragraphs keep only their number and meeting: every
    /// other field is empty.
    pub confidential: bool,
    pub title: String,
    pub cases: Vec<CaseRef>,
    pub decision: Option<Decision>,
    pub documents: Vec<Document>,
    pub sent_to: Vec<String>,
    pub tags: Vec<String>,
    /// What kind of matter it is: as its file says, else as its title
    /// begins.
    pub kind: Option<Kind>,
    /// How the decision can also be appealed, in the clerk's words.
    pub appeal_note: Option<String>,
    /// Who raised the matter, moved, voted and reserved.
    pub acts: Acts<PersonIx>,
    pub html: markdown::ContentHtml,
    /// Its section "Beslut", the decision in the minutes' words (empty
    /// without one).
    pub decision_html: markdown::ContentHtml,
}

/// A paragraph's link to a case: the diarienummer as written there.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRef {
    pub written: String,
    pub case: CaseIx,
}

/// One year's budget, as its file gives it.
pub type Budget = crate::content::budget::BudgetSource;

/// A paragraph's document (handling): published when it names a file.
pub type Document = crate::content::meetings::DocumentSource;

#[derive(Debug)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub html: markdown::ContentHtml,
    pub source: PathBuf,
}

impl Page {
    /// The model's free page, its text rendered with its resolved links.
    pub fn from_source(p: PageSource, links: markdown::Links) -> Page {
        Page {
            html: markdown::ContentHtml::new(&p.markdown, "", 2, links),
            slug: p.slug,
            title: p.title,
            source: p.file,
        }
    }
}

impl Paragraph {
    /// Can its decision be appealed (a published one that does more than
    /// prepare another: [`Decision::is_appealable`])?
    pub fn is_appealable(&self) -> bool {
        self.decision.is_some_and(Decision::is_appealable)
    }

    /// The model's paragraph, with the cases it names (resolved later). A
    /// confidential paragraph keeps only its number: nothing else of it
    /// enters the model.
    pub(crate) fn from_source(
        meeting: MeetingIx,
        p: ParagraphSource,
        links: markdown::Links,
        people: &People,
    ) -> (Paragraph, Vec<(String, CaseId)>) {
        if p.confidential {
            let blank = Paragraph {
                meeting,
                number: p.number,
                source: p.file,
                confidential: true,
                title: String::new(),
                cases: Vec::new(),
                decision: None,
                documents: Vec::new(),
                sent_to: Vec::new(),
                tags: Vec::new(),
                kind: None,
                appeal_note: None,
                acts: Acts::default(),
                html: markdown::ContentHtml::EMPTY,
                decision_html: markdown::ContentHtml::EMPTY,
            };
            return (blank, Vec::new());
        }
        let scope = format!("p{}", p.number);
        // Under its entry's h3 in a case's timeline.
        let decision_html = markdown::decision_section(&p.markdown).map_or(
            markdown::ContentHtml::EMPTY,
            |section| {
                markdown::ContentHtml::new(section, &format!("d{}", p.number), 4, links.clone())
            },
        );
        let html = markdown::ContentHtml::new(&p.markdown, &scope, 3, links);
        let published = Paragraph {
            meeting,
            number: p.number,
            source: p.file,
            confidential: false,
            title: p.title.clone(),
            cases: Vec::new(),
            decision: Some(p.decision),
            documents: p.documents,
            sent_to: p.sent_to,
            kind: p.kind.or_else(|| Kind::from_title(&p.title)),
            appeal_note: p.appeal_note,
            tags: p.tags,
            acts: p.acts.resolve(people),
            html,
            decision_html,
        };
        (published, p.cases)
    }
}

impl Site {
    /// Build the model. Errors that span files (duplicate §) are returned;
    /// warnings (a case file no paragraph names) go into `diags` as well.
    pub fn build(content: Content, diags: &mut Diagnostics) -> Option<Site> {
        let body_index: HashMap<&str, usize> = content
            .bodies
            .iter()
            .enumerate()
            .map(|(i, b)| (b.id.as_str(), i))
            .collect();
        let links = links::resolve_all(&content, diags);
        let people = content.people.unwrap_or_default();
        let mut sources = content.meetings;
        sources.sort_by_key(|m| (m.date, body_index[m.body.as_str()]));
        diags.extend(duplicate_paragraphs(
            &content.root,
            &sources,
            &content.bodies,
            &body_index,
        ));
        if diags.has_errors() {
            return None;
        }

        let notes: Vec<markdown::ContentHtml> = sources
            .par_iter()
            .map(|m| {
                let resolved = links.of(&m.dir.join("index.md"));
                markdown::ContentHtml::new(&m.notes, "", 2, resolved)
            })
            .collect();
        let mut meetings = Vec::with_capacity(sources.len());
        let mut flat = Vec::new();
        for (mi, (mut m, notes_html)) in sources.into_iter().zip(notes).enumerate() {
            let (mi, start) = (MeetingIx::new(mi), ParagraphIx::new(flat.len()));
            flat.extend(
                std::mem::take(&mut m.paragraphs)
                    .into_iter()
                    .map(|p| (mi, p)),
            );
            let body = body_index[m.body.as_str()];
            let run = start..ParagraphIx::new(flat.len());
            meetings.push(Meeting::from_source(&m, body, notes_html, &people, run));
        }

        // Case references are resolved to indices once all cases are known.
        type Named = Vec<(String, CaseId)>;
        let (mut paragraphs, named): (Vec<Paragraph>, Vec<Named>) = flat
            .into_par_iter()
            .map(|(mi, p)| {
                let resolved = links.of(&p.file);
                Paragraph::from_source(mi, p, resolved, &people)
            })
            .unzip();

        let cases = cases::derive(
            &meetings,
            &mut paragraphs,
            &named,
            content.case_files,
            &links,
            diags,
        );
        let mut pages: Vec<Page> = content
            .pages
            .into_par_iter()
            .map(|p| {
                let resolved = links.of(&p.file);
                Page::from_source(p, resolved)
            })
            .collect();
        pages.sort_by(|a, b| a.slug.cmp(&b.slug));

        Some(Site {
            config: content.site,
            bodies: content.bodies,
            people,
            meetings,
            paragraphs,
            cases,
            pages,
            content_root: content.root,
            budgets: content.budgets,
            statistics: content.statistics,
            pdfs: Vec::new(),
        })
    }

    /// Where a paragraph's document is published, when it is a PDF: its
    /// meeting and its file. Entries that name the same file share it.
    fn pdf_key(&self, paragraph: ParagraphIx, document: usize) -> Option<(MeetingIx, &str)> {
        let p = &self.paragraphs[paragraph];
        let file = p.documents.get(document)?.file.as_deref()?;
        is_pdf(file).then_some((p.meeting, file))
    }

    /// A published PDF's meeting and file (relative to the meeting folder).
    pub fn pdf_file(&self, pdf: PdfIx) -> (MeetingIx, &str) {
        let pdf = &self.pdfs[pdf];
        self.pdf_key(pdf.paragraph, pdf.document)
            .expect("a published PDF names its file")
    }

    /// The published PDF of a paragraph's document, if it is one.
    pub fn pdf(&self, paragraph: ParagraphIx, document: usize) -> Option<PdfIx> {
        let (meeting, file) = self.pdf_key(paragraph, document)?;
        self.pdf_at(meeting, file)
    }

    /// The published PDF of a meeting's file, if there is one (`pdfs` is
    /// in [`Site::pdf_key`] order).
    pub fn pdf_at(&self, meeting: MeetingIx, file: &str) -> Option<PdfIx> {
        let key = Some((meeting, file));
        self.pdfs
            .binary_search_by(|pdf| self.pdf_key(pdf.paragraph, pdf.document).cmp(&key))
            .ok()
            .map(PdfIx::new)
    }

    /// The meeting of a body on a day, if there is one (meetings are in
    /// date order, and on one day in body order; a body meets once a day,
    /// as its folder name says).
    pub fn meeting_on(&self, date: NaiveDate, body: usize) -> Option<MeetingIx> {
        self.meetings
            .binary_search_by_key(&(date, body), |m| (m.date, m.body))
            .ok()
            .map(MeetingIx::new)
    }

    /// A meeting's paragraph with this § number, if it has one.
    pub fn paragraph_numbered(&self, meeting: MeetingIx, number: u32) -> Option<ParagraphIx> {
        let run = self.meetings[meeting].paragraphs.clone();
        let k = (self.paragraphs.run(run.clone()))
            .binary_search_by_key(&number, |p| p.number)
            .ok()?;
        Some(ParagraphIx::new(run.start.get() + k))
    }

    /// The published PDFs, each as the first (paragraph, document) that
    /// names it, in [`Site::pdf_key`] order (meeting, then file).
    pub fn published_pdf_documents(&self) -> Vec<(ParagraphIx, usize)> {
        let mut first: BTreeMap<(MeetingIx, &str), (ParagraphIx, usize)> = BTreeMap::new();
        for (pi, p) in self.published_paragraphs() {
            for di in 0..p.documents.len() {
                if let Some(key) = self.pdf_key(pi, di) {
                    first.entry(key).or_insert((pi, di));
                }
            }
        }
        first.into_values().collect()
    }

    pub fn meeting_of(&self, p: &Paragraph) -> &Meeting {
        &self.meetings[p.meeting]
    }

    pub fn body_of(&self, m: &Meeting) -> &Body {
        &self.bodies[m.body]
    }

    /// Paragraphs that can be shown in full: not confidential.
    pub fn published_paragraphs(&self) -> impl Iterator<Item = (ParagraphIx, &Paragraph)> {
        self.paragraphs
            .positioned()
            .filter(|(_, p)| !p.confidential)
    }

    /// The date a case was last treated: its timeline's last meeting.
    pub fn latest_treated(&self, case: CaseIx) -> NaiveDate {
        self.timeline_latest(&self.cases[case].timeline)
    }

    /// The last meeting date of a case timeline (as it is, or was).
    pub fn timeline_latest(&self, timeline: &[ParagraphIx]) -> NaiveDate {
        let last = *timeline.last().expect("a case has a paragraph");
        self.meeting_of(&self.paragraphs[last]).date
    }

    /// The bodies that have treated a case, in bodies.yaml order.
    pub fn case_bodies(&self, case: CaseIx) -> Vec<usize> {
        self.timeline_bodies(&self.cases[case].timeline)
    }

    /// The bodies of a case timeline's meetings (as it is, or was), in
    /// bodies.yaml order.
    pub fn timeline_bodies(&self, timeline: &[ParagraphIx]) -> Vec<usize> {
        let mut bodies: Vec<usize> = timeline
            .iter()
            .map(|pi| self.meeting_of(&self.paragraphs[*pi]).body)
            .collect();
        bodies.sort_unstable();
        bodies.dedup();
        bodies
    }

    /// The published PDFs (indices into `pdfs`) whose page shows a paragraph.
    /// `pdfs` is in meeting order, so only the paragraph's meeting's PDFs
    /// are looked at.
    pub fn pdfs_of(&self, paragraph: ParagraphIx) -> impl Iterator<Item = PdfIx> + '_ {
        let meeting = self.paragraphs[paragraph].meeting;
        let meeting_of = |pdf: &Pdf| self.paragraphs[pdf.paragraph].meeting;
        let start = self.pdfs.partition_point(|pdf| meeting_of(pdf) < meeting);
        let end = self.pdfs.partition_point(|pdf| meeting_of(pdf) <= meeting);
        (start..end)
            .filter(move |&i| self.pdfs[i].paragraph == paragraph)
            .map(PdfIx::new)
    }

    /// The meetings of a calendar year (meetings are in date order).
    pub fn meetings_of_year(&self, year: i32) -> Range<MeetingIx> {
        let start = self.meetings.partition_point(|m| m.date.year() < year);
        let end = self.meetings.partition_point(|m| m.date.year() <= year);
        MeetingIx::new(start)..MeetingIx::new(end)
    }

    /// The published PDFs of a run of meetings (PDFs are in meeting order).
    pub fn pdfs_of_meetings(&self, meetings: Range<MeetingIx>) -> Range<PdfIx> {
        let meeting_of = |pdf: &Pdf| self.paragraphs[pdf.paragraph].meeting;
        let start = self
            .pdfs
            .partition_point(|pdf| meeting_of(pdf) < meetings.start);
        let end = self
            .pdfs
            .partition_point(|pdf| meeting_of(pdf) < meetings.end);
        PdfIx::new(start)..PdfIx::new(end)
    }

    /// Does any text (a paragraph, a meeting's notes, a case file, a free
    /// page) link to pages or files of the portal? The preview then builds
    /// every edit whole: a link's target may change with any file.
    pub fn has_content_links(&self) -> bool {
        let paragraphs = self.paragraphs.iter().map(|p| &p.html);
        let notes = self.meetings.iter().map(|m| &m.notes_html);
        let summaries = self.cases.iter().map(|c| c.summary_html());
        let pages = self.pages.iter().map(|p| &p.html);
        let mut texts = paragraphs.chain(notes).chain(summaries).chain(pages);
        texts.any(markdown::ContentHtml::has_links)
    }

    /// The year of the earliest case id ([`cases::earliest_year`]).
    pub fn earliest_case_year(&self) -> Option<u16> {
        cases::earliest_year(&self.cases)
    }

    /// The years that have meetings, newest first.
    pub fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.meetings.iter().map(|m| m.date.year()).collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        years
    }
}

/// A § number is used once per body and calendar year.
fn duplicate_paragraphs(
    root: &std::path::Path,
    meetings: &[crate::content::meetings::MeetingSource],
    bodies: &[Body],
    body_index: &HashMap<&str, usize>,
) -> Vec<Diagnostic> {
    let mut first: HashMap<(usize, i32, u32), &PathBuf> = HashMap::new();
    let mut errors = Vec::new();
    for m in meetings {
        let body = body_index[m.body.as_str()];
        for p in &m.paragraphs {
            let key = (body, m.date.year(), p.number);
            match first.get(&key) {
                None => {
                    first.insert(key, &p.file);
                }
                Some(other) => {
                    let text = std::fs::read_to_string(root.join(&p.file)).unwrap_or_default();
                    errors.push(
                        Diagnostic::error(
                            Location::at(&p.file, p.number_line, 1),
                            ErrorKind::DuplicateParagraph {
                                number: p.number,
                                body: bodies[body].name.clone(),
                                year: m.date.year(),
                                other: other.to_string_lossy().replace('\\', "/"),
                            },
                        )
                        .with_source(&text),
                    );
                }
            }
        }
    }
    errors
}
