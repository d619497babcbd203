//! What every data file's checks share: the error that names file and entry, and the checks of
//! ids, dates, book links and Microsoft pages.

use std::fmt;

use bts_vocabulary::{Date, Vocabulary};
use serde::de::DeserializeOwned;

/// A mistake in the rules data: the file, the entry at fault, and what is wrong with it. Shown
/// as `advisor/rules/data/<file>: <entry>: <message>`, which is what the build prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// The data file, for example `compatibility.toml`.
    pub file: &'static str,
    /// The entry at fault, as its author finds it (`upgrade to 2016, os row ...`, `step "x"`), or
    /// `file` and `syntax` for the file as a whole.
    pub entry: String,
    pub message: String,
}

impl DataError {
    pub fn new(file: &'static str, entry: impl Into<String>, message: impl fmt::Display) -> DataError {
        DataError { file, entry: entry.into(), message: message.to_string() }
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "advisor/rules/data/{}: {}: {}", self.file, self.entry, self.message)
    }
}

impl std::error::Error for DataError {}

/// Parses a data file, refusing TOML errors and unknown fields (entry `syntax`).
pub(crate) fn parse<T: DeserializeOwned>(file: &'static str, text: &str) -> Result<T, DataError> {
    toml::from_str(text).map_err(|e| DataError::new(file, "syntax", e.to_string().replace('\n', " ")))
}

/// The entry a check is about: its errors name the file and the entry.
#[derive(Debug, Clone)]
pub(crate) struct At {
    pub file: &'static str,
    pub entry: String,
}

impl At {
    pub fn new(file: &'static str, entry: impl Into<String>) -> At {
        At { file, entry: entry.into() }
    }

    /// A part of this entry (`upgrade to 2016` and `os row ...`: `upgrade to 2016, os row ...`).
    pub fn within(&self, part: impl fmt::Display) -> At {
        At::new(self.file, format!("{}, {part}", self.entry))
    }

    pub fn error(&self, message: impl fmt::Display) -> DataError {
        DataError::new(self.file, self.entry.clone(), message)
    }

    /// Fails with `message` unless `holds`.
    pub fn ensure(&self, holds: bool, message: impl fmt::Display) -> Result<(), DataError> {
        if holds { Ok(()) } else { Err(self.error(message)) }
    }

    /// One vocabulary id (`what` names its kind in the error, with the ids accepted).
    pub fn id<T: Vocabulary>(&self, value: &str, what: &str) -> Result<T, DataError> {
        T::from_id(value).ok_or_else(|| self.error(format!("unknown {what} \"{value}\" (accepted: {})", T::accepted_ids())))
    }

    /// A list of vocabulary ids, in order.
    pub fn ids<T: Vocabulary>(&self, values: &[String], what: &str) -> Result<Vec<T>, DataError> {
        values.iter().map(|v| self.id(v, what)).collect()
    }

    /// A date checked with the vocabulary's own parser (impossible days such as 2023-02-29 fail).
    pub fn date(&self, text: &str) -> Result<Date, DataError> {
        Date::parse(text).ok_or_else(|| self.error(format!("\"{text}\" is not a real YYYY-MM-DD date")))
    }

    /// A link to the book section a fact or step comes from: site-relative, `page.html#anchor`.
    pub fn source(&self, source: &str) -> Result<(), DataError> {
        let Some((page, anchor)) = source.split_once('#') else {
            return Err(self.error(format!("source \"{source}\" needs a #anchor naming the book section")));
        };
        let relative = page.ends_with(".html") && !page.starts_with('/') && !page.contains("..") && !anchor.is_empty();
        self.ensure(relative, format!("source \"{source}\" is not a site-relative \"page.html#anchor\" link"))
    }

