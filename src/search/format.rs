//! The index's files: dictionary and postings shards, result shards,
//! facet bitmaps, exact look-ups and `meta.js`, each a script.

use std::fmt::Write;

use super::dictionary::{ShardLayout, Written};
use super::segments::{self, is_segmented, write_segments, Segment};
use super::*;

/// A term's first page of results on its own: title matches, then newest.
/// The first page of a one-word query is among its terms' best documents
/// (any document ranked below ten others of its best term is ranked below
/// them overall), so it shows without loading result shards.
/// `titled` are the postings that match in the title.
pub(super) fn best_documents(list: &[Posting], titled: &[Posting]) -> Vec<u32> {
    ranked_first(list, titled, BEST_DOCUMENTS)
        .map(Posting::number)
        .collect()
}

/// A term's postings encoded, and its best documents.
pub(super) type Encoded = (String, Vec<u32>);

/// A term's postings encoded and its best documents (none for a pair or
/// a compound's part, which a query loads beside its words' stems); `None`
/// for a word, which has no postings of its own. A long set's segments
/// (and their title matches) are taken from `kept` but for the `changed`
/// ones ([`super::segments`]), and `kept` becomes those written.
pub(super) fn encode_term(
    term: &str,
    list: &[Posting],
    kept: &mut Segments,
    changed: &[u32],
) -> Option<Encoded> {
    if !has_postings_file(term) {
        return None;
    }
    let (segmented, titled) = match is_segmented(list) {
        true => (true, write_segments(list, kept, changed)),
        false => {
            kept.clear();
            (false, title_matches(list))
        }
    };
    let best = match ships_without_results(term) {
        true => Vec::new(),
        false => best_documents(list, &titled),
    };
    let segments = segmented.then_some(kept.as_slice());
    Some((encode_postings(list, &titled, segments), best))
}

/// The postings that match in the title.
pub(super) fn title_matches(list: &[Posting]) -> Vec<Posting> {
    list.iter().filter(|p| p.in_title()).copied().collect()
}

/// The first `n` postings by rank: title matches (`titled`), then the
/// newest (the highest numbers). The postings are in number order, so no
/// sort is needed, and the others are looked for from the end only when
/// fewer than `n` match in the title.
pub(super) fn ranked_first<'a>(
    list: &'a [Posting],
    titled: &'a [Posting],
    n: usize,
) -> impl Iterator<Item = Posting> + 'a {
    let others = (titled.len() < n)
        .then(|| list.iter().rev().filter(|p| !p.in_title()))
        .into_iter()
        .flatten();
    titled.iter().rev().chain(others).take(n).copied()
}

/// A shard laid out: its files that changed, its chunks' terms and the
/// documents its chunks show.
pub(super) struct LaidOut {
    files: Vec<(String, String)>,
    chunks: Vec<Vec<u32>>,
    shown: BTreeSet<u32>,
    dictionary: Written,
}

/// What an edit changed that shows in the dictionary shards and postings
/// chunks: the terms whose entries may differ (postings or compound parts
/// changed), those whose postings were encoded otherwise, and the
/// documents whose results show something else.
pub(super) struct ShardChanges<'a> {
    pub(super) terms: &'a HashSet<u32>,
    pub(super) reencoded: &'a HashSet<u32>,
    pub(super) resummarized: &'a BTreeSet<u32>,
}

/// One index file: `__insynSearch.add(name, data)`, `data` as JSON.
pub(super) fn index_file(name: &str, data: &str) -> (String, String) {
    (
        format!("sok/index/{name}.js"),
        format!("__insynSearch.add({},{});\n", json!(name), data),
    )
}

/// `text` as a JSON string, as `serde_json` writes it.
pub(super) fn push_json_string(out: &mut String, text: &str) {
    if text.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        out.push_str(&json!(text).to_string());
        return;
    }
    out.push('"');
    out.push_str(text);
    out.push('"');
}

