//! Text into HTML: the one escaper for the markup written as strings, here (step details, the
//! support timeline's SVG) and in the book's generated tables (`bts-book-tables`).

/// Appends `text` to `out` with `&`, `<` and `>` written as entities, as pulldown-cmark writes
/// text: for element content. Quotes stay as they are, so it is not for attribute values that
/// could hold one (none of ours can: ids and data labels).
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// `text` with `&`, `<` and `>` written as entities (see [`escape_into`]).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_text_and_quotes_stay() {
        assert_eq!(escape("a <b> & \"c\""), "a &lt;b&gt; &amp; \"c\"");
    }
}
