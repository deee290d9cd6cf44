//! Escaping of everything that comes from the user (plan, phase, group, component
//! names, descriptions, sources) for each output: HTML and SVG text and attributes,
//! Markdown table cells, and spreadsheet cells that must not become formulas.

/// Text safe inside HTML/SVG/XML text and quoted attributes.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and newline are not allowed in XML.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Text safe in a GitHub-flavoured Markdown table cell: markup characters escaped,
/// newlines as `<br>`, HTML tags neutralized.
pub fn markdown_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            '\n' => out.push_str("<br>"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text in Markdown prose (a heading or a paragraph): as [`markdown_cell`], and a
/// line never starts a list, quote or heading.
pub fn markdown_text(text: &str) -> String {
    markdown_cell(text)
        .replace("<br>", " ")
        .trim_start_matches(['-', '+', '>', ' '])
        .to_owned()
}

/// Whether a spreadsheet would read `text` as a formula (or DDE command).
pub fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r', '|'])
}

/// A text cell a spreadsheet shows as text, never runs: a leading `'` before
/// anything that starts like a formula (OWASP's CSV-injection advice).
pub fn spreadsheet_text(text: &str) -> String {
    if looks_like_formula(text) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_quotes() {
        assert_eq!(
            xml(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(xml("naïve 日本\u{7}"), "naïve 日本\u{FFFD}");
    }

    #[test]
    fn markdown_cells_cannot_break_the_table() {
        assert_eq!(markdown_cell("a|b\nc"), "a\\|b<br>c");
        assert_eq!(markdown_cell("<img src=x>"), "&lt;img src=x&gt;");
        assert_eq!(markdown_text("# - title"), "\\# - title");
        assert_eq!(markdown_text("- item"), "item");
    }

    #[test]
    fn formulas_become_text() {
        assert_eq!(spreadsheet_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(
            spreadsheet_text("=cmd|' /C calc'!A0"),
            "'=cmd|' /C calc'!A0"
        );
        assert_eq!(spreadsheet_text("-1+2"), "'-1+2");
        assert_eq!(spreadsheet_text("plain"), "plain");
    }
}
