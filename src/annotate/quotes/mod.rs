//! The quotes layer: direct speech in “…” / 「…」 / 『…』 (label `QUOTE`)
//! with its speaker when the text names one, and short quoted phrases
//! (“红色种子”, “85后”, “双创”) as `TERM`.
//!
//! A quotation is speech when it reads like a sentence (it holds clause
//! punctuation, or is long), or when a verb of saying introduces it
//! (说：“好。”). [`speaker`] finds who speaks, by the ways Chinese text
//! marks speech; [`words`] holds the word lists it reads.
//!
//! attrs: `content` ({start, end}: inside the marks); with a speaker:
//! `speaker` ({start, end}), `speaker_text`, `speaker_id` (the PER/ORG/WORK
//! annotation, when linked), `pattern` (how it was found: see
//! [`speaker`] and docs/schema.md) and `pronoun` ({start, end}, when a
//! 他/她 led to the speaker).
//!
//! Speech or slogan: a quotation is speech when a verb of saying
//! introduces or closes it, when it stands alone on its line as a clause
//! (a title that is a quotation), when it follows speech directly
//! (“A”“B”), or when it reads like a sentence and is not a slogan (a list
//! of aims, parallel parts, a count or 这一 after it) with no verb of
//! saying near.

mod agent;
mod speaker;
pub(crate) mod words;

use super::Context;
use crate::model::{Annotation, Layer, Span, Token};
pub use speaker::Speaker;

const OPEN: [char; 3] = ['“', '「', '『'];
const CLOSE: [char; 3] = ['”', '」', '』'];

/// The deepest quotation marks are paired within one another.
const MAX_NESTING: usize = 8;

/// Quotation marks found in the text: (open, close) byte offsets of the marks.
pub fn find_pairs(text: &str) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut stack: Vec<(usize, usize)> = Vec::new(); // (kind, offset)
    scan_marks(text, |at, mark| {
        let Some(c) = mark else {
            stack.clear();
            return;
        };
        if let Some(k) = OPEN.iter().position(|&o| o == c) {
            // Marks nested deeper than any writing nests them are no
            // quotations: the outermost open mark goes (each pair's
            // content is read whole, so a text of nothing but marks
            // nested a thousand deep was read a thousand times over).
            if stack.len() == MAX_NESTING {
                stack.remove(0);
            }
            stack.push((k, at));
        } else if let Some(k) = CLOSE.iter().position(|&o| o == c) {
            // Close the innermost open mark of the same kind.
            if let Some(p) = stack.iter().rposition(|&(kind, _)| kind == k) {
                let (_, open) = stack[p];
                stack.truncate(p);
                pairs.push((open, at));
            }
        }
    });
    pairs.sort_unstable();
    pairs
}

/// Calls `seen(at, Some(mark))` for each quotation mark of `text`
/// ([`OPEN`], [`CLOSE`]) and `seen(at, None)` for each line feed, in text
/// order. A scan of bytes, not characters, 16 at a time: most runs of 16
/// hold neither a line break nor a mark, which one (vectorised) test tells.
fn scan_marks(text: &str, mut seen: impl FnMut(usize, Option<char>)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let end = (i + CHUNK).min(bytes.len());
        if end - i == CHUNK && !may_hold_mark(&bytes[i..(end + 2).min(bytes.len())]) {
            i = end;
            continue;
        }
        for (at, &b) in bytes.iter().enumerate().take(end).skip(i) {
            match b {
                b'\n' => seen(at, None),
                0xE2 | 0xE3 => {
                    if let Some(c) = text.get(at..at + 3).and_then(|s| s.chars().next())
                        && (OPEN.contains(&c) || CLOSE.contains(&c))
                    {
                        seen(at, Some(c));
                    }
                }
                _ => {}
            }
        }
        i = end;
    }
}

/// How many lines a quotation may run over.
const RUN_LINES: usize = 8;

/// Quotations that run over several lines (verse, a long speech broken
/// into paragraphs): an opening mark left open on its line, closed by the
/// first mark of its kind left unmatched on a later line (within
/// [`RUN_LINES`], no other unmatched opening of its kind between). Each run
/// as its line segments: (segment with the marks it holds, content), blank
/// lines skipped.
pub fn find_runs(text: &str) -> Vec<Vec<(Span, Span)>> {
    runs_of(text, &find_pairs(text))
}

