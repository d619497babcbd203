//! The command-line contract (documented for users in book/src/cli.md), exercised through the real binary.

mod common;

use std::process::Output;

use common::run;

use serde_json::Value;

fn upgrade(profile: &str) -> Output {
    run(&["upgrade", "--profile", "-"], profile)
}

fn json(output: &Output) -> Value {
    assert_eq!(output.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("the report is JSON")
}

const GOOD: &str = r#"{"from": "2016", "to": "2020", "edition": "standard", "to_edition": "enterprise",
    "os": "windows-server-2016", "sql": "sql-server-2016", "features": ["bam", "sftp"]}"#;

#[test]
fn a_supported_upgrade_reports_every_field_of_the_contract() {
    let report = json(&upgrade(GOOD));
    assert_eq!(report["verdict"], "supported");
    let hop = &report["route"][0];
    assert_eq!((hop["from"].as_str(), hop["to"].as_str()), (Some("2016"), Some("2020")));
    assert_eq!(hop["to_edition"], "enterprise");
    let areas: Vec<&str> = hop["checks"].as_array().unwrap().iter().map(|c| c["area"].as_str().unwrap()).collect();
    assert_eq!(areas, ["os", "sql", "edition"]);
    assert!(hop["checks"].as_array().unwrap().iter().all(|c| c["status"] == "yes" && c["remedy"].is_null()));
    assert_eq!(report["target_editions"], serde_json::json!(["standard", "enterprise"]));
    let steps = report["steps"].as_array().unwrap();
    assert!(!steps.is_empty());
    for step in steps {
        for field in ["id", "phase", "title", "detail", "source"] {
            assert!(step[field].as_str().is_some_and(|s| !s.is_empty()), "step lacks {field}: {step}");
        }
        assert!(["plan", "before", "prepare", "upgrade", "post", "known-issue"].contains(&step["phase"].as_str().unwrap()));
    }
}

#[test]
fn a_blocked_upgrade_still_exits_0_and_carries_remedies() {
    let report = json(&upgrade(&GOOD.replace("windows-server-2016", "windows-server-2012-r2")));
    assert_eq!(report["verdict"], "blocked");
    let os = &report["route"][0]["checks"][0];
    assert_eq!(os["status"], "no");
    assert!(os["remedy"].as_str().unwrap().contains("Windows Server 2016"));
}

/// Contract version 2: the SQL Server move as a prerequisite, never a downgrade, with the
/// service pack named; the target platform; a version-1 profile (no `sql_target`) still answers.
#[test]
fn a_sql_server_the_upgrade_does_not_accept_becomes_a_prerequisite() {
    let report = json(&upgrade(&GOOD.replace("sql-server-2016", "sql-server-2014")));
    assert_eq!(report["verdict"], "prerequisites");
    let prerequisites = report["prerequisites"].as_array().unwrap();
    assert_eq!(prerequisites.len(), 1);
    let p = &prerequisites[0];
    assert_eq!((p["area"].as_str(), p["from"].as_str()), (Some("sql"), Some("sql-server-2014")));
    assert_eq!(p["to"], serde_json::json!(["sql-server-2019", "sql-server-2017", "sql-server-2016"]));
    assert!(p["detail"].as_str().unwrap().contains("Service Pack 2"), "2014 needs SP2 for 2019: {p}");
    assert!(p["source"].as_str().unwrap().starts_with("compatibility.html#"));
    let inferred: Vec<&str> = report["inferred_features"].as_array().unwrap().iter().map(|f| f["feature"].as_str().unwrap()).collect();
    assert!(inferred.contains(&"sql-upgrade") && inferred.contains(&"x64"), "{inferred:?}");

    // The 2020 guide's tip: SQL Server 2017 passes as it stands, and nothing is proposed.
    let on_2017 = json(&upgrade(&GOOD.replace("sql-server-2016", "sql-server-2017")));
    assert_eq!(on_2017["verdict"], "supported");
    assert_eq!(on_2017["prerequisites"], serde_json::json!([]));

    // A chosen SQL Server for Setup is checked and is the only move.
    let chosen = GOOD.replace("\"sql-server-2016\"", "\"sql-server-2014\", \"sql_target\": \"sql-server-2017\"");
    let report = json(&upgrade(&chosen));
    assert_eq!(report["verdict"], "prerequisites");
    assert_eq!(report["prerequisites"][0]["to"], serde_json::json!(["sql-server-2017"]));

    let platform = &report["target_platform"];
    assert_eq!(platform["version"], "2020");
    assert_eq!(platform["os"][0], "windows-server-2022");
    assert!(platform["sql"].as_array().unwrap().contains(&"sql-server-2016".into()));
    let notes = platform["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect::<Vec<_>>().join("\n");
    assert!(notes.contains("Windows Server 2022") && notes.contains("CU6"), "{notes}");
    assert!(notes.contains("18.3.0") && notes.contains("Community edition is not supported"), "{notes}");
}

#[test]
fn markdown_is_a_task_list_grouped_by_phase() {
    let out = run(&["upgrade", "--profile", "-", "--format", "markdown"], GOOD);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("**Verdict: Supported"));
    assert!(text.lines().any(|l| l.starts_with("- [ ] **")), "{text}");
    assert!(text.contains("\n## Plan\n"), "{text}");
}

