//! The notice board (anslagstavla): what the municipality announces on
//! it, derived from the meetings. A held meeting whose minutes'
//! certification was announced (`announced:`) is a notice until the last
//! day to appeal its decisions; a meeting not yet held is a notice of the
//! meeting until its day. Which notices are still current is for the
//! reader's clock: the build lists them all, with their dates.

use std::cmp::Reverse;
use std::ops::Range;

use chrono::NaiveDate;

use super::{MeetingIx, Site};

/// One announcement on the notice board.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notice {
    pub meeting: MeetingIx,
    pub kind: NoticeKind,
    /// The day it was put up, when the content says.
    pub posted: Option<NaiveDate>,
    /// The last day it concerns: the last day to appeal, or the meeting's.
    pub until: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// The certification of held meetings' minutes.
    Minutes,
    /// A coming meeting (kungörelse, kallelse).
    Agenda,
}

impl NoticeKind {
    pub fn key(self) -> &'static str {
        match self {
            NoticeKind::Minutes => "minutes",
            NoticeKind::Agenda => "agenda",
        }
    }
}

/// Every notice, newest first: by the day it was put up (a coming
/// meeting's own day when its announcement is not given), then latest
/// meeting first.
pub fn notices(site: &Site) -> Vec<Notice> {
    notices_of(site, MeetingIx::new(0)..MeetingIx::new(site.meetings.len()))
}

/// The notices of a run of meetings (a year's), newest first.
pub fn notices_of(site: &Site, meetings: Range<MeetingIx>) -> Vec<Notice> {
    let mut out: Vec<Notice> = MeetingIx::each(meetings)
        .filter_map(|mi| notice(site, mi))
        .collect();
    out.sort_by_key(|n| {
        let day = n.posted.unwrap_or(site.meetings[n.meeting].date);
        (Reverse(day), Reverse(n.meeting))
    });
    out
}

/// A meeting's notice: its minutes' certification once announced, or the
/// meeting itself while it is not yet held.
fn notice(site: &Site, mi: MeetingIx) -> Option<Notice> {
    let m = &site.meetings[mi];
    if m.is_held() {
        Some(Notice {
            meeting: mi,
            kind: NoticeKind::Minutes,
            posted: Some(m.announced?),
            until: m.appeal_until()?,
        })
    } else {
        Some(Notice {
            meeting: mi,
            kind: NoticeKind::Agenda,
            posted: m.agenda_announced,
            until: m.date,
        })
    }
}
