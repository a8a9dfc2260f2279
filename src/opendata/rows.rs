//! A bulk table's rows, one per model item, kept joined in runs of about
//! [`RUN_BYTES`] rather than one string each. The preview writes a table
//! again from its first changed row on, tens of megabytes: a run goes to
//! the kernel as one slice, where rows kept apart had first to be copied
//! into a buffer (the copy was 8 ms of an edit's CPU at 100 000 §, and
//! handing the rows over one by one was slower still). Each row is kept
//! with the separator that follows it in the file (`,` between JSON
//! entries; CSV records end in their newline), so a run is the file's own
//! bytes; the last row's separator is left out when the table is written.

use rayon::prelude::*;

use crate::model::ix::Ix;
use crate::model::patch::Renumbering;

/// About how many bytes a run holds: few enough that replacing a row
/// copies little, many enough that a table is written in few calls.
const RUN_BYTES: usize = 128 * 1024;

/// Rows made at once, in parallel, before they are packed into runs.
const BLOCK_ROWS: usize = 64;

/// The rows of a table's items, in position order.
pub struct Rows {
    runs: Vec<Run>,
    /// The position of each run's first row.
    starts: Vec<usize>,
    len: usize,
    separator: &'static str,
}

/// Rows joined, each followed by the separator.
#[derive(Default)]
struct Run {
    bytes: String,
    /// Where each row (with its separator) ends in `bytes`.
    ends: Vec<usize>,
}

impl Run {
    fn push(&mut self, row: &str, separator: &str) {
        self.bytes.push_str(row);
        self.bytes.push_str(separator);
        self.ends.push(self.bytes.len());
    }

    /// Row `k` with its separator.
    fn span(&self, k: usize) -> std::ops::Range<usize> {
        let start = if k == 0 { 0 } else { self.ends[k - 1] };
        start..self.ends[k]
    }
}

impl Rows {
    /// The row of each of `len` positions, made in parallel; `separator`
    /// joins them in the file.
    pub fn par_from_fn(
        len: usize,
        separator: &'static str,
        row: impl Fn(usize) -> String + Sync,
    ) -> Rows {
        let blocks: Vec<Run> = (0..len.div_ceil(BLOCK_ROWS))
            .into_par_iter()
            .map(|b| {
                let mut run = Run::default();
                for i in b * BLOCK_ROWS..len.min((b + 1) * BLOCK_ROWS) {
                    run.push(&row(i), separator);
                }
                run
            })
            .collect();
        let mut packer = Packer::default();
        for block in blocks {
            packer.add_run(block);
        }
        packer.finish(separator)
    }

    /// How many rows there are.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// What follows each row but the last in the file.
    pub fn separator(&self) -> &'static str {
        self.separator
    }

    /// The run that holds row `i`, and the row's place in it.
    fn place(&self, i: usize) -> (usize, usize) {
        let run = self.starts.partition_point(|&start| start <= i) - 1;
        (run, i - self.starts[run])
    }

    /// Row `i`, without its separator.
    pub fn get(&self, i: usize) -> &str {
        let (run, k) = self.place(i);
        let run = &self.runs[run];
        let span = run.span(k);
        &run.bytes[span.start..span.end - self.separator.len()]
    }

    /// Put `row` in place of row `i`; returns whether it differed.
    pub fn replace(&mut self, i: usize, row: &str) -> bool {
        if self.get(i) == row {
            return false;
        }
        let (r, k) = self.place(i);
        let run = &mut self.runs[r];
        let span = run.span(k);
        let old_len = span.len();
        run.bytes
            .replace_range(span, &[row, self.separator].concat());
        let new_len = row.len() + self.separator.len();
        for end in &mut run.ends[k..] {
            *end = *end + new_len - old_len;
        }
        true
    }

    /// The bytes of the rows before row `first`, with their separators.
    pub fn len_before(&self, first: usize) -> usize {
        if first >= self.len {
            return self.runs.iter().map(|r| r.bytes.len()).sum();
        }
        let (run, k) = self.place(first);
        let before: usize = self.runs[..run].iter().map(|r| r.bytes.len()).sum();
        before + self.runs[run].span(k).start
    }

    /// The file's bytes of the rows, in slices as long as the runs: every
    /// row with the separator after it, but the last.
    pub fn slices(&self) -> impl Iterator<Item = &[u8]> {
        let last = self.runs.len().saturating_sub(1);
        self.runs.iter().enumerate().map(move |(r, run)| {
            let end = run.bytes.len() - if r == last { self.separator.len() } else { 0 };
            &run.bytes.as_bytes()[..end]
        })
    }

    /// The rows renumbered: a new item's row is empty until replaced, a
    /// removed item's is dropped. Runs whose rows all stay, in order and
    /// side by side, are kept whole; only rows around the changes are
    /// copied.
    pub fn renumbered<T>(mut self, r: &Renumbering<T>) -> Rows {
        let separator = self.separator;
        let mut packer = Packer::default();
        let mut new = 0;
        while new < r.new_len() {
            let old = r.old_index(Ix::new(new)).map(Ix::get);
            if let Some(run) = old.and_then(|old| self.whole_run_at(old, new, r)) {
                let run = std::mem::take(&mut self.runs[run]);
                new += run.ends.len();
                packer.add_run(run);
                continue;
            }
            packer.add_row(old.map_or("", |old| self.get(old)), separator);
            new += 1;
        }
        packer.finish(separator)
    }

    /// The run that starts at old row `old`, if all its rows follow one
    /// another from new position `new` on.
    fn whole_run_at<T>(&self, old: usize, new: usize, r: &Renumbering<T>) -> Option<usize> {
        let (run, k) = self.place(old);
        let rows = self.runs[run].ends.len();
        let stays = |j: usize| r.new_index(Ix::new(old + j)) == Some(Ix::new(new + j));
        (k == 0 && (0..rows).all(stays)).then_some(run)
    }
}

