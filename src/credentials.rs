//! Where the GitHub token may go.
//!
//! On a pull request the list, `.awesome-lint.toml` and the link cache are the contributor's,
//! while the token is the workflow's. So nothing read from the repository decides where the
//! token is sent: the API base that gets it comes from the command line (`--github-api`), the
//! environment (`GITHUB_API_URL`, which GitHub Actions sets, also on Enterprise Server) or the
//! default. A base from the config is still used — mirrors and tests need it — but without the
//! token, and the user is told so once.

use url::Url;

use crate::links::is_loopback_host;

/// GitHub's public API, used when nothing trusted names another.
pub const DEFAULT_GITHUB_API: &str = "https://api.github.com";

/// Hosts of github.com that get the token in the link checker, whatever the config says.
pub const GITHUB_TOKEN_HOSTS: [&str; 2] = ["github.com", "api.github.com"];

/// The GitHub API base to use and whether the token goes with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GithubPlan {
    pub base_url: String,
    /// The token, only when `base_url` is trusted and reached safely.
    pub token: Option<String>,
    /// Hosts the link checker may send the token to: GitHub's, plus the trusted base's host
    /// (GitHub Enterprise Server serves its API on its own host).
    pub token_hosts: Vec<String>,
    /// Said once on standard error.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    #[error("--github-api / GITHUB_API_URL `{url}` is not an http(s) URL")]
    NotHttp { url: String },
    #[error(
        "refusing to send the GitHub token to `{url}` over plain http: use https (plain http is allowed only to a loopback address)"
    )]
    Cleartext { url: String },
}

/// Decide where the GitHub API is and whether the token may go there.
///
/// `trusted_base` comes from the command line or the environment, `config_base` from
/// `.awesome-lint.toml` (untrusted), `token` from the command line or the environment.
pub fn plan_github(
    trusted_base: Option<&str>,
    config_base: Option<&str>,
    token: Option<String>,
) -> Result<GithubPlan, CredentialError> {
    let trusted_base = trusted_base
        .map(str::trim)
        .filter(|base| !base.is_empty())
        .unwrap_or(DEFAULT_GITHUB_API);
    let trusted = Url::parse(trusted_base).map_err(|_| CredentialError::NotHttp {
        url: trusted_base.to_owned(),
    })?;
    if !matches!(trusted.scheme(), "http" | "https") || trusted.host_str().is_none() {
        return Err(CredentialError::NotHttp {
            url: trusted_base.to_owned(),
        });
    }
    if token.is_some() && trusted.scheme() == "http" && !is_loopback_host(&trusted) {
        return Err(CredentialError::Cleartext {
            url: trusted_base.to_owned(),
        });
    }
    let mut token_hosts: Vec<String> = GITHUB_TOKEN_HOSTS.iter().map(|h| (*h).to_owned()).collect();
    if let Some(host) = trusted.host_str() {
        let host = host.to_ascii_lowercase();
        if !token_hosts.contains(&host) {
            token_hosts.push(host);
        }
    }
    let mut warnings = Vec::new();
    let config_base = config_base.map(str::trim).filter(|base| !base.is_empty());
    let base_url = match config_base {
        Some(config_base) if !same_base(config_base, &trusted) => {
            if token.is_some() {
                warnings.push(format!(
                    "`[online] github-api = \"{config_base}\"` comes from the config, which a pull request can change: the GitHub token is not sent there (pass --github-api or set GITHUB_API_URL to trust it)"
                ));
            }
            return Ok(GithubPlan {
                base_url: config_base.to_owned(),
                token: None,
                token_hosts,
                warnings,
            });
        }
        _ => trusted_base.to_owned(),
    };
    Ok(GithubPlan {
        base_url,
        token,
        token_hosts,
        warnings,
    })
}

/// The same scheme, host and port, and the same path but for a trailing slash.
fn same_base(candidate: &str, trusted: &Url) -> bool {
    let Ok(candidate) = Url::parse(candidate) else {
        return false;
    };
    candidate.origin() == trusted.origin()
        && candidate.path().trim_end_matches('/') == trusted.path().trim_end_matches('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token() -> Option<String> {
        Some("ghp_secret".to_owned())
    }

    #[test]
    fn default_base_gets_the_token() {
        let plan = plan_github(None, None, token()).unwrap();
        assert_eq!(plan.base_url, DEFAULT_GITHUB_API);
        assert_eq!(plan.token, token());
        assert_eq!(plan.token_hosts, ["github.com", "api.github.com"]);
        assert!(plan.warnings.is_empty());
    }

    #[test]
    fn a_config_base_never_gets_the_token() {
        let plan = plan_github(None, Some("http://127.0.0.1:18777"), token()).unwrap();
        assert_eq!(plan.base_url, "http://127.0.0.1:18777");
        assert_eq!(plan.token, None);
        assert_eq!(plan.warnings.len(), 1);
        assert!(plan.warnings[0].contains("not sent"), "{:?}", plan.warnings);
        // nor can it add a token host
        assert!(!plan.token_hosts.iter().any(|h| h == "127.0.0.1"));
    }

    #[test]
    fn a_config_base_without_a_token_is_used_quietly() {
        let plan = plan_github(None, Some("https://mirror.example/api"), None).unwrap();
        assert_eq!(plan.base_url, "https://mirror.example/api");
        assert!(plan.warnings.is_empty());
    }

    #[test]
    fn a_config_base_equal_to_the_trusted_one_keeps_the_token() {
        let plan = plan_github(
            Some("https://ghe.example/api/v3"),
            Some("https://ghe.example/api/v3/"),
            token(),
        )
        .unwrap();
        assert_eq!(plan.token, token());
        assert!(plan.warnings.is_empty());
        assert!(plan.token_hosts.iter().any(|h| h == "ghe.example"));
    }

    #[test]
    fn a_trusted_base_gets_the_token_and_its_host_joins_the_token_hosts() {
        let plan = plan_github(Some("https://ghe.example/api/v3"), None, token()).unwrap();
        assert_eq!(plan.base_url, "https://ghe.example/api/v3");
        assert_eq!(plan.token, token());
        assert_eq!(
            plan.token_hosts,
            ["github.com", "api.github.com", "ghe.example"]
        );
    }

    #[test]
    fn cleartext_is_refused_except_to_loopback() {
        assert_eq!(
            plan_github(Some("http://ghe.example/api/v3"), None, token()),
            Err(CredentialError::Cleartext {
                url: "http://ghe.example/api/v3".to_owned()
            })
        );
        // without a token there is nothing to leak
        assert!(plan_github(Some("http://ghe.example/api/v3"), None, None).is_ok());
        for local in [
            "http://127.0.0.1:9999",
            "http://localhost:9999",
            "http://[::1]:9999",
        ] {
            let plan = plan_github(Some(local), None, token()).unwrap();
            assert_eq!(plan.token, token(), "{local}");
        }
    }

    #[test]
    fn a_trusted_base_must_be_http() {
        for bad in ["ftp://example.org", "not a url", "file:///tmp"] {
            assert!(plan_github(Some(bad), None, None).is_err(), "{bad}");
        }
    }
}
