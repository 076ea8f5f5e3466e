//! LOC by rule: one-character short forms of countries and provinces (中美
//! → 中 + 美, 中韩两国, 访华, 抵京, 中方), and a place word followed by a place
//! suffix (上海 + 市, 浦东 + 新区, a guessed word + 县).

use super::lexicon::{CharSet, List, ends_in_division};
use super::{Candidates, Label, Lexicon, Sent, Source, Tok};
use std::sync::LazyLock;

/// Words after a run of short forms that confirm them (中美关系, 中韩两国).
const RUN_CONFIRM: &[&str] = &[
    "关系",
    "两国",
    "三国",
    "双方",
    "之间",
    "合作",
    "贸易",
    "联合公报",
];
/// Short forms that a travel verb may take alone (在/京, 赴/美); 中 is too
/// common a character for that.
const TRAVEL_TARGETS: &str = "华京沪港澳台美日俄英法德韩";
/// Short forms that combine with 方 军 人 侨 …; and words that look so but
/// are not (美人 a beauty, 法人 a legal person).
const PEOPLE_ABBREV: &str = "华中美日俄英法德韩朝越泰印巴港澳台";
static PEOPLE_ABBREV_CHARS: LazyLock<CharSet> = LazyLock::new(|| CharSet::of(PEOPLE_ABBREV));
const NOT_PEOPLE: &[&str] = &["美人", "中人", "法人"];
/// Last characters of names of sites that are rarely the last character
/// of a person's name (清凉寺, 肯特郡, 罗滕堡, 马拉若岛).
const LANDMARKS: [char; 8] = ['寺', '庙', '郡', '堡', '宫', '岛', '峡', '湾'];

pub(super) fn find(sent: &Sent, lex: &Lexicon, out: &mut Candidates) {
    let n = sent.toks.len();
    for i in 0..n {
        let t = &sent.toks[i];
        // The short-form rules all start at a short form or a travel verb
        // ([`short_form_cue`], looked up with the word).
        if t.facts.short_form_cue && short_forms(sent, lex, i, out) {
            continue;
        }
        // A known place at the start of a longer word: 中国京剧, 南亚地区,
        // 中国人 (looked up with the word: [`major_place_cut`]).
        if let Some(cut) = t.major_place_cut(lex) {
            out.push(t.start, t.start + cut, Label::Loc, Source::Rule, 0.5);
        }
        // A name with an administrative suffix, as one word jieba took for a
        // person's or made up (李家村, 伍德县), or as a name word and the
        // suffix apart (塔科马|市, 平湖|村); a transliteration before it
        // belongs to it (莱克|伍德县).
        let name_like = |t: &Tok| matches!(t.pos, "nr" | "nrt" | "nz") || !t.known;
        let one_word = t.chars >= 3
            && matches!(t.pos, "nr" | "nrt" | "nz")
            && (ends_in_division(t.word) || t.word.ends_with(LANDMARKS));
        let apart = i + 1 < n
            && t.chars >= 2
            && !t.is(List::Place)
            && name_like(t)
            && sent.toks[i + 1].is(List::AdminSuffix)
            && t.pos != "ns";
        if (one_word || apart) && !t.is(List::NotPerson) {
            let start = match i.checked_sub(1).map(|k| sent.toks[k]) {
                Some(p) if p.pos == "nrt" => p.start,
                _ => t.start,
            };
            let end = if apart { sent.toks[i + 1].end } else { t.end };
            out.push(start, end, Label::Loc, Source::Rule, 0.8);
            continue;
        }
        // A place word and a place suffix: 上海 + 市, guessed word + 县.
        if i + 1 < n {
            let next = sent.toks[i + 1];
            let is_place = t.is_place(lex);
            let guessed = !t.known && t.chars >= 2;
            if (is_place && next.is(List::PlaceSuffix)) || (guessed && next.is(List::AdminSuffix)) {
                out.push(t.start, next.end, Label::Loc, Source::Rule, 0.75);
            }
        }
    }
}

/// Whether `word` starts with a one-character short form of a place or
/// a travel verb, where the short-form rules may start.
pub(super) fn short_form_cue(word: &str, lex: &Lexicon) -> bool {
    word.chars().next().is_some_and(|c| {
        lex.loc_abbrev.contains(c)
            || lex.travel_prefix.contains(c)
            || PEOPLE_ABBREV_CHARS.contains(c)
    })
}

/// Where a known place at the start of a longer word ends (中国|京剧,
/// 南亚|地区, 中国|人), in bytes: only places of the project's own list
/// of major places, of two to four characters (the longest), and not
/// when the rest of the word is a place suffix or an organisation suffix
/// whole. Of the word alone: [`super::Tok::major_place_cut`] has it
/// looked up once per word.
/// `chars` is the word's length in characters, `lists` its word lists.
pub(super) fn major_place_cut(
    word: &str,
    chars: usize,
    lists: &super::lexicon::Lists,
    lex: &Lexicon,
) -> Option<usize> {
    if chars < 3 || lists.has(List::Place) || lists.has(List::Org) {
        return None;
    }
    // Cuts after the second to the fourth character, longest first.
    let mut ends = [0; 3];
    for (e, (k, _)) in ends.iter_mut().zip(word.char_indices().skip(2)) {
        *e = k;
    }
    let cut = ends
        .into_iter()
        .rev()
        .find(|&k| k > 0 && lex.is(&word[..k], List::MajorPlace))?;
    let rest = &word[cut..];
    (!lex.is(rest, List::PlaceSuffix)
        && lex.org_suffix_of(rest).is_none_or(|s| s.len() < rest.len()))
    .then_some(cut)
}

