//! Scenario tests of the checklist data: for each deployment feature, a step that appears with it
//! and not without it; steps tied to one guide appear only for its target; two-hop routes carry
//! both guides' steps under prefixed ids; the hotfix steps follow the profile; the exact commands
//! of the sources survive into the copyable code of their steps.

use std::collections::BTreeSet;

use Feature::*;
use Version::*;
use bts_rules::testing::TODAY;
use bts_rules::*;

/// A profile whose compatibility checks all pass for the route, so only features vary. The
/// operating system is a client Windows, which implies no feature (a Windows Server implies x64).
fn profile(from: Version, to: Version, features: &[Feature]) -> UpgradeProfile {
    let (os, sql) = match from {
        Bts2016 => (OperatingSystem::Windows10, SqlServer::SqlServer2016),
        _ => (OperatingSystem::Windows81, SqlServer::SqlServer2014),
    };
    UpgradeProfile {
        from,
        to,
        edition: Edition::Enterprise,
        to_edition: None,
        os,
        sql,
        sql_target: None,
        features: features.iter().copied().collect(),
        ..UpgradeProfile::default()
    }
}

fn ids(profile: &UpgradeProfile) -> BTreeSet<String> {
    evaluate_upgrade(profile, TODAY).steps.iter().map(|s| s.id().into_owned()).collect()
}

fn step(id: &str) -> &'static UpgradeStep {
    data::UPGRADE_STEPS.iter().find(|s| s.id == id).unwrap_or_else(|| panic!("no upgrade step \"{id}\" in the data"))
}

/// One scenario: on the route `from -> to`, starting from the features in `base`, adding
/// `feature` makes the step `step` appear.
struct Scenario {
    feature: Feature,
    from: Version,
    to: Version,
    base: &'static [Feature],
    step: &'static str,
}

const fn sc(feature: Feature, from: Version, to: Version, base: &'static [Feature], step: &'static str) -> Scenario {
    Scenario { feature, from, to, base, step }
}

/// At least one scenario per feature of the contract.
const SCENARIOS: &[Scenario] = &[
    sc(MultiServer, Bts2016, Bts2020, &[], "multicomputer-order"),
    sc(MultiServer, Bts2013R2, Bts2016, &[BamAlerts], "bam-alerts-admin-computer"),
    sc(Cluster, Bts2016, Bts2020, &[], "sso-cluster-refresh"),
    sc(SsoStandalone, Bts2016, Bts2020, &[], "esso-standalone-upgrade"),
    sc(X64, Bts2013R2, Bts2016, &[], "assembly-viewer-64bit"),
    sc(X64, Bts2016, Bts2020, &[BamPortal], "bam-portal-64bit"),
    sc(SqlUpgrade, Bts2016, Bts2020, &[BamRta], "bam-rta-enterprise-sql"),
    sc(SqlUpgrade, Bts2013R2, Bts2016, &[Edi], "edi-bam-activities"),
    sc(Bam, Bts2016, Bts2020, &[], "bam-stop-dts-packages"),
    sc(Bam, Bts2016, Bts2020, &[], "bam-create-ssis-catalog"),
    sc(Bam, Bts2013R2, Bts2016, &[], "bam-web-service-account"),
    // The save-and-redeploy procedure is for a SQL Server upgrade from the Notification Services
    // era; Database Mail is for every BAM Alerts user.
    sc(BamAlerts, Bts2013R2, Bts2016, &[SqlUpgrade], "bam-alerts-export-definitions"),
    sc(BamAlerts, Bts2013R2, Bts2016, &[SqlUpgrade], "bam-alerts-redeploy"),
    sc(SqlUpgrade, Bts2013R2, Bts2016, &[BamAlerts], "bam-alerts-export-definitions"),
    sc(BamAlerts, Bts2013R2, Bts2016, &[], "bam-alerts-database-mail"),
    sc(BamAlerts, Bts2016, Bts2020, &[MultiServer], "bam-alerts-admin-computer"),
    // BizTalk Server 2020's requirements: Database Mail and ADOMD.NET (audit 3, L11).
    sc(BamAlerts, Bts2016, Bts2020, &[], "bam-alerts-requirements-2020"),
    sc(BamRta, Bts2013R2, Bts2016, &[SqlUpgrade], "bam-rta-enterprise-sql"),
    sc(BamLargeDb, Bts2016, Bts2020, &[], "bam-max-timeout"),
    sc(BamTpe, Bts2013R2, Bts2016, &[], "bam-tpe-reapply-profiles"),
    // Regenerating LiveData workbooks is for every BAM user: the LiveData feature brings it
    // through BAM, which it implies.
    sc(BamLivedata, Bts2016, Bts2020, &[], "bam-livedata-regenerate"),
    sc(Bam, Bts2016, Bts2020, &[], "bam-livedata-regenerate"),
    sc(BamPortal, Bts2013R2, Bts2016, &[], "bam-portal-views-error"),
    sc(BamPortal, Bts2016, Bts2020, &[X64], "bam-portal-64bit"),
    sc(BamScheduledDts, Bts2016, Bts2020, &[], "bam-scheduled-dts-ssisdb"),
    sc(Edi, Bts2016, Bts2020, &[SqlUpgrade], "edi-bam-activities"),
    sc(Edi, Bts2013R2, Bts2016, &[SqlUpgrade], "edi-bam-activities"),
    sc(SqlAdapter, Bts2016, Bts2020, &[], "replace-sql-adapter"),
    sc(TibcoEms, Bts2016, Bts2020, &[], "tibco-ems-64-bit-only"),
    sc(TibcoEms, Bts2016, Bts2020, &[], "tibco-ems-64-bit-host"),
    sc(Sftp, Bts2016, Bts2020, &[], "copy-winscp"),
    // BizTalk Server 2016's SFTP adapter needs WinSCP, where 2013 R2 had its own SSH library
    // (audit 3, H1: the 2016 route had no WinSCP step).
    sc(Sftp, Bts2013R2, Bts2016, &[], "copy-winscp-2016"),
    sc(MqseriesRemoteAgent, Bts2013R2, Bts2016, &[], "update-mqsagent"),
    sc(Msmq, Bts2016, Bts2020, &[], "start-msmq"),
    sc(Sharepoint, Bts2013R2, Bts2016, &[], "sharepoint-csom"),
    sc(Sharepoint, Bts2016, Bts2020, &[], "plan-sharepoint-upgrade"),
    sc(Soap, Bts2013R2, Bts2016, &[], "soap-web-config"),
    sc(O365Adapters, Bts2016, Bts2020, &[], "o365-adapters-tms"),
    sc(RestApi, Bts2016, Bts2020, &[], "rest-api-reconfigure"),
    sc(Hl7, Bts2016, Bts2020, &[], "stop-hl7-logging-2020"),
    sc(Hl7, Bts2013R2, Bts2016, &[], "stop-hl7-logging-2016"),
    sc(Swift, Bts2013R2, Bts2016, &[], "swift-bredeployment-config"),
    sc(Swift, Bts2016, Bts2020, &[], "stop-hl7-logging-2020"),
    sc(Swift, Bts2013R2, Bts2016, &[], "swift-reconfigure-web-services"),
    sc(CustomBindings, Bts2016, Bts2020, &[], "custom-bindings"),
    // Backing up the configuration files is for everyone (audit 3, L4); reapplying the edits
    // to files the upgrade does not carry over is for those who have some.
    sc(CustomConfig, Bts2013R2, Bts2016, &[], "reapply-custom-config"),
    sc(BreCustomExe, Bts2013R2, Bts2016, &[], "bre-custom-exe-runtime"),
    sc(DevTools, Bts2016, Bts2020, &[], "install-vs-extension"),
    sc(OlderVsOrNet45, Bts2013R2, Bts2016, &[], "restart-sso-regasm"),
];

