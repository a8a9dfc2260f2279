//! Budget pages: `/ekonomi/` and `/ekonomi/<year>/` from `budget/<year>.yaml`.

use crate::util::{visible_text, Portal};

/// Swedish thousands are split by a narrow no-break space (which the
/// visible text, with white space folded, shows as a space).
fn sv(text: &str) -> String {
    text.replace('_', " ")
}

#[test]
fn a_budget_shows_what_each_hundred_kronor_funds_and_the_change_from_last_year() {
    let portal = Portal::with_overlay("budget");
    portal.build().success();
    let html = portal.read("ekonomi/2020/index.html");
    let page = visible_text(&html);
    for row in [
        "Skola 550_000 tkr 55,0 kr +50_000 tkr (+10,0 %)",
        "Omsorg & vård 300_000 tkr 30,0 kr 0 tkr (0,0 %)",
        "Kultur 150_000 tkr 15,0 kr ny",
        "Totalt 1_000_000 tkr 100,0 kr",
        "Skattesats 2020: 21,75 %.",
        "Förändring från 2019",
    ] {
        assert!(page.contains(&sv(row)), "{row} in {page}");
    }
    // The chart: an SVG with a title and a description for screen readers,
    // bars labelled in text; content cannot inject markup.
    assert!(html.contains(
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"budget-2020-title budget-2020-desc\""
    ));
    assert!(html.contains("<desc id=\"budget-2020-desc\">Av varje hundralapp i skatt går 2020: 55,0 kr till Skola, 30,0 kr till Omsorg &amp; vård"));
    assert!(
        html.contains("550\u{202F}000 tkr"),
        "thousands split by a narrow no-break space"
    );
    assert!(!html.contains("<script>alert"), "{html}");
    // The first year has nothing to compare with.
    let first = visible_text(&portal.read("ekonomi/2019/index.html"));
    assert!(!first.contains("Förändring från"), "{first}");
}

#[test]
fn the_economy_page_shows_the_latest_budget_and_the_tax_rate_year_by_year() {
    let portal = Portal::with_overlay("budget");
    portal.build().success();
    let page = visible_text(&portal.read("ekonomi/index.html"));
    assert!(page.contains("(Budget 2020)"), "{page}");
    assert!(
        page.contains("2020 21,75 % +0,25 procentenheter 2019 21,50 %"),
        "{page}"
    );
    let home = portal.read("index.html");
    assert!(
        home.contains("href=\"ekonomi/index.html\""),
        "the menu links to it"
    );
    let sitemap = portal.sitemap();
    assert!(sitemap.contains("/ekonomi/2019/</loc>"));
}

#[test]
fn a_portal_without_budgets_has_no_economy_pages() {
    let portal = Portal::from_fixture("base");
    portal.build().success();
    assert!(!portal.output().join("ekonomi").exists());
    assert!(!portal.read("index.html").contains("ekonomi/"));
}
