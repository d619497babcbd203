//! The upgrade advisor: the profile, the form that edits it, and the answer.

use bts_rules::{
    Date, Edition, Feature, FeatureGroup, Lifecycle, OperatingSystem, SqlServer, UpgradeProfile, UpgradeReport, Verdict, Version,
    evaluate_upgrade,
};
use leptos::prelude::*;

use super::el::{dynamic, el, memo};
use super::route::route_map;
use super::timeline::{Timeline, support_timeline};
use super::{RenderMode, Shell, checkbox, fixed, form, select, shell, source};
use crate::present::{self, labelled};
use crate::profile_file;
use crate::progress::AdvisorKind;
use crate::share::{self, Decoded};

pub fn advisor(decoded: Decoded<UpgradeProfile>, mode: RenderMode) -> AnyView {
    let Decoded { profile, problems } = decoded;
    let profile = RwSignal::new(profile);
    let report = memo(move || profile.with(evaluate_upgrade));
    let today = mode.today;
    let clock = if mode.live { "by this computer's clock" } else { "the day this site was built" };
    let change = move |f: fn(&mut UpgradeProfile, &str)| Callback::new(move |value: String| profile.update(|p| f(p, &value)));
    let shown = move |f: fn(&UpgradeProfile) -> &'static str| memo(move || profile.with(f).to_string());

    let controls = form(
        mode,
        vec![
            el("fieldset")
                .class("bts-fields")
                .child(el("legend").text("Your BizTalk Server now"))
                .children([
                    select(
                        "upgrade-from",
                        "Current version",
                        fixed(labelled(Version::SOURCES)),
                        shown(|p| p.from.id()),
                        change(|p, v| {
                            if let Some(from) = Version::from_id(v).filter(|v| Version::SOURCES.contains(v)) {
                                p.from = from;
                                if p.to <= from {
                                    p.to = share::first_target_after(from);
                                }
                            }
                        }),
                    ),
                    select(
                        "upgrade-edition",
                        "Current edition",
                        fixed(labelled(Edition::ALL)),
                        shown(|p| p.edition.id()),
                        change(|p, v| p.edition = Edition::from_id(v).unwrap_or(p.edition)),
                    ),
                    select(
                        "upgrade-os",
                        "Operating system it runs on",
                        fixed(labelled(OperatingSystem::ALL)),
                        shown(|p| p.os.id()),
                        change(|p, v| p.os = OperatingSystem::from_id(v).unwrap_or(p.os)),
                    ),
                    select(
                        "upgrade-sql",
                        "SQL Server that hosts the BizTalk databases",
                        fixed(labelled(SqlServer::ALL)),
                        shown(|p| p.sql.id()),
                        change(|p, v| {
                            p.sql = SqlServer::from_id(v).unwrap_or(p.sql);
                            // A SQL Server for Setup older than the present one would be a downgrade.
                            p.sql_target = p.sql_target.filter(|t| !t.is_older_than(p.sql));
                        }),
                    ),
                    select(
                        "upgrade-sql-target",
                        "SQL Server at BizTalk Server Setup (optional)",
                        memo(move || profile.with(present::upgrade_sql_target_options)),
                        shown(|p| p.sql_target.map_or("", SqlServer::id)),
                        change(|p, v| p.sql_target = SqlServer::from_id(v)),
                    ),
                ])
                .view(),
            el("fieldset")
                .class("bts-fields")
                .child(el("legend").text("Where you want to go"))
                .children([
                    select(
                        "upgrade-to",
                        "Target version",
                        memo(move || profile.with(present::upgrade_to_options)),
                        shown(|p| p.to.id()),
                        change(|p, v| {
                            if let Some(to) = Version::from_id(v).filter(|v| Version::TARGETS.contains(v) && *v > p.from) {
                                p.to = to;
                            }
                        }),
                    ),
                    select(
                        "upgrade-to-edition",
                        "Target edition",
                        memo(move || profile.with(|p| report.with(|r| present::upgrade_to_edition_options(p, r)))),
                        shown(|p| present::edition_or_any(p.to_edition)),
                        change(|p, v| p.to_edition = Edition::from_id(v)),
                    ),
                ])
                .view(),
        ],
    );

    // The feature checkboxes change only the checklist, so they follow the verdict.
    let features = form(
        mode,
        vec![
            el("fieldset")
                .class("bts-fields bts-features")
                .child(el("legend").text("What the deployment uses"))
                .child(el("p").class("bts-help").text("Tick what applies: each adds the steps it needs to the checklist below."))
                .children(FeatureGroup::ALL.iter().map(|group| feature_group(*group, profile)))
                .view(),
        ],
    );

    let answer = answer(profile, report, today, clock);

    let link_notice = RwSignal::new(share::problems_notice(&problems).unwrap_or_default());
    shell(
        Shell {
            prefix: "upgrade",
            kind: AdvisorKind::Upgrade,
            checklist_heading: "Checklist",
            owns_url: mode.owns_url,
            defer_checklist: mode.defer_checklist,
            canonical: memo(move || profile.with(share::encode_upgrade)),
            sections: memo(move || report.with(UpgradeReport::checklist)),
            announcement: memo(move || report.with(present::upgrade_announcement)),
            markdown: Callback::new(move |()| report.with_untracked(|r| profile.with_untracked(|p| r.to_markdown(p)))),
            to_json: Callback::new(move |()| profile.with_untracked(profile_file::upgrade_to_json)),
            apply_link: Callback::new(move |text: String| {
                let decoded = share::decode_upgrade(&text);
                profile.set(decoded.profile);
                share::problems_notice(&decoded.problems).unwrap_or_default()
            }),
            load_json: Callback::new(move |text: String| match profile_file::upgrade_from_json(&text) {
                Ok(loaded) => {
                    profile.set(loaded);
                    String::new()
                }
                Err(problem) => problem,
            }),
            link_notice,
        },
        controls,
        answer,
        features,
    )
}