#[test]
fn every_feature_has_a_scenario() {
    let covered: BTreeSet<Feature> = SCENARIOS.iter().map(|s| s.feature).collect();
    let missing: Vec<&str> = Feature::ALL.iter().filter(|f| !covered.contains(f)).map(|f| f.id()).collect();
    assert!(missing.is_empty(), "features without a scenario: {missing:?}");
}

#[test]
fn each_feature_brings_its_steps_and_only_with_it() {
    for s in SCENARIOS {
        let name = format!("{} on {} -> {} (step {})", s.feature.id(), s.from.id(), s.to.id(), s.step);
        step(s.step);

        // The smallest deployment: the base features only, then the feature added.
        let without = ids(&profile(s.from, s.to, s.base));
        assert!(!without.contains(s.step), "{name}: the step shows without the feature");
        let mut with_features = s.base.to_vec();
        with_features.push(s.feature);
        let with = ids(&profile(s.from, s.to, &with_features));
        assert!(with.contains(s.step), "{name}: the step is missing with the feature");

        // The largest deployment that lacks the feature: every other feature except those that
        // imply it (every BAM sub-feature implies BAM) and the step's own alternatives (any
        // accelerator stops the HL7 Logging Service). The step must still be absent.
        // A feature that brings the step through what it implies (LiveData brings BAM's steps)
        // is tested without that feature and its other sub-features.
        let alternatives = step(s.step).applies_when.any_feature;
        let through = s.feature.implied().filter(|f| alternatives.contains(f));
        let others: Vec<Feature> = Feature::ALL
            .iter()
            .copied()
            .filter(|f| *f != s.feature && f.implied() != Some(s.feature) && !alternatives.contains(f))
            .filter(|f| through.is_none_or(|t| *f != t && f.implied() != Some(t)))
            .collect();
        let everything_else = ids(&profile(s.from, s.to, &others));
        assert!(!everything_else.contains(s.step), "{name}: the step shows with every other feature but not this one");
    }
}

#[test]
fn a_bam_sub_feature_alone_brings_the_general_bam_steps() {
    for sub in Feature::ALL.iter().filter(|f| f.implied() == Some(Bam)) {
        let with = ids(&profile(Bts2016, Bts2020, &[*sub]));
        for general in ["bam-stop-dts-packages", "bam-disk-space", "bam-web-service-account", "bam-create-ssis-catalog"] {
            assert!(with.contains(general), "{} should bring {general}", sub.id());
        }
    }
}

#[test]
fn steps_without_a_feature_condition_always_appear_on_their_target() {
    for (from, to) in [(Bts2013R2, Bts2016), (Bts2016, Bts2020)] {
        let plain = ids(&profile(from, to, &[]));
        for s in data::UPGRADE_STEPS {
            let w = &s.applies_when;
            let for_everyone = w.any_feature.is_empty() && w.all_features.is_empty() && w.environment != StepEnvironment::New;
            if for_everyone && w.guide.is_none_or(|g| g == to) {
                assert!(plain.contains(s.id), "{} should show for every deployment going to {to}", s.id);
            }
        }
    }
}

#[test]
fn target_specific_steps_appear_only_for_their_target() {
    let all_features = Feature::ALL;
    let to_2016 = ids(&profile(Bts2013R2, Bts2016, all_features));
    let to_2020 = ids(&profile(Bts2016, Bts2020, all_features));
    let mut seen_2016_only = 0;
    let mut seen_2020_only = 0;
    for s in data::UPGRADE_STEPS.iter().filter(|s| s.applies_when.environment != StepEnvironment::New) {
        match s.applies_when.guide {
            Some(Bts2016) => {
                seen_2016_only += 1;
                assert!(to_2016.contains(s.id), "{} belongs to the 2016 guide and should show for it", s.id);
                assert!(!to_2020.contains(s.id), "{} belongs to the 2016 guide only", s.id);
            }
            Some(Bts2020) => {
                seen_2020_only += 1;
                assert!(to_2020.contains(s.id), "{} belongs to the 2020 guide and should show for it", s.id);
                assert!(!to_2016.contains(s.id), "{} belongs to the 2020 guide only", s.id);
            }
            None => {
                assert!(to_2016.contains(s.id) && to_2020.contains(s.id), "{} is shared and should show for both", s.id);
            }
            other => panic!("{}: unexpected guide {other:?}", s.id),
        }
    }
    assert!(seen_2016_only > 10 && seen_2020_only > 10, "both guides have steps of their own");

    // The differences people ask about, by name.
    for only_2016 in [
        "setup-prerequisites-2016",
        "stop-services-2016",
        "dotnet-46-replaces-45",
        "keep-default-host",
        "office-2016-and-2013",
        "sharepoint-csom",
        "bam-alerts-export-definitions",
        "restart-sso-regasm",
        "soap-web-config",
        "swift-bredeployment-config",
        "assembly-viewer-64bit",
        "copy-winscp-2016",
    ] {
        assert!(to_2016.contains(only_2016) && !to_2020.contains(only_2016), "{only_2016}");
    }
    for only_2020 in [
        "oledb-driver-2020",
        "vc-redist-2020",
        "create-ssisdb-2020",
        "uninstall-owc",
        "read-only-users-group",
        "replace-sql-adapter",
        "tibco-ems-64-bit-only",
        "bam-create-ssis-catalog",
        "bam-tools-ssis",
        "bam-scheduled-dts-ssisdb",
        "copy-winscp",
        "bam-alerts-requirements-2020",
        "install-vs-extension",
        "o365-adapters-tms",
    ] {
        assert!(to_2020.contains(only_2020) && !to_2016.contains(only_2020), "{only_2020}");
    }
    assert!(step("stop-services-2016").code.contains(&"BizTalk Base EDI Service"));
    assert!(!step("stop-services-2020").code.contains(&"BizTalk Base EDI Service"));
    assert_eq!(step("back-up-databases-2016").code.len(), 14, "the 2016 guide lists 14 databases");
    assert_eq!(step("back-up-databases-2020").code.len(), 10, "the 2020 guide lists 10 databases");
}

