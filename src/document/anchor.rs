//! Anchors as GitHub makes them: the `id` of every heading, de-duplicated with `-1`, `-2`, …,
//! and the ids and names written in HTML. One place, so every rule that compares a `#fragment`
//! with a heading (broken links, a table of contents) agrees with what GitHub renders.
//!
//! GitHub lower-cases the heading's text (its rendered text: Markdown and HTML tags gone,
//! image alt text not included), removes every character that is punctuation, a symbol, a
//! control or format character, a separator other than the space, or an "other" number
//! (`²`, `①`) unless it is alphabetic, and turns each space into `-`. Letters, marks (the
//! emoji variation selector U+FE0F among them), digits, `-` and `_` stay. The categories are
//! those github-slugger documents and tests against GitHub's own output.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::SectionId;

/// What GitHub drops from a heading's text before it turns spaces into `-`.
static REMOVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[[\p{No}\p{P}\p{S}\p{Cc}\p{Co}\p{Cf}\p{Cn}\p{Z}]--[\p{Alphabetic}\p{Pc} \-]]")
        .expect("anchor pattern is valid")
});

/// GitHub's anchor for a heading's rendered text, before repeats are numbered.
pub fn github_anchor(text: &str) -> String {
    let lower = text.to_lowercase();
    if lower.chars().all(|c| c.is_ascii() || is_symbol_block(c)) {
        // most headings (`## 🚀 Adapters`): the same characters go without compiling
        // REMOVED's Unicode tables
        return lower
            .chars()
            .filter(|&c| !is_symbol_block(c) && !removed_ascii(c))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
    }
    REMOVED.replace_all(&lower, "").replace(' ', "-")
}

/// [`REMOVED`] on ASCII: punctuation and symbols other than `-` and `_`, and controls.
fn removed_ascii(c: char) -> bool {
    (c.is_ascii_punctuation() && c != '-' && c != '_') || c.is_ascii_control()
}

/// Blocks of symbols and emoji that [`REMOVED`] removes whole: Miscellaneous Symbols,
/// Dingbats, Miscellaneous Symbols and Arrows, Miscellaneous Symbols and Pictographs,
/// Emoticons, Transport and Map Symbols, Supplemental Symbols and Pictographs.
fn is_symbol_block(c: char) -> bool {
    matches!(c as u32, 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x1F300..=0x1F6FF | 0x1F900..=0x1F9FF)
}

/// Numbers repeated anchors the way GitHub does: the second `Tools` is `tools-1`, and a
/// later heading whose own anchor is taken (`Tools 1` after two `Tools`) counts on.
#[derive(Debug, Default)]
pub struct Slugger {
    occurrences: HashMap<String, usize>,
}

