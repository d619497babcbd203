//! Both advisors as a whole: file://, no JavaScript, keyboard, first answer and layout shift,
//! speed, size and screenshots.

use std::io::Write;
use std::time::Duration;

use serde_json::{Value, json};

use crate::driver::Browser;
use crate::harness::{Ctx, Fail, Problems, R};
use crate::pages::ANSWER;
use crate::{hotfix, upgrade};

pub async fn from_file(ctx: &Ctx) -> R<()> {
    let browser = ctx.driver.browser(&[]).await?;
    let result = async {
        let mut problems = Problems::default();
        let url = ctx.file_url(upgrade::PAGE);
        browser.open(&url).await?;
        match upgrade::settle(&browser, &format!("opening {url} straight from the folder"), None).await {
            Ok(snap) => {
                // Still interactive: a change recomputes.
                let mut profile = upgrade::profile_of(&snap.controls).map_err(Fail)?;
                profile.os = bts_rules::OperatingSystem::WindowsServer2012R2;
                upgrade::choose(&browser, "upgrade-os", profile.os.id()).await?;
                if let Err(Fail(why)) =
                    upgrade::settle(&browser, "changing the OS on the file:// page", Some(&upgrade::controls_of(&profile))).await
                {
                    problems.push(why);
                }
            }
            Err(Fail(why)) => problems.push(why),
        }
        problems.extend(ctx.judge(&url, &browser.drain().await?));
        let url = ctx.file_url(hotfix::PAGE);
        browser.open(&url).await?;
        if let Err(Fail(why)) = hotfix::settle(&browser, &format!("opening {url} straight from the folder"), None).await {
            problems.push(why);
        }
        problems.extend(ctx.judge(&url, &browser.drain().await?));
        problems.into_result()
    }
    .await;
    browser.close().await;
    result
}

pub async fn without_javascript(ctx: &Ctx) -> R<()> {
    let browser = ctx.driver.browser(&["--blink-settings=scriptEnabled=false"]).await?;
    let result = async {
        let mut problems = Problems::default();
        for (page, mount) in [(upgrade::PAGE, "bts-upgrade-advisor"), (hotfix::PAGE, "bts-hotfix-advisor")] {
            browser.open(&ctx.url(page)).await?;
            tokio::time::sleep(Duration::from_millis(300)).await;
            if browser.js(ANSWER, vec![]).await? == true {
                return Err(Fail(
                    "the advisor ran although Chromium was started with scripts disabled; the no-JavaScript check proves nothing".into(),
                ));
            }
            // With scripts off, WebDriver scripts still run; the page's own do not.
            let seen = browser
                .js(
                    "const m = document.getElementById(arguments[0]);
                     if (!m) return null;
                     const links = [...m.querySelectorAll('a[href]')].filter(a => a.offsetParent !== null).map(a => a.getAttribute('href'));
                     const shown = e => !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility === 'visible';
                     const verdict = m.querySelector('#upgrade-verdict[data-verdict], #hotfix-package[data-package]');
                     const note = m.querySelector('.bts-fallback');
                     return { text: m.innerText.trim(), links, verdict: shown(verdict), note: shown(note) ? note.innerText : null,
                              inert: [...m.querySelectorAll('form')].every(f => f.inert) && !!m.querySelector('form') };",
                    vec![json!(mount)],
                )
                .await?;
            if seen.is_null() {
                problems.push(format!("{page}: no #{mount} element"));
                continue;
            }
            let text = seen["text"].as_str().unwrap_or_default();
            problems.check(text.len() > 40, || format!("{page} without JavaScript shows almost nothing where the advisor goes: {text:?}"));
            problems.check(seen["links"].as_array().is_some_and(|l| !l.is_empty()), || {
                format!("{page} without JavaScript gives no link to the static guidance and tables (text: {text:?})")
            });
            // The answer the build prerendered, under a note that the form needs scripts.
            problems.check(seen["verdict"] == true, || format!("{page} without JavaScript does not show the prerendered answer"));
            problems.check(seen["note"].as_str().is_some_and(|n| n.contains("JavaScript and WebAssembly")), || {
                format!("{page} without JavaScript does not say that the form needs JavaScript and WebAssembly: {:?}", seen["note"])
            });
            problems.check(seen["inert"] == true, || format!("{page} without JavaScript offers a form that looks usable but does nothing"));
        }
        problems.into_result()
    }
    .await;
    browser.close().await;
    result
}

