//! The SQL Server move: which SQL Server versions every hop of the route accepts (and from which
//! service pack), which of them SQL Server reaches in place from the present one (SQL Server's
//! own upgrade paths), and the prerequisite that proposes them.

use super::Prerequisite;
use crate::data::{self, messages};
use crate::sentence::join_or;
use crate::vocabulary::*;
use crate::{DocumentedUpgrade, TargetPlatform, UpgradeProfile, minimum_service_pack};

/// Whether SQL Server upgrades in place from one version to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqlInPlace {
    Direct,
    /// The path starts at this service pack: `known_below` when the profile's value is known
    /// to be older (SQL Server 2012 SP1 to 2019), else it is something to check.
    ServicePackFirst {
        minimum: u8,
        known_below: bool,
    },
    /// The site has no path data for the target: not a "no", Microsoft's page is the next read.
    NoPathData,
    NotSupported,
}

/// What SQL Server's own upgrade paths say about upgrading `from` in place to `to`. Never a
/// downgrade, never the same release.
pub fn sql_in_place(from: SqlServer, to: SqlServer) -> SqlInPlace {
    sql_in_place_at(from, from.service_pack(), to)
}

/// [`sql_in_place`] for an instance known to be at service pack `level` (`None`: not known).
pub fn sql_in_place_at(from: SqlServer, level: Option<u8>, to: SqlServer) -> SqlInPlace {
    if from.release() == to.release() {
        // The same release at a later service pack (`sql-server-2012` to `sql-server-2012-sp1`)
        // is a service pack to apply, in place.
        let later = to.service_pack().is_some_and(|sp| level.is_none_or(|level| sp > level));
        return if later { SqlInPlace::Direct } else { SqlInPlace::NotSupported };
    }
    if from.release() > to.release() {
        return SqlInPlace::NotSupported;
    }
    let Some(path) = data::SQL_UPGRADE_PATHS.iter().find(|p| p.to == to) else { return SqlInPlace::NoPathData };
    match path.from.iter().find(|(release, _)| *release == from.release()) {
        None => SqlInPlace::NotSupported,
        Some((_, 0)) => SqlInPlace::Direct,
        Some((_, minimum)) => match level {
            Some(sp) if sp >= *minimum => SqlInPlace::Direct,
            known => SqlInPlace::ServicePackFirst { minimum: *minimum, known_below: known.is_some() },
        },
    }
}

/// The SQL Server move a route asks for, which the SQL Server checks of a route share: the SQL
/// Server now and planned for Setup, the versions every hop accepts, and those of them SQL
/// Server reaches in place from now.
pub(super) struct SqlContext {
    pub now: SqlServer,
    /// The service pack the present instance is known to be at.
    pub level: Option<u8>,
    /// The SQL Server the profile plans for Setup, when it is not the present one.
    pub planned: Option<SqlServer>,
    pub accepted: Vec<SqlServer>,
    pub reachable: Vec<SqlServer>,
    /// The route's highest minimum service pack for each accepted version that has one.
    pub minimums: Vec<(SqlServer, u8)>,
    /// The present version is accepted, but its known service pack is below the route's
    /// minimum: applying that service pack is the move.
    pub service_pack_first: Option<u8>,
    /// The version the route ends in: where the route accepts no SQL Server at all, a new
    /// environment of it is built on one its requirements page lists.
    pub to: Version,
}

