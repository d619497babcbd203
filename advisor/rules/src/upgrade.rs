//! "Can I upgrade, and what must I do?": the route, its compatibility checks, the SQL Server
//! move before it, the target platform and the checklist.

use std::borrow::Cow;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::data::messages;
use crate::vocabulary::*;
use crate::{DocumentedUpgrade, FeatureSet, TargetPlatform, UpgradeProfile, UpgradeStep, data};

/// The answer for one upgrade profile.
#[derive(Debug, Clone, PartialEq)]
pub struct UpgradeReport {
    pub verdict: Verdict,
    pub route: Vec<Hop>,
    /// The editions the whole route can end in, from the current edition.
    pub target_editions: Vec<Edition>,
    /// What must happen before the first hop's Setup; empty unless the verdict is
    /// [`Verdict::Prerequisites`].
    pub prerequisites: Vec<Prerequisite>,
    /// What the target version needs of a computer.
    pub target_platform: &'static TargetPlatform,
    /// Features the profile implies without naming them, with the reason: their steps are shown.
    pub inferred_features: Vec<InferredFeature>,
    /// The personalised checklist, in the order to work through it.
    pub steps: Vec<ChecklistStep>,
}

/// A move to make before BizTalk Server Setup (today: upgrading SQL Server in place).
#[derive(Debug, Clone, PartialEq)]
pub struct Prerequisite {
    pub id: &'static str,
    pub area: CheckArea,
    pub title: String,
    pub detail: String,
    pub from: SqlServer,
    /// The versions that satisfy every hop and that SQL Server reaches in place from `from`.
    pub to: Vec<SqlServer>,
    pub source: &'static str,
}

/// A feature the profile implies, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct InferredFeature {
    pub feature: Feature,
    pub reason: String,
}

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

/// One documented in-place upgrade on the route.
#[derive(Debug, Clone, PartialEq)]
pub struct Hop {
    pub from: Version,
    pub to: Version,
    pub edition: Edition,
    /// The edition this hop ends in.
    pub to_edition: Edition,
    pub checks: [Check; 3],
    pub upgrade: &'static DocumentedUpgrade,
}

/// One compatibility check of a hop: what the table says and, if not "yes", what to do.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub area: CheckArea,
    pub status: Support,
    pub detail: String,
    pub remedy: Option<String>,
}

/// A step of the checklist: a rule record, and the hop it belongs to when the route has several.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChecklistStep {
    /// Set only on routes of more than one hop, where the same record can apply to each hop.
    pub hop_to: Option<Version>,
    pub step: &'static UpgradeStep,
}

impl ChecklistStep {
    /// Unique within a report and stable across reports: progress is stored under it.
    pub fn id(&self) -> Cow<'static, str> {
        match self.hop_to {
            None => Cow::Borrowed(self.step.id),
            Some(to) => Cow::Owned(format!("to-{}-{}", to.id(), self.step.id)),
        }
    }

    /// The heading of the checklist section the step is listed under: its phase, with the hop on
    /// routes of more than one ("Upgrade to BizTalk Server 2016: ..."). The Markdown export and
    /// the browser advisor both group steps under it.
    pub fn section(&self) -> Cow<'static, str> {
        match self.hop_to {
            Some(to) => Cow::Owned(messages::checklist_hop_section(to.label(), self.step.phase.label())),
            None => Cow::Borrowed(self.step.phase.label()),
        }
    }
}

impl Hop {
    pub fn is_supported(&self) -> bool {
        self.checks.iter().all(|c| c.status == Support::Yes)
    }
}

/// The documented upgrades to go through from `from` to `to`, in order. Empty when there is no
/// way forward (which validation rules out for accepted profiles).
pub fn route(from: Version, to: Version) -> Vec<&'static DocumentedUpgrade> {
    let mut hops = Vec::new();
    let mut at = from;
    while at < to {
        // The nearest documented upgrade that starts from where we are and does not overshoot.
        let Some(next) = data::DOCUMENTED_UPGRADES.iter().filter(|u| u.from.contains(&at) && u.to <= to).min_by_key(|u| u.to) else {
            return Vec::new();
        };
        hops.push(next);
        at = next.to;
    }
    hops
}

