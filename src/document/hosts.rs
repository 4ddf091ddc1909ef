//! What a link's host says about it: a paper (`rules/paper-hosts.toml`), a code repository,
//! a dataset, model weights, a video, a post. Roles from link text come first; these are
//! for links whose text says nothing (`[Title](url)`, `[[Link]](url)`).

use std::sync::LazyLock;

use serde::Deserialize;

use super::LinkRole;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PaperHostTable {
    host: Vec<PaperHost>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PaperHost {
    name: String,
    hosts: Vec<String>,
}

/// `host` or `host/path`, lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HostPattern {
    domain: String,
    path: Option<String>,
}

impl HostPattern {
    fn parse(pattern: &str) -> Option<HostPattern> {
        let (domain, path) = match pattern.split_once('/') {
            Some((domain, path)) => (domain, Some(format!("/{path}"))),
            None => (pattern, None),
        };
        let valid = domain.contains('.')
            && pattern == pattern.to_lowercase()
            && !pattern.ends_with('/')
            && !pattern.contains(char::is_whitespace);
        valid.then(|| HostPattern {
            domain: domain.to_string(),
            path,
        })
    }

    fn matches(&self, host: &str, path: &str) -> bool {
        let on_domain = host == self.domain
            || host
                .strip_suffix(self.domain.as_str())
                .is_some_and(|sub| sub.ends_with('.'));
        on_domain
            && self.path.as_deref().is_none_or(|prefix| {
                path.strip_prefix(prefix).is_some_and(|rest| {
                    rest.is_empty() || rest.starts_with(['/', '?', '#', '.', '-', '_'])
                }) || path.starts_with(&format!("{prefix}/"))
            })
    }
}

/// Parse the paper host table; an error names the bad entry.
pub(crate) fn parse_paper_hosts(text: &str) -> Result<Vec<HostPattern>, String> {
    let table: PaperHostTable = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut patterns = Vec::new();
    for host in table.host {
        for pattern in host.hosts {
            let parsed = HostPattern::parse(&pattern)
                .ok_or_else(|| format!("{}: bad host `{pattern}`", host.name))?;
            patterns.push(parsed);
        }
    }
    Ok(patterns)
}

static PAPER_HOSTS: LazyLock<Vec<HostPattern>> = LazyLock::new(|| {
    parse_paper_hosts(include_str!("../../rules/paper-hosts.toml"))
        .expect("rules/paper-hosts.toml is valid (checked by hosts::tests)")
});

/// The host without `www.` and the path, both lower case.
fn location(url: &str) -> Option<(String, String)> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    let host = parsed
        .host_str()?
        .trim_start_matches("www.")
        .to_ascii_lowercase();
    Some((host, parsed.path().to_ascii_lowercase()))
}

/// A link to a paper: a known identity (arXiv, DOI, ACL, OpenReview, proceedings), a known
/// paper host, or a PDF.
pub(crate) fn is_paper_url(url: &str) -> bool {
    crate::identity::paper_key(url).is_some() || is_paper_location(url)
}

/// [`is_paper_url`] of a link's destination, with the link's paper key worked out once.
pub(crate) fn is_paper_link(link: &super::Link) -> bool {
    link.paper_key().is_some() || is_paper_location(&link.url)
}

/// A known paper host or a PDF.
fn is_paper_location(url: &str) -> bool {
    let Some((host, path)) = location(url) else {
        return false;
    };
    path.ends_with(".pdf") || PAPER_HOSTS.iter().any(|p| p.matches(&host, &path))
}

/// A source repository: GitHub, GitLab, Bitbucket, Codeberg, SourceForge, a Hugging Face
/// Space. `github.io` pages are project pages, not repositories.
/// Hosts whose `/OWNER/REPO` pages are source repositories.
const FORGES: [&str; 5] = [
    "github.com",
    "gitlab.com",
    "bitbucket.org",
    "codeberg.org",
    "gitee.com",
];

pub(crate) fn is_code_url(url: &str) -> bool {
    let Some((host, path)) = location(url) else {
        return false;
    };
    let segments = path.split('/').filter(|s| !s.is_empty()).count();
    match host.as_str() {
        forge if FORGES.contains(&forge) => segments >= 1,
        "sourceforge.net" => path.starts_with("/projects/"),
        "huggingface.co" => path.starts_with("/spaces/"),
        _ => false,
    }
}

