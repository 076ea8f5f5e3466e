//! Sentence splitting.
//!
//! A sentence ends after 。！？ (and ｡), after an ellipsis (…… or …, ...),
//! after ASCII `!` `?` unless a letter or digit follows (URLs, brand names),
//! and after an ASCII `.` or `．` only when it is clearly sentence-final in
//! Chinese text: a Han character before it and no letter or digit after it
//! (so never inside 6904.35, 1.5 or a `1.` list marker). Closing quotes and
//! brackets after the end mark stay with their sentence; a comma-like mark
//! after them (，、；：) means the sentence goes on, and so does a short
//! attribution after a closing quote (“……。”他说。 is one sentence).

use super::lines::is_space;
use crate::model::Span;

/// Closing quotes and brackets that belong to the sentence before them.
pub fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '」' | '』' | '）' | ')' | '】' | '》' | '〉' | '］' | ']' | '"' | '\'' | '〕'
    )
}

fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{3134F}' | '\u{F900}'..='\u{FAFF}')
}

/// Marks after which a sentence does not end even after an end mark.
fn continues_sentence(c: char) -> bool {
    matches!(c, '，' | '、' | '；' | '：' | ',' | ';' | ':')
}

fn is_ellipsis(c: char) -> bool {
    matches!(c, '…' | '⋯')
}

/// Verbs of saying that attribute a quotation to its speaker.
const SPEECH_VERBS: [&str; 14] = [
    "说", "表示", "介绍", "指出", "认为", "告诉", "问道", "答道", "强调", "坦言", "透露", "回忆",
    "感叹", "称",
];

/// Longest attribution after a quotation (…”他说。), in characters.
const MAX_ATTRIBUTION_CHARS: usize = 20;

/// Whether the text from `chars[j]` is a short attribution (苏晓棠笑着说，
/// 市委组织部副部长郑健麟说。) that belongs with the quotation before it:
/// a verb of saying before the next end mark, within a few characters.
fn attribution_follows(chars: &[(usize, char)], j: usize) -> bool {
    let mut clause = String::new();
    for &(_, c) in chars.iter().skip(j).take(MAX_ATTRIBUTION_CHARS + 1) {
        if matches!(
            c,
            '。' | '！' | '？' | '!' | '?' | '“' | '「' | '，' | ',' | '：'
        ) {
            break;
        }
        clause.push(c);
    }
    clause.chars().count() <= MAX_ATTRIBUTION_CHARS
        && !clause.is_empty()
        && SPEECH_VERBS.iter().any(|v| clause.contains(v))
}

/// Byte length of the end mark starting at `chars[i]`, if it ends a sentence
/// (before absorbing closers).
fn end_mark(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let c = chars[i].1;
    let next = chars.get(i + 1).map(|&(_, c)| c);
    match c {
        '。' | '！' | '？' | '｡' => Some(i + 1),
        '!' | '?' => match next {
            Some(n) if n.is_ascii_alphanumeric() => None,
            _ => Some(i + 1),
        },
        c if is_ellipsis(c) => {
            let mut j = i;
            while j < chars.len() && is_ellipsis(chars[j].1) {
                j += 1;
            }
            Some(j)
        }
        '.' | '．' => {
            // "..." / "．．．" as an ellipsis.
            let mut j = i;
            while j < chars.len() && matches!(chars[j].1, '.' | '．') {
                j += 1;
            }
            if j - i >= 3 {
                return Some(j);
            }
            if j - i > 1 {
                return None;
            }
            let prev = i.checked_sub(1).map(|p| chars[p].1);
            let prev_ok = prev.is_some_and(|p| is_han(p) || matches!(p, '”' | '」' | '）'));
            let next_ok = match next {
                None => true,
                Some(n) => is_space(n) || is_han(n) || matches!(n, '“' | '「' | '（' | '《'),
            };
            (prev_ok && next_ok).then_some(i + 1)
        }
        _ => None,
    }
}

