//! `cargo xtask build`: the WASM advisor, its bindings and loader, and the book, into
//! `target/site/`. The site is assembled in `target/site.staging/` and swapped in at the end, so
//! a running `serve` never shows a half-built site.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use sha2::{Digest, Sha256};

use crate::{Context, Paths, Result, api, cargo, compress, human, run, stage, toolchain};

/// The web crate and the file cargo writes for it.
const WEB_CRATE: &str = "bts-advisor-web";
const WASM_STEM: &str = "bts_advisor_web";

/// One advisor, built as its own WASM from the web crate with one feature: a page downloads only
/// the advisor it shows (the upgrade advisor's data and code are most of the bytes, and the
/// hotfix planner needs none of them). mdBook's print page holds both and loads both.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Advisor {
    /// What the build output calls it.
    pub name: &'static str,
    /// The web crate's feature that compiles it in.
    pub feature: &'static str,
    /// The stem of its files, and the global its no-modules glue defines.
    pub stem: &'static str,
    /// The id of its mount point in the book.
    pub mount: &'static str,
}

pub const ADVISORS: [Advisor; 2] = [
    Advisor { name: "upgrade advisor", feature: "upgrade-advisor", stem: "bts_upgrade_advisor", mount: "bts-upgrade-advisor" },
    Advisor { name: "hotfix planner", feature: "hotfix-planner", stem: "bts_hotfix_planner", mount: "bts-hotfix-advisor" },
];

/// "Load inventory"'s importer (the web crate's feature `inventory-import`): the collector files'
/// reading and mapping, a WASM of its own that an advisor's page loads only when the user chooses
/// inventory files (the loader's `inventoryImporter()`), so neither advisor's WASM carries it.
/// It has no mount point and its own gate in the size budget (`importer_*_gate_kib`).
pub const IMPORTER: Advisor =
    Advisor { name: "inventory importer", feature: "inventory-import", stem: "bts_inventory_importer", mount: "" };

/// Every WASM the build makes: the advisors, then the importer.
pub const WASMS: [Advisor; 3] = [ADVISORS[0], ADVISORS[1], IMPORTER];

impl Advisor {
    /// The size budget's keys for this WASM: `raw_gate_kib`, or `importer_raw_gate_kib`.
    pub fn budget_prefix(&self) -> &'static str {
        if *self == IMPORTER { "importer_" } else { "" }
    }

    /// wasm-bindgen's JS glue.
    pub fn glue(&self) -> String {
        format!("{}.js", self.stem)
    }

    pub fn wasm(&self) -> String {
        format!("{}_bg.wasm", self.stem)
    }

    /// The same WASM as base64 in a classic script, for pages opened from file://.
    pub fn embedded(&self) -> String {
        format!("{}_bg.wasm.js", self.stem)
    }

    /// The global the embedded variant assigns the base64 WASM to (read by the loader).
    fn embedded_global(&self) -> String {
        format!("{}_wasm_base64", self.stem)
    }
}

pub const LOADER: &str = "advisor-loader.js";
/// The advisor's stylesheet (web crate), linked from every page by the theme.
pub const STYLE: &str = "advisor.css";
const STYLE_SOURCE: &str = "advisor/web/style/advisor.css";
/// Folder of the site that holds the advisor's files.
pub const APP_DIR: &str = "advisor-app";

/// wasm-opt comes from npm (Debian's binaryen 108 produces WASM that Chromium rejects).
const BINARYEN: &str = "binaryen@132";
const BINARYEN_MAJOR: &str = "132.";
/// terser minifies wasm-bindgen's JS glue (43 KiB to 18 KiB raw, 7.5 to 5.5 KiB gzip measured).
const TERSER: &str = "terser@5.51.2";
const TERSER_MAJOR: &str = "5.";

/// The size budget's file (the browser suite reads the same one).
pub const SIZE_BUDGET_FILE: &str = "advisor/web/size-budget.toml";

/// Size budget of the advisor's code as the browser downloads it: WASM + JS glue, after
/// wasm-opt, in bytes (the file holds KiB).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SizeBudget {
    pub raw: u64,
    pub gzip: u64,
}

