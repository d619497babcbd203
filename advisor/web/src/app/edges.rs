//! The advisors' edges to the browser: URL, clock, storage, clipboard and files. Each degrades
//! to a message instead of failing: storage may be blocked, the clipboard may be missing.

use gloo_storage::{LocalStorage, Storage as _};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[cfg(target_arch = "wasm32")]
use crate::present;
use crate::progress::{self, AdvisorKind, Plans, StoredPlans};
#[cfg(target_arch = "wasm32")]
use bts_rules::Date;

/// The page's hash and query string, each with its leading `#` or `?`.
#[cfg(target_arch = "wasm32")]
pub fn location() -> (String, String) {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return Default::default();
    };
    (location.hash().unwrap_or_default(), location.search().unwrap_or_default())
}

/// Runs `then` in a task of its own after the browser's next frame, the one that paints what the
/// DOM holds now (at once if there is no window to ask, in a task of its own if the browser
/// refuses the frame: it always runs).
pub fn after_next_frame(then: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return then();
    };
    let frame = wasm_bindgen::closure::Closure::once(move || gloo_timers::callback::Timeout::new(0, then).forget());
    let function: &js_sys::Function = frame.as_ref().unchecked_ref();
    if window.request_animation_frame(function).is_err() {
        let _ = function.call0(&JsValue::NULL);
    }
    // Called once, by the browser or above; JavaScript holds the function until then.
    frame.forget();
}

/// The page's hash without its `#`.
pub fn hash() -> String {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    hash.strip_prefix('#').map(str::to_string).unwrap_or(hash)
}

/// The page's address, for "Copy link".
pub fn href() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

/// Shows the profile in the address bar without adding a history entry or scrolling.
pub fn replace_hash(profile: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let wanted = format!("#{profile}");
    if window.location().hash().ok().as_deref() != Some(wanted.as_str())
        && let Ok(history) = window.history()
    {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&wanted));
    }
}

/// Today's date in the browser's time zone.
#[cfg(target_arch = "wasm32")]
pub fn today() -> Date {
    let now = js_sys::Date::new_0();
    present::local_date(now.get_time(), now.get_timezone_offset())
}

pub fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}

const NO_STORAGE: &str = "This browser does not let the page store data, so ticked steps will not be kept after you leave the page.";

/// Whether localStorage can be used: gloo-storage throws when site data is blocked, so ask first.
fn storage_available() -> bool {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .is_some()
}

/// Every key and value in localStorage.
fn stored_entries() -> Vec<(String, String)> {
    let storage = LocalStorage::raw();
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter_map(|key| {
            storage
                .get_item(&key)
                .ok()
                .flatten()
                .map(|value| (key, value))
        })
        .collect()
}

/// Copies a value that could not be read to [`progress::aside_key`], so it is never lost.
fn set_aside(key: &str, raw: &str) {
    let _ = LocalStorage::raw().set_item(&progress::aside_key(key), raw);
}

/// The advisor's stored plans, and a notice if something stored could not be used. The first
/// time, the version-1 ticks (one key per profile) are carried over into plans named by
/// `name_of` their profile, the one of `current_profile` shown; the old keys stay.
pub fn load_plans(kind: AdvisorKind, current_profile: &str, name_of: impl Fn(&str) -> String) -> (Plans, Option<String>) {
    if !storage_available() {
        return (Plans::default(), Some(NO_STORAGE.to_string()));
    }
    let key = progress::plans_key(kind);
    let raw = LocalStorage::raw().get_item(&key).ok().flatten();
    match progress::parse_plans(raw.as_deref()) {
        StoredPlans::Plans(plans) => (plans, None),
        StoredPlans::Unreadable => {
            set_aside(&key, raw.as_deref().unwrap_or_default());
            LocalStorage::delete(&key);
            let notice = format!(
                "The plans saved in this browser could not be read, so the page starts without them; a copy of what was stored is kept under the key {} in this browser's storage.",
                progress::aside_key(&key)
            );
            (Plans::default(), Some(notice))
        }
        StoredPlans::Nothing => {
            let entries = stored_entries();
            let (plans, unreadable) =
                progress::migrate(kind, entries.iter().map(|(k, v)| (k.as_str(), v.as_str())), current_profile, name_of);
            for key in &unreadable {
                if let Some((_, raw)) = entries.iter().find(|(k, _)| k == key) {
                    set_aside(key, raw);
                }
            }
            if !plans.plans.is_empty() {
                save_plans(kind, &plans);
            }
            let notice = (!unreadable.is_empty()).then(|| {
                "Some progress saved in this browser by an earlier version of the page could not be read; it was left as it was, and the steps it held show as not done.".to_string()
            });
            (plans, notice)
        }
    }
}

