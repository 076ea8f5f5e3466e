//! `yuelan annotate`: formats, several files, clear errors.

mod common;

fn yuelan(args: &[&str]) -> std::process::Output {
    common::yuelan()
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run yuelan: {e}"))
}

const S1: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/samples/01_feature.txt");
const S2: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/samples/02_report.txt");

#[test]
fn formats_and_many_files() {
    let out = yuelan(&["annotate", S1, "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(j["schema"], "yuelan/1");

    let out = yuelan(&["annotate", S1, S2, "--format", "jsonl"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);

    let out = yuelan(&["annotate", S1, S2, "--format", "json"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2 documents") && err.contains("jsonl"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);

    let out = yuelan(&["annotate", S1, "--format", "brat"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with('T'));

    let out = yuelan(&["annotate", "/no/such/file.txt"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/file.txt"));
}
