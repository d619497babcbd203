//! Profiles as files: the JSON the CLI reads (`bts-advisor upgrade --profile file.json`), written
//! for a download and read back from a file the user picks.
//!
//! Reading fills the rules crate's `RawUpgradeProfile` / `RawHotfixProfile` and checks them with
//! `from_fields`, as the CLI does, so a file the page accepts is one the CLI accepts (a test
//! holds the two readings equal); every refusal names the field at fault. The JSON is read by
//! the crate's own reader ([`crate::json`]), not serde_json (see SIZE.md).

use bts_rules::{HotfixProfile, RawHotfixProfile, RawUpgradeProfile, UpgradeProfile};

use crate::json::{self, Json};
use crate::progress::{self, Done, clean_name, json_string};

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
    if let Some(l) = p.sql_level {
        field("sql_level", l.id());
    }
    if let Some(e) = p.sql_edition {
        field("sql_edition", e.id());
    }
    // `features` always (the CLI's own files have it), `unsure` only when something is unsure.
    let mut list = |name: &str, set: bts_rules::FeatureSet, last: bool| {
        out.push_str("  \"");
        out.push_str(name);
        out.push_str("\": [");
        for (i, f) in set.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push('"');
            out.push_str(f.id());
            out.push('"');
        }
        out.push_str(if last { "]\n" } else { "],\n" });
    };
    list("features", p.features, p.unsure.is_empty());
    if !p.unsure.is_empty() {
        list("unsure", p.unsure, true);
    }
    out.push_str("}\n");
    out
}

/// The hotfix profile as the CLI's JSON.
pub fn hotfix_to_json(p: &HotfixProfile) -> String {
    let yes = |b: bool| if b { "true" } else { "false" };
    let mut out = String::from("{\n  \"servers\": ");
    out.push_str(&p.servers.to_string());
    for (name, value, quoted) in [
        ("sql_script", yes(p.sql_script), false),
        ("downloads", p.downloads.id(), true),
        ("arch", p.arch.id(), true),
        ("iis_adapters", yes(p.iis_adapters), false),
        ("isolated_host_heavy", yes(p.isolated_host_heavy), false),
    ] {
        let q = if quoted { "\"" } else { "" };
        out.push_str(",\n  \"");
        out.push_str(name);
        out.push_str("\": ");
        out.push_str(q);
        out.push_str(value);
        out.push_str(q);
    }
    // The update planner's fields (contract v3), only where set: a version-2 profile's file is
    // the version-2 file.
    for (name, value) in
        [("version", p.version.map(|v| v.id())), ("installed", p.installed), ("target", p.target), ("feature_pack", p.feature_pack)]
    {
        if let Some(value) = value {
            out.push_str(",\n  \"");
            out.push_str(name);
            out.push_str("\": \"");
            out.push_str(value);
            out.push('"');
        }
    }
    if p.version.is_some() {
        out.push_str(",\n  \"features\": [");
        for (i, f) in p.features.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push('"');
            out.push_str(f.id());
            out.push('"');
        }
        out.push(']');
    }
    out.push_str("\n}\n");
    out
}

/// Reads an upgrade profile file; the error names the field at fault.
pub fn upgrade_from_json(text: &str) -> Result<UpgradeProfile, String> {
    upgrade_from_fields(object(text)?)
}

/// An upgrade profile from the fields of a JSON object; the error names the field at fault.
pub fn upgrade_from_fields(fields: Fields) -> Result<UpgradeProfile, String> {
    let mut raw = RawUpgradeProfile::default();
    for (name, value) in fields {
        let slot = match name.as_str() {
            "from" => &mut raw.from,
            "to" => &mut raw.to,
            "edition" => &mut raw.edition,
            "to_edition" => &mut raw.to_edition,
            "os" => &mut raw.os,
            "sql" => &mut raw.sql,
            "sql_target" => &mut raw.sql_target,
            "sql_level" => &mut raw.sql_level,
            "sql_edition" => &mut raw.sql_edition,
            "features" => {
                raw.features = strings("features", value)?;
                continue;
            }
            "unsure" => {
                raw.unsure = strings("unsure", value)?;
                continue;
            }
            _ => return Err(unknown(&name)),
        };
        *slot = optional_string(&name, value)?;
    }
    UpgradeProfile::from_fields(raw).map_err(|e| bts_rules::problem_lines(&e))
}

