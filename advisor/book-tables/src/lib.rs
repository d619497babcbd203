//! The book's preprocessor: expands `{{#advisor-table ...}}` directives into HTML tables built
//! from the rules crate, so the book and the advisor read the same data and cannot disagree.
//!
//! Directives (one per line or inline, anywhere in a chapter):
//!
//! - `{{#advisor-table os 2016}}`, `{{#advisor-table sql 2020}}`, `{{#advisor-table edition 2016}}`:
//!   the operating-system, SQL Server or edition table of the documented upgrade to that version,
//!   with the rows, columns and order of Microsoft's guide. Several versions give several tables.
//! - `{{#advisor-table lifecycle}}`: the support lifecycle of every version.
//! - `{{#advisor-table requirements 2020}}`: what that target version needs of a computer
//!   (Windows, SQL Server and other software), from its requirements page.
//! - `{{#advisor-table sql-paths}}`: SQL Server's own in-place upgrade paths, as a matrix of the
//!   release you have (rows) and the version to upgrade to (columns).
//! - `{{#advisor-table sql-accepted}}`: the SQL Server versions each upgrade accepts at Setup:
//!   its table's "yes", its guide's versions to reach first, the target's requirements.
//! - `{{#advisor-table winscp}}`: the WinSCP version per BizTalk cumulative update.
//! - `{{#advisor-table updates 2020}}`: every update of that version in the update catalogue, with
//!   its KB, build, date, what it adds, WinSCP and confidence; what no source gives says so.
//! - `{{#advisor-prerender upgrade}}`, `{{#advisor-prerender hotfix}}`: the upgrade advisor or
//!   the hotfix planner as it first answers (no profile in the address), rendered to HTML by
//!   `bts_advisor_web::prerender` with the components the browser runs, as of the build's UTC
//!   date (`SOURCE_DATE_EPOCH` if set, for reproducible builds). The live app replaces it.
//! - `{{#advisor-timeline}}`: the support timeline picture (SVG) of every version, with a line
//!   for the day the site is built, drawn by the web advisor's own component
//!   (`bts_advisor_web::prerender::support_timeline`), so the book and the advisor show one picture.
//! - `\{{#advisor-... }}` is left in the text as written, without the backslash.
//!
//! A directive this crate does not understand stops the build with a message naming the chapter.
//! The xtask registers [`AdvisorTables`] with mdBook programmatically (there is no binary).

use std::fmt::Write as _;

use bts_advisor_web::html::escape;
use bts_rules::{
    Date, DocumentedUpgrade, Edition, Lifecycle, SqlRelease, Support, TargetPlatform, UpdateKind, UpdateVersion, Version, data,
};
use mdbook_preprocessor::book::{Book, BookItem, Chapter};
use mdbook_preprocessor::errors::{Error, Result};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

const OPEN: &str = "{{#advisor-";
const TABLE_USAGE: &str = "expected {{#advisor-table os|sql|edition|requirements 2016|2020}}, {{#advisor-table updates 2013|2013r2|2016|2020}} or {{#advisor-table lifecycle|sql-paths|sql-accepted|winscp}}";
const PRERENDER_USAGE: &str = "expected {{#advisor-prerender upgrade|hotfix}}";
const TIMELINE_USAGE: &str = "expected {{#advisor-timeline}}";
const DIRECTIVES: &str = "expected {{#advisor-table ...}}, {{#advisor-prerender ...}} or {{#advisor-timeline}}";

/// What to write after an error in `directive`.
fn usage(directive: &str) -> &'static str {
    match directive {
        "advisor-table" => TABLE_USAGE,
        "advisor-prerender" => PRERENDER_USAGE,
        "advisor-timeline" => TIMELINE_USAGE,
        _ => DIRECTIVES,
    }
}

/// The mdBook preprocessor. Its name in book.toml and in messages is `advisor-tables`.
#[derive(Debug, Default, Clone, Copy)]
pub struct AdvisorTables;

impl Preprocessor for AdvisorTables {
    fn name(&self) -> &str {
        "advisor-tables"
    }

    fn run(&self, _ctx: &PreprocessorContext, mut book: Book) -> Result<Book> {
        let mut failure = None;
        book.for_each_mut(|item| {
            if failure.is_some() {
                return;
            }
            if let BookItem::Chapter(chapter) = item {
                match expand(&chapter.content) {
                    Ok(content) => chapter.content = content,
                    Err(message) => failure = Some(format!("{}: {message}", chapter_name(chapter))),
                }
            }
        });
        match failure {
            Some(message) => Err(Error::msg(message)),
            None => Ok(book),
        }
    }
}

