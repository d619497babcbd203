//! What each profile field means, for `--help`, the messages about values of the wrong type and
//! `bts-advisor example`. The fields themselves come from the rules' raw profile types and the
//! values each accepts from the vocabulary document (`bts-advisor vocab`): nothing here copies a
//! list of values.

use std::fmt::Write as _;

use serde_json::Value;

use crate::input::field_names;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ProfileKind {
    Upgrade,
    Hotfix,
}

impl ProfileKind {
    /// The command (and vocabulary section) of this profile.
    pub fn command(self) -> &'static str {
        match self {
            ProfileKind::Upgrade => "upgrade",
            ProfileKind::Hotfix => "hotfix",
        }
    }

    fn names(self) -> &'static [&'static str] {
        match self {
            ProfileKind::Upgrade => field_names::<bts_rules::RawUpgradeProfile>(),
            ProfileKind::Hotfix => field_names::<bts_rules::RawHotfixProfile>(),
        }
    }

    fn help(self) -> &'static [FieldHelp] {
        match self {
            ProfileKind::Upgrade => UPGRADE,
            ProfileKind::Hotfix => HOTFIX,
        }
    }

    /// A valid profile to start from, as `bts-advisor example` prints it.
    pub fn example(self) -> &'static str {
        match self {
            ProfileKind::Upgrade => UPGRADE_EXAMPLE,
            ProfileKind::Hotfix => HOTFIX_EXAMPLE,
        }
    }
}

/// The JSON type of a field's value.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// One value in quotes.
    Text,
    /// A list of values in quotes.
    List,
    WholeNumber,
    YesNo,
}

pub struct FieldHelp {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// What the field says about the environment, for someone filling it in.
    pub about: &'static str,
    /// Where its accepted values are in the vocabulary document, first found wins.
    pub values: &'static [(&'static str, &'static str)],
}

const fn field(
    name: &'static str,
    kind: Kind,
    required: bool,
    about: &'static str,
    values: &'static [(&'static str, &'static str)],
) -> FieldHelp {
    FieldHelp { name, kind, required, about, values }
}

// The fields of contract version 3, also those the rules do not take yet: `--help` lists only the
// fields the rules' profile types have.
const UPGRADE: &[FieldHelp] = &[
    field("from", Kind::Text, true, "the BizTalk Server version installed now", &[("upgrade", "from")]),
    field("to", Kind::Text, true, "the version to upgrade to", &[("upgrade", "to")]),
    field("edition", Kind::Text, true, "the BizTalk Server edition installed now", &[("upgrade", "edition")]),
    field(
        "to_edition",
        Kind::Text,
        false,
        "the edition wanted at the end; without it the report lists every edition the upgrade can end in",
        &[("upgrade", "to_edition")],
    ),
    field("os", Kind::Text, true, "the operating system the BizTalk computers run now", &[("upgrade", "os")]),
    field("sql", Kind::Text, true, "the SQL Server version that holds the BizTalk databases now", &[("upgrade", "sql")]),
    field(
        "sql_target",
        Kind::Text,
        false,
        "the SQL Server version the databases will be on when BizTalk Server Setup runs, if SQL Server is upgraded first (never older than `sql`); without it the advisor proposes the SQL Server move itself",
        &[("upgrade", "sql_target"), ("upgrade", "sql")],
    ),
    field(
        "sql_level",
        Kind::Text,
        false,
        "the service pack of that SQL Server, for SQL Server 2008 R2 to 2016 (later versions have none); without it the report says which level each upgrade needs",
        &[("upgrade", "sql_level")],
    ),
    field(
        "sql_edition",
        Kind::Text,
        false,
        "the edition of that SQL Server (it decides whether BAM real-time aggregations survive a SQL Server upgrade)",
        &[("upgrade", "sql_edition")],
    ),
    field("features", Kind::List, false, "what the deployment uses or is", &[("upgrade", "features")]),
    field(
        "unsure",
        Kind::List,
        false,
        "features you cannot confirm: their steps are listed (and marked) but they never change the verdict; a feature is in `features` or in `unsure`, not both",
        &[("upgrade", "unsure"), ("upgrade", "features")],
    ),
];

const HOTFIX: &[FieldHelp] = &[
    field("servers", Kind::WholeNumber, true, "how many BizTalk computers the group has, at least 1", &[]),
    field("sql_script", Kind::YesNo, true, "whether the update carries a SQL script (its KB article says so)", &[]),
    field("downloads", Kind::Text, true, "which packages the update ships", &[("hotfix", "downloads")]),
    field("arch", Kind::Text, true, "the processor architecture of the computer it is installed on", &[("hotfix", "arch")]),
    field("iis_adapters", Kind::YesNo, true, "whether the HTTP, SOAP, WSE or WCF adapters are in use", &[]),
    field("isolated_host_heavy", Kind::YesNo, true, "whether the isolated host is used heavily", &[]),
    field(
        "version",
        Kind::Text,
        false,
        "the BizTalk Server version of the group; needed with `installed` or `target`",
        &[("hotfix", "version"), ("all", "version")],
    ),
    field(
        "installed",
        Kind::Text,
        false,
        "the update installed now: `rtm` for none, else `cu1`, `cu2`, ... as `bts-advisor updates VERSION` lists them",
        &[("hotfix", "installed")],
    ),
    field(
        "target",
        Kind::Text,
        false,
        "the update to install, an id that `bts-advisor updates VERSION` lists; without it the newest",
        &[("hotfix", "target")],
    ),
    field(
        "feature_pack",
        Kind::Text,
        false,
        "the BizTalk Server 2016 Feature Pack installed (`fp1`, `fp2` or `fp3`), only with `version` 2016",
        &[("hotfix", "feature_pack")],
    ),
    field(
        "features",
        Kind::List,
        false,
        "what the group uses, for the steps that depend on it (the upgrade profile's features)",
        &[("hotfix", "features"), ("upgrade", "features")],
    ),
];