/// Reads a hotfix profile file; the error names the field at fault.
pub fn hotfix_from_json(text: &str) -> Result<HotfixProfile, String> {
    hotfix_from_fields(object(text)?)
}

/// A hotfix profile from the fields of a JSON object; the error names the field at fault.
pub fn hotfix_from_fields(fields: Fields) -> Result<HotfixProfile, String> {
    let mut raw = RawHotfixProfile::default();
    for (name, value) in fields {
        match name.as_str() {
            "servers" => {
                raw.servers = match value {
                    Json::Null => None,
                    Json::Integer(n) => Some(n),
                    _ => return Err(wrong_type("servers", "a whole number")),
                }
            }
            "downloads" => raw.downloads = optional_string(&name, value)?,
            "arch" => raw.arch = optional_string(&name, value)?,
            "sql_script" => raw.sql_script = optional_bool(&name, value)?,
            "iis_adapters" => raw.iis_adapters = optional_bool(&name, value)?,
            "isolated_host_heavy" => raw.isolated_host_heavy = optional_bool(&name, value)?,
            "version" => raw.version = optional_string(&name, value)?,
            "installed" => raw.installed = optional_string(&name, value)?,
            "target" => raw.target = optional_string(&name, value)?,
            "feature_pack" => raw.feature_pack = optional_string(&name, value)?,
            "features" => raw.features = strings(&name, value)?,
            _ => return Err(unknown(&name)),
        }
    }
    HotfixProfile::from_fields(raw).map_err(|errors| {
        errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// A list of strings (`features`, `unsure`; the hotfix profile's `features`), or null.
fn strings(name: &str, value: Json) -> Result<Option<Vec<String>>, String> {
    match value {
        Json::Null => Ok(None),
        Json::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Json::String(s) => Ok(s),
                _ => Err(wrong_type(name, "a list of strings")),
            })
            .collect::<Result<_, _>>()
            .map(Some),
        _ => Err(wrong_type(name, "a list of strings")),
    }
}

fn unknown(name: &str) -> String {
    let shown: String = name.chars().take(40).collect();
    format!("field `{shown}` is not part of this profile")
}

fn wrong_type(name: &str, expected: &str) -> String {
    format!("field `{name}` has the wrong type: expected {expected}")
}

fn optional_string(name: &str, value: Json) -> Result<Option<String>, String> {
    match value {
        Json::Null => Ok(None),
        Json::String(s) => Ok(Some(s)),
        _ => Err(wrong_type(name, "a string")),
    }
}

fn optional_bool(name: &str, value: Json) -> Result<Option<bool>, String> {
    match value {
        Json::Null => Ok(None),
        Json::Bool(b) => Ok(Some(b)),
        _ => Err(wrong_type(name, "true or false")),
    }
}

/// The fields of a JSON object, in the order written.
pub type Fields = Vec<(String, Json)>;

/// What a plan file holds besides the answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanPart {
    pub name: String,
    pub done: Done,
    /// The day it was saved, as written (`YYYY-MM-DD`), if given.
    pub date: Option<String>,
}

/// What identifies a plan file.
pub const PLAN_FORMAT: &str = "bts-advisor-plan/1";

/// A plan file: the plan's name, the day it was saved, the steps done and the answers, the
/// latter exactly the CLI's profile file (`answers_json`, as [`upgrade_to_json`] writes it), so
/// that `answers` can be cut out and given to `bts-advisor`.
pub fn plan_file(name: &str, date: &str, done: &Done, answers_json: &str) -> String {
    let answers = answers_json.trim_end().replace('\n', "\n  ");
    format!(
        "{{\n  \"format\": \"{PLAN_FORMAT}\",\n  \"plan\": {},\n  \"date\": {},\n  \"done\": {},\n  \"answers\": {answers}\n}}\n",
        json_string(name),
        json_string(date),
        progress::serialize(done)
    )
}

