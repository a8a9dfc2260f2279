//! Typed positions in the model's lists: a meeting's place in
//! `site.meetings` is a [`MeetingIx`], a paragraph's a [`ParagraphIx`], and
//! so on. A position of one list cannot index another, nor be moved by
//! another list's [`super::patch::Renumbering`]: the compiler checks what
//! the preview's renumbering used to leave to care.
//!
//! Positions are what a model is indexed by, not identities: an edit may
//! move them. What the preview keeps across edits is named by stable keys
//! ([`crate::render::reads::Key`]: a meeting's folder, a paragraph's
//! meeting and §, a case's slug), and only what is held by position is
//! renumbered.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::ops::{Index, IndexMut, Range};

use rayon::prelude::*;

use super::{Case, Meeting, Paragraph, Pdf};

/// The place of a `T` in the model's list of them.
pub struct Ix<T> {
    raw: u32,
    of: PhantomData<fn() -> T>,
}

/// A meeting's place in `site.meetings`.
pub type MeetingIx = Ix<Meeting>;
/// A paragraph's place in `site.paragraphs`.
pub type ParagraphIx = Ix<Paragraph>;
/// A case's place in `site.cases`.
pub type CaseIx = Ix<Case>;
/// A published PDF's place in `site.pdfs`.
pub type PdfIx = Ix<Pdf>;

impl<T> Ix<T> {
    /// The position `i`.
    pub fn new(i: usize) -> Ix<T> {
        Ix {
            raw: u32::try_from(i).expect("fewer than 4 billion items in a list"),
            of: PhantomData,
        }
    }

    /// The position as a number.
    pub fn get(self) -> usize {
        self.raw as usize
    }

    /// The position after this one.
    pub fn next(self) -> Ix<T> {
        Ix::new(self.get() + 1)
    }

    /// The positions of a list of `len` items.
    pub fn all(len: usize) -> impl DoubleEndedIterator<Item = Ix<T>> + ExactSizeIterator {
        (0..len).map(Ix::new)
    }

    /// The positions of a run.
    pub fn each(run: Range<Ix<T>>) -> impl DoubleEndedIterator<Item = Ix<T>> + ExactSizeIterator {
        (run.start.get()..run.end.get()).map(Ix::new)
    }

    /// How many positions a run holds.
    pub fn count(run: &Range<Ix<T>>) -> usize {
        run.end.get().saturating_sub(run.start.get())
    }
}

/// A list indexed by its typed positions.
pub trait Positions<T> {
    /// Each item with its position.
    fn positioned<'a>(
        &'a self,
    ) -> impl DoubleEndedIterator<Item = (Ix<T>, &'a T)> + ExactSizeIterator
    where
        T: 'a;

    /// The items of a run of positions.
    fn run(&self, run: Range<Ix<T>>) -> &[T];
}

impl<T> Positions<T> for [T] {
    fn positioned<'a>(
        &'a self,
    ) -> impl DoubleEndedIterator<Item = (Ix<T>, &'a T)> + ExactSizeIterator
    where
        T: 'a,
    {
        self.iter().enumerate().map(|(i, t)| (Ix::new(i), t))
    }

    fn run(&self, run: Range<Ix<T>>) -> &[T] {
        &self[run.start.get()..run.end.get()]
    }
}

impl<T> Index<Ix<T>> for [T] {
    type Output = T;
    fn index(&self, i: Ix<T>) -> &T {
        &self[i.get()]
    }
}

impl<T> IndexMut<Ix<T>> for [T] {
    fn index_mut(&mut self, i: Ix<T>) -> &mut T {
        &mut self[i.get()]
    }
}

impl<T> Index<Ix<T>> for Vec<T> {
    type Output = T;
    fn index(&self, i: Ix<T>) -> &T {
        &self[i.get()]
    }
}

impl<T> IndexMut<Ix<T>> for Vec<T> {
    fn index_mut(&mut self, i: Ix<T>) -> &mut T {
        &mut self[i.get()]
    }
}

/// Values kept by the position of a `T` in its model list: a piece of a
/// table per paragraph, a row per case. Renumbered with the list
/// ([`super::patch::Renumbering::apply`]).
pub struct ByIx<T, V> {
    values: Vec<V>,
    of: PhantomData<fn() -> T>,
}

impl<T, V: Send> ByIx<T, V> {
    /// A value for each of `len` positions, made in parallel.
    pub fn par_from_fn(len: usize, value: impl Fn(Ix<T>) -> V + Sync) -> ByIx<T, V> {
        let values: Vec<V> = (0..len)
            .into_par_iter()
            .map(|i| value(Ix::new(i)))
            .collect();
        values.into()
    }
}

impl<T, V> ByIx<T, V> {
    /// The values in position order.
    pub fn as_slice(&self) -> &[V] {
        &self.values
    }

    /// Each value with its position.
    pub fn positioned(&self) -> impl DoubleEndedIterator<Item = (Ix<T>, &V)> + ExactSizeIterator {
        self.values.iter().enumerate().map(|(i, v)| (Ix::new(i), v))
    }

    /// How many values it keeps.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

impl<T, V> From<Vec<V>> for ByIx<T, V> {
    /// The values of positions 0, 1, 2…
    fn from(values: Vec<V>) -> Self {
        ByIx {
            values,
            of: PhantomData,
        }
    }
}

impl<T, V> From<ByIx<T, V>> for Vec<V> {
    fn from(by: ByIx<T, V>) -> Vec<V> {
        by.values
    }
}

impl<T, V> Default for ByIx<T, V> {
    fn default() -> Self {
        Vec::new().into()
    }
}

impl<T, V> Index<Ix<T>> for ByIx<T, V> {
    type Output = V;
    fn index(&self, i: Ix<T>) -> &V {
        &self.values[i.get()]
    }
}

impl<T, V> IndexMut<Ix<T>> for ByIx<T, V> {
    fn index_mut(&mut self, i: Ix<T>) -> &mut V {
        &mut self.values[i.get()]
    }
}

// Written out rather than derived: a derive would ask `T` for each trait.
impl<T> Clone for Ix<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Ix<T> {}

impl<T> PartialEq for Ix<T> {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl<T> Eq for Ix<T> {}

impl<T> PartialOrd for Ix<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> Ord for Ix<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.raw.cmp(&other.raw)
    }
}

impl<T> Hash for Ix<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.raw.hash(state);
    }
}

impl<T> fmt::Debug for Ix<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_index_their_own_list_and_runs_of_it() {
        let words = ["a", "b", "c", "d"];
        let second: Ix<&str> = Ix::new(1);
        assert_eq!(words[second], "b");
        let run = Ix::new(1)..Ix::new(3);
        assert_eq!(words.run(run.clone()), ["b", "c"]);
        assert_eq!(Ix::count(&run), 2);
        let each: Vec<usize> = Ix::each(run).map(Ix::get).collect();
        assert_eq!(each, [1, 2]);
        let found: Vec<(usize, &&str)> = words
            .positioned()
            .filter(|(_, w)| **w > "b")
            .map(|(i, w)| (i.get(), w))
            .collect();
        assert_eq!(found, [(2, &"c"), (3, &"d")]);
    }
}
