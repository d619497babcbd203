//! "Load inventory" (issue 17): the collector's files (collector/fixtures) chosen in either
//! advisor fill its form, and the page lists where each value was read and what the files cannot
//! tell, as `bts-advisor inventory` reads them (`bts_rules::read_inventories` over serde_json,
//! the CLI's reading); a bad file is refused naming the file and the field; over http and from
//! file://, with axe-core run on what the panel shows. The reading is the inventory importer's
//! own WASM: the page must not download it before files are chosen.

use std::path::PathBuf;
use std::time::Duration;

use bts_rules::{Feature, HOTFIX_FEATURES, InventoryFile, InventoryReading};
use fantoccini::Locator;

use crate::driver::Browser;
use crate::harness::{Ctx, Fail, Problems, R};
use crate::{axe, hotfix, upgrade};

/// The advisor a check runs in: its page and the prefix of its element ids.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Upgrade,
    Hotfix,
}

impl Kind {
    fn prefix(self) -> &'static str {
        match self {
            Kind::Upgrade => "upgrade",
            Kind::Hotfix => "hotfix",
        }
    }

    fn page(self) -> &'static str {
        match self {
            Kind::Upgrade => upgrade::PAGE,
            Kind::Hotfix => hotfix::PAGE,
        }
    }

    async fn settle(self, browser: &Browser, what: &str) -> R<()> {
        match self {
            Kind::Upgrade => upgrade::settle(browser, what, None).await.map(|_| ()),
            Kind::Hotfix => hotfix::settle(browser, what, None).await.map(|_| ()),
        }
    }

    /// Whether the advisor shows a reading of `field` (as the importer's `concerns`).
    fn shows(self, field: &str) -> bool {
        match (self, field.split_once('.')) {
            (_, Some(("servers", _))) | (Kind::Upgrade, Some(("features", _))) => true,
            (Kind::Hotfix, Some(("features", f))) => HOTFIX_FEATURES.iter().any(|h| h.id() == f),
            (Kind::Upgrade, _) => ["from", "edition", "os", "sql", "sql_level", "sql_edition"].contains(&field),
            (Kind::Hotfix, _) => ["version", "installed", "feature_pack", "servers", "arch", "from"].contains(&field),
        }
    }
}

impl Kind {
    /// The id of the form's control that holds `field`, as the form names its controls; none for
    /// a server of the group.
    fn control(self, field: &str) -> Option<String> {
        let id = match (self, field.split_once('.')) {
            (_, Some(("servers", _))) => return None,
            (Kind::Upgrade, Some(("features", f))) => format!("feature-{f}"),
            (Kind::Hotfix, Some(("features", f))) => format!("hotfix-feature-{f}"),
            (Kind::Upgrade, _) => {
                ["upgrade-from", "upgrade-edition", "upgrade-os", "upgrade-sql", "upgrade-sql-level", "upgrade-sql-edition"]
                    [["from", "edition", "os", "sql", "sql_level", "sql_edition"].iter().position(|f| *f == field)?]
                .to_string()
            }
            (Kind::Hotfix, _) => {
                ["hotfix-version", "hotfix-version", "hotfix-installed", "hotfix-feature-pack", "hotfix-servers", "hotfix-arch"]
                    [["version", "from", "installed", "feature_pack", "servers", "arch"].iter().position(|f| *f == field)?]
                .to_string()
            }
        };
        Some(id)
    }
}

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
const p = arguments[0];
const box = document.getElementById(p + '-inventory-readings');
const text = e => e ? e.textContent.replace(/\s+/g, ' ').trim() : null;
const notice = document.getElementById(p + '-inventory-status');
const value = id => (document.getElementById(id) || {}).value || null;
return {
  items: box ? [...box.querySelectorAll('li[data-field]')].map(li => [li.getAttribute('data-field'), text(li)]) : [],
  servers: value('hotfix-servers'),
  arch: value('hotfix-arch'),
  from: value('upgrade-from'),
  os: value('upgrade-os'),
  sql: value('upgrade-sql'),
  // Ticked by the user (or the files), not inferred by the rules (ticked and disabled).
  features: [...document.querySelectorAll('input[type=checkbox][id^="feature-"]:checked:not(:disabled)')].map(c => c.id.slice(8)),
  notice: text(notice) || '',
  refused: !!(notice && notice.classList.contains('bts-inventory-refused')),
  // Notes that no longer describe what their control holds.
  stale: [...document.querySelectorAll('.bts-read-note')].filter(n => {
    const c = document.getElementById(n.id.replace(/-read$/, ''));
    return !c || (c.type === 'checkbox' ? String(c.checked) : c.value) !== n.getAttribute('data-value');
  }).map(n => n.id),
  notes: [...document.querySelectorAll('.bts-read-note')].map(n => {
    const control = document.getElementById(n.id.replace(/-read$/, ''));
    const described = control ? (control.getAttribute('aria-describedby') || '').split(' ').includes(n.id) : false;
    const beside = !!control && (n.parentNode === control.parentNode || n.parentNode.contains(control));
    return [n.id, text(n), described && beside];
  }),
};"#;