/// The rules for one-character short forms at token `i` (中美, 访华, 中方,
/// 俄总统, 中/韩/两国): whether one took the token.
fn short_forms(sent: &Sent, lex: &Lexicon, i: usize, out: &mut Candidates) -> bool {
    let n = sent.toks.len();
    let abbrev = |c: char| lex.loc_abbrev.contains(c);
    let t = &sent.toks[i];
    let chars = super::WordChars::new(t.word);
    let each = |out: &mut Candidates, from: usize, to: usize| {
        for &(off, c) in &chars[from..to] {
            let s = t.start + off;
            out.push(s, s + c.len_utf8(), Label::Loc, Source::Rule, 0.7);
        }
    };
    let all_abbrev = |cs: &[(usize, char)]| cs.iter().all(|&(_, c)| abbrev(c));
    // 中美, 美日, 中日韩 as one word.
    if (2..=4).contains(&chars.len())
        && all_abbrev(&chars)
        && !t.is(List::Place)
        && (matches!(t.pos, "j" | "ns" | "nz") || !t.known)
    {
        each(out, 0, chars.len());
        return true;
    }
    // 中美关系, 中印关系 as one word.
    if let Some(stem) = RUN_CONFIRM.iter().find_map(|c| t.word.strip_suffix(c)) {
        let k = stem.chars().count();
        if k >= 2 && all_abbrev(&chars[..k]) {
            each(out, 0, k);
            return true;
        }
    }
    if chars.len() >= 2 {
        let (a, b) = (chars[0].1, chars[1].1);
        // 访华, 抵京, 赴美, 对美, 驻华使馆, 来华访问.
        let strong_travel = "访赴抵驻旅侵对援留离返".contains(a);
        if lex.travel_prefix.contains(a)
            && abbrev(b)
            && b != '中'
            && (b != '日' || strong_travel)
            && (chars.len() == 2 || strong_travel)
        {
            out.push(
                t.start + chars[1].0,
                t.start + chars[1].0 + b.len_utf8(),
                Label::Loc,
                Source::Rule,
                0.7,
            );
            return true;
        }
    }
    if chars.len() == 2 {
        let (a, b) = (chars[0].1, chars[1].1);
        // 中方, 美军, 华人, 华侨, 英籍.
        if PEOPLE_ABBREV_CHARS.contains(a)
            && "方军人侨裔籍资".contains(b)
            && !NOT_PEOPLE.contains(&t.word)
        {
            each(out, 0, 1);
            return true;
        }
    }
    // 俄总统, 美政府, 中外长: a short form glued to a role.
    if chars.len() >= 3 && abbrev(chars[0].1) {
        let rest = &t.word[chars[1].0..];
        if lex.is_role(rest) || rest == "政府" {
            each(out, 0, 1);
            return true;
        }
    }
    // 俄/j, 京/ns alone.
    if chars.len() == 1 && abbrev(chars[0].1) && matches!(t.pos, "j" | "ns") && chars[0].1 != '中'
    {
        out.push(t.start, t.end, Label::Loc, Source::Rule, 0.6);
        return true;
    }
    // A run of one-character short forms: 中/美, 中/韩/两国.
    if chars.len() == 1
        && abbrev(chars[0].1)
        && (i == 0 || !is_single_abbrev(&sent.toks[i - 1], lex))
    {
        let mut j = i;
        while j < n && is_single_abbrev(&sent.toks[j], lex) {
            j += 1;
        }
        let confirmed = j - i >= 2
            && (sent.toks[i..j].iter().any(|t| matches!(t.pos, "ns" | "j"))
                || RUN_CONFIRM.contains(&sent.word(j)));
        if confirmed {
            for t in &sent.toks[i..j] {
                out.push(t.start, t.end, Label::Loc, Source::Rule, 0.7);
            }
            return true;
        }
        // 在/京, 赴/美.
        if j - i == 1
            && TRAVEL_TARGETS.contains(chars[0].1)
            && i > 0
            && sent.toks[i - 1]
                .word
                .chars()
                .last()
                .is_some_and(|c| lex.travel_prefix.contains(c))
            && sent.toks[i - 1].chars == 1
        {
            out.push(t.start, t.end, Label::Loc, Source::Rule, 0.6);
        }
    }
    false
}

fn is_single_abbrev(t: &Tok, lex: &Lexicon) -> bool {
    t.chars == 1
        && t.word
            .chars()
            .next()
            .is_some_and(|c| lex.loc_abbrev.contains(c))
}
