//! A long term's set of documents written in segments: one set for each
//! range of [`SEGMENT`] numbers it has documents in, `;` between them, so
//! that an edit writes again only the segments of the numbers it changed
//! and takes the others as they were written ([`Segments`]). A common
//! word's stem is in tens of thousands of documents; an edit that makes
//! one paragraph confidential changes some 300 such terms, and writing
//! each whole again (five million postings at 100 000 paragraphs) was a
//! third of the index's update. Each segment keeps its postings' gaps
//! too, so that a long list written as gaps (one shorter that way than
//! as a set) is put together from its segments the same way: that was
//! two thirds of the encoding a confidential edit did again.

use std::collections::HashMap;

use super::format::{number_len, posting_code, push_gaps_after, push_number, title_matches, Set};
use super::Posting;

/// Numbers per segment: a range of numbers, not of postings, so that a
/// posting that comes or goes moves no other segment's bounds.
pub(super) const SEGMENT: u32 = 4096;

/// A set is written in segments only when it has this many documents or
/// more for each segment it spans: each segment's head (its form, how
/// many, the first) is then a few per cent of it or less. At 100 000
/// paragraphs, 128 rather than 512 puts a common word's 20 000 to 50 000
/// documents in segments too: a confidential edit then encodes postings in
/// 15 ms of CPU rather than 24, and the index grows by 0.16 %. Shorter
/// sets are quick to write whole.
const SEGMENT_DOCUMENTS: usize = 128;

/// The segment a number is in.
pub(super) fn segment_of(number: u32) -> u32 {
    number / SEGMENT
}

/// Is a term's list long enough to be written in segments?
pub(super) fn is_segmented(list: &[Posting]) -> bool {
    let (Some(first), Some(last)) = (list.first(), list.last()) else {
        return false;
    };
    let spans = (segment_of(last.number()) - segment_of(first.number()) + 1) as usize;
    spans > 1 && list.len() >= spans * SEGMENT_DOCUMENTS
}

/// One segment as last written, with its number of postings and its
/// title matches: as a set, and as the gaps between its postings (all but
/// the first's, which counts from the segment before: its `first` posting
/// and the number of its `last`).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Segment {
    index: u32,
    len: usize,
    first: Posting,
    last: u32,
    text: String,
    gaps: String,
    titled: Vec<Posting>,
}

/// A term's segments as last written, in order.
pub(super) type Segments = Vec<Segment>;

/// The segments of a segmented `list` ([`is_segmented`]) into `kept`, and
/// its title matches; [`push_set`] and [`push_gaps`] join them. A segment
/// of `kept` whose index is not among the `changed` is taken as it was,
/// when it has as many postings as it had. Only the changed
/// segments' postings are read, and of the others the first and the last:
/// where a segment ends is looked for only in a changed one (the search
/// through a list in memory not read for a while was most of the time it
/// took).
pub(super) fn write_segments(
    list: &[Posting],
    kept: &mut Segments,
    changed: &[u32],
) -> Vec<Posting> {
    let mut before = std::mem::take(kept).into_iter().peekable();
    let mut titled = Vec::new();
    let mut rest = list;
    while let Some(first) = rest.first() {
        let index = segment_of(first.number());
        while before.next_if(|s| s.index < index).is_some() {}
        let as_it_was = before
            .next_if(|s| s.index == index)
            .filter(|s| !changed.contains(&index) && ends_segment(rest, s.len, index));
        let end = match &as_it_was {
            Some(segment) => segment.len,
            None => rest.partition_point(|p| segment_of(p.number()) == index),
        };
        let (part, after) = rest.split_at(end);
        let segment = as_it_was.unwrap_or_else(|| Segment {
            index,
            len: part.len(),
            first: *first,
            last: part[part.len() - 1].number(),
            text: Set::of(part).written(part),
            gaps: gaps_within(part),
            titled: title_matches(part),
        });
        titled.extend_from_slice(&segment.titled);
        kept.push(segment);
        rest = after;
    }
    titled
}

