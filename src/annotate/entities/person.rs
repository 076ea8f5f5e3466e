//! PER: a surname, a given name of one or two characters, and the context
//! around it — a role word before (部长郑健麟, CEO吕奕昊), a speech verb or a
//! role after (黄红说, 张三教授), jieba's `nr` tag, whether jieba knew the
//! word or guessed it with its HMM, and how name-like the given name is.
//! Common words jieba calls names (许可, 雷阵雨) and places (张江, 杨浦)
//! are never people.

use super::lexicon::{CharSet, List, ends_not_name};
use super::{Candidates, Label, Lexicon, Sent, Source, Tok, is_cjk};
use std::sync::LazyLock;

/// Tags of one-character words that never end a name split over several
/// words (贺|电|中, 周|二|晚, 丁东|所).
const NOT_NAME_END_TAGS: &[&str] = &["f", "c", "u", "uj", "ul", "p", "d", "tg", "r"];

/// Score a candidate needs to be kept.
const THRESHOLD: f32 = 0.45;

/// Characters that never start or continue a given name.
/// Surnames that are far more often function words or common morphemes
/// (和 向 由 于 …): a name starting with one needs a role word before it.
const FUNCTION_SURNAMES: &str = "和向由于任都那连但诸令受位付原以时有满行广大从把被将对在与及或也还就又很不没着过之其这每各该本此们个年月日上下中前后里外来去到给让叫比全";
static FUNCTION_SURNAME_CHARS: LazyLock<CharSet> = LazyLock::new(|| CharSet::of(FUNCTION_SURNAMES));

/// Whether `surname` is in [`FUNCTION_SURNAMES`] (a character of it, or a
/// longer piece of the string).
fn function_surname(surname: &str) -> bool {
    FUNCTION_SURNAME_CHARS.is_one_of(surname)
        || surname.chars().nth(1).is_some() && FUNCTION_SURNAMES.contains(surname)
}

/// Speech verbs jieba may glue to the last character of a name.
const GLUED_CUES: &[&str] = &["说", "称", "说道", "表示"];

const NOT_GIVEN: &str =
    "的了是在和与及或说等为对从把被将向于也都就还又很不没着过之其这那每各该本此们个年月日时老某到";
static NOT_GIVEN_CHARS: LazyLock<CharSet> = LazyLock::new(|| CharSet::of(NOT_GIVEN));

/// Words after a surname that stand for the person, who is tagged by the
/// surname alone (胡老, 郑某, 刘家); 老 and 小 before it likewise (老于, 小王).
const SURNAME_FORMS: &[&str] = &["老", "某", "家"];

/// Words after a well-known name inside one token (邓小平理论, 毛泽东思想).
const NAME_SUFFIX_WORDS: &[&str] = &[
    "理论",
    "思想",
    "主义",
    "同志",
    "主席",
    "总理",
    "总统",
    "先生",
    "文选",
    "选集",
    "著作",
    "故居",
    "诞辰",
    "时代",
    "纪念馆",
];

