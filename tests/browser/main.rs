//! The browser suite: the built site, served by `cargo xtask test` (env `SITE_URL`, `SITE_DIR`),
//! driven in Debian's headless Chromium through chromedriver on loopback.
//!
//! - every page loads with no console error, failed request, external request or CSP violation;
//! - the upgrade advisor and the hotfix planner answer exactly what `bts_rules` (and so the
//!   `bts-advisor` CLI) answers, as inputs change, across reloads, shared links opened in a fresh
//!   profile, corrupted stored progress and malformed links; also opened from file://;
//! - the first answer (prerendered: on screen at first paint; a shared link's within 400 ms) and
//!   layout shift while the app takes over, recompute after a change, WASM + JS size budgets;
//! - the front page: both advisors one click away above the fold, the support countdown;
//! - axe-core accessibility checks (WCAG 2 A and AA) and screenshots in target/screenshots;
//! - Lighthouse (performance, accessibility, best practices, SEO) and the bytes each page
//!   transfers, on the front page, the compatibility page and both advisors.
//!
//! `cargo xtask test` runs it. By hand, against a site you built and serve yourself:
//!
//! ```text
//! cargo xtask build && cargo xtask serve --no-build --port 3999 &
//! SITE_URL=http://127.0.0.1:3999/ SITE_DIR=target/site cargo test -p site-tests --test browser -- [FILTER]
//! ```
//!
//! Custom harness: only the checks whose name contains FILTER run (the others are counted as
//! filtered out), and the run ends with "browser suite: N passed, N failed". Screenshots and print
//! previews go to `<target>/screenshots` (Lighthouse reports in its `lighthouse/`), axe-core and
//! Lighthouse to `<target>/browser-tools`. Chromium and ChromeDriver must be installed (`cargo
//! xtask test` installs them); the suite stops at once, naming the missing file, when they are not.

mod advisor;
mod axe;
mod driver;
mod front;
mod harness;
mod hotfix;
mod inventory;
mod lighthouse;
mod npm;
mod pages;
mod pictures;
mod plans;
mod transfer;
mod upgrade;

use std::process::ExitCode;
use std::time::Instant;

use harness::{Ctx, Fail, R, Suite};