fn chapter_name(chapter: &Chapter) -> String {
    match &chapter.source_path {
        Some(path) => format!("chapter \"{}\" ({})", chapter.name, path.display()),
        None => format!("chapter \"{}\"", chapter.name),
    }
}

/// Replaces every directive in `text` with its HTML. The error says which directive is wrong and
/// on which line; the caller adds the chapter.
pub fn expand(text: &str) -> std::result::Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(OPEN) {
        let escaped = rest[..at].ends_with('\\');
        out.push_str(&rest[..if escaped { at - 1 } else { at }]);
        let line = text[..text.len() - rest.len() + at].matches('\n').count() + 1;
        // `{{#advisor-table os 2016}}`: the name runs from `advisor-` to the first space or `}}`.
        let after = &rest[at + 3..];
        let name_len = after.find(|c: char| c.is_whitespace() || c == '}').unwrap_or(after.len());
        let name = &after[..name_len];
        let Some(close) = after.find("}}") else {
            return Err(format!("line {line}: `{{{{#{name}` is never closed with `}}}}`; {}", usage(name)));
        };
        let directive = &rest[at..at + 3 + close + 2];
        if escaped {
            out.push_str(directive);
        } else {
            let args: Vec<&str> = after[name_len.min(close)..close].split_whitespace().collect();
            let html = render(name, &args).map_err(|why| format!("line {line}: `{directive}`: {why}; {}", usage(name)))?;
            out.push_str(&html);
        }
        rest = &rest[at + directive.len()..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The HTML for one directive (`advisor-table`, `advisor-prerender`) and its arguments.
pub fn render(directive: &str, args: &[&str]) -> std::result::Result<String, String> {
    match (directive, args) {
        ("advisor-prerender", ["upgrade"]) => Ok(prerendered(bts_advisor_web::prerender::upgrade(build_date()?))),
        ("advisor-prerender", ["hotfix"]) => Ok(prerendered(bts_advisor_web::prerender::hotfix(build_date()?))),
        ("advisor-prerender", []) => Err("no advisor named".into()),
        ("advisor-prerender", [other]) => Err(format!("unknown advisor \"{other}\"")),
        ("advisor-prerender", _) => Err("one advisor per directive".into()),
        ("advisor-timeline", []) => Ok(format!("\n\n{}\n\n", bts_advisor_web::prerender::support_timeline(build_date()?))),
        ("advisor-timeline", _) => Err("the timeline takes no arguments".into()),
        ("advisor-table", args) => table(args),
        (other, _) => Err(format!("unknown directive \"{other}\"")),
    }
}

/// The build's UTC date: `SOURCE_DATE_EPOCH` (seconds since 1970, as reproducible builds set it)
/// or else the system clock. The prerendered lifecycle sentences are told as of this day.
fn build_date() -> std::result::Result<Date, String> {
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => text
            .trim()
            .parse::<i64>()
            .map_err(|_| format!("SOURCE_DATE_EPOCH={text:?} is not a whole number of seconds since 1970-01-01"))?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|_| "the system clock is before 1970-01-01".to_string())?
            .as_secs() as i64,
    };
    Ok(Date::from_day_number(seconds.div_euclid(86_400)))
}

/// Prerendered markup as one HTML block for Markdown: blank lines around it, and no blank line
/// inside (a step's code block could hold one, and it would end the block). A newline in text or
/// an attribute value is the same character as `&#10;`; Leptos writes none inside a tag.
fn prerendered(html: String) -> String {
    format!("\n\n{}\n\n", html.replace('\n', "&#10;"))
}

