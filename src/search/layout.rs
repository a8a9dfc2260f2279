//! How documents are numbered: oldest first, so that higher numbers win
//! ties (a new newest day takes numbers after all others, and no other
//! number moves), with room left on each day. Free pages come first (they
//! lose every tie).
//!
//! Each day has a block of [`block_slots`] numbers for its paragraphs,
//! documents and meetings, then a block of its own for the cases treated
//! last that day (which win the day's ties), with a place for every case
//! the day's paragraphs name, in the order they are named, from the top
//! of the block: a case takes its place on its latest day, and a case
//! treated again on a later day leaves its place free. Of the day's other
//! documents the best take the highest numbers: paragraphs the block's
//! last ones, PDFs and meetings its first ([`Block::numbers_of`]). So a §
//! added after the others, as minutes are written, moves no other
//! document, nor does the case it names as it leaves an earlier day.
//!
//! A case that comes, goes or moves to another day, or a paragraph that
//! comes or goes, changes only the numbers of its day's blocks, unless a
//! block has to grow or shrink (and then those of its year's days after
//! it too); a day that comes or goes changes those of its year's days
//! after it. Each year's days start on a multiple of [`YEAR_STEP`], so the
//! years after stay where they are unless the year outgrows its multiples
//! (one such edit in 16). The numbers of every other document stay, and so
//! do the index files that do not show these documents: an edit to the
//! newest days, where minutes are written, rewrites few. Unused numbers
//! show nothing and are in no posting or filter.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use super::docs::Doc;

/// Each year's first day starts on a multiple of this.
pub const YEAR_STEP: usize = 256;

/// Where a day of `year` starts when the day before it (of `previous`
/// year; `None` for the first day) ends at `next`: a year's first day on
/// the next multiple of [`YEAR_STEP`].
pub fn day_start(next: usize, previous: Option<i32>, year: i32) -> usize {
    match previous == Some(year) {
        true => next,
        false => next.div_ceil(YEAR_STEP) * YEAR_STEP,
    }
}

/// Numbers a block keeps for its documents: always at least one free, in
/// steps of 16, so that one document more or less seldom changes the block.
pub fn block_slots(documents: usize) -> usize {
    (documents / 16 + 1) * 16
}

/// A block of numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub start: u32,
    pub slots: u32,
}

impl Block {
    /// A block for `documents` documents from number `start`.
    pub fn at(start: usize, documents: usize) -> Block {
        Block {
            start: start as u32,
            slots: block_slots(documents) as u32,
        }
    }

    /// The number of the `k`-th place from the block's top.
    pub fn from_top(&self, k: usize) -> u32 {
        self.start + self.slots - 1 - k as u32
    }

    /// The numbers of a day's other documents in
    /// [`super::docs::day_order`], best highest: its paragraphs down from
    /// the block's top (minutes are written in order, so a new § comes
    /// after the others), its PDFs and meetings up to its first number. A
    /// § added after the others, or a PDF before them, moves no other.
    pub fn numbers_of<'a>(&self, kinds: impl Iterator<Item = &'a str> + Clone) -> Vec<u32> {
        let count = kinds.clone().count();
        let on_top = kinds.take_while(|kind| *kind == "paragraph").count();
        let below = self.start + (count - on_top) as u32;
        (0..count)
            .map(|k| match k < on_top {
                true => self.from_top(k),
                false => below - 1 - (k - on_top) as u32,
            })
            .collect()
    }

    /// The number after the block.
    pub fn end(&self) -> usize {
        (self.start + self.slots) as usize
    }
}

/// A day's blocks: of its cases, and of its other documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    pub cases: Block,
    pub others: Block,
}

impl Day {
    /// A day laid out from number `start`: `others` documents, then
    /// `cases` cases.
    pub fn at(start: usize, others: usize, cases: usize) -> Day {
        let others = Block::at(start, others);
        Day {
            cases: Block::at(others.end(), cases),
            others,
        }
    }
}

/// The numbers of documents in [`super::docs::documents`] order (newest
/// first; on one day cases first; free pages last), how many numbers
/// there are, and each day's blocks, given how many cases each day's
/// paragraphs name ([`super::docs::cases_named_by_day`]) and the place of
/// each case among those its latest day names: its place from the top of
/// that day's block of cases.
pub struct Layout {
    pub numbers: Vec<u32>,
    pub slots: usize,
    pub days: BTreeMap<NaiveDate, Day>,
}

