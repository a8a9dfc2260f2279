//! `insyn fetch`: ask the Kolada API for the indicators in
//! stats/indicators.yaml, for the municipality and its comparisons in
//! site.yaml, and keep the answers under `stats/kolada/` (contract,
//! section 7).
//!
//! Every request is retried with a growing pause when the fault may pass (a
//! time-out, a dropped connection, a 5xx or 429 answer, a cut-off body).
//! Nothing is written until every answer is in: then each file is written
//! beside its old version and renamed over it, so a failed fetch leaves the
//! previous cache as it was.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::Datelike;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::indicators::{self, IndicatorsSource};
use super::kolada::{self, DataValue, Fetched, Kpi, Municipality, RawAnswer};
use super::CACHE;
use crate::content::settings::{self, Kolada};
use crate::content::{portal_root, read_text};
use crate::error::{Diagnostic, ErrorKind, Location};

/// The first year asked for: Kolada's series start in the 1990s at the earliest.
pub const FIRST_YEAR: i32 = 1990;
/// The API refuses longer lists of years.
pub const YEARS_PER_REQUEST: usize = 25;
/// Indicator ids asked for in one metadata request.
const IDS_PER_REQUEST: usize = 25;
/// A guard against an answer whose `next_page` never ends.
const MAX_PAGES: usize = 10_000;

/// How to reach the API, and how patient to be.
#[derive(Debug, Clone)]
pub struct Options {
    /// Without a trailing `/`: `https://api.kolada.se/v3`.
    pub api: String,
    /// The longest wait for one whole answer.
    pub timeout: Duration,
    /// Tries per request, the first included.
    pub attempts: u32,
    /// The pause before the first retry; it doubles after each.
    pub backoff: Duration,
}

impl Options {
    /// The API from `--api`, else `INSYN_KOLADA_API`, else Kolada's; the
    /// time-out (`INSYN_FETCH_TIMEOUT`, seconds), retries
    /// (`INSYN_FETCH_RETRIES`) and first pause (`INSYN_FETCH_BACKOFF`,
    /// seconds) from the environment.
    pub fn from_env(api: Option<String>) -> Self {
        let api = api
            .or_else(|| std::env::var("INSYN_KOLADA_API").ok())
            .filter(|a| !a.trim().is_empty())
            .unwrap_or_else(|| kolada::API.to_owned());
        let seconds = |name: &str, default: f64| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|s| s.is_finite() && *s >= 0.0)
                .map_or(Duration::from_secs_f64(default), Duration::from_secs_f64)
        };
        let retries = std::env::var("INSYN_FETCH_RETRIES")
            .ok()
            .and_then(|v| v.trim().parse::<u32>().ok())
            .unwrap_or(3);
        Options {
            api: api.trim().trim_end_matches('/').to_owned(),
            timeout: seconds("INSYN_FETCH_TIMEOUT", 30.0),
            attempts: retries + 1,
            backoff: seconds("INSYN_FETCH_BACKOFF", 1.0),
        }
    }
}

/// Why a fetch stopped. Nothing in the cache has changed when it did.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{count} content error(s)")]
    Content { count: usize },
    #[error("site.yaml has no `kolada:` section, so there is nothing to fetch")]
    NoKolada,
    #[error("there is no stats/indicators.yaml, so there is nothing to fetch")]
    NoIndicators,
    #[error("no complete answer within {seconds} s from {url}")]
    Timeout { url: String, seconds: f64 },
    #[error("cannot reach {url}: {detail}")]
    Connection { url: String, detail: String },
    #[error("{url} answered with HTTP status {status}")]
    Status { url: String, status: u16 },
    #[error("the answer from {url} was cut off before its end ({detail})")]
    CutOff { url: String, detail: String },
    #[error("the answer from {url} is not what Kolada sends: {detail}")]
    Malformed { url: String, detail: String },
    #[error("Kolada has no indicator {id} (stats/indicators.yaml, line {line})")]
    UnknownKpi { id: String, line: usize },
    #[error("Kolada has no municipality {id} (site.yaml, `kolada:`)")]
    UnknownMunicipality { id: String },
    #[error("the pages of the answer from {url} never end")]
    EndlessPages { url: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl FetchError {
    /// Whether trying the same request again may succeed.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Timeout { .. }
            | FetchError::Connection { .. }
            | FetchError::CutOff { .. }
            | FetchError::Malformed { .. } => true,
            FetchError::Status { status, .. } => *status == 408 || *status == 429 || *status >= 500,
            _ => false,
        }
    }

    /// What to do about it.
    pub fn help(&self) -> Option<&'static str> {
        Some(match self {
            FetchError::Content { .. } => return None,
            FetchError::NoKolada => "add to site.yaml:\n  kolada:\n    municipality: \"0883\"\n    compare: [\"0000\"]",
            FetchError::NoIndicators => "list the indicators to show in stats/indicators.yaml (see docs/content-guide.md, Statistics)",
            FetchError::Timeout { .. } | FetchError::Connection { .. } => "check the network connection and try again later; the address can be changed with --api or INSYN_KOLADA_API",
            FetchError::Status { status, .. } if *status < 500 => "check the address given with --api or INSYN_KOLADA_API, and the ids in site.yaml and stats/indicators.yaml",
            FetchError::Status { .. } | FetchError::CutOff { .. } | FetchError::Malformed { .. } => {
                "Kolada may be having trouble; try again later"
            }
            FetchError::UnknownKpi { .. } => "check the id on kolada.se (a capital letter and five digits, like N00900), or remove it from stats/indicators.yaml",
            FetchError::UnknownMunicipality { .. } => "check the four-digit municipality code in site.yaml (\"0000\" is the whole country)",
            FetchError::EndlessPages { .. } => "Kolada may be having trouble; try again later",
            FetchError::Write { .. } => "check that the content folder can be written",
        })
    }
}

