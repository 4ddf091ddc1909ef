//! Paper identity: which paper (or other resource) a link points at, whatever form the URL takes.
//!
//! Everything here is a pure function of its input. The same paper is written many ways in real
//! lists — the seed links MixLoRA as `arxiv.org/html/…v2` in one section and `/pdf/` in another —
//! so rules compare the keys computed here, never the raw URLs.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

// ---------------------------------------------------------------------------------------------
// URL splitting
// ---------------------------------------------------------------------------------------------

/// A web URL cut into the parts identity cares about. Hand-rolled rather than `url::Url` because
/// list authors write links `url` rejects (`arxiv.org/abs//2306.08707`, scheme-less `www.` links)
/// and identity must still see the paper in them.
#[derive(Debug, Clone)]
pub(crate) struct WebUrl<'a> {
    /// Lower-cased, without user info, port or a trailing dot.
    pub(crate) host: String,
    /// Starts with `/` or is empty; not percent-decoded.
    pub(crate) path: &'a str,
    /// Without the `?`.
    pub(crate) query: &'a str,
}

impl<'a> WebUrl<'a> {
    /// Splits an `http(s)` URL (also scheme-less `host/path` and `//host/path`), tolerating
    /// surrounding whitespace and `<…>`. Anything else (mailto:, relative links) gives `None`.
    pub(crate) fn parse(raw: &'a str) -> Option<WebUrl<'a>> {
        let trimmed = raw.trim();
        let trimmed = trimmed
            .strip_prefix('<')
            .and_then(|s| s.strip_suffix('>'))
            .unwrap_or(trimmed)
            .trim();
        let rest = match trimmed.find("://") {
            Some(i) if is_scheme(&trimmed[..i]) => {
                let scheme = &trimmed[..i];
                if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
                    return None;
                }
                &trimmed[i + 3..]
            }
            // Without a scheme only what GFM autolinks (`www.…`) or a protocol-relative `//`
            // link is a web URL; `arxiv.org/abs/…` in a link target is a relative path on GitHub.
            _ => match trimmed.strip_prefix("//") {
                Some(rest) => rest,
                None if trimmed
                    .get(..4)
                    .is_some_and(|p| p.eq_ignore_ascii_case("www.")) =>
                {
                    trimmed
                }
                None => return None,
            },
        };
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..authority_end];
        let after = &rest[authority_end..];
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let host = match host_port.rsplit_once(':') {
            Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
            _ => host_port,
        };
        let host = host.trim_end_matches('.').to_lowercase();
        if !is_host(&host) {
            return None;
        }
        let before_fragment = after.split_once('#').map_or(after, |(b, _)| b);
        let (path, query) = before_fragment
            .split_once('?')
            .unwrap_or((before_fragment, ""));
        Some(WebUrl { host, path, query })
    }

    /// Non-empty path segments, so `abs//2306.08707` and a trailing `/` do not matter.
    pub(crate) fn segments(&self) -> Vec<&'a str> {
        self.path.split('/').filter(|s| !s.is_empty()).collect()
    }

    /// The value of the first query parameter called `name`.
    fn query_param(&self, name: &str) -> Option<&'a str> {
        self.query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
    }

    /// `host` itself or one of its subdomains.
    pub(crate) fn host_is(&self, domain: &str) -> bool {
        host_matches(&self.host, domain)
    }
}

/// `host` equals `domain` or is a subdomain of it (`export.arxiv.org` is under `arxiv.org`).
pub(crate) fn host_matches(host: &str, domain: &str) -> bool {
    host == domain
        || host
            .strip_suffix(domain)
            .is_some_and(|prefix| prefix.ends_with('.'))
}

fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn is_host(host: &str) -> bool {
    !host.is_empty()
        && (host.contains('.') || host == "localhost")
        && !host.starts_with('.')
        && !host.contains("..")
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
}

/// Decodes `%XX` escapes; invalid escapes stay as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = bytes.get(i + 1..i + 3)
            && let Some(value) = std::str::from_utf8(hex)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(value);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn strip_suffix_ignore_case<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    (s.is_char_boundary(cut) && s[cut..].eq_ignore_ascii_case(suffix)).then(|| &s[..cut])
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

// ---------------------------------------------------------------------------------------------
// arXiv
// ---------------------------------------------------------------------------------------------

/// Who serves an arXiv link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ArxivHost {
    /// arxiv.org and its own subdomains: `www.`, `export.`, `web3.`, `browse.`.
    Arxiv,
    /// A copy of the paper served elsewhere: ar5iv.org, ar5iv.labs.arxiv.org.
    Mirror,
    /// A third-party page keyed by the arXiv id: alphaxiv.org, huggingface.co/papers.
    KeyedPage,
}

/// Which page of the paper an arXiv link opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ArxivForm {
    Abs,
    Pdf,
    Html,
    Format,
    /// `arxiv.org/ftp/arxiv/papers/YYMM/ID.pdf`.
    Ftp,
    /// A keyed page with no arXiv counterpart: alphaxiv `/overview/`, huggingface papers.
    Other,
}

/// An arXiv paper link, taken apart.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ArxivRef {
    /// `2106.09685` or, for ids from before April 2007, `hep-th/9711200` (archive lower-case,
    /// subject class dropped: `cs.CL/0306050` is `cs/0306050`). Never carries the version.
    pub id: String,
    /// `Some(2)` for `…v2`.
    pub version: Option<u32>,
    pub host_kind: ArxivHost,
    pub form: ArxivForm,
}

/// The two canonical arXiv URL styles a list may standardise on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArxivUrlStyle {
    Abs,
    Pdf,
}

/// `https://arxiv.org/abs/ID` or `https://arxiv.org/pdf/ID`, with `vN` when `version` is kept.
pub fn canonical_arxiv_url(id: &str, style: ArxivUrlStyle, version: Option<u32>) -> String {
    let page = match style {
        ArxivUrlStyle::Abs => "abs",
        ArxivUrlStyle::Pdf => "pdf",
    };
    match version {
        Some(v) => format!("https://arxiv.org/{page}/{id}v{v}"),
        None => format!("https://arxiv.org/{page}/{id}"),
    }
}

/// The versionless arXiv id a link points at, if it is an arXiv paper link.
pub fn arxiv_id(url: &str) -> Option<String> {
    arxiv_ref(url).map(|r| r.id)
}

/// Takes an arXiv paper link apart: every URL form people write for one paper (abs, pdf, html,
/// format, ftp; arXiv's own subdomains; ar5iv; alphaxiv; huggingface papers). Queries and
/// fragments (`?fbclid=…`, `#`) are ignored. Listing pages (`/list/cs.CL`), author pages
/// (`/a/…`) and figure images inside an HTML paper (`/html/2410.01485v1/x1.png`) are not paper
/// links and give `None`, as do ids with an impossible month.
pub fn arxiv_ref(url: &str) -> Option<ArxivRef> {
    // Every host below has `xiv`, `ar5iv` or `huggingface` in its name (no other character
    // lower-cases to those ASCII letters): most links are none of them, and rules ask about
    // every link, so skip splitting the URL (issue 11)
    if !["xiv", "ar5iv", "huggingface"]
        .iter()
        .any(|host| contains_ignore_ascii_case(url, host))
    {
        return None;
    }
    let web = WebUrl::parse(url)?;
    let segments = web.segments();
    let (first, rest) = segments.split_first()?;
    let first = first.to_ascii_lowercase();
    let host = web.host.as_str();
    let (host_kind, form) = match host {
        "arxiv.org" | "www.arxiv.org" | "export.arxiv.org" | "web3.arxiv.org"
        | "browse.arxiv.org" => {
            let form = match first.as_str() {
                "abs" => ArxivForm::Abs,
                "pdf" => ArxivForm::Pdf,
                "html" => ArxivForm::Html,
                "format" => ArxivForm::Format,
                "ftp" => return arxiv_ftp(rest),
                _ => return None,
            };
            (ArxivHost::Arxiv, form)
        }
        "ar5iv.org" | "www.ar5iv.org" | "ar5iv.labs.arxiv.org" => match first.as_str() {
            "abs" => (ArxivHost::Mirror, ArxivForm::Abs),
            "html" => (ArxivHost::Mirror, ArxivForm::Html),
            _ => return None,
        },
        "alphaxiv.org" | "www.alphaxiv.org" => match first.as_str() {
            "abs" => (ArxivHost::KeyedPage, ArxivForm::Abs),
            "overview" => (ArxivHost::KeyedPage, ArxivForm::Other),
            _ => return None,
        },
        "huggingface.co" | "www.huggingface.co" if first == "papers" => {
            (ArxivHost::KeyedPage, ArxivForm::Other)
        }
        _ => return None,
    };
    let (id, version) = match rest {
        [one] => parse_new_id_with_version(strip_pdf(one))?,
        [archive, number] => parse_old_id_with_version(archive, strip_pdf(number))?,
        _ => return None,
    };
    Some(ArxivRef {
        id,
        version,
        host_kind,
        form,
    })
}

/// Whether `haystack` holds `needle` (lower-case ASCII) in any ASCII case.
fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

fn strip_pdf(s: &str) -> &str {
    strip_suffix_ignore_case(s, ".pdf").unwrap_or(s)
}

/// `ftp/arxiv/papers/2403/2403.20041.pdf` and, for old ids, `ftp/cs/papers/0306/0306050.pdf`.
fn arxiv_ftp(rest: &[&str]) -> Option<ArxivRef> {
    let [archive, papers, yymm, file] = rest else {
        return None;
    };
    if *papers != "papers" {
        return None;
    }
    let file = strip_pdf(file);
    let (id, version) = if *archive == "arxiv" {
        parse_new_id_with_version(file)?
    } else {
        parse_old_id_with_version(archive, file)?
    };
    let number = id.rsplit('/').next().unwrap_or(&id);
    if !number.starts_with(yymm) {
        return None;
    }
    Some(ArxivRef {
        id,
        version,
        host_kind: ArxivHost::Arxiv,
        form: ArxivForm::Ftp,
    })
}