impl SizeBudget {
    /// Reads `advisor/web/size-budget.toml` (top-level `raw_gate_kib` and `gzip_gate_kib`).
    pub fn load(root: &Path) -> Result<SizeBudget> {
        SizeBudget::load_for(root, "")
    }

    /// The budget under keys starting with `prefix` (see [`Advisor::budget_prefix`]).
    pub fn load_for(root: &Path, prefix: &str) -> Result<SizeBudget> {
        let path = root.join(SIZE_BUDGET_FILE);
        let text = fs::read_to_string(&path).context(format!("cannot read the size budget {}", path.display()))?;
        SizeBudget::parse_for(&text, prefix).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The budget under keys starting with `prefix` (`importer_raw_gate_kib`, ...).
    pub fn parse_for(text: &str, prefix: &str) -> Result<SizeBudget> {
        let table: toml::Table = text.parse().map_err(|e| format!("not valid TOML: {e}"))?;
        let kib = |key: &str| -> Result<u64> {
            let key = &format!("{prefix}{key}");
            match table.get(key) {
                Some(toml::Value::Integer(n)) if *n > 0 => Ok(*n as u64 * 1024),
                Some(other) => Err(format!("`{key}` must be a positive whole number of KiB, not {other}")),
                None => Err(format!("`{key}` is missing")),
            }
        };
        Ok(SizeBudget { raw: kib("raw_gate_kib")?, gzip: kib("gzip_gate_kib")? })
    }
}

/// What a build measured of one advisor, and the budget it is held to.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub advisor: &'static str,
    pub wasm_raw: u64,
    pub wasm_gzip: u64,
    pub glue_raw: u64,
    pub glue_gzip: u64,
    pub budget: SizeBudget,
}

impl Sizes {
    pub fn raw(&self) -> u64 {
        self.wasm_raw + self.glue_raw
    }

    pub fn gzip(&self) -> u64 {
        self.wasm_gzip + self.glue_gzip
    }

    pub fn summary(&self) -> String {
        format!(
            "{}: WASM {} raw / {} gzip, JS glue {} raw / {} gzip: total {} raw (budget {}), {} gzip (budget {})",
            self.advisor,
            kb(self.wasm_raw),
            kb(self.wasm_gzip),
            kb(self.glue_raw),
            kb(self.glue_gzip),
            kb(self.raw()),
            kb(self.budget.raw),
            kb(self.gzip()),
            kb(self.budget.gzip)
        )
    }

    pub fn check_budget(&self) -> Result<()> {
        if self.raw() > self.budget.raw || self.gzip() > self.budget.gzip {
            return Err(format!("the {} is over its size budget: {}", self.advisor, self.summary()));
        }
        Ok(())
    }
}

/// What a build measured of every advisor.
#[derive(Debug, Clone)]
pub struct SiteSizes(pub Vec<Sizes>);

impl SiteSizes {
    pub fn summary(&self) -> String {
        self.0.iter().map(Sizes::summary).collect::<Vec<_>>().join("; ")
    }

    /// Every advisor within its budget, or what is over.
    pub fn check_budget(&self) -> Result<()> {
        let over: Vec<String> = self.0.iter().filter_map(|s| s.check_budget().err()).collect();
        if over.is_empty() { Ok(()) } else { Err(over.join("\n")) }
    }
}

