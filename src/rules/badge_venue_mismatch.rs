use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::Severity;
use crate::document::{Badge, Document, Entry, Link, LinkId, LinkRole};
use crate::identity::{WebUrl, arxiv_id, arxiv_id_in_text};
use crate::rule::{Context, Rule, RuleMeta};
use crate::rules::malformed_link::malformation;
use crate::scan;
use crate::venues::{Venue, VenueKind, Venues, dead_host_of};

pub static META: RuleMeta = RuleMeta {
    id: "badge-venue-mismatch",
    default_severity: Severity::Warning,
    summary: "a badge that contradicts the link it stands beside or wraps",
    doc: include_str!("../../rules/badge-venue-mismatch.md"),
    network: false,
    fixable: false,
};

/// Readers trust a badge more than a URL: an `arXiv` badge on an ACL Anthology PDF tells
/// them the paper is a preprint, and one badge copied to the wrong entry misleads twice.
#[derive(Debug, Default)]
pub struct BadgeVenueMismatch;

/// When a file gives this many badges the same wrong alt text, it is the file's habit
/// (liushunyu's list keeps the alt `arXiv` on 107 venue badges): one finding says so.
const ALT_HABIT: usize = 5;

/// The venue a badge shows: its label or message, else its alt text.
fn shown_venue<'a>(venues: &'a Venues, link: &Link) -> Option<&'a Venue> {
    let badge = link.badge.as_ref()?;
    badge.texts().find_map(|text| venues.venue_of_label(text))
}

/// How a badge relates to the link it speaks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pairing {
    Wraps,
    Beside,
    /// A line of badges under an entry speaks about the entry's paper link.
    EntryPaper,
}

impl Pairing {
    fn label(self) -> &'static str {
        match self {
            Pairing::Wraps => "the link it wraps",
            Pairing::Beside => "the link it stands beside",
            Pairing::EntryPaper => "the entry's paper link",
        }
    }
}

/// A badge whose alt text names one venue and whose label another.
struct AltMismatch {
    range: Range<usize>,
    shown: String,
    alt: String,
}

impl Rule for BadgeVenueMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let venues = Venues::builtin();
        let mut alt_mismatches = Vec::new();
        for entry in doc.entries() {
            for (id, link) in entry
                .links
                .iter()
                .map(|&id| (id, doc.link(id)))
                .filter(|(_, link)| link.role == Some(LinkRole::Badge))
            {
                let Some(badge) = &link.badge else { continue };
                let alt = venues.venue_of_label(&badge.alt);
                let shown = shown_venue(venues, link);
                if let (Some(alt), Some(shown)) = (alt, shown)
                    && alt.name != shown.name
                    && !share_a_host(alt, shown)
                {
                    alt_mismatches.push(AltMismatch {
                        range: link.range.clone(),
                        shown: shown.name.clone(),
                        alt: alt.name.clone(),
                    });
                    continue;
                }
                let venue = shown.or(alt);
                if venue.is_none() {
                    misspelt_venue(venues, badge, link, cx);
                    continue;
                }
                let Some((target, pairing)) = paired_link(doc, entry, id, link) else {
                    continue;
                };
                self.compare(doc, venues, link, badge, venue, target, pairing, cx);
            }
        }
        report_alt_mismatches(alt_mismatches, cx);
    }
}

