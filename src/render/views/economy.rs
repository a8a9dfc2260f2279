//! The economy pages: the budgets and the tax rate over the years.

use super::*;

#[derive(Serialize)]
struct BudgetLineView<'a> {
    name: &'a str,
    amount: String,
    per_hundred: String,
    change: Option<String>,
}

#[derive(Serialize)]
struct BudgetView<'a> {
    year: i32,
    url: String,
    unit: &'a str,
    total: String,
    /// `100,0 kr`: the per-hundred column's total.
    hundred: String,
    tax_rate: Option<String>,
    previous_year: Option<i32>,
    lines: Vec<BudgetLineView<'a>>,
    /// The SVG bar chart of what each 100 kronor funds.
    chart: String,
    /// Its figures are invented (`example: true`): the page says so.
    example: bool,
}

/// One year's budget: each line's amount, its share of every 100 kronor,
/// and its change from the year before.
fn budget_view<'a>(site: &'a Site, t: &I18n, i: usize) -> BudgetView<'a> {
    let budget = &site.budgets[i];
    let total: f64 = budget.expenses.iter().map(|(_, amount)| amount).sum();
    let share = |amount: f64| {
        if total > 0.0 {
            amount / total * 100.0
        } else {
            0.0
        }
    };
    let previous = i.checked_sub(1).map(|p| &site.budgets[p]);
    let unit = budget.unit.as_str();
    let lines: Vec<BudgetLineView> = budget
        .expenses
        .iter()
        .map(|(name, amount)| BudgetLineView {
            name,
            amount: format!("{} {unit}", t.number(*amount, 0)),
            per_hundred: format!("{} kr", t.number(share(*amount), 1)),
            change: previous.map(|p| match p.expenses.iter().find(|(n, _)| n == name) {
                Some((_, before)) => change_text(t, *amount - before, *before, &p.unit, unit),
                None => t.get("budget_new_line").to_owned(),
            }),
        })
        .collect();
    let bars: Vec<charts::Bar> = budget
        .expenses
        .iter()
        .zip(&lines)
        .map(|((name, amount), line)| charts::Bar {
            label: name.clone(),
            value: share(*amount),
            value_text: line.per_hundred.clone(),
        })
        .collect();
    let title = format!(
        "{} {} {}",
        t.get("per_hundred"),
        t.get("budget").to_lowercase(),
        budget.year
    );
    let description = format!(
        "{} {}: {}",
        t.get("per_hundred_sentence"),
        budget.year,
        bars.iter()
            .map(|b| format!("{} {} {}", b.value_text, t.get("per_hundred_to"), b.label))
            .collect::<Vec<_>>()
            .join(", ")
    );
    BudgetView {
        year: budget.year,
        url: href(&format!("ekonomi/{}/", budget.year)),
        unit,
        total: format!("{} {unit}", t.number(total, 0)),
        hundred: format!("{} kr", t.number(100.0, 1)),
        tax_rate: budget.tax_rate.map(|r| format!("{} %", t.number(r, 2))),
        previous_year: previous.map(|p| p.year),
        lines,
        chart: charts::bar_chart(
            &format!("budget-{}", budget.year),
            &title,
            &description,
            &bars,
        ),
        example: budget.example,
    }
}

/// `+12 000 tkr (+1,7 %)`; amounts in another unit than last year's are
/// compared only in percent.
fn change_text(t: &I18n, diff: f64, before: f64, before_unit: &str, unit: &str) -> String {
    let percent = (before > 0.0).then(|| diff / before * 100.0);
    let percent_text = percent
        .map(|p| format!("{} %", signed(t, p, 1)))
        .unwrap_or_default();
    if before_unit != unit {
        return percent_text;
    }
    match percent {
        Some(_) => format!("{} {unit} ({percent_text})", signed(t, diff, 0)),
        None => format!("{} {unit}", signed(t, diff, 0)),
    }
}

/// A change: `+` before a rise (a fall has its minus already).
fn signed(t: &I18n, value: f64, decimals: usize) -> String {
    let sign = if value > 0.0 { "+" } else { "" };
    format!("{sign}{}", t.number(value, decimals))
}

fn budget_year_links(site: &Site) -> Vec<Link> {
    site.budgets
        .iter()
        .rev()
        .map(|b| link(b.year.to_string(), &format!("ekonomi/{}/", b.year)))
        .collect()
}

#[derive(Serialize)]
struct TaxRateView {
    year: i32,
    rate: String,
    change: Option<String>,
}

/// The tax rate of every budget year that gives one, newest first, with
/// its change in percentage points.
fn tax_rate_history(site: &Site, t: &I18n) -> Vec<TaxRateView> {
    let rates: Vec<(i32, f64)> = site
        .budgets
        .iter()
        .filter_map(|b| b.tax_rate.map(|r| (b.year, r)))
        .collect();
    let mut out: Vec<TaxRateView> = rates
        .iter()
        .enumerate()
        .map(|(i, (year, rate))| TaxRateView {
            year: *year,
            rate: format!("{} %", t.number(*rate, 2)),
            change: i.checked_sub(1).map(|p| {
                format!(
                    "{} {}",
                    signed(t, rate - rates[p].1, 2),
                    t.get("percentage_points")
                )
            }),
        })
        .collect();
    out.reverse();
    out
}

/// `/ekonomi/`: the latest budget and the tax rate over the years.
pub(super) fn economy_context(site: &Site, t: &I18n, home: Link, ctx: &mut Context) {
    ctx.insert("title", t.get("economy"));
    ctx.insert("breadcrumbs", &[home]);
    let latest = site.budgets.len() - 1;
    ctx.insert("budget", &budget_view(site, t, latest));
    ctx.insert("years", &budget_year_links(site));
    ctx.insert("tax_rates", &tax_rate_history(site, t));
}

/// `/ekonomi/<year>/`: one budget.
pub(super) fn budget_context(site: &Site, t: &I18n, i: usize, home: Link, ctx: &mut Context) {
    let budget = budget_view(site, t, i);
    ctx.insert("title", &format!("{} {}", t.get("budget"), budget.year));
    ctx.insert("breadcrumbs", &[home, link(t.get("economy"), "ekonomi/")]);
    ctx.insert("budget", &budget);
    ctx.insert("years", &budget_year_links(site));
}
