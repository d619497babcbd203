//! Contract version 3, upgrade side, through the real binary: the SQL Server level and edition,
//! unsure features, `--today`, the lifecycle and every attention item, each shown exactly when
//! its condition holds.

mod common;

use common::run;

use serde_json::{Value, json};

/// The report for `profile` (a JSON object) judged on `today`.
fn report_on(profile: &Value, today: &str) -> Value {
    let out = run(&["upgrade", "--profile", "-", "--today", today], &profile.to_string());
    assert_eq!(out.status.code(), Some(0), "{profile}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("the report is JSON")
}

/// The day contract version 3 was written: BizTalk Server 2016 had 39 days of support left.
const DAY: &str = "2026-12-03";

fn report(profile: &Value) -> Value {
    report_on(profile, DAY)
}

/// 2016 Standard on Windows Server 2016 and SQL Server 2016 SP3, to 2020: nothing to point out.
fn plain() -> Value {
    json!({"from": "2016", "to": "2020", "edition": "standard", "os": "windows-server-2016", "sql": "sql-server-2016", "sql_level": "sp3"})
}

fn with(mut profile: Value, changes: Value) -> Value {
    for (k, v) in changes.as_object().unwrap() {
        profile[k] = v.clone();
    }
    profile
}

fn attention_ids(report: &Value) -> Vec<String> {
    report["attention"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_string()).collect()
}

fn item<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["attention"].as_array().unwrap().iter().find(|a| a["id"] == id).unwrap_or_else(|| panic!("no {id}: {report}"))
}

fn has(report: &Value, id: &str) -> bool {
    attention_ids(report).iter().any(|i| i == id)
}

#[test]
fn a_plain_profile_has_nothing_to_point_out_and_every_item_has_a_title_detail_and_source() {
    let r = report(&plain());
    assert_eq!(r["verdict"], "supported");
    assert_eq!(r["attention"], json!([]));
    // Every item of a profile that raises all six.
    let all = json!({"from": "2016", "to": "2020", "edition": "developer", "os": "windows-server-2019", "sql": "sql-server-2014",
                     "features": ["bam-rta", "sql-adapter", "sql-upgrade"]});
    let r = report(&all);
    let ids = attention_ids(&r);
    for id in ["start-unsupported", "sql-edition-rta", "sql-adapter-removed", "edition-change"] {
        assert!(ids.contains(&id.to_string()), "{id} in {ids:?}");
    }
    assert_eq!(ids[0], "start-unsupported", "the starting environment is said first");
    for a in r["attention"].as_array().unwrap() {
        for field in ["title", "detail", "source"] {
            assert!(a[field].as_str().is_some_and(|s| !s.is_empty()), "{a}");
        }
        assert!(a["source"].as_str().unwrap().contains(".html#"), "{a}");
    }
}

#[test]
fn sql_service_pack_appears_when_the_level_a_hop_needs_is_unknown() {
    let on_2016 = with(plain(), json!({"sql_level": null}));
    let r = report(&on_2016);
    assert!(has(&r, "sql-service-pack"), "{r}");
    let sp = item(&r, "sql-service-pack");
    assert!(sp["title"].as_str().unwrap().contains("Service Pack 3"), "{sp}");
    assert!(sp["detail"].as_str().unwrap().contains("SERVERPROPERTY('ProductLevel')"), "{sp}");
    assert_eq!(r["verdict"], "supported", "an unknown level follows the version");

    // Known and enough: no item, and the check says so.
    let r = report(&with(on_2016.clone(), json!({"sql_level": "sp3"})));
    assert!(!has(&r, "sql-service-pack"));
    assert_eq!(r["verdict"], "supported");

    // Known and below: the check fails and applying the service pack is the prerequisite.
    let r = report(&with(on_2016, json!({"sql_level": "sp2"})));
    assert!(!has(&r, "sql-service-pack"));
    assert_eq!(r["verdict"], "prerequisites");
    let sql = &r["route"][0]["checks"][1];
    assert_eq!(sql["status"], "no");
    assert!(sql["remedy"].as_str().unwrap().contains("Service Pack 3"), "{sql}");
    let p = &r["prerequisites"][0];
    assert_eq!((p["from"].clone(), p["to"].clone()), (json!("sql-server-2016"), json!(["sql-server-2016"])));
    assert!(p["title"].as_str().unwrap().contains("Service Pack 3"), "{p}");

    // The upgrade to 2016 accepts SQL Server 2014 from SP1.
    let r2 = json!({"from": "2013r2", "to": "2016", "edition": "standard", "os": "windows-server-2012-r2", "sql": "sql-server-2014"});
    assert!(item(&report(&r2), "sql-service-pack")["title"].as_str().unwrap().contains("Service Pack 1"));
    assert!(!has(&report(&with(r2.clone(), json!({"sql_level": "sp1"}))), "sql-service-pack"));
    assert_eq!(report(&with(r2, json!({"sql_level": "rtm"})))["verdict"], "prerequisites");

    // SQL Server 2017 has no minimum service pack.
    assert!(!has(&report(&with(plain(), json!({"sql": "sql-server-2017", "sql_level": null}))), "sql-service-pack"));
}