impl Slugger {
    /// The unique anchor of the next heading with this rendered text.
    pub fn slug(&mut self, text: &str) -> String {
        let base = github_anchor(text);
        let mut slug = base.clone();
        while self.occurrences.contains_key(&slug) {
            let count = self.occurrences.entry(base.clone()).or_insert(0);
            *count += 1;
            slug = format!("{base}-{count}");
        }
        self.occurrences.insert(slug.clone(), 0);
        slug
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorKind {
    /// A heading's generated anchor.
    Heading(SectionId),
    /// An `id="…"` on any HTML element, or `<a name="…">`.
    Html,
}

/// A place a `#fragment` can point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// The id without the `user-content-` prefix GitHub adds when it renders.
    pub id: String,
    /// The heading, or the attribute value in the HTML.
    pub range: Range<usize>,
    pub kind: AnchorKind,
}

/// A link's fragment as the browser compares it: percent-decoded when that gives UTF-8
/// (GitHub's `#%E4%B8%AD%E6%96%87` reaches the heading `中文`), as written otherwise.
pub fn decode_fragment(fragment: &str) -> String {
    percent_encoding::percent_decode_str(fragment)
        .decode_utf8()
        .map_or_else(|_| fragment.to_string(), |decoded| decoded.into_owned())
}

/// Whether a fragment reaches a place without any anchor: `#` and `#top` go to the top of
/// the page (the HTML standard's rule for `top`), and `#:~:text=…` is a browser's text
/// fragment, found in the page's words.
pub fn needs_no_anchor(fragment: &str) -> bool {
    fragment.is_empty() || fragment.eq_ignore_ascii_case("top") || fragment.starts_with(":~:")
}

/// The anchors of one file, indexed: a list with thousands of headings and links is looked
/// up in constant time per link, and each anchor's comparison keys are made once.
#[derive(Debug, Clone, Default)]
pub struct AnchorSet {
    anchors: Vec<Anchor>,
    /// The first anchor with each id.
    by_id: HashMap<String, usize>,
    /// One per distinct id, in source order: the anchor and its comparison keys.
    keys: Vec<Key>,
}

#[derive(Debug, Clone)]
struct Key {
    anchor: usize,
    letters: String,
    words: Vec<String>,
}

impl AnchorSet {
    /// Index anchors; they are kept in source order.
    pub fn new(mut anchors: Vec<Anchor>) -> Self {
        anchors.sort_by_key(|a| a.range.start);
        let mut by_id = HashMap::new();
        let mut keys = Vec::new();
        for (index, anchor) in anchors.iter().enumerate() {
            if !by_id.contains_key(&anchor.id) {
                by_id.insert(anchor.id.clone(), index);
                keys.push(Key {
                    anchor: index,
                    letters: letters(&anchor.id),
                    words: words(&anchor.id),
                });
            }
        }
        Self {
            anchors,
            by_id,
            keys,
        }
    }

    pub fn as_slice(&self) -> &[Anchor] {
        &self.anchors
    }

    /// The anchor a link's fragment (without `#`) lands on. GitHub prefixes rendered ids
    /// with `user-content-` and, when no id matches the fragment, tries it lower-cased, so
    /// `#Efficient-MOE` reaches `efficient-moe`; an HTML id keeps its case.
    pub fn find(&self, fragment: &str) -> Option<&Anchor> {
        let decoded = decode_fragment(fragment);
        let name = decoded.strip_prefix("user-content-").unwrap_or(&decoded);
        self.by_id
            .get(name)
            .or_else(|| self.by_id.get(&name.to_lowercase()))
            .map(|&index| &self.anchors[index])
    }

    /// Whether a fragment lands somewhere: an anchor, or the top of the page.
    pub fn reaches(&self, fragment: &str) -> bool {
        needs_no_anchor(fragment) || self.find(fragment).is_some()
    }
}

/// Letters and digits only, lower case: `Efficient_MOE`, `efficient-moe` and
/// `-efficient-moe` (an emoji removed) are one key.
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// `long` is `short` with one more word at its start or its end: a heading that gained a
/// prefix or suffix such as `(New)` or `1.` after the link was written.
fn one_word_more(long: &[String], short: &[String]) -> bool {
    !short.is_empty()
        && long.len() == short.len() + 1
        && (long.ends_with(short) || long.starts_with(short))
}

/// `long` is `short` with one or two more words: a link to a sub-heading that is gone
/// (`#modality-control-video-generation` when only `## Video Generation` is left).
fn fewer_words(long: &[String], short: &[String]) -> bool {
    !short.is_empty()
        && (1..=2).contains(&(long.len().saturating_sub(short.len())))
        && (long.ends_with(short) || long.starts_with(short))
}

/// Levenshtein distance over characters, when it is at most `limit`. A row's smallest cell
/// never shrinks in the rows below it, so a row above the limit ends the count: a 10 MB list's
/// broken fragments each meet 30 000 anchors (issue 11).
fn distance_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        let mut smallest = row[0];
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb {
                previous
            } else {
                1 + previous.min(row[j]).min(row[j + 1])
            };
            smallest = smallest.min(row[j + 1]);
            previous = current;
        }
        if smallest > limit {
            return None;
        }
    }
    Some(row[b.len()]).filter(|&d| d <= limit)
}

