//! Small pieces of presentation that do not need a browser: links, dates, headings and the
//! sentences announced to screen readers.

use bts_rules::{
    Date, Edition, FeatureGroup, HotfixReport, SqlEdition, SqlLevel, SqlServer, Support, UpgradeProfile, UpgradeReport, Verdict, Version,
    Vocabulary,
};

use crate::progress::{Done, count_done};
use crate::share::MAX_SERVERS;

/// The options of a select: `(value, label)`.
pub type Options = Vec<(&'static str, String)>;

/// Every value of a vocabulary, as options.
pub fn labelled<T: Vocabulary>(values: &[T]) -> Options {
    values
        .iter()
        .map(|v| (v.id(), v.label().to_string()))
        .collect()
}

/// The target versions newer than the current one.
pub fn upgrade_to_options(profile: &UpgradeProfile) -> Options {
    let newer: Vec<Version> = Version::TARGETS
        .iter()
        .copied()
        .filter(|t| *t > profile.from)
        .collect();
    labelled(&newer)
}

/// "Any" first, then the editions the route can reach. A chosen edition it cannot reach stays
/// listed and marked, so a shared link shows what it asked for and the edition check explains.
pub fn upgrade_to_edition_options(profile: &UpgradeProfile, report: &UpgradeReport) -> Options {
    let mut items = vec![("", "Any edition the upgrade can reach".to_string())];
    items.extend(
        report
            .target_editions
            .iter()
            .map(|e| (e.id(), e.label().to_string())),
    );
    if let Some(wanted) = profile
        .to_edition
        .filter(|e| !report.target_editions.contains(e))
    {
        items.push((wanted.id(), format!("{} (not reachable from {})", wanted.label(), profile.edition.label())));
    }
    items
}

/// "Let the advisor propose" first, then the SQL Server versions not older than the present one
/// (a downgrade is not an in-place move).
pub fn upgrade_sql_target_options(profile: &UpgradeProfile) -> Options {
    let mut items = vec![("", "As now, or as the advisor proposes".to_string())];
    items.extend(
        labelled(SqlServer::ALL)
            .into_iter()
            .filter(|(id, _)| SqlServer::from_id(id).is_some_and(|s| !s.is_older_than(profile.sql))),
    );
    items
}

/// The service packs `sql` can be at, as the form offers them: none for SQL Server 2017 and later
/// (cumulative updates only), the one a value names (`sql-server-2012-sp1`), else RTM up to the
/// release's last service pack. The same levels the command line accepts for `sql_level`.
pub fn sql_levels(sql: SqlServer) -> &'static [SqlLevel] {
    let range = match (sql.release().last_service_pack(), sql.service_pack()) {
        (None, _) => 0..0,
        (_, Some(named)) => usize::from(named)..usize::from(named) + 1,
        (Some(last), None) => 0..usize::from(last) + 1,
    };
    SqlLevel::ALL.get(range).unwrap_or_default()
}

/// "Not known" first (or, for SQL Server 2017 and later, that there are no service packs), then
/// the service packs the chosen SQL Server had.
pub fn upgrade_sql_level_options(profile: &UpgradeProfile) -> Options {
    let first = if profile.sql.release().last_service_pack().is_none() { "None: cumulative updates only" } else { "Not known" };
    let mut items = vec![("", first.to_string())];
    items.extend(labelled(sql_levels(profile.sql)));
    items
}

/// "Not known" first, then every SQL Server edition.
pub fn upgrade_sql_edition_options() -> Options {
    let mut items = vec![("", "Not known".to_string())];
    items.extend(labelled(SqlEdition::ALL));
    items
}

/// The current value of an optional select ("" for none).
pub fn edition_or_any(edition: Option<Edition>) -> &'static str {
    edition.map_or("", Edition::id)
}

/// The message under the server count while `raw` is not a usable number: why it is refused,
/// and the count the plan keeps until then.
pub fn servers_error(raw: &str, used: u32) -> String {
    let raw = raw.trim();
    // Read by hand: parsing it as a float would bring float parsing into the WASM (SIZE.md).
    let digits = raw.strip_prefix('-').unwrap_or(raw);
    let numeric = !digits.is_empty()
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'e' || b == b'E');
    let why = if raw.is_empty() {
        "The number of computers is empty or not a number.".to_string()
    } else if !numeric {
        format!("{raw} is not a number.")
    } else if raw.starts_with('-') && digits.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        format!("{raw} is below zero: a group cannot have fewer than 1 computer.")
    } else if !digits.bytes().all(|b| b.is_ascii_digit()) {
        format!("{raw} is not a whole number: count the computers.")
    } else if digits.bytes().all(|b| b == b'0') {
        "0 computers is not a group: a group has at least 1.".to_string()
    } else {
        format!("{raw} is more than the planner plans for ({MAX_SERVERS}).")
    };
    format!("{why} Enter a whole number from 1 to {MAX_SERVERS}; until then the plan is for {used}.")
}