pub fn kb(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

/// Builds the whole site; returns the advisors' sizes. Over the size budget, the site is still
/// complete but this is an error unless `budget` is [`Budget::Warn`] (serve).
pub fn build(paths: &Paths, budget: Budget) -> Result<SiteSizes> {
    let started = Instant::now();
    let mut site = SiteBuild::new(paths)?;
    for (n, step) in STAGES.iter().enumerate() {
        stage(&format!("[{}/{}] {}", n + 1, STAGES.len(), step.name), &(step.what)(&site), || (step.run)(&mut site))?;
    }
    println!("==> site built in {}: {}", human(started.elapsed()), paths.site().display());
    let sizes = SiteSizes(site.sizes);
    match (sizes.check_budget(), budget) {
        (Err(e), Budget::Enforce) => Err(e),
        (Err(e), Budget::Warn) => {
            println!("WARNING: {e}");
            Ok(sizes)
        }
        (Ok(()), _) => Ok(sizes),
    }
}

/// One stage of the build: its name, what it does (printed) and the work.
struct Stage {
    name: &'static str,
    what: fn(&SiteBuild) -> String,
    run: fn(&mut SiteBuild) -> Result<()>,
}

/// The build, in order; the output numbers them "[n/7]".
const STAGES: [Stage; 7] = [
    Stage { name: "wasm", what: SiteBuild::describe_wasm, run: SiteBuild::compile_wasm },
    Stage {
        name: "bindgen",
        what: |_| "wasm-bindgen (library), no-modules target, each advisor its own global; terser on the glue".into(),
        run: SiteBuild::bind_and_minify,
    },
    Stage { name: "wasm-opt", what: |_| format!("wasm-opt {} from npm {BINARYEN}", WASM_OPT.join(" ")), run: SiteBuild::optimise_wasm },
    Stage {
        name: "assets",
        what: |_| format!("glue, WASM, embedded WASM, loader and stylesheet into {APP_DIR}/"),
        run: SiteBuild::write_app_assets,
    },
    Stage {
        name: "book",
        what: |b| {
            format!("mdBook with the advisor-tables preprocessor into {}; the collector into {COLLECTOR_DIR}/", b.paths.site().display())
        },
        run: SiteBuild::build_book,
    },
    Stage { name: "api", what: |_| "static JSON data API from the rules into api/".into(), run: SiteBuild::write_api },
    Stage {
        name: "compress",
        what: |_| "precompressed .br and .gz copies of every text file and the WASM".into(),
        run: SiteBuild::compress_and_swap_in,
    },
];

/// A site build under way: where each stage reads and writes, and what it measured.
struct SiteBuild {
    paths: Paths,
    size_budget: SizeBudget,
    /// The importer's own gate (`importer_*_gate_kib`).
    importer_budget: SizeBudget,
    /// Scratch space kept between builds (`target/advisor-app-build`), so wasm-opt can be skipped.
    work: PathBuf,
    bindgen_dir: PathBuf,
    /// The advisor's files as the site serves them (`advisor-app/`).
    app_dir: PathBuf,
    /// The site being assembled, swapped in for `target/site` at the end.
    staging: PathBuf,
    sizes: Vec<Sizes>,
}

impl SiteBuild {
    fn new(paths: &Paths) -> Result<SiteBuild> {
        let work = paths.target.join("advisor-app-build");
        Ok(SiteBuild {
            paths: paths.clone(),
            size_budget: SizeBudget::load(&paths.root)?,
            importer_budget: SizeBudget::load_for(&paths.root, IMPORTER.budget_prefix())?,
            bindgen_dir: work.join("bindgen"),
            app_dir: work.join(APP_DIR),
            work,
            staging: paths.target.join("site.staging"),
            sizes: Vec::new(),
        })
    }

    fn describe_wasm(&self) -> String {
        let features: Vec<&str> = WASMS.iter().map(|a| a.feature).collect();
        format!(
            "cargo build -p {WEB_CRATE} --lib --target wasm32-unknown-unknown --profile wasm-release, once per advisor and for the importer ({})",
            features.join(", ")
        )
    }

    /// Each advisor is the web crate built with its own feature; its WASM is copied under its stem.
    fn compile_wasm(&mut self) -> Result<()> {
        let paths = &self.paths;
        let wasm_out = paths.target.join("wasm32-unknown-unknown").join("wasm-release").join(format!("{WASM_STEM}.wasm"));
        toolchain::ensure_wasm_target(&paths.root)?;
        fs::create_dir_all(&self.work).context(format!("cannot create {}", self.work.display()))?;
        for advisor in WASMS {
            run(Command::new(cargo())
                .args(["build", "-p", WEB_CRATE, "--lib", "--target", "wasm32-unknown-unknown", "--profile", "wasm-release"])
                .args(["--no-default-features", "--features", advisor.feature])
                .env("CARGO_TARGET_DIR", &paths.target)
                .current_dir(&paths.root))?;
            if !wasm_out.is_file() {
                return Err(format!("cargo reported success but {} does not exist", wasm_out.display()));
            }
            // wasm-bindgen names its outputs after its input.
            let own = self.work.join(format!("{}.wasm", advisor.stem));
            fs::copy(&wasm_out, &own).context(format!("cannot copy {} to {}", wasm_out.display(), own.display()))?;
        }
        Ok(())
    }

    fn bind_and_minify(&mut self) -> Result<()> {
        remove_dir(&self.bindgen_dir)?;
        for advisor in WASMS {
            bindgen(&self.work.join(format!("{}.wasm", advisor.stem)), &self.bindgen_dir, advisor)?;
        }
        let terser = ensure_npm_tool(&self.paths, "terser", TERSER, TERSER_MAJOR)?;
        for advisor in WASMS {
            let glue = self.bindgen_dir.join(advisor.glue());
            let minified = self.bindgen_dir.join(format!("{}.min.js", advisor.stem));
            // Top-level names stay (the loader calls the advisor's global); the rest is renamed.
            run(Command::new(&terser).arg(&glue).args(["--compress", "--mangle", "--output"]).arg(&minified))?;
        }
        Ok(())
    }

    fn optimise_wasm(&mut self) -> Result<()> {
        for advisor in WASMS {
            // wasm-opt takes a while: skip it when its input and flags are those of the last run.
            let input = self.bindgen_dir.join(advisor.wasm());
            let optimised = self.work.join(advisor.wasm());
            let key_file = self.work.join(format!("{}.wasm-opt.key", advisor.stem));
            let mut key = Sha256::new();
            key.update(fs::read(&input).context(format!("cannot read {}", input.display()))?);
            key.update(format!("{BINARYEN} {WASM_OPT:?} {WASM_FEATURES:?}"));
            let key: String = key.finalize().iter().map(|b| format!("{b:02x}")).collect();
            if optimised.is_file() && fs::read_to_string(&key_file).is_ok_and(|k| k == key) {
                println!("    {}: unchanged since the last build: reusing {}", advisor.name, optimised.display());
                continue;
            }
            let _ = fs::remove_file(&key_file);
            let tool = ensure_npm_tool(&self.paths, "wasm-opt", BINARYEN, BINARYEN_MAJOR)?;
            run(Command::new(&tool).args(WASM_OPT).args(WASM_FEATURES).arg("--strip-debug").arg(&input).arg("-o").arg(&optimised))?;
            write(&key_file, key.as_bytes())?;
        }
        Ok(())
    }

    /// The advisors' files, measured against the budget, the versioned loader and the stylesheet.
    fn write_app_assets(&mut self) -> Result<()> {
        remove_dir(&self.app_dir)?;
        fs::create_dir_all(&self.app_dir).context(format!("cannot create {}", self.app_dir.display()))?;
        let mut version = Sha256::new();
        self.sizes.clear();
        for advisor in WASMS {
            let glue = self.bindgen_dir.join(format!("{}.min.js", advisor.stem));
            let budget = if advisor == IMPORTER { self.importer_budget } else { self.size_budget };
            let sizes = write_assets(advisor, &glue, &self.work.join(advisor.wasm()), &self.app_dir, budget, &mut version)?;
            println!("    sizes: {}", sizes.summary());
            self.sizes.push(sizes);
        }
        // A version in the asset URLs, so a browser never pairs a cached glue with a newer WASM.
        let version: String = version.finalize().iter().take(6).map(|b| format!("{b:02x}")).collect();
        // The loader runs on every page: minified like the glue (its comments are for this
        // repository's readers).
        let source = self.bindgen_dir.join(LOADER);
        write(&source, loader_js(&version).as_bytes())?;
        let terser = ensure_npm_tool(&self.paths, "terser", TERSER, TERSER_MAJOR)?;
        let loader = self.app_dir.join(LOADER);
        run(Command::new(&terser).arg(&source).args(["--compress", "--mangle", "--output"]).arg(&loader))?;
        let minified = fs::read(&loader).context(format!("cannot read {}", loader.display()))?;
        println!("    loader: {} raw / {} gzip (terser)", kb(minified.len() as u64), kb(gzip_len(&minified)?));
        let style = self.paths.root.join(STYLE_SOURCE);
        fs::copy(&style, self.app_dir.join(STYLE)).context(format!("cannot copy the advisor's stylesheet {}", style.display()))?;
        Ok(())
    }

    fn build_book(&mut self) -> Result<()> {
        remove_dir(&self.staging)?;
        build_book(&self.paths.book(), &self.staging)?;
        if let Some(url) = &self.paths.base_url {
            let marked = mark_base_url(&self.staging, url)?;
            println!("    base URL {url} on the advisors' mounts in {marked} pages");
        }
        copy_dir(&self.app_dir, &self.staging.join(APP_DIR))?;
        write_collector(&self.staging.join(COLLECTOR_DIR))
    }

    fn write_api(&mut self) -> Result<()> {
        let files = api::write_api(&self.staging.join(api::API_DIR))?;
        println!("    {} files: {}", files.len(), files.join(", "));
        Ok(())
    }

    /// Every text file and the WASM get .br and .gz copies; then the site replaces the last one.
    fn compress_and_swap_in(&mut self) -> Result<()> {
        let count = compress::precompress_dir(&self.staging, Some(&self.paths.target.join("compress-cache")))?;
        let missing = compress::missing_copies(&self.staging)?;
        if !missing.is_empty() {
            return Err(format!("files without both copies: {}", missing.join(", ")));
        }
        println!("    {count} files, each with .br and .gz");
        replace_dir(&self.staging, &self.paths.site())
    }
}

/// What an advisor over its size budget means for a build.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Budget {
    /// A failed build (build, test, dist, publish).
    Enforce,
    /// A warning (serve: trying the site out should not stop on it).
    Warn,
}

