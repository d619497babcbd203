//! The hotfix planner, driven as a user would, checked against `bts_rules::evaluate_hotfix`
//! (the function behind `bts-advisor hotfix`).

use std::time::Duration;

use bts_rules::*;
use fantoccini::Locator;
use serde::Deserialize;

use crate::driver::Browser;
use crate::harness::{self, Ctx, Fail, Problems, R, View};
use crate::upgrade::{StepView, choose, click, corrupt_storage, done_ids, step_ids};

pub const PAGE: &str = "advisor/hotfix.html";

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Controls {
    pub servers: Option<String>,
    pub sql_script: Option<bool>,
    pub iis_adapters: Option<bool>,
    pub isolated_host_heavy: Option<bool>,
    pub downloads: Option<String>,
    pub arch: Option<String>,
    /// The update planner's selects (an empty value: not given); `None` where the form has none.
    pub version: Option<String>,
    pub installed: Option<String>,
    pub target: Option<String>,
    pub feature_pack: Option<String>,
    /// The ids of the ticked features.
    pub features: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Snapshot {
    pub mounted: bool,
    pub controls: Controls,
    pub package: Option<String>,
    pub package_text: Option<String>,
    pub rollback: Option<String>,
    pub rollback_text: Option<String>,
    pub steps: Vec<StepView>,
    pub notice: Option<String>,
    pub href: String,
    /// The update planner's answer: `data-update` of `#hotfix-update` (empty when up to date),
    /// its text, and the ids listed as what each update in between adds.
    pub update: Option<String>,
    pub update_text: Option<String>,
    pub includes: Vec<String>,
    /// What the planner said about a pasted build number.
    pub build_said: Option<String>,
}

impl Snapshot {
    pub fn step_ids(&self) -> Vec<String> {
        step_ids(&self.steps)
    }

    pub fn done_ids(&self) -> Vec<String> {
        done_ids(&self.steps)
    }

    pub fn notice(&self) -> &str {
        self.notice.as_deref().unwrap_or_default()
    }
}

const SNAPSHOT: &str = r#"
const root = document.getElementById('bts-hotfix-advisor');
const text = e => e ? e.textContent.replace(/\s+/g, ' ').trim() : null;
const val = id => { const e = document.getElementById(id); return e ? e.value : null; };
const checked = id => { const e = document.getElementById(id); return e ? e.checked : null; };
const pkg = document.getElementById('hotfix-package');
const rb = document.getElementById('hotfix-rollback');
const scope = root || document;
return {
  mounted: !!root,
  controls: {
    servers: val('hotfix-servers'), sql_script: checked('hotfix-sql-script'), iis_adapters: checked('hotfix-iis-adapters'),
    isolated_host_heavy: checked('hotfix-isolated-host-heavy'), downloads: val('hotfix-downloads'), arch: val('hotfix-arch'),
    version: val('hotfix-version'), installed: val('hotfix-installed'), target: val('hotfix-target'), feature_pack: val('hotfix-feature-pack'),
    features: [...document.querySelectorAll('input[id^=hotfix-feature-]:checked')].map(e => e.id.slice('hotfix-feature-'.length)),
  },
  package: pkg ? pkg.getAttribute('data-package') : null, package_text: text(pkg),
  rollback: rb ? rb.getAttribute('data-rollback') : null, rollback_text: text(rb),
  steps: [...scope.querySelectorAll('li.step')].map(li => {
    const box = li.querySelector('input[type=checkbox].step-done');
    const link = li.querySelector('a.step-source');
    return { id: li.getAttribute('data-step-id'), phase: li.getAttribute('data-phase'), done: !!(box && box.checked),
             has_box: !!box, source: link ? link.href : null, copy_buttons: li.querySelectorAll('button.copy-code').length, text: text(li) };
  }),
  notice: text(document.getElementById('hotfix-notice')),
  href: location.href,
  update: (u => u ? u.getAttribute('data-update') : null)(document.getElementById('hotfix-update')),
  update_text: text(document.getElementById('hotfix-update-plan')),
  includes: [...document.querySelectorAll('#hotfix-includes li')].map(li => li.getAttribute('data-update')),
  build_said: text(document.getElementById('hotfix-build-said')),
};"#;

pub async fn snapshot(browser: &Browser) -> R<Snapshot> {
    Ok(serde_json::from_value(browser.js(SNAPSHOT, vec![]).await?)?)
}

pub fn profile_of(c: &Controls) -> Result<HotfixProfile, String> {
    let servers = c.servers.as_deref().unwrap_or_default();
    let raw = RawHotfixProfile {
        servers: Some(servers.trim().parse().map_err(|_| format!("the servers field shows {servers:?}, not a number"))?),
        sql_script: c.sql_script,
        downloads: c.downloads.clone(),
        arch: c.arch.clone(),
        iis_adapters: c.iis_adapters,
        isolated_host_heavy: c.isolated_host_heavy,
        version: given(&c.version),
        installed: given(&c.installed),
        target: given(&c.target),
        feature_pack: given(&c.feature_pack),
        features: Some(c.features.clone()),
    };
    HotfixProfile::from_fields(raw).map_err(|errors| errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))
}

