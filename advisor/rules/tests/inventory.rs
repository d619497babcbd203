//! The collector's fixtures (collector/fixtures, with what each should give in its README) read
//! into profiles, evidence and unknowns (issue 17, contract "Inventory").

use bts_rules::*;
use serde_json::{Value, json};

fn load(names: &[&str]) -> Result<InventoryReading, InventoryError> {
    let files: Vec<InventoryFile> = names
        .iter()
        .map(|name| {
            let path = format!("{}/../../collector/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            InventoryFile { file: name.to_string(), inventory: serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}")) }
        })
        .collect();
    read_inventories(&files)
}

fn read(names: &[&str]) -> Value {
    serde_json::to_value(load(names).unwrap()).unwrap()
}

/// The features no inventory can decide (the README's U).
const U: [&str; 10] = [
    "sql-upgrade",
    "bam-large-db",
    "bam-tpe",
    "bam-livedata",
    "bam-scheduled-dts",
    "swift",
    "custom-bindings",
    "custom-config",
    "bre-custom-exe",
    "older-vs-or-net45",
];

fn unsure_with(extra: &[&str]) -> Vec<String> {
    let order: Vec<&str> = Feature::ALL.iter().map(|f| f.id()).collect();
    let mut all: Vec<&str> = U.iter().chain(extra).copied().collect();
    all.sort_by_key(|f| order.iter().position(|o| o == f));
    all.into_iter().map(String::from).collect()
}

/// Every value of both profiles has evidence, and every unsure feature an unknown entry.
fn check_evidence(reading: &Value) {
    let evidence = reading["evidence"].as_array().unwrap();
    let has = |field: &str, value: &str| {
        evidence.iter().any(|e| e["field"] == field && e["value"] == value && e["from"].as_str().is_some_and(|f| !f.is_empty()))
    };
    for profile in ["upgrade_profile", "hotfix_profile"] {
        for (field, value) in reading[profile].as_object().unwrap() {
            match (field.as_str(), value) {
                ("unsure", list) => {
                    for f in list.as_array().unwrap() {
                        let key = format!("features.{}", f.as_str().unwrap());
                        assert!(
                            reading["unknown"].as_array().unwrap().iter().any(|u| u["field"] == key.as_str()),
                            "no unknown entry for {key}"
                        );
                    }
                }
                ("features", list) => {
                    for f in list.as_array().unwrap() {
                        assert!(has("features", f.as_str().unwrap()), "{profile} feature {f} has no evidence");
                    }
                }
                (_, Value::String(s)) => assert!(has(field, s), "{profile}.{field} = {s} has no evidence"),
                (_, Value::Number(n)) => assert!(has(field, &n.to_string()), "{profile}.{field} = {n} has no evidence"),
                (_, other) => panic!("unexpected {field}: {other}"),
            }
        }
    }
}

#[test]
fn a_single_2016_server() {
    let r = read(&["single-2016.json"]);
    check_evidence(&r);
    assert_eq!(
        r["upgrade_profile"],
        json!({"from": "2016", "edition": "enterprise", "os": "windows-server-2016", "sql": "sql-server-2016",
               "sql_level": "sp2", "sql_edition": "enterprise", "features": ["x64", "bam", "bam-portal", "sftp"],
               "unsure": unsure_with(&[])})
    );
    assert_eq!(r["hotfix_profile"], json!({"version": "2016", "installed": "cu7", "servers": 1, "arch": "x64", "features": ["sftp"]}));
    assert_eq!(r["servers"], json!([{"name": "BTS01", "os": "windows-server-2016", "update": "cu7"}]));
}

#[test]
fn a_two_server_group_with_a_standalone_secret_server_and_a_remote_mqsagent() {
    let r = read(&["group-2016-bts01.json", "group-2016-bts02.json"]);
    check_evidence(&r);
    let up = &r["upgrade_profile"];
    assert_eq!(
        (&up["sql"], &up["sql_level"], &up["sql_edition"]),
        (&json!("sql-server-2016"), &json!("sp2"), &json!("enterprise")),
        "SQL02 is the oldest"
    );
    assert_eq!(
        up["features"],
        json!([
            "multi-server",
            "sso-standalone",
            "x64",
            "bam",
            "bam-alerts",
            "bam-rta",
            "bam-portal",
            "edi",
            "sql-adapter",
            "mqseries-remote-agent"
        ])
    );
    assert_eq!(up["unsure"], json!(unsure_with(&[])));
    assert_eq!(
        r["hotfix_profile"],
        json!({"version": "2016", "installed": "cu9", "servers": 2, "arch": "x64", "features": ["mqseries-remote-agent"]})
    );
    let mq = r["evidence"].as_array().unwrap().iter().find(|e| e["value"] == "mqseries-remote-agent").unwrap();
    assert!(mq["from"].as_str().unwrap().contains("MQHOST01"), "{mq}");
    let sql = r["evidence"].as_array().unwrap().iter().find(|e| e["field"] == "sql").unwrap();
    assert!(sql["from"].as_str().unwrap().contains("SQL02"), "{sql}");
    assert_eq!(r["servers"].as_array().unwrap().len(), 2);
}

