//! Conformance: every cell of the six compatibility tables (and the lifecycle dates) in the
//! rules data is checked against a hand transcription of the sources in `tests/fixtures/`.
//! The fixtures are written independently of `advisor/rules/data`, so a typo in either shows.

use bts_rules::*;
use site_tests::{Table, fixture_tables};

fn support(cell: &str) -> Support {
    match cell {
        "Yes" => Support::Yes,
        "No" => Support::No,
        other => panic!("fixture cell {other:?} is neither Yes nor No"),
    }
}

fn version_by_label(label: &str) -> Version {
    *Version::ALL.iter().find(|v| v.label() == label).unwrap_or_else(|| panic!("no version labelled {label:?}"))
}

/// Checks an OS or SQL Server table: every fixture row and column, and no extra rows in the rules.
fn check_platform_table<K: Copy + PartialEq + std::fmt::Debug>(
    table: &Table,
    upgrade: &DocumentedUpgrade,
    all: &[K],
    label: fn(K) -> &'static str,
    rules_rows: Vec<K>,
    support_of: impl Fn(Version, K) -> Support,
) {
    let mut fixture_rows = Vec::new();
    for row in &table.rows {
        let key = *all.iter().find(|k| label(**k) == row[0]).unwrap_or_else(|| panic!("no vocabulary value labelled {:?}", row[0]));
        fixture_rows.push(key);
        for (column, cell) in table.header.iter().zip(row).skip(1) {
            let from = version_by_label(column);
            assert_eq!(support_of(from, key), support(cell), "upgrade to {}: row {:?}, column {column:?}", upgrade.to.label(), row[0]);
        }
    }
    assert_eq!(rules_rows, fixture_rows, "upgrade to {}: the rules list other rows than the source", upgrade.to.label());
    let columns: Vec<Version> = table.header[1..].iter().map(|c| version_by_label(c)).collect();
    assert_eq!(upgrade.from, columns.as_slice(), "upgrade to {}: source versions differ", upgrade.to.label());
}

fn check_edition_table(table: &Table, upgrade: &DocumentedUpgrade) {
    assert_eq!(table.rows.len(), Edition::ALL.len());
    for row in &table.rows {
        let edition = *Edition::ALL.iter().find(|e| e.label() == row[0]).unwrap();
        for (column, cell) in table.header.iter().zip(row).skip(1) {
            let expected = format!("{} ", upgrade.to.label());
            assert!(column.starts_with(&expected), "column {column:?} names another version");
            let target = *Edition::ALL.iter().find(|e| column == &format!("{expected}{} Edition", e.label())).unwrap();
            assert_eq!(
                upgrade.edition_support(edition, target),
                support(cell),
                "upgrade to {}: {} -> {}",
                upgrade.to.label(),
                row[0],
                column
            );
        }
    }
}

fn check_upgrade(fixture: &str, to: Version) {
    let tables = fixture_tables(fixture);
    assert_eq!(tables.len(), 3, "{fixture} holds the OS, SQL Server and edition tables");
    let upgrade = DocumentedUpgrade::to(to).expect("the rules document this upgrade");
    check_platform_table(
        &tables[0],
        upgrade,
        OperatingSystem::ALL,
        OperatingSystem::label,
        upgrade.os.iter().map(|(k, _)| *k).collect(),
        |from, os| upgrade.os_support(from, os),
    );
    check_platform_table(
        &tables[1],
        upgrade,
        SqlServer::ALL,
        SqlServer::label,
        upgrade.sql.iter().map(|(k, _)| *k).collect(),
        |from, sql| upgrade.sql_support(from, sql),
    );
    check_edition_table(&tables[2], upgrade);
}

#[test]
fn upgrade_to_2016_tables_match_the_source_cell_for_cell() {
    check_upgrade("upgrade-to-2016.md", Version::Bts2016);
}

#[test]
fn upgrade_to_2020_tables_match_the_source_cell_for_cell() {
    check_upgrade("upgrade-to-2020.md", Version::Bts2020);
}

