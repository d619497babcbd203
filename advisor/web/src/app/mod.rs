//! The browser side: mounts the advisors and connects them to the page.
//!
//! Each advisor is a state (its profile and report) plus a few functions from that state to
//! markup (in [`crate::render`]). The page builds the form once; after every change of an input
//! it recomputes the report and re-renders the answer and the checklist. The edges to the browser
//! (URL, localStorage, clipboard, clock) are the only side effects, and each degrades to a message
//! instead of failing: storage may be blocked, the clipboard may be missing.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use bts_rules::{
    Architecture, Date, Downloads, Edition, Feature, HotfixProfile, HotfixReport, OperatingSystem, SqlServer, UpgradeProfile,
    UpgradeReport, Version, evaluate_hotfix, evaluate_upgrade,
};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Event, EventTarget, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

use crate::present;
use crate::progress::{self, Advisor as Kind, Done, Stored, storage_key};
use crate::render;
use crate::share::{self, Decoded};

/// Runs when the WASM module is instantiated: mounts each advisor whose mount point is on the
/// page, replacing the fallback content written for browsers without JavaScript or WebAssembly.
#[wasm_bindgen(start)]
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let upgrade = document.get_element_by_id("bts-upgrade-advisor");
    let hotfix = document.get_element_by_id("bts-hotfix-advisor");
    // The URL belongs to an advisor only on its own page. mdBook's print.html holds every chapter:
    // there both advisors start from their defaults and leave the address alone.
    let owns_url = upgrade.is_some() != hotfix.is_some();
    let (hash, query) = if owns_url { location() } else { (String::new(), String::new()) };
    if let Some(mount) = upgrade {
        let Decoded { profile, problems } = share::decode_upgrade_location(&hash, &query);
        let state = Upgrade { report: evaluate_upgrade(&profile), profile, today: today() };
        App::mount(document.clone(), mount, Box::new(state), share::problems_notice(&problems), owns_url);
    }
    if let Some(mount) = hotfix {
        let Decoded { profile, problems } = share::decode_hotfix_location(&hash, &query);
        let state = Hotfix { report: evaluate_hotfix(&profile), profile };
        App::mount(document, mount, Box::new(state), share::problems_notice(&problems), owns_url);
    }
}

/// What differs between the two advisors; [`App`] does the rest.
trait Advisor {
    /// The prefix of the advisor's element ids (`upgrade-verdict`, `hotfix-notice`, ...).
    fn prefix(&self) -> &'static str;
    fn kind(&self) -> Kind;
    fn checklist_heading(&self) -> &'static str;
    fn form(&self) -> String;
    /// Inputs shown between the answer and the checklist.
    fn more_inputs(&self) -> String {
        String::new()
    }
    fn canonical(&self) -> String;
    fn answer(&self) -> String;
    fn step_ids(&self) -> Vec<String>;
    fn checklist(&self, done: &Done) -> String;
    fn announcement(&self) -> String;
    fn markdown(&self) -> String;
    /// A control changed; returns whether the profile did.
    fn changed(&mut self, document: &Document, target: &Element) -> bool;
    /// Replaces the profile with one read from a link; returns the notice for its problems.
    fn apply_link(&mut self, text: &str) -> Option<String>;
    /// Shows the profile in the form (after a link was applied, and for options that depend on it).
    fn show_profile(&self, document: &Document, all: bool);
}

/// One mounted advisor: its state, the steps done, the notices, and its place in the page.
struct App {
    state: Box<dyn Advisor>,
    document: Document,
    done: Done,
    key: String,
    link_notice: Option<String>,
    storage_notice: Option<String>,
    owns_url: bool,
    /// Checklists rendered so far, by their step ids, latest first: going back to an earlier
    /// answer (the usual back-and-forth between two choices) reuses its elements.
    checklists: Vec<Shown>,
}

/// A rendered checklist: its step ids (joined), its root element, and the ticks it shows.
struct Shown {
    steps: String,
    root: Element,
    ticks: Done,
}

/// How many rendered checklists are kept for reuse.
const KEPT_CHECKLISTS: usize = 6;

