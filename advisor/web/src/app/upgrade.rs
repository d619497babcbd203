//! The upgrade advisor ([`UpgradeAdvisor`]): the form that edits its profile, and the answer.

use bts_rules::{
    Date, Edition, Export, Feature, FeatureGroup, Lifecycle, OperatingSystem, Section, SqlEdition, SqlLevel, SqlServer, UpgradeProfile,
    UpgradeReport, Verdict, Version, evaluate_upgrade,
};
use leptos::prelude::*;

use super::el::{dynamic, el, memo};
use super::route::route_map;
use super::timeline::{Timeline, support_timeline};
use super::widgets::{Checkbox, Select, checkbox, fixed, form, select, source_link, source_paragraph};
use super::{Advisor, State};
use crate::present::{self, labelled};
use crate::profile_file;
use crate::progress::AdvisorKind;
use crate::share::{self, Decoded, Link};
use crate::versions::UpgradeTargets;

/// The upgrade advisor: a unit, it keeps nothing besides its profile.
#[derive(Clone, Copy)]
pub struct UpgradeAdvisor;

impl Advisor for UpgradeAdvisor {
    type Profile = UpgradeProfile;
    type Report = UpgradeReport;
    const KIND: AdvisorKind = AdvisorKind::Upgrade;
    const CHECKLIST_HEADING: &'static str = "Checklist";

    fn evaluate(profile: &UpgradeProfile, today: Date) -> UpgradeReport {
        evaluate_upgrade(profile, today)
    }

    fn checklist(report: &UpgradeReport) -> Vec<Section> {
        report.checklist()
    }

    fn markdown(profile: &UpgradeProfile, report: &UpgradeReport, export: &Export) -> String {
        report.export_markdown(profile, export)
    }

    fn csv(report: &UpgradeReport, export: &Export) -> String {
        report.to_csv(export)
    }

    fn announcement(report: &UpgradeReport) -> String {
        present::upgrade_announcement(report)
    }

    fn headline(report: &UpgradeReport) -> (&'static str, String) {
        (report.verdict.id(), report.verdict.label().to_string())
    }

    fn bar_note(profile: &UpgradeProfile, today: Date) -> String {
        present::support_left(profile.to, Lifecycle::of(profile.to).extended_end, today)
    }

    fn encode(profile: &UpgradeProfile) -> String {
        share::encode_upgrade(profile)
    }

    fn decode(link: Link) -> Decoded<UpgradeProfile> {
        share::decode_upgrade(link)
    }

    fn to_json(profile: &UpgradeProfile) -> String {
        profile_file::upgrade_to_json(profile)
    }

    fn from_fields(fields: profile_file::Fields) -> Result<UpgradeProfile, String> {
        profile_file::upgrade_from_fields(fields)
    }

    fn plan_name(profile: &UpgradeProfile) -> String {
        present::route_name(profile.from, profile.to)
    }

    fn new(_first: &UpgradeProfile) -> Self {
        UpgradeAdvisor
    }

    fn form(self, state: State<Self>) -> AnyView {
        form(state.mode, vec![current_fields(state.profile), target_fields(state.profile, state.report)])
    }

    /// The feature checkboxes, the rest of the question, before the answer.
    fn more_inputs(self, state: State<Self>) -> AnyView {
        let profile = state.profile;
        form(
            state.mode,
            vec![
                el("fieldset")
                    .class("bts-fields bts-features")
                    .child(el("legend").text("What the deployment uses"))
                    .child(el("p").class("bts-help").text(
                        "Tick what applies: each adds its steps to the checklist. \
                         \"Not sure\" keeps them, marked \"if you use ...\", and never changes the verdict.",
                    ))
                    .children(
                        FeatureGroup::ALL
                            .iter()
                            .map(|group| feature_group(*group, profile, state.report)),
                    )
                    .view(),
            ],
        )
    }

