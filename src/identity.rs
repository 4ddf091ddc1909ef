//! Paper identity (placeholder until the identity module lands).

/// Whether a URL names a paper; replaced by the full identity module.
pub fn paper_key(url: &str) -> Option<String> {
    let host = url::Url::parse(url.trim())
        .ok()?
        .host_str()?
        .to_ascii_lowercase();
    [
        "arxiv.org",
        "aclanthology.org",
        "openreview.net",
        "doi.org",
        "neurips.cc",
    ]
    .iter()
    .any(|h| host == *h || host.ends_with(&format!(".{h}")))
    .then(|| url.to_string())
}
