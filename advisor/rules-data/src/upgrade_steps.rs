//! `upgrade_steps.toml`: every instruction of the two upgrade guides as a checklist step, with
//! the guide and features it applies to. Generates `UPGRADE_STEPS`.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use bts_vocabulary::{Feature, UpgradePhase, Version};
use serde::Deserialize;

use crate::check::{At, DataError, parse};
use crate::emit::list;
use crate::markdown::code_spans;
use crate::step::{self, StepText};
use crate::updates::{Catalogue, WinscpRow};

pub const FILE: &str = "upgrade_steps.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UpgradeStepsFile {
    step: Vec<UpgradeStepEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UpgradeStepEntry {
    id: String,
    phase: String,
    #[serde(default)]
    applies_when: UpgradeCondition,
    title: String,
    detail: String,
    source: Option<String>,
    /// General advice that holds for every upgrade rather than a task of this one (see the file's
    /// header): the browser shows these together, collapsed under one heading.
    #[serde(default)]
    general_note: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct UpgradeCondition {
    /// The guide the step comes from ("2016" or "2020"): it applies to the hop to that version
    /// only. Absent: both guides have it, and it applies to every hop.
    guide: Option<String>,
    /// The step applies when the deployment has at least one of these.
    #[serde(default)]
    any_feature: Vec<String>,
    /// The step applies only when the deployment has all of these.
    #[serde(default)]
    all_features: Vec<String>,
    /// Which plan the step is part of: "in-place" (absent: the upgrade Setup runs on the old
    /// installation), "new" (only a blocked answer's new environment) or "both".
    environment: Option<String>,
}

/// `catalogue`: from the update catalogue (`updates.toml`), the WinSCP versions for `{{winscp
/// <version>}}` in details and the newest update of each version for `{{latest-update <version>}}`.
pub fn generate(text: &str, catalogue: &Catalogue, out: &mut String) -> Result<(), DataError> {
    let winscp = &catalogue.winscp;
    let file: UpgradeStepsFile = parse(FILE, text)?;
    let mut ids = BTreeSet::new();
    out.push_str("pub static UPGRADE_STEPS: &[UpgradeStep] = &[\n");
    for step in &file.step {
        let at = step::at(FILE, &step.id);
        let source =
            step::check(&at, &StepText { id: &step.id, title: &step.title, detail: &step.detail, source: &step.source }, &mut ids)?;
        let phase: UpgradePhase = at.id(&step.phase, "phase")?;
        let when = &step.applies_when;
        let guide: Option<Version> = when.guide.as_deref().map(|v| at.id(v, "version")).transpose()?;
        if let Some(bad) = guide.filter(|v| !Version::TARGETS.contains(v)) {
            return Err(at.error(format!("guide \"{}\" is not a guide of this site (the guides: 2016, 2020)", bad.id())));
        }
        let environment = match when.environment.as_deref() {
            None | Some("in-place") => "InPlace",
            Some("new") => "New",
            Some("both") => "Both",
            Some(other) => return Err(at.error(format!("environment \"{other}\" is none of in-place, new, both"))),
        };
        let any: Vec<Feature> = at.ids(&when.any_feature, "feature")?;
        let all: Vec<Feature> = at.ids(&when.all_features, "feature")?;
        if step.general_note {
            at.ensure(any.is_empty() && all.is_empty(), "a general note applies to every upgrade: it has no feature condition")?;
            at.ensure(environment == "InPlace", "a general note is advice for the upgrade in place, not for a new environment")?;
            at.ensure(!step.id.contains("back-up"), "a backup is a task, never a general note")?;
        }
        let mut detail = expand_winscp(&at, &step.detail, winscp)?;
        for (version, sentence) in &catalogue.latest {
            detail = detail.replace(&format!("{{{{latest-update {}}}}}", version.id()), sentence);
        }
        at.ensure(!detail.contains("{{latest-update"), "{{latest-update ...}} names no version of the update catalogue")?;
        let code = code_spans(&detail);
        writeln!(
            out,
            "    UpgradeStep {{ id: {:?}, phase: UpgradePhase::{phase:?}, applies_when: UpgradeCondition {{ guide: {}, any_feature: {}, all_features: {}, environment: StepEnvironment::{environment} }},\n        title: {:?},\n        detail: {:?},\n        code: &{:?},\n        source: {:?}, general_note: {} }},",
            step.id,
            guide.map_or("None".to_string(), |g| format!("Some(Version::{g:?})")),
            list("Feature", &any),
            list("Feature", &all),
            step.title,
            detail.trim(),
            code,
            source,
            step.general_note,
        )
        .unwrap();
    }
    out.push_str("];\n\n");
    Ok(())
}

/// `{{winscp 2020}}` in a step's detail becomes the list of WinSCP versions per cumulative
/// update of that BizTalk version, from the update catalogue: the table stays in one place.
fn expand_winscp(at: &At, detail: &str, winscp: &[WinscpRow]) -> Result<String, DataError> {
    let mut out = String::new();
    let mut rest = detail;
    while let Some(at_marker) = rest.find("{{winscp ") {
        out.push_str(&rest[..at_marker]);
        let end = rest[at_marker..].find("}}").ok_or_else(|| at.error("an unclosed {{winscp ...}}"))?;
        let version: Version = at.id(rest[at_marker + 9..at_marker + end].trim(), "version")?;
        let rows: Vec<&WinscpRow> = winscp.iter().filter(|r| r.biztalk == version).collect();
        at.ensure(!rows.is_empty(), format!("updates.toml lists no WinSCP version for {}", version.id()))?;
        for (i, row) in rows.iter().enumerate() {
            let sep = if i == 0 { "" } else { "\n" };
            write!(out, "{sep}- {} {}: WinSCP {}", version.label(), row.updates, row.winscp).unwrap();
        }
        rest = &rest[at_marker + end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::tests::{edit, error};

    const VALID: &str = r#"
[[step]]
id = "back-up-databases"
phase = "before"
title = "Back up every BizTalk database"
detail = "Run the `Backup BizTalk Server` job."
source = "upgrade/before.html#back-up"

[[step]]
id = "copy-winscp"
phase = "prepare"
applies_when = { guide = "2020", any_feature = ["sftp"], all_features = ["x64"] }
title = "Copy WinSCP"
detail = """
Copy these WinSCP files:

{{winscp 2020}}
"""
source = "upgrade/prepare.html#winscp"
"#;

    fn winscp() -> Vec<WinscpRow> {
        vec![
            WinscpRow { biztalk: Version::Bts2020, updates: "RTM".into(), winscp: "5.15.4".into() },
            WinscpRow { biztalk: Version::Bts2016, updates: "CU3".into(), winscp: "5.13.2".into() },
            WinscpRow { biztalk: Version::Bts2020, updates: "CU1".into(), winscp: "5.17.6".into() },
        ]
    }

    fn generate(text: &str) -> Result<String, DataError> {
        let mut out = String::new();
        let catalogue = Catalogue { winscp: winscp(), latest: vec![(Version::Bts2020, "cumulative update 7".into())] };
        super::generate(text, &catalogue, &mut out).map(|()| out)
    }

    #[test]
    fn a_valid_file_becomes_upgrade_steps() {
        assert_eq!(
            generate(VALID).unwrap(),
            r#"pub static UPGRADE_STEPS: &[UpgradeStep] = &[
    UpgradeStep { id: "back-up-databases", phase: UpgradePhase::Before, applies_when: UpgradeCondition { guide: None, any_feature: &[], all_features: &[], environment: StepEnvironment::InPlace },
        title: "Back up every BizTalk database",
        detail: "Run the `Backup BizTalk Server` job.",
        code: &["Backup BizTalk Server"],
        source: "upgrade/before.html#back-up", general_note: false },
    UpgradeStep { id: "copy-winscp", phase: UpgradePhase::Prepare, applies_when: UpgradeCondition { guide: Some(Version::Bts2020), any_feature: &[Feature::Sftp], all_features: &[Feature::X64], environment: StepEnvironment::InPlace },
        title: "Copy WinSCP",
        detail: "Copy these WinSCP files:\n\n- BizTalk Server 2020 RTM: WinSCP 5.15.4\n- BizTalk Server 2020 CU1: WinSCP 5.17.6",
        code: &[],
        source: "upgrade/prepare.html#winscp", general_note: false },
];

"#
        );
    }

    #[test]
    fn an_id_is_lowercase_letters_digits_and_dashes() {
        for bad in ["", "Back-up", "back up", "back_up"] {
            assert_eq!(
                error(generate(&edit(VALID, "id = \"back-up-databases\"", &format!("id = \"{bad}\"")))),
                format!("advisor/rules/data/upgrade_steps.toml: step \"{bad}\": an id is lowercase letters, digits and dashes")
            );
        }
    }

    #[test]
    fn an_id_is_unique() {
        assert_eq!(
            error(generate(&edit(VALID, "id = \"copy-winscp\"", "id = \"back-up-databases\""))),
            "advisor/rules/data/upgrade_steps.toml: step \"back-up-databases\": a second step with this id"
        );
    }

    #[test]
    fn a_general_note_is_advice_for_everyone_and_never_a_backup() {
        let noted =
            edit(VALID, "source = \"upgrade/prepare.html#winscp\"", "source = \"upgrade/prepare.html#winscp\"\ngeneral_note = true");
        assert_eq!(
            error(generate(&noted)),
            "advisor/rules/data/upgrade_steps.toml: step \"copy-winscp\": a general note applies to every upgrade: it has no feature condition"
        );
        let backup =
            edit(VALID, "source = \"upgrade/before.html#back-up\"", "source = \"upgrade/before.html#back-up\"\ngeneral_note = true");
        assert_eq!(
            error(generate(&backup)),
            "advisor/rules/data/upgrade_steps.toml: step \"back-up-databases\": a backup is a task, never a general note"
        );
        let for_new = edit(
            &backup.replace("back-up-databases", "keep-names"),
            "phase = \"before\"",
            "phase = \"before\"\napplies_when = { environment = \"both\" }",
        );
        assert_eq!(
            error(generate(&for_new)),
            "advisor/rules/data/upgrade_steps.toml: step \"keep-names\": a general note is advice for the upgrade in place, not for a new environment"
        );
        let fine = generate(&backup.replace("back-up-databases", "keep-names")).unwrap();
        assert!(fine.contains("source: \"upgrade/before.html#back-up\", general_note: true },"), "{fine}");
    }

    #[test]
    fn a_step_has_a_title_a_detail_and_a_source() {
        assert_eq!(
            error(generate(&edit(VALID, "title = \"Back up every BizTalk database\"", "title = \" \""))),
            "advisor/rules/data/upgrade_steps.toml: step \"back-up-databases\": the step has no title"
        );
        assert_eq!(
            error(generate(&edit(VALID, "detail = \"Run the `Backup BizTalk Server` job.\"", "detail = \"\""))),
            "advisor/rules/data/upgrade_steps.toml: step \"back-up-databases\": the step has no detail"
        );
        assert_eq!(
            error(generate(&edit(VALID, "source = \"upgrade/before.html#back-up\"", ""))),
            "advisor/rules/data/upgrade_steps.toml: step \"back-up-databases\": the step has no source"
        );
        assert_eq!(
            error(generate(&edit(VALID, "upgrade/before.html#back-up", "upgrade/before#back-up"))),
            "advisor/rules/data/upgrade_steps.toml: step \"back-up-databases\": source \"upgrade/before#back-up\" is not a site-relative \"page.html#anchor\" link"
        );
    }

    #[test]
    fn a_phase_and_features_are_known() {
        assert_eq!(
            error(generate(&edit(VALID, "phase = \"before\"", "phase = \"after\""))),
            "advisor/rules/data/upgrade_steps.toml: step \"back-up-databases\": unknown phase \"after\" (accepted: plan, before, prepare, upgrade, post, known-issue)"
        );
        let message = error(generate(&edit(VALID, "all_features = [\"x64\"]", "all_features = [\"64-bit\"]")));
        assert!(
            message.starts_with(
                "advisor/rules/data/upgrade_steps.toml: step \"copy-winscp\": unknown feature \"64-bit\" (accepted: multi-server, cluster, "
            ),
            "{message}"
        );
    }

    #[test]
    fn a_guide_is_one_of_the_sites_guides() {
        assert_eq!(
            error(generate(&edit(VALID, "guide = \"2020\"", "guide = \"2013r2\""))),
            "advisor/rules/data/upgrade_steps.toml: step \"copy-winscp\": guide \"2013r2\" is not a guide of this site (the guides: 2016, 2020)"
        );
        assert_eq!(
            error(generate(&edit(VALID, "guide = \"2020\"", "guide = \"2019\""))),
            "advisor/rules/data/upgrade_steps.toml: step \"copy-winscp\": unknown version \"2019\" (accepted: 2013, 2013r2, 2016, 2020)"
        );
    }

    #[test]
    fn the_latest_update_of_a_version_is_named_from_the_catalogue() {
        let code = generate(&edit(VALID, "{{winscp 2020}}", "Install {{latest-update 2020}}.")).unwrap();
        assert!(code.contains("Copy these WinSCP files:\\n\\nInstall cumulative update 7."), "{code}");
        assert_eq!(
            error(generate(&edit(VALID, "{{winscp 2020}}", "{{latest-update 2010}}"))),
            "advisor/rules/data/upgrade_steps.toml: step \"copy-winscp\": {{latest-update ...}} names no version of the update catalogue"
        );
    }

    #[test]
    fn a_winscp_list_names_a_version_with_winscp_rows() {
        assert_eq!(
            error(generate(&edit(VALID, "{{winscp 2020}}", "{{winscp 2020"))),
            "advisor/rules/data/upgrade_steps.toml: step \"copy-winscp\": an unclosed {{winscp ...}}"
        );
        assert_eq!(
            error(generate(&edit(VALID, "{{winscp 2020}}", "{{winscp 2013r2}}"))),
            "advisor/rules/data/upgrade_steps.toml: step \"copy-winscp\": updates.toml lists no WinSCP version for 2013r2"
        );
        assert_eq!(
            error(generate(&edit(VALID, "{{winscp 2020}}", "{{winscp BizTalk 2020}}"))),
            "advisor/rules/data/upgrade_steps.toml: step \"copy-winscp\": unknown version \"BizTalk 2020\" (accepted: 2013, 2013r2, 2016, 2020)"
        );
    }
}
