//! Each advisor's first answer as HTML, rendered natively by the book's build with the same
//! components the browser runs (`app`). The book page carries it, so a visitor sees a verdict
//! and a checklist at first paint, and without JavaScript at all; the app then replaces it with
//! the same markup, live.
//!
//! How the page hands over to the app:
//! - a default page: the preprocessor (`{{#advisor-prerender upgrade|hotfix}}`) puts this HTML
//!   in the page, rendered with `live: false` (no effects, the form `inert`, state written as
//!   attributes); the WASM start empties the mount and `mount_to`s the same component, whose
//!   first render is the same markup, so nothing moves;
//! - a shared link (a profile in the address): `book/theme/csp/body.js` marks `<html
//!   class="bts-profile-link">` before the content is parsed and `advisor.css` keeps the default
//!   answer hidden until the mount is `.bts-advisor-running`, so the wrong answer is never
//!   painted; the loader's early run (`xtask/assets/advisor-loader.js`) compiles the WASM while
//!   the page parses, and the app draws the checklist's rows a frame after the rest of the answer
//!   (`defer_checklist`);
//! - without JavaScript or WebAssembly the prerendered answer stays, under a note linking the
//!   static guidance.

use bts_rules::Date;
use leptos::prelude::*;

use crate::app::{self, RenderMode};
use crate::share::{self, Link};

fn render(view: impl FnOnce() -> AnyView) -> String {
    let owner = Owner::new();
    owner.with(|| view().to_html())
}

/// What the build renders: not live, and the address is not the advisor's.
fn mode(today: Date) -> RenderMode {
    RenderMode { owns_url: false, today, live: false, defer_checklist: false, restore_plan: false }
}

/// The upgrade advisor for a page opened without a profile in its address.
#[cfg(feature = "upgrade-advisor")]
pub fn upgrade(today: Date) -> String {
    render(|| app::shell::<app::upgrade::UpgradeAdvisor>(share::decode_upgrade(Link::location("", "")), mode(today)))
}

/// The hotfix planner for a page opened without a profile in its address.
#[cfg(feature = "hotfix-planner")]
pub fn hotfix(today: Date) -> String {
    render(|| app::shell::<app::hotfix::HotfixPlanner>(share::decode_hotfix(Link::location("", "")), mode(today)))
}

/// The book's support timeline: every version's lifecycle and a line for the day the site was
/// built; no version marked (the book has no profile); each version's cumulative updates ticked.
#[cfg(feature = "upgrade-advisor")]
pub fn support_timeline(today: Date) -> String {
    let timeline = app::timeline::Timeline { id: "book-timeline", today, today_label: "Site built", marks: &[], updates: true };
    render(|| app::timeline::support_timeline(&timeline).view())
}

#[cfg(test)]
mod tests {
    use super::*;
    use bts_rules::{UpgradeProfile, evaluate_upgrade};

    fn today() -> Date {
        Date::parse("2026-12-02").unwrap()
    }

    #[test]
    fn the_upgrade_page_carries_the_default_verdict_and_checklist() {
        let html = upgrade(today());
        let report = evaluate_upgrade(&UpgradeProfile::default(), today());
        assert!(html.contains(&format!("id=\"upgrade-verdict\" class=\"bts-verdict\" data-verdict=\"{}\"", report.verdict.id())), "{html}");
        for section in report.checklist() {
            for step in section.steps {
                assert!(html.contains(&format!("data-step-id=\"{}\"", step.id)), "step {} is not in the prerendered page", step.id);
            }
        }
        assert!(html.contains("inert"), "the prerendered form must be inert until the app runs");
        assert!(html.contains("As of 2026-12-02, the day this site was built."));
        assert!(html.contains("data-mark=\"current\"") && html.contains("data-mark=\"target\""), "the answer's timeline marks the profile");
        assert!(html.contains("id=\"upgrade-route-map\""));
    }

    #[test]
    fn the_book_timeline_marks_nothing_and_names_the_build_date() {
        let html = support_timeline(today());
        assert!(html.starts_with("<div class=\"bts-timeline\"><svg "), "{html}");
        assert!(!html.contains("data-mark="));
        assert!(html.contains("Site built: 2026-12-02"));
        assert_eq!(html.matches("class=\"bts-tl-row\"").count(), bts_rules::data::LIFECYCLES.len());
    }
}
