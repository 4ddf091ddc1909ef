use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Edit, Fix, Severity};
use crate::document::{Document, Link, LinkId, LinkKind};
use crate::identity::{WebUrl, arxiv_ref, paper_key};
use crate::rule::{Context, Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "malformed-link",
    default_severity: Severity::Error,
    summary: "a link that cannot work, found without the network",
    doc: include_str!("../../rules/malformed-link.md"),
    network: false,
    fixable: true,
};

/// A link that cannot work fails every reader, and no link checker helps: GitHub turns
/// `hhttps://…` or `[url](url)` in a target into a relative link to a 404 page of the repo.
#[derive(Debug, Default)]
pub struct MalformedLink;

/// What is wrong with a link target, and how it can be mended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformation {
    /// Lower case, no period: `scheme \`hhttps\` is a typo of \`https\``.
    pub problem: String,
    pub help: String,
    pub repair: Repair,
    /// Found by the arXiv checks (route, id), not by what breaks any URL.
    pub arxiv: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repair {
    /// One right URL, beyond doubt: a safe fix.
    Certain(String),
    /// Several URLs that could be meant: a human picks.
    Candidates(Vec<String>),
    None,
}

/// `[x]([url](url2))`: a Markdown link pasted where its URL belongs.
static PASTED_MARKDOWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\[([^\]]*)\]\(([^()\s]*)\)$").expect("pasted link pattern is valid")
});

/// A scheme followed by `://`, or one of the ways `https://` loses a character.
static SCHEME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i)([a-z][a-z0-9+.-]*)(://|//|:/)").expect("scheme pattern is valid")
});

/// The routes of arxiv.org that take a paper id.
const ARXIV_ID_ROUTES: &[&str] = &[
    "abs",
    "pdf",
    "html",
    "format",
    "src",
    "ps",
    "dvi",
    "e-print",
    "tb",
    "trackback",
    "cits",
    "refs",
    "show-email",
    "prevnext",
    "ftp",
];

/// A segment that looks like a new-style arXiv id, well formed or not: `2502.143`, `2413.01234`.
static ID_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})\.(\d+)((?:[vV]\d+)?)(.*)$").expect("id pattern is valid")
});

/// Words in a link's text or a badge's alt text that promise a destination; an empty target
/// under them is a missing link. Decorative badges (horseee's `[![Publish](…)]()`) and
/// placeholders (`[Coming soon]()`) promise nothing.
const PROMISES_A_PAGE: &[&str] = &[
    "paper", "arxiv", "pdf", "code", "github", "page", "project", "website", "demo", "dataset",
    "video", "model", "blog", "slides", "poster", "homepage",
];

