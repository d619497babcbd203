//! The inventory's JSON Schema says what the contract says, the script writes every field the schema
//! names (and no top-level key it does not know), and every fixture is an inventory the schema
//! accepts, except the one that is deliberately not an inventory.

mod common;

use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn schema() -> Value {
    serde_json::from_str(bts_collector::SCHEMA).expect("bts-inventory.schema.json is JSON")
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&schema()).expect("the schema compiles")
}

/// Every error the schema finds in `instance`, as "instance path: message".
fn schema_errors(instance: &Value) -> Vec<String> {
    validator().iter_errors(instance).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

/// The contract's example inventory (advisor-contract.md, "Inventory"), as printed there.
fn contract_example() -> Value {
    json!({
      "schema": "bts-inventory/1",
      "collected": "2026-12-03T10:15:00Z",
      "computer": "BTS01",
      "biztalk": {
        "product_name": "Microsoft BizTalk Server 2016",
        "product_version": "3.12.774.0",
        "product_edition": "Enterprise",
        "installed_updates": ["Microsoft BizTalk Server 2016 CU7 [KB4528776]"],
        "setup_features": ["Runtime", "Development", "BAMPortal"]
      },
      "windows": {"caption": "Microsoft Windows Server 2016 Standard", "version": "10.0.14393",
                  "build_number": "14393", "product_type": 3, "os_architecture": "64-bit"},
      "group": {
        "name": "BizTalk Group",
        "servers": ["BTS01", "BTS02"],
        "sso_server": "SSO01",
        "bam_db": {"server": "SQL01", "name": "BAMPrimaryImport"},
        "host_instances": [{"host": "BizTalkServerApplication", "server": "BTS01",
                            "cluster_instance_type": 0, "is_32bit_only": false}],
        "adapters": [{"name": "SFTP", "clsid": "{...}", "receive_locations": 1, "send_ports": 2,
                      "addresses": ["sftp://partner.example/in"]}],
        "pipelines_in_use": ["Microsoft.BizTalk.Edi.DefaultPipelines.EdiReceive"]
      },
      "sql": [{"server": "SQL01", "databases": ["BizTalkMgmtDb", "BizTalkMsgBoxDb"],
               "product_version": "13.0.5026.0", "product_level": "SP2",
               "edition": "Enterprise Edition (64-bit)"}],
      "bam": {"rta_views": 2, "alert_jobs": 0},
      "iis_applications": ["/BAM", "/BizTalkManagementService"],
      "errors": [{"read": "sql SQL02", "message": "..."}]
    })
}

/// Follows a local `$ref` (`#/$defs/...`) and a `oneOf` with a null branch to the object schema.
fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        let pointer = reference.strip_prefix('#').expect("only local references");
        return resolve(root, root.pointer(pointer).unwrap_or_else(|| panic!("{reference} does not resolve")));
    }
    if let Some(branches) = node.get("oneOf").and_then(Value::as_array) {
        let object = branches.iter().map(|b| resolve(root, b)).find(|b| b.get("properties").is_some());
        return object.expect("a oneOf with an object branch");
    }
    node
}

/// Every object schema reachable from the root, by the JSON path of the data it describes
/// (`biztalk`, `group.host_instances[]`, ...), with its property names.
fn schema_objects() -> Vec<(String, BTreeSet<String>, BTreeSet<String>)> {
    fn walk(root: &Value, node: &Value, path: String, out: &mut Vec<(String, BTreeSet<String>, BTreeSet<String>)>) {
        let node = resolve(root, node);
        if let Some(items) = node.get("items") {
            walk(root, items, format!("{path}[]"), out);
        }
        if let Some(properties) = node.get("properties").and_then(Value::as_object) {
            let names = properties.keys().cloned().collect();
            let required =
                node.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).map(String::from).collect();
            out.push((path.clone(), names, required));
            for (name, child) in properties {
                let child_path = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
                walk(root, child, child_path, out);
            }
        }
    }
    let root = schema();
    let mut out = Vec::new();
    walk(&root, &root, String::new(), &mut out);
    out
}

