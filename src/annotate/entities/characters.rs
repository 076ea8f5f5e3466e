//! Document-level pass over a document's people: the names a reader
//! expects, decided by how a string acts in this document.
//!
//! - A string that speaks at least twice — it stands alone between a clause
//!   boundary and a verb of saying (宋江道：, 行者笑道：, 罗世礼认为，) — is
//!   a person in this document (given names, courtesy names, 阿X/老X/小X,
//!   titles used as names such as 大圣 or 行者), and every mention of it is
//!   tagged.
//! - The verb is never part of a name: a person ending in a verb of saying
//!   (某某道, 冷笑道) loses it, and is dropped when nothing name-like is left;
//!   a person found glued to more words after a known name (宋江听) is cut
//!   back to the name.
//! - Places and buildings ending in 观 寺 国 楼 府 are not people.
//! - A name that speaks is a person wherever it is found (not a place in
//!   one sentence); no name starts with a negation (不想); a known surname
//!   followed by an adverb (潘亦有份) is the surname alone (潘).

use super::links::Words;
use super::{Entity, Label, Lexicon, Source, is_cjk};
use crate::annotate::quotes::words::{
    CUTS, LEADS, NOBODY, PRONOUNS, SAY_FIRST, is_boundary, say_verb_at, verb_ok,
};
use crate::model::Token;
use std::collections::HashMap;

/// Characters that end names of buildings, not of people.
const PLACE_ENDS: &str = "观觀寺楼樓庙廟宫宮殿";

/// Characters that end names of countries, residences and villages, and
/// also people's given names (王建国): a place only where the document
/// goes to it or is in it (往朱紫国去, 在祝家庄).
const PLACE_ENDS_AMBIGUOUS: &str = "国國府庄莊";

/// Words of motion or location right before a place.
const TO_PLACE: &str = "到往在至去进進入出离離回过過从從于於";

/// Negations, which start no name.
const NEGATIONS: [char; 4] = ['不', '没', '沒', '未'];

/// One-character adverbs that follow a subject (潘亦有份, 李也说): after a
/// surname known from another full name, the second character of no name
/// (but 乃 of 李乃蔚, 曾 of 汪曾祺, 则 of 常则民 where the document names
/// them twice, or names nobody else of their surname).
const SHORT_ADVERBS: &str = "亦也又都就还還则則曾再更便却卻乃遂";

/// Words that speak but are nobody in particular.
const COLLECTIVE: &[&str] = &[
    "大家", "群众", "群眾", "村民", "居民", "网友", "網友", "记者", "記者", "对方", "對方", "别人",
    "別人", "旁人", "自己", "众军", "眾軍", "两人", "兩人", "二人", "三人", "双方", "雙方", "各方",
];

/// Endings of words for the people of a place (村里人, 城里人, 当地人,
/// 外地人, 一家人): nobody in particular, and the end of no name.
const COLLECTIVE_ENDS: &[&str] = &["里人", "裡人", "地人", "家人"];

/// Texts, studies, figures and meetings, which speak in news (报告指出,
/// 分析认为, 数据显示, 通知要求, 会议强调) and are nobody: a report cited
/// twice made every 报告 of a document a person, and 会议指出 every 会议.
const TEXTS: &[&str] = &[
    "会议",
    "會議",
    "报告",
    "報告",
    "分析",
    "研究",
    "调查",
    "調查",
    "数据",
    "數據",
    "统计",
    "統計",
    "文件",
    "通知",
    "公告",
    "声明",
    "聲明",
    "公报",
    "公報",
    "消息",
    "新闻",
    "新聞",
    "社论",
    "社論",
    "评论",
    "評論",
    "文章",
    "意见",
    "意見",
    "决定",
    "決定",
    "规划",
    "規劃",
    "方案",
    "纲要",
    "綱要",
    "条例",
    "條例",
    "规定",
    "規定",
    "报道",
    "報道",
    "白皮书",
    "白皮書",
    "调研",
    "調研",
    "监测",
    "監測",
];

/// The heads of [`TEXTS`] that end no name: a string ending in one is a
/// text too (专题报告称, 最新数据显示, 工作报告提出).
const TEXT_HEADS: &[&str] = &[
    "报告",
    "報告",
    "数据",
    "數據",
    "公告",
    "声明",
    "聲明",
    "通知",
    "公报",
    "公報",
    "白皮书",
    "白皮書",
    "调查",
    "調查",
    "统计",
    "統計",
];