/// mdBook's arrow-key navigation works on the page, but not while typing in a form control.
pub async fn keyboard_shortcuts(ctx: &Ctx) -> R<()> {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    use fantoccini::key::Key;
    let browser = &ctx.main;
    browser.drain().await?;
    let mut problems = Problems::default();
    let press = |key: Key| {
        let keys = KeyActions::new("keyboard".into()).then(KeyAction::Down { value: key.into() }).then(KeyAction::Up { value: key.into() });
        async move { browser.client.perform_actions(keys).await }
    };
    browser.open(&ctx.url(hotfix::PAGE)).await?;
    hotfix::settle(browser, "opening the hotfix planner", None).await?;
    let here = browser.client.current_url().await?;
    // Inside the server-count field an arrow key edits the field; the page must stay.
    browser.client.find(fantoccini::Locator::Id("hotfix-servers")).await?.click().await?;
    press(Key::Right).await?;
    press(Key::Left).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = browser.client.current_url().await?;
    problems.check(after == here, || format!("pressing an arrow key in the server-count field left the page for {after}"));
    // Outside the form, ArrowRight moves to the next chapter as everywhere in the book.
    browser.js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);", vec![]).await?;
    browser.client.find(fantoccini::Locator::Css("h1, main")).await?.click().await.ok();
    browser.js("document.activeElement && document.activeElement.blur();", vec![]).await?;
    press(Key::Right).await?;
    let deadline = std::time::Instant::now() + Duration::from_secs(3);
    loop {
        let now = browser.client.current_url().await?;
        if now != here {
            break;
        }
        if std::time::Instant::now() > deadline {
            problems.push("pressing ArrowRight outside the form on the hotfix planner page did not go to the next chapter (mdBook's shortcut is swallowed)".to_string());
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    problems.extend(ctx.judge("keyboard shortcuts", &browser.drain().await?));
    problems.into_result()
}

/// The machine's 1-minute load average: timings on a shared 2-core machine depend on it.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(String::from))
        .unwrap_or_else(|| "unknown".into())
}

/// Every control of the advisors can be reached with Tab alone, and shows where the focus is.
pub async fn tab_through(ctx: &Ctx) -> R<()> {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    use fantoccini::key::Key;
    let browser = &ctx.main;
    browser.drain().await?;
    let mut problems = Problems::default();
    let pages: [(&str, &[&str]); 2] = [
        (
            upgrade::PAGE,
            &[
                "upgrade-from",
                "upgrade-to",
                "upgrade-edition",
                "upgrade-to-edition",
                "upgrade-os",
                "upgrade-sql",
                "feature:sftp",
                "upgrade-copy-markdown",
            ],
        ),
        (
            hotfix::PAGE,
            &[
                "hotfix-version",
                "hotfix-installed",
                "hotfix-target",
                "hotfix-build",
                "hotfix-servers",
                "hotfix-sql-script",
                "hotfix-iis-adapters",
                "hotfix-isolated-host-heavy",
                "hotfix-downloads",
                "hotfix-arch",
                "hotfix-copy-markdown",
            ],
        ),
    ];
    for (page, wanted) in pages {
        browser.open(&ctx.url(page)).await?;
        browser.wait_for("the advisor's answer", ANSWER, Duration::from_secs(15)).await?;
        browser.js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);", vec![]).await?;
        let mut reached: Vec<String> = Vec::new();
        let mut unfocused: Vec<String> = Vec::new();
        for _ in 0..250 {
            let tab = KeyActions::new("keyboard".into())
                .then(KeyAction::Down { value: Key::Tab.into() })
                .then(KeyAction::Up { value: Key::Tab.into() });
            browser.client.perform_actions(tab).await?;
            let focus = browser
                .js(
                    "const e = document.activeElement;
                     if (!e || e === document.body) return null;
                     const s = getComputedStyle(e);
                     const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
                     const name = e.name === 'feature' ? 'feature:' + e.value : e.id;
                     return { name, ring };",
                    vec![],
                )
                .await?;
            let Some(name) = focus["name"].as_str().filter(|n| !n.is_empty()) else { continue };
            if wanted.contains(&name) && !reached.iter().any(|r| r == name) {
                reached.push(name.to_string());
                if focus["ring"] != true {
                    unfocused.push(name.to_string());
                }
            }
            if reached.len() == wanted.len() {
                break;
            }
        }
        let missing: Vec<&&str> = wanted.iter().filter(|w| !reached.iter().any(|r| r == *w)).collect();
        problems.check(missing.is_empty(), || {
            format!("{page}: pressing Tab 250 times never reaches {missing:?}: keyboard users cannot use them")
        });
        problems.check(unfocused.is_empty(), || format!("{page}: {unfocused:?} show no focus outline when reached with Tab"));
    }
    problems.extend(ctx.judge("tabbing through the advisors", &browser.drain().await?));
    problems.into_result()
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