fn feature_group(group: FeatureGroup, profile: RwSignal<UpgradeProfile>) -> AnyView {
    let help = format!("feature-group-{}-help", group.id());
    let boxes = Feature::ALL.iter().filter(|f| f.group() == group).map(|feature| {
        let feature = *feature;
        let input = el("input").attr("name", "feature").attr("value", feature.id());
        checkbox(
            "bts-flag",
            input,
            format!("feature-{}", feature.id()),
            feature.label(),
            memo(move || profile.with(|p| p.features.contains(&feature))),
            Callback::new(move |on: bool| {
                profile.update(|p| {
                    if on {
                        p.features.insert(feature);
                    } else {
                        p.features.remove(&feature);
                    }
                })
            }),
        )
    });
    el("fieldset")
        .class("bts-feature-group")
        .attr("aria-describedby", help.clone())
        .child(el("legend").text(group.label()))
        .child(el("p").class("bts-help").attr("id", help).text(present::group_help(group)))
        .children(boxes)
        .view()
}

/// Everything about the answer except the checklist: the profile in words (for paper), the
/// verdict, the prerequisites, the route with each hop's checks and remedies, what the target
/// needs, and the lifecycles. Each part is drawn again only when what it shows has changed (see
/// [`part`]): a new operating system redraws the summary, the verdict and the checks, not the
/// timeline or the target's requirements.
fn answer(profile: RwSignal<UpgradeProfile>, report: Memo<UpgradeReport>, today: Date, clock: &'static str) -> AnyView {
    let part = |shows: Shows, draw: Draw| part(profile, report, shows, draw);
    vec![
        dynamic(move || profile.with(summary)),
        part(
            Shows {
                report: |r| UpgradeReport {
                    verdict: r.verdict,
                    route: r.route.clone(),
                    target_editions: r.target_editions.clone(),
                    inferred_features: r.inferred_features.clone(),
                    ..nothing_of(r)
                },
                profile: |_| String::new(),
            },
            Box::new(|_, r| verdict_box(r)),
        ),
        part(
            Shows { report: |r| UpgradeReport { prerequisites: r.prerequisites.clone(), ..nothing_of(r) }, profile: |_| String::new() },
            Box::new(|_, r| prerequisites(r)),
        ),
        part(
            Shows {
                report: |r| UpgradeReport { prerequisites: r.prerequisites.clone(), route: r.route.clone(), ..nothing_of(r) },
                profile: |p| format!("{} {}", p.from.id(), p.edition.id()),
            },
            Box::new(route),
        ),
        part(Shows { report: nothing_of, profile: |_| String::new() }, Box::new(|_, r| target_platform(r))),
        // The route's versions follow from the current and the target version alone
        // (`bts_rules::route`): the lifecycles need only those two.
        part(
            Shows { report: nothing_of, profile: |p| format!("{} {}", p.from.id(), p.to.id()) },
            Box::new(move |p, r| lifecycle(p, r, today, clock)),
        ),
    ]
    .into_any()
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
/// reads must be in `shows`: the rest of the report and the profile are not followed. (Memos of
/// `UpgradeReport` and `String`, the types the advisor has already, rather than a type per part:
/// each memo type costs the WASM its own copy of the reactive code.)
fn part(profile: RwSignal<UpgradeProfile>, report: Memo<UpgradeReport>, shows: Shows, draw: Draw) -> AnyView {
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
        steps: Vec::new(),
    }
}

