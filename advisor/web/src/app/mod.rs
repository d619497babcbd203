//! The browser side: the two advisors as Leptos components, mounted into the book's pages.
//!
//! Each advisor holds its profile in a signal; its report is a `Memo` of `evaluate_upgrade` /
//! `evaluate_hotfix`, and everything shown is a view of the two. Each control is written once, with
//! its binding and its handler, in the crate's markup builder (`el.rs`, not Leptos's `view!`).
//! The parts both advisors share (notices, live
//! region, exports, the checklist as a keyed `<For>`, stored ticks, the URL) are [`shell`]. The
//! edges to the browser (URL, storage, clipboard, files, in [`edges`]) are effects and handlers
//! only; nothing is global.

mod edges;
mod el;
#[cfg(feature = "hotfix-planner")]
pub mod hotfix;
#[cfg(feature = "upgrade-advisor")]
mod route;
#[cfg(feature = "upgrade-advisor")]
pub(crate) mod timeline;
#[cfg(feature = "upgrade-advisor")]
pub mod upgrade;

use std::borrow::Cow;

use bts_rules::{Section, StepView};
use leptos::prelude::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen::prelude::*;

use crate::present;
use crate::progress::{AdvisorKind, Done, storage_key};
use el::{El, dynamic, dynamic_text, effect, el, memo};

/// How an advisor is drawn: live in the browser, or prerendered by the book's build.
#[derive(Clone, Copy)]
pub struct RenderMode {
    /// Whether the advisor keeps its profile in the page's address (on its own page only).
    pub owns_url: bool,
    /// The date lifecycles are told on.
    pub today: bts_rules::Date,
    /// Live in the browser (false: rendered to HTML by the build, before any script runs).
    pub live: bool,
    /// Draw the checklist only after the rest of the answer is on screen. On a shared link the
    /// page shows nothing of the advisor until the app has drawn the link's answer (advisor.css),
    /// and the checklist's hundreds of elements were most of that work: without them the verdict
    /// is painted a frame sooner, the checklist right after. Never on a default page, where the
    /// app replaces the prerendered answer, checklist included, in one go.
    pub defer_checklist: bool,
}

/// Runs when the WASM module is instantiated: mounts each advisor whose mount point is on the
/// page, replacing the fallback content written for browsers without JavaScript or WebAssembly.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(start)]
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let mount = |id: &str| document.get_element_by_id(id);
    // The URL belongs to an advisor only on its own page. mdBook's print.html holds every chapter:
    // there both advisors start from their defaults and leave the address alone.
    let owns_url = mount("bts-upgrade-advisor").is_some() != mount("bts-hotfix-advisor").is_some();
    let (hash, query) = if owns_url { edges::location() } else { Default::default() };
    // Marked by theme/csp/body.js before the page's content was parsed.
    let profile_link = document.document_element().is_some_and(|html| html.class_list().contains("bts-profile-link"));
    let mode = RenderMode { owns_url, today: edges::today(), live: true, defer_checklist: profile_link };
    // Each WASM has one advisor (the crate's features); the page tells which mount points exist.
    #[cfg(feature = "upgrade-advisor")]
    if let Some(mount) = mount("bts-upgrade-advisor") {
        let decoded = crate::share::decode_upgrade_location(&hash, &query);
        mount_into(mount, move || upgrade::advisor(decoded, mode));
    }
    #[cfg(feature = "hotfix-planner")]
    if let Some(mount) = mount("bts-hotfix-advisor") {
        let decoded = crate::share::decode_hotfix_location(&hash, &query);
        mount_into(mount, move || hotfix::advisor(decoded, mode));
    }
}

#[cfg(target_arch = "wasm32")]
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
    pub kind: AdvisorKind,
    pub checklist_heading: &'static str,
    pub owns_url: bool,
    /// See [`RenderMode::defer_checklist`].
    pub defer_checklist: bool,
    /// The profile's link text.
    pub canonical: Memo<String>,
    pub sections: Memo<Vec<Section>>,
    pub announcement: Memo<String>,
    /// The report as Markdown, as `bts-advisor` writes it.
    pub markdown: Callback<(), String>,
    /// The profile as the CLI's JSON.
    pub to_json: Callback<(), String>,
    /// Replaces the profile with one read from link text; returns the notice for its problems
    /// (empty: none).
    pub apply_link: Callback<String, String>,
    /// Replaces the profile with one read from a profile file, or says what is wrong with it
    /// (empty: loaded). One callback type with `apply_link` keeps the WASM smaller.
    pub load_json: Callback<String, String>,
    /// What the page could not use in the link it was opened with (empty: nothing).
    pub link_notice: RwSignal<String>,
}

