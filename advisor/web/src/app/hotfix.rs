//! The hotfix planner: which package, the ordered steps and the rollback plan.

use bts_rules::{Architecture, Downloads, HotfixPhase, HotfixProfile, HotfixReport, Rollback, evaluate_hotfix};
use leptos::prelude::*;

use super::common::{Progress, StepView, choice, export_bar, flag, notices, step_item, sync_url};
use crate::present;
use crate::progress::Advisor;
use crate::share::{Decoded, MAX_SERVERS, decode_hotfix, encode_hotfix, parse_servers, problems_notice};

#[component]
pub fn HotfixPlanner(initial: Decoded<HotfixProfile>, owns_url: bool) -> impl IntoView {
    let profile = RwSignal::new(initial.profile);
    let link_notice = RwSignal::new(problems_notice(&initial.problems));
    let report = Memo::new(move |_| profile.with(evaluate_hotfix));
    let canonical = Memo::new(move |_| profile.with(encode_hotfix));
    let progress = Progress::new(Advisor::Hotfix, canonical);
    // What is in the server-count box, which may be unfinished ("" or "0") while typing.
    let servers_text = RwSignal::new(initial.profile.servers.to_string());
    if owns_url {
        sync_url(canonical, move |text| {
            let decoded = decode_hotfix(text);
            servers_text.set(decoded.profile.servers.to_string());
            profile.set(decoded.profile);
            link_notice.set(problems_notice(&decoded.problems));
        });
    }
    let announcement = Memo::new(move |_| report.with(present::hotfix_announcement));

    view! {
        <div class="bts-advisor bts-hotfix">
            <HotfixForm profile servers_text/>
            {notices("hotfix", link_notice, progress.notice)}
            <p class="bts-sr-only" aria-live="polite">{move || announcement.get()}</p>
            <HotfixSummary profile/>
            <Plan report profile/>
            <h2 class="bts-heading">"Steps"</h2>
            {export_bar("hotfix", move || profile.with_untracked(|p| report.with_untracked(|r| r.to_markdown(p))))}
            <HotfixChecklist report progress/>
        </div>
    }
}

#[component]
fn HotfixForm(profile: RwSignal<HotfixProfile>, servers_text: RwSignal<String>) -> impl IntoView {
    let servers_error = move || {
        let text = servers_text.get();
        parse_servers(&text).is_none().then(|| {
            let used = profile.with(|p| p.servers);
            format!("Enter a whole number from 1 to {MAX_SERVERS}. Until then the plan is for {used}.")
        })
    };
    view! {
        <form class="bts-inputs" on:submit=|ev| ev.prevent_default()>
            <fieldset class="bts-fields">
                <legend>"The update and your BizTalk group"</legend>
                <div class="bts-field">
                    <label for="hotfix-servers">"BizTalk computers in the group"</label>
                    <input
                        type="number"
                        id="hotfix-servers"
                        min="1"
                        max=MAX_SERVERS.to_string()
                        step="1"
                        inputmode="numeric"
                        aria-describedby="hotfix-servers-error"
                        aria-invalid=move || servers_error().is_some().to_string()
                        prop:value=move || servers_text.get()
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            if let Some(servers) = parse_servers(&text) {
                                profile.update(|p| p.servers = servers);
                            }
                            servers_text.set(text);
                        }
                    />
                    <p id="hotfix-servers-error" class="bts-field-error">{servers_error}</p>
                </div>
                {choice(
                    "hotfix-downloads",
                    "Downloads the update ships",
                    || Downloads::ALL.iter().map(|d| (d.id(), d.label().to_string())).collect(),
                    move || profile.with(|p| p.downloads.id()),
                    move |v| profile.update(|p| p.downloads = Downloads::from_id(&v).unwrap_or(p.downloads)),
                )}
                {choice(
                    "hotfix-arch",
                    "This computer's processor architecture",
                    || Architecture::ALL.iter().map(|a| (a.id(), a.label().to_string())).collect(),
                    move || profile.with(|p| p.arch.id()),
                    move |v| profile.update(|p| p.arch = Architecture::from_id(&v).unwrap_or(p.arch)),
                )}
                {flag(
                    "hotfix-sql-script",
                    "The update carries a SQL script (it changes the BizTalk databases)",
                    move || profile.with(|p| p.sql_script),
                    move |on| profile.update(|p| p.sql_script = on),
                )}
                {flag(
                    "hotfix-iis-adapters",
                    "The HTTP, SOAP, WSE or WCF adapters are in use",
                    move || profile.with(|p| p.iis_adapters),
                    move |on| profile.update(|p| p.iis_adapters = on),
                )}
                {flag(
                    "hotfix-isolated-host-heavy",
                    "The isolated host is used heavily",
                    move || profile.with(|p| p.isolated_host_heavy),
                    move |on| profile.update(|p| p.isolated_host_heavy = on),
                )}
            </fieldset>
        </form>
    }
}

