//! Architecture invariants of the rules crate (see ARCHITECTURE.md).

/// The names of a manifest's `[dependencies]` that every build pulls in (optional ones, behind a
/// feature such as `testing`, are left out).
fn runtime_dependencies(manifest: &str) -> Vec<String> {
    let manifest: toml::Table = toml::from_str(manifest).expect("a Cargo.toml is TOML");
    let Some(dependencies) = manifest.get("dependencies").and_then(|d| d.as_table()) else { return Vec::new() };
    let optional = |spec: &toml::Value| spec.get("optional").and_then(|o| o.as_bool()).unwrap_or(false);
    dependencies.iter().filter(|(_, spec)| !optional(spec)).map(|(name, _)| name.clone()).collect()
}

/// The rules compile unchanged for the command line and the WASM advisor because they depend on
/// serde alone, and on the workspace's own vocabulary crate, which depends on serde alone: no
/// web, I/O or runtime crate may creep into `[dependencies]`.
#[test]
fn the_rules_crate_depends_on_serde_only() {
    assert_eq!(runtime_dependencies(include_str!("../Cargo.toml")), ["bts-vocabulary", "serde"], "the rules crate");
    assert_eq!(runtime_dependencies(include_str!("../../vocabulary/Cargo.toml")), ["serde"], "the vocabulary crate");
}
