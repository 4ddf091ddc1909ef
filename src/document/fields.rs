//! An entry's fields from the text of one list item, table cell or paragraph: title, aliases,
//! authors, venue, year and description. `docs/layouts.md` shows every layout read here.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::hosts::exact_label_role;
use super::{Link, LinkId};
#[cfg(test)]
use crate::scan::LEADING_TAGS;
use crate::scan::{
    VenueYear, bracketed_year, loose_year, organisation_suffix, sentence_end, strip_leading_tags,
    venue_years,
};
use crate::venues::Venues;

/// How a piece of text is set: `**bold**`, `*italic*`, `<u>underlined</u>` (or `<ins>`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Style {
    pub strong: bool,
    pub emphasis: bool,
    pub underline: bool,
}

impl Style {
    pub(super) fn any(self) -> bool {
        self.strong || self.emphasis || self.underline
    }
}

#[derive(Debug, Clone)]
pub(super) enum Token {
    Text {
        text: String,
        range: Range<usize>,
        style: Style,
    },
    Link(LinkId),
    /// A soft or hard line break inside a paragraph.
    Break(Range<usize>),
    /// A further paragraph of the same list item starts here.
    Paragraph(usize),
}

impl Token {
    pub(super) fn start(&self, links: &[Link]) -> Option<usize> {
        match self {
            Token::Text { range, .. } | Token::Break(range) => Some(range.start),
            Token::Link(id) => links.get(*id).map(|l| l.range.start),
            Token::Paragraph(at) => Some(*at),
        }
    }
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Fields {
    pub title: String,
    pub title_range: Option<Range<usize>>,
    pub description: String,
    pub aliases: Vec<String>,
    pub authors: Option<String>,
    pub venue: Option<String>,
    pub year: Option<u16>,
}

/// Emoji and `[NEW]`-style markers after a title.
static TRAILING_MARKERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\s*(?:\[(?i:new|hot)\]|\((?i:new|hot)\)|[\p{Extended_Pictographic}\x{FE0F}\x{200D}]+))+\s*$")
        .expect("trailing marker pattern is valid")
});

/// A bracketed keyword that names a paper: words with a letter, not a marker (`[NEW]`) and
/// not a date tag (`[2023/10]`).
fn is_keyword_name(name: &str) -> bool {
    let name = name.trim();
    name.chars().any(char::is_alphabetic)
        && !name
            .chars()
            .any(|c| c.is_ascii_digit() && name.contains('/'))
        && ![
            "new", "hot", "updated", "update", "news", "paper", "code", "pdf", "link",
        ]
        .contains(&name.to_lowercase().as_str())
}

/// Read an entry's fields from its tokens.
pub(super) fn extract(tokens: &[Token], links: &[Link]) -> Fields {
    let mut fields = Fields::default();
    let start = skip_leading(tokens, links);
    let Some(first) = tokens.get(start) else {
        return fields;
    };
    let rest = match first {
        // `- [[Paper]](…)` under a title bullet: a role, not a title
        Token::Link(id) if exact_label_role(&links[*id].text, &links[*id].url).is_some() => start,
        Token::Link(id) => {
            let link = &links[*id];
            fields.title = link.text.clone();
            fields.title_range = Some(link.range.clone());
            start + 1
        }
        Token::Text { .. } => head_from_text(tokens, start, links, &mut fields),
        Token::Break(_) | Token::Paragraph(_) => start,
    };
    let (title, leading_venue, leading_year) = split_leading_venue(&fields.title);
    let (title, venue, year) = split_trailing_venue(&clean_title(&title));
    fields.title = title;
    fields.venue = venue.or(leading_venue).or(fields.venue.take());
    fields.year = year.or(leading_year).or(fields.year.take());
    read_details(&tokens[rest.min(tokens.len())..], links, &mut fields);
    dedupe_aliases(&mut fields.aliases, &fields.title);
    fields
}

/// Each alias once (case-insensitively), and never the title itself.
pub(super) fn dedupe_aliases(aliases: &mut Vec<String>, title: &str) {
    let mut seen = vec![title.to_lowercase()];
    aliases.retain(|alias| {
        let key = alias.to_lowercase();
        let new = !alias.is_empty() && !seen.contains(&key);
        seen.push(key);
        new
    });
}

/// The index of the first token that can start a title.
fn skip_leading(tokens: &[Token], links: &[Link]) -> usize {
    let mut index = 0;
    loop {
        match tokens.get(index) {
            Some(Token::Link(id)) if is_image_only(*id, links) => index += 1,
            // a title does not start in a later paragraph or table cell
            Some(Token::Break(_)) => index += 1,
            Some(Token::Text { style, .. }) if !style.any() => {
                // The parser splits `[2023/10] ` into `[`, `2023/10`, `] `: judge the run.
                let run_len = tokens[index..]
                    .iter()
                    .take_while(|t| matches!(t, Token::Text { style, .. } if !style.any()))
                    .count();
                let text: String = tokens[index..index + run_len]
                    .iter()
                    .filter_map(text_of)
                    .collect();
                // `<[Title](…)> by …`: the angle bracket only wraps the link
                let rest = strip_leading_tags(&text);
                // `- Paper: [LMAct: A Benchmark …](arxiv)`: a role label, then the titled link
                let label = rest.trim().strip_suffix(':').map(str::trim);
                let labelled_link = label
                    .is_some_and(|l| !l.is_empty() && exact_label_role(l, "").is_some())
                    && matches!(tokens.get(index + run_len), Some(Token::Link(id))
                        if !is_image_only(*id, links)
                            && exact_label_role(&links[*id].text, &links[*id].url).is_none());
                if labelled_link {
                    index += run_len;
                    continue;
                }
                if !rest
                    .trim()
                    .trim_end_matches(['<', '‹', '«'])
                    .trim()
                    .is_empty()
                {
                    break;
                }
                index += run_len;
            }
            _ => break,
        }
    }
    index
}

fn text_of(token: &Token) -> Option<&str> {
    match token {
        Token::Text { text, .. } => Some(text),
        _ => None,
    }
}

/// A run of text in one style, as the title reader sees it.
#[derive(Debug)]
struct Run {
    text: String,
    range: Range<usize>,
    style: Style,
}

