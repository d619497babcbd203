//! The advisors' markup, as plain functions from a profile and its report to HTML text.
//!
//! The page builds the form once and re-renders the answer after every change by setting the
//! HTML of two containers; these functions are all of its views, so the DOM contract the browser
//! tests rely on (ids, classes, `data-*` attributes) is checked here by native unit tests.
//! Everything that comes from a person or a link is escaped; step details are the project's own
//! Markdown, rendered by [`crate::markdown`].

use std::fmt::Write as _;

use bts_rules::{
    Architecture, Date, Downloads, Edition, Feature, FeatureGroup, HotfixProfile, HotfixReport, Lifecycle, OperatingSystem, Rollback,
    Section, SqlServer, StepView, UpgradeProfile, UpgradeReport, Version, Vocabulary,
};

use crate::present;
use crate::progress::Done;
use crate::share::MAX_SERVERS;

/// Escapes text for HTML content and double-quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `<option>`s for `(value, label)` pairs, with `selected` on the current value.
fn options<'a>(items: impl IntoIterator<Item = (&'a str, String)>, selected: &str) -> String {
    let mut out = String::new();
    for (value, label) in items {
        let mark = if value == selected { " selected" } else { "" };
        let _ = write!(out, "<option value=\"{}\"{mark}>{}</option>", escape(value), escape(&label));
    }
    out
}

fn labelled<T: Vocabulary>(values: &[T]) -> Vec<(&'static str, String)> {
    values.iter().map(|v| (v.id(), v.label().to_string())).collect()
}

fn select(id: &str, label: &str, options: &str) -> String {
    format!("<div class=\"bts-field\"><label for=\"{id}\">{label}</label><select id=\"{id}\">{options}</select></div>")
}

fn flag(id: &str, label: &str, checked: bool) -> String {
    let mark = if checked { " checked" } else { "" };
    format!("<div class=\"bts-field bts-flag\"><input type=\"checkbox\" id=\"{id}\"{mark}><label for=\"{id}\">{label}</label></div>")
}

// ----- Upgrade advisor -----

/// The target versions newer than the current one.
pub fn upgrade_to_options(profile: &UpgradeProfile) -> String {
    let newer: Vec<Version> = Version::TARGETS.iter().copied().filter(|t| *t > profile.from).collect();
    options(labelled(&newer), profile.to.id())
}

/// "Any" first, then the editions the route can reach. A chosen edition it cannot reach stays
/// listed and marked, so a shared link shows what it asked for and the edition check explains.
pub fn upgrade_to_edition_options(profile: &UpgradeProfile, report: &UpgradeReport) -> String {
    let mut items = vec![("", "Any edition the upgrade can reach".to_string())];
    items.extend(report.target_editions.iter().map(|e| (e.id(), e.label().to_string())));
    if let Some(wanted) = profile.to_edition.filter(|e| !report.target_editions.contains(e)) {
        items.push((wanted.id(), format!("{} (not reachable from {})", wanted.label(), profile.edition.label())));
    }
    options(items, profile.to_edition.map_or("", Edition::id))
}

/// "Let the advisor propose" first, then the SQL Server versions not older than the present one
/// (a downgrade is not an in-place move).
pub fn upgrade_sql_target_options(profile: &UpgradeProfile) -> String {
    let mut items = vec![("", "As now, or as the advisor proposes".to_string())];
    items.extend(
        labelled(SqlServer::ALL).into_iter().filter(|(id, _)| SqlServer::from_id(id).is_some_and(|s| !s.is_older_than(profile.sql))),
    );
    options(items, profile.sql_target.map_or("", SqlServer::id))
}

/// The whole upgrade form; built once, then kept in step with the profile by the page.
pub fn upgrade_form(profile: &UpgradeProfile, report: &UpgradeReport) -> String {
    let mut out = String::from("<form class=\"bts-inputs\"><fieldset class=\"bts-fields\"><legend>Your BizTalk Server now</legend>");
    out += &select("upgrade-from", "Current version", &options(labelled(Version::SOURCES), profile.from.id()));
    out += &select("upgrade-edition", "Current edition", &options(labelled(Edition::ALL), profile.edition.id()));
    out += &select("upgrade-os", "Operating system it runs on", &options(labelled(OperatingSystem::ALL), profile.os.id()));
    out += &select("upgrade-sql", "SQL Server that hosts the BizTalk databases", &options(labelled(SqlServer::ALL), profile.sql.id()));
    out += &select("upgrade-sql-target", "SQL Server at BizTalk Server Setup (optional)", &upgrade_sql_target_options(profile));
    out += "</fieldset><fieldset class=\"bts-fields\"><legend>Where you want to go</legend>";
    out += &select("upgrade-to", "Target version", &upgrade_to_options(profile));
    out += &select("upgrade-to-edition", "Target edition", &upgrade_to_edition_options(profile, report));
    out += "</fieldset></form>";
    out
}