fn main() -> ExitCode {
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
    if runtime.block_on(run(filter)) { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

async fn run(filter: Option<String>) -> bool {
    let start = Instant::now();
    let mut suite = Suite::new(filter);
    let ctx = match setup().await {
        Ok(ctx) => ctx,
        Err(Fail(why)) => {
            suite.fail_setup("setup", &why);
            return suite.finish(&[], start.elapsed());
        }
    };
    println!("browser suite: {} (files in {})", ctx.site, ctx.site_dir.display());

    // Timings first, in a browser that has done nothing else yet: what a visitor's would be.
    suite.run("advisor first answer: verdict on screen by 400 ms, layout shift under 0.1", advisor::first_answer(&ctx)).await;
    suite.run("advisor speed: recompute under 10 ms (goal 5 ms)", advisor::speed(&ctx)).await;
    suite.run("every page loads cleanly over http", pages::every_page(&ctx)).await;
    suite.run("every page loads cleanly from file://", pages::every_page_from_file(&ctx)).await;
    suite.run("book search works under the CSP", pages::search(&ctx)).await;
    suite.run("front door: both advisors one click away, support countdown, sidebar", front::front_door(&ctx)).await;
    suite.run("upgrade advisor answers as the CLI does while inputs change", upgrade::answers_follow_inputs(&ctx)).await;
    suite
        .run("upgrade advisor: SQL Server service pack, edition and \"not sure\" answer as the CLI does", upgrade::version_3_inputs(&ctx))
        .await;
    suite.run("upgrade advisor keeps ticked steps across reloads", upgrade::progress_survives_reload(&ctx)).await;
    suite.run("upgrade advisor shared link gives the same answer in a fresh profile", upgrade::shared_link(&ctx)).await;
    suite.run("upgrade advisor survives corrupted stored progress", upgrade::corrupted_storage(&ctx)).await;
    suite.run("upgrade advisor falls back on malformed links", upgrade::malformed_links(&ctx)).await;
    suite.run("upgrade advisor copies the CLI's Markdown", upgrade::copy_markdown(&ctx)).await;
    suite.run("upgrade advisor clears ticks and loads profile files", upgrade::clear_ticks_and_profile_files(&ctx)).await;
    suite.run("plans: a tick survives answer changes, reloads and a switch of plans", plans::ticks_follow_the_plan(&ctx)).await;
    suite.run("plans: clearing asks and can be undone", plans::clearing_asks_and_undoes(&ctx)).await;
    suite.run("plans: version-1 stored progress migrates", plans::old_progress_migrates(&ctx)).await;
    suite.run("plans: the plan file carries answers, name and ticks", plans::plan_file_travels(&ctx)).await;
    suite.run("exports: Markdown and CSV carry the ticks and absolute links", plans::exports_carry_ticks(&ctx)).await;
    suite.run("plans: general notes for every upgrade collapse under one heading", plans::general_notes_collapsed(&ctx)).await;
    suite.run("plans: the answer bar is prerendered, on a phone's first screen and stays in view", plans::answer_bar_first(&ctx)).await;
    suite.run("hotfix planner answers as the CLI does while inputs change", hotfix::answers_follow_inputs(&ctx)).await;
    suite.run("hotfix planner keeps progress and shares links", hotfix::progress_and_links(&ctx)).await;
    suite.run("hotfix planner survives corrupted storage and malformed links", hotfix::bad_state(&ctx)).await;
    suite.run("hotfix planner says why a server count is refused", hotfix::refused_server_counts(&ctx)).await;
    suite
        .run(
            "update planner: version, installed update and target, a pasted build, shared link and ticks, on desktop and phone",
            hotfix::update_planner(&ctx),
        )
        .await;
    suite.run("update planner: answers files of version 3 and version 2 load, a bad one is refused", hotfix::answers_files(&ctx)).await;
    suite
        .run("inventory: one and several collector files fill the update planner, with the evidence", inventory::fills_the_planner(&ctx))
        .await;
    suite
        .run(
            "inventory: one and several collector files fill the upgrade advisor, with the evidence beside each control",
            inventory::fills_the_upgrade_advisor(&ctx),
        )
        .await;
    suite.run("pictures: support timeline (SVG) and route diagram follow the data and the form", pictures::timeline_and_route(&ctx)).await;
    suite.run("advisors work from file://", advisor::from_file(&ctx)).await;
    suite.run("advisors without JavaScript show the prerendered answer and the static guidance", advisor::without_javascript(&ctx)).await;
    suite.run("book keyboard shortcuts work outside the advisor's controls", advisor::keyboard_shortcuts(&ctx)).await;
    suite.run("every advisor control is reachable with Tab and shows focus", advisor::tab_through(&ctx)).await;
    suite.run("advisor WASM + JS within the size budget", advisor::sizes(&ctx)).await;
    suite.run("print view: verdict and checklist without navigation", advisor::print_view(&ctx)).await;
    suite.run("screenshots at desktop and phone width", advisor::screenshots(&ctx)).await;
    suite.run("accessibility: axe-core finds no WCAG 2 A/AA violation", axe::accessibility(&ctx)).await;
    suite.run("bytes over the wire per page", transfer::bytes_per_page(&ctx)).await;
    suite.run("lighthouse: performance 95+, accessibility and best practices 100", lighthouse::audit(&ctx)).await;

    let notes = ctx.notes.borrow().clone();
    ctx.main.close().await;
    drop(ctx.driver);
    suite.finish(&notes, start.elapsed())
}

async fn setup() -> R<Ctx> {
    let site = std::env::var("SITE_URL").map_err(|_| {
        Fail("SITE_URL is not set: the browser suite tests the site as served. Run `cargo xtask test`, which builds the site, serves it and runs this suite.".into())
    })?;
    let mut site = url::Url::parse(&site).map_err(|e| Fail(format!("SITE_URL={site} is not a URL ({e}); run `cargo xtask test`")))?;
    if !site.path().ends_with('/') {
        site.set_path(&format!("{}/", site.path()));
    }
    let site_dir = site_tests::env_dir("SITE_DIR")
        .ok_or_else(|| Fail("SITE_DIR is not set: the browser suite needs the built site's folder. Run `cargo xtask test`.".into()))?;
    if !site_dir.join("index.html").is_file() {
        return Err(Fail(format!(
            "SITE_DIR={} has no index.html: build the site with `cargo xtask build` (or run `cargo xtask test`)",
            site_dir.display()
        )));
    }
    // Beside the site, in the target directory it was built in: <target>/screenshots for people
    // to look at, <target>/browser-tools for axe-core.
    let target = match site_dir.parent() {
        Some(target) if site_dir.file_name().is_some_and(|n| n == "site") => target.to_path_buf(),
        _ => harness::workspace_target(),
    };
    let screenshots = target.join("screenshots");
    std::fs::create_dir_all(&screenshots)?;
    let tools = target.join("browser-tools");
    let driver = driver::Driver::start()?;
    let main = driver.browser(&[]).await?;
    Ok(Ctx { site, site_dir, driver, main, screenshots, tools, notes: Default::default() })
}
