//! The update catalogue (`data/updates.toml`): every update of each BizTalk Server version, the
//! lookups the update planner and `bts-advisor which` make in it, and its JSON (`bts-advisor
//! updates`, the data API's `updates.json`).

use serde::ser::{Serialize, SerializeMap, SerializeSeq, SerializeStruct, Serializer};

use crate::Date;
use crate::data;
use crate::vocabulary::*;

/// What kind of package an update is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateKind {
    /// The release itself.
    Rtm,
    CumulativeUpdate,
    /// The first release of a BizTalk Server 2016 Feature Pack.
    FeaturePack,
    /// A later package of a cumulative update with a BizTalk Server 2016 Feature Pack.
    CumulativeUpdateAndFeaturePack,
    /// A hotfix on top of a cumulative update.
    Hotfix,
}

impl UpdateKind {
    pub const fn id(self) -> &'static str {
        match self {
            UpdateKind::Rtm => "rtm",
            UpdateKind::CumulativeUpdate => "cumulative-update",
            UpdateKind::FeaturePack => "feature-pack",
            UpdateKind::CumulativeUpdateAndFeaturePack => "cumulative-update-and-feature-pack",
            UpdateKind::Hotfix => "hotfix",
        }
    }
}

/// How an entry's KB and build are sourced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confidence {
    /// A Microsoft page states every KB and build the entry has.
    Microsoft,
    /// At least one of them comes from a community source only.
    Community,
    /// Announced by Microsoft, with no KB or build published.
    Announced,
}

impl Confidence {
    pub const fn id(self) -> &'static str {
        match self {
            Confidence::Microsoft => "microsoft",
            Confidence::Community => "community",
            Confidence::Announced => "announced",
        }
    }
}

/// One update package of a BizTalk Server version, as the catalogue has it. What no source gives
/// is `None`, never guessed.
#[derive(Debug, PartialEq)]
pub struct Update {
    /// `rtm`, `cuN`; for 2016 also `fp1`..`fp3`, `cuN-fpM` and `cu5-hotfix`.
    pub id: &'static str,
    /// The cumulative update level the package brings (`rtm`, `cuN`); `None` for the original
    /// 2016 Feature Pack 1, whose level no source gives.
    pub level: Option<&'static str>,
    pub feature_pack: Option<&'static str>,
    pub kind: UpdateKind,
    pub name: &'static str,
    pub kb: Option<&'static str>,
    pub alternate_kbs: &'static [&'static str],
    pub build: Option<&'static str>,
    pub released: Option<Date>,
    /// What kind of date `released` is (`community-release-date`, `announcement-date`, ...).
    pub released_kind: Option<&'static str>,
    /// The WinSCP version the SFTP adapter needs with this update.
    pub winscp: Option<&'static str>,
    /// What it adds to the software the version supports or requires.
    pub adds: &'static [&'static str],
    /// Other changes the sources tie to it.
    pub changes: &'static [&'static str],
    /// The BizTalk Server Visual Studio extension its Download Center page asks developers to install.
    pub visual_studio_extension: Option<&'static str>,
    /// (component, KB) of other packages on the same Download Center page.
    pub related_packages: &'static [(&'static str, &'static str)],
    /// `None`: no source gives a KB or a build (an update known only to exist).
    pub confidence: Option<Confidence>,
    /// Which of `kb`, `build`, `released` a Microsoft page states.
    pub microsoft_states: &'static [&'static str],
    /// The fields the sources dispute or mark suspect; `note` says why.
    pub uncertain: &'static [&'static str],
    /// Ids of [`UpdateSource`]s.
    pub sources: &'static [&'static str],
    pub note: Option<&'static str>,
}

impl Update {
    /// Whether this is the release or a cumulative update (the release line), not a package built on one.
    pub fn is_level(&self) -> bool {
        self.level == Some(self.id)
    }

    /// The build as four numbers, for comparing.
    pub fn build_number(&self) -> Option<[u32; 4]> {
        self.build.and_then(parse_build)
    }
}

/// The updates of one BizTalk Server version.
#[derive(Debug, PartialEq)]
pub struct UpdateVersion {
    pub version: Version,
    /// The major.minor its builds start with (`3.12`).
    pub build_prefix: &'static str,
    /// The newest cumulative update the sources know.
    pub latest: &'static str,
    /// 2016: the package a group with a Feature Pack installs instead.
    pub latest_feature_pack: Option<&'static str>,
    /// What "latest" rests on.
    pub latest_note: &'static str,
    pub note: Option<&'static str>,
    pub sources: &'static [&'static str],
    /// How an installed update's name begins in Installed Updates (`<n>`: its number).
    pub display_name_starts: &'static [&'static str],
    /// What else community scripts look for in those names (`<kb>`, `<n>`).
    pub display_name_contains: &'static [&'static str],
    pub recognise_sources: &'static [&'static str],
    /// In release order.
    pub updates: &'static [Update],
}

