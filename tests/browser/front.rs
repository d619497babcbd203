//! The front door: the landing page leads to both advisors in one click above the fold (desktop
//! and phone), its support countdown shows the rules' dates and the right number of days, the
//! sidebar lists the advisors right after the introduction, and the sidebar toggle is a button.

use std::time::Duration;

use bts_rules::{Date, Lifecycle, Version};
use serde_json::{Value, json};

use crate::driver::Browser;
use crate::harness::{Ctx, Fail, Problems, R};
use crate::{hotfix, upgrade};

const CARDS: &str = "return [...document.querySelectorAll('.bts-start a.bts-start-card')].map(a => {
    const r = a.getBoundingClientRect();
    return { href: a.href, text: a.innerText.trim(), top: r.top, bottom: r.bottom, width: r.width };
}).concat([{ inner: window.innerHeight, innerWidth: window.innerWidth, scroll: document.documentElement.scrollWidth }]);";

/// The two cards must lead to the two advisors and be fully visible without scrolling.
async fn check_cards(browser: &Browser, ctx: &Ctx, label: &str, problems: &mut Problems) -> R<()> {
    let seen = browser.js(CARDS, vec![]).await?;
    let mut items = seen.as_array().cloned().unwrap_or_default();
    let viewport = items.pop().unwrap_or(Value::Null);
    let inner = viewport["inner"].as_f64().unwrap_or(0.0);
    let hrefs: Vec<&str> = items.iter().filter_map(|c| c["href"].as_str()).collect();
    let want = [ctx.url(upgrade::PAGE), ctx.url(hotfix::PAGE)];
    problems.check(hrefs == want, || format!("{label}: the front page's call-to-action cards link to {hrefs:?}, expected {want:?}"));
    for card in &items {
        let bottom = card["bottom"].as_f64().unwrap_or(f64::MAX);
        problems.check(bottom <= inner, || {
            format!(
                "{label}: the card {:?} ends at {bottom:.0} px, below the fold ({inner:.0} px): a visitor has to scroll to find it",
                card["text"].as_str().unwrap_or_default().lines().next().unwrap_or_default()
            )
        });
    }
    let (scroll, width) = (viewport["scroll"].as_f64().unwrap_or(0.0), viewport["innerWidth"].as_f64().unwrap_or(0.0));
    problems.check(scroll <= width + 1.0, || format!("{label}: the front page is {scroll:.0} px wide in a {width:.0} px window"));
    Ok(())
}

