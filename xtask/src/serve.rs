//! `cargo xtask serve`: a small static file server for target/site with the production headers,
//! which rebuilds the site when book/ or advisor/ change (mtimes polled once a second).
//!
//! One thread per connection and one request per connection (`Connection: close`): Chromium
//! opens speculative connections that send nothing, and a pooled server can sit on those while a
//! real request waits (seen as rare minutes-long stalls in the browser suite with tiny_http).
//! Here an idle connection only ever holds its own thread, until its read timeout.

use std::fs;
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, SystemTime};

use crate::compress::{self, Encoding};
use crate::{MIME_TYPES, Paths, Result, SECURITY_HEADERS, build};

/// A running server: its address and the thread accepting connections.
pub struct Running {
    pub url: String,
    address: SocketAddr,
    stopping: Arc<AtomicBool>,
    acceptor: thread::JoinHandle<()>,
}

impl Running {
    /// Stops accepting connections (requests under way finish on their own threads).
    pub fn stop(self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect_timeout(&self.address, Duration::from_secs(1));
        let _ = self.acceptor.join();
    }
}

/// Starts serving `site` on `bind:port` (port 0 picks a free one) in background threads.
pub fn start(site: &Path, bind: &str, port: u16) -> Result<Running> {
    let address = format!("{bind}:{port}");
    let listener = TcpListener::bind(&address).map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
            format!(" (another program uses port {port}: try --port)")
        } else {
            String::new()
        };
        format!("cannot listen on {address}: {e}{hint}")
    })?;
    let actual = listener.local_addr().map_err(|e| format!("the server has no address: {e}"))?;
    let host = if actual.ip().is_unspecified() { "127.0.0.1".to_string() } else { actual.ip().to_string() };
    let wake: SocketAddr = format!("{}:{}", if host.contains(':') { format!("[{host}]") } else { host.clone() }, actual.port())
        .parse()
        .map_err(|e| format!("cannot address the server: {e}"))?;
    let url = format!("http://{wake}/");
    let stopping = Arc::new(AtomicBool::new(false));
    let acceptor = {
        let (stopping, site) = (Arc::clone(&stopping), site.to_path_buf());
        thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    let site = site.clone();
                    thread::spawn(move || handle(&site, stream));
                }
            }
        })
    };
    Ok(Running { url, address: wake, stopping, acceptor })
}

/// `cargo xtask serve`: build, serve, and rebuild on changes until Ctrl+C; with `--no-build`
/// (`build_first` false), serve what is built, as it is.
pub fn serve(paths: &Paths, bind: &str, port: u16, build_first: bool) -> Result<()> {
    let site = paths.site();
    let watched = [paths.root.join("book"), paths.root.join("advisor")];
    let seen = fingerprint(&watched);
    if build_first {
        build::build(paths, build::Budget::Warn)?;
    } else if !site.join("index.html").is_file() {
        return Err(format!("{} has no built site: run `cargo xtask build` or drop --no-build", site.display()));
    }
    let running = start(&site, bind, port)?;
    println!("\nServing {} at {}", site.display(), running.url);
    println!("Open {}advisor/upgrade.html for the upgrade advisor. Ctrl+C stops.", running.url);
    if !build_first {
        println!("Serving the site as built (--no-build): changes to book/ and advisor/ show after `cargo xtask build`.\n");
        loop {
            thread::park();
        }
    }
    println!("Watching book/ and advisor/: the site is rebuilt when they change (then reload the page).\n");
    rebuild_on_change(paths, &watched, seen, &running.url)
}

/// Polls `watched` once a second and rebuilds the site when something in it changes; never returns.
fn rebuild_on_change(paths: &Paths, watched: &[PathBuf], mut seen: (u64, Option<SystemTime>, u64), url: &str) -> ! {
    loop {
        thread::sleep(Duration::from_secs(1));
        if fingerprint(watched) == seen {
            continue;
        }
        // Let an editor finish saving a batch of files before building.
        thread::sleep(Duration::from_millis(300));
        seen = fingerprint(watched);
        println!("\nChange detected: rebuilding");
        match build::build(paths, build::Budget::Warn) {
            Ok(_) => println!("Rebuilt: reload {url}\n"),
            Err(e) => println!("Rebuild failed (still serving the previous site):\n{e}\n"),
        }
    }
}

