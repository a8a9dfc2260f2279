//! How the preview server takes connections, so that it stays up for the
//! browser that uses it: at most [`MAX_CONNECTIONS`] at a time (more wait
//! to be accepted), and a connection that does not send a whole request's
//! headers within [`HEADER_TIMEOUT`] (idle between requests, or sending
//! them byte by byte) is closed. The open pages' reload streams are
//! responses, not waiting, and stay open. Stopping lets every answer end.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1::Builder;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// Connections served at once: far more than the pages one person has
/// open (a thousand clients of a load test fit), fewer than the files the
/// process may hold ([`serve`] asks for room for them).
pub const MAX_CONNECTIONS: usize = 1024;

/// The files the server asks the system to let it hold: every connection,
/// and the files it reads and writes beside them.
const FILES_WANTED: u64 = 2 * MAX_CONNECTIONS as u64 + 256;

/// How long a connection may take to send a request's headers, and may
/// wait idle for its next request.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Serve `router` on `listener` until `stop` resolves, then until every
/// answer has ended.
pub async fn serve(listener: TcpListener, router: Router, stop: impl Future<Output = ()>) {
    // The soft limit is often 1 024; the hard one is higher.
    let _ = rlimit::increase_nofile_limit(FILES_WANTED);
    let permits = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let graceful = GracefulShutdown::new();
    let mut builder = Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    tokio::pin!(stop);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&permits).acquire_owned() => permit,
            () = &mut stop => break,
        };
        let Ok(permit) = permit else { break };
        let stream = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => break,
        };
        let Ok((stream, _)) = stream else {
            // Out of descriptors or a reset before accepting: try again
            // after a breath instead of spinning.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(router.clone());
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ = connection.await;
            drop(permit);
        });
    }
    graceful.shutdown().await;
}