/// The table(s) for one `advisor-table` directive's arguments.
pub fn table(args: &[&str]) -> std::result::Result<String, String> {
    match args {
        [] => Err("no table named".into()),
        ["lifecycle"] => Ok(lifecycle_table()),
        ["sql-paths"] => Ok(sql_paths_table()),
        ["sql-accepted"] => Ok(sql_accepted_table()),
        ["winscp"] => Ok(winscp_table()),
        [kind @ ("lifecycle" | "sql-paths" | "sql-accepted" | "winscp"), ..] => Err(format!("the {kind} table takes no version")),
        ["requirements", versions @ ..] if !versions.is_empty() => versions
            .iter()
            .map(|v| {
                Version::from_id(v)
                    .and_then(TargetPlatform::of)
                    .map(requirements_table)
                    .ok_or_else(|| format!("no requirements for version \"{v}\""))
            })
            .collect(),
        ["requirements"] => Err("the requirements table needs the target version".into()),
        ["updates", versions @ ..] if !versions.is_empty() => versions
            .iter()
            .map(|v| {
                Version::from_id(v).map(|v| updates_table(UpdateVersion::of(v))).ok_or_else(|| format!("no updates for version \"{v}\""))
            })
            .collect(),
        ["updates"] => Err("the updates table needs the version".into()),
        [kind @ ("os" | "sql" | "edition"), versions @ ..] => {
            if versions.is_empty() {
                return Err(format!("the {kind} table needs the target version"));
            }
            let mut html = String::new();
            for version in versions {
                let upgrade = Version::from_id(version)
                    .and_then(DocumentedUpgrade::to)
                    .ok_or_else(|| format!("no documented upgrade ends in version \"{version}\""))?;
                html.push_str(&match *kind {
                    "os" => os_table(upgrade),
                    "sql" => sql_table(upgrade),
                    _ => edition_table(upgrade),
                });
            }
            Ok(html)
        }
        [other, ..] => Err(format!("unknown table \"{other}\"")),
    }
}

/// "BizTalk Server 2013 R2 or BizTalk Server 2013"
fn from_names(upgrade: &DocumentedUpgrade) -> String {
    upgrade.from.iter().map(|v| v.label()).collect::<Vec<_>>().join(" or ")
}

fn cell(support: Support) -> String {
    format!("<td data-support=\"{}\">{}</td>", support.id(), support.label())
}

