//! The Kolada API v3's answers, as `insyn fetch` receives them and the
//! cache under `stats/kolada/` keeps them (contract, section 7). Fields
//! Insyn does not use are kept in the cache but not read here.

use serde::Deserialize;
use serde_json::value::RawValue;

/// The API's address; `insyn fetch --api` or `INSYN_KOLADA_API` replace it.
pub const API: &str = "https://api.kolada.se/v3";

/// The municipality id of the whole country.
pub const RIKET: &str = "0000";

/// One answer of the API, or the cache's merge of them: a count, the
/// values, and the address of the next page when there is one.
#[derive(Debug, Deserialize)]
pub struct Answer<T> {
    #[serde(default)]
    pub count: Option<u64>,
    pub values: Vec<T>,
    #[serde(default)]
    pub next_page: Option<String>,
}

/// An answer whose values are kept exactly as the API wrote them.
pub type RawAnswer = Answer<Box<RawValue>>;

/// An indicator's metadata (`GET /v3/kpi/<ids>`).
#[derive(Debug, Clone, Deserialize)]
pub struct Kpi {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// A municipality, region or the country (`GET /v3/municipality/<ids>`).
#[derive(Debug, Clone, Deserialize)]
pub struct Municipality {
    pub id: String,
    pub title: String,
}

/// One indicator's values for one municipality and year
/// (`GET /v3/data/kpi/<kpi>/municipality/<ids>/year/<years>`).
#[derive(Debug, Clone, Deserialize)]
pub struct DataValue {
    pub kpi: String,
    pub municipality: String,
    pub period: i32,
    pub values: Vec<GenderValue>,
}

/// A value for all (`T`), women (`K`) or men (`M`); `value` is null when
/// it was not reported.
#[derive(Debug, Clone, Deserialize)]
pub struct GenderValue {
    pub gender: Gender,
    #[serde(default)]
    pub status: Option<String>,
    pub value: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
pub enum Gender {
    #[serde(rename = "T")]
    Total,
    #[serde(rename = "K")]
    Women,
    #[serde(rename = "M")]
    Men,
}

impl Gender {
    /// The letter Kolada uses.
    pub fn code(self) -> &'static str {
        match self {
            Gender::Total => "T",
            Gender::Women => "K",
            Gender::Men => "M",
        }
    }
}

/// What `insyn fetch` notes beside the answers: where and when it asked.
/// Without this file the cache is taken for example values.
#[derive(Debug, Clone, serde::Serialize, Deserialize)]
pub struct Fetched {
    pub api: String,
    /// RFC 3339, UTC.
    pub fetched: String,
}

/// A Kolada indicator id: a capital letter and five digits (`N00900`).
pub fn is_kpi_id(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() == 6 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit)
}

/// A Kolada municipality id: four digits (`0883`, `0000` for the country).
pub fn is_municipality_id(id: &str) -> bool {
    id.len() == 4 && id.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_data_answer_with_nulls_and_genders() {
        let text = r#"{"count": 1, "values": [{"kpi": "N15419", "municipality": "0883", "period": 2019,
            "values": [{"count": 1, "gender": "K", "status": "", "value": 80.5},
                       {"count": 1, "gender": "M", "status": "", "value": null},
                       {"count": 1, "gender": "T", "status": "", "value": 74.1}]}],
            "next_page": "https://api.kolada.se/v3/data/kpi/N15419/municipality/0883?page=2"}"#;
        let answer: Answer<DataValue> = serde_json::from_str(text).unwrap();
        assert_eq!(answer.values[0].period, 2019);
        let v = &answer.values[0].values;
        assert_eq!(v[0].gender, Gender::Women);
        assert_eq!(v[1].value, None);
        assert_eq!(v[2].value, Some(74.1));
        assert!(answer.next_page.is_some());
    }

    #[test]
    fn tells_ids_apart() {
        assert!(is_kpi_id("N00900"));
        assert!(!is_kpi_id("n00900"));
        assert!(!is_kpi_id("N0090"));
        assert!(is_municipality_id("0883"));
        assert!(!is_municipality_id("883"));
    }
}