/// Splits `2106.09685v2` into the id and version. A bare trailing `v` (the corpus has
/// `abs/1911.02972v`) still names the paper, so it counts as no version; `v0` does not exist.
fn split_version(s: &str) -> Option<(&str, Option<u32>)> {
    match s.rfind(['v', 'V']) {
        Some(i) => {
            let digits = &s[i + 1..];
            if digits.is_empty() {
                Some((&s[..i], None))
            } else if all_digits(digits) {
                let version: u32 = digits.parse().ok()?;
                (version >= 1).then_some((&s[..i], Some(version)))
            } else {
                // A `v` inside the id (`2023.nlp4convai-1.6`) is no version marker.
                Some((s, None))
            }
        }
        None => Some((s, None)),
    }
}

fn parse_new_id_with_version(s: &str) -> Option<(String, Option<u32>)> {
    let (id, version) = split_version(s)?;
    is_new_arxiv_id(id).then(|| (id.to_owned(), version))
}

fn parse_old_id_with_version(archive: &str, s: &str) -> Option<(String, Option<u32>)> {
    let (number, version) = split_version(s)?;
    let id = old_arxiv_id(archive, number)?;
    Some((id, version))
}

/// `YYMM.NNNN` from 0704 to 1412, `YYMM.NNNNN` from 1501 on, month 01–12 (arXiv's scheme).
fn is_new_arxiv_id(id: &str) -> bool {
    let Some((yymm, number)) = id.split_once('.') else {
        return false;
    };
    if yymm.len() != 4 || !all_digits(yymm) || !all_digits(number) {
        return false;
    }
    let (Ok(year), Ok(month)) = (yymm[..2].parse::<u32>(), yymm[2..].parse::<u32>()) else {
        return false;
    };
    if !(1..=12).contains(&month) {
        return false;
    }
    let stamp = year * 100 + month;
    match number.len() {
        4 => (704..=1412).contains(&stamp),
        5 => stamp >= 1501,
        _ => false,
    }
}

/// The archives that issued ids of the form `archive/YYMMNNN` before April 2007.
const OLD_ARXIV_ARCHIVES: &[&str] = &[
    "acc-phys", "adap-org", "alg-geom", "ao-sci", "astro-ph", "atom-ph", "bayes-an", "chao-dyn",
    "chem-ph", "cmp-lg", "comp-gas", "cond-mat", "cs", "dg-ga", "funct-an", "gr-qc", "hep-ex",
    "hep-lat", "hep-ph", "hep-th", "math", "math-ph", "mtrl-th", "nlin", "nucl-ex", "nucl-th",
    "patt-sol", "physics", "plasm-ph", "q-alg", "q-bio", "quant-ph", "solv-int", "supr-con",
];

/// `archive(.SUBJ)?` + `YYMMNNN` → `archive/YYMMNNN`. The subject class (`cs.CL`) was never part
/// of the identifier, so it is dropped.
fn old_arxiv_id(archive_with_class: &str, number: &str) -> Option<String> {
    let (archive, class) = archive_with_class
        .split_once('.')
        .map_or((archive_with_class, None), |(a, c)| (a, Some(c)));
    let archive = archive.to_ascii_lowercase();
    if !OLD_ARXIV_ARCHIVES.contains(&archive.as_str()) {
        return None;
    }
    if let Some(class) = class
        && (class.len() < 2 || !class.chars().all(|c| c.is_ascii_alphabetic() || c == '-'))
    {
        return None;
    }
    if number.len() != 7 || !all_digits(number) {
        return None;
    }
    let year: u32 = number[..2].parse().ok()?;
    let month: u32 = number[2..4].parse().ok()?;
    if !(1..=12).contains(&month) {
        return None;
    }
    // Old ids run from 9108 (August 1991) to 0703 (March 2007).
    let in_range = match year {
        91 => month >= 8,
        92..=99 | 0..=6 => true,
        7 => month <= 3,
        _ => false,
    };
    in_range.then(|| format!("{archive}/{number}"))
}

static OLD_ID_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([A-Za-z]+(?:-[A-Za-z]+)?)(?:\.[A-Za-z-]+)?/(\d{7})(?:[vV]\d+)?")
        .expect("valid regex")
});

/// The first arXiv id written inside free text such as a badge label or message
/// (`arXiv-2106.09685-b31b1b`, `arXiv:2106.09685v2`, `hep-th/9711200`), without its version.
/// A badge image URL is not a paper link, but its text may name the paper.
pub fn arxiv_id_in_text(text: &str) -> Option<String> {
    let new_style = crate::scan::new_arxiv_ids(text).into_iter().find_map(|m| {
        let bytes = text.as_bytes();
        let before = m.start.checked_sub(1).map(|i| bytes[i]);
        let before2 = m.start.checked_sub(2).map(|i| bytes[i]);
        let after = bytes.get(m.end).copied();
        // `arXiv.2106.09685` (the arXiv DOI) is fine, `1.2106.09685` is some other number.
        let clean_before = match before {
            Some(b) if b.is_ascii_digit() => false,
            Some(b'.') => !before2.is_some_and(|b| b.is_ascii_digit()),
            _ => true,
        };
        let clean_after = !after.is_some_and(|b| b.is_ascii_digit());
        if !(clean_before && clean_after) {
            return None;
        }
        parse_new_id_with_version(&text[m.clone()]).map(|(id, _)| (m.start, id))
    });
    let old_ids =
        crate::scan::may_hold_old_arxiv_id(text).then(|| OLD_ID_IN_TEXT.captures_iter(text));
    let old_style = old_ids.into_iter().flatten().find_map(|c| {
        let whole = c.get(0)?;
        let starts_word = !text[..whole.start()]
            .chars()
            .next_back()
            .is_some_and(|ch| ch.is_alphanumeric() || ch == '-');
        let ends_word = !text
            .as_bytes()
            .get(whole.end())
            .is_some_and(|b| b.is_ascii_digit());
        if !(starts_word && ends_word) {
            return None;
        }
        let archive_with_class = text[whole.start()..].split('/').next()?;
        old_arxiv_id(archive_with_class, c.get(2)?.as_str()).map(|id| (whole.start(), id))
    });
    match (new_style, old_style) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a.1 } else { b.1 }),
        (a, b) => a.or(b).map(|(_, id)| id),
    }
}

// ---------------------------------------------------------------------------------------------
// Paper keys
// ---------------------------------------------------------------------------------------------

/// The identity of a paper, whatever page or file a link opens.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PaperKey {
    /// Versionless arXiv id.
    Arxiv(String),
    /// Lower-cased DOI (DOIs are case-insensitive).
    Doi(String),
    /// ACL Anthology id: `P02-1040` (old, upper-case) or `2023.findings-acl.13` (new, lower-case).
    Acl(String),
    /// OpenReview forum id (case-sensitive).
    OpenReview(String),
    /// A proceedings page keyed by the publisher's own id: `venue` is the platform
    /// (`NeurIPS`, `PMLR`, `CVF`, `AAAI`, `IJCAI`, `JMLR`, `ECCV`, `IEEE Xplore`).
    Proceedings { venue: &'static str, id: String },
}

impl fmt::Display for PaperKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaperKey::Arxiv(id) => write!(f, "arXiv:{id}"),
            PaperKey::Doi(doi) => write!(f, "doi:{doi}"),
            PaperKey::Acl(id) => write!(f, "ACL:{id}"),
            PaperKey::OpenReview(id) => write!(f, "OpenReview:{id}"),
            PaperKey::Proceedings { venue, id } => write!(f, "{venue}:{id}"),
        }
    }
}

/// The paper a link points at, if it is a paper link this module knows: arXiv in every form,
/// DOIs (doi.org and publisher pages with the DOI in the path), ACL Anthology, OpenReview, and
/// the NeurIPS, PMLR, CVF, AAAI, IJCAI, JMLR, ECVA and IEEE Xplore proceedings pages.
///
/// DOIs that arXiv (`10.48550/arXiv.ID`) and the ACL Anthology (`10.18653/v1/ID`) mint map to
/// those keys, so a DOI link and an anthology link to one paper are one paper.
pub fn paper_key(url: &str) -> Option<PaperKey> {
    match arxiv_ref(url) {
        Some(arxiv) => Some(PaperKey::Arxiv(arxiv.id)),
        None => paper_key_beside_arxiv(url),
    }
}

/// [`paper_key`] of a URL known to be no arXiv paper link (a `Link` keeps its `arxiv_ref`).
pub(crate) fn paper_key_beside_arxiv(url: &str) -> Option<PaperKey> {
    let web = WebUrl::parse(url)?;
    let segments = web.segments();
    if let Some(doi) = doi_in_url(&web, &segments) {
        return Some(key_of_doi(&doi));
    }
    acl_key(&web, &segments)
        .map(PaperKey::Acl)
        .or_else(|| openreview_key(&web, &segments).map(PaperKey::OpenReview))
        .or_else(|| proceedings_key(&web, &segments))
}

/// `10.NNNN/suffix` with a numeric registrant.
fn is_doi(s: &str) -> bool {
    let Some((prefix, suffix)) = s.split_once('/') else {
        return false;
    };
    let Some(registrant) = prefix.strip_prefix("10.") else {
        return false;
    };
    !suffix.is_empty()
        && !suffix.chars().any(char::is_whitespace)
        && registrant.split('.').all(all_digits)
        && registrant.len() >= 4
}

