//! The privacy guard: Swedish personal identity numbers (personnummer, and
//! samordningsnummer with the day plus 60) in anything about to be
//! published stop the build, unless a clerk has allowed that one number
//! for that one paragraph or document.
//!
//! A number is 10 or 12 digits — `YYMMDD-NNNC`, `YYYYMMDD-NNNC`, with `-`,
//! `+` or no separator — standing alone (no digit right before or after),
//! whose date exists and whose last digit is the Luhn check digit of the
//! other ten. That keeps diarienummer, phone numbers, dates, amounts and
//! organisation numbers (month 20 or more) out. The `personnummer` crate
//! was not used: it takes nine digits without a check digit as a number,
//! checks samordningsnummer against the wrong day and always assumes the
//! 1900s.

use chrono::NaiveDate;

use crate::error::{Diagnostic, ErrorKind, Location};

/// A number found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte offset of its first digit.
    pub offset: usize,
    /// As written, with its last four digits replaced by `****`.
    pub masked: String,
    /// The ten digits YYMMDDNNNC that identify it, however it was written.
    pub digits: String,
}

/// Every personal identity number in `text`.
pub fn find(text: &str) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let first_end = digit_run_end(bytes, start);
        let separated = matches!(bytes.get(first_end), Some(b'-' | b'+'))
            && bytes.get(first_end + 1).is_some_and(u8::is_ascii_digit);
        let written = if separated {
            let second_end = digit_run_end(bytes, first_end + 1);
            let first = first_end - start;
            (matches!(first, 6 | 8) && second_end - first_end - 1 == 4)
                .then(|| &text[start..second_end])
        } else {
            matches!(first_end - start, 10 | 12).then(|| &text[start..first_end])
        };
        if let Some(written) = written {
            if let Some(digits) = identity_digits(written) {
                found.push(Found {
                    offset: start,
                    masked: format!("{}****", &written[..written.len() - 4]),
                    digits,
                });
            }
        }
        i = first_end;
    }
    found
}

/// `text` with the last four digits of every personal identity number in
/// it replaced by `****`: the one way any message shows content, so that a
/// terminal, a build log or the preview's error page never shows a whole
/// number (build logs of public repositories are public).
pub fn mask(text: &str) -> std::borrow::Cow<'_, str> {
    let found = find(text);
    if found.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut masked = String::with_capacity(text.len());
    let mut from = 0;
    for f in found {
        masked.push_str(&text[from..f.offset]);
        masked.push_str(&f.masked);
        from = f.offset + f.masked.len();
    }
    masked.push_str(&text[from..]);
    std::borrow::Cow::Owned(masked)
}

fn digit_run_end(bytes: &[u8], from: usize) -> usize {
    let mut end = from;
    while bytes.get(end).is_some_and(u8::is_ascii_digit) {
        end += 1;
    }
    end
}

/// The ten identifying digits of a valid number written as one (10 or 12
/// digits, an optional `-` or `+` before the last four), or None.
pub fn identity_digits(written: &str) -> Option<String> {
    let digits: String = written.chars().filter(char::is_ascii_digit).collect();
    if !matches!(digits.len(), 10 | 12) {
        return None;
    }
    // At most one separator, `-` or `+`, right before the last four digits
    // (so `written` is at least 11 bytes long when there is one).
    let separators = written.chars().filter(|c| !c.is_ascii_digit()).count();
    let separator_ok = separators == 0
        || (separators == 1 && matches!(written.as_bytes()[written.len() - 5], b'-' | b'+'));
    if !separator_ok {
        return None;
    }
    let century = (digits.len() == 12)
        .then(|| digits[..2].parse::<i32>().ok())
        .flatten();
    if century.is_some_and(|c| !(18..=20).contains(&c)) {
        return None;
    }
    let core = &digits[digits.len() - 10..];
    let number = |range: std::ops::Range<usize>| core[range].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..2) as i32, number(2..4), number(4..6));
    // A samordningsnummer adds 60 to the day.
    let day = if day > 60 { day - 60 } else { day };
    let date_exists = |full_year: i32| NaiveDate::from_ymd_opt(full_year, month, day).is_some();
    let valid_date = match century {
        Some(c) => date_exists(c * 100 + year),
        // Without the century, 29 February needs one leap year of the two.
        None => date_exists(1900 + year) || date_exists(2000 + year),
    };
    let serial_ok = number(6..9) > 0;
    (valid_date && serial_ok && luhn_ok(core)).then(|| core.to_owned())
}

/// The Luhn check of ten digits: the last is the check digit of the nine.
fn luhn_ok(ten: &str) -> bool {
    let sum: u32 = ten
        .bytes()
        .take(9)
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0') * if i % 2 == 0 { 2 } else { 1 };
            d / 10 + d % 10
        })
        .sum();
    (10 - sum % 10) % 10 == u32::from(ten.as_bytes()[9] - b'0')
}

