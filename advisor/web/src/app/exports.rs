//! The export buttons under an advisor's answer: copy the checklist as Markdown (byte for byte
//! what `bts-advisor` writes), copy the link, print, download and load the profile as the CLI's
//! JSON file, download the plan (answers, name, ticks, date) and load either file, and clear the
//! ticks (after asking, with an undo). A copy the browser refuses lands in a box, selected, to
//! copy by hand. Above them, [`plan_bar`]: which plan is shown, its name, a new plan.

use leptos::prelude::*;

use super::edges;
use super::el::{El, dynamic, dynamic_text, effect, el};
use super::shell::{Advisor, Frame};
use super::signals::{Flag, Notice};
use crate::progress::Done;

/// `div.bts-export`: the buttons, the copy status and the box for copying by hand.
pub fn exports<A: Advisor>(frame: Frame<A>) -> El {
    let p = frame.prefix();
    let copy_status = Notice::new();
    // The text to copy by hand when the browser refuses: the box shows while it is not empty.
    let manual_text = Notice::new();
    let copy_out = move |text: String, what: &'static str| {
        let shown = text.clone();
        edges::copy_text(text, move |copied| {
            if copied {
                copy_status.show(format!("Copied {what} to the clipboard."));
                manual_text.clear();
            } else {
                copy_status
                    .show(format!("Copying is blocked here: {what} is in the box below, selected. Press Ctrl+C (or ⌘C) to copy it."));
                manual_text.show(shown);
                // Once the box is shown.
                gloo_timers::callback::Timeout::new(0, move || edges::focus_and_select(&format!("{p}-manual-text"))).forget();
            }
        });
    };
    let download = move |_| {
        let name = frame.file_name("answers") + ".json";
        if edges::download(&name, "application/json", &frame.profile_json()) {
            frame
                .live
                .show(format!("Downloaded the answers as {name}."));
        }
    };
    let download_csv = move |_| {
        let name = frame.file_name("checklist") + ".csv";
        if edges::download(&name, "text/csv", &frame.csv()) {
            frame
                .live
                .show(format!("Downloaded the checklist, with its ticks, as {name}."));
        }
    };
    let download_plan = move |_| {
        let name = frame.file_name("plan") + ".json";
        if edges::download(&name, "application/json", &frame.plan_file()) {
            frame
                .live
                .show(format!("Downloaded the plan, with its ticks, as {name}."));
        }
    };
    let load = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        edges::read_chosen_file(&input, move |name, text| frame.load_file(name, text));
    };
    // Clearing asks first (`asking`), and keeps what it cleared until the next change (`undo`).
    let asking = Flag::new(false);
    // What the last clearing removed, and from which plan (empty: nothing to undo).
    let undo = RwSignal::new(Done::default());
    let undo_plan = Notice::new();
    let ask = move |_| {
        copy_status.clear();
        asking.turn_on();
        gloo_timers::callback::Timeout::new(0, move || edges::focus(&format!("{p}-clear-confirm"))).forget();
    };
    let clear = move |_| {
        asking.turn_off();
        let before = frame.done.get_untracked();
        frame.done.set(Done::default());
        frame.save_progress();
        undo.set(before);
        undo_plan.show(frame.plan.get_untracked());
        copy_status.clear();
        frame
            .live
            .show(format!("Ticks cleared in the plan {}. {}", frame.plan.get_untracked(), frame.progress_line()));
        gloo_timers::callback::Timeout::new(0, move || edges::focus(&format!("{p}-undo-clear"))).forget();
    };
    let keep = move |_| {
        asking.turn_off();
        edges::focus(&format!("{p}-clear-ticks"));
    };
    let restore = move |_| {
        if !undo_plan.is_empty_untracked() {
            frame.done.set(undo.get_untracked());
            frame.save_progress();
            frame
                .live
                .show(format!("Ticks restored. {}", frame.progress_line()));
        }
        undo_plan.clear();
        edges::focus(&format!("{p}-clear-ticks"));
    };
    // A tick or another plan makes the undo meaningless.
    effect(move || {
        let plan = frame.plan.get();
        let ticked = frame.done.with(|d| !d.is_empty());
        if !undo_plan.is_empty_untracked() && (ticked || undo_plan.text_untracked() != plan) {
            undo_plan.clear();
        }
    });
    let button = |id: String, label: &'static str| el("button").attr("type", "button").id(id).text(label);

    el("div")
        .class("bts-export")
        .child(
            button(format!("{p}-copy-markdown"), "Copy as Markdown")
                .on(leptos::ev::click, move |_| copy_out(frame.markdown(), "the checklist as Markdown")),
        )
        .text(" ")
        .child(
            button(format!("{p}-copy-link"), "Copy link")
                .on(leptos::ev::click, move |_| copy_out(edges::href(), "the link to these answers")),
        )
        .text(" ")
        .child(button(format!("{p}-download-csv"), "Download CSV").on(leptos::ev::click, download_csv))
        .text(" ")
        .child(button(format!("{p}-print"), "Print").on(leptos::ev::click, move |_| edges::print()))
        .text(" ")
        .child(button(format!("{p}-download"), "Download answers (JSON)").on(leptos::ev::click, download))
        .text(" ")
        .child(button(format!("{p}-download-plan"), "Download plan with ticks (JSON)").on(leptos::ev::click, download_plan))
        .text(" ")
        .child(
            el("label")
                .class("bts-load")
                .text("Load answers or plan (JSON): ")
                .child(
                    el("input")
                        .attr("type", "file")
                        .id(format!("{p}-load"))
                        .attr("accept", ".json,application/json")
                        .on(leptos::ev::change, load),
                ),
        )
        .text(" ")
        .child(button(format!("{p}-clear-ticks"), "Clear ticks").on(leptos::ev::click, ask))
        .child(
            el("p")
                .id(format!("{p}-clear-ask"))
                .class("bts-confirm")
                .flag("hidden", move || !asking.is_on())
                .child(dynamic_text(move || {
                    let ticks = frame.done.with(|d| d.ids().count());
                    format!("Clear all {ticks} ticks of the plan {}? ", frame.plan.get())
                }))
                .child(button(format!("{p}-clear-confirm"), "Clear them").on(leptos::ev::click, clear))
                .text(" ")
                .child(button(format!("{p}-clear-keep"), "Keep them").on(leptos::ev::click, keep)),
        )
        .child(
            el("p")
                .class("bts-confirm")
                .flag("hidden", move || undo_plan.is_empty())
                .text("Ticks cleared. ")
                .child(button(format!("{p}-undo-clear"), "Undo").on(leptos::ev::click, restore)),
        )
        .child(
            el("p")
                .id(format!("{p}-copy-status"))
                .class("bts-copy-status")
                .attr("role", "status")
                .child(dynamic_text(move || copy_status.text())),
        )
        .child(
            el("label")
                .id(format!("{p}-manual"))
                .class("bts-manual-copy")
                .flag("hidden", move || manual_text.is_empty())
                .text("Text to copy")
                .child(
                    el("textarea")
                        .id(format!("{p}-manual-text"))
                        .attr("readonly", "")
                        .attr("rows", "8")
                        .value(move || manual_text.text()),
                ),
        )
}

