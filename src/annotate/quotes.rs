//! The quotes layer: direct speech in “…” / 「…」 / 『…』 (label `QUOTE`)
//! with its speaker when the text names one, and short quoted phrases
//! (“红色种子”, “85后”, “双创”) as `TERM`.
//!
//! A quotation is speech when it reads like a sentence (it holds clause
//! punctuation, or is long), or when a verb of saying introduces it
//! (说：“好。”). Speakers are found by two patterns:
//! - after: `“…”XX说` / `“…，”XX表示` — the words between the closing mark
//!   and a verb of saying;
//! - before: `XX说：“…”` / `XX表示，“…”` / `据XX介绍，“…”` / `XX…：“…”`.
//!
//! The speaker span is the PER (else ORG) entity inside those words when the
//! entities layer found one (`speaker_id` links to it); otherwise a rule
//! takes the name after a title word (副部长郑健麟 → 郑健麟), or the words
//! themselves when short (他, 外婆).
//!
//! attrs: `speaker` ({start, end}), `speaker_text`, `speaker_id` (when
//! linked), `pattern` (`after` | `before`), `content` ({start, end}: inside
//! the marks).

use super::Context;
use super::charset::CharSet;
use crate::model::{Annotation, Layer, Span, Token};
use std::sync::LazyLock;

const OPEN: [char; 3] = ['“', '「', '『'];
const CLOSE: [char; 3] = ['”', '」', '』'];

/// Verbs of saying, longest first.
const SAY_VERBS: &[&str] = &[
    "告诉记者",
    "介绍说",
    "笑着说",
    "表示",
    "指出",
    "认为",
    "介绍",
    "强调",
    "坦言",
    "透露",
    "说道",
    "提到",
    "回忆",
    "感慨",
    "解释",
    "补充",
    "直言",
    "笑言",
    "谈到",
    "呼吁",
    "坦承",
    "承认",
    "说明",
    "总结",
    "答道",
    "回答",
    "写道",
    "感叹",
    "称",
    "说",
    "问",
    "道",
];

/// The first characters of [`SAY_VERBS`].
static SAY_FIRST: LazyLock<CharSet> =
    LazyLock::new(|| CharSet::new(SAY_VERBS.iter().filter_map(|v| v.chars().next())));

/// Title and role words after which a name follows (副部长郑健麟).
const TITLES: &[&str] = &[
    "董事长",
    "总经理",
    "总编辑",
    "秘书长",
    "理事长",
    "副总裁",
    "负责人",
    "创始人",
    "发言人",
    "研究员",
    "工程师",
    "合伙人",
    "传承人",
    "部长",
    "书记",
    "主任",
    "主席",
    "局长",
    "处长",
    "科长",
    "厅长",
    "司长",
    "市长",
    "省长",
    "县长",
    "区长",
    "镇长",
    "乡长",
    "村长",
    "校长",
    "院长",
    "所长",
    "会长",
    "社长",
    "台长",
    "站长",
    "馆长",
    "行长",
    "队长",
    "总裁",
    "经理",
    "总监",
    "主编",
    "记者",
    "教授",
    "专家",
    "委员",
    "常委",
    "代表",
    "医生",
    "律师",
    "老师",
    "主管",
    "CEO",
    "董事",
    "店主",
    "站长",
];

/// The first characters of [`TITLES`].
static TITLE_FIRST: LazyLock<CharSet> =
    LazyLock::new(|| CharSet::new(TITLES.iter().filter_map(|t| t.chars().next())));

/// Words between a speaker and the verb (郑健麟笑着说, 他对记者说).
const ADVERBIALS: &[&str] = &[
    "对记者",
    "向记者",
    "告诉记者",
    "在会上",
    "笑着",
    "坦率地",
    "动情地",
    "深有感触地",
    "也",
    "还",
    "则",
    "都",
    "又",
    "曾",
    "更",
    "常",
    "总",
];

