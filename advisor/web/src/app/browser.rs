//! Everything that touches browser APIs directly. Each function degrades to a message instead of
//! throwing: storage may be blocked, the clipboard may be missing, the history may refuse.

use std::collections::BTreeSet;

use bts_rules::Date;
use gloo_storage::{LocalStorage, Storage as _};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

use crate::progress::{self, Stored};

pub fn element(id: &str) -> Option<HtmlElement> {
    web_sys::window()?.document()?.get_element_by_id(id)?.dyn_into().ok()
}

/// The page's hash and query string, each with its leading `#` or `?`.
pub fn location() -> (String, String) {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return Default::default() };
    (location.hash().unwrap_or_default(), location.search().unwrap_or_default())
}

/// Shows `profile` in the address bar without adding a history entry or scrolling.
pub fn replace_hash(profile: &str) {
    let Some(window) = web_sys::window() else { return };
    let wanted = format!("#{profile}");
    if window.location().hash().ok().as_deref() == Some(wanted.as_str()) {
        return;
    }
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&wanted));
    }
}

/// The current hash, when it has changed since the page set it (a pasted or followed link).
pub fn hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// The address of the page, for "copy link".
pub fn href() -> String {
    web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default()
}

/// Today's date in the browser's time zone.
pub fn today() -> Date {
    let now = js_sys::Date::new_0();
    crate::present::local_date(now.get_time(), now.get_timezone_offset())
}

pub fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}

/// localStorage, if the browser lets this page use it. gloo-storage's calls expect it to exist
/// (they throw otherwise), so every use goes through this check first.
fn storage_available() -> bool {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten()).is_some()
}

const NO_STORAGE: &str = "This browser does not let the page store data, so ticked steps will not be kept after you leave the page.";

/// The steps done for a profile, and a notice if the stored value was unusable (and so removed).
pub fn load_progress(key: &str) -> (BTreeSet<String>, Option<String>) {
    if !storage_available() {
        return (BTreeSet::new(), Some(NO_STORAGE.to_string()));
    }
    let stored = match LocalStorage::get::<Vec<String>>(key) {
        Ok(ids) => progress::accept(ids),
        Err(gloo_storage::errors::StorageError::KeyNotFound(_)) => Stored::Nothing,
        Err(_) => Stored::Unreadable,
    };
    match stored {
        Stored::Nothing => (BTreeSet::new(), None),
        Stored::Done(done) => (done, None),
        Stored::Unreadable => {
            LocalStorage::delete(key);
            (
                BTreeSet::new(),
                Some("The progress saved in this browser for these answers could not be read, so it was discarded. Tick the steps you have done again.".to_string()),
            )
        }
    }
}

/// Stores the steps done; a message if that was not possible.
pub fn save_progress(key: &str, done: &BTreeSet<String>) -> Option<String> {
    if !storage_available() {
        return Some(NO_STORAGE.to_string());
    }
    let result = if done.is_empty() {
        LocalStorage::delete(key);
        Ok(())
    } else {
        LocalStorage::set(key, done)
    };
    result.err().map(|_| "Your ticks could not be saved in this browser (its storage may be full); they stay on this page until you leave it.".to_string())
}

/// Copies `text` to the clipboard. `Err` when the browser has no clipboard access here or
/// refused, so the caller can offer the text to copy by hand.
pub async fn copy_text(text: &str) -> Result<(), ()> {
    let navigator = web_sys::window().ok_or(())?.navigator();
    // `navigator.clipboard` is missing on pages that are not a secure context.
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")).map_err(|_| ())?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return Err(());
    }
    let promise = clipboard.unchecked_into::<web_sys::Clipboard>().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.map(|_| ()).map_err(|_| ())
}