impl BadgeVenueMismatch {
    #[allow(clippy::too_many_arguments)]
    fn compare(
        &self,
        doc: &Document,
        venues: &Venues,
        link: &Link,
        badge: &Badge,
        venue: Option<&Venue>,
        target: &Link,
        pairing: Pairing,
        cx: &mut Context,
    ) {
        // A conference badge wrapping a code or project link makes no claim about a paper
        // page; an arXiv badge claims arXiv whatever it wraps (ChenHsing's list wraps one
        // around a PDF on ai.meta.com).
        let claims_the_link = target.paper_key().is_some()
            || !venues.venues_of_host(&target.url).is_empty()
            || venue.is_some_and(|v| v.kind == VenueKind::Preprint);
        if !claims_the_link {
            return;
        }
        let written = doc.slice(target.url_range.clone());
        let place = link_venue(&target.url);
        let related = pairing.label();
        if let Some(venue) = venue
            && !venues.consistent(venue, &target.url)
        {
            let named = place
                .as_ref()
                .and_then(LinkVenue::display)
                .or_else(|| single_venue_of_host(venues, &target.url));
            let at = named
                .clone()
                .or_else(|| {
                    venues
                        .venues_of_host(&target.url)
                        .first()
                        .map(|v| v.name.clone())
                })
                .unwrap_or_else(|| host_of(&target.url));
            let help = match &named {
                Some(named) => format!(
                    "use a badge that names {named}, or link the {} version",
                    venue.name
                ),
                None => format!(
                    "use a badge that names where the paper was published, or link the {} version",
                    venue.name
                ),
            };
            cx.report(
                link.range.clone(),
                format!("badge says {} but {related} goes to {at}", venue.name),
            )
            .url(written)
            .related(target.range.clone(), related)
            .help(help);
            return;
        }
        if let (Some(venue), Some(place)) = (venue, &place)
            && matches!(venue.kind, VenueKind::Conference | VenueKind::Journal)
        {
            // CVF pages carry the conference: a CVPR badge on `/ICCV2023/` contradicts it.
            if let Some(name) = place.name
                && !same_venue(&venue.name, name)
            {
                let named = place.display().unwrap_or_else(|| name.to_string());
                cx.report(
                    link.range.clone(),
                    format!("badge says {} but {related} goes to {named}", venue.name),
                )
                .url(written)
                .related(target.range.clone(), related)
                .help(format!(
                    "make the badge say {named}, or link the {} paper",
                    venue.name
                ));
                return;
            }
            if let (Some(badge_year), Some(link_year)) = (badge_year(badge), place.year)
                && badge_year != link_year
            {
                let named = place.display().unwrap_or_else(|| venue.name.clone());
                cx.report(
                    link.range.clone(),
                    format!(
                        "badge says {} {badge_year} but {related} goes to {named}",
                        venue.name
                    ),
                )
                .url(written)
                .related(target.range.clone(), related)
                .help(format!(
                    "make the badge say {link_year}, or link the {badge_year} paper"
                ));
                return;
            }
        }
        let badge_id = badge.texts().find_map(arxiv_id_in_text);
        if let (Some(badge_id), Some(link_id)) = (badge_id, arxiv_id(&target.url))
            && badge_id != link_id
        {
            cx.report(
                link.range.clone(),
                format!("badge names arXiv:{badge_id} but the link goes to arXiv:{link_id}"),
            )
            .url(written)
            .related(target.range.clone(), related)
            .help("update the badge or the link so both name the same paper");
        }
    }
}

/// The link a badge speaks about: the one it wraps; else the link beside it on its own
/// line; else, for a line of badges under an entry (the seed's layout), the entry's paper.
/// Never a link on another line when the badge's line has links of its own.
fn paired_link<'d>(
    doc: &'d Document,
    entry: &Entry,
    badge_id: LinkId,
    badge: &Link,
) -> Option<(&'d Link, Pairing)> {
    // A dead host (paperswithcode) is dead-host's finding and names no venue.
    let usable = |link: &Link| {
        !link.url.trim().is_empty()
            && malformation(&link.url).is_none()
            && dead_host_of(&link.url).is_none()
    };
    // An empty target (`[![Paper](badge)]()`, Westlake L78) is malformed-link's finding; a
    // badge around a malformed target (`[url](url2)`, ChenHsing L422) too.
    if let Some(parent) = badge.parent.map(|id| doc.link(id)) {
        if parent.url.trim().is_empty() {
            // horseee wraps decorative badges in `[…]()`; the row's paper link stands beside.
        } else {
            return usable(parent).then_some((parent, Pairing::Wraps));
        }
    }
    let lines = doc.line_index();
    let line = lines.line_of(badge.range.start);
    let wrappers: HashSet<LinkId> = entry
        .links
        .iter()
        .filter_map(|&id| doc.link(id).parent)
        .collect();
    let beside = entry
        .links
        .iter()
        .filter(|&&id| id != badge_id && Some(id) != badge.parent && !wrappers.contains(&id))
        .map(|&id| doc.link(id))
        .filter(|link| !link.image && lines.line_of(link.range.start) == line)
        .min_by_key(|link| link.range.start.abs_diff(badge.range.start));
    if let Some(beside) = beside {
        // A badge beside a code or project link speaks about none of them.
        let names_a_paper = beside.paper_key().is_some()
            || !Venues::builtin().venues_of_host(&beside.url).is_empty();
        return (usable(beside) && names_a_paper).then_some((beside, Pairing::Beside));
    }
    let paper = doc.link(entry.paper?);
    usable(paper).then_some((paper, Pairing::EntryPaper))
}

