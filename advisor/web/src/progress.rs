//! Ticked checklist steps, as stored in the browser.
//!
//! Since version 2, ticks belong to named plans ([`Plans`], one key per advisor,
//! `bts-advisor/v2/<advisor>/plans`): a plan keeps its answers and the ids of the steps done, so
//! changing an answer keeps every tick whose step is still listed. The first time the page finds
//! no plans it carries the version-1 keys over ([`migrate`]) and leaves them in place; a value
//! that cannot be read is copied aside ([`aside_key`]) before it is replaced, never dropped.
//!
//! Version 1 (read only, to migrate): each profile had its own key, `bts-advisor/v1/<advisor>/<canonical profile>` (the canonical
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
    done_of(items).map_or(Stored::Unreadable, Stored::Done)
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

/// Where the named plans of an advisor are stored: one key for all of them (see [`Plans`]).
pub fn plans_key(advisor: AdvisorKind) -> String {
    format!("bts-advisor/v2/{}/plans", advisor.id())
}

/// Where a stored value that could not be read is copied before it is replaced, so that nothing
/// a user stored is ever lost: `bts-advisor/unreadable/<its key>`.
pub fn aside_key(key: &str) -> String {
    format!("bts-advisor/unreadable/{key}")
}

/// The prefix of the version-1 keys (one per exact profile), read once to carry their ticks over.
pub fn old_prefix(advisor: AdvisorKind) -> String {
    format!("{KEY_PREFIX}{}/", advisor.id())
}

/// The longest plan name kept; longer names are cut.
pub const MAX_NAME_LEN: usize = 60;

/// One named plan: an upgrade of one environment (DEV, TEST, PROD), with its answers and the
/// steps done. Ticks belong to the plan and to step ids, not to the exact answers: a step that
/// leaves the checklist when an answer changes and comes back keeps its tick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub name: String,
    /// The answers as link text (see [`crate::share`]).
    pub profile: String,
    pub done: Done,
}

/// Every plan of an advisor and which one the page shows. Stored as
/// `{"current":"PROD","plans":[{"name":"PROD","profile":"from=2016&...","done":["id",...]}]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plans {
    pub current: String,
    pub plans: Vec<Plan>,
}

impl Plans {
    pub fn get(&self, name: &str) -> Option<&Plan> {
        self.plans.iter().find(|p| p.name == name)
    }

    /// The plan shown, if it is stored.
    pub fn current(&self) -> Option<&Plan> {
        self.get(&self.current)
    }

    /// Stores `plan`, replacing the plan of the same name.
    pub fn put(&mut self, plan: Plan) {
        match self.plans.iter_mut().find(|p| p.name == plan.name) {
            Some(slot) => *slot = plan,
            None => self.plans.push(plan),
        }
    }

    /// `base`, or `base (2)`, `base (3)`... whichever no plan has yet.
    pub fn unused_name(&self, base: &str) -> String {
        let base = clean_name(base);
        let base = if base.is_empty() { "Plan".to_string() } else { base };
        (1..)
            .map(|n| if n == 1 { base.clone() } else { format!("{base} ({n})") })
            .find(|name| self.get(name).is_none())
            .unwrap_or(base)
    }

    /// Renames the plan `from`; refused (false) if the new name is empty or another plan's.
    pub fn rename(&mut self, from: &str, to: &str) -> bool {
        let to = clean_name(to);
        if to.is_empty() || (to != from && self.get(&to).is_some()) {
            return false;
        }
        if let Some(plan) = self.plans.iter_mut().find(|p| p.name == from) {
            plan.name = to.clone();
        }
        if self.current == from {
            self.current = to;
        }
        true
    }
}

/// A plan name as kept: trimmed, control characters dropped, at most [`MAX_NAME_LEN`] characters.
pub fn clean_name(name: &str) -> String {
    name.trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME_LEN)
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// What was found under the plans' key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoredPlans {
    /// Nothing yet: carry the version-1 ticks over, if any.
    Nothing,
    Plans(Plans),
    /// Not the format above; to be copied aside and replaced.
    Unreadable,
}

