//! The words the advisor speaks in: the closed sets of values a profile and the rules data are
//! made of ([`vocabulary`]), and a calendar [`Date`] for support lifecycles.
//!
//! Two crates use this one: `bts-rules`, which re-exports all of it (write
//! `bts_rules::Version`, not `bts_vocabulary::Version`), and `bts-rules-data`, the build step
//! that checks `advisor/rules/data/*.toml` with these very ids and this date parser. It depends
//! on `serde` alone (a value serialises as its id), so it compiles into the browser advisor.

pub mod vocabulary;

mod date;

pub use date::Date;
pub use vocabulary::*;
