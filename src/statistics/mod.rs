//! Statistics: the Kolada indicators a portal shows (contract, section 7).
//!
//! `stats/indicators.yaml` ([`indicators`]) names them in groups;
//! `insyn fetch` ([`fetch`]) asks the Kolada API and keeps its answers
//! under `stats/kolada/` ([`kolada`] has their shapes); the build reads only
//! that cache, here, into one series per municipality for the pages.

pub mod fetch;
pub mod indicators;
pub mod kolada;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::content::settings::SiteConfig;
use crate::error::{Diagnostic, Diagnostics, ErrorKind, Location};
use indicators::IndicatorsSource;
use kolada::{Answer, DataValue, Fetched, Gender, Kpi, Municipality, RIKET};

/// The cache folder, relative to the content folder.
pub const CACHE: &str = "stats/kolada";

/// What the statistics pages show.
#[derive(Debug, Clone)]
pub struct Statistics {
    /// The portal's municipality first, then the comparisons in site.yaml's order.
    pub areas: Vec<Area>,
    pub groups: Vec<Group>,
    /// When `insyn fetch` wrote the cache; `None` for example values (a
    /// cache that did not come from the API).
    pub fetched: Option<Fetched>,
}

/// A municipality, or the whole country (`0000`).
#[derive(Debug, Clone)]
pub struct Area {
    pub id: String,
    pub name: String,
}

impl Area {
    pub fn is_country(&self) -> bool {
        self.id == RIKET
    }
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub title: String,
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub title: String,
    pub description: String,
    /// Every year from the first to the last with a value, gaps included.
    pub years: Vec<i32>,
    /// One per area, in the order of [`Statistics::areas`].
    pub series: Vec<Series>,
}

/// One area's values of an indicator, by year and gender, with Kolada's
/// status note.
#[derive(Debug, Clone, Default)]
pub struct Series {
    pub values: BTreeMap<(i32, Gender), (Option<f64>, String)>,
}

impl Series {
    pub fn get(&self, year: i32, gender: Gender) -> Option<f64> {
        self.values.get(&(year, gender)).and_then(|(v, _)| *v)
    }

    /// Whether women's or men's values are given.
    pub fn has_gender_split(&self) -> bool {
        self.values
            .iter()
            .any(|((_, g), (v, _))| *g != Gender::Total && v.is_some())
    }
}

impl Indicator {
    /// The latest year with the portal's own value, if any.
    pub fn latest_year(&self) -> Option<i32> {
        let own = self.series.first()?;
        self.years
            .iter()
            .rev()
            .copied()
            .find(|y| own.get(*y, Gender::Total).is_some())
    }

    /// Every value shown, for choosing how many decimals to write.
    pub fn all_values(&self) -> impl Iterator<Item = f64> + '_ {
        self.series
            .iter()
            .flat_map(|s| s.values.values().filter_map(|(v, _)| *v))
    }
}

/// Read the statistics a portal has: `None` without `kolada:` in site.yaml,
/// without stats/indicators.yaml, or without a cache (`insyn fetch` not run
/// yet). A cache that cannot be read is an error on its file and line.
pub fn load(
    root: &Path,
    config: &SiteConfig,
    source: Option<&IndicatorsSource>,
    diags: &mut Diagnostics,
) -> Option<Statistics> {
    let source = source?;
    let Some(kolada) = &config.kolada else {
        diags.push(Diagnostic::warning(
            Location::file(&source.file),
            ErrorKind::StatsWithoutKolada,
        ));
        return None;
    };
    let cache = root.join(CACHE);
    if !cache.join("kpi.json").is_file() {
        diags.push(Diagnostic::warning(
            Location::file(&source.file),
            ErrorKind::KoladaCacheMissing,
        ));
        return None;
    }
    let kpis: Answer<Kpi> = read_json(root, &cache_file("kpi.json"), diags)?;
    let names: Vec<Municipality> = if cache.join("municipality.json").is_file() {
        read_json::<Answer<Municipality>>(root, &cache_file("municipality.json"), diags)?.values
    } else {
        Vec::new()
    };
    let fetched = if cache.join("fetched.json").is_file() {
        Some(read_json::<Fetched>(
            root,
            &cache_file("fetched.json"),
            diags,
        )?)
    } else {
        None
    };
    let areas: Vec<Area> = kolada
        .ids()
        .iter()
        .map(|id| Area {
            id: id.clone(),
            name: area_name(id, &names, config),
        })
        .collect();
    let listing = std::fs::read_to_string(root.join(&source.file)).unwrap_or_default();
    let mut data: BTreeMap<&str, Indicator> = BTreeMap::new();
    for kpi_id in source.kpi_ids() {
        let line = source.line_of(kpi_id).unwrap_or(1);
        let missing = |diags: &mut Diagnostics| {
            diags.push(
                Diagnostic::warning(
                    Location::at(&source.file, line, 1),
                    ErrorKind::KpiNotCached(kpi_id.to_owned()),
                )
                .with_source(&listing),
            )
        };
        let Some(meta) = kpis.values.iter().find(|k| k.id == kpi_id) else {
            missing(diags);
            continue;
        };
        let file = cache_file(&format!("{kpi_id}.json"));
        if !root.join(&file).is_file() {
            missing(diags);
            continue;
        }
        let answer: Answer<DataValue> = read_json(root, &file, diags)?;
        data.insert(kpi_id, indicator(meta, &areas, &answer.values));
    }
    let groups = source
        .groups
        .iter()
        .map(|g| Group {
            id: g.id.clone(),
            title: g.title.clone(),
            indicators: g
                .indicators
                .iter()
                .filter_map(|(id, _)| data.get(id.as_str()).cloned())
                .collect(),
        })
        .filter(|g| !g.indicators.is_empty())
        .collect::<Vec<_>>();
    (!groups.is_empty()).then_some(Statistics {
        areas,
        groups,
        fetched,
    })
}

