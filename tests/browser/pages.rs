//! Every page of the built site, visited in the browser.

use std::path::Path;
use std::time::Duration;

use crate::harness::{Ctx, Fail, Problems, R};

/// The site's pages: every .html file under SITE_DIR, as site-relative paths.
pub fn html_files(dir: &Path) -> R<Vec<String>> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                walk(root, &path, out)?;
            } else if path.extension().is_some_and(|e| e == "html") {
                let relative = path.strip_prefix(root).expect("walked under root");
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
        Ok(())
    }
    let mut pages = Vec::new();
    walk(dir, dir, &mut pages)?;
    pages.sort();
    Ok(pages)
}

/// The running app's answer (the page carries a prerendered one from before the app starts).
pub const ANSWER: &str = "return !!document.querySelector('.bts-advisor-running #upgrade-verdict[data-verdict], .bts-advisor-running #hotfix-package[data-package]')";
/// The app has replaced the prerendered advisor on the page.
pub const RUNNING: &str = "return !!document.querySelector('.bts-advisor-running')";
pub const HAS_ADVISOR: &str = "return !!document.querySelector('#bts-upgrade-advisor, #bts-hotfix-advisor')";

pub async fn every_page(ctx: &Ctx) -> R<()> {
    visit_all(ctx, false).await
}

/// The same walk from the folder (file://), as on an intranet share without a web server.
pub async fn every_page_from_file(ctx: &Ctx) -> R<()> {
    visit_all(ctx, true).await
}

async fn visit_all(ctx: &Ctx, from_file: bool) -> R<()> {
    let mut pages = html_files(&ctx.site_dir)?;
    if from_file {
        // The not-found page is only ever shown by a web server, for a URL anywhere in the site,
        // so it links its assets from the site root; a folder has no such page.
        pages.retain(|p| p != "404.html");
    }
    if pages.len() < 3 {
        return Err(Fail(format!("the built site in {} has only {} HTML pages; the book is missing", ctx.site_dir.display(), pages.len())));
    }
    let browser = &ctx.main;
    browser.drain().await?;
    let mut problems = Problems::default();
    let mut advisors = 0;
    for page in &pages {
        // Readers meet the not-found page at a URL that does not exist, possibly deep in the
        // site: its styles and scripts must load from there too.
        let missing = (!from_file && page == "404.html").then(|| ctx.url("no-such-chapter/no-such-page.html"));
        let url = match (&missing, from_file) {
            (Some(url), _) => url.clone(),
            (None, true) => ctx.file_url(page),
            (None, false) => ctx.url(page),
        };
        browser.open(&url).await?;
        if browser.js(HAS_ADVISOR, vec![]).await? == true {
            advisors += 1;
            if let Err(Fail(why)) = browser.wait_for("the advisor's answer", ANSWER, Duration::from_secs(10)).await {
                problems.push(format!("{page}: the advisor never showed its answer: {why}"));
            }
        }
        let title = browser.js("return document.title", vec![]).await?;
        problems.check(title.as_str().is_some_and(|t| !t.trim().is_empty()), || format!("{page}: the page has no title"));
        tokio::time::sleep(Duration::from_millis(100)).await;
        let mut events = browser.drain().await?;
        if let Some(missing) = &missing {
            let served = events.requests.iter().any(|r| r.url == *missing && r.status == Some(404));
            problems.check(served, || format!("{missing} was not answered with HTTP 404 and the not-found page"));
            events.requests.retain(|r| r.url != *missing);
            events.console_errors.retain(|m| !m.starts_with(missing.as_str()));
        }
        problems.extend(ctx.judge(page, &events));
    }
    problems.check(advisors >= 2, || {
        format!("only {advisors} pages carry an advisor mount point; expected at least advisor/upgrade.html and advisor/hotfix.html")
    });
    let how = if from_file { "from file://" } else { "over http" };
    ctx.note(format!("pages visited {how}: {} ({advisors} with an advisor)", pages.len()));
    problems.into_result()
}

/// mdBook's search loads its index lazily; it must work under the CSP and from the site only.
pub async fn search(ctx: &Ctx) -> R<()> {
    let browser = &ctx.main;
    browser.drain().await?;
    browser.open(&ctx.url("index.html")).await?;
    let toggle = browser
        .client
        .find(fantoccini::Locator::Id("mdbook-search-toggle"))
        .await
        .map_err(|_| Fail("index.html has no search button (#mdbook-search-toggle): search is switched off".into()))?;
    toggle.click().await?;
    let bar = browser.client.find(fantoccini::Locator::Id("mdbook-searchbar")).await?;
    bar.send_keys("SQL Server").await?;
    let found = browser
        .wait_for(
            "search results for \"SQL Server\"",
            "const n = document.querySelectorAll('#mdbook-searchresults li').length; return n > 0 ? n : null;",
            Duration::from_secs(10),
        )
        .await;
    let mut problems = Problems::default();
    match found {
        Ok(n) => ctx.note(format!("book search for \"SQL Server\": {n} results")),
        Err(Fail(why)) => problems.push(format!("searching the book finds nothing: {why}")),
    }
    // An administrator searches for the procedure by its own name, not by its database-qualified
    // one (the search splits words at spaces and hyphens only).
    bar.clear().await?;
    bar.send_keys("sp_ForceFullBackup").await?;
    let found = browser
        .wait_for(
            "search results for \"sp_ForceFullBackup\" that lead to the backup before a hotfix",
            "const links = [...document.querySelectorAll('#mdbook-searchresults li a')].map(a => a.getAttribute('href'));
             return links.some(h => h.includes('hotfixes/') || h.includes('reference.html')) ? links.length : null;",
            Duration::from_secs(10),
        )
        .await;
    match found {
        Ok(n) => ctx.note(format!("book search for \"sp_ForceFullBackup\": {n} results")),
        Err(Fail(why)) => problems.push(format!("searching the book for sp_ForceFullBackup does not find the backup step: {why}")),
    }
    problems.extend(ctx.judge("book search", &browser.drain().await?));
    problems.into_result()
}
