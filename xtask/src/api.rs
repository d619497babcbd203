//! The site's static data API: JSON files under `api/`, written at build time from the rules
//! (`bts-rules`), each with a JSON Schema beside it, and `api/index.json` listing them.
//!
//! `lifecycle.json` uses endoflife.date's field names where they mean the same thing (its
//! per-product JSON: `cycle`, `releaseDate`, `support` = end of mainstream support, `eol` = end
//! of extended support), so scripts written for that API read it unchanged.

use std::fs;
use std::path::Path;

use bts_rules::{DocumentedUpgrade, Edition, FeatureGroup, Version, data};
use serde_json::{Value, json};

use crate::{Context, Result};

/// The site folder that holds the API.
pub const API_DIR: &str = "api";
const SCHEMA_DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// One API document: its file name, what it holds, the data and its schema.
pub struct Document {
    pub name: &'static str,
    pub description: &'static str,
    pub data: Value,
    pub schema: Value,
}

/// Every document of the API, from the rules.
pub fn documents() -> Vec<Document> {
    let mut documents = vec![
        Document {
            name: "lifecycle",
            description: "Microsoft's support lifecycle of each BizTalk Server version (endoflife.date field names).",
            data: lifecycle(),
            schema: lifecycle_schema(),
        },
        Document {
            name: "compatibility",
            description: "For each documented upgrade, its operating-system, SQL Server and edition tables, cell for cell.",
            data: compatibility(),
            schema: compatibility_schema(),
        },
        Document {
            name: "vocabulary",
            description: "Every value a profile accepts, with its label (what `bts-advisor vocab` prints).",
            data: vocabulary(),
            schema: vocabulary_schema(),
        },
    ];
    documents.extend(requirements_document());
    documents
}

/// Writes every document, its schema and `index.json` into `dir`; returns the file names.
pub fn write_api(dir: &Path) -> Result<Vec<String>> {
    fs::create_dir_all(dir).context(format!("cannot create {}", dir.display()))?;
    let documents = documents();
    let mut written = Vec::new();
    let mut write = |name: String, value: &Value| -> Result<()> {
        let text = serde_json::to_string_pretty(value).context(format!("cannot serialise {name}"))? + "\n";
        fs::write(dir.join(&name), text).context(format!("cannot write {}", dir.join(&name).display()))?;
        written.push(name);
        Ok(())
    };
    for document in &documents {
        write(format!("{}.json", document.name), &document.data)?;
        write(format!("{}.schema.json", document.name), &document.schema)?;
    }
    write("index.json".into(), &index(&documents))?;
    write("index.schema.json".into(), &index_schema())?;
    Ok(written)
}

fn index(documents: &[Document]) -> Value {
    let files: Vec<Value> = documents
        .iter()
        .map(|d| json!({"name": d.name, "path": format!("{}.json", d.name), "schema": format!("{}.schema.json", d.name), "description": d.description}))
        .collect();
    json!({"api": "BizTalk Upgrade Advisor data API", "version": 1, "rulesVersion": env!("CARGO_PKG_VERSION"), "files": files})
}

pub fn lifecycle() -> Value {
    let cycles: Vec<Value> = data::LIFECYCLES
        .iter()
        .map(|l| {
            json!({
                "cycle": l.version.id(),
                "label": l.version.label(),
                "releaseDate": l.start.to_string(),
                "support": l.mainstream_end.to_string(),
                "eol": l.extended_end.to_string(),
                "link": l.page,
            })
        })
        .collect();
    Value::Array(cycles)
}

pub fn compatibility() -> Value {
    let upgrades: Vec<Value> = data::DOCUMENTED_UPGRADES.iter().map(upgrade).collect();
    Value::Array(upgrades)
}

