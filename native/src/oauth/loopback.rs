//! The loopback redirect listener of the browser flows: an HTTP server on 127.0.0.1 that waits
//! for one `GET /oauth/callback?code=..&state=..` (or `error=..`) and answers the browser with a
//! short page. Non-blocking, so a poll call waits at most its slice and Ctrl+C is honoured.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// The callback path the AWS CLI registers and the services redirect to.
pub const CALLBACK_PATH: &str = "/oauth/callback";

/// What the browser brought back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    /// `code` and `state` (the state is checked by the caller).
    Code { code: String, state: String },
    /// `error` (and `error_description`) from the authorization server.
    Denied {
        error: String,
        state: Option<String>,
    },
}

/// A listener bound to 127.0.0.1.
pub struct Loopback {
    listener: TcpListener,
    port: u16,
}

impl Loopback {
    /// Binds 127.0.0.1:`port` (0: a free port).
    pub fn bind(port: u16) -> Result<Loopback> {
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).map_err(|e| {
            Error::InvalidInput(format!(
                "cannot listen on 127.0.0.1:{port} for the sign-in redirect ({e}); give another RedirectPort or free that one"
            ))
        })?;
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::Internal(format!("loopback listener: {e}")))?;
        let port = listener
            .local_addr()
            .map_err(|e| Error::Internal(format!("loopback listener: {e}")))?
            .port();
        Ok(Loopback { listener, port })
    }

    /// `http://127.0.0.1:<port>/oauth/callback`.
    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}{CALLBACK_PATH}", self.port)
    }

    /// Waits up to `slice` for the callback. Other requests (a favicon) get 404 and are skipped.
    pub fn poll(&self, slice: Duration) -> Option<Callback> {
        let until = Instant::now() + slice;
        loop {
            match self.listener.accept() {
                Ok((stream, _)) => {
                    if let Some(cb) = serve(stream) {
                        return Some(cb);
                    }
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    if Instant::now() >= until {
                        return None;
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(_) => return None,
            }
        }
    }
}

/// Reads one request from `stream` and answers it; the callback's query when it is one.
fn serve(mut stream: TcpStream) -> Option<Callback> {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 16 * 1024 {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let head = String::from_utf8_lossy(&buf);
    let target = head
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("GET "))
        .and_then(|l| l.split(' ').next())
        .unwrap_or("");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let callback = (path == CALLBACK_PATH).then(|| parse(query)).flatten();
    let (status, body) = match &callback {
        Some(Callback::Code { .. }) => (
            "200 OK",
            "Sign-in received. You can close this window and return to the terminal.",
        ),
        Some(Callback::Denied { .. }) => (
            "200 OK",
            "Sign-in was not completed. You can close this window; the terminal says what happened.",
        ),
        None => ("404 Not Found", "Not found."),
    };
    let page = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>AwsCredentialManager</title></head><body><p>{body}</p></body></html>"
    );
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{page}",
        page.len()
    );
    let _ = stream.flush();
    callback
}

/// The callback of a redirect query: a code and state, or an error; None when neither is there.
pub fn parse(query: &str) -> Option<Callback> {
    let pairs = super::query_pairs(query);
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    if let Some(error) = get("error") {
        return Some(Callback::Denied {
            error,
            state: get("state"),
        });
    }
    Some(Callback::Code {
        code: get("code")?,
        state: get("state").unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_the_callback_and_skips_other_paths() {
        let lb = Loopback::bind(0).unwrap();
        let uri = lb.redirect_uri();
        let port = uri.split(':').nth(2).unwrap().split('/').next().unwrap();
        let addr = format!("127.0.0.1:{port}");
        let browser = std::thread::spawn(move || {
            for path in ["/favicon.ico", "/oauth/callback?code=c%2B1&state=s"] {
                let mut s = TcpStream::connect(&addr).unwrap();
                write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
                let mut answer = String::new();
                s.read_to_string(&mut answer).unwrap();
                assert!(answer.starts_with("HTTP/1.1 "), "{answer}");
            }
        });
        let got = lb.poll(Duration::from_secs(5));
        browser.join().unwrap();
        assert_eq!(
            got,
            Some(Callback::Code {
                code: "c+1".into(),
                state: "s".into()
            })
        );
        assert_eq!(lb.poll(Duration::from_millis(50)), None);
        assert_eq!(
            parse("error=access_denied&state=x"),
            Some(Callback::Denied {
                error: "access_denied".into(),
                state: Some("x".into())
            })
        );
    }
}
