//! Every output well-formed for any input: the base portal with its titles,
//! places, lists and texts mutated by a seeded generator (XML and CSV
//! specials, control characters written raw and as YAML escapes,
//! non-characters, line separators, a byte-order mark, formulas). Each
//! build either succeeds, and then every XML, JSON, CSV and ICS file it
//! wrote parses, or fails with exit code 1 and every error located at a
//! file and line.

use std::path::Path;

use crate::util::{snapshot, Portal};

/// Pieces a mutated value is made of: ordinary text, and what breaks
/// formats that are written carelessly.
const PIECES: &[&str] = &[
    "Budget",
    "Årsredovisning",
    "<b>",
    "&amp;",
    "]]>",
    "\"",
    "'",
    ",",
    ";",
    "\\",
    "=SUMMA(A1)",
    "+46",
    "BEGIN:VEVENT",
    "\r",
    "\t",
    "\u{85}",
    "\u{2028}",
    "\u{202e}",
    "\u{feff}",
    "😀",
    "ﷺ",
    "&#1;",
    "&#x10;",
    "&#xFFFF;",
];

/// What no XML, calendar or CSV file may carry, now and then among them.
const REFUSED: &[&str] = &["\u{0}", "\u{1}", "\u{10}", "\u{1b}[31m", "\u{fffe}"];

/// A small, seeded generator (xorshift), so a failing round can be run again.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as usize
    }

    fn text(&mut self) -> String {
        let n = 1 + self.next() % 5;
        let mut text: String = (0..n).map(|_| PIECES[self.next() % PIECES.len()]).collect();
        if self.next() % 40 == 0 {
            text.push_str(REFUSED[self.next() % REFUSED.len()]);
        }
        text
    }

    /// A YAML double-quoted string holding `text`: JSON's escapes are YAML's.
    fn yaml(&mut self) -> String {
        serde_json::to_string(&self.text()).unwrap()
    }
}

fn mutate(portal: &Portal, rng: &mut Rng) {
    let meeting = portal.content().join("meetings/2020/2020-02-03-ks");
    let paragraph = format!(
        "---\nparagraph: 1\ntitle: {}\ncase: \"2020/5-041\"\ndecision: proposed\nsent_to: [{}]\ntags: [{}]\ndocuments:\n  - title: {}\n---\n{}\n\n{}\n",
        rng.yaml(),
        rng.yaml(),
        rng.yaml(),
        rng.yaml(),
        rng.text(),
        rng.text(),
    );
    std::fs::write(meeting.join("001-budget.md"), paragraph).unwrap();
    let index = format!(
        "---\nbody: ks\ndate: 2020-02-03\ntime: \"09:00\"\nlocation: {}\nstatus: minutes\n---\n{}\n",
        rng.yaml(),
        rng.text()
    );
    std::fs::write(meeting.join("index.md"), index).unwrap();
    let case = format!(
        "---\ncase: \"2020/5\"\ntitle: {}\n---\n{}\n",
        rng.yaml(),
        rng.text()
    );
    std::fs::write(portal.content().join("cases/2020-5.md"), case).unwrap();
}

/// Why a built file does not parse in its format, if it does not.
fn malformed(name: &str, bytes: &[u8]) -> Option<String> {
    let text = || std::str::from_utf8(bytes).map_err(|e| e.to_string());
    let problem = match Path::new(name).extension()?.to_str()? {
        "xml" => text().and_then(|t| {
            roxmltree::Document::parse(t)
                .map(drop)
                .map_err(|e| e.to_string())
        }),
        "json" => serde_json::from_slice::<serde_json::Value>(bytes)
            .map(drop)
            .map_err(|e| e.to_string()),
        "csv" => csv::Reader::from_reader(bytes)
            .records()
            .try_for_each(|r| r.map(drop))
            .map_err(|e| e.to_string()),
        "ics" => text().and_then(|t| t.parse::<icalendar::Calendar>().map(drop)),
        _ => Ok(()),
    };
    problem.err()
}

#[test]
fn every_xml_json_csv_and_ics_file_parses_whatever_the_content_holds() {
    let (mut built, mut refused) = (0, 0);
    // 14 in the tests; `INSYN_FUZZ_SEEDS=1000` for a longer run.
    let seeds = std::env::var("INSYN_FUZZ_SEEDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(14u64);
    for seed in 1..=seeds {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ seed.wrapping_mul(0x2545_f491_4f6c_dd1d));
        let portal = Portal::from_fixture("base");
        mutate(&portal, &mut rng);
        let run = portal.build();
        match run.code {
            0 => {
                built += 1;
                for (name, bytes) in snapshot(&portal.output()) {
                    if let Some(problem) = malformed(&name, &bytes) {
                        panic!("seed {seed}: {name} does not parse: {problem}");
                    }
                }
            }
            1 => {
                refused += 1;
                let lines: Vec<&str> = run.stderr.lines().collect();
                let errors: Vec<usize> = (0..lines.len())
                    .filter(|&i| lines[i].starts_with("fel: "))
                    .collect();
                assert!(
                    !errors.is_empty(),
                    "seed {seed}: no error said:\n{}",
                    run.stderr
                );
                for i in errors {
                    let at = lines.get(i + 1).copied().unwrap_or_default();
                    assert!(
                        at.contains("--> ") && at.contains(".md:"),
                        "seed {seed}: an error without a file and line:\n{}",
                        run.stderr
                    );
                }
            }
            code => panic!("seed {seed}: exit code {code}\n{}", run.stderr),
        }
    }
    // The generator makes both kinds of content.
    assert!(built > 0 && refused > 0, "built {built}, refused {refused}");
}
