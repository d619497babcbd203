//! Pieces both advisors use: stored progress, the notice area, inputs, checklist steps and the
//! export buttons.

use std::collections::BTreeSet;
use std::time::Duration;

use leptos::html;
use leptos::prelude::*;

use super::browser;
use crate::present::source_href;
use crate::progress::{Advisor, storage_key};

/// The steps done for the current profile, kept in localStorage under the profile's key.
#[derive(Clone, Copy)]
pub struct Progress {
    key: Memo<String>,
    done: RwSignal<BTreeSet<String>>,
    /// Why progress could not be read or saved, until dismissed.
    pub notice: RwSignal<Option<String>>,
}

impl Progress {
    /// Loads the progress of `canonical` now, and again whenever the profile changes.
    pub fn new(advisor: Advisor, canonical: Memo<String>) -> Progress {
        let key = Memo::new(move |_| storage_key(advisor, &canonical.get()));
        let (initial, problem) = browser::load_progress(&key.get_untracked());
        let done = RwSignal::new(initial);
        let notice = RwSignal::new(problem);
        Effect::watch(
            move || key.get(),
            move |key, _, _| {
                let (now, problem) = browser::load_progress(key);
                done.set(now);
                if problem.is_some() {
                    notice.set(problem);
                }
            },
            false,
        );
        Progress { key, done, notice }
    }

    pub fn is_done(&self, id: &str) -> bool {
        self.done.with(|done| done.contains(id))
    }

    /// Ticks or unticks a step and stores the result at once.
    pub fn set(&self, id: &str, done: bool) {
        self.done.update(|set| {
            if done {
                set.insert(id.to_string());
            } else {
                set.remove(id);
            }
        });
        let problem = self.done.with_untracked(|set| browser::save_progress(&self.key.get_untracked(), set));
        if problem.is_some() {
            self.notice.set(problem);
        }
    }

    /// How many of `ids` are done.
    pub fn count<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> (usize, usize) {
        self.done.with(|done| crate::progress::count_done(done, ids))
    }
}

/// The notice area (`#<prefix>-notice`): what the page had to ignore or could not do.
pub fn notices(prefix: &'static str, link: RwSignal<Option<String>>, storage: RwSignal<Option<String>>) -> impl IntoView {
    let item = move |kind: &'static str, signal: RwSignal<Option<String>>| {
        move || {
            signal.get().map(|text| {
                view! {
                    <p class="bts-notice-item" data-notice=kind>
                        <span>{text}</span>
                        " "
                        <button type="button" class="bts-dismiss" on:click=move |_| signal.set(None)>
                            "Dismiss"
                        </button>
                    </p>
                }
            })
        }
    };
    view! {
        <div id=format!("{prefix}-notice") class="bts-notice" role="status">
            {item("link", link)}
            {item("storage", storage)}
        </div>
    }
}

