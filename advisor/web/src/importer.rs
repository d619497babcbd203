//! The inventory importer: what "Load inventory" runs, built as its own WASM (the crate's feature
//! `inventory-import`, `cargo xtask build`) that an advisor's page downloads only when the user
//! chooses collector files, so the advisors' WASM carries none of the mapping (SIZE.md).
//!
//! [`fill_from_inventories`] reads the files ([`crate::inventory`]), lets the rules crate map
//! them as `bts-advisor inventory` does, fills the advisor's profile ([`fill_upgrade`],
//! [`fill_hotfix`]) and writes what the files showed ([`readings_html`]: where each value was
//! read, what they cannot tell and why). The profile goes in and out as the answers file the
//! advisor reads anyway (`profile_file`), so the advisor checks what comes back as it checks a
//! file the user loads. The WASM's one export is [`js::fill_from_inventories`].

use bts_rules::{Architecture, Edition, Feature, InventoryReading, OperatingSystem, SqlEdition, SqlLevel, SqlServer, Version};

use crate::html::escape;
use crate::profile_file;
use crate::progress::AdvisorKind;

/// What the importer returns to the advisor.
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    /// The filled profile as the advisor's answers file.
    pub profile: String,
    /// What the files showed, as HTML (every text escaped).
    pub html: String,
    /// Values read that concern the advisor.
    pub values: usize,
    /// Things the files cannot tell that concern the advisor.
    pub unsure: usize,
    /// What the page's live region says: "Filled in from a.json, b.json: 12 values read, 2 not sure. ...".
    pub summary: String,
}

/// Fills the advisor's profile (`kind`: `upgrade` or `hotfix`; `profile`: its answers file as the
/// form holds it) from the collector files (`names[i]` holds `texts[i]`); or why not, naming the
/// file and the field.
pub fn fill_from_inventories(kind: &str, profile: &str, names: &[String], texts: &[String]) -> Result<Filled, String> {
    if names.len() != texts.len() {
        return Err(format!("{} file names for {} files", names.len(), texts.len()));
    }
    let files: Vec<(String, String)> = names.iter().cloned().zip(texts.iter().cloned()).collect();
    let reading = crate::inventory::read(&files)?;
    let form = |e: String| format!("the form's answers could not be read ({e})");
    // Whether the answers file carries the features marked not sure (the upgrade form's "not
    // sure"); where it does not, the page says they are left unticked.
    let (kind, profile, unsure_kept) = match kind {
        "upgrade" => {
            let mut p = profile_file::upgrade_from_json(profile).map_err(form)?;
            fill_upgrade(&reading, &mut p);
            let json = profile_file::upgrade_to_json(&p);
            let kept = profile_file::upgrade_from_json(&json).is_ok_and(|back| back.unsure == p.unsure);
            (AdvisorKind::Upgrade, json, kept)
        }
        "hotfix" => {
            let mut p = profile_file::hotfix_from_json(profile).map_err(form)?;
            fill_hotfix(&reading, &mut p);
            (AdvisorKind::Hotfix, profile_file::hotfix_to_json(&p), false)
        }
        other => return Err(format!("no advisor is called {other:?} (upgrade, hotfix)")),
    };
    let (html, values, unsure) = readings_html(kind, &reading, names, unsure_kept);
    let summary = format!("Filled in from {}: {values} values read, {unsure} not sure. See What the inventory showed.", names.join(", "));
    Ok(Filled { profile, html, values, unsure, summary })
}

/// The export, for the advisors' pages (through the loader's `btsInventoryImporter()`).
#[cfg(all(feature = "inventory-import", target_arch = "wasm32"))]
pub mod js {
    use wasm_bindgen::prelude::*;