impl App {
    fn mount(document: Document, mount: Element, state: Box<dyn Advisor>, link_notice: Option<String>, owns_url: bool) {
        mount.set_inner_html(&render::frame(
            state.prefix(),
            state.kind().id(),
            &state.form(),
            &state.more_inputs(),
            state.checklist_heading(),
        ));
        let _ = mount.class_list().add_1("bts-advisor-running");
        let app = Rc::new(RefCell::new(App {
            state,
            document,
            done: Done::default(),
            key: String::new(),
            link_notice,
            storage_notice: None,
            owns_url,
            checklists: Vec::new(),
        }));
        app.borrow_mut().refresh();
        listen(&mount, "change", &app, |app, event| app.on_change(event));
        listen(&mount, "input", &app, |app, event| app.on_input(event));
        listen(&mount, "click", &app, |app, event| app.on_click(event));
        listen(&mount, "submit", &app, |_, event| event.prevent_default());
        if owns_url && let Some(window) = web_sys::window() {
            listen(&window, "hashchange", &app, |app, _| app.on_hash_change());
        }
    }

    fn element(&self, suffix: &str) -> Option<Element> {
        self.document.get_element_by_id(&format!("{}-{suffix}", self.state.prefix()))
    }

    fn set_html(&self, suffix: &str, html: &str) {
        if let Some(element) = self.element(suffix) {
            element.set_inner_html(html);
        }
    }

    /// Recomputes everything shown after a change of the profile.
    fn refresh(&mut self) {
        let canonical = self.state.canonical();
        let key = storage_key(self.state.kind(), &canonical);
        let new_key = key != self.key;
        if new_key {
            let (done, problem) = load_progress(&key);
            self.done = done;
            if problem.is_some() {
                self.storage_notice = problem;
            }
            self.key = key;
        }
        self.state.show_profile(&self.document, false);
        self.set_html("answer", &self.state.answer());
        self.show_checklist(new_key);
        if let Some(live) = self.element("live") {
            live.set_text_content(Some(&self.state.announcement()));
        }
        self.show_notices();
        if self.owns_url {
            // After the answer is on screen: the address bar is not part of it.
            later(move || replace_hash(&canonical));
        }
    }

    /// Shows the checklist of the current report: the one shown if its steps are the same, a
    /// kept one if they were shown before, else a new one. Ticks then follow `done`.
    fn show_checklist(&mut self, new_key: bool) {
        let Some(container) = self.element("checklist") else {
            return;
        };
        let ids = self.state.step_ids();
        let steps = ids.join(" ");
        let current = self.checklists.first().is_some_and(|c| c.steps == steps);
        if current && !new_key {
            return;
        }
        let shown = match self.checklists.iter().position(|c| c.steps == steps) {
            Some(at) => {
                let mut shown = self.checklists.remove(at);
                show_ticks(&shown.root, &shown.ticks, &self.done, &ids);
                shown.ticks = self.done.clone();
                shown
            }
            None => {
                let Ok(root) = self.document.create_element("div") else {
                    return;
                };
                root.set_inner_html(&self.state.checklist(&self.done));
                Shown { steps, root, ticks: self.done.clone() }
            }
        };
        if !current {
            container.replace_children_with_node_1(&shown.root);
        }
        self.checklists.insert(0, shown);
        self.checklists.truncate(KEPT_CHECKLISTS);
    }

    fn show_notices(&self) {
        self.set_html("notice", &render::notices(self.link_notice.as_deref(), self.storage_notice.as_deref()));
    }

    fn on_change(&mut self, event: &Event) {
        let Some(target) = event_element(event) else {
            return;
        };
        if target.class_list().contains("step-done") {
            self.tick(&target);
        } else if self.state.changed(&self.document, &target) {
            self.refresh();
        }
    }

    fn on_input(&mut self, event: &Event) {
        // Selects and checkboxes are handled on `change`; only typing needs `input`.
        if let Some(target) =
            event_element(event).filter(|t| t.tag_name() == "INPUT" && t.get_attribute("type").as_deref() == Some("number"))
            && self.state.changed(&self.document, &target)
        {
            self.refresh();
        }
    }