/// Verbs of saying whose subject is a text (本法规定, 条例规定): what
/// stands before them is promoted to no person (违反本法规定， and
/// 增加规定： said twice made 违反本法 and 增加 people).
const TEXT_VERBS: [&str; 2] = ["规定", "規定"];

/// Whether `name` is a text, not a speaker ([`TEXTS`], [`TEXT_HEADS`]).
fn is_text(name: &str) -> bool {
    TEXTS.contains(&name) || TEXT_HEADS.iter().any(|h| name.ends_with(h))
}

/// The longest promoted name in bytes (four characters of up to four
/// bytes, see [`name_like`]).
const MAX_NAME_BYTES: usize = 16;

/// How many times a string must speak to be promoted.
const MIN_TURNS: usize = 2;

/// Corrects and completes the people among `found` (the entities of a whole
/// document, offsets into `text`).
pub(super) fn promote(
    text: &str,
    mut found: Vec<Entity>,
    lex: &Lexicon,
    tokens: &[Token],
) -> Vec<Entity> {
    // The verb is never part of a name; places are not people. Whether
    // the document goes to a name that may be a place: every such name's
    // mentions found in one pass over the text.
    let ambiguous: Vec<&str> = {
        let mut names: Vec<&str> = found
            .iter()
            .filter(|e| e.label == Label::Per)
            .map(|e| &text[e.start..e.end])
            .filter(|n| {
                n.chars()
                    .next_back()
                    .is_some_and(|c| PLACE_ENDS_AMBIGUOUS.contains(c))
            })
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    };
    // Two passes over the whole text on two threads: the speakers and
    // their mentions, and the mentions of the ambiguous names.
    let ((speakers, mentioned), ambiguous_at) = rayon::join(
        || {
            let speakers = speaking_names(text, lex, tokens);
            let names: Vec<&str> = speakers.iter().map(String::as_str).collect();
            let at = occurrences(text, &names);
            (speakers, at)
        },
        || occurrences(text, &ambiguous),
    );
    // The speakers as a set: asked of every entity of the document.
    let speaking: rustc_hash::FxHashSet<&str> = speakers.iter().map(String::as_str).collect();
    let mut gone: HashMap<&str, bool> = ambiguous.iter().map(|&n| (n, false)).collect();
    for (i, at) in ambiguous_at {
        if text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| TO_PLACE.contains(c))
        {
            gone.insert(ambiguous[i], true);
        }
    }
    // The document's people named in full (潘焯鴻), with how often each is
    // found: a surname is known from another full name, and a name of
    // three characters found twice is no surname and adverb (李乃蔚,
    // 常则民, found more than once as they are; 潘亦有 once).
    let mut full_names: HashMap<&str, usize> = HashMap::new();
    for e in found.iter().filter(|e| e.label == Label::Per) {
        let name = &text[e.start..e.end];
        if name.chars().count() >= 3 {
            *full_names.entry(name).or_default() += 1;
        }
    }
    // How many different full names start with each character.
    let mut named: HashMap<char, usize> = HashMap::new();
    for name in full_names.keys() {
        if let Some(c) = name.chars().next() {
            *named.entry(c).or_default() += 1;
        }
    }
    let known_surname = |name: &str, first: char| {
        let own = usize::from(full_names.contains_key(name));
        named.get(&first).is_some_and(|&n| n > own)
    };
    found.retain_mut(|e| {
        let name = &text[e.start..e.end];
        // A name that speaks in this document is a person wherever it is
        // found (宋江 read as a place in one sentence).
        if e.label != Label::Per && speaking.contains(name) {
            e.label = Label::Per;
            return true;
        }
        if e.label != Label::Per {
            return true;
        }
        // No name starts with a negation (不想, 沒有).
        if name.starts_with(NEGATIONS) {
            return false;
        }
        // 潘亦有: a known surname, then an adverb (亦 也 又 都 …): the
        // person is the surname alone, as the text shortens the name.
        let mut chars = name.chars();
        if let (Some(first), Some(second)) = (chars.next(), chars.next())
            && SHORT_ADVERBS.contains(second)
            && name.chars().count() <= 3
            && full_names.get(name).is_none_or(|&n| n < 2)
            && known_surname(name, first)
        {
            e.end = e.start + first.len_utf8();
            return true;
        }
        let last = name.chars().next_back();
        if last.is_some_and(|c| PLACE_ENDS.contains(c))
            || last.is_some_and(|c| PLACE_ENDS_AMBIGUOUS.contains(c))
                && gone.get(name).copied().unwrap_or(false)
        {
            e.label = Label::Loc;
            return true;
        }
        if let Some(cut) = name_before_verb(name) {
            e.end = e.start + cut;
            return cut > 0 && name_like(&name[..cut]);
        }
        // 宋江听: a promoted name and one or two characters more (the
        // longest speaker the name starts with and goes on past).
        if let Some(n) = name
            .char_indices()
            .map(|(k, _)| k)
            .filter(|&k| k > 0 && speaking.contains(&name[..k]))
            .max()
            && name[n..].chars().count() <= 2
        {
            e.end = e.start + n;
        }
        true
    });
    // Every mention of a promoted name not already inside an entity: the
    // mentions (longest names first), then those that overlap nothing kept,
    // in one walk beside the entities (both by start).
    let mut mentions: Vec<(usize, usize)> = mentioned
        .into_iter()
        .map(|(i, at)| (at, at + speakers[i].len()))
        .collect();
    if mentions.is_empty() {
        return found;
    }
    mentions.sort_by_key(|&(a, b)| (a, std::cmp::Reverse(b)));
    // A person found across or inside a mention of a promoted name gives
    // way to it (蕭世 or 問蕭世 where the document's speaker is 蕭世和); one
    // that holds the mention (王建国 around 建国) stays.
    found.retain(|e| {
        if e.label != Label::Per {
            return true;
        }
        let from = mentions.partition_point(|&(a, _)| a + MAX_NAME_BYTES < e.start);
        !mentions[from..]
            .iter()
            .take_while(|&&(a, _)| a < e.end)
            .any(|&(a, b)| b > e.start && !(e.start <= a && b <= e.end))
    });
    found.sort_by_key(|e| (e.start, std::cmp::Reverse(e.end)));
    with_people_at(found, mentions, |_| true)
}

