//! `cargo xtask publish`: atomic install of the built site into a directory, with rollback.
//!
//! Layout, all created by us (the marker file says so):
//!
//! ```text
//! DIR/.bts-site-publish      marker: refuse to touch a DIR without it (unless --force)
//! DIR/releases/<name>/       each published site, complete before it is linked
//! DIR/current -> releases/X  the web server's document root: switched by one rename
//! DIR/previous -> releases/Y what --rollback switches back to
//! ```

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::build::copy_dir;
use crate::dist::version;
use crate::{Context, Paths, Result, stage};

pub const MARKER: &str = ".bts-site-publish";

/// A unique, sortable release name: version plus Unix time.
fn release_name(paths: &Paths) -> String {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    format!("{}-{secs}", version(paths))
}

/// `cargo xtask publish --to DIR`: installs target/site into DIR.
pub fn publish_site(paths: &Paths, dir: &Path, force: bool) -> Result<()> {
    let site = paths.site();
    if !site.join("index.html").is_file() {
        return Err(format!("{} has no built site: run `cargo xtask build` first", site.display()));
    }
    let name = release_name(paths);
    let release = stage("publish", &format!("install the site into {}", dir.display()), || publish(&site, dir, &name, force))?;
    println!("    {} now serves {}", dir.join("current").display(), release.display());
    println!("    point the web server's document root at {}", dir.join("current").display());
    println!("    `cargo xtask publish --to {} --rollback` switches back to the previous version", dir.display());
    Ok(())
}

/// Copies `site` into `dir/releases/<name>` and switches `dir/current` to it in one rename; the
/// version it replaces becomes `dir/previous`. Older releases are deleted. Returns the release.
pub fn publish(site: &Path, dir: &Path, name: &str, force: bool) -> Result<PathBuf> {
    prepare_dir(dir, force)?;
    let releases = dir.join("releases");
    fs::create_dir_all(&releases).context(format!("cannot create {}", releases.display()))?;
    let release = releases.join(name);
    if release.exists() {
        return Err(format!("{} already exists", release.display()));
    }
    // Copy beside the live site, under a name the web server never serves, then rename.
    let partial = releases.join(format!(".{name}.partial"));
    crate::build::remove_dir(&partial)?;
    copy_dir(site, &partial)?;
    fs::rename(&partial, &release).context(format!("cannot rename {} to {}", partial.display(), release.display()))?;
    let old = fs::read_link(dir.join("current")).ok();
    switch_link(dir, "current", &Path::new("releases").join(name))?;
    if let Some(old) = old {
        switch_link(dir, "previous", &old)?;
    }
    prune(dir)?;
    Ok(release)
}

/// Points `dir/current` back at `dir/previous` (and `previous` at what was current).
pub fn rollback(dir: &Path) -> Result<()> {
    if !dir.join(MARKER).is_file() {
        return Err(format!("{} was not published by `cargo xtask publish` (no {MARKER}): nothing to roll back", dir.display()));
    }
    let current = fs::read_link(dir.join("current")).context(format!("{} has no current version", dir.display()))?;
    let previous = fs::read_link(dir.join("previous")).map_err(|_| format!("{} has no previous version to roll back to", dir.display()))?;
    if !dir.join(&previous).is_dir() {
        return Err(format!("the previous version {} is missing", dir.join(&previous).display()));
    }
    switch_link(dir, "current", &previous)?;
    switch_link(dir, "previous", &current)?;
    println!("rolled back: {} now serves {}", dir.join("current").display(), previous.display());
    Ok(())
}

/// Creates DIR with our marker, or checks that DIR is ours (or empty, or `force`).
fn prepare_dir(dir: &Path, force: bool) -> Result<()> {
    let marker = dir.join(MARKER);
    if dir.exists() {
        if !dir.is_dir() {
            return Err(format!("{} exists and is not a directory", dir.display()));
        }
        if marker.is_file() {
            return Ok(());
        }
        let empty = fs::read_dir(dir).context(format!("cannot read {}", dir.display()))?.next().is_none();
        if !empty && !force {
            return Err(format!(
                "{} was not created by `cargo xtask publish` (it has no {MARKER} file), so it is left alone; \
                 add --force to publish into it anyway (nothing already in it is deleted)",
                dir.display()
            ));
        }
    } else {
        fs::create_dir_all(dir).context(format!("cannot create {}", dir.display()))?;
    }
    fs::write(&marker, "This directory is managed by `cargo xtask publish`: current -> the live site, previous -> the one before.\n")
        .context(format!("cannot write {}", marker.display()))
}

