//! `requirements.toml`: what each target version needs of a computer and what each version an
//! upgrade starts from runs on. Generates `TARGET_PLATFORMS`, `SQL_MINIMUM_SERVICE_PACKS` and
//! `CURRENT_PLATFORMS`. (The WinSCP version per cumulative update is the update catalogue's:
//! `updates.rs`.)

use std::collections::BTreeSet;
use std::fmt::Write as _;

use bts_vocabulary::{OperatingSystem, SqlServer, Version};
use serde::Deserialize;

use crate::check::{At, DataError, parse};
use crate::emit::opt;

pub const FILE: &str = "requirements.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequirementsFile {
    target: Vec<TargetEntry>,
    current: Vec<CurrentEntry>,
}

/// What a version an upgrade starts from runs on, from its own requirements page.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CurrentEntry {
    version: String,
    page: String,
    os: Vec<String>,
    sql: Vec<PlatformRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetEntry {
    version: String,
    page: String,
    source: String,
    os: Vec<PlatformRow>,
    sql: Vec<PlatformRow>,
    software: Vec<SoftwareEntry>,
    /// What the page asks of every computer beyond versions (Desktop Experience, collations,
    /// hardware minimums), one sentence each.
    #[serde(default)]
    constraints: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlatformRow {
    os: Option<String>,
    sql: Option<String>,
    needs: Option<String>,
    /// For a SQL Server row: the service pack the page asks for (absent: any level).
    minimum_service_pack: Option<u8>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SoftwareEntry {
    name: String,
    required: String,
    #[serde(rename = "for")]
    used_for: Option<String>,
    versions: Vec<String>,
    note: Option<String>,
}

pub fn generate(text: &str, out: &mut String) -> Result<(), DataError> {
    let file: RequirementsFile = parse(FILE, text)?;
    target_platforms(&file.target, out)?;
    current_platforms(&file.current, out)
}

fn target_platforms(targets: &[TargetEntry], out: &mut String) -> Result<(), DataError> {
    let mut seen = BTreeSet::new();
    let mut minimums = String::new();
    out.push_str("pub static TARGET_PLATFORMS: &[TargetPlatform] = &[\n");
    for target in targets {
        let at = At::new(FILE, format!("target {}", target.version));
        let version: Version = at.id(&target.version, "version")?;
        at.ensure(Version::TARGETS.contains(&version) && seen.insert(version), "one entry per upgrade target (2016, 2020)")?;
        at.page(&target.page)?;
        at.source(&target.source)?;
        let mut os = String::new();
        for row in &target.os {
            let value: OperatingSystem = at.id(row.os.as_deref().ok_or_else(|| at.error("an os row needs `os`"))?, "operating system")?;
            write!(os, "(OperatingSystem::{value:?}, {}), ", opt(&row.needs)).unwrap();
        }
        let mut sql = String::new();
        for row in &target.sql {
            let value: SqlServer = at.id(row.sql.as_deref().ok_or_else(|| at.error("a sql row needs `sql`"))?, "SQL Server version")?;
            write!(sql, "(SqlServer::{value:?}, {}), ", opt(&row.needs)).unwrap();
            if let Some(sp) = service_pack(&at, value, row)? {
                writeln!(minimums, "    (Version::{version:?}, SqlServer::{value:?}, {sp}),").unwrap();
            }
        }
        at.ensure(!target.os.is_empty() && !target.sql.is_empty(), "a target lists its operating systems and SQL Server versions")?;
        let software = software(&at, &target.software)?;
        at.ensure(target.constraints.iter().all(|c| c.ends_with('.') && !c.trim().is_empty()), "a constraint is one sentence")?;
        writeln!(
            out,
            "    TargetPlatform {{ version: Version::{version:?}, page: {:?}, source: {:?},\n        os: &[{os}],\n        sql: &[{sql}],\n        software: &[{software}],\n        constraints: &{:?} }},",
            target.page, target.source, target.constraints
        )
        .unwrap();
    }
    if let Some(missing) = Version::TARGETS.iter().find(|v| !seen.contains(v)) {
        return Err(At::new(FILE, "file").error(format!("no target entry for {}", missing.id())));
    }
    out.push_str("];\n\n");
    write!(out, "pub static SQL_MINIMUM_SERVICE_PACKS: &[(Version, SqlServer, u8)] = &[\n{minimums}];\n\n").unwrap();
    Ok(())
}

/// A row's minimum service pack, checked against what the SQL Server release had.
fn service_pack(at: &At, sql: SqlServer, row: &PlatformRow) -> Result<Option<u8>, DataError> {
    let Some(sp) = row.minimum_service_pack else { return Ok(None) };
    let last = sql.release().last_service_pack().unwrap_or(0);
    at.ensure(sp >= 1 && sp <= last, format!("{}: {} had no service pack {sp}", sql.id(), sql.release().label()))?;
    Ok(Some(sp))
}

fn current_platforms(entries: &[CurrentEntry], out: &mut String) -> Result<(), DataError> {
    let mut seen = BTreeSet::new();
    out.push_str("pub static CURRENT_PLATFORMS: &[CurrentPlatform] = &[\n");
    for entry in entries {
        let at = At::new(FILE, format!("current {}", entry.version));
        let version: Version = at.id(&entry.version, "version")?;
        at.ensure(
            Version::SOURCES.contains(&version) && seen.insert(version),
            "one entry per version an upgrade starts from (2013, 2013r2, 2016)",
        )?;
        at.page(&entry.page)?;
        let mut os = String::new();
        for id in &entry.os {
            let value: OperatingSystem = at.id(id, "operating system")?;
            write!(os, "OperatingSystem::{value:?}, ").unwrap();
        }
        let mut sql = String::new();
        for row in &entry.sql {
            let value: SqlServer = at.id(row.sql.as_deref().ok_or_else(|| at.error("a sql row needs `sql`"))?, "SQL Server version")?;
            write!(sql, "(SqlServer::{value:?}, {}), ", service_pack(&at, value, row)?.unwrap_or(0)).unwrap();
        }
        at.ensure(!entry.os.is_empty() && !entry.sql.is_empty(), "an entry lists its operating systems and SQL Server versions")?;
        writeln!(out, "    CurrentPlatform {{ version: Version::{version:?}, page: {:?}, os: &[{os}], sql: &[{sql}] }},", entry.page)
            .unwrap();
    }
    if let Some(missing) = Version::SOURCES.iter().find(|v| !seen.contains(v)) {
        return Err(At::new(FILE, "file").error(format!("no current entry for {}", missing.id())));
    }
    out.push_str("];\n\n");
    Ok(())
}

fn software(at: &At, items: &[SoftwareEntry]) -> Result<String, DataError> {
    let mut code = String::new();
    for item in items {
        let required = match item.required.as_str() {
            "required" => true,
            "optional" => false,
            other => return Err(at.error(format!("{}: `required` is \"{other}\"; it is \"required\" or \"optional\"", item.name))),
        };
        at.ensure(!item.versions.is_empty(), format!("{}: no versions", item.name))?;
        write!(
            code,
            "\n        Software {{ name: {:?}, required: {required}, used_for: {}, versions: &{:?}, note: {} }},",
            item.name,
            opt(&item.used_for),
            item.versions,
            opt(&item.note)
        )
        .unwrap();
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::tests::{edit, error};

    const VALID: &str = r#"
[[target]]
version = "2020"
page = "https://learn.microsoft.com/biztalk/install-and-config-guides/hardware-and-software-requirements-for-biztalk-server-2020"
source = "compatibility.html#target-platform-2020"
os = [
  { os = "windows-server-2022", needs = "BizTalk Server 2020 CU6 or later" },
  { os = "windows-server-2019" },
]
sql = [{ sql = "sql-server-2019" }]

constraints = ["Windows Server only with Desktop Experience."]

  [[target.software]]
  name = ".NET Framework"
  required = "required"
  versions = ["4.7.2"]

  [[target.software]]
  name = "SharePoint"
  required = "optional"
  for = "the SharePoint adapter"
  versions = ["2019", "2016"]
  note = "A note."

[[target]]
version = "2016"
page = "https://learn.microsoft.com/biztalk/install-and-config-guides/hardware-and-software-requirements-for-biztalk-server-2016"
source = "compatibility.html#target-platform-2016"
os = [{ os = "windows-server-2016" }]
sql = [{ sql = "sql-server-2016", needs = "SP1" }]
software = []

[[current]]
version = "2013"
page = "https://learn.microsoft.com/biztalk/install-and-config-guides/hardware-and-software-requirements-for-biztalk-server-2013-and-2013-r2"
os = ["windows-server-2012"]
sql = [{ sql = "sql-server-2012" }]

[[current]]
version = "2013r2"
page = "https://learn.microsoft.com/biztalk/install-and-config-guides/hardware-and-software-requirements-for-biztalk-server-2013-and-2013-r2"
os = ["windows-server-2012-r2"]
sql = [{ sql = "sql-server-2014" }, { sql = "sql-server-2012", minimum_service_pack = 1 }]

[[current]]
version = "2016"
page = "https://learn.microsoft.com/biztalk/install-and-config-guides/hardware-and-software-requirements-for-biztalk-server-2016"
os = ["windows-server-2016"]
sql = [{ sql = "sql-server-2016" }, { sql = "sql-server-2014", minimum_service_pack = 1 }]

"#;

    fn generate(text: &str) -> Result<String, DataError> {
        let mut out = String::new();
        super::generate(text, &mut out).map(|()| out)
    }

    #[test]
    fn a_valid_file_becomes_target_platforms() {
        let code = generate(VALID).unwrap();
        assert!(code.contains("    TargetPlatform { version: Version::Bts2020, page: \"https://learn.microsoft.com/biztalk/install-and-config-guides/hardware-and-software-requirements-for-biztalk-server-2020\", source: \"compatibility.html#target-platform-2020\",\n        os: &[(OperatingSystem::WindowsServer2022, Some(\"BizTalk Server 2020 CU6 or later\")), (OperatingSystem::WindowsServer2019, None), ],\n        sql: &[(SqlServer::SqlServer2019, None), ],\n        software: &[\n        Software { name: \".NET Framework\", required: true, used_for: None, versions: &[\"4.7.2\"], note: None },\n        Software { name: \"SharePoint\", required: false, used_for: Some(\"the SharePoint adapter\"), versions: &[\"2019\", \"2016\"], note: Some(\"A note.\") },],\n        constraints: &[\"Windows Server only with Desktop Experience.\"] },\n"), "{code}");
    }

    #[test]
    fn service_pack_minimums_and_current_platforms_are_generated() {
        let code = generate(VALID).unwrap();
        assert!(code.contains("pub static SQL_MINIMUM_SERVICE_PACKS: &[(Version, SqlServer, u8)] = &[\n];"), "{code}");
        let with_minimum = edit(
            VALID,
            "sql = [{ sql = \"sql-server-2016\", needs = \"SP1\" }]",
            "sql = [{ sql = \"sql-server-2016\", needs = \"SP3\", minimum_service_pack = 3 }]",
        );
        let code = generate(&with_minimum).unwrap();
        assert!(code.contains("    (Version::Bts2016, SqlServer::SqlServer2016, 3),\n"), "{code}");
        assert!(
            code.contains(
                "os: &[OperatingSystem::WindowsServer2012R2, ], sql: &[(SqlServer::SqlServer2014, 0), (SqlServer::SqlServer2012, 1), ] },"
            ),
            "{code}"
        );
    }

    #[test]
    fn a_service_pack_the_release_never_had_is_refused() {
        assert_eq!(
            error(generate(&edit(
                VALID,
                "{ sql = \"sql-server-2014\", minimum_service_pack = 1 }",
                "{ sql = \"sql-server-2014\", minimum_service_pack = 4 }"
            ))),
            "advisor/rules/data/requirements.toml: current 2016: sql-server-2014: SQL Server 2014 had no service pack 4"
        );
    }

    #[test]
    fn every_starting_version_has_a_current_entry() {
        assert_eq!(
            error(generate(&edit(VALID, "version = \"2013\"\n", "version = \"2013r2\"\n"))),
            "advisor/rules/data/requirements.toml: current 2013r2: one entry per version an upgrade starts from (2013, 2013r2, 2016)"
        );
    }

    #[test]
    fn one_entry_per_upgrade_target() {
        assert_eq!(
            error(generate(&edit(VALID, "version = \"2016\"", "version = \"2020\""))),
            "advisor/rules/data/requirements.toml: target 2020: one entry per upgrade target (2016, 2020)"
        );
        assert_eq!(
            error(generate(&edit(VALID, "version = \"2016\"", "version = \"2013r2\""))),
            "advisor/rules/data/requirements.toml: target 2013r2: one entry per upgrade target (2016, 2020)"
        );
    }

    #[test]
    fn every_upgrade_target_has_an_entry() {
        let only_2020 =
            VALID[..VALID.find("[[target]]\nversion = \"2016\"").unwrap()].to_string() + &VALID[VALID.find("[[current]]").unwrap()..];
        assert_eq!(error(generate(&only_2020)), "advisor/rules/data/requirements.toml: file: no target entry for 2016");
    }

    #[test]
    fn a_target_links_microsofts_page_and_the_book() {
        assert_eq!(
            error(generate(&edit(
                VALID,
                "page = \"https://learn.microsoft.com/biztalk/install",
                "page = \"http://learn.microsoft.com/biztalk/install"
            ))),
            "advisor/rules/data/requirements.toml: target 2020: page \"http://learn.microsoft.com/biztalk/install-and-config-guides/hardware-and-software-requirements-for-biztalk-server-2020\" must name the Microsoft page the fact comes from (https://... or MicrosoftDocs/...)"
        );
        assert_eq!(
            error(generate(&edit(VALID, "compatibility.html#target-platform-2016", "/compatibility.html#target-platform-2016"))),
            "advisor/rules/data/requirements.toml: target 2016: source \"/compatibility.html#target-platform-2016\" is not a site-relative \"page.html#anchor\" link"
        );
    }

    #[test]
    fn a_row_names_its_operating_system_or_sql_server() {
        assert_eq!(
            error(generate(&edit(VALID, "{ os = \"windows-server-2019\" }", "{ needs = \"CU1\" }"))),
            "advisor/rules/data/requirements.toml: target 2020: an os row needs `os`"
        );
        assert_eq!(
            error(generate(&edit(VALID, "{ sql = \"sql-server-2019\" }", "{ os = \"windows-server-2019\" }"))),
            "advisor/rules/data/requirements.toml: target 2020: a sql row needs `sql`"
        );
        assert_eq!(
            error(generate(&edit(VALID, "{ sql = \"sql-server-2019\" }", "{ sql = \"sql-server-2019-cu1\" }"))),
            "advisor/rules/data/requirements.toml: target 2020: unknown SQL Server version \"sql-server-2019-cu1\" (accepted: sql-server-2022, sql-server-2019, sql-server-2017, sql-server-2016, sql-server-2014, sql-server-2012-sp1, sql-server-2012, sql-server-2008-r2-sp1)"
        );
    }

    #[test]
    fn a_target_lists_operating_systems_and_sql_servers() {
        assert_eq!(
            error(generate(&edit(VALID, "sql = [{ sql = \"sql-server-2019\" }]", "sql = []"))),
            "advisor/rules/data/requirements.toml: target 2020: a target lists its operating systems and SQL Server versions"
        );
    }

    #[test]
    fn software_is_required_or_optional_with_versions() {
        assert_eq!(
            error(generate(&edit(VALID, "required = \"optional\"", "required = \"recommended\""))),
            "advisor/rules/data/requirements.toml: target 2020: SharePoint: `required` is \"recommended\"; it is \"required\" or \"optional\""
        );
        assert_eq!(
            error(generate(&edit(VALID, "versions = [\"4.7.2\"]", "versions = []"))),
            "advisor/rules/data/requirements.toml: target 2020: .NET Framework: no versions"
        );
    }
}