/// All of a term's postings, in the shorter of two forms: their gaps (each
/// the gap to the previous document times two, plus one for a title
/// match, as a [`push_number`]), or `~` and its documents as a set
/// ([`Set`]), then `|` and the gaps between its title matches (what a
/// common term takes). Every posting is kept, so counts and filters are
/// exact for any term. `titled` are its title matches ([`title_matches`]).
/// A long list is written from its `segments` ([`super::segments`]), in
/// either form.
pub(super) fn encode_postings(
    list: &[Posting],
    titled: &[Posting],
    segments: Option<&[Segment]>,
) -> String {
    // `~`, the set, `|` and the title matches.
    let around_set = 2 + gaps_len(titled, |gap, _| gap);
    let is_shorter = |set_len: usize, gaps_len: usize| set_len + around_set < gaps_len;
    let as_set = |set_len: usize, push_set: &dyn Fn(&mut String)| {
        let mut out = String::with_capacity(set_len + around_set);
        out.push('~');
        push_set(&mut out);
        out.push('|');
        push_gaps(&mut out, titled, |gap, _| gap);
        out
    };
    let mut out = String::new();
    match segments {
        Some(segments) => {
            let (set_len, gaps_len) = (segments::set_len(segments), segments::gaps_len(segments));
            if is_shorter(set_len, gaps_len) {
                return as_set(set_len, &|out| segments::push_set(out, segments));
            }
            out.reserve(gaps_len);
            segments::push_gaps(&mut out, segments);
        }
        None => {
            let set = Set::of(list);
            // Gaps take a character each at least: not counted when the
            // set is shorter than that.
            if is_shorter(set.len, list.len()) || is_shorter(set.len, gaps_len(list, posting_code))
            {
                return as_set(set.len, &|out| set.write(out, list));
            }
            push_gaps(&mut out, list, posting_code);
        }
    }
    out
}

/// A posting's number in the gaps form: its gap to the one before, times
/// two, plus one for a title match.
pub(super) fn posting_code(gap: u32, title: bool) -> u32 {
    gap * 2 + u32::from(title)
}

/// The length of what [`push_gaps`] writes.
fn gaps_len(list: &[Posting], code: impl Fn(u32, bool) -> u32) -> usize {
    let mut previous = 0;
    list.iter()
        .map(|p| {
            let gap = code(p.number() - previous, p.in_title());
            previous = p.number();
            number_len(gap)
        })
        .sum()
}

/// Each posting's gap to the one before (from 0), as `code(gap, title)`,
/// one [`push_number`] after the other.
fn push_gaps(out: &mut String, list: &[Posting], code: impl Fn(u32, bool) -> u32) {
    push_gaps_after(out, 0, list, code);
}

/// [`push_gaps`], the first gap counted from `previous`.
pub(super) fn push_gaps_after(
    out: &mut String,
    mut previous: u32,
    list: &[Posting],
    code: impl Fn(u32, bool) -> u32,
) {
    for p in list {
        push_number(out, code(p.number() - previous, p.in_title()));
        previous = p.number();
    }
}

/// The 64 digits of postings: those below 32 end a number, the others
/// (`w` to `_`) carry five bits of a number that goes on. JSON strings
/// and JavaScript take them as they are.
const NUMBER_DIGITS: &[u8; 64] =
    b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// A number in five-bit digits, highest first, every digit but the last
/// from the upper half of [`NUMBER_DIGITS`], so numbers follow each other
/// without separators: 0–31 take one character (most gaps), up to 1 023
/// two, up to 32 767 three.
pub(super) fn push_number(out: &mut String, mut n: u32) {
    if n < 32 {
        out.push(char::from(NUMBER_DIGITS[n as usize]));
        return;
    }
    let mut digits = [0u8; 7];
    let mut at = digits.len() - 1;
    digits[at] = NUMBER_DIGITS[(n & 31) as usize];
    n >>= 5;
    while n > 0 {
        at -= 1;
        digits[at] = NUMBER_DIGITS[32 + (n & 31) as usize];
        n >>= 5;
    }
    out.push_str(std::str::from_utf8(&digits[at..]).expect("number digits are ASCII"));
}

/// How many characters [`push_number`] writes for `n`.
pub(super) fn number_len(mut n: u32) -> usize {
    let mut len = 1;
    while n >= 32 {
        n >>= 5;
        len += 1;
    }
    len
}

/// Ascending document numbers, read by index: a set's, or a term's
/// postings (`(number, title)`).
pub(super) trait Numbers: Copy {
    fn len(self) -> usize;
    fn at(self, i: usize) -> u32;
    /// Each number's distance from the one before, less one.
    fn gaps(self) -> impl Iterator<Item = u32>;
}

