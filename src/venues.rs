//! Venues and dead hosts: the vocabulary in `rules/venues.toml` and `rules/dead-hosts.toml`.
//!
//! The tables are data, compiled in with `include_str!`, so a new venue is a TOML edit. Both are
//! validated when first used; a unit test parses them, so a broken table fails `cargo test`
//! rather than a user's run.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use crate::identity::{PaperKey, WebUrl, host_matches, paper_key};

/// What sort of place a venue is; [`Venues::consistent`] treats preprints and resolvers apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VenueKind {
    Preprint,
    Conference,
    Journal,
    Publisher,
    /// Hosts papers of many venues: OpenReview, the ACL Anthology, PMLR, CVF Open Access.
    Platform,
    /// Redirects to the publisher: doi.org.
    Resolver,
}

/// One venue of `rules/venues.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Venue {
    pub name: String,
    pub kind: VenueKind,
    /// As written in the table; lookups compare them normalised (see [`Venues::venue_of_label`]).
    pub labels: Vec<String>,
    /// Domains (matching their subdomains too), optionally with a path prefix:
    /// `huggingface.co/papers`.
    pub hosts: Vec<String>,
}

impl Venue {
    /// Whether `link` (a URL, or a bare host) is on one of this venue's hosts.
    pub fn serves(&self, link: &str) -> bool {
        link_location(link).is_some_and(|location| self.serves_location(&location))
    }

    fn serves_location(&self, location: &Location) -> bool {
        self.hosts.iter().any(|entry| {
            let (domain, prefix) = entry
                .split_once('/')
                .map_or((entry.as_str(), None), |(d, p)| (d, Some(p)));
            host_matches(&location.host, domain)
                && prefix.is_none_or(|prefix| {
                    location
                        .path
                        .strip_prefix('/')
                        .and_then(|path| path.strip_prefix(prefix))
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
                })
        })
    }
}