fn upgrade(u: &DocumentedUpgrade) -> Value {
    let by_from = |cells: &[bts_rules::Support]| -> Value {
        u.from.iter().zip(cells).map(|(from, cell)| (from.id().to_string(), json!(cell.id()))).collect::<serde_json::Map<_, _>>().into()
    };
    let os: Vec<Value> = u.os.iter().map(|(os, cells)| json!({"id": os.id(), "label": os.label(), "support": by_from(cells)})).collect();
    let sql: Vec<Value> =
        u.sql.iter().map(|(sql, cells)| json!({"id": sql.id(), "label": sql.label(), "support": by_from(cells)})).collect();
    let editions: Vec<Value> = u
        .editions
        .iter()
        .map(|(edition, cells)| {
            let to: serde_json::Map<String, Value> =
                Edition::ALL.iter().zip(cells.iter()).map(|(t, c)| (t.id().to_string(), json!(c.id()))).collect();
            json!({"id": edition.id(), "label": edition.label(), "support": to})
        })
        .collect();
    json!({
        "to": u.to.id(),
        "from": u.from.iter().map(|v| v.id()).collect::<Vec<_>>(),
        "source": u.source,
        "os": os,
        "sql": sql,
        "editions": editions,
    })
}

/// The same document as `bts-advisor vocab`: both serialise the rules' `VocabularyDocument`.
pub fn vocabulary() -> Value {
    serde_json::to_value(bts_rules::VocabularyDocument).expect("the vocabulary serialises")
}

/// `api/requirements.json`: what each target version needs of a computer (its requirements
/// page), with the WinSCP version per cumulative update.
fn requirements_document() -> Option<Document> {
    Some(Document {
        name: "requirements",
        description: "What each target version of BizTalk Server needs of a computer: Windows, SQL Server, other software, WinSCP per update.",
        data: requirements(),
        schema: requirements_schema(),
    })
}

/// A value with what it needs beyond the release ("BizTalk Server 2020 CU6 or later"); `needs`
/// is left out where there is nothing.
fn platform_entry<T: bts_rules::Vocabulary>(value: T, needs: Option<&str>) -> Value {
    let mut entry = json!({"id": value.id(), "label": value.label()});
    if let Some(needs) = needs {
        entry["needs"] = json!(needs);
    }
    entry
}

pub fn requirements() -> Value {
    let targets: Vec<Value> = data::TARGET_PLATFORMS
        .iter()
        .map(|t| {
            let software: Vec<Value> = t
                .software
                .iter()
                .map(|s| {
                    let mut entry = json!({"name": s.name, "required": s.required, "versions": s.versions});
                    if let Some(used_for) = s.used_for {
                        entry["for"] = json!(used_for);
                    }
                    if let Some(note) = s.note {
                        entry["note"] = json!(note);
                    }
                    entry
                })
                .collect();
            let winscp: Vec<Value> = data::WINSCP_VERSIONS
                .iter()
                .filter(|w| w.biztalk == t.version)
                .map(|w| json!({"updates": w.updates, "winscp": w.winscp}))
                .collect();
            json!({
                "version": t.version.id(),
                "page": t.page,
                "source": t.source,
                "os": t.os.iter().map(|(os, needs)| platform_entry(*os, *needs)).collect::<Vec<_>>(),
                "sql": t.sql.iter().map(|(sql, needs)| platform_entry(*sql, *needs)).collect::<Vec<_>>(),
                "software": software,
                "winscp": winscp,
            })
        })
        .collect();
    Value::Array(targets)
}

// Schemas (JSON Schema 2020-12). They use only type, properties, required, additionalProperties,
// items, enum, minItems and format "date", which the site checks validate by hand.

fn string_enum(values: impl IntoIterator<Item = &'static str>) -> Value {
    json!({"type": "string", "enum": values.into_iter().collect::<Vec<_>>()})
}

fn date(description: &str) -> Value {
    json!({"type": "string", "format": "date", "description": description})
}

fn object(properties: Value, description: &str) -> Value {
    let required: Vec<String> = properties.as_object().map(|p| p.keys().cloned().collect()).unwrap_or_default();
    json!({"type": "object", "description": description, "properties": properties, "required": required, "additionalProperties": false})
}

fn document_schema(name: &str, title: &str, body: Value) -> Value {
    let mut schema = json!({"$schema": SCHEMA_DIALECT, "$id": format!("{name}.schema.json"), "title": title});
    if let (Some(schema), Some(body)) = (schema.as_object_mut(), body.as_object()) {
        schema.extend(body.clone());
    }
    schema
}

fn version_ids() -> Value {
    string_enum(Version::ALL.iter().map(|v| v.id()))
}

fn support_ids() -> Value {
    string_enum(bts_rules::Support::ALL.iter().map(|s| s.id()))
}

