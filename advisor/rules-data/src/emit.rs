//! Rust source for the values of the generated statics.

use std::fmt::Debug;

use bts_vocabulary::Date;

/// `&[Ty::A, Ty::B]` for vocabulary values (their `Debug` is the variant's name).
pub(crate) fn list<T: Debug>(ty: &str, items: &[T]) -> String {
    let items: Vec<String> = items.iter().map(|i| format!("{ty}::{i:?}")).collect();
    format!("&[{}]", items.join(", "))
}

/// `Some("text")` or `None`.
pub(crate) fn opt(value: &Option<String>) -> String {
    value.as_ref().map_or("None".to_string(), |v| format!("Some({v:?})"))
}

pub(crate) fn date(d: Date) -> String {
    format!("Date::new({}, {}, {})", d.year, d.month, d.day)
}
