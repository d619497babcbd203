//! The upgrade profile: the environment to upgrade and where it should end, and its validation.

use serde::Deserialize;

use crate::FeatureSet;
use crate::profile::{ProfileError, parse_value, required};
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
        if raw.from.as_deref() == Some(Version::Bts2020.id()) {
            return Err(ProfileError::new(
                "from",
                "is 2020, the newest version: there is no upgrade from it. To plan its next cumulative update, \
                 use the update planner: `bts-advisor hotfix` with \"version\": \"2020\" (the Hotfix planner in the browser)",
            ));
        }
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

/// `to` accepts only upgrade targets; a known version that is not newer than `from` is let
/// through so that [`UpgradeProfile::validate`] reports it as a downgrade or a non-upgrade.
fn required_version_target(value: Option<String>, from: Version) -> Result<Version, ProfileError> {
    let value = value.ok_or_else(|| ProfileError::missing("to"))?;
    match Version::from_id(&value) {
        Some(not_newer) if not_newer <= from => Ok(not_newer),
        _ => parse_value("to", &value, Version::TARGETS),
    }
}
