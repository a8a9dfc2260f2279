//! `insyn serve`: the preview server over real HTTP, rebuilding on saved
//! changes, reporting errors in the browser, and reloading open pages.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::util::{insyn, snapshot, Portal};

/// A running `insyn serve` on a free port, stopped when dropped.
pub struct Serve {
    child: Child,
    url: String,
    lines: Receiver<String>,
    /// What it printed of any panic. The preview catches a panic while
    /// patching and builds the whole site, which writes what a clean build
    /// writes: the test fails on it all the same, as the checks the tests'
    /// builds make of a patch (`debug_assert!`) panic.
    faults: Arc<Mutex<Vec<String>>>,
    /// The threads reading its standard output and error, done once it is
    /// gone.
    readers: Vec<std::thread::JoinHandle<()>>,
}

impl Serve {
    fn start(portal: &Portal, extra: &[&str]) -> Serve {
        Serve::start_in(portal.root(), extra)
    }

    /// `insyn serve` in a portal folder (that holds `content/`).
    pub fn start_in(root: &std::path::Path, extra: &[&str]) -> Serve {
        Serve::start_and_during_first_build(root, extra, || {})
    }

    /// `insyn serve` in a portal folder, calling `during` once the first
    /// build has read the content and is still building.
    fn start_and_during_first_build(
        root: &std::path::Path,
        extra: &[&str],
        during: impl FnOnce(),
    ) -> Serve {
        let mut child = insyn()
            .args(["serve", "--port", "0"])
            .args(extra)
            .env("INSYN_TIMINGS", "1")
            .current_dir(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (send, lines) = channel();
        let faults = Arc::new(Mutex::new(Vec::new()));
        let mut readers = Vec::new();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let send = send.clone();
            let faults = Arc::clone(&faults);
            readers.push(std::thread::spawn(move || {
                // A panic's line and the message after it.
                let mut of_panic = 0;
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if line.contains(" panicked at ") {
                        of_panic = 3;
                    }
                    if of_panic > 0 {
                        of_panic -= 1;
                        faults.lock().unwrap().push(line.clone());
                    }
                    let _ = send.send(line);
                }
            }));
        }
        let mut serve = Serve {
            child,
            url: String::new(),
            lines,
            faults,
            readers,
        };
        serve.wait_for("timing: content");
        during();
        let line = serve.wait_for("Serving");
        let start = line.find("http://").unwrap();
        serve.url = line[start..].split_whitespace().next().unwrap().to_owned();
        serve
    }

    /// Every printed line up to and with the next one that contains
    /// `text` (panics after 30 s).
    fn lines_until(&self, text: &str) -> Vec<String> {
        self.lines_until_each(&[text])
    }

    /// Every printed line until each of `texts` has been printed (panics
    /// after 30 s). Standard output and standard error are read apart, so
    /// lines printed on both come in either order.
    fn lines_until_each(&self, texts: &[&str]) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut printed: Vec<String> = Vec::new();
        let seen = |printed: &[String]| {
            (texts.iter()).all(|text| printed.iter().any(|line| line.contains(text)))
        };
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    printed.push(line);
                    if seen(&printed) {
                        return printed;
                    }
                }
                Err(_) => break,
            }
        }
        panic!("`insyn serve` never printed each of {texts:?}: {printed:#?}");
    }

    /// The next printed line that contains `text` (panics after 120 s: a
    /// first build of a large portal on a busy machine takes a while).
    pub fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(120);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(text) => return line,
                Ok(_) => {}
                Err(_) => break,
            }
        }
        panic!("`insyn serve` never printed {text:?}");
    }

    /// The next "Rebuilt" line, once lines containing each of `texts`
    /// were printed too, before or after it (standard error and standard
    /// output are read apart); panics after 60 s.
    pub fn next_rebuild_printing(&self, texts: &[&str]) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut missing: Vec<&str> = texts.to_vec();
        let mut rebuilt = None;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let Ok(line) = self.lines.recv_timeout(left) else {
                break;
            };
            missing.retain(|text| !line.contains(text));
            if line.contains("Rebuilt") {
                rebuilt = Some(line);
            }
            if missing.is_empty() {
                if let Some(line) = rebuilt.take() {
                    self.assert_no_fault();
                    return line;
                }
            }
        }
        panic!("no rebuild printing {missing:?} within 60 s (rebuilt: {rebuilt:?})");
    }

    /// The next "Rebuilt" line (panics on a failed build, or after 60 s).
    pub fn next_rebuild(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut printed = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains("Rebuilt") => {
                    self.assert_no_fault();
                    return line;
                }
                Ok(line) if line.contains("still served") || line.starts_with("error") => {
                    panic!("a rebuild failed: {line}")
                }
                Ok(line) => printed.push(line),
                Err(_) => break,
            }
        }
        panic!("no rebuild within 60 s; printed meanwhile: {printed:#?}");
    }

    /// Wait for a rebuild and then until none follows for a second: the
    /// last rebuild has seen every change. Panics on a failed build.
    pub fn wait_until_quiet(&self, longest: Duration) {
        let deadline = Instant::now() + longest;
        let mut rebuilt = false;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let wait = if rebuilt {
                Duration::from_secs(1)
            } else {
                left
            };
            match self.lines.recv_timeout(wait.min(left)) {
                Ok(line) if line.contains("Rebuilt") => rebuilt = true,
                Ok(line) if line.contains("still served") || line.starts_with("error") => {
                    panic!("a rebuild failed: {line}")
                }
                Ok(line) => seen.push(line),
                Err(_) if rebuilt => return self.assert_no_fault(),
                Err(_) => break,
            }
        }
        panic!(
            "no rebuild within {longest:?}; printed:\n{}",
            seen.join("\n")
        );
    }

    /// Every line printed within `wait`.
    fn lines_within(&self, wait: Duration) -> Vec<String> {
        let deadline = Instant::now() + wait;
        let mut out = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => out.push(line),
                Err(_) => break,
            }
        }
        out
    }

    fn get(&self, path: &str) -> Answer {
        request(
            "GET",
            &format!("{}{}", self.url, path.trim_start_matches('/')),
        )
    }
}

