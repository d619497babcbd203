//! Google Lighthouse (npm, version pinned in tests/package.json) on the front door, the
//! compatibility page and both advisors: desktop preset, Debian's Chromium, one page at a time.
//! Accessibility and best practices must score 100 and performance at least 95; every score is
//! printed, and the JSON reports are saved in <target>/screenshots/lighthouse/.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::driver::CHROMIUM;
use crate::harness::{Ctx, Fail, Problems, R};
use crate::{hotfix, npm, upgrade};

/// The pages audited by Lighthouse and measured on the wire (see `transfer`).
pub const PAGES: [&str; 4] = ["index.html", "compatibility.html", upgrade::PAGE, hotfix::PAGE];

const CATEGORIES: [(&str, &str, f64); 4] = [
    ("performance", "performance", 95.0),
    ("accessibility", "accessibility", 100.0),
    ("best-practices", "best practices", 100.0),
    ("seo", "SEO", 0.0),
];

const CHROME_FLAGS: &str = "--headless=new --no-sandbox --disable-gpu --disable-background-networking";

fn node_version() -> R<String> {
    let out = Command::new("node").arg("--version").output().map_err(|e| Fail(format!("cannot run node for Lighthouse: {e}")))?;
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Runs Lighthouse on one URL and returns its JSON report, also written to `report`. A run that
/// Lighthouse itself could not record (a `runtimeError` such as NO_NAVSTART, for which it says
/// "Please run Lighthouse again") is run again, up to five times in all (it failed so about one run in six here); scores are never retried.
fn run(cli: &Path, url: &str, report: &Path) -> R<Value> {
    let mut attempt = 1;
    loop {
        match run_once(cli, url, report)? {
            Ok(json) => return Ok(json),
            Err(error) if attempt < 5 => {
                println!("  note: Lighthouse could not record {url} ({error}); running it again");
                attempt += 1;
            }
            Err(error) => return Err(Fail(format!("Lighthouse could not audit {url}, five times: {error}"))),
        }
    }
}

/// One Lighthouse run: the report, or Lighthouse's own runtime error.
fn run_once(cli: &Path, url: &str, report: &Path) -> R<Result<Value, String>> {
    let _ = std::fs::remove_file(report);
    let out = Command::new("node")
        .arg(cli)
        .arg(url)
        .args(["--quiet", "--preset=desktop", "--output=json", "--only-categories=performance,accessibility,best-practices,seo"])
        .arg(format!("--output-path={}", report.display()))
        .arg(format!("--chrome-flags={CHROME_FLAGS}"))
        .env("CHROME_PATH", CHROMIUM)
        .output()
        .map_err(|e| Fail(format!("cannot run Lighthouse ({}): {e}", cli.display())))?;
    let text = std::fs::read_to_string(report).map_err(|e| {
        Fail(format!(
            "Lighthouse wrote no report for {url} ({e}; exit {}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .rev()
                .take(15)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .join("\n")
        ))
    })?;
    let json: Value = serde_json::from_str(&text)?;
    Ok(match json["runtimeError"]["message"].as_str() {
        Some(error) => Err(error.to_string()),
        None => Ok(json),
    })
}

/// The audits that cost a category points: title, score and Lighthouse's value, worst first.
fn losses(report: &Value, category: &str) -> Vec<String> {
    let mut lost: Vec<(f64, String)> = Vec::new();
    for reference in report["categories"][category]["auditRefs"].as_array().into_iter().flatten() {
        if reference["weight"].as_f64().unwrap_or(0.0) <= 0.0 {
            continue;
        }
        let id = reference["id"].as_str().unwrap_or_default();
        let audit = &report["audits"][id];
        let Some(score) = audit["score"].as_f64() else { continue };
        if score >= 1.0 {
            continue;
        }
        let mut line = format!("{} ({id}, score {:.2}", audit["title"].as_str().unwrap_or(id), score);
        if let Some(value) = audit["displayValue"].as_str() {
            line.push_str(&format!(", {value}"));
        }
        line.push(')');
        let items: Vec<String> = audit["details"]["items"]
            .as_array()
            .into_iter()
            .flatten()
            .take(3)
            .map(|item| {
                let node = &item["node"];
                [
                    node["selector"].as_str(),
                    node["snippet"].as_str(),
                    item["url"].as_str(),
                    item["source"]["url"].as_str(),
                    item["description"].as_str(),
                ]
                .into_iter()
                .flatten()
                .next()
                .unwrap_or_default()
                .to_string()
            })
            .filter(|s| !s.is_empty())
            .collect();
        if !items.is_empty() {
            line.push_str(&format!(": {}", items.join(" | ")));
        }
        lost.push((reference["weight"].as_f64().unwrap_or(0.0) * (1.0 - score), line));
    }
    lost.sort_by(|a, b| b.0.total_cmp(&a.0));
    lost.into_iter().map(|(_, l)| l).collect()
}

fn metric(report: &Value, id: &str) -> String {
    report["audits"][id]["displayValue"].as_str().unwrap_or("?").replace('\u{a0}', " ")
}

pub async fn audit(ctx: &Ctx) -> R<()> {
    let cli = npm::ensure(&ctx.tools, "lighthouse")?.join("cli/index.js");
    if !cli.is_file() {
        return Err(Fail(format!("{} missing after installing Lighthouse", cli.display())));
    }
    let dir = ctx.screenshots.join("lighthouse");
    std::fs::create_dir_all(&dir)?;
    let mut problems = Problems::default();
    let mut rows = Vec::new();
    for page in PAGES {
        let url = ctx.url(page);
        let report_path = dir.join(format!("{}.json", page.trim_end_matches(".html").replace('/', "-")));
        let report = match run(&cli, &url, &report_path) {
            Ok(report) => report,
            Err(Fail(why)) => {
                problems.push(format!("{page}: {why}"));
                continue;
            }
        };
        let mut scores = Vec::new();
        for (id, name, floor) in CATEGORIES {
            let Some(score) = report["categories"][id]["score"].as_f64().map(|s| (s * 100.0).round()) else {
                problems.push(format!("{page}: Lighthouse gave no {name} score (see {})", report_path.display()));
                scores.push(format!("{name} -"));
                continue;
            };
            scores.push(format!("{name} {score:.0}"));
            if score < floor {
                let mut why = format!("{page}: Lighthouse {name} {score:.0}, under {floor:.0}; what costs points:");
                for loss in losses(&report, id) {
                    why.push_str(&format!("\n    {loss}"));
                }
                problems.push(why);
            }
        }
        let line = format!(
            "Lighthouse {page}: {} (FCP {}, LCP {}, TBT {}, CLS {}, Speed Index {})",
            scores.join(", "),
            metric(&report, "first-contentful-paint"),
            metric(&report, "largest-contentful-paint"),
            metric(&report, "total-blocking-time"),
            metric(&report, "cumulative-layout-shift"),
            metric(&report, "speed-index"),
        );
        println!("  {line}");
        rows.push(line);
    }
    for row in rows {
        ctx.notes.borrow_mut().push(row);
    }
    ctx.note(format!(
        "Lighthouse {} on node {}, {} (--preset=desktop); reports in {}",
        npm::pinned("lighthouse")?,
        node_version()?,
        CHROMIUM,
        dir.display()
    ));
    problems.into_result()
}
