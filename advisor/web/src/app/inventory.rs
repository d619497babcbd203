//! "Load inventory": one or several files the read-only collector wrote (`bts-collect.ps1`, one
//! per server) fill the form, and the page shows where each value was read ("Windows Server
//! 2016: read on BTS01 from Win32_OperatingSystem: ...") and every feature it cannot tell as
//! "not sure", with why. Nothing leaves the page.
//!
//! The reading and the mapping are not in the advisor's WASM: they are the importer
//! ([`crate::importer`]), a WASM of its own that the page's loader downloads the first time files
//! are chosen (`btsInventoryImporter()`, once per page). This panel hands the chosen files and
//! the form's answers, as the advisor's answers file, to the loader's `btsFillFromInventories`,
//! which reads the files and calls the importer; it reads the filled answers back as it reads a
//! file the user loads ([`Advisor::from_fields`]). The readings come back as one
//! piece of HTML (text escaped by the importer), so the panel adds no element or signal types.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::el::{El, dynamic, el};
use super::shell::{Advisor, Frame};
use super::signals::Notice;
use super::widgets::form;

#[wasm_bindgen]
extern "C" {
    /// What the importer returned (`crate::importer::Filled`).
    type Filled;
    /// The loader's global (xtask/assets/advisor-loader.js): reads the files, loads the importer
    /// on the first call and fills the answers file; a promise of [`Filled`], or of why not.
    #[wasm_bindgen(catch, js_name = btsFillFromInventories)]
    fn fill_from_inventories(kind: &str, answers: &str, files: &web_sys::FileList) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn profile(this: &Filled) -> String;
    #[wasm_bindgen(method, getter)]
    fn html(this: &Filled) -> String;
    #[wasm_bindgen(method, getter)]
    fn summary(this: &Filled) -> String;
}

/// `div.bts-inventory`: the file input and, once files are loaded, what they showed.
pub(super) fn panel<A: Advisor>(frame: Frame<A>) -> El {
    let p = frame.prefix();
    let shown = Notice::new();
    let load = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        let Some(files) = input.files().filter(|f| f.length() > 0) else {
            return;
        };
        let names: Vec<String> = (0..files.length())
            .filter_map(|i| files.get(i))
            .map(|f| f.name())
            .collect();
        let answers = A::to_json(&frame.state.profile.get_untracked());
        let filling = fill_from_inventories(A::KIND.id(), &answers, &files);
        // Choosing the same files again should load them again.
        input.set_value("");
        leptos::task::spawn_local(async move {
            let filled = match filling {
                Ok(promise) => JsFuture::from(promise).await,
                Err(thrown) => Err(thrown),
            };
            // The filled answers file is loaded as a file the user chose: the same reading, the
            // same notice when it is refused.
            let filled = filled.map(JsCast::unchecked_into::<Filled>);
            let text = filled
                .as_ref()
                .map(|f| f.profile())
                .map_err(|e| e.as_string().unwrap_or_default());
            frame.load_file(names.join(", "), text);
            if let (Ok(filled), true) = (filled, frame.file_notice().is_empty_untracked()) {
                shown.show(filled.html());
                frame.live.show(filled.summary());
            }
        });
    };
    let control = el("label")
        .class("bts-load")
        .text("Fill in from the collector's inventory (one file per server; read in this browser, sent nowhere): ")
        .child(
            el("input")
                .attr("type", "file")
                .attr("multiple", "")
                .id(format!("{p}-load-inventory"))
                .attr("accept", ".json,application/json")
                .on(leptos::ev::change, load),
        );
    el("div")
        .class("bts-inventory")
        .id(format!("{p}-inventory"))
        // In a form: prerendered, it is inert until the app runs.
        .child(form(frame.state.mode, vec![control.view()]))
        .child(dynamic(move || {
            let html = shown.text();
            if html.is_empty() {
                return ().into_any();
            }
            el("div")
                .id(format!("{p}-inventory-readings"))
                .inner_html(html)
                .view()
        }))
}