/// A summary of every file under `dirs` (count, newest mtime, total size), ignoring build output.
fn fingerprint(dirs: &[PathBuf]) -> (u64, Option<SystemTime>, u64) {
    fn walk(dir: &Path, acc: &mut (u64, Option<SystemTime>, u64)) {
        let Ok(entries) = fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name == "target" || name.to_string_lossy().starts_with('.') {
                continue;
            }
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                walk(&entry.path(), acc);
            } else {
                acc.0 += 1;
                acc.2 += meta.len();
                if let Ok(modified) = meta.modified() {
                    acc.1 = acc.1.max(Some(modified));
                }
            }
        }
    }
    let mut acc = (0, None, 0);
    for dir in dirs {
        walk(dir, &mut acc);
    }
    acc
}

pub fn mime_type(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    MIME_TYPES.iter().find(|(e, _)| *e == ext).map(|(_, m)| *m).unwrap_or("application/octet-stream")
}

/// The file a URL path names inside `site`, or None for anything that tries to leave it.
pub fn resolve(site: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    let mut file = site.to_path_buf();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    Some(file)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(out).ok()?;
    (!decoded.contains('\0') && !decoded.contains('\\')).then_some(decoded)
}

/// Reads one request from `stream`, answers it and closes the connection.
fn handle(site: &Path, mut stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
    // The request head ends with an empty line; GET and HEAD carry no body.
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
        if head.len() > 64 * 1024 {
            return;
        }
    }
    let text = String::from_utf8_lossy(&head);
    let mut request_line = text.lines().next().unwrap_or("").split_whitespace();
    let (method, target) = (request_line.next().unwrap_or(""), request_line.next().unwrap_or("/"));
    let accept_encoding = header(&text, "accept-encoding");
    let _ = stream.write_all(&answer(site, method, target, accept_encoding));
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
}

/// The value of the request header `name` (lower case), if the head has it.
fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().skip(1).find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

/// The file to send for `path`: its precompressed copy when the client accepts one and it exists
/// (with its coding), else the file itself.
fn negotiated(path: &Path, accept_encoding: Option<&str>) -> Option<(Vec<u8>, Option<Encoding>)> {
    if compress::is_compressible(path) {
        let available: Vec<Encoding> = Encoding::ALL.into_iter().filter(|e| e.copy_of(path).is_file()).collect();
        if let Some(encoding) = compress::negotiate(accept_encoding, &available)
            && let Ok(bytes) = fs::read(encoding.copy_of(path))
        {
            return Some((bytes, Some(encoding)));
        }
    }
    fs::read(path).ok().map(|bytes| (bytes, None))
}

