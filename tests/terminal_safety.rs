//! Issue 20 points 1–3 and issue 22 point 2, through the built binary:
//! nothing from a document, a note or a file name reaches the terminal raw;
//! FIFOs, devices and oversized files are refused quickly; every command
//! that prints takes a closed pipe quietly.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The repro of the issue: a title escape (OSC 2), a clipboard write
/// (OSC 52), a cursor report request (CSI 6n), an 8-bit CSI (U+009B) and a
/// right-to-left override, in a title, a sentence and a heading.
const HOSTILE: &str = "标题\u{1b}]2;pwned\u{7}\n\n\
一、概况\u{1b}[6n\n\n\
正文\u{1b}]52;c;aGk=\u{7}说明情况。王小明\u{9b}31m表示：“数据\u{202e}很好。”\n";

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let env = Env {
            dir: tempfile::tempdir().unwrap_or_else(|e| panic!("{e}")),
        };
        env.write("empty-config.toml", b"");
        env
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(&p, bytes).unwrap_or_else(|e| panic!("{e}"));
        p
    }
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_yuelan"));
        c.args(args)
            .env("YUELAN_DATA_DIR", self.path("data"))
            .env("YUELAN_CACHE_DIR", self.path("cache"))
            .env("YUELAN_CONFIG", self.path("empty-config.toml"));
        c
    }
    /// Runs with a deadline: a hang is a failure, not a stuck suite.
    fn run(&self, args: &[&str]) -> Output {
        run_with_deadline(self.cmd(args), Stdio::null())
    }
}

fn run_with_deadline(mut cmd: Command, stdin: Stdio) -> Output {
    let mut child = cmd
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    let out = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let err = child.stderr.take().unwrap_or_else(|| panic!("no stderr"));
    // Read both pipes on threads, so a large output cannot block the child.
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.take(64 << 20).read_to_end(&mut v);
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.take(64 << 20).read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap_or_else(|e| panic!("{e}")) {
            break s;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not finish within 60 s (hung)");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: t_out.join().unwrap_or_default(),
        stderr: t_err.join().unwrap_or_default(),
    }
}

/// A raw ESC, BEL, CR, DEL or C1 control (as UTF-8) anywhere in the bytes.
fn raw_controls(bytes: &[u8]) -> Vec<String> {
    let s = String::from_utf8_lossy(bytes);
    s.chars()
        .filter(|&c| yuelan::text::safe::is_unsafe(c) && c != '\n' && c != '\t')
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect()
}

