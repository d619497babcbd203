//! The inventory importer: what "Load inventory" runs, built as its own WASM (the crate's feature
//! `inventory-import`, `cargo xtask build`) that an advisor's page downloads only when the user
//! chooses collector files, so the advisors' WASM carries none of it (SIZE.md).
//!
//! [`fill_from_inventories`] reads the files ([`crate::inventory`]), lets the rules crate map
//! them as `bts-advisor inventory` does, fills the advisor's profile ([`fill_upgrade`],
//! [`fill_hotfix`]) and writes what the files showed ([`readings`]: where each value was read,
//! what they cannot tell and why, as a list and as a note for each control it concerns). The
//! profile goes in and out as the page's link text (`share`): the page's loader sets the filled
//! link as the page's hash, and the advisor applies it as it applies a link pasted into the
//! address bar, so neither advisor's WASM grows. The WASM's one export is
//! [`js::fill_from_inventories`].

use bts_rules::{Architecture, Edition, Feature, InventoryReading, OperatingSystem, SqlEdition, SqlLevel, SqlServer, Version};

use crate::progress::AdvisorKind;
use crate::share::{self, Link};

/// What the importer returns to the advisor's page.
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    /// The filled profile as link text (no leading `#`).
    pub link: String,
    /// What the files showed, as the panel lists it.
    pub sections: Vec<Section>,
    /// The note beside each control the files decided or could not tell: the control's element
    /// id and the text ("Windows Server 2016: read on BTS01 from Win32_OperatingSystem").
    pub notes: Vec<(String, String)>,
    /// Values read that concern the advisor.
    pub values: usize,
    /// Things the files cannot tell that concern the advisor.
    pub unsure: usize,
    /// What the page's live region says: "Filled in from a.json, b.json: 12 values read, 2 not sure. ...".
    pub summary: String,
}

/// Fills the advisor's profile (`kind`: `upgrade` or `hotfix`; `hash` and `query`: the page's
/// address, which holds the form's answers as link text) from the collector files (`names[i]`
/// holds `texts[i]`); or why not, naming the file and the field.
pub fn fill_from_inventories(kind: &str, hash: &str, query: &str, names: &[String], texts: &[String]) -> Result<Filled, String> {
    let parsed = texts.iter().map(|text| crate::json::parse(text)).collect();
    fill_from_parsed(kind, hash, query, names, parsed)
}

/// As [`fill_from_inventories`], from each file's JSON as a parser gave it (or what is wrong with
/// its text).
pub fn fill_from_parsed(
    kind: &str,
    hash: &str,
    query: &str,
    names: &[String],
    parsed: Vec<Result<crate::json::Json, String>>,
) -> Result<Filled, String> {
    if names.len() != parsed.len() {
        return Err(format!("{} file names for {} files", names.len(), parsed.len()));
    }
    let kind = match kind {
        "upgrade" => AdvisorKind::Upgrade,
        "hotfix" => AdvisorKind::Hotfix,
        other => return Err(format!("no advisor is called {other:?} (upgrade, hotfix)")),
    };
    let reading = crate::inventory::read_parsed(names.iter().cloned().zip(parsed).collect())?;
    // The page's own address: what it cannot use, the advisor has already said when it loaded.
    let link = Link::location(hash, query);
    let link = match kind {
        AdvisorKind::Upgrade => {
            let mut p = share::decode_upgrade(link).profile;
            fill_upgrade(&reading, &mut p);
            share::encode_upgrade(&p)
        }
        AdvisorKind::Hotfix => {
            let mut p = share::decode_hotfix(link).profile;
            fill_hotfix(&reading, &mut p);
            share::encode_hotfix(&p)
        }
    };
    let Readings { sections, notes, values, unsure } = readings(kind, &reading, names);
    let summary = format!("Filled in from {}: {values} values read, {unsure} not sure. See What the inventory showed.", names.join(", "));
    Ok(Filled { link, sections, notes, values, unsure, summary })
}