    /// A step's checkbox changed: store the progress and update what shows it.
    fn tick(&mut self, checkbox: &Element) {
        let Some(item) = checkbox.closest("li.step").ok().flatten() else {
            return;
        };
        let Some(id) = item.get_attribute("data-step-id") else {
            return;
        };
        let done = checked(checkbox);
        self.done.set(&id, done);
        if let Some(shown) = self.checklists.first_mut() {
            shown.ticks.set(&id, done);
        }
        let _ = item.class_list().toggle_with_force("bts-done", done);
        if let Some(problem) = save_progress(&self.key, &self.done) {
            self.storage_notice = Some(problem);
            self.show_notices();
        }
        if let Some(line) = self.element("checklist").and_then(|c| c.query_selector("[data-progress]").ok().flatten()) {
            line.set_text_content(Some(&render::progress_line(&self.done, &self.state.step_ids())));
        }
    }

    fn on_click(&mut self, event: &Event) {
        let Some(button) = event_element(event).and_then(|t| t.closest("button").ok().flatten()) else {
            return;
        };
        let id = button.id();
        let prefix = self.state.prefix();
        if id == format!("{prefix}-copy-markdown") {
            self.copy_out(self.state.markdown(), "the checklist as Markdown");
        } else if id == format!("{prefix}-copy-link") {
            let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
            self.copy_out(href, "the link to these answers");
        } else if id == format!("{prefix}-print") {
            if let Some(window) = web_sys::window() {
                let _ = window.print();
            }
        } else if button.class_list().contains("copy-code") {
            copy_code(&button);
        } else if let Some(kind) = button.get_attribute("data-dismiss") {
            match kind.as_str() {
                "link" => self.link_notice = None,
                _ => self.storage_notice = None,
            }
            self.show_notices();
            // The button is gone: keep keyboard focus where it was rather than at the page top.
            if let Some(area) = self.element("notice").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = area.focus();
            }
        }
    }

    /// Copies an export to the clipboard, or shows it selected in a text box to copy by hand.
    fn copy_out(&self, text: String, what: &'static str) {
        let (Some(status), Some(manual)) = (self.element("copy-status"), self.element("manual")) else {
            return;
        };
        let shown = text.clone();
        copy_text(text, move |copied| {
            let area = manual.query_selector("textarea").ok().flatten().and_then(|a| a.dyn_into::<HtmlTextAreaElement>().ok());
            if copied {
                status.set_text_content(Some(&format!("Copied {what} to the clipboard.")));
                let _ = manual.set_attribute("hidden", "");
            } else if let Some(area) = area {
                status.set_text_content(Some(&format!(
                    "Copying is blocked here: {what} is in the box below, selected. Press Ctrl+C (or ⌘C) to copy it."
                )));
                area.set_value(&shown);
                let _ = manual.remove_attribute("hidden");
                let _ = area.focus();
                area.select();
            }
        });
    }

    fn on_hash_change(&mut self) {
        let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
        let text = hash.strip_prefix('#').unwrap_or(&hash);
        // Headings' anchors are not profiles; the page's own hash needs no work.
        if !text.contains('=') || text == self.state.canonical() {
            return;
        }
        self.link_notice = self.state.apply_link(text);
        self.state.show_profile(&self.document, true);
        self.refresh();
    }
}

/// Updates the steps whose tick differs between what `root` shows (`shown`) and `done`, and the
/// progress line. Usually nothing differs, and nothing is touched.
fn show_ticks(root: &Element, shown: &Done, done: &Done, ids: &[String]) {
    let mut changed = false;
    for id in ids.iter().filter(|id| shown.contains(id) != done.contains(id)) {
        changed = true;
        let on = done.contains(id);
        let Some(item) = root.query_selector(&format!("li[data-step-id=\"{id}\"]")).ok().flatten() else {
            continue;
        };
        let _ = item.class_list().toggle_with_force("bts-done", on);
        if let Some(input) = item.query_selector("input.step-done").ok().flatten().and_then(|e| e.dyn_into::<HtmlInputElement>().ok()) {
            input.set_checked(on);
        }
    }
    if changed && let Some(line) = root.query_selector("[data-progress]").ok().flatten() {
        line.set_text_content(Some(&render::progress_line(done, ids)));
    }
}

/// Adds an event listener that lives as long as the page.
fn listen(target: &EventTarget, name: &str, app: &Rc<RefCell<App>>, handler: fn(&mut App, &Event)) {
    let app = app.clone();
    let closure = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        // A handler never runs inside another (events are dispatched one at a time), but a
        // borrow failure must not take the page down.
        if let Ok(mut app) = app.try_borrow_mut() {
            handler(&mut app, &event);
        }
    });
    let _ = target.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
    closure.forget();
}

