//! The meetings as iCalendar (RFC 5545): `/sammantraden/kalender.ics` for
//! every body and `/organ/<body>/kalender.ics` for one. Each meeting is an
//! event whose UID is made of its meeting id and the portal's host, so a
//! calendar that subscribes updates an event instead of adding it again.
//! A meeting with a `time:` starts then, Swedish time; one without is an
//! all-day event. Each meeting's event is kept as a piece
//! ([`super::fragments`]), so that the calendars are joined again, not
//! written again, after an edit. A calendar records what it reads (the
//! meetings and their headers, each one's number of paragraphs) for the
//! preview.

use std::fmt::Write;

use chrono::{Datelike, Days, Timelike};

use super::fragments::Fragments;
use super::{absolute, meeting_time};
use crate::model::{MeetingIx, Positions, Site};
use crate::render::paths;
use crate::render::reads::{record, Key};

/// Sweden's time zone, for events with a time of day.
const STOCKHOLM: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Stockholm",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// The calendar of one body's meetings, or of all (`None`), made of each
/// meeting's event as [`event`] writes it (kept in `fragments`).
pub fn ics(site: &Site, fragments: &Fragments, body: Option<usize>) -> Vec<u8> {
    let t = crate::i18n::I18n::shared(site.config.language);
    let name = match body {
        Some(b) => format!("{} – {}", site.bodies[b].name, site.config.organisation),
        None => format!("{} – {}", t.get("meetings"), site.config.organisation),
    };
    let mut ics = Lines::calendar(330 * site.meetings.len(), &name);
    ics.put(format_args!("X-WR-TIMEZONE:Europe/Stockholm"));
    for line in STOCKHOLM {
        ics.put(format_args!("{line}"));
    }
    record(body.map_or(Key::Meetings, Key::MeetingsOfBody));
    for (mi, m) in site.meetings.positioned() {
        if body.is_some_and(|b| b != m.body) {
            continue;
        }
        record(Key::MeetingParagraphs(&m.id));
        ics.out.push_str(fragments.calendar_event(mi));
    }
    ics.put(format_args!("END:VCALENDAR"));
    ics.out.into_bytes()
}

/// The last days to appeal, one all-day event for each meeting whose
/// minutes' certification was announced (`/anslagstavla/overklagande.ics`).
pub fn appeal_ics(site: &Site) -> Vec<u8> {
    let t = crate::i18n::I18n::shared(site.config.language);
    record(Key::Meetings);
    let name = format!("{} – {}", t.get("appeal_until"), site.config.organisation);
    let mut ics = Lines::calendar(400 * site.meetings.len().min(1000), &name);
    for (mi, m) in site.meetings.positioned() {
        let (Some(announced), Some(until)) = (m.announced, m.appeal_until()) else {
            continue;
        };
        let day = basic_date(until);
        let next = until.checked_add_days(Days::new(1)).unwrap_or(until);
        ics.put(format_args!("BEGIN:VEVENT"));
        let host = host(&site.config.base_url);
        ics.put(format_args!("UID:overklagande-{}@{host}", m.id));
        ics.put(format_args!("DTSTAMP:{}T000000Z", basic_date(announced)));
        ics.put(format_args!("DTSTART;VALUE=DATE:{day}"));
        ics.put(format_args!("DTEND;VALUE=DATE:{}", basic_date(next)));
        let body = &site.bodies[m.body].name;
        let summary = format!("{}: {body} {}", t.get("appeal_until"), t.date(m.date));
        ics.put(format_args!("SUMMARY:{}", escape(&summary)));
        let description = format!("{} {}.", t.get("announced"), t.date(announced));
        ics.put(format_args!("DESCRIPTION:{}", escape(&description)));
        let url = paths::href(&paths::meeting_dir(site, mi));
        ics.put(format_args!("URL:{}", absolute(site, &url)));
        ics.put(format_args!("TRANSP:TRANSPARENT"));
        ics.put(format_args!("END:VEVENT"));
    }
    ics.put(format_args!("END:VCALENDAR"));
    ics.out.into_bytes()
}