/// Every field path in a JSON value (`group.adapters[].name`).
fn data_paths(value: &Value) -> BTreeSet<String> {
    fn walk(value: &Value, path: String, out: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let child_path = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                    out.insert(child_path.clone());
                    walk(child, child_path, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, format!("{path}[]"), out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(value, String::new(), &mut out);
    out
}

/// Every field path the schema describes.
fn schema_paths() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (path, properties, _) in schema_objects() {
        for name in properties {
            out.insert(if path.is_empty() { name } else { format!("{path}.{name}") });
        }
    }
    out
}

/// Which variable in the script builds the object at each path of the inventory.
const SCRIPT_VARIABLES: &[(&str, &str)] = &[
    ("", "Inventory"),
    ("collector", "collector"),
    ("biztalk", "biztalk"),
    ("biztalk.mgmt_db", "mgmtDb"),
    ("biztalk.update_details[]", "updateDetail"),
    ("windows", "windows"),
    ("group", "group"),
    ("group.bam_db", "bamDb"),
    ("group.host_instances[]", "hostInstance"),
    ("group.adapters[]", "adapter"),
    ("group.databases[]", "groupDatabase"),
    ("sql[]", "sqlInstance"),
    ("bam", "bam"),
    ("errors[]", "errorEntry"),
];

#[test]
fn the_schema_is_a_valid_draft_2020_12_schema() {
    let schema = schema();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    if let Err(error) = jsonschema::meta::validate(&schema) {
        panic!("bts-inventory.schema.json is not a valid JSON Schema: {error}");
    }
    for (path, properties, required) in schema_objects() {
        for name in &required {
            assert!(properties.contains(name), "{path}: required {name} is not among its properties");
        }
    }
}

#[test]
fn the_contracts_example_is_a_valid_inventory_and_names_only_fields_the_schema_knows() {
    let example = contract_example();
    assert_eq!(schema_errors(&example), Vec::<String>::new());
    let unknown: Vec<_> = data_paths(&example).difference(&schema_paths()).cloned().collect();
    assert!(unknown.is_empty(), "the contract's example names fields the schema does not describe: {unknown:?}");
}
#[test]
fn the_schema_requires_every_section_and_field_the_contracts_example_shows() {
    let schema_objects = schema_objects();
    let required_at = |path: &str| schema_objects.iter().find(|(p, _, _)| p == path).map(|(_, _, r)| r.clone()).unwrap_or_default();
    let example = contract_example();
    for (path, value) in [
        ("", &example),
        ("biztalk", &example["biztalk"]),
        ("windows", &example["windows"]),
        ("group", &example["group"]),
        ("group.bam_db", &example["group"]["bam_db"]),
        ("group.host_instances[]", &example["group"]["host_instances"][0]),
        ("group.adapters[]", &example["group"]["adapters"][0]),
        ("sql[]", &example["sql"][0]),
        ("bam", &example["bam"]),
        ("errors[]", &example["errors"][0]),
    ] {
        let shown: BTreeSet<String> = value.as_object().expect("an object").keys().cloned().collect();
        assert_eq!(required_at(path), shown, "at {path:?} the schema must require exactly what the contract's example shows");
    }
}

#[test]
fn every_section_may_be_null_and_a_null_section_is_still_an_inventory() {
    let mut inventory = contract_example();
    for section in ["biztalk", "windows", "group", "sql", "bam", "iis_applications"] {
        inventory[section] = Value::Null;
    }
    assert_eq!(schema_errors(&inventory), Vec::<String>::new());
    // Extra fields are allowed (readers ignore them), at the top and inside sections.
    let mut extended = contract_example();
    extended["collected_by"] = json!("someone");
    extended["windows"]["edition_id"] = json!("ServerStandard");
    assert_eq!(schema_errors(&extended), Vec::<String>::new());
}

#[test]
fn the_schema_refuses_what_is_not_an_inventory_and_says_where() {
    let mut wrong_schema = contract_example();
    wrong_schema["schema"] = json!("bts-inventory/2");
    assert!(schema_errors(&wrong_schema).iter().any(|e| e.starts_with("/schema:")), "{:?}", schema_errors(&wrong_schema));
    let mut no_errors_list = contract_example();
    no_errors_list.as_object_mut().expect("object").remove("errors");
    assert!(!schema_errors(&no_errors_list).is_empty(), "an inventory always has its errors list");
    let mut bad_type = contract_example();
    bad_type["windows"]["product_type"] = json!("server");
    assert!(schema_errors(&bad_type).iter().any(|e| e.starts_with("/windows/product_type:")), "{:?}", schema_errors(&bad_type));
    let mut bad_error = contract_example();
    bad_error["errors"] = json!([{"read": "sql SQL02"}]);
    assert!(schema_errors(&bad_error).iter().any(|e| e.starts_with("/errors/0:")), "{:?}", schema_errors(&bad_error));
}

#[test]
fn the_script_writes_every_field_the_schema_names_and_no_top_level_key_it_does_not_know() {
    let script = common::parse(bts_collector::SCRIPT);
    let assignments = script.hash_assignments();
    let objects = schema_objects();
    for (path, properties, _) in &objects {
        let Some((_, variable)) = SCRIPT_VARIABLES.iter().find(|(p, _)| p == path) else {
            panic!("no variable of the script is known to build the schema's object at {path:?}: add it to SCRIPT_VARIABLES");
        };
        let literals: Vec<_> = assignments.iter().filter(|(v, _, _)| v == variable).collect();
        assert!(!literals.is_empty(), "the script never assigns a hash literal to ${variable} (for {path:?})");
        for (_, keys, line) in literals {
            let written: BTreeSet<String> = keys.iter().cloned().collect();
            let missing: Vec<_> = properties.difference(&written).collect();
            let unknown: Vec<_> = written.difference(properties).collect();
            assert!(missing.is_empty(), "line {line}: ${variable} does not write {missing:?}, which the schema names at {path:?}");
            assert!(unknown.is_empty(), "line {line}: ${variable} writes {unknown:?}, which the schema does not know at {path:?}");
        }
    }
    // The script adds no key after building a literal: every member it assigns is a key of one of its
    // literals, or a property of a .NET object it uses.
    let known: BTreeSet<String> = assignments.iter().flat_map(|(_, keys, _)| keys.iter().cloned()).collect();
    for (member, _, line) in script.member_assignments() {
        let dotnet = ["CommandText", "CommandTimeout"];
        assert!(
            known.contains(&member) || dotnet.contains(&member.as_str()),
            "line {line}: the script assigns .{member}, which no literal declares"
        );
    }
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn fixtures() -> Vec<(String, Value)> {
    let mut files: Vec<_> = std::fs::read_dir(fixtures_dir())
        .expect("collector/fixtures exists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path.file_name().expect("a file name").to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!text.starts_with('\u{feff}'), "{name} starts with a byte order mark; the collector writes UTF-8 without one");
            let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
            (name, value)
        })
        .collect()
}

const NOT_AN_INVENTORY: &str = "not-an-inventory.json";

#[test]
fn every_fixture_is_a_valid_inventory_except_the_one_that_is_not() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 10, "fixtures found: {}", fixtures.len());
    for (name, value) in &fixtures {
        let errors = schema_errors(value);
        if name == NOT_AN_INVENTORY {
            assert!(errors.iter().any(|e| e.starts_with("/schema:")), "{name} must be refused for its schema string: {errors:?}");
        } else {
            assert_eq!(errors, Vec::<String>::new(), "{name} is not a valid inventory");
        }
    }
}