/// Answers an upgrade profile. The profile is assumed valid (see [`UpgradeProfile::validate`]).
pub fn evaluate_upgrade(profile: &UpgradeProfile) -> UpgradeReport {
    let upgrades = route(profile.from, profile.to);
    let editions = plan_editions(&upgrades, profile.edition, profile.to_edition);
    let multi_hop = upgrades.len() > 1;
    let platform = TargetPlatform::of(profile.to).expect("the build script checks every target has its platform");
    let froms: Vec<Version> = std::iter::once(profile.from).chain(upgrades.iter().map(|u| u.to)).take(upgrades.len()).collect();
    let hops = || upgrades.iter().copied().zip(froms.iter().copied());

    // The SQL Server move: what every hop accepts, and what of that SQL Server reaches in place.
    let planned = profile.sql_target.filter(|t| *t != profile.sql);
    let setup_sql = planned.unwrap_or(profile.sql);
    let accepted: Vec<SqlServer> = SqlServer::ALL.iter().copied().filter(|s| hops().all(|(u, f)| u.accepts_sql(f, *s))).collect();
    let reachable: Vec<SqlServer> =
        accepted.iter().copied().filter(|s| sql_in_place(profile.sql, *s) != SqlInPlace::NotSupported).collect();
    let unreachable_target = planned.filter(|t| sql_in_place(profile.sql, *t) == SqlInPlace::NotSupported);
    let sql = SqlContext { now: profile.sql, planned, accepted: &accepted, reachable: &reachable };
    // Whether some operating system passes every hop (none does from 2013 R2 to 2020).
    let os_common = OperatingSystem::ALL.iter().any(|os| hops().all(|(u, f)| u.os_support(f, *os) == Support::Yes));

    let mut route = Vec::with_capacity(upgrades.len());
    for (i, (upgrade, from)) in hops().enumerate() {
        let (edition, to_edition) = (editions[i], editions[i + 1]);
        let sql_check = match unreachable_target {
            Some(target) if i == 0 => unreachable_sql_check(&sql, target),
            _ => sql_check(upgrade, from, setup_sql, &sql),
        };
        route.push(Hop {
            from,
            to: upgrade.to,
            edition,
            to_edition,
            checks: [
                os_check(upgrade, from, profile, platform, os_common),
                sql_check,
                edition_check(upgrade, from, edition, to_edition, profile.to_edition.is_some() && i + 1 == upgrades.len()),
            ],
            upgrade,
        });
    }

    let failing = |area: CheckArea| route.iter().flat_map(|h| &h.checks).any(|c| c.area == area && c.status != Support::Yes);
    let sql_fails = failing(CheckArea::Sql);
    let blocked = route.is_empty()
        || failing(CheckArea::Os)
        || failing(CheckArea::Edition)
        || (sql_fails && (planned.is_some() || reachable.is_empty()));
    let verdict = if blocked {
        Verdict::Blocked
    } else if planned.is_some() || sql_fails {
        Verdict::Prerequisites
    } else {
        Verdict::Supported
    };
    let prerequisites = if verdict == Verdict::Prerequisites {
        vec![sql_prerequisite(profile.sql, planned.map_or_else(|| reachable.clone(), |t| vec![t]))]
    } else {
        Vec::new()
    };

    let sql_move = prerequisites.first().and_then(|p| names(p.to.iter().copied())).or_else(|| planned.map(|t| t.label().to_string()));
    let inferred_features = infer_features(profile, sql_move);
    // The ticked features and every one they imply: the checklist shows both alike.
    let mut features = profile.features;
    features.extend(inferred_features.iter().map(|f| f.feature));
    let mut steps = Vec::new();
    for hop in &route {
        // Phases in order; within a phase, the order of the data, which is the sources' order.
        // Collected phase by phase rather than sorted: a stable sort costs the browser advisor
        // kilobytes of WASM.
        for phase in UpgradePhase::ALL {
            steps.extend(
                data::UPGRADE_STEPS
                    .iter()
                    .filter(|s| s.phase == *phase && applies(s, hop.to, &features))
                    .map(|step| ChecklistStep { hop_to: multi_hop.then_some(hop.to), step }),
            );
        }
    }

    UpgradeReport {
        verdict,
        route,
        target_editions: reachable_editions(&upgrades, profile.edition),
        prerequisites,
        target_platform: platform,
        inferred_features,
        steps,
    }
}

fn applies(step: &UpgradeStep, to: Version, features: &FeatureSet) -> bool {
    let when = &step.applies_when;
    when.guide.is_none_or(|guide| guide == to)
        && (when.any_feature.is_empty() || when.any_feature.iter().any(|f| features.contains(f)))
        && when.all_features.iter().all(|f| features.contains(f))
}

