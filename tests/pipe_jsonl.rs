//! `yuelan annotate - --input jsonl` as a pipeline stage: one output line
//! per input line, in order, with the id; run over shards in parallel
//! (`xargs -P`, as GNU parallel or Spark's `RDD.pipe` would) and joined, the
//! output equals one run over the whole input.

use std::io::Write;
use std::process::{Command, Stdio};

mod common;
use common::yuelan;

/// Short news items written for this test, varied by number.
fn input(n: usize) -> String {
    const NAMES: [&str; 5] = ["王建国", "李秀英", "张海峰", "陈丽华", "刘志强"];
    const PLACES: [&str; 4] = ["杭州市", "成都市", "青禾县", "南屏镇"];
    let mut out = String::new();
    for i in 0..n {
        let text = format!(
            "{place}第{i}期工作简报\n\n\u{3000}\u{3000}{y}年{m}月{d}日，{place}统计局发布数据：全年生产总值达到{a}.{b}亿元，同比增长{c}.{b}%。\n\u{3000}\u{3000}“今年我们新建了{k}个服务站。”局长{name}说。\n",
            place = PLACES[i % 4],
            name = NAMES[i % 5],
            y = 2015 + i % 9,
            m = 1 + i % 12,
            d = 1 + i % 28,
            a = 100 + i * 7,
            b = i % 10,
            c = 3 + i % 11,
            k = 10 + i,
        );
        let id = if i % 3 == 0 {
            serde_json::json!(i)
        } else {
            serde_json::json!(format!("doc-{i}"))
        };
        out.push_str(&serde_json::json!({ "id": id, "text": text }).to_string());
        out.push('\n');
    }
    out
}

fn run_stage(input: &str) -> Vec<u8> {
    let mut child = yuelan()
        .args(["annotate", "-", "--input", "jsonl", "--format", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run yuelan: {e}"));
    let mut stdin = child.stdin.take().expect("stdin");
    let text = input.to_string();
    let feeder = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let out = child.wait_with_output().expect("wait");
    let _ = feeder.join();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn one_line_per_input_line_in_order_with_the_id() {
    let input = input(12);
    let out = String::from_utf8(run_stage(&input)).expect("utf-8");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(lines.len(), 12);
    for (i, (line, inp)) in lines.iter().zip(input.lines()).enumerate() {
        let inp: serde_json::Value = serde_json::from_str(inp).expect("input");
        assert_eq!(line["id"], inp["id"], "line {i}");
        assert_eq!(line["text"], inp["text"], "line {i}");
        assert_eq!(line["schema"], "yuelan/1");
        assert!(
            line["annotations"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x["label"] == "PER")),
            "line {i}: {}",
            line["annotations"]
        );
    }
}

#[test]
fn shards_through_xargs_p_equal_one_run() {
    if Command::new("xargs").arg("--version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "CI: xargs is missing");
        eprintln!("note: skipping, xargs is not installed");
        return;
    }
    let input = input(40);
    let whole = run_stage(&input);
    // Four shards of ten lines, run two at a time.
    let dir = tempfile::tempdir().expect("tempdir");
    let lines: Vec<&str> = input.lines().collect();
    let mut names = Vec::new();
    for (k, shard) in lines.chunks(10).enumerate() {
        let name = format!("shard-{k}");
        std::fs::write(dir.path().join(&name), shard.join("\n") + "\n").expect("write");
        names.push(name);
    }
    let script = format!(
        "'{}' annotate - --input jsonl --format jsonl < \"$0\" > \"$0.out\"",
        env!("CARGO_BIN_EXE_yuelan")
    );
    let mut xargs = Command::new("xargs")
        .args(["-P", "2", "-n", "1", "sh", "-c", &script])
        .current_dir(dir.path())
        .env_remove("YUELAN_CONFIG")
        .env(
            "XDG_CONFIG_HOME",
            concat!(env!("CARGO_MANIFEST_DIR"), "/target/no-config"),
        )
        .stdin(Stdio::piped())
        .spawn()
        .expect("xargs");
    xargs
        .stdin
        .take()
        .expect("stdin")
        .write_all(names.join("\n").as_bytes())
        .expect("feed xargs");
    assert!(xargs.wait().expect("wait").success());
    let mut joined = Vec::new();
    for name in &names {
        joined.extend(std::fs::read(dir.path().join(format!("{name}.out"))).expect("shard output"));
    }
    assert_eq!(joined.iter().filter(|&&b| b == b'\n').count(), 40);
    assert!(joined == whole, "the shards' output differs from one run");
}

#[test]
fn a_bad_line_gives_an_error_line_in_its_place_and_a_failing_exit() {
    let mut child = yuelan()
        .args(["annotate", "-", "--input", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all("{\"id\":1,\"text\":\"北京今天晴。\"}\n{\"id\":2,\"txt\":\"?\"}\n".as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["id"], 2);
    assert!(
        lines[1]["error"]
            .as_str()
            .is_some_and(|e| e.contains("line 2"))
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("could not be annotated"));
}