pub fn lifecycle_schema() -> Value {
    let cycle = object(
        json!({
            "cycle": {"type": "string", "enum": Version::ALL.iter().map(|v| v.id()).collect::<Vec<_>>(), "description": "The version's id, as profiles use it."},
            "label": {"type": "string", "description": "The version's name."},
            "releaseDate": date("Start of support (general availability)."),
            "support": date("End of mainstream support (last day)."),
            "eol": date("End of extended support (last day): no security fixes after it."),
            "link": {"type": "string", "description": "Microsoft's lifecycle page the dates come from."},
        }),
        "One BizTalk Server version.",
    );
    document_schema("lifecycle", "BizTalk Server support lifecycle", json!({"type": "array", "minItems": 1, "items": cycle}))
}

pub fn compatibility_schema() -> Value {
    let row = |description: &str, support: &str| {
        object(
            json!({
                "id": {"type": "string"},
                "label": {"type": "string"},
                "support": {"type": "object", "description": support, "additionalProperties": support_ids()},
            }),
            description,
        )
    };
    let upgrade = object(
        json!({
            "to": version_ids(),
            "from": {"type": "array", "minItems": 1, "items": version_ids(), "description": "The versions this upgrade starts from."},
            "source": {"type": "string", "description": "Site-relative link to the book section with these tables."},
            "os": {"type": "array", "items": row("An operating system.", "By version upgraded from: whether BizTalk on this OS can be upgraded.")},
            "sql": {"type": "array", "items": row("A SQL Server version.", "By version upgraded from: whether databases on this SQL Server can be upgraded.")},
            "editions": {"type": "array", "items": row("A current edition.", "By target edition: whether the upgrade can go to it.")},
        }),
        "One documented in-place upgrade and its three tables.",
    );
    document_schema(
        "compatibility",
        "BizTalk Server upgrade compatibility tables",
        json!({"type": "array", "minItems": 1, "items": upgrade}),
    )
}

pub fn vocabulary_schema() -> Value {
    let list = || json!({"type": "array", "minItems": 1, "items": object(json!({"id": {"type": "string"}, "label": {"type": "string"}}), "An accepted value.")});
    let features = json!({
        "type": "array",
        "minItems": 1,
        "items": object(
            json!({"id": {"type": "string"}, "label": {"type": "string"}, "group": string_enum(FeatureGroup::ALL.iter().map(|g| g.id()))}),
            "A deployment feature.",
        ),
    });
    let body = object(
        json!({
            "upgrade": object(
                json!({"from": list(), "to": list(), "edition": list(), "to_edition": list(), "os": list(), "sql": list(), "sql_target": list(),
                       "sql_level": list(), "sql_edition": list(), "features": features.clone(), "unsure": features}),
                "Fields of an upgrade profile.",
            ),
            "hotfix": object(json!({"downloads": list(), "arch": list()}), "Fields of a hotfix profile."),
            "feature_groups": list(),
            "verdicts": list(),
            "upgrade_phases": list(),
            "hotfix_phases": list(),
        }),
        "Every accepted value of the advisor's profiles.",
    );
    document_schema("vocabulary", "BizTalk Upgrade Advisor vocabulary", body)
}

/// An object whose `optional` properties may be left out.
fn object_with_optional(properties: Value, optional: &[&str], description: &str) -> Value {
    let mut schema = object(properties, description);
    if let Some(required) = schema["required"].as_array_mut() {
        required.retain(|r| !optional.contains(&r.as_str().unwrap_or_default()));
    }
    schema
}

