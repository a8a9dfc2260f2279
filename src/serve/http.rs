//! The preview server's HTTP side: files from the output folder with their
//! content types, `index.html` for folders, the site's 404 page, nothing
//! outside the output folder, HEAD as GET without a body, the build's
//! errors as a page, and the live-reload script added to every HTML page on
//! its way out (never written into the output folder). It answers only
//! requests addressed to this machine by a local name or an address (see
//! [`is_local_host`]), so that no web page elsewhere can read the preview.

use std::convert::Infallible;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::{broadcast, watch};
use tokio_stream::wrappers::{BroadcastStream, WatchStream};
use tokio_stream::{Stream, StreamExt};

/// Where pages listen for "reload".
pub const EVENTS: &str = "/__insyn/events";

/// Added before `</body>` of every HTML page the server sends.
pub const RELOAD_SCRIPT: &str = "<script>(()=>{const s=new EventSource(\"/__insyn/events\");s.addEventListener(\"reload\",()=>location.reload());})();</script>";

/// What the server and the rebuilding thread share.
pub struct Shared {
    pub output: PathBuf,
    /// The address the server listens on.
    pub bind: std::net::IpAddr,
    /// The last build's errors, as the terminal printed them; `None` when
    /// it succeeded.
    pub errors: RwLock<Option<String>>,
    /// Sends "reload" to every open page.
    pub reload: broadcast::Sender<()>,
    /// Set when the server stops, to end the open event streams (a
    /// graceful shutdown waits for every connection to close).
    pub stopping: watch::Sender<bool>,
}

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS, get(events))
        .fallback(file)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&shared),
            local_only,
        ))
        .with_state(shared)
}

/// Refuse a request whose `Host` is not this machine's (see
/// [`is_local_host`]).
async fn local_only(
    State(shared): State<Arc<Shared>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    if is_local_host(host, shared.bind) {
        return next.run(request).await;
    }
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Insyn's preview answers only for http://localhost, http://127.0.0.1 and the address it listens on.\n",
    )
        .into_response()
}

/// Is `host` (a `Host` header: a name or address, maybe with a port) this
/// machine as the preview knows it: `localhost` or a name under it, a
/// loopback address, or the address it listens on (any address, when it
/// listens on every network)? A page of another site that has its own
/// name point here (DNS rebinding) sends its name, and is refused.
pub fn is_local_host(host: &str, bind: std::net::IpAddr) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    match name.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == bind || bind.is_unspecified(),
        Err(_) => false,
    }
}

async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let reloads = BroadcastStream::new(shared.reload.subscribe()).map(|_| true);
    let stops = WatchStream::from_changes(shared.stopping.subscribe()).map(|_| false);
    let stream = reloads
        .merge(stops)
        .take_while(|reload| *reload)
        .map(|_| Ok(Event::default().event("reload").data("reload")));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// What a request path names in the output folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    File(PathBuf),
    /// A folder asked for without its `/`: where to send the browser.
    Redirect(String),
    NotFound,
}

/// Resolve a request path (percent-encoded, as received) inside `output`:
/// `..`, encoded or not, and symbolic links that lead outside are not found.
pub fn resolve(output: &Path, path: &str) -> Target {
    let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else {
        return Target::NotFound;
    };
    let mut file = output.to_path_buf();
    for segment in decoded.split('/') {
        if segment.contains(['\\', '\0']) {
            return Target::NotFound;
        }
        match Path::new(segment).components().next() {
            None | Some(Component::CurDir) => {}
            Some(Component::Normal(_)) if Path::new(segment).components().count() == 1 => {
                file.push(segment)
            }
            _ => return Target::NotFound,
        }
    }
    if file.is_dir() {
        if !decoded.ends_with('/') {
            // One leading slash: `//name/` would send the browser to
            // another host.
            return Target::Redirect(format!("/{}/", path.trim_start_matches('/')));
        }
        file.push("index.html");
    }
    let inside = match (file.canonicalize(), output.canonicalize()) {
        (Ok(f), Ok(root)) => f.starts_with(root) && f.is_file(),
        _ => false,
    };
    if inside {
        Target::File(file)
    } else {
        Target::NotFound
    }
}

async fn file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    let path = uri.path();
    let looks_like_page = path.ends_with('/') || path.ends_with(".html");
    let errors = shared.errors.read().map(|e| e.clone()).unwrap_or(None);
    if let (Some(errors), true) = (errors, looks_like_page) {
        return page(
            &method,
            StatusCode::INTERNAL_SERVER_ERROR,
            error_page(&errors).into_bytes(),
            "text/html",
        );
    }
    match resolve_during_swap(&shared.output, path).await {
        Target::Redirect(to) => {
            (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response()
        }
        Target::File(file) => match read(file.clone()).await {
            Ok(bytes) => page(&method, StatusCode::OK, bytes, &content_type(&file)),
            Err(_) => not_found(&shared.output, &method).await,
        },
        Target::NotFound => not_found(&shared.output, &method).await,
    }
}