impl Serve {
    /// Panics with what `insyn serve` printed of a panic, if it did.
    fn assert_no_fault(&self) {
        let faults = self.faults.lock().unwrap();
        assert!(
            faults.is_empty(),
            "`insyn serve` panicked:\n{}",
            faults.join("\n")
        );
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // Its last lines are read once its output ends.
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
        if !std::thread::panicking() {
            self.assert_no_fault();
        }
    }
}

struct Answer {
    status: u16,
    content_type: String,
    length: Option<String>,
    location: Option<String>,
    body: String,
}

/// One request with a raw path (no normalising of `..`), over a plain socket.
fn request(method: &str, url: &str) -> Answer {
    request_for_host(method, url, None)
}

/// [`request`] with another `Host` header than the address's.
fn request_for_host(method: &str, url: &str, host_header: Option<&str>) -> Answer {
    use std::io::Write;
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_at(rest.find('/').unwrap());
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        host_header.unwrap_or(host)
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let header = |name: &str| {
        head.lines()
            .find(|l| l.to_ascii_lowercase().starts_with(&format!("{name}:")))
            .map(|l| l.split_once(':').unwrap().1.trim().to_owned())
    };
    Answer {
        status: head.split_whitespace().nth(1).unwrap().parse().unwrap(),
        content_type: header("content-type").unwrap_or_default(),
        length: header("content-length"),
        location: header("location"),
        body: body.to_owned(),
    }
}

fn paragraph_file(portal: &Portal) -> std::path::PathBuf {
    portal
        .content()
        .join("meetings/2020/2020-02-03-ks/001-budget.md")
}

#[test]
fn serves_the_site_with_content_types_folders_404_and_head() {
    let portal = Portal::from_fixture("base");
    let serve = Serve::start(&portal, &[]);
    let home = serve.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.content_type, "text/html; charset=utf-8");
    assert!(home.body.contains("<h1"), "{}", home.body);
    for (path, content_type) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/search.js", "text/javascript; charset=utf-8"),
        ("/feed.xml", "application/xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        (
            "/sammantraden/2020-02-03-ks/Bilaga%201%20(karta)%20%232.pdf",
            "application/pdf",
        ),
    ] {
        let a = serve.get(path);
        assert_eq!(
            (a.status, a.content_type.as_str()),
            (200, content_type),
            "{path}"
        );
    }
    let folder = serve.get("/arenden");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.location.as_deref(), Some("/arenden/"));
    assert_eq!(serve.get("/arenden/").status, 200);

    let missing = serve.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Sidan finns inte"),
        "the site's 404 page"
    );

    let head = request("HEAD", &format!("{}arenden/", serve.url));
    let get = serve.get("/arenden/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    assert_eq!(head.length, Some(get.body.len().to_string()));
    assert_eq!(
        request("POST", &format!("{}arenden/", serve.url)).status,
        405
    );
}

