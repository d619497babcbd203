//! The report as JSON: the command line's contract (see the advisor contract), written field by
//! field so that a change to the Rust types cannot change it unnoticed.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::{Attention, Check, ChecklistStep, Hop, InferredFeature, LifecycleEntry, Prerequisite, UpgradeReport};
use crate::TargetPlatform;

impl Serialize for UpgradeReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("UpgradeReport", 11)?;
        s.serialize_field("verdict", &self.verdict)?;
        s.serialize_field("route", &self.route)?;
        s.serialize_field("target_editions", &self.target_editions)?;
        s.serialize_field("prerequisites", &self.prerequisites)?;
        s.serialize_field("target_platform", &PlatformJson(self.target_platform))?;
        s.serialize_field("inferred_features", &self.inferred_features)?;
        s.serialize_field("today", &self.today.to_string())?;
        s.serialize_field("lifecycle", &self.lifecycle)?;
        s.serialize_field("attention", &self.attention)?;
        s.serialize_field("latest_update", &crate::LatestUpdate(self.target_platform.version))?;
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

impl Serialize for LifecycleEntry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Lifecycle", 5)?;
        s.serialize_field("version", &self.version)?;
        s.serialize_field("phase", self.phase.id())?;
        s.serialize_field("mainstream_end", &self.mainstream_end.to_string())?;
        s.serialize_field("extended_end", &self.extended_end.to_string())?;
        s.serialize_field("days_left", &self.days_left)?;
        s.end()
    }
}

impl Serialize for Attention {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Attention", 4)?;
        s.serialize_field("id", self.id)?;
        s.serialize_field("title", &self.title)?;
        s.serialize_field("detail", &self.detail)?;
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
        let mut s = serializer.serialize_struct("Step", 6)?;
        s.serialize_field("id", &self.id())?;
        s.serialize_field("phase", &self.step.phase)?;
        s.serialize_field("title", self.step.title)?;
        s.serialize_field("detail", self.step.detail)?;
        s.serialize_field("source", self.step.source)?;
        s.serialize_field("unsure", &self.unsure.iter().collect::<Vec<_>>())?;
        s.end()
    }
}
