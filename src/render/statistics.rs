//! The statistics pages, `/statistik/` and `/statistik/<group>/`, and each
//! indicator's CSV file: Kolada's values as sentences, line charts and
//! tables, from [`crate::statistics::Statistics`].

use serde::Serialize;
use tera::Context;

use super::charts::{self, Line};
use super::paths::{href, statistics, statistics_csv, Output};
use crate::i18n::I18n;
use crate::model::Site;
use crate::statistics::kolada::Gender;
use crate::statistics::{Area, Indicator, Statistics};

/// What every statistics page says about where the values come from.
#[derive(Serialize)]
struct SourceView {
    /// The values did not come from the API: say that they are examples.
    example_values: bool,
    /// When `insyn fetch` wrote them, as a date.
    fetched: Option<String>,
}

#[derive(Serialize)]
struct GroupSummary {
    title: String,
    url: String,
    indicators: Vec<IndicatorSummary>,
}

#[derive(Serialize)]
struct IndicatorSummary {
    title: String,
    url: String,
    latest: Option<String>,
}

#[derive(Serialize)]
struct IndicatorView {
    id: String,
    anchor: String,
    title: String,
    description: String,
    latest: Option<String>,
    chart: String,
    legend: Vec<LegendItem>,
    columns: Vec<String>,
    rows: Vec<RowView>,
    /// The CSV file, relative to the group's page.
    csv: String,
}

#[derive(Serialize)]
struct LegendItem {
    label: String,
    swatch: String,
}

#[derive(Serialize)]
struct RowView {
    year: i32,
    /// One per column after the year; `None` where Kolada has no value.
    cells: Vec<Option<String>>,
}

/// `/statistik/`: every group, each indicator with its latest values.
pub fn index_context(site: &Site, t: &I18n, ctx: &mut Context) {
    let stats = statistics(site);
    let groups: Vec<GroupSummary> = stats
        .groups
        .iter()
        .enumerate()
        .map(|(g, group)| {
            let url = href(&Output::StatisticsGroup(g).dir(site));
            GroupSummary {
                title: group.title.clone(),
                indicators: group
                    .indicators
                    .iter()
                    .map(|ind| IndicatorSummary {
                        title: ind.title.clone(),
                        url: format!("{url}#{}", anchor(ind)),
                        latest: latest_sentence(t, stats, ind),
                    })
                    .collect(),
                url,
            }
        })
        .collect();
    ctx.insert("groups", &groups);
    ctx.insert("source", &source_view(t, stats));
}

/// `/statistik/<group>/`: each indicator as a sentence, a chart and a table.
pub fn group_context(site: &Site, t: &I18n, g: usize, ctx: &mut Context) {
    let stats = statistics(site);
    let group = &stats.groups[g];
    let indicators: Vec<IndicatorView> = group
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| indicator_view(site, t, stats, g, i, ind))
        .collect();
    ctx.insert("group_title", &group.title);
    ctx.insert("indicators", &indicators);
    ctx.insert("source", &source_view(t, stats));
}

fn source_view(t: &I18n, stats: &Statistics) -> SourceView {
    SourceView {
        example_values: stats.fetched.is_none(),
        fetched: stats.fetched.as_ref().and_then(|f| {
            let day = f.fetched.get(..10)?;
            chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
                .ok()
                .map(|d| t.date(d))
        }),
    }
}

fn indicator_view(
    site: &Site,
    t: &I18n,
    stats: &Statistics,
    g: usize,
    i: usize,
    ind: &Indicator,
) -> IndicatorView {
    let unit = unit_of(&ind.title);
    let lines: Vec<Line> = stats
        .areas
        .iter()
        .zip(&ind.series)
        .map(|(area, series)| Line {
            label: area_label(t, area),
            values: ind
                .years
                .iter()
                .map(|y| series.get(*y, Gender::Total))
                .collect(),
        })
        .collect();
    let chart = charts::line_chart(
        &format!("chart-{}", anchor(ind)),
        &ind.title,
        &chart_description(t, ind, &lines, &unit),
        &unit,
        &ind.years,
        &lines,
        &|v, d| t.number(v, d),
        t.get("axis_from"),
    );
    let legend = lines
        .iter()
        .enumerate()
        .map(|(n, l)| LegendItem {
            label: l.label.clone(),
            swatch: charts::legend_swatch(n),
        })
        .collect();
    let (columns, rows) = table(t, stats, ind, &unit);
    let csv = statistics_csv(site, g, i);
    IndicatorView {
        id: ind.id.clone(),
        anchor: anchor(ind),
        title: ind.title.clone(),
        description: ind.description.clone(),
        latest: latest_sentence(t, stats, ind),
        chart,
        legend,
        columns,
        rows,
        csv: csv.rsplit('/').next().unwrap_or_default().to_owned(),
    }
}

