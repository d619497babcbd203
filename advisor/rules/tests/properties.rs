//! Properties of the evaluation over generated profiles (proptest), and the traps of the
//! source tables that a wrong implementation would fall into.

use std::collections::BTreeSet;

use bts_rules::testing::{TODAY, upgrade_profiles};
use bts_rules::*;
use proptest::prelude::*;
use proptest::sample::select;

fn failing(report: &UpgradeReport) -> Vec<&Check> {
    report.route.iter().flat_map(|h| h.checks.iter()).filter(|c| c.status != Support::Yes).collect()
}

fn step_ids(report: &UpgradeReport) -> Vec<String> {
    report.steps.iter().map(|s| s.id().into_owned()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn supported_exactly_when_every_check_says_yes_with_nothing_to_upgrade(profile in upgrade_profiles()) {
        let report = evaluate_upgrade(&profile, TODAY);
        let nothing_to_upgrade = profile.sql_target.is_none_or(|t| t == profile.sql);
        prop_assert_eq!(report.verdict == Verdict::Supported, failing(&report).is_empty() && nothing_to_upgrade);
        prop_assert!(!report.route.is_empty());
    }

    #[test]
    fn prerequisites_exactly_when_a_supported_sql_server_upgrade_fixes_every_failing_check(mut profile in upgrade_profiles()) {
        profile.sql_target = None;
        let report = evaluate_upgrade(&profile, TODAY);
        let only_sql = !failing(&report).is_empty() && failing(&report).iter().all(|c| c.area == CheckArea::Sql);
        let fixed_by = |target: SqlServer| {
            sql_in_place_at(profile.sql, profile.sql_service_pack(), target) != SqlInPlace::NotSupported
                && failing(&evaluate_upgrade(&UpgradeProfile { sql_target: Some(target), ..profile.clone() }, TODAY)).is_empty()
        };
        // Version 3: a known service pack below a hop's minimum is fixed by applying it.
        let later_levels = SqlLevel::ALL.iter().filter(|l| Some(**l) > profile.sql_level).map(|l| UpgradeProfile { sql_level: Some(*l), ..profile.clone() });
        let service_pack_fixes = profile.sql_level.is_some()
            && later_levels.filter(|p| p.validate().is_ok()).any(|p| failing(&evaluate_upgrade(&p, TODAY)).is_empty());
        let fixable = only_sql && (service_pack_fixes || SqlServer::ALL.iter().any(|t| fixed_by(*t)));
        prop_assert_eq!(report.verdict == Verdict::Prerequisites, fixable);
        if fixable && report.prerequisites[0].id == "apply-sql-service-pack" {
            prop_assert!(service_pack_fixes);
            prop_assert_eq!(&report.prerequisites[0].to, &vec![profile.sql]);
        } else if fixable {
            let to = &report.prerequisites[0].to;
            prop_assert!(!to.is_empty());
            for target in SqlServer::ALL {
                prop_assert_eq!(to.contains(target), fixed_by(*target), "the prerequisite lists exactly the fixing versions");
            }
        } else {
            prop_assert!(report.prerequisites.is_empty());
        }
    }

    #[test]
    fn a_prerequisite_never_proposes_an_older_sql_server(profile in upgrade_profiles()) {
        for prerequisite in evaluate_upgrade(&profile, TODAY).prerequisites {
            prop_assert_eq!(prerequisite.from, profile.sql);
            for to in &prerequisite.to {
                prop_assert!(!to.is_older_than(prerequisite.from), "{} -> {}", prerequisite.from, to);
                if prerequisite.id == "apply-sql-service-pack" {
                    // Applying a service pack keeps the version (contract version 3).
                    prop_assert_eq!(*to, prerequisite.from);
                } else {
                    prop_assert_ne!(*to, prerequisite.from);
                    prop_assert_ne!(sql_in_place_at(prerequisite.from, profile.sql_service_pack(), *to), SqlInPlace::NotSupported);
                }
            }
        }
    }

    #[test]
    fn a_chosen_sql_target_is_checked_and_is_the_only_move(profile in upgrade_profiles()) {
        let report = evaluate_upgrade(&profile, TODAY);
        if let Some(target) = profile.sql_target.filter(|t| *t != profile.sql) {
            prop_assert_ne!(report.verdict, Verdict::Supported, "upgrading SQL Server first is a prerequisite");
            if report.verdict == Verdict::Prerequisites {
                prop_assert_eq!(&report.prerequisites[0].to, &vec![target]);
            }
            let feature_shown = report.inferred_features.iter().any(|f| f.feature == Feature::SqlUpgrade) || profile.features.contains(&Feature::SqlUpgrade);
            prop_assert!(feature_shown, "a planned SQL Server upgrade counts as sql-upgrade");
        }
    }

    #[test]
    fn an_implied_feature_shows_the_same_steps_as_the_ticked_feature(profile in upgrade_profiles()) {
        let report = evaluate_upgrade(&profile, TODAY);
        let mut ticked = profile.clone();
        ticked.features.extend(report.inferred_features.iter().map(|f| f.feature));
        let with_ticks = evaluate_upgrade(&ticked, TODAY);
        prop_assert_eq!(step_ids(&report), step_ids(&with_ticks));
        prop_assert!(with_ticks.inferred_features.iter().all(|f| !ticked.features.contains(&f.feature)), "a ticked feature is not reported as inferred");
    }

    #[test]
    fn not_listed_never_passes_and_every_failing_check_has_a_remedy(profile in upgrade_profiles()) {
        let report = evaluate_upgrade(&profile, TODAY);
        for check in report.route.iter().flat_map(|h| h.checks.iter()) {
            if check.status != Support::Yes {
                prop_assert_ne!(report.verdict, Verdict::Supported);
                prop_assert!(check.remedy.as_deref().is_some_and(|r| !r.is_empty()), "a check that fails needs a remedy");
                prop_assert!(!check.remedy.as_deref().unwrap().contains('{'), "a message placeholder was left unfilled");
            } else {
                prop_assert!(check.remedy.is_none());
            }
            prop_assert!(!check.detail.contains('{'), "a message placeholder was left unfilled");
        }
    }

    #[test]
    fn the_report_is_deterministic(profile in upgrade_profiles()) {
        let (a, b) = (evaluate_upgrade(&profile, TODAY), evaluate_upgrade(&profile.clone(), TODAY));
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(a.to_markdown(&profile), b.to_markdown(&profile));
    }

    #[test]
    fn adding_a_feature_never_removes_a_step(profile in upgrade_profiles(), extra in select(Feature::ALL)) {
        let before: BTreeSet<String> = step_ids(&evaluate_upgrade(&profile, TODAY)).into_iter().collect();
        let mut more = profile.clone();
        more.features.insert(extra);
        let after: BTreeSet<String> = step_ids(&evaluate_upgrade(&more, TODAY)).into_iter().collect();
        prop_assert!(before.is_subset(&after), "adding {} removed {:?}", extra.id(), before.difference(&after).collect::<Vec<_>>());
    }

    #[test]
    fn the_route_walks_the_documented_versions_in_order(profile in upgrade_profiles()) {
        let report = evaluate_upgrade(&profile, TODAY);
        prop_assert_eq!(report.route.first().unwrap().from, profile.from);
        prop_assert_eq!(report.route.last().unwrap().to, profile.to);
        prop_assert_eq!(report.route.first().unwrap().edition, profile.edition);
        for pair in report.route.windows(2) {
            prop_assert_eq!(pair[0].to, pair[1].from);
            prop_assert_eq!(pair[0].to_edition, pair[1].edition, "the edition is carried through each hop");
        }
        for hop in &report.route {
            prop_assert!(hop.upgrade.from.contains(&hop.from));
        }
    }

    #[test]
    fn edition_checks_pass_exactly_when_the_wanted_edition_is_reachable(profile in upgrade_profiles()) {
        let report = evaluate_upgrade(&profile, TODAY);
        let editions_pass = report.route.iter().all(|h| h.checks[2].status == Support::Yes);
        match profile.to_edition {
            Some(wanted) => {
                prop_assert_eq!(editions_pass, report.target_editions.contains(&wanted));
                if editions_pass {
                    prop_assert_eq!(report.route.last().unwrap().to_edition, wanted);
                }
            }
            None => prop_assert!(editions_pass, "without a wanted edition the route keeps a reachable one"),
        }
        prop_assert!(report.target_editions.contains(&Edition::Enterprise), "every edition can reach Enterprise");
    }

    #[test]
    fn step_ids_are_unique_and_phases_are_in_order(profile in upgrade_profiles()) {
        let report = evaluate_upgrade(&profile, TODAY);
        let ids = step_ids(&report);
        let unique: BTreeSet<&String> = ids.iter().collect();
        prop_assert_eq!(unique.len(), ids.len());
        for pair in report.steps.windows(2) {
            if pair[0].hop_to == pair[1].hop_to {
                prop_assert!(pair[0].step.phase <= pair[1].step.phase);
            }
        }
    }
}

fn profile(from: Version, to: Version, edition: Edition, os: OperatingSystem, sql: SqlServer) -> UpgradeProfile {
    UpgradeProfile { from, to, edition, to_edition: None, os, sql, features: FeatureSet::new(), ..UpgradeProfile::default() }
}

#[test]
fn biztalk_2013_not_r2_is_blocked_on_every_os_and_sql_server_for_2016() {
    for os in OperatingSystem::ALL {
        for sql in SqlServer::ALL {
            let report = evaluate_upgrade(&profile(Version::Bts2013, Version::Bts2016, Edition::Enterprise, *os, *sql), TODAY);
            assert_eq!(report.verdict, Verdict::Blocked, "{os} {sql}");
            assert_ne!(report.route[0].checks[0].status, Support::Yes);
            // The table says no to all, and the guide's tip does not count for a version the
            // table lets upgrade on no SQL Server (contract version 3; audit 3, M1).
            assert_ne!(report.route[0].checks[1].status, Support::Yes, "{sql}");
        }
    }
}

#[test]
fn developer_stays_developer_into_2016_but_not_into_2020() {
    use Version::*;
    let to_2016 = profile(Bts2013R2, Bts2016, Edition::Developer, OperatingSystem::WindowsServer2012R2, SqlServer::SqlServer2014);
    assert_eq!(evaluate_upgrade(&to_2016, TODAY).target_editions, [Edition::Developer, Edition::Enterprise]);
    let mut to_2020 = profile(Bts2016, Bts2020, Edition::Developer, OperatingSystem::WindowsServer2016, SqlServer::SqlServer2016);
    assert_eq!(evaluate_upgrade(&to_2020, TODAY).target_editions, [Edition::Enterprise]);
    to_2020.to_edition = Some(Edition::Developer);
    let report = evaluate_upgrade(&to_2020, TODAY);
    assert_eq!(report.verdict, Verdict::Blocked);
    assert_eq!(report.route[0].checks[2].status, Support::No);
    assert!(report.route[0].checks[2].remedy.as_deref().unwrap().contains("Enterprise"));
}

#[test]
fn evaluation_only_ever_goes_to_enterprise() {
    for (from, to) in [(Version::Bts2013R2, Version::Bts2016), (Version::Bts2016, Version::Bts2020), (Version::Bts2013R2, Version::Bts2020)]
    {
        let report =
            evaluate_upgrade(&profile(from, to, Edition::Evaluation, OperatingSystem::WindowsServer2016, SqlServer::SqlServer2016), TODAY);
        assert_eq!(report.target_editions, [Edition::Enterprise], "{from} -> {to}");
    }
}

#[test]
fn r2_to_2020_goes_through_2016_and_each_hop_uses_its_own_tables() {
    let mut p =
        profile(Version::Bts2013R2, Version::Bts2020, Edition::Standard, OperatingSystem::WindowsServer2012R2, SqlServer::SqlServer2014);
    let report = evaluate_upgrade(&p, TODAY);
    let hops: Vec<(Version, Version)> = report.route.iter().map(|h| (h.from, h.to)).collect();
    assert_eq!(hops, [(Version::Bts2013R2, Version::Bts2016), (Version::Bts2016, Version::Bts2020)]);
    assert!(report.route[0].is_supported(), "Windows Server 2012 R2 + SQL Server 2014 is fine for 2016");
    assert_eq!(report.route[1].checks[0].status, Support::No, "but Windows Server 2012 R2 is a No for 2020");
    assert_eq!(report.route[1].checks[1].status, Support::No, "and SQL Server 2014 is a No for 2020");
    assert_eq!(report.verdict, Verdict::Blocked);
    assert!(report.route[1].checks[1].remedy.as_deref().unwrap().contains("SQL Server 2016"));
    p.to_edition = Some(Edition::Standard);
    assert_eq!(evaluate_upgrade(&p, TODAY).target_editions, [Edition::Standard, Edition::Enterprise]);
}

#[test]
fn windows_server_2019_is_not_listed_for_2020_and_blocks() {
    let report = evaluate_upgrade(
        &profile(Version::Bts2016, Version::Bts2020, Edition::Standard, OperatingSystem::WindowsServer2019, SqlServer::SqlServer2016),
        TODAY,
    );
    assert_eq!(report.route[0].checks[0].status, Support::NotListed);
    assert_eq!(report.verdict, Verdict::Blocked);
}

#[test]
fn hotfix_package_and_rollback_follow_the_article() {
    let base = HotfixProfile::default();
    for arch in Architecture::ALL {
        let x86_only = HotfixProfile { downloads: Downloads::X86Only, arch: *arch, ..base };
        assert_eq!(evaluate_hotfix(&x86_only).package, Architecture::X86, "an x86-only hotfix applies to {arch} too");
        let both = HotfixProfile { downloads: Downloads::X86AndX64, arch: *arch, ..base };
        assert_eq!(evaluate_hotfix(&both).package, *arch);
    }
    assert_eq!(evaluate_hotfix(&HotfixProfile { sql_script: true, ..base }).rollback, Rollback::RestoreDatabases);
    assert_eq!(evaluate_hotfix(&HotfixProfile { sql_script: false, ..base }).rollback, Rollback::Uninstall);
}

#[test]
fn profile_errors_name_the_field() {
    let raw = |from: &str, to: &str| RawUpgradeProfile {
        from: Some(from.into()),
        to: Some(to.into()),
        edition: Some("standard".into()),
        os: Some("windows-server-2016".into()),
        sql: Some("sql-server-2016".into()),
        ..Default::default()
    };
    assert!(UpgradeProfile::from_fields(raw("2016", "2020")).is_ok());
    assert_eq!(UpgradeProfile::from_fields(raw("2016", "2016")).unwrap_err()[0].field, "to");
    assert_eq!(UpgradeProfile::from_fields(raw("2016", "2013r2")).unwrap_err()[0].field, "to");
    assert_eq!(UpgradeProfile::from_fields(raw("2020", "2016")).unwrap_err()[0].field, "from");
    let err = UpgradeProfile::from_fields(raw("2012", "2016")).unwrap_err().remove(0);
    assert_eq!(err.field, "from");
    assert!(err.message.contains("2013, 2013r2, 2016"), "{err}");
}

// ---------------------------------------------------------------------------- update planner

/// `rtm` is 0, `cuN` is N: the release line's order, read from the ids the catalogue uses.
fn level_number(id: &str) -> u32 {
    if id == "rtm" { 0 } else { id.strip_prefix("cu").and_then(|n| n.parse().ok()).expect("a release-line id") }
}

fn winscp_steps(report: &HotfixReport) -> Vec<&'static HotfixStep> {
    report.steps.iter().copied().filter(|s| s.id.contains("winscp")).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn includes_is_every_update_after_installed_up_to_target_in_order(profile in bts_rules::testing::update_plan_profiles()) {
        let report = evaluate_hotfix(&profile);
        let plan = report.plan.as_ref().expect("a profile with a version has a plan");
        let catalogue = UpdateVersion::of(profile.version.unwrap());
        let from = profile.installed.map_or(0, level_number);
        let to = level_number(profile.target.unwrap_or(catalogue.latest));
        let expected: Vec<String> = (from + 1..=to).map(|n| format!("cu{n}")).collect();
        let got: Vec<&str> = plan.includes.iter().map(|u| u.id).collect();
        prop_assert_eq!(got, expected);
        prop_assert_eq!(plan.up_to_date, profile.installed.is_some() && from == to);
        if plan.up_to_date {
            prop_assert!(plan.update.is_none());
            let ids: Vec<&str> = report.steps.iter().map(|s| s.id).collect();
            prop_assert_eq!(ids, ["nothing-to-install"]);
        } else {
            // Never a downgrade: the package brings the target level, at or after what is installed.
            let update = plan.update.expect("an update to install");
            prop_assert_eq!(update.level, Some(plan.target));
            prop_assert!(level_number(plan.target) >= from);
            prop_assert_eq!(update.feature_pack.is_some(), profile.feature_pack.is_some() && catalogue.updates.iter().any(|u| u.feature_pack.is_some() && u.level == Some(plan.target)));
        }
    }

    #[test]
    fn the_winscp_step_appears_exactly_when_sftp_is_used_and_the_versions_differ(profile in bts_rules::testing::update_plan_profiles()) {
        let report = evaluate_hotfix(&profile);
        let plan = report.plan.as_ref().unwrap();
        let catalogue = UpdateVersion::of(profile.version.unwrap());
        let winscp = |id: &str| catalogue.updates.iter().find(|u| u.id == id).and_then(|u| u.winscp);
        let (now, next) = (profile.installed.and_then(winscp), winscp(plan.target));
        // 2013 and 2013 R2 use no WinSCP at all.
        let uses_winscp = matches!(profile.version, Some(Version::Bts2016 | Version::Bts2020));
        let expected = profile.features.contains(&Feature::Sftp) && uses_winscp && !plan.up_to_date && (now != next || next.is_none());
        let steps = winscp_steps(&report);
        prop_assert_eq!(steps.len(), usize::from(expected), "{:?}", profile);
        if let Some(step) = steps.first() {
            for version in [now, next].into_iter().flatten() {
                prop_assert!(step.title.contains(version) || step.detail.contains(version), "{} names {}", step.id, version);
            }
            prop_assert_eq!(step.phase, HotfixPhase::Install);
        }
    }

    #[test]
    fn a_version_2_profile_has_no_plan_and_no_planner_step(profile in bts_rules::testing::hotfix_profiles(1..=6)) {
        let report = evaluate_hotfix(&profile);
        prop_assert!(report.plan.is_none());
        let planner = [HotfixCondition::UpdatePlanned, HotfixCondition::UpToDate, HotfixCondition::VisualStudioExtension];
        prop_assert!(report.steps.iter().all(|s| !s.applies_when.iter().any(|c| planner.contains(c)) && !s.id.contains("winscp")));
    }

    #[test]
    fn a_target_older_than_installed_is_refused_naming_target(version in select(Version::ALL), a in 0usize..20, b in 0usize..20) {
        let levels: Vec<&str> = UpdateVersion::of(version).levels().map(|u| u.id).collect();
        let (a, b) = (a % levels.len(), b % levels.len());
        let raw = RawHotfixProfile {
            servers: Some(1), sql_script: Some(true), downloads: Some("x86-only".into()), arch: Some("x64".into()),
            iis_adapters: Some(false), isolated_host_heavy: Some(false), version: Some(version.id().into()),
            installed: Some(levels[a].into()), target: Some(levels[b].into()), ..RawHotfixProfile::default()
        };
        match HotfixProfile::from_fields(raw) {
            Ok(_) => prop_assert!(b >= a),
            Err(errors) => {
                prop_assert!(b < a);
                prop_assert_eq!(errors.len(), 1);
                prop_assert_eq!(errors[0].field, "target");
            }
        }
    }
}

