//! Updating the index after a patched edit: documents that changed, came
//! or went, numbered again only where their day's room ran out.

use super::*;
use crate::pipeline::timed;

/// Files an update wrote and removed, relative to the output folder.
#[derive(Default, Debug)]
pub struct Update {
    pub files: Vec<(String, String)>,
    pub removed: Vec<String>,
}

/// The days an edit takes out of the layout and those it lays out again
/// (new ones, and those whose blocks move, grow or shrink), and the number
/// after the last day once it is made.
pub(super) struct DayChanges {
    gone: BTreeSet<NaiveDate>,
    new: BTreeMap<NaiveDate, Day>,
    end: usize,
}

/// A day's blocks as a build lays them out from number `start`.
pub(super) fn day_laid_out(site: &Site, day: NaiveDate, start: usize) -> Day {
    let others = docs::day_documents(site, day).len();
    Day::at(start, others, docs::cases_named_on(site, day).len())
}

/// How documents coming, going or moving to another day change numbers:
/// the numbers they and the other documents of their days' blocks leave,
/// the numbers they take, and the documents made to find them.
#[derive(Default)]
pub(super) struct Moves {
    vacated: Vec<u32>,
    numbered: Vec<(DocRef, u32)>,
    made: Vec<(DocRef, Doc)>,
}

/// Renumber numbers kept by model index after items came or went; the
/// numbers of the removed items join `removed`.
pub(super) fn renumber<T>(
    numbers: &mut ByIx<T, Option<u32>>,
    removed: &mut Vec<u32>,
    r: &Renumbering<T>,
) {
    removed.extend(r.removed().filter_map(|old| numbers[old]));
    *numbers = r.apply(std::mem::take(numbers));
}

impl SearchIndex {
    /// Renumber the cases after cases came or went in the model; the
    /// removed cases leave the index at the next [`SearchIndex::update`].
    pub fn renumber(&mut self, r: &Renumbering<Case>) {
        renumber(&mut self.state.numbers.cases, &mut self.state.removed, r);
    }

    /// Renumber the paragraphs after paragraphs came or went in the model;
    /// the removed ones leave the index at the next
    /// [`SearchIndex::update`].
    pub fn renumber_paragraphs(&mut self, r: &Renumbering<Paragraph>) {
        renumber(
            &mut self.state.numbers.paragraphs,
            &mut self.state.removed,
            r,
        );
    }

    /// Renumber the meetings after meetings came or went in the model; the
    /// removed ones leave the index at the next [`SearchIndex::update`].
    pub fn renumber_meetings(&mut self, r: &Renumbering<Meeting>) {
        renumber(&mut self.state.numbers.meetings, &mut self.state.removed, r);
    }

    /// Renumber the PDFs after PDFs came or went in the model; the removed
    /// ones leave the index at the next [`SearchIndex::update`].
    pub fn renumber_pdfs(&mut self, r: &Renumbering<Pdf>) {
        renumber(&mut self.state.numbers.pdfs, &mut self.state.removed, r);
    }

