//! Architecture invariants of the rules crate (see ARCHITECTURE.md).

/// The rules compile unchanged for the command line and the WASM advisor because they depend on
/// serde alone: no web, I/O or runtime crate may creep into `[dependencies]`.
#[test]
fn the_rules_crate_depends_on_serde_only() {
    let manifest = include_str!("../Cargo.toml");
    let mut section = "";
    let mut runtime_dependencies = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line;
        } else if section == "[dependencies]" && !line.is_empty() && !line.starts_with('#') {
            runtime_dependencies.push(line.split(['=', '.']).next().unwrap().trim().to_string());
        }
    }
    assert_eq!(runtime_dependencies, ["serde"], "the rules crate must depend on serde only");
}
