//! The search index as the client reads it: the files under `sok/index/`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::util::{corpus_2000, visible_text, Portal};

/// The data of one index file (`__insynSearch.add("name", data);`).
fn index_file(output: &Path, name: &str) -> Value {
    let path = output.join(format!("sok/index/{name}.js"));
    let script = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let prefix = format!("__insynSearch.add({},", Value::from(name));
    let data = script
        .strip_prefix(&prefix)
        .and_then(|rest| rest.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("{name} is not an index script"));
    serde_json::from_str(data).unwrap()
}

/// Numbers as the index writes them in postings: five bits a character
/// from `0-9a-zA-Z-_`, highest first, every character but a number's last
/// from the upper half.
fn numbers(encoded: &str) -> Vec<u64> {
    const DIGITS: &str = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
    let mut out = Vec::new();
    let mut n = 0;
    for c in encoded.chars() {
        let digit = DIGITS
            .find(c)
            .unwrap_or_else(|| panic!("{c:?} in {encoded}")) as u64;
        if digit < 32 {
            out.push(n * 32 + digit);
            n = 0;
        } else {
            n = n * 32 + digit - 32;
        }
    }
    assert_eq!(n, 0, "{encoded} ends inside a number");
    out
}

/// A Rice-coded set after its `^`: k, how many numbers and the first, then
/// in base 64 each gap less one in unary (ones, then a zero) and its k low
/// bits, bits from the lowest of each byte.
fn rice(encoded: &str) -> Vec<u64> {
    use base64::Engine;
    // The three numbers of the header end at the third digit below 32.
    const DIGITS: &str = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
    let ends: Vec<usize> = (encoded.char_indices())
        .filter(|(_, c)| DIGITS.find(*c).unwrap() < 32)
        .map(|(i, _)| i + 1)
        .take(3)
        .collect();
    let head = numbers(&encoded[..ends[2]]);
    let (k, count, first) = (head[0], head[1] as usize, head[2]);
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(&encoded[ends[2]..])
        .unwrap();
    let bit = |at: usize| u64::from(bytes[at / 8] >> (at % 8) & 1);
    let (mut ids, mut at) = (vec![first], 0);
    while ids.len() < count {
        let mut gap = 0;
        while bit(at) == 1 {
            gap += 1 << k;
            at += 1;
        }
        at += 1;
        for b in 0..k {
            gap += bit(at) << b;
            at += 1;
        }
        ids.push(ids.last().unwrap() + gap + 1);
    }
    ids
}

/// Postings as the client decodes them: gaps times two, plus one for a
/// title match, or `~` and a set ([`set_ids`]), then `|` and the title
/// matches' gaps.
fn decode(postings: &str) -> Vec<(u64, bool)> {
    let mut id = 0;
    let Some(bitmap) = postings.strip_prefix('~') else {
        return numbers(postings)
            .into_iter()
            .map(|n| {
                id += n >> 1;
                (id, n & 1 == 1)
            })
            .collect();
    };
    let (bits, titles) = bitmap.split_once('|').unwrap();
    let titles: Vec<u64> = numbers(titles)
        .into_iter()
        .map(|g| {
            id += g;
            id
        })
        .collect();
    let ids = set_ids(bits);
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{bits}: in order");
    ids.into_iter()
        .map(|id| (id, titles.contains(&id)))
        .collect()
}

