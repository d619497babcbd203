//! Ticked checklist steps, as stored in the browser.
//!
//! Each profile has its own key, `bts-advisor/v1/<advisor>/<canonical profile>` (the canonical
//! profile is its link text, see [`crate::share`]); the value is a JSON array of the ids of the
//! steps done. The `v1` changes if the value's format ever does, so old values are never misread.
//! A value that cannot be read is reported, so the page can discard it and say so.

use crate::json::{self, Json};

/// Which advisor a stored value belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdvisorKind {
    Upgrade,
    Hotfix,
}

impl AdvisorKind {
    pub fn id(self) -> &'static str {
        match self {
            AdvisorKind::Upgrade => "upgrade",
            AdvisorKind::Hotfix => "hotfix",
        }
    }
}

/// The prefix of every key the advisor stores; bump the version when the value format changes.
pub const KEY_PREFIX: &str = "bts-advisor/v1/";

/// The storage key for the progress of one profile, given its canonical link text.
pub fn storage_key(advisor: AdvisorKind, canonical_profile: &str) -> String {
    format!("{KEY_PREFIX}{}/{canonical_profile}", advisor.id())
}

/// The ids of the steps done, sorted and without duplicates. (A sorted `Vec`, not a `BTreeSet`:
/// the same for a few dozen ids, see SIZE.md.)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Done(Vec<String>);

impl Done {
    pub fn contains(&self, id: &str) -> bool {
        self.0.binary_search_by(|x| x.as_str().cmp(id)).is_ok()
    }

    /// Marks `id` done or not done.
    pub fn set(&mut self, id: &str, done: bool) {
        match (self.0.binary_search_by(|x| x.as_str().cmp(id)), done) {
            (Err(at), true) => self.0.insert(at, id.to_string()),
            (Ok(at), false) => {
                self.0.remove(at);
            }
            _ => {}
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

impl<S: Into<String>> FromIterator<S> for Done {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Done {
        let mut done = Done::default();
        for id in iter {
            done.set(&id.into(), true);
        }
        done
    }
}

/// What was found under a profile's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// Nothing stored yet: no step done.
    Nothing,
    /// The ids of the steps done.
    Done(Done),
    /// Something that is not a list of step ids; it should be discarded.
    Unreadable,
}

/// The longest step id accepted from storage; longer strings mean the value is not ours.
const MAX_ID_LEN: usize = 200;

/// Reads a stored value (the text under a key, if any), with the crate's JSON reader. Anything
/// but a JSON array of plausible step ids is [`Stored::Unreadable`].
pub fn parse(raw: Option<&str>) -> Stored {
    let Some(raw) = raw else {
        return Stored::Nothing;
    };
    let Ok(Json::Array(items)) = json::parse(raw) else {
        return Stored::Unreadable;
    };
    let mut done = Done::default();
    for item in items {
        match item {
            Json::String(id) if is_step_id(&id) => done.set(&id, true),
            _ => return Stored::Unreadable,
        }
    }
    Stored::Done(done)
}

/// The stored value for a set of done steps: a JSON array of their ids, sorted.
pub fn serialize(done: &Done) -> String {
    let items: Vec<String> = done
        .ids()
        .filter(|id| is_step_id(id))
        .map(|id| format!("\"{id}\""))
        .collect();
    format!("[{}]", items.join(","))
}

/// Step ids are lowercase words joined by dashes (`to-2016-back-up-databases`), as the rules
/// crate's build script enforces.
fn is_step_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// How many of `step_ids` are done, for "3 of 12 steps done".
pub fn count_done<'a>(done: &Done, step_ids: impl IntoIterator<Item = &'a str>) -> (usize, usize) {
    step_ids
        .into_iter()
        .fold((0, 0), |(d, total), id| (d + usize::from(done.contains(id)), total + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn set(ids: &[&str]) -> Done {
        ids.iter().copied().collect()
    }

    #[test]
    fn done_sets_stay_sorted_and_unique() {
        let mut done = set(&["b", "a", "b"]);
        assert_eq!(done.ids().collect::<Vec<_>>(), ["a", "b"]);
        done.set("c", true);
        done.set("a", false);
        done.set("a", false);
        done.set("c", true);
        assert_eq!(done.ids().collect::<Vec<_>>(), ["b", "c"]);
        assert!(done.contains("c") && !done.contains("a"));
    }

    #[test]
    fn keys_are_versioned_and_per_profile() {
        assert_eq!(storage_key(AdvisorKind::Upgrade, "from=2016&to=2020"), "bts-advisor/v1/upgrade/from=2016&to=2020");
        assert_ne!(storage_key(AdvisorKind::Hotfix, "a"), storage_key(AdvisorKind::Upgrade, "a"));
    }

    #[test]
    fn the_stored_format_is_plain_json() {
        let done = set(&["a-1", "b"]);
        let json: Vec<String> = serde_json::from_str(&serialize(&done)).unwrap();
        assert_eq!(json, ["a-1", "b"]);
        assert_eq!(parse(Some(" [ \"b\" , \"a-1\" ] ")), Stored::Done(done));
        // Read as JSON: an escape stands for its character.
        assert_eq!(parse(Some(r#"["a\u002d1"]"#)), Stored::Done(set(&["a-1"])));
    }

    #[test]
    fn stored_progress_round_trips() {
        let done = set(&["read-the-whole-guide", "to-2016-back-up-databases"]);
        assert_eq!(serialize(&done), r#"["read-the-whole-guide","to-2016-back-up-databases"]"#);
        assert_eq!(parse(Some(&serialize(&done))), Stored::Done(done));
        assert_eq!(parse(Some("[]")), Stored::Done(Done::default()));
        assert_eq!(parse(None), Stored::Nothing);
    }

    #[test]
    fn anything_else_is_unreadable() {
        for bad in [
            "",
            "null",
            "{}",
            "[1,2]",
            "\"x\"",
            "[\"ok\"",
            "not json",
            "[\"Has Spaces\"]",
            "[\"\"]",
            "[[\"a\"]]",
            "[\"a\",]",
            "[\"a\\u0020\"]",
            "{\"done\": [ not json",
        ] {
            assert_eq!(parse(Some(bad)), Stored::Unreadable, "{bad:?}");
        }
    }

    #[test]
    fn counts_only_the_steps_shown() {
        let done = set(&["a", "b", "gone"]);
        assert_eq!(count_done(&done, ["a", "c", "b"]), (2, 3));
    }

    proptest! {
        #[test]
        fn garbage_never_panics(raw in any::<String>()) {
            let _ = parse(Some(&raw));
        }

        #[test]
        fn sets_of_ids_round_trip(ids in prop::collection::btree_set("[a-z0-9][a-z0-9-]{0,30}", 0..20)) {
            let done: Done = ids.into_iter().collect();
            prop_assert_eq!(parse(Some(&serialize(&done))), Stored::Done(done));
        }
    }
}
