//! Charts as SVG written by the build: readable without JavaScript, with a
//! title and a description for screen readers, every bar labelled with its
//! name and value in text (never told apart by colour alone). Every page
//! that has a chart also has a table with the same numbers.

use std::fmt::Write;

/// One bar: its name, its value, and the value as the page writes it.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub value_text: String,
}

const WIDTH: f64 = 640.0;
const ROW: f64 = 46.0;
const BAR_HEIGHT: f64 = 18.0;
/// The longest bar, leaving room for its value text.
const BAR_SPACE: f64 = 470.0;

/// A horizontal bar chart: the name above each bar, the value after it.
/// `id` must be unique on the page.
pub fn bar_chart(id: &str, title: &str, description: &str, bars: &[Bar]) -> String {
    let height = ROW * bars.len() as f64 + 8.0;
    let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(title),
        escape(description)
    );
    for (i, bar) in bars.iter().enumerate() {
        let top = ROW * i as f64;
        let width = if max > 0.0 {
            (bar.value / max * BAR_SPACE).max(1.0)
        } else {
            1.0
        };
        let _ = write!(
            svg,
            r#"<text x="0" y="{:.1}" class="chart-label">{}</text><rect x="0" y="{:.1}" width="{width:.1}" height="{BAR_HEIGHT}" class="chart-bar"/><text x="{:.1}" y="{:.1}" class="chart-value">{}</text>"#,
            top + 16.0,
            escape(&bar.label),
            top + 22.0,
            width + 8.0,
            top + 36.0,
            escape(&bar.value_text)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Text for SVG (XML): `&`, `<`, `>` and quotes escaped.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
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
            svg.contains("width=\"470.0\""),
            "the largest bar is full width"
        );
        assert!(
            svg.contains("width=\"235.0\""),
            "half the value, half the width"
        );
    }
}
