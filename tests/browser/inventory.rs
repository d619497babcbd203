//! "Load inventory" (issue 17): the collector's files (collector/fixtures) chosen in the update
//! planner fill its form, and the page lists where each value was read and what the files cannot
//! tell, as `bts-advisor inventory` reads them (`bts_rules::read_inventories` over serde_json,
//! the CLI's reading); a bad file is refused naming the file and the field; over http and from
//! file://, with axe-core run on what the panel shows.

use std::path::PathBuf;
use std::time::Duration;

use bts_rules::{HOTFIX_FEATURES, InventoryFile, InventoryReading};
use fantoccini::Locator;

use crate::driver::Browser;
use crate::harness::{Ctx, Fail, Problems, R};
use crate::{axe, hotfix};

fn fixture(name: &str) -> PathBuf {
    // Chromedriver takes only canonical paths.
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../collector/fixtures");
    dir.canonicalize().unwrap_or(dir).join(name)
}

/// What the command line reads from these fixtures.
fn cli_reading(names: &[&str]) -> R<InventoryReading> {
    let mut files = Vec::new();
    for name in names {
        let text = std::fs::read_to_string(fixture(name))?;
        files.push(InventoryFile { file: name.to_string(), inventory: serde_json::from_str(&text)? });
    }
    bts_rules::read_inventories(&files).map_err(|e| Fail(e.to_string()))
}

const READINGS: &str = r#"
const box = document.getElementById('hotfix-inventory-readings');
const text = e => e ? e.textContent.replace(/\s+/g, ' ').trim() : null;
const notice = document.getElementById('hotfix-notice');
return {
  items: box ? [...box.querySelectorAll('li[data-field]')].map(li => [li.getAttribute('data-field'), text(li)]) : [],
  servers: (document.getElementById('hotfix-servers') || {}).value || null,
  arch: (document.getElementById('hotfix-arch') || {}).value || null,
  notice: text(notice) || '',
};"#;

struct Shown {
    items: Vec<(String, String)>,
    servers: Option<String>,
    arch: Option<String>,
    notice: String,
}

async fn shown(browser: &Browser) -> R<Shown> {
    let v = browser.js(READINGS, vec![]).await?;
    let items = v["items"]
        .as_array()
        .map(|items| {
            items.iter().map(|i| (i[0].as_str().unwrap_or_default().to_string(), i[1].as_str().unwrap_or_default().to_string())).collect()
        })
        .unwrap_or_default();
    let s = |k: &str| v[k].as_str().map(str::to_string);
    Ok(Shown { items, servers: s("servers"), arch: s("arch"), notice: s("notice").unwrap_or_default() })
}

/// Chooses `paths` in the "Load inventory" input (several at once, as a user selects them).
async fn choose(browser: &Browser, paths: &[PathBuf]) -> R<()> {
    let input = browser
        .client
        .find(Locator::Id("hotfix-load-inventory"))
        .await
        .map_err(|_| Fail("the update planner has no #hotfix-load-inventory file input".into()))?;
    let list: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    input.send_keys(&list.join("\n")).await?;
    Ok(())
}

/// Waits until the panel lists `field`.
async fn wait_for_item(browser: &Browser, what: &str, field: &str) -> R<Shown> {
    let condition = format!("return !!document.querySelector('#hotfix-inventory-readings li[data-field=\"{field}\"]')");
    browser.wait_for(what, &condition, Duration::from_secs(10)).await?;
    shown(browser).await
}

/// The planner's evidence and unknowns the page must list for a reading, each with a word of it.
fn check_listed(reading: &InventoryReading, shown: &Shown, problems: &mut Problems, what: &str) {
    let item = |field: &str| shown.items.iter().find(|(f, _)| f == field).map(|(_, t)| t.as_str());
    for e in &reading.evidence {
        let field = if e.field == "features" { format!("features.{}", e.value) } else { e.field.to_string() };
        let planner = ["version", "installed", "feature_pack", "servers", "arch"].contains(&e.field)
            || HOTFIX_FEATURES.iter().any(|f| field == format!("features.{}", f.id()));
        if !planner {
            continue;
        }
        match item(&field) {
            Some(text) => problems.check(text.contains(&format!("read on {} from {}", e.server, e.from)), || {
                format!("{what}: the reading of {field} does not say where it was read ({} / {}): {text:?}", e.server, e.from)
            }),
            None => problems.push(format!("{what}: {field} = {} is not listed (listed: {:?})", e.value, shown.items)),
        }
    }
    for u in &reading.unknown {
        let planner = ["from", "installed", "servers"].contains(&u.field.as_str())
            || u.field.starts_with("servers.")
            || HOTFIX_FEATURES.iter().any(|f| u.field == format!("features.{}", f.id()));
        if planner {
            // A field can have both a value and a doubt (the lowest update of a group that differs).
            let listed = shown.items.iter().any(|(f, t)| *f == u.field && t.contains(&u.why));
            problems.check(listed, || {
                format!("{what}: what the files cannot tell about {} ({}) is not listed with why: {:?}", u.field, u.why, item(&u.field))
            });
        }
    }
}

