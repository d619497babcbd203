//! The Markdown of the rules' step details, as HTML: the small part of CommonMark those texts use
//! (paragraphs, ordered and bullet lists, fenced code, code spans, strong and emphasis, backslash
//! escapes), written out as pulldown-cmark does.
//!
//! The rules crate ships each step's detail as Markdown only (the text "copy as Markdown" needs),
//! so the page renders it here rather than carrying a second, HTML copy of every detail in the
//! WASM. A test renders every step of the rules data with pulldown-cmark and requires the same
//! HTML.

use crate::html::escape_into;

/// Renders a step detail. Anything outside the subset comes out as escaped text, never as markup.
///
/// No `format!`, no substring search, only non-panicking slicing (`str::get`): see SIZE.md.
pub fn to_html(markdown: &str) -> String {
    let lines: Vec<&str> = markdown.trim().lines().collect();
    let mut out = String::new();
    blocks(&lines, false, &mut out);
    out.truncate(out.trim_end().len());
    out
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn from(text: &str, at: usize) -> &str {
    text.get(at..).unwrap_or("")
}

fn is_fence(line: &str) -> bool {
    line.trim_start().starts_with("```")
}

fn blocks(lines: &[&str], tight: bool, out: &mut String) {
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim().is_empty() {
            i += 1;
        } else if is_fence(line) {
            let indent = indent_of(line);
            let language = from(line.trim_start(), 3).trim();
            let end = lines[i + 1..]
                .iter()
                .position(|l| is_fence(l))
                .map_or(lines.len(), |p| i + 1 + p);
            out.push_str("<pre><code");
            if !language.is_empty() {
                out.push_str(" class=\"language-");
                escape_into(out, language);
                out.push('"');
            }
            out.push('>');
            for code in lines.get(i + 1..end).unwrap_or(&[]) {
                escape_into(out, from(code, indent_of(code).min(indent)));
                out.push('\n');
            }
            out.push_str("</code></pre>\n");
            i = end + 1;
        } else if let Some((ordered, start, _)) = marker(line) {
            i = list(lines, i, ordered, start, out);
        } else {
            let end = lines[i..]
                .iter()
                .position(|l| l.trim().is_empty() || is_fence(l) || interrupts(l))
                .map_or(lines.len(), |p| i + p.max(1));
            if !tight {
                out.push_str("<p>");
            }
            let text: Vec<&str> = lines[i..end].iter().map(|l| l.trim()).collect();
            inline(&text.join("\n"), out);
            if !tight {
                out.push_str("</p>\n");
            }
            i = end;
        }
    }
}

/// A list marker at the start of a line: (ordered, start number, width of marker and indent).
fn marker(line: &str) -> Option<(bool, u32, usize)> {
    let indent = indent_of(line);
    let rest = from(line, indent);
    if indent > 3 {
        return None;
    }
    let content = |after: &str| line.len() - after.trim_start().len();
    if let Some(after) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("* ")) {
        return Some((false, 0, content(after)));
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = from(rest, digits).strip_prefix(". ")?;
    if !(1..=9).contains(&digits) {
        return None;
    }
    let start = rest
        .bytes()
        .take(digits)
        .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    Some((true, start, content(after)))
}

/// Lines that end a paragraph without a blank line: bullets, and ordered lists starting at 1.
fn interrupts(line: &str) -> bool {
    matches!(marker(line), Some((false, _, _)) | Some((true, 1, _)))
}

/// A list starting at line `at`; returns the line after it.
fn list(lines: &[&str], at: usize, ordered: bool, start: u32, out: &mut String) -> usize {
    // Each item: its lines with the marker's width removed.
    let mut items: Vec<Vec<&str>> = Vec::new();
    let mut loose = false;
    let mut i = at;
    let mut blank_before = false;
    while i < lines.len() {
        let line = lines[i];
        let indent = indent_of(line);
        match marker(line) {
            Some((o, _, width)) if o == ordered => {
                loose |= blank_before && !items.is_empty();
                items.push(vec![from(line, width)]);
                blank_before = false;
            }
            _ if line.trim().is_empty() => blank_before = true,
            found => {
                // After a blank line, or at another kind of list marker, only indented lines
                // stay in the item.
                if (blank_before || found.is_some()) && indent < 2 {
                    break;
                }
                let Some(item) = items.last_mut() else { break };
                if blank_before {
                    loose = true;
                    item.push("");
                }
                item.push(from(line, indent.min(3)));
                blank_before = false;
            }
        }
        i += 1;
    }
    match (ordered, start) {
        (true, 1) => out.push_str("<ol>\n"),
        (true, n) => {
            out.push_str("<ol start=\"");
            out.push_str(&n.to_string());
            out.push_str("\">\n");
        }
        (false, _) => out.push_str("<ul>\n"),
    }
    for item in &items {
        out.push_str(if loose { "<li>\n" } else { "<li>" });
        let mut inner = String::new();
        blocks(item, !loose, &mut inner);
        // In a tight item, a block after the text starts on its own line.
        if !loose
            && let Some(at) = inner
                .find('<')
                .filter(|at| *at > 0 && from(&inner, *at).starts_with("<pre>"))
        {
            inner.insert(at, '\n');
        }
        out.push_str(&inner);
        out.push_str("</li>\n");
    }
    out.push_str(if ordered { "</ol>\n" } else { "</ul>\n" });
    i
}

