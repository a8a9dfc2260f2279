//! A dictionary shard (`t/<key>.js`) laid out: each of its terms' entries,
//! and the postings chunks (`p/<key>-<n>.js`) its frequent terms go in.
//!
//! The index keeps each shard's dictionary as last written ([`Written`]),
//! and an edit writes again only the entries of the terms it changed; the
//! others are copied as they were. A paragraph made confidential changes
//! some 300 to 500 terms in 130 to 180 shards, which hold 33 000 to
//! 46 000 terms between them (pairs of stems, mostly): each entry written
//! anew looks its term up in three lists of millions, which was three
//! quarters of laying the shards out.

use std::fmt::Write as _;

use rustc_hash::FxHashMap;

use super::*;

/// A shard's dictionary as written: its JSON, and where each of its terms'
/// entries ends in it.
#[derive(Default, Debug)]
pub(super) struct Written {
    pub(super) text: String,
    entries: Vec<Entry>,
}

/// A term's entry in a written dictionary: the term, the byte after its
/// `]`, and whether it ends with the number of the term's postings chunk
/// (`["S","skol",412,3]`) rather than with its postings or stem.
#[derive(Clone, Copy, Debug)]
struct Entry {
    id: u32,
    end: u32,
    chunked: bool,
}

/// A shard laid out: its dictionary, and the terms of each of its chunks.
pub(super) struct ShardLayout {
    pub(super) dictionary: Written,
    pub(super) chunks: Vec<Vec<u32>>,
}

/// Postings of neighbouring frequent terms, packed into one file with what
/// their best documents show: the terms, by id, and the characters of
/// their postings and results.
#[derive(Default)]
struct Chunk {
    terms: Vec<u32>,
    bytes: usize,
}

impl Chunk {
    /// Would a term of `bytes` take this chunk (not empty) past
    /// [`CHUNK_BYTES`]?
    fn would_overflow(&self, bytes: usize) -> bool {
        !self.terms.is_empty() && self.bytes + bytes > CHUNK_BYTES
    }
}

/// The chunks of a shard as its terms are laid out one after the other.
#[derive(Default)]
struct Chunks {
    done: Vec<Vec<u32>>,
    open: Chunk,
}

impl Chunks {
    /// Put a term of `bytes` in the open chunk, or in a new one when it
    /// would take the open one past its size (a query loads little beside
    /// what it needs, and a large term loads nothing else with it); returns
    /// the chunk's number.
    fn place(&mut self, id: u32, bytes: usize) -> usize {
        if self.open.would_overflow(bytes) {
            self.done.push(std::mem::take(&mut self.open).terms);
        }
        self.open.terms.push(id);
        self.open.bytes += bytes;
        self.done.len()
    }

    fn finish(mut self) -> Vec<Vec<u32>> {
        if !self.open.terms.is_empty() {
            self.done.push(self.open.terms);
        }
        self.done
    }
}

/// The entries of a shard as last written, found by term: in the order
/// they were written, which an edit keeps but for the terms that came or
/// went.
struct Previous<'a> {
    written: &'a Written,
    next: usize,
    by_term: Option<FxHashMap<u32, usize>>,
}

