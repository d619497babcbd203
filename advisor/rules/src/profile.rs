//! What the two profiles share: arriving as loosely typed fields (JSON, a URL, a form), they are
//! checked field by field, and a profile that cannot be answered is a [`ProfileError`] naming the
//! field at fault. [`UpgradeProfile::from_fields`](crate::UpgradeProfile::from_fields) and
//! [`HotfixProfile::from_fields`](crate::HotfixProfile::from_fields) build on these.

use std::fmt;

use crate::vocabulary::*;

/// A profile that cannot be answered, naming the field at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError {
    pub field: &'static str,
    pub message: String,
}

impl ProfileError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        ProfileError { field, message: message.into() }
    }

    pub(crate) fn missing(field: &'static str) -> Self {
        ProfileError::new(field, "is required but missing")
    }
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "field `{}` {}", self.field, self.message)
    }
}

impl std::error::Error for ProfileError {}

/// Every problem of a profile, one line each (`field `x` ...`), for whoever shows them.
pub fn problem_lines(problems: &[ProfileError]) -> String {
    problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

/// Parses `value` as one of `accepted`, or names the field and the values it accepts.
pub fn parse_value<T: Vocabulary>(field: &'static str, value: &str, accepted: &[T]) -> Result<T, ProfileError> {
    T::from_id(value).filter(|v| accepted.contains(v)).ok_or_else(|| {
        let ids: Vec<&str> = accepted.iter().map(|v| v.id()).collect();
        ProfileError::new(field, format!("has unknown value \"{value}\"; accepted values: {}", ids.join(", ")))
    })
}

pub(crate) fn required<T: Vocabulary>(field: &'static str, value: Option<String>, accepted: &[T]) -> Result<T, ProfileError> {
    parse_value(field, &value.ok_or_else(|| ProfileError::missing(field))?, accepted)
}
