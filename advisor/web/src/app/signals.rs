//! Signals named for what they hold. Both are a `RwSignal<String>` underneath: the advisors have
//! String signals anyway, and every other value type (`bool`, `Option<String>`) would be a signal
//! type of its own, whose reactive code the WASM would carry once more (see SIZE.md).

use leptos::prelude::*;

/// A text shown while it is not empty: a notice, a status line, the live region's words, the
/// text in the box for copying by hand.
#[derive(Clone, Copy)]
pub struct Notice(RwSignal<String>);

impl Notice {
    /// No text yet.
    pub fn new() -> Notice {
        Notice(RwSignal::new(String::new()))
    }

    /// Showing `text` if there is one.
    pub fn showing(text: Option<String>) -> Notice {
        Notice(RwSignal::new(text.unwrap_or_default()))
    }

    /// Shows `text` (an empty one is no notice).
    pub fn show(self, text: String) {
        self.0.set(text);
    }

    /// Shows `text` if there is one, else nothing.
    pub fn show_if(self, text: Option<String>) {
        self.show(text.unwrap_or_default());
    }

    pub fn clear(self) {
        self.0.set(String::new());
    }

    /// The text (in a reactive context: followed).
    pub fn text(self) -> String {
        self.0.get()
    }

    /// The text, not followed.
    pub fn text_untracked(self) -> String {
        self.0.get_untracked()
    }

    /// Whether nothing is shown, not followed.
    pub fn is_empty_untracked(self) -> bool {
        self.0.with_untracked(String::is_empty)
    }

    /// Whether nothing is shown (in a reactive context: followed).
    pub fn is_empty(self) -> bool {
        self.0.with(String::is_empty)
    }
}

/// On or off.
#[derive(Clone, Copy)]
pub struct Flag(RwSignal<String>);

impl Flag {
    pub fn new(on: bool) -> Flag {
        Flag(RwSignal::new(if on { "on".to_string() } else { String::new() }))
    }

    /// Whether it is on (in a reactive context: followed).
    pub fn is_on(self) -> bool {
        !self.0.with(String::is_empty)
    }

    pub fn turn_on(self) {
        self.0.set("on".to_string());
    }

    pub fn turn_off(self) {
        self.0.set(String::new());
    }
}
