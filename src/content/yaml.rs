//! Reading YAML (front matter and the settings files) into typed values,
//! with every problem located on its line.
//!
//! serde_yaml finds syntax and type errors; this module adds what it cannot:
//! unknown and missing keys reported all at once, the line of each key for
//! later checks, and messages in plain words.

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{Diagnostic, ErrorKind, Location, Wanted, YamlProblem};

/// A Markdown file split into its YAML front matter and its Markdown body.
pub struct FrontMatter<'a> {
    pub yaml: &'a str,
    /// The file line on which the YAML starts (the line after `---`).
    pub yaml_line: usize,
    pub body: &'a str,
}

/// Split `---\n<yaml>\n---\n<markdown>`. The error is located on line 1.
pub fn split_front_matter(text: &str) -> Result<FrontMatter<'_>, ErrorKind> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
        .ok_or(ErrorKind::MissingFrontMatter)?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok(FrontMatter {
                yaml: &rest[..offset],
                yaml_line: 2,
                body: &rest[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(ErrorKind::UnclosedFrontMatter)
}

/// What may stand under one key: its name, whether it must be there, and an
/// example line shown when it is missing or wrong.
pub struct KeySpec {
    pub name: &'static str,
    pub required: bool,
    pub example: &'static str,
}

pub const fn key(name: &'static str, required: bool, example: &'static str) -> KeySpec {
    KeySpec {
        name,
        required,
        example,
    }
}

/// The file line of each top-level key, for locating later checks.
#[derive(Debug, Default, Clone)]
pub struct KeyLines(BTreeMap<String, usize>);

impl KeyLines {
    /// Top-level keys are lines that start at column 1 with `name:`.
    fn scan(yaml: &str, first_line: usize) -> Self {
        let mut map = BTreeMap::new();
        for (i, line) in yaml.lines().enumerate() {
            if let Some(k) = top_level_key(line) {
                map.entry(k.to_owned()).or_insert(first_line + i);
            }
        }
        KeyLines(map)
    }

    pub fn line(&self, key: &str) -> Option<usize> {
        self.0.get(key).copied()
    }

    /// The key whose block holds `line`: the nearest key at or above it.
    fn key_at(&self, line: usize) -> Option<&str> {
        self.0
            .iter()
            .filter(|(_, l)| **l <= line)
            .max_by_key(|(_, l)| **l)
            .map(|(k, _)| k.as_str())
    }
}

fn top_level_key(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '#', '-']) {
        return None;
    }
    let (k, _) = line.split_once(':')?;
    let k = k.trim().trim_matches(['"', '\'']);
    (!k.is_empty()).then_some(k)
}

/// A YAML scalar, whatever YAML made of it (`2018` is a number, `18:30` and
/// `2018-03-26` are strings): read as the text the clerk wrote.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl std::fmt::Display for Scalar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scalar::Text(s) => f.write_str(s),
            Scalar::Int(i) => write!(f, "{i}"),
            Scalar::Float(x) => write!(f, "{x}"),
            Scalar::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// A list of scalars as the texts the clerk wrote (`tags: [a, 2019]`).
pub fn texts(list: Option<Vec<Scalar>>) -> Vec<String> {
    list.unwrap_or_default()
        .into_iter()
        .map(|s| s.to_string())
        .collect()
}

/// One value or a list of them (`case: "2018/71"` or `case: [..]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(Scalar),
    Many(Vec<Scalar>),
}

impl OneOrMany {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.to_string()],
            OneOrMany::Many(v) => v.into_iter().map(|s| s.to_string()).collect(),
        }
    }
}

/// A file's text with its path relative to the content folder, for locating
/// diagnostics and quoting the offending line.
pub struct Source<'a> {
    pub rel: &'a Path,
    pub text: &'a str,
}