/// wasm-opt's optimisation: for size, repeated while it still shrinks (--converge: 0.5% smaller).
const WASM_OPT: &[&str] = &["-Oz", "--converge"];

/// The WebAssembly features rustc's wasm32 target emits; wasm-opt must accept them.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

fn bindgen(input: &Path, out_dir: &Path, advisor: Advisor) -> Result<()> {
    fs::create_dir_all(out_dir).context(format!("cannot create {}", out_dir.display()))?;
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_path(input)
        .no_modules(true)
        .map_err(|e| format!("{e:#}"))?
        // Two advisors on one page (print.html) need two globals.
        .no_modules_global(advisor.stem)
        .map_err(|e| format!("{e:#}"))?
        .typescript(false)
        .debug(false)
        // The library's defaults differ from the CLI's: keep the CLI's behaviour.
        .omit_default_module_path(false)
        .remove_name_section(true)
        .remove_producers_section(true);
    bindgen.generate(out_dir).map_err(|e| format!("wasm-bindgen failed on {}: {e:#}", input.display()))?;
    for name in [advisor.glue(), advisor.wasm()] {
        if !out_dir.join(&name).is_file() {
            return Err(format!("wasm-bindgen did not write {name}"));
        }
    }
    Ok(())
}

/// `target/tools/node_modules/.bin/<bin>` of the npm `package` (`name@version`), installed with
/// npm when missing or of another major version.
fn ensure_npm_tool(paths: &Paths, bin: &str, package: &str, major: &str) -> Result<PathBuf> {
    let tools = paths.target.join("tools");
    let tool = tools.join("node_modules").join(".bin").join(if cfg!(windows) { format!("{bin}.cmd") } else { bin.to_string() });
    let name = package.rsplit_once('@').map_or(package, |(name, _)| name);
    let manifest = tools.join("node_modules").join(name).join("package.json");
    let installed = fs::read_to_string(&manifest)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|json| json["version"].as_str().map(String::from));
    match installed {
        Some(version) if version.starts_with(major) && tool.exists() => return Ok(tool),
        Some(version) => println!("    {name} {version} found, {package} needed: reinstalling"),
        None => println!("    installing {package} with npm into {}", tools.display()),
    }
    fs::create_dir_all(&tools).context(format!("cannot create {}", tools.display()))?;
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    run(Command::new(npm).args(["install", "--no-audit", "--no-fund", "--loglevel", "error", "--prefix"]).arg(&tools).arg(package))
        .map_err(|e| format!("{e}\n    {bin} comes from npm; install Node.js and npm (Debian: `apt-get install npm`) and retry"))?;
    if !tool.exists() {
        return Err(format!("npm installed {package} but {} is missing", tool.display()));
    }
    Ok(tool)
}

