use crate::diagnostic::{Edit, Fix, Severity};
use crate::document::Document;
use crate::links::LinkStatus;
use crate::network::Needs;
use crate::rule::{Context, Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "redirect",
    default_severity: Severity::Info,
    summary: "a link that redirects permanently",
    doc: include_str!("../../rules/redirect.md"),
    network: true,
    fixable: true,
};

/// A permanent redirect is a move; a redirect to a home or login page is not.
#[derive(Debug, Default)]
pub struct Redirect;

/// A target that stands for "the page is gone" rather than "the page moved".
fn is_not_a_move(final_url: &str) -> bool {
    let Ok(url) = url::Url::parse(final_url) else {
        return true;
    };
    let path = url.path().to_ascii_lowercase();
    path == "/"
        || path.is_empty()
        || [
            "login", "signin", "sign_in", "sign-in", "auth", "sso", "session",
        ]
        .iter()
        .any(|word| path.split('/').any(|segment| segment.contains(word)))
}

impl Rule for Redirect {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn needs(&self, doc: &Document, needs: &mut Needs) {
        needs.urls.extend(
            doc.links()
                .iter()
                .filter(|l| !l.image)
                .map(|l| l.url.trim())
                .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
                .map(str::to_string),
        );
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let Some(online) = cx.online() else { return };
        for link in doc.links_once(|link| !link.image) {
            let Some(outcome) = online.links.get(link.url.trim()) else {
                continue;
            };
            let LinkStatus::Redirected {
                permanent: true,
                final_url,
                ..
            } = &outcome.status
            else {
                continue;
            };
            let written = doc.slice(link.url_range.clone());
            // The server never sees the fragment; keep it on the new URL.
            let fragment = written.find('#').map_or("", |at| &written[at..]);
            let target = format!("{final_url}{fragment}");
            if target == written {
                continue;
            }
            let diagnostic = cx.report(
                link.url_range.clone(),
                format!("link redirects permanently to {final_url}"),
            );
            diagnostic.url(written);
            if is_not_a_move(final_url) {
                diagnostic.help("the target is a home or login page: the page has probably gone; find where it lives now");
            } else {
                diagnostic
                    .help(format!("link `{target}` directly"))
                    .fix(Fix::unsafe_edit(Edit::replace(
                        link.url_range.clone(),
                        target,
                    )));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn home_and_login_pages_are_not_moves() {
        assert!(super::is_not_a_move("https://example.org/"));
        assert!(super::is_not_a_move("https://github.com/login?return_to=x"));
        assert!(super::is_not_a_move(
            "https://accounts.example.org/signin/v2"
        ));
        assert!(!super::is_not_a_move("https://github.com/new-owner/repo"));
    }
}