/// A blocked answer plans the new environment (contract version 3): 2013 R2 to 2020 is always
/// blocked (no operating system passes both hops), so its checklist is the new 2020
/// environment's, once, with what carries over and none of the in-place Setup's steps.
#[test]
fn a_blocked_route_plans_the_new_environment_not_the_in_place_upgrade() {
    let report = evaluate_upgrade(&profile(Bts2013R2, Bts2020, &[Sftp, CustomConfig]), TODAY);
    assert_eq!(report.verdict, Verdict::Blocked);
    let ids: Vec<String> = report.steps.iter().map(|s| s.id().into_owned()).collect();
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "ids are unique within the report");
    assert!(report.steps.iter().all(|s| s.hop_to.is_none() && s.id() == s.step.id), "one plan, bare ids");
    for kept in [
        "read-the-whole-guide",
        "new-environment-computers-2020",
        "new-environment-install",
        "back-up-databases-2020",
        "back-up-config-files",
        "back-up-certificate-store",
        "esso-back-up",
        "copy-winscp",
        "reapply-custom-config",
    ] {
        assert!(unique.contains(&kept.to_string()), "{kept} missing from the new environment's plan");
    }
    for in_place in ["start-setup", "finish-setup", "setup-prerequisites-2016", "stop-services-2020", "no-rollback", "copy-winscp-2016"] {
        assert!(!unique.contains(&in_place.to_string()), "{in_place} belongs to an in-place upgrade");
    }
    // An answer that is not blocked has none of the new environment's steps.
    let direct = evaluate_upgrade(&profile(Bts2016, Bts2020, &[]), TODAY);
    assert!(direct.steps.iter().all(|s| s.step.applies_when.environment != StepEnvironment::New));
    assert!(direct.steps.iter().all(|s| s.hop_to.is_none() && s.id() == s.step.id));
    // Building on 2016 says to build on 2020 instead.
    let to_2016 = evaluate_upgrade(&UpgradeProfile { os: OperatingSystem::WindowsServer2019, ..profile(Bts2013R2, Bts2016, &[]) }, TODAY);
    assert_eq!(to_2016.verdict, Verdict::Blocked);
    let build = to_2016.steps.iter().find(|s| s.step.id == "new-environment-computers-2016").expect("the 2016 platform step");
    assert!(build.step.detail.contains("BizTalk Server 2020 instead"));
}

#[test]
fn steps_follow_the_phases_and_the_sources_order() {
    let report = evaluate_upgrade(&profile(Bts2013R2, Bts2016, &[SsoStandalone, MultiServer, BamAlerts, SqlUpgrade]), TODAY);
    let ids: Vec<&str> = report.steps.iter().map(|s| s.step.id).collect();
    for pair in report.steps.windows(2) {
        assert!(pair[0].step.phase <= pair[1].step.phase, "{} before {}", pair[0].step.id, pair[1].step.id);
    }
    let at = |id: &str| ids.iter().position(|s| *s == id).unwrap_or_else(|| panic!("{id} missing"));
    let in_order = [
        "read-the-whole-guide",
        "bam-alerts-export-definitions",
        "bam-alerts-unconfigure",
        "upgrade-sql-server-2016",
        "bam-alerts-sql-version",
        "bam-alerts-database-mail",
        "esso-standalone-upgrade",
        "multicomputer-order",
        "sysadmin-account",
        "start-setup",
        "setup-prerequisites-2016",
        "finish-setup",
        "verify-upgrade",
        "no-rollback",
        "bam-alerts-redeploy",
        "bam-alerts-admin-computer",
    ];
    for pair in in_order.windows(2) {
        assert!(at(pair[0]) < at(pair[1]), "{} should come before {}", pair[0], pair[1]);
    }
}