fn write_assets(advisor: Advisor, glue: &Path, wasm: &Path, out: &Path, budget: SizeBudget, version: &mut Sha256) -> Result<Sizes> {
    let glue_bytes = fs::read(glue).context(format!("cannot read {}", glue.display()))?;
    let wasm_bytes = fs::read(wasm).context(format!("cannot read {}", wasm.display()))?;
    write(&out.join(advisor.glue()), &glue_bytes)?;
    write(&out.join(advisor.wasm()), &wasm_bytes)?;
    let embedded = format!(
        "// The {}'s WebAssembly as base64, for pages opened from a folder (file://), where\n\
         // fetching the .wasm is not allowed. Generated by `cargo xtask build`.\n\
         self.{} = \"{}\";\n",
        advisor.name,
        advisor.embedded_global(),
        base64(&wasm_bytes)
    );
    write(&out.join(advisor.embedded()), embedded.as_bytes())?;
    version.update(&glue_bytes);
    version.update(&wasm_bytes);
    Ok(Sizes {
        advisor: advisor.name,
        wasm_raw: wasm_bytes.len() as u64,
        wasm_gzip: gzip_len(&wasm_bytes)?,
        glue_raw: glue_bytes.len() as u64,
        glue_gzip: gzip_len(&glue_bytes)?,
        budget,
    })
}