    /// Bring the index up to date after the documents of `changed` changed
    /// in `site` (new ones, and cases moved to another day, among them;
    /// removed ones since [`SearchIndex::renumber`]): returns the files
    /// that may differ now and those that are gone. Days that come, go or
    /// outgrow their blocks shift the numbers of the days after them, whose
    /// documents take their new numbers. `None`, with the index untouched,
    /// when a document other than a case moved to another day, or when
    /// more than [`MAX_RENUMBERED`] numbers would shift: the index must
    /// then be built again.
    pub fn update(&mut self, site: &Site, t: &I18n, changed: &[DocRef]) -> Option<Update> {
        let mut docs: Vec<(u32, Doc)> = Vec::new();
        let mut placed: Vec<(DocRef, Doc)> = Vec::new();
        for r in changed {
            let doc = doc_of(site, t, *r);
            match (self.state.numbers.get(*r), r) {
                (Some(n), _) if doc.date == self.state.dates[n as usize] => {
                    if !docs.iter().any(|(m, _)| *m == n) {
                        docs.push((n, doc));
                    }
                }
                (None, _) | (_, DocRef::Case(_)) => {
                    if !placed.iter().any(|(p, _)| p == r) {
                        placed.push((*r, doc));
                    }
                }
                _ => return None,
            }
        }
        let touched_days = self.state.touched_days(&docs, &placed);
        let days = self
            .state
            .days_coming_and_going(site, &placed, &touched_days)?;
        let moves = self.state.moves(site, t, &placed, &days, &touched_days)?;
        placed.extend(moves.made);
        // A document that moves within its day is made again at its new
        // number.
        docs.retain(|(n, _)| moves.vacated.binary_search(n).is_err());
        let state = &mut self.state;
        let mut dirty_shards = BTreeSet::new();
        let mut dirty_results = BTreeSet::new();
        let mut dirty_facets = BTreeSet::new();
        let mut case_years = BTreeSet::new();
        // The numbers whose results show something else now.
        let mut resummarized = BTreeSet::new();
        let mut hundreds = BTreeSet::new();
        // How the terms' postings change.
        let mut changes = PostingChanges::default();
        // Numbers left first (a document may take another's old number),
        // then numbers taken.
        for &n in &moves.vacated {
            state.set_terms(n, DocTerms::default(), &mut changes);
            dirty_facets.extend(state.set_facets(n, Vec::new()));
            state.summaries[n as usize] = "null".to_owned();
            resummarized.insert(n);
            state.dates[n as usize] = None;
            if let Some(key) = state.case_at.remove(&n) {
                case_years.insert(key.year);
            }
            if let Some(hundred) = state.forget_paragraph(n) {
                hundreds.insert(hundred);
            }
            dirty_results.insert(n as usize / DOC_SHARD);
        }
        state.removed.clear();
        if let Some((before, after)) = state.resize_days(days) {
            // Every filter's bitmap has another length, and the result
            // shards between the two ends show other numbers.
            dirty_facets.extend(state.facet_ids.values().copied());
            let (low, high) = (before.min(after), before.max(after));
            dirty_results.extend(low / DOC_SHARD..high.div_ceil(DOC_SHARD));
        }
        for (r, n) in moves.numbered {
            let doc = match placed.iter().position(|(p, _)| *p == r) {
                Some(i) => placed.swap_remove(i).1,
                None => doc_of(site, t, r),
            };
            state.numbers.set(r, n);
            if let Some(key) = CaseKey::of(&doc) {
                case_years.insert(key.year);
                state.case_at.insert(n, key);
            }
            if let Some(paragraph) = doc.paragraph {
                hundreds.insert(state.note_paragraph(n, paragraph));
            }
            state.dates[n as usize] = doc.date;
            docs.push((n, doc));
        }
        let step = format!(
            "    {} documents' terms, results and filters set",
            docs.len()
        );
        timed(&step, || {
            for (number, doc) in &docs {
                let terms = doc_terms(doc, &state.term_ids);
                state.set_terms(*number, terms, &mut changes);
                let summary = doc_summary(site, doc).to_string();
                if summary != state.summaries[*number as usize] {
                    state.summaries[*number as usize] = summary;
                    resummarized.insert(*number);
                    dirty_results.insert(*number as usize / DOC_SHARD);
                    if let Some(shards) = state.best_in.get(number) {
                        dirty_shards.extend(shards.iter().cloned());
                    }
                }
                dirty_facets.extend(state.set_facets(*number, facet_names(site, doc)));
            }
        });

        // The terms whose postings changed.
        let touched = timed("    postings changed", || state.apply_postings(changes));
        let mut numbers: Vec<u32> = (moves.vacated.iter().copied())
            .chain(docs.iter().map(|(n, _)| *n))
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        let parts = timed("    compound parts", || {
            state.update_compounds(&touched, &numbers)
        });
        let changed_terms: HashSet<u32> = touched.into_iter().chain(parts).collect();
        for &id in &changed_terms {
            dirty_shards.insert(state.shard_of(id));
        }
        // A shard of words lists the shards of pairs that start with its key.
        let listing: Vec<String> = (dirty_shards.iter())
            .filter_map(|key: &String| key.split_once('.').map(|(words, _)| words.to_owned()))
            .collect();
        dirty_shards.extend(listing);
        let mut update = Update::default();
        let mut removed = Vec::new();
        let started = std::time::Instant::now();
        let reencoded = state.encode_stale();
        crate::pipeline::timing(
            &format!("    {} postings encoded again", reencoded.len()),
            started,
        );
        let started = std::time::Instant::now();
        let chunks_before: Vec<usize> = (dirty_shards.iter())
            .map(|key| state.chunks.get(key).map_or(0, Vec::len))
            .collect();
        let (kept, gone): (Vec<String>, Vec<String>) =
            (dirty_shards.iter().cloned()).partition(|key| state.shards.contains_key(key));
        let changes = ShardChanges {
            terms: &changed_terms,
            reencoded: &reencoded,
            resummarized: &resummarized,
        };
        update.files.extend(state.write_shards(&kept, &changes));
        for key in gone {
            state.chunks.remove(&key);
            state.dictionaries.remove(&key);
            removed.push(format!("t/{key}"));
        }
        for (key, before) in dirty_shards.iter().zip(chunks_before) {
            let after = state.chunks.get(key).map_or(0, Vec::len);
            removed.extend((after..before).map(|n| format!("p/{key}-{n}")));
        }
        crate::pipeline::timing(
            &format!("    {} shards laid out", dirty_shards.len()),
            started,
        );
        for n in dirty_results {
            match state.result_shard(n) {
                Some(file) => update.files.push(file),
                None => removed.push(format!("d/{n}")),
            }
        }
        let mut add =
            |name: String, data: Value| update.files.push(index_file(&name, &data.to_string()));
        for id in dirty_facets {
            let name = state.facet_names[id as usize].clone();
            let bits = &state.facet_bits[id as usize];
            if bits.iter().all(|b| *b == 0) {
                removed.push(format!("f/{name}"));
            } else {
                add(format!("f/{name}"), json!(encode_facet(bits)));
            }
        }
        let mut ids = state.case_ids(|year| case_years.contains(&year));
        for year in case_years {
            match ids.remove(&year) {
                Some(map) => add(format!("i/case-{year}"), json!(map)),
                None => removed.push(format!("i/case-{year}")),
            }
        }
        let present = state.paragraph_hundreds();
        for hundred in hundreds {
            let name = state.paragraph_file(hundred);
            if present.contains(&hundred) {
                add(format!("i/{name}"), state.paragraph_ids(hundred));
            } else {
                removed.push(format!("i/{name}"));
            }
        }
        state.meta["years"] = meta_years(site);
        add("meta".to_owned(), state.meta_json());
        update.removed = removed
            .into_iter()
            .map(|name| format!("sok/index/{name}.js"))
            .collect();
        Some(update)
    }
}