/// Quotation marks found in the text: (open, close) byte offsets of the marks.
pub fn find_pairs(text: &str) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut stack: Vec<(usize, usize)> = Vec::new(); // (kind, offset)
    let bytes = text.as_bytes();
    // A scan of bytes, not characters, 16 at a time: most runs of 16 hold
    // neither a line break nor a mark, which one (vectorised) test tells.
    let mut i = 0;
    while i < bytes.len() {
        let end = (i + CHUNK).min(bytes.len());
        if end - i == CHUNK && !may_hold_mark(&bytes[i..(end + 2).min(bytes.len())]) {
            i = end;
            continue;
        }
        for (at, &b) in bytes.iter().enumerate().take(end).skip(i) {
            let c = match b {
                b'\n' => {
                    stack.clear();
                    continue;
                }
                0xE2 | 0xE3 => match text.get(at..at + 3).and_then(|s| s.chars().next()) {
                    Some(c) => c,
                    None => continue,
                },
                _ => continue,
            };
            if let Some(k) = OPEN.iter().position(|&o| o == c) {
                stack.push((k, at));
            } else if let Some(k) = CLOSE.iter().position(|&o| o == c) {
                // Close the innermost open mark of the same kind.
                if let Some(p) = stack.iter().rposition(|&(kind, _)| kind == k) {
                    let (_, open) = stack[p];
                    stack.truncate(p);
                    pairs.push((open, at));
                }
            }
        }
        i = end;
    }
    pairs.sort_unstable();
    pairs
}

/// The bytes [`find_pairs`] tests at once.
const CHUNK: usize = 16;

/// Whether a line break or a mark may start among the first [`CHUNK`]
/// bytes of `w` (which holds two more when the text does): the marks are
/// E2 80 9C/9D (“ ”) and E3 80 8C–8F (「 」 『 』); the test is on the
/// first and third bytes, which tells them from 。、《》 (E3 80 82, 81, 8A,
/// 8B). The last two bytes of the text are let through.
fn may_hold_mark(w: &[u8]) -> bool {
    let mut first = [0u8; CHUNK];
    let mut third = [0u8; CHUNK];
    first.copy_from_slice(&w[..CHUNK]);
    let tail = &w[2..];
    if tail.len() < CHUNK {
        return true;
    }
    third.copy_from_slice(&tail[..CHUNK]);
    // Without branches (`&`, `|`), so that the compiler vectorises it.
    first.iter().zip(&third).fold(false, |hit, (&a, &c)| {
        hit | (a == b'\n')
            | ((a == 0xE2) & ((c & 0xFE) == 0x9C))
            | ((a == 0xE3) & ((c & 0xFC) == 0x8C))
    })
}

/// Whether the quoted content reads like speech rather than a term.
fn reads_like_speech(content: &str) -> bool {
    content.chars().count() > 20
        || content.chars().any(|c| {
            matches!(
                c,
                '，' | '。' | '！' | '？' | '；' | '：' | ',' | '!' | '?' | ';' | '…'
            )
        })
}

/// A speaker found for a quote: the words naming them and how they were found.
#[derive(Debug, Clone, PartialEq)]
pub struct Speaker {
    pub span: Span,
    pub entity: Option<usize>,
    pub pattern: &'static str,
}

pub fn annotate(ctx: &Context) -> Vec<Annotation> {
    find(&ctx.doc.text, ctx.tokens, ctx.annotations)
}

/// Quotes and terms in `text`; `tokens` and `annotations` (the entities) may
/// be empty.
pub fn find(text: &str, tokens: &[Token], annotations: &[Annotation]) -> Vec<Annotation> {
    let entities = Entities::new(annotations);
    let mut words = Words {
        all: tokens,
        open: 0,
        window: std::cell::Cell::new((0, 0)),
        placed: std::cell::Cell::new(false),
    };
    let mut out = Vec::new();
    for (open, close) in find_pairs(text) {
        let close_end = close + text[close..].chars().next().map_or(0, char::len_utf8);
        let content = Span::new(
            open + text[open..].chars().next().map_or(0, char::len_utf8),
            close,
        );
        if content.is_empty() {
            continue;
        }
        let span = Span::new(open, close_end);
        let speech = reads_like_speech(content.text(text));
        let speaker = if speech || introduced_by_saying(text, open) {
            words.move_to(open);
            find_speaker(text, open, close_end, &words, &entities)
        } else {
            None
        };
        if !speech && speaker.is_none() {
            out.push(
                Annotation::new(Layer::Quotes, "TERM", span)
                    .with("content", content)
                    .with("term", content.text(text).to_string()),
            );
            continue;
        }
        let mut a = Annotation::new(Layer::Quotes, "QUOTE", span).with("content", content);
        if let Some(s) = speaker {
            a = a
                .with("speaker", s.span)
                .with("speaker_text", s.span.text(text).to_string())
                .with("pattern", s.pattern);
            if let Some(id) = s.entity {
                a = a.with("speaker_id", id);
            }
        }
        out.push(a);
    }
    out
}

/// 说：“…” — a verb of saying right before the opening mark.
fn introduced_by_saying(text: &str, open: usize) -> bool {
    let before = text[..open].trim_end_matches([':', '：', ',', '，']);
    before.len() < text[..open].len() && SAY_VERBS.iter().any(|v| before.ends_with(v))
}