fn event_element(event: &Event) -> Option<Element> {
    event.target()?.dyn_into::<Element>().ok()
}

fn select_value(target: &Element) -> String {
    target.dyn_ref::<HtmlSelectElement>().map(HtmlSelectElement::value).unwrap_or_default()
}

fn checked(target: &Element) -> bool {
    target.dyn_ref::<HtmlInputElement>().is_some_and(HtmlInputElement::checked)
}

fn set_select(document: &Document, id: &str, value: &str) {
    if let Some(select) = document.get_element_by_id(id).and_then(|e| e.dyn_into::<HtmlSelectElement>().ok())
        && select.value() != value
    {
        select.set_value(value);
    }
}

fn set_checked(document: &Document, id: &str, on: bool) {
    if let Some(input) = document.get_element_by_id(id).and_then(|e| e.dyn_into::<HtmlInputElement>().ok()) {
        input.set_checked(on);
    }
}

/// Replaces a select's options when they changed, keeping its value.
fn set_options(document: &Document, id: &str, options: &str, value: &str) {
    if let Some(select) = document.get_element_by_id(id) {
        if select.inner_html() != options {
            select.set_inner_html(options);
        }
        set_select(document, id, value);
    }
}

// ----- The upgrade advisor -----

struct Upgrade {
    profile: UpgradeProfile,
    report: UpgradeReport,
    today: Date,
}

impl Advisor for Upgrade {
    fn prefix(&self) -> &'static str {
        "upgrade"
    }
    fn kind(&self) -> Kind {
        Kind::Upgrade
    }
    fn checklist_heading(&self) -> &'static str {
        "Checklist"
    }

    fn form(&self) -> String {
        render::upgrade_form(&self.profile, &self.report)
    }
    fn more_inputs(&self) -> String {
        render::upgrade_features_form(&self.profile)
    }
    fn canonical(&self) -> String {
        share::encode_upgrade(&self.profile)
    }
    fn answer(&self) -> String {
        render::upgrade_answer(&self.profile, &self.report, self.today)
    }
    fn step_ids(&self) -> Vec<String> {
        render::upgrade_step_ids(&self.report)
    }
    fn checklist(&self, done: &Done) -> String {
        render::upgrade_checklist(&self.report, done)
    }
    fn announcement(&self) -> String {
        present::upgrade_announcement(&self.report)
    }
    fn markdown(&self) -> String {
        self.report.to_markdown(&self.profile)
    }

    fn changed(&mut self, _: &Document, target: &Element) -> bool {
        let before = self.profile.clone();
        let p = &mut self.profile;
        let value = select_value(target);
        match target.id().as_str() {
            "upgrade-from" => {
                if let Some(from) = Version::from_id(&value).filter(|v| Version::SOURCES.contains(v)) {
                    p.from = from;
                    if p.to <= from {
                        p.to = share::first_target_after(from);
                    }
                }
            }
            "upgrade-to" => {
                if let Some(to) = Version::from_id(&value).filter(|v| Version::TARGETS.contains(v) && *v > p.from) {
                    p.to = to;
                }
            }
            "upgrade-edition" => p.edition = Edition::from_id(&value).unwrap_or(p.edition),
            "upgrade-to-edition" => p.to_edition = Edition::from_id(&value),
            "upgrade-os" => p.os = OperatingSystem::from_id(&value).unwrap_or(p.os),
            "upgrade-sql" => {
                p.sql = SqlServer::from_id(&value).unwrap_or(p.sql);
                // A SQL Server for Setup older than the present one would be a downgrade.
                p.sql_target = p.sql_target.filter(|t| !t.is_older_than(p.sql));
            }
            "upgrade-sql-target" => p.sql_target = SqlServer::from_id(&value),
            _ if target.get_attribute("name").as_deref() == Some("feature") => {
                if let Some(feature) = target.get_attribute("value").as_deref().and_then(Feature::from_id) {
                    if checked(target) {
                        p.features.insert(feature);
                    } else {
                        p.features.remove(&feature);
                    }
                }
            }
            _ => {}
        }
        if self.profile == before {
            return false;
        }
        self.report = evaluate_upgrade(&self.profile);
        true
    }

    fn apply_link(&mut self, text: &str) -> Option<String> {
        let decoded = share::decode_upgrade(text);
        self.profile = decoded.profile;
        self.report = evaluate_upgrade(&self.profile);
        share::problems_notice(&decoded.problems)
    }

    fn show_profile(&self, document: &Document, all: bool) {
        let p = &self.profile;
        set_options(document, "upgrade-to", &render::upgrade_to_options(p), p.to.id());
        set_options(document, "upgrade-sql-target", &render::upgrade_sql_target_options(p), p.sql_target.map_or("", SqlServer::id));
        set_options(
            document,
            "upgrade-to-edition",
            &render::upgrade_to_edition_options(p, &self.report),
            p.to_edition.map_or("", Edition::id),
        );
        if all {
            set_select(document, "upgrade-from", p.from.id());
            set_select(document, "upgrade-edition", p.edition.id());
            set_select(document, "upgrade-os", p.os.id());
            set_select(document, "upgrade-sql", p.sql.id());
            for feature in Feature::ALL {
                set_checked(document, &format!("feature-{}", feature.id()), p.features.contains(feature));
            }
        }
    }
}