fn cache_file(name: &str) -> PathBuf {
    Path::new(CACHE).join(name)
}

/// Read a cache file; a file that is not the JSON expected is an error on
/// its line and column.
fn read_json<T: serde::de::DeserializeOwned>(
    root: &Path,
    rel: &Path,
    diags: &mut Diagnostics,
) -> Option<T> {
    let text = match std::fs::read_to_string(root.join(rel)) {
        Ok(text) => text,
        Err(e) => {
            diags.push(Diagnostic::error(
                Location::file(rel),
                ErrorKind::Io(e.to_string()),
            ));
            return None;
        }
    };
    match serde_json::from_str(&text) {
        Ok(value) => Some(value),
        Err(e) => {
            let detail = e.to_string();
            let detail = detail
                .rsplit_once(" at line ")
                .map_or(detail.as_str(), |(d, _)| d);
            diags.push(
                Diagnostic::error(
                    Location::at(rel, e.line().max(1), e.column().max(1)),
                    ErrorKind::BadKoladaCache(detail.to_owned()),
                )
                .with_source(&text),
            );
            None
        }
    }
}

/// Kolada's name for an area; without one, the country is "Riket" and the
/// portal's own municipality is its organisation.
fn area_name(id: &str, names: &[Municipality], config: &SiteConfig) -> String {
    if let Some(m) = names.iter().find(|m| m.id == id) {
        return m.title.clone();
    }
    match id {
        RIKET => "Riket".to_owned(),
        _ if config.kolada.as_ref().is_some_and(|k| k.municipality == id) => {
            config.organisation.clone()
        }
        _ => id.to_owned(),
    }
}

/// One indicator's series for the portal's areas, over every year from the
/// first to the last that has a value.
fn indicator(meta: &Kpi, areas: &[Area], values: &[DataValue]) -> Indicator {
    let mut series: Vec<Series> = vec![Series::default(); areas.len()];
    for v in values.iter().filter(|v| v.kpi == meta.id) {
        let Some(a) = areas.iter().position(|a| a.id == v.municipality) else {
            continue;
        };
        for gv in &v.values {
            series[a].values.insert(
                (v.period, gv.gender),
                (
                    gv.value.filter(|x| x.is_finite()),
                    gv.status.clone().unwrap_or_default(),
                ),
            );
        }
    }
    let with_value = || {
        series
            .iter()
            .flat_map(|s| s.values.iter().filter(|(_, (v, _))| v.is_some()))
            .map(|((year, _), _)| *year)
    };
    let years = match (with_value().min(), with_value().max()) {
        (Some(first), Some(last)) => (first..=last).collect(),
        _ => Vec::new(),
    };
    Indicator {
        id: meta.id.clone(),
        title: meta.title.trim().to_owned(),
        description: meta
            .description
            .clone()
            .unwrap_or_default()
            .trim()
            .to_owned(),
        years,
        series,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(m: &str, year: i32, gender: &str, v: Option<f64>) -> DataValue {
        serde_json::from_value(serde_json::json!({
            "kpi": "N00900", "municipality": m, "period": year,
            "values": [{"gender": gender, "status": "", "value": v, "count": 1}]
        }))
        .unwrap()
    }

    #[test]
    fn years_span_the_values_and_keep_gaps() {
        let meta = Kpi {
            id: "N00900".into(),
            title: "Skattesats till kommun, %".into(),
            description: None,
        };
        let areas = vec![
            Area {
                id: "0883".into(),
                name: "Västervik".into(),
            },
            Area {
                id: "0000".into(),
                name: "Riket".into(),
            },
        ];
        let values = vec![
            value("0883", 2016, "T", Some(22.0)),
            value("0883", 2017, "T", None),
            value("0000", 2019, "T", Some(20.7)),
            value("0883", 2021, "T", None),
            value("1280", 2022, "T", Some(1.0)),
        ];
        let ind = indicator(&meta, &areas, &values);
        assert_eq!(ind.years, vec![2016, 2017, 2018, 2019]);
        assert_eq!(ind.series[0].get(2017, Gender::Total), None);
        assert_eq!(ind.series[1].get(2019, Gender::Total), Some(20.7));
        assert_eq!(ind.latest_year(), Some(2016));
    }
}
