//! Reports as Markdown checklists (`- [ ]` task lists grouped by phase), to paste into a ticket.
//! The command line's `--format markdown` and the browser's "copy as Markdown" both use these;
//! [`Export`] carries the ticks and the site's address (see `export`).

use std::fmt::Write as _;

use crate::data::messages;
use crate::sentence::join_or;
use crate::{Export, FeatureSet, HotfixProfile, HotfixReport, LifecyclePhase, Section, UpgradeProfile, UpgradeReport, Verdict};

/// A list item whose body (Markdown, possibly several lines) is indented under the checkbox,
/// ticked when `export` has `id` done.
fn task(out: &mut String, export: &Export, id: &str, title: &str, detail: &str, source: &str) {
    let tick = if export.is_done(id) { 'x' } else { ' ' };
    writeln!(out, "- [{tick}] **{title}**").unwrap();
    for line in detail.lines() {
        if line.trim().is_empty() {
            out.push('\n');
        } else {
            writeln!(out, "  {line}").unwrap();
        }
    }
    // A blank line first, so a detail ending in a list does not swallow the source line.
    writeln!(out, "\n  (Source: {})", export.markdown_link(source)).unwrap();
}

fn checklist(out: &mut String, export: &Export, sections: &[Section]) {
    for section in sections {
        writeln!(out, "\n## {}\n", section.heading).unwrap();
        for step in &section.steps {
            match unsure_condition(&step.unsure) {
                Some(condition) => task(out, export, &step.id, &format!("{} ({condition})", step.title), step.detail, step.source),
                None => task(out, export, &step.id, step.title, step.detail, step.source),
            }
        }
    }
    export.write_markdown_footer(out);
}