/// Findings of the alt text, one per badge, or one for the file when the same wrong alt
/// text is its habit.
fn report_alt_mismatches(mismatches: Vec<AltMismatch>, cx: &mut Context) {
    let mut by_alt: BTreeMap<String, Vec<AltMismatch>> = BTreeMap::new();
    for mismatch in mismatches {
        by_alt
            .entry(mismatch.alt.clone())
            .or_default()
            .push(mismatch);
    }
    let mut findings: Vec<(Range<usize>, Vec<AltMismatch>)> = Vec::new();
    for (_, group) in by_alt {
        if group.len() >= ALT_HABIT {
            findings.push((group[0].range.clone(), group));
        } else {
            for one in group {
                findings.push((one.range.clone(), vec![one]));
            }
        }
    }
    findings.sort_by_key(|(range, _)| range.start);
    for (range, group) in findings {
        let first = &group[0];
        if let [one] = &group[..] {
            cx.report(
                range,
                format!(
                    "badge shows {} but its alt text says {}",
                    one.shown, one.alt
                ),
            )
            .help(format!(
                "make the alt text and the badge name the same venue (`![{}](…)`)",
                one.shown
            ));
            continue;
        }
        let diagnostic = cx.report(
            range,
            format!(
                "{} badges show a venue but their alt text says {}",
                group.len(),
                first.alt
            ),
        );
        for other in &group[1..] {
            diagnostic.related(other.range.clone(), format!("shows {}", other.shown));
        }
        diagnostic.help(format!(
            "give each badge the venue it shows as alt text (`![{}](…)`), so screen readers and searches say the same",
            first.shown
        ));
    }
}

/// Real venues that are no entry of `rules/venues.toml` but sit one letter away from one of
/// its labels: never misspellings.
const OTHER_REAL_VENUES: &[&str] = &[
    "accv", "bmvc", "icme", "icmi", "icmr", "iclp", "icip", "icpr", "icde", "icdm", "iscas",
    "isbi", "ecai", "ecir", "ecml", "miccai", "aamas", "icaps", "ijcnn", "icann", "iccp", "icst",
    "issta", "pldi", "popl", "oopsla", "coling", "acmmm", "ismir", "3dv", "crv",
];

/// `NeulIPS`, `ICNL`, `JCLR`, `CPVR`: a badge word one slip from a known venue label, and no
/// real venue itself.
fn misspelt_venue(venues: &Venues, badge: &Badge, link: &Link, cx: &mut Context) {
    // A venue badge carries its year (`NeulIPS-2023`); badges of method names and tasks
    // (synbol's `![](…/badge/GIST-blue)`) carry none and are no venue at all.
    if badge.service != "static" || badge_year(badge).is_none() {
        return;
    }
    let texts = badge.texts().chain(std::iter::once(badge.alt.as_str()));
    for text in texts {
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            let word = word.trim_end_matches(|c: char| c.is_ascii_digit());
            let upper = word.chars().filter(char::is_ascii_uppercase).count();
            if word.chars().count() < 4 || upper < 2 || !word.is_ascii() {
                continue;
            }
            let lower = word.to_ascii_lowercase();
            if OTHER_REAL_VENUES.contains(&lower.as_str()) || venues.venue_of_label(word).is_some()
            {
                continue;
            }
            let near: Vec<&Venue> = venues
                .all()
                .iter()
                .filter(|venue| {
                    venue.labels.iter().any(|label| {
                        !label.contains(' ') && osa_distance(&label.to_lowercase(), &lower) == 1
                    })
                })
                .collect();
            // `JCLR` is one letter from ICLR and from JMLR; I and J sit side by side on the
            // keyboard, C and M do not.
            let likely: Vec<&Venue> = if near.len() > 1 {
                near.iter()
                    .copied()
                    .filter(|venue| {
                        venue.labels.iter().any(|label| {
                            !label.contains(' ') && likely_slip(&label.to_lowercase(), &lower)
                        })
                    })
                    .collect()
            } else {
                near
            };
            if let [venue] = likely[..] {
                cx.report(
                    link.range.clone(),
                    format!("badge label `{word}` misspells {}", venue.name),
                )
                .help(format!("write `{}`", venue.name));
                return;
            }
        }
    }
}

