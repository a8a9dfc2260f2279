//! The notice board (`/anslagstavla/`), the page on taking part
//! (`/delta/`), and the appeal guidance the meeting, paragraph and case
//! pages show.

use super::*;
use crate::model::cases::Consultation;
use crate::model::notices::{self, NoticeKind};
use crate::model::vocabulary::{Channel, Kind};
use crate::model::{Meeting, Positions};

/// When the right to appeal a meeting's decisions ends, and from when it
/// ran.
#[derive(Serialize)]
pub(super) struct AppealView {
    announced: String,
    announced_text: String,
    until: String,
    until_text: String,
}

/// The appeal period of a held meeting whose certification was announced.
pub(super) fn appeal_view(t: &I18n, m: &Meeting) -> Option<AppealView> {
    let until = m.appeal_until()?;
    let announced = m.announced?;
    Some(AppealView {
        announced: announced.to_string(),
        announced_text: t.date(announced),
        until: until.to_string(),
        until_text: t.date(until),
    })
}

/// A meeting's webcast, labelled a live broadcast until the meeting is
/// held and a recording after.
pub(super) fn webcast_label(t: &I18n, m: &Meeting) -> &'static str {
    if m.is_held() {
        t.get("webcast_recording")
    } else {
        t.get("webcast_live")
    }
}

/// A kind of matter as the pages name it, with its case list when it has
/// one.
#[derive(Serialize)]
pub(super) struct KindView {
    key: &'static str,
    label: &'static str,
    /// Its name for many (`Motioner`).
    plural: &'static str,
    /// The list of the kind's cases (every year).
    cases_url: String,
}

pub(super) fn kind_view(site: &Site, t: &I18n, kind: Kind) -> KindView {
    KindView {
        key: kind.key(),
        label: t.kind(kind),
        plural: t.kinds(kind),
        cases_url: href(&CaseFilter::every_year(CaseScope::Kind(kind)).dir(site)),
    }
}

#[derive(Serialize)]
struct NoticeView<'a> {
    kind: &'static str,
    kind_label: &'static str,
    body: &'a str,
    meeting_title: String,
    meeting_url: String,
    meeting_date: String,
    meeting_date_text: String,
    certified_text: Option<String>,
    posted: Option<String>,
    posted_text: Option<String>,
    /// The last day it concerns (to appeal, or the meeting's own).
    until: String,
    until_text: String,
}

/// How many of the latest notices the notice board's first page shows;
/// each year's page shows all of that year's.
pub const NOTICES_ON_BOARD: usize = 50;

/// `/anslagstavla/` (`year: None`): the latest notices, newest first, and
/// the years; `/anslagstavla/<year>/`: every notice of the year's
/// meetings. Which are still current is for a small script and the
/// reader's clock to say.
pub(super) fn notice_board_context(
    site: &Site,
    t: &I18n,
    year: Option<i32>,
    home: Link,
    ctx: &mut Context,
) {
    let notices = match year {
        None => {
            // Every meeting's header, and which meetings there are.
            reads::record(Key::Meetings);
            let mut all = notices::notices(site);
            all.truncate(NOTICES_ON_BOARD);
            all
        }
        Some(y) => {
            reads::record(Key::MeetingsOfYear(y));
            let meetings = site.meetings_of_year(y);
            for m in site.meetings.run(meetings.clone()) {
                reads::record(Key::Meeting(&m.id));
            }
            notices::notices_of(site, meetings)
        }
    };
    let views: Vec<NoticeView> = notices.iter().map(|n| notice_view(site, t, n)).collect();
    reads::record(Key::Years);
    let years: Vec<Link> = (site.years().into_iter())
        .map(|y| link(y.to_string(), &format!("{}{y}/", paths::NOTICE_BOARD)))
        .collect();
    match year {
        None => {
            ctx.insert("title", t.get("notice_board"));
            ctx.insert("breadcrumbs", &[home]);
        }
        Some(y) => {
            ctx.insert("title", &format!("{} {y}", t.get("notice_board")));
            let board = link(t.get("notice_board"), paths::NOTICE_BOARD);
            ctx.insert("breadcrumbs", &[home, board]);
        }
    }
    ctx.insert("year", &year);
    ctx.insert("years", &years);
    ctx.insert("notices", &views);
    ctx.insert(
        "page_feed",
        &FeedLink {
            href: if year.is_some() {
                "../feed.xml"
            } else {
                "feed.xml"
            },
            title: t.get("notice_feed"),
        },
    );
}