impl<'a> Previous<'a> {
    fn new(written: &'a Written) -> Previous<'a> {
        Previous {
            written,
            next: 0,
            by_term: None,
        }
    }

    /// A term's entry as written, and whether it ends with its chunk's
    /// number.
    fn entry(&mut self, id: u32) -> Option<(&'a str, bool)> {
        let entries = &self.written.entries;
        let at = match entries.get(self.next) {
            Some(e) if e.id == id => self.next,
            // Out of step, as terms came or went: look the term up.
            _ => {
                let by_term = self.by_term.get_or_insert_with(|| {
                    (entries.iter().enumerate())
                        .map(|(i, e)| (e.id, i))
                        .collect()
                });
                *by_term.get(&id)?
            }
        };
        self.next = at + 1;
        // The first entry starts after `[`, the others after a `,`.
        let start = match at {
            0 => 1,
            _ => entries[at - 1].end as usize + 1,
        };
        let entry = &entries[at];
        Some((&self.written.text[start..entry.end as usize], entry.chunked))
    }
}

impl State {
    /// A shard's dictionary and the terms of each of its chunks. The
    /// entries of `before` (the shard as last written) are taken as they
    /// were for the terms not `changed` (whose postings, and so counts, or
    /// compound parts are the same), with their chunk's number written
    /// again.
    pub(super) fn shard_layout(
        &self,
        key: &str,
        before: Option<&Written>,
        changed: &HashSet<u32>,
    ) -> ShardLayout {
        // In the dictionary's order ([`State::dictionary_order`]).
        let terms = &self.shards[key];
        let mut previous = before.map(Previous::new);
        let mut chunks = Chunks::default();
        let mut entries = Vec::with_capacity(terms.len());
        let capacity = before.map_or(terms.len() * 24, |b| b.text.len());
        let mut out = String::with_capacity(capacity + 16);
        out.push('[');
        for &id in terms {
            if out.len() > 1 {
                out.push(',');
            }
            // Looked up even when changed, to keep in step with `before`.
            let kept = (previous.as_mut())
                .and_then(|p| p.entry(id))
                .filter(|_| !changed.contains(&id));
            let chunked = match kept {
                Some((entry, false)) => {
                    out.push_str(entry);
                    false
                }
                Some((entry, true)) => {
                    // `[kind,word,count` as it was, then its chunk now.
                    let (head, _) = entry.rsplit_once(',').expect("a chunk's number");
                    out.push_str(head);
                    self.push_chunk(id, &mut chunks, &mut out);
                    true
                }
                None => self.push_entry(id, &mut chunks, &mut out),
            };
            let end = u32::try_from(out.len()).expect("a shard under 4 GB");
            entries.push(Entry { id, end, chunked });
        }
        if let Some(letters) = self.pair_shards_of(key) {
            if out.len() > 1 {
                out.push(',');
            }
            out.push_str("[\"N\",");
            push_json_string(&mut out, &letters);
            out.push(']');
        }
        out.push(']');
        let layout = ShardLayout {
            dictionary: Written { text: out, entries },
            chunks: chunks.finish(),
        };
        // The tests' builds check what was kept against a layout anew.
        #[cfg(debug_assertions)]
        if before.is_some() {
            let anew = self.shard_layout(key, None, changed);
            assert_eq!(layout.dictionary.text, anew.dictionary.text, "t/{key}");
            assert_eq!(layout.chunks, anew.chunks, "the chunks of t/{key}");
        }
        layout
    }

    /// Write a term's entry, `[kind, word, count, …]`: a word's stem (when
    /// it is not the word itself, or the word is a compound) and parts,
    /// short postings themselves, or the number of the chunk that holds
    /// longer ones. Returns whether it is that number.
    fn push_entry(&self, id: u32, chunks: &mut Chunks, out: &mut String) -> bool {
        let term = &self.terms[id as usize];
        let count = self.postings[id as usize].len();
        let (kind, word) = term.split_at(1);
        out.push('[');
        push_json_string(out, kind);
        out.push(',');
        push_json_string(out, word);
        let _ = write!(out, ",{count}");
        if !has_postings_file(term) {
            let stem = text::stem(word);
            let parts = self.parts_of(id);
            if stem != word || parts.is_some() {
                out.push(',');
                push_json_string(out, &stem);
            }
            // A compound's parts (see [`super::compound`]).
            if let Some(parts) = parts {
                let _ = write!(out, ",{}", json!(parts));
            }
            out.push(']');
            return false;
        }
        if count <= inline_postings(term) {
            let (encoded, _) = self.encoded(id);
            // Encoded postings have nothing to escape.
            let _ = write!(out, ",\"{encoded}\"]");
            return false;
        }
        self.push_chunk(id, chunks, out);
        true
    }

    /// Place a term with a postings file in its chunk, and write the
    /// chunk's number and the end of its entry, `,<n>]`.
    fn push_chunk(&self, id: u32, chunks: &mut Chunks, out: &mut String) {
        // What the term brings to its chunk: its postings and its best
        // documents' results.
        let (encoded, best) = self.encoded(id);
        let shown: usize = best.iter().map(|n| self.summaries[*n as usize].len()).sum();
        let n = chunks.place(id, encoded.len() + shown);
        let _ = write!(out, ",{n}]");
    }

    /// A term's postings as encoded, and its best documents.
    fn encoded(&self, id: u32) -> &Encoded {
        match &self.encoded[id as usize] {
            Some(encoded) => encoded,
            None => {
                unreachable!("every term with postings is encoded before its shard is laid out")
            }
        }
    }
}
