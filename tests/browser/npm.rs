//! The suite's npm tools (axe-core, Lighthouse), versions pinned in tests/package.json and
//! tests/package-lock.json, installed with `npm ci` into <target>/browser-tools when one of them is
//! missing or not the pinned version.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::driver::running_as_root;
use crate::harness::{Fail, R};

const MANIFEST: &str = include_str!("../package.json");

/// The version tests/package.json pins for `name`.
pub fn pinned(name: &str) -> R<String> {
    let manifest: Value = serde_json::from_str(MANIFEST)?;
    manifest["dependencies"][name].as_str().map(String::from).ok_or_else(|| Fail(format!("tests/package.json pins no {name} version")))
}

/// Where the package is installed.
pub fn package_dir(tools: &Path, name: &str) -> PathBuf {
    tools.join("node_modules").join(name)
}

fn installed(tools: &Path, name: &str) -> Option<String> {
    std::fs::read_to_string(package_dir(tools, name).join("package.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .and_then(|v| v["version"].as_str().map(String::from))
}

/// Makes sure every pinned package is installed at its pinned version; returns `name`'s folder.
pub fn ensure(tools: &Path, name: &str) -> R<PathBuf> {
    let manifest: Value = serde_json::from_str(MANIFEST)?;
    let wanted: Vec<(String, String)> = manifest["dependencies"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
        .collect();
    let stale: Vec<String> =
        wanted.iter().filter(|(k, v)| installed(tools, k).as_deref() != Some(v.as_str())).map(|(k, v)| format!("{k}@{v}")).collect();
    if !stale.is_empty() {
        ensure_npm()?;
        std::fs::create_dir_all(tools)?;
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(here.join("package.json"), tools.join("package.json"))?;
        std::fs::copy(here.join("package-lock.json"), tools.join("package-lock.json"))?;
        eprintln!("browser suite: installing {} into {}", stale.join(" "), tools.display());
        let out = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(tools)
            .output()
            .map_err(|e| Fail(format!("cannot run npm: {e}")))?;
        if !out.status.success() {
            return Err(Fail(format!(
                "`npm ci` for {} failed in {}:\n{}",
                stale.join(" "),
                tools.display(),
                String::from_utf8_lossy(&out.stderr)
            )));
        }
    }
    let want = pinned(name)?;
    match installed(tools, name) {
        Some(v) if v == want => Ok(package_dir(tools, name)),
        other => Err(Fail(format!("{name} {want} is not in {} after `npm ci` (found {other:?})", tools.display()))),
    }
}

fn ensure_npm() -> R<()> {
    if Command::new("npm").arg("--version").output().is_ok() {
        return Ok(());
    }
    if !running_as_root() {
        return Err(Fail(
            "npm is not installed; the suite installs axe-core and Lighthouse with it. Run as root: apt-get install -y npm".into(),
        ));
    }
    eprintln!("browser suite: npm missing, installing: apt-get install -y npm");
    let ok =
        Command::new("apt-get").args(["install", "-y", "npm"]).env("DEBIAN_FRONTEND", "noninteractive").status().is_ok_and(|s| s.success());
    if !ok {
        return Err(Fail("`apt-get install -y npm` failed; install Node.js and npm to run the accessibility and Lighthouse checks".into()));
    }
    Ok(())
}
