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

/// The short form of a company name that is an ordinary word (国家 of
/// 国家能源集团, 网络 of 中国网络公司) is no organisation where the text
/// uses that word; a short form that is a name (星河云图) is linked to its
/// company. The same whether the document is annotated alone (jieba let
/// go before the links) or with another.
#[test]
fn short_forms_that_are_ordinary_words_are_not_organisations() {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    let text = "国家能源集团发布年报。国家将支持国家级能源项目。\n\n\
                中国网络公司扩大了网络建设。\n\n\
                北京星河云图科技有限公司成立。星河云图说，祝国家繁荣昌盛。\n";
    let file = dir.path().join("report.txt");
    let other = dir.path().join("other.txt");
    for (f, t) in [(&file, text), (&other, "今天天气很好。\n")] {
        if let Err(e) = std::fs::write(f, t) {
            panic!("{e}");
        }
    }
    let (file, other) = (file.to_string_lossy(), other.to_string_lossy());
    let orgs = |doc: &serde_json::Value| -> Vec<String> {
        doc["annotations"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|a| a["layer"] == "entities" && a["label"] == "ORG")
            .map(|a| a["text"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let want = [
        "国家能源集团",
        "中国网络公司",
        "北京星河云图科技有限公司",
        "星河云图",
    ];
    let alone = yuelan(&["annotate", &file, "--format", "json"]);
    assert!(
        alone.status.success(),
        "{}",
        String::from_utf8_lossy(&alone.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&alone.stdout).unwrap_or_default();
    assert_eq!(orgs(&doc), want, "alone");
    let both = yuelan(&["annotate", &file, &other, "--format", "jsonl"]);
    assert!(
        both.status.success(),
        "{}",
        String::from_utf8_lossy(&both.stderr)
    );
    let first = String::from_utf8_lossy(&both.stdout)
        .lines()
        .next()
        .and_then(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .unwrap_or_default();
    assert_eq!(orgs(&first), want, "with another document");
}
