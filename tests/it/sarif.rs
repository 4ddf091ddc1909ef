//! SARIF output validates against the official 2.1.0 schema.

use awesome_lint::render::{Colors, Format, render};

use crate::support::{fixture, lint, root};

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

#[test]
fn sarif_is_valid_against_the_schema() {
    let validator = validator();
    for name in [
        "awesome-peft.md",
        "html-balance.md",
        "table-shape.md",
        "crlf-bom.md",
    ] {
        let reports = [lint(name, &fixture(name))];
        let sarif: serde_json::Value =
            serde_json::from_str(&render(Format::Sarif, &reports, Colors(false))).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        let results = sarif["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), reports[0].diagnostics.len());
    }
}

#[test]
fn sarif_results_locate_and_fingerprint_findings() {
    let reports = [lint("awesome-peft.md", &fixture("awesome-peft.md"))];
    let sarif: serde_json::Value =
        serde_json::from_str(&render(Format::Sarif, &reports, Colors(false))).unwrap();
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| {
        r["id"] == "html-balance"
            && r["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .contains("closing tag")
    }));
    let first = &run["results"][0];
    assert_eq!(first["ruleId"], "html-balance");
    assert_eq!(first["level"], "warning");
    let location = &first["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "fixtures/awesome-peft.md"
    );
    assert_eq!(location["region"]["startLine"], 1);
    assert_eq!(location["region"]["startColumn"], 34);
    // The two stray `</em>` are the same text: their fingerprints still differ
    let fingerprint = |i: usize| run["results"][i]["partialFingerprints"]["awesomeLint/v1"].clone();
    assert_ne!(fingerprint(0), fingerprint(1));
    // A schema-valid instance that is missing results would pass: check the invalid case too
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(!validator().is_valid(&broken));
}