#[test]
fn only_the_two_documented_upgrades_exist() {
    let targets: Vec<Version> = data::DOCUMENTED_UPGRADES.iter().map(|u| u.to).collect();
    assert_eq!(targets, [Version::Bts2016, Version::Bts2020]);
}

#[test]
fn values_the_tables_do_not_list_are_not_listed() {
    let to_2020 = DocumentedUpgrade::to(Version::Bts2020).unwrap();
    assert_eq!(to_2020.os_support(Version::Bts2016, OperatingSystem::WindowsServer2019), Support::NotListed);
    assert_eq!(to_2020.sql_support(Version::Bts2016, SqlServer::SqlServer2019), Support::NotListed);
    assert_eq!(to_2020.sql_support(Version::Bts2016, SqlServer::SqlServer2017), Support::NotListed);
    // A version that is not a column of the table is never "yes" either.
    assert_eq!(to_2020.os_support(Version::Bts2013R2, OperatingSystem::WindowsServer2016), Support::NotListed);
}

#[test]
fn lifecycle_dates_match_microsofts_lifecycle_policy() {
    let table = &fixture_tables("lifecycle.md")[0];
    assert_eq!(table.rows.len(), Version::ALL.len());
    for row in &table.rows {
        let lifecycle = Lifecycle::of(version_by_label(&row[0]));
        assert_eq!(lifecycle.start.to_string(), row[1], "{} start", row[0]);
        assert_eq!(lifecycle.mainstream_end.to_string(), row[2], "{} mainstream end", row[0]);
        assert_eq!(lifecycle.extended_end.to_string(), row[3], "{} extended end", row[0]);
    }
    for lifecycle in data::LIFECYCLES {
        assert!(
            lifecycle.page.starts_with("https://learn.microsoft.com/lifecycle/products/"),
            "{}: the page the dates come from",
            lifecycle.version
        );
    }
}

fn sql_by_label(label: &str) -> SqlServer {
    *SqlServer::ALL.iter().find(|s| s.label() == label).unwrap_or_else(|| panic!("no SQL Server labelled {label:?}"))
}

#[test]
fn sql_server_upgrade_paths_match_the_sql_server_pages() {
    let table = &fixture_tables("sql-server-upgrade-paths.md")[0];
    assert_eq!(table.rows.len(), data::SQL_UPGRADE_PATHS.len());
    for (row, path) in table.rows.iter().zip(data::SQL_UPGRADE_PATHS) {
        assert_eq!(path.to, sql_by_label(&row[0]));
        let from: Vec<String> = path
            .from
            .iter()
            .map(|(release, sp)| {
                let year = release.label().trim_start_matches("SQL Server ");
                if *sp == 0 { year.to_string() } else { format!("{year} SP{sp}") }
            })
            .collect();
        assert_eq!(from.join("; "), row[1], "in-place upgrade paths to {}", row[0]);
    }
    // The case the issue names: 2012 SP1 needs a service pack before 2019, and never a downgrade.
    assert_eq!(
        sql_in_place(SqlServer::SqlServer2012Sp1, SqlServer::SqlServer2019),
        SqlInPlace::ServicePackFirst { minimum: 4, known_below: true }
    );
    assert_eq!(sql_in_place(SqlServer::SqlServer2017, SqlServer::SqlServer2016), SqlInPlace::NotSupported);
    assert_eq!(sql_in_place(SqlServer::SqlServer2008R2Sp1, SqlServer::SqlServer2019), SqlInPlace::NotSupported);
    assert_eq!(sql_in_place(SqlServer::SqlServer2014, SqlServer::SqlServer2017), SqlInPlace::Direct);
}

fn os_by_label(label: &str) -> OperatingSystem {
    *OperatingSystem::ALL.iter().find(|s| s.label() == label).unwrap_or_else(|| panic!("no operating system labelled {label:?}"))
}

/// "Windows 11 (CU6)" as (label, marker).
fn marked(cell: &str) -> Vec<(String, Option<String>)> {
    cell.split("; ")
        .map(|item| match item.split_once(" (") {
            Some((name, mark)) => (name.to_string(), Some(mark.trim_end_matches(')').to_string())),
            None => (item.to_string(), None),
        })
        .collect()
}