/// What the planner shows on a first visit: a BizTalk Server 2020 group going to the newest
/// update, its installed update not yet given (the rules' default with a version).
pub fn start() -> HotfixProfile {
    HotfixProfile { version: Some(Version::Bts2020), ..HotfixProfile::default() }
}

/// A select's value as the profile field: empty is "not given".
fn given(value: &Option<String>) -> Option<String> {
    value.clone().filter(|v| !v.is_empty())
}

pub fn controls_of(p: &HotfixProfile) -> Controls {
    Controls {
        servers: Some(p.servers.to_string()),
        sql_script: Some(p.sql_script),
        iis_adapters: Some(p.iis_adapters),
        isolated_host_heavy: Some(p.isolated_host_heavy),
        downloads: Some(p.downloads.id().into()),
        arch: Some(p.arch.id().into()),
        version: Some(p.version.map_or("", |v| v.id()).into()),
        installed: p.version.map(|_| p.installed.unwrap_or_default().into()).or(Some(String::new())),
        target: p.version.map(|_| p.target.unwrap_or_default().into()).or(Some(String::new())),
        feature_pack: (p.version == Some(Version::Bts2016)).then(|| p.feature_pack.unwrap_or_default().into()),
        features: p.features.iter().map(|f| f.id().to_string()).collect(),
    }
}

pub fn differences(snap: &Snapshot) -> Vec<String> {
    if !snap.mounted {
        return vec!["the page has no #bts-hotfix-advisor mount point".into()];
    }
    let profile = match profile_of(&snap.controls) {
        Ok(p) => p,
        Err(e) => return vec![format!("the form shows a profile the CLI refuses ({e}): {:?}", snap.controls)],
    };
    let report = evaluate_hotfix(&profile);
    let mut out = Vec::new();
    if snap.package.as_deref() != Some(report.package.id()) {
        out.push(format!("the package shown is {:?} but the CLI says {:?}", snap.package, report.package.id()));
    }
    if !snap.package_text.as_deref().unwrap_or_default().contains(report.package.id()) {
        out.push(format!("the package is not named in words (text {:?})", snap.package_text));
    }
    if snap.rollback_text.as_deref().unwrap_or_default().len() < 10 {
        out.push(format!("the rollback plan is not explained in words (text {:?})", snap.rollback_text));
    }
    if snap.rollback.as_deref() != Some(report.rollback.id()) {
        out.push(format!("the rollback plan shown is {:?} but the CLI says {:?}", snap.rollback, report.rollback.id()));
    }
    match &report.plan {
        Some(plan) => {
            let update = plan.update.filter(|_| !plan.up_to_date);
            let want = update.map_or("", |u| u.id);
            if snap.update.as_deref() != Some(want) {
                out.push(format!("the update to install shown is {:?} but the CLI says {want:?}", snap.update));
            }
            let text = snap.update_text.as_deref().unwrap_or_default();
            for fact in update.iter().flat_map(|u| [u.kb, u.build]).flatten() {
                if !text.contains(fact) {
                    out.push(format!("the update's KB or build {fact} is not shown: {text:?}"));
                }
            }
            let includes: Vec<&str> = plan.includes.iter().map(|u| u.id).collect();
            if snap.includes != includes {
                out.push(format!("the updates in between shown are {:?} but the CLI's includes are {includes:?}", snap.includes));
            }
        }
        None if snap.update.is_some() => out.push("a profile without a version shows an update plan".into()),
        None => {}
    }
    let want: Vec<&str> = report.steps.iter().map(|s| s.id).collect();
    if want != snap.step_ids() {
        out.push(format!("the steps shown are {:?} but the CLI lists {want:?}", snap.step_ids()));
    } else {
        let root = url::Url::parse(&snap.href).and_then(|u| u.join("../")).ok();
        for (step, view) in report.steps.iter().zip(&snap.steps) {
            view.differences(step.id, step.phase.id(), step.title, step.source, step.code, root.as_ref(), &mut out);
        }
    }
    out
}