/// "BizTalk Server 2020: 1,200 days of support left" (extended support), or that it has ended.
pub fn support_left(version: Version, extended_end: Date, today: Date) -> String {
    let days = extended_end.days_since(today);
    match days {
        d if d < 0 => format!("{}: support has ended", version.label()),
        1 => format!("{}: 1 day of support left", version.label()),
        d => format!("{}: {} days of support left", version.label(), thousands(d)),
    }
}

/// 1200 as "1,200".
fn thousands(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Whether a step's code (a code span or block of its detail) is something to run or paste, and
/// so gets a copy button: a block (a configuration snippet), a command line (a program or script
/// with arguments, a query) or a stored procedure. Names of databases, files, services and error
/// messages stay in the step's text only: a copy button beside them only repeats them.
pub fn is_command(code: &str) -> bool {
    if code.contains('\n') {
        return true;
    }
    // The program: up to the closing quote of a quoted path, else the first word.
    let first = match code.strip_prefix('"') {
        Some(quoted) => quoted.split('"').next().unwrap_or_default(),
        None => code.split_whitespace().next().unwrap_or_default(),
    };
    let program = first.to_ascii_lowercase();
    let runs =
        program.ends_with(".exe") || program.ends_with(".ps1") || ["bm", "regasm", "select", "net", "sqlcmd"].contains(&program.as_str());
    (runs && code.contains(' ')) || (!code.contains(' ') && code.contains("sp_"))
}

/// A route as a plan's default name: "2013 R2 to 2020".
pub fn route_name(from: Version, to: Version) -> String {
    let short = |v: Version| v.label().trim_start_matches("BizTalk Server ");
    format!("{} to {}", short(from), short(to))
}

/// `text` as a part of a file name: lowercase letters, digits and single dashes.
pub fn file_part(text: &str) -> String {
    let mut out = String::new();
    // ASCII only: Unicode's case tables would cost the WASM more than a file name gains.
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// "3 of 12 steps done." for the steps of a checklist.
pub fn progress_line<'a>(done: &Done, ids: impl IntoIterator<Item = &'a str>) -> String {
    let (d, total) = count_done(done, ids);
    progress_text(d, total)
}

/// A step title split at its Markdown code spans: `(text, is_code)` parts.
pub fn title_parts(title: &str) -> impl Iterator<Item = (&str, bool)> {
    title
        .split('`')
        .enumerate()
        .map(|(i, part)| (part, i % 2 == 1))
        .filter(|(part, _)| !part.is_empty())
}

/// A step's `source` ("page.html#anchor", relative to the site root) as a link from an advisor
/// page, which lives in `advisor/`.
pub fn source_href(source: &str) -> String {
    format!("../{source}")
}

/// Today's date where the browser is: `now_ms` is `Date.now()` and `offset_minutes` is
/// `getTimezoneOffset()` (minutes to add to local time to get UTC).
pub fn local_date(now_ms: f64, offset_minutes: f64) -> Date {
    let local_ms = now_ms - offset_minutes * 60_000.0;
    let days = (local_ms / 86_400_000.0).floor();
    // Outside any plausible clock (or NaN), fall back to the epoch rather than overflow.
    let days = if days.is_finite() && days.abs() < 10_000_000.0 { days as i64 } else { 0 };
    Date::from_day_number(days)
}

/// The one-line explanation shown under each group of feature checkboxes.
pub fn group_help(group: FeatureGroup) -> &'static str {
    match group {
        FeatureGroup::Topology => "How the BizTalk group is built: computers, clustering, SSO and SQL Server.",
        FeatureGroup::Bam => "Business Activity Monitoring and its parts. Ticking any of them counts as using BAM.",
        FeatureGroup::Adapters => "Adapters and services whose upgrade needs extra work.",
        FeatureGroup::Accelerators => "Accelerators installed in the group.",
        FeatureGroup::Customisations => "Your own bindings, configuration edits and programs.",
        FeatureGroup::DeveloperTools => "Tools installed on the BizTalk computers themselves.",
    }
}