/// [`find_runs`] given the text's [`find_pairs`].
fn runs_of(text: &str, pairs: &[(usize, usize)]) -> Vec<Vec<(Span, Span)>> {
    if !text.contains('\n') {
        return Vec::new();
    }
    let mut paired: Vec<usize> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    paired.sort_unstable();
    // Every mark of the text in one pass (not a search of the whole text
    // per mark, whose last byte is one that most Chinese characters hold).
    let marks = marks_in(text);
    let unmatched = |c: char| -> Vec<usize> {
        marks
            .iter()
            .filter(|&&(_, m)| m == c)
            .map(|&(k, _)| k)
            .filter(|k| paired.binary_search(k).is_err())
            .collect()
    };
    let mut runs = Vec::new();
    // The line breaks, counted between two offsets by two binary searches
    // (not by a search from each unmatched mark, which made a long line
    // of them quadratic).
    let mut breaks: Option<Vec<usize>> = None;
    for (&open_mark, &close_mark) in OPEN.iter().zip(&CLOSE) {
        let opens = unmatched(open_mark);
        if opens.is_empty() {
            continue;
        }
        let breaks =
            breaks.get_or_insert_with(|| memchr::memchr_iter(b'\n', text.as_bytes()).collect());
        let closes = unmatched(close_mark);
        for (n, &o) in opens.iter().enumerate() {
            // The first close after `o` (the offsets are ascending).
            let Some(&c) = closes.get(closes.partition_point(|&c| c <= o)) else {
                break;
            };
            let lines = breaks.partition_point(|&b| b < c) - breaks.partition_point(|&b| b < o);
            if lines == 0 || opens.get(n + 1).is_some_and(|&next| next < c) || lines > RUN_LINES {
                continue;
            }
            let close_end = c + close_mark.len_utf8();
            let mut run = Vec::new();
            let mut start = o;
            while start < close_end {
                let end = text[start..close_end]
                    .find('\n')
                    .map_or(close_end, |e| start + e);
                let from = if start == o {
                    o + open_mark.len_utf8()
                } else {
                    start
                };
                let to = if end == close_end { c } else { end };
                let raw = &text[from..to];
                let lead = raw.len() - raw.trim_start().len();
                let content = Span::new(from + lead, from + lead + raw.trim().len());
                if !content.is_empty() {
                    let seg_start = if start == o { o } else { content.start };
                    let seg_end = if end == close_end {
                        close_end
                    } else {
                        content.end
                    };
                    run.push((Span::new(seg_start, seg_end), content));
                }
                start = end + 1;
            }
            if run.len() >= 2 {
                runs.push(run);
            }
        }
    }
    runs
}

/// Each quotation mark of `text` ([`OPEN`], [`CLOSE`]) with its offset, in
/// text order.
fn marks_in(text: &str) -> Vec<(usize, char)> {
    let mut marks = Vec::new();
    scan_marks(text, |at, mark| marks.extend(mark.map(|c| (at, c))));
    marks
}

/// The bytes [`scan_marks`] tests at once.
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

pub fn annotate(ctx: &Context) -> Vec<Annotation> {
    find(&ctx.doc.text, ctx.tokens, ctx.annotations)
}

/// Quotes and terms in `text`; `tokens` and `annotations` (the entities) may
/// be empty.
pub fn find(text: &str, tokens: &[Token], annotations: &[Annotation]) -> Vec<Annotation> {
    prepare(text, tokens).attribute(text, tokens, annotations)
}

/// The quotes and terms of a text before their speakers are found: what
/// [`find`] reads of the text and the tokens alone, without the entities
/// (so it may be found while they are).
pub struct Prepared {
    /// The items by their opening mark.
    items: Vec<Item>,
    /// For each item, the item whose speaker it takes (`NO_ITEM`: its own).
    follows: Vec<u32>,
}

/// The first step of [`find`]: the pairs of marks and the quotations over
/// several lines, each read as speech or a term.
pub fn prepare(text: &str, tokens: &[Token]) -> Prepared {
    // Each pair of marks: a quote (speech) or a term.
    let mut items: Vec<Item> = Vec::new();
    let pairs = find_pairs(text);
    for &(open, close) in &pairs {
        let close_end = close + text[close..].chars().next().map_or(0, char::len_utf8);
        let content = Span::new(
            open + text[open..].chars().next().map_or(0, char::len_utf8),
            close,
        );
        if content.is_empty() {
            continue;
        }
        let c = content.text(text);
        let speech = said(text, open, close_end, c)
            || fills_line(text, open, close_end) && clause(tokens, content)
            || verb_near(text, open) && c.chars().count() >= 6
            || reads_like_speech(c) && !slogan(text, c, close_end);
        items.push(Item::new(Span::new(open, close_end), content, speech));
    }
    // Quotes running over several lines: one item per line segment; the
    // segments after the first take its speaker (`follows`: the first's
    // place, or `NO_ITEM`).
    let pairs_end = items.len();
    let mut follows: Vec<u32> = vec![NO_ITEM; pairs_end];
    let runs = runs_of(text, &pairs);
    drop(pairs);
    for run in runs {
        let first = place(items.len());
        let whole: String = run.iter().map(|(_, c)| c.text(text)).collect();
        let speech = said(text, run[0].0.start, run[0].0.end, &whole) || reads_like_speech(&whole);
        for (k, &(span, content)) in run.iter().enumerate() {
            items.push(Item::new(span, content, speech));
            follows.push(if k > 0 { first } else { NO_ITEM });
        }
    }
    if items.len() > pairs_end {
        let mut order: Vec<u32> = (0..items.len()).map(place).collect();
        order.sort_by_key(|&i| items[i as usize].open);
        let mut at = vec![0u32; items.len()];
        for (new, &old) in order.iter().enumerate() {
            at[old as usize] = place(new);
        }
        items = order.iter().map(|&i| items[i as usize]).collect();
        follows = order
            .iter()
            .map(|&i| match follows[i as usize] {
                NO_ITEM => NO_ITEM,
                f => at[f as usize],
            })
            .collect();
    }
    // “A”“B”: a quote right after speech is speech too (a list of
    // sayings), when it is a clause long.
    for k in 1..items.len() {
        let (prev, cur) = (items[k - 1], items[k]);
        if prev.speech
            && !cur.speech
            && prev.close_end <= cur.open
            && text[prev.span().end..cur.span().start].trim().is_empty()
        {
            items[k].speech = cur.content().text(text).chars().count() >= 6;
        }
    }
    Prepared { items, follows }
}

impl Prepared {
    /// The second step of [`find`]: each quote's speaker (naming the
    /// entities of `annotations` by id), the annotations made.
    pub fn attribute(
        self,
        text: &str,
        tokens: &[Token],
        annotations: &[Annotation],
    ) -> Vec<Annotation> {
        let Prepared { items, follows } = self;
        attribute(text, tokens, annotations, items, follows)
    }
}

