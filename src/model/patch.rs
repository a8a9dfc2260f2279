//! Patching the model in place after an edit inside meeting folders, for
//! the live preview: the paragraphs of the edited meetings are made again,
//! and the cases they name (before and after the edit) are derived again.
//! A case named for the first time is added, and a case no paragraph names
//! any more is removed; the cases after it move up or down one index
//! ([`Renumbering`]), and whatever the preview keeps by case index is
//! renumbered the same way.
//!
//! Paragraphs that come or go in an edited meeting (a § file added,
//! removed or given another number) move the paragraphs after them one
//! index up or down, renumbered the same way; so do published PDFs that
//! come or go (a document's `file:` added or removed, a paragraph made
//! confidential or public again), whose text is read as a build reads it.
//! A published attachment saved again under its name (a new version of a
//! PDF) counts as a change of the paragraphs that publish it, and a PDF's
//! text is read again.
//!
//! A meeting's header (`index.md`: time, place, status, certification,
//! webcast, notes, who was present, chaired and adjusted) may change too, its date not: every paragraph of the
//! meeting then counts as changed (its pages show the meeting). A new
//! meeting folder is added in its place, without paragraphs, before the
//! rest of the edit is applied: its paragraphs are then all new, and the
//! meetings after it move one index on ([`Patch::meeting_renumbering`]).
//! A meeting folder that went loses all its paragraphs the same way, and
//! is then taken out ([`Patch::meetings_removed`]); a meeting moved to
//! another date (its folder renamed) is one that goes and one that comes.
//!
//! The people whose acts or attendance an edit changed are noted
//! ([`Patch::people`]): their pages, feeds and figures, and their parties',
//! follow.
//!
//! A patch applies only when the edit keeps the rest of the model's shape:
//! no § number used twice in a body's year, no attachment that comes or
//! goes while another paragraph names it too, a PDF that comes or is
//! replaced read without a problem, no case file about a case that comes
//! (its summary and related cases would join the model) and no related
//! cases of a case that goes (their links back would change).
//! Anything else returns `None` and leaves the model untouched; the caller
//! then builds the model again. The patched model is exactly what
//! [`Site::build`] gives for the new content (the preview's edit property
//! test compares the two byte for byte).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::Datelike;
use rayon::prelude::*;

use super::cases::{sort_timeline, Case, RelatedCase};
use super::ix::{ByIx, Ix};
use super::vocabulary::MeetingStatus;
use super::{
    is_pdf, CaseIx, CaseRef, Meeting, MeetingIx, Paragraph, ParagraphIx, Pdf, PdfIx, Positions,
    Site,
};
use crate::content::acts::{Acts, Attendance, PersonIx};
use crate::content::meetings::MeetingSource;
use crate::content::people::People;
use crate::diarienummer::CaseId;
use crate::documents::PdfText;
use crate::markdown::{self, Links};
use crate::privacy;

/// A published attachment: its meeting and its file (relative to the
/// meeting folder).
pub type Attachment = (MeetingIx, String);

/// An edit inside meeting folders, as read again.
pub struct MeetingEdit {
    /// The edited meeting folders as read now (new ones among them).
    pub edited: Vec<MeetingSource>,
    /// The model's meeting folders that are gone.
    pub gone: Vec<PathBuf>,
    /// Published attachments saved again (relative to the content
    /// folder): a new version of the file under the same name.
    pub replaced: BTreeSet<PathBuf>,
}

/// Why an edit is no patch: the model's shape would change in a way the
/// patch does not follow. The preview then builds whole, and says why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unpatchable {
    /// A new meeting folder names a body `bodies.yaml` lacks.
    UnknownBody,
    /// A meeting folder the model does not have (read as gone or edited).
    UnknownMeeting,
    /// A meeting's date, body or folder changed.
    MeetingMoved,
    /// A § number is used twice in a body's year.
    NumberUsedTwice,
    /// A case no paragraph names any more has related cases.
    RelatedCaseGoes,
    /// A case that comes has a case file (its summary and relations).
    CaseWithFileComes,
    /// An attachment that comes or goes is named by another paragraph too.
    SharedAttachment,
    /// A text attachment came, changed or allows other numbers: the
    /// privacy guard of a whole build reads it.
    TextAttachment,
    /// A PDF that comes or changed has a problem a build reports.
    PdfProblem,
    /// A case file is about, or relates to, a case no paragraph names.
    CaseFileOfUnknownCase,
    /// A free page came, went or took another title (every footer links
    /// the pages by title).
    PageListChanged,
}

impl Unpatchable {
    /// Every reason.
    pub const ALL: [Unpatchable; 11] = [
        Unpatchable::UnknownBody,
        Unpatchable::UnknownMeeting,
        Unpatchable::MeetingMoved,
        Unpatchable::NumberUsedTwice,
        Unpatchable::RelatedCaseGoes,
        Unpatchable::CaseWithFileComes,
        Unpatchable::SharedAttachment,
        Unpatchable::TextAttachment,
        Unpatchable::PdfProblem,
        Unpatchable::CaseFileOfUnknownCase,
        Unpatchable::PageListChanged,
    ];

    /// What changed, as the preview says it.
    pub fn message(self, language: crate::content::settings::Language) -> &'static str {
        use crate::content::settings::Language::{En, Sv};
        use Unpatchable::*;
        match (self, language) {
            (UnknownBody, En) => "a new meeting is of a body bodies.yaml lacks",
            (UnknownBody, Sv) => "ett nytt sammanträde hör till ett organ som saknas i bodies.yaml",
            (UnknownMeeting, En) => "a meeting folder changed that the site did not have",
            (UnknownMeeting, Sv) => "en sammanträdesmapp som webbplatsen inte hade ändrades",
            (MeetingMoved, En) => "a meeting's date, body or folder changed",
            (MeetingMoved, Sv) => "ett sammanträdes datum, organ eller mapp ändrades",
            (NumberUsedTwice, En) => "a § number is used twice in a body's year",
            (NumberUsedTwice, Sv) => "ett §-nummer används två gånger under ett organs år",
            (RelatedCaseGoes, En) => "a case with related cases is no longer named",
            (RelatedCaseGoes, Sv) => "ett ärende med relaterade ärenden nämns inte längre",
            (CaseWithFileComes, En) => "a case that has a case file is named for the first time",
            (CaseWithFileComes, Sv) => "ett ärende med en ärendefil nämns för första gången",
            (SharedAttachment, En) => "an attachment another paragraph names too came or went",
            (SharedAttachment, Sv) => {
                "en bilaga som en annan paragraf också nämner kom eller försvann"
            }
            (TextAttachment, En) => "a text attachment came or changed",
            (TextAttachment, Sv) => "en textbilaga kom eller ändrades",
            (PdfProblem, En) => "a PDF that came or changed has a problem",
            (PdfProblem, Sv) => "en PDF som kom eller ändrades har ett problem",
            (CaseFileOfUnknownCase, En) => "a case file is about a case no paragraph names",
            (CaseFileOfUnknownCase, Sv) => {
                "en ärendefil gäller ett ärende som ingen paragraf nämner"
            }
            (PageListChanged, En) => "a free page came, went or took another title",
            (PageListChanged, Sv) => "en sida kom, försvann eller fick en annan rubrik",
        }
    }
}