/// `found` (sorted by start) with a person at each of `mentions` (sorted
/// by start) that `ok` accepts and that overlaps no entity of `found` nor
/// a mention taken before it, in one walk beside the entities.
fn with_people_at(
    mut found: Vec<Entity>,
    mentions: Vec<(usize, usize)>,
    ok: impl Fn((usize, usize)) -> bool,
) -> Vec<Entity> {
    let mut added = Vec::new();
    let (mut k, mut reach, mut last_end) = (0, 0, 0);
    for (at, end) in mentions {
        // `reach`: the farthest end of the entities starting before `end`.
        while let Some(e) = found.get(k).filter(|e| e.start < end) {
            reach = reach.max(e.end);
            k += 1;
        }
        if reach > at || last_end > at || !ok((at, end)) {
            continue;
        }
        last_end = end;
        added.push(Entity {
            start: at,
            end,
            label: Label::Per,
            source: Source::Rule,
            confidence: 0.6,
        });
    }
    if !added.is_empty() {
        found.extend(added);
        found.sort_by_key(|e| (e.start, std::cmp::Reverse(e.end)));
    }
    found
}

/// The given names of the people among `found` (offsets into `text`)
/// named in full, surely ([`SURE_FULL_NAME`]): a surname and a given name
/// of two characters (钟书 of 钱钟书, 相如 of 司马相如) that is no word of
/// the dictionary (`is_word`): 建国 of 王建国 and 明珠 of 李明珠 are words
/// first. Sorted, once each.
pub(super) fn given_names_of(
    text: &str,
    found: &[Entity],
    lex: &Lexicon,
    is_word: impl Fn(&str) -> bool,
) -> Vec<String> {
    let mut given: Vec<&str> = found
        .iter()
        .filter(|e| e.label == Label::Per && e.confidence >= SURE_FULL_NAME)
        .filter_map(|e| {
            let name = text.get(e.start..e.end)?;
            let rest = &name[lex.surname_of(name)?.len()..];
            (rest.chars().count() == 2 && rest.chars().all(is_cjk)).then_some(rest)
        })
        .collect();
    given.sort_unstable();
    given.dedup();
    given
        .into_iter()
        .filter(|g| !is_word(g))
        .map(str::to_string)
        .collect()
}

