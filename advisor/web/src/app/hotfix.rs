//! The hotfix planner ([`HotfixPlanner`]): the form that edits its profile, and the plan.

use bts_rules::{
    Architecture, Confidence, Downloads, Export, FEATURE_PACKS, Feature, HotfixProfile, HotfixReport, Rollback, Section,
    Update as CatalogueUpdate, UpdatePlan, UpdateVersion, Version, WhichAnswer, evaluate_hotfix, which,
};
use leptos::prelude::*;

use super::el::{El, dynamic, dynamic_text, el, memo};
use super::signals::Notice;
use super::widgets::{Checkbox, Select, checkbox, fixed, form, select, source_link};
use super::{Advisor, State};
use crate::present::{self, Options, labelled};
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
    /// What the pasted build number is, or why it is not one.
    build_said: Notice,
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
        match report
            .plan
            .as_ref()
            .map(|plan| (plan.up_to_date, plan.update))
        {
            Some((true, _)) => format!("Up to date. {}", present::hotfix_announcement(report)),
            Some((false, Some(u))) => format!("Update to {}. {}", u.name, present::hotfix_announcement(report)),
            _ => present::hotfix_announcement(report),
        }
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
        match report
            .plan
            .as_ref()
            .map(|plan| (plan.up_to_date, plan.target))
        {
            Some((true, target)) => ("plan", format!("Up to date: {} is installed", target.to_ascii_uppercase())),
            Some((false, target)) => ("plan", format!("Install {} (the {} package)", target.to_ascii_uppercase(), report.package.id())),
            None => ("plan", format!("Install the {} package", report.package.id())),
        }
    }

    fn plan_name(_profile: &HotfixProfile) -> String {
        "Update plan".to_string()
    }

    fn new(first: &HotfixProfile) -> Self {
        HotfixPlanner { servers_shown: RwSignal::new(first.servers.to_string()), servers_error: Notice::new(), build_said: Notice::new() }
    }

    fn arrived(self, profile: &HotfixProfile) {
        self.servers_shown.set(profile.servers.to_string());
        self.servers_error.clear();
        self.build_said.clear();
    }

    fn form(self, state: State<Self>) -> AnyView {
        let profile = state.profile;
        let yes_no = |field: YesNo| yes_no(profile, field);
        let planning = memo(move || profile.with(|p| p.version.is_some()));
        form(
            state.mode,
            vec![
                self.update_fields(profile),
                dynamic(move || if planning.get() { uses(profile) } else { ().into_any() }),
                el("fieldset")
                    .class("bts-fields")
                    .child(el("legend").text("What KB 2003907 asks about the update and the group"))
                    .child(el("p").class("bts-help").text(
                        "The catalogue does not know these: the update's own files and your group tell them. Each has a hint on where to look.",
                    ))
                    .child(self.servers_field(profile))
                    .children([
                        with_help(
                            select(Select {
                                id: "hotfix-downloads",
                                label: "Downloads the update ships",
                                options: fixed(labelled(Downloads::ALL)),
                                current: memo(move || profile.with(|p| p.downloads.id().to_string())),
                                chosen: Callback::new(move |v: String| {
                                    profile.update(|p| p.downloads = Downloads::from_id(&v).unwrap_or(p.downloads))
                                }),
                            }),
                            "The update's download page lists its files: a single x86 package, or one for x86 and one for x64.",
                        ),
                        with_help(
                            select(Select {
                                id: "hotfix-arch",
                                label: "This computer's processor architecture",
                                options: fixed(labelled(Architecture::ALL)),
                                current: memo(move || profile.with(|p| p.arch.id().to_string())),
                                chosen: Callback::new(move |v: String| {
                                    profile.update(|p| p.arch = Architecture::from_id(&v).unwrap_or(p.arch))
                                }),
                            }),
                            "Each computer of the group takes the package of its own architecture: answer for the one you install on.",
                        ),
                        yes_no(YesNo {
                            id: "hotfix-sql-script",
                            label: "The update carries a SQL script (it changes the BizTalk databases)",
                            help: "To find out, unpack the update package and look at its Setup.xml and for .sql files in it. \
                                   Not sure? Leave this ticked: the plan then keeps the database backups and the restore.",
                            get: |p| p.sql_script,
                            set: |p, on| p.sql_script = on,
                        }),
                        yes_no(YesNo {
                            id: "hotfix-iis-adapters",
                            label: "The HTTP, SOAP, WSE or WCF adapters are in use",
                            help: "The send ports and receive locations in the BizTalk Server Administration console show which adapters the group uses.",
                            get: |p| p.iis_adapters,
                            set: |p, on| p.iis_adapters = on,
                        }),
                        yes_no(YesNo {
                            id: "hotfix-isolated-host-heavy",
                            label: "The isolated host is used heavily",
                            help: "The isolated host runs the receive side of the HTTP, SOAP and WCF adapters inside IIS.",
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
    /// The version, the installed update, the target, the Feature Pack, and a build number that
    /// fills the first two.
    fn update_fields(self, profile: RwSignal<HotfixProfile>) -> AnyView {
        let build_said = self.build_said;
        let is_2016 = memo(move || profile.with(|p| p.version == Some(Version::Bts2016)));
        let planning = memo(move || profile.with(|p| p.version.is_some()));
        let read_build = move |raw: String, say_errors: bool| match which(raw.trim()) {
            Ok(answer) => {
                let (installed, said) = build_words(&answer);
                profile.update(|p| {
                    p.version = Some(answer.version);
                    p.installed = installed;
                    p.feature_pack = answer.entry.and_then(|u| u.feature_pack);
                    p.target = None;
                });
                build_said.show(said);
            }
            Err(why) if say_errors && !raw.trim().is_empty() => build_said.show(why),
            Err(_) => build_said.clear(),
        };
        el("fieldset")
            .class("bts-fields")
            .child(el("legend").text("Your BizTalk group and its update"))
            .children([
                select(Select {
                    id: "hotfix-version",
                    label: "BizTalk Server version",
                    options: fixed(version_options()),
                    current: memo(move || profile.with(|p| p.version.map_or("", Version::id).to_string())),
                    chosen: Callback::new(move |v: String| {
                        build_said.clear();
                        profile.update(|p| {
                            p.version = Version::from_id(&v);
                            (p.installed, p.target, p.feature_pack) = (None, None, None);
                        })
                    }),
                }),
                // Without a version there is no update to choose: the questions below plan alone.
                dynamic(move || {
                    if !planning.get() {
                        return ().into_any();
                    }
                    vec![
                        select(Select {
                            id: "hotfix-installed",
                            label: "Update installed now",
                            options: memo(move || profile.with(|p| installed_options(p.version))),
                            current: memo(move || profile.with(|p| p.installed.unwrap_or("").to_string())),
                            chosen: Callback::new(move |v: String| {
                                build_said.clear();
                                profile.update(|p| {
                                    let Some(version) = p.version else { return };
                                    let catalogue = UpdateVersion::of(version);
                                    p.installed = catalogue.levels().find(|u| u.id == v).map(|u| u.id);
                                    if p.target.and_then(|t| catalogue.position(t)) < p.installed.and_then(|i| catalogue.position(i)) {
                                        p.target = None;
                                    }
                                })
                            }),
                        }),
                        select(Select {
                            id: "hotfix-target",
                            label: "Update to install",
                            options: memo(move || profile.with(target_options)),
                            current: memo(move || profile.with(|p| p.target.unwrap_or("").to_string())),
                            chosen: Callback::new(move |v: String| {
                                profile.update(|p| {
                                    p.target = p
                                        .version
                                        .and_then(|version| UpdateVersion::of(version).levels().find(|u| u.id == v))
                                        .map(|u| u.id)
                                })
                            }),
                        }),
                    ]
                    .into_any()
                }),
                dynamic(move || {
                    if !is_2016.get() {
                        return ().into_any();
                    }
                    with_help(
                        select(Select {
                            id: "hotfix-feature-pack",
                            label: "BizTalk Server 2016 Feature Pack installed",
                            options: fixed(vec![
                                ("", "None".to_string()),
                                ("fp1", "Feature Pack 1".into()),
                                ("fp2", "Feature Pack 2".into()),
                                ("fp3", "Feature Pack 3".into()),
                            ]),
                            current: memo(move || profile.with(|p| p.feature_pack.unwrap_or("").to_string())),
                            chosen: Callback::new(move |v: String| {
                                profile.update(|p| p.feature_pack = FEATURE_PACKS.iter().copied().find(|fp| *fp == v))
                            }),
                        }),
                        "With a Feature Pack, the package to install is the combined \"cumulative update and Feature Pack\" one.",
                    )
                }),
                el("div")
                    .class("bts-field")
                    .child(
                        el("label")
                            .attr("for", "hotfix-build")
                            .text("Or paste the build number"),
                    )
                    .child(
                        el("input")
                            .attr("type", "text")
                            .id("hotfix-build")
                            .attr("inputmode", "decimal")
                            .attr("autocomplete", "off")
                            .attr("spellcheck", "false")
                            .attr("placeholder", "3.13.812.0")
                            .attr("aria-describedby", "hotfix-build-said hotfix-build-help")
                            .on(leptos::ev::input, move |ev| read_build(event_target_value(&ev), false))
                            .on(leptos::ev::change, move |ev| read_build(event_target_value(&ev), true)),
                    )
                    .child(
                        el("p")
                            .id("hotfix-build-said")
                            .class("bts-field-said")
                            .attr("role", "status")
                            .child(dynamic_text(move || build_said.text())),
                    )
                    .child(el("p").id("hotfix-build-help").class("bts-help").text(
                        "The ProductVersion value under HKLM\\SOFTWARE\\Microsoft\\BizTalk Server\\3.0 in the registry, \
                         or the version Programs and Features shows for BizTalk Server.",
                    ))
                    .view(),
            ])
            .view()
    }

    /// The server count: a number field that keeps what is typed, with its error below.
    fn servers_field(self, profile: RwSignal<HotfixProfile>) -> El {
        let HotfixPlanner { servers_shown, servers_error, .. } = self;
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
    /// Where to find the answer.
    help: &'static str,
    get: fn(&HotfixProfile) -> bool,
    set: fn(&mut HotfixProfile, bool),
}

fn yes_no(profile: RwSignal<HotfixProfile>, YesNo { id, label, help, get, set }: YesNo) -> AnyView {
    let help_id = format!("{id}-help");
    el("div")
        .child(checkbox(Checkbox {
            class: "bts-field bts-flag",
            input: el("input").attr("aria-describedby", help_id.clone()),
            id: id.to_string(),
            label,
            on: memo(move || profile.with(get)),
            set: Callback::new(move |on: bool| profile.update(|p| set(p, on))),
        }))
        .child(el("p").id(help_id).class("bts-help").text(help))
        .view()
}

/// A control with a hint under it.
fn with_help(control: AnyView, help: &'static str) -> AnyView {
    el("div")
        .child(control)
        .child(el("p").class("bts-help").text(help))
        .view()
}

/// What the group uses that moving to another update depends on (the planner's steps).
fn uses(profile: RwSignal<HotfixProfile>) -> AnyView {
    let feature = |feature: Feature, label: &'static str| {
        checkbox(Checkbox {
            class: "bts-flag",
            input: el("input"),
            id: format!("hotfix-feature-{}", feature.id()),
            label,
            on: memo(move || profile.with(|p| p.features.contains(&feature))),
            set: Callback::new(move |on: bool| {
                profile.update(|p| {
                    if on {
                        p.features.insert(feature);
                    } else {
                        p.features.remove(&feature);
                    }
                })
            }),
        })
    };
    el("fieldset")
        .class("bts-fields")
        .child(el("legend").text("What the group uses"))
        .child(el("div").class("bts-feature-group").children([
            feature(Feature::Sftp, "The SFTP adapter (it works through WinSCP)"),
            feature(Feature::MqseriesRemoteAgent, "MQSAgent on a remote WebSphere MQ server"),
            feature(Feature::DevTools, "Visual Studio and the BizTalk developer tools"),
        ]))
        .view()
}

/// The versions, newest first, and "not given" for a plan from the KB 2003907 questions alone.
fn version_options() -> Options {
    let mut options: Options = Version::ALL
        .iter()
        .rev()
        .map(|v| (v.id(), v.label().to_string()))
        .collect();
    options.push(("", "Not given: plan from the questions below only".to_string()));
    options
}

/// An update as a select shows it: "CU3, build 3.13.812.0".
fn update_label(u: &CatalogueUpdate) -> String {
    let name = if u.id == "rtm" { "No update (RTM)".to_string() } else { u.id.to_ascii_uppercase() };
    match (u.build, u.confidence) {
        (Some(build), _) => format!("{name}, build {build}"),
        (None, Some(Confidence::Announced)) => format!("{name}, announced (no build published)"),
        (None, _) => format!("{name}, build not known"),
    }
}

/// The release line of the version, after "not known".
fn installed_options(version: Option<Version>) -> Options {
    let mut options: Options = vec![("", "Not known yet (or paste the build number)".to_string())];
    if let Some(version) = version {
        options.extend(
            UpdateVersion::of(version)
                .levels()
                .map(|u| (u.id, update_label(u))),
        );
    }
    options
}

/// The newest first (the default), then the updates from the installed one on.
fn target_options(p: &HotfixProfile) -> Options {
    let Some(version) = p.version else { return vec![("", "Give the version first".to_string())] };
    let catalogue = UpdateVersion::of(version);
    let from = p.installed.and_then(|i| catalogue.position(i)).unwrap_or(0);
    let newest = catalogue
        .get(catalogue.latest)
        .map_or(String::new(), |u| u.id.to_ascii_uppercase());
    let mut options: Options = vec![("", format!("The newest: {newest}"))];
    options.extend(
        catalogue
            .levels()
            .skip(from)
            .map(|u| (u.id, update_label(u))),
    );
    options
}

/// What a build number turned out to be: the installed update it gives, and the sentence.
fn build_words(answer: &WhichAnswer) -> (Option<&'static str>, String) {
    let version = answer.version.label();
    match (answer.entry, answer.nearest) {
        (Some(u), _) => match u.level {
            Some(level) => (Some(level), format!("{} is {} ({}).", answer.build, u.name, confidence_words(u.confidence))),
            None => (
                None,
                format!("{} is {}; the catalogue does not know which cumulative update it holds: choose it above.", answer.build, u.name),
            ),
        },
        (None, Some(u)) => (
            u.level,
            format!(
                "{} is not in the catalogue of {version}. The nearest older update is {} ({}): the plan starts from it. \
                 Check the installed updates in Programs and Features.",
                answer.build,
                u.name,
                u.build.unwrap_or("build not known")
            ),
        ),
        (None, None) => (
            None,
            format!("{} is {version}, older than every update in the catalogue: the plan starts from the release itself.", answer.build),
        ),
    }
}

/// How sure the catalogue is of an update, in words.
fn confidence_words(confidence: Option<Confidence>) -> &'static str {
    match confidence {
        Some(Confidence::Microsoft) => "stated by Microsoft",
        Some(Confidence::Community) => "from a community source; not confirmed by a Microsoft page",
        Some(Confidence::Announced) => "announced by Microsoft; no KB or build published",
        None => "no source gives its KB or build",
    }
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
    let summary = match (profile.version, &report.plan) {
        (Some(version), Some(p)) => summary.child(el("li").text(format!(
            "{}. Installed: {}. To install: {}.{}",
            version.label(),
            profile.installed.map_or("not given".to_string(), str::to_ascii_uppercase),
            p.target.to_ascii_uppercase(),
            profile.feature_pack.map_or(String::new(), |fp| format!(" Feature Pack: {}.", fp.to_ascii_uppercase()))
        ))),
        _ => summary,
    };
    let update = report.plan.as_ref().map(|p| update_plan(profile, p).view());
    vec![summary.view(), update.into_any(), plan.view()].into_any()
}

/// The update to install, with how sure the catalogue is of it, and what each update between the
/// installed one and it adds.
fn update_plan(profile: &HotfixProfile, plan: &UpdatePlan) -> El {
    let version = plan.version.version.label();
    let source = plan.version.book_source();
    let out = el("div")
        .class("bts-plan")
        .id("hotfix-update-plan")
        .child(el("h2").class("bts-heading").text("The update"));
    let Some(u) = plan.update.filter(|_| !plan.up_to_date) else {
        return out.child(
            el("p")
                .id("hotfix-update")
                .attr("data-update", "")
                .attr("data-up-to-date", "true")
                .text(format!(
                    "{} is installed and it is the update you chose: there is nothing to install.",
                    plan.target.to_ascii_uppercase()
                )),
        );
    };
    let confidence = u.confidence.map_or("unknown", Confidence::id);
    // A fact the sources dispute stays marked where it is shown.
    let fact = |field: &str, value: Option<&str>, missing: &str| {
        let value = value.map_or(missing.to_string(), str::to_string);
        if u.uncertain.contains(&field) { format!("{value} (the sources disagree)") } else { value }
    };
    // What kind of date it is: an announcement is not a release.
    let (when, released) = match (u.released, u.released_kind) {
        (Some(d), Some("announcement-date")) => ("Announced", Some(d.to_string())),
        (Some(d), Some("download-center-published")) => ("Released", Some(format!("{d} (Microsoft's Download Center)"))),
        (Some(d), Some("community-release-date")) => ("Released", Some(format!("{d} (the community update table)"))),
        (d, _) => ("Released", d.map(|d| d.to_string())),
    };
    let facts = el("ul")
        .class("bts-update-facts")
        .child(el("li").text(format!("KB: {}", fact("kb", u.kb, "not published in the sources"))))
        .child(el("li").text(format!("Build: {}", fact("build", u.build, "not published in the sources"))))
        .child(el("li").text(format!("{when}: {}", fact("released", released.as_deref(), "not known"))))
        .child(
            el("li")
                .class("bts-confidence")
                .attr("data-confidence", confidence)
                .text(format!("How sure: {}", confidence_words(u.confidence))),
        );
    let mut out = out
        .child(
            el("p")
                .id("hotfix-update")
                .attr("data-update", u.id)
                .attr("data-confidence", confidence)
                .text("Install ")
                .child(el("strong").text(u.name))
                .text(format!(" on every computer of the {version} group.")),
        )
        .child(facts);
    if profile.installed.is_none() {
        out = out.child(el("p").class("bts-help").text(
            "The installed update is not given: the list below starts after the release itself. Choose it, or paste the build number, to see only what is new to the group.",
        ));
    }
    let mut list = el("ol").id("hotfix-includes");
    for i in &plan.includes {
        let adds = if i.adds.is_empty() {
            "no change to the supported software in the catalogue".to_string()
        } else {
            format!("adds {}", i.adds.join(", "))
        };
        list = list.child(
            el("li")
                .attr("data-update", i.id)
                .child(el("strong").text(i.id.to_ascii_uppercase()))
                .text(format!(": {adds}.")),
        );
    }
    out.child(el("h3").text("What each update up to it adds"))
        .child(
            el("p")
                .class("bts-help")
                .text("Updates are cumulative: installing the last one brings all of them."),
        )
        .child(list)
        .child(source_link(source).text(format!("Every update of {version}: the update table")))
}