/// Runs of text from `start` up to the first link, paragraph or line break (a break inside a
/// styled run, `**long\ntitle**`, is a space).
fn runs_from(tokens: &[Token], start: usize) -> (Vec<Run>, usize) {
    let mut runs: Vec<Run> = Vec::new();
    let mut index = start;
    while let Some(token) = tokens.get(index) {
        match token {
            Token::Text { text, range, style } => {
                match runs.last_mut() {
                    Some(last) if last.style == *style => {
                        last.text.push_str(text);
                        last.range.end = last.range.end.max(range.end);
                    }
                    _ => runs.push(Run {
                        text: text.clone(),
                        range: range.clone(),
                        style: *style,
                    }),
                }
                index += 1;
            }
            Token::Break(_) => {
                let joins = match (runs.last(), tokens.get(index + 1)) {
                    (Some(last), Some(Token::Text { style, .. })) => {
                        (last.style.any() || opens_quote(&last.text)) && last.style == *style
                    }
                    _ => false,
                };
                if !joins {
                    break;
                }
                if let Some(last) = runs.last_mut() {
                    last.text.push(' ');
                }
                index += 1;
            }
            Token::Link(_) | Token::Paragraph(_) => break,
        }
    }
    (runs, index)
}

/// A run that opens a quotation it does not close: `"Chat with the Environment: … using` at
/// the end of a line, the title going on on the next (GT-RIPL/Awesome-LLM-Robotics).
fn opens_quote(text: &str) -> bool {
    text.matches('"').count() % 2 == 1 || text.matches('“').count() > text.matches('”').count()
}

/// Most words of a name set before a quoted title (`mT0 && BLOOMZ`).
const MAX_NAME_WORDS: usize = 4;

/// A short name a list puts before a title: `FooGen`, `Foo-2`, `EfficientViT`.
fn is_nickname(name: &str, styled: bool) -> bool {
    let words = name.split_whitespace().count();
    let max_words = if styled { 2 } else { 1 };
    (1..=max_words).contains(&words)
        && name.chars().count() <= 40
        && name.chars().any(char::is_alphabetic)
        && !name.ends_with('.')
}