/// The feature checkboxes, grouped. They change only the checklist, so the page shows them
/// after the verdict and before the checklist.
pub fn upgrade_features_form(profile: &UpgradeProfile) -> String {
    let mut out = String::from(
        "<form class=\"bts-inputs\"><fieldset class=\"bts-fields bts-features\"><legend>What the deployment uses</legend>\
         <p class=\"bts-help\">Tick what applies: each adds the steps it needs to the checklist below.</p>",
    );
    for group in FeatureGroup::ALL {
        let help = format!("feature-group-{}-help", group.id());
        let _ = write!(
            out,
            "<fieldset class=\"bts-feature-group\" aria-describedby=\"{help}\"><legend>{}</legend><p class=\"bts-help\" id=\"{help}\">{}</p>",
            group.label(),
            present::group_help(*group)
        );
        for feature in Feature::ALL.iter().filter(|f| f.group() == *group) {
            let (id, mark) = (feature.id(), if profile.features.contains(feature) { " checked" } else { "" });
            let _ = write!(
                out,
                "<div class=\"bts-flag\"><input type=\"checkbox\" name=\"feature\" value=\"{id}\" id=\"feature-{id}\"{mark}><label for=\"feature-{id}\">{}</label></div>",
                escape(feature.label())
            );
        }
        out += "</fieldset>";
    }
    out += "</fieldset></form>";
    out
}

