//! `cargo xtask dist`: a versioned zip of the site (with its precompressed copies) and its
//! SHA-256, an IIS web.config and a HOSTING note. Publishing into a directory is `publish.rs`.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

use crate::{CSP, Context, MIME_TYPES, Paths, Result, SECURITY_HEADERS, compress, stage};

const PRODUCT: &str = "biztalk-upgrade-advisor";

/// "0.1.0-1a2b3c4" (workspace version and git commit; "-dirty" with uncommitted changes).
pub fn version(paths: &Paths) -> String {
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

/// The MIME types (without parameters) of the file types that have precompressed copies: what
/// IIS must compress statically.
pub fn compressible_mime_types() -> Vec<&'static str> {
    let mut types: Vec<&str> = MIME_TYPES
        .iter()
        .filter(|(ext, _)| compress::COMPRESSIBLE.contains(ext))
        .map(|(_, ty)| ty.split(';').next().unwrap_or(ty).trim())
        .collect();
    types.sort();
    types.dedup();
    types
}

/// The `appcmd` lines that add the compressible types to IIS's static compression (the
/// `<httpCompression>` section can only be set in applicationHost.config, not in web.config).
fn appcmd_static_types() -> String {
    compressible_mime_types()
        .iter()
        .map(|ty| {
            format!(
                "  %windir%\\system32\\inetsrv\\appcmd.exe set config -section:system.webServer/httpCompression \
                 /+\"staticTypes.[mimeType='{ty}',enabled='true']\" /commit:apphost\n"
            )
        })
        .collect()
}

/// URL Rewrite rules that send the `.br` / `.gz` copy of a file when the browser accepts it,
/// with its Content-Encoding, the original's Content-Type and `Vary: Accept-Encoding`. They need
/// the IIS URL Rewrite module, so web.config carries them commented out (see HOSTING.txt).
fn rewrite_rules() -> String {
    let extensions: Vec<&str> = MIME_TYPES.iter().map(|(ext, _)| *ext).filter(|ext| compress::COMPRESSIBLE.contains(ext)).collect();
    let pattern = extensions.join("|");
    let mut inbound = String::new();
    for (suffix, token) in [("br", "br"), ("gz", "gzip")] {
        inbound.push_str(&format!(
            r#"        <rule name="precompressed {suffix}" stopProcessing="true">
          <match url="^(.*\.({pattern}))$" />
          <conditions logicalGrouping="MatchAll">
            <add input="{{HTTP_ACCEPT_ENCODING}}" pattern="\b{token}\b" />
            <add input="{{REQUEST_FILENAME}}.{suffix}" matchType="IsFile" />
          </conditions>
          <action type="Rewrite" url="{{R:1}}.{suffix}" />
        </rule>
"#
        ));
    }
    let mut outbound = String::new();
    let mut preconditions = String::new();
    for (suffix, token) in [("br", "br"), ("gz", "gzip")] {
        outbound.push_str(&format!(
            r#"        <rule name="encoding {suffix}" preCondition="is {suffix}">
          <match serverVariable="RESPONSE_Content_Encoding" pattern=".*" />
          <action type="Rewrite" value="{token}" />
        </rule>
"#
        ));
        preconditions.push_str(&format!(
            "          <preCondition name=\"is {suffix}\"><add input=\"{{URL}}\" pattern=\"\\.{suffix}$\" /></preCondition>\n"
        ));
    }
    outbound.push_str(
        r#"        <rule name="vary" preCondition="is precompressed">
          <match serverVariable="RESPONSE_Vary" pattern=".*" />
          <action type="Rewrite" value="Accept-Encoding" />
        </rule>
"#,
    );
    preconditions
        .push_str("          <preCondition name=\"is precompressed\"><add input=\"{URL}\" pattern=\"\\.(br|gz)$\" /></preCondition>\n");
    for ext in &extensions {
        let ty = MIME_TYPES.iter().find(|(e, _)| e == ext).map(|(_, t)| *t).unwrap_or("application/octet-stream");
        outbound.push_str(&format!(
            r#"        <rule name="type {ext}" preCondition="is {ext} copy">
          <match serverVariable="RESPONSE_Content_Type" pattern=".*" />
          <action type="Rewrite" value="{ty}" />
        </rule>
"#
        ));
        preconditions.push_str(&format!(
            "          <preCondition name=\"is {ext} copy\"><add input=\"{{URL}}\" pattern=\"\\.{ext}\\.(br|gz)$\" /></preCondition>\n"
        ));
    }
    format!(
        "    <rewrite>\n      <rules>\n{inbound}      </rules>\n      <outboundRules>\n{outbound}        <preConditions>\n{preconditions}        </preConditions>\n      </outboundRules>\n    </rewrite>\n"
    )
}