/// Read the title (and an alias) from text that opens the entry; returns where the rest starts.
fn head_from_text(tokens: &[Token], start: usize, links: &[Link], fields: &mut Fields) -> usize {
    let (runs, after_runs) = runs_from(tokens, start);
    let Some(first) = runs.first() else {
        return start;
    };
    let next_link = match tokens.get(after_runs) {
        Some(Token::Link(id)) if !is_image_only(*id, links) => Some(&links[*id]),
        _ => None,
    };
    if first.style.any() {
        let name = first.text.trim();
        let following = runs.get(1).filter(|r| !r.style.any());
        let following_text = following.map_or("", |r| r.text.trim_start());
        let bare = name.trim_end_matches(':').trim();
        let has_colon = name.ends_with(':') || following_text.starts_with(':');
        // `**?**: "Title"`: the list has no short name for this one
        let placeholder = bare == "?" || bare == "-";
        // `<u>Flan-PaLM && Flan-U-PaLM</u>: **"Scaling …"**`, `<u>ERNIE 3.0 Titan</u>: **"…"**`:
        // before a quoted styled title, a name of a few words is still a name
        let title_run = if following.is_some() { 2 } else { 1 };
        let quoted_title_follows = following_text.trim_start_matches(':').trim().is_empty()
            && runs
                .get(title_run)
                .is_some_and(|r| r.style.any() && quoted(&r.text).is_some());
        // `**Don't Copy the Teacher**: "Don't Copy the Teacher: Data and …", *EMNLP, 2022*`
        let plain_quoted_follows = quoted(following_text.trim_start_matches(':'))
            .is_some_and(|inner| inner.split_whitespace().count() >= 2);
        let long_name = (quoted_title_follows || plain_quoted_follows)
            && (1..=MAX_NAME_WORDS).contains(&bare.split_whitespace().count())
            && bare.chars().count() <= 60
            && !bare.ends_with('.');
        if has_colon && (is_nickname(bare, true) || long_name || placeholder) {
            let after_colon = if name.ends_with(':') {
                following_text
            } else {
                following_text[1..].trim_start()
            };
            if after_colon.trim().is_empty() {
                if let Some(run) = runs.get(title_run).filter(|r| r.style.any()) {
                    fields.title = unquote(run.text.trim()).to_string();
                    fields.title_range = Some(run.range.clone());
                    if !placeholder {
                        // `mT0 && BLOOMZ`: two models of one paper, each a name of it
                        fields.aliases.extend(
                            unquote(bare)
                                .split("&&")
                                .map(str::trim)
                                .filter(|name| !name.is_empty())
                                .map(str::to_string),
                        );
                    }
                    return run_end(tokens, start, &runs, title_run + 1, after_runs);
                }
                if let Some(link) = next_link {
                    fields.title = link.text.clone();
                    fields.title_range = Some(link.range.clone());
                    if !placeholder {
                        fields.aliases.push(unquote(bare).to_string());
                    }
                    return after_runs + 1;
                }
            } else if let Some(run) = following {
                let title = match quoted(after_colon) {
                    Some(inner) => inner.to_string(),
                    None => cut_description(after_colon).to_string(),
                };
                if !clean_title(&title).is_empty() {
                    fields.title = title;
                    fields.title_range = Some(run.range.clone());
                    if !placeholder {
                        fields.aliases.push(unquote(bare).to_string());
                    }
                    return run_end(tokens, start, &runs, 2, after_runs);
                }
            }
        }
        // `**[MBIE]** <[Title](…)>`: a bracketed name, then the linked title
        if let Some(label) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']'))
            && let Some(link) = next_link
            && runs[1..].iter().all(|r| {
                r.text
                    .trim()
                    .trim_matches(['<', '‹', '«', ':', '-'])
                    .is_empty()
            })
            && is_nickname(label, true)
        {
            fields.title = link.text.clone();
            fields.title_range = Some(link.range.clone());
            fields.aliases.push(label.trim().to_string());
            return after_runs + 1;
        }
        // `**CortexBench** "Where are we in the search for …?" *arXiv, Mar 2023*`: no colon,
        // but a quoted title right after the name
        if !has_colon
            && is_nickname(bare, true)
            && let Some(run) = following
            && let Some(inner) = quoted(following_text)
            && inner.split_whitespace().count() >= 3
        {
            fields.title = inner.trim().to_string();
            fields.title_range = Some(run.range.clone());
            // `**[LLaRP]** "Title"`
            fields
                .aliases
                .push(bare.trim_matches(['[', ']']).to_string());
            return run_end(tokens, start, &runs, 2, after_runs);
        }
        // hoya012: `**[R-CNN]** Title | Authors | **[CVPR' 14]** | [pdf] [code]`
        // (`**[Faster R-CNN, RPN]**`: the names of one paper)
        if let Some(label) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']'))
            && label.chars().count() <= 40
            && label.chars().any(char::is_alphabetic)
            && let Some(run) = runs.get(1).filter(|r| !r.style.any())
            && let Some((title, authors, rest)) = split_piped(&run.text)
        {
            fields.title = title.to_string();
            fields.title_range = Some(run.range.clone());
            fields
                .aliases
                .extend(label.split(',').map(|n| n.trim().to_string()));
            fields.authors = authors.map(str::to_string);
            fields.description = rest.to_string();
            return run_end(tokens, start, &runs, 2, after_runs);
        }
        // floodsung's roadmap: `**[0]** Bengio, … "**Deep learning**." An MIT Press book.`:
        // a bold number is a marker, and the bold run after the authors is the title
        if clean_title(name).is_empty()
            && let Some((index, run)) = runs
                .iter()
                .enumerate()
                .skip(1)
                .find(|(_, run)| run.style.strong && !clean_title(&run.text).is_empty())
        {
            fields.title = unquote(run.text.trim()).to_string();
            fields.title_range = Some(run.range.clone());
            return run_end(tokens, start, &runs, index + 1, after_runs);
        }
        // … or a plain quoted title: `**[20]** Chen, Tianqi, … "Net2net: Accelerating …."`
        if clean_title(name).is_empty()
            && let Some((index, run, inner)) =
                runs.iter().enumerate().skip(1).find_map(|(index, run)| {
                    let at = run.text.find(['"', '“'])?;
                    let inner = quoted(&run.text[at..])?;
                    (inner.split_whitespace().count() >= 2).then_some((index, run, inner))
                })
        {
            fields.title = inner.trim().trim_end_matches(['.', ',']).to_string();
            fields.title_range = Some(run.range.clone());
            return run_end(tokens, start, &runs, index + 1, after_runs);
        }
        fields.title = unquote(name).to_string();
        fields.title_range = Some(first.range.clone());
        return run_end(tokens, start, &runs, 1, after_runs);
    }
    // Plain text first: the title runs up to the first link, line break, or an italic
    // author run after a full stop (`Title. *A. Author*`).
    let mut text = String::new();
    let mut range = first.range.clone();
    let mut used = 0;
    for run in &runs {
        let ends_sentence = text.trim_end().ends_with(['.', ',', '，']);
        // `Title, <ins>arXiv, 2024</ins>`: an underlined venue is not the title
        if used > 0
            && (run.style.underline || run.style.emphasis && !run.style.strong && ends_sentence)
        {
            break;
        }
        text.push_str(&run.text);
        range.end = range.end.max(run.range.end);
        used += 1;
    }
    // `🔥[**Mooncake**] Mooncake: A KVCache-centric …`: a bold name in brackets is an alias
    static BRACKETED_NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(BRACKETED_NAME_PATTERN).expect("bracketed name pattern is valid")
    });
    if opens_with(&text, &['['])
        && let Some(caps) = BRACKETED_NAME.captures(&text)
        && let Some(name) = caps.get(1)
        && (runs
            .iter()
            .any(|r| r.style.strong && r.text.trim() == name.as_str().trim())
            // xlite-dev writes the keyword plain too: `🔥[Multi-Token Speculative Decoding] …`
            || is_keyword_name(name.as_str()))
    {
        // `[ACL 2022] Title`: a venue tag, not a name
        match tagged_venue_and_year(name.as_str()) {
            Some((venue, year)) => {
                fields.venue = Some(venue);
                fields.year = Some(year);
            }
            None => fields.aliases.push(name.as_str().trim().to_string()),
        }
    }
    let without_tags = strip_leading_tags(&text).to_string();
    let mut trimmed = without_tags.trim();
    // `[-] 2015-CVPR - Title.`, `[-] 2019 - Title.`: a year (and venue) tag before the title
    static DASHED_TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^((?:19|20)\d{2})(?:-([A-Za-z][A-Za-z_&-]*))?\s+[-–]\s+")
            .expect("dashed tag pattern is valid")
    });
    // The pattern opens with `19` or `20`: other titles never compile it (issue 11)
    if trimmed.starts_with(['1', '2'])
        && let Some(caps) = DASHED_TAG.captures(trimmed)
        && let Some(whole) = caps.get(0)
    {
        fields.year = caps.get(1).and_then(|y| y.as_str().parse().ok());
        // `2014-Survey` names a kind, not a venue
        fields.venue = caps.get(2).map(|v| v.as_str()).and_then(|venue| {
            let letters = venue.chars().filter(|c| c.is_alphabetic());
            let acronym = letters.clone().count() >= 2 && letters.clone().all(char::is_uppercase);
            known_venue(venue).or_else(|| acronym.then(|| venue.to_string()))
        });
        trimmed = &trimmed[whole.end()..];
    }
    // `Foo-2: **"Foo-2: Large-scale …"**` — a plain nickname, then the styled title
    if let Some(name) = trimmed.strip_suffix(':')
        && runs.len() == 1
        && let Some(link) = next_link
        && exact_label_role(name, &link.url).is_some()
    {
        // `Paper: [AgentGym](…)` under a news bullet: a labelled link, not a title
        return start;
    }
    if let Some(name) = trimmed.strip_suffix(':')
        && is_nickname(name.trim(), false)
        && runs.len() == 1
        && let Some(link) = next_link
    {
        fields.title = link.text.clone();
        fields.title_range = Some(link.range.clone());
        fields.aliases.push(name.trim().to_string());
        return after_runs + 1;
    }
    if runs.len() > 1
        && let Some(name) = runs[0].text.trim().strip_suffix(':')
        && is_nickname(name.trim(), false)
        && runs[1].style.any()
    {
        fields.title = unquote(runs[1].text.trim()).to_string();
        fields.title_range = Some(runs[1].range.clone());
        fields.aliases.push(name.trim().to_string());
        return run_end(tokens, start, &runs, 2, after_runs);
    }
    if let Some((name, after)) = trimmed.split_once(':')
        && is_nickname(name.trim(), false)
    {
        if let Some(inner) = quoted(after) {
            fields.title = inner.to_string();
            fields.aliases.push(name.trim().to_string());
            fields.title_range = Some(range);
            return run_end(tokens, start, &runs, used, after_runs);
        }
        // `LoRA: Low-Rank Adaptation of …`: the name is part of the paper's own title; keep
        // the whole title and the name as an alias.
        if name
            .chars()
            .skip(1)
            .any(|c| c.is_uppercase() || c.is_ascii_digit())
        {
            fields.aliases.push(name.trim().to_string());
        }
    }
    // `Angiulli, F. and Pizzuti, C., 2002, August. Title. In *Venue* pp. 15-27.`: a reference
    // in the Harvard style (yzhao062's anomaly detection list)
    static CITATION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(CITATION_PATTERN).expect("citation pattern is valid"));
    if may_open_citation(trimmed)
        && let Some(caps) = CITATION.captures(trimmed)
        && let (Some(authors), Some(year), Some(title)) = (caps.get(1), caps.get(2), caps.get(3))
    {
        fields.authors = Some(authors.as_str().trim().trim_end_matches(',').to_string());
        fields.year = year.as_str().parse().ok();
        fields.title = title.as_str().trim_end_matches('.').to_string();
        fields.description = trimmed[title.end()..].to_string();
        fields.title_range = Some(range);
        return run_end(tokens, start, &runs, used, after_runs);
    }
    // `Title | Authors | **[CVPR' 18]** | [pdf]`: the cells of a piped line
    if let Some((title, authors, rest)) = split_piped(trimmed) {
        fields.title = title.to_string();
        fields.authors = authors.map(str::to_string);
        fields.description = rest.to_string();
        fields.title_range = Some(range);
        return run_end(tokens, start, &runs, used, after_runs);
    }
    fields.title = match quoted(trimmed) {
        Some(inner) => inner.to_string(),
        None => cut_description(trimmed).to_string(),
    };
    // What the cut left (`. Proceedings of the IEEE 1998.`) is read for the venue.
    fields.description = trimmed.get(fields.title.len()..).unwrap_or("").to_string();
    fields.title_range = Some(range);
    run_end(tokens, start, &runs, used, after_runs)
}

