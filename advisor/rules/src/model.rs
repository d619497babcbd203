//! The types the rules are made of: what `data/*.toml` becomes (the statics of [`crate::data`]),
//! with the lookups and sentences that read them.

use crate::Date;
use crate::data::{self, messages};
use crate::sentence::join_and;
use crate::vocabulary::*;

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
    /// SQL Server check: the table says "yes", or the guide names `sql` as a version to reach
    /// (only for a `from` the table lets upgrade on some SQL Server: not BizTalk Server 2013,
    /// whose column says "No" on every row of the table to 2016).
    pub fn accepts_sql(&self, from: Version, sql: SqlServer) -> bool {
        self.sql_support(from, sql) == Support::Yes || self.reach_first_counts(from, sql)
    }

    /// Whether the guide's tip makes `sql` pass for `from` although the table does not.
    pub fn reach_first_counts(&self, from: Version, sql: SqlServer) -> bool {
        self.sql_reach_first.contains(&sql) && self.supported_sql(from).next().is_some()
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
    /// General advice that holds for every upgrade rather than a task of this one (keep the
    /// default account names, plan an attended upgrade ...): the browser collapses these under
    /// one heading. Never a backup, and never a step that depends on the answers.
    pub general_note: bool,
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
    /// Which plan the step belongs to: the in-place upgrade, a new environment, or both.
    pub environment: StepEnvironment,
}

/// Which plan a step belongs to. A blocked answer plans a new environment (contract version 3):
/// its checklist has the `New` and `Both` steps, the in-place upgrade's has `InPlace` and `Both`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepEnvironment {
    /// Only when Setup upgrades the old installation in place.
    InPlace,
    /// Only when a new environment is built instead.
    New,
    /// Either way: planning, and what carries over (backups, custom configuration, ...).
    Both,
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
    /// What the page asks of every computer beyond versions (Windows Server with Desktop
    /// Experience, no binary collation, the hardware minimums), one sentence each.
    pub constraints: &'static [&'static str],
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

impl TargetPlatform {
    /// One sentence per requirement beyond the release (what needs a cumulative update or a
    /// service pack) and per other software: the report's `target_platform.notes`.
    pub fn notes(&self) -> Vec<String> {
        let mut grouped: Vec<(&str, Vec<String>)> = Vec::new();
        let os = self.os.iter().filter_map(|(os, n)| n.map(|n| (os.label(), n)));
        let sql = self.sql.iter().filter_map(|(s, n)| n.map(|n| (s.label(), n)));
        for (item, need) in os.chain(sql) {
            match grouped.iter_mut().find(|(n, _)| *n == need) {
                Some((_, items)) => items.push(item.to_string()),
                None => grouped.push((need, vec![item.to_string()])),
            }
        }
        let mut notes: Vec<String> = grouped.into_iter().map(|(need, items)| messages::platform_needs(&join_and(items), need)).collect();
        notes.extend(self.constraints.iter().map(|c| c.to_string()));
        for software in self.software {
            let usage = match (software.required, software.used_for) {
                (true, None) => messages::platform_required().to_string(),
                (true, Some(computers)) => messages::platform_required_on(computers),
                (false, Some(purpose)) => messages::platform_optional_for(purpose),
                (false, None) => messages::platform_optional().to_string(),
            };
            let note = software.note.map(|n| format!(" {n}")).unwrap_or_default();
            notes.push(messages::platform_software(software.name, &usage, &software.versions.join("; "), &note));
        }
        notes
    }
}

/// What a version an upgrade starts from runs on, from its own requirements page.
#[derive(Debug, PartialEq)]
pub struct CurrentPlatform {
    pub version: Version,
    /// Microsoft's requirements page.
    pub page: &'static str,
    pub os: &'static [OperatingSystem],
    /// Supported SQL Server versions with the service pack the page asks for (0: any).
    pub sql: &'static [(SqlServer, u8)],
}

impl CurrentPlatform {
    pub fn of(version: Version) -> Option<&'static CurrentPlatform> {
        data::CURRENT_PLATFORMS.iter().find(|c| c.version == version)
    }
}

/// The service pack a target version's requirements page asks of a SQL Server version, if any
/// (BizTalk Server 2020: SQL Server 2016 SP3; 2016: SQL Server 2014 SP1).
pub fn minimum_service_pack(target: Version, sql: SqlServer) -> Option<u8> {
    data::SQL_MINIMUM_SERVICE_PACKS.iter().find(|(v, s, _)| *v == target && *s == sql).map(|(_, _, sp)| *sp)
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

#[cfg(test)]
mod tests {
    use super::*;

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