/// The DOI in a resolver URL (`doi.org/…`, `dx.doi.org/…`), a Springer page (`/article/10.…`,
/// `/chapter/10.…`, `/content/pdf/10.….pdf`) or an Atypon-style `/doi/(abs|pdf|full|epdf)/10.…`
/// page (ACM, Wiley, Science, PNAS, Taylor & Francis, SAGE, …).
fn doi_in_url(web: &WebUrl<'_>, segments: &[&str]) -> Option<String> {
    // Most links are none of these: answer before decoding every segment (issue 11)
    if !web.host_is("doi.org")
        && !web.host_is("link.springer.com")
        && segments.first().is_none_or(|s| percent_decode(s) != "doi")
    {
        return None;
    }
    let decoded: Vec<String> = segments.iter().map(|s| percent_decode(s)).collect();
    let start = if web.host_is("doi.org") {
        0
    } else if web.host_is("link.springer.com") {
        decoded.iter().position(|s| s.starts_with("10."))?
    } else if decoded.first().is_some_and(|s| s == "doi") {
        match decoded.get(1).map(String::as_str) {
            Some(s) if s.starts_with("10.") => 1,
            Some(_) if decoded.get(2).is_some_and(|s| s.starts_with("10.")) => 2,
            _ => return None,
        }
    } else {
        return None;
    };
    let mut doi = decoded[start..].join("/");
    if web.host_is("link.springer.com")
        && let Some(stem) = strip_suffix_ignore_case(&doi, ".pdf")
    {
        doi.truncate(stem.len());
    }
    is_doi(&doi).then(|| doi.to_lowercase())
}

fn key_of_doi(doi: &str) -> PaperKey {
    if let Some(rest) = doi.strip_prefix("10.48550/arxiv.")
        && is_new_arxiv_id(rest)
    {
        return PaperKey::Arxiv(rest.to_owned());
    }
    if let Some(rest) = doi.strip_prefix("10.18653/v1/")
        && let Some(id) = normalize_acl_id(rest)
    {
        return PaperKey::Acl(id);
    }
    PaperKey::Doi(doi.to_owned())
}

/// `aclanthology.org/ID(.pdf)(/)`, `aclweb.org/anthology/ID(.pdf)`, the oldest
/// `aclweb.org/anthology/P/P02/P02-1040.pdf`, and `anthology.aclweb.org/ID` in both forms.
fn acl_key(web: &WebUrl<'_>, segments: &[&str]) -> Option<String> {
    let file = if web.host_is("aclanthology.org") {
        match segments {
            [file] => file,
            _ => return None,
        }
    } else if web.host_is("anthology.aclweb.org") {
        // the Anthology's old host: `anthology.aclweb.org/P16-2038`, `…/P/P15/P15-1032.pdf`
        match segments {
            [file] => file,
            [letter, volume, file] if letter.len() == 1 && volume.starts_with(letter) => file,
            _ => return None,
        }
    } else if web.host_is("aclweb.org") {
        match segments {
            ["anthology", file] => file,
            ["anthology", letter, volume, file]
                if letter.len() == 1 && volume.starts_with(letter) =>
            {
                file
            }
            _ => return None,
        }
    } else {
        return None;
    };
    normalize_acl_id(strip_pdf(file))
}

/// Validates an anthology id and puts it in its canonical case, dropping a revision suffix
/// (`P19-1001v2`).
fn normalize_acl_id(raw: &str) -> Option<String> {
    let (id, _) = split_version(raw)?;
    let bytes = id.as_bytes();
    let old_style = bytes.len() == 8
        && bytes[0].is_ascii_alphabetic()
        && bytes[1..3].iter().all(u8::is_ascii_digit)
        && bytes[3] == b'-'
        && bytes[4..].iter().all(u8::is_ascii_digit);
    if old_style {
        return Some(id.to_ascii_uppercase());
    }
    let mut parts = id.split('.');
    let (Some(year), Some(volume), Some(number), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let volume_ok = !volume.is_empty()
        && volume
            .split('-')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
        && volume
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic());
    (year.len() == 4 && all_digits(year) && volume_ok && all_digits(number))
        .then(|| id.to_ascii_lowercase())
}

/// `openreview.net/forum?id=X`, `/pdf?id=X`, `/attachment?id=X`.
fn openreview_key(web: &WebUrl<'_>, segments: &[&str]) -> Option<String> {
    if !web.host_is("openreview.net") {
        return None;
    }
    if !matches!(segments, ["forum" | "pdf" | "attachment"]) {
        return None;
    }
    let id = web.query_param("id")?;
    let valid = (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    valid.then(|| id.to_owned())
}

fn proceedings_key(web: &WebUrl<'_>, segments: &[&str]) -> Option<PaperKey> {
    let (venue, id) = if web.host_is("neurips.cc") || web.host_is("nips.cc") {
        ("NeurIPS", neurips_id(segments)?)
    } else if web.host_is("proceedings.mlr.press") {
        ("PMLR", pmlr_id(segments)?)
    } else if web.host_is("jmlr.org") {
        match segments {
            ["proceedings", "papers", rest @ ..] => ("PMLR", pmlr_id(rest)?),
            _ => ("JMLR", jmlr_id(segments)?),
        }
    } else if web.host_is("openaccess.thecvf.com") {
        ("CVF", cvf_id(segments)?)
    } else if web.host == "ojs.aaai.org" {
        ("AAAI", aaai_id(segments)?)
    } else if web.host_is("ijcai.org") {
        ("IJCAI", ijcai_id(segments)?)
    } else if web.host_is("ecva.net") {
        ("ECCV", ecva_id(segments)?)
    } else if web.host == "ieeexplore.ieee.org" {
        ("IEEE Xplore", ieee_id(web, segments)?)
    } else {
        return None;
    };
    Some(PaperKey::Proceedings { venue, id })
}

/// `paper/YEAR/(hash|file)/HASH-Abstract.html`, `…/HASH-Paper.pdf`, with `-Conference` or
/// `-Datasets_and_Benchmarks` after the kind, under `paper/` or `paper_files/paper/`; keyed on
/// the 32-hex hash. The oldest `papers.nips.cc/paper/7181-attention-is-all-you-need(.pdf)` pages
/// are keyed on their number. Supplements, reviews and BibTeX files are not the paper.
fn neurips_id(segments: &[&str]) -> Option<String> {
    let rest = match segments {
        ["paper_files", "paper", rest @ ..] | ["paper", rest @ ..] => rest,
        _ => return None,
    };
    match rest {
        [year, "hash" | "file", file] if year.len() == 4 && all_digits(year) => {
            let (hash, kind) = file.split_once('-')?;
            let is_hash = hash.len() == 32 && hash.bytes().all(|b| b.is_ascii_hexdigit());
            let is_paper = (kind.starts_with("Abstract") || kind.starts_with("Paper"))
                && (kind.ends_with(".html") || kind.ends_with(".pdf"));
            (is_hash && is_paper).then(|| hash.to_ascii_lowercase())
        }
        [file] => {
            let (number, slug) = file.split_once('-')?;
            (all_digits(number) && !slug.is_empty()).then(|| number.to_owned())
        }
        _ => None,
    }
}

/// `vNN/NAMEYYa.html`, `vNN/NAMEYYa.pdf`, `vNN/NAMEYYa/NAMEYYa.pdf` → `vNN/NAMEYYa`.
fn pmlr_id(segments: &[&str]) -> Option<String> {
    let (volume, stem) = match segments {
        [volume, file] => (
            volume,
            file.strip_suffix(".html")
                .or_else(|| file.strip_suffix(".pdf"))?,
        ),
        [volume, dir, file] => {
            let stem = file.strip_suffix(".pdf")?;
            if stem != *dir {
                return None;
            }
            (volume, stem)
        }
        _ => return None,
    };
    let volume_ok = volume.strip_prefix('v').is_some_and(all_digits);
    let stem_ok = !stem.is_empty()
        && !stem.ends_with("-supp")
        && stem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    (volume_ok && stem_ok).then(|| format!("{volume}/{stem}"))
}

/// `papers/vNN/ID.html` and `papers/volumeNN/ID/ID.pdf` → `ID`.
fn jmlr_id(segments: &[&str]) -> Option<String> {
    let id = match segments {
        ["papers", volume, file] if volume.starts_with('v') => file.strip_suffix(".html")?,
        ["papers", volume, dir, file] if volume.starts_with("volume") => {
            let stem = file.strip_suffix(".pdf")?;
            (stem == *dir).then_some(stem)?
        }
        _ => return None,
    };
    let valid = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    valid.then(|| id.to_owned())
}

/// `content/CVPR2021/html/NAME_CVPR_2021_paper.html`, `…/papers/NAME_CVPR_2021_paper.pdf`,
/// `content_CVPR_2019/html/…`, workshops (`content/CVPR2021W/WORKSHOP/html/…`) → the file stem
/// without `_paper`, so the HTML page and the PDF are one paper.
fn cvf_id(segments: &[&str]) -> Option<String> {
    let first = segments.first()?;
    if !first.starts_with("content") {
        return None;
    }
    let file = segments.last()?;
    let stem = file
        .strip_suffix("_paper.html")
        .or_else(|| file.strip_suffix("_paper.pdf"))?;
    (!stem.is_empty()).then(|| stem.to_owned())
}

/// `index.php/AAAI/article/(view|download)/ARTICLE(/GALLEY)` → `ARTICLE`.
fn aaai_id(segments: &[&str]) -> Option<String> {
    match segments {
        [
            "index.php",
            "AAAI",
            "article",
            "view" | "download",
            article,
            ..,
        ] if all_digits(article) => Some((*article).to_owned()),
        _ => None,
    }
}

/// `proceedings/YEAR/NNNN(.pdf)` → `YEAR/N`: the PDF is zero-padded (`0629.pdf`), the page is
/// not (`/629`).
fn ijcai_id(segments: &[&str]) -> Option<String> {
    let ["proceedings", year, file] = segments else {
        return None;
    };
    let number = strip_pdf(file);
    if year.len() != 4 || !all_digits(year) || !all_digits(number) {
        return None;
    }
    let number: u64 = number.parse().ok()?;
    Some(format!("{year}/{number}"))
}

/// `papers/eccv_2022/papers_ECCV/html/1197_ECCV_2022_paper.php` → `1197_ECCV_2022`.
fn ecva_id(segments: &[&str]) -> Option<String> {
    match segments {
        ["papers", _, _, "html", file] => {
            let stem = file.strip_suffix("_paper.php")?;
            (!stem.is_empty()).then(|| stem.to_owned())
        }
        _ => None,
    }
}

/// `(abstract/)document/NNN(/…)` and `stamp/stamp.jsp?arnumber=NNN` → `NNN`.
fn ieee_id(web: &WebUrl<'_>, segments: &[&str]) -> Option<String> {
    let number = match segments {
        ["document", number, ..] | ["abstract", "document", number, ..] => *number,
        ["stamp", "stamp.jsp"] => web.query_param("arnumber")?,
        _ => return None,
    };
    all_digits(number).then(|| number.to_owned())
}

// ---------------------------------------------------------------------------------------------
// Resource keys
// ---------------------------------------------------------------------------------------------

/// Query parameters that only track where a click came from.
fn is_tracking_param(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("utm_")
        || matches!(
            name.as_str(),
            "fbclid"
                | "gclid"
                | "dclid"
                | "gbraid"
                | "wbraid"
                | "msclkid"
                | "yclid"
                | "twclid"
                | "igshid"
                | "mc_cid"
                | "mc_eid"
                | "_hsenc"
                | "_hsmi"
                | "mkt_tok"
                | "ref_src"
        )
}

/// A normalised key for any web link, for telling whether two non-paper links (repositories,
/// project pages, blogs) are the same resource. Callers try [`paper_key`] first.
///
/// - scheme, a leading `www.`, host case, a trailing `/`, the fragment and an empty `?` are
///   ignored; tracking parameters (`utm_*`, `fbclid`, `gclid`, …) are dropped and the rest sorted.
///   `ref` is kept: it is a tracker on some sites but a branch or tag on others (GitLab).
/// - `github.com/Owner/Repo` is case-insensitive in owner and repo and ignores `.git`, every
///   query on the repository root (`?tab=readme-ov-file`), and the default-branch root
///   (`/tree/main`, `/tree/master`, `/blob/main/README.md`); deeper paths (`/tree/main/examples`)
///   are other resources and keep their case.
/// - `youtu.be/ID` and `youtube.com/watch?v=ID&t=…` are one video.
pub fn resource_key(url: &str) -> Option<String> {
    let web = WebUrl::parse(url)?;
    let host = web
        .host
        .strip_prefix("www.")
        .unwrap_or(&web.host)
        .to_owned();
    let segments = web.segments();
    if host == "github.com" {
        return Some(github_key(&web, &segments));
    }
    if host == "youtu.be"
        && let [video] = segments.as_slice()
    {
        return Some(format!("youtube.com/watch?v={video}"));
    }
    if (host == "youtube.com" || host == "m.youtube.com")
        && segments == ["watch"]
        && let Some(video) = web.query_param("v")
    {
        return Some(format!("youtube.com/watch?v={video}"));
    }
    let mut key = host;
    for segment in &segments {
        key.push('/');
        key.push_str(segment);
    }
    push_query(&mut key, web.query, |_| false);
    Some(key)
}

fn github_key(web: &WebUrl<'_>, segments: &[&str]) -> String {
    let mut key = String::from("github.com");
    let (owner_repo, rest) = segments.split_at(segments.len().min(2));
    for (i, part) in owner_repo.iter().enumerate() {
        let part = part.to_lowercase();
        let part = if i == 1 {
            part.strip_suffix(".git").unwrap_or(&part).to_owned()
        } else {
            part
        };
        key.push('/');
        key.push_str(&part);
    }
    let is_default_branch = |s: &str| s == "main" || s == "master";
    let at_root = match rest {
        [] => true,
        ["tree", branch] => is_default_branch(branch),
        ["blob", branch, readme] => {
            is_default_branch(branch) && readme.eq_ignore_ascii_case("readme.md")
        }
        _ => false,
    };
    if at_root && owner_repo.len() == 2 {
        return key;
    }
    for segment in rest {
        key.push('/');
        key.push_str(segment);
    }
    push_query(&mut key, web.query, |name| name == "tab");
    key
}

fn push_query(key: &mut String, query: &str, also_drop: impl Fn(&str) -> bool) {
    let mut pairs: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or(pair);
            !is_tracking_param(name) && !also_drop(name)
        })
        .collect();
    if pairs.is_empty() {
        return;
    }
    pairs.sort_unstable();
    key.push('?');
    key.push_str(&pairs.join("&"));
}

