//! The closed vocabularies of the contract: decisions, case statuses and
//! meeting statuses, with the keys clerks write. Their labels, in Swedish and
//! English, live in [`crate::i18n`].

use serde::Serialize;

macro_rules! vocabulary {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $key:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "lowercase")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const KEYS: &'static [&'static str] = &[$($key),+];

            /// The key as written in content files.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            pub fn from_key(key: &str) -> Option<Self> {
                match key { $($key => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

vocabulary!(
    /// What a body did with a paragraph (contract, section 5).
    Decision {
        Proposed = "proposed",
        Referred = "referred",
        Returned = "returned",
        Tabled = "tabled",
        Approved = "approved",
        Rejected = "rejected",
        Answered = "answered",
        Noted = "noted",
        Elected = "elected",
    }
);

vocabulary!(
    /// Where a case stands.
    CaseStatus {
        Open = "open",
        Decided = "decided",
        Withdrawn = "withdrawn",
    }
);

vocabulary!(
    /// Whether a meeting is announced (kallelse) or held (protokoll).
    MeetingStatus {
        Agenda = "agenda",
        Minutes = "minutes",
    }
);

vocabulary!(
    /// What kind of matter a case or paragraph is: a member's motion, a
    /// citizen's proposal, a question, a consultation…
    Kind {
        Motion = "motion",
        Medborgarforslag = "medborgarforslag",
        EForslag = "e-forslag",
        Interpellation = "interpellation",
        Fraga = "fraga",
        Remiss = "remiss",
        Initiativ = "initiativ",
    }
);

vocabulary!(
    /// A way to take part that site.yaml lists (`take_part:`).
    Channel {
        Medborgarforslag = "medborgarforslag",
        EForslag = "e-forslag",
        ETjanst = "e-tjanst",
        SocialaMedier = "sociala-medier",
        Fragestund = "fragestund",
        Annat = "annat",
    }
);

impl Kind {
    /// The kind a title names in its first words ("Motion om …", "Svar på
    /// interpellation om …", "Remissvar gällande …"), if any.
    pub fn from_title(title: &str) -> Option<Kind> {
        let lower = title.trim().to_lowercase();
        let answer = ["svar på ", "besvarande av ", "besvarad "];
        let rest = answer
            .iter()
            .find_map(|a| lower.strip_prefix(a))
            .unwrap_or(&lower);
        let mut words = rest.split(|c: char| c.is_whitespace() || matches!(c, ':' | ',' | '–'));
        Some(match words.next()? {
            "motion" | "motionen" => Kind::Motion,
            "medborgarförslag" | "medborgarförslaget" => Kind::Medborgarforslag,
            "e-förslag" | "e-förslaget" => Kind::EForslag,
            "interpellation" | "interpellationen" => Kind::Interpellation,
            "fråga" | "frågan" => Kind::Fraga,
            "enkel" if words.next() == Some("fråga") => Kind::Fraga,
            "remiss" | "remissen" | "remissvar" | "remissyttrande" => Kind::Remiss,
            "initiativärende" | "initiativ" => Kind::Initiativ,
            _ => return None,
        })
    }
}

impl Decision {
    /// Can the decision be appealed by laglighetsprövning? Not one that
    /// only prepares another body's decision or the case's next step
    /// (kommunallagen 13 kap. 2 §: "beslut som är av rent förberedande
    /// eller rent verkställande art"): a proposal, a referral, a return or
    /// a tabling. Those are the decisions that leave a case open.
    pub fn is_appealable(self) -> bool {
        self.case_status() == CaseStatus::Decided
    }

    /// The status a case has after this decision (the contract's table).
    pub fn case_status(self) -> CaseStatus {
        match self {
            Decision::Proposed | Decision::Referred | Decision::Returned | Decision::Tabled => {
                CaseStatus::Open
            }
            _ => CaseStatus::Decided,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_names_its_kind_in_its_first_words() {
        let cases = [
            (
                "Motion om strategi för digitaliseringsarbete",
                Some(Kind::Motion),
            ),
            ("Motion om en portal – svar", Some(Kind::Motion)),
            (
                "Medborgarförslag om fler bänkar",
                Some(Kind::Medborgarforslag),
            ),
            (
                "Svar på interpellation om skolskjuts",
                Some(Kind::Interpellation),
            ),
            ("Enkel fråga om badplatser", Some(Kind::Fraga)),
            ("Fråga om bredband", Some(Kind::Fraga)),
            ("E-förslag: belysning i parken", Some(Kind::EForslag)),
            ("Remissvar gällande öppna data", Some(Kind::Remiss)),
            ("Initiativärende om lekplatser", Some(Kind::Initiativ)),
            ("Val av justerare", None),
            ("Motionsbesvarande i ordning", None),
            ("Enkelt avhjälpta hinder", None),
        ];
        for (title, kind) in cases {
            assert_eq!(Kind::from_title(title), kind, "{title}");
        }
    }
}