fn notice_view<'a>(site: &'a Site, t: &I18n, n: &notices::Notice) -> NoticeView<'a> {
    let m = &site.meetings[n.meeting];
    let body = &site.bodies[m.body].name;
    NoticeView {
        kind: n.kind.key(),
        kind_label: match n.kind {
            NoticeKind::Minutes => t.get("notice_minutes"),
            NoticeKind::Agenda => t.get("notice_agenda"),
        },
        body,
        meeting_title: format!("{body} {}", t.date(m.date)),
        meeting_url: href(&paths::meeting_dir(site, n.meeting)),
        meeting_date: m.date.to_string(),
        meeting_date_text: t.date(m.date),
        certified_text: m.certified.map(|d| t.date(d)),
        posted: n.posted.map(|d| d.to_string()),
        posted_text: n.posted.map(|d| t.date(d)),
        until: n.until.to_string(),
        until_text: t.date(n.until),
    }
}

/// A meeting not yet held, with its agenda: each paragraph's heading
/// (only its number, for a confidential one) and page.
#[derive(Serialize)]
struct ComingMeeting<'a> {
    #[serde(flatten)]
    meeting: MeetingView<'a>,
    agenda: Vec<Link>,
}

/// A consultation: its last day, where and how to answer.
#[derive(Serialize)]
pub(super) struct ConsultationView<'a> {
    respond_by: String,
    respond_by_text: String,
    url: Option<&'a str>,
    how: Option<&'a str>,
}

pub(super) fn consultation_view<'a>(t: &I18n, k: &'a Consultation) -> ConsultationView<'a> {
    ConsultationView {
        respond_by: k.respond_by.to_string(),
        respond_by_text: t.date(k.respond_by),
        url: k.url.as_deref(),
        how: k.how.as_deref(),
    }
}

/// A consultation on `/delta/`, with its case.
#[derive(Serialize)]
struct OpenConsultation<'a> {
    case_url: String,
    diarienummer: &'a str,
    title: &'a str,
    #[serde(flatten)]
    consultation: ConsultationView<'a>,
}

#[derive(Serialize)]
struct ChannelView<'a> {
    kind: &'static str,
    label: &'static str,
    title: &'a str,
    url: &'a str,
    text: Option<&'a str>,
}

fn channel_view<'a>(t: &I18n, c: &'a crate::content::settings::TakePart) -> ChannelView<'a> {
    ChannelView {
        kind: c.channel.key(),
        label: t.channel(c.channel),
        title: &c.title,
        url: &c.url,
        text: c.text.as_deref(),
    }
}

/// `/delta/`: the consultations by their last day, the ways to make a
/// proposal and the other channels site.yaml lists, the kinds of
/// citizens' matters with their case lists, and the coming meetings.
pub(super) fn take_part_context(
    site: &Site,
    t: &I18n,
    lists: &CaseLists,
    home: Link,
    ctx: &mut Context,
) {
    // Case files, site.yaml and every meeting: simplest rendered always.
    reads::record(Key::Everything);
    let mut open: Vec<(CaseIx, &Consultation)> = (site.cases.iter().enumerate())
        .filter_map(|(ci, c)| Some((CaseIx::new(ci), c.consultation()?)))
        .collect();
    open.sort_by_key(|(ci, k)| (k.respond_by, *ci));
    let consultations: Vec<OpenConsultation> = (open.into_iter())
        .map(|(ci, k)| OpenConsultation {
            case_url: href(&paths::case_dir(site, ci)),
            diarienummer: &site.cases[ci].diarienummer,
            title: &site.cases[ci].title,
            consultation: consultation_view(t, k),
        })
        .collect();
    let channel = |c| channel_view(t, c);
    let proposing = |c: Channel| matches!(c, Channel::Medborgarforslag | Channel::EForslag);
    let take_part = &site.config.take_part;
    let propose: Vec<ChannelView> = (take_part.iter())
        .filter(|c| proposing(c.channel))
        .map(channel)
        .collect();
    let channels: Vec<ChannelView> = (take_part.iter())
        .filter(|c| !proposing(c.channel))
        .map(channel)
        .collect();
    // The kinds of matter citizens and members bring, with their lists.
    let kinds: Vec<KindView> = Kind::ALL
        .iter()
        .filter(|k| lists.has(&CaseFilter::every_year(CaseScope::Kind(**k))))
        .map(|k| kind_view(site, t, *k))
        .collect();
    let coming: Vec<ComingMeeting> = MeetingIx::all(site.meetings.len())
        .filter(|&i| !site.meetings[i].is_held())
        .map(|i| ComingMeeting {
            meeting: meeting_view(site, t, i),
            agenda: (site.meetings[i].paragraph_ixs())
                .map(|pi| {
                    let p = paragraph_view(site, t, pi);
                    link(p.heading, &paths::paragraph_dir(site, pi))
                })
                .collect(),
        })
        .collect();
    ctx.insert("title", t.get("take_part"));
    ctx.insert("breadcrumbs", &[home]);
    ctx.insert("consultations", &consultations);
    ctx.insert("propose", &propose);
    ctx.insert("channels", &channels);
    ctx.insert("kinds", &kinds);
    ctx.insert("coming", &coming);
}