/// The export, for the advisors' pages (through the loader's `inventoryImporter()`).
#[cfg(all(feature = "inventory-import", target_arch = "wasm32"))]
pub mod js {
    use wasm_bindgen::prelude::*;

    use crate::json::Json;

    /// `{ link, sections: [{ heading, help, class, items: [[field, title, text], ...] }, ...],
    /// notes: [[id, text], ...], summary }` (see
    /// [`super::Filled`]), or throws why not as a string. The files are parsed by the browser's
    /// `JSON.parse`, so this WASM carries no JSON parser (SIZE.md).
    #[wasm_bindgen]
    pub fn fill_from_inventories(kind: &str, hash: &str, query: &str, names: Vec<String>, texts: Vec<String>) -> Result<JsValue, String> {
        let parsed = texts
            .iter()
            .map(|text| match js_sys::JSON::parse(text) {
                Ok(value) => json(&value, 0),
                Err(error) => Err(error
                    .dyn_into::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .unwrap_or_else(|_| "not JSON".to_string())),
            })
            .collect();
        let filled = super::fill_from_parsed(kind, hash, query, &names, parsed)?;
        let notes = js_sys::Array::new();
        for (id, text) in filled.notes {
            notes.push(&js_sys::Array::of2(&id.into(), &text.into()));
        }
        let sections = js_sys::Array::new();
        let mut handed = Ok(());
        for section in filled.sections {
            let items = js_sys::Array::new();
            for item in section.items {
                items.push(&js_sys::Array::of3(&item.field.into(), &item.title.into(), &item.text.into()));
            }
            let one = js_sys::Object::new();
            let set = |key: &str, value: JsValue| js_sys::Reflect::set(&one, &key.into(), &value).map(|_| ());
            handed = handed
                .and(set("heading", section.heading.into()))
                .and(set("help", section.help.into()))
                .and(set("class", section.class.into()))
                .and(set("items", items.into()));
            sections.push(&one);
        }
        let out = js_sys::Object::new();
        let set = |key: &str, value: JsValue| js_sys::Reflect::set(&out, &key.into(), &value).map(|_| ());
        handed
            .and_then(|_| set("link", filled.link.into()))
            .and_then(|_| set("sections", sections.into()))
            .and_then(|_| set("notes", notes.into()))
            .and_then(|_| set("summary", filled.summary.into()))
            .map_err(|_| "the answer could not be handed back to the page".to_string())?;
        Ok(out.into())
    }

    /// What `JSON.parse` gave, as the crate's [`Json`] (numbers as `json::parse` keeps them: a
    /// whole number that fits, or "some other number").
    fn json(value: &JsValue, depth: usize) -> Result<Json, String> {
        if depth > 32 {
            return Err("nesting deeper than 32 levels".to_string());
        }
        if value.is_null() {
            return Ok(Json::Null);
        }
        if let Some(b) = value.as_bool() {
            return Ok(Json::Bool(b));
        }
        if let Some(n) = value.as_f64() {
            let whole = n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_991.0;
            return Ok(if whole { Json::Integer(n as i64) } else { Json::Number });
        }
        if let Some(s) = value.as_string() {
            return Ok(Json::String(s));
        }
        if js_sys::Array::is_array(value) {
            return js_sys::Array::from(value)
                .iter()
                .map(|v| json(&v, depth + 1))
                .collect::<Result<_, _>>()
                .map(Json::Array);
        }
        js_sys::Object::entries(value.unchecked_ref())
            .iter()
            .map(|entry| {
                let entry = js_sys::Array::from(&entry);
                Ok((entry.get(0).as_string().unwrap_or_default(), json(&entry.get(1), depth + 1)?))
            })
            .collect::<Result<_, _>>()
            .map(Json::Object)
    }
}