/// The whole HTTP response to `method target`.
fn answer(site: &Path, method: &str, target: &str, accept_encoding: Option<&str>) -> Vec<u8> {
    let mut encoding = None;
    let mut vary = false;
    let (status, reason, mime, body) = if method != "GET" && method != "HEAD" {
        (405, "Method Not Allowed", "text/plain; charset=utf-8", b"Method not allowed\n".to_vec())
    } else {
        match resolve(site, target).and_then(|path| negotiated(&path, accept_encoding).map(|found| (path, found))) {
            Some((path, (bytes, coding))) => {
                encoding = coding;
                vary = compress::is_compressible(&path);
                (200, "OK", mime_type(&path), bytes)
            }
            None => match fs::read(site.join("404.html")) {
                Ok(bytes) => (404, "Not Found", "text/html; charset=utf-8", bytes),
                Err(_) => (404, "Not Found", "text/plain; charset=utf-8", b"Not found\n".to_vec()),
            },
        }
    };
    let mut response = format!("HTTP/1.1 {status} {reason}\r\n");
    for (name, value) in SECURITY_HEADERS {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str(&format!("Content-Type: {mime}\r\nContent-Length: {}\r\n", body.len()));
    if let Some(encoding) = encoding {
        response.push_str(&format!("Content-Encoding: {}\r\n", encoding.token()));
    }
    if vary {
        // Caches must key the answer on the header it depended on.
        response.push_str("Vary: Accept-Encoding\r\n");
    }
    // Always revalidate: a rebuilt site shows up on reload.
    response.push_str("Cache-Control: no-cache\r\nConnection: close\r\n");
    if status == 405 {
        response.push_str("Allow: GET, HEAD\r\n");
    }
    response.push_str("\r\n");
    let mut bytes = response.into_bytes();
    if method != "HEAD" {
        bytes.extend_from_slice(&body);
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_site(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-serve-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("advisor-app")).unwrap();
        fs::write(dir.join("index.html"), "<h1>home</h1>").unwrap();
        fs::write(dir.join("404.html"), "<h1>not here</h1>").unwrap();
        fs::write(dir.join("advisor-app/app.wasm"), b"\0asm\x01\0\0\0").unwrap();
        dir
    }

    fn get(url: &str, method: &str, path: &str) -> String {
        String::from_utf8_lossy(&request(url, method, path, "")).into_owned()
    }

    fn request(url: &str, method: &str, path: &str, extra_headers: &str) -> Vec<u8> {
        let address = url.trim_start_matches("http://").trim_end_matches('/');
        let mut stream = TcpStream::connect(address).unwrap();
        write!(stream, "{method} {path} HTTP/1.1\r\nHost: {address}\r\n{extra_headers}Connection: close\r\n\r\n").unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        bytes
    }

    /// The response's head (lower case) and body.
    fn split(response: &[u8]) -> (String, Vec<u8>) {
        let at = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        (String::from_utf8_lossy(&response[..at]).to_ascii_lowercase(), response[at + 4..].to_vec())
    }

    #[test]
    fn answers_with_the_precompressed_copy_the_client_accepts() {
        let site = temp_site("encoding");
        let page = "<h1>compressible</h1>\n".repeat(50);
        fs::write(site.join("page.html"), &page).unwrap();
        fs::write(site.join("only-gzip.js"), "let x = 1;\n").unwrap();
        crate::compress::precompress_dir(&site, None).unwrap();
        fs::remove_file(site.join("only-gzip.js.br")).unwrap();
        let running = start(&site, "127.0.0.1", 0).unwrap();

        let (head, body) = split(&request(&running.url, "GET", "/page.html", "Accept-Encoding: gzip, deflate, br, zstd\r\n"));
        assert!(head.contains("content-encoding: br") && head.contains("vary: accept-encoding"), "{head}");
        assert!(head.contains("content-type: text/html; charset=utf-8"), "the original's MIME type: {head}");
        assert!(head.contains(&format!("content-length: {}", body.len())), "{head}");
        assert_eq!(body, fs::read(site.join("page.html.br")).unwrap());

        let (head, body) = split(&request(&running.url, "GET", "/page.html", "accept-encoding: gzip;q=1, br;q=0.5\r\n"));
        assert!(head.contains("content-encoding: gzip"), "{head}");
        assert_eq!(body, fs::read(site.join("page.html.gz")).unwrap());

        let (head, body) = split(&request(&running.url, "GET", "/page.html", "Accept-Encoding: identity\r\n"));
        assert!(!head.contains("content-encoding") && head.contains("vary: accept-encoding"), "{head}");
        assert_eq!(body, page.as_bytes());
        let (head, _) = split(&request(&running.url, "GET", "/page.html", ""));
        assert!(!head.contains("content-encoding"), "no header, no coding: {head}");

        let (head, body) = split(&request(&running.url, "GET", "/only-gzip.js", "Accept-Encoding: br, gzip\r\n"));
        assert!(head.contains("content-encoding: gzip") && head.contains("content-type: text/javascript"), "missing .br: {head}");
        assert_eq!(body, fs::read(site.join("only-gzip.js.gz")).unwrap());

        let (head, body) = split(&request(&running.url, "HEAD", "/advisor-app/app.wasm", "Accept-Encoding: br\r\n"));
        assert!(head.contains("content-encoding: br") && head.contains("content-type: application/wasm") && body.is_empty(), "{head}");
        running.stop();
        let _ = fs::remove_dir_all(site);
    }

    #[test]
    fn serves_files_with_mime_types_headers_and_a_404_page() {
        let site = temp_site("http");
        let running = start(&site, "127.0.0.1", 0).unwrap();
        let home = get(&running.url, "GET", "/");
        assert!(home.starts_with("HTTP/1.1 200"), "{home}");
        assert!(home.contains("<h1>home</h1>"));
        let lower = home.to_ascii_lowercase();
        for (name, value) in SECURITY_HEADERS {
            assert!(lower.contains(&format!("{}: {}", name.to_ascii_lowercase(), value.to_ascii_lowercase())), "{name}");
        }
        let wasm = get(&running.url, "GET", "/advisor-app/app.wasm?v=1");
        assert!(wasm.to_ascii_lowercase().contains("content-type: application/wasm"), "{wasm}");
        let missing = get(&running.url, "GET", "/nope.html");
        assert!(missing.starts_with("HTTP/1.1 404") && missing.contains("not here"), "{missing}");
        let escape = get(&running.url, "GET", "/../../etc/passwd");
        assert!(escape.starts_with("HTTP/1.1 404"), "{escape}");
        let post = get(&running.url, "POST", "/");
        assert!(post.starts_with("HTTP/1.1 405"), "{post}");
        let head = get(&running.url, "HEAD", "/index.html");
        assert!(head.starts_with("HTTP/1.1 200") && !head.contains("<h1>"), "{head}");
        running.stop();
        let _ = fs::remove_dir_all(site);
    }

    #[test]
    fn paths_cannot_leave_the_site() {
        let site = Path::new("/srv/site");
        assert_eq!(resolve(site, "/a/b.html?x=1#y"), Some(PathBuf::from("/srv/site/a/b.html")));
        assert_eq!(resolve(site, "/a%20b.html"), Some(PathBuf::from("/srv/site/a b.html")));
        for bad in ["/../x", "/a/../../x", "/%2e%2e/x", "/a%5c..%5cx", "/%zz", "/a%00"] {
            assert_eq!(resolve(site, bad), None, "{bad}");
        }
        assert_eq!(mime_type(Path::new("x.WASM")), "application/wasm");
        assert_eq!(mime_type(Path::new("x.unknown")), "application/octet-stream");
    }

    #[test]
    fn edits_change_the_fingerprint_and_build_output_does_not() {
        let dir = temp_site("watch");
        let dirs = [dir.clone()];
        let before = fingerprint(&dirs);
        fs::create_dir_all(dir.join("target")).unwrap();
        fs::write(dir.join("target/out.wasm"), b"build output").unwrap();
        assert_eq!(fingerprint(&dirs), before, "build output must not trigger a rebuild");
        fs::write(dir.join("chapter.md"), "# new").unwrap();
        let added = fingerprint(&dirs);
        assert_ne!(added, before);
        fs::write(dir.join("chapter.md"), "# new, longer").unwrap();
        assert_ne!(fingerprint(&dirs), added);
        let _ = fs::remove_dir_all(dir);
    }

    #[test]
    fn a_busy_port_is_a_clear_error() {
        let site = temp_site("busy");
        let first = start(&site, "127.0.0.1", 0).unwrap();
        let port: u16 = first.url.rsplit(':').next().unwrap().trim_end_matches('/').parse().unwrap();
        let err = start(&site, "127.0.0.1", port).err().expect("second bind must fail");
        assert!(err.contains(&format!("cannot listen on 127.0.0.1:{port}")), "{err}");
        first.stop();
        let _ = fs::remove_dir_all(site);
    }
}
