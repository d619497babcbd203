//! What Microsoft documents about upgrading BizTalk Server and installing its hotfixes, as typed
//! data, and the functions that turn an administrator's profile into a report.
//!
//! - [`vocabulary`]: the closed sets of values (versions, editions, operating systems, ...) and
//!   [`Date`], from the `bts-vocabulary` crate and re-exported here whole.
//! - [`data`]: the rules themselves, generated at build time from `data/*.toml`.
//! - [`evaluate_upgrade`] and [`evaluate_hotfix`]: the only two questions the product answers.
//!   The command line, the browser advisor and the book's tables all call these and only format
//!   what they return.
//!
//! This crate depends on serde (and `bts-vocabulary`, itself serde only) and nothing
//! web-related, so it compiles unchanged for the command line and for WASM.

mod checklist;
mod hotfix;
mod markdown;
mod profile;
mod sentence;
mod upgrade;

pub use bts_vocabulary::*;
pub use checklist::{Section, StepView};
pub use hotfix::{HotfixReport, evaluate_hotfix};
pub use profile::{FeatureSet, HotfixProfile, ProfileError, RawHotfixProfile, RawUpgradeProfile, UpgradeProfile, parse_value};
pub use upgrade::{
    Check, ChecklistStep, Hop, InferredFeature, Prerequisite, SqlInPlace, UpgradeReport, evaluate_upgrade, route, sql_in_place,
};

/// The rules, as generated from `data/*.toml` by the build script.
pub mod data {
    use crate::*;
    include!(concat!(env!("OUT_DIR"), "/rules_data.rs"));
}

/// One documented in-place upgrade (for example "2013 R2 or 2013 to 2016") and its three
/// compatibility tables, cell for cell as the upgrade guide gives them.
#[derive(Debug, PartialEq)]
pub struct DocumentedUpgrade {
    pub to: Version,
    /// The versions this upgrade starts from: the columns of the OS and SQL Server tables.
    pub from: &'static [Version],
    /// The book section that presents these tables.
    pub source: &'static str,
    /// SQL Server versions the guide tells you to reach before the upgrade: with the databases
    /// on one of them at Setup time, the SQL Server check passes, besides the table's "yes".
    pub sql_reach_first: &'static [SqlServer],
    /// Rows of the operating-system table; cells follow the order of `from`.
    pub os: &'static [(OperatingSystem, &'static [Support])],
    /// Rows of the SQL Server table; cells follow the order of `from`.
    pub sql: &'static [(SqlServer, &'static [Support])],
    /// Rows of the edition table (current edition); cells follow [`Edition::ALL`] (target edition).
    pub editions: &'static [(Edition, &'static [Support])],
}

impl DocumentedUpgrade {
    /// The documented upgrade that ends in `to`, if there is one.
    pub fn to(to: Version) -> Option<&'static DocumentedUpgrade> {
        data::DOCUMENTED_UPGRADES.iter().find(|u| u.to == to)
    }

    fn column(&self, from: Version) -> Option<usize> {
        self.from.iter().position(|f| *f == from)
    }

    /// What the OS table says for BizTalk `from` running on `os`.
    pub fn os_support(&self, from: Version, os: OperatingSystem) -> Support {
        lookup(self.os, self.column(from), os)
    }

    /// What the SQL Server table says for BizTalk `from` whose databases are on `sql`.
    pub fn sql_support(&self, from: Version, sql: SqlServer) -> Support {
        lookup(self.sql, self.column(from), sql)
    }

    /// What the edition table says for the current `edition` becoming `target`.
    pub fn edition_support(&self, edition: Edition, target: Edition) -> Support {
        let column = Edition::ALL.iter().position(|e| *e == target);
        lookup(self.editions, column, edition)
    }

    /// The target editions the table allows from `edition`, in table order.
    pub fn reachable_editions(&self, edition: Edition) -> impl Iterator<Item = Edition> + '_ {
        Edition::ALL.iter().copied().filter(move |t| self.edition_support(edition, *t) == Support::Yes)
    }

    /// The operating systems whose row says "yes" for `from`.
    pub fn supported_os(&self, from: Version) -> impl Iterator<Item = OperatingSystem> + '_ {
        self.os.iter().filter(move |(os, _)| self.os_support(from, *os) == Support::Yes).map(|(os, _)| *os)
    }

    /// The SQL Server versions whose row says "yes" for `from`.
    pub fn supported_sql(&self, from: Version) -> impl Iterator<Item = SqlServer> + '_ {
        self.sql.iter().filter(move |(sql, _)| self.sql_support(from, *sql) == Support::Yes).map(|(sql, _)| *sql)
    }

    /// Whether BizTalk `from` with its databases on `sql` at Setup time passes this upgrade's
    /// SQL Server check: the table says "yes", or the guide names `sql` as a version to reach.
    pub fn accepts_sql(&self, from: Version, sql: SqlServer) -> bool {
        self.sql_support(from, sql) == Support::Yes || self.sql_reach_first.contains(&sql)
    }
}

