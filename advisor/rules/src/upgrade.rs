//! "Can I upgrade, and what must I do?": the route, its compatibility checks and the checklist.

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::vocabulary::*;
use crate::{DocumentedUpgrade, UpgradeProfile, UpgradeStep, data};

/// The answer for one upgrade profile.
#[derive(Debug, Clone, PartialEq)]
pub struct UpgradeReport {
    pub verdict: Verdict,
    pub route: Vec<Hop>,
    /// The editions the whole route can end in, from the current edition.
    pub target_editions: Vec<Edition>,
    /// The personalised checklist, in the order to work through it.
    pub steps: Vec<ChecklistStep>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every check of every hop says "yes".
    Supported,
    /// At least one check says "no" or is not listed.
    Blocked,
}

impl Verdict {
    pub fn id(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Blocked => "blocked",
        }
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
    pub fn section(&self) -> String {
        match self.hop_to {
            Some(to) => format!("Upgrade to {}: {}", to.label(), self.step.phase.label()),
            None => self.step.phase.label().to_string(),
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

    let mut route = Vec::with_capacity(upgrades.len());
    let mut from = profile.from;
    for (i, upgrade) in upgrades.iter().enumerate() {
        let (edition, to_edition) = (editions[i], editions[i + 1]);
        route.push(Hop {
            from,
            to: upgrade.to,
            edition,
            to_edition,
            checks: [
                os_check(upgrade, from, profile.os),
                sql_check(upgrade, from, profile.sql),
                edition_check(upgrade, from, edition, to_edition, profile.to_edition.is_some() && i + 1 == upgrades.len()),
            ],
            upgrade,
        });
        from = upgrade.to;
    }

    let verdict = if !route.is_empty() && route.iter().all(Hop::is_supported) { Verdict::Supported } else { Verdict::Blocked };
    let features = profile.effective_features();
    let mut steps = Vec::new();
    for hop in &route {
        let first = steps.len();
        steps.extend(
            data::UPGRADE_STEPS
                .iter()
                .filter(|s| applies(s, hop.from, hop.to, &features))
                .map(|step| ChecklistStep { hop_to: multi_hop.then_some(hop.to), step }),
        );
        // Phases in order; within a phase, the order of the data, which is the sources' order.
        steps[first..].sort_by_key(|s| s.step.phase);
    }

    UpgradeReport { verdict, route, target_editions: reachable_editions(&upgrades, profile.edition), steps }
}

fn applies(step: &UpgradeStep, from: Version, to: Version, features: &BTreeSet<Feature>) -> bool {
    let when = &step.applies_when;
    (when.to.is_empty() || when.to.contains(&to))
        && (when.from.is_empty() || when.from.contains(&from))
        && (when.any_feature.is_empty() || when.any_feature.iter().any(|f| features.contains(f)))
        && when.all_features.iter().all(|f| features.contains(f))
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
fn names<T>(items: impl Iterator<Item = T>, label: fn(T) -> &'static str) -> Option<String> {
    let names: Vec<&str> = items.map(label).collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(one.to_string()),
        [init @ .., last] => Some(format!("{} or {}", init.join(", "), last)),
    }
}

fn os_check(upgrade: &DocumentedUpgrade, from: Version, os: OperatingSystem) -> Check {
    let status = upgrade.os_support(from, os);
    let to = upgrade.to.label();
    let subject = format!("{} on {}", from.label(), os.label());
    // Only a check that fails needs a remedy: the browser recomputes on every change.
    let remedy = || {
        let rebuild = format!("Build a new BizTalk environment on an operating system that {to} supports and move the applications to it.");
        Some(match names(upgrade.supported_os(from), OperatingSystem::label) {
            None => format!("The guide lists no operating system on which {} can be upgraded in place to {to}. {rebuild}", from.label()),
            Some(listed) => format!("{rebuild} The in-place upgrade from {} is listed only on {listed}.", from.label()),
        })
    };
    let (detail, remedy) = match status {
        Support::Yes => (format!("{subject} can be upgraded in place to {to}."), None),
        Support::No => (format!("The upgrade guide says no: {subject} cannot be upgraded in place to {to}."), remedy()),
        Support::NotListed => (
            format!(
                "The upgrade guide to {to} does not list {} for {}, so the in-place upgrade is not supported.",
                os.label(),
                from.label()
            ),
            remedy(),
        ),
    };
    Check { area: CheckArea::Os, status, detail, remedy }
}

fn sql_check(upgrade: &DocumentedUpgrade, from: Version, sql: SqlServer) -> Check {
    let status = upgrade.sql_support(from, sql);
    let to = upgrade.to.label();
    let subject = format!("{} with its databases on {}", from.label(), sql.label());
    let remedy = || {
        Some(match names(upgrade.supported_sql(from), SqlServer::label) {
            None => format!(
                "The guide lists no SQL Server version with which {} can be upgraded in place to {to}. Recreate the BizTalk environment on a SQL Server version that {to} supports.",
                from.label()
            ),
            Some(listed) => format!(
                "Upgrade SQL Server first: the upgrade to {to} accepts {listed} for {}. SQL Server's own upgrade covers more versions than BizTalk lists, so check Microsoft's \"Upgrade SQL Server\" page for a path from {}. If there is none, recreate the BizTalk environment on a supported SQL Server.",
                from.label(),
                sql.label()
            ),
        })
    };
    let (detail, remedy) = match status {
        Support::Yes => (format!("{subject} can be upgraded to {to}."), None),
        Support::No => (format!("The upgrade guide says no: {subject} cannot be upgraded to {to}."), remedy()),
        Support::NotListed => (
            format!(
                "The upgrade guide to {to} does not list {} for {}, so the upgrade is not supported as it stands.",
                sql.label(),
                from.label()
            ),
            remedy(),
        ),
    };
    Check { area: CheckArea::Sql, status, detail, remedy }
}

fn edition_check(upgrade: &DocumentedUpgrade, from: Version, edition: Edition, target: Edition, chosen: bool) -> Check {
    let status = upgrade.edition_support(edition, target);
    // Enterprise is reachable from every edition, so this list is never empty.
    let reachable = names(upgrade.reachable_editions(edition), Edition::label).unwrap_or_default();
    let (from_name, to_name) = (from.label(), upgrade.to.label());
    let how = if chosen { "the edition you asked for" } else { "the edition this route keeps" };
    let (detail, remedy) = match status {
        Support::Yes => (
            format!("{from_name} {} can become {to_name} {} ({how}). Reachable editions: {reachable}.", edition.label(), target.label()),
            None,
        ),
        _ => (
            format!("{from_name} {} cannot become {to_name} {} in place.", edition.label(), target.label()),
            Some(format!(
                "From {} the upgrade to {to_name} can only end in: {reachable}. Choose one of those, or recreate the environment with the {} edition.",
                edition.label(),
                target.label()
            )),
        ),
    };
    Check { area: CheckArea::Edition, status, detail, remedy }
}

impl Serialize for UpgradeReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("UpgradeReport", 4)?;
        s.serialize_field("verdict", self.verdict.id())?;
        s.serialize_field("route", &self.route)?;
        s.serialize_field("target_editions", &self.target_editions.iter().map(|e| e.id()).collect::<Vec<_>>())?;
        s.serialize_field("steps", &self.steps)?;
        s.end()
    }
}

impl Serialize for Hop {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Hop", 5)?;
        s.serialize_field("from", self.from.id())?;
        s.serialize_field("to", self.to.id())?;
        s.serialize_field("edition", self.edition.id())?;
        s.serialize_field("to_edition", self.to_edition.id())?;
        s.serialize_field("checks", &self.checks)?;
        s.end()
    }
}

impl Serialize for Check {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Check", 4)?;
        s.serialize_field("area", self.area.id())?;
        s.serialize_field("status", self.status.id())?;
        s.serialize_field("detail", &self.detail)?;
        s.serialize_field("remedy", &self.remedy)?;
        s.end()
    }
}

impl Serialize for ChecklistStep {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Step", 5)?;
        s.serialize_field("id", &self.id())?;
        s.serialize_field("phase", self.step.phase.id())?;
        s.serialize_field("title", self.step.title)?;
        s.serialize_field("detail", self.step.detail)?;
        s.serialize_field("source", self.step.source)?;
        s.end()
    }
}
