//! Patching the model in place after an edit inside meeting folders, for
//! the live preview: the paragraphs of the edited meetings are made again,
//! and the cases they name (before and after the edit) are derived again.
//! A case named for the first time is added, and a case no paragraph names
//! any more is removed; the cases after it move up or down one index
//! ([`Renumbering`]), and whatever the preview keeps by case index is
//! renumbered the same way.
//!
//! A patch applies only when the edit keeps the rest of the model's shape:
//! the same meetings with the same headers, the same § files and numbers,
//! the same published attachments, no case file about a case that comes
//! (its summary and related cases would join the model) and no related
//! cases of a case that goes (their links back would change).
//! Anything else returns `None` and leaves the model untouched; the caller
//! then builds the model again. The patched model is exactly what
//! [`Site::build`] gives for the new content (the preview's edit property
//! test compares the two byte for byte).

use std::collections::BTreeMap;

use super::cases::{sort_timeline, Case, RelatedCase};
use super::{CaseRef, Paragraph, Site};
use crate::content::meetings::MeetingSource;
use crate::diarienummer::CaseId;
use crate::markdown;

/// What a patch changed.
#[derive(Debug)]
pub struct Patch {
    /// Paragraphs whose model changed, in model order, each with how it
    /// was before (its case references renumbered; those to a removed case
    /// dropped).
    pub paragraphs: Vec<(usize, Paragraph)>,
    /// Cases derived again (named by a changed paragraph before or after
    /// the edit), by index, each with how it was before (`None` for a new
    /// case).
    pub cases: Vec<(usize, Option<Case>)>,
    /// Cases no paragraph names any more, as they were.
    pub removed: Vec<Case>,
    /// How case indices moved, when cases came or went.
    pub renumbering: Option<Renumbering>,
}

impl Patch {
    pub fn is_empty(&self) -> bool {
        self.paragraphs.is_empty()
    }

    /// How many cases a changed paragraph named before the edit.
    pub fn cases_named_before(&self, pi: usize, before: &Paragraph) -> usize {
        let removed = self.removed.iter().filter(|c| c.timeline.contains(&pi));
        before.cases.len() + removed.count()
    }
}

/// Where each case index went when cases were added or removed (the cases
/// stay in id order).
#[derive(Debug)]
pub struct Renumbering {
    new_of_old: Vec<Option<usize>>,
    old_of_new: Vec<Option<usize>>,
}

impl Renumbering {
    /// The index a case has now; `None` for a removed case.
    pub fn new_index(&self, old: usize) -> Option<usize> {
        self.new_of_old[old]
    }

    /// The index a case had; `None` for a new case.
    pub fn old_index(&self, new: usize) -> Option<usize> {
        self.old_of_new[new]
    }

    /// The old indices of the removed cases.
    pub fn removed(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.new_of_old.len()).filter(|&old| self.new_of_old[old].is_none())
    }

    /// The first index whose case is not the one it was, if any.
    pub fn first_moved(&self) -> Option<usize> {
        (0..self.old_of_new.len().max(self.new_of_old.len()))
            .find(|&i| self.old_of_new.get(i).copied().flatten() != Some(i))
    }

    /// The new indices of the added cases.
    pub fn added(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.old_of_new.len()).filter(|&new| self.old_of_new[new].is_none())
    }

    /// A vector kept by case index, renumbered: a new case's slot is empty
    /// (`T::default()`), a removed case's is dropped.
    pub fn apply<T: Default>(&self, old: Vec<T>) -> Vec<T> {
        let mut old: Vec<Option<T>> = old.into_iter().map(Some).collect();
        self.old_of_new
            .iter()
            .map(|o| o.and_then(|o| old[o].take()).unwrap_or_default())
            .collect()
    }
}

/// An edited paragraph: as made again, and the cases it names by id (each
/// once, as first written, in id order).
type Edited = (Paragraph, Vec<(String, CaseId)>);

impl Site {
    /// Apply edited meeting folders (each as read again) to the model, or
    /// return `None`, untouched, when the edit changes the model's shape.
    /// `in_case_file` tells whether a case file is about a case id or
    /// relates to it.
    pub fn patch_meetings(
        &mut self,
        edited: Vec<MeetingSource>,
        in_case_file: impl Fn(&CaseId) -> bool,
    ) -> Option<Patch> {
        let changed = self.changed_paragraphs(edited)?;
        let timelines = self.timelines_after(&changed);
        let removed: Vec<usize> = timelines
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
        let removable = |ci: &usize| self.cases[*ci].related.is_empty();
        if !removed.iter().all(removable) || added.iter().any(|id| in_case_file(id)) {
            return None;
        }
        let added: Vec<CaseId> = added.into_iter().cloned().collect();
        let (renumbering, removed) = if removed.is_empty() && added.is_empty() {
            (None, Vec::new())
        } else {
            let (r, removed) = self.renumber_cases(&removed, added);
            (Some(r), removed)
        };

        let mut paragraphs = Vec::with_capacity(changed.len());
        for (pi, (mut new, named)) in changed {
            new.cases = named
                .into_iter()
                .map(|(written, id)| CaseRef {
                    written,
                    case: self
                        .case_index(&id)
                        .expect("every named case is in the model"),
                })
                .collect();
            paragraphs.push((pi, std::mem::replace(&mut self.paragraphs[pi], new)));
        }
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
        Some(Patch {
            paragraphs,
            cases,
            removed,
            renumbering,
        })
    }