fn lookup<K: PartialEq>(rows: &[(K, &[Support])], column: Option<usize>, key: K) -> Support {
    match (rows.iter().find(|(k, _)| *k == key), column) {
        (Some((_, cells)), Some(column)) => cells[column],
        _ => Support::NotListed,
    }
}

/// Microsoft's support lifecycle for one BizTalk Server version.
#[derive(Debug, Clone, Copy)]
pub struct Lifecycle {
    pub version: Version,
    /// Microsoft's lifecycle page the dates come from.
    pub page: &'static str,
    pub start: Date,
    pub mainstream_end: Date,
    pub extended_end: Date,
}

/// Where a version stands in its lifecycle on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupportPhase {
    NotYetReleased,
    /// Mainstream support, ending on the date given.
    Mainstream {
        ends: Date,
        days_left: i64,
    },
    /// Extended support (security fixes only), ending on the date given.
    Extended {
        ends: Date,
        days_left: i64,
    },
    /// No support since the date given.
    Ended {
        since: Date,
    },
}

impl Lifecycle {
    pub fn of(version: Version) -> &'static Lifecycle {
        data::LIFECYCLES.iter().find(|l| l.version == version).expect("the build script checks every version has a lifecycle")
    }

    /// The support phase on `today`. Support ends at the end of the day given as the end date.
    pub fn phase_on(&self, today: Date) -> SupportPhase {
        if today < self.start {
            SupportPhase::NotYetReleased
        } else if today <= self.mainstream_end {
            SupportPhase::Mainstream { ends: self.mainstream_end, days_left: self.mainstream_end.days_since(today) }
        } else if today <= self.extended_end {
            SupportPhase::Extended { ends: self.extended_end, days_left: self.extended_end.days_since(today) }
        } else {
            SupportPhase::Ended { since: self.extended_end }
        }
    }

    /// One sentence for people: "BizTalk Server 2016 is in extended support until 2027-01-11 (50 days left)."
    pub fn describe_on(&self, today: Date) -> String {
        use data::messages;
        let name = self.version.label();
        match self.phase_on(today) {
            SupportPhase::NotYetReleased => messages::lifecycle_not_released(name, &format!("{today}")),
            SupportPhase::Mainstream { ends, days_left } => {
                messages::lifecycle_mainstream(name, &format!("{ends}"), &format!("{days_left}"), &format!("{}", self.extended_end))
            }
            SupportPhase::Extended { ends, days_left } => messages::lifecycle_extended(name, &format!("{ends}"), &format!("{days_left}")),
            SupportPhase::Ended { since } => messages::lifecycle_ended(name, &format!("{since}")),
        }
    }
}

/// One checklist step of the upgrade guides, with the condition under which it applies.
#[derive(Debug, PartialEq)]
pub struct UpgradeStep {
    pub id: &'static str,
    pub phase: UpgradePhase,
    pub applies_when: UpgradeCondition,
    pub title: &'static str,
    /// What to do, as Markdown.
    pub detail: &'static str,
    /// Commands, file names and snippets in `detail`, for copy buttons.
    pub code: &'static [&'static str],
    /// Site-relative link to the book section the step comes from.
    pub source: &'static str,
}

/// When an upgrade step applies. Empty lists mean "no restriction". Conditions only ever
/// require something, so adding a feature to a profile can add steps but never remove one.
#[derive(Debug, PartialEq)]
pub struct UpgradeCondition {
    /// The guide the step comes from: it applies to the hop to that version only. `None`: both
    /// guides have it, and it applies to every hop.
    pub guide: Option<Version>,
    pub any_feature: &'static [Feature],
    pub all_features: &'static [Feature],
}