fn assert_safe(o: &Output, what: &str) {
    let out = raw_controls(&o.stdout);
    let err = raw_controls(&o.stderr);
    assert!(
        out.is_empty() && err.is_empty(),
        "{what}: raw controls on stdout {out:?}, stderr {err:?}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn plain_text_outputs_show_controls_visibly() {
    let env = Env::new();
    let doc = env.write("hostile.txt", HOSTILE.as_bytes());
    let d = doc.to_string_lossy().into_owned();
    for args in [
        vec!["parse", &d],
        vec!["outline", &d],
        vec!["entities", &d],
        vec!["notes", "export", &d],
    ] {
        let o = env.run(&args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert_safe(&o, &args.join(" "));
    }
    // Shown, not dropped: the reader can see what the document holds.
    let o = env.run(&["parse", &d]);
    assert!(
        stdout(&o).contains("标题\\u{1b}]2;pwned\\u{7}"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn json_output_keeps_the_exact_text() {
    let env = Env::new();
    let doc = env.write("hostile.txt", HOSTILE.as_bytes());
    let o = env.run(&["parse", "--json", &doc.to_string_lossy()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_safe(&o, "parse --json");
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON: {e}"));
    assert_eq!(v["text"].as_str(), Some(HOSTILE), "the text, byte for byte");
    let o = env.run(&["annotate", &doc.to_string_lossy()]);
    assert_safe(&o, "annotate");
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON: {e}"));
    assert_eq!(v["text"].as_str(), Some(HOSTILE));
}

#[test]
fn file_names_in_errors_and_warnings_are_shown_visibly() {
    let env = Env::new();
    let o = env.run(&["parse", "no\u{1b}]2;pwned\u{7}such.txt"]);
    assert!(!o.status.success());
    assert_safe(&o, "error naming a missing file");
    assert!(
        stderr(&o).contains("no\\u{1b}]2;pwned\\u{7}such.txt"),
        "{}",
        stderr(&o)
    );
    // A warning naming a file (replaced bytes) from a corpus run.
    let dir = env.path("corpus");
    env.write(
        "corpus/a\u{1b}[31m.txt",
        "第一段文字说明情况。\n".as_bytes(),
    );
    let mut bad = "第二段文字说明情况，数据很好。".as_bytes().to_vec();
    bad.push(0xff);
    env.write("corpus/b\u{9b}1m.txt", &bad);
    let o = env.run(&["annotate", "--format", "jsonl", &dir.to_string_lossy()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("malformed"), "{}", stderr(&o));
    assert_safe(&o, "jsonl with odd file names");
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn fifos_are_refused_without_waiting_for_a_writer() {
    let env = Env::new();
    let fifo = env.path("d/z.txt");
    env.write("d/a.txt", "标题\n\n正文说明情况。\n".as_bytes());
    mkfifo(&fifo);
    let o = env.run(&["parse", &fifo.to_string_lossy()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("FIFO"), "{}", stderr(&o));
    let o = env.run(&[
        "annotate",
        "--format",
        "jsonl",
        &env.path("d").to_string_lossy(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).lines().count(),
        1,
        "the readable file is annotated"
    );
    assert!(stderr(&o).contains("z.txt: a FIFO"), "{}", stderr(&o));
    // A config file that is a FIFO.
    let cfg = env.path("fifo.toml");
    mkfifo(&cfg);
    let o = run_with_deadline(
        {
            let mut c = env.cmd(&["config"]);
            c.env("YUELAN_CONFIG", &cfg);
            c
        },
        Stdio::null(),
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("FIFO"), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn dev_zero_is_refused_at_once_wherever_it_is_named() {
    let env = Env::new();
    let o = env.run(&["parse", "--json", "/dev/zero"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("character device"), "{}", stderr(&o));
    env.write("d/a.txt", "标题\n\n正文说明情况。\n".as_bytes());
    std::os::unix::fs::symlink("/dev/zero", env.path("d/zero.txt"))
        .unwrap_or_else(|e| panic!("{e}"));
    let o = env.run(&[
        "annotate",
        "--format",
        "jsonl",
        &env.path("d").to_string_lossy(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("zero.txt: a character device"),
        "{}",
        stderr(&o)
    );
    let mut c = env.cmd(&["config"]);
    c.env("YUELAN_CONFIG", "/dev/zero");
    let o = run_with_deadline(c, Stdio::null());
    assert!(!o.status.success());
    assert!(stderr(&o).contains("character device"), "{}", stderr(&o));
    // Standard input that never ends: refused as binary after one block.
    let zero = std::fs::File::open("/dev/zero").unwrap_or_else(|e| panic!("{e}"));
    let o = run_with_deadline(env.cmd(&["parse", "-"]), Stdio::from(zero));
    assert!(!o.status.success());
    assert!(stderr(&o).contains("binary"), "{}", stderr(&o));
}

#[test]
fn the_size_limit_is_checked_before_reading() {
    let env = Env::new();
    let text = "统计局发布数据，经济增长平稳。\n".repeat(200);
    let doc = env.write("big.txt", text.as_bytes());
    let d = doc.to_string_lossy().into_owned();
    let o = env.run(&["--max-size", "2K", "parse", &d]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("over the size limit of 2 KB"),
        "{}",
        stderr(&o)
    );
    assert!(env.run(&["--max-size", "1M", "parse", &d]).status.success());
    // The config's max_size, and --max-size over it.
    let cfg = env.write("c.toml", b"max_size = \"1K\"\n");
    let mut c = env.cmd(&["outline", &d]);
    c.env("YUELAN_CONFIG", &cfg);
    let o = run_with_deadline(c, Stdio::null());
    assert!(
        stderr(&o).contains("over the size limit of 1 KB"),
        "{}",
        stderr(&o)
    );
    let mut c = env.cmd(&["--max-size", "1M", "outline", &d]);
    c.env("YUELAN_CONFIG", &cfg);
    assert!(run_with_deadline(c, Stdio::null()).status.success());
    // A sparse file far over the limit is refused from its size alone.
    let sparse = std::fs::File::create(env.path("sparse.txt")).unwrap_or_else(|e| panic!("{e}"));
    sparse.set_len(1 << 30).unwrap_or_else(|e| panic!("{e}"));
    let o = env.run(&["parse", &env.path("sparse.txt").to_string_lossy()]);
    assert!(
        stderr(&o).contains("is 1.0 GB, over the size limit"),
        "{}",
        stderr(&o)
    );
    // Binary detection from the first block: a 20 MB file of zeros under
    // the limit is refused as binary.
    let zeros = std::fs::File::create(env.path("zeros.txt")).unwrap_or_else(|e| panic!("{e}"));
    zeros.set_len(20 << 20).unwrap_or_else(|e| panic!("{e}"));
    let o = env.run(&["parse", &env.path("zeros.txt").to_string_lossy()]);
    assert!(stderr(&o).contains("binary"), "{}", stderr(&o));
}

/// Every command that prints, with its reader gone before it writes: exit
/// 0 and nothing on stderr (no "failed printing to stdout: Broken pipe").
#[test]
fn every_printing_command_takes_a_closed_pipe_quietly() {
    let env = Env::new();
    let doc = env.write(
        "doc.txt",
        "北京市统计局发布数据\n\n王小明说：“经济增长平稳。”统计局表示，数据很好。\n"
            .repeat(50)
            .as_bytes(),
    );
    let d = doc.to_string_lossy().into_owned();
    let ner = env.write(
        "ner.bio",
        "王 B-PER\n小 I-PER\n明 I-PER\n说 O\n\n北 B-LOC\n京 I-LOC\n"
            .repeat(2000)
            .as_bytes(),
    );
    let seg = env.write(
        "seg.txt",
        "王小明 说 ， 北京市 统计局 发布 数据 。\n"
            .repeat(2000)
            .as_bytes(),
    );
    let n = ner.to_string_lossy().into_owned();
    let s = seg.to_string_lossy().into_owned();
    let commands: Vec<Vec<&str>> = vec![
        vec!["outline", &d],
        vec!["parse", &d],
        vec!["parse", "--json", &d],
        vec!["annotate", &d],
        vec!["annotate", "--format", "jsonl", &d],
        vec!["annotate", "--format", "spacy", &d],
        vec!["annotate", "--format", "brat", &d],
        vec!["entities", &d],
        vec!["eval", "ner", &n],
        vec!["eval", "seg", &s],
        vec!["notes", "export", &d],
        vec!["notes", "export", "--format", "json", &d],
        vec!["words", "export"],
        vec!["words", "export", "--format", "json"],
        vec!["config"],
        vec!["config", "--print-default"],
        vec!["config", "--path"],
        vec!["completions", "bash"],
        vec!["man"],
    ];
    for args in commands {
        let mut child = env
            .cmd(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        // The reader goes away at once.
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
        let err = stderr(&o);
        let err: Vec<&str> = err
            .lines()
            .filter(|l| !l.contains("word list is empty"))
            .collect();
        assert!(o.status.success(), "{args:?}: {:?} {err:?}", o.status);
        assert!(err.is_empty(), "{args:?}: {err:?}");
    }
}
