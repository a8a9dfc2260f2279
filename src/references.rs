//! References in running text to other decisions and cases: `Kf § 63`
//! (its year from the text's meeting), `Kf 2018 § 63`, `KS 2019-06-03
//! § 166`, "Kommunfullmäktige beslutade 2018-03-26, § 63", and
//! diarienummer (`Dnr 2018/71-109`, `2019/196`). [`find`] reads them out
//! of a text; [`resolve`] looks each up in the model, recording what it
//! read (so the preview renders a page again when its target comes or
//! goes); [`html`] renders a text with those the portal has as links. One
//! that cannot be told apart stays text, and [`check`] says why.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::diarienummer::CaseId;
use crate::error::{Diagnostic, Diagnostics, ErrorKind, Location};
use crate::markdown::ContentHtml;
use crate::model::{MeetingIx, ParagraphIx, Site};
use crate::render::paths::{self, href};
use crate::render::reads::{self, Key};

/// What a reference names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Reference {
    /// § `number` of a body (its abbreviation or name as written), in a
    /// year or at a meeting.
    Paragraph {
        body: String,
        when: When,
        number: u32,
    },
    Case(CaseId),
}

/// Which year's § a reference means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum When {
    /// The year of the text's own meeting.
    Context,
    Year(i32),
    Date(NaiveDate),
}

/// A reference as a text writes it: the words that become the link.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Found {
    pub written: String,
    pub reference: Reference,
}

/// The text's meeting: the day and body a `Kf § 63` is read from.
pub type Context = Option<(NaiveDate, usize)>;

/// Why a reference stays text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// The word is not a body of the portal, or the portal does not have
    /// the paragraph or case (an older decision, another register):
    /// nothing to say.
    Absent,
    /// Its words name more than one body.
    TwoBodies(Vec<String>),
    /// `Kf § 63` in a text without a meeting (a case file, a free page).
    NoYear,
    /// `Kf § 63` read in the text's year is a § of a later meeting: the
    /// text means another year's.
    Later(NaiveDate),
    /// The meeting it names has no such §.
    NotInMeeting,
}

fn paragraph_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(
            r"(?x)
            (?P<body>\p{L}[\p{L}-]*)
            (?P<filler>(?:\s+(?:beslutade|beslutat|beslut|har|även|protokoll|sammanträde|den))*)
            \s+
            (?:(?P<date>\d{4}-\d{2}-\d{2})|(?P<year>(?:19|20)\d{2}))?
            \s*,?\s*§\s*(?P<number>\d{1,4})\b",
        )
        .expect("a valid pattern")
    })
}

fn case_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        // ASCII word boundaries: a Unicode one would keep the regex from
        // its fast engine, and the digits are ASCII.
        Regex::new(r"(?-u:\b)(?:[A-Z]{1,6}\s)?(?:19|20)\d{2}\s?/\s?\d{1,6}(?:-\d+)?(?-u:\b)")
            .expect("a valid pattern")
    })
}