#[test]
fn exact_commands_and_messages_are_copyable() {
    let expect = [
        ("network-service-temp-access", r"%windir%\temp"),
        ("keep-default-account-names", r"<NetBIOS domain name>\<user>"),
        ("back-up-config-files", "btsntsvc.exe.config"),
        ("back-up-config-files", "bm.exe.config"),
        ("bam-alerts-export-definitions", "bm.exe get-defxml -FileName:YourBAMDefinition.xml"),
        ("bam-alerts-export-definitions", "bm.exe help"),
        ("bam-alerts-redeploy", "bm.exe update-all -DefinitionFile:YourBAMDefinition.xml"),
        ("bam-max-timeout", "<system.transactions>\n   <machineSettings maxTimeout=\"23:59:59\" />\n</system.transactions>"),
        ("bam-livedata-regenerate", "BM get-defxml MyDef.xml"),
        ("bam-livedata-regenerate", "BM regenerate-livedataworkbook MyNewBook.xls"),
        ("esso-standalone-upgrade", r"\Platform\SSO"),
        ("restart-sso-regasm", "regasm SSOSQL.dll"),
        ("read-only-users-group", "Configure-WindowsGroupForReadOnlyUserDBRole.ps1"),
        ("certificate-store-missing", "Could not open certificate store, the system cannot find the file specified (System)."),
        (
            "sso-cluster-refresh",
            "SSO Master Secret Server service is not running on <Cluster name>.Please start the service to continue the upgrade.",
        ),
        (
            "edi-bam-activities",
            r#""<BizTalk Installation Folder>\Tracking\bm.exe" deploy-all -DefinitionFile:"<BizTalk Installation Folder>\AS2ResendActivityDefs.xml" -Server:"<BAM Database Server Name>" -Database:"<BAM Database Name>""#,
        ),
        ("soap-web-config", r"C:\inetpub\wwwroot\<SOAPExternalAppName>\"),
        ("bam-portal-64bit", r"%BizTalkInstallDir%\BAMPortal\web.config"),
    ];
    for (id, code) in expect {
        assert!(step(id).code.contains(&code), "{id} should offer `{code}` to copy; it has {:?}", step(id).code);
    }
    assert_eq!(step("edi-bam-activities").code.len(), 3, "the three bm.exe commands");
    let cluster = step("sso-cluster-refresh").detail;
    for n in 1..=8 {
        assert!(cluster.contains(&format!("\n{n}. ")), "the SSO cluster fix has step {n}");
    }
}

#[test]
fn every_step_links_to_a_fixed_book_section() {
    // The anchors the team plan fixes for the book; the site tests check they resolve.
    const ANCHORS: &[&str] = &[
        "planning.html#read-first",
        "planning.html#upgrade-order",
        "planning.html#routes",
        "planning.html#support-lifecycle",
        "planning.html#general-information",
        "planning.html#test-upgrade",
        "planning.html#settings-dashboard",
        "compatibility.html#upgrade-to-2016",
        "compatibility.html#upgrade-to-2020",
        "compatibility.html#when-a-check-fails",
        "compatibility.html#sql-server-first",
        "compatibility.html#sql-accepted",
        "compatibility.html#sql-in-place-paths",
        "compatibility.html#target-platform",
        "compatibility.html#target-platform-2020",
        "compatibility.html#blocked",
        "compatibility.html#target-platform-2016",
        "compatibility.html#winscp",
        "upgrade/before.html#permissions",
        "upgrade/before.html#sso-running",
        "upgrade/before.html#network-service",
        "upgrade/before.html#certificates",
        "upgrade/before.html#dtc",
        "upgrade/before.html#custom-bindings",
        "upgrade/before.html#configuration-files",
        "upgrade/before.html#bam",
        "upgrade/before.html#bam-livedata",
        "upgrade/before.html#esso",
        "upgrade/before.html#esso-standalone",
        "upgrade/before.html#multicomputer-order",
        "upgrade/setup.html#sysadmin-account",
        "upgrade/setup.html#setup-steps",
        "upgrade/setup.html#new-features",
        "upgrade/setup.html#verify",
        "upgrade/setup.html#ceip",
        "upgrade/after.html#no-rollback",
        "upgrade/after.html#mqsagent",
        "upgrade/after.html#msmq",
        "upgrade/after.html#sql-agent-jobs",
        "upgrade/after.html#restart-applications",
        "upgrade/to-2020.html#before",
        "upgrade/to-2020.html#sql-adapter",
        "upgrade/to-2020.html#tibco-ems",
        "upgrade/to-2020.html#bam-ssis-catalog",
        "upgrade/to-2020.html#bam-tools-ssis",
        "upgrade/to-2020.html#prepare",
        "upgrade/to-2020.html#post-upgrade",
        "upgrade/to-2020.html#feature-pack",
        "upgrade/to-2016.html#before",
        "upgrade/to-2016.html#sharepoint",
        "upgrade/to-2016.html#dotnet",
        "upgrade/to-2016.html#office",
        "upgrade/to-2016.html#default-host",
        "upgrade/to-2016.html#bam-alerts",
        "upgrade/to-2016.html#prepare",
        "upgrade/to-2016.html#post-upgrade",
        "upgrade/to-2016.html#bam-portal-error",
        "upgrade/to-2016.html#swift",
        "known-issues.html#bam-alerts-admin",
        "known-issues.html#failed-upgrade",
        "known-issues.html#same-versions",
        "known-issues.html#restart-sso",
        "known-issues.html#soap",
        "known-issues.html#certificate-store",
        "known-issues.html#bam-portal-64bit",
        "known-issues.html#edi-bam-activities",
        "known-issues.html#sso-cluster",
        "hotfixes/index.html#packages",
        "hotfixes/index.html#prerequisites",
        "hotfixes/index.html#restart",
        "hotfixes/index.html#group",
        "hotfixes/index.html#rollback",
        "hotfixes/index.html#backup",
        "hotfixes/index.html#support",
        "hotfixes/index.html#changed-requirements",
        "updates.html#latest",
        "updates.html#updates-2020",
        "updates.html#updates-2016",
        "updates.html#what-changes",
    ];
    let sources = data::UPGRADE_STEPS
        .iter()
        .map(|s| (s.id, s.source))
        .chain(data::HOTFIX_STEPS.iter().map(|s| (s.id, s.source)))
        .chain(data::WINSCP_STEPS.iter().map(|s| (s.step.id, s.step.source)));
    for (id, source) in sources {
        assert!(ANCHORS.contains(&source), "step {id} links to {source}, which is not one of the fixed anchors");
    }
}

// ---------------------------------------------------------------------------------- hotfixes

fn hotfix_ids(profile: &HotfixProfile) -> BTreeSet<&'static str> {
    evaluate_hotfix(profile).steps.iter().map(|s| s.id).collect()
}

/// Every combination of the yes/no answers, with one and with several servers.
fn hotfix_profiles() -> Vec<HotfixProfile> {
    let mut all = Vec::new();
    for servers in [1, 2, 5] {
        for bits in 0..16u8 {
            for arch in Architecture::ALL {
                all.push(HotfixProfile {
                    servers,
                    sql_script: bits & 1 != 0,
                    iis_adapters: bits & 2 != 0,
                    isolated_host_heavy: bits & 4 != 0,
                    downloads: if bits & 8 != 0 { Downloads::X86AndX64 } else { Downloads::X86Only },
                    arch: *arch,
                    ..HotfixProfile::default()
                });
            }
        }
    }
    all
}

#[test]
fn hotfix_package_choice_and_its_steps() {
    for p in hotfix_profiles() {
        let report = evaluate_hotfix(&p);
        let ids = hotfix_ids(&p);
        assert!(ids.contains("choose-package") && ids.contains("check-rights") && ids.contains("review-setup-xml"));
        match p.downloads {
            Downloads::X86Only => {
                assert_eq!(report.package, Architecture::X86, "{p:?}");
                assert!(!ids.contains("match-bitness"));
            }
            Downloads::X86AndX64 => {
                assert_eq!(report.package, p.arch, "{p:?}");
                assert!(ids.contains("match-bitness"));
            }
        }
        for pair in report.steps.windows(2) {
            assert!(pair[0].phase <= pair[1].phase, "{} before {}", pair[0].id, pair[1].id);
        }
    }
}

