//! Patching the model in place after files outside the meeting folders
//! were saved, for the live preview: case files and free pages.
//!
//! A case file (`cases/<case id>.md`, saved, added or removed) changes its
//! case's title, status, diarienummer, tags and summary, and the related
//! cases of every case it declares, before and after the edit; those
//! cases are derived again and returned as a [`Patch`] of cases, so that
//! the preview renders what shows them ([`crate::render::affected`]), as
//! for a paragraph edit. A case file the build would warn about (about a
//! case no paragraph names, or declaring such a related case) is no
//! patch: the whole build then says so.
//!
//! A free page (`pages/<slug>.md`) whose title stays changes only its own
//! page and its search document; a page that comes, goes or is retitled
//! changes the footer of every page, and is no patch.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use super::cases::{related_of, CaseFile};
use super::patch::{Patch, Unpatchable};
use super::{CaseIx, Page, Positions, RelatedCase, Site};
use crate::content::cases::CaseFileSource;
use crate::content::pages::PageSource;
use crate::markdown::Links;

impl Site {
    /// Apply the edited case files (each path relative to the content
    /// folder, with the file as read now, `None` when it is gone), given
    /// every case file as read now (`all`, the edited ones among them);
    /// an error, untouched, when the build would warn about one.
    pub fn patch_case_files<'a>(
        &mut self,
        edited: &[(PathBuf, Option<&CaseFileSource>)],
        all: impl Iterator<Item = &'a CaseFileSource>,
    ) -> Result<Patch, Unpatchable> {
        let files = self
            .cases_with_edited_files(edited)
            .ok_or(Unpatchable::CaseFileOfUnknownCase)?;
        let relinked = self.cases_relinked(&files);
        let before: Vec<_> = relinked
            .iter()
            .map(|&ci| (ci, self.cases[ci].clone()))
            .collect();
        for (&ci, now) in &files {
            // Patched only while no text links into the portal (see
            // `serve::incremental`), so there are no links to resolve.
            let file = now.map(|f| CaseFile::from_source(f.clone(), Links::new()).0);
            self.cases[ci].file = file;
            let first = &self.paragraphs[self.cases[ci].timeline[0]];
            let first_written = first.cases.iter().find(|r| r.case == ci);
            let first_written = first_written.map(|r| r.written.clone()).unwrap_or_default();
            let case = &mut self.cases[ci];
            case.derive_from_timeline(&self.meetings, &self.paragraphs, first_written);
        }
        self.link_related_again(&relinked, all);
        let changed = before
            .into_iter()
            .filter(|(ci, old)| self.cases[*ci] != *old)
            .map(|(ci, old)| (ci, Some(old)));
        Ok(Patch::of_cases(changed.collect()))
    }

    /// The cases whose file was edited, each with its file now; `None`
    /// when one is about a case no paragraph names, or declares such a
    /// related case.
    fn cases_with_edited_files<'a>(
        &self,
        edited: &[(PathBuf, Option<&'a CaseFileSource>)],
    ) -> Option<BTreeMap<CaseIx, Option<&'a CaseFileSource>>> {
        let mut files = BTreeMap::new();
        for (rel, now) in edited {
            let mut cases = self.cases.positioned();
            if let Some((ci, _)) = cases.find(|(_, c)| c.source() == Some(rel)) {
                files.entry(ci).or_insert(None);
            }
            if let Some(f) = now {
                let ci = self.case_index(&f.id)?;
                let related = f.related.iter().map(|(_, id, _)| self.case_index(id));
                related.collect::<Option<Vec<_>>>()?;
                files.insert(ci, Some(*f));
            }
        }
        Some(files)
    }

    /// The cases whose related cases may change with the edited files:
    /// theirs, and those they declare or declared.
    fn cases_relinked(
        &self,
        files: &BTreeMap<CaseIx, Option<&CaseFileSource>>,
    ) -> BTreeSet<CaseIx> {
        let mut relinked: BTreeSet<CaseIx> = files.keys().copied().collect();
        for (&ci, now) in files {
            relinked.extend(self.cases[ci].related.iter().filter_map(|r| match r {
                RelatedCase::Published(other) => Some(*other),
                RelatedCase::Unpublished(_) => None,
            }));
            let declared = now.iter().flat_map(|f| &f.related);
            relinked.extend(declared.filter_map(|(_, id, _)| self.case_index(id)));
        }
        relinked
    }

    /// Link the `relinked` cases' related cases again from every case file
    /// (`all`), as [`super::cases::derive`] links them.
    fn link_related_again<'a>(
        &mut self,
        relinked: &BTreeSet<CaseIx>,
        all: impl Iterator<Item = &'a CaseFileSource>,
    ) {
        let mut own: HashMap<CaseIx, &[(String, _, usize)]> = HashMap::new();
        let mut declared_by: HashMap<CaseIx, Vec<CaseIx>> = HashMap::new();
        for f in all {
            // The file of a case no paragraph names links nothing.
            let Some(ci) = self.case_index(&f.id) else {
                continue;
            };
            if relinked.contains(&ci) {
                own.insert(ci, &f.related);
            }
            for (_, id, _) in &f.related {
                if let Some(other) = self.case_index(id).filter(|o| relinked.contains(o)) {
                    declared_by.entry(other).or_default().push(ci);
                }
            }
        }
        for &ci in relinked {
            let own = own.get(&ci).copied().unwrap_or_default();
            let by = declared_by.get(&ci).map_or(&[][..], Vec::as_slice);
            let related = related_of(ci, own, by, |id| self.case_index(id));
            self.cases[ci].related = related;
        }
    }

    /// Apply edited free pages (each path relative to the content folder,
    /// with the page as read now, `None` when it is gone): the pages whose
    /// text changed; an error, untouched, when a page comes, goes or
    /// takes another title (every page's footer links the pages by title).
    pub fn patch_pages(
        &mut self,
        edited: &[(PathBuf, Option<&PageSource>)],
    ) -> Result<Patch, Unpatchable> {
        let mut pages = Vec::new();
        for (rel, now) in edited {
            let same_page = |i: &usize| {
                let page = Page::from_source((*now)?.clone(), Links::new());
                (page.title == self.pages[*i].title).then_some((*i, page))
            };
            let i = self.pages.iter().position(|p| p.source == *rel);
            let page = i.as_ref().and_then(same_page);
            pages.push(page.ok_or(Unpatchable::PageListChanged)?);
        }
        let mut changed = Vec::new();
        for (i, page) in pages {
            if self.pages[i].html != page.html {
                self.pages[i] = page;
                changed.push(i);
            }
        }
        changed.sort_unstable();
        changed.dedup();
        Ok(Patch::of_pages(changed))
    }
}