    fn case_index(&self, id: &CaseId) -> Option<usize> {
        self.cases.binary_search_by(|c| c.id.cmp(id)).ok()
    }

    /// The edited paragraphs that differ from the model's, by index; `None`
    /// when a meeting is not the model's or a paragraph's attachments
    /// changed.
    fn changed_paragraphs(&self, edited: Vec<MeetingSource>) -> Option<BTreeMap<usize, Edited>> {
        let mut changed = BTreeMap::new();
        for source in edited {
            let mi = self.meetings.iter().position(|m| m.dir == source.dir)?;
            if !self.same_meeting_header(mi, &source) {
                return None;
            }
            let range = self.meetings[mi].paragraphs.clone();
            for (pi, p) in range.zip(source.paragraphs) {
                let (new, named) = Paragraph::from_source(mi, p);
                let named = first_written(named);
                let old = &self.paragraphs[pi];
                let same_cases = old.cases.len() == named.len()
                    && old.cases.iter().zip(&named).all(|(r, (written, id))| {
                        r.written == *written && self.cases[r.case].id == *id
                    });
                let uncased = Paragraph {
                    cases: Vec::new(),
                    ..old.clone()
                };
                if same_cases && new == uncased {
                    continue;
                }
                if attachments(old) != attachments(&new) {
                    return None;
                }
                changed.insert(pi, (new, named));
            }
        }
        Some(changed)
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

    /// The paragraphs of every case a changed paragraph names, before or
    /// after, once the change is made, by case id (unsorted; empty for a
    /// case no paragraph names any more).
    fn timelines_after(&self, changed: &BTreeMap<usize, Edited>) -> BTreeMap<CaseId, Vec<usize>> {
        let mut timelines: BTreeMap<CaseId, Vec<usize>> = BTreeMap::new();
        for (pi, (_, named)) in changed {
            let before = self.paragraphs[*pi].cases.iter();
            let ids = before
                .map(|r| &self.cases[r.case].id)
                .chain(named.iter().map(|(_, id)| id));
            for id in ids {
                timelines.entry(id.clone()).or_insert_with(|| {
                    let Some(ci) = self.case_index(id) else {
                        return Vec::new();
                    };
                    let timeline = self.cases[ci].timeline.iter().copied();
                    timeline.filter(|p| !changed.contains_key(p)).collect()
                });
            }
        }
        for (pi, (_, named)) in changed {
            for (_, id) in named {
                timelines.get_mut(id).expect("entered above").push(*pi);
            }
        }
        timelines
    }

    /// Where the cases go when the `removed` cases (indices, ascending) go
    /// and cases with the `added` ids (ascending) come, in id order.
    fn renumbering(&self, removed: &[usize], added: &[CaseId]) -> Renumbering {
        let mut new_of_old = vec![None; self.cases.len()];
        let mut old_of_new = Vec::with_capacity(self.cases.len() + added.len());
        let mut added = added.iter().peekable();
        for (old, case) in self.cases.iter().enumerate() {
            while added.next_if(|id| **id < case.id).is_some() {
                old_of_new.push(None);
            }
            if removed.binary_search(&old).is_err() {
                new_of_old[old] = Some(old_of_new.len());
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
        removed: &[usize],
        added: Vec<CaseId>,
    ) -> (Renumbering, Vec<Case>) {
        let renumbering = self.renumbering(removed, &added);
        // Moved in place: a large archive's cases are megabytes, and a new
        // vector of them is slow to fill.
        let mut gone: Vec<Case> = removed
            .iter()
            .rev()
            .map(|&old| self.cases.remove(old))
            .collect();
        gone.reverse();
        for (new, id) in renumbering.added().zip(added) {
            self.cases.insert(new, Case::new(id, None));
        }
        for p in &mut self.paragraphs {
            p.cases.retain_mut(|r| {
                renumbering
                    .new_index(r.case)
                    .map(|ci| r.case = ci)
                    .is_some()
            });
        }
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

/// The files a paragraph publishes beside its meeting.
fn attachments(p: &Paragraph) -> Vec<&str> {
    p.documents
        .iter()
        .filter_map(|d| d.file.as_deref())
        .collect()
}