pub async fn front_door(ctx: &Ctx) -> R<()> {
    let browser = &ctx.main;
    browser.drain().await?;
    let mut problems = Problems::default();
    browser.open(&ctx.url("index.html")).await?;
    check_cards(browser, ctx, "desktop (1280 x 900)", &mut problems).await?;

    // The sidebar: the advisors come right after the introduction.
    let links = browser
        .wait_for(
            "the sidebar's table of contents",
            "const a = [...document.querySelectorAll('#mdbook-sidebar a[href]')].filter(a => !a.hash).map(a => a.href); return a.length >= 3 ? a : null;",
            Duration::from_secs(5),
        )
        .await?;
    let first: Vec<&str> = links.as_array().into_iter().flatten().take(3).filter_map(Value::as_str).collect();
    let want = [ctx.url("introduction.html"), ctx.url(upgrade::PAGE), ctx.url(hotfix::PAGE)];
    problems
        .check(first == want, || format!("the sidebar starts with {first:?}; the advisors belong right after the introduction: {want:?}"));

    // The support countdown: the rules' dates, and the days from the reader's today.
    let countdown = browser
        .js(
            "const d = new Date();
             return { today: [d.getFullYear(), d.getMonth() + 1, d.getDate()],
                      items: [...document.querySelectorAll('.bts-countdown li[data-version]')].map(li => ({
                          version: li.dataset.version, milestone: li.dataset.milestone,
                          date: (li.querySelector('time') || {}).dateTime, shown: (li.querySelector('time') || {}).textContent,
                          days: (li.querySelector('[data-days]') || { dataset: {} }).dataset.days,
                          text: (li.querySelector('[data-days-until]') || {}).textContent })) };",
            vec![],
        )
        .await?;
    let t = &countdown["today"];
    let today = Date::new(t[0].as_i64().unwrap_or(0) as i32, t[1].as_u64().unwrap_or(0) as u8, t[2].as_u64().unwrap_or(0) as u8);
    let items = countdown["items"].as_array().cloned().unwrap_or_default();
    let mut covered = Vec::new();
    for item in &items {
        let (version, milestone) = (item["version"].as_str().unwrap_or_default(), item["milestone"].as_str().unwrap_or_default());
        let Some(lifecycle) = Version::from_id(version).map(Lifecycle::of) else {
            problems.push(format!("support countdown: unknown version {version:?}"));
            continue;
        };
        let end = match milestone {
            "mainstream_end" => lifecycle.mainstream_end,
            "extended_end" => lifecycle.extended_end,
            other => {
                problems.push(format!("support countdown: unknown milestone {other:?} for {version}"));
                continue;
            }
        };
        covered.push(format!("{version} {milestone}"));
        let date = item["date"].as_str().unwrap_or_default();
        problems.check(date == end.to_string() && item["shown"].as_str() == Some(date), || {
            format!("support countdown: {version} {milestone} shows {:?} ({date}), the rules say {end}", item["shown"])
        });
        let days = end.days_since(today);
        let shown = item["days"].as_str().and_then(|d| d.parse::<i64>().ok());
        problems.check(shown == Some(days), || {
            format!(
                "support countdown: {version} {milestone} says {:?} ({shown:?} days), but from {today} to {end} is {days} days",
                item["text"]
            )
        });
    }
    for want in ["2016 extended_end", "2020 mainstream_end", "2020 extended_end"] {
        problems.check(covered.iter().any(|c| c == want), || format!("the support countdown does not show {want}"));
    }

    // The sidebar toggle: a real button that opens and closes the sidebar, and says so.
    let toggle = browser
        .js(
            "const b = document.getElementById('mdbook-sidebar-toggle');
             return b ? { tag: b.tagName, role: b.getAttribute('role'), expanded: b.getAttribute('aria-expanded'),
                          visible: document.documentElement.classList.contains('sidebar-visible') } : null;",
            vec![],
        )
        .await?;
    problems.check(toggle["tag"] == "BUTTON" && toggle["role"].is_null(), || {
        format!("the sidebar toggle is {toggle}; it must be a <button> without an ARIA role")
    });
    let button = browser.client.find(fantoccini::Locator::Id("mdbook-sidebar-toggle")).await?;
    for round in 0..2 {
        let before = toggle["visible"] == true;
        let expect = if round == 0 { !before } else { before };
        button.click().await?;
        tokio::time::sleep(Duration::from_millis(400)).await;
        let now = browser
            .js(
                "return { visible: document.documentElement.classList.contains('sidebar-visible'),
                          expanded: document.getElementById('mdbook-sidebar-toggle').getAttribute('aria-expanded'),
                          checked: document.getElementById('mdbook-sidebar-toggle-anchor').checked };",
                vec![],
            )
            .await?;
        let want = json!({"visible": expect, "expanded": expect.to_string(), "checked": expect});
        problems.check(now == want, || format!("clicking the sidebar toggle ({} time): the page shows {now}, expected {want}", round + 1));
    }
    // Leave the sidebar as a new visitor would find it.
    browser.js("try { localStorage.removeItem('mdbook-sidebar'); } catch (e) {}", vec![]).await?;

    // Phone width: the same two cards, still above the fold.
    let metrics = json!({"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true});
    browser.cdp("Emulation.setDeviceMetricsOverride", metrics).await?;
    browser.client.refresh().await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let phone = check_cards(browser, ctx, "phone (390 x 844)", &mut problems).await;
    browser.cdp("Emulation.clearDeviceMetricsOverride", json!({})).await?;
    phone?;

    // One click: the first card opens the upgrade advisor.
    browser.open(&ctx.url("index.html")).await?;
    browser.client.find(fantoccini::Locator::Css(".bts-start a.bts-start-card")).await?.click().await?;
    let opened = browser
        .wait_for(
            "the upgrade advisor after clicking its card",
            "return location.pathname.endsWith('/advisor/upgrade.html') && document.readyState === 'complete' ? location.href : null;",
            Duration::from_secs(10),
        )
        .await
        .map_err(|Fail(why)| Fail(format!("the front page's first card does not open the upgrade advisor: {why}")));
    if let Err(Fail(why)) = opened {
        problems.push(why);
    }
    ctx.note(format!("front door: both advisors above the fold at 1280 x 900 and 390 x 844; countdown from {today}: {}", {
        items
            .iter()
            .map(|i| {
                format!(
                    "{} {} {}",
                    i["version"].as_str().unwrap_or("?"),
                    i["milestone"].as_str().unwrap_or("?"),
                    i["text"].as_str().unwrap_or("?")
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }));
    problems.extend(ctx.judge("front door", &browser.drain().await?));
    problems.into_result()
}
