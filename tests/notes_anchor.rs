//! Anchors re-attaching on real text (the seed article, when present, and a
//! text written for these tests): inserted paragraphs, changed words,
//! re-wrapped lines, deleted passages.

use yuelan::model::Span;
use yuelan::notes::anchor::CONTEXT_CHARS;
use yuelan::notes::{Anchor, Haystack, How};

#[path = "common/shared.rs"]
mod shared;

fn seed() -> Option<String> {
    shared::seed_text()
}

const REPORT: &str = "\
二〇二五年工作回顾

一、主要成绩
全年完成固定资产投资1200亿元，同比增长8.5%。新建学校十二所，新增学位两万个。
社区养老服务中心覆盖全部街道，老年人助餐点达到三百个。

二、存在问题
部分项目进度滞后，资金到位率不高。社区养老服务中心的专业人员仍然不足。

三、明年打算
继续推进重大项目建设，力争完成固定资产投资1300亿元。
";

/// Code-point spans of `len` chars every `step` chars, skipping any that
/// start or end on a line break (a reader selects within a paragraph).
fn probes(text: &str, step: usize, len: usize) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len().saturating_sub(len))
        .step_by(step)
        .filter(|&s| !chars[s..s + len].contains(&'\n'))
        .map(|s| (s, s + len))
        .collect()
}

/// Inserts a paragraph at the top and replaces one char in the middle; every
/// anchor away from the changed char must come back at the same text,
/// shifted by the insertion.
fn check_insert_and_change(text: &str) {
    let hay = Haystack::new(text);
    let chars: Vec<char> = text.chars().collect();
    let mid = chars.len() / 2;
    let insert = "编者按：本文根据现场记录整理，略有删节。\n\n";
    let shift = insert.chars().count();
    let mut edited_chars = chars.clone();
    edited_chars[mid] = if chars[mid] == '※' { '＊' } else { '※' };
    let edited: String = insert.chars().chain(edited_chars).collect();
    let new_hay = Haystack::new(&edited);

    let mut checked = 0;
    let n = chars.len();
    for (len, step) in [(2, n / 50), (5, n / 40), (20, n / 30)] {
        let step = step.max(3);
        for (s, e) in probes(text, step, len) {
            let anchor = Anchor::at_cp(&hay, s, e);
            if e + CONTEXT_CHARS >= mid && s <= mid + CONTEXT_CHARS {
                continue; // its own context was edited: covered elsewhere
            }
            let at = anchor
                .resolve(&new_hay)
                .unwrap_or_else(|| panic!("{:?} at {s} orphaned", anchor.exact));
            assert_eq!(
                at.cp,
                (s + shift, e + shift),
                "{:?} re-attached at the wrong place",
                anchor.exact
            );
            assert_eq!(at.span.text(&edited), anchor.exact);
            checked += 1;
        }
    }
    assert!(checked > 10, "only {checked} probes");
}

#[test]
fn seed_anchors_survive_an_inserted_paragraph_and_a_changed_char() {
    if let Some(text) = seed() {
        check_insert_and_change(&text);
    }
}

#[test]
fn report_anchors_survive_an_inserted_paragraph_and_a_changed_char() {
    check_insert_and_change(REPORT);
}

#[test]
fn anchors_with_changed_context_still_attach() {
    // the words right before the quote change, the quote and what follows stay
    let text = REPORT;
    let hay = Haystack::new(text);
    let s = text.find("社区养老服务中心的").unwrap_or(0);
    let a = Anchor::new(text, Span::new(s, s + "社区养老服务中心".len()));
    let edited = text.replace("资金到位率不高。", "资金到位较慢。");
    let at = a.resolve(&Haystack::new(&edited));
    let want = edited.find("社区养老服务中心的").unwrap_or(0);
    assert_eq!(
        at.map(|x| x.span.start),
        Some(want),
        "the second occurrence, not the first"
    );
    assert_eq!(at.map(|x| x.how), Some(How::Moved));
    assert!(a.resolve(&hay).is_some_and(|x| x.how == How::Exact));
}

#[test]
fn rewrapped_quote_is_found_fuzzily() {
    // a hard-wrapped source re-wrapped: a line break now falls inside the quote
    let text = "明年的重点是继续推进重大项目建设，力争完成固定资产投资一千三百亿元。\n此外还要办好民生实事。";
    let quote = "继续推进重大项目建设，力争完成固定资产投资";
    let s = text.find(quote).unwrap_or(0);
    let a = Anchor::new(text, Span::new(s, s + quote.len()));
    let edited = "新的一年，经研究决定，明年的重点是继续推进重大项目\n建设，力争完成固定资产投资一千三百亿元，此外还要办好民生实事。";
    let at = a
        .resolve(&Haystack::new(edited))
        .unwrap_or_else(|| panic!("orphaned"));
    assert_eq!(
        at.span.text(edited),
        "继续推进重大项目\n建设，力争完成固定资产投资"
    );
    assert!(matches!(at.how, How::Edited | How::Fuzzy));
}

#[test]
fn short_quote_whose_passage_was_deleted_does_not_jump() {
    // "投资" occurs three times; the noted one is in a deleted line
    let text = REPORT;
    let line = "继续推进重大项目建设，力争完成固定资产投资1300亿元。\n";
    let s = text.find(line).unwrap_or(0) + line.find("投资").unwrap_or(0);
    let a = Anchor::new(text, Span::new(s, s + "投资".len()));
    let edited = text.replace(line, "");
    assert!(edited.contains("投资"));
    assert_eq!(a.resolve(&Haystack::new(&edited)), None);
}

#[test]
fn seed_note_in_a_deleted_paragraph_is_orphaned() {
    let Some(text) = seed() else {
        return;
    };
    // the longest paragraph, and a quote from its middle that occurs once
    let para = text
        .split('\n')
        .max_by_key(|p| p.chars().count())
        .unwrap_or("");
    let chars: Vec<char> = para.chars().collect();
    let quote: String = chars[chars.len() / 2..chars.len() / 2 + 6].iter().collect();
    assert_eq!(text.matches(quote.as_str()).count(), 1, "{quote}");
    let s = text.find(quote.as_str()).unwrap_or(0);
    let a = Anchor::new(&text, Span::new(s, s + quote.len()));
    let edited = text.replacen(para, "", 1);
    assert_eq!(a.resolve(&Haystack::new(&edited)), None, "{quote}");
}

#[test]
fn anchors_count_non_bmp_chars_once() {
    let text = "𠀀𠀁文字😀标记之后";
    let s = text.find("标记").unwrap_or(0);
    let a = Anchor::new(text, Span::new(s, s + "标记".len()));
    assert_eq!((a.start, a.end), (5, 7));
    let edited = format!("🎉{text}");
    let at = a.resolve(&Haystack::new(&edited));
    assert_eq!(at.map(|x| x.cp), Some((6, 8)));
}
