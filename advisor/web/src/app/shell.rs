//! What every advisor is made of ([`Advisor`]), and the frame the site draws around each one
//! ([`shell`]): the notice area, the live region, the exports and the checklist with its stored
//! ticks, and the profile kept in the page's address.
//!
//! An advisor only says what is its own: its profile and report types, how the rules evaluate
//! one, how a profile reads and writes as a link and as the CLI's file, and its form and answer.
//! Everything an advisor does with those the same way as the others is here, written once.

use std::borrow::Cow;

use bts_rules::Section;
use leptos::prelude::*;

use super::RenderMode;
use super::checklist::{Checklist, checklist};
use super::edges;
use super::el::{El, dynamic, dynamic_text, effect, el, memo};
use super::exports::exports;
use super::signals::Notice;
use crate::progress::{AdvisorKind, Done, storage_key};
use crate::share::{Decoded, Link, problems_notice};

/// One advisor of the site. `shell::<A>` builds the page from it; each WASM holds one advisor,
/// so the generic frame is compiled once per WASM.
///
/// A value of the type is the advisor's own state besides its profile, made once per page by
/// [`Advisor::new`]: nothing for most (a unit struct), the hotfix planner's server count as typed.
pub trait Advisor: Copy + Send + Sync + 'static {
    /// What the user describes: the form edits it, links and files carry it.
    type Profile: Clone + PartialEq + Send + Sync + 'static;
    /// What the rules answer for a profile.
    type Report: PartialEq + Send + Sync + 'static;

    /// Which advisor: the prefix of its element ids (`upgrade-notice`), its storage keys, its
    /// profile file's name and its CSS class.
    const KIND: AdvisorKind;
    /// The heading over the checklist ("Checklist", "Steps").
    const CHECKLIST_HEADING: &'static str;

    /// The rules' answer (`bts_rules::evaluate_*`), with the support lifecycle judged on `today`.
    fn evaluate(profile: &Self::Profile, today: bts_rules::Date) -> Self::Report;
    /// The report's steps in sections, as the checklist shows them.
    fn checklist(report: &Self::Report) -> Vec<Section>;
    /// The report as Markdown, byte for byte what `bts-advisor` writes.
    fn markdown(profile: &Self::Profile, report: &Self::Report) -> String;
    /// What the live region says after each change of the inputs.
    fn announcement(report: &Self::Report) -> String;

    /// The profile's canonical link text (no leading `#`): the page's hash and its storage key.
    fn encode(profile: &Self::Profile) -> String;
    /// A profile from a link's fields, each falling back to its default on its own.
    fn decode(link: Link) -> Decoded<Self::Profile>;
    /// The profile as the CLI's JSON file.
    fn to_json(profile: &Self::Profile) -> String;
    /// A profile from the CLI's JSON file, or what is wrong with the file (naming the field).
    fn from_json(text: &str) -> Result<Self::Profile, String>;

    /// The advisor's own state, made once from the profile the page opened with.
    fn new(first: &Self::Profile) -> Self;
    /// A profile arrived whole (a link, a file) and is about to replace the form's: fields that
    /// keep what was typed into them show it now. Nothing to do for most advisors.
    fn arrived(self, _profile: &Self::Profile) {}

    /// The form: the inputs that change the answer.
    fn form(self, state: State<Self>) -> AnyView;
    /// The answer to the profile (the checklist is the shell's).
    fn answer(self, state: State<Self>) -> AnyView;
    /// Inputs drawn after the answer, above the checklist they change (the upgrade advisor's
    /// features); nothing by default.
    fn after_answer(self, _state: State<Self>) -> AnyView {
        ().into_any()
    }
}

/// What an advisor's own parts read: the profile (a signal the form writes), its report (a memo
/// of [`Advisor::evaluate`]) and how the page is drawn.
pub struct State<A: Advisor> {
    pub profile: RwSignal<A::Profile>,
    pub report: Memo<A::Report>,
    pub mode: RenderMode,
}

impl<A: Advisor> Clone for State<A> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<A: Advisor> Copy for State<A> {}

/// Notices by kind: what was ignored in a link, a profile file that was refused, stored progress.
#[derive(Clone, Copy)]
struct Notices {
    link: Notice,
    file: Notice,
    storage: Notice,
}

/// What the shell's parts share: the advisor, its state and the shell's own signals.
pub(super) struct Frame<A: Advisor> {
    advisor: A,
    pub state: State<A>,
    /// The profile's link text, see [`Advisor::encode`].
    pub canonical: Memo<String>,
    /// Where the profile's ticks are stored (see [`crate::progress`]).
    key: Memo<String>,
    pub sections: Memo<Vec<Section>>,
    /// The steps ticked for this profile, as stored.
    pub done: RwSignal<Done>,
    notices: Notices,
    /// What the live region says.
    pub live: Notice,
}

impl<A: Advisor> Clone for Frame<A> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<A: Advisor> Copy for Frame<A> {}