#[test]
fn the_profile_can_come_from_a_file() {
    let path = std::env::temp_dir().join(format!("bts-advisor-profile-{}.json", std::process::id()));
    std::fs::write(&path, GOOD).unwrap();
    let report = json(&run(&["upgrade", "--profile", path.to_str().unwrap()], ""));
    std::fs::remove_file(&path).ok();
    assert_eq!(report["verdict"], "supported");
}

#[test]
fn hotfix_report_follows_the_contract() {
    let profile = r#"{"servers": 3, "sql_script": true, "downloads": "x86-only", "arch": "x64",
        "iis_adapters": true, "isolated_host_heavy": false}"#;
    let report = json(&run(&["hotfix", "--profile", "-"], profile));
    assert_eq!(report["package"], "x86");
    assert_eq!(report["rollback"], "restore-databases");
    for step in report["steps"].as_array().unwrap() {
        assert!(["before", "install", "after", "rollback"].contains(&step["phase"].as_str().unwrap()));
    }
}

#[test]
fn vocab_lists_every_value_with_its_label() {
    let vocab = json(&run(&["vocab"], ""));
    let ids = |field: &str| -> Vec<String> {
        vocab["upgrade"][field].as_array().unwrap().iter().map(|v| v["id"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(ids("from"), ["2013", "2013r2", "2016"]);
    assert_eq!(ids("to"), ["2016", "2020"]);
    assert_eq!(ids("features").len(), 30);
    assert!(ids("os").contains(&"windows-7-sp1".to_string()));
    assert!(vocab["upgrade"]["sql"].as_array().unwrap().iter().all(|v| v["label"].as_str().is_some_and(|l| l.starts_with("SQL Server"))));
    assert_eq!(vocab["hotfix"]["downloads"][0]["id"], "x86-only");
    // The update planner's fields: the updates each version accepts for `installed` and `target`.
    assert_eq!(vocab["hotfix"]["installed"]["2020"].as_array().unwrap().last().unwrap()["id"], "cu7");
    assert_eq!(vocab["hotfix"]["feature_pack"][2]["id"], "fp3");
}

/// Every input the contract calls unanswerable: exit 2, nothing on stdout, one line on stderr
/// naming the field (and, for an unknown value, the values it accepts).
#[test]
fn bad_input_exits_2_with_a_message_naming_the_field() {
    let base: Value = serde_json::from_str(GOOD).unwrap();
    let with = |field: &str, value: Value| {
        let mut v = base.clone();
        v[field] = value;
        v.to_string()
    };
    let without = |field: &str| {
        let mut v = base.clone();
        v.as_object_mut().unwrap().remove(field);
        v.to_string()
    };
    let cases: Vec<(String, &str, Vec<&str>)> = vec![
        ("{not json".into(), "not valid JSON", vec![]),
        ("".into(), "empty", vec![]),
        ("[1, 2]".into(), "JSON object", vec![]),
        (without("from"), "`from`", vec!["missing"]),
        (without("edition"), "`edition`", vec!["missing"]),
        (without("os"), "`os`", vec!["missing"]),
        (without("sql"), "`sql`", vec!["missing"]),
        (with("from", "2010".into()), "`from`", vec!["2013, 2013r2, 2016"]),
        (with("to", "2022".into()), "`to`", vec!["2016, 2020"]),
        (with("edition", "datacenter".into()), "`edition`", vec!["evaluation, branch, developer, standard, enterprise"]),
        (with("to_edition", "gold".into()), "`to_edition`", vec!["enterprise"]),
        (with("os", "windows-xp".into()), "`os`", vec!["windows-server-2022", "windows-11", "windows-7-sp1"]),
        (with("sql", "sql-server-2005".into()), "`sql`", vec!["sql-server-2022", "sql-server-2008-r2-sp1"]),
        (with("sql_target", "sql-server-2025".into()), "`sql_target`", vec!["sql-server-2022", "sql-server-2008-r2-sp1"]),
        (with("sql_target", "sql-server-2014".into()), "`sql_target`", vec!["older than `sql`", "downgraded"]),
        (with("sql_target", 2019.into()), "`sql_target`", vec!["must be one of", "sql-server-2019"]),
        (with("features", serde_json::json!(["bam", "wormhole"])), "`features`", vec!["multi-server", "older-vs-or-net45"]),
        (with("from", 2016.into()), "`from`", vec!["must be one of", "2013, 2013r2, 2016"]),
        (with("features", "bam".into()), "`features`", vec!["must be a list"]),
        (with("spaceship", true.into()), "`spaceship`", vec!["not part of"]),
        (with("to", "2016".into()), "`to`", vec!["same version"]),
        (
            r#"{"from":"2016","to":"2013r2","edition":"standard","os":"windows-server-2016","sql":"sql-server-2016"}"#.into(),
            "`to`",
            vec!["downgrade"],
        ),
    ];
    for (input, names, mentions) in cases {
        let out = upgrade(&input);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "input {input}: {stderr}");
        assert!(out.stdout.is_empty(), "input {input} printed a partial report");
        assert_eq!(stderr.trim_end().lines().count(), 1, "one line for {input}: {stderr}");
        assert!(stderr.contains(names), "{input}: {stderr:?} should name {names}");
        for m in mentions {
            assert!(stderr.contains(m), "{input}: {stderr:?} should mention {m}");
        }
    }

    let hotfix = |p: &str| run(&["hotfix", "--profile", "-"], p);
    let good_hotfix = r#"{"servers": 1, "sql_script": false, "downloads": "x86-and-x64", "arch": "x86", "iis_adapters": false, "isolated_host_heavy": false}"#;
    assert_eq!(hotfix(good_hotfix).status.code(), Some(0));
    for (input, names) in [
        (good_hotfix.replace("\"servers\": 1", "\"servers\": 0"), "`servers`"),
        (good_hotfix.replace("\"servers\": 1", "\"servers\": -4"), "`servers`"),
        (good_hotfix.replace("\"servers\": 1", "\"servers\": 1.5"), "field `servers` must be a whole number of at least 1"),
        (good_hotfix.replace("\"servers\": 1", "\"servers\": \"3\""), "field `servers` must be a whole number of at least 1"),
        (good_hotfix.replace("\"arch\": \"x86\"", "\"arch\": \"arm64\""), "`arch`"),
        (good_hotfix.replace("\"x86-and-x64\"", "\"x64-only\""), "`downloads`"),
        (good_hotfix.replace("\"sql_script\": false", "\"sql_script\": \"no\""), "`sql_script`"),
        (good_hotfix.replace("\"sql_script\": false, ", ""), "`sql_script`"),
        (good_hotfix.replace("}", ", \"reboot\": true}"), "`reboot`"),
    ] {
        let out = hotfix(&input);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{input}: {stderr}");
        assert!(out.stdout.is_empty());
        assert!(stderr.contains(names), "{input}: {stderr:?} should name {names}");
    }
}

#[test]
fn a_missing_profile_file_is_bad_input_not_a_crash() {
    let out = run(&["upgrade", "--profile", "/nonexistent/profile.json"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/profile.json"));
}

/// `--format csv` is the export the browser gives (same function, same bytes), and
/// `--base-url` makes its links and the Markdown's absolute.
#[test]
fn csv_and_base_url_give_the_exports_of_the_rules() {
    let out = run(&["upgrade", "--profile", "-", "--format", "csv", "--base-url", "https://intranet.example/bts"], GOOD);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with("id,phase,title,source,done\r\n"), "{csv}");
    assert!(csv.ends_with("\r\n"));
    let rows: Vec<&str> = csv.trim_end().split("\r\n").skip(1).collect();
    assert!(!rows.is_empty());
    for row in &rows {
        assert!(row.contains(",https://intranet.example/bts/"), "absolute source in {row}");
        assert!(row.ends_with(','), "`done` is empty from the command line: {row}");
    }

    // Row for row the steps of the JSON report, with the sources under the base URL.
    let report = json(&upgrade(GOOD));
    let steps = report["steps"].as_array().unwrap();
    assert_eq!(rows.len(), steps.len());
    for (row, step) in rows.iter().zip(steps) {
        let title = step["title"].as_str().unwrap();
        let title = if title.contains([',', '"']) { format!("\"{}\"", title.replace('"', "\"\"")) } else { title.to_string() };
        let expected = format!(
            "{},{},{title},https://intranet.example/bts/{},",
            step["id"].as_str().unwrap(),
            step["phase"].as_str().unwrap(),
            step["source"].as_str().unwrap()
        );
        assert_eq!(*row, expected);
    }

    let out = run(&["upgrade", "--profile", "-", "--format", "markdown", "--base-url", "https://intranet.example/bts/"], GOOD);
    let markdown = String::from_utf8(out.stdout).unwrap();
    assert!(markdown.contains("(Source: <https://intranet.example/bts/"), "{markdown}");
    assert!(!markdown.contains("(Source: `"), "{markdown}");

    let relative = String::from_utf8(run(&["upgrade", "--profile", "-", "--format", "markdown"], GOOD).stdout).unwrap();
    assert!(relative.contains(bts_rules::RELATIVE_LINKS_NOTE));

    let hotfix = r#"{"servers": 2, "sql_script": true, "downloads": "x86-and-x64", "arch": "x64", "iis_adapters": true, "isolated_host_heavy": false}"#;
    let out = run(&["hotfix", "--profile", "-", "--format", "csv"], hotfix);
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with("id,phase,title,source,done\r\n") && csv.contains(",hotfixes/index.html#"), "{csv}");

    for bad in ["intranet.example/bts", "https://intranet/my site/"] {
        let out = run(&["upgrade", "--profile", "-", "--format", "csv", "--base-url", bad], GOOD);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad}: {stderr}");
        assert!(out.stdout.is_empty() && stderr.contains("--base-url") && stderr.contains(bad), "{stderr}");
    }
}

/// Issue 18: every problem of a profile at once, one line each, in the advisor's words.
#[test]
fn a_profile_with_three_problems_gets_three_lines() {
    let profile = r#"{"from": 2016, "to": "2020", "edition": "standard", "os": "windows-server-2016", "colour": "blue"}"#;
    let out = upgrade(profile);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert!(lines[0].contains("`from`") && lines[0].contains("2013, 2013r2, 2016"), "{stderr}");
    assert!(lines[1].contains("`sql`") && lines[1].contains("missing"), "{stderr}");
    assert!(lines[2].contains("`colour`") && lines[2].contains("not part of"), "{stderr}");
    for library_words in ["expected", "invalid type", "i64", "u32", "at line"] {
        assert!(!stderr.contains(library_words), "the JSON library's words leak: {stderr}");
    }

    // Values the advisor does not know are reported with the JSON ones, each naming its field.
    let profile =
        r#"{"from": "2016", "to": "2020", "edition": "gold", "os": "windows-xp", "sql": "sql-server-2016", "features": 3, "colour": 1}"#;
    let out = upgrade(profile);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{stderr}");
    for (field, line) in ["`edition`", "`os`", "`features`", "`colour`"].iter().zip(&lines) {
        assert!(line.contains(field), "{field} in {stderr}");
    }

    let hotfix = r#"{"servers": 0.5, "sql_script": "yes", "downloads": "x86-only", "arch": "x64", "iis_adapters": false}"#;
    let out = run(&["hotfix", "--profile", "-"], hotfix);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            "bts-advisor: field `servers` must be a whole number of at least 1",
            "bts-advisor: field `sql_script` must be true or false (without quotes)",
            "bts-advisor: field `isolated_host_heavy` is required but missing",
        ]
    );
}

