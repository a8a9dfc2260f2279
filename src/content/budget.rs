//! Budgets: `budget/<YYYY>.yaml` (contract, section 7), one year each: its
//! unit, the tax rate and what each line of expenses gets.

use serde::Deserialize;

use super::yaml::{key, parse_mapping, KeySpec, Source};
use super::FileText;
use crate::error::{Diagnostic, ErrorKind};

#[derive(Debug, Clone)]
pub struct BudgetSource {
    pub file: std::path::PathBuf,
    pub year: i32,
    /// `kr`, `tkr` or `mnkr`.
    pub unit: String,
    /// Kommunal skattesats, percent.
    pub tax_rate: Option<f64>,
    /// Each line's name and amount, in the file's order.
    pub expenses: Vec<(String, f64)>,
    /// Invented figures, shown only to show how the pages look (a demo's,
    /// a portal's first draft): every page of it says so.
    pub example: bool,
}

#[derive(Deserialize)]
struct BudgetFile {
    year: Option<i32>,
    unit: Option<String>,
    tax_rate: Option<f64>,
    expenses: Option<Vec<ExpenseEntry>>,
    example: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpenseEntry {
    name: String,
    amount: f64,
}

const BUDGET_KEYS: &[KeySpec] = &[
    key("year", true, "year: 2019"),
    key("unit", false, "unit: tkr"),
    key("tax_rate", false, "tax_rate: 22.21"),
    key(
        "expenses",
        true,
        "expenses:\n  - name: Barn- och utbildningsnämnden\n    amount: 712000",
    ),
    key("example", false, "example: true"),
];

/// The units a budget may be written in.
pub const UNITS: &[&str] = &["kr", "tkr", "mnkr"];

pub fn parse_budget(text: &FileText) -> Result<BudgetSource, Vec<Diagnostic>> {
    let src = text.source();
    let file_year: Option<i32> = text
        .rel
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| s.len() == 4)
        .and_then(|s| s.parse().ok());
    let Some(file_year) = file_year else {
        let name = text.rel.file_name().unwrap_or_default().to_string_lossy();
        return Err(vec![
            src.error_at(None, ErrorKind::BadBudgetFileName(name.into_owned()))
        ]);
    };
    let (file, lines): (BudgetFile, _) = parse_mapping(&src, &text.text, 1, BUDGET_KEYS)?;
    let mut errors = Vec::new();
    let year = file.year.unwrap_or(file_year);
    if year != file_year {
        errors.push(src.error_at(
            lines.line("year"),
            ErrorKind::BudgetYearMismatch { file_year, year },
        ));
    }
    let unit = file.unit.unwrap_or_else(|| "tkr".to_owned());
    if !UNITS.contains(&unit.as_str()) {
        errors.push(src.error_at(
            lines.line("unit"),
            ErrorKind::NotInVocabulary {
                key: "unit",
                value: unit.clone(),
                allowed: UNITS.to_vec(),
            },
        ));
    }
    if file.tax_rate.is_some_and(|r| !(0.0..=100.0).contains(&r)) {
        errors.push(src.error_at(
            lines.line("tax_rate"),
            ErrorKind::BadTaxRate(file.tax_rate.unwrap_or_default().to_string()),
        ));
    }
    let mut expenses = Vec::new();
    for entry in file.expenses.unwrap_or_default() {
        if !entry.amount.is_finite() || entry.amount < 0.0 {
            errors.push(src.error_at(
                amount_line(&src, &entry.name).or(lines.line("expenses")),
                ErrorKind::NegativeAmount(entry.name.clone()),
            ));
        }
        expenses.push((entry.name, entry.amount));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(BudgetSource {
        file: text.rel.clone(),
        year,
        unit,
        tax_rate: file.tax_rate,
        expenses,
        example: file.example.unwrap_or(false),
    })
}

/// The `amount:` line of the expense named `name`: the first after its name.
fn amount_line(src: &Source, name: &str) -> Option<usize> {
    let lines: Vec<&str> = src.text.lines().collect();
    let at = lines.iter().position(|l| l.contains(name))?;
    lines[at..]
        .iter()
        .position(|l| {
            l.trim_start()
                .trim_start_matches("- ")
                .starts_with("amount:")
        })
        .map(|i| at + i + 1)
}