struct Shown {
    items: Vec<(String, String)>,
    servers: Option<String>,
    arch: Option<String>,
    /// The upgrade advisor's current version, operating system, SQL Server and features ticked.
    upgrade: (Option<String>, Option<String>, Option<String>, Vec<String>),
    /// What the panel's status line says (the summary, or why the files were refused).
    notice: String,
    refused: bool,
    /// The notes beside the controls: the note's id (`<control id>-read`), its text, and whether
    /// it sits in the control's field and is named in its `aria-describedby`.
    notes: Vec<(String, String, bool)>,
    /// The ids of notes whose control holds another value than the one they describe.
    stale: Vec<String>,
}

async fn shown(browser: &Browser, kind: Kind) -> R<Shown> {
    let v = browser.js(READINGS, vec![kind.prefix().into()]).await?;
    let items = v["items"]
        .as_array()
        .map(|items| {
            items.iter().map(|i| (i[0].as_str().unwrap_or_default().to_string(), i[1].as_str().unwrap_or_default().to_string())).collect()
        })
        .unwrap_or_default();
    let s = |k: &str| v[k].as_str().map(str::to_string);
    let features = v["features"].as_array().map(|f| f.iter().filter_map(|f| f.as_str().map(str::to_string)).collect()).unwrap_or_default();
    Ok(Shown {
        items,
        servers: s("servers"),
        arch: s("arch"),
        upgrade: (s("from"), s("os"), s("sql"), features),
        notice: s("notice").unwrap_or_default(),
        refused: v["refused"].as_bool().unwrap_or(false),
        notes: v["notes"]
            .as_array()
            .map(|notes| {
                notes
                    .iter()
                    .map(|n| (n[0].as_str().unwrap_or_default().to_string(), n[1].as_str().unwrap_or_default().to_string(), n[2] == true))
                    .collect()
            })
            .unwrap_or_default(),
        stale: v["stale"].as_array().map(|s| s.iter().filter_map(|n| n.as_str().map(str::to_string)).collect()).unwrap_or_default(),
    })
}

/// Chooses `paths` in the "Load inventory" input (several at once, as a user selects them).
async fn choose(browser: &Browser, kind: Kind, paths: &[PathBuf]) -> R<()> {
    let id = format!("{}-load-inventory", kind.prefix());
    let input = browser.client.find(Locator::Id(&id)).await.map_err(|_| Fail(format!("{} has no #{id} file input", kind.page())))?;
    let list: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    input.send_keys(&list.join("\n")).await?;
    Ok(())
}