/// Splits the paragraph `span` of `text` into sentence spans (absolute byte
/// offsets, trimmed of space, never empty).
pub fn split_sentences(text: &str, span: Span) -> Vec<Span> {
    let s = span.text(text);
    let base = span.start;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0usize; // char index where the current sentence starts
    let mut i = 0usize;
    let byte_at = |k: usize| chars.get(k).map_or(s.len(), |&(b, _)| b);
    while i < chars.len() {
        let Some(mut j) = end_mark(&chars, i) else {
            i += 1;
            continue;
        };
        // Further end marks and closers belong to this sentence: ？！ ”）
        while j < chars.len() {
            let c = chars[j].1;
            if is_closer(c) || matches!(c, '。' | '！' | '？' | '!' | '?' | '｡') || is_ellipsis(c)
            {
                j += 1;
            } else {
                break;
            }
        }
        let quoted = chars[i + 1..j]
            .iter()
            .any(|&(_, c)| matches!(c, '”' | '」' | '』' | '"'));
        if chars.get(j).is_some_and(|&(_, c)| continues_sentence(c))
            || (quoted && attribution_follows(&chars, j))
        {
            i = j;
            continue;
        }
        push_trimmed(&mut out, s, base, byte_at(start), byte_at(j));
        start = j;
        i = j;
    }
    push_trimmed(&mut out, s, base, byte_at(start), s.len());
    out
}

/// The span `span` of `text` cut into pieces of at most `max` bytes
/// (a paragraph for the analyses that read one at a time: a text with
/// no line breaks, or a list thousands of names long, is one paragraph,
/// and their memory and some of their passes grow with its length, not
/// with the text's). Each cut is the last one in reach of its kind,
/// best first: after a sentence's end mark (。！？!? …, with the closers
/// after it), after a clause mark (，、；：,;:), after a space, else at a
/// character boundary. The pieces are contiguous and cover the span;
/// a span of at most `max` bytes is its own piece.
pub fn bounded_pieces(text: &str, span: Span, max: usize) -> Vec<Span> {
    let Some(s) = text.get(span.range()) else {
        return vec![span];
    };
    let max = max.max(8);
    let mut out = Vec::with_capacity(s.len() / max + 1);
    let mut start = 0;
    while s.len() - start > max {
        let reach = crate::text::floor_boundary(s, start + max);
        let window = &s[start..reach];
        let after = |at: Option<(usize, char)>| at.map(|(i, c)| start + i + c.len_utf8());
        let last = |f: fn(char) -> bool| after(window.char_indices().rev().find(|&(_, c)| f(c)));
        let cut = last(|c| matches!(c, '。' | '！' | '？' | '｡' | '!' | '?' | '…' | '⋯'))
            .map(|mut at| {
                // The closers after the end mark stay with its sentence.
                while let Some(c) = s[at..reach].chars().next().filter(|&c| is_closer(c)) {
                    at += c.len_utf8();
                }
                at
            })
            .or_else(|| last(continues_sentence))
            .or_else(|| last(is_space))
            .filter(|&at| at > start)
            .unwrap_or(reach);
        out.push(Span::new(span.start + start, span.start + cut));
        start = cut;
    }
    if start < s.len() || out.is_empty() {
        out.push(Span::new(span.start + start, span.end));
    }
    out
}