impl Source<'_> {
    pub fn error_at(&self, line: Option<usize>, kind: ErrorKind) -> Diagnostic {
        let location = match line {
            Some(l) => Location::at(self.rel, l, 1),
            None => Location::file(self.rel),
        };
        Diagnostic::error(location, kind).with_source(self.text)
    }

    /// A `key:`'s value as written, read by `from_key`; a value it does not
    /// know is an error at `line` that lists the `allowed` values (and
    /// suggests the closest).
    pub fn vocabulary<T>(
        &self,
        line: Option<usize>,
        key: &'static str,
        written: String,
        from_key: impl Fn(&str) -> Option<T>,
        allowed: &[&'static str],
        errors: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        let value = from_key(written.trim());
        if value.is_none() {
            let kind = ErrorKind::NotInVocabulary {
                key,
                value: written,
                allowed: allowed.to_vec(),
            };
            errors.push(self.error_at(line, kind));
        }
        value
    }

    pub fn warning_at(&self, line: Option<usize>, kind: ErrorKind) -> Diagnostic {
        Diagnostic {
            severity: crate::error::Severity::Warning,
            ..self.error_at(line, kind)
        }
    }

    /// The value on a `key: value` line as written, before YAML reads it:
    /// without quotes or a trailing comment (`time: 13.00` → `13.00`).
    pub fn value_on_line(&self, line: usize) -> &str {
        let text = self.text.lines().nth(line.saturating_sub(1)).unwrap_or("");
        let value = text.split_once(':').map_or("", |(_, v)| v).trim();
        let quoted = value.len() >= 2
            && (value.starts_with('"') && value[1..].contains('"')
                || value.starts_with('\'') && value[1..].contains('\''));
        if quoted {
            let quote = &value[..1];
            return value[1..].split(quote).next().unwrap_or("");
        }
        value.split(" #").next().unwrap_or("").trim()
    }

    /// The first line (1-based) at or after line `from` that contains
    /// `needle`: where a value the clerk wrote stands.
    pub fn line_from(&self, from: usize, needle: &str) -> Option<usize> {
        self.occurrence_line(from, needle, 0)
    }

    /// The line of the `n`-th (0-based) occurrence of `needle` at or after
    /// line `from`, for a value written more than once.
    pub fn occurrence_line(&self, from: usize, needle: &str, n: usize) -> Option<usize> {
        self.text
            .lines()
            .enumerate()
            .skip(from.saturating_sub(1))
            .flat_map(|(i, l)| std::iter::repeat_n(i + 1, l.matches(needle).count()))
            .nth(n)
    }
}

/// Read a YAML mapping (a whole settings file, or a front matter starting at
/// `first_line` of the file) into `T`, checking its keys against `specs`.
/// `T`'s fields are all optional; required keys are checked here so that all
/// missing ones are reported together.
pub fn parse_mapping<T: DeserializeOwned>(
    src: &Source,
    yaml: &str,
    first_line: usize,
    specs: &[KeySpec],
) -> Result<(T, KeyLines), Vec<Diagnostic>> {
    let value: serde_yaml::Value = match serde_yaml::from_str(yaml) {
        Ok(serde_yaml::Value::Null) => serde_yaml::Value::Mapping(Default::default()),
        Ok(v) => v,
        Err(e) => {
            return Err(vec![yaml_error(
                src,
                &e,
                first_line,
                &KeyLines::default(),
                specs,
            )])
        }
    };
    let lines = KeyLines::scan(yaml, first_line);
    let Some(mapping) = value.as_mapping() else {
        return Err(vec![
            src.error_at(Some(first_line), ErrorKind::Yaml(YamlProblem::NotKeys))
        ]);
    };
    let mut errors = Vec::new();
    // An escape such as `"\x01"` puts a character in a value that the
    // file's text does not hold (and `read_text` therefore let pass).
    for (k, v) in mapping {
        if let Some(c) = refused_char_in(v) {
            let line = k.as_str().and_then(|k| lines.line(k));
            errors.push(src.error_at(line, ErrorKind::ControlCharacter(c)));
        }
    }
    for k in mapping.keys() {
        let name = match k {
            serde_yaml::Value::String(s) => s.clone(),
            other => serde_yaml::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_owned(),
        };
        if !specs.iter().any(|s| s.name == name) {
            errors.push(src.error_at(
                lines.line(&name),
                ErrorKind::UnknownKey {
                    key: name,
                    allowed: specs.iter().map(|s| s.name.to_owned()).collect(),
                },
            ));
        }
    }
    for spec in specs.iter().filter(|s| s.required) {
        let present = mapping
            .get(spec.name)
            .is_some_and(|v| !v.is_null() && v.as_str() != Some(""));
        if !present {
            let line = lines
                .line(spec.name)
                .unwrap_or(first_line.saturating_sub(1).max(1));
            errors.push(src.error_at(
                Some(line),
                ErrorKind::MissingKey {
                    key: spec.name,
                    example: spec.example,
                },
            ));
        }
    }
    // Converting the parsed value is cheap; only when it fails is the text
    // parsed again, for the line and column of the wrong value.
    match serde_yaml::from_value::<T>(value) {
        Ok(t) if errors.is_empty() => Ok((t, lines)),
        Ok(_) => Err(errors),
        Err(_) => {
            if let Err(e) = serde_yaml::from_str::<T>(yaml) {
                errors.push(yaml_error(src, &e, first_line, &lines, specs));
            }
            Err(errors)
        }
    }
}