#[test]
fn nothing_outside_the_output_folder_is_served() {
    let portal = Portal::from_fixture("base");
    std::fs::write(portal.root().join("secret.txt"), "secret").unwrap();
    #[cfg(unix)]
    {
        std::fs::create_dir_all(portal.output()).unwrap();
        // A build replaces the output folder, so the link goes in after it.
    }
    let serve = Serve::start(&portal, &[]);
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        portal.root().join("secret.txt"),
        portal.output().join("link.txt"),
    )
    .unwrap();
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/arenden/..%2f..%2fsecret.txt",
        "/arenden/%2e%2e/%2e%2e/secret.txt",
        "/link.txt",
    ] {
        let a = serve.get(path);
        assert_eq!(a.status, 404, "{path}");
        assert!(!a.body.contains("secret"), "{path}");
    }
}

#[test]
fn the_reload_script_is_sent_but_never_written() {
    let portal = Portal::from_fixture("base");
    let serve = Serve::start(&portal, &[]);
    assert!(serve
        .get("/")
        .body
        .contains("new EventSource(\"/__insyn/events\")"));
    for (file, bytes) in snapshot(&portal.output()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("/__insyn/events"),
            "{file} has the reload script"
        );
    }
}

#[test]
fn a_save_made_during_the_first_build_is_rebuilt_after_it() {
    let portal = Portal::from_fixture("base");
    let file = paragraph_file(&portal);
    let serve = Serve::start_and_during_first_build(portal.root(), &[], || {
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(
            &file,
            text.replace("title: ", "title: Sparad under bygget "),
        )
        .unwrap();
    });
    serve.wait_for("Rebuilt after a change to meetings/2020/2020-02-03-ks/001-budget.md");
    assert!(serve
        .get("/sammantraden/2020-02-03-ks/p1/")
        .body
        .contains("Sparad under bygget"));
}

#[test]
fn a_saved_edit_is_rebuilt_reloaded_and_equal_to_a_full_build() {
    let portal = Portal::from_fixture("base");
    let serve = Serve::start(&portal, &[]);
    let events = events(&serve.url);

    let file = paragraph_file(&portal);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("title: ", "title: Ändrad ")).unwrap();
    serve.wait_for("Rebuilt after a change to meetings/2020/2020-02-03-ks/001-budget.md");
    assert_eq!(
        events.recv_timeout(Duration::from_secs(10)).ok().as_deref(),
        Some("reload"),
        "open pages are told to reload"
    );
    assert!(serve
        .get("/sammantraden/2020-02-03-ks/p1/")
        .body
        .contains("Ändrad"));

    // The files on disk are what a clean build of the same content writes.
    let fresh = Portal::from_fixture("base");
    std::fs::write(paragraph_file(&fresh), std::fs::read(&file).unwrap()).unwrap();
    fresh.build().success();
    assert_eq!(snapshot(&portal.output()), snapshot(&fresh.output()));
}

/// The events of `/__insyn/events`, as they arrive.
fn events(url: &str) -> Receiver<String> {
    use std::io::Write;
    let rest = url.strip_prefix("http://").unwrap().trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(rest).unwrap();
    write!(
        stream,
        "GET /__insyn/events HTTP/1.1\r\nHost: {rest}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let (send, receive) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(event) = line.strip_prefix("event: ") {
                let _ = send.send(event.to_owned());
            }
        }
    });
    // Let the subscription reach the server before anything changes.
    std::thread::sleep(Duration::from_millis(300));
    receive
}