/// What a patch changed.
#[derive(Debug)]
pub struct Patch {
    /// The people (indices into people.yaml's) whose acts or attendance
    /// changed: named before or after in a paragraph whose `raised_by`,
    /// `proposals`, `vote` or `reservations` changed, came or went (or was
    /// made confidential or public), or in a meeting whose `present`,
    /// `chair` or `adjusters` did.
    pub people: BTreeSet<usize>,
    /// Paragraphs whose model changed, in model order, each with how it
    /// was before (its case references renumbered; those to a removed case
    /// dropped), `None` for a new paragraph.
    pub paragraphs: Vec<(ParagraphIx, Option<Paragraph>)>,
    /// Paragraphs removed, as they were, with the slugs of their cases.
    pub removed_paragraphs: Vec<(Paragraph, Vec<String>)>,
    /// How paragraph indices moved, when paragraphs came or went.
    pub paragraph_renumbering: Option<Renumbering<Paragraph>>,
    /// Cases that stay and lost a removed paragraph: their timeline as it
    /// was before (in `cases`) no longer has it, so their dates and bodies
    /// may have changed although it does not show.
    pub cases_losing_paragraphs: BTreeSet<CaseIx>,
    /// Cases derived again (named by a changed paragraph before or after
    /// the edit), by index, each with how it was before (`None` for a new
    /// case).
    pub cases: Vec<(CaseIx, Option<Case>)>,
    /// Cases no paragraph names any more, as they were.
    pub removed: Vec<Case>,
    /// How case indices moved, when cases came or went.
    pub renumbering: Option<Renumbering<Case>>,
    /// Published attachments (of any type) that came, in meeting and file
    /// order.
    pub attachments_added: Vec<Attachment>,
    /// Published attachments that went, in meeting and file order.
    pub attachments_removed: Vec<Attachment>,
    /// Published attachments that stay with new bytes (their paragraphs
    /// are among `paragraphs`), in meeting and file order.
    pub attachments_replaced: Vec<Attachment>,
    /// How PDF indices moved, when published PDFs came or went.
    pub pdf_renumbering: Option<Renumbering<Pdf>>,
    /// Meetings whose header changed (their paragraphs are all among
    /// `paragraphs`).
    pub meetings_changed: BTreeSet<MeetingIx>,
    /// Meetings that came (their paragraphs are all among `paragraphs`),
    /// by index after the edit, ascending.
    pub meetings_added: Vec<MeetingIx>,
    /// Meetings whose folder went, with what they published.
    pub meetings_removed: Vec<RemovedMeeting>,
    /// The gone meetings' indices while the patch is made.
    gone_meetings: Vec<MeetingIx>,
    /// How meeting indices moved, when meetings came or went.
    pub meeting_renumbering: Option<Renumbering<Meeting>>,
    /// Free pages whose text changed (see [`Site::patch_pages`]).
    pub pages: Vec<usize>,
}

/// A meeting whose folder went: as it was, with its paragraphs (as in
/// [`Patch::removed_paragraphs`], their `meeting` no index any more) and
/// its published attachments.
#[derive(Debug)]
pub struct RemovedMeeting {
    pub meeting: Meeting,
    pub paragraphs: Vec<(Paragraph, Vec<String>)>,
    pub attachments: Vec<String>,
}

impl RemovedMeeting {
    /// Its published PDFs' files.
    pub fn pdfs(&self) -> impl Iterator<Item = &String> {
        self.attachments.iter().filter(|f| is_pdf(f))
    }
}

impl Patch {
    pub fn is_empty(&self) -> bool {
        self.paragraphs.is_empty()
            && self.removed_paragraphs.is_empty()
            && self.meetings_changed.is_empty()
            && self.meetings_added.is_empty()
            && self.meetings_removed.is_empty()
            && self.cases.is_empty()
            && self.pages.is_empty()
            && self.people.is_empty()
    }

    /// A patch that changed only these cases (each with how it was).
    pub fn of_cases(cases: Vec<(CaseIx, Option<Case>)>) -> Patch {
        Patch {
            cases,
            ..Patch::of_pages(Vec::new())
        }
    }

    /// A patch that changed only the text of these free pages.
    pub fn of_pages(pages: Vec<usize>) -> Patch {
        Patch {
            people: BTreeSet::new(),
            paragraphs: Vec::new(),
            removed_paragraphs: Vec::new(),
            paragraph_renumbering: None,
            cases_losing_paragraphs: BTreeSet::new(),
            cases: Vec::new(),
            removed: Vec::new(),
            renumbering: None,
            attachments_added: Vec::new(),
            attachments_removed: Vec::new(),
            attachments_replaced: Vec::new(),
            pdf_renumbering: None,
            meetings_changed: BTreeSet::new(),
            meetings_added: Vec::new(),
            meetings_removed: Vec::new(),
            gone_meetings: Vec::new(),
            meeting_renumbering: None,
            pages,
        }
    }

    /// The PDFs that went, as (meeting, file).
    pub fn removed_pdfs(&self) -> impl Iterator<Item = &Attachment> {
        self.attachments_removed.iter().filter(|(_, f)| is_pdf(f))
    }

    /// The PDFs that came, as (meeting, file).
    pub fn added_pdfs(&self) -> impl Iterator<Item = &Attachment> {
        self.attachments_added.iter().filter(|(_, f)| is_pdf(f))
    }

    /// The years of meetings that came (all their meetings are new) and
    /// went (no meeting is left) with the patch, on the patched `site`.
    pub fn meeting_years_changed(&self, site: &Site) -> (BTreeSet<i32>, BTreeSet<i32>) {
        let all_new = |year: i32| {
            let mut of_year = MeetingIx::each(site.meetings_of_year(year));
            of_year.all(|mi| self.meetings_added.binary_search(&mi).is_ok())
        };
        let came = self.meetings_added.iter();
        let came = came.map(|mi| site.meetings[*mi].date.year());
        let went = self.meetings_removed.iter().map(|g| g.meeting.date.year());
        (
            came.filter(|y| all_new(*y)).collect(),
            went.filter(|y| site.meetings_of_year(*y).is_empty())
                .collect(),
        )
    }
}

/// Where each position of a list (`T`: cases, paragraphs, PDFs or
/// meetings) went when items were added or removed (the cases stay in id
/// order, the paragraphs in meeting and § order).
pub struct Renumbering<T> {
    new_of_old: Vec<Option<Ix<T>>>,
    old_of_new: Vec<Option<Ix<T>>>,
}

impl<T> std::fmt::Debug for Renumbering<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renumbering")
            .field("new_of_old", &self.new_of_old)
            .finish()
    }
}