/// A meeting's event (`BEGIN:VEVENT` to `END:VEVENT`, folded), as every
/// calendar that shows the meeting writes it.
pub fn event(site: &Site, mi: MeetingIx) -> String {
    let t = crate::i18n::I18n::shared(site.config.language);
    let m = &site.meetings[mi];
    let mut ics = Lines::with_capacity(400);
    let day = basic_date(m.date);
    ics.put(format_args!("BEGIN:VEVENT"));
    ics.put(format_args!("UID:{}@{}", m.id, host(&site.config.base_url)));
    ics.put(format_args!("DTSTAMP:{day}T000000Z"));
    match meeting_time(site, mi) {
        Some(time) => ics.put(format_args!(
            "DTSTART;TZID=Europe/Stockholm:{day}T{:02}{:02}00",
            time.hour(),
            time.minute()
        )),
        None => {
            let next = m.date.checked_add_days(Days::new(1)).unwrap_or(m.date);
            ics.put(format_args!("DTSTART;VALUE=DATE:{day}"));
            ics.put(format_args!("DTEND;VALUE=DATE:{}", basic_date(next)));
        }
    }
    let body = &site.bodies[m.body].name;
    let summary = escape(&format!("{body} – {}", t.get("meeting")));
    ics.put(format_args!("SUMMARY:{summary}"));
    if let Some(location) = &m.location {
        ics.put(format_args!("LOCATION:{}", escape(location)));
    }
    let (status, count) = (t.meeting_status(m.status), m.paragraph_count());
    let paragraphs = t.get("paragraphs").to_lowercase();
    let description = escape(&format!("{status}: {count} {paragraphs}."));
    ics.put(format_args!("DESCRIPTION:{description}"));
    let url = paths::href(&paths::meeting_dir(site, mi));
    ics.put(format_args!("URL:{}", absolute(site, &url)));
    ics.put(format_args!("STATUS:CONFIRMED"));
    ics.put(format_args!("END:VEVENT"));
    ics.out
}

/// A date as iCalendar writes it (`20190128`); chrono's `format` reads
/// its pattern again for every date, a third of a calendar's time.
fn basic_date(date: chrono::NaiveDate) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// A calendar written line by line, each line folded as it is put.
struct Lines {
    out: String,
    /// The line being put, kept to be written into again.
    line: String,
}

impl Lines {
    /// A calendar's first lines, with its name.
    fn calendar(bytes: usize, name: &str) -> Lines {
        let mut ics = Lines::with_capacity(bytes);
        for line in [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Insyn//Insyn//SV",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
        ] {
            ics.put(format_args!("{line}"));
        }
        ics.put(format_args!("X-WR-CALNAME:{}", escape(name)));
        ics
    }

    fn with_capacity(bytes: usize) -> Lines {
        Lines {
            out: String::with_capacity(bytes),
            line: String::new(),
        }
    }

    fn put(&mut self, line: std::fmt::Arguments) {
        self.line.clear();
        self.line
            .write_fmt(line)
            .expect("writing to a string cannot fail");
        fold(&self.line, &mut self.out);
    }
}

/// The host of the portal's address, for UIDs.
fn host(base_url: &str) -> &str {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    rest.split('/').next().unwrap_or(rest)
}

/// RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// A content line folded at 75 octets (never inside a UTF-8 character),
/// each part ended by CRLF and continued after one space.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let line = format!("SUMMARY:{}", "å".repeat(60));
        let mut out = String::new();
        fold(&line, &mut out);
        let parts: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(parts.len() > 1);
        assert!(parts.iter().all(|p| p.len() <= 75), "{parts:?}");
        assert!(parts[1..].iter().all(|p| p.starts_with(' ')));
        let unfolded: String = parts
            .iter()
            .enumerate()
            .map(|(i, p)| if i == 0 { *p } else { &p[1..] })
            .collect();
        assert_eq!(unfolded, line);
    }

    #[test]
    fn text_values_escape_separators() {
        assert_eq!(
            escape("Sal 1, plan 2; hus\\A\nB"),
            "Sal 1\\, plan 2\\; hus\\\\A\\nB"
        );
    }
}
