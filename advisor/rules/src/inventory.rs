//! From what the read-only collector read (`bts-inventory/1` files, one per server or one for
//! the group) to the two profiles, with the evidence for every value and what the files cannot
//! tell: `bts-advisor inventory FILE...` and the advisors' "Load inventory" both call
//! [`read_inventories`]. How each value is read is the advisor contract's "Inventory" section.
//!
//! The files are parsed by the caller (serde_json on the command line, the browser's own parser
//! in the WASM) into [`Inventory`]; fields this module does not read are ignored, and every
//! section may be null.

use serde::{Deserialize, Serialize};

use crate::UpdateVersion;
use crate::vocabulary::*;

/// The `schema` an inventory of this format carries.
pub const INVENTORY_SCHEMA: &str = "bts-inventory/1";

/// One collector file, as far as the import reads it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Inventory {
    pub schema: Option<String>,
    pub computer: Option<String>,
    pub biztalk: Option<BizTalkSection>,
    pub windows: Option<WindowsSection>,
    pub group: Option<GroupSection>,
    pub sql: Option<Vec<SqlInstance>>,
    pub bam: Option<BamSection>,
    pub iis_applications: Option<Vec<String>>,
    #[serde(default)]
    pub errors: Option<Vec<ReadError>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct BizTalkSection {
    pub product_name: Option<String>,
    pub product_version: Option<String>,
    pub product_edition: Option<String>,
    pub installed_updates: Option<Vec<String>>,
    pub setup_features: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct WindowsSection {
    pub caption: Option<String>,
    pub build_number: Option<String>,
    pub product_type: Option<u8>,
    pub os_architecture: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct GroupSection {
    pub servers: Option<Vec<String>>,
    pub sso_server: Option<String>,
    pub bam_db: Option<DatabaseRef>,
    pub host_instances: Option<Vec<HostInstance>>,
    pub adapters: Option<Vec<Adapter>>,
    pub pipelines_in_use: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct DatabaseRef {
    pub server: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct HostInstance {
    pub host: Option<String>,
    pub server: Option<String>,
    pub cluster_instance_type: Option<u8>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Adapter {
    pub name: String,
    #[serde(default)]
    pub receive_locations: Option<u32>,
    #[serde(default)]
    pub send_ports: Option<u32>,
    #[serde(default)]
    pub addresses: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SqlInstance {
    pub server: Option<String>,
    pub databases: Option<Vec<String>>,
    pub product_version: Option<String>,
    pub product_level: Option<String>,
    pub edition: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct BamSection {
    pub rta_views: Option<u32>,
    pub alert_jobs: Option<u32>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReadError {
    pub read: Option<String>,
    pub message: Option<String>,
}

/// One inventory and the name of the file it came from (for messages).
#[derive(Debug, Clone)]
pub struct InventoryFile {
    pub file: String,
    pub inventory: Inventory,
}

/// What the inventories give: the two profiles (only what they show), the evidence for every
/// value, what they cannot tell, and each server.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InventoryReading {
    pub upgrade_profile: UpgradeReading,
    pub hotfix_profile: HotfixReading,
    pub evidence: Vec<Evidence>,
    pub unknown: Vec<Unknown>,
    pub servers: Vec<ServerReading>,
}

/// The upgrade profile's fields the inventories decide; no `to` (the target is the user's).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UpgradeReading {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Version>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edition: Option<Edition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os: Option<OperatingSystem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sql: Option<SqlServer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sql_level: Option<SqlLevel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sql_edition: Option<SqlEdition>,
    pub features: Vec<Feature>,
    pub unsure: Vec<Feature>,
}

/// The update planner's fields the inventories decide.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HotfixReading {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Version>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub installed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature_pack: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub servers: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arch: Option<Architecture>,
    pub features: Vec<Feature>,
}

/// Where one value of a profile was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The profile field (`os`, `features`, `installed` ...).
    pub field: &'static str,
    /// The value given to it (one feature for `features`).
    pub value: String,
    /// The computer whose inventory showed it.
    pub server: String,
    /// The reading: where it comes from and what it said.
    pub from: String,
}

/// A field or feature the inventories cannot decide, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unknown {
    /// A profile field, or `features.<id>` for a feature.
    pub field: String,
    pub why: String,
}

/// What one server runs, as far as its inventory says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerReading {
    pub name: String,
    pub os: Option<OperatingSystem>,
    pub update: Option<String>,
}

/// Inventories that cannot be read together; `Display` names the file(s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InventoryError {
    /// A file whose `schema` is not [`INVENTORY_SCHEMA`].
    NotAnInventory { file: String, schema: Option<String> },
    /// A file that is not JSON (`at` empty) or holds something else than the format puts at
    /// `at` (a path such as `windows.product_type`): the parser's position or path.
    Malformed { file: String, at: String, detail: String },
    /// Files of different BizTalk Server versions (not one group).
    MixedVersions { file: String, version: Version, other_file: String, other_version: Version },
    /// No file at all.
    NoFiles,
}

impl std::fmt::Display for InventoryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InventoryError::NotAnInventory { file, schema: Some(schema) } => {
                write!(f, "{file} is not a collector inventory: its `schema` is \"{schema}\", not \"{INVENTORY_SCHEMA}\"")
            }
            InventoryError::NotAnInventory { file, schema: None } => {
                write!(f, "{file} is not a collector inventory: it has no `schema` \"{INVENTORY_SCHEMA}\"")
            }
            InventoryError::Malformed { file, at, detail } if at.is_empty() => {
                write!(f, "{file} is not a collector inventory: it is not valid JSON ({detail})")
            }
            InventoryError::Malformed { file, at, .. } => {
                write!(f, "{file}: `{at}` does not hold what the inventory format ({INVENTORY_SCHEMA}) puts there")
            }
            InventoryError::MixedVersions { file, version, other_file, other_version } => write!(
                f,
                "{file} is {} but {other_file} is {}: give the inventories of one BizTalk group (one version) at a time",
                version.label(),
                other_version.label()
            ),
            InventoryError::NoFiles => write!(f, "no inventory given"),
        }
    }
}

