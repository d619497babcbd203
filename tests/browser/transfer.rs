//! Bytes over the wire for a first visit to each audited page, from the Resource Timing API (the
//! navigation entry plus every resource entry): requests, bytes transferred (headers included),
//! encoded body bytes (as sent, compressed when the server compresses) and decoded body bytes.
//! Printed as a table, not judged: the encoded/decoded ratio shows what compression saves.

use std::time::Duration;

use serde_json::{Value, json};

use crate::harness::{Ctx, Problems, R};
use crate::lighthouse::PAGES;
use crate::pages::{ANSWER, HAS_ADVISOR};

const ENTRIES: &str = "const all = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
return all.map(e => ({ name: e.name, type: e.initiatorType || e.entryType, transfer: e.transferSize || 0,
                       encoded: e.encodedBodySize || 0, decoded: e.decodedBodySize || 0 }));";

#[derive(Default)]
struct Row {
    requests: usize,
    transfer: f64,
    encoded: f64,
    decoded: f64,
}

fn kib(bytes: f64) -> String {
    format!("{:.1} KiB", bytes / 1024.0)
}

pub async fn bytes_per_page(ctx: &Ctx) -> R<()> {
    // A fresh profile with the cache switched off: every page as a first-time visitor gets it.
    let browser = ctx.driver.browser(&[]).await?;
    let result = async {
        browser.cdp("Network.enable", json!({})).await?;
        browser.cdp("Network.setCacheDisabled", json!({"cacheDisabled": true})).await?;
        let mut problems = Problems::default();
        let mut rows: Vec<(String, Row)> = Vec::new();
        let mut files: Vec<Value> = Vec::new();
        for page in PAGES {
            browser.open(&ctx.url(page)).await?;
            if browser.js(HAS_ADVISOR, vec![]).await? == true {
                browser.wait_for("the advisor's answer", ANSWER, Duration::from_secs(15)).await?;
            }
            browser.wait_for("the page to finish loading", "return document.readyState === 'complete'", Duration::from_secs(15)).await?;
            tokio::time::sleep(Duration::from_millis(300)).await;
            let entries = browser.js(ENTRIES, vec![]).await?;
            let mut row = Row::default();
            for entry in entries.as_array().into_iter().flatten() {
                row.requests += 1;
                row.transfer += entry["transfer"].as_f64().unwrap_or(0.0);
                row.encoded += entry["encoded"].as_f64().unwrap_or(0.0);
                row.decoded += entry["decoded"].as_f64().unwrap_or(0.0);
            }
            files.push(json!({"page": page, "entries": entries}));
            problems.extend(ctx.judge(page, &browser.drain().await?));
            rows.push((page.to_string(), row));
        }
        let width = rows.iter().map(|(p, _)| p.len()).max().unwrap_or(4).max(4);
        let mut table = vec![format!(
            "{:<width$}  {:>8}  {:>12}  {:>12}  {:>12}  {:>7}",
            "page", "requests", "transferred", "encoded", "decoded", "enc/dec"
        )];
        let mut total = Row::default();
        for (page, row) in &rows {
            table.push(format!(
                "{page:<width$}  {:>8}  {:>12}  {:>12}  {:>12}  {:>6.0}%",
                row.requests,
                kib(row.transfer),
                kib(row.encoded),
                kib(row.decoded),
                100.0 * row.encoded / row.decoded.max(1.0)
            ));
            total.requests += row.requests;
            total.transfer += row.transfer;
            total.encoded += row.encoded;
            total.decoded += row.decoded;
        }
        table.push(format!(
            "{:<width$}  {:>8}  {:>12}  {:>12}  {:>12}  {:>6.0}%",
            "all four",
            total.requests,
            kib(total.transfer),
            kib(total.encoded),
            kib(total.decoded),
            100.0 * total.encoded / total.decoded.max(1.0)
        ));
        let compressed = if total.encoded < total.decoded * 0.9 {
            "the server compresses: encoded bodies are smaller than decoded"
        } else {
            "encoded = decoded: the server sent nothing compressed"
        };
        ctx.note(format!(
            "bytes over the wire, first visit with an empty cache (Resource Timing; transferred includes headers; {compressed}):\n    {}",
            table.join("\n    ")
        ));
        std::fs::write(ctx.screenshots.join("transfer.json"), serde_json::to_string_pretty(&Value::Array(files))?)?;
        problems.into_result()
    }
    .await;
    browser.close().await;
    result
}
