//! The browser advisor: the upgrade advisor and the hotfix planner, as a Leptos (CSR) app that
//! the book's advisor pages load as WASM. It only collects a profile, asks `bts_rules` and shows
//! the report; it knows nothing about BizTalk Server itself.
//!
//! - [`share`]: profiles in the URL (decode with per-field fallbacks, canonical encode).
//! - [`progress`]: ticked steps in localStorage (keys, values, unreadable values).
//! - [`present`]: small formatting helpers the views use.
//! - `app` (WASM only): the components and the edges to the browser (URL, storage, clipboard).
//!
//! Everything but `app` is plain Rust with native unit tests (`cargo test -p bts-advisor-web`).

pub mod present;
pub mod progress;
pub mod share;

#[cfg(target_arch = "wasm32")]
mod app;