/// The documents of a set: `=` and runs out of it and in it, `^` and
/// Rice-coded gaps, or a bitmap (its first byte in base 36, `:`, its
/// bytes in base 64); a long set in segments, each a set, `;` between.
fn set_ids(bits: &str) -> Vec<u64> {
    if bits.contains(';') {
        return bits.split(';').flat_map(set_ids).collect();
    }
    use base64::Engine;
    match bits.strip_prefix('=') {
        None if bits.starts_with('^') => rice(&bits[1..]),
        // Runs out of the set and in it, from 0.
        Some(runs) => {
            let mut at = 0;
            let mut ids = Vec::new();
            for (i, run) in numbers(runs).into_iter().enumerate() {
                if i % 2 == 1 {
                    ids.extend(at..at + run);
                }
                at += run;
            }
            ids
        }
        None => {
            let (first, bytes) = bits.split_once(':').unwrap();
            let first = u64::from_str_radix(first, 36).unwrap() * 8;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(bytes)
                .unwrap();
            (bytes.iter().enumerate())
                .flat_map(|(i, byte)| {
                    (0..8u64)
                        .filter(move |b| byte & (1 << b) != 0)
                        .map(move |b| first + i as u64 * 8 + b)
                })
                .collect()
        }
    }
}

#[test]
fn frequent_terms_ship_their_first_page_of_results_with_their_postings() {
    let output = corpus_2000().portal.output();
    let meta = index_file(&output, "meta");
    let shard_size = meta["docShard"].as_u64().unwrap();
    let mut chunks: BTreeMap<String, Value> = BTreeMap::new();
    let mut frequent = 0;
    let mut forms: BTreeMap<&str, usize> = BTreeMap::new();
    for key in meta["shards"].as_array().unwrap() {
        let key = key.as_str().unwrap();
        let dictionary = index_file(&output, &format!("t/{key}"));
        for entry in dictionary.as_array().unwrap() {
            let Some(chunk_number) = entry[3].as_u64() else {
                continue;
            };
            frequent += 1;
            let name = format!("p/{key}-{chunk_number}");
            let chunk = chunks
                .entry(name.clone())
                .or_insert_with(|| index_file(&output, &name));
            let term = format!(
                "{}{}",
                entry[0].as_str().unwrap(),
                entry[1].as_str().unwrap()
            );
            let encoded = chunk["p"][&term].as_str().unwrap();
            let form = match encoded.strip_prefix('~').map(|set| &set[..1]) {
                None => "gaps",
                Some(_) if encoded.contains(';') => "segments",
                Some("^") => "rice",
                Some("=") => "runs",
                Some(_) => "bitmap",
            };
            *forms.entry(form).or_default() += 1;
            let postings = decode(encoded);
            let count = entry[2].as_u64().unwrap() as usize;
            assert_eq!(postings.len(), count, "{term}: every posting is kept");
            // A compound's part ships without results: a query loads it
            // beside the stem's.
            if term.starts_with('C') {
                continue;
            }
            // The term's own first page: title matches, then newest.
            let mut ranked = postings.clone();
            ranked.sort_by_key(|(id, title)| (!title, std::cmp::Reverse(*id)));
            for (id, _) in ranked.into_iter().take(10) {
                let shown = &chunk["d"][id.to_string()];
                let shard = index_file(&output, &format!("d/{}", id / shard_size));
                assert_eq!(
                    shown,
                    &shard[(id % shard_size) as usize],
                    "{term}: result {id} in {name} differs from its result shard"
                );
            }
        }
    }
    assert!(frequent > 100, "only {frequent} terms have postings files");
    assert!(
        forms.get("gaps") > Some(&0) && forms.get("rice") > Some(&0),
        "rare terms are gaps, common ones Rice-coded sets: {forms:?}"
    );
    // The commonest, over more than 4 096 numbers, are written in
    // segments (decoded above like any set).
    assert!(forms.get("segments") > Some(&0), "{forms:?}");
    assert!(
        chunks.len() < frequent,
        "neighbouring terms share postings files"
    );
}