/// Waits until the page shows `want` in its form and, for it, exactly what the CLI answers.
pub async fn settle(browser: &Browser, what: &str, want: Option<&Controls>) -> R<Snapshot> {
    harness::settle(browser, what, want).await
}

impl View for Snapshot {
    type Controls = Controls;
    const NAME: &'static str = "hotfix planner";
    async fn read(browser: &Browser) -> R<Self> {
        snapshot(browser).await
    }
    fn controls(&self) -> &Controls {
        &self.controls
    }
    fn differences(&self) -> Vec<String> {
        if self.package.is_some() { differences(self) } else { vec!["no package is shown".into()] }
    }
}

async fn set_checkbox(browser: &Browser, id: &str, on: bool) -> R<()> {
    // In the middle of the window: at its top edge the page's sticky bars would take the click.
    let current = browser
        .js(
            &format!(
                "const e = document.getElementById('{id}'); if (e) e.scrollIntoView({{block: 'center'}}); return e ? e.checked : null;"
            ),
            vec![],
        )
        .await?;
    if current.is_null() {
        return Err(Fail(format!("the form has no #{id} checkbox")));
    }
    if current != on {
        click(browser, &format!("#{id}"), "setting a checkbox").await?;
    }
    Ok(())
}

/// Types the server count as a user does: select the field, type, leave it with Tab.
async fn set_servers(browser: &Browser, servers: u32) -> R<()> {
    let field =
        browser.client.find(Locator::Id("hotfix-servers")).await.map_err(|_| Fail("the form has no #hotfix-servers field".into()))?;
    field.clear().await?;
    field.send_keys(&servers.to_string()).await?;
    field.send_keys(&fantoccini::key::Key::Tab).await?;
    Ok(())
}

pub async fn fill(browser: &Browser, p: &HotfixProfile) -> R<()> {
    set_servers(browser, p.servers).await?;
    set_checkbox(browser, "hotfix-sql-script", p.sql_script).await?;
    set_checkbox(browser, "hotfix-iis-adapters", p.iis_adapters).await?;
    set_checkbox(browser, "hotfix-isolated-host-heavy", p.isolated_host_heavy).await?;
    choose(browser, "hotfix-downloads", p.downloads.id()).await?;
    choose(browser, "hotfix-arch", p.arch.id()).await?;
    Ok(())
}

async fn open(ctx: &Ctx, browser: &Browser, fragment: &str) -> R<Snapshot> {
    browser.open(&format!("{}{fragment}", ctx.url(PAGE))).await?;
    settle(browser, &format!("opening {PAGE}{fragment}"), None).await
}

pub async fn answers_follow_inputs(ctx: &Ctx) -> R<()> {
    let browser = ctx.driver.browser(&[]).await?;
    let result = async {
        let mut problems = Problems::default();
        let first = open(ctx, &browser, "").await?;
        let default = controls_of(&start());
        problems.check(first.controls == default, || {
            format!("a first visit shows {:?}, not the planner's start {:?}", first.controls, default)
        });

        let mut p = HotfixProfile { arch: Architecture::X86, ..start() };
        choose(&browser, "hotfix-arch", "x86").await?;
        let s = settle(&browser, "choosing an x86 computer", Some(&controls_of(&p))).await?;
        problems.check(s.package.as_deref() == Some("x86"), || format!("an x86 computer gets package {:?}", s.package));

        p.arch = Architecture::X64;
        p.downloads = Downloads::X86Only;
        choose(&browser, "hotfix-arch", "x64").await?;
        choose(&browser, "hotfix-downloads", "x86-only").await?;
        let s = settle(&browser, "an x64 computer with an x86-only download", Some(&controls_of(&p))).await?;
        problems
            .check(s.package.as_deref() == Some("x86"), || format!("an update shipped only as x86 gets package {:?} on x64", s.package));

        p.sql_script = !p.sql_script;
        set_checkbox(&browser, "hotfix-sql-script", p.sql_script).await?;
        let toggled = settle(&browser, "toggling 'carries a SQL script'", Some(&controls_of(&p))).await?;
        problems
            .check(toggled.rollback != s.rollback, || format!("toggling the SQL script left the rollback plan at {:?}", toggled.rollback));

        let before = toggled.step_ids();
        p.servers = 3;
        p.iis_adapters = true;
        set_servers(&browser, 3).await?;
        set_checkbox(&browser, "hotfix-iis-adapters", true).await?;
        let group = settle(&browser, "three servers using IIS adapters", Some(&controls_of(&p))).await?;
        problems.check(group.step_ids().len() > before.len(), || {
            format!("a three-server group with IIS adapters has no more steps than one server: {:?}", group.step_ids())
        });
        problems.extend(crate::harness::Ctx::judge(ctx, "hotfix planner while changing inputs", &browser.drain().await?));
        problems.into_result()
    }
    .await;
    browser.close().await;
    result
}