/// The token index after the first `used` runs (each run is one or more text tokens).
fn run_end(tokens: &[Token], start: usize, runs: &[Run], used: usize, after_runs: usize) -> usize {
    if used >= runs.len() {
        return after_runs;
    }
    let Some(next) = runs.get(used) else {
        return after_runs;
    };
    tokens[start..after_runs]
        .iter()
        .position(|t| matches!(t, Token::Text { range, .. } if range.start >= next.range.start))
        .map_or(after_runs, |offset| start + offset)
}

/// `Title | Authors | ` → the title, the authors when the second part reads like names, and
/// what follows them. None when the text has no ` | `.
fn split_piped(text: &str) -> Option<(&str, Option<&str>, &str)> {
    let (title, rest) = text.split_once(" | ")?;
    let title = title.trim();
    if title.split_whitespace().count() < 2 {
        return None;
    }
    let (second, after) = rest.split_once('|').unwrap_or((rest, ""));
    let second = second.trim();
    if !second.is_empty() && looks_like_authors(second) {
        return Some((title, Some(second.trim_end_matches(',')), after));
    }
    Some((title, None, rest))
}

/// Text before a description: up to ` - `, ` – `, ` — `, a double space, or the first
/// sentence end.
fn cut_description(text: &str) -> &str {
    let mut end = text.len();
    for separator in [" - ", " – ", " — ", "  "] {
        if let Some(at) = text.trim_end().find(separator)
            && at > 0
        {
            end = end.min(at);
        }
    }
    // the end of a first sentence: `… sparse retrieval. This paper …`, `… Generalise?. In …`;
    // a question mark alone is no end: `Can Models Plan? A Study …` is one title
    if let Some(stop) = sentence_end(&text[..end]) {
        end = stop;
    }
    &text[..end]
}

/// `"Title"` → `Title`; anything else unchanged.
fn unquote(text: &str) -> &str {
    quoted(text)
        .filter(|inner| text.trim().len() <= inner.len() + 8)
        .unwrap_or(text)
}

/// `"Title", Venue, 2023` → `Title` (the cmhungsteve list quotes its titles).
pub(super) fn quoted(text: &str) -> Option<&str> {
    let text = text.trim_start();
    let (open, close) = match text.chars().next()? {
        '"' => ('"', '"'),
        '“' => ('“', '”'),
        _ => return None,
    };
    let inner = &text[open.len_utf8()..];
    let end = inner.find(close)?;
    Some(&inner[..end])
}

/// Fold whitespace and cut the punctuation and markers that join a title to what is around it.
pub(crate) fn clean_title(title: &str) -> String {
    // `Title(@Moonshot AI)`: the xlite list's organisation tag
    let folded = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let folded = &folded[..organisation_suffix(&folded).unwrap_or(folded.len())];
    // the patterns run (and compile) only where a match can start or end
    let without_leading = if opens_with(folded, &LEADING_TAG_STARTS) {
        strip_leading_tags(folded)
    } else {
        folded
    };
    let without_markers = if closes_with(without_leading, &[']', ')']) {
        TRAILING_MARKERS.replace(without_leading, "")
    } else {
        Cow::Borrowed(without_leading)
    };
    let trimmed = without_markers
        .trim_matches(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '[' | '(' | ',' | '，' | ':' | '-' | '–' | '—' | '|' | ';' | '*' | '_'
                )
        })
        .trim_end_matches('.')
        .trim();
    unquote(trimmed).trim().to_string()
}

/// A known venue written as `words`, or None: `NeurIPS`, `EMNLP Findings`, `arXiv`.
fn known_venue(words: &str) -> Option<String> {
    let words: Vec<&str> = words.split([' ', '-']).filter(|w| !w.is_empty()).collect();
    // The longest tail of the words that is a venue label: `In ICLR`, `Proc. CVPR`.
    for take in (1..=words.len().min(3)).rev() {
        let candidate = words[words.len() - take..].join(" ");
        if Venues::builtin().venue_of_exact_label(&candidate).is_some() {
            return Some(candidate);
        }
    }
    None
}

/// The first `Venue Year` in `text` whose venue is a known one.
fn venue_and_year(text: &str) -> Option<(String, u16)> {
    venue_year_with(text, known_venue)
}