/// The loader with its advisors, the importer and the version filled in.
pub fn loader_js(version: &str) -> String {
    let advisors: Vec<String> = WASMS
        .iter()
        .map(|a| {
            format!(
                // The glue declares its global with `let`: a global binding other scripts see by
                // name, but not a property of `self`, so the loader reads it through a function.
                "{{ mount: '{}', glue: '{}', wasm: '{}', embedded: '{}', global: '{}', embeddedGlobal: '{}',\n          \
                 init: function () {{ return typeof {} === 'function' ? {} : undefined; }} }}",
                a.mount,
                a.glue(),
                a.wasm(),
                a.embedded(),
                a.stem,
                a.embedded_global(),
                a.stem,
                a.stem
            )
        })
        .collect();
    let (importer, advisors) = advisors.split_last().expect("the importer is the last WASM");
    include_str!("../assets/advisor-loader.js")
        .replace("__ADVISORS__", &advisors.join(",\n        "))
        .replace("__IMPORTER__", importer)
        .replace("__VERSION__", version)
}

/// Bytes after gzip at the default level (what a web server typically sends).
pub fn gzip_len(bytes: &[u8]) -> Result<u64> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).and_then(|_| encoder.finish()).map(|v| v.len() as u64).context("gzip failed")
}

/// Standard base64 with padding (RFC 4648).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16) | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8) | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Where the site ships the read-only collector, its SQL and the inventory's JSON Schema, for
/// the download links of the book's collector page and both advisors' pages.
pub const COLLECTOR_DIR: &str = "collector";

/// The collector's files as the `bts-collector` crate holds them (the files its tests check).
fn write_collector(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).context(format!("cannot create {}", dir.display()))?;
    let contents = [bts_collector::SCRIPT, bts_collector::SQL, bts_collector::SCHEMA];
    for (name, text) in bts_collector::FILE_NAMES.iter().zip(contents) {
        write(&dir.join(name), text.as_bytes())?;
    }
    Ok(())
}

