//! The right to appeal a municipal decision (laglighetsprövning,
//! kommunallagen 2017:725, 13 kap.): the three weeks from the day the
//! certification of the minutes was announced on the notice board, and
//! the calendar that moves their last day (lag 1930:173 om beräkning av
//! lagstadgad tid): a deadline that falls on a Saturday, a Sunday, a
//! public holiday (lag 1989:253 om allmänna helgdagar), midsummer eve,
//! Christmas eve or New Year's eve moves to the next working day.
//!
//! Everything here is a function of the dates the content gives: the
//! build never reads the clock.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// How long the right to appeal lasts, from the announcement.
pub const APPEAL_WEEKS: u64 = 3;

/// The last day to appeal a decision whose minutes' certification was
/// announced on `announced`: three weeks on, moved to the next working
/// day when that is a day off.
pub fn appeal_deadline(announced: NaiveDate) -> NaiveDate {
    let mut day = announced + Days::new(7 * APPEAL_WEEKS);
    while is_day_off(day) {
        day = day + Days::new(1);
    }
    day
}

/// Is `day` one on which a time set by law does not end: a Saturday, a
/// Sunday, a public holiday, midsummer eve, Christmas eve or New Year's
/// eve?
pub fn is_day_off(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun) || is_public_holiday(day) || is_eve(day)
}

/// Midsummer eve (the Friday between 19 and 25 June), Christmas eve and
/// New Year's eve, which lag 1930:173 counts as holidays.
fn is_eve(day: NaiveDate) -> bool {
    match (day.month(), day.day()) {
        (12, 24) | (12, 31) => true,
        (6, 19..=25) => day.weekday() == Weekday::Fri,
        _ => false,
    }
}

/// The public holidays of lag 1989:253: New Year's day, Epiphany, Good
/// Friday, Easter Sunday and Monday, Ascension day, May Day, Whit Sunday,
/// the National day, Midsummer day, All Saints' day, Christmas day and
/// Boxing day.
pub fn is_public_holiday(day: NaiveDate) -> bool {
    let fixed = matches!(
        (day.month(), day.day()),
        (1, 1) | (1, 6) | (5, 1) | (6, 6) | (12, 25) | (12, 26)
    );
    // Midsummer day: the Saturday between 20 and 26 June; All Saints'
    // day: the Saturday between 31 October and 6 November.
    let saturday = day.weekday() == Weekday::Sat;
    let midsummer = day.month() == 6 && (20..=26).contains(&day.day()) && saturday;
    let all_saints = saturday
        && ((day.month() == 10 && day.day() == 31) || (day.month() == 11 && day.day() <= 6));
    let easter = easter_sunday(day.year());
    let from_easter = (day - easter).num_days();
    // Good Friday, Easter Sunday and Monday, Ascension day (the sixth
    // Thursday after Easter), Whit Sunday (the seventh Sunday after).
    let movable = matches!(from_easter, -2 | 0 | 1 | 39 | 49);
    fixed || midsummer || all_saints || movable
}

/// Easter Sunday of a year in the Gregorian calendar (the anonymous
/// algorithm of 1876, as Meeus gives it).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a date")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn easter_falls_where_the_almanac_puts_it() {
        for (year, easter) in [
            (2000, "2000-04-23"),
            (2008, "2008-03-23"),
            (2011, "2011-04-24"),
            (2019, "2019-04-21"),
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2038, "2038-04-25"),
        ] {
            assert_eq!(easter_sunday(year), date(easter), "{year}");
        }
    }

    #[test]
    fn weekdays_that_are_not_holidays_are_working_days() {
        assert!(!is_day_off(date("2019-04-23")));
        assert!(!is_day_off(date("2026-06-18")));
        assert!(is_day_off(date("2026-06-19")), "midsummer eve 2026");
    }
}
