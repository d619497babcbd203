//! Profiles in the page's URL, so that a link reproduces an answer.
//!
//! The format is `key=value` pairs joined by `&`, in the hash (or, failing that, the query
//! string): `from=2013r2&to=2020&edition=standard&os=windows-server-2012-r2&sql=sql-server-2014&features=bam,sftp`.
//! `to_edition` is left out for "any reachable edition" and `features` for "none"; so are the
//! version-3 fields when not given: `sql_level` and `sql_edition` (SQL Server's service pack and
//! edition, `sql_level=sp3&sql_edition=enterprise`) and `unsure` (features not confirmed, listed
//! as `features` is). A link written before them reads as it always did.
//!
//! Decoding never fails: a field that is missing, unknown or impossible falls back to its default
//! and is reported as a [`FieldProblem`], so the page can say which parts of a link it ignored.
//! The encoded form of a profile is canonical (fixed field order, sorted features), which makes it
//! usable as the key progress is stored under.

use std::fmt;

use bts_rules::{
    Architecture, Downloads, Edition, FEATURE_PACKS, Feature, FeatureSet, HotfixProfile, OperatingSystem, SqlEdition, SqlLevel, SqlServer,
    UpdateVersion, UpgradeProfile, Version, Vocabulary,
};

use crate::versions::UpgradeTargets;

/// One part of a link that could not be used as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// A field the profile needs was not in the link.
    Missing,
    /// The link gave a value the field does not accept (the value, as given).
    BadValue(String),
    /// The link named a field the advisor does not know.
    UnknownField,
    /// `to` was not newer than `from`.
    NotNewer(String),
}

impl fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = &self.field;
        match &self.kind {
            ProblemKind::Missing => write!(f, "{field} (missing)"),
            ProblemKind::BadValue(value) => write!(f, "{field} (\"{}\" is not a value it accepts)", shorten(value)),
            ProblemKind::UnknownField => write!(f, "{} (not a field the advisor knows; ignored)", shorten(field)),
            ProblemKind::NotNewer(value) => write!(f, "{field} (\"{}\" is not newer than the current version)", shorten(value)),
        }
    }
}

/// Keeps a notice readable when a link carries something long.
fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX { text.to_string() } else { format!("{}…", text.chars().take(MAX).collect::<String>()) }
}

/// A profile read from a link, and what in the link had to be replaced by defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<P> {
    pub profile: P,
    pub problems: Vec<FieldProblem>,
}

/// The sentence the page shows when a link had problems; `None` when it had none.
pub fn problems_notice(problems: &[FieldProblem]) -> Option<String> {
    if problems.is_empty() {
        return None;
    }
    let parts: Vec<String> = problems.iter().map(ToString::to_string).collect();
    Some(format!(
        "This link could not be used as it was, so the advisor used its defaults for: {}. Check those inputs below.",
        parts.join("; ")
    ))
}

/// The `key=value` fields of a link, percent-decoded, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pairs: Vec<(String, String)>,
    /// Whether fields the advisor does not know are reported: not in a query string, where
    /// other parts of the site may add their own parameters (such as mdBook's `highlight`).
    report_unknown: bool,
}

impl Link {
    /// Link text, as in a `hashchange` (a leading `#` or `?` is ignored).
    pub fn text(text: &str) -> Link {
        let text = text.strip_prefix(['#', '?']).unwrap_or(text);
        Link { pairs: pairs(text), report_unknown: true }
    }

    /// A page's address: its hash when that holds `key=value` fields, else its query string.
    pub fn location(hash: &str, query: &str) -> Link {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        if hash.contains('=') {
            Link { pairs: pairs(hash), report_unknown: true }
        } else {
            Link { pairs: pairs(query.strip_prefix('?').unwrap_or(query)), report_unknown: false }
        }
    }
}