/// Waits until the panel lists `field`.
async fn wait_for_item(browser: &Browser, kind: Kind, what: &str, field: &str) -> R<Shown> {
    let condition = format!("return !!document.querySelector('#{}-inventory-readings li[data-field=\"{field}\"]')", kind.prefix());
    browser.wait_for(what, &condition, Duration::from_secs(10)).await?;
    shown(browser, kind).await
}

/// Whether the page has asked for the importer's files (its glue or WASM, or the embedded copy).
async fn importer_requested(browser: &Browser) -> R<bool> {
    let v =
        browser.js("return performance.getEntriesByType('resource').some(e => e.name.includes('bts_inventory_importer'))", vec![]).await?;
    Ok(v.as_bool().unwrap_or(true))
}

/// The planner's evidence and unknowns the page must list for a reading, each with a word of it.
fn check_listed(kind: Kind, reading: &InventoryReading, shown: &Shown, problems: &mut Problems, what: &str) {
    let item = |field: &str| shown.items.iter().find(|(f, _)| f == field).map(|(_, t)| t.as_str());
    for e in &reading.evidence {
        let field = if e.field == "features" { format!("features.{}", e.value) } else { e.field.to_string() };
        // The planner names the version once, as `version` (the reading has it as `from` too).
        if !kind.shows(&field) || (kind == Kind::Hotfix && field == "from") {
            continue;
        }
        let said = format!("read on {} from {}", e.server, e.from);
        match item(&field) {
            Some(text) => problems.check(text.contains(&said), || {
                format!("{what}: the reading of {field} does not say where it was read ({} / {}): {text:?}", e.server, e.from)
            }),
            None => problems.push(format!("{what}: {field} = {} is not listed (listed: {:?})", e.value, shown.items)),
        }
        // And beside its control, for whoever reads the form rather than the list.
        if let Some(control) = kind.control(&field) {
            let note = shown.notes.iter().find(|(id, _, _)| *id == format!("{control}-read"));
            match note {
                Some((_, text, placed)) => {
                    problems.check(text.contains(&said), || format!("{what}: the note beside #{control} does not say {said:?}: {text:?}"));
                    problems.check(*placed, || {
                        format!("{what}: the note beside #{control} is not in its field or not named by its aria-describedby")
                    });
                }
                None => problems.push(format!("{what}: no note beside #{control} for {field} = {}", e.value)),
            }
        }
    }
    for u in &reading.unknown {
        if kind.shows(&u.field) {
            // A field can have both a value and a doubt (the lowest update of a group that differs).
            let listed = shown.items.iter().any(|(f, t)| *f == u.field && t.contains(&u.why));
            problems.check(listed, || {
                format!("{what}: what the files cannot tell about {} ({}) is not listed with why: {:?}", u.field, u.why, item(&u.field))
            });
            if let Some(control) = kind.control(&u.field) {
                let noted = shown
                    .notes
                    .iter()
                    .any(|(id, t, _)| *id == format!("{control}-read") && t.contains("cannot tell") && t.contains(&u.why));
                problems.check(noted, || format!("{what}: no note beside #{control} saying the files cannot tell it, and why ({})", u.why));
            }
        }
    }
}

pub async fn fills_the_planner(ctx: &Ctx) -> R<()> {
    fills_the_form(ctx, Kind::Hotfix).await
}

pub async fn fills_the_upgrade_advisor(ctx: &Ctx) -> R<()> {
    fills_the_form(ctx, Kind::Upgrade).await
}