/// `https://github.com/OWNER/REPO` itself (not a folder or branch page of it).
fn is_repository_root(url: &str) -> bool {
    let Some((host, path)) = location(url) else {
        return false;
    };
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    // github.com/features/copilot is a product page, not a repository
    const PAGES: &[&str] = &[
        "features",
        "marketplace",
        "topics",
        "orgs",
        "sponsors",
        "apps",
        "settings",
        "explore",
        "collections",
        "trending",
        "about",
        "pricing",
        "enterprise",
        "security",
        "solutions",
        "resources",
        "readme",
        "events",
        "customer-stories",
        "site",
        "login",
        "signup",
    ];
    FORGES.contains(&host.as_str()) && segments.len() == 2 && !PAGES.contains(&segments[0])
}

/// A link that asks for a contribution to a GitHub repository: a new issue, the pull
/// requests, a comparison (not one issue, which may be a paper's discussion).
pub(crate) fn is_contribution_url(url: &str) -> bool {
    let Some((host, path)) = location(url) else {
        return false;
    };
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    host == "github.com"
        && matches!(
            segments.as_slice(),
            [_, _, "issues" | "pulls" | "compare", ..]
        )
        && !matches!(segments.as_slice(), [_, _, "issues", number] if number.parse::<u64>().is_ok())
}

/// The role a URL alone gives a link that is neither paper nor code.
pub(crate) fn url_role(url: &str) -> Option<LinkRole> {
    let (host, path) = location(url)?;
    let first = path.split('/').find(|s| !s.is_empty()).unwrap_or("");
    let role = match host.as_str() {
        "huggingface.co" | "hf.co" => match first {
            "datasets" => LinkRole::Dataset,
            "spaces" => LinkRole::Code,
            "papers" | "docs" | "blog" | "learn" | "" => return None,
            _ => LinkRole::Model,
        },
        "kaggle.com" if first == "datasets" => LinkRole::Dataset,
        "zenodo.org" | "paperswithcode.com" if first == "dataset" || first == "datasets" => {
            LinkRole::Dataset
        }
        "modelscope.cn" if first == "datasets" => LinkRole::Dataset,
        "modelscope.cn" if first == "models" => LinkRole::Model,
        "youtube.com" | "youtu.be" | "m.youtube.com" | "bilibili.com" | "vimeo.com" => {
            LinkRole::Video
        }
        "twitter.com" | "x.com" | "mobile.twitter.com" => LinkRole::Tweet,
        "colab.research.google.com" => LinkRole::Demo,
        "medium.com" | "zhuanlan.zhihu.com" | "substack.com" => LinkRole::Blog,
        "slideshare.net" | "speakerdeck.com" => LinkRole::Slides,
        _ if host.ends_with(".github.io") => LinkRole::Project,
        _ => return None,
    };
    Some(role)
}

/// The role a link's text gives it (`[Paper]`, `[PDF]`, `[Code]`, `[Dataset]`, `[Tweet]`).
/// Text that names a source without saying it is code (`[Source]`, `[Repo]`, `[PyTorch]`) is
/// code only on a repository host; elsewhere the URL decides (a Hugging Face dataset).
pub(crate) fn label_role(text: &str, url: &str) -> Option<LinkRole> {
    exact_label_role(text, url).or_else(|| {
        if text.contains("://") || text.contains("www.") {
            return None;
        }
        // The lower-cased words one at a time: most texts are titles, and a lower-cased copy
        // and a list of words for each was 2% of `check` on a 10 MB list (issue 11). The
        // words sought are ASCII, so lower-casing char by char finds what `to_lowercase` would.
        let mut word = String::new();
        for c in text.chars().flat_map(char::to_lowercase).chain([' ']) {
            if c.is_alphanumeric() {
                word.push(c);
            } else if !word.is_empty() {
                if matches!(
                    word.as_str(),
                    "code" | "codes" | "github" | "gitlab" | "official"
                ) {
                    return Some(LinkRole::Code);
                }
                word.clear();
            }
        }
        None
    })
}