impl<T> Renumbering<T> {
    /// The position an item has now; `None` for a removed item.
    pub fn new_index(&self, old: Ix<T>) -> Option<Ix<T>> {
        self.new_of_old[old.get()]
    }

    /// The position an item had; `None` for a new item.
    pub fn old_index(&self, new: Ix<T>) -> Option<Ix<T>> {
        self.old_of_new[new.get()]
    }

    /// How many items there are now.
    pub fn new_len(&self) -> usize {
        self.old_of_new.len()
    }

    /// The old positions of the removed items.
    pub fn removed(&self) -> impl Iterator<Item = Ix<T>> + '_ {
        Ix::all(self.new_of_old.len()).filter(|&old| self.new_of_old[old.get()].is_none())
    }

    /// Positions that moved by the `removed` (old, ascending) and `added`
    /// (new, ascending) ones: the others keep their order.
    pub(crate) fn of_changes(old_len: usize, removed: &[Ix<T>], added: &[Ix<T>]) -> Renumbering<T> {
        let new_len = old_len - removed.len() + added.len();
        let mut new_of_old = vec![None; old_len];
        let mut old_of_new = vec![None; new_len];
        let mut old = Ix::new(0);
        for (new, slot) in old_of_new.iter_mut().enumerate() {
            let new = Ix::new(new);
            if added.binary_search(&new).is_ok() {
                continue;
            }
            while removed.binary_search(&old).is_ok() {
                old = old.next();
            }
            *slot = Some(old);
            new_of_old[old.get()] = Some(new);
            old = old.next();
        }
        Renumbering {
            new_of_old,
            old_of_new,
        }
    }

    /// This renumbering followed by `next`.
    fn then(&self, next: &Renumbering<T>) -> Renumbering<T> {
        let follow = |first: &[Option<Ix<T>>], second: &[Option<Ix<T>>]| {
            first
                .iter()
                .map(|i| i.and_then(|i| second[i.get()]))
                .collect()
        };
        Renumbering {
            new_of_old: follow(&self.new_of_old, &next.new_of_old),
            old_of_new: follow(&next.old_of_new, &self.old_of_new),
        }
    }

    /// The first position whose item is not the one it was, if any.
    pub fn first_moved(&self) -> Option<Ix<T>> {
        Ix::all(self.old_of_new.len().max(self.new_of_old.len()))
            .find(|&i| self.old_of_new.get(i.get()).copied().flatten() != Some(i))
    }

    /// The new positions of the added items.
    pub fn added(&self) -> impl Iterator<Item = Ix<T>> + '_ {
        Ix::all(self.old_of_new.len()).filter(|&new| self.old_of_new[new.get()].is_none())
    }

    /// Values kept by position, renumbered: a new item's slot is empty
    /// (`V::default()`), a removed item's is dropped.
    pub fn apply<V: Default>(&self, old: ByIx<T, V>) -> ByIx<T, V> {
        let mut old: Vec<Option<V>> = Vec::from(old).into_iter().map(Some).collect();
        let new: Vec<V> = self
            .old_of_new
            .iter()
            .map(|o| o.and_then(|o| old[o.get()].take()).unwrap_or_default())
            .collect();
        new.into()
    }
}

/// An edited paragraph: as made again, and the cases it names by id (each
/// once, as first written, in id order).
type Edited = (Paragraph, Vec<(String, CaseId)>);

/// The paragraphs an edit changes, adds and removes.
struct Diff {
    /// Changed and new paragraphs, by their index after the edit.
    changed: BTreeMap<ParagraphIx, Edited>,
    /// How paragraph indices move, when paragraphs come or go.
    renumbering: Option<Renumbering<Paragraph>>,
    /// The indices (before the edit, ascending) of removed paragraphs.
    removed: Vec<ParagraphIx>,
    /// The edited meetings (ascending) with their paragraphs' indices
    /// after the edit.
    meetings: Vec<(MeetingIx, Range<ParagraphIx>)>,
    /// The edited meetings whose header changed, with the new header.
    headers: Vec<(MeetingIx, Header)>,
    /// Published attachments saved again, as in [`MeetingEdit::replaced`].
    replaced: BTreeSet<PathBuf>,
    /// See [`Patch::people`].
    people: BTreeSet<usize>,
}

/// What a meeting's `index.md` says besides its place (folder, body, date).
#[derive(Clone, PartialEq)]
struct Header {
    time: Option<String>,
    location: Option<String>,
    status: MeetingStatus,
    certified: Option<chrono::NaiveDate>,
    announced: Option<chrono::NaiveDate>,
    agenda_announced: Option<chrono::NaiveDate>,
    webcast: Option<String>,
    notes_html: markdown::ContentHtml,
    attendance: Attendance<PersonIx>,
}

impl Header {
    fn of_source(s: &MeetingSource, people: &People) -> Header {
        Header {
            time: s.time.clone(),
            location: s.location.clone(),
            status: s.status,
            certified: s.certified,
            announced: s.announced,
            agenda_announced: s.agenda_announced,
            webcast: s.webcast.clone(),
            notes_html: markdown::ContentHtml::new(&s.notes, "", 2, Links::new()),
            attendance: s.attendance.resolve(people),
        }
    }

    fn of_meeting(m: &Meeting) -> Header {
        Header {
            time: m.time.clone(),
            location: m.location.clone(),
            status: m.status,
            certified: m.certified,
            announced: m.announced,
            agenda_announced: m.agenda_announced,
            webcast: m.webcast.clone(),
            notes_html: m.notes_html.clone(),
            attendance: m.attendance.clone(),
        }
    }

    fn apply(self, m: &mut Meeting) {
        m.time = self.time;
        m.location = self.location;
        m.status = self.status;
        m.certified = self.certified;
        m.announced = self.announced;
        m.agenda_announced = self.agenda_announced;
        m.webcast = self.webcast;
        m.notes_html = self.notes_html;
        m.attendance = self.attendance;
    }
}

/// The published PDFs of the edited meetings as the edit leaves them.
#[derive(Default)]
struct PdfPlan {
    /// Each edited meeting's PDFs.
    meetings: Vec<MeetingPdfs>,
    /// The text of each PDF that comes or is replaced.
    texts: HashMap<Attachment, PdfText>,
    added: Vec<Attachment>,
    replaced: Vec<Attachment>,
    removed: Vec<Attachment>,
}

/// One edited meeting's PDFs before and after the edit.
struct MeetingPdfs {
    /// Their indices in `pdfs` before the edit.
    before: Range<PdfIx>,
    /// Their files before the edit, in order.
    files_before: Vec<String>,
    /// After the edit: each one's first (paragraph (its index after the
    /// edit), document) and file, in file order.
    after: Vec<(ParagraphIx, usize, String)>,
}

/// Reads a PDF that comes or is replaced (its path relative to the
/// content folder, the personal identity numbers its document allows):
/// `None` when a build would report something about it.
pub type ReadPdf<'a> = &'a (dyn Fn(&Path, &[String]) -> Option<PdfText> + Sync);

