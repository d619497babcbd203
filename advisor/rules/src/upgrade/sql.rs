//! The SQL Server move: which SQL Server versions every hop of the route accepts, which of them
//! SQL Server reaches in place from the present one (SQL Server's own upgrade paths), and the
//! prerequisite that proposes them.

use super::Prerequisite;
use crate::data::{self, messages};
use crate::sentence::names;
use crate::vocabulary::*;
use crate::{DocumentedUpgrade, UpgradeProfile};

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
    NotSupported,
}

/// What SQL Server's own upgrade paths say about upgrading `from` in place to `to`. Never a
/// downgrade, never the same release.
pub fn sql_in_place(from: SqlServer, to: SqlServer) -> SqlInPlace {
    if from.release() >= to.release() {
        return SqlInPlace::NotSupported;
    }
    let Some(path) = data::SQL_UPGRADE_PATHS.iter().find(|p| p.to == to) else { return SqlInPlace::NotSupported };
    match path.from.iter().find(|(release, _)| *release == from.release()) {
        None => SqlInPlace::NotSupported,
        Some((_, 0)) => SqlInPlace::Direct,
        Some((_, minimum)) => match from.service_pack() {
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
    /// The SQL Server the profile plans for Setup, when it is not the present one.
    pub planned: Option<SqlServer>,
    pub accepted: Vec<SqlServer>,
    pub reachable: Vec<SqlServer>,
}

impl SqlContext {
    /// The move for a profile along the route's `hops` (each hop's upgrade and the version it
    /// starts from).
    pub fn plan(profile: &UpgradeProfile, hops: impl Iterator<Item = (&'static DocumentedUpgrade, Version)> + Clone) -> SqlContext {
        let accepted: Vec<SqlServer> = SqlServer::ALL.iter().copied().filter(|s| hops.clone().all(|(u, f)| u.accepts_sql(f, *s))).collect();
        let reachable = accepted.iter().copied().filter(|s| sql_in_place(profile.sql, *s) != SqlInPlace::NotSupported).collect();
        SqlContext { now: profile.sql, planned: profile.sql_target.filter(|t| *t != profile.sql), accepted, reachable }
    }

    /// The SQL Server the databases are on when BizTalk Server Setup runs.
    pub fn at_setup(&self) -> SqlServer {
        self.planned.unwrap_or(self.now)
    }

    /// The SQL Server planned for Setup, if SQL Server cannot be upgraded to it in place.
    pub fn unreachable_target(&self) -> Option<SqlServer> {
        self.planned.filter(|t| sql_in_place(self.now, *t) == SqlInPlace::NotSupported)
    }

    /// What to do when a SQL Server check fails.
    pub fn remedy(&self) -> String {
        let choices = names(self.reachable.iter().copied());
        match (self.planned, choices) {
            (Some(target), choices) => messages::sql_remedy_other_target(
                self.now.label(),
                target.label(),
                choices.as_deref().unwrap_or(messages::sql_no_choices()),
            ),
            (None, Some(choices)) => messages::sql_remedy_upgrade_first(self.now.label(), &choices),
            (None, None) => messages::sql_remedy_no_path(self.now.label(), &names(self.accepted.iter().copied()).unwrap_or_default()),
        }
    }

    /// The prerequisite: upgrade SQL Server to the version planned, or else to those reachable.
    pub fn prerequisite(&self) -> Prerequisite {
        let from = self.now;
        let to = self.planned.map_or_else(|| self.reachable.clone(), |t| vec![t]);
        let choices = names(to.iter().copied()).unwrap_or_default();
        let mut detail = messages::prerequisite_sql_detail(from.label(), &choices);
        for target in &to {
            if let SqlInPlace::ServicePackFirst { minimum, known_below } = sql_in_place(from, *target) {
                let (sql, to, service_pack) = (from.label(), target.label(), minimum.to_string());
                detail.push(' ');
                detail.push_str(&if known_below {
                    messages::prerequisite_service_pack_needed(sql, to, &service_pack)
                } else {
                    messages::prerequisite_service_pack_check(sql, to, &service_pack)
                });
            }
        }
        Prerequisite {
            id: "upgrade-sql-server",
            area: CheckArea::Sql,
            title: messages::prerequisite_sql_title(from.label()),
            detail,
            from,
            to,
            source: data::SQL_MOVE_SOURCE,
        }
    }
}
