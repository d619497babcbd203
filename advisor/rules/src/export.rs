//! Exports of a report for a ticket or a spreadsheet: the Markdown checklist with the steps
//! already done ticked (`- [x]`), and the checklist as CSV (RFC 4180: `id,phase,title,source,done`,
//! CRLF line ends). The command line (`--format markdown|csv`, `--base-url`) and the browser's
//! export buttons both call these, so the two give the same bytes for the same answer and ticks.
//!
//! Links: a step's `source` is a site-relative address (`planning.html#read-first`). Given the
//! site's address ([`BaseUrl`]), exports make it absolute; without one, the Markdown says that
//! its links are relative to the site. Addresses that are already absolute (Microsoft Learn and
//! the other pages the data cites) are kept as they are.

use std::collections::BTreeSet;
use std::fmt;
use std::fmt::Write as _;

use crate::{HotfixReport, Section, UpgradeReport};

/// The address the site is served from, for absolute links in exports: `http://`, `https://` or
/// `file://`, always ending in `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

/// Why a text is not a usable site address; its `Display` names the text and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrlError {
    pub text: String,
    pub reason: &'static str,
}

impl fmt::Display for BaseUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\" is not the address of the site: {}; give the folder the site is served from, for example https://intranet.example/biztalk-advisor/",
            self.text, self.reason
        )
    }
}

impl std::error::Error for BaseUrlError {}