impl Diff {
    fn old_index(&self, new: ParagraphIx) -> Option<ParagraphIx> {
        self.renumbering
            .as_ref()
            .map_or(Some(new), |r| r.old_index(new))
    }

    fn new_index(&self, old: ParagraphIx) -> Option<ParagraphIx> {
        moved(self.renumbering.as_ref(), old)
    }
}

/// The index `old` has after an edit that may have renumbered (`None`
/// when it went): itself when nothing was renumbered.
pub fn moved<T>(renumbering: Option<&Renumbering<T>>, old: Ix<T>) -> Option<Ix<T>> {
    renumbering.map_or(Some(old), |r| r.new_index(old))
}

impl Site {
    /// Apply an edit inside meeting folders to the model, or say why not,
    /// untouched, when the edit changes the model's shape.
    /// `in_case_file` tells whether a case file is about a case id or
    /// relates to it.
    pub fn patch_meetings(
        &mut self,
        edit: MeetingEdit,
        in_case_file: impl Fn(&CaseId) -> bool,
        read_pdf: ReadPdf,
    ) -> Result<Patch, Unpatchable> {
        let MeetingEdit {
            edited,
            gone,
            replaced,
        } = edit;
        let new: Vec<&MeetingSource> = edited
            .iter()
            .filter(|s| !self.meetings.iter().any(|m| m.dir == s.dir))
            .collect();
        let newcomers: Vec<PersonIx> = (new.iter())
            .flat_map(|s| {
                s.attendance
                    .resolve(&self.people)
                    .everyone()
                    .collect::<Vec<_>>()
            })
            .collect();
        let inserted = match new.is_empty() {
            true => None,
            false => Some(self.insert_meetings(&new).ok_or(Unpatchable::UnknownBody)?),
        };
        let patch = self.gone_meetings(&gone).and_then(|gone| {
            let diff = self.changed_paragraphs(edited, &gone, replaced)?;
            self.patch_known_meetings(diff, &gone, in_case_file, read_pdf)
        });
        let mut patch = match patch {
            Ok(patch) => patch,
            Err(why) => {
                if let Some(r) = &inserted {
                    self.remove_inserted_meetings(r);
                }
                return Err(why);
            }
        };
        patch.people.extend(newcomers);
        let removal = self.remove_gone_meetings(&mut patch);
        patch.meeting_renumbering = match (inserted, removal) {
            (Some(a), Some(b)) => Some(a.then(&b)),
            (a, b) => a.or(b),
        };
        if let Some(r) = &patch.meeting_renumbering {
            patch.meetings_added = r.added().collect();
        }
        Ok(patch)
    }

    /// The indices (ascending) of the meetings whose folders went; an
    /// error when one is not the model's.
    fn gone_meetings(&self, gone: &[PathBuf]) -> Result<Vec<MeetingIx>, Unpatchable> {
        let mut indices: Vec<MeetingIx> = gone
            .iter()
            .map(|dir| self.meeting_of_folder(dir))
            .collect::<Option<_>>()
            .ok_or(Unpatchable::UnknownMeeting)?;
        indices.sort_unstable();
        Ok(indices)
    }

    /// Take out the meetings the patch emptied because their folders went
    /// (indices in `removed_meetings` order), move every paragraph's
    /// meeting and the patch's meeting indices as the meetings moved, and
    /// put what the gone meetings published in
    /// [`Patch::meetings_removed`]. Returns how meeting indices moved, if
    /// meetings went.
    fn remove_gone_meetings(&mut self, patch: &mut Patch) -> Option<Renumbering<Meeting>> {
        let gone = std::mem::take(&mut patch.gone_meetings);
        if gone.is_empty() {
            return None;
        }
        let r = Renumbering::of_changes(self.meetings.len(), &gone, &[]);
        let mut removed: Vec<RemovedMeeting> = gone
            .iter()
            .rev()
            .map(|&mi| RemovedMeeting {
                meeting: self.meetings.remove(mi.get()),
                paragraphs: Vec::new(),
                attachments: Vec::new(),
            })
            .collect();
        removed.reverse();
        self.move_meetings_of_paragraphs(|mi| r.new_index(mi));
        let of_gone = |mi: MeetingIx| gone.binary_search(&mi).ok();
        let moved = |mi: &mut MeetingIx| *mi = r.new_index(*mi).expect("a meeting that stays");
        for (p, slugs) in std::mem::take(&mut patch.removed_paragraphs) {
            match of_gone(p.meeting) {
                Some(k) => removed[k].paragraphs.push((p, slugs)),
                None => patch.removed_paragraphs.push((p, slugs)),
            }
        }
        for (mi, file) in std::mem::take(&mut patch.attachments_removed) {
            match of_gone(mi) {
                Some(k) => removed[k].attachments.push(file),
                None => patch.attachments_removed.push((mi, file)),
            }
        }
        for (p, _) in &mut patch.removed_paragraphs {
            moved(&mut p.meeting);
        }
        for (_, before) in &mut patch.paragraphs {
            if let Some(p) = before {
                moved(&mut p.meeting);
            }
        }
        for (mi, _) in patch
            .attachments_removed
            .iter_mut()
            .chain(&mut patch.attachments_added)
            .chain(&mut patch.attachments_replaced)
        {
            moved(mi);
        }
        patch.meetings_changed = patch
            .meetings_changed
            .iter()
            .filter_map(|mi| r.new_index(*mi))
            .collect();
        patch.meetings_removed = removed;
        Some(r)
    }

    /// Add new meetings, without paragraphs yet, in their place (by date,
    /// then body, then folder, as [`Site::build`] orders them), and move
    /// every paragraph's meeting as the meetings moved. `None` when no
    /// meeting comes; also when one would bring a new year of meetings
    /// (its year's pages, sitemap part and list pages would come) or is
    /// of a body the model lacks: the edit is then no patch.
    fn insert_meetings(&mut self, new: &[&MeetingSource]) -> Option<Renumbering<Meeting>> {
        let mut meetings: Vec<(Option<usize>, Meeting)> = Vec::new();
        for s in new {
            let body = self.bodies.iter().position(|b| b.id == s.body)?;
            let notes_html = markdown::ContentHtml::new(&s.notes, "", 2, Links::new());
            let empty = ParagraphIx::new(0)..ParagraphIx::new(0);
            let meeting = Meeting::from_source(s, body, notes_html, &self.people, empty);
            meetings.push((None, meeting));
        }
        if meetings.is_empty() {
            return None;
        }
        let old = std::mem::take(&mut self.meetings);
        let old_len = old.len();
        meetings.extend(old.into_iter().enumerate().map(|(oi, m)| (Some(oi), m)));
        meetings.sort_by(|(_, a), (_, b)| (a.date, a.body, &a.dir).cmp(&(b.date, b.body, &b.dir)));
        let added: Vec<MeetingIx> = MeetingIx::all(meetings.len())
            .filter(|&i| meetings[i.get()].0.is_none())
            .collect();
        let renumbering = Renumbering::of_changes(old_len, &[], &added);
        let mut end = ParagraphIx::new(0);
        for (_, m) in &mut meetings {
            if m.paragraphs.is_empty() {
                m.paragraphs = end..end;
            }
            end = m.paragraphs.end;
        }
        self.meetings = meetings.into_iter().map(|(_, m)| m).collect();
        self.move_meetings_of_paragraphs(|old| renumbering.new_index(old));
        Some(renumbering)
    }