pub(super) fn find(sent: &Sent, lex: &Lexicon, out: &mut Candidates) {
    let text = sent.text;
    let n = sent.toks.len();
    for i in 0..n {
        let t = &sent.toks[i];
        // A known name glued to a following word: 邓小平理论.
        if t.chars >= 4
            && let Some(rest) = NAME_SUFFIX_WORDS
                .iter()
                .find_map(|w| t.word.strip_suffix(w))
            && (lex.people.contains(rest)
                || lex.surname_of(rest).is_some() && rest.chars().count() == 3 && !t.known)
        {
            out.push(t.start, t.start + rest.len(), Label::Per, Source::Rule, 0.8);
            continue;
        }
        // The surname at the token's start, as read on into the next words
        // (司|马光), and the one the word itself starts with: a compound
        // surname only with more of the word after it.
        let at_start = t.surname_at_start(&text[t.start..], lex);
        let word_surname = match at_start {
            Some(s) if t.chars < 3 && s.chars().nth(1).is_some() => t.surname(lex),
            s => s,
        };
        // A surname with a role: 李老师, 汤局长, 李/老师.
        if let Some(surname) = word_surname {
            let rest = &t.word[surname.len()..];
            let role_after = (rest.is_empty() && sent.word_is(i + 1, List::Role))
                || (!rest.is_empty() && lex.is_role(rest) && !t.is(List::NotPerson));
            // 毛主席, 项市长: one token, whatever jieba calls it.
            let titled = !rest.is_empty() && role_after && t.chars <= 4;
            if role_after && (t.pos.starts_with("nr") || titled) && !function_surname(surname) {
                out.push(
                    t.start,
                    t.start + surname.len(),
                    Label::Per,
                    Source::Rule,
                    0.55,
                );
            }
        }
        // 钱|老|说: a surname word and 老 before a speech verb or a stop.
        if t.chars == 1
            && t.is(List::Surname)
            && !function_surname(t.word)
            && sent.word(i + 1) == "老"
            && (sent.word_is(i + 2, List::PersonCue)
                || matches!(sent.word(i + 2), "，" | "。" | "、" | ""))
        {
            out.push(t.start, t.end, Label::Per, Source::Rule, 0.6);
            continue;
        }
        // A player by shirt number (17号李, 7号穆勒).
        if i >= 2
            && sent.toks[i - 1].word == "号"
            && sent.toks[i - 2]
                .word
                .chars()
                .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
            && (nr(t.pos) || t.pos == "nz")
            && (1..=4).contains(&t.chars)
            && t.word.chars().all(is_cjk)
            && !t.is(List::Place)
            && !t.is(List::Org)
        {
            out.push(t.start, t.end, Label::Per, Source::Rule, 0.6);
            continue;
        }
        if t.facts.cup {
            trophy(t, lex, out);
        }
        if let Some((a, b)) = japanese(sent, lex, i) {
            out.push(a, b, Label::Per, Source::Rule, 0.6);
            continue;
        }
        // A word jieba takes for a place but which stands between a role
        // and a speech verb (国务委员|罗干|说, 司令|巴克|海军少将): a person.
        if t.pos == "ns" && ns_person(sent, lex, i) {
            out.push(t.start, t.end, Label::Per, Source::Rule, 0.6);
            continue;
        }
        if let Some((a, b)) = surname_form(t, lex) {
            out.push(a, b, Label::Per, Source::Rule, 0.6);
            continue;
        }
        // Start at the token's start, or inside a word jieba's HMM made up
        // (群周|梦梦 → 周梦梦): nowhere for a word read from its start alone
        // that starts with no surname.
        let from_start_only = t.known || t.chars > 4;
        if from_start_only && at_start.is_none() {
            continue;
        }
        let starts = text[t.start..t.end]
            .char_indices()
            .map(|(k, _)| t.start + k)
            .take(if from_start_only { 1 } else { t.chars });
        for p in starts {
            let surname = if p == t.start {
                at_start
            } else {
                lex.surname_of(&text[p..])
            };
            let Some(surname) = surname else {
                continue;
            };
            let given_start = p + surname.len();
            let mut best: Option<(usize, f32)> = None;
            for given_len in 1..=2 {
                let Some(end) = nth_char_end(text, given_start, given_len) else {
                    break;
                };
                let given = &text[given_start..end];
                if lex.is_role(given) {
                    break; // 陈小姐, 郑先生: a surname and a title
                }
                // 和乘客, 都要到, 向学昭: a function word first is a surname
                // only after a role and where jieba saw a name.
                if function_surname(surname)
                    && !(lex.ends_with_role(&text[..p]) && (nr(t.pos) || !t.known))
                {
                    break;
                }
                // 之 in a given name (龚育之, 张之路) only where jieba tags
                // the whole name, or a role or speech verb follows it.
                // Other such characters only inside a three-character
                // word jieba tags as a name (陈和生, 邝日容).
                let whole_nr = nr(t.pos) && t.start == p && t.end == end;
                let zhi_ok = |c: char| {
                    c == '之' && (whole_nr || next_is_cue(sent, i, end))
                        || whole_nr
                            && t.chars == 3
                            && given.starts_with(c)
                            && "和日月年时本".contains(c)
                };
                if !given
                    .chars()
                    .all(|c| is_cjk(c) && (!NOT_GIVEN_CHARS.contains(c) || zhi_ok(c)))
                {
                    // 陈和|生: the whole word may still be a name.
                    if given_len == 1 && nr(t.pos) && t.start == p && t.chars == 3 {
                        continue;
                    }
                    break;
                }
                if given_len == 2 && ends_not_name(&text[..end]) {
                    break; // 伍德县, 坂子矶
                }
                // The name must end where a word ends, within three words,
                // or where a speech verb glued to it starts (梁子|墨说).
                let (j, glued) = match (i..n.min(i + 3)).find(|&j| sent.toks[j].end == end) {
                    Some(j) => (j, false),
                    None => match (i..n.min(i + 3)).find(|&j| {
                        let t = sent.toks[j];
                        t.start < end
                            && end < t.end
                            && !t.known
                            && GLUED_CUES.contains(&&text[end..t.end])
                    }) {
                        Some(j) => (j, true),
                        None => continue,
                    },
                };
                let mut score = score(
                    sent,
                    lex,
                    Cand {
                        i,
                        j,
                        start: p,
                        end,
                        given,
                        glued,
                    },
                );
                if glued {
                    score += 0.25;
                }
                // A two-character name jieba tagged and one more given-name
                // character standing alone after it (汪明|新): the longer.
                let third = given_len == 2
                    && sent
                        .toks
                        .get(j)
                        .is_some_and(|t| t.chars == 1 && t.start + 3 <= end)
                    && (given
                        .chars()
                        .last()
                        .is_some_and(|c| lex.given_chars.contains(c))
                        || lex.ends_with_role(&text[..p]));
                if score >= THRESHOLD && best.is_none_or(|(_, s)| score >= s || third) {
                    best = Some((end, score));
                }
            }
            if let Some((end, score)) = best {
                let conf = (0.35 + score / 2.0).min(0.95);
                out.push(p, end, Label::Per, Source::Rule, conf);
            }
        }
    }
}

