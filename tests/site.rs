//! Checks on the built site (site engineer). `cargo xtask test` builds the site and runs these with
//! `SITE_DIR` set to it; without `SITE_DIR` every test fails and says so.
//!
//! - every internal link, asset reference and #anchor of every page resolves;
//! - nothing is loaded from outside the site (HTML and CSS);
//! - the pages work under the strict CSP: no inline script, no on* handler, no javascript: URL;
//! - every `source` of the rules points at a real page and element id;
//! - the generated tables equal the rules and the hand-transcribed fixtures;
//! - the search index is a local file, the advisor's files and mount points are there, and the
//!   advisor pages carry the default profile's answer prerendered, with an inert form;
//! - the data API is valid against its schemas and holds what the fixtures and the contract say.
//!
//! Nothing here needs more than the repository: the prose check against the source documents
//! (`../shared`) is a step of `cargo xtask test` of its own, skipped aloud where they are absent.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use bts_rules::{DocumentedUpgrade, Edition, Support, UpdateKind, UpdateVersion, Version, data};
use percent_encoding::percent_decode_str;
use scraper::{ElementRef, Html, Selector};
use url::Url;

/// Elements and attributes that make the browser load something.
const LOADING: &[(&str, &str)] = &[
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("frame", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("input", "src"),
    ("image", "href"),
    ("use", "href"),
    ("form", "action"),
];

/// One URL found in a page.
#[derive(Debug, Clone)]
struct Reference {
    tag: String,
    attr: String,
    value: String,
}

/// One generated table: its `data-table` name and rows (row key, row header, cells, data-support).
#[derive(Debug, Clone)]
struct Table {
    name: String,
    rows: Vec<(String, String, Vec<String>, Vec<String>)>,
}

/// What the checks need from one HTML page (scraper's DOM is not Sync, so it is boiled down).
#[derive(Debug, Default)]
struct Page {
    ids: Vec<String>,
    base: Option<String>,
    refs: Vec<Reference>,
    /// Problems found while walking the DOM: inline scripts, handlers, javascript: URLs.
    csp: Vec<String>,
    styles: Vec<String>,
    tables: Vec<Table>,
    meta_refresh: Vec<String>,
}

struct Site {
    dir: PathBuf,
    /// Every file, as a `/`-separated path relative to the site.
    files: HashSet<String>,
    pages: BTreeMap<String, Page>,
}

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = site_tests::env_dir("SITE_DIR").unwrap_or_else(|| {
            panic!(
                "SITE_DIR is not set. These checks run on the built site: run `cargo xtask test`, or \
                 `cargo xtask build` and then `SITE_DIR=target/site cargo test -p site-tests --test site`"
            )
        });
        assert!(dir.join("index.html").is_file(), "SITE_DIR={} holds no built site (no index.html)", dir.display());
        let mut files = HashSet::new();
        walk(&dir, &dir, &mut files);
        let pages = files
            .iter()
            .filter(|f| f.ends_with(".html"))
            .map(|f| {
                let text = std::fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("cannot read {f}: {e}"));
                (f.clone(), parse_page(&text))
            })
            .collect();
        Site { dir, files, pages }
    })
}

fn walk(root: &Path, dir: &Path, out: &mut HashSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(root, &path, out);
        } else {
            let relative = path.strip_prefix(root).unwrap();
            out.insert(relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/"));
        }
    }
}

fn parse_page(text: &str) -> Page {
    let html = Html::parse_document(text);
    let mut page = Page::default();
    let all = Selector::parse("*").unwrap();
    for element in html.select(&all) {
        let tag = element.value().name().to_ascii_lowercase();
        for (name, value) in element.value().attrs() {
            let name = name.to_ascii_lowercase();
            if name == "id" || (tag == "a" && name == "name") {
                page.ids.push(value.to_string());
            }
            if name.starts_with("on") && name.len() > 2 {
                page.csp.push(format!("<{tag} {name}=...> (inline event handler)"));
            }
            if ["href", "src", "action", "formaction", "data"].contains(&name.as_str())
                && value.trim_start().to_ascii_lowercase().starts_with("javascript:")
            {
                page.csp.push(format!("<{tag} {name}=\"{value}\"> (javascript: URL)"));
            }
            if name == "style" {
                page.styles.push(value.to_string());
            }
            if tag == "a" && name == "href" || LOADING.contains(&(tag.as_str(), name.as_str())) {
                let values: Vec<&str> =
                    if name == "srcset" { value.split(',').filter_map(|c| c.split_whitespace().next()).collect() } else { vec![value] };
                for v in values {
                    page.refs.push(Reference { tag: tag.clone(), attr: name.clone(), value: v.to_string() });
                }
            }
        }
        match tag.as_str() {
            "script" => {
                let body: String = element.text().collect();
                let kind = element.value().attr("type").unwrap_or("").trim().to_ascii_lowercase();
                let data_block = kind == "application/json" || kind == "application/ld+json";
                if !body.trim().is_empty() && !data_block {
                    page.csp.push(format!("inline <script> with a body: {:.80}", body.trim()));
                }
            }
            "style" => page.styles.push(element.text().collect()),
            "base" => page.base = element.value().attr("href").map(String::from),
            "meta" if element.value().attr("http-equiv").is_some_and(|h| h.eq_ignore_ascii_case("refresh")) => {
                page.meta_refresh.push(element.value().attr("content").unwrap_or("").to_string());
            }
            "table" if element.value().attr("data-table").is_some() => page.tables.push(parse_table(element)),
            _ => {}
        }
    }
    page
}

fn parse_table(table: ElementRef) -> Table {
    let tr = Selector::parse("tbody tr").unwrap();
    let th = Selector::parse("th").unwrap();
    let td = Selector::parse("td").unwrap();
    let text = |e: ElementRef| e.text().collect::<String>().trim().to_string();
    Table {
        name: table.value().attr("data-table").unwrap().to_string(),
        rows: table
            .select(&tr)
            .map(|row| {
                (
                    row.value().attr("data-row").unwrap_or("").to_string(),
                    row.select(&th).next().map(text).unwrap_or_default(),
                    row.select(&td).map(text).collect(),
                    row.select(&td).map(|c| c.value().attr("data-support").unwrap_or("").to_string()).collect(),
                )
            })
            .collect(),
    }
}