#[test]
fn the_worst_server_of_a_mixed_group_decides_and_is_named() {
    let r = read(&["mixed-2016-bts21-cu-behind.json", "mixed-2016-bts22-windows-2012r2.json"]);
    check_evidence(&r);
    let up = &r["upgrade_profile"];
    assert_eq!(up["os"], "windows-server-2012-r2");
    assert_eq!((&up["sql"], &up["sql_level"], &up["sql_edition"]), (&json!("sql-server-2014"), &json!("sp3"), &json!("standard")));
    assert_eq!(up["features"], json!(["multi-server", "x64", "msmq"]));
    assert_eq!(up["unsure"], json!(unsure_with(&["bam-portal", "rest-api"])));
    assert_eq!(r["hotfix_profile"]["installed"], "cu8");
    assert_eq!(r["hotfix_profile"]["servers"], 2);
    let os = r["evidence"].as_array().unwrap().iter().find(|e| e["field"] == "os").unwrap();
    assert_eq!(os["server"], "BTS22");
    let installed = r["evidence"].as_array().unwrap().iter().find(|e| e["field"] == "installed").unwrap();
    assert_eq!(installed["server"], "BTS21");
    let lag = r["unknown"].as_array().unwrap().iter().find(|u| u["field"] == "installed").expect("the lagging server is named");
    let why = lag["why"].as_str().unwrap();
    assert!(why.contains("BTS21") && why.contains("cu8") && why.contains("BTS22") && why.contains("cu9"), "{why}");
    let iis = r["unknown"].as_array().unwrap().iter().find(|u| u["field"] == "features.bam-portal").unwrap();
    assert!(iis["why"].as_str().unwrap().contains("BTS22") && iis["why"].as_str().unwrap().contains("denied"), "{iis}");
    assert_eq!(
        r["servers"],
        json!([{"name": "BTS21", "os": "windows-server-2016", "update": "cu8"}, {"name": "BTS22", "os": "windows-server-2012-r2", "update": "cu9"}])
    );
}

#[test]
fn a_2020_developer_box_on_windows_11() {
    let r = read(&["developer-2020-win11.json"]);
    check_evidence(&r);
    assert_eq!(
        r["upgrade_profile"],
        json!({"from": "2020", "edition": "developer", "os": "windows-11", "sql": "sql-server-2022", "sql_edition": "developer",
               "features": ["x64", "rest-api", "dev-tools"], "unsure": unsure_with(&[])})
    );
    assert_eq!(r["hotfix_profile"], json!({"version": "2020", "installed": "cu6", "servers": 1, "arch": "x64", "features": ["dev-tools"]}));
}

#[test]
fn a_2016_feature_pack_build_stays_2016() {
    let r = read(&["feature-pack-2016.json"]);
    check_evidence(&r);
    let up = &r["upgrade_profile"];
    assert_eq!(up["from"], "2016");
    assert_eq!((&up["sql"], &up["sql_level"]), (&json!("sql-server-2016"), &json!("sp3")));
    assert_eq!(up["features"], json!(["x64", "bam", "bam-portal", "o365-adapters", "rest-api"]));
    assert_eq!(
        r["hotfix_profile"],
        json!({"version": "2016", "installed": "cu7", "feature_pack": "fp3", "servers": 1, "arch": "x64", "features": []})
    );
}

#[test]
fn sections_that_could_not_be_read_become_unknowns_with_the_reason() {
    let r = read(&["no-wmi-rights-2016.json"]);
    check_evidence(&r);
    let up = &r["upgrade_profile"];
    assert_eq!((&up["sql"], &up["sql_level"]), (&json!("sql-server-2016"), &json!("sp2")));
    assert_eq!(up["features"], json!(["x64", "bam-portal"]));
    let group_decided = [
        "multi-server",
        "cluster",
        "sso-standalone",
        "bam",
        "bam-alerts",
        "bam-rta",
        "edi",
        "sql-adapter",
        "tibco-ems",
        "sftp",
        "mqseries-remote-agent",
        "msmq",
        "sharepoint",
        "soap",
        "o365-adapters",
        "hl7",
    ];
    assert_eq!(up["unsure"], json!(unsure_with(&group_decided)));
    assert!(r["hotfix_profile"].get("servers").is_none());
    let servers = r["unknown"].as_array().unwrap().iter().find(|u| u["field"] == "servers").unwrap();
    assert!(servers["why"].as_str().unwrap().contains("Access denied"), "{servers}");

    let r = read(&["sql-refused-2016.json"]);
    check_evidence(&r);
    let up = &r["upgrade_profile"];
    assert!(up.get("sql").is_none() && up.get("sql_level").is_none());
    assert_eq!(up["features"], json!(["x64", "bam", "bam-portal", "soap"]));
    assert_eq!(up["unsure"], json!(unsure_with(&["bam-alerts", "bam-rta"])));
    let sql = r["unknown"].as_array().unwrap().iter().find(|u| u["field"] == "sql").unwrap();
    assert!(sql["why"].as_str().unwrap().contains("Login failed"), "{sql}");
    assert_eq!(r["hotfix_profile"]["installed"], "cu9");
}

