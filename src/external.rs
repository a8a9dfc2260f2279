//! Links to other web sites: `insyn check --external` asks each `http(s)`
//! address the published texts link to whether it still answers, and warns
//! at the file and line of each link that does not.
//!
//! Each address is asked once however many texts link to it: `HEAD`, then
//! `GET` when a server refuses `HEAD`; a temporary redirect is followed, a
//! permanent one reported (the link should name the new address); a fault
//! that may pass (a time-out, a refused or broken connection, 429, 5xx) is
//! tried again. Addresses on one host are asked one at a time, hosts side
//! by side. Answers are kept for a day in `<portal>/.insyn-cache/`, so a
//! second run the same day asks no one. The build never does any of this:
//! it does not touch the network.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::content::lint::{self, WrittenLink};
use crate::content::yaml::split_front_matter;
use crate::error::{Diagnostic, ErrorKind, Language, Severity};
use crate::model::Site;

/// How to ask.
#[derive(Debug, Clone)]
pub struct Options {
    /// For one request, from connecting to the last byte of the headers.
    pub timeout: Duration,
    /// Tries of an address whose fault may pass.
    pub attempts: u32,
    /// The pause before the second try, doubled before each next one.
    pub backoff: Duration,
    /// How many hosts are asked side by side.
    pub hosts_at_once: usize,
    /// How long a kept answer is trusted.
    pub cache_for: Duration,
}

impl Options {
    /// The defaults, or `INSYN_LINK_TIMEOUT` (seconds) for the time-out.
    pub fn from_env() -> Options {
        let timeout = std::env::var("INSYN_LINK_TIMEOUT")
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
            .unwrap_or(10.0);
        Options {
            timeout: Duration::from_secs_f64(timeout),
            attempts: 2,
            backoff: Duration::from_millis(500),
            hosts_at_once: 8,
            cache_for: Duration::from_secs(24 * 60 * 60),
        }
    }
}

/// What one address answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum Answer {
    Works,
    MovedPermanently { to: String },
    Status { code: u16 },
    TimedOut { seconds: u64 },
    Refused,
    NoSuchHost,
    Failed { detail: String },
}

impl Answer {
    fn works(&self) -> bool {
        *self == Answer::Works
    }

    /// May asking again give another answer?
    fn may_pass(&self) -> bool {
        match self {
            Answer::Status { code } => *code == 429 || *code >= 500,
            Answer::TimedOut { .. } | Answer::Refused | Answer::Failed { .. } => true,
            _ => false,
        }
    }

    /// What is wrong, in a clerk's words and language.
    pub fn problem(&self, language: Language) -> String {
        let sv = language == Language::Sv;
        match (self, sv) {
            (Answer::Works, false) => "it works".to_owned(),
            (Answer::Works, true) => "den fungerar".to_owned(),
            (Answer::MovedPermanently { to }, false) => {
                format!("the page has moved for good to {to}")
            }
            (Answer::MovedPermanently { to }, true) => {
                format!("sidan har flyttat för gott till {to}")
            }
            (Answer::Status { code: 404 }, false) => "the page is not found (404)".to_owned(),
            (Answer::Status { code: 404 }, true) => "sidan finns inte (404)".to_owned(),
            (Answer::Status { code: 410 }, false) => "the page is gone (410)".to_owned(),
            (Answer::Status { code: 410 }, true) => "sidan är borttagen (410)".to_owned(),
            (Answer::Status { code }, false) => format!("the server answers with the error {code}"),
            (Answer::Status { code }, true) => format!("servern svarar med felet {code}"),
            (Answer::TimedOut { seconds }, false) => format!("no answer within {seconds} s"),
            (Answer::TimedOut { seconds }, true) => format!("inget svar inom {seconds} s"),
            (Answer::Refused, false) => "the server refuses the connection".to_owned(),
            (Answer::Refused, true) => "servern tar inte emot anslutningen".to_owned(),
            (Answer::NoSuchHost, false) => "the host name is not found".to_owned(),
            (Answer::NoSuchHost, true) => "värdnamnet finns inte".to_owned(),
            (Answer::Failed { detail }, false) => format!("the request failed: {detail}"),
            (Answer::Failed { detail }, true) => format!("frågan misslyckades: {detail}"),
        }
    }
}

/// What a run did, for its summary line.
#[derive(Debug, Default)]
pub struct Summary {
    /// Links found in the published texts.
    pub links: usize,
    /// Different addresses among them.
    pub addresses: usize,
    /// Addresses asked now; the others' answers were kept from earlier.
    pub asked: usize,
    /// Links whose address does not work.
    pub broken: usize,
}