#[test]
fn hotfix_backup_restarts_and_rollback_follow_the_sql_script() {
    const WITH_SCRIPT: &[&str] = &[
        "back-up-databases-required",
        "rollback-why-restore",
        "rollback-stop-everything",
        "rollback-uninstall-sql",
        "rollback-restore-databases",
        "rollback-restart",
    ];
    const WITHOUT_SCRIPT: &[&str] = &["back-up-databases", "restart-host-instances", "rollback-uninstall"];
    for p in hotfix_profiles() {
        let report = evaluate_hotfix(&p);
        let ids = hotfix_ids(&p);
        let (present, absent) = if p.sql_script { (WITH_SCRIPT, WITHOUT_SCRIPT) } else { (WITHOUT_SCRIPT, WITH_SCRIPT) };
        for id in present {
            assert!(ids.contains(id), "{id} missing for {p:?}");
        }
        for id in absent {
            assert!(!ids.contains(id), "{id} should not show for {p:?}");
        }
        let expected = if p.sql_script { Rollback::RestoreDatabases } else { Rollback::Uninstall };
        assert_eq!(report.rollback, expected);
        assert_eq!(ids.contains("rollback-stop-iis"), p.sql_script && p.isolated_host_heavy, "{p:?}");
        // On one server these say what to stop and restart; in a group the group steps do.
        let single = p.servers == 1;
        assert_eq!(ids.contains("stop-services-and-agent"), p.sql_script && single, "{p:?}");
        assert_eq!(ids.contains("restart-after-sql-script"), p.sql_script && single, "{p:?}");
    }
    let backup = data::HOTFIX_STEPS.iter().find(|s| s.id == "back-up-databases-required").unwrap();
    assert!(backup.code.contains(&"BizTalkMgmtDb.dbo.sp_ForceFullBackup"));
    assert!(backup.detail.contains("**Backup BizTalk Server**"));
}

#[test]
fn hotfix_iis_steps_only_with_iis_adapters() {
    for p in hotfix_profiles() {
        let ids = hotfix_ids(&p);
        let group = p.servers > 1;
        assert_eq!(ids.contains("group-stop-iis"), group && p.iis_adapters, "{p:?}");
        assert_eq!(ids.contains("group-restart-iis"), group && p.iis_adapters, "{p:?}");
        assert_eq!(ids.contains("rollback-restart-iis"), p.sql_script && p.iis_adapters, "{p:?}");
        if !p.iis_adapters {
            let iis: Vec<&str> =
                evaluate_hotfix(&p).steps.iter().filter(|s| s.applies_when.contains(&HotfixCondition::IisAdapters)).map(|s| s.id).collect();
            assert!(iis.is_empty(), "{iis:?} shown without IIS adapters");
        }
    }
}

#[test]
fn hotfix_group_steps_only_with_several_servers() {
    const GROUP: &[&str] = &[
        "group-stop-biztalk",
        "group-stop-sql-agent",
        "group-leave-sso-running",
        "group-check-databases-idle",
        "group-install-each-server",
        "group-restart-all",
    ];
    for p in hotfix_profiles() {
        let ids = hotfix_ids(&p);
        for id in GROUP {
            assert_eq!(ids.contains(id), p.servers > 1, "{id} for {} server(s)", p.servers);
        }
        // Exactly one install step: the plain one on a single server, one at a time in a group.
        assert_eq!(ids.contains("install-package"), p.servers == 1);
    }
    let idle = data::HOTFIX_STEPS.iter().find(|s| s.id == "group-check-databases-idle").unwrap();
    assert!(idle.code.contains(&"sp_who2"));
}

// ------------------------------------------------------------------ contract v2 scenarios

/// A 2016 Standard deployment going to 2020, on `os` with its databases on `sql`.
fn to_2020(os: OperatingSystem, sql: SqlServer, features: &[Feature]) -> UpgradeProfile {
    UpgradeProfile {
        from: Bts2016,
        to: Bts2020,
        edition: Edition::Standard,
        to_edition: None,
        os,
        sql,
        sql_target: None,
        features: features.iter().copied().collect(),
        ..UpgradeProfile::default()
    }
}

#[test]
fn sql_server_2017_into_2020_passes_by_the_guides_tip() {
    let report = evaluate_upgrade(&to_2020(OperatingSystem::WindowsServer2016, SqlServer::SqlServer2017, &[]), TODAY);
    assert_eq!(report.verdict, Verdict::Supported);
    let sql = &report.route[0].checks[1];
    assert_eq!(sql.status, Support::Yes);
    assert!(sql.detail.contains("names it as a version to reach"), "the detail says why: {}", sql.detail);
    assert!(report.prerequisites.is_empty(), "nothing to upgrade, and never a downgrade to 2016");
}

#[test]
fn sql_server_2014_into_2020_is_a_prerequisite_not_a_block() {
    let report = evaluate_upgrade(&to_2020(OperatingSystem::WindowsServer2016, SqlServer::SqlServer2014, &[]), TODAY);
    assert_eq!(report.verdict, Verdict::Prerequisites);
    assert_eq!(report.route[0].checks[1].status, Support::No, "the table still says no as things stand");
    let move_first = &report.prerequisites[0];
    assert_eq!(move_first.from, SqlServer::SqlServer2014);
    assert_eq!(move_first.to, [SqlServer::SqlServer2019, SqlServer::SqlServer2017, SqlServer::SqlServer2016]);
    assert!(move_first.detail.contains("Service Pack 2"), "2014 reaches 2019 from SP2: {}", move_first.detail);
}

