//! The export buttons under an advisor's answer: copy the checklist as Markdown (byte for byte
//! what `bts-advisor` writes), copy the link, print, download and load the profile as the CLI's
//! JSON file, and clear the ticks. A copy the browser refuses lands in a box, selected, to copy
//! by hand.

use leptos::prelude::*;

use super::checklist::step_ids;
use super::edges;
use super::el::{El, dynamic_text, el};
use super::shell::{Advisor, Frame};
use super::signals::Notice;
use crate::present;
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
        let name = format!("bts-{p}-profile.json");
        if edges::download(&name, &frame.profile_json()) {
            frame
                .live
                .show(format!("Downloaded the answers as {name}."));
        }
    };
    let load = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        edges::read_chosen_file(&input, move |name, text| frame.load_file(name, text));
    };
    let clear = move |_| {
        frame.done.set(Done::default());
        frame.save_progress();
        let ids = step_ids(frame.sections);
        frame
            .live
            .show(format!("Ticks cleared. {}", present::progress_line(&Done::default(), ids.iter().map(String::as_str))));
    };
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
        .child(button(format!("{p}-print"), "Print").on(leptos::ev::click, move |_| edges::print()))
        .text(" ")
        .child(button(format!("{p}-download"), "Download answers (JSON)").on(leptos::ev::click, download))
        .text(" ")
        .child(
            el("label")
                .class("bts-load")
                .text("Load answers (JSON): ")
                .child(
                    el("input")
                        .attr("type", "file")
                        .id(format!("{p}-load"))
                        .attr("accept", ".json,application/json")
                        .on(leptos::ev::change, load),
                ),
        )
        .text(" ")
        .child(button(format!("{p}-clear-ticks"), "Clear ticks").on(leptos::ev::click, clear))
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
