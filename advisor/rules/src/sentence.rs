//! What the report's sentences share: putting a message's arguments into its text (for the
//! generated message functions, `data::messages`, from `messages.toml`), and naming several
//! values in a sentence.

use crate::vocabulary::Vocabulary;

/// `text` with its arguments put in: the character U+0001 stands for the first argument, U+0002
/// for the second, and so on (the build writes each `{placeholder}` of `messages.toml` so, and
/// refuses control characters in a message). Such a character is one byte of UTF-8 and never part
/// of another character, so the text is copied byte by byte: no string slicing and no
/// decoding of characters, each of which cost the browser advisor bytes (advisor/web/SIZE.md).
pub(crate) fn fill(text: &str, arguments: &[&str]) -> String {
    let mut out = Vec::with_capacity(text.len() + 64);
    for &byte in text.as_bytes() {
        match arguments.get(usize::from(byte).wrapping_sub(1)) {
            Some(argument) => out.extend_from_slice(argument.as_bytes()),
            None => out.push(byte),
        }
    }
    // UTF-8 text with UTF-8 arguments put in between its characters is UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// "A, B or C"; `None` when there is nothing to name.
pub(crate) fn names<T: Vocabulary>(items: impl Iterator<Item = T>) -> Option<String> {
    join_or(items.map(|v| v.label().to_string()).collect())
}

/// "A, B or C" of names; `None` when there are none.
pub(crate) fn join_or(names: Vec<String>) -> Option<String> {
    match names.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        [init @ .., last] => Some(format!("{} or {}", init.join(", "), last)),
    }
}

/// "A, B and C"; the one item alone, or nothing.
pub(crate) fn join_and(items: Vec<String>) -> String {
    match items.as_slice() {
        [init @ .., last] if !init.is_empty() => format!("{} and {}", init.join(", "), last),
        _ => items.concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn each_argument_goes_where_its_place_is_named() {
        assert_eq!(fill("\u{1} to \u{2}.", &["SQL Server 2014", "SQL Server 2019"]), "SQL Server 2014 to SQL Server 2019.");
        assert_eq!(fill("\u{2}\u{2} é \u{1}", &["a", "ü"]), "üü é a");
        assert_eq!(fill("\u{3} is left as it is", &["a", "b"]), "\u{3} is left as it is");
        assert_eq!(fill("no placeholder", &["a"]), "no placeholder");
        assert_eq!(fill("", &[]), "");
    }
}
