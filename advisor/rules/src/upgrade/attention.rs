//! What must be settled before Setup that the verdict alone does not show (`attention`), and
//! the support lifecycle of every version on the route (`lifecycle`), both judged on a date.

use super::sql::SqlContext;
use super::{Attention, Hop, LifecycleEntry};
use crate::data::messages;
use crate::sentence::join_or;
use crate::vocabulary::*;
use crate::{CurrentPlatform, Date, FeatureSet, Lifecycle, SupportPhase, UpgradeProfile, minimum_service_pack};

/// Book sections the attention items link to.
pub const START_SUPPORTED_SOURCE: &str = "compatibility.html#start-supported";
pub const SQL_SERVICE_PACK_SOURCE: &str = "compatibility.html#sql-service-packs";
pub const SQL_EDITION_RTA_SOURCE: &str = "compatibility.html#sql-edition-rta";
pub const SQL_ADAPTER_SOURCE: &str = "upgrade/to-2020.html#sql-adapter";
pub const SUPPORT_LIFECYCLE_SOURCE: &str = "planning.html#support-lifecycle";

/// Days before the end of extended support from which a version counts as leaving support.
const SUPPORT_WARNING_DAYS: i64 = 365;

/// The lifecycle of `from` and of each hop's target, on `today`.
pub(super) fn lifecycle(from: Version, route: &[Hop], today: Date) -> Vec<LifecycleEntry> {
    std::iter::once(from)
        .chain(route.iter().map(|h| h.to))
        .map(|version| {
            let lifecycle = Lifecycle::of(version);
            let phase = match lifecycle.phase_on(today) {
                SupportPhase::NotYetReleased | SupportPhase::Mainstream { .. } => LifecyclePhase::Mainstream,
                SupportPhase::Extended { .. } => LifecyclePhase::Extended,
                SupportPhase::Ended { .. } => LifecyclePhase::Ended,
            };
            LifecycleEntry {
                version,
                phase,
                mainstream_end: lifecycle.mainstream_end,
                extended_end: lifecycle.extended_end,
                days_left: lifecycle.extended_end.days_since(today),
            }
        })
        .collect()
}

/// Where a version stands on the report's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LifecyclePhase {
    Mainstream,
    Extended,
    Ended,
}

impl LifecyclePhase {
    pub const fn id(self) -> &'static str {
        match self {
            LifecyclePhase::Mainstream => "mainstream",
            LifecyclePhase::Extended => "extended",
            LifecyclePhase::Ended => "ended",
        }
    }
}

/// Whether a version leaves extended support within a year of `today`, or has left it.
pub fn support_ending(version: Version, today: Date) -> bool {
    Lifecycle::of(version).extended_end.days_since(today) <= SUPPORT_WARNING_DAYS
}

/// The newest version that is not leaving support within a year of `today`, newer than
/// `version`, if there is one.
pub fn newer_to_build_on(version: Version, today: Date) -> Option<Version> {
    Version::ALL.iter().copied().filter(|v| *v > version && !support_ending(*v, today)).max()
}

/// What the route needs that the profile's facts touch, for the attention items.
pub(super) struct Facts<'a> {
    pub profile: &'a UpgradeProfile,
    pub route: &'a [Hop],
    pub sql: &'a SqlContext,
    /// Ticked and implied features, and the unsure ones (they count for what applies).
    pub features: &'a FeatureSet,
    /// Whether SQL Server is upgraded as part of the work (`sql-upgrade` ticked or inferred).
    pub sql_upgraded: bool,
    pub today: Date,
}

/// The attention items, in the order to settle them.
pub(super) fn attention(facts: &Facts) -> Vec<Attention> {
    let profile = facts.profile;
    let mut items = Vec::new();
    if let Some(item) = start_unsupported(profile) {
        items.push(item);
    }
    if let Some(item) = sql_service_pack(facts) {
        items.push(item);
    }
    if facts.features.contains(&Feature::BamRta) && facts.sql_upgraded && profile.sql_edition != Some(SqlEdition::Enterprise) {
        let edition = profile.sql_edition.map_or(messages::attention_sql_edition_unknown(), |e| e.label());
        let how = if profile.sql_edition == Some(SqlEdition::Evaluation) {
            messages::attention_sql_edition_evaluation()
        } else {
            messages::attention_sql_edition_in_place()
        };
        items.push(Attention {
            id: "sql-edition-rta",
            title: messages::attention_sql_edition_rta_title().to_string(),
            detail: format!("{} {how}", messages::attention_sql_edition_rta_detail(edition)),
            source: SQL_EDITION_RTA_SOURCE,
        });
    }
    if facts.features.contains(&Feature::SqlAdapter) && profile.to == Version::Bts2020 {
        items.push(Attention {
            id: "sql-adapter-removed",
            title: messages::attention_sql_adapter_removed_title().to_string(),
            detail: messages::attention_sql_adapter_removed_detail().to_string(),
            source: SQL_ADAPTER_SOURCE,
        });
    }
    if let Some(last) = facts.route.last().filter(|h| h.to_edition != profile.edition) {
        let (edition, target) = (profile.edition.label(), last.to_edition.label());
        items.push(Attention {
            id: "edition-change",
            title: messages::attention_edition_change_title(edition, target),
            detail: messages::attention_edition_change_detail(edition, target, last.to.label()),
            source: last.upgrade.source,
        });
    }
    items.extend(support_ending_items(facts.route, facts.today));
    items
}