impl Layout {
    pub fn of(
        docs: &[Doc],
        cases_named: &BTreeMap<NaiveDate, usize>,
        place: impl Fn(usize) -> usize,
    ) -> Layout {
        let mut numbers = vec![0; docs.len()];
        let mut days = BTreeMap::new();
        let undated = docs.partition_point(|d| d.date.is_some());
        let mut next = 0;
        for i in (undated..docs.len()).rev() {
            numbers[i] = next as u32;
            next += 1;
        }
        // Each day's cases and other documents (as runs of `docs`), newest
        // day first.
        let mut runs: Vec<(NaiveDate, Range<usize>, Range<usize>)> = Vec::new();
        let mut i = 0;
        while i < undated {
            let date = docs[i].date;
            let on_day = docs[i..undated].iter().take_while(|d| d.date == date);
            let (cases, count) = on_day.fold((0, 0), |(c, n), d| {
                (c + usize::from(d.kind == "case"), n + 1)
            });
            let date = date.expect("dated documents come first");
            runs.push((date, i..i + cases, i + cases..i + count));
            i += count;
        }
        let mut year = None;
        for (date, cases, others) in runs.into_iter().rev() {
            let named = cases_named.get(&date).copied().unwrap_or_default();
            debug_assert!(named >= cases.len(), "a day names its cases");
            let start = day_start(next, year, date.year());
            year = Some(date.year());
            let day = Day::at(start, others.len(), named);
            let kinds = docs[others.clone()].iter().map(|d| d.kind);
            for (i, n) in others.zip(day.others.numbers_of(kinds)) {
                numbers[i] = n;
            }
            for i in cases {
                numbers[i] = day.cases.from_top(place(i));
            }
            next = day.cases.end();
            days.insert(date, day);
        }
        Layout {
            numbers,
            slots: next,
            days,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(kind: &'static str, date: Option<&str>) -> Doc {
        Doc {
            kind,
            title: String::new(),
            url: String::new(),
            date: date.map(|d| d.parse().unwrap()),
            bodies: Vec::new(),
            status: None,
            text: String::new(),
            case: None,
            paragraph: None,
            people: Vec::new(),
        }
    }

    #[test]
    fn each_day_keeps_room_for_its_cases_and_its_other_documents() {
        let docs = [
            doc("case", Some("2024-02-01")),
            doc("case", Some("2024-02-01")),
            doc("paragraph", Some("2024-02-01")),
            doc("paragraph", Some("2024-01-01")),
            doc("meeting", Some("2024-01-01")),
            doc("page", None),
        ];
        // The older day named 16 cases, all treated again on the newer.
        let named = BTreeMap::from([
            ("2024-01-01".parse().unwrap(), 16),
            ("2024-02-01".parse().unwrap(), 2),
        ]);
        // The newer day names the second case first.
        let layout = Layout::of(&docs, &named, |i| [1, 0][i]);
        // The page first; the year's first day on the next multiple of
        // 256: the older day's others then its cases block, of no case but
        // room for 16; the newer day's others then its cases, each at its
        // place from the top; paragraphs from the top of their block,
        // meetings from the bottom.
        assert_eq!(layout.numbers, [334, 335, 319, 271, 256, 0]);
        assert_eq!(layout.slots, 336);
        let day = |d: &str| layout.days[&d.parse::<NaiveDate>().unwrap()];
        let block = |start, slots| Block { start, slots };
        assert_eq!(
            day("2024-01-01"),
            Day {
                others: block(256, 16),
                cases: block(272, 32),
            }
        );
        assert_eq!(
            day("2024-02-01"),
            Day {
                others: block(304, 16),
                cases: block(320, 16),
            }
        );
    }

    #[test]
    fn each_year_starts_on_a_multiple_of_the_year_step() {
        let docs = [
            doc("paragraph", Some("2025-01-10")),
            doc("paragraph", Some("2024-12-30")),
            doc("paragraph", Some("2024-06-01")),
        ];
        let layout = Layout::of(&docs, &BTreeMap::new(), |_| unreachable!("no case"));
        let start = |d: &str| layout.days[&d.parse::<NaiveDate>().unwrap()].others.start;
        // 2024's days one after the other; 2025 on the next step, so that
        // 2024's days can grow without moving it.
        assert_eq!(start("2024-06-01"), 0);
        assert_eq!(start("2024-12-30"), 32);
        assert_eq!(start("2025-01-10"), YEAR_STEP as u32);
        assert_eq!(layout.numbers, [271, 47, 15]);
        assert_eq!(day_start(300, Some(2024), 2024), 300);
        assert_eq!(day_start(300, Some(2024), 2025), 512);
        assert_eq!(day_start(512, None, 2025), 512);
    }

    #[test]
    fn a_paragraph_added_last_or_a_pdf_added_first_moves_no_other() {
        let block = Block::at(32, 5);
        let day = ["paragraph", "paragraph", "document", "document", "meeting"];
        let before = block.numbers_of(day.into_iter());
        assert_eq!(before, [47, 46, 34, 33, 32]);
        // A § after the others, then a PDF before the others.
        let more = [
            "paragraph",
            "paragraph",
            "paragraph",
            "document",
            "document",
            "meeting",
        ];
        assert_eq!(block.numbers_of(more.into_iter()), [47, 46, 45, 34, 33, 32]);
        let more = [
            "paragraph",
            "paragraph",
            "document",
            "document",
            "document",
            "meeting",
        ];
        assert_eq!(block.numbers_of(more.into_iter()), [47, 46, 35, 34, 33, 32]);
        // A case at its place from the top.
        assert_eq!(Block::at(48, 3).from_top(2), 61);
    }

    #[test]
    fn a_block_always_has_a_free_number() {
        assert_eq!(block_slots(0), 16);
        assert_eq!(block_slots(15), 16);
        assert_eq!(block_slots(16), 32);
    }
}