pub async fn progress_and_links(ctx: &Ctx) -> R<()> {
    let browser = ctx.driver.browser(&[]).await?;
    let mut problems = Problems::default();
    let result = async {
        open(ctx, &browser, "").await?;
        let p = HotfixProfile {
            servers: 4,
            sql_script: true,
            downloads: Downloads::X86AndX64,
            arch: Architecture::X86,
            iis_adapters: true,
            isolated_host_heavy: true,
            ..start()
        };
        fill(&browser, &p).await?;
        let here = settle(&browser, "filling the hotfix form", Some(&controls_of(&p))).await?;
        let ids: Vec<String> = here.step_ids().into_iter().take(2).collect();
        crate::upgrade::tick(&browser, &ids).await?;
        browser.client.refresh().await?;
        let again = settle(&browser, "reloading after ticking steps", Some(&here.controls)).await?;
        problems
            .check(again.done_ids() == ids, || format!("ticked {ids:?}, reloaded, and the planner shows {:?} ticked", again.done_ids()));
        problems.extend(ctx.judge("hotfix planner progress", &browser.drain().await?));
        Ok::<_, Fail>(here)
    }
    .await;
    browser.close().await;
    let here = result?;
    let colleague = ctx.driver.browser(&[]).await?;
    let result = async {
        colleague.open(&here.href).await?;
        let there = settle(&colleague, &format!("opening the shared link {}", here.href), None).await?;
        problems.check(there.controls == here.controls, || {
            format!("the shared link {} opens with {:?}, the sender had {:?}", here.href, there.controls, here.controls)
        });
        problems.check(there.package == here.package && there.step_ids() == here.step_ids(), || {
            "the shared hotfix link gives a different plan in a fresh profile".into()
        });
        problems.check(there.notice().is_empty(), || format!("a valid shared link shows a notice: {:?}", there.notice()));
        problems.extend(ctx.judge("hotfix shared link in a fresh profile", &colleague.drain().await?));
        Ok::<_, Fail>(())
    }
    .await;
    colleague.close().await;
    result?;
    problems.into_result()
}

pub async fn bad_state(ctx: &Ctx) -> R<()> {
    let browser = ctx.driver.browser(&[]).await?;
    let result = async {
        let mut problems = Problems::default();
        let snap = open(ctx, &browser, "").await?;
        let ids: Vec<String> = snap.step_ids().into_iter().take(1).collect();
        crate::upgrade::tick(&browser, &ids).await?;
        tokio::time::sleep(Duration::from_millis(100)).await;
        let keys = corrupt_storage(&browser).await?;
        problems.check(!keys.is_empty(), || "ticking a hotfix step stored nothing in localStorage".into());
        browser.client.refresh().await?;
        let after = settle(&browser, "reloading with unreadable stored progress", Some(&snap.controls)).await?;
        problems.check(!after.notice().is_empty(), || {
            "unreadable stored progress was dropped without a notice (#hotfix-notice is empty)".into()
        });
        problems.check(after.done_ids().is_empty(), || format!("steps {:?} show as ticked from unreadable storage", after.done_ids()));
        set_checkbox(&browser, "hotfix-iis-adapters", !after.controls.iis_adapters.unwrap_or(false)).await?;
        let mut want = after.controls.clone();
        want.iis_adapters = Some(!after.controls.iis_adapters.unwrap_or(false));
        settle(&browser, "changing an input after the stored progress was discarded", Some(&want)).await?;

        let bad =
            open(ctx, &browser, "#servers=0&sql_script=maybe&downloads=x86-and-x64&arch=arm&iis_adapters=1&isolated_host_heavy=0").await?;
        problems.check(!bad.notice().is_empty(), || "a link with servers=0, sql_script=maybe, arch=arm opens without a notice".into());
        let defaults = HotfixProfile::default();
        problems.check(bad.controls.arch.as_deref() == Some(defaults.arch.id()) && bad.controls.iis_adapters == Some(true), || {
            format!(
                "a partly bad link should keep iis_adapters=1 and fall back to arch={}: the form shows {:?}",
                defaults.arch.id(),
                bad.controls
            )
        });
        let good =
            open(ctx, &browser, "#servers=3&sql_script=1&downloads=x86-and-x64&arch=x64&iis_adapters=0&isolated_host_heavy=0").await?;
        problems.check(good.notice().is_empty(), || format!("the valid link from the contract shows a notice: {:?}", good.notice()));
        problems.check(good.controls.servers.as_deref() == Some("3"), || format!("#servers=3&... opens with {:?}", good.controls));
        let garbage = open(ctx, &browser, "#%%%&&&=").await?;
        problems.check(!garbage.notice().is_empty(), || "a garbage link (#%%%&&&=) opens without a notice".into());
        problems.extend(ctx.judge("hotfix planner with bad state", &browser.drain().await?));
        problems.into_result()
    }
    .await;
    browser.close().await;
    result
}

