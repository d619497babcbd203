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
    /// The service pack of the SQL Server in `sql` (contract version 3); `None`: not known.
    pub sql_level: Option<SqlLevel>,
    /// The edition of that SQL Server (contract version 3); `None`: not known.
    pub sql_edition: Option<SqlEdition>,
    pub features: FeatureSet,
    /// Features the administrator cannot confirm (contract version 3): their steps are shown,
    /// marked with them, and they never change the verdict. Never overlaps `features`.
    pub unsure: FeatureSet,
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
            sql_level: None,
            sql_edition: None,
            features: FeatureSet::new(),
            unsure: FeatureSet::new(),
        }
    }
}

impl UpgradeProfile {
    /// The service pack the SQL Server in `sql` is known to run at: `sql_level`, or the one the
    /// value names (`sql-server-2012-sp1`); `None` when the profile does not say.
    pub fn sql_service_pack(&self) -> Option<u8> {
        self.sql_level.map(SqlLevel::service_pack).or(self.sql.service_pack())
    }

    /// Checks what the types cannot: the route must go forward, SQL Server cannot go back, the
    /// service pack must exist for that SQL Server, and a feature is either ticked or unsure.
    /// Every problem, not only the first.
    pub fn validate(&self) -> Result<(), Vec<ProfileError>> {
        let problems = problems_between_fields(Fields {
            from: Some(self.from),
            to: Some(self.to),
            sql: Some(self.sql),
            sql_target: self.sql_target,
            sql_level: self.sql_level,
            features: Some(&self.features),
            unsure: Some(&self.unsure),
        });
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }

    /// Builds a profile from raw field values, as read from JSON; every problem at once.
    pub fn from_fields(raw: RawUpgradeProfile) -> Result<UpgradeProfile, Vec<ProfileError>> {
        let mut problems = Vec::new();
        // 2020 is no starting version; said with the way forward, and with the other problems.
        let from = if raw.from.as_deref() == Some(Version::Bts2020.id()) {
            let accepted: Vec<&str> = Version::SOURCES.iter().map(|v| v.id()).collect();
            problems.push(ProfileError::new(
                "from",
                format!(
                    "is 2020, the newest version: there is no upgrade from it (accepted values: {}). To plan its next cumulative \
                     update, use the update planner: `bts-advisor hotfix` with \"version\": \"2020\" (the Hotfix planner in the browser)",
                    accepted.join(", ")
                ),
            ));
            None
        } else {
            take(&mut problems, required::<Version>("from", raw.from, Version::SOURCES))
        };
        let to = take(&mut problems, required_version_target(raw.to, from));
        let edition = take(&mut problems, required("edition", raw.edition, Edition::ALL));
        let to_edition = take(&mut problems, raw.to_edition.map(|v| parse_value("to_edition", &v, Edition::ALL)).transpose());
        let os = take(&mut problems, required("os", raw.os, OperatingSystem::ALL));
        let sql = take(&mut problems, required("sql", raw.sql, SqlServer::ALL));
        let sql_target = take(&mut problems, raw.sql_target.map(|v| parse_value("sql_target", &v, SqlServer::ALL)).transpose());
        let sql_level = take(&mut problems, raw.sql_level.map(|v| parse_value("sql_level", &v, SqlLevel::ALL)).transpose());
        let sql_edition = take(&mut problems, raw.sql_edition.map(|v| parse_value("sql_edition", &v, SqlEdition::ALL)).transpose());
        let features = take(&mut problems, feature_set("features", raw.features));
        let unsure = take(&mut problems, feature_set("unsure", raw.unsure));
        // The problems between fields, named with the others rather than after them.
        problems.extend(problems_between_fields(Fields {
            from,
            to,
            sql,
            sql_target: sql_target.flatten(),
            sql_level: sql_level.flatten(),
            features: features.as_ref(),
            unsure: unsure.as_ref(),
        }));
        let (Some(from), Some(to), Some(edition), Some(to_edition), Some(os), Some(sql), Some(sql_target), Some(sql_level)) =
            (from, to, edition, to_edition, os, sql, sql_target, sql_level)
        else {
            return Err(problems);
        };
        let (Some(sql_edition), Some(features), Some(unsure)) = (sql_edition, features, unsure) else { return Err(problems) };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(UpgradeProfile { from, to, edition, to_edition, os, sql, sql_target, sql_level, sql_edition, features, unsure })
    }
}