/// A link text that is only a role word (`[Paper]`, `[[Code]]`, `Project page`), never a
/// title: `[Code Analysis](#code-analysis)` is a title.
pub(crate) fn exact_label_role(text: &str, url: &str) -> Option<LinkRole> {
    // Every role label below is one or two words; most texts asked about are titles, and
    // folding each one was 4% of `check` on a 10 MB list (issue 11)
    if words_beyond(text, 2) {
        return None;
    }
    // The words, lower-cased, one space apart, in one string: the labels are ASCII, so
    // lower-casing char by char matches what `to_lowercase` of the whole would
    let mut label = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if gap && !label.is_empty() {
                label.push(' ');
            }
            gap = false;
            label.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    let role = match label.as_str() {
        "paper" | "pdf" | "paper pdf" | "arxiv" | "arxiv paper" | "openreview" | "acl"
        | "acl anthology" | "doi" | "preprint" | "proceedings" | "publication" | "article"
        | "abs" | "abstract" | "semantic scholar" | "ieee" | "acm" | "springer" | "html" => {
            LinkRole::Paper
        }
        "source" | "repo" | "repository" | "pytorch" | "tensorflow" | "jax" | "implementation"
        | "paddle" | "mindspore" | "keras" => {
            if is_code_url(url) {
                LinkRole::Code
            } else {
                return url_role(url).filter(|role| *role != LinkRole::Code);
            }
        }
        "dataset" | "datasets" | "data" | "benchmark" | "huggingface dataset" | "hf dataset" => {
            LinkRole::Dataset
        }
        "model" | "models" | "checkpoint" | "checkpoints" | "weights" | "ckpt" | "hf model"
        | "model weights" | "huggingface" | "hugging face" | "hf" => LinkRole::Model,
        // `[[project](https://github.com/OWNER/REPO)]`: a repository is the code, whatever
        // the label calls it (thunlp/PromptPapers writes every code link so)
        "project" | "project page" | "website" | "homepage" | "home page" | "webpage"
        | "web page" => {
            if is_repository_root(url) {
                LinkRole::Code
            } else {
                LinkRole::Project
            }
        }
        "demo" | "colab" | "playground" | "space" | "online demo" | "live demo" => LinkRole::Demo,
        "blog" | "blog post" | "zhihu" | "medium" => LinkRole::Blog,
        "tweet" | "twitter" | "x" | "thread" | "x thread" => LinkRole::Tweet,
        "video" | "talk" | "youtube" | "bilibili" | "recording" | "presentation" => LinkRole::Video,
        "slides" | "slide" | "poster" | "ppt" => LinkRole::Slides,
        // A word that says only "a link": never a title, and the URL decides the role
        "link" | "links" | "here" | "url" | "download" => LinkRole::Other,
        "code"
        | "codes"
        | "github"
        | "gitlab"
        | "official code"
        | "official"
        | "source code"
        | "official implementation"
        | "github repo"
        | "project code" => LinkRole::Code,
        _ => return None,
    };
    Some(role)
}