/// Cups named after people (汤杯 Thomas, 尤伯杯 Uber, 汤尤杯赛): the
/// People's Daily tags the name — each surname of a pair on its own.
/// Not cups of gold or silver (金杯, 银杯) or a toast (干杯).
fn trophy(t: &Tok, lex: &Lexicon, out: &mut Candidates) {
    let Some(k) = t.word.find('杯') else { return };
    let prefix = &t.word[..k];
    let n = prefix.chars().count();
    let surname = |c: char| {
        let mut b = [0u8; 4];
        lex.surnames.contains(&*c.encode_utf8(&mut b)) && !"金银铜玉石干木竹".contains(c)
    };
    if (1..=2).contains(&n) && prefix.chars().all(surname) {
        for (off, c) in prefix.char_indices() {
            let a = t.start + off;
            out.push(a, a + c.len_utf8(), Label::Per, Source::Rule, 0.6);
        }
    } else if (2..=4).contains(&n) && prefix.chars().all(super::foreign::foreign_char) {
        out.push(t.start, t.start + k, Label::Per, Source::Rule, 0.6);
    }
}

/// A Japanese family name (桥本首相, 小泉说), with a given name of two
/// characters after it in the same or the next word (冈田|武史说): byte
/// range of the name.
fn japanese(sent: &Sent, lex: &Lexicon, i: usize) -> Option<(usize, usize)> {
    let t = &sent.toks[i];
    // The family names are of two characters: the word, or its start.
    let family = match t.chars {
        2 if t.is(List::JapaneseSurname) => t.word,
        3.. if t
            .word
            .chars()
            .next()
            .is_some_and(|c| lex.japanese_surname_starts.contains(c)) =>
        {
            let two = t
                .word
                .char_indices()
                .nth(2)
                .map_or(t.word.len(), |(k, _)| k);
            lex.japanese_surnames.get(&t.word[..two])?
        }
        _ => return None,
    };
    let rest = t.chars - 2;
    // The word after the name, skipping one adverb (桥本|还|表示).
    let cue_at = |k: usize| {
        let w = sent.word(k);
        sent.word_is(k, List::PersonCue)
            || sent.word_is(k, List::Role)
            || PERSON_AFTER.contains(&w)
            || matches!(w, "：" | "、")
            || sent.toks.get(k).is_some_and(|t| t.pos == "d")
                && sent.word_is(k + 1, List::PersonCue)
    };
    match rest {
        0 if cue_at(i + 1) => Some((t.start, t.end)),
        // 冈田|武史 or 冈田武史: a two-character given name jieba did not
        // take for an ordinary word.
        0 if sent.toks.get(i + 1).is_some_and(|g| {
            g.chars == 2 && (nr(g.pos) || !g.known) && g.word.chars().all(is_cjk)
        }) && cue_at(i + 2) =>
        {
            Some((t.start, sent.toks[i + 1].end))
        }
        // 山田|健一说: the given name with a speech verb glued to it.
        0 if sent.toks.get(i + 1).is_some_and(|g| {
            g.chars == 3 && !g.known && g.word.ends_with('说') && g.word.chars().all(is_cjk)
        }) =>
        {
            let g = sent.toks[i + 1];
            Some((t.start, g.end - '说'.len_utf8()))
        }
        2 if nr(t.pos) && family.len() < t.word.len() => Some((t.start, t.end)),
        _ => None,
    }
}

