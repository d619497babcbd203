//! The browser advisor: the upgrade advisor and the hotfix planner, compiled to WASM and loaded
//! by the book's advisor pages. It only collects a profile, asks `bts_rules` and shows the report;
//! it knows nothing about BizTalk Server itself.
//!
//! - [`share`]: profiles in the URL (decode with per-field fallbacks, canonical encode).
//! - [`progress`]: ticked steps in localStorage (versioned keys, values, unreadable values).
//! - [`profile_file`]: profiles as the CLI's JSON files (download, load).
//! - [`markdown`]: step details from their Markdown to HTML (the subset the rules data uses).
//! - [`present`]: small formatting helpers (dates, headings, announcements).
//! - `app` (WASM only): the two advisors as Leptos components, and their edges to the browser
//!   (URL, storage, clipboard, files).
//!
//! Everything but `app` is plain Rust with native unit tests (`cargo test -p bts-advisor-web`).

pub mod markdown;
pub mod present;
pub mod profile_file;
pub mod progress;
pub mod share;

pub mod app;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