/// The first character no feed or calendar can carry in a YAML value's
/// strings, keys included, however deep.
fn refused_char_in(value: &serde_yaml::Value) -> Option<char> {
    use serde_yaml::Value;
    match value {
        Value::String(s) => s.chars().find(|c| crate::error::is_refused_char(*c)),
        Value::Sequence(items) => items.iter().find_map(refused_char_in),
        Value::Mapping(m) => m
            .iter()
            .find_map(|(k, v)| refused_char_in(k).or_else(|| refused_char_in(v))),
        Value::Tagged(t) => refused_char_in(&t.value),
        _ => None,
    }
}

/// Turn a serde_yaml error into a located diagnostic in plain words.
pub fn yaml_error(
    src: &Source,
    e: &serde_yaml::Error,
    first_line: usize,
    lines: &KeyLines,
    specs: &[KeySpec],
) -> Diagnostic {
    let line = e.location().map(|l| l.line() + first_line - 1);
    let column = e.location().map(|l| l.column());
    let raw = e.to_string();
    let message = raw
        .rsplit_once(" at line ")
        .map_or(raw.as_str(), |(m, _)| m)
        .to_owned();
    // serde_yaml prefixes errors inside a key with its path: `documents[0]: …`.
    let (path, detail) = match message.split_once(": ") {
        Some((p, d)) if !p.contains(' ') => (Some(p.to_owned()), d.to_owned()),
        _ => (None, message.clone()),
    };
    let kind = if let Some(unknown) = detail.strip_prefix("unknown field `") {
        let key = unknown.split('`').next().unwrap_or_default().to_owned();
        let allowed = detail
            .split("expected ")
            .nth(1)
            .map(|exp| {
                exp.split('`')
                    .skip(1)
                    .step_by(2)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        ErrorKind::UnknownKey { key, allowed }
    } else if detail.starts_with("invalid type")
        || detail.starts_with("invalid value")
        || detail.starts_with("data did not match")
    {
        let key = path
            .clone()
            .or_else(|| line.and_then(|l| lines.key_at(l)).map(str::to_owned))
            .unwrap_or_default();
        let top = key.split(['[', '.']).next().unwrap_or_default();
        let example = specs
            .iter()
            .find(|s| s.name == top)
            .map_or("", |s| s.example);
        let (found, wanted) = plain_type_error(&detail);
        ErrorKind::WrongType {
            key,
            found,
            wanted,
            example,
        }
    } else if let Some(d) = duplicate_key(src, &detail, line, column) {
        return d;
    } else {
        let (sentence, quote_line) = plain_syntax_error(&message, src, first_line, line);
        if let Some(l) = quote_line {
            // The line where the quote opens, not where the parser gave up.
            let column = src.text.lines().nth(l - 1).and_then(|t| t.find('"'));
            let location = Location::at(src.rel, l, column.map_or(1, |c| c + 1));
            return Diagnostic::error(location, ErrorKind::Yaml(sentence)).with_source(src.text);
        }
        ErrorKind::Yaml(sentence)
    };
    let location = match (line, column) {
        (Some(l), Some(c)) => Location::at(src.rel, l, c),
        _ => Location::file(src.rel),
    };
    Diagnostic::error(location, kind).with_source(src.text)
}

/// serde_yaml's `duplicate entry with key "title"`, which it places at the
/// start of the keys, as an error at the second of the two lines, naming
/// the first.
fn duplicate_key(
    src: &Source,
    detail: &str,
    line: Option<usize>,
    column: Option<usize>,
) -> Option<Diagnostic> {
    let key = detail
        .strip_prefix("duplicate entry with key \"")?
        .split('"')
        .next()?;
    let (start, indent) = (line?, column?.checked_sub(1)?);
    let mut found = Vec::new();
    for (i, text) in src.text.lines().enumerate().skip(start - 1) {
        let (before, rest) = text.split_at(indent.min(text.len()));
        let written = rest
            .strip_prefix(key)
            .or_else(|| rest.strip_prefix(&format!("\"{key}\"")))
            .is_some_and(|after| after.trim_start().starts_with(':'));
        let in_place = before.chars().all(|c| c == ' ' || c == '-');
        let first_char = text.find(|c: char| c != ' ');
        if i + 1 > start
            && first_char.is_some_and(|c| c < indent)
            && !text.trim_start().starts_with('#')
        {
            break;
        }
        if written && in_place && (i + 1 == start || before.trim().is_empty()) {
            found.push(i + 1);
        }
    }
    let (&first_line, &second) = (found.first()?, found.get(1)?);
    let location = Location::at(src.rel, second, indent + 1);
    let kind = ErrorKind::DuplicateKey {
        key: key.to_owned(),
        first_line,
    };
    Some(Diagnostic::error(location, kind).with_source(src.text))
}

/// A YAML syntax error as a [`YamlProblem`] instead of the parser's words
/// (`did not find expected key`), and the line of a double quote opened
/// and never closed at or before the parser's line, which is where the
/// clerk went wrong.
fn plain_syntax_error(
    parser: &str,
    src: &Source,
    first_line: usize,
    line: Option<usize>,
) -> (YamlProblem, Option<usize>) {
    let last = line.unwrap_or(0);
    let unclosed_quote = src
        .text
        .lines()
        .enumerate()
        .skip(first_line.saturating_sub(1))
        .take_while(|(i, _)| *i < last)
        .filter(|(_, l)| !l.trim_start().starts_with('#'))
        .filter(|(_, l)| l.matches('"').count() - l.matches("\\\"").count() == 1)
        .map(|(i, _)| i + 1)
        .last();
    if let Some(l) = unclosed_quote {
        return (YamlProblem::UnclosedQuote, Some(l));
    }
    let problem = match parser {
        p if p.contains("tab") => YamlProblem::Tab,
        p if p.contains("mapping values are not allowed") => YamlProblem::ColonInValue,
        p if p.contains("cannot start any token") => YamlProblem::ReservedCharacter,
        p if p.contains("expected ',' or ']'") => YamlProblem::UnclosedList,
        p if p.contains("expected ',' or '}'") => YamlProblem::UnclosedBraces,
        p if p.contains("duplicate") => YamlProblem::DuplicateKey,
        p if p.contains("could not find expected ':'") => YamlProblem::NoColon,
        p if p.contains("end of stream") => YamlProblem::NotClosed,
        p if p.contains("did not find expected key")
            || p.contains("not allowed in this context") =>
        {
            YamlProblem::Indentation
        }
        p => YamlProblem::Parser(p.to_owned()),
    };
    (problem, None)
}

/// `invalid type: string "x", expected u32` → what was found (`string
/// "x"`) and the kind of value wanted.
fn plain_type_error(detail: &str) -> (String, Wanted) {
    let expected = detail.split("expected ").nth(1).unwrap_or("");
    let wanted = match expected {
        e if e.starts_with('u') || e.starts_with('i') || e.contains("integer") => {
            Wanted::WholeNumber
        }
        e if e.starts_with('f') || e.contains("float") => Wanted::Number,
        e if e.contains("sequence") => Wanted::List,
        e if e.contains("bool") => Wanted::TrueOrFalse,
        e if e.contains("string") || e.contains("Scalar") || e.contains("OneOrMany") => {
            Wanted::Text
        }
        e if e.contains("struct") || e.contains("map") => Wanted::Keys,
        _ => Wanted::Other,
    };
    let found = (detail
        .strip_prefix("invalid type: ")
        .or(detail.strip_prefix("invalid value: ")))
    .and_then(|s| s.split(", expected").next())
    .unwrap_or("this value");
    (found.to_owned(), wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let fm = split_front_matter("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(fm.yaml, "title: A\n");
        assert_eq!(fm.body, "Body\n");
        assert!(matches!(
            split_front_matter("title: A\n"),
            Err(ErrorKind::MissingFrontMatter)
        ));
        assert!(matches!(
            split_front_matter("---\ntitle: A\n"),
            Err(ErrorKind::UnclosedFrontMatter)
        ));
    }

    #[test]
    fn finds_the_key_of_a_line() {
        let lines = KeyLines::scan("title: A\ndocuments:\n  - file: x\nb: 1\n", 2);
        assert_eq!(lines.line("documents"), Some(3));
        assert_eq!(lines.key_at(4), Some("documents"));
        assert_eq!(lines.key_at(5), Some("b"));
    }
}
