//! The Markdown of the rules' step details, as HTML: the small part of CommonMark those texts use
//! (paragraphs, ordered and bullet lists, fenced code, code spans, strong and emphasis, backslash
//! escapes), written out as pulldown-cmark does.
//!
//! Not used by the page yet. The rules crate compiles both `detail` (Markdown, which "copy as
//! Markdown" needs) and `detail_html` into the WASM: 39 KB of the 250 KB budget for the same text
//! twice. When the rules crate drops `detail_html`, `render::step_item` calls [`to_html`] instead
//! (this module costs about 12 KB of WASM). Until then, a test renders every step of the rules
//! data both ways and requires the same HTML, so the switch changes nothing on screen.

/// Renders a step detail. Anything outside the subset comes out as escaped text, never as markup.
pub fn to_html(markdown: &str) -> String {
    let lines: Vec<&str> = markdown.trim().lines().collect();
    let mut out = String::new();
    blocks(&lines, false, &mut out);
    out.truncate(out.trim_end().len());
    out
}

fn blocks(lines: &[&str], tight: bool, out: &mut String) {
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim().is_empty() {
            i += 1;
        } else if let Some(info) = line.trim_start().strip_prefix("```") {
            let indent = line.len() - line.trim_start().len();
            let end = lines[i + 1..].iter().position(|l| l.trim_start().starts_with("```")).map_or(lines.len(), |p| i + 1 + p);
            let language = info.trim();
            if language.is_empty() {
                out.push_str("<pre><code>");
            } else {
                out.push_str(&format!("<pre><code class=\"language-{}\">", escape(language).replace('"', "&quot;")));
            }
            for code in &lines[i + 1..end] {
                let strip = code.len() - code.trim_start().len();
                out.push_str(&escape(&code[strip.min(indent)..]));
                out.push('\n');
            }
            out.push_str("</code></pre>\n");
            i = end + 1;
        } else if let Some((ordered, start, _)) = marker(line) {
            i = list(lines, i, ordered, start, out);
        } else {
            let end = lines[i..]
                .iter()
                .position(|l| l.trim().is_empty() || l.trim_start().starts_with("```") || interrupts(l))
                .map_or(lines.len(), |p| i + p.max(1));
            let text: Vec<&str> = lines[i..end].iter().map(|l| l.trim()).collect();
            let html = inline(&text.join("\n"));
            if tight {
                out.push_str(&html);
            } else {
                out.push_str(&format!("<p>{html}</p>\n"));
            }
            i = end;
        }
    }
}

/// A list marker at the start of a line: (ordered, start number, width of marker and indent).
fn marker(line: &str) -> Option<(bool, u32, usize)> {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    if indent > 3 {
        return None;
    }
    if let Some(after) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("* ")) {
        return Some((false, 0, line.len() - after.trim_start().len()));
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) && rest[digits..].starts_with(". ") {
        let after = &rest[digits + 2..];
        return Some((true, rest[..digits].parse().ok()?, line.len() - after.trim_start().len()));
    }
    None
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
        match marker(line) {
            Some((o, _, width)) if o == ordered => {
                if blank_before && !items.is_empty() {
                    loose = true;
                }
                items.push(vec![&line[width..]]);
                blank_before = false;
            }
            _ if line.trim().is_empty() => blank_before = true,
            _ => {
                let indent = line.len() - line.trim_start().len();
                let item = items.last_mut().expect("a list starts with a marker");
                if blank_before {
                    // After a blank line, only indented lines stay in the item.
                    if indent < 2 {
                        break;
                    }
                    loose = true;
                    item.push("");
                } else if marker(line).is_some() && indent < 2 {
                    break;
                }
                item.push(&line[indent.min(3)..]);
                blank_before = false;
            }
        }
        i += 1;
    }
    match (ordered, start) {
        (true, 1) => out.push_str("<ol>\n"),
        (true, n) => out.push_str(&format!("<ol start=\"{n}\">\n")),
        (false, _) => out.push_str("<ul>\n"),
    }
    for item in &items {
        out.push_str("<li>");
        if loose {
            out.push('\n');
        }
        let mut inner = String::new();
        blocks(item, !loose, &mut inner);
        // In a tight item, a block after the text starts on its own line.
        if !loose && let Some(at) = inner.find("<pre>").filter(|at| *at > 0) {
            inner.insert(at, '\n');
        }
        out.push_str(&inner);
        out.push_str("</li>\n");
    }
    out.push_str(if ordered { "</ol>\n" } else { "</ul>\n" });
    i
}

/// Escapes text as pulldown-cmark does in element content (quotes stay as they are).
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Code spans, `**strong**`, `*emphasis*` and backslash escapes in a paragraph's text.
fn inline(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            let ticks = rest.len() - rest.trim_start_matches('`').len();
            let fence = &rest[..ticks];
            if let Some(end) = rest[ticks..].find(fence) {
                let code = rest[ticks..ticks + end].replace('\n', " ");
                let code = if code.starts_with(' ') && code.ends_with(' ') && code.trim() != "" { &code[1..code.len() - 1] } else { &code };
                out.push_str(&format!("<code>{}</code>", escape(code)));
                rest = &rest[ticks + end + ticks..];
                continue;
            }
            out.push_str(fence);
            rest = &rest[ticks..];
        } else if let Some(after) = rest.strip_prefix("**")
            && let Some(end) = after.find("**").filter(|e| *e > 0)
        {
            out.push_str(&format!("<strong>{}</strong>", inline(&after[..end])));
            rest = &after[end + 2..];
        } else if let Some(after) = rest.strip_prefix('*').filter(|a| !a.starts_with([' ', '*']))
            && let Some(end) = after.find('*').filter(|e| *e > 0 && !after[..*e].ends_with(' '))
        {
            out.push_str(&format!("<em>{}</em>", inline(&after[..end])));
            rest = &after[end + 1..];
        } else if let Some(after) = rest.strip_prefix('\\')
            && let Some(p) = after.chars().next().filter(char::is_ascii_punctuation)
        {
            out.push_str(&escape(&p.to_string()));
            rest = &after[1..];
        } else {
            out.push_str(&escape(&c.to_string()));
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_detail_renders_as_the_build_script_renders_it() {
        let mut wrong = Vec::new();
        let upgrade = bts_rules::data::UPGRADE_STEPS.iter().map(|s| (s.id, s.detail, s.detail_html));
        let hotfix = bts_rules::data::HOTFIX_STEPS.iter().map(|s| (s.id, s.detail, s.detail_html));
        for (id, markdown, html) in upgrade.chain(hotfix) {
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
