//! The hotfix profile: what an administrator knows about a hotfix and the group it goes on, and
//! its validation.

use serde::Deserialize;

use crate::profile::{ProfileError, required};
use crate::vocabulary::*;

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
}

impl HotfixProfile {
    pub fn validate(&self) -> Result<(), ProfileError> {
        if self.servers < 1 {
            return Err(ProfileError::new("servers", "must be at least 1 (the BizTalk computers in the group)"));
        }
        Ok(())
    }

    pub fn from_fields(raw: RawHotfixProfile) -> Result<HotfixProfile, ProfileError> {
        let servers = raw.servers.ok_or_else(|| ProfileError::missing("servers"))?;
        let servers = u32::try_from(servers)
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| ProfileError::new("servers", format!("is {servers}; it must be a whole number of at least 1")))?;
        let profile = HotfixProfile {
            servers,
            sql_script: raw.sql_script.ok_or_else(|| ProfileError::missing("sql_script"))?,
            downloads: required("downloads", raw.downloads, Downloads::ALL)?,
            arch: required("arch", raw.arch, Architecture::ALL)?,
            iis_adapters: raw.iis_adapters.ok_or_else(|| ProfileError::missing("iis_adapters"))?,
            isolated_host_heavy: raw.isolated_host_heavy.ok_or_else(|| ProfileError::missing("isolated_host_heavy"))?,
        };
        profile.validate()?;
        Ok(profile)
    }
}
