//! One step model for both reports: the rows of a checklist grouped into sections, as the
//! Markdown export and the web advisor show them. The grouping is written here only.

use std::borrow::Cow;

use crate::{FeatureSet, HotfixReport, UpgradeReport};

/// One row of a checklist, whichever report it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct StepView {
    /// Unique within a report and stable across reports: progress is stored under it.
    pub id: Cow<'static, str>,
    pub phase: &'static str,
    pub title: &'static str,
    /// What to do, as Markdown.
    pub detail: &'static str,
    /// Commands, file names and snippets of `detail`, for copy buttons.
    pub code: &'static [&'static str],
    /// Site-relative link to the book section the step comes from.
    pub source: &'static str,
    /// The features the administrator is unsure of that brought the step in ("if you use ...");
    /// empty when the profile's ticked features bring it in.
    pub unsure: FeatureSet,
    /// General advice for every upgrade rather than a task of this one: the browser shows these
    /// together under one collapsed heading; the exports keep them in their phase.
    pub general_note: bool,
}

impl StepView {
    /// "if you use the SFTP adapter" for a step that unsure features brought in (the words the
    /// Markdown checklist puts after its title); `None` for the others.
    pub fn condition(&self) -> Option<String> {
        crate::markdown::unsure_condition(&self.unsure)
    }
}

/// Consecutive steps under one heading: a phase, and on routes of several hops the hop.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: Cow<'static, str>,
    pub steps: Vec<StepView>,
}

fn group(rows: impl Iterator<Item = (Cow<'static, str>, StepView)>) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    for (heading, step) in rows {
        match sections.last_mut() {
            Some(last) if last.heading == heading => last.steps.push(step),
            _ => sections.push(Section { heading, steps: vec![step] }),
        }
    }
    sections
}

/// The heading the browser gathers the general notes under (see [`general_notes_first`]).
pub const GENERAL_NOTES_HEADING: &str = "General notes for every upgrade";

/// The checklist as the browser shows it: the general notes ([`StepView::general_note`]) of every
/// section gathered into one section first, headed [`GENERAL_NOTES_HEADING`], and the tasks in
/// their sections after it (a section left with no task is dropped). Every step stays, once.
pub fn general_notes_first(sections: Vec<Section>) -> Vec<Section> {
    let mut notes = Section { heading: Cow::Borrowed(GENERAL_NOTES_HEADING), steps: Vec::new() };
    let mut shown = Vec::with_capacity(sections.len() + 1);
    for mut section in sections {
        let (general, tasks) = section.steps.into_iter().partition(|st| st.general_note);
        notes.steps.extend::<Vec<StepView>>(general);
        section.steps = tasks;
        if !section.steps.is_empty() {
            shown.push(section);
        }
    }
    if !notes.steps.is_empty() {
        shown.insert(0, notes);
    }
    shown
}

impl UpgradeReport {
    /// The checklist in sections, in the order to work through it.
    pub fn checklist(&self) -> Vec<Section> {
        group(self.steps.iter().map(|s| {
            let step = StepView {
                id: s.id(),
                phase: s.step.phase.id(),
                title: s.step.title,
                detail: s.step.detail,
                code: s.step.code,
                source: s.step.source,
                unsure: s.unsure,
                general_note: s.step.general_note,
            };
            (s.section(), step)
        }))
    }
}

impl HotfixReport {
    /// The checklist in sections (one per phase), in the order to work through it.
    pub fn checklist(&self) -> Vec<Section> {
        group(self.steps.iter().map(|s| {
            let step = StepView {
                id: Cow::Borrowed(s.id),
                phase: s.phase.id(),
                title: s.title,
                detail: s.detail,
                code: s.code,
                source: s.source,
                unsure: FeatureSet::new(),
                general_note: false,
            };
            (Cow::Borrowed(s.phase.label()), step)
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::{GENERAL_NOTES_HEADING, general_notes_first};
    use crate::{Feature, FeatureSet, UpgradeProfile, Verdict, Version, evaluate_upgrade};

    /// The browser's arrangement keeps every step once, puts the general notes first, and never
    /// gathers a backup or a step that a feature brought in.
    #[test]
    fn general_notes_go_first_and_tasks_keep_their_sections() {
        let profiles = [
            UpgradeProfile::default(),
            UpgradeProfile { from: Version::Bts2013R2, to: Version::Bts2020, ..UpgradeProfile::default() },
            UpgradeProfile {
                features: FeatureSet::from_iter([Feature::Bam, Feature::Sftp, Feature::SsoStandalone]),
                ..UpgradeProfile::default()
            },
        ];
        for profile in profiles {
            let report = evaluate_upgrade(&profile, crate::Date::new(2026, 12, 3));
            let sections = report.checklist();
            let shown = general_notes_first(sections.clone());
            let ids = |s: &[super::Section]| {
                let mut ids: Vec<String> = s.iter().flat_map(|s| s.steps.iter().map(|st| st.id.to_string())).collect();
                ids.sort();
                ids
            };
            assert_eq!(ids(&shown), ids(&sections), "every step once, {profile:?}");
            if report.verdict == Verdict::Blocked {
                assert_eq!(shown, sections, "a new environment's plan has no general notes of the in-place upgrade");
                continue;
            }
            let notes = &shown[0];
            assert_eq!(notes.heading, GENERAL_NOTES_HEADING);
            assert!(notes.steps.iter().any(|s| s.id.ends_with("no-silent-upgrade")), "{:?}", notes.steps);
            for note in &notes.steps {
                assert!(!note.id.contains("back-up"), "a backup is never hidden among the notes: {}", note.id);
            }
            for task in shown[1..].iter().flat_map(|s| &s.steps) {
                assert!(!task.general_note, "{} left in its section", task.id);
            }
            let headings: Vec<&str> = sections.iter().map(|s| &*s.heading).collect();
            for section in &shown[1..] {
                assert!(headings.contains(&&*section.heading), "{}", section.heading);
            }
        }
    }

    /// A one-hop route, and 2013 R2 to 2020 (always blocked: no operating system passes both
    /// hops), whose checklist plans the new 2020 environment once rather than each hop.
    #[test]
    fn sections_are_phases_each_once_as_the_markdown_export_shows_them() {
        let one_hop = UpgradeProfile::default();
        let blocked = UpgradeProfile { from: Version::Bts2013R2, to: Version::Bts2020, ..UpgradeProfile::default() };
        for profile in [one_hop, blocked] {
            let report = evaluate_upgrade(&profile, crate::Date::new(2026, 12, 3));
            let markdown = report.to_markdown(&profile);
            let sections = report.checklist();
            for section in &sections {
                assert!(crate::UpgradePhase::ALL.iter().any(|p| p.label() == section.heading), "{}", section.heading);
                assert!(markdown.contains(&format!("## {}\n", section.heading)), "{} missing from the export", section.heading);
            }
            let headings: std::collections::BTreeSet<&str> = sections.iter().map(|s| &*s.heading).collect();
            assert_eq!(headings.len(), sections.len(), "a heading is one section, not several");
            assert_eq!(sections.iter().map(|s| s.steps.len()).sum::<usize>(), report.steps.len());
            let new_environment = report.steps.iter().any(|s| s.id() == "new-environment-install");
            assert_eq!(new_environment, report.verdict == Verdict::Blocked, "{profile:?}");
        }
    }
}
