//! The three compatibility checks of a hop (operating system, SQL Server, edition): what the
//! guide's table says and, where it is not "yes", what to do instead.

use super::Check;
use super::sql::SqlContext;
use crate::data::{self, messages};
use crate::sentence::{join_or, names};
use crate::vocabulary::*;
use crate::{DocumentedUpgrade, TargetPlatform, UpgradeProfile};

/// Whether BizTalk `from` on the profile's operating system can be upgraded in place by
/// `upgrade`; if not, a new environment on what the target supports (`platform`). `os_common`:
/// whether some operating system passes every hop of the route.
pub(super) fn os_check(
    upgrade: &DocumentedUpgrade,
    from: Version,
    profile: &UpgradeProfile,
    platform: &TargetPlatform,
    os_common: bool,
) -> Check {
    let os = profile.os;
    let status = upgrade.os_support(from, os);
    let (to, from_name) = (upgrade.to.label(), from.label());
    // Only a check that fails needs a remedy: the browser recomputes on every change.
    let remedy = || {
        let target_os = join_or(platform.os_names()).unwrap_or_default();
        let mut remedy = messages::os_remedy(profile.to.label(), &target_os);
        remedy.push(' ');
        remedy.push_str(&match names(upgrade.supported_os(from)) {
            None => messages::os_remedy_none_listed(from_name, to),
            Some(listed) => messages::os_remedy_listed(from_name, to, &listed),
        });
        if !os_common {
            remedy.push(' ');
            remedy.push_str(&messages::os_remedy_no_common_os(profile.from.label(), profile.to.label()));
        }
        Some(remedy)
    };
    let (detail, remedy) = match status {
        Support::Yes => (messages::os_yes(from_name, to, os.label()), None),
        Support::No => (messages::os_no(from_name, to, os.label()), remedy()),
        Support::NotListed => (messages::os_not_listed(from_name, to, os.label()), remedy()),
    };
    Check { area: CheckArea::Os, status, detail, remedy }
}

/// Whether BizTalk `from` with its databases on `sql` at Setup can be upgraded by `upgrade`:
/// the table or the guide's tip, and the service pack the target's requirements name.
pub(super) fn sql_check(upgrade: &DocumentedUpgrade, from_version: Version, sql: SqlServer, context: &SqlContext) -> Check {
    let status = upgrade.sql_support(from_version, sql);
    let (from, to, sql_name) = (from_version.label(), upgrade.to.label(), sql.label());
    let (mut status, mut detail, mut remedy) = match status {
        Support::Yes => (Support::Yes, messages::sql_yes(from, to, sql_name), None),
        _ if upgrade.reach_first_counts(from_version, sql) => (Support::Yes, messages::sql_yes_reach_first(from, to, sql_name), None),
        Support::No => (status, messages::sql_no(from, to, sql_name), Some(context.remedy())),
        Support::NotListed => (status, messages::sql_not_listed(from, to, sql_name), Some(context.remedy())),
    };
    if let (Support::Yes, Some(minimum)) = (status, crate::minimum_service_pack(upgrade.to, sql)) {
        let service_pack = minimum.to_string();
        let known = if sql == context.now { context.level } else { None };
        match known {
            Some(level) if level < minimum => {
                status = Support::No;
                detail = messages::sql_service_pack_below(to, sql_name, &service_pack, &level_name(level));
                remedy = Some(context.remedy());
            }
            Some(_) => {
                detail.push(' ');
                detail.push_str(&messages::sql_service_pack_met(to, sql_name, &service_pack));
            }
            None => {
                detail.push(' ');
                detail.push_str(&messages::sql_service_pack_unknown(to, sql_name, &service_pack));
            }
        }
    }
    Check { area: CheckArea::Sql, status, detail, remedy }
}

/// "RTM" or "SP2", as `SERVERPROPERTY('ProductLevel')` shows a level.
fn level_name(level: u8) -> String {
    if level == 0 { "RTM".to_string() } else { format!("SP{level}") }
}

/// The first hop's SQL Server check when the SQL Server planned for Setup cannot be reached in
/// place from the present one.
pub(super) fn unreachable_sql_check(context: &SqlContext, target: SqlServer) -> Check {
    let starts_from = data::SQL_UPGRADE_PATHS.iter().find(|p| p.to == target).and_then(|p| {
        join_or(
            p.from
                .iter()
                .map(|(release, sp)| if *sp == 0 { release.label().to_string() } else { format!("{} SP{sp}", release.label()) })
                .collect(),
        )
    });
    let detail =
        messages::sql_target_unreachable(context.now.label(), target.label(), starts_from.as_deref().unwrap_or(messages::sql_no_release()));
    Check { area: CheckArea::Sql, status: Support::No, detail, remedy: Some(context.remedy()) }
}

/// Whether `edition` can become `target` by `upgrade`; `chosen` when `target` is the edition the
/// profile asked for at the end of the route.
pub(super) fn edition_check(upgrade: &DocumentedUpgrade, from: Version, edition: Edition, target: Edition, chosen: bool) -> Check {
    let status = upgrade.edition_support(edition, target);
    // Enterprise is reachable from every edition, so this list is never empty.
    let reachable = names(upgrade.reachable_editions(edition)).unwrap_or_default();
    let (from, to, now, wanted) = (from.label(), upgrade.to.label(), edition.label(), target.label());
    let (detail, remedy) = match status {
        Support::Yes if chosen => (messages::edition_yes_chosen(from, to, now, wanted, &reachable), None),
        Support::Yes if edition == target => (messages::edition_yes_kept(from, to, now, wanted, &reachable), None),
        Support::Yes => (messages::edition_yes_changed(from, to, now, wanted, &reachable), None),
        _ => (messages::edition_no(from, to, now, wanted, &reachable), Some(messages::edition_remedy(from, to, now, wanted, &reachable))),
    };
    Check { area: CheckArea::Edition, status, detail, remedy }
}
