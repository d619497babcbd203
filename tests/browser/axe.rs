//! axe-core (npm, version pinned in tests/package.json) run in the page through WebDriver.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};

use crate::driver::Browser;
use crate::harness::{Ctx, Fail, Problems, R};
use crate::pages::ANSWER;
use crate::{hotfix, npm, upgrade};

const THEMES: [&str; 5] = ["light", "rust", "coal", "navy", "ayu"];

fn pinned_version() -> R<String> {
    npm::pinned("axe-core")
}

/// axe.min.js from target/browser-tools (see `npm::ensure`).
pub fn install(tools: &Path) -> R<PathBuf> {
    let script = npm::ensure(tools, "axe-core")?.join("axe.min.js");
    if !script.is_file() {
        return Err(Fail(format!("{} missing after installing axe-core", script.display())));
    }
    Ok(script)
}

const RUN: &str = r#"
const done = arguments[arguments.length - 1];
const context = arguments[0] ? { include: [arguments[0]] } : document;
const only = arguments[1] ? { type: 'rule', values: arguments[1] } : { type: 'tag', values: ['wcag2a', 'wcag2aa'] };
axe.run(context, { runOnly: only, resultTypes: ['violations'] })
  .then(r => done({ violations: r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({ target: n.target.join(' '), summary: (n.failureSummary || '').replace(/\s+/g, ' ') })) })) }))
  .catch(e => done({ error: String(e) }));"#;

/// Runs axe on the page (or the element `scope`), with the WCAG 2 A/AA rules or only `rules`.
async fn audit_raw(browser: &Browser, source: &str, scope: Option<&str>, rules: Option<&[&str]>) -> R<Vec<Value>> {
    let present = browser.js("return typeof window.axe === 'object'", vec![]).await? == true;
    if !present && browser.js(&format!("{source}\n;return typeof window.axe === 'object';"), vec![]).await? != true {
        return Err(Fail("axe-core did not load in the page".into()));
    }
    let result =
        browser.js_async(RUN, vec![scope.map(|s| json!(s)).unwrap_or(Value::Null), rules.map(|r| json!(r)).unwrap_or(Value::Null)]).await?;
    if let Some(error) = result["error"].as_str() {
        return Err(Fail(format!("axe-core failed: {error}")));
    }
    Ok(result["violations"].as_array().cloned().unwrap_or_default())
}

/// One readable entry per violation: rule, impact, and the first elements with axe's advice.
fn describe(violations: &[Value], label: &str) -> Vec<String> {
    let mut out = Vec::new();
    for v in violations {
        let nodes = v["nodes"].as_array().cloned().unwrap_or_default();
        let mut line = format!(
            "{label}: [{}] {} ({}; {} element(s))",
            v["impact"].as_str().unwrap_or("?"),
            v["help"].as_str().unwrap_or("?"),
            v["id"].as_str().unwrap_or("?"),
            nodes.len()
        );
        for node in nodes.iter().take(4) {
            line.push_str(&format!("\n    {}: {}", node["target"].as_str().unwrap_or("?"), node["summary"].as_str().unwrap_or("")));
        }
        out.push(line);
    }
    out
}

async fn audit(browser: &Browser, source: &str, scope: Option<&str>, label: &str) -> R<Vec<String>> {
    let violations = audit_raw(browser, source, scope, None).await.map_err(|Fail(why)| Fail(format!("{label}: {why}")))?;
    Ok(describe(&violations, label))
}

/// The theme's own link colour and page background, as axe writes colours (#rrggbb).
async fn theme_palette(browser: &Browser) -> R<(String, String)> {
    let pair = browser
        .js(
            r#"const probe = document.createElement('span');
             document.body.appendChild(probe);
             const hex = v => { probe.style.color = v; const m = getComputedStyle(probe).color.match(/[\d.]+/g) || [];
                                return '#' + m.slice(0, 3).map(x => Math.round(+x).toString(16).padStart(2, '0')).join(''); };
             const out = [hex('var(--links)'), hex('var(--bg)')];
             probe.remove();
             return out;"#,
            vec![],
        )
        .await?;
    Ok((pair[0].as_str().unwrap_or_default().to_string(), pair[1].as_str().unwrap_or_default().to_string()))
}