/// The fields of each advisor's profile an inventory fills, as the reading names them.
fn fields(kind: AdvisorKind) -> &'static [&'static str] {
    match kind {
        AdvisorKind::Upgrade => &["from", "edition", "os", "sql", "sql_level", "sql_edition", "features"],
        AdvisorKind::Hotfix => &["version", "installed", "feature_pack", "servers", "arch", "features"],
    }
}

/// Whether a reading of `field` (`os`, `features.bam`, `servers.BTS02`) concerns this advisor.
fn concerns(kind: AdvisorKind, field: &str) -> bool {
    match field.split_once('.') {
        // A server of the group without an inventory of its own concerns both.
        Some(("servers", _)) => true,
        Some(("features", f)) => {
            kind == AdvisorKind::Upgrade || Feature::from_id(f).is_some_and(|f| bts_rules::HOTFIX_FEATURES.contains(&f))
        }
        // The version is `from` in the reading's unknowns.
        _ => fields(kind).contains(&field) || (kind == AdvisorKind::Hotfix && field == "from"),
    }
}

/// A profile field in the form's words.
fn field_label(field: &str) -> &str {
    match field {
        "from" => "Current version",
        "version" => "BizTalk Server version",
        "edition" => "Current edition",
        "os" => "Operating system",
        "sql" => "SQL Server that hosts the BizTalk databases",
        "sql_level" => "SQL Server service pack",
        "sql_edition" => "SQL Server edition",
        "installed" => "Update installed",
        "feature_pack" => "Feature Pack installed",
        "servers" => "BizTalk servers in the group",
        "arch" => "Processor architecture",
        other => other,
    }
}

/// A value in the form's words: the vocabulary's label, the update's name, or the value itself.
fn value_label(reading: &InventoryReading, field: &str, value: &str) -> String {
    let label = match field {
        "from" | "version" => Version::from_id(value).map(|v| v.label()),
        "edition" => Edition::from_id(value).map(|v| v.label()),
        "os" => OperatingSystem::from_id(value).map(|v| v.label()),
        "sql" => SqlServer::from_id(value).map(|v| v.label()),
        "sql_level" => SqlLevel::from_id(value).map(|v| v.label()),
        "sql_edition" => SqlEdition::from_id(value).map(|v| v.label()),
        "arch" => Architecture::from_id(value).map(|v| v.label()),
        "features" => Feature::from_id(value).map(|v| v.label()),
        "installed" | "feature_pack" => reading
            .hotfix_profile
            .version
            .and_then(|v| bts_rules::UpdateVersion::of(v).get(value))
            .map(|u| u.name),
        _ => None,
    };
    label.map_or_else(|| value.to_string(), str::to_string)
}

/// The element id of the control that holds `field` in the advisor's form (`upgrade-os`,
/// `feature-bam`, `hotfix-installed`); none for a server of the group. The browser suite checks
/// that each note lands beside its control.
fn control(kind: AdvisorKind, field: &str) -> Option<String> {
    let id = match (kind, field.split_once('.')) {
        (_, Some(("servers", _))) => return None,
        (AdvisorKind::Upgrade, Some(("features", f))) => format!("feature-{f}"),
        (AdvisorKind::Hotfix, Some(("features", f))) => format!("hotfix-feature-{f}"),
        (AdvisorKind::Upgrade, _) => format!("upgrade-{}", field.replace('_', "-")),
        // The version is `from` in the reading's unknowns.
        (AdvisorKind::Hotfix, _) if field == "from" => "hotfix-version".to_string(),
        (AdvisorKind::Hotfix, _) => format!("hotfix-{}", field.replace('_', "-")),
    };
    Some(id)
}

