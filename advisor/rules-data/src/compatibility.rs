//! `compatibility.toml`: the documented in-place upgrades and their three compatibility tables
//! (operating system, SQL Server, edition), cell for cell. Generates `DOCUMENTED_UPGRADES`.
//!
//! Also holds `Version::SOURCES` and `Version::TARGETS` (code, because profile validation matches
//! on them) to this file: the versions the upgrades start from and end in.

use std::collections::BTreeSet;
use std::fmt::{Debug, Write as _};

use bts_vocabulary::{Edition, OperatingSystem, SqlServer, Support, Version, Vocabulary};
use serde::Deserialize;

use crate::check::{At, DataError, parse};
use crate::emit::list;

pub const FILE: &str = "compatibility.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CompatibilityFile {
    upgrade: Vec<UpgradeEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UpgradeEntry {
    to: String,
    from: Vec<String>,
    source: String,
    sql_reach_first: Vec<String>,
    os: Vec<toml::Table>,
    sql: Vec<toml::Table>,
    edition: Vec<toml::Table>,
}

/// One of an upgrade's tables: rows keyed by a vocabulary value in column `key`, one "yes" or
/// "no" cell per column.
struct Table<'a> {
    /// The key column, which also names the table in errors (`os row ...`).
    key: &'static str,
    /// What the key is, for errors (`operating system`).
    what: &'static str,
    /// The Rust type of the key, for the generated code.
    rust_type: &'static str,
    /// The cell columns, in the order of the generated cells.
    columns: &'a [&'static str],
    /// How an error about an unknown column introduces `columns`.
    columns_are: &'static str,
}

/// Checks a table's rows and returns their Rust source and how many distinct rows there are.
fn rows<K: Vocabulary + Debug>(at: &At, rows: &[toml::Table], table: &Table) -> Result<(String, usize), DataError> {
    let mut code = String::new();
    let mut seen = BTreeSet::new();
    for row in rows {
        let at = at.within(format_args!("{} row {:?}", table.key, row.get(table.key)));
        let key: K = at.id(row.get(table.key).and_then(|v| v.as_str()).unwrap_or(""), table.what)?;
        at.ensure(seen.insert(key), "row appears twice")?;
        if let Some(unknown) = row.keys().find(|k| *k != table.key && !table.columns.contains(&k.as_str())) {
            return Err(at.error(format!("unknown column \"{unknown}\" ({}: {})", table.columns_are, table.columns.join(", "))));
        }
        let cells: Vec<Support> = table.columns.iter().map(|column| cell(&at, row, column)).collect::<Result<_, _>>()?;
        write!(code, "({}::{key:?}, {}), ", table.rust_type, list("Support", &cells)).unwrap();
    }
    Ok((code, seen.len()))
}

fn cell(at: &At, row: &toml::Table, column: &str) -> Result<Support, DataError> {
    match row.get(column).and_then(|v| v.as_str()) {
        Some("yes") => Ok(Support::Yes),
        Some("no") => Ok(Support::No),
        Some(other) => Err(at.error(format!("cell \"{column}\" is \"{other}\"; a cell is \"yes\" or \"no\""))),
        None => Err(at.error(format!("missing cell \"{column}\""))),
    }
}