/// The length of what [`push_set`] writes.
pub(super) fn set_len(segments: &[Segment]) -> usize {
    let texts: usize = segments.iter().map(|s| s.text.len()).sum();
    texts + segments.len().saturating_sub(1)
}

/// A long list's set: its segments' sets, `;` between them.
pub(super) fn push_set(out: &mut String, segments: &[Segment]) {
    for (i, segment) in segments.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(&segment.text);
    }
}

/// The length of what [`push_gaps`] writes.
pub(super) fn gaps_len(segments: &[Segment]) -> usize {
    first_gaps(segments)
        .map(|(code, s)| number_len(code) + s.gaps.len())
        .sum()
}

/// A long list's postings as gaps: each segment's first gap, then the
/// gaps within it.
pub(super) fn push_gaps(out: &mut String, segments: &[Segment]) {
    for (code, segment) in first_gaps(segments) {
        push_number(out, code);
        out.push_str(&segment.gaps);
    }
}

/// Each segment with its first posting's code in the gaps form, counted
/// from the last number of the segment before.
fn first_gaps(segments: &[Segment]) -> impl Iterator<Item = (u32, &Segment)> {
    let mut previous = 0;
    segments.iter().map(move |s| {
        let code = posting_code(s.first.number() - previous, s.first.in_title());
        previous = s.last;
        (code, s)
    })
}

/// The gaps between a segment's postings, from its first.
fn gaps_within(part: &[Posting]) -> String {
    let mut gaps = String::new();
    push_gaps_after(&mut gaps, part[0].number(), &part[1..], posting_code);
    gaps
}

/// Do the first `len` postings of `list` end segment `index` (which its
/// first posting is in)?
fn ends_segment(list: &[Posting], len: usize, index: u32) -> bool {
    let in_it = |p: &Posting| segment_of(p.number()) == index;
    len > 0 && list.get(len - 1).is_some_and(in_it) && !list.get(len).is_some_and(in_it)
}

/// The terms whose postings changed since they were last written, each
/// with the segments its changes fell in.
#[derive(Default)]
pub(super) struct Stale(HashMap<u32, Vec<u32>>);

impl Stale {
    /// Note that a term's postings changed at `number`.
    pub(super) fn changed_at(&mut self, id: u32, number: u32) {
        let segments = self.0.entry(id).or_default();
        let segment = segment_of(number);
        if !segments.contains(&segment) {
            segments.push(segment);
        }
    }

    /// Note that a term's postings went from `before` to `after`: the
    /// segments where they differ.
    pub(super) fn replaced(&mut self, id: u32, before: &[Posting], after: &[Posting]) {
        let segments = self.0.entry(id).or_default();
        let last = |list: &[Posting]| list.last().map_or(0, |p| segment_of(p.number()));
        for index in 0..=last(before).max(last(after)) {
            if in_segment(before, index) != in_segment(after, index) && !segments.contains(&index) {
                segments.push(index);
            }
        }
    }

    /// Every stale term with its changed segments, leaving none.
    pub(super) fn drain(&mut self) -> Vec<(u32, Vec<u32>)> {
        self.0.drain().collect()
    }

    pub(super) fn clear(&mut self) {
        self.0.clear();
    }
}

