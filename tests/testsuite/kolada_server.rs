//! A Kolada API v3 on 127.0.0.1, inside the test process: real HTTP over a
//! real socket, answers in the API's shape (paging through `next_page`,
//! null values, women's and men's values), and faults on demand. `insyn
//! fetch` talks to it as to the real API.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};

/// Values per page: small, so that every answer has several pages.
pub const PER_PAGE: usize = 7;

/// The indicators the server knows: (id, title, divided by gender).
pub const KPIS: &[(&str, &str, bool)] = &[
    ("N00900", "Skattesats till kommun, %", false),
    (
        "N15419",
        "Elever i åk. 9 som uppnått kunskapskraven i alla ämnen, kommunala skolor, andel (%)",
        true,
    ),
    ("N00002", "Nettokostnad, kr/inv", false),
];

/// The municipalities it knows.
pub const MUNICIPALITIES: &[(&str, &str, &str)] = &[
    ("0000", "Riket", "L"),
    ("0880", "Kalmar", "K"),
    ("0883", "Västervik", "K"),
];

pub const YEARS: std::ops::RangeInclusive<i32> = 2010..=2024;

/// What the server does instead of answering.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Answer with this HTTP status and a short text.
    Status(u16),
    /// Promise a body of full length, send half of it, and hang up.
    CutOff,
    /// Answer 200 with a body that is not JSON.
    NotJson,
    /// Wait this long before answering.
    Slow(Duration),
    /// Close the connection without a word.
    HangUp,
}

#[derive(Default)]
struct State {
    /// Faults for the next requests whose path contains the key.
    next: Vec<(String, VecDeque<Fault>)>,
    /// A fault for every request whose path contains the key.
    always: Vec<(String, Fault)>,
    requests: Vec<String>,
}

pub struct KoladaServer {
    /// `http://127.0.0.1:<port>/v3`
    pub api: String,
    state: Arc<Mutex<State>>,
}

impl KoladaServer {
    pub fn start() -> KoladaServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        let base = origin.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = Arc::clone(&shared);
                let base = base.clone();
                std::thread::spawn(move || serve(stream, &state, &base));
            }
        });
        KoladaServer {
            api: format!("{origin}/v3"),
            state,
        }
    }

    /// Fail the next requests whose path contains `path_part`, one fault each.
    pub fn fail_next(&self, path_part: &str, faults: Vec<Fault>) {
        let mut s = self.state.lock().unwrap();
        s.next.push((path_part.to_owned(), faults.into()));
    }

    /// Fail every request whose path contains `path_part`.
    pub fn fail_always(&self, path_part: &str, fault: Fault) {
        let mut s = self.state.lock().unwrap();
        s.always.push((path_part.to_owned(), fault));
    }

    /// The paths asked for so far, in order.
    pub fn requests(&self) -> Vec<String> {
        self.state.lock().unwrap().requests.clone()
    }
}

fn serve(stream: TcpStream, state: &Mutex<State>, origin: &str) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header.trim().is_empty() => break,
            Ok(_) => {}
        }
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_owned();
    let fault = {
        let mut s = state.lock().unwrap();
        s.requests.push(path.clone());
        let scheduled = s
            .next
            .iter_mut()
            .find(|(part, faults)| path.contains(part.as_str()) && !faults.is_empty())
            .and_then(|(_, faults)| faults.pop_front());
        scheduled.or_else(|| {
            s.always
                .iter()
                .find(|(part, _)| path.contains(part.as_str()))
                .map(|(_, f)| f.clone())
        })
    };
    let mut stream = stream;
    match fault {
        None => {
            let (status, body) = answer(&path, origin);
            respond(&mut stream, status, &body, None);
        }
        Some(Fault::Status(status)) => respond(&mut stream, status, "{\"error\": \"fault\"}", None),
        Some(Fault::CutOff) => {
            let (_, body) = answer(&path, origin);
            respond(&mut stream, 200, &body, Some(body.len() / 2));
        }
        Some(Fault::NotJson) => respond(
            &mut stream,
            200,
            "<html>Service temporarily unavailable</html>",
            None,
        ),
        Some(Fault::Slow(wait)) => {
            std::thread::sleep(wait);
            let (status, body) = answer(&path, origin);
            respond(&mut stream, status, &body, None);
        }
        Some(Fault::HangUp) => {}
    }
}

/// Write an HTTP/1.1 answer; with `cut_at`, only that much of the body.
fn respond(stream: &mut TcpStream, status: u16, body: &str, cut_at: Option<usize>) {
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        if status == 200 { "OK" } else { "Error" },
        body.len()
    );
    let sent = &body.as_bytes()[..cut_at.unwrap_or(body.len())];
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(sent);
    let _ = stream.flush();
}

