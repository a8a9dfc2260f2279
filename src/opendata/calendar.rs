//! The meetings as iCalendar (RFC 5545): `/sammantraden/kalender.ics` for
//! every body and `/organ/<body>/kalender.ics` for one. Each meeting is an
//! event whose UID is made of its meeting id and the portal's host, so a
//! calendar that subscribes updates an event instead of adding it again.
//! A meeting with a `time:` starts then, Swedish time; one without is an
//! all-day event.

use chrono::Days;

use super::{absolute, meeting_time};
use crate::model::Site;
use crate::render::paths;

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

/// The calendar of one body's meetings, or of all (`None`).
pub fn ics(site: &Site, body: Option<usize>) -> Vec<u8> {
    let t = crate::i18n::I18n::new(site.config.language);
    let name = match body {
        Some(b) => format!("{} – {}", site.bodies[b].name, site.config.organisation),
        None => format!("{} – {}", t.get("meetings"), site.config.organisation),
    };
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Insyn//Insyn//SV".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", escape(&name)),
        "X-WR-TIMEZONE:Europe/Stockholm".into(),
    ];
    lines.extend(STOCKHOLM.iter().map(|l| (*l).to_owned()));
    let host = host(&site.config.base_url);
    for (mi, m) in site.meetings.iter().enumerate() {
        if body.is_some_and(|b| b != m.body) {
            continue;
        }
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}@{host}", m.id));
        lines.push(format!("DTSTAMP:{}T000000Z", m.date.format("%Y%m%d")));
        match meeting_time(site, mi) {
            Some(time) => lines.push(format!(
                "DTSTART;TZID=Europe/Stockholm:{}T{}",
                m.date.format("%Y%m%d"),
                time.format("%H%M%S")
            )),
            None => {
                let next = m.date.checked_add_days(Days::new(1)).unwrap_or(m.date);
                lines.push(format!("DTSTART;VALUE=DATE:{}", m.date.format("%Y%m%d")));
                lines.push(format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")));
            }
        }
        let body_name = &site.body_of(m).name;
        lines.push(format!(
            "SUMMARY:{}",
            escape(&format!("{body_name} – {}", t.get("meeting")))
        ));
        if let Some(location) = &m.location {
            lines.push(format!("LOCATION:{}", escape(location)));
        }
        let count = m.paragraphs.len();
        let description = format!(
            "{}: {count} {}.",
            t.meeting_status(m.status),
            t.get("paragraphs").to_lowercase()
        );
        lines.push(format!("DESCRIPTION:{}", escape(&description)));
        lines.push(format!(
            "URL:{}",
            absolute(site, &paths::href(&paths::meeting_dir(site, mi)))
        ));
        lines.push("STATUS:CONFIRMED".into());
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for line in lines {
        fold(&line, &mut out);
    }
    out.into_bytes()
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