/// IIS configuration: MIME types (.wasm above all), static compression, the security headers,
/// index and 404 pages, and (commented out) the rewrite rules for the precompressed copies.
pub fn web_config() -> String {
    let mut mime = String::new();
    for (ext, ty) in MIME_TYPES {
        mime.push_str(&format!(
            "      <remove fileExtension=\".{ext}\" />\n      <mimeMap fileExtension=\".{ext}\" mimeType=\"{ty}\" />\n"
        ));
    }
    // The copies themselves: a type IIS never compresses again (the rewrite rules set the real one).
    for ext in ["br", "gz"] {
        mime.push_str(&format!(
            "      <remove fileExtension=\".{ext}\" />\n      <mimeMap fileExtension=\".{ext}\" mimeType=\"application/octet-stream\" />\n"
        ));
    }
    let rewrite = rewrite_rules();
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
    <!-- IIS compresses the text files and the WASM itself and caches the result (gzip; Brotli
         too where the IIS Compression module is installed). Which MIME types it compresses is
         set at server level (httpCompression/staticTypes in applicationHost.config, which
         web.config cannot change): HOSTING.txt gives the appcmd lines that add
         application/wasm and the site's other types. -->
    <urlCompression doStaticCompression="true" doDynamicCompression="false" />
    <!-- With the URL Rewrite module installed, these rules serve the precompressed .br / .gz
         copies instead (no compression work at all): move them out of this comment.
{rewrite}    -->
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
    let appcmd = appcmd_static_types();
    let headers: String = SECURITY_HEADERS.iter().map(|(n, v)| format!("  {n}: {v}\n")).collect();
    format!(
        "BizTalk Server Upgrade Advisor: hosting this site
=================================================

This folder is the complete site: static files only, nothing is loaded from outside it.
Check the archive against its .sha256 file before copying it (sha256sum -c FILE.sha256).

Plain folder or network share
  Open index.html in a browser. The advisors work from file:// too (they use the
  WebAssembly embedded in advisor-app/bts_upgrade_advisor_bg.wasm.js and
  advisor-app/bts_hotfix_planner_bg.wasm.js).

IIS
  Copy the folder's contents to the site's physical path (or a virtual directory) and keep
  web.config beside index.html. It maps .wasm to application/wasm, sends the headers below
  and serves 404.html for missing pages. If the server already maps .wasm, the <remove>
  lines keep IIS from reporting a duplicate.

Compression
  Every text file and the .wasm have two precompressed copies beside them: NAME.br
  (Brotli) and NAME.gz (gzip). A server that knows the convention sends the copy the
  browser accepts (Accept-Encoding), with Content-Encoding: br or gzip, the original's
  Content-Type and Vary: Accept-Encoding; `cargo xtask serve` does so.
  - IIS, the simple way: web.config turns on static compression (<urlCompression
    doStaticCompression=\"true\">); IIS then compresses each file once and caches it.
    IIS only compresses the MIME types listed at server level, which web.config cannot
    change. Add the site's types once, as administrator (the Static Content Compression
    role service must be installed):
{appcmd}  - IIS with the URL Rewrite module: web.config holds, commented out, the rules that
    serve NAME.br / NAME.gz directly, setting Content-Encoding, Content-Type and Vary.
    Uncomment them (and you may then leave static compression off).
  - nginx: gzip_static on; (and brotli_static on; with the Brotli module).
  - Without any of this the site works as well, only larger over the network.

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

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::io::Read as _;

    use crate::test_support::{site, temp};

    #[test]
    fn zip_holds_the_site_web_config_and_hosting_note_with_a_checksum() {
        let root = temp("dist-zip");
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

    #[test]
    fn web_config_turns_on_static_compression_and_carries_the_precompressed_rules() {
        let config = web_config();
        assert!(config.contains(r#"<urlCompression doStaticCompression="true" doDynamicCompression="false" />"#));
        // <httpCompression> is AppHostOnly: in web.config it would break the whole site (500.19).
        assert!(!config.contains("<httpCompression"));
        // The rewrite rules sit inside one comment, which must not contain "--".
        let open = config.find("<!-- With the URL Rewrite").unwrap();
        let close = open + config[open..].find("-->").unwrap();
        assert!(config[open..close].contains("<rewrite>") && config[open..close].contains("</rewrite>"));
        assert!(!config[open + 4..close].contains("--"));
        assert_eq!(config.matches("<rewrite>").count(), 1);
        assert!(!config.chars().any(|c| c.is_control() && c != '\n'), "no control characters in the XML");
        assert!(config.contains(r#"pattern="\bbr\b""#) && config.contains(r#"pattern="\bgzip\b""#));
        for needle in [r#"value="br""#, r#"value="gzip""#, r#"value="application/wasm""#, r#"value="Accept-Encoding""#] {
            assert!(config[open..close].contains(needle), "{needle}");
        }
        let types = compressible_mime_types();
        for ty in ["application/wasm", "text/html", "text/javascript", "text/css", "application/json", "image/svg+xml"] {
            assert!(types.contains(&ty), "{ty}");
        }
        let hosting = hosting_txt();
        for ty in &types {
            assert!(hosting.contains(&format!("staticTypes.[mimeType='{ty}',enabled='true']")), "{ty}");
        }
    }
}
