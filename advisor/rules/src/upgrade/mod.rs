//! "Can I upgrade, and what must I do?": the route, its compatibility checks, the SQL Server
//! move before it, the target platform and the checklist.
//!
//! [`evaluate_upgrade`] reads as its stages: plan the route and the editions along it
//! ([`route`]), plan the SQL Server move ([`sql`]), run the three checks of each hop
//! ([`checks`]), decide the verdict, infer the features the profile implies, and collect the
//! checklist. [`json`] writes the report as the command line's JSON.

mod attention;
mod checks;
mod json;
mod route;
mod sql;

use std::borrow::Cow;

use crate::data::{self, messages};
use crate::sentence::names;
use crate::vocabulary::*;
use crate::{Date, DocumentedUpgrade, FeatureSet, StepEnvironment, TargetPlatform, UpgradeProfile, UpgradeStep};

pub use attention::{LifecyclePhase, newer_to_build_on, support_ending};

/// The book sections the attention items link to (besides each hop's edition table).
pub(crate) const ATTENTION_SOURCES: &[&str] = &[
    attention::START_SUPPORTED_SOURCE,
    attention::SQL_SERVICE_PACK_SOURCE,
    attention::SQL_EDITION_RTA_SOURCE,
    attention::SQL_ADAPTER_SOURCE,
    attention::SUPPORT_LIFECYCLE_SOURCE,
];
pub use route::route;
pub use sql::{SqlInPlace, sql_in_place, sql_in_place_at};

use sql::SqlContext;

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
    /// The date the lifecycle was judged on.
    pub today: Date,
    /// The support lifecycle of the current version, then of each hop's target.
    pub lifecycle: Vec<LifecycleEntry>,
    /// What must be settled before Setup that the verdict alone does not show, in order.
    pub attention: Vec<Attention>,
    /// The personalised checklist, in the order to work through it.
    pub steps: Vec<ChecklistStep>,
}

/// One version of the route in its support lifecycle on the report's date.
#[derive(Debug, Clone, PartialEq)]
pub struct LifecycleEntry {
    pub version: Version,
    pub phase: LifecyclePhase,
    pub mainstream_end: Date,
    pub extended_end: Date,
    /// Days from the report's date until `extended_end` (negative once it has passed).
    pub days_left: i64,
}

/// Something to settle before Setup, with a stable id (see the advisor contract).
#[derive(Debug, Clone, PartialEq)]
pub struct Attention {
    pub id: &'static str,
    pub title: String,
    pub detail: String,
    /// The book section it comes from.
    pub source: &'static str,
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
    /// The profile's unsure features that brought the step in; empty when the ticked (and
    /// implied) features alone bring it in.
    pub unsure: FeatureSet,
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

/// Answers an upgrade profile, with the support lifecycle judged on `today`. The profile is
/// assumed valid (see [`UpgradeProfile::validate`]).
pub fn evaluate_upgrade(profile: &UpgradeProfile, today: Date) -> UpgradeReport {
    let plan = RoutePlan::new(profile);
    let sql = SqlContext::plan(profile, plan.hops());
    let mut route = check_route(profile, &plan, &sql);
    let verdict = decide_verdict(&route, &sql);
    if verdict == Verdict::Blocked && sql.planned.is_none() && !sql.reachable.is_empty() {
        // Blocked by the operating system or the edition, while SQL Server alone would have an
        // in-place way: the answer plans a new environment, so no remedy moves this instance.
        let remedy = messages::sql_remedy_new_environment(profile.to.label(), &sql.supported_for_a_new_environment());
        for check in route.iter_mut().flat_map(|h| h.checks.iter_mut()).filter(|c| c.area == CheckArea::Sql && c.remedy.is_some()) {
            check.remedy = Some(remedy.clone());
        }
    }
    note_support_ending_in_remedies(&mut route, profile.to, today);
    let mut prerequisites = if verdict == Verdict::Prerequisites { vec![sql.prerequisite()] } else { Vec::new() };
    order_bam_before_the_sql_upgrade(&mut prerequisites, profile, &route);
    let inferred_features = infer_features(profile, sql_move_named(&prerequisites, &sql));
    // The ticked features and every one they imply: the checklist shows both alike.
    let mut features = profile.features;
    features.extend(inferred_features.iter().map(|f| f.feature));
    // The unsure features and what they imply, where not already sure: they bring steps in too.
    let mut unsure = profile.unsure;
    unsure.extend(profile.unsure.iter().filter_map(|f| f.implied()));
    let unsure: FeatureSet = unsure.iter().filter(|f| !features.contains(f)).copied().collect();
    let mut applying = features;
    applying.extend(unsure.iter().copied());
    let attention = attention::attention(&attention::Facts {
        profile,
        route: &route,
        sql: &sql,
        features: &applying,
        sql_upgraded: features.contains(&Feature::SqlUpgrade),
        today,
    });
    UpgradeReport {
        verdict,
        steps: if verdict == Verdict::Blocked {
            collect_new_environment_steps(profile.to, &features, &unsure, profile)
        } else {
            collect_steps(&route, &features, &unsure, profile)
        },
        lifecycle: attention::lifecycle(profile.from, &route, today),
        route,
        target_editions: route::reachable_editions(&plan.upgrades, profile.edition),
        prerequisites,
        target_platform: plan.platform,
        inferred_features,
        today,
        attention,
    }
}

/// The route a profile takes: the documented upgrades, the version each starts from, the
/// edition at the start of each and at the end, and what the target needs of a computer.
struct RoutePlan {
    upgrades: Vec<&'static DocumentedUpgrade>,
    froms: Vec<Version>,
    /// `upgrades.len() + 1` entries.
    editions: Vec<Edition>,
    platform: &'static TargetPlatform,
}

impl RoutePlan {
    fn new(profile: &UpgradeProfile) -> RoutePlan {
        let upgrades = route(profile.from, profile.to);
        let froms = std::iter::once(profile.from).chain(upgrades.iter().map(|u| u.to)).take(upgrades.len()).collect();
        RoutePlan {
            editions: route::plan_editions(&upgrades, profile.edition, profile.to_edition),
            froms,
            upgrades,
            platform: TargetPlatform::of(profile.to).expect("the build script checks every target has its platform"),
        }
    }