/// A server count the planner cannot use (0, -3, 1.5) is refused with the reason under the field,
/// and the plan keeps the last good count.
pub async fn refused_server_counts(ctx: &Ctx) -> R<()> {
    let browser = ctx.driver.browser(&[]).await?;
    let result = async {
        let mut problems = Problems::default();
        let first = open(ctx, &browser, "#servers=3&sql_script=1&downloads=x86-and-x64&arch=x64&iis_adapters=1&isolated_host_heavy=0").await?;
        for (typed, why) in [("0", "at least 1"), ("-3", "below zero"), ("1.5", "not a whole number")] {
            // Pasted whole (typed key by key, "1.5" would pass through a valid "1" first).
            browser
                .js(
                    "const e = document.getElementById('hotfix-servers'); e.value = arguments[0]; e.dispatchEvent(new Event('input', {bubbles: true}));",
                    vec![serde_json::json!(typed)],
                )
                .await?;
            tokio::time::sleep(Duration::from_millis(100)).await;
            let shown = browser
                .js("const e = document.getElementById('hotfix-servers-error'); return [e ? e.textContent : '', document.getElementById('hotfix-servers').getAttribute('aria-invalid')];", vec![])
                .await?;
            let text = shown[0].as_str().unwrap_or_default();
            problems.check(text.contains(why) && text.contains("the plan is for 3"), || {
                format!("typing {typed} in the server count shows {text:?}, not why it is refused ({why}) and that the plan stays at 3")
            });
            problems.check(shown[1] == "true", || format!("typing {typed}: the field is not marked invalid"));
            let now = snapshot(&browser).await?;
            problems.check(step_ids(&now.steps) == step_ids(&first.steps), || format!("typing {typed} changed the plan"));
        }
        problems.extend(ctx.judge("hotfix planner refused server counts", &browser.drain().await?));
        problems.into_result()
    }
    .await;
    browser.close().await;
    result
}

/// Types into the build number field as a user pastes it, then leaves it with Tab.
async fn paste_build(browser: &Browser, build: &str) -> R<()> {
    browser.js("const e = document.getElementById('hotfix-build'); if (e) e.scrollIntoView({block: 'center'});", vec![]).await?;
    let field = browser.client.find(Locator::Id("hotfix-build")).await.map_err(|_| Fail("the form has no #hotfix-build field".into()))?;
    field.clear().await?;
    field.send_keys(build).await?;
    field.send_keys(&fantoccini::key::Key::Tab).await?;
    Ok(())
}