#[test]
fn a_content_error_is_shown_in_the_browser_and_a_fix_recovers() {
    let portal = Portal::from_fixture("base");
    let serve = Serve::start(&portal, &[]);
    let before = snapshot(&portal.output());
    let file = paragraph_file(&portal);
    let good = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        good.replace("decision: proposed", "decision: beviljad"),
    )
    .unwrap();
    serve.wait_for("The last good site is still served");
    let page = serve.get("/arenden/");
    assert_eq!(page.status, 500);
    assert!(
        page.body
            .contains("`decision: beviljad` är inte ett av de tillåtna värdena"),
        "{}",
        page.body
    );
    assert!(page
        .body
        .contains("meetings/2020/2020-02-03-ks/001-budget.md:"));
    assert!(page.body.contains("/__insyn/events"), "it reloads itself");
    assert_eq!(
        snapshot(&portal.output()),
        before,
        "the last good site stays"
    );
    assert_eq!(serve.get("/style.css").status, 200);

    // The fix is patched into the last good site, not built whole.
    std::fs::write(&file, good).unwrap();
    let rebuilt = serve.wait_for("Rebuilt after");
    assert!(rebuilt.contains("pages rendered"), "{rebuilt}");
    assert_eq!(serve.get("/arenden/").status, 200);
    assert_eq!(snapshot(&portal.output()), before);
}

#[test]
fn an_error_and_its_fix_in_two_files_are_patched_together() {
    let portal = Portal::from_fixture("base");
    let serve = Serve::start(&portal, &[]);
    let file = paragraph_file(&portal);
    let good = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, good.replace("title: ", "nyckel: x\ntitle: Ändrad ")).unwrap();
    serve.wait_for("The last good site is still served");
    // A second meeting is saved while the first still has its error.
    let other = portal
        .content()
        .join("meetings/2020/2020-02-24-kf/010-budget.md");
    let text = std::fs::read_to_string(&other).unwrap();
    std::fs::write(&other, text.replace("title: ", "title: Också ändrad ")).unwrap();
    serve.wait_for("The last good site is still served");
    std::fs::write(&file, good.replace("title: ", "title: Ändrad ")).unwrap();
    let rebuilt = serve.wait_for("Rebuilt after");
    assert!(rebuilt.contains("pages rendered"), "{rebuilt}");

    let fresh = Portal::from_fixture("base");
    for edited in [&file, &other] {
        let rel = edited.strip_prefix(portal.root()).unwrap();
        std::fs::write(fresh.root().join(rel), std::fs::read(edited).unwrap()).unwrap();
    }
    fresh.build().success();
    assert_eq!(snapshot(&portal.output()), snapshot(&fresh.output()));
}

/// An error only the whole model shows (a § number used twice in a body's
/// year) fails the build that reports it; its fix is still patched into
/// the last good site, not built whole.
#[test]
fn a_number_used_twice_and_its_fix_are_patched() {
    let portal = Portal::from_fixture("base");
    let serve = Serve::start(&portal, &[]);
    let before = snapshot(&portal.output());
    let twice = paragraph_file(&portal).with_file_name("001-ny.md");
    let text = "---\nparagraph: 1\ntitle: \"Ny paragraf\"\ndecision: approved\n---\nText.\n";
    std::fs::write(&twice, text).unwrap();
    // The reason goes to standard output, the errors to standard error.
    let printed = serve
        .lines_until_each(&[
            "The last good site is still served",
            "Bygger hela webbplatsen",
        ])
        .join("\n");
    assert!(
        printed.contains(
            "Bygger hela webbplatsen: ett §-nummer används två gånger under ett organs år."
        ),
        "{printed}"
    );
    assert!(printed.contains("001-ny.md:2"), "{printed}");
    assert_eq!(
        snapshot(&portal.output()),
        before,
        "the last good site stays"
    );

    // The file made by mistake is removed.
    std::fs::remove_file(&twice).unwrap();
    let rebuilt = serve.wait_for("Rebuilt after");
    assert!(rebuilt.contains("pages rendered"), "{rebuilt}");
    assert_eq!(snapshot(&portal.output()), before);
}

/// A checkout writes file after file; a batch ended between two of them
/// may read the next one half written. The rest of its writes, coming
/// soon after, are read before any error is reported: the clerk sees one
/// rebuild, no error.
#[test]
fn a_file_read_half_written_is_read_again_before_an_error_is_reported() {
    let portal = Portal::from_fixture("base");
    let serve = Serve::start(&portal, &[]);
    let file = paragraph_file(&portal).with_file_name("099-ny.md");
    std::fs::write(&file, "---\nparagraph: 99\ntitle: \"Ny").unwrap();
    std::thread::sleep(Duration::from_millis(20));
    let text = "---\nparagraph: 99\ntitle: \"Ny paragraf\"\ndecision: approved\n---\nText.\n";
    std::fs::write(&file, text).unwrap();
    let printed = serve.lines_until("Rebuilt after").join("\n");
    assert!(!printed.contains("still served"), "{printed}");
    assert!(!printed.contains("099-ny.md:"), "{printed}");
    assert!(printed.contains("pages rendered"), "{printed}");
}

