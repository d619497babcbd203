//! `lifecycle.toml`: Microsoft's support dates per BizTalk Server version. Generates `LIFECYCLES`.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use bts_vocabulary::Version;
use serde::Deserialize;

use crate::check::{At, DataError, parse};
use crate::emit;

pub const FILE: &str = "lifecycle.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LifecycleFile {
    version: Vec<LifecycleEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LifecycleEntry {
    version: String,
    page: String,
    start: String,
    mainstream_end: String,
    extended_end: String,
}

pub fn generate(text: &str, out: &mut String) -> Result<(), DataError> {
    let file: LifecycleFile = parse(FILE, text)?;
    let mut seen = BTreeSet::new();
    out.push_str("pub static LIFECYCLES: &[Lifecycle] = &[\n");
    for v in &file.version {
        let at = At::new(FILE, format!("version {}", v.version));
        let version: Version = at.id(&v.version, "version")?;
        at.ensure(seen.insert(version), "appears twice")?;
        let (start, mainstream, extended) = (at.date(&v.start)?, at.date(&v.mainstream_end)?, at.date(&v.extended_end)?);
        at.ensure(start < mainstream && mainstream <= extended, "dates must run start < mainstream_end <= extended_end")?;
        at.page(&v.page)?;
        writeln!(
            out,
            "    Lifecycle {{ version: Version::{version:?}, page: {:?}, start: {}, mainstream_end: {}, extended_end: {} }},",
            v.page,
            emit::date(start),
            emit::date(mainstream),
            emit::date(extended)
        )
        .unwrap();
    }
    if let Some(missing) = Version::ALL.iter().find(|v| !seen.contains(v)) {
        return Err(At::new(FILE, "file").error(format!("no lifecycle for version {}", missing.id())));
    }
    out.push_str("];\n\n");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::tests::{edit, error};

    const VALID: &str = r#"
[[version]]
version = "2013"
page = "https://learn.microsoft.com/lifecycle/products/biztalk-server-2013"
start = "2013-06-12"
mainstream_end = "2018-07-10"
extended_end = "2023-07-11"

[[version]]
version = "2013r2"
page = "https://learn.microsoft.com/lifecycle/products/biztalk-server-2013-r2"
start = "2014-07-31"
mainstream_end = "2018-07-10"
extended_end = "2023-07-11"

[[version]]
version = "2016"
page = "https://learn.microsoft.com/lifecycle/products/biztalk-server-2016"
start = "2016-12-01"
mainstream_end = "2022-01-11"
extended_end = "2027-01-12"

[[version]]
version = "2020"
page = "https://learn.microsoft.com/lifecycle/products/biztalk-server-2020"
start = "2020-06-04"
mainstream_end = "2028-04-11"
extended_end = "2030-10-08"
"#;

    fn generate(text: &str) -> Result<String, DataError> {
        let mut out = String::new();
        super::generate(text, &mut out).map(|()| out)
    }

    #[test]
    fn a_valid_file_becomes_lifecycles() {
        let code = generate(VALID).unwrap();
        assert!(code.starts_with("pub static LIFECYCLES: &[Lifecycle] = &[\n    Lifecycle { version: Version::Bts2013, page: \"https://learn.microsoft.com/lifecycle/products/biztalk-server-2013\", start: Date::new(2013, 6, 12), mainstream_end: Date::new(2018, 7, 10), extended_end: Date::new(2023, 7, 11) },\n"), "{code}");
        assert_eq!(code.matches("    Lifecycle { ").count(), 4);
        assert!(code.ends_with(" },\n];\n\n"));
    }

    #[test]
    fn a_version_appears_once() {
        assert_eq!(
            error(generate(&edit(VALID, "version = \"2013r2\"", "version = \"2013\""))),
            "advisor/rules/data/lifecycle.toml: version 2013: appears twice"
        );
    }

    #[test]
    fn an_unknown_version_is_named() {
        assert_eq!(
            error(generate(&edit(VALID, "version = \"2013r2\"", "version = \"2013 R2\""))),
            "advisor/rules/data/lifecycle.toml: version 2013 R2: unknown version \"2013 R2\" (accepted: 2013, 2013r2, 2016, 2020)"
        );
    }

    #[test]
    fn a_date_is_a_real_day() {
        assert_eq!(
            error(generate(&edit(VALID, "2027-01-12", "2027-02-30"))),
            "advisor/rules/data/lifecycle.toml: version 2016: \"2027-02-30\" is not a real YYYY-MM-DD date"
        );
    }

    #[test]
    fn dates_run_forward() {
        assert_eq!(
            error(generate(&edit(VALID, "mainstream_end = \"2022-01-11\"", "mainstream_end = \"2027-01-13\""))),
            "advisor/rules/data/lifecycle.toml: version 2016: dates must run start < mainstream_end <= extended_end"
        );
        assert_eq!(
            error(generate(&edit(VALID, "start = \"2020-06-04\"", "start = \"2028-04-11\""))),
            "advisor/rules/data/lifecycle.toml: version 2020: dates must run start < mainstream_end <= extended_end"
        );
    }

    #[test]
    fn a_page_is_microsofts() {
        assert_eq!(
            error(generate(&edit(VALID, "https://learn.microsoft.com/lifecycle/products/biztalk-server-2020", "biztalk-server-2020"))),
            "advisor/rules/data/lifecycle.toml: version 2020: page \"biztalk-server-2020\" must name the Microsoft page the fact comes from (https://... or MicrosoftDocs/...)"
        );
    }

    #[test]
    fn every_version_has_a_lifecycle() {
        let without_2020 = &VALID[..VALID.find("[[version]]\nversion = \"2020\"").unwrap()];
        assert_eq!(error(generate(without_2020)), "advisor/rules/data/lifecycle.toml: file: no lifecycle for version 2020");
    }
}
