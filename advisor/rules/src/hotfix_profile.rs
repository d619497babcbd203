//! The hotfix profile: what an administrator knows about a hotfix and the group it goes on, and
//! its validation. With a `version` (contract v3) it is the update planner's profile: the
//! update installed now, the one to install, the Feature Pack and the features in use.

use serde::Deserialize;

use crate::profile::{ProfileError, parse_value, required};
use crate::vocabulary::*;
use crate::{FeatureSet, UpdateVersion};

/// The Feature Packs of BizTalk Server 2016, as the profile's `feature_pack` names them.
pub const FEATURE_PACKS: &[&str] = &["fp1", "fp2", "fp3"];

/// What an administrator knows about a hotfix and the group it goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HotfixProfile {
    /// BizTalk computers in the group, at least 1.
    pub servers: u32,
    pub sql_script: bool,
    pub downloads: Downloads,
    pub arch: Architecture,
    pub iis_adapters: bool,
    pub isolated_host_heavy: bool,
    /// The BizTalk Server version of the group; `None`: a version-2 profile, no update planned.
    pub version: Option<Version>,
    /// The update installed now, a release-line id of the catalogue (`rtm`, `cu3`); `None`: not given.
    pub installed: Option<&'static str>,
    /// The update to install; `None`: the newest in the catalogue.
    pub target: Option<&'static str>,
    /// The BizTalk Server 2016 Feature Pack installed (`fp1`..`fp3`).
    pub feature_pack: Option<&'static str>,
    pub features: FeatureSet,
}

impl Default for HotfixProfile {
    fn default() -> Self {
        HotfixProfile {
            servers: 1,
            sql_script: true,
            downloads: Downloads::X86AndX64,
            arch: Architecture::X64,
            iis_adapters: false,
            isolated_host_heavy: false,
            version: None,
            installed: None,
            target: None,
            feature_pack: None,
            features: FeatureSet::new(),
        }
    }
}

/// A hotfix profile as it arrives. Unknown fields are refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHotfixProfile {
    pub servers: Option<i64>,
    pub sql_script: Option<bool>,
    pub downloads: Option<String>,
    pub arch: Option<String>,
    pub iis_adapters: Option<bool>,
    pub isolated_host_heavy: Option<bool>,
    pub version: Option<String>,
    pub installed: Option<String>,
    pub target: Option<String>,
    pub feature_pack: Option<String>,
    pub features: Option<Vec<String>>,
}

