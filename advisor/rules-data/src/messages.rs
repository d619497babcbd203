//! `messages.toml`: every sentence a report writes. Generates the `messages` module of the rules'
//! data: one function per message, taking the message's arguments (its `takes`) as `&str` and
//! returning the text with each `{placeholder}` filled in. A message that takes nothing is a
//! `const fn` returning its text.
//!
//! In the generated code a placeholder is a control character naming the argument by its place
//! (U+0001 the first), and the rules crate's `sentence::fill` copies the text, putting the
//! arguments in: for the browser advisor's WASM, a text and a list of arguments per message are
//! the smallest form found.
//!
//! So a placeholder the message does not take fails the build (here), and a call that gives a
//! message the wrong number of arguments, or calls one that is not in the file, fails to compile.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;

use crate::check::{At, DataError, parse};

pub const FILE: &str = "messages.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Message {
    /// The arguments the advisor gives the message, in order.
    #[serde(default)]
    takes: Vec<String>,
    text: String,
}

/// Words Rust reserves: an argument of that name is written `r#name` in the generated code.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum", "extern", "false",
    "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while",
    "yield",
];

/// A name that can be part of a Rust function or argument name: `os`, `not_listed`, `sql_target`.
fn is_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !["self", "super", "crate"].contains(&name)
}

pub fn generate(text: &str, out: &mut String) -> Result<(), DataError> {
    let file: toml::Table = parse(FILE, text)?;
    let mut functions: BTreeMap<String, String> = BTreeMap::new();
    for (section, messages) in &file {
        let messages = messages.as_table().ok_or_else(|| At::new(FILE, section.clone()).error("expected a [section] of messages"))?;
        for (key, message) in messages {
            let at = At::new(FILE, format!("{section}.{key}"));
            at.ensure(is_name(section) && is_name(key), "a message's section and name are lowercase letters, digits and underscores")?;
            let message: Message = message
                .clone()
                .try_into()
                .map_err(|e: toml::de::Error| at.error(format!("{} (a message is a table with `text` and `takes`)", e.message())))?;
            let name = format!("{section}_{key}");
            let code = function(&at, &name, &message)?;
            if functions.insert(name.clone(), code).is_some() {
                return Err(at.error(format!("another message is also named {name} in the code; rename one")));
            }
        }
    }
    out.push_str(MODULE_START);
    for code in functions.values() {
        out.push_str(code);
    }
    out.push_str("}\n\n");
    Ok(())
}

const MODULE_START: &str = r#"/// The sentences of `messages.toml`: one function per message, `[os.yes]` as `os_yes`, taking the
/// message's arguments in the order of its `takes`.
pub mod messages {
    // A message may leave out an argument it takes.
    #![allow(unused_variables)]