    /// Take out the meetings [`Site::insert_meetings`] added (still
    /// without paragraphs), when the edit turned out to be no patch.
    fn remove_inserted_meetings(&mut self, r: &Renumbering<Meeting>) {
        for new in r.added().collect::<Vec<_>>().into_iter().rev() {
            self.meetings.remove(new.get());
        }
        self.move_meetings_of_paragraphs(|new| r.old_index(new));
    }

    /// Give every paragraph its meeting's new index.
    fn move_meetings_of_paragraphs(&mut self, index: impl Fn(MeetingIx) -> Option<MeetingIx>) {
        for p in &mut self.paragraphs {
            p.meeting = index(p.meeting).expect("a paragraph's meeting stays");
        }
    }

    /// [`Site::patch_meetings`] once every edited meeting is in the model
    /// and its paragraphs compared with the model's (`diff`); the `gone`
    /// meetings lose all their paragraphs and stay, empty.
    fn patch_known_meetings(
        &mut self,
        diff: Diff,
        gone: &[MeetingIx],
        in_case_file: impl Fn(&CaseId) -> bool,
        read_pdf: ReadPdf,
    ) -> Result<Patch, Unpatchable> {
        let timelines = self.timelines_after(&diff);
        let removed: Vec<CaseIx> = timelines
            .iter()
            .filter(|(_, timeline)| timeline.is_empty())
            .filter_map(|(id, _)| self.case_index(id))
            .collect();
        let added: Vec<&CaseId> = timelines
            .keys()
            .filter(|id| self.case_index(id).is_none())
            .collect();
        // A case with a case file goes like any other (the file is then
        // one without paragraphs: a warning, which the preview does not
        // repeat); a related case links back, and a case file's case that
        // comes brings its summary and relations.
        let removable = |ci: &CaseIx| self.cases[*ci].related.is_empty();
        if !removed.iter().all(removable) {
            return Err(Unpatchable::RelatedCaseGoes);
        }
        if added.iter().any(|id| in_case_file(id)) {
            return Err(Unpatchable::CaseWithFileComes);
        }
        let pdf_plan = self.pdf_plan(&diff, read_pdf)?;
        // From here on the model changes.
        let meetings_changed = diff.headers.iter().map(|(mi, _)| *mi).collect();
        for (mi, header) in &diff.headers {
            header.clone().apply(&mut self.meetings[*mi]);
        }
        let added: Vec<CaseId> = added.into_iter().cloned().collect();
        let losing: BTreeSet<CaseId> = diff
            .removed
            .iter()
            .flat_map(|&old| &self.paragraphs[old].cases)
            .map(|r| self.cases[r.case].id.clone())
            .collect();
        let removed_paragraphs = self.move_paragraphs(&diff);
        let (renumbering, removed) = if removed.is_empty() && added.is_empty() {
            (None, Vec::new())
        } else {
            let (r, removed) = self.renumber_cases(&removed, added);
            (Some(r), removed)
        };

        let mut paragraphs = Vec::with_capacity(diff.changed.len());
        for (pi, (mut new, named)) in diff.changed {
            new.cases = named
                .into_iter()
                .map(|(written, id)| CaseRef {
                    written,
                    case: self
                        .case_index(&id)
                        .expect("every named case is in the model"),
                })
                .collect();
            let before = std::mem::replace(&mut self.paragraphs[pi], new);
            let is_new = diff
                .renumbering
                .as_ref()
                .is_some_and(|r| r.old_index(pi).is_none());
            paragraphs.push((pi, (!is_new).then_some(before)));
        }
        let attachments_added = pdf_plan.added.clone();
        let attachments_removed = pdf_plan.removed.clone();
        let attachments_replaced = pdf_plan.replaced.clone();
        let pdf_renumbering = self.apply_pdf_plan(pdf_plan, diff.renumbering.as_ref());
        let mut cases = Vec::with_capacity(timelines.len());
        for (id, mut timeline) in timelines {
            let Some(ci) = self.case_index(&id).filter(|_| !timeline.is_empty()) else {
                continue;
            };
            sort_timeline(&self.meetings, &self.paragraphs, &mut timeline);
            let first_written = self.paragraphs[timeline[0]]
                .cases
                .iter()
                .find(|r| r.case == ci)
                .map(|r| r.written.clone())
                .unwrap_or_default();
            let is_new = renumbering
                .as_ref()
                .is_some_and(|r| r.old_index(ci).is_none());
            let before = (!is_new).then(|| self.cases[ci].clone());
            let case = &mut self.cases[ci];
            case.timeline = timeline;
            case.derive_from_timeline(&self.meetings, &self.paragraphs, first_written);
            cases.push((ci, before));
        }
        let cases_losing_paragraphs = losing.iter().filter_map(|id| self.case_index(id));
        Ok(Patch {
            people: diff.people,
            paragraphs,
            removed_paragraphs,
            cases_losing_paragraphs: cases_losing_paragraphs.collect(),
            paragraph_renumbering: diff.renumbering,
            cases,
            removed,
            renumbering,
            attachments_added,
            attachments_removed,
            attachments_replaced,
            pdf_renumbering,
            meetings_changed,
            meetings_added: Vec::new(),
            meetings_removed: Vec::new(),
            gone_meetings: gone.to_vec(),
            meeting_renumbering: None,
            pages: Vec::new(),
        })
    }

    pub(crate) fn case_index(&self, id: &CaseId) -> Option<CaseIx> {
        self.cases
            .binary_search_by(|c| c.id.cmp(id))
            .ok()
            .map(CaseIx::new)
    }

    /// The meeting of a folder (relative to the content folder), if the
    /// model has it.
    pub(crate) fn meeting_of_folder(&self, dir: &Path) -> Option<MeetingIx> {
        self.meetings
            .iter()
            .position(|m| m.dir == dir)
            .map(MeetingIx::new)
    }