/// Everything about the answer except the checklist: the profile in words (for paper), the
/// verdict, each hop's checks with remedies, the reachable editions and the lifecycles.
pub fn upgrade_answer(profile: &UpgradeProfile, report: &UpgradeReport, today: Date) -> String {
    let mut out = String::from("<ul class=\"bts-profile-summary\">");
    let _ = write!(
        out,
        "<li>Current: {} {} edition, on {}, databases on {}.</li><li>Target: {} ({}).</li>",
        profile.from.label(),
        profile.edition.label(),
        profile.os.label(),
        profile.sql.label(),
        profile.to.label(),
        profile.to_edition.map_or("any reachable edition", Edition::label)
    );
    if let Some(target) = profile.sql_target.filter(|t| *t != profile.sql) {
        let _ = write!(out, "<li>SQL Server at BizTalk Server Setup: {}.</li>", target.label());
    }
    let features: Vec<&str> = profile.features.iter().map(|f| f.label()).collect();
    if features.is_empty() {
        out += "<li>Features: none ticked.</li></ul>";
    } else {
        let _ = write!(out, "<li>Features: {}.</li></ul>", escape(&features.join("; ")));
    }

    let verdict = report.verdict.id();
    let _ = write!(
        out,
        "<div class=\"bts-verdict-box\" data-verdict=\"{verdict}\"><h2 class=\"bts-heading\">Can you upgrade in place?</h2>\
         <p class=\"bts-verdict-line\"><strong id=\"upgrade-verdict\" class=\"bts-verdict\" data-verdict=\"{verdict}\">{}</strong> \
         <span class=\"bts-verdict-explanation\">{}</span></p>",
        present::verdict_word(report.verdict),
        escape(&present::verdict_explanation(report))
    );
    let names: Vec<&str> = report.target_editions.iter().map(|e| e.label()).collect();
    let editions = if names.is_empty() {
        "No edition can be reached by an in-place upgrade from the current edition.".to_string()
    } else {
        format!("Editions the upgrade can end in: {}.", names.join(", "))
    };
    let _ = write!(out, "<p id=\"upgrade-target-editions\">{editions}</p>");
    if !report.inferred_features.is_empty() {
        out += "<div id=\"upgrade-inferred\"><p>Also counted, from what you entered (their steps are in the checklist):</p><ul>";
        for inferred in &report.inferred_features {
            let _ = write!(
                out,
                "<li data-feature=\"{}\"><strong>{}</strong>: {}</li>",
                inferred.feature.id(),
                escape(inferred.feature.label()),
                escape(&inferred.reason)
            );
        }
        out += "</ul></div>";
    }
    out += "</div>";
    if !report.prerequisites.is_empty() {
        out += "<section id=\"upgrade-prerequisites\" class=\"bts-prerequisites\"><h2 class=\"bts-heading\">Before BizTalk Server Setup</h2><ol>";
        for prerequisite in &report.prerequisites {
            let to: Vec<&str> = prerequisite.to.iter().map(|s| s.id()).collect();
            let _ = write!(
                out,
                "<li class=\"prerequisite\" data-prerequisite-id=\"{}\" data-area=\"{}\" data-from=\"{}\" data-to=\"{}\"><p><strong>{}</strong></p><p>{}</p>\
                 <p class=\"bts-step-source\"><a href=\"{}\">Source: <span class=\"bts-source-path\">{}</span></a></p></li>",
                prerequisite.id,
                prerequisite.area.id(),
                prerequisite.from.id(),
                to.join(" "),
                escape(&prerequisite.title),
                escape(&prerequisite.detail),
                escape(&present::source_href(prerequisite.source)),
                escape(prerequisite.source)
            );
        }
        out += "</ol></section>";
    }
    out += "<div class=\"bts-route\">";

    for hop in &report.route {
        let _ = write!(
            out,
            "<section class=\"hop\" data-hop-to=\"{}\" data-supported=\"{}\"><h3 class=\"bts-heading\">{} {} to {} {}</h3><ul class=\"bts-checks\">",
            hop.to.id(),
            hop.is_supported(),
            hop.from.label(),
            hop.edition.label(),
            hop.to.label(),
            hop.to_edition.label()
        );
        for check in &hop.checks {
            let status = check.status.id();
            let _ = write!(
                out,
                "<li class=\"check\" data-area=\"{}\" data-status=\"{status}\"><p><span class=\"bts-status\" data-status=\"{status}\">{}</span> <strong>{}</strong>: {}</p>",
                check.area.id(),
                present::status_text(check.status),
                check.area.label(),
                escape(&check.detail)
            );
            if let Some(remedy) = &check.remedy {
                let _ = write!(out, "<p class=\"bts-remedy\"><strong>What to do: </strong>{}</p>", escape(remedy));
            }
            out += "</li>";
        }
        out += "</ul></section>";
    }

    let platform = report.target_platform;
    let (os, sql) = (platform.os_names(), platform.sql_names());
    let _ = write!(
        out,
        "</div><section id=\"upgrade-target-platform\" data-version=\"{}\"><h2 class=\"bts-heading\">What {} needs of a computer</h2>\
         <p><strong>Windows:</strong> {}.</p><p><strong>SQL Server:</strong> {}.</p><ul class=\"bts-platform-notes\">",
        platform.version.id(),
        platform.version.label(),
        escape(&os.join(", ")),
        escape(&sql.join(", "))
    );
    for note in platform.notes() {
        let _ = write!(out, "<li>{}</li>", escape(&note));
    }
    out += "</ul></section>";

    out += "<div class=\"bts-lifecycle\"><h2 class=\"bts-heading\">Support lifecycle</h2><ul id=\"upgrade-lifecycle\">";
    // Every version of the route: 2016 on the way from 2013 R2 to 2020 too.
    for version in std::iter::once(profile.from).chain(report.route.iter().map(|h| h.to)) {
        let _ = write!(out, "<li data-version=\"{}\">{}</li>", version.id(), escape(&Lifecycle::of(version).describe_on(today)));
    }
    let _ = write!(out, "</ul><p class=\"bts-help\">As of {today}, by this computer's clock.</p></div>");
    out
}

/// A step title, whose Markdown code spans (`BizTalkMgmtDb`) are shown as code.
fn title_html(title: &str) -> String {
    title.split('`').enumerate().map(|(i, part)| if i % 2 == 1 { format!("<code>{}</code>", escape(part)) } else { escape(part) }).collect()
}

