//! The upgrade advisor: the profile, the form that edits it, and the answer.

use bts_rules::{
    Date, Edition, Feature, FeatureGroup, Lifecycle, OperatingSystem, SqlServer, UpgradeProfile, UpgradeReport, Version, evaluate_upgrade,
};
use leptos::prelude::*;

use super::{Shell, edges, select, shell};
use crate::present::{self, labelled};
use crate::profile_file;
use crate::progress::Advisor as Kind;
use crate::share::{self, Decoded};

pub fn advisor(decoded: Decoded<UpgradeProfile>, owns_url: bool) -> AnyView {
    let Decoded { profile, problems } = decoded;
    let profile = RwSignal::new(profile);
    let report = Memo::new(move |_| profile.with(evaluate_upgrade));
    let today = edges::today();
    let change = move |f: fn(&mut UpgradeProfile, &str)| Callback::new(move |value: String| profile.update(|p| f(p, &value)));
    let shown = move |f: fn(&UpgradeProfile) -> &'static str| Signal::derive(move || profile.with(f));

    let form = view! {
        <form class="bts-inputs" on:submit=|ev| ev.prevent_default()>
            <fieldset class="bts-fields">
                <legend>"Your BizTalk Server now"</legend>
                {select(
                    "upgrade-from",
                    "Current version",
                    Signal::stored(labelled(Version::SOURCES)),
                    shown(|p| p.from.id()),
                    change(|p, v| {
                        if let Some(from) = Version::from_id(v).filter(|v| Version::SOURCES.contains(v)) {
                            p.from = from;
                            if p.to <= from {
                                p.to = share::first_target_after(from);
                            }
                        }
                    }),
                )}
                {select(
                    "upgrade-edition",
                    "Current edition",
                    Signal::stored(labelled(Edition::ALL)),
                    shown(|p| p.edition.id()),
                    change(|p, v| p.edition = Edition::from_id(v).unwrap_or(p.edition)),
                )}
                {select(
                    "upgrade-os",
                    "Operating system it runs on",
                    Signal::stored(labelled(OperatingSystem::ALL)),
                    shown(|p| p.os.id()),
                    change(|p, v| p.os = OperatingSystem::from_id(v).unwrap_or(p.os)),
                )}
                {select(
                    "upgrade-sql",
                    "SQL Server that hosts the BizTalk databases",
                    Signal::stored(labelled(SqlServer::ALL)),
                    shown(|p| p.sql.id()),
                    change(|p, v| {
                        p.sql = SqlServer::from_id(v).unwrap_or(p.sql);
                        // A SQL Server for Setup older than the present one would be a downgrade.
                        p.sql_target = p.sql_target.filter(|t| !t.is_older_than(p.sql));
                    }),
                )}
                {select(
                    "upgrade-sql-target",
                    "SQL Server at BizTalk Server Setup (optional)",
                    Memo::new(move |_| profile.with(present::upgrade_sql_target_options)).into(),
                    shown(|p| p.sql_target.map_or("", SqlServer::id)),
                    change(|p, v| p.sql_target = SqlServer::from_id(v)),
                )}
            </fieldset>
            <fieldset class="bts-fields">
                <legend>"Where you want to go"</legend>
                {select(
                    "upgrade-to",
                    "Target version",
                    Memo::new(move |_| profile.with(present::upgrade_to_options)).into(),
                    shown(|p| p.to.id()),
                    change(|p, v| {
                        if let Some(to) = Version::from_id(v).filter(|v| Version::TARGETS.contains(v) && *v > p.from) {
                            p.to = to;
                        }
                    }),
                )}
                {select(
                    "upgrade-to-edition",
                    "Target edition",
                    Memo::new(move |_| profile.with(|p| report.with(|r| present::upgrade_to_edition_options(p, r)))).into(),
                    shown(|p| present::edition_or_any(p.to_edition)),
                    change(|p, v| p.to_edition = Edition::from_id(v)),
                )}
            </fieldset>
        </form>
    }
    .into_any();

    // The feature checkboxes change only the checklist, so they follow the verdict.
    let features = view! {
        <form class="bts-inputs" on:submit=|ev| ev.prevent_default()>
            <fieldset class="bts-fields bts-features">
                <legend>"What the deployment uses"</legend>
                <p class="bts-help">"Tick what applies: each adds the steps it needs to the checklist below."</p>
                {FeatureGroup::ALL.iter().map(|group| feature_group(*group, profile)).collect_view()}
            </fieldset>
        </form>
    }
    .into_any();

    let answer = (move || report.with(|r| profile.with_untracked(|p| answer(p, r, today)))).into_any();

    let link_notice = RwSignal::new(share::problems_notice(&problems));
    shell(
        Shell {
            prefix: "upgrade",
            kind: Kind::Upgrade,
            checklist_heading: "Checklist",
            owns_url,
            canonical: Memo::new(move |_| profile.with(share::encode_upgrade)).into(),
            sections: Memo::new(move |_| report.with(UpgradeReport::checklist)).into(),
            announcement: Memo::new(move |_| report.with(present::upgrade_announcement)).into(),
            markdown: Callback::new(move |()| report.with_untracked(|r| profile.with_untracked(|p| r.to_markdown(p)))),
            to_json: Callback::new(move |()| profile.with_untracked(profile_file::upgrade_to_json)),
            apply_link: Callback::new(move |text: String| {
                let decoded = share::decode_upgrade(&text);
                profile.set(decoded.profile);
                share::problems_notice(&decoded.problems)
            }),
            load_json: Callback::new(move |text: String| {
                profile.set(profile_file::upgrade_from_json(&text)?);
                Ok(())
            }),
            link_notice,
        },
        form,
        answer,
        features,
    )
}