impl std::error::Error for InventoryError {}

impl Inventory {
    /// Refuses a file that is not an inventory of this format.
    pub fn check_schema(schema: Option<&str>, file: &str) -> Result<(), InventoryError> {
        if schema == Some(INVENTORY_SCHEMA) {
            Ok(())
        } else {
            Err(InventoryError::NotAnInventory { file: file.to_string(), schema: schema.map(str::to_string) })
        }
    }

    fn name(&self, file: &str) -> String {
        self.computer.clone().filter(|c| !c.trim().is_empty()).unwrap_or_else(|| file.to_string())
    }

    /// Why a section could not be read, from the file's `errors` (the first entry whose `read`
    /// starts with one of `reads`).
    fn why_not_read(&self, reads: &[&str]) -> Option<String> {
        self.errors.iter().flatten().find_map(|e| {
            let read = e.read.as_deref().unwrap_or_default().to_ascii_lowercase();
            reads
                .iter()
                .any(|r| read.starts_with(r))
                .then(|| format!("{} ({})", e.read.as_deref().unwrap_or_default(), e.message.as_deref().unwrap_or("no reason given")))
        })
    }
}

/// The BizTalk Server version of an inventory: the registry's product version, except that a
/// product name naming 2016 makes it 2016 (the Feature Pack packages carry 3.13 builds).
fn biztalk_version(biztalk: &BizTalkSection) -> Option<(Version, String)> {
    let name = biztalk.product_name.as_deref().unwrap_or_default();
    let version = biztalk.product_version.as_deref().unwrap_or_default();
    if name.contains("2016") {
        return Some((Version::Bts2016, format!("registry ProductName: {name}")));
    }
    let mut parts = version.split('.');
    let prefix = (parts.next()?, parts.next()?);
    let found = match prefix {
        ("3", "10") => Version::Bts2013,
        ("3", "11") => Version::Bts2013R2,
        ("3", "12") => Version::Bts2016,
        ("3", "13") => Version::Bts2020,
        _ => return None,
    };
    Some((found, format!("registry ProductVersion: {version}")))
}

/// The operating system of a `Win32_OperatingSystem` reading: client or server from the product
/// type, the release from the build number.
fn operating_system(windows: &WindowsSection) -> Option<OperatingSystem> {
    let build: u32 = windows.build_number.as_deref()?.trim().parse().ok()?;
    match windows.product_type? {
        1 => match build {
            7601 => Some(OperatingSystem::Windows7Sp1),
            9200 => Some(OperatingSystem::Windows8),
            9600 => Some(OperatingSystem::Windows81),
            10240..=19045 => Some(OperatingSystem::Windows10),
            22000.. => Some(OperatingSystem::Windows11),
            _ => None,
        },
        2 | 3 => match build {
            9200 => Some(OperatingSystem::WindowsServer2012),
            9600 => Some(OperatingSystem::WindowsServer2012R2),
            14393 => Some(OperatingSystem::WindowsServer2016),
            17763 => Some(OperatingSystem::WindowsServer2019),
            20348 => Some(OperatingSystem::WindowsServer2022),
            _ => None,
        },
        _ => None,
    }
}

fn build_of(windows: &WindowsSection) -> u32 {
    windows.build_number.as_deref().and_then(|b| b.trim().parse().ok()).unwrap_or(u32::MAX)
}

/// A SQL Server version as numbers, for finding the oldest instance.
fn version_numbers(version: &str) -> Vec<u32> {
    version.split('.').map(|p| p.trim().parse().unwrap_or(0)).collect()
}

