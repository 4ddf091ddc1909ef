//! Badges: images served by a badge service, with their label and message decoded.

use percent_encoding::percent_decode_str;
use url::Url;

/// A badge image such as `![arXiv](https://img.shields.io/badge/arXiv-2106.09685-b31b1b)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Badge {
    /// `static` for `/badge/…` badges, otherwise the service path (`github/stars`).
    pub service: String,
    /// The image's alt text.
    pub alt: String,
    /// The left-hand text, when the badge has two parts.
    pub label: Option<String>,
    /// The right-hand (or only) text.
    pub message: Option<String>,
    pub color: Option<String>,
}

impl Badge {
    /// The texts a reader sees on the badge: label then message.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.label
            .iter()
            .chain(self.message.iter())
            .map(String::as_str)
    }
}

/// Decode a badge from an image URL and its alt text; `None` when the image is not from a
/// badge service.
pub fn parse_badge(src: &str, alt: &str) -> Option<Badge> {
    let url = Url::parse(src.trim()).ok()?;
    let host = url.host_str()?.to_ascii_lowercase();
    let segments: Vec<&str> = url.path_segments()?.filter(|s| !s.is_empty()).collect();
    let query = |key: &str| {
        url.query_pairs()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
            .filter(|v| !v.is_empty())
    };
    let mut badge = match host.as_str() {
        "img.shields.io" | "shields.io" => {
            if segments.first() == Some(&"badge") && segments.len() >= 2 {
                // Shields joins the rest of the path: `/badge/a/b-c` is unusual but legal.
                let content = segments[1..].join("/");
                shields_static(&content)
            } else if segments.first() == Some(&"static") {
                Badge {
                    service: "static".into(),
                    alt: String::new(),
                    label: None,
                    message: None,
                    color: None,
                }
            } else {
                Badge {
                    service: segments
                        .iter()
                        .take(2)
                        .copied()
                        .collect::<Vec<_>>()
                        .join("/"),
                    alt: String::new(),
                    label: None,
                    message: None,
                    color: None,
                }
            }
        }
        "badgen.net" if segments.first() == Some(&"badge") => {
            // badgen: /badge/:label/:status/:color
            let part = |i: usize| segments.get(i).map(|s| decode(s));
            Badge {
                service: "static".into(),
                alt: String::new(),
                label: part(1).filter(|s| !s.is_empty()),
                message: part(2),
                color: part(3),
            }
        }
        _ => return None,
    };
    badge.alt = alt.trim().to_string();
    if let Some(label) = query("label") {
        badge.label = Some(label);
    }
    if let Some(message) = query("message") {
        badge.message = Some(message);
    }
    Some(badge)
}

/// `LABEL-MESSAGE-COLOR` or `MESSAGE-COLOR`, where `--` is a dash, `__` an underscore and
/// `_` a space (shields.io's static badge escaping), percent-encoding on top.
fn shields_static(content: &str) -> Badge {
    let content = content
        .trim_end_matches(".svg")
        .trim_end_matches(".png")
        .trim_end_matches(".json");
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut chars = content.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '-' if chars.peek() == Some(&'-') => {
                chars.next();
                current.push('-');
            }
            '-' => parts.push(std::mem::take(&mut current)),
            '_' if chars.peek() == Some(&'_') => {
                chars.next();
                current.push('_');
            }
            '_' => current.push(' '),
            c => current.push(c),
        }
    }
    parts.push(current);
    let parts: Vec<String> = parts.iter().map(|p| decode(p)).collect();
    let (label, message, color) = match parts.as_slice() {
        [message] => (None, Some(message.clone()), None),
        [message, color] => (None, Some(message.clone()), Some(color.clone())),
        [label, middle @ .., color] => (
            Some(label.clone()),
            Some(middle.join("-")),
            Some(color.clone()),
        ),
        [] => (None, None, None),
    };
    Badge {
        service: "static".into(),
        alt: String::new(),
        label: label.filter(|s| !s.is_empty()),
        message: message.filter(|s| !s.is_empty()),
        color,
    }
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_arxiv_badge_has_a_message_only() {
        let badge = parse_badge(
            "https://img.shields.io/badge/arXiv-4a4a4a?style=flat&logo=arXiv&logoColor=white&labelColor=4a4a4a",
            "arXiv",
        )
        .unwrap();
        assert_eq!(badge.service, "static");
        assert_eq!(badge.label, None);
        assert_eq!(badge.message.as_deref(), Some("arXiv"));
        assert_eq!(badge.color.as_deref(), Some("4a4a4a"));
    }

    #[test]
    fn escapes_and_percent_encoding_decode() {
        let badge = parse_badge(
            "https://img.shields.io/badge/%F0%9F%91%A9%F0%9F%92%BB%20Code-2962FF?style=flat",
            "Code",
        )
        .unwrap();
        assert_eq!(badge.message.as_deref(), Some("👩💻 Code"));
        let badge = parse_badge(
            "https://img.shields.io/badge/Conference-ICML'23-blue",
            "Publish",
        )
        .unwrap();
        assert_eq!(badge.label.as_deref(), Some("Conference"));
        assert_eq!(badge.message.as_deref(), Some("ICML'23"));
        let badge =
            parse_badge("https://img.shields.io/badge/LoRA--FA-a__b_c-blue.svg", "").unwrap();
        assert_eq!(badge.label.as_deref(), Some("LoRA-FA"));
        assert_eq!(badge.message.as_deref(), Some("a_b c"));
        let badge = parse_badge(
            "https://img.shields.io/badge/arXiv-2106.09685-b31b1b.svg",
            "arXiv",
        )
        .unwrap();
        assert_eq!(badge.label.as_deref(), Some("arXiv"));
        assert_eq!(badge.message.as_deref(), Some("2106.09685"));
    }

    #[test]
    fn dynamic_badges_name_their_service() {
        let badge = parse_badge(
            "https://img.shields.io/github/stars/microsoft/LoRA?style=social",
            "GitHub stars",
        )
        .unwrap();
        assert_eq!(badge.service, "github/stars");
        assert_eq!(badge.alt, "GitHub stars");
        let badge = parse_badge(
            "https://img.shields.io/static/v1?label=venue&message=NeurIPS&color=blue",
            "",
        )
        .unwrap();
        assert_eq!(badge.label.as_deref(), Some("venue"));
        assert_eq!(badge.message.as_deref(), Some("NeurIPS"));
    }

    #[test]
    fn other_images_are_not_badges() {
        assert_eq!(parse_badge("https://i.imgur.com/waxVImv.png", "x"), None);
        assert_eq!(parse_badge("not a url", "x"), None);
    }
}