/// Whether `text` has more than `most` runs of alphanumeric characters.
fn words_beyond(text: &str, most: usize) -> bool {
    let mut words = 0;
    let mut in_word = false;
    for c in text.chars() {
        let alphanumeric = c.is_alphanumeric();
        if alphanumeric && !in_word {
            words += 1;
            if words > most {
                return true;
            }
        }
        in_word = alphanumeric;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_paper_host_table_is_valid() {
        let hosts = parse_paper_hosts(include_str!("../../rules/paper-hosts.toml")).unwrap();
        assert!(hosts.len() > 40, "{}", hosts.len());
    }

    #[test]
    fn a_bad_host_is_named() {
        let error =
            parse_paper_hosts("[[host]]\nname = \"X\"\nhosts = [\"Example.org\"]\n").unwrap_err();
        assert!(error.contains("Example.org"), "{error}");
        assert!(parse_paper_hosts("[[host]]\nname = \"X\"\nhost = []\n").is_err());
    }

    #[test]
    fn paper_hosts_pdfs_and_path_scopes() {
        for url in [
            "http://research.google.com/archive/chubby-osdi06.pdf",
            "https://dl.acm.org/doi/abs/10.1145/3292500.3330701",
            "https://ieeexplore.ieee.org/document/9157023",
            "https://www.usenix.org/conference/osdi22/presentation/zheng-lianmin",
            "https://www.nature.com/articles/s41586-021-03819-2",
            "https://openaccess.thecvf.com/content/CVPR2023/html/x.html",
            "https://proceedings.neurips.cc/paper/2020/hash/abc-Abstract.html",
            "https://www.semanticscholar.org/paper/Some-Title/abc123",
            "https://www.biorxiv.org/content/10.1101/2023.01.01.522000v1",
            "https://papers.ssrn.com/sol3/papers.cfm?abstract_id=1",
            "https://www.ijcai.org/Proceedings/2019/0001.pdf",
            "https://huggingface.co/papers/2401.00001",
        ] {
            assert!(is_paper_url(url), "{url}");
        }
        for url in [
            "https://github.com/google/jax",
            "https://www.nature.com/",
            "https://huggingface.co/datasets/squad",
            "https://research.google/",
            "https://www.usenix.org/",
            "mailto:someone@example.org",
        ] {
            assert!(!is_paper_url(url), "{url}");
        }
    }

    #[test]
    fn code_hosts_and_other_roles() {
        assert!(is_code_url("https://gitlab.com/group/project"));
        assert!(is_code_url("https://huggingface.co/spaces/org/demo"));
        assert!(!is_code_url("https://huggingface.co/datasets/org/set"));
        assert!(!is_code_url("https://org.github.io/project"));
        assert_eq!(
            url_role("https://huggingface.co/datasets/openai/gsm8k"),
            Some(LinkRole::Dataset)
        );
        assert_eq!(
            url_role("https://huggingface.co/meta-llama/Llama-2-7b"),
            Some(LinkRole::Model)
        );
        assert_eq!(url_role("https://youtu.be/abc"), Some(LinkRole::Video));
        assert_eq!(
            url_role("https://x.com/user/status/1"),
            Some(LinkRole::Tweet)
        );
        assert_eq!(url_role("https://example.org/"), None);
    }

    #[test]
    fn labels_give_roles() {
        let hf_data = "https://huggingface.co/datasets/org/set";
        assert_eq!(label_role("[Source]", hf_data), Some(LinkRole::Dataset));
        assert_eq!(
            label_role("Source", "https://github.com/a/b"),
            Some(LinkRole::Code)
        );
        assert_eq!(label_role("Source", "https://example.org/x"), None);
        assert_eq!(
            label_role("Model&Code", "https://github.com/a/b"),
            Some(LinkRole::Code)
        );
        assert_eq!(
            label_role("Official Code", "https://example.org"),
            Some(LinkRole::Code)
        );
        for (label, role) in [
            ("Dataset", LinkRole::Dataset),
            ("Data", LinkRole::Dataset),
            ("Checkpoint", LinkRole::Model),
            ("Model", LinkRole::Model),
            ("Project", LinkRole::Project),
            ("Demo", LinkRole::Demo),
            ("Blog", LinkRole::Blog),
            ("Tweet", LinkRole::Tweet),
            ("Video", LinkRole::Video),
            ("Slides", LinkRole::Slides),
            ("Paper", LinkRole::Paper),
        ] {
            assert_eq!(
                label_role(&format!("[{label}]"), "https://example.org"),
                Some(role)
            );
        }
    }

    #[test]
    fn titles_are_no_role_labels_but_may_name_code() {
        let elsewhere = "https://example.org";
        // two words with punctuation around them are still a label
        assert_eq!(
            exact_label_role("[[Official Implementation]]", elsewhere),
            Some(LinkRole::Code)
        );
        assert_eq!(
            exact_label_role(" Semantic—Scholar ", elsewhere),
            Some(LinkRole::Paper)
        );
        // a third word makes a title, whatever the first two say
        assert_eq!(exact_label_role("Paper PDF v2", elsewhere), None);
        assert_eq!(exact_label_role("Code Analysis Tools", elsewhere), None);
        // a title that says it is code is code, in any case and beside any punctuation
        assert_eq!(
            label_role("Our OFFICIAL PyTorch re-implementation", elsewhere),
            Some(LinkRole::Code)
        );
        assert_eq!(
            label_role("LoRA: Low-Rank Adaptation (GitHub)", elsewhere),
            Some(LinkRole::Code)
        );
        assert_eq!(label_role("Codebook Learning for VQ", elsewhere), None);
        assert_eq!(label_role("https://github.com/a/b code", elsewhere), None);
    }
}