/// How far before a § a reference may begin ("Kommunfullmäktige beslutade
/// även 2017-10-30, § 241"), and after it end, in bytes.
const WINDOW_BEFORE: usize = 120;
const WINDOW_AFTER: usize = 12;

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The references in a piece of text, in order, with their places.
pub fn find(text: &str) -> Vec<(Range<usize>, Found)> {
    let mut out = Vec::new();
    // The patterns run only near a § or a slash: a text of the minutes
    // is long, and its references are few.
    for (at, _) in text.match_indices('§') {
        // From the start of a word, so that a body's name is whole.
        let from = floor_char_boundary(text, at.saturating_sub(WINDOW_BEFORE));
        let from = text[..from].rfind(char::is_whitespace).map_or(0, |w| w + 1);
        let to = ceil_char_boundary(text, (at + WINDOW_AFTER).min(text.len()));
        let window = &text[from..to];
        // The reference this § ends, if any.
        let mine = paragraph_pattern().captures_iter(window).find(|c| {
            c.get(0)
                .is_some_and(|m| m.start() + from <= at && at < m.end() + from)
        });
        let Some(c) = mine else { continue };
        let (Some(whole), Some(body), Some(number)) = (c.get(0), c.name("body"), c.name("number"))
        else {
            continue;
        };
        let Ok(number) = number.as_str().parse() else {
            continue;
        };
        let when = match (c.name("date"), c.name("year")) {
            (Some(d), _) => match NaiveDate::parse_from_str(d.as_str(), "%Y-%m-%d") {
                Ok(date) => When::Date(date),
                Err(_) => continue,
            },
            (_, Some(y)) => When::Year(y.as_str().parse().unwrap_or_default()),
            _ => When::Context,
        };
        // With words between the body and the date, the link is the
        // date and §: "beslutade 2018-03-26, § 63".
        let has_filler = c.name("filler").is_some_and(|f| !f.as_str().is_empty());
        let start = from
            + match c.name("date").or(c.name("year")) {
                Some(at) if has_filler => at.start(),
                _ => whole.start(),
            };
        let end = from + whole.end();
        let reference = Reference::Paragraph {
            body: body.as_str().to_owned(),
            when,
            number,
        };
        let written = text[start..end].to_owned();
        out.push((start..end, Found { written, reference }));
    }
    let mut cases_end = 0;
    for (at, _) in text.match_indices('/') {
        // `KS 2018 / 71-109`: letters, a year and a serial around it.
        let from = floor_char_boundary(text, at.saturating_sub(14)).max(cases_end);
        let to = ceil_char_boundary(text, (at + 24).min(text.len()));
        let Some(m) = case_pattern().find(&text[from..to]) else {
            continue;
        };
        let range = from + m.start()..from + m.end();
        let overlaps = (out.iter()).any(|(r, _)| r.start < range.end && range.start < r.end);
        if let (false, Some(id)) = (overlaps, CaseId::parse(m.as_str())) {
            cases_end = range.end;
            let found = Found {
                written: m.as_str().to_owned(),
                reference: Reference::Case(id),
            };
            out.push((range, found));
        }
    }
    out.sort_by_key(|(r, _)| r.start);
    out
}

/// Where a reference leads in `site` (from the site root), read from a
/// text of `context`; or why it stays text.
pub fn resolve(site: &Site, reference: &Reference, context: Context) -> Result<String, Unresolved> {
    match reference {
        Reference::Case(id) => {
            reads::record(Key::Case(&id.slug()));
            let ci = site.case_index(id).ok_or(Unresolved::Absent)?;
            Ok(href(&paths::case_dir(site, ci)))
        }
        Reference::Paragraph { body, when, number } => {
            let b = body_named(site, body)?;
            let year = match when {
                When::Date(d) => d.year(),
                When::Year(y) => *y,
                When::Context => context.ok_or(Unresolved::NoYear)?.0.year(),
            };
            reads::record(Key::Numbered(b, year, *number));
            let pi = match when {
                When::Date(d) => {
                    let mi = site.meeting_on(*d, b).ok_or(Unresolved::Absent)?;
                    site.paragraph_numbered(mi, *number)
                        .ok_or(Unresolved::NotInMeeting)?
                }
                _ => numbered(site, b, year, *number).ok_or(Unresolved::Absent)?,
            };
            let target = site.meeting_of(&site.paragraphs[pi]).date;
            if let (When::Context, Some((date, _))) = (when, context) {
                if target > date {
                    return Err(Unresolved::Later(target));
                }
            }
            if site.paragraphs[pi].confidential {
                return Err(Unresolved::Absent);
            }
            Ok(href(&paths::paragraph_dir(site, pi)))
        }
    }
}

/// The one body whose abbreviation or name (or its genitive) is `word`:
/// as written, else in any case.
fn body_named(site: &Site, word: &str) -> Result<usize, Unresolved> {
    let named = |same: &dyn Fn(&str, &str) -> bool| -> Vec<usize> {
        let bare = word.strip_suffix('s').unwrap_or(word);
        (site.bodies.iter().enumerate())
            .filter(|(_, b)| {
                same(&b.abbreviation, word) || same(&b.name, word) || same(&b.name, bare)
            })
            .map(|(i, _)| i)
            .collect()
    };
    let mut matches = named(&|a, b| a == b);
    if matches.is_empty() {
        matches = named(&|a, b| a.to_lowercase() == b.to_lowercase());
    }
    match matches.as_slice() {
        [] => Err(Unresolved::Absent),
        [one] => Ok(*one),
        more => Err(Unresolved::TwoBodies(
            more.iter().map(|b| site.bodies[*b].name.clone()).collect(),
        )),
    }
}