/// The update planner's WinSCP step for one pair of WinSCP versions: `from` the installed
/// update's (`None`: not given), `to` the target's (`None`: the catalogue does not know it).
#[derive(Debug, PartialEq)]
pub struct WinscpStep {
    pub from: Option<&'static str>,
    pub to: Option<&'static str>,
    pub step: crate::HotfixStep,
}

/// A source of the catalogue's facts.
#[derive(Debug, PartialEq)]
pub struct UpdateSource {
    pub id: &'static str,
    /// Microsoft-owned text; otherwise a community source.
    pub microsoft: bool,
    pub title: &'static str,
    pub url: Option<&'static str>,
    pub repo: Option<&'static str>,
    pub path: Option<&'static str>,
}

impl UpdateVersion {
    pub fn of(version: Version) -> &'static UpdateVersion {
        data::UPDATE_CATALOGUE.iter().find(|v| v.version == version).expect("the build checks every version has its updates")
    }

    pub fn get(&self, id: &str) -> Option<&'static Update> {
        self.updates.iter().find(|u| u.id == id)
    }

    /// The release line: `rtm`, `cu1`, ... (what `installed` and `target` name).
    pub fn levels(&self) -> impl Iterator<Item = &'static Update> + '_ {
        self.updates.iter().filter(|u| u.is_level())
    }

    /// Where `id` sits on the release line (0 for `rtm`).
    pub fn position(&self, level: &str) -> Option<usize> {
        self.levels().position(|u| u.id == level)
    }

    /// The package that brings `level`: with a Feature Pack, the newest combined package of that
    /// level where there is one; otherwise the cumulative update itself.
    pub fn package(&self, level: &str, feature_pack: bool) -> Option<&'static Update> {
        let combined = || self.updates.iter().rev().find(|u| u.feature_pack.is_some() && u.level == Some(level));
        feature_pack.then(combined).flatten().or_else(|| self.get(level).filter(|u| u.is_level()))
    }

    /// The book section with this version's update table.
    pub fn book_source(&self) -> &'static str {
        match self.version {
            Version::Bts2013 => "updates.html#updates-2013",
            Version::Bts2013R2 => "updates.html#updates-2013r2",
            Version::Bts2016 => "updates.html#updates-2016",
            Version::Bts2020 => "updates.html#updates-2020",
        }
    }

    /// The WinSCP version the release line's `level` needs, if the catalogue knows it.
    pub fn winscp(&self, level: &str) -> Option<&'static str> {
        self.get(level).and_then(|u| u.winscp)
    }
}

/// A build number as four numbers: `3.12.859.2`.
pub fn parse_build(text: &str) -> Option<[u32; 4]> {
    let mut parts = text.split('.').map(|p| if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) { p.parse().ok() } else { None });
    let build = [parts.next()??, parts.next()??, parts.next()??, parts.next()??];
    parts.next().is_none().then_some(build)
}

/// What a build number is: `bts-advisor which BUILD`.
#[derive(Debug, Clone, PartialEq)]
pub struct WhichAnswer {
    pub build: String,
    pub version: Version,
    /// The catalogue entry with exactly this build, if there is one.
    pub entry: Option<&'static Update>,
    /// The newest update of the version whose build is this one or lower.
    pub nearest: Option<&'static Update>,
}