    /// Everything about the answer except the checklist: the profile in words (for paper), the
    /// verdict, the prerequisites, the route with each hop's checks and remedies, what the target
    /// needs, and the lifecycles. Each part is drawn again only when what it shows has changed
    /// (see [`part`]): a new operating system redraws the summary, the verdict and the checks, not
    /// the timeline or the target's requirements.
    fn answer(self, state: State<Self>) -> AnyView {
        let State { profile, report, mode } = state;
        let clock = if mode.live { "by this computer's clock" } else { "the day this site was built" };
        let part = |p: Part| part(profile, report, p);
        let [verdict, attention, prerequisites, route, target, lifecycle] = parts(mode.today, clock);
        vec![
            dynamic(move || profile.with(summary)),
            part(verdict),
            part(attention),
            part(prerequisites),
            part(route),
            part(target),
            part(lifecycle),
        ]
        .into_any()
    }
}

/// A select's handler: applies the chosen value to the profile with `f`.
fn change(profile: RwSignal<UpgradeProfile>, f: fn(&mut UpgradeProfile, &str)) -> Callback<String> {
    Callback::new(move |value: String| profile.update(|p| f(p, &value)))
}

/// A select's current value: the profile's, read with `f`.
fn shown(profile: RwSignal<UpgradeProfile>, f: fn(&UpgradeProfile) -> &'static str) -> Memo<String> {
    memo(move || profile.with(f).to_string())
}

/// "Your BizTalk Server now": version, edition, operating system, SQL Server with its service
/// pack and edition (both optional), and the SQL Server at Setup.
fn current_fields(profile: RwSignal<UpgradeProfile>) -> AnyView {
    el("fieldset")
        .class("bts-fields")
        .child(el("legend").text("Your BizTalk Server now"))
        .child(
            // Not `bts-help`: its dimmed text would take the link under the contrast minimum.
            el("p")
                .class("bts-where")
                .text("Not sure of a value? ")
                .child(
                    el("a")
                        .attr("href", present::source_href("compatibility.html#which-version"))
                        .text("Which version and edition do I have?"),
                )
                .text(" says where to read each; SQL Server's service pack and edition come from ")
                .child(el("code").text("SERVERPROPERTY('ProductLevel')"))
                .text(" and ")
                .child(el("code").text("SERVERPROPERTY('Edition')"))
                .text("."),
        )
        .children([
            select(Select {
                id: "upgrade-from",
                label: "Current version",
                options: fixed(labelled(Version::SOURCES)),
                current: shown(profile, |p| p.from.id()),
                chosen: change(profile, |p, v| {
                    if let Some(from) = Version::from_id(v).filter(|v| Version::SOURCES.contains(v)) {
                        p.from = from;
                        if p.to <= from {
                            p.to = from.next_target();
                        }
                    }
                }),
            }),
            select(Select {
                id: "upgrade-edition",
                label: "Current edition",
                options: fixed(labelled(Edition::ALL)),
                current: shown(profile, |p| p.edition.id()),
                chosen: change(profile, |p, v| p.edition = Edition::from_id(v).unwrap_or(p.edition)),
            }),
            select(Select {
                id: "upgrade-os",
                label: "Operating system it runs on",
                options: fixed(labelled(OperatingSystem::ALL)),
                current: shown(profile, |p| p.os.id()),
                chosen: change(profile, |p, v| p.os = OperatingSystem::from_id(v).unwrap_or(p.os)),
            }),
            select(Select {
                id: "upgrade-sql",
                label: "SQL Server that hosts the BizTalk databases",
                options: fixed(labelled(SqlServer::ALL)),
                current: shown(profile, |p| p.sql.id()),
                chosen: change(profile, |p, v| {
                    p.sql = SqlServer::from_id(v).unwrap_or(p.sql);
                    // A SQL Server for Setup older than the present one would be a downgrade.
                    p.sql_target = p.sql_target.filter(|t| !t.is_older_than(p.sql));
                    // A service pack the new version never had is not known any more.
                    p.sql_level = p
                        .sql_level
                        .filter(|l| present::sql_levels(p.sql).contains(l));
                }),
            }),
            select(Select {
                id: "upgrade-sql-level",
                label: "Its service pack (optional)",
                options: memo(move || profile.with(present::upgrade_sql_level_options)),
                current: shown(profile, |p| p.sql_level.map_or("", SqlLevel::id)),
                chosen: change(profile, |p, v| {
                    p.sql_level = SqlLevel::from_id(v).filter(|l| present::sql_levels(p.sql).contains(l));
                }),
            }),
            select(Select {
                id: "upgrade-sql-edition",
                label: "Its edition (optional)",
                options: fixed(present::upgrade_sql_edition_options()),
                current: shown(profile, |p| p.sql_edition.map_or("", SqlEdition::id)),
                chosen: change(profile, |p, v| p.sql_edition = SqlEdition::from_id(v)),
            }),
            select(Select {
                id: "upgrade-sql-target",
                label: "SQL Server at BizTalk Server Setup (optional)",
                options: memo(move || profile.with(present::upgrade_sql_target_options)),
                current: shown(profile, |p| p.sql_target.map_or("", SqlServer::id)),
                chosen: change(profile, |p, v| p.sql_target = SqlServer::from_id(v)),
            }),
        ])
        .view()
}