/// Reads the stored plans. Anything that is not the format of [`Plans`] is unreadable.
pub fn parse_plans(raw: Option<&str>) -> StoredPlans {
    let Some(raw) = raw else {
        return StoredPlans::Nothing;
    };
    match json::parse(raw).ok().and_then(plans_of) {
        Some(plans) => StoredPlans::Plans(plans),
        None => StoredPlans::Unreadable,
    }
}

fn plans_of(value: Json) -> Option<Plans> {
    let Json::Object(fields) = value else { return None };
    let mut out = Plans::default();
    for (name, value) in fields {
        match (name.as_str(), value) {
            ("current", Json::String(current)) => out.current = current,
            ("plans", Json::Array(items)) => {
                for item in items {
                    let plan = plan_of(item)?;
                    if out.get(&plan.name).is_some() {
                        return None;
                    }
                    out.plans.push(plan);
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

fn plan_of(value: Json) -> Option<Plan> {
    let Json::Object(fields) = value else { return None };
    let (mut name, mut profile, mut done) = (None, None, None);
    for (field, value) in fields {
        match (field.as_str(), value) {
            ("name", Json::String(s)) if !clean_name(&s).is_empty() => name = Some(clean_name(&s)),
            ("profile", Json::String(s)) if s.len() <= 4000 => profile = Some(s),
            ("done", Json::Array(items)) => done = Some(done_of(items)?),
            _ => return None,
        }
    }
    Some(Plan { name: name?, profile: profile.unwrap_or_default(), done: done.unwrap_or_default() })
}

/// Step ids from a JSON array, or `None` if one is not a step id.
pub fn done_of(items: Vec<Json>) -> Option<Done> {
    let mut done = Done::default();
    for item in items {
        match item {
            Json::String(id) if is_step_id(&id) => done.set(&id, true),
            _ => return None,
        }
    }
    Some(done)
}

/// The stored value of the plans.
pub fn serialize_plans(plans: &Plans) -> String {
    let items: Vec<String> = plans
        .plans
        .iter()
        .map(|p| format!("{{\"name\":{},\"profile\":{},\"done\":{}}}", json_string(&p.name), json_string(&p.profile), serialize(&p.done)))
        .collect();
    format!("{{\"current\":{},\"plans\":[{}]}}", json_string(&plans.current), items.join(","))
}

/// `text` as a JSON string literal.
pub fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The plans made from version-1 progress (one key per exact profile, see [`storage_key`]):
/// each readable key with ticks becomes a plan named by `name_of` its profile (made unique), the
/// plan of `current_profile` (the page's answers) shown if there is one. Returns the plans and
/// the keys that could not be read (to copy aside). The old keys themselves are left in place.
pub fn migrate<'a>(
    advisor: AdvisorKind,
    stored: impl IntoIterator<Item = (&'a str, &'a str)>,
    current_profile: &str,
    name_of: impl Fn(&str) -> String,
) -> (Plans, Vec<String>) {
    let prefix = old_prefix(advisor);
    let mut plans = Plans::default();
    let mut unreadable = Vec::new();
    let mut found: Vec<(&str, &str)> = stored
        .into_iter()
        .filter(|(key, _)| key.starts_with(&prefix))
        .collect();
    // Storage lists its keys in no fixed order: the same plans' names whatever it is.
    found.sort_unstable();
    for (key, raw) in found {
        let profile = &key[prefix.len()..];
        match parse(Some(raw)) {
            Stored::Done(done) if !done.is_empty() => {
                let name = plans.unused_name(&name_of(profile));
                if profile == current_profile || plans.current.is_empty() {
                    plans.current = name.clone();
                }
                plans
                    .plans
                    .push(Plan { name, profile: profile.to_string(), done });
            }
            Stored::Done(_) | Stored::Nothing => {}
            Stored::Unreadable => unreadable.push(key.to_string()),
        }
    }
    (plans, unreadable)
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

    fn plan(name: &str, profile: &str, ids: &[&str]) -> Plan {
        Plan { name: name.into(), profile: profile.into(), done: set(ids) }
    }

    #[test]
    fn plans_round_trip_with_any_name() {
        let plans = Plans {
            current: "PROD \"main\" \\ ü".into(),
            plans: vec![plan("PROD \"main\" \\ ü", "from=2016&to=2020", &["a", "b-1"]), plan("DEV", "", &[])],
        };
        let raw = serialize_plans(&plans);
        let value: serde_json::Value = serde_json::from_str(&raw).unwrap();
        assert_eq!(value["plans"][0]["name"], "PROD \"main\" \\ ü");
        assert_eq!(parse_plans(Some(&raw)), StoredPlans::Plans(plans));
        assert_eq!(parse_plans(None), StoredPlans::Nothing);
        for bad in [
            "[]",
            "{\"plans\":[{\"name\":\"\"}]}",
            "{\"plans\":[{\"name\":\"a\",\"done\":[\"A B\"]}]}",
            "{\"x\":1}",
            "{\"done\": [ not json",
            "{\"plans\":[{\"name\":\"a\"},{\"name\":\"a\"}]}",
        ] {
            assert_eq!(parse_plans(Some(bad)), StoredPlans::Unreadable, "{bad}");
        }
    }

    #[test]
    fn names_stay_unique_and_clean() {
        let mut plans = Plans { current: "DEV".into(), plans: vec![plan("2016 to 2020", "", &[]), plan("DEV", "", &[])] };
        assert_eq!(plans.unused_name("2016 to 2020"), "2016 to 2020 (2)");
        assert_eq!(plans.unused_name("  TEST\n "), "TEST");
        assert_eq!(plans.unused_name(""), "Plan");
        assert!(!plans.rename("DEV", "2016 to 2020"), "a name already taken");
        assert!(!plans.rename("DEV", "   "), "an empty name");
        assert!(plans.rename("DEV", " PROD "));
        assert_eq!((plans.current.as_str(), plans.plans[1].name.as_str()), ("PROD", "PROD"));
        assert_eq!(clean_name(&"x".repeat(100)).len(), MAX_NAME_LEN);
    }

    #[test]
    fn version_one_ticks_become_plans() {
        let old = |p: &str| storage_key(AdvisorKind::Upgrade, p);
        let (k1, k2, k3, k4) = (old("from=2016&to=2020&os=a"), old("from=2016&to=2020&os=b"), old("from=2013&to=2016"), old("bad"));
        let stored = [
            (k1.as_str(), r#"["x","y"]"#),
            (k2.as_str(), r#"["z"]"#),
            (k3.as_str(), "[]"),
            (k4.as_str(), "{not json"),
            ("bts-advisor/v1/hotfix/servers=2", r#"["h"]"#),
            ("mdbook-theme", "light"),
        ];
        let (plans, unreadable) = migrate(AdvisorKind::Upgrade, stored, "from=2016&to=2020&os=b", |p| p[5..9].to_string() + " to 2020");
        assert_eq!(unreadable, [k4]);
        assert_eq!(
            plans,
            Plans {
                current: "2016 to 2020 (2)".into(),
                plans: vec![
                    plan("2016 to 2020", "from=2016&to=2020&os=a", &["x", "y"]),
                    plan("2016 to 2020 (2)", "from=2016&to=2020&os=b", &["z"])
                ],
            }
        );
        let (none, _) = migrate(AdvisorKind::Upgrade, [("mdbook-theme", "light")], "", |_| String::new());
        assert_eq!(none, Plans::default());
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
            let _ = parse_plans(Some(&raw));
        }

        #[test]
        fn sets_of_ids_round_trip(ids in prop::collection::btree_set("[a-z0-9][a-z0-9-]{0,30}", 0..20)) {
            let done: Done = ids.into_iter().collect();
            prop_assert_eq!(parse(Some(&serialize(&done))), Stored::Done(done));
        }

        #[test]
        fn plans_of_any_names_round_trip(names in prop::collection::btree_set(any::<String>(), 0..5)) {
            let mut plans = Plans::default();
            for name in names {
                let name = plans.unused_name(&name);
                plans.current = name.clone();
                plans.put(Plan { name, profile: "from=2016".into(), done: set(&["a"]) });
            }
            prop_assert_eq!(parse_plans(Some(&serialize_plans(&plans))), StoredPlans::Plans(plans));
        }
    }
}