/// How sure a person named in full must be for its given name alone to
/// be that person. On the 59 documents of `structure-dev`, the people read
/// in full whose given names stand alone elsewhere were sure when right
/// (钱钟书 0.99, 何运旺 0.92, 王矮虎 0.98) and unsure when wrong (农文旅
/// 0.73, whose 文旅 is said 14 times; 林长制 0.77, 商泛迅 0.80, 郎石秀 0.86).
const SURE_FULL_NAME: f32 = 0.9;

/// `found` (sorted by start) with each mention of a person's given name
/// alone ([`given_names_of`]) that is no part of another entity and
/// starts and ends where the document's words do: a text that names
/// 钱钟书 once and then says 钟书 means him (and 林黛玉's 黛玉 is a word
/// of its own already). On the held-out MSRA articles read as one text,
/// 12 such mentions right and 1 wrong (曾先国 of 《曾先国画集》 is read
/// whole).
pub(super) fn given_names(
    text: &str,
    found: Vec<Entity>,
    given: &[String],
    words: &Words<'_>,
) -> Vec<Entity> {
    if given.is_empty() {
        return found;
    }
    let names: Vec<&str> = given.iter().map(String::as_str).collect();
    let mut at: Vec<(usize, usize)> = occurrences(text, &names)
        .into_iter()
        .map(|(i, a)| (a, a + names[i].len()))
        .collect();
    at.sort_unstable();
    with_people_at(found, at, |span| words.whole_words(span).is_some())
}

/// Every mention of each of `names` in `text` as (index in `names`,
/// start): for each name what `text.match_indices(name)` finds (left to
/// right, its mentions not overlapping one another), all found in one pass
/// over the text, in pieces side by side (a search per name made the pass
/// quadratic in long texts with many names).
fn occurrences(text: &str, names: &[&str]) -> Vec<(usize, usize)> {
    if names.is_empty() || names.iter().any(|n| n.is_empty()) {
        // (An empty name is found everywhere: the search per name.)
        return names
            .iter()
            .enumerate()
            .flat_map(|(i, n)| text.match_indices(n).map(move |(at, _)| (i, at)))
            .collect();
    }
    let Ok(ac) = aho_corasick::AhoCorasick::new(names) else {
        // Cannot happen for names this short; the search per name instead.
        return names
            .iter()
            .enumerate()
            .flat_map(|(i, n)| text.match_indices(n).map(move |(at, _)| (i, at)))
            .collect();
    };
    // Overlapping matches are every occurrence of every name; for each
    // name they come in order, so keeping those that start at or after the
    // end of its last kept one is what `match_indices` keeps.
    // The text is searched in pieces side by side; each name's matches
    // still come in order (the callers read the list in no order).
    let mut next = vec![0usize; names.len()];
    let mut out = Vec::new();
    let longest = names.iter().map(|n| n.len()).max().unwrap_or(0);
    for piece in super::links::overlapping_in_pieces(&ac, text, longest, super::links::SEARCH_PIECE)
    {
        for (i, start) in piece {
            if start >= next[i] {
                next[i] = start + names[i].len();
                out.push((i, start));
            }
        }
    }
    out
}

/// The strings that speak at least [`MIN_TURNS`] times in `text`, longest
/// first; never one that jieba reads there as one word of a kind that
/// names nobody (`tokens`: the document's words, at the offsets of
/// `text`): a conjunction, an adverb or a set phrase before a verb of
/// saying is a phrase of discourse (可以说，如果说，比如说，), not someone
/// speaking; and never with the title after a name (彭真同志说 → 彭真).
fn speaking_names(text: &str, lex: &Lexicon, tokens: &[Token]) -> Vec<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (i, c) in text.char_indices() {
        if !SAY_FIRST.contains(c) {
            continue;
        }
        let Some(v) = say_verb_at(&text[i..]) else {
            continue;
        };
        // Laws and rules stipulate (本法规定：, 增加规定：); people do not.
        if TEXT_VERBS.contains(&v) {
            continue;
        }
        let end = i + v.len();
        // The verb ends its clause (宋江道：, 罗世礼认为，).
        if !text[end..].chars().next().is_some_and(is_boundary)
            || !verb_ok(text, i, end)
            || inside_noun(tokens, i)
        {
            continue;
        }
        if let Some(name) = speaker_before(text, i).map(|n| without_role(n, lex))
            && !COLLECTIVE.contains(&name)
            && !COLLECTIVE_ENDS.iter().any(|end| name.ends_with(end))
            && !is_text(name)
            && !lex.is_role(name)
            && !names_nobody(text, name, tokens)
        {
            *counts.entry(name).or_default() += 1;
        }
    }
    let mut names: Vec<String> = counts
        .into_iter()
        .filter(|&(_, n)| n >= MIN_TURNS)
        .map(|(s, _)| s.to_string())
        .collect();
    names.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    names
}