    use crate::sentence::fill;
"#;

/// The most arguments a message can take: U+0001 to U+001F stand for them.
const MAX_ARGUMENTS: usize = 31;

/// The Rust function of one message.
fn function(at: &At, name: &str, message: &Message) -> Result<String, DataError> {
    at.ensure(message.takes.len() <= MAX_ARGUMENTS, format!("a message takes at most {MAX_ARGUMENTS} arguments"))?;
    for (i, argument) in message.takes.iter().enumerate() {
        at.ensure(is_name(argument), format!("argument \"{argument}\" is not lowercase letters, digits and underscores"))?;
        at.ensure(!message.takes[..i].contains(argument), format!("argument \"{argument}\" is listed twice"))?;
    }
    let template = template(at, &message.text, &message.takes)?;
    let mut code = format!("\n    #[doc = {:?}]\n", format!("`{}`: \"{}\"", at.entry, message.text));
    if message.takes.is_empty() {
        writeln!(code, "    pub const fn {name}() -> &'static str {{\n        {template:?}\n    }}").unwrap();
    } else {
        let parameters: Vec<String> = message.takes.iter().map(|a| format!("{}: &str", identifier(a))).collect();
        let arguments: Vec<String> = message.takes.iter().map(|a| identifier(a)).collect();
        writeln!(
            code,
            "    #[inline]\n    pub fn {name}({}) -> String {{\n        fill({template:?}, &[{}])\n    }}",
            parameters.join(", "),
            arguments.join(", ")
        )
        .unwrap();
    }
    Ok(code)
}

fn identifier(argument: &str) -> String {
    if KEYWORDS.contains(&argument) { format!("r#{argument}") } else { argument.to_string() }
}

/// The text with each `{placeholder}` replaced by the character that stands for its argument
/// (U+0001 for the first of `takes`), each checked against the arguments.
fn template(at: &At, text: &str, takes: &[String]) -> Result<String, DataError> {
    if let Some(control) = text.chars().find(|c| c.is_control()) {
        return Err(at.error(format!("the text holds the control character U+{:04X}", control as u32)));
    }
    let mut template = String::new();
    let mut rest = text;
    while let Some((before, after)) = rest.split_once('{') {
        let (name, tail) = after.split_once('}').ok_or_else(|| at.error("an unclosed {"))?;
        let Some(index) = takes.iter().position(|a| a == name) else {
            let may_use = if takes.is_empty() { "none: list its arguments in `takes`".to_string() } else { takes.join(", ") };
            return Err(at.error(format!("unknown placeholder {{{name}}} (this message may use: {may_use})")));
        };
        template.push_str(before);
        template.push(char::from(index as u8 + 1));
        rest = tail;
    }
    template.push_str(rest);
    Ok(template)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::tests::{edit, error};

    const VALID: &str = r#"
[os.yes]
takes = ["from", "to", "os"]
text = "{from} on {os} can be upgraded in place to {to}."

[os.remedy]
takes = ["final", "target_os"]
text = "Build a new {final} environment on {target_os}."

[sql.no_release]
text = "no release"

[sql.yes_reach_first]
takes = ["from", "to", "sql"]
text = "{sql} is \"reached\" first."
"#;

    fn generate(text: &str) -> Result<String, DataError> {
        let mut out = String::new();
        super::generate(text, &mut out).map(|()| out)
    }

    #[test]
    fn a_valid_file_becomes_one_function_per_message() {
        let code = generate(VALID).unwrap();
        assert!(code.starts_with(MODULE_START), "{code}");
        assert_eq!(
            &code[MODULE_START.len()..],
            r#"
    #[doc = "`os.remedy`: \"Build a new {final} environment on {target_os}.\""]
    #[inline]
    pub fn os_remedy(r#final: &str, target_os: &str) -> String {
        fill("Build a new \u{1} environment on \u{2}.", &[r#final, target_os])
    }

    #[doc = "`os.yes`: \"{from} on {os} can be upgraded in place to {to}.\""]
    #[inline]
    pub fn os_yes(from: &str, to: &str, os: &str) -> String {
        fill("\u{1} on \u{3} can be upgraded in place to \u{2}.", &[from, to, os])
    }

    #[doc = "`sql.no_release`: \"no release\""]
    pub const fn sql_no_release() -> &'static str {
        "no release"
    }

    #[doc = "`sql.yes_reach_first`: \"{sql} is \"reached\" first.\""]
    #[inline]
    pub fn sql_yes_reach_first(from: &str, to: &str, sql: &str) -> String {
        fill("\u{3} is \"reached\" first.", &[from, to, sql])
    }
}

"#
        );
    }

    #[test]
    fn a_placeholder_becomes_the_place_of_its_argument() {
        let at = At::new(FILE, "a.b");
        let takes: Vec<String> = ["sql", "to"].map(String::from).into();
        assert_eq!(template(&at, "{sql} to {to}.", &takes), Ok("\u{1} to \u{2}.".to_string()));
        assert_eq!(template(&at, "{to}{to} é {sql}", &takes), Ok("\u{2}\u{2} é \u{1}".to_string()));
        assert_eq!(template(&at, "no placeholder", &takes), Ok("no placeholder".to_string()));
    }

    #[test]
    fn a_text_has_no_control_characters() {
        assert_eq!(
            error(generate(&edit(VALID, "no release", "no\\u0001release"))),
            "advisor/rules/data/messages.toml: sql.no_release: the text holds the control character U+0001"
        );
    }

    #[test]
    fn a_message_takes_at_most_31_arguments() {
        let takes: Vec<String> = (0..32).map(|i| format!("\"a{i}\"")).collect();
        assert_eq!(
            error(generate(&format!("[a.b]\ntakes = [{}]\ntext = \"x\"\n", takes.join(", ")))),
            "advisor/rules/data/messages.toml: a.b: a message takes at most 31 arguments"
        );
    }

    #[test]
    fn text_without_placeholders_is_copied() {
        let code = generate("[a.b]\ntakes = [\"x\"]\ntext = \"No {placeholder} here\"\n".replace("{placeholder}", "placeholder").as_str())
            .unwrap();
        assert!(
            code.contains("    #[inline]\n    pub fn a_b(x: &str) -> String {\n        fill(\"No placeholder here\", &[x])\n    }\n"),
            "{code}"
        );
    }

    #[test]
    fn a_message_uses_only_the_arguments_it_takes() {
        assert_eq!(
            error(generate(&edit(VALID, "{from} on {os}", "{from} on {sql}"))),
            "advisor/rules/data/messages.toml: os.yes: unknown placeholder {sql} (this message may use: from, to, os)"
        );
        assert_eq!(
            error(generate(&edit(VALID, "text = \"no release\"", "text = \"no {release}\""))),
            "advisor/rules/data/messages.toml: sql.no_release: unknown placeholder {release} (this message may use: none: list its arguments in `takes`)"
        );
    }

    #[test]
    fn a_placeholder_is_closed() {
        assert_eq!(
            error(generate(&edit(VALID, "{target_os}.", "{target_os."))),
            "advisor/rules/data/messages.toml: os.remedy: an unclosed {"
        );
    }

    #[test]
    fn a_section_is_a_table_of_messages() {
        assert_eq!(
            error(generate(&format!("verdict = \"yes\"\n{VALID}"))),
            "advisor/rules/data/messages.toml: verdict: expected a [section] of messages"
        );
    }

    #[test]
    fn a_message_is_a_table_with_text_and_takes() {
        assert_eq!(
            error(generate("[os]\nyes = \"{from} on {os}\"\n")),
            "advisor/rules/data/messages.toml: os.yes: invalid type: string \"{from} on {os}\", expected struct Message (a message is a table with `text` and `takes`)"
        );
        assert_eq!(
            error(generate(&edit(VALID, "takes = [\"final\"", "arguments = [\"final\""))),
            "advisor/rules/data/messages.toml: os.remedy: unknown field `arguments`, expected `takes` or `text` (a message is a table with `text` and `takes`)"
        );
        assert_eq!(
            error(generate("[os.yes]\ntakes = []\n")),
            "advisor/rules/data/messages.toml: os.yes: missing field `text` (a message is a table with `text` and `takes`)"
        );
    }

    #[test]
    fn names_become_rust_names() {
        assert_eq!(
            error(generate(&edit(VALID, "[os.remedy]", "[os.remedy-listed]"))),
            "advisor/rules/data/messages.toml: os.remedy-listed: a message's section and name are lowercase letters, digits and underscores"
        );
        assert_eq!(
            error(generate(&edit(VALID, "takes = [\"final\", \"target_os\"]", "takes = [\"final\", \"target os\"]"))),
            "advisor/rules/data/messages.toml: os.remedy: argument \"target os\" is not lowercase letters, digits and underscores"
        );
        assert_eq!(
            error(generate(&edit(VALID, "takes = [\"final\", \"target_os\"]", "takes = [\"self\", \"target_os\"]"))),
            "advisor/rules/data/messages.toml: os.remedy: argument \"self\" is not lowercase letters, digits and underscores"
        );
    }

    #[test]
    fn an_argument_is_listed_once() {
        assert_eq!(
            error(generate(&edit(VALID, "takes = [\"from\", \"to\", \"os\"]", "takes = [\"from\", \"to\", \"from\"]"))),
            "advisor/rules/data/messages.toml: os.yes: argument \"from\" is listed twice"
        );
    }

    #[test]
    fn two_messages_cannot_share_a_function_name() {
        assert_eq!(
            error(generate(&format!("{VALID}\n[os_yes.x]\ntext = \"a\"\n[os.yes_x]\ntext = \"b\"\n"))),
            "advisor/rules/data/messages.toml: os_yes.x: another message is also named os_yes_x in the code; rename one"
        );
    }
}