/// Makes `dir/name` a symbolic link to `target` by renaming a new link over the old one, which
/// replaces it atomically: a reader sees the old site or the new one, never neither.
#[cfg(unix)]
fn switch_link(dir: &Path, name: &str, target: &Path) -> Result<()> {
    let link = dir.join(name);
    if link.exists() && fs::symlink_metadata(&link).is_ok_and(|m| !m.file_type().is_symlink()) {
        return Err(format!("{} is not a symbolic link made by publish; move it away first", link.display()));
    }
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let _ = fs::remove_file(&temporary);
    std::os::unix::fs::symlink(target, &temporary).context(format!("cannot create the link {}", temporary.display()))?;
    fs::rename(&temporary, &link).context(format!("cannot switch {}", link.display()))
}

#[cfg(not(unix))]
fn switch_link(_dir: &Path, _name: &str, _target: &Path) -> Result<()> {
    Err("publish switches versions with symbolic links and runs on Linux or macOS; on Windows, copy the \
         folder of the `cargo xtask dist` zip instead"
        .into())
}

/// Deletes releases that neither `current` nor `previous` points at.
fn prune(dir: &Path) -> Result<()> {
    let keep: Vec<PathBuf> = ["current", "previous"].iter().filter_map(|l| fs::read_link(dir.join(l)).ok()).collect();
    let releases = dir.join("releases");
    for entry in fs::read_dir(&releases).context(format!("cannot read {}", releases.display()))? {
        let entry = entry.context(format!("cannot read {}", releases.display()))?;
        let relative = Path::new("releases").join(entry.file_name());
        if !keep.contains(&relative) && !entry.file_name().to_string_lossy().starts_with('.') {
            crate::build::remove_dir(&entry.path())?;
        }
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    use crate::test_support::{site, temp};

    fn live(dir: &Path) -> String {
        fs::read_to_string(dir.join("current/index.html")).unwrap()
    }

    #[test]
    fn publish_switches_versions_and_rolls_back() {
        let root = temp("publish-publish");
        let dir = root.join("www");
        publish(&site(&root, "v1"), &dir, "one", false).unwrap();
        assert_eq!(live(&dir), "v1");
        assert!(dir.join(MARKER).is_file());
        assert!(dir.join("current/advisor-app/a.wasm").is_file());
        assert!(rollback(&dir).unwrap_err().contains("no previous version"));

        publish(&site(&root, "v2"), &dir, "two", false).unwrap();
        assert_eq!(live(&dir), "v2");
        publish(&site(&root, "v3"), &dir, "three", false).unwrap();
        assert_eq!(live(&dir), "v3");
        // Only the live and the previous release are kept.
        let mut kept: Vec<String> =
            fs::read_dir(dir.join("releases")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        kept.sort();
        assert_eq!(kept, ["three", "two"]);

        rollback(&dir).unwrap();
        assert_eq!(live(&dir), "v2");
        // Rolling back again returns to the newer version.
        rollback(&dir).unwrap();
        assert_eq!(live(&dir), "v3");
        assert!(publish(&site(&root, "v3"), &dir, "three", false).unwrap_err().contains("already exists"));
        let _ = fs::remove_dir_all(root);
    }

    #[test]
    fn publish_refuses_a_directory_it_did_not_create() {
        let root = temp("publish-refuse");
        let dir = root.join("someone-elses");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("precious.txt"), "keep me").unwrap();
        let err = publish(&site(&root, "v1"), &dir, "one", false).unwrap_err();
        assert!(err.contains("was not created by `cargo xtask publish`") && err.contains("--force"), "{err}");
        assert!(!dir.join("current").exists());
        assert!(rollback(&dir).unwrap_err().contains("nothing to roll back"));

        publish(&site(&root, "v1"), &dir, "one", true).unwrap();
        assert_eq!(live(&dir), "v1");
        assert_eq!(fs::read_to_string(dir.join("precious.txt")).unwrap(), "keep me");
        // An empty directory is fine: there is nothing in it to lose.
        let empty = root.join("empty");
        fs::create_dir_all(&empty).unwrap();
        publish(&site(&root, "v2"), &empty, "two", false).unwrap();
        assert_eq!(live(&empty), "v2");
        // A file is not a directory.
        fs::write(root.join("file"), "x").unwrap();
        assert!(publish(&site(&root, "v2"), &root.join("file"), "x", true).unwrap_err().contains("not a directory"));
        let _ = fs::remove_dir_all(root);
    }
}