pub fn requirements_schema() -> Value {
    let strings = || json!({"type": "array", "minItems": 1, "items": {"type": "string"}});
    let platform = |what: &str| {
        object_with_optional(
            json!({
                "id": {"type": "string"},
                "label": {"type": "string"},
                "needs": {"type": "string", "description": "What it needs beyond the release (a BizTalk cumulative update, a service pack)."},
            }),
            &["needs"],
            what,
        )
    };
    let software = object_with_optional(
        json!({
            "name": {"type": "string"},
            "required": {"type": "boolean", "description": "Required (true) or optional (false)."},
            "for": {"type": "string", "description": "What needs it."},
            "versions": strings(),
            "note": {"type": "string"},
        }),
        &["for", "note"],
        "Other software the version needs or can use.",
    );
    let target = object(
        json!({
            "version": string_enum(Version::TARGETS.iter().map(|v| v.id())),
            "page": {"type": "string", "description": "Microsoft's hardware and software requirements page."},
            "source": {"type": "string", "description": "Site-relative link to the book section."},
            "os": {"type": "array", "minItems": 1, "items": platform("A supported operating system, newest first.")},
            "sql": {"type": "array", "minItems": 1, "items": platform("A supported SQL Server, newest first.")},
            "software": {"type": "array", "items": software},
            "winscp": {"type": "array", "items": object(json!({"updates": {"type": "string"}, "winscp": {"type": "string"}}), "The WinSCP version the SFTP adapter needs with these cumulative updates.")},
        }),
        "What one target version needs of a computer.",
    );
    document_schema("requirements", "BizTalk Server target platform requirements", json!({"type": "array", "minItems": 1, "items": target}))
}

fn index_schema() -> Value {
    let file = object(
        json!({
            "name": {"type": "string"},
            "path": {"type": "string"},
            "schema": {"type": "string"},
            "description": {"type": "string"},
        }),
        "One file of the API.",
    );
    let body = object(
        json!({
            "api": {"type": "string"},
            "version": {"type": "integer"},
            "rulesVersion": {"type": "string"},
            "files": {"type": "array", "minItems": 1, "items": file},
        }),
        "The files of the API.",
    );
    document_schema("index", "BizTalk Upgrade Advisor data API index", body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_every_document_its_schema_and_the_index() {
        let dir = std::env::temp_dir().join(format!("xtask-api-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let mut files = write_api(&dir).unwrap();
        files.sort();
        assert_eq!(
            files,
            [
                "compatibility.json",
                "compatibility.schema.json",
                "index.json",
                "index.schema.json",
                "lifecycle.json",
                "lifecycle.schema.json",
                "requirements.json",
                "requirements.schema.json",
                "vocabulary.json",
                "vocabulary.schema.json"
            ]
        );
        let index: Value = serde_json::from_str(&fs::read_to_string(dir.join("index.json")).unwrap()).unwrap();
        let listed: Vec<&str> = index["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
        assert_eq!(listed, ["lifecycle.json", "compatibility.json", "vocabulary.json", "requirements.json"]);
        let _ = fs::remove_dir_all(dir);
    }

    #[test]
    fn lifecycle_uses_endoflife_dates_field_names() {
        let cycles = lifecycle();
        let bts2016 = cycles.as_array().unwrap().iter().find(|c| c["cycle"] == "2016").unwrap();
        assert_eq!(bts2016["eol"], "2027-01-11", "the README's date for 2016's end of extended support");
        for field in ["releaseDate", "support", "eol"] {
            assert!(bts2016[field].as_str().unwrap().len() == 10, "{field}");
        }
        assert_eq!(cycles.as_array().unwrap().len(), Version::ALL.len());
    }

    #[test]
    fn schemas_require_every_field_the_documents_have() {
        let schema = lifecycle_schema();
        let required: Vec<&str> = schema["items"]["required"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
        let first = lifecycle()[0].as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        for key in &first {
            assert!(required.contains(&key.as_str()), "{key}");
        }
        assert_eq!(schema["$schema"], SCHEMA_DIALECT);
    }

    #[test]
    fn requirements_carry_each_target_with_what_needs_cu6_and_its_winscp_versions() {
        let targets = requirements();
        let bts2020 = targets.as_array().unwrap().iter().find(|t| t["version"] == "2020").unwrap();
        assert_eq!(
            bts2020["os"][0],
            json!({"id": "windows-server-2022", "label": "Windows Server 2022", "needs": "BizTalk Server 2020 CU6 or later"})
        );
        assert!(bts2020["os"].as_array().unwrap().iter().any(|o| o["id"] == "windows-10" && o.get("needs").is_none()));
        assert!(bts2020["winscp"].as_array().unwrap().iter().any(|w| w["updates"] == "CU6" && w["winscp"] == "6.3.5"));
        assert_eq!(targets.as_array().unwrap().len(), Version::TARGETS.len());
    }
}