/// The advisor's SQL Server value, level and edition for one instance.
fn sql_server(instance: &SqlInstance) -> Option<(SqlServer, Option<SqlLevel>)> {
    let numbers = version_numbers(instance.product_version.as_deref()?);
    let level = instance.product_level.as_deref().and_then(|l| SqlLevel::from_id(&l.trim().to_ascii_lowercase()));
    let sp = level.map(SqlLevel::service_pack);
    let sql = match (numbers.first().copied()?, numbers.get(1).copied().unwrap_or(0)) {
        // 2008 R2 and 2012 are in the vocabulary at SP1 (and 2012 as released): a later service
        // pack counts as SP1, and `sql_level`, which must then say `sp1`, is left out.
        (10, 50) if sp >= Some(1) => SqlServer::SqlServer2008R2Sp1,
        (11, _) if sp >= Some(1) => SqlServer::SqlServer2012Sp1,
        (11, _) => SqlServer::SqlServer2012,
        (12, _) => SqlServer::SqlServer2014,
        (13, _) => SqlServer::SqlServer2016,
        (14, _) => SqlServer::SqlServer2017,
        (15, _) => SqlServer::SqlServer2019,
        (16, _) => SqlServer::SqlServer2022,
        _ => return None,
    };
    // Only a level the release had, and the one the value names where it names one.
    let possible = |l: &SqlLevel| {
        let sp = l.service_pack();
        sql.release().last_service_pack().is_some_and(|last| sp <= last) && sql.service_pack().is_none_or(|named| named == sp)
    };
    Some((sql, level.filter(possible)))
}

/// The `sql_edition` of `SERVERPROPERTY('Edition')` ("Enterprise Edition (64-bit)").
fn sql_edition(edition: &str) -> Option<SqlEdition> {
    let edition = edition.to_ascii_lowercase();
    if edition.contains("evaluation") {
        Some(SqlEdition::Evaluation)
    } else {
        SqlEdition::ALL.iter().copied().find(|e| edition.starts_with(e.id()))
    }
}

/// The cumulative update and Feature Pack an installed-update display name names:
/// "... 2016 CU7 and Feature Pack 3 [KB4536185]" is (7, Some(3)),
/// "... 2020 Cumulative Update 6 [KB5043408]" is (6, None).
fn update_level(display_name: &str) -> Option<(u32, Option<u32>)> {
    let number_after = |marker: &str| -> Option<u32> {
        let at = display_name.find(marker)? + marker.len();
        let digits: String = display_name[at..].trim_start().chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    };
    let cu = number_after("Cumulative Update").or_else(|| number_after("CU"))?;
    Some((cu, number_after("Feature Pack")))
}

/// An update recognised on a server: its level on the release line (`rtm`, `cuN`), its place
/// there (for finding the lowest), the Feature Pack it brings and the reading.
#[derive(Clone)]
struct Installed {
    level: String,
    rank: usize,
    feature_pack: Option<String>,
    from: String,
}

/// The newest update recognised in an installed-updates list: `rtm` for an empty list. With the
/// version known, names are matched against its update catalogue, by KB number first (the
/// entry's `kb` or `alternate_kbs`), else by the cumulative update's number; without it, by the
/// number alone.
fn installed_update(version: Option<Version>, updates: &[String]) -> Option<Installed> {
    if updates.is_empty() {
        return Some(Installed {
            level: "rtm".into(),
            rank: 0,
            feature_pack: None,
            from: "installed updates: none for BizTalk Server".into(),
        });
    }
    let catalogue = version.map(UpdateVersion::of);
    let recognised = updates.iter().filter_map(|name| {
        let (level, rank, feature_pack) = match catalogue {
            Some(catalogue) => {
                let (level, feature_pack) = recognise(catalogue, name)?;
                (level.to_string(), catalogue.position(level)?, feature_pack.map(str::to_string))
            }
            None => {
                let (cu, fp) = update_level(name)?;
                (format!("cu{cu}"), usize::try_from(cu).ok()?, fp.map(|fp| format!("fp{fp}")))
            }
        };
        Some((name, level, rank, feature_pack))
    });
    let all: Vec<_> = recognised.collect();
    let (name, level, rank, _) = all.iter().max_by_key(|(_, _, rank, _)| *rank)?;
    let feature_pack = all.iter().filter_map(|(_, _, _, fp)| fp.clone()).max();
    Some(Installed { level: level.clone(), rank: *rank, feature_pack, from: format!("installed updates: {name}") })
}

