//! `sql_server.toml`: SQL Server's own in-place upgrade paths, with minimum service packs, and
//! the book sections on moving SQL Server first and on service packs. Generates
//! `SQL_MOVE_SOURCE`, `SQL_SERVICE_PACK_SOURCE` and `SQL_UPGRADE_PATHS`.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use bts_vocabulary::{SqlRelease, SqlServer};
use serde::Deserialize;

use crate::check::{At, DataError, parse};

pub const FILE: &str = "sql_server.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SqlServerFile {
    /// The book section every SQL Server prerequisite links to.
    source: String,
    /// The book section on service packs, which the prerequisite to apply one links to.
    service_pack_source: String,
    path: Vec<SqlPathEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SqlPathEntry {
    to: String,
    page: String,
    from: Vec<SqlFromEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SqlFromEntry {
    release: String,
    #[serde(default)]
    minimum_service_pack: u8,
}

pub fn generate(text: &str, out: &mut String) -> Result<(), DataError> {
    let file: SqlServerFile = parse(FILE, text)?;
    At::new(FILE, "source").source(&file.source)?;
    At::new(FILE, "service_pack_source").source(&file.service_pack_source)?;
    writeln!(out, "/// The book section on moving SQL Server before the BizTalk upgrade: the source of every\n/// SQL Server prerequisite.\npub static SQL_MOVE_SOURCE: &str = {:?};\n", file.source).unwrap();
    writeln!(out, "/// The book section on SQL Server service packs: the source of a service pack prerequisite.\npub static SQL_SERVICE_PACK_SOURCE: &str = {:?};\n", file.service_pack_source).unwrap();
    let mut seen = BTreeSet::new();
    out.push_str("pub static SQL_UPGRADE_PATHS: &[SqlUpgradePath] = &[\n");
    for path in &file.path {
        let at = At::new(FILE, format!("path to {}", path.to));
        let to: SqlServer = at.id(&path.to, "SQL Server version")?;
        at.ensure(seen.insert(to), "appears twice")?;
        at.page(&path.page)?;
        let mut from = String::new();
        for f in &path.from {
            let release: SqlRelease = at.id(&f.release, "SQL Server release")?;
            at.ensure(
                release < to.release(),
                format!("{} is not older than {}: an upgrade path goes forward", release.label(), to.label()),
            )?;
            write!(from, "(SqlRelease::{release:?}, {}), ", f.minimum_service_pack).unwrap();
        }
        writeln!(out, "    SqlUpgradePath {{ to: SqlServer::{to:?}, page: {:?}, from: &[{from}] }},", path.page).unwrap();
    }
    out.push_str("];\n\n");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::tests::{edit, error};

    const VALID: &str = r#"
source = "compatibility.html#sql-server-first"
service_pack_source = "compatibility.html#sql-service-packs"

[[path]]
to = "sql-server-2016"
page = "MicrosoftDocs/sql-docs: docs/database-engine/install-windows/supported-version-and-edition-upgrades.md"
from = [
  { release = "2012", minimum_service_pack = 2 },
  { release = "2014" },
]

[[path]]
to = "sql-server-2019"
page = "MicrosoftDocs/sql-docs: docs/database-engine/install-windows/supported-version-and-edition-upgrades-version-15.md"
from = [{ release = "2016" }]
"#;

    fn generate(text: &str) -> Result<String, DataError> {
        let mut out = String::new();
        super::generate(text, &mut out).map(|()| out)
    }

    #[test]
    fn a_valid_file_becomes_sql_upgrade_paths() {
        assert_eq!(
            generate(VALID).unwrap(),
            "/// The book section on moving SQL Server before the BizTalk upgrade: the source of every\n/// SQL Server prerequisite.\npub static SQL_MOVE_SOURCE: &str = \"compatibility.html#sql-server-first\";\n\n/// The book section on SQL Server service packs: the source of a service pack prerequisite.\npub static SQL_SERVICE_PACK_SOURCE: &str = \"compatibility.html#sql-service-packs\";\n\npub static SQL_UPGRADE_PATHS: &[SqlUpgradePath] = &[\n    SqlUpgradePath { to: SqlServer::SqlServer2016, page: \"MicrosoftDocs/sql-docs: docs/database-engine/install-windows/supported-version-and-edition-upgrades.md\", from: &[(SqlRelease::Sql2012, 2), (SqlRelease::Sql2014, 0), ] },\n    SqlUpgradePath { to: SqlServer::SqlServer2019, page: \"MicrosoftDocs/sql-docs: docs/database-engine/install-windows/supported-version-and-edition-upgrades-version-15.md\", from: &[(SqlRelease::Sql2016, 0), ] },\n];\n\n"
        );
    }

    #[test]
    fn the_sql_server_move_links_a_book_section() {
        assert_eq!(
            error(generate(&edit(VALID, "compatibility.html#sql-server-first", "compatibility.html#"))),
            "advisor/rules/data/sql_server.toml: source: source \"compatibility.html#\" is not a site-relative \"page.html#anchor\" link"
        );
        let message = error(generate(&edit(VALID, "source = \"compatibility.html#sql-server-first\"", "")));
        assert!(
            message.starts_with("advisor/rules/data/sql_server.toml: syntax: ") && message.contains("missing field `source`"),
            "{message}"
        );
    }

    #[test]
    fn a_path_appears_once() {
        assert_eq!(
            error(generate(&edit(VALID, "to = \"sql-server-2019\"", "to = \"sql-server-2016\""))),
            "advisor/rules/data/sql_server.toml: path to sql-server-2016: appears twice"
        );
    }

    #[test]
    fn a_path_names_microsofts_page() {
        assert_eq!(
            error(generate(&edit(
                VALID,
                "page = \"MicrosoftDocs/sql-docs: docs/database-engine/install-windows/supported-version-and-edition-upgrades-version-15.md\"",
                "page = \"the SQL Server docs\""
            ))),
            "advisor/rules/data/sql_server.toml: path to sql-server-2019: page \"the SQL Server docs\" must name the Microsoft page the fact comes from (https://... or MicrosoftDocs/...)"
        );
    }

    #[test]
    fn a_release_is_known() {
        assert_eq!(
            error(generate(&edit(VALID, "release = \"2014\"", "release = \"2014-sp1\""))),
            "advisor/rules/data/sql_server.toml: path to sql-server-2016: unknown SQL Server release \"2014-sp1\" (accepted: 2008, 2008-r2, 2012, 2014, 2016, 2017, 2019, 2022)"
        );
    }

    #[test]
    fn a_path_goes_forward() {
        assert_eq!(
            error(generate(&edit(VALID, "release = \"2016\"", "release = \"2019\""))),
            "advisor/rules/data/sql_server.toml: path to sql-server-2019: SQL Server 2019 is not older than SQL Server 2019: an upgrade path goes forward"
        );
    }
}