/// Check every `http(s)` link of the site's published texts; a warning for
/// each that does not work.
pub fn check(site: &Site, options: &Options) -> (Vec<Diagnostic>, Summary) {
    let links = external_links(site);
    let mut by_address: BTreeMap<&str, Vec<&WrittenLink>> = BTreeMap::new();
    for link in &links {
        by_address
            .entry(link.address.trim())
            .or_default()
            .push(link);
    }
    let cache_file = crate::content::portal_root(&site.content_root)
        .join(".insyn-cache")
        .join("external-links.json");
    let mut cache = Cache::read(&cache_file);
    let now = now();
    let fresh = |a: &str| cache.fresh(a, now, options.cache_for);
    let to_ask: Vec<&str> = by_address.keys().copied().filter(|a| !fresh(a)).collect();
    let answers = ask_all(&to_ask, options);
    for (address, answer) in &answers {
        cache.keep(address, now, answer.clone());
    }
    // A cache that cannot be written only means asking again next time.
    let _ = cache.write(&cache_file);

    let mut warnings = Vec::new();
    let mut summary = Summary {
        links: links.len(),
        addresses: by_address.len(),
        asked: to_ask.len(),
        broken: 0,
    };
    for (address, written) in &by_address {
        let Some(answer) = cache.answer(address).filter(|a| !a.works()) else {
            continue;
        };
        summary.broken += written.len();
        let kind = ErrorKind::ExternalLinkBroken {
            address: (*address).to_owned(),
            answer: answer.clone(),
        };
        let warn = |link: &&WrittenLink| link.diagnostic(Severity::Warning, kind.clone());
        warnings.extend(written.iter().map(warn));
    }
    (warnings, summary)
}

/// The `http(s)` links of every published text: paragraphs that are not
/// confidential, meetings' notes, case files and free pages, read again
/// from their files for their lines.
pub fn external_links(site: &Site) -> Vec<WrittenLink> {
    let mut files: Vec<PathBuf> = Vec::new();
    files.extend(site.published_paragraphs().map(|(_, p)| p.source.clone()));
    files.extend(site.meetings.iter().map(|m| m.dir.join("index.md")));
    files.extend(
        site.cases
            .iter()
            .filter_map(|c| Some(c.file.as_ref()?.source.clone())),
    );
    files.extend(site.pages.iter().map(|p| p.source.clone()));
    files
        .par_iter()
        .flat_map_iter(|rel| links_in(&site.content_root, rel))
        .collect()
}

/// The web links of one Markdown file with front matter.
fn links_in(root: &Path, rel: &Path) -> Vec<WrittenLink> {
    let Ok(text) = std::fs::read_to_string(root.join(rel)) else {
        return Vec::new();
    };
    let Ok(fm) = split_front_matter(&text) else {
        return Vec::new();
    };
    let body_start = text.len() - fm.body.len();
    let linted = lint::check(rel, &text, body_start);
    linted.external
}

