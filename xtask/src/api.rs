//! The site's static data API: JSON files under `api/`, written at build time from the rules
//! (`bts-rules`), each with a JSON Schema beside it, and `api/index.json` listing them.
//!
//! `lifecycle.json` uses endoflife.date's field names where they mean the same thing (its
//! per-product JSON: `cycle`, `releaseDate`, `support` = end of mainstream support, `eol` = end
//! of extended support), so scripts written for that API read it unchanged.

use std::fs;
use std::path::Path;

use bts_rules::{DocumentedUpgrade, Edition, FeatureGroup, UpdateCatalogueDocument, UpdateVersion, Version, data};
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
    documents.push(Document {
        name: "updates",
        description: "Every known update of each BizTalk Server version: KB, build, date, what it adds, WinSCP and confidence (what `bts-advisor updates` prints).",
        data: updates(),
        schema: updates_schema(),
    });
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
            let catalogue = UpdateVersion::of(l.version);
            let latest = catalogue.get(catalogue.latest).expect("the build checks `latest` names an update");
            json!({
                "cycle": l.version.id(),
                "label": l.version.label(),
                "releaseDate": l.start.to_string(),
                "support": l.mainstream_end.to_string(),
                "eol": l.extended_end.to_string(),
                "link": l.page,
                "latest": latest.id,
                "latestReleaseDate": latest.released.map(|d| d.to_string()),
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
            "latest": {"type": "string", "description": "The newest update of the version in the update catalogue (`cu7`; its KB and build, where known, are in updates.json)."},
            "latestReleaseDate": {"type": ["string", "null"], "format": "date", "description": "The date of that update, null where no source gives one (what kind of date it is: updates.json)."},
        }),
        "One BizTalk Server version.",
    );
    document_schema("lifecycle", "BizTalk Server support lifecycle", json!({"type": "array", "minItems": 1, "items": cycle}))
}

/// The update catalogue, as `bts-advisor updates` prints it.
pub fn updates() -> Value {
    serde_json::to_value(UpdateCatalogueDocument(None)).expect("the catalogue serialises to JSON")
}

