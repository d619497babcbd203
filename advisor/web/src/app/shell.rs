//! What every advisor is made of ([`Advisor`]), and the frame the site draws around each one
//! ([`shell`]): the notice area, the live region, the exports and the checklist with its stored
//! ticks, and the profile kept in the page's address.
//!
//! An advisor only says what is its own: its profile and report types, how the rules evaluate
//! one, how a profile reads and writes as a link and as the CLI's file, and its form and answer.
//! Everything an advisor does with those the same way as the others is here, written once.

use std::borrow::Cow;
use std::collections::BTreeSet;

use bts_rules::{BaseUrl, Export, Section};
use leptos::prelude::*;

use super::RenderMode;
use super::checklist::{Checklist, checklist};
use super::edges;
use super::el::{El, dynamic, dynamic_text, effect, el, memo};
use super::exports::{exports, plan_bar};
use super::signals::Notice;
use crate::profile_file::{self, Fields};
use crate::progress::{AdvisorKind, Done, Plan, Plans};
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
    /// The report as Markdown with the ticks, byte for byte what `bts-advisor --format markdown`
    /// writes (`bts_rules::export`).
    fn markdown(profile: &Self::Profile, report: &Self::Report, export: &Export) -> String;
    /// The checklist as CSV with `done` filled from the ticks, as `bts-advisor --format csv`.
    fn csv(report: &Self::Report, export: &Export) -> String;
    /// What the live region says after each change of the inputs.
    fn announcement(report: &Self::Report) -> String;
    /// The answer in a few words for the answer bar ("Supported"), and its kind (a
    /// `data-verdict` value for the colour).
    fn headline(report: &Self::Report) -> (&'static str, String);
    /// What else the answer bar says, if anything ("1,200 days of support left").
    fn bar_note(_profile: &Self::Profile, _today: bts_rules::Date) -> String {
        String::new()
    }

    /// The profile's canonical link text (no leading `#`): the page's hash and its storage key.
    fn encode(profile: &Self::Profile) -> String;
    /// A profile from a link's fields, each falling back to its default on its own.
    fn decode(link: Link) -> Decoded<Self::Profile>;
    /// The profile as the CLI's JSON file.
    fn to_json(profile: &Self::Profile) -> String;
    /// A profile from the fields of the CLI's JSON file, or what is wrong with them (naming
    /// the field).
    fn from_fields(fields: Fields) -> Result<Self::Profile, String>;
    /// The name a new plan gets for this profile ("2016 to 2020").
    fn plan_name(profile: &Self::Profile) -> String;

    /// The advisor's own state, made once from the profile the page opened with.
    fn new(first: &Self::Profile) -> Self;
    /// A profile arrived whole (a link, a file) and is about to replace the form's: fields that
    /// keep what was typed into them show it now. Nothing to do for most advisors.
    fn arrived(self, _profile: &Self::Profile) {}

    /// The form: the inputs that change the answer.
    fn form(self, state: State<Self>) -> AnyView;
    /// The answer to the profile (the checklist is the shell's).
    fn answer(self, state: State<Self>) -> AnyView;

    /// More inputs, drawn after the form and before the answer, so that the whole question
    /// comes first (the upgrade advisor's features); nothing by default.
    fn more_inputs(self, _state: State<Self>) -> AnyView {
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
    pub sections: Memo<Vec<Section>>,
    /// The steps ticked in the plan shown.
    pub done: RwSignal<Done>,
    /// The plans stored in this browser, and which one is shown (see [`crate::progress`]).
    pub plans: RwSignal<Plans>,
    /// The name of the plan shown: until it is stored, the default for its answers.
    pub plan: Memo<String>,
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
    pub(super) fn arrive(self, profile: A::Profile) {
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

    /// Applies a file the user chose: a plan file (answers, plan name, ticks) becomes a plan
    /// and is shown; an answers file (the CLI's) replaces the answers of the plan shown. Or says
    /// why the file was not loaded.
    pub fn load_file(self, name: String, text: Result<String, String>) {
        let read = text
            .and_then(|text| profile_file::read_file(&text))
            .and_then(|(plan, fields)| Ok((plan, A::from_fields(fields)?)));
        match read {
            Ok((plan, profile)) => {
                self.notices.file.clear();
                self.notices.link.clear();
                let Some(plan) = plan else {
                    self.arrive(profile);
                    self.live.show(format!("Loaded the answers from {name}."));
                    return;
                };
                self.arrive(profile);
                let canonical = self.canonical.get_untracked();
                // A plan of the same name with other answers or ticks is kept beside it.
                let same = self.plans.with_untracked(|ps| {
                    ps.get(&plan.name)
                        .is_none_or(|p| p.done == plan.done && p.profile == canonical)
                });
                let plan_name = if same { plan.name } else { self.plans.with_untracked(|ps| ps.unused_name(&plan.name)) };
                self.plans.update(|ps| ps.current = plan_name.clone());
                self.done.set(plan.done);
                self.save_progress();
                let saved = plan
                    .date
                    .map(|d| format!(", saved on {d}"))
                    .unwrap_or_default();
                self.live
                    .show(format!("Loaded the plan {plan_name} from {name}{saved}: {}", self.progress_line()));
            }
            Err(problem) => self
                .notices
                .file
                .show(format!("The file {name} was not loaded: {problem}.")),
        }
    }

    /// "3 of 12 steps done." for the plan shown, now.
    pub fn progress_line(self) -> String {
        let ids = super::checklist::step_ids(self.sections);
        self.done
            .with_untracked(|d| crate::present::progress_line(d, ids.iter().map(String::as_str)))
    }

    /// Stores the plan shown (its name, answers and ticks); a notice if it could not be.
    pub fn save_progress(self) {
        let name = self.plan.get_untracked();
        let plan = Plan { name: name.clone(), profile: self.canonical.get_untracked(), done: self.done.get_untracked() };
        self.plans.update(|ps| {
            ps.current = name;
            ps.put(plan);
        });
        self.store_plans();
    }

    fn store_plans(self) {
        if let Some(problem) = self
            .plans
            .with_untracked(|ps| edges::save_plans(A::KIND, ps))
        {
            self.notices.storage.show(problem);
        }
    }

    /// Shows the stored plan `name`: its answers and its ticks.
    pub fn switch_plan(self, name: &str) {
        let Some(plan) = self.plans.with_untracked(|ps| ps.get(name).cloned()) else {
            return;
        };
        self.plans.update(|ps| ps.current = plan.name.clone());
        self.done.set(plan.done);
        if !plan.profile.is_empty() && plan.profile != self.canonical.get_untracked() {
            self.apply_link(&plan.profile);
        }
        self.store_plans();
        self.live
            .show(format!("Showing the plan {}: {}", plan.name, self.progress_line()));
    }

    /// Starts a plan with the answers shown and no step done, named for the answers.
    pub fn new_plan(self) {
        // The plan shown keeps its ticks.
        self.save_progress();
        let name = self
            .plans
            .with_untracked(|ps| ps.unused_name(&self.state.profile.with_untracked(A::plan_name)));
        self.plans.update(|ps| ps.current = name.clone());
        self.done.set(Done::default());
        self.save_progress();
        self.live
            .show(format!("Started the plan {name}, with no step done. Rename it in the box Plan name."));
    }

    /// Renames the plan shown; false (and nothing changed) for an empty name or another plan's.
    pub fn rename_plan(self, to: &str) -> bool {
        let from = self.plan.get_untracked();
        if self.plans.with_untracked(|ps| ps.get(&from).is_none()) {
            self.save_progress();
        }
        let renamed = self
            .plans
            .try_update(|ps| ps.rename(&from, to))
            .unwrap_or(false);
        if renamed {
            self.store_plans();
            self.live
                .show(format!("The plan is now called {}.", self.plan.get_untracked()));
        }
        renamed
    }

    /// What the exports need besides the report: the ticks, and the site's address if the site
    /// was built with one (`data-base-url` on the advisor's mount: `cargo xtask build --base-url`).
    fn export(self) -> Export {
        let base_url = edges::base_url(&format!("bts-{}-advisor", self.prefix())).and_then(|url| BaseUrl::parse(&url).ok());
        // Inserted one by one: collecting into the set would sort first, and that sort costs the
        // WASM about 2 KiB gzip (SIZE.md).
        let mut done = BTreeSet::new();
        self.done.with_untracked(|d| {
            for id in d.ids() {
                done.insert(id.to_string());
            }
        });
        Export { base_url, done }
    }

    /// The report as Markdown with the ticks, now.
    pub fn markdown(self) -> String {
        let export = self.export();
        self.state.report.with_untracked(|r| {
            self.state
                .profile
                .with_untracked(|p| A::markdown(p, r, &export))
        })
    }

    /// The checklist as CSV with the ticks, now.
    pub fn csv(self) -> String {
        let export = self.export();
        self.state.report.with_untracked(|r| A::csv(r, &export))
    }

    /// The profile as the CLI's file, now.
    pub fn profile_json(self) -> String {
        self.state.profile.with_untracked(A::to_json)
    }

    /// The plan file (answers, plan name, ticks, today's date), now.
    pub fn plan_file(self) -> String {
        let done = self.done.get_untracked();
        profile_file::plan_file(&self.plan.get_untracked(), &self.state.mode.today.to_string(), &done, &self.profile_json())
    }

    /// A download's name (without its extension), with the plan's name and the route:
    /// `bts-upgrade-plan-prod-2016-to-2020`.
    pub fn file_name(self, what: &str) -> String {
        let plan = crate::present::file_part(&self.plan.get_untracked());
        let route = crate::present::file_part(&self.state.profile.with_untracked(A::plan_name));
        let mut name = format!("bts-{}-{what}", self.prefix());
        for part in [&plan, &route] {
            if !part.is_empty() && !name.ends_with(part.as_str()) {
                name.push('-');
                name.push_str(part);
            }
        }
        name
    }
}

/// An advisor's page: its form, the notice area, the live region, its answer, the exports and
/// the checklist. `decoded` is the profile the page was opened with.
pub fn shell<A: Advisor>(decoded: Decoded<A::Profile>, mode: RenderMode) -> AnyView {
    let Decoded { profile, problems } = decoded;
    // The plans in this browser (the first time, carried over from version-1 progress).
    let (plans, plans_problem) = if mode.live {
        edges::load_plans(A::KIND, &A::encode(&profile), |text| A::plan_name(&A::decode(Link::text(text)).profile))
    } else {
        (Plans::default(), None)
    };
    // Opened without answers in the address: the plan shown last, with its answers.
    let profile = match plans.current() {
        Some(plan) if mode.restore_plan && !plan.profile.is_empty() => A::decode(Link::text(&plan.profile)).profile,
        _ => profile,
    };
    let first_done = plans.current().map(|p| p.done.clone()).unwrap_or_default();
    let advisor = A::new(&profile);
    let profile = RwSignal::new(profile);
    let today = mode.today;
    let report = memo(move || profile.with(|p| A::evaluate(p, today)));
    let state = State { profile, report, mode };
    let form = advisor.form(state);
    let more_inputs = advisor.more_inputs(state);
    let answer = advisor.answer(state);

    let canonical = memo(move || profile.with(A::encode));
    let plans = RwSignal::new(plans);
    let plan = memo(move || {
        let current = plans.with(|ps| ps.current.clone());
        if current.is_empty() { profile.with(A::plan_name) } else { current }
    });
    let frame = Frame {
        advisor,
        state,
        canonical,
        sections: memo(move || report.with(A::checklist)),
        done: RwSignal::new(first_done),
        plans,
        plan,
        notices: Notices {
            link: Notice::showing(problems_notice(&problems)),
            file: Notice::new(),
            storage: Notice::showing(plans_problem),
        },
        live: Notice::new(),
    };
    follow_answers(frame);
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
        .child(answer_bar(frame))
        .child(form)
        .child(more_inputs)
        .child(notice_area(p, frame.notices))
        .child(
            el("p")
                .id(format!("{p}-live"))
                .class("bts-sr-only")
                .attr("aria-live", "polite")
                .child(dynamic_text(move || frame.live.text())),
        )
        .child(el("div").id(format!("{p}-answer")).child(answer))
        .child(
            el("h2")
                .class("bts-heading")
                .id(format!("{p}-checklist-heading"))
                .text(A::CHECKLIST_HEADING),
        )
        .child(plan_bar(frame))
        .child(exports(frame))
        .child(checklist(Checklist { prefix: p, sections: frame.sections, done: frame.done, tick, defer: mode.defer_checklist }))
        .view()
}

/// `div.bts-answer-bar`: the answer in a few words, the steps done of the plan, and what the
/// advisor adds; prerendered (so in the first paint), and kept in view by advisor.css while the
/// form is edited. Its links jump to the answer and the checklist.
fn answer_bar<A: Advisor>(frame: Frame<A>) -> El {
    let p = frame.prefix();
    let State { profile, report, mode } = frame.state;

    let progress = move || {
        let ids = super::checklist::step_ids(frame.sections);
        let (done, total) = frame
            .done
            .with(|d| crate::progress::count_done(d, ids.iter().map(String::as_str)));
        format!("{done} of {total} steps done")
    };
    let note = move || profile.with(|pr| A::bar_note(pr, mode.today));
    el("div")
        .class("bts-answer-bar")
        .id(format!("{p}-bar"))
        .child(
            el("a")
                .class("bts-bar-verdict")
                .id(format!("{p}-bar-verdict"))
                .attr("href", format!("#{p}-answer"))
                .attr_with("data-verdict", move || report.with(|r| A::headline(r).0.to_string()))
                .child(dynamic_text(move || report.with(|r| A::headline(r).1))),
        )
        .text(" ")
        .child(
            el("a")
                .class("bts-bar-progress")
                .id(format!("{p}-bar-progress"))
                .attr("href", format!("#{p}-checklist-heading"))
                .child(dynamic_text(progress)),
        )
        .text(" ")
        .child(el("span").class("bts-bar-note").child(dynamic_text(note)))
}

/// Keeps the answers of a stored plan up to date as the form changes; its ticks stay.
fn follow_answers<A: Advisor>(frame: Frame<A>) {
    effect(move || {
        let canonical = frame.canonical.get();
        let changed = frame
            .plans
            .with_untracked(|ps| ps.current().is_some_and(|p| p.profile != canonical));
        if changed {
            frame.save_progress();
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