/// Reads a file the page is given: a plan file (its plan part and the answers' fields) or the
/// CLI's profile file (only the fields). The error says what is wrong, naming the field.
pub fn read_file(text: &str) -> Result<(Option<PlanPart>, Fields), String> {
    let fields = object(text)?;
    if !fields.iter().any(|(name, _)| name == "answers") {
        return Ok((None, fields));
    }
    let (mut name, mut done, mut date, mut answers) = (None, Done::default(), None, None);
    for (field, value) in fields {
        match (field.as_str(), value) {
            ("format", Json::String(f)) if f == PLAN_FORMAT => {}
            ("format", _) => return Err(format!("field `format` must be \"{PLAN_FORMAT}\"")),
            ("plan", Json::String(n)) if !clean_name(&n).is_empty() => name = Some(clean_name(&n)),
            ("plan", _) => return Err("field `plan` must be the plan's name".into()),
            ("date", Json::String(d)) if bts_rules::Date::parse(&d).is_some() => date = Some(d),
            ("date", Json::Null) => {}
            ("date", _) => return Err("field `date` must be a date such as \"2026-12-04\"".into()),
            ("done", Json::Array(items)) => {
                done = progress::done_of(items).ok_or("field `done` must be a list of step ids such as \"to-2020-back-up-databases\"")?
            }
            ("done", _) => return Err("field `done` must be a list of step ids".into()),
            ("answers", Json::Object(answers_fields)) => answers = Some(answers_fields),
            ("answers", _) => return Err("field `answers` must be an object of profile fields".into()),
            (other, _) => return Err(unknown(other)),
        }
    }
    let name = name.ok_or("field `plan` is missing: a plan file names its plan")?;
    Ok((Some(PlanPart { name, done, date }), answers.unwrap_or_default()))
}