/// One advisor page opened cold: its profile link (empty: the default page) and what it is.
struct Opening {
    page: &'static str,
    fragment: &'static str,
    what: &'static str,
}

const OPENINGS: [Opening; 4] = [
    Opening { page: upgrade::PAGE, fragment: "", what: "upgrade advisor, default page" },
    Opening {
        page: upgrade::PAGE,
        fragment: "#from=2013r2&to=2020&edition=standard&os=windows-server-2012-r2&sql=sql-server-2014&features=bam",
        what: "upgrade advisor, shared link",
    },
    Opening { page: hotfix::PAGE, fragment: "", what: "hotfix planner, default page" },
    Opening {
        page: hotfix::PAGE,
        fragment: "#servers=3&sql_script=1&downloads=x86-and-x64&arch=x64&iis_adapters=1&isolated_host_heavy=0",
        what: "hotfix planner, shared link",
    },
];

/// Loads per opening; the medians are over these.
const LOADS: usize = 10;
/// After the app is ready, how long layout shifts are still collected.
const SETTLE_MS: u64 = 500;
/// Cumulative layout shift: the suite fails above the gate; the goal is what the page aims for.
const CLS_GATE: f64 = 0.1;
const CLS_GOAL: f64 = 0.02;
/// Navigation start to the first verdict on screen (median of the loads).
const VERDICT_GATE_MS: f64 = 400.0;
/// The default page's verdict is in its HTML: painted with the first contentful paint.
const VERDICT_AFTER_FCP_GOAL_MS: f64 = 10.0;
const SHARED_VERDICT_GOAL_MS: f64 = 200.0;

/// After the app is ready and the page has settled: the layout shifts since navigation (buffered,
/// without those right after input), first contentful paint and the probe's moments.
const FIRST_ANSWER: &str = r#"
const done = arguments[arguments.length - 1];
const settle = arguments[0];
const describe = node => !node || !node.tagName ? String(node && node.nodeName) :
  node.tagName.toLowerCase() + (node.id ? '#' + node.id : '') + (node.classList.length ? '.' + [...node.classList].join('.') : '');
const started = performance.now();
const wait = () => {
  const state = document.documentElement.getAttribute('data-bts-advisor');
  if (state !== 'ready' && performance.now() - started < 15000) { setTimeout(wait, 20); return; }
  setTimeout(() => {
    const entries = [];
    const observer = new PerformanceObserver(list => entries.push(...list.getEntries()));
    observer.observe({ type: 'layout-shift', buffered: true });
    setTimeout(() => {
      entries.push(...observer.takeRecords());
      observer.disconnect();
      const counted = entries.filter(e => !e.hadRecentInput);
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      const nav = performance.getEntriesByType('navigation')[0] || {};
      const p = window.__btsProbe || {};
      done({
        state, cls: counted.reduce((sum, e) => sum + e.value, 0),
        shifts: counted.map(e => ({ at: e.startTime, value: e.value, sources: (e.sources || []).map(s => {
          const r = b => `${Math.round(b.x)},${Math.round(b.y)} ${Math.round(b.width)}x${Math.round(b.height)}`;
          return `${describe(s.node)} ${r(s.previousRect)} -> ${r(s.currentRect)}`;
        }) })),
        fcp: fcp ? fcp.startTime : null, dcl: nav.domContentLoadedEventEnd || null,
        prerenderedAt: p.prerenderedAt, prerenderedVisibility: p.prerenderedVisibility,
        answerAt: p.answerAt, answerFrameAt: p.answerFrameAt,
        marks: Object.fromEntries(['start', 'glue', 'ready'].map(m => {
          const e = performance.getEntriesByName('bts-advisor-' + m)[0];
          return [m, e ? e.startTime : null];
        })),
      });
    }, 50);
  }, settle);
};
wait();"#;