fn is_boundary(c: char) -> bool {
    matches!(
        c,
        '。' | '！'
            | '？'
            | '；'
            | '!'
            | '?'
            | ';'
            | '\n'
            | '“'
            | '”'
            | '「'
            | '」'
            | '『'
            | '』'
            | '，'
            | ','
            | '：'
            | ':'
    )
}

/// Finds the speaker of the quote `open..close_end`: after it first, then
/// before it.
pub fn find_speaker(
    text: &str,
    open: usize,
    close_end: usize,
    tokens: &Words,
    entities: &Entities,
) -> Option<Speaker> {
    after(text, close_end, tokens, entities).or_else(|| before(text, open, tokens, entities))
}

/// `“…”XX说`: words from the closing mark to a verb of saying.
fn after(text: &str, close_end: usize, tokens: &Words, entities: &Entities) -> Option<Speaker> {
    let mut start = close_end;
    // “…，”他说 / “…”，他说
    for p in [',', '，'] {
        if text[start..].starts_with(p) {
            start += p.len_utf8();
        }
    }
    let rest = &text[start..];
    let mut limit = rest.len();
    for (n, (i, c)) in rest.char_indices().enumerate() {
        if is_boundary(c) || n > 30 {
            limit = i;
            break;
        }
    }
    let clause = &rest[..limit];
    let verb_at = first_verb(clause, start, tokens)?;
    let phrase = Span::new(start, start + verb_at);
    name_in(text, phrase, entities, true).map(|(span, entity)| Speaker {
        span,
        entity,
        pattern: "after",
    })
}

/// `XX说：“…”` / `据XX介绍，“…”` / `XX…：“…”`.
fn before(text: &str, open: usize, tokens: &Words, entities: &Entities) -> Option<Speaker> {
    let head = &text[..open];
    let trimmed = head.trim_end_matches([' ', '\u{3000}']);
    let (mark, clause_end) = match trimmed.chars().next_back()? {
        c @ (':' | '：' | ',' | '，') => (c, trimmed.len() - c.len_utf8()),
        _ => return None,
    };
    let clause_start = text[..clause_end]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_boundary(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let clause = &text[clause_start..clause_end];
    let clause = clause.strip_prefix('据').unwrap_or(clause);
    let cstart = clause_end - clause.len();
    let verb = SAY_VERBS.iter().find(|v| clause.ends_with(*v));
    let phrase = match verb {
        Some(v) if tokens.all.is_empty() || ends_word(tokens, clause_end) => {
            Span::new(cstart, clause_end - v.len())
        }
        // A colon without a verb of saying: the clause's subject speaks
        // (杨颖婷对党员骨干如数家珍：“…”) — only a named entity will do.
        _ if matches!(mark, ':' | '：') => {
            let clause_span = Span::new(cstart, clause_end);
            return near(entities, clause_span)
                .iter()
                .find(|e| e.label == "PER" && clause_span.contains(&e.span))
                .map(|e| Speaker {
                    span: e.span,
                    entity: Some(e.id),
                    pattern: "before",
                });
        }
        _ => return None,
    };
    name_in(text, phrase, entities, false).map(|(span, entity)| Speaker {
        span,
        entity,
        pattern: "before",
    })
}

fn ends_word(tokens: &Words, pos: usize) -> bool {
    let i = tokens.partition_point(|t| t.span.end < pos);
    tokens.all.get(i).is_some_and(|t| t.span.end == pos)
}

/// The byte offset (within `clause`) of the first verb of saying that is a
/// word of its own (说 but not 说法).
fn first_verb(clause: &str, base: usize, tokens: &Words) -> Option<usize> {
    for (i, c) in clause.char_indices() {
        // Most characters start no verb: one test of the character first.
        if !SAY_FIRST.contains(c) {
            continue;
        }
        for v in SAY_VERBS {
            if !clause[i..].starts_with(v) {
                continue;
            }
            if tokens.all.is_empty() || is_word(tokens, base + i, base + i + v.len()) {
                return Some(i);
            }
        }
    }
    None
}

/// Whether `start..end` is covered by whole tokens (说 alone, or 介绍说 as
/// 介绍 + 说).
fn is_word(tokens: &Words, start: usize, end: usize) -> bool {
    let i = tokens.partition_point(|t| t.span.start < start);
    let starts = tokens.all.get(i).is_some_and(|t| t.span.start == start);
    starts && ends_word(tokens, end)
}

/// The PER and ORG entities by start, and their starts in a list of their
/// own, which the binary searches read instead of the annotations.
pub struct Entities<'a> {
    list: Vec<&'a Annotation>,
    starts: Vec<usize>,
}