/// Stores the plans; a message if that was not possible.
pub fn save_plans(kind: AdvisorKind, plans: &Plans) -> Option<String> {
    if !storage_available() {
        return Some(NO_STORAGE.to_string());
    }
    LocalStorage::raw()
        .set_item(&progress::plans_key(kind), &progress::serialize_plans(plans))
        .err()
        .map(|_| {
            "Your ticks could not be saved in this browser (its storage may be full); they stay on this page until you leave it."
                .to_string()
        })
}

/// Copies `text` to the clipboard and reports whether it worked. `navigator.clipboard` is missing
/// on pages that are not a secure context, and the browser may refuse.
pub fn copy_text(text: String, done: impl FnOnce(bool) + 'static) {
    let clipboard = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("clipboard")).ok())
        .filter(|c| !c.is_undefined() && !c.is_null());
    let Some(clipboard) = clipboard else {
        done(false);
        return;
    };
    let promise = clipboard
        .unchecked_into::<web_sys::Clipboard>()
        .write_text(&text);
    leptos::task::spawn_local(async move { done(JsFuture::from(promise).await.is_ok()) });
}

/// Selects the text of a node, for copying by hand.
pub fn select_text(node: &web_sys::Node) {
    if let Some(selection) = web_sys::window().and_then(|w| w.get_selection().ok().flatten()) {
        let _ = selection.select_all_children(node);
    }
}

/// The `data-base-url` of the element with this id: the site's address, when it was built with one.
pub fn base_url(id: &str) -> Option<String> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.get_attribute("data-base-url"))
        .filter(|url| !url.is_empty())
}

/// Offers `text` as a file download of type `mime` (a Blob URL, no request).
pub fn download(name: &str, mime: &str, text: &str) -> bool {
    let attempt = || -> Result<(), JsValue> {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or(JsValue::NULL)?;
        let bag = web_sys::BlobPropertyBag::new();
        bag.set_type(mime);
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&js_sys::Array::of1(&JsValue::from_str(text)), &bag)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob)?;
        let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
        link.set_href(&url);
        link.set_download(name);
        link.click();
        gloo_timers::callback::Timeout::new(1000, move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        })
        .forget();
        Ok(())
    };
    attempt().is_ok()
}

/// Reads the file chosen in a file input: its name and text, or why it could not be read.
pub fn read_chosen_file(input: &web_sys::HtmlInputElement, done: impl FnOnce(String, Result<String, String>) + 'static) {
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return;
    };
    // Choosing the same file again should load it again.
    input.set_value("");
    let name = file.name();
    let promise = file.text();
    leptos::task::spawn_local(async move {
        let text = JsFuture::from(promise)
            .await
            .ok()
            .and_then(|t| t.as_string())
            .ok_or_else(|| "the file could not be read".to_string());
        done(name, text);
    });
}

/// Focuses the element with this id (after its content changed under the keyboard).
pub fn focus(id: &str) {
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        let _ = element.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}

/// Focuses the text box with this id and selects its text, for copying by hand.
pub fn focus_and_select(id: &str) {
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        let area = element.unchecked_into::<web_sys::HtmlTextAreaElement>();
        let _ = area.focus();
        area.select();
    }
}