impl Numbers for &[u32] {
    fn len(self) -> usize {
        <[u32]>::len(self)
    }
    fn at(self, i: usize) -> u32 {
        self[i]
    }
    fn gaps(self) -> impl Iterator<Item = u32> {
        self.windows(2).map(|w| w[1] - w[0] - 1)
    }
}

impl Numbers for &[Posting] {
    fn len(self) -> usize {
        <[Posting]>::len(self)
    }
    fn at(self, i: usize) -> u32 {
        self[i].number()
    }
    fn gaps(self) -> impl Iterator<Item = u32> {
        self.windows(2).map(|w| w[1].number() - w[0].number() - 1)
    }
}

/// A set of numbers given as a bitmap (bit `n % 8` of byte `n / 8` is
/// document `n`), as the index writes sets ([`Set`]).
pub(super) fn encode_facet(bits: &[u8]) -> String {
    let ids: Vec<u32> = (0..bits.len() as u32 * 8)
        .filter(|n| bits[*n as usize / 8] >> (n % 8) & 1 == 1)
        .collect();
    let mut out = String::new();
    Set::of(ids.as_slice()).write(&mut out, ids.as_slice());
    out
}

/// How a set of document numbers is written: in the shortest of three
/// forms, runs ([`push_runs`]: a body's or a type's documents, which stand
/// in runs), Rice-coded gaps ([`push_rice`]: a common word's, scattered)
/// or a bitmap ([`push_bitmap`]: the densest). The lengths are counted
/// first, in one pass, and only the shortest form is written.
pub(super) struct Set {
    form: Form,
    len: usize,
}

enum Form {
    /// Written already, to count them.
    Runs(String),
    Rice {
        k: u32,
    },
    Bitmap,
}

impl Set {
    /// Rice's best k is about log2 of the mean gap, or one less: both are
    /// counted. Runs take two numbers each, a character at least: their
    /// exact length is counted only when that may be the shortest.
    pub(super) fn of(ids: impl Numbers) -> Set {
        let count = ids.len();
        let bitmap = Set {
            form: Form::Bitmap,
            len: bitmap_len(ids),
        };
        if count == 0 {
            return Set {
                form: Form::Runs("=".to_owned()),
                len: 1,
            };
        }
        let (first, last) = (ids.at(0), ids.at(count - 1));
        let gaps = count as u64 - 1;
        let high = ((u64::from(last - first) - gaps) / gaps.max(1))
            .max(1)
            .ilog2();
        let low = high.saturating_sub(1);
        let (mut quotients_low, mut quotients_high, mut runs) = (0u64, 0u64, 1);
        for gap in ids.gaps() {
            quotients_low += u64::from(gap >> low);
            quotients_high += u64::from(gap >> high);
            runs += usize::from(gap > 0);
        }
        let rice_len = |quotients: u64, k: u32| {
            let bits = quotients + gaps * u64::from(k + 1);
            let header = 1 + number_len(k) + number_len(count as u32) + number_len(first);
            let len = header + (bits.div_ceil(8) as usize).div_ceil(3) * 4;
            Set {
                form: Form::Rice { k },
                len,
            }
        };
        let (rice_low, rice_high) = (rice_len(quotients_low, low), rice_len(quotients_high, high));
        let rice = if rice_low.len <= rice_high.len {
            rice_low
        } else {
            rice_high
        };
        let best = if rice.len < bitmap.len { rice } else { bitmap };
        if 1 + 2 * runs < best.len {
            let mut runs = String::new();
            push_runs(&mut runs, ids);
            if runs.len() < best.len {
                return Set {
                    len: runs.len(),
                    form: Form::Runs(runs),
                };
            }
        }
        best
    }

    /// The set's numbers in its form.
    pub(super) fn written(&self, ids: impl Numbers) -> String {
        let mut out = String::with_capacity(self.len);
        self.write(&mut out, ids);
        out
    }

    /// Write the set's numbers in its form.
    fn write(&self, out: &mut String, ids: impl Numbers) {
        let before = out.len();
        match &self.form {
            Form::Runs(runs) => out.push_str(runs),
            Form::Rice { k } => push_rice(out, ids, *k),
            Form::Bitmap => push_bitmap(out, ids),
        }
        debug_assert_eq!(
            out.len() - before,
            self.len,
            "a set's length is counted right"
        );
    }
}

