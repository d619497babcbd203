//! The browser advisor: the upgrade advisor and the hotfix planner, compiled to WASM and loaded
//! by the book's advisor pages. It only collects a profile, asks `bts_rules` and shows the report;
//! it knows nothing about BizTalk Server itself.
//!
//! - [`share`]: profiles in the URL (decode with per-field fallbacks, canonical encode).
//! - [`progress`]: ticked steps in localStorage (versioned keys, values, unreadable values).
//! - [`profile_file`]: profiles as the CLI's JSON files (download, load).
//! - [`inventory`]: collector inventories read for "Load inventory" (into the rules crate's mapping).
//! - [`importer`]: "Load inventory"'s own WASM (feature `inventory-import`), loaded by an
//!   advisor's page only when files are chosen: fills the page's answers (its link text) from the files.
//! - [`json`]: the JSON reader both read with (no serde_json in the WASM).
//! - [`markdown`]: step details from their Markdown to HTML (the subset the rules data uses).
//! - [`html`]: the one HTML escaper (step details, the timeline, the book's tables).
//! - [`present`]: small formatting helpers (dates, headings, announcements).
//! - [`versions`]: where an upgrade from a version can go, beyond the rules crate's API.
//! - [`app`]: the two advisors as Leptos components, and their edges to the browser (URL,
//!   storage, clipboard, files). Compiled to WASM for the browser and natively for [`prerender`].
//! - [`prerender`] (native only): each advisor's first answer as HTML, for the book's build.
//!
//! Every module has native tests (`cargo test -p bts-advisor-web`); `app`'s run its components
//! through Leptos's server rendering. The edges to the browser (`app::edges`) are tested by the
//! browser suite (`tests/browser`).

pub mod html;
// The importer's (a WASM of its own, loaded on demand) and native tests'; not in the advisors'.
#[cfg(any(feature = "inventory-import", not(target_arch = "wasm32")))]
pub mod importer;
#[cfg(any(feature = "inventory-import", not(target_arch = "wasm32")))]
pub mod inventory;
pub mod json;
pub mod markdown;
pub mod present;
pub mod profile_file;
pub mod progress;
pub mod share;
pub mod versions;

#[cfg(any(feature = "upgrade-advisor", feature = "hotfix-planner"))]
pub mod app;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