impl Rule for MalformedLink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let mut seen = std::collections::HashSet::new();
        for (id, link) in doc.links().iter().enumerate() {
            if !seen.insert(link.url_range.clone()) {
                continue;
            }
            if link.url.trim().is_empty() {
                // Only inside an entry: a header's count badge (`[![Paper](…Paper-252…)]()` in
                // liushunyu's list) decorates the page and promises no destination.
                if link.kind == LinkKind::Inline
                    && !link.image
                    && link.entry.is_some()
                    && promises_a_page(doc, id, link)
                {
                    let shown = shown_text(doc, id, link);
                    cx.report(
                        link.range.clone(),
                        format!("`{shown}` links nowhere: its target is empty"),
                    )
                    .help("add the URL it should open, or remove the empty link");
                }
                continue;
            }
            let found = if link.image {
                // Figures inside arXiv's HTML papers (`html/ID/x1.png`) are no paper links;
                // an image is checked for what breaks any URL.
                malformation(&link.url).filter(|m| !m.arxiv)
            } else if link.kind == LinkKind::Bare {
                // A bare URL ends where the parser guessed: what follows the id may be prose
                // (`…/abs/2106.09685，见下`), and a fix must never delete it.
                malformation(&link.url)
                    .filter(|m| !(m.arxiv && matches!(m.repair, Repair::Certain(_))))
            } else {
                malformation(&link.url)
            };
            let Some(malformation) = found else {
                continue;
            };
            let written = doc.slice(link.url_range.clone());
            let diagnostic = cx.report(link.url_range.clone(), malformation.problem.clone());
            diagnostic.url(written);
            match &malformation.repair {
                Repair::Certain(url) => {
                    diagnostic
                        .help(malformation.help.clone())
                        .fix(Fix::safe(Edit::replace(
                            link.url_range.clone(),
                            url.clone(),
                        )));
                }
                Repair::Candidates(urls) => {
                    // The entry's other links may tell which one was meant (ChenHsing's
                    // StableV2V row links 2411.11045 in its title, and the badge pastes
                    // `[2307.06940](2411.11045)`).
                    let agreeing: Vec<&String> = urls
                        .iter()
                        .filter(|url| agrees_with_entry(doc, id, link, url))
                        .collect();
                    if let [url] = agreeing[..] {
                        diagnostic
                            .help(format!(
                                "{}; `{url}` matches the entry's other link",
                                malformation.help
                            ))
                            .fix(Fix::unsafe_edit(Edit::replace(
                                link.url_range.clone(),
                                (*url).clone(),
                            )));
                    } else {
                        diagnostic.help(malformation.help.clone());
                    }
                }
                Repair::None => {
                    diagnostic.help(malformation.help.clone());
                }
            }
        }
    }
}

/// What is wrong with a link target that cannot work, if anything. Other rules use it to
/// stay quiet about such links (a badge beside `[url](url2)` contradicts nothing).
pub fn malformation(url: &str) -> Option<Malformation> {
    let url = url.trim();
    // `<a href="#Textual Taks">`: an in-page fragment is broken-anchor's to judge (a space
    // is legal in an HTML href, and `%20` would not make the anchor exist)
    if url.is_empty() || url.starts_with('#') {
        return None;
    }
    pasted_markdown(url)
        .or_else(|| scheme_typo(url))
        .or_else(|| whitespace(url))
        .or_else(|| glued_title(url))
        .or_else(|| arxiv_problem(url))
}

/// A link title glued to the URL without its space, `(https://…/0444-8"[HTML]")`: Markdown
/// takes the quotes into the target, and the page 404s (yzhao062's anomaly-detection list).
/// A `"` cannot stand in a URL unescaped, so what comes before it is the URL.
fn glued_title(url: &str) -> Option<Malformation> {
    let (before, title) = url.split_once('"')?;
    if !title.ends_with('"') || title.len() < 2 || before.is_empty() {
        return None;
    }
    WebUrl::parse(before)?;
    Some(Malformation {
        problem: "a link title is glued to the URL".to_string(),
        help: format!("link `{before}`; a title goes after a space: `(url \"title\")`"),
        repair: Repair::Certain(before.to_string()),
        arxiv: false,
    })
}

fn pasted_markdown(url: &str) -> Option<Malformation> {
    // Every link asks: answer the common case without the pattern (issue 11)
    if !url.starts_with('[') {
        return None;
    }
    let caps = PASTED_MARKDOWN.captures(url)?;
    let (shown, target) = (caps.get(1)?.as_str().trim(), caps.get(2)?.as_str().trim());
    WebUrl::parse(target)?;
    let shown_is_url = WebUrl::parse(shown).is_some();
    let problem = "a Markdown link is pasted into the link target".to_string();
    if !shown_is_url || shown == target {
        return Some(Malformation {
            problem,
            help: format!("link `{target}` itself"),
            repair: Repair::Certain(target.to_string()),
            arxiv: false,
        });
    }
    Some(Malformation {
        problem,
        help: format!("link one URL: `{target}` or `{shown}`"),
        repair: Repair::Candidates(vec![target.to_string(), shown.to_string()]),
        arxiv: false,
    })
}

