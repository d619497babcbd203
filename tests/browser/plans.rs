//! Progress per named plan in the upgrade advisor: ticks that survive answer changes, reloads and
//! switches of plan; clearing that asks and can be undone; version-1 stored ticks carried over;
//! the plan file (answers, name, ticks, date) downloaded and loaded on another computer.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::driver::{Browser, TempDir};
use crate::harness::{Ctx, Fail, Problems, R};
use crate::upgrade::{Snapshot, click, open, settle, snapshot, tick};

const LINK: &str = "#from=2016&to=2020&edition=standard&os=windows-server-2016&sql=sql-server-2016&features=bam";

/// Clicks a feature's checkbox and waits for the answer to follow.
async fn toggle_feature(browser: &Browser, feature: &str, what: &str) -> R<Snapshot> {
    let before = snapshot(browser).await?;
    let mut want = before.controls.clone();
    match want.features.iter().position(|f| f == feature) {
        Some(at) => {
            want.features.remove(at);
        }
        None => want.features.push(feature.to_string()),
    }
    let css = format!("input[type=checkbox][name=feature][value='{feature}']");
    // In the middle of the screen: scrolled up to, it would sit under mdBook's menu bar.
    browser.js("document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", vec![json!(css)]).await?;
    click(browser, &css, what).await?;
    // The page lists features in its own order: compare as sets.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let snap = snapshot(browser).await?;
        let mut got = snap.controls.features.clone();
        let mut wanted = want.features.clone();
        got.sort();
        wanted.sort();
        if got == wanted {
            return settle(browser, what, Some(&snap.controls)).await;
        }
        if Instant::now() > deadline {
            return Err(Fail(format!("{what}: the features stay {:?}", snap.controls.features)));
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Sets the plan's name as a user does (types it, then leaves the box).
async fn rename(browser: &Browser, name: &str) -> R<()> {
    browser
        .js(
            "const box = document.getElementById('upgrade-plan-name'); box.value = arguments[0]; box.dispatchEvent(new Event('change'));",
            vec![json!(name)],
        )
        .await?;
    Ok(())
}

/// The plans the select offers and the one chosen.
async fn plans(browser: &Browser) -> R<(Vec<String>, String)> {
    let v = browser
        .js("const s = document.getElementById('upgrade-plan'); return s ? [[...s.options].map(o => o.value), s.value] : [[], ''];", vec![])
        .await?;
    Ok(serde_json::from_value(v)?)
}

async fn choose_plan(browser: &Browser, name: &str) -> R<Snapshot> {
    let select = browser.client.find(fantoccini::Locator::Id("upgrade-plan")).await.map_err(|_| Fail("no #upgrade-plan select".into()))?;
    select.select_by_value(name).await.map_err(|e| Fail(format!("cannot choose the plan {name:?}: {e}")))?;
    tokio::time::sleep(Duration::from_millis(150)).await;
    settle(browser, &format!("switching to the plan {name}"), None).await
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

/// A tick survives an answer change that keeps its step, comes back with its step, survives a
/// reload and a switch of plans.
pub async fn ticks_follow_the_plan(ctx: &Ctx) -> R<()> {
    let browser = ctx.driver.browser(&[]).await?;
    let result = async {
        let mut p = Problems::default();
        let with_bam = open(ctx, &browser, LINK).await?;
        let without = toggle_feature(&browser, "bam", "unticking BAM").await?;
        let kept = without.step_ids().into_iter().find(|id| with_bam.step_ids().contains(id)).ok_or(Fail("no step is common".into()))?;
        let leaves = with_bam
            .step_ids()
            .into_iter()
            .find(|id| !without.step_ids().contains(id))
            .ok_or(Fail("BAM brings no step of its own".into()))?;
        toggle_feature(&browser, "bam", "ticking BAM again").await?;
        tick(&browser, &[kept.clone(), leaves.clone()]).await?;
        let both = sorted(vec![kept.clone(), leaves.clone()]);

        let more = toggle_feature(&browser, "sftp", "ticking one more feature").await?;
        p.check(sorted(more.done_ids()) == both, || format!("ticking SFTP after ticking {both:?} leaves {:?} ticked", more.done_ids()));
        let fewer = toggle_feature(&browser, "bam", "unticking BAM with its step ticked").await?;
        p.check(fewer.done_ids() == [kept.clone()], || {
            format!("unticking BAM: {kept} should stay ticked, the page shows {:?}", fewer.done_ids())
        });
        let back = toggle_feature(&browser, "bam", "ticking BAM back").await?;
        p.check(sorted(back.done_ids()) == both, || {
            format!("the BAM step {leaves} left and came back, but the ticks are now {:?} (want {both:?})", back.done_ids())
        });
        browser.client.refresh().await?;
        let reloaded = settle(&browser, "reloading", Some(&back.controls)).await?;
        p.check(sorted(reloaded.done_ids()) == both, || format!("after a reload the ticks are {:?}, want {both:?}", reloaded.done_ids()));
        let (names, shown) = plans(&browser).await?;
        p.check(shown == "2016 to 2020" && names == ["2016 to 2020"], || {
            format!("the default plan should be \"2016 to 2020\", the page offers {names:?} showing {shown:?}")
        });

        // A second plan: no ticks, its own name, and the first one keeps its ticks.
        click(&browser, "#upgrade-plan-new", "New plan").await?;
        tokio::time::sleep(Duration::from_millis(150)).await;
        rename(&browser, "PROD").await?;
        tokio::time::sleep(Duration::from_millis(150)).await;
        let prod = snapshot(&browser).await?;
        p.check(prod.done_ids().is_empty(), || format!("a new plan starts with {:?} ticked", prod.done_ids()));
        let other = prod.step_ids().into_iter().find(|id| id != &kept).unwrap_or_default();
        tick(&browser, std::slice::from_ref(&other)).await?;
        let (names, shown) = plans(&browser).await?;
        p.check(shown == "PROD" && sorted(names.clone()) == ["2016 to 2020", "PROD"], || {
            format!("after New plan and renaming it PROD the page offers {names:?} showing {shown:?}")
        });
        let first = choose_plan(&browser, "2016 to 2020").await?;
        p.check(sorted(first.done_ids()) == both, || format!("back in the first plan the ticks are {:?}, want {both:?}", first.done_ids()));
        let second = choose_plan(&browser, "PROD").await?;
        p.check(second.done_ids() == [other.clone()], || format!("back in PROD the ticks are {:?}, want [{other}]", second.done_ids()));
        // Opened without answers in the address: the plan shown last, with its answers.
        browser.open(&ctx.url(crate::upgrade::PAGE)).await?;
        let bare = settle(&browser, "opening the page without answers", Some(&second.controls)).await?;
        p.check(bare.done_ids() == [other.clone()] && plans(&browser).await?.1 == "PROD", || {
            format!("opening the page without a link shows {:?} ticked, not the plan PROD's [{other}]", bare.done_ids())
        });
        p.extend(ctx.judge("upgrade advisor plans", &browser.drain().await?));
        p.into_result()
    }
    .await;
    browser.close().await;
    result
}

/// "Clear ticks" asks first, "Keep them" keeps them, and a clearing can be undone.
pub async fn clearing_asks_and_undoes(ctx: &Ctx) -> R<()> {
    let browser = ctx.driver.browser(&[]).await?;
    let result = async {
        let mut p = Problems::default();
        let snap = open(ctx, &browser, LINK).await?;
        let ids: Vec<String> = snap.step_ids().into_iter().take(2).collect();
        tick(&browser, &ids).await?;
        let visible = |id: &'static str| {
            format!("const e = document.getElementById('{id}'); return !!e && !e.closest('[hidden]') && e.offsetParent !== null;")
        };
        click(&browser, "#upgrade-clear-ticks", "Clear ticks").await?;
        tokio::time::sleep(Duration::from_millis(100)).await;
        let asked = snapshot(&browser).await?;
        p.check(asked.done_ids() == ids, || format!("Clear ticks cleared without asking: {:?} ticked", asked.done_ids()));
        p.check(browser.js(&visible("upgrade-clear-confirm"), vec![]).await? == true, || "Clear ticks shows no question to confirm".into());
        click(&browser, "#upgrade-clear-keep", "Keep them").await?;
        tokio::time::sleep(Duration::from_millis(100)).await;
        p.check(snapshot(&browser).await?.done_ids() == ids, || "\"Keep them\" lost the ticks".into());
        click(&browser, "#upgrade-clear-ticks", "Clear ticks").await?;
        click(&browser, "#upgrade-clear-confirm", "Clear them").await?;
        tokio::time::sleep(Duration::from_millis(150)).await;
        let cleared = snapshot(&browser).await?;
        p.check(cleared.done_ids().is_empty(), || format!("after Clear them, {:?} still show ticked", cleared.done_ids()));
        p.check(cleared.live.iter().any(|t| t.contains("Ticks cleared")), || format!("clearing is not announced: {:?}", cleared.live));
        click(&browser, "#upgrade-undo-clear", "Undo").await?;
        tokio::time::sleep(Duration::from_millis(150)).await;
        browser.client.refresh().await?;
        let undone = settle(&browser, "reloading after Undo", Some(&snap.controls)).await?;
        p.check(undone.done_ids() == ids, || format!("Undo then reload shows {:?}, want {ids:?}", undone.done_ids()));
        click(&browser, "#upgrade-clear-ticks", "Clear ticks").await?;
        click(&browser, "#upgrade-clear-confirm", "Clear them").await?;
        tokio::time::sleep(Duration::from_millis(150)).await;
        browser.client.refresh().await?;
        let again = settle(&browser, "reloading after clearing", Some(&snap.controls)).await?;
        p.check(again.done_ids().is_empty(), || format!("a cleared plan shows {:?} after a reload", again.done_ids()));
        p.extend(ctx.judge("upgrade advisor clearing", &browser.drain().await?));
        p.into_result()
    }
    .await;
    browser.close().await;
    result
}

/// Ticks stored by the previous version (one key per exact profile) show up in a plan named for
/// the route; the old keys stay; an unreadable old value is copied aside.
pub async fn old_progress_migrates(ctx: &Ctx) -> R<()> {
    let browser = ctx.driver.browser(&[]).await?;
    let result = async {
        let mut p = Problems::default();
        let snap =
            open(ctx, &browser, "#from=2013r2&to=2020&edition=standard&os=windows-server-2012-r2&sql=sql-server-2014&features=bam").await?;
        let ids: Vec<String> = snap.step_ids().into_iter().take(2).collect();
        let stored = browser
            .js(
                "localStorage.clear();
                 const canonical = location.hash.slice(1);
                 localStorage.setItem('bts-advisor/v1/upgrade/' + canonical, JSON.stringify(arguments[0]));
                 localStorage.setItem('bts-advisor/v1/upgrade/from=2016&to=2020', '{not json');
                 return canonical;",
                vec![json!(ids)],
            )
            .await?;
        browser.client.refresh().await?;
        let migrated = settle(&browser, "reloading with version-1 progress", Some(&snap.controls)).await?;
        p.check(sorted(migrated.done_ids()) == sorted(ids.clone()), || {
            format!("version-1 progress {ids:?} under the profile {stored} shows as {:?}", migrated.done_ids())
        });
        let keys: Value = browser.js("return Object.keys(localStorage).sort()", vec![]).await?;
        let keys: Vec<String> = serde_json::from_value(keys)?;
        for want in [
            "bts-advisor/v2/upgrade/plans".to_string(),
            format!("bts-advisor/v1/upgrade/{}", stored.as_str().unwrap_or_default()),
            "bts-advisor/unreadable/bts-advisor/v1/upgrade/from=2016&to=2020".to_string(),
        ] {
            p.check(keys.contains(&want), || format!("after migrating, localStorage has no {want}: {keys:?}"));
        }
        let (_, shown) = plans(&browser).await?;
        p.check(shown == "2013 R2 to 2020", || format!("the migrated plan is called {shown:?}, want \"2013 R2 to 2020\""));
        p.extend(ctx.judge("upgrade advisor migration", &browser.drain().await?));
        p.into_result()
    }
    .await;
    browser.close().await;
    result
}

/// The plan file carries answers, name and ticks to a colleague's browser.
pub async fn plan_file_travels(ctx: &Ctx) -> R<()> {
    let dir = TempDir::new("bts-plan-file")?;
    let browser = ctx.driver.browser(&[]).await?;
    let result = async {
        let snap = open(ctx, &browser, LINK).await?;
        let ids: Vec<String> = snap.step_ids().into_iter().take(3).collect();
        tick(&browser, &ids).await?;
        rename(&browser, "PROD").await?;
        browser.cdp("Browser.setDownloadBehavior", json!({"behavior": "allow", "downloadPath": dir.0.display().to_string()})).await?;
        click(&browser, "#upgrade-download-plan", "Download plan").await?;
        let file = dir.0.join("bts-upgrade-plan-prod-2016-to-2020.json");
        let deadline = Instant::now() + Duration::from_secs(5);
        while !file.is_file() {
            if Instant::now() > deadline {
                let found: Vec<_> = std::fs::read_dir(&dir.0)?.flatten().map(|e| e.file_name()).collect();
                return Err(Fail(format!("Download plan did not save {} (the folder holds {found:?})", file.display())));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        browser.drain().await?;
        Ok::<_, Fail>((snap, ids, std::fs::read_to_string(&file)?))
    }
    .await;
    browser.close().await;
    let (snap, ids, text) = result?;
    let mut p = Problems::default();
    let value: Value = serde_json::from_str(&text).map_err(|e| Fail(format!("the plan file is not JSON ({e}): {text}")))?;
    p.check(value["plan"] == "PROD" && value["date"].as_str().is_some_and(|d| d.len() == 10), || {
        format!("the plan file lacks its name or date: {text}")
    });
    p.check(sorted(serde_json::from_value(value["done"].clone()).unwrap_or_default()) == sorted(ids.clone()), || {
        format!("the plan file's ticks are not {ids:?}: {text}")
    });
    p.check(value["answers"]["features"] == json!(["bam"]), || format!("the plan file's answers are not the page's: {text}"));

    let colleague = ctx.driver.browser(&[]).await?;
    let result = async {
        open(ctx, &colleague, "").await?;
        let input =
            colleague.client.find(fantoccini::Locator::Id("upgrade-load")).await.map_err(|_| Fail("no #upgrade-load file input".into()))?;
        let path = dir.0.join("bts-upgrade-plan-prod-2016-to-2020.json");
        input.send_keys(&path.display().to_string()).await?;
        let loaded = settle(&colleague, "loading the plan file", Some(&snap.controls)).await?;
        p.check(sorted(loaded.done_ids()) == sorted(ids.clone()), || {
            format!("the loaded plan shows {:?} ticked, want {ids:?}", loaded.done_ids())
        });
        p.check(plans(&colleague).await?.1 == "PROD", || "the loaded plan is not shown as PROD".into());
        p.check(loaded.notice().is_empty(), || format!("loading a plan file shows a notice: {:?}", loaded.notice()));
        p.extend(ctx.judge("upgrade advisor plan file", &colleague.drain().await?));
        Ok::<_, Fail>(())
    }
    .await;
    colleague.close().await;
    result?;
    p.into_result()
}

/// The answer bar is in the prerendered HTML (so in the first paint), on the first screen of a
/// phone (390 x 844) and still in view once the page is scrolled to the checklist; notes the
/// page's height at 1280 and 390 px.
pub async fn answer_bar_first(ctx: &Ctx) -> R<()> {
    let mut p = Problems::default();
    for (page, id) in [(crate::upgrade::PAGE, "upgrade-bar"), (crate::hotfix::PAGE, "hotfix-bar")] {
        let html = std::fs::read_to_string(ctx.site_dir.join(page))?;
        p.check(html.contains(&format!("id=\"{id}\"")), || format!("{page} as built has no #{id}: the answer bar is not prerendered"));
    }
    let browser = ctx.driver.browser(&[]).await?;
    let result = async {
        for (width, height, mobile) in [(1280, 900, false), (390, 844, true)] {
            browser
                .cdp("Emulation.setDeviceMetricsOverride", json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}))
                .await?;
            for page in [crate::upgrade::PAGE, crate::hotfix::PAGE] {
                browser.open(&ctx.url(page)).await?;
                settle_any(&browser, page).await?;
                let seen = browser
                    .js(
                        "const bar = document.querySelector('.bts-answer-bar');
                         const at = () => bar ? bar.getBoundingClientRect() : null;
                         const first = at();
                         const tall = document.documentElement.scrollHeight;
                         const list = document.querySelector('.bts-checklist');
                         if (list) list.scrollIntoView();
                         const later = at();
                         window.scrollTo(0, 0);
                         return { tall, first: first && [first.top, first.bottom], later: later && [later.top, later.bottom], text: bar ? bar.textContent : null };",
                        vec![],
                    )
                    .await?;
                ctx.note(format!("{page} at {width} x {height}: page height {} px; answer bar {:?}", seen["tall"], seen["text"]));
                let inside = |k: &str| {
                    seen[k].as_array().is_some_and(|r| {
                        let (top, bottom) = (r[0].as_f64().unwrap_or(-1.0), r[1].as_f64().unwrap_or(1e9));
                        top >= 0.0 && bottom <= f64::from(height)
                    })
                };
                p.check(inside("first"), || format!("{page} at {width} x {height}: the answer bar is not on the first screen ({:?})", seen["first"]));
                p.check(inside("later"), || {
                    format!("{page} at {width} x {height}: scrolled to the checklist, the answer bar is out of view ({:?})", seen["later"])
                });
                let text = seen["text"].as_str().unwrap_or_default();
                p.check(text.contains("steps done"), || format!("{page}: the answer bar does not say how many steps are done: {text:?}"));
            }
        }
        p.extend(ctx.judge("answer bar", &browser.drain().await?));
        Ok::<_, Fail>(p)
    }
    .await;
    browser.close().await;
    result?.into_result()
}

/// Waits until the app has drawn an answer on `page`.
async fn settle_any(browser: &Browser, page: &str) -> R<()> {
    browser
        .wait_for(
            &format!("the answer on {page}"),
            "return !!document.querySelector('.bts-advisor-running li.step')",
            Duration::from_secs(15),
        )
        .await?;
    Ok(())
}

/// "Copy as Markdown" and "Download CSV" carry the ticks, byte for byte what the rules' export
/// (the CLI's `--format markdown|csv`) gives; with the site's address on the mount
/// (`cargo xtask build --base-url`), the links are absolute.
pub async fn exports_carry_ticks(ctx: &Ctx) -> R<()> {
    use bts_rules::{BaseUrl, Export, evaluate_upgrade};
    let dir = TempDir::new("bts-exports")?;
    let browser = ctx.driver.browser(&[]).await?;
    let result = async {
        let mut p = Problems::default();
        let snap = open(ctx, &browser, LINK).await?;
        let origin = url::Url::parse(&snap.href).map(|u| u.origin().ascii_serialization()).unwrap_or_default();
        browser
            .cdp("Browser.grantPermissions", json!({"origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]}))
            .await?;
        browser.cdp("Emulation.setFocusEmulationEnabled", json!({"enabled": true})).await?;
        browser
            .cdp("Browser.setDownloadBehavior", json!({"behavior": "allow", "downloadPath": dir.0.display().to_string()}))
            .await?;
        let ids: Vec<String> = snap.step_ids().into_iter().take(2).collect();
        tick(&browser, &ids).await?;
        let profile = crate::upgrade::profile_of(&snap.controls).map_err(Fail)?;
        // The page judges the lifecycle on the browser's date.
        let (y, m, d) = snap.today;
        let today = bts_rules::Date::parse(&format!("{y:04}-{m:02}-{d:02}")).ok_or(Fail(format!("the browser's date {y}-{m}-{d}")))?;
        let report = evaluate_upgrade(&profile, today);
        let base = "https://intranet.example/biztalk-advisor/";
        for base_url in [None, Some(base)] {
            // As `cargo xtask build --base-url` writes it on the mount, or as a build without one.
            browser
                .js(
                    "const m = document.getElementById('bts-upgrade-advisor'); if (arguments[0]) m.setAttribute('data-base-url', arguments[0]); else m.removeAttribute('data-base-url');",
                    vec![json!(base_url)],
                )
                .await?;
            let export = Export { base_url: base_url.map(|u| BaseUrl::parse(u).unwrap()), done: ids.iter().cloned().collect() };
            let what = if base_url.is_some() { "with a base URL" } else { "without a base URL" };
            browser.js("return navigator.clipboard.writeText('')", vec![]).await?;
            click(&browser, "#upgrade-copy-markdown", "Copy as Markdown").await?;
            tokio::time::sleep(Duration::from_millis(300)).await;
            let got = browser
                .js_async("const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('clipboard error: ' + e))", vec![])
                .await?;
            let want = report.export_markdown(&profile, &export);
            let got = got.as_str().unwrap_or_default();
            p.check(got == want, || {
                let line = got.lines().zip(want.lines()).find(|(a, b)| a != b);
                format!("Copy as Markdown {what} differs from the export (first differing line, page then rules: {line:?})")
            });
            p.check(want.contains("- [x]") && (base_url.is_none() || want.contains(base)), || format!("the expected Markdown {what} lacks ticks or links"));
            click(&browser, "#upgrade-download-csv", "Download CSV").await?;
            let file = dir.0.join("bts-upgrade-checklist-2016-to-2020.csv");
            let deadline = Instant::now() + Duration::from_secs(5);
            let mut csv = String::new();
            while Instant::now() < deadline {
                csv = std::fs::read_to_string(&file).unwrap_or_default();
                if !csv.is_empty() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            let want = report.to_csv(&export);
            p.check(csv == want, || format!("Download CSV {what} gave {} bytes, not the export's {} bytes:\n{}", csv.len(), want.len(), csv.lines().take(3).collect::<Vec<_>>().join("\n")));
            let _ = std::fs::remove_file(&file);
        }
        p.extend(ctx.judge("upgrade advisor exports", &browser.drain().await?));
        p.into_result()
    }
    .await;
    browser.close().await;
    result
}

/// General advice for every upgrade (keep the default names, plan an attended upgrade ...) is
/// gathered under one closed heading before the tasks; the backups stay among the tasks in view;
/// a note can still be opened and ticked, and counts in the progress.
pub async fn general_notes_collapsed(ctx: &Ctx) -> R<()> {
    let browser = ctx.driver.browser(&[]).await?;
    let result = async {
        let mut p = Problems::default();
        open(ctx, &browser, LINK).await?;
        let seen = browser
            .js(
                "const list = document.querySelector('#upgrade-checklist');
                 const groups = [...list.querySelectorAll('.bts-phase')];
                 const notes = list.querySelector('details.bts-general-notes');
                 const shown = li => li.checkVisibility();
                 const ids = el => [...el.querySelectorAll('li.step')].map(li => li.getAttribute('data-step-id'));
                 return { first: groups.length > 0 && groups[0] === notes, open: notes ? notes.open : null,
                          summary: notes ? notes.querySelector('summary').textContent : null,
                          notes: notes ? ids(notes) : [], hidden: notes ? [...notes.querySelectorAll('li.step')].every(li => !shown(li)) : false,
                          backups: [...list.querySelectorAll('li.step')].filter(li => /back-up/.test(li.getAttribute('data-step-id'))).map(li => [li.getAttribute('data-step-id'), shown(li), !!li.closest('details')]) };",
                vec![],
            )
            .await?;
        let notes: Vec<String> = serde_json::from_value(seen["notes"].clone())?;
        p.check(seen["first"] == true && seen["open"] == false, || {
            format!("the general notes should be the first group of the checklist, closed: first {}, open {}", seen["first"], seen["open"])
        });
        p.check(notes.iter().any(|id| id == "no-silent-upgrade") && seen["hidden"] == true, || {
            format!("the closed group should hold no-silent-upgrade and show none of its steps: {notes:?}, hidden {}", seen["hidden"])
        });
        let backups = seen["backups"].as_array().cloned().unwrap_or_default();
        p.check(!backups.is_empty() && backups.iter().all(|b| b[1] == true && b[2] == false), || {
            format!("every backup step must stay in view among the tasks: {backups:?}")
        });
        let before = snapshot(&browser).await?;
        let note = notes.first().cloned().unwrap_or_default();
        tick(&browser, std::slice::from_ref(&note)).await?;
        let after = snapshot(&browser).await?;
        p.check(after.done_ids() == [note.clone()] && before.done_ids().is_empty(), || {
            format!("opening the group and ticking {note} leaves {:?} ticked", after.done_ids())
        });
        let progress = browser.js("return document.querySelector('#upgrade-checklist [data-progress]').textContent", vec![]).await?;
        p.check(progress.as_str().unwrap_or_default().starts_with("1 of "), || format!("a ticked note is not counted: {progress}"));
        p.extend(ctx.judge("upgrade advisor general notes", &browser.drain().await?));
        p.into_result()
    }
    .await;
    browser.close().await;
    result
}