/// What the inventories showed: lists of what was read, for the panel, and a note for each
/// control. Plain text only: the page's loader builds the elements (it sets no HTML).
#[derive(Debug, Default)]
pub struct Readings {
    /// The panel's lists in order: what was read, what is not sure, the servers of a group.
    pub sections: Vec<Section>,
    /// (control id, text), one per control, in the order of the form's reading.
    pub notes: Vec<(String, String)>,
    /// Values read that concern the advisor.
    pub values: usize,
    /// Things the files cannot tell that concern the advisor.
    pub unsure: usize,
}

/// One of the panel's lists: `heading`, a line of help, and its items (`ul.class`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    pub heading: String,
    pub help: String,
    pub class: &'static str,
    pub items: Vec<Item>,
}

/// `li[data-field=field]`: the title in bold, then the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub field: String,
    pub title: String,
    pub text: String,
}

impl Readings {
    /// Adds `text` to the note of the control holding `field` (a second reading of the same
    /// control, say a feature used on two servers, follows the first).
    fn note(&mut self, kind: AdvisorKind, field: &str, text: String) {
        let Some(id) = control(kind, field) else {
            return;
        };
        match self.notes.iter_mut().find(|(i, _)| *i == id) {
            // The same reading under two names (the version is `from` and `version`).
            Some((_, note)) if note.split("; ").any(|said| said == text) => {}
            Some((_, note)) => {
                note.push_str("; ");
                note.push_str(&text);
            }
            None => self.notes.push((id, text)),
        }
    }

    /// The item listed for `field`, as the page shows it ("title text").
    pub fn listed(&self, field: &str) -> Option<String> {
        self.sections
            .iter()
            .flat_map(|s| &s.items)
            .find(|i| i.field == field)
            .map(|i| format!("{} {}", i.title, i.text))
    }
}

/// What the inventories showed, as lists and as notes beside the controls, with the number of
/// values read and of things not sure.
pub fn readings(kind: AdvisorKind, reading: &InventoryReading, files: &[String]) -> Readings {
    let mut r = Readings::default();
    let mut read = Section {
        heading: "What the inventory showed".to_string(),
        help: format!(
            "Read from {} in this browser. Check each value below; the form now holds them, each with where it was read, and you can still change any of them.",
            files.join(", ")
        ),
        class: "bts-evidence",
        items: Vec::new(),
    };
    for e in &reading.evidence {
        let (key, field) =
            if e.field == "features" { (format!("features.{}", e.value), "Uses") } else { (e.field.to_string(), field_label(e.field)) };
        // The planner's version is read as `version`; `from` is the upgrade advisor's name for it.
        if !concerns(kind, &key) || (kind == AdvisorKind::Hotfix && e.field == "from") {
            continue;
        }
        r.values += 1;
        let value = value_label(reading, e.field, &e.value);
        let mut text = format!("read on {} from {}", e.server, e.from);
        // In a mixed group, say which server holds the value back.
        if e.field == "os"
            && reading
                .servers
                .iter()
                .any(|s| s.os.is_some_and(|os| os.id() != e.value))
        {
            text.push_str(&format!(": the oldest operating system of the group decides, and {} runs it", e.server));
        }
        let note = if e.field == "features" { format!("In use: {text}") } else { format!("{value}: {text}") };
        r.note(kind, &key, note);
        read.items
            .push(Item { field: key, title: format!("{field}: {value}"), text });
    }
    r.sections.push(read);
    let unknown: Vec<_> = reading
        .unknown
        .iter()
        .filter(|u| concerns(kind, &u.field))
        .collect();
    r.unsure = unknown.len();
    if !unknown.is_empty() {
        let mut unsure = Section {
            heading: "Not sure".to_string(),
            help: match kind {
                AdvisorKind::Upgrade => {
                    "The inventory cannot tell these; answer them yourself. Features it cannot tell keep your tick, or are marked not sure: their steps are in the checklist, marked so, and they do not change the verdict."
                }
                AdvisorKind::Hotfix => "The inventory cannot tell these; answer them yourself. Features it cannot tell keep what the form held.",
            }
            .to_string(),
            class: "bts-unknown",
            items: Vec::new(),
        };
        for u in unknown {
            let title = match u.field.split_once('.') {
                Some(("features", f)) => format!("{}: not sure", value_label(reading, "features", f)),
                Some(("servers", name)) => format!("Server {name}: no inventory"),
                _ => format!("{}: not sure", field_label(&u.field)),
            };
            r.note(kind, &u.field, format!("The files cannot tell: {}", u.why));
            unsure
                .items
                .push(Item { field: u.field.clone(), title, text: u.why.clone() });
        }
        r.sections.push(unsure);
    }
    if reading.servers.len() > 1 {
        let mut servers = Section { heading: "Servers".to_string(), class: "bts-servers", ..Section::default() };
        for s in &reading.servers {
            let os = s.os.map_or("operating system not read", |os| os.label());
            let update = s
                .update
                .as_deref()
                .map_or_else(|| "update not read".to_string(), |u| value_label(reading, "installed", u));
            servers
                .items
                .push(Item { field: format!("servers.{}", s.name), title: s.name.clone(), text: format!("{os}; {update}") });
        }
        r.sections.push(servers);
    }
    r
}

