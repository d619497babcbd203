//! The upgrade advisor, driven as a user would, checked against `bts_rules::evaluate_upgrade`
//! (the function behind `bts-advisor upgrade`).

use std::time::{Duration, Instant};

use bts_rules::*;
use serde::Deserialize;
use serde_json::json;

use crate::driver::Browser;
use crate::harness::{self, Ctx, Fail, Problems, R, View, squash};

pub const PAGE: &str = "advisor/upgrade.html";

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Controls {
    pub from: Option<String>,
    pub to: Option<String>,
    pub edition: Option<String>,
    pub to_edition: Option<String>,
    pub os: Option<String>,
    pub sql: Option<String>,
    pub sql_target: Option<String>,
    /// Contract v3: the SQL Server's service pack and edition ("" for not known), and the
    /// features ticked "Not sure".
    pub sql_level: Option<String>,
    pub sql_edition: Option<String>,
    pub features: Vec<String>,
    pub unsure: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PrerequisiteView {
    pub id: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CheckView {
    pub area: Option<String>,
    pub status: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct HopView {
    pub to: Option<String>,
    pub text: String,
    pub checks: Vec<CheckView>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct StepView {
    pub id: Option<String>,
    pub phase: Option<String>,
    pub done: bool,
    pub has_box: bool,
    pub source: Option<String>,
    pub copy_buttons: usize,
    pub text: String,
}

impl StepView {
    /// What this shown step gets wrong against the rules' step, pushed onto `out`. `root` is the
    /// site root the step's `source` link is relative to.
    pub fn differences(
        &self,
        id: &str,
        phase: &str,
        title: &str,
        source: &str,
        code: &[&str],
        root: Option<&url::Url>,
        out: &mut Vec<String>,
    ) {
        if self.phase.as_deref() != Some(phase) {
            out.push(format!("step {id}: phase {:?}, the CLI says {phase:?}", self.phase));
        }
        if !self.has_box {
            out.push(format!("step {id} has no checkbox to tick it off"));
        }
        let title = squash(&title.replace('`', ""));
        if !self.text.contains(&title) {
            out.push(format!("step {id} does not show its title {title:?}"));
        }
        let want_source = root.and_then(|r| r.join(source).ok()).map(|u| u.to_string());
        if self.source.is_none() || self.source != want_source {
            out.push(format!("step {id}: the link to the book goes to {:?}, expected {:?}", self.source, want_source));
        }
        // Copy buttons are for commands only: at most one per piece of code, none on a lone name.
        let lone_names = code.iter().filter(|c| !c.contains(' ') && !c.contains('\n') && !c.contains("sp_")).count();
        if self.copy_buttons + lone_names > code.len() {
            out.push(format!("step {id} shows {} copy buttons for {code:?}, some on names rather than commands", self.copy_buttons));
        }
    }
}

/// The ids of the steps shown, in order.
pub fn step_ids(steps: &[StepView]) -> Vec<String> {
    steps.iter().map(|s| s.id.clone().unwrap_or_default()).collect()
}

/// The ids of the steps shown ticked, in order.
pub fn done_ids(steps: &[StepView]) -> Vec<String> {
    steps.iter().filter(|s| s.done).map(|s| s.id.clone().unwrap_or_default()).collect()
}

/// What the upgrade advisor shows, read in one script.
#[derive(Debug, Clone, Deserialize)]
pub struct Snapshot {
    pub mounted: bool,
    pub controls: Controls,
    pub verdict: Option<String>,
    pub verdict_text: Option<String>,
    /// The verdict and its sentence.
    pub verdict_line: Option<String>,
    pub hops: Vec<HopView>,
    pub steps: Vec<StepView>,
    pub editions: Option<String>,
    pub prerequisites: Vec<PrerequisiteView>,
    /// The ids of the items to settle before Setup shown under the verdict, in order.
    pub attention: Vec<String>,
    pub inferred: Vec<(Option<String>, String)>,
    /// The feature boxes shown ticked and locked: those the answers already imply.
    pub counted: Vec<String>,
    pub platform_version: Option<String>,
    pub platform: Option<String>,
    pub lifecycle: Option<String>,
    pub notice: Option<String>,
    pub live: Vec<String>,
    pub href: String,
    /// The browser's local date, which the lifecycle sentences are computed against.
    pub today: (i32, u8, u8),
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
const root = document.getElementById('bts-upgrade-advisor');
const text = e => e ? e.textContent.replace(/\s+/g, ' ').trim() : null;
const val = id => { const e = document.getElementById(id); return e ? e.value : null; };
const v = document.getElementById('upgrade-verdict');
const scope = root || document;
return {
  mounted: !!root,
  controls: {
    from: val('upgrade-from'), to: val('upgrade-to'), edition: val('upgrade-edition'),
    to_edition: val('upgrade-to-edition'), os: val('upgrade-os'), sql: val('upgrade-sql'), sql_target: val('upgrade-sql-target'),
    sql_level: val('upgrade-sql-level'), sql_edition: val('upgrade-sql-edition'),
    features: [...document.querySelectorAll('input[type=checkbox][name=feature]')].filter(c => c.checked && !c.disabled).map(c => c.value),
    unsure: [...document.querySelectorAll('input[type=checkbox][name=unsure]')].filter(c => c.checked).map(c => c.value),
  },
  verdict: v ? v.getAttribute('data-verdict') : null,
  verdict_text: text(v),
  verdict_line: text(document.querySelector('.bts-verdict-line')),
  hops: [...scope.querySelectorAll('.hop')].map(h => ({
    to: h.getAttribute('data-hop-to'), text: text(h),
    checks: [...h.querySelectorAll('.check')].map(c => ({ area: c.getAttribute('data-area'), status: c.getAttribute('data-status'), text: text(c) })),
  })),
  steps: [...scope.querySelectorAll('li.step')].map(li => {
    const box = li.querySelector('input[type=checkbox].step-done');
    const link = li.querySelector('a.step-source');
    return { id: li.getAttribute('data-step-id'), phase: li.getAttribute('data-phase'), done: !!(box && box.checked),
             has_box: !!box, source: link ? link.href : null, copy_buttons: li.querySelectorAll('button.copy-code').length, text: text(li) };
  }),
  editions: text(document.getElementById('upgrade-target-editions')),
  prerequisites: [...scope.querySelectorAll('li.prerequisite')].map(p => ({ id: p.getAttribute('data-prerequisite-id'),
    from: p.getAttribute('data-from'), to: p.getAttribute('data-to'), text: text(p) })),
  attention: [...scope.querySelectorAll('[data-attention-id]')].map(li => li.getAttribute('data-attention-id')),
  counted: [...document.querySelectorAll('input[type=checkbox][name=feature]')].filter(c => c.checked && c.disabled).map(c => c.value),
  inferred: [...scope.querySelectorAll('#upgrade-inferred li')].map(li => [li.getAttribute('data-feature'), text(li)]),
  platform_version: (e => e ? e.getAttribute('data-version') : null)(document.getElementById('upgrade-target-platform')),
  platform: text(document.getElementById('upgrade-target-platform')),
  lifecycle: text(document.getElementById('upgrade-lifecycle')),
  notice: text(document.getElementById('upgrade-notice')),
  live: [...scope.querySelectorAll('[aria-live]')].map(text),
  href: location.href,
  today: (d => [d.getFullYear(), d.getMonth() + 1, d.getDate()])(new Date()),
};"#;

pub async fn snapshot(browser: &Browser) -> R<Snapshot> {
    Ok(serde_json::from_value(browser.js(SNAPSHOT, vec![]).await?)?)
}

/// The profile the form shows, as the CLI would read it.
pub fn profile_of(controls: &Controls) -> Result<UpgradeProfile, String> {
    let raw = RawUpgradeProfile {
        from: controls.from.clone(),
        to: controls.to.clone(),
        edition: controls.edition.clone(),
        to_edition: controls.to_edition.clone().filter(|e| !e.is_empty()),
        os: controls.os.clone(),
        sql: controls.sql.clone(),
        sql_target: controls.sql_target.clone().filter(|t| !t.is_empty()),
        sql_level: controls.sql_level.clone().filter(|l| !l.is_empty()),
        sql_edition: controls.sql_edition.clone().filter(|e| !e.is_empty()),
        features: Some(controls.features.clone()),
        unsure: Some(controls.unsure.clone()),
    };
    UpgradeProfile::from_fields(raw).map_err(|e| bts_rules::problem_lines(&e))
}

pub fn controls_of(profile: &UpgradeProfile) -> Controls {
    Controls {
        from: Some(profile.from.id().into()),
        to: Some(profile.to.id().into()),
        edition: Some(profile.edition.id().into()),
        to_edition: Some(profile.to_edition.map(|e| e.id()).unwrap_or_default().into()),
        os: Some(profile.os.id().into()),
        sql: Some(profile.sql.id().into()),
        sql_target: Some(profile.sql_target.map(|t| t.id()).unwrap_or_default().into()),
        sql_level: Some(profile.sql_level.map(|l| l.id()).unwrap_or_default().into()),
        sql_edition: Some(profile.sql_edition.map(|e| e.id()).unwrap_or_default().into()),
        features: profile.features.iter().map(|f| f.id().to_string()).collect(),
        unsure: profile.unsure.iter().map(|f| f.id().to_string()).collect(),
    }
}

/// Everything the page shows that differs from the CLI's report for the profile in the form.
pub fn differences(snap: &Snapshot) -> Vec<String> {
    let mut out = Vec::new();
    if !snap.mounted {
        return vec!["the page has no #bts-upgrade-advisor mount point".into()];
    }
    let profile = match profile_of(&snap.controls) {
        Ok(p) => p,
        Err(e) => return vec![format!("the form shows a profile the CLI refuses ({e}): {:?}", snap.controls)],
    };
    let report = evaluate_upgrade(&profile, bts_rules::Date::today_utc());
    let want = report.verdict.id();
    if snap.verdict.as_deref() != Some(want) {
        out.push(format!("the verdict shown is {:?} but the CLI says {want:?}", snap.verdict));
    }
    let word = match report.verdict {
        Verdict::Supported => "supported",
        Verdict::Prerequisites => "prerequisites",
        Verdict::Blocked => "blocked",
    };
    if !snap.verdict_text.as_deref().unwrap_or_default().to_lowercase().contains(word) {
        out.push(format!("the verdict does not say {word:?} in words (text: {:?}); colour alone is not enough", snap.verdict_text));
    }
    let want_attention: Vec<&str> = report.attention.iter().map(|a| a.id).collect();
    if snap.attention != want_attention {
        out.push(format!("the page shows {:?} to settle before Setup but the CLI's attention is {want_attention:?}", snap.attention));
    }
    let want_hops: Vec<&str> = report.route.iter().map(|h| h.to.id()).collect();
    let got_hops: Vec<&str> = snap.hops.iter().map(|h| h.to.as_deref().unwrap_or("?")).collect();
    if want_hops != got_hops {
        out.push(format!("the route shows hops to {got_hops:?} but the CLI's route goes to {want_hops:?}"));
    } else {
        for (hop, view) in report.route.iter().zip(&snap.hops) {
            for check in &hop.checks {
                let area = check.area.id();
                let Some(shown) = view.checks.iter().find(|c| c.area.as_deref() == Some(area)) else {
                    out.push(format!("hop to {}: no {area} check shown", hop.to.id()));
                    continue;
                };
                if shown.status.as_deref() != Some(check.status.id()) {
                    out.push(format!(
                        "hop to {}: the {area} check shows {:?} but the CLI says {:?}",
                        hop.to.id(),
                        shown.status,
                        check.status.id()
                    ));
                }
                if let Some(remedy) = &check.remedy {
                    let remedy = squash(remedy);
                    if !shown.text.contains(&remedy) && !view.text.contains(&remedy) {
                        out.push(format!("hop to {}: the {area} check does not show the CLI's remedy {remedy:?}", hop.to.id()));
                    }
                }
            }
        }
    }
    let editions = snap.editions.as_deref().unwrap_or_default();
    for edition in &report.target_editions {
        if !editions.contains(edition.label()) {
            out.push(format!("reachable editions ({editions:?}) do not name {}", edition.label()));
        }
    }
    // Contract v2: the prerequisite moves, the features counted without a tick, the platform.
    let want_prerequisites: Vec<(&str, &str, String)> =
        report.prerequisites.iter().map(|p| (p.id, p.from.id(), p.to.iter().map(|t| t.id()).collect::<Vec<_>>().join(" "))).collect();
    let got_prerequisites: Vec<(&str, &str, String)> = snap
        .prerequisites
        .iter()
        .map(|p| (p.id.as_deref().unwrap_or("?"), p.from.as_deref().unwrap_or("?"), p.to.clone().unwrap_or_default()))
        .collect();
    if want_prerequisites != got_prerequisites {
        out.push(format!("the prerequisites shown are {got_prerequisites:?} but the CLI lists {want_prerequisites:?}"));
    }
    for (prerequisite, view) in report.prerequisites.iter().zip(&snap.prerequisites) {
        for text in [&prerequisite.title, &prerequisite.detail] {
            if !view.text.contains(&squash(text)) {
                out.push(format!("prerequisite {}: the page does not say {text:?}", prerequisite.id));
            }
        }
    }
    let want_inferred: Vec<(Option<String>, String)> =
        report.inferred_features.iter().map(|f| (Some(f.feature.id().to_string()), squash(&f.reason))).collect();
    if want_inferred.len() != snap.inferred.len()
        || want_inferred.iter().zip(&snap.inferred).any(|(want, got)| want.0 != got.0 || !got.1.contains(&want.1))
    {
        out.push(format!("the features counted without a tick are {:?}, the CLI infers {want_inferred:?}", snap.inferred));
    }
    // Support ending within a year on the route is said in the verdict's own sentence.
    if let Some(ending) = report.attention.iter().find(|a| a.id == "support-ending") {
        let verdict = snap.verdict_line.as_deref().unwrap_or_default();
        if !verdict.contains(&squash(&ending.detail)) {
            out.push(format!("the verdict {verdict:?} does not say {:?}", ending.detail));
        }
    }
    // A feature the answer counts shows ticked (and locked) in the form, not empty (B17).
    let mut want_counted: Vec<String> = report.inferred_features.iter().map(|f| f.feature.id().to_string()).collect();
    let mut counted = snap.counted.clone();
    want_counted.sort();
    counted.sort();
    if counted != want_counted {
        out.push(format!("the form shows {counted:?} ticked and locked, but the answer counts {want_counted:?} without a tick"));
    }
    if snap.platform_version.as_deref() != Some(report.target_platform.version.id()) {
        out.push(format!("the target platform shown is for {:?}", snap.platform_version));
    }
    let platform = snap.platform.as_deref().unwrap_or_default();
    for note in report.target_platform.notes() {
        if !platform.contains(&squash(&note)) {
            out.push(format!("the target platform does not say {note:?}"));
        }
    }
    let lifecycle = snap.lifecycle.as_deref().unwrap_or_default();
    let today = Date::new(snap.today.0, snap.today.1, snap.today.2);
    // Every version of the route: 2016 on the way from 2013 R2 to 2020 too.
    for version in std::iter::once(profile.from).chain(report.route.iter().map(|h| h.to)) {
        let sentence = squash(&Lifecycle::of(version).describe_on(today));
        if !lifecycle.contains(&sentence) {
            out.push(format!("the support lifecycle does not say {sentence:?} (it says {lifecycle:?})"));
        }
    }
    // The page shows the CLI's steps with the general notes gathered first (the rules' own
    // arrangement, tested there); every step once.
    let shown = bts_rules::general_notes_first(report.checklist());
    let want_steps: Vec<String> = shown.iter().flat_map(|s| s.steps.iter().map(|st| st.id.to_string())).collect();
    if want_steps != snap.step_ids() {
        out.push(format!("the checklist shows steps {:?} but the CLI lists {want_steps:?}", snap.step_ids()));
    } else {
        let root = url::Url::parse(&snap.href).and_then(|u| u.join("../")).ok();
        for (step, view) in shown.iter().flat_map(|s| &s.steps).zip(&snap.steps) {
            view.differences(&step.id, step.phase, step.title, step.source, step.code, root.as_ref(), &mut out);
        }
        // Contract v3: a step that only an unsure feature brings in says "(if you use ...)", as
        // the CLI's Markdown does; the others do not.
        // By id: the page shows the general notes first, in an order of its own.
        let conditions: std::collections::HashMap<String, Option<String>> = report
            .checklist()
            .into_iter()
            .flat_map(|section| section.steps.into_iter().map(|step| (step.id.to_string(), step.condition())))
            .collect();
        for view in &snap.steps {
            let id = view.id.as_deref().unwrap_or("?");
            match conditions.get(id).cloned().flatten() {
                Some(c) if !view.text.contains(&squash(&format!("({c})"))) => {
                    out.push(format!("step {id} is brought in by an unsure feature but does not say \"({c})\""))
                }
                None if view.text.contains("(if you use") => {
                    out.push(format!("step {id} says \"(if you use ...)\" but no unsure feature brings it in"))
                }
                _ => {}
            }
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
    const NAME: &'static str = "upgrade advisor";
    async fn read(browser: &Browser) -> R<Self> {
        snapshot(browser).await
    }
    fn controls(&self) -> &Controls {
        &self.controls
    }
    fn differences(&self) -> Vec<String> {
        if self.verdict.is_some() { differences(self) } else { vec!["no verdict is shown".into()] }
    }
}

/// Chooses an option the way a user does (clicking it in the select).
pub async fn choose(browser: &Browser, id: &str, value: &str) -> R<()> {
    let select = browser.client.find(fantoccini::Locator::Id(id)).await.map_err(|_| Fail(format!("the form has no #{id} control")))?;
    select.select_by_value(value).await.map_err(|e| Fail(format!("cannot choose {value:?} in #{id} (is it offered?): {e}")))
}

pub async fn click(browser: &Browser, css: &str, what: &str) -> R<()> {
    let element = browser.client.find(fantoccini::Locator::Css(css)).await.map_err(|_| Fail(format!("{what}: nothing matches {css}")))?;
    // In the middle of the window, as a user sees it before clicking: scrolled only as far as the
    // window's edge, a control can sit under the book's sticky menu bar (a CI-like run under load
    // clicked the menu title instead of Clear ticks).
    browser.js("arguments[0].scrollIntoView({block: 'center'})", vec![serde_json::to_value(&element)?]).await?;
    element.click().await.map_err(|e| Fail(format!("{what}: cannot click {css}: {e}")))
}

/// Sets the whole form through its controls.
pub async fn fill(browser: &Browser, profile: &UpgradeProfile) -> R<()> {
    choose(browser, "upgrade-from", profile.from.id()).await?;
    choose(browser, "upgrade-to", profile.to.id()).await?;
    choose(browser, "upgrade-edition", profile.edition.id()).await?;
    choose(browser, "upgrade-to-edition", profile.to_edition.map(|e| e.id()).unwrap_or("")).await?;
    choose(browser, "upgrade-os", profile.os.id()).await?;
    choose(browser, "upgrade-sql", profile.sql.id()).await?;
    choose(browser, "upgrade-sql-target", profile.sql_target.map(|t| t.id()).unwrap_or("")).await?;
    choose(browser, "upgrade-sql-level", profile.sql_level.map(|l| l.id()).unwrap_or("")).await?;
    choose(browser, "upgrade-sql-edition", profile.sql_edition.map(|e| e.id()).unwrap_or("")).await?;
    // Each box reads the page again: ticking one of a feature's two boxes clears the other.
    for (name, set) in [("feature", profile.features), ("unsure", profile.unsure)] {
        for feature in Feature::ALL {
            let controls = snapshot(browser).await?.controls;
            let shown = if name == "feature" { controls.features } else { controls.unsure };
            if shown.iter().any(|f| f == feature.id()) != set.contains(feature) {
                let css = format!("input[type=checkbox][name={name}][value='{}']", feature.id());
                click(browser, &css, "setting the features").await?;
            }
        }
    }
    Ok(())
}

pub async fn open(ctx: &Ctx, browser: &Browser, fragment: &str) -> R<Snapshot> {
    browser.open(&format!("{}{fragment}", ctx.url(PAGE))).await?;
    settle(browser, &format!("opening {PAGE}{fragment}"), None).await
}

pub async fn answers_follow_inputs(ctx: &Ctx) -> R<()> {
    let browser = ctx.driver.browser(&[]).await?;
    let result = follow_inputs(ctx, &browser).await;
    browser.close().await;
    result
}

async fn follow_inputs(ctx: &Ctx, browser: &Browser) -> R<()> {
    let mut problems = Problems::default();
    let first = open(ctx, browser, "").await?;
    let default = controls_of(&UpgradeProfile::default());
    problems.check(first.controls == default, || {
        format!("a first visit shows {:?}, not the rules' default profile {:?}", first.controls, default)
    });
    problems.check(first.notice().is_empty(), || format!("a plain first visit already shows a notice: {:?}", first.notice()));
    problems.check(first.live.iter().any(|t| !t.is_empty()), || "no aria-live region announces the result to screen readers".into());

    // The rules' default profile (2016 Standard on Windows Server 2016 with SQL Server 2016, to
    // 2020), set through the controls: supported.
    let mut profile = UpgradeProfile::default();
    fill(browser, &profile).await?;
    let supported = settle(browser, "setting the default profile through the form", Some(&controls_of(&profile))).await?;
    problems.check(supported.verdict.as_deref() == Some("supported"), || {
        format!("the default profile {profile:?} shows {:?}, expected supported", supported.verdict)
    });

    // Databases on SQL Server 2014: not a dead end but a prerequisite (contract v2), with the
    // versions to move to; choosing one for Setup makes it the only move.
    profile.sql = SqlServer::SqlServer2014;
    choose(browser, "upgrade-sql", profile.sql.id()).await?;
    let first_sql = settle(browser, "switching SQL Server to 2014", Some(&controls_of(&profile))).await?;
    problems.check(first_sql.verdict.as_deref() == Some("prerequisites") && first_sql.prerequisites.len() == 1, || {
        format!("on SQL Server 2014 the verdict is {:?} with {:?}, expected prerequisites", first_sql.verdict, first_sql.prerequisites)
    });
    profile.sql_target = Some(SqlServer::SqlServer2017);
    choose(browser, "upgrade-sql-target", "sql-server-2017").await?;
    let chosen = settle(browser, "choosing SQL Server 2017 for Setup", Some(&controls_of(&profile))).await?;
    problems.check(chosen.prerequisites.first().and_then(|p| p.to.as_deref()) == Some("sql-server-2017"), || {
        format!("with SQL Server 2017 chosen for Setup the prerequisite is {:?}", chosen.prerequisites)
    });
    profile.sql = SqlServer::SqlServer2016;
    profile.sql_target = None;
    choose(browser, "upgrade-sql", profile.sql.id()).await?;
    choose(browser, "upgrade-sql-target", "").await?;
    settle(browser, "back to SQL Server 2016", Some(&controls_of(&profile))).await?;

    // Moving the server to Windows Server 2012 R2 blocks the upgrade, with an OS remedy.
    profile.os = OperatingSystem::WindowsServer2012R2;
    choose(browser, "upgrade-os", profile.os.id()).await?;
    let blocked = settle(browser, "switching the OS to Windows Server 2012 R2", Some(&controls_of(&profile))).await?;
    problems.check(blocked.verdict.as_deref() == Some("blocked"), || {
        format!("on Windows Server 2012 R2 the verdict is {:?}, expected blocked", blocked.verdict)
    });
    let os_check = blocked.hops.first().and_then(|h| h.checks.iter().find(|c| c.area.as_deref() == Some("os")));
    problems.check(os_check.is_some_and(|c| c.status.as_deref() != Some("yes")), || {
        format!("on Windows Server 2012 R2 the OS check is {os_check:?}, expected a failing OS check")
    });
    let announced = blocked.live.join(" ").to_lowercase();
    problems.check(announced.contains("blocked"), || {
        format!("the aria-live region does not announce the blocked verdict (it says {:?})", blocked.live)
    });

    // Ticking a feature that has its own steps adds them.
    let before = evaluate_upgrade(&profile, bts_rules::Date::today_utc()).steps.len();
    let feature = std::iter::once(Feature::Sftp).chain(Feature::ALL.iter().copied()).find(|f| {
        let mut with = profile.clone();
        with.features.insert(*f);
        evaluate_upgrade(&with, bts_rules::Date::today_utc()).steps.len() > before
    });
    match feature {
        None => problems.push(
            "no feature adds a checklist step to 2016 -> 2020 in the rules data, so the checklist cannot be personalised".to_string(),
        ),
        Some(feature) => {
            profile.features.insert(feature);
            click(browser, &format!("input[type=checkbox][name=feature][value='{}']", feature.id()), "ticking a feature").await?;
            let more = settle(browser, &format!("ticking the {} feature", feature.id()), Some(&controls_of(&profile))).await?;
            let added: Vec<&String> =
                more.steps.iter().filter_map(|s| s.id.as_ref()).filter(|id| !blocked.step_ids().contains(id)).collect();
            problems.check(!added.is_empty(), || format!("ticking {} added no step to the checklist", feature.id()));
        }
    }

    // 2013 R2 to 2020 goes through 2016: two hops.
    profile.from = Version::Bts2013R2;
    profile.sql = SqlServer::SqlServer2014;
    choose(browser, "upgrade-from", profile.from.id()).await?;
    choose(browser, "upgrade-to", profile.to.id()).await?;
    choose(browser, "upgrade-sql", profile.sql.id()).await?;
    let two = settle(browser, "choosing 2013 R2 -> 2020", Some(&controls_of(&profile))).await?;
    let hops: Vec<_> = two.hops.iter().map(|h| h.to.clone().unwrap_or_default()).collect();
    problems.check(hops == ["2016", "2020"], || format!("2013 R2 -> 2020 shows hops {hops:?}, expected 2016 then 2020"));
    problems.extend(ctx.judge("upgrade advisor while changing inputs", &browser.drain().await?));
    problems.into_result()
}

/// Ticks the steps `ids` and waits until the page shows them ticked.
pub async fn tick(browser: &Browser, ids: &[String]) -> R<()> {
    for id in ids {
        // A general note sits in a closed disclosure: open it first, as a reader would.
        browser
            .js(
                "const d = document.querySelector(`li.step[data-step-id='${arguments[0]}']`)?.closest('details'); if (d) d.open = true;",
                vec![id.clone().into()],
            )
            .await?;
        click(browser, &format!("li.step[data-step-id='{id}'] input.step-done"), "ticking a step").await?;
    }
    let list = serde_json::to_value(ids)?;
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let done = browser
            .js("return arguments[0].every(id => { const b = document.querySelector(`li.step[data-step-id='${id}'] input.step-done`); return b && b.checked; })", vec![list.clone()])
            .await?;
        if done == true {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(Fail(format!("steps {ids:?} do not show as ticked after clicking their checkboxes")));
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

pub async fn progress_survives_reload(ctx: &Ctx) -> R<()> {
    let browser = ctx.driver.browser(&[]).await?;
    let result = async {
        let mut problems = Problems::default();
        let snap =
            open(ctx, &browser, "#from=2013r2&to=2020&edition=standard&os=windows-server-2012-r2&sql=sql-server-2014&features=bam").await?;
        let ids: Vec<String> = snap.step_ids().into_iter().take(2).collect();
        if ids.is_empty() {
            return Err(Fail("the checklist is empty, nothing to tick".into()));
        }
        tick(&browser, &ids).await?;
        browser.client.refresh().await?;
        let again = settle(&browser, "reloading after ticking steps", Some(&snap.controls)).await?;
        problems.check(again.done_ids() == ids, || format!("ticked {ids:?}, reloaded, and the page shows {:?} ticked", again.done_ids()));
        // Unticking is remembered too.
        click(&browser, &format!("li.step[data-step-id='{}'] input.step-done", ids[0]), "unticking a step").await?;
        tokio::time::sleep(Duration::from_millis(100)).await;
        browser.client.refresh().await?;
        let third = settle(&browser, "reloading after unticking a step", Some(&snap.controls)).await?;
        problems.check(third.done_ids() == ids[1..], || {
            format!("unticked {}, reloaded, and the page shows {:?} ticked", ids[0], third.done_ids())
        });
        problems.extend(ctx.judge("upgrade advisor progress", &browser.drain().await?));
        problems.into_result()
    }
    .await;
    browser.close().await;
    result
}

pub async fn shared_link(ctx: &Ctx) -> R<()> {
    let browser = ctx.driver.browser(&[]).await?;
    let mut problems = Problems::default();
    let result = async {
        open(ctx, &browser, "").await?;
        let mut profile = UpgradeProfile::default();
        profile.from = Version::Bts2013R2;
        profile.sql = SqlServer::SqlServer2014;
        profile.edition = Edition::Enterprise;
        profile.to_edition = Some(Edition::Enterprise);
        profile.features = [Feature::Bam, Feature::Sftp, Feature::MultiServer].into_iter().collect();
        // Contract v3 travels in the link too.
        profile.sql_level = Some(SqlLevel::Sp1);
        profile.sql_edition = Some(SqlEdition::Enterprise);
        profile.unsure = [Feature::BamRta, Feature::Edi].into_iter().collect();
        fill(&browser, &profile).await?;
        settle(&browser, "filling the form", Some(&controls_of(&profile))).await?;
        let here = address_shows(&browser, &controls_of(&profile)).await?;
        problems.extend(ctx.judge("upgrade advisor before sharing", &browser.drain().await?));
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
        problems.check(there.verdict == here.verdict && there.step_ids() == here.step_ids(), || {
            format!(
                "the shared link gives a different answer: {:?} with {} steps, the sender saw {:?} with {}",
                there.verdict,
                there.steps.len(),
                here.verdict,
                here.steps.len()
            )
        });
        problems.check(there.notice().is_empty(), || format!("a valid shared link shows a notice: {:?}", there.notice()));
        problems.extend(ctx.judge("shared link in a fresh profile", &colleague.drain().await?));
        Ok::<_, Fail>(())
    }
    .await;
    colleague.close().await;
    result?;
    problems.into_result()
}

/// Waits for the address bar to carry the answers on screen: the page writes it just after the
/// answer (a task later), so a link read in between would be the one before the last change.
async fn address_shows(browser: &Browser, controls: &Controls) -> R<Snapshot> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let snap = snapshot(browser).await?;
        let url = url::Url::parse(&snap.href).map_err(|e| Fail(format!("the page's address {} is not a URL: {e}", snap.href)))?;
        let fields: Vec<(String, String)> =
            url::form_urlencoded::parse(url.fragment().unwrap_or_default().as_bytes()).into_owned().collect();
        let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let list = |name: &str| {
            let mut ids: Vec<String> = field(name).map(|f| f.split(',').map(String::from).collect()).unwrap_or_default();
            ids.sort();
            ids
        };
        let sorted = |ids: &[String]| {
            let mut ids = ids.to_vec();
            ids.sort();
            ids
        };
        let optional = |name: &str| Some(field(name).unwrap_or_default());
        let same = [("from", &controls.from), ("to", &controls.to), ("os", &controls.os), ("sql", &controls.sql)]
            .iter()
            .all(|(name, value)| field(name) == **value)
            && optional("sql_level") == controls.sql_level
            && optional("sql_edition") == controls.sql_edition
            && list("features") == sorted(&controls.features)
            && list("unsure") == sorted(&controls.unsure);
        if same {
            return Ok(snap);
        }
        if Instant::now() > deadline {
            return Err(Fail(format!("after 5 s the address {} still does not carry the answers {controls:?}", snap.href)));
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Overwrites the advisor's stored values (everything but mdBook's own keys) with garbage.
pub async fn corrupt_storage(browser: &Browser) -> R<Vec<String>> {
    let keys = browser
        .js(
            "const keys = Object.keys(localStorage).filter(k => !k.startsWith('mdbook'));
             keys.forEach(k => localStorage.setItem(k, '{\"done\": [ not json'));
             return keys;",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(keys)?)
}

pub async fn corrupted_storage(ctx: &Ctx) -> R<()> {
    let browser = ctx.driver.browser(&[]).await?;
    let result = async {
        let mut problems = Problems::default();
        let snap = open(ctx, &browser, "").await?;
        let ids: Vec<String> = snap.step_ids().into_iter().take(1).collect();
        tick(&browser, &ids).await?;
        tokio::time::sleep(Duration::from_millis(100)).await;
        let keys = corrupt_storage(&browser).await?;
        if keys.is_empty() {
            return Err(Fail("ticking a step stored nothing in localStorage, so progress cannot survive a reload".into()));
        }
        browser.client.refresh().await?;
        let after = settle(&browser, "reloading with unreadable stored progress", Some(&snap.controls)).await?;
        problems.check(!after.notice().is_empty(), || {
            "unreadable stored progress was dropped without telling the user (#upgrade-notice is empty)".into()
        });
        problems
            .check(after.done_ids().is_empty(), || format!("steps {:?} show as ticked from unreadable stored progress", after.done_ids()));
        // Still working: changing an input updates the answer, and new progress is kept.
        let mut profile = profile_of(&after.controls).map_err(Fail)?;
        profile.os = OperatingSystem::WindowsServer2012R2;
        choose(&browser, "upgrade-os", profile.os.id()).await?;
        let changed = settle(&browser, "changing the OS after the stored progress was discarded", Some(&controls_of(&profile))).await?;
        let ids: Vec<String> = changed.step_ids().into_iter().take(1).collect();
        tick(&browser, &ids).await?;
        browser.client.refresh().await?;
        let kept = settle(&browser, "reloading after ticking again", Some(&changed.controls)).await?;
        problems.check(kept.done_ids() == ids, || {
            format!("after recovering from bad storage, ticked {ids:?} but a reload shows {:?}", kept.done_ids())
        });
        problems.extend(ctx.judge("upgrade advisor with corrupted storage", &browser.drain().await?));
        problems.into_result()
    }
    .await;
    browser.close().await;
    result
}

pub async fn malformed_links(ctx: &Ctx) -> R<()> {
    let browser = &ctx.main;
    browser.drain().await?;
    let mut problems = Problems::default();
    let defaults = UpgradeProfile::default();

    let good =
        open(ctx, browser, "#from=2013r2&to=2016&edition=enterprise&os=windows-server-2012-r2&sql=sql-server-2014&features=bam").await?;
    problems.check(good.notice().is_empty(), || format!("a valid link shows a notice: {:?}", good.notice()));
    problems.check(
        good.controls.from.as_deref() == Some("2013r2") && good.controls.to.as_deref() == Some("2016") && good.controls.features == ["bam"],
        || format!("the link #from=2013r2&to=2016&...&features=bam opens as {:?}", good.controls),
    );

    let bad = open(ctx, browser, "#from=1999&to=2020&edition=standard&os=banana&sql=sql-server-2014").await?;
    problems.check(!bad.notice().is_empty(), || {
        "a link with from=1999 and os=banana opens without any notice that it was not understood".into()
    });
    problems.check(
        bad.controls.from.as_deref() == Some(defaults.from.id()) && bad.controls.os.as_deref() == Some(defaults.os.id()),
        || {
            format!(
                "bad fields from=1999, os=banana did not fall back to the defaults ({}, {}): the form shows {:?}",
                defaults.from.id(),
                defaults.os.id(),
                bad.controls
            )
        },
    );
    problems.check(bad.controls.sql.as_deref() == Some("sql-server-2014") && bad.controls.to.as_deref() == Some("2020"), || {
        format!("the good fields of a partly bad link were lost (sql=sql-server-2014, to=2020): the form shows {:?}", bad.controls)
    });
    ctx.note(format!("upgrade advisor notice for a link with from=1999, os=banana: {:?}", bad.notice()));

    for garbage in ["#%E0%A4%A&&==&from", "#from=2020&to=2013", "#features=nonsense,bam&servers=-1"] {
        let snap = open(ctx, browser, garbage).await?;
        problems.check(!snap.notice().is_empty(), || format!("the malformed link {PAGE}{garbage} opens without a notice"));
    }
    problems.extend(ctx.judge("upgrade advisor with malformed links", &browser.drain().await?));
    problems.into_result()
}

pub async fn copy_markdown(ctx: &Ctx) -> R<()> {
    let browser = ctx.driver.browser(&[]).await?;
    let result = async {
        let snap = open(ctx, &browser, "#from=2016&to=2020&edition=standard&os=windows-server-2016&sql=sql-server-2016&features=bam,sftp").await?;
        let origin = url::Url::parse(&snap.href).map(|u| u.origin().ascii_serialization()).unwrap_or_default();
        browser
            .cdp("Browser.grantPermissions", json!({"origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]}))
            .await?;
        browser.cdp("Emulation.setFocusEmulationEnabled", json!({"enabled": true})).await?;
        browser.js("return navigator.clipboard.writeText('')", vec![]).await?;
        click(&browser, "button#upgrade-copy-markdown", "copy as Markdown").await?;
        let profile = profile_of(&snap.controls).map_err(Fail)?;
        let report = evaluate_upgrade(&profile, bts_rules::Date::today_utc());
        let want = report.to_markdown(&profile);
        let deadline = Instant::now() + Duration::from_secs(3);
        loop {
            let got = browser
                .js_async("const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('clipboard error: ' + e))", vec![])
                .await?;
            let got = got.as_str().unwrap_or_default().to_string();
            if got.trim_end() == want.trim_end() {
                break;
            }
            if Instant::now() > deadline {
                let first_diff = got.lines().zip(want.lines()).position(|(a, b)| a != b);
                return Err(Fail(format!(
                    "\"Copy as Markdown\" put {} bytes on the clipboard that differ from `bts-advisor upgrade --format markdown` ({} bytes); first differing line: {:?}\n  page: {:?}\n  CLI:  {:?}",
                    got.len(),
                    want.len(),
                    first_diff,
                    first_diff.and_then(|i| got.lines().nth(i)),
                    first_diff.and_then(|i| want.lines().nth(i)),
                )));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut problems = Problems::default();
        // A copy button beside a command copies that command.
        // Copy buttons sit on commands only (not on names of databases, files or services).
        let with_button: Vec<&str> = snap.steps.iter().filter(|s| s.copy_buttons > 0).filter_map(|s| s.id.as_deref()).collect();
        for step in &snap.steps {
            let id = step.id.as_deref().unwrap_or_default();
            if let Some(report_step) = report.steps.iter().find(|s| s.id() == id) {
                let commands = report_step.step.code.iter().filter(|c| c.contains(' ') || c.contains('\n') || c.contains("sp_")).count();
                problems.check(step.copy_buttons <= commands, || {
                    format!("step {id} has {} copy buttons for {:?}, which holds {commands} commands", step.copy_buttons, report_step.step.code)
                });
            }
        }
        match report.steps.iter().find(|s| with_button.contains(&s.id().as_ref())) {
            None => problems.push("no step of this profile shows a command or file name, so no copy button could be tried".to_string()),
            Some(step) => {
                let css = format!("li.step[data-step-id='{}'] button.copy-code", step.id());
                click(&browser, &css, "copying a command").await?;
                tokio::time::sleep(Duration::from_millis(200)).await;
                let got = browser
                    .js_async("const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('clipboard error: ' + e))", vec![])
                    .await?;
                let got = got.as_str().unwrap_or_default();
                problems.check(step.step.code.contains(&got), || {
                    format!("the first copy button of step {} put {got:?} on the clipboard, not one of its commands {:?}", step.id(), step.step.code)
                });
            }
        }
        problems.extend(ctx.judge("copy as Markdown", &browser.drain().await?));
        problems.into_result()
    }
    .await;
    browser.close().await;
    result
}

/// "Clear ticks" empties this profile's checklist and its storage and says so; a profile file in
/// the CLI's format loads into the form, and a bad one is refused with a notice naming the field.
pub async fn clear_ticks_and_profile_files(ctx: &Ctx) -> R<()> {
    let browser = ctx.driver.browser(&[]).await?;
    let result = async {
        let mut problems = Problems::default();
        let link = "#from=2013r2&to=2020&edition=enterprise&os=windows-server-2012-r2&sql=sql-server-2014&features=bam";
        let snap = open(ctx, &browser, link).await?;
        let ids: Vec<String> = snap.step_ids().into_iter().take(2).collect();
        tick(&browser, &ids).await?;
        click(&browser, "button#upgrade-clear-ticks", "clearing the ticks").await?;
        click(&browser, "button#upgrade-clear-confirm", "confirming the clearing").await?;
        tokio::time::sleep(Duration::from_millis(200)).await;
        let cleared = snapshot(&browser).await?;
        problems.check(cleared.done_ids().is_empty(), || format!("after Clear ticks, {:?} still show ticked", cleared.done_ids()));
        problems.check(cleared.live.iter().any(|t| t.contains("Ticks cleared")), || {
            format!("Clear ticks is not announced in the live region (it says {:?})", cleared.live)
        });
        browser.client.refresh().await?;
        let again = settle(&browser, "reloading after Clear ticks", Some(&snap.controls)).await?;
        problems.check(again.done_ids().is_empty(), || format!("Clear ticks did not clear storage: a reload shows {:?}", again.done_ids()));

        // A profile file, as `bts-advisor upgrade --profile` reads it.
        let dir = std::env::temp_dir().join(format!("bts-profile-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let good = dir.join("profile.json");
        std::fs::write(
            &good,
            r#"{"from": "2013r2", "to": "2020", "edition": "enterprise", "os": "windows-server-2012-r2", "sql": "sql-server-2014", "features": ["bam"]}"#,
        )?;
        let bad = dir.join("bad.json");
        std::fs::write(&bad, r#"{"from": "2016", "to": "2020", "edition": "standard", "os": 3, "sql": "sql-server-2016"}"#)?;
        open(ctx, &browser, "").await?;
        let input = browser.client.find(fantoccini::Locator::Id("upgrade-load")).await.map_err(|_| Fail("no #upgrade-load file input".into()))?;
        input.send_keys(&good.display().to_string()).await?;
        let loaded = settle(&browser, "loading a profile file", Some(&snap.controls)).await?;
        problems.check(loaded.notice().is_empty(), || format!("a valid profile file shows a notice: {:?}", loaded.notice()));
        let input = browser.client.find(fantoccini::Locator::Id("upgrade-load")).await?;
        input.send_keys(&bad.display().to_string()).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let refused = snapshot(&browser).await?;
        problems.check(refused.notice().contains("`os`"), || format!("a profile file with \"os\": 3 is not refused naming `os`: {:?}", refused.notice()));
        problems.check(refused.controls == snap.controls, || format!("a refused file changed the form to {:?}", refused.controls));
        // Contract v3: the service pack, the SQL Server edition and the unsure features load; a
        // service pack that SQL Server 2014 never had is refused naming the field.
        let v3 = dir.join("v3.json");
        std::fs::write(
            &v3,
            r#"{"from": "2013r2", "to": "2020", "edition": "enterprise", "os": "windows-server-2012-r2", "sql": "sql-server-2014",
                "sql_level": "sp2", "sql_edition": "standard", "features": ["bam"], "unsure": ["sftp", "edi"]}"#,
        )?;
        let want = UpgradeProfile {
            sql_level: Some(SqlLevel::Sp2),
            sql_edition: Some(SqlEdition::Standard),
            unsure: [Feature::Sftp, Feature::Edi].into_iter().collect(),
            ..profile_of(&snap.controls).map_err(Fail)?
        };
        let input = browser.client.find(fantoccini::Locator::Id("upgrade-load")).await?;
        input.send_keys(&v3.display().to_string()).await?;
        let loaded = settle(&browser, "loading a profile file with the version-3 fields", Some(&controls_of(&want))).await?;
        problems.check(loaded.notice().is_empty(), || format!("a valid version-3 profile file shows a notice: {:?}", loaded.notice()));
        let sp4 = dir.join("sp4.json");
        std::fs::write(
            &sp4,
            r#"{"from": "2016", "to": "2020", "edition": "standard", "os": "windows-server-2016", "sql": "sql-server-2014", "sql_level": "sp4"}"#,
        )?;
        let input = browser.client.find(fantoccini::Locator::Id("upgrade-load")).await?;
        input.send_keys(&sp4.display().to_string()).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let refused = snapshot(&browser).await?;
        problems.check(refused.notice().contains("`sql_level`"), || format!("SQL Server 2014 \"sp4\" is not refused naming `sql_level`: {:?}", refused.notice()));
        problems.check(refused.controls == loaded.controls, || format!("a refused file changed the form to {:?}", refused.controls));
        let _ = std::fs::remove_dir_all(&dir);
        problems.extend(ctx.judge("upgrade advisor Clear ticks and profile files", &browser.drain().await?));
        problems.into_result()
    }
    .await;
    browser.close().await;
    result
}

/// Contract v3 in the form: the SQL Server service pack and edition change the answer as they
/// change the CLI's, only the levels a SQL Server had are offered, and "Not sure" brings a
/// feature's steps in, marked, without changing the verdict; at desktop and phone width.
pub async fn version_3_inputs(ctx: &Ctx) -> R<()> {
    let browser = ctx.driver.browser(&[]).await?;
    let result = async {
        let mut p = Problems::default();
        for (width, height, mobile) in [(1280, 900, false), (390, 844, true)] {
            browser
                .cdp("Emulation.setDeviceMetricsOverride", json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}))
                .await?;
            let at = format!("at {width} px");
            open(ctx, &browser, "").await?;
            // 2016 to 2020 on SQL Server 2016, its service pack not given: said under the verdict.
            let mut profile = UpgradeProfile::default();
            fill(&browser, &profile).await?;
            let unknown = settle(&browser, &format!("the default profile {at}"), Some(&controls_of(&profile))).await?;
            p.check(unknown.attention.iter().any(|a| a == "sql-service-pack"), || {
                format!("{at}: with the service pack not given, nothing asks for it: {:?}", unknown.attention)
            });
            // SP2 is below the SP3 that BizTalk Server 2020 needs: applying SP3 comes first.
            profile.sql_level = Some(SqlLevel::Sp2);
            choose(&browser, "upgrade-sql-level", "sp2").await?;
            let sp2 = settle(&browser, &format!("SQL Server 2016 SP2 {at}"), Some(&controls_of(&profile))).await?;
            p.check(sp2.verdict.as_deref() == Some("prerequisites"), || format!("{at}: on SQL Server 2016 SP2 the verdict is {:?}", sp2.verdict));
            profile.sql_level = Some(SqlLevel::Sp3);
            choose(&browser, "upgrade-sql-level", "sp3").await?;
            let sp3 = settle(&browser, &format!("SQL Server 2016 SP3 {at}"), Some(&controls_of(&profile))).await?;
            p.check(sp3.verdict.as_deref() == Some("supported") && !sp3.attention.iter().any(|a| a == "sql-service-pack"), || {
                format!("{at}: on SQL Server 2016 SP3 the verdict is {:?}, attention {:?}", sp3.verdict, sp3.attention)
            });
            // The levels offered follow the version: none for 2019, and a level it never had is dropped.
            profile.sql = SqlServer::SqlServer2019;
            profile.sql_level = None;
            choose(&browser, "upgrade-sql", "sql-server-2019").await?;
            settle(&browser, &format!("SQL Server 2019 {at}"), Some(&controls_of(&profile))).await?;
            let offered = browser.js("return [...document.querySelectorAll('#upgrade-sql-level option')].map(o => o.value)", vec![]).await?;
            p.check(offered == json!([""]), || format!("{at}: SQL Server 2019 is offered the service packs {offered}"));
            // BAM real-time aggregations with SQL Server upgraded: the edition decides.
            profile.sql = SqlServer::SqlServer2014;
            profile.features.insert(Feature::BamRta);
            choose(&browser, "upgrade-sql", "sql-server-2014").await?;
            click(&browser, "input[name=feature][value='bam-rta']", "ticking BAM real-time aggregations").await?;
            let standard = settle(&browser, &format!("SQL Server 2014 with BAM RTA {at}"), Some(&controls_of(&profile))).await?;
            p.check(standard.attention.iter().any(|a| a == "sql-edition-rta"), || {
                format!("{at}: BAM RTA with SQL Server upgraded and its edition not given does not ask for Enterprise: {:?}", standard.attention)
            });
            profile.sql_edition = Some(SqlEdition::Enterprise);
            choose(&browser, "upgrade-sql-edition", "enterprise").await?;
            let enterprise = settle(&browser, &format!("SQL Server Enterprise {at}"), Some(&controls_of(&profile))).await?;
            p.check(!enterprise.attention.iter().any(|a| a == "sql-edition-rta"), || {
                format!("{at}: with SQL Server Enterprise the page still asks for it: {:?}", enterprise.attention)
            });
            // "Not sure" of the SFTP adapter: more steps, marked (checked in `differences`), same verdict.
            profile.unsure.insert(Feature::Sftp);
            click(&browser, "input[name=unsure][value='sftp']", "ticking 'Not sure' for the SFTP adapter").await?;
            let unsure = settle(&browser, &format!("not sure of the SFTP adapter {at}"), Some(&controls_of(&profile))).await?;
            p.check(unsure.verdict == enterprise.verdict && unsure.steps.len() > enterprise.steps.len(), || {
                format!(
                    "{at}: 'Not sure' of SFTP gives {:?} with {} steps, before {:?} with {}",
                    unsure.verdict,
                    unsure.steps.len(),
                    enterprise.verdict,
                    enterprise.steps.len()
                )
            });
            p.check(unsure.steps.iter().any(|s| s.text.contains("(if you use the SFTP adapter)")), || {
                format!("{at}: no step says \"(if you use the SFTP adapter)\"")
            });
            // Ticking the feature itself clears its "Not sure": one state per feature.
            profile.unsure.remove(&Feature::Sftp);
            profile.features.insert(Feature::Sftp);
            click(&browser, "input[name=feature][value='sftp']", "ticking the SFTP adapter").await?;
            let sure = settle(&browser, &format!("ticking SFTP after 'Not sure' {at}"), Some(&controls_of(&profile))).await?;
            p.check(!sure.steps.iter().any(|s| s.text.contains("(if you use")), || format!("{at}: ticked, SFTP steps still say \"(if you use\""));
            // Both boxes of a row are on screen, side by side, inside the form.
            let row = browser
                .js(
                    "const a = document.getElementById('feature-sftp').getBoundingClientRect();
                     const b = document.getElementById('unsure-sftp').getBoundingClientRect();
                     return { same_line: Math.abs(a.top - b.top) < 40, inside: b.right <= document.documentElement.clientWidth, visible: a.width > 0 && b.width > 0 };",
                    vec![],
                )
                .await?;
            p.check(row == json!({"same_line": true, "inside": true, "visible": true}), || format!("{at}: a feature's two boxes sit badly: {row}"));
        }
        p.extend(ctx.judge("upgrade advisor contract v3 inputs", &browser.drain().await?));
        p.into_result()
    }
    .await;
    browser.close().await;
    result
}
