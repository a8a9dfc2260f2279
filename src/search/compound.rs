//! Swedish compounds split for search: `strategi` finds
//! `digitaliseringsstrategi`, `skola` finds `förskoleverksamhet`.
//!
//! A word is split against the archive's own vocabulary, the stems its
//! words have (and a few stop words a compound may start with,
//! [`PREFIX_WORDS`]: `för|skole|verksamhet`): into the fewest parts that
//! each are such a word, allowing a linking `s` (`digitaliserings|strategi`) and a
//! definite `n` (`grund|skolan`). Its parts, and runs of them that are
//! words too (`förskole`), are terms of their own (`C`, as `Cskol`), whose
//! postings are those of every word that has that part: a query for a word
//! loads them with its stem's, ranked below.
//!
//! As the vocabulary is the archive's, a word that comes or goes can split
//! others anew: [`State::update_compounds`] splits again the words that
//! hold a stem that came or went, so that an edited index equals a built
//! one.

use super::*;

/// Letters a compound's first part has at least, and each later part.
const MIN_FIRST: usize = 3;
const MIN_LATER: usize = 4;

/// How a word splits: the stems of its parts, of runs of parts that are
/// words of the vocabulary, and of the parts of parts that are compounds
/// themselves (the word's own stem left out). Empty when the word is not
/// a compound of known words.
pub(super) fn split(word: &str, known: &impl Fn(&str) -> bool) -> Vec<String> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let n = chars.len();
    if n < MIN_FIRST + MIN_LATER {
        return Vec::new();
    }
    let at = |i: usize| chars.get(i).map_or(word.len(), |(b, _)| *b);
    let segment = |i: usize, j: usize| &word[at(i)..at(j)];
    // fewest[j]: the fewest parts word[..j] splits into, and where the last
    // of them starts.
    let mut fewest: Vec<Option<(usize, usize)>> = vec![None; n + 1];
    fewest[0] = Some((0, 0));
    for j in 1..=n {
        // The longest last part first: of two splits as short, the one
        // whose head (a compound's last word) is longer.
        for i in 0..j {
            let Some((count, _)) = fewest[i] else {
                continue;
            };
            if (i, j) == (0, n) {
                continue;
            }
            let better = fewest[j].is_none_or(|(best, _)| count + 1 < best);
            if better && part_stem(segment(i, j), i == 0, known).is_some() {
                fewest[j] = Some((count + 1, i));
            }
        }
    }
    let Some(_) = fewest[n] else {
        return Vec::new();
    };
    let mut bounds = vec![n];
    while let Some(&j) = bounds.last().filter(|j| **j > 0) {
        bounds.push(fewest[j].expect("a split's parts are split").1);
    }
    bounds.reverse();
    let own = text::stem(word);
    let mut parts = BTreeSet::new();
    for (a, &i) in bounds.iter().enumerate() {
        for &j in &bounds[a + 1..] {
            if (i, j) == (0, n) {
                continue;
            }
            let run = segment(i, j);
            if PREFIX_WORDS.contains(&run) {
                continue;
            }
            if let Some(stem) = part_stem(run, i == 0, known) {
                parts.insert(stem);
            }
        }
    }
    // A part may be a compound itself: `förskole` of `för|skole`.
    for pair in bounds.windows(2) {
        parts.extend(split(segment(pair[0], pair[1]), known));
    }
    parts.remove(&own);
    parts.into_iter().collect()
}

/// The stem a part of a compound stands for, when the vocabulary has it:
/// its own, or without a linking `s` or a definite `n`. The first part
/// has three letters or more and may be one of [`PREFIX_WORDS`]
/// (`för|skola`); a later
/// one has four or more, in its stem too (`man|dat` is not `mandat`, nor
/// `håll|barhet` of `bar`).
fn part_stem(part: &str, first: bool, known: &impl Fn(&str) -> bool) -> Option<String> {
    let least = if first { MIN_FIRST } else { MIN_LATER };
    if part.chars().count() < least {
        return None;
    }
    if first && PREFIX_WORDS.contains(&part) {
        return Some(part.to_owned());
    }
    let bare = [part.strip_suffix('s'), part.strip_suffix('n')];
    std::iter::once(part)
        .chain(bare.into_iter().flatten())
        .map(text::stem)
        .find(|stem| stem.chars().count() >= least && known(stem))
}

/// Stop words a compound may start with (`för|skola`, `över|förmyndare`),
/// never parts of their own; others (`med|delande`, `var|andra`) are not
/// taken as parts.
const PREFIX_WORDS: &[&str] = &[
    "efter", "för", "från", "inom", "mellan", "mot", "till", "under", "upp", "utan", "över",
];

