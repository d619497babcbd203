//! Profiles for tests and benchmarks (feature `testing`): proptest strategies that generate only
//! valid profiles, and every combination of the values a benchmark walks through. This crate's
//! tests and benches use them, and so can other crates' tests: enable the feature in their
//! `[dev-dependencies]`.

use std::ops::RangeInclusive;

use proptest::prelude::*;
use proptest::sample::{select, subsequence};

use crate::vocabulary::*;
use crate::{Date, FeatureSet, HotfixProfile, UpgradeProfile};

/// The date tests judge the support lifecycle on: the day contract version 3 was written, when
/// BizTalk Server 2016 had 39 days of extended support left.
pub const TODAY: Date = Date::new(2026, 12, 3);

/// Every upgrade the advisor answers: each version an upgrade starts from, with each newer target.
pub fn routes() -> Vec<(Version, Version)> {
    Version::SOURCES.iter().flat_map(|f| Version::TARGETS.iter().filter(move |t| *t > f).map(move |t| (*f, *t))).collect()
}

/// Any valid upgrade profile: a forward route, any current and wanted edition, operating system
/// and SQL Server, a SQL Server planned for Setup in about a third of them (never a downgrade),
/// a service pack level the SQL Server can have and a SQL Server edition in about half, and any
/// features, some of them unsure (never both ticked and unsure).
pub fn upgrade_profiles() -> impl Strategy<Value = UpgradeProfile> {
    (
        select(routes()),
        select(Edition::ALL),
        proptest::option::of(select(Edition::ALL)),
        select(OperatingSystem::ALL),
        select(SqlServer::ALL),
        proptest::option::weighted(0.3, select(SqlServer::ALL)),
        proptest::option::of(select(SqlLevel::ALL)),
        proptest::option::of(select(SqlEdition::ALL)),
        subsequence(Feature::ALL, 0..=Feature::ALL.len()),
        subsequence(Feature::ALL, 0..=Feature::ALL.len() / 3),
    )
        .prop_map(|((from, to), edition, to_edition, os, sql, sql_target, sql_level, sql_edition, features, unsure)| {
            let features: FeatureSet = features.into_iter().collect();
            UpgradeProfile {
                from,
                to,
                edition,
                to_edition,
                os,
                sql,
                // A downgrade is refused by validation, so it never reaches the evaluator.
                sql_target: sql_target.filter(|t| !t.is_older_than(sql)),
                sql_level: sql_level.and_then(|level| valid_level(sql, level)),
                sql_edition,
                unsure: unsure.into_iter().filter(|f| !features.contains(f)).collect(),
                features,
            }
        })
}

/// Any valid upgrade profile of contract version 2: no SQL Server level or edition, nothing
/// unsure (for what does not carry the version-3 fields yet, such as the web advisor's link).
pub fn version_2_upgrade_profiles() -> impl Strategy<Value = UpgradeProfile> {
    upgrade_profiles().prop_map(|profile| UpgradeProfile { sql_level: None, sql_edition: None, unsure: FeatureSet::new(), ..profile })
}

/// `level` made valid for `sql`: none for SQL Server 2017 and later, the named one for values
/// that name a service pack, and at most the release's last.
fn valid_level(sql: SqlServer, level: SqlLevel) -> Option<SqlLevel> {
    let last = sql.release().last_service_pack()?;
    match sql.service_pack() {
        Some(named) => SqlLevel::ALL.get(usize::from(named)).copied(),
        None => Some(SqlLevel::ALL[usize::from(level.service_pack().min(last))]),
    }
}

/// Any valid hotfix profile with a number of BizTalk computers in `servers` (from 1).
pub fn hotfix_profiles(servers: RangeInclusive<u32>) -> impl Strategy<Value = HotfixProfile> {
    (servers, any::<bool>(), select(Downloads::ALL), select(Architecture::ALL), any::<bool>(), any::<bool>()).prop_map(
        |(servers, sql_script, downloads, arch, iis_adapters, isolated_host_heavy)| HotfixProfile {
            servers,
            sql_script,
            downloads,
            arch,
            iis_adapters,
            isolated_host_heavy,
            ..HotfixProfile::default()
        },
    )
}