/// What the anchors of a file offer for a fragment that matches none of them.
#[derive(Debug, PartialEq, Eq)]
pub enum Suggestion<'a> {
    /// Exactly one anchor is the fragment in another form (`efficient_moe` for
    /// `efficient-moe`, an emoji or a `(New)` prefix added or removed): safe to replace.
    One(&'a Anchor),
    /// The nearest anchors, best first (none when nothing is near).
    Nearest(Vec<&'a Anchor>),
}

/// How many anchors a help message lists.
const NEAREST: usize = 3;

/// A tier of candidates: one is an answer, several are a list, none passes to the next.
fn decide<'a>(candidates: Vec<&'a Anchor>) -> Option<Suggestion<'a>> {
    match candidates.len() {
        0 => None,
        1 => Some(Suggestion::One(candidates[0])),
        _ => Some(Suggestion::Nearest(
            candidates.into_iter().take(NEAREST).collect(),
        )),
    }
}

impl AnchorSet {
    /// The anchor a broken fragment most likely meant, judged from the fragment and from
    /// the link's text (a table of contents repeats the heading: `[🤖 Model-Centric
    /// Methods]`). In order: the fragment's letters; the text's letters; the fragment with
    /// one word less than an anchor. Then, listed without a fix: the nearest anchors by
    /// edit distance, those sharing half the words, and those the fragment names with a
    /// word or two more.
    pub fn suggest(&self, fragment: &str, text: &str) -> Suggestion<'_> {
        let decoded = decode_fragment(fragment);
        let fragment_key = letters(&decoded);
        let text_key = letters(text);
        let fragment_words = words(&decoded);
        // `#generation-2` asks for the third "Generation"; when fewer are left, which one
        // it meant is not for a fix to guess (hee9joon's excerpt keeps only the first).
        if let Some((base, counter)) = decoded.rsplit_once('-')
            && !counter.is_empty()
            && counter.chars().all(|c| c.is_ascii_digit())
            && let Some(&index) = self.by_id.get(&base.to_lowercase())
        {
            return Suggestion::Nearest(vec![&self.anchors[index]]);
        }
        let tiers: [&dyn Fn(&Key) -> bool; 3] = [
            &|k| !fragment_key.is_empty() && k.letters == fragment_key,
            &|k| !text_key.is_empty() && k.letters == text_key,
            &|k| one_word_more(&k.words, &fragment_words),
        ];
        for tier in tiers {
            let candidates = self
                .keys
                .iter()
                .filter(|k| tier(k))
                .map(|k| &self.anchors[k.anchor])
                .collect();
            if let Some(suggestion) = decide(candidates) {
                return suggestion;
            }
        }
        let limit = |key: &str| (key.chars().count() / 5).max(2);
        let (fragment_limit, text_limit) = (limit(&fragment_key), limit(&text_key));
        let mut near: Vec<((u8, usize), &Anchor)> = self
            .keys
            .iter()
            .filter_map(|k| {
                let by_fragment = bounded_distance(&fragment_key, &k.letters, fragment_limit);
                let by_text = if text_key.is_empty() {
                    None
                } else {
                    bounded_distance(&text_key, &k.letters, text_limit)
                };
                let shared = overlap(&fragment_words, &k.words);
                let score = match by_fragment.into_iter().chain(by_text).min() {
                    Some(d) => (0, d),
                    None if shared >= 50 => (1, 100 - shared),
                    None if fewer_words(&fragment_words, &k.words) => (2, 0),
                    None => return None,
                };
                Some((score, &self.anchors[k.anchor]))
            })
            .collect();
        near.sort_by_key(|(score, a)| (*score, a.range.start));
        Suggestion::Nearest(near.into_iter().take(NEAREST).map(|(_, a)| a).collect())
    }
}