/// Why a venue or dead-host table is unusable.
#[derive(Debug, thiserror::Error)]
pub enum VenuesError {
    #[error("invalid table: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("venue `{0}` is listed twice")]
    DuplicateName(String),
    #[error("label `{label}` names both `{first}` and `{second}`")]
    DuplicateLabel {
        label: String,
        first: String,
        second: String,
    },
    #[error("venue `{venue}`: label `{label}` is empty once years and punctuation are removed")]
    EmptyLabel { venue: String, label: String },
    #[error("`{owner}`: host `{host}` is not a lower-case domain with an optional path")]
    BadHost { owner: String, host: String },
    #[error("dead host `{host}`: `since` must be YYYY-MM, not `{since}`")]
    BadSince { host: String, since: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VenueTable {
    venue: Vec<Venue>,
}

/// The venue vocabulary with its label index.
#[derive(Debug)]
pub struct Venues {
    venues: Vec<Venue>,
    by_label: HashMap<String, usize>,
    longest_label: usize,
}

static BUILTIN_VENUES: LazyLock<Venues> = LazyLock::new(|| {
    Venues::parse(include_str!("../rules/venues.toml"))
        .expect("rules/venues.toml is valid (checked by venues::tests)")
});

impl Venues {
    /// The table shipped in `rules/venues.toml`.
    pub fn builtin() -> &'static Venues {
        &BUILTIN_VENUES
    }

    /// Parses and validates a venue table: names unique, every label unique across venues once
    /// normalised, hosts lower-case domains.
    pub fn parse(text: &str) -> Result<Venues, VenuesError> {
        let table: VenueTable = toml::from_str(text)?;
        let mut names = HashSet::new();
        let mut by_label = HashMap::new();
        let mut longest_label = 0;
        for (index, venue) in table.venue.iter().enumerate() {
            if !names.insert(venue.name.as_str()) {
                return Err(VenuesError::DuplicateName(venue.name.clone()));
            }
            for host in &venue.hosts {
                check_host(&venue.name, host)?;
            }
            for label in &venue.labels {
                let tokens = label_tokens(label);
                if tokens.is_empty() {
                    return Err(VenuesError::EmptyLabel {
                        venue: venue.name.clone(),
                        label: label.clone(),
                    });
                }
                longest_label = longest_label.max(tokens.len());
                let normalised = tokens.join(" ");
                if let Some(&other) = by_label.get(&normalised) {
                    let other: &Venue = &table.venue[other];
                    return Err(VenuesError::DuplicateLabel {
                        label: normalised,
                        first: other.name.clone(),
                        second: venue.name.clone(),
                    });
                }
                by_label.insert(normalised, index);
            }
        }
        Ok(Venues {
            venues: table.venue,
            by_label,
            longest_label,
        })
    }

    pub fn all(&self) -> &[Venue] {
        &self.venues
    }

    /// The venue a badge label or venue line names, case-insensitively and ignoring years and
    /// punctuation: `NeurIPS'23`, `ICLR 2024`, `ACL-2023`, `CVPR2024` and `EMNLP Findings` all
    /// resolve. When the whole label is no known label, the longest known label inside it wins,
    /// leftmost first (`NeurIPS Workshop` → NeurIPS, `CVPR (Highlight)` → CVPR).
    pub fn venue_of_label(&self, label: &str) -> Option<&Venue> {
        let tokens = label_tokens(label);
        if let Some(&index) = self.by_label.get(&tokens.join(" ")) {
            return Some(&self.venues[index]);
        }
        for start in 0..tokens.len() {
            let longest = self.longest_label.min(tokens.len() - start);
            for len in (1..=longest).rev() {
                let candidate = tokens[start..start + len].join(" ");
                if let Some(&index) = self.by_label.get(&candidate) {
                    return Some(&self.venues[index]);
                }
            }
        }
        None
    }

    /// The venue whose label is exactly `label` once normalised (`NeurIPS'23`, `EMNLP
    /// Findings`), with no search inside it: for free text, where `chi` in an author list is
    /// not a venue.
    pub fn venue_of_exact_label(&self, label: &str) -> Option<&Venue> {
        let key = label_tokens(label).join(" ");
        self.by_label.get(&key).map(|&index| &self.venues[index])
    }

    /// Every venue whose pages live on `host` (a bare host or a URL; a URL also matches
    /// path-scoped hosts such as `huggingface.co/papers`), in table order.
    pub fn venues_of_host(&self, host: &str) -> Vec<&Venue> {
        let Some(location) = link_location(host) else {
            return Vec::new();
        };
        self.venues
            .iter()
            .filter(|venue| venue.serves_location(&location))
            .collect()
    }

    /// Whether a badge naming `badge` belongs beside `link` (a URL, or a bare host):
    ///
    /// - any venue beside its own hosts, which include its review platform (NeurIPS and ICLR on
    ///   openreview.net) — so an arXiv badge beside ar5iv or huggingface.co/papers is consistent;
    /// - any venue that is not a preprint server beside an arXiv paper (the preprint of a
    ///   published paper) or beside a DOI resolver (which leads to the publisher);
    /// - nothing else: an arXiv badge beside an ACL Anthology PDF or a proceedings page is not.
    ///
    /// A `doi.org/10.48550/arXiv.…` link counts as an arXiv paper.
    pub fn consistent(&self, badge: &Venue, link: &str) -> bool {
        let Some(location) = link_location(link) else {
            return false;
        };
        let is_arxiv_paper = matches!(paper_key(link), Some(PaperKey::Arxiv(_)));
        if badge.serves_location(&location) || (badge.kind == VenueKind::Preprint && is_arxiv_paper)
        {
            return true;
        }
        badge.kind != VenueKind::Preprint
            && (is_arxiv_paper
                || self.venues.iter().any(|venue| {
                    matches!(venue.kind, VenueKind::Preprint | VenueKind::Resolver)
                        && venue.serves_location(&location)
                }))
    }
}

/// Where a link points, for host matching.
struct Location {
    host: String,
    path: String,
}

/// Accepts a URL or a bare `host` / `host/path` (as the tables and callers write hosts).
fn link_location(link: &str) -> Option<Location> {
    if let Some(web) = WebUrl::parse(link) {
        return Some(Location {
            host: web.host,
            path: web.path.to_owned(),
        });
    }
    let bare = link.trim();
    if bare.contains([':', '@']) || bare.starts_with('/') || bare.starts_with('.') {
        return None;
    }
    let with_scheme = format!("https://{bare}");
    let web = WebUrl::parse(&with_scheme)?;
    Some(Location {
        host: web.host,
        path: web.path.to_owned(),
    })
}

fn check_host(owner: &str, host: &str) -> Result<(), VenuesError> {
    let domain = host.split('/').next().unwrap_or(host);
    let valid = domain.contains('.')
        && !host.ends_with('/')
        && domain
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && host
            .chars()
            .all(|c| c.is_ascii_graphic() && !c.is_ascii_uppercase());
    if valid {
        Ok(())
    } else {
        Err(VenuesError::BadHost {
            owner: owner.to_owned(),
            host: host.to_owned(),
        })
    }
}

/// Lower-cased words of a label with years removed: `NeurIPS'23` → `neurips`, `ICLR2024` →
/// `iclr`, `Findings of ACL 2023` → `findings of acl`.
fn label_tokens(label: &str) -> Vec<String> {
    // NFKC leaves ASCII as it is: the table's labels and most words looked up skip it (issue 11)
    let folded = if label.is_ascii() {
        label.to_ascii_lowercase()
    } else {
        label.nfkc().collect::<String>().to_lowercase()
    };
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(without_year)
        .collect()
}

/// Drops a two- or four-digit year token and strips one glued to a word (`cvpr24`).
fn without_year(token: &str) -> Option<String> {
    let is_year = |digits: &str| {
        (digits.len() == 2 || digits.len() == 4) && digits.bytes().all(|b| b.is_ascii_digit())
    };
    if token.is_empty() || is_year(token) {
        return None;
    }
    let word_end = token
        .char_indices()
        .find(|(_, c)| c.is_ascii_digit())
        .map_or(token.len(), |(i, _)| i);
    let (word, digits) = token.split_at(word_end);
    if !word.is_empty() && word.chars().all(char::is_alphabetic) && is_year(digits) {
        Some(word.to_owned())
    } else {
        Some(token.to_owned())
    }
}

// ---------------------------------------------------------------------------------------------
// Dead hosts
// ---------------------------------------------------------------------------------------------

/// A host whose links no longer lead to what the list meant (`rules/dead-hosts.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadHost {
    /// Matches itself and its subdomains.
    pub host: String,
    /// `YYYY-MM`.
    pub since: String,
    pub note: String,
    /// A URL template; `{arxiv}` stands for the entry's arXiv id.
    #[serde(default)]
    pub replacement: Option<String>,
    /// Path prefixes of the pages the replacement stands for; every page when empty.
    #[serde(default)]
    pub replacement_paths: Vec<String>,
    /// What happened to the pages the replacement stands for (`its paper pages now redirect
    /// to …`); said only about those pages.
    #[serde(default)]
    pub replacement_note: Option<String>,
}