/// `a=1&b=2` into percent-decoded pairs; empty parts are skipped and a part without `=` has an
/// empty value.
fn pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|part| !part.is_empty())
        .map(|part| match part.split_once('=') {
            Some((key, value)) => (percent_decode(key), percent_decode(value)),
            None => (percent_decode(part), String::new()),
        })
        .collect()
}

/// Decodes `%XX` escapes and `+` (a space in query strings). Bad escapes stay as they are; bytes
/// that are not UTF-8 become U+FFFD. Never panics.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(hi), Some(lo)) => {
                    out.push(hi * 16 + lo);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

/// Escapes what would end or confuse a value: everything but unreserved characters and `,`.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b',') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The fields of a link, taken one at a time, with problems collected on the way.
struct Fields {
    pairs: Vec<(String, String)>,
    problems: Vec<FieldProblem>,
    /// Whether the link says anything about this profile at all; if not, nothing is "missing".
    any_known: bool,
}

impl Fields {
    fn new(link: Link, known: &[&str]) -> Fields {
        let mut problems = Vec::new();
        let mut kept = Vec::new();
        for (key, value) in link.pairs {
            if known.contains(&key.as_str()) {
                kept.push((key, value));
            } else if link.report_unknown && !problems.iter().any(|p: &FieldProblem| p.field == key) {
                problems.push(FieldProblem { field: key, kind: ProblemKind::UnknownField });
            }
        }
        let any_known = !kept.is_empty();
        Fields { pairs: kept, problems, any_known }
    }

    /// The last value given for `key` (a later duplicate wins, as in most URL parsers).
    fn raw(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn problem(&mut self, field: &str, kind: ProblemKind) {
        self.problems
            .push(FieldProblem { field: field.to_string(), kind });
    }

    /// An optional field: absent or empty is `None`; a value `parse` refuses is `None` with a
    /// problem recorded.
    fn optional<T>(&mut self, key: &str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
        let raw = self.raw(key).filter(|raw| !raw.is_empty())?.to_string();
        let value = parse(&raw);
        if value.is_none() {
            self.problem(key, ProblemKind::BadValue(raw));
        }
        value
    }

    /// A required field parsed with `parse`, or `default` with a problem recorded.
    fn required<T>(&mut self, key: &str, default: T, parse: impl Fn(&str) -> Option<T>) -> T {
        match self.raw(key).map(|raw| (raw.to_string(), parse(raw))) {
            Some((_, Some(value))) => value,
            Some((raw, None)) => {
                self.problem(key, ProblemKind::BadValue(raw));
                default
            }
            None => {
                if self.any_known {
                    self.problem(key, ProblemKind::Missing);
                }
                default
            }
        }
    }
}

impl Fields {
    /// A comma-separated list of features; ids that are not features, and features already in
    /// `taken`, are left out with a problem recorded.
    fn features(&mut self, key: &str, taken: FeatureSet) -> FeatureSet {
        let mut set = FeatureSet::new();
        let mut refused = Vec::new();
        for raw in self
            .raw(key)
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|f| !f.is_empty())
        {
            match Feature::from_id(raw).filter(|f| !taken.contains(f)) {
                Some(feature) => {
                    set.insert(feature);
                }
                None => refused.push(raw.to_string()),
            }
        }
        if !refused.is_empty() {
            self.problem(key, ProblemKind::BadValue(refused.join(",")));
        }
        set
    }
}

fn one_of<T: Vocabulary>(accepted: &'static [T]) -> impl Fn(&str) -> Option<T> {
    move |raw| T::from_id(raw).filter(|v| accepted.contains(v))
}

const UPGRADE_FIELDS: &[&str] =
    &["from", "to", "edition", "to_edition", "os", "sql", "sql_level", "sql_edition", "sql_target", "features", "unsure"];
const HOTFIX_FIELDS: &[&str] = &[
    "servers",
    "sql_script",
    "downloads",
    "arch",
    "iis_adapters",
    "isolated_host_heavy",
    "version",
    "installed",
    "target",
    "feature_pack",
    "features",
];