pub async fn fills_the_planner(ctx: &Ctx) -> R<()> {
    let browser = ctx.driver.browser(&[]).await?;
    let result = async {
        let mut problems = Problems::default();
        let url = ctx.url(hotfix::PAGE);
        browser.open(&url).await?;
        hotfix::settle(&browser, "opening the update planner", None).await?;

        // One server.
        choose(&browser, &[fixture("single-2016.json")]).await?;
        let one = wait_for_item(&browser, "loading one inventory", "installed").await?;
        let reading = cli_reading(&["single-2016.json"])?;
        check_listed(&reading, &one, &mut problems, "one inventory");
        problems
            .check(one.servers.as_deref() == Some("1"), || format!("one server's inventory leaves the servers field at {:?}", one.servers));
        problems
            .check(one.arch.as_deref() == Some("x64"), || format!("an x64 server's inventory leaves the architecture at {:?}", one.arch));
        problems.check(one.notice.is_empty(), || format!("a good inventory shows a notice: {:?}", one.notice));

        // Two servers of a mixed group at once: the lower update decides and its server is named.
        let mixed = ["mixed-2016-bts21-cu-behind.json", "mixed-2016-bts22-windows-2012r2.json"];
        choose(&browser, &mixed.map(fixture)).await?;
        let two = wait_for_item(&browser, "loading two inventories at once", "servers.BTS22").await?;
        check_listed(&cli_reading(&mixed)?, &two, &mut problems, "two inventories");
        problems.check(two.servers.as_deref() == Some("2"), || {
            format!("two servers' inventories leave the servers field at {:?}", two.servers)
        });
        let installed = two.items.iter().find(|(f, _)| f == "installed").map(|(_, t)| t.clone()).unwrap_or_default();
        problems.check(installed.contains("read on BTS21"), || format!("the update installed is not said to be BTS21's: {installed:?}"));

        // A file with a value of the wrong type: refused naming the file and the field; the form stays.
        let dir = std::env::temp_dir().join(format!("bts-inventory-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let bad = dir.join("BTS01-broken.json");
        let text = std::fs::read_to_string(fixture("single-2016.json"))?.replacen("\"product_type\": 3", "\"product_type\": \"server\"", 1);
        std::fs::write(&bad, text)?;
        choose(&browser, &[fixture("single-2016.json"), bad.clone()]).await?;
        browser
            .wait_for(
                "refusing a broken inventory",
                "return !!document.querySelector('#hotfix-notice [data-notice=file]')",
                Duration::from_secs(10),
            )
            .await?;
        let refused = shown(&browser).await?;
        problems.check(refused.notice.contains("BTS01-broken.json") && refused.notice.contains("windows.product_type"), || {
            format!("a file with \"product_type\": \"server\" is not refused naming the file and the field: {:?}", refused.notice)
        });
        problems.check(refused.servers.as_deref() == Some("2"), || {
            format!("a refused file changed the servers field to {:?}", refused.servers)
        });
        // Another tool's file.
        choose(&browser, &[fixture("not-an-inventory.json")]).await?;
        let condition = "return (document.getElementById('hotfix-notice') || {}).textContent.includes('not-an-inventory.json')";
        if browser.wait_for("refusing another tool's file", condition, Duration::from_secs(10)).await.is_err() {
            problems.push(format!("another tool's file is not refused naming it: {:?}", shown(&browser).await?.notice));
        }
        let _ = std::fs::remove_dir_all(&dir);

        // What the panel shows passes axe-core.
        choose(&browser, &mixed.map(fixture)).await?;
        wait_for_item(&browser, "loading two inventories again", "servers.BTS22").await?;
        problems.extend(axe::audit_now(ctx, &browser, "#hotfix-inventory", "the update planner's inventory readings").await?);
        problems.extend(ctx.judge(&url, &browser.drain().await?));

        // From the folder (file://): the files are read in the page all the same.
        let url = ctx.file_url(hotfix::PAGE);
        browser.open(&url).await?;
        hotfix::settle(&browser, &format!("opening {url}"), None).await?;
        choose(&browser, &[fixture("single-2016.json")]).await?;
        let local = wait_for_item(&browser, "loading an inventory from file://", "installed").await?;
        check_listed(&reading, &local, &mut problems, "one inventory from file://");
        problems.extend(ctx.judge(&url, &browser.drain().await?));
        problems.into_result()
    }
    .await;
    browser.close().await;
    result
}