/// Removes colour-contrast findings that are exactly mdBook's link colour on mdBook's background
/// (the theme's own palette, which the advisor is required to use); returns what is left and how
/// many elements were set aside.
fn split_inherited(violations: Vec<Value>, (links, bg): &(String, String)) -> (Vec<Value>, usize) {
    let mut inherited = 0;
    let mut kept = Vec::new();
    for mut v in violations {
        if v["id"] == "color-contrast" {
            let nodes = v["nodes"].as_array().cloned().unwrap_or_default();
            let (theirs, ours): (Vec<Value>, Vec<Value>) = nodes.into_iter().partition(|n| {
                let summary = n["summary"].as_str().unwrap_or_default();
                summary.contains(&format!("foreground color: {links},")) && summary.contains(&format!("background color: {bg},"))
            });
            inherited += theirs.len();
            if ours.is_empty() {
                continue;
            }
            v["nodes"] = Value::Array(ours);
        }
        kept.push(v);
    }
    (kept, inherited)
}

pub async fn accessibility(ctx: &Ctx) -> R<()> {
    let source = std::fs::read_to_string(install(&ctx.tools)?)?;
    let browser = &ctx.main;
    browser.client.update_timeouts(fantoccini::wd::TimeoutConfiguration::new(Some(Duration::from_secs(60)), None, None)).await?;
    browser.drain().await?;
    let mut problems = Problems::default();
    let book_page = ctx.book_page();
    let pages = [
        (
            upgrade::PAGE,
            "#from=2013r2&to=2020&edition=standard&os=windows-server-2012-r2&sql=sql-server-2014&features=bam,sftp",
            Some("#bts-upgrade-advisor"),
        ),
        (
            hotfix::PAGE,
            "#servers=3&sql_script=1&downloads=x86-and-x64&arch=x64&iis_adapters=1&isolated_host_heavy=0",
            Some("#bts-hotfix-advisor"),
        ),
        (book_page, "", None),
        // The front page's cards and countdown use the theme's colours too (the rest of the page
        // is mdBook's own styling, audited above in its default theme).
        ("index.html", "", Some(".bts-start, .bts-countdown")),
    ];
    for (page, fragment, mount) in pages {
        browser.open(&format!("{}{fragment}", ctx.url(page))).await?;
        if mount.is_some_and(|m| m.starts_with("#bts-")) {
            browser.wait_for("the advisor's answer", ANSWER, Duration::from_secs(15)).await?;
        }
        problems.extend(audit(browser, &source, None, page).await?);
        // The advisor in every mdBook theme: its colours come from the theme's variables, so only
        // the colour rules can change between themes.
        if let Some(mount) = mount {
            for theme in THEMES {
                browser
                    .js(
                        "const html = document.documentElement; html.classList.remove(...arguments[1]); html.classList.add(arguments[0]);",
                        vec![json!(theme), json!(THEMES)],
                    )
                    .await?;
                let label = format!("{page} ({theme} theme, {mount} only)");
                let palette = theme_palette(browser).await?;
                let (ours, inherited) =
                    split_inherited(audit_raw(browser, &source, Some(mount), Some(&["color-contrast"])).await?, &palette);
                problems.extend(describe(&ours, &label));
                if inherited > 0 {
                    ctx.note(format!(
                        "{label}: {inherited} elements use mdBook's own {theme} link colour on its own background ({} on {}), which is under 4.5:1; not counted against the advisor",
                        palette.0, palette.1
                    ));
                }
            }
        }
    }
    ctx.note(format!(
        "axe-core {}: {} pages audited (WCAG 2 A/AA), advisors and the front page also in {} themes",
        pinned_version()?,
        pages.len(),
        THEMES.len()
    ));
    problems.extend(ctx.judge("accessibility audit", &browser.drain().await?));
    problems.into_result()
}

/// Audits part of the page as a check left it (after loading files, say), WCAG 2 A/AA.
pub async fn audit_now(ctx: &Ctx, browser: &Browser, scope: &str, label: &str) -> R<Vec<String>> {
    let source = std::fs::read_to_string(install(&ctx.tools)?)?;
    audit(browser, &source, Some(scope), label).await
}