/// `--help` of `upgrade` and `hotfix` lists every field with the values it accepts.
#[test]
fn help_lists_every_profile_field_with_its_values() {
    let vocab = json(&run(&["vocab"], ""));
    for (command, fields) in [
        ("upgrade", vec!["from", "to", "edition", "to_edition", "os", "sql", "sql_target", "features"]),
        ("hotfix", vec!["servers", "sql_script", "downloads", "arch", "iis_adapters", "isolated_host_heavy"]),
    ] {
        let out = run(&[command, "--help"], "");
        assert_eq!(out.status.code(), Some(0));
        let help = String::from_utf8(out.stdout).unwrap();
        for field in fields {
            assert!(help.contains(&format!("\n  {field}  (")), "{command} --help lacks {field}:\n{help}");
        }
        for (field, values) in vocab[command].as_object().unwrap() {
            // `installed` and `target` map each version to its updates: `updates VERSION` lists them.
            let Some(values) = values.as_array() else { continue };
            for value in values {
                let id = value["id"].as_str().unwrap();
                assert!(help.contains(&format!("        {id} ")), "{command} --help lacks {field} value {id}");
            }
        }
        assert!(help.contains(&format!("bts-advisor example {command}")), "{help}");
    }
    for command in ["vocab", "example"] {
        assert_eq!(run(&[command, "--help"], "").status.code(), Some(0), "{command} --help");
    }
}

