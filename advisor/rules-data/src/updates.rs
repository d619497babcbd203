//! `updates.toml`: the update catalogue, every update of each BizTalk Server version with its KB,
//! build, date, what it adds, the WinSCP version it needs and how sure each fact is. Generates
//! `UPDATE_SOURCES`, `UPDATE_CATALOGUE` and `WINSCP_VERSIONS` (the one WinSCP table: consecutive
//! cumulative updates that need the same WinSCP make one row), and returns the WinSCP rows for
//! the upgrade steps' `{{winscp <version>}}`.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use bts_vocabulary::{Date, Version};
use serde::Deserialize;

use crate::check::{At, DataError, parse};
use crate::emit::{self, opt};

pub const FILE: &str = "updates.toml";

const KINDS: &[(&str, &str)] = &[
    ("rtm", "Rtm"),
    ("cumulative-update", "CumulativeUpdate"),
    ("feature-pack", "FeaturePack"),
    ("cumulative-update-and-feature-pack", "CumulativeUpdateAndFeaturePack"),
    ("hotfix", "Hotfix"),
];
const CONFIDENCES: &[(&str, &str)] = &[("microsoft", "Microsoft"), ("community", "Community"), ("announced", "Announced"), ("unknown", "")];
const DATE_KINDS: &[&str] = &["community-release-date", "download-center-published", "announcement-date", "third-party-release-date"];
const FEATURE_PACKS: &[&str] = &["fp1", "fp2", "fp3"];
const FACTS: &[&str] = &["kb", "build", "released"];
const UNCERTAIN: &[&str] = &["kb", "alternate_kbs", "build", "released"];
const OWNERS: &[&str] = &["microsoft", "community"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdatesFile {
    winscp: WinscpEntry,
    version: Vec<VersionEntry>,
    source: Vec<SourceEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WinscpEntry {
    /// The source id of the page that gives the WinSCP version per update.
    from: String,
    /// The book section that presents the WinSCP table.
    book: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VersionEntry {
    version: String,
    build_prefix: String,
    latest: String,
    latest_feature_pack: Option<String>,
    latest_note: String,
    sources: Vec<String>,
    note: Option<String>,
    recognise: Recognise,
    update: Vec<UpdateEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Recognise {
    display_name_starts: Vec<String>,
    #[serde(default)]
    display_name_contains: Vec<String>,
    sources: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateEntry {
    id: String,
    level: Option<String>,
    feature_pack: Option<String>,
    kind: String,
    name: String,
    kb: Option<String>,
    #[serde(default)]
    alternate_kbs: Vec<String>,
    build: Option<String>,
    released: Option<String>,
    released_kind: Option<String>,
    winscp: Option<String>,
    adds: Vec<String>,
    #[serde(default)]
    changes: Vec<String>,
    visual_studio_extension: Option<String>,
    #[serde(default)]
    related_packages: Vec<RelatedPackage>,
    confidence: String,
    #[serde(default)]
    microsoft_states: Vec<String>,
    #[serde(default)]
    uncertain: Vec<String>,
    sources: Vec<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RelatedPackage {
    component: String,
    kb: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceEntry {
    id: String,
    owner: String,
    title: String,
    url: Option<String>,
    repo: Option<String>,
    path: Option<String>,
}

/// The WinSCP version the SFTP adapter needs with some cumulative updates of a BizTalk version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WinscpRow {
    pub biztalk: Version,
    /// The cumulative updates, as Microsoft's page names them ("CU3 or CU4", "RTM to CU4").
    pub updates: String,
    pub winscp: String,
}

/// What later data files take from the catalogue: the WinSCP table, and per version a sentence
/// naming its newest update (for the upgrade steps' `{{latest-update <version>}}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    pub winscp: Vec<WinscpRow>,
    pub latest: Vec<(Version, String)>,
}

pub fn generate(text: &str, out: &mut String) -> Result<Catalogue, DataError> {
    let file: UpdatesFile = parse(FILE, text)?;
    let sources = sources(&file.source, out)?;
    let mut seen = BTreeSet::new();
    out.push_str("pub static UPDATE_CATALOGUE: &[UpdateVersion] = &[\n");
    for v in &file.version {
        let at = At::new(FILE, format!("version {}", v.version));
        let version: Version = at.id(&v.version, "version")?;
        at.ensure(seen.insert(version), "appears twice")?;
        version_entry(&at, version, v, &sources, out)?;
    }
    if let Some(missing) = Version::ALL.iter().find(|v| !seen.contains(v)) {
        return Err(At::new(FILE, "file").error(format!("no updates for version {}", missing.id())));
    }
    out.push_str("];\n\n");
    let winscp = winscp_table(&file, &sources, out)?;
    let latest = file.version.iter().filter_map(|v| Some((Version::from_id(&v.version)?, latest_sentence(v)))).collect();
    Ok(Catalogue { winscp, latest })
}

/// "cumulative update 9 (KB 5005479, build 3.12.896.2; for the SFTP adapter it needs WinSCP
/// 5.19.2)", from the catalogue: what is not known is said to be not known.
fn latest_sentence(v: &VersionEntry) -> String {
    let find = |id: &str| v.update.iter().find(|u| u.id == id);
    let Some(latest) = find(&v.latest) else { return v.latest.clone() };
    let number = level_number(&latest.id).unwrap_or(0);
    let mut facts = Vec::new();
    match (&latest.kb, &latest.build) {
        (None, None) => facts.push("no KB number or build published in this site's sources".to_string()),
        (kb, build) => {
            facts.extend(kb.iter().map(|kb| format!("KB {kb}")));
            facts.extend(build.iter().map(|b| format!("build {b}")));
        }
    }
    if let (Some(date), Some("announcement-date")) = (&latest.released, latest.released_kind.as_deref()) {
        facts.insert(0, format!("announced on {date}"));
    }
    let uses_winscp = v.update.iter().any(|u| u.winscp.is_some());
    let winscp = match (&latest.winscp, uses_winscp) {
        (Some(w), _) => format!("; for the SFTP adapter it needs WinSCP {w}"),
        (None, true) => {
            let before = v.update.iter().rev().find(|u| matches!(u.kind.as_str(), "rtm" | "cumulative-update") && u.winscp.is_some());
            let before = before
                .map(|u| format!(" (cumulative update {} needs {})", level_number(&u.id).unwrap_or(0), u.winscp.as_deref().unwrap_or("")));
            format!("; Microsoft's SFTP adapter page does not give its WinSCP version yet{}", before.unwrap_or_default())
        }
        (None, false) => String::new(),
    };
    let package = v.latest_feature_pack.as_deref().and_then(find).map(|p| {
        let kb = p.kb.as_deref().map(|kb| format!(" (KB {kb})")).unwrap_or_default();
        format!("; a group with a Feature Pack installs the package \"{}\"{kb} instead", p.name)
    });
    let name = if number == 0 { "the release itself".to_string() } else { format!("cumulative update {number}") };
    format!("{name} ({}{winscp}){}", facts.join(", "), package.unwrap_or_default())
}

fn sources(entries: &[SourceEntry], out: &mut String) -> Result<BTreeSet<String>, DataError> {
    let mut ids = BTreeSet::new();
    out.push_str("pub static UPDATE_SOURCES: &[UpdateSource] = &[\n");
    for s in entries {
        let at = At::new(FILE, format!("source {}", s.id));
        at.ensure(ids.insert(s.id.clone()), "appears twice")?;
        at.ensure(OWNERS.contains(&s.owner.as_str()), format!("owner \"{}\" is none of {}", s.owner, OWNERS.join(", ")))?;
        at.ensure(s.url.is_some() || (s.repo.is_some() && s.path.is_some()), "a source has a url, or a repo and a path")?;
        if let Some(url) = &s.url {
            at.ensure(url.starts_with("https://") || url.starts_with("http://"), format!("url \"{url}\" is not a web address"))?;
        }
        writeln!(
            out,
            "    UpdateSource {{ id: {:?}, microsoft: {}, title: {:?}, url: {}, repo: {}, path: {} }},",
            s.id,
            s.owner == "microsoft",
            s.title,
            opt(&s.url),
            opt(&s.repo),
            opt(&s.path)
        )
        .unwrap();
    }
    out.push_str("];\n\n");
    Ok(ids)
}

fn known_sources(at: &At, ids: &[String], sources: &BTreeSet<String>) -> Result<(), DataError> {
    at.ensure(!ids.is_empty(), "names no source")?;
    match ids.iter().find(|id| !sources.contains(*id)) {
        Some(id) => Err(at.error(format!("source \"{id}\" is not defined in [[source]]"))),
        None => Ok(()),
    }
}

/// A build number: four dot-separated whole numbers.
fn build_number(at: &At, text: &str) -> Result<[u32; 4], DataError> {
    let parts: Vec<Option<u32>> =
        text.split('.').map(|p| if p.chars().all(|c| c.is_ascii_digit()) { p.parse().ok() } else { None }).collect();
    match parts.as_slice() {
        [Some(a), Some(b), Some(c), Some(d)] => Ok([*a, *b, *c, *d]),
        _ => Err(at.error(format!("build \"{text}\" is not four dot-separated numbers"))),
    }
}

fn digits(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_digit())
}

/// `cuN` to N; `rtm` to 0.
fn level_number(id: &str) -> Option<u32> {
    if id == "rtm" { Some(0) } else { id.strip_prefix("cu").filter(|n| digits(n) && !n.starts_with('0')).and_then(|n| n.parse().ok()) }
}

fn version_entry(at: &At, version: Version, v: &VersionEntry, sources: &BTreeSet<String>, out: &mut String) -> Result<(), DataError> {
    known_sources(at, &v.sources, sources)?;
    known_sources(&at.within("recognise"), &v.recognise.sources, sources)?;
    let prefix_ok = v.build_prefix.split('.').count() == 2 && v.build_prefix.split('.').all(digits);
    at.ensure(prefix_ok, format!("build_prefix \"{}\" is not major.minor", v.build_prefix))?;
    let mut ids = BTreeSet::new();
    let mut plain: Option<&str> = None;
    let (mut plain_build, mut pack_build): (Option<[u32; 4]>, Option<[u32; 4]>) = (None, None);
    let mut last_date: Option<Date> = None;
    let mut updates = String::new();
    for u in &v.update {
        let at = at.within(format!("update {}", u.id));
        at.ensure(ids.insert(u.id.as_str()), "appears twice")?;
        let kind = KINDS.iter().find(|(id, _)| *id == u.kind).ok_or_else(|| {
            at.error(format!("kind \"{}\" is none of {}", u.kind, KINDS.iter().map(|k| k.0).collect::<Vec<_>>().join(", ")))
        })?;
        let is_plain = matches!(u.kind.as_str(), "rtm" | "cumulative-update");
        // The plain line: rtm, cu1, cu2, ... with no number skipped.
        let level = if is_plain {
            let expected = plain.map_or(Some(0), |p| level_number(p).map(|n| n + 1));
            let number = level_number(&u.id).filter(|n| (*n == 0) == (u.kind == "rtm"));
            at.ensure(
                number.is_some() && number == expected,
                format!("the release line runs rtm, cu1, cu2, ... in order; expected {} here", expected.map_or("rtm".into(), label_id)),
            )?;
            at.ensure(u.level.is_none(), "a release or cumulative update is its own level; `level` is only for the packages built on one")?;
            plain = Some(u.id.as_str());
            Some(u.id.as_str())
        } else {
            if let Some(level) = &u.level {
                at.ensure(
                    Some(level.as_str()) == plain,
                    format!("level \"{level}\" is not the cumulative update listed just before it ({})", plain.unwrap_or("none")),
                )?;
            } else {
                at.ensure(u.kind == "feature-pack", "a package built on a cumulative update names its `level`")?;
            }
            u.level.as_deref()
        };
        // Feature packs: BizTalk Server 2016 only, on the kinds that carry one.
        let carries_pack = matches!(u.kind.as_str(), "feature-pack" | "cumulative-update-and-feature-pack");
        match &u.feature_pack {
            Some(fp) => {
                at.ensure(FEATURE_PACKS.contains(&fp.as_str()), format!("feature_pack \"{fp}\" is none of {}", FEATURE_PACKS.join(", ")))?;
                at.ensure(version == Version::Bts2016, "only BizTalk Server 2016 has Feature Packs")?;
                at.ensure(carries_pack, format!("a {} carries no feature_pack", u.kind))?;
            }
            None => at.ensure(!carries_pack, format!("a {} names its feature_pack", u.kind))?,
        }
        // Builds increase along the release line and along the Feature Pack line.
        let build = u.build.as_deref().map(|b| build_number(&at, b)).transpose()?;
        if build.is_some() && is_plain {
            let prefix = format!("{}.", v.build_prefix);
            at.ensure(
                u.build.as_deref().is_some_and(|b| b.starts_with(&prefix)),
                format!("build {} does not start with the version's {}", u.build.as_deref().unwrap_or(""), v.build_prefix),
            )?;
        }
        let exempt_build = u.uncertain.iter().any(|f| f == "build") || u.kind == "hotfix";
        if let (Some(build), false) = (build, exempt_build) {
            let line = if u.feature_pack.is_some() { &mut pack_build } else { &mut plain_build };
            at.ensure(
                line.is_none_or(|before| before < build),
                format!("build {} is not higher than the build before it on its line", u.build.as_deref().unwrap_or("")),
            )?;
            *line = Some(build);
        }
        // Dates: real days, never earlier than the one before (unless marked uncertain).
        let released = u.released.as_deref().map(|d| at.date(d)).transpose()?;
        at.ensure(released.is_some() == u.released_kind.is_some(), "`released` and `released_kind` come together")?;
        if let Some(kind) = &u.released_kind {
            at.ensure(DATE_KINDS.contains(&kind.as_str()), format!("released_kind \"{kind}\" is none of {}", DATE_KINDS.join(", ")))?;
        }
        if let (Some(date), false) = (released, u.uncertain.iter().any(|f| f == "released")) {
            at.ensure(last_date.is_none_or(|before| before <= date), format!("released {date} is earlier than the update before it"))?;
            last_date = Some(date);
        }
        // KB numbers, WinSCP and the Visual Studio extension.
        for kb in u.kb.iter().chain(&u.alternate_kbs).chain(u.related_packages.iter().map(|p| &p.kb)) {
            at.ensure(digits(kb), format!("KB \"{kb}\" is not digits only"))?;
        }
        at.ensure(u.kb.is_some() || u.alternate_kbs.is_empty(), "alternate_kbs without a kb")?;
        at.ensure(u.kind != "rtm" || u.kb.is_none(), "a release has no KB")?;
        for (what, value) in [("WinSCP", &u.winscp), ("Visual Studio extension", &u.visual_studio_extension)] {
            if let Some(value) = value {
                at.ensure(value.split('.').all(digits), format!("\"{value}\" is not a {what} version number"))?;
            }
        }
        // How sure: the confidence follows from what is known and who states it.
        let confidence = CONFIDENCES.iter().find(|(id, _)| *id == u.confidence).ok_or_else(|| {
            at.error(format!(
                "confidence \"{}\" is none of {}",
                u.confidence,
                CONFIDENCES.iter().map(|c| c.0).collect::<Vec<_>>().join(", ")
            ))
        })?;
        for fact in &u.microsoft_states {
            at.ensure(FACTS.contains(&fact.as_str()), format!("microsoft_states \"{fact}\" is none of {}", FACTS.join(", ")))?;
            let has = match fact.as_str() {
                "kb" => u.kb.is_some(),
                "build" => u.build.is_some(),
                _ => u.released.is_some(),
            };
            at.ensure(has, format!("microsoft_states names {fact}, which the entry does not have"))?;
        }
        for field in &u.uncertain {
            at.ensure(UNCERTAIN.contains(&field.as_str()), format!("uncertain \"{field}\" is none of {}", UNCERTAIN.join(", ")))?;
        }
        let numbered = u.kb.is_some() || u.build.is_some();
        match confidence.0 {
            "microsoft" => {
                let stated = |f: &str| u.microsoft_states.iter().any(|s| s == f);
                at.ensure(
                    numbered && (u.kb.is_none() || stated("kb")) && (u.build.is_none() || stated("build")),
                    "a `microsoft` entry has a KB or a build, and microsoft_states names each of them",
                )?;
            }
            "community" => at.ensure(numbered, "a `community` entry has a KB or a build")?,
            other => at.ensure(!numbered, format!("an `{other}` entry has neither KB nor build"))?,
        }
        known_sources(&at, &u.sources, sources)?;
        let confidence = if confidence.1.is_empty() { "None".to_string() } else { format!("Some(Confidence::{})", confidence.1) };
        let related: Vec<String> = u.related_packages.iter().map(|p| format!("({:?}, {:?})", p.component, p.kb)).collect();
        write!(
            updates,
            "\n        Update {{ id: {:?}, level: {}, feature_pack: {}, kind: UpdateKind::{}, name: {:?}, kb: {}, alternate_kbs: &{:?}, \
             build: {}, released: {}, released_kind: {}, winscp: {}, adds: &{:?}, changes: &{:?}, visual_studio_extension: {}, \
             related_packages: &[{}], confidence: {confidence}, microsoft_states: &{:?}, uncertain: &{:?}, sources: &{:?}, note: {} }},",
            u.id,
            opt(&level.map(String::from)),
            opt(&u.feature_pack),
            kind.1,
            u.name,
            opt(&u.kb),
            u.alternate_kbs,
            opt(&u.build),
            released.map_or("None".into(), |d| format!("Some({})", emit::date(d))),
            opt(&u.released_kind),
            opt(&u.winscp),
            u.adds,
            u.changes,
            opt(&u.visual_studio_extension),
            related.join(", "),
            u.microsoft_states,
            u.uncertain,
            u.sources,
            opt(&u.note),
        )
        .unwrap();
    }
    at.ensure(
        plain.is_some() && Some(v.latest.as_str()) == plain,
        format!("latest \"{}\" is not the last cumulative update listed ({})", v.latest, plain.unwrap_or("none")),
    )?;
    if let Some(latest_fp) = &v.latest_feature_pack {
        let ok = v.update.iter().any(|u| &u.id == latest_fp && u.feature_pack.is_some() && u.level.as_deref() == plain);
        at.ensure(ok, format!("latest_feature_pack \"{latest_fp}\" is not a Feature Pack package of {}", v.latest))?;
    }
    writeln!(
        out,
        "    UpdateVersion {{ version: Version::{version:?}, build_prefix: {:?}, latest: {:?}, latest_feature_pack: {}, latest_note: {:?}, \
         note: {}, sources: &{:?}, display_name_starts: &{:?}, display_name_contains: &{:?}, recognise_sources: &{:?}, updates: &[{updates}] }},",
        v.build_prefix,
        v.latest,
        opt(&v.latest_feature_pack),
        v.latest_note,
        opt(&v.note),
        v.sources,
        v.recognise.display_name_starts,
        v.recognise.display_name_contains,
        v.recognise.sources,
    )
    .unwrap();
    Ok(())
}

/// `cu3` as Microsoft's pages write it: `CU3`; `rtm`: `RTM`.
fn label_id(number: u32) -> String {
    if number == 0 { "RTM".into() } else { format!("CU{number}") }
}

/// The one WinSCP table, derived from the updates' `winscp`: per version, newest first, the runs
/// of consecutive cumulative updates that need the same WinSCP ("CU6", "CU3 or CU4", "RTM to CU4").
fn winscp_table(file: &UpdatesFile, sources: &BTreeSet<String>, out: &mut String) -> Result<Vec<WinscpRow>, DataError> {
    let at = At::new(FILE, "winscp");
    at.ensure(sources.contains(&file.winscp.from), format!("source \"{}\" is not defined in [[source]]", file.winscp.from))?;
    at.source(&file.winscp.book)?;
    let page = file.source.iter().find(|s| s.id == file.winscp.from).and_then(|s| s.url.clone()).unwrap_or_default();
    at.page(&page)?;
    let mut rows = Vec::new();
    let mut versions: Vec<&VersionEntry> = file.version.iter().collect();
    versions.sort_by_key(|v| std::cmp::Reverse(Version::from_id(&v.version)));
    for v in versions {
        let biztalk = Version::from_id(&v.version).expect("checked above");
        // (first, last, winscp) runs along the release line, oldest first.
        let mut runs: Vec<(u32, u32, &str)> = Vec::new();
        for u in v.update.iter().filter(|u| matches!(u.kind.as_str(), "rtm" | "cumulative-update")) {
            let (Some(n), Some(winscp)) = (level_number(&u.id), u.winscp.as_deref()) else { continue };
            match runs.last_mut() {
                Some((_, last, w)) if *w == winscp && *last + 1 == n => *last = n,
                _ => runs.push((n, n, winscp)),
            }
        }
        for (first, last, winscp) in runs.into_iter().rev() {
            let updates = match last - first {
                0 => label_id(first),
                1 => format!("{} or {}", label_id(first), label_id(last)),
                _ => format!("{} to {}", label_id(first), label_id(last)),
            };
            rows.push(WinscpRow { biztalk, updates, winscp: winscp.to_string() });
        }
    }
    out.push_str("pub static WINSCP_VERSIONS: &[WinscpVersion] = &[\n");
    for row in &rows {
        writeln!(
            out,
            "    WinscpVersion {{ biztalk: Version::{:?}, updates: {:?}, winscp: {:?}, page: {page:?}, source: {:?} }},",
            row.biztalk, row.updates, row.winscp, file.winscp.book
        )
        .unwrap();
    }
    out.push_str("];\n\n");
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::tests::{edit, error};

    const VALID: &str = r#"
[winscp]
from = "S6"
book = "compatibility.html#winscp"

[[version]]
version = "2013"
build_prefix = "3.10"
latest = "cu1"
latest_note = "The newest."
sources = ["S8"]
recognise = { display_name_starts = ["Microsoft BizTalk Server 2013 CU<n>"], sources = ["S25"] }

  [[version.update]]
  id = "rtm"
  kind = "rtm"
  name = "Microsoft BizTalk Server 2013"
  build = "3.10.229.0"
  adds = []
  confidence = "community"
  sources = ["S25"]

  [[version.update]]
  id = "cu1"
  kind = "cumulative-update"
  name = "Cumulative update 1 for Microsoft BizTalk Server 2013"
  adds = []
  confidence = "unknown"
  sources = ["S8"]

[[version]]
version = "2013r2"
build_prefix = "3.11"
latest = "rtm"
latest_note = "The release."
sources = ["S8"]
recognise = { display_name_starts = ["Microsoft BizTalk Server 2013 R2 CU<n>"], sources = ["S25"] }

  [[version.update]]
  id = "rtm"
  kind = "rtm"
  name = "Microsoft BizTalk Server 2013 R2"
  adds = []
  confidence = "unknown"
  sources = ["S25"]

[[version]]
version = "2016"
build_prefix = "3.12"
latest = "cu2"
latest_feature_pack = "cu2-fp3"
latest_note = "The newest."
sources = ["S18"]
recognise = { display_name_starts = ["Microsoft BizTalk Server 2016 CU<n>"], display_name_contains = ["KB<kb>"], sources = ["S25"] }

  [[version.update]]
  id = "rtm"
  kind = "rtm"
  name = "Microsoft BizTalk Server 2016"
  build = "3.12.774.0"
  released = "2016-09-30"
  released_kind = "community-release-date"
  winscp = "5.7.7"
  adds = []
  confidence = "community"
  sources = ["S18"]

  [[version.update]]
  id = "cu1"
  kind = "cumulative-update"
  name = "Cumulative update 1 for Microsoft BizTalk Server 2016"
  kb = "3208238"
  build = "3.12.796.2"
  released = "2017-01-26"
  released_kind = "community-release-date"
  winscp = "5.7.7"
  adds = []
  confidence = "community"
  microsoft_states = ["kb"]
  sources = ["S18", "S6"]

  [[version.update]]
  id = "fp3"
  level = "cu1"
  feature_pack = "fp3"
  kind = "feature-pack"
  name = "Feature Pack 3 for Microsoft BizTalk Server 2016"
  kb = "4103503"
  build = "3.13.324.2"
  released = "2018-06-25"
  released_kind = "community-release-date"
  adds = ["Computers with the FIPS security policy enabled"]
  confidence = "community"
  sources = ["S18"]

  [[version.update]]
  id = "cu2"
  kind = "cumulative-update"
  name = "Cumulative update 2 for Microsoft BizTalk Server 2016"
  kb = "4021095"
  build = "3.12.807.2"
  released = "2018-07-26"
  released_kind = "community-release-date"
  winscp = "5.13.1"
  adds = [".NET Framework 4.7.x"]
  confidence = "community"
  sources = ["S18"]

  [[version.update]]
  id = "cu2-fp3"
  level = "cu2"
  feature_pack = "fp3"
  kind = "cumulative-update-and-feature-pack"
  name = "Cumulative update 2 and Feature Pack 3 for Microsoft BizTalk Server 2016"
  kb = "4536185"
  build = "3.13.340.2"
  released = "2020-01-22"
  released_kind = "community-release-date"
  adds = []
  confidence = "community"
  sources = ["S18"]

[[version]]
version = "2020"
build_prefix = "3.13"
latest = "cu2"
latest_note = "Announced."
sources = ["S14"]
recognise = { display_name_starts = ["Microsoft BizTalk Server 2020 Cumulative Update <n>"], sources = ["S25"] }

  [[version.update]]
  id = "rtm"
  kind = "rtm"
  name = "Microsoft BizTalk Server 2020"
  build = "3.13.717.0"
  winscp = "5.15.4"
  adds = []
  confidence = "community"
  sources = ["S18"]

  [[version.update]]
  id = "cu1"
  kind = "cumulative-update"
  name = "Cumulative update 1 for Microsoft BizTalk Server 2020"
  kb = "5043408"
  alternate_kbs = ["5048971"]
  build = "3.13.895.0"
  released = "2024-11-21"
  released_kind = "download-center-published"
  winscp = "6.3.5"
  adds = ["Windows Server 2022"]
  visual_studio_extension = "3.13.2.0"
  related_packages = [{ component = "ESB Toolkit", kb = "4569992" }]
  confidence = "microsoft"
  microsoft_states = ["kb", "build", "released"]
  uncertain = ["alternate_kbs"]
  sources = ["S14"]
  note = "A note."

  [[version.update]]
  id = "cu2"
  kind = "cumulative-update"
  name = "Cumulative update 2 for Microsoft BizTalk Server 2020"
  released = "2025-11-12"
  released_kind = "announcement-date"
  adds = ["Visual Studio 2022"]
  confidence = "announced"
  sources = ["S14"]

[[source]]
id = "S6"
owner = "microsoft"
title = "SFTP Adapter"
url = "https://learn.microsoft.com/biztalk/core/sftp-adapter"

[[source]]
id = "S8"
owner = "microsoft"
title = "How to purge data"
repo = "MicrosoftDocs/biztalk-docs"
path = "biztalk/core/how-to-purge-data-from-the-biztalk-tracking-database.md"

[[source]]
id = "S14"
owner = "microsoft"
title = "Download Center: Microsoft BizTalk Server 2020 CU6"
url = "https://www.microsoft.com/en-eg/download/details.aspx?id=106333"

[[source]]
id = "S18"
owner = "community"
title = "The community table"
url = "https://github.com/BizTalkCommunity/BizTalkWinSCPInstaller"

[[source]]
id = "S25"
owner = "community"
title = "Scripts"
repo = "sandroasp/BizTalk-Server-Resources"
path = "PowerShell-scripts/"
"#;

    fn generate(text: &str) -> Result<(String, Vec<WinscpRow>), DataError> {
        let mut out = String::new();
        super::generate(text, &mut out).map(|catalogue| (out, catalogue.winscp))
    }

    #[test]
    fn the_latest_update_is_named_with_what_is_known_of_it() {
        let mut out = String::new();
        let latest = super::generate(VALID, &mut out).unwrap().latest;
        assert_eq!(
            latest,
            [
                (Version::Bts2013, "cumulative update 1 (no KB number or build published in this site's sources)".to_string()),
                (Version::Bts2013R2, "the release itself (no KB number or build published in this site's sources)".to_string()),
                (Version::Bts2016, "cumulative update 2 (KB 4021095, build 3.12.807.2; for the SFTP adapter it needs WinSCP 5.13.1); a group with a Feature Pack installs the package \"Cumulative update 2 and Feature Pack 3 for Microsoft BizTalk Server 2016\" (KB 4536185) instead".to_string()),
                (Version::Bts2020, "cumulative update 2 (announced on 2025-11-12, no KB number or build published in this site's sources; Microsoft's SFTP adapter page does not give its WinSCP version yet (cumulative update 1 needs 6.3.5))".to_string()),
            ]
        );
    }

    /// The message for the valid fixture with `from` replaced by `to`.
    fn refused(from: &str, to: &str) -> String {
        error(generate(&edit(VALID, from, to)))
    }

    const AT: &str = "advisor/rules/data/updates.toml: ";

    #[test]
    fn a_valid_file_becomes_the_catalogue_and_its_sources() {
        let (code, _) = generate(VALID).unwrap();
        assert!(code.starts_with("pub static UPDATE_SOURCES: &[UpdateSource] = &[\n    UpdateSource { id: \"S6\", microsoft: true, title: \"SFTP Adapter\", url: Some(\"https://learn.microsoft.com/biztalk/core/sftp-adapter\"), repo: None, path: None },\n"), "{code}");
        assert!(code.contains("    UpdateVersion { version: Version::Bts2016, build_prefix: \"3.12\", latest: \"cu2\", latest_feature_pack: Some(\"cu2-fp3\"), latest_note: \"The newest.\", note: None, sources: &[\"S18\"], display_name_starts: &[\"Microsoft BizTalk Server 2016 CU<n>\"], display_name_contains: &[\"KB<kb>\"], recognise_sources: &[\"S25\"], updates: &[\n"), "{code}");
        assert!(code.contains("\n        Update { id: \"fp3\", level: Some(\"cu1\"), feature_pack: Some(\"fp3\"), kind: UpdateKind::FeaturePack, name: \"Feature Pack 3 for Microsoft BizTalk Server 2016\", kb: Some(\"4103503\"), alternate_kbs: &[], build: Some(\"3.13.324.2\"), released: Some(Date::new(2018, 6, 25)), released_kind: Some(\"community-release-date\"), winscp: None, adds: &[\"Computers with the FIPS security policy enabled\"], changes: &[], visual_studio_extension: None, related_packages: &[], confidence: Some(Confidence::Community), microsoft_states: &[], uncertain: &[], sources: &[\"S18\"], note: None },"), "{code}");
        assert!(code.contains("\n        Update { id: \"cu1\", level: Some(\"cu1\"), feature_pack: None, kind: UpdateKind::CumulativeUpdate, name: \"Cumulative update 1 for Microsoft BizTalk Server 2020\", kb: Some(\"5043408\"), alternate_kbs: &[\"5048971\"], build: Some(\"3.13.895.0\"), released: Some(Date::new(2024, 11, 21)), released_kind: Some(\"download-center-published\"), winscp: Some(\"6.3.5\"), adds: &[\"Windows Server 2022\"], changes: &[], visual_studio_extension: Some(\"3.13.2.0\"), related_packages: &[(\"ESB Toolkit\", \"4569992\")], confidence: Some(Confidence::Microsoft), microsoft_states: &[\"kb\", \"build\", \"released\"], uncertain: &[\"alternate_kbs\"], sources: &[\"S14\"], note: Some(\"A note.\") },"), "{code}");
        // What no source knows stays absent: an `unknown` entry has no confidence.
        assert!(code.contains("name: \"Cumulative update 1 for Microsoft BizTalk Server 2013\", kb: None, alternate_kbs: &[], build: None, released: None, released_kind: None, winscp: None, adds: &[], changes: &[], visual_studio_extension: None, related_packages: &[], confidence: None,"), "{code}");
    }

    #[test]
    fn the_winscp_table_groups_consecutive_updates_newest_first() {
        let (code, rows) = generate(VALID).unwrap();
        let table: Vec<(Version, &str, &str)> = rows.iter().map(|r| (r.biztalk, r.updates.as_str(), r.winscp.as_str())).collect();
        assert_eq!(
            table,
            [
                (Version::Bts2020, "CU1", "6.3.5"),
                (Version::Bts2020, "RTM", "5.15.4"),
                (Version::Bts2016, "CU2", "5.13.1"),
                (Version::Bts2016, "RTM or CU1", "5.7.7"),
            ]
        );
        assert!(code.contains("pub static WINSCP_VERSIONS: &[WinscpVersion] = &[\n    WinscpVersion { biztalk: Version::Bts2020, updates: \"CU1\", winscp: \"6.3.5\", page: \"https://learn.microsoft.com/biztalk/core/sftp-adapter\", source: \"compatibility.html#winscp\" },\n"), "{code}");
        let three = edit(VALID, "winscp = \"5.13.1\"", "winscp = \"5.7.7\"");
        let (_, rows) = generate(&three).unwrap();
        assert_eq!(rows[2], WinscpRow { biztalk: Version::Bts2016, updates: "RTM to CU2".into(), winscp: "5.7.7".into() });
    }

    #[test]
    fn versions_are_known_listed_once_and_all_present() {
        assert_eq!(
            refused("version = \"2013r2\"", "version = \"2013 R2\""),
            format!("{AT}version 2013 R2: unknown version \"2013 R2\" (accepted: 2013, 2013r2, 2016, 2020)")
        );
        assert_eq!(refused("version = \"2013r2\"", "version = \"2013\""), format!("{AT}version 2013: appears twice"));
        let without_2020 =
            VALID[..VALID.find("[[version]]\nversion = \"2020\"").unwrap()].to_string() + &VALID[VALID.find("[[source]]").unwrap()..];
        assert_eq!(error(generate(&without_2020)), format!("{AT}file: no updates for version 2020"));
        assert_eq!(
            refused("build_prefix = \"3.11\"", "build_prefix = \"3.11.0\""),
            format!("{AT}version 2013r2: build_prefix \"3.11.0\" is not major.minor")
        );
    }

    #[test]
    fn ids_are_unique_within_a_version() {
        assert_eq!(refused("id = \"cu2-fp3\"", "id = \"fp3\""), format!("{AT}version 2016, update fp3: appears twice"));
    }

    #[test]
    fn the_release_line_runs_rtm_cu1_cu2_in_order() {
        assert_eq!(
            refused(
                "id = \"cu1\"\n  kind = \"cumulative-update\"\n  name = \"Cumulative update 1 for Microsoft BizTalk Server 2013\"",
                "id = \"cu2\"\n  kind = \"cumulative-update\"\n  name = \"Cumulative update 1 for Microsoft BizTalk Server 2013\""
            ),
            format!("{AT}version 2013, update cu2: the release line runs rtm, cu1, cu2, ... in order; expected CU1 here")
        );
        assert_eq!(
            refused(
                "id = \"rtm\"\n  kind = \"rtm\"\n  name = \"Microsoft BizTalk Server 2013 R2\"",
                "id = \"rtm\"\n  kind = \"cumulative-update\"\n  name = \"Microsoft BizTalk Server 2013 R2\""
            ),
            format!("{AT}version 2013r2, update rtm: the release line runs rtm, cu1, cu2, ... in order; expected RTM here")
        );
        assert_eq!(
            refused(
                "id = \"cu1\"\n  kind = \"cumulative-update\"\n  name = \"Cumulative update 1 for Microsoft BizTalk Server 2016\"",
                "id = \"cu1\"\n  level = \"rtm\"\n  kind = \"cumulative-update\"\n  name = \"Cumulative update 1 for Microsoft BizTalk Server 2016\""
            ),
            format!(
                "{AT}version 2016, update cu1: a release or cumulative update is its own level; `level` is only for the packages built on one"
            )
        );
        assert_eq!(
            refused("kind = \"cumulative-update-and-feature-pack\"", "kind = \"service-pack\""),
            format!(
                "{AT}version 2016, update cu2-fp3: kind \"service-pack\" is none of rtm, cumulative-update, feature-pack, cumulative-update-and-feature-pack, hotfix"
            )
        );
    }

    #[test]
    fn a_package_names_the_cumulative_update_it_is_built_on() {
        assert_eq!(
            refused("level = \"cu2\"", "level = \"cu1\""),
            format!("{AT}version 2016, update cu2-fp3: level \"cu1\" is not the cumulative update listed just before it (cu2)")
        );
        assert_eq!(
            refused("level = \"cu2\"\n", ""),
            format!("{AT}version 2016, update cu2-fp3: a package built on a cumulative update names its `level`")
        );
    }

    #[test]
    fn feature_packs_are_2016s_and_only_on_feature_pack_packages() {
        assert_eq!(
            refused("feature_pack = \"fp3\"\n  kind = \"feature-pack\"", "feature_pack = \"fp4\"\n  kind = \"feature-pack\""),
            format!("{AT}version 2016, update fp3: feature_pack \"fp4\" is none of fp1, fp2, fp3")
        );
        assert_eq!(
            refused("feature_pack = \"fp3\"\n  kind = \"feature-pack\"", "kind = \"feature-pack\""),
            format!("{AT}version 2016, update fp3: a feature-pack names its feature_pack")
        );
        assert_eq!(
            refused(
                "id = \"cu2\"\n  kind = \"cumulative-update\"\n  name = \"Cumulative update 2 for Microsoft BizTalk Server 2016\"",
                "id = \"cu2\"\n  feature_pack = \"fp1\"\n  kind = \"cumulative-update\"\n  name = \"Cumulative update 2 for Microsoft BizTalk Server 2016\""
            ),
            format!("{AT}version 2016, update cu2: a cumulative-update carries no feature_pack")
        );
        assert_eq!(
            refused(
                "id = \"cu1\"\n  kind = \"cumulative-update\"\n  name = \"Cumulative update 1 for Microsoft BizTalk Server 2020\"",
                "id = \"cu1\"\n  feature_pack = \"fp1\"\n  kind = \"cumulative-update\"\n  name = \"Cumulative update 1 for Microsoft BizTalk Server 2020\""
            ),
            format!("{AT}version 2020, update cu1: only BizTalk Server 2016 has Feature Packs")
        );
    }

    #[test]
    fn builds_are_numbers_that_increase_along_each_line() {
        assert_eq!(
            refused("build = \"3.12.796.2\"", "build = \"3.12.796\""),
            format!("{AT}version 2016, update cu1: build \"3.12.796\" is not four dot-separated numbers")
        );
        assert_eq!(
            refused("build = \"3.12.807.2\"", "build = \"3.12.790.2\""),
            format!("{AT}version 2016, update cu2: build 3.12.790.2 is not higher than the build before it on its line")
        );
        assert_eq!(
            refused("build = \"3.13.340.2\"", "build = \"3.13.300.2\""),
            format!("{AT}version 2016, update cu2-fp3: build 3.13.300.2 is not higher than the build before it on its line")
        );
        assert_eq!(
            refused("build = \"3.12.807.2\"", "build = \"3.13.807.2\""),
            format!("{AT}version 2016, update cu2: build 3.13.807.2 does not start with the version's 3.12")
        );
        // A build the sources mark uncertain is exempt.
        assert!(
            generate(&edit(
                &edit(VALID, "build = \"3.13.340.2\"", "build = \"3.12.807.2\""),
                "adds = []\n  confidence = \"community\"\n  sources = [\"S18\"]\n\n[[version]]",
                "adds = []\n  confidence = \"community\"\n  uncertain = [\"build\"]\n  sources = [\"S18\"]\n\n[[version]]"
            ))
            .is_ok()
        );
    }

    #[test]
    fn dates_are_real_days_that_never_go_backwards() {
        assert_eq!(
            refused("released = \"2017-01-26\"", "released = \"2017-02-30\""),
            format!("{AT}version 2016, update cu1: \"2017-02-30\" is not a real YYYY-MM-DD date")
        );
        assert_eq!(
            refused("released = \"2018-07-26\"", "released = \"2018-06-24\""),
            format!("{AT}version 2016, update cu2: released 2018-06-24 is earlier than the update before it")
        );
        assert_eq!(
            refused("released_kind = \"announcement-date\"\n", ""),
            format!("{AT}version 2020, update cu2: `released` and `released_kind` come together")
        );
        assert_eq!(
            refused("released_kind = \"announcement-date\"", "released_kind = \"blog\""),
            format!(
                "{AT}version 2020, update cu2: released_kind \"blog\" is none of community-release-date, download-center-published, announcement-date, third-party-release-date"
            )
        );
    }

    #[test]
    fn kbs_and_versions_are_numbers() {
        assert_eq!(
            refused("kb = \"3208238\"", "kb = \"KB3208238\""),
            format!("{AT}version 2016, update cu1: KB \"KB3208238\" is not digits only")
        );
        assert_eq!(
            refused("alternate_kbs = [\"5048971\"]", "alternate_kbs = [\"5048971a\"]"),
            format!("{AT}version 2020, update cu1: KB \"5048971a\" is not digits only")
        );
        assert_eq!(refused("kb = \"5043408\"\n", ""), format!("{AT}version 2020, update cu1: alternate_kbs without a kb"));
        assert_eq!(
            refused("name = \"Microsoft BizTalk Server 2016\"", "name = \"Microsoft BizTalk Server 2016\"\n  kb = \"1\""),
            format!("{AT}version 2016, update rtm: a release has no KB")
        );
        assert_eq!(
            refused("winscp = \"6.3.5\"", "winscp = \"6.3.5 beta\""),
            format!("{AT}version 2020, update cu1: \"6.3.5 beta\" is not a WinSCP version number")
        );
        assert_eq!(
            refused("visual_studio_extension = \"3.13.2.0\"", "visual_studio_extension = \"latest\""),
            format!("{AT}version 2020, update cu1: \"latest\" is not a Visual Studio extension version number")
        );
    }

    #[test]
    fn the_confidence_matches_what_is_known_and_who_states_it() {
        assert_eq!(
            refused("confidence = \"announced\"", "confidence = \"likely\""),
            format!("{AT}version 2020, update cu2: confidence \"likely\" is none of microsoft, community, announced, unknown")
        );
        assert_eq!(
            refused("microsoft_states = [\"kb\", \"build\", \"released\"]", "microsoft_states = [\"kb\", \"released\"]"),
            format!("{AT}version 2020, update cu1: a `microsoft` entry has a KB or a build, and microsoft_states names each of them")
        );
        assert_eq!(
            refused("microsoft_states = [\"kb\", \"build\", \"released\"]", "microsoft_states = [\"kb\", \"build\", \"date\"]"),
            format!("{AT}version 2020, update cu1: microsoft_states \"date\" is none of kb, build, released")
        );
        assert_eq!(
            refused("build = \"3.10.229.0\"", "build = \"3.10.229.0\"\n  microsoft_states = [\"released\"]"),
            format!("{AT}version 2013, update rtm: microsoft_states names released, which the entry does not have")
        );
        assert_eq!(
            refused("confidence = \"announced\"", "kb = \"1\"\n  confidence = \"announced\""),
            format!("{AT}version 2020, update cu2: an `announced` entry has neither KB nor build")
        );
        assert_eq!(
            refused(
                "adds = []\n  confidence = \"unknown\"\n  sources = [\"S8\"]",
                "adds = []\n  confidence = \"community\"\n  sources = [\"S8\"]"
            ),
            format!("{AT}version 2013, update cu1: a `community` entry has a KB or a build")
        );
        assert_eq!(
            refused("uncertain = [\"alternate_kbs\"]", "uncertain = [\"name\"]"),
            format!("{AT}version 2020, update cu1: uncertain \"name\" is none of kb, alternate_kbs, build, released")
        );
    }

    #[test]
    fn latest_is_the_last_cumulative_update() {
        assert_eq!(
            refused("latest = \"cu1\"", "latest = \"cu5\""),
            format!("{AT}version 2013: latest \"cu5\" is not the last cumulative update listed (cu1)")
        );
        assert_eq!(
            refused("latest_feature_pack = \"cu2-fp3\"", "latest_feature_pack = \"fp3\""),
            format!("{AT}version 2016: latest_feature_pack \"fp3\" is not a Feature Pack package of cu2")
        );
    }

    #[test]
    fn every_fact_names_a_defined_source() {
        assert_eq!(
            refused("sources = [\"S18\", \"S6\"]", "sources = [\"S18\", \"S99\"]"),
            format!("{AT}version 2016, update cu1: source \"S99\" is not defined in [[source]]")
        );
        assert_eq!(refused("sources = [\"S18\", \"S6\"]", "sources = []"), format!("{AT}version 2016, update cu1: names no source"));
        assert_eq!(refused("id = \"S8\"", "id = \"S6\""), format!("{AT}source S6: appears twice"));
        assert_eq!(
            refused("owner = \"community\"", "owner = \"blog\""),
            format!("{AT}source S18: owner \"blog\" is none of microsoft, community")
        );
        assert_eq!(refused("path = \"PowerShell-scripts/\"\n", ""), format!("{AT}source S25: a source has a url, or a repo and a path"));
        assert_eq!(
            refused("url = \"https://github.com/BizTalkCommunity", "url = \"github.com/BizTalkCommunity"),
            format!("{AT}source S18: url \"github.com/BizTalkCommunity/BizTalkWinSCPInstaller\" is not a web address")
        );
        assert_eq!(refused("from = \"S6\"", "from = \"S7\""), format!("{AT}winscp: source \"S7\" is not defined in [[source]]"));
        assert_eq!(
            refused("from = \"S6\"", "from = \"S8\""),
            format!("{AT}winscp: page \"\" must name the Microsoft page the fact comes from (https://... or MicrosoftDocs/...)")
        );
        assert_eq!(
            refused("book = \"compatibility.html#winscp\"", "book = \"compatibility.html\""),
            format!("{AT}winscp: source \"compatibility.html\" needs a #anchor naming the book section")
        );
    }
}