#[test]
fn a_prerequisite_that_moves_to_sql_server_2016_names_sp3_and_never_sql_server_2022() {
    let r = report(&with(plain(), json!({"sql": "sql-server-2014"})));
    assert_eq!(r["verdict"], "prerequisites");
    let p = &r["prerequisites"][0];
    assert_eq!(p["to"], json!(["sql-server-2019", "sql-server-2017", "sql-server-2016"]));
    for field in ["title", "detail"] {
        assert!(p[field].as_str().unwrap().contains("SQL Server 2016 at SP3 or later"), "{field}: {p}");
    }
    // With SQL Server 2022 planned for Setup: blocked, and the remedy says it comes after CU6.
    let r = report(&with(plain(), json!({"sql": "sql-server-2016", "sql_target": "sql-server-2022"})));
    assert_eq!(r["verdict"], "blocked");
    let remedy = r["route"][0]["checks"][1]["remedy"].as_str().unwrap();
    assert!(remedy.contains("cumulative update 6") && !remedy.contains("back up"), "{remedy}");
}

#[test]
fn no_remedy_proposes_a_backup_and_restore_onto_another_sql_server() {
    for profile in [
        json!({"from": "2013r2", "to": "2016", "edition": "standard", "os": "windows-server-2012-r2", "sql": "sql-server-2017"}),
        json!({"from": "2013", "to": "2016", "edition": "standard", "os": "windows-server-2012", "sql": "sql-server-2022"}),
        with(plain(), json!({"sql": "sql-server-2022", "sql_level": null})),
    ] {
        let r = report(&profile);
        let text = r["route"].to_string();
        assert!(!text.contains("restore") && !text.contains("new SQL Server instance"), "{profile}: {text}");
        let sql = &r["route"][0]["checks"][1];
        assert!(sql["remedy"].as_str().unwrap().contains("recreate the BizTalk environment"), "{sql}");
    }
}

#[test]
fn sql_edition_rta_appears_when_rta_meets_a_sql_server_upgrade_on_an_edition_not_known_to_be_enterprise() {
    let rta_move = with(plain(), json!({"sql": "sql-server-2014", "features": ["bam-rta"]}));
    let r = report(&rta_move);
    assert!(has(&r, "sql-edition-rta"), "the SQL Server move proposed counts as sql-upgrade");
    assert!(item(&r, "sql-edition-rta")["detail"].as_str().unwrap().contains("Edition Upgrade"));
    assert!(has(&report(&with(rta_move.clone(), json!({"sql_edition": "standard"}))), "sql-edition-rta"));
    let evaluation = report(&with(rta_move.clone(), json!({"sql_edition": "evaluation"})));
    assert!(item(&evaluation, "sql-edition-rta")["detail"].as_str().unwrap().contains("Evaluation"));
    assert!(!has(&report(&with(rta_move, json!({"sql_edition": "enterprise"}))), "sql-edition-rta"));
    // No SQL Server upgrade: nothing to say.
    assert!(!has(&report(&with(plain(), json!({"features": ["bam-rta"]}))), "sql-edition-rta"));
    // A ticked sql-upgrade counts.
    assert!(has(&report(&with(plain(), json!({"features": ["bam-rta", "sql-upgrade"]}))), "sql-edition-rta"));
    // Without real-time aggregations: nothing.
    assert!(!has(&report(&with(plain(), json!({"sql": "sql-server-2014", "features": ["bam"]}))), "sql-edition-rta"));
}

#[test]
fn sql_adapter_removed_appears_only_on_routes_to_2020() {
    assert!(has(&report(&with(plain(), json!({"features": ["sql-adapter"]}))), "sql-adapter-removed"));
    assert!(!has(&report(&plain()), "sql-adapter-removed"));
    let to_2016 = json!({"from": "2013r2", "to": "2016", "edition": "standard", "os": "windows-server-2012-r2",
                         "sql": "sql-server-2014", "sql_level": "sp1", "features": ["sql-adapter"]});
    assert!(!has(&report(&to_2016), "sql-adapter-removed"));
}