fn scheme_typo(url: &str) -> Option<Malformation> {
    // What SCHEME finds in a well-formed web URL, and lets pass
    if ["https://", "http://"].iter().any(|scheme| {
        url.get(..scheme.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
    }) {
        return None;
    }
    let caps = SCHEME.captures(url)?;
    let (scheme, separator) = (caps.get(1)?.as_str(), caps.get(2)?.as_str());
    let lower = scheme.to_ascii_lowercase();
    let rest = &url[caps.get(0)?.end()..];
    let is_web = lower == "http" || lower == "https";
    if is_web && separator == "://" {
        return None;
    }
    let fixed_scheme = if is_web {
        lower.clone()
    } else {
        http_typo(&lower)?.to_string()
    };
    if separator != "://" && !is_web {
        return None;
    }
    // The host must follow, or this is no URL at all (`http//` alone in a sentence).
    WebUrl::parse(&format!("https://{rest}"))?;
    let fixed = format!("{fixed_scheme}://{rest}");
    let problem = if is_web {
        format!("`{scheme}{separator}` is missing part of `{fixed_scheme}://`")
    } else {
        format!("scheme `{scheme}` is a typo of `{fixed_scheme}`")
    };
    Some(Malformation {
        problem,
        help: format!("write `{fixed}`"),
        repair: Repair::Certain(fixed),
        arxiv: false,
    })
}

/// Real schemes that sit near `http` in spelling.
const OTHER_SCHEMES: &[&str] = &["ftp", "ftps", "sftp", "tftp", "ttp", "hxxp", "hxxps"];

/// `https` or `http` when `scheme` is one slip away from it (`hhttps`, `htps`, `htttp`,
/// `ttps`); `None` for real schemes and for slips that could be either (`httpx`).
fn http_typo(scheme: &str) -> Option<&'static str> {
    if OTHER_SCHEMES.contains(&scheme) {
        return None;
    }
    let mut collapsed = String::new();
    for c in scheme.chars() {
        if !collapsed.ends_with(c) {
            collapsed.push(c);
        }
    }
    let distance = |to: &str| edit_distance(scheme, to).min(edit_distance(&collapsed, to));
    let (to_http, to_https) = (distance("http"), distance("https"));
    match (to_http, to_https) {
        (http, https) if https <= 1 && https < http => Some("https"),
        (http, https) if http <= 1 && http < https => Some("http"),
        _ => None,
    }
}

fn whitespace(url: &str) -> Option<Malformation> {
    if !url.contains(char::is_whitespace) {
        return None;
    }
    Some(Malformation {
        problem: "the URL has whitespace inside".to_string(),
        help: "remove the whitespace, or write a space that belongs to the URL as `%20`"
            .to_string(),
        repair: Repair::None,
        arxiv: false,
    })
}

