//! Just enough HTML: tags, their attributes and comments, with ranges. awesome lists put
//! headers (`<h1>`, `<p align>`, `<img>`), `<details>` blocks and comments in Markdown;
//! nothing here needs a full HTML parser.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagKind {
    Open,
    Close,
    SelfClosing,
    Comment,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    pub name: String,
    pub value: String,
    /// Where the value is written, relative to the scanned text.
    pub value_range: Range<usize>,
}

/// A tag that is prose in angle brackets: `<A class of rapidly converging algorithms>` opens
/// an `<a>` element for a browser, but no one wrote it as HTML — several words and no
/// `attribute=value`. GitHub hides it all the same.
pub fn reads_as_text(written: &str) -> bool {
    !written.starts_with("</")
        && !written.contains('=')
        && written
            .trim_start_matches('<')
            .trim_end_matches('>')
            .trim_end_matches('/')
            .split_whitespace()
            .count()
            >= 4
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlTag {
    /// Lower-case tag name; empty for comments.
    pub name: String,
    pub kind: TagKind,
    /// Relative to the scanned text.
    pub range: Range<usize>,
    pub attributes: Vec<Attribute>,
}

impl HtmlTag {
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }

    /// The text of a comment without `<!--` and `-->`.
    pub fn comment_body<'a>(&self, scanned: &'a str) -> Option<&'a str> {
        (self.kind == TagKind::Comment)
            .then(|| scanned.get(self.range.start + 4..self.range.end - 3))
            .flatten()
    }
}

/// Elements that never have an end tag.
pub fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "param"
    )
}

/// The elements of the HTML standard (WHATWG), with the obsolete ones it still defines
/// parsing for (`center`, `font`, `tt`, …) since old READMEs use them. A tag with any other
/// name is no HTML element: GitHub's sanitizer drops it and the reader never sees it.
const HTML_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "basefont",
    "bdi",
    "bdo",
    "bgsound",
    "big",
    "blink",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "iframe",
    "image",
    "img",
    "input",
    "ins",
    "isindex",
    "kbd",
    "keygen",
    "label",
    "legend",
    "li",
    "link",
    "listing",
    "main",
    "map",
    "mark",
    "marquee",
    "math",
    "menu",
    "menuitem",
    "meta",
    "meter",
    "multicol",
    "nav",
    "nextid",
    "nobr",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "picture",
    "plaintext",
    "pre",
    "progress",
    "q",
    "rb",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "script",
    "search",
    "section",
    "select",
    "slot",
    "small",
    "source",
    "spacer",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
    "xmp",
];

/// Whether `name` (lower case) is an element of the HTML standard.
pub fn is_html_element(name: &str) -> bool {
    HTML_ELEMENTS.binary_search(&name).is_ok()
}

/// Every tag and comment in `text`, in order: what the pattern
/// `(?s)<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(/?)>`
/// found, read by hand: compiling it cost more than scanning a whole list (issue 11). Every
/// part has one reading — a name or value cut short leaves a character nothing after it
/// accepts — so the first reading that ends in `>` is the match.
pub fn scan_tags(text: &str) -> Vec<HtmlTag> {
    let mut tags = Vec::new();
    let mut from = 0;
    while let Some(offset) = text[from..].find('<') {
        let start = from + offset;
        match comment_at(text, start).or_else(|| tag_at(text, start)) {
            Some(tag) => {
                from = tag.range.end;
                tags.push(tag);
            }
            None => from = start + 1,
        }
    }
    tags
}

fn comment_at(text: &str, start: usize) -> Option<HtmlTag> {
    if !text[start..].starts_with("<!--") {
        return None;
    }
    let close = text[start + 4..].find("-->")?;
    Some(HtmlTag {
        name: String::new(),
        kind: TagKind::Comment,
        range: start..start + 4 + close + 3,
        attributes: Vec::new(),
    })
}