/// Ask every address, hosts side by side and one host's addresses one at
/// a time.
fn ask_all(addresses: &[&str], options: &Options) -> Vec<(String, Answer)> {
    let mut by_host: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for address in addresses {
        by_host.entry(host_of(address)).or_default().push(address);
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(format!("insyn/{} (link check)", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.hosts_at_once.max(1))
        .build();
    let ask_host = |(_, addresses): (&String, &Vec<&str>)| -> Vec<(String, Answer)> {
        let answers = addresses
            .iter()
            .map(|a| (a.to_string(), ask(&agent, a, options)));
        answers.collect()
    };
    match pool {
        Ok(pool) => pool.install(|| by_host.par_iter().flat_map_iter(ask_host).collect()),
        Err(_) => by_host.iter().flat_map(ask_host).collect(),
    }
}

/// `https://Example.se:8080/a` → `example.se:8080`.
fn host_of(address: &str) -> String {
    let rest = address.split_once("://").map_or(address, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.to_lowercase()
}

/// One address's answer: tried again while its fault may pass, temporary
/// redirects followed (five at the most).
fn ask(agent: &ureq::Agent, address: &str, options: &Options) -> Answer {
    let mut pause = options.backoff;
    let mut answer = Answer::Works;
    for attempt in 1..=options.attempts.max(1) {
        answer = follow(agent, address, options);
        if !answer.may_pass() || attempt == options.attempts {
            break;
        }
        std::thread::sleep(pause);
        pause *= 2;
    }
    answer
}

fn follow(agent: &ureq::Agent, address: &str, options: &Options) -> Answer {
    let mut current = address.to_owned();
    for _ in 0..=5 {
        match request(agent, &current, options) {
            Step::Answer(answer) => return answer,
            Step::Permanent(to) if current == address => {
                return Answer::MovedPermanently {
                    to: resolve(&current, &to),
                };
            }
            Step::Permanent(to) | Step::Temporary(to) => current = resolve(&current, &to),
        }
    }
    Answer::Failed {
        detail: "it redirects more than five times".to_owned(),
    }
}

enum Step {
    Answer(Answer),
    Permanent(String),
    Temporary(String),
}

/// `HEAD`, then `GET` when the server answers `HEAD` with an error (some
/// refuse `HEAD`); a server that does not answer at all is not asked twice.
fn request(agent: &ureq::Agent, address: &str, options: &Options) -> Step {
    let response = match agent.head(address).call() {
        Ok(r) if r.status().as_u16() < 400 => Ok(r),
        Ok(_) => agent.get(address).call(),
        Err(e) => Err(e),
    };
    let response = match response {
        Ok(r) => r,
        Err(e) => return Step::Answer(fault(e, options)),
    };
    let code = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .map(str::to_owned);
    match (code, location) {
        (200..=299, _) => Step::Answer(Answer::Works),
        (301 | 308, Some(to)) => Step::Permanent(to),
        (300..=399, Some(to)) => Step::Temporary(to),
        (code, _) => Step::Answer(Answer::Status { code }),
    }
}

fn fault(e: ureq::Error, options: &Options) -> Answer {
    let timed_out = Answer::TimedOut {
        seconds: options.timeout.as_secs_f64().ceil() as u64,
    };
    match e {
        ureq::Error::Timeout(_) => timed_out,
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::TimedOut => timed_out,
            std::io::ErrorKind::ConnectionRefused => Answer::Refused,
            _ => Answer::Failed {
                detail: io.to_string(),
            },
        },
        ureq::Error::HostNotFound => Answer::NoSuchHost,
        ureq::Error::ConnectionFailed => Answer::Refused,
        other => Answer::Failed {
            detail: other.to_string(),
        },
    }
}

/// A redirect's `Location`, which may be relative, as a full address.
fn resolve(current: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_owned();
    }
    let scheme_end = current.find("://").map_or(0, |i| i + 3);
    let origin_end = current[scheme_end..]
        .find('/')
        .map_or(current.len(), |i| scheme_end + i);
    match location.strip_prefix("//") {
        Some(rest) => format!("{}{rest}", &current[..scheme_end]),
        None if location.starts_with('/') => format!("{}{location}", &current[..origin_end]),
        None => {
            let dir_end = current
                .rfind('/')
                .filter(|&i| i >= origin_end)
                .unwrap_or(origin_end);
            format!("{}/{location}", &current[..dir_end])
        }
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Answers kept from earlier runs, by address.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Cache {
    answers: HashMap<String, Kept>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Kept {
    /// When it was asked, in seconds since 1970.
    at: u64,
    answer: Answer,
}

impl Cache {
    /// The kept answers; none when the file is missing or unreadable.
    fn read(file: &Path) -> Cache {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        serde_json::from_str(&text).unwrap_or_default()
    }

    fn fresh(&self, address: &str, now: u64, cache_for: Duration) -> bool {
        let kept = self.answers.get(address);
        kept.is_some_and(|k| now.saturating_sub(k.at) < cache_for.as_secs())
    }

    fn answer(&self, address: &str) -> Option<&Answer> {
        self.answers.get(address).map(|k| &k.answer)
    }

    fn keep(&mut self, address: &str, at: u64, answer: Answer) {
        self.answers.insert(address.to_owned(), Kept { at, answer });
    }

    /// Written whole to a temporary file, then renamed over the old one.
    fn write(&self, file: &Path) -> std::io::Result<()> {
        let dir = file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let sorted: BTreeMap<&String, &Kept> = self.answers.iter().collect();
        let text = serde_json::to_string_pretty(&serde_json::json!({ "answers": sorted }))?;
        let temporary = file.with_extension("json.tmp");
        std::fs::write(&temporary, text)?;
        std::fs::rename(&temporary, file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_redirects_resolve_against_the_address() {
        let from = "https://a.se/dir/page?x=1";
        assert_eq!(resolve(from, "/new"), "https://a.se/new");
        assert_eq!(resolve(from, "other"), "https://a.se/dir/other");
        assert_eq!(resolve(from, "//b.se/x"), "https://b.se/x");
        assert_eq!(resolve(from, "http://c.se/"), "http://c.se/");
        assert_eq!(resolve("https://a.se", "x"), "https://a.se/x");
    }

    #[test]
    fn hosts_are_named_without_case_or_path() {
        assert_eq!(host_of("https://Example.SE:8080/a?b#c"), "example.se:8080");
        assert_eq!(host_of("http://127.0.0.1:9/"), "127.0.0.1:9");
    }
}
