//! The pictures: the support timeline (planning page and upgrade advisor) is SVG in the SVG
//! namespace with one row per version of the rules' lifecycle data, and in the advisor its marks
//! follow the form; the route diagram follows the report.

use bts_rules::*;
use serde::Deserialize;
use serde_json::json;

use crate::driver::Browser;
use crate::harness::{Ctx, Problems, R};
use crate::upgrade;

const TIMELINE: &str = r#"
const svg = document.querySelector(arguments[0] + ' svg');
const map = document.getElementById('upgrade-route-map');
return {
  namespace: svg ? svg.namespaceURI : null,
  rect_namespace: svg && svg.querySelector('rect') ? svg.querySelector('rect').namespaceURI : null,
  width: svg ? svg.getBoundingClientRect().width : 0,
  label_px: svg && svg.querySelector('.bts-tl-label') ? svg.querySelector('.bts-tl-label').getBoundingClientRect().height : 0,
  page_width: document.documentElement.clientWidth,
  labelled: svg ? (svg.getAttribute('aria-labelledby') || '').split(' ').every(id => !!document.getElementById(id)) : false,
  desc: svg && svg.querySelector('desc') ? svg.querySelector('desc').textContent : '',
  rows: svg ? [...svg.querySelectorAll('.bts-tl-row')].map(g => [g.getAttribute('data-version'), g.getAttribute('data-mark') || '']) : [],
  bars: svg ? svg.querySelectorAll('.bts-tl-row rect.bts-tl-mainstream').length : 0,
  route: map ? [...map.children].map(li => [li.className, li.getAttribute('data-hop-to') || li.getAttribute('data-prerequisite-id') || li.getAttribute('data-version') || '',
    [...li.querySelectorAll('.bts-route-check')].map(c => c.getAttribute('data-area') + '=' + c.getAttribute('data-status')).join(' ')]) : [],
};"#;

#[derive(Debug, Deserialize)]
struct Shown {
    namespace: Option<String>,
    rect_namespace: Option<String>,
    width: f64,
    label_px: f64,
    page_width: f64,
    labelled: bool,
    desc: String,
    rows: Vec<(String, String)>,
    bars: usize,
    route: Vec<(String, String, String)>,
}

const SVG: &str = "http://www.w3.org/2000/svg";