/// Any valid update-planner profile (contract v3): a version, an installed update or none, a
/// target at or after it or none (the newest), a 2016 Feature Pack or none, and any features.
pub fn update_plan_profiles() -> impl Strategy<Value = HotfixProfile> {
    (hotfix_profiles(1..=4), select(Version::ALL), any::<(u8, u8, bool, bool, bool, u64)>()).prop_map(
        |(base, version, (installed, target, given, aimed, fp, features))| {
            let levels: Vec<&'static str> = crate::UpdateVersion::of(version).levels().map(|u| u.id).collect();
            let installed = usize::from(installed) % levels.len();
            let target = installed + usize::from(target) % (levels.len() - installed);
            let features = Feature::ALL.iter().enumerate().filter(|(i, _)| features & (1 << i) != 0).map(|(_, f)| *f).collect();
            HotfixProfile {
                version: Some(version),
                installed: given.then_some(levels[installed]),
                target: aimed.then_some(levels[target]),
                feature_pack: (fp && version == Version::Bts2016).then_some("fp3"),
                features,
                ..base
            }
        },
    )
}

/// Every upgrade profile of every route, current and wanted edition, operating system and SQL
/// Server, once with each of `feature_sets`, with no SQL Server planned for Setup.
pub fn every_upgrade_profile(feature_sets: &[FeatureSet]) -> Vec<UpgradeProfile> {
    let mut profiles = Vec::new();
    for (from, to) in routes() {
        for edition in Edition::ALL {
            for to_edition in std::iter::once(None).chain(Edition::ALL.iter().map(|e| Some(*e))) {
                for os in OperatingSystem::ALL {
                    for sql in SqlServer::ALL {
                        for features in feature_sets {
                            profiles.push(UpgradeProfile {
                                from,
                                to,
                                edition: *edition,
                                to_edition,
                                os: *os,
                                sql: *sql,
                                sql_target: None,
                                sql_level: None,
                                sql_edition: None,
                                features: *features,
                                unsure: FeatureSet::new(),
                            });
                        }
                    }
                }
            }
        }
    }
    profiles
}

/// Every hotfix profile with 1 to 4 BizTalk computers.
pub fn every_hotfix_profile() -> Vec<HotfixProfile> {
    let mut profiles = Vec::new();
    for servers in 1..=4 {
        for sql_script in [false, true] {
            for downloads in Downloads::ALL {
                for arch in Architecture::ALL {
                    for (iis_adapters, isolated_host_heavy) in [(false, false), (false, true), (true, false), (true, true)] {
                        profiles.push(HotfixProfile {
                            servers,
                            sql_script,
                            downloads: *downloads,
                            arch: *arch,
                            iis_adapters,
                            isolated_host_heavy,
                            ..HotfixProfile::default()
                        });
                    }
                }
            }
        }
    }
    profiles
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest! {
        #[test]
        fn the_upgrade_strategy_makes_only_valid_profiles(profile in upgrade_profiles()) {
            prop_assert_eq!(profile.validate(), Ok(()));
        }

        #[test]
        fn the_hotfix_strategy_makes_only_valid_profiles_in_the_range(profile in hotfix_profiles(1..=1000)) {
            prop_assert_eq!(profile.validate(), Ok(()));
            prop_assert!((1..=1000).contains(&profile.servers));
        }
    }

    #[test]
    fn every_profile_is_valid_and_listed_once() {
        let upgrades = every_upgrade_profile(&[FeatureSet::new(), Feature::ALL.iter().copied().collect()]);
        assert_eq!(
            upgrades.len(),
            routes().len() * Edition::ALL.len() * (Edition::ALL.len() + 1) * OperatingSystem::ALL.len() * SqlServer::ALL.len() * 2
        );
        assert!(upgrades.iter().all(|p| p.validate().is_ok()));
        let hotfixes = every_hotfix_profile();
        assert!(hotfixes.iter().all(|p| p.validate().is_ok()));
        let distinct: std::collections::HashSet<_> = hotfixes.iter().collect();
        assert_eq!(distinct.len(), hotfixes.len());
        assert_eq!(hotfixes.len(), 4 * 2 * Downloads::ALL.len() * Architecture::ALL.len() * 4);
    }
}
