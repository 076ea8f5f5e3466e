//! PER: a surname, a given name of one or two characters, and the context
//! around it — a role word before (部长郑健麟, CEO吕奕昊), a speech verb or a
//! role after (黄红说, 张三教授), jieba's `nr` tag, whether jieba knew the
//! word or guessed it with its HMM, and how name-like the given name is.
//! Common words jieba calls names (许可, 雷阵雨) and places (张江, 杨浦)
//! are never people.

use super::{Candidates, Label, Lexicon, Sent, Source, is_cjk};

/// Score a candidate needs to be kept.
const THRESHOLD: f32 = 0.45;

/// Characters that never start or continue a given name.
/// Surnames that are far more often function words or common morphemes
/// (和 向 由 于 …): a name starting with one needs a role word before it.
const FUNCTION_SURNAMES: &str = "和向由于任都那连但诸令受位付原以时有满行广大从把被将对在与及或也还就又很不没着过之其这每各该本此们个年月日上下中前后里外来去到给让叫比全";

/// Speech verbs jieba may glue to the last character of a name.
const GLUED_CUES: &[&str] = &["说", "称", "说道", "表示"];

const NOT_GIVEN: &str =
    "的了是在和与及或说等为对从把被将向于也都就还又很不没着过之其这那每各该本此们个年月日时";

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
        let t = sent.toks[i];
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
        // A surname with a role: 李老师, 汤局长, 李/老师.
        if let Some(surname) = lex.surname_of(t.word) {
            let rest = &t.word[surname.len()..];
            let role_after = (rest.is_empty() && lex.roles.contains(sent.word(i + 1)))
                || (!rest.is_empty()
                    && lex.roles.contains(rest)
                    && !lex.not_person.contains(t.word));
            if role_after && t.pos.starts_with("nr") && !FUNCTION_SURNAMES.contains(surname) {
                out.push(
                    t.start,
                    t.start + surname.len(),
                    Label::Per,
                    Source::Rule,
                    0.55,
                );
            }
        }
        // Start at the token's start, or inside a word jieba's HMM made up
        // (群周|梦梦 → 周梦梦).
        let starts = text[t.start..t.end]
            .char_indices()
            .map(|(k, _)| t.start + k)
            .take(if t.known || t.chars > 4 { 1 } else { t.chars });
        for p in starts {
            let Some(surname) = lex.surname_of(&text[p..]) else {
                continue;
            };
            let given_start = p + surname.len();
            let mut best: Option<(usize, f32)> = None;
            for given_len in 1..=2 {
                let Some(end) = nth_char_end(text, given_start, given_len) else {
                    break;
                };
                let given = &text[given_start..end];
                if lex.roles.contains(given) {
                    break; // 陈小姐, 郑先生: a surname and a title
                }
                if FUNCTION_SURNAMES.contains(surname) && !lex.ends_with_role(&text[..p]) {
                    break; // 和乘客, 向学昭: a function word first, not a surname
                }
                if !given.chars().all(|c| is_cjk(c) && !NOT_GIVEN.contains(c)) {
                    break;
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
                if score >= THRESHOLD && best.is_none_or(|(_, s)| score >= s) {
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
    let name = &sent.text[start..end];
    if lex.not_person.contains(name)
        || lex.places.contains(name)
        || lex.orgs.contains(name)
        || lex.roles.contains(name)
    {
        return 0.0;
    }
    let first = sent.toks[i];
    let whole_token = i == j && first.start == start && !glued;
    let mut s = 0.0;
    let nr = |pos: &str| matches!(pos, "nr" | "nrfg" | "nrt");
    if whole_token {
        match (nr(first.pos), first.known) {
            (true, false) => s += 0.45,
            (true, true) if first.chars >= 3 => s += 0.3,
            (true, true) => s += 0.15,
            // A word jieba's HMM made up, of a name's length.
            (false, false) if first.chars >= 3 => s += 0.3,
            (false, false) => s += 0.1,
            // A dictionary word that is something else (许可 vn, 熊猫 …).
            (false, true) => s -= 0.5,
        }
    } else {
        // Surname and given name split over several words, or the name
        // starting inside a made-up word: every piece must be short or
        // made up, not an ordinary word of the dictionary.
        let last = if glued { j.saturating_sub(1).max(i) } else { j };
        let pieces_ok = (i..=last).all(|k| {
            let t = sent.toks[k];
            !t.known || t.chars == 1 || nr(t.pos) || t.pos == "nz"
        });
        // Ordinary words among the pieces (梁子|墨): only with a role
        // before or a speech verb after.
        let strong_context = lex.ends_with_role(&sent.text[..start])
            || lex.person_cues.contains(sent.word(j + 1))
            || lex.roles.contains(sent.word(j + 1));
        if pieces_ok {
            s += 0.1;
        } else if !(strong_context || glued) || j - i > 1 {
            return 0.0;
        }
        if first.start < start && !lex.roles.contains(&sent.text[first.start..start]) {
            // Starts inside a word: only when that word was made up too.
            s -= 0.05;
        }
    }
    let given_chars: Vec<char> = given.chars().collect();
    s += 0.1
        * given_chars
            .iter()
            .filter(|c| lex.given_chars.contains(c))
            .count() as f32;
    if given_chars.len() == 2 {
        s += 0.1; // most Chinese names have two-character given names
    }
    if given_chars.len() == 2 && given_chars[0] == given_chars[1] {
        s += 0.15; // reduplicated given names: 梦梦, 丽丽
    }
    if given_chars.len() == 1
        && (!whole_token || !given_chars.iter().any(|c| lex.given_chars.contains(c)))
    {
        s -= 0.1;
    }
    // Context before: a role word (副部长郑健麟, CEO吕奕昊, 记者王平).
    if lex.ends_with_role(&sent.text[..start]) {
        s += 0.35;
    }
    // Context after: a speech verb, a role, or a list separator.
    let next = if glued { "" } else { sent.word(j + 1) };
    if lex.person_cues.contains(next) {
        s += 0.25;
    } else if lex.roles.contains(next) {
        s += 0.2;
    } else if matches!(next, "，" | "、" | "," | "：" | ":" | "（" | "(") || next.is_empty() {
        s += 0.05;
    }
    s
}
