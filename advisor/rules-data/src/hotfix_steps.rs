//! `hotfix_steps.toml`: every instruction of the hotfix article as a checklist step, with the
//! conditions it applies under. Generates `HOTFIX_STEPS`.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use bts_vocabulary::{HotfixCondition, HotfixPhase};
use serde::Deserialize;

use crate::check::{DataError, parse};
use crate::emit::list;
use crate::markdown::code_spans;
use crate::step::{self, StepText};

pub const FILE: &str = "hotfix_steps.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HotfixStepsFile {
    step: Vec<HotfixStepEntry>,
}

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

pub fn generate(text: &str, out: &mut String) -> Result<(), DataError> {
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

    fn generate(text: &str) -> Result<String, DataError> {
        let mut out = String::new();
        super::generate(text, &mut out).map(|()| out)
    }

    #[test]
    fn a_valid_file_becomes_hotfix_steps() {
        assert_eq!(
            generate(VALID).unwrap(),
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
            "advisor/rules/data/hotfix_steps.toml: step \"stop-hosts\": unknown condition \"sql-scripts\" (accepted: sql-script, no-sql-script, multi-server, single-server, iis-adapters, isolated-host-heavy, separate-downloads)"
        );
    }
}