fn tag_at(text: &str, start: usize) -> Option<HtmlTag> {
    let bytes = text.as_bytes();
    let mut at = start + 1;
    let closing = bytes.get(at) == Some(&b'/');
    if closing {
        at += 1;
    }
    let name_start = at;
    if !bytes.get(at)?.is_ascii_alphabetic() {
        return None;
    }
    at += 1;
    while bytes
        .get(at)
        .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'-')
    {
        at += 1;
    }
    let name = text[name_start..at].to_ascii_lowercase();
    let mut attributes = Vec::new();
    // `(?:\s+name(?:\s*=\s*value)?)*`, where a quoted value may be followed by the next
    // name without a space (`<td rowspan='2'align='center'>`): browsers read both
    // attributes, and LLM-Agent-Survey's tables are written so
    let mut after_quote = false;
    loop {
        let name_start = skip_whitespace(text, at);
        let name_end = name_start + run_length(&text[name_start..], is_attribute_name_char);
        if (name_start == at && !after_quote) || name_end == name_start {
            break;
        }
        let (value, value_range) = match attribute_value(text, name_end) {
            Some((value_range, end)) => {
                at = end;
                after_quote = value_range.end + 1 == end;
                (text[value_range.clone()].to_string(), value_range)
            }
            None => {
                at = name_end;
                after_quote = false;
                (String::new(), name_end..name_end)
            }
        };
        attributes.push(Attribute {
            name: text[name_start..name_end].to_ascii_lowercase(),
            value,
            value_range,
        });
    }
    // `\s*(/?)>`
    let end = skip_whitespace(text, at);
    let (kind, end) = match (closing, &bytes[end..]) {
        (true, [b'/', b'>', ..]) => (TagKind::Close, end + 2),
        (true, [b'>', ..]) => (TagKind::Close, end + 1),
        (false, [b'/', b'>', ..]) => (TagKind::SelfClosing, end + 2),
        (false, [b'>', ..]) => (TagKind::Open, end + 1),
        _ => return None,
    };
    Some(HtmlTag {
        name,
        kind,
        range: start..end,
        attributes,
    })
}

/// `\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))` from `at`: the value's range (inside its
/// quotes) and where the match ends.
fn attribute_value(text: &str, at: usize) -> Option<(Range<usize>, usize)> {
    let equals = skip_whitespace(text, at);
    if text.as_bytes().get(equals) != Some(&b'=') {
        return None;
    }
    let value = skip_whitespace(text, equals + 1);
    let rest = &text[value..];
    match rest.chars().next()? {
        quote @ ('"' | '\'') => {
            let close = rest[1..].find(quote)?;
            Some((value + 1..value + 1 + close, value + close + 2))
        }
        _ => {
            let length = run_length(rest, |c| {
                !(c.is_whitespace() || matches!(c, '"' | '\'' | '=' | '<' | '>' | '`'))
            });
            (length > 0).then_some((value..value + length, value + length))
        }
    }
}

fn is_attribute_name_char(c: char) -> bool {
    !(c.is_whitespace() || matches!(c, '"' | '\'' | '>' | '/' | '='))
}

/// The length in bytes of the run of `part` characters that opens `text`.
fn run_length(text: &str, part: impl Fn(char) -> bool) -> usize {
    text.chars()
        .take_while(|&c| part(c))
        .map(char::len_utf8)
        .sum()
}