    /// The paragraphs of the edited meetings that differ from the model's
    /// or publish a `replaced` attachment, that are new (a § number the
    /// meeting did not have) and that are gone (all of a meeting's whose
    /// header changed); `None` when a meeting is not the model's or its
    /// date changed, or a § number is used twice in a body's year.
    fn changed_paragraphs(
        &self,
        edited: Vec<MeetingSource>,
        gone: &[MeetingIx],
        replaced: BTreeSet<PathBuf>,
    ) -> Result<Diff, Unpatchable> {
        let mut folders = Vec::with_capacity(edited.len() + gone.len());
        for source in edited {
            let mi = self.meeting_of_folder(&source.dir);
            let mi = mi.ok_or(Unpatchable::UnknownMeeting)?;
            if !self.same_meeting_place(mi, &source) {
                return Err(Unpatchable::MeetingMoved);
            }
            folders.push((mi, Some(source)));
        }
        folders.extend(gone.iter().map(|mi| (*mi, None)));
        folders.sort_by_key(|(mi, _)| *mi);
        if !self.numbers_stay_unique(&folders) {
            return Err(Unpatchable::NumberUsedTwice);
        }
        let mut changed = BTreeMap::new();
        let (mut added, mut removed) = (Vec::new(), Vec::new());
        let mut meetings = Vec::with_capacity(folders.len());
        let mut headers = Vec::new();
        let mut people = BTreeSet::new();
        // How far the edited meetings before this one moved its paragraphs.
        let mut shift = 0isize;
        for (mi, source) in folders {
            let range = self.meetings[mi].paragraphs.clone();
            let start = range.start.get().checked_add_signed(shift);
            let start = start.expect("the edited meetings' paragraphs lie after the first's");
            let count = source.as_ref().map_or(0, |s| s.paragraphs.len());
            shift += count as isize - ParagraphIx::count(&range) as isize;
            meetings.push((mi, ParagraphIx::new(start)..ParagraphIx::new(start + count)));
            let Some(source) = source else {
                removed.extend(ParagraphIx::each(range));
                people.extend(self.meetings[mi].attendance.everyone());
                continue;
            };
            let header = Header::of_source(&source, &self.people);
            let before = Header::of_meeting(&self.meetings[mi]);
            if header.attendance != before.attendance {
                people.extend(before.attendance.everyone());
                people.extend(header.attendance.everyone());
            }
            let header_changed = header != before;
            if header_changed {
                headers.push((mi, header));
            }
            let mut old = ParagraphIx::each(range).peekable();
            // Made on every core: a meeting may have a hundred.
            let made: Vec<_> = (source.paragraphs.into_par_iter())
                .map(|p| {
                    // No links: see `serve::incremental::apply`.
                    let (new, named) = Paragraph::from_source(mi, p, Links::new(), &self.people);
                    (new, first_written(named))
                })
                .collect();
            for (k, (new, named)) in made.into_iter().enumerate() {
                let number = new.number;
                removed.extend(std::iter::from_fn(|| {
                    old.next_if(|&pi| self.paragraphs[pi].number < number)
                }));
                let unchanged = |pi: ParagraphIx| {
                    !header_changed
                        && !self.paragraph_changed(pi, &new, &named)
                        && (replaced.is_empty()
                            || !self.publishes(mi, &new, |f| replaced.contains(f)))
                };
                let same = old.next_if(|&pi| self.paragraphs[pi].number == number);
                let acts_before = same.map(|pi| &self.paragraphs[pi].acts);
                if acts_before != Some(&new.acts) {
                    people.extend(acts_before.into_iter().flat_map(Acts::everyone));
                    people.extend(new.acts.everyone());
                }
                match same {
                    Some(pi) if unchanged(pi) => continue,
                    Some(_) => {}
                    None => added.push(ParagraphIx::new(start + k)),
                }
                changed.insert(ParagraphIx::new(start + k), (new, named));
            }
            removed.extend(old);
        }
        people.extend(
            removed
                .iter()
                .flat_map(|pi| self.paragraphs[*pi].acts.everyone()),
        );
        let renumbering = (!added.is_empty() || !removed.is_empty())
            .then(|| Renumbering::of_changes(self.paragraphs.len(), &removed, &added));
        Ok(Diff {
            changed,
            renumbering,
            removed,
            meetings,
            headers,
            replaced,
            people,
        })
    }

    /// Does the paragraph (of meeting `mi`) publish a file (its path
    /// relative to the content folder) that `is` picks?
    pub(crate) fn publishes(
        &self,
        mi: MeetingIx,
        p: &Paragraph,
        is: impl Fn(&Path) -> bool,
    ) -> bool {
        let dir = &self.meetings[mi].dir;
        let published = p.documents.iter().filter(|_| !p.confidential);
        published
            .filter_map(|d| d.file.as_deref())
            .any(|f| is(&dir.join(f)))
    }

    /// Does the paragraph made again differ from the model's (its cases
    /// compared by id and as written)?
    fn paragraph_changed(
        &self,
        pi: ParagraphIx,
        new: &Paragraph,
        named: &[(String, CaseId)],
    ) -> bool {
        let old = &self.paragraphs[pi];
        let same_cases =
            old.cases.len() == named.len()
                && old.cases.iter().zip(named).all(|(r, (written, id))| {
                    r.written == *written && self.cases[r.case].id == *id
                });
        let uncased = Paragraph {
            cases: Vec::new(),
            ..old.clone()
        };
        !same_cases || *new != uncased
    }

    /// Is every § number of the edited meetings still used once in its
    /// body's year (as [`Site::build`] checks)?
    fn numbers_stay_unique(&self, folders: &[(MeetingIx, Option<MeetingSource>)]) -> bool {
        let mut used = HashSet::new();
        for (mi, source) in folders {
            let m = &self.meetings[*mi];
            for p in source.iter().flat_map(|s| &s.paragraphs) {
                if !used.insert((m.body, m.date.year(), p.number)) {
                    return false;
                }
            }
        }
        let edited: HashSet<MeetingIx> = folders.iter().map(|(mi, _)| *mi).collect();
        folders.iter().all(|(mi, _)| {
            let m = &self.meetings[*mi];
            let year = m.date.year();
            MeetingIx::each(self.meetings_of_year(year))
                .filter(|o| !edited.contains(o) && self.meetings[*o].body == m.body)
                .flat_map(|o| self.meetings[o].paragraph_ixs())
                .all(|pi| !used.contains(&(m.body, year, self.paragraphs[pi].number)))
        })
    }

    /// Is the folder still the model's meeting, of the same body, on the
    /// same date?
    fn same_meeting_place(&self, mi: MeetingIx, s: &MeetingSource) -> bool {
        let m = &self.meetings[mi];
        m.id == s.id && self.bodies[m.body].id == s.body && m.date == s.date
    }