// ---------------------------------------------------------------------------------------------
// Titles
// ---------------------------------------------------------------------------------------------

const GREEK: &[(char, &str)] = &[
    ('α', "alpha"),
    ('β', "beta"),
    ('γ', "gamma"),
    ('δ', "delta"),
    ('ε', "epsilon"),
    ('ζ', "zeta"),
    ('η', "eta"),
    ('θ', "theta"),
    ('ι', "iota"),
    ('κ', "kappa"),
    ('λ', "lambda"),
    ('μ', "mu"),
    ('ν', "nu"),
    ('ξ', "xi"),
    ('ο', "omicron"),
    ('π', "pi"),
    ('ρ', "rho"),
    ('σ', "sigma"),
    ('ς', "sigma"),
    ('τ', "tau"),
    ('υ', "upsilon"),
    ('φ', "phi"),
    ('χ', "chi"),
    ('ψ', "psi"),
    ('ω', "omega"),
];

/// LaTeX commands that only style their argument: the argument stays, the command goes.
const LATEX_STYLE_COMMANDS: &[&str] = &[
    "text",
    "textbf",
    "textit",
    "texttt",
    "textsc",
    "textrm",
    "textsf",
    "emph",
    "mathrm",
    "mathbf",
    "mathit",
    "mathcal",
    "mathbb",
    "mathsf",
    "mathtt",
    "boldsymbol",
    "bm",
    "bf",
    "it",
    "rm",
    "tt",
    "sc",
    "em",
];

/// Compatibility-decomposed (NFKD, so `ﬁ` is `fi` and full-width letters are ASCII), accents
/// dropped, lower-cased, Greek letters and LaTeX `\alpha` spelled out, `\textbf` dropped. Every
/// other character is kept for the caller to fold.
pub(crate) fn fold_title(title: &str) -> String {
    // ASCII is its own NFKD form, without marks or Greek letters: most titles skip the
    // decomposition, which was a fifth of `check` on a 10 MB list (issue 11)
    if title.is_ascii() {
        fold_chars(title.chars(), title.len())
    } else {
        fold_chars(title.nfkd().filter(|c| !is_combining_mark(*c)), title.len())
    }
}

/// [`fold_title`] over decomposed characters.
fn fold_chars(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut chars = chars.peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            let mut command = String::new();
            while let Some(&next) = chars.peek() {
                if !next.is_ascii_alphabetic() {
                    break;
                }
                command.push(next);
                chars.next();
            }
            if !LATEX_STYLE_COMMANDS.contains(&command.as_str()) {
                out.push(' ');
                out.push_str(&command.to_lowercase());
            }
            out.push(' ');
            continue;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for lower in c.to_lowercase() {
            match GREEK.iter().find(|(g, _)| *g == lower) {
                Some((_, name)) => out.push_str(name),
                None => out.push(lower),
            }
        }
    }
    out
}

/// Characters that make a title a different paper: letters, digits and `+` (`LoRA+` is not
/// `LoRA`).
fn is_significant(c: char) -> bool {
    c.is_alphanumeric() || c == '+'
}

/// A key under which two ways of writing one title are equal.
///
/// Unicode compatibility forms, accents, case, LaTeX (`$\alpha$` = `α` = `alpha`), Markdown
/// emphasis, punctuation, every dash variant and whitespace are dropped outright — not folded to
/// a space — so `QLoRA: Efficient …` = `QLoRA — Efficient …`, `Pre-Trained` = `Pretrained` and
/// `LoRA-FA` = `LoRA FA`. Letters, digits and `+` remain, so `LoRA`, `LoRA+`, `DoRA`, `DyLoRA`
/// and `LoRA-FA` stay five papers.
pub fn title_key(title: &str) -> String {
    fold_title(title)
        .chars()
        .filter(|c| is_significant(*c))
        .collect()
}

/// Words too common in titles to tell two papers apart.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "by", "for", "from", "in", "into", "is", "of", "on", "or",
    "the", "to", "via", "with",
];

fn title_tokens(title: &str) -> Vec<String> {
    fold_title(title)
        .split(|c: char| !is_significant(c))
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The main title: the part before the first `:` or spaced dash, when there is a subtitle.
fn main_title(title: &str) -> Option<&str> {
    let cut = [":", " - ", " – ", " — ", " ‒ ", " ― "]
        .iter()
        .filter_map(|sep| title.find(sep))
        .min()?;
    let head = title[..cut].trim();
    (!head.is_empty()).then_some(head)
}

/// Joins two or three adjacent tokens of `tokens` whose concatenation is a token of `other`, so
/// `pre trained` meets `pretrained` and `k nn` meets `knn` (arxiv-title-mismatch's
/// comparison uses it too: `fine tuning` meets `finetuning`).
pub(crate) fn merge_split_words(tokens: &[String], other: &BTreeSet<&str>) -> Vec<String> {
    let mut merged = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let join = (2..=3).rev().find_map(|count| {
            let run = tokens.get(i..i + count)?;
            let joined = run.concat();
            (other.contains(joined.as_str()) && !other.contains(run[0].as_str()))
                .then_some((joined, count))
        });
        match join {
            Some((joined, count)) => {
                merged.push(joined);
                i += count;
            }
            None => {
                merged.push(tokens[i].clone());
                i += 1;
            }
        }
    }
    merged
}