/// What one inventory must have filled in, beyond the readings listed.
fn check_one(kind: Kind, reading: &InventoryReading, one: &Shown, problems: &mut Problems, what: &str) {
    match kind {
        Kind::Hotfix => {
            problems.check(one.servers.as_deref() == Some("1"), || {
                format!("{what}: one server's inventory leaves the servers field at {:?}", one.servers)
            });
            problems.check(one.arch.as_deref() == Some("x64"), || {
                format!("{what}: an x64 server's inventory leaves the architecture at {:?}", one.arch)
            });
        }
        Kind::Upgrade => {
            let r = &reading.upgrade_profile;
            let want = (r.from.map(|v| v.id().to_string()), r.os.map(|v| v.id().to_string()), r.sql.map(|v| v.id().to_string()));
            let (from, os, sql, features) = &one.upgrade;
            problems.check((from.clone(), os.clone(), sql.clone()) == want, || {
                format!(
                    "{what}: the form shows version, operating system and SQL Server {:?}, the inventory read {want:?}",
                    (from, os, sql)
                )
            });
            let mut read: Vec<String> = r.features.iter().map(|f: &Feature| f.id().to_string()).collect();
            let mut ticked = features.clone();
            read.sort();
            ticked.sort();
            problems.check(ticked == read, || format!("{what}: the features ticked are {ticked:?}, the inventory read {read:?}"));
        }
    }
}