impl HotfixProfile {
    pub fn validate(&self) -> Result<(), ProfileError> {
        if self.servers < 1 {
            return Err(ProfileError::new("servers", "must be at least 1 (the BizTalk computers in the group)"));
        }
        let Some(version) = self.version else {
            return match (self.installed, self.target, self.feature_pack) {
                (Some(_), _, _) | (_, Some(_), _) => Err(ProfileError::new(
                    "version",
                    format!("is required when `installed` or `target` is given; accepted values: {}", Version::accepted_ids()),
                )),
                (_, _, Some(_)) => Err(ProfileError::new("version", "is required when `feature_pack` is given (it is 2016)")),
                _ => Ok(()),
            };
        };
        if let Some(problem) = feature_pack_problem(version, self.feature_pack) {
            return Err(problem);
        }
        let catalogue = UpdateVersion::of(version);
        let position = |field: &'static str, id: &str| {
            catalogue.position(id).ok_or_else(|| {
                let ids: Vec<&str> = catalogue.levels().map(|u| u.id).collect();
                ProfileError::new(field, format!("has unknown value \"{id}\"; the updates of {} are: {}", version.label(), ids.join(", ")))
            })
        };
        let installed = self.installed.map(|i| position("installed", i)).transpose()?;
        let target = self.target.map(|t| position("target", t)).transpose()?;
        if let (Some(installed), Some(target)) = (installed, target)
            && target < installed
        {
            return Err(downgrade(self.installed.unwrap_or_default(), self.target.unwrap_or_default()));
        }
        Ok(())
    }

    /// Builds a profile from raw field values, as read from JSON. Every field at fault is named,
    /// one error each, not only the first.
    pub fn from_fields(raw: RawHotfixProfile) -> Result<HotfixProfile, Vec<ProfileError>> {
        let mut errors = Vec::new();
        let servers = take(
            &mut errors,
            raw.servers.ok_or_else(|| ProfileError::missing("servers")).and_then(|servers| {
                u32::try_from(servers)
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or_else(|| ProfileError::new("servers", format!("is {servers}; it must be a whole number of at least 1")))
            }),
        );
        let sql_script = take(&mut errors, raw.sql_script.ok_or_else(|| ProfileError::missing("sql_script")));
        let downloads = take(&mut errors, required("downloads", raw.downloads, Downloads::ALL));
        let arch = take(&mut errors, required("arch", raw.arch, Architecture::ALL));
        let iis_adapters = take(&mut errors, raw.iis_adapters.ok_or_else(|| ProfileError::missing("iis_adapters")));
        let isolated_host_heavy = take(&mut errors, raw.isolated_host_heavy.ok_or_else(|| ProfileError::missing("isolated_host_heavy")));
        let version = take(&mut errors, raw.version.map(|v| parse_value("version", &v, Version::ALL)).transpose());
        // The catalogue's own id, so that the profile stays `Copy`.
        // A package built on a level (`cu8-fp3`, `cu5-hotfix`) stands for its level, with the
        // Feature Pack it carries: the catalogue's ids are accepted as `updates` lists them.
        let update_id = |field: &'static str, id: Option<String>| -> Result<Option<(&'static str, Option<&'static str>)>, ProfileError> {
            let Some(id) = id else { return Ok(None) };
            match version {
                Some(None) => Err(ProfileError::new(
                    "version",
                    format!("is required when `{field}` is given; accepted values: {}", Version::accepted_ids()),
                )),
                // An unknown version is already reported.
                None => Ok(None),
                Some(Some(v)) => {
                    let catalogue = UpdateVersion::of(v);
                    let usable = || catalogue.updates.iter().filter(|u| u.level.is_some());
                    match usable().find(|u| u.id == id) {
                        Some(u) => Ok(u.level.map(|level| (level, u.feature_pack))),
                        None => {
                            let ids: Vec<&str> = usable().map(|u| u.id).collect();
                            Err(ProfileError::new(
                                field,
                                format!("has unknown value \"{id}\"; the updates of {} are: {}", v.label(), ids.join(", ")),
                            ))
                        }
                    }
                }
            }
        };
        let installed_package = take(&mut errors, update_id("installed", raw.installed.clone()));
        let target_package = take(&mut errors, update_id("target", raw.target.clone()));
        let installed = installed_package.map(|p| p.map(|(level, _)| level));
        let target = target_package.map(|p| p.map(|(level, _)| level));
        // The Feature Pack a package id names, where `feature_pack` does not say it.
        let named_pack = [(installed_package, "installed", &raw.installed), (target_package, "target", &raw.target)].into_iter().find_map(
            |(package, field, id)| package.flatten().and_then(|(_, fp)| fp).map(|fp| (fp, field, id.clone().unwrap_or_default())),
        );
        let feature_pack = take(
            &mut errors,
            raw.feature_pack
                .map(|fp| {
                    FEATURE_PACKS.iter().copied().find(|p| *p == fp).ok_or_else(|| {
                        ProfileError::new(
                            "feature_pack",
                            format!("has unknown value \"{fp}\"; accepted values: {}", FEATURE_PACKS.join(", ")),
                        )
                    })
                })
                .transpose(),
        );
        let feature_pack = match (feature_pack, named_pack) {
            (Some(None), Some((fp, _, _))) => Some(Some(fp)),
            (Some(Some(given)), Some((fp, field, id))) if given != fp => {
                errors.push(ProfileError::new(
                    "feature_pack",
                    format!("is {given}, but `{field}` ({id}) is a package with {fp}; leave `feature_pack` out or make them agree"),
                ));
                None
            }
            (feature_pack, _) => feature_pack,
        };
        // The problems between fields, named with the others rather than after them.
        if let (Some(None), Some(Some(_)), Some(None), Some(None)) = (version, feature_pack, installed, target) {
            errors.push(ProfileError::new("version", "is required when `feature_pack` is given (it is 2016)"));
        }
        if let Some(Some(version)) = version {
            if let Some(problem) = feature_pack.flatten().and_then(|fp| feature_pack_problem(version, Some(fp))) {
                errors.push(problem);
            }
            let catalogue = UpdateVersion::of(version);
            if let (Some(Some(installed)), Some(Some(target))) = (installed, target)
                && catalogue.position(target) < catalogue.position(installed)
            {
                errors.push(downgrade(installed, target));
            }
        }
        let mut features = FeatureSet::new();
        for f in raw.features.unwrap_or_default() {
            if let Some(feature) = take(&mut errors, parse_value("features", &f, Feature::ALL)) {
                features.insert(feature);
            }
        }
        let (
            Some(servers),
            Some(sql_script),
            Some(downloads),
            Some(arch),
            Some(iis_adapters),
            Some(isolated_host_heavy),
            Some(version),
            Some(installed),
            Some(target),
            Some(feature_pack),
        ) = (servers, sql_script, downloads, arch, iis_adapters, isolated_host_heavy, version, installed, target, feature_pack)
        else {
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let profile = HotfixProfile {
            servers,
            sql_script,
            downloads,
            arch,
            iis_adapters,
            isolated_host_heavy,
            version,
            installed,
            target,
            feature_pack,
            features,
        };
        profile.validate().map_err(|e| vec![e])?;
        Ok(profile)
    }
}

/// A Feature Pack named for a version other than 2016.
fn feature_pack_problem(version: Version, feature_pack: Option<&str>) -> Option<ProfileError> {
    (feature_pack.is_some() && version != Version::Bts2016)
        .then(|| ProfileError::new("feature_pack", format!("is only for BizTalk Server 2016 (`version` is {})", version.id())))
}

/// A `target` older than `installed`.
fn downgrade(installed: &str, target: &str) -> ProfileError {
    ProfileError::new("target", format!("is {target}, older than `installed` ({installed}); an update cannot be downgraded"))
}

/// The value, or `None` with its error kept.
fn take<T>(errors: &mut Vec<ProfileError>, result: Result<T, ProfileError>) -> Option<T> {
    result.map_err(|e| errors.push(e)).ok()
}
