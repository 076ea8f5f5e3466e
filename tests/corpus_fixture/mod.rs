//! Shared fixtures for the corpus tests: a temporary directory holding a few
//! short articles (written for these tests) and problem files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use yuelan::annotate::Resources;

pub const ARTICLE_A: &str = "杭州数字经济去年增长百分之十四\n\n2017年2月20日 来源：本报\n\n\u{3000}\u{3000}记者从杭州市统计局获悉，去年全市数字经济核心产业增加值达到三千亿元。\n\u{3000}\u{3000}市统计局局长王建华说，电子商务和软件服务是主要动力。\n";
pub const ARTICLE_B: &str = "乡村书屋走进山区\n\n\u{3000}\u{3000}今年春天，云南山区新建了两百多个乡村书屋。\n\u{3000}\u{3000}志愿者李秀英介绍，书屋的图书大多来自社会捐赠，数字经济类读物也很受欢迎。\n";
pub const ARTICLE_C: &str = "# 高铁新线开通\n\n成都至重庆的新线今天开通，全程只需一小时。\n\n铁路部门表示，新线每天开行列车六十对。\n";

/// A file written in GBK (its text is pure Chinese so detection is clear).
pub const GBK_TEXT: &str = "地方新闻\n\n本市今年新建公园十二座，市民休闲有了更多去处。园林部门表示，明年还将继续增加绿地面积。\n";

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    pub fn root(&self) -> &Path {
        self.dir.path()
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    if let Some(parent) = dir.join(name).parent() {
        std::fs::create_dir_all(parent).expect("create dir");
    }
    std::fs::write(dir.join(name), bytes).expect("write fixture");
}

/// Three good articles only.
pub fn good_corpus() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "a_economy.txt", ARTICLE_A.as_bytes());
    write(dir.path(), "b_books.txt", ARTICLE_B.as_bytes());
    write(dir.path(), "sub/c_rail.md", ARTICLE_C.as_bytes());
    Fixture { dir }
}

/// The good articles plus a GBK file, a binary file, an empty file, an
/// unreadable file (mode 000), a dangling symlink and a hidden file.
pub fn mixed_corpus() -> Fixture {
    let f = good_corpus();
    let (gbk, _, _) = encoding_rs::GBK.encode(GBK_TEXT);
    write(f.root(), "d_gbk.txt", &gbk);
    let mut binary = vec![
        0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d,
    ];
    binary.extend((0..2000u32).map(|i| (i * 7 % 256) as u8));
    write(f.root(), "e_image.txt", &binary);
    write(f.root(), "f_empty.txt", b"");
    write(
        f.root(),
        "g_locked.txt",
        "锁定的文件\n\n这份文件的权限是000。\n".as_bytes(),
    );
    write(f.root(), ".hidden.txt", b"never listed");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(
            f.path("g_locked.txt"),
            std::fs::Permissions::from_mode(0o000),
        );
        let _ = std::os::unix::fs::symlink(f.path("nowhere.txt"), f.path("h_dangling.txt"));
    }
    f
}

/// Whether a mode-000 file really cannot be read (not when running as root).
pub fn chmod_blocks_reading(path: &Path) -> bool {
    std::fs::read(path).is_err()
}

/// Whether `decode` is the real one (refuses binary input) and not the stub.
pub fn decode_is_real() -> bool {
    yuelan::decode::decode(&[0x89, b'P', b'N', b'G', 0, 0, 0, 0x0d, 0, 1, 2, 3, 0, 0]).is_err()
}

/// jieba and friends, loaded once per test binary.
pub fn resources() -> Arc<Resources> {
    static RES: OnceLock<Arc<Resources>> = OnceLock::new();
    RES.get_or_init(|| Arc::new(Resources::load().expect("resources load")))
        .clone()
}