#[test]
fn the_fixtures_are_consistent_with_what_the_script_would_write() {
    for (name, value) in fixtures().into_iter().filter(|(n, _)| n != NOT_AN_INVENTORY) {
        // Each section the file leaves null says why in errors (except a section the schema lets be
        // absent because the collector could not even start it).
        let errors: Vec<String> =
            value["errors"].as_array().expect("errors").iter().map(|e| e["read"].as_str().unwrap_or_default().to_string()).collect();
        for (section, read_prefix) in [
            ("biztalk", "registry"),
            ("windows", "wmi Win32"),
            ("group", "wmi"),
            ("sql", "sql"),
            ("bam", "bam"),
            ("iis_applications", "iis"),
        ] {
            if value[section].is_null() {
                assert!(
                    errors.iter().any(|e| e.starts_with(read_prefix)),
                    "{name}: {section} is null but no error starting {read_prefix:?} says why"
                );
            }
        }
        // The computer is one of the group's servers, and it is the group's own view of itself.
        if let Some(servers) = value["group"]["servers"].as_array() {
            assert!(servers.iter().any(|s| s == &value["computer"]), "{name}: computer is not in group.servers");
        }
        // Addresses are written without query strings or user:password@ parts.
        for adapter in value["group"]["adapters"].as_array().into_iter().flatten() {
            for address in adapter["addresses"].as_array().into_iter().flatten() {
                let address = address.as_str().unwrap_or_default();
                assert!(!address.contains('?') && !address.contains('@'), "{name}: address {address} keeps what the script strips");
            }
        }
        // Every field is one the script writes (the schema allows more; the script does not write more).
        let unknown: Vec<_> = data_paths(&value).difference(&schema_paths()).cloned().collect();
        assert!(unknown.is_empty(), "{name}: fields the script never writes: {unknown:?}");
    }
}

#[test]
fn the_files_of_one_group_carry_the_same_group_section() {
    let fixtures = fixtures();
    let by_prefix = |prefix: &str| fixtures.iter().filter(|(n, _)| n.starts_with(prefix)).map(|(_, v)| v).collect::<Vec<_>>();
    for prefix in ["group-2016-", "mixed-2016-"] {
        let files = by_prefix(prefix);
        assert_eq!(files.len(), 2, "{prefix}*: one file per server");
        assert_eq!(files[0]["group"], files[1]["group"], "{prefix}*: the group section is read from the same group");
        assert_ne!(files[0]["computer"], files[1]["computer"]);
    }
}

#[test]
fn the_fixtures_readme_describes_every_fixture() {
    let readme = std::fs::read_to_string(fixtures_dir().join("README.md")).expect("collector/fixtures/README.md");
    for (name, _) in fixtures() {
        assert!(readme.contains(&format!("`{name}`")), "README.md does not describe {name}");
    }
}
