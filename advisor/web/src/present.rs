//! Small pieces of presentation that do not need a browser: links, dates, headings and the
//! sentences announced to screen readers.

use bts_rules::{
    Date, Edition, FeatureGroup, HotfixReport, SqlServer, Support, UpgradeProfile, UpgradeReport, Verdict, Version, Vocabulary,
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

/// The current value of an optional select ("" for none).
pub fn edition_or_any(edition: Option<Edition>) -> &'static str {
    edition.map_or("", Edition::id)
}

/// The message under the server count while it does not hold a usable number.
pub fn servers_error(used: u32) -> String {
    format!("Enter a whole number from 1 to {MAX_SERVERS}. Until then the plan is for {used}.")
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
    match report.verdict {
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
    }
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