/// The upgrade profile from an inventory: the version it runs now (if the advisor upgrades from
/// it), edition, operating system, SQL Server with its service pack and edition, the features
/// read and those it cannot tell (unsure). The target stays the user's choice.
pub fn fill_upgrade(reading: &InventoryReading, profile: &mut bts_rules::UpgradeProfile) {
    use crate::versions::UpgradeTargets;
    let r = &reading.upgrade_profile;
    if let Some(from) = r.from.filter(|v| Version::SOURCES.contains(v)) {
        profile.from = from;
        if profile.to <= from {
            profile.to = from.next_target();
        }
    }
    profile.edition = r.edition.unwrap_or(profile.edition);
    profile.os = r.os.unwrap_or(profile.os);
    if let Some(sql) = r.sql {
        profile.sql = sql;
        profile.sql_level = r.sql_level;
        profile.sql_edition = r.sql_edition;
        profile.sql_target = profile.sql_target.filter(|t| !t.is_older_than(sql));
    }
    // A feature the files cannot tell keeps the user's tick (say, a SQL Server upgrade planned);
    // one the user had not ticked becomes not sure, so its steps stay in the checklist.
    let ticked = std::mem::take(&mut profile.features);
    profile.unsure = bts_rules::FeatureSet::new();
    for f in &r.features {
        profile.features.insert(*f);
    }
    for f in &r.unsure {
        if ticked.contains(f) {
            profile.features.insert(*f);
        } else {
            profile.unsure.insert(*f);
        }
    }
}

