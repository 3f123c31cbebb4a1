//! HTML to the text a reader sees: chrome (scripts, navigation, site header/footer, forms)
//! dropped, block elements on their own lines, whitespace collapsed. html5ever decodes entities
//! and repairs broken markup the way browsers do.

use scraper::{Html, Node, Selector};

/// Elements whose content is never part of a post.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "form", "svg", "math", "iframe", "object", "embed", "canvas", "button", "select",
    "textarea", "head", "dialog",
];

/// Block elements that separate paragraphs (a blank line around them).
const PARAGRAPHS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "article",
    "section",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
    "dl",
    "figure",
    "main",
    "aside",
    "details",
    "address",
    "fieldset",
    "hgroup",
];

/// Block elements that only start a new line.
const LINES: &[&str] = &[
    "div",
    "li",
    "dt",
    "dd",
    "tr",
    "caption",
    "figcaption",
    "summary",
    "legend",
    "center",
    "body",
    "html",
    "header",
    "footer",
    "menu",
    "dir",
    "option",
];

/// `(title, text)` of an HTML document. The title is the `<title>`, whitespace collapsed.
/// An `<hr>` becomes a `---` line, which [`super::split_posts`] treats as a separator.
pub fn readable_text(html: &str) -> (Option<String>, String) {
    let document = Html::parse_document(html);
    let title = Selector::parse("title").ok().and_then(|sel| {
        let text: String = document.select(&sel).next()?.text().collect();
        let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
        (!collapsed.is_empty()).then_some(collapsed)
    });

    let mut out = TextBuilder::default();
    // Iterative on purpose: a hostile page can nest elements deep enough to overflow the stack
    // of a recursive walk. `true` marks the exit of an element already entered.
    let mut stack = vec![(document.tree.root(), false)];
    // Headers and footers of an article hold its title and byline; only the site's are chrome.
    let mut article_depth = 0usize;
    let mut pre_depth = 0usize;
    while let Some((node, leaving)) = stack.pop() {
        match node.value() {
            Node::Text(text) => out.push_text(text, pre_depth > 0),
            Node::Element(element) => {
                let name = element.name();
                if leaving {
                    match name {
                        "article" | "main" => article_depth -= 1,
                        "pre" => pre_depth -= 1,
                        _ => {}
                    }
                    close_element(&mut out, name);
                    continue;
                }
                let hidden = element.attr("hidden").is_some()
                    || element.attr("aria-hidden") == Some("true")
                    || element.attr("style").is_some_and(|s| {
                        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
                        s.to_ascii_lowercase().contains("display:none")
                    });
                let chrome = matches!(name, "header" | "footer") && article_depth == 0;
                if hidden || chrome || SKIPPED.contains(&name) {
                    continue;
                }
                match name {
                    "article" | "main" => article_depth += 1,
                    "pre" => pre_depth += 1,
                    _ => {}
                }
                open_element(&mut out, name);
                stack.push((node, true));
                for child in node.children().rev() {
                    stack.push((child, false));
                }
            }
            Node::Document | Node::Fragment => {
                for child in node.children().rev() {
                    stack.push((child, false));
                }
            }
            _ => {}
        }
    }
    (title, out.finish())
}

fn open_element(out: &mut TextBuilder, name: &str) {
    match name {
        "br" => out.line_break(1),
        "hr" => {
            out.line_break(2);
            out.push_raw("---");
            out.line_break(2);
        }
        "td" | "th" => out.space(),
        "li" => out.line_break(1),
        _ if PARAGRAPHS.contains(&name) => out.line_break(2),
        _ if LINES.contains(&name) => out.line_break(1),
        _ => {}
    }
}

fn close_element(out: &mut TextBuilder, name: &str) {
    match name {
        "td" | "th" => out.space(),
        _ if PARAGRAPHS.contains(&name) => out.line_break(2),
        _ if LINES.contains(&name) => out.line_break(1),
        _ => {}
    }
}

