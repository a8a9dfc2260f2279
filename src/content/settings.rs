//! site.yaml and bodies.yaml: the portal's settings and its decision-making
//! bodies (contract, sections 2 and 3).

use std::path::Path;

use serde::Deserialize;

use super::yaml::{key, parse_mapping, yaml_error, KeyLines, KeySpec, Scalar, Source};
use crate::error::{Diagnostic, ErrorKind};
use crate::model::vocabulary::Channel;
use crate::statistics::kolada::is_municipality_id;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Sv,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Sv => "sv",
            Language::En => "en",
        }
    }

    /// The Open Graph locale a shared link is tagged with.
    pub fn og_locale(self) -> &'static str {
        match self {
            Language::Sv => "sv_SE",
            Language::En => "en_GB",
        }
    }
}

/// The language a portal's messages are in: its `language:` in site.yaml,
/// or Swedish (the default) when site.yaml has none or cannot be read —
/// the diagnostics then say why.
pub fn language_of(content: &std::path::Path) -> Language {
    let text = std::fs::read_to_string(content.join("site.yaml")).unwrap_or_default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let site: serde_yaml::Value = serde_yaml::from_str(text).unwrap_or_default();
    match site.get("language").and_then(serde_yaml::Value::as_str) {
        Some("en") => Language::En,
        _ => Language::Sv,
    }
}

/// The validated contents of site.yaml.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub organisation: String,
    pub language: Language,
    /// Always ends with `/`.
    pub base_url: String,
    pub theme: String,
    pub contact: Option<String>,
    pub kolada: Option<Kolada>,
    /// The licence of the open data files (`data_licence:`).
    pub data_licence: Licence,
    /// Ways to take part: e-services, social media, question time…
    pub take_part: Vec<TakePart>,
    /// The administrative court that hears appeals (`appeal_court:`).
    pub appeal_court: Option<Court>,
    /// Where to ask for a public document that is not on the web
    /// (`registry:`).
    pub registry: Option<Registry>,
    /// The host the portal is published on (`hosting:`), whose limits the
    /// build checks the output against; and the line it is named on.
    pub hosting: Option<(crate::hosting::Host, usize)>,
    /// A feed per case (`case_feeds: true`; off by default: a file per
    /// case).
    pub case_feeds: bool,
    /// Gzip and Brotli copies beside every text file (`precompress:`).
    pub precompress: bool,
}

/// A way to take part (`take_part:` in site.yaml): what it is, where, and
/// a sentence on how.
#[derive(Debug, Clone, PartialEq)]
pub struct TakePart {
    pub channel: Channel,
    pub title: String,
    pub url: String,
    pub text: Option<String>,
}