#[test]
fn a_server_of_the_group_without_its_own_inventory_is_listed_and_unknown() {
    let r = read(&["group-2016-bts01.json"]);
    assert_eq!(r["servers"][1], json!({"name": "BTS02", "os": null, "update": null}));
    assert!(r["unknown"].as_array().unwrap().iter().any(|u| u["field"] == "servers.BTS02"));
    assert_eq!(r["hotfix_profile"]["servers"], 2);
}

#[test]
fn another_tools_file_and_mixed_versions_are_refused_naming_the_files() {
    let error = load(&["not-an-inventory.json"]).unwrap_err().to_string();
    assert!(error.contains("not-an-inventory.json") && error.contains("bts-healthcheck/1"), "{error}");
    let error = load(&["single-2016.json", "developer-2020-win11.json"]).unwrap_err().to_string();
    assert!(error.contains("single-2016.json") && error.contains("developer-2020-win11.json"), "{error}");
    assert!(error.contains("BizTalk Server 2016") && error.contains("BizTalk Server 2020"), "{error}");
}

/// The upgrade profile read from an inventory, with a target added, is one the advisor answers.
#[test]
fn the_profiles_read_are_accepted_by_the_advisor() {
    let ids = |features: &[Feature]| Some(features.iter().map(|f| f.id().to_string()).collect());
    for names in [
        &["single-2016.json"][..],
        &["group-2016-bts01.json", "group-2016-bts02.json"],
        &["mixed-2016-bts21-cu-behind.json", "mixed-2016-bts22-windows-2012r2.json"],
        &["feature-pack-2016.json"],
    ] {
        let r = load(names).unwrap();
        let up = &r.upgrade_profile;
        let raw = RawUpgradeProfile {
            from: up.from.map(|v| v.id().to_string()),
            to: Some("2020".into()),
            edition: up.edition.map(|v| v.id().to_string()),
            os: up.os.map(|v| v.id().to_string()),
            sql: up.sql.map(|v| v.id().to_string()),
            sql_level: up.sql_level.map(|v| v.id().to_string()),
            sql_edition: up.sql_edition.map(|v| v.id().to_string()),
            features: ids(&up.features),
            unsure: ids(&up.unsure),
            ..RawUpgradeProfile::default()
        };
        if let Err(problems) = UpgradeProfile::from_fields(raw) {
            panic!("{names:?}: {problems:?}");
        }
    }
}

/// An installed update is recognised by its KB number where its name has no update number, and
/// only an update the catalogue has counts.
#[test]
fn installed_updates_are_recognised_by_kb_or_number_against_the_catalogue() {
    let with_updates = |updates: &[&str]| {
        let path = format!("{}/../../collector/fixtures/single-2016.json", env!("CARGO_MANIFEST_DIR"));
        let mut inventory: Inventory = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        inventory.biztalk.as_mut().unwrap().installed_updates = Some(updates.iter().map(|u| u.to_string()).collect());
        let reading = read_inventories(&[InventoryFile { file: "BTS01.json".into(), inventory }]).unwrap();
        (reading.hotfix_profile.installed, reading.hotfix_profile.feature_pack)
    };
    assert_eq!(with_updates(&["Update for Microsoft BizTalk Server 2016 (KB4528776)"]), (Some("cu7".into()), None));
    assert_eq!(with_updates(&["Microsoft BizTalk Server 2016 Feature Update [KB4536185]"]), (Some("cu7".into()), Some("fp3".into())));
    assert_eq!(with_updates(&[]), (Some("rtm".into()), None));
    assert_eq!(with_updates(&["Microsoft BizTalk Server 2016 CU42"]), (None, None), "no such update in the catalogue");
    assert_eq!(
        with_updates(&["Microsoft BizTalk Server 2016 CU2", "Microsoft BizTalk Server 2016 CU9 [KB5005479]"]),
        (Some("cu9".into()), None)
    );
}
