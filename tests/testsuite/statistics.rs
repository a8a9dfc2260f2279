//! Statistics: `insyn fetch` against a Kolada API on 127.0.0.1 (see
//! kolada_server.rs), the cache it writes, and the pages a build makes of it.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use crate::kolada_server::{self, Fault, KoladaServer};
use crate::util::{visible_text, Portal, Run};

/// Short time-outs and pauses, so that faults are quick to test.
const PATIENCE: &[(&str, &str)] = &[
    ("INSYN_FETCH_TIMEOUT", "1"),
    ("INSYN_FETCH_RETRIES", "2"),
    ("INSYN_FETCH_BACKOFF", "0.05"),
];

fn fetch(portal: &Portal, server: &KoladaServer) -> Run {
    portal.insyn_with_env(&["fetch", "--api", &server.api], PATIENCE)
}

fn cache(portal: &Portal) -> std::path::PathBuf {
    portal.content().join("stats/kolada")
}

/// Every file of a folder and its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read(e.path()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn areas() -> Vec<String> {
    ["0883", "0000", "0880"].map(String::from).to_vec()
}

#[test]
fn fetch_follows_every_page_and_writes_the_cache_as_the_contract_says() {
    let server = KoladaServer::start();
    let portal = Portal::with_overlay("statistics");
    let run = fetch(&portal, &server);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Fetched 2 indicators for 3 areas"),
        "{}",
        run.stdout
    );

    // Each indicator: every value of every page and both year blocks,
    // exactly as the API sent them (nulls and gender splits kept).
    for kpi in ["N00900", "N15419"] {
        let cached = json(&cache(&portal).join(format!("{kpi}.json")));
        let expected = kolada_server::data(kpi, &areas());
        assert!(
            expected.len() > 3 * kolada_server::PER_PAGE,
            "several pages"
        );
        assert_eq!(cached["values"], Value::Array(expected.clone()), "{kpi}");
        assert_eq!(cached["count"], expected.len());
    }
    let n00900 = std::fs::read_to_string(cache(&portal).join("N00900.json")).unwrap();
    assert!(n00900
        .contains(r#""period":2016,"values":[{"count":0,"gender":"T","status":"","value":null}]"#));
    let kpis = json(&cache(&portal).join("kpi.json"));
    let ids: Vec<&str> = kpis["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["N00900", "N15419"]);
    assert!(cache(&portal).join("municipality.json").is_file());
    assert!(cache(&portal).join("fetched.json").is_file());

    // The requests: metadata, then each indicator in year blocks of at most
    // 25 years, with every next page followed.
    let requests = server.requests();
    assert_eq!(requests[0], "/v3/kpi/N00900,N15419");
    assert_eq!(requests[1], "/v3/municipality/0883,0000,0880");
    let data: Vec<&String> = requests
        .iter()
        .filter(|r| r.starts_with("/v3/data/"))
        .collect();
    for r in &data {
        let years = r.split("/year/").nth(1).unwrap().split('?').next().unwrap();
        assert!(years.split(',').count() <= 25, "{r}");
    }
    assert!(data.iter().any(|r| r.contains("/year/1990,1991,")));
    assert!(data.iter().any(|r| r.ends_with("?page=3")), "{data:?}");
    assert!(!portal
        .content()
        .join("stats/kolada")
        .read_dir()
        .unwrap()
        .any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("insyn-fetch")));
}

#[test]
fn the_api_address_can_come_from_the_environment() {
    let server = KoladaServer::start();
    let portal = Portal::with_overlay("statistics");
    let mut env = PATIENCE.to_vec();
    env.push(("INSYN_KOLADA_API", &server.api));
    let run = portal.insyn_with_env(&["fetch"], &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!server.requests().is_empty());
}

#[test]
fn passing_faults_are_retried_and_the_fetch_completes() {
    let server = KoladaServer::start();
    let portal = Portal::with_overlay("statistics");
    server.fail_next("/v3/kpi/", vec![Fault::Status(503), Fault::HangUp]);
    server.fail_next(
        "/v3/data/kpi/N15419",
        vec![
            Fault::CutOff,
            Fault::Slow(Duration::from_secs(3)),
            Fault::NotJson,
        ],
    );
    server.fail_next("/v3/municipality/", vec![Fault::Status(429)]);
    let started = std::time::Instant::now();
    let run = portal.insyn_with_env(
        &["fetch", "--api", &server.api],
        &[
            ("INSYN_FETCH_TIMEOUT", "1"),
            ("INSYN_FETCH_RETRIES", "3"),
            ("INSYN_FETCH_BACKOFF", "0.05"),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for said in [
        "answered with HTTP status 503; trying again in 0.1 s",
        "answered with HTTP status 429",
        "was cut off before its end",
        "no complete answer within 1 s",
        "is not what Kolada sends",
    ] {
        assert!(run.stderr.contains(said), "{said} in\n{}", run.stderr);
    }
    let cached = json(&cache(&portal).join("N15419.json"));
    assert_eq!(
        cached["values"],
        Value::Array(kolada_server::data("N15419", &areas()))
    );
    assert!(started.elapsed() < Duration::from_secs(20));
}

/// A fetch that fails leaves the cache exactly as it was, says what went
/// wrong and where, and exits with 1.
fn assert_fails_and_keeps_the_cache(setup: impl Fn(&KoladaServer), api: Option<&str>, says: &str) {
    let server = KoladaServer::start();
    let portal = Portal::with_overlay("statistics");
    assert_eq!(fetch(&portal, &server).code, 0);
    let before = files(&cache(&portal));
    setup(&server);
    let api = api.map_or(server.api.clone(), str::to_owned);
    let run = portal.insyn_with_env(&["fetch", "--api", &api], PATIENCE);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(says), "{says} in\n{}", run.stderr);
    assert!(run.stderr.contains("help:"), "{}", run.stderr);
    assert!(run.stderr.contains("is unchanged"), "{}", run.stderr);
    assert_eq!(files(&cache(&portal)), before, "the cache changed");
}

#[test]
fn a_server_error_that_does_not_pass_keeps_the_cache() {
    assert_fails_and_keeps_the_cache(
        |s| s.fail_always("/v3/data/kpi/N15419", Fault::Status(500)),
        None,
        "/v3/data/kpi/N15419/municipality/0883,0000,0880/year/1990",
    );
}

#[test]
fn a_client_error_is_not_retried_and_keeps_the_cache() {
    let server = KoladaServer::start();
    let portal = Portal::with_overlay("statistics");
    server.fail_always("/v3/municipality/", Fault::Status(404));
    let run = fetch(&portal, &server);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("answered with HTTP status 404"),
        "{}",
        run.stderr
    );
    let asked = server
        .requests()
        .iter()
        .filter(|r| r.starts_with("/v3/municipality/"))
        .count();
    assert_eq!(asked, 1, "a 404 is not retried");
    assert!(!cache(&portal).exists(), "nothing was written");

    assert_fails_and_keeps_the_cache(
        |s| s.fail_always("/v3/kpi/", Fault::Status(404)),
        None,
        "answered with HTTP status 404",
    );
}

#[test]
fn a_body_that_is_never_whole_keeps_the_cache() {
    assert_fails_and_keeps_the_cache(
        |s| s.fail_always("/v3/data/kpi/N00900", Fault::CutOff),
        None,
        "/v3/data/kpi/N00900",
    );
}

#[test]
fn an_answer_that_is_not_json_keeps_the_cache() {
    assert_fails_and_keeps_the_cache(
        |s| s.fail_always("page=2", Fault::NotJson),
        None,
        "is not what Kolada sends",
    );
}

#[test]
fn a_server_that_never_answers_in_time_keeps_the_cache() {
    assert_fails_and_keeps_the_cache(
        |s| s.fail_always("/v3/kpi/", Fault::Slow(Duration::from_secs(5))),
        None,
        "no complete answer within 1 s from",
    );
}

#[test]
fn a_server_that_cannot_be_reached_keeps_the_cache() {
    // Nothing listens on a port just released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    assert_fails_and_keeps_the_cache(
        |_| {},
        Some(&format!("http://127.0.0.1:{port}/v3")),
        "cannot reach http://127.0.0.1:",
    );
}