/// "Where you want to go": the target version and edition.
fn target_fields(profile: RwSignal<UpgradeProfile>, report: Memo<UpgradeReport>) -> AnyView {
    el("fieldset")
        .class("bts-fields")
        .child(el("legend").text("Where you want to go"))
        .children([
            select(Select {
                id: "upgrade-to",
                label: "Target version",
                options: memo(move || profile.with(present::upgrade_to_options)),
                current: shown(profile, |p| p.to.id()),
                chosen: change(profile, |p, v| {
                    if let Some(to) = Version::from_id(v).filter(|v| Version::TARGETS.contains(v) && *v > p.from) {
                        p.to = to;
                    }
                }),
            }),
            select(Select {
                id: "upgrade-to-edition",
                label: "Target edition",
                options: memo(move || profile.with(|p| report.with(|r| present::upgrade_to_edition_options(p, r)))),
                current: shown(profile, |p| present::edition_or_any(p.to_edition)),
                chosen: change(profile, |p, v| p.to_edition = Edition::from_id(v)),
            }),
        ])
        .view()
}

fn feature_group(group: FeatureGroup, profile: RwSignal<UpgradeProfile>, report: Memo<UpgradeReport>) -> AnyView {
    let help = format!("feature-group-{}-help", group.id());
    let boxes = Feature::ALL
        .iter()
        .filter(|f| f.group() == group)
        .map(|feature| feature_row(*feature, profile, report));
    el("fieldset")
        .class("bts-feature-group")
        .attr("aria-describedby", help.clone())
        .child(el("legend").text(group.label()))
        .child(
            el("p")
                .class("bts-help")
                .id(help)
                .text(present::group_help(group)),
        )
        .children(boxes)
        .view()
}

/// A feature's three states in two boxes: used (`name=feature`) or "not sure" (`name=unsure`),
/// never both (ticking one clears the other); neither is "not used".
///
/// A feature the answers already imply (64-bit computers on a Windows Server, SQL Server upgraded
/// when a SQL Server for Setup is chosen, ...) shows ticked and cannot be unticked: the answer
/// counts it, and the form says so rather than leaving the box empty (scenario report, B17).
fn feature_row(feature: Feature, profile: RwSignal<UpgradeProfile>, report: Memo<UpgradeReport>) -> AnyView {
    // Inferred features are never ticked ones (the rules infer only what is not ticked).
    let counted = memo(move || report.with(|r| r.inferred_features.iter().any(|i| i.feature == feature)));
    // Which of the profile's two sets a box edits: the features used, or the unsure ones.
    let set = |unsure: bool| {
        Callback::new(move |on: bool| {
            profile.update(|p| {
                let (this, other) = if unsure { (&mut p.unsure, &mut p.features) } else { (&mut p.features, &mut p.unsure) };
                if on {
                    this.insert(feature);
                    other.remove(&feature);
                } else {
                    this.remove(&feature);
                }
            })
        })
    };
    el("div")
        .class("bts-feature")
        .child(checkbox(Checkbox {
            class: "bts-flag",
            input: el("input")
                .attr("name", "feature")
                .attr("value", feature.id())
                .flag("disabled", move || counted.get()),
            id: format!("feature-{}", feature.id()),
            label: feature.label(),
            on: memo(move || counted.get() || profile.with(|p| p.features.contains(&feature))),
            set: set(false),
        }))
        .child(checkbox(Checkbox {
            class: "bts-flag bts-unsure",
            input: el("input")
                .attr("name", "unsure")
                .attr("value", feature.id())
                .attr("aria-label", format!("Not sure: {}", feature.label())),
            id: format!("unsure-{}", feature.id()),
            label: "Not sure",
            on: memo(move || profile.with(|p| p.unsure.contains(&feature))),
            set: set(true),
        }))
        .view()
}