/// The table's columns after the year (each area's total, then women and
/// men where Kolada splits the values) and its rows, latest year first,
/// every value with the same decimals so that the column lines up.
fn table(t: &I18n, stats: &Statistics, ind: &Indicator, unit: &str) -> (Vec<String>, Vec<RowView>) {
    let decimals = ind.all_values().map(decimals_of).max().unwrap_or(0);
    let mut columns = Vec::new();
    let mut picks: Vec<(usize, Gender)> = Vec::new();
    for (a, area) in stats.areas.iter().enumerate() {
        columns.push(area_label(t, area));
        picks.push((a, Gender::Total));
    }
    for (a, area) in stats.areas.iter().enumerate() {
        if ind.series[a].has_gender_split() {
            for (gender, key) in [(Gender::Women, "stats_women"), (Gender::Men, "stats_men")] {
                columns.push(format!("{}, {}", t.get(key), area_label(t, area)));
                picks.push((a, gender));
            }
        }
    }
    let rows = ind
        .years
        .iter()
        .rev()
        .map(|&year| RowView {
            year,
            cells: picks
                .iter()
                .map(|(a, gender)| {
                    ind.series[*a]
                        .get(year, *gender)
                        .map(|v| value_with_decimals(t, v, unit, decimals))
                })
                .collect(),
        })
        .collect();
    (columns, rows)
}

/// "2024: 22,21 % i Västervik, 20,8 % i riket."
fn latest_sentence(t: &I18n, stats: &Statistics, ind: &Indicator) -> Option<String> {
    let year = ind.latest_year()?;
    let unit = unit_of(&ind.title);
    let parts: Vec<String> = stats
        .areas
        .iter()
        .zip(&ind.series)
        .map(|(area, series)| match series.get(year, Gender::Total) {
            Some(v) => format!("{} {}", value_text(t, v, &unit), in_area(t, area)),
            None => format!("{} {}", t.get("stats_no_value_for"), area_label(t, area)),
        })
        .collect();
    Some(format!("{year}: {}.", parts.join(", ")))
}

/// "Skattesats till kommun, %, 2010–2024. Västervik: från 21,5 % (2010) till
/// 22,21 % (2024); …" — what a reader of the chart would see.
fn chart_description(t: &I18n, ind: &Indicator, lines: &[Line], unit: &str) -> String {
    let span = match (ind.years.first(), ind.years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    };
    let trends: Vec<String> = lines
        .iter()
        .filter_map(|line| {
            let mut known = ind
                .years
                .iter()
                .zip(&line.values)
                .filter_map(|(y, v)| v.map(|v| (*y, v)));
            let first = known.next()?;
            let last = known.next_back().unwrap_or(first);
            Some(format!(
                "{}: {} {} ({}) {} {} ({})",
                line.label,
                t.get("stats_from"),
                value_text(t, first.1, unit),
                first.0,
                t.get("stats_to"),
                value_text(t, last.1, unit),
                last.0
            ))
        })
        .collect();
    format!(
        "{}, {span}. {}. {}",
        t.get("stats_chart"),
        trends.join("; "),
        t.get("stats_chart_table")
    )
}