fn attribute(
    text: &str,
    tokens: &[Token],
    annotations: &[Annotation],
    items: Vec<Item>,
    follows: Vec<u32>,
) -> Vec<Annotation> {
    let quotes: Vec<speaker::Quote> = items
        .iter()
        .filter(|item| item.speech)
        .map(|item| speaker::Quote {
            open: item.span().start,
            close_end: item.span().end,
        })
        .collect();
    let marks: Vec<speaker::Quote> = items
        .iter()
        .map(|item| speaker::Quote {
            open: item.span().start,
            close_end: item.span().end,
        })
        .collect();
    let found = speaker::Scene::new(text, tokens, annotations, &quotes, &marks).attribute();
    drop((quotes, marks));
    // Each speech item's speaker, as its place in `found` (not a copy of
    // the speaker per item beside `found`: on 7.8 MB, 1.5 MB at the peak
    // of the join, which the quotes are); a later segment of a run takes
    // the first's.
    const NO_SPEAKER: u32 = u32::MAX;
    let mut by_item: Vec<u32> = vec![NO_SPEAKER; items.len()];
    let mut k = 0;
    for (i, item) in items.iter().enumerate() {
        if item.speech {
            if let Some(Some(_)) = found.get(k) {
                by_item[i] = u32::try_from(k).unwrap_or(NO_SPEAKER);
            }
            k += 1;
        }
    }
    let speaker_of = |i: usize| found.get(*by_item.get(i)? as usize)?.clone();
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let (span, content, speech) = (item.span(), item.content(), item.speech);
        let speaker = match follows.get(i).copied().unwrap_or(NO_ITEM) {
            NO_ITEM => speaker_of(i),
            f => speaker_of(f as usize).map(|s| Speaker {
                pattern: "continued-line",
                ..s
            }),
        };
        if !speech {
            let mut a = Annotation::new(Layer::Quotes, "TERM", span);
            a.attrs = crate::model::Attrs::term(content, content.text(text));
            out.push(a);
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
            if let Some(p) = s.pronoun {
                a = a.with("pronoun", p);
            }
        }
        out.push(a);
    }
    out
}

/// A pair of marks (or a line of a quote over several lines) as [`find`]
/// holds them: the marks' span and the content's as `u32`s (a text is at
/// most 4 GB, [`crate::read::MAX_TEXT`]) and whether it reads as speech.
/// 20 bytes, not the 40 of two spans and a flag (on 7.8 MB of news,
/// ~33,000 items, held through the speakers' attribution, the top of the
/// layers' steps).
#[derive(Debug, Clone, Copy)]
struct Item {
    open: u32,
    close_end: u32,
    start: u32,
    end: u32,
    speech: bool,
}

impl Item {
    fn new(span: Span, content: Span, speech: bool) -> Item {
        let at = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        Item {
            open: at(span.start),
            close_end: at(span.end),
            start: at(content.start),
            end: at(content.end),
            speech,
        }
    }
    fn span(&self) -> Span {
        Span::new(self.open as usize, self.close_end as usize)
    }
    fn content(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }
}

/// No item (in `find`'s `follows`: not a later line of a run).
const NO_ITEM: u32 = u32::MAX;

/// Item number `i` as a `u32` (fewer than 4 G items: each is at least a
/// pair of marks in a text of at most 4 GB).
fn place(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(NO_ITEM)
}

/// 说：“…” — a verb of saying right before the opening mark (with a
/// colon or comma, or none when the quote is a clause long: 她稱「這反應
/// 是預期之內」), or closing the clause after it (“…”，王贵武说。).
fn said(text: &str, open: usize, close_end: usize, content: &str) -> bool {
    let before = text[..open].trim_end_matches([':', '：', ',', '，', ' ', '\u{3000}']);
    let marked = before.len() < text[..open].len();
    let long = content.chars().count() >= 6;
    let verb_before = words::SAY_VERBS.iter().any(|v| {
        before.ends_with(v)
            && (marked || long && !matches!(*v, "提出" | "宣布" | "宣佈" | "形容"))
            && words::verb_ok(text, before.len() - v.len(), before.len())
    });
    if verb_before {
        return true;
    }
    // The clause after: `，王贵武说。`
    let after = text[close_end..].trim_start_matches([',', '，']);
    let from = text.len() - after.len();
    let Some((k, c)) = after
        .char_indices()
        .take(16)
        .find(|&(_, c)| words::is_boundary(c))
    else {
        return false;
    };
    // Not 道 (“…”说法大行其道。).
    matches!(c, '。' | '！' | '!')
        && words::SAY_VERBS.iter().any(|v| {
            !matches!(*v, "道" | "曰")
                && after[..k].ends_with(v)
                && words::verb_ok(text, from + k - v.len(), from + k)
        })
}

/// A verb of saying in the sentence before the mark, within a few words
/// (他寄语大家，“…”): the quote is said, whatever its shape.
fn verb_near(text: &str, open: usize) -> bool {
    let from = text[..open]
        .char_indices()
        .rev()
        .take(20)
        .take_while(|&(_, c)| !matches!(c, '。' | '！' | '？' | '\n' | '”' | '」'))
        .last()
        .map_or(open, |(k, _)| k);
    let zone = &text[from..open];
    zone.char_indices().any(|(i, c)| {
        words::SAY_FIRST.contains(c)
            && words::SAY_VERBS.iter().any(|v| {
                zone[i..].starts_with(v)
                    && !matches!(*v, "提出" | "宣布" | "宣佈" | "指" | "规定" | "規定")
                    && words::verb_ok(text, from + i, from + i + v.len())
            })
    })
}