fn push_trimmed(out: &mut Vec<Span>, s: &str, base: usize, a: usize, b: usize) {
    let piece = &s[a..b];
    let t = piece.trim_start_matches(is_space);
    let start = a + (piece.len() - t.len());
    let t = t.trim_end_matches(is_space);
    if !t.is_empty() {
        out.push(Span::new(base + start, base + start + t.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<&str> {
        split_sentences(s, Span::new(0, s.len()))
            .into_iter()
            .map(|sp| sp.text(s))
            .collect()
    }

    /// The pieces' texts, checked to cover the span in order and to be no
    /// longer than `max`.
    fn pieces(s: &str, max: usize) -> Vec<&str> {
        let spans = bounded_pieces(s, Span::new(0, s.len()), max);
        let mut at = 0;
        for p in &spans {
            assert_eq!(p.start, at, "contiguous");
            assert!(
                p.end - p.start <= max,
                "{} bytes over {max}",
                p.end - p.start
            );
            at = p.end;
        }
        assert_eq!(at, s.len(), "covers the span");
        spans.into_iter().map(|p| p.text(s)).collect()
    }

    #[test]
    fn long_spans_are_cut_at_the_best_break_in_reach() {
        // Short enough: one piece, whatever it holds.
        assert_eq!(pieces("第一句。第二句，", 64), ["第一句。第二句，"]);
        // At the last sentence end in reach, its closing quote kept.
        assert_eq!(
            pieces("他说：“好。”大家同意，会议结束。", 30),
            ["他说：“好。”", "大家同意，会议结束。"]
        );
        // No sentence end in reach: at a clause mark, then at a space.
        assert_eq!(
            pieces("张三、李四、王五、赵六", 18),
            ["张三、李四、", "王五、赵六"]
        );
        assert_eq!(pieces("hello world again", 12), ["hello world ", "again"]);
        // Nothing to cut at: at a character boundary, never inside one.
        assert_eq!(pieces("中文中文中文", 8), ["中文", "中文", "中文"]);
        // Offsets are the text's own, not the span's.
        let text = "前言。甲乙丙丁。戊己庚辛。";
        let spans = bounded_pieces(text, Span::new(9, text.len()), 16);
        let got: Vec<&str> = spans.iter().map(|p| p.text(text)).collect();
        assert_eq!(got, ["甲乙丙丁。", "戊己庚辛。"]);
    }

    #[test]
    fn chinese_end_marks() {
        assert_eq!(
            split("第一句。第二句！第三句？"),
            ["第一句。", "第二句！", "第三句？"]
        );
    }

    #[test]
    fn closing_quotes_stay() {
        assert_eq!(
            split("“我们要做好。”我们都同意。「好！」她答道。"),
            ["“我们要做好。”", "我们都同意。", "「好！」她答道。"]
        );
    }

    #[test]
    fn attribution_stays_with_its_quote() {
        assert_eq!(
            split("“发展很快。”市委组织部副部长郑健麟说。下一句。"),
            ["“发展很快。”市委组织部副部长郑健麟说。", "下一句。"]
        );
        assert_eq!(
            split("“只有十几个人。”她笑着说，“现在上万人！”记者看到了。"),
            ["“只有十几个人。”她笑着说，“现在上万人！”", "记者看到了。"]
        );
        // A long clause after the quote is a sentence of its own.
        assert_eq!(
            split("“好。”会议结束以后大家都在讨论这件事情到底应该怎么说。"),
            ["“好。”", "会议结束以后大家都在讨论这件事情到底应该怎么说。"]
        );
    }

    #[test]
    fn quote_then_comma_goes_on() {
        assert_eq!(split("他说“好。”，然后走了。"), ["他说“好。”，然后走了。"]);
    }

    #[test]
    fn ellipsis() {
        assert_eq!(
            split("工作上……上海微盟很好。"),
            ["工作上……", "上海微盟很好。"]
        );
        assert_eq!(split("等等……，还有。"), ["等等……，还有。"]);
        assert_eq!(split("他说...然后走了"), ["他说...", "然后走了"]);
    }

    #[test]
    fn ascii_marks() {
        assert_eq!(split("真的吗?当然!好"), ["真的吗?", "当然!", "好"]);
        assert_eq!(split("访问Yahoo!Mail看看"), ["访问Yahoo!Mail看看"]);
        assert_eq!(
            split("收入6904.35亿元.增长14.1%。"),
            ["收入6904.35亿元.", "增长14.1%。"]
        );
        assert_eq!(
            split("1. 设立基金。2.扩大采购。"),
            ["1. 设立基金。", "2.扩大采购。"]
        );
        assert_eq!(split("见 U.S. 报道"), ["见 U.S. 报道"]);
    }

    #[test]
    fn spaces_trimmed() {
        let s = "　甲。  乙。 ";
        assert_eq!(split(s), ["甲。", "乙。"]);
    }
}