pub fn updates_schema() -> Value {
    let text = |description: &str| json!({"type": "string", "description": description});
    let maybe = |description: &str| json!({"type": ["string", "null"], "description": description});
    let strings = |description: &str| json!({"type": "array", "items": {"type": "string"}, "description": description});
    let update = object(
        json!({
            "id": text("rtm, cuN; for 2016 also fp1..fp3, cuN-fpM (a cumulative update with a Feature Pack) and cu5-hotfix."),
            "level": maybe("The cumulative update level the package brings (rtm, cuN); null where no source gives it (2016 fp1)."),
            "feature_pack": {"type": ["string", "null"], "enum": ["fp1", "fp2", "fp3", null], "description": "The 2016 Feature Pack the package carries."},
            "kind": string_enum(["rtm", "cumulative-update", "feature-pack", "cumulative-update-and-feature-pack", "hotfix"]),
            "name": text("A readable name in the form of Microsoft's KB titles."),
            "kb": {"type": ["string", "null"], "pattern": "^[0-9]+$", "description": "The KB article number; null where not known."},
            "alternate_kbs": strings("Further KB numbers the sources tie to the same update."),
            "build": {"type": ["string", "null"], "pattern": "^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+$", "description": "The build number; null where not known."},
            "released": {"type": ["string", "null"], "format": "date", "description": "The date; null where not known."},
            "released_kind": {"type": ["string", "null"], "enum": ["community-release-date", "download-center-published", "announcement-date", "third-party-release-date", null], "description": "What kind of date `released` is."},
            "winscp": maybe("The WinSCP version the SFTP adapter needs with this update; null where not known or not used."),
            "adds": strings("What it adds to the software the version supports or requires."),
            "changes": strings("Other changes the sources tie to it."),
            "visual_studio_extension": maybe("The BizTalk Server Visual Studio extension its Download Center page asks developers to install."),
            "related_packages": {"type": "array", "items": object(json!({"component": {"type": "string"}, "kb": {"type": "string"}}), "Another package on the same Download Center page.")},
            "confidence": {"type": ["string", "null"], "enum": ["microsoft", "community", "announced", null], "description": "microsoft: a Microsoft page states its KB and build; community: at least one comes from a community source only; announced: no KB or build published; null: no source gives either."},
            "microsoft_states": {"type": "array", "items": string_enum(["kb", "build", "released"]), "description": "Which facts a Microsoft page states."},
            "uncertain": {"type": "array", "items": string_enum(["kb", "alternate_kbs", "build", "released"]), "description": "Fields the sources dispute or mark suspect; `note` says why."},
            "sources": strings("Ids of the entries of `sources`."),
            "note": maybe("Anything else the sources say, in particular what is uncertain."),
        }),
        "One update package.",
    );
    let version = object(
        json!({
            "version": version_ids(),
            "label": text("The version's name."),
            "build_prefix": text("The major.minor its builds start with."),
            "latest": text("The id of the newest cumulative update the sources know."),
            "latest_feature_pack": maybe("2016: the package a group with a Feature Pack installs instead."),
            "latest_note": text("What \"latest\" rests on."),
            "note": maybe("Facts about the version's updates that belong to no single update."),
            "sources": strings("Ids of the entries of `sources`."),
            "recognise": object(
                json!({
                    "display_name_starts": strings("How an installed update's name begins in Installed Updates; <n> is its number."),
                    "display_name_contains": strings("What else community scripts look for in those names; <kb> is a KB number."),
                    "sources": strings("Ids of the entries of `sources`."),
                }),
                "How an installed update shows in Programs and Features (community scripts).",
            ),
            "source": text("The book section with the version's update table."),
            "updates": {"type": "array", "minItems": 1, "items": update},
        }),
        "The updates of one BizTalk Server version, in release order.",
    );
    let source = object(
        json!({
            "id": text("S1, S2, ..."),
            "owner": string_enum(["microsoft", "community"]),
            "title": text("What the source is."),
            "url": maybe("Its address."),
            "repo": maybe("The GitHub repository of a source file."),
            "path": maybe("The file in that repository."),
        }),
        "A source of the catalogue's facts.",
    );
    let body = object(
        json!({"versions": {"type": "array", "minItems": 1, "items": version}, "sources": {"type": "array", "items": source}}),
        "The update catalogue, newest version first.",
    );
    document_schema("updates", "BizTalk Server update catalogue", body)
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
                       "sql_level": list(), "sql_edition": list(), "features": features.clone(), "unsure": features.clone()}),
                "Fields of an upgrade profile.",
            ),
            "hotfix": object(
                json!({
                    "downloads": list(), "arch": list(), "version": list(),
                    "installed": {"type": "object", "description": "Per version, the updates `installed` accepts.", "additionalProperties": list()},
                    "target": {"type": "object", "description": "Per version, the updates `target` accepts.", "additionalProperties": list()},
                    "feature_pack": list(), "features": features.clone(),
                }),
                "Fields of a hotfix profile (the update planner's from `version` on).",
            ),
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
                "updates.json",
                "updates.schema.json",
                "vocabulary.json",
                "vocabulary.schema.json"
            ]
        );
        let index: Value = serde_json::from_str(&fs::read_to_string(dir.join("index.json")).unwrap()).unwrap();
        let listed: Vec<&str> = index["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
        assert_eq!(listed, ["lifecycle.json", "compatibility.json", "vocabulary.json", "requirements.json", "updates.json"]);
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
        // endoflife.date's `latest` and `latestReleaseDate`: the newest update and its date.
        assert_eq!((bts2016["latest"].as_str(), bts2016["latestReleaseDate"].as_str()), (Some("cu9"), Some("2021-08-25")));
        let bts2013 = cycles.as_array().unwrap().iter().find(|c| c["cycle"] == "2013").unwrap();
        assert_eq!((bts2013["latest"].as_str(), bts2013["latestReleaseDate"].is_null()), (Some("cu5"), true), "no date is guessed");
    }

    #[test]
    fn updates_are_the_catalogue_newest_version_first() {
        let updates = updates();
        let versions: Vec<&str> = updates["versions"].as_array().unwrap().iter().map(|v| v["version"].as_str().unwrap()).collect();
        assert_eq!(versions, ["2020", "2016", "2013r2", "2013"]);
        let schema = updates_schema();
        let required: Vec<&str> = schema["properties"]["versions"]["items"]["properties"]["updates"]["items"]["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        for key in updates["versions"][0]["updates"][0].as_object().unwrap().keys() {
            assert!(required.contains(&key.as_str()), "{key}");
        }
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