/// What a target version of BizTalk Server needs of a computer (its requirements page).
#[derive(Debug, PartialEq)]
pub struct TargetPlatform {
    pub version: Version,
    /// Microsoft's requirements page.
    pub page: &'static str,
    /// The book section that presents it.
    pub source: &'static str,
    /// Supported operating systems, newest first, with what one needs beyond the release.
    pub os: &'static [(OperatingSystem, Option<&'static str>)],
    /// Supported SQL Server versions, newest first, with what one needs beyond the release.
    pub sql: &'static [(SqlServer, Option<&'static str>)],
    pub software: &'static [Software],
}

impl TargetPlatform {
    pub fn of(version: Version) -> Option<&'static TargetPlatform> {
        data::TARGET_PLATFORMS.iter().find(|t| t.version == version)
    }

    /// The supported operating systems as people read them: "Windows 11 (BizTalk Server 2020
    /// CU6 or later)".
    pub fn os_names(&self) -> Vec<String> {
        names_with_needs(self.os)
    }

    /// The supported SQL Server versions as people read them: "SQL Server 2016 (SP3 or later)".
    pub fn sql_names(&self) -> Vec<String> {
        names_with_needs(self.sql)
    }
}

fn names_with_needs<T: Vocabulary>(items: &[(T, Option<&str>)]) -> Vec<String> {
    items.iter().map(|(item, needs)| needs.map_or_else(|| item.label().to_string(), |n| format!("{} ({n})", item.label()))).collect()
}

/// Other software a target version needs or can use.
#[derive(Debug, PartialEq)]
pub struct Software {
    pub name: &'static str,
    pub required: bool,
    /// What needs it, where that is not everything.
    pub used_for: Option<&'static str>,
    pub versions: &'static [&'static str],
    pub note: Option<&'static str>,
}

/// The WinSCP version the SFTP adapter needs with a cumulative update of BizTalk Server.
#[derive(Debug, PartialEq)]
pub struct WinscpVersion {
    pub biztalk: Version,
    /// The cumulative updates, as the page names them ("CU3 or CU4", "RTM").
    pub updates: &'static str,
    pub winscp: &'static str,
    pub page: &'static str,
    pub source: &'static str,
}

/// From which SQL Server releases, at which minimum service pack, `to` upgrades in place.
#[derive(Debug, PartialEq)]
pub struct SqlUpgradePath {
    pub to: SqlServer,
    /// Microsoft's page the path comes from.
    pub page: &'static str,
    /// (release, minimum service pack; 0 for any).
    pub from: &'static [(SqlRelease, u8)],
}

/// One step of the hotfix procedure.
#[derive(Debug, PartialEq)]
pub struct HotfixStep {
    pub id: &'static str,
    pub phase: HotfixPhase,
    /// All of these must hold for the step to apply.
    pub applies_when: &'static [HotfixCondition],
    pub title: &'static str,
    pub detail: &'static str,
    pub code: &'static [&'static str],
    pub source: &'static str,
}

/// Every value each profile field accepts, with its label: what `bts-advisor vocab` prints and
/// the site's `api/vocabulary.json` holds (serialised as JSON by whoever prints it).
pub struct VocabularyDocument;

struct Values<T: 'static>(&'static [T]);

impl<T: Vocabulary> serde::Serialize for Values<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for value in self.0 {
            struct Entry<T>(T);
            impl<T: Vocabulary> serde::Serialize for Entry<T> {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    let mut map = serializer.serialize_map(Some(2))?;
                    map.serialize_entry("id", self.0.id())?;
                    map.serialize_entry("label", self.0.label())?;
                    map.end()
                }
            }
            seq.serialize_element(&Entry(*value))?;
        }
        seq.end()
    }
}

struct Features;

impl serde::Serialize for Features {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        #[derive(serde::Serialize)]
        struct Entry {
            id: &'static str,
            label: &'static str,
            group: FeatureGroup,
        }
        let mut seq = serializer.serialize_seq(Some(Feature::ALL.len()))?;
        for f in Feature::ALL {
            seq.serialize_element(&Entry { id: f.id(), label: f.label(), group: f.group() })?;
        }
        seq.end()
    }
}

