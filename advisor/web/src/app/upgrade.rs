//! The upgrade advisor: the profile form, the verdict hop by hop, the lifecycle and the checklist.

use bts_rules::{
    Date, Edition, Feature, FeatureGroup, Hop, Lifecycle, OperatingSystem, SqlServer, UpgradeProfile, UpgradeReport,
    Version, evaluate_upgrade,
};
use leptos::prelude::*;

use super::common::{Progress, StepView, choice, export_bar, notices, step_item, sync_url};
use crate::present;
use crate::progress::Advisor;
use crate::share::{Decoded, decode_upgrade, encode_upgrade, first_target_after, problems_notice};

fn labelled<T: Copy>(values: &[T], id: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<(&'static str, String)> {
    values.iter().map(|v| (id(*v), label(*v).to_string())).collect()
}

#[component]
pub fn UpgradeAdvisor(initial: Decoded<UpgradeProfile>, owns_url: bool, today: Date) -> impl IntoView {
    let profile = RwSignal::new(initial.profile);
    let link_notice = RwSignal::new(problems_notice(&initial.problems));
    let report = Memo::new(move |_| profile.with(evaluate_upgrade));
    let canonical = Memo::new(move |_| profile.with(encode_upgrade));
    let progress = Progress::new(Advisor::Upgrade, canonical);
    if owns_url {
        sync_url(canonical, move |text| {
            let decoded = decode_upgrade(text);
            profile.set(decoded.profile);
            link_notice.set(problems_notice(&decoded.problems));
        });
    }
    let announcement = Memo::new(move |_| report.with(present::upgrade_announcement));

    view! {
        <div class="bts-advisor bts-upgrade">
            <UpgradeForm profile report/>
            {notices("upgrade", link_notice, progress.notice)}
            <p class="bts-sr-only" aria-live="polite">{move || announcement.get()}</p>
            <ProfileSummary profile/>
            <Verdict report/>
            <Route report/>
            <LifecycleList profile today/>
            <h2 class="bts-heading">"Checklist"</h2>
            {export_bar("upgrade", move || profile.with_untracked(|p| report.with_untracked(|r| r.to_markdown(p))))}
            <Checklist report progress/>
        </div>
    }
}

/// The inputs. Every change updates the profile at once; there is nothing to submit.
#[component]
fn UpgradeForm(profile: RwSignal<UpgradeProfile>, report: Memo<UpgradeReport>) -> impl IntoView {
    let set = move |change: fn(&mut UpgradeProfile, &str), value: String| profile.update(|p| change(p, &value));
    view! {
        <form class="bts-inputs" on:submit=|ev| ev.prevent_default()>
            <fieldset class="bts-fields">
                <legend>"Your BizTalk Server now"</legend>
                {choice(
                    "upgrade-from",
                    "Current version",
                    || labelled(Version::SOURCES, Version::id, Version::label),
                    move || profile.with(|p| p.from.id()),
                    move |v| set(|p, v| {
                        if let Some(from) = Version::from_id(v) {
                            p.from = from;
                            if p.to <= from {
                                p.to = first_target_after(from);
                            }
                        }
                    }, v),
                )}
                {choice(
                    "upgrade-edition",
                    "Current edition",
                    || labelled(Edition::ALL, Edition::id, Edition::label),
                    move || profile.with(|p| p.edition.id()),
                    move |v| set(|p, v| p.edition = Edition::from_id(v).unwrap_or(p.edition), v),
                )}
                {choice(
                    "upgrade-os",
                    "Operating system it runs on",
                    || labelled(OperatingSystem::ALL, OperatingSystem::id, OperatingSystem::label),
                    move || profile.with(|p| p.os.id()),
                    move |v| set(|p, v| p.os = OperatingSystem::from_id(v).unwrap_or(p.os), v),
                )}
                {choice(
                    "upgrade-sql",
                    "SQL Server that hosts the BizTalk databases",
                    || labelled(SqlServer::ALL, SqlServer::id, SqlServer::label),
                    move || profile.with(|p| p.sql.id()),
                    move |v| set(|p, v| p.sql = SqlServer::from_id(v).unwrap_or(p.sql), v),
                )}
            </fieldset>
            <fieldset class="bts-fields">
                <legend>"Where you want to go"</legend>
                {choice(
                    "upgrade-to",
                    "Target version",
                    move || {
                        let from = profile.with(|p| p.from);
                        let newer: Vec<Version> = Version::TARGETS.iter().copied().filter(|t| *t > from).collect();
                        labelled(&newer, Version::id, Version::label)
                    },
                    move || profile.with(|p| p.to.id()),
                    move |v| set(|p, v| {
                        if let Some(to) = Version::from_id(v).filter(|to| *to > p.from) {
                            p.to = to;
                        }
                    }, v),
                )}
                {choice(
                    "upgrade-to-edition",
                    "Target edition",
                    move || target_edition_options(&profile.read(), &report.read()),
                    move || profile.with(|p| p.to_edition.map_or("", Edition::id)),
                    move |v| set(|p, v| p.to_edition = Edition::from_id(v), v),
                )}
            </fieldset>
            <fieldset class="bts-fields bts-features">
                <legend>"What the deployment uses"</legend>
                <p class="bts-help">"Tick what applies: each adds the steps it needs to the checklist."</p>
                {FeatureGroup::ALL.iter().map(|group| view! { <FeatureGroupBox group=*group profile/> }).collect_view()}
            </fieldset>
        </form>
    }
}

/// "Any" first, then the editions the route can reach; a chosen edition it cannot reach stays
/// listed (marked), so a shared link shows what it asked for and the edition check explains.
fn target_edition_options(profile: &UpgradeProfile, report: &UpgradeReport) -> Vec<(&'static str, String)> {
    let mut options = vec![("", "Any edition the upgrade can reach".to_string())];
    options.extend(report.target_editions.iter().map(|e| (e.id(), e.label().to_string())));
    if let Some(wanted) = profile.to_edition.filter(|e| !report.target_editions.contains(e)) {
        options.push((wanted.id(), format!("{} (not reachable from {})", wanted.label(), profile.edition.label())));
    }
    options
}

#[component]
fn FeatureGroupBox(group: FeatureGroup, profile: RwSignal<UpgradeProfile>) -> impl IntoView {
    let help_id = format!("feature-group-{}-help", group.id());
    let described_by = help_id.clone();
    let features = Feature::ALL.iter().copied().filter(move |f| f.group() == group);
    view! {
        <fieldset class="bts-feature-group" aria-describedby=described_by>
            <legend>{group.label()}</legend>
            <p class="bts-help" id=help_id>{present::group_help(group)}</p>
            {features
                .map(|feature| {
                    let id = format!("feature-{}", feature.id());
                    view! {
                        <div class="bts-flag">
                            <input
                                type="checkbox"
                                name="feature"
                                value=feature.id()
                                id=id.clone()
                                prop:checked=move || profile.with(|p| p.features.contains(&feature))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    profile.update(|p| {
                                        if on {
                                            p.features.insert(feature);
                                        } else {
                                            p.features.remove(&feature);
                                        }
                                    });
                                }
                            />
                            <label for=id>{feature.label()}</label>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// The profile in words, for paper (the form is not printed).
#[component]
fn ProfileSummary(profile: RwSignal<UpgradeProfile>) -> impl IntoView {
    move || {
        profile.with(|p| {
            let features: Vec<&str> = p.features.iter().map(|f| f.label()).collect();
            let target = p.to_edition.map_or("any reachable edition", Edition::label);
            view! {
                <ul class="bts-profile-summary">
                    <li>{format!("Current: {} {} edition, on {}, databases on {}.", p.from.label(), p.edition.label(), p.os.label(), p.sql.label())}</li>
                    <li>{format!("Target: {} ({target}).", p.to.label())}</li>
                    <li>{if features.is_empty() { "Features: none ticked.".to_string() } else { format!("Features: {}.", features.join("; ")) }}</li>
                </ul>
            }
        })
    }
}

#[component]
fn Verdict(report: Memo<UpgradeReport>) -> impl IntoView {
    view! {
        <div class="bts-verdict-box" data-verdict=move || report.with(|r| r.verdict.id())>
            <h2 class="bts-heading">"Can you upgrade in place?"</h2>
            <p class="bts-verdict-line">
                <strong id="upgrade-verdict" class="bts-verdict" data-verdict=move || report.with(|r| r.verdict.id())>
                    {move || report.with(|r| present::verdict_word(r.verdict))}
                </strong>
                " "
                <span class="bts-verdict-explanation">{move || report.with(present::verdict_explanation)}</span>
            </p>
            <p id="upgrade-target-editions">
                {move || {
                    report.with(|r| {
                        let names: Vec<&str> = r.target_editions.iter().map(|e| e.label()).collect();
                        if names.is_empty() {
                            "No edition can be reached by an in-place upgrade from the current edition.".to_string()
                        } else {
                            format!("Editions the upgrade can end in: {}.", names.join(", "))
                        }
                    })
                }}
            </p>
        </div>
    }
}

#[component]
fn Route(report: Memo<UpgradeReport>) -> impl IntoView {
    view! { <div class="bts-route">{move || report.with(|r| r.route.iter().map(hop_view).collect_view())}</div> }
}

fn hop_view(hop: &Hop) -> impl IntoView + use<> {
    let heading = format!(
        "{} {} to {} {}",
        hop.from.label(),
        hop.edition.label(),
        hop.to.label(),
        hop.to_edition.label()
    );
    let checks = hop
        .checks
        .iter()
        .map(|check| {
            let remedy = check.remedy.clone().map(|remedy| {
                view! { <p class="bts-remedy"><strong>"What to do: "</strong>{remedy}</p> }
            });
            view! {
                <li class="check" data-area=check.area.id() data-status=check.status.id()>
                    <p>
                        <span class="bts-status" data-status=check.status.id()>{present::status_text(check.status)}</span>
                        " "
                        <strong>{check.area.label()}</strong>
                        ": "
                        {check.detail.clone()}
                    </p>
                    {remedy}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="hop" data-hop-to=hop.to.id() data-supported=hop.is_supported().to_string()>
            <h3 class="bts-heading">{heading}</h3>
            <ul class="bts-checks">{checks}</ul>
        </section>
    }
}

#[component]
fn LifecycleList(profile: RwSignal<UpgradeProfile>, today: Date) -> impl IntoView {
    view! {
        <div class="bts-lifecycle">
            <h2 class="bts-heading">"Support lifecycle"</h2>
            <ul id="upgrade-lifecycle">
                {move || {
                    let (from, to) = profile.with(|p| (p.from, p.to));
                    [from, to]
                        .into_iter()
                        .map(|v| view! { <li data-version=v.id()>{Lifecycle::of(v).describe_on(today)}</li> })
                        .collect_view()
                }}
            </ul>
            <p class="bts-help">{format!("As of today, {today}, by this browser's clock.")}</p>
        </div>
    }
}

#[component]
fn Checklist(report: Memo<UpgradeReport>, progress: Progress) -> impl IntoView {
    let counts = move || {
        report.with(|r| {
            let ids: Vec<String> = r.steps.iter().map(|s| s.id().into_owned()).collect();
            let (done, total) = progress.count(ids.iter().map(String::as_str));
            present::progress_text(done, total)
        })
    };
    view! {
        <p class="bts-progress">{counts}</p>
        <div class="bts-checklist">
            {move || {
                report.with(|r| {
                    present::upgrade_groups(&r.steps)
                        .into_iter()
                        .map(|(heading, steps)| {
                            let phase = steps[0].step.phase.id();
                            view! {
                                <section class="bts-phase" data-phase=phase>
                                    <h3 class="bts-heading">{heading}</h3>
                                    <ol class="bts-steps">
                                        {steps
                                            .into_iter()
                                            .map(|s| {
                                                let view = StepView {
                                                    id: s.id().into_owned(),
                                                    phase: s.step.phase.id(),
                                                    title: s.step.title,
                                                    detail_html: s.step.detail_html,
                                                    code: s.step.code,
                                                    source: s.step.source,
                                                };
                                                step_item("upgrade", view, progress)
                                            })
                                            .collect_view()}
                                    </ol>
                                </section>
                            }
                        })
                        .collect_view()
                })
            }}
        </div>
    }
}