/// The parts of the answer below the summary, in order: the verdict, what to settle before
/// Setup, the prerequisites, the route, what the target needs, the lifecycles.
fn parts(today: Date, clock: &'static str) -> [Part; 6] {
    [
        Part {
            shows: Shows {
                report: |r| UpgradeReport {
                    verdict: r.verdict,
                    route: r.route.clone(),
                    target_editions: r.target_editions.clone(),
                    inferred_features: r.inferred_features.clone(),
                    // For support ending within a year, said in the verdict's sentence.
                    attention: r.attention.clone(),
                    ..nothing_of(r)
                },
                profile: |_| String::new(),
            },
            draw: Box::new(|_, r| verdict_box(r)),
        },
        Part {
            shows: Shows { report: |r| UpgradeReport { attention: r.attention.clone(), ..nothing_of(r) }, profile: |_| String::new() },
            draw: Box::new(|_, r| attention(r)),
        },
        Part {
            shows: Shows {
                report: |r| UpgradeReport { prerequisites: r.prerequisites.clone(), ..nothing_of(r) },
                profile: |_| String::new(),
            },
            draw: Box::new(|_, r| prerequisites(r)),
        },
        Part {
            shows: Shows {
                report: |r| UpgradeReport { prerequisites: r.prerequisites.clone(), route: r.route.clone(), ..nothing_of(r) },
                profile: |p| format!("{} {}", p.from.id(), p.edition.id()),
            },
            draw: Box::new(route),
        },
        Part { shows: Shows { report: nothing_of, profile: |_| String::new() }, draw: Box::new(|_, r| target_platform(r)) },
        Part {
            shows: Shows { report: nothing_of, profile: |p| format!("{} {}", p.from.id(), p.to.id()) },
            draw: Box::new(move |p, _| lifecycle(p, today, clock)),
        },
    ]
}

/// A part of the answer: what it shows, and how it is drawn.
struct Part {
    shows: Shows,
    draw: Draw,
}

/// What a part of the answer shows: the fields of the report it reads (the others left as in
/// [`nothing_of`]), and the inputs it reads, as text.
struct Shows {
    report: fn(&UpgradeReport) -> UpgradeReport,
    profile: fn(&UpgradeProfile) -> String,
}

/// How a part of the answer is drawn, from the whole profile and report.
type Draw = Box<dyn Fn(&UpgradeProfile, &UpgradeReport) -> AnyView + Send + Sync>;

/// A part of the answer, drawn again only when what it `shows` changes. Every field its drawing
/// reads must be in `shows`: the rest of the report and the profile are not followed (a test
/// below holds every part to it). Memos of `UpgradeReport` and `String`, the types the advisor
/// has already, not a type per part (SIZE.md).
fn part(profile: RwSignal<UpgradeProfile>, report: Memo<UpgradeReport>, Part { shows, draw }: Part) -> AnyView {
    let of_report = memo(move || report.with(shows.report));
    let of_profile = memo(move || profile.with(shows.profile));
    dynamic(move || {
        // Read, not only tracked: a memo that was never read has not run, so it would not
        // follow the report.
        of_report.with(|_| ());
        of_profile.with(|_| ());
        report.with_untracked(|r| profile.with_untracked(|p| draw(p, r)))
    })
}