/// Words after a name that show it is a person even when jieba tagged
/// it as a place (拉埃女士, 罗干说).
const PERSON_AFTER: &[&str] = &[
    "女士", "先生", "夫人", "小姐", "等人", "一行", "总统", "总理", "首相",
];

/// Whether the place-tagged word `i` is a person: not a known place, not
/// ending like one, with a role right before it or a speech verb or a
/// title right after it.
fn ns_person(sent: &Sent, lex: &Lexicon, i: usize) -> bool {
    let t = &sent.toks[i];
    if !(2..=5).contains(&t.chars)
        || t.is(List::Place)
        || t.is(List::CommonNsNt)
        || lex.place_suffix_of(t.word).is_some()
        || t.word.chars().any(|c| lex.loc_abbrev.contains(c))
        || !t.word.chars().all(is_cjk)
    {
        return false;
    }
    let next = sent.word(i + 1);
    let role_before = i > 0 && lex.ends_with_role(sent.toks[i - 1].word);
    role_before || sent.word_is(i + 1, List::PersonCue) || PERSON_AFTER.contains(&next)
}

/// Whether the first two characters from byte `start` are a dictionary
/// word that is not a name.
fn head_is_word(sent: &Sent, lex: &Lexicon, start: usize) -> bool {
    nth_char_end(sent.text, start, 2).is_some_and(|e| {
        let w = &sent.text[start..e];
        sent.dict.has_word(w) && !sent.name_words().contains(&w) && !lex.surnames.contains(w) // 诸葛亮 is a name
    })
}

fn nr(pos: &str) -> bool {
    matches!(pos, "nr" | "nrfg" | "nrt")
}

/// Whether the word starting at byte `end` (in token `i` or after it) is a
/// role or a speech verb.
fn next_is_cue(sent: &Sent, i: usize, end: usize) -> bool {
    // Tokens are in text order: none past `end` can start there.
    sent.toks[i..]
        .iter()
        .take_while(|t| t.start <= end)
        .find(|t| t.start == end)
        .is_some_and(|t| t.is(List::Role) || t.is(List::PersonCue))
}

