//! The browser side: the advisors as Leptos components, mounted into the book's pages.
//!
//! Every advisor is an [`Advisor`]: its profile in a signal, its report a `Memo` of the rules'
//! evaluation, and everything shown a view of the two. [`shell`] draws the frame every advisor
//! shares (notices, live region, exports, the checklist as a keyed `<For>`, stored ticks, the
//! URL) around the advisor's own form and answer. Each control is written once, with its
//! binding and its handler, in the crate's markup builder (`el.rs`, the house dialect: no
//! `view!`, and memos and effects only through `el.rs`, as `advisor/web/clippy.toml`
//! enforces). The edges to the browser (URL, storage, clipboard, files, in `edges.rs`) are
//! effects and handlers only; nothing is global.
//!
//! - `shell.rs`: the [`Advisor`] trait, [`State`] and [`shell`]: notices, live region, URL.
//! - `exports.rs`: copy, print, download, load, clear ticks. `checklist.rs`: the checklist.
//! - `widgets.rs`: selects, checkboxes, the form, source lines. `el.rs`: the markup builder.
//! - [`upgrade`], [`hotfix`]: the two advisors; `route.rs`, `timeline.rs`: the upgrade answer's
//!   pictures.

mod checklist;
mod edges;
mod el;
mod exports;
#[cfg(feature = "hotfix-planner")]
pub mod hotfix;
#[cfg(feature = "upgrade-advisor")]
mod route;
mod shell;
mod signals;
#[cfg(feature = "upgrade-advisor")]
pub(crate) mod timeline;
#[cfg(feature = "upgrade-advisor")]
pub mod upgrade;
mod widgets;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::prelude::*;

pub use shell::{Advisor, State, shell};

/// How an advisor is drawn: live in the browser, or prerendered by the book's build.
#[derive(Clone, Copy)]
pub struct RenderMode {
    /// Whether the advisor keeps its profile in the page's address (on its own page only).
    pub owns_url: bool,
    /// The date lifecycles are told on.
    pub today: bts_rules::Date,
    /// Live in the browser (false: rendered to HTML by the build, before any script runs).
    pub live: bool,
    /// Draw the checklist only after the rest of the answer is on screen. On a shared link the
    /// page shows nothing of the advisor until the app has drawn the link's answer (advisor.css),
    /// and the checklist's hundreds of elements were most of that work: without them the verdict
    /// is painted a frame sooner, the checklist right after. Never on a default page, where the
    /// app replaces the prerendered answer, checklist included, in one go.
    pub defer_checklist: bool,
    /// Opened without answers in the address: show the plan shown last, with its answers.
    pub restore_plan: bool,
}

/// Runs when the WASM module is instantiated: mounts each advisor whose mount point is on the
/// page, replacing the fallback content written for browsers without JavaScript or WebAssembly.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(start)]
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let mount = |id: &str| document.get_element_by_id(id);
    // The URL belongs to an advisor only on its own page. mdBook's print.html holds every chapter:
    // there both advisors start from their defaults and leave the address alone.
    let owns_url = mount("bts-upgrade-advisor").is_some() != mount("bts-hotfix-advisor").is_some();
    let (hash, query) = if owns_url { edges::location() } else { Default::default() };
    // Marked by theme/csp/body.js before the page's content was parsed.
    let profile_link = document
        .document_element()
        .is_some_and(|html| html.class_list().contains("bts-profile-link"));
    let restore_plan = owns_url && !hash.contains('=') && !query.contains('=');
    let mode = RenderMode { owns_url, today: edges::today(), live: true, defer_checklist: profile_link, restore_plan };
    // Each WASM has one advisor (the crate's features); the page tells which mount points exist.
    #[cfg(feature = "upgrade-advisor")]
    if let Some(mount) = mount("bts-upgrade-advisor") {
        mount_into::<upgrade::UpgradeAdvisor>(mount, &hash, &query, mode);
    }
    #[cfg(feature = "hotfix-planner")]
    if let Some(mount) = mount("bts-hotfix-advisor") {
        mount_into::<hotfix::HotfixPlanner>(mount, &hash, &query, mode);
    }
}

/// Draws advisor `A` in `mount`, for the profile in the page's address, in place of what the
/// page held (the prerendered answer, the no-JavaScript note).
#[cfg(target_arch = "wasm32")]
fn mount_into<A: Advisor>(mount: web_sys::Element, hash: &str, query: &str, mode: RenderMode) {
    let Ok(mount) = mount.dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    let decoded = A::decode(crate::share::Link::location(hash, query));
    mount.set_inner_html("");
    let _ = mount.class_list().add_1("bts-advisor-running");
    leptos::mount::mount_to(mount, move || shell::<A>(decoded, mode)).forget();
}
