//! The browser side: the two advisors as Leptos components, mounted into the book's pages.
//!
//! Each advisor holds its profile in a signal; its report is a `Memo` of `evaluate_upgrade` /
//! `evaluate_hotfix`, and everything shown is a view of the two. Each control is written once in
//! `view!` with its binding and its handler. The parts both advisors share (notices, live
//! region, exports, the checklist as a keyed `<For>`, stored ticks, the URL) are [`shell`]. The
//! edges to the browser (URL, storage, clipboard, files, in [`edges`]) are effects and handlers
//! only; nothing is global.

mod edges;
mod hotfix;
mod upgrade;

use std::borrow::Cow;

use bts_rules::{Section, StepView};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::present;
use crate::progress::{Advisor as Kind, Done, storage_key};

/// Runs when the WASM module is instantiated: mounts each advisor whose mount point is on the
/// page, replacing the fallback content written for browsers without JavaScript or WebAssembly.
#[wasm_bindgen(start)]
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let upgrade = document.get_element_by_id("bts-upgrade-advisor");
    let hotfix = document.get_element_by_id("bts-hotfix-advisor");
    // The URL belongs to an advisor only on its own page. mdBook's print.html holds every chapter:
    // there both advisors start from their defaults and leave the address alone.
    let owns_url = upgrade.is_some() != hotfix.is_some();
    let (hash, query) = if owns_url { edges::location() } else { Default::default() };
    if let Some(mount) = upgrade {
        let decoded = crate::share::decode_upgrade_location(&hash, &query);
        mount_into(mount, move || upgrade::advisor(decoded, owns_url));
    }
    if let Some(mount) = hotfix {
        let decoded = crate::share::decode_hotfix_location(&hash, &query);
        mount_into(mount, move || hotfix::advisor(decoded, owns_url));
    }
}

fn mount_into(mount: web_sys::Element, view: impl FnOnce() -> AnyView + 'static) {
    let Ok(mount) = mount.dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    mount.set_inner_html("");
    let _ = mount.class_list().add_1("bts-advisor-running");
    leptos::mount::mount_to(mount, view).forget();
}

/// What the shared parts of an advisor need from it.
#[derive(Clone, Copy)]
pub struct Shell {
    /// The prefix of the advisor's element ids (`upgrade-verdict`, `hotfix-notice`, ...).
    pub prefix: &'static str,
    pub kind: Kind,
    pub checklist_heading: &'static str,
    pub owns_url: bool,
    /// The profile's link text.
    pub canonical: Signal<String>,
    pub sections: Signal<Vec<Section>>,
    pub announcement: Signal<String>,
    /// The report as Markdown, as `bts-advisor` writes it.
    pub markdown: Callback<(), String>,
    /// The profile as the CLI's JSON.
    pub to_json: Callback<(), String>,
    /// Replaces the profile with one read from link text; returns the notice for its problems.
    pub apply_link: Callback<String, Option<String>>,
    /// Replaces the profile with one read from a profile file, or says what is wrong with it.
    pub load_json: Callback<String, Result<(), String>>,
    /// What the page could not use in the link it was opened with.
    pub link_notice: RwSignal<Option<String>>,
}

/// Notices by kind: what was ignored in a link, a profile file that was refused, stored progress.
#[derive(Clone, Copy)]
struct Notices {
    link: RwSignal<Option<String>>,
    file: RwSignal<Option<String>>,
    storage: RwSignal<Option<String>>,
}

