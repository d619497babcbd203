//! The read-only BizTalk environment collector, as the files the site ships.
//!
//! The collector itself is not Rust: it is a Windows PowerShell script an administrator runs on each
//! BizTalk server, the same SQL queries as a file for a DBA, and the JSON Schema of the inventory the
//! script writes (`bts-inventory/1`, fixed by the advisor's contract). This crate holds them so the
//! xtask can ship them with the site and the tests in `tests/` can check them: the script parses as
//! PowerShell and calls only read commands, the SQL is SELECT-only and the same in both files, and
//! the script writes every field the schema names. PowerShell cannot run on the build machine, so
//! the script has never been run by these tests.

/// `bts-collect.ps1`: the collector (Windows PowerShell 5.1, written to the 4.0 language).
pub const SCRIPT: &str = include_str!("../bts-collect.ps1");

/// `bts-collect.sql`: the SELECT statements the script sends, for a DBA to run separately.
pub const SQL: &str = include_str!("../bts-collect.sql");

/// `bts-inventory.schema.json`: the JSON Schema (draft 2020-12) of the `bts-inventory/1` file.
pub const SCHEMA: &str = include_str!("../bts-inventory.schema.json");

/// The file names the three are shipped under, in the order above.
pub const FILE_NAMES: [&str; 3] = ["bts-collect.ps1", "bts-collect.sql", "bts-inventory.schema.json"];

/// The `schema` value that marks a file as an inventory of this format.
pub const INVENTORY_SCHEMA_ID: &str = "bts-inventory/1";