impl<'a> Entities<'a> {
    fn new(annotations: &'a [Annotation]) -> Self {
        let mut list: Vec<&Annotation> = annotations
            .iter()
            .filter(|a| a.layer == Layer::Entities && (a.label == "PER" || a.label == "ORG"))
            .collect();
        // By position (the pipeline's order already; a stable sort keeps it).
        list.sort_by_key(|e| e.span.start);
        let starts = list.iter().map(|e| e.span.start).collect();
        Entities { list, starts }
    }
}

/// The entities that may lie inside `span` (those starting within it), in
/// their order.
fn near<'e, 'a>(entities: &'e Entities<'a>, span: Span) -> &'e [&'a Annotation] {
    let from = entities.starts.partition_point(|&s| s < span.start);
    let to = entities.starts.partition_point(|&s| s <= span.end);
    &entities.list[from..to.max(from)]
}

/// The document's tokens with a window of them around the quote at hand:
/// a search whose answer lies in the window (checked on the tokens at
/// either side of it) searches only the window, a few neighbouring tokens,
/// not the whole long list with a cache miss at every step.
pub struct Words<'t> {
    all: &'t [Token],
    /// The quote's opening mark.
    open: usize,
    /// The window, `start..end`, and whether it is placed for `open`.
    window: std::cell::Cell<(usize, usize)>,
    placed: std::cell::Cell<bool>,
}

impl Words<'_> {
    /// Tokens in the window: from about this many bytes before the quote.
    const BEFORE: usize = 256;
    /// The window's length in tokens.
    const LEN: usize = 160;

    /// Moves the window to the quote opening at `open`; the window is
    /// placed when first searched (many quotes need no search).
    fn move_to(&mut self, open: usize) {
        self.open = open;
        self.placed.set(false);
    }

    /// Places the window (quotes come in text order, so the new place is
    /// sought from the last one's on).
    fn place(&self) -> std::ops::Range<usize> {
        let window = self.window.get();
        if self.placed.get() {
            return window.0..window.1;
        }
        let target = self.open.saturating_sub(Self::BEFORE);
        let from = window.0;
        let from = if self.all.get(from).is_some_and(|t| t.span.start < target) {
            from
        } else {
            0
        };
        let lo = from + gallop(&self.all[from..], |t| t.span.start < target);
        let hi = (lo + Self::LEN).min(self.all.len());
        self.window.set((lo, hi));
        self.placed.set(true);
        lo..hi
    }

    /// `partition_point` over all the tokens (`pred` true, then false).
    fn partition_point(&self, pred: impl Fn(&Token) -> bool) -> usize {
        let std::ops::Range { start, end } = self.place();
        let after_start = start == 0 || pred(&self.all[start - 1]);
        let before_end = self.all.get(end).is_none_or(|t| !pred(t));
        if after_start && before_end {
            start + self.all[start..end].partition_point(pred)
        } else {
            self.all.partition_point(pred)
        }
    }
}

/// `partition_point` that looks near the front first: probes 1, 2, 4, …
/// elements in, then binary-searches the last gap.
fn gallop<T>(v: &[T], pred: impl Fn(&T) -> bool) -> usize {
    let mut lo = 0;
    let mut step = 1;
    while lo + step < v.len() && pred(&v[lo + step]) {
        lo += step;
        step *= 2;
    }
    let hi = (lo + step).min(v.len());
    lo + v[lo..hi].partition_point(pred)
}

/// The speaker inside `phrase`: an entity, or a name after a title, or the
/// phrase itself when short.
fn name_in(
    text: &str,
    phrase: Span,
    entities: &Entities,
    prefer_last: bool,
) -> Option<(Span, Option<usize>)> {
    if phrase.is_empty() {
        return None;
    }
    let pick = |label: &str| {
        let mut it = near(entities, phrase)
            .iter()
            .filter(|e| e.label == label && phrase.contains(&e.span));
        if prefer_last {
            it.next_back()
        } else {
            it.next()
        }
    };
    if let Some(e) = pick("PER").or_else(|| pick("ORG")) {
        return Some((e.span, Some(e.id)));
    }
    // Drop adverbials between the speaker and the verb.
    let mut end = phrase.end;
    loop {
        let s = &text[phrase.start..end];
        match ADVERBIALS
            .iter()
            .find(|a| s.ends_with(*a) && s.len() > a.len())
        {
            Some(a) => end -= a.len(),
            None => break,
        }
    }
    let s = &text[phrase.start..end];
    // 副部长郑健麟 → 郑健麟: the name after the last title word.
    let title_end = title_end(s);
    if let Some(te) = title_end {
        let name = &s[te..];
        let n = name.chars().count();
        if (2..=4).contains(&n) && name.chars().all(is_han) {
            return Some((Span::new(phrase.start + te, end), None));
        }
    }
    let n = s.chars().count();
    (1..=15)
        .contains(&n)
        .then(|| (Span::new(phrase.start, end), None))
}