/// An upgrade profile from a link.
pub fn decode_upgrade(link: Link) -> Decoded<UpgradeProfile> {
    let defaults = UpgradeProfile::default();
    let mut fields = Fields::new(link, UPGRADE_FIELDS);
    let from = fields.required("from", defaults.from, one_of(Version::SOURCES));
    let mut to = fields.required("to", defaults.to, one_of(Version::TARGETS));
    if to <= from {
        fields.problem("to", ProblemKind::NotNewer(to.id().to_string()));
        to = from.next_target();
    }
    let edition = fields.required("edition", defaults.edition, Edition::from_id);
    let to_edition = match fields.raw("to_edition") {
        None | Some("") | Some("any") => None,
        Some(raw) => match Edition::from_id(raw) {
            Some(edition) => Some(edition),
            None => {
                fields.problem("to_edition", ProblemKind::BadValue(raw.to_string()));
                None
            }
        },
    };
    let os = fields.required("os", defaults.os, OperatingSystem::from_id);
    let sql = fields.required("sql", defaults.sql, SqlServer::from_id);
    // Optional: absent, empty or "same" means the databases stay where they are; a downgrade is
    // dropped with a notice, as the command line refuses it.
    let sql_target = match fields.raw("sql_target") {
        None | Some("") | Some("same") => None,
        Some(raw) => match SqlServer::from_id(raw).filter(|t| !t.is_older_than(sql)) {
            Some(target) => Some(target),
            None => {
                fields.problem("sql_target", ProblemKind::BadValue(raw.to_string()));
                None
            }
        },
    };
    // Optional, version 3: a service pack that SQL Server never had is dropped with a notice, as
    // the command line refuses it.
    let sql_level = fields.optional("sql_level", |raw| SqlLevel::from_id(raw).filter(|l| crate::present::sql_levels(sql).contains(l)));
    let sql_edition = fields.optional("sql_edition", SqlEdition::from_id);
    let features = fields.features("features", FeatureSet::new());
    // A feature both ticked and unsure counts as ticked: the link's `unsure` names it in vain.
    let unsure = fields.features("unsure", features);
    Decoded {
        profile: UpgradeProfile { from, to, edition, to_edition, os, sql, sql_target, sql_level, sql_edition, features, unsure },
        problems: fields.problems,
    }
}

/// The canonical link text of an upgrade profile (no leading `#`).
pub fn encode_upgrade(profile: &UpgradeProfile) -> String {
    let mut out = format!("from={}&to={}&edition={}", profile.from.id(), profile.to.id(), profile.edition.id());
    if let Some(edition) = profile.to_edition {
        out.push_str(&format!("&to_edition={}", edition.id()));
    }
    out.push_str(&format!("&os={}&sql={}", profile.os.id(), profile.sql.id()));
    if let Some(level) = profile.sql_level {
        out.push_str(&format!("&sql_level={}", level.id()));
    }
    if let Some(edition) = profile.sql_edition {
        out.push_str(&format!("&sql_edition={}", edition.id()));
    }
    if let Some(target) = profile.sql_target {
        out.push_str(&format!("&sql_target={}", target.id()));
    }
    for (key, set) in [("features", profile.features), ("unsure", profile.unsure)] {
        if !set.is_empty() {
            let ids: Vec<&str> = set.iter().map(|f| f.id()).collect();
            out.push_str(&format!("&{key}={}", percent_encode(&ids.join(","))));
        }
    }
    out
}

/// The most BizTalk computers a link may name; more is certainly a typing mistake.
pub const MAX_SERVERS: u32 = 1000;

/// A server count as typed: a whole number from 1 to [`MAX_SERVERS`].
pub fn parse_servers(raw: &str) -> Option<u32> {
    raw.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=MAX_SERVERS).contains(n))
}

fn parse_flag(raw: &str) -> Option<bool> {
    match raw {
        "1" | "true" | "yes" => Some(true),
        "0" | "false" | "no" => Some(false),
        _ => None,
    }
}