/// A surname standing for the person (胡老, 郑某, 刘家, 老于, 小王), in
/// the People's Daily convention of tagging only the surname. Byte range
/// of the surname.
fn surname_form(t: &Tok, lex: &Lexicon) -> Option<(usize, usize)> {
    if t.known && !nr(t.pos) || t.is(List::NotPerson) || t.is(List::Role) {
        return None;
    }
    let mut cs = t.word.char_indices();
    let (_, c0) = cs.next()?;
    let (k1, c1) = cs.next()?;
    if matches!(c0, '老' | '小') {
        let rest = &t.word[k1..];
        return match t.chars {
            2 if lex.surnames.contains(rest) && !function_surname(rest) => {
                Some((t.start + k1, t.end))
            }
            _ => None,
        };
    }
    let surname = &t.word[..k1];
    let form = &t.word[k1..k1 + c1.len_utf8()];
    let ok = lex.surnames.contains(surname)
        && !function_surname(surname)
        && SURNAME_FORMS.contains(&form)
        && (form != "家" || nr(t.pos) && t.chars == 2)
        && (t.chars == 2 || nr(t.pos) && t.chars == 3);
    ok.then_some((t.start, t.start + k1))
}

/// End byte of the `k`-th character after `from`, if the text has it.
fn nth_char_end(text: &str, from: usize, k: usize) -> Option<usize> {
    let mut it = text[from..].char_indices();
    let (off, c) = it.nth(k - 1)?;
    Some(from + off + c.len_utf8())
}

/// A candidate name: tokens `i..=j`, bytes `start..end`, its given name,
/// and whether a speech verb is glued to its last word.
#[derive(Clone, Copy)]
struct Cand<'a> {
    i: usize,
    j: usize,
    start: usize,
    end: usize,
    given: &'a str,
    glued: bool,
}