/// Text that is only a venue and year (`*CVPR 2017*.`, `NeurIPS 2021`): no authors, no name.
pub(super) fn bare_venue(text: &str) -> Option<(String, u16)> {
    let text = text.trim().trim_matches(['.', ',', ' ']);
    if text.contains(',') || text.split_whitespace().count() > 3 {
        return None;
    }
    tagged_venue_and_year(text)
}

/// In a tag after a title (`(AIED 2026)`, `⭐ AIED 2026`) an acronym is a venue too.
fn tagged_venue_and_year(text: &str) -> Option<(String, u16)> {
    venue_year_with(text, |words| {
        known_venue(words).or_else(|| {
            let acronym = words.split_whitespace().last()?;
            (acronym.len() >= 3
                && acronym.chars().all(|c| c.is_ascii_uppercase())
                && words.split_whitespace().count() == 1)
                .then(|| acronym.to_string())
        })
    })
}

/// The year of a venue and year (`NeurIPS 2023`, `ICLR, 2024`, `CVPR'23`, `arXiv 2021`,
/// `ACL-2023`): `'23`, `23'` or `2023`.
fn year_of(text: &str, found: &VenueYear) -> Option<u16> {
    match (&found.short, &found.full) {
        // `'98` is 1998, `'23` 2023
        (Some(short), _) => text[short.clone()]
            .parse::<u16>()
            .ok()
            .map(|y| if y > 60 { 1900 + y } else { 2000 + y }),
        (_, Some(full)) => text[full.clone()].parse().ok(),
        _ => None,
    }
}

fn venue_year_with(text: &str, venue_of: impl Fn(&str) -> Option<String>) -> Option<(String, u16)> {
    venue_years(text).iter().find_map(|found| {
        let venue = venue_of(&text[found.words.clone()])?;
        let year = year_of(text, found)?;
        Some((venue, year))
    })
}

/// `(*ICLR'24*) Title`, `[NeurIPS 2023] Title`, `(IEEE Intelligent Systems 2023) Title` → the
/// title and the venue. A tag that opens the entry is a venue when it names a known one, or
/// when it is a few words and a year.
fn split_leading_venue(title: &str) -> (String, Option<String>, Option<u16>) {
    static LEADING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(LEADING_VENUE).expect("leading venue pattern is valid"));
    let unchanged = || (title.to_string(), None, None);
    if !opens_with(title, &['(', '[']) {
        return unchanged();
    }
    let Some(caps) = LEADING.captures(title) else {
        return unchanged();
    };
    let (Some(whole), Some(inner)) = (caps.get(0), caps.get(1)) else {
        return unchanged();
    };
    let rest = &title[whole.end()..];
    if clean_title(rest).is_empty() {
        return unchanged();
    }
    let inner = inner.as_str();
    if let Some((venue, year)) = tagged_venue_and_year(inner) {
        return (rest.to_string(), Some(venue), Some(year));
    }
    if let Some(venue) = known_venue(inner).filter(|v| v.len() == inner.trim().len()) {
        return (rest.to_string(), Some(venue), None);
    }
    // an unknown venue with a year: `(IEEE Intelligent Systems 2023)`
    if let Some(found) = venue_years(inner).first()
        && found.whole == (0..inner.len())
        && inner.split_whitespace().count() <= 6
    {
        let year = year_of(inner, found);
        if let Some(year) = year {
            return (
                rest.to_string(),
                Some(inner[found.words.clone()].to_string()),
                Some(year),
            );
        }
    }
    unchanged()
}

/// A name in brackets at the start, after emoji maybe.
/// `Angiulli, F. and Pizzuti, C., 2002, August. Title. In …`: authors, year, title.
const CITATION_PATTERN: &str = r"^((?:[\p{Lu}][\p{L}'-]+,\s(?:[\p{Lu}]\.\s?)+,?\s(?:and\s)?)+)((?:19|20)\d{2})(?:,\s[A-Z][a-z]+)?\.\s+(.+?[.?!])(?:\s|$)";

/// Whether a text can open with a Harvard-style author, `Angiulli, F. …`: a capital, more
/// letters, a comma, one space and an initial with its period. The citation pattern needs that, so every other title skips
/// compiling and running it (its Unicode classes cost a fifth of the seed's run; issue 11).
/// `is_alphabetic` and `is_uppercase` hold for every `\p{L}` and `\p{Lu}` letter, so the run
/// scanned here ends where the pattern's would.
fn may_open_citation(text: &str) -> bool {
    let mut chars = text.chars();
    if !chars.next().is_some_and(char::is_uppercase) {
        return false;
    }
    let rest = chars.as_str();
    let name = rest
        .find(|c: char| !(c.is_alphabetic() || c == '\'' || c == '-'))
        .unwrap_or(rest.len());
    if name == 0 {
        return false;
    }
    // `, F.`: one space, an initial and its period
    let mut after = rest[name..].chars();
    after.next() == Some(',')
        && after.next().is_some_and(char::is_whitespace)
        && after.next().is_some_and(char::is_uppercase)
        && after.next() == Some('.')
}

const BRACKETED_NAME_PATTERN: &str = r"^[\s\p{Extended_Pictographic}\x{FE0F}]*\[([^\]]{1,40})\]";

/// A tag in brackets or parentheses at the start, after emoji maybe.
const LEADING_VENUE: &str =
    r"^[\s\p{Extended_Pictographic}\x{FE0F}]*[\(\[]\s*([^()\[\]]{2,60}?)\s*[\)\]]\s*";

/// A venue after the title: in brackets, after a comma, or after an emoji.
const TRAILING_VENUE: &str = r"(?:\s*[\(\[]([^()\[\]]{2,40})[\)\]]|[,，]\s*([^,]{2,30}(?:,\s*(?:19|20)\d{2})?)|\s+[\p{Extended_Pictographic}\x{FE0F}]+\s*([^\p{Extended_Pictographic}]{2,40}))\s*$";

/// `, EMNLP 2023 Main Conference Paper` at the end of a title.
const TRACK_PATTERN: &str = r"[,，]\s*([A-Za-z][A-Za-z-]*\s+(?:19|20)\d{2})(?:\s+(?i:main|conference|paper|findings|long|short|oral|poster|spotlight|workshop|tutorial|track|demo))+\s*$";

