//! Shared helpers of the workspace-level tests: reading the hand-transcribed source tables in
//! `tests/fixtures/`, which are the independent reference the rules data is held to.

use std::path::{Path, PathBuf};

/// A Markdown table: its header cells and its rows of cells, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The cell in the row whose first cell is `row` and the column whose header is `column`.
    pub fn cell(&self, row: &str, column: &str) -> Option<&str> {
        let c = self.header.iter().position(|h| h == column)?;
        self.rows.iter().find(|r| r[0] == row).map(|r| r[c].as_str())
    }
}

/// Every pipe table in a Markdown text, in order.
pub fn markdown_tables(text: &str) -> Vec<Table> {
    let split = |line: &str| -> Vec<String> { line.trim().trim_matches('|').split('|').map(|c| c.trim().to_string()).collect() };
    let mut tables = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i + 1 < lines.len() {
        let is_rule = |l: &str| l.trim().starts_with('|') && l.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '));
        if lines[i].trim().starts_with('|') && is_rule(lines[i + 1]) {
            let header = split(lines[i]);
            let mut rows = Vec::new();
            i += 2;
            while i < lines.len() && lines[i].trim().starts_with('|') {
                rows.push(split(lines[i]));
                i += 1;
            }
            tables.push(Table { header, rows });
        } else {
            i += 1;
        }
    }
    tables
}

/// The `tests/fixtures/` directory.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The tables of one fixture file.
pub fn fixture_tables(name: &str) -> Vec<Table> {
    let path = fixtures_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()));
    markdown_tables(&text)
}

/// The workspace root, where the commands in the docs are typed.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ sits in the workspace").to_path_buf()
}

/// A folder named by the environment variable `name` (such as `SITE_DIR=target/site`). Cargo runs
/// the tests from `tests/`, so a relative path is taken from the workspace root, where it was typed.
pub fn env_dir(name: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os(name)?);
    let dir = if dir.is_relative() { workspace_root().join(dir) } else { dir };
    Some(std::fs::canonicalize(&dir).unwrap_or(dir))
}