#[test]
fn a_confidential_paragraph_is_found_by_its_number_and_shows_only_the_notice() {
    let portal = Portal::with_overlay("confidential");
    portal.build().success();
    let output = portal.output();
    let shard_size = index_file(&output, "meta")["docShard"].as_u64().unwrap();
    let numbers = index_file(&output, "i/p-ks-0");
    let results: Vec<Value> = numbers["2"]
        .as_array()
        .expect("§ 2 of Ks is looked up by its number")
        .iter()
        .map(|id| {
            let id = id.as_u64().unwrap();
            index_file(&output, &format!("d/{}", id / shard_size))[(id % shard_size) as usize]
                .clone()
        })
        .collect();
    let result = results
        .iter()
        .find(|r| {
            r[2].as_str()
                .unwrap()
                .ends_with("2020-02-03-ks/p2/index.html")
        })
        .unwrap_or_else(|| panic!("no result for the confidential § 2: {results:?}"));
    assert_eq!(result[0], "paragraph");
    assert_eq!(result[1], "Ks § 2", "its number, not its title");
    assert!(
        result[6]
            .as_str()
            .unwrap()
            .starts_with("Paragrafen omfattas av sekretess"),
        "{result}"
    );
}

#[test]
fn the_registers_of_case_numbers_are_listed_so_a_register_written_in_a_query_is_not_a_word() {
    let portal = Portal::with_overlay("agenda-and-overrides");
    portal.build().success();
    let output = portal.output();
    let meta = index_file(&output, "meta");
    // The overlay's "KS 2020/44" is kept in the register `ks`; the other
    // cases in none.
    assert_eq!(meta["caseRegistries"], serde_json::json!(["ks"]));
    let cases = index_file(&output, "i/case-2020");
    assert!(cases.get("ks-2020-44").is_some(), "{cases}");
    assert!(
        cases
            .as_object()
            .unwrap()
            .keys()
            .any(|slug| slug == "2020-5"),
        "{cases}"
    );
}

/// The values of the search page's type filter.
fn type_options(portal: &Portal) -> Vec<String> {
    let html = portal.read("sok/index.html");
    let start = html.find(r#"<select id="filter-typ""#).unwrap();
    let select = &html[start..start + html[start..].find("</select>").unwrap()];
    crate::util::attribute_values(select, "value")
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// Every result the index holds, as the client shows it.
fn all_results(output: &Path) -> Vec<Value> {
    let meta = index_file(output, "meta");
    let (docs, shard) = (
        meta["docs"].as_u64().unwrap(),
        meta["docShard"].as_u64().unwrap(),
    );
    let shards =
        (0..docs.div_ceil(shard)).filter(|n| output.join(format!("sok/index/d/{n}.js")).exists());
    shards
        .flat_map(|n| {
            index_file(output, &format!("d/{n}"))
                .as_array()
                .unwrap()
                .clone()
        })
        .filter(|r| !r.is_null())
        .collect()
}

#[test]
fn bodies_and_budget_years_are_results_of_their_own_kind_offered_where_the_portal_has_them() {
    let portal = Portal::from_fixture("base");
    portal.build().success();
    let kinds = [
        "",
        "case",
        "paragraph",
        "document",
        "meeting",
        "page",
        "body",
    ];
    assert_eq!(type_options(&portal), kinds, "no budget, no statistics");
    let results = all_results(&portal.output());
    let body = results
        .iter()
        .find(|r| r[0] == "body" && r[1] == "Kommunstyrelsen")
        .unwrap_or_else(|| panic!("the body is a result: {results:?}"));
    assert_eq!(body[2], "organ/ks/index.html");

    portal.apply_overlay("budget");
    portal.build().success();
    assert_eq!(type_options(&portal).last().unwrap(), "budget");
    let budgets: Vec<Value> = all_results(&portal.output())
        .into_iter()
        .filter(|r| r[0] == "budget")
        .collect();
    assert!(!budgets.is_empty(), "every budget year is a result");
    for budget in &budgets {
        let year = budget[1].as_str().unwrap().strip_prefix("Budget ").unwrap();
        assert_eq!(budget[2], format!("ekonomi/{year}/index.html"));
        let page = visible_text(&portal.read(&format!("ekonomi/{year}/index.html")));
        for line in budget[6].as_str().unwrap().split(", ").skip(1) {
            assert!(page.contains(line), "{line} is on the page");
        }
    }
}