/// § `number` of body `b`'s year `year` (a § is used once per body and
/// year).
fn numbered(site: &Site, b: usize, year: i32, number: u32) -> Option<ParagraphIx> {
    let meetings = site.meetings_of_year(year);
    let mut of_body = MeetingIx::each(meetings).filter(|mi| site.meetings[*mi].body == b);
    of_body.find_map(|mi| site.paragraph_numbered(mi, number))
}

/// `text` as a page whose way back to the site root is `root` shows it:
/// its links, and its references that lead somewhere as links too.
pub fn html<'a>(site: &Site, text: &'a ContentHtml, root: &str, context: Context) -> Cow<'a, str> {
    let found = text.references();
    if found.is_empty() {
        return text.for_root(root);
    }
    let resolved: HashMap<Reference, String> = (found.iter())
        .filter_map(|f| {
            let to = resolve(site, &f.reference, context).ok()?;
            Some((f.reference.clone(), format!("{root}{to}")))
        })
        .collect();
    text.for_root_with(root, &resolved)
}

/// Warn about each reference that stays text although it names a body of
/// the portal, at its file and line: one that names two bodies, one
/// without a year, one that would lead to a later meeting, one whose
/// meeting has no such §.
pub fn check(site: &Site, diags: &mut Diagnostics) {
    let paragraphs = site.published_paragraphs().map(|(_, p)| {
        let m = site.meeting_of(p);
        (&p.source, &p.html, Some((m.date, m.body)))
    });
    let notes = (site.meetings.iter()).map(|m| (&m.dir, &m.notes_html, Some((m.date, m.body))));
    let cases = (site.cases.iter()).filter_map(|c| Some((c.source()?, c.summary_html(), None)));
    let pages = (site.pages.iter()).map(|p| (&p.source, &p.html, None));
    let texts = paragraphs.chain(notes).chain(cases).chain(pages);
    for (file, text, context) in texts {
        for found in text.references() {
            let why = match resolve(site, &found.reference, context) {
                Ok(_) | Err(Unresolved::Absent) => continue,
                Err(why) => why,
            };
            let file = if file.extension().is_none() {
                file.join("index.md")
            } else {
                file.clone()
            };
            let kind = ErrorKind::UnresolvedReference {
                written: found.written.clone(),
                why,
            };
            diags.push(located(site, &file, &found.written, kind));
        }
    }
}

/// A warning at the place `written` first stands in `file` (its first
/// line when the file cannot be read again), with that line.
fn located(site: &Site, file: &std::path::Path, written: &str, kind: ErrorKind) -> Diagnostic {
    let text = std::fs::read_to_string(site.content_root.join(file)).unwrap_or_default();
    let first_word = written.split_whitespace().next().unwrap_or(written);
    let at = text
        .find(written)
        .or_else(|| text.find(first_word))
        .unwrap_or(0);
    Diagnostic::warning(Location::at_offset(file, &text, at), kind).with_source(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(text: &str) -> Vec<(String, Reference)> {
        find(text)
            .into_iter()
            .map(|(range, f)| {
                assert_eq!(&text[range], f.written);
                (f.written, f.reference)
            })
            .collect()
    }

    fn paragraph(body: &str, when: When, number: u32) -> Reference {
        Reference::Paragraph {
            body: body.into(),
            when,
            number,
        }
    }

    #[test]
    fn references_are_read_in_the_forms_minutes_write_them() {
        let date = |s| When::Date(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
        let text = "Enligt Kf § 63 och KS 2019-06-03 § 166, se även Kf 2017 § 241. \
                    Kommunfullmäktige beslutade\n2018-03-26, § 63 att remittera. Dnr 2018/71-109.";
        assert_eq!(
            written(text),
            vec![
                ("Kf § 63".into(), paragraph("Kf", When::Context, 63)),
                (
                    "KS 2019-06-03 § 166".into(),
                    paragraph("KS", date("2019-06-03"), 166)
                ),
                (
                    "Kf 2017 § 241".into(),
                    paragraph("Kf", When::Year(2017), 241)
                ),
                (
                    "2018-03-26, § 63".into(),
                    paragraph("Kommunfullmäktige", date("2018-03-26"), 63)
                ),
                (
                    "2018/71-109".into(),
                    Reference::Case(CaseId::parse("2018/71").unwrap())
                ),
            ]
        );
        assert!(find("13 kap. 2 § kommunallagen, 8:12 och 2019-06-03").is_empty());
    }
}