    /// The paragraphs of every case a changed or removed paragraph names,
    /// before or after, once the change is made, by case id (unsorted;
    /// empty for a case no paragraph names any more), by index after the
    /// edit.
    fn timelines_after(&self, diff: &Diff) -> BTreeMap<CaseId, Vec<ParagraphIx>> {
        let mut timelines: BTreeMap<CaseId, Vec<ParagraphIx>> = BTreeMap::new();
        let mut touch = |id: &CaseId| {
            timelines.entry(id.clone()).or_insert_with(|| {
                let Some(ci) = self.case_index(id) else {
                    return Vec::new();
                };
                let timeline = self.cases[ci].timeline.iter();
                timeline
                    .filter_map(|&old| diff.new_index(old))
                    .filter(|p| !diff.changed.contains_key(p))
                    .collect()
            });
        };
        let named_before = |old: ParagraphIx| {
            let cases = self.paragraphs[old].cases.iter();
            cases.map(|r| &self.cases[r.case].id)
        };
        for (pi, (_, named)) in &diff.changed {
            if let Some(old) = diff.old_index(*pi) {
                named_before(old).for_each(&mut touch);
            }
            named.iter().for_each(|(_, id)| touch(id));
        }
        for &old in &diff.removed {
            named_before(old).for_each(&mut touch);
        }
        for (pi, (_, named)) in &diff.changed {
            for (_, id) in named {
                timelines.get_mut(id).expect("entered above").push(*pi);
            }
        }
        timelines
    }

    /// Remove and insert the paragraphs that go and come (the new ones as
    /// made, their cases to be set), and renumber every reference to a
    /// paragraph. Returns the removed paragraphs with their cases' slugs.
    fn move_paragraphs(&mut self, diff: &Diff) -> Vec<(Paragraph, Vec<String>)> {
        let Some(r) = &diff.renumbering else {
            return Vec::new();
        };
        let mut gone: Vec<(Paragraph, Vec<String>)> = Vec::with_capacity(diff.removed.len());
        for &old in diff.removed.iter().rev() {
            let p = self.paragraphs.remove(old.get());
            let slugs = p.cases.iter().map(|c| self.cases[c.case].slug.clone());
            let slugs = slugs.collect();
            gone.push((p, slugs));
        }
        gone.reverse();
        for new in r.added() {
            self.paragraphs
                .insert(new.get(), diff.changed[&new].0.clone());
        }
        // Paragraphs stay grouped by meeting, in meeting order.
        let mut start = 0;
        for (mi, m) in self.meetings.iter_mut().enumerate() {
            let count = self.paragraphs[start..]
                .iter()
                .take_while(|p| p.meeting.get() == mi)
                .count();
            m.paragraphs = ParagraphIx::new(start)..ParagraphIx::new(start + count);
            start += count;
        }
        // In parallel: a pass over every case is memory-bound.
        self.cases.par_iter_mut().for_each(|case| {
            case.timeline
                .retain_mut(|pi| r.new_index(*pi).map(|new| *pi = new).is_some());
        });
        gone
    }

    /// The paragraph at index `pi` after the edit (not yet made).
    fn paragraph_after<'a>(&'a self, diff: &'a Diff, pi: ParagraphIx) -> &'a Paragraph {
        match diff.changed.get(&pi) {
            Some((p, _)) => p,
            None => &self.paragraphs[diff.old_index(pi).expect("an unchanged paragraph stays")],
        }
    }

    /// The published attachments of a meeting's paragraphs, each with
    /// every (paragraph, document) that names it, in order.
    fn published_files<'a>(
        paragraphs: impl Iterator<Item = (ParagraphIx, &'a Paragraph)>,
    ) -> BTreeMap<&'a str, Vec<(ParagraphIx, usize)>> {
        let mut files: BTreeMap<&str, Vec<(ParagraphIx, usize)>> = BTreeMap::new();
        for (pi, p) in paragraphs.filter(|(_, p)| !p.confidential) {
            for (di, d) in p.documents.iter().enumerate() {
                if let Some(file) = d.file.as_deref() {
                    files.entry(file).or_default().push((pi, di));
                }
            }
        }
        files
    }

    /// The published attachments and PDFs of the edited meetings after the
    /// edit, with the text of the PDFs that come or are replaced; `None`
    /// when an attachment that comes or goes is named by another paragraph
    /// too, a PDF that stays is first named by another paragraph now, or a
    /// PDF that comes or is replaced (or whose allowed personal identity
    /// numbers changed) would make the build report something, or a text
    /// attachment comes, is replaced or allows other numbers.
    fn pdf_plan(&self, diff: &Diff, read: ReadPdf) -> Result<PdfPlan, Unpatchable> {
        let mut plan = PdfPlan::default();
        for (mi, range) in &diff.meetings {
            let old = self.meetings[*mi].paragraphs.clone();
            let before =
                Self::published_files(ParagraphIx::each(old).map(|pi| (pi, &self.paragraphs[pi])));
            let after = Self::published_files(
                ParagraphIx::each(range.clone()).map(|pi| (pi, self.paragraph_after(diff, pi))),
            );
            for (file, named) in &before {
                if !after.contains_key(file) {
                    if named.len() > 1 {
                        return Err(Unpatchable::SharedAttachment);
                    }
                    plan.removed.push((*mi, (*file).to_owned()));
                }
            }
            let pdfs_before = self.pdfs_of_meetings(*mi..mi.next());
            let files_before = PdfIx::each(pdfs_before.clone())
                .map(|i| self.pdf_file(i).1.to_owned())
                .collect();
            let mut pdfs = Vec::new();
            for (file, named) in &after {
                let (pi, di) = named[0];
                let document = &self.paragraph_after(diff, pi).documents[di];
                let rel = self.meetings[*mi].dir.join(file);
                // A text attachment that comes, changes or allows other
                // numbers is read by the privacy guard of a whole build.
                let text_read_again = crate::documents::is_text_attachment(file)
                    && before.get(file).is_none_or(|was| {
                        diff.replaced.contains(&rel)
                            || self.paragraphs[was[0].0].documents[was[0].1].allowed
                                != document.allowed
                    });
                if text_read_again {
                    return Err(Unpatchable::TextAttachment);
                }
                match before.get(file) {
                    None if named.len() > 1 => return Err(Unpatchable::SharedAttachment),
                    None => {
                        plan.added.push((*mi, (*file).to_owned()));
                        if is_pdf(file) {
                            let text =
                                read(&rel, &document.allowed).ok_or(Unpatchable::PdfProblem)?;
                            plan.texts.insert((*mi, (*file).to_owned()), text);
                        }
                    }
                    Some(was) if diff.new_index(was[0].0) != Some(pi) => {
                        return Err(Unpatchable::SharedAttachment)
                    }
                    Some(_) if diff.replaced.contains(&rel) => {
                        plan.replaced.push((*mi, (*file).to_owned()));
                        if is_pdf(file) {
                            let text =
                                read(&rel, &document.allowed).ok_or(Unpatchable::PdfProblem)?;
                            plan.texts.insert((*mi, (*file).to_owned()), text);
                        }
                    }
                    Some(was) => {
                        let allowed = &self.paragraphs[was[0].0].documents[was[0].1].allowed;
                        let text = self.pdf(was[0].0, was[0].1).map(|i| &self.pdfs[i].text);
                        if let Some(text) = text.filter(|_| *allowed != document.allowed) {
                            if !privacy::scan_pages(&rel, &text.pages, &document.allowed).is_empty()
                            {
                                return Err(Unpatchable::PdfProblem);
                            }
                        }
                    }
                }
                if is_pdf(file) {
                    pdfs.push((pi, di, (*file).to_owned()));
                }
            }
            plan.meetings.push(MeetingPdfs {
                before: pdfs_before,
                files_before,
                after: pdfs,
            });
        }
        Ok(plan)
    }

    /// Make `pdfs` what the plan says for the edited meetings (keeping the
    /// text of the PDFs that stay, unless replaced) and move the others'
    /// paragraphs as the paragraphs moved; returns how PDF indices moved,
    /// when PDFs came or went.
    fn apply_pdf_plan(
        &mut self,
        mut plan: PdfPlan,
        paragraphs: Option<&Renumbering<Paragraph>>,
    ) -> Option<Renumbering<Pdf>> {
        let mut pdfs = NewPdfs::from(std::mem::take(&mut self.pdfs));
        let mut next = PdfIx::new(0);
        for meeting in std::mem::take(&mut plan.meetings) {
            for oi in PdfIx::each(next..meeting.before.start) {
                pdfs.carry(oi, paragraphs);
            }
            next = meeting.before.end;
            for (paragraph, document, file) in meeting.after {
                let k = meeting.files_before.iter().position(|f| *f == file);
                let text = plan
                    .texts
                    .remove(&(self.paragraphs[paragraph].meeting, file));
                match k {
                    Some(k) => {
                        let oi = PdfIx::new(meeting.before.start.get() + k);
                        pdfs.keep(oi, paragraph, document, text);
                    }
                    None => {
                        pdfs.add(paragraph, document, text.expect("a PDF that comes is read"));
                    }
                }
            }
        }
        for oi in PdfIx::each(next..PdfIx::new(pdfs.old.len())) {
            pdfs.carry(oi, paragraphs);
        }
        let (pdfs, renumbering) = pdfs.finish();
        self.pdfs = pdfs;
        renumbering
    }

    /// Where the cases go when the `removed` cases (indices, ascending) go
    /// and cases with the `added` ids (ascending) come, in id order.
    fn renumbering(&self, removed: &[CaseIx], added: &[CaseId]) -> Renumbering<Case> {
        let mut new_of_old = vec![None; self.cases.len()];
        let mut old_of_new = Vec::with_capacity(self.cases.len() + added.len());
        let mut added = added.iter().peekable();
        for (old, case) in self.cases.positioned() {
            while added.next_if(|id| **id < case.id).is_some() {
                old_of_new.push(None);
            }
            if removed.binary_search(&old).is_err() {
                new_of_old[old.get()] = Some(CaseIx::new(old_of_new.len()));
                old_of_new.push(Some(old));
            }
        }
        old_of_new.extend(added.map(|_| None));
        Renumbering {
            new_of_old,
            old_of_new,
        }
    }

    /// Remove the `removed` cases (indices, ascending) and add cases with
    /// the `added` ids (not in the model, ascending), keeping id order, and
    /// renumber every reference to a case. Returns the renumbering and the
    /// removed cases.
    fn renumber_cases(
        &mut self,
        removed: &[CaseIx],
        added: Vec<CaseId>,
    ) -> (Renumbering<Case>, Vec<Case>) {
        let renumbering = self.renumbering(removed, &added);
        // Moved in place: a large archive's cases are megabytes, and a new
        // vector of them is slow to fill.
        let mut gone: Vec<Case> = removed
            .iter()
            .rev()
            .map(|&old| self.cases.remove(old.get()))
            .collect();
        gone.reverse();
        for (new, id) in renumbering.added().zip(added) {
            self.cases.insert(new.get(), Case::new(id, None));
        }
        // In parallel: a pass over every paragraph is memory-bound.
        self.paragraphs.par_iter_mut().for_each(|p| {
            p.cases.retain_mut(|r| {
                renumbering
                    .new_index(r.case)
                    .map(|ci| r.case = ci)
                    .is_some()
            });
        });
        for case in &mut self.cases {
            for r in &mut case.related {
                if let RelatedCase::Published(other) = r {
                    // A removed case relates to none (checked before).
                    *other = renumbering.new_index(*other).expect("a related case stays");
                }
            }
        }
        (renumbering, gone)
    }
}

