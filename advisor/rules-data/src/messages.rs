//! `messages.toml`: every sentence a report writes, with `{placeholders}`. Generates the
//! `messages` module of the rules' data.

use std::fmt::Write as _;

use crate::check::{At, DataError, parse};

pub const FILE: &str = "messages.toml";

/// Every message the advisor writes, with the placeholders it may use.
const MESSAGES: &[(&str, &str, &[&str])] = &[
    ("os", "yes", &["from", "to", "os"]),
    ("os", "no", &["from", "to", "os"]),
    ("os", "not_listed", &["from", "to", "os"]),
    ("os", "remedy", &["final", "target_os"]),
    ("os", "remedy_listed", &["from", "to", "listed"]),
    ("os", "remedy_none_listed", &["from", "to"]),
    ("os", "remedy_no_common_os", &["from", "final"]),
    ("sql", "yes", &["from", "to", "sql"]),
    ("sql", "yes_reach_first", &["from", "to", "sql"]),
    ("sql", "no", &["from", "to", "sql"]),
    ("sql", "not_listed", &["from", "to", "sql"]),
    ("sql", "remedy_upgrade_first", &["sql", "choices"]),
    ("sql", "remedy_no_path", &["sql", "accepted"]),
    ("sql", "target_unreachable", &["sql", "sql_target", "starts_from"]),
    ("sql", "remedy_other_target", &["sql", "sql_target", "choices"]),
    ("edition", "yes_kept", &["from", "to", "edition", "target", "reachable"]),
    ("edition", "yes_changed", &["from", "to", "edition", "target", "reachable"]),
    ("edition", "yes_chosen", &["from", "to", "edition", "target", "reachable"]),
    ("edition", "no", &["from", "to", "edition", "target"]),
    ("edition", "remedy", &["to", "edition", "target", "reachable"]),
    ("prerequisite", "sql_title", &["sql"]),
    ("prerequisite", "sql_detail", &["sql", "choices"]),
    ("prerequisite", "service_pack_needed", &["sql", "to", "service_pack"]),
    ("prerequisite", "service_pack_check", &["sql", "to", "service_pack"]),
    ("inferred", "x64", &["os"]),
    ("inferred", "multi_server", &["feature"]),
    ("inferred", "bam", &["feature"]),
    ("inferred", "sql_upgrade", &["sql", "sql_target"]),
    ("platform", "needs", &["items", "needs"]),
    ("platform", "software", &["name", "use", "versions", "note"]),
];

pub fn generate(text: &str, out: &mut String) -> Result<(), DataError> {
    let file: toml::Table = parse(FILE, text)?;
    for (section, table) in &file {
        let table = table.as_table().ok_or_else(|| At::new(FILE, section.clone()).error("expected a [section] of messages"))?;
        if let Some(key) = table.keys().find(|key| !MESSAGES.iter().any(|(s, k, _)| s == section && k == key)) {
            return Err(At::new(FILE, format!("{section}.{key}")).error("not a message the advisor writes"));
        }
    }
    out.push_str("/// The sentences of `messages.toml`, with `{placeholders}` (see `crate::fill`).\npub mod messages {\n");
    for (section, key, allowed) in MESSAGES {
        let at = At::new(FILE, format!("{section}.{key}"));
        let text = file
            .get(*section)
            .and_then(|t| t.get(*key))
            .and_then(|v| v.as_str())
            .ok_or_else(|| at.error("missing (every message the advisor writes must be here)"))?;
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').ok_or_else(|| at.error("an unclosed {"))?;
            let name = &rest[open + 1..open + close];
            if !allowed.contains(&name) {
                return Err(at.error(format!("unknown placeholder {{{name}}} (this message may use: {})", allowed.join(", "))));
            }
            rest = &rest[open + close + 1..];
        }
        writeln!(out, "    pub const {}_{}: &str = {text:?};", section.to_uppercase(), key.to_uppercase()).unwrap();
    }
    out.push_str("}\n\n");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::tests::{edit, error};

    /// Every message, each using all its placeholders.
    fn valid() -> String {
        let mut text = String::new();
        let mut section = "";
        for (s, key, names) in MESSAGES {
            if *s != section {
                section = s;
                writeln!(text, "[{s}]").unwrap();
            }
            let placeholders: Vec<String> = names.iter().map(|n| format!("{{{n}}}")).collect();
            writeln!(text, "{key} = \"{}.\"", placeholders.join(" ")).unwrap();
        }
        text
    }

    fn generate(text: &str) -> Result<String, DataError> {
        let mut out = String::new();
        super::generate(text, &mut out).map(|()| out)
    }

    #[test]
    fn a_valid_file_becomes_constants() {
        let code = generate(&valid()).unwrap();
        assert!(code.contains("    pub const OS_YES: &str = \"{from} {to} {os}.\";\n"), "{code}");
    }

    #[test]
    fn every_message_is_one_the_advisor_writes_and_is_there() {
        assert_eq!(
            error(generate(&edit(&valid(), "[os]\n", "os = 1\n[os_]\n"))),
            "advisor/rules/data/messages.toml: os: expected a [section] of messages"
        );
        assert_eq!(
            error(generate(&(valid() + "yes_maybe = \"x\"\n"))),
            "advisor/rules/data/messages.toml: platform.yes_maybe: not a message the advisor writes"
        );
        assert_eq!(
            error(generate(&edit(&valid(), "yes = \"{from} {to} {os}.\"\n", ""))),
            "advisor/rules/data/messages.toml: os.yes: missing (every message the advisor writes must be here)"
        );
    }

    #[test]
    fn a_message_uses_only_its_placeholders() {
        assert_eq!(
            error(generate(&edit(&valid(), "{from} {to} {os}.", "{from} {to} {sql}."))),
            "advisor/rules/data/messages.toml: os.yes: unknown placeholder {sql} (this message may use: from, to, os)"
        );
        assert_eq!(
            error(generate(&edit(&valid(), "{from} {to} {os}.", "{from} {to} {os."))),
            "advisor/rules/data/messages.toml: os.yes: an unclosed {"
        );
    }
}