/// A report with none of the fields a part may show: its verdict one that never changes, its
/// lists empty. Only the target's requirements are kept, a reference into the data (`Copy`).
fn nothing_of(report: &UpgradeReport) -> UpgradeReport {
    UpgradeReport {
        verdict: Verdict::Supported,
        route: Vec::new(),
        target_editions: Vec::new(),
        prerequisites: Vec::new(),
        target_platform: report.target_platform,
        inferred_features: Vec::new(),
        today: report.today,
        lifecycle: Vec::new(),
        attention: Vec::new(),
        steps: Vec::new(),
    }
}

/// The profile in words, for paper (the form is not printed).
fn summary(profile: &UpgradeProfile) -> AnyView {
    let features: Vec<&str> = profile.features.iter().map(|f| f.label()).collect();
    let features = if features.is_empty() { "Features: none ticked.".to_string() } else { format!("Features: {}.", features.join("; ")) };
    let unsure: Vec<&str> = profile.unsure.iter().map(|f| f.label()).collect();
    // The SQL Server's service pack and edition where given: "SQL Server 2016 (Service Pack 3)".
    let mut known = Vec::new();
    if let Some(level) = profile.sql_level {
        known.push(level.label());
    }
    if let Some(edition) = profile.sql_edition {
        known.push(edition.label());
    }
    let sql = if known.is_empty() { profile.sql.label().to_string() } else { format!("{} ({})", profile.sql.label(), known.join(", ")) };
    el("ul")
        .class("bts-profile-summary")
        .child(el("li").text(format!(
            "Current: {} {} edition, on {}, databases on {sql}.",
            profile.from.label(),
            profile.edition.label(),
            profile.os.label(),
        )))
        .child(el("li").text(format!(
            "Target: {} ({}).",
            profile.to.label(),
            profile.to_edition.map_or("any reachable edition", Edition::label)
        )))
        .child(
            profile
                .sql_target
                .filter(|t| *t != profile.sql)
                .map(|t| el("li").text(format!("SQL Server at BizTalk Server Setup: {}.", t.label()))),
        )
        .child(el("li").text(features))
        .child((!unsure.is_empty()).then(|| el("li").text(format!("Not sure: {}.", unsure.join("; ")))))
        .view()
}

/// The verdict, why, the editions the upgrade can end in, and the features counted without
/// being ticked.
fn verdict_box(report: &UpgradeReport) -> AnyView {
    let verdict = report.verdict.id();
    let names: Vec<&str> = report.target_editions.iter().map(|e| e.label()).collect();
    let editions = if names.is_empty() {
        "No edition can be reached by an in-place upgrade from the current edition.".to_string()
    } else {
        format!("Editions the upgrade can end in: {}.", names.join(", "))
    };
    let inferred = (!report.inferred_features.is_empty()).then(|| {
        el("div")
            .id("upgrade-inferred")
            .child(el("p").text("Also counted, from your answers (ticked and locked above):"))
            .child(el("ul").children(report.inferred_features.iter().map(|i| {
                el("li")
                    .attr("data-feature", i.feature.id())
                    .child(el("strong").text(i.feature.label()))
                    .text(": ")
                    .text(i.reason.clone())
                    .view()
            })))
    });
    el("div")
        .class("bts-verdict-box")
        .attr("data-verdict", verdict)
        .child(
            el("h2")
                .class("bts-heading")
                .text("Can you upgrade in place?"),
        )
        .child(
            el("p")
                .class("bts-verdict-line")
                .child(
                    el("strong")
                        .id("upgrade-verdict")
                        .class("bts-verdict")
                        .attr("data-verdict", verdict)
                        .text(report.verdict.label()),
                )
                .text(" ")
                .child(
                    el("span")
                        .class("bts-verdict-explanation")
                        .text(present::verdict_explanation(report)),
                ),
        )
        .child(el("p").id("upgrade-target-editions").text(editions))
        .child(inferred)
        .view()
}

/// What to settle before Setup, right under the verdict (nothing when there is none): an
/// unsupported start, support ending, an unknown service pack, the SQL Server edition, ...
fn attention(report: &UpgradeReport) -> AnyView {
    if report.attention.is_empty() {
        return ().into_any();
    }
    el("section")
        .id("upgrade-attention")
        .class("bts-attention")
        .child(
            el("h2")
                .class("bts-heading")
                .text("Settle before you start"),
        )
        .child(el("ul").children(report.attention.iter().map(|item| {
            el("li")
                .attr("data-attention-id", item.id)
                .child(el("p").child(el("strong").text(item.title.clone())))
                .child(el("p").text(item.detail.clone()))
                .child(source_paragraph(source_link(item.source), item.source))
                .view()
        })))
        .view()
}