async fn shown(browser: &Browser, scope: &str) -> R<Shown> {
    // The page may still be arriving (a CI run once read an empty page right after navigating):
    // wait, up to 5 s, for the picture's SVG before reading it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while browser.js("return !!document.querySelector(arguments[0] + ' svg')", vec![scope.into()]).await? != true
        && std::time::Instant::now() < deadline
    {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    Ok(serde_json::from_value(browser.js(TIMELINE, vec![scope.into()]).await?)?)
}

/// What every timeline must be, marked or not.
fn timeline_problems(problems: &mut Problems, where_: &str, got: &Shown) {
    problems.check(got.namespace.as_deref() == Some(SVG) && got.rect_namespace.as_deref() == Some(SVG), || {
        format!("{where_}: the timeline is not SVG in the SVG namespace ({:?}, {:?})", got.namespace, got.rect_namespace)
    });
    let versions: Vec<&str> = data::LIFECYCLES.iter().map(|l| l.version.id()).collect();
    let rows: Vec<&str> = got.rows.iter().map(|(v, _)| v.as_str()).collect();
    problems.check(rows == versions && got.bars == versions.len(), || {
        format!("{where_}: the timeline shows rows {rows:?} ({} bars), the lifecycle data has {versions:?}", got.bars)
    });
    problems.check(got.labelled, || format!("{where_}: the timeline's aria-labelledby names missing ids"));
    for l in data::LIFECYCLES {
        for date in [l.start, l.mainstream_end, l.extended_end] {
            problems.check(got.desc.contains(&date.to_string()), || format!("{where_}: the timeline's description lacks {date}"));
        }
    }
    problems.check(got.width > 0.0 && got.width <= got.page_width + 0.5, || {
        format!("{where_}: the timeline is {} px wide in a {} px page", got.width, got.page_width)
    });
}

fn route_problems(problems: &mut Problems, profile: &UpgradeProfile, got: &Shown) {
    let report = evaluate_upgrade(profile, bts_rules::Date::today_utc());
    let mut want: Vec<(String, String, String)> =
        report.prerequisites.iter().map(|p| ("bts-route-pre".to_string(), p.id.to_string(), String::new())).collect();
    want.push(("bts-route-start".into(), profile.from.id().into(), String::new()));
    for hop in &report.route {
        let checks: Vec<String> = hop.checks.iter().map(|c| format!("{}={}", c.area.id(), c.status.id())).collect();
        want.push(("bts-route-hop".into(), hop.to.id().into(), checks.join(" ")));
    }
    problems.check(got.route == want, || {
        format!("{} -> {}: the route diagram shows {:?}, the report is {want:?}", profile.from.id(), profile.to.id(), got.route)
    });
}

pub async fn timeline_and_route(ctx: &Ctx) -> R<()> {
    let browser = ctx.driver.browser(&[]).await?;
    let result = check(ctx, &browser).await;
    browser.close().await;
    result
}

async fn check(ctx: &Ctx, browser: &Browser) -> R<()> {
    let mut problems = Problems::default();
    // The book's planning page: every version, nothing marked.
    browser.open(&ctx.url("planning.html")).await?;
    let book = shown(browser, "main .bts-timeline").await?;
    timeline_problems(&mut problems, "planning page", &book);
    problems.check(book.rows.iter().all(|(_, mark)| mark.is_empty()), || format!("the book's timeline marks {:?}", book.rows));
    // Phone width: the picture shrinks with the column (viewBox, width 100%) and stays legible.
    let metrics = json!({"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true});
    browser.cdp("Emulation.setDeviceMetricsOverride", metrics).await?;
    browser.client.refresh().await?;
    let phone = shown(browser, "main .bts-timeline").await;
    browser.cdp("Emulation.clearDeviceMetricsOverride", json!({})).await?;
    let phone = phone?;
    timeline_problems(&mut problems, "planning page at 390 px", &phone);
    problems.check(phone.width >= 300.0 && phone.label_px >= 9.0, || {
        format!("planning page at 390 px: the timeline is {} px wide with {} px labels", phone.width, phone.label_px)
    });

    // The advisor: the marks follow the form, the route follows the report.
    upgrade::open(ctx, browser, "").await?;
    for (from, to, sql) in [
        (Version::Bts2016, Version::Bts2020, SqlServer::SqlServer2016),
        (Version::Bts2013R2, Version::Bts2020, SqlServer::SqlServer2014),
        (Version::Bts2013, Version::Bts2016, SqlServer::SqlServer2012),
    ] {
        let profile = UpgradeProfile { from, to, sql, ..UpgradeProfile::default() };
        upgrade::fill(browser, &profile).await?;
        upgrade::settle(browser, &format!("{} -> {}", from.id(), to.id()), Some(&upgrade::controls_of(&profile))).await?;
        let got = shown(browser, ".bts-lifecycle .bts-timeline").await?;
        timeline_problems(&mut problems, "upgrade advisor", &got);
        let marked: Vec<(&str, &str)> = got.rows.iter().filter(|(_, m)| !m.is_empty()).map(|(v, m)| (v.as_str(), m.as_str())).collect();
        problems.check(marked == [(from.id(), "current"), (to.id(), "target")], || {
            format!("{} -> {}: the timeline marks {marked:?}", from.id(), to.id())
        });
        route_problems(&mut problems, &profile, &got);
        if from == Version::Bts2013R2 {
            let hops: Vec<&str> = got.route.iter().filter(|(class, ..)| class == "bts-route-hop").map(|(_, to, _)| to.as_str()).collect();
            problems.check(hops == ["2016", "2020"], || format!("2013 R2 -> 2020: the route diagram's hops are {hops:?}"));
        }
    }
    // Paper: black on white whatever the theme.
    browser
        .js(
            "document.documentElement.className = document.documentElement.className.replace(/\\b(light|rust|coal|navy|ayu)\\b/, 'navy');",
            vec![],
        )
        .await?;
    browser.cdp("Emulation.setEmulatedMedia", json!({"media": "print"})).await?;
    let fills = browser
        .js(
            "const s = e => e ? getComputedStyle(e) : null; const t = document.querySelector('.bts-lifecycle .bts-timeline');
             return [s(t.querySelector('.bts-tl-label')).fill, s(t.querySelector('.bts-tl-mainstream')).fill,
                     s(t.querySelector('.bts-tl-extended')).fill, s(t.querySelector('.bts-tl-extended')).stroke];",
            vec![],
        )
        .await;
    browser.cdp("Emulation.setEmulatedMedia", json!({"media": ""})).await?;
    let fills = fills?;
    let want = json!(["rgb(0, 0, 0)", "rgb(0, 0, 0)", "rgb(255, 255, 255)", "rgb(0, 0, 0)"]);
    problems.check(fills == want, || {
        format!("in print (navy theme) the timeline's label, mainstream, extended fill and stroke are {fills}, want {want}")
    });
    problems.into_result()
}
