//! The hotfix planner ([`HotfixPlanner`]): the form that edits its profile, and the plan.

use bts_rules::{Architecture, Downloads, Export, HotfixProfile, HotfixReport, Rollback, Section, evaluate_hotfix};
use leptos::prelude::*;

use super::el::{El, dynamic, dynamic_text, el, memo};
use super::signals::Notice;
use super::widgets::{Checkbox, Select, checkbox, fixed, form, select};
use super::{Advisor, State};
use crate::present::{self, labelled};
use crate::profile_file;
use crate::progress::AdvisorKind;
use crate::share::{self, Decoded, Link, MAX_SERVERS};

/// The hotfix planner. It keeps, besides its profile, the server count as typed: the field shows
/// what the user types, even while that is not a usable number, and the profile's count only
/// when a profile arrives whole (a link, a file).
#[derive(Clone, Copy)]
pub struct HotfixPlanner {
    /// What the server field shows.
    servers_shown: RwSignal<String>,
    /// Why what the field holds is not used (none while it is).
    servers_error: Notice,
}

impl Advisor for HotfixPlanner {
    type Profile = HotfixProfile;
    type Report = HotfixReport;
    const KIND: AdvisorKind = AdvisorKind::Hotfix;
    const CHECKLIST_HEADING: &'static str = "Steps";

    fn evaluate(profile: &HotfixProfile, _today: bts_rules::Date) -> HotfixReport {
        evaluate_hotfix(profile)
    }

    fn checklist(report: &HotfixReport) -> Vec<Section> {
        report.checklist()
    }

    fn markdown(profile: &HotfixProfile, report: &HotfixReport, export: &Export) -> String {
        report.export_markdown(profile, export)
    }

    fn csv(report: &HotfixReport, export: &Export) -> String {
        report.to_csv(export)
    }

    fn announcement(report: &HotfixReport) -> String {
        present::hotfix_announcement(report)
    }

    fn encode(profile: &HotfixProfile) -> String {
        share::encode_hotfix(profile)
    }

    fn decode(link: Link) -> Decoded<HotfixProfile> {
        share::decode_hotfix(link)
    }

    fn to_json(profile: &HotfixProfile) -> String {
        profile_file::hotfix_to_json(profile)
    }

    fn from_fields(fields: profile_file::Fields) -> Result<HotfixProfile, String> {
        profile_file::hotfix_from_fields(fields)
    }

    fn headline(report: &HotfixReport) -> (&'static str, String) {
        ("plan", format!("Install the {} package", report.package.id()))
    }

    fn plan_name(_profile: &HotfixProfile) -> String {
        "Update plan".to_string()
    }

    const FROM_INVENTORY: Option<fn(&bts_rules::InventoryReading, &mut HotfixProfile)> = Some(super::inventory::fill_hotfix);

    fn new(first: &HotfixProfile) -> Self {
        HotfixPlanner { servers_shown: RwSignal::new(first.servers.to_string()), servers_error: Notice::new() }
    }

    fn arrived(self, profile: &HotfixProfile) {
        self.servers_shown.set(profile.servers.to_string());
        self.servers_error.clear();
    }

    fn form(self, state: State<Self>) -> AnyView {
        let profile = state.profile;
        let yes_no = |field: YesNo| yes_no(profile, field);
        form(
            state.mode,
            vec![
                el("fieldset")
                    .class("bts-fields")
                    .child(el("legend").text("The update and your BizTalk group"))
                    .child(self.servers_field(profile))
                    .children([
                        select(Select {
                            id: "hotfix-downloads",
                            label: "Downloads the update ships",
                            options: fixed(labelled(Downloads::ALL)),
                            current: memo(move || profile.with(|p| p.downloads.id().to_string())),
                            chosen: Callback::new(move |v: String| {
                                profile.update(|p| p.downloads = Downloads::from_id(&v).unwrap_or(p.downloads))
                            }),
                        }),
                        select(Select {
                            id: "hotfix-arch",
                            label: "This computer's processor architecture",
                            options: fixed(labelled(Architecture::ALL)),
                            current: memo(move || profile.with(|p| p.arch.id().to_string())),
                            chosen: Callback::new(move |v: String| {
                                profile.update(|p| p.arch = Architecture::from_id(&v).unwrap_or(p.arch))
                            }),
                        }),
                        yes_no(YesNo {
                            id: "hotfix-sql-script",
                            label: "The update carries a SQL script (it changes the BizTalk databases)",
                            get: |p| p.sql_script,
                            set: |p, on| p.sql_script = on,
                        }),
                        yes_no(YesNo {
                            id: "hotfix-iis-adapters",
                            label: "The HTTP, SOAP, WSE or WCF adapters are in use",
                            get: |p| p.iis_adapters,
                            set: |p, on| p.iis_adapters = on,
                        }),
                        yes_no(YesNo {
                            id: "hotfix-isolated-host-heavy",
                            label: "The isolated host is used heavily",
                            get: |p| p.isolated_host_heavy,
                            set: |p, on| p.isolated_host_heavy = on,
                        }),
                    ])
                    .view(),
            ],
        )
    }

    fn answer(self, state: State<Self>) -> AnyView {
        let (profile, report) = (state.profile, state.report);
        dynamic(move || report.with(|r| profile.with_untracked(|p| plan(p, r))))
    }
}

impl HotfixPlanner {
    /// The server count: a number field that keeps what is typed, with its error below.
    fn servers_field(self, profile: RwSignal<HotfixProfile>) -> El {
        let HotfixPlanner { servers_shown, servers_error } = self;
        el("div")
            .class("bts-field")
            .child(
                el("label")
                    .attr("for", "hotfix-servers")
                    .text("BizTalk computers in the group"),
            )
            .child(
                el("input")
                    .attr("type", "number")
                    .id("hotfix-servers")
                    .attr("min", "1")
                    .attr("max", MAX_SERVERS.to_string())
                    .attr("step", "1")
                    .attr("inputmode", "numeric")
                    .attr("aria-describedby", "hotfix-servers-error")
                    .attr_with("aria-invalid", move || if servers_error.is_empty() { "false" } else { "true" }.to_string())
                    .value(move || servers_shown.get())
                    .on(leptos::ev::input, move |ev| {
                        let raw = event_target_value(&ev);
                        match share::parse_servers(&raw) {
                            Some(servers) => {
                                servers_error.clear();
                                profile.update(|p| p.servers = servers);
                            }
                            None => servers_error.show(present::servers_error(&raw, profile.with_untracked(|p| p.servers))),
                        }
                    }),
            )
            .child(
                el("p")
                    .id("hotfix-servers-error")
                    .class("bts-field-error")
                    .child(dynamic_text(move || servers_error.text())),
            )
    }
}

/// A checkbox of the form, bound to one yes/no field of the profile.
struct YesNo {
    id: &'static str,
    label: &'static str,
    get: fn(&HotfixProfile) -> bool,
    set: fn(&mut HotfixProfile, bool),
}

fn yes_no(profile: RwSignal<HotfixProfile>, YesNo { id, label, get, set }: YesNo) -> AnyView {
    checkbox(Checkbox {
        class: "bts-field bts-flag",
        input: el("input"),
        id: id.to_string(),
        label,
        on: memo(move || profile.with(get)),
        set: Callback::new(move |on: bool| profile.update(|p| set(p, on))),
    })
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