impl serde::Serialize for VocabularyDocument {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        #[derive(serde::Serialize)]
        struct Upgrade {
            from: Values<Version>,
            to: Values<Version>,
            edition: Values<Edition>,
            to_edition: Values<Edition>,
            os: Values<OperatingSystem>,
            sql: Values<SqlServer>,
            sql_target: Values<SqlServer>,
            features: Features,
        }
        #[derive(serde::Serialize)]
        struct Hotfix {
            downloads: Values<Downloads>,
            arch: Values<Architecture>,
        }
        let mut s = serializer.serialize_struct("Vocabulary", 6)?;
        s.serialize_field(
            "upgrade",
            &Upgrade {
                from: Values(Version::SOURCES),
                to: Values(Version::TARGETS),
                edition: Values(Edition::ALL),
                to_edition: Values(Edition::ALL),
                os: Values(OperatingSystem::ALL),
                sql: Values(SqlServer::ALL),
                sql_target: Values(SqlServer::ALL),
                features: Features,
            },
        )?;
        s.serialize_field("hotfix", &Hotfix { downloads: Values(Downloads::ALL), arch: Values(Architecture::ALL) })?;
        s.serialize_field("feature_groups", &Values(FeatureGroup::ALL))?;
        s.serialize_field("verdicts", &Values(Verdict::ALL))?;
        s.serialize_field("upgrade_phases", &Values(UpgradePhase::ALL))?;
        s.serialize_field("hotfix_phases", &Values(HotfixPhase::ALL))?;
        s.end()
    }
}

/// Every `source` link of every step and table, for checks against the built site.
pub fn all_sources() -> impl Iterator<Item = &'static str> {
    data::UPGRADE_STEPS
        .iter()
        .map(|s| s.source)
        .chain(data::HOTFIX_STEPS.iter().map(|s| s.source))
        .chain(data::DOCUMENTED_UPGRADES.iter().map(|u| u.source))
        .chain(data::TARGET_PLATFORMS.iter().map(|t| t.source))
        .chain(data::WINSCP_VERSIONS.iter().map(|w| w.source))
        .chain(std::iter::once(data::SQL_MOVE_SOURCE))
}

#[cfg(test)]
mod tests {
    use super::{Date, Feature, FeatureSet, Lifecycle, Version};
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    proptest! {
        /// `FeatureSet` replaced `BTreeSet<Feature>`: the same members, order, answers and JSON.
        #[test]
        fn feature_sets_behave_as_btree_sets(steps in prop::collection::vec((0..Feature::ALL.len(), any::<bool>()), 0..40)) {
            let (mut bits, mut tree) = (FeatureSet::new(), BTreeSet::new());
            for (index, add) in steps {
                let feature = Feature::ALL[index];
                if add {
                    prop_assert_eq!(bits.insert(feature), tree.insert(feature));
                } else {
                    prop_assert_eq!(bits.remove(&feature), tree.remove(&feature));
                }
                prop_assert_eq!(bits.contains(&feature), tree.contains(&feature));
            }
            prop_assert_eq!(bits.iter().collect::<Vec<_>>(), tree.iter().collect::<Vec<_>>());
            prop_assert_eq!((bits.len(), bits.is_empty()), (tree.len(), tree.is_empty()));
            prop_assert_eq!(serde_json::to_string(&bits).unwrap(), serde_json::to_string(&tree).unwrap());
            prop_assert_eq!(tree.iter().copied().collect::<FeatureSet>(), bits);
        }
    }

    #[test]
    fn a_lifecycle_is_described_in_one_sentence_per_phase() {
        let lifecycle = Lifecycle {
            version: Version::Bts2016,
            page: "https://learn.microsoft.com/lifecycle/products/biztalk-server-2016",
            start: Date::new(2016, 12, 1),
            mainstream_end: Date::new(2022, 1, 11),
            extended_end: Date::new(2027, 1, 12),
        };
        assert_eq!(lifecycle.describe_on(Date::new(2016, 11, 30)), "BizTalk Server 2016 is not released yet on 2016-11-30.");
        assert_eq!(
            lifecycle.describe_on(Date::new(2022, 1, 1)),
            "BizTalk Server 2016 is in mainstream support until 2022-01-11 (10 days left); extended support ends 2027-01-12."
        );
        assert_eq!(
            lifecycle.describe_on(Date::new(2026, 11, 23)),
            "BizTalk Server 2016 is in extended support (security fixes only) until 2027-01-12: 50 days left."
        );
        assert_eq!(lifecycle.describe_on(Date::new(2027, 1, 13)), "BizTalk Server 2016 has been out of support since 2027-01-12.");
    }
}