/// What a fetch did, for its summary line.
#[derive(Debug)]
pub struct Summary {
    pub indicators: usize,
    pub areas: usize,
    pub values: usize,
    pub requests: usize,
    pub folder: PathBuf,
    pub elapsed: Duration,
}

/// Fetch every indicator of `content`'s portal and replace its cache.
/// Content problems in site.yaml or stats/indicators.yaml come back as
/// diagnostics, with [`FetchError::Content`].
pub fn fetch(content: &Path, options: &Options) -> (Vec<Diagnostic>, Result<Summary, FetchError>) {
    let started = Instant::now();
    let (kolada, source) = match read_settings(content) {
        Ok(found) => found,
        Err(Err(diags)) => {
            let count = diags.iter().filter(|d| d.is_error()).count();
            return (diags, Err(FetchError::Content { count }));
        }
        Err(Ok(e)) => return (Vec::new(), Err(e)),
    };
    let mut client = Client::new(options);
    let result = fetch_all(&mut client, &kolada, &source).and_then(|answers| {
        let folder = content.join(CACHE);
        let values = answers.values;
        write_cache(&folder, &answers.files, &options.api)?;
        Ok(Summary {
            indicators: source.kpi_ids().len(),
            areas: kolada.ids().len(),
            values,
            requests: client.requests,
            folder,
            elapsed: started.elapsed(),
        })
    });
    client.progress.finish_and_clear();
    (Vec::new(), result)
}

/// site.yaml's `kolada:` and stats/indicators.yaml, or why they cannot be used.
fn read_settings(
    content: &Path,
) -> Result<(Kolada, IndicatorsSource), Result<FetchError, Vec<Diagnostic>>> {
    if !content.join("site.yaml").is_file() {
        return Err(Err(vec![Diagnostic::error(
            Location::file("site.yaml"),
            ErrorKind::MissingRequiredFile {
                file: "site.yaml",
                example: settings::SITE_EXAMPLE,
            },
        )]));
    }
    let site = read_text(content, Path::new("site.yaml"))
        .and_then(|t| settings::parse_site(&t.source(), &portal_root(content)))
        .map_err(Err)?;
    let kolada = site.kolada.ok_or(Ok(FetchError::NoKolada))?;
    let source = indicators::load(content)
        .ok_or(Ok(FetchError::NoIndicators))?
        .map_err(Err)?;
    Ok((kolada, source))
}

/// The cache's files, each with its text, and how many data values they hold.
struct Answers {
    files: Vec<(String, String)>,
    values: usize,
}