/// How person-like `text[start..end]` (tokens `i..=j`) is.
fn score(sent: &Sent, lex: &Lexicon, c: Cand) -> f32 {
    let Cand {
        i,
        j,
        start,
        end,
        given,
        glued,
    } = c;
    let lists = lex.entry(&sent.text[start..end]).lists;
    if lists.has(List::NotPerson)
        || lists.has(List::Place)
        || lists.has(List::Org)
        || lists.has(List::Role)
    {
        return 0.0;
    }
    let first = sent.toks[i];
    let whole_token = i == j && first.start == start && !glued;
    // 罗威|汽车, 埃舍德|小镇: a head noun after it names a thing or place.
    if !glued && sent.word_is(j + 1, List::NotPersonHead) {
        return 0.0;
    }
    let role_before = lex.ends_with_role(&sent.text[..start]);
    let mut s = 0.0;
    if whole_token {
        match (nr(first.pos), first.known) {
            // A made-up name word whose surname and first given character
            // are a word of their own (宣传|词, 英文|书, 范围|广).
            (true, false) if first.chars == 3 && head_is_word(sent, lex, start) => s += 0.1,
            (true, false) => s += 0.45,
            // A dictionary name word whose first two characters are a
            // word or a place (宣传|词, 江西|籍): hardly a name.
            (true, true) if first.chars == 3 && head_is_word(sent, lex, start) => s += 0.15,
            (true, true) if first.chars >= 3 => s += 0.35,
            (true, true) => s += 0.15,
            // A word jieba's HMM made up, of a name's length.
            (false, false) if first.chars >= 3 => s += 0.3,
            (false, false) => s += 0.1,
            // A rare proper noun of a name's length (周铁农/nz): only with
            // context.
            (false, true) if first.pos == "nz" && first.chars == 3 => s += 0.1,
            // A dictionary word that is something else (许可 vn, 熊猫 …).
            (false, true) => s -= 0.5,
        }
    } else {
        // Surname and given name split over several words, or the name
        // starting inside a made-up word: every piece must be short or
        // made up, not an ordinary word of the dictionary.
        let last = if glued { j.saturating_sub(1).max(i) } else { j };
        // A lone surname jieba tags as a name and a two-character word
        // after it (江|宏伟, 蒋|天才): the word is the given name.
        let tagged_surname = last == i + 1
            && first.chars == 1
            && first.start == start
            && nr(first.pos)
            && sent.toks[last].chars == 2
            && !sent.toks[last].pos.starts_with('v');
        let pieces_ok = tagged_surname
            || (i..=last).all(|k| {
                let t = sent.toks[k];
                !t.known || t.chars == 1 || nr(t.pos) || t.pos == "nz"
            });
        // Ordinary words among the pieces (梁子|墨): only with a role
        // before or a speech verb after.
        let strong_context =
            role_before || sent.word_is(j + 1, List::PersonCue) || sent.word_is(j + 1, List::Role);
        let last_tok = sent.toks[last];
        if last > i
            && last_tok.chars == 1
            && last_tok.word != "之"
            && NOT_NAME_END_TAGS.contains(&last_tok.pos)
        {
            return 0.0;
        }
        if tagged_surname {
            s += 0.2;
        } else if pieces_ok {
            s += 0.1;
        } else if !(strong_context || glued && !first.pos.starts_with('v')) || j - i > 1 {
            return 0.0;
        }
        if first.start < start && !lex.is_role(&sent.text[first.start..start]) {
            // Starts inside a word: only when that word was made up too.
            s -= 0.05;
        }
    }
    // The given name has one or two characters.
    let mut gs = given.chars();
    let (g0, g1) = (gs.next(), gs.next());
    let two = g1.is_some() && gs.next().is_none();
    let common = given
        .chars()
        .filter(|&c| lex.given_chars.contains(c))
        .count();
    s += 0.1 * common as f32;
    if two {
        s += 0.1; // most Chinese names have two-character given names
    }
    if two && g0 == g1 {
        s += 0.15; // reduplicated given names: 梦梦, 丽丽
    }
    if g0.is_some() && g1.is_none() && (!whole_token || common == 0) {
        s -= 0.1;
    }
    // Context before: a role word (副部长郑健麟, CEO吕奕昊, 记者王平).
    if role_before {
        s += 0.35;
    }
    // Context after: a speech verb, a role, or a list separator.
    let next = if glued { "" } else { sent.word(j + 1) };
    let next_is = |list| !glued && sent.word_is(j + 1, list);
    if next_is(List::PersonCue) {
        s += 0.25;
    } else if next_is(List::Role) {
        s += 0.2;
    } else if matches!(next, "，" | "、" | "," | "：" | ":" | "（" | "(") || next.is_empty() {
        s += 0.05;
    }
    s
}

/// Separators of a list of names (张三、李四 / 张三和李四).
const LIST_SEPS: &[&str] = &["、", "和", "与", "及", "同"];

/// Function words jieba glues to the front of a name (有|华伟光).
const LIST_NOT_FIRST: &str =
    "的了是在和与及或为对从把被将向于也都就还又很不没有着过之其这那每各该本此们";