/// Puts the site's address on every advisor mount (`<div id="bts-upgrade-advisor"
/// data-base-url="...">`) of the HTML under `dir`, where the advisors' exports read it; returns
/// how many pages have one. `url` is checked by `bts_rules::BaseUrl` (no quotes or brackets).
pub fn mark_base_url(dir: &Path, url: &str) -> Result<usize> {
    let attribute = format!(" data-base-url=\"{}\"", url.replace('&', "&amp;"));
    let mut marked = 0;
    for entry in std::fs::read_dir(dir).context(format!("cannot list {}", dir.display()))? {
        let path = entry.context(format!("cannot list {}", dir.display()))?.path();
        if path.is_dir() {
            marked += mark_base_url(&path, url)?;
        } else if path.extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(&path).context(format!("cannot read {}", path.display()))?;
            let mut out = html.clone();
            for mount in ["<div id=\"bts-upgrade-advisor\"", "<div id=\"bts-hotfix-advisor\""] {
                out = out.replace(mount, &format!("{mount}{attribute}"));
            }
            if out != html {
                std::fs::write(&path, out).context(format!("cannot write {}", path.display()))?;
                marked += 1;
            }
        }
    }
    Ok(marked)
}

fn build_book(book_dir: &Path, out: &Path) -> Result<()> {
    if !book_dir.join("book.toml").is_file() {
        return Err(format!("{} has no book.toml", book_dir.display()));
    }
    let mut book = mdbook_driver::MDBook::load(book_dir).map_err(|e| format!("cannot load the book in {}: {e:#}", book_dir.display()))?;
    book.config.build.build_dir = out.to_path_buf();
    book.config.build.create_missing = false;
    book.with_preprocessor(bts_book_tables::AdvisorTables);
    book.build().map_err(|e| format!("mdBook failed: {e:#}"))?;
    if !out.join("index.html").is_file() {
        return Err(format!("mdBook wrote no index.html into {}", out.display()));
    }
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    fs::write(path, bytes).context(format!("cannot write {}", path.display()))
}

pub fn remove_dir(dir: &Path) -> Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(format!("cannot remove {}: {e}", dir.display())),
        _ => Ok(()),
    }
}

/// Copies a directory tree (files and folders only).
pub fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to).context(format!("cannot create {}", to.display()))?;
    for entry in fs::read_dir(from).context(format!("cannot read {}", from.display()))? {
        let entry = entry.context(format!("cannot read {}", from.display()))?;
        let (source, dest) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type().context(format!("cannot stat {}", source.display()))?.is_dir() {
            copy_dir(&source, &dest)?;
        } else {
            fs::copy(&source, &dest).context(format!("cannot copy {} to {}", source.display(), dest.display()))?;
        }
    }
    Ok(())
}

