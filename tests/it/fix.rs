//! `awesome-lint fix` and `check --fix`: what changes, what stays byte for byte.

use assert_cmd::Command;
use predicates::prelude::*;

use crate::support::root;

fn awesome_lint() -> Command {
    let mut command = Command::cargo_bin("awesome-lint").unwrap();
    command.current_dir(root()).env("AWESOME_LINT_OFFLINE", "1");
    command
}

#[test]
fn fix_writes_in_place_keeping_crlf_bom_and_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("README.md");
    let original = std::fs::read(root().join("fixtures/crlf-bom.md")).unwrap();
    std::fs::write(&path, &original).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    awesome_lint()
        .args(["fix", path.to_str().unwrap(), "--select", "html-balance"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "fixed 1 finding, 0 findings remain",
        ));
    let fixed = std::fs::read(&path).unwrap();
    let expected = String::from_utf8(original.clone())
        .unwrap()
        .replace(" </em>\r\n", " \r\n");
    assert_eq!(String::from_utf8(fixed.clone()).unwrap(), expected);
    assert!(fixed.starts_with("\u{feff}".as_bytes()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
    // A second run changes nothing
    awesome_lint()
        .args(["fix", path.to_str().unwrap(), "--select", "html-balance"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("fixed 0 findings"));
    assert_eq!(std::fs::read(&path).unwrap(), fixed);
    // No temporary file is left behind
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn diff_prints_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("list.md");
    std::fs::copy(root().join("fixtures/html-balance.md"), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    awesome_lint()
        .current_dir(dir.path())
        .args(["fix", "list.md", "--diff"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("--- a/list.md\n+++ b/list.md\n"))
        .stdout(predicate::str::contains("-<h1 align=\"center\">✨ Awesome PEFT</em> ✨</h1>\n+<h1 align=\"center\">✨ Awesome PEFT ✨</h1>\n"))
        .stdout(predicate::str::contains("+Line break written as a closer: <br>"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    awesome_lint()
        .current_dir(dir.path())
        .args(["check", "list.md", "--diff"])
        .assert()
        .code(1);
}

#[test]
fn check_fix_reports_what_remains() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("list.md");
    std::fs::copy(root().join("fixtures/html-balance.md"), &path).unwrap();
    awesome_lint()
        .args(["check", path.to_str().unwrap(), "--fix", "--format", "json"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "fixed 2 findings, 1 finding remains",
        ))
        .stdout(predicate::str::contains("`<b>` is never closed"))
        .stdout(predicate::str::contains("has no opening tag").not());
}

#[test]
fn fix_reads_stdin_and_prints_the_result() {
    awesome_lint()
        .args(["fix", "-"])
        .write_stdin("<p>a</em></p>\n")
        .assert()
        .code(0)
        .stdout("<p>a</p>\n");
    awesome_lint()
        .args(["check", "-", "--fix"])
        .write_stdin("x\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot fix standard input"));
}