/// Whether `typed` is one likely slip from `meant`: a neighbouring key hit instead, or a
/// letter dropped, doubled or swapped.
fn likely_slip(meant: &str, typed: &str) -> bool {
    if osa_distance(meant, typed) != 1 {
        return false;
    }
    let (meant, typed): (Vec<char>, Vec<char>) = (meant.chars().collect(), typed.chars().collect());
    if meant.len() != typed.len() {
        return true;
    }
    let differ: Vec<usize> = (0..meant.len()).filter(|&i| meant[i] != typed[i]).collect();
    match differ[..] {
        [at] => keys_touch(meant[at], typed[at]),
        _ => true,
    }
}

/// Whether two letters sit next to each other on a QWERTY keyboard.
fn keys_touch(a: char, b: char) -> bool {
    const ROWS: [(&str, f32); 3] = [("qwertyuiop", 0.0), ("asdfghjkl", 0.25), ("zxcvbnm", 0.75)];
    let place = |key: char| {
        ROWS.iter().enumerate().find_map(|(row, (keys, shift))| {
            keys.find(key).map(|col| (row as f32, col as f32 + shift))
        })
    };
    match (place(a), place(b)) {
        (Some((ra, ca)), Some((rb, cb))) => (ra - rb).abs() <= 1.0 && (ca - cb).abs() <= 1.0,
        _ => false,
    }
}

/// Edit distance with adjacent transpositions (`CPVR` is one slip from `CVPR`).
fn osa_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// The conference and year a proceedings URL names.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LinkVenue {
    /// A venue name of `rules/venues.toml` (or `ACCV`), when the URL names one.
    name: Option<&'static str>,
    /// How a reader names it, when that differs: `Findings of EMNLP`.
    long_name: Option<String>,
    year: Option<u32>,
}

impl LinkVenue {
    /// `ICCV 2023`, `NeurIPS 2021`, `Findings of ACL 2023`.
    fn display(&self) -> Option<String> {
        let name = self.long_name.as_deref().or(self.name)?;
        Some(match self.year {
            Some(year) => format!("{name} {year}"),
            None => name.to_string(),
        })
    }
}

/// `/content/ICCV2023/`, `/content_cvpr_2016/`, `/content/CVPR2023W/`, `/content/WACV2025W/`.
static CVF_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^/content[/_](cvpr|iccv|wacv|eccv|accv)_?(\d{4})w?(?:/|_)")
        .expect("CVF pattern is valid")
});

