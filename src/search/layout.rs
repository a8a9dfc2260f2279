//! How documents are numbered: newest first, so that lower numbers win
//! ties, with room left on each day. On each day the cases treated last
//! that day come first, in a block of [`block_slots`] numbers, then the
//! day's paragraphs, documents and meetings in a block of their own. A
//! case that comes, goes or moves to another day, or a paragraph that comes
//! or goes, then changes only the numbers of its day's block, unless the
//! block has to grow or shrink; the numbers of every other document stay,
//! and so do the index files that do not show these documents. Unused
//! numbers show nothing and are in no posting or filter.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::docs::Doc;

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

/// A day's blocks: of its cases, and of its other documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    pub cases: Block,
    pub others: Block,
}

/// The numbers of documents in [`super::docs::documents`] order (newest
/// first; on one day cases first), how many numbers there are, and each
/// day's blocks.
pub struct Layout {
    pub numbers: Vec<u32>,
    pub slots: usize,
    pub days: BTreeMap<NaiveDate, Day>,
}

impl Layout {
    pub fn of(docs: &[Doc]) -> Layout {
        let mut numbers = Vec::with_capacity(docs.len());
        let mut days = BTreeMap::new();
        let mut next = 0usize;
        let mut i = 0;
        // The next `count` documents numbered from `next`, in a block.
        let block = |count: usize, next: &mut usize, numbers: &mut Vec<u32>| {
            let start = *next;
            numbers.extend((start..start + count).map(|n| n as u32));
            *next += block_slots(count);
            Block {
                start: start as u32,
                slots: (*next - start) as u32,
            }
        };
        while i < docs.len() {
            let Some(date) = docs[i].date else {
                // Undated documents (free pages) come last, one after another.
                numbers.push(next as u32);
                next += 1;
                i += 1;
                continue;
            };
            let on_day = docs[i..].iter().take_while(|d| d.date == Some(date));
            let (cases, others) = on_day.fold((0, 0), |(c, o), d| {
                if d.kind == "case" {
                    (c + 1, o)
                } else {
                    (c, o + 1)
                }
            });
            let day = Day {
                cases: block(cases, &mut next, &mut numbers),
                others: block(others, &mut next, &mut numbers),
            };
            days.insert(date, day);
            i += cases + others;
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
        let layout = Layout::of(&docs);
        assert_eq!(layout.numbers, [0, 1, 16, 48, 49, 64]);
        assert_eq!(layout.slots, 65);
        let day = |d: &str| layout.days[&d.parse::<NaiveDate>().unwrap()];
        let block = |start, slots| Block { start, slots };
        assert_eq!(
            day("2024-02-01"),
            Day {
                cases: block(0, 16),
                others: block(16, 16)
            }
        );
        assert_eq!(
            day("2024-01-01"),
            Day {
                cases: block(32, 16),
                others: block(48, 16)
            }
        );
    }

    #[test]
    fn a_block_always_has_a_free_number() {
        assert_eq!(block_slots(0), 16);
        assert_eq!(block_slots(15), 16);
        assert_eq!(block_slots(16), 32);
    }
}