/// The planner's first answer when the address names no profile: a BizTalk Server 2020 group
/// (the largest population) going to the newest update, its installed update not yet given.
pub fn hotfix_start() -> HotfixProfile {
    HotfixProfile { version: Some(Version::Bts2020), ..HotfixProfile::default() }
}

/// A hotfix profile from a link. A link without `version` is a version-2 profile and answers as
/// it always did; the update planner's fields (contract v3) are each dropped with a problem when
/// they cannot be used.
pub fn decode_hotfix(link: Link) -> Decoded<HotfixProfile> {
    let defaults = HotfixProfile::default();
    let mut fields = Fields::new(link, HOTFIX_FIELDS);
    if !fields.any_known {
        return Decoded { profile: hotfix_start(), problems: fields.problems };
    }
    let mut profile = HotfixProfile {
        servers: fields.required("servers", defaults.servers, parse_servers),
        sql_script: fields.required("sql_script", defaults.sql_script, parse_flag),
        downloads: fields.required("downloads", defaults.downloads, Downloads::from_id),
        arch: fields.required("arch", defaults.arch, Architecture::from_id),
        iis_adapters: fields.required("iis_adapters", defaults.iis_adapters, parse_flag),
        isolated_host_heavy: fields.required("isolated_host_heavy", defaults.isolated_host_heavy, parse_flag),
        ..defaults
    };
    profile.version = fields.optional("version", Version::from_id);
    // An update id of the version: a release-line id, or a package built on one (`cu8-fp3`),
    // which stands for its level and the Feature Pack it carries (as the command line reads it).
    let update = |raw: &str| {
        let catalogue = UpdateVersion::of(profile.version?);
        catalogue
            .updates
            .iter()
            .find(|u| u.id == raw)
            .and_then(|u| Some((u.level?, u.feature_pack)))
    };
    let installed = fields.optional("installed", update);
    let mut target = fields.optional("target", update);
    if let (Some(version), Some((from, _)), Some((to, _))) = (profile.version, installed, target) {
        let catalogue = UpdateVersion::of(version);
        if catalogue.position(to) < catalogue.position(from) {
            fields.problem("target", ProblemKind::NotNewer(to.to_string()));
            target = None;
        }
    }
    profile.installed = installed.map(|(level, _)| level);
    profile.target = target.map(|(level, _)| level);
    let named_pack = installed
        .and_then(|(_, fp)| fp)
        .or(target.and_then(|(_, fp)| fp));
    let is_2016 = profile.version == Some(Version::Bts2016);
    profile.feature_pack = fields
        .optional("feature_pack", |raw| {
            FEATURE_PACKS
                .iter()
                .copied()
                .find(|fp| *fp == raw)
                .filter(|_| is_2016)
        })
        .or(named_pack);
    let mut unknown = Vec::new();
    for raw in fields
        .raw("features")
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
    {
        match Feature::from_id(raw) {
            Some(feature) => {
                profile.features.insert(feature);
            }
            None => unknown.push(raw.to_string()),
        }
    }
    if !unknown.is_empty() {
        fields.problem("features", ProblemKind::BadValue(unknown.join(",")));
    }
    Decoded { profile, problems: fields.problems }
}