/// Errors for the numbers in a file's text that are not allowed, located
/// at their line and column. `allowed` holds ten identifying digits each,
/// and is None for a file where no number can be allowed (only paragraphs
/// and documents can allow one).
pub fn scan(rel: &std::path::Path, text: &str, allowed: Option<&[String]>) -> Vec<Diagnostic> {
    find(text)
        .into_iter()
        .filter(|f| !allowed.is_some_and(|a| a.contains(&f.digits)))
        .map(|f| {
            Diagnostic::error(
                Location::at_offset(rel, text, f.offset),
                ErrorKind::PersonalNumber {
                    masked: f.masked,
                    can_allow: allowed.is_some(),
                },
            )
            .with_source(text)
        })
        .collect()
}

/// Errors for the numbers in a PDF's pages that `allowed` (ten identifying
/// digits each) does not hold, located at their page.
pub fn scan_pages(rel: &std::path::Path, pages: &[String], allowed: &[String]) -> Vec<Diagnostic> {
    pages
        .iter()
        .enumerate()
        .flat_map(|(n, page)| find(page).into_iter().map(move |f| (n + 1, f)))
        .filter(|(_, f)| !allowed.contains(&f.digits))
        .map(|(page, f)| {
            Diagnostic::error(
                Location::page(rel, page),
                ErrorKind::PersonalNumber {
                    masked: f.masked,
                    can_allow: true,
                },
            )
        })
        .collect()
}

/// Errors for the numbers in the text a PDF carries besides its pages
/// (its document information, metadata and annotations) that `allowed`
/// does not hold: a reader of the published file sees that text too.
pub fn scan_pdf_details(
    rel: &std::path::Path,
    details: &[crate::documents::PdfDetail],
    allowed: &[String],
) -> Vec<Diagnostic> {
    details
        .iter()
        .flat_map(|d| find(&d.text).into_iter().map(move |f| (d, f)))
        .filter(|(_, f)| !allowed.contains(&f.digits))
        .map(|(d, f)| {
            let location = match d.place {
                crate::documents::PdfPlace::Annotation(page) => Location::page(rel, page),
                _ => Location::file(rel),
            };
            Diagnostic::error(
                location,
                ErrorKind::PersonalNumberInPdfDetails {
                    masked: f.masked,
                    place: d.place.clone(),
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str) -> Vec<String> {
        find(text).into_iter().map(|f| f.masked).collect()
    }

    #[test]
    fn finds_numbers_of_both_centuries_with_and_without_separators() {
        // Skatteverket's test person Tolvan Tolvansson, and others valid by Luhn.
        for written in [
            "19121212-1212",
            "191212121212",
            "121212-1212",
            "1212121212",
            "121212+1212",
            "20100101-0014",
            "201001010014",
        ] {
            assert_eq!(find(&format!("Sökande: {written}.")).len(), 1, "{written}");
        }
        assert_eq!(numbers("pnr 19121212-1212 och"), ["19121212-****"]);
        assert_eq!(numbers("(1212121212)"), ["121212****"]);
    }

    #[test]
    fn finds_samordningsnummer() {
        // Day 12 + 60 = 72, check digit by Luhn.
        assert_eq!(numbers("19121272-1219"), ["19121272-****"]);
        assert_eq!(
            identity_digits("121272-1219").as_deref(),
            Some("1212721219")
        );
    }

    #[test]
    fn ignores_look_alikes() {
        for text in [
            "19121212-1213",       // wrong check digit
            "19121312-1212",       // month 13
            "19120230-1234",       // 30 February
            "1912121212123",       // 13 digits
            "21121212-1212",       // century 21
            "2018/71-109",         // diarienummer
            "KS 2019/4242",        // diarienummer
            "08-508 08 279",       // phone number
            "070-123 45 67",       // mobile number
            "2018-03-26",          // date
            "20180326",            // date
            "1 250 000 kronor",    // amount
            "212000-0142",         // organisationsnummer (month 20)
            "121212-12120",        // a longer run
            "9121212-1212",        // seven digits before the dash
            "19121212-0000",       // serial 000
            "abc1212121212345def", // a longer digit run
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn short_or_odd_allow_entries_are_not_numbers() {
        for written in ["", "-", "1-", "+1", "12-34", "abcdefghij-1212"] {
            assert_eq!(identity_digits(written), None, "{written}");
        }
    }

    #[test]
    fn the_same_number_written_two_ways_has_the_same_digits() {
        assert_eq!(
            identity_digits("19121212-1212"),
            identity_digits("1212121212")
        );
        assert_eq!(identity_digits("19121212-1213"), None);
    }

    #[test]
    fn masks_every_number_in_a_text_and_leaves_the_rest() {
        assert_eq!(
            mask("7 | Sökanden, född 19121212-1212, och 1212121212."),
            "7 | Sökanden, född 19121212-****, och 121212****."
        );
        let plain = "Dnr 2018/71-109, 08-508 08 279";
        assert!(matches!(mask(plain), std::borrow::Cow::Borrowed(t) if t == plain));
    }

    #[test]
    fn locates_the_number() {
        let errors = scan(
            std::path::Path::new("a.md"),
            "---\ntitle: x\n---\nSökande åäö 19121212-1212\n",
            None,
        );
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].location.to_string(), "a.md:4:13");
        let allowed = scan(
            std::path::Path::new("a.md"),
            "19121212-1212",
            Some(&["1212121212".to_owned()]),
        );
        assert!(allowed.is_empty());
    }
}