/// The update an installed-update display name stands for, by a KB number the catalogue has or
/// else by the cumulative update's number: its level and the Feature Pack it brings.
fn recognise(catalogue: &UpdateVersion, display_name: &str) -> Option<(&'static str, Option<&'static str>)> {
    let kbs = kb_numbers(display_name);
    let by_kb = catalogue.updates.iter().find(|u| kbs.iter().any(|kb| u.kb == Some(kb) || u.alternate_kbs.contains(kb)));
    if let Some(update) = by_kb {
        return update.level.map(|level| (level, update.feature_pack));
    }
    let (cu, fp) = update_level(display_name)?;
    let level = catalogue.get(&format!("cu{cu}")).filter(|u| u.is_level())?.id;
    let feature_pack = fp.and_then(|fp| catalogue.updates.iter().find_map(|u| u.feature_pack.filter(|f| *f == format!("fp{fp}"))));
    Some((level, feature_pack))
}

/// Every `KB<digits>` of a text, as the digits.
fn kb_numbers(text: &str) -> Vec<&str> {
    text.match_indices("KB")
        .map(|(at, _)| {
            let digits = &text[at + 2..];
            &digits[..digits.find(|c: char| !c.is_ascii_digit()).unwrap_or(digits.len())]
        })
        .filter(|d| !d.is_empty())
        .collect()
}

/// Whether an adapter is used by a receive location or a send port.
fn used(adapter: &Adapter) -> bool {
    adapter.receive_locations.unwrap_or(0) + adapter.send_ports.unwrap_or(0) > 0
}

/// The feature an adapter in use stands for.
fn adapter_feature(name: &str) -> Option<Feature> {
    let lower = name.trim().to_ascii_lowercase();
    match lower.as_str() {
        "sftp" => Some(Feature::Sftp),
        "msmq" => Some(Feature::Msmq),
        "soap" => Some(Feature::Soap),
        "sql" => Some(Feature::SqlAdapter),
        "mllp" => Some(Feature::Hl7),
        _ if lower.contains("sharepoint") => Some(Feature::Sharepoint),
        _ if lower.contains("tibco") => Some(Feature::TibcoEms),
        _ if lower.starts_with("office365") || lower.starts_with("office 365") => Some(Feature::O365Adapters),
        _ => None,
    }
}

/// Whether two names are the same computer: the group lists `BTS01` where an address or the SSO
/// setting may say `bts01.contoso.local`.
fn same_computer(a: &str, b: &str) -> bool {
    let short = |name: &str| name.split('.').next().unwrap_or(name).to_ascii_lowercase();
    a.eq_ignore_ascii_case(b) || ((!a.contains('.') || !b.contains('.')) && short(a) == short(b))
}

/// The host an `MQS://HOST/...` address names.
fn mqs_host(address: &str) -> Option<&str> {
    let rest = address.get(..6).filter(|p| p.eq_ignore_ascii_case("mqs://")).map(|_| &address[6..])?;
    rest.split(['/', ':']).next().filter(|h| !h.is_empty())
}

/// Why no inventory can decide these features: they are choices, plans or customisations that
/// leave no trace the collector reads.
const NEVER_READ: &[(Feature, &str)] = &[
    (Feature::SqlUpgrade, "whether SQL Server is upgraded as part of this work is a plan, not something a server shows"),
    (Feature::BamLargeDb, "the collector does not measure the BAM database, and what counts as large is your judgement"),
    (Feature::BamTpe, "BAM tracking deployed with the Tracking Profile Editor leaves no mark the collector reads"),
    (Feature::BamLivedata, "BAM LiveData workbooks live in Excel files on users' computers, not on the server"),
    (Feature::BamScheduledDts, "the collector does not read which SQL Agent jobs run BAM DTS packages"),
    (
        Feature::Swift,
        "the collector notes whether the SWIFT accelerator's registry key exists (biztalk.accelerators), but the sources are unsure where 64-bit Windows keeps that key, so the import does not decide from it",
    ),
    (Feature::CustomBindings, "the collector lists the binding types in use but cannot tell a user-defined binding from a standard one"),
    (Feature::CustomConfig, "custom edits in BizTalk configuration files cannot be told apart from the defaults by reading them"),
    (
        Feature::BreCustomExe,
        "a custom program that references the Business Rule Engine assembly is not registered anywhere the collector reads",
    ),
    (Feature::OlderVsOrNet45, "the collector does not read which Visual Studio or .NET Framework versions are installed"),
];

/// The features the update planner's steps depend on (the advisors' "Load inventory" shows
/// only these in the planner).
pub const HOTFIX_FEATURES: &[Feature] = &[Feature::Sftp, Feature::MqseriesRemoteAgent, Feature::DevTools];

/// One feature as the files decide it: yes (with evidence), no, or unknown (with why).
enum Decision {
    Yes(Evidence),
    No,
    Unknown(String),
}

