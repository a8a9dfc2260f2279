//! How documents are numbered: newest first, so that lower numbers win
//! ties, with room left for cases. On each day the cases treated last that
//! day come first, in a block of [`case_slots`] numbers, then the day's
//! paragraphs, documents and meetings. A case that comes, goes or moves to
//! another day then changes only the numbers of its day's cases, unless the
//! day's block has to grow or shrink; the numbers of every other document
//! stay, and so do the index files that do not show these cases. Unused
//! numbers show nothing and are in no posting or filter.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::docs::Doc;

/// Numbers a day keeps for its cases: always at least one free, in steps
/// of 16, so that one case more or less seldom changes the block.
pub fn case_slots(cases: usize) -> usize {
    (cases / 16 + 1) * 16
}

/// A day's block of case numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub start: u32,
    pub slots: u32,
}

/// The numbers of documents in [`super::docs::documents`] order (newest
/// first; on one day cases first), how many numbers there are, and each
/// day's block of case numbers.
pub struct Layout {
    pub numbers: Vec<u32>,
    pub slots: usize,
    pub blocks: BTreeMap<NaiveDate, Block>,
}

impl Layout {
    pub fn of(docs: &[Doc]) -> Layout {
        let mut numbers = Vec::with_capacity(docs.len());
        let mut blocks = BTreeMap::new();
        let mut next = 0usize;
        let mut i = 0;
        while i < docs.len() {
            let Some(date) = docs[i].date else {
                // Undated documents (free pages) come last, one after another.
                numbers.push(next as u32);
                next += 1;
                i += 1;
                continue;
            };
            let cases = docs[i..]
                .iter()
                .take_while(|d| d.date == Some(date) && d.kind == "case")
                .count();
            let start = next;
            numbers.extend((start..start + cases).map(|n| n as u32));
            next += case_slots(cases);
            blocks.insert(
                date,
                Block {
                    start: start as u32,
                    slots: (next - start) as u32,
                },
            );
            i += cases;
            while i < docs.len() && docs[i].date == Some(date) {
                numbers.push(next as u32);
                next += 1;
                i += 1;
            }
        }
        Layout {
            numbers,
            slots: next,
            blocks,
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
    fn each_day_keeps_room_for_its_cases() {
        let docs = [
            doc("case", Some("2024-02-01")),
            doc("case", Some("2024-02-01")),
            doc("paragraph", Some("2024-02-01")),
            doc("paragraph", Some("2024-01-01")),
            doc("meeting", Some("2024-01-01")),
            doc("page", None),
        ];
        let layout = Layout::of(&docs);
        assert_eq!(layout.numbers, [0, 1, 16, 33, 34, 35]);
        assert_eq!(layout.slots, 36);
        let day = |d: &str| layout.blocks[&d.parse::<NaiveDate>().unwrap()];
        assert_eq!(
            day("2024-02-01"),
            Block {
                start: 0,
                slots: 16
            }
        );
        assert_eq!(
            day("2024-01-01"),
            Block {
                start: 17,
                slots: 16
            }
        );
    }

    #[test]
    fn a_block_always_has_a_free_number() {
        assert_eq!(case_slots(0), 16);
        assert_eq!(case_slots(15), 16);
        assert_eq!(case_slots(16), 32);
    }
}