/// Which version and update a build number is. `Err` says why the text is not a BizTalk build.
pub fn which(build: &str) -> Result<WhichAnswer, String> {
    let number = parse_build(build)
        .ok_or_else(|| format!("\"{build}\" is not a build number: expected four dot-separated numbers, such as 3.12.859.2"))?;
    // An entry with exactly this build; where two share it, the one whose build is not in doubt.
    let exact = |v: &'static UpdateVersion| {
        // Compared as numbers: 03.12.859.2 is the build 3.12.859.2.
        let same: Vec<&'static Update> = v.updates.iter().filter(|u| u.build_number() == Some(number)).collect();
        same.iter().find(|u| !u.uncertain.contains(&"build")).or(same.first()).map(|u| (v, *u))
    };
    let found = data::UPDATE_CATALOGUE.iter().find_map(exact);
    let version = match found {
        Some((v, _)) => v,
        None => {
            let prefix = format!("{}.{}", number[0], number[1]);
            data::UPDATE_CATALOGUE.iter().find(|v| v.build_prefix == prefix).ok_or_else(|| {
                let known: Vec<String> =
                    data::UPDATE_CATALOGUE.iter().map(|v| format!("{} for {}", v.build_prefix, v.version.label())).collect();
                format!("build {build} starts with {prefix}, which is no BizTalk Server version the catalogue knows ({})", known.join(", "))
            })?
        }
    };
    let nearest = match found {
        Some((_, entry)) => Some(entry),
        None => version.updates.iter().filter(|u| u.build_number().is_some_and(|b| b < number)).max_by_key(|u| u.build_number()),
    };
    Ok(WhichAnswer { build: build.to_string(), version: version.version, entry: found.map(|(_, u)| u), nearest })
}

impl Serialize for WhichAnswer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Which", 7)?;
        s.serialize_field("build", &self.build)?;
        s.serialize_field("version", &self.version)?;
        s.serialize_field("update", &self.entry.map(level_or_id))?;
        s.serialize_field("feature_pack", &self.entry.and_then(|u| u.feature_pack))?;
        s.serialize_field("exact", &self.entry.is_some())?;
        s.serialize_field("nearest", &self.nearest.map(level_or_id))?;
        s.serialize_field("confidence", &self.entry.and_then(|u| u.confidence).map(Confidence::id))?;
        s.end()
    }
}

/// The level a package brings, or its id where no source gives one (2016 `fp1`).
fn level_or_id(u: &Update) -> &'static str {
    u.level.unwrap_or(u.id)
}

/// The upgrade report's `latest_update`: the newest update of `version`, to install once the
/// upgrade is done.
pub struct LatestUpdate(pub Version);

impl Serialize for LatestUpdate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let version = UpdateVersion::of(self.0);
        match version.get(version.latest) {
            None => serializer.serialize_none(),
            Some(u) => {
                let mut s = serializer.serialize_struct("LatestUpdate", 8)?;
                s.serialize_field("version", &self.0)?;
                s.serialize_field("id", u.id)?;
                s.serialize_field("name", u.name)?;
                s.serialize_field("kb", &u.kb)?;
                s.serialize_field("build", &u.build)?;
                s.serialize_field("released", &u.released.map(|d| d.to_string()))?;
                s.serialize_field("confidence", &u.confidence.map(Confidence::id))?;
                s.serialize_field("source", version.book_source())?;
                s.end()
            }
        }
    }
}

/// The catalogue as JSON: every version, or one (`bts-advisor updates [VERSION]`).
pub struct UpdateCatalogueDocument(pub Option<Version>);

impl Serialize for UpdateCatalogueDocument {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Versions(Option<Version>);
        impl Serialize for Versions {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut seq = serializer.serialize_seq(None)?;
                for v in data::UPDATE_CATALOGUE.iter().rev().filter(|v| self.0.is_none_or(|only| only == v.version)) {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
        }
        struct Sources;
        impl Serialize for Sources {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut seq = serializer.serialize_seq(Some(data::UPDATE_SOURCES.len()))?;
                for source in data::UPDATE_SOURCES {
                    seq.serialize_element(source)?;
                }
                seq.end()
            }
        }
        let mut s = serializer.serialize_struct("Updates", 2)?;
        s.serialize_field("versions", &Versions(self.0))?;
        s.serialize_field("sources", &Sources)?;
        s.end()
    }
}

impl Serialize for UpdateVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("UpdateVersion", 11)?;
        s.serialize_field("version", &self.version)?;
        s.serialize_field("label", self.version.label())?;
        s.serialize_field("build_prefix", self.build_prefix)?;
        s.serialize_field("latest", self.latest)?;
        s.serialize_field("latest_feature_pack", &self.latest_feature_pack)?;
        s.serialize_field("latest_note", self.latest_note)?;
        s.serialize_field("note", &self.note)?;
        s.serialize_field("sources", self.sources)?;
        s.serialize_field("recognise", &Recognise(self))?;
        s.serialize_field("source", self.book_source())?;
        s.serialize_field("updates", self.updates)?;
        s.end()
    }
}

struct Recognise<'a>(&'a UpdateVersion);

impl Serialize for Recognise<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Recognise", 3)?;
        s.serialize_field("display_name_starts", self.0.display_name_starts)?;
        s.serialize_field("display_name_contains", self.0.display_name_contains)?;
        s.serialize_field("sources", self.0.recognise_sources)?;
        s.end()
    }
}