/// The fields of the JSON object `text` holds; a field given twice is refused (as serde does).
fn object(text: &str) -> Result<Fields, String> {
    if text.trim().is_empty() {
        return Err("the file is empty; expected a JSON object such as {\"from\": \"2016\", ...}".into());
    }
    let value = json::parse(text).map_err(|e| format!("the file is not valid JSON: {e}"))?;
    let Json::Object(fields) = value else {
        return Err("the file must hold a JSON object of fields, such as {\"from\": \"2016\", ...}".into());
    };
    for (i, (name, _)) in fields.iter().enumerate() {
        if fields[..i].iter().any(|(other, _)| other == name) {
            return Err(format!("field `{name}` is given twice"));
        }
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bts_rules::{Edition, Feature, SqlEdition, SqlLevel, SqlServer, Version};
    use proptest::prelude::*;

    /// What the CLI does with a file: serde_json into the raw fields, then `from_fields`.
    fn cli_upgrade(text: &str) -> Option<UpgradeProfile> {
        serde_json::from_str::<RawUpgradeProfile>(text)
            .ok()
            .and_then(|raw| UpgradeProfile::from_fields(raw).ok())
    }

    fn cli_hotfix(text: &str) -> Option<HotfixProfile> {
        serde_json::from_str::<RawHotfixProfile>(text)
            .ok()
            .and_then(|raw| HotfixProfile::from_fields(raw).ok())
    }

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
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["from"], "2013r2");
        assert_eq!(value["features"].as_array().unwrap().len(), 2);
        assert_eq!(upgrade_from_json(&json), Ok(profile.clone()));
        assert_eq!(cli_upgrade(&json), Some(profile));
        let plain = UpgradeProfile::default();
        let json = upgrade_to_json(&plain);
        for absent in ["to_edition", "sql_target", "sql_level", "sql_edition", "unsure"] {
            assert!(!json.contains(absent), "{json}");
        }
        assert_eq!(upgrade_from_json(&json), Ok(plain));
        // Contract version 3: the service pack, the SQL Server edition and the unsure features.
        let v3 = UpgradeProfile {
            sql_level: Some(SqlLevel::Sp2),
            sql_edition: Some(SqlEdition::Enterprise),
            unsure: [Feature::BamRta, Feature::Sftp].into(),
            ..profile_v3_base()
        };
        let json = upgrade_to_json(&v3);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!((&value["sql_level"], &value["sql_edition"]), (&serde_json::json!("sp2"), &serde_json::json!("enterprise")));
        assert_eq!(value["unsure"], serde_json::json!(["bam-rta", "sftp"]));
        assert_eq!(upgrade_from_json(&json), Ok(v3.clone()));
        assert_eq!(cli_upgrade(&json), Some(v3));
    }

    fn profile_v3_base() -> UpgradeProfile {
        UpgradeProfile { features: [Feature::Bam].into(), ..UpgradeProfile::default() }
    }

    #[test]
    fn hotfix_profiles_round_trip_in_the_cli_format() {
        let profile = HotfixProfile { servers: 4, iis_adapters: true, ..HotfixProfile::default() };
        let json = hotfix_to_json(&profile);
        assert!(!json.contains("version") && !json.contains("features"), "a version-2 profile writes the version-2 file: {json}");
        assert_eq!(hotfix_from_json(&json), Ok(profile));
        assert_eq!(cli_hotfix(&json), Some(profile));
    }

    #[test]
    fn update_plans_round_trip_in_the_cli_format() {
        let profile = HotfixProfile {
            version: Some(Version::Bts2016),
            installed: Some("cu5"),
            target: Some("cu9"),
            feature_pack: Some("fp3"),
            features: [Feature::Sftp, Feature::DevTools].into(),
            ..HotfixProfile::default()
        };
        let json = hotfix_to_json(&profile);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            (&value["version"], &value["installed"], &value["target"], &value["feature_pack"]),
            (&"2016".into(), &"cu5".into(), &"cu9".into(), &"fp3".into())
        );
        assert_eq!(value["features"], serde_json::json!(["sftp", "dev-tools"]));
        assert_eq!(hotfix_from_json(&json), Ok(profile));
        assert_eq!(cli_hotfix(&json), Some(profile));
        // Without an installed update or a target: the newest, as the command line reads it.
        let plain = HotfixProfile { version: Some(Version::Bts2020), ..HotfixProfile::default() };
        assert_eq!(hotfix_from_json(&hotfix_to_json(&plain)), Ok(plain));
    }

    #[test]
    fn a_bad_file_is_refused_naming_the_field() {
        let base = r#""from": "2016", "to": "2020", "edition": "standard", "os": "windows-server-2016", "sql": "sql-server-2016""#;
        for (text, field) in [
            (format!("{{{base}, \"os\": 3}}"), "os"),
            (format!("{{{base}, \"colour\": \"red\"}}"), "colour"),
            (format!("{{{base}, \"features\": [\"bam\", \"nope\"]}}"), "features"),
            (format!("{{{base}, \"features\": \"bam\"}}"), "features"),
            (format!("{{{base}, \"features\": [1]}}"), "features"),
            (format!("{{{base}, \"sql_target\": \"sql-server-2012\"}}"), "sql_target"),
            (format!("{{{base}, \"sql_level\": \"sp4\"}}"), "sql_level"),
            (format!("{{{base}, \"sql_level\": 3}}"), "sql_level"),
            (format!("{{{base}, \"sql_edition\": \"platinum\"}}"), "sql_edition"),
            (format!("{{{base}, \"features\": [\"bam\"], \"unsure\": [\"bam\"]}}"), "unsure"),
            (format!("{{{base}, \"unsure\": \"bam\"}}"), "unsure"),
            (r#"{"from": "2016"}"#.to_string(), "to"),
        ] {
            let error = upgrade_from_json(&text).unwrap_err();
            assert!(error.contains(&format!("`{field}`")), "{text}: {error}");
            assert_eq!(cli_upgrade(&text), None, "the CLI refuses {text} too");
        }
        assert!(upgrade_from_json("").unwrap_err().contains("empty"));
        assert!(
            upgrade_from_json("[1]")
                .unwrap_err()
                .contains("JSON object")
        );
        assert!(
            upgrade_from_json("{")
                .unwrap_err()
                .contains("not valid JSON")
        );
        assert!(
            upgrade_from_json(r#"{"from": "2016", "from": "2013"}"#)
                .unwrap_err()
                .contains("`from` is given twice")
        );
        assert!(
            hotfix_from_json(r#"{"servers": 0}"#)
                .unwrap_err()
                .contains("`servers`")
        );
        assert!(
            hotfix_from_json(r#"{"servers": "two"}"#)
                .unwrap_err()
                .contains("`servers`")
        );
        assert!(
            hotfix_from_json(r#"{"servers": 1.5}"#)
                .unwrap_err()
                .contains("`servers`")
        );
    }

    #[test]
    fn plan_files_carry_answers_name_ticks_and_date() {
        let profile = UpgradeProfile { features: [Feature::Bam].into(), ..UpgradeProfile::default() };
        let done: Done = ["b-step", "a-step"].into_iter().collect();
        let file = plan_file("PROD \"west\"", "2026-12-04", &done, &upgrade_to_json(&profile));
        let value: serde_json::Value = serde_json::from_str(&file).unwrap();
        assert_eq!(value["plan"], "PROD \"west\"");
        assert_eq!(value["done"], serde_json::json!(["a-step", "b-step"]));
        // The answers are the CLI's profile file as they stand.
        assert_eq!(cli_upgrade(&value["answers"].to_string()), Some(profile.clone()));
        let (plan, fields) = read_file(&file).unwrap();
        assert_eq!(plan, Some(PlanPart { name: "PROD \"west\"".into(), done, date: Some("2026-12-04".into()) }));
        assert_eq!(upgrade_from_fields(fields), Ok(profile.clone()));
        // An answers file still loads, without a plan.
        let (plan, fields) = read_file(&upgrade_to_json(&profile)).unwrap();
        assert_eq!((plan, upgrade_from_fields(fields)), (None, Ok(profile)));
        for (bad, field) in [
            (r#"{"plan": "A", "answers": {}, "done": ["Not An Id"]}"#, "done"),
            (r#"{"plan": "", "answers": {}}"#, "plan"),
            (r#"{"answers": {}}"#, "plan"),
            (r#"{"plan": "A", "answers": [], "done": []}"#, "answers"),
            (r#"{"plan": "A", "answers": {}, "date": "04/12/2026"}"#, "date"),
            (r#"{"plan": "A", "answers": {}, "colour": 1}"#, "colour"),
            (r#"{"plan": "A", "answers": {}, "format": "other/9"}"#, "format"),
        ] {
            assert!(read_file(bad).unwrap_err().contains(&format!("`{field}`")), "{bad}");
        }
    }

    #[test]
    fn json_is_read_as_serde_json_reads_it() {
        let full = r#"{"from":"2013r2","to":"2020","edition":"enterprise","to_edition":null,"os":"windows-server-2012-r2",
                       "sql":"sql-server-2014","sql_target":null,"features":["b\u0061m","sftp"]}"#;
        assert_eq!(upgrade_from_json(full).ok(), cli_upgrade(full));
        assert!(cli_upgrade(full).is_some());
        for bad in
            ["{\"from\": \"2016\" \"to\": 1}", "{\"a\":01}", "{\"a\":\"\\x\"}", "{\"a\":\"\\ud800\"}", "{} x", "{\"a\":-}", "{\"a\":[1,]}"]
        {
            assert!(object(bad).is_err(), "{bad}");
            assert!(serde_json::from_str::<serde_json::Value>(bad).is_err(), "serde_json accepts {bad}");
        }
        let deep = "[".repeat(1000);
        assert!(object(&deep).is_err());
    }

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::{Value, json};
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-3i64..2000).prop_map(|n| json!(n)),
            Just(json!(1.5)),
            prop::sample::select(vec![
                "2013r2",
                "2016",
                "2020",
                "standard",
                "enterprise",
                "branch",
                "windows-server-2016",
                "windows-server-2012-r2",
                "sql-server-2016",
                "sql-server-2019",
                "sql-server-2014",
                "bam",
                "sftp",
                "sp1",
                "sp3",
                "rtm",
                "x86",
                "x64",
                "x86-and-x64",
                "x86-only",
                "nonsense",
                "cu3",
                "cu6",
                "rtm",
                "fp3",
                "cu8-fp3",
                "",
            ])
            .prop_map(|s| json!(s)),
        ];
        leaf.prop_recursive(2, 8, 4, |inner| prop::collection::vec(inner, 0..4).prop_map(serde_json::Value::Array))
    }

    proptest! {
        #[test]
        fn upgrade_files_are_read_as_the_cli_reads_them(
            fields in prop::collection::btree_map(
                prop::sample::select(vec![
                    "from", "to", "edition", "to_edition", "os", "sql", "sql_target", "sql_level", "sql_edition", "features", "unsure",
                    "colour"
                ]),
                json_value(),
                0..12,
            )
        ) {
            let text = serde_json::to_string_pretty(&fields).unwrap();
            prop_assert_eq!(upgrade_from_json(&text).ok(), cli_upgrade(&text), "{}", text);
        }

        #[test]
        fn hotfix_files_are_read_as_the_cli_reads_them(
            fields in prop::collection::btree_map(
                prop::sample::select(vec![
                    "servers", "sql_script", "downloads", "arch", "iis_adapters", "isolated_host_heavy", "x",
                    "version", "installed", "target", "feature_pack", "features",
                ]),
                json_value(),
                0..12,
            )
        ) {
            let text = serde_json::to_string(&fields).unwrap();
            prop_assert_eq!(hotfix_from_json(&text).ok(), cli_hotfix(&text), "{}", text);
        }

        #[test]
        fn garbage_never_panics(text in any::<String>()) {
            let _ = upgrade_from_json(&text);
            let _ = hotfix_from_json(&text);
            let _ = read_file(&text);
        }
    }
}
