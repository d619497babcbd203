//! The checklist: a keyed `<For>` over the report's sections, each a keyed `<For>` over its
//! steps by step id, each row with its own `Memo` of "done". A tick re-renders one row, and a
//! new report only the rows that changed.

use std::borrow::Cow;

use bts_rules::{GENERAL_NOTES_HEADING, Section, StepView, general_notes_first};
use leptos::prelude::*;

use super::edges;
use super::el::{El, dynamic_text, el, memo};
use super::signals::{Flag, Notice};
use crate::present;
use crate::progress::Done;

/// What the checklist shows and changes.
pub struct Checklist {
    /// The prefix of the advisor's element ids.
    pub prefix: &'static str,
    pub sections: Memo<Vec<Section>>,
    pub done: RwSignal<Done>,
    /// Marks a step done or not, and stores the ticks.
    pub tick: Callback<(Cow<'static, str>, bool)>,
    /// See [`super::RenderMode::defer_checklist`].
    pub defer: bool,
}

/// The ids of the steps shown.
pub fn step_ids(sections: Memo<Vec<Section>>) -> Vec<String> {
    sections.with(|all| {
        all.iter()
            .flat_map(|sec| sec.steps.iter().map(|st| st.id.to_string()))
            .collect()
    })
}

/// `div#<prefix>-checklist`: "3 of 12 steps done." and the sections.
pub fn checklist(c: Checklist) -> El {
    let Checklist { prefix: p, sections, done, tick, defer } = c;
    // The checklist's rows: at once, or (deferred) once the browser has painted a frame with the
    // rest of the answer. Until then the checklist keeps a screen's height (advisor.css), so
    // nothing below it moves into view and back, and the loader reports the app ready only once
    // the rows are there.
    let pending = Flag::new(defer);
    if defer {
        edges::after_next_frame(move || pending.turn_off());
    }
    let progress = move || {
        let ids = step_ids(sections);
        done.with(|d| present::progress_line(d, ids.iter().map(String::as_str)))
    };
    // "Show only steps not done": a class on the checklist, the rows stay (advisor.css hides them).
    let only_open = Flag::new(false);
    el("div")
        .id(format!("{p}-checklist"))
        .class("bts-checklist")
        .class_when("bts-checklist-pending", move || pending.is_on())
        .class_when("bts-only-open", move || only_open.is_on())
        .child(
            el("p")
                .class("bts-progress")
                .attr("data-progress", "")
                .child(dynamic_text(progress))
                .text(" ")
                .child(
                    el("label")
                        .class("bts-only-open-switch")
                        .child(
                            el("input")
                                .attr("type", "checkbox")
                                .id(format!("{p}-only-open"))
                                .flag("checked", move || only_open.is_on())
                                .on(leptos::ev::change, move |ev| {
                                    if event_target_checked(&ev) {
                                        only_open.turn_on();
                                    } else {
                                        only_open.turn_off();
                                    }
                                }),
                        )
                        .text(" Show only steps not done"),
                ),
        )
        .child(keyed_sections(memo(move || general_notes_first(sections.get())), pending, done, tick))
}

/// The sections, keyed by heading (none while `pending`): Leptos's keyed `<For>`, called as the
/// component function `view!` would call.
fn keyed_sections(sections: Memo<Vec<Section>>, pending: Flag, done: RwSignal<Done>, tick: Callback<(Cow<'static, str>, bool)>) -> AnyView {
    For(ForProps::builder()
        .each(move || if pending.is_on() { Vec::new() } else { sections.get() })
        .key(|section: &Section| section.heading.clone())
        .children(move |section: Section| phase(section, sections, done, tick))
        .build())
    .into_any()
}

/// One section of a checklist; its steps are keyed by step id, so a new report re-renders only
/// the steps that changed.
fn phase(section: Section, sections: Memo<Vec<Section>>, done: RwSignal<Done>, tick: Callback<(Cow<'static, str>, bool)>) -> AnyView {
    let heading = section.heading.clone();
    let steps = move || {
        sections.with(|all| {
            all.iter()
                .find(|s| s.heading == heading)
                .map(|s| s.steps.clone())
                .unwrap_or_default()
        })
    };
    let rows = For(ForProps::builder()
        .each(steps)
        // A step that an unsure feature brought in is keyed apart from the same step ticked in, so
        // its "(if you use ...)" comes and goes with the answer.
        .key(|step: &StepView| {
            let mut key = step.id.clone();
            for feature in step.unsure.iter() {
                key.to_mut().push(' ');
                key.to_mut().push_str(feature.id());
            }
            key
        })
        .children(move |step: StepView| step_row(step, done, tick))
        .build());
    let list = el("ol").class("bts-steps").child(rows.into_any());
    // The general notes: one closed disclosure, so the tasks of the plan read first; ticks and
    // "show only steps not done" work inside it as anywhere.
    if section.heading == GENERAL_NOTES_HEADING {
        return el("details")
            .class("bts-phase bts-general-notes")
            .child(el("summary").child(el("h3").class("bts-heading").text(GENERAL_NOTES_HEADING)))
            .child(list)
            .view();
    }
    el("section")
        .class("bts-phase")
        .attr("data-phase", section.steps[0].phase)
        .child(
            el("h3")
                .class("bts-heading")
                .text(section.heading.to_string()),
        )
        .child(list)
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
        .children(
            present::title_parts(step.title).map(|(part, code)| if code { el("code").text(part).view() } else { super::el::text(part) }),
        )
        .child(step.condition().map(|condition| {
            el("em")
                .class("bts-step-unsure")
                .text(format!(" ({condition})"))
        }));
    // Only what is run or pasted gets a copy button; other code is in the detail already.
    let commands: Vec<&'static str> = step
        .code
        .iter()
        .copied()
        .filter(|code| present::is_command(code))
        .collect();
    let codes = (!commands.is_empty()).then(|| {
        el("ul")
            .class("bts-step-code")
            .children(commands.into_iter().map(code_item))
    });
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
        .child(
            el("div")
                .class("bts-step-detail")
                .inner_html(crate::markdown::to_html(step.detail)),
        )
        .child(codes)
        .child(super::widgets::step_source(step.source))
        .view()
}

/// A command with its copy button: copy it, say so beside the button, or select it to copy by hand.
fn code_item(code: &'static str) -> AnyView {
    let result = Notice::new();
    let copy = move |ev: leptos::ev::MouseEvent| {
        let shown = event_target::<web_sys::Element>(&ev).previous_element_sibling();
        edges::copy_text(code.to_string(), move |copied| {
            if !copied && let Some(element) = shown {
                edges::select_text(&element);
            }
            let message = if copied { "Copied." } else { "Copying is blocked here: the text is selected, press Ctrl+C (or ⌘C)." };
            result.show(message.to_string());
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
        .child(
            el("span")
                .class("bts-copy-result")
                .attr("role", "status")
                .child(dynamic_text(move || result.text())),
        )
        .view()
}