/// Where the last title word in `s` ends (the greatest end of any).
fn title_end(s: &str) -> Option<usize> {
    let mut end = None;
    for (i, c) in s.char_indices() {
        // Most characters start no title: one test of the character first.
        if !TITLE_FIRST.contains(c) {
            continue;
        }
        for t in TITLES {
            if s[i..].starts_with(t) {
                end = end.max(Some(i + t.len()));
            }
        }
    }
    end
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3ffff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (label, quoted text, speaker) without tokens or entities.
    fn run(text: &str) -> Vec<(String, String, Option<String>)> {
        find(text, &[], &[])
            .into_iter()
            .map(|a| {
                (
                    a.label.to_string(),
                    a.span.text(text).to_string(),
                    a.attr_str("speaker_text").map(str::to_string),
                )
            })
            .collect()
    }

    fn q(l: &str, t: &str, s: Option<&str>) -> (String, String, Option<String>) {
        (l.to_string(), t.to_string(), s.map(str::to_string))
    }

    #[test]
    fn speaker_after_the_quote() {
        assert_eq!(
            run("“我们要坚持下去，这是方向。”市委组织部副部长王立新说。"),
            vec![q("QUOTE", "“我们要坚持下去，这是方向。”", Some("王立新"))]
        );
        assert_eq!(
            run("“以前只管种，现在得讲故事。”协会会长林秀芬表示，品牌化以后。"),
            vec![q("QUOTE", "“以前只管种，现在得讲故事。”", Some("林秀芬"))]
        );
    }

    #[test]
    fn speaker_before_the_quote() {
        assert_eq!(
            run("外婆常说：「一针一线都要对得起看它的人。」"),
            vec![q("QUOTE", "「一针一线都要对得起看它的人。」", Some("外婆"))]
        );
        assert_eq!(
            run("据负责人介绍，“今年订单翻了一番。”"),
            vec![q("QUOTE", "“今年订单翻了一番。”", Some("负责人"))]
        );
        assert_eq!(run("他说：“好”"), vec![q("QUOTE", "“好”", Some("他"))]);
    }

    #[test]
    fn short_phrases_are_terms() {
        assert_eq!(
            run("播下“红色种子”，让“85后”“90后”参与“双创”。"),
            vec![
                q("TERM", "“红色种子”", None),
                q("TERM", "“85后”", None),
                q("TERM", "“90后”", None),
                q("TERM", "“双创”", None),
            ]
        );
    }

    #[test]
    fn unattributed_speech() {
        assert_eq!(
            run("“与传统企业有很大区别，这是源头。”在昨天召开的座谈会上，不少与会者深有同感。"),
            vec![q("QUOTE", "“与传统企业有很大区别，这是源头。”", None)]
        );
    }

    #[test]
    fn the_last_title_word_ends_the_title() {
        assert_eq!(title_end("协会会长林秀芬"), Some("协会会长".len()));
        assert_eq!(title_end("副部长郑健麟"), Some("副部长".len()));
        assert_eq!(title_end("外婆"), None);
    }

    #[test]
    fn nested_and_unbalanced_marks() {
        let pairs = find_pairs("「他说『好』。」“未闭合\n下一行”");
        assert_eq!(pairs.len(), 2);
    }

    #[test]
    fn speaker_links_to_the_entity() {
        let text = "“要坚持下去，这是方向。”市委组织部副部长王立新说。";
        let at = |w: &str| text.find(w).unwrap_or(0);
        let mut org = Annotation::new(Layer::Entities, "ORG", Span::new(at("市委"), at("副部长")));
        org.id = 3;
        let mut per = Annotation::new(Layer::Entities, "PER", Span::new(at("王立新"), at("说。")));
        per.id = 4;
        let found = find(text, &[], &[org, per]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].attr_str("speaker_text"), Some("王立新"));
        assert_eq!(found[0].attrs.get("speaker_id"), Some(serde_json::json!(4)));
    }
}