/// Reads one or several inventories of one group into the profiles.
pub fn read_inventories(files: &[InventoryFile]) -> Result<InventoryReading, InventoryError> {
    if files.is_empty() {
        return Err(InventoryError::NoFiles);
    }
    for f in files {
        Inventory::check_schema(f.inventory.schema.as_deref(), &f.file)?;
    }
    let mut reading = InventoryReading {
        upgrade_profile: UpgradeReading::default(),
        hotfix_profile: HotfixReading::default(),
        evidence: Vec::new(),
        unknown: Vec::new(),
        servers: Vec::new(),
    };
    let evidence = |field: &'static str, value: &str, f: &InventoryFile, from: String| Evidence {
        field,
        value: value.to_string(),
        server: f.inventory.name(&f.file),
        from,
    };

    // The version: every file must agree.
    let mut version: Option<(Version, &InventoryFile)> = None;
    for f in files {
        let Some((found, from)) = f.inventory.biztalk.as_ref().and_then(biztalk_version) else { continue };
        match version {
            Some((v, other)) if v != found => {
                return Err(InventoryError::MixedVersions {
                    file: other.file.clone(),
                    version: v,
                    other_file: f.file.clone(),
                    other_version: found,
                });
            }
            Some(_) => {}
            None => {
                version = Some((found, f));
                reading.evidence.push(evidence("from", found.id(), f, from.clone()));
                reading.evidence.push(evidence("version", found.id(), f, from));
            }
        }
    }
    match version {
        Some((v, _)) => {
            reading.upgrade_profile.from = Some(v);
            reading.hotfix_profile.version = Some(v);
        }
        None => reading.unknown.push(Unknown {
            field: "from".into(),
            why: "no inventory shows the BizTalk Server version (the registry key of BizTalk Server was not read)".into(),
        }),
    }

    // The edition, from the first file that has it.
    let edition = files.iter().find_map(|f| {
        let text = f.inventory.biztalk.as_ref()?.product_edition.as_deref()?;
        Edition::from_id(&text.trim().to_ascii_lowercase()).map(|e| (e, text, f))
    });
    match edition {
        Some((e, text, f)) => {
            reading.upgrade_profile.edition = Some(e);
            reading.evidence.push(evidence("edition", e.id(), f, format!("registry ProductEdition: {text}")));
        }
        None => reading
            .unknown
            .push(Unknown { field: "edition".into(), why: "no inventory shows a BizTalk Server edition the advisor knows".into() }),
    }

    // Each server, and the oldest operating system and lowest update among them.
    let mut oldest_os: Option<(u32, OperatingSystem, &InventoryFile)> = None;
    let group_version = reading.upgrade_profile.from;
    let mut lowest_update: Option<(Installed, &InventoryFile)> = None;
    for f in files {
        let name = f.inventory.name(&f.file);
        let windows = f.inventory.windows.as_ref();
        let os = windows.and_then(operating_system);
        if let (Some(os), Some(w)) = (os, windows)
            && oldest_os.as_ref().is_none_or(|(build, _, _)| build_of(w) < *build)
        {
            oldest_os = Some((build_of(w), os, f));
        }
        if windows.is_some() && os.is_none() {
            let caption = windows.and_then(|w| w.caption.as_deref()).unwrap_or("an unknown Windows");
            reading.unknown.push(Unknown {
                field: "os".into(),
                why: format!("{name} runs {caption}, which is not one of the advisor's operating systems"),
            });
        }
        let update =
            f.inventory.biztalk.as_ref().and_then(|b| b.installed_updates.as_deref()).and_then(|u| installed_update(group_version, u));
        if let Some(installed) = &update
            && lowest_update.as_ref().is_none_or(|(lowest, _)| installed.rank < lowest.rank)
        {
            lowest_update = Some((installed.clone(), f));
        }
        if !reading.servers.iter().any(|s: &ServerReading| s.name.eq_ignore_ascii_case(&name)) {
            reading.servers.push(ServerReading { name, os, update: update.map(|u| u.level) });
        }
    }
    match oldest_os {
        Some((_, os, f)) => {
            reading.upgrade_profile.os = Some(os);
            let w = f.inventory.windows.as_ref().expect("an operating system was read from this file");
            let kind = if w.product_type == Some(1) { "client" } else { "server" };
            let from = format!(
                "Win32_OperatingSystem: {}, build {}, {kind}",
                w.caption.as_deref().unwrap_or("Windows"),
                w.build_number.as_deref().unwrap_or("?")
            );
            reading.evidence.push(evidence("os", os.id(), f, from));
        }
        None if reading.unknown.iter().all(|u| u.field != "os") => {
            reading
                .unknown
                .push(Unknown { field: "os".into(), why: "no inventory could read the operating system (Win32_OperatingSystem)".into() });
        }
        None => {}
    }
    match &lowest_update {
        Some((Installed { level: id, feature_pack, from, .. }, f)) => {
            reading.hotfix_profile.installed = Some(id.clone());
            reading.hotfix_profile.feature_pack = feature_pack.clone();
            reading.evidence.push(evidence("installed", id, f, from.clone()));
            if let Some(fp) = feature_pack {
                reading.evidence.push(evidence("feature_pack", fp, f, from.clone()));
            }
            let lagging: Vec<&ServerReading> = reading.servers.iter().filter(|s| s.update.as_deref() == Some(id.as_str())).collect();
            let ahead: Vec<&ServerReading> =
                reading.servers.iter().filter(|s| s.update.is_some() && s.update.as_deref() != Some(id.as_str())).collect();
            if !ahead.is_empty() {
                let names = |list: &[&ServerReading]| list.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(", ");
                let others: Vec<String> =
                    ahead.iter().map(|s| format!("{} is on {}", s.name, s.update.as_deref().unwrap_or("?"))).collect();
                reading.unknown.push(Unknown {
                    field: "installed".into(),
                    why: format!(
                        "the servers of a group must carry the same update: {} {} on {id} while {}; {} lags and decides `installed`",
                        names(&lagging),
                        if lagging.len() == 1 { "is" } else { "are" },
                        others.join(", "),
                        names(&lagging),
                    ),
                });
            }
        }
        None => reading.unknown.push(Unknown {
            field: "installed".into(),
            why: "no inventory shows which BizTalk update is installed (the installed updates were not read or none was recognised)".into(),
        }),
    }

    // SQL Server: the oldest instance that holds BizTalk databases.
    let instances: Vec<(&SqlInstance, &InventoryFile)> = files
        .iter()
        .flat_map(|f| f.inventory.sql.iter().flatten().map(move |i| (i, f)))
        .filter(|(i, _)| i.product_version.is_some())
        .collect();
    let oldest = instances.iter().min_by_key(|(i, _)| version_numbers(i.product_version.as_deref().unwrap_or_default()));
    match oldest.and_then(|(i, f)| sql_server(i).map(|s| (s, *i, *f))) {
        Some(((sql, level), instance, f)) => {
            let server = instance.server.as_deref().unwrap_or("?");
            let from = format!(
                "SERVERPROPERTY on {server}: ProductVersion {}, ProductLevel {}, Edition {}",
                instance.product_version.as_deref().unwrap_or("?"),
                instance.product_level.as_deref().unwrap_or("?"),
                instance.edition.as_deref().unwrap_or("?")
            );
            reading.upgrade_profile.sql = Some(sql);
            reading.evidence.push(evidence("sql", sql.id(), f, from.clone()));
            if let Some(level) = level {
                reading.evidence.push(evidence("sql_level", level.id(), f, from.clone()));
                reading.upgrade_profile.sql_level = Some(level);
            }
            if let Some(edition) = instance.edition.as_deref().and_then(sql_edition) {
                reading.evidence.push(evidence("sql_edition", edition.id(), f, from));
                reading.upgrade_profile.sql_edition = Some(edition);
            }
        }
        None => {
            let why = files.iter().find_map(|f| f.inventory.why_not_read(&["sql"])).map_or_else(
                || "no inventory could read the SQL Server that holds the BizTalk databases".to_string(),
                |e| format!("SQL Server could not be read: {e}"),
            );
            reading
                .unknown
                .push(Unknown { field: "sql".into(), why: format!("{why}; give `sql` (and `sql_level`, `sql_edition`) by hand") });
        }
    }

    // Servers of the group, and those named in it without an inventory of their own.
    let groups: Vec<(&GroupSection, &InventoryFile)> = files.iter().filter_map(|f| f.inventory.group.as_ref().map(|g| (g, f))).collect();
    let group_servers: Vec<String> = {
        let mut names: Vec<String> = Vec::new();
        for name in groups.iter().flat_map(|(g, _)| g.servers.iter().flatten()) {
            if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                names.push(name.clone());
            }
        }
        names
    };
    match groups.first() {
        Some((g, f)) if g.servers.is_some() => {
            let count = u32::try_from(group_servers.len()).unwrap_or(u32::MAX);
            reading.hotfix_profile.servers = Some(count);
            reading.evidence.push(evidence("servers", &count.to_string(), f, format!("MSBTS_Server: {}", group_servers.join(", "))));
        }
        _ => reading.unknown.push(Unknown { field: "servers".into(), why: group_unread(files, "the servers of the group") }),
    }
    for name in &group_servers {
        if !reading.servers.iter().any(|s| s.name.eq_ignore_ascii_case(name)) {
            reading.servers.push(ServerReading { name: name.clone(), os: None, update: None });
            reading.unknown.push(Unknown {
                field: format!("servers.{name}"),
                why: format!("{name} is a server of the group with no inventory of its own: run the collector there too, or its operating system and update are not counted"),
            });
        }
    }

    // Architecture, for the update planner.
    let arch = files.iter().find_map(|f| {
        let text = f.inventory.windows.as_ref()?.os_architecture.as_deref()?;
        let arch = if text.contains("64") {
            Architecture::X64
        } else if text.contains("32") {
            Architecture::X86
        } else {
            return None;
        };
        Some((arch, text, f))
    });
    if let Some((arch, text, f)) = arch {
        reading.hotfix_profile.arch = Some(arch);
        reading.evidence.push(evidence("arch", arch.id(), f, format!("Win32_OperatingSystem: OSArchitecture {text}")));
    }

    // Features.
    for feature in Feature::ALL.iter().copied() {
        match decide(feature, files, &groups, &group_servers) {
            Decision::Yes(mut e) => {
                e.value = feature.id().to_string();
                reading.upgrade_profile.features.push(feature);
                if HOTFIX_FEATURES.contains(&feature) {
                    reading.hotfix_profile.features.push(feature);
                }
                reading.evidence.push(e);
            }
            Decision::No => {}
            Decision::Unknown(why) => {
                reading.upgrade_profile.unsure.push(feature);
                reading.unknown.push(Unknown { field: format!("features.{}", feature.id()), why });
            }
        }
    }
    Ok(reading)
}