/// The moves before BizTalk Server Setup (nothing when there are none).
fn prerequisites(report: &UpgradeReport) -> AnyView {
    if report.prerequisites.is_empty() {
        return ().into_any();
    }
    el("section")
        .id("upgrade-prerequisites")
        .class("bts-prerequisites")
        .child(
            el("h2")
                .class("bts-heading")
                .text("Before BizTalk Server Setup"),
        )
        .child(el("ol").children(report.prerequisites.iter().map(|pre| {
            let to: Vec<&str> = pre.to.iter().map(|s| s.id()).collect();
            el("li")
                .class("prerequisite")
                .attr("data-prerequisite-id", pre.id)
                .attr("data-area", pre.area.id())
                .attr("data-from", pre.from.id())
                .attr("data-to", to.join(" "))
                .child(el("p").child(el("strong").text(pre.title.clone())))
                .child(el("p").text(pre.detail.clone()))
                .child(source_paragraph(source_link(pre.source), pre.source))
                .view()
        })))
        .view()
}

/// The diagram first (prerequisites, then version to version), then each hop in detail.
fn route(profile: &UpgradeProfile, report: &UpgradeReport) -> AnyView {
    let route = el("div")
        .class("bts-route")
        .child(route_map(profile.from, profile.edition, report));
    route
        .children(report.route.iter().map(|hop| {
            el("section")
                .class("hop")
                .attr("data-hop-to", hop.to.id())
                .attr("data-supported", if hop.is_supported() { "true" } else { "false" })
                .child(el("h3").class("bts-heading").text(format!(
                    "{} {} to {} {}",
                    hop.from.label(),
                    hop.edition.label(),
                    hop.to.label(),
                    hop.to_edition.label()
                )))
                .child(
                    el("ul")
                        .class("bts-checks")
                        .children(hop.checks.iter().map(|check| {
                            let status = check.status.id();
                            el("li")
                                .class("check")
                                .attr("data-area", check.area.id())
                                .attr("data-status", status)
                                .child(
                                    el("p")
                                        .child(
                                            el("span")
                                                .class("bts-status")
                                                .attr("data-status", status)
                                                .text(check.status.label()),
                                        )
                                        .text(" ")
                                        .child(el("strong").text(check.area.label()))
                                        .text(": ")
                                        .text(check.detail.clone()),
                                )
                                .child(check.remedy.clone().map(|remedy| {
                                    el("p")
                                        .class("bts-remedy")
                                        .child(el("strong").text("What to do: "))
                                        .text(remedy)
                                }))
                                .view()
                        })),
                )
                .view()
        }))
        .view()
}

/// What the target version needs of a computer.
fn target_platform(report: &UpgradeReport) -> AnyView {
    let platform = report.target_platform;
    let (os, sql) = (platform.os_names(), platform.sql_names());
    el("section")
        .id("upgrade-target-platform")
        .attr("data-version", platform.version.id())
        .child(
            el("h2")
                .class("bts-heading")
                .text(format!("What {} needs of a computer", platform.version.label())),
        )
        .child(
            el("p")
                .child(el("strong").text("Windows:"))
                .text(format!(" {}.", os.join(", "))),
        )
        .child(
            el("p")
                .child(el("strong").text("SQL Server:"))
                .text(format!(" {}.", sql.join(", "))),
        )
        .child(
            el("ul").class("bts-platform-notes").children(
                platform
                    .notes()
                    .into_iter()
                    .map(|note| el("li").text(note).view()),
            ),
        )
        .view()
}

