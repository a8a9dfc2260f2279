//! The glossary, `/ordlista/`: what each decision, case status, meeting
//! status and kind of matter means, and the other words of the minutes
//! (paragraph, diarienummer, adjustment…), in the site's language. Every
//! badge that shows such a word links to its entry here ([`anchor`]).
//! It reads nothing of the model: its words are the contract's.

use super::*;
use crate::model::vocabulary::{Decision, Kind, MeetingStatus};

/// The words that are not one of the vocabularies, by the key of their
/// name (`term_*`) and explanation (`explain_*`).
const TERMS: &[&str] = &[
    "paragraph",
    "case_number",
    "adjusted",
    "announced",
    "appeal",
    "proposal",
    "reservation",
    "confidential",
    "public_access",
];

#[derive(Serialize)]
struct Entry {
    /// Its id on the page, which badges link to.
    id: String,
    term: &'static str,
    explanation: &'static str,
}

#[derive(Serialize)]
struct Group {
    id: &'static str,
    title: &'static str,
    entries: Vec<Entry>,
}

/// The id of a word's entry: `beslut-referred`, `status-open`,
/// `sammantrade-agenda`, `typ-motion`, or a term's key.
pub fn anchor(group: &str, key: &str) -> String {
    format!("{group}-{key}")
}

/// The entries of one vocabulary: each word's `(key, label)`, its
/// explanation under `explain_<kind>_<key>`, its id `<group>-<key>`.
fn words<'w>(
    t: &I18n,
    group: &str,
    kind: &str,
    words: impl Iterator<Item = (&'w str, &'static str)>,
) -> Vec<Entry> {
    words
        .map(|(key, term)| Entry {
            id: anchor(group, key),
            term,
            explanation: t.get(&format!("explain_{kind}_{key}")),
        })
        .collect()
}

pub(super) fn glossary_context(t: &I18n, home: Link, ctx: &mut Context) {
    let decisions = Decision::ALL.iter().map(|d| (d.key(), t.decision(*d)));
    let statuses = CaseStatus::ALL.iter().map(|s| (s.key(), t.case_status(*s)));
    let meetings = MeetingStatus::ALL
        .iter()
        .map(|s| (s.key(), t.meeting_status(*s)));
    let kinds = Kind::ALL.iter().map(|k| (k.key(), t.kind(*k)));
    let terms = TERMS.iter().map(|key| Entry {
        id: key.replace('_', "-"),
        term: t.get(&format!("term_{key}")),
        explanation: t.get(&format!("explain_{key}")),
    });
    let groups = [
        (
            "beslut",
            "glossary_decisions",
            words(t, "beslut", "decision", decisions),
        ),
        (
            "status",
            "glossary_statuses",
            words(t, "status", "status", statuses),
        ),
        (
            "sammantrade",
            "glossary_meetings",
            words(t, "sammantrade", "meeting", meetings),
        ),
        ("typ", "glossary_kinds", words(t, "typ", "kind", kinds)),
        ("ord", "glossary_terms", terms.collect()),
    ];
    let groups: Vec<Group> = groups
        .into_iter()
        .map(|(id, title, entries)| Group {
            id,
            title: t.get(title),
            entries,
        })
        .collect();
    ctx.insert("title", t.get("glossary"));
    ctx.insert("breadcrumbs", &[home]);
    ctx.insert("groups", &groups);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::settings::Language;

    #[test]
    fn every_word_is_explained_in_both_languages() {
        for language in [Language::Sv, Language::En] {
            let t = I18n::new(language);
            let mut ctx = Context::new();
            glossary_context(&t, link("", ""), &mut ctx);
            let json = ctx.into_json();
            let groups = json["groups"].as_array().unwrap();
            let entries: Vec<_> = groups
                .iter()
                .flat_map(|g| g["entries"].as_array().unwrap())
                .collect();
            let words = Decision::ALL.len() + CaseStatus::ALL.len() + MeetingStatus::ALL.len();
            assert_eq!(entries.len(), words + Kind::ALL.len() + TERMS.len());
            for e in entries {
                for field in ["term", "explanation"] {
                    let text = e[field].as_str().unwrap();
                    assert!(text.len() > 3, "{language:?} {e}: {field}");
                }
            }
        }
    }
}