/// `=` and the lengths of the runs of numbers out of the set and in it,
/// one after the other from 0 ([`push_number`]).
fn push_runs(out: &mut String, ids: impl Numbers) {
    out.push('=');
    let (mut next, mut i) = (0, 0);
    while i < ids.len() {
        let start = ids.at(i);
        let mut end = start + 1;
        i += 1;
        while i < ids.len() && ids.at(i) == end {
            end += 1;
            i += 1;
        }
        push_number(out, start - next);
        push_number(out, end - start);
        next = end;
    }
}

/// `^`, then [`push_number`]s: `k`, how many numbers, the first; then
/// the gaps between the others less one, Rice-coded in base 64: each gap's
/// `k` low bits after the rest of it in unary (that many ones, then a
/// zero), bits from the lowest of each byte. A term in one document of
/// six (`data`) takes about two thirds of its bitmap.
fn push_rice(out: &mut String, ids: impl Numbers, k: u32) {
    let mut bits = Bits::default();
    let low = |gap: u32| u64::from(gap) & ((1 << k) - 1);
    for gap in ids.gaps() {
        // Ones for the quotient, then the zero that ends it: most gaps in
        // one go.
        let mut ones = gap >> k;
        if ones + 1 + k <= Bits::MOST {
            bits.push(((1 << ones) - 1) | (low(gap) << (ones + 1)), ones + 1 + k);
            continue;
        }
        while ones > 0 {
            let n = ones.min(Bits::MOST);
            bits.push((1 << n) - 1, n);
            ones -= n;
        }
        bits.push(0, 1);
        bits.push(low(gap), k);
    }
    let bits = bits.bytes();
    out.push('^');
    push_number(out, k);
    push_number(out, ids.len() as u32);
    push_number(out, if ids.len() > 0 { ids.at(0) } else { 0 });
    push_base64(out, &bits);
}

/// Bits written from the lowest of each byte: gathered in a word, which
/// goes out whole (eight bytes, lowest first) once it is full.
#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    /// Bits not yet in `bytes` (from the lowest), and how many (below 64).
    word: u64,
    count: u32,
}

impl Bits {
    /// The most bits one push takes.
    const MOST: u32 = 56;

    /// Add the `n` (at most [`Bits::MOST`]) low bits of `value` (which has
    /// no others).
    fn push(&mut self, value: u64, n: u32) {
        debug_assert!(n <= Self::MOST && self.count < 64 && value >> n == 0);
        self.word |= value << self.count;
        let count = self.count + n;
        if count < 64 {
            self.count = count;
            return;
        }
        self.bytes.extend_from_slice(&self.word.to_le_bytes());
        // The bits of `value` that did not fit (`self.count` is not 0 here,
        // as `n` is below 64).
        self.word = value >> (64 - self.count);
        self.count = count - 64;
    }

    /// The bytes, the last filled with zeros.
    fn bytes(mut self) -> Vec<u8> {
        let whole = self.count.div_ceil(8) as usize;
        self.bytes
            .extend_from_slice(&self.word.to_le_bytes()[..whole]);
        self.bytes
    }
}

/// The length of [`push_bitmap`].
fn bitmap_len(ids: impl Numbers) -> usize {
    let (first, bytes) = match ids.len() {
        0 => (0, 0),
        n => (
            ids.at(0) / 8,
            (ids.at(n - 1) / 8 + 1 - ids.at(0) / 8) as usize,
        ),
    };
    let mut digits = 1;
    while u64::from(first) >= 36u64.pow(digits) {
        digits += 1;
    }
    digits as usize + 1 + bytes.div_ceil(3) * 4
}

/// The number of the first byte that holds a document in base 36, `:`,
/// and the bytes from there to the last that holds one, in base 64, so a
/// year's documents take the bytes of that year only.
fn push_bitmap(out: &mut String, ids: impl Numbers) {
    let (first, end) = match ids.len() {
        0 => (0, 0),
        n => (ids.at(0) / 8, ids.at(n - 1) / 8 + 1),
    };
    let mut bytes = vec![0u8; (end - first) as usize];
    for i in 0..ids.len() {
        let id = ids.at(i);
        bytes[(id / 8 - first) as usize] |= 1 << (id % 8);
    }
    push_base36(out, first);
    out.push(':');
    push_base64(out, &bytes);
}

