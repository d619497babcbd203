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
            };
            (Cow::Borrowed(s.phase.label()), step)
        }))
    }
}

#[cfg(test)]
mod tests {
    use crate::{UpgradeProfile, Verdict, Version, evaluate_upgrade};

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