/// The administrative court (förvaltningsrätt) that hears appeals of the
/// municipality's decisions.
#[derive(Debug, Clone, PartialEq)]
pub struct Court {
    pub name: String,
    pub address: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TakePartEntry {
    kind: Option<String>,
    title: Option<String>,
    url: Option<String>,
    text: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CourtEntry {
    name: String,
    address: Option<String>,
    url: Option<String>,
}

/// A licence for the open data: its address and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Licence {
    pub url: String,
    pub name: String,
}

/// The licences `data_licence:` knows by their SPDX id; the first is the
/// default.
const LICENCES: &[(&str, &str, &str)] = &[
    (
        "CC0-1.0",
        "CC0 1.0 Universell",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    (
        "CC-BY-4.0",
        "CC BY 4.0 Erkännande",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    (
        "CC-BY-SA-4.0",
        "CC BY-SA 4.0 Erkännande-DelaLika",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
];

impl Licence {
    /// A known SPDX id, or a licence's web address.
    fn from_value(value: &str) -> Option<Licence> {
        if let Some((_, name, url)) = LICENCES.iter().find(|(id, _, _)| *id == value) {
            return Some(Licence {
                url: (*url).to_owned(),
                name: (*name).to_owned(),
            });
        }
        is_web_address(value).then(|| Licence {
            url: value.to_owned(),
            name: value.to_owned(),
        })
    }
}

/// `kolada:` in site.yaml: the portal's municipality and those shown beside
/// it, as Kolada ids (four digits, `0000` for the whole country).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kolada {
    pub municipality: String,
    pub compare: Vec<String>,
}

impl Kolada {
    /// The municipality, then each comparison once.
    pub fn ids(&self) -> Vec<String> {
        let mut ids = vec![self.municipality.clone()];
        for id in &self.compare {
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        ids
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct KoladaEntry {
    municipality: Scalar,
    #[serde(default)]
    compare: Vec<Scalar>,
}

#[derive(Deserialize)]
struct SiteFile {
    title: Option<String>,
    organisation: Option<String>,
    language: Option<String>,
    base_url: Option<String>,
    theme: Option<String>,
    contact: Option<String>,
    kolada: Option<KoladaEntry>,
    data_licence: Option<String>,
    take_part: Option<Vec<TakePartEntry>>,
    appeal_court: Option<CourtEntry>,
    registry: Option<String>,
    hosting: Option<String>,
    case_feeds: Option<bool>,
    precompress: Option<bool>,
}

pub const SITE_EXAMPLE: &str = "  title: \"Insyn – Exempelviks kommun\"\n  organisation: \"Exempelviks kommun\"\n  base_url: \"https://insyn.example.se/\"";
pub const BODIES_EXAMPLE: &str = "  - id: kf\n    name: Kommunfullmäktige\n    abbreviation: Kf";

const SITE_KEYS: &[KeySpec] = &[
    key("title", true, "title: \"Insyn – Exempelviks kommun\""),
    key("organisation", true, "organisation: \"Exempelviks kommun\""),
    key("language", false, "language: sv"),
    key("base_url", true, "base_url: \"https://insyn.example.se/\""),
    key("theme", false, "theme: default"),
    key("contact", false, "contact: \"registrator@example.se\""),
    key(
        "kolada",
        false,
        "kolada:\n  municipality: \"0883\"\n  compare: [\"0000\"]",
    ),
    key("data_licence", false, "data_licence: CC0-1.0"),
    key(
        "take_part",
        false,
        "take_part:\n  - kind: e-tjanst\n    title: \"Lämna en synpunkt\"\n    url: \"https://www.example.se/synpunkt\"",
    ),
    key("registry", false, "registry: \"registrator@example.se\""),
    key(
        "appeal_court",
        false,
        "appeal_court:\n  name: \"Förvaltningsrätten i Växjö\"\n  address: \"Box 42, 351 03 Växjö\"",
    ),
    key("hosting", false, "hosting: github-pages"),
    key("case_feeds", false, "case_feeds: true"),
    key("precompress", false, "precompress: true"),
];

/// A theme is named by its folder in `themes/`, never by a path: its
/// `static/` files are published, so it may not be any folder elsewhere.
fn is_theme_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Read site.yaml. `portal_root` is the folder that holds `content/` and
/// `themes/`; a theme other than `default` must have a folder there.
pub fn parse_site(src: &Source, portal_root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
    let (file, lines): (SiteFile, KeyLines) = parse_mapping(src, src.text, 1, SITE_KEYS)?;
    let mut errors = Vec::new();
    let language = match file.language.as_deref().unwrap_or("sv") {
        "sv" => Language::Sv,
        "en" => Language::En,
        other => {
            errors.push(src.error_at(
                lines.line("language"),
                ErrorKind::NotInVocabulary {
                    key: "language",
                    value: other.to_owned(),
                    allowed: vec!["sv", "en"],
                },
            ));
            Language::Sv
        }
    };
    let mut base_url = file.base_url.unwrap_or_default();
    if !is_web_address(&base_url) {
        errors.push(src.error_at(
            lines.line("base_url"),
            ErrorKind::NotAWebAddress {
                key: "base_url",
                value: base_url.clone(),
            },
        ));
    }
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    let theme = file.theme.unwrap_or_else(|| "default".to_owned());
    if !is_theme_name(&theme) {
        errors.push(src.error_at(lines.line("theme"), ErrorKind::ThemeNotAName(theme.clone())));
    } else if theme != "default" && !portal_root.join("themes").join(&theme).is_dir() {
        let folders = std::fs::read_dir(portal_root.join("themes"))
            .into_iter()
            .flatten();
        let mut known: Vec<String> = folders
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| !name.starts_with('.'))
            .collect();
        known.push("default".to_owned());
        known.sort();
        let kind = ErrorKind::UnknownTheme {
            name: theme.clone(),
            known,
        };
        errors.push(src.error_at(lines.line("theme"), kind));
    }
    let kolada = file.kolada.map(|k| Kolada {
        municipality: k.municipality.to_string(),
        compare: k.compare.iter().map(Scalar::to_string).collect(),
    });
    if let Some(k) = &kolada {
        for id in std::iter::once(&k.municipality).chain(&k.compare) {
            if !is_municipality_id(id) {
                let line = src
                    .line_from(lines.line("kolada").unwrap_or(1), id)
                    .or(lines.line("kolada"));
                errors.push(src.error_at(line, ErrorKind::BadMunicipalityId(id.clone())));
            }
        }
    }
    let licence_value = file
        .data_licence
        .unwrap_or_else(|| LICENCES[0].0.to_owned());
    let data_licence = Licence::from_value(licence_value.trim()).unwrap_or_else(|| {
        errors.push(src.error_at(
            lines.line("data_licence"),
            ErrorKind::UnknownLicence(licence_value.clone()),
        ));
        Licence::from_value(LICENCES[0].0).expect("the default licence is known")
    });
    let take_part = read_take_part(src, &lines, file.take_part, &mut errors);
    let appeal_court = file.appeal_court.map(|c| {
        let from = lines.line("appeal_court").unwrap_or(1);
        check_address(src, from, "url", c.url.as_deref(), &mut errors);
        Court {
            name: c.name,
            address: c.address.filter(|a| !a.trim().is_empty()),
            url: c.url,
        }
    });
    let registry = file.registry.filter(|r| !r.trim().is_empty());
    if let Some(value) = registry.as_deref().filter(|r| Registry::of(r).is_none()) {
        let line = lines.line("registry");
        errors.push(src.error_at(line, ErrorKind::NotARegistryAddress(value.to_owned())));
    }
    let hosting = file.hosting.and_then(|name| {
        use crate::hosting::Host;
        let line = lines.line("hosting");
        let host = src.vocabulary(
            line,
            "hosting",
            name,
            Host::from_key,
            &Host::KEYS,
            &mut errors,
        );
        host.map(|h| (h, line.unwrap_or(1)))
    });
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(SiteConfig {
        title: file.title.unwrap_or_default(),
        organisation: file.organisation.unwrap_or_default(),
        language,
        base_url,
        theme,
        contact: file.contact.filter(|c| !c.trim().is_empty()),
        kolada,
        data_licence,
        take_part,
        appeal_court,
        registry: registry.as_deref().and_then(Registry::of),
        hosting,
        case_feeds: file.case_feeds.unwrap_or(false),
        precompress: file.precompress.unwrap_or(false),
    })
}

/// Where the municipality's registry (registratur) takes requests for
/// public documents: an e-mail address, or a web form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registry {
    Email(String),
    Form(String),
}

impl Registry {
    /// `registrator@kommun.se` or `https://…`; `None` for anything else.
    pub fn of(value: &str) -> Option<Registry> {
        let value = value.trim();
        if is_web_address(value) {
            return Some(Registry::Form(value.to_owned()));
        }
        let (name, domain) = value
            .strip_prefix("mailto:")
            .unwrap_or(value)
            .split_once('@')?;
        let plain = |s: &str| {
            !s.is_empty() && !s.contains(|c: char| c.is_whitespace() || "<>\"@,;?&".contains(c))
        };
        (plain(name) && plain(domain) && domain.contains('.'))
            .then(|| Registry::Email(format!("{name}@{domain}")))
    }
}

/// `take_part:`, each entry's kind and address checked on its own line.
fn read_take_part(
    src: &Source,
    lines: &KeyLines,
    entries: Option<Vec<TakePartEntry>>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<TakePart> {
    let from = lines.line("take_part").unwrap_or(1);
    let items = list_item_lines(src.text, from);
    let mut out = Vec::new();
    for (n, e) in entries.unwrap_or_default().into_iter().enumerate() {
        let item = items.get(n).copied().unwrap_or(from);
        let required = [
            ("kind", e.kind.is_none(), "- kind: e-tjanst"),
            ("title", e.title.is_none(), "  title: \"Lämna en synpunkt\""),
            (
                "url",
                e.url.is_none(),
                "  url: \"https://www.example.se/synpunkt\"",
            ),
        ];
        for (key, _, example) in required.into_iter().filter(|(_, missing, _)| *missing) {
            errors.push(src.error_at(Some(item), ErrorKind::MissingKey { key, example }));
        }
        let (Some(kind), Some(title), Some(url)) = (e.kind, e.title, e.url) else {
            continue;
        };
        let channel = Channel::from_key(kind.trim());
        if channel.is_none() {
            let line = src.line_from(item, &format!("kind: {}", kind.trim()));
            errors.push(src.error_at(
                line.or(Some(item)),
                ErrorKind::NotInVocabulary {
                    key: "kind",
                    value: kind,
                    allowed: Channel::KEYS.to_vec(),
                },
            ));
        }
        check_address(src, item, "url", Some(&url), errors);
        out.extend(channel.map(|channel| TakePart {
            channel,
            title,
            url,
            text: e.text.filter(|t| !t.trim().is_empty()),
        }));
    }
    out
}

/// The lines on which the items of a list start (`- ` at the list's
/// indentation): the file's own list (`from` 0, as bodies.yaml), or the
/// list under the key on line `from`, until the next key of the file.
fn list_item_lines(text: &str, from: usize) -> Vec<usize> {
    let mut items = Vec::new();
    let mut indent = None;
    for (i, line) in text.lines().enumerate().skip(from) {
        let trimmed = line.trim_start();
        let at = line.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if at == 0 && !trimmed.starts_with('-') {
            break;
        }
        let item = trimmed.starts_with("- ") || trimmed == "-";
        if item && indent.is_none_or(|i| i == at) {
            indent = Some(at);
            items.push(i + 1);
        }
    }
    items
}

/// An address in a nested mapping: an error on its line when it is not a
/// web address.
pub(super) fn check_address(
    src: &Source,
    from: usize,
    key: &'static str,
    value: Option<&str>,
    errors: &mut Vec<Diagnostic>,
) {
    let Some(value) = value.filter(|v| !is_web_address(v)) else {
        return;
    };
    let line = src
        .line_from(from, &format!("{key}: {value}"))
        .or_else(|| src.line_from(from, value))
        .or(Some(from));
    let kind = ErrorKind::NotAWebAddress {
        key,
        value: value.to_owned(),
    };
    errors.push(src.error_at(line, kind));
}

pub fn is_web_address(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !r.contains(char::is_whitespace))
}

/// A decision-making body (nämnd, styrelse, fullmäktige).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Body {
    pub id: String,
    pub name: String,
    pub abbreviation: String,
}

#[derive(Deserialize)]
struct BodyEntry {
    id: Option<Scalar>,
    name: Option<String>,
    abbreviation: Option<String>,
}

const BODY_KEYS: &[KeySpec] = &[
    key("id", true, "- id: ks"),
    key("name", true, "name: Kommunstyrelsen"),
    key("abbreviation", true, "abbreviation: Ks"),
];

/// Read bodies.yaml: a list of bodies, each checked on its own lines.
pub fn parse_bodies(src: &Source) -> Result<Vec<Body>, Vec<Diagnostic>> {
    let items: Vec<serde_yaml::Value> = match serde_yaml::from_str(src.text) {
        Ok(serde_yaml::Value::Sequence(items)) => items,
        Ok(serde_yaml::Value::Null) => Vec::new(),
        Ok(_) => {
            return Err(vec![src.error_at(
                Some(1),
                ErrorKind::Yaml(crate::error::YamlProblem::BodiesNotAList),
            )])
        }
        Err(e) => {
            return Err(vec![yaml_error(
                src,
                &e,
                1,
                &KeyLines::default(),
                BODY_KEYS,
            )])
        }
    };
    let starts = list_item_lines(src.text, 0);
    let mut errors = Vec::new();
    let mut bodies: Vec<(Body, usize)> = Vec::new();
    for (i, _) in items.iter().enumerate() {
        let start = starts.get(i).copied().unwrap_or(1);
        let end = starts.get(i + 1).copied().unwrap_or(usize::MAX);
        // Each item is read as its own small document so lines stay right.
        let item_text: String = src
            .text
            .lines()
            .enumerate()
            .map(|(n, l)| {
                if n + 1 >= start && n + 1 < end {
                    l.replacen("- ", "  ", usize::from(n + 1 == start))
                } else {
                    String::new()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let dedented = dedent(&item_text);
        match parse_mapping::<BodyEntry>(src, &dedented, 1, BODY_KEYS) {
            Ok((entry, _)) => {
                let id = entry.id.map(|s| s.to_string()).unwrap_or_default();
                if !is_slug(&id) {
                    errors.push(src.error_at(Some(start), ErrorKind::InvalidBodyId(id.clone())));
                }
                if let Some((_, first)) = bodies.iter().find(|(b, _)| b.id == id) {
                    errors.push(src.error_at(
                        Some(start),
                        ErrorKind::DuplicateBody {
                            id: id.clone(),
                            first_line: *first,
                        },
                    ));
                }
                bodies.push((
                    Body {
                        id,
                        name: entry.name.unwrap_or_default(),
                        abbreviation: entry.abbreviation.unwrap_or_default(),
                    },
                    start,
                ));
            }
            Err(mut es) => {
                // A missing key is located at the item's first line.
                for e in &mut es {
                    if matches!(e.kind, ErrorKind::MissingKey { .. }) {
                        e.location.line = Some(start);
                        e.source_line = src.text.lines().nth(start - 1).map(str::to_owned);
                    }
                }
                errors.extend(es);
            }
        }
    }
    if errors.is_empty() {
        Ok(bodies.into_iter().map(|(b, _)| b).collect())
    } else {
        Err(errors)
    }
}

/// Remove the indentation common to all non-empty lines.
fn dedent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    text.lines()
        .map(|l| l.get(indent..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `[a-z0-9-]+`: ids of bodies and names of free pages.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