impl DeadHost {
    /// The replacement URL for a paper with this arXiv id, when the table gives a template.
    pub fn replacement_for_arxiv(&self, arxiv_id: &str) -> Option<String> {
        self.replacement
            .as_ref()
            .map(|template| template.replace("{arxiv}", arxiv_id))
    }

    /// Whether the replacement stands for the page at `url` (paperswithcode's `/paper/…`
    /// pages, not its `/dataset/…` pages).
    pub fn replaces(&self, url: &str) -> bool {
        self.replacement.is_some()
            && (self.replacement_paths.is_empty()
                || WebUrl::parse(url).is_some_and(|web| {
                    self.replacement_paths
                        .iter()
                        .any(|prefix| web.path.starts_with(prefix.as_str()))
                }))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeadHostTable {
    host: Vec<DeadHost>,
}

/// Parses and validates a dead-host table.
pub fn parse_dead_hosts(text: &str) -> Result<Vec<DeadHost>, VenuesError> {
    let table: DeadHostTable = toml::from_str(text)?;
    for dead in &table.host {
        check_host(&dead.host, &dead.host)?;
        let since_ok = dead.since.len() == 7
            && dead.since.as_bytes()[4] == b'-'
            && dead.since[..4].bytes().all(|b| b.is_ascii_digit())
            && dead.since[5..]
                .parse::<u8>()
                .is_ok_and(|month| (1..=12).contains(&month));
        if !since_ok {
            return Err(VenuesError::BadSince {
                host: dead.host.clone(),
                since: dead.since.clone(),
            });
        }
    }
    Ok(table.host)
}

static BUILTIN_DEAD_HOSTS: LazyLock<Vec<DeadHost>> = LazyLock::new(|| {
    parse_dead_hosts(include_str!("../rules/dead-hosts.toml"))
        .expect("rules/dead-hosts.toml is valid (checked by venues::tests)")
});

/// The table shipped in `rules/dead-hosts.toml`.
pub fn dead_hosts() -> &'static [DeadHost] {
    &BUILTIN_DEAD_HOSTS
}

/// The dead host a URL is on (the host itself or a subdomain of it), if any.
pub fn dead_host_of(url: &str) -> Option<&'static DeadHost> {
    let web = WebUrl::parse(url)?;
    dead_hosts()
        .iter()
        .find(|dead| host_matches(&web.host, &dead.host))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn ascii_labels_fold_as_nfkc_folds_them(label in "[ -~]{0,24}") {
            let by_nfkc = label.nfkc().collect::<String>().to_lowercase();
            proptest::prop_assert_eq!(label.to_ascii_lowercase(), by_nfkc);
        }
    }

    fn venues() -> &'static Venues {
        Venues::builtin()
    }

    fn label(text: &str) -> Option<&'static str> {
        venues().venue_of_label(text).map(|v| v.name.as_str())
    }

    fn venue(name: &str) -> &'static Venue {
        venues()
            .all()
            .iter()
            .find(|v| v.name == name)
            .unwrap_or_else(|| panic!("no venue {name}"))
    }

    #[test]
    fn builtin_table_parses_without_duplicate_labels() {
        let parsed = Venues::parse(include_str!("../rules/venues.toml"));
        let venues = parsed.unwrap_or_else(|e| panic!("{e}"));
        let label_count: usize = venues.all().iter().map(|v| v.labels.len()).sum();
        assert_eq!(venues.by_label.len(), label_count);
        assert!(venues.all().len() >= 40);
    }

    #[test]
    fn table_covers_the_required_venues() {
        for name in [
            "arXiv",
            "ACL Anthology",
            "ACL",
            "EMNLP",
            "NAACL",
            "EACL",
            "COLING",
            "AACL",
            "Findings",
            "TACL",
            "CoNLL",
            "LREC",
            "NeurIPS",
            "ICLR",
            "ICML",
            "AISTATS",
            "CoRL",
            "COLT",
            "UAI",
            "CVPR",
            "ICCV",
            "WACV",
            "ECCV",
            "AAAI",
            "IJCAI",
            "TPAMI",
            "IEEE",
            "ACM",
            "KDD",
            "SIGIR",
            "WWW",
            "ACM MM",
            "CHI",
            "TMLR",
            "JMLR",
            "Nature",
            "Science",
            "PNAS",
            "Springer",
            "Elsevier",
            "OpenReview",
        ] {
            venue(name);
        }
    }

    #[test]
    fn duplicate_labels_and_bad_hosts_are_rejected() {
        let duplicate = r#"
            [[venue]]
            name = "A"
            kind = "conference"
            labels = ["abc"]
            hosts = ["a.org"]
            [[venue]]
            name = "B"
            kind = "conference"
            labels = ["ABC'23"]
            hosts = ["b.org"]
        "#;
        assert!(matches!(
            Venues::parse(duplicate),
            Err(VenuesError::DuplicateLabel { .. })
        ));
        let bad_host = r#"
            [[venue]]
            name = "A"
            kind = "conference"
            labels = ["abc"]
            hosts = ["https://A.org/"]
        "#;
        assert!(matches!(
            Venues::parse(bad_host),
            Err(VenuesError::BadHost { .. })
        ));
        let unknown_field = r#"
            [[venue]]
            name = "A"
            kind = "conference"
            labels = ["abc"]
            hosts = ["a.org"]
            homepage = "x"
        "#;
        assert!(matches!(
            Venues::parse(unknown_field),
            Err(VenuesError::Toml(_))
        ));
    }

    #[test]
    fn labels_with_years_and_suffixes() {
        assert_eq!(label("NeurIPS'23"), Some("NeurIPS"));
        assert_eq!(label("NeurIPS’23"), Some("NeurIPS"));
        assert_eq!(label("NIPS 2017"), Some("NeurIPS"));
        assert_eq!(label("ICLR 2024"), Some("ICLR"));
        assert_eq!(label("ACL-2023"), Some("ACL"));
        assert_eq!(label("CVPR2024"), Some("CVPR"));
        assert_eq!(label("icml'23"), Some("ICML"));
        assert_eq!(label("arXiv"), Some("arXiv"));
        assert_eq!(label("EMNLP Findings"), Some("Findings"));
        assert_eq!(label("Findings of ACL 2023"), Some("Findings"));
        assert_eq!(label("Findings-EMNLP"), Some("Findings"));
        assert_eq!(label("EMNLP 2023"), Some("EMNLP"));
        assert_eq!(label("NeurIPS Workshop"), Some("NeurIPS"));
        assert_eq!(label("CVPR 2024 (Highlight)"), Some("CVPR"));
        assert_eq!(label("ACM MM 2024"), Some("ACM MM"));
        assert_eq!(label("IEEE TPAMI"), Some("TPAMI"));
        assert_eq!(label("Nature Communications"), Some("Nature"));
        // horseee's publish badges.
        assert_eq!(label("HPCA'25"), Some("HPCA"));
        assert_eq!(label("ICCAD'24"), Some("ICCAD"));
        assert_eq!(label("SIGMOD'25"), Some("SIGMOD"));
        assert_eq!(label("NeurIPS'24 ENLSP"), Some("NeurIPS"));
    }

    #[test]
    fn labels_that_name_no_venue() {
        for text in [
            "Code",
            "GitHub",
            "Paper",
            "Project Page",
            "cs.CL",
            "2023",
            "",
            "Star",
        ] {
            assert_eq!(label(text), None, "{text}");
        }
    }

    #[test]
    fn venues_by_host() {
        let names = |host: &str| -> Vec<&str> {
            venues()
                .venues_of_host(host)
                .into_iter()
                .map(|v| v.name.as_str())
                .collect()
        };
        let acl = names("aclanthology.org");
        for name in ["ACL Anthology", "ACL", "EMNLP", "Findings", "TACL", "LREC"] {
            assert!(acl.contains(&name), "{name}");
        }
        let openreview = names("openreview.net");
        for name in ["OpenReview", "NeurIPS", "ICLR", "ICML", "TMLR"] {
            assert!(openreview.contains(&name), "{name}");
        }
        assert_eq!(names("proceedings.neurips.cc"), ["NeurIPS"]);
        assert_eq!(names("papers.nips.cc"), ["NeurIPS"]);
        assert_eq!(names("https://export.arxiv.org/abs/2106.09685"), ["arXiv"]);
        assert_eq!(names("ar5iv.labs.arxiv.org"), ["arXiv"]);
        assert_eq!(names("https://huggingface.co/papers/2404.14469"), ["arXiv"]);
        assert!(names("huggingface.co").is_empty());
        assert!(names("https://huggingface.co/papersx").is_empty());
        assert_eq!(
            names("https://www.nature.com/articles/s41591-023-02448-8"),
            ["Nature"]
        );
        assert!(names("ieeexplore.ieee.org").contains(&"CVPR"));
        assert!(names("https://dl.acm.org/doi/10.1145/3468264.3468544").contains(&"KDD"));
        assert!(names("github.com").is_empty());
    }

    #[test]
    fn consistency_of_badges_and_links() {
        let v = venues();
        let arxiv = venue("arXiv");
        // seed: "Simple, Scalable Adaptation for NMT" has an arXiv badge beside an ACL PDF.
        assert!(!v.consistent(arxiv, "https://aclanthology.org/D19-1165.pdf"));
        assert!(!v.consistent(arxiv, "https://proceedings.neurips.cc/paper/2020/hash/1457c0d6bfcb4967418bfb8ac142f64a-Abstract.html"));
        assert!(!v.consistent(arxiv, "https://openreview.net/forum?id=nZeVKeeFYf9"));
        assert!(!v.consistent(
            arxiv,
            "https://www.sciencedirect.com/science/article/pii/S0164121224000256"
        ));
        assert!(!v.consistent(arxiv, "https://doi.org/10.1109/CVPR52729.2023.00660"));
        assert!(v.consistent(arxiv, "https://arxiv.org/abs/2106.09685"));
        assert!(v.consistent(arxiv, "https://web3.arxiv.org/pdf/2305.12086"));
        assert!(v.consistent(arxiv, "https://ar5iv.labs.arxiv.org/html/2406.17740"));
        assert!(v.consistent(arxiv, "https://huggingface.co/papers/2404.14469"));
        assert!(v.consistent(arxiv, "https://doi.org/10.48550/arXiv.2106.09685"));

        assert!(v.consistent(venue("ACL"), "https://aclanthology.org/D19-1165.pdf"));
        assert!(v.consistent(venue("EMNLP"), "https://arxiv.org/abs/1909.08478"));
        assert!(v.consistent(
            venue("NeurIPS"),
            "https://openreview.net/forum?id=nZeVKeeFYf9"
        ));
        assert!(v.consistent(venue("ICLR"), "openreview.net"));
        assert!(v.consistent(
            venue("ICML"),
            "http://proceedings.mlr.press/v119/chen20s.html"
        ));
        assert!(v.consistent(
            venue("ICML"),
            "http://jmlr.org/proceedings/papers/v37/ioffe15.pdf"
        ));
        assert!(v.consistent(
            venue("CVPR"),
            "https://openaccess.thecvf.com/content/CVPR2021/html/X_CVPR_2021_paper.html"
        ));
        assert!(v.consistent(venue("TPAMI"), "https://doi.org/10.1109/TPAMI.2023.1"));
        assert!(!v.consistent(venue("CVPR"), "https://openreview.net/forum?id=nZeVKeeFYf9"));
        assert!(!v.consistent(
            venue("ICLR"),
            "https://proceedings.mlr.press/v162/he22f.html"
        ));
        assert!(!v.consistent(venue("TMLR"), "https://jmlr.org/papers/v21/20-074.html"));
        assert!(!v.consistent(venue("EMNLP"), "https://github.com/microsoft/LoRA"));
        assert!(!v.consistent(venue("EMNLP"), "not a link"));
    }

    #[test]
    fn dead_host_table_and_lookup() {
        let parsed = parse_dead_hosts(include_str!("../rules/dead-hosts.toml"));
        assert!(parsed.is_ok_and(|hosts| !hosts.is_empty()));
        let pwc =
            dead_host_of("https://paperswithcode.com/paper/lora-low-rank-adaptation-of-large")
                .expect("paperswithcode is dead");
        assert_eq!(pwc.since, "2025-07");
        assert_eq!(
            pwc.replacement_for_arxiv("2106.09685").as_deref(),
            Some("https://huggingface.co/papers/2106.09685")
        );
        assert!(pwc.replaces("https://paperswithcode.com/paper/lora-low-rank-adaptation-of-large"));
        assert!(!pwc.replaces("https://paperswithcode.com/dataset/toolbench"));
        assert_eq!(
            dead_host_of("https://www.paperswithcode.com/sota"),
            Some(pwc)
        );
        assert_eq!(
            dead_host_of("https://production-media.paperswithcode.com/x.png"),
            Some(pwc)
        );
        // seed: the Galactica row links github.com/paperswithcode/galai, which is alive.
        assert_eq!(
            dead_host_of("https://github.com/paperswithcode/galai"),
            None
        );
        assert_eq!(dead_host_of("https://notpaperswithcode.com/"), None);
        assert!(dead_host_of("https://goo.gl/abc").is_some());
        assert!(dead_host_of("https://academic.microsoft.com/paper/1").is_some());
        assert_eq!(dead_host_of("https://arxiv.org/abs/2106.09685"), None);
        assert!(dead_hosts().iter().all(|d| d.host != "git.io"));
    }

    #[test]
    fn dead_host_table_validation() {
        let bad_since = r#"
            [[host]]
            host = "example.org"
            since = "July 2025"
            note = "x"
        "#;
        assert!(matches!(
            parse_dead_hosts(bad_since),
            Err(VenuesError::BadSince { .. })
        ));
    }
}
