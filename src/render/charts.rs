//! Charts as SVG written by the build: readable without JavaScript, with a
//! title and a description for screen readers, every bar labelled with its
//! name and value in text, every line with its name, its own marker and
//! dash pattern (never told apart by colour alone). Every page that has a
//! chart also has a table with the same numbers.

use std::fmt::Write;

use crate::theme::escape_html;

/// One bar: its name, its value, and the value as the page writes it.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub value_text: String,
}

/// The height of each bar's row: its name above, the bar, its value.
const ROW: f64 = 46.0;
const BAR_HEIGHT: f64 = 18.0;
/// The longest bar, in percent of the chart's width: the rest holds its
/// value.
const BAR_SPACE: f64 = 72.0;

/// A horizontal bar chart from zero: the name above each bar, the value
/// after it. Its width follows the page's (no `viewBox`: text keeps the
/// size the style sheet gives it on a phone too), bars are percentages.
/// `id` must be unique on the page.
pub fn bar_chart(id: &str, title: &str, description: &str, bars: &[Bar]) -> String {
    let height = ROW * bars.len() as f64 + 8.0;
    let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let mut svg = open_svg(id, "chart", height, title, description);
    for (i, bar) in bars.iter().enumerate() {
        let top = ROW * i as f64;
        let width = if max > 0.0 {
            (bar.value.max(0.0) / max * BAR_SPACE).max(0.2)
        } else {
            0.2
        };
        let _ = write!(
            svg,
            r#"<text x="0" y="{:.1}" class="chart-label">{}</text><rect x="0" y="{:.1}" width="{width:.2}%" height="{BAR_HEIGHT}" class="chart-bar"/><text x="{width:.2}%" dx="8" y="{:.1}" class="chart-value">{}</text>"#,
            top + 16.0,
            escape_html(&bar.label),
            top + 22.0,
            top + 36.0,
            escape_html(&bar.value_text)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// An `<svg>` as wide as its place and `height` pixels high, with its title
/// and description for screen readers.
fn open_svg(id: &str, class: &str, height: f64, title: &str, description: &str) -> String {
    format!(
        r#"<svg class="{class}" role="img" aria-labelledby="{id}-title {id}-desc" width="100%" height="{height}" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape_html(title),
        escape_html(description)
    )
}

/// One line of a line chart: its name and a value (or a gap) per year.
pub struct Line {
    pub label: String,
    pub values: Vec<Option<f64>>,
}

/// Line colours: Okabe and Ito's palette for colour-blind readers, darkened
/// where needed so that each line has at least 3:1 contrast on white.
const COLOURS: [&str; 6] = [
    "#0072b2", "#d55e00", "#007a55", "#a04c8a", "#8a6100", "#333333",
];
/// Dash patterns, so that lines differ in grey-scale print too.
const DASHES: [&str; 6] = ["", "8 4", "2 3", "10 3 2 3", "4 2", ""];

const LINE_H: f64 = 300.0;
/// Where the plot ends across the chart, in percent of its width (it
/// begins after the value axis's numbers).
const RIGHT: f64 = 96.0;
/// The narrowest a chart is drawn (a 320 px screen less the page's
/// margins), for room left of the plot for the axis's numbers.
const NARROWEST: f64 = 288.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 36.0;
/// The plot's width in the units of its lines' own drawing.
const PLOT_UNITS: f64 = 1000.0;

/// A line chart over `years`: one line per series, gaps where a value is
/// missing, a marker at every value, the unit above the value axis. The
/// lines are named by the legend the page puts beside it
/// ([`legend_swatch`]). An axis that does not start at zero says so above
/// the plot, in `axis_note` with its `{value}` filled in. Its width follows
/// the page's and its text keeps its size; the last year is written
/// flush with the plot's end, so a narrow screen never cuts it.
/// `number(value, decimals)` writes the axis's numbers. `id` must be unique
/// on the page.
#[allow(clippy::too_many_arguments)]
pub fn line_chart(
    id: &str,
    title: &str,
    description: &str,
    unit: &str,
    years: &[i32],
    lines: &[Line],
    number: &dyn Fn(f64, usize) -> String,
    axis_note: &str,
) -> String {
    let values = || {
        lines
            .iter()
            .flat_map(|l| l.values.iter().flatten().copied())
    };
    let min = values().fold(f64::INFINITY, f64::min);
    let max = values().fold(f64::NEG_INFINITY, f64::max);
    let ticks = if min.is_finite() {
        nice_ticks(min, max)
    } else {
        vec![0.0, 1.0]
    };
    let (lo, hi) = (ticks[0], ticks[ticks.len() - 1]);
    let decimals = tick_decimals(&ticks);
    // Room for the longest number of the axis, at 13 px, on the narrowest
    // screen.
    let widest = ticks
        .iter()
        .map(|t| number(*t, decimals).chars().count())
        .max()
        .unwrap_or(1);
    let left = ((widest as f64 * 7.5 + 10.0) / NARROWEST * 100.0).clamp(8.0, 30.0);
    let not_from_zero = lo > 0.0 || hi < 0.0;
    let top = if not_from_zero { TOP + 18.0 } else { TOP };
    let plot_h = LINE_H - top - BOTTOM;
    // Across: a share of the plot (0–1); down: pixels.
    let share = |i: usize| {
        if years.len() <= 1 {
            0.5
        } else {
            i as f64 / (years.len() - 1) as f64
        }
    };
    let percent = |i: usize| left + (RIGHT - left) * share(i);
    let y = |v: f64| top + plot_h * (1.0 - (v - lo) / (hi - lo));

    let mut svg = open_svg(id, "chart line-chart", LINE_H, title, description);
    let _ = write!(
        svg,
        r#"<text x="0" y="14" class="chart-axis">{}</text>"#,
        escape_html(unit)
    );
    if not_from_zero {
        let from = if lo > 0.0 { lo } else { hi };
        let note = axis_note.replace("{value}", &number(from, decimals));
        let _ = write!(
            svg,
            r#"<text x="0" y="32" class="chart-axis chart-note">{}</text>"#,
            escape_html(&note)
        );
    }
    for tick in &ticks {
        let _ = write!(
            svg,
            r#"<line x1="{left:.2}%" x2="{RIGHT}%" y1="{y:.1}" y2="{y:.1}" class="chart-grid"/><text x="{left:.2}%" dx="-6" y="{:.1}" class="chart-axis" text-anchor="end">{}</text>"#,
            y(*tick) + 4.0,
            escape_html(&number(*tick, decimals)),
            y = y(*tick)
        );
    }
    for i in year_label_positions(years.len()) {
        let last = years.len() > 1 && i + 1 == years.len();
        let anchor = if last { "end" } else { "middle" };
        let _ = write!(
            svg,
            r#"<text x="{:.2}%" y="{:.1}" class="chart-axis" text-anchor="{anchor}">{}</text>"#,
            percent(i),
            LINE_H - BOTTOM + 22.0,
            years[i]
        );
    }
    // The lines, drawn in a plot of their own that stretches across.
    let _ = write!(
        svg,
        r#"<svg x="{left:.2}%" y="{top}" width="{:.2}%" height="{plot_h}" viewBox="0 {top} {PLOT_UNITS} {plot_h}" preserveAspectRatio="none" overflow="visible" aria-hidden="true">"#,
        RIGHT - left
    );
    for (n, line) in lines.iter().enumerate() {
        let points: Vec<Option<(f64, f64)>> = (line.values.iter().enumerate())
            .map(|(i, v)| v.map(|v| (share(i) * PLOT_UNITS, y(v))))
            .collect();
        let dash = match DASHES[n % DASHES.len()] {
            "" => String::new(),
            d => format!(r#" stroke-dasharray="{d}""#),
        };
        let path = line_path(&points);
        if !path.is_empty() {
            let _ = write!(
                svg,
                r#"<path d="{path}" class="chart-line" stroke="{}"{dash} vector-effect="non-scaling-stroke"/>"#,
                COLOURS[n % COLOURS.len()]
            );
        }
    }
    svg.push_str("</svg>");
    // The markers, each in pixels around its point.
    for (n, line) in lines.iter().enumerate() {
        for (i, v) in line.values.iter().enumerate() {
            if let Some(v) = v {
                let _ = write!(
                    svg,
                    r#"<svg x="{:.2}%" y="{:.1}" overflow="visible" aria-hidden="true">{}</svg>"#,
                    percent(i),
                    y(*v),
                    marker(n, 0.0, 0.0)
                );
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

/// A small picture of series `n`'s line and marker, for a legend in HTML.
pub fn legend_swatch(n: usize) -> String {
    let dash = match DASHES[n % DASHES.len()] {
        "" => String::new(),
        d => format!(r#" stroke-dasharray="{d}""#),
    };
    format!(
        r#"<svg class="legend-swatch" aria-hidden="true" focusable="false" viewBox="0 0 36 16" width="36" height="16" xmlns="http://www.w3.org/2000/svg"><path d="M2 8 L34 8" class="chart-line" stroke="{}"{dash}/>{}</svg>"#,
        COLOURS[n % COLOURS.len()],
        marker(n, 18.0, 8.0)
    )
}

/// Series `n`'s marker at a point: circle, square, triangle, diamond,
/// downward triangle or cross.
fn marker(n: usize, x: f64, y: f64) -> String {
    let colour = COLOURS[n % COLOURS.len()];
    let shape = match n % 6 {
        0 => format!(r#"<circle cx="{x:.1}" cy="{y:.1}" r="4.5""#),
        1 => format!(
            r#"<rect x="{:.1}" y="{:.1}" width="8" height="8""#,
            x - 4.0,
            y - 4.0
        ),
        2 => format!(
            r#"<path d="M{x:.1} {:.1} L{:.1} {:.1} L{:.1} {:.1} Z""#,
            y - 5.0,
            x + 5.0,
            y + 4.0,
            x - 5.0,
            y + 4.0
        ),
        3 => format!(
            r#"<path d="M{x:.1} {:.1} L{:.1} {y:.1} L{x:.1} {:.1} L{:.1} {y:.1} Z""#,
            y - 5.5,
            x + 5.5,
            y + 5.5,
            x - 5.5
        ),
        4 => format!(
            r#"<path d="M{x:.1} {:.1} L{:.1} {:.1} L{:.1} {:.1} Z""#,
            y + 5.0,
            x + 5.0,
            y - 4.0,
            x - 5.0,
            y - 4.0
        ),
        _ => format!(
            r#"<path d="M{:.1} {:.1} L{:.1} {:.1} M{:.1} {:.1} L{:.1} {:.1}" stroke-width="2.5" stroke="{colour}""#,
            x - 4.0,
            y - 4.0,
            x + 4.0,
            y + 4.0,
            x - 4.0,
            y + 4.0,
            x + 4.0,
            y - 4.0
        ),
    };
    format!(r#"{shape} fill="{colour}" class="chart-marker"/>"#)
}

/// `M x y L x y …` through the points, broken where a value is missing.
fn line_path(points: &[Option<(f64, f64)>]) -> String {
    let mut d = String::new();
    let mut pen_down = false;
    for (i, p) in points.iter().enumerate() {
        match p {
            Some((x, y)) => {
                let joined = pen_down || points.get(i + 1).is_some_and(Option::is_some);
                if joined {
                    let _ = write!(d, "{}{x:.1} {y:.1} ", if pen_down { "L" } else { "M" });
                    pen_down = true;
                }
            }
            None => pen_down = false,
        }
    }
    d.trim_end().to_owned()
}

/// Which years to write under the axis: at most six (they fit a phone's
/// width), always the last.
fn year_label_positions(count: usize) -> Vec<usize> {
    let step = count.div_ceil(6).max(1);
    let mut at: Vec<usize> = (0..count).rev().step_by(step).collect();
    at.reverse();
    at
}

/// Round axis values: about five ticks on a 1–2–2.5–5 step covering min–max.
pub fn nice_ticks(min: f64, max: f64) -> Vec<f64> {
    let (min, max) = if max - min < f64::EPSILON * max.abs().max(1.0) {
        let pad = (min.abs() * 0.1).max(1.0);
        (min - pad, max + pad)
    } else {
        (min, max)
    };
    let raw = (max - min) / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|f| f * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let lo = (min / step).floor() * step;
    let hi = (max / step).ceil() * step;
    let count = ((hi - lo) / step).round() as usize;
    (0..=count)
        .map(|i| {
            let v = lo + step * i as f64;
            (v / step).round() * step
        })
        .collect()
}

/// Decimals needed to write every tick exactly (`2,5` needs one).
fn tick_decimals(ticks: &[f64]) -> usize {
    (0..=3)
        .find(|d| {
            let scale = 10f64.powi(*d as i32);
            ticks
                .iter()
                .all(|t| ((t * scale).round() - t * scale).abs() < 1e-6)
        })
        .unwrap_or(3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_labelled_and_content_is_escaped() {
        let svg = bar_chart(
            "c",
            "Budget <2019>",
            "What each line gets",
            &[
                Bar {
                    label: "Skola & förskola".into(),
                    value: 50.0,
                    value_text: "50 kr".into(),
                },
                Bar {
                    label: "<script>".into(),
                    value: 25.0,
                    value_text: "25 kr".into(),
                },
            ],
        );
        assert!(svg.contains("<title id=\"c-title\">Budget &lt;2019&gt;</title>"));
        assert!(svg.contains(">Skola &amp; förskola</text>"));
        assert!(!svg.contains("<script>"));
        assert!(
            svg.contains("width=\"72.00%\""),
            "the largest bar is full width"
        );
        assert!(
            svg.contains("width=\"36.00%\""),
            "half the value, half the width: bars start at zero"
        );
        assert!(
            !svg.contains("viewBox"),
            "text is not scaled down on a phone"
        );
    }

    #[test]
    fn ticks_are_round_and_cover_the_values() {
        assert_eq!(nice_ticks(20.8, 22.21), vec![20.5, 21.0, 21.5, 22.0, 22.5]);
        assert_eq!(nice_ticks(0.0, 100.0), vec![0.0, 25.0, 50.0, 75.0, 100.0]);
        assert_eq!(nice_ticks(5.0, 5.0), vec![4.0, 4.5, 5.0, 5.5, 6.0]);
        assert_eq!(tick_decimals(&[20.5, 21.0]), 1);
        assert_eq!(tick_decimals(&[0.0, 25.0]), 0);
    }

    #[test]
    fn a_missing_value_is_a_gap_not_a_zero() {
        let svg = line_chart(
            "k",
            "Skattesats",
            "d",
            "%",
            &[2016, 2017, 2018, 2019, 2020],
            &[Line {
                label: "Västervik".into(),
                values: vec![Some(22.0), Some(22.2), None, Some(22.4), Some(22.5)],
            }],
            &|v, d| format!("{v:.d$}"),
            "the axis starts at {value}",
        );
        let path = svg.split("class=\"chart-line\"").next().unwrap();
        let d = &path[path.rfind("d=\"").unwrap() + 3..];
        assert_eq!(d.matches('M').count(), 2, "two pieces: {d}");
        assert_eq!(d.matches('L').count(), 2, "{d}");
        assert_eq!(svg.matches("<circle").count(), 4, "a marker for each value");
        assert!(
            !svg.contains(">0<"),
            "no zero tick: the axis covers 22–22.5"
        );
        assert!(
            svg.contains(">the axis starts at 22.0</text>"),
            "an axis that does not start at zero says so: {svg}"
        );
        assert!(
            svg.contains(r#"text-anchor="end">2020</text>"#),
            "the last year ends flush with the plot"
        );
    }

    #[test]
    fn an_isolated_value_has_a_marker_but_no_line() {
        let points = [Some((1.0, 1.0)), None, Some((3.0, 3.0)), None];
        assert_eq!(line_path(&points), "");
        let points = [Some((1.0, 1.0)), Some((2.0, 2.0)), None, Some((4.0, 4.0))];
        assert_eq!(line_path(&points), "M1.0 1.0 L2.0 2.0");
    }

    #[test]
    fn at_most_six_years_are_written_and_always_the_last() {
        assert_eq!(year_label_positions(20), vec![3, 7, 11, 15, 19]);
        assert_eq!(year_label_positions(5), vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn an_axis_from_zero_needs_no_note() {
        let line = Line {
            label: "a".into(),
            values: vec![Some(0.0), Some(80.0)],
        };
        let svg = line_chart(
            "z",
            "t",
            "d",
            "%",
            &[2019, 2020],
            &[line],
            &|v, d| format!("{v:.d$}"),
            "from {value}",
        );
        assert!(!svg.contains("chart-note"), "{svg}");
    }
}
