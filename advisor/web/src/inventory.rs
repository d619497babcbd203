//! Collector inventories (`bts-inventory/1`, written by `bts-collect.ps1`) read in the browser for
//! "Load inventory": each file is parsed (in the importer's WASM by the browser's `JSON.parse`,
//! natively by the crate's own reader, [`crate::json`]; no serde_json either way) and read by
//! hand into the rules crate's [`Inventory`], which
//! [`bts_rules::read_inventories`] turns into both profiles with the evidence, as
//! `bts-advisor inventory` does (a test holds the two readings equal on the collector's fixtures).
//!
//! As on the command line, fields the import does not read are ignored and any may be null; a
//! file that is not JSON, is not an inventory, or holds a value of the wrong type is refused,
//! naming the file and the field.

use bts_rules::{
    Adapter, BamSection, BizTalkSection, DatabaseRef, GroupSection, HostInstance, Inventory, InventoryError, InventoryFile,
    InventoryReading, ReadError, SqlInstance, WindowsSection,
};

use std::cell::Cell;

use crate::json::{self, Json};

/// Reads the files chosen (name, text), one inventory each, into the profiles; or why not, naming
/// the file (and the field).
pub fn read(files: &[(String, String)]) -> Result<InventoryReading, String> {
    read_parsed(
        files
            .iter()
            .map(|(name, text)| (name.clone(), json::parse(text)))
            .collect(),
    )
}

/// As [`read`], from each file's JSON as a parser gave it (or what is wrong with its text): the
/// importer's WASM has the browser's `JSON.parse` read the files (`importer::js`).
pub fn read_parsed(files: Vec<(String, Result<Json, String>)>) -> Result<InventoryReading, String> {
    let mut inventories = Vec::new();
    for (name, value) in files {
        let inventory = read_value(&name, value).map_err(|e| e.to_string())?;
        inventories.push(InventoryFile { file: name, inventory });
    }
    bts_rules::read_inventories(&inventories).map_err(|e| e.to_string())
}

/// One file as an [`Inventory`].
pub fn read_file(name: &str, text: &str) -> Result<Inventory, InventoryError> {
    read_value(name, json::parse(text))
}

fn read_value(name: &str, value: Result<Json, String>) -> Result<Inventory, InventoryError> {
    let value = value.map_err(|detail| InventoryError::Malformed { file: name.into(), at: String::new(), detail })?;
    let schema = match &value {
        Json::Object(fields) => fields
            .iter()
            .find(|(k, _)| k == "schema")
            .and_then(|(_, v)| match v {
                Json::String(s) => Some(s.as_str()),
                _ => None,
            }),
        _ => None,
    };
    Inventory::check_schema(schema, name)?;
    let fault = Cell::new(None);
    let inventory = Object::of(&value, String::new(), &fault)
        .map(|o| inventory(&o))
        .unwrap_or_default();
    match fault.take() {
        None => Ok(inventory),
        Some(at) => Err(InventoryError::Malformed { file: name.into(), at, detail: String::new() }),
    }
}

/// An object of the file and where it is (`group.adapters[0]`). A value of the wrong type reads
/// as null and leaves its path in `fault` (the first one only): the readers return values, not
/// `Result`s, as an early return at each field cost 8 KiB of WASM in drop code (SIZE.md).
struct Object<'a> {
    fields: &'a [(String, Json)],
    path: String,
    fault: &'a Cell<Option<String>>,
}

impl<'a> Object<'a> {
    /// The object `value` is (null, or not an object: none).
    fn of(value: &'a Json, path: String, fault: &'a Cell<Option<String>>) -> Option<Object<'a>> {
        match value {
            Json::Null => None,
            Json::Object(fields) => Some(Object { fields, path, fault }),
            _ => wrong(fault, path),
        }
    }

    fn path(&self, name: &str) -> String {
        if self.path.is_empty() { name.to_string() } else { format!("{}.{name}", self.path) }
    }

    /// A field and its path; the last of the name wins, as in serde_json.
    fn get(&self, name: &str) -> (&'a Json, String) {
        let value = self
            .fields
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map_or(&Json::Null, |(_, v)| v);
        (value, self.path(name))
    }

    fn object(&self, name: &str) -> Option<Object<'a>> {
        let (value, path) = self.get(name);
        Object::of(value, path, self.fault)
    }

    fn text(&self, name: &str) -> Option<String> {
        let (value, path) = self.get(name);
        text(value, path, self.fault)
    }

    /// A whole number from 0 to `max`.
    fn number(&self, name: &str, max: u32) -> Option<u32> {
        match self.get(name) {
            (Json::Null, _) => None,
            (Json::Integer(n), _) if (0..=i64::from(max)).contains(n) => Some(*n as u32),
            (_, path) => wrong(self.fault, path),
        }
    }

    fn small(&self, name: &str) -> Option<u8> {
        self.number(name, 255).map(|n| n as u8)
    }

    /// A list (null: none), each item with its path.
    fn list(&self, name: &str) -> Option<Vec<(&'a Json, String)>> {
        match self.get(name) {
            (Json::Null, _) => None,
            (Json::Array(items), path) => Some(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (v, format!("{path}[{i}]")))
                    .collect(),
            ),
            (_, path) => wrong(self.fault, path),
        }
    }

    /// A list of texts (a null item is wrong).
    fn texts(&self, name: &str) -> Option<Vec<String>> {
        let items = self.list(name)?;
        Some(
            items
                .into_iter()
                .filter_map(|(v, path)| text(v, path.clone(), self.fault).or_else(|| wrong(self.fault, path)))
                .collect(),
        )
    }

    /// A list of objects (a null item is wrong).
    fn objects(&self, name: &str) -> Option<Vec<Object<'a>>> {
        let items = self.list(name)?;
        Some(
            items
                .into_iter()
                .filter_map(|(v, path)| Object::of(v, path.clone(), self.fault).or_else(|| wrong(self.fault, path)))
                .collect(),
        )
    }
}

