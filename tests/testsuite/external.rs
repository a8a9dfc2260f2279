//! `insyn check --external` against web sites on 127.0.0.1 that the test
//! starts: pages that work, are missing or gone, move for good or for a
//! while, refuse `HEAD`, answer too slowly, fail once, or refuse the
//! connection.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::util::Portal;

/// A web site that answers each path as the module says, counting the
/// requests and the most it served at once.
struct Site {
    port: u16,
    requests: Arc<AtomicUsize>,
    most_at_once: Arc<AtomicUsize>,
}

impl Site {
    fn start() -> Site {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(AtomicUsize::new(0));
        let most_at_once = Arc::new(AtomicUsize::new(0));
        let (counted, most) = (Arc::clone(&requests), Arc::clone(&most_at_once));
        let at_once = Arc::new(AtomicUsize::new(0));
        let flaky_seen = Arc::new(AtomicUsize::new(0));
        std::thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let (counted, most, at_once) = (counted.clone(), most.clone(), at_once.clone());
                let flaky_seen = flaky_seen.clone();
                std::thread::spawn(move || {
                    counted.fetch_add(1, Ordering::SeqCst);
                    // A slow page keeps its thread after the client gave up.
                    let counts = |path: &str| path != "/slow";
                    let enter = |path: &str| {
                        if counts(path) {
                            let now = at_once.fetch_add(1, Ordering::SeqCst) + 1;
                            most.fetch_max(now, Ordering::SeqCst);
                        }
                    };
                    let leave = |path: &str| {
                        if counts(path) {
                            at_once.fetch_sub(1, Ordering::SeqCst);
                        }
                    };
                    answer(stream, &flaky_seen, enter, leave);
                });
            }
        });
        Site {
            port,
            requests,
            most_at_once,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

/// Answer one request; `enter` and `leave` are called with its path around
/// the answer.
fn answer(stream: TcpStream, flaky_seen: &AtomicUsize, enter: impl Fn(&str), leave: impl Fn(&str)) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let mut parts = request.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    enter(path);
    let (status, location) = match path {
        "/ok" | "/temporary-target" => ("200 OK", None),
        "/missing" => ("404 Not Found", None),
        "/gone" => ("410 Gone", None),
        "/moved" => ("301 Moved Permanently", Some("/ok")),
        "/temporary" => ("302 Found", Some("/temporary-target")),
        "/no-head" if method == "HEAD" => ("405 Method Not Allowed", None),
        "/no-head" => ("200 OK", None),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(3));
            ("200 OK", None)
        }
        "/flaky" if flaky_seen.fetch_add(1, Ordering::SeqCst) == 0 => {
            ("503 Service Unavailable", None)
        }
        "/flaky" => ("200 OK", None),
        _ => ("404 Not Found", None),
    };
    let location = location.map_or(String::new(), |l| format!("Location: {l}\r\n"));
    let body = "<!DOCTYPE html><title>x</title>";
    let _ = write!(
        &stream,
        "HTTP/1.1 {status}\r\n{location}Content-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
        body.len(),
        if method == "HEAD" { "" } else { body }
    );
    leave(path);
}

#[test]
fn links_to_other_sites_are_asked_once_each_and_the_broken_ones_warned_about() {
    let site = Site::start();
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let refused = format!("http://127.0.0.1:{}/", closed.local_addr().unwrap().port());
    drop(closed);
    let portal = Portal::from_fixture("base");
    let paragraph = portal
        .content()
        .join("meetings/2020/2020-02-03-ks/001-budget.md");
    let mut text = std::fs::read_to_string(&paragraph).unwrap();
    for (i, path) in [
        "/ok",
        "/missing",
        "/gone",
        "/moved",
        "/temporary",
        "/no-head",
        "/slow",
        "/flaky",
    ]
    .iter()
    .enumerate()
    {
        text.push_str(&format!("\nLänk {i}: [sidan]({})\n", site.url(path)));
    }
    text.push_str(&format!("\n<a href=\"{refused}\">Stängd</a>\n"));
    std::fs::write(&paragraph, &text).unwrap();
    let missing_line = 1 + text.lines().position(|l| l.contains("/missing")).unwrap();
    let page = portal.content().join("pages/om.md");
    let mut about = std::fs::read_to_string(&page).unwrap();
    about.push_str(&format!(
        "\nSe [sidan som saknas]({}).\n",
        site.url("/missing")
    ));
    std::fs::write(&page, about).unwrap();

    let check = || {
        portal.insyn_with_env(
            &["check", "--external", "--lang", "en"],
            &[("INSYN_LINK_TIMEOUT", "0.5")],
        )
    };
    let run = check();
    assert_eq!(run.code, 0, "warnings only:\n{}", run.stderr);
    let warned = |needle: &str| run.stderr.matches(needle).count();
    for (path, problem, count) in [
        ("/missing", "the page is not found (404)", 2),
        ("/gone", "the page is gone (410)", 1),
        ("/moved", "the page has moved for good to", 1),
        ("/slow", "no answer within 1 s", 1),
    ] {
        let line = format!(
            "warning: the link `{}` does not work: {problem}",
            site.url(path)
        );
        assert_eq!(warned(&line), count, "{line}:\n{}", run.stderr);
    }
    assert!(run
        .stderr
        .contains(&format!("link to `{}` instead", site.url("/ok"))));
    assert_eq!(
        warned(&format!(
            "`{refused}` does not work: the server refuses the connection"
        )),
        1
    );
    for fine in ["/ok", "/temporary", "/no-head", "/flaky"] {
        let line = format!("`{}` does not work", site.url(fine));
        assert_eq!(warned(&line), 0, "{fine} works:\n{}", run.stderr);
    }
    let at = format!("--> meetings/2020/2020-02-03-ks/001-budget.md:{missing_line}:9");
    assert!(run.stderr.contains(&at), "{at}:\n{}", run.stderr);
    assert!(run.stderr.contains("--> pages/om.md:6:4"), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("Checked 10 links to other web sites (9 addresses, 9 asked now"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(": 6 do not work."), "{}", run.stdout);
    assert_eq!(
        site.most_at_once.load(Ordering::SeqCst),
        1,
        "one request at a time per host"
    );

    // The same day, the kept answers are used: no site is asked again.
    let asked = site.requests.load(Ordering::SeqCst);
    let again = check();
    assert_eq!(site.requests.load(Ordering::SeqCst), asked);
    assert_eq!(again.stderr, run.stderr);
    assert!(
        again.stdout.contains("(9 addresses, 0 asked now"),
        "{}",
        again.stdout
    );
    // Plain `insyn check` asks no one.
    portal.insyn(&["check"]).success();
    assert_eq!(site.requests.load(Ordering::SeqCst), asked);
}