/// "if you use BAM real-time aggregations": how a step brought in by unsure features says so.
pub(crate) fn unsure_condition(unsure: &FeatureSet) -> Option<String> {
    // Inside a sentence: "the SFTP adapter", not "The SFTP adapter".
    let labels: Vec<String> =
        unsure.iter().map(|f| f.label().strip_prefix("The ").map_or(f.label().to_string(), |rest| format!("the {rest}"))).collect();
    join_or(labels).map(|features| messages::checklist_if_you_use(&features))
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

impl UpgradeReport {
    /// The Markdown checklist with no ticks and site-relative links.
    pub fn to_markdown(&self, profile: &UpgradeProfile) -> String {
        self.export_markdown(profile, &Export::default())
    }

    /// The Markdown checklist with the ticks and links of `export`: the verdict, what to settle
    /// before Setup and the support lifecycle first, then the profile, the prerequisites, the
    /// checks, the target platform and the checklist.
    pub fn export_markdown(&self, profile: &UpgradeProfile, export: &Export) -> String {
        let mut out = String::new();
        writeln!(out, "# BizTalk Server upgrade: {} to {}", profile.from.label(), profile.to.label()).unwrap();
        self.write_verdict(&mut out);
        self.write_attention(&mut out, export);
        self.write_lifecycle(&mut out);
        self.write_profile(&mut out, profile);
        out.push('\n');
        if !self.prerequisites.is_empty() {
            writeln!(out, "## Prerequisites\n").unwrap();
            for prerequisite in &self.prerequisites {
                task(&mut out, export, prerequisite.id, &prerequisite.title, &prerequisite.detail, prerequisite.source);
            }
            out.push('\n');
        }
        self.write_compatibility(&mut out);
        self.write_target_platform(&mut out);
        checklist(&mut out, export, &self.checklist());
        out
    }

    fn write_verdict(&self, out: &mut String) {
        let verdict = match self.verdict {
            Verdict::Supported => messages::verdict_supported(),
            Verdict::Prerequisites => messages::verdict_prerequisites(),
            Verdict::Blocked => messages::verdict_blocked(),
        };
        writeln!(out, "\n**Verdict: {verdict}**").unwrap();
    }

    /// The attention items, as tasks: each is something to settle before Setup.
    fn write_attention(&self, out: &mut String, export: &Export) {
        if self.attention.is_empty() {
            return;
        }
        writeln!(out, "\n## Before Setup\n").unwrap();
        for item in &self.attention {
            task(out, export, item.id, &item.title, &item.detail, item.source);
        }
    }

    /// The support lifecycle of every version on the route, on the report's date.
    fn write_lifecycle(&self, out: &mut String) {
        writeln!(out, "\n## Support lifecycle (on {})\n", self.today).unwrap();
        writeln!(out, "| Version | Phase | Mainstream support ends | Extended support ends | Days left |").unwrap();
        writeln!(out, "| --- | --- | --- | --- | --- |").unwrap();
        for entry in &self.lifecycle {
            let phase = match entry.phase {
                LifecyclePhase::Mainstream => "Mainstream support",
                LifecyclePhase::Extended => "Extended support",
                LifecyclePhase::Ended => "Out of support",
            };
            writeln!(
                out,
                "| {} | {phase} | {} | {} | {} |",
                entry.version.label(),
                entry.mainstream_end,
                entry.extended_end,
                entry.days_left.max(0)
            )
            .unwrap();
        }
    }

    /// The profile as a list, with the features counted without being ticked.
    fn write_profile(&self, out: &mut String, profile: &UpgradeProfile) {
        writeln!(out, "\n## Your environment\n").unwrap();
        writeln!(out, "- Current: {} {} edition", profile.from.label(), profile.edition.label()).unwrap();
        writeln!(out, "- Operating system: {}", profile.os.label()).unwrap();
        writeln!(out, "- SQL Server: {}", profile.sql.label()).unwrap();
        if let Some(level) = profile.sql_level {
            writeln!(out, "- SQL Server level: {}", level.label()).unwrap();
        }
        if let Some(edition) = profile.sql_edition {
            writeln!(out, "- SQL Server edition: {}", edition.label()).unwrap();
        }
        if let Some(target) = profile.sql_target.filter(|t| *t != profile.sql) {
            writeln!(out, "- SQL Server at BizTalk Server Setup: {}", target.label()).unwrap();
        }
        let wanted = profile.to_edition.map_or("any reachable edition", |e| e.label());
        writeln!(out, "- Target: {} ({wanted})", profile.to.label()).unwrap();
        let features: Vec<&str> = profile.features.iter().map(|f| f.label()).collect();
        if !features.is_empty() {
            writeln!(out, "- Features: {}", features.join("; ")).unwrap();
        }
        for inferred in &self.inferred_features {
            writeln!(out, "- Also counted: {} ({})", inferred.feature.label(), inferred.reason).unwrap();
        }
        let unsure: Vec<&str> = profile.unsure.iter().map(|f| f.label()).collect();
        if !unsure.is_empty() {
            writeln!(out, "- Not sure: {}", unsure.join("; ")).unwrap();
        }
    }

    /// Every check of every hop as a table, and the editions the route can end in.
    fn write_compatibility(&self, out: &mut String) {
        writeln!(out, "## Compatibility\n").unwrap();
        writeln!(out, "| Upgrade | Check | Status | Detail | What to do |").unwrap();
        writeln!(out, "| --- | --- | --- | --- | --- |").unwrap();
        for hop in &self.route {
            for check in &hop.checks {
                writeln!(
                    out,
                    "| {} {} to {} {} | {} | {} | {} | {} |",
                    hop.from.label(),
                    hop.edition.label(),
                    hop.to.label(),
                    hop.to_edition.label(),
                    check.area.label(),
                    check.status.label(),
                    cell(&check.detail),
                    cell(check.remedy.as_deref().unwrap_or("")),
                )
                .unwrap();
            }
        }
        let editions: Vec<&str> = self.target_editions.iter().map(|e| e.label()).collect();
        let editions = if editions.is_empty() { "none".to_string() } else { editions.join(", ") };
        writeln!(out, "\nEditions this route can end in: {editions}.").unwrap();
    }

    fn write_target_platform(&self, out: &mut String) {
        let platform = self.target_platform;
        writeln!(out, "\n## What {} needs of a computer\n", platform.version.label()).unwrap();
        let os: Vec<&str> = platform.os.iter().map(|(os, _)| os.label()).collect();
        let sql: Vec<&str> = platform.sql.iter().map(|(sql, _)| sql.label()).collect();
        writeln!(out, "- Operating systems: {}", os.join(", ")).unwrap();
        writeln!(out, "- SQL Server: {}", sql.join(", ")).unwrap();
        for note in platform.notes() {
            writeln!(out, "- {note}").unwrap();
        }
    }
}

impl HotfixReport {
    /// The update planner's answer: the version, the installed and target updates, the package
    /// and what each update in between adds.
    fn write_plan(&self, out: &mut String, profile: &HotfixProfile, plan: &crate::UpdatePlan) {
        let name = |id: &str| plan.version.get(id).map_or(id.to_string(), |u| u.name.to_string());
        writeln!(out, "- Version: {}", plan.version.version.label()).unwrap();
        writeln!(out, "- Installed now: {}", profile.installed.map_or("not given".to_string(), name)).unwrap();
        writeln!(out, "- Update to reach: {}", name(plan.target)).unwrap();
        if let Some(fp) = profile.feature_pack {
            writeln!(out, "- Feature Pack: {}", fp.to_uppercase()).unwrap();
        }
        match plan.update {
            None => writeln!(out, "\n**Nothing to install: the group already runs {}.**", name(plan.target)).unwrap(),
            Some(u) => {
                let known = |what: &str, value: Option<&str>| format!("{what} {}", value.unwrap_or("not known"));
                let confidence = u.confidence.map_or("unknown", |c| c.id());
                writeln!(
                    out,
                    "\n**Update to install: {} ({}, {}, confidence: {confidence}).**",
                    u.name,
                    known("KB", u.kb),
                    known("build", u.build)
                )
                .unwrap();
                writeln!(out, "\nUpdates are cumulative: this one package brings every update below.\n").unwrap();
                for included in &plan.includes {
                    let adds = if included.adds.is_empty() { String::new() } else { format!(": adds {}", included.adds.join("; ")) };
                    writeln!(out, "- {}{adds}", included.name).unwrap();
                }
            }
        }
    }

    /// The Markdown checklist with no ticks and site-relative links.
    pub fn to_markdown(&self, profile: &HotfixProfile) -> String {
        self.export_markdown(profile, &Export::default())
    }

    /// The Markdown checklist with the ticks and links of `export`.
    pub fn export_markdown(&self, profile: &HotfixProfile, export: &Export) -> String {
        let mut out = String::new();
        writeln!(out, "# BizTalk Server hotfix or cumulative update\n").unwrap();
        writeln!(out, "- BizTalk computers in the group: {}", profile.servers).unwrap();
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        writeln!(out, "- Carries a SQL script: {}", yes_no(profile.sql_script)).unwrap();
        writeln!(out, "- Downloads: {}", profile.downloads.label()).unwrap();
        writeln!(out, "- This computer: {}", profile.arch.label()).unwrap();
        writeln!(out, "- HTTP, SOAP, WSE or WCF adapters in use: {}", yes_no(profile.iis_adapters)).unwrap();
        writeln!(out, "- Isolated host used heavily: {}", yes_no(profile.isolated_host_heavy)).unwrap();
        if let Some(plan) = &self.plan {
            self.write_plan(&mut out, profile, plan);
        }
        writeln!(out, "\n**Install the {} package. Rollback: {}.**", self.package.id(), self.rollback.label()).unwrap();
        checklist(&mut out, export, &self.checklist());
        out
    }
}