pub(super) fn push_base36(out: &mut String, mut n: u32) {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let digit = |d: u32| char::from(DIGITS[d as usize]);
    // Most gaps take one or two digits.
    if n < 36 {
        out.push(digit(n));
        return;
    }
    if n < 36 * 36 {
        out.push(digit(n / 36));
        out.push(digit(n % 36));
        return;
    }
    let mut digits = [0u8; 7];
    let mut at = digits.len();
    while n > 0 {
        at -= 1;
        digits[at] = DIGITS[(n % 36) as usize];
        n /= 36;
    }
    out.push_str(std::str::from_utf8(&digits[at..]).expect("base 36 digits are ASCII"));
}

pub(super) type CaseIds = BTreeMap<u16, BTreeMap<String, u32>>;

pub(super) fn is_case(r: &DocRef) -> bool {
    matches!(r, DocRef::Case(_))
}

/// `meta.js` less the shards, facets, case years and registers and § files, which
/// [`State::meta_json`] adds.
pub(super) fn meta(site: &Site, t: &I18n, slots: usize) -> Value {
    json!({
        "docs": slots,
        "docShard": DOC_SHARD,
        "shards": [],
        "facets": [],
        "caseYears": [],
        "caseRegistries": [],
        "paragraphFiles": [],
        "years": meta_years(site),
        "bodies": site.bodies.iter().map(|b| json!({"id": b.id, "abbreviation": b.abbreviation, "name": b.name})).collect::<Vec<_>>(),
        "types": KINDS.iter().map(|k| (k.key, t.get(k.label))).collect::<BTreeMap<_, _>>(),
        "stopWords": text::STOP_WORDS,
        "statuses": CaseStatus::ALL.iter().map(|s| json!({"key": s.key(), "label": t.case_status(*s)})).collect::<Vec<_>>(),
    })
}

/// The years a search can be narrowed to: those of the meetings, which
/// every dated document's date is one of.
pub(super) fn meta_years(site: &Site) -> Value {
    json!(site.years())
}

/// [`push_base64`] on its own, for tests.
#[cfg(test)]
pub(super) fn base64(bytes: &[u8]) -> String {
    let mut out = String::new();
    push_base64(&mut out, bytes);
    out
}

/// Standard base 64 (`atob` decodes it), for sets written as bitmaps or
/// Rice-coded gaps, written at the end of `out`.
fn push_base64(out: &mut String, bytes: &[u8]) {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode_string(bytes, out)
}

impl State {
    /// The bodies and hundreds of § numbers that have paragraphs, in order.
    pub(super) fn paragraph_hundreds(&self) -> BTreeSet<(usize, u32)> {
        self.paragraphs
            .keys()
            .map(|(body, number)| (*body, number / 100))
            .collect()
    }

    /// The look-up file of a body's hundred of § numbers (`p-ks-2` holds
    /// § 200–299).
    pub(super) fn paragraph_file(&self, (body, hundred): (usize, u32)) -> String {
        format!("p-{}-{hundred}", self.body_ids[body])
    }

    /// A hundred's § numbers, each with its paragraphs' document numbers
    /// (newest first).
    pub(super) fn paragraph_ids(&self, (body, hundred): (usize, u32)) -> Value {
        let range = (body, hundred * 100)..(body, hundred * 100 + 100);
        let part: BTreeMap<u32, Vec<u32>> = self
            .paragraphs
            .range(range)
            .map(|((_, number), ids)| (*number, ids.iter().rev().copied().collect()))
            .collect();
        json!(part)
    }

    /// Case slugs and their numbers, by year, for the years asked for.
    pub(super) fn case_ids(&self, asked: impl Fn(u16) -> bool) -> CaseIds {
        let mut ids = CaseIds::new();
        for (n, key) in self.case_at.iter().filter(|(_, k)| asked(k.year)) {
            ids.entry(key.year)
                .or_default()
                .insert(key.slug.clone(), *n);
        }
        ids
    }