/// An arxiv.org link whose route is not one of arXiv's, or whose id cannot exist.
fn arxiv_problem(url: &str) -> Option<Malformation> {
    if arxiv_ref(url).is_some() {
        return None;
    }
    let web = WebUrl::parse(url)?;
    if !web.host_is("arxiv.org") || web.host.starts_with("ar5iv") {
        return None;
    }
    let segments = web.segments();
    let (route, rest) = segments.split_first()?;
    let route_lower = route.to_ascii_lowercase();
    // Old-style ids (`cs/0306050`) and listing pages carry no new-style id.
    let id_at = rest.iter().position(|s| ID_LIKE.is_match(s))?;
    let id_segment = rest[id_at];
    let caps = ID_LIKE.captures(id_segment)?;
    let (yymm, number, version, junk) = (
        caps.get(1)?.as_str(),
        caps.get(2)?.as_str(),
        caps.get(3)?.as_str(),
        caps.get(4)?.as_str(),
    );
    if !ARXIV_ID_ROUTES.contains(&route_lower.as_str()) {
        let problem = format!("arXiv has no `/{route}/` pages");
        let guess = ["abs", "pdf", "html"]
            .into_iter()
            .filter(|known| edit_distance(&route_lower, known) <= 2)
            .collect::<Vec<_>>();
        let help = match guess[..] {
            [one] => format!("use `/{one}/`: `https://arxiv.org/{one}/{id_segment}`"),
            _ => format!("use `https://arxiv.org/abs/{yymm}.{number}{version}`"),
        };
        return Some(Malformation {
            problem,
            help,
            repair: Repair::None,
            arxiv: true,
        });
    }
    if let Some(reason) = impossible_id(yymm, number) {
        return Some(Malformation {
            problem: format!("`{yymm}.{number}` is no arXiv id: {reason}"),
            help: "look the paper up on arXiv and link its real id".to_string(),
            repair: Repair::None,
            arxiv: true,
        });
    }
    let id = format!("{yymm}.{number}{version}");
    let pdf_suffix = junk.eq_ignore_ascii_case(".pdf");
    // HTML papers have pages and figures below the id (`html/2410.01485v1/x1.png`).
    let extra_segments = if route_lower == "html" {
        &[][..]
    } else {
        &rest[id_at + 1..]
    };
    if (junk.is_empty() || pdf_suffix) && extra_segments.is_empty() {
        return None;
    }
    // Trailing junk after a valid id (`2106.09685)`, `2106.09685/1000`): the id is certain.
    let page = if route_lower == "pdf" { "pdf" } else { "abs" };
    let fixed = format!("https://arxiv.org/{page}/{id}");
    // Quote the rest as written: floodsung's `…/1506.05869.pdf%20(http://arxiv.org/…)` has a
    // `//` that joining the path's segments would fold into `/`.
    let after = url
        .find(id_segment)
        .and_then(|at| url.get(at + id_segment.len() - junk.len()..))
        .map(|rest| rest.split(['?', '#']).next().unwrap_or(rest).to_string())
        .filter(|rest| !rest.is_empty())
        .unwrap_or_else(|| {
            if extra_segments.is_empty() {
                junk.to_string()
            } else {
                format!("{junk}/{}", extra_segments.join("/"))
            }
        });
    Some(Malformation {
        problem: format!("arXiv link has `{after}` after the id {id}"),
        help: format!("write `{fixed}`"),
        repair: Repair::Certain(fixed),
        arxiv: true,
    })
}

/// Why `YYMM.NUMBER` cannot be an arXiv id, if it cannot (arXiv's scheme: `YYMM.NNNN` from
/// April 2007 to December 2014, `YYMM.NNNNN` from January 2015).
fn impossible_id(yymm: &str, number: &str) -> Option<String> {
    let year: u32 = yymm[..2].parse().ok()?;
    let month: u32 = yymm[2..].parse().ok()?;
    if !(1..=12).contains(&month) {
        return Some(format!("there is no month {month}"));
    }
    let stamp = year * 100 + month;
    if stamp < 704 {
        return Some("new-style ids start in April 2007 (0704)".to_string());
    }
    let wanted = if stamp <= 1412 { 4 } else { 5 };
    (number.len() != wanted).then(|| {
        format!(
            "ids from {} have {wanted} digits after the dot, not {}",
            if wanted == 4 {
                "2007 to 2014"
            } else {
                "2015 on"
            },
            number.len()
        )
    })
}

/// The text a reader sees for a link: its own text, else the alt text of the image it wraps.
fn shown_text(doc: &Document, id: LinkId, link: &Link) -> String {
    if !link.text.is_empty() {
        return link.text.clone();
    }
    doc.links()
        .iter()
        .find(|child| child.parent == Some(id) && child.image)
        .map(|child| format!("![{}]", child.text))
        .unwrap_or_default()
}

fn promises_a_page(doc: &Document, id: LinkId, link: &Link) -> bool {
    let mut texts = vec![link.text.to_lowercase()];
    for child in doc.links().iter().filter(|c| c.parent == Some(id)) {
        texts.push(child.text.to_lowercase());
    }
    texts.iter().any(|text| {
        text.split(|c: char| !c.is_alphanumeric())
            .any(|word| PROMISES_A_PAGE.contains(&word))
    })
}