#[test]
fn edition_change_appears_when_the_route_ends_in_another_edition() {
    let developer = report(&with(plain(), json!({"edition": "developer"})));
    assert_eq!(developer["route"][0]["to_edition"], "enterprise");
    assert!(item(&developer, "edition-change")["title"].as_str().unwrap().contains("Developer to Enterprise"));
    assert!(!has(&report(&plain()), "edition-change"));
    assert!(has(&report(&with(plain(), json!({"to_edition": "enterprise"}))), "edition-change"));
    assert!(!has(&report(&with(plain(), json!({"to_edition": "standard"}))), "edition-change"));
}

#[test]
fn support_ending_appears_when_a_version_the_route_lands_on_leaves_support_within_a_year() {
    let to_2016 = json!({"from": "2013r2", "to": "2016", "edition": "standard", "os": "windows-server-2012-r2",
                         "sql": "sql-server-2014", "sql_level": "sp1"});
    let soon = report_on(&to_2016, DAY);
    let item = item(&soon, "support-ending");
    let detail = item["detail"].as_str().unwrap();
    assert!(detail.contains("2027-01-11") && detail.contains("39 days") && detail.contains("BizTalk Server 2020"), "{detail}");
    // More than a year before the end: nothing.
    assert!(!has(&report_on(&to_2016, "2025-12-01"), "support-ending"));
    // 365 days before: it counts; after the end: it still does, as ended.
    assert!(has(&report_on(&to_2016, "2026-01-11"), "support-ending"));
    let ended = report_on(&to_2016, "2027-02-01");
    assert!(ended["attention"].to_string().contains("left extended support"), "{ended}");
    // 2020 is far from its end in 2026, near it in 2029 (and nothing newer is named).
    assert!(!has(&report_on(&plain(), DAY), "support-ending"));
    let late = report_on(&plain(), "2029-06-01");
    assert!(!self::item(&late, "support-ending")["detail"].as_str().unwrap().contains("instead"));
}

#[test]
fn start_unsupported_appears_first_when_the_current_version_does_not_support_its_platform() {
    let r = report(&with(plain(), json!({"os": "windows-server-2019"})));
    assert_eq!(attention_ids(&r)[0], "start-unsupported");
    assert!(item(&r, "start-unsupported")["detail"].as_str().unwrap().contains("Windows Server 2019"));
    assert!(!has(&report(&plain()), "start-unsupported"), "2016 supports Windows Server 2016 and SQL Server 2016");
    // SQL Server 2017 is a version the 2020 guide's tip lets you reach first, but not one that
    // BizTalk Server 2016 itself supports: said, and the upgrade still passes.
    let on_2017 = report(&with(plain(), json!({"sql": "sql-server-2017", "sql_level": null})));
    assert!(has(&on_2017, "start-unsupported") && on_2017["verdict"] == "supported", "{on_2017}");
    // SQL Server 2014 is supported by 2016 from SP1: RTM is not, an unknown level is not judged.
    let on_2014 = with(plain(), json!({"sql": "sql-server-2014", "sql_level": null}));
    assert!(has(&report(&with(on_2014.clone(), json!({"sql_level": "rtm"}))), "start-unsupported"));
    assert!(!has(&report(&with(on_2014.clone(), json!({"sql_level": "sp1"}))), "start-unsupported"));
    assert!(!has(&report(&on_2014), "start-unsupported"));
    let old = json!({"from": "2013", "to": "2016", "edition": "standard", "os": "windows-server-2022", "sql": "sql-server-2022"});
    let detail = item(&report(&old), "start-unsupported")["detail"].as_str().unwrap().to_string();
    assert!(detail.contains("Windows Server 2022") && detail.contains("SQL Server 2022"), "{detail}");
}

#[test]
fn today_and_the_lifecycle_of_every_version_on_the_route() {
    let two_hops = json!({"from": "2013r2", "to": "2020", "edition": "standard", "os": "windows-server-2012-r2", "sql": "sql-server-2014"});
    let r = report(&two_hops);
    assert_eq!(r["today"], DAY);
    let versions: Vec<&str> = r["lifecycle"].as_array().unwrap().iter().map(|l| l["version"].as_str().unwrap()).collect();
    assert_eq!(versions, ["2013r2", "2016", "2020"]);
    assert_eq!(
        r["lifecycle"][1],
        json!({"version": "2016", "phase": "extended", "mainstream_end": "2022-01-11", "extended_end": "2027-01-11", "days_left": 39})
    );
    assert_eq!(r["lifecycle"][0]["phase"], "ended");
    assert!(r["lifecycle"][0]["days_left"].as_i64().unwrap() < 0);
    assert_eq!(r["lifecycle"][2]["phase"], "mainstream");

    // Without --today: today's date, UTC, as a date.
    let out = run(&["upgrade", "--profile", "-"], &plain().to_string());
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let today = r["today"].as_str().unwrap();
    assert!(today.len() == 10 && today.as_bytes()[4] == b'-' && today.as_bytes()[7] == b'-', "{today}");
}