async fn fills_the_form(ctx: &Ctx, kind: Kind) -> R<()> {
    let browser = ctx.driver.browser(&[]).await?;
    let p = kind.prefix();
    let result = async {
        let mut problems = Problems::default();
        let url = ctx.url(kind.page());
        browser.open(&url).await?;
        kind.settle(&browser, &format!("opening {}", kind.page())).await?;
        problems
            .check(!importer_requested(&browser).await?, || format!("{url} downloads the inventory importer before any file is chosen"));
        // The reading is the importer's alone: the schema name it checks is in no advisor's WASM.
        let app = ctx.site_dir.join("advisor-app");
        let wasm = if kind == Kind::Hotfix { "bts_hotfix_planner_bg.wasm" } else { "bts_upgrade_advisor_bg.wasm" };
        let holds = |name: &str| std::fs::read(app.join(name)).map(|b| b.windows(15).any(|w| w == b"bts-inventory/1"));
        problems.check(!holds(wasm)? && holds("bts_inventory_importer_bg.wasm")?, || {
            format!("{wasm} holds the inventory reading (the schema name bts-inventory/1), or the importer does not")
        });

        // One server.
        let first = if kind == Kind::Hotfix { "installed" } else { "os" };
        let hash = "return location.hash";
        let unfilled = (browser.js(hash, vec![]).await?, shown(&browser, kind).await?);
        choose(&browser, kind, &[fixture("single-2016.json")]).await?;
        let one = wait_for_item(&browser, kind, "loading one inventory", first).await?;
        problems.check(importer_requested(&browser).await?, || format!("{url} filled the form without the inventory importer"));
        let reading = cli_reading(&["single-2016.json"])?;
        check_listed(kind, &reading, &one, &mut problems, "one inventory");
        check_one(kind, &reading, &one, &mut problems, "one inventory");
        problems.check(!one.refused && one.notice.starts_with("Filled in from single-2016.json: "), || {
            format!("a good inventory is not said to have filled the form: {:?}", one.notice)
        });
        // Back returns to the form as it was; Forward brings the files' answers again.
        let filled = browser.js(hash, vec![]).await?;
        problems.check(filled != unfilled.0, || format!("loading an inventory left the page's address as it was: {filled}"));
        browser.js("history.back()", vec![]).await?;
        let back = format!("return location.hash === {}", unfilled.0);
        browser.wait_for("going back after loading an inventory", &back, Duration::from_secs(10)).await?;
        tokio::time::sleep(Duration::from_millis(200)).await;
        let after_back = shown(&browser, kind).await?;
        problems.check((&after_back.servers, &after_back.upgrade) == (&unfilled.1.servers, &unfilled.1.upgrade), || {
            format!(
                "Back does not return the form to what it held before the inventory: {:?}, was {:?}",
                (&after_back.servers, &after_back.upgrade),
                (&unfilled.1.servers, &unfilled.1.upgrade)
            )
        });
        problems.check(after_back.stale.is_empty(), || format!("after Back, notes describe values the form no longer holds: {:?}", after_back.stale));
        browser.js("history.forward()", vec![]).await?;
        browser.wait_for("going forward again", &format!("return location.hash === {filled}"), Duration::from_secs(10)).await?;
        tokio::time::sleep(Duration::from_millis(200)).await;

        // A value the files do not decide is kept, even after a heading's anchor took the
        // address's place (the answers are no longer in it then); and changing a control removes
        // its note, not the others'.
        let (own, set_own, read_own) = match kind {
            Kind::Upgrade => (
                "upgrade-to-edition",
                "const s = document.getElementById('upgrade-to-edition'); s.selectedIndex = s.options.length - 1; s.dispatchEvent(new Event('change', {bubbles: true})); return s.value",
                "return document.getElementById('upgrade-to-edition').value",
            ),
            Kind::Hotfix => (
                "hotfix-sql-script",
                "const c = document.getElementById('hotfix-sql-script'); c.click(); return String(c.checked)",
                "return String(document.getElementById('hotfix-sql-script').checked)",
            ),
        };
        let chosen = browser.js(set_own, vec![]).await?;
        tokio::time::sleep(Duration::from_millis(200)).await;
        browser.js("location.hash = 'using'", vec![]).await?;
        tokio::time::sleep(Duration::from_millis(200)).await;
        choose(&browser, kind, &[fixture("single-2016.json")]).await?;
        browser.wait_for("loading after following an anchor", "return location.hash.includes('=')", Duration::from_secs(10)).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let kept = browser.js(read_own, vec![]).await?;
        problems.check(kept == chosen, || format!("loading an inventory after following an anchor reset #{own} from {chosen} to {kept}"));
        let control = kind.control(first).unwrap_or_default();
        let others = shown(&browser, kind).await?.notes.len();
        let change = format!(
            "const s = document.getElementById('{control}'); s.selectedIndex = (s.selectedIndex + 1) % s.options.length; s.dispatchEvent(new Event('change', {{bubbles: true}}));"
        );
        browser.js(&change, vec![]).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let changed = shown(&browser, kind).await?;
        problems.check(!changed.notes.iter().any(|(id, _, _)| *id == format!("{control}-read")), || {
            format!("changing #{control} left its note: {:?}", changed.notes)
        });
        problems.check(!changed.notes.is_empty() && changed.notes.len() < others && changed.stale.is_empty(), || {
            format!("changing #{control} removed other notes than the stale ones ({others} before): {:?}, stale {:?}", changed.notes, changed.stale)
        });

        // Two servers of a mixed group at once: the lower update (the older system) decides and its server is named.
        let mixed = ["mixed-2016-bts21-cu-behind.json", "mixed-2016-bts22-windows-2012r2.json"];
        choose(&browser, kind, &mixed.map(fixture)).await?;
        let two = wait_for_item(&browser, kind, "loading two inventories at once", "servers.BTS22").await?;
        check_listed(kind, &cli_reading(&mixed)?, &two, &mut problems, "two inventories");
        if kind == Kind::Hotfix {
            problems.check(two.servers.as_deref() == Some("2"), || {
                format!("two servers' inventories leave the servers field at {:?}", two.servers)
            });
            let installed = two.items.iter().find(|(f, _)| f == "installed").map(|(_, t)| t.clone()).unwrap_or_default();
            problems
                .check(installed.contains("read on BTS21"), || format!("the update installed is not said to be BTS21's: {installed:?}"));
        } else {
            let os = two.items.iter().find(|(f, _)| f == "os").map(|(_, t)| t.clone()).unwrap_or_default();
            problems.check(os.contains("BTS22 runs it"), || format!("the operating system is not said to be BTS22's: {os:?}"));
            let oldest = cli_reading(&mixed)?.upgrade_profile.os.map(|os| os.id());
            problems.check(oldest.is_some() && two.upgrade.1.as_deref() == oldest, || {
                format!("the oldest operating system of the group is not in the form: {:?}", two.upgrade.1)
            });
        }
        let before = shown(&browser, kind).await?;

        // A file with a value of the wrong type: refused naming the file and the field; the form stays.
        let dir = std::env::temp_dir().join(format!("bts-inventory-files-{}-{p}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let bad = dir.join("BTS01-broken.json");
        let text = std::fs::read_to_string(fixture("single-2016.json"))?.replacen("\"product_type\": 3", "\"product_type\": \"server\"", 1);
        std::fs::write(&bad, text)?;
        choose(&browser, kind, &[fixture("single-2016.json"), bad.clone()]).await?;
        browser
            .wait_for(
                "refusing a broken inventory",
                &format!("return !!document.querySelector('#{p}-inventory-status.bts-inventory-refused')"),
                Duration::from_secs(10),
            )
            .await?;
        let refused = shown(&browser, kind).await?;
        problems.check(refused.notice.contains("BTS01-broken.json") && refused.notice.contains("windows.product_type"), || {
            format!("a file with \"product_type\": \"server\" is not refused naming the file and the field: {:?}", refused.notice)
        });
        problems.check((&refused.servers, &refused.upgrade) == (&before.servers, &before.upgrade), || {
            format!(
                "a refused file changed the form: {:?} / {:?}",
                (&refused.servers, &refused.upgrade),
                (&before.servers, &before.upgrade)
            )
        });
        // Another tool's file.
        choose(&browser, kind, &[fixture("not-an-inventory.json")]).await?;
        let condition =
            format!("return (document.getElementById('{p}-inventory-status') || {{}}).textContent.includes('not-an-inventory.json')");
        if browser.wait_for("refusing another tool's file", &condition, Duration::from_secs(10)).await.is_err() {
            problems.push(format!("another tool's file is not refused naming it: {:?}", shown(&browser, kind).await?.notice));
        }
        let _ = std::fs::remove_dir_all(&dir);

        // What the panel shows passes axe-core.
        choose(&browser, kind, &mixed.map(fixture)).await?;
        wait_for_item(&browser, kind, "loading two inventories again", "servers.BTS22").await?;
        problems.extend(axe::audit_now(ctx, &browser, &format!("#{p}-inventory"), &format!("{}'s inventory readings", kind.page())).await?);
        // And the notes it put in the form.
        let mount = format!("#bts-{}", if kind == Kind::Hotfix { "hotfix-advisor" } else { "upgrade-advisor" });
        problems.extend(axe::audit_now(ctx, &browser, &mount, &format!("{}'s form with the inventory's notes", kind.page())).await?);
        // To look at: the form with the notes, in target/screenshots.
        browser
            .js(
                "document.getElementById(arguments[0]).scrollIntoView()",
                vec![kind.control("os").unwrap_or_else(|| format!("{p}-installed")).into()],
            )
            .await?;
        std::fs::write(ctx.screenshots.join(format!("inventory-{p}.png")), browser.client.screenshot().await?)?;
        problems.extend(ctx.judge(&url, &browser.drain().await?));

        // From the folder (file://): the files are read in the page all the same, the importer
        // from its embedded copy, and only once files are chosen.
        let url = ctx.file_url(kind.page());
        browser.open(&url).await?;
        kind.settle(&browser, &format!("opening {url}")).await?;
        problems.check(!importer_requested(&browser).await?, || format!("{url} loads the inventory importer before any file is chosen"));
        choose(&browser, kind, &[fixture("single-2016.json")]).await?;
        let local = wait_for_item(&browser, kind, "loading an inventory from file://", first).await?;
        check_listed(kind, &reading, &local, &mut problems, "one inventory from file://");
        check_one(kind, &reading, &local, &mut problems, "one inventory from file://");
        problems.extend(ctx.judge(&url, &browser.drain().await?));
        problems.into_result()
    }
    .await;
    browser.close().await;
    result
}