    /// `{ profile, html, values, unsure, summary }` (see [`super::Filled`]), or throws why not as
    /// a string.
    #[wasm_bindgen]
    pub fn fill_from_inventories(kind: &str, profile: &str, names: Vec<String>, texts: Vec<String>) -> Result<JsValue, String> {
        let filled = super::fill_from_inventories(kind, profile, &names, &texts)?;
        let out = js_sys::Object::new();
        let set = |key: &str, value: JsValue| js_sys::Reflect::set(&out, &key.into(), &value).map(|_| ());
        set("profile", filled.profile.into())
            .and_then(|_| set("html", filled.html.into()))
            .and_then(|_| set("values", (filled.values as u32).into()))
            .and_then(|_| set("unsure", (filled.unsure as u32).into()))
            .and_then(|_| set("summary", filled.summary.into()))
            .map_err(|_| "the answer could not be handed back to the page".to_string())?;
        Ok(out.into())
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

/// What the inventories showed, as HTML (text escaped), with the number of values read and of
/// things not sure.
/// `unsure_kept`: the upgrade form holds the features the files cannot tell as "not sure" (the
/// answers file carries them); otherwise they are left unticked.
pub fn readings_html(kind: AdvisorKind, reading: &InventoryReading, files: &[String], unsure_kept: bool) -> (String, usize, usize) {
    let mut out = String::from("<h3 class=\"bts-heading\">What the inventory showed</h3><p class=\"bts-help\">Read from ");
    out.push_str(&escape(&files.join(", ")));
    out.push_str(" in this browser. Check each value below; the form above now holds them, and you can still change any of them.</p>");
    let mut values = 0;
    out.push_str("<ul class=\"bts-evidence\">");
    for e in &reading.evidence {
        let (key, field) =
            if e.field == "features" { (format!("features.{}", e.value), "Uses") } else { (e.field.to_string(), field_label(e.field)) };
        if !concerns(kind, &key) {
            continue;
        }
        values += 1;
        item(&mut out, &key, &format!("{field}: {}", value_label(reading, e.field, &e.value)), &{
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
            text
        });
    }
    out.push_str("</ul>");
    let unknown: Vec<_> = reading
        .unknown
        .iter()
        .filter(|u| concerns(kind, &u.field))
        .collect();
    if !unknown.is_empty() {
        out.push_str("<h4>Not sure</h4><p class=\"bts-help\">The inventory cannot tell these; answer them yourself. ");
        out.push_str(match (kind, unsure_kept) {
            (AdvisorKind::Upgrade, true) => {
                "Features it cannot tell are marked not sure: their steps are in the checklist, marked so, and they do not change the verdict.</p>"
            }
            (AdvisorKind::Upgrade, false) => "Features it cannot tell are left unticked: tick those you use.</p>",
            (AdvisorKind::Hotfix, _) => "Features it cannot tell keep what the form held.</p>",
        });
        out.push_str("<ul class=\"bts-unknown\">");
        for u in &unknown {
            let title = match u.field.split_once('.') {
                Some(("features", f)) => format!("{}: not sure", value_label(reading, "features", f)),
                Some(("servers", name)) => format!("Server {name}: no inventory"),
                _ => format!("{}: not sure", field_label(&u.field)),
            };
            item(&mut out, &u.field, &title, &u.why);
        }
        out.push_str("</ul>");
    }
    if reading.servers.len() > 1 {
        out.push_str("<h4>Servers</h4><ul class=\"bts-servers\">");
        for s in &reading.servers {
            let os = s.os.map_or("operating system not read", |os| os.label());
            let update = s
                .update
                .as_deref()
                .map_or_else(|| "update not read".to_string(), |u| value_label(reading, "installed", u));
            item(&mut out, &format!("servers.{}", s.name), &s.name, &format!("{os}; {update}"));
        }
        out.push_str("</ul>");
    }
    (out, values, unknown.len())
}

/// `<li data-field="..."><strong>title</strong> text</li>`, escaped.
fn item(out: &mut String, field: &str, title: &str, text: &str) {
    out.push_str("<li data-field=\"");
    out.push_str(&escape(field).replace('"', "&quot;"));
    out.push_str("\"><strong>");
    out.push_str(&escape(title));
    out.push_str("</strong> ");
    out.push_str(&escape(text));
    out.push_str("</li>");
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
    profile.features = bts_rules::FeatureSet::new();
    profile.unsure = bts_rules::FeatureSet::new();
    for f in &r.features {
        profile.features.insert(*f);
    }
    for f in &r.unsure {
        profile.unsure.insert(*f);
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
        let (upgrade, values, _) = readings_html(AdvisorKind::Upgrade, &r, &names, true);
        assert!(
            upgrade.contains(
                "<li data-field=\"os\"><strong>Operating system: Windows Server 2012 R2</strong> read on BTS22 from Win32_OperatingSystem"
            ),
            "{upgrade}"
        );
        assert!(upgrade.contains("BTS22 runs it"), "{upgrade}");
        assert!(values > 5);
        let (hotfix, _, _) = readings_html(AdvisorKind::Hotfix, &r, &names, false);
        assert!(hotfix.contains("<li data-field=\"installed\"><strong>Update installed: "), "{hotfix}");
        assert!(hotfix.contains("BTS21 lags"), "{hotfix}");
        assert!(hotfix.contains("<li data-field=\"servers.BTS22\"><strong>BTS22</strong> Windows Server 2012 R2;"), "{hotfix}");
        // The planner shows only what its steps depend on.
        assert!(!hotfix.contains("features.msmq") && upgrade.contains("features.msmq"));
    }

    #[test]
    fn every_unsure_feature_is_shown_with_why() {
        let r = reading(&["no-wmi-rights-2016.json"]);
        let (html, _, _) = readings_html(AdvisorKind::Upgrade, &r, &["x.json".to_string()], true);
        assert!(r.upgrade_profile.unsure.contains(&Feature::MultiServer));
        for f in &r.upgrade_profile.unsure {
            assert!(html.contains(&format!("data-field=\"features.{}\"><strong>{}: not sure</strong>", f.id(), f.label())), "{f:?}");
        }
    }

    #[test]
    fn what_a_file_says_is_shown_as_text() {
        let mut r = reading(&["single-2016.json"]);
        r.evidence[0].server = "<img src=x onerror=alert(1)>".into();
        r.unknown[0].field = "servers.\"><b>".into();
        let (html, _, _) = readings_html(AdvisorKind::Upgrade, &r, &["<b>.json".to_string()], true);
        assert!(!html.contains("<img") && !html.contains("<b>"), "{html}");
    }

    fn files(names: &[&str]) -> (Vec<String>, Vec<String>) {
        let texts = names
            .iter()
            .map(|n| std::fs::read_to_string(format!("{}/../../collector/fixtures/{n}", env!("CARGO_MANIFEST_DIR"))).unwrap())
            .collect();
        (names.iter().map(|n| n.to_string()).collect(), texts)
    }

    #[test]
    fn the_answers_file_comes_back_filled_and_the_advisor_reads_it() {
        let (names, texts) = files(&GROUP);
        let form =
            profile_file::upgrade_to_json(&UpgradeProfile { from: Version::Bts2013R2, to: Version::Bts2016, ..UpgradeProfile::default() });
        let filled = fill_from_inventories("upgrade", &form, &names, &texts).unwrap();
        let profile = profile_file::upgrade_from_json(&filled.profile).unwrap();
        assert_eq!((profile.from, profile.to, profile.os), (Version::Bts2016, Version::Bts2020, OperatingSystem::WindowsServer2016));
        assert!(profile.features.contains(&Feature::BamRta));
        assert!(filled.html.contains("read on BTS01") && filled.values > 5, "{filled:?}");
        // The features the files cannot tell: marked not sure where the answers file carries that.
        let back = profile_file::upgrade_from_json(&filled.profile).unwrap();
        let said = if back.unsure.contains(&Feature::CustomBindings) { "are marked not sure" } else { "are left unticked" };
        assert!(filled.html.contains(said), "{}", filled.html);
        assert!(
            filled
                .summary
                .starts_with("Filled in from group-2016-bts01.json, group-2016-bts02.json: "),
            "{}",
            filled.summary
        );

        let (names, texts) = files(&MIXED);
        let form = profile_file::hotfix_to_json(&HotfixProfile::default());
        let filled = fill_from_inventories("hotfix", &form, &names, &texts).unwrap();
        let profile = profile_file::hotfix_from_json(&filled.profile).unwrap();
        assert_eq!((profile.version, profile.installed, profile.servers), (Some(Version::Bts2016), Some("cu8"), 2));
    }

    #[test]
    fn a_bad_file_is_refused_naming_the_file_and_the_field() {
        let (names, mut texts) = files(&["single-2016.json"]);
        texts[0] = texts[0].replacen("\"product_type\": 3", "\"product_type\": \"server\"", 1);
        let form = profile_file::hotfix_to_json(&HotfixProfile::default());
        let problem = fill_from_inventories("hotfix", &form, &names, &texts).unwrap_err();
        assert!(problem.contains("single-2016.json") && problem.contains("windows.product_type"), "{problem}");
        let problem = fill_from_inventories("timeline", &form, &names, &files(&["single-2016.json"]).1).unwrap_err();
        assert!(problem.contains("\"timeline\""), "{problem}");
    }
}