pub fn generate(text: &str, out: &mut String) -> Result<(), DataError> {
    let file: CompatibilityFile = parse(FILE, text)?;
    out.push_str("pub static DOCUMENTED_UPGRADES: &[DocumentedUpgrade] = &[\n");
    let (mut targets, mut sources) = (BTreeSet::new(), BTreeSet::new());
    let editions: Vec<&'static str> = Edition::ALL.iter().map(|e| e.id()).collect();
    for upgrade in &file.upgrade {
        let at = At::new(FILE, format!("upgrade to {}", upgrade.to));
        let to: Version = at.id(&upgrade.to, "version")?;
        at.ensure(targets.insert(to), "a second table set for the same target version")?;
        let from: Vec<Version> = at.ids(&upgrade.from, "version")?;
        at.ensure(!from.is_empty(), "`from` lists no version")?;
        sources.extend(from.iter().copied());
        at.source(&upgrade.source)?;

        let columns: Vec<&'static str> = from.iter().map(|f| f.id()).collect();
        let by_version = |key, what, rust_type| Table { key, what, rust_type, columns: &columns, columns_are: "this table's columns" };
        let (os_rows, _) = rows::<OperatingSystem>(&at, &upgrade.os, &by_version("os", "operating system", "OperatingSystem"))?;
        let (sql_rows, _) = rows::<SqlServer>(&at, &upgrade.sql, &by_version("sql", "SQL Server version", "SqlServer"))?;
        let edition_table = Table { key: "edition", what: "edition", rust_type: "Edition", columns: &editions, columns_are: "accepted" };
        let (edition_rows, edition_count) = rows::<Edition>(&at, &upgrade.edition, &edition_table)?;
        at.ensure(edition_count == Edition::ALL.len(), format!("the edition table needs a row for each of {}", Edition::accepted_ids()))?;

        let reach_first: Vec<SqlServer> = at.ids(&upgrade.sql_reach_first, "SQL Server version")?;
        writeln!(
            out,
            "    DocumentedUpgrade {{ to: Version::{to:?}, from: {}, source: {:?}, sql_reach_first: {},\n        os: &[{os_rows}],\n        sql: &[{sql_rows}],\n        editions: &[{edition_rows}] }},",
            list("Version", &from),
            upgrade.source,
            list("SqlServer", &reach_first),
        )
        .unwrap();
    }
    out.push_str("];\n\n");
    agrees_with_code("start from", &sources, Version::SOURCES, "SOURCES")?;
    agrees_with_code("end in", &targets, Version::TARGETS, "TARGETS")
}