#[test]
fn sql_server_2012_sp1_is_told_its_service_pack_and_2008_r2_has_no_path_to_2020() {
    let r2 = UpgradeProfile {
        from: Bts2013R2,
        to: Bts2016,
        os: OperatingSystem::WindowsServer2012R2,
        sql: SqlServer::SqlServer2012Sp1,
        ..to_2020(OperatingSystem::WindowsServer2012R2, SqlServer::SqlServer2012Sp1, &[])
    };
    let report = evaluate_upgrade(&r2, TODAY);
    assert_eq!(report.verdict, Verdict::Prerequisites);
    // SQL Server 2014 now has its path data (audit 3, M4): SQL Server 2012 SP1 reaches it as it
    // is, and BizTalk Server 2016 accepts it from SP1, which the title names.
    assert_eq!(report.prerequisites[0].to, [SqlServer::SqlServer2016, SqlServer::SqlServer2014]);
    assert!(report.prerequisites[0].detail.contains("must first be at Service Pack 2"), "{}", report.prerequisites[0].detail);
    assert!(report.prerequisites[0].title.contains("SQL Server 2014 at SP1 or later"), "{}", report.prerequisites[0].title);

    // SQL Server 2008 R2 reaches 2016 and 2017 from SP3 (so SP1 takes SP3 first) and never 2019.
    let old = evaluate_upgrade(&to_2020(OperatingSystem::WindowsServer2016, SqlServer::SqlServer2008R2Sp1, &[]), TODAY);
    assert_eq!(old.verdict, Verdict::Prerequisites);
    assert_eq!(old.prerequisites[0].to, [SqlServer::SqlServer2017, SqlServer::SqlServer2016]);
    assert!(old.prerequisites[0].detail.contains("Service Pack 3"), "{}", old.prerequisites[0].detail);
}

#[test]
fn bam_real_time_aggregations_with_a_proposed_sql_upgrade_show_the_enterprise_edition_step() {
    let features = [BamRta, Edi];
    let report = evaluate_upgrade(&to_2020(OperatingSystem::WindowsServer2016, SqlServer::SqlServer2014, &features), TODAY);
    assert_eq!(report.verdict, Verdict::Prerequisites);
    assert!(report.inferred_features.iter().any(|f| f.feature == SqlUpgrade), "the proposed SQL Server upgrade counts as sql-upgrade");
    let ids: BTreeSet<String> = report.steps.iter().map(|s| s.id().into_owned()).collect();
    assert!(ids.contains("bam-rta-enterprise-sql"), "the step that prevents a failed upgrade must show");
    assert!(ids.contains("edi-bam-activities"), "and the EDI BAM activities known issue");
    // Without the SQL Server move neither shows.
    let staying = evaluate_upgrade(&to_2020(OperatingSystem::WindowsServer2016, SqlServer::SqlServer2016, &features), TODAY);
    let ids: BTreeSet<String> = staying.steps.iter().map(|s| s.id().into_owned()).collect();
    assert!(!ids.contains("bam-rta-enterprise-sql") && !ids.contains("edi-bam-activities"));
}

#[test]
fn from_2013_r2_to_2020_means_a_new_2020_environment() {
    for os in OperatingSystem::ALL {
        let profile = UpgradeProfile { from: Bts2013R2, os: *os, ..to_2020(*os, SqlServer::SqlServer2014, &[]) };
        let report = evaluate_upgrade(&profile, TODAY);
        assert_eq!(report.verdict, Verdict::Blocked, "{os}: no operating system passes both hops");
        let remedies: Vec<&str> = report.route.iter().flat_map(|h| &h.checks).filter_map(|c| c.remedy.as_deref()).collect();
        let os_remedy =
            remedies.iter().find(|r| r.contains("new BizTalk Server 2020 environment")).unwrap_or_else(|| panic!("{os}: {remedies:?}"));
        for (supported, _) in TargetPlatform::of(Bts2020).unwrap().os {
            assert!(os_remedy.contains(supported.label()), "{os}: the remedy names {supported}");
        }
        assert!(report.prerequisites.is_empty());
    }
}

#[test]
fn a_cluster_counts_as_more_than_one_computer() {
    let cluster = evaluate_upgrade(&to_2020(OperatingSystem::WindowsServer2016, SqlServer::SqlServer2016, &[Cluster]), TODAY);
    let ticked = evaluate_upgrade(&to_2020(OperatingSystem::WindowsServer2016, SqlServer::SqlServer2016, &[Cluster, MultiServer]), TODAY);
    let ids = |r: &UpgradeReport| r.steps.iter().map(|s| s.id().into_owned()).collect::<Vec<_>>();
    assert_eq!(ids(&cluster), ids(&ticked));
    assert!(ids(&cluster).iter().any(|id| id == "multicomputer-order"));
    let inferred = cluster.inferred_features.iter().find(|f| f.feature == MultiServer).expect("multi-server is inferred");
    assert!(inferred.reason.contains(Cluster.label()));
}

#[test]
fn the_bam_portal_on_windows_server_gets_the_64_bit_steps() {
    let report = evaluate_upgrade(&to_2020(OperatingSystem::WindowsServer2016, SqlServer::SqlServer2016, &[BamPortal]), TODAY);
    let ids: BTreeSet<String> = report.steps.iter().map(|s| s.id().into_owned()).collect();
    assert!(ids.contains("bam-portal-64bit"), "Windows Server means 64-bit computers");
    assert!(report.inferred_features.iter().any(|f| f.feature == X64));
    let client = evaluate_upgrade(&to_2020(OperatingSystem::Windows10, SqlServer::SqlServer2016, &[BamPortal]), TODAY);
    assert!(!client.steps.iter().any(|s| s.step.id == "bam-portal-64bit"), "Windows 10 can be 32-bit: not inferred");
}

/// Each route's WinSCP step lists the versions of its own target's cumulative updates: 5.7.7
/// for BizTalk Server 2016 RTM to CU4, never a 2020 version on the 2016 route.
#[test]
fn each_route_with_sftp_lists_the_winscp_versions_of_its_target() {
    for (from, to, id) in [(Bts2013R2, Bts2016, "copy-winscp-2016"), (Bts2016, Bts2020, "copy-winscp")] {
        let report = evaluate_upgrade(&profile(from, to, &[Sftp]), TODAY);
        let winscp: Vec<_> = report.steps.iter().filter(|s| s.step.id.starts_with("copy-winscp")).collect();
        assert_eq!(winscp.len(), 1, "{} -> {}: one WinSCP step", from.id(), to.id());
        assert_eq!(winscp[0].step.id, id);
        for w in data::WINSCP_VERSIONS {
            let line = format!("{} {}: WinSCP {}", w.biztalk.label(), w.updates, w.winscp);
            assert_eq!(winscp[0].step.detail.contains(&line), w.biztalk == to, "{id}: {line}");
        }
    }
    assert!(step("copy-winscp-2016").detail.contains("BizTalk Server 2016 RTM to CU4: WinSCP 5.7.7"));
}