const UPGRADE_EXAMPLE: &str = r#"{
  "from": "2016",
  "to": "2020",
  "edition": "standard",
  "to_edition": "enterprise",
  "os": "windows-server-2016",
  "sql": "sql-server-2016",
  "features": ["multi-server", "bam", "sftp"]
}
"#;

const HOTFIX_EXAMPLE: &str = r#"{
  "servers": 2,
  "sql_script": true,
  "downloads": "x86-and-x64",
  "arch": "x64",
  "iis_adapters": true,
  "isolated_host_heavy": false,
  "version": "2020",
  "installed": "cu3",
  "target": "cu6",
  "features": ["sftp"]
}
"#;

/// The description of a field, if it has one.
pub fn describe(kind: ProfileKind, name: &str) -> Option<&'static FieldHelp> {
    kind.help().iter().find(|f| f.name == name)
}

fn vocabulary() -> Value {
    serde_json::to_value(bts_rules::VocabularyDocument).expect("the vocabulary serialises")
}

fn accepted(vocabulary: &Value, help: &FieldHelp) -> Vec<(String, String)> {
    let text = |v: &Value, key: &str| v[key].as_str().unwrap_or_default().to_string();
    help.values
        .iter()
        .find_map(|(section, field)| match (*section, *field) {
            // Every BizTalk Server version, where the vocabulary document has no list of them.
            ("all", "version") => Some(bts_rules::Version::ALL.iter().map(|v| (v.id().to_string(), v.label().to_string())).collect()),
            _ => vocabulary[section][field].as_array().map(|values| values.iter().map(|v| (text(v, "id"), text(v, "label"))).collect()),
        })
        .unwrap_or_default()
}

/// The ids a field accepts, from the vocabulary; empty for fields without a closed list.
pub fn accepted_ids(_kind: ProfileKind, help: &FieldHelp) -> Vec<String> {
    accepted(&vocabulary(), help).into_iter().map(|(id, _)| id).collect()
}

/// The text `--help` shows after the options of `upgrade` or `hotfix`: every field of the
/// profile, whether it is required, what it means and the values it accepts, and an example.
pub fn profile_help(kind: ProfileKind) -> String {
    let vocabulary = vocabulary();
    let mut out = String::from("Profile fields (a JSON object):\n");
    for name in kind.names() {
        let Some(help) = describe(kind, name) else {
            writeln!(out, "\n  {name}  (see the book's page \"The command line\")").unwrap();
            continue;
        };
        let (json_type, values) = match help.kind {
            Kind::Text => ("a value in quotes", accepted(&vocabulary, help)),
            Kind::List => ("a list of values in quotes", accepted(&vocabulary, help)),
            Kind::WholeNumber => ("a whole number", Vec::new()),
            Kind::YesNo => ("true or false", Vec::new()),
        };
        let required = if help.required { "required" } else { "optional" };
        writeln!(out, "\n  {name}  ({required}; {json_type})\n      {}", help.about).unwrap();
        for (id, label) in values {
            writeln!(out, "        {id:<24} {label}").unwrap();
        }
    }
    writeln!(out, "\nExample (`bts-advisor example {}` prints it):\n{}", kind.command(), kind.example().trim_end()).unwrap();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_of_both_profiles_is_described() {
        for kind in [ProfileKind::Upgrade, ProfileKind::Hotfix] {
            for name in kind.names() {
                assert!(describe(kind, name).is_some(), "{} field `{name}` has no description", kind.command());
            }
        }
    }

    #[test]
    fn every_value_field_of_the_rules_has_its_values_in_the_vocabulary() {
        let vocabulary = vocabulary();
        for kind in [ProfileKind::Upgrade, ProfileKind::Hotfix] {
            for help in kind.names().iter().filter_map(|n| describe(kind, n)) {
                // `installed` and `target` are ids of the update catalogue, per version (the
                // vocabulary maps each version to them; `bts-advisor updates` lists them).
                let closed = matches!(help.kind, Kind::Text | Kind::List) && !["installed", "target"].contains(&help.name);
                assert_eq!(!accepted(&vocabulary, help).is_empty(), closed, "{} `{}`", kind.command(), help.name);
            }
        }
    }
}
