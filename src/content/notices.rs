//! The notice board's dates on a meeting (`announced:`, the day the
//! certification of its minutes was put on the notice board, and
//! `agenda_announced:`, the day the meeting was), checked against each
//! other and against the time limits of kommunallagen.

use chrono::NaiveDate;

use super::settings::Body;
use super::yaml::{KeyLines, Source};
use crate::error::{Diagnostic, ErrorKind};

/// The dates of a meeting that the notice board shows.
pub(super) struct Announcements {
    pub date: NaiveDate,
    pub held: bool,
    /// Is the body the council (kommunfullmäktige), whose meetings the law
    /// says are announced a week ahead?
    pub fullmaktige: bool,
    pub certified: Option<NaiveDate>,
    pub announced: Option<NaiveDate>,
    pub agenda_announced: Option<NaiveDate>,
}

/// How many days after certification its announcement may come
/// (kommunallagen 8 kap. 12 §: at the latest on the second day).
const DAYS_TO_ANNOUNCE: i64 = 2;

/// How many days before a meeting of fullmäktige it must be announced
/// (kommunallagen 5 kap. 53 §: at least a week).
const DAYS_TO_ANNOUNCE_AGENDA: i64 = 7;

/// The notice board's dates in order: minutes are announced once held and
/// certified (an error otherwise, as the right to appeal would run from
/// the wrong day); late announcements are warnings, as the law's time
/// limits do not stop the portal from publishing.
pub(super) fn check(
    src: &Source,
    lines: &KeyLines,
    d: &Announcements,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) {
    let at = |key| lines.line(key);
    if let Some(announced) = d.announced {
        let kind = if !d.held {
            Some(ErrorKind::AnnouncedBeforeHeld)
        } else if let Some(certified) = d.certified.filter(|c| announced < *c) {
            Some(ErrorKind::AnnouncedBeforeCertified {
                announced: announced.to_string(),
                certified: certified.to_string(),
            })
        } else if announced < d.date {
            Some(ErrorKind::AnnouncedBeforeMeeting {
                announced: announced.to_string(),
                date: d.date.to_string(),
            })
        } else {
            None
        };
        match kind {
            Some(kind) => errors.push(src.error_at(at("announced"), kind)),
            None => {
                let late = d
                    .certified
                    .map(|c| (announced - c).num_days())
                    .filter(|days| *days > DAYS_TO_ANNOUNCE);
                if let Some(days) = late {
                    warnings.push(src.warning_at(at("announced"), ErrorKind::AnnouncedLate(days)));
                }
            }
        }
    }
    if let Some(agenda) = d.agenda_announced {
        if agenda > d.date {
            let kind = ErrorKind::AgendaAnnouncedAfterMeeting {
                announced: agenda.to_string(),
                date: d.date.to_string(),
            };
            errors.push(src.error_at(at("agenda_announced"), kind));
        } else if d.fullmaktige && (d.date - agenda).num_days() < DAYS_TO_ANNOUNCE_AGENDA {
            let days = (d.date - agenda).num_days();
            let kind = ErrorKind::AgendaAnnouncedLate(days);
            warnings.push(src.warning_at(at("agenda_announced"), kind));
        }
    }
}

/// Is a body the council: its id `kf`, or "fullmäktige" in its name?
pub(super) fn is_fullmaktige(body: &str, bodies: Option<&[Body]>) -> bool {
    let named = bodies
        .unwrap_or_default()
        .iter()
        .find(|b| b.id == body)
        .is_some_and(|b| b.name.to_lowercase().contains("fullmäktige"));
    body == "kf" || named
}
