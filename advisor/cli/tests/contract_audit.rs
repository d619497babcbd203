//! Places where the binary differed from contract version 3, found by reading the contract
//! sentence by sentence against the binary's answers; each test failed before its fix.

mod common;

use std::process::Output;

use common::run;

use serde_json::{Value, json};

fn json_of(out: &Output) -> Value {
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("the answer is JSON")
}

fn upgrade(profile: &Value) -> Value {
    json_of(&run(&["upgrade", "--profile", "-", "--today", "2026-12-03"], &profile.to_string()))
}

/// "Where no in-place SQL Server path reaches an accepted version, the remedy says what the
/// guides say: the BizTalk environment is recreated on a supported SQL Server version, and it
/// names them." From BizTalk Server 2013 no SQL Server row says yes for the hop to 2016, so the
/// versions to name are those of the new environment: the target's SQL Server versions.
#[test]
fn a_remedy_that_says_recreate_the_environment_names_the_sql_server_versions_to_build_on() {
    for (to, expected) in [("2016", "SQL Server 2016"), ("2020", "SQL Server 2019")] {
        let profile = json!({"from": "2013", "to": to, "edition": "enterprise", "os": "windows-server-2012", "sql": "sql-server-2012"});
        let report = upgrade(&profile);
        assert_eq!(report["verdict"], "blocked");
        let remedies: Vec<&str> = report["route"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|hop| hop["checks"].as_array().unwrap())
            .filter(|check| check["area"] == "sql")
            .filter_map(|check| check["remedy"].as_str())
            .collect();
        assert!(!remedies.is_empty(), "{report}");
        for remedy in remedies {
            assert!(!remedy.contains("()"), "to {to}: a remedy names no version: {remedy}");
            if remedy.contains("recreate") {
                assert!(remedy.contains(expected), "to {to}: the remedy should name {expected}: {remedy}");
            }
        }
    }
}

/// `which`: a build is a number, so 03.12.859.2 is the build 3.12.859.2 (cumulative update 7 for
/// 2016), not an unknown build whose nearest older update is CU6.
#[test]
fn which_compares_builds_as_numbers() {
    let answer = json_of(&run(&["which", "03.12.859.2"], ""));
    assert_eq!(answer["version"], "2016");
    assert_eq!(answer["exact"], true, "{answer}");
    assert_eq!(answer["update"], "cu7", "{answer}");
    assert_eq!(answer["nearest"], "cu7", "{answer}");
}

/// "For an unknown value, the values it accepts", and "where a profile has several problems, the
/// message names each of them": `from` 2020 is no starting version, and was reported alone and
/// without the accepted values.
#[test]
fn from_2020_is_refused_with_the_accepted_values_and_alongside_the_other_problems() {
    let profile = json!({"from": "2020", "to": "2020", "edition": "std", "os": "windows-server-2016", "sql": "sql-server-2016"});
    let out = run(&["upgrade", "--profile", "-"], &profile.to_string());
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[0].contains("`from`") && lines[0].contains("2013, 2013r2, 2016"), "{stderr}");
    assert!(lines[1].contains("`edition`") && lines[1].contains("enterprise"), "{stderr}");
}

/// The update planner's problems between fields (a Feature Pack on another version than 2016, a
/// `target` older than `installed`) were only named when every other field was right; the
/// contract asks for every problem of a profile, one line each.
#[test]
fn hotfix_problems_between_fields_are_named_with_the_others() {
    let profile = json!({"servers": 0, "sql_script": true, "downloads": "x86-and-x64", "arch": "x64", "iis_adapters": true,
        "isolated_host_heavy": false, "version": "2020", "installed": "cu6", "target": "cu3", "feature_pack": "fp1"});
    let out = run(&["hotfix", "--profile", "-"], &profile.to_string());
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    for field in ["`servers`", "`target`", "`feature_pack`"] {
        assert_eq!(stderr.lines().filter(|l| l.contains(&format!("field {field}"))).count(), 1, "{field} once: {stderr}");
    }
    assert_eq!(stderr.lines().count(), 3, "{stderr}");
}

/// The upgrade profile's problems between fields (`to` equal to `from`, `sql_target` older than
/// `sql`, a service pack that SQL Server never had, a feature both ticked and unsure) were only
/// named when every field had a known value; the contract asks for every problem, one line each.
#[test]
fn upgrade_problems_between_fields_are_named_with_the_others() {
    let profile = json!({"from": "2016", "to": "2016", "edition": "std", "os": "windows-server-2016", "sql": "sql-server-2016",
        "sql_target": "sql-server-2014", "sql_level": "sp4", "features": ["bam"], "unsure": ["bam"]});
    let out = run(&["upgrade", "--profile", "-"], &profile.to_string());
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    for field in ["`to`", "`edition`", "`sql_target`", "`sql_level`", "`unsure`"] {
        assert_eq!(stderr.lines().filter(|l| l.contains(&format!("field {field}"))).count(), 1, "{field} once: {stderr}");
    }
    assert_eq!(stderr.lines().count(), 5, "{stderr}");
}