/// The venue and year a proceedings URL carries in its path: CVF Open Access, NeurIPS
/// proceedings, ACL Anthology ids.
fn link_venue(url: &str) -> Option<LinkVenue> {
    let web = WebUrl::parse(url)?;
    if web.host_is("thecvf.com") || web.host_is("cv-foundation.org") {
        let path = web.path.strip_prefix("/openaccess").unwrap_or(web.path);
        let caps = CVF_PATH.captures(path)?;
        let name = match caps.get(1)?.as_str().to_ascii_lowercase().as_str() {
            "cvpr" => "CVPR",
            "iccv" => "ICCV",
            "wacv" => "WACV",
            "eccv" => "ECCV",
            _ => "ACCV",
        };
        return Some(LinkVenue {
            name: Some(name),
            long_name: None,
            year: caps.get(2)?.as_str().parse().ok(),
        });
    }
    if web.host_is("neurips.cc") || web.host_is("nips.cc") {
        // `/paper/2021/…`, `/paper_files/paper/2023/…`
        let year = scan::neurips_path_year(web.path).and_then(|year| year.parse().ok());
        return Some(LinkVenue {
            name: Some("NeurIPS"),
            long_name: None,
            year,
        });
    }
    if web.host_is("aclanthology.org") || web.host_is("aclweb.org") {
        let last = web.segments().last().copied()?;
        let id = last.strip_suffix(".pdf").unwrap_or(last);
        // `2023.emnlp-main.319`, `2023.findings-acl.13`
        if let Some((year, first_name)) = scan::acl_new_id(id) {
            let name = match first_name {
                "acl" => Some("ACL"),
                "emnlp" => Some("EMNLP"),
                "naacl" => Some("NAACL"),
                "eacl" => Some("EACL"),
                "aacl" | "ijcnlp" => Some("AACL"),
                "coling" => Some("COLING"),
                "findings" => Some("Findings"),
                "tacl" => Some("TACL"),
                "cl" => Some("Computational Linguistics"),
                "conll" => Some("CoNLL"),
                "lrec" => Some("LREC"),
                "semeval" => Some("SemEval"),
                "wmt" => Some("WMT"),
                // Workshops and other events: the year still counts.
                _ => None,
            };
            // `2023.findings-acl.13`: Findings of ACL.
            let long_name = (name == Some("Findings"))
                .then(|| id.split(['-', '.']).nth(2).map(str::to_ascii_uppercase))
                .flatten()
                .map(|conference| format!("Findings of {conference}"));
            return Some(LinkVenue {
                name,
                long_name,
                year: year.parse().ok(),
            });
        }
        // `D19-1165`
        let (letter, short) = scan::acl_old_id(id)?;
        let name = match letter {
            "P" => Some("ACL"),
            "D" => Some("EMNLP"),
            "N" => Some("NAACL"),
            "E" => Some("EACL"),
            "C" => Some("COLING"),
            "Q" => Some("TACL"),
            "J" => Some("Computational Linguistics"),
            "K" => Some("CoNLL"),
            "L" => Some("LREC"),
            "S" => Some("SemEval"),
            _ => None,
        };
        let short: u32 = short.parse().ok()?;
        let year = if short < 50 {
            2000 + short
        } else {
            1900 + short
        };
        return Some(LinkVenue {
            name,
            long_name: None,
            year: Some(year),
        });
    }
    None
}

/// Whether a badge naming `badge` fits a link to `link`: the same venue, Findings beside its
/// conference, LREC-COLING (2024) under either name.
fn same_venue(badge: &str, link: &str) -> bool {
    badge == link
        || (link == "Findings" && matches!(badge, "ACL" | "EMNLP" | "NAACL" | "EACL" | "AACL"))
        || (matches!(badge, "LREC" | "COLING") && matches!(link, "LREC" | "COLING"))
}

static YEAR_FULL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\D)((?:19|20)\d{2})(?:\D|$)").expect("year pattern is valid")
});

/// The year a venue badge names: `NeurIPS-2023`, `ICML'23`, `CVPR24`.
fn badge_year(badge: &Badge) -> Option<u32> {
    let texts = badge.texts().chain(std::iter::once(badge.alt.as_str()));
    for text in texts {
        if (text.contains("19") || text.contains("20"))
            && let Some(caps) = YEAR_FULL.captures(text)
        {
            return caps.get(1)?.as_str().parse().ok();
        }
        if let Some(short) = scan::short_year(text) {
            return short.parse::<u32>().ok().map(|y| 2000 + y);
        }
    }
    None
}

/// The one conference or journal whose pages live on a link's host (proceedings.neurips.cc
/// → NeurIPS); `None` for platforms and publishers that host many (CVF, OpenReview, ACM).
fn single_venue_of_host(venues: &Venues, url: &str) -> Option<String> {
    let hosted: Vec<&Venue> = venues.venues_of_host(url);
    let proper: Vec<&&Venue> = hosted
        .iter()
        .filter(|v| matches!(v.kind, VenueKind::Conference | VenueKind::Journal))
        .collect();
    match (&hosted[..], &proper[..]) {
        (_, [one]) => Some(one.name.clone()),
        ([only], []) if only.kind == VenueKind::Publisher => Some(only.name.clone()),
        _ => None,
    }
}

