//! `annotate --format brat --out DIR` writes NAME.txt beside NAME.ann, and
//! every span in the .ann is the text at its offsets in the .txt (code
//! points, brat's convention) — checked for a file with a BOM and CRLF line
//! ends, where offsets into the original file would not match, and for a
//! Markdown file, whose document text is rendered.

use std::path::Path;
use std::process::Command;

fn check_pair(txt: &str, ann: &str) -> usize {
    let chars: Vec<char> = txt.chars().collect();
    let mut checked = 0;
    for line in ann.lines().filter(|l| l.starts_with('T')) {
        let mut cols = line.split('\t');
        let (_, Some(spec), Some(shown)) = (cols.next(), cols.next(), cols.next()) else {
            panic!("malformed line {line:?}");
        };
        let offsets = spec.split_once(' ').map_or("", |(_, o)| o);
        let mut pieces = Vec::new();
        for frag in offsets.split(';') {
            let mut n = frag
                .split(' ')
                .map(|x| x.parse::<usize>().unwrap_or(usize::MAX));
            let (s, e) = (n.next().unwrap_or(0), n.next().unwrap_or(0));
            assert!(s < e && e <= chars.len(), "{line}");
            pieces.push(chars[s..e].iter().collect::<String>().replace('\t', " "));
        }
        assert_eq!(pieces.join(" "), shown, "{line}");
        checked += 1;
    }
    checked
}

#[test]
fn brat_out_writes_the_text_the_offsets_refer_to() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let src = dir.path().join("crlf_bom.txt");
    let text = "\u{feff}上海发布新规\r\n\r\n　　据新华社报道，上海市政府昨天发布新规，2024年投入资金6904.35亿元。\r\n\r\n　　市长李强说：“我们要把好事办好。”\r\n";
    std::fs::write(&src, text).unwrap_or_else(|e| panic!("{e}"));
    let md = dir.path().join("notes.md");
    std::fs::write(
        &md,
        "---\ntitle: 会议纪要\n---\n\n## 要点\n\n- 北京市**财政局**去年拨款3000万元。\n- 王芳说：“明年继续。”\n\n```\n代码 = 1\n```\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("brat");
    for f in [&src, &md] {
        let run = Command::new(env!("CARGO_BIN_EXE_yuelan"))
            .args(["annotate", "--format", "brat", "--out"])
            .arg(&out)
            .arg(f)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    let read = |name: &str| {
        std::fs::read_to_string(Path::new(&out).join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let (txt, ann) = (read("crlf_bom.txt"), read("crlf_bom.ann"));
    assert!(!txt.contains('\r') && !txt.starts_with('\u{feff}'));
    let n = check_pair(&txt, &ann);
    assert!(n >= 4, "only {n} spans:\n{ann}");
    assert!(ann.contains("6904.35亿元"), "{ann}");
    let (txt, ann) = (read("notes.txt"), read("notes.ann"));
    assert!(!txt.contains("**") && !txt.contains("title:"), "{txt}");
    let n = check_pair(&txt, &ann);
    assert!(n >= 2, "only {n} spans:\n{ann}");
    // Nothing is annotated inside the code block.
    let code_at = txt.chars().count() - "代码 = 1".chars().count();
    for line in ann.lines().filter(|l| l.starts_with('T')) {
        let start: usize = line
            .split('\t')
            .nth(1)
            .and_then(|s| s.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        assert!(start < code_at, "{line}");
    }
}

#[test]
fn brat_to_stdout_says_which_text() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let src = dir.path().join("a.txt");
    std::fs::write(&src, "北京市政府昨天发布通知。\n").unwrap_or_else(|e| panic!("{e}"));
    let run = Command::new(env!("CARGO_BIN_EXE_yuelan"))
        .args(["annotate", "--format", "brat"])
        .arg(&src)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(run.status.success());
    assert!(String::from_utf8_lossy(&run.stdout).starts_with('T'));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("--out DIR"), "{err}");
    // --out belongs to brat.
    let run = Command::new(env!("CARGO_BIN_EXE_yuelan"))
        .args(["annotate", "--format", "json", "--out", "x"])
        .arg(&src)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!run.status.success());
}

/// `annotate --offsets source`: every annotation of a Markdown file with a
/// BOM, CRLF line ends and front matter carries byte offsets into the file
/// as written, where its text is.
#[test]
fn source_offsets_point_into_the_original_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let md = dir.path().join("bom_crlf.md");
    let text = "\u{feff}---\r\ntitle: 江城码头纪事\r\nauthor: 许远\r\ndate: 2025-03-02\r\n---\r\n\r\n\
# 第一节 码头\r\n\r\n\
据新华社报道，上海市政府昨天发布新规，2024年投入资金6904.35亿元。\r\n\
这一段的第二行写在下一行里。\r\n\r\n\
- 北京市财政局去年拨款3000万元。\r\n\
- 市长李强说：“我们要把好事办好。”\r\n\r\n\
> 王芳在**会上**说，明年继续。\r\n\r\n\
## 第二节 老街\r\n\r\n\
2025年3月2日，张建国在老街的茶馆里坐了一个下午。\r\n";
    std::fs::write(&md, text).unwrap_or_else(|e| panic!("{e}"));
    let bytes = text.as_bytes();
    let run = Command::new(env!("CARGO_BIN_EXE_yuelan"))
        .args(["annotate", "--offsets", "source"])
        .arg(&md)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&run.stdout).unwrap_or_else(|e| panic!("{e}"));
    let anns = json["annotations"].as_array().cloned().unwrap_or_default();
    let mut checked = 0;
    for a in &anns {
        let at = |k: &str| {
            a["attrs"][k]
                .as_u64()
                .unwrap_or_else(|| panic!("{k} missing in {a}")) as usize
        };
        let (s, e) = (at("source_start"), at("source_end"));
        let shown = a["text"].as_str().unwrap_or("");
        let back = bytes
            .get(s..e)
            .map(String::from_utf8_lossy)
            .unwrap_or_default();
        assert_eq!(back, shown, "{a}");
        checked += 1;
    }
    // People, places, organisations, times, money, a quote — each found.
    for want in [
        "李强",
        "北京市财政局",
        "6904.35亿元",
        "2025年3月2日",
        "张建国",
    ] {
        assert!(
            anns.iter().any(|a| a["text"] == want),
            "{want} not annotated"
        );
    }
    assert!(checked >= 10, "{checked}");
    // Standard input has no file to point into: a clear error.
    let run = Command::new(env!("CARGO_BIN_EXE_yuelan"))
        .args(["annotate", "--offsets", "source", "-"])
        .stdin(std::fs::File::open(&md).unwrap_or_else(|e| panic!("{e}")))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("needs a file"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}