    /// Each hop's documented upgrade and the version it starts from.
    fn hops(&self) -> impl Iterator<Item = (&'static DocumentedUpgrade, Version)> + Clone + '_ {
        self.upgrades.iter().copied().zip(self.froms.iter().copied())
    }
}

/// Each hop of the route with its three checks.
fn check_route(profile: &UpgradeProfile, plan: &RoutePlan, sql: &SqlContext) -> Vec<Hop> {
    // Whether some operating system passes every hop (none does from 2013 R2 to 2020).
    let os_common = OperatingSystem::ALL.iter().any(|os| plan.hops().all(|(u, f)| u.os_support(f, *os) == Support::Yes));
    let last = plan.upgrades.len().saturating_sub(1);
    let mut route = Vec::with_capacity(plan.upgrades.len());
    for (i, (upgrade, from)) in plan.hops().enumerate() {
        let (edition, to_edition) = (plan.editions[i], plan.editions[i + 1]);
        let sql_check = match sql.unreachable_target() {
            Some(target) if i == 0 => checks::unreachable_sql_check(sql, target),
            _ => checks::sql_check(upgrade, from, sql.at_setup(), sql),
        };
        let edition_chosen = profile.to_edition.is_some() && i == last;
        route.push(Hop {
            from,
            to: upgrade.to,
            edition,
            to_edition,
            checks: [
                checks::os_check(upgrade, from, profile, plan.platform, os_common),
                sql_check,
                checks::edition_check(upgrade, from, edition, to_edition, edition_chosen),
            ],
            upgrade,
        });
    }
    route
}

/// A SQL Server upgrade that BAM work must precede or shape says so in its own text (audit 3,
/// M6): the 2016 guide saves and unconfigures BAM Alerts before SQL Server is upgraded, and with
/// real-time aggregations the SQL Server upgraded to must be Enterprise.
fn order_bam_before_the_sql_upgrade(prerequisites: &mut [Prerequisite], profile: &UpgradeProfile, route: &[Hop]) {
    let uses = |f: Feature| profile.features.contains(&f) || profile.unsure.contains(&f);
    for p in prerequisites.iter_mut().filter(|p| p.id == "upgrade-sql-server") {
        if uses(Feature::BamAlerts) && route.iter().any(|h| h.to == Version::Bts2016) {
            p.detail.push(' ');
            p.detail.push_str(messages::prerequisite_bam_alerts_first());
        }
        if uses(Feature::BamRta) && profile.sql_edition != Some(SqlEdition::Enterprise) {
            p.detail.push(' ');
            p.detail.push_str(messages::prerequisite_bam_rta_enterprise());
        }
    }
}

/// A remedy that builds a new environment of the target version (an operating system or
/// edition check that fails) says when that version leaves support within a year of `today`,
/// and names the newer version to build on.
fn note_support_ending_in_remedies(route: &mut [Hop], to: Version, today: Date) {
    if !support_ending(to, today) {
        return;
    }
    let end = crate::Lifecycle::of(to).extended_end;
    let note = match newer_to_build_on(to, today) {
        Some(newer) => messages::remedy_support_ending_newer(to.label(), &end.to_string(), newer.label()),
        None => messages::remedy_support_ending(to.label(), &end.to_string()),
    };
    for check in route.iter_mut().flat_map(|h| h.checks.iter_mut()).filter(|c| c.area != CheckArea::Sql) {
        if let Some(remedy) = check.remedy.as_mut() {
            remedy.push(' ');
            remedy.push_str(&note);
        }
    }
}

/// Blocked when a check fails that no SQL Server move fixes (or the move planned does not);
/// supported after prerequisites when a SQL Server move is planned or fixes every failing check.
fn decide_verdict(route: &[Hop], sql: &SqlContext) -> Verdict {
    let failing = |area: CheckArea| route.iter().flat_map(|h| &h.checks).any(|c| c.area == area && c.status != Support::Yes);
    let sql_fails = failing(CheckArea::Sql);
    let blocked = route.is_empty()
        || failing(CheckArea::Os)
        || failing(CheckArea::Edition)
        || (sql_fails && (sql.planned.is_some() || sql.reachable.is_empty()));
    if blocked {
        Verdict::Blocked
    } else if sql.planned.is_some() || sql_fails {
        Verdict::Prerequisites
    } else {
        Verdict::Supported
    }
}

/// The SQL Server versions a move goes to, as named in the reason `sql-upgrade` is inferred:
/// those the prerequisite proposes, or else the one planned.
fn sql_move_named(prerequisites: &[Prerequisite], sql: &SqlContext) -> Option<String> {
    prerequisites.first().and_then(|p| names(p.to.iter().copied())).or_else(|| sql.planned.map(|t| t.label().to_string()))
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

/// The checklist of the in-place upgrade: for each hop, the steps that apply to it and to
/// `features` or, marked with them, to the `unsure` features as well.
fn collect_steps(route: &[Hop], features: &FeatureSet, unsure: &FeatureSet, profile: &UpgradeProfile) -> Vec<ChecklistStep> {
    let multi_hop = route.len() > 1;
    let mut steps = Vec::new();
    for hop in route {
        let plan = Plan { to: hop.to, hop_to: multi_hop.then_some(hop.to), environment: StepEnvironment::InPlace };
        collect_for(&plan, features, unsure, profile, &mut steps);
    }
    steps
}

/// The checklist of a blocked answer: the new environment of the target version, once, with
/// the steps that carry over what must be kept and none that only an in-place Setup needs.
fn collect_new_environment_steps(to: Version, features: &FeatureSet, unsure: &FeatureSet, profile: &UpgradeProfile) -> Vec<ChecklistStep> {
    let mut steps = Vec::new();
    collect_for(&Plan { to, hop_to: None, environment: StepEnvironment::New }, features, unsure, profile, &mut steps);
    steps
}

/// What a checklist is collected for: the version, the hop to name in ids, and the plan
/// (`InPlace` or `New`; `Both` steps belong to each).
struct Plan {
    to: Version,
    hop_to: Option<Version>,
    environment: StepEnvironment,
}

fn collect_for(plan: &Plan, features: &FeatureSet, unsure: &FeatureSet, profile: &UpgradeProfile, steps: &mut Vec<ChecklistStep>) {
    let mut with_unsure = *features;
    with_unsure.extend(unsure.iter().copied());
    let in_plan = |s: &UpgradeStep| s.applies_when.environment == StepEnvironment::Both || s.applies_when.environment == plan.environment;
    // Phases in order; within a phase, the order of the data, which is the sources' order.
    // Collected phase by phase rather than sorted (the WASM is smaller: advisor/web/SIZE.md).
    for phase in UpgradePhase::ALL {
        for step in data::UPGRADE_STEPS.iter().filter(|s| s.phase == *phase && in_plan(s) && applies(s, plan.to, &with_unsure)) {
            let brought_by = if applies(step, plan.to, features) { FeatureSet::new() } else { unsure_bringing(step, unsure, profile) };
            steps.push(ChecklistStep { hop_to: plan.hop_to, step, unsure: brought_by });
        }
    }
}

/// The profile's unsure features that bring `step` in: those its condition names, and those
/// that imply one it names (an unsure `bam-rta` brings in a `bam` step).
fn unsure_bringing(step: &UpgradeStep, unsure: &FeatureSet, profile: &UpgradeProfile) -> FeatureSet {
    let when = &step.applies_when;
    let named = |f: &Feature| when.any_feature.contains(f) || when.all_features.contains(f);
    profile
        .unsure
        .iter()
        .filter(|f| unsure.contains(f) && (named(f) || f.implied().is_some_and(|i| unsure.contains(&i) && named(&i))))
        .copied()
        .collect()
}

fn applies(step: &UpgradeStep, to: Version, features: &FeatureSet) -> bool {
    let when = &step.applies_when;
    when.guide.is_none_or(|guide| guide == to)
        && (when.any_feature.is_empty() || when.any_feature.iter().any(|f| features.contains(f)))
        && when.all_features.iter().all(|f| features.contains(f))
}
