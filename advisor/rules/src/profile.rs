//! The two profiles an administrator describes, and their validation.
//!
//! Profiles arrive as loosely typed fields (JSON, a URL, a form); [`UpgradeProfile::from_fields`]
//! and [`HotfixProfile::from_fields`] turn them into typed profiles, or say which field is wrong.

use std::fmt;

use serde::Deserialize;

use crate::vocabulary::*;

/// The environment to upgrade and where it should end.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UpgradeProfile {
    pub from: Version,
    pub to: Version,
    pub edition: Edition,
    /// The edition wanted at the end; `None` means "tell me what I can reach".
    pub to_edition: Option<Edition>,
    pub os: OperatingSystem,
    pub sql: SqlServer,
    /// The SQL Server the databases will be on when BizTalk Server Setup runs, for a deployment
    /// that upgrades SQL Server first; `None` lets the advisor propose the move.
    pub sql_target: Option<SqlServer>,
    pub features: FeatureSet,
}

impl Default for UpgradeProfile {
    /// The most common case the site is visited for: 2016 Standard to 2020.
    fn default() -> Self {
        UpgradeProfile {
            from: Version::Bts2016,
            to: Version::Bts2020,
            edition: Edition::Standard,
            to_edition: None,
            os: OperatingSystem::WindowsServer2016,
            sql: SqlServer::SqlServer2016,
            sql_target: None,
            features: FeatureSet::new(),
        }
    }
}

impl UpgradeProfile {
    /// Checks what the types cannot: the route must go forward.
    pub fn validate(&self) -> Result<(), ProfileError> {
        if self.from == self.to {
            return Err(ProfileError::new("to", format!("is the same version as `from` ({}); nothing to upgrade", self.to.id())));
        }
        if self.to < self.from {
            return Err(ProfileError::new(
                "to",
                format!("is {}, older than `from` ({}); BizTalk Server cannot be downgraded", self.to.id(), self.from.id()),
            ));
        }
        if let Some(target) = self.sql_target.filter(|t| t.is_older_than(self.sql)) {
            return Err(ProfileError::new(
                "sql_target",
                format!("is {}, older than `sql` ({}); SQL Server cannot be downgraded in place", target.id(), self.sql.id()),
            ));
        }
        Ok(())
    }

    /// Builds a profile from raw field values, as read from JSON.
    pub fn from_fields(raw: RawUpgradeProfile) -> Result<UpgradeProfile, ProfileError> {
        let from = required::<Version>("from", raw.from, Version::SOURCES)?;
        let to = required_version_target(raw.to, from)?;
        let profile = UpgradeProfile {
            from,
            to,
            edition: required("edition", raw.edition, Edition::ALL)?,
            to_edition: raw.to_edition.map(|v| parse_value("to_edition", &v, Edition::ALL)).transpose()?,
            os: required("os", raw.os, OperatingSystem::ALL)?,
            sql: required("sql", raw.sql, SqlServer::ALL)?,
            sql_target: raw.sql_target.map(|v| parse_value("sql_target", &v, SqlServer::ALL)).transpose()?,
            features: {
                let mut features = FeatureSet::new();
                for f in raw.features.unwrap_or_default() {
                    features.insert(parse_value("features", &f, Feature::ALL)?);
                }
                features
            },
        };
        profile.validate()?;
        Ok(profile)
    }
}

/// An upgrade profile as it arrives, before its values are checked. Unknown fields are refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUpgradeProfile {
    pub from: Option<String>,
    pub to: Option<String>,
    pub edition: Option<String>,
    pub to_edition: Option<String>,
    pub os: Option<String>,
    pub sql: Option<String>,
    pub sql_target: Option<String>,
    pub features: Option<Vec<String>>,
}

/// What an administrator knows about a hotfix and the group it goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HotfixProfile {
    /// BizTalk computers in the group, at least 1.
    pub servers: u32,
    pub sql_script: bool,
    pub downloads: Downloads,
    pub arch: Architecture,
    pub iis_adapters: bool,
    pub isolated_host_heavy: bool,
}

impl Default for HotfixProfile {
    fn default() -> Self {
        HotfixProfile {
            servers: 1,
            sql_script: true,
            downloads: Downloads::X86AndX64,
            arch: Architecture::X64,
            iis_adapters: false,
            isolated_host_heavy: false,
        }
    }
}

/// A hotfix profile as it arrives. Unknown fields are refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHotfixProfile {
    pub servers: Option<i64>,
    pub sql_script: Option<bool>,
    pub downloads: Option<String>,
    pub arch: Option<String>,
    pub iis_adapters: Option<bool>,
    pub isolated_host_heavy: Option<bool>,
}

impl HotfixProfile {
    pub fn validate(&self) -> Result<(), ProfileError> {
        if self.servers < 1 {
            return Err(ProfileError::new("servers", "must be at least 1 (the BizTalk computers in the group)"));
        }
        Ok(())
    }

