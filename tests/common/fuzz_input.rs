//! The inputs of the robustness runs, shared by the property tests
//! (tests/fuzz_pipeline.rs, through proptest) and the long run
//! (examples/fuzz_run.rs, through its own generator): pieces of
//! Chinese-looking text, the encodings they are written in, and the
//! mutations applied to the bytes.
#![allow(dead_code)]

/// Pieces that exercise the parser and the terminal: headings of every
/// kind, title-block lines, quotes, punctuation, figures, odd whitespace,
/// control characters and escape sequences, non-BMP characters. A piece
/// listed twice is drawn twice as often.
pub const PIECES: &[&str] = &[
    "上海",
    "统计局",
    "发布",
    "数据",
    "我们",
    "记者",
    "张三",
    "有限公司",
    "党支部",
    "网信办",
    "。",
    "，",
    "、",
    "；",
    "：",
    "？",
    "！",
    "……",
    "——",
    "·",
    "“",
    "”",
    "‘",
    "’",
    "「",
    "」",
    "《",
    "》",
    "（",
    "）",
    "【",
    "】",
    "说",
    "表示",
    "指出",
    "：“",
    "。”",
    "”他说。",
    "一、",
    "二、",
    "十一、",
    "（一）",
    "（二）",
    "1.",
    "2.",
    "1.1",
    "1.1.1 ",
    "（1）",
    "①",
    "第一章",
    "第三节",
    "第二部分",
    "# ",
    "## ",
    "###### ",
    "####### ",
    "#",
    "> ",
    "- ",
    "* ",
    "本报记者",
    "记者 ",
    "报道",
    "新华社北京1月1日电",
    "编者按：",
    "6904.35亿元",
    "14.1%",
    "１２３",
    "２０１７年",
    "去年",
    "近3成",
    "约500万人",
    "ABC",
    "iPhone",
    "COVID-19",
    "https://example.com/a?b=1",
    "a",
    " ",
    "\n",
    "\n",
    "\n",
    "\n\n",
    "\n\n\n",
    "\r\n",
    "\r",
    "\t",
    "\u{3000}\u{3000}",
    "\u{a0}",
    "\u{200b}",
    "\u{feff}",
    "\u{c}",
    "\u{0}",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "\u{fffd}",
    "𠮷",
    "😀",
    "👨‍👩‍👧",
    "é",
    "e\u{301}",
    "\u{10ffff}",
    "王小明",
    "委员会",
    "国务院",
    "北京市",
    "人民币",
    "增长",
    "同比",
    "1.1 ",
    "\u{1b}]2;pwned\u{7}",
    "\u{1b}[6n",
    "\u{1b}]52;c;aGk=\u{7}",
    "\u{9b}31m",
    "\u{8}",
    "\u{202e}",
    "\u{2066}",
];

/// How text is written to bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    Utf8,
    Utf8Bom,
    Utf16LeBom,
    Utf16BeBom,
    Utf16LeNoBom,
    Gbk,
    Gb18030,
    Big5,
}

impl Enc {
    /// Every encoding with its weight (UTF-8 most, GBK next).
    pub const WEIGHTED: &'static [(u32, Enc)] = &[
        (6, Enc::Utf8),
        (1, Enc::Utf8Bom),
        (1, Enc::Utf16LeBom),
        (1, Enc::Utf16BeBom),
        (1, Enc::Utf16LeNoBom),
        (2, Enc::Gbk),
        (1, Enc::Gb18030),
        (1, Enc::Big5),
    ];
}

pub fn encode(text: &str, enc: Enc) -> Vec<u8> {
    match enc {
        Enc::Utf8 => text.as_bytes().to_vec(),
        Enc::Utf8Bom => [&[0xef, 0xbb, 0xbf][..], text.as_bytes()].concat(),
        Enc::Utf16LeBom => [0xff, 0xfe]
            .into_iter()
            .chain(text.encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect(),
        Enc::Utf16BeBom => [0xfe, 0xff]
            .into_iter()
            .chain(text.encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect(),
        Enc::Utf16LeNoBom => text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect(),
        Enc::Gbk => encoding_rs::GBK.encode(text).0.into_owned(),
        Enc::Gb18030 => encoding_rs::GB18030.encode(text).0.into_owned(),
        Enc::Big5 => encoding_rs::BIG5.encode(text).0.into_owned(),
    }
}

/// What is done to the encoded bytes.
#[derive(Debug, Clone)]
pub enum Mutation {
    None,
    /// Keep this fraction (per mille) of the bytes.
    Truncate(u16),
    /// Set the byte at (position per mille) to a value.
    Flip(u16, u8),
    /// Insert raw bytes at (position per mille).
    Splice(u16, Vec<u8>),
}

fn at(len: usize, per_mille: u16) -> usize {
    len * usize::from(per_mille) / 1000
}

pub fn mutate(mut bytes: Vec<u8>, m: &Mutation) -> Vec<u8> {
    match m {
        Mutation::None => {}
        Mutation::Truncate(p) => bytes.truncate(at(bytes.len(), *p)),
        Mutation::Flip(p, b) => {
            let i = at(bytes.len(), *p);
            if let Some(x) = bytes.get_mut(i) {
                *x = *b;
            }
        }
        Mutation::Splice(p, b) => {
            let i = at(bytes.len(), *p);
            bytes.splice(i..i, b.iter().copied());
        }
    }
    bytes
}