/// `name` without a role or form of address after it (彭真同志说 → 彭真,
/// 王强书记说 → 王强): the name before it, when that is name-like.
fn without_role<'t>(name: &'t str, lex: &Lexicon) -> &'t str {
    name.char_indices()
        .skip(2)
        .find(|&(i, _)| lex.is_role(&name[i..]) && name_like(&name[..i]))
        .map_or(name, |(i, _)| &name[..i])
}

/// jieba's tags of words that never name anyone: conjunctions (可以,
/// 如果说, 所以), prepositions, pronouns, adverbs, modal particles and set
/// phrases (比如说); with the particles (u…). Not verbs, times or
/// adjectives: jieba gives those to names it does not know (时迁/v,
/// 如来/t).
const FUNCTION_TAGS: [&str; 6] = ["c", "p", "r", "d", "y", "l"];

/// Whether `name` (a slice of `text`, right before a verb of saying) is
/// one word of `tokens`, or starts one that goes on into the verb, that
/// names nobody ([`FUNCTION_TAGS`]: 可以 in 可以说, 如果说, 比如说).
fn names_nobody(text: &str, name: &str, tokens: &[Token]) -> bool {
    let start = name.as_ptr() as usize - text.as_ptr() as usize;
    let end = start + name.len();
    let k = tokens.partition_point(|t| t.span().start < start);
    tokens.get(k).is_some_and(|t| {
        let pos = t.pos();
        let span = t.span();
        span.start == start
            && span.end >= end
            && (FUNCTION_TAGS.contains(&pos) || pos.starts_with('u'))
    })
}

/// Whether the character at byte `at` lies inside a common noun of `tokens`
/// that starts before it (称 of 职称 and 名称, 说 of 学说): no verb of saying.
/// Not a verb (笑道, 地说) nor a name jieba glued to its verb (潘志鸿说).
fn inside_noun(tokens: &[Token], at: usize) -> bool {
    let k = tokens.partition_point(|t| t.span().end <= at);
    tokens.get(k).is_some_and(|t| {
        t.span().start < at && t.span().end > at && matches!(t.pos(), "n" | "vn" | "ng")
    })
}

/// The name standing alone between a clause boundary and the verb at `v`
/// (leading 只见/便 and trailing words of manner such as 笑 冷笑 便 dropped).
fn speaker_before(text: &str, v: usize) -> Option<&str> {
    let from = v.saturating_sub(24);
    let from = (from..v).find(|&k| text.is_char_boundary(k))?;
    let start = text[from..v]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_boundary(c) || c.is_whitespace())
        .map(|(k, c)| from + k + c.len_utf8())
        .or((from == 0).then_some(0))?;
    let mut s = &text[start..v];
    while let Some(l) = LEADS
        .iter()
        .find(|l| s.starts_with(*l) && s.len() > l.len())
    {
        s = &s[l.len()..];
    }
    while let Some(w) = CUTS.iter().find(|w| s.ends_with(*w) && s.len() > w.len()) {
        s = &s[..s.len() - w.len()];
    }
    name_like(s).then_some(s)
}

/// Two to four Chinese characters that may be a name: not a pronoun, not
/// nobody in particular, not a word of manner, not a place, no 和 but at
/// the end.
fn name_like(s: &str) -> bool {
    let n = s.chars().count();
    (2..=4).contains(&n)
        && s.chars().all(is_cjk)
        && !PRONOUNS.iter().any(|p| s.starts_with(p))
        && !s.starts_with(NEGATIONS)
        && !NOBODY.iter().any(|w| s.starts_with(w))
        && !CUTS.iter().any(|w| s.starts_with(w))
        && !s.starts_with([
            '众', '眾', '那', '这', '這', '该', '該', '此', '一', '两', '兩', '有', '各', '每',
        ])
        && !s
            .chars()
            .next_back()
            .is_some_and(|c| PLACE_ENDS.contains(c))
        && !s.chars().any(|c| "的了是在与與着著说說道".contains(c))
        // 和 joins two people (宋江和吴用) but may end a given name (蕭世和).
        && !s.trim_end_matches('和').contains('和')
}

