//! Swedish text for search: words, their Snowball stems, and forms typed
//! without å, ä and ö.

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

/// Words too common to help find anything (Snowball's Swedish stop words):
/// never indexed, and skipped in a query (`meta.js` lists them).
pub const STOP_WORDS: &[&str] = &[
    "alla", "allt", "att", "av", "blev", "bli", "blir", "blivit", "de", "dem", "den", "denna",
    "deras", "dess", "dessa", "det", "detta", "dig", "din", "dina", "ditt", "du", "där", "då",
    "efter", "ej", "eller", "en", "er", "era", "ert", "ett", "från", "för", "ha", "hade", "han",
    "hans", "har", "henne", "hennes", "hon", "honom", "hur", "här", "i", "icke", "ingen", "inom",
    "inte", "jag", "ju", "kan", "kunde", "man", "med", "mellan", "men", "mig", "min", "mina",
    "mitt", "mot", "mycket", "ni", "nu", "när", "någon", "något", "några", "och", "om", "oss",
    "på", "samma", "sedan", "sig", "sin", "sina", "sitta", "själv", "skulle", "som", "så", "sådan",
    "sådana", "sådant", "till", "under", "upp", "ut", "utan", "vad", "var", "vara", "varför",
    "varit", "varje", "vars", "vart", "vem", "vi", "vid", "vilka", "vilkas", "vilken", "vilket",
    "vår", "våra", "vårt", "än", "är", "åt", "över",
];

/// Each word of a text that the index keeps, lower case, with its
/// Snowball stem: stop words and single letters are left out, numbers
/// kept. What a word gives is remembered on each thread (a portal's words
/// recur in every text), so a word seen before costs one look-up and no
/// allocation; `note` must not read words itself, as it is called while
/// that memory is lent out.
pub fn each_word(text: &str, mut note: impl FnMut(&str, &str)) {
    /// Words remembered on a thread at most; then it starts over, so a
    /// preview running for days does not grow with every word it saw.
    const REMEMBERED: usize = 1 << 18;
    thread_local! {
        /// A word's stem, or `None` for a word that is not indexed.
        static STEMS: std::cell::RefCell<rustc_hash::FxHashMap<String, Option<String>>> =
            Default::default();
    }
    STEMS.with_borrow_mut(|stems| {
        let mut lower = String::new();
        for raw in text.split(|c: char| !c.is_alphanumeric()) {
            if raw.is_empty() {
                continue;
            }
            let word = lower_case(raw, &mut lower);
            match stems.get(word) {
                Some(Some(stem)) => note(word, stem),
                Some(None) => {}
                None => {
                    if stems.len() >= REMEMBERED {
                        stems.clear();
                    }
                    let stem = is_indexed(word).then(|| stem(word));
                    if let Some(stem) = &stem {
                        note(word, stem);
                    }
                    stems.insert(word.to_owned(), stem);
                }
            }
        }
    });
}

/// `word` in lower case: itself when it is already, else written into
/// `buffer` (as `str::to_lowercase` writes it).
fn lower_case<'a>(word: &'a str, buffer: &'a mut String) -> &'a str {
    let unchanged = |c: char| match c.is_ascii() {
        true => !c.is_ascii_uppercase(),
        false => {
            let mut lower = c.to_lowercase();
            lower.next() == Some(c) && lower.next().is_none()
        }
    };
    if word.chars().all(unchanged) {
        word
    } else {
        *buffer = word.to_lowercase();
        buffer
    }
}

/// Does the index keep this lower-case word: a number, or a word of two
/// letters or more that is not a stop word?
fn is_indexed(word: &str) -> bool {
    (word.chars().count() > 1 || word.chars().all(|c| c.is_ascii_digit())) && !is_stop_word(word)
}

/// Is `word` (lower case) one of [`STOP_WORDS`]? They are in byte order.
fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// The Snowball Swedish stem of a lower-case word.
pub fn stem(word: &str) -> String {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER
        .get_or_init(|| Stemmer::create(Algorithm::Swedish))
        .stem(word)
        .into_owned()
}

/// The word as typed without diacritics: `öppna` → `oppna`.
pub fn fold(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' => 'u',
            c => c,
        })
        .collect()
}

/// Which dictionary shard a term belongs to: its first two characters,
/// folded, as a file-name-safe key.
pub fn shard_key(term: &str) -> String {
    fold(term)
        .chars()
        .take(2)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// The group of second letters whose pairs share a pair shard: `t/op.a`
/// holds the pairs of `op…` and a word, `t/op.0` those of `op…` and a
/// number (or another sign). Two groups rather than a shard per letter,
/// as most would be a few hundred bytes. But the pairs of a year (its key
/// `19` or `20`) and a number are grouped by the number's first digit
/// (`t/19.3` holds `1984 347`, from `KS 1984/347`): a year's pairs with
/// the numbers after it are a megabyte at 100 000 paragraphs, laid out
/// again by every edit of a paragraph with a diarienummer. search.js
/// groups alike (`pairGroup`).
pub fn pair_group(first_key: &str, letter: char) -> char {
    match letter {
        'a'..='z' => 'a',
        '0'..='9' if matches!(first_key, "19" | "20") => letter,
        _ => '0',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_stems_and_folds() {
        let words = [
            "motion",
            "öppna",
            "data",
            "63",
            "ks",
            "2018",
            "71",
            "ärendena",
        ];
        for _ in 0..2 {
            let mut seen = Vec::new();
            each_word(
                "Motion om att Öppna DATA, § 63 och KS 2018/71 i Ärendena",
                |word, s| {
                    assert_eq!(s, stem(word), "{word}");
                    seen.push(word.to_owned());
                },
            );
            assert_eq!(seen, words);
        }
        assert_eq!(stem("motionen"), "motion");
        assert_eq!(stem("motioner"), "motion");
        assert_eq!(stem("digitaliseringsstrategier"), "digitaliseringsstrategi");
        assert_eq!(fold("öppna"), "oppna");
        assert_eq!(shard_key("öppna"), "op");
        assert_eq!(shard_key("x"), "x");
        let groups =
            |first: &str| -> String { "abmz039_".chars().map(|c| pair_group(first, c)).collect() };
        assert_eq!(groups("op"), "aaaa0000");
        assert_eq!(groups("19"), "aaaa0390");
        assert_eq!(groups("20"), "aaaa0390");
        assert_eq!(groups("18"), "aaaa0000");
    }

    #[test]
    fn stop_words_are_in_byte_order_and_found() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS.iter().all(|w| is_stop_word(w)));
        assert!(!is_stop_word("motion"));
    }
}
