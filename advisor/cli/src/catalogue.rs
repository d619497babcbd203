//! `bts-advisor updates [VERSION]` and `bts-advisor which BUILD`: the update catalogue and the
//! build-number lookup, as JSON. The answers are `bts_rules`'s; this only reads the argument.

use bts_rules::*;

/// The catalogue, every version or the one named.
pub fn updates(version: Option<&str>) -> Result<String, String> {
    let version = version
        .map(|v| {
            Version::from_id(v)
                .ok_or_else(|| format!("version \"{v}\" is not a BizTalk Server version; accepted values: {}", Version::accepted_ids()))
        })
        .transpose()?;
    Ok(super::to_json(&UpdateCatalogueDocument(version)))
}

/// Which version and update a build number is.
pub fn which(build: &str) -> Result<String, String> {
    bts_rules::which(build).map(|answer| super::to_json(&answer))
}