#[test]
fn a_2020_group_on_cu3_moving_to_cu6_replaces_winscp_and_reads_the_kb() {
    let profile = HotfixProfile {
        version: Some(Version::Bts2020),
        installed: Some("cu3"),
        target: Some("cu6"),
        features: [Feature::Sftp, Feature::MqseriesRemoteAgent, Feature::DevTools].into(),
        servers: 2,
        ..HotfixProfile::default()
    };
    let report = evaluate_hotfix(&profile);
    let ids: Vec<&str> = report.steps.iter().map(|s| s.id).collect();
    for id in ["read-kb-requirements", "replace-winscp-5-19-2-with-6-3-5", "update-mqsagent", "update-visual-studio-extension"] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    let winscp = winscp_steps(&report)[0];
    assert_eq!(winscp.title, "Replace WinSCP 5.19.2 with WinSCP 6.3.5");
    let plan = report.plan.unwrap();
    assert_eq!(plan.update.map(|u| (u.kb, u.build)), Some((Some("5043408"), Some("3.13.895.0"))));
    assert_eq!(plan.includes.last().unwrap().adds, ["Windows Server 2022", "Windows 11", "SQL Server 2022"]);
    // To CU7, whose WinSCP no source gives yet: the step says so and names the one in use.
    let to_cu7 = evaluate_hotfix(&HotfixProfile { target: None, ..profile });
    let step = winscp_steps(&to_cu7)[0];
    assert_eq!(step.id, "find-winscp-after-5-19-2");
    assert!(step.detail.contains("does not list the update you install"), "{}", step.detail);
}