/// The profile in words, for paper (the form is not printed).
#[component]
fn HotfixSummary(profile: RwSignal<HotfixProfile>) -> impl IntoView {
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    move || {
        profile.with(|p| {
            view! {
                <ul class="bts-profile-summary">
                    <li>{format!("BizTalk computers in the group: {}. This computer: {}.", p.servers, p.arch.label())}</li>
                    <li>{format!("Downloads: {}. Carries a SQL script: {}.", p.downloads.label(), yes_no(p.sql_script))}</li>
                    <li>{format!(
                        "HTTP, SOAP, WSE or WCF adapters in use: {}. Isolated host used heavily: {}.",
                        yes_no(p.iis_adapters),
                        yes_no(p.isolated_host_heavy)
                    )}</li>
                </ul>
            }
        })
    }
}

#[component]
fn Plan(report: Memo<HotfixReport>, profile: RwSignal<HotfixProfile>) -> impl IntoView {
    let package_why = move || {
        profile.with(|p| match p.downloads {
            Downloads::X86Only => "This update ships only an x86 download, which installs on 32-bit and 64-bit computers alike.",
            Downloads::X86AndX64 => "This update ships separate downloads: take the one that matches this computer.",
        })
    };
    let rollback_why = move || {
        report.with(|r| match r.rollback {
            Rollback::RestoreDatabases => {
                "The SQL script changes the databases and uninstalling does not undo that: back them up before you start."
            }
            Rollback::Uninstall => "Without a SQL script, removing the update undoes it.",
        })
    };
    view! {
        <div class="bts-plan">
            <h2 class="bts-heading">"What to install"</h2>
            <p id="hotfix-package" data-package=move || report.with(|r| r.package.id())>
                "Install the "
                <strong>{move || report.with(|r| r.package.id())}</strong>
                " package. "
                <span class="bts-help">{package_why}</span>
            </p>
            <p id="hotfix-rollback" data-rollback=move || report.with(|r| r.rollback.id())>
                <strong>"Rollback plan: "</strong>
                {move || report.with(|r| r.rollback.label())}
                ". "
                <span class="bts-help">{rollback_why}</span>
            </p>
        </div>
    }
}

#[component]
fn HotfixChecklist(report: Memo<HotfixReport>, progress: Progress) -> impl IntoView {
    let counts = move || {
        report.with(|r| {
            let (done, total) = progress.count(r.steps.iter().map(|s| s.id));
            present::progress_text(done, total)
        })
    };
    view! {
        <p class="bts-progress">{counts}</p>
        <div class="bts-checklist">
            {move || {
                report.with(|r| {
                    HotfixPhase::ALL
                        .iter()
                        .filter_map(|phase| {
                            let steps: Vec<_> = r.steps.iter().filter(|s| s.phase == *phase).collect();
                            (!steps.is_empty()).then(|| {
                                view! {
                                    <section class="bts-phase" data-phase=phase.id()>
                                        <h3 class="bts-heading">{phase.label()}</h3>
                                        <ol class="bts-steps">
                                            {steps
                                                .into_iter()
                                                .map(|s| {
                                                    let view = StepView {
                                                        id: s.id.to_string(),
                                                        phase: s.phase.id(),
                                                        title: s.title,
                                                        detail_html: s.detail_html,
                                                        code: s.code,
                                                        source: s.source,
                                                    };
                                                    step_item("hotfix", view, progress)
                                                })
                                                .collect_view()}
                                        </ol>
                                    </section>
                                }
                            })
                        })
                        .collect_view()
                })
            }}
        </div>
    }
}