    /// The dictionary shard of a term: its word's or stem's key, or for a
    /// pair its first stem's key, `.` and the group of its second stem's
    /// first letter ([`text::pair_group`]).
    pub(super) fn shard_of(&self, id: u32) -> String {
        let term = &self.terms[id as usize];
        match term[1..].split_once(' ') {
            Some((first, second)) if is_pair(term) => {
                let letter = text::shard_key(second).chars().next().unwrap_or('_');
                let key = text::shard_key(first);
                let group = text::pair_group(&key, letter);
                format!("{key}.{group}")
            }
            _ => text::shard_key(&term[1..]),
        }
    }

    /// Encode again the postings (and best documents) of the terms whose
    /// postings changed since they were last encoded, on every core;
    /// returns those whose encoding changed.
    pub(super) fn encode_stale(&mut self) -> HashSet<u32> {
        let stale: Vec<(u32, Vec<u32>, Segments)> = (self.stale.drain().into_iter())
            .map(|(id, changed)| {
                let kept = self.segments.remove(&id).unwrap_or_default();
                (id, changed, kept)
            })
            .collect();
        let encoded: Vec<(u32, Option<Encoded>, Segments)> = (stale.into_par_iter())
            .map(|(id, changed, mut kept)| {
                let (term, list) = (&self.terms[id as usize], &self.postings[id as usize]);
                let encoded = encode_term(term, list, &mut kept, &changed);
                // What the segments kept give is what writing them all
                // gives (the segments changed were noted).
                debug_assert_eq!(
                    encoded,
                    encode_term(term, list, &mut Segments::new(), &[]),
                    "{term}: segments {changed:?} changed"
                );
                (id, encoded, kept)
            })
            .collect();
        let mut changed = HashSet::new();
        for (id, encoded, kept) in encoded {
            if !kept.is_empty() {
                self.segments.insert(id, kept);
            }
            if self.encoded[id as usize] != encoded {
                self.encoded[id as usize] = encoded;
                changed.insert(id);
            }
        }
        changed
    }