fn share_a_host(a: &Venue, b: &Venue) -> bool {
    a.hosts.iter().any(|h| b.hosts.contains(h))
}

fn host_of(url: &str) -> String {
    url::Url::parse(url.trim())
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "another site".to_string())
}

#[cfg(test)]
mod tests {
    use crate::test_util::check_rule;

    fn messages(text: &str) -> Vec<String> {
        check_rule(&super::BadgeVenueMismatch, text)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn seed_mismatches() {
        let text = "- Cross-Lingual Transfer [[Paper](https://aclanthology.org/2023.findings-acl.13.pdf)]\n  ![arXiv](https://img.shields.io/badge/arXiv-4a4a4a?style=flat)\n- LLM-Adapters [[Paper](https://aclanthology.org/2023.emnlp-main.319.pdf)]\n  ![arXiv](https://img.shields.io/badge/EMNLP-4a4a4a?style=flat)\n";
        let found = check_rule(&super::BadgeVenueMismatch, text);
        let messages: Vec<_> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "badge says arXiv but the entry's paper link goes to Findings of ACL 2023",
                "badge shows EMNLP but its alt text says arXiv"
            ]
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("use a badge that names Findings of ACL 2023, or link the arXiv version")
        );
    }

    #[test]
    fn consistent_badges_are_quiet() {
        let text = "- Conditional Adapters [[Paper](https://proceedings.neurips.cc/paper_files/paper/2023/file/19d7204af519eae9993f7f72377a0ec0-Paper-Conference.pdf)] ![NeurIPS](https://img.shields.io/badge/NeurIPS-4a4a4a)\n- A [[Paper](https://arxiv.org/abs/2106.09685)] ![ICLR](https://img.shields.io/badge/ICLR-2022-blue)\n- B [[Paper](https://openreview.net/forum?id=abc)] ![ICLR](https://img.shields.io/badge/ICLR-2022-blue)\n- C [[Paper](https://ar5iv.labs.arxiv.org/html/2406.17740)] ![arXiv](https://img.shields.io/badge/arXiv-red)\n- D [[Paper](https://arxiv.org/abs/2106.09685)] [![Code](https://img.shields.io/badge/Code-blue)](https://github.com/microsoft/LoRA)\n- E [![CVPR](https://img.shields.io/badge/CVPR-2023-blue)](https://openaccess.thecvf.com/content/CVPR2023W/GCV/papers/X_CVPRW_2023_paper.pdf)\n- F [[Paper](https://aclanthology.org/2023.findings-emnlp.1.pdf)] ![EMNLP](https://img.shields.io/badge/EMNLP-2023-blue)\n- G ![ACCV](https://img.shields.io/badge/ACCV-2024-blue) ![ICME](https://img.shields.io/badge/ICME-2024-blue) [[Paper](https://arxiv.org/abs/2106.09685)]\n";
        assert_eq!(messages(text), Vec::<String>::new());
    }

    #[test]
    fn badge_with_another_arxiv_id() {
        let text = "- LoRA [![arXiv](https://img.shields.io/badge/arXiv-2106.09685-b31b1b.svg)](https://arxiv.org/abs/2402.12354)\n- Empty [![Paper](https://img.shields.io/badge/arXiv-b31b1b.svg)]()\n";
        assert_eq!(
            messages(text),
            ["badge names arXiv:2106.09685 but the link goes to arXiv:2402.12354"]
        );
    }

    #[test]
    fn cvf_conference_and_year() {
        // Westlake L175: an arXiv badge around an ICCV 2023 paper names the venue in help.
        let text = "- Diffusion in Style [![Paper](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://openaccess.thecvf.com/content/ICCV2023/papers/Everaert_Diffusion_in_Style_ICCV_2023_paper.pdf)\n- A [![CVPR](https://img.shields.io/badge/CVPR-2023-blue)](https://openaccess.thecvf.com/content/ICCV2023/papers/A_ICCV_2023_paper.pdf)\n- B [![CVPR](https://img.shields.io/badge/CVPR-2022-blue)](https://openaccess.thecvf.com/content/CVPR2023/html/B_CVPR_2023_paper.html)\n- C [[Paper](https://openaccess.thecvf.com/content_cvpr_2016/html/C_CVPR_2016_paper.html)] ![CVPR](https://img.shields.io/badge/CVPR'16-blue)\n";
        let found = check_rule(&super::BadgeVenueMismatch, text);
        let messages: Vec<_> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "badge says arXiv but the link it wraps goes to ICCV 2023",
                "badge says CVPR but the link it wraps goes to ICCV 2023",
                "badge says CVPR 2022 but the link it wraps goes to CVPR 2023",
            ]
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("use a badge that names ICCV 2023, or link the arXiv version")
        );
        assert_eq!(found[0].related[0].message, "the link it wraps");
    }

    #[test]
    fn years_in_neurips_and_acl_links() {
        let text = "- A [[Paper](https://proceedings.neurips.cc/paper/2021/file/x-Paper.pdf)] ![NeurIPS](https://img.shields.io/badge/NeurIPS-2022-blue)\n- B [[Paper](https://aclanthology.org/2023.emnlp-main.319.pdf)] ![EMNLP](https://img.shields.io/badge/EMNLP'22-blue)\n- C [[Paper](https://aclanthology.org/D19-1165.pdf)] ![EMNLP](https://img.shields.io/badge/EMNLP-2019-blue)\n";
        assert_eq!(
            messages(text),
            [
                "badge says NeurIPS 2022 but the link it stands beside goes to NeurIPS 2021",
                "badge says EMNLP 2022 but the link it stands beside goes to EMNLP 2023",
            ]
        );
    }

    #[test]
    fn pairs_only_with_the_link_on_its_own_line() {
        // The arXiv badge sits beside the code link on line 2; the ACL link of line 1 is
        // not what it speaks about. A line of badges alone speaks about the entry's paper.
        let text = "- **Title** [[Paper](https://aclanthology.org/2023.acl-long.1.pdf)]\n  [[Code](https://github.com/a/b)] ![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)\n";
        assert_eq!(messages(text), Vec::<String>::new());
    }

    #[test]
    fn misspelt_venue_labels() {
        let text = "- A [[Paper](https://arxiv.org/abs/2106.09685)] ![NeulIPS](https://img.shields.io/badge/NeulIPS-2023-blue)\n- B [[Paper](https://arxiv.org/abs/2106.09686)] ![x](https://img.shields.io/badge/JCLR-2024-blue)\n- C [[Paper](https://arxiv.org/abs/2106.09687)] ![x](https://img.shields.io/badge/CPVR-2024-blue)\n- D [[Paper](https://arxiv.org/abs/2106.09688)] ![x](https://img.shields.io/badge/ICNL-2024-blue)\n- E [[Paper](https://arxiv.org/abs/2106.09689)] ![x](https://img.shields.io/badge/ICME-2024-blue) ![x](https://img.shields.io/badge/Code-blue) ![x](https://img.shields.io/badge/DEMO-blue) ![x](https://img.shields.io/badge/GIST-blue)\n";
        assert_eq!(
            messages(text),
            [
                "badge label `NeulIPS` misspells NeurIPS",
                "badge label `JCLR` misspells ICLR",
                "badge label `CPVR` misspells CVPR",
                "badge label `ICNL` misspells ICML",
            ]
        );
    }

    #[test]
    fn a_habit_of_alt_texts_is_one_finding() {
        let mut text = String::new();
        for (n, venue) in ["NeurIPS", "ICLR", "ICML", "ACL", "EMNLP"]
            .iter()
            .enumerate()
        {
            text.push_str(&format!("- P{n} [![arXiv](https://img.shields.io/badge/{venue}-2024-blue)](https://arxiv.org/abs/2106.0968{n})\n"));
        }
        let found = check_rule(&super::BadgeVenueMismatch, &text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "5 badges show a venue but their alt text says arXiv"
        );
        assert_eq!(found[0].related.len(), 4);
    }
}