/// Where the white space (`\s`, Unicode) from `at` ends.
fn skip_whitespace(text: &str, at: usize) -> usize {
    at + run_length(&text[at..], char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use regex::Regex;

    use super::*;

    // the patterns `scan_tags` replaced, kept as its oracle; a name may follow a quoted
    // value without a space (`(?:"…"|'…')` glued attributes before the last one of a run)
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"(?s)<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+(?:[^\s"'>/=]+\s*=\s*(?:"[^"]*"|'[^']*'))*[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(/?)>"#,
        )
        .expect("tag pattern is valid")
    });

    static ATTR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"#)
            .expect("attribute pattern is valid")
    });

    fn scan_tags_by_pattern(text: &str) -> Vec<HtmlTag> {
        TAG.captures_iter(text)
            .filter_map(|caps| {
                let whole = caps.get(0)?;
                let Some(name) = caps.get(2) else {
                    return Some(HtmlTag {
                        name: String::new(),
                        kind: TagKind::Comment,
                        range: whole.range(),
                        attributes: Vec::new(),
                    });
                };
                let closing = !caps.get(1)?.as_str().is_empty();
                let self_closing = !caps.get(4)?.as_str().is_empty();
                let kind = match (closing, self_closing) {
                    (true, _) => TagKind::Close,
                    (false, true) => TagKind::SelfClosing,
                    (false, false) => TagKind::Open,
                };
                let attributes = caps
                    .get(3)
                    .map(|attrs| parse_attributes(attrs.as_str(), attrs.start()))
                    .unwrap_or_default();
                Some(HtmlTag {
                    name: name.as_str().to_ascii_lowercase(),
                    kind,
                    range: whole.range(),
                    attributes,
                })
            })
            .collect()
    }

    fn parse_attributes(text: &str, base: usize) -> Vec<Attribute> {
        ATTR.captures_iter(text)
            .filter_map(|caps| {
                let name = caps.get(1)?.as_str().to_ascii_lowercase();
                let value = caps.get(2).or(caps.get(3)).or(caps.get(4));
                let (value, range) = match value {
                    Some(v) => (v.as_str().to_string(), base + v.start()..base + v.end()),
                    None => (
                        String::new(),
                        base + caps.get(1)?.end()..base + caps.get(1)?.end(),
                    ),
                };
                Some(Attribute {
                    name,
                    value,
                    value_range: range,
                })
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn tags_agree_with_the_pattern(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "<", ">", "/", "<!--", "-->", "-", "!", "a", "img", "H1", "9", " ", "\n",
                    "\u{a0}", "=", "\"", "'", "`", "src", "x", "é", "\u{300}",
                ]),
                0..24,
            )
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(scan_tags(&text), scan_tags_by_pattern(&text), "{:?}", text);
        }
    }

    #[test]
    fn a_name_glued_to_a_quoted_value_is_the_next_attribute() {
        let tags = scan_tags(r#"<td rowspan='2'align='center'>Model</td><a href="x"title=t>"#);
        type Read<'a> = (&'a str, TagKind, Vec<(&'a str, &'a str)>);
        let read: Vec<Read> = tags
            .iter()
            .map(|t| {
                let attributes = t
                    .attributes
                    .iter()
                    .map(|a| (a.name.as_str(), a.value.as_str()))
                    .collect();
                (t.name.as_str(), t.kind, attributes)
            })
            .collect();
        assert_eq!(
            read,
            [
                (
                    "td",
                    TagKind::Open,
                    vec![("rowspan", "2"), ("align", "center")]
                ),
                ("td", TagKind::Close, vec![]),
                ("a", TagKind::Open, vec![("href", "x"), ("title", "t")]),
            ]
        );
        // after an unquoted value a name needs its space: `<a href=x title>` is one tag,
        // `<a href=xtitle>` one attribute
        assert_eq!(scan_tags("<a href=xtitle>")[0].attributes.len(), 1);
    }

    #[test]
    fn tags_attributes_and_comments() {
        let text = r#"<h1 align="center">✨ Awesome</em> <img src=https://x.y/a.png alt='A b'/></h1><!-- awesome-lint-disable -->"#;
        let tags = scan_tags(text);
        let kinds: Vec<_> = tags.iter().map(|t| (t.name.as_str(), t.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("h1", TagKind::Open),
                ("em", TagKind::Close),
                ("img", TagKind::SelfClosing),
                ("h1", TagKind::Close),
                ("", TagKind::Comment)
            ]
        );
        let src = tags[2].attribute("src").unwrap();
        assert_eq!(src.value, "https://x.y/a.png");
        assert_eq!(&text[src.value_range.clone()], "https://x.y/a.png");
        assert_eq!(tags[2].attribute("alt").unwrap().value, "A b");
        assert_eq!(
            tags[4].comment_body(text).map(str::trim),
            Some("awesome-lint-disable")
        );
    }

    #[test]
    fn element_list_is_sorted_for_lookup() {
        assert!(HTML_ELEMENTS.windows(2).all(|w| w[0] < w[1]));
        for name in ["details", "h4", "ins", "center", "summary", "sup", "img"] {
            assert!(is_html_element(name), "{name}");
        }
        for name in ["pause", "think", "ret", "eos", "s1", "img2"] {
            assert!(!is_html_element(name), "{name}");
        }
    }

    #[test]
    fn not_tags() {
        assert!(scan_tags("a < b and 3<5 >").is_empty());
    }
}