/// The sentence under the verdict.
pub fn verdict_explanation(report: &UpgradeReport) -> String {
    let failing = report
        .route
        .iter()
        .flat_map(|hop| &hop.checks)
        .filter(|c| c.status != Support::Yes)
        .count();
    let hops = report.route.len();
    let route = if hops > 1 { format!("This upgrade goes through {hops} documented upgrades. ") } else { String::new() };
    let mut sentence = match report.verdict {
        Verdict::Supported => {
            format!("{route}Every compatibility check says yes: the in-place upgrade is supported.")
        }
        Verdict::Prerequisites => format!(
            "{route}Upgrade SQL Server first (see the prerequisites): then every compatibility check says yes and the in-place upgrade is supported."
        ),
        Verdict::Blocked => format!(
            "{route}{failing} compatibility {} not say yes; see what to do for {} below.",
            if failing == 1 { "check does" } else { "checks do" },
            if failing == 1 { "it" } else { "each" }
        ),
    };
    // Support ending within a year (or ended) on the route belongs in the verdict's sentence.
    if let Some(ending) = report.attention.iter().find(|a| a.id == "support-ending") {
        sentence.push(' ');
        sentence.push_str(&ending.detail);
    }
    sentence
}

/// What the live region announces after each change of the upgrade inputs.
pub fn upgrade_announcement(report: &UpgradeReport) -> String {
    format!("{}. {}", report.verdict.label(), steps_count(report.steps.len()))
}

/// What the live region announces after each change of the hotfix inputs.
pub fn hotfix_announcement(report: &HotfixReport) -> String {
    format!("Install the {} package. {}", report.package.id(), steps_count(report.steps.len()))
}

fn steps_count(n: usize) -> String {
    if n == 1 { "1 step in the checklist.".to_string() } else { format!("{n} steps in the checklist.") }
}

