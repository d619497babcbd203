//! Chromium and ChromeDriver: found where Debian installs them, one chromedriver for the run, and
//! browser sessions with their own fresh profile, console log, network log and CSP listener.

use std::collections::BTreeMap;
use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use url::Url;

use crate::harness::{Fail, R};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const INSTALL: &str = "apt-get install -y chromium chromium-driver";

/// Stops at once, naming what is missing, when Debian's Chromium or ChromeDriver is not installed.
/// The suite installs nothing itself: `cargo xtask test` installs both before it runs the suite.
pub fn ensure_chromium() -> R<()> {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER].into_iter().filter(|p| !Path::new(p).exists()).collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Fail(format!(
        "{} not found: the browser suite drives Debian's Chromium through ChromeDriver. Install them with\n    {INSTALL}\n(as root), or run `cargo xtask test`, which installs them and then runs this suite",
        missing.join(" and ")
    )))
}

pub fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Uid:")).map(|l| l.split_whitespace().nth(1) == Some("0")))
        .unwrap_or(false)
}

/// A temporary directory removed on drop (browser profiles).
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(prefix: &str) -> R<TempDir> {
        use std::sync::atomic::{AtomicU32, Ordering};
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let name = format!("{prefix}-{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        let path = std::env::temp_dir().join(name);
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).map_err(|e| Fail(format!("cannot create {}: {e}", path.display())))?;
        Ok(TempDir(path))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The one chromedriver of the run, killed on drop.
pub struct Driver {
    child: Child,
    url: String,
    log: TempDir,
}

impl Driver {
    pub fn start() -> R<Driver> {
        ensure_chromium()?;
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port())?;
        let log = TempDir::new("bts-chromedriver")?;
        let log_file = std::fs::File::create(log.0.join("chromedriver.log"))?;
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .arg(format!("--log-path={}", log.0.join("chromedriver-verbose.log").display()))
            .stdout(Stdio::from(log_file.try_clone()?))
            .stderr(Stdio::from(log_file))
            .spawn()
            .map_err(|e| Fail(format!("cannot start {CHROMEDRIVER}: {e}")))?;
        let driver = Driver { child, url: format!("http://127.0.0.1:{port}/"), log };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err(Fail(format!("chromedriver did not listen on 127.0.0.1:{port} within 20 s: {}", driver.log_tail())));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(driver)
    }

    pub fn log_tail(&self) -> String {
        let mut text = String::new();
        let _ = std::fs::File::open(self.log.0.join("chromedriver.log")).and_then(|mut f| f.read_to_string(&mut text));
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(15)..].join("\n")
    }

    /// A new browser with a fresh profile (empty localStorage, cache and history).
    pub async fn browser(&self, extra_args: &[&str]) -> R<Browser> {
        let profile = TempDir::new("bts-chromium-profile")?;
        let mut args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--window-size=1280,900".into(),
            format!("--user-data-dir={}", profile.0.display()),
        ];
        args.extend(extra_args.iter().map(|a| a.to_string()));
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({"binary": CHROMIUM, "args": args, "perfLoggingPrefs": {"enableNetwork": true, "enablePage": false}}),
        );
        caps.insert("goog:loggingPrefs".into(), json!({"browser": "ALL", "performance": "ALL"}));
        // A page that has not loaded in 30 s is broken for its reader; fail instead of waiting
        // for WebDriver's default of 300 s.
        caps.insert("timeouts".into(), json!({"pageLoad": 30_000, "script": 30_000, "implicit": 0}));
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&self.url)
            .await
            .map_err(|e| Fail(format!("Chromium did not start under chromedriver: {e}\nchromedriver log:\n{}", self.log_tail())))?;
        let browser = Browser { client, _profile: profile };
        // Runs before any page script on every document, outside the page's CSP: records CSP
        // violations and the moments the advisor's prerendered and live answers appear.
        browser.cdp("Page.enable", json!({})).await?;
        browser.cdp("Page.addScriptToEvaluateOnNewDocument", json!({"source": PAGE_PROBE})).await?;
        Ok(browser)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const PAGE_PROBE: &str = r#"(() => {
  const probe = { csp: [], answerAt: null };
  Object.defineProperty(window, '__btsProbe', { value: probe });
  document.addEventListener('securitypolicyviolation', e => {
    probe.csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline code'} (${e.sourceFile || 'page'}:${e.lineNumber})`);
  });
  // answerAt: the running app's answer is in the DOM (answerFrameAt: the next frame after it).
  // prerenderedAt: the answer the build prerendered is in the DOM, and whether it was visible
  // then (a shared link keeps it hidden until the app has drawn the link's answer).
  Object.assign(probe, { answerFrameAt: null, prerenderedAt: null, prerenderedVisibility: null });
  const answer = '#upgrade-verdict[data-verdict], #hotfix-package[data-package]';
  const observer = new MutationObserver(() => {
    if (probe.prerenderedAt === null) {
      const early = document.querySelector(answer);
      if (early && !early.closest('.bts-advisor-running')) {
        probe.prerenderedAt = performance.now();
        // Painted or not, whichever way CSS hides it (visibility, or display on an ancestor).
        probe.prerenderedVisibility = early.checkVisibility({ visibilityProperty: true }) ? 'visible' : 'hidden';
      }
    }
    if (probe.answerAt === null && document.querySelector('.bts-advisor-running :is(' + answer + ')')) {
      probe.answerAt = performance.now();
      requestAnimationFrame(() => { probe.answerFrameAt = performance.now(); });
      observer.disconnect();
    }
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
})();"#;