/// A bad `--today` and a bad profile: both are named (the date was only checked once the
/// profile was right, so a script saw one problem per run).
#[test]
fn a_bad_today_is_named_with_the_profiles_problems() {
    let profile = json!({"from": "2016", "to": "2020", "edition": "std", "os": "windows-server-2016", "sql": "sql-server-2016"});
    let out = run(&["upgrade", "--profile", "-", "--today", "2026-02-30"], &profile.to_string());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert!(stderr.contains("field `edition`") && stderr.contains("`--today`"), "{stderr}");
}

/// `inventory`: `sso-standalone` is "`sso_server` is none of `servers`", and
/// `mqseries-remote-agent` an `MQS://` host that is not one of `servers`. The group lists its
/// servers by computer name; the SSO setting or an address may give the same computer by its
/// full DNS name, which is still one of the servers.
#[test]
fn a_group_server_named_by_its_full_dns_name_is_still_one_of_the_servers() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../collector/fixtures/single-2016.json");
    let mut inventory: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(inventory["group"]["servers"], json!(["BTS01"]));
    inventory["group"]["sso_server"] = json!("bts01.contoso.local");
    inventory["group"]["adapters"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "MQSeries", "clsid": "{B0942470-A5A1-45AF-8D01-27481B306441}",
        "receive_locations": 1, "send_ports": 0, "addresses": ["MQS://BTS01.contoso.local/QM_PROD/ORDERS.IN"], "binding_types": []}));
    let answer = json_of(&run(&["inventory", "-"], &inventory.to_string()));
    let features = answer["upgrade_profile"]["features"].as_array().unwrap();
    assert!(!features.contains(&json!("sso-standalone")), "{answer}");
    assert!(!features.contains(&json!("mqseries-remote-agent")), "{answer}");

    // Another computer stays another computer.
    inventory["group"]["sso_server"] = json!("sso01.contoso.local");
    let answer = json_of(&run(&["inventory", "-"], &inventory.to_string()));
    assert!(answer["upgrade_profile"]["features"].as_array().unwrap().contains(&json!("sso-standalone")), "{answer}");
}

/// A `feature_pack` without `version` is named with the other problems too.
#[test]
fn a_feature_pack_without_a_version_is_named_with_the_other_problems() {
    let profile = json!({"servers": 0, "sql_script": true, "downloads": "x86-and-x64", "arch": "x64", "iis_adapters": true,
        "isolated_host_heavy": false, "feature_pack": "fp3"});
    let out = run(&["hotfix", "--profile", "-"], &profile.to_string());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert!(stderr.contains("field `servers`") && stderr.contains("field `version`"), "{stderr}");
}

/// `installed` and `target` take "an id from the catalogue of that version", and the catalogue
/// of 2016 has the combined packages (`updates 2016` even names `cu9-fp3` as its
/// `latest_feature_pack`). Such an id was refused; it now stands for its level with its Feature
/// Pack.
#[test]
fn the_planner_takes_the_catalogues_combined_package_ids() {
    let base = json!({"servers": 2, "sql_script": true, "downloads": "x86-and-x64", "arch": "x64", "iis_adapters": false,
        "isolated_host_heavy": false, "version": "2016"});
    let planner = |changes: Value| {
        let mut profile = base.clone();
        for (k, v) in changes.as_object().unwrap() {
            profile[k] = v.clone();
        }
        run(&["hotfix", "--profile", "-"], &profile.to_string())
    };
    let latest = json_of(&run(&["updates", "2016"], ""))["versions"][0]["latest_feature_pack"].as_str().unwrap().to_string();
    let report = json_of(&planner(json!({"installed": "cu8-fp3", "target": latest})));
    assert_eq!(report["update"]["feature_pack"], "fp3", "{report}");
    assert_eq!(report["update"]["id"], "cu9", "{report}");
    assert_eq!(report["includes"].as_array().unwrap().len(), 1, "{report}");

    // The same answer as naming the level and the Feature Pack apart.
    let apart = json_of(&planner(json!({"installed": "cu8", "feature_pack": "fp3"})));
    assert_eq!(report["update"], apart["update"]);

    // A Feature Pack that contradicts the package is refused, naming both fields.
    let out = planner(json!({"installed": "cu8-fp3", "feature_pack": "fp2"}));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("field `feature_pack`") && stderr.contains("`installed`"), "{stderr}");
}