#[test]
fn target_platforms_match_the_requirements_pages() {
    let tables = fixture_tables("target-platforms.md");
    let (platforms, software) = (&tables[0], &tables[1]);
    assert_eq!(platforms.rows.len(), data::TARGET_PLATFORMS.len());
    for row in &platforms.rows {
        let platform = TargetPlatform::of(version_by_label(&row[0])).unwrap();
        let os: Vec<(OperatingSystem, Option<String>)> = marked(&row[1]).into_iter().map(|(l, m)| (os_by_label(&l), m)).collect();
        let sql: Vec<(SqlServer, Option<String>)> = marked(&row[2]).into_iter().map(|(l, m)| (sql_by_label(&l), m)).collect();
        let in_rules = |needs: Option<&str>| {
            needs.map(|n| if n.contains("CU6") { "CU6".to_string() } else { n.trim_end_matches(" or later").to_string() })
        };
        let rules_os: Vec<(OperatingSystem, Option<String>)> = platform.os.iter().map(|(o, n)| (*o, in_rules(*n))).collect();
        let rules_sql: Vec<(SqlServer, Option<String>)> = platform.sql.iter().map(|(s, n)| (*s, in_rules(*n))).collect();
        assert_eq!(rules_os, os, "{}: supported Windows", row[0]);
        assert_eq!(rules_sql, sql, "{}: supported SQL Server", row[0]);
    }
    for row in &software.rows {
        let platform = TargetPlatform::of(version_by_label(&row[0])).unwrap();
        let item = platform.software.iter().find(|s| s.name == row[1]).unwrap_or_else(|| panic!("{}: no {} in the rules", row[0], row[1]));
        let text = item.versions.join("; ");
        for version in row[2].split("; ") {
            assert!(text.contains(version), "{} {}: the rules ({text}) do not name {version}", row[0], row[1]);
        }
    }
    let vs = TargetPlatform::of(Version::Bts2020).unwrap().software.iter().find(|s| s.name == "Microsoft Visual Studio").unwrap();
    assert!(vs.note.unwrap().contains("Community edition is not supported"));
    let office = TargetPlatform::of(Version::Bts2020).unwrap().software.iter().find(|s| s.name == "Microsoft Office Excel").unwrap();
    assert!(office.note.unwrap().contains("32-bit"));
}

#[test]
fn winscp_versions_match_the_sftp_adapter_page() {
    let table = &fixture_tables("winscp.md")[0];
    let rules: Vec<Vec<String>> =
        data::WINSCP_VERSIONS.iter().map(|w| vec![w.biztalk.label().to_string(), w.updates.to_string(), w.winscp.to_string()]).collect();
    assert_eq!(rules, table.rows);
    // The SFTP step of the 2020 checklist carries the 2020 rows, generated from the same data.
    let step = data::UPGRADE_STEPS.iter().find(|s| s.id == "copy-winscp").unwrap();
    for w in data::WINSCP_VERSIONS {
        assert_eq!(
            step.detail.contains(&format!("{} {}: WinSCP {}", w.biztalk.label(), w.updates, w.winscp)),
            w.biztalk == Version::Bts2020
        );
    }
}

#[test]
fn lifecycle_on_the_day_2016_support_is_counted_down() {
    let today = Date::new(2026, 11, 22);
    assert_eq!(Lifecycle::of(Version::Bts2016).phase_on(today), SupportPhase::Extended { ends: Date::new(2027, 1, 11), days_left: 50 });
    assert_eq!(Lifecycle::of(Version::Bts2013R2).phase_on(today), SupportPhase::Ended { since: Date::new(2023, 7, 11) });
    assert!(matches!(Lifecycle::of(Version::Bts2020).phase_on(today), SupportPhase::Mainstream { .. }));
    assert!(Lifecycle::of(Version::Bts2016).describe_on(today).contains("50 days left"));
}