/// One indicator's values, every area, year and gender Kolada gave, as CSV
/// (RFC 4180, UTF-8, a header row, decimal point).
pub fn csv(site: &Site, t: &I18n, g: usize, i: usize) -> Vec<u8> {
    let stats = statistics(site);
    let ind = &stats.groups[g].indicators[i];
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = [
        "stats_csv_kpi",
        "stats_csv_code",
        "stats_csv_area",
        "stats_csv_year",
        "stats_csv_gender",
        "stats_csv_value",
        "stats_csv_status",
    ]
    .map(|k| t.get(k));
    let _ = out.write_record(header);
    for (area, series) in stats.areas.iter().zip(&ind.series) {
        for ((year, gender), (value, status)) in &series.values {
            let _ = out.write_record([
                ind.id.as_str(),
                &area.id,
                &crate::opendata::spreadsheet_text(&area.name),
                &year.to_string(),
                gender.code(),
                &value.map(|v| v.to_string()).unwrap_or_default(),
                status,
            ]);
        }
    }
    out.into_inner().unwrap_or_default()
}

/// The unit Kolada writes after the last comma of a title:
/// "Skattesats till kommun, %" → "%", "Nettokostnad, kr/inv" → "kr/inv",
/// "…, andel (%)" → "%", "Invånare totalt, antal" → "".
pub fn unit_of(title: &str) -> String {
    let Some((_, last)) = title.rsplit_once(", ") else {
        return String::new();
    };
    let last = last.trim();
    if last == "%" || last.ends_with("(%)") {
        "%".to_owned()
    } else if let Some(rest) = last.strip_prefix("antal") {
        rest.trim().to_owned()
    } else if last.chars().count() <= 12 {
        last.to_owned()
    } else {
        String::new()
    }
}

/// A value as a sentence writes it: as many decimals as Kolada gives (at
/// most two), Swedish or English style, and the unit after a no-break space.
fn value_text(t: &I18n, value: f64, unit: &str) -> String {
    value_with_decimals(t, value, unit, decimals_of(value))
}

/// The decimals Kolada gives a value, at most two.
fn decimals_of(value: f64) -> usize {
    let shortest = value.to_string();
    shortest.split_once('.').map_or(0, |(_, f)| f.len().min(2))
}

fn value_with_decimals(t: &I18n, value: f64, unit: &str, decimals: usize) -> String {
    let number = t.number(value, decimals);
    if unit.is_empty() {
        number
    } else {
        format!("{number}\u{a0}{unit}")
    }
}

/// The name a legend or a table column gives an area.
fn area_label(t: &I18n, area: &Area) -> String {
    if area.is_country() {
        t.get("stats_country").to_owned()
    } else {
        area.name.clone()
    }
}

/// "i Västervik", "i riket".
fn in_area(t: &I18n, area: &Area) -> String {
    if area.is_country() {
        t.get("stats_in_country").to_owned()
    } else {
        format!("{} {}", t.get("stats_in"), area.name)
    }
}

/// The id of an indicator's heading on its group's page.
pub fn anchor(ind: &Indicator) -> String {
    ind.id.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::settings::Language;

    #[test]
    fn reads_the_unit_from_kolada_titles() {
        assert_eq!(unit_of("Skattesats till kommun, %"), "%");
        assert_eq!(unit_of("Nettokostnad, kr/inv"), "kr/inv");
        assert_eq!(
            unit_of("Elever i åk. 9 som uppnått kunskapskraven i alla ämnen, kommunala skolor, andel (%)"),
            "%"
        );
        assert_eq!(unit_of("Invånare totalt, antal"), "");
        assert_eq!(
            unit_of("Personaltäthet särskilt boende äldreomsorg, antal per plats"),
            "per plats"
        );
        assert_eq!(unit_of("Utan enhet"), "");
    }

    #[test]
    fn writes_values_with_the_decimals_kolada_gives() {
        let sv = I18n::new(Language::Sv);
        assert_eq!(value_text(&sv, 22.21, "%"), "22,21\u{a0}%");
        assert_eq!(value_text(&sv, 20.8, "%"), "20,8\u{a0}%");
        assert_eq!(value_text(&sv, 49876.0, ""), "49\u{202F}876");
        assert_eq!(value_text(&sv, 0.123456, ""), "0,12");
        let en = I18n::new(Language::En);
        assert_eq!(value_text(&en, 1234.5, "kr/inv"), "1,234.5\u{a0}kr/inv");
    }
}