// ----- The hotfix planner -----

struct Hotfix {
    profile: HotfixProfile,
    report: HotfixReport,
}

impl Advisor for Hotfix {
    fn prefix(&self) -> &'static str {
        "hotfix"
    }
    fn kind(&self) -> Kind {
        Kind::Hotfix
    }
    fn checklist_heading(&self) -> &'static str {
        "Steps"
    }

    fn form(&self) -> String {
        render::hotfix_form(&self.profile)
    }
    fn canonical(&self) -> String {
        share::encode_hotfix(&self.profile)
    }
    fn answer(&self) -> String {
        render::hotfix_answer(&self.profile, &self.report)
    }
    fn step_ids(&self) -> Vec<String> {
        render::hotfix_step_ids(&self.report)
    }
    fn checklist(&self, done: &Done) -> String {
        render::hotfix_checklist(&self.report, done)
    }
    fn announcement(&self) -> String {
        present::hotfix_announcement(&self.report)
    }
    fn markdown(&self) -> String {
        self.report.to_markdown(&self.profile)
    }

    fn changed(&mut self, document: &Document, target: &Element) -> bool {
        let before = self.profile;
        let p = &mut self.profile;
        match target.id().as_str() {
            "hotfix-servers" => {
                let text = target.dyn_ref::<HtmlInputElement>().map(HtmlInputElement::value).unwrap_or_default();
                let parsed = share::parse_servers(&text);
                if let Some(servers) = parsed {
                    p.servers = servers;
                }
                let error = if parsed.is_some() { String::new() } else { render::servers_error(p.servers) };
                if let Some(message) = document.get_element_by_id("hotfix-servers-error") {
                    message.set_text_content(Some(&error));
                }
                let _ = target.set_attribute("aria-invalid", if parsed.is_some() { "false" } else { "true" });
            }
            "hotfix-downloads" => p.downloads = Downloads::from_id(&select_value(target)).unwrap_or(p.downloads),
            "hotfix-arch" => p.arch = Architecture::from_id(&select_value(target)).unwrap_or(p.arch),
            "hotfix-sql-script" => p.sql_script = checked(target),
            "hotfix-iis-adapters" => p.iis_adapters = checked(target),
            "hotfix-isolated-host-heavy" => p.isolated_host_heavy = checked(target),
            _ => {}
        }
        if self.profile == before {
            return false;
        }
        self.report = evaluate_hotfix(&self.profile);
        true
    }

    fn apply_link(&mut self, text: &str) -> Option<String> {
        let decoded = share::decode_hotfix(text);
        self.profile = decoded.profile;
        self.report = evaluate_hotfix(&self.profile);
        share::problems_notice(&decoded.problems)
    }

    fn show_profile(&self, document: &Document, all: bool) {
        if !all {
            return;
        }
        let p = &self.profile;
        if let Some(input) = document.get_element_by_id("hotfix-servers").and_then(|e| e.dyn_into::<HtmlInputElement>().ok()) {
            input.set_value(&p.servers.to_string());
            let _ = input.set_attribute("aria-invalid", "false");
        }
        if let Some(message) = document.get_element_by_id("hotfix-servers-error") {
            message.set_text_content(None);
        }
        set_select(document, "hotfix-downloads", p.downloads.id());
        set_select(document, "hotfix-arch", p.arch.id());
        set_checked(document, "hotfix-sql-script", p.sql_script);
        set_checked(document, "hotfix-iis-adapters", p.iis_adapters);
        set_checked(document, "hotfix-isolated-host-heavy", p.isolated_host_heavy);
    }
}