/// `example upgrade|hotfix` prints a profile that the command answers as it stands.
#[test]
fn examples_are_valid_profiles() {
    for kind in ["upgrade", "hotfix"] {
        let out = run(&["example", kind], "");
        assert_eq!(out.status.code(), Some(0));
        let example = String::from_utf8(out.stdout).unwrap();
        json(&run(&[kind, "--profile", "-"], &example));
    }
}

fn fixture(name: &str) -> String {
    format!("{}/../../collector/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Issue 17: `inventory FILE...` prints the profiles, the evidence, the unknowns and the servers.
#[test]
fn inventory_reads_the_collectors_files_into_profiles() {
    let bts21 = fixture("mixed-2016-bts21-cu-behind.json");
    let bts22 = fixture("mixed-2016-bts22-windows-2012r2.json");
    let reading = json(&run(&["inventory", &bts21, &bts22], ""));
    assert_eq!(reading["upgrade_profile"]["os"], "windows-server-2012-r2");
    assert!(reading["upgrade_profile"].get("to").is_none(), "the target is the user's choice");
    assert_eq!(reading["hotfix_profile"]["installed"], "cu8");
    for key in ["evidence", "unknown", "servers"] {
        assert!(!reading[key].as_array().unwrap().is_empty(), "{key}");
    }

    // The upgrade profile, with a target added, is answered by `upgrade` as it stands.
    let mut profile = reading["upgrade_profile"].clone();
    profile["to"] = "2020".into();
    json(&upgrade(&profile.to_string()));

    // The update planner's profile, with the update's own facts added, is answered by `hotfix`.
    let mut hotfix = reading["hotfix_profile"].clone();
    for (field, value) in [("sql_script", true), ("iis_adapters", false), ("isolated_host_heavy", false)] {
        hotfix[field] = value.into();
    }
    hotfix["downloads"] = "x86-and-x64".into();
    let plan = json(&run(&["hotfix", "--profile", "-"], &hotfix.to_string()));
    assert_eq!(plan["update"]["version"], "2016", "{plan}");

    let from_stdin = json(&run(&["inventory", "-"], &std::fs::read_to_string(&bts21).unwrap()));
    assert_eq!(from_stdin["servers"][0]["name"], "BTS21");
}

#[test]
fn inventory_refuses_what_is_not_one_groups_inventory_naming_the_file() {
    let not_inventory = fixture("not-an-inventory.json");
    let cases = [
        (vec![not_inventory.clone()], vec!["not-an-inventory.json", "bts-healthcheck/1"]),
        (vec![fixture("single-2016.json"), fixture("developer-2020-win11.json")], vec!["single-2016.json", "developer-2020-win11.json"]),
        (vec!["/nonexistent/BTS99.json".to_string()], vec!["/nonexistent/BTS99.json"]),
        (vec![fixture("README.md")], vec!["README.md", "not valid JSON"]),
    ];
    for (files, mentions) in cases {
        let args: Vec<&str> = std::iter::once("inventory").chain(files.iter().map(String::as_str)).collect();
        let out = run(&args, "");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{files:?}: {stderr}");
        assert!(out.stdout.is_empty());
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        for m in mentions {
            assert!(stderr.contains(m), "{stderr:?} should mention {m}");
        }
    }
    let out = run(&["inventory", "-"], r#"{"schema": "bts-inventory/1", "windows": {"product_type": "server"}}"#);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("standard input") && stderr.contains("windows.product_type"), "{stderr}");
}

/// The book's page "The command line" documents every command and every option the binary has.
#[test]
fn the_book_page_documents_every_command_and_option() {
    let page = std::fs::read_to_string(format!("{}/../../book/src/cli.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let help = String::from_utf8(run(&["--help"], "").stdout).unwrap();
    let commands: Vec<&str> = help
        .split("Commands:\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.contains(&"inventory") && commands.contains(&"example"), "{commands:?}");
    for command in commands {
        assert!(page.contains(&format!("### `{command}`")), "book/src/cli.md has no section for `{command}`");
        let help = String::from_utf8(run(&[command, "--help"], "").stdout).unwrap();
        for option in help.split_whitespace().filter(|w| w.starts_with("--")) {
            let option = option.trim_end_matches(',').split(['=', '<']).next().unwrap();
            if option.len() > 2 && option != "--help" && option != "--version" {
                assert!(page.contains(&format!("`{option}")), "book/src/cli.md does not document {option} of `{command}`");
            }
        }
    }
}

fn which(build: &str) -> Output {
    run(&["which", build], "")
}

fn updates(args: &[&str]) -> Value {
    let mut all = vec!["updates"];
    all.extend_from_slice(args);
    json(&run(&all, ""))
}

#[test]
fn which_names_the_version_and_update_of_a_build() {
    let answer = json(&which("3.12.859.2"));
    assert_eq!(
        answer,
        serde_json::json!({"build": "3.12.859.2", "version": "2016", "update": "cu7", "feature_pack": null,
                           "exact": true, "nearest": "cu7", "confidence": "community"})
    );
    // A 2016 Feature Pack package's 3.13.x.2 build is 2016, not 2020.
    let fp = json(&which("3.13.340.2"));
    assert_eq!((fp["version"].as_str(), fp["update"].as_str(), fp["feature_pack"].as_str()), (Some("2016"), Some("cu7"), Some("fp3")));
    let cu6 = json(&which("3.13.895.0"));
    assert_eq!(
        (cu6["version"].as_str(), cu6["update"].as_str(), cu6["confidence"].as_str()),
        (Some("2020"), Some("cu6"), Some("microsoft"))
    );
}

#[test]
fn which_gives_the_nearest_older_update_for_an_unknown_build() {
    let answer = json(&which("3.13.850.0"));
    assert_eq!((answer["version"].as_str(), answer["exact"].as_bool()), (Some("2020"), Some(false)));
    assert!(answer["update"].is_null() && answer["confidence"].is_null());
    assert_eq!(answer["nearest"], "cu4");
    // Older than every catalogued build of 2020: no nearest.
    assert!(json(&which("3.13.700.0"))["nearest"].is_null());
}

#[test]
fn every_catalogued_build_maps_back_to_its_update() {
    let catalogue = updates(&[]);
    let mut checked = 0;
    for version in catalogue["versions"].as_array().unwrap() {
        for update in version["updates"].as_array().unwrap() {
            let Some(build) = update["build"].as_str() else { continue };
            // A build the sources dispute may be another entry's (2016 "CU6 and FP3").
            if update["uncertain"].as_array().unwrap().iter().any(|f| f == "build") && update["kind"] != "rtm" {
                continue;
            }
            let answer = json(&which(build));
            assert_eq!(answer["version"], version["version"], "{build}");
            assert_eq!(answer["update"], update["level"], "{build}");
            assert_eq!(answer["feature_pack"], update["feature_pack"], "{build}");
            checked += 1;
        }
    }
    assert!(checked >= 25, "{checked} builds checked");
}

#[test]
fn which_refuses_what_is_not_a_biztalk_build() {
    for bad in ["3.12.859", "3.12.859.2.1", "three", "3.12.x.2", "3.9.100.0", "4.0.1.0"] {
        let output = which(bad);
        assert_eq!(output.status.code(), Some(2), "{bad}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{bad}: {stderr}");
        assert!(stderr.contains(bad), "{bad}: {stderr}");
    }
}

#[test]
fn updates_lists_every_version_newest_first_with_its_latest() {
    let catalogue = updates(&[]);
    let versions: Vec<(&str, &str)> =
        catalogue["versions"].as_array().unwrap().iter().map(|v| (v["version"].as_str().unwrap(), v["latest"].as_str().unwrap())).collect();
    assert_eq!(versions, [("2020", "cu7"), ("2016", "cu9"), ("2013r2", "cu6"), ("2013", "cu5")]);
    let v2020 = &catalogue["versions"][0];
    let cu7 = v2020["updates"].as_array().unwrap().last().unwrap();
    // Announced, with what is not known left null.
    assert_eq!((cu7["id"].as_str(), cu7["confidence"].as_str()), (Some("cu7"), Some("announced")));
    assert!(cu7["kb"].is_null() && cu7["build"].is_null() && cu7["winscp"].is_null());
    let cu6 = &v2020["updates"][6];
    assert_eq!((cu6["kb"].as_str(), cu6["build"].as_str(), cu6["winscp"].as_str()), (Some("5043408"), Some("3.13.895.0"), Some("6.3.5")));
    assert_eq!(cu6["adds"], serde_json::json!(["Windows Server 2022", "Windows 11", "SQL Server 2022"]));
    assert!(catalogue["sources"].as_array().unwrap().iter().any(|s| s["id"] == "S6" && s["owner"] == "microsoft"));
}

#[test]
fn updates_of_one_version_and_a_bad_version() {
    let only = updates(&["2016"]);
    assert_eq!(only["versions"].as_array().unwrap().len(), 1);
    assert_eq!(only["versions"][0]["latest_feature_pack"], "cu9-fp3");
    let output = run(&["updates", "2010"], "");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("\"2010\"") && stderr.contains("2013, 2013r2, 2016, 2020"), "{stderr}");
}

/// Version-2 hotfix profiles answer exactly as before the update planner (snapshots taken from
/// the binary before it).
#[test]
fn version_2_hotfix_profiles_answer_as_before() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    for name in ["hotfix-v2-group", "hotfix-v2-single"] {
        let profile = std::fs::read_to_string(dir.join(format!("{name}.profile.json"))).unwrap();
        let expected = std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap();
        let output = run(&["hotfix", "--profile", "-"], &profile);
        assert_eq!(output.status.code(), Some(0));
        assert_eq!(String::from_utf8_lossy(&output.stdout), expected, "{name}");
    }
}

const PLANNER: &str = r#"{"servers": 3, "sql_script": true, "downloads": "x86-and-x64", "arch": "x64",
    "iis_adapters": true, "isolated_host_heavy": false, "version": "2020", "installed": "cu3", "target": "cu6",
    "features": ["sftp", "mqseries-remote-agent"]}"#;

#[test]
fn the_update_planner_names_the_package_and_what_each_update_adds() {
    let report = json(&run(&["hotfix", "--profile", "-"], PLANNER));
    assert_eq!(
        report["update"],
        serde_json::json!({"version": "2020", "id": "cu6", "feature_pack": null,
            "name": "Cumulative update 6 for Microsoft BizTalk Server 2020", "kb": "5043408", "build": "3.13.895.0",
            "released": "2024-11-21", "confidence": "microsoft", "source": "updates.html#updates-2020"})
    );
    assert_eq!(report["up_to_date"], false);
    let includes: Vec<&str> = report["includes"].as_array().unwrap().iter().map(|u| u["id"].as_str().unwrap()).collect();
    assert_eq!(includes, ["cu4", "cu5", "cu6"]);
    let steps: Vec<&Value> = report["steps"].as_array().unwrap().iter().collect();
    let winscp = steps.iter().find(|s| s["id"].as_str().unwrap().contains("winscp")).expect("a WinSCP step");
    assert_eq!(winscp["title"], "Replace WinSCP 5.19.2 with WinSCP 6.3.5");
    assert!(steps.iter().any(|s| s["id"] == "update-mqsagent"));
    // The default target is the newest update; a 2016 group with a Feature Pack gets the combined package.
    let fp = PLANNER.replace("\"2020\"", "\"2016\"").replace("\"target\": \"cu6\",", "\"feature_pack\": \"fp3\",");
    let report = json(&run(&["hotfix", "--profile", "-"], &fp));
    assert_eq!((report["update"]["id"].as_str(), report["update"]["feature_pack"].as_str()), (Some("cu9"), Some("fp3")));
    assert_eq!(report["update"]["kb"], "5005480");
    // Already there: nothing to install.
    let there = json(&run(&["hotfix", "--profile", "-"], &PLANNER.replace("\"cu3\"", "\"cu6\"")));
    assert_eq!((there["up_to_date"].as_bool(), there["update"].is_null()), (Some(true), true));
    assert_eq!(there["includes"], serde_json::json!([]));
}

#[test]
fn the_update_planner_refuses_what_it_cannot_answer() {
    for (profile, field) in [
        (PLANNER.replace("\"cu6\"", "\"cu2\""), "`target`"),
        (PLANNER.replace("\"cu3\"", "\"cu12\""), "`installed`"),
        (PLANNER.replace("\"version\": \"2020\",", ""), "`version`"),
        (PLANNER.replace("\"target\": \"cu6\",", "\"feature_pack\": \"fp3\","), "`feature_pack`"),
        (PLANNER.replace("\"sftp\"", "\"ftp\""), "`features`"),
    ] {
        let output = run(&["hotfix", "--profile", "-"], &profile);
        assert_eq!(output.status.code(), Some(2), "{profile}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(field), "{field}: {stderr}");
    }
    let unknown = run(&["hotfix", "--profile", "-"], &PLANNER.replace("\"cu3\"", "\"cu12\""));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("rtm, cu1, cu2, cu3, cu4, cu5, cu6, cu7"));
}

#[test]
fn an_upgrade_names_the_latest_update_of_its_target_and_2020_is_sent_to_the_planner() {
    let report = json(&upgrade(GOOD));
    assert_eq!((report["latest_update"]["version"].as_str(), report["latest_update"]["id"].as_str()), (Some("2020"), Some("cu7")));
    assert_eq!(report["latest_update"]["confidence"], "announced");
    assert!(report["latest_update"]["kb"].is_null() && report["latest_update"]["build"].is_null());
    let post = report["steps"].as_array().unwrap().iter().find(|s| s["id"] == "install-latest-update-2020").expect("a post step");
    assert_eq!(post["phase"], "post");
    assert!(post["detail"].as_str().unwrap().contains("cumulative update 7"));
    // For SFTP users it says which WinSCP is known: CU7's is not on Microsoft's page yet.
    assert!(post["detail"].as_str().unwrap().contains("cumulative update 6 needs 6.3.5"));
    let from_2020 = upgrade(&GOOD.replace("\"from\": \"2016\"", "\"from\": \"2020\""));
    assert_eq!(from_2020.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&from_2020.stderr);
    assert!(stderr.contains("`from`") && stderr.contains("hotfix"), "{stderr}");
}

#[test]
fn every_field_at_fault_in_a_hotfix_profile_is_named_on_its_own_line() {
    let profile = r#"{"servers": 0, "sql_script": true, "downloads": "x86-and-x64", "arch": "arm64",
        "iis_adapters": true, "isolated_host_heavy": false, "version": "2020", "installed": "cu12", "features": ["ftp"]}"#;
    let output = run(&["hotfix", "--profile", "-"], profile);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{stderr}");
    for (line, field) in lines.iter().zip(["`servers`", "`arch`", "`installed`", "`features`"]) {
        assert!(line.starts_with("bts-advisor: field ") && line.contains(field), "{line}");
    }
}