/// A build exchanges the new output folder with the old in one step; where
/// the file system cannot, it takes two renames, and a request that falls
/// between them waits for the new folder.
async fn resolve_during_swap(output: &Path, path: &str) -> Target {
    for _ in 0..20 {
        if output.is_dir() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    resolve(output, path)
}

/// A file of the output folder, never one the preview is halfway through
/// writing.
async fn read(file: PathBuf) -> std::io::Result<Vec<u8>> {
    tokio::task::spawn_blocking(move || crate::output::live::read_file(&file))
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e)))
}

async fn not_found(output: &Path, method: &Method) -> Response {
    let body = read(output.join("404.html"))
        .await
        .unwrap_or_else(|_| b"<!DOCTYPE html><title>404</title><h1>404</h1>".to_vec());
    page(method, StatusCode::NOT_FOUND, body, "text/html")
}

/// A response; HTML gets the reload script; HEAD gets the headers only.
fn page(method: &Method, status: StatusCode, mut body: Vec<u8>, content_type: &str) -> Response {
    if content_type.starts_with("text/html") {
        body = with_reload_script(body);
    }
    let length = body.len();
    let body = if *method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(body)
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    let charset = if content_type.starts_with("text/")
        || content_type.ends_with("json")
        || content_type.ends_with("xml")
    {
        "; charset=utf-8"
    } else {
        ""
    };
    if let Ok(v) = HeaderValue::from_str(&format!("{content_type}{charset}")) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The content type of a file by its extension.
pub fn content_type(file: &Path) -> String {
    match file.extension().and_then(|e| e.to_str()) {
        Some("xml") => "application/xml".to_owned(),
        Some("js") | Some("mjs") => "text/javascript".to_owned(),
        _ => mime_guess::from_path(file)
            .first_or_octet_stream()
            .essence_str()
            .to_owned(),
    }
}

fn with_reload_script(body: Vec<u8>) -> Vec<u8> {
    let mut text = String::from_utf8_lossy(&body).into_owned();
    match text.rfind("</body>") {
        Some(at) => text.insert_str(at, RELOAD_SCRIPT),
        None => text.push_str(RELOAD_SCRIPT),
    }
    text.into_bytes()
}

/// The page every HTML address shows while the content has errors.
fn error_page(errors: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Build error – Insyn preview</title>\n<style>body{{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#0b0c0c}}pre{{background:#f3f2f1;padding:1rem;overflow:auto;white-space:pre-wrap}}h1{{color:#b10e1e}}</style></head>\n<body>\n<main>\n<h1>The content has errors</h1>\n<p>The preview shows the last site that built. Fix what is listed below and save: this page reloads by itself.</p>\n<pre>{}</pre>\n</main>\n</body>\n</html>\n",
        crate::theme::escape_html(errors)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_inside_the_output_folder_only() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        std::fs::create_dir_all(out.join("arenden")).unwrap();
        std::fs::write(out.join("arenden/index.html"), "x").unwrap();
        std::fs::write(out.join("style.css"), "x").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "x").unwrap();
        assert_eq!(
            resolve(&out, "/style.css"),
            Target::File(out.join("style.css"))
        );
        assert_eq!(
            resolve(&out, "/arenden/"),
            Target::File(out.join("arenden/index.html"))
        );
        assert_eq!(
            resolve(&out, "/arenden"),
            Target::Redirect("/arenden/".into())
        );
        assert_eq!(
            resolve(&out, "//arenden"),
            Target::Redirect("/arenden/".into()),
            "never to another host"
        );
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/arenden/..%2F..%2Fsecret.txt",
            "/..%5csecret.txt",
            "/nothing.html",
        ] {
            assert_eq!(resolve(&out, bad), Target::NotFound, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("link.txt"))
                .unwrap();
            assert_eq!(resolve(&out, "/link.txt"), Target::NotFound);
        }
    }

    #[test]
    fn answers_only_for_this_machine_s_names() {
        let loopback: std::net::IpAddr = "127.0.0.1".parse().unwrap();
        let lan: std::net::IpAddr = "192.168.1.20".parse().unwrap();
        let every: std::net::IpAddr = "0.0.0.0".parse().unwrap();
        for host in [
            "localhost:8000",
            "LOCALHOST",
            "insyn.localhost:8000",
            "127.0.0.1:8000",
            "127.0.0.1",
            "[::1]:8000",
        ] {
            assert!(is_local_host(host, loopback), "{host}");
        }
        for host in [
            "attacker.example:8000",
            "localhost.attacker.example",
            "192.168.1.20:8000",
            "",
        ] {
            assert!(!is_local_host(host, loopback), "{host}");
        }
        assert!(is_local_host("192.168.1.20:8000", lan));
        assert!(is_local_host("10.0.0.5:8000", every));
        assert!(!is_local_host("attacker.example", every));
    }

    #[test]
    fn html_gets_the_reload_script_before_the_end_of_body() {
        let out = with_reload_script(b"<html><body><p>x</p></body></html>".to_vec());
        let text = String::from_utf8(out).unwrap();
        assert!(text.ends_with(&format!("{RELOAD_SCRIPT}</body></html>")));
        assert_eq!(content_type(Path::new("a.svg")), "image/svg+xml");
        assert_eq!(content_type(Path::new("a.pdf")), "application/pdf");
        assert_eq!(content_type(Path::new("a.csv")), "text/csv");
    }
}