fn step_item(out: &mut String, step: &StepView, done: bool) {
    let (class, mark) = if done { (" bts-done", " checked") } else { ("", "") };
    // The checkbox sits inside its label: no ids to register for every step, which keeps
    // swapping checklists cheap.
    let _ = write!(
        out,
        "<li class=\"step{class}\" data-step-id=\"{}\" data-phase=\"{}\"><label class=\"bts-step-head\">\
         <input type=\"checkbox\" class=\"step-done\"{mark}><span class=\"bts-step-title\">{}</span></label>\
         <div class=\"bts-step-detail\">{}</div>",
        escape(&step.id),
        step.phase,
        title_html(step.title),
        crate::markdown::to_html(step.detail)
    );
    if !step.code.is_empty() {
        out.push_str("<ul class=\"bts-step-code\">");
        for code in step.code {
            let code = escape(code);
            let _ = write!(
                out,
                "<li><code>{code}</code> <button type=\"button\" class=\"copy-code\" data-code=\"{code}\" aria-label=\"Copy {code}\">Copy</button> \
                 <span class=\"bts-copy-result\" role=\"status\"></span></li>"
            );
        }
        out.push_str("</ul>");
    }
    let source = escape(step.source);
    let _ = write!(
        out,
        "<p class=\"bts-step-source\"><a class=\"step-source\" href=\"{}\">Source: <span class=\"bts-source-path\">{source}</span></a></p></li>",
        escape(&present::source_href(step.source))
    );
}

/// "3 of 12 steps done." for the steps of a checklist.
pub fn progress_line(done: &Done, ids: &[String]) -> String {
    let (d, total) = crate::progress::count_done(done, ids.iter().map(String::as_str));
    present::progress_text(d, total)
}

/// A report's checklist in its sections (as the Markdown export groups it), with progress.
fn checklist(sections: &[Section], ids: &[String], done: &Done) -> String {
    let mut out = format!("<p class=\"bts-progress\" data-progress>{}</p>", progress_line(done, ids));
    for section in sections {
        let _ = write!(
            out,
            "<section class=\"bts-phase\" data-phase=\"{}\"><h3 class=\"bts-heading\">{}</h3><ol class=\"bts-steps\">",
            section.steps[0].phase,
            escape(&section.heading)
        );
        for step in &section.steps {
            step_item(&mut out, step, done.contains(&step.id));
        }
        out.push_str("</ol></section>");
    }
    out
}

/// The ids of an upgrade report's steps, as progress is stored under them.
pub fn upgrade_step_ids(report: &UpgradeReport) -> Vec<String> {
    report.steps.iter().map(|s| s.id().into_owned()).collect()
}

/// The upgrade checklist, grouped by hop and phase as the Markdown export groups it.
pub fn upgrade_checklist(report: &UpgradeReport, done: &Done) -> String {
    checklist(&report.checklist(), &upgrade_step_ids(report), done)
}

// ----- Hotfix planner -----

pub fn hotfix_form(profile: &HotfixProfile) -> String {
    let mut out =
        String::from("<form class=\"bts-inputs\"><fieldset class=\"bts-fields\"><legend>The update and your BizTalk group</legend>");
    let _ = write!(
        out,
        "<div class=\"bts-field\"><label for=\"hotfix-servers\">BizTalk computers in the group</label>\
         <input type=\"number\" id=\"hotfix-servers\" min=\"1\" max=\"{MAX_SERVERS}\" step=\"1\" inputmode=\"numeric\" value=\"{}\" aria-describedby=\"hotfix-servers-error\">\
         <p id=\"hotfix-servers-error\" class=\"bts-field-error\"></p></div>",
        profile.servers
    );
    out += &select("hotfix-downloads", "Downloads the update ships", &options(labelled(Downloads::ALL), profile.downloads.id()));
    out += &select("hotfix-arch", "This computer's processor architecture", &options(labelled(Architecture::ALL), profile.arch.id()));
    out += &flag("hotfix-sql-script", "The update carries a SQL script (it changes the BizTalk databases)", profile.sql_script);
    out += &flag("hotfix-iis-adapters", "The HTTP, SOAP, WSE or WCF adapters are in use", profile.iis_adapters);
    out += &flag("hotfix-isolated-host-heavy", "The isolated host is used heavily", profile.isolated_host_heavy);
    out += "</fieldset></form>";
    out
}

