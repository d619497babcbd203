//! Reading a profile: the file or standard input, the JSON, and every problem of it at once, in
//! the advisor's words rather than the JSON library's.
//!
//! The fields a profile has are those of the rules crate's raw profile types (read from their
//! serde definitions, so a field added there is known here); each field is tried on its own, so
//! that every unknown field and every value of the wrong type is reported, and the rules then
//! check the values of the fields that are left.

use std::io::Read;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde_json::{Map, Value};

use bts_rules::{Inventory, InventoryError, read_inventories as read_inventories_of};

use crate::fields::{self, Kind};

/// Input that cannot be answered: exit status 2, and each line of the message on a line of its
/// own on standard error (one problem per line).
pub struct BadInput(pub String);

impl BadInput {
    pub fn one(message: impl Into<String>) -> BadInput {
        BadInput(message.into())
    }

    /// Several problems, one line each.
    pub fn all(problems: Vec<String>) -> BadInput {
        BadInput(problems.join("\n"))
    }
}

/// The rules' validation returns one problem, or (from contract version 3) every problem.
pub trait IntoProblems {
    fn into_problems(self) -> Vec<bts_rules::ProfileError>;
}

impl IntoProblems for bts_rules::ProfileError {
    fn into_problems(self) -> Vec<bts_rules::ProfileError> {
        vec![self]
    }
}

impl IntoProblems for Vec<bts_rules::ProfileError> {
    fn into_problems(self) -> Vec<bts_rules::ProfileError> {
        self
    }
}

/// Reads the text of `path` (`-`: standard input), naming the file when it cannot be read.
pub fn read_text(path: &str, what: &str) -> Result<String, BadInput> {
    let mut text = String::new();
    let read =
        if path == "-" { std::io::stdin().read_to_string(&mut text).map(drop) } else { std::fs::read_to_string(path).map(|t| text = t) };
    read.map_err(|e| BadInput::one(format!("cannot read the {what} {}: {e}", if path == "-" { "from standard input" } else { path })))?;
    Ok(text)
}

/// Reads a profile and builds it with `build` (the rules' `from_fields`), reporting every
/// problem: unknown fields and values of the wrong type from here, the rest from the rules.
pub fn read_profile<Raw, Profile, E>(
    path: &str,
    kind: fields::ProfileKind,
    build: impl FnOnce(Raw) -> Result<Profile, E>,
) -> Result<Profile, BadInput>
where
    Raw: DeserializeOwned,
    E: IntoProblems,
{
    let text = read_text(path, "profile")?;
    if text.trim().is_empty() {
        return Err(BadInput::one(format!(
            "the profile is empty; expected a JSON object of fields (`bts-advisor example {}` prints one)",
            kind.command()
        )));
    }
    let value: Value = serde_json::from_str(&text).map_err(|e| BadInput::one(format!("the profile is not valid JSON: {e}")))?;
    let Value::Object(object) = value else {
        return Err(BadInput::one(format!(
            "the profile must be a JSON object of fields, such as {{\"{}\": ...}} (`bts-advisor example {}` prints one)",
            field_names::<Raw>().first().copied().unwrap_or("field"),
            kind.command()
        )));
    };
    let (raw, mut problems, refused) = sort_fields::<Raw>(object, kind);
    match build(raw) {
        Ok(profile) if problems.is_empty() => Ok(profile),
        Ok(_) => Err(BadInput::all(problems.into_iter().map(|(_, p)| p).collect())),
        Err(errors) => {
            // A field reported here (missing, or of the wrong type) is not reported again; the
            // rest come in the order of the profile's fields, unknown fields last.
            let errors = errors.into_problems().into_iter().filter(|e| !refused.iter().any(|f| f == e.field));
            problems.extend(errors.map(|e| (position::<Raw>(e.field), e.to_string())));
            problems.sort_by_key(|(position, _)| *position);
            Err(BadInput::all(problems.into_iter().map(|(_, p)| p).collect()))
        }
    }
}

/// Where a field comes in the profile (unknown fields after every known one).
fn position<Raw: DeserializeOwned>(field: &str) -> usize {
    let names = field_names::<Raw>();
    names.iter().position(|n| *n == field).unwrap_or(names.len())
}