/// Each advisor page opened cold, as a default page and as a shared link, [`LOADS`] times: when
/// its first verdict is on screen, and how much the page moves while the app takes over.
pub async fn first_answer(ctx: &Ctx) -> R<()> {
    let browser = &ctx.main;
    browser.drain().await?;
    let mut problems = Problems::default();
    for opening in &OPENINGS {
        let shared = !opening.fragment.is_empty();
        let url = format!("{}{}", ctx.url(opening.page), opening.fragment);
        let (mut verdicts, mut fcps, mut clses, mut dcls) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut marks: [Vec<f64>; 3] = Default::default();
        let mut worst: Option<(f64, Value)> = None;
        let mut late_prerender = 0;
        for _ in 0..LOADS {
            // From another document, so that a link differing only in its fragment still loads.
            browser.open("about:blank").await?;
            browser.open(&url).await?;
            browser.wait_for(&format!("{}: the app's first verdict", opening.what), ANSWER, Duration::from_secs(15)).await?;
            let seen = browser.js_async(FIRST_ANSWER, vec![json!(SETTLE_MS)]).await?;
            let number = |key: &str| seen[key].as_f64();
            let (Some(fcp), Some(cls)) = (number("fcp"), number("cls")) else {
                problems.push(format!("{}: no first-contentful-paint or layout-shift entries: {seen}", opening.what));
                continue;
            };
            problems.check(seen["state"] == "ready", || format!("{}: the advisor was not ready: {seen}", opening.what));
            let visibility = seen["prerenderedVisibility"].as_str().unwrap_or("none");
            let want = if shared { "hidden" } else { "visible" };
            problems.check(visibility == want, || {
                format!(
                    "{}: the prerendered answer was {visibility} when it reached the page, expected {want} ({})",
                    opening.what,
                    if shared {
                        "the default profile's answer would be painted for a shared link"
                    } else {
                        "the page's first answer is not shown"
                    }
                )
            });
            let verdict = if shared {
                number("answerFrameAt").or(number("answerAt"))
            } else {
                // In the HTML: painted at the first paint after it reached the DOM, which is the
                // first contentful paint when it was parsed before that.
                number("prerenderedAt").map(|at| {
                    if at > fcp {
                        late_prerender += 1;
                    }
                    at.max(fcp)
                })
            };
            let Some(verdict) = verdict else {
                problems.push(format!("{}: the page probe never saw the verdict: {seen}", opening.what));
                continue;
            };
            verdicts.push(verdict);
            fcps.push(fcp);
            dcls.push(number("dcl").unwrap_or(f64::NAN));
            for (i, name) in ["start", "glue", "ready"].into_iter().enumerate() {
                marks[i].push(seen["marks"][name].as_f64().unwrap_or(f64::NAN));
            }
            clses.push(cls);
            if worst.as_ref().is_none_or(|(w, _)| cls > *w) {
                worst = Some((cls, seen["shifts"].clone()));
            }
        }
        if verdicts.is_empty() {
            continue;
        }
        let list = |v: &[f64]| v.iter().map(|t| format!("{t:.0}")).collect::<Vec<_>>().join(", ");
        let loads = list(&verdicts);
        let verdict = median(&mut verdicts);
        let fcp = median(&mut fcps);
        let dcl = median(&mut dcls);
        let [start, glue, ready] = marks.map(|mut m| median(&mut m));
        let max_cls = clses.iter().copied().fold(0.0, f64::max);
        let cls = median(&mut clses);
        let goal = if shared {
            format!("goal {SHARED_VERDICT_GOAL_MS:.0} ms")
        } else {
            format!(
                "first contentful paint {fcp:.0} ms, verdict - FCP {:+.0} ms (goal at most +{VERDICT_AFTER_FCP_GOAL_MS:.0} ms){}",
                verdict - fcp,
                if late_prerender > 0 {
                    format!("; in {late_prerender} loads the verdict reached the DOM after FCP")
                } else {
                    String::new()
                }
            )
        };
        ctx.note(format!(
            "{}: navigation start to first verdict on screen: median {verdict:.0} ms of {LOADS} loads ({goal}; gate {VERDICT_GATE_MS:.0} ms) [{loads}]; medians: DOMContentLoaded {dcl:.0} ms, loader start {start:.0} ms, glue loaded {glue:.0} ms, app mounted {ready:.0} ms; load average {}",
            opening.what,
            load_average()
        ));
        let shifts = worst.map(|(_, s)| s.to_string()).unwrap_or_default();
        ctx.note(format!(
            "{}: cumulative layout shift up to {SETTLE_MS} ms after the app is ready: max {max_cls:.4}, median {cls:.4} of {LOADS} loads (goal {CLS_GOAL}, gate {CLS_GATE}){}",
            opening.what,
            if max_cls > 0.0 { format!("; worst load's shifts: {shifts}") } else { String::new() }
        ));
        problems.check(verdict <= VERDICT_GATE_MS, || {
            format!(
                "{}: the first verdict is on screen {verdict:.0} ms after navigation (median), over the {VERDICT_GATE_MS:.0} ms gate",
                opening.what
            )
        });
        problems.check(max_cls <= CLS_GATE, || {
            format!("{}: the page shifts by {max_cls:.4} (cumulative layout shift) while the app takes over, over the {CLS_GATE} gate: {shifts}", opening.what)
        });
    }
    problems.extend(ctx.judge("first answers and layout shift", &browser.drain().await?));
    problems.into_result()
}