    /// The Microsoft page a fact comes from: an https URL, or a named file of Microsoft's docs.
    pub fn page(&self, page: &str) -> Result<(), DataError> {
        let url = page.starts_with("https://") && !page.contains(char::is_whitespace);
        self.ensure(
            url || page.starts_with("MicrosoftDocs/"),
            format!("page \"{page}\" must name the Microsoft page the fact comes from (https://... or MicrosoftDocs/...)"),
        )
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use bts_vocabulary::{Edition, Version};

    /// `text` with the first `from` replaced by `to`; a fixture that no longer holds `from` fails
    /// the test rather than testing nothing.
    pub fn edit(text: &str, from: &str, to: &str) -> String {
        assert!(text.contains(from), "the fixture has no {from:?}");
        text.replacen(from, to, 1)
    }

    /// The whole message a failing result prints.
    pub fn error<T: fmt::Debug>(result: Result<T, DataError>) -> String {
        result.expect_err("the data should be refused").to_string()
    }

    fn at() -> At {
        At::new("lifecycle.toml", "version 2016")
    }

    #[test]
    fn errors_name_the_file_and_the_entry() {
        assert_eq!(at().within("os row 1").error("wrong").to_string(), "advisor/rules/data/lifecycle.toml: version 2016, os row 1: wrong");
        assert_eq!(
            error(parse::<toml::Table>("lifecycle.toml", "a = ")).split(": ").take(2).collect::<Vec<_>>(),
            ["advisor/rules/data/lifecycle.toml", "syntax"]
        );
    }

    #[test]
    fn a_syntax_error_is_one_line() {
        let message = error(parse::<toml::Table>("lifecycle.toml", "a = \"b\"\nc = [\n"));
        assert!(message.starts_with("advisor/rules/data/lifecycle.toml: syntax: "), "{message}");
        assert!(!message.contains('\n'), "{message}");
    }

    #[test]
    fn an_unknown_id_names_the_kind_and_the_ids_accepted() {
        assert_eq!(at().id::<Version>("2016", "version"), Ok(Version::Bts2016));
        assert_eq!(
            error(at().id::<Version>("2010", "version")),
            "advisor/rules/data/lifecycle.toml: version 2016: unknown version \"2010\" (accepted: 2013, 2013r2, 2016, 2020)"
        );
        assert_eq!(
            error(at().ids::<Edition>(&["standard".into(), "basic".into()], "edition")),
            "advisor/rules/data/lifecycle.toml: version 2016: unknown edition \"basic\" (accepted: evaluation, branch, developer, standard, enterprise)"
        );
    }

    #[test]
    fn an_impossible_date_is_refused() {
        assert_eq!(at().date("2024-02-29"), Ok(Date::new(2024, 2, 29)));
        assert_eq!(
            error(at().date("2023-02-29")),
            "advisor/rules/data/lifecycle.toml: version 2016: \"2023-02-29\" is not a real YYYY-MM-DD date"
        );
    }

    #[test]
    fn a_source_is_a_site_relative_link_to_a_book_section() {
        assert_eq!(at().source("upgrade/before.html#bam"), Ok(()));
        assert_eq!(
            error(at().source("compatibility.html")),
            "advisor/rules/data/lifecycle.toml: version 2016: source \"compatibility.html\" needs a #anchor naming the book section"
        );
        for bad in ["/compatibility.html#a", "../x.html#a", "compatibility.md#a", "compatibility.html#"] {
            assert_eq!(
                error(at().source(bad)),
                format!(
                    "advisor/rules/data/lifecycle.toml: version 2016: source \"{bad}\" is not a site-relative \"page.html#anchor\" link"
                )
            );
        }
    }

    #[test]
    fn a_page_names_a_microsoft_page() {
        assert_eq!(at().page("https://learn.microsoft.com/lifecycle/products/biztalk-server-2016"), Ok(()));
        assert_eq!(at().page("MicrosoftDocs/sql-docs: docs/x.md"), Ok(()));
        for bad in ["learn.microsoft.com/x", "https://learn.microsoft.com/a b"] {
            assert_eq!(
                error(at().page(bad)),
                format!(
                    "advisor/rules/data/lifecycle.toml: version 2016: page \"{bad}\" must name the Microsoft page the fact comes from (https://... or MicrosoftDocs/...)"
                )
            );
        }
    }
}
