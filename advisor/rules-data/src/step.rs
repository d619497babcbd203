//! What upgrade and hotfix steps share: an id users' progress is stored under, a title, a
//! detail, and the book section the step comes from.

use std::collections::BTreeSet;

use crate::check::{At, DataError};

/// The fields every step has, as written.
pub(crate) struct StepText<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub detail: &'a str,
    pub source: &'a Option<String>,
}

/// Checks a step's common fields (`ids`: the ids of the file so far) and returns its source.
pub(crate) fn check<'a>(at: &At, step: &StepText<'a>, ids: &mut BTreeSet<String>) -> Result<&'a str, DataError> {
    let id_chars = step.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    at.ensure(!step.id.is_empty() && id_chars, "an id is lowercase letters, digits and dashes")?;
    at.ensure(ids.insert(step.id.to_string()), "a second step with this id")?;
    at.ensure(!step.title.trim().is_empty(), "the step has no title")?;
    at.ensure(!step.detail.trim().is_empty(), "the step has no detail")?;
    let source = step.source.as_deref().ok_or_else(|| at.error("the step has no source"))?;
    at.source(source)?;
    Ok(source)
}

/// The entry that names a step in errors: `step "<id>"`.
pub(crate) fn at(file: &'static str, id: &str) -> At {
    At::new(file, format!("step \"{id}\""))
}