/// The features a profile implies without naming them: a Windows Server means 64-bit computers,
/// a cluster or a standalone SSO server more than one computer, a BAM sub-feature BAM, and a
/// planned or proposed SQL Server upgrade (to `sql_move`, the versions named) `sql-upgrade`.
fn infer_features(profile: &UpgradeProfile, sql_move: Option<String>) -> Vec<InferredFeature> {
    let has = |f: Feature| profile.features.contains(&f);
    let mut inferred = Vec::new();
    if profile.os.is_windows_server() && !has(Feature::X64) {
        inferred.push(InferredFeature { feature: Feature::X64, reason: messages::inferred_x64(profile.os.label()) });
    }
    for implied in [Feature::MultiServer, Feature::Bam] {
        if let Some(by) = profile.features.iter().find(|f| f.implied() == Some(implied)).filter(|_| !has(implied)) {
            let reason = match implied {
                Feature::Bam => messages::inferred_bam(by.label()),
                _ => messages::inferred_multi_server(by.label()),
            };
            inferred.push(InferredFeature { feature: implied, reason });
        }
    }
    if let Some(target) = sql_move.filter(|_| !has(Feature::SqlUpgrade)) {
        inferred
            .push(InferredFeature { feature: Feature::SqlUpgrade, reason: messages::inferred_sql_upgrade(profile.sql.label(), &target) });
    }
    inferred
}

/// Editions the route can end in: every edition reachable hop after hop.
fn reachable_editions(upgrades: &[&DocumentedUpgrade], edition: Edition) -> Vec<Edition> {
    let mut current = vec![edition];
    for upgrade in upgrades {
        current = Edition::ALL
            .iter()
            .copied()
            .filter(|target| current.iter().any(|e| upgrade.edition_support(*e, *target) == Support::Yes))
            .collect();
    }
    current
}

/// The edition at the start of each hop and at the end: `upgrades.len() + 1` entries.
///
/// With a wanted final edition, find editions hop by hop that reach it, preferring to keep the
/// current edition. Otherwise (or if it cannot be reached) each hop keeps the edition where the
/// table allows it and moves to Enterprise, which every edition can reach, where it does not;
/// an unreachable wanted edition is then the last hop's target, where its check fails.
fn plan_editions(upgrades: &[&DocumentedUpgrade], edition: Edition, wanted: Option<Edition>) -> Vec<Edition> {
    if let Some(wanted) = wanted {
        let mut path = vec![edition];
        if find_edition_path(upgrades, wanted, &mut path) {
            return path;
        }
    }
    let mut path = vec![edition];
    for (i, upgrade) in upgrades.iter().enumerate() {
        let at = *path.last().unwrap();
        let next = match wanted {
            Some(wanted) if i + 1 == upgrades.len() => wanted,
            _ if upgrade.edition_support(at, at) == Support::Yes => at,
            _ => upgrade.reachable_editions(at).last().unwrap_or(Edition::Enterprise),
        };
        path.push(next);
    }
    path
}

fn find_edition_path(upgrades: &[&DocumentedUpgrade], wanted: Edition, path: &mut Vec<Edition>) -> bool {
    let Some((upgrade, rest)) = upgrades.split_first() else {
        return path.last() == Some(&wanted);
    };
    let at = *path.last().unwrap();
    // Keep the current edition first, then the others in table order.
    let candidates = std::iter::once(at).chain(Edition::ALL.iter().copied().filter(|e| *e != at));
    for next in candidates {
        if upgrade.edition_support(at, next) == Support::Yes {
            path.push(next);
            if find_edition_path(rest, wanted, path) {
                return true;
            }
            path.pop();
        }
    }
    false
}

/// "A, B or C"; `None` when there is nothing to name.
fn names<T: Vocabulary>(items: impl Iterator<Item = T>) -> Option<String> {
    join_or(items.map(|v| v.label().to_string()).collect())
}

fn join_or(names: Vec<String>) -> Option<String> {
    match names.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        [init @ .., last] => Some(format!("{} or {}", init.join(", "), last)),
    }
}

fn join_and(items: Vec<String>) -> String {
    match items.as_slice() {
        [init @ .., last] if !init.is_empty() => format!("{} and {}", init.join(", "), last),
        _ => items.concat(),
    }
}