fn content_words(tokens: Vec<String>) -> BTreeSet<String> {
    let content: BTreeSet<String> = tokens
        .iter()
        .filter(|t| !STOP_WORDS.contains(&t.as_str()))
        .cloned()
        .collect();
    if content.is_empty() {
        tokens.into_iter().collect()
    } else {
        content
    }
}

/// Two spellings of one long word: a typo or a plural (`Efficent`, `Adapters`). Short words and
/// words with digits or `+` are names (`QLoRA`/`LoRA`, `GPT-3`/`GPT-4`) and must match exactly.
pub(crate) fn near_same_word(a: &str, b: &str) -> bool {
    let plain = |s: &str| s.chars().all(char::is_alphabetic);
    a.chars().count() >= 7
        && b.chars().count() >= 7
        && plain(a)
        && plain(b)
        && edit_distance_at_most_one(a, b)
}

fn edit_distance_at_most_one(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if prefix == short.len() {
        return true;
    }
    if short.len() == long.len() {
        short[prefix + 1..] == long[prefix + 1..]
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

/// Dice coefficient of the content words of two titles, after joining split words and pairing
/// near-identical long words.
fn word_dice(a: &str, b: &str) -> f64 {
    let tokens_a = title_tokens(a);
    let tokens_b = title_tokens(b);
    if tokens_a.is_empty() || tokens_b.is_empty() {
        return 0.0;
    }
    let set_b: BTreeSet<&str> = tokens_b.iter().map(String::as_str).collect();
    let merged_a = merge_split_words(&tokens_a, &set_b);
    let set_a: BTreeSet<&str> = merged_a.iter().map(String::as_str).collect();
    let merged_b = merge_split_words(&tokens_b, &set_a);
    let words_a = content_words(merged_a);
    let words_b = content_words(merged_b);
    let mut unmatched_b: Vec<&String> = words_b.difference(&words_a).collect();
    let mut matched = words_a.intersection(&words_b).count();
    for word in words_a.difference(&words_b) {
        if let Some(i) = unmatched_b.iter().position(|b| near_same_word(word, b)) {
            unmatched_b.swap_remove(i);
            matched += 1;
        }
    }
    (2 * matched) as f64 / (words_a.len() + words_b.len()) as f64
}

/// Score given when one title is exactly the other's main title (`K-Adapter` against
/// `K-Adapter: Infusing Knowledge into Pre-Trained Models with Adapters`).
const MAIN_TITLE_SCORE: f64 = 0.9;

/// How alike two titles are, in [0, 1]: the Dice coefficient of their content words (stop words
/// dropped), tolerant of case, accents, punctuation, LaTeX leftovers, hyphenation
/// (`Pre-Trained` = `Pretrained`) and one-letter typos in long words. A title that equals the
/// other's main title (before `:`), while the other has a subtitle, scores at least 0.9.
pub fn title_similarity(a: &str, b: &str) -> f64 {
    let mut score = word_dice(a, b);
    let head_match = |short: &str, long: &str| {
        main_title(short).is_none()
            && main_title(long).is_some_and(|head| word_dice(short, head) >= 1.0)
    };
    if head_match(a, b) || head_match(b, a) {
        score = score.max(MAIN_TITLE_SCORE);
    }
    score.clamp(0.0, 1.0)
}

/// The similarity at and above which two titles name the same paper. A one-word difference in
/// a five-word title (8/10 content words shared) still matches; `LoRA: Low-Rank Adaptation of
/// Large Language Models` against `LoRA+: Efficient Low Rank Adaptation of Large Models` (0.71)
/// does not.
pub const TITLE_MATCH_THRESHOLD: f64 = 0.8;

/// Whether a list entry's title and the title in a paper's metadata (arXiv) name the same paper:
/// [`title_similarity`] of at least [`TITLE_MATCH_THRESHOLD`].
pub fn titles_match(entry_title: &str, metadata_title: &str) -> bool {
    title_similarity(entry_title, metadata_title) >= TITLE_MATCH_THRESHOLD
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arxiv(url: &str) -> (String, Option<u32>, ArxivHost, ArxivForm) {
        let r = arxiv_ref(url).unwrap_or_else(|| panic!("not an arXiv link: {url}"));
        (r.id, r.version, r.host_kind, r.form)
    }

    fn key(url: &str) -> String {
        paper_key(url)
            .unwrap_or_else(|| panic!("no paper key: {url}"))
            .to_string()
    }

    use ArxivForm::*;
    use ArxivHost::*;

    #[test]
    fn arxiv_abs_pdf_html_format() {
        let id = || "2106.09685".to_owned();
        assert_eq!(
            arxiv("https://arxiv.org/abs/2106.09685"),
            (id(), None, Arxiv, Abs)
        );
        assert_eq!(
            arxiv("https://arxiv.org/pdf/2106.09685"),
            (id(), None, Arxiv, Pdf)
        );
        assert_eq!(
            arxiv("https://arxiv.org/html/2106.09685"),
            (id(), None, Arxiv, Html)
        );
        assert_eq!(
            arxiv("https://arxiv.org/format/2106.09685"),
            (id(), None, Arxiv, Format)
        );
    }

    #[test]
    fn arxiv_versions_and_pdf_suffix() {
        // seed: Airavata is linked as html/…v2; Hannibal046 writes pdf/….pdf.
        assert_eq!(
            arxiv("https://arxiv.org/html/2401.15006v2"),
            ("2401.15006".into(), Some(2), Arxiv, Html)
        );
        assert_eq!(
            arxiv("https://arxiv.org/pdf/2307.09288.pdf"),
            ("2307.09288".into(), None, Arxiv, Pdf)
        );
        assert_eq!(
            arxiv("https://arxiv.org/pdf/2307.09288v2.pdf"),
            ("2307.09288".into(), Some(2), Arxiv, Pdf)
        );
        assert_eq!(
            arxiv("https://arxiv.org/abs/1911.02972v"),
            ("1911.02972".into(), None, Arxiv, Abs)
        );
        assert_eq!(arxiv_ref("https://arxiv.org/abs/2106.09685v0"), None);
    }

    #[test]
    fn arxiv_http_and_subdomains() {
        assert_eq!(
            arxiv_id("http://arxiv.org/abs/1901.04085").as_deref(),
            Some("1901.04085")
        );
        assert_eq!(arxiv("https://www.arxiv.org/abs/2407.14679").2, Arxiv);
        assert_eq!(arxiv("http://export.arxiv.org/abs/2106.09685").2, Arxiv);
        assert_eq!(arxiv("https://web3.arxiv.org/pdf/2305.12086").3, Pdf);
        assert_eq!(
            arxiv("https://browse.arxiv.org/pdf/2306.00978.pdf"),
            ("2306.00978".into(), None, Arxiv, Pdf)
        );
        assert_eq!(
            arxiv_id("HTTPS://ArXiv.org/abs/2106.09685").as_deref(),
            Some("2106.09685")
        );
    }

    #[test]
    fn arxiv_mirrors_and_keyed_pages() {
        assert_eq!(
            arxiv("https://ar5iv.labs.arxiv.org/html/2406.17740"),
            ("2406.17740".into(), None, Mirror, Html)
        );
        assert_eq!(arxiv("https://ar5iv.org/abs/1706.03762").2, Mirror);
        assert_eq!(arxiv("https://ar5iv.org/abs/1706.03762").3, Abs);
        assert_eq!(arxiv("https://ar5iv.org/html/1706.03762v7").1, Some(7));
        assert_eq!(
            arxiv("https://www.alphaxiv.org/abs/2106.09685").2,
            KeyedPage
        );
        assert_eq!(
            arxiv("https://www.alphaxiv.org/overview/2106.09685v2"),
            ("2106.09685".into(), Some(2), KeyedPage, Other)
        );
        assert_eq!(
            arxiv("https://huggingface.co/papers/2404.14469"),
            ("2404.14469".into(), None, KeyedPage, Other)
        );
    }

    #[test]
    fn arxiv_ftp_form() {
        // xlite-dev links one paper through the ftp tree.
        assert_eq!(
            arxiv("https://arxiv.org/ftp/arxiv/papers/2403/2403.20041.pdf"),
            ("2403.20041".into(), None, Arxiv, Ftp)
        );
        assert_eq!(
            arxiv("https://arxiv.org/ftp/cs/papers/0306/0306050.pdf").0,
            "cs/0306050"
        );
        assert_eq!(
            arxiv_ref("https://arxiv.org/ftp/arxiv/papers/2404/2403.20041.pdf"),
            None
        );
    }

    #[test]
    fn arxiv_old_style_ids() {
        assert_eq!(arxiv("http://arxiv.org/abs/cs/0306050").0, "cs/0306050");
        assert_eq!(
            arxiv("https://arxiv.org/abs/hep-th/9711200v3").0,
            "hep-th/9711200"
        );
        assert_eq!(arxiv("https://arxiv.org/abs/hep-th/9711200v3").1, Some(3));
        assert_eq!(arxiv("https://arxiv.org/abs/cs.CL/0306050").0, "cs/0306050");
        assert_eq!(
            arxiv("https://arxiv.org/pdf/math.GT/0309136.pdf").0,
            "math/0309136"
        );
        // 9107 is before arXiv began; 0704 belongs to the new scheme; `foo` is no archive.
        assert_eq!(arxiv_ref("https://arxiv.org/abs/hep-th/9107001"), None);
        assert_eq!(arxiv_ref("https://arxiv.org/abs/cs/0704001"), None);
        assert_eq!(arxiv_ref("https://arxiv.org/abs/foo/0306050"), None);
    }

    #[test]
    fn arxiv_queries_fragments_and_wrapping_are_ignored() {
        let fbclid = "https://arxiv.org/abs/2504.14117?fbclid=IwZXh0bgNhZW0CMTAAAR6sB8o19JTz5LIc";
        assert_eq!(arxiv_id(fbclid).as_deref(), Some("2504.14117"));
        assert_eq!(
            arxiv_id("https://arxiv.org/abs/2206.00481?context=cs").as_deref(),
            Some("2206.00481")
        );
        assert_eq!(
            arxiv_id("https://arxiv.org/abs/2206.15398#").as_deref(),
            Some("2206.15398")
        );
        assert_eq!(
            arxiv_id("https://arxiv.org/abs/2503.10614?").as_deref(),
            Some("2503.10614")
        );
        assert_eq!(
            arxiv_id("https://arxiv.org/abs//2306.08707").as_deref(),
            Some("2306.08707")
        );
        assert_eq!(
            arxiv_id("  <https://arxiv.org/abs/2106.09685/>  ").as_deref(),
            Some("2106.09685")
        );
        assert_eq!(
            arxiv_id("www.arxiv.org/abs/2106.09685").as_deref(),
            Some("2106.09685")
        );
    }

    #[test]
    fn arxiv_id_scheme_boundaries() {
        assert!(arxiv_ref("https://arxiv.org/abs/0704.0001").is_some());
        assert!(arxiv_ref("https://arxiv.org/abs/1412.8765").is_some());
        assert!(arxiv_ref("https://arxiv.org/abs/1501.00001").is_some());
        assert_eq!(arxiv_ref("https://arxiv.org/abs/0703.0001"), None);
        assert_eq!(arxiv_ref("https://arxiv.org/abs/1412.87654"), None);
        assert_eq!(arxiv_ref("https://arxiv.org/abs/1501.0001"), None);
        assert_eq!(arxiv_ref("https://arxiv.org/abs/2313.12345"), None);
        assert_eq!(arxiv_ref("https://arxiv.org/abs/2300.12345"), None);
    }

    #[test]
    fn not_arxiv_paper_links() {
        for url in [
            "https://arxiv.org/list/cs.CL/recent",
            "https://arxiv.org/list/cs.CL",
            "https://arxiv.org/a/hu_e_1",
            "https://arxiv.org/",
            "https://img.shields.io/badge/arXiv-2106.09685-b31b1b",
            "https://github.com/arxiv/arxiv-browse",
            // horseee embeds figure thumbnails from arXiv HTML papers.
            "https://arxiv.org/html/2410.01485v1/extracted/5895696/figures/model_architecture.png",
            "https://arxiv.org/html/2401.10774v1/x1.png",
            "https://huggingface.co/meta-llama/Llama-2-7b",
            "https://control4darxiv.github.io/",
            "arxiv.org/abs/2106.09685",
            "mailto:someone@arxiv.org",
            "https://arxiv.org.evil.example/abs/2106.09685",
        ] {
            assert_eq!(arxiv_ref(url), None, "{url}");
        }
    }

    #[test]
    fn arxiv_ids_inside_badge_text() {
        assert_eq!(
            arxiv_id_in_text("arXiv-2106.09685-b31b1b").as_deref(),
            Some("2106.09685")
        );
        assert_eq!(
            arxiv_id_in_text("https://img.shields.io/badge/arXiv-2504.14117-B31B1B?logo=arxiv")
                .as_deref(),
            Some("2504.14117")
        );
        assert_eq!(
            arxiv_id_in_text("arXiv:2106.09685v2").as_deref(),
            Some("2106.09685")
        );
        assert_eq!(
            arxiv_id_in_text("10.48550/arXiv.2106.09685").as_deref(),
            Some("2106.09685")
        );
        assert_eq!(
            arxiv_id_in_text("arXiv:hep-th/9711200").as_deref(),
            Some("hep-th/9711200")
        );
        assert_eq!(
            arxiv_id_in_text("see 2313.12345 or 2312.00752").as_deref(),
            Some("2312.00752")
        );
        assert_eq!(arxiv_id_in_text("arXiv-b31b1b.svg"), None);
        assert_eq!(arxiv_id_in_text("version 12106.096851"), None);
        assert_eq!(arxiv_id_in_text("ICML'23"), None);
    }

    #[test]
    fn canonical_arxiv_urls() {
        assert_eq!(
            canonical_arxiv_url("2106.09685", ArxivUrlStyle::Abs, None),
            "https://arxiv.org/abs/2106.09685"
        );
        assert_eq!(
            canonical_arxiv_url("2106.09685", ArxivUrlStyle::Pdf, Some(2)),
            "https://arxiv.org/pdf/2106.09685v2"
        );
        assert_eq!(
            canonical_arxiv_url("cs/0306050", ArxivUrlStyle::Abs, None),
            "https://arxiv.org/abs/cs/0306050"
        );
    }

    #[test]
    fn arxiv_keys_agree_across_forms() {
        // seed: MixLoRA is linked through html/…v1 in one section and /pdf/ in another.
        let forms = [
            "https://arxiv.org/abs/2404.15159",
            "https://arxiv.org/pdf/2404.15159",
            "https://arxiv.org/html/2404.15159v1",
            "http://www.arxiv.org/pdf/2404.15159v2.pdf",
            "https://ar5iv.org/abs/2404.15159",
            "https://huggingface.co/papers/2404.15159",
            "https://doi.org/10.48550/arXiv.2404.15159",
        ];
        for url in forms {
            assert_eq!(key(url), "arXiv:2404.15159", "{url}");
        }
    }

    #[test]
    fn doi_links() {
        assert_eq!(
            key("https://doi.org/10.1109/CVPR52729.2023.00660"),
            "doi:10.1109/cvpr52729.2023.00660"
        );
        assert_eq!(
            key("http://dx.doi.org/10.1109/CVPR52729.2023.00660"),
            "doi:10.1109/cvpr52729.2023.00660"
        );
        assert_eq!(
            key("https://doi.org/10.1016%2Fj.aiopen.2023.08.012"),
            "doi:10.1016/j.aiopen.2023.08.012"
        );
        assert_eq!(
            key("https://dl.acm.org/doi/10.1145/3468264.3468544"),
            "doi:10.1145/3468264.3468544"
        );
        assert_eq!(
            key("https://dl.acm.org/doi/abs/10.1145/3611643.3616339"),
            "doi:10.1145/3611643.3616339"
        );
        assert_eq!(
            key("https://dl.acm.org/doi/pdf/10.1145/3611643.3616339"),
            "doi:10.1145/3611643.3616339"
        );
        assert_eq!(
            key("https://dl.acm.org/doi/full/10.1145/3611643.3616339"),
            "doi:10.1145/3611643.3616339"
        );
        assert_eq!(
            key("https://link.springer.com/article/10.1007/s11747-022-00892-5"),
            "doi:10.1007/s11747-022-00892-5"
        );
        assert_eq!(
            key("https://link.springer.com/chapter/10.1007/978-3-031-20044-1_14"),
            "doi:10.1007/978-3-031-20044-1_14"
        );
        assert_eq!(
            key("https://link.springer.com/content/pdf/10.1007/s11263-016-0981-7.pdf"),
            "doi:10.1007/s11263-016-0981-7"
        );
        assert_eq!(
            key("https://onlinelibrary.wiley.com/doi/10.1002/aws2.1179"),
            "doi:10.1002/aws2.1179"
        );
        assert_eq!(
            key("https://awwa.onlinelibrary.wiley.com/doi/full/10.1002/aws2.1179"),
            "doi:10.1002/aws2.1179"
        );
        assert_eq!(paper_key("https://doi.org/"), None);
        assert_eq!(paper_key("https://dl.acm.org/doi/book"), None);
    }

    #[test]
    fn doi_case_does_not_matter() {
        assert_eq!(
            paper_key("https://doi.org/10.1109/TIP.2023.3307969"),
            paper_key("https://doi.org/10.1109/tip.2023.3307969")
        );
    }

    #[test]
    fn acl_anthology_links() {
        assert_eq!(key("https://aclanthology.org/P02-1040.pdf"), "ACL:P02-1040");
        assert_eq!(key("https://aclanthology.org/P02-1040/"), "ACL:P02-1040");
        assert_eq!(key("https://aclanthology.org/D19-1165"), "ACL:D19-1165");
        // NLP-progress links the Anthology's old host
        assert_eq!(key("http://anthology.aclweb.org/P16-2038"), "ACL:P16-2038");
        assert_eq!(
            key("http://anthology.aclweb.org/P/P15/P15-1032.pdf"),
            "ACL:P15-1032"
        );
        assert_eq!(
            key("https://aclanthology.org/2023.findings-acl.13.pdf"),
            "ACL:2023.findings-acl.13"
        );
        assert_eq!(
            key("https://aclanthology.org/2020.acl-main.730/"),
            "ACL:2020.acl-main.730"
        );
        assert_eq!(
            key("https://aclanthology.org/2021.acl-long.295"),
            "ACL:2021.acl-long.295"
        );
        assert_eq!(
            key("https://aclanthology.org/2022.amta-research.20.pdf"),
            "ACL:2022.amta-research.20"
        );
        assert_eq!(
            key("https://aclanthology.org/P19-1001v2.pdf"),
            "ACL:P19-1001"
        );
        assert_eq!(
            key("https://aclanthology.org/2023.nlp4convai-1.6/"),
            "ACL:2023.nlp4convai-1.6"
        );
        assert_eq!(
            key("https://aclanthology.org/2020.acl-main.1v2.pdf"),
            "ACL:2020.acl-main.1"
        );
        assert_eq!(
            key("https://www.aclweb.org/anthology/D19-1165.pdf"),
            "ACL:D19-1165"
        );
        assert_eq!(
            key("https://aclweb.org/anthology/2020.emnlp-main.180"),
            "ACL:2020.emnlp-main.180"
        );
        assert_eq!(
            key("https://www.aclweb.org/anthology/D/D19/D19-1165.pdf"),
            "ACL:D19-1165"
        );
        assert_eq!(key("https://doi.org/10.18653/v1/D19-1165"), "ACL:D19-1165");
        assert_eq!(
            key("https://doi.org/10.18653/v1/2020.acl-main.730"),
            "ACL:2020.acl-main.730"
        );
        assert_eq!(paper_key("https://aclanthology.org/events/acl-2023/"), None);
        assert_eq!(
            paper_key("https://aclanthology.org/volumes/2023.acl-long/"),
            None
        );
    }

    #[test]
    fn openreview_links() {
        assert_eq!(
            key("https://openreview.net/forum?id=nZeVKeeFYf9"),
            "OpenReview:nZeVKeeFYf9"
        );
        assert_eq!(
            key("https://openreview.net/pdf?id=nZeVKeeFYf9"),
            "OpenReview:nZeVKeeFYf9"
        );
        assert_eq!(
            key("https://openreview.net/forum?id=-CwPopPJda&noteId=abc"),
            "OpenReview:-CwPopPJda"
        );
        assert_ne!(
            paper_key("https://openreview.net/forum?id=abcdefghij"),
            paper_key("https://openreview.net/forum?id=ABCDEFGHIJ")
        );
        assert_eq!(
            paper_key("https://openreview.net/group?id=ICLR.cc/2024/Conference"),
            None
        );
    }

    #[test]
    fn neurips_links() {
        let hash = "NeurIPS:1457c0d6bfcb4967418bfb8ac142f64a";
        assert_eq!(
            key(
                "https://proceedings.neurips.cc/paper/2020/hash/1457c0d6bfcb4967418bfb8ac142f64a-Abstract.html"
            ),
            hash
        );
        assert_eq!(
            key(
                "https://papers.nips.cc/paper/2020/file/1457c0d6bfcb4967418bfb8ac142f64a-Paper.pdf"
            ),
            hash
        );
        assert_eq!(
            key(
                "https://proceedings.neurips.cc/paper_files/paper/2022/file/11332b6b6cf4485b84afadb1352d3a9a-Paper-Conference.pdf"
            ),
            "NeurIPS:11332b6b6cf4485b84afadb1352d3a9a"
        );
        assert_eq!(
            key(
                "http://papers.nips.cc/paper_files/paper/2022/hash/9d5609613524ecf4f15af0f7b31abca4-Abstract-Conference.html"
            ),
            "NeurIPS:9d5609613524ecf4f15af0f7b31abca4"
        );
        assert_eq!(
            key(
                "https://papers.nips.cc/paper_files/paper/2022/file/74a67268c5cc5910f64938cac4526a90-Paper-Datasets_and_Benchmarks.pdf"
            ),
            "NeurIPS:74a67268c5cc5910f64938cac4526a90"
        );
        assert_eq!(
            key("https://papers.nips.cc/paper/7181-attention-is-all-you-need.pdf"),
            "NeurIPS:7181"
        );
        assert_eq!(
            paper_key(
                "https://proceedings.neurips.cc/paper/2020/file/1457c0d6bfcb4967418bfb8ac142f64a-Supplemental.pdf"
            ),
            None
        );
        assert_eq!(paper_key("https://proceedings.neurips.cc/paper/2020"), None);
    }

    #[test]
    fn pmlr_links() {
        assert_eq!(
            key("http://proceedings.mlr.press/v119/chen20s.html"),
            "PMLR:v119/chen20s"
        );
        assert_eq!(
            key("https://proceedings.mlr.press/v119/chen20s/chen20s.pdf"),
            "PMLR:v119/chen20s"
        );
        assert_eq!(
            key("http://proceedings.mlr.press/v202/driess23a/driess23a.pdf"),
            "PMLR:v202/driess23a"
        );
        assert_eq!(
            key("http://proceedings.mlr.press/v37/ioffe15.pdf"),
            "PMLR:v37/ioffe15"
        );
        assert_eq!(
            key("http://jmlr.org/proceedings/papers/v37/ioffe15.pdf"),
            "PMLR:v37/ioffe15"
        );
        assert_eq!(
            paper_key("https://proceedings.mlr.press/v202/driess23a/driess23a-supp.pdf"),
            None
        );
        assert_eq!(paper_key("https://proceedings.mlr.press/v202/"), None);
    }

    #[test]
    fn cvf_links() {
        let stem = "CVF:Chen_Adaptive_Image_Transformer_for_One-Shot_Object_Detection_CVPR_2021";
        assert_eq!(
            key(
                "https://openaccess.thecvf.com/content/CVPR2021/html/Chen_Adaptive_Image_Transformer_for_One-Shot_Object_Detection_CVPR_2021_paper.html"
            ),
            stem
        );
        assert_eq!(
            key(
                "https://openaccess.thecvf.com/content/CVPR2021/papers/Chen_Adaptive_Image_Transformer_for_One-Shot_Object_Detection_CVPR_2021_paper.pdf"
            ),
            stem
        );
        assert_eq!(
            key(
                "http://openaccess.thecvf.com/content_CVPR_2019/html/Zhang_Self-Supervised_CVPR_2019_paper.html"
            ),
            "CVF:Zhang_Self-Supervised_CVPR_2019"
        );
        assert_eq!(
            key(
                "https://openaccess.thecvf.com/content/CVPR2021W/CLVision/html/Smith_Always_Be_Dreaming_CVPRW_2021_paper.html"
            ),
            "CVF:Smith_Always_Be_Dreaming_CVPRW_2021"
        );
        assert_eq!(
            paper_key(
                "https://openaccess.thecvf.com/content/ICCV2023/supplemental/Li_X_ICCV_2023_supplemental.pdf"
            ),
            None
        );
        assert_eq!(paper_key("https://openaccess.thecvf.com/CVPR2023"), None);
    }

    #[test]
    fn aaai_ijcai_jmlr_ecva_ieee_links() {
        assert_eq!(
            key("https://ojs.aaai.org/index.php/AAAI/article/view/26535"),
            "AAAI:26535"
        );
        assert_eq!(
            key("https://ojs.aaai.org/index.php/AAAI/article/view/20215/19974"),
            "AAAI:20215"
        );
        assert_eq!(
            key("https://ojs.aaai.org/index.php/AAAI/article/download/20215/19974"),
            "AAAI:20215"
        );
        assert_eq!(
            key("https://www.ijcai.org/proceedings/2022/0629.pdf"),
            "IJCAI:2022/629"
        );
        assert_eq!(
            key("https://www.ijcai.org/proceedings/2022/629"),
            "IJCAI:2022/629"
        );
        assert_eq!(
            key("https://jmlr.org/papers/v21/20-074.html"),
            "JMLR:20-074"
        );
        assert_eq!(
            key("https://jmlr.org/papers/volume21/20-074/20-074.pdf"),
            "JMLR:20-074"
        );
        assert_eq!(
            key("https://www.ecva.net/papers/eccv_2022/papers_ECCV/html/1197_ECCV_2022_paper.php"),
            "ECCV:1197_ECCV_2022"
        );
        assert_eq!(
            key("https://ieeexplore.ieee.org/abstract/document/9401997"),
            "IEEE Xplore:9401997"
        );
        assert_eq!(
            key("https://ieeexplore.ieee.org/document/10171397/"),
            "IEEE Xplore:10171397"
        );
        assert_eq!(
            key("https://ieeexplore.ieee.org/stamp/stamp.jsp?tp=&arnumber=9401997"),
            "IEEE Xplore:9401997"
        );
        assert_eq!(paper_key("https://www.ijcai.org/proceedings/2022/"), None);
    }

    #[test]
    fn non_paper_links_have_no_paper_key() {
        for url in [
            "https://github.com/microsoft/LoRA",
            "https://openai.com/blog/chatgpt",
            "https://cdn.openai.com/better-language-models/language_models_are_unsupervised_multitask_learners.pdf",
            "https://paperswithcode.com/dataset/domainnet",
            "#models-and-papers",
            "",
        ] {
            assert_eq!(paper_key(url), None, "{url}");
        }
    }

    #[test]
    fn paper_keys_order_and_display() {
        let mut keys = [
            PaperKey::Doi("10.1145/1".into()),
            PaperKey::Arxiv("2312.00752".into()),
            PaperKey::Arxiv("2106.09685".into()),
        ];
        keys.sort();
        assert_eq!(keys[0].to_string(), "arXiv:2106.09685");
        assert_eq!(keys[2].to_string(), "doi:10.1145/1");
    }

    fn resource(url: &str) -> String {
        resource_key(url).unwrap_or_else(|| panic!("no resource key: {url}"))
    }

    #[test]
    fn github_repository_keys() {
        let repo = "github.com/seekerhuang/harma";
        for url in [
            "https://github.com/seekerhuang/HarMA",
            "https://github.com/seekerhuang/HarMA?tab=readme-ov-file",
            "http://www.github.com/SeekerHuang/harma/",
            "https://github.com/seekerhuang/HarMA.git",
            "https://github.com/seekerhuang/HarMA#readme",
            "https://github.com/seekerhuang/HarMA/tree/main",
            "https://github.com/seekerhuang/HarMA/tree/master/",
            "https://github.com/seekerhuang/HarMA/blob/main/README.md",
        ] {
            assert_eq!(resource(url), repo, "{url}");
        }
        assert_eq!(
            resource("https://github.com/pytorch/fairseq/tree/main/examples/roberta"),
            "github.com/pytorch/fairseq/tree/main/examples/roberta"
        );
        assert_ne!(
            resource("https://github.com/pytorch/fairseq/tree/main/examples/roberta"),
            resource("https://github.com/pytorch/fairseq")
        );
        assert_ne!(
            resource("https://github.com/pytorch/fairseq/tree/v0.12.0"),
            resource("https://github.com/pytorch/fairseq")
        );
        assert_eq!(
            resource("https://github.com/EleutherAI"),
            "github.com/eleutherai"
        );
    }

    #[test]
    fn general_resource_keys() {
        assert_eq!(
            resource("https://sharegpt4v.github.io/"),
            "sharegpt4v.github.io"
        );
        assert_eq!(
            resource("http://www.Example.com/Path/?utm_source=x&b=2&a=1#top"),
            "example.com/Path?a=1&b=2"
        );
        assert_eq!(
            resource("https://example.com/page?fbclid=abc&gclid=def"),
            "example.com/page"
        );
        assert_eq!(
            resource("https://example.com/?ref=main"),
            "example.com?ref=main"
        );
        assert_ne!(
            resource("https://example.com/Page"),
            resource("https://example.com/page")
        );
        assert_eq!(
            resource("https://youtu.be/dQw4w9WgXcQ"),
            "youtube.com/watch?v=dQw4w9WgXcQ"
        );
        assert_eq!(
            resource("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42"),
            "youtube.com/watch?v=dQw4w9WgXcQ"
        );
        assert_eq!(resource_key("./docs/README.md"), None);
        assert_eq!(resource_key("mailto:a@b.org"), None);
        assert_eq!(resource_key("#contributing"), None);
    }

    #[test]
    fn title_keys_fold_punctuation_dashes_and_case() {
        assert_eq!(
            title_key("QLoRA: Efficient Finetuning of Quantized LLMs"),
            title_key("QLoRA — Efficient Finetuning of Quantized LLMs")
        );
        assert_eq!(
            title_key("QLoRA: Efficient"),
            title_key("qlora – efficient.")
        );
        assert_eq!(title_key("QLoRA‑Efficient"), title_key("QLoRA Efficient"));
        assert_eq!(title_key("**K-Adapter**"), title_key("K-Adapter"));
        assert_eq!(
            title_key("_Attention Is All You Need_."),
            title_key("Attention is all you need")
        );
        assert_eq!(
            title_key("Pre-Trained Models"),
            title_key("Pretrained models")
        );
        assert_eq!(title_key("ＬｏＲＡ"), title_key("LoRA"));
        assert_eq!(title_key("Schrödinger"), title_key("Schrodinger"));
        assert_eq!(title_key("$\\alpha$-Tuning"), title_key("α-Tuning"));
        assert_eq!(title_key("\\textbf{BERT}"), title_key("BERT"));
        // Decision: a hyphen is not a letter, so `LoRA-FA` and `LoRA FA` are one title.
        assert_eq!(title_key("LoRA-FA"), title_key("LoRA FA"));
    }

    #[test]
    fn title_keys_keep_different_papers_apart() {
        let names = [
            "LoRA", "LoRA+", "DoRA", "DyLoRA", "LoRA-FA", "QLoRA", "Mamba", "Mamba-2",
        ];
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                assert_ne!(title_key(a), title_key(b), "{a} vs {b}");
            }
        }
    }

    const MAMBA: &str = "Mamba: Linear-Time Sequence Modeling with Selective State Spaces";
    const SSD: &str = "Transformers are SSMs: Generalized Models and Efficient Algorithms Through Structured State Space Duality";

    #[test]
    fn similar_titles_match() {
        let pairs = [
            (MAMBA, MAMBA),
            (
                "K-Adapter",
                "K-Adapter: Infusing Knowledge into Pre-Trained Models with Adapters",
            ),
            (
                "BERT and PALs",
                "BERT and PALs: Projected Attention Layers for Efficient Adaptation in Multi-Task Learning",
            ),
            (
                "Parameter-Efficient Fine-Tuning of Pre-Trained Models",
                "Parameter-efficient fine-tuning of pretrained models",
            ),
            (
                "$\\alpha$-Tuning: Efficient Tuning",
                "α-Tuning: Efficient Tuning",
            ),
            (
                "Towards a Unified View of Parameter-Efficent Transfer Learning",
                "Towards a Unified View of Parameter-Efficient Transfer Learning",
            ),
            (
                "LLaMA-Adapter: Efficient Fine-tuning of Language Models with Zero-init Attention",
                "LLaMA-Adapter: Efficient Fine-tuning of Large Language Models with Zero-init Attention",
            ),
            (
                "The Falcon Series of Open Language Models.",
                "The Falcon Series of Open Language Models",
            ),
            ("kNN-Prompt", "$k$NN-Prompt"),
        ];
        for (a, b) in pairs {
            assert!(titles_match(a, b), "{a} / {b}: {}", title_similarity(a, b));
            assert!(titles_match(b, a), "{b} / {a}");
        }
    }

    #[test]
    fn different_titles_do_not_match() {
        // seed: the Mamba-2 row links 2405.21060 (SSD paper) under Mamba's title and vice versa.
        assert!(
            title_similarity(MAMBA, SSD) < 0.2,
            "{}",
            title_similarity(MAMBA, SSD)
        );
        assert!(!titles_match(MAMBA, SSD));
        assert!(!titles_match(SSD, MAMBA));
        let pairs = [
            (
                "LoRA: Low-Rank Adaptation of Large Language Models",
                "LoRA+: Efficient Low Rank Adaptation of Large Models",
            ),
            ("LoRA", "DoRA: Weight-Decomposed Low-Rank Adaptation"),
            (
                "QLoRA",
                "LoRA: Low-Rank Adaptation of Large Language Models",
            ),
            ("Mamba", "Mamba-2: Something Else"),
            (
                "Llama 2: Open Foundation and Fine-Tuned Chat Models",
                "The Llama 3 Herd of Models",
            ),
            ("GPT-3", "GPT-4"),
            (
                "AdaMix: Mixture-of-Adaptations",
                "AdaMax: Mixture-of-Adaptations",
            ),
            ("", "Attention Is All You Need"),
            ("", ""),
        ];
        for (a, b) in pairs {
            assert!(!titles_match(a, b), "{a} / {b}: {}", title_similarity(a, b));
        }
    }

    #[test]
    fn similarity_is_bounded_and_symmetric_on_examples() {
        for (a, b) in [
            (MAMBA, SSD),
            ("K-Adapter", MAMBA),
            ("a", "a"),
            ("the", "the"),
        ] {
            let s = title_similarity(a, b);
            assert!((0.0..=1.0).contains(&s));
            assert!((s - title_similarity(b, a)).abs() < 1e-9);
        }
        assert_eq!(title_similarity("the", "the"), 1.0);
    }

    proptest::proptest! {
        // The ASCII shortcut of `fold_title` (issue 11) must fold like the NFKD path it skips.
        #[test]
        fn ascii_titles_fold_like_decomposed_ones(title in "[ -~]{0,60}") {
            let decomposed = fold_chars(
                title.nfkd().filter(|c| !is_combining_mark(*c)),
                title.len(),
            );
            proptest::prop_assert_eq!(fold_title(&title), decomposed);
        }

        // `arxiv_ref` skips URLs without an arXiv host name: none it skips would be one.
        #[test]
        fn arxiv_prefilter_skips_no_arxiv_link(
            host in "(www\\.|export\\.|browse\\.)?(arxiv|ARXIV|ar5iv|alphaxiv|huggingface|ArXiv|github)\\.(org|co|com)",
            form in "(abs|pdf|html|papers|overview)",
            id in "[0-9]{4}\\.[0-9]{4,5}(v[0-9])?",
        ) {
            let url = format!("https://{host}/{form}/{id}");
            let host_named = ["xiv", "ar5iv", "huggingface"]
                .iter()
                .any(|name| contains_ignore_ascii_case(&url, name));
            proptest::prop_assert!(host_named || arxiv_ref(&url).is_none());
            if host_named && !host.to_lowercase().contains("github") {
                let found = WebUrl::parse(&url).is_some();
                proptest::prop_assert!(found);
            }
        }

        #[test]
        fn identity_functions_never_panic(s in "\\PC*") {
            let _ = paper_key(&s);
            let _ = resource_key(&s);
            let _ = arxiv_id_in_text(&s);
            let _ = title_key(&s);
            let similarity = title_similarity(&s, "Attention Is All You Need");
            proptest::prop_assert!((0.0..=1.0).contains(&similarity));
        }

        #[test]
        fn url_shaped_strings_never_panic(
            host in "(www\\.|export\\.)?(arxiv\\.org|doi\\.org|aclanthology\\.org|github\\.com|openreview\\.net|proceedings\\.neurips\\.cc)",
            path in "(/[a-zA-Z0-9._%\\-é]{0,12}){0,5}",
            query in "(\\?[a-z=&%0-9]{0,10})?",
        ) {
            let _ = paper_key(&format!("https://{host}{path}{query}"));
            let _ = resource_key(&format!("https://{host}{path}{query}"));
        }

        #[test]
        fn title_key_is_idempotent_on_its_output(s in "\\PC{0,40}") {
            let key = title_key(&s);
            proptest::prop_assert_eq!(title_key(&key), key);
        }
    }
}
