//! One erased element type for markup that is rebuilt as a whole (the answer, the plan), and
//! the reactive parts (`dynamic`, `dynamic_text`, `memo`, `effect`) with their closures boxed.
//!
//! Every `view!` block is its own nested type, and Leptos instantiates its build, rebuild,
//! mount and drop code per type. Built from [`el`], all markup is one type, `<tag>` with a list
//! of attributes and a list of children, so that code exists once (what it saves: SIZE.md).
//! Text still goes in as text nodes (escaped by the DOM), never as HTML. The crate's
//! `clippy.toml` keeps `view!`, `Memo::new` and `Effect::new` out of the rest of the crate.

use leptos::attr::custom::custom_attribute;
use leptos::prelude::*;
use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::html::attribute::any_attribute::{AnyAttribute, IntoAnyAttribute};
use leptos::tachys::html::class::class;
use leptos::tachys::html::element::custom;
use leptos::tachys::html::element::inner_html;
use leptos::tachys::html::event::{EventDescriptor, On, on};
#[cfg(target_arch = "wasm32")]
use leptos::tachys::html::property::prop;

/// An element being built: its tag, attributes and children.
pub struct El {
    tag: &'static str,
    attributes: Vec<AnyAttribute>,
    children: Vec<AnyView>,
}

pub fn el(tag: &'static str) -> El {
    El { tag, attributes: Vec::new(), children: Vec::new() }
}

/// A reactive function of the signals it reads, boxed: every reactive child or attribute of a
/// kind is then one type, so Leptos's render-effect code exists once per kind instead of once per
/// closure (the same reasoning as for [`El`]).
type BoxedFn<T> = Box<dyn Fn() -> T + Send>;

/// A memo's function, boxed likewise.
type BoxedMemoFn<T> = Box<dyn Fn(Option<&T>) -> T + Send + Sync>;

/// A value computed from signals and kept until one of them changes (`Memo::new`), its closure
/// boxed like [`dynamic`]'s: the memo's code exists once per value type, not once per closure.
pub fn memo<T: PartialEq + Send + Sync + 'static>(f: impl Fn() -> T + Send + Sync + 'static) -> Memo<T> {
    let f: BoxedMemoFn<T> = Box::new(move |_| f());
    // The one call of `Memo::new` the crate's clippy.toml allows.
    #[allow(clippy::disallowed_methods)]
    Memo::new(f)
}

/// Work done when the signals it reads change (`Effect::new`), boxed likewise.
pub fn effect(f: impl Fn() + 'static) {
    let f: Box<dyn Fn(Option<()>)> = Box::new(move |_| f());
    // The one call of `Effect::new` the crate's clippy.toml allows.
    #[allow(clippy::disallowed_methods)]
    Effect::new(f);
}

/// A part of the page that follows signals: `f` is run again when one of them changes.
pub fn dynamic(f: impl Fn() -> AnyView + Send + 'static) -> AnyView {
    let f: BoxedFn<AnyView> = Box::new(f);
    f.into_any()
}

/// Text that follows signals.
pub fn dynamic_text(f: impl Fn() -> String + Send + 'static) -> AnyView {
    let f: BoxedFn<String> = Box::new(f);
    f.into_any()
}

/// Text, as a view.
pub fn text(text: impl Into<String>) -> AnyView {
    text.into().into_any()
}

impl El {
    pub fn attr(mut self, name: &'static str, value: impl Into<String>) -> El {
        self.attributes
            .push(custom_attribute(name, value.into()).into_any_attr());
        self
    }

    pub fn id(self, id: impl Into<String>) -> El {
        self.attr("id", id)
    }

    pub fn class(self, class: impl Into<String>) -> El {
        self.attr("class", class)
    }

    pub fn child(mut self, child: impl Into<Child>) -> El {
        match child.into() {
            Child::View(view) => self.children.push(view),
            Child::Nothing => {}
        }
        self
    }

    pub fn text(self, text: impl Into<String>) -> El {
        self.child(self::text(text))
    }

    pub fn children(mut self, children: impl IntoIterator<Item = AnyView>) -> El {
        self.children.extend(children);
        self
    }

    /// An attribute that follows a signal.
    pub fn attr_with(mut self, name: &'static str, value: impl Fn() -> String + Send + 'static) -> El {
        let value: BoxedFn<String> = Box::new(value);
        self.attributes
            .push(custom_attribute(name, value).into_any_attr());
        self
    }

    /// A DOM property (`checked`, `selected`, `hidden`) that follows a signal. Rendered to HTML
    /// (the prerendered first answer) as the attribute of the same name, present while true:
    /// Leptos writes no properties into HTML.
    pub fn flag(mut self, name: &'static str, on: impl Fn() -> bool + Send + 'static) -> El {
        let on: BoxedFn<bool> = Box::new(on);
        #[cfg(target_arch = "wasm32")]
        self.attributes.push(prop(name, on).into_any_attr());
        #[cfg(not(target_arch = "wasm32"))]
        self.attributes
            .push(custom_attribute(name, move || on().then(String::new)).into_any_attr());
        self
    }

    /// The `value` property of an input, following a signal; in HTML, the `value` attribute.
    pub fn value(mut self, value: impl Fn() -> String + Send + 'static) -> El {
        let value: BoxedFn<String> = Box::new(value);
        #[cfg(target_arch = "wasm32")]
        self.attributes.push(prop("value", value).into_any_attr());
        #[cfg(not(target_arch = "wasm32"))]
        self.attributes
            .push(custom_attribute("value", value).into_any_attr());
        self
    }

    /// A class present while `on` says so.
    pub fn class_when(mut self, name: &'static str, on: impl Fn() -> bool + Send + 'static) -> El {
        let on: BoxedFn<bool> = Box::new(on);
        self.attributes.push(class((name, on)).into_any_attr());
        self
    }

    pub fn on<E>(mut self, event: E, handler: impl FnMut(E::EventType) + 'static) -> El
    where
        E: EventDescriptor + Send + 'static,
        E::EventType: 'static,
        E::EventType: From<wasm_bindgen::JsValue>,
        On<E, Box<dyn FnMut(E::EventType)>>: Attribute,
    {
        let handler: Box<dyn FnMut(E::EventType)> = Box::new(handler);
        self.attributes.push(on(event, handler).into_any_attr());
        self
    }

    /// HTML from our own Markdown (the step details): the one place raw HTML reaches the page.
    pub fn inner_html(mut self, html: String) -> El {
        self.attributes.push(inner_html(html).into_any_attr());
        self
    }

    pub fn view(self) -> AnyView {
        custom(self.tag)
            .add_any_attr(self.attributes)
            .child(self.children)
            .into_any()
    }
}

/// What [`El::child`] takes: a view, an element, or an element that may be absent.
pub enum Child {
    View(AnyView),
    Nothing,
}

impl From<AnyView> for Child {
    fn from(view: AnyView) -> Child {
        Child::View(view)
    }
}

impl From<El> for Child {
    fn from(el: El) -> Child {
        Child::View(el.view())
    }
}

impl From<Option<El>> for Child {
    fn from(el: Option<El>) -> Child {
        el.map_or(Child::Nothing, |el| Child::View(el.view()))
    }
}
