//! What Microsoft documents about upgrading BizTalk Server and installing its hotfixes, as typed
//! data, and the functions that turn an administrator's profile into a report.
//!
//! - [`vocabulary`]: the closed sets of values (versions, editions, operating systems, ...) and
//!   [`Date`], from the `bts-vocabulary` crate and re-exported here whole.
//! - [`data`]: the rules themselves, generated at build time from `data/*.toml` by
//!   `bts-rules-data`, as statics of the types in `model` ([`DocumentedUpgrade`], [`Lifecycle`],
//!   [`TargetPlatform`], [`UpgradeStep`], [`HotfixStep`], ...), and [`data::messages`], the
//!   report's sentences.
//! - The two profiles: `upgrade_profile` ([`UpgradeProfile`]) and `hotfix_profile`
//!   ([`HotfixProfile`]), each validated from loosely typed fields; `profile`, what they share
//!   ([`ProfileError`] naming the field at fault); `feature_set` ([`FeatureSet`]).
//! - [`evaluate_upgrade`] (`upgrade`: route, SQL Server move, checks, verdict, inferred features,
//!   checklist) and [`evaluate_hotfix`] (`hotfix`): the only two questions the product answers.
//!   The command line, the browser advisor and the book's tables all call these and only format
//!   what they return.
//! - What the reports offer to those who format them: `checklist` (the steps in [`Section`]s),
//!   `markdown` (`to_markdown`, `export_markdown`), `export` ([`Export`]: ticks, links and
//!   CSV, shared by the command line and the browser), the JSON of `upgrade::json` and `hotfix`, and `sentence` (what
//!   the sentences share).
//! - `inventory`: [`read_inventories`], the collector's `bts-inventory/1` files to both profiles
//!   with the evidence for each value (`bts-advisor inventory`, "Load inventory").
//! - `api`: [`VocabularyDocument`] (`bts-advisor vocab`) and [`all_sources`].
//! - `updates`: the update catalogue ([`UpdateVersion`], [`Update`]), [`which`] build is which
//!   update, and [`UpdateCatalogueDocument`] (`bts-advisor updates`, `api/updates.json`).
//! - `testing` (feature `testing`): profiles for tests and benchmarks.
//!
//! This crate depends on serde (and `bts-vocabulary`, itself serde only) and nothing
//! web-related, so it compiles unchanged for the command line and for WASM.

mod api;
mod checklist;
mod export;
mod feature_set;
mod hotfix;
mod hotfix_profile;
mod inventory;
mod markdown;
mod model;
mod profile;
mod sentence;
mod updates;
mod upgrade;
mod upgrade_profile;

#[cfg(feature = "testing")]
pub mod testing;

pub use api::{VocabularyDocument, all_sources};
pub use bts_vocabulary::*;
pub use checklist::{GENERAL_NOTES_HEADING, Section, StepView, general_notes_first};
pub use export::{BaseUrl, BaseUrlError, CSV_DONE, CSV_HEADER, Export, RELATIVE_LINKS_NOTE};
pub use feature_set::FeatureSet;
pub use hotfix::{HotfixReport, UpdatePlan, evaluate_hotfix};
pub use hotfix_profile::{FEATURE_PACKS, HotfixProfile, RawHotfixProfile};
pub use inventory::{
    Adapter, BamSection, BizTalkSection, DatabaseRef, Evidence, GroupSection, HOTFIX_FEATURES, HostInstance, HotfixReading,
    INVENTORY_SCHEMA, Inventory, InventoryError, InventoryFile, InventoryReading, ReadError, ServerReading, SqlInstance, Unknown,
    UpgradeReading, WindowsSection, read_inventories,
};
pub use model::{
    CurrentPlatform, DocumentedUpgrade, HotfixStep, Lifecycle, Software, SqlUpgradePath, StepEnvironment, SupportPhase, TargetPlatform,
    UpgradeCondition, UpgradeStep, WinscpVersion, minimum_service_pack,
};
pub use profile::{ProfileError, parse_value, problem_lines};
pub use updates::{
    Confidence, LatestUpdate, Update, UpdateCatalogueDocument, UpdateKind, UpdateSource, UpdateVersion, WhichAnswer, WinscpStep,
    parse_build, which,
};
pub use upgrade::{
    Attention, Check, ChecklistStep, Hop, InferredFeature, LifecycleEntry, LifecyclePhase, Prerequisite, SqlInPlace, UpgradeReport,
    evaluate_upgrade, newer_to_build_on, route, sql_in_place, sql_in_place_at, support_ending,
};
pub use upgrade_profile::{RawUpgradeProfile, UpgradeProfile};

/// The rules, as generated from `data/*.toml` by the build script (`bts-rules-data`): one static
/// per table of the data, and [`data::messages`], one function per sentence of `messages.toml`.
pub mod data {
    use crate::*;
    include!(concat!(env!("OUT_DIR"), "/rules_data.rs"));
}