/// The API's answer to a path: `/v3/kpi/<ids>`, `/v3/municipality/<ids>`,
/// `/v3/data/kpi/<kpi>/municipality/<ids>/year/<years>`, each `?page=N`.
fn answer(path: &str, origin: &str) -> (u16, String) {
    let (route, query) = path.split_once('?').unwrap_or((path, ""));
    let page: usize = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("page="))
        .and_then(|p| p.parse().ok())
        .unwrap_or(1);
    let parts: Vec<&str> = route.trim_start_matches('/').split('/').collect();
    let list = |s: &str| s.split(',').map(str::to_owned).collect::<Vec<_>>();
    let values: Vec<Value> = match parts.as_slice() {
        ["v3", "kpi", ids] => {
            let ids = list(ids);
            KPIS.iter()
                .filter(|(id, _, _)| ids.iter().any(|i| i == id))
                .map(|(id, title, gender)| kpi_meta(id, title, *gender))
                .collect()
        }
        ["v3", "municipality", ids] => {
            let ids = list(ids);
            MUNICIPALITIES
                .iter()
                .filter(|(id, _, _)| ids.iter().any(|i| i == id))
                .map(|(id, title, kind)| json!({"id": id, "title": title, "type": kind}))
                .collect()
        }
        ["v3", "data", "kpi", kpi, "municipality", ids, "year", years] => {
            let years: Vec<i32> = years.split(',').filter_map(|y| y.parse().ok()).collect();
            if years.len() > 25 {
                return (400, "{\"error\": \"at most 25 years\"}".to_owned());
            }
            let ids = list(ids);
            data(kpi, &ids)
                .into_iter()
                .filter(|v| years.contains(&(v["period"].as_i64().unwrap() as i32)))
                .collect()
        }
        _ => return (404, "{\"error\": \"not found\"}".to_owned()),
    };
    let pages = values.len().div_ceil(PER_PAGE).max(1);
    let slice: Vec<Value> = values
        .iter()
        .skip((page - 1) * PER_PAGE)
        .take(PER_PAGE)
        .cloned()
        .collect();
    let mut body = json!({"count": slice.len(), "values": slice});
    if page < pages {
        body["next_page"] = json!(format!("{origin}{route}?page={}", page + 1));
    }
    (200, body.to_string())
}

fn kpi_meta(id: &str, title: &str, gender: bool) -> Value {
    json!({
        "auspices": "E", "description": format!("Beskrivning av {title}."),
        "has_ou_data": false, "id": id, "is_divided_by_gender": gender,
        "municipality_type": "K", "operating_area": "Test", "perspective": "Test",
        "publ_period": "2024", "publication_date": "2025-03-01", "title": title
    })
}

/// Every value the server holds for an indicator and the municipalities
/// asked for: by year, then in the order asked.
pub fn data(kpi: &str, ids: &[String]) -> Vec<Value> {
    let mut out = Vec::new();
    for year in YEARS {
        for id in ids {
            let Some(values) = value_of(kpi, id, year) else {
                continue;
            };
            out.push(json!({"kpi": kpi, "municipality": id, "period": year, "values": values}));
        }
    }
    out
}

/// One municipality's values of a year: Västervik has no tax rate for 2016
/// (null), Kalmar no value for men in 2020.
fn value_of(kpi: &str, id: &str, year: i32) -> Option<Value> {
    let step = f64::from(year - 2010);
    let round = |v: f64| (v * 100.0).round() / 100.0;
    let one = |gender: &str, value: Option<f64>| json!({"count": if value.is_some() { 1 } else { 0 }, "gender": gender, "status": "", "value": value});
    match kpi {
        "N00900" => {
            let value = match id {
                "0883" if year == 2016 => None,
                "0883" => Some(round(21.5 + 0.05 * step)),
                "0000" => Some(round(20.5 + 0.03 * step)),
                "0880" => Some(round(21.0 + 0.04 * step)),
                _ => return None,
            };
            Some(json!([one("T", value)]))
        }
        "N15419" => {
            let total = 70.0 + f64::from(year % 5) + if id == "0000" { 3.0 } else { 0.0 };
            let men = (!(id == "0880" && year == 2020)).then_some(total - 2.0);
            Some(json!([
                one("K", Some(total + 2.0)),
                one("M", men),
                one("T", Some(total))
            ]))
        }
        "N00002" => Some(json!([one("T", Some(50_000.0 + 1_000.0 * step))])),
        _ => None,
    }
}