/// Recompute after a change, measured in the page.
pub async fn speed(ctx: &Ctx) -> R<()> {
    let browser = &ctx.main;
    browser.drain().await?;
    let mut problems = Problems::default();

    // Recompute: time from a change event to the last DOM mutation it causes.
    const RECOMPUTE: &str = r#"
const done = arguments[arguments.length - 1];
const [id, values, rounds] = [arguments[0], arguments[1], arguments[2]];
const root = document.getElementById('bts-upgrade-advisor') || document.getElementById('bts-hotfix-advisor');
const control = document.getElementById(id);
if (!root || !control) { done({ error: 'no ' + id }); return; }
const times = [];
let i = 0;
const one = () => {
  if (i >= rounds) { done({ times }); return; }
  let first = null, last = null;
  const observer = new MutationObserver(() => { last = performance.now(); if (first === null) first = last; });
  observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  const t0 = performance.now();
  control.value = values[i % values.length];
  control.dispatchEvent(new Event('input', { bubbles: true }));
  control.dispatchEvent(new Event('change', { bubbles: true }));
  setTimeout(() => { observer.disconnect(); times.push(last === null ? null : [first - t0, last - t0]); i++; one(); }, 150);
};
one();"#;
    let mut every_change: Vec<f64> = Vec::new();
    for (page, id, values) in [
        (upgrade::PAGE, "upgrade-os", json!(["windows-server-2012-r2", "windows-server-2016"])),
        (upgrade::PAGE, "upgrade-from", json!(["2013r2", "2016"])),
        (hotfix::PAGE, "hotfix-arch", json!(["x86", "x64"])),
    ] {
        browser.open(&ctx.url(page)).await?;
        browser.wait_for("the advisor's answer", ANSWER, Duration::from_secs(15)).await?;
        let out = browser.js_async(RECOMPUTE, vec![json!(id), values, json!(21)]).await?;
        if let Some(error) = out["error"].as_str() {
            problems.push(format!("{page}: cannot measure recompute: {error}"));
            continue;
        }
        let raw: Vec<Option<(f64, f64)>> =
            out["times"].as_array().into_iter().flatten().map(|t| Some((t.get(0)?.as_f64()?, t.get(1)?.as_f64()?))).collect();
        if raw.iter().any(Option::is_none) {
            problems.push(format!(
                "{page}: changing #{id} did not update the page within 150 ms in {} of {} changes",
                raw.iter().filter(|t| t.is_none()).count(),
                raw.len()
            ));
            continue;
        }
        let mut firsts: Vec<f64> = raw.iter().flatten().map(|t| t.0).collect();
        let mut times: Vec<f64> = raw.iter().flatten().map(|t| t.1).collect();
        let list = times.iter().map(|t| format!("{t:.1}")).collect::<Vec<_>>().join(" ");
        let mid = median(&mut times);
        let first = median(&mut firsts);
        let batches = if (first - mid).abs() > 0.05 { format!(", first DOM change after {first:.2} ms") } else { String::new() };
        ctx.note(format!(
            "{page}: recompute after changing #{id} (change event to last DOM update): median {mid:.2} ms, min {:.2}, max {:.2} over {} changes{batches} [{list}]; load average {}",
            times[0],
            times[times.len() - 1],
            times.len(),
            load_average()
        ));
        every_change.extend_from_slice(&times);
    }
    // The budget is for a typical change: the median over every change measured above. The
    // heaviest change (swapping a two-hop checklist for a one-hop one) is reported, not budgeted
    // alone, so a busy machine cannot fail the suite on one kind of change. The goal is 5 ms; the
    // gate is twice that, so that the suite holds on a busy machine (a load average of 3 to 4 on
    // two cores gave 6 ms); the figure is printed to compare with the goal.
    const RECOMPUTE_GOAL_MS: f64 = 5.0;
    const RECOMPUTE_GATE_MS: f64 = 10.0;
    if !every_change.is_empty() {
        let n = every_change.len();
        let mid = median(&mut every_change);
        ctx.note(format!(
            "recompute over all {n} changes: median {mid:.2} ms (goal {RECOMPUTE_GOAL_MS:.0} ms, gate {RECOMPUTE_GATE_MS:.0} ms)"
        ));
        problems.check(mid < RECOMPUTE_GATE_MS, || {
            format!(
                "the advisors take {mid:.2} ms (median over {n} changes) to finish updating after a change, over the {RECOMPUTE_GATE_MS:.0} ms gate"
            )
        });
    }
    problems.extend(ctx.judge("speed measurements", &browser.drain().await?));
    problems.into_result()
}