/// The update planner as a 2020 shop on CU3 uses it, on desktop and on a phone: version,
/// installed update and target from the selects (the plan checked against the CLI at every
/// step), the SFTP adapter's WinSCP step, a pasted build number (known, unknown, not one), the
/// shared link in a fresh profile and ticks across a reload.
pub async fn update_planner(ctx: &Ctx) -> R<()> {
    let mut problems = Problems::default();
    for phone in [false, true] {
        let screen = if phone { "phone" } else { "desktop" };
        let browser = ctx.driver.browser(&[]).await?;
        let result = async {
            if phone {
                let metrics = serde_json::json!({"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true});
                browser.cdp("Emulation.setDeviceMetricsOverride", metrics).await?;
            }
            open(ctx, &browser, "").await?;
            let mut p = start();
            p.installed = Some("cu3");
            choose(&browser, "hotfix-installed", "cu3").await?;
            let s = settle(&browser, &format!("{screen}: 2020, CU3 installed"), Some(&controls_of(&p))).await?;
            // From the update tables: 2020's newest is CU7, announced with no KB or build.
            problems.check(s.update.as_deref() == Some("cu7") && s.includes == ["cu4", "cu5", "cu6", "cu7"], || {
                format!("{screen}: from CU3 the planner shows {:?} with {:?}, not CU7 with CU4 to CU7", s.update, s.includes)
            });
            problems.check(s.update_text.as_deref().unwrap_or_default().contains("announced"), || {
                format!("{screen}: the announced CU7 is not marked as announced: {:?}", s.update_text)
            });

            p.target = Some("cu6");
            p.features.insert(Feature::Sftp);
            choose(&browser, "hotfix-target", "cu6").await?;
            set_checkbox(&browser, "hotfix-feature-sftp", true).await?;
            let s = settle(&browser, &format!("{screen}: CU3 to CU6 with the SFTP adapter"), Some(&controls_of(&p))).await?;
            let winscp = s.steps.iter().find(|st| st.text.contains("WinSCP 5.19.2") && st.text.contains("6.3.5"));
            problems.check(winscp.is_some(), || format!("{screen}: CU3 to CU6 with SFTP has no step replacing WinSCP 5.19.2 with 6.3.5"));
            problems.check(s.update_text.as_deref().unwrap_or_default().contains("5043408"), || {
                format!("{screen}: CU6's KB 5043408 is not shown: {:?}", s.update_text)
            });

            // A pasted build: a 2016 CU7 build, then a 2020 build the catalogue lacks, then no build.
            paste_build(&browser, "3.12.859.2").await?;
            let mut q = HotfixProfile { version: Some(Version::Bts2016), installed: Some("cu7"), target: None, ..p };
            let s = settle(&browser, &format!("{screen}: pasting 3.12.859.2"), Some(&controls_of(&q))).await?;
            problems.check(s.build_said.as_deref().unwrap_or_default().contains("Cumulative update 7"), || {
                format!("{screen}: pasting 3.12.859.2 says {:?}, not that it is cumulative update 7", s.build_said)
            });
            paste_build(&browser, "3.13.850.0").await?;
            q = HotfixProfile { version: Some(Version::Bts2020), installed: Some("cu4"), ..q };
            let s = settle(&browser, &format!("{screen}: pasting the unknown 3.13.850.0"), Some(&controls_of(&q))).await?;
            problems.check(s.build_said.as_deref().unwrap_or_default().contains("nearest older update is Cumulative update 4"), || {
                format!("{screen}: pasting 3.13.850.0 says {:?}, not that the nearest older update is CU4", s.build_said)
            });
            paste_build(&browser, "3.12").await?;
            let s = settle(&browser, &format!("{screen}: pasting 3.12"), Some(&controls_of(&q))).await?;
            problems.check(s.build_said.as_deref().unwrap_or_default().contains("not a build number"), || {
                format!("{screen}: pasting 3.12 says {:?}, not why it is refused", s.build_said)
            });

            let ids: Vec<String> = s.step_ids().into_iter().take(2).collect();
            crate::upgrade::tick(&browser, &ids).await?;
            browser.client.refresh().await?;
            let again = settle(&browser, &format!("{screen}: reloading the plan"), Some(&controls_of(&q))).await?;
            problems
                .check(again.done_ids() == ids, || format!("{screen}: ticked {ids:?}, reloaded, and {:?} are ticked", again.done_ids()));
            problems.extend(ctx.judge(&format!("update planner on {screen}"), &browser.drain().await?));
            Ok::<_, Fail>(again)
        }
        .await;
        browser.close().await;
        let here = result?;
        let colleague = ctx.driver.browser(&[]).await?;
        let result = async {
            colleague.open(&here.href).await?;
            let there = settle(&colleague, &format!("opening the shared update plan {}", here.href), None).await?;
            problems.check(there.controls == here.controls && there.update == here.update && there.step_ids() == here.step_ids(), || {
                format!(
                    "{screen}: the shared link {} gives {:?} / {:?}, the sender had {:?} / {:?}",
                    here.href, there.controls, there.update, here.controls, here.update
                )
            });
            problems.check(there.notice().is_empty(), || format!("{screen}: the shared update plan shows a notice: {:?}", there.notice()));
            problems.extend(ctx.judge("shared update plan in a fresh profile", &colleague.drain().await?));
            Ok::<_, Fail>(())
        }
        .await;
        colleague.close().await;
        result?;
    }
    problems.into_result()
}