#[test]
fn unsure_features_bring_their_steps_marked_and_never_change_the_verdict() {
    let sure = report(&plain());
    let unsure = report(&with(plain(), json!({"unsure": ["sftp", "bam-rta"]})));
    assert_eq!(unsure["verdict"], sure["verdict"]);
    let ids = |r: &Value| r["steps"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    let (before, after) = (ids(&sure), ids(&unsure));
    assert!(before.iter().all(|id| after.contains(id)), "unsure never removes a step");
    let winscp = unsure["steps"].as_array().unwrap().iter().find(|s| s["id"] == "copy-winscp").expect("the WinSCP step comes in");
    assert_eq!(winscp["unsure"], json!(["sftp"]));
    let bam = unsure["steps"].as_array().unwrap().iter().find(|s| s["id"] == "bam-stop-dts-packages").expect("a BAM step comes in");
    assert_eq!(bam["unsure"], json!(["bam-rta"]), "the unsure feature that implies BAM brought it");
    assert!(sure["steps"].as_array().unwrap().iter().all(|s| s["unsure"] == json!([])));
}

#[test]
fn new_bad_input_exits_2_naming_the_field_and_every_problem_is_named() {
    let cases = [
        (with(plain(), json!({"sql": "sql-server-2017", "sql_level": "sp1"})), "`sql_level`", "no service packs"),
        (with(plain(), json!({"sql_level": "sp4"})), "`sql_level`", "never had"),
        (with(plain(), json!({"sql": "sql-server-2012-sp1", "sql_level": "sp2"})), "`sql_level`", "sp1"),
        (with(plain(), json!({"sql_level": "sp9"})), "`sql_level`", "rtm, sp1, sp2, sp3, sp4"),
        (with(plain(), json!({"sql_edition": "datacenter"})), "`sql_edition`", "enterprise, standard"),
        (with(plain(), json!({"features": ["bam"], "unsure": ["bam"]})), "`unsure`", "both"),
        (with(plain(), json!({"unsure": ["wormhole"]})), "`unsure`", "multi-server"),
    ];
    for (profile, field, mention) in cases {
        let out = run(&["upgrade", "--profile", "-"], &profile.to_string());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{profile}: {stderr}");
        assert!(out.stdout.is_empty());
        assert!(stderr.contains(field) && stderr.contains(mention), "{profile}: {stderr}");
    }
    for bad in ["2026-13-01", "03/12/2026", "2026-02-30", "tomorrow"] {
        let out = run(&["upgrade", "--profile", "-", "--today", bad], &plain().to_string());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad}: {stderr}");
        assert!(stderr.contains("--today") && stderr.contains(bad), "{stderr}");
    }
    // Several problems: one line each.
    let out =
        run(&["upgrade", "--profile", "-"], &with(plain(), json!({"os": "windows-xp", "sql_level": "sp1", "edition": "gold"})).to_string());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    for field in ["`os`", "`edition`"] {
        assert!(stderr.lines().any(|l| l.contains(field)), "{stderr}");
    }
    assert!(stderr.trim_end().lines().count() >= 2, "{stderr}");
}

#[test]
fn vocab_lists_the_version_3_fields() {
    let out = run(&["vocab"], "");
    let vocab: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids = |field: &str| -> Vec<String> {
        vocab["upgrade"][field].as_array().unwrap().iter().map(|v| v["id"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(ids("sql_level"), ["rtm", "sp1", "sp2", "sp3", "sp4"]);
    assert_eq!(ids("sql_edition"), ["enterprise", "standard", "developer", "evaluation", "express", "web"]);
    assert_eq!(ids("unsure"), ids("features"));
}

#[test]
fn a_remedy_that_builds_on_a_version_leaving_support_says_so_and_names_the_newer_one() {
    let blocked = json!({"from": "2013r2", "to": "2016", "edition": "standard", "os": "windows-server-2019", "sql": "sql-server-2014"});
    let r = report(&blocked);
    assert_eq!(r["verdict"], "blocked");
    let os = r["route"][0]["checks"][0]["remedy"].as_str().unwrap();
    assert!(os.contains("2027-01-11") && os.contains("build on BizTalk Server 2020 instead"), "{os}");
    // More than a year before the end, the remedy does not add it.
    let early = report_on(&blocked, "2025-06-01");
    assert!(!early["route"][0]["checks"][0]["remedy"].as_str().unwrap().contains("2027-01-11"));
}
