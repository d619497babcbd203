//! "How do I install this hotfix safely?": the package, the ordered steps and the rollback plan;
//! with a `version` in the profile, the update planner: which update to install, what each
//! update in between adds, and the steps that moving to it brings (WinSCP, MQSAgent, the Visual
//! Studio extension, the KB's software requirements).

use serde::ser::{Serialize, SerializeMap, SerializeSeq, SerializeStruct, Serializer};

use crate::vocabulary::*;
use crate::{HotfixProfile, HotfixStep, Update, UpdateVersion, data};

#[derive(Debug, Clone, PartialEq)]
pub struct HotfixReport {
    /// The download to install on the computer described.
    pub package: Architecture,
    pub rollback: Rollback,
    pub steps: Vec<&'static HotfixStep>,
    /// The update plan, when the profile names a `version`.
    pub plan: Option<UpdatePlan>,
}

/// Which update a group installs and what it brings (contract v3's `update`, `up_to_date`,
/// `includes`).
#[derive(Debug, Clone, PartialEq)]
pub struct UpdatePlan {
    pub version: &'static UpdateVersion,
    /// The release-line id of the update to install.
    pub target: &'static str,
    /// The package to install: for a 2016 group with a Feature Pack, the combined package where
    /// the catalogue has one. `None` when up to date.
    pub update: Option<&'static Update>,
    pub up_to_date: bool,
    /// Every update after the installed one up to the target, oldest first.
    pub includes: Vec<&'static Update>,
    /// The WinSCP versions the installed update and the target need (`None`: not known).
    pub winscp: (Option<&'static str>, Option<&'static str>),
}

impl HotfixProfile {
    /// Whether a condition of the hotfix rules holds for this profile. The update planner's
    /// conditions depend on the plan too and are decided by [`evaluate_hotfix`]; here they hold
    /// only as far as the profile alone says.
    pub fn meets(&self, condition: HotfixCondition) -> bool {
        match condition {
            HotfixCondition::SqlScript => self.sql_script,
            HotfixCondition::NoSqlScript => !self.sql_script,
            HotfixCondition::MultiServer => self.servers > 1,
            HotfixCondition::SingleServer => self.servers == 1,
            HotfixCondition::IisAdapters => self.iis_adapters,
            HotfixCondition::IsolatedHostHeavy => self.isolated_host_heavy,
            HotfixCondition::SeparateDownloads => self.downloads == Downloads::X86AndX64,
            HotfixCondition::MqseriesRemoteAgent => self.features.contains(&Feature::MqseriesRemoteAgent),
            HotfixCondition::UpdatePlanned | HotfixCondition::UpToDate | HotfixCondition::VisualStudioExtension => false,
        }
    }

    /// The update plan, for a profile with a `version`.
    pub fn plan(&self) -> Option<UpdatePlan> {
        let version = UpdateVersion::of(self.version?);
        let target = self.target.unwrap_or(version.latest);
        let up_to_date = self.installed == Some(target);
        let after = self.installed.and_then(|i| version.position(i)).unwrap_or(0);
        let until = version.position(target).unwrap_or(0);
        let includes = version.levels().enumerate().filter(|(i, _)| *i > after && *i <= until).map(|(_, u)| u).collect();
        let update = if up_to_date { None } else { version.package(target, self.feature_pack.is_some()) };
        let winscp = (self.installed.and_then(|i| version.winscp(i)), version.winscp(target));
        Some(UpdatePlan { version, target, update, up_to_date, includes, winscp })
    }
}

impl UpdatePlan {
    /// The planner's WinSCP step, when the group uses the SFTP adapter of a version that works
    /// through WinSCP and the two updates need different (or unknown) WinSCP versions.
    fn winscp_step(&self) -> Option<&'static HotfixStep> {
        let uses_winscp = self.version.levels().any(|u| u.winscp.is_some());
        let (from, to) = self.winscp;
        if self.up_to_date || !uses_winscp || (from == to && to.is_some()) {
            return None;
        }
        data::WINSCP_STEPS.iter().find(|s| s.from == from && s.to == to).map(|s| &s.step)
    }
}