/// The cases a paragraph names, each once as first written, in id order.
fn first_written(named: Vec<(String, CaseId)>) -> Vec<(String, CaseId)> {
    let mut once: Vec<(String, CaseId)> = Vec::with_capacity(named.len());
    for (written, id) in named {
        if !once.iter().any(|(_, other)| *other == id) {
            once.push((written, id));
        }
    }
    once.sort_by(|a, b| a.1.cmp(&b.1));
    once
}

/// The PDFs of the model being made again from the old ones, in order.
struct NewPdfs {
    old: Vec<Option<Pdf>>,
    pdfs: Vec<Pdf>,
    new_of_old: Vec<Option<PdfIx>>,
    old_of_new: Vec<Option<PdfIx>>,
}

impl NewPdfs {
    fn from(old: Vec<Pdf>) -> NewPdfs {
        NewPdfs {
            new_of_old: vec![None; old.len()],
            old_of_new: Vec::with_capacity(old.len()),
            pdfs: Vec::with_capacity(old.len()),
            old: old.into_iter().map(Some).collect(),
        }
    }

    fn take(&mut self, oi: PdfIx) -> Pdf {
        self.new_of_old[oi.get()] = Some(PdfIx::new(self.pdfs.len()));
        self.old_of_new.push(Some(oi));
        self.old[oi.get()].take().expect("each PDF is taken once")
    }

    /// An unedited meeting's PDF, its paragraph moved as paragraphs moved.
    fn carry(&mut self, oi: PdfIx, paragraphs: Option<&Renumbering<Paragraph>>) {
        let mut pdf = self.take(oi);
        if let Some(r) = paragraphs {
            pdf.paragraph = r
                .new_index(pdf.paragraph)
                .expect("an unedited paragraph stays");
        }
        self.pdfs.push(pdf);
    }

    /// A PDF that stays in an edited meeting, with its text: the new
    /// `text` when the file was replaced.
    fn keep(&mut self, oi: PdfIx, paragraph: ParagraphIx, document: usize, text: Option<PdfText>) {
        let kept = self.take(oi).text;
        self.pdfs.push(Pdf {
            paragraph,
            document,
            text: text.unwrap_or(kept),
        });
    }

    fn add(&mut self, paragraph: ParagraphIx, document: usize, text: PdfText) {
        self.old_of_new.push(None);
        self.pdfs.push(Pdf {
            paragraph,
            document,
            text,
        });
    }

    /// The PDFs, and how their indices moved when PDFs came or went.
    fn finish(self) -> (Vec<Pdf>, Option<Renumbering<Pdf>>) {
        let moved = self.new_of_old.contains(&None) || self.old_of_new.contains(&None);
        let renumbering = moved.then_some(Renumbering {
            new_of_old: self.new_of_old,
            old_of_new: self.old_of_new,
        });
        (self.pdfs, renumbering)
    }
}