/// The fields that the checks between fields read; `None` where a field is absent or already
/// reported.
struct Fields<'a> {
    from: Option<Version>,
    to: Option<Version>,
    sql: Option<SqlServer>,
    sql_target: Option<SqlServer>,
    sql_level: Option<SqlLevel>,
    features: Option<&'a FeatureSet>,
    unsure: Option<&'a FeatureSet>,
}

/// What the types cannot check: the route must go forward, SQL Server cannot go back, the
/// service pack must exist for that SQL Server, and a feature is either ticked or unsure.
fn problems_between_fields(fields: Fields) -> Vec<ProfileError> {
    let mut problems = Vec::new();
    if let (Some(from), Some(to)) = (fields.from, fields.to) {
        if from == to {
            problems.push(ProfileError::new("to", format!("is the same version as `from` ({}); nothing to upgrade", to.id())));
        }
        if to < from {
            problems.push(ProfileError::new(
                "to",
                format!("is {}, older than `from` ({}); BizTalk Server cannot be downgraded", to.id(), from.id()),
            ));
        }
    }
    if let Some(sql) = fields.sql {
        if let Some(target) = fields.sql_target.filter(|t| t.is_older_than(sql)) {
            problems.push(ProfileError::new(
                "sql_target",
                format!("is {}, older than `sql` ({}); SQL Server cannot be downgraded in place", target.id(), sql.id()),
            ));
        }
        if let Some(problem) = fields.sql_level.and_then(|level| sql_level_problem(sql, level)) {
            problems.push(ProfileError::new("sql_level", problem));
        }
    }
    if let (Some(features), Some(unsure)) = (fields.features, fields.unsure) {
        let both: Vec<&str> = features.iter().filter(|f| unsure.contains(f)).map(|f| f.id()).collect();
        if !both.is_empty() {
            problems.push(ProfileError::new(
                "unsure",
                format!("names {} which `features` also ticks; a feature is either used or unsure, not both", both.join(", ")),
            ));
        }
    }
    problems
}

/// The value, or `None` with its problem kept.
fn take<T>(problems: &mut Vec<ProfileError>, result: Result<T, ProfileError>) -> Option<T> {
    result.map_err(|e| problems.push(e)).ok()
}

/// Why `level` cannot be the service pack of `sql`, if it cannot: SQL Server 2017 and later have
/// no service packs, each older release stopped at its last one, and the values that name a
/// service pack (`sql-server-2012-sp1`) must agree with it.
fn sql_level_problem(sql: SqlServer, level: SqlLevel) -> Option<String> {
    let sp = level.service_pack();
    match (sql.release().last_service_pack(), sql.service_pack()) {
        (None, _) => Some(format!(
            "is \"{}\", but {} has no service packs (only cumulative updates); leave `sql_level` out for it",
            level.id(),
            sql.label()
        )),
        (_, Some(named)) if named != sp => Some(format!(
            "is \"{}\", but `sql` ({}) already names service pack {named}; use \"sp{named}\" or leave `sql_level` out",
            level.id(),
            sql.id()
        )),
        (Some(last), _) if sp > last => Some(format!(
            "is \"{}\", a service pack {} never had (its last is SP{last}); accepted values for it: {}",
            level.id(),
            sql.release().label(),
            SqlLevel::ALL[..=usize::from(last)].iter().map(|l| l.id()).collect::<Vec<_>>().join(", ")
        )),
        _ => None,
    }
}

/// A list of feature ids as a set, or the first unknown id named with the accepted ones.
fn feature_set(field: &'static str, ids: Option<Vec<String>>) -> Result<FeatureSet, ProfileError> {
    let mut features = FeatureSet::new();
    for f in ids.unwrap_or_default() {
        features.insert(parse_value(field, &f, Feature::ALL)?);
    }
    Ok(features)
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
    pub sql_level: Option<String>,
    pub sql_edition: Option<String>,
    pub features: Option<Vec<String>>,
    pub unsure: Option<Vec<String>>,
}

/// `to` accepts only upgrade targets; a known version that is not newer than `from` is let
/// through so that [`UpgradeProfile::validate`] reports it as a downgrade or a non-upgrade.
fn required_version_target(value: Option<String>, from: Option<Version>) -> Result<Version, ProfileError> {
    let value = value.ok_or_else(|| ProfileError::missing("to"))?;
    match (Version::from_id(&value), from) {
        (Some(not_newer), Some(from)) if not_newer <= from => Ok(not_newer),
        _ => parse_value("to", &value, Version::TARGETS),
    }
}