/// The message under the server count while it does not hold a usable number.
pub fn servers_error(used: u32) -> String {
    format!("Enter a whole number from 1 to {MAX_SERVERS}. Until then the plan is for {used}.")
}

/// The package to install and the rollback plan, with the profile in words for paper.
pub fn hotfix_answer(profile: &HotfixProfile, report: &HotfixReport) -> String {
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let package_why = match profile.downloads {
        Downloads::X86Only => "This update ships only an x86 download, which installs on 32-bit and 64-bit computers alike.",
        Downloads::X86AndX64 => "This update ships separate downloads: take the one that matches this computer.",
    };
    let rollback_why = match report.rollback {
        Rollback::RestoreDatabases => {
            "The SQL script changes the databases and uninstalling does not undo that: back them up before you start."
        }
        Rollback::Uninstall => "Without a SQL script, removing the update undoes it.",
    };
    let (package, rollback) = (report.package.id(), report.rollback.id());
    format!(
        "<ul class=\"bts-profile-summary\"><li>BizTalk computers in the group: {}. This computer: {}.</li>\
         <li>Downloads: {}. Carries a SQL script: {}.</li>\
         <li>HTTP, SOAP, WSE or WCF adapters in use: {}. Isolated host used heavily: {}.</li></ul>\
         <div class=\"bts-plan\"><h2 class=\"bts-heading\">What to install</h2>\
         <p id=\"hotfix-package\" data-package=\"{package}\">Install the <strong>{package}</strong> package. <span class=\"bts-help\">{package_why}</span></p>\
         <p id=\"hotfix-rollback\" data-rollback=\"{rollback}\"><strong>Rollback plan: </strong>{}. <span class=\"bts-help\">{rollback_why}</span></p></div>",
        profile.servers,
        profile.arch.label(),
        profile.downloads.label(),
        yes_no(profile.sql_script),
        yes_no(profile.iis_adapters),
        yes_no(profile.isolated_host_heavy),
        report.rollback.label()
    )
}

pub fn hotfix_step_ids(report: &HotfixReport) -> Vec<String> {
    report.steps.iter().map(|s| s.id.to_string()).collect()
}

/// The hotfix steps by phase: before, install, after, rollback.
pub fn hotfix_checklist(report: &HotfixReport, done: &Done) -> String {
    checklist(&report.checklist(), &hotfix_step_ids(report), done)
}

// ----- Shared parts -----

/// The notices: what the page ignored in a link, and what went wrong with stored progress.
pub fn notices(link: Option<&str>, storage: Option<&str>) -> String {
    let mut out = String::new();
    for (kind, text) in [("link", link), ("storage", storage)] {
        if let Some(text) = text {
            let _ = write!(
                out,
                "<p class=\"bts-notice-item\" data-notice=\"{kind}\"><span>{}</span> <button type=\"button\" class=\"bts-dismiss\" data-dismiss=\"{kind}\">Dismiss</button></p>",
                escape(text)
            );
        }
    }
    out
}

