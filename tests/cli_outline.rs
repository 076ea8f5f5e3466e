//! `yuelan outline` / `yuelan parse` through the built binary: output on
//! samples, and one clear error line with a non-zero exit for bad input.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn yuelan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yuelan"))
        .args(args)
        .env("YUELAN_CONFIG", "/nonexistent/yuelan-test-config.toml")
        .output()
        .expect("the binary runs")
}

fn sample(name: &str) -> String {
    format!("{}/data/samples/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Exit non-zero with exactly one line on stderr that names `needle`.
fn assert_one_line_error(out: &Output, needle: &str) -> String {
    assert!(!out.status.success(), "exit status {:?}", out.status);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(err.trim_end().lines().count(), 1, "stderr: {err}");
    assert!(err.starts_with("yuelan: error: "), "stderr: {err}");
    assert!(
        err.contains(needle),
        "stderr {err:?} does not name {needle:?}"
    );
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn outline_of_the_report() {
    let out = yuelan(&["outline", &sample("02_report.txt")]);
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("title    关于2023年度全市中小企业服务工作情况的报告"),
        "{s}"
    );
    // Nested numbered headings are indented by level, with their counts.
    assert!(s.contains("    1      2  一、主要工作及成效\n"), "{s}");
    assert!(
        s.contains("    2      3    （一）惠企政策落实有力\n"),
        "{s}"
    );
    assert!(
        s.contains("    1      1      1.深化“一网通办”改革\n"),
        "{s}"
    );
}

#[test]
fn outline_lists_duplicates() {
    let out = yuelan(&["outline", &sample("03_interview.txt")]);
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("paragraph 0 repeats sentence 19"), "{s}");
}

#[test]
fn parse_reads_standard_input_and_gbk() {
    let text = include_str!("../data/samples/01_feature.txt");
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let mut child = Command::new(env!("CARGO_BIN_EXE_yuelan"))
        .args(["outline", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(&gbk).expect("writes");
    }
    let out = child.wait_with_output().expect("runs");
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("(GB18030, Plain)"), "{s}");
    assert!(s.contains("破题 | 让数据多跑路，让农民少跑腿"), "{s}");
}

#[test]
fn parse_json_prints_json() {
    let out = yuelan(&["parse", "--json", &sample("04_notes.md")]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["schema"], "yuelan/1");
}

#[test]
fn parse_lists_sentences() {
    let out = yuelan(&["parse", &sample("03_interview.txt")]);
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("¶0  [repeats sentence 19]"), "{s}");
    assert!(s.contains("  19 好的手艺，要让人愿意天天用。\n"), "{s}");
}

#[test]
fn missing_file() {
    let out = yuelan(&["outline", "/nonexistent/无此文件.txt"]);
    assert_one_line_error(&out, "/nonexistent/无此文件.txt");
}

#[test]
fn directory_given() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().to_string_lossy().to_string();
    let err = assert_one_line_error(&yuelan(&["parse", &path]), &path);
    assert!(err.contains("directory"), "{err}");
}

#[test]
fn binary_and_empty_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bin = dir.path().join("image.png");
    std::fs::write(&bin, [0x89, b'P', b'N', b'G', 0, 0, 0, 0x0D, 1, 2, 3]).expect("write");
    let bin = bin.to_string_lossy().to_string();
    let err = assert_one_line_error(&yuelan(&["outline", &bin]), &bin);
    assert!(err.contains("binary"), "{err}");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").expect("write");
    let empty = empty.to_string_lossy().to_string();
    let err = assert_one_line_error(&yuelan(&["outline", &empty]), &empty);
    assert!(err.contains("empty"), "{err}");
}

#[cfg(unix)]
#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("secret.txt");
    std::fs::write(&path, "正文。").expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let p = path.to_string_lossy().to_string();
    if std::fs::read(&path).is_err() {
        let err = assert_one_line_error(&yuelan(&["outline", &p]), &p);
        assert!(err.contains("permission denied"), "{err}");
        return;
    }
    // Running as root, which reads any file: run the binary as the
    // unprivileged user `nobody` (setpriv, util-linux) so that the
    // permission check is really exercised.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_yuelan"))
        .args(["outline", &p])
        .env("YUELAN_CONFIG", "/nonexistent/yuelan-test-config.toml")
        .output();
    match out {
        Ok(out) if !String::from_utf8_lossy(&out.stderr).contains("setpriv:") => {
            let err = assert_one_line_error(&out, &p);
            assert!(err.contains("permission denied"), "{err}");
        }
        Ok(out) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI: setpriv failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            eprintln!(
                "note: SKIPPED the permission-denied check: running as root and setpriv failed ({})",
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI: setpriv not found: {e}"
            );
            eprintln!(
                "note: SKIPPED the permission-denied check: running as root and setpriv is not available ({e})"
            );
        }
    }
}