/// Whether a quotation standing alone is a clause (it holds a verb), not
/// a name or a label (“火眼金睛秀红姐”): at least five characters, and a
/// verb among its tokens when there are tokens.
fn clause(tokens: &[Token], content: Span) -> bool {
    let n = tokens.partition_point(|t| t.span().start < content.start);
    let inside = tokens[n..]
        .iter()
        .take_while(|t| t.span().end <= content.end);
    let mut any = false;
    let mut verb = false;
    for t in inside {
        any = true;
        verb |= t.pos().starts_with('v');
    }
    content.len() >= 15 && (!any || verb)
}

/// The quote stands alone on its line (a title or a heading that is a
/// quotation; a trailing column tag in （…） aside).
fn fills_line(text: &str, open: usize, close_end: usize) -> bool {
    // Both sides read only as far as they may go: back to the line's
    // start over blanks and markers, forward over a short tag (a long
    // line's quotes would each read all of it).
    let blank_before = text[..open]
        .chars()
        .rev()
        .take_while(|&c| c != '\n')
        .all(|c| matches!(c, ' ' | '\u{3000}' | '\t' | '>' | '#' | '\r'));
    if !blank_before {
        return false;
    }
    let near = &text[close_end..crate::text::floor_boundary(text, close_end + FILLS_LINE_TAG)];
    let Some(le) = near
        .find('\n')
        .or((close_end + near.len() == text.len()).then_some(near.len()))
    else {
        return false;
    };
    let rest = near[..le].trim();
    let rest = match rest.strip_prefix(['（', '(']) {
        Some(r) if r.trim_end().ends_with(['）', ')']) => "",
        _ => rest,
    };
    rest.chars().all(|c| matches!(c, '。' | '！' | '？' | '…'))
}

/// How far after a quote [`fills_line`] looks for its line's end, in
/// bytes: room for a column tag in （…）.
const FILLS_LINE_TAG: usize = 240;