/// Whether `url` names the same paper or page as another link of the link's entry.
fn agrees_with_entry(doc: &Document, id: LinkId, link: &Link, url: &str) -> bool {
    let Some(entry) = link.entry.map(|e| &doc.entries()[e]) else {
        return false;
    };
    let key = paper_key(url);
    entry
        .links
        .iter()
        .filter(|&&other| other != id)
        .any(|&other| {
            let other = &doc.link(other).url;
            other.trim() == url || (key.is_some() && paper_key(other) == key)
        })
}

/// Levenshtein distance, for scheme and route typos (short ASCII words).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::{Repair, malformation};
    use crate::diagnostic::Applicability;
    use crate::test_util::check_rule;

    fn repair(url: &str) -> Repair {
        malformation(url).map_or(Repair::None, |m| m.repair)
    }

    #[test]
    fn scheme_typos_have_a_safe_fix() {
        for (written, fixed) in [
            (
                "hhttps://arxiv.org/abs/2106.09685",
                "https://arxiv.org/abs/2106.09685",
            ),
            ("htps://github.com/a/b", "https://github.com/a/b"),
            ("http//example.com/x", "http://example.com/x"),
            ("https//example.com", "https://example.com"),
            ("https:/example.com/a", "https://example.com/a"),
            ("htttp://example.com", "http://example.com"),
            ("ttps://example.com", "https://example.com"),
        ] {
            assert_eq!(repair(written), Repair::Certain(fixed.into()), "{written}");
        }
        for fine in [
            "https://example.com",
            "ftp://ftp.example.com/x",
            "httpx://example.com",
            "git://github.com/a/b",
            "mailto:a@b.c",
            "#section",
            "docs/README.md",
            "https://arxiv.org/list/cs.CL/recent",
            "https://arxiv.org/abs/cs/0306050",
            "https://arxiv.org/a/hu_e_1",
            "https://arxiv.org/pdf/2106.09685.pdf",
            "https://arxiv.org/abs/2106.09685v2",
            "https://web3.arxiv.org/abs/2305.12086",
        ] {
            assert_eq!(malformation(fine), None, "{fine}");
        }
    }

    #[test]
    fn prose_after_a_bare_arxiv_url_is_never_deleted() {
        let text = "- 论文 https://arxiv.org/abs/2106.09685，见下\n";
        assert_eq!(check_rule(&super::MalformedLink, text), []);
    }

    #[test]
    fn a_fragment_with_a_space_is_not_malformed() {
        // LittleSummer114/Commonsense-Paper-List: `<a href="#Textual Taks">`
        assert!(malformation("#Textual Taks").is_none());
        assert!(malformation("https://example.org/a b").is_some());
    }

    #[test]
    fn whitespace_inside_a_url_gets_help_only() {
        let text = "- LoRA [[Paper](<https://arxiv.org/abs/ 2106.09685>)] <a href=\"https://github.com/microsoft/ LoRA\">code</a>\n";
        let found = check_rule(&super::MalformedLink, text);
        let messages: Vec<_> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "the URL has whitespace inside",
                "the URL has whitespace inside"
            ]
        );
        assert!(found.iter().all(|d| d.fix.is_none()));
    }

    #[test]
    fn arxiv_routes_and_ids() {
        let problem = |url: &str| malformation(url).map(|m| m.problem).unwrap_or_default();
        assert_eq!(
            problem("https://arxiv.org/apdf/2402.12354"),
            "arXiv has no `/apdf/` pages"
        );
        assert_eq!(
            problem("https://arxiv.org/abs/2502.143"),
            "`2502.143` is no arXiv id: ids from 2015 on have 5 digits after the dot, not 3"
        );
        assert_eq!(
            problem("https://arxiv.org/abs/2313.01234"),
            "`2313.01234` is no arXiv id: there is no month 13"
        );
        assert_eq!(
            problem("https://arxiv.org/abs/0612.1234"),
            "`0612.1234` is no arXiv id: new-style ids start in April 2007 (0704)"
        );
        assert_eq!(
            repair("https://arxiv.org/abs/2106.09685/1000"),
            Repair::Certain("https://arxiv.org/abs/2106.09685".into())
        );
        assert_eq!(
            malformation("https://arxiv.org/html/2410.01485v1/x1.png"),
            None
        );
        assert_eq!(
            repair("https://arxiv.org/pdf/2106.09685v2)"),
            Repair::Certain("https://arxiv.org/pdf/2106.09685v2".into())
        );
        // floodsung's roadmap: the message quotes the junk as written, `//` included
        assert_eq!(
            problem("http://arxiv.org/pdf/1506.05869.pdf%20(http://arxiv.org/pdf/1506.05869.pdf)"),
            "arXiv link has `.pdf%20(http://arxiv.org/pdf/1506.05869.pdf)` after the id 1506.05869"
        );
        assert_eq!(
            problem("https://arxiv.org/abs/2106.09685/1000"),
            "arXiv link has `/1000` after the id 2106.09685"
        );
    }

    #[test]
    fn pasted_markdown_links() {
        // ChenHsing L422: the badge pastes a link whose target is the row's title link.
        let text = "| Title | arXiv |\n|---|---|\n| [StableV2V](https://arxiv.org/pdf/2411.11045) | [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)]([https://arxiv.org/abs/2307.06940](https://arxiv.org/pdf/2411.11045)) |\n\n- SEED, <ins>arXiv, 2024</ins> [[Paper]([https://arxiv.org/abs/2304.04487](https://arxiv.org/pdf/2406.18200))]\n- Same twice [[Paper]([https://arxiv.org/abs/2106.09685](https://arxiv.org/abs/2106.09685))]\n";
        let found = check_rule(&super::MalformedLink, text);
        let summary: Vec<_> = found
            .iter()
            .map(|d| (d.message.as_str(), d.fix.as_ref().map(|f| f.applicability)))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "a Markdown link is pasted into the link target",
                    Some(Applicability::Unsafe)
                ),
                ("a Markdown link is pasted into the link target", None),
                (
                    "a Markdown link is pasted into the link target",
                    Some(Applicability::Safe)
                ),
            ]
        );
        assert_eq!(
            found[0].fix.as_ref().unwrap().edits[0].replacement,
            "https://arxiv.org/pdf/2411.11045"
        );
        assert_eq!(
            found[1].help.as_deref(),
            Some(
                "link one URL: `https://arxiv.org/pdf/2406.18200` or `https://arxiv.org/abs/2304.04487`"
            )
        );
    }

    #[test]
    fn empty_targets_that_promise_a_page() {
        // Westlake L78: a Paper badge around `()`; horseee's decorative badges and BradyFU's
        // `[Coming soon]()` promise nothing.
        let text = "- Style [![Paper](https://img.shields.io/badge/arXiv-b31b1b.svg)]()\n- Other [![Publish](https://img.shields.io/badge/Conference-ICML'23-blue)]() [Coming soon]() [[Code]()]\n";
        let found = check_rule(&super::MalformedLink, text);
        let messages: Vec<_> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`Paper` links nowhere: its target is empty",
                "`Code` links nowhere: its target is empty"
            ]
        );
    }

    #[test]
    fn a_title_glued_to_the_url_is_cut_off() {
        assert!(matches!(
            repair("https://link.example.org/article/10.1007/s10618-015-0444-8\"[HTML]\""),
            Repair::Certain(url) if url == "https://link.example.org/article/10.1007/s10618-015-0444-8"
        ));
        // a quote inside a query, or a lone one, is not a title
        assert!(malformation("https://example.org/search?q=\"a").is_none());
        assert!(malformation("\"quoted\"").is_none());
    }
}