#[test]
fn a_whole_build_says_why() {
    let portal = Portal::from_fixture("base");
    let serve = Serve::start(&portal, &[]);
    let settings = portal.content().join("site.yaml");
    let text = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(&settings, format!("{text}\n")).unwrap();
    let why = serve.wait_for("hela webbplatsen");
    assert_eq!(
        why,
        "Bygger hela webbplatsen: en ändring utanför sammanträdesmappar, ärendefiler och sidor."
    );
    serve.wait_for("Rebuilt after a change to site.yaml");
}

#[test]
fn a_burst_of_saves_is_one_rebuild() {
    let portal = Portal::from_fixture("base");
    let serve = Serve::start(&portal, &[]);
    let pages = portal.content().join("pages");
    for i in 0..60 {
        std::fs::write(
            pages.join(format!("sida-{i:02}.md")),
            format!("---\ntitle: Sida {i}\n---\nText {i}.\n"),
        )
        .unwrap();
    }
    // The saves come faster than a rebuild waits for a burst to end (2 ms
    // after a file is closed), so they are one rebuild; on a loaded machine
    // the writing thread may be put aside between two files, and the burst
    // then splits once or twice, never into a rebuild per save.
    // "Rebuilt after 58 changes …", or "… after a change to …" when a
    // split leaves one save on its own.
    let rebuilt = |line: &str| -> Option<usize> {
        let rest = line.strip_prefix("Rebuilt after ")?;
        match rest.strip_prefix("a change to ") {
            Some(_) => Some(1),
            None => rest.split(' ').next()?.parse().ok(),
        }
    };
    let mut rebuilds = Vec::new();
    let mut changes = 0;
    while changes < 60 {
        let line = serve.wait_for("Rebuilt after");
        changes += rebuilt(&line).expect("a count of changes");
        rebuilds.push(line);
    }
    let more = serve.lines_within(Duration::from_secs(1));
    assert!(
        !more.iter().any(|l| l.contains("Rebuilt")),
        "nothing more after the burst: {more:?}"
    );
    assert!(
        rebuilds.len() <= 3,
        "60 saves, {} rebuilds: {rebuilds:?}",
        rebuilds.len()
    );
    assert_eq!(serve.get("/sida-59/").status, 200);
}