/// The budget for the advisor's WASM plus its JS glue, after wasm-opt: `raw_gate_kib` and
/// `gzip_gate_kib` in `advisor/web/size-budget.toml`, the file `cargo xtask build` checks too.
pub struct Budget {
    pub raw_kib: u64,
    pub gzip_kib: u64,
}

pub const BUDGET_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../advisor/web/size-budget.toml");

impl Budget {
    pub fn read() -> R<Budget> {
        let text = std::fs::read_to_string(BUDGET_FILE).map_err(|e| Fail(format!("cannot read the size budget {BUDGET_FILE}: {e}")))?;
        Budget::parse(&text).map_err(|why| Fail(format!("{BUDGET_FILE}: {why}")))
    }

    fn parse(text: &str) -> Result<Budget, String> {
        let table: toml::Table = text.parse().map_err(|e| format!("not TOML: {e}"))?;
        let kib = |key: &str| {
            table
                .get(key)
                .and_then(toml::Value::as_integer)
                .and_then(|n| u64::try_from(n).ok())
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("needs `{key}`, a positive whole number of KiB"))
        };
        Ok(Budget { raw_kib: kib("raw_gate_kib")?, gzip_kib: kib("gzip_gate_kib")? })
    }
}

pub fn gzip_len(bytes: &[u8]) -> u64 {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory").len() as u64
}

/// A file's name with its raw and gzip sizes.
type Sized3 = (String, u64, u64);

fn kb(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

/// The WASM and JS a visitor downloads for each advisor page over http, measured on the built
/// files: the budget covers the page's .wasm and its wasm-bindgen glue (`<name>.js` for
/// `<name>_bg.wasm`); other scripts (the loader) are reported beside it. Each advisor is its own
/// WASM, so each page is held to the budget.
pub async fn sizes(ctx: &Ctx) -> R<()> {
    let mut problems = Problems::default();
    for page in [upgrade::PAGE, hotfix::PAGE] {
        if let Err(Fail(why)) = page_sizes(ctx, page).await {
            problems.push(why);
        }
    }
    // The file:// variant (WASM embedded in a script) is not downloaded by http visitors; report it.
    if let Ok(entries) = std::fs::read_dir(ctx.site_dir.join("advisor-app")) {
        let mut all: Vec<String> =
            entries.flatten().filter_map(|e| Some(format!("{} {} B", e.file_name().to_string_lossy(), e.metadata().ok()?.len()))).collect();
        all.sort();
        ctx.note(format!("advisor-app/ holds: {}", all.join("; ")));
    }
    problems.into_result()
}

async fn page_sizes(ctx: &Ctx, page: &str) -> R<()> {
    let browser = &ctx.main;
    browser.drain().await?;
    browser.open(&ctx.url(page)).await?;
    browser.wait_for(&format!("{page}'s first answer"), ANSWER, Duration::from_secs(15)).await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let events = browser.drain().await?;
    let app = ctx.site.join("advisor-app/").map_err(|e| Fail(e.to_string()))?;
    let mut problems = Problems::default();
    // (file name, raw bytes, gzip bytes)
    let mut loaded: Vec<Sized3> = Vec::new();
    for request in &events.requests {
        let Some(relative) = request.url.strip_prefix(app.as_str()) else { continue };
        let relative = relative.split(['?', '#']).next().unwrap_or_default().to_string();
        if !(relative.ends_with(".wasm") || relative.ends_with(".js")) || loaded.iter().any(|(n, ..)| *n == relative) {
            continue;
        }
        let path = ctx.site_dir.join("advisor-app").join(&relative);
        let bytes = std::fs::read(&path)
            .map_err(|e| Fail(format!("the page loaded {} but {} cannot be read: {e}", request.url, path.display())))?;
        loaded.push((relative, bytes.len() as u64, gzip_len(&bytes)));
    }
    let wasm: Vec<&Sized3> = loaded.iter().filter(|(n, ..)| n.ends_with(".wasm")).collect();
    if wasm.is_empty() {
        return Err(Fail(format!(
            "{page} loaded no .wasm from {app} over http (requests: {:?})",
            events.requests.iter().map(|r| &r.url).collect::<Vec<_>>()
        )));
    }
    let glue_names: Vec<String> =
        wasm.iter().map(|(n, ..)| n.trim_end_matches(".wasm").trim_end_matches("_bg").to_string() + ".js").collect();
    let (budgeted, other): (Vec<&Sized3>, Vec<&Sized3>) = loaded.iter().partition(|(n, ..)| n.ends_with(".wasm") || glue_names.contains(n));
    problems.check(budgeted.len() > wasm.len(), || format!("the page loaded no wasm-bindgen glue named {glue_names:?}"));
    let raw: u64 = budgeted.iter().map(|f| f.1).sum();
    let gz: u64 = budgeted.iter().map(|f| f.2).sum();
    let list = |files: &[&Sized3]| files.iter().map(|(n, r, g)| format!("{n} {r} B / {g} B gzip")).collect::<Vec<_>>().join(", ");
    let budget = Budget::read()?;
    ctx.note(format!(
        "{page}: advisor WASM + JS glue over http: {} raw (budget {} KiB), {} gzip (budget {} KiB, from advisor/web/size-budget.toml): {}; also loaded: {}",
        kb(raw),
        budget.raw_kib,
        kb(gz),
        budget.gzip_kib,
        list(&budgeted),
        list(&other)
    ));
    problems.check(raw <= budget.raw_kib * 1024, || {
        format!("{page}: the advisor's WASM + JS glue is {raw} B ({}), over the {} KiB budget: a slow first visit", kb(raw), budget.raw_kib)
    });
    problems.check(gz <= budget.gzip_kib * 1024, || {
        format!("{page}: the advisor's WASM + JS glue is {gz} B gzipped ({}), over the {} KiB budget", kb(gz), budget.gzip_kib)
    });
    // One advisor per page: the other advisor's WASM is not downloaded.
    problems.check(wasm.len() == 1, || format!("{page} loaded {} WASM files, not its advisor's alone: {}", wasm.len(), list(&wasm)));
    problems.extend(ctx.judge(page, &events));
    problems.into_result()
}

/// A full-page screenshot at `width`; the page is reloaded at that width so mdBook lays itself out
/// as on such a device (sidebar hidden on a phone). Returns the page's layout widths.
async fn shoot(browser: &Browser, ctx: &Ctx, name: &str, width: u32, mobile: bool, advisor: bool) -> R<Value> {
    let metrics = |height: u64| json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile});
    browser.cdp("Emulation.setDeviceMetricsOverride", metrics(if mobile { 844 } else { 900 })).await?;
    browser.client.refresh().await?;
    if advisor {
        browser.wait_for("the advisor's answer", ANSWER, Duration::from_secs(15)).await?;
    }
    tokio::time::sleep(Duration::from_millis(150)).await;
    let layout = browser
        .js("return { height: document.documentElement.scrollHeight, scroll: document.documentElement.scrollWidth, inner: window.innerWidth };", vec![])
        .await?;
    let height = layout["height"].as_u64().unwrap_or(900).clamp(400, 12000);
    browser.cdp("Emulation.setDeviceMetricsOverride", metrics(height)).await?;
    tokio::time::sleep(Duration::from_millis(150)).await;
    let png = browser.client.screenshot().await?;
    let path = ctx.screenshots.join(format!("{name}.png"));
    std::fs::write(&path, png)?;
    browser.cdp("Emulation.clearDeviceMetricsOverride", json!({})).await?;
    Ok(layout)
}