/// Where the run of exactly `ticks` backticks that closes a code span starts in `text`.
fn closing_ticks(text: &str, ticks: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let run = bytes[i..].iter().take_while(|b| **b == b'`').count();
        if run == ticks {
            return Some(i);
        }
        i += run.max(1);
    }
    None
}

/// Where `**` starts in `text`.
fn double_star(text: &str) -> Option<usize> {
    text.as_bytes().windows(2).position(|w| w == b"**")
}

/// Code spans, `**strong**`, `*emphasis*` and backslash escapes in a paragraph's text.
fn inline(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            let ticks = rest.len() - rest.trim_start_matches('`').len();
            let after = from(rest, ticks);
            if let Some(end) = closing_ticks(after, ticks) {
                let code = after.get(..end).unwrap_or("");
                let code = match code.strip_prefix(' ').and_then(|c| c.strip_suffix(' ')) {
                    Some(inner) if !inner.trim().is_empty() => inner,
                    _ => code,
                };
                out.push_str("<code>");
                escape_into(out, code);
                out.push_str("</code>");
                rest = from(after, end + ticks);
            } else {
                out.push_str(rest.get(..ticks).unwrap_or(""));
                rest = after;
            }
        } else if let Some(after) = rest.strip_prefix("**")
            && let Some(end) = double_star(after).filter(|e| *e > 0)
        {
            out.push_str("<strong>");
            inline(after.get(..end).unwrap_or(""), out);
            out.push_str("</strong>");
            rest = from(after, end + 2);
        } else if let Some(after) = rest
            .strip_prefix('*')
            .filter(|a| !a.starts_with([' ', '*']))
            && let Some(end) = after
                .find('*')
                .filter(|e| *e > 0 && !after.get(..*e).unwrap_or(" ").ends_with(' '))
        {
            out.push_str("<em>");
            inline(after.get(..end).unwrap_or(""), out);
            out.push_str("</em>");
            rest = from(after, end + 1);
        } else if let Some(after) = rest.strip_prefix('\\')
            && let Some(p) = after.chars().next().filter(char::is_ascii_punctuation)
        {
            let mut buf = [0u8; 4];
            escape_into(out, p.encode_utf8(&mut buf));
            rest = from(after, 1);
        } else {
            let mut buf = [0u8; 4];
            escape_into(out, c.encode_utf8(&mut buf));
            rest = from(rest, c.len_utf8());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_detail_renders_as_the_build_script_renders_it() {
        let mut wrong = Vec::new();
        let upgrade = bts_rules::data::UPGRADE_STEPS
            .iter()
            .map(|s| (s.id, s.detail));
        let hotfix = bts_rules::data::HOTFIX_STEPS
            .iter()
            .map(|s| (s.id, s.detail));
        for (id, markdown) in upgrade.chain(hotfix) {
            // As the rules crate's build script renders it.
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(markdown.trim()));
            let html = html.trim_end();
            let ours = to_html(markdown);
            if ours != html {
                wrong.push(format!("{id}:\n  pulldown: {html:?}\n  ours:     {ours:?}"));
            }
        }
        assert!(wrong.is_empty(), "{} of the step details render differently:\n{}", wrong.len(), wrong.join("\n"));
    }

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(to_html("a <b> & `<c>`"), "<p>a &lt;b&gt; &amp; <code>&lt;c&gt;</code></p>");
    }

    #[test]
    fn lists_and_code_blocks() {
        assert_eq!(to_html("1. one\n2. **two**\n   more"), "<ol>\n<li>one</li>\n<li><strong>two</strong>\nmore</li>\n</ol>");
        assert_eq!(to_html("```xml\n<a/>\n```"), "<pre><code class=\"language-xml\">&lt;a/&gt;\n</code></pre>");
    }
}