#[test]
fn a_port_in_use_is_a_clear_message() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let portal = Portal::from_fixture("base");
    let run = portal.insyn(&["serve", "--port", &port]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains(&format!("the port {port} on 127.0.0.1 is in use")),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_it_cleanly() {
    let portal = Portal::from_fixture("base");
    let mut serve = Serve::start(&portal, &[]);
    // An open page listening for reloads does not keep it running.
    let _events = events(&serve.url);
    let pid = serve.child.id().to_string();
    assert!(std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    serve.wait_for("Stopped.");
    let status = serve.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}

#[test]
fn a_template_error_is_reported_the_same_way() {
    let portal = Portal::with_overlay("broken-template");
    let template = portal.root().join("themes/stadens/templates/case.html");
    let broken = std::fs::read_to_string(&template).unwrap();
    std::fs::write(&template, broken.replace(" | no_such_filter", "")).unwrap();
    let serve = Serve::start(&portal, &[]);
    assert_eq!(serve.get("/arenden/").status, 200);

    std::fs::write(&template, &broken).unwrap();
    serve.wait_for("The last good site is still served");
    let page = serve.get("/");
    assert_eq!(page.status, 500);
    assert!(page.body.contains("case.html"), "{}", page.body);
    // In the portal's language, as `insyn build` says it.
    assert!(page.body.contains("fel: "), "{}", page.body);
    assert!(!page.body.contains("error: "), "{}", page.body);

    std::fs::write(&template, broken.replace(" | no_such_filter", "")).unwrap();
    serve.wait_for("Rebuilt after a change to themes/stadens/templates/case.html");
    assert_eq!(serve.get("/").status, 200);
}

/// A personal identity number in content never reaches a terminal, a build
/// log or the preview's error page whole: not in the guard's own message,
/// not in a quoted source line, not inside another error's message (a §
/// number too large, an unknown key).
#[test]
fn a_personal_identity_number_is_masked_in_every_message() {
    let portal = Portal::from_fixture("base");
    let serve = Serve::start(&portal, &[]);
    let file = paragraph_file(&portal);
    let leaking = "---\nparagraph: 191212121212\ntitle: \"Ansökan\"\ndecision: approved\nsokande: \"19121212-1212\"\n---\nSökanden, född 19121212-1212, överklagade beslutet.\n";
    std::fs::write(&file, leaking).unwrap();
    let printed = serve
        .lines_until("The last good site is still served")
        .join("\n");
    let page = serve.get("/").body;
    let build = portal.build();
    let check = portal.insyn(&["check"]);
    assert_eq!((build.code, check.code), (1, 1));
    for (what, text) in [
        ("insyn build", format!("{}{}", build.stdout, build.stderr)),
        ("insyn check", format!("{}{}", check.stdout, check.stderr)),
        ("the preview's terminal", printed),
        ("the preview's error page", page),
    ] {
        assert!(
            text.contains("19121212-****"),
            "{what} shows the masked number:\n{text}"
        );
        assert!(
            text.contains("19121212****"),
            "{what} shows the § masked:\n{text}"
        );
        let whole = insyn::privacy::find(&text);
        assert!(whole.is_empty(), "{what} shows {whole:?}:\n{text}");
    }
}

/// A meeting started with `insyn new` while the preview runs is built with
/// a warning about its placeholder text, not stopped by it: the clerk is
/// still writing. `insyn build` stops at it (`cli.rs`).
#[test]
fn the_placeholder_text_of_a_new_meeting_is_a_warning_in_the_preview() {
    let portal = Portal::from_fixture("base");
    let serve = Serve::start(&portal, &[]);
    portal
        .insyn(&["new", "meeting", "--body", "ks", "--date", "2020-03-02"])
        .success();
    let line = serve.next_rebuild_printing(&[
        "varning: texten `Närvarande ledamöter, ersättare och tjänstepersoner skrivs här.` som `insyn new` skrev står kvar",
        "varning: texten `(namn och namn)` som `insyn new` skrev står kvar",
    ]);
    assert!(line.starts_with("Rebuilt"), "{line}");
    assert_eq!(serve.get("/sammantraden/2020-03-02-ks/").status, 200);
}

#[test]
fn the_server_answers_only_this_machine_and_never_redirects_to_another_host() {
    let portal = Portal::from_fixture("base");
    let serve = Serve::start(&portal, &[]);
    let port = serve.url.rsplit(':').next().unwrap().trim_end_matches('/');
    for host in [format!("localhost:{port}"), format!("[::1]:{port}")] {
        assert_eq!(request_for_host("GET", &serve.url, Some(&host)).status, 200);
    }
    // A page of another site whose name was pointed at this machine.
    for host in [format!("attacker.example:{port}"), String::new()] {
        let refused = request_for_host("GET", &serve.url, Some(&host));
        assert_eq!(refused.status, 403, "{host}");
        assert!(!refused.body.contains("<h1"), "{}", refused.body);
        let events = format!("{}__insyn/events", serve.url);
        assert_eq!(request_for_host("GET", &events, Some(&host)).status, 403);
    }
    let redirect = serve.get("//sammantraden");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.location.as_deref(), Some("/sammantraden/"));
}

#[test]
fn held_and_slow_connections_are_closed_and_the_browser_is_still_answered() {
    use std::io::Write;
    let portal = Portal::from_fixture("base");
    let serve = Serve::start(&portal, &[]);
    let address = serve
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let reloads = events(&serve.url);
    let started = Instant::now();
    // More connections than the server serves at once, sending nothing…
    let held_count = insyn::serve::connections::MAX_CONNECTIONS + 100;
    rlimit::increase_nofile_limit(2 * held_count as u64).unwrap();
    let held: Vec<std::net::TcpStream> = (0..held_count)
        .map(|_| std::net::TcpStream::connect(&address).unwrap())
        .collect();
    // …and one sending its headers a little at a time, never ending them.
    let mut slow = std::net::TcpStream::connect(&address).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    let answer = serve.get("/");
    assert_eq!(answer.status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(25),
        "answered after {:?}",
        started.elapsed()
    );
    // The server closed the slow one, without answering it a page.
    slow.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut answer = Vec::new();
    let read = slow.read_to_end(&mut answer);
    assert!(closed(read.map(|_| 0)), "the slow connection stays open");
    assert!(
        !String::from_utf8_lossy(&answer).contains("200 OK"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    assert!(started.elapsed() < Duration::from_secs(40));
    // And the first held ones too.
    let mut first = &held[0];
    first
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut buffer = [0; 1];
    assert!(
        closed(first.read(&mut buffer)),
        "a held connection stays open"
    );
    // An open page's reload stream is an answer, not waiting: it stays.
    assert!(started.elapsed() > connections_timeout());
    let file = paragraph_file(&portal);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("decision: proposed", "decision: approved"),
    )
    .unwrap();
    assert_eq!(
        reloads.recv_timeout(Duration::from_secs(60)).as_deref(),
        Ok("reload")
    );
}

/// How long the server waits for a request's headers.
fn connections_timeout() -> Duration {
    insyn::serve::connections::HEADER_TIMEOUT
}

/// Did a read end because the server closed the connection (not because
/// the reader stopped waiting)?
fn closed(read: std::io::Result<usize>) -> bool {
    match read {
        Ok(n) => n == 0,
        Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
    }
}

#[test]
fn a_theme_that_prints_a_meeting_s_paragraph_count_is_patched_right() {
    let portal = Portal::from_fixture("base");
    let templates = portal.root().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("paragraph.html"),
        "{% extends \"base.html\" %}{% block content %}<p>{{ meeting.paragraph_count }} §§</p>{% endblock content %}",
    )
    .unwrap();
    let serve = Serve::start(&portal, &["--verify"]);
    assert!(serve
        .get("/sammantraden/2020-02-03-ks/p1/")
        .body
        .contains("1 §§"));
    let meeting = portal.content().join("meetings/2020/2020-02-03-ks");
    std::fs::write(
        meeting.join("002-nytt.md"),
        "---\nparagraph: 2\ntitle: \"Ny paragraf\"\ndecision: approved\n---\nText.\n",
    )
    .unwrap();
    let rebuilt = serve.wait_for("Rebuilt after");
    assert!(rebuilt.contains("pages rendered"), "{rebuilt}");
    assert_eq!(
        serve.wait_for("erif"),
        "Verified: the output equals a clean build."
    );
    // The paragraph that was there shows the new count too.
    assert!(serve
        .get("/sammantraden/2020-02-03-ks/p1/")
        .body
        .contains("2 §§"));
}

#[test]
fn verify_names_every_file_that_differs_from_a_clean_build() {
    let portal = Portal::from_fixture("base");
    let serve = Serve::start(&portal, &["--verify"]);
    // A file the edit does not touch, changed behind the preview's back.
    std::fs::write(portal.output().join("om/index.html"), "ändrad för hand").unwrap();
    let file = paragraph_file(&portal);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("title: ", "title: Ändrad ")).unwrap();
    let printed = serve.lines_until("differs: om/index.html");
    assert!(
        printed
            .iter()
            .any(|l| l == "Verify: 1 file differ from a clean build:"),
        "{printed:#?}"
    );
}