/// The postings of a list in one segment.
fn in_segment(list: &[Posting], index: u32) -> &[Posting] {
    let start = list.partition_point(|p| segment_of(p.number()) < index);
    let end = start + list[start..].partition_point(|p| segment_of(p.number()) == index);
    &list[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(numbers: impl IntoIterator<Item = u32>) -> Vec<Posting> {
        numbers
            .into_iter()
            .map(|n| Posting::new(n, false))
            .collect()
    }

    /// The set and the gaps the segments join into, each checked
    /// against the length said beforehand.
    fn joined(segments: &[Segment]) -> (String, String) {
        let (mut set, mut gaps) = (String::new(), String::new());
        push_set(&mut set, segments);
        push_gaps(&mut gaps, segments);
        assert_eq!(set.len(), set_len(segments));
        assert_eq!(gaps.len(), gaps_len(segments));
        (set, gaps)
    }

    /// What the segments of `list` join into, written from nothing.
    fn written(list: &[Posting]) -> (Vec<Posting>, String, String) {
        let mut kept = Segments::new();
        let titled = write_segments(list, &mut kept, &[]);
        let (set, gaps) = joined(&kept);
        (titled, set, gaps)
    }

    /// What the segments of `list` join into, from `kept`.
    fn rewritten(
        list: &[Posting],
        kept: &mut Segments,
        changed: &[u32],
    ) -> (Vec<Posting>, String, String) {
        let titled = write_segments(list, kept, changed);
        let (set, gaps) = joined(kept);
        (titled, set, gaps)
    }

    fn all_gaps(list: &[Posting]) -> String {
        let mut gaps = String::new();
        push_gaps_after(&mut gaps, 0, list, posting_code);
        gaps
    }

    #[test]
    fn only_long_lists_spanning_segments_are_segmented() {
        assert!(!is_segmented(&list(0..SEGMENT)), "one segment");
        assert!(is_segmented(&list((0..3 * SEGMENT).step_by(4))));
        // One document in 16, as a common word's stem has at 100 000
        // paragraphs.
        assert!(is_segmented(&list((0..3 * SEGMENT).step_by(16))));
        let sparse = list((0..3 * SEGMENT).step_by(64));
        assert!(!is_segmented(&sparse), "{} in three segments", sparse.len());
    }

    #[test]
    fn segments_not_changed_are_taken_as_written() {
        let mut postings = list((0..4 * SEGMENT).step_by(3));
        let mut kept = Segments::new();
        let titled = write_segments(&postings, &mut kept, &[]);
        let (whole, gaps) = joined(&kept);
        assert_eq!(titled, title_matches(&postings));
        // The gaps are those of the whole list, across the segments.
        assert_eq!(gaps, all_gaps(&postings));
        assert_eq!(kept.len(), 4);
        assert_eq!(whole.matches(';').count(), 3);
        // Each segment is a set of its own.
        let parts: Vec<String> = (0..4)
            .map(|i| {
                let part = in_segment(&postings, i);
                Set::of(part).written(part)
            })
            .collect();
        assert_eq!(whole, parts.join(";"));
        // A posting gone from the third segment: noted, that one is
        // written again and the result is what writing all gives.
        let mut stale = Stale::default();
        let before = postings.clone();
        let gone = in_segment(&postings, 2)[1];
        postings.retain(|p| *p != gone);
        stale.replaced(7, &before, &postings);
        let [(7, changed)] = &stale.drain()[..] else {
            panic!("one term stale")
        };
        assert_eq!(changed, &[2]);
        let patched = rewritten(&postings, &mut kept, changed);
        assert_eq!(patched, written(&postings));
        assert_ne!(patched.1, whole);
        assert_eq!(patched.2, all_gaps(&postings));
        assert_eq!(patched.0, title_matches(&postings));
        // A kept segment is taken as it is: one left stale by mistake
        // with as many postings shows (what the preview's check against a
        // clean build catches); one with fewer is written again, as where
        // it ends is not where it ended.
        let swapped = in_segment(&postings, 0)[1];
        let mut swapped_list = postings.clone();
        swapped_list
            .iter_mut()
            .filter(|p| **p == swapped)
            .for_each(|p| *p = Posting::new(swapped.number() + 1, false));
        assert_eq!(rewritten(&swapped_list, &mut kept.clone(), &[]), patched);
        let gone = in_segment(&postings, 0)[1];
        postings.retain(|p| *p != gone);
        let fewer_in_first = rewritten(&postings, &mut kept, &[]);
        assert_eq!(fewer_in_first, written(&postings));
        // A segment that empties goes.
        postings.retain(|p| segment_of(p.number()) != 1);
        let mut stale = Stale::default();
        stale.changed_at(7, SEGMENT + 3);
        let changed = &stale.drain()[0].1;
        let fewer = rewritten(&postings, &mut kept, changed);
        assert_eq!(kept.len(), 3);
        assert_eq!(fewer, written(&postings));
    }
}