fn fetch_all(
    client: &mut Client,
    kolada: &Kolada,
    source: &IndicatorsSource,
) -> Result<Answers, FetchError> {
    let kpi_ids = source.kpi_ids();
    let areas = kolada.ids();
    let blocks = year_blocks(FIRST_YEAR, chrono::Utc::now().year());
    let id_lists: Vec<String> = kpi_ids
        .chunks(IDS_PER_REQUEST)
        .map(|c| c.join(","))
        .collect();
    client.expect(id_lists.len() + 1 + kpi_ids.len() * blocks.len());
    let api = client.options.api.clone();

    let mut kpis = Vec::new();
    for ids in &id_lists {
        kpis.extend(client.get_all(&format!("{api}/kpi/{ids}"))?);
    }
    let known: Vec<Kpi> = parse_values(&kpis, &format!("{api}/kpi"))?;
    if let Some(id) = kpi_ids
        .iter()
        .find(|id| !known.iter().any(|k| k.id == **id))
    {
        return Err(FetchError::UnknownKpi {
            id: (*id).to_owned(),
            line: source.line_of(id).unwrap_or(1),
        });
    }
    let municipalities = client.get_all(&format!("{api}/municipality/{}", areas.join(",")))?;
    let named: Vec<Municipality> = parse_values(&municipalities, &format!("{api}/municipality"))?;
    if let Some(id) = areas.iter().find(|id| !named.iter().any(|m| m.id == **id)) {
        return Err(FetchError::UnknownMunicipality { id: id.clone() });
    }

    let mut files = vec![
        ("kpi.json".to_owned(), merged(&kpis)),
        ("municipality.json".to_owned(), merged(&municipalities)),
    ];
    let mut count = 0;
    for kpi in &kpi_ids {
        let mut values = Vec::new();
        for years in &blocks {
            let url = format!(
                "{api}/data/kpi/{kpi}/municipality/{}/year/{}",
                areas.join(","),
                years
                    .iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            );
            let page = client.get_all(&url)?;
            parse_values::<DataValue>(&page, &url)?;
            values.extend(page);
        }
        count += values.len();
        files.push((format!("{kpi}.json"), merged(&values)));
    }
    Ok(Answers {
        files,
        values: count,
    })
}

/// `first..=last` in runs of at most [`YEARS_PER_REQUEST`] years.
pub fn year_blocks(first: i32, last: i32) -> Vec<Vec<i32>> {
    let years: Vec<i32> = (first..=last).collect();
    years
        .chunks(YEARS_PER_REQUEST)
        .map(<[i32]>::to_vec)
        .collect()
}

/// Check that every value has the shape Kolada documents.
fn parse_values<T: DeserializeOwned>(
    values: &[Box<RawValue>],
    url: &str,
) -> Result<Vec<T>, FetchError> {
    values
        .iter()
        .map(|v| {
            serde_json::from_str(v.get()).map_err(|e| FetchError::Malformed {
                url: url.to_owned(),
                detail: format!("{e} in {}", shorten(v.get())),
            })
        })
        .collect()
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// The values of every page as one answer, each value exactly as received,
/// one a line.
fn merged(values: &[Box<RawValue>]) -> String {
    let mut out = format!("{{\"count\": {}, \"values\": [", values.len());
    for (i, v) in values.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(v.get());
    }
    out.push_str(if values.is_empty() { "]}\n" } else { "\n]}\n" });
    out
}

/// Write every file beside its old version, then rename them all into
/// place, `fetched.json` last. When a write fails nothing is renamed.
fn write_cache(folder: &Path, files: &[(String, String)], api: &str) -> Result<(), FetchError> {
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| FetchError::Write { path, source }
    };
    std::fs::create_dir_all(folder).map_err(write_error(folder))?;
    let fetched = Fetched {
        api: api.to_owned(),
        fetched: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    };
    let mut all: Vec<(String, String)> = files.to_vec();
    all.push((
        "fetched.json".to_owned(),
        serde_json::to_string_pretty(&fetched).unwrap_or_default() + "\n",
    ));
    let mut staged = Vec::new();
    for (name, text) in &all {
        let temporary = folder.join(format!(".{name}.insyn-fetch"));
        staged.push((temporary.clone(), folder.join(name)));
        if let Err(e) = write_synced(&temporary, text) {
            for (t, _) in &staged {
                let _ = std::fs::remove_file(t);
            }
            return Err(write_error(&temporary)(e));
        }
    }
    for (temporary, path) in &staged {
        std::fs::rename(temporary, path).map_err(write_error(path))?;
    }
    Ok(())
}