#[test]
fn an_unknown_indicator_is_named_with_its_line_and_keeps_the_cache() {
    let server = KoladaServer::start();
    let portal = Portal::with_overlay("statistics");
    assert_eq!(fetch(&portal, &server).code, 0);
    let before = files(&cache(&portal));
    let indicators = portal.content().join("stats/indicators.yaml");
    let text = std::fs::read_to_string(&indicators).unwrap();
    std::fs::write(&indicators, text.replace("- N15419", "- N99999")).unwrap();
    let run = fetch(&portal, &server);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("Kolada has no indicator N99999 (stats/indicators.yaml, line 8)"),
        "{}",
        run.stderr
    );
    assert_eq!(files(&cache(&portal)), before);
}

#[test]
fn fetch_needs_kolada_settings_and_indicators() {
    let portal = Portal::from_fixture("base");
    let run = portal.insyn(&["fetch", "--api", "http://127.0.0.1:1/v3"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("site.yaml has no `kolada:` section"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("municipality: \"0883\""),
        "{}",
        run.stderr
    );
}

#[test]
fn the_pages_show_each_indicator_as_a_sentence_a_chart_a_table_and_a_csv() {
    let server = KoladaServer::start();
    let portal = Portal::with_overlay("statistics");
    assert_eq!(fetch(&portal, &server).code, 0);
    portal.build().success();

    let index = visible_text(&portal.read("statistik/index.html"));
    assert!(index.contains("Ekonomi"), "{index}");
    assert!(index.contains("Skattesats till kommun, %"), "{index}");
    assert!(
        !index.contains("Exempelvärden"),
        "fetched values are not examples"
    );
    assert!(index.contains("Källa: Kolada, RKA"), "{index}");
    let home = portal.read("index.html");
    assert!(
        home.contains("href=\"statistik/index.html\""),
        "the menu links statistics"
    );

    let html = portal.read("statistik/ekonomi/index.html");
    let page = visible_text(&html);
    assert!(
        page.contains("2024: 22,2 % i Västervik, 20,92 % i riket, 21,56 % i Kalmar."),
        "{page}"
    );
    assert!(
        page.contains("Beskrivning av Skattesats till kommun, %."),
        "{page}"
    );
    assert!(page.contains("Hämtade från Kolada"), "{page}");
    // The chart: an image with a title and a description, a line per area
    // named in its legend, broken where the value is missing (2016).
    assert!(html.contains(r#"role="img" aria-labelledby="chart-n00900-title chart-n00900-desc""#));
    assert!(html.contains("<desc id=\"chart-n00900-desc\">Linjediagram, 2010–2024. Västervik: från 21,5\u{a0}% (2010) till 22,2\u{a0}% (2024)"));
    for name in ["Västervik", "Riket", "Kalmar"] {
        assert!(html.contains(&format!("</svg> {name}</li>")), "{name}");
    }
    let first_line = html.split("class=\"chart-line\"").next().unwrap();
    let d = &first_line[first_line.rfind("d=\"").unwrap() + 3..];
    assert_eq!(d.matches('M').count(), 2, "a gap for 2016: {d}");
    // The table: every year, latest first; the missing value said in words.
    assert!(
        page.contains("2016 – uppgift saknas 20,68 % 21,24 %"),
        "{page}"
    );
    assert!(page.contains("2024 22,20 % 20,92 % 21,56 %"), "{page}");

    // Women's and men's values get columns of their own.
    let school = visible_text(&portal.read("statistik/skola/index.html"));
    assert!(school.contains("Kvinnor, Västervik"), "{school}");
    assert!(school.contains("Män, Kalmar"), "{school}");

    // The CSV: every value with its year, area and gender, RFC 4180.
    let csv = portal.read("statistik/skola/N15419.csv");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("nyckeltal,kommunkod,kommun,år,kön,värde,status")
    );
    assert!(
        csv.contains("N15419,0880,Kalmar,2020,M,,\n"),
        "null is empty: {csv}"
    );
    assert!(csv.contains("N15419,0883,Västervik,2024,K,76,\n"), "{csv}");
    assert_eq!(csv.lines().count(), 1 + 3 * 15 * 3);
    assert!(html.contains("href=\"N00900.csv\" download"));
}

#[test]
fn cached_values_that_did_not_come_from_the_api_are_called_examples() {
    let server = KoladaServer::start();
    let portal = Portal::with_overlay("statistics");
    assert_eq!(fetch(&portal, &server).code, 0);
    std::fs::remove_file(cache(&portal).join("fetched.json")).unwrap();
    portal.build().success();
    for page in ["statistik/index.html", "statistik/ekonomi/index.html"] {
        let text = visible_text(&portal.read(page));
        assert!(
            text.contains("Exempelvärden. Siffrorna här är påhittade exempel"),
            "{page}: {text}"
        );
    }
}

#[test]
fn a_portal_without_kolada_or_without_a_cache_has_no_statistics_pages() {
    let portal = Portal::from_fixture("base");
    portal.build().success();
    assert!(!portal.output().join("statistik").exists());
    assert!(!portal.read("index.html").contains("statistik/"));

    let portal = Portal::with_overlay("statistics");
    let run = portal.build().success();
    assert!(!portal.output().join("statistik").exists());
    assert!(
        run.stderr
            .contains("varning: nyckeltalen visas inte än: det finns inga värden från Kolada"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("insyn fetch"), "{}", run.stderr);
}

#[test]
fn the_build_never_touches_the_network() {
    let server = KoladaServer::start();
    let portal = Portal::with_overlay("statistics");
    assert_eq!(fetch(&portal, &server).code, 0);
    let asked = server.requests().len();
    portal.build().success();
    assert_eq!(server.requests().len(), asked);
}

#[test]
fn an_indicator_listed_but_not_fetched_is_a_warning_on_its_line() {
    let server = KoladaServer::start();
    let portal = Portal::with_overlay("statistics");
    assert_eq!(fetch(&portal, &server).code, 0);
    let indicators = portal.content().join("stats/indicators.yaml");
    let text = std::fs::read_to_string(&indicators).unwrap();
    std::fs::write(&indicators, text.replace("[N00900]", "[N00900, N00002]")).unwrap();
    let run = portal.build().success();
    assert!(
        run.stderr.contains(
            "varning: nyckeltalet N00002 visas inte: stats/kolada/ har inga värden för det\n --> stats/indicators.yaml:4:1"
        ),
        "{}",
        run.stderr
    );
    let page = visible_text(&portal.read("statistik/ekonomi/index.html"));
    assert!(page.contains("Skattesats till kommun"), "{page}");
    assert!(!page.contains("Nettokostnad"), "{page}");
}