/// The versions the upgrades start from (end in) are `Version::SOURCES` (`TARGETS`): what a
/// profile may name as `from` (`to`).
fn agrees_with_code(verb: &str, data: &BTreeSet<Version>, code: &[Version], constant: &str) -> Result<(), DataError> {
    let code: BTreeSet<Version> = code.iter().copied().collect();
    let ids = |versions: &BTreeSet<Version>| versions.iter().map(|v| v.id()).collect::<Vec<_>>().join(", ");
    At::new(FILE, "file").ensure(
        *data == code,
        format!(
            "the upgrades {verb} {}, but Version::{constant} (advisor/vocabulary/src/vocabulary.rs) lists {}: change one to match the other",
            ids(data),
            ids(&code)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::tests::{edit, error};

    /// Every target edition from every edition: only Enterprise.
    const EDITIONS: &str = r#"
  [[upgrade.edition]]
  edition = "evaluation"
  evaluation = "no"
  branch = "no"
  developer = "no"
  standard = "no"
  enterprise = "yes"
  [[upgrade.edition]]
  edition = "branch"
  evaluation = "no"
  branch = "no"
  developer = "no"
  standard = "no"
  enterprise = "yes"
  [[upgrade.edition]]
  edition = "developer"
  evaluation = "no"
  branch = "no"
  developer = "no"
  standard = "no"
  enterprise = "yes"
  [[upgrade.edition]]
  edition = "standard"
  evaluation = "no"
  branch = "no"
  developer = "no"
  standard = "no"
  enterprise = "yes"
  [[upgrade.edition]]
  edition = "enterprise"
  evaluation = "no"
  branch = "no"
  developer = "no"
  standard = "no"
  enterprise = "yes"
"#;

    /// Two upgrades that agree with `Version::SOURCES` and `Version::TARGETS`.
    fn valid() -> String {
        format!(
            r#"
[[upgrade]]
to = "2016"
from = ["2013r2", "2013"]
source = "compatibility.html#upgrade-to-2016"
sql_reach_first = ["sql-server-2016"]
  [[upgrade.os]]
  os = "windows-server-2012-r2"
  "2013r2" = "yes"
  "2013" = "no"
  [[upgrade.sql]]
  sql = "sql-server-2014"
  "2013r2" = "yes"
  "2013" = "no"
{EDITIONS}
[[upgrade]]
to = "2020"
from = ["2016"]
source = "compatibility.html#upgrade-to-2020"
sql_reach_first = []
  [[upgrade.os]]
  os = "windows-server-2016"
  "2016" = "yes"
  [[upgrade.sql]]
  sql = "sql-server-2016"
  "2016" = "no"
{EDITIONS}"#
        )
    }

    fn generate(text: &str) -> Result<String, DataError> {
        let mut out = String::new();
        super::generate(text, &mut out).map(|()| out)
    }

    #[test]
    fn a_valid_file_becomes_documented_upgrades_cell_for_cell() {
        let code = generate(&valid()).unwrap();
        assert!(code.starts_with("pub static DOCUMENTED_UPGRADES: &[DocumentedUpgrade] = &[\n    DocumentedUpgrade { to: Version::Bts2016, from: &[Version::Bts2013R2, Version::Bts2013], source: \"compatibility.html#upgrade-to-2016\", sql_reach_first: &[SqlServer::SqlServer2016],\n        os: &[(OperatingSystem::WindowsServer2012R2, &[Support::Yes, Support::No]), ],\n        sql: &[(SqlServer::SqlServer2014, &[Support::Yes, Support::No]), ],\n        editions: &[(Edition::Evaluation, &[Support::No, Support::No, Support::No, Support::No, Support::Yes]), "), "{code}");
        assert!(code.contains("    DocumentedUpgrade { to: Version::Bts2020, from: &[Version::Bts2016], source: \"compatibility.html#upgrade-to-2020\", sql_reach_first: &[],\n        os: &[(OperatingSystem::WindowsServer2016, &[Support::Yes]), ],\n        sql: &[(SqlServer::SqlServer2016, &[Support::No]), ],\n"), "{code}");
        assert!(
            code.ends_with("(Edition::Enterprise, &[Support::No, Support::No, Support::No, Support::No, Support::Yes]), ] },\n];\n\n"),
            "{code}"
        );
    }

    #[test]
    fn an_unknown_version_is_named() {
        assert_eq!(
            error(generate(&edit(&valid(), "to = \"2016\"", "to = \"2010\""))),
            "advisor/rules/data/compatibility.toml: upgrade to 2010: unknown version \"2010\" (accepted: 2013, 2013r2, 2016, 2020)"
        );
    }

    #[test]
    fn a_target_has_one_table_set() {
        assert_eq!(
            error(generate(&edit(&valid(), "to = \"2020\"", "to = \"2016\""))),
            "advisor/rules/data/compatibility.toml: upgrade to 2016: a second table set for the same target version"
        );
    }

    #[test]
    fn an_upgrade_starts_somewhere() {
        assert_eq!(
            error(generate(&edit(&valid(), "from = [\"2016\"]", "from = []"))),
            "advisor/rules/data/compatibility.toml: upgrade to 2020: `from` lists no version"
        );
    }

    #[test]
    fn an_upgrade_names_its_book_section() {
        assert_eq!(
            error(generate(&edit(&valid(), "compatibility.html#upgrade-to-2020", "compatibility.html"))),
            "advisor/rules/data/compatibility.toml: upgrade to 2020: source \"compatibility.html\" needs a #anchor naming the book section"
        );
    }

    #[test]
    fn a_row_key_is_a_known_value() {
        assert_eq!(
            error(generate(&edit(&valid(), "os = \"windows-server-2016\"", "os = \"windows-server-2003\""))),
            "advisor/rules/data/compatibility.toml: upgrade to 2020, os row Some(String(\"windows-server-2003\")): unknown operating system \"windows-server-2003\" (accepted: windows-server-2022, windows-server-2019, windows-server-2016, windows-server-2012-r2, windows-server-2012, windows-11, windows-10, windows-8.1, windows-8, windows-7-sp1)"
        );
        assert_eq!(
            error(generate(&edit(&valid(), "sql = \"sql-server-2014\"", "sql_server = \"sql-server-2014\""))),
            "advisor/rules/data/compatibility.toml: upgrade to 2016, sql row None: unknown SQL Server version \"\" (accepted: sql-server-2022, sql-server-2019, sql-server-2017, sql-server-2016, sql-server-2014, sql-server-2012-sp1, sql-server-2012, sql-server-2008-r2-sp1)"
        );
    }

    #[test]
    fn a_row_appears_once() {
        let twice = edit(
            &valid(),
            "  [[upgrade.sql]]\n  sql = \"sql-server-2016\"",
            "  [[upgrade.sql]]\n  sql = \"sql-server-2016\"\n  \"2016\" = \"yes\"\n  [[upgrade.sql]]\n  sql = \"sql-server-2016\"",
        );
        assert_eq!(
            error(generate(&twice)),
            "advisor/rules/data/compatibility.toml: upgrade to 2020, sql row Some(String(\"sql-server-2016\")): row appears twice"
        );
        let twice = edit(&valid(), "edition = \"branch\"", "edition = \"evaluation\"");
        assert_eq!(
            error(generate(&twice)),
            "advisor/rules/data/compatibility.toml: upgrade to 2016, edition row Some(String(\"evaluation\")): row appears twice"
        );
    }

    #[test]
    fn a_column_is_a_version_the_upgrade_starts_from() {
        assert_eq!(
            error(generate(&edit(&valid(), "  \"2013\" = \"no\"", "  \"2012\" = \"no\""))),
            "advisor/rules/data/compatibility.toml: upgrade to 2016, os row Some(String(\"windows-server-2012-r2\")): unknown column \"2012\" (this table's columns: 2013r2, 2013)"
        );
    }

    #[test]
    fn an_edition_column_is_an_edition() {
        assert_eq!(
            error(generate(&edit(&valid(), "  evaluation = \"no\"", "  trial = \"no\""))),
            "advisor/rules/data/compatibility.toml: upgrade to 2016, edition row Some(String(\"evaluation\")): unknown column \"trial\" (accepted: evaluation, branch, developer, standard, enterprise)"
        );
    }

    #[test]
    fn a_cell_is_yes_or_no() {
        assert_eq!(
            error(generate(&edit(&valid(), "\"2016\" = \"yes\"", "\"2016\" = \"maybe\""))),
            "advisor/rules/data/compatibility.toml: upgrade to 2020, os row Some(String(\"windows-server-2016\")): cell \"2016\" is \"maybe\"; a cell is \"yes\" or \"no\""
        );
    }

    #[test]
    fn every_cell_is_given() {
        assert_eq!(
            error(generate(&edit(
                &valid(),
                "  \"2013r2\" = \"yes\"\n  \"2013\" = \"no\"\n  [[upgrade.sql]]",
                "  \"2013r2\" = \"yes\"\n  [[upgrade.sql]]"
            ))),
            "advisor/rules/data/compatibility.toml: upgrade to 2016, os row Some(String(\"windows-server-2012-r2\")): missing cell \"2013\""
        );
    }

    #[test]
    fn the_edition_table_has_every_edition() {
        let without_enterprise =
            edit(&valid(), &EDITIONS[EDITIONS.find("  [[upgrade.edition]]\n  edition = \"enterprise\"").unwrap()..], "");
        assert_eq!(
            error(generate(&without_enterprise)),
            "advisor/rules/data/compatibility.toml: upgrade to 2016: the edition table needs a row for each of evaluation, branch, developer, standard, enterprise"
        );
    }

    #[test]
    fn a_sql_server_to_reach_first_is_a_known_version() {
        assert_eq!(
            error(generate(&edit(&valid(), "sql_reach_first = [\"sql-server-2016\"]", "sql_reach_first = [\"sql-server-2005\"]"))),
            "advisor/rules/data/compatibility.toml: upgrade to 2016: unknown SQL Server version \"sql-server-2005\" (accepted: sql-server-2022, sql-server-2019, sql-server-2017, sql-server-2016, sql-server-2014, sql-server-2012-sp1, sql-server-2012, sql-server-2008-r2-sp1)"
        );
    }

    #[test]
    fn the_versions_upgrades_start_from_and_end_in_are_those_the_code_accepts() {
        assert_eq!(
            error(generate(&edit(&valid(), "from = [\"2013r2\", \"2013\"]", "from = [\"2013r2\"]").replace("  \"2013\" = \"no\"\n", ""))),
            "advisor/rules/data/compatibility.toml: file: the upgrades start from 2013r2, 2016, but Version::SOURCES (advisor/vocabulary/src/vocabulary.rs) lists 2013, 2013r2, 2016: change one to match the other"
        );
        let only_2016 = valid()[..valid().find("[[upgrade]]\nto = \"2020\"").unwrap()]
            .replace("from = [\"2013r2\", \"2013\"]", "from = [\"2013r2\", \"2013\", \"2016\"]");
        let only_2016 = only_2016.replace("\"2013\" = \"no\"", "\"2013\" = \"no\"\n  \"2016\" = \"no\"");
        assert_eq!(
            error(generate(&only_2016)),
            "advisor/rules/data/compatibility.toml: file: the upgrades end in 2016, but Version::TARGETS (advisor/vocabulary/src/vocabulary.rs) lists 2016, 2020: change one to match the other"
        );
    }

    #[test]
    fn an_unknown_field_is_refused() {
        let message = error(generate(&edit(&valid(), "sql_reach_first = []", "sql_reach_first = []\nnote = \"x\"")));
        assert!(message.starts_with("advisor/rules/data/compatibility.toml: syntax: "), "{message}");
        assert!(message.contains("unknown field `note`"), "{message}");
    }
}