impl<A: Advisor> Frame<A> {
    /// The prefix of the advisor's element ids.
    pub fn prefix(self) -> &'static str {
        A::KIND.id()
    }

    /// Replaces the profile with one that arrived whole.
    fn arrive(self, profile: A::Profile) {
        self.advisor.arrived(&profile);
        self.state.profile.set(profile);
    }

    /// Applies link text (a new hash); notes what in it could not be used.
    fn apply_link(self, text: &str) {
        let decoded = A::decode(Link::text(text));
        self.arrive(decoded.profile);
        self.notices
            .link
            .show_if(problems_notice(&decoded.problems));
    }

    /// Applies a profile file the user chose, or says why it was not loaded.
    pub fn load_file(self, name: String, text: Result<String, String>) {
        match text.and_then(|text| A::from_json(&text)) {
            Ok(profile) => {
                self.arrive(profile);
                self.notices.file.clear();
                self.notices.link.clear();
                self.live.show(format!("Loaded the answers from {name}."));
            }
            Err(problem) => self
                .notices
                .file
                .show(format!("The file {name} was not loaded: {problem}.")),
        }
    }

    /// Saves the ticks; a notice if they could not be.
    pub fn save_progress(self) {
        if let Some(problem) = edges::save_progress(&self.key.get_untracked(), &self.done.get_untracked()) {
            self.notices.storage.show(problem);
        }
    }

    /// The report as Markdown, now.
    pub fn markdown(self) -> String {
        self.state
            .report
            .with_untracked(|r| self.state.profile.with_untracked(|p| A::markdown(p, r)))
    }

    /// The profile as the CLI's file, now.
    pub fn profile_json(self) -> String {
        self.state.profile.with_untracked(A::to_json)
    }
}

/// An advisor's page: its form, the notice area, the live region, its answer, the exports and
/// the checklist. `decoded` is the profile the page was opened with.
pub fn shell<A: Advisor>(decoded: Decoded<A::Profile>, mode: RenderMode) -> AnyView {
    let Decoded { profile, problems } = decoded;
    let advisor = A::new(&profile);
    let profile = RwSignal::new(profile);
    let today = mode.today;
    let report = memo(move || profile.with(|p| A::evaluate(p, today)));
    let state = State { profile, report, mode };
    let form = advisor.form(state);
    let after_answer = advisor.after_answer(state);
    let answer = advisor.answer(state);

    let canonical = memo(move || profile.with(A::encode));
    let frame = Frame {
        advisor,
        state,
        canonical,
        key: memo(move || storage_key(A::KIND, &canonical.get())),
        sections: memo(move || report.with(A::checklist)),
        done: RwSignal::new(Done::default()),
        notices: Notices { link: Notice::showing(problems_notice(&problems)), file: Notice::new(), storage: Notice::new() },
        live: Notice::new(),
    };
    follow_stored_ticks(frame);
    let announcement = memo(move || report.with(A::announcement));
    effect(move || frame.live.show(announcement.get()));
    if mode.owns_url {
        follow_address(frame);
    }

    let tick = Callback::new(move |(id, on): (Cow<'static, str>, bool)| {
        frame.done.update(|d| d.set(&id, on));
        frame.save_progress();
    });

    let p = frame.prefix();
    el("div")
        .class(format!("bts-advisor bts-{p}"))
        .child(form)
        .child(notice_area(p, frame.notices))
        .child(
            el("p")
                .id(format!("{p}-live"))
                .class("bts-sr-only")
                .attr("aria-live", "polite")
                .child(dynamic_text(move || frame.live.text())),
        )
        .child(el("div").id(format!("{p}-answer")).child(answer))
        .child(after_answer)
        .child(el("h2").class("bts-heading").text(A::CHECKLIST_HEADING))
        .child(exports(frame))
        .child(checklist(Checklist { prefix: p, sections: frame.sections, done: frame.done, tick, defer: mode.defer_checklist }))
        .view()
}

/// Loads the ticks stored for the profile whenever the profile changes.
fn follow_stored_ticks<A: Advisor>(frame: Frame<A>) {
    effect(move || {
        let (stored, problem) = edges::load_progress(&frame.key.get());
        frame.done.set(stored);
        if let Some(problem) = problem {
            frame.notices.storage.show(problem);
        }
    });
}

/// Keeps the profile in the page's address, and applies a link pasted into it.
fn follow_address<A: Advisor>(frame: Frame<A>) {
    // After the answer is on screen: the address bar is not part of it.
    effect(move || {
        let canonical = frame.canonical.get();
        gloo_timers::callback::Timeout::new(0, move || edges::replace_hash(&canonical)).forget();
    });
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        let text = edges::hash();
        // Headings' anchors are not profiles; the page's own hash needs no work.
        if text.contains('=') && text != frame.canonical.get_untracked() {
            frame.apply_link(&text);
        }
    });
    // The listener lives as long as the page.
    std::mem::forget(listener);
}

/// The notice area: each notice with its Dismiss button, or nothing.
fn notice_area(p: &'static str, notices: Notices) -> El {
    el("div")
        .id(format!("{p}-notice"))
        .class("bts-notice")
        .attr("role", "status")
        .attr("tabindex", "-1")
        .child(notice(p, "link", notices.link))
        .child(notice(p, "file", notices.file))
        .child(notice(p, "storage", notices.storage))
}

fn notice(p: &'static str, kind: &'static str, notice: Notice) -> AnyView {
    dynamic(move || {
        let text = notice.text();
        if text.is_empty() {
            return ().into_any();
        }
        let dismiss = move |_| {
            notice.clear();
            // The button is gone: keep keyboard focus where it was rather than at the page top.
            edges::focus(&format!("{p}-notice"));
        };
        el("p")
            .class("bts-notice-item")
            .attr("data-notice", kind)
            .child(el("span").text(text))
            .text(" ")
            .child(
                el("button")
                    .attr("type", "button")
                    .class("bts-dismiss")
                    .attr("data-dismiss", kind)
                    .text("Dismiss")
                    .on(leptos::ev::click, dismiss),
            )
            .view()
    })
}