/// Anything with a scheme or starting with `//`: not part of the site.
fn is_external(url: &str) -> bool {
    let url = url.trim();
    if url.starts_with("//") {
        return true;
    }
    match url.find(':') {
        Some(colon) => {
            let scheme = &url[..colon];
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) && !url[..colon].contains('/')
        }
        None => false,
    }
}

fn scheme(url: &str) -> String {
    url.trim().split(':').next().unwrap_or("").to_ascii_lowercase()
}

/// The site's root in the URLs [`resolve`] builds: under a path of its own, so that a link which
/// leaves the site (an absolute path, or `..` above the root) shows instead of being clamped.
const SITE_ROOT: &str = "http://site.invalid/site-root/";

/// Resolves an internal URL found in `from` (a site-relative file) to (site-relative file,
/// fragment), by the URL standard's rules (the `url` crate), %-escapes decoded. `base` is the
/// page's `<base href>`: mdBook's 404 page sets it to the URL path the site root is served at.
fn resolve(from: &str, base: Option<&str>, url: &str) -> Result<(String, String), String> {
    let root = Url::parse(SITE_ROOT).expect("SITE_ROOT is a URL");
    let page = root.join(from).map_err(|e| format!("the page {from} has no URL: {e}"))?;
    let page = match base {
        // A browser resolves even `#id` against the base; mdBook's heading anchors on the 404
        // page would then point at the front page. They are taken as meant: this page's ids.
        Some(b) if b.starts_with('/') && !url.starts_with('#') => root.clone(),
        _ => page,
    };
    let target = page.join(url).map_err(|e| format!("`{url}` is not a URL: {e}"))?;
    let Some(path) = target.path().strip_prefix(root.path()) else {
        return Err(format!("`{url}` leaves the site (the site must work under any path and from file://)"));
    };
    let decode = |text: &str| percent_decode_str(text).decode_utf8_lossy().into_owned();
    let mut file = path.split('/').map(decode).collect::<Vec<_>>().join("/");
    if file.is_empty() || file.ends_with('/') {
        file.push_str("index.html");
    }
    Ok((file, target.fragment().map(decode).unwrap_or_default()))
}

/// Every `url(...)` and `@import "..."` target in a stylesheet.
fn css_urls(css: &str) -> Vec<String> {
    let mut urls = Vec::new();
    let lower = css.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = lower[at..].find("url(") {
        let start = at + i + 4;
        let end = start + css[start..].find(')').unwrap_or(css.len() - start);
        urls.push(css[start..end].trim().trim_matches(['"', '\'']).to_string());
        at = end;
    }
    let mut at = 0;
    while let Some(i) = lower[at..].find("@import") {
        let rest = css[at + i + 7..].trim_start();
        if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'')
            && let Some(end) = rest[1..].find(quote)
        {
            urls.push(rest[1..1 + end].to_string());
        }
        at += i + 7;
    }
    urls
}

fn text_of(site: &Site, file: &str) -> String {
    std::fs::read_to_string(site.dir.join(file)).unwrap_or_else(|e| panic!("cannot read {file}: {e}"))
}

#[test]
fn the_site_has_the_books_pages() {
    let site = site();
    for page in [
        "index.html",
        "introduction.html",
        "planning.html",
        "compatibility.html",
        "upgrade/before.html",
        "upgrade/setup.html",
        "upgrade/after.html",
        "upgrade/to-2020.html",
        "upgrade/to-2016.html",
        "upgrade/differences.html",
        "known-issues.html",
        "hotfixes/index.html",
        "reference.html",
        "api.html",
        "cli.html",
        "advisor/upgrade.html",
        "advisor/hotfix.html",
        "hosting.html",
        "404.html",
        "print.html",
    ] {
        assert!(site.pages.contains_key(page), "the built site has no {page}");
    }
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let site = site();
    let ids: HashMap<&str, HashSet<&str>> =
        site.pages.iter().map(|(f, p)| (f.as_str(), p.ids.iter().map(String::as_str).collect())).collect();
    let mut broken = Vec::new();
    let mut checked = 0;
    for (file, page) in &site.pages {
        for r in &page.refs {
            let url = r.value.trim();
            if url.is_empty() {
                broken.push(format!("{file}: <{} {}=\"\">", r.tag, r.attr));
                continue;
            }
            if is_external(url) {
                continue; // Outgoing links are fine; loading from outside is checked below.
            }
            let (target, fragment) = match resolve(file, page.base.as_deref(), url) {
                Ok(resolved) => resolved,
                Err(why) => {
                    broken.push(format!("{file}: <{} {}>: {why}", r.tag, r.attr));
                    continue;
                }
            };
            checked += 1;
            let target = if site.files.contains(&target) || !site.files.contains(&format!("{target}/index.html")) {
                target
            } else {
                format!("{target}/index.html")
            };
            if !site.files.contains(&target) {
                broken.push(format!("{file}: <{} {}=\"{url}\"> -> {target} does not exist", r.tag, r.attr));
            } else if !fragment.is_empty() && target.ends_with(".html") && !ids[target.as_str()].contains(fragment.as_str()) {
                broken.push(format!("{file}: <{} {}=\"{url}\"> -> {target} has no id \"{fragment}\"", r.tag, r.attr));
            }
        }
    }
    assert!(checked > 100, "only {checked} internal references found: is the site complete?");
    assert!(broken.is_empty(), "{} broken internal references:\n{}", broken.len(), broken.join("\n"));
}