/// Names listed next to a fairly confident person (记者王海平、林静报道,
/// （陈明、刘谦）): a word of a name's shape on the other side of 、 (or of
/// 和 与 及 for words jieba tags as names) is a person too. Runs after the
/// other rules over all candidates so far; adds to them.
pub(super) fn lists(sent: &Sent, lex: &Lexicon, out: &mut Candidates) {
    let toks = &sent.toks;
    let mut seeds: Vec<(usize, usize)> = out
        .0
        .iter()
        .filter(|e| e.label == Label::Per && e.confidence >= 0.55)
        .filter_map(|e| Some((sent.word_starting_at(e.start)?, sent.word_ending_at(e.end)?)))
        .collect();
    let mut added: rustc_hash::FxHashSet<usize> = Default::default();
    let mut spans = SpanIndex::new(out);
    while let Some((a, b)) = seeds.pop() {
        for (sep, item) in [(b + 1, b + 2), (a.wrapping_sub(1), a.wrapping_sub(2))] {
            let (Some(s), Some(t)) = (toks.get(sep), toks.get(item)) else {
                continue;
            };
            if !LIST_SEPS.contains(&s.word) || added.contains(&item) {
                continue;
            }
            let strict = s.word != "、";
            if name_shaped(t, lex, strict) && !spans.overlaps(t.start, t.end) {
                out.push(t.start, t.end, Label::Per, Source::Rule, 0.6);
                spans.add(t.start, t.end);
                added.insert(item);
                seeds.push((item, item));
            } else if !strict
                && item > b
                && let Some(end) = split_name(sent, item)
                && !spans.overlaps(t.start, toks[end].end)
            {
                // 、粟|明远）: a surname alone and a given name.
                out.push(t.start, toks[end].end, Label::Per, Source::Rule, 0.6);
                spans.add(t.start, toks[end].end);
                added.insert(item);
                seeds.push((item, end));
            }
        }
    }
}

/// The candidates that block a listed name: those of another label found
/// with confidence, and every person. Answers "does a candidate cover bytes
/// `start..end` in part" by looking only at those starting within the
/// longest candidate's length before `end` (a scan of every candidate per
/// listed name made long lists quadratic).
struct SpanIndex {
    /// (start, end) pairs, sorted.
    spans: std::collections::BTreeSet<(usize, usize)>,
    longest: usize,
}

impl SpanIndex {
    fn new(out: &Candidates) -> SpanIndex {
        let mut index = SpanIndex {
            spans: Default::default(),
            longest: 0,
        };
        for e in out
            .0
            .iter()
            .filter(|e| e.confidence >= 0.6 || e.label == Label::Per)
        {
            index.add(e.start, e.end);
        }
        index
    }
    fn add(&mut self, start: usize, end: usize) {
        self.longest = self.longest.max(end.saturating_sub(start));
        self.spans.insert((start, end));
    }
    fn overlaps(&self, start: usize, end: usize) -> bool {
        let from = start.saturating_sub(self.longest);
        self.spans
            .range((from, 0)..(end, 0))
            .any(|&(s, e)| s < end && start < e)
    }
}

/// A word shaped like a name: tagged as one by jieba, or a surname and one
/// or two characters jieba did not know as a word (or tagged as a rare
/// proper noun). `strict`: only words jieba tags as names.
fn name_shaped(t: &Tok, lex: &Lexicon, strict: bool) -> bool {
    if t.is(List::NotPerson)
        || t.is(List::Place)
        || t.is(List::Org)
        || t.is(List::Role)
        || ends_not_name(t.word)
        || !t.word.chars().all(is_cjk)
        || t.word.starts_with(|c| LIST_NOT_FIRST.contains(c))
    {
        return false;
    }
    if nr(t.pos) {
        return (2..=4).contains(&t.chars);
    }
    !strict
        && t.surname(lex).is_some()
        && t.chars == 3
        && (!t.known || matches!(t.pos, "nz" | "i" | "m" | "ns" | "j"))
}

/// A name jieba split into a one-character surname it tags as a name and
/// a given name of one or two characters, ending the list item (before
/// 、 ） ， or the end): index of the given name's word.
fn split_name(sent: &Sent, k: usize) -> Option<usize> {
    let (t, g) = (sent.toks.get(k)?, sent.toks.get(k + 1)?);
    let after = sent.word(k + 2);
    let ok = nr(t.pos)
        && t.chars == 1
        && t.is(List::Surname)
        && !function_surname(t.word)
        && (1..=2).contains(&g.chars)
        && g.word
            .chars()
            .all(|c| is_cjk(c) && !NOT_GIVEN_CHARS.contains(c))
        && !g.is(List::Role)
        && matches!(after, "、" | "）" | ")" | "，" | "" | "报道");
    ok.then_some(k + 1)
}
