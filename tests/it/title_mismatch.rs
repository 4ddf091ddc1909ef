//! arxiv-title-mismatch the way it was measured (issue 14): a stand-in arXiv API on 127.0.0.1
//! serving the titles that several real lists write identically (`benches/arxiv-titles.tsv`,
//! derived from the corpus by `benches/arxiv_standin.py`, and `benches/arxiv-titles-extra.tsv`),
//! and the rule run over real layouts. Only wrong links may be reported.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::Query;
use axum::routing::get;

use awesome_lint::rules::arxiv_title_mismatch::META;

use crate::network::{args, findings, list_dir, run, serve};
use crate::support::{all_fixtures, root};

/// The stand-in's table: arXiv id → title.
fn standin_titles() -> HashMap<String, String> {
    let mut titles = HashMap::new();
    for table in ["benches/arxiv-titles.tsv", "benches/arxiv-titles-extra.tsv"] {
        let text = std::fs::read_to_string(root().join(table)).expect("stand-in table");
        for line in text.lines().skip(1) {
            let mut fields = line.split('\t');
            let (Some(id), Some(title)) = (fields.next(), fields.next()) else {
                panic!("{table}: bad row {line:?}");
            };
            titles.insert(id.to_owned(), title.to_owned());
        }
    }
    titles
}

/// Answers `id_list` queries like the arXiv API: an Atom entry per known id, titles wrapped
/// the way arXiv wraps them, unknown ids left out.
fn standin_api(titles: HashMap<String, String>) -> Router {
    let titles = Arc::new(titles);
    Router::new().route(
        "/api/query",
        get(move |Query(query): Query<HashMap<String, String>>| {
            let titles = titles.clone();
            async move {
                let mut feed = String::from(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
                );
                for id in query.get("id_list").map(String::as_str).unwrap_or("").split(',') {
                    let Some(title) = titles.get(id) else {
                        continue;
                    };
                    let escaped = title
                        .replace('&', "&amp;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;");
                    let wrapped = wrap(&escaped, 70);
                    feed.push_str(&format!(
                        "  <entry>\n    <id>http://arxiv.org/abs/{id}v1</id>\n    <title>{wrapped}</title>\n  </entry>\n"
                    ));
                }
                feed.push_str("</feed>\n");
                feed
            }
        }),
    )
}

fn wrap(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.len() + 1 + word.len() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines.join("\n  ")
}

/// `check --select arxiv-title-mismatch` on a fixture against the stand-in; the findings.
async fn check(fixture: &str, addr: std::net::SocketAddr) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(root().join("fixtures").join(fixture)).unwrap();
    check_text(&text, addr).await
}

async fn check_text(text: &str, addr: std::net::SocketAddr) -> Vec<serde_json::Value> {
    let dir = list_dir(
        text,
        &format!("[online]\narxiv-api = \"http://{addr}/api/query\"\narxiv-interval = 0\n"),
    );
    let out = run(
        dir.path().into(),
        args(&[
            "check",
            "README.md",
            "--format",
            "json",
            "--select",
            "arxiv-title-mismatch",
            "--fail-on",
            "never",
        ]),
    )
    .await;
    findings(&out)
}

fn lines(found: &[serde_json::Value]) -> Vec<u64> {
    found.iter().map(|d| d["line"].as_u64().unwrap()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_layouts_report_only_the_wrong_links() {
    let addr = serve(standin_api(standin_titles())).await;
    let found = check("arxiv-title-mismatch.md", addr).await;
    // Silent: the News bullet (L9), the venue after a comma (L13), the author notes and
    // `DeepSeek-R1 Technical Report` (L19, L20), `LLMs` (L24), the venue title of ViT-Adapter
    // (L28), the talks about papers (L34, L35, L37). Reported: FireAct linked to Voyager's id
    // (L41), the swapped Mamba rows (L48, L49), and hee9joon's Dif-Fusion block copied from
    // RainDiffusion's with its link (L58; Dif-Fusion's own id is linked at L65).
    assert_eq!(lines(&found), [41, 48, 49, 58], "{found:#?}");

    let message = |i: usize| found[i]["message"].as_str().unwrap();
    assert_eq!(
        message(0),
        "title does not match arXiv:2305.16291 (\u{201c}Voyager: An Open-Ended Embodied Agent \
         with Large Language Models\u{201d}): names FireAct, the paper is Voyager; shares 1 of 4 words"
    );
    assert!(
        message(1).ends_with("but this is the title of arXiv:2312.00752, linked at L49"),
        "{}",
        message(1)
    );
    assert!(
        message(2).ends_with("but this is the title of arXiv:2405.21060, linked at L48"),
        "{}",
        message(2)
    );
    assert_eq!(
        message(3),
        "links arXiv:2301.09430 (\u{201c}RainDiffusion: When Unsupervised Learning Meets Diffusion \
         Models for Real-world Image Deraining\u{201d}), but this is the title of arXiv:2301.08072, \
         linked at L65"
    );
    assert_eq!(
        found[3]["help"],
        "link arXiv:2301.08072 here, or fix the title"
    );
    assert_eq!(
        found[1]["help"],
        "swap the arXiv links of L48 and L49: each row links the other's paper"
    );
    // the Voyager row lists the paper under its own title: the FireAct finding points at it
    let related: Vec<_> = found[0]["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["message"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        related.contains(&"L42 lists arXiv:2305.16291 under its own title".to_owned()),
        "{related:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fixture_reports_only_its_wrong_links() {
    let addr = serve(standin_api(standin_titles())).await;
    let mut reported = Vec::new();
    for fixture in all_fixtures() {
        for line in lines(&check(&fixture, addr).await) {
            reported.push(format!("{fixture}:{line}"));
        }
    }
    assert_eq!(
        reported,
        [
            "arxiv-title-mismatch.md:41",
            "arxiv-title-mismatch.md:48",
            "arxiv-title-mismatch.md:49",
            "arxiv-title-mismatch.md:58",
            "awesome-peft.md:554",
            "awesome-peft.md:555",
            // a made-up title on a real id, in a fixture of another rule: the rule is right
            "badge-venue-mismatch.md:32",
            "corpus/WooooDyy-LLM-Agent-Paper-List.md:283",
            "corpus/WooooDyy-LLM-Agent-Paper-List.md:678",
            // the same FireAct-on-Voyager's-id rows, cut down for duplicate-entry's fixture
            "duplicates/wooodyy-dated-bold-items.md:9",
            "duplicates/wooodyy-dated-bold-items.md:28",
        ]
    );
}

/// The `markdown invalid` / `markdown valid` blocks of the rule's page.
fn examples(kind: &str) -> Vec<String> {
    let fence = format!("```markdown {kind}\n");
    let mut blocks = Vec::new();
    let mut rest = META.doc;
    while let Some(start) = rest.find(&fence) {
        let body = &rest[start + fence.len()..];
        let end = body.find("```").expect("closed example");
        blocks.push(body[..end].to_owned());
        rest = &body[end..];
    }
    blocks
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documented_examples_hold_against_the_standin() {
    let addr = serve(standin_api(standin_titles())).await;
    let (invalid, valid) = (examples("invalid"), examples("valid"));
    assert!(!invalid.is_empty() && !valid.is_empty());
    for block in invalid {
        let found = check_text(&block, addr).await;
        assert!(!found.is_empty(), "invalid example not caught:\n{block}");
    }
    for block in valid {
        let found = check_text(&block, addr).await;
        assert!(
            found.is_empty(),
            "valid example flagged {found:#?}\n{block}"
        );
    }
}