#[test]
fn back_up_config_files_is_for_every_deployment() {
    for (from, to) in [(Bts2013R2, Bts2016), (Bts2016, Bts2020)] {
        assert!(ids(&profile(from, to, &[])).contains("back-up-config-files"), "{} -> {}", from.id(), to.id());
    }
}

#[test]
fn every_step_is_shown_for_at_least_one_profile() {
    let mut shown = BTreeSet::new();
    for (from, to) in [(Bts2013R2, Bts2016), (Bts2016, Bts2020)] {
        shown.extend(ids(&profile(from, to, Feature::ALL)));
        // Blocked (an operating system neither table lists): the new environment's plan.
        shown.extend(ids(&UpgradeProfile { os: OperatingSystem::Windows7Sp1, ..profile(from, to, Feature::ALL) }));
    }
    let never: Vec<&str> = data::UPGRADE_STEPS.iter().map(|s| s.id).filter(|id| !shown.contains(*id)).collect();
    assert!(never.is_empty(), "steps no profile can show: {never:?}");
}

/// Step ids are users' stored progress: renaming one loses their ticks. The snapshot makes a
/// rename a deliberate edit of `tests/step-ids.txt`.
#[test]
fn step_ids_match_the_snapshot() {
    let snapshot = include_str!("step-ids.txt");
    let expected: Vec<&str> = snapshot.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).collect();
    let actual: Vec<String> = data::UPGRADE_STEPS
        .iter()
        .map(|s| format!("upgrade {}", s.id))
        .chain(data::HOTFIX_STEPS.iter().map(|s| format!("hotfix {}", s.id)))
        .chain(data::WINSCP_STEPS.iter().map(|s| format!("hotfix {}", s.step.id)))
        .collect();
    let missing: Vec<&&str> = expected.iter().filter(|e| !actual.iter().any(|a| a == **e)).collect();
    let added: Vec<&String> = actual.iter().filter(|a| !expected.contains(&a.as_str())).collect();
    assert!(
        missing.is_empty() && added.is_empty(),
        "step ids changed (stored progress is keyed by them). Gone: {missing:?}; new: {added:?}. \
         If deliberate, update advisor/rules/tests/step-ids.txt"
    );
}

/// Whether `label` is named in `text` as itself, not as the start of a longer name
/// ("Windows Server 2012" inside "Windows Server 2012 R2", "Windows 8" inside "Windows 8.1").
fn names(text: &str, label: &str) -> bool {
    text.match_indices(label).any(|(at, _)| {
        let after = &text[at + label.len()..];
        !(after.starts_with(" R2") || after.starts_with(" SP") || after.starts_with(".1"))
    })
}

/// The planning steps that restate a compatibility table say what the table says: every row
/// of the table is named, and the sentence naming the "yes" rows names no "no" row.
#[test]
fn planning_steps_that_restate_a_table_agree_with_it() {
    let normalise = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    for (id, to, area) in [
        ("plan-os-path-2016", Bts2016, "os"),
        ("plan-os-path-2020", Bts2020, "os"),
        ("plan-sql-path-2016", Bts2016, "sql"),
        ("plan-sql-path-2020", Bts2020, "sql"),
    ] {
        let upgrade = DocumentedUpgrade::to(to).unwrap();
        let from = upgrade.from[0];
        let rows: Vec<(&str, Support)> = match area {
            "os" => upgrade.os.iter().map(|(os, _)| (os.label(), upgrade.os_support(from, *os))).collect(),
            _ => upgrade.sql.iter().map(|(sql, _)| (sql.label(), upgrade.sql_support(from, *sql))).collect(),
        };
        let detail = normalise(step(id).detail);
        for (label, _) in &rows {
            assert!(names(&detail, label), "{id}: {label} of the table is not named");
        }
        let yes: Vec<&str> = rows.iter().filter(|(_, s)| *s == Support::Yes).map(|(l, _)| *l).collect();
        let sentence = detail
            .split("; ")
            .flat_map(|p| p.split(". "))
            .find(|s| yes.iter().all(|l| names(s, l)))
            .unwrap_or_else(|| panic!("{id}: no sentence names {yes:?}"));
        for (label, support) in &rows {
            if *support != Support::Yes {
                assert!(!names(sentence, label), "{id}: \"{sentence}\" names {label} with the supported ones, but the table says no");
            }
        }
    }
}

#[test]
fn a_sql_target_that_sql_server_cannot_reach_in_place_blocks_and_says_why() {
    let profile = UpgradeProfile {
        sql_target: Some(SqlServer::SqlServer2019),
        ..to_2020(OperatingSystem::WindowsServer2016, SqlServer::SqlServer2008R2Sp1, &[])
    };
    let report = evaluate_upgrade(&profile, TODAY);
    assert_eq!(report.verdict, Verdict::Blocked);
    let sql = &report.route[0].checks[1];
    assert_eq!(sql.status, Support::No);
    assert!(sql.detail.contains("cannot be upgraded in place from SQL Server 2008 R2 SP1 to SQL Server 2019"), "{}", sql.detail);
    let remedy = sql.remedy.as_deref().unwrap();
    assert!(remedy.contains("SQL Server 2017 or SQL Server 2016"), "the remedy offers what can be reached: {remedy}");
    assert!(report.prerequisites.is_empty());
}

/// Audit 3, M6: the SQL Server prerequisite says what BAM needs done first or of it.
#[test]
fn a_sql_server_upgrade_names_the_bam_work_that_comes_first() {
    let r2 = UpgradeProfile {
        from: Bts2013R2,
        to: Bts2016,
        os: OperatingSystem::WindowsServer2012R2,
        sql: SqlServer::SqlServer2012Sp1,
        features: [BamAlerts, BamRta].into_iter().collect(),
        ..UpgradeProfile::default()
    };
    let report = evaluate_upgrade(&r2, TODAY);
    assert_eq!(report.verdict, Verdict::Prerequisites);
    let detail = &report.prerequisites[0].detail;
    assert!(detail.contains("unconfigure BAM Alerts") && detail.contains("Enterprise Edition"), "{detail}");
    let plain = evaluate_upgrade(&UpgradeProfile { features: FeatureSet::new(), ..r2 }, TODAY);
    assert!(!plain.prerequisites[0].detail.contains("BAM"), "{}", plain.prerequisites[0].detail);
}

/// The third audit's findings and the scenario report's wrong answers, each written so that the
/// answer before contract version 3 fails it.
mod audit_3 {
    use super::*;

