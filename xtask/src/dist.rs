//! `cargo xtask dist` (a versioned zip of the site with its SHA-256, an IIS web.config and a
//! HOSTING note) and `cargo xtask publish` (atomic install into a directory, with rollback).
//!
//! Publish layout, all created by us (the marker file says so):
//!
//! ```text
//! DIR/.bts-site-publish      marker: refuse to touch a DIR without it (unless --force)
//! DIR/releases/<name>/       each published site, complete before it is linked
//! DIR/current -> releases/X  the web server's document root: switched by one rename
//! DIR/previous -> releases/Y what --rollback switches back to
//! ```

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

use crate::build::copy_dir;
use crate::{CSP, Context, MIME_TYPES, Paths, Result, SECURITY_HEADERS, stage};

const PRODUCT: &str = "biztalk-upgrade-advisor";
pub const MARKER: &str = ".bts-site-publish";

/// "0.1.0-1a2b3c4" (workspace version and git commit; "-dirty" with uncommitted changes).
fn version(paths: &Paths) -> String {
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(&paths.root)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let commit = git(&["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "nogit".into());
    let dirty = git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
    format!("{}-{commit}{}", env!("CARGO_PKG_VERSION"), if dirty { "-dirty" } else { "" })
}

/// Writes `target/dist/<product>-<version>.zip` and its `.sha256`; returns the zip's path.
pub fn dist(paths: &Paths) -> Result<PathBuf> {
    let site = paths.site();
    if !site.join("index.html").is_file() {
        return Err(format!("{} has no built site: run `cargo xtask build` first", site.display()));
    }
    let name = format!("{PRODUCT}-{}", version(paths));
    let out = paths.target.join("dist");
    fs::create_dir_all(&out).context(format!("cannot create {}", out.display()))?;
    let zip_path = out.join(format!("{name}.zip"));
    stage("dist", &format!("zip {} with web.config and HOSTING.txt", zip_path.display()), || {
        write_zip(&site, &name, &zip_path)?;
        let sum = write_checksum(&zip_path)?;
        println!("    {}\n    sha256 {sum}", zip_path.display());
        Ok(())
    })?;
    Ok(zip_path)
}

fn write_zip(site: &Path, folder: &str, zip_path: &Path) -> Result<()> {
    let partial = zip_path.with_extension("zip.partial");
    let file = fs::File::create(&partial).context(format!("cannot create {}", partial.display()))?;
    let mut zip = zip::ZipWriter::new(file);
    // Entries carry the packaging time: with zip's default (1980) every release would look
    // unchanged to a server answering If-Modified-Since, and browsers would keep old pages.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip_time(SystemTime::now()));
    let mut files = Vec::new();
    collect_files(site, site, &mut files)?;
    files.sort();
    let mut add = |name: &str, bytes: &[u8]| -> Result<()> {
        zip.start_file(format!("{folder}/{name}"), options).context(format!("cannot add {name} to the zip"))?;
        zip.write_all(bytes).context(format!("cannot add {name} to the zip"))
    };
    for relative in &files {
        let bytes = fs::read(site.join(relative)).context(format!("cannot read {relative}"))?;
        add(relative, &bytes)?;
    }
    add("web.config", web_config().as_bytes())?;
    add("HOSTING.txt", hosting_txt().as_bytes())?;
    zip.finish().context("cannot finish the zip")?;
    fs::rename(&partial, zip_path).context(format!("cannot write {}", zip_path.display()))
}

/// A zip (MS-DOS) timestamp for a moment, in UTC.
fn zip_time(when: SystemTime) -> zip::DateTime {
    let secs = when.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let (days, rest) = ((secs / 86_400) as i64, secs % 86_400);
    let date = bts_rules::Date::from_day_number(days);
    let (year, month, day) = (date.year as u16, date.month, date.day);
    let (hour, minute, second) = ((rest / 3600) as u8, (rest % 3600 / 60) as u8, (rest % 60) as u8);
    zip::DateTime::from_date_and_time(year, month, day, hour, minute, second).unwrap_or_default()
}

/// Every file under `dir`, as `/`-separated paths relative to `root`.
fn collect_files(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in fs::read_dir(dir).context(format!("cannot read {}", dir.display()))? {
        let path = entry.context(format!("cannot read {}", dir.display()))?.path();
        if path.is_dir() {
            collect_files(root, &path, out)?;
        } else {
            let relative = path.strip_prefix(root).expect("walked from root");
            let parts: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            out.push(parts.join("/"));
        }
    }
    Ok(())
}

/// `<hex>  <file name>` (the format `sha256sum -c` reads) into `<zip>.sha256`; returns the hex.
fn write_checksum(zip_path: &Path) -> Result<String> {
    let bytes = fs::read(zip_path).context(format!("cannot read {}", zip_path.display()))?;
    let hex: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    let file_name = zip_path.file_name().expect("a zip file name").to_string_lossy();
    let sum_path = PathBuf::from(format!("{}.sha256", zip_path.display()));
    fs::write(&sum_path, format!("{hex}  {file_name}\n")).context(format!("cannot write {}", sum_path.display()))?;
    Ok(hex)
}

/// IIS configuration: MIME types (.wasm above all), the security headers, index and 404 pages.
pub fn web_config() -> String {
    let mut mime = String::new();
    for (ext, ty) in MIME_TYPES {
        mime.push_str(&format!(
            "      <remove fileExtension=\".{ext}\" />\n      <mimeMap fileExtension=\".{ext}\" mimeType=\"{ty}\" />\n"
        ));
    }
    let mut headers = String::new();
    for (name, value) in SECURITY_HEADERS.iter().chain(&[("Cache-Control", "no-cache")]) {
        headers.push_str(&format!("        <remove name=\"{name}\" />\n        <add name=\"{name}\" value=\"{}\" />\n", xml_escape(value)));
    }
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<!-- IIS settings for the BizTalk Server Upgrade Advisor site (generated by `cargo xtask dist`).
     The advisor needs .wasm served as application/wasm; the headers are the ones the site is
     built and tested with. See HOSTING.txt. -->
<configuration>
  <system.webServer>
    <staticContent>
{mime}    </staticContent>
    <httpProtocol>
      <customHeaders>
        <remove name="X-Powered-By" />
{headers}      </customHeaders>
    </httpProtocol>
    <defaultDocument enabled="true">
      <files>
        <clear />
        <add value="index.html" />
      </files>
    </defaultDocument>
    <httpErrors errorMode="Custom" existingResponse="Replace">
      <remove statusCode="404" subStatusCode="-1" />
      <error statusCode="404" path="404.html" responseMode="File" />
    </httpErrors>
  </system.webServer>
</configuration>
"#
    )
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

fn hosting_txt() -> String {
    let headers: String = SECURITY_HEADERS.iter().map(|(n, v)| format!("  {n}: {v}\n")).collect();
    format!(
        "BizTalk Server Upgrade Advisor: hosting this site
=================================================

This folder is the complete site: static files only, nothing is loaded from outside it.
Check the archive against its .sha256 file before copying it (sha256sum -c FILE.sha256).

Plain folder or network share
  Open index.html in a browser. The advisor works from file:// too (it uses the
  WebAssembly embedded in advisor-app/bts_advisor_web_bg.wasm.js).

IIS
  Copy the folder's contents to the site's physical path (or a virtual directory) and keep
  web.config beside index.html. It maps .wasm to application/wasm, sends the headers below
  and serves 404.html for missing pages. If the server already maps .wasm, the <remove>
  lines keep IIS from reporting a duplicate.

Under a sub-path (for example http://intranet/biztalk/)
  Every page works as it is; only 404.html refers to the site root. Build the archive with
  MDBOOK_OUTPUT__HTML__SITE_URL=/biztalk/ cargo xtask dist   so that it uses the sub-path.

Any other web server
  Serve the folder as static files and
  - send .wasm files as application/wasm (the advisor does not start otherwise);
  - send these headers with every file:
{headers}  The Content-Security-Policy above is the one the site is tested under:
  {CSP}

Testing it locally
  cargo xtask serve   (from the source repository) serves the site the same way on
  http://127.0.0.1:3000/.
"
    )
}

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
    use std::io::Read as _;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-dist-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn site(root: &Path, text: &str) -> PathBuf {
        let site = root.join(format!("site-{text}"));
        fs::create_dir_all(site.join("advisor-app")).unwrap();
        fs::write(site.join("index.html"), text).unwrap();
        fs::write(site.join("advisor-app/a.wasm"), b"\0asm").unwrap();
        site
    }

    fn live(dir: &Path) -> String {
        fs::read_to_string(dir.join("current/index.html")).unwrap()
    }

    #[test]
    fn publish_switches_versions_and_rolls_back() {
        let root = temp("publish");
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
        let root = temp("refuse");
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

    #[test]
    fn zip_holds_the_site_web_config_and_hosting_note_with_a_checksum() {
        let root = temp("zip");
        let site = site(&root, "hello");
        let zip_path = root.join("out.zip");
        write_zip(&site, "pkg-1.0", &zip_path).unwrap();
        let sum = write_checksum(&zip_path).unwrap();
        let recorded = fs::read_to_string(root.join("out.zip.sha256")).unwrap();
        assert_eq!(recorded, format!("{sum}  out.zip\n"));
        let bytes = fs::read(&zip_path).unwrap();
        let hex: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, sum);

        let mut archive = zip::ZipArchive::new(fs::File::open(&zip_path).unwrap()).unwrap();
        let mut names: Vec<String> = archive.file_names().map(|n| n.unwrap().to_string()).collect();
        names.sort();
        assert_eq!(names, ["pkg-1.0/HOSTING.txt", "pkg-1.0/advisor-app/a.wasm", "pkg-1.0/index.html", "pkg-1.0/web.config"]);
        let mut index = String::new();
        archive.by_name("pkg-1.0/index.html").unwrap().read_to_string(&mut index).unwrap();
        assert_eq!(index, "hello");
        assert!(!root.join("out.zip.partial").exists());
        let _ = fs::remove_dir_all(root);
    }

    #[test]
    fn zip_entries_carry_the_packaging_time() {
        let t = zip_time(UNIX_EPOCH + std::time::Duration::from_secs(1_795_308_689));
        // 2026-11-22 00:51:29 UTC (zip keeps even seconds).
        assert_eq!((t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second()), (2026, 11, 22, 0, 51, 28));
        let t = zip_time(UNIX_EPOCH + std::time::Duration::from_secs(951_782_400));
        assert_eq!((t.year(), t.month(), t.day()), (2000, 2, 29));
    }

    #[test]
    fn web_config_maps_wasm_and_sends_every_header() {
        let config = web_config();
        assert!(config.contains(r#"<mimeMap fileExtension=".wasm" mimeType="application/wasm" />"#));
        for (name, value) in SECURITY_HEADERS {
            let value = xml_escape(value);
            assert!(config.contains(&format!(r#"<add name="{name}" value="{value}" />"#)), "{name}");
        }
        assert!(config.contains("script-src 'self' 'wasm-unsafe-eval'"));
        // Well-formed enough for IIS: every element opened is closed.
        for tag in ["configuration", "system.webServer", "staticContent", "httpProtocol", "customHeaders", "files"] {
            assert_eq!(config.matches(&format!("<{tag}>")).count(), 1, "{tag}");
            assert_eq!(config.matches(&format!("</{tag}>")).count(), 1, "{tag}");
        }
        let hosting = hosting_txt();
        assert!(hosting.contains("application/wasm") && hosting.contains(CSP));
    }
}
