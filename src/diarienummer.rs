//! Case identity: parsing a diarienummer as clerks write it into the case id
//! that names the case's page (contract, section 6).
//!
//! `2018/71-109`, `2018/71` and ` 2018 / 71 - Dpl 109` are the case `2018-71`;
//! `KS 2018/71` is `ks-2018-71`, a case in another register. What follows the
//! serial (a filing-plan code) is kept for display only.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CaseId {
    /// The registry prefix, lower-case ASCII (`ks`), if the number has one.
    pub registry: Option<String>,
    pub year: u16,
    pub serial: u32,
}

impl CaseId {
    /// Parse `[letters] YYYY/N[-anything]`; `None` if it is not of that form.
    /// A leading `Dnr` (`Dnr.`, `Dnr:`, `Diarienr`, `Diarienummer`), as the
    /// minutes print it, names no registry: `Dnr 2018/71` is `2018/71`.
    pub fn parse(written: &str) -> Option<CaseId> {
        let s = without_label(written);
        let letters_end = s
            .char_indices()
            .find(|(_, c)| !c.is_alphabetic())
            .map_or(s.len(), |(i, _)| i);
        let (letters, rest) = s.split_at(letters_end);
        let rest = rest.trim_start();
        let (year, rest) = split_digits(rest);
        if year.len() != 4 {
            return None;
        }
        let rest = rest.trim_start().strip_prefix('/')?.trim_start();
        let (serial, rest) = split_digits(rest);
        if serial.is_empty() || serial.len() > 9 {
            return None;
        }
        let rest = rest.trim_start();
        if !(rest.is_empty() || rest.starts_with('-')) {
            return None;
        }
        let registry = (!letters.is_empty()).then(|| ascii_lower(letters));
        Some(CaseId {
            registry,
            year: year.parse().ok()?,
            serial: serial.parse().ok()?,
        })
    }

    /// The id used in URLs and case file names: `2018-71`, `ks-2018-71`.
    pub fn slug(&self) -> String {
        match &self.registry {
            Some(r) => format!("{r}-{}-{}", self.year, self.serial),
            None => format!("{}-{}", self.year, self.serial),
        }
    }
}

/// A diarienummer as written, trimmed and without the word the minutes
/// print before it (`Dnr 2018/71-109` → `2018/71-109`).
pub fn without_label(written: &str) -> &str {
    let s = written.trim();
    let word_end = s.find(|c: char| !c.is_alphabetic()).unwrap_or(s.len());
    let word = s[..word_end].to_lowercase();
    if !matches!(word.as_str(), "dnr" | "diarienr" | "diarienummer") {
        return s;
    }
    let rest = &s[word_end..];
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    rest.trim_start()
}

/// The canonical written form: `2018/71`, `KS 2018/71`.
impl fmt::Display for CaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(r) = &self.registry {
            write!(f, "{} ", r.to_uppercase())?;
        }
        write!(f, "{}/{}", self.year, self.serial)
    }
}

fn split_digits(s: &str) -> (&str, &str) {
    let end = s
        .char_indices()
        .find(|(_, c)| !c.is_ascii_digit())
        .map_or(s.len(), |(i, _)| i);
    s.split_at(end)
}

/// Lower-case, with å, ä and ö folded to a and o so that the id is a URL-safe
/// ASCII word.
fn ascii_lower(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' | 'ä' | 'à' | 'á' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' => 'e',
            'ü' => 'u',
            c => c,
        })
        .filter(char::is_ascii_alphabetic)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(s: &str) -> Option<String> {
        CaseId::parse(s).map(|c| c.slug())
    }

    #[test]
    fn the_contract_table() {
        assert_eq!(slug("2018/71-109").as_deref(), Some("2018-71"));
        assert_eq!(slug("2018/71").as_deref(), Some("2018-71"));
        assert_eq!(slug(" 2018 / 71 - Dpl 109").as_deref(), Some("2018-71"));
        assert_eq!(slug("KS 2018/71").as_deref(), Some("ks-2018-71"));
        assert_eq!(slug("Ks 2018/71-1").as_deref(), Some("ks-2018-71"));
        assert_eq!(slug("BUN 2018/71").as_deref(), Some("bun-2018-71"));
        assert_eq!(slug("2017/137-Dpl 109").as_deref(), Some("2017-137"));
    }

    #[test]
    fn the_word_dnr_before_the_number_names_no_registry() {
        for written in [
            "Dnr 2018/71-109",
            "dnr. 2018/71",
            "Dnr: 2018/71",
            "DNR2018/71",
            "Diarienummer 2018/71",
        ] {
            assert_eq!(slug(written).as_deref(), Some("2018-71"), "{written}");
        }
        assert_eq!(slug("Dnr KS 2018/71").as_deref(), Some("ks-2018-71"));
        assert_eq!(without_label(" Dnr 2018/71-109 "), "2018/71-109");
        assert_eq!(without_label("KS 2018/71"), "KS 2018/71");
    }

    #[test]
    fn rejects_what_is_not_a_diarienummer() {
        for bad in [
            "",
            "2018",
            "18/71",
            "2018/",
            "2018-71",
            "/71",
            "2018/71abc",
            "KS 2018 71",
            "20180/1",
        ] {
            assert_eq!(CaseId::parse(bad), None, "{bad:?} should be rejected");
        }
    }

    #[test]
    fn displays_canonically() {
        assert_eq!(
            CaseId::parse("ks 2018/071-3").unwrap().to_string(),
            "KS 2018/71"
        );
        assert_eq!(CaseId::parse("2018/71-109").unwrap().to_string(), "2018/71");
    }
}