/// A labelled `<select>` whose options and selection follow signals.
pub fn choice(
    id: &'static str,
    label: &'static str,
    options: impl Fn() -> Vec<(&'static str, String)> + Send + Sync + 'static,
    selected: impl Fn() -> &'static str + Send + Sync + 'static,
    on_pick: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <div class="bts-field">
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| on_pick(event_target_value(&ev))>
                {move || {
                    let current = selected();
                    options()
                        .into_iter()
                        .map(|(value, text)| view! { <option value=value prop:selected=value == current>{text}</option> })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

/// A labelled checkbox.
pub fn flag(
    id: &'static str,
    label: &'static str,
    checked: impl Fn() -> bool + Send + Sync + 'static,
    on_change: impl Fn(bool) + 'static,
) -> impl IntoView {
    view! {
        <div class="bts-field bts-flag">
            <input type="checkbox" id=id prop:checked=checked on:change=move |ev| on_change(event_target_checked(&ev))/>
            <label for=id>{label}</label>
        </div>
    }
}

/// One checklist step as the rules give it.
pub struct StepView {
    pub id: String,
    pub phase: &'static str,
    pub title: &'static str,
    pub detail_html: &'static str,
    pub code: &'static [&'static str],
    pub source: &'static str,
}

/// A checklist item: its checkbox, what to do, copyable code and the link to the guide.
pub fn step_item(prefix: &'static str, step: StepView, progress: Progress) -> impl IntoView {
    let checkbox_id = format!("{prefix}-step-{}", step.id);
    let (for_class, for_checked, for_change) = (step.id.clone(), step.id.clone(), step.id.clone());
    let code = (!step.code.is_empty()).then(|| {
        view! {
            <ul class="bts-step-code">
                {step.code.iter().map(|text| code_item(text)).collect_view()}
            </ul>
        }
    });
    view! {
        <li class="step" class:bts-done=move || progress.is_done(&for_class) data-step-id=step.id data-phase=step.phase>
            <div class="bts-step-head">
                <input
                    type="checkbox"
                    class="step-done"
                    id=checkbox_id.clone()
                    prop:checked=move || progress.is_done(&for_checked)
                    on:change=move |ev| progress.set(&for_change, event_target_checked(&ev))
                />
                <label for=checkbox_id class="bts-step-title">{title_view(step.title)}</label>
            </div>
            <div class="bts-step-detail" inner_html=step.detail_html></div>
            {code}
            <p class="bts-step-source">
                <a class="step-source" href=source_href(step.source)>"Source: "<span class="bts-source-path">{step.source}</span></a>
            </p>
        </li>
    }
}

/// A step title, whose Markdown code spans (`BizTalkMgmtDb`) are shown as code.
fn title_view(title: &'static str) -> impl IntoView {
    title
        .split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { view! { <code>{part}</code> }.into_any() } else { part.into_any() })
        .collect_view()
}

/// A command or file name with its copy button and the result of the last copy.
fn code_item(text: &'static str) -> impl IntoView {
    let code = NodeRef::<html::Code>::new();
    let result = RwSignal::new(None::<&'static str>);
    let copy = move |_| {
        leptos::task::spawn_local(async move {
            let outcome = match browser::copy_text(text).await {
                Ok(()) => "Copied.",
                Err(()) => {
                    // Select the text so that Ctrl+C copies it.
                    if let (Some(node), Some(selection)) =
                        (code.get_untracked(), web_sys::window().and_then(|w| w.get_selection().ok().flatten()))
                    {
                        let _ = selection.select_all_children(&node);
                    }
                    "Copying is blocked here: the text is selected, press Ctrl+C (or ⌘C)."
                }
            };
            result.set(Some(outcome));
            set_timeout(move || result.set(None), Duration::from_secs(6));
        });
    };
    view! {
        <li>
            <code node_ref=code>{text}</code>
            " "
            <button type="button" class="copy-code" aria-label=format!("Copy {text}") on:click=copy>"Copy"</button>
            <span class="bts-copy-result" role="status">{move || result.get()}</span>
        </li>
    }
}

/// "Copy as Markdown", "Copy link" and "Print", with the outcome of the last copy. When the
/// clipboard is not available, the Markdown is shown in a text box, selected, to copy by hand.
pub fn export_bar(prefix: &'static str, markdown: impl Fn() -> String + Clone + 'static) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let manual = RwSignal::new(None::<String>);
    let manual_box = NodeRef::<html::Textarea>::new();
    let copy = move |text: String, what: &'static str| {
        leptos::task::spawn_local(async move {
            match browser::copy_text(&text).await {
                Ok(()) => {
                    status.set(format!("Copied {what} to the clipboard."));
                    manual.set(None);
                }
                Err(()) => {
                    status.set(format!("Copying is blocked here: the {what} is in the box below, selected. Press Ctrl+C (or ⌘C) to copy it."));
                    manual.set(Some(text));
                    request_animation_frame(move || {
                        if let Some(area) = manual_box.get_untracked() {
                            let _ = area.focus();
                            area.select();
                        }
                    });
                }
            }
        });
    };
    view! {
        <div class="bts-export">
            <button type="button" id=format!("{prefix}-copy-markdown") on:click=move |_| copy(markdown(), "checklist as Markdown")>
                "Copy as Markdown"
            </button>
            <button type="button" id=format!("{prefix}-copy-link") on:click=move |_| copy(browser::href(), "link to these answers")>
                "Copy link"
            </button>
            <button type="button" id=format!("{prefix}-print") on:click=move |_| browser::print()>"Print"</button>
            <p class="bts-copy-status" role="status">{move || status.get()}</p>
            {move || {
                manual.get().map(|text| {
                    view! {
                        <label class="bts-manual-copy">
                            "Text to copy"
                            <textarea node_ref=manual_box readonly rows="8">{text}</textarea>
                        </label>
                    }
                })
            }}
        </div>
    }
}

/// Keeps the address bar showing the profile, and follows links pasted into it: `apply` gets
/// the new hash when it changes to something other than the current profile.
pub fn sync_url(canonical: Memo<String>, apply: impl Fn(&str) + 'static) {
    Effect::new(move |_| browser::replace_hash(&canonical.get()));
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let hash = browser::hash();
        let text = hash.strip_prefix('#').unwrap_or(&hash);
        if text.contains('=') && canonical.get_untracked() != text {
            apply(text);
        }
    });
    // The advisor lives as long as the page.
    std::mem::forget(handle);
}