impl BaseUrl {
    /// Checks an address given by a user. A missing final `/` is added, so that
    /// `https://intranet/bts` and `https://intranet/bts/` give the same links.
    pub fn parse(text: &str) -> Result<BaseUrl, BaseUrlError> {
        let error = |reason| Err(BaseUrlError { text: text.to_string(), reason });
        let url = text.trim();
        if url.is_empty() {
            return error("it is empty");
        }
        let lower = url.to_ascii_lowercase();
        let Some(rest) =
            ["https://", "http://", "file://"].iter().find_map(|scheme| lower.starts_with(scheme).then(|| &url[scheme.len()..]))
        else {
            return error("it must start with https://, http:// or file://");
        };
        if url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`' | '\\')) {
            return error("it contains a space, a quote, a backslash or an angle bracket");
        }
        if url.contains(['?', '#']) {
            return error("it has a query (?) or a fragment (#), which the site's links cannot follow");
        }
        // `file:///C:/site/` has an empty host; the web schemes need a server name.
        if !lower.starts_with("file://") && rest.split('/').next().is_none_or(str::is_empty) {
            return error("it names no server after the scheme");
        }
        if lower.starts_with("file://") && rest.is_empty() {
            return error("it names no folder after file://");
        }
        let mut url = url.to_string();
        if !url.ends_with('/') {
            url.push('/');
        }
        Ok(BaseUrl(url))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for BaseUrl {
    type Err = BaseUrlError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        BaseUrl::parse(text)
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What an export needs beyond the report: the site's address and the step ids already done.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Export {
    /// The site's address; `None` keeps links site-relative and says so.
    pub base_url: Option<BaseUrl>,
    /// Ids of the steps (and prerequisites) ticked as done.
    pub done: BTreeSet<String>,
}

/// The note a Markdown export ends with when the site's address is not known.
pub const RELATIVE_LINKS_NOTE: &str =
    "Sources are pages of the BizTalk Upgrade Advisor site, given relative to its address: open them on your copy of the site.";

/// The CSV header, as the contract fixes it.
pub const CSV_HEADER: &str = "id,phase,title,source,done";

/// What the CSV's `done` column says for a ticked step (empty for one not done).
pub const CSV_DONE: &str = "yes";

fn is_absolute(source: &str) -> bool {
    let lower = source.get(..8).unwrap_or(source).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

impl Export {
    /// An export with the site's address and no ticks: the command line's.
    pub fn with_base_url(base_url: Option<BaseUrl>) -> Export {
        Export { base_url, done: BTreeSet::new() }
    }

    pub fn is_done(&self, id: &str) -> bool {
        self.done.contains(id)
    }

    /// `source` as the export gives it: absolute under the base URL when there is one; an
    /// address that is already absolute as it is.
    pub fn link(&self, source: &str) -> String {
        match &self.base_url {
            Some(base) if !is_absolute(source) => format!("{base}{}", source.trim_start_matches('/')),
            _ => source.to_string(),
        }
    }

    /// `source` in Markdown: a clickable `<address>` when absolute, else a code span (a relative
    /// link would point into the ticket system, not the site).
    pub fn markdown_link(&self, source: &str) -> String {
        let link = self.link(source);
        if is_absolute(&link) || self.base_url.is_some() { format!("<{link}>") } else { format!("`{link}`") }
    }

    /// The closing lines of a Markdown export: the note on relative links, where it applies.
    pub(crate) fn write_markdown_footer(&self, out: &mut String) {
        if self.base_url.is_none() {
            writeln!(out, "\n---\n\n{RELATIVE_LINKS_NOTE}").unwrap();
        }
    }

    /// The checklist as CSV: the header, then one row per step in checklist order.
    pub fn checklist_csv(&self, sections: &[Section]) -> String {
        let mut out = String::new();
        out.push_str(CSV_HEADER);
        out.push_str("\r\n");
        for step in sections.iter().flat_map(|s| &s.steps) {
            let done = if self.is_done(&step.id) { CSV_DONE } else { "" };
            let fields = [&*step.id, step.phase, step.title, &self.link(step.source), done];
            for (i, field) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                csv_field(&mut out, field);
            }
            out.push_str("\r\n");
        }
        out
    }
}

/// One CSV field: quoted, with quotes doubled, when it holds a comma, a quote or a line break.
fn csv_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

impl UpgradeReport {
    /// The checklist as CSV (`--format csv`), with `done` filled from `export`.
    pub fn to_csv(&self, export: &Export) -> String {
        export.checklist_csv(&self.checklist())
    }
}

impl HotfixReport {
    /// The checklist as CSV (`--format csv`), with `done` filled from `export`.
    pub fn to_csv(&self, export: &Export) -> String {
        export.checklist_csv(&self.checklist())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{StepView, UpgradeProfile, UpgradeReport, Version};
    use std::borrow::Cow;

    /// The report these tests export (the one call to the advisor, whatever it takes).
    fn answer(profile: &UpgradeProfile) -> UpgradeReport {
        crate::evaluate_upgrade(profile, crate::Date::new(2026, 12, 3))
    }

    fn base(text: &str) -> BaseUrl {
        BaseUrl::parse(text).unwrap()
    }

    #[test]
    fn a_base_url_is_a_web_or_file_address_and_always_ends_in_a_slash() {
        assert_eq!(base("https://intranet.example/bts").as_str(), "https://intranet.example/bts/");
        assert_eq!(base(" http://bts-docs:8080/ ").as_str(), "http://bts-docs:8080/");
        assert_eq!(base("file:///D:/sites/bts/").as_str(), "file:///D:/sites/bts/");
        for (bad, why) in [
            ("", "empty"),
            ("intranet.example/bts", "must start with"),
            ("ftp://intranet/", "must start with"),
            ("https://", "no server"),
            ("https:///bts", "no server"),
            ("https://intranet/my site/", "space"),
            ("https://intranet/bts/?x=1", "query"),
            ("https://intranet/bts/#top", "fragment"),
            ("file://", "no folder"),
        ] {
            let error = BaseUrl::parse(bad).expect_err(bad).to_string();
            assert!(error.contains(why) && error.contains(&format!("\"{bad}\"")), "{bad}: {error}");
        }
    }

    #[test]
    fn links_become_absolute_under_the_base_url_and_learn_links_stay_as_they_are() {
        let relative = Export::default();
        let intranet = Export::with_base_url(Some(base("https://intranet.example/bts")));
        let learn = "https://learn.microsoft.com/biztalk/install-and-config-guides/upgrading-to-biztalk-server-2020";
        assert_eq!(relative.link("planning.html#read-first"), "planning.html#read-first");
        assert_eq!(intranet.link("planning.html#read-first"), "https://intranet.example/bts/planning.html#read-first");
        assert_eq!(relative.link(learn), learn);
        assert_eq!(intranet.link(learn), learn);
        assert_eq!(relative.markdown_link("planning.html"), "`planning.html`");
        assert_eq!(relative.markdown_link(learn), format!("<{learn}>"));
        assert_eq!(intranet.markdown_link("planning.html"), "<https://intranet.example/bts/planning.html>");
    }

    fn step(id: &'static str, title: &'static str) -> StepView {
        StepView {
            id: Cow::Borrowed(id),
            phase: "before",
            title,
            detail: "",
            code: &[],
            source: "upgrade/before.html#bam",
            unsure: Default::default(),
            general_note: false,
        }
    }

    #[test]
    fn csv_is_rfc_4180_with_crlf_and_quotes_only_where_needed() {
        let sections = [Section {
            heading: Cow::Borrowed("Before"),
            steps: vec![step("plain", "Back up the databases"), step("tricky", "Stop \"BAM\" alerts, then, wait\nhere")],
        }];
        let mut export = Export::with_base_url(Some(base("https://intranet/bts/")));
        export.done.insert("tricky".into());
        assert_eq!(
            export.checklist_csv(&sections),
            "id,phase,title,source,done\r\n\
             plain,before,Back up the databases,https://intranet/bts/upgrade/before.html#bam,\r\n\
             tricky,before,\"Stop \"\"BAM\"\" alerts, then, wait\nhere\",https://intranet/bts/upgrade/before.html#bam,yes\r\n"
        );
        let rows = parse_csv(&export.checklist_csv(&sections));
        assert_eq!(
            rows[2],
            ["tricky", "before", "Stop \"BAM\" alerts, then, wait\nhere", "https://intranet/bts/upgrade/before.html#bam", "yes"]
        );
    }

    #[test]
    fn the_csv_of_a_report_has_one_row_per_step_in_checklist_order() {
        let profile = UpgradeProfile { from: Version::Bts2013R2, to: Version::Bts2020, ..UpgradeProfile::default() };
        let report = answer(&profile);
        let csv = report.to_csv(&Export::default());
        let ids: Vec<&str> = csv.split("\r\n").skip(1).filter(|l| !l.is_empty()).map(|l| l.split(',').next().unwrap()).collect();
        let expected: Vec<String> = report.steps.iter().map(|s| s.id().into_owned()).collect();
        assert_eq!(ids, expected);
        assert!(csv.ends_with("\r\n") && !csv.replace("\r\n", "").contains('\r'));
    }

    #[test]
    fn the_markdown_ticks_what_is_done_and_says_where_its_links_point() {
        let profile = UpgradeProfile::default();
        let report = answer(&profile);
        let first = report.steps[0].id().into_owned();
        let mut export = Export::default();
        export.done.insert(first.clone());
        let text = report.export_markdown(&profile, &export);
        let title = report.steps[0].step.title;
        assert!(text.contains(&format!("- [x] **{title}**")), "{text}");
        assert_eq!(text.matches("- [x] ").count(), 1, "only the step done is ticked");
        assert!(text.contains("(Source: `"), "relative sources stay code spans: {text}");
        assert!(text.trim_end().ends_with(RELATIVE_LINKS_NOTE));
        assert_eq!(report.to_markdown(&profile), report.export_markdown(&profile, &Export::default()));

        let intranet = Export { base_url: Some(base("https://intranet.example/bts/")), ..export };
        let text = report.export_markdown(&profile, &intranet);
        assert!(!text.contains(RELATIVE_LINKS_NOTE) && !text.contains("(Source: `"), "{text}");
        assert!(text.contains("(Source: <https://intranet.example/bts/"), "{text}");
    }

    /// Splits RFC 4180 text into records of fields (quoted fields may hold commas, quotes and
    /// line breaks), refusing anything malformed.
    fn parse_csv(text: &str) -> Vec<Vec<String>> {
        let mut records = Vec::new();
        let mut record = Vec::new();
        let mut field = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' if field.is_empty() => loop {
                    match chars.next().expect("a quoted field is closed") {
                        '"' if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        '"' => break,
                        other => field.push(other),
                    }
                },
                ',' => record.push(std::mem::take(&mut field)),
                '\r' => {
                    assert_eq!(chars.next(), Some('\n'), "CR is followed by LF");
                    record.push(std::mem::take(&mut field));
                    records.push(std::mem::take(&mut record));
                }
                '\n' => panic!("a bare LF ends a record"),
                other => field.push(other),
            }
        }
        assert!(field.is_empty() && record.is_empty(), "the last record ends in CR LF");
        records
    }