/// Collects text with pending breaks, so that whitespace at the edges of lines never reaches the
/// output and at most one blank line separates blocks.
#[derive(Default)]
struct TextBuilder {
    buf: String,
    pending_breaks: usize,
    pending_space: bool,
}

impl TextBuilder {
    fn line_break(&mut self, n: usize) {
        self.pending_breaks = self.pending_breaks.max(n);
        self.pending_space = false;
    }

    fn space(&mut self) {
        if self.pending_breaks == 0 {
            self.pending_space = true;
        }
    }

    fn push_text(&mut self, text: &str, preformatted: bool) {
        for c in text.chars() {
            if preformatted && c == '\n' {
                self.line_break(1);
            } else if c.is_whitespace() {
                self.space();
            } else if is_invisible(c) {
                continue;
            } else {
                self.push_char(c);
            }
        }
    }

    fn push_raw(&mut self, s: &str) {
        for c in s.chars() {
            self.push_char(c);
        }
    }

    fn push_char(&mut self, c: char) {
        if !self.buf.is_empty() {
            if self.pending_breaks > 0 {
                for _ in 0..self.pending_breaks.min(2) {
                    self.buf.push('\n');
                }
            } else if self.pending_space {
                self.buf.push(' ');
            }
        }
        self.pending_breaks = 0;
        self.pending_space = false;
        self.buf.push(c);
    }

    fn finish(self) -> String {
        self.buf
    }
}

/// Zero-width characters that pages sprinkle between words; the bidi marks Arabic pages use are
/// kept, they carry meaning for mixed-direction text.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{00AD}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_chrome_and_keeps_the_post() {
        let html = r#"<!doctype html>
<html><head><title>  Casting   call &amp; auditions </title>
<style>body { color: red }</style><script>var x = "<p>not text</p>";</script></head>
<body>
  <header><a href="/">TakeOne Jobs</a><nav><a href="/a">Home</a> | <a href="/b">About</a></nav></header>
  <main>
    <article>
      <header><h1>Casting call: lead actress</h1></header>
      <p>We are looking for an actress,&nbsp;25&ndash;35,
         for a   short film in <b>Riyadh</b>.</p>
      <p>Send photos to<br>cast@example.com</p>
      <ul><li>Saudi dialect</li><li>Available in May</li></ul>
      <form><input name="q"><button>Apply</button></form>
      <noscript>Enable JavaScript</noscript>
      <svg><text>logo</text></svg>
      <div hidden>secret</div>
    </article>
  </main>
  <footer>© 2026 Example</footer>
</body></html>"#;
        let (title, text) = readable_text(html);
        assert_eq!(title.as_deref(), Some("Casting call & auditions"));
        assert_eq!(
            text,
            "Casting call: lead actress\n\n\
             We are looking for an actress, 25–35, for a short film in Riyadh.\n\n\
             Send photos to\ncast@example.com\n\n\
             Saudi dialect\nAvailable in May"
        );
    }

    #[test]
    fn arabic_text_and_entities() {
        let html = "<html><body><div>مطلوب&#32;ممثلين</div><div>للتواصل:&nbsp;٠٥٥٥١٢٣٤٥٦</div>\
                    <table><tr><td>العمر</td><td>20-30</td></tr></table></body></html>";
        let (title, text) = readable_text(html);
        assert_eq!(title, None);
        assert_eq!(text, "مطلوب ممثلين\nللتواصل: ٠٥٥٥١٢٣٤٥٦\n\nالعمر 20-30");
    }

    #[test]
    fn hr_becomes_a_separator_line_and_pre_keeps_lines() {
        let html = "<body><p>one</p><hr><pre>a\n  b</pre></body>";
        let (_, text) = readable_text(html);
        assert_eq!(text, "one\n\n---\n\na\nb");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!("{}deep{}", "<div>".repeat(20_000), "</div>".repeat(20_000));
        let (_, text) = readable_text(&html);
        assert_eq!(text, "deep");
    }
}