    fn on(from: Version, to: Version, os: OperatingSystem, sql: SqlServer) -> UpgradeProfile {
        UpgradeProfile { from, to, os, sql, ..UpgradeProfile::default() }
    }

    /// H2: the 2020 preparation step lists SQL Server 2022 only as a later upgrade, not before Setup.
    #[test]
    fn h2_the_2020_preparation_offers_no_sql_server_2022_before_setup() {
        let detail = step("upgrade-sql-server-2020").detail;
        let before_setup = &detail[..detail.find("Do not move to SQL Server 2022").expect("the warning")];
        assert!(!before_setup.contains("2022"), "{before_setup}");
    }

    /// B1, S7: from SQL Server 2012 SP1 the remedy says that SQL Server 2016 needs SP2 first.
    #[test]
    fn b1_the_2012_sp1_remedy_names_the_service_pack_its_path_needs() {
        let report = evaluate_upgrade(&on(Bts2013R2, Bts2016, OperatingSystem::WindowsServer2012R2, SqlServer::SqlServer2012Sp1), TODAY);
        let remedy = report.route[0].checks[1].remedy.as_deref().expect("a remedy");
        assert!(remedy.contains("must first be at Service Pack 2"), "{remedy}");
    }

    /// M2, S1, S11: SQL Server 2016 counts for 2020 only from SP3, named wherever it is proposed.
    #[test]
    fn m2_sql_server_2016_is_accepted_for_2020_only_from_sp3() {
        let sp2 = UpgradeProfile { sql_level: Some(SqlLevel::Sp2), ..UpgradeProfile::default() };
        let report = evaluate_upgrade(&sp2, TODAY);
        assert_eq!(report.verdict, Verdict::Prerequisites);
        assert_eq!(report.route[0].checks[1].status, Support::No);
        let from_2014 = evaluate_upgrade(&UpgradeProfile { sql: SqlServer::SqlServer2014, ..UpgradeProfile::default() }, TODAY);
        assert!(from_2014.prerequisites[0].title.contains("SQL Server 2016 at SP3 or later"), "{}", from_2014.prerequisites[0].title);
    }

    /// M3: a planned SQL Server the route rejects is never the remedy's suggestion.
    #[test]
    fn m3_a_rejected_sql_target_is_not_offered_again() {
        let report = evaluate_upgrade(&UpgradeProfile { sql_target: Some(SqlServer::SqlServer2022), ..UpgradeProfile::default() }, TODAY);
        let remedy = report.route[0].checks[1].remedy.as_deref().unwrap();
        let start = remedy.find(':').unwrap();
        let choices = &remedy[start..start + remedy[start..].find('.').unwrap()];
        assert!(!choices.contains("2022") && choices.contains("SQL Server 2019"), "{remedy}");
    }

    /// M4: SQL Server 2014 as the Setup target of 2013 R2 on SQL Server 2012 SP1 is a move, not a block.
    #[test]
    fn m4_sql_server_2014_is_reachable_from_2012_sp1() {
        let profile = UpgradeProfile {
            sql_target: Some(SqlServer::SqlServer2014),
            ..on(Bts2013R2, Bts2016, OperatingSystem::WindowsServer2012R2, SqlServer::SqlServer2012Sp1)
        };
        let report = evaluate_upgrade(&profile, TODAY);
        assert_eq!(report.verdict, Verdict::Prerequisites);
        assert!(report.route.iter().flat_map(|h| &h.checks).all(|c| !c.detail.contains("no release")));
    }

    /// S2, S9: a blocked answer is not the 100-step in-place checklist it just ruled out.
    #[test]
    fn s2_a_blocked_answer_is_a_short_new_environment_plan() {
        let report = evaluate_upgrade(&on(Bts2013R2, Bts2020, OperatingSystem::WindowsServer2012R2, SqlServer::SqlServer2014), TODAY);
        assert_eq!(report.verdict, Verdict::Blocked);
        assert!(report.steps.len() < 30, "{} steps", report.steps.len());
        assert!(report.steps.iter().any(|s| s.step.id == "new-environment-computers-2020"));
        assert!(report.steps.iter().all(|s| s.step.id != "start-setup"));
        // The second hop's SQL Server check: no in-place move of the instance in a rebuild answer.
        let remedy =
            report.route[1].checks.iter().find(|c| c.area == bts_rules::CheckArea::Sql).and_then(|c| c.remedy.clone()).unwrap_or_default();
        assert!(!remedy.contains("in place first") && remedy.contains("new BizTalk Server 2020 environment"), "{remedy}");
    }
}

/// BizTalk Server 2013 to 2016: the guide's SQL Server table says no for 2013 on every version,
/// so the SQL remedy is the guides' "recreate the environment" with no list of versions (it
/// printed an empty "()" before), while a route that accepts some versions still names them.
#[test]
fn a_route_that_accepts_no_sql_server_says_so_without_an_empty_list() {
    for sql in [SqlServer::SqlServer2012, SqlServer::SqlServer2016] {
        let p = UpgradeProfile { os: OperatingSystem::WindowsServer2012, sql, ..profile(Bts2013, Bts2016, &[]) };
        let remedy = evaluate_upgrade(&p, TODAY).route[0].checks[1].remedy.clone().unwrap_or_default();
        assert!(remedy.contains("recreate the BizTalk environment") && !remedy.contains("()"), "{sql:?}: {remedy}");
    }
    let p = UpgradeProfile { sql: SqlServer::SqlServer2017, ..profile(Bts2013R2, Bts2016, &[]) };
    let remedy = evaluate_upgrade(&p, TODAY).route[0].checks[1].remedy.clone().unwrap_or_default();
    assert!(remedy.contains("recreate the BizTalk environment") && remedy.contains("SQL Server 2014 at SP1 or later)"), "{remedy}");
}

/// Audit 3, M7: what a rebuilt computer needs names the page's hard constraints too, not only
/// versions: Desktop Experience, no binary collation, IIS for what uses it, the hardware minimums.
#[test]
fn m7_the_target_platform_names_desktop_experience_collations_iis_and_hardware() {
    for (version, memory) in [(Bts2020, "4 GB"), (Bts2016, "2 GB")] {
        let notes = bts_rules::TargetPlatform::of(version).unwrap().notes().join(" ");
        for needed in ["Desktop Experience", "any but a binary one", "Internet Information Services (IIS)", memory, "NTFS"] {
            assert!(notes.contains(needed), "{version:?}: {needed} missing from {notes}");
        }
    }
}