/// Puts `new` in place of `dest` with two renames (the old one is deleted afterwards).
fn replace_dir(new: &Path, dest: &Path) -> Result<()> {
    let old = dest.with_extension("old");
    remove_dir(&old)?;
    if dest.exists() {
        fs::rename(dest, &old).context(format!("cannot move {} aside", dest.display()))?;
    }
    fs::rename(new, dest).context(format!("cannot move {} to {}", new.display(), dest.display()))?;
    remove_dir(&old)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_url_lands_on_every_advisor_mount_and_nowhere_else() {
        let dir = std::env::temp_dir().join(format!("xtask-base-url-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("advisor")).unwrap();
        std::fs::write(dir.join("advisor/upgrade.html"), "<main><div id=\"bts-upgrade-advisor\">x</div></main>").unwrap();
        std::fs::write(dir.join("print.html"), "<div id=\"bts-upgrade-advisor\"></div><div id=\"bts-hotfix-advisor\"></div>").unwrap();
        std::fs::write(dir.join("index.html"), "<p>no advisor</p>").unwrap();
        assert_eq!(mark_base_url(&dir, "https://intranet/bts/?a&b").unwrap(), 2);
        let upgrade = std::fs::read_to_string(dir.join("advisor/upgrade.html")).unwrap();
        assert_eq!(upgrade, "<main><div id=\"bts-upgrade-advisor\" data-base-url=\"https://intranet/bts/?a&amp;b\">x</div></main>");
        assert_eq!(std::fs::read_to_string(dir.join("print.html")).unwrap().matches("data-base-url").count(), 2);
        assert_eq!(std::fs::read_to_string(dir.join("index.html")).unwrap(), "<p>no advisor</p>");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The bindings generator must be the exact version the web crate links, or bindgen refuses
    /// the WASM: bump `wasm-bindgen` (advisor/web) and `wasm-bindgen-cli-support` (xtask) together.
    #[test]
    fn wasm_bindgen_and_its_cli_support_are_the_same_version() {
        let lock = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock")).unwrap();
        let versions = |name: &str| -> Vec<String> {
            let header = format!("name = \"{name}\"\nversion = \"");
            lock.match_indices(&header).map(|(at, _)| lock[at + header.len()..].split('"').next().unwrap().to_string()).collect()
        };
        let library = versions("wasm-bindgen");
        let cli = versions("wasm-bindgen-cli-support");
        assert_eq!(cli.len(), 1, "one wasm-bindgen-cli-support in Cargo.lock");
        assert_eq!(library, cli, "wasm-bindgen and wasm-bindgen-cli-support differ in Cargo.lock");
    }

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, expected) in
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")]
        {
            assert_eq!(base64(input.as_bytes()), expected);
        }
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
    }

    #[test]
    fn loader_has_every_placeholder_filled() {
        let js = loader_js("abc123");
        assert!(!js.contains("__"), "a placeholder was left in the loader");
        for advisor in WASMS {
            for needle in [advisor.glue(), advisor.wasm(), advisor.embedded(), advisor.embedded_global(), advisor.mount.to_string()] {
                assert!(js.contains(&format!("'{needle}'")), "{needle}");
            }
        }
        assert!(js.contains("abc123"));
        // Strict CSP: nothing that evaluates strings as code.
        for banned in ["eval(", "new Function", "innerHTML", "document.write"] {
            assert!(!js.contains(banned), "{banned}");
        }
    }

    #[test]
    fn budget_counts_wasm_and_glue_together() {
        let budget = SizeBudget { raw: 250 * 1024, gzip: 90 * 1024 };
        let ok = Sizes { advisor: "upgrade advisor", wasm_raw: 200_000, wasm_gzip: 70_000, glue_raw: 30_000, glue_gzip: 8_000, budget };
        assert!(ok.check_budget().is_ok());
        assert!(Sizes { wasm_raw: 225_000, ..ok }.check_budget().is_ok(), "255 000 B is under 250 KiB");
        let raw = Sizes { wasm_raw: 227_000, ..ok };
        assert!(raw.check_budget().unwrap_err().contains("over its size budget"));
        let gzip = Sizes { wasm_gzip: 85_000, ..ok };
        assert!(gzip.check_budget().is_err());
        assert!(gzip_len(&[0u8; 10_000]).unwrap() < 200);
    }

    #[test]
    fn the_size_budget_comes_from_its_file() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let budget = SizeBudget::load(root).unwrap();
        assert!(budget.raw > budget.gzip && budget.gzip > 0, "the project's own budget file parses: {budget:?}");
        assert_eq!(SizeBudget::parse_for("raw_gate_kib = 1\ngzip_gate_kib = 2", "").unwrap(), SizeBudget { raw: 1024, gzip: 2048 });
        assert!(SizeBudget::parse_for("raw_gate_kib = 1", "").unwrap_err().contains("`gzip_gate_kib` is missing"));
        assert!(SizeBudget::parse_for("raw_gate_kib = \"250\"\ngzip_gate_kib = 90", "").unwrap_err().contains("positive whole number"));
        assert!(SizeBudget::parse_for("raw_gate_kib = [", "").unwrap_err().contains("not valid TOML"));
        let importer = SizeBudget::load_for(root, IMPORTER.budget_prefix()).unwrap();
        assert!(importer.raw > importer.gzip && importer.gzip > 0, "the importer has its own gate: {importer:?}");
        assert!(
            SizeBudget::parse_for("raw_gate_kib = 1\ngzip_gate_kib = 2", "importer_")
                .unwrap_err()
                .contains("`importer_raw_gate_kib` is missing")
        );
    }
}