/// The update planner's profile from an inventory: version, update installed, Feature Pack,
/// servers, architecture and the features its steps depend on (one the inventory cannot tell
/// keeps what the form held). The update to install becomes the newest where the one chosen is
/// not above what is installed.
pub fn fill_hotfix(reading: &InventoryReading, profile: &mut bts_rules::HotfixProfile) {
    let r = &reading.hotfix_profile;
    if let Some(version) = r.version {
        if profile.version != Some(version) {
            profile.target = None;
            profile.feature_pack = None;
        }
        profile.version = Some(version);
        let catalogue = bts_rules::UpdateVersion::of(version);
        if let Some(installed) = r.installed.as_deref().and_then(|id| catalogue.get(id)) {
            profile.installed = Some(installed.id);
            let above = |target: &&str| catalogue.position(target) > catalogue.position(installed.id);
            profile.target = profile.target.filter(above);
        }
        let feature_pack = r
            .feature_pack
            .as_deref()
            .and_then(|id| bts_rules::FEATURE_PACKS.iter().find(|fp| **fp == id));
        profile.feature_pack = feature_pack.copied().or(profile.feature_pack);
    }
    profile.servers = r.servers.unwrap_or(profile.servers);
    profile.arch = r.arch.unwrap_or(profile.arch);
    for f in bts_rules::HOTFIX_FEATURES {
        let unknown = reading
            .unknown
            .iter()
            .any(|u| u.field.strip_prefix("features.") == Some(f.id()));
        if r.features.contains(f) {
            profile.features.insert(*f);
        } else if !unknown {
            profile.features.remove(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bts_rules::{HotfixProfile, UpgradeProfile};

    fn reading(names: &[&str]) -> InventoryReading {
        let files: Vec<(String, String)> = names
            .iter()
            .map(|n| {
                let path = format!("{}/../../collector/fixtures/{n}", env!("CARGO_MANIFEST_DIR"));
                (n.to_string(), std::fs::read_to_string(&path).unwrap())
            })
            .collect();
        crate::inventory::read(&files).unwrap()
    }

    /// The note beside the control `id` ("" without one).
    fn note<'a>(notes: &'a [(String, String)], id: &str) -> &'a str {
        notes
            .iter()
            .find(|(i, _)| i == id)
            .map_or("", |(_, t)| t.as_str())
    }

    const MIXED: [&str; 2] = ["mixed-2016-bts21-cu-behind.json", "mixed-2016-bts22-windows-2012r2.json"];
    const GROUP: [&str; 2] = ["group-2016-bts01.json", "group-2016-bts02.json"];

    #[test]
    fn the_upgrade_form_takes_the_group_and_keeps_its_target() {
        let mut profile = UpgradeProfile { from: Version::Bts2013R2, to: Version::Bts2016, ..UpgradeProfile::default() };
        fill_upgrade(&reading(&GROUP), &mut profile);
        assert_eq!((profile.from, profile.to), (Version::Bts2016, Version::Bts2020));
        assert_eq!(profile.edition, Edition::Enterprise);
        assert_eq!((profile.os, profile.sql), (OperatingSystem::WindowsServer2016, SqlServer::SqlServer2016));
        assert_eq!((profile.sql_level, profile.sql_edition), (Some(SqlLevel::Sp2), Some(SqlEdition::Enterprise)));
        for f in [Feature::MultiServer, Feature::SsoStandalone, Feature::MqseriesRemoteAgent, Feature::SqlAdapter, Feature::BamRta] {
            assert!(profile.features.contains(&f), "{f:?}");
        }
        assert!(profile.unsure.contains(&Feature::CustomBindings));
        assert!(!profile.features.contains(&Feature::Sftp));
        // What the advisor answers for it is a report, not a refusal.
        let _ = bts_rules::evaluate_upgrade(&profile, bts_rules::Date::parse("2026-12-04").unwrap());
    }

    #[test]
    fn the_planner_takes_the_lowest_update_and_the_servers() {
        let mut profile = HotfixProfile { target: Some("cu8"), ..HotfixProfile::default() };
        profile.features.insert(Feature::Sftp);
        fill_hotfix(&reading(&MIXED), &mut profile);
        assert_eq!((profile.version, profile.installed, profile.servers), (Some(Version::Bts2016), Some("cu8"), 2));
        // cu8 is installed: a target of cu8 is nothing to do, so the newest is proposed.
        assert_eq!(profile.target, None);
        // SFTP read and not in use.
        assert!(!profile.features.contains(&Feature::Sftp));

        let mut profile = HotfixProfile::default();
        fill_hotfix(&reading(&["feature-pack-2016.json"]), &mut profile);
        assert_eq!((profile.installed, profile.feature_pack), (Some("cu7"), Some("fp3")));
    }

    #[test]
    fn a_mixed_group_says_which_server_holds_each_answer_back() {
        let r = reading(&MIXED);
        let names = ["a.json".to_string(), "b.json".to_string()];
        let upgrade = readings(AdvisorKind::Upgrade, &r, &names);
        let os = upgrade.listed("os").unwrap_or_default();
        assert!(os.starts_with("Operating system: Windows Server 2012 R2 read on BTS22 from Win32_OperatingSystem"), "{os}");
        assert!(os.contains("BTS22 runs it"), "{os}");
        assert!(upgrade.values > 5);
        let hotfix = readings(AdvisorKind::Hotfix, &r, &names);
        // Beside the operating system's select: the value, where it was read, who holds it back.
        let os = note(&upgrade.notes, "upgrade-os");
        assert!(os.starts_with("Windows Server 2012 R2: read on BTS22 from Win32_OperatingSystem"), "{os}");
        assert!(os.ends_with("the oldest operating system of the group decides, and BTS22 runs it"), "{os}");
        let installed = note(&hotfix.notes, "hotfix-installed");
        assert!(installed.contains("read on BTS21") && installed.contains("BTS21 lags"), "{installed}");
        // The version is read once, though the reading has it as `from` and as `version`.
        let version = note(&hotfix.notes, "hotfix-version");
        assert_eq!(version.matches("read on").count(), 1, "{version}");
        assert_eq!(hotfix.listed("from"), None);
        // A server is no control: it is listed, not noted.
        assert!(!hotfix.notes.iter().any(|(id, _)| id.contains("BTS22")), "{:?}", hotfix.notes);
        assert!(
            hotfix
                .listed("installed")
                .is_some_and(|i| i.starts_with("Update installed: ")),
            "{:?}",
            hotfix.sections
        );
        let lags = hotfix
            .sections
            .iter()
            .flat_map(|s| &s.items)
            .any(|i| i.field == "installed" && i.text.contains("BTS21 lags"));
        assert!(lags, "{:?}", hotfix.sections);
        assert!(
            hotfix
                .listed("servers.BTS22")
                .is_some_and(|s| s.starts_with("BTS22 Windows Server 2012 R2;")),
            "{:?}",
            hotfix.sections
        );
        // The planner shows only what its steps depend on.
        assert!(hotfix.listed("features.msmq").is_none() && upgrade.listed("features.msmq").is_some());
    }

    #[test]
    fn every_unsure_feature_is_shown_with_why() {
        let r = reading(&["no-wmi-rights-2016.json"]);
        let shown = readings(AdvisorKind::Upgrade, &r, &["x.json".to_string()]);
        assert!(r.upgrade_profile.unsure.contains(&Feature::MultiServer));
        for f in &r.upgrade_profile.unsure {
            let listed = shown
                .listed(&format!("features.{}", f.id()))
                .unwrap_or_default();
            assert!(listed.starts_with(&format!("{}: not sure ", f.label())), "{f:?}: {listed}");
            let note = note(&shown.notes, &format!("feature-{}", f.id()));
            assert!(note.starts_with("The files cannot tell: "), "{f:?}: {note:?}");
        }
    }

    #[test]
    fn what_a_file_says_stays_text() {
        // The page sets every text with textContent, so markup in a file shows as written.
        let mut r = reading(&["single-2016.json"]);
        r.evidence[0].server = "<img src=x onerror=alert(1)>".into();
        let shown = readings(AdvisorKind::Upgrade, &r, &["<b>.json".to_string()]);
        assert!(shown.sections[0].help.contains("<b>.json"), "{:?}", shown.sections[0]);
        assert!(
            shown.sections[0].items[0]
                .text
                .contains("read on <img src=x onerror=alert(1)>"),
            "{:?}",
            shown.sections[0].items[0]
        );
    }

    fn files(names: &[&str]) -> (Vec<String>, Vec<String>) {
        let texts = names
            .iter()
            .map(|n| std::fs::read_to_string(format!("{}/../../collector/fixtures/{n}", env!("CARGO_MANIFEST_DIR"))).unwrap())
            .collect();
        (names.iter().map(|n| n.to_string()).collect(), texts)
    }

    #[test]
    fn the_page_link_comes_back_filled_and_keeps_what_the_files_do_not_decide() {
        let (names, texts) = files(&GROUP);
        // The page's address as the advisor keeps it: the user chose 2013 R2 -> 2016, edition Any.
        let page = share::encode_upgrade(&UpgradeProfile {
            from: Version::Bts2013R2,
            to: Version::Bts2016,
            to_edition: Some(Edition::Standard),
            ..UpgradeProfile::default()
        });
        let filled = fill_from_inventories("upgrade", &format!("#{page}"), "", &names, &texts).unwrap();
        let decoded = share::decode_upgrade(Link::text(&filled.link));
        assert!(decoded.problems.is_empty(), "{:?}", decoded.problems);
        let profile = decoded.profile;
        assert_eq!((profile.from, profile.to, profile.os), (Version::Bts2016, Version::Bts2020, OperatingSystem::WindowsServer2016));
        // The target edition is the user's, not the files'.
        assert_eq!(profile.to_edition, Some(Edition::Standard));
        assert!(profile.features.contains(&Feature::BamRta));
        // What the files cannot tell is in the link as not sure, so the checklist keeps its steps.
        assert!(profile.unsure.contains(&Feature::CustomBindings));
        let help = filled
            .sections
            .iter()
            .find(|s| s.class == "bts-unknown")
            .map_or("", |s| s.help.as_str());
        assert!(help.contains("are marked not sure"), "{help}");
        // Unless the user had ticked them: a plan the files cannot see is kept.
        let ticked = UpgradeProfile { features: [Feature::SqlUpgrade, Feature::Sftp].into_iter().collect(), ..UpgradeProfile::default() };
        let filled = fill_from_inventories("upgrade", &share::encode_upgrade(&ticked), "", &names, &texts).unwrap();
        let profile = share::decode_upgrade(Link::text(&filled.link)).profile;
        assert!(profile.features.contains(&Feature::SqlUpgrade) && !profile.unsure.contains(&Feature::SqlUpgrade), "{}", filled.link);
        // SFTP is read, and not in use.
        assert!(!profile.features.contains(&Feature::Sftp), "{}", filled.link);
        assert!(
            filled.sections[0]
                .items
                .iter()
                .any(|i| i.text.contains("read on BTS01"))
                && filled.values > 5,
            "{filled:?}"
        );
        let rta = note(&filled.notes, "feature-bam-rta");
        assert!(rta.starts_with("In use: read on BTS0"), "{:?}", filled.notes);
        assert!(
            filled
                .summary
                .starts_with("Filled in from group-2016-bts01.json, group-2016-bts02.json: "),
            "{}",
            filled.summary
        );

        // A page opened from a link in its query string (no profile in the hash).
        let (names, texts) = files(&MIXED);
        let filled = fill_from_inventories("hotfix", "", "?servers=5&sql_script=1", &names, &texts).unwrap();
        let profile = share::decode_hotfix(Link::text(&filled.link)).profile;
        assert_eq!((profile.version, profile.installed, profile.servers), (Some(Version::Bts2016), Some("cu8"), 2));
        assert!(profile.sql_script, "the files decide nothing about the SQL script: {}", filled.link);
    }

    #[test]
    fn a_bad_file_is_refused_naming_the_file_and_the_field() {
        let (names, mut texts) = files(&["single-2016.json"]);
        texts[0] = texts[0].replacen("\"product_type\": 3", "\"product_type\": \"server\"", 1);
        let problem = fill_from_inventories("hotfix", "", "", &names, &texts).unwrap_err();
        assert!(problem.contains("single-2016.json") && problem.contains("windows.product_type"), "{problem}");
        let problem = fill_from_inventories("timeline", "", "", &names, &files(&["single-2016.json"]).1).unwrap_err();
        assert!(problem.contains("\"timeline\""), "{problem}");
    }
}