    /// The facets some document is in, by name.
    pub(super) fn facet_file_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .facet_names
            .iter()
            .zip(&self.facet_bits)
            .filter(|(_, bits)| bits.iter().any(|b| *b != 0))
            .map(|(name, _)| name.clone())
            .collect();
        names.sort();
        names
    }

    /// Lay out the shards of `keys` on every core and note their chunks
    /// and which documents they show ([`State::shard_files`]); returns
    /// their files that differ from those last written. The entries of
    /// terms not `changed` are taken from the dictionaries as last written
    /// ([`State::shard_layout`]).
    pub(super) fn write_shards(
        &mut self,
        keys: &[String],
        changes: &ShardChanges,
    ) -> Vec<(String, String)> {
        let laid: Vec<LaidOut> = keys
            .par_iter()
            .map(|key| self.shard_files(key, changes))
            .collect();
        let mut files = Vec::new();
        for (key, shard) in keys.iter().zip(laid) {
            for id in shard.shown {
                self.best_in.entry(id).or_default().insert(key.clone());
            }
            self.chunks.insert(key.clone(), shard.chunks);
            self.dictionaries.insert(key.clone(), shard.dictionary);
            files.extend(shard.files);
        }
        files
    }

    /// The dictionary file of one shard (`t/<key>`) and those of its
    /// postings chunks (`p/<key>-<n>`) that differ from the files last
    /// written: a chunk whose terms are the same, with postings not
    /// re-encoded, whose best documents are not among the resummarized,
    /// is as it was (and its best documents are noted already). Chunks are
    /// numbered within the shard, so that a change to one shard renumbers
    /// no other.
    fn shard_files(&self, key: &str, changes: &ShardChanges) -> LaidOut {
        let written = self.dictionaries.get(key);
        let ShardLayout { dictionary, chunks } = self.shard_layout(key, written, changes.terms);
        let before = self.chunks.get(key).map_or(&[][..], Vec::as_slice);
        let mut files = Vec::new();
        let mut shown = BTreeSet::new();
        for (n, terms) in chunks.iter().enumerate() {
            let same = before.get(n) == Some(terms)
                && !terms.iter().any(|id| changes.reencoded.contains(id))
                && !self.chunk_shows_any(terms, changes.resummarized);
            if same {
                continue;
            }
            let best = self.chunk_best(terms);
            files.push(index_file(
                &format!("p/{key}-{n}"),
                &self.chunk_json(terms, &best),
            ));
            shown.extend(best);
        }
        files.push(index_file(&format!("t/{key}"), &dictionary.text));
        LaidOut {
            files,
            chunks,
            shown,
            dictionary,
        }
    }

    /// A file of results (`d/<n>`): what [`DOC_SHARD`] numbers show;
    /// `None` when all of them are free (no result is looked up there).
    pub(super) fn result_shard(&self, n: usize) -> Option<(String, String)> {
        if n * DOC_SHARD >= self.summaries.len() {
            return None;
        }
        let end = ((n + 1) * DOC_SHARD).min(self.summaries.len());
        let summaries = &self.summaries[n * DOC_SHARD..end];
        if summaries.iter().all(|s| s == "null") {
            return None;
        }
        let shard = summaries.join(",");
        Some(index_file(&format!("d/{n}"), &format!("[{shard}]")))
    }

    /// For a shard of words, the shards of pairs whose first stem has its
    /// key, as their groups of second letters (`"ag"` for `op.a` and
    /// `op.g`): its last entry, `["N", "ag"]`, so that a query loads only
    /// pair shards that exist.
    pub(super) fn pair_shards_of(&self, key: &str) -> Option<String> {
        if key.contains('.') {
            return None;
        }
        let prefix = format!("{key}.");
        let pairs = self.shards.range(prefix.clone()..);
        let letters: String = pairs.map_while(|(k, _)| k.strip_prefix(&prefix)).collect();
        (!letters.is_empty()).then_some(letters)
    }

    /// The documents whose results a chunk carries: its terms' best.
    pub(super) fn chunk_best(&self, terms: &[u32]) -> BTreeSet<u32> {
        self.chunk_best_documents(terms).collect()
    }

    /// Does a chunk show any of `documents` among its terms' best?
    fn chunk_shows_any(&self, terms: &[u32], documents: &BTreeSet<u32>) -> bool {
        !documents.is_empty()
            && self
                .chunk_best_documents(terms)
                .any(|n| documents.contains(&n))
    }

    /// The best documents of a chunk's terms, each as often as it is best.
    fn chunk_best_documents<'a>(&'a self, terms: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
        terms
            .iter()
            .filter_map(|id| self.encoded[*id as usize].as_ref())
            .flat_map(|(_, best)| best.iter().copied())
    }

    /// `{"d": {document: summary}, "p": {term: postings}}`, the summaries
    /// as kept (compact JSON).
    pub(super) fn chunk_json(&self, terms: &[u32], best: &BTreeSet<u32>) -> String {
        // Keyed by the number as a string, in the order of the strings.
        let mut docs: Vec<(String, &str)> = best
            .iter()
            .map(|id| (id.to_string(), self.summaries[*id as usize].as_str()))
            .collect();
        docs.sort_unstable();
        let mut postings: Vec<(&str, &str)> = terms
            .iter()
            .filter_map(|id| {
                let (encoded, _) = self.encoded[*id as usize].as_ref()?;
                Some((self.terms[*id as usize].as_str(), encoded.as_str()))
            })
            .collect();
        postings.sort_unstable();
        let bytes: usize = postings.iter().map(|(t, e)| t.len() + e.len() + 6).sum();
        let mut out = String::with_capacity(bytes + docs.len() * 200 + 16);
        out.push_str("{\"d\":{");
        for (i, (id, summary)) in docs.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(out, "\"{id}\":{summary}");
        }
        out.push_str("},\"p\":{");
        for (i, (term, encoded)) in postings.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            // Encoded postings are number digits, base 64 and `~:|`: nothing
            // to escape.
            debug_assert!(!encoded.contains(['"', '\\']));
            push_json_string(&mut out, term);
            let _ = write!(out, ":\"{encoded}\"");
        }
        out.push_str("}}");
        out
    }

    /// `meta.js`: what exists, and the labels.
    pub(super) fn meta_json(&self) -> Value {
        let mut meta = self.meta.clone();
        // The shards of words: those of pairs are listed in them.
        let words: Vec<&String> = self.shards.keys().filter(|k| !k.contains('.')).collect();
        meta["shards"] = json!(words);
        meta["facets"] = json!(self.facet_file_names());
        let years: BTreeSet<u16> = self.case_at.values().map(|k| k.year).collect();
        meta["caseYears"] = json!(years);
        // The registers cases are kept in (`ks` of `ks-2019-196`), so that
        // the search page tells a register written before a diarienummer
        // from a word.
        let registries: BTreeSet<&str> = (self.case_at.values())
            .filter_map(|k| k.slug.split_once('-').map(|(registry, _)| registry))
            .filter(|registry| registry.starts_with(|c: char| c.is_alphabetic()))
            .collect();
        meta["caseRegistries"] = json!(registries);
        let files: Vec<String> = self
            .paragraph_hundreds()
            .into_iter()
            .map(|hundred| self.paragraph_file(hundred))
            .collect();
        meta["paragraphFiles"] = json!(files);
        meta
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_documents_are_title_matches_then_the_newest() {
        let list: Vec<Posting> = (1..=30).map(|n| Posting::new(n, n % 7 == 0)).collect();
        let titled = title_matches(&list);
        // Four title matches, newest first, then the newest others.
        assert_eq!(
            best_documents(&list, &titled),
            [28, 21, 14, 7, 30, 29, 27, 26, 25, 24]
        );
        // Ten or more title matches: the others are not looked at.
        let all: Vec<Posting> = (1..=12).map(|n| Posting::new(n, true)).collect();
        assert_eq!(
            best_documents(&all, &title_matches(&all)),
            [12, 11, 10, 9, 8, 7, 6, 5, 4, 3]
        );
    }

    #[test]
    fn dictionary_strings_are_written_as_serde_json_writes_them() {
        for text in ["skola", "förskola", "a\"b", "c\\d", "e\u{1}f"] {
            let mut out = String::new();
            push_json_string(&mut out, text);
            assert_eq!(out, json!(text).to_string());
        }
    }

    #[test]
    fn rice_codes_gaps_in_unary_and_k_low_bits() {
        // 3, 5 and 9: gaps less one of 1 and 3, with k = 1: `0 1` and
        // `10 1`, bits 0, 1, 1, 0, 1 from the lowest (22).
        let ids: &[u32] = &[3, 5, 9];
        let mut out = String::new();
        push_rice(&mut out, ids, 1);
        assert_eq!(out, "^133Fg==");
        assert_eq!(base64(&[22]), "Fg==");
        // One document in four: k = 1 (mean gap 3), a quotient of one and
        // a bit each.
        let every: Vec<u32> = (0..100).map(|i| i * 4).collect();
        let Set { form, len } = Set::of(every.as_slice());
        assert!(matches!(form, Form::Rice { k: 1 }));
        let mut out = String::new();
        push_rice(&mut out, every.as_slice(), 1);
        assert_eq!(out.len(), len);
    }

    /// The bits of `push_rice`, written one at a time.
    fn rice_bits_one_by_one(ids: &[u32], k: u32) -> Vec<u8> {
        let mut bits: Vec<bool> = Vec::new();
        for gap in ids.gaps() {
            bits.extend(std::iter::repeat_n(true, (gap >> k) as usize));
            bits.push(false);
            bits.extend((0..k).map(|b| gap >> b & 1 == 1));
        }
        let byte = |chunk: &[bool]| {
            (chunk.iter().enumerate()).fold(0u8, |b, (i, on)| b | u8::from(*on) << i)
        };
        bits.chunks(8).map(byte).collect()
    }

    #[test]
    fn rice_coded_sets_of_thousands_of_numbers_keep_every_bit() {
        // Gaps of every size, long quotients among them, so that the bits
        // fill many words and cross their ends at every place.
        let mut ids = vec![7u32];
        for i in 0..5_000u32 {
            let gap = match i % 97 {
                0 => 1_000 + i,
                n if n % 5 == 0 => 1,
                n => n * 3 + i % 11,
            };
            ids.push(ids.last().unwrap() + gap);
        }
        for k in [0, 1, 3, 5, 9] {
            let mut out = String::new();
            push_rice(&mut out, ids.as_slice(), k);
            let mut header = String::new();
            for n in [k, ids.len() as u32, ids[0]] {
                push_number(&mut header, n);
            }
            let expected = format!("^{header}{}", base64(&rice_bits_one_by_one(&ids, k)));
            assert_eq!(out, expected, "k = {k}");
        }
    }
}