/// `start-unsupported`: the operating system or SQL Server now is not one the current version's
/// requirements list. A SQL Server whose level the profile does not give counts as supported
/// when the page lists that release at some level.
fn start_unsupported(profile: &UpgradeProfile) -> Option<Attention> {
    let current = CurrentPlatform::of(profile.from)?;
    let version = profile.from.label();
    let mut details = Vec::new();
    if !current.os.contains(&profile.os) {
        let supported = join_or(current.os.iter().map(|os| os.label().to_string()).collect()).unwrap_or_default();
        details.push(messages::attention_start_unsupported_os(version, profile.os.label(), &supported));
    }
    let level = profile.sql_service_pack();
    let sql_supported =
        current.sql.iter().any(|(s, minimum)| s.release() == profile.sql.release() && level.is_none_or(|level| level >= *minimum));
    if !sql_supported {
        let mut names: Vec<String> = Vec::new();
        for name in current.sql.iter().map(|(s, sp)| sql_with_level(*s, *sp)) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let supported = join_or(names).unwrap_or_default();
        details.push(messages::attention_start_unsupported_sql(version, profile.sql.label(), &supported));
    }
    if details.is_empty() {
        return None;
    }
    details.push(messages::attention_start_unsupported_end().to_string());
    Some(Attention {
        id: "start-unsupported",
        title: messages::attention_start_unsupported_title(version),
        detail: details.join(" "),
        source: START_SUPPORTED_SOURCE,
    })
}

fn sql_with_level(sql: SqlServer, minimum: u8) -> String {
    if minimum == 0 || sql.service_pack().is_some() { sql.label().to_string() } else { format!("{} SP{minimum}", sql.label()) }
}

/// `sql-service-pack`: the SQL Server at Setup is one a hop accepts only from a service pack,
/// and the profile does not give the level.
fn sql_service_pack(facts: &Facts) -> Option<Attention> {
    if facts.profile.sql_level.is_some() {
        return None;
    }
    let sql = facts.sql.at_setup();
    // A value that names its service pack (`sql-server-2012-sp1`) has a known level.
    if sql == facts.sql.now && facts.sql.level.is_some() {
        return None;
    }
    let (hop, minimum) = facts.route.iter().find_map(|h| minimum_service_pack(h.to, sql).map(|sp| (h, sp)))?;
    let service_pack = minimum.to_string();
    Some(Attention {
        id: "sql-service-pack",
        title: messages::attention_sql_service_pack_title(sql.label(), &service_pack),
        detail: messages::attention_sql_service_pack_detail(hop.to.label(), sql.label(), &service_pack),
        source: SQL_SERVICE_PACK_SOURCE,
    })
}

/// `support-ending`: the versions the route lands on that have left extended support on `today`
/// or leave it within a year, with the newer version to plan for where one exists; one item.
fn support_ending_items(route: &[Hop], today: Date) -> Option<Attention> {
    let mut items: Vec<Attention> = Vec::new();
    for hop in route.iter().filter(|h| support_ending(h.to, today)) {
        let lifecycle = Lifecycle::of(hop.to);
        let (version, date) = (hop.to.label(), lifecycle.extended_end.to_string());
        let days = lifecycle.extended_end.days_since(today);
        let (title, mut detail) = if days < 0 {
            (messages::attention_support_ended_title(version), messages::attention_support_ended_detail(version, &date))
        } else {
            (
                messages::attention_support_ending_title(version),
                messages::attention_support_ending_detail(version, &date, &days.to_string()),
            )
        };
        if let Some(newer) = newer_to_build_on(hop.to, today) {
            detail.push(' ');
            detail.push_str(&messages::attention_support_newer(newer.label(), &Lifecycle::of(newer).extended_end.to_string()));
        }
        items.push(Attention { id: "support-ending", title, detail, source: SUPPORT_LIFECYCLE_SOURCE });
    }
    let mut items = items.into_iter();
    let mut first = items.next()?;
    for more in items {
        first.detail.push(' ');
        first.detail.push_str(&more.detail);
    }
    Some(first)
}