/// The canonical link text of a hotfix profile (no leading `#`): the version-2 fields, then the
/// update planner's where they are set.
pub fn encode_hotfix(profile: &HotfixProfile) -> String {
    let flag = |b: bool| if b { "1" } else { "0" };
    let mut out = format!(
        "servers={}&sql_script={}&downloads={}&arch={}&iis_adapters={}&isolated_host_heavy={}",
        profile.servers,
        flag(profile.sql_script),
        profile.downloads.id(),
        profile.arch.id(),
        flag(profile.iis_adapters),
        flag(profile.isolated_host_heavy)
    );
    for (name, value) in [
        ("version", profile.version.map(Version::id)),
        ("installed", profile.installed),
        ("target", profile.target),
        ("feature_pack", profile.feature_pack),
    ] {
        if let Some(value) = value {
            out.push_str(&format!("&{name}={}", percent_encode(value)));
        }
    }
    if !profile.features.is_empty() {
        let ids: Vec<&str> = profile.features.iter().map(|f| f.id()).collect();
        out.push_str(&format!("&features={}", percent_encode(&ids.join(","))));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use bts_rules::testing::upgrade_profiles;
    use proptest::prelude::*;

    fn decode_upgrade_text(text: &str) -> Decoded<UpgradeProfile> {
        decode_upgrade(Link::text(text))
    }

    fn decode_hotfix_text(text: &str) -> Decoded<HotfixProfile> {
        decode_hotfix(Link::text(text))
    }

    fn decode_upgrade_at(hash: &str, query: &str) -> Decoded<UpgradeProfile> {
        decode_upgrade(Link::location(hash, query))
    }

    fn decode_hotfix_at(hash: &str, query: &str) -> Decoded<HotfixProfile> {
        decode_hotfix(Link::location(hash, query))
    }

    fn features(ids: &[&str]) -> FeatureSet {
        ids.iter().map(|id| Feature::from_id(id).unwrap()).collect()
    }

    #[test]
    fn the_documented_example_link_decodes_without_problems() {
        let decoded =
            decode_upgrade_text("#from=2013r2&to=2020&edition=standard&os=windows-server-2012-r2&sql=sql-server-2014&features=bam,sftp");
        assert_eq!(decoded.problems, vec![]);
        let p = decoded.profile;
        assert_eq!((p.from, p.to, p.edition, p.to_edition), (Version::Bts2013R2, Version::Bts2020, Edition::Standard, None));
        assert_eq!((p.os, p.sql), (OperatingSystem::WindowsServer2012R2, SqlServer::SqlServer2014));
        assert_eq!(p.features, features(&["bam", "sftp"]));
    }

    #[test]
    fn encoding_is_canonical_and_omits_defaults_that_mean_nothing() {
        let mut p = UpgradeProfile::default();
        assert_eq!(encode_upgrade(&p), "from=2016&to=2020&edition=standard&os=windows-server-2016&sql=sql-server-2016");
        p.features = features(&["sftp", "bam"]);
        p.to_edition = Some(Edition::Enterprise);
        assert_eq!(
            encode_upgrade(&p),
            "from=2016&to=2020&edition=standard&to_edition=enterprise&os=windows-server-2016&sql=sql-server-2016&features=bam,sftp"
        );
        assert_eq!(
            encode_hotfix(&HotfixProfile::default()),
            "servers=1&sql_script=1&downloads=x86-and-x64&arch=x64&iis_adapters=0&isolated_host_heavy=0"
        );
    }

    /// The version-3 fields: SQL Server's service pack and edition, and the features not
    /// confirmed; a link without them (every link written before them) reads as it did.
    #[test]
    fn a_link_carries_the_service_pack_the_sql_server_edition_and_the_unsure_features() {
        let link = "from=2016&to=2020&edition=standard&os=windows-server-2016&sql=sql-server-2016&sql_level=sp2\
                    &sql_edition=standard&features=bam&unsure=bam-rta,sftp";
        let decoded = decode_upgrade_text(link);
        assert_eq!(decoded.problems, vec![]);
        let p = &decoded.profile;
        assert_eq!((p.sql_level, p.sql_edition), (Some(SqlLevel::Sp2), Some(SqlEdition::Standard)));
        assert_eq!((p.features, p.unsure), (features(&["bam"]), features(&["bam-rta", "sftp"])));
        assert_eq!(encode_upgrade(p), link, "canonical order: level and edition after sql, unsure after features");
        let old = decode_upgrade_text("from=2016&to=2020&edition=standard&os=windows-server-2016&sql=sql-server-2016&features=bam");
        assert_eq!((old.problems, old.profile.sql_level, old.profile.sql_edition), (vec![], None, None));
        assert!(old.profile.unsure.is_empty());
    }

    /// A value the command line refuses is dropped and named: a service pack that SQL Server
    /// never had (2016 SP4, any for 2019), an unknown edition, a feature both ticked and unsure.
    #[test]
    fn a_bad_version_3_value_is_dropped_and_named() {
        let base = "from=2016&to=2020&edition=standard&os=windows-server-2016";
        for (rest, field) in [
            ("&sql=sql-server-2016&sql_level=sp4", "sql_level"),
            ("&sql=sql-server-2019&sql_level=rtm", "sql_level"),
            ("&sql=sql-server-2012-sp1&sql_level=sp2", "sql_level"),
            ("&sql=sql-server-2016&sql_edition=platinum", "sql_edition"),
            ("&sql=sql-server-2016&features=bam&unsure=bam,edi", "unsure"),
            ("&sql=sql-server-2016&unsure=nope", "unsure"),
        ] {
            let decoded = decode_upgrade_text(&format!("{base}{rest}"));
            let named: Vec<&str> = decoded.problems.iter().map(|p| p.field.as_str()).collect();
            assert_eq!(named, [field], "{rest}");
            assert!(decoded.profile.validate().is_ok(), "{rest}: what is kept is a profile the command line accepts");
        }
        let both = decode_upgrade_text(&format!("{base}&sql=sql-server-2016&features=bam&unsure=bam,edi")).profile;
        assert_eq!((both.features, both.unsure), (features(&["bam"]), features(&["edi"])), "ticked wins");
    }

    #[test]
    fn an_empty_link_gives_the_defaults_silently() {
        for text in ["", "#", "?"] {
            assert_eq!(decode_upgrade_text(text), Decoded { profile: UpgradeProfile::default(), problems: vec![] });
            assert_eq!(decode_hotfix_text(text), Decoded { profile: hotfix_start(), problems: vec![] });
        }
    }

    #[test]
    fn a_version_2_hotfix_link_stays_a_version_2_profile() {
        let decoded = decode_hotfix_text("servers=3&sql_script=1&downloads=x86-and-x64&arch=x64&iis_adapters=1&isolated_host_heavy=0");
        assert_eq!(decoded.problems, vec![]);
        assert_eq!(
            decoded.profile,
            HotfixProfile { servers: 3, iis_adapters: true, ..HotfixProfile::default() },
            "no version, no update plan: the answer of before the planner"
        );
    }

    #[test]
    fn the_update_planner_fields_travel_in_the_link() {
        let base = "servers=2&sql_script=1&downloads=x86-and-x64&arch=x64&iis_adapters=0&isolated_host_heavy=0";
        let decoded = decode_hotfix_text(&format!("{base}&version=2020&installed=cu3&target=cu6&features=sftp,mqseries-remote-agent"));
        assert_eq!(decoded.problems, vec![]);
        let p = decoded.profile;
        assert_eq!((p.version, p.installed, p.target, p.feature_pack), (Some(Version::Bts2020), Some("cu3"), Some("cu6"), None));
        assert_eq!(p.features, features(&["sftp", "mqseries-remote-agent"]));
        // A 2016 package id names its level and its Feature Pack, as on the command line.
        let fp = decode_hotfix_text(&format!("{base}&version=2016&installed=cu8-fp3")).profile;
        assert_eq!((fp.installed, fp.feature_pack), (Some("cu8"), Some("fp3")));
    }

    #[test]
    fn unusable_update_planner_fields_are_dropped_and_named() {
        let base = "servers=2&sql_script=1&downloads=x86-and-x64&arch=x64&iis_adapters=0&isolated_host_heavy=0";
        for (rest, field) in [
            ("&version=2019", "version"),
            ("&version=2020&installed=cu42", "installed"),
            ("&installed=cu3", "installed"),
            ("&version=2020&installed=cu6&target=cu3", "target"),
            ("&version=2020&feature_pack=fp3", "feature_pack"),
            ("&version=2016&feature_pack=fp9", "feature_pack"),
            ("&version=2020&features=sftp,nope", "features"),
        ] {
            let decoded = decode_hotfix_text(&format!("{base}{rest}"));
            let named: Vec<&str> = decoded.problems.iter().map(|p| p.field.as_str()).collect();
            assert_eq!(named, [field], "{rest}");
            assert!(decoded.profile.validate().is_ok(), "{rest}");
        }
    }

    #[test]
    fn bad_fields_fall_back_one_by_one_and_are_named() {
        let decoded =
            decode_upgrade_text("from=2010&to=2020&edition=gold&os=windows-server-2012&sql=sql-server-2014&features=bam,nope&colour=red");
        let p = &decoded.profile;
        assert_eq!(p.from, Version::Bts2016, "bad from falls back to the default");
        assert_eq!(p.edition, Edition::Standard);
        assert_eq!(p.os, OperatingSystem::WindowsServer2012, "good fields are kept");
        assert_eq!(p.sql, SqlServer::SqlServer2014);
        assert_eq!(p.features, features(&["bam"]), "known features are kept");
        let named: Vec<&str> = decoded.problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(named, ["colour", "from", "edition", "features"]);
        let notice = problems_notice(&decoded.problems).unwrap();
        for part in ["from (\"2010\"", "edition (\"gold\"", "features (\"nope\"", "colour (not a field"] {
            assert!(notice.contains(part), "{notice}");
        }
    }

    #[test]
    fn a_partial_link_names_the_missing_fields() {
        let decoded = decode_upgrade_text("from=2013r2&to=2016");
        assert_eq!((decoded.profile.from, decoded.profile.to), (Version::Bts2013R2, Version::Bts2016));
        let missing: Vec<&str> = decoded
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::Missing)
            .map(|p| p.field.as_str())
            .collect();
        assert_eq!(missing, ["edition", "os", "sql"], "to_edition and features are optional");
        let hotfix = decode_hotfix_text("servers=4");
        assert_eq!(hotfix.profile.servers, 4);
        assert_eq!(hotfix.problems.len(), 5);
    }

    #[test]
    fn a_downgrade_or_same_version_link_moves_to_the_next_target() {
        let decoded = decode_upgrade_text("from=2016&to=2016&edition=standard&os=windows-server-2016&sql=sql-server-2016");
        assert_eq!(decoded.profile.to, Version::Bts2020);
        assert_eq!(decoded.problems, vec![FieldProblem { field: "to".into(), kind: ProblemKind::NotNewer("2016".into()) }]);
        let decoded = decode_upgrade_text("from=2013&to=2013");
        assert_eq!(decoded.profile.to, Version::Bts2020, "2013 is not a target: the default target");
        assert!(decoded.problems.iter().any(|p| p.field == "to"));
    }

    #[test]
    fn the_query_string_is_used_when_the_hash_is_not_a_profile() {
        let decoded = decode_upgrade_at("#some-heading", "?highlight=bam&from=2013&to=2016");
        assert_eq!((decoded.profile.from, decoded.profile.to), (Version::Bts2013, Version::Bts2016));
        assert!(decoded.problems.iter().all(|p| p.field != "highlight"), "other parameters of the site are not ours to report");
        let plain = decode_upgrade_at("", "?highlight=bam");
        assert_eq!(plain, Decoded { profile: UpgradeProfile::default(), problems: vec![] });
        let from_hash =
            decode_hotfix_at("#servers=3&sql_script=0&downloads=x86-only&arch=x86&iis_adapters=1&isolated_host_heavy=1", "?servers=9");
        assert_eq!(from_hash.problems, vec![]);
        assert_eq!(from_hash.profile.servers, 3, "the hash wins");
        assert!(from_hash.profile.iis_adapters && !from_hash.profile.sql_script);
    }

    #[test]
    fn hotfix_server_counts_must_be_sensible_whole_numbers() {
        for bad in ["0", "-1", "1.5", "", "abc", "99999999999", "1001"] {
            let decoded =
                decode_hotfix_text(&format!("servers={bad}&sql_script=1&downloads=x86-only&arch=x64&iis_adapters=0&isolated_host_heavy=0"));
            assert_eq!(decoded.profile.servers, 1, "{bad}");
            assert_eq!(decoded.problems.len(), 1, "{bad}");
        }
        assert_eq!(parse_servers(" 12 "), Some(12));
    }

    #[test]
    fn percent_escapes_decode_and_bad_ones_survive() {
        assert_eq!(percent_decode("bam%2Csftp"), "bam,sftp");
        assert_eq!(percent_decode("a+b"), "a b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%FF"), "\u{FFFD}");
        assert_eq!(decode_upgrade_text("from=2013%72%32&to=2016").profile.from, Version::Bts2013R2);
    }

    /// Text that looks a bit like a link: pieces of real ones, glued with separators.
    fn linkish() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            prop::sample::select(vec![
                "from",
                "to",
                "edition",
                "to_edition",
                "os",
                "sql",
                "sql_level",
                "sql_edition",
                "features",
                "unsure",
                "servers",
                "arch",
                "sql_script",
                "version",
                "installed",
                "target",
                "feature_pack"
            ])
            .prop_map(String::from),
            prop::sample::select(vec![
                "2013",
                "2013r2",
                "2016",
                "2020",
                "standard",
                "bam",
                "x64",
                "1",
                "0",
                "-3",
                "",
                "cu3",
                "cu8-fp3",
                "fp3",
                "rtm",
                "sp1",
                "sp4",
                "sql-server-2016",
                "sql-server-2019",
                "sql-server-2012-sp1",
                "enterprise"
            ])
            .prop_map(String::from),
            prop::sample::select(vec!["=", "&", ",", "%", "%2C", "%E2%82", "+", "#", "?"]).prop_map(String::from),
            any::<String>(),
        ];
        prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn upgrade_profiles_round_trip(profile in upgrade_profiles()) {
            let decoded = decode_upgrade_text(&encode_upgrade(&profile));
            prop_assert_eq!(decoded.problems, vec![]);
            prop_assert_eq!(decoded.profile, profile);
        }

        #[test]
        fn hotfix_profiles_round_trip(profile in bts_rules::testing::hotfix_profiles(1..=MAX_SERVERS)) {
            let decoded = decode_hotfix_text(&encode_hotfix(&profile));
            prop_assert_eq!(decoded.problems, vec![]);
            prop_assert_eq!(decoded.profile, profile);
        }

        #[test]
        fn update_plan_profiles_round_trip(profile in bts_rules::testing::update_plan_profiles()) {
            let decoded = decode_hotfix_text(&encode_hotfix(&profile));
            prop_assert_eq!(decoded.problems, vec![]);
            prop_assert_eq!(decoded.profile, profile);
        }

        /// Garbage never panics, always gives a valid profile, and re-encoding what was understood
        /// is stable: encode(decode(x)) decodes to the same profile with no problems.
        #[test]
        fn garbage_gives_a_valid_profile_and_a_stable_encoding(text in linkish(), query in linkish()) {
            let upgrade = decode_upgrade_at(&text, &query).profile;
            prop_assert!(upgrade.validate().is_ok());
            let again = decode_upgrade_text(&encode_upgrade(&upgrade));
            prop_assert_eq!(again.problems, vec![]);
            prop_assert_eq!(again.profile, upgrade);

            let hotfix = decode_hotfix_at(&text, &query).profile;
            prop_assert!(hotfix.validate().is_ok());
            let again = decode_hotfix_text(&encode_hotfix(&hotfix));
            prop_assert_eq!(again.problems, vec![]);
            prop_assert_eq!(again.profile, hotfix);
        }
    }
}