#[test]
fn stylesheets_reference_only_files_of_the_site() {
    let site = site();
    let mut problems = Vec::new();
    let mut stylesheets = 0;
    for file in site.files.iter().filter(|f| f.ends_with(".css")) {
        stylesheets += 1;
        for url in css_urls(&text_of(site, file)) {
            if url.starts_with("data:") || url.starts_with('#') {
                continue;
            }
            if is_external(&url) {
                problems.push(format!("{file}: loads {url} from outside the site"));
                continue;
            }
            match resolve(file, None, &url) {
                Ok((target, _)) if !site.files.contains(&target) => problems.push(format!("{file}: url({url}) -> {target} does not exist")),
                Ok(_) => {}
                Err(why) => problems.push(format!("{file}: url({url}): {why}")),
            }
        }
    }
    assert!(stylesheets >= 5, "only {stylesheets} stylesheets in the site");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn nothing_is_loaded_from_outside_the_site() {
    let site = site();
    let mut problems = Vec::new();
    for (file, page) in &site.pages {
        for r in page.refs.iter().filter(|r| r.tag != "a") {
            let url = r.value.trim();
            let allowed_data = scheme(url) == "data" && ["img", "source", "image", "use"].contains(&r.tag.as_str());
            if is_external(url) && !allowed_data {
                problems.push(format!("{file}: <{} {}=\"{url}\">", r.tag, r.attr));
            }
        }
        for style in &page.styles {
            for url in css_urls(style) {
                if is_external(&url) && scheme(&url) != "data" {
                    problems.push(format!("{file}: inline style loads {url}"));
                }
            }
        }
        for refresh in &page.meta_refresh {
            let target = refresh.split_once('=').map(|(_, u)| u.trim()).unwrap_or("");
            if is_external(target) {
                problems.push(format!("{file}: meta refresh to {target}"));
            }
        }
    }
    assert!(problems.is_empty(), "the site must load nothing from outside itself:\n{}", problems.join("\n"));
}

#[test]
fn pages_run_under_the_strict_csp() {
    let site = site();
    let problems: Vec<String> = site.pages.iter().flat_map(|(file, page)| page.csp.iter().map(move |p| format!("{file}: {p}"))).collect();
    assert!(problems.is_empty(), "script-src 'self' forbids inline scripts, on* handlers and javascript: URLs:\n{}", problems.join("\n"));
    // The theme override is in place: mdBook's inline code lives in these files.
    let index = &site.pages["index.html"];
    for name in ["theme/csp/head", "theme/csp/body", "theme/csp/aria"] {
        assert!(
            index.refs.iter().any(|r| r.tag == "script" && r.value.starts_with(name)),
            "index.html does not load {name}*.js: is book/theme/index.hbs in use?"
        );
    }
}

#[test]
fn ids_are_unique_on_every_page() {
    let site = site();
    let mut problems = Vec::new();
    for (file, page) in &site.pages {
        let mut seen = HashSet::new();
        for id in &page.ids {
            if !seen.insert(id) {
                problems.push(format!("{file}: id \"{id}\" appears more than once"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_rules_source_is_a_page_and_an_element_id() {
    let site = site();
    let mut count = 0;
    let mut problems = Vec::new();
    for source in bts_rules::all_sources() {
        count += 1;
        let Some((page, anchor)) = source.split_once('#') else {
            problems.push(format!("{source}: no #anchor"));
            continue;
        };
        match site.pages.get(page) {
            None => problems.push(format!("{source}: the site has no page {page}")),
            Some(p) if !p.ids.iter().any(|id| id == anchor) => problems.push(format!("{source}: {page} has no id \"{anchor}\"")),
            Some(_) => {}
        }
    }
    assert!(count > 20, "only {count} sources in the rules");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn tables_named<'a>(site: &'a Site, name: &'a str) -> impl Iterator<Item = (&'a String, &'a Table)> + 'a {
    site.pages.iter().flat_map(move |(f, p)| p.tables.iter().filter(move |t| t.name == name).map(move |t| (f, t)))
}

#[test]
fn compatibility_tables_match_the_rules_and_the_fixtures() {
    let site = site();
    let compatibility = &site.pages["compatibility.html"];
    for (fixture, to) in [("upgrade-to-2016.md", Version::Bts2016), ("upgrade-to-2020.md", Version::Bts2020)] {
        let upgrade = DocumentedUpgrade::to(to).unwrap();
        let expected = site_tests::fixture_tables(fixture);
        assert_eq!(expected.len(), 3, "{fixture}: OS, SQL Server and edition tables");
        for (kind, fixture_table) in ["os", "sql", "edition"].iter().zip(&expected) {
            let name = format!("{kind}-{}", to.id());
            assert!(compatibility.tables.iter().any(|t| t.name == name), "compatibility.html has no table {name}");
            // The same table wherever it appears (the chapter and print.html).
            for (file, table) in tables_named(site, &name) {
                let built: Vec<Vec<String>> =
                    table.rows.iter().map(|(_, label, cells, _)| std::iter::once(label.clone()).chain(cells.clone()).collect()).collect();
                assert_eq!(built, fixture_table.rows, "{file}: table {name} differs from tests/fixtures/{fixture}");
                // And cell for cell what the rules say, keyed by ids.
                let rules: Vec<(&str, &[Support])> = match *kind {
                    "os" => upgrade.os.iter().map(|(k, c)| (k.id(), *c)).collect(),
                    "sql" => upgrade.sql.iter().map(|(k, c)| (k.id(), *c)).collect(),
                    _ => upgrade.editions.iter().map(|(k, c)| (k.id(), *c)).collect(),
                };
                let built: Vec<(&str, Vec<&str>)> =
                    table.rows.iter().map(|(key, _, _, support)| (key.as_str(), support.iter().map(String::as_str).collect())).collect();
                let rules: Vec<(&str, Vec<&str>)> = rules.iter().map(|(k, c)| (*k, c.iter().map(|s| s.id()).collect())).collect();
                assert_eq!(built, rules, "{file}: table {name} differs from the rules");
                if *kind == "edition" {
                    assert!(table.rows.iter().all(|r| r.2.len() == Edition::ALL.len()));
                }
            }
        }
    }
}

#[test]
fn update_tables_list_the_catalogue_and_match_the_update_sheet() {
    let site = site();
    let updates = &site.pages["updates.html"];
    for version in data::UPDATE_CATALOGUE {
        let name = format!("updates-{}", version.version.id());
        let table = updates.tables.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("updates.html has no table {name}"));
        let keys: Vec<&str> = table.rows.iter().map(|r| r.0.as_str()).collect();
        let ids: Vec<&str> = version.updates.iter().map(|u| u.id).collect();
        assert_eq!(keys, ids, "{name}: one row per update of the catalogue, in order");
    }
    // KB and build as the hand transcription of the sheet has them; what it lacks is "not found".
    for row in &site_tests::fixture_tables("biztalk-updates.md")[0].rows {
        let version = UpdateVersion::of(*Version::ALL.iter().find(|v| v.label() == format!("BizTalk Server {}", row[0])).unwrap());
        let (level, pack) = (row[1].to_lowercase(), (row[2] != "-").then(|| row[2].to_lowercase()));
        let entry = version
            .updates
            .iter()
            .find(|u| u.kind != UpdateKind::Hotfix && u.level == Some(level.as_str()) && u.feature_pack == pack.as_deref())
            .unwrap_or_else(|| panic!("{row:?}: no catalogue entry"));
        let table = updates.tables.iter().find(|t| t.name == format!("updates-{}", version.version.id())).unwrap();
        let (_, _, cells, _) = table.rows.iter().find(|r| r.0 == entry.id).unwrap();
        for (column, fact) in [(0, &row[3]), (1, &row[4])] {
            let cell = &cells[column];
            let shown = match fact.as_str() {
                // A release has no KB article.
                "-" if column == 0 && level == "rtm" => cell == "n/a",
                "-" => cell == "not found",
                number => cell.starts_with(number),
            };
            assert!(shown, "{row:?}: cell {cell:?} for {fact:?}");
        }
    }
}

#[test]
fn lifecycle_table_matches_the_rules_and_the_fixture() {
    let site = site();
    let fixture = &site_tests::fixture_tables("lifecycle.md")[0];
    let mut found = 0;
    for (file, table) in tables_named(site, "lifecycle") {
        found += 1;
        let built: Vec<Vec<String>> = table
            .rows
            .iter()
            .map(|(_, label, cells, _)| std::iter::once(label.clone()).chain(cells.iter().take(3).cloned()).collect())
            .collect();
        assert_eq!(built, fixture.rows, "{file}: lifecycle table differs from tests/fixtures/lifecycle.md");
        for (lifecycle, row) in data::LIFECYCLES.iter().zip(&table.rows) {
            assert_eq!(row.0, lifecycle.version.id());
            assert!(row.2[3].contains("Microsoft lifecycle page"), "{file}: the source of {}", row.0);
        }
    }
    assert!(found > 0, "no page has the {{{{#advisor-table lifecycle}}}} table");
}

#[test]
fn search_works_offline_from_a_local_index() {
    let site = site();
    let mut pages_with_search = 0;
    for (file, page) in &site.pages {
        if file == "toc.html" {
            continue;
        }
        // The theme hands the index's file name to searcher.js through data-searchindex.
        let html = text_of(site, file);
        let Some(at) = html.find("data-searchindex=\"") else { continue };
        pages_with_search += 1;
        let value = &html[at + 18..];
        let url = &value[..value.find('"').unwrap()];
        assert!(!is_external(url), "{file}: search index from outside: {url}");
        let (target, _) = resolve(file, page.base.as_deref(), url).unwrap_or_else(|why| panic!("{file}: search index: {why}"));
        assert!(site.files.contains(&target), "{file}: search index {target} does not exist");
        for script in ["elasticlunr", "searcher", "mark"] {
            assert!(page.refs.iter().any(|r| r.tag == "script" && r.value.contains(script)), "{file}: no local {script} script");
        }
    }
    assert!(pages_with_search >= 15, "only {pages_with_search} pages offer search");
    let index_file = site.files.iter().find(|f| f.starts_with("searchindex") && f.ends_with(".js")).expect("a searchindex*.js");
    let index = text_of(site, index_file);
    for word in ["BizTalk", "compatibility.html", "upgrade/to-2020.html", "hotfixes/index.html"] {
        assert!(index.contains(word), "the search index does not mention {word}");
    }
}

/// Each advisor's own page and its mount point.
const ADVISOR_PAGES: [(&str, &str); 2] = [("advisor/upgrade.html", "bts-upgrade-advisor"), ("advisor/hotfix.html", "bts-hotfix-advisor")];

#[test]
fn advisor_pages_have_their_mount_points_and_the_loader() {
    let site = site();
    for (page, mount) in ADVISOR_PAGES {
        let p = &site.pages[page];
        assert!(p.ids.iter().any(|id| id == mount), "{page} has no #{mount}");
        assert!(
            p.refs.iter().any(|r| r.tag == "script" && r.value == "../advisor-app/advisor-loader.js"),
            "{page} does not load ../advisor-app/advisor-loader.js"
        );
    }
    assert!(site.files.contains(&"advisor-app/advisor-loader.js".to_string()), "advisor-app/advisor-loader.js is missing");
    // The loader's early run (compiling the WASM while a shared link's page is parsed): on each
    // advisor's own page, before its content, naming that page's mount point; on no other page.
    for (file, _) in &site.pages {
        let html = text_of(&site, file);
        let early: Vec<&str> = html.match_indices("data-compile-early=\"").map(|(at, _)| &html[at..]).collect();
        match ADVISOR_PAGES.iter().find(|(page, _)| *page == file.as_str()) {
            Some((_, mount)) => {
                assert_eq!(early.len(), 1, "{file}: the loader's early run should be there once");
                let named = format!("data-compile-early=\"{mount}\"");
                assert!(early[0].starts_with(&named), "{file}: the early run names another mount point than #{mount}");
                let (run, content) = (html.find(&named).unwrap(), html.find(&format!("id=\"{mount}\"")).unwrap());
                assert!(run < content, "{file}: the early run comes after the advisor, too late to help");
            }
            None => assert!(early.is_empty(), "{file}: has the loader's early run, but no advisor of its own"),
        }
    }
    // Each advisor is its own WASM, with its glue and its file:// copy.
    for stem in ["bts_upgrade_advisor", "bts_hotfix_planner"] {
        for file in [format!("{stem}.js"), format!("{stem}_bg.wasm"), format!("{stem}_bg.wasm.js")] {
            assert!(site.files.contains(&format!("advisor-app/{file}")), "advisor-app/{file} is missing");
        }
        let wasm = std::fs::read(site.dir.join(format!("advisor-app/{stem}_bg.wasm"))).unwrap();
        assert_eq!(&wasm[..4], b"\0asm", "{stem}_bg.wasm is not WebAssembly");
        // The file:// variant carries the same bytes, base64-encoded.
        let embedded = text_of(site, &format!("advisor-app/{stem}_bg.wasm.js"));
        let start = embedded.find("= \"").expect("an assignment of the base64 string") + 3;
        let base64 = &embedded[start..start + embedded[start..].find('"').unwrap()];
        assert!(base64.starts_with("AGFzbQ"), "{stem}: the embedded WASM does not start with the WebAssembly magic");
        assert_eq!(base64.len(), wasm.len().div_ceil(3) * 4, "{stem}: the embedded WASM is not the .wasm beside it");
        let glue = text_of(site, &format!("advisor-app/{stem}.js"));
        assert!(glue.contains(stem), "{stem}.js does not define its no-modules global {stem}");
        for banned in ["eval(", "new Function("] {
            assert!(!glue.contains(banned), "{stem}.js uses {banned}, which the CSP forbids");
        }
    }
}

#[test]
fn advisor_pages_carry_their_first_answer_prerendered_with_an_inert_form() {
    use bts_rules::{HotfixProfile, UpgradeProfile, evaluate_hotfix, evaluate_upgrade};
    let site = site();
    let upgrade = evaluate_upgrade(&UpgradeProfile::default(), bts_rules::Date::today_utc());
    // The planner opens on a BizTalk Server 2020 group going to the newest update.
    let hotfix = evaluate_hotfix(&HotfixProfile { version: Some(bts_rules::Version::Bts2020), ..HotfixProfile::default() });
    // The checklist as the page shows it: the general notes gathered first (issue 18).
    let pages = [
        (
            "advisor/upgrade.html",
            "bts-upgrade-advisor",
            "#upgrade-verdict",
            "data-verdict",
            upgrade.verdict.id(),
            bts_rules::general_notes_first(upgrade.checklist()),
        ),
        (
            "advisor/hotfix.html",
            "bts-hotfix-advisor",
            "#hotfix-package",
            "data-package",
            hotfix.package.id(),
            bts_rules::general_notes_first(hotfix.checklist()),
        ),
    ];
    let select = |css: &str| Selector::parse(css).unwrap();
    for (page, mount, answer, attr, want, sections) in pages {
        let html = Html::parse_document(&text_of(site, page));
        let mount = html.select(&select(&format!("#{mount}"))).next().unwrap_or_else(|| panic!("{page} has no #{mount}"));
        let shown = mount
            .select(&select(answer))
            .next()
            .unwrap_or_else(|| panic!("{page}: no prerendered {answer} in #{}", mount.value().id().unwrap()));
        assert_eq!(shown.value().attr(attr), Some(want), "{page}: the prerendered {answer} is not the default profile's answer");
        let steps: Vec<&str> = mount.select(&select("li.step[data-step-id]")).filter_map(|li| li.value().attr("data-step-id")).collect();
        let wanted: Vec<&str> = sections.iter().flat_map(|s| s.steps.iter().map(|step| &*step.id)).collect();
        assert_eq!(steps, wanted, "{page}: the prerendered checklist is not the default profile's");
        let forms: Vec<ElementRef> = mount.select(&select("form")).collect();
        assert!(!forms.is_empty(), "{page}: no prerendered form");
        for form in forms {
            assert!(
                form.value().attr("inert").is_some(),
                "{page}: the prerendered form is not inert (it would look usable before the app runs)"
            );
        }
        // The note for browsers without JavaScript, with the links to the static guidance, is
        // in the HTML before any script runs.
        let note = mount.select(&select(".bts-fallback")).next().unwrap_or_else(|| panic!("{page}: no .bts-fallback note"));
        let text = note.text().collect::<String>();
        assert!(
            text.contains("JavaScript and WebAssembly"),
            "{page}: the note does not say the form needs JavaScript and WebAssembly: {text}"
        );
        assert!(note.select(&select("a[href]")).count() >= 3, "{page}: the note links to too little static guidance");
    }
}

#[test]
fn helpers_resolve_urls_the_way_browsers_do() {
    let ok = |from: &str, base: Option<&str>, url: &str| resolve(from, base, url).unwrap();
    assert_eq!(ok("upgrade/before.html", None, "../compatibility.html#x"), ("compatibility.html".into(), "x".into()));
    assert_eq!(ok("upgrade/before.html", None, "#dtc"), ("upgrade/before.html".into(), "dtc".into()));
    assert_eq!(ok("upgrade/before.html", None, "after.html?q=1"), ("upgrade/after.html".into(), String::new()));
    assert_eq!(ok("404.html", Some("/"), "upgrade/after.html"), ("upgrade/after.html".into(), String::new()));
    assert_eq!(ok("404.html", Some("/biztalk/"), "css/x.css"), ("css/x.css".into(), String::new()));
    assert_eq!(ok("a/b.html", None, "./"), ("a/index.html".into(), String::new()));
    assert_eq!(ok("a.html", None, "x%20y.html#a%20b"), ("x y.html".into(), "a b".into()));
    assert_eq!(ok("a.html", None, "caf%C3%A9.html#%C3%A9t%C3%A9"), ("café.html".into(), "été".into()));
    for leaving in ["../a.html", "/a.html", "a/../../b.html"] {
        assert!(resolve("a.html", None, leaving).unwrap_err().contains("leaves the site"), "{leaving}");
    }
    for external in ["https://x", "http://x", "//cdn.example/x.js", "mailto:a@b", "data:image/png;base64,AA"] {
        assert!(is_external(external), "{external}");
    }
    for internal in ["a.html", "../a.html#b:c", "#x", "a/b:c.html"] {
        assert!(!is_external(internal), "{internal}");
    }
    assert_eq!(
        css_urls("a{background:url( \"x.png\" )} @import 'https://e/x.css'; b{src:url(f/o.woff2)}"),
        ["x.png", "f/o.woff2", "https://e/x.css"]
    );
}

// ---------------------------------------------------------------------------------------------
// The data API (api/*.json): equal to what the rules say, and valid against its schemas.
// ---------------------------------------------------------------------------------------------

fn api_json(file: &str) -> serde_json::Value {
    let site = site();
    let path = site.dir.join("api").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("the data API has no {file} ({}): {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("api/{file} is not JSON: {e}"))
}

/// Every way `value` breaks `schema` (JSON Schema 2020-12 with formats such as `date` checked),
/// one line each, where in the document it is and what is wrong.
fn schema_problems(value: &serde_json::Value, schema: &serde_json::Value, document: &str) -> Vec<String> {
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .unwrap_or_else(|e| panic!("the schema of {document} is not a valid JSON Schema: {e}"));
    validator.iter_errors(value).map(|e| format!("{document}{}: {e}", e.instance_path())).collect()
}

#[test]
fn the_data_api_lists_every_file_and_each_is_valid_against_its_schema() {
    let index = api_json("index.json");
    let mut problems = schema_problems(&index, &api_json("index.schema.json"), "index.json");
    let files = index["files"].as_array().expect("index.json lists its files");
    let listed: Vec<&str> = files.iter().filter_map(|f| f["path"].as_str()).collect();
    for required in ["lifecycle.json", "compatibility.json", "vocabulary.json", "requirements.json", "updates.json"] {
        assert!(listed.contains(&required), "api/index.json does not list {required}: {listed:?}");
    }
    for file in files {
        let (path, schema) = (file["path"].as_str().unwrap(), file["schema"].as_str().unwrap());
        let schema = api_json(schema);
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema", "{path}'s schema");
        problems.extend(schema_problems(&api_json(path), &schema, path));
    }
    assert!(problems.is_empty(), "the data API does not match its schemas:\n{}", problems.join("\n"));
    // The schemas are strict enough to catch a wrong document: a bad date, a wrong type and an
    // unknown field.
    let broken = serde_json::json!([{"cycle": "2016", "label": "x", "releaseDate": "2016-13-01", "support": "2022-01-11", "eol": 5, "link": "https://learn.microsoft.com/lifecycle/products/biztalk-server-2016", "latest": "cu9", "latestReleaseDate": null, "extra": 1}]);
    let caught = schema_problems(&broken, &api_json("lifecycle.schema.json"), "broken");
    assert_eq!(caught.len(), 3, "bad date, wrong type and unknown field: {caught:?}");
}

/// The snapshots of API files, checked in: what the API looked like when someone last read it.
const SNAPSHOTS: &str = "tests/snapshots/api";

#[test]
fn the_lifecycle_api_keeps_endoflife_date_field_names_and_the_published_dates() {
    // Against the snapshot, byte for byte: field names, order, links and formatting.
    let built_path = site().dir.join("api/lifecycle.json");
    let built = std::fs::read_to_string(&built_path).expect("the data API has lifecycle.json");
    let snapshot_path = site_tests::workspace_root().join(SNAPSHOTS).join("lifecycle.json");
    let snapshot = std::fs::read_to_string(&snapshot_path).unwrap_or_else(|e| panic!("cannot read {}: {e}", snapshot_path.display()));
    assert!(
        built == snapshot,
        "api/lifecycle.json differs from its snapshot {SNAPSHOTS}/lifecycle.json. Scripts read this file: if the change \
         is meant, look at it (`diff {SNAPSHOTS}/lifecycle.json {built}`) and take it (`cp {built} {SNAPSHOTS}/`) in the \
         commit that makes it.",
        built = built_path.display()
    );
    // And against Microsoft's dates, transcribed by hand in tests/fixtures/lifecycle.md.
    let cycles = api_json("lifecycle.json");
    let cycles = cycles.as_array().expect("lifecycle.json is an array");
    let fixture = &site_tests::fixture_tables("lifecycle.md")[0];
    let published: Vec<Vec<String>> = cycles
        .iter()
        .map(|c| ["label", "releaseDate", "support", "eol"].iter().map(|f| c[*f].as_str().unwrap_or("(missing)").to_string()).collect())
        .collect();
    assert_eq!(published, fixture.rows, "api/lifecycle.json: the label, start, mainstream end and extended end of each version");
    for cycle in cycles {
        let keys: Vec<&str> = cycle.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["cycle", "eol", "label", "latest", "latestReleaseDate", "link", "releaseDate", "support"],
            "endoflife.date's field names, and ours"
        );
        assert!(cycle["link"].as_str().unwrap_or("").starts_with("https://learn.microsoft.com/lifecycle/products/biztalk-server-20"));
    }
}

/// A version's id from its label ("BizTalk Server 2013 R2" is "2013r2"): the vocabulary, not
/// what is under test.
fn version_id(label: &str) -> &'static str {
    Version::ALL.iter().find(|v| v.label() == label).map(|v| v.id()).unwrap_or_else(|| panic!("no version labelled {label:?}"))
}

/// A version's label from its id in an API file.
fn version_label(id: &serde_json::Value) -> &'static str {
    Version::ALL.iter().find(|v| *id == v.id()).map(|v| v.label()).unwrap_or_else(|| panic!("no version with the id {id}"))
}

/// API table rows (`{id, label, support: {column: "yes" | "no" | ...}}`) as the fixtures write
/// them: the label, then "Yes" or "No" per column.
fn as_fixture_rows(rows: &serde_json::Value, columns: &[&str]) -> Vec<Vec<String>> {
    let word = |cell: &serde_json::Value| match cell.as_str() {
        Some("yes") => "Yes".to_string(),
        Some("no") => "No".to_string(),
        other => format!("{other:?}"),
    };
    let rows = rows.as_array().expect("a table is an array of rows");
    rows.iter()
        .map(|row| {
            std::iter::once(row["label"].as_str().unwrap_or("(no label)").to_string())
                .chain(columns.iter().map(|c| word(&row["support"][c])))
                .collect()
        })
        .collect()
}

#[test]
fn the_compatibility_api_holds_the_source_tables_cell_for_cell() {
    let built = api_json("compatibility.json");
    let entries = built.as_array().expect("compatibility.json is an array");
    let targets: Vec<&str> = entries.iter().map(|e| e["to"].as_str().unwrap_or("(none)")).collect();
    assert_eq!(targets, ["2016", "2020"], "one entry per upgrade the sources document");
    for (entry, fixture) in entries.iter().zip(["upgrade-to-2016.md", "upgrade-to-2020.md"]) {
        let to = entry["to"].as_str().unwrap();
        let tables = site_tests::fixture_tables(fixture);
        let [os, sql, editions] = &tables[..] else { panic!("{fixture}: the OS, SQL Server and edition tables") };
        let from: Vec<&str> = os.header[1..].iter().map(|label| version_id(label)).collect();
        assert_eq!(entry["from"], serde_json::json!(from), "to {to}: the versions upgraded from (tests/fixtures/{fixture})");
        assert_eq!(entry["source"].as_str().map(|s| s.starts_with("compatibility.html#")), Some(true), "to {to}: the book section");
        assert_eq!(as_fixture_rows(&entry["os"], &from), os.rows, "to {to}: operating systems (tests/fixtures/{fixture})");
        assert_eq!(as_fixture_rows(&entry["sql"], &from), sql.rows, "to {to}: SQL Server (tests/fixtures/{fixture})");
        // Edition columns are headed "BizTalk Server 2020 Standard Edition": by the row labels.
        let edition_rows = entry["editions"].as_array().expect("an editions table");
        let targets: Vec<&str> = editions.header[1..]
            .iter()
            .map(|column| {
                let label = column.strip_suffix(" Edition").and_then(|c| c.rsplit(' ').next()).unwrap_or(column);
                let row =
                    edition_rows.iter().find(|r| r["label"] == label).unwrap_or_else(|| panic!("to {to}: no edition labelled {label}"));
                row["id"].as_str().unwrap()
            })
            .collect();
        assert_eq!(as_fixture_rows(&entry["editions"], &targets), editions.rows, "to {to}: editions (tests/fixtures/{fixture})");
    }
}

/// Every value the advisor contract fixes, by list of vocabulary.json (JSON pointer), written by
/// hand from the contract: values may be added, none removed.
const CONTRACT_VALUES: &[(&str, &[&str])] = &[
    ("/upgrade/from", &["2013", "2013r2", "2016"]),
    ("/upgrade/to", &["2016", "2020"]),
    ("/upgrade/edition", &["evaluation", "branch", "developer", "standard", "enterprise"]),
    ("/upgrade/to_edition", &["evaluation", "branch", "developer", "standard", "enterprise"]),
    (
        "/upgrade/os",
        &[
            "windows-server-2022",
            "windows-server-2019",
            "windows-server-2016",
            "windows-server-2012-r2",
            "windows-server-2012",
            "windows-11",
            "windows-10",
            "windows-8.1",
            "windows-8",
            "windows-7-sp1",
        ],
    ),
    (
        "/upgrade/sql",
        &[
            "sql-server-2022",
            "sql-server-2019",
            "sql-server-2017",
            "sql-server-2016",
            "sql-server-2014",
            "sql-server-2012-sp1",
            "sql-server-2012",
            "sql-server-2008-r2-sp1",
        ],
    ),
    (
        "/upgrade/features",
        &[
            "multi-server",
            "cluster",
            "sso-standalone",
            "x64",
            "sql-upgrade",
            "bam",
            "bam-alerts",
            "bam-rta",
            "bam-large-db",
            "bam-tpe",
            "bam-livedata",
            "bam-portal",
            "bam-scheduled-dts",
            "edi",
            "sql-adapter",
            "tibco-ems",
            "sftp",
            "mqseries-remote-agent",
            "msmq",
            "sharepoint",
            "soap",
            "o365-adapters",
            "rest-api",
            "hl7",
            "swift",
            "custom-bindings",
            "custom-config",
            "bre-custom-exe",
            "dev-tools",
            "older-vs-or-net45",
        ],
    ),
    ("/hotfix/downloads", &["x86-only", "x86-and-x64"]),
    ("/hotfix/arch", &["x86", "x64"]),
    ("/verdicts", &["supported", "prerequisites", "blocked"]),
    ("/upgrade_phases", &["plan", "before", "prepare", "upgrade", "post", "known-issue"]),
    ("/hotfix_phases", &["before", "install", "after", "rollback"]),
];

#[test]
fn the_vocabulary_api_offers_every_value_the_contract_fixes() {
    let vocabulary = api_json("vocabulary.json");
    let mut problems = Vec::new();
    for (list, values) in CONTRACT_VALUES {
        let Some(entries) = vocabulary.pointer(list).and_then(|l| l.as_array()) else {
            problems.push(format!("vocabulary.json has no list {list}"));
            continue;
        };
        let ids: Vec<&str> = entries.iter().filter_map(|e| e["id"].as_str()).collect();
        problems.extend(values.iter().filter(|v| !ids.contains(v)).map(|v| format!("{list}: the contract's `{v}` is missing")));
        let unique: HashSet<&str> = ids.iter().copied().collect();
        if unique.len() != ids.len() {
            problems.push(format!("{list}: an id appears twice: {ids:?}"));
        }
        if let Some(bare) = entries.iter().find(|e| e["label"].as_str().is_none_or(|l| l.trim().is_empty())) {
            problems.push(format!("{list}: {bare} has no label"));
        }
    }
    // `sql_target` takes the values of `sql`.
    assert_eq!(vocabulary.pointer("/upgrade/sql_target"), vocabulary.pointer("/upgrade/sql"), "sql_target and sql");
    assert!(problems.is_empty(), "api/vocabulary.json against the advisor contract:\n{}", problems.join("\n"));
}

/// "Windows Server 2022 (CU6)": an API platform entry as tests/fixtures/target-platforms.md
/// writes it ("BizTalk Server 2020 CU6 or later" is "CU6", "SP3 or later" is "SP3").
fn as_fixture_platform(entry: &serde_json::Value) -> String {
    let label = entry["label"].as_str().unwrap_or("(no label)");
    match entry["needs"].as_str() {
        None => label.to_string(),
        Some(needs) if needs.contains("CU6") => format!("{label} (CU6)"),
        Some(needs) => format!("{label} ({})", needs.trim_end_matches(" or later")),
    }
}

#[test]
fn the_requirements_api_holds_the_requirements_pages() {
    let built = api_json("requirements.json");
    let targets = built.as_array().expect("requirements.json is an array");
    let tables = site_tests::fixture_tables("target-platforms.md");
    let (platforms, software) = (&tables[0], &tables[1]);
    let listed = |entry: &serde_json::Value, field: &str| -> String {
        entry[field].as_array().map(|items| items.iter().map(as_fixture_platform).collect::<Vec<_>>().join("; ")).unwrap_or_default()
    };
    let rows: Vec<Vec<String>> = targets
        .iter()
        .map(|t| {
            vec![
                Version::ALL.iter().find(|v| t["version"] == v.id()).map_or("?", |v| v.label()).to_string(),
                listed(t, "os"),
                listed(t, "sql"),
            ]
        })
        .collect();
    assert_eq!(rows, platforms.rows, "api/requirements.json: Windows and SQL Server per version (tests/fixtures/target-platforms.md)");
    for row in &software.rows {
        let target = targets.iter().find(|t| t["version"] == version_id(&row[0])).unwrap();
        let item = target["software"]
            .as_array()
            .and_then(|s| s.iter().find(|s| s["name"] == row[1].as_str()))
            .unwrap_or_else(|| panic!("api/requirements.json: {} has no {}", row[0], row[1]));
        let versions = item["versions"].to_string();
        for version in row[2].split("; ") {
            assert!(versions.contains(version), "api/requirements.json: {} {} ({versions}) does not name {version}", row[0], row[1]);
        }
    }
    let winscp = &site_tests::fixture_tables("winscp.md")[0];
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("(missing)").to_string();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for target in targets {
        for w in target["winscp"].as_array().into_iter().flatten() {
            rows.push(vec![version_label(&target["version"]).to_string(), text(&w["updates"]), text(&w["winscp"])]);
        }
    }
    assert_eq!(rows, winscp.rows, "api/requirements.json: WinSCP per cumulative update (tests/fixtures/winscp.md)");
}

/// The read-only collector ships with the site, byte for byte as the collector crate (whose tests
/// check it) holds it, and the collector page and both advisors link the script for download.
#[test]
fn the_collector_ships_with_the_site_and_is_linked_for_download() {
    let site = site();
    let contents = [bts_collector::SCRIPT, bts_collector::SQL, bts_collector::SCHEMA];
    for (name, text) in bts_collector::FILE_NAMES.iter().zip(contents) {
        let path = site.dir.join("collector").join(name);
        let shipped = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("the site has no collector/{name}: {e}"));
        assert!(shipped == text, "collector/{name} in the site differs from collector/{name} in the repository");
    }
    for (page, href) in [
        ("collect.html", "collector/bts-collect.ps1"),
        ("advisor/upgrade.html", "../collector/bts-collect.ps1"),
        ("advisor/hotfix.html", "../collector/bts-collect.ps1"),
    ] {
        let html = Html::parse_document(&text_of(site, page));
        let selector = Selector::parse("a[download]").unwrap();
        let links: Vec<&str> = html.select(&selector).filter_map(|a| a.value().attr("href")).collect();
        assert!(links.contains(&href), "{page} has no download link to {href} (download links: {links:?})");
    }
}

/// A BizTalk Server 2020 group has nothing to upgrade to: the front page and the upgrade
/// advisor's page send it to the update planner (issue 16).
#[test]
fn a_2020_group_is_led_to_the_update_planner() {
    let site = site();
    for (page, href) in
        [("index.html", "advisor/hotfix.html"), ("introduction.html", "advisor/hotfix.html"), ("advisor/upgrade.html", "hotfix.html")]
    {
        let html = Html::parse_document(&text_of(site, page));
        let link = html
            .select(&Selector::parse("main a[href]").unwrap())
            .find(|a| {
                a.text().collect::<String>().contains("Plan your next cumulative update")
                    || a.text().collect::<String>().contains("plan your next cumulative update")
            })
            .unwrap_or_else(|| panic!("{page} has no link \"plan your next cumulative update\""));
        assert_eq!(link.value().attr("href"), Some(href), "{page}: the link to the planner");
        let around = link.parent().and_then(ElementRef::wrap).map(|p| p.text().collect::<String>()).unwrap_or_default();
        assert!(around.contains("Already on BizTalk Server 2020?"), "{page}: the link does not say who it is for: {around}");
    }
}