/// The support timeline and every version of the route in words: 2016 on the way from 2013 R2
/// to 2020 too. The route's versions follow from the current and the target version alone
/// ([`route`](bts_rules::route)), so the part needs only those two of the profile.
fn lifecycle(profile: &UpgradeProfile, today: Date, clock: &'static str) -> AnyView {
    el("div")
        .class("bts-lifecycle")
        .child(el("h2").class("bts-heading").text("Support lifecycle"))
        .child(support_timeline(&Timeline {
            id: "upgrade-timeline",
            today,
            today_label: "Today",
            updates: false,
            marks: &[(profile.from, "current"), (profile.to, "target")],
        }))
        .child(
            el("ul").id("upgrade-lifecycle").children(
                std::iter::once(profile.from)
                    .chain(
                        bts_rules::route(profile.from, profile.to)
                            .iter()
                            .map(|u| u.to),
                    )
                    .map(|v| {
                        el("li")
                            .attr("data-version", v.id())
                            .text(Lifecycle::of(v).describe_on(today))
                            .view()
                    }),
            ),
        )
        .child(
            el("p")
                .class("bts-help")
                .text(format!("As of {today}, {clock}.")),
        )
        .view()
}

#[cfg(test)]
mod tests {
    use super::*;
    use bts_rules::testing::upgrade_profiles;
    use proptest::prelude::*;

    /// The parts of [`parts`], in order, for messages.
    const NAMES: [&str; 6] = ["verdict", "attention", "prerequisites", "route", "target platform", "lifecycle"];

    fn html(view: impl FnOnce() -> AnyView) -> String {
        Owner::new().with(|| view().to_html())
    }

    fn the_parts() -> [Part; 6] {
        parts(Date::new(2026, 12, 3), "by this computer's clock")
    }

    /// `profile` with one of its fields (by number, in the struct's order) taken from `other`.
    fn with_one_field_of(mut profile: UpgradeProfile, other: &UpgradeProfile, field: usize) -> UpgradeProfile {
        match field {
            0 => profile.from = other.from,
            1 => profile.to = other.to,
            2 => profile.edition = other.edition,
            3 => profile.to_edition = other.to_edition,
            4 => profile.os = other.os,
            5 => profile.sql = other.sql,
            6 => profile.sql_target = other.sql_target,
            7 => profile.sql_level = other.sql_level,
            8 => profile.sql_edition = other.sql_edition,
            9 => profile.unsure = other.unsure,
            _ => profile.features = other.features,
        }
        profile
    }

    proptest! {
        /// A part is drawn from the whole report but redrawn only when the report fields its
        /// `Shows` names change: drawn from those fields alone, it must be the same part, or a
        /// change of another field would leave it stale on the page.
        #[test]
        fn each_part_drawn_from_what_it_shows_equals_the_part_drawn_from_the_whole_report(profile in upgrade_profiles()) {
            let report = evaluate_upgrade(&profile, bts_rules::testing::TODAY);
            for (part, name) in the_parts().iter().zip(NAMES) {
                let whole = html(|| (part.draw)(&profile, &report));
                let shown = html(|| (part.draw)(&profile, &(part.shows.report)(&report)));
                prop_assert_eq!(shown, whole, "the {} part reads fields of the report its Shows does not name", name);
            }
        }

        /// Two profiles that differ in one input and that a part shows alike (the same inputs
        /// and report fields of its `Shows`) draw it alike: the change does not redraw it, so it
        /// must not change it.
        #[test]
        fn a_part_is_drawn_alike_for_profiles_it_shows_alike(profile in upgrade_profiles(), other in upgrade_profiles(), field in 0..11usize) {
            let changed = with_one_field_of(profile.clone(), &other, field);
            prop_assume!(changed.validate().is_ok());
            let (report, changed_report) = (evaluate_upgrade(&profile, bts_rules::testing::TODAY), evaluate_upgrade(&changed, bts_rules::testing::TODAY));
            for (part, name) in the_parts().iter().zip(NAMES) {
                let Shows { report: of_report, profile: of_profile } = part.shows;
                if of_profile(&profile) == of_profile(&changed) && of_report(&report) == of_report(&changed_report) {
                    let before = html(|| (part.draw)(&profile, &report));
                    let after = html(|| (part.draw)(&changed, &changed_report));
                    prop_assert_eq!(before, after, "the {} part reads inputs its Shows does not name (field {})", name, field);
                }
            }
        }
    }
}
