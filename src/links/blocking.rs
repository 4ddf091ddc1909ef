//! The table of hosts known to refuse automated clients, `rules/blocking-hosts.toml`, compiled
//! in so that a new host is a TOML edit.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    host: Vec<Row>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    host: String,
    answers: String,
}

/// Parses a blocking-hosts table into `(lower-case host, what it answers)` pairs.
pub fn parse_blocking_hosts(text: &str) -> Result<Vec<(String, String)>, String> {
    let table: Table = toml::from_str(text).map_err(|e| e.to_string())?;
    table
        .host
        .into_iter()
        .map(|row| {
            let host = row.host.trim().trim_end_matches('.').to_ascii_lowercase();
            if host.is_empty() || host.contains(['/', ':', ' ']) {
                return Err(format!("`{}` is not a host name", row.host));
            }
            Ok((host, row.answers))
        })
        .collect()
}

/// The built-in table.
pub fn blocking_hosts() -> Vec<(String, String)> {
    // The table is part of the binary and a test parses it, so it cannot fail here.
    parse_blocking_hosts(include_str!("../../rules/blocking-hosts.toml")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::LinkSettings;

    #[test]
    fn the_built_in_table_parses() {
        let hosts = parse_blocking_hosts(include_str!("../../rules/blocking-hosts.toml"))
            .expect("rules/blocking-hosts.toml parses");
        assert!(hosts.iter().any(|(host, _)| host == "dl.acm.org"));
        assert!(
            hosts
                .iter()
                .all(|(host, _)| host == &host.to_ascii_lowercase())
        );
    }

    #[test]
    fn bad_rows_are_errors() {
        assert!(parse_blocking_hosts("[[host]]\nhost = \"a.org/x\"\nanswers = \"403\"\n").is_err());
        assert!(parse_blocking_hosts("[[host]]\nhost = \"a.org\"\n").is_err());
        assert!(
            parse_blocking_hosts("[[host]]\nhost = \"a.org\"\nanswers = \"403\"\nx = 1\n").is_err()
        );
    }

    #[test]
    fn a_host_matches_itself_and_its_subdomains_only() {
        let settings = LinkSettings {
            blocking_hosts: blocking_hosts(),
            ..LinkSettings::default()
        };
        assert!(settings.listed_blocking("dl.acm.org").is_some());
        assert!(settings.listed_blocking("DL.ACM.org.").is_some());
        assert!(settings.listed_blocking("www.researchgate.net").is_some());
        assert!(settings.listed_blocking("zhuanlan.zhihu.com").is_some());
        assert!(settings.listed_blocking("acm.org").is_none());
        assert!(settings.listed_blocking("notmedium.com").is_none());
        assert!(settings.listed_blocking("medium.com.evil.org").is_none());
        let checking = LinkSettings {
            check_blocking_hosts: true,
            ..settings
        };
        assert!(checking.listed_blocking("dl.acm.org").is_none());
    }
}