/// A command chromedriver offers beyond the W3C set (logs, Chrome DevTools Protocol).
#[derive(Debug)]
struct SessionCommand {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for SessionCommand {
    fn endpoint(&self, base_url: &Url, session_id: Option<&str>) -> Result<Url, url::ParseError> {
        base_url.join(&format!("session/{}/{}", session_id.unwrap_or_default(), self.path))
    }

    fn method_and_body(&self, _request_url: &Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// One request the page made, from Chromium's network log.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub url: String,
    pub status: Option<u64>,
    pub failure: Option<String>,
    pub encoded_bytes: Option<f64>,
}

/// What happened in the browser since the last drain.
#[derive(Debug, Default)]
pub struct Events {
    pub console_errors: Vec<String>,
    /// Console warnings, as Chromium writes them: "<source url> <line:col> <message>".
    pub console_warnings: Vec<String>,
    pub requests: Vec<Request>,
    pub csp: Vec<String>,
}

pub struct Browser {
    pub client: Client,
    _profile: TempDir,
}

impl Browser {
    pub async fn cdp(&self, cmd: &'static str, params: Value) -> R<Value> {
        let body = json!({"cmd": cmd, "params": params});
        let path = "goog/cdp/execute";
        self.client.issue_cmd(SessionCommand { path, body }).await.map_err(|e| Fail(format!("DevTools command {cmd} failed: {e}")))
    }

    async fn log(&self, kind: &str) -> R<Vec<Value>> {
        let value = self.client.issue_cmd(SessionCommand { path: "se/log", body: json!({"type": kind}) }).await?;
        Ok(value.as_array().cloned().unwrap_or_default())
    }

    pub async fn js(&self, script: &str, args: Vec<Value>) -> R<Value> {
        self.client.execute(script, args).await.map_err(|e| Fail(format!("script failed in the page: {e}")))
    }

    pub async fn js_async(&self, script: &str, args: Vec<Value>) -> R<Value> {
        self.client.execute_async(script, args).await.map_err(|e| Fail(format!("script failed in the page: {e}")))
    }

    /// Loads `url` as a fresh document (also when only the fragment differs from the current URL).
    pub async fn open(&self, url: &str) -> R<()> {
        self.client.goto("about:blank").await?;
        self.client.goto(url).await.map_err(|e| Fail(format!("the browser could not open {url} (a page must load within 30 s): {e}")))
    }

    /// Polls `condition` (a script body returning a truthy value when ready) until it holds.
    pub async fn wait_for(&self, what: &str, condition: &str, timeout: Duration) -> R<Value> {
        let deadline = Instant::now() + timeout;
        loop {
            let value = self.js(condition, vec![]).await?;
            if !matches!(value, Value::Null | Value::Bool(false)) {
                return Ok(value);
            }
            if Instant::now() > deadline {
                let url = self.client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
                return Err(Fail(format!("{what} did not happen within {} s on {url}", timeout.as_secs_f32())));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Reads and clears the console log, the network log and the CSP violations seen by the probe.
    pub async fn drain(&self) -> R<Events> {
        let mut events = Events::default();
        for entry in self.log("browser").await? {
            let message = entry["message"].as_str().unwrap_or_default().to_string();
            match entry["level"].as_str() {
                Some("SEVERE") => events.console_errors.push(message),
                Some("WARNING") => events.console_warnings.push(message),
                _ => {}
            }
        }
        let mut requests: BTreeMap<String, Request> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        for entry in self.log("performance").await? {
            let Ok(message) = serde_json::from_str::<Value>(entry["message"].as_str().unwrap_or_default()) else { continue };
            let (method, params) = (&message["message"]["method"], &message["message"]["params"]);
            let Some(id) = params["requestId"].as_str() else { continue };
            let request = requests.entry(id.to_string()).or_insert_with(|| {
                order.push(id.to_string());
                Request::default()
            });
            match method.as_str().unwrap_or_default() {
                "Network.requestWillBeSent" => request.url = params["request"]["url"].as_str().unwrap_or_default().to_string(),
                "Network.responseReceived" => request.status = params["response"]["status"].as_u64(),
                "Network.loadingFinished" => request.encoded_bytes = params["encodedDataLength"].as_f64(),
                "Network.loadingFailed" => {
                    let mut why = params["errorText"].as_str().unwrap_or("failed").to_string();
                    if let Some(reason) = params["blockedReason"].as_str() {
                        why.push_str(&format!(", blocked: {reason}"));
                    }
                    request.failure = Some(why);
                }
                _ => {}
            }
        }
        events.requests = order.into_iter().filter_map(|id| requests.remove(&id)).filter(|r| !r.url.is_empty()).collect();
        let csp = self.js("const p = window.__btsProbe; if (!p) return []; const v = p.csp.splice(0); return v;", vec![]).await?;
        events.csp = csp.as_array().into_iter().flatten().filter_map(|v| v.as_str().map(String::from)).collect();
        Ok(events)
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}
