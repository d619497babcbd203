//! What the crate offers beside the two evaluations: the vocabulary as one document, and every
//! source link of the data.

use crate::data;
use crate::vocabulary::*;

/// Every value each profile field accepts, with its label: what `bts-advisor vocab` prints and
/// the site's `api/vocabulary.json` holds (serialised as JSON by whoever prints it).
pub struct VocabularyDocument;

struct Values<T: 'static>(&'static [T]);

impl<T: Vocabulary> serde::Serialize for Values<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for value in self.0 {
            struct Entry<T>(T);
            impl<T: Vocabulary> serde::Serialize for Entry<T> {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    let mut map = serializer.serialize_map(Some(2))?;
                    map.serialize_entry("id", self.0.id())?;
                    map.serialize_entry("label", self.0.label())?;
                    map.end()
                }
            }
            seq.serialize_element(&Entry(*value))?;
        }
        seq.end()
    }
}

struct Features;

impl serde::Serialize for Features {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        #[derive(serde::Serialize)]
        struct Entry {
            id: &'static str,
            label: &'static str,
            group: FeatureGroup,
        }
        let mut seq = serializer.serialize_seq(Some(Feature::ALL.len()))?;
        for f in Feature::ALL {
            seq.serialize_element(&Entry { id: f.id(), label: f.label(), group: f.group() })?;
        }
        seq.end()
    }
}

impl serde::Serialize for VocabularyDocument {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        #[derive(serde::Serialize)]
        struct Upgrade {
            from: Values<Version>,
            to: Values<Version>,
            edition: Values<Edition>,
            to_edition: Values<Edition>,
            os: Values<OperatingSystem>,
            sql: Values<SqlServer>,
            sql_target: Values<SqlServer>,
            sql_level: Values<SqlLevel>,
            sql_edition: Values<SqlEdition>,
            features: Features,
            unsure: Features,
        }
        #[derive(serde::Serialize)]
        struct Hotfix {
            downloads: Values<Downloads>,
            arch: Values<Architecture>,
            version: Values<Version>,
            installed: Updates,
            target: Updates,
            feature_pack: FeaturePacks,
            features: Features,
        }
        /// Per version, the updates `installed` and `target` accept, with their names.
        struct Updates;
        impl serde::Serialize for Updates {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                #[derive(serde::Serialize)]
                struct Entry {
                    id: &'static str,
                    label: &'static str,
                }
                let mut map = serializer.serialize_map(Some(Version::ALL.len()))?;
                for version in Version::ALL {
                    let levels: Vec<Entry> =
                        crate::UpdateVersion::of(*version).levels().map(|u| Entry { id: u.id, label: u.name }).collect();
                    map.serialize_entry(version.id(), &levels)?;
                }
                map.end()
            }
        }
        struct FeaturePacks;
        impl serde::Serialize for FeaturePacks {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::{SerializeMap, SerializeSeq};
                let mut seq = serializer.serialize_seq(Some(crate::FEATURE_PACKS.len()))?;
                for (n, id) in crate::FEATURE_PACKS.iter().enumerate() {
                    struct Entry(&'static str, usize);
                    impl serde::Serialize for Entry {
                        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                            let mut map = serializer.serialize_map(Some(2))?;
                            map.serialize_entry("id", self.0)?;
                            map.serialize_entry("label", &format!("BizTalk Server 2016 Feature Pack {}", self.1))?;
                            map.end()
                        }
                    }
                    seq.serialize_element(&Entry(id, n + 1))?;
                }
                seq.end()
            }
        }
        let mut s = serializer.serialize_struct("Vocabulary", 6)?;
        s.serialize_field(
            "upgrade",
            &Upgrade {
                from: Values(Version::SOURCES),
                to: Values(Version::TARGETS),
                edition: Values(Edition::ALL),
                to_edition: Values(Edition::ALL),
                os: Values(OperatingSystem::ALL),
                sql: Values(SqlServer::ALL),
                sql_target: Values(SqlServer::ALL),
                sql_level: Values(SqlLevel::ALL),
                sql_edition: Values(SqlEdition::ALL),
                features: Features,
                unsure: Features,
            },
        )?;
        s.serialize_field(
            "hotfix",
            &Hotfix {
                downloads: Values(Downloads::ALL),
                arch: Values(Architecture::ALL),
                version: Values(Version::ALL),
                installed: Updates,
                target: Updates,
                feature_pack: FeaturePacks,
                features: Features,
            },
        )?;
        s.serialize_field("feature_groups", &Values(FeatureGroup::ALL))?;
        s.serialize_field("verdicts", &Values(Verdict::ALL))?;
        s.serialize_field("upgrade_phases", &Values(UpgradePhase::ALL))?;
        s.serialize_field("hotfix_phases", &Values(HotfixPhase::ALL))?;
        s.end()
    }
}

/// Every `source` link of every step and table, for checks against the built site.
pub fn all_sources() -> impl Iterator<Item = &'static str> {
    data::UPGRADE_STEPS
        .iter()
        .map(|s| s.source)
        .chain(data::HOTFIX_STEPS.iter().map(|s| s.source))
        .chain(data::DOCUMENTED_UPGRADES.iter().map(|u| u.source))
        .chain(data::TARGET_PLATFORMS.iter().map(|t| t.source))
        .chain(data::WINSCP_VERSIONS.iter().map(|w| w.source))
        .chain(data::WINSCP_STEPS.iter().map(|w| w.step.source))
        .chain(data::UPDATE_CATALOGUE.iter().map(|v| v.book_source()))
        .chain([data::SQL_MOVE_SOURCE, data::SQL_SERVICE_PACK_SOURCE])
        .chain(crate::upgrade::ATTENTION_SOURCES.iter().copied())
}
