//! `stats/indicators.yaml`: which Kolada indicators the portal shows, in
//! which groups (contract, section 7), each checked on its line.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::kolada::is_kpi_id;
use crate::content::yaml::{key, parse_mapping, KeySpec, Scalar, Source};
use crate::content::FileText;
use crate::error::{Diagnostic, ErrorKind};

/// Where the file is, relative to the content folder.
pub const FILE: &str = "stats/indicators.yaml";

#[derive(Debug, Clone)]
pub struct IndicatorsSource {
    pub file: PathBuf,
    pub groups: Vec<GroupSource>,
}

#[derive(Debug, Clone)]
pub struct GroupSource {
    pub id: String,
    pub title: String,
    /// Kolada KPI ids, each with the line that names it.
    pub indicators: Vec<(String, usize)>,
}

impl IndicatorsSource {
    /// Every KPI id, once, in the order the file first names them.
    pub fn kpi_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        for (id, _) in self.groups.iter().flat_map(|g| &g.indicators) {
            if !ids.contains(&id.as_str()) {
                ids.push(id);
            }
        }
        ids
    }

    /// The line that first names a KPI id.
    pub fn line_of(&self, kpi: &str) -> Option<usize> {
        self.groups
            .iter()
            .flat_map(|g| &g.indicators)
            .find(|(id, _)| id == kpi)
            .map(|(_, line)| *line)
    }
}

#[derive(Deserialize)]
struct IndicatorsFile {
    groups: Option<Vec<GroupEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupEntry {
    id: Scalar,
    title: String,
    indicators: Vec<Scalar>,
}

const KEYS: &[KeySpec] = &[key(
    "groups",
    true,
    "groups:\n  - id: ekonomi\n    title: Ekonomi\n    indicators: [N00900, N00002]",
)];

/// Read `stats/indicators.yaml` when the portal has one.
pub fn load(root: &Path) -> Option<Result<IndicatorsSource, Vec<Diagnostic>>> {
    root.join(FILE).is_file().then(|| {
        crate::content::read_text(root, Path::new(FILE))
            .and_then(|text| crate::content::guarded(&text, parse(&text)))
    })
}

pub fn parse(text: &FileText) -> Result<IndicatorsSource, Vec<Diagnostic>> {
    let src = text.source();
    let (file, lines): (IndicatorsFile, _) = parse_mapping(&src, &text.text, 1, KEYS)?;
    let mut errors = Vec::new();
    let mut groups: Vec<GroupSource> = Vec::new();
    let mut from = lines.line("groups").unwrap_or(1);
    for entry in file.groups.unwrap_or_default() {
        let id = entry.id.to_string();
        let line = line_after(&src, from, &["id:", &id]).unwrap_or(from);
        from = line;
        if !is_slug(&id) {
            errors.push(src.error_at(Some(line), ErrorKind::BadStatsGroupId(id.clone())));
        } else if let Some(first) = groups.iter().find(|g| g.id == id) {
            let first_line = line_after(&src, 1, &["id:", &first.id]).unwrap_or(1);
            errors.push(src.error_at(
                Some(line),
                ErrorKind::DuplicateStatsGroup {
                    id: id.clone(),
                    first_line,
                },
            ));
        }
        if entry.indicators.is_empty() {
            errors.push(src.error_at(Some(line), ErrorKind::EmptyStatsGroup(id.clone())));
        }
        let mut indicators = Vec::new();
        for kpi in entry.indicators.iter().map(Scalar::to_string) {
            let earlier = indicators.iter().filter(|(k, _)| *k == kpi).count();
            let kpi_line = src.occurrence_line(line, &kpi, earlier).unwrap_or(line);
            if !is_kpi_id(&kpi) {
                errors.push(src.error_at(Some(kpi_line), ErrorKind::BadKpiId(kpi.clone())));
            } else if indicators.iter().any(|(k, _)| *k == kpi) {
                errors.push(src.error_at(
                    Some(kpi_line),
                    ErrorKind::KpiListedTwice {
                        kpi: kpi.clone(),
                        group: id.clone(),
                    },
                ));
            }
            indicators.push((kpi, kpi_line));
        }
        groups.push(GroupSource {
            id,
            title: entry.title,
            indicators,
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(IndicatorsSource {
        file: text.rel.clone(),
        groups,
    })
}

/// The first line at or after `from` (1-based) that holds every needle.
fn line_after(src: &Source, from: usize, needles: &[&str]) -> Option<usize> {
    src.text
        .lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| needles.iter().all(|n| l.contains(n)))
        .map(|(i, _)| i + 1)
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<IndicatorsSource, Vec<Diagnostic>> {
        parse(&FileText {
            rel: PathBuf::from(FILE),
            text: text.to_owned(),
        })
    }

    #[test]
    fn reads_groups_and_the_line_of_each_indicator() {
        let src = parse_text(
            "groups:\n  - id: ekonomi\n    title: Ekonomi\n    indicators:\n      - N00900\n      - N00002\n  - id: skola\n    title: Skola\n    indicators: [N15419, N00900]\n",
        )
        .unwrap();
        assert_eq!(src.groups.len(), 2);
        assert_eq!(src.groups[0].indicators[1], ("N00002".into(), 6));
        assert_eq!(src.groups[1].indicators[0], ("N15419".into(), 9));
        assert_eq!(src.kpi_ids(), ["N00900", "N00002", "N15419"]);
        assert_eq!(src.line_of("N00900"), Some(5));
    }

    #[test]
    fn reports_bad_ids_on_their_lines() {
        let errors =
            parse_text("groups:\n  - id: Ekonomi\n    title: Ekonomi\n    indicators: [N0090]\n")
                .unwrap_err();
        let found: Vec<(String, Option<usize>)> = errors
            .iter()
            .map(|d| (d.kind.to_string(), d.location.line))
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].1, Some(2));
        assert_eq!(found[1].1, Some(4));
    }
}