/// Notes the first value of the wrong type.
fn wrong<T>(fault: &Cell<Option<String>>, path: String) -> Option<T> {
    let first = fault.take();
    fault.set(first.or(Some(path)));
    None
}

fn text(value: &Json, path: String, fault: &Cell<Option<String>>) -> Option<String> {
    match value {
        Json::Null => None,
        Json::String(s) => Some(s.clone()),
        _ => wrong(fault, path),
    }
}

fn inventory(o: &Object) -> Inventory {
    Inventory {
        schema: o.text("schema"),
        computer: o.text("computer"),
        biztalk: o.object("biztalk").map(|b| BizTalkSection {
            product_name: b.text("product_name"),
            product_version: b.text("product_version"),
            product_edition: b.text("product_edition"),
            installed_updates: b.texts("installed_updates"),
            setup_features: b.texts("setup_features"),
        }),
        windows: o.object("windows").map(|w| WindowsSection {
            caption: w.text("caption"),
            build_number: w.text("build_number"),
            product_type: w.small("product_type"),
            os_architecture: w.text("os_architecture"),
        }),
        group: o.object("group").map(|g| group(&g)),
        sql: o.objects("sql").map(|list| {
            list.iter()
                .map(|s| SqlInstance {
                    server: s.text("server"),
                    databases: s.texts("databases"),
                    product_version: s.text("product_version"),
                    product_level: s.text("product_level"),
                    edition: s.text("edition"),
                })
                .collect()
        }),
        bam: o
            .object("bam")
            .map(|b| BamSection { rta_views: b.number("rta_views", u32::MAX), alert_jobs: b.number("alert_jobs", u32::MAX) }),
        iis_applications: o.texts("iis_applications"),
        errors: o.objects("errors").map(|list| {
            list.iter()
                .map(|e| ReadError { read: e.text("read"), message: e.text("message") })
                .collect()
        }),
    }
}