/// Which words have which parts: kept to update the parts' postings after
/// an edit.
#[derive(Default)]
pub(super) struct Compounds {
    /// The stems the archive has (its `S` terms with postings).
    known: HashSet<String>,
    /// Each compound word's parts, as `C` term ids, by its `W` term id.
    parts: HashMap<u32, Vec<u32>>,
    /// Each part's words.
    words: HashMap<u32, BTreeSet<u32>>,
}

impl State {
    /// The parts of a word (a `W` term), as listed in its dictionary entry.
    pub(super) fn parts_of(&self, word: u32) -> Option<Vec<&str>> {
        let parts = self.compounds.parts.get(&word)?;
        Some(
            parts
                .iter()
                .map(|c| &self.terms[*c as usize][1..])
                .collect(),
        )
    }

    /// Split every word of a new index and give each part its postings
    /// (before [`State::place_all_terms`]).
    pub(super) fn derive_compounds(&mut self) {
        let all: Vec<u32> = (0..self.terms.len() as u32).collect();
        self.compounds.known = self.known_stems();
        self.update_compounds(&all, &[]);
    }

    /// The stems with postings.
    fn known_stems(&self) -> HashSet<String> {
        (self.terms.iter().zip(&self.postings))
            .filter(|(term, list)| term.starts_with('S') && !list.is_empty())
            .map(|(term, _)| term[1..].to_owned())
            .collect()
    }

    /// After the terms of `touched` changed postings at `numbers`: split
    /// again the words that came, went, or hold a stem that came or went,
    /// and bring up to date the postings of the parts they had or have.
    /// Returns the terms whose postings or dictionary entries changed
    /// (parts and words).
    pub(super) fn update_compounds(&mut self, touched: &[u32], numbers: &[u32]) -> Vec<u32> {
        let stems_changed = self.note_stems_coming_and_going(touched);
        let resplit = self.words_to_split_again(touched, &stems_changed);
        let known = &self.compounds.known;
        let splits: Vec<(u32, Vec<String>)> = (resplit.par_iter())
            .map(|&id| {
                let word = &self.terms[id as usize][1..];
                let parts = match self.postings[id as usize].is_empty() {
                    true => Vec::new(),
                    false => split(word, &|s: &str| known.contains(s)),
                };
                (id, parts)
            })
            .collect();
        // Parts that gained or lost a word are made anew; those whose
        // words' postings changed only at `numbers` are changed there.
        let mut remade: BTreeSet<u32> = BTreeSet::new();
        let mut spliced: BTreeSet<u32> = BTreeSet::new();
        let mut changed = Vec::new();
        for (word, parts) in splits {
            let new: Vec<u32> = parts
                .into_iter()
                .map(|p| self.term_id(format!("C{p}")))
                .collect();
            let old = self.compounds.parts.remove(&word).unwrap_or_default();
            if old == new {
                spliced.extend(&new);
            } else {
                changed.push(word);
                for c in &old {
                    if let Some(words) = self.compounds.words.get_mut(c) {
                        words.remove(&word);
                    }
                }
                for c in &new {
                    self.compounds.words.entry(*c).or_default().insert(word);
                }
                remade.extend(old.iter().chain(&new));
            }
            if !new.is_empty() {
                self.compounds.parts.insert(word, new);
            }
        }
        let mut marks = Vec::new();
        for part in &remade {
            let list = self.part_postings(*part, &mut marks);
            if self
                .compounds
                .words
                .get(part)
                .is_some_and(BTreeSet::is_empty)
            {
                self.compounds.words.remove(part);
            }
            changed.extend(self.set_part_postings(*part, list));
        }
        for part in spliced.difference(&remade) {
            if self.cheaper_to_remake(*part, numbers.len()) {
                let list = self.part_postings(*part, &mut marks);
                changed.extend(self.set_part_postings(*part, list));
                continue;
            }
            let marks: Vec<(u32, Option<bool>)> = (numbers.iter())
                .map(|&n| (n, self.part_mark(*part, n)))
                .collect();
            let mut list = self.postings[*part as usize].clone();
            change_list(&mut list, &marks);
            changed.extend(self.set_part_postings(*part, list));
        }
        changed
    }

    /// Notes in the vocabulary the stems of `touched` that came or went;
    /// returns them.
    fn note_stems_coming_and_going(&mut self, touched: &[u32]) -> Vec<String> {
        let mut stems_changed = Vec::new();
        for &id in touched {
            if let Some(stem) = self.terms[id as usize].strip_prefix('S') {
                let present = !self.postings[id as usize].is_empty();
                if present != self.compounds.known.contains(stem) {
                    stems_changed.push(stem.to_owned());
                }
            }
        }
        for stem in &stems_changed {
            if !self.compounds.known.remove(stem) {
                self.compounds.known.insert(stem.clone());
            }
        }
        stems_changed
    }