impl Serialize for Update {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Related(&'static [(&'static str, &'static str)]);
        impl Serialize for Related {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
                for (component, kb) in self.0 {
                    struct One(&'static str, &'static str);
                    impl Serialize for One {
                        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                            let mut m = serializer.serialize_map(Some(2))?;
                            m.serialize_entry("component", self.0)?;
                            m.serialize_entry("kb", self.1)?;
                            m.end()
                        }
                    }
                    seq.serialize_element(&One(component, kb))?;
                }
                seq.end()
            }
        }
        let mut s = serializer.serialize_struct("Update", 21)?;
        s.serialize_field("id", self.id)?;
        s.serialize_field("level", &self.level)?;
        s.serialize_field("feature_pack", &self.feature_pack)?;
        s.serialize_field("kind", self.kind.id())?;
        s.serialize_field("name", self.name)?;
        s.serialize_field("kb", &self.kb)?;
        s.serialize_field("alternate_kbs", self.alternate_kbs)?;
        s.serialize_field("build", &self.build)?;
        s.serialize_field("released", &self.released.map(|d| d.to_string()))?;
        s.serialize_field("released_kind", &self.released_kind)?;
        s.serialize_field("winscp", &self.winscp)?;
        s.serialize_field("adds", self.adds)?;
        s.serialize_field("changes", self.changes)?;
        s.serialize_field("visual_studio_extension", &self.visual_studio_extension)?;
        s.serialize_field("related_packages", &Related(self.related_packages))?;
        s.serialize_field("confidence", &self.confidence.map(Confidence::id))?;
        s.serialize_field("microsoft_states", self.microsoft_states)?;
        s.serialize_field("uncertain", self.uncertain)?;
        s.serialize_field("sources", self.sources)?;
        s.serialize_field("note", &self.note)?;
        s.end()
    }
}

impl Serialize for UpdateSource {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("UpdateSource", 6)?;
        s.serialize_field("id", self.id)?;
        s.serialize_field("owner", if self.microsoft { "microsoft" } else { "community" })?;
        s.serialize_field("title", self.title)?;
        s.serialize_field("url", &self.url)?;
        s.serialize_field("repo", &self.repo)?;
        s.serialize_field("path", &self.path)?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_is_four_numbers() {
        assert_eq!(parse_build("3.12.859.2"), Some([3, 12, 859, 2]));
        for bad in ["3.12.859", "3.12.859.2.1", "3.12.x.2", "", "3..859.2", " 3.12.859.2", "3.12.859.-2"] {
            assert_eq!(parse_build(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn which_names_version_update_and_nearest() {
        let cu7 = which("3.12.859.2").unwrap();
        assert_eq!((cu7.version, cu7.entry.map(|u| u.id), cu7.nearest.map(|u| u.id)), (Version::Bts2016, Some("cu7"), Some("cu7")));
        // A Feature Pack package's 3.13 build is 2016, not 2020.
        let fp = which("3.13.340.2").unwrap();
        assert_eq!((fp.version, fp.entry.map(|u| (u.level, u.feature_pack))), (Version::Bts2016, Some((Some("cu7"), Some("fp3")))));
        // Unknown: the newest lower build of the version the prefix names.
        let between = which("3.13.850.0").unwrap();
        assert_eq!((between.version, between.entry, between.nearest.map(|u| u.id)), (Version::Bts2020, None, Some("cu4")));
        assert_eq!(which("3.13.100.0").unwrap().nearest, None);
        // The suspect "CU6 and FP3" shares the plain CU6 build: the build means CU6.
        assert_eq!(which("3.12.843.2").unwrap().entry.map(|u| u.id), Some("cu6"));
        assert!(which("3.9.158.0").unwrap_err().contains("starts with 3.9, which is no BizTalk Server version"));
        assert!(which("3.12").unwrap_err().contains("not a build number"));
    }

    #[test]
    fn a_feature_pack_group_gets_the_combined_package() {
        let v2016 = UpdateVersion::of(Version::Bts2016);
        assert_eq!(v2016.package("cu9", true).map(|u| u.id), Some("cu9-fp3"));
        assert_eq!(v2016.package("cu9", false).map(|u| u.id), Some("cu9"));
        // No combined package of CU2: the plain update.
        assert_eq!(v2016.package("cu2", true).map(|u| u.id), Some("cu2"));
        assert_eq!(v2016.package("fp3", false), None);
    }
}