/// The profile in words, for paper (the form is not printed).
fn summary(profile: &UpgradeProfile) -> AnyView {
    let features: Vec<&str> = profile.features.iter().map(|f| f.label()).collect();
    let features = if features.is_empty() { "Features: none ticked.".to_string() } else { format!("Features: {}.", features.join("; ")) };
    el("ul")
        .class("bts-profile-summary")
        .child(el("li").text(format!(
            "Current: {} {} edition, on {}, databases on {}.",
            profile.from.label(),
            profile.edition.label(),
            profile.os.label(),
            profile.sql.label()
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
            .child(el("p").text("Also counted, from what you entered (their steps are in the checklist):"))
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
        .child(el("h2").class("bts-heading").text("Can you upgrade in place?"))
        .child(
            el("p")
                .class("bts-verdict-line")
                .child(
                    el("strong")
                        .id("upgrade-verdict")
                        .class("bts-verdict")
                        .attr("data-verdict", verdict)
                        .text(present::verdict_word(report.verdict)),
                )
                .text(" ")
                .child(el("span").class("bts-verdict-explanation").text(present::verdict_explanation(report))),
        )
        .child(el("p").id("upgrade-target-editions").text(editions))
        .child(inferred)
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
        .child(el("h2").class("bts-heading").text("Before BizTalk Server Setup"))
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
                .child(source(pre.source))
                .view()
        })))
        .view()
}

/// The diagram first (prerequisites, then version to version), then each hop in detail.
fn route(profile: &UpgradeProfile, report: &UpgradeReport) -> AnyView {
    let route = el("div").class("bts-route").child(route_map(profile.from, profile.edition, report));
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
                .child(el("ul").class("bts-checks").children(hop.checks.iter().map(|check| {
                    let status = check.status.id();
                    el("li")
                        .class("check")
                        .attr("data-area", check.area.id())
                        .attr("data-status", status)
                        .child(
                            el("p")
                                .child(el("span").class("bts-status").attr("data-status", status).text(present::status_text(check.status)))
                                .text(" ")
                                .child(el("strong").text(check.area.label()))
                                .text(": ")
                                .text(check.detail.clone()),
                        )
                        .child(
                            check
                                .remedy
                                .clone()
                                .map(|remedy| el("p").class("bts-remedy").child(el("strong").text("What to do: ")).text(remedy)),
                        )
                        .view()
                })))
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
        .child(el("h2").class("bts-heading").text(format!("What {} needs of a computer", platform.version.label())))
        .child(el("p").child(el("strong").text("Windows:")).text(format!(" {}.", os.join(", "))))
        .child(el("p").child(el("strong").text("SQL Server:")).text(format!(" {}.", sql.join(", "))))
        .child(el("ul").class("bts-platform-notes").children(platform.notes().into_iter().map(|note| el("li").text(note).view())))
        .view()
}

/// The support timeline and every version of the route in words: 2016 on the way from 2013 R2
/// to 2020 too.
fn lifecycle(profile: &UpgradeProfile, report: &UpgradeReport, today: Date, clock: &'static str) -> AnyView {
    el("div")
        .class("bts-lifecycle")
        .child(el("h2").class("bts-heading").text("Support lifecycle"))
        .child(support_timeline(&Timeline {
            id: "upgrade-timeline",
            today,
            today_label: "Today",
            marks: &[(profile.from, "current"), (profile.to, "target")],
        }))
        .child(
            el("ul").id("upgrade-lifecycle").children(
                std::iter::once(profile.from)
                    .chain(report.route.iter().map(|h| h.to))
                    .map(|v| el("li").attr("data-version", v.id()).text(Lifecycle::of(v).describe_on(today)).view()),
            ),
        )
        .child(el("p").class("bts-help").text(format!("As of {today}, {clock}.")))
        .view()
}
