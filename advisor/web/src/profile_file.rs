//! Profiles as files: the JSON the CLI reads (`bts-advisor upgrade --profile file.json`), written
//! for a download and read back from a file the user picks.
//!
//! Reading goes through the rules crate's `RawUpgradeProfile` / `RawHotfixProfile` and
//! `from_fields`, as the CLI does, so a file the page accepts is one the CLI accepts; every
//! refusal names the field at fault.

use bts_rules::{HotfixProfile, RawHotfixProfile, RawUpgradeProfile, UpgradeProfile};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// The upgrade profile as the CLI's JSON (fields in the CLI's order, optional ones only when set).
pub fn upgrade_to_json(p: &UpgradeProfile) -> String {
    let mut out = String::from("{\n");
    let mut field = |name: &str, value: &str| {
        out.push_str("  \"");
        out.push_str(name);
        out.push_str("\": \"");
        out.push_str(value);
        out.push_str("\",\n");
    };
    field("from", p.from.id());
    field("to", p.to.id());
    field("edition", p.edition.id());
    if let Some(e) = p.to_edition {
        field("to_edition", e.id());
    }
    field("os", p.os.id());
    field("sql", p.sql.id());
    if let Some(s) = p.sql_target {
        field("sql_target", s.id());
    }
    let features: Vec<String> = p.features.iter().map(|f| format!("\"{}\"", f.id())).collect();
    out.push_str("  \"features\": [");
    out.push_str(&features.join(", "));
    out.push_str("]\n}\n");
    out
}

/// The hotfix profile as the CLI's JSON.
pub fn hotfix_to_json(p: &HotfixProfile) -> String {
    format!(
        "{{\n  \"servers\": {},\n  \"sql_script\": {},\n  \"downloads\": \"{}\",\n  \"arch\": \"{}\",\n  \"iis_adapters\": {},\n  \"isolated_host_heavy\": {}\n}}\n",
        p.servers,
        p.sql_script,
        p.downloads.id(),
        p.arch.id(),
        p.iis_adapters,
        p.isolated_host_heavy
    )
}

/// Reads an upgrade profile file; the error names the field at fault.
pub fn upgrade_from_json(text: &str) -> Result<UpgradeProfile, String> {
    UpgradeProfile::from_fields(raw::<RawUpgradeProfile>(text)?).map_err(|e| e.to_string())
}

/// Reads a hotfix profile file; the error names the field at fault.
pub fn hotfix_from_json(text: &str) -> Result<HotfixProfile, String> {
    HotfixProfile::from_fields(raw::<RawHotfixProfile>(text)?).map_err(|e| e.to_string())
}

/// The raw fields of a JSON object. When they do not deserialise, each field is tried alone so
/// the message can name the one at fault.
fn raw<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    if text.trim().is_empty() {
        return Err("the file is empty; expected a JSON object such as {\"from\": \"2016\", ...}".into());
    }
    let value: Value = serde_json::from_str(text).map_err(|e| format!("the file is not valid JSON: {e}"))?;
    let Value::Object(fields) = value else {
        return Err("the file must hold a JSON object of fields, such as {\"from\": \"2016\", ...}".into());
    };
    serde_json::from_value(Value::Object(fields.clone())).map_err(|whole| {
        for (name, value) in fields {
            let mut one = Map::new();
            one.insert(name.clone(), value);
            if let Err(e) = serde_json::from_value::<T>(Value::Object(one)) {
                let e = e.to_string();
                return if e.starts_with("unknown field") {
                    format!("field `{name}` is not part of this profile")
                } else {
                    format!("field `{name}` has the wrong type: {e}")
                };
            }
        }
        format!("the profile is not valid: {whole}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use bts_rules::{Edition, Feature, SqlServer, Version};

    #[test]
    fn upgrade_profiles_round_trip_in_the_cli_format() {
        let profile = UpgradeProfile {
            from: Version::Bts2013R2,
            to_edition: Some(Edition::Enterprise),
            sql_target: Some(SqlServer::SqlServer2019),
            features: [Feature::Bam, Feature::BamRta].into(),
            ..UpgradeProfile::default()
        };
        let json = upgrade_to_json(&profile);
        let value: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["from"], "2013r2");
        assert_eq!(value["features"].as_array().unwrap().len(), 2);
        assert_eq!(upgrade_from_json(&json), Ok(profile));
        let plain = UpgradeProfile::default();
        let json = upgrade_to_json(&plain);
        assert!(!json.contains("to_edition") && !json.contains("sql_target"), "{json}");
        assert_eq!(upgrade_from_json(&json), Ok(plain));
    }

    #[test]
    fn hotfix_profiles_round_trip_in_the_cli_format() {
        let profile = HotfixProfile { servers: 4, iis_adapters: true, ..HotfixProfile::default() };
        assert_eq!(hotfix_from_json(&hotfix_to_json(&profile)), Ok(profile));
    }

    #[test]
    fn a_bad_file_is_refused_naming_the_field() {
        let base = r#""from": "2016", "to": "2020", "edition": "standard", "os": "windows-server-2016", "sql": "sql-server-2016""#;
        for (text, field) in [
            (format!("{{{base}, \"os\": 3}}"), "os"),
            (format!("{{{base}, \"colour\": \"red\"}}"), "colour"),
            (format!("{{{base}, \"features\": [\"bam\", \"nope\"]}}"), "features"),
            (format!("{{{base}, \"features\": \"bam\"}}"), "features"),
            (r#"{"from": "2016"}"#.to_string(), "to"),
        ] {
            let error = upgrade_from_json(&text).unwrap_err();
            assert!(error.contains(&format!("`{field}`")), "{text}: {error}");
        }
        assert!(upgrade_from_json("").unwrap_err().contains("empty"));
        assert!(upgrade_from_json("[1]").unwrap_err().contains("JSON object"));
        assert!(upgrade_from_json("{").unwrap_err().contains("not valid JSON"));
        assert!(hotfix_from_json(r#"{"servers": 0}"#).unwrap_err().contains("`servers`"));
        assert!(hotfix_from_json(r#"{"servers": "two"}"#).unwrap_err().contains("`servers`"));
    }
}