fn open_table(out: &mut String, name: &str, caption: &str, first: &str, columns: impl Iterator<Item = String>) {
    // Blank lines around the block keep mdBook from wrapping it in a paragraph.
    let _ = write!(out, "\n\n<table class=\"advisor-table\" data-table=\"{name}\">\n<caption>{caption}</caption>\n");
    let _ = write!(out, "<thead><tr><th scope=\"col\">{first}</th>");
    for column in columns {
        let _ = write!(out, "<th scope=\"col\">{column}</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
}

fn row(out: &mut String, key: &str, label: &str, cells: &[Support]) {
    let _ = write!(out, "<tr data-row=\"{key}\"><th scope=\"row\">{label}</th>");
    for support in cells {
        out.push_str(&cell(*support));
    }
    out.push_str("</tr>\n");
}

const CLOSE_TABLE: &str = "</tbody>\n</table>\n\n";

fn os_table(upgrade: &DocumentedUpgrade) -> String {
    let caption = format!("Operating system of {} and the upgrade to {}", from_names(upgrade), upgrade.to.label());
    let rows = upgrade.os.iter().map(|(os, cells)| (os.id(), os.label(), *cells));
    support_table(upgrade, "os", &caption, "Operating system", from_columns(upgrade), rows)
}

fn sql_table(upgrade: &DocumentedUpgrade) -> String {
    let caption = format!("SQL Server of {} and the upgrade to {}", from_names(upgrade), upgrade.to.label());
    let rows = upgrade.sql.iter().map(|(sql, cells)| (sql.id(), sql.label(), *cells));
    support_table(upgrade, "sql", &caption, "SQL Server", from_columns(upgrade), rows)
}

fn edition_table(upgrade: &DocumentedUpgrade) -> String {
    let target = upgrade.to.label();
    let caption = format!("Editions: rows are the edition of {} you have, columns the {target} edition", from_names(upgrade));
    let columns = Edition::ALL.iter().map(|e| format!("{target} {} Edition", e.label()));
    let rows = upgrade.editions.iter().map(|(edition, cells)| (edition.id(), edition.label(), *cells));
    support_table(upgrade, "edition", &caption, "Current edition", columns, rows)
}

/// One column per version the upgrade starts from.
fn from_columns(upgrade: &DocumentedUpgrade) -> impl Iterator<Item = String> {
    upgrade.from.iter().map(|v| v.label().to_string())
}

/// A compatibility table of `upgrade`, named `<kind>-<target id>`, one row per (key, label, cells).
fn support_table<'a>(
    upgrade: &DocumentedUpgrade,
    kind: &str,
    caption: &str,
    first: &str,
    columns: impl Iterator<Item = String>,
    rows: impl Iterator<Item = (&'a str, &'a str, &'a [Support])>,
) -> String {
    let mut out = String::new();
    open_table(&mut out, &format!("{kind}-{}", upgrade.to.id()), caption, first, columns);
    for (key, label, cells) in rows {
        row(&mut out, key, label, cells);
    }
    out.push_str(CLOSE_TABLE);
    out
}

fn lifecycle_table() -> String {
    let mut out = String::new();
    open_table(
        &mut out,
        "lifecycle",
        "Support lifecycle of BizTalk Server (Microsoft fixed lifecycle policy)",
        "Version",
        ["Lifecycle start", "Mainstream support ends", "Extended support ends", "Source"].iter().map(|c| c.to_string()),
    );
    for Lifecycle { version, page, start, mainstream_end, extended_end } in data::LIFECYCLES {
        let _ = writeln!(
            out,
            "<tr data-row=\"{}\"><th scope=\"row\">{}</th><td>{start}</td><td>{mainstream_end}</td><td>{extended_end}</td><td><a href=\"{page}\">Microsoft lifecycle page</a></td></tr>",
            version.id(),
            version.label(),
        );
    }
    out.push_str(CLOSE_TABLE);
    out
}

fn requirements_table(platform: &TargetPlatform) -> String {
    let mut out = String::new();
    let caption = format!("What {} needs of a computer (Microsoft's hardware and software requirements page)", platform.version.label());
    let columns = ["Supported versions", "Needed"].iter().map(|c| c.to_string());
    open_table(&mut out, &format!("requirements-{}", platform.version.id()), &caption, "Software", columns);
    let os = escape(&platform.os_names().join("; "));
    let sql = escape(&platform.sql_names().join("; "));
    let _ = writeln!(out, "<tr data-row=\"os\"><th scope=\"row\">Windows</th><td>{os}</td><td>Required</td></tr>");
    let _ = writeln!(out, "<tr data-row=\"sql\"><th scope=\"row\">SQL Server</th><td>{sql}</td><td>Required</td></tr>");
    for software in platform.software {
        let note = software.note.map(|n| format!(" {}", escape(n))).unwrap_or_default();
        let needed = match (software.required, software.used_for) {
            (true, None) => "Required".to_string(),
            (true, Some(on)) => format!("Required on {}", escape(on)),
            (false, Some(what)) => format!("Optional: for {}", escape(what)),
            (false, None) => "Optional".to_string(),
        };
        let _ = writeln!(
            out,
            "<tr data-row=\"{}\"><th scope=\"row\">{}</th><td>{}{note}</td><td>{needed}</td></tr>",
            escape(software.name),
            escape(software.name),
            escape(&software.versions.join("; ")),
        );
    }
    out.push_str(CLOSE_TABLE);
    let _ = writeln!(out, "Source: [Hardware and Software Requirements for {}]({}).\n", platform.version.label(), platform.page);
    out
}

fn sql_paths_table() -> String {
    let mut out = String::new();
    let columns = data::SQL_UPGRADE_PATHS.iter().map(|p| format!("To {}", p.to.label()));
    open_table(
        &mut out,
        "sql-paths",
        "SQL Server's in-place upgrades: the minimum service pack of the version you have (\"any\": none; \"no\": no in-place path; \"-\": not an upgrade)",
        "From",
        columns,
    );
    for release in SqlRelease::ALL.iter().filter(|r| data::SQL_UPGRADE_PATHS.iter().any(|p| p.to.release() > **r)) {
        let _ = write!(out, "<tr data-row=\"{}\"><th scope=\"row\">{}</th>", release.id(), release.label());
        for path in data::SQL_UPGRADE_PATHS {
            let cell = match path.from.iter().find(|(r, _)| r == release) {
                _ if path.to.release() <= *release => "-".to_string(),
                Some((_, 0)) => "any".to_string(),
                Some((_, sp)) => format!("SP{sp}"),
                None => "no".to_string(),
            };
            let _ = write!(out, "<td>{cell}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str(CLOSE_TABLE);
    out
}

fn sql_accepted_table() -> String {
    let mut out = String::new();
    let columns = ["The table says \"Yes\"", "Also accepted (the guide's versions to reach first)", "The target's requirements list"];
    open_table(
        &mut out,
        "sql-accepted",
        "SQL Server versions each upgrade accepts at Setup",
        "Upgrade",
        columns.iter().map(|c| c.to_string()),
    );
    for upgrade in data::DOCUMENTED_UPGRADES {
        let from = upgrade.from[0];
        let table: Vec<&str> = upgrade.supported_sql(from).map(|s| s.label()).collect();
        let reach: Vec<&str> = upgrade.sql_reach_first.iter().map(|s| s.label()).collect();
        let required = TargetPlatform::of(upgrade.to).map(|p| escape(&p.sql_names().join("; "))).unwrap_or_default();
        let _ = writeln!(
            out,
            "<tr data-row=\"{}\"><th scope=\"row\">{} to {}</th><td>{}</td><td>{}</td><td>{required}</td></tr>",
            upgrade.to.id(),
            from.label(),
            upgrade.to.label(),
            table.join(", "),
            reach.join(", ")
        );
    }
    out.push_str(CLOSE_TABLE);
    out
}

fn winscp_table() -> String {
    let mut out = String::new();
    let columns = ["Cumulative update", "WinSCP version"].iter().map(|c| c.to_string());
    open_table(&mut out, "winscp", "The WinSCP version the SFTP adapter needs, per cumulative update", "BizTalk Server", columns);
    for row in data::WINSCP_VERSIONS {
        let _ = writeln!(
            out,
            "<tr data-row=\"{}-{}\"><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
            row.biztalk.id(),
            escape(row.updates).replace(' ', "-"),
            row.biztalk.label(),
            escape(row.updates),
            row.winscp
        );
    }
    out.push_str(CLOSE_TABLE);
    out
}

/// One version's updates: every package in release order, what no source gives written as such.
fn updates_table(version: &UpdateVersion) -> String {
    let mut out = String::new();
    let columns = ["KB", "Build", "Released", "What it adds", "WinSCP (SFTP adapter)", "Confidence", "Notes"];
    let caption = format!("Updates of {}", version.version.label());
    open_table(&mut out, &format!("updates-{}", version.version.id()), &caption, "Update", columns.iter().map(|c| c.to_string()));
    const NOT_FOUND: &str = "<span class=\"not-found\">not found</span>";
    for u in version.updates {
        // A value the sources dispute is shown with the doubt; the note says why.
        let doubt = |field: &str, text: String| {
            if u.uncertain.contains(&field) { format!("{text} <strong class=\"uncertain\">(in doubt)</strong>") } else { text }
        };
        // The release itself has no KB article.
        let no_kb = if u.kind == UpdateKind::Rtm { "n/a" } else { NOT_FOUND };
        let kb = u.kb.map_or(no_kb.to_string(), |kb| {
            let alternates: String = u.alternate_kbs.iter().map(|a| format!(" (also {a})")).collect();
            doubt("kb", format!("{kb}{}", doubt("alternate_kbs", alternates)).trim_end().to_string())
        });
        let build = u.build.map_or(NOT_FOUND.to_string(), |b| doubt("build", format!("<code>{b}</code>")));
        let released = u.released.map_or(NOT_FOUND.to_string(), |d| {
            let kind = match u.released_kind {
                Some("download-center-published") => "Download Center",
                Some("announcement-date") => "announcement",
                Some("third-party-release-date") => "third-party blog",
                _ => "community list",
            };
            doubt("released", format!("{d} ({kind})"))
        });
        let adds = if u.adds.is_empty() { String::new() } else { escape(&u.adds.join("; ")) };
        let winscp = match (u.winscp, u.is_level()) {
            (Some(w), _) => w.to_string(),
            (None, true) if matches!(version.version, Version::Bts2013 | Version::Bts2013R2) => "not used".to_string(),
            (None, true) => NOT_FOUND.to_string(),
            (None, false) => String::new(),
        };
        let confidence = match u.confidence {
            Some(c) => {
                let mut label = c.id().to_string();
                label[..1].make_ascii_uppercase();
                label
            }
            None => "Unknown".to_string(),
        };
        let _ = writeln!(
            out,
            "<tr data-row=\"{}\"><th scope=\"row\">{}</th><td>{kb}</td><td>{build}</td><td>{released}</td><td>{adds}</td><td>{winscp}</td><td>{confidence}</td><td>{}</td></tr>",
            u.id,
            escape(u.name),
            u.note.map(escape).unwrap_or_default()
        );
    }
    out.push_str(CLOSE_TABLE);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use mdbook_preprocessor::config::Config;

    /// The text of every `<tr>` of a rendered table, as (row key, [cell texts]).
    fn rows(html: &str) -> Vec<(String, Vec<String>)> {
        html.split("<tr data-row=\"")
            .skip(1)
            .map(|tr| {
                let key = tr[..tr.find('"').unwrap()].to_string();
                let body = &tr[..tr.find("</tr>").unwrap()];
                let cells = body
                    .split("<td")
                    .skip(1)
                    .map(|td| {
                        let start = td.find('>').unwrap() + 1;
                        td[start..td.find("</td>").unwrap()].to_string()
                    })
                    .collect();
                (key, cells)
            })
            .collect()
    }

    fn header(html: &str) -> Vec<String> {
        let head = &html[html.find("<thead>").unwrap()..html.find("</thead>").unwrap()];
        head.split("<th scope=\"col\">").skip(1).map(|th| th[..th.find("</th>").unwrap()].to_string()).collect()
    }

    #[test]
    fn compatibility_tables_carry_every_cell_of_the_rules_in_order() {
        for upgrade in data::DOCUMENTED_UPGRADES {
            let to = upgrade.to.id();
            type Rows = Vec<(&'static str, &'static [Support])>;
            let tables: [(&str, Rows); 3] = [
                ("os", upgrade.os.iter().map(|(k, c)| (k.id(), *c)).collect()),
                ("sql", upgrade.sql.iter().map(|(k, c)| (k.id(), *c)).collect()),
                ("edition", upgrade.editions.iter().map(|(k, c)| (k.id(), *c)).collect()),
            ];
            for (kind, expected) in tables {
                let html = table(&[kind, to]).unwrap();
                assert!(html.contains(&format!("data-table=\"{kind}-{to}\"")), "{kind} {to}");
                let got = rows(&html);
                assert_eq!(got.len(), expected.len(), "{kind} {to}: row count");
                for ((key, cells), (want_key, want_cells)) in got.iter().zip(&expected) {
                    assert_eq!(key, want_key, "{kind} {to}: row order");
                    let want: Vec<&str> = want_cells.iter().map(|s| s.label()).collect();
                    assert_eq!(cells, &want, "{kind} {to} row {key}");
                    assert!(cells.iter().all(|c| c == "Yes" || c == "No"), "{kind} {to}: cells are Yes/No");
                }
                let columns = header(&html);
                let width = if kind == "edition" { Edition::ALL.len() } else { upgrade.from.len() };
                assert_eq!(columns.len(), width + 1, "{kind} {to}: columns");
            }
        }
    }

    #[test]
    fn column_headers_follow_the_guides() {
        let html = table(&["os", "2016"]).unwrap();
        assert_eq!(header(&html), ["Operating system", "BizTalk Server 2013 R2", "BizTalk Server 2013"]);
        let html = table(&["edition", "2020"]).unwrap();
        assert_eq!(
            header(&html)[1..],
            [
                "BizTalk Server 2020 Evaluation Edition",
                "BizTalk Server 2020 Branch Edition",
                "BizTalk Server 2020 Developer Edition",
                "BizTalk Server 2020 Standard Edition",
                "BizTalk Server 2020 Enterprise Edition"
            ]
        );
        // Rows are labelled the way administrators know them.
        assert!(html.contains("<th scope=\"row\">Developer</th>"));
        let html = table(&["sql", "2020"]).unwrap();
        assert!(html.contains("<th scope=\"row\">SQL Server 2016</th>"));
    }

    #[test]
    fn sql_paths_and_requirements_tables_come_from_the_rules() {
        let got = rows(&table(&["sql-paths"]).unwrap());
        let sql_2012 = got.iter().find(|(k, _)| k == "2012").expect("a SQL Server 2012 row");
        assert_eq!(sql_2012.1, ["SP1", "SP2", "SP2", "SP4", "SP4"], "2012 needs SP1 for 2014, SP2 for 2016/2017, SP4 for 2019/2022");
        let sql_2017 = got.iter().find(|(k, _)| k == "2017").unwrap();
        assert_eq!(sql_2017.1, ["-", "-", "-", "any", "any"]);
        for path in data::SQL_UPGRADE_PATHS {
            for (release, sp) in path.from {
                let row = got.iter().find(|(k, _)| k == release.id()).unwrap();
                let column = data::SQL_UPGRADE_PATHS.iter().position(|p| p == path).unwrap();
                assert_eq!(row.1[column], if *sp == 0 { "any".to_string() } else { format!("SP{sp}") });
            }
        }
        for platform in data::TARGET_PLATFORMS {
            let html = table(&["requirements", platform.version.id()]).unwrap();
            let got = rows(&html);
            assert_eq!(got.len(), 2 + platform.software.len());
            for (os, _) in platform.os {
                assert!(got[0].1[0].contains(os.label()), "{}", os.label());
            }
            assert!(html.contains(platform.page));
        }
        let winscp = rows(&table(&["winscp"]).unwrap());
        assert_eq!(winscp.len(), data::WINSCP_VERSIONS.len());
        assert!(winscp.iter().any(|(k, cells)| k == "2020-CU6" && cells[1] == "6.3.5"));
        assert!(table(&["requirements"]).is_err() && table(&["winscp", "2020"]).is_err());
    }

    #[test]
    fn update_tables_list_every_update_and_say_what_is_not_known() {
        let html = table(&["updates", "2020"]).unwrap();
        let got = rows(&html);
        let ids: Vec<&str> = got.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(ids, ["rtm", "cu1", "cu2", "cu3", "cu4", "cu5", "cu6", "cu7"]);
        assert_eq!(got[0].1[0], "n/a", "the release has no KB article");
        let cu6 = &got[6].1;
        assert_eq!(
            (cu6[0].as_str(), cu6[1].as_str(), cu6[4].as_str(), cu6[5].as_str()),
            ("5043408 (also 5048971) <strong class=\"uncertain\">(in doubt)</strong>", "<code>3.13.895.0</code>", "6.3.5", "Microsoft")
        );
        assert!(cu6[3].contains("Windows Server 2022") && cu6[2].starts_with("2024-11-21 (Download Center)"));
        // Announced: KB and build not found, never guessed.
        let cu7 = &got[7].1;
        assert_eq!(
            (cu7[0].as_str(), cu7[1].as_str(), cu7[5].as_str()),
            ("<span class=\"not-found\">not found</span>", "<span class=\"not-found\">not found</span>", "Announced")
        );
        // The disputed CU4 date is marked.
        assert!(got[4].1[2].contains("(in doubt)"));
        let v2016 = rows(&table(&["updates", "2016"]).unwrap());
        assert!(v2016.iter().any(|(k, cells)| k == "cu9-fp3" && cells[1] == "<code>3.13.357.2</code>"));
        let v2013 = rows(&table(&["updates", "2013"]).unwrap());
        assert!(v2013.iter().all(|(_, cells)| cells[4] == "not used"), "2013 uses no WinSCP");
        assert!(table(&["updates"]).is_err() && table(&["updates", "2010"]).is_err());
    }

    #[test]
    fn lifecycle_table_has_every_version_with_its_dates() {
        let html = table(&["lifecycle"]).unwrap();
        let got = rows(&html);
        assert_eq!(got.len(), data::LIFECYCLES.len());
        for (lifecycle, (key, cells)) in data::LIFECYCLES.iter().zip(&got) {
            assert_eq!(key, lifecycle.version.id());
            assert_eq!(cells[0], lifecycle.start.to_string());
            assert_eq!(cells[1], lifecycle.mainstream_end.to_string());
            assert_eq!(cells[2], lifecycle.extended_end.to_string());
            assert!(html.contains(lifecycle.page), "{key}: the lifecycle page is linked");
            assert!(cells[3].contains("Microsoft lifecycle page"), "{key}");
        }
        assert!(got.iter().any(|(key, cells)| key == "2020" && cells[2] == "2030-04-09"));
    }

    #[test]
    fn expand_replaces_directives_and_keeps_the_rest() {
        let text = "# Title\n\nBefore.\n\n{{#advisor-table sql 2020}}\n\nAfter {{#advisor-table lifecycle}} end.\n";
        let out = expand(text).unwrap();
        assert!(out.starts_with("# Title\n\nBefore.\n\n"));
        assert!(out.contains("data-table=\"sql-2020\""));
        assert!(out.contains("data-table=\"lifecycle\""));
        assert!(out.trim_end().ends_with("end."));
        assert!(!out.contains("{{#advisor-table"));
        // Several versions give one table each.
        let both = expand("{{#advisor-table os 2016 2020}}").unwrap();
        assert!(both.contains("data-table=\"os-2016\"") && both.contains("data-table=\"os-2020\""));
        // Text without directives is untouched.
        assert_eq!(expand("plain {{#include x.md}} text").unwrap(), "plain {{#include x.md}} text");
    }

    #[test]
    fn the_timeline_directive_draws_every_version_up_to_the_build_date() {
        let out = expand("Before.\n\n{{#advisor-timeline}}\n\nAfter.").unwrap();
        assert!(out.contains("<svg ") && !out.contains("{{#advisor-timeline"), "{out}");
        assert_eq!(out.matches("class=\"bts-tl-row\"").count(), data::LIFECYCLES.len());
        assert!(out.contains(&format!("Site built: {}", build_date().unwrap())));
        assert!(expand("{{#advisor-timeline 2016}}").unwrap_err().contains("takes no arguments"));
    }

    #[test]
    fn escaped_directive_stays_as_text() {
        let out = expand("Write \\{{#advisor-table os 2016}} in a chapter.").unwrap();
        assert_eq!(out, "Write {{#advisor-table os 2016}} in a chapter.");
    }

    #[test]
    fn bad_directives_are_errors_that_say_what_is_wrong() {
        for (text, needle) in [
            ("a\n\n{{#advisor-table colours 2016}}", "unknown table \"colours\""),
            ("{{#advisor-table os 2013}}", "no documented upgrade ends in version \"2013\""),
            ("{{#advisor-table os 2030}}", "\"2030\""),
            ("{{#advisor-table os}}", "needs the target version"),
            ("{{#advisor-table}}", "no table named"),
            ("{{#advisor-table lifecycle 2016}}", "takes no version"),
            ("{{#advisor-table os 2016", "never closed"),
        ] {
            let err = expand(text).unwrap_err();
            assert!(err.contains(needle), "{text:?} -> {err}");
            assert!(err.contains("expected {{#advisor-table"), "{err}");
        }
        assert!(expand("a\nb\n{{#advisor-table nope}}").unwrap_err().starts_with("line 3:"));
    }

    #[test]
    fn unknown_directive_fails_the_book_naming_the_chapter() {
        let good = Chapter::new("Compatibility", "{{#advisor-table os 2020}}".into(), "compatibility.md", vec![]);
        let bad = Chapter::new("Planning", "\n{{#advisor-table nonsense}}".into(), "planning.md", vec![]);
        let ctx = PreprocessorContext::new(".".into(), Config::default(), "html".into());

        let book = Book::new_with_items(vec![BookItem::Chapter(good.clone())]);
        let out = AdvisorTables.run(&ctx, book).unwrap();
        let chapter = out.chapters().next().unwrap();
        assert!(chapter.content.contains("data-table=\"os-2020\""));

        let book = Book::new_with_items(vec![BookItem::Chapter(good), BookItem::Chapter(bad)]);
        let err = AdvisorTables.run(&ctx, book).unwrap_err().to_string();
        assert!(err.contains("chapter \"Planning\" (planning.md)"), "{err}");
        assert!(err.contains("unknown table \"nonsense\""), "{err}");
    }

    #[test]
    fn prerender_directive_inserts_each_advisor_as_one_html_block() {
        for (kind, verdict) in [("upgrade", "id=\"upgrade-verdict\""), ("hotfix", "id=\"hotfix-package\"")] {
            let out = expand(&format!("Before.\n\n{{{{#advisor-prerender {kind}}}}}\n\nAfter.")).unwrap();
            assert!(out.contains(verdict), "{kind}: {out}");
            assert!(out.contains(" inert"), "{kind}: the prerendered form is inert");
            let block = out.trim_start_matches("Before.").trim().trim_end_matches("After.").trim();
            assert!(!block.contains("\n\n"), "{kind}: a blank line would end the HTML block early");
        }
        for (text, needle) in [
            ("{{#advisor-prerender}}", "no advisor named"),
            ("{{#advisor-prerender planner}}", "unknown advisor \"planner\""),
            ("{{#advisor-prerender upgrade hotfix}}", "one advisor per directive"),
            ("{{#advisor-colours}}", "unknown directive \"advisor-colours\""),
        ] {
            let err = expand(text).unwrap_err();
            assert!(err.contains(needle), "{text:?} -> {err}");
        }
        assert!(expand("{{#advisor-prerender hotfix}}").is_ok());
        assert!(expand("{{#advisor-prerender nope}}").unwrap_err().contains("expected {{#advisor-prerender upgrade|hotfix}}"));
    }

    #[test]
    fn build_date_follows_source_date_epoch() {
        // 2026-12-02T12:00:00Z
        // SAFETY: no other test of this crate reads or writes the environment.
        unsafe { std::env::set_var("SOURCE_DATE_EPOCH", "1796212800") };
        let date = build_date();
        unsafe { std::env::remove_var("SOURCE_DATE_EPOCH") };
        assert_eq!(date.unwrap().to_string(), "2026-12-02");
    }
}