impl State {
    /// The days an edit takes out of the layout (those left without
    /// documents) and the blocks of the days it lays out again: those it
    /// brings (of `placed` documents that the index has none for), those
    /// of the `touched` days that grow or shrink, and every day after the
    /// first of these, whose numbers shift; laid out as a build lays them
    /// out. `None` when more than [`MAX_RENUMBERED`] documents of days that
    /// stay would take other numbers (building the index again is then as
    /// quick).
    pub(super) fn days_coming_and_going(
        &self,
        site: &Site,
        placed: &[(DocRef, Doc)],
        touched: &BTreeSet<NaiveDate>,
    ) -> Option<DayChanges> {
        let gone: BTreeSet<NaiveDate> = self
            .removed
            .iter()
            .filter(|n| !self.case_at.contains_key(n))
            .filter_map(|n| self.dates[*n as usize])
            .filter(|day| docs::day_documents(site, *day).is_empty())
            .collect();
        let came: BTreeSet<NaiveDate> = placed
            .iter()
            .filter_map(|(_, d)| d.date)
            .filter(|d| !self.days.contains_key(d))
            .collect();
        let resized = touched.iter().copied().find(|d| {
            let was = self.days.get(d).filter(|_| !gone.contains(d));
            was.is_some_and(|was| day_laid_out(site, *d, was.others.start as usize) != *was)
        });
        let first = [gone.first().copied(), came.first().copied(), resized];
        let Some(first) = first.into_iter().flatten().min() else {
            return Some(DayChanges {
                gone,
                new: BTreeMap::new(),
                end: self.slots,
            });
        };
        // The days before the first stay: lay out from the end of the last
        // of them (or from where the oldest day starts, after the pages).
        let before = self.days.range(..first).next_back();
        let mut next = match before {
            Some((_, day)) => day.cases.end(),
            None => self
                .days
                .values()
                .next()
                .map_or(self.slots, |d| d.others.start as usize),
        };
        let mut year = before.map(|(d, _)| d.year());
        // From a day laid out as it was on, past every edited day, the
        // rest is as it was.
        let last_edited = [gone.last(), came.last(), touched.last()];
        let last_edited = last_edited.into_iter().flatten().max().copied();
        let staying = self.days.range(first..).map(|(d, _)| *d);
        let days: BTreeSet<NaiveDate> = staying.filter(|d| !gone.contains(d)).chain(came).collect();
        let mut new = BTreeMap::new();
        let mut renumbered = 0;
        for date in days {
            let start = layout::day_start(next, year, date.year());
            let day = day_laid_out(site, date, start);
            (next, year) = (day.cases.end(), Some(date.year()));
            match self.days.get(&date) {
                Some(was) if *was == day && last_edited.is_none_or(|last| date >= last) => {
                    return Some(DayChanges {
                        gone,
                        new,
                        end: self.slots,
                    });
                }
                Some(was) if *was == day => continue,
                Some(was) => renumbered += (was.others.slots + was.cases.slots) as usize,
                None => {}
            }
            if renumbered > MAX_RENUMBERED {
                return None;
            }
            new.insert(date, day);
        }
        Some(DayChanges {
            gone,
            new,
            end: next,
        })
    }