fn feature_group(group: FeatureGroup, profile: RwSignal<UpgradeProfile>) -> AnyView {
    let help = format!("feature-group-{}-help", group.id());
    let boxes = Feature::ALL
        .iter()
        .filter(|f| f.group() == group)
        .map(|feature| {
            let (feature, id) = (*feature, feature.id());
            view! {
                <div class="bts-flag">
                    <input type="checkbox" name="feature" value=id id=format!("feature-{id}")
                        prop:checked=move || profile.with(|p| p.features.contains(&feature))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            profile.update(|p| {
                                if on {
                                    p.features.insert(feature);
                                } else {
                                    p.features.remove(&feature);
                                }
                            })
                        }/>
                    <label for=format!("feature-{id}")>{feature.label()}</label>
                </div>
            }
        })
        .collect_view();
    let described = help.clone();
    view! {
        <fieldset class="bts-feature-group" aria-describedby=described>
            <legend>{group.label()}</legend>
            <p class="bts-help" id=help>{present::group_help(group)}</p>
            {boxes}
        </fieldset>
    }
    .into_any()
}

/// Everything about the answer except the checklist: the profile in words (for paper), the
/// verdict, each hop's checks with remedies, the reachable editions and the lifecycles.
fn answer(profile: &UpgradeProfile, report: &UpgradeReport, today: Date) -> AnyView {
    let features: Vec<&str> = profile.features.iter().map(|f| f.label()).collect();
    let features = if features.is_empty() { "Features: none ticked.".to_string() } else { format!("Features: {}.", features.join("; ")) };
    let summary = view! {
        <ul class="bts-profile-summary">
            <li>
                {format!(
                    "Current: {} {} edition, on {}, databases on {}.",
                    profile.from.label(),
                    profile.edition.label(),
                    profile.os.label(),
                    profile.sql.label()
                )}
            </li>
            <li>{format!("Target: {} ({}).", profile.to.label(), profile.to_edition.map_or("any reachable edition", Edition::label))}</li>
            {profile
                .sql_target
                .filter(|t| *t != profile.sql)
                .map(|t| view! { <li>{format!("SQL Server at BizTalk Server Setup: {}.", t.label())}</li> })}
            <li>{features}</li>
        </ul>
    };

    let verdict = report.verdict.id();
    let names: Vec<&str> = report.target_editions.iter().map(|e| e.label()).collect();
    let editions = if names.is_empty() {
        "No edition can be reached by an in-place upgrade from the current edition.".to_string()
    } else {
        format!("Editions the upgrade can end in: {}.", names.join(", "))
    };
    let inferred = (!report.inferred_features.is_empty()).then(|| {
        view! {
            <div id="upgrade-inferred">
                <p>"Also counted, from what you entered (their steps are in the checklist):"</p>
                <ul>
                    {report
                        .inferred_features
                        .iter()
                        .map(|i| view! { <li data-feature=i.feature.id()><strong>{i.feature.label()}</strong>": "{i.reason.clone()}</li> })
                        .collect_view()}
                </ul>
            </div>
        }
    });
    let verdict_box = view! {
        <div class="bts-verdict-box" data-verdict=verdict>
            <h2 class="bts-heading">"Can you upgrade in place?"</h2>
            <p class="bts-verdict-line">
                <strong id="upgrade-verdict" class="bts-verdict" data-verdict=verdict>{present::verdict_word(report.verdict)}</strong>" "
                <span class="bts-verdict-explanation">{present::verdict_explanation(report)}</span>
            </p>
            <p id="upgrade-target-editions">{editions}</p>
            {inferred}
        </div>
    };

    let prerequisites = (!report.prerequisites.is_empty()).then(|| {
        let items = report
            .prerequisites
            .iter()
            .map(|pre| {
                let to: Vec<&str> = pre.to.iter().map(|s| s.id()).collect();
                view! {
                    <li class="prerequisite" data-prerequisite-id=pre.id data-area=pre.area.id() data-from=pre.from.id() data-to=to.join(" ")>
                        <p><strong>{pre.title.clone()}</strong></p>
                        <p>{pre.detail.clone()}</p>
                        <p class="bts-step-source">
                            <a href=present::source_href(pre.source)>"Source: "<span class="bts-source-path">{pre.source}</span></a>
                        </p>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section id="upgrade-prerequisites" class="bts-prerequisites">
                <h2 class="bts-heading">"Before BizTalk Server Setup"</h2>
                <ol>{items}</ol>
            </section>
        }
    });

    let route = report
        .route
        .iter()
        .map(|hop| {
            let checks = hop
                .checks
                .iter()
                .map(|check| {
                    let status = check.status.id();
                    let remedy = check.remedy.clone().map(|remedy| {
                        view! { <p class="bts-remedy"><strong>"What to do: "</strong>{remedy}</p> }
                    });
                    view! {
                        <li class="check" data-area=check.area.id() data-status=status>
                            <p>
                                <span class="bts-status" data-status=status>{present::status_text(check.status)}</span>" "
                                <strong>{check.area.label()}</strong>": "{check.detail.clone()}
                            </p>
                            {remedy}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="hop" data-hop-to=hop.to.id() data-supported=hop.is_supported().to_string()>
                    <h3 class="bts-heading">
                        {format!("{} {} to {} {}", hop.from.label(), hop.edition.label(), hop.to.label(), hop.to_edition.label())}
                    </h3>
                    <ul class="bts-checks">{checks}</ul>
                </section>
            }
        })
        .collect_view();

    let platform = report.target_platform;
    let os: Vec<String> = platform.os.iter().map(|(os, needs)| present::with_needs(os.label(), *needs)).collect();
    let sql: Vec<String> = platform.sql.iter().map(|(sql, needs)| present::with_needs(sql.label(), *needs)).collect();
    let notes = platform.notes().into_iter().map(|note| view! { <li>{note}</li> }).collect_view();
    // Every version of the route: 2016 on the way from 2013 R2 to 2020 too.
    let lifecycles = std::iter::once(profile.from)
        .chain(report.route.iter().map(|h| h.to))
        .map(|v| view! { <li data-version=v.id()>{Lifecycle::of(v).describe_on(today)}</li> })
        .collect_view();

    view! {
        {summary}
        {verdict_box}
        {prerequisites}
        <div class="bts-route">{route}</div>
        <section id="upgrade-target-platform" data-version=platform.version.id()>
            <h2 class="bts-heading">{format!("What {} needs of a computer", platform.version.label())}</h2>
            <p><strong>"Windows:"</strong>{format!(" {}.", os.join(", "))}</p>
            <p><strong>"SQL Server:"</strong>{format!(" {}.", sql.join(", "))}</p>
            <ul class="bts-platform-notes">{notes}</ul>
        </section>
        <div class="bts-lifecycle">
            <h2 class="bts-heading">"Support lifecycle"</h2>
            <ul id="upgrade-lifecycle">{lifecycles}</ul>
            <p class="bts-help">{format!("As of {today}, by this computer's clock.")}</p>
        </div>
    }
    .into_any()
}
