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

impl Decision {
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