    pub fn from_fields(raw: RawHotfixProfile) -> Result<HotfixProfile, ProfileError> {
        let servers = raw.servers.ok_or_else(|| ProfileError::missing("servers"))?;
        let servers = u32::try_from(servers)
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| ProfileError::new("servers", format!("is {servers}; it must be a whole number of at least 1")))?;
        let profile = HotfixProfile {
            servers,
            sql_script: raw.sql_script.ok_or_else(|| ProfileError::missing("sql_script"))?,
            downloads: required("downloads", raw.downloads, Downloads::ALL)?,
            arch: required("arch", raw.arch, Architecture::ALL)?,
            iis_adapters: raw.iis_adapters.ok_or_else(|| ProfileError::missing("iis_adapters"))?,
            isolated_host_heavy: raw.isolated_host_heavy.ok_or_else(|| ProfileError::missing("isolated_host_heavy"))?,
        };
        profile.validate()?;
        Ok(profile)
    }
}

/// A profile that cannot be answered, naming the field at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError {
    pub field: &'static str,
    pub message: String,
}

impl ProfileError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        ProfileError { field, message: message.into() }
    }

    fn missing(field: &'static str) -> Self {
        ProfileError::new(field, "is required but missing")
    }
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "field `{}` {}", self.field, self.message)
    }
}

impl std::error::Error for ProfileError {}

/// Parses `value` as one of `accepted`, or names the field and the values it accepts.
pub fn parse_value<T: Vocabulary>(field: &'static str, value: &str, accepted: &[T]) -> Result<T, ProfileError> {
    T::from_id(value).filter(|v| accepted.contains(v)).ok_or_else(|| {
        let ids: Vec<&str> = accepted.iter().map(|v| v.id()).collect();
        ProfileError::new(field, format!("has unknown value \"{value}\"; accepted values: {}", ids.join(", ")))
    })
}

fn required<T: Vocabulary>(field: &'static str, value: Option<String>, accepted: &[T]) -> Result<T, ProfileError> {
    parse_value(field, &value.ok_or_else(|| ProfileError::missing(field))?, accepted)
}

/// `to` accepts only upgrade targets; a known version that is not newer than `from` is let
/// through so that [`UpgradeProfile::validate`] reports it as a downgrade or a non-upgrade.
fn required_version_target(value: Option<String>, from: Version) -> Result<Version, ProfileError> {
    let value = value.ok_or_else(|| ProfileError::missing("to"))?;
    match Version::from_id(&value) {
        Some(not_newer) if not_newer <= from => Ok(not_newer),
        _ => parse_value("to", &value, Version::TARGETS),
    }
}

/// The features a profile ticks, in the vocabulary's order: a set of [`Feature`]s as bits. It
/// behaves as a `BTreeSet<Feature>` would (sorted, no duplicates); the browser advisor's WASM is
/// kilobytes smaller without the B-tree.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct FeatureSet(u64);

const _: () = assert!(Feature::ALL.len() <= 64, "FeatureSet holds at most 64 features");

impl FeatureSet {
    pub const fn new() -> FeatureSet {
        FeatureSet(0)
    }

    const fn bit(feature: Feature) -> u64 {
        1 << feature as u32
    }

    /// Adds `feature`; whether it was not there before.
    pub fn insert(&mut self, feature: Feature) -> bool {
        let added = !self.contains(&feature);
        self.0 |= Self::bit(feature);
        added
    }

    /// Takes `feature` out; whether it was there.
    pub fn remove(&mut self, feature: &Feature) -> bool {
        let was = self.contains(feature);
        self.0 &= !Self::bit(*feature);
        was
    }

    pub fn contains(&self, feature: &Feature) -> bool {
        self.0 & Self::bit(*feature) != 0
    }

    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    pub fn len(&self) -> usize {
        self.0.count_ones() as usize
    }

    /// The features in the set, in the vocabulary's order.
    pub fn iter(&self) -> Features {
        Features { set: *self, rest: Feature::ALL.iter() }
    }
}

impl Extend<Feature> for FeatureSet {
    fn extend<I: IntoIterator<Item = Feature>>(&mut self, features: I) {
        for feature in features {
            self.insert(feature);
        }
    }
}

impl FromIterator<Feature> for FeatureSet {
    fn from_iter<I: IntoIterator<Item = Feature>>(features: I) -> FeatureSet {
        let mut set = FeatureSet::new();
        set.extend(features);
        set
    }
}

impl<const N: usize> From<[Feature; N]> for FeatureSet {
    fn from(features: [Feature; N]) -> FeatureSet {
        features.into_iter().collect()
    }
}

/// The features of a [`FeatureSet`], in the vocabulary's order.
#[derive(Debug, Clone)]
pub struct Features {
    set: FeatureSet,
    rest: std::slice::Iter<'static, Feature>,
}

impl Iterator for Features {
    type Item = &'static Feature;

    fn next(&mut self) -> Option<&'static Feature> {
        self.rest.by_ref().find(|f| self.set.contains(f))
    }
}

impl IntoIterator for &FeatureSet {
    type Item = &'static Feature;
    type IntoIter = Features;

    fn into_iter(self) -> Features {
        self.iter()
    }
}

impl serde::Serialize for FeatureSet {
    /// A list of feature ids, as a `BTreeSet<Feature>` serialises.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}