/// Why the group section was not read, for an `unknown` entry about `what`.
fn group_unread(files: &[InventoryFile], what: &str) -> String {
    match files.iter().find_map(|f| f.inventory.why_not_read(&["wmi", "group"]).map(|e| (f.inventory.name(&f.file), e))) {
        Some((server, e)) => format!("{what} could not be read on {server}: {e}"),
        None => format!("{what} could not be read (no inventory has the group section)"),
    }
}

/// Decides one feature from every file: yes when any file shows it; else unknown when a file
/// could not read what decides it; else no.
fn decide(feature: Feature, files: &[InventoryFile], groups: &[(&GroupSection, &InventoryFile)], servers: &[String]) -> Decision {
    let yes = |f: &InventoryFile, from: String| {
        Decision::Yes(Evidence { field: "features", value: String::new(), server: f.inventory.name(&f.file), from })
    };
    if let Some((_, why)) = NEVER_READ.iter().find(|(f, _)| *f == feature) {
        return Decision::Unknown(why.to_string());
    }
    let no_group = || Decision::Unknown(group_unread(files, "the BizTalk group (WMI)"));
    match feature {
        Feature::MultiServer => match groups.first() {
            Some((g, f)) if g.servers.is_some() => {
                if servers.len() >= 2 {
                    yes(f, format!("MSBTS_Server: {} servers ({})", servers.len(), servers.join(", ")))
                } else {
                    Decision::No
                }
            }
            _ => no_group(),
        },
        Feature::Cluster => {
            if groups.is_empty() {
                return no_group();
            }
            for (g, f) in groups {
                if let Some(h) = g.host_instances.iter().flatten().find(|h| matches!(h.cluster_instance_type, Some(1 | 2))) {
                    return yes(
                        f,
                        format!(
                            "MSBTS_HostInstance: {} on {} has ClusterInstanceType {}",
                            h.host.as_deref().unwrap_or("a host"),
                            h.server.as_deref().unwrap_or("?"),
                            h.cluster_instance_type.unwrap_or(0)
                        ),
                    );
                }
            }
            Decision::No
        }
        Feature::SsoStandalone => match groups.iter().find(|(g, _)| g.sso_server.is_some()) {
            Some((g, f)) => {
                let sso = g.sso_server.as_deref().unwrap_or_default();
                if servers.iter().any(|s| same_computer(s, sso)) {
                    Decision::No
                } else {
                    yes(
                        f,
                        // The sources are not sure SSOServerName is the master secret server
                        // (reading-a-biztalk-environment.md, "Uncertain"): said so.
                        format!(
                            "MSBTS_GroupSetting: SSO server {sso} is none of the group's servers ({}); uncertain: the documentation calls it only the SSO server, so confirm the master secret server with ssomanage -displaydb",
                            servers.join(", ")
                        ),
                    )
                }
            }
            None if groups.is_empty() => no_group(),
            None => Decision::Unknown("the group does not name its master secret server".into()),
        },
        Feature::X64 => {
            let mut unread = None;
            for f in files {
                match f.inventory.windows.as_ref().and_then(|w| w.os_architecture.as_deref()) {
                    Some(a) if a.contains("64") => return yes(f, format!("Win32_OperatingSystem: OSArchitecture {a}")),
                    Some(_) => {}
                    None => unread = Some(f.inventory.name(&f.file)),
                }
            }
            unread.map_or(Decision::No, |s| Decision::Unknown(format!("the operating system of {s} could not be read")))
        }
        Feature::Bam => {
            if groups.is_empty() {
                return no_group();
            }
            match groups.iter().find_map(|(g, f)| g.bam_db.as_ref().map(|db| (db, f))) {
                Some((db, f)) => yes(
                    f,
                    format!(
                        "MSBTS_GroupSetting: BAM database {} on {}",
                        db.name.as_deref().unwrap_or("BAMPrimaryImport"),
                        db.server.as_deref().unwrap_or("?")
                    ),
                ),
                None => Decision::No,
            }
        }
        Feature::BamRta | Feature::BamAlerts => {
            let (count, what) =
                if feature == Feature::BamRta { ("rta_views", "real-time aggregation views") } else { ("alert_jobs", "BAM alert jobs") };
            let mut unread = None;
            for f in files {
                match &f.inventory.bam {
                    Some(bam) => {
                        let n = if feature == Feature::BamRta { bam.rta_views } else { bam.alert_jobs };
                        if n.unwrap_or(0) > 0 {
                            return yes(f, format!("BAMPrimaryImport: {} {what} ({count})", n.unwrap_or(0)));
                        }
                    }
                    None => unread = Some(f),
                }
            }
            match unread {
                // No BAM section: unknown only where the group has (or may have) a BAM database.
                Some(_) if !groups.is_empty() && groups.iter().all(|(g, _)| g.bam_db.is_none()) => Decision::No,
                Some(f) => Decision::Unknown(match f.inventory.why_not_read(&["bam"]) {
                    Some(e) => format!("BAM could not be read on {}: {e}", f.inventory.name(&f.file)),
                    None => format!("BAM was not read on {}", f.inventory.name(&f.file)),
                }),
                None => Decision::No,
            }
        }
        Feature::BamPortal | Feature::RestApi => {
            let app = if feature == Feature::BamPortal { "/BAM" } else { "/BizTalkManagementService" };
            let mut unread = None;
            for f in files {
                match &f.inventory.iis_applications {
                    Some(apps) if apps.iter().any(|a| a.trim_end_matches('/').eq_ignore_ascii_case(app)) => {
                        return yes(f, format!("IIS: application {app}"));
                    }
                    Some(_) => {}
                    None => unread = Some(f),
                }
            }
            match unread {
                Some(f) => Decision::Unknown(match f.inventory.why_not_read(&["iis"]) {
                    Some(e) => format!("IIS could not be read on {}: {e}", f.inventory.name(&f.file)),
                    None => format!("IIS was not read on {}", f.inventory.name(&f.file)),
                }),
                None => Decision::No,
            }
        }
        Feature::Edi => {
            if groups.is_empty() {
                return no_group();
            }
            for (g, f) in groups {
                let edi = g.pipelines_in_use.iter().flatten().find(|p| {
                    let lower = p.to_ascii_lowercase();
                    lower.contains(".edi.") || lower.contains("as2")
                });
                if let Some(p) = edi {
                    return yes(f, format!("MSBTS pipelines in use: {p}"));
                }
            }
            if groups.iter().any(|(g, _)| g.pipelines_in_use.is_none()) {
                return Decision::Unknown("the pipelines in use could not be read".into());
            }
            Decision::No
        }
        Feature::DevTools => {
            let mut unread = None;
            for f in files {
                match f.inventory.biztalk.as_ref().and_then(|b| b.setup_features.as_ref()) {
                    Some(features) if features.iter().any(|s| s.eq_ignore_ascii_case("Development")) => {
                        return yes(f, "Windows Installer FeatureState: setup feature Development is installed".into());
                    }
                    Some(_) => {}
                    None => unread = Some(f.inventory.name(&f.file)),
                }
            }
            unread.map_or(Decision::No, |s| Decision::Unknown(format!("the installed BizTalk setup features of {s} could not be read")))
        }
        Feature::MqseriesRemoteAgent => {
            if groups.is_empty() {
                return no_group();
            }
            for (g, f) in groups {
                for adapter in g.adapters.iter().flatten() {
                    for address in adapter.addresses.iter().flatten() {
                        let Some(host) = mqs_host(address) else { continue };
                        let local = host.eq_ignore_ascii_case("localhost") || host == "." || servers.iter().any(|s| same_computer(s, host));
                        if !local {
                            return yes(
                                f,
                                format!("MSBTS_ReceiveLocation/SendPort: {address} names {host}, which is none of the group's servers"),
                            );
                        }
                    }
                }
            }
            if groups.iter().any(|(g, _)| g.adapters.is_none()) {
                return Decision::Unknown("the adapters in use could not be read".into());
            }
            Decision::No
        }
        _ => {
            // The adapter features (and hl7, from the MLLP adapter).
            if groups.is_empty() {
                return no_group();
            }
            for (g, f) in groups {
                if let Some(a) = g.adapters.iter().flatten().find(|a| adapter_feature(&a.name) == Some(feature) && used(a)) {
                    return yes(
                        f,
                        format!(
                            "MSBTS_AdapterSetting: adapter {} used by {} receive location(s) and {} send port(s)",
                            a.name,
                            a.receive_locations.unwrap_or(0),
                            a.send_ports.unwrap_or(0)
                        ),
                    );
                }
            }
            if groups.iter().any(|(g, _)| g.adapters.is_none()) {
                return Decision::Unknown("the adapters in use could not be read".into());
            }
            Decision::No
        }
    }
}