/// "3 of 12 steps done."
pub fn progress_text(done: usize, total: usize) -> String {
    format!("{done} of {total} steps done.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use bts_rules::{Feature, evaluate_upgrade};

    #[test]
    fn copy_buttons_only_for_commands() {
        for command in [
            "regasm SSOSQL.dll",
            "bm.exe help",
            "BM get-defxml MyDef.xml",
            "\"<BizTalk Installation Folder>\\Tracking\\bm.exe\" update-all -DefinitionFile:x.xml",
            "SELECT SERVERPROPERTY('Edition')",
            "sp_who2",
            "BizTalkMgmtDb.dbo.sp_ForceFullBackup",
            "net stop BTSSvc*",
            "<system.transactions>\n</system.transactions>",
        ] {
            assert!(is_command(command), "{command}");
        }
        for name in [
            "regasm",
            "<NetBIOS domain name>\\<user>",
            "SSODB",
            "Setup.xml",
            "World Wide Web Publishing Service",
            "Could not open certificate store, the system cannot find the file specified (System).",
            "bm.exe.config",
        ] {
            assert!(!is_command(name), "{name}");
        }
    }

    #[test]
    fn a_refused_server_count_says_why() {
        for (raw, why) in [
            ("0", "at least 1"),
            ("-3", "below zero"),
            ("1.5", "not a whole number"),
            ("", "empty"),
            ("5000", "more than"),
            ("many", "not a number"),
            ("-0", "at least 1"),
            ("1e3", "not a whole number"),
        ] {
            let message = servers_error(raw, 4);
            assert!(message.contains(why) && message.ends_with("the plan is for 4."), "{raw:?}: {message}");
        }
    }

    #[test]
    fn plan_names_and_file_names_read_well() {
        assert_eq!(route_name(Version::Bts2013R2, Version::Bts2020), "2013 R2 to 2020");
        assert_eq!(file_part("PROD (west) – 2016 to 2020"), "prod-west-2016-to-2020");
        assert_eq!(file_part("Zürich"), "z-rich");
        assert_eq!(file_part("***"), "");
        let today = Date::parse("2026-12-04").unwrap();
        assert_eq!(
            support_left(Version::Bts2020, Date::parse("2030-04-09").unwrap(), today),
            "BizTalk Server 2020: 1,222 days of support left"
        );
        assert_eq!(support_left(Version::Bts2016, Date::parse("2026-07-14").unwrap(), today), "BizTalk Server 2016: support has ended");
    }

    #[test]
    fn only_newer_targets_are_offered() {
        let mut profile = UpgradeProfile { from: Version::Bts2016, ..UpgradeProfile::default() };
        assert_eq!(upgrade_to_options(&profile), [("2020", "BizTalk Server 2020".to_string())]);
        profile.from = Version::Bts2013;
        let ids: Vec<&str> = upgrade_to_options(&profile)
            .into_iter()
            .map(|o| o.0)
            .collect();
        assert!(ids.contains(&"2016") && ids.contains(&"2020"), "{ids:?}");
    }

    #[test]
    fn an_unreachable_chosen_edition_stays_listed_and_marked() {
        let profile = UpgradeProfile { edition: Edition::Enterprise, to_edition: Some(Edition::Branch), ..UpgradeProfile::default() };
        let report = evaluate_upgrade(&profile, bts_rules::testing::TODAY);
        assert!(!report.target_editions.contains(&Edition::Branch), "the data changed: pick another unreachable edition");
        let options = upgrade_to_edition_options(&profile, &report);
        assert_eq!(options[0].0, "", "to_edition starts at \"any\"");
        assert!(options.contains(&("branch", "Branch (not reachable from Enterprise)".to_string())), "{options:?}");
    }

    #[test]
    fn no_sql_server_downgrade_is_offered() {
        let profile = UpgradeProfile { sql: SqlServer::SqlServer2014, features: [Feature::BamRta].into(), ..UpgradeProfile::default() };
        let ids: Vec<&str> = upgrade_sql_target_options(&profile)
            .into_iter()
            .map(|o| o.0)
            .collect();
        assert!(ids.contains(&"sql-server-2019") && !ids.contains(&"sql-server-2012"), "{ids:?}");
    }

    /// The form offers a service pack exactly when the command line accepts it for that SQL
    /// Server: none for 2017 and later, SP3 as the last for 2016, only SP1 for "2012 SP1".
    #[test]
    fn the_service_packs_offered_are_those_the_command_line_accepts() {
        for sql in SqlServer::ALL {
            let offered: Vec<&str> = upgrade_sql_level_options(&UpgradeProfile { sql: *sql, ..UpgradeProfile::default() })
                .into_iter()
                .map(|o| o.0)
                .collect();
            assert_eq!(offered[0], "", "{sql:?}: the first option is \"not known\"");
            for level in SqlLevel::ALL {
                let accepted = UpgradeProfile { sql: *sql, sql_level: Some(*level), ..UpgradeProfile::default() }
                    .validate()
                    .is_ok();
                assert_eq!(offered.contains(&level.id()), accepted, "{sql:?} {level:?}");
            }
        }
        let ids = |sql| upgrade_sql_level_options(&UpgradeProfile { sql, ..UpgradeProfile::default() });
        assert_eq!(ids(SqlServer::SqlServer2019)[0].1, "None: cumulative updates only");
        assert_eq!(ids(SqlServer::SqlServer2016).last().map(|o| o.0), Some("sp3"));
    }

    #[test]
    fn titles_split_at_code_spans() {
        let parts: Vec<(&str, bool)> = title_parts("Back up `BizTalkMgmtDb` first").collect();
        assert_eq!(parts, [("Back up ", false), ("BizTalkMgmtDb", true), (" first", false)]);
        let done: Done = ["a"].into_iter().collect();
        assert_eq!(progress_line(&done, ["a", "b"]), "1 of 2 steps done.");
    }

    #[test]
    fn sources_are_made_relative_to_the_advisor_folder() {
        assert_eq!(source_href("upgrade/to-2020.html#prepare"), "../upgrade/to-2020.html#prepare");
    }

    #[test]
    fn the_local_date_follows_the_time_zone() {
        // 2026-11-22T00:30Z is still the 21st in New York (UTC-5: offset +300).
        let now = Date::new(2026, 11, 22).day_number() as f64 * 86_400_000.0 + 30.0 * 60_000.0;
        assert_eq!(local_date(now, 0.0), Date::new(2026, 11, 22));
        assert_eq!(local_date(now, 300.0), Date::new(2026, 11, 21));
        assert_eq!(local_date(f64::NAN, 0.0), Date::new(1970, 1, 1));
    }

    #[test]
    fn the_verdict_is_said_in_words() {
        let report = evaluate_upgrade(&UpgradeProfile::default(), bts_rules::testing::TODAY);
        let text = upgrade_announcement(&report);
        assert!(text.starts_with(report.verdict.label()), "{text}");
        let blocked = evaluate_upgrade(
            &UpgradeProfile { os: bts_rules::OperatingSystem::Windows7Sp1, ..UpgradeProfile::default() },
            bts_rules::testing::TODAY,
        );
        assert_eq!(blocked.verdict, Verdict::Blocked);
        assert!(verdict_explanation(&blocked).contains("1 compatibility check does not say yes"), "{}", verdict_explanation(&blocked));
    }
}