    /// The days whose documents an edit changes: those of the changed
    /// documents (`docs` keep their day; `placed` ones are new or come
    /// from another day) and of the removed ones.
    pub(super) fn touched_days(
        &self,
        docs: &[(u32, Doc)],
        placed: &[(DocRef, Doc)],
    ) -> BTreeSet<NaiveDate> {
        let was = placed
            .iter()
            .filter_map(|(r, _)| self.numbers.get(*r))
            .chain(self.removed.iter().copied())
            .filter_map(|n| self.dates[n as usize]);
        docs.iter()
            .map(|(_, d)| d)
            .chain(placed.iter().map(|(_, d)| d))
            .filter_map(|d| d.date)
            .chain(was)
            .collect()
    }

    /// Take out the days that went and add the blocks of those that came
    /// ([`State::days_coming_and_going`]), once the documents of the days
    /// that went have left their numbers; returns how many numbers there
    /// were and are, if days came or went.
    pub(super) fn resize_days(&mut self, days: DayChanges) -> Option<(usize, usize)> {
        if days.gone.is_empty() && days.new.is_empty() {
            return None;
        }
        for day in &days.gone {
            self.days.remove(day);
        }
        self.days.extend(days.new);
        let end = days.end;
        let before = std::mem::replace(&mut self.slots, end);
        self.dates.resize(end, None);
        self.summaries.resize(end, "null".to_owned());
        self.doc_terms.resize(end, Vec::new());
        self.doc_facets.resize(end, Vec::new());
        for bits in &mut self.facet_bits {
            bits.resize(end.div_ceil(8), 0);
        }
        self.meta["docs"] = json!(end);
        Some((before, end))
    }

    /// A day's blocks, among the new (or resized) days or of the index.
    pub(super) fn day(&self, day: &NaiveDate, days: &DayChanges) -> Option<Day> {
        days.new.get(day).or_else(|| self.days.get(day)).copied()
    }

    /// Where the `placed` documents (new ones, cases moved to another day)
    /// and the removed ones take or leave numbers; `None` when a day's
    /// block would have to change size (the numbers after it would shift).
    pub(super) fn moves(
        &self,
        site: &Site,
        t: &I18n,
        placed: &[(DocRef, Doc)],
        days_changed: &DayChanges,
        touched: &BTreeSet<NaiveDate>,
    ) -> Option<Moves> {
        let cases: Vec<&(DocRef, Doc)> = placed.iter().filter(|(r, _)| is_case(r)).collect();
        let others: Vec<&(DocRef, Doc)> = placed.iter().filter(|(r, _)| !is_case(r)).collect();
        let mut moves = self.case_moves(site, &cases, days_changed, touched)?;
        let removed_others: Vec<u32> = self
            .removed
            .iter()
            .copied()
            .filter(|n| !self.case_at.contains_key(n))
            .collect();
        let days: BTreeSet<chrono::NaiveDate> = removed_others
            .iter()
            .filter_map(|n| self.dates[*n as usize])
            .chain(others.iter().filter_map(|(_, d)| d.date))
            .chain(days_changed.new.keys().copied())
            .collect();
        // A day that goes keeps no documents: its removed ones leave.
        for day in days.difference(&days_changed.gone).copied() {
            let block = self.day(&day, days_changed)?.others;
            self.day_moves(site, t, (day, block), &others, &mut moves)?;
        }
        moves.vacated.extend(removed_others);
        moves.vacated.sort_unstable();
        moves.vacated.dedup();
        Some(moves)
    }

