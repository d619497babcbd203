//! The browser side: the entry point, the two advisors and the edges to the browser (URL,
//! localStorage, clipboard, clock). Components take signals and return views; derived values are
//! memos; effects appear only where the page talks to the browser.

mod browser;
mod common;
mod hotfix;
mod upgrade;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::share::{decode_hotfix_location, decode_upgrade_location};

/// Mount point of the upgrade advisor in `advisor/upgrade.md`.
const UPGRADE_MOUNT: &str = "bts-upgrade-advisor";
/// Mount point of the hotfix planner in `advisor/hotfix.md`.
const HOTFIX_MOUNT: &str = "bts-hotfix-advisor";

/// Runs when the WASM module is instantiated: mounts each advisor whose mount point is on the page,
/// replacing the fallback content written for browsers without JavaScript or WebAssembly.
#[wasm_bindgen(start)]
pub fn start() {
    let upgrade = browser::element(UPGRADE_MOUNT);
    let hotfix = browser::element(HOTFIX_MOUNT);
    // The URL belongs to an advisor only on its own page; mdBook's print.html holds every chapter,
    // and there the two advisors start from their defaults and leave the URL alone.
    let owns_url = upgrade.is_some() != hotfix.is_some();
    let (hash, query) = if owns_url { browser::location() } else { (String::new(), String::new()) };
    let today = browser::today();

    if let Some(mount) = upgrade {
        let initial = decode_upgrade_location(&hash, &query);
        mount.set_inner_html("");
        mount.class_list().add_1("bts-advisor-running").ok();
        leptos::mount::mount_to(mount, move || view! { <upgrade::UpgradeAdvisor initial owns_url today/> }).forget();
    }
    if let Some(mount) = hotfix {
        let initial = decode_hotfix_location(&hash, &query);
        mount.set_inner_html("");
        mount.class_list().add_1("bts-advisor-running").ok();
        leptos::mount::mount_to(mount, move || view! { <hotfix::HotfixPlanner initial owns_url/> }).forget();
    }
}