/// `div.bts-plan-bar`: the plan shown (a choice among the stored plans), its name, and a new plan.
pub fn plan_bar<A: Advisor>(frame: Frame<A>) -> El {
    let p = frame.prefix();
    let options = move || {
        let shown = frame.plan.get();
        let mut names: Vec<String> = frame
            .plans
            .with(|ps| ps.plans.iter().map(|plan| plan.name.clone()).collect());
        if !names.contains(&shown) {
            names.insert(0, shown.clone());
        }
        names
            .into_iter()
            .map(|name| {
                let selected = name == shown;
                el("option")
                    .attr("value", name.clone())
                    .flag("selected", move || selected)
                    .text(name)
                    .view()
            })
            .collect::<Vec<_>>()
            .into_any()
    };
    let rename = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        if !frame.rename_plan(&input.value()) {
            input.set_value(&frame.plan.get_untracked());
            frame
                .live
                .show("A plan needs a name, and one that no other plan in this browser has.".to_string());
        }
    };
    el("div")
        .class("bts-plan-bar")
        .id(format!("{p}-plan-bar"))
        .child(
            el("label").text("Plan ").child(
                el("select")
                    .id(format!("{p}-plan"))
                    .on(leptos::ev::change, move |ev| frame.switch_plan(&event_target_value(&ev)))
                    .child(dynamic(options)),
            ),
        )
        .text(" ")
        .child(
            el("label").text("Plan name ").child(
                el("input")
                    .attr("type", "text")
                    .id(format!("{p}-plan-name"))
                    .attr("maxlength", crate::progress::MAX_NAME_LEN.to_string())
                    .attr("autocomplete", "off")
                    .value(move || frame.plan.get())
                    .on(leptos::ev::change, rename),
            ),
        )
        .text(" ")
        .child(
            el("button")
                .attr("type", "button")
                .id(format!("{p}-plan-new"))
                .text("New plan")
                .on(leptos::ev::click, move |_| frame.new_plan()),
        )
}