/// The words a track may end a title with (`…, EMNLP 2023 Main Conference Paper`).
const TRACK_WORDS: [&str; 13] = [
    "main",
    "conference",
    "paper",
    "findings",
    "long",
    "short",
    "oral",
    "poster",
    "spotlight",
    "workshop",
    "tutorial",
    "track",
    "demo",
];

/// Whether a title can end in a track: a comma, and a last word that is a track word. Only
/// then is the track pattern compiled and run (issue 11). A last word with letters outside
/// ASCII goes to the pattern, whose case folding knows more than ASCII's.
fn may_end_in_track(title: &str) -> bool {
    let Some(last) = title.split_whitespace().last() else {
        return false;
    };
    title.contains([',', '，'])
        && (!last.is_ascii()
            || TRACK_WORDS
                .iter()
                .any(|word| word.eq_ignore_ascii_case(last)))
}

/// `Title (AAAI 2025)`, `Title, ICLR 2024`, `Title [CVPR'23]` → the title and the venue.
fn split_trailing_venue(title: &str) -> (String, Option<String>, Option<u16>) {
    static TRAILING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(TRAILING_VENUE).expect("trailing venue pattern is valid"));
    // zjunlp's `**Title, EMNLP 2023 Main Conference Paper**`: a venue, a year and the track
    static TRACK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(TRACK_PATTERN).expect("track pattern is valid"));
    if may_end_in_track(title)
        && let Some(caps) = TRACK.captures(title)
        && let (Some(whole), Some(inner)) = (caps.get(0), caps.get(1))
        && let Some((venue, year)) = tagged_venue_and_year(inner.as_str())
    {
        let rest = clean_title(&title[..whole.start()]);
        if !rest.is_empty() {
            return (rest, Some(venue), Some(year));
        }
    }
    if may_end_in_venue(title)
        && let Some(caps) = TRAILING.captures(title)
        && let Some(inner) = caps.get(1).or(caps.get(2)).or(caps.get(3))
        && let Some((venue, year)) = tagged_venue_and_year(inner.as_str())
        && let Some(whole) = caps.get(0)
    {
        let rest = clean_title(&title[..whole.start()]);
        if !rest.is_empty() {
            return (rest, Some(venue), Some(year));
        }
    }
    (title.to_string(), None, None)
}

/// Whether the first character after white space is one of `brackets` or an emoji (which
/// is not ASCII): what the leading patterns need before they are compiled or run.
fn opens_with(text: &str, brackets: &[char]) -> bool {
    text.trim_start()
        .chars()
        .next()
        .is_some_and(|c| brackets.contains(&c) || !c.is_ascii())
}

/// The first characters of a [`LEADING_TAGS`] match besides emoji and other digits.
const LEADING_TAG_STARTS: [char; 13] = [
    '[', '(', ':', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
];

/// Whether the last character before white space is one of `brackets` or not ASCII (an
/// emoji): what [`TRAILING_MARKERS`] needs before it is compiled or run.
fn closes_with(text: &str, brackets: &[char]) -> bool {
    text.trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| brackets.contains(&c) || !c.is_ascii())
}

/// Whether [`split_trailing_venue`] can find anything in `title`, checked before its costly
/// pattern is compiled or run: a venue needs an ASCII year (`'23`, `2023`; other digits do not
/// parse), and the pattern needs a closing bracket at the end, a comma, or an emoji (non-ASCII).
fn may_end_in_venue(title: &str) -> bool {
    title.bytes().any(|b| b.is_ascii_digit())
        && (title.trim_end().ends_with([')', ']']) || title.contains(',') || !title.is_ascii())
}

