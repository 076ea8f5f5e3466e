//! `yuelan eval ner|seg` end to end on small gold files written for the tests.

use std::process::Command;

/// `yuelan eval KIND FILE`'s output.
fn eval(kind: &str, file: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_yuelan"))
        .args(["eval", kind])
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("cannot run yuelan: {e}"))
}

/// [`eval`]'s standard output, which must end in success.
fn eval_ok(kind: &str, file: &std::path::Path) -> String {
    let out = eval(kind, file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn eval_seg_prints_scores() {
    let gold = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seg_gold.txt");
    let stdout = eval_ok("seg", gold.as_ref());
    let overall = stdout.lines().find(|l| l.starts_with("overall"));
    let f1: f64 = overall
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|v| v.parse().ok())
        .unwrap_or(-1.0);
    // jieba segments this plain news text nearly as the gold does.
    assert!(f1 > 0.8 && f1 <= 1.0, "{stdout}");
    assert!(stdout.contains("(3 units scored)"), "{stdout}");
}

#[test]
fn eval_ner_on_a_tiny_bio_file() {
    let dir = tempfile::tempdir();
    let Ok(dir) = dir else { panic!("no temp dir") };
    let path = dir.path().join("tiny.bio");
    let text = "部 O\n长 O\n王 B-PER\n建 I-PER\n国 I-PER\n说 O\n\n\
                北 B-LOC\n京 I-LOC\n很 O\n大 O\n";
    assert!(std::fs::write(&path, text).is_ok());
    let stdout = eval_ok("ner", &path);
    assert!(stdout.contains("PER") && stdout.contains("LOC") && stdout.contains("overall"));
    assert!(stdout.contains("(2 units scored)"), "{stdout}");
    // The last report reads the two sentences as one document, and
    // scores both of them too.
    let last = stdout.rsplit("== ").next().unwrap_or("");
    assert!(
        last.starts_with("the sentences in order as one document"),
        "{stdout}"
    );
    assert!(last.contains("(2 units scored)"), "{stdout}");
}

#[test]
fn eval_ner_rejects_a_malformed_file() {
    let dir = tempfile::tempdir();
    let Ok(dir) = dir else { panic!("no temp dir") };
    let path = dir.path().join("bad.bio");
    assert!(std::fs::write(&path, "王B-PER\n").is_ok());
    let out = eval("ner", &path);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 1"), "{stderr}");
}
