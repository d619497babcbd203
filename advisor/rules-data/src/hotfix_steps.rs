//! `hotfix_steps.toml`: every instruction of the hotfix article as a checklist step, with the
//! conditions it applies under. Generates `HOTFIX_STEPS`, and `WINSCP_STEPS`: the update
//! planner's WinSCP step once per WinSCP version (or pair) of the update catalogue.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use bts_vocabulary::{HotfixCondition, HotfixPhase};
use serde::Deserialize;

use crate::check::{DataError, parse};
use crate::emit::list;
use crate::markdown::code_spans;
use crate::step::{self, StepText};
use crate::updates::WinscpRow;

pub const FILE: &str = "hotfix_steps.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HotfixStepsFile {
    step: Vec<HotfixStepEntry>,
    #[serde(default)]
    winscp_step: Vec<WinscpStepEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WinscpStepEntry {
    case: String,
    title: String,
    detail: String,
    source: Option<String>,
}

const WINSCP_CASES: &[&str] = &["replace", "use", "find-out", "check"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HotfixStepEntry {
    id: String,
    phase: String,
    /// Conditions on the hotfix profile, all of which must hold.
    #[serde(default)]
    applies_when: Vec<String>,
    title: String,
    detail: String,
    source: Option<String>,
}

/// `winscp`: the update catalogue's WinSCP table, for the planner's WinSCP steps.
pub fn generate(text: &str, winscp: &[WinscpRow], out: &mut String) -> Result<(), DataError> {
    let file: HotfixStepsFile = parse(FILE, text)?;
    let mut ids = BTreeSet::new();
    out.push_str("pub static HOTFIX_STEPS: &[HotfixStep] = &[\n");
    for step in &file.step {
        let at = step::at(FILE, &step.id);
        let source =
            step::check(&at, &StepText { id: &step.id, title: &step.title, detail: &step.detail, source: &step.source }, &mut ids)?;
        let phase: HotfixPhase = at.id(&step.phase, "phase")?;
        let when: Vec<HotfixCondition> = at.ids(&step.applies_when, "condition")?;
        writeln!(
            out,
            "    HotfixStep {{ id: {:?}, phase: HotfixPhase::{phase:?}, applies_when: {},\n        title: {:?},\n        detail: {:?},\n        code: &{:?},\n        source: {:?} }},",
            step.id,
            list("HotfixCondition", &when),
            step.title,
            step.detail.trim(),
            code_spans(&step.detail),
            source,
        )
        .unwrap();
    }
    out.push_str("];\n\n");
    winscp_steps(&file.winscp_step, winscp, &mut ids, out)
}

/// Every (from, to) the planner can meet: along each version's release line, an older WinSCP to
/// a newer one (`replace`), none to each (`use`), each to none (`find-out`), none to none (`check`).
fn winscp_steps(
    templates: &[WinscpStepEntry],
    winscp: &[WinscpRow],
    ids: &mut BTreeSet<String>,
    out: &mut String,
) -> Result<(), DataError> {
    let mut pairs: Vec<(&str, Option<String>, Option<String>)> = vec![("check", None, None)];
    let mut versions: Vec<_> = winscp.iter().map(|r| r.biztalk).collect();
    versions.dedup();
    for version in versions {
        // The table is newest first; the release line oldest first.
        let line: Vec<&str> = winscp.iter().rev().filter(|r| r.biztalk == version).map(|r| r.winscp.as_str()).collect();
        for (i, from) in line.iter().enumerate() {
            for to in &line[i + 1..] {
                pairs.push(("replace", Some(from.to_string()), Some(to.to_string())));
            }
            pairs.push(("use", None, Some(from.to_string())));
            pairs.push(("find-out", Some(from.to_string()), None));
        }
    }
    let mut seen = BTreeSet::new();
    pairs.retain(|p| seen.insert(p.clone()));
    out.push_str("pub static WINSCP_STEPS: &[WinscpStep] = &[\n");
    for case in WINSCP_CASES {
        let at = crate::check::At::new(FILE, format!("winscp_step {case}"));
        let template = templates.iter().find(|t| t.case == *case).ok_or_else(|| at.error("missing: the planner needs one of each case"))?;
        for (_, from, to) in pairs.iter().filter(|p| p.0 == *case) {
            let fill = |text: &str| text.replace("{from}", from.as_deref().unwrap_or("")).replace("{to}", to.as_deref().unwrap_or(""));
            let id = match (from, to) {
                (Some(f), Some(t)) => format!("replace-winscp-{f}-with-{t}"),
                (None, Some(t)) => format!("use-winscp-{t}"),
                (Some(f), None) => format!("find-winscp-after-{f}"),
                (None, None) => "find-winscp".to_string(),
            }
            .replace('.', "-");
            let (title, detail) = (fill(&template.title), fill(&template.detail));
            let at = step::at(FILE, &id);
            let source = step::check(&at, &StepText { id: &id, title: &title, detail: &detail, source: &template.source }, ids)?;
            at.ensure(!detail.contains('{'), "a placeholder other than {from} and {to}")?;
            writeln!(
                out,
                "    WinscpStep {{ from: {}, to: {}, step: HotfixStep {{ id: {id:?}, phase: HotfixPhase::Install, applies_when: &[],\n        title: {title:?},\n        detail: {:?},\n        code: &{:?},\n        source: {source:?} }} }},",
                crate::emit::opt(from),
                crate::emit::opt(to),
                detail.trim(),
                code_spans(&detail),
            )
            .unwrap();
        }
    }
    if let Some(other) = templates.iter().find(|t| !WINSCP_CASES.contains(&t.case.as_str())) {
        let at = crate::check::At::new(FILE, format!("winscp_step {}", other.case));
        return Err(at.error(format!("unknown case (accepted: {})", WINSCP_CASES.join(", "))));
    }
    out.push_str("];\n");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::tests::{edit, error};

    const VALID: &str = r#"
[[step]]
id = "stop-hosts"
phase = "install"
applies_when = ["multi-server", "sql-script"]
title = "Stop the host instances"
detail = "Stop every host instance: `net stop BTSSvc*`."
source = "hotfixes.html#install"
"#;

    const TEMPLATES: &str = r#"
[[winscp_step]]
case = "replace"
title = "Replace WinSCP {from} with WinSCP {to}"
detail = "Put `WinSCP-{to}-Automation.zip` in place of {from}."
source = "compatibility.html#winscp"

[[winscp_step]]
case = "use"
title = "Use WinSCP {to}"
detail = "Use {to}."
source = "compatibility.html#winscp"

[[winscp_step]]
case = "find-out"
title = "Find out (now {from})"
detail = "Now {from}."
source = "compatibility.html#winscp"

[[winscp_step]]
case = "check"
title = "Find out"
detail = "Read the KB."
source = "compatibility.html#winscp"
"#;

    fn rows() -> Vec<WinscpRow> {
        let row = |updates: &str, winscp: &str| WinscpRow {
            biztalk: bts_vocabulary::Version::Bts2020,
            updates: updates.into(),
            winscp: winscp.into(),
        };
        vec![row("CU6", "6.3.5"), row("CU5", "6.1.2")]
    }

    fn generate(text: &str) -> Result<String, DataError> {
        let mut out = String::new();
        super::generate(&format!("{text}{TEMPLATES}"), &rows(), &mut out).map(|()| out)
    }

    fn steps(text: &str) -> String {
        let code = generate(text).unwrap();
        code[code.find("pub static WINSCP_STEPS").unwrap()..].to_string()
    }

    #[test]
    fn the_winscp_step_is_made_for_each_version_and_pair() {
        let code = steps(VALID);
        let ids: Vec<&str> = code.split("id: \"").skip(1).map(|s| &s[..s.find('"').unwrap()]).collect();
        assert_eq!(
            ids,
            [
                "replace-winscp-6-1-2-with-6-3-5",
                "use-winscp-6-1-2",
                "use-winscp-6-3-5",
                "find-winscp-after-6-1-2",
                "find-winscp-after-6-3-5",
                "find-winscp"
            ]
        );
        assert!(code.contains("    WinscpStep { from: Some(\"6.1.2\"), to: Some(\"6.3.5\"), step: HotfixStep { id: \"replace-winscp-6-1-2-with-6-3-5\", phase: HotfixPhase::Install, applies_when: &[],\n        title: \"Replace WinSCP 6.1.2 with WinSCP 6.3.5\",\n        detail: \"Put `WinSCP-6.3.5-Automation.zip` in place of 6.1.2.\",\n        code: &[\"WinSCP-6.3.5-Automation.zip\"],\n        source: \"compatibility.html#winscp\" } },\n"), "{code}");
    }

    #[test]
    fn the_winscp_step_has_each_case_once_and_only_known_placeholders() {
        let without_use = TEMPLATES.replace("case = \"use\"", "case = \"usage\"");
        let mut out = String::new();
        assert_eq!(
            error(super::generate(&format!("{VALID}{without_use}"), &rows(), &mut out)),
            "advisor/rules/data/hotfix_steps.toml: winscp_step use: missing: the planner needs one of each case"
        );
        let mut out = String::new();
        assert_eq!(
            error(super::generate(&format!("{VALID}{}", TEMPLATES.replace("Use {to}.", "Use {version}.")), &rows(), &mut out)),
            "advisor/rules/data/hotfix_steps.toml: step \"use-winscp-6-1-2\": a placeholder other than {from} and {to}"
        );
        let mut out = String::new();
        let extra = format!(
            "{VALID}{TEMPLATES}\n[[winscp_step]]\ncase = \"other\"\ntitle = \"t\"\ndetail = \"d\"\nsource = \"compatibility.html#winscp\"\n"
        );
        assert_eq!(
            error(super::generate(&extra, &rows(), &mut out)),
            "advisor/rules/data/hotfix_steps.toml: winscp_step other: unknown case (accepted: replace, use, find-out, check)"
        );
    }

    #[test]
    fn a_valid_file_becomes_hotfix_steps() {
        assert_eq!(
            generate(VALID).unwrap().split("pub static WINSCP_STEPS").next().unwrap(),
            r#"pub static HOTFIX_STEPS: &[HotfixStep] = &[
    HotfixStep { id: "stop-hosts", phase: HotfixPhase::Install, applies_when: &[HotfixCondition::MultiServer, HotfixCondition::SqlScript],
        title: "Stop the host instances",
        detail: "Stop every host instance: `net stop BTSSvc*`.",
        code: &["net stop BTSSvc*"],
        source: "hotfixes.html#install" },
];

"#
        );
    }

    #[test]
    fn a_step_is_checked_as_upgrade_steps_are() {
        assert_eq!(
            error(generate(&edit(VALID, "source = \"hotfixes.html#install\"", ""))),
            "advisor/rules/data/hotfix_steps.toml: step \"stop-hosts\": the step has no source"
        );
        assert_eq!(
            error(generate(&(VALID.to_string() + VALID))),
            "advisor/rules/data/hotfix_steps.toml: step \"stop-hosts\": a second step with this id"
        );
    }

    #[test]
    fn a_phase_and_conditions_are_known() {
        assert_eq!(
            error(generate(&edit(VALID, "phase = \"install\"", "phase = \"plan\""))),
            "advisor/rules/data/hotfix_steps.toml: step \"stop-hosts\": unknown phase \"plan\" (accepted: before, install, after, rollback)"
        );
        assert_eq!(
            error(generate(&edit(VALID, "\"sql-script\"", "\"sql-scripts\""))),
            "advisor/rules/data/hotfix_steps.toml: step \"stop-hosts\": unknown condition \"sql-scripts\" (accepted: sql-script, no-sql-script, multi-server, single-server, iis-adapters, isolated-host-heavy, separate-downloads, update-planned, up-to-date, mqseries-remote-agent, visual-studio-extension)"
        );
    }
}