impl Default for Rows {
    fn default() -> Self {
        Packer::default().finish("")
    }
}

/// Runs put together in order: rows added one by one join the run being
/// filled until it holds [`RUN_BYTES`]; a run added whole joins it when
/// both fit in that, and otherwise follows it as it is.
#[derive(Default)]
struct Packer {
    runs: Vec<Run>,
    filling: Run,
}

impl Packer {
    fn add_row(&mut self, row: &str, separator: &str) {
        self.filling.push(row, separator);
        self.end_if_full();
    }

    fn add_run(&mut self, run: Run) {
        if self.filling.ends.is_empty() {
            self.filling = run;
        } else if self.filling.bytes.len() + run.bytes.len() <= RUN_BYTES {
            let base = self.filling.bytes.len();
            self.filling.bytes.push_str(&run.bytes);
            (self.filling.ends).extend(run.ends.iter().map(|end| base + end));
        } else {
            self.end_run();
            self.filling = run;
        }
        self.end_if_full();
    }

    fn end_if_full(&mut self) {
        if self.filling.bytes.len() >= RUN_BYTES {
            self.end_run();
        }
    }

    /// The run being filled is done; it keeps no room to grow (a build
    /// keeps a hundred megabytes of rows at 100 000 §).
    fn end_run(&mut self) {
        let mut run = std::mem::take(&mut self.filling);
        if !run.ends.is_empty() {
            run.bytes.shrink_to_fit();
            run.ends.shrink_to_fit();
            self.runs.push(run);
        }
    }

    fn finish(mut self, separator: &'static str) -> Rows {
        self.end_run();
        let mut starts = Vec::with_capacity(self.runs.len());
        let mut len = 0;
        for run in &self.runs {
            starts.push(len);
            len += run.ends.len();
        }
        Rows {
            runs: self.runs,
            starts,
            len,
            separator,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Case;

    fn rows(texts: &[String]) -> Rows {
        Rows::par_from_fn(texts.len(), ",", |i| texts[i].clone())
    }

    fn joined(rows: &Rows) -> String {
        let bytes: Vec<u8> = rows.slices().flatten().copied().collect();
        String::from_utf8(bytes).unwrap()
    }

    /// Rows long enough that a few thousand fill many runs.
    fn texts(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("{i}:{}", "x".repeat(i % 97)))
            .collect()
    }

    #[test]
    fn rows_are_joined_by_their_separator_in_runs_of_about_the_set_size() {
        let texts = texts(5000);
        let rows = rows(&texts);
        assert_eq!(rows.len(), 5000);
        assert_eq!(joined(&rows), texts.join(","));
        assert!(rows.runs.len() > 1);
        assert!(rows.runs.iter().all(|r| r.bytes.len() <= 2 * RUN_BYTES));
        for i in [0, 1, 63, 64, 4999] {
            assert_eq!(rows.get(i), texts[i]);
            let before = texts[..i].iter().map(|t| t.len() + 1).sum::<usize>();
            assert_eq!(rows.len_before(i), before);
        }
        assert!(joined(&Rows::default()).is_empty());
    }

    #[test]
    fn a_replaced_row_changes_only_its_own_bytes() {
        let mut texts = texts(3000);
        let mut rows = rows(&texts);
        assert!(!rows.replace(1500, &texts[1500].clone()));
        for (i, new) in [(1500, "ny"), (0, ""), (2999, "sist, längre än förr")] {
            assert!(rows.replace(i, new));
            texts[i] = new.to_owned();
            assert_eq!(joined(&rows), texts.join(","));
            assert_eq!(rows.get(i), new);
        }
        let before: usize = texts[..2000].iter().map(|t| t.len() + 1).sum();
        assert_eq!(rows.len_before(2000), before);
    }

    #[test]
    fn renumbered_rows_keep_the_rows_that_stay_and_make_room_for_new_ones() {
        let texts = texts(4000);
        let rows = rows(&texts);
        let runs_before = rows.runs.len();
        // Remove rows 10 and 2500, add one at new position 3000.
        let r =
            Renumbering::<Case>::of_changes(4000, &[Ix::new(10), Ix::new(2500)], &[Ix::new(3000)]);
        let rows = rows.renumbered(&r);
        let mut expected: Vec<String> = texts.clone();
        expected.remove(2500);
        expected.remove(10);
        expected.insert(3000, String::new());
        assert_eq!(rows.len(), expected.len());
        assert_eq!(joined(&rows), expected.join(","));
        // Runs far from the changes were kept whole, not cut up.
        assert!(rows.runs.len() <= runs_before + 3);
        let mut rows = rows;
        assert!(rows.replace(3000, "ny"));
        assert_eq!(rows.get(3000), "ny");
    }
}