/// Contract version 3: attention, lifecycle, service packs, unsure features and the moves that
/// are never proposed, on generated profiles and dates (2020 to 2032).
mod version_3 {
    use super::*;

    fn dates() -> impl Strategy<Value = Date> {
        (Date::new(2020, 1, 1).day_number()..Date::new(2032, 12, 31).day_number()).prop_map(Date::from_day_number)
    }

    fn has(report: &UpgradeReport, id: &str) -> bool {
        report.attention.iter().any(|a| a.id == id)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn every_attention_item_appears_exactly_when_its_condition_holds(profile in upgrade_profiles(), today in dates()) {
            let report = evaluate_upgrade(&profile, today);
            let uses = |f: Feature| profile.features.contains(&f) || profile.unsure.contains(&f);
            let sql_upgraded = profile.features.contains(&Feature::SqlUpgrade)
                || report.inferred_features.iter().any(|f| f.feature == Feature::SqlUpgrade);
            prop_assert_eq!(
                has(&report, "sql-edition-rta"),
                uses(Feature::BamRta) && sql_upgraded && profile.sql_edition != Some(SqlEdition::Enterprise)
            );
            prop_assert_eq!(has(&report, "sql-adapter-removed"), uses(Feature::SqlAdapter) && profile.to == Version::Bts2020);
            prop_assert_eq!(has(&report, "edition-change"), report.route.last().unwrap().to_edition != profile.edition);
            let leaving = report.route.iter().any(|h| Lifecycle::of(h.to).extended_end.days_since(today) <= 365);
            prop_assert_eq!(has(&report, "support-ending"), leaving);
            let at_setup = profile.sql_target.unwrap_or(profile.sql);
            let level_known = profile.sql_level.is_some() || (at_setup == profile.sql && profile.sql.service_pack().is_some());
            let needs_level = report.route.iter().any(|h| minimum_service_pack(h.to, at_setup).is_some());
            prop_assert_eq!(has(&report, "sql-service-pack"), needs_level && !level_known);
            let current = CurrentPlatform::of(profile.from).unwrap();
            let level = profile.sql_service_pack();
            let sql_ok = current.sql.iter().any(|(s, min)| s.release() == profile.sql.release() && level.is_none_or(|l| l >= *min));
            prop_assert_eq!(has(&report, "start-unsupported"), !current.os.contains(&profile.os) || !sql_ok);
            if has(&report, "start-unsupported") {
                prop_assert_eq!(report.attention[0].id, "start-unsupported", "said before anything else");
            }
            let ids: Vec<&str> = report.attention.iter().map(|a| a.id).collect();
            let unique: BTreeSet<&str> = ids.iter().copied().collect();
            prop_assert_eq!(unique.len(), ids.len(), "each id at most once");
        }

        #[test]
        fn a_known_level_at_or_above_every_minimum_never_asks_for_the_service_pack(profile in upgrade_profiles()) {
            let report = evaluate_upgrade(&profile, TODAY);
            if profile.sql_level.is_some() {
                prop_assert!(!has(&report, "sql-service-pack"));
            }
            let level = profile.sql_service_pack();
            let enough = |to: Version| minimum_service_pack(to, profile.sql).is_none_or(|min| level.is_some_and(|l| l >= min));
            if profile.sql_target.is_none() && level.is_some() && report.route.iter().all(|h| enough(h.to)) {
                prop_assert!(report.prerequisites.iter().all(|p| p.id != "apply-sql-service-pack"));
            }
        }

        #[test]
        fn unsure_never_changes_the_verdict_and_never_removes_a_step(profile in upgrade_profiles()) {
            let sure_only = UpgradeProfile { unsure: FeatureSet::new(), ..profile.clone() };
            let (with, without) = (evaluate_upgrade(&profile, TODAY), evaluate_upgrade(&sure_only, TODAY));
            prop_assert_eq!(with.verdict, without.verdict);
            // The same moves (an unsure BAM feature may add what to do before the move to its text).
            let moves = |r: &UpgradeReport| r.prerequisites.iter().map(|p| (p.id, p.to.clone())).collect::<Vec<_>>();
            prop_assert_eq!(moves(&with), moves(&without));
            let kept: BTreeSet<String> = step_ids(&with).into_iter().collect();
            for id in step_ids(&without) {
                prop_assert!(kept.contains(&id), "{} removed by unsure features", id);
            }
            for step in &with.steps {
                prop_assert!(step.unsure.iter().all(|f| profile.unsure.contains(f)));
            }
            prop_assert!(without.steps.iter().all(|s| s.unsure.is_empty()));
        }

        #[test]
        fn the_lifecycle_is_the_route_in_order_and_days_left_matches_the_dates(profile in upgrade_profiles(), today in dates()) {
            let report = evaluate_upgrade(&profile, today);
            prop_assert_eq!(report.today, today);
            let versions: Vec<Version> = report.lifecycle.iter().map(|l| l.version).collect();
            let route: Vec<Version> = std::iter::once(profile.from).chain(report.route.iter().map(|h| h.to)).collect();
            prop_assert_eq!(&versions, &route);
            prop_assert!(versions.windows(2).all(|w| w[0] < w[1]));
            for entry in &report.lifecycle {
                let data = Lifecycle::of(entry.version);
                prop_assert_eq!((entry.mainstream_end, entry.extended_end), (data.mainstream_end, data.extended_end));
                prop_assert_eq!(entry.days_left, entry.extended_end.day_number() - today.day_number());
                let phase = if today > entry.extended_end {
                    LifecyclePhase::Ended
                } else if today > entry.mainstream_end {
                    LifecyclePhase::Extended
                } else {
                    LifecyclePhase::Mainstream
                };
                prop_assert_eq!(entry.phase, phase);
            }
        }

        #[test]
        fn no_move_onto_sql_server_2022_before_2020_setup_an_older_sql_server_or_a_restore(profile in upgrade_profiles()) {
            let report = evaluate_upgrade(&profile, TODAY);
            for p in &report.prerequisites {
                for to in &p.to {
                    prop_assert!(*to != SqlServer::SqlServer2022, "SQL Server 2022 before Setup");
                    prop_assert!(!to.is_older_than(profile.sql), "{} is older than {}", to, profile.sql);
                }
                prop_assert!(!p.detail.contains("restore") && !p.title.contains("restore"), "{}", p.detail);
            }
            for check in report.route.iter().flat_map(|h| &h.checks) {
                if let Some(remedy) = &check.remedy {
                    prop_assert!(!remedy.contains("restore") && !remedy.contains("new SQL Server instance"), "{}", remedy);
                    prop_assert!(!remedy.contains("to SQL Server 2022"), "{}", remedy);
                }
            }
        }
    }
}
