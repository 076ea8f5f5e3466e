//! Issue 20 point 8, the lesser faults this branch owns, through the binary.

use std::path::PathBuf;
use std::process::{Command, Output};

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap_or_else(|e| panic!("{e}")),
        }
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn write(&self, name: &str, bytes: &[u8]) -> String {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap_or_else(|e| panic!("{e}"));
        p.to_string_lossy().into_owned()
    }
    fn run(&self, config: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_yuelan"))
            .args(args)
            .env("YUELAN_DATA_DIR", self.path("data"))
            .env("YUELAN_CACHE_DIR", self.path("cache"))
            .env("YUELAN_CONFIG", config)
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn yuelan_config_fails_on_a_missing_glossary_file() {
    let env = Env::new();
    let cfg = env.write("c.toml", b"glossaries = [\"nowhere.json\"]\n");
    let o = env.run(&cfg, &["config"]);
    assert!(
        !o.status.success(),
        "said ok: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(stderr(&o).contains("nowhere.json"), "{}", stderr(&o));
    // A glossary that exists and parses is fine.
    env.write(
        "g.json",
        "[{\"term\": \"河长制\", \"pinyin\": \"hézhǎngzhì\", \"gloss\": \"river chiefs\", \"note\": \"\"}]"
            .as_bytes(),
    );
    let cfg = env.write("c2.toml", b"glossaries = [\"g.json\"]\n");
    let o = env.run(&cfg, &["config"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn two_hundred_thousand_unknown_colour_roles_give_a_bounded_report() {
    let env = Env::new();
    let mut text = String::from("[colors]\n");
    for i in 0..200_000 {
        text.push_str(&format!("role{i} = \"red\"\n"));
    }
    let cfg = env.write("big.toml", text.as_bytes());
    let o = env.run(&cfg, &["config"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 51, "50 warnings and a count: {}", lines.len());
    assert!(
        lines[0].contains("big.toml:2: unknown colour role `role0`"),
        "{}",
        lines[0]
    );
    assert!(lines[50].contains("199950 more warnings"), "{}", lines[50]);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_as_a_loop() {
    let env = Env::new();
    std::fs::create_dir(env.path("d")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(env.path("d/a.txt"), "标题\n\n正文说明情况。\n")
        .unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink("loop.txt", env.path("d/loop.txt"))
        .unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink("nowhere.txt", env.path("d/gone.txt"))
        .unwrap_or_else(|e| panic!("{e}"));
    let cfg = env.write("c.toml", b"");
    let d = env.path("d").to_string_lossy().into_owned();
    let o = env.run(&cfg, &["annotate", "--format", "jsonl", &d]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("loop.txt: symbolic link loop"), "{err}");
    assert!(err.contains("gone.txt: dangling symbolic link"), "{err}");
    let looped = env.path("d/loop.txt").to_string_lossy().into_owned();
    let o = env.run(&cfg, &["parse", &looped]);
    assert!(stderr(&o).contains("symbolic link loop"), "{}", stderr(&o));
}

#[test]
fn annotate_and_entities_warn_about_malformed_bytes_like_parse() {
    let env = Env::new();
    let mut bytes = "标题\n\n经济运行总体平稳，统计局发布数据。王小明说，情况很好。\n"
        .as_bytes()
        .to_vec();
    bytes.insert(20, 0xff);
    let f = env.write("bad.txt", &bytes);
    let cfg = env.write("c.toml", b"");
    for cmd in ["parse", "annotate", "entities"] {
        let o = env.run(&cfg, &[cmd, &f]);
        assert!(o.status.success(), "{cmd}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("malformed byte sequence"),
            "{cmd}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn eval_ner_quotes_only_a_little_of_a_bad_line() {
    let env = Env::new();
    let f = env.write(
        "notbio.txt",
        "这不是BIO格式的文件".repeat(50_000).as_bytes(),
    );
    let cfg = env.write("c.toml", b"");
    let o = env.run(&cfg, &["eval", "ner", &f]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("line 1: expected `CHAR TAG`"), "{err}");
    assert!(err.len() < 400, "{} bytes of stderr", err.len());
}