/// The frame of an advisor around its form (`form`), answer and extra inputs (`between`): notice
/// area, live region, exports, and the checklist with its stored ticks.
pub fn shell(s: Shell, form: AnyView, answer: AnyView, between: AnyView) -> AnyView {
    let p = s.prefix;
    let notices = Notices { link: s.link_notice, file: RwSignal::new(None), storage: RwSignal::new(None) };
    let key = Memo::new(move |_| storage_key(s.kind, &s.canonical.get()));
    let done = RwSignal::new(Done::default());
    let live = RwSignal::new(String::new());
    let copy_status = RwSignal::new(String::new());
    let manual_text = RwSignal::new(String::new());
    let manual_shown = RwSignal::new(false);
    let notice_area = NodeRef::<html::Div>::new();
    let manual_area = NodeRef::<html::Textarea>::new();

    // The ticks of this profile, whenever it changes.
    Effect::new(move |_| {
        let (stored, problem) = edges::load_progress(&key.get());
        done.set(stored);
        if problem.is_some() {
            notices.storage.set(problem);
        }
    });
    Effect::new(move |_| live.set(s.announcement.get()));
    if s.owns_url {
        // After the answer is on screen: the address bar is not part of it.
        Effect::new(move |_| {
            let canonical = s.canonical.get();
            gloo_timers::callback::Timeout::new(0, move || edges::replace_hash(&canonical)).forget();
        });
        let listener = window_event_listener(leptos::ev::hashchange, move |_| {
            let text = edges::hash();
            // Headings' anchors are not profiles; the page's own hash needs no work.
            if text.contains('=') && text != s.canonical.get_untracked() {
                notices.link.set(s.apply_link.run(text));
            }
        });
        // The listener lives as long as the page.
        std::mem::forget(listener);
    }

    let save = move || {
        if let Some(problem) = edges::save_progress(&key.get_untracked(), &done.get_untracked()) {
            notices.storage.set(Some(problem));
        }
    };
    let tick = Callback::new(move |(id, on): (Cow<'static, str>, bool)| {
        done.update(|d| d.set(&id, on));
        save();
    });
    let step_ids =
        move || s.sections.with(|all| all.iter().flat_map(|sec| sec.steps.iter().map(|st| st.id.to_string())).collect::<Vec<_>>());
    let clear = move |_| {
        done.set(Done::default());
        save();
        let ids = step_ids();
        live.set(format!("Ticks cleared. {}", present::progress_line(&Done::default(), ids.iter().map(String::as_str))));
    };

    let copy_out = move |text: String, what: &'static str| {
        let shown = text.clone();
        edges::copy_text(text, move |copied| {
            if copied {
                copy_status.set(format!("Copied {what} to the clipboard."));
                manual_shown.set(false);
            } else {
                copy_status.set(format!("Copying is blocked here: {what} is in the box below, selected. Press Ctrl+C (or ⌘C) to copy it."));
                manual_text.set(shown);
                manual_shown.set(true);
                // Once the box is shown.
                gloo_timers::callback::Timeout::new(0, move || {
                    if let Some(area) = manual_area.get_untracked() {
                        let _ = area.focus();
                        area.select();
                    }
                })
                .forget();
            }
        });
    };
    let download = move |_| {
        let name = format!("bts-{}-profile.json", s.kind.id());
        if edges::download(&name, &s.to_json.run(())) {
            live.set(format!("Downloaded the answers as {name}."));
        }
    };
    let load = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        edges::read_chosen_file(&input, move |name, text| match text.and_then(|t| s.load_json.run(t)) {
            Ok(()) => {
                notices.file.set(None);
                notices.link.set(None);
                live.set(format!("Loaded the answers from {name}."));
            }
            Err(problem) => notices.file.set(Some(format!("The file {name} was not loaded: {problem}."))),
        });
    };

    let progress = move || {
        let ids = step_ids();
        done.with(|d| present::progress_line(d, ids.iter().map(String::as_str)))
    };
    let notice = move |kind: &'static str, signal: RwSignal<Option<String>>| {
        move || {
            signal.get().map(|text| {
                view! {
                    <p class="bts-notice-item" data-notice=kind>
                        <span>{text}</span>" "
                        <button type="button" class="bts-dismiss" data-dismiss=kind on:click=move |_| {
                            signal.set(None);
                            // The button is gone: keep keyboard focus where it was rather than at the page top.
                            if let Some(area) = notice_area.get_untracked() {
                                let _ = area.focus();
                            }
                        }>"Dismiss"</button>
                    </p>
                }
            })
        }
    };

    view! {
        <div class=format!("bts-advisor bts-{}", s.kind.id())>
            {form}
            <div id=format!("{p}-notice") class="bts-notice" role="status" tabindex="-1" node_ref=notice_area>
                {notice("link", notices.link)}
                {notice("file", notices.file)}
                {notice("storage", notices.storage)}
            </div>
            <p id=format!("{p}-live") class="bts-sr-only" aria-live="polite">{move || live.get()}</p>
            <div id=format!("{p}-answer")>{answer}</div>
            {between}
            <h2 class="bts-heading">{s.checklist_heading}</h2>
            <div class="bts-export">
                <button type="button" id=format!("{p}-copy-markdown") on:click=move |_| copy_out(s.markdown.run(()), "the checklist as Markdown")>
                    "Copy as Markdown"
                </button>" "
                <button type="button" id=format!("{p}-copy-link") on:click=move |_| copy_out(edges::href(), "the link to these answers")>
                    "Copy link"
                </button>" "
                <button type="button" id=format!("{p}-print") on:click=move |_| edges::print()>"Print"</button>" "
                <button type="button" id=format!("{p}-download") on:click=download>"Download answers (JSON)"</button>" "
                <label class="bts-load">"Load answers (JSON): "
                    <input type="file" id=format!("{p}-load") accept=".json,application/json" on:change=load/>
                </label>" "
                <button type="button" id=format!("{p}-clear-ticks") on:click=clear>"Clear ticks"</button>
                <p id=format!("{p}-copy-status") class="bts-copy-status" role="status">{move || copy_status.get()}</p>
                <label id=format!("{p}-manual") class="bts-manual-copy" hidden=move || !manual_shown.get()>
                    "Text to copy"
                    <textarea readonly rows="8" node_ref=manual_area prop:value=move || manual_text.get()></textarea>
                </label>
            </div>
            <div id=format!("{p}-checklist") class="bts-checklist">
                <p class="bts-progress" data-progress="">{progress}</p>
                <For
                    each=move || s.sections.get()
                    key=|section| section.heading.clone()
                    children=move |section: Section| phase(section, s.sections, done, tick)
                />
            </div>
        </div>
    }
    .into_any()
}

