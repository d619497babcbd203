//! A small test harness: checks run one after another against one chromedriver, every failure
//! is collected and printed, and the run ends with "N passed, N failed".

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use url::Url;

use crate::driver::{Browser, Events, Request};

/// A failed check: what the user would see going wrong.
#[derive(Debug)]
pub struct Fail(pub String);

pub type R<T> = Result<T, Fail>;

macro_rules! impl_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Fail {
            fn from(e: $t) -> Fail { Fail(e.to_string()) }
        }
    )*};
}
impl_from!(fantoccini::error::CmdError, fantoccini::error::NewSessionError, std::io::Error, serde_json::Error);

/// What an advisor page shows, read in one script, and how it differs from what the rules answer
/// for the profile in its form.
pub trait View: Sized {
    type Controls: PartialEq + std::fmt::Debug;
    /// The advisor's name in failure messages.
    const NAME: &'static str;
    async fn read(browser: &Browser) -> R<Self>;
    fn controls(&self) -> &Self::Controls;
    /// Everything shown that differs from the rules' report; empty when the page is right.
    fn differences(&self) -> Vec<String>;
}

/// Waits until the page shows `want` in its form (any form when `None`) and, for it, exactly
/// what the rules answer.
pub async fn settle<V: View>(browser: &Browser, what: &str, want: Option<&V::Controls>) -> R<V> {
    let deadline = Instant::now() + Duration::from_secs(10);
    // The page carries the default answer prerendered (form inert) before the app runs: only the
    // running app's answer counts.
    browser.wait_for(&format!("{what}: the {} to start", V::NAME), crate::pages::RUNNING, Duration::from_secs(10)).await?;
    loop {
        let view = V::read(browser).await?;
        let controls_ok = want.is_none_or(|w| w == view.controls());
        let diffs = view.differences();
        if controls_ok && diffs.is_empty() {
            return Ok(view);
        }
        if Instant::now() > deadline {
            let mut why = format!("{what}: after 10 s the {} still does not match the CLI:", V::NAME);
            if let Some(want) = want.filter(|_| !controls_ok) {
                why.push_str(&format!("\n  the form shows {:?}\n  expected        {want:?}", view.controls()));
            }
            for d in diffs {
                why.push_str(&format!("\n  {d}"));
            }
            return Err(Fail(why));
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Collects several problems in one check, so one run shows all of them.
#[derive(Default)]
pub struct Problems(pub Vec<String>);

impl Problems {
    pub fn push(&mut self, problem: impl Into<String>) {
        self.0.push(problem.into());
    }

    pub fn check(&mut self, ok: bool, problem: impl FnOnce() -> String) {
        if !ok {
            self.0.push(problem());
        }
    }

    pub fn extend(&mut self, problems: impl IntoIterator<Item = String>) {
        self.0.extend(problems);
    }

    /// Ok when nothing went wrong; else every problem once, in order, with a count if repeated.
    pub fn into_result(self) -> R<()> {
        if self.0.is_empty() {
            return Ok(());
        }
        let mut lines: Vec<(String, usize)> = Vec::new();
        for problem in self.0 {
            match lines.iter_mut().find(|(p, _)| *p == problem) {
                Some((_, n)) => *n += 1,
                None => lines.push((problem, 1)),
            }
        }
        let text = lines.into_iter().map(|(p, n)| if n > 1 { format!("{p} ({n} times)") } else { p }).collect::<Vec<_>>();
        Err(Fail(text.join("\n")))
    }
}

/// Everything the checks share.
pub struct Ctx {
    pub site: Url,
    pub site_dir: PathBuf,
    pub driver: crate::driver::Driver,
    /// The browser for checks that do not need a fresh profile.
    pub main: Browser,
    /// Where screenshots go: target/screenshots of the workspace.
    pub screenshots: PathBuf,
    pub tools: PathBuf,
    /// Measurements, printed as they are taken and again at the end.
    pub notes: std::cell::RefCell<Vec<String>>,
}

impl Ctx {
    pub fn note(&self, line: String) {
        println!("  note: {line}");
        self.notes.borrow_mut().push(line);
    }

    pub fn url(&self, path: &str) -> String {
        self.site.join(path).map(|u| u.to_string()).unwrap_or_else(|_| format!("{}{path}", self.site))
    }

    /// A chapter of the book to visit beside the advisors: the first of a few that the site has.
    pub fn book_page(&self) -> &'static str {
        ["compatibility.html", "planning.html", "introduction.html", "index.html"]
            .into_iter()
            .find(|p| self.site_dir.join(p).is_file())
            .unwrap_or("index.html")
    }

    pub fn file_url(&self, path: &str) -> String {
        format!("file://{}", self.site_dir.join(path).display())
    }

    /// Problems in what a page did: console errors, failed or external requests, CSP violations.
    pub fn judge(&self, page: &str, events: &Events) -> Vec<String> {
        let mut problems = Vec::new();
        // Chromium's own pages (the new-tab page a fresh window opens first) are cut off when the
        // test navigates away: their aborted requests are not the site's doing.
        let failed: Vec<&Request> = events
            .requests
            .iter()
            .filter(|r| self.is_own(&r.url) && !is_chromium_page(&r.url) && (r.failure.is_some() || r.status.is_some_and(|s| s >= 400)))
            .collect();
        // The console's own words about a failed request, to explain the network line.
        let explain = |url: &str| {
            events.console_errors.iter().find(|m| m.contains(url)).map(|m| {
                // Chromium writes "<source url> <line:col or -> <message>".
                let mut parts = m.splitn(3, ' ');
                match (parts.next(), parts.next(), parts.next()) {
                    (Some(_), Some(at), Some(text)) if at == "-" || at.chars().all(|c| c.is_ascii_digit() || c == ':') => text.to_string(),
                    _ => m.clone(),
                }
            })
        };
        let mut console_csp = false;
        for message in &events.console_errors {
            if failed.iter().any(|r| message.contains(&r.url)) {
                continue;
            }
            if message.contains("Content Security Policy") {
                console_csp = true;
                problems.push(format!("{page}: the browser blocked something under the site's Content-Security-Policy: {message}"));
            } else {
                problems.push(format!("{page}: the browser console shows an error: {message}"));
            }
        }
        if !console_csp {
            for csp in &events.csp {
                problems.push(format!("{page}: Content-Security-Policy violation, so part of the page does not work: {csp}"));
            }
        }
        // The site's own scripts warn only when something is wrong with a page (highlight.js: a
        // block of code in a language it does not know).
        for message in &events.console_warnings {
            if message.split(' ').next().is_some_and(|source| source.starts_with(self.site.as_str())) {
                problems.push(format!("{page}: the site's own script warns in the console: {message}"));
            }
        }
        for request in &events.requests {
            if !self.is_own(&request.url) {
                problems.push(format!(
                    "{page}: the page requests {} from outside the site (it must load nothing from elsewhere; on an intranet this fails or leaks)",
                    request.url
                ));
            }
        }
        for request in failed {
            let status = request.status.filter(|s| *s >= 400).map(|s| format!("HTTP {s}"));
            let why = [status, request.failure.clone(), explain(&request.url)].into_iter().flatten().collect::<Vec<_>>().join("; ");
            problems.push(format!("{page}: {} failed to load ({why}): the reader gets a broken or unstyled page", request.url));
        }
        problems
    }

    /// Whether a URL belongs to the site: same scheme, host and port as SITE_URL, a file under
    /// SITE_DIR, or inline data.
    pub fn is_own(&self, url: &str) -> bool {
        let Ok(url) = Url::parse(url) else { return false };
        match url.scheme() {
            "data" | "blob" | "about" => true,
            // Chromium's own pages (the new-tab page of a fresh profile), not the site's doing.
            _ if is_chromium_page(url.as_str()) => true,
            "file" => url.to_file_path().map(|p| p.starts_with(&self.site_dir)).unwrap_or(false),
            _ => {
                url.scheme() == self.site.scheme()
                    && url.host_str() == self.site.host_str()
                    && url.port_or_known_default() == self.site.port_or_known_default()
            }
        }
    }
}

pub struct Suite {
    filter: Option<String>,
    passed: usize,
    failed: Vec<String>,
    skipped: usize,
}

impl Suite {
    pub fn new(filter: Option<String>) -> Suite {
        Suite { filter, passed: 0, failed: Vec::new(), skipped: 0 }
    }

    pub fn wants(&self, name: &str) -> bool {
        self.filter.as_deref().is_none_or(|f| name.contains(f))
    }

    pub async fn run(&mut self, name: &str, check: impl Future<Output = R<()>>) {
        if !self.wants(name) {
            self.skipped += 1;
            return;
        }
        let start = Instant::now();
        let outcome = check.await;
        let took = start.elapsed();
        match outcome {
            Ok(()) => {
                self.passed += 1;
                println!("ok     {name} ({})", secs(took));
            }
            Err(Fail(why)) => {
                println!("FAILED {name} ({})", secs(took));
                for line in why.lines() {
                    println!("         {line}");
                }
                self.failed.push(name.to_string());
            }
        }
    }

    pub fn fail_setup(&mut self, name: &str, why: &str) {
        println!("FAILED {name}");
        for line in why.lines() {
            println!("         {line}");
        }
        self.failed.push(name.to_string());
    }

    /// Prints the summary; true when every check passed.
    pub fn finish(&self, notes: &[String], took: Duration) -> bool {
        if !notes.is_empty() {
            println!("\nmeasurements:");
            for note in notes {
                println!("  {note}");
            }
        }
        if !self.failed.is_empty() {
            println!("\nfailed checks:");
            for name in &self.failed {
                println!("  {name}");
            }
        }
        let filtered = if self.skipped > 0 { format!(", {} filtered out", self.skipped) } else { String::new() };
        println!("\nbrowser suite: {} passed, {} failed{filtered} in {}", self.passed, self.failed.len(), secs(took));
        self.failed.is_empty()
    }
}

pub fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

/// Whitespace-normalised text, for comparing what the page shows with what the rules say.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn workspace_target() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("target")
}

/// Whether a URL is one of Chromium's own pages (the new-tab page of a fresh profile, its
/// extensions, DevTools), which the site neither loads nor answers for.
fn is_chromium_page(url: &str) -> bool {
    Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "chrome" | "chrome-untrusted" | "chrome-extension" | "devtools"))
}