/// The print style: verdict and checklist with boxes, no book navigation; saves a PDF to look at.
pub async fn print_view(ctx: &Ctx) -> R<()> {
    let browser = &ctx.main;
    browser.drain().await?;
    let mut problems = Problems::default();
    for (page, fragment, answer) in [
        (
            upgrade::PAGE,
            "#from=2013r2&to=2020&edition=standard&os=windows-server-2012-r2&sql=sql-server-2014&features=bam",
            "#upgrade-verdict",
        ),
        (hotfix::PAGE, "#servers=3&sql_script=1&downloads=x86-and-x64&arch=x64&iis_adapters=1&isolated_host_heavy=0", "#hotfix-package"),
        // The plan issue 18 counts pages for: 2016 to 2020, no feature.
        (upgrade::PAGE, "#from=2016&to=2020&edition=standard&os=windows-server-2016&sql=sql-server-2016", "#upgrade-verdict"),
    ] {
        browser.open(&format!("{}{fragment}", ctx.url(page))).await?;
        browser.wait_for("the advisor's answer", ANSWER, Duration::from_secs(15)).await?;
        browser.cdp("Emulation.setEmulatedMedia", json!({"media": "print"})).await?;
        let seen = browser
            .js(
                "const shown = sel => [...document.querySelectorAll(sel)].some(e => {
                     const s = getComputedStyle(e); return s.display !== 'none' && s.visibility !== 'hidden' && e.getClientRects().length > 0; });
                 return { answer: shown(arguments[0]), steps: shown('li.step'), boxes: shown('li.step input.step-done'),
                          sidebar: shown('#mdbook-sidebar'), menu: shown('#mdbook-menu-bar'), chapters: shown('.nav-wrapper a, .nav-wide-wrapper a') };",
                vec![json!(answer)],
            )
            .await?;
        let shown = |k: &str| seen[k] == true;
        if page == upgrade::PAGE {
            // On paper: the verdict, what to settle before Setup, the lifecycle, then the route.
            let tops = browser
                .js(
                    "const top = sel => { const e = document.querySelector(sel); return e ? e.getBoundingClientRect().top : null; };
                     return [top('.bts-verdict-box'), top('.bts-lifecycle'), top('.bts-route-map'), top('.bts-attention')];",
                    vec![],
                )
                .await?;
            let top = |i: usize| tops[i].as_f64().unwrap_or(f64::NAN);
            problems.check(top(0) < top(1) && top(1) < top(2), || {
                format!("{page} printed: the verdict, the lifecycle and the route are not in that order (tops {tops})")
            });
            // 2016 to 2020 on SQL Server 2016 of unknown level: the service pack is to settle.
            if fragment.contains("from=2016") || !tops[3].is_null() {
                problems.check(top(0) < top(3) && top(3) < top(1), || {
                    format!(
                        "{page}{fragment} printed: what to settle before Setup is not between the verdict and the lifecycle (tops {tops})"
                    )
                });
            }
        }
        problems.check(shown("answer"), || format!("{page} printed: the answer ({answer}) is not on paper"));
        problems.check(shown("steps"), || format!("{page} printed: the checklist is not on paper"));
        problems.check(shown("boxes"), || format!("{page} printed: the checklist has no boxes to tick on paper"));
        for (key, what) in
            [("sidebar", "the table of contents"), ("menu", "the menu bar"), ("chapters", "the previous/next chapter arrows")]
        {
            problems.check(!shown(key), || format!("{page} printed: {what} is printed too"));
        }
        let pdf = browser.client.print(fantoccini::wd::PrintConfiguration::default()).await?;
        let name = if page == upgrade::PAGE { "upgrade-advisor-print.pdf" } else { "hotfix-planner-print.pdf" };
        // Chromium writes one `/Type /Page` object per page (and `/Type /Pages` for the tree).
        let pages = pdf.windows(12).filter(|w| w.starts_with(b"/Type /Page") && w[11] != b's').count();
        ctx.note(format!("{page}{fragment} prints on {pages} pages (A4/Letter default of the driver)"));
        std::fs::write(ctx.screenshots.join(name), pdf)?;
        browser.cdp("Emulation.setEmulatedMedia", json!({"media": ""})).await?;
    }
    ctx.note(format!("print previews in {}: upgrade-advisor-print.pdf, hotfix-planner-print.pdf", ctx.screenshots.display()));
    problems.extend(ctx.judge("print view", &browser.drain().await?));
    problems.into_result()
}

