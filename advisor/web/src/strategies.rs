//! Generated profiles for the crate's property tests: every valid upgrade and hotfix profile.

use bts_rules::{Architecture, Downloads, Edition, Feature, HotfixProfile, OperatingSystem, SqlServer, UpgradeProfile, Version};
use proptest::prelude::*;

use crate::share::MAX_SERVERS;

/// Valid upgrade profiles: a forward route, no SQL Server downgrade at Setup.
pub fn upgrade_profiles() -> impl Strategy<Value = UpgradeProfile> {
    (
        prop::sample::select(Version::SOURCES),
        prop::sample::select(Version::TARGETS),
        prop::sample::select(Edition::ALL),
        prop::option::of(prop::sample::select(Edition::ALL)),
        prop::sample::select(OperatingSystem::ALL),
        prop::sample::select(SqlServer::ALL),
        prop::option::of(prop::sample::select(SqlServer::ALL)),
        prop::sample::subsequence(Feature::ALL, 0..Feature::ALL.len()),
    )
        .prop_filter("a forward route", |(from, to, ..)| to > from)
        .prop_map(|(from, to, edition, to_edition, os, sql, sql_target, features)| UpgradeProfile {
            from,
            to,
            edition,
            to_edition,
            os,
            sql,
            sql_target: sql_target.filter(|t| !t.is_older_than(sql)),
            features: features.into_iter().collect(),
        })
}

/// Valid hotfix profiles.
pub fn hotfix_profiles() -> impl Strategy<Value = HotfixProfile> {
    (
        1..=MAX_SERVERS,
        any::<bool>(),
        prop::sample::select(Downloads::ALL),
        prop::sample::select(Architecture::ALL),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(servers, sql_script, downloads, arch, iis_adapters, isolated_host_heavy)| HotfixProfile {
            servers,
            sql_script,
            downloads,
            arch,
            iis_adapters,
            isolated_host_heavy,
        })
}