impl SqlContext {
    /// The move for a profile along the route's `hops` (each hop's upgrade and the version it
    /// starts from).
    pub fn plan(profile: &UpgradeProfile, hops: impl Iterator<Item = (&'static DocumentedUpgrade, Version)> + Clone) -> SqlContext {
        let accepted: Vec<SqlServer> = SqlServer::ALL.iter().copied().filter(|s| hops.clone().all(|(u, f)| u.accepts_sql(f, *s))).collect();
        let level = profile.sql_service_pack();
        let reachable =
            accepted.iter().copied().filter(|s| !matches!(sql_in_place_at(profile.sql, level, *s), SqlInPlace::NotSupported)).collect();
        let minimums: Vec<(SqlServer, u8)> = accepted
            .iter()
            .filter_map(|s| hops.clone().filter_map(|(u, _)| minimum_service_pack(u.to, *s)).max().map(|sp| (*s, sp)))
            .collect();
        let planned = profile.sql_target.filter(|t| *t != profile.sql);
        let service_pack_first = match (planned, level) {
            (None, Some(level)) => minimums.iter().find(|(s, _)| *s == profile.sql).map(|(_, sp)| *sp).filter(|sp| level < *sp),
            _ => None,
        };
        SqlContext { now: profile.sql, level, planned, accepted, reachable, minimums, service_pack_first, to: profile.to }
    }

    /// The SQL Server the databases are on when BizTalk Server Setup runs.
    pub fn at_setup(&self) -> SqlServer {
        self.planned.unwrap_or(self.now)
    }

    /// The route's minimum service pack for `sql`, if it has one.
    pub fn minimum(&self, sql: SqlServer) -> Option<u8> {
        self.minimums.iter().find(|(s, _)| *s == sql).map(|(_, sp)| *sp)
    }

    /// The SQL Server planned for Setup, if SQL Server cannot be upgraded to it in place.
    pub fn unreachable_target(&self) -> Option<SqlServer> {
        self.planned.filter(|t| sql_in_place_at(self.now, self.level, *t) == SqlInPlace::NotSupported)
    }

    /// A SQL Server version as a choice: "SQL Server 2016 at SP3 or later" where the route asks
    /// for a service pack.
    fn choice(&self, sql: SqlServer) -> String {
        match self.minimum(sql) {
            Some(sp) => messages::sql_at_service_pack(sql.label(), &sp.to_string()),
            None => sql.label().to_string(),
        }
    }

    fn choices(&self, versions: &[SqlServer]) -> Option<String> {
        join_or(versions.iter().map(|s| self.choice(*s)).collect())
    }

    /// The SQL Server versions to recreate the environment on: those the route accepts, or where
    /// it accepts none (no SQL Server row of BizTalk Server 2013 to 2016 says yes), those the
    /// target's requirements page lists.
    pub(super) fn supported_for_a_new_environment(&self) -> String {
        self.choices(&self.accepted)
            .or_else(|| TargetPlatform::of(self.to).and_then(|platform| join_or(platform.sql_names())))
            .unwrap_or_default()
    }

    /// What to do when a SQL Server check fails. Never a move onto an older SQL Server, onto one
    /// the route does not accept, or a backup and restore no source describes.
    pub fn remedy(&self) -> String {
        if let Some(sp) = self.service_pack_first {
            return messages::sql_remedy_service_pack(self.now.label(), &sp.to_string());
        }
        let reachable = self.choices(&self.reachable);
        // A planned SQL Server the route does not accept: the present one, where accepted, is
        // a choice as well as those SQL Server reaches in place.
        let staying: Vec<SqlServer> =
            std::iter::once(self.now).filter(|now| self.accepted.contains(now)).chain(self.reachable.iter().copied()).collect();
        let mut remedy = match (self.planned, reachable) {
            (Some(target), _) if !self.accepted.contains(&target) && !staying.is_empty() => {
                messages::sql_remedy_target_not_accepted(target.label(), &self.choices(&staying).unwrap_or_default())
            }
            (Some(target), Some(choices)) => messages::sql_remedy_other_target(self.now.label(), target.label(), &choices),
            (None, Some(choices)) => messages::sql_remedy_upgrade_first(self.now.label(), &choices) + &self.path_notes(&self.reachable),
            (_, None) => messages::sql_remedy_no_path(self.now.label(), &self.supported_for_a_new_environment()),
        };
        if self.planned == Some(SqlServer::SqlServer2022) || (self.planned.is_none() && self.now == SqlServer::SqlServer2022) {
            remedy.push(' ');
            remedy.push_str(messages::sql_server_2022_after_setup());
        }
        remedy
    }

    /// What SQL Server's own paths add for moves from now to each of `to`, one sentence each
    /// (with a leading space): a service pack to apply first, or a target the site has no path
    /// data for.
    fn path_notes(&self, to: &[SqlServer]) -> String {
        let mut notes = String::new();
        for target in to {
            let (sql, to_name) = (self.now.label(), target.label());
            let note = match sql_in_place_at(self.now, self.level, *target) {
                SqlInPlace::ServicePackFirst { minimum, known_below: true } => {
                    messages::prerequisite_service_pack_needed(sql, to_name, &minimum.to_string())
                }
                SqlInPlace::ServicePackFirst { minimum, known_below: false } => {
                    messages::prerequisite_service_pack_check(sql, to_name, &minimum.to_string())
                }
                SqlInPlace::NoPathData => messages::prerequisite_no_path_data(to_name),
                SqlInPlace::Direct | SqlInPlace::NotSupported => continue,
            };
            notes.push(' ');
            notes.push_str(&note);
        }
        notes
    }

    /// The prerequisite: apply the service pack the route needs, or upgrade SQL Server to the
    /// version planned, or else to those reachable.
    pub fn prerequisite(&self) -> Prerequisite {
        let from = self.now;
        if let Some(sp) = self.service_pack_first {
            let service_pack = sp.to_string();
            return Prerequisite {
                id: "apply-sql-service-pack",
                area: CheckArea::Sql,
                title: messages::prerequisite_service_pack_title(from.label(), &service_pack),
                detail: messages::prerequisite_service_pack_detail(from.label(), &service_pack),
                from,
                to: vec![from],
                source: data::SQL_SERVICE_PACK_SOURCE,
            };
        }
        let to = self.planned.map_or_else(|| self.reachable.clone(), |t| vec![t]);
        let choices = self.choices(&to).unwrap_or_default();
        let detail = messages::prerequisite_sql_detail(from.label(), &choices) + &self.path_notes(&to);
        let minimums: Vec<String> = to.iter().filter(|s| self.minimum(**s).is_some()).map(|s| self.choice(*s)).collect();
        let title = match join_or(minimums) {
            Some(minimums) => messages::prerequisite_sql_title_minimum(from.label(), &minimums),
            None => messages::prerequisite_sql_title(from.label()),
        };
        Prerequisite { id: "upgrade-sql-server", area: CheckArea::Sql, title, detail, from, to, source: data::SQL_MOVE_SOURCE }
    }
}