pub async fn screenshots(ctx: &Ctx) -> R<()> {
    let browser = &ctx.main;
    browser.drain().await?;
    let mut problems = Problems::default();
    let book_page = ctx.book_page();
    let mut taken = Vec::new();
    for (page, name, advisor) in [
        (upgrade::PAGE, "upgrade-advisor", true),
        (hotfix::PAGE, "hotfix-planner", true),
        (book_page, "book-page", false),
        ("index.html", "front-page", false),
    ] {
        let fragment = if page == upgrade::PAGE {
            "#from=2013r2&to=2020&edition=standard&os=windows-server-2012-r2&sql=sql-server-2014&features=bam,sftp"
        } else {
            ""
        };
        browser.open(&format!("{}{fragment}", ctx.url(page))).await?;
        if advisor {
            browser.wait_for("the advisor's answer", ANSWER, Duration::from_secs(15)).await?;
        }
        shoot(browser, ctx, &format!("{name}-desktop"), 1280, false, advisor).await?;
        let phone = shoot(browser, ctx, &format!("{name}-phone"), 390, true, advisor).await?;
        taken.push(format!("{name}-desktop.png, {name}-phone.png"));
        if advisor {
            let (scroll, inner) = (phone["scroll"].as_u64().unwrap_or(0), phone["inner"].as_u64().unwrap_or(0));
            problems.check(scroll <= inner + 1, || {
                format!("{page} at phone width (390 px) is {scroll} px wide: the reader must scroll sideways")
            });
        }
    }
    ctx.note(format!("screenshots in {}: {}", ctx.screenshots.display(), taken.join("; ")));
    problems.extend(ctx.judge("screenshots", &browser.drain().await?));
    problems.into_result()
}
