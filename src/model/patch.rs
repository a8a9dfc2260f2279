//! Patching the model in place after an edit inside meeting folders, for
//! the live preview: the paragraphs of the edited meetings are made again,
//! and the cases they name (before and after the edit) are derived again.
//!
//! A patch applies only when the edit keeps the model's shape: the same
//! meetings with the same headers, the same § files and numbers, the same
//! published attachments, and the same set of cases. Anything else (a new
//! paragraph or case, a moved meeting, a new attachment) returns `None` and
//! leaves the model untouched; the caller then builds the model again. The
//! patched model is exactly what [`Site::build`] gives for the new content
//! (the preview's edit property test compares the two byte for byte).

use std::collections::{BTreeMap, BTreeSet};

use super::cases::{sort_timeline, Case};
use super::{CaseRef, Paragraph, Site};
use crate::content::meetings::MeetingSource;
use crate::diarienummer::CaseId;
use crate::markdown;

/// What a patch changed.
#[derive(Debug)]
pub struct Patch {
    /// Paragraphs whose model changed, in model order, each with how it
    /// was before.
    pub paragraphs: Vec<(usize, Paragraph)>,
    /// Cases derived again (named by a changed paragraph before or after
    /// the edit), each with how it was before.
    pub cases: Vec<(usize, Case)>,
}

impl Patch {
    pub fn is_empty(&self) -> bool {
        self.paragraphs.is_empty()
    }
}

impl Site {
    /// Apply edited meeting folders (each as read again) to the model, or
    /// return `None`, untouched, when the edit changes the model's shape.
    pub fn patch_meetings(&mut self, edited: Vec<MeetingSource>) -> Option<Patch> {
        let mut changed: BTreeMap<usize, Paragraph> = BTreeMap::new();
        for source in edited {
            let mi = self.meetings.iter().position(|m| m.dir == source.dir)?;
            if !self.same_meeting_header(mi, &source) {
                return None;
            }
            let range = self.meetings[mi].paragraphs.clone();
            for (pi, p) in range.zip(source.paragraphs) {
                let (mut new, named) = Paragraph::from_source(mi, p);
                new.cases = self.case_refs(&named)?;
                let old = &self.paragraphs[pi];
                if new == *old {
                    continue;
                }
                if attachments(old) != attachments(&new) {
                    return None;
                }
                changed.insert(pi, new);
            }
        }
        let timelines = self.timelines_after(&changed)?;
        let paragraphs: Vec<(usize, Paragraph)> = changed
            .iter()
            .map(|(pi, p)| (*pi, std::mem::replace(&mut self.paragraphs[*pi], p.clone())))
            .collect();
        let mut cases = Vec::with_capacity(timelines.len());
        for (ci, mut timeline) in timelines {
            sort_timeline(&self.meetings, &self.paragraphs, &mut timeline);
            let first_written = self.paragraphs[timeline[0]]
                .cases
                .iter()
                .find(|r| r.case == ci)
                .map(|r| r.written.clone())
                .unwrap_or_default();
            let before = self.cases[ci].clone();
            let case = &mut self.cases[ci];
            case.timeline = timeline;
            case.derive_from_timeline(&self.meetings, &self.paragraphs, first_written);
            cases.push((ci, before));
        }
        Some(Patch { paragraphs, cases })
    }

    /// Does the folder still say what the model's meeting says, with the
    /// same § files and numbers?
    fn same_meeting_header(&self, mi: usize, s: &MeetingSource) -> bool {
        let m = &self.meetings[mi];
        m.id == s.id
            && self.bodies[m.body].id == s.body
            && m.date == s.date
            && m.time == s.time
            && m.location == s.location
            && m.status == s.status
            && m.certified == s.certified
            && m.webcast == s.webcast
            && m.paragraphs.len() == s.paragraphs.len()
            && m.paragraphs.clone().zip(&s.paragraphs).all(|(pi, p)| {
                let old = &self.paragraphs[pi];
                old.source == p.file && old.number == p.number
            })
            && m.notes_html == markdown::to_html(&s.notes, "", 2)
    }

    /// A paragraph's links to the cases it names (each once, as first
    /// written, in case order); `None` when one is not a case yet.
    fn case_refs(&self, named: &[(String, CaseId)]) -> Option<Vec<CaseRef>> {
        let mut refs: Vec<CaseRef> = Vec::new();
        for (written, id) in named {
            let case = self.cases.binary_search_by(|c| c.id.cmp(id)).ok()?;
            if !refs.iter().any(|r| r.case == case) {
                refs.push(CaseRef {
                    written: written.clone(),
                    case,
                });
            }
        }
        refs.sort_by_key(|r| r.case);
        Some(refs)
    }

    /// The paragraphs of every case a changed paragraph names, before or
    /// after, once the change is made; `None` when a case would be left
    /// with none.
    fn timelines_after(
        &self,
        changed: &BTreeMap<usize, Paragraph>,
    ) -> Option<Vec<(usize, Vec<usize>)>> {
        let touched: BTreeSet<usize> = changed
            .iter()
            .flat_map(|(pi, new)| {
                self.paragraphs[*pi]
                    .cases
                    .iter()
                    .chain(&new.cases)
                    .map(|r| r.case)
            })
            .collect();
        touched
            .into_iter()
            .map(|ci| {
                let mut timeline: Vec<usize> = self.cases[ci]
                    .timeline
                    .iter()
                    .copied()
                    .filter(|pi| !changed.contains_key(pi))
                    .collect();
                timeline.extend(
                    changed
                        .iter()
                        .filter(|(_, p)| p.cases.iter().any(|r| r.case == ci))
                        .map(|(pi, _)| *pi),
                );
                (!timeline.is_empty()).then_some((ci, timeline))
            })
            .collect()
    }
}

/// The files a paragraph publishes beside its meeting.
fn attachments(p: &Paragraph) -> Vec<&str> {
    p.documents
        .iter()
        .filter_map(|d| d.file.as_deref())
        .collect()
}