    proptest::proptest! {
        /// Any answer: the CSV parses as RFC 4180 into the header and one five-field row per
        /// step; ticking every step leaves no open box in the Markdown.
        #[test]
        fn every_export_is_well_formed(profile in crate::testing::upgrade_profiles()) {
            let report = answer(&profile);
            let mut export = Export::with_base_url(Some(base("https://intranet.example/bts")));
            let records = parse_csv(&report.to_csv(&export));
            proptest::prop_assert_eq!(&records[0], &CSV_HEADER.split(',').map(String::from).collect::<Vec<_>>());
            let steps: Vec<StepView> = report.checklist().into_iter().flat_map(|s| s.steps).collect();
            proptest::prop_assert_eq!(records.len() - 1, steps.len());
            for (row, step) in records[1..].iter().zip(&steps) {
                proptest::prop_assert_eq!(row.len(), 5);
                proptest::prop_assert_eq!(&row[2], step.title);
                proptest::prop_assert!(row[3].starts_with("https://intranet.example/bts/"));
                proptest::prop_assert_eq!(&row[4], "");
            }
            export.done = steps.iter().map(|s| s.id.to_string()).chain(report.prerequisites.iter().map(|p| p.id.to_string())).chain(report.attention.iter().map(|a| a.id.to_string())).collect();
            let markdown = report.export_markdown(&profile, &export);
            proptest::prop_assert!(!markdown.contains("- [ ] "), "{}", markdown);
            let records = parse_csv(&report.to_csv(&export));
            proptest::prop_assert!(records[1..].iter().all(|r| r[4] == CSV_DONE));
        }
    }
}