/// Notices by kind: what was ignored in a link, a profile file that was refused, stored progress.
/// An empty text is no notice (one signal type fewer in the WASM than `Option<String>`).
#[derive(Clone, Copy)]
struct Notices {
    link: RwSignal<String>,
    file: RwSignal<String>,
    storage: RwSignal<String>,
}

/// The frame of an advisor around its form (`form`), answer and extra inputs (`between`): notice
/// area, live region, exports, and the checklist with its stored ticks.
pub fn shell(s: Shell, form: AnyView, answer: AnyView, between: AnyView) -> AnyView {
    let p = s.prefix;
    let notices = Notices { link: s.link_notice, file: RwSignal::new(String::new()), storage: RwSignal::new(String::new()) };
    let key = memo(move || storage_key(s.kind, &s.canonical.get()));
    let done = RwSignal::new(Done::default());
    let live = RwSignal::new(String::new());
    let copy_status = RwSignal::new(String::new());
    let manual_text = RwSignal::new(String::new());

    // The ticks of this profile, whenever it changes.
    effect(move || {
        let (stored, problem) = edges::load_progress(&key.get());
        done.set(stored);
        if let Some(problem) = problem {
            notices.storage.set(problem);
        }
    });
    effect(move || live.set(s.announcement.get()));
    if s.owns_url {
        // After the answer is on screen: the address bar is not part of it.
        effect(move || {
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
            notices.storage.set(problem);
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
                manual_text.set(String::new());
            } else {
                copy_status.set(format!("Copying is blocked here: {what} is in the box below, selected. Press Ctrl+C (or ⌘C) to copy it."));
                manual_text.set(shown);
                // Once the box is shown.
                gloo_timers::callback::Timeout::new(0, move || edges::focus_and_select(&format!("{p}-manual-text"))).forget();
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
        edges::read_chosen_file(&input, move |name, text| {
            match text.and_then(|t| match s.load_json.run(t) {
                e if e.is_empty() => Ok(()),
                e => Err(e),
            }) {
                Ok(()) => {
                    notices.file.set(String::new());
                    notices.link.set(String::new());
                    live.set(format!("Loaded the answers from {name}."));
                }
                Err(problem) => notices.file.set(format!("The file {name} was not loaded: {problem}.")),
            }
        });
    };

    let progress = move || {
        let ids = step_ids();
        done.with(|d| present::progress_line(d, ids.iter().map(String::as_str)))
    };
    let notice = move |kind: &'static str, signal: RwSignal<String>| {
        dynamic(move || {
            let text = signal.get();
            if text.is_empty() {
                return ().into_any();
            }
            {
                el("p")
                    .class("bts-notice-item")
                    .attr("data-notice", kind)
                    .child(el("span").text(text))
                    .text(" ")
                    .child(el("button").attr("type", "button").class("bts-dismiss").attr("data-dismiss", kind).text("Dismiss").on(
                        leptos::ev::click,
                        move |_| {
                            signal.set(String::new());
                            // The button is gone: keep keyboard focus where it was rather than at the page top.
                            edges::focus(&format!("{p}-notice"));
                        },
                    ))
                    .view()
            }
        })
    };
    let button = |id: String, label: &'static str| el("button").attr("type", "button").attr("id", id).text(label);
    // The checklist's rows: at once, or (deferred) once the browser has painted a frame with the
    // rest of the answer. Until then the checklist keeps a screen's height (advisor.css), so
    // nothing below it moves into view and back, and the loader reports the app ready only once
    // the rows are there.
    // Not empty while the rows wait: a String signal, as the notices, is one signal type fewer
    // in the WASM than a bool (0.9 KiB gzip smaller, measured).
    let pending = RwSignal::new(if s.defer_checklist { "rows".to_string() } else { String::new() });
    if s.defer_checklist {
        edges::after_next_frame(move || pending.set(String::new()));
    }
    let checklist = view! {
        <For
            each=move || if pending.with(String::is_empty) { s.sections.get() } else { Vec::new() }
            key=|section| section.heading.clone()
            children=move |section: Section| phase(section, s.sections, done, tick)
        />
    }
    .into_any();

    el("div")
        .attr("class", format!("bts-advisor bts-{}", s.kind.id()))
        .child(form)
        .child(
            el("div")
                .attr("id", format!("{p}-notice"))
                .class("bts-notice")
                .attr("role", "status")
                .attr("tabindex", "-1")
                .child(notice("link", notices.link))
                .child(notice("file", notices.file))
                .child(notice("storage", notices.storage)),
        )
        .child(
            el("p")
                .attr("id", format!("{p}-live"))
                .class("bts-sr-only")
                .attr("aria-live", "polite")
                .child(dynamic_text(move || live.get())),
        )
        .child(el("div").attr("id", format!("{p}-answer")).child(answer))
        .child(between)
        .child(el("h2").class("bts-heading").text(s.checklist_heading))
        .child(
            el("div")
                .class("bts-export")
                .child(
                    button(format!("{p}-copy-markdown"), "Copy as Markdown")
                        .on(leptos::ev::click, move |_| copy_out(s.markdown.run(()), "the checklist as Markdown")),
                )
                .text(" ")
                .child(
                    button(format!("{p}-copy-link"), "Copy link")
                        .on(leptos::ev::click, move |_| copy_out(edges::href(), "the link to these answers")),
                )
                .text(" ")
                .child(button(format!("{p}-print"), "Print").on(leptos::ev::click, move |_| edges::print()))
                .text(" ")
                .child(button(format!("{p}-download"), "Download answers (JSON)").on(leptos::ev::click, download))
                .text(" ")
                .child(
                    el("label").class("bts-load").text("Load answers (JSON): ").child(
                        el("input")
                            .attr("type", "file")
                            .attr("id", format!("{p}-load"))
                            .attr("accept", ".json,application/json")
                            .on(leptos::ev::change, load),
                    ),
                )
                .text(" ")
                .child(button(format!("{p}-clear-ticks"), "Clear ticks").on(leptos::ev::click, clear))
                .child(
                    el("p")
                        .attr("id", format!("{p}-copy-status"))
                        .class("bts-copy-status")
                        .attr("role", "status")
                        .child(dynamic_text(move || copy_status.get())),
                )
                .child(
                    el("label")
                        .attr("id", format!("{p}-manual"))
                        .class("bts-manual-copy")
                        .flag("hidden", move || manual_text.with(String::is_empty))
                        .text("Text to copy")
                        .child(
                            el("textarea")
                                .attr("id", format!("{p}-manual-text"))
                                .attr("readonly", "")
                                .attr("rows", "8")
                                .value(move || manual_text.get()),
                        ),
                ),
        )
        .child(
            el("div")
                .attr("id", format!("{p}-checklist"))
                .class("bts-checklist")
                .class_when("bts-checklist-pending", move || !pending.with(String::is_empty))
                .child(el("p").class("bts-progress").attr("data-progress", "").child(dynamic_text(progress)))
                .child(checklist),
        )
        .view()
}

/// One section of a checklist; its steps are keyed by step id, so a new report re-renders only
/// the steps that changed.
fn phase(section: Section, sections: Memo<Vec<Section>>, done: RwSignal<Done>, tick: Callback<(Cow<'static, str>, bool)>) -> AnyView {
    let heading = section.heading.clone();
    let steps = move || sections.with(|all| all.iter().find(|s| s.heading == heading).map(|s| s.steps.clone()).unwrap_or_default());
    el("section")
        .class("bts-phase")
        .attr("data-phase", section.steps[0].phase)
        .child(el("h3").class("bts-heading").text(section.heading.to_string()))
        .child(el("ol").class("bts-steps").child(
            view! { <For each=steps key=|step| step.id.clone() children=move |step: StepView| step_row(step, done, tick)/> }.into_any(),
        ))
        .view()
}

/// One step: a tick re-renders this row only.
fn step_row(step: StepView, done: RwSignal<Done>, tick: Callback<(Cow<'static, str>, bool)>) -> AnyView {
    let id = step.id.clone();
    let is_done = memo({
        let id = id.clone();
        move || done.with(|d| d.contains(&id))
    });
    let title = el("span")
        .class("bts-step-title")
        .children(present::title_parts(step.title).map(|(part, code)| if code { el("code").text(part).view() } else { el::text(part) }));
    let codes = (!step.code.is_empty()).then(|| el("ul").class("bts-step-code").children(step.code.iter().map(|code| code_item(code))));
    el("li")
        .class("step")
        .class_when("bts-done", move || is_done.get())
        .attr("data-step-id", id.to_string())
        .attr("data-phase", step.phase)
        // The checkbox sits inside its label: no ids to register for every step.
        .child(
            el("label")
                .class("bts-step-head")
                .child(
                    el("input")
                        .attr("type", "checkbox")
                        .class("step-done")
                        .flag("checked", move || is_done.get())
                        .on(leptos::ev::change, move |ev| tick.run((id.clone(), event_target_checked(&ev)))),
                )
                .child(title),
        )
        .child(el("div").class("bts-step-detail").inner_html(crate::markdown::to_html(step.detail)))
        .child(codes)
        .child(step_source(step.source))
        .view()
}

/// A command with its copy button: copy it, say so beside the button, or select it to copy by hand.
fn code_item(code: &'static str) -> AnyView {
    let result = RwSignal::new(String::new());
    let copy = move |ev: leptos::ev::MouseEvent| {
        let shown = event_target::<web_sys::Element>(&ev).previous_element_sibling();
        edges::copy_text(code.to_string(), move |copied| {
            if !copied && let Some(element) = shown {
                edges::select_text(&element);
            }
            let message = if copied { "Copied." } else { "Copying is blocked here: the text is selected, press Ctrl+C (or ⌘C)." };
            result.set(message.to_string());
        })
    };
    el("li")
        .child(el("code").text(code))
        .text(" ")
        .child(
            el("button")
                .attr("type", "button")
                .class("copy-code")
                .attr("data-code", code)
                .attr("aria-label", format!("Copy {code}"))
                .text("Copy")
                .on(leptos::ev::click, copy),
        )
        .text(" ")
        .child(el("span").class("bts-copy-result").attr("role", "status").child(dynamic_text(move || result.get())))
        .view()
}

/// A labelled select whose options follow `options` and whose choice follows `current`; a
/// choice calls `chosen` with the option's value.
pub fn select(
    id: &'static str,
    label: &'static str,
    options: Memo<present::Options>,
    current: Memo<String>,
    chosen: Callback<String>,
) -> AnyView {
    let options = move || {
        options
            .get()
            .into_iter()
            .map(|(value, text)| el("option").attr("value", value).flag("selected", move || current.with(|c| c == value)).text(text).view())
            .collect::<Vec<_>>()
            .into_any()
    };
    el("div")
        .class("bts-field")
        .child(el("label").attr("for", id).text(label))
        .child(el("select").id(id).on(leptos::ev::change, move |ev| chosen.run(event_target_value(&ev))).child(dynamic(options)))
        .view()
}

/// A labelled checkbox bound to `on`; a click calls `set`.
pub fn checkbox(class: &'static str, input: El, id: String, label: &'static str, on: Memo<bool>, set: Callback<bool>) -> AnyView {
    el("div")
        .class(class)
        .child(
            input
                .attr("type", "checkbox")
                .attr("id", id.clone())
                .flag("checked", move || on.get())
                .on(leptos::ev::change, move |ev| set.run(event_target_checked(&ev))),
        )
        .child(el("label").attr("for", id).text(label))
        .view()
}

/// A labelled checkbox of the hotfix form.
pub fn flag(id: &'static str, label: &'static str, on: Memo<bool>, set: Callback<bool>) -> AnyView {
    checkbox("bts-field bts-flag", el("input"), id.to_string(), label, on, set)
}

/// A form of fieldsets; the page never submits it. Prerendered, it is `inert` until the app
/// takes over: nothing typed into it before then could be kept.
pub fn form(mode: RenderMode, fieldsets: Vec<AnyView>) -> AnyView {
    let form = el("form");
    let form = if mode.live { form } else { form.attr("inert", "") };
    form.class("bts-inputs").on(leptos::ev::submit, |ev| ev.prevent_default()).children(fieldsets).view()
}

/// Options that never change (one closure type for all of them keeps the WASM smaller).
pub fn fixed(options: present::Options) -> Memo<present::Options> {
    memo(move || options.clone())
}

/// "Source: page.html#anchor", linked.
pub fn source(source: &'static str) -> El {
    source_paragraph(source_link(source), source)
}

/// A step's source: the link is also `a.step-source`, which the browser suite follows.
fn step_source(source: &'static str) -> El {
    source_paragraph(source_link(source).class("step-source"), source)
}

fn source_link(source: &'static str) -> El {
    el("a").attr("href", present::source_href(source))
}

fn source_paragraph(link: El, source: &'static str) -> El {
    el("p").class("bts-step-source").child(link.text("Source: ").child(el("span").class("bts-source-path").text(source)))
}
