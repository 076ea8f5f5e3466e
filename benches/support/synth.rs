//! A generated corpus for the corpus benchmarks: documents built from
//! data/samples/ with varied names, places, dates and figures (shared by
//! benches/corpus.rs and examples/corpus_bench.rs through `#[path]`).
#![allow(dead_code)]

use std::path::Path;

const SAMPLES: [&str; 4] = [
    include_str!("../../data/samples/01_feature.txt"),
    include_str!("../../data/samples/02_report.txt"),
    include_str!("../../data/samples/03_interview.txt"),
    include_str!("../../data/samples/04_notes.md"),
];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];
const GIVEN: &[&str] = &[
    "建国", "秀英", "志强", "丽华", "海峰", "文静", "明远", "晓东", "雪梅", "国栋", "玉兰", "俊杰",
    "春燕", "德胜", "思雨", "立新", "红霞", "子涵", "振华", "淑芬", "宏伟", "佳怡", "永刚", "慧敏",
];
const PLACES: &[&str] = &[
    "临江", "青禾", "江州", "南屏", "云溪", "北川", "东湖", "西岭", "长宁", "安平", "白石", "清河",
];
const ORG_SUFFIX: &[&str] = &[
    "市商务局",
    "县农业农村局",
    "区科技局",
    "市统计局",
    "电子商务协会",
    "产业发展集团",
];
const TOPICS: &[&str] = &[
    "电商",
    "乡村振兴",
    "中小企业",
    "非遗保护",
    "城市更新",
    "物流网络",
    "数字政务",
];

/// A small deterministic generator (xorshift), so runs are comparable.
pub struct Rng(u64);
impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[(self.next() % v.len() as u64) as usize]
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Shifts the ASCII digits of figures (not those of dates: a digit run
/// followed by 年 月 日 stays) so every document has its own numbers.
fn vary_numbers(text: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let date = matches!(chars.get(i), Some('年' | '月' | '日'));
            let shift = rng.below(9) as u32 + 1;
            for (k, c) in chars[start..i].iter().enumerate() {
                let d = c.to_digit(10).unwrap_or(0);
                // Keep a leading digit non-zero.
                let nd = if date {
                    d
                } else if k == 0 && start + 1 < i {
                    (d + shift - 1) % 9 + 1
                } else {
                    (d + shift) % 10
                };
                out.push(char::from_digit(nd, 10).unwrap_or('0'));
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

pub fn person(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))
}

/// Document `i` of a generated corpus.
pub fn document(i: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0x2545_f491_4f6c_dd1d));
    let place = rng.pick(PLACES);
    let topic = rng.pick(TOPICS);
    let reporter = person(&mut rng);
    let official = person(&mut rng);
    let org = format!("{place}{}", rng.pick(ORG_SUFFIX));
    let (y, m, d) = (2015 + rng.below(10), 1 + rng.below(12), 1 + rng.below(28));
    let body = vary_numbers(SAMPLES[i % SAMPLES.len()], &mut rng);
    let pct = format!("{}.{}", rng.below(30), rng.below(10));
    let money = format!("{}.{}", 1 + rng.below(900), rng.below(100));
    format!(
        "{place}{topic}观察（第{i}期）\n{y}年{m}月{d}日 本报记者 {reporter}\n\n{body}\n\n\u{3000}\u{3000}{org}负责人{official}表示，{y}年全{}{topic}相关投入达到{money}亿元，同比增长{pct}%。\n\u{3000}\u{3000}“下一步，我们将继续完善服务。”{official}说。\n",
        if place.len() > 3 { "市" } else { "县" }
    )
}

/// Writes `n` documents into `dir` (in 100-file subdirectories), returning
/// the total bytes.
pub fn write_corpus(dir: &Path, n: usize, seed: u64) -> std::io::Result<u64> {
    let mut total = 0;
    for i in 0..n {
        let sub = dir.join(format!("{:03}", i / 100));
        if i % 100 == 0 {
            std::fs::create_dir_all(&sub)?;
        }
        let text = document(i, seed);
        total += text.len() as u64;
        let ext = if i % SAMPLES.len() == 3 { "md" } else { "txt" };
        std::fs::write(sub.join(format!("{i:05}.{ext}")), text)?;
    }
    Ok(total)
}