/// The frame of an advisor: form, notice area, live region, answer, more inputs (`between`),
/// export buttons, checklist.
pub fn frame(prefix: &str, kind: &str, form: &str, between: &str, checklist_heading: &str) -> String {
    format!(
        "<div class=\"bts-advisor bts-{kind}\">{form}\
         <div id=\"{prefix}-notice\" class=\"bts-notice\" role=\"status\" tabindex=\"-1\"></div>\
         <p id=\"{prefix}-live\" class=\"bts-sr-only\" aria-live=\"polite\"></p>\
         <div id=\"{prefix}-answer\"></div>{between}\
         <h2 class=\"bts-heading\">{checklist_heading}</h2>\
         <div class=\"bts-export\">\
         <button type=\"button\" id=\"{prefix}-copy-markdown\">Copy as Markdown</button> \
         <button type=\"button\" id=\"{prefix}-copy-link\">Copy link</button> \
         <button type=\"button\" id=\"{prefix}-print\">Print</button>\
         <p id=\"{prefix}-copy-status\" class=\"bts-copy-status\" role=\"status\"></p>\
         <label id=\"{prefix}-manual\" class=\"bts-manual-copy\" hidden>Text to copy<textarea readonly rows=\"8\"></textarea></label>\
         </div><div id=\"{prefix}-checklist\" class=\"bts-checklist\"></div></div>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use bts_rules::{evaluate_hotfix, evaluate_upgrade};

    fn count(haystack: &str, needle: &str) -> usize {
        haystack.matches(needle).count()
    }

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(escape(r#"<a href="x">&'"#), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }

    #[test]
    fn the_form_has_every_control_of_the_contract_labelled() {
        let profile = UpgradeProfile::default();
        let form = upgrade_form(&profile, &evaluate_upgrade(&profile)) + &upgrade_features_form(&profile);
        for id in ["upgrade-from", "upgrade-to", "upgrade-edition", "upgrade-to-edition", "upgrade-os", "upgrade-sql", "upgrade-sql-target"]
        {
            assert!(form.contains(&format!("<label for=\"{id}\">")), "{id} has no label");
            assert!(form.contains(&format!("<select id=\"{id}\">")), "{id} is not a select");
        }
        assert_eq!(count(&form, "name=\"feature\""), Feature::ALL.len());
        assert_eq!(count(&form, "<label for=\"feature-"), Feature::ALL.len());
        assert!(form.contains("<option value=\"\" selected>Any edition"), "to_edition starts at \"any\"");
    }

    #[test]
    fn only_newer_targets_are_offered() {
        let mut profile = UpgradeProfile { from: Version::Bts2016, ..UpgradeProfile::default() };
        assert_eq!(upgrade_to_options(&profile), "<option value=\"2020\" selected>BizTalk Server 2020</option>");
        profile.from = Version::Bts2013;
        profile.to = Version::Bts2016;
        let options = upgrade_to_options(&profile);
        assert!(options.contains("value=\"2016\" selected") && options.contains("value=\"2020\""));
    }

    #[test]
    fn an_unreachable_chosen_edition_stays_listed_and_marked() {
        let profile = UpgradeProfile { edition: Edition::Enterprise, to_edition: Some(Edition::Branch), ..UpgradeProfile::default() };
        let report = evaluate_upgrade(&profile);
        assert!(!report.target_editions.contains(&Edition::Branch), "the data changed: pick another unreachable edition");
        let options = upgrade_to_edition_options(&profile, &report);
        assert!(options.contains("<option value=\"branch\" selected>Branch (not reachable from Enterprise)</option>"), "{options}");
    }

    #[test]
    fn the_answer_follows_the_dom_contract() {
        let profile = UpgradeProfile { from: Version::Bts2013R2, os: OperatingSystem::Windows7Sp1, ..UpgradeProfile::default() };
        let report = evaluate_upgrade(&profile);
        let html = upgrade_answer(&profile, &report, Date::new(2026, 11, 22));
        assert!(html.contains("id=\"upgrade-verdict\" class=\"bts-verdict\" data-verdict=\"blocked\">Blocked</strong>"), "{html}");
        assert_eq!(count(&html, "<section class=\"hop\""), 2);
        assert!(html.contains("data-hop-to=\"2016\"") && html.contains("data-hop-to=\"2020\""));
        assert_eq!(count(&html, "<li class=\"check\""), 6);
        for hop in &report.route {
            for check in &hop.checks {
                assert!(html.contains(&format!("data-area=\"{}\" data-status=\"{}\"", check.area.id(), check.status.id())));
                if let Some(remedy) = &check.remedy {
                    assert!(html.contains(&escape(remedy)), "remedy missing: {remedy}");
                }
            }
        }
        assert!(html.contains("id=\"upgrade-target-editions\""));
        // Every version of the route has its lifecycle line: 2016 on the way to 2020 too.
        for version in [Version::Bts2013R2, Version::Bts2016, Version::Bts2020] {
            assert!(html.contains(&escape(&Lifecycle::of(version).describe_on(Date::new(2026, 11, 22)))), "{version}");
        }
        assert!(html.contains("id=\"upgrade-target-platform\" data-version=\"2020\""));
        assert!(!html.contains("id=\"upgrade-prerequisites\""), "blocked: no prerequisites");
    }

    #[test]
    fn prerequisites_and_inferred_features_have_their_place() {
        let profile = UpgradeProfile { sql: SqlServer::SqlServer2014, features: [Feature::BamRta].into(), ..UpgradeProfile::default() };
        let report = evaluate_upgrade(&profile);
        let html = upgrade_answer(&profile, &report, Date::new(2026, 11, 22));
        assert!(html.contains("data-verdict=\"prerequisites\">Supported after prerequisites</strong>"), "{html}");
        assert!(html.contains(
            "data-prerequisite-id=\"upgrade-sql-server\" data-area=\"sql\" data-from=\"sql-server-2014\" data-to=\"sql-server-2019 sql-server-2017 sql-server-2016\""
        ));
        for inferred in &report.inferred_features {
            assert!(html.contains(&format!("<li data-feature=\"{}\">", inferred.feature.id())), "{inferred:?}");
            assert!(html.contains(&escape(&inferred.reason)));
        }
        for note in report.target_platform.notes() {
            assert!(html.contains(&escape(&note)), "{note}");
        }
        let options = upgrade_sql_target_options(&profile);
        assert!(options.contains("value=\"sql-server-2019\"") && !options.contains("value=\"sql-server-2012\""), "no downgrade offered");
    }

    #[test]
    fn checklist_items_carry_id_phase_box_source_and_copy_buttons() {
        let profile =
            UpgradeProfile { from: Version::Bts2013R2, features: Feature::ALL.iter().copied().collect(), ..UpgradeProfile::default() };
        let report = evaluate_upgrade(&profile);
        let ids = upgrade_step_ids(&report);
        let done: Done = ids.iter().take(2).cloned().collect();
        let html = upgrade_checklist(&report, &done);
        assert!(html.starts_with(&format!("<p class=\"bts-progress\" data-progress>2 of {} steps done.</p>", ids.len())));
        assert_eq!(count(&html, "<li class=\"step"), report.steps.len());
        assert_eq!(count(&html, "class=\"step-done\""), report.steps.len());
        assert_eq!(count(&html, " checked>"), 2);
        assert_eq!(count(&html, "<a class=\"step-source\" href=\"../"), report.steps.len());
        let codes: usize = report.steps.iter().map(|s| s.step.code.len()).sum();
        assert!(codes > 0, "no step has code to copy");
        assert_eq!(count(&html, "class=\"copy-code\""), codes);
        for (id, step) in ids.iter().zip(&report.steps) {
            assert!(html.contains(&format!("data-step-id=\"{id}\" data-phase=\"{}\"", step.step.phase.id())), "{id}");
            assert!(id.starts_with("to-2016-") || id.starts_with("to-2020-"), "two hops prefix ids: {id}");
        }
        assert!(!html.contains('`'), "code spans in titles are rendered as <code>");
    }

    #[test]
    fn the_hotfix_plan_follows_the_dom_contract() {
        let profile = HotfixProfile { servers: 3, downloads: Downloads::X86Only, ..HotfixProfile::default() };
        let report = evaluate_hotfix(&profile);
        let html = hotfix_answer(&profile, &report);
        assert!(html.contains("id=\"hotfix-package\" data-package=\"x86\">Install the <strong>x86</strong>"), "{html}");
        assert!(html.contains("id=\"hotfix-rollback\" data-rollback=\"restore-databases\""));
        let list = hotfix_checklist(&report, &Done::default());
        assert_eq!(count(&list, "<li class=\"step"), report.steps.len());
        let form = hotfix_form(&profile);
        for id in
            ["hotfix-servers", "hotfix-sql-script", "hotfix-iis-adapters", "hotfix-isolated-host-heavy", "hotfix-downloads", "hotfix-arch"]
        {
            assert!(form.contains(&format!("<label for=\"{id}\">")), "{id} has no label");
        }
        assert!(form.contains("type=\"number\" id=\"hotfix-servers\"") && form.contains("value=\"3\""));
    }

    #[test]
    fn notices_are_escaped_and_dismissable() {
        let html = notices(Some("bad <link>"), None);
        assert!(html.contains("bad &lt;link&gt;") && html.contains("data-dismiss=\"link\""));
        assert_eq!(notices(None, None), "");
        let frame = frame("upgrade", "upgrade", "", "", "Checklist");
        for id in ["upgrade-notice", "upgrade-copy-markdown", "upgrade-checklist", "upgrade-answer"] {
            assert!(frame.contains(&format!("id=\"{id}\"")), "{id}");
        }
        assert!(frame.contains("role=\"status\"") && frame.contains("aria-live=\"polite\""));
    }
}
