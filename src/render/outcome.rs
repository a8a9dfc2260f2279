//! What was decided, in words: one sentence per paragraph ("Kommunfullmäktige
//! avslog motionen den 29 oktober 2018, Kf § 178.") and per case (its latest
//! decision, and its next treatment when a coming meeting has it on the
//! agenda), written from the decision, the kind of matter, the body, the
//! meeting's date and the §.

use std::fmt::Write;

use chrono::NaiveDate;

use super::reads::{self, Key};
use crate::content::settings::Body;
use crate::i18n::I18n;
use crate::model::vocabulary::{CaseStatus, Decision, Kind};
use crate::model::{CaseIx, ParagraphIx, Site};

/// The sentence for paragraph `pi`, its matter named as `kind` (the case's
/// kind on a case, else the paragraph's own). A paragraph of a meeting not
/// yet held says when it is to be treated.
pub fn of_paragraph(site: &Site, t: &I18n, pi: ParagraphIx, kind: Option<Kind>) -> String {
    let p = &site.paragraphs[pi];
    let m = site.meeting_of(p);
    reads::record(Key::Meeting(&m.id));
    reads::record(Key::Paragraph(&m.id, p.number));
    let done = p.decision.filter(|_| m.is_held());
    sentence(t, &site.bodies[m.body], m.date, p.number, done, kind)
}

/// The sentence for § `number` of `body`'s meeting on `date`: what
/// `decision` did, or (without one: a meeting not yet held) that the body
/// is to treat the matter then.
pub fn sentence(
    t: &I18n,
    body: &Body,
    date: NaiveDate,
    number: u32,
    decision: Option<Decision>,
    kind: Option<Kind>,
) -> String {
    let key = decision.map_or("outcome_agenda", |d| phrase_key(d, kind));
    let object = t.get(&format!("object_{}", kind.map_or("none", Kind::key)));
    let mut out = String::with_capacity(96);
    // The phrase's placeholders filled in one pass.
    let mut rest = t.get(key);
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').unwrap_or(0);
        match &rest[open + 1..close] {
            "body" => out.push_str(&body.name),
            "object" => out.push_str(object),
            "date" => out.push_str(&t.date(date)),
            other => out.push_str(other),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    let _ = write!(out, ", {} § {number}.", body.abbreviation);
    out
}

/// The sentence for case `ci`: whether it was withdrawn, its latest
/// decision, and its coming treatment.
pub fn of_case(site: &Site, t: &I18n, ci: CaseIx) -> String {
    let c = &site.cases[ci];
    let kind = c.kind;
    let is_held = |pi: &&ParagraphIx| site.meeting_of(&site.paragraphs[**pi]).is_held();
    let latest_held = c.timeline.iter().rev().find(is_held);
    let coming = c.timeline.last().filter(|pi| !is_held(pi));
    let mut sentences = Vec::new();
    if c.status == CaseStatus::Withdrawn {
        sentences.push(t.get("outcome_withdrawn").to_owned());
    }
    for pi in latest_held.into_iter().chain(coming) {
        sentences.push(of_paragraph(site, t, *pi, kind));
    }
    sentences.join(" ")
}

/// Which phrase says what `decision` did to a matter of `kind`: a motion or
/// proposal is granted ("biföll"), any other matter decided.
fn phrase_key(decision: Decision, kind: Option<Kind>) -> &'static str {
    let proposal = matches!(
        kind,
        Some(Kind::Motion | Kind::Medborgarforslag | Kind::EForslag | Kind::Initiativ)
    );
    match decision {
        Decision::Proposed => "outcome_proposed",
        Decision::Referred => "outcome_referred",
        Decision::Returned => "outcome_returned",
        Decision::Tabled => "outcome_tabled",
        Decision::Approved if proposal => "outcome_approved",
        Decision::Approved => "outcome_decided",
        Decision::Rejected => "outcome_rejected",
        Decision::Answered => "outcome_answered",
        Decision::Noted => "outcome_noted",
        Decision::Elected => "outcome_elected",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::settings::Language;

    fn kf() -> Body {
        Body {
            id: "kf".into(),
            name: "Kommunfullmäktige".into(),
            abbreviation: "Kf".into(),
        }
    }

    #[test]
    fn every_decision_reads_as_a_sentence_in_both_languages() {
        let date = NaiveDate::from_ymd_opt(2018, 10, 29).unwrap();
        let motion = Some(Kind::Motion);
        let sv = I18n::new(Language::Sv);
        let say = |d, kind| sentence(&sv, &kf(), date, 178, d, kind);
        let expected = [
            (Decision::Proposed, motion, "Kommunfullmäktige föreslog beslut i motionen den 29 oktober 2018, Kf § 178."),
            (Decision::Referred, motion, "Kommunfullmäktige remitterade motionen den 29 oktober 2018, Kf § 178."),
            (Decision::Returned, motion, "Kommunfullmäktige återremitterade motionen den 29 oktober 2018, Kf § 178."),
            (Decision::Tabled, None, "Kommunfullmäktige bordlade ärendet den 29 oktober 2018, Kf § 178."),
            (Decision::Approved, motion, "Kommunfullmäktige biföll motionen den 29 oktober 2018, Kf § 178."),
            (Decision::Approved, None, "Kommunfullmäktige beslutade i ärendet den 29 oktober 2018, Kf § 178."),
            (Decision::Approved, Some(Kind::Remiss), "Kommunfullmäktige beslutade i remissen den 29 oktober 2018, Kf § 178."),
            (Decision::Rejected, motion, "Kommunfullmäktige avslog motionen den 29 oktober 2018, Kf § 178."),
            (Decision::Answered, Some(Kind::Interpellation), "Kommunfullmäktige besvarade interpellationen den 29 oktober 2018, Kf § 178."),
            (Decision::Noted, Some(Kind::Medborgarforslag), "Kommunfullmäktige lade medborgarförslaget till handlingarna den 29 oktober 2018, Kf § 178."),
            (Decision::Elected, None, "Kommunfullmäktige förrättade valet den 29 oktober 2018, Kf § 178."),
        ];
        for (decision, kind, text) in expected {
            assert_eq!(say(Some(decision), kind), text);
        }
        assert_eq!(
            say(None, Some(Kind::Fraga)),
            "Kommunfullmäktige ska behandla frågan den 29 oktober 2018, Kf § 178."
        );
        let en = I18n::new(Language::En);
        assert_eq!(
            sentence(&en, &kf(), date, 178, Some(Decision::Rejected), motion),
            "Kommunfullmäktige rejected the motion on 29 October 2018, Kf § 178."
        );
        for d in Decision::ALL {
            let english = sentence(&en, &kf(), date, 1, Some(*d), None);
            assert!(
                !english.contains('{') && english.ends_with("Kf § 1."),
                "{english}"
            );
        }
    }
}