/// Answers a hotfix profile. The profile is assumed valid (see [`HotfixProfile::validate`]).
pub fn evaluate_hotfix(profile: &HotfixProfile) -> HotfixReport {
    // An update shipped only as x86 is built for both architectures.
    let package = match profile.downloads {
        Downloads::X86Only => Architecture::X86,
        Downloads::X86AndX64 => profile.arch,
    };
    // A SQL script changes the databases, which uninstalling does not undo.
    let rollback = if profile.sql_script { Rollback::RestoreDatabases } else { Rollback::Uninstall };
    let plan = profile.plan();
    let planned = plan.as_ref().is_some_and(|p| !p.up_to_date);
    let up_to_date = plan.as_ref().is_some_and(|p| p.up_to_date);
    let extension = plan.as_ref().is_some_and(|p| p.includes.iter().copied().chain(p.update).any(|u| u.visual_studio_extension.is_some()));
    let holds = |c: &HotfixCondition| match c {
        HotfixCondition::UpdatePlanned => planned,
        HotfixCondition::UpToDate => up_to_date,
        HotfixCondition::VisualStudioExtension => planned && extension && profile.features.contains(&Feature::DevTools),
        other => profile.meets(*other),
    };
    // Up to date: only the steps that say so. Otherwise phases in order; within a phase, the
    // order of the data, then the planner's WinSCP step at the end of the installation. Collected
    // phase by phase rather than sorted (the WASM is smaller: advisor/web/SIZE.md).
    let winscp = plan.as_ref().filter(|_| profile.features.contains(&Feature::Sftp)).and_then(UpdatePlan::winscp_step);
    let steps: Vec<&'static HotfixStep> = HotfixPhase::ALL
        .iter()
        .flat_map(|phase| {
            let listed = data::HOTFIX_STEPS.iter().filter(move |s| {
                s.phase == *phase
                    && s.applies_when.iter().all(holds)
                    && (!up_to_date || s.applies_when.contains(&HotfixCondition::UpToDate))
            });
            listed.chain(winscp.filter(|s| s.phase == *phase))
        })
        .collect();
    HotfixReport { package, rollback, steps, plan }
}

impl Serialize for HotfixReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("HotfixReport", 6)?;
        s.serialize_field("package", &self.package)?;
        s.serialize_field("rollback", &self.rollback)?;
        if let Some(plan) = &self.plan {
            s.serialize_field("update", &plan.update.map(|u| PackageJson(plan, u)))?;
            s.serialize_field("up_to_date", &plan.up_to_date)?;
            s.serialize_field("includes", &IncludesJson(&plan.includes))?;
        }
        s.serialize_field("steps", &self.steps.iter().map(|step| HotfixStepJson(step)).collect::<Vec<_>>())?;
        s.end()
    }
}

/// The report's `update`: the package, as the catalogue has it.
struct PackageJson<'a>(&'a UpdatePlan, &'static Update);

impl Serialize for PackageJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (plan, u) = (self.0, self.1);
        let mut s = serializer.serialize_struct("Update", 9)?;
        s.serialize_field("version", &plan.version.version)?;
        s.serialize_field("id", plan.target)?;
        s.serialize_field("feature_pack", &u.feature_pack)?;
        s.serialize_field("name", u.name)?;
        s.serialize_field("kb", &u.kb)?;
        s.serialize_field("build", &u.build)?;
        s.serialize_field("released", &u.released.map(|d| d.to_string()))?;
        s.serialize_field("confidence", &u.confidence.map(|c| c.id()))?;
        s.serialize_field("source", plan.version.book_source())?;
        s.end()
    }
}

struct IncludesJson<'a>(&'a [&'static Update]);

impl Serialize for IncludesJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for u in self.0 {
            struct One(&'static Update);
            impl Serialize for One {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    let mut m = serializer.serialize_map(Some(3))?;
                    m.serialize_entry("id", self.0.id)?;
                    m.serialize_entry("name", self.0.name)?;
                    m.serialize_entry("adds", self.0.adds)?;
                    m.end()
                }
            }
            seq.serialize_element(&One(u))?;
        }
        seq.end()
    }
}

struct HotfixStepJson(&'static HotfixStep);

impl Serialize for HotfixStepJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Step", 5)?;
        s.serialize_field("id", self.0.id)?;
        s.serialize_field("phase", self.0.phase.id())?;
        s.serialize_field("title", self.0.title)?;
        s.serialize_field("detail", self.0.detail)?;
        s.serialize_field("source", self.0.source)?;
        s.end()
    }
}