    /// The words of `touched`, and those that hold a stem of
    /// `stems_changed`.
    fn words_to_split_again(&self, touched: &[u32], stems_changed: &[String]) -> BTreeSet<u32> {
        let is_word = |t: &String| t.starts_with('W');
        let mut resplit: BTreeSet<u32> = (touched.iter().copied())
            .filter(|id| is_word(&self.terms[*id as usize]))
            .collect();
        if !stems_changed.is_empty() {
            resplit.extend((0..self.terms.len() as u32).filter(|&id| {
                let term = &self.terms[id as usize];
                is_word(term) && stems_changed.iter().any(|s| term[1..].contains(s.as_str()))
            }));
        }
        resplit
    }

    /// A part's postings made from all its words': a number is in the
    /// title when one of them is. `marks` is scratch space, left zeroed.
    fn part_postings(&self, part: u32, marks: &mut Vec<u8>) -> Postings {
        // Each number's match: 0 none, 1 in the text, 2 in the title.
        marks.resize(self.slots, 0);
        let (mut low, mut high) = (u32::MAX, 0);
        for w in self.compounds.words.get(&part).into_iter().flatten() {
            for (n, title) in self.postings[*w as usize].iter().map(|p| p.parts()) {
                let mark = &mut marks[n as usize];
                *mark = (*mark).max(1 + u8::from(title));
                (low, high) = (low.min(n), high.max(n));
            }
        }
        let mut list = Postings::new();
        if low <= high {
            for n in low..=high {
                let mark = std::mem::take(&mut marks[n as usize]);
                if mark > 0 {
                    list.push(Posting::new(n, mark == 2));
                }
            }
        }
        list
    }

    /// Whether making a part's postings from its words' is quicker than
    /// looking up `count` numbers in each of them.
    fn cheaper_to_remake(&self, part: u32, count: usize) -> bool {
        let words = self.compounds.words.get(&part).into_iter().flatten();
        let (mut lookups, mut postings) = (0, 0);
        for w in words {
            let list = self.postings[*w as usize].len();
            lookups += count * (list.max(2).ilog2() as usize);
            postings += list;
        }
        lookups > postings
    }

    /// Whether a part's words match number `n`: `Some(true)` when one has
    /// it in the title.
    fn part_mark(&self, part: u32, n: u32) -> Option<bool> {
        let mut mark = None;
        for w in self.compounds.words.get(&part).into_iter().flatten() {
            let list = &self.postings[*w as usize];
            if let Ok(at) = list.binary_search_by_key(&n, |p| p.number()) {
                if list[at].in_title() {
                    return Some(true);
                }
                mark = Some(false);
            }
        }
        mark
    }

    /// Gives a part its postings; returns it when they changed.
    fn set_part_postings(&mut self, part: u32, list: Postings) -> Option<u32> {
        if self.postings[part as usize] == list {
            return None;
        }
        let came_or_went = self.postings[part as usize].is_empty() != list.is_empty();
        self.stale
            .replaced(part, &self.postings[part as usize], &list);
        self.postings[part as usize] = list;
        if came_or_went {
            self.place_term(part);
        }
        Some(part)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_with(word: &str, vocabulary: &[&str]) -> Vec<String> {
        split(word, &|s: &str| vocabulary.contains(&s))
    }

    #[test]
    fn a_compound_splits_into_the_archives_words_with_a_linking_s() {
        let known = ["digitalisering", "strategi", "turism"];
        assert_eq!(
            split_with("digitaliseringsstrategi", &known),
            ["digitalisering", "strategi"]
        );
        assert_eq!(split_with("turismstrategi", &known), ["strategi", "turism"]);
        // Not a compound of known words: kept whole.
        assert!(split_with("strategi", &known).is_empty());
        assert!(split_with("rapport", &["port"]).is_empty());
        assert!(split_with("mandat", &["man", "dat"]).is_empty());
    }

    #[test]
    fn a_part_may_be_a_compound_that_starts_with_a_stop_word() {
        // för|skole|verksamhet: `skole` and `förskole` are forms of
        // `skola` and `förskola`; `för` starts compounds but is never a
        // part.
        let known = ["skol", "förskol", "verksam"];
        assert_eq!(
            split_with("förskoleverksamhet", &known),
            ["förskol", "skol", "verksam"]
        );
        // A definite form: grund|skolan.
        assert_eq!(
            split_with("grundskolan", &["grund", "skol"]),
            ["grund", "skol"]
        );
    }
}