/// One section of a checklist; its steps are keyed by step id, so a new report re-renders only
/// the steps that changed.
fn phase(section: Section, sections: Signal<Vec<Section>>, done: RwSignal<Done>, tick: Callback<(Cow<'static, str>, bool)>) -> AnyView {
    let heading = section.heading.clone();
    let steps = move || sections.with(|all| all.iter().find(|s| s.heading == heading).map(|s| s.steps.clone()).unwrap_or_default());
    view! {
        <section class="bts-phase" data-phase=section.steps[0].phase>
            <h3 class="bts-heading">{section.heading.to_string()}</h3>
            <ol class="bts-steps">
                <For each=steps key=|step| step.id.clone() children=move |step: StepView| step_row(step, done, tick)/>
            </ol>
        </section>
    }
    .into_any()
}

/// One step: a tick re-renders this row only.
fn step_row(step: StepView, done: RwSignal<Done>, tick: Callback<(Cow<'static, str>, bool)>) -> AnyView {
    let id = step.id.clone();
    let id_attribute = id.to_string();
    let is_done = Memo::new({
        let id = id.clone();
        move |_| done.with(|d| d.contains(&id))
    });
    let title = present::title_parts(step.title)
        .map(|(part, code)| if code { view! { <code>{part.to_string()}</code> }.into_any() } else { part.to_string().into_any() })
        .collect_view();
    let codes = (!step.code.is_empty()).then(|| {
        view! { <ul class="bts-step-code">{step.code.iter().map(|code| code_item(code)).collect_view()}</ul> }
    });
    view! {
        <li class="step" class:bts-done=move || is_done.get() data-step-id=id_attribute data-phase=step.phase>
            // The checkbox sits inside its label: no ids to register for every step.
            <label class="bts-step-head">
                <input type="checkbox" class="step-done" prop:checked=move || is_done.get()
                    on:change=move |ev| tick.run((id.clone(), event_target_checked(&ev)))/>
                <span class="bts-step-title">{title}</span>
            </label>
            <div class="bts-step-detail" inner_html=crate::markdown::to_html(step.detail)></div>
            {codes}
            <p class="bts-step-source">
                <a class="step-source" href=present::source_href(step.source)>
                    "Source: "<span class="bts-source-path">{step.source}</span>
                </a>
            </p>
        </li>
    }
    .into_any()
}

/// A command with its copy button: copy it, say so beside the button, or select it to copy by hand.
fn code_item(code: &'static str) -> AnyView {
    let result = RwSignal::new("");
    let shown = NodeRef::<html::Code>::new();
    let copy = move |_| {
        edges::copy_text(code.to_string(), move |copied| {
            if !copied && let Some(element) = shown.get_untracked() {
                edges::select_text(&element);
            }
            result.set(if copied { "Copied." } else { "Copying is blocked here: the text is selected, press Ctrl+C (or ⌘C)." });
        })
    };
    view! {
        <li>
            <code node_ref=shown>{code}</code>" "
            <button type="button" class="copy-code" data-code=code aria-label=format!("Copy {code}") on:click=copy>"Copy"</button>" "
            <span class="bts-copy-result" role="status">{move || result.get()}</span>
        </li>
    }
    .into_any()
}

/// A labelled select whose options follow `options` and whose choice follows `current`; a
/// choice calls `chosen` with the option's value.
pub fn select(
    id: &'static str,
    label: &'static str,
    options: Signal<present::Options>,
    current: Signal<&'static str>,
    chosen: Callback<String>,
) -> AnyView {
    view! {
        <div class="bts-field">
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| chosen.run(event_target_value(&ev))>
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(value, text)| view! { <option value=value prop:selected=move || current.get() == value>{text}</option> })
                        .collect_view()
                }}
            </select>
        </div>
    }
    .into_any()
}

/// A labelled checkbox bound to `on`; a click calls `set`.
pub fn flag(id: &'static str, label: &'static str, on: Signal<bool>, set: Callback<bool>) -> AnyView {
    view! {
        <div class="bts-field bts-flag">
            <input type="checkbox" id=id prop:checked=move || on.get() on:change=move |ev| set.run(event_target_checked(&ev))/>
            <label for=id>{label}</label>
        </div>
    }
    .into_any()
}