fn group(g: &Object) -> GroupSection {
    GroupSection {
        servers: g.texts("servers"),
        sso_server: g.text("sso_server"),
        bam_db: g
            .object("bam_db")
            .map(|d| DatabaseRef { server: d.text("server"), name: d.text("name") }),
        host_instances: g.objects("host_instances").map(|list| {
            list.iter()
                .map(|h| HostInstance {
                    host: h.text("host"),
                    server: h.text("server"),
                    cluster_instance_type: h.small("cluster_instance_type"),
                })
                .collect()
        }),
        adapters: g.objects("adapters").map(|list| {
            list.iter()
                .map(|a| Adapter {
                    // The one field an adapter must have.
                    name: a
                        .text("name")
                        .or_else(|| wrong(a.fault, a.path("name")))
                        .unwrap_or_default(),
                    receive_locations: a.number("receive_locations", u32::MAX),
                    send_ports: a.number("send_ports", u32::MAX),
                    addresses: a.texts("addresses"),
                })
                .collect()
        }),
        pipelines_in_use: g.texts("pipelines_in_use"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../collector/fixtures/");

    fn fixture(name: &str) -> (String, String) {
        let text = std::fs::read_to_string(format!("{FIXTURES}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"));
        (name.to_string(), text)
    }

    /// The command line's reading: serde_json into the rules' types.
    fn as_the_cli_reads(files: &[(String, String)]) -> Result<InventoryReading, InventoryError> {
        let files: Vec<InventoryFile> = files
            .iter()
            .map(|(name, text)| InventoryFile { file: name.clone(), inventory: serde_json::from_str(text).unwrap() })
            .collect();
        bts_rules::read_inventories(&files)
    }

    #[test]
    fn every_fixture_group_reads_as_on_the_command_line() {
        let groups: &[&[&str]] = &[
            &["single-2016.json"],
            &["group-2016-bts01.json", "group-2016-bts02.json"],
            &["mixed-2016-bts21-cu-behind.json", "mixed-2016-bts22-windows-2012r2.json"],
            &["developer-2020-win11.json"],
            &["feature-pack-2016.json"],
            &["no-wmi-rights-2016.json"],
            &["sql-refused-2016.json"],
            &["group-2016-bts01.json"],
        ];
        for names in groups {
            let files: Vec<_> = names.iter().map(|n| fixture(n)).collect();
            let cli = as_the_cli_reads(&files).unwrap();
            assert_eq!(read(&files), Ok(cli), "{names:?}");
        }
    }

    #[test]
    fn a_mixed_group_names_the_server_that_holds_it_back() {
        let files = [fixture("mixed-2016-bts21-cu-behind.json"), fixture("mixed-2016-bts22-windows-2012r2.json")];
        let reading = read(&files).unwrap();
        let os = reading.evidence.iter().find(|e| e.field == "os").unwrap();
        assert_eq!((os.value.as_str(), os.server.as_str()), ("windows-server-2012-r2", "BTS22"));
        let lag = reading
            .unknown
            .iter()
            .find(|u| u.field == "installed")
            .unwrap();
        assert!(lag.why.contains("BTS21 lags"), "{}", lag.why);
    }

    #[test]
    fn another_file_is_refused_naming_it() {
        let files = [fixture("single-2016.json"), fixture("not-an-inventory.json")];
        let message = read(&files).unwrap_err();
        assert!(message.starts_with("not-an-inventory.json is not a collector inventory"), "{message}");
        let message = read(&[("notes.txt".to_string(), "BTS01 runs 2016".to_string())]).unwrap_err();
        assert!(message.starts_with("notes.txt is not a collector inventory: it is not valid JSON"), "{message}");
        let message = read(&[("list.json".to_string(), "[1, 2]".to_string())]).unwrap_err();
        assert!(message.starts_with("list.json is not a collector inventory"), "{message}");
    }

    #[test]
    fn a_value_of_the_wrong_type_is_refused_naming_the_file_and_the_field() {
        let (_, single) = fixture("single-2016.json");
        let cases = [
            ("\"product_type\": 3", "\"product_type\": \"server\"", "windows.product_type"),
            ("\"product_type\": 3", "\"product_type\": -3", "windows.product_type"),
            ("\"rta_views\": 0", "\"rta_views\": 1.5", "bam.rta_views"),
            ("\"name\": \"FILE\"", "\"name\": null", "group.adapters[0].name"),
            ("\"name\": \"FILE\"", "\"label\": \"FILE\"", "group.adapters[0].name"),
            ("\"iis_applications\": [", "\"iis_applications\": [7, ", "iis_applications[0]"),
            ("\"windows\": {", "\"windows\": 7, \"windows_was\": {", "windows"),
            ("\"sql\": [", "\"sql\": \"SQL01\", \"sql_was\": [", "sql"),
            ("\"sql\": [", "\"sql\": [null, ", "sql[0]"),
        ];
        for (from, to, field) in cases {
            assert!(single.contains(from), "the fixture has no {from}");
            let text = single.replacen(from, to, 1);
            let message = read(&[("BTS01.json".to_string(), text)]).unwrap_err();
            assert!(message.starts_with(&format!("BTS01.json: `{field}` does not hold")), "{to}: {message}");
        }
    }

    #[test]
    fn fields_it_does_not_read_and_null_sections_are_accepted() {
        let text = r#"{"schema": "bts-inventory/1", "computer": "BTS09", "collector": {"version": "9"},
            "biztalk": null, "windows": null, "group": null, "sql": null, "bam": null, "iis_applications": null,
            "errors": [{"read": "wmi", "message": "access denied", "code": 5}]}"#;
        let reading = read(&[("BTS09.json".to_string(), text.to_string())]).unwrap();
        assert_eq!(reading.servers.len(), 1);
        assert_eq!(reading.servers[0].name, "BTS09");
        assert!(
            reading
                .unknown
                .iter()
                .any(|u| u.field == "servers" && u.why.contains("access denied")),
            "{:?}",
            reading.unknown
        );
    }

    #[test]
    fn inventories_of_two_versions_are_refused_naming_both_files() {
        let files = [fixture("single-2016.json"), fixture("developer-2020-win11.json")];
        let message = read(&files).unwrap_err();
        assert!(message.contains("single-2016.json") && message.contains("developer-2020-win11.json"), "{message}");
    }
}