/// The catalogue entry a row of biztalk-updates.md describes: its version, the level (`RTM`,
/// `CU7`) and the Feature Pack of a combined 2016 package (`-` for none).
fn catalogue_entry(row: &[String]) -> &'static Update {
    let version = UpdateVersion::of(version_by_label(&format!("BizTalk Server {}", row[0])));
    let level = row[1].to_lowercase();
    let feature_pack = (row[2] != "-").then(|| row[2].to_lowercase());
    let found: Vec<&Update> = version
        .updates
        .iter()
        .filter(|u| u.kind != UpdateKind::Hotfix && u.level == Some(level.as_str()) && u.feature_pack == feature_pack.as_deref())
        .collect();
    assert_eq!(found.len(), 1, "{row:?}: one catalogue entry");
    found[0]
}

fn dash(cell: &str) -> Option<&str> {
    (cell != "-").then_some(cell)
}

#[test]
fn the_update_catalogue_matches_the_update_sheet() {
    let tables = fixture_tables("biztalk-updates.md");
    let mut described = Vec::new();
    for row in &tables[0].rows {
        let entry = catalogue_entry(row);
        described.push(entry as *const Update);
        assert_eq!(entry.kb, dash(&row[3]), "{row:?}: KB");
        assert_eq!(entry.build, dash(&row[4]), "{row:?}: build");
        // Tier A: Microsoft states the number; B: a community number with its KB confirmed by
        // Microsoft; C: community only; announced: no KB or build at all.
        match row[5].as_str() {
            // The 2013 release build is a file version on Microsoft's page, not the product
            // version, so the catalogue counts the product version as community-sourced.
            "A" if row[6].contains("file version") => assert_eq!(entry.confidence, Some(Confidence::Community), "{row:?}"),
            "A" => {
                assert_eq!(entry.confidence, Some(Confidence::Microsoft), "{row:?}");
                assert!(entry.kb.is_none_or(|_| entry.microsoft_states.contains(&"kb")), "{row:?}");
                assert!(entry.build.is_none_or(|_| entry.microsoft_states.contains(&"build")), "{row:?}");
            }
            "B" => {
                assert_eq!(entry.confidence, Some(Confidence::Community), "{row:?}");
                assert!(entry.microsoft_states.contains(&"kb"), "{row:?}: the KB is Microsoft's");
                assert!(!entry.microsoft_states.contains(&"build"), "{row:?}: the build is not");
            }
            "C" => {
                assert_eq!(entry.confidence, Some(Confidence::Community), "{row:?}");
                assert!(entry.microsoft_states.is_empty(), "{row:?}");
            }
            "announced" => assert_eq!((entry.confidence, entry.kb, entry.build), (Some(Confidence::Announced), None, None), "{row:?}"),
            other => panic!("unknown tier {other:?}"),
        }
        // What the sheet disputes stays marked in the catalogue.
        if row[6].contains("disputed") || row[6].contains("suspect") {
            assert!(!entry.uncertain.is_empty(), "{row:?}: marked uncertain");
        }
    }
    // No KB or build in the catalogue that the sheet does not have (the CU5 hotfix shares CU5's
    // row in the sheet's lookup list).
    for version in data::UPDATE_CATALOGUE {
        for u in version.updates.iter().filter(|u| (u.kb.is_some() || u.build.is_some()) && u.kind != UpdateKind::Hotfix) {
            assert!(described.contains(&(u as *const Update)), "{} {} has a number the sheet does not list", version.version.id(), u.id);
        }
    }
    // Every `microsoft` entry was checked above against a tier-A row.
    let microsoft: Vec<&Update> =
        data::UPDATE_CATALOGUE.iter().flat_map(|v| v.updates).filter(|u| u.confidence == Some(Confidence::Microsoft)).collect();
    assert!(microsoft.len() >= 6);
    assert!(microsoft.iter().all(|u| described.contains(&(*u as *const Update))));
    // The newest update per version.
    for row in &tables[1].rows {
        let version = UpdateVersion::of(version_by_label(&format!("BizTalk Server {}", row[0])));
        assert_eq!(version.latest, row[1].to_lowercase(), "{row:?}");
        let with_pack = dash(&row[2]).map(|p| p.to_lowercase().replace(" and ", "-"));
        assert_eq!(version.latest_feature_pack, with_pack.as_deref(), "{row:?}");
    }
}