/// A slogan or a list of aims in marks rather than speech: no sentence
/// ends inside, and it enumerates (去库存、保交房、优保障), or its comma
/// parts are parallel (患者可阅，医院可查，医保可核), or a count or 这一
/// follows it (“…”四个方面, “…”这一重大责任).
fn slogan(text: &str, content: &str, close_end: usize) -> bool {
    if content.contains(['。', '！', '？', '!', '?', '…']) {
        return false;
    }
    if content.contains('、') {
        return true;
    }
    let parts: Vec<usize> = content
        .split(['，', ','])
        .map(|p| p.chars().count())
        .collect();
    if parts.len() >= 2 && parts.iter().all(|&n| (3..=8).contains(&n) && n == parts[0]) {
        return true;
    }
    let after = &text[close_end..];
    after.starts_with("这一")
        || after.starts_with("這一")
        || after
            .chars()
            .next()
            .is_some_and(|c| "一二三四五六七八九十两兩几幾".contains(c))
            && after
                .chars()
                .nth(1)
                .is_some_and(|c| "个個项項大方条條种種".contains(c))
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
        assert_eq!(speaker::title_end("协会会长林秀芬"), Some("协会会长".len()));
        assert_eq!(speaker::title_end("副部长郑健麟"), Some("副部长".len()));
        assert_eq!(speaker::title_end("外婆"), None);
    }

    #[test]
    fn nested_and_unbalanced_marks() {
        let pairs = find_pairs("「他说『好』。」“未闭合\n下一行”");
        assert_eq!(pairs.len(), 2);
    }

    #[test]
    fn marks_nested_past_any_writing_pair_only_the_innermost() {
        // Three deep pair as written.
        let pairs = find_pairs("“甲说「乙说『好』」”");
        assert_eq!(pairs.len(), 3);
        // Marks nested far deeper: only the innermost MAX_NESTING pair, so
        // that no content is read more than that many times.
        let deep = format!("{}好{}", "“".repeat(100), "”".repeat(100));
        let pairs = find_pairs(&deep);
        assert_eq!(pairs.len(), MAX_NESTING);
        let innermost = "“".len() * 99;
        assert!(pairs.iter().any(|&(o, _)| o == innermost), "{pairs:?}");
        assert!(
            pairs
                .iter()
                .all(|&(o, _)| o >= "“".len() * (100 - MAX_NESTING))
        );
        // Quotes running over lines are still found beside unmatched marks.
        let runs = find_runs(&format!("{}“第一行\n第二行”", "「".repeat(50)));
        assert_eq!(runs.len(), 1);
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

    /// Quotes and speakers with the real pipeline (tokens and entities).
    fn speakers(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
        let res = match crate::annotate::Resources::load() {
            Ok(r) => r,
            Err(e) => panic!("{e:#}"),
        };
        let doc = crate::parse::parse(text.to_string(), crate::model::Format::Plain);
        let ann = crate::annotate::annotate(doc, &res);
        ann.layer(Layer::Quotes)
            .filter(|a| a.label == "QUOTE")
            .map(|a| {
                let c = match a.attrs.value("content").as_deref() {
                    Some(&crate::model::AttrValue::Span { start, end }) => {
                        ann.doc.text[start as usize..end as usize].to_string()
                    }
                    _ => String::new(),
                };
                (
                    c,
                    a.attr_str("speaker_text").map(str::to_string),
                    a.attr_str("pattern").map(str::to_string),
                )
            })
            .collect()
    }

    fn who(found: &[(String, Option<String>, Option<String>)], quote: &str) -> Option<String> {
        found
            .iter()
            .find(|(c, _, _)| c.starts_with(quote))
            .and_then(|(_, s, _)| s.clone())
    }

    #[test]
    fn role_and_adverbial_between_speaker_and_verb() {
        let f =
            speakers("今年春天，村里修好了路。村民张志强擦着汗笑着说：“路通了，菜就好卖了。”\n");
        assert_eq!(who(&f, "路通了").as_deref(), Some("张志强"), "{f:?}");
    }

    #[test]
    fn pronoun_resolved_to_the_named_person() {
        let f = speakers(
            "陈海燕在县城开了一家面馆。他的儿子也来帮忙。\n去年冬天，陈海燕扩大了店面。她高兴地说：“客人多了，忙不过来。”\n",
        );
        assert_eq!(who(&f, "客人多了").as_deref(), Some("陈海燕"), "{f:?}");
    }

    #[test]
    fn speaker_named_after_the_quote_without_a_verb() {
        let f = speakers("“今年的橙子卖到了北京，价钱翻了一番。”果农李春生笑得合不拢嘴。\n");
        assert_eq!(who(&f, "今年的橙子").as_deref(), Some("李春生"), "{f:?}");
    }

    #[test]
    fn quote_split_around_the_tag_and_quotes_in_a_row() {
        let f = speakers(
            "“以前只管种，现在要讲品牌。”合作社理事长王建国说，“品牌打响了，价格也上去了。”\n",
        );
        assert_eq!(who(&f, "以前只管种").as_deref(), Some("王建国"), "{f:?}");
        assert_eq!(who(&f, "品牌打响了").as_deref(), Some("王建国"), "{f:?}");
    }

    #[test]
    fn next_sentence_names_the_speaker() {
        let f =
            speakers("“直播让我们的茶叶走出了大山。”去年夏天，43岁的赵德明开始通过直播卖茶。\n");
        assert_eq!(who(&f, "直播让我们").as_deref(), Some("赵德明"), "{f:?}");
    }

    #[test]
    fn fiction_dialogue_each_turn_its_speaker() {
        let f = speakers(
            "行者笑道：“师父，前面有座山。”三藏道：“徒弟，仔细看路。”八戒道：“我饿了，先吃饭罢。”行者道：“呆子，只知道吃。”\n",
        );
        assert_eq!(who(&f, "师父，前面").as_deref(), Some("行者"), "{f:?}");
        assert_eq!(who(&f, "徒弟，仔细").as_deref(), Some("三藏"), "{f:?}");
        assert_eq!(who(&f, "我饿了").as_deref(), Some("八戒"), "{f:?}");
        assert_eq!(who(&f, "呆子").as_deref(), Some("行者"), "{f:?}");
    }

    #[test]
    fn traditional_verbs_and_corner_brackets() {
        let f = speakers("被問到會否參選，林志強說：「我而家唔會考慮，之後再算。」\n");
        assert_eq!(who(&f, "我而家").as_deref(), Some("林志強"), "{f:?}");
    }

    #[test]
    fn interview_turns() {
        let f = speakers("記者：「你點解會咁諗？」\n受訪者：「因為我哋冇得揀，唯有繼續做。」\n");
        assert_eq!(who(&f, "你點解").as_deref(), Some("記者"), "{f:?}");
        assert_eq!(who(&f, "因為我哋").as_deref(), Some("受訪者"), "{f:?}");
    }

    #[test]
    fn cited_document_speaks_when_no_person_does() {
        let f = speakers("《决定》指出：“要坚持以人民为中心的发展思想，不断改善民生。”\n");
        assert_eq!(who(&f, "要坚持").as_deref(), Some("《决定》"), "{f:?}");
    }

    #[test]
    fn null_when_the_text_does_not_say() {
        let f = speakers("会场里很安静。“这件事谁也说不清楚，只能等等看。”\n");
        assert_eq!(who(&f, "这件事"), None, "{f:?}");
        let f = speakers("有人说：“这件事谁也说不清楚。”\n");
        assert_eq!(who(&f, "这件事"), None, "{f:?}");
    }

    #[test]
    fn a_verb_phrase_is_never_a_speaker() {
        let f = speakers("那汉子抢进几步，便回答道：“小人不敢。”\n");
        let s = who(&f, "小人不敢");
        assert!(
            s.as_deref() != Some("抢进几步") && s.as_deref() != Some("便回答"),
            "{f:?}"
        );
    }
    #[test]
    fn speaker_named_by_a_sentence_final_verb() {
        let f = speakers(
            "“这条路修了三年，终于通车了。”面对前来采访的记者，镇交通站站长刘建华这样说。\n",
        );
        assert_eq!(who(&f, "这条路修了").as_deref(), Some("刘建华"), "{f:?}");
        let f = speakers("“订单已经排到了明年。”一家纺织企业负责人说。\n");
        let s = who(&f, "订单已经").unwrap_or_default();
        assert!(s.ends_with("负责人"), "{f:?}");
    }

    #[test]
    fn the_person_right_before_the_verb_not_the_possessor() {
        let f = speakers("“她做事认真，我们都向她学习。”周晓梅的同事、护士长何丽娟说。\n");
        assert_eq!(who(&f, "她做事认真").as_deref(), Some("何丽娟"), "{f:?}");
        let f = speakers("“孩子们都很喜欢这里。”负责照看孩子的孙月说。\n");
        assert_eq!(who(&f, "孩子们都").as_deref(), Some("孙月"), "{f:?}");
    }

    #[test]
    fn role_pronoun_antecedent_and_title_speaker() {
        let f =
            speakers("“屋里暖和吗？”老支书问道。\n走出院子，他对大家说：“日子会越过越好的。”\n");
        assert_eq!(who(&f, "屋里暖和").as_deref(), Some("老支书"), "{f:?}");
        assert_eq!(who(&f, "日子会").as_deref(), Some("老支书"), "{f:?}");
    }

    #[test]
    fn a_run_of_bare_quotes_and_the_paragraph_after() {
        let f = speakers(
            "　　“这批种子是哪里来的？”\n　　“今年的收成怎么样？”\n　　走进大棚，郭振华一边察看苗情，一边询问情况。\n",
        );
        assert_eq!(who(&f, "这批种子").as_deref(), Some("郭振华"), "{f:?}");
        assert_eq!(who(&f, "今年的收成").as_deref(), Some("郭振华"), "{f:?}");
    }

    #[test]
    fn two_party_dialogue_alternates() {
        let f = speakers(
            "“你明天几点出发？”陈秋生问。\n“天一亮就走。”林小雨答。\n“路上要小心。”\n“放心吧。”\n",
        );
        assert_eq!(who(&f, "路上要小心").as_deref(), Some("陈秋生"), "{f:?}");
        assert_eq!(who(&f, "放心吧").as_deref(), Some("林小雨"), "{f:?}");
    }

    #[test]
    fn fiction_speaker_revealed_after_the_quote() {
        let f = speakers(
            "众人正商议间，只听得门外一人叫道：“哥哥休慌，小弟来也！”众人看时，却是赤发鬼刘唐。刘唐道：“我来迟了。”刘唐道：“快走！”\n",
        );
        assert_eq!(who(&f, "哥哥休慌").as_deref(), Some("刘唐"), "{f:?}");
    }

    #[test]
    fn crowds_speak_as_written_and_verbs_before_a_colon() {
        let f = speakers("那渔人道：“河水涨了。”众人道：“快些收网！”\n");
        assert_eq!(who(&f, "河水涨了").as_deref(), Some("渔人"), "{f:?}");
        assert_eq!(who(&f, "快些收网").as_deref(), Some("众人"), "{f:?}");
    }

    #[test]
    fn traditional_short_names_and_quotes_without_a_colon() {
        let f = speakers(
            "記者昨日訪問了李國雄。李國雄表示，今年生意比去年好。有記者問他會否加價，李指：「暫時唔會加，要睇下個月成本。」她稱「呢個結果係預期之內」。\n",
        );
        assert_eq!(who(&f, "暫時唔會").as_deref(), Some("李"), "{f:?}");
        assert!(f.iter().any(|(c, _, _)| c.starts_with("呢個結果")), "{f:?}");
    }

    #[test]
    fn slogans_and_lists_of_aims_are_terms_but_said_words_are_quotes() {
        let found =
            run("全省坚持“稳就业、保民生、促发展、强基础”，实现“企业可查，群众可办，部门可管”。\n");
        assert!(found.iter().all(|(l, _, _)| l == "TERM"), "{found:?}");
        let found = run("“我负责种树，你负责浇水”这一约定，他们守了十年。\n");
        assert!(found.iter().all(|(l, _, _)| l == "TERM"), "{found:?}");
        // A verb of saying near: speech, whatever its shape.
        let found = run("他叮嘱大家，“要守规矩、讲诚信、肯吃苦”。\n");
        assert_eq!(found[0].0, "QUOTE", "{found:?}");
        // After speech: a list of sayings.
        let found = run("她说：“今天先到这里。”“明天早点出发”“记得带好雨具”\n");
        assert!(found.iter().all(|(l, _, _)| l == "QUOTE"), "{found:?}");
    }

    #[test]
    fn traditional_names_are_found_through_simplified() {
        // 黃坤明 is found as 黄坤明 is (the entity model reads Simplified).
        let f =
            speakers("據報，黃坤明周二在北京會見訪京團時表示：「希望大家唔好成為干擾嘅基地。」\n");
        assert_eq!(who(&f, "希望大家").as_deref(), Some("黃坤明"), "{f:?}");
        let f =
            speakers("据报，黄坤明周二在北京会见访京团时表示：“希望大家不要成为干扰的基地。”\n");
        assert_eq!(who(&f, "希望大家").as_deref(), Some("黄坤明"), "{f:?}");
    }

    #[test]
    fn a_one_person_interview_gives_untagged_quotes_to_the_interviewee() {
        let f = speakers(
            "陳美玲在屯門教書三十年。陳美玲說：「教書係我一生最鍾意嘅事。」\n\n她每朝七點就返到學校。陳美玲表示：「學生嘅笑容就係我嘅動力。」\n\n談到退休，陳美玲坦言：「我會掛住佢哋，但係都要休息。」\n\n學校明年將會搬遷，新校舍已經動工，「新校舍好靚，但係我會掛住舊課室。」\n",
        );
        assert_eq!(who(&f, "教書係").as_deref(), Some("陳美玲"), "{f:?}");
        assert_eq!(who(&f, "新校舍好靚").as_deref(), Some("陳美玲"), "{f:?}");
        let f = speakers(
            "陈美玲在乡村小学教书三十年。陈美玲说：“教书是我一生最喜欢的事。”\n\n她每天早上七点就到学校。陈美玲表示：“学生的笑容就是我的动力。”\n\n谈到退休，陈美玲坦言：“我会想念他们，但也要休息了。”\n\n学校明年将要搬迁，新校舍已经动工，“新校舍很漂亮，可我会想念旧教室。”\n",
        );
        assert_eq!(who(&f, "新校舍很漂亮").as_deref(), Some("陈美玲"), "{f:?}");
        // Two people sharing the quotes: no interviewee, the untagged
        // quote keeps no speaker.
        let f = speakers(
            "王建华说：“路修好了。”李秀英说：“菜好卖了。”王建华表示：“明年再种。”李秀英表示：“我也种。”\n\n学校明年将要搬迁，新校舍已经动工，“新校舍很漂亮，可我会想念旧教室。”\n",
        );
        assert_eq!(who(&f, "新校舍很漂亮"), None, "{f:?}");
    }

    #[test]
    fn a_quote_over_several_lines_is_one_quote_per_line_with_one_speaker() {
        for (text, lines, speaker) in [
            (
                "渔夫王长贵笑道：“江上风来浪打船，\n\n一网撒下一家饭。\n\n明朝还要早起来。”唱罢，他收起了网。\n",
                ["江上风来浪打船，", "一网撒下一家饭。", "明朝还要早起来。"],
                "王长贵",
            ),
            (
                "漁夫陳志強笑道：「天光早起身，\n\n食飽去做工。\n\n夜晚返屋企。」唸完，佢笑咗。\n",
                ["天光早起身，", "食飽去做工。", "夜晚返屋企。"],
                "陳志強",
            ),
        ] {
            let f = speakers(text);
            let got: Vec<&str> = f.iter().map(|(c, _, _)| c.as_str()).collect();
            assert_eq!(got, lines, "{f:?}");
            assert!(
                f.iter()
                    .all(|(_, s, _)| s.as_deref().is_some_and(|s| s.contains(speaker))),
                "{f:?}"
            );
        }
        // A mark left open with no close after it stays unpaired.
        assert!(find_runs("他说：“没有说完\n下一段。\n").is_empty());
    }

    #[test]
    fn the_speaker_of_a_verb_is_an_agent_cut_at_word_boundaries() {
        // A verb or an adverb between the name and 道/表示 is not the name.
        let f = speakers("那老渔翁闻言道：“今日风大，不可出船。”\n");
        assert_eq!(who(&f, "今日风大").as_deref(), Some("老渔翁"), "{f:?}");
        let f = speakers("那老漁翁聞言道：「今日風大，不可出船。」\n");
        assert_eq!(who(&f, "今日風大").as_deref(), Some("老漁翁"), "{f:?}");
        let f = speakers("陳國強首先表示，「我哋會繼續爭取，唔會放棄。」\n");
        assert_eq!(who(&f, "我哋會").as_deref(), Some("陳國強"), "{f:?}");
        // A place or a direction is nobody: who it was is told after.
        let f =
            speakers("东南上又一个后生，高声大叫：“休要走了他！”众人看时，乃是赤脚汉张小乙。\n");
        let s = who(&f, "休要走了").unwrap_or_default();
        assert!(!s.contains("东南"), "{f:?}");
    }

    #[test]
    fn the_one_a_word_of_perception_or_existence_introduces_speaks() {
        let f = speakers("只听得山坡上有两个樵夫叫道：“山下来了官兵，快躲起来！”\n");
        assert_eq!(who(&f, "山下来了").as_deref(), Some("樵夫"), "{f:?}");
        let f = speakers("众人皆散只见店小二走来道：“客官要些什么？”\n");
        assert_eq!(who(&f, "客官要些").as_deref(), Some("店小二"), "{f:?}");
        let f = speakers("只见门外闪出一个汉子道：“且慢动手！”众人看时，却是李小二。\n");
        assert_eq!(who(&f, "且慢动手").as_deref(), Some("李小二"), "{f:?}");
        // One who comes to see someone is not the one seen.
        let f = speakers("杜小乙再走过来见王庆，禀道：“东家请头领稍候。”\n");
        assert_ne!(who(&f, "东家请").as_deref(), Some("王庆"), "{f:?}");
    }

    #[test]
    fn the_one_called_is_not_the_speaker_and_who_it_was_may_be_told_after() {
        for (text, quote, speaker) in [
            (
                "王庆看见，喝声采。王庆道：“好！”便叫李四快走村中接应众人，“且教来村口商议，天色已晚。”\n",
                "且教来",
                "王庆",
            ),
            (
                "王慶看見，喝聲采。王慶道：「好！」便叫李四快走村中接應眾人，「且教來村口商議，天色已晚。」\n",
                "且教來",
                "王慶",
            ),
        ] {
            let f = speakers(text);
            assert_eq!(who(&f, quote).as_deref(), Some(speaker), "{f:?}");
        }
        // Someone in the wood shouts; the wood is nobody, and the one seen
        // after is the speaker even when the entities layer misses him.
        let f = speakers(
            "只听得林子里有人大叫道：“哪里走！”众人看时，是黑脸汉子牛皋，轮着板斧赶来。\n",
        );
        let s = who(&f, "哪里走").unwrap_or_default();
        assert!(!s.contains("林子"), "{f:?}");
        assert!(s.contains("牛皋"), "{f:?}");
        let f = speakers(
            "只聽得林子裡有人大叫道：「哪裡走！」眾人看時，是黑臉漢子牛皋，輪著板斧趕來。\n",
        );
        let s = who(&f, "哪裡走").unwrap_or_default();
        assert!(!s.contains("林子"), "{f:?}");
    }

    #[test]
    fn a_sentence_without_a_subject_continues_the_one_before() {
        let f = speakers("寿星又到。见玉帝礼毕又见如来申谢道：“特来奉上仙桃，聊表寸心。”\n");
        assert_eq!(who(&f, "特来奉上").as_deref(), Some("寿星"), "{f:?}");
        let f = speakers("壽星又到。見玉帝禮畢又見如來申謝道：「特來奉上仙桃，聊表寸心。」\n");
        assert_eq!(who(&f, "特來奉上").as_deref(), Some("壽星"), "{f:?}");
    }

    #[test]
    fn a_quote_with_its_own_verb_is_not_the_next_introducers() {
        let f = speakers("山前山后一齐发喊道：“捉住他，莫放他走了！”王庆道：“兄弟们随我来。”\n");
        assert_ne!(who(&f, "捉住他").as_deref(), Some("王庆"), "{f:?}");
        assert_eq!(who(&f, "兄弟们").as_deref(), Some("王庆"), "{f:?}");
    }

    #[test]
    fn a_noun_phrase_for_a_person_speaks() {
        // After the quote, without a verb of saying.
        let f = speakers("　　“来得正好，快进屋坐。”隔壁的大爷向我招手。\n");
        let s = who(&f, "来得正好").unwrap_or_default();
        assert!(s.ends_with("大爷"), "{f:?}");
        // Before a verb of saying, with the body it belongs to.
        let f = speakers("　　“道路下个月就开工，请大家放心。”县交通局有关人士这样回复。\n");
        let s = who(&f, "道路下个月").unwrap_or_default();
        assert!(s.ends_with("有关人士") && s.chars().count() > 4, "{f:?}");
        // A pronoun with a noun after it is that person (她丈夫), not 她.
        let f = speakers("　　“饭好了，快来吃吧。”她丈夫在厨房里喊。\n");
        assert_eq!(who(&f, "饭好了").as_deref(), Some("她丈夫"), "{f:?}");
        // The subject of the sentence a quote hangs on.
        let f = speakers("　　在车站，一位外地大妈拦住了我，“请问去医院坐几路车？”\n");
        let s = who(&f, "请问去医院").unwrap_or_default();
        assert!(s.ends_with("大妈"), "{f:?}");
    }

    #[test]
    fn she_stands_for_the_noun_phrase_when_no_one_is_named() {
        let f = speakers(
            "　　清晨，隔壁的大妈推着车来到路口，把菜摆好。\n　　“今天的白菜真新鲜。”她笑着说。\n",
        );
        let s = who(&f, "今天的白菜").unwrap_or_default();
        assert!(s.ends_with("大妈"), "{f:?}");
    }

    #[test]
    fn a_pronoun_stands_for_the_subject_not_the_object() {
        let f = speakers("　　刘海涛常常帮助邻居孙丽。他说：“邻里之间就该互相帮忙。”\n");
        assert_eq!(who(&f, "邻里之间").as_deref(), Some("刘海涛"), "{f:?}");
        let f = speakers("　　劉海濤經常幫助鄰居孫麗。他說：「鄰里之間就應該互相幫忙。」\n");
        assert_eq!(who(&f, "鄰里之間").as_deref(), Some("劉海濤"), "{f:?}");
    }

    #[test]
    fn a_name_after_the_last_title_before_the_verb() {
        let f = speakers("　　“合作的空间还很大。”某电子公司华东区总部副总经理周建平说。\n");
        assert_eq!(who(&f, "合作的空间").as_deref(), Some("周建平"), "{f:?}");
    }

    #[test]
    fn an_idiom_holding_a_verb_of_saying_names_no_one() {
        let f = speakers("　　“这种做法早就过时了，不能再用。”然而这种说法一度大行其道。\n");
        let s = who(&f, "这种做法").unwrap_or_default();
        assert!(!s.contains("大行"), "{f:?}");
    }

    #[test]
    fn a_quote_repeated_as_a_title_takes_the_speaker_of_the_body() {
        let f = speakers(
            "　　“这片林子是我们的命根子”\n　　老周在山上守了三十年，每天巡山二十里。\n　　“这片林子是我们的命根子，谁也不能砍。”护林员周德胜说。\n",
        );
        assert_eq!(who(&f, "这片林子是我们的命根子”").as_deref(), None, "{f:?}");
        let first = f.iter().find(|(c, _, _)| c == "这片林子是我们的命根子");
        assert_eq!(
            first.and_then(|(_, s, _)| s.as_deref()),
            Some("周德胜"),
            "{f:?}"
        );
        let f = speakers(
            "　　「這片林子是我們的命根」\n　　老周在山上守了三十年，每天巡山二十里。\n　　「這片林子是我們的命根，誰也不能砍。」護林員周德勝說。\n",
        );
        let first = f.iter().find(|(c, _, _)| c == "這片林子是我們的命根");
        assert_eq!(
            first.and_then(|(_, s, _)| s.as_deref()),
            Some("周德勝"),
            "{f:?}"
        );
    }

    #[test]
    fn dialogue_alternates_after_short_turns_that_do_not_open_with_the_quote() {
        let f = speakers(
            "　　我笑着问：“今天也不休息吗？”\n　　“不休息，还要去地里。”老农擦了擦汗。\n　　“那中午回来吃饭吗？”\n　　“回来，给我留碗面。”\n",
        );
        assert_eq!(who(&f, "那中午").as_deref(), Some("我"), "{f:?}");
        let s = who(&f, "回来，给我").unwrap_or_default();
        assert!(s.ends_with("老农"), "{f:?}");
    }

    #[test]
    fn a_quote_standing_as_a_title_is_speech_a_label_is_not() {
        let found = run("“我们一定能把桥修好”（新春走基层）\n　　正文从这里开始。\n");
        assert_eq!(found[0].0, "QUOTE", "{found:?}");
        let found = run("“后浪”\n　　正文从这里开始。\n");
        assert_eq!(found[0].0, "TERM", "{found:?}");
    }
}