#[test]
fn a_write_that_fails_during_a_patch_is_reported_and_the_next_change_builds_whole() {
    let portal = Portal::from_fixture("base");
    let serve = Serve::start(&portal, &[]);
    // A page with another hard link (a deploy copy) is written beside
    // itself, not in place; a folder where its new version goes makes
    // that write fail.
    let page = portal.output().join("sammantraden/2020-02-03-ks/p1");
    std::fs::hard_link(page.join("index.html"), portal.root().join("kopia.html")).unwrap();
    let blocker = page.join(".index.html.insyn-tmp");
    std::fs::create_dir_all(blocker.join("inuti")).unwrap();
    let file = paragraph_file(&portal);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("title: ", "title: Ändrad ")).unwrap();
    let printed = serve.lines_until("fel: ");
    assert!(
        printed.last().unwrap().contains(".index.html.insyn-tmp"),
        "{printed:#?}"
    );
    assert!(
        !printed.iter().any(|l| l.contains("Rebuilt")),
        "{printed:#?}"
    );
    assert_eq!(serve.get("/arenden/").status, 500, "the pages show it");

    std::fs::write(&file, text.replace("title: ", "title: Igen ")).unwrap();
    serve.wait_for("Bygger hela webbplatsen: förra bygget blev inte klart.");
    serve.wait_for("Rebuilt after");
    assert!(!blocker.exists());
    assert_eq!(serve.get("/arenden/").status, 200);
}
