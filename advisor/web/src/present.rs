//! Small pieces of presentation that do not need a browser: links, dates, headings and the
//! sentences announced to screen readers.

use bts_rules::{Date, FeatureGroup, HotfixReport, Support, UpgradeReport, Verdict};

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

/// What a compatibility status is called on screen (never only a colour).
pub fn status_text(status: Support) -> &'static str {
    match status {
        Support::Yes => "Yes",
        Support::No => "No",
        Support::NotListed => "Not listed",
    }
}

/// The verdict as its one word, as the page shows it.
pub fn verdict_word(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Supported => "Supported",
        Verdict::Prerequisites => "Supported after prerequisites",
        Verdict::Blocked => "Blocked",
    }
}

/// The sentence under the verdict.
pub fn verdict_explanation(report: &UpgradeReport) -> String {
    let failing = report.route.iter().flat_map(|hop| &hop.checks).filter(|c| c.status != Support::Yes).count();
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
    format!("{}. {}", verdict_word(report.verdict), steps_count(report.steps.len()))
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
    use bts_rules::{UpgradeProfile, evaluate_upgrade};

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
        let report = evaluate_upgrade(&UpgradeProfile::default());
        let text = upgrade_announcement(&report);
        assert!(text.starts_with(verdict_word(report.verdict)), "{text}");
        let blocked = evaluate_upgrade(&UpgradeProfile { os: bts_rules::OperatingSystem::Windows7Sp1, ..UpgradeProfile::default() });
        assert_eq!(blocked.verdict, Verdict::Blocked);
        assert!(verdict_explanation(&blocked).contains("1 compatibility check does not say yes"), "{}", verdict_explanation(&blocked));
    }
}
