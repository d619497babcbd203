//! "How do I install this hotfix safely?": the package, the ordered steps and the rollback plan.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::vocabulary::*;
use crate::{HotfixProfile, HotfixStep, data};

#[derive(Debug, Clone, PartialEq)]
pub struct HotfixReport {
    /// The download to install on the computer described.
    pub package: Architecture,
    pub rollback: Rollback,
    pub steps: Vec<&'static HotfixStep>,
}

impl HotfixProfile {
    /// Whether a condition of the hotfix rules holds for this profile.
    pub fn meets(&self, condition: HotfixCondition) -> bool {
        match condition {
            HotfixCondition::SqlScript => self.sql_script,
            HotfixCondition::NoSqlScript => !self.sql_script,
            HotfixCondition::MultiServer => self.servers > 1,
            HotfixCondition::SingleServer => self.servers == 1,
            HotfixCondition::IisAdapters => self.iis_adapters,
            HotfixCondition::IsolatedHostHeavy => self.isolated_host_heavy,
            HotfixCondition::SeparateDownloads => self.downloads == Downloads::X86AndX64,
        }
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
    // Phases in order; within a phase, the order of the data. Collected phase by phase rather
    // than sorted (the WASM is smaller: advisor/web/SIZE.md).
    let steps: Vec<&'static HotfixStep> = HotfixPhase::ALL
        .iter()
        .flat_map(|phase| data::HOTFIX_STEPS.iter().filter(move |s| s.phase == *phase && s.applies_when.iter().all(|c| profile.meets(*c))))
        .collect();
    HotfixReport { package, rollback, steps }
}

impl Serialize for HotfixReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("HotfixReport", 3)?;
        s.serialize_field("package", &self.package)?;
        s.serialize_field("rollback", &self.rollback)?;
        s.serialize_field("steps", &self.steps.iter().map(|step| HotfixStepJson(step)).collect::<Vec<_>>())?;
        s.end()
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