/// Authors, venue, year, trailing aliases and the description from what follows the title.
fn read_details(rest: &[Token], links: &[Link], fields: &mut Fields) {
    let merged = merge_text_runs(rest);
    let rest = merged.as_slice();
    // the description cut from the title's own text, if any
    let mut description = std::mem::take(&mut fields.description);
    let mut plain = description.clone();
    let mut previous_text = String::new();
    for (index, token) in rest.iter().enumerate() {
        let Token::Text { text, style, .. } = token else {
            if matches!(token, Token::Break(_) | Token::Paragraph(_)) {
                description.push(' ');
                plain.push(' ');
            }
            continue;
        };
        description.push_str(text);
        // `(**context2vec**)` after the links: the list's short name for the paper
        if style.strong
            && previous_text.trim_end().ends_with('(')
            && rest
                .get(index + 1)
                .and_then(text_of)
                .is_some_and(|next| next.trim_start().starts_with(')'))
            && is_nickname(text.trim(), true)
        {
            fields.aliases.push(text.trim().to_string());
        } else if style.emphasis
            && fields.venue.is_none()
            && let Some((venue, year)) = bare_venue(text)
        {
            // LutingWang's `Mimic. *CVPR 2017*.`: an italic venue, not an author list
            fields.venue = Some(venue);
            fields.year = Some(year);
        } else if style.emphasis
            && !style.strong
            && fields.authors.is_none()
            && !previous_text.trim_end().ends_with('(')
            // `(*A\*STAR, Singapore*)`: an affiliation in parentheses
            && !rest
                .get(index + 1)
                .and_then(text_of)
                .is_some_and(|next| next.trim_start().starts_with(')'))
            && looks_like_authors(text)
        {
            let (authors, venue) = split_author_venue(text);
            fields.authors = Some(authors);
            if fields.venue.is_none()
                && let Some((venue, year)) = venue
            {
                fields.venue = Some(venue);
                fields.year = Some(year);
            }
        } else {
            plain.push_str(text);
            plain.push(' ');
        }
        previous_text = text.clone();
    }
    // hoya012 writes `[CVPR' 14]`: the year is `'14`
    static SPACED_YEAR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(['’])\s+(\d{2})\b").expect("spaced year pattern is valid"));
    if plain.contains(['\'', '’']) {
        plain = SPACED_YEAR.replace_all(&plain, "$1$2").into_owned();
    }
    if fields.venue.is_none()
        && let Some((venue, year)) = venue_and_year(&plain)
    {
        fields.venue = Some(venue);
        fields.year = Some(year);
    }
    if fields.venue.is_none() {
        venue_from_badges(rest, links, fields);
    }
    if fields.year.is_none()
        && let Some(year) = bracketed_year(&plain)
    {
        fields.year = year.parse().ok();
    }
    // `IUI, 2016.`, `by A. Author, 2002.`, `(2024.01.08)`: a year without a known venue
    if fields.year.is_none()
        && (plain.contains("19") || plain.contains("20"))
        && let Some(found) = loose_year(&plain)
    {
        fields.year = plain[found.year].parse().ok();
    }
    // `<[Title](…)> by Ana Ruiz and Bo Chen, 2002.`
    if fields.authors.is_none()
        && let Some(by) = plain
            .trim_start_matches(['>', '›', '»', ' '])
            .strip_prefix("by ")
    {
        let names = by.split(['\n', '[']).next().unwrap_or("");
        let names = match loose_year(names) {
            Some(found) => Cow::Owned(format!(
                "{}{}",
                &names[..found.whole.start],
                &names[found.whole.end..]
            )),
            None => Cow::Borrowed(names),
        };
        let names = names.trim().trim_end_matches(['.', ',']).trim();
        if !names.is_empty() && names.split_whitespace().count() <= 40 {
            fields.authors = Some(names.to_string());
        }
    }
    // `[[Paper](…)]` leaves `[]` behind once its link is taken out
    let description = description.replace("[]", " ").replace("()", " ");
    fields.description = description
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_start_matches(['-', '–', '—', ':', ']', ' ', ',', '.'])
        .trim()
        .to_string();
}

/// Adjacent text tokens in one style as one: the parser splits `*Xavier Puig\*, Kevin Ra\*,
/// Jiaman Li*` at each escape, and the author list was `Xavier Puig` (ChanganVR).
fn merge_text_runs(tokens: &[Token]) -> Vec<Token> {
    let mut merged: Vec<Token> = Vec::with_capacity(tokens.len());
    for token in tokens {
        if let (
            Some(Token::Text {
                text: last_text,
                range: last_range,
                style: last_style,
            }),
            Token::Text { text, range, style },
        ) = (merged.last_mut(), token)
            && last_style == style
        {
            last_text.push_str(text);
            last_range.end = last_range.end.max(range.end);
            continue;
        }
        merged.push(token.clone());
    }
    merged
}

/// A venue badge (`NeurIPS-2024`, `Conference-ICML'23`) when the text names none.
fn venue_from_badges(tokens: &[Token], links: &[Link], fields: &mut Fields) {
    for token in tokens {
        let Token::Link(id) = token else { continue };
        let children = links
            .iter()
            .skip(*id)
            .take_while(|l| l.range.start < links[*id].range.end);
        for link in children {
            let Some(badge) = &link.badge else { continue };
            for text in badge.texts() {
                if let Some((venue, year)) = venue_and_year(text)
                    && !venue.eq_ignore_ascii_case("arxiv")
                {
                    fields.venue = Some(venue);
                    fields.year = Some(year);
                    return;
                }
            }
        }
    }
}

/// `A. Author, B. Author`, `A. Author et al.`, `A Author and B Author`.
fn looks_like_authors(text: &str) -> bool {
    let text = text.trim();
    let words = text.split_whitespace().count();
    words >= 2
        && (text.contains(',') || text.contains(" et al") || text.contains(" and ") || words <= 4)
        && text.chars().next().is_some_and(char::is_uppercase)
}

/// `Shunyu Yao, Yuan Cao. ICLR 2023.` → the authors and the venue.
fn split_author_venue(text: &str) -> (String, Option<(String, u16)>) {
    let trimmed = text.trim().trim_end_matches('.');
    if let Some((authors, tail)) = trimmed.rsplit_once(". ")
        && let Some(venue) = venue_and_year(tail)
    {
        return (authors.trim().to_string(), Some(venue));
    }
    (
        trimmed.trim_end_matches([',', ';']).trim().to_string(),
        None,
    )
}

/// An image, or a link whose only content is an image (`[![Star](badge)](repo)`).
pub(super) fn is_image_only(id: LinkId, links: &[Link]) -> bool {
    let Some(link) = links.get(id) else {
        return false;
    };
    link.image
        || links
            .iter()
            .skip(id + 1)
            .take_while(|child| child.range.start < link.range.end)
            .any(|child| child.parent == Some(id) && child.image && child.text == link.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(text: &str, style: Style) -> Token {
        Token::Text {
            text: text.to_string(),
            range: 0..text.len(),
            style,
        }
    }

    const PLAIN: Style = Style {
        strong: false,
        emphasis: false,
        underline: false,
    };

    #[test]
    fn description_cuts() {
        assert_eq!(
            cut_description("Chain-of-Thought Hub - measures how well"),
            "Chain-of-Thought Hub"
        );
        assert_eq!(
            cut_description("Scaling Laws for Sparse Retrieval  This paper studies"),
            "Scaling Laws for Sparse Retrieval"
        );
        assert_eq!(
            cut_description("Scaling Laws for Sparse Retrieval. This paper studies"),
            "Scaling Laws for Sparse Retrieval"
        );
        assert_eq!(cut_description("Foo et al. Bar"), "Foo et al. Bar");
    }

    #[test]
    fn trailing_venues_leave_the_title() {
        assert_eq!(
            split_trailing_venue("Free Lunch in the Forest (AAAI 2025)"),
            (
                "Free Lunch in the Forest".to_string(),
                Some("AAAI".to_string()),
                Some(2025)
            )
        );
        assert_eq!(
            split_trailing_venue("Title, NeurIPS'23").1.as_deref(),
            Some("NeurIPS")
        );
        // a parenthesis that is not a venue stays
        assert_eq!(
            split_trailing_venue("GPT-4 Technical Report (2023)").0,
            "GPT-4 Technical Report (2023)"
        );
    }

    #[test]
    fn markers_are_not_titles() {
        assert_eq!(clean_title("🔥 ⭐ [NEW] Title 🆕"), "Title");
        assert_eq!(clean_title("(New) Title ⚠️"), "Title");
        assert_eq!(clean_title("1) Title"), "Title");
        assert_eq!(clean_title("2.5D Scenes"), "2.5D Scenes");
    }

    #[test]
    fn authors_and_venue_in_one_italic_run() {
        let tokens = [
            text(
                "ReAct",
                Style {
                    strong: true,
                    ..PLAIN
                },
            ),
            text(" ", PLAIN),
            text(
                "Shunyu Yao, Yuan Cao. ICLR 2023.",
                Style {
                    emphasis: true,
                    ..PLAIN
                },
            ),
        ];
        let fields = extract(&tokens, &[]);
        assert_eq!(fields.title, "ReAct");
        assert_eq!(fields.authors.as_deref(), Some("Shunyu Yao, Yuan Cao"));
        assert_eq!(fields.venue.as_deref(), Some("ICLR"));
        assert_eq!(fields.year, Some(2023));
    }

    /// The pre-check may skip only titles in which the pattern finds no venue and year.
    fn venue_by_pattern_alone(title: &str) -> Option<(String, u16)> {
        static TRAILING: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(TRAILING_VENUE).expect("valid pattern"));
        let caps = TRAILING.captures(title)?;
        let inner = caps.get(1).or(caps.get(2)).or(caps.get(3))?;
        tagged_venue_and_year(inner.as_str())
    }

    static BRACKETED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(BRACKETED_NAME_PATTERN).expect("valid pattern"));
    static LEADING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(LEADING_VENUE).expect("valid pattern"));

    #[test]
    fn the_leading_prechecks_keep_every_match() {
        for title in [
            " [Name] Title",
            "🔥[Name] Title",
            "\u{FE0F} (ICLR 2024) Title",
        ] {
            assert!(
                BRACKETED.is_match(title) || LEADING.is_match(title),
                "{title}"
            );
            assert!(opens_with(title, &['(', '[']), "{title}");
        }
        assert!(!opens_with("Title [Name]", &['(', '[']));
        for title in [
            "[New] Title",
            "1. Title",
            ":fire: Title",
            "(hot) Title",
            "🔥 Title",
        ] {
            assert!(LEADING_TAGS.is_match(title), "{title}");
            assert!(opens_with(title, &LEADING_TAG_STARTS), "{title}");
        }
        for title in ["Title [new]", "Title (HOT) ", "Title 🔥"] {
            assert!(TRAILING_MARKERS.is_match(title), "{title}");
            assert!(closes_with(title, &[']', ')']), "{title}");
        }
    }

    #[test]
    fn the_trailing_venue_precheck_keeps_every_venue() {
        for title in [
            "Title (AAAI 2025)",
            "Title, ICLR 2024",
            "Title [CVPR'23]  ",
            "Title 🔥 NeurIPS 2023",
            "Title 🔥\u{FE0F} ICML'22",
            "Title ©ICLR 2024",
            "Title，ACL 2021",
        ] {
            assert!(venue_by_pattern_alone(title).is_some(), "{title}");
            assert!(may_end_in_venue(title), "{title}");
        }
    }

    proptest::proptest! {
        /// The citation pre-check never skips a text the pattern matches: random texts, and
        /// references built from random author names.
        #[test]
        fn citation_precheck_keeps_built_references(
            surname in "[A-ZÉǅ][a-zß'é\u{300}-]{1,8}",
            initial in "[A-ZÉ]",
            year in 1900u32..2100,
        ) {
            let text = format!("{surname}, {initial}. and Pizzuti, C., {year}, August. A title. In Venue.");
            let pattern = Regex::new(CITATION_PATTERN).unwrap();
            if pattern.is_match(&text) {
                proptest::prop_assert!(may_open_citation(&text), "{:?}", text);
            }
        }

        /// The citation pre-check never skips a text the pattern matches.
        #[test]
        fn citation_precheck_keeps_every_match(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Angiulli", "É", "ß", "o", "'", "-", ",", " ", "F", ".", "and ", "2002",
                    "1999", ", August", "Title", "?", "\u{300}", "Ⅻ", "ǅ", "x", "\n",
                ]),
                0..24,
            )
        ) {
            let text = pieces.concat();
            let pattern = Regex::new(CITATION_PATTERN).unwrap();
            if pattern.is_match(&text) {
                proptest::prop_assert!(may_open_citation(&text), "{:?}", text);
            }
        }
    }

    #[test]
    fn citation_precheck_on_real_references() {
        let pattern = Regex::new(CITATION_PATTERN).unwrap();
        for text in [
            "Angiulli, F. and Pizzuti, C., 2002, August. Fast outlier detection. In PKDD.",
            "Campos, G.O., Zimek, A. and Houle, M.E., 2016. On the evaluation of outliers. In DMKD.",
            "Müller, É. and O'Neil-Smith, J., 2019. A title? In Venue.",
        ] {
            assert!(pattern.is_match(text), "{text}");
            assert!(may_open_citation(text), "{text}");
        }
        // ordinary titles skip the pattern
        for text in [
            "LoRA: Low-Rank Adaptation",
            "(2019) Title",
            "efficient, fast",
        ] {
            assert!(!may_open_citation(text), "{text}");
        }
    }

    proptest::proptest! {
        /// The track pre-check never skips a title the pattern matches.
        #[test]
        fn track_precheck_keeps_every_match(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Title", ",", "，", " ", "EMNLP", "2023", "1999", "Main", "main ", "PAPER",
                    "Conference", "\u{212A}", "findings", "x", "\t", "\u{a0}", "oral", "-",
                ]),
                0..16,
            )
        ) {
            let text = pieces.concat();
            let pattern = Regex::new(TRACK_PATTERN).unwrap();
            if pattern.is_match(&text) {
                proptest::prop_assert!(may_end_in_track(&text), "{:?}", text);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_trailing_venue_precheck_skips_no_venue(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Title", " ", "NeurIPS", "ICLR", "ACL", "AAAI", "2023", "23", "١٩٩٨", "٢٣",
                    ",", "，", "(", ")", "[", "]", "'", "’", "🔥", "\u{FE0F}", "©", "-", "\u{3000}",
                    "\n", "x", "Ab", "[new]", "(Hot)", "(updated)", "1. ", ":fire:", "٣)",
                ]),
                0..12,
            )
        ) {
            let title = pieces.concat();
            if !may_end_in_venue(&title) {
                proptest::prop_assert_eq!(venue_by_pattern_alone(&title), None, "{:?}", title);
            }
            if !opens_with(&title, &LEADING_TAG_STARTS) {
                proptest::prop_assert!(!LEADING_TAGS.is_match(&title), "{:?}", title);
            }
            if !closes_with(&title, &[']', ')']) {
                proptest::prop_assert!(!TRAILING_MARKERS.is_match(&title), "{:?}", title);
            }
            if !opens_with(&title, &['[']) {
                proptest::prop_assert!(!BRACKETED.is_match(&title), "{:?}", title);
            }
            if !opens_with(&title, &['(', '[']) {
                proptest::prop_assert!(!LEADING.is_match(&title), "{:?}", title);
            }
        }
    }
}
