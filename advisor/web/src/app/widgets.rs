//! The controls the advisors' forms are made of, and the source line under a step or a
//! prerequisite. Each control takes its props as a struct, named at the call.

use leptos::prelude::*;

use super::RenderMode;
use super::el::{El, dynamic, el, memo};
use crate::present;

/// A labelled select whose options follow `options` and whose choice follows `current`.
pub struct Select {
    pub id: &'static str,
    pub label: &'static str,
    pub options: Memo<present::Options>,
    /// The value of the option shown as chosen.
    pub current: Memo<String>,
    /// Called with the value of the option the user chose.
    pub chosen: Callback<String>,
}

pub fn select(s: Select) -> AnyView {
    let Select { id, label, options, current, chosen } = s;
    let options = move || {
        options
            .get()
            .into_iter()
            .map(|(value, text)| {
                el("option")
                    .attr("value", value)
                    .flag("selected", move || current.with(|c| c == value))
                    .text(text)
                    .view()
            })
            .collect::<Vec<_>>()
            .into_any()
    };
    el("div")
        .class("bts-field")
        .child(el("label").attr("for", id).text(label))
        .child(
            el("select")
                .id(id)
                .on(leptos::ev::change, move |ev| chosen.run(event_target_value(&ev)))
                .child(dynamic(options)),
        )
        .view()
}

/// A labelled checkbox.
pub struct Checkbox {
    /// The class of the `div` around the box and its label.
    pub class: &'static str,
    /// The `input` element, with any attributes of its own (`name`, `value`).
    pub input: El,
    pub id: String,
    pub label: &'static str,
    /// Whether it is ticked.
    pub on: Memo<bool>,
    /// Called when the user ticks or unticks it.
    pub set: Callback<bool>,
}

pub fn checkbox(c: Checkbox) -> AnyView {
    let Checkbox { class, input, id, label, on, set } = c;
    el("div")
        .class(class)
        .child(
            input
                .attr("type", "checkbox")
                .id(id.clone())
                .flag("checked", move || on.get())
                .on(leptos::ev::change, move |ev| set.run(event_target_checked(&ev))),
        )
        .child(el("label").attr("for", id).text(label))
        .view()
}

/// A form of fieldsets; the page never submits it. Prerendered, it is `inert` until the app
/// takes over: nothing typed into it before then could be kept.
pub fn form(mode: RenderMode, fieldsets: Vec<AnyView>) -> AnyView {
    let form = el("form");
    let form = if mode.live { form } else { form.attr("inert", "") };
    form.class("bts-inputs")
        .on(leptos::ev::submit, |ev| ev.prevent_default())
        .children(fieldsets)
        .view()
}

/// Options that never change (one closure type for all of them: SIZE.md).
pub fn fixed(options: present::Options) -> Memo<present::Options> {
    memo(move || options.clone())
}

/// A step's source: "Source: page.html#anchor", linked (`a.step-source`, which the browser
/// suite follows).
pub fn step_source(source: &'static str) -> El {
    source_paragraph(source_link(source).class("step-source"), source)
}

/// The link to a source, `page.html#anchor` relative to the site root.
pub fn source_link(source: &'static str) -> El {
    el("a").attr("href", present::source_href(source))
}

/// "Source: page.html#anchor" around `link`.
pub fn source_paragraph(link: El, source: &'static str) -> El {
    el("p").class("bts-step-source").child(
        link.text("Source: ")
            .child(el("span").class("bts-source-path").text(source)),
    )
}