/// The edit distance when it is at most `limit`; lengths further apart are not compared.
fn bounded_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.abs_diff(lb) > limit {
        return None;
    }
    distance_within(a, b, limit)
}

/// Shared words as a percentage of all words of both (Jaccard): `instruct-guided-editing-model`
/// and `instruct-guided-video-editing` share 3 of 5.
fn overlap(a: &[String], b: &[String]) -> usize {
    let shared = a.iter().filter(|w| b.contains(w)).count();
    let all = a.len() + b.len() - shared;
    (shared * 100).checked_div(all).unwrap_or(0)
}

/// An anchor as a link writes it: letters, digits, `-`, `_` and `.` as they are, anything
/// else percent-encoded, so an invisible variation selector (`⚙️`) shows as `%EF%B8%8F`.
pub fn link_form(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
            out.push(c);
        } else {
            let mut buffer = [0; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_path_removes_what_the_pattern_removes() {
        for byte in 0u8..128 {
            let c = char::from(byte);
            assert_eq!(removed_ascii(c), REMOVED.is_match(&c.to_string()), "{c:?}");
        }
        for c in ('\u{80}'..=char::MAX).filter(|&c| is_symbol_block(c)) {
            assert!(REMOVED.is_match(&c.to_string()), "{c:?}");
        }
        assert_eq!(
            github_anchor("🚀 Serial Adapters (NLU)"),
            "-serial-adapters-nlu"
        );
    }

    #[test]
    fn github_anchor_follows_githubs_character_classes() {
        for (text, anchor) in [
            ("Efficient MOE", "efficient-moe"),
            ("heading with a - dash", "heading-with-a---dash"),
            (
                "heading with an _ underscore",
                "heading-with-an-_-underscore",
            ),
            (
                "exchange.bind_headers(exchange, routing [, bindCallback])",
                "exchangebind_headersexchange-routing--bindcallback",
            ),
            ("😄 unicode emoji", "-unicode-emoji"),
            ("I ♥ unicode", "i--unicode"),
            ("en–dash", "endash"),
            (
                "apostrophe’s should be trimmed",
                "apostrophes-should-be-trimmed",
            ),
            ("Привет non-latin 你好", "привет-non-latin-你好"),
            ("大模型 推理", "大模型-推理"),
            // The variation selector of `⚙️` is a mark: GitHub keeps it.
            ("⚙️ Tools", "\u{fe0f}-tools"),
            ("x² and ①", "x-and-"),
            ("a\u{a0}b", "ab"),
            ("C++ & C#", "c--c"),
            ("Part I: 1.5 (New!)", "part-i-15-new"),
        ] {
            assert_eq!(github_anchor(text), anchor, "{text}");
        }
    }

    #[test]
    fn link_form_encodes_what_is_not_a_letter() {
        assert_eq!(link_form("\u{fe0f}-defenses-15"), "%EF%B8%8F-defenses-15");
        assert_eq!(link_form("中文-资源_1.5"), "中文-资源_1.5");
    }

    #[test]
    fn repeats_are_numbered_like_github() {
        let mut slugger = Slugger::default();
        let slugs: Vec<String> = ["echo", "echo", "echo 1", "echo-1", "echo", "foxtrot-1"]
            .into_iter()
            .map(|t| slugger.slug(t))
            .collect();
        assert_eq!(
            slugs,
            [
                "echo",
                "echo-1",
                "echo-1-1",
                "echo-1-2",
                "echo-2",
                "foxtrot-1"
            ]
        );
        let mut slugger = Slugger::default();
        let slugs: Vec<String> = ["foxtrot-1", "foxtrot", "foxtrot"]
            .into_iter()
            .map(|t| slugger.slug(t))
            .collect();
        assert_eq!(slugs, ["foxtrot-1", "foxtrot", "foxtrot-2"]);
    }

    fn anchors(ids: &[&str]) -> AnchorSet {
        AnchorSet::new(
            ids.iter()
                .enumerate()
                .map(|(i, id)| Anchor {
                    id: id.to_string(),
                    range: i..i + 1,
                    kind: AnchorKind::Html,
                })
                .collect(),
        )
    }

    #[test]
    fn fragments_match_decoded_prefixed_or_lower_cased() {
        let set = anchors(&["efficient-moe", "中文", "Mixed"]);
        for reached in [
            "efficient-moe",
            "Efficient-MOE",
            "user-content-efficient-moe",
            "%E4%B8%AD%E6%96%87",
            "Mixed",
            "top",
            "",
            ":~:text=unicode",
        ] {
            assert!(set.reaches(reached), "{reached}");
        }
        for broken in ["mixed", "efficient_moe", "%FF", "topics"] {
            assert!(!set.reaches(broken), "{broken}");
        }
    }

    #[test]
    fn one_close_anchor_or_the_nearest() {
        let list = anchors(&[
            "efficient-moe",
            "-efficient-pruning",
            "new-tools",
            "tools-for-cli",
            "datasets",
        ]);
        let one = |fragment| match list.suggest(fragment, "") {
            Suggestion::One(a) => Some(a.id.clone()),
            Suggestion::Nearest(_) => None,
        };
        assert_eq!(one("efficient_moe").as_deref(), Some("efficient-moe"));
        assert_eq!(
            one("efficient-pruning").as_deref(),
            Some("-efficient-pruning")
        );
        assert_eq!(one("Efficient%20MOE").as_deref(), Some("efficient-moe"));
        // The heading gained `New`: one word more than the link.
        assert_eq!(one("tools").as_deref(), Some("new-tools"));
        let Suggestion::Nearest(near) = list.suggest("dataset", "") else {
            panic!("no safe fix for a changed word")
        };
        assert_eq!(near[0].id, "datasets");
        // The link names a sub-heading that is gone: listed, never fixed.
        let list = anchors(&["video-generation", "video-generation-with-other-conditions"]);
        let Suggestion::Nearest(near) = list.suggest(
            "modality-control-video-generation",
            "Video Generation with other Condtions",
        ) else {
            panic!("no safe fix for a sub-heading")
        };
        let ids: Vec<&str> = near.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(
            ids,
            ["video-generation-with-other-conditions", "video-generation"]
        );
        // The link's text names the heading: ChenHsing's `[U-Net based](#category-specific)`.
        let list = anchors(&["u-net-based", "transformer-based"]);
        assert_eq!(
            list.suggest("category-specific", "U-Net based"),
            Suggestion::One(&list.as_slice()[0])
        );
        assert_eq!(
            list.suggest("nothing-alike", "Nothing"),
            Suggestion::Nearest(Vec::new())
        );
    }

    /// Plain Levenshtein, the reference for the early-stopping count.
    fn full_distance(a: &str, b: &str) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut table = vec![vec![0; b.len() + 1]; a.len() + 1];
        for (i, row) in table.iter_mut().enumerate() {
            row[0] = i;
        }
        table[0] = (0..=b.len()).collect();
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let substitution = table[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
                table[i][j] = substitution
                    .min(table[i - 1][j] + 1)
                    .min(table[i][j - 1] + 1);
            }
        }
        table[a.len()][b.len()]
    }

    proptest::proptest! {
        #[test]
        fn early_stopping_distance_agrees_with_levenshtein(
            a in "[a-dé-]{0,12}",
            b in "[a-dé-]{0,12}",
            limit in 0usize..6,
        ) {
            let full = full_distance(&a, &b);
            proptest::prop_assert_eq!(
                distance_within(&a, &b, limit),
                (full <= limit).then_some(full)
            );
        }
    }
}
