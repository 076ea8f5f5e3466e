//! `yuelan words export`: a word list saved the way the browser saves it
//! comes back whole through both formats.

use std::process::Command;
use yuelan::dict::{self, wordlist::WordEntry, wordlist::WordList};

fn yuelan(data_dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    match Command::new(env!("CARGO_BIN_EXE_yuelan"))
        .args(args)
        .env("YUELAN_DATA_DIR", data_dir)
        .output()
    {
        Ok(o) => o,
        Err(e) => panic!("cannot run yuelan: {e}"),
    }
}

#[test]
fn export_round_trip_anki_and_json() {
    let d = match dict::shared() {
        Ok(d) => d,
        Err(e) => panic!("dictionary: {e}"),
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let path = dir.path().join(dict::wordlist::FILE_NAME);
    let mut list = WordList::new();
    let sentence = "他在银行工作，\t常去重庆。";
    for word in ["银行", "重庆", "軟體"] {
        let info = d.lookup(word, false);
        assert!(list.add(WordEntry::from_info(&info, sentence, Some("a.txt"))));
    }
    assert!(list.save(&path).is_ok());

    let out_file = dir.path().join("words.tsv");
    let out_str = out_file.to_string_lossy().to_string();
    let o = yuelan(
        dir.path(),
        &["words", "export", "--format", "anki", "-o", &out_str],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let tsv = std::fs::read_to_string(&out_file).unwrap_or_default();
    let back = WordList::from_anki_tsv(&tsv);
    assert_eq!(back.words.len(), 3);
    let bank = &back.words[0];
    assert_eq!(
        (
            bank.simplified.as_str(),
            bank.traditional.as_str(),
            bank.pinyin.as_str()
        ),
        ("银行", "銀行", "yínháng")
    );
    assert_eq!(bank.definition, "bank");
    assert_eq!(
        bank.sentence, "他在银行工作， 常去重庆。",
        "the tab is flattened"
    );
    let soft = &back.words[2];
    assert_eq!(
        (soft.simplified.as_str(), soft.traditional.as_str()),
        ("软体", "軟體")
    );
    for (a, b) in list.words.iter().zip(&back.words) {
        assert_eq!(
            (&a.simplified, &a.traditional, &a.pinyin, &a.definition),
            (&b.simplified, &b.traditional, &b.pinyin, &b.definition)
        );
    }

    let o = yuelan(dir.path(), &["words", "export", "--format", "json"]);
    assert!(o.status.success());
    let json: WordList =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("json export parses: {e}"));
    assert_eq!(json, list);
}

#[test]
fn broken_word_list_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let path = dir.path().join(dict::wordlist::FILE_NAME);
    assert!(std::fs::write(&path, b"[oops").is_ok());
    let o = yuelan(dir.path(), &["words", "export"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("word list"), "{err}");
    // Empty data directory: an empty export, not an error.
    let empty = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let o = yuelan(empty.path(), &["words", "export", "--format", "json"]);
    assert!(o.status.success());
}
