use crate::diagnostic::Severity;
use crate::document::{Document, Link, LinkRole};
use crate::identity::{arxiv_id, arxiv_id_in_text, paper_key};
use crate::rule::{Context, Rule, RuleMeta};
use crate::rules::malformed_link::malformation;
use crate::venues::{Venue, VenueKind, Venues};

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

/// The venue a badge shows: its label or message, else its alt text.
fn shown_venue<'a>(venues: &'a Venues, link: &Link) -> Option<&'a Venue> {
    let badge = link.badge.as_ref()?;
    badge.texts().find_map(|text| venues.venue_of_label(text))
}

impl Rule for BadgeVenueMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let venues = Venues::builtin();
        for entry in doc.entries() {
            let paper = entry.paper.map(|id| doc.link(id));
            for link in doc.entry_links(entry, LinkRole::Badge) {
                let Some(badge) = &link.badge else { continue };
                let alt = venues.venue_of_label(&badge.alt);
                let shown = shown_venue(venues, link);
                if let (Some(alt), Some(shown)) = (alt, shown)
                    && alt.name != shown.name
                    && !share_a_host(alt, shown)
                {
                    cx.report(
                        link.range.clone(),
                        format!(
                            "badge shows {} but its alt text says {}",
                            shown.name, alt.name
                        ),
                    )
                    .help(format!(
                        "make the alt text and the badge name the same venue (`![{}](…)`)",
                        shown.name
                    ));
                    continue;
                }
                // The link the badge speaks about: the one it wraps, else the entry's paper.
                let wrapped = link
                    .parent
                    .map(|id| doc.link(id))
                    .filter(|parent| !parent.url.trim().is_empty());
                // An empty target (`[![Paper](badge)]()`, twice in Westlake's list) is a
                // missing link, not a contradiction.
                // A target that cannot work (`[url](url2)` pasted in, ChenHsing L422) is
                // malformed-link's finding, not a venue contradiction.
                let Some(target) = wrapped
                    .or(paper)
                    .filter(|t| !t.url.trim().is_empty() && malformation(&t.url).is_none())
                else {
                    continue;
                };
                let venue = shown.or(alt);
                // A conference badge wrapping a code or project link makes no claim about a
                // paper page; an arXiv badge claims arXiv whatever it wraps (ChenHsing's list
                // wraps one around a PDF on ai.meta.com).
                let claims_the_link = paper_key(&target.url).is_some()
                    || !venues.venues_of_host(&target.url).is_empty()
                    || venue.is_some_and(|v| v.kind == VenueKind::Preprint);
                if !claims_the_link {
                    continue;
                }
                let written = doc.slice(target.url_range.clone());
                if let Some(venue) = venue
                    && !venues.consistent(venue, &target.url)
                {
                    let place = venues
                        .venues_of_host(&target.url)
                        .first()
                        .map_or_else(|| host_of(&target.url), |v| v.name.clone());
                    cx.report(
                        link.range.clone(),
                        format!(
                            "badge says {} but the link it stands for goes to {place}",
                            venue.name
                        ),
                    )
                    .url(written)
                    .related(target.range.clone(), "the link it stands beside")
                    .help(format!(
                        "use a badge that names {place}, or link the {} version",
                        venue.name
                    ));
                    continue;
                }
                let badge_id = badge.texts().find_map(arxiv_id_in_text);
                if let (Some(badge_id), Some(link_id)) = (badge_id, arxiv_id(&target.url))
                    && badge_id != link_id
                {
                    cx.report(
                        link.range.clone(),
                        format!(
                            "badge names arXiv:{badge_id} but the link goes to arXiv:{link_id}"
                        ),
                    )
                    .url(written)
                    .related(target.range.clone(), "the link it stands beside")
                    .help("update the badge or the link so both name the same paper");
                }
            }
        }
    }
}

fn share_a_host(a: &Venue, b: &Venue) -> bool {
    a.hosts.iter().any(|h| b.hosts.contains(h))
}

/// ChenHsing's list wraps a badge around `[https://…](https://…)`: say so rather than
/// print the mess as a host.
fn host_of(url: &str) -> String {
    url::Url::parse(url.trim())
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "a malformed URL".to_string())
}

#[cfg(test)]
mod tests {
    use crate::test_util::check_rule;

    #[test]
    fn seed_mismatches() {
        let text = "- Cross-Lingual Transfer [[Paper](https://aclanthology.org/2023.findings-acl.13.pdf)]\n  ![arXiv](https://img.shields.io/badge/arXiv-4a4a4a?style=flat)\n- LLM-Adapters [[Paper](https://aclanthology.org/2023.emnlp-main.319.pdf)]\n  ![arXiv](https://img.shields.io/badge/EMNLP-4a4a4a?style=flat)\n";
        let found = check_rule(&super::BadgeVenueMismatch, text);
        let messages: Vec<_> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "badge says arXiv but the link it stands for goes to ACL Anthology",
                "badge shows EMNLP but its alt text says arXiv"
            ]
        );
    }

    #[test]
    fn consistent_badges_are_quiet() {
        let text = "- Conditional Adapters [[Paper](https://proceedings.neurips.cc/paper_files/paper/2023/file/19d7204af519eae9993f7f72377a0ec0-Paper-Conference.pdf)] ![NeurIPS](https://img.shields.io/badge/NeurIPS-4a4a4a)\n- A [[Paper](https://arxiv.org/abs/2106.09685)] ![ICLR](https://img.shields.io/badge/ICLR-2022-blue)\n- B [[Paper](https://openreview.net/forum?id=abc)] ![ICLR](https://img.shields.io/badge/ICLR-2022-blue)\n- C [[Paper](https://ar5iv.labs.arxiv.org/html/2406.17740)] ![arXiv](https://img.shields.io/badge/arXiv-red)\n- D [[Paper](https://arxiv.org/abs/2106.09685)] [![Code](https://img.shields.io/badge/Code-blue)](https://github.com/microsoft/LoRA)\n";
        assert_eq!(check_rule(&super::BadgeVenueMismatch, text), []);
    }

    #[test]
    fn badge_with_another_arxiv_id() {
        let text = "- LoRA [![arXiv](https://img.shields.io/badge/arXiv-2106.09685-b31b1b.svg)](https://arxiv.org/abs/2402.12354)\n- Empty [![Paper](https://img.shields.io/badge/arXiv-b31b1b.svg)]()\n";
        let found = check_rule(&super::BadgeVenueMismatch, text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "badge names arXiv:2106.09685 but the link goes to arXiv:2402.12354"
        );
    }
}