/// Splits a profile's fields into those the raw type takes and the problems of the others (in
/// the order of the profile's fields, unknown fields last); the third value lists the fields
/// already reported.
fn sort_fields<Raw: DeserializeOwned>(object: Map<String, Value>, kind: fields::ProfileKind) -> (Raw, Vec<(usize, String)>, Vec<String>) {
    let names = field_names::<Raw>();
    let position = position::<Raw>;
    let mut good = Map::new();
    let mut problems: Vec<(usize, String)> = Vec::new();
    let mut reported = Vec::new();
    for name in names.iter().filter(|n| !object.contains_key(**n)) {
        if fields::describe(kind, name).is_some_and(|f| f.required) {
            problems.push((position(name), format!("field `{name}` is required but missing")));
            reported.push(name.to_string());
        }
    }
    for (field, value) in object {
        if !names.contains(&field.as_str()) {
            problems.push((names.len(), format!("field `{field}` is not part of this profile; its fields are: {}", names.join(", "))));
            continue;
        }
        let alone = Map::from_iter([(field.clone(), value.clone())]);
        if serde_json::from_value::<Raw>(Value::Object(alone)).is_err() {
            problems.push((position(&field), format!("field `{field}` {}", type_expected(kind, &field))));
            reported.push(field);
        } else {
            good.insert(field, value);
        }
    }
    problems.sort_by_key(|(position, _)| *position);
    let raw = serde_json::from_value(Value::Object(good)).expect("fields accepted one by one are accepted together");
    (raw, problems, reported)
}

/// Reads collector inventories and turns them into profiles; a file that cannot be read, is not
/// JSON, is not an inventory or holds a value of the wrong type is refused, naming the file.
pub fn read_inventories(paths: &[String]) -> Result<bts_rules::InventoryReading, BadInput> {
    let mut files = Vec::new();
    for path in paths {
        let name = if path == "-" { "standard input" } else { path.as_str() };
        let text = read_text(path, "inventory")?;
        let malformed =
            |at: String, detail: String| BadInput::one(InventoryError::Malformed { file: name.to_string(), at, detail }.to_string());
        let value: Value = serde_json::from_str(&text).map_err(|e| malformed(String::new(), e.to_string()))?;
        Inventory::check_schema(value.get("schema").and_then(Value::as_str), name).map_err(|e| BadInput::one(e.to_string()))?;
        let inventory = serde_path_to_error::deserialize(value).map_err(|e| malformed(e.path().to_string(), e.inner().to_string()))?;
        files.push(bts_rules::InventoryFile { file: name.to_string(), inventory });
    }
    read_inventories_of(&files).map_err(|e| BadInput::one(e.to_string()))
}

/// What a field of the wrong type should have been, in the advisor's words.
fn type_expected(kind: fields::ProfileKind, field: &str) -> String {
    let help = fields::describe(kind, field);
    let values = help.map(|h| fields::accepted_ids(kind, h)).unwrap_or_default();
    match help.map(|h| h.kind) {
        Some(Kind::WholeNumber) => "must be a whole number of at least 1".into(),
        Some(Kind::YesNo) => "must be true or false (without quotes)".into(),
        Some(Kind::List) => {
            let example = values.iter().take(2).map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(", ");
            format!("must be a list of values in quotes, such as [{example}]")
        }
        Some(Kind::Text) if !values.is_empty() => format!("must be one of these values, in quotes: {}", values.join(", ")),
        _ => "must be a value in quotes".into(),
    }
}

/// The field names of a raw profile type, as its serde definition lists them.
pub fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut names = None;
    let _ = T::deserialize(FieldNames(&mut names));
    names.unwrap_or(&[])
}

/// A deserializer that only records the field names a struct asks for.
struct FieldNames<'a>(&'a mut Option<&'static [&'static str]>);

impl<'de> Deserializer<'de> for FieldNames<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(self, _: &'static str, fields: &'static [&'static str], _: V) -> Result<V::Value, Self::Error> {
        *self.0 = Some(fields);
        Err(de::Error::custom("fields recorded"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fields_of_a_profile_come_from_its_serde_definition() {
        let upgrade = field_names::<bts_rules::RawUpgradeProfile>();
        for field in ["from", "to", "edition", "to_edition", "os", "sql", "sql_target", "features"] {
            assert!(upgrade.contains(&field), "{field} in {upgrade:?}");
        }
        let hotfix = field_names::<bts_rules::RawHotfixProfile>();
        for field in ["servers", "sql_script", "downloads", "arch", "iis_adapters", "isolated_host_heavy"] {
            assert!(hotfix.contains(&field), "{field} in {hotfix:?}");
        }
    }
}