/// Where a name glued to a verb of saying ends (某某道 → 某某, 冷笑道 → 冷,
/// then no name): the byte length before the verb and the words of manner
/// before it, when the string ends with a one-character verb of saying.
fn name_before_verb(name: &str) -> Option<usize> {
    let mut s = name.strip_suffix(['道', '说', '說', '曰'])?;
    while let Some(w) = CUTS.iter().find(|w| s.ends_with(*w)) {
        s = &s[..s.len() - w.len()];
    }
    Some(s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_are_each_names_matches_in_one_pass() {
        let text = "哈哈哈哈，王建国说。往王建国去，建国路上王建国笑道：哈哈！";
        let names = ["王建国", "建国", "哈哈", "哈哈哈", "不在"];
        let mut expected: Vec<(usize, usize)> = names
            .iter()
            .enumerate()
            .flat_map(|(i, n)| text.match_indices(n).map(move |(at, _)| (i, at)))
            .collect();
        let mut got = occurrences(text, &names);
        expected.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, expected);
        // 哈哈 in 哈哈哈哈 twice (not three times), 建国 inside every 王建国.
        assert_eq!(got.iter().filter(|&&(i, _)| i == 2).count(), 3);
        assert_eq!(got.iter().filter(|&&(i, _)| i == 1).count(), 4);
        assert!(occurrences(text, &[]).is_empty());
    }

    fn per(text: &str, s: &str) -> Entity {
        per_at(text, s, 0)
    }

    fn names(text: &str, found: Vec<Entity>) -> Vec<(String, Label)> {
        let lex = Lexicon::load();
        promote(text, found, &lex, &[])
            .into_iter()
            .map(|e| (text[e.start..e.end].to_string(), e.label))
            .collect()
    }

    /// A report, an analysis or figures that speak twice in news are a
    /// source, not a person (nor is 报告 in 报告会 after them); a person
    /// who speaks as often is one.
    #[test]
    fn texts_that_speak_are_nobody() {
        let text = "报告指出，就业总体稳定。分析认为，消费将回升。最新数据显示，物价平稳。\
                    报告称，出口增长。分析指出，投资加快。数据显示，收入增加。\
                    王志刚认为，前景向好。王志刚说，要稳住预期。事迹报告会在京举行。\
                    会议指出，要稳增长。会议强调，要保民生。双方表示，愿加强合作。\
                    双方认为，前景广阔。违反本法规定，处以罚款。违反本法规定，责令改正。";
        let got = names(text, vec![]);
        for nobody in [
            "报告",
            "分析",
            "数据",
            "最新数据",
            "会议",
            "双方",
            "违反本法",
        ] {
            assert!(!got.iter().any(|(s, _)| s == nobody), "{nobody}: {got:?}");
        }
        let wang = got
            .iter()
            .filter(|(s, l)| s == "王志刚" && *l == Label::Per);
        assert_eq!(wang.count(), 2, "{got:?}");
    }

    #[test]
    fn a_string_that_speaks_twice_is_a_person_everywhere() {
        let text = "行者笑道：“师父莫怕。”三藏道：“你去。”行者道：“我去也。”那行者纵身跳起。";
        let got = names(text, vec![]);
        let xz: Vec<_> = got.iter().filter(|(s, _)| s == "行者").collect();
        assert_eq!(xz.len(), 3, "{got:?}");
        // 三藏 spoke once: not enough on its own.
        assert!(!got.iter().any(|(s, _)| s == "三藏"), "{got:?}");
    }

    #[test]
    fn no_speech_verb_is_part_of_a_name() {
        let text = "那人冷笑道：“好。”阿福道：“是。”阿福说：“走。”";
        let got = names(text, vec![per(text, "冷笑道"), per(text, "阿福道")]);
        assert!(
            got.iter()
                .all(|(s, _)| !s.ends_with('道') && !s.ends_with('说')),
            "{got:?}"
        );
        assert!(!got.iter().any(|(s, _)| s.contains("冷")), "{got:?}");
        assert!(
            got.iter().filter(|(s, _)| s == "阿福").count() >= 2,
            "{got:?}"
        );
    }

    /// A person at `s`'s `nth` occurrence in `text`.
    fn per_at(text: &str, s: &str, nth: usize) -> Entity {
        let start = text.match_indices(s).nth(nth).map_or(0, |(k, _)| k);
        Entity {
            start,
            end: start + s.len(),
            label: Label::Per,
            source: Source::Pos,
            confidence: 0.5,
        }
    }

    #[test]
    fn a_speaking_name_wins_over_a_person_found_across_or_inside_it() {
        for (text, short, glued, name) in [
            (
                "記者問蕭志和，蕭志和說：「好。」蕭志和又表示：「係。」",
                "蕭志",
                "問蕭志",
                "蕭志和",
            ),
            (
                "记者问萧志和，萧志和说：“好。”萧志和又表示：“是。”",
                "萧志",
                "问萧志",
                "萧志和",
            ),
        ] {
            let got = names(text, vec![per_at(text, glued, 0), per_at(text, short, 1)]);
            assert!(got.iter().all(|(s, _)| s != short && s != glued), "{got:?}");
            assert_eq!(got.iter().filter(|(s, _)| s == name).count(), 3, "{got:?}");
        }
        // A longer person around a promoted given name stays.
        let text = "王建国来了。建国说：“好。”建国说：“走。”";
        let got = names(text, vec![per_at(text, "王建国", 0)]);
        assert!(got.iter().any(|(s, _)| s == "王建国"), "{got:?}");
    }

    #[test]
    fn a_speaker_is_a_person_everywhere_and_negations_and_adverbs_are_no_names() {
        for (text, place, neg, glued, full) in [
            (
                "王英道：“走。”王英道：“快。”王英在马上大怒。潘志鸿说，不想再答。潘亦有份视察。",
                "王英",
                "不想",
                "潘亦有",
                "潘志鸿",
            ),
            (
                "王英道：「走。」王英道：「快。」王英在馬上大怒。潘志鴻說，不想再答。潘亦有份視察。",
                "王英",
                "不想",
                "潘亦有",
                "潘志鴻",
            ),
        ] {
            let at = |s: &str, nth: usize| text.match_indices(s).nth(nth).map_or(0, |(k, _)| k);
            let mut loc = per_at(text, place, 2);
            loc.label = Label::Loc;
            let found = vec![
                loc,
                per_at(text, full, 0),
                per_at(text, neg, 0),
                per_at(text, glued, 0),
            ];
            let lex = Lexicon::load();
            let got = promote(text, found, &lex, &[]);
            let label_at = |k: usize| got.iter().find(|e| e.start == k).map(|e| (e.end, e.label));
            assert_eq!(
                label_at(at(place, 2)),
                Some((at(place, 2) + place.len(), Label::Per)),
                "{got:?}"
            );
            assert!(got.iter().all(|e| e.start != at(neg, 0)), "{got:?}");
            let g = at(glued, 0);
            assert_eq!(
                label_at(g),
                Some((g + '潘'.len_utf8(), Label::Per)),
                "{got:?}"
            );
        }
    }

    /// A full name whose second character is also an adverb (乃 曾 则)
    /// stays whole where the document names it twice or names nobody else
    /// of its surname; after another full name of that surname, a surname
    /// and an adverb found once (潘亦有份) is the surname alone.
    #[test]
    fn full_names_with_an_adverb_inside_are_not_cut() {
        // Named twice, beside another 李 named in full.
        let text = "李乃蔚的画恬淡。李鹏参观了画展。李乃蔚善于发现美。";
        let found = vec![
            per_at(text, "李乃蔚", 0),
            per_at(text, "李鹏", 0),
            per_at(text, "李乃蔚", 1),
        ];
        let got = names(text, found);
        assert_eq!(
            got.iter().filter(|(s, _)| s == "李乃蔚").count(),
            2,
            "{got:?}"
        );
        // Named once, nobody else of the surname.
        let text = "汪曾祺写过这篇文章。";
        let got = names(text, vec![per(text, "汪曾祺")]);
        assert_eq!(got, [("汪曾祺".to_string(), Label::Per)]);
        // Found once after another 潘 named in full: the surname alone.
        let text = "潘志鸿到了。潘亦有份视察。";
        let got = names(text, vec![per(text, "潘志鸿"), per(text, "潘亦有")]);
        assert!(got.iter().any(|(s, _)| s == "潘"), "{got:?}");
        assert!(got.iter().all(|(s, _)| s != "潘亦有"), "{got:?}");
    }

    /// jieba's words of `text`, as the pipeline tags them.
    fn words_of(text: &str) -> (Vec<Token>, &'static jieba_rs::Jieba) {
        use crate::annotate::tokens::{PosOverrides, build_jieba, tokenize_with};
        static JIEBA: std::sync::OnceLock<Option<jieba_rs::Jieba>> = std::sync::OnceLock::new();
        let Some(jieba) = JIEBA.get_or_init(|| build_jieba().ok()).as_ref() else {
            panic!("jieba did not load");
        };
        (tokenize_with(text, jieba, &PosOverrides::load()), jieba)
    }

    /// 称 ending the noun 职称 (and 说 of 学说) is no verb of saying: a
    /// phrase before it said twice is nobody.
    #[test]
    fn a_noun_ending_in_a_verb_of_saying_does_not_speak() {
        let text = "评定职称，学历固然重要。评定职称，名与实要相符。\
                    王小明称，他会来。王小明称，他不来。";
        let (tokens, _) = words_of(text);
        let got: Vec<&str> = promote(text, vec![], &Lexicon::load(), &tokens)
            .iter()
            .map(|e| &text[e.start..e.end])
            .collect();
        assert_eq!(got, ["王小明", "王小明"]);
    }

    /// The people given names alone, with `found` read by [`given_names`]
    /// after [`given_names_of`]; the words are jieba's as the pipeline tags.
    fn with_given_names(text: &str, found: Vec<Entity>) -> Vec<String> {
        let (tokens, jieba) = words_of(text);
        let lex = Lexicon::load();
        let given = given_names_of(text, &found, &lex, |w| jieba.has_word(w));
        let words = Words {
            tokens: &tokens,
            in_dictionary: &[],
        };
        given_names(text, found, &given, &words)
            .into_iter()
            .filter(|e| e.label == Label::Per)
            .map(|e| text[e.start..e.end].to_string())
            .collect()
    }

    /// A person read surely in full is the given name alone elsewhere in the
    /// document, where that stands as a word of its own and is no word of
    /// the language (建国 of 王建国 is one), and never from an unsure
    /// reading (农文旅 would make every 文旅 a person).
    #[test]
    fn a_given_name_alone_is_the_person_named_in_full() {
        let text = "钱钟书和我同在牛津。钟书对我说：吴宓先生是真诚的人，钟书也是。";
        let sure = |s: &str, nth: usize| Entity {
            confidence: 0.99,
            ..per_at(text, s, nth)
        };
        let got = with_given_names(text, vec![sure("钱钟书", 0)]);
        assert_eq!(got, ["钱钟书", "钟书", "钟书"]);
        // Unsure: nothing added.
        let unsure = Entity {
            confidence: 0.73,
            ..per_at(text, "钱钟书", 0)
        };
        assert_eq!(with_given_names(text, vec![unsure]), ["钱钟书"]);
        // A given name that is a word of the language stays one.
        let text = "王建国来了。建国以来，变化很大。";
        let found = vec![Entity {
            confidence: 0.99,
            ..per_at(text, "王建国", 0)
        }];
        assert_eq!(with_given_names(text, found), ["王建国"]);
    }

    #[test]
    fn places_ending_like_buildings_are_not_people() {
        let text = "众人到了玉真观，又往朱紫国去。";
        let got = names(text, vec![per(text, "玉真观"), per(text, "朱紫国")]);
        assert!(got.iter().all(|(_, l)| *l == Label::Loc), "{got:?}");
    }

    #[test]
    fn roles_and_crowds_are_not_promoted() {
        let text = "记者问：“好吗？”记者问：“真的？”大家说：“好。”大家说：“对。”";
        assert!(names(text, vec![]).is_empty());
        // Nor what one does not want to say twice (不想再答，).
        let text = "她不想再答，又不想再答，只是笑。";
        assert!(names(text, vec![]).is_empty());
        // Nor the people of a place (村里人说, 当地人说).
        let text = "村里人说，过去吃饭难。村里人介绍说，去年好了。当地人说，是。当地人说，对。";
        assert!(names(text, vec![]).is_empty(), "{:?}", names(text, vec![]));
        // Nor this or that text (该文中说, 此文称).
        let text = "该文中说：“好。”该文中说：“对。”此文称，是。此文称，否。";
        assert!(names(text, vec![]).is_empty(), "{:?}", names(text, vec![]));
    }

    #[test]
    fn traditional_text_promotes_too() {
        let text = "阿明說：「我唔知道。」阿明說：「冇問題。」後來阿明走了。";
        let got = names(text, vec![]);
        assert_eq!(
            got.iter().filter(|(s, _)| s == "阿明").count(),
            3,
            "{got:?}"
        );
    }
}