// ----- Edges: URL, clock, storage, clipboard -----

/// The page's hash and query string, each with its leading `#` or `?`.
fn location() -> (String, String) {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return Default::default();
    };
    (location.hash().unwrap_or_default(), location.search().unwrap_or_default())
}

/// Runs `f` in a task of its own, after the current event is handled.
fn later(f: impl FnOnce() + 'static) {
    if let Some(window) = web_sys::window() {
        let callback = Closure::once_into_js(f);
        let _ = window.set_timeout_with_callback(callback.unchecked_ref());
    }
}

/// Shows the profile in the address bar without adding a history entry or scrolling.
fn replace_hash(profile: &str) {
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
fn today() -> Date {
    let now = js_sys::Date::new_0();
    present::local_date(now.get_time(), now.get_timezone_offset())
}

const NO_STORAGE: &str = "This browser does not let the page store data, so ticked steps will not be kept after you leave the page.";

/// localStorage, if the browser lets this page use it (it may throw or be missing when site
/// data is blocked).
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The steps done for a profile, and a notice if the stored value was unusable (and so removed).
fn load_progress(key: &str) -> (Done, Option<String>) {
    let Some(storage) = storage() else {
        return (Done::default(), Some(NO_STORAGE.to_string()));
    };
    match progress::parse(storage.get_item(key).ok().flatten().as_deref()) {
        Stored::Nothing => (Done::default(), None),
        Stored::Done(done) => (done, None),
        Stored::Unreadable => {
            let _ = storage.remove_item(key);
            let notice = "The progress saved in this browser for these answers could not be read, so it was discarded. Tick the steps you have done again.";
            (Done::default(), Some(notice.to_string()))
        }
    }
}

/// Stores the steps done; a message if that was not possible.
fn save_progress(key: &str, done: &Done) -> Option<String> {
    let Some(storage) = storage() else {
        return Some(NO_STORAGE.to_string());
    };
    let result = if done.is_empty() { storage.remove_item(key) } else { storage.set_item(key, &progress::serialize(done)) };
    result.err().map(|_| {
        "Your ticks could not be saved in this browser (its storage may be full); they stay on this page until you leave it.".to_string()
    })
}

/// Copies `text` to the clipboard and reports whether it worked. `navigator.clipboard` is missing
/// on pages that are not a secure context, and the browser may refuse.
fn copy_text(text: String, done: impl FnOnce(bool) + 'static) {
    let clipboard = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("clipboard")).ok())
        .filter(|c| !c.is_undefined() && !c.is_null());
    let Some(clipboard) = clipboard else {
        done(false);
        return;
    };
    let promise = clipboard.unchecked_into::<web_sys::Clipboard>().write_text(&text);
    let done = Rc::new(Cell::new(Some(done)));
    let outcome = |copied: bool| {
        let done = done.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |_| {
            if let Some(done) = done.take() {
                done(copied);
            }
        })
    };
    let (ok, failed) = (outcome(true), outcome(false));
    let _ = promise.then2(&ok, &failed);
    ok.forget();
    failed.forget();
}

/// A copy button next to a command: copy it, say so beside the button, or select it to copy by hand.
fn copy_code(button: &Element) {
    let text = button.get_attribute("data-code").unwrap_or_default();
    let code = button.previous_element_sibling();
    let result = button.next_element_sibling();
    copy_text(text, move |copied| {
        let message = if copied {
            "Copied."
        } else {
            if let (Some(code), Some(selection)) = (code, web_sys::window().and_then(|w| w.get_selection().ok().flatten())) {
                let _ = selection.select_all_children(&code);
            }
            "Copying is blocked here: the text is selected, press Ctrl+C (or ⌘C)."
        };
        if let Some(result) = result {
            result.set_text_content(Some(message));
        }
    });
}