fn write_synced(path: &Path, text: &str) -> std::io::Result<()> {
    let mut file = std::fs::File::create(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// An HTTP agent, the options, and a progress bar of the requests made.
struct Client<'a> {
    agent: ureq::Agent,
    options: &'a Options,
    progress: indicatif::ProgressBar,
    requests: usize,
}

impl<'a> Client<'a> {
    fn new(options: &'a Options) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(options.timeout))
            .user_agent(format!("insyn/{}", env!("CARGO_PKG_VERSION")))
            .build();
        Client {
            agent: config.into(),
            options,
            progress: crate::pipeline::progress_bar(Some(0), "Fetching from Kolada", "requests"),
            requests: 0,
        }
    }

    /// Expect `n` more requests (a next page adds one).
    fn expect(&self, n: usize) {
        self.progress.inc_length(n as u64);
    }

    /// Every value of an answer, following `next_page` to the end.
    fn get_all(&mut self, url: &str) -> Result<Vec<Box<RawValue>>, FetchError> {
        let mut values = Vec::new();
        let mut seen = HashSet::new();
        let mut next = Some(url.to_owned());
        while let Some(page) = next.take() {
            if !seen.insert(page.clone()) || seen.len() > MAX_PAGES {
                return Err(FetchError::EndlessPages {
                    url: url.to_owned(),
                });
            }
            let answer = self.get(&page)?;
            values.extend(answer.values);
            next = answer
                .next_page
                .filter(|n| !n.trim().is_empty())
                .map(|n| self.resolve(&page, &n));
            if next.is_some() {
                self.expect(1);
            }
        }
        Ok(values)
    }

    /// A next page's address: as given when absolute, else from the API's host.
    fn resolve(&self, current: &str, next: &str) -> String {
        if next.starts_with("http://") || next.starts_with("https://") {
            return next.to_owned();
        }
        let origin_end = current
            .find("://")
            .and_then(|s| current[s + 3..].find('/').map(|p| s + 3 + p))
            .unwrap_or(current.len());
        if next.starts_with('/') {
            format!("{}{next}", &current[..origin_end])
        } else {
            format!("{}/{next}", self.options.api)
        }
    }

    /// One answer, retried while the fault may pass.
    fn get(&mut self, url: &str) -> Result<RawAnswer, FetchError> {
        let mut pause = self.options.backoff;
        for attempt in 1.. {
            self.progress.set_message(format!("Fetching {url}"));
            self.requests += 1;
            match self.get_once(url) {
                Ok(answer) => {
                    self.progress.inc(1);
                    return Ok(answer);
                }
                Err(e) if e.is_transient() && attempt < self.options.attempts => {
                    self.progress.suspend(|| {
                        eprintln!(
                            "warning: {e}; trying again in {:.1} s (try {} of {})",
                            pause.as_secs_f64(),
                            attempt + 1,
                            self.options.attempts
                        )
                    });
                    std::thread::sleep(pause);
                    pause *= 2;
                }
                Err(e) => return Err(e),
            }
        }
        unreachable!("the loop returns")
    }

    fn get_once(&self, url: &str) -> Result<RawAnswer, FetchError> {
        let fault = |e: ureq::Error| self.fault(url, e);
        let mut response = self
            .agent
            .get(url)
            .header("Accept", "application/json")
            .call()
            .map_err(fault)?;
        let body = response
            .body_mut()
            .with_config()
            .limit(256 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| match self.fault(url, e) {
                FetchError::Connection { url, detail } => FetchError::CutOff { url, detail },
                other => other,
            })?;
        serde_json::from_str(&body).map_err(|e| FetchError::Malformed {
            url: url.to_owned(),
            detail: if e.is_eof() {
                "the JSON ends before it is complete".to_owned()
            } else {
                e.to_string()
            },
        })
    }

    fn fault(&self, url: &str, e: ureq::Error) -> FetchError {
        let url = url.to_owned();
        match e {
            ureq::Error::StatusCode(status) => FetchError::Status { url, status },
            ureq::Error::Timeout(_) => FetchError::Timeout {
                url,
                seconds: self.options.timeout.as_secs_f64(),
            },
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
                FetchError::Timeout {
                    url,
                    seconds: self.options.timeout.as_secs_f64(),
                }
            }
            other => FetchError::Connection {
                url,
                detail: other.to_string(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asks_for_at_most_25_years_at_a_time() {
        let blocks = year_blocks(1990, 2026);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].len(), 25);
        assert_eq!(blocks[0][0], 1990);
        assert_eq!(blocks[1], (2015..=2026).collect::<Vec<_>>());
    }

    #[test]
    fn merges_values_unchanged() {
        let a: RawAnswer =
            serde_json::from_str(r#"{"count": 2, "values": [{"b": 1,  "a": 2}, {"z": null}]}"#)
                .unwrap();
        let text = merged(&a.values);
        assert_eq!(
            text,
            "{\"count\": 2, \"values\": [\n{\"b\": 1,  \"a\": 2},\n{\"z\": null}\n]}\n"
        );
        assert_eq!(merged(&[]), "{\"count\": 0, \"values\": []}\n");
    }

    #[test]
    fn resolves_next_pages() {
        let options = Options {
            api: "http://127.0.0.1:9/v3".into(),
            timeout: Duration::from_secs(1),
            attempts: 1,
            backoff: Duration::ZERO,
        };
        let client = Client::new(&options);
        let here = "http://127.0.0.1:9/v3/kpi/N00900";
        assert_eq!(
            client.resolve(here, "https://api.kolada.se/v3/kpi?page=2"),
            "https://api.kolada.se/v3/kpi?page=2"
        );
        assert_eq!(
            client.resolve(here, "/v3/kpi/N00900?page=2"),
            "http://127.0.0.1:9/v3/kpi/N00900?page=2"
        );
    }
}
