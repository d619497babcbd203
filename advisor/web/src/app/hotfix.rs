//! The hotfix planner: the profile, the form that edits it, and the plan.

use bts_rules::{Architecture, Downloads, HotfixProfile, HotfixReport, Rollback, evaluate_hotfix};
use leptos::prelude::*;

use super::el::{dynamic, dynamic_text, el, memo};
use super::{RenderMode, Shell, fixed, flag, form, select, shell};
use crate::present::{self, labelled};
use crate::profile_file;
use crate::progress::AdvisorKind;
use crate::share::{self, Decoded, MAX_SERVERS};

pub fn advisor(decoded: Decoded<HotfixProfile>, mode: RenderMode) -> AnyView {
    let Decoded { profile, problems } = decoded;
    let profile = RwSignal::new(profile);
    let report = memo(move || profile.with(evaluate_hotfix));
    // What the server field shows: set only when a profile arrives whole (link, file), so
    // typing is never overwritten; the error while it holds no usable number.
    let servers_shown = RwSignal::new(profile.get_untracked().servers.to_string());
    let servers_error = RwSignal::new(String::new());
    let replace = move |p: HotfixProfile| {
        servers_shown.set(p.servers.to_string());
        servers_error.set(String::new());
        profile.set(p);
    };
    let flagged = move |get: fn(&HotfixProfile) -> bool, set: fn(&mut HotfixProfile, bool)| {
        (memo(move || profile.with(get)), Callback::new(move |on: bool| profile.update(|p| set(p, on))))
    };
    let (sql_script, set_sql_script) = flagged(|p| p.sql_script, |p, on| p.sql_script = on);
    let (iis, set_iis) = flagged(|p| p.iis_adapters, |p, on| p.iis_adapters = on);
    let (heavy, set_heavy) = flagged(|p| p.isolated_host_heavy, |p, on| p.isolated_host_heavy = on);

    let servers = el("div")
        .class("bts-field")
        .child(el("label").attr("for", "hotfix-servers").text("BizTalk computers in the group"))
        .child(
            el("input")
                .attr("type", "number")
                .id("hotfix-servers")
                .attr("min", "1")
                .attr("max", MAX_SERVERS.to_string())
                .attr("step", "1")
                .attr("inputmode", "numeric")
                .attr("aria-describedby", "hotfix-servers-error")
                .attr_with("aria-invalid", move || if servers_error.with(String::is_empty) { "false" } else { "true" }.to_string())
                .value(move || servers_shown.get())
                .on(leptos::ev::input, move |ev| match share::parse_servers(&event_target_value(&ev)) {
                    Some(servers) => {
                        servers_error.set(String::new());
                        profile.update(|p| p.servers = servers);
                    }
                    None => servers_error.set(present::servers_error(profile.with_untracked(|p| p.servers))),
                }),
        )
        .child(el("p").id("hotfix-servers-error").class("bts-field-error").child(dynamic_text(move || servers_error.get())));
    let controls = form(
        mode,
        vec![
            el("fieldset")
                .class("bts-fields")
                .child(el("legend").text("The update and your BizTalk group"))
                .child(servers)
                .children([
                    select(
                        "hotfix-downloads",
                        "Downloads the update ships",
                        fixed(labelled(Downloads::ALL)),
                        memo(move || profile.with(|p| p.downloads.id().to_string())),
                        Callback::new(move |v: String| profile.update(|p| p.downloads = Downloads::from_id(&v).unwrap_or(p.downloads))),
                    ),
                    select(
                        "hotfix-arch",
                        "This computer's processor architecture",
                        fixed(labelled(Architecture::ALL)),
                        memo(move || profile.with(|p| p.arch.id().to_string())),
                        Callback::new(move |v: String| profile.update(|p| p.arch = Architecture::from_id(&v).unwrap_or(p.arch))),
                    ),
                    flag(
                        "hotfix-sql-script",
                        "The update carries a SQL script (it changes the BizTalk databases)",
                        sql_script,
                        set_sql_script,
                    ),
                    flag("hotfix-iis-adapters", "The HTTP, SOAP, WSE or WCF adapters are in use", iis, set_iis),
                    flag("hotfix-isolated-host-heavy", "The isolated host is used heavily", heavy, set_heavy),
                ])
                .view(),
        ],
    );

    let answer = dynamic(move || report.with(|r| profile.with_untracked(|p| plan(p, r))));

    shell(
        Shell {
            prefix: "hotfix",
            kind: AdvisorKind::Hotfix,
            checklist_heading: "Steps",
            owns_url: mode.owns_url,
            defer_checklist: mode.defer_checklist,
            canonical: memo(move || profile.with(share::encode_hotfix)),
            sections: memo(move || report.with(HotfixReport::checklist)),
            announcement: memo(move || report.with(present::hotfix_announcement)),
            markdown: Callback::new(move |()| report.with_untracked(|r| profile.with_untracked(|p| r.to_markdown(p)))),
            to_json: Callback::new(move |()| profile.with_untracked(profile_file::hotfix_to_json)),
            apply_link: Callback::new(move |text: String| {
                let decoded = share::decode_hotfix(&text);
                replace(decoded.profile);
                share::problems_notice(&decoded.problems).unwrap_or_default()
            }),
            load_json: Callback::new(move |text: String| match profile_file::hotfix_from_json(&text) {
                Ok(loaded) => {
                    replace(loaded);
                    String::new()
                }
                Err(problem) => problem,
            }),
            link_notice: RwSignal::new(share::problems_notice(&problems).unwrap_or_default()),
        },
        controls,
        answer,
        ().into_any(),
    )
}

/// The package to install and the rollback plan, with the profile in words for paper.
fn plan(profile: &HotfixProfile, report: &HotfixReport) -> AnyView {
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
    let summary = el("ul")
        .class("bts-profile-summary")
        .child(el("li").text(format!("BizTalk computers in the group: {}. This computer: {}.", profile.servers, profile.arch.label())))
        .child(el("li").text(format!("Downloads: {}. Carries a SQL script: {}.", profile.downloads.label(), yes_no(profile.sql_script))))
        .child(el("li").text(format!(
            "HTTP, SOAP, WSE or WCF adapters in use: {}. Isolated host used heavily: {}.",
            yes_no(profile.iis_adapters),
            yes_no(profile.isolated_host_heavy)
        )));
    let plan = el("div")
        .class("bts-plan")
        .child(el("h2").class("bts-heading").text("What to install"))
        .child(
            el("p")
                .id("hotfix-package")
                .attr("data-package", package)
                .text("Install the ")
                .child(el("strong").text(package))
                .text(" package. ")
                .child(el("span").class("bts-help").text(package_why)),
        )
        .child(
            el("p")
                .id("hotfix-rollback")
                .attr("data-rollback", rollback)
                .child(el("strong").text("Rollback plan: "))
                .text(report.rollback.label())
                .text(". ")
                .child(el("span").class("bts-help").text(rollback_why)),
        );
    vec![summary.view(), plan.view()].into_any()
}