    /// Number one day's documents other than cases again, as the model has
    /// them now (`placed`: those already made).
    pub(super) fn day_moves(
        &self,
        site: &Site,
        t: &I18n,
        (day, block): (NaiveDate, Block),
        placed: &[&(DocRef, Doc)],
        moves: &mut Moves,
    ) -> Option<()> {
        let refs = docs::day_documents(site, day);
        // A day without documents leaves the layout, moving the days after
        // it.
        if refs.is_empty() || block_slots(refs.len()) != block.slots as usize {
            return None;
        }
        // Each document, made unless placed already (then by its place).
        let mut docs: Vec<(DocRef, Result<Doc, usize>)> = refs
            .into_iter()
            .map(|r| match placed.iter().position(|(p, _)| *p == r) {
                Some(i) => (r, Err(i)),
                None => (r, Ok(doc_of(site, t, r))),
            })
            .collect();
        fn doc<'a>(d: &'a Result<Doc, usize>, placed: &[&'a (DocRef, Doc)]) -> &'a Doc {
            match d {
                Ok(doc) => doc,
                Err(i) => &placed[*i].1,
            }
        }
        docs.sort_by(|(_, a), (_, b)| docs::day_order(doc(a, placed), doc(b, placed)));
        let numbers = block.numbers_of(docs.iter().map(|(_, d)| doc(d, placed).kind));
        for ((r, doc), n) in docs.into_iter().zip(numbers) {
            match self.numbers.get(r) {
                Some(old) if old == n => continue,
                Some(old) => moves.vacated.push(old),
                None => {}
            }
            moves.numbered.push((r, n));
            moves.made.extend(doc.ok().map(|d| (r, d)));
        }
        Some(())
    }

    /// Where the `placed` cases (new, or moved to another day) and the
    /// removed ones take or leave numbers, in the blocks of
    /// `days_changed` (which has laid out again every day whose block
    /// changes size): each case at its place among those its latest day
    /// names. The days looked at are the `touched` ones
    /// ([`State::touched_days`]): those cases leave or come to, and those
    /// whose paragraphs may name other cases now.
    pub(super) fn case_moves(
        &self,
        site: &Site,
        placed: &[&(DocRef, Doc)],
        days_changed: &DayChanges,
        touched: &BTreeSet<NaiveDate>,
    ) -> Option<Moves> {
        let removed: Vec<u32> = self
            .removed
            .iter()
            .copied()
            .filter(|n| self.case_at.contains_key(n))
            .collect();
        // A resized day's cases all move.
        let mut days = touched.clone();
        days.extend(days_changed.new.keys());
        let mut moves = Moves {
            vacated: removed,
            ..Moves::default()
        };
        // A day that goes names no case.
        for day in days.difference(&days_changed.gone) {
            let block = self.day(day, days_changed)?.cases;
            let named = docs::cases_named_on(site, *day);
            // One that stays has a block the size a build gives it
            // (`days_coming_and_going`).
            debug_assert_eq!(
                block_slots(named.len()),
                block.slots as usize,
                "{day}: a resized day is laid out again"
            );
            for (k, ci) in named.into_iter().enumerate() {
                if site.latest_treated(ci) != *day {
                    continue;
                }
                let (r, n) = (DocRef::Case(ci), block.from_top(k));
                let is_placed = placed.iter().any(|(p, _)| *p == r);
                match self.numbers.get(r) {
                    Some(old) if old == n && !is_placed => {}
                    Some(old) => {
                        moves.vacated.push(old);
                        moves.numbered.push((r, n));
                    }
                    None => moves.numbered.push((r, n)),
                }
            }
        }
        Some(moves)
    }
}