fn os_check(upgrade: &DocumentedUpgrade, from: Version, profile: &UpgradeProfile, platform: &TargetPlatform, os_common: bool) -> Check {
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

/// What the SQL Server checks of a route share: the SQL Server now and planned for Setup, the
/// versions every hop accepts, and those of them SQL Server reaches in place from now.
struct SqlContext<'a> {
    now: SqlServer,
    planned: Option<SqlServer>,
    accepted: &'a [SqlServer],
    reachable: &'a [SqlServer],
}

impl SqlContext<'_> {
    fn remedy(&self) -> String {
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
}

fn sql_check(upgrade: &DocumentedUpgrade, from: Version, sql: SqlServer, context: &SqlContext) -> Check {
    let status = upgrade.sql_support(from, sql);
    let (from, to, sql_name) = (from.label(), upgrade.to.label(), sql.label());
    let (status, detail, remedy) = match status {
        Support::Yes => (Support::Yes, messages::sql_yes(from, to, sql_name), None),
        _ if upgrade.sql_reach_first.contains(&sql) => (Support::Yes, messages::sql_yes_reach_first(from, to, sql_name), None),
        Support::No => (status, messages::sql_no(from, to, sql_name), Some(context.remedy())),
        Support::NotListed => (status, messages::sql_not_listed(from, to, sql_name), Some(context.remedy())),
    };
    Check { area: CheckArea::Sql, status, detail, remedy }
}

/// The first hop's SQL Server check when the SQL Server planned for Setup cannot be reached in
/// place from the present one.
fn unreachable_sql_check(context: &SqlContext, target: SqlServer) -> Check {
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

fn sql_prerequisite(from: SqlServer, to: Vec<SqlServer>) -> Prerequisite {
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

fn edition_check(upgrade: &DocumentedUpgrade, from: Version, edition: Edition, target: Edition, chosen: bool) -> Check {
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

impl Serialize for UpgradeReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("UpgradeReport", 7)?;
        s.serialize_field("verdict", &self.verdict)?;
        s.serialize_field("route", &self.route)?;
        s.serialize_field("target_editions", &self.target_editions)?;
        s.serialize_field("prerequisites", &self.prerequisites)?;
        s.serialize_field("target_platform", &PlatformJson(self.target_platform))?;
        s.serialize_field("inferred_features", &self.inferred_features)?;
        s.serialize_field("steps", &self.steps)?;
        s.end()
    }
}

struct PlatformJson(&'static TargetPlatform);

impl Serialize for PlatformJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let platform = self.0;
        let mut s = serializer.serialize_struct("TargetPlatform", 4)?;
        s.serialize_field("version", &platform.version)?;
        s.serialize_field("os", &platform.os.iter().map(|(os, _)| os).collect::<Vec<_>>())?;
        s.serialize_field("sql", &platform.sql.iter().map(|(sql, _)| sql).collect::<Vec<_>>())?;
        s.serialize_field("notes", &platform.notes())?;
        s.end()
    }
}

impl Serialize for Prerequisite {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Prerequisite", 7)?;
        s.serialize_field("id", self.id)?;
        s.serialize_field("area", &self.area)?;
        s.serialize_field("title", &self.title)?;
        s.serialize_field("detail", &self.detail)?;
        s.serialize_field("from", &self.from)?;
        s.serialize_field("to", &self.to)?;
        s.serialize_field("source", self.source)?;
        s.end()
    }
}

impl Serialize for InferredFeature {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("InferredFeature", 2)?;
        s.serialize_field("feature", &self.feature)?;
        s.serialize_field("reason", &self.reason)?;
        s.end()
    }
}

impl Serialize for Hop {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Hop", 5)?;
        s.serialize_field("from", &self.from)?;
        s.serialize_field("to", &self.to)?;
        s.serialize_field("edition", &self.edition)?;
        s.serialize_field("to_edition", &self.to_edition)?;
        s.serialize_field("checks", &self.checks)?;
        s.end()
    }
}

impl Serialize for Check {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Check", 4)?;
        s.serialize_field("area", &self.area)?;
        s.serialize_field("status", &self.status)?;
        s.serialize_field("detail", &self.detail)?;
        s.serialize_field("remedy", &self.remedy)?;
        s.end()
    }
}

impl Serialize for ChecklistStep {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Step", 5)?;
        s.serialize_field("id", &self.id())?;
        s.serialize_field("phase", &self.step.phase)?;
        s.serialize_field("title", self.step.title)?;
        s.serialize_field("detail", self.step.detail)?;
        s.serialize_field("source", self.step.source)?;
        s.end()
    }
}
