//! What the build reads of a step's Markdown: its code spans, for the copy buttons.

/// The commands, file names and snippets of a step (its code spans and code blocks), offered
/// with a copy button by the browser advisor: in order, consecutive repeats once.
pub fn code_spans(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut spans = Vec::new();
    let mut block: Option<String> = None;
    for event in pulldown_cmark::Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => block = Some(String::new()),
            Event::End(TagEnd::CodeBlock) => spans.extend(block.take().map(|b| b.trim_end().to_string())),
            Event::Text(text) if block.is_some() => block.as_mut().unwrap().push_str(&text),
            Event::Code(code) => spans.push(code.to_string()),
            _ => {}
        }
    }
    spans.dedup();
    spans
}

#[cfg(test)]
mod tests {
    use super::code_spans;

    #[test]
    fn code_spans_and_blocks_are_collected_in_order() {
        let detail = "Run `BTSTask.exe ListApps` then:\n\n```\nnet stop BTSSvc$BizTalkServerApplication\nnet start BTSSvc$BizTalkServerApplication\n```\n\nand `BTSTask.exe ListApps` again; edit `BTSNTSvc.exe.config`.";
        assert_eq!(
            code_spans(detail),
            [
                "BTSTask.exe ListApps",
                "net stop BTSSvc$BizTalkServerApplication\nnet start BTSSvc$BizTalkServerApplication",
                "BTSTask.exe ListApps",
                "BTSNTSvc.exe.config"
            ]
        );
        assert_eq!(code_spans("`a` `a` `b`"), ["a", "b"], "a span repeated at once is offered once");
        assert!(code_spans("No code here.").is_empty());
    }
}
